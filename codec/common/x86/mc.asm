; SPDX-License-Identifier: BSD-2-Clause
;
; Motion compensation kernels (8.4.2.2). The quarter-sample positions of
; Table 8-12 are assembled from these in x86/mc_init.c:
;   mc_copy_wW     full-sample copy (G)
;   mc_h6_wW       horizontal half sample b (8-241, 8-243)
;   mc_v6_wW       vertical half sample h
;   mc_hv6_wW      centre half sample j (8-244 .. 8-246) via a 16-bit
;                  horizontal pass into a stack buffer
;   mc_*avg_wW     the three filters averaged with a second sample set in
;                  the same pass (quarter positions made of two sets)
;   mc_avg2_wW     (a + b + 1) >> 1 of two sample sets (8-250 .. 8-261)
;   mc_avg_wW      the table's avg: dst = (dst + src + 1) >> 1
;   mc_chroma_wW   eighth-sample bilinear chroma (8-266)
; All reads stay inside the window documented in common/mc.h.

%include "common/x86/x86asm.inc"

RODATA
align 32
; The 8-wide horizontal filter loads s[-2..5] into bytes 0..7 and s[3..10]
; into bytes 8..15 (so it never reads past s[W+2]); these pick the byte
; pairs (s[x-2], s[x-1]), (s[x], s[x+1]), (s[x+2], s[x+3]) for x = 0..7.
h6_shuf01: db 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 11
h6_shuf23: db 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 11, 11, 12, 12, 13
h6_shuf45: db 4, 5, 5, 6, 6, 7, 7, 11, 11, 12, 12, 13, 13, 14, 14, 15
; AVX2 16-wide: the low lane holds s[-2..13] (outputs 0..7), the high lane
; s[3..18] (outputs 8..15), so the same three pairs need other indices there.
h6y_shuf01: db 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11
h6y_shuf23: db 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13
h6y_shuf45: db 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15
pb_1_m5: times 8 db 1, -5
pb_20: times 16 db 20
pb_m5_1: times 8 db -5, 1
pw_1_m5: times 4 dw 1, -5
pw_20: times 8 dw 20
pw_m5_1: times 4 dw -5, 1
pw_16: times 8 dw 16
pw_32: times 8 dw 32
pw_512: times 8 dw 512
; mc_chroma_w8 (AVX2): per (my, mx) the pmaddubsw weight pairs
; ((8 - mx)(8 - my), mx (8 - my)) and ((8 - mx) my, mx my) (8-266)
chroma_w8_weights:
%assign cy 0
%rep 8
    %assign cx 0
    %rep 8
        dw (8 - cx) * (8 - cy) + 256 * cx * (8 - cy), (8 - cx) * cy + 256 * cx * cy
        %assign cx cx + 1
    %endrep
    %assign cy cy + 1
%endrep
pd_512: times 4 dd 512

; ---------------------------------------------------------------------------
; Width-generic loads/stores of one row: LOADW reg, mem, w / STOREW mem, reg, w
; (the same moves in either direction: STOREW is LOADW).

%macro LOADW 3
    %if %3 == 16
        movu %1, %2
    %elif %3 == 8
        movq %1, %2
    %else
        movd %1, %2
    %endif
%endmacro

%define STOREW LOADW

; STORE_OUT w, reg, avg: store the w output bytes of reg at dst (p0); with
; avg, first average them with the next row of the 16-byte-stride buffer
; at p5 (the other sample set of a quarter position, 8-250 .. 8-261).
%macro STORE_OUT 3
    %if %3
        LOADW m15, [p5], %1
        pavgb %2, m15
        add p5, 16
    %endif
    STOREW [p0], %2, %1
%endmacro

; Stack buffer of the centre position: 21 rows of 16 words (32 bytes),
; 16-byte aligned (rsp is 8 mod 16 at entry).
%define HV_TMP_SIZE (21 * 32 + 8)

INIT_XMM sse2

%macro MC_COPY 1
FUNC mc_copy_w%1
    SXD p4
    test p4d, 1             ; an odd height (not used today) copies one row first
    jz .row
    LOADW m0, [p2], %1
    STOREW [p0], m0, %1
    add p2, p3
    add p0, p1
    dec p4d
    jle .end
.row:
    LOADW m0, [p2], %1
    LOADW m1, [p2 + p3], %1
    STOREW [p0], m0, %1
    STOREW [p0 + p1], m1, %1
    lea p2, [p2 + 2 * p3]
    lea p0, [p0 + 2 * p1]
    sub p4d, 2
    jg .row
.end:
    RET
%endmacro

; mc_avg2_wW(dst, dst_stride, a, a_stride, b, h): b has a stride of 16
%macro MC_AVG2 1
FUNC mc_avg2_w%1
    SXD p5
.row:
    LOADW m0, [p2], %1
    LOADW m1, [p4], %1
    pavgb m0, m1
    STOREW [p0], m0, %1
    add p0, p1
    add p2, p3
    add p4, 16
    dec p5d
    jg .row
    RET
%endmacro

; mc_avg_wW(dst, dst_stride, src, src_stride, h)
%macro MC_AVG 1
FUNC mc_avg_w%1
    SXD p4
.row:
    %if %1 == 2
        pinsrw m0, [p0], 0
        pinsrw m1, [p2], 0
        pavgb m0, m1
        pextrw t0d, m0, 0
        mov [p0], t0w
    %else
        LOADW m0, [p0], %1
        LOADW m1, [p2], %1
        pavgb m0, m1
        STOREW [p0], m0, %1
    %endif
    add p0, p1
    add p2, p3
    dec p4d
    jg .row
    RET
%endmacro

MC_COPY 16
MC_COPY 8
MC_COPY 4
MC_AVG2 16
MC_AVG2 8
MC_AVG2 4
MC_AVG 16
MC_AVG 8
MC_AVG 4
MC_AVG 2

; ---------------------------------------------------------------------------
; 6-tap luma filter

INIT_XMM ssse3

; Constants kept in registers by the horizontal filter (SSE2: only a zero
; register, m13; AVX2: the shuffles of both 8-column halves, h6y_*).
%macro LOAD_H6_CONSTS 0
  %ifidn ISA, sse2
    pxor m13, m13
  %elif mmsize == 32
    vmovdqu m8, [h6y_shuf01]
    vmovdqu m9, [h6y_shuf23]
    vmovdqu m10, [h6y_shuf45]
    vbroadcasti128 m11, [pb_1_m5]
    vbroadcasti128 m12, [pb_20]
    vbroadcasti128 m13, [pb_m5_1]
  %else
    mova m8, [h6_shuf01]
    mova m9, [h6_shuf23]
    mova m10, [h6_shuf45]
    mova m11, [pb_1_m5]
    mova m12, [pb_20]
    mova m13, [pb_m5_1]
  %endif
%endmacro

; LOAD_CONST reg, mem: a 16-byte constant (ymm: in both lanes)
%macro LOAD_CONST 2
    %if mmsize == 32
        vbroadcasti128 %1, %2
    %else
        mova %1, %2
    %endif
%endmacro

; SIX_TAP a, b, c, d, e, f (words): a = a + f - 5 (b + e) + 20 (c + d)
; (8-241) = (a + f) + 5 * (4 (c + d) - (b + e)); b, c, e are clobbered.
; |sum| <= 20 * 510 + 510, so words hold it.
%macro SIX_TAP 6
    paddw %1, %6
    paddw %2, %5
    paddw %3, %4
    psllw %3, 2
    psubw %3, %2
    paddw %1, %3
    psllw %3, 2
    paddw %1, %3
%endmacro

; H6_WORDS dst, ptr, only4: 8 words of the unrounded horizontal 6-tap sum
; for the samples ptr[0..7] (only ptr[0..3] meaningful when only4, which also
; limits the reads to ptr[-2..6]). Scratch m4, m5.
%macro H6_WORDS 3
  %ifidn ISA, sse2
    ; six shifted loads of the row as words (m13 = 0)
    %if %3
        %define %%load movd
    %else
        %define %%load movq
    %endif
    %%load %1, [%2 - 2]
    %%load m4, [%2 - 1]
    %%load m5, [%2]
    %%load m8, [%2 + 1]
    %%load m9, [%2 + 2]
    %%load m10, [%2 + 3]
    punpcklbw %1, m13
    punpcklbw m4, m13
    punpcklbw m5, m13
    punpcklbw m8, m13
    punpcklbw m9, m13
    punpcklbw m10, m13
    SIX_TAP %1, m4, m5, m8, m9, m10
  %else
    movq %1, [%2 - 2]
    %if %3
        movd m4, [%2 + 3]
        punpcklqdq %1, m4
    %else
        movhps %1, [%2 + 3]
    %endif
    mova m4, %1
    mova m5, %1
    pshufb %1, m8
    pshufb m4, m9
    pshufb m5, m10
    pmaddubsw %1, m11
    pmaddubsw m4, m12
    pmaddubsw m5, m13
    paddw %1, m4
    paddw %1, m5
  %endif
%endmacro

; mc_h6_wW(dst, dst_stride, src, src_stride, h): b = Clip1((b1 + 16) >> 5)
; mc_h6avg_wW(..., avg16): the same averaged with the buffer avg16
; SSE2/SSSE3 and AVX2 (w = 16 only: a whole row per ymm register).
%macro MC_H6 2 ; w, avg
%if %2
FUNC mc_h6avg_w%1
%else
FUNC mc_h6_w%1
%endif
    SXD p4
    LOAD_H6_CONSTS
    LOAD_CONST m14, [pw_16]
.row:
    %if mmsize == 32
        H6_WORDS16 0, p2
    %else
        H6_WORDS m0, p2, (%1 == 4)
    %endif
    V paddw, m0, m14
    V psraw, m0, 5
    %if mmsize == 32
        STORE16_WORDS %2
    %else
        %if %1 == 16
            H6_WORDS m1, p2 + 8, 0
            paddw m1, m14
            psraw m1, 5
            packuswb m0, m1
        %else
            packuswb m0, m0
        %endif
        STORE_OUT %1, m0, %2
    %endif
    add p0, p1
    add p2, p3
    dec p4d
    jg .row
    RET
%endmacro

; mc_v6_wW(dst, dst_stride, src, src_stride, h): h = Clip1((h1 + 16) >> 5)
; Rows y-2 .. y+3 are interleaved in byte pairs and weighted by pmaddubsw.
%macro MC_V6 2 ; w, avg
%if %2
FUNC mc_v6avg_w%1
%else
FUNC mc_v6_w%1
%endif
    SXD p4
    %ifidn ISA, sse2
        pxor m13, m13
    %else
        mova m11, [pb_1_m5]
        mova m12, [pb_20]
        mova m13, [pb_m5_1]
    %endif
    mova m14, [pw_16]
    mov t0, p2
    sub t0, p3
    sub t0, p3              ; row y - 2
    lea t1, [3 * p3]
.row:
    lea t2, [t0 + 4 * p3]
    LOADW m0, [t0], %1
    LOADW m1, [t0 + p3], %1
    LOADW m2, [t0 + 2 * p3], %1
    LOADW m3, [t0 + t1], %1
    LOADW m4, [t2], %1
    LOADW m5, [t2 + p3], %1
  %ifidn ISA, sse2
    %if %1 == 16
        ; high half in m6, m7, m12, m9, m10, m11 (m8 is free, m13 = 0)
        mova m6, m0
        mova m7, m1
        mova m12, m2
        mova m9, m3
        mova m10, m4
        mova m11, m5
        punpckhbw m6, m13
        punpckhbw m7, m13
        punpckhbw m12, m13
        punpckhbw m9, m13
        punpckhbw m10, m13
        punpckhbw m11, m13
        SIX_TAP m6, m7, m12, m9, m10, m11
        paddw m6, m14
        psraw m6, 5
    %endif
    punpcklbw m0, m13
    punpcklbw m1, m13
    punpcklbw m2, m13
    punpcklbw m3, m13
    punpcklbw m4, m13
    punpcklbw m5, m13
    SIX_TAP m0, m1, m2, m3, m4, m5
    paddw m0, m14
    psraw m0, 5
  %else
    %if %1 == 16
        mova m6, m0
        punpckhbw m6, m1
        mova m7, m2
        punpckhbw m7, m3
        mova m9, m4
        punpckhbw m9, m5
        pmaddubsw m6, m11
        pmaddubsw m7, m12
        pmaddubsw m9, m13
        paddw m6, m7
        paddw m6, m9
        paddw m6, m14
        psraw m6, 5
    %endif
    punpcklbw m0, m1
    punpcklbw m2, m3
    punpcklbw m4, m5
    pmaddubsw m0, m11
    pmaddubsw m2, m12
    pmaddubsw m4, m13
    paddw m0, m2
    paddw m0, m4
    paddw m0, m14
    psraw m0, 5
  %endif
    %if %1 == 16
        packuswb m0, m6
    %else
        packuswb m0, m0
    %endif
    STORE_OUT %1, m0, %2
    add t0, p3
    add p0, p1
    dec p4d
    jg .row
    RET
%endmacro

; V6_WORDS off: rows y .. y+5 of the 16-bit buffer at t2 (32-byte rows),
; columns off/2 .. off/2+7 (xmm; ymm: all 16 columns, off 0) -> m0 = the
; words Clip-ready ((j1 + 512) >> 10). Uses m0-m4; m11-m14 hold the word
; weights and the rounding constant. SSE2/SSSE3 and AVX2.
; One pair of taps: rows at off and off+32 interleaved and multiplied by the
; word weights in %3, low half -> %1, high half -> %2 (uses m3 as scratch).
%macro V6_TAP_PAIR 4 ; lo, hi, weights, off
    %if mmsize == 32
        vmovdqu %1, [t2 + %4]
        vmovdqu m3, [t2 + %4 + 32]
        vpunpckhwd %2, %1, m3
        vpunpcklwd %1, %1, m3
    %else
        mova %1, [t2 + %4]
        mova m3, [t2 + %4 + 32]
        mova %2, %1
        punpcklwd %1, m3
        punpckhwd %2, m3
    %endif
    V pmaddwd, %1, %3
    V pmaddwd, %2, %3
%endmacro

%macro V6_WORDS 1
    V6_TAP_PAIR m0, m2, m11, %1
    V6_TAP_PAIR m1, m4, m12, %1 + 64
    V paddd, m0, m1
    V paddd, m2, m4
    V6_TAP_PAIR m1, m4, m13, %1 + 128
    V paddd, m0, m1
    V paddd, m2, m4
    V paddd, m0, m14
    V paddd, m2, m14
    V psrad, m0, 10
    V psrad, m2, 10
    V packssdw, m0, m2
%endmacro

; mc_hv6_wW(dst, dst_stride, src, src_stride, h): pass 1 stores the
; unrounded horizontal sums of rows -2 .. h+2 in a stack buffer (32-byte
; rows); pass 2 filters them vertically in 32 bit. SSE2/SSSE3 and AVX2
; (w = 16 only: a whole row per ymm register).
%macro MC_HV6 2 ; w, avg
%if %2
FUNC mc_hv6avg_w%1
%else
FUNC mc_hv6_w%1
%endif
    SXD p4
    sub rsp, HV_TMP_SIZE
    LOAD_H6_CONSTS
    mov t0, p2
    sub t0, p3
    sub t0, p3
    lea t1d, [p4 + 5]
    mov t2, rsp
.hpass:
    %if mmsize == 32
        H6_WORDS16 0, t0
        vmovdqu [t2], m0
    %else
        H6_WORDS m0, t0, (%1 == 4)
        mova [t2], m0
        %if %1 == 16
            H6_WORDS m1, t0 + 8, 0
            mova [t2 + 16], m1
        %endif
    %endif
    add t0, p3
    add t2, 32
    dec t1d
    jg .hpass
    LOAD_CONST m11, [pw_1_m5]
    LOAD_CONST m12, [pw_20]
    LOAD_CONST m13, [pw_m5_1]
    LOAD_CONST m14, [pd_512]
    mov t2, rsp
.vpass:
    V6_WORDS 0
    %if mmsize == 32
        STORE16_WORDS %2
    %elif %1 == 16
        mova m6, m0
        V6_WORDS 16
        packuswb m6, m0
        STORE_OUT 16, m6, %2
    %else
        packuswb m0, m0
        STORE_OUT %1, m0, %2
    %endif
    add t2, 32
    add p0, p1
    dec p4d
    jg .vpass
    add rsp, HV_TMP_SIZE
    RET
%endmacro

; The luma kernels in SSE2 (SIX_TAP on words) and SSSE3 (pmaddubsw).
%assign mc_luma_isa 0
%rep 2
%if mc_luma_isa == 0
INIT_XMM sse2
%else
INIT_XMM ssse3
%endif
%assign mc_avg_pass 0
%rep 2
    MC_H6 16, mc_avg_pass
    MC_H6 8, mc_avg_pass
    MC_H6 4, mc_avg_pass
    MC_V6 16, mc_avg_pass
    MC_V6 8, mc_avg_pass
    MC_V6 4, mc_avg_pass
    MC_HV6 16, mc_avg_pass
    MC_HV6 8, mc_avg_pass
    MC_HV6 4, mc_avg_pass
    %assign mc_avg_pass mc_avg_pass + 1
%endrep
%assign mc_luma_isa mc_luma_isa + 1
%endrep

; ---------------------------------------------------------------------------
; Chroma (8.4.2.2.2): ((8-x)(8-y) A + x(8-y) B + (8-x)y C + xy D + 32) >> 6.
; Rows are loaded as byte pairs (s[i], s[i+1]) so one pmaddubsw applies the
; two horizontal weights; W+1 columns and h+1 rows are read.

; CHROMA_W4_STORE2 sum, round: the end of a two-row pass of the 4-wide
; chroma filter (8-266): (sum + round) >> 6 (round = 32 in words) as bytes
; to rows y and y+1, then carry the last row (m2) over to m0 and loop to
; .row2 while rows remain.
%macro CHROMA_W4_STORE2 2
    paddw %1, %2
    psrlw %1, 6
    packuswb %1, %1
    movd [p0], %1
    psrlq %1, 32
    movd [p0 + p1], %1
    mova m0, m2
    lea p0, [p0 + 2 * p1]
    sub p4d, 2
    jg .row2
    RET
%endmacro

; CHROMA_WEIGHT_PAIRS: from mx (p5d) and my (stack): with the horizontal
; pair u = (8 - mx) | mx << 8 (two bytes), t1d = (8 - my) * u (the weights
; of A, B) and p5d = my * u (C, D); t0d = my.
%macro CHROMA_WEIGHT_PAIRS 0
    mov t0d, STACK_ARG(6)   ; my
    mov t1d, 8
    sub t1d, p5d            ; 8 - mx
    mov t2d, 8
    sub t2d, t0d            ; 8 - my
    shl p5d, 8
    or p5d, t1d             ; u
    mov t1d, p5d
    imul t1d, t2d
    imul p5d, t0d
%endmacro

; BROADCAST_W reg, gpr32: the low word of gpr32 in all 8 words (xmm)
%macro BROADCAST_W 2
    movd %1, %2
    pshuflw %1, %1, 0
    punpcklqdq %1, %1
%endmacro

; LOAD_ROW_NEXT dst, ptr, w: the w samples at ptr into dst, those at ptr + 1
; into m4 (w = 8 or 4)
%macro LOAD_ROW_NEXT 3
    %if %3 == 8
        movq %1, [%2]
        movq m4, [%2 + 1]
    %else
        movd %1, [%2]
        movd m4, [%2 + 1]
    %endif
%endmacro

; LOAD_PAIRS dst, ptr, w (scratch m4)
%macro LOAD_PAIRS 3
    %if %3 >= 4
        LOAD_ROW_NEXT %1, %2, %3
    %else
        pinsrw %1, [%2], 0
        pinsrw m4, [%2 + 1], 0
    %endif
    punpcklbw %1, m4
%endmacro

; mc_chroma_wW(dst, dst_stride, src, src_stride, h, mx, my)
%macro MC_CHROMA 1
FUNC mc_chroma_w%1
    SXD p4
    CHROMA_WEIGHT_PAIRS
    BROADCAST_W m6, t1d
    BROADCAST_W m7, p5d
    mova m5, [pw_32]
    LOAD_PAIRS m0, p2, %1
%if %1 == 4
    ; two rows per pass (heights are even): [row y | row y+1] against
    ; [row y+1 | row y+2] fill one register each
.row2:
    add p2, p3
    LOAD_PAIRS m1, p2, 4
    add p2, p3
    LOAD_PAIRS m2, p2, 4
    mova m3, m0
    punpcklqdq m3, m1
    mova m8, m1
    punpcklqdq m8, m2
    pmaddubsw m3, m6
    pmaddubsw m8, m7
    paddw m3, m8
    CHROMA_W4_STORE2 m3, m5
%else
.row:
    add p2, p3
    LOAD_PAIRS m1, p2, %1
    mova m2, m0
    mova m3, m1
    pmaddubsw m2, m6
    pmaddubsw m3, m7
    paddw m2, m3
    paddw m2, m5
    psrlw m2, 6
    packuswb m2, m2
    %if %1 == 2
        pextrw t0d, m2, 0
        mov [p0], t0w
    %else
        STOREW [p0], m2, %1
    %endif
    mova m0, m1
    add p0, p1
    dec p4d
    jg .row
    RET
%endif
%endmacro

MC_CHROMA 8
MC_CHROMA 4
MC_CHROMA 2

; ---------------------------------------------------------------------------
; AVX2, 16-wide luma: one ymm register holds the 16 outputs of a row (the
; low lane columns 0..7, the high lane 8..15).

INIT_YMM avx2

; H6_WORDS16 n, ptr: ymm n = the 16 unrounded horizontal sums at ptr[0..15]
; from two 16-byte loads, ptr[-2..13] and ptr[3..18] (the window's ends).
; Scratch ymm4, ymm5.
%macro H6_WORDS16 2
    vmovdqu xmm%1, [%2 - 2]
    vinserti128 ymm%1, ymm%1, [%2 + 3], 1
    vpshufb ymm4, ymm%1, m9
    vpshufb ymm5, ymm%1, m10
    vpshufb ymm%1, ymm%1, m8
    vpmaddubsw ymm%1, ymm%1, m11
    vpmaddubsw ymm4, ymm4, m12
    vpmaddubsw ymm5, ymm5, m13
    vpaddw ymm%1, ymm%1, ymm4
    vpaddw ymm%1, ymm%1, ymm5
%endmacro

; Store the 16 words of ymm0 as bytes (unsigned saturation) at dst (p0),
; averaged with the 16-byte-stride buffer at p5 when %1 (then p5 advances).
%macro STORE16_WORDS 1
    vextracti128 xmm1, ymm0, 1
    vpackuswb xmm0, xmm0, xmm1
    %if %1
        vpavgb xmm0, xmm0, [p5]
        add p5, 16
    %endif
    vmovdqu [p0], xmm0
%endmacro

; Vertical: rows widened to words, 20 (c + d) - 5 (b + e) + (a + f) as
; 5 * (4 (c + d) - (b + e)) + (a + f), all within int16. Two output rows per
; iteration share seven source rows (heights are even).
; V6_SUM dst, a, b, c, d, e, f (word registers; m15 scratch, m14 = 16)
%macro V6_SUM 7
    vpaddw %1, %4, %5
    vpsllw %1, %1, 2
    vpaddw m15, %3, %6
    vpsubw %1, %1, m15
    vpsllw m15, %1, 2
    vpaddw %1, %1, m15
    vpaddw m15, %2, %7
    vpaddw %1, %1, m15
    vpaddw %1, %1, m14
    vpsraw %1, %1, 5
%endmacro

%macro MC_V6_AVX2 1 ; avg
%if %1
FUNC mc_v6avg_w16
%else
FUNC mc_v6_w16
%endif
    SXD p4
    vbroadcasti128 m14, [pw_16]
    mov t0, p2
    sub t0, p3
    sub t0, p3
    lea t1, [3 * p3]
.row2:
    lea t2, [t0 + 4 * p3]
    vpmovzxbw m0, [t0]
    vpmovzxbw m1, [t0 + p3]
    vpmovzxbw m2, [t0 + 2 * p3]
    vpmovzxbw m3, [t0 + t1]
    vpmovzxbw m4, [t2]
    vpmovzxbw m5, [t2 + p3]
    vpmovzxbw m6, [t2 + 2 * p3]
    V6_SUM m7, m0, m1, m2, m3, m4, m5   ; row y
    V6_SUM m0, m1, m2, m3, m4, m5, m6   ; row y + 1
    vpackuswb m7, m7, m0
    vpermq m7, m7, 0xD8                 ; row y | row y + 1
    vextracti128 xm0, m7, 1
    %if %1
        vpavgb xm7, xm7, [p5]
        vpavgb xm0, xm0, [p5 + 16]
        add p5, 32
    %endif
    vmovdqu [p0], xm7
    vmovdqu [p0 + p1], xm0
    lea t0, [t0 + 2 * p3]
    lea p0, [p0 + 2 * p1]
    sub p4d, 2
    jg .row2
    RET
%endmacro

MC_H6 16, 0
MC_H6 16, 1
MC_V6_AVX2 0
MC_V6_AVX2 1
MC_HV6 16, 0
MC_HV6 16, 1

; mc_chroma_w8 (AVX2): four output rows per pass. Each row's byte pairs
; (s[x], s[x+1]) are loaded once; rows y | y+1 against the (A, B) weights
; and y+1 | y+2 against (C, D) fill one register each, so one pmaddubsw
; applies a weight pair to two rows; pmulhrsw by 512 is (sum + 32) >> 6.
; The weight pairs come from a table by (my, mx). A full-sample vector
; (mx = my = 0: the P_Skip test's zero vector and static areas, 40% of the
; encoder's calls at low rates) is a plain copy of 8-byte rows. Heights are
; 8 or 4.
%macro CHROMA_PAIRS8 2 ; xmm dst, address: the 8 byte pairs of one row (scratch xm8)
    vmovq %1, [%2]
    vmovq xm8, [%2 + 1]
    vpunpcklbw %1, %1, xm8
%endmacro

FUNC mc_chroma_w8
    SXD p4
    mov t0d, STACK_ARG(6)
    shl t0d, 3
    add t0d, p5d                ; 8 * my + mx
    jz .copy
    lea t1, [chroma_w8_weights]
    vpbroadcastw m6, [t1 + 4 * t0]     ; (A, B)
    vpbroadcastw m7, [t1 + 4 * t0 + 2] ; (C, D)
    vbroadcasti128 m5, [pw_512]
    lea t0, [3 * p3]
    lea t1, [3 * p1]
    CHROMA_PAIRS8 xm0, p2       ; row 0
.row4:
    CHROMA_PAIRS8 xm1, p2 + p3
    CHROMA_PAIRS8 xm2, p2 + 2 * p3
    CHROMA_PAIRS8 xm3, p2 + t0
    lea p2, [p2 + 4 * p3]
    CHROMA_PAIRS8 xm4, p2       ; rows y + 1 .. y + 4
    vinserti128 m0, m0, xm1, 1  ; y | y + 1
    vinserti128 m1, m1, xm2, 1  ; y + 1 | y + 2
    vinserti128 m2, m2, xm3, 1  ; y + 2 | y + 3
    vinserti128 m3, m3, xm4, 1  ; y + 3 | y + 4
    vpmaddubsw m0, m0, m6
    vpmaddubsw m1, m1, m7
    vpmaddubsw m2, m2, m6
    vpmaddubsw m3, m3, m7
    vpaddw m0, m0, m1           ; rows y | y + 1
    vpaddw m2, m2, m3           ; rows y + 2 | y + 3
    vpmulhrsw m0, m0, m5
    vpmulhrsw m2, m2, m5
    vpackuswb m0, m0, m2        ; lane 0: rows y, y + 2; lane 1: y + 1, y + 3
    vextracti128 xm1, m0, 1
    vmovq [p0], xm0
    vmovq [p0 + p1], xm1
    vmovhps [p0 + 2 * p1], xm0
    vmovhps [p0 + t1], xm1
    lea p0, [p0 + 4 * p1]
    vmovdqa xm0, xm4
    sub p4d, 4
    jg .row4
    RET
.copy:
    lea t1, [3 * p3]
    lea t2, [3 * p1]
.copy4:
    mov t0, [p2]
    mov p5, [p2 + p3]
    mov [p0], t0
    mov [p0 + p1], p5
    mov t0, [p2 + 2 * p3]
    mov p5, [p2 + t1]
    mov [p0 + 2 * p1], t0
    mov [p0 + t2], p5
    lea p2, [p2 + 4 * p3]
    lea p0, [p0 + 4 * p1]
    sub p4d, 4
    jg .copy4
    ret

; ---------------------------------------------------------------------------
; SSE2 chroma (no pmaddubsw): each row's horizontal sum
; H = (8 - mx) * s[x] + mx * s[x+1] in words, then
; ((8 - my) * H(y) + my * H(y+1) + 32) >> 6 (8-266; the sums stay below
; 64 * 255, so 16 bits hold them exactly).

INIT_XMM sse2

; CHROMA_ROW_H dst, ptr, w: H of the row at ptr (scratch m4, m11 = 0)
%macro CHROMA_ROW_H 3
    %if %3 >= 4
        LOAD_ROW_NEXT %1, %2, %3
    %else
        movzx t1d, word [%2]
        movd %1, t1d
        movzx t1d, word [%2 + 1]
        movd m4, t1d
    %endif
    punpcklbw %1, m11
    punpcklbw m4, m11
    pmullw %1, m6
    pmullw m4, m7
    paddw %1, m4
%endmacro

; mc_chroma_wW(dst, dst_stride, src, src_stride, h, mx, my)
%macro MC_CHROMA_SSE2 1
FUNC mc_chroma_w%1
    mov t0d, STACK_ARG(6)   ; my
    BROADCAST_W m7, p5d     ; mx
    BROADCAST_W m9, t0d     ; my
    mov t1d, 8
    sub t1d, p5d
    BROADCAST_W m6, t1d     ; 8 - mx
    mov t1d, 8
    sub t1d, t0d
    BROADCAST_W m8, t1d     ; 8 - my
    mova m10, [pw_32]
    pxor m11, m11
    CHROMA_ROW_H m0, p2, %1
%if %1 == 4
    ; two rows per pass (heights are even), as in the SSSE3 version
.row2:
    add p2, p3
    CHROMA_ROW_H m1, p2, 4
    add p2, p3
    CHROMA_ROW_H m2, p2, 4
    mova m12, m0
    punpcklqdq m12, m1      ; H(y) | H(y+1)
    mova m13, m1
    punpcklqdq m13, m2      ; H(y+1) | H(y+2)
    pmullw m12, m8
    pmullw m13, m9
    paddw m12, m13
    CHROMA_W4_STORE2 m12, m10
%else
.row:
    add p2, p3
    CHROMA_ROW_H m1, p2, %1
    mova m2, m0
    pmullw m2, m8
    mova m0, m1
    pmullw m1, m9
    paddw m2, m1
    paddw m2, m10
    psrlw m2, 6
    packuswb m2, m2
    %if %1 == 2
        movd t1d, m2
        mov [p0], t1w
    %else
        STOREW [p0], m2, %1
    %endif
    add p0, p1
    dec p4d
    jnz .row
    RET
%endif
%endmacro

MC_CHROMA_SSE2 8
MC_CHROMA_SSE2 4
MC_CHROMA_SSE2 2

END_FUNCS
