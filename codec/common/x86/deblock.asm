; SPDX-License-Identifier: BSD-2-Clause
;
; Deblocking edge filters (8.7.2.3 bS < 4, 8.7.2.4 bS = 4), see
; common/deblock.h. Eight lines of an edge are filtered at a time in 16-bit
; lanes: a horizontal edge (*_h) loads its rows directly, a vertical edge
; (*_v) transposes an 8x8 (luma) or 8x4 (chroma) byte block first. The
; luma vertical-edge loads read p3 and q3 too (they exist for every edge
; that is filtered); stores write only what the filter may change, except
; luma_intra_v, which rewrites p3/q3 with their unchanged values.
; The red zone below rsp holds temporaries (these are leaf functions).
; The filter cores are written once with the V/VX helpers: SSE2 and SSSE3
; run them on 8 lines in xmm registers, AVX2 on all 16 luma lines in ymm registers.

%include "common/x86/x86asm.inc"

RODATA
align 32
pw_2: times 16 dw 2
pw_m1: times 16 dw -1
pw_4: times 16 dw 4
pw_255: times 16 dw 255
; chroma pair lines (p1 p0 q0 q1) -> the (p1 p0) words of 4 lines, then the (q0 q1) words
pb_pair_split: times 2 db 0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15
; bytes 0..7 and 8..15 (p0 and q0, or p1 and p0, ...) -> their pairs of lines 0..7
pb_p0q0_lines: times 2 db 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15

INIT_XMM ssse3

; V3 op, dst, a, b: dst = a op b, one VEX instruction (SSE: a copied to dst
; first; dst must differ from b)
%macro V3 4
    %if use_vex
        v%1 %2, %3, %4
    %else
        %ifnidn %2, %3
            mova %2, %3
        %endif
        %1 %2, %4
    %endif
%endmacro

; ABSDIFF dst, a, b: dst = |a - b| (words; dst differs from a and b).
; SSE2 has no pabsw: max(a - b, b - a) with b - a parked in the red zone.
%define ABS_SLOT rsp - 104
%macro ABSDIFF 3
    %ifidn ISA, sse2
        mova %1, %3
        psubw %1, %2
        mova [ABS_SLOT], %1
        mova %1, %2
        psubw %1, %3
        pmaxsw %1, [ABS_SLOT]
    %else
        V3 psubw, %1, %2, %3
        VX pabsw, %1, %1
    %endif
%endmacro

; LT_MASK dst, thr, x: dst = thr > x ? -1 : 0 (words)
%macro LT_MASK 3
    V3 pcmpgtw, %1, %2, %3
%endmacro

; BLEND dst, src, mask: dst = mask ? src : dst (src is destroyed)
%macro BLEND 3
    V pxor, %2, %1
    V pand, %2, %3
    V pxor, %1, %2
%endmacro

; SPLATW_GPR n, gpr32: all words of register n = the low word of gpr32
%macro SPLATW_GPR 2
    %if mmsize == 32
        vmovd xm%1, %2
        vpbroadcastw m%1, xm%1
    %else
        VX movd, m%1, %2
        VX pshuflw, m%1, m%1, 0
        V punpcklqdq, m%1, m%1
    %endif
%endmacro

; Red-zone slots of the intra core (16-byte aligned at entry, 32 bytes each)
%define P1_SLOT rsp - 40
%define P0_SLOT rsp - 72

; FILTER_MASK dst, s1, s2: |p0-q0| < alpha && |p1-p0| < beta && |q1-q0| < beta
; (8-460; m10 p1, m11 p0, m12 q0, m13 q1, m8 alpha, m15 beta)
%macro FILTER_MASK 3
    ABSDIFF %2, m11, m12
    LT_MASK %1, m8, %2
    ABSDIFF %2, m10, m11
    LT_MASK %3, m15, %2
    V pand, %1, %3
    ABSDIFF %2, m13, m12
    LT_MASK %3, m15, %2
    V pand, %1, %3
%endmacro

; NEGW dst, src: dst = -src (words; dst differs from src)
%macro NEGW 2
    %if use_vex
        vpsignw %1, %2, [pw_m1]
    %else
        pxor %1, %1
        psubw %1, %2
    %endif
%endmacro

; The bS < 4 delta (8-475): Clip3(-tc, tc, ((q0 - p0) * 4 + (p1 - q1) + 4) >> 3)
; into m0, for tc in %1 (>= 0); scratch m1.
%macro DELTA 1
    V3 psubw, m0, m12, m11
    V psllw, m0, 2
    V paddw, m0, m10
    V psubw, m0, m13
    V paddw, m0, [pw_4]
    V psraw, m0, 3
    V pminsw, m0, %1
    NEGW m1, %1
    V pmaxsw, m0, m1
%endmacro

; Luma bS < 4 on words m9 p2, m10 p1, m11 p0, m12 q0, m13 q1, m14 q2 with
; m8 alpha, m15 beta, m7 tc0 (-1: segment untouched). Updates m10..m13.
%macro LUMA_NORMAL_CORE 0
    FILTER_MASK m6, m0, m1
    %if use_vex
        vpsraw m2, m7, 15 ; -1 where tc0 = -1
        vpandn m6, m2, m6 ; filterSamplesFlag
    %else
        pcmpeqw m1, m1
        V3 pcmpgtw, m2, m7, m1 ; tc0 >= 0
        pand m6, m2 ; filterSamplesFlag
    %endif
    ABSDIFF m0, m9, m11
    LT_MASK m4, m15, m0
    V pand, m4, m6 ; ap (8-471), filtered lines only
    ABSDIFF m0, m14, m12
    LT_MASK m5, m15, m0
    V pand, m5, m6 ; aq
    V3 psubw, m3, m7, m4
    V psubw, m3, m5 ; tc = tc0 + ap + aq (8-473)
    V pand, m3, m6 ; 0 on unfiltered lines: delta 0
    DELTA m3
    V3 pavgw, m2, m11, m12 ; (p0 + q0 + 1) >> 1 (unsigned words)
    V3 paddw, m1, m9, m2
    V psraw, m1, 1
    V psubw, m1, m10 ; (p2 + avg - 2 p1) >> 1 = ((p2 + avg) >> 1) - p1
    NEGW m3, m7 ; -tc0
    V pminsw, m1, m7
    V pmaxsw, m1, m3
    V pand, m1, m4 ; p1 change (8-479)
    V paddw, m2, m14
    V psraw, m2, 1
    V psubw, m2, m13
    V pminsw, m2, m7
    V pmaxsw, m2, m3
    V pand, m2, m5 ; q1 change (8-481)
    V paddw, m10, m1
    V paddw, m13, m2
    V paddw, m11, m0 ; p0 + delta, clipped by the final pack
    V psubw, m12, m0
%endmacro

; One side of the bS = 4 filter (8.7.2.4), written for the p side: %1..%4 =
; x3 x2 x1 x0 of this side, %5 %6 = y0 y1 of the other side (original
; values), %7 = this side's strong-filter mask, m5 = filterSamplesFlag.
; Updates %2..%4; scratch m0..m4.
%macro INTRA_SIDE 7
    V3 paddw, m0, %3, %4
    V paddw, m0, %5 ; x1 + x0 + y0
    V3 paddw, m1, %2, m0
    V paddw, m1, [pw_2]
    V psraw, m1, 2 ; x'1
    V3 paddw, m2, m0, m0
    V paddw, m2, %2
    V paddw, m2, %6
    V paddw, m2, [pw_4]
    V psraw, m2, 3 ; x'0 strong
    V3 paddw, m3, %1, %1
    V paddw, m3, %2
    V paddw, m3, %2
    V paddw, m3, %2
    V paddw, m3, m0
    V paddw, m3, [pw_4]
    V psraw, m3, 3 ; x'2
    V3 paddw, m4, %3, %3
    V paddw, m4, %4
    V paddw, m4, %6
    V paddw, m4, [pw_2]
    V psraw, m4, 2 ; x'0 weak
    BLEND %2, m3, %7
    BLEND %3, m1, %7
    BLEND %4, m4, m5
    BLEND %4, m2, %7
%endmacro

; Luma bS = 4 (8.7.2.4) on words m8..m15 = p3 p2 p1 p0 q0 q1 q2 q3, alpha in
; p2d, beta in p3d. Updates m9..m14.
%macro LUMA_INTRA_CORE 0
    SPLATW_GPR 0, p2d
    SPLATW_GPR 1, p3d
    ABSDIFF m2, m11, m12
    LT_MASK m5, m0, m2
    ABSDIFF m3, m10, m11
    LT_MASK m4, m1, m3
    V pand, m5, m4
    ABSDIFF m3, m13, m12
    LT_MASK m4, m1, m3
    V pand, m5, m4 ; filterSamplesFlag
    V psraw, m0, 2
    V paddw, m0, [pw_2]
    V pcmpgtw, m0, m2 ; |p0 - q0| < (alpha >> 2) + 2
    V pand, m0, m5
    ABSDIFF m3, m9, m11
    LT_MASK m6, m1, m3
    V pand, m6, m0 ; strong filter on the p side
    ABSDIFF m3, m14, m12
    LT_MASK m7, m1, m3
    V pand, m7, m0 ; strong filter on the q side
    movu [P1_SLOT], m10     ; original p1, p0 for the q side
    movu [P0_SLOT], m11
    INTRA_SIDE m8, m9, m10, m11, m12, m13, m6 ; p side (8-485 .. 8-488)
    INTRA_SIDE m15, m14, m13, m12, [P0_SLOT], [P1_SLOT], m7 ; q side (8-492 .. 8-495)
%endmacro

; Chroma bS < 4: m10 p1, m11 p0, m12 q0, m13 q1, m8 alpha, m15 beta,
; m7 tc0 words. tc = tc0 + 1 (8.7.2.3, chromaStyleFilteringFlag).
%macro CHROMA_NORMAL_CORE 0
    FILTER_MASK m6, m0, m1
    V pcmpeqw, m1, m1
    V3 pcmpgtw, m2, m7, m1
    V pand, m6, m2
    V3 psubw, m3, m7, m1 ; tc0 + 1
    V pand, m3, m6
    DELTA m3
    V paddw, m11, m0
    V psubw, m12, m0
%endmacro

; Chroma bS = 4: p'0 = (2 p1 + p0 + q1 + 2) >> 2, q'0 likewise (8-490, 8-497)
%macro CHROMA_INTRA_CORE 0
    FILTER_MASK m6, m0, m1
    V3 paddw, m0, m10, m10
    V paddw, m0, m11
    V paddw, m0, m13
    V paddw, m0, [pw_2]
    V psraw, m0, 2
    V3 paddw, m1, m13, m13
    V paddw, m1, m12
    V paddw, m1, m10
    V paddw, m1, [pw_2]
    V psraw, m1, 2
    BLEND m11, m0, m6
    BLEND m12, m1, m6
%endmacro

; ---------------------------------------------------------------------------
; Loads and stores

; alpha/beta words into m8/m15 (alpha p2d, beta p3d)
%macro LOAD_ALPHA_BETA 0
    SPLATW_GPR 8, p2d
    SPLATW_GPR 15, p3d
%endmacro

; Luma tc0 words for lines 8*%1 .. 8*%1+7 into m7 (tc0 pointer p4)
%macro LOAD_LUMA_TC0 1
    movd m7, [p4]
    punpcklbw m7, m7
    punpcklwd m7, m7
    %if %1 == 0
        punpcklbw m7, m7
    %else
        punpckhbw m7, m7
    %endif
    psraw m7, 8
%endmacro

%macro LOAD_CHROMA_TC0 0
    movd m7, [p4]
    punpcklbw m7, m7
    punpcklbw m7, m7
    psraw m7, 8
%endmacro

; LOAD_ROW_W dst, mem: 8 bytes widened to words (m0 = 0)
%macro LOAD_ROW_W 2
    movq %1, %2
    punpcklbw %1, m0
%endmacro

; STORE_ROW_W mem, src: words packed to 8 bytes
%macro STORE_ROW_W 2
    packuswb %2, %2
    movq %1, %2
%endmacro

; Transpose the 8x8 bytes in the low halves of m0..m7 (rows 0..7) into
; m0 = [col0 | col1], m2 = [col2 | col3], m1 = [col4 | col5], m5 = [col6 | col7].
%macro TRANSPOSE8x8B 0
    V punpcklbw, xm0, xm1
    V punpcklbw, xm2, xm3
    V punpcklbw, xm4, xm5
    V punpcklbw, xm6, xm7
    mova xm1, xm0
    V punpcklwd, xm0, xm2
    V punpckhwd, xm1, xm2
    mova xm3, xm4
    V punpcklwd, xm4, xm6
    V punpckhwd, xm3, xm6
    mova xm2, xm0
    V punpckldq, xm0, xm4
    V punpckhdq, xm2, xm4
    mova xm5, xm1
    V punpckldq, xm1, xm3
    V punpckhdq, xm5, xm3
%endmacro

; UNPACK_PAIR lo, hi, src, zero: words of the low and high 8 bytes of src
%macro UNPACK_PAIR 4
    mova %1, %3
    punpcklbw %1, %4
    punpckhbw %3, %4
    mova %2, %3
%endmacro

; LOAD_8LINES op: m0..m7 = op of lines 0..7 at t1 (stride p1, t0 = 3 * p1);
; sets t2 = line 4
%macro LOAD_8LINES 1
    lea t2, [t1 + 4 * p1]
    %1 m0, [t1]
    %1 m1, [t1 + p1]
    %1 m2, [t1 + 2 * p1]
    %1 m3, [t1 + t0]
    %1 m4, [t2]
    %1 m5, [t2 + p1]
    %1 m6, [t2 + 2 * p1]
    %1 m7, [t2 + t0]
%endmacro

; STORE_4LINES base, reg: the 4 dwords of reg to lines 0..3 at base (clobbers reg)
%macro STORE_4LINES 2
    movd [%1], %2
    psrldq %2, 4
    movd [%1 + p1], %2
    psrldq %2, 4
    movd [%1 + 2 * p1], %2
    psrldq %2, 4
    movd [%1 + t0], %2
%endmacro

; SPLIT_PAIR lo, hi, pair, mask: the low and high bytes of the pair words
; (mask = pw_255; pair is destroyed)
%macro SPLIT_PAIR 4
    mova %1, %3
    pand %1, %4
    psrlw %3, 8
    mova %2, %3
%endmacro

; Eight lines p3..q3 at t1 (= pix - 4 of line 0), stride p1, t0 = 3 * stride,
; as words in m8..m15: a transpose of the 16-bit sample pairs (p3 p2),
; (p1 p0), (q0 q1), (q2 q3), split by mask and shift.
%macro LOAD_V8x8 0
    LOAD_8LINES movq
    punpcklwd m0, m1        ; sample pair words of lines 0, 1 interleaved
    punpcklwd m2, m3
    punpcklwd m4, m5
    punpcklwd m6, m7
    mova m1, m0
    punpckldq m0, m2        ; pairs 0, 1 of lines 0..3
    punpckhdq m1, m2        ; pairs 2, 3
    mova m5, m4
    punpckldq m4, m6        ; lines 4..7
    punpckhdq m5, m6
    mova m2, m0
    punpcklqdq m0, m4       ; (p3 p2) of lines 0..7
    punpckhqdq m2, m4       ; (p1 p0)
    mova m3, m1
    punpcklqdq m1, m5       ; (q0 q1)
    punpckhqdq m3, m5       ; (q2 q3)
    mova m7, [pw_255]
    SPLIT_PAIR m8, m9, m0, m7
    SPLIT_PAIR m10, m11, m2, m7
    SPLIT_PAIR m12, m13, m1, m7
    SPLIT_PAIR m14, m15, m3, m7
%endmacro

; The bS < 4 luma load of 8 lines: p2 p1 p0 q0 q1 q2 as words m9..m14 from
; t1 = pix - 2 of line 0, p2 from a dword at pix - 6 (see LOAD_V16x6).
%macro LOAD_V8x6 0
    LOAD_8LINES movq        ; from p1 on; t2 = line 4
    punpcklwd m0, m1
    punpcklwd m2, m3
    punpcklwd m4, m5
    punpcklwd m6, m7
    mova m1, m0
    punpckldq m0, m2        ; pairs 0, 1 of lines 0..3
    punpckhdq m1, m2        ; pairs 2, 3
    mova m5, m4
    punpckldq m4, m6
    punpckhdq m5, m6
    mova m2, m0
    punpcklqdq m0, m4       ; (p1 p0) of lines 0..7
    punpckhqdq m2, m4       ; (q0 q1)
    punpcklqdq m1, m5       ; (q2 q3)
    movd m4, [t1 - 4]
    movd m5, [t1 + p1 - 4]
    punpckldq m4, m5
    movd m5, [t1 + 2 * p1 - 4]
    movd m6, [t1 + t0 - 4]
    punpckldq m5, m6
    punpcklqdq m4, m5       ; dwords (x x p3 p2) of lines 0..3
    movd m5, [t2 - 4]
    movd m6, [t2 + p1 - 4]
    punpckldq m5, m6
    movd m6, [t2 + 2 * p1 - 4]
    movd m7, [t2 + t0 - 4]
    punpckldq m6, m7
    punpcklqdq m5, m6       ; lines 4..7
    psrld m4, 24
    psrld m5, 24
    packssdw m4, m5
    mova m9, m4             ; p2
    mova m7, [pw_255]
    SPLIT_PAIR m10, m11, m0, m7
    SPLIT_PAIR m12, m13, m2, m7
    mova m14, m1
    pand m14, m7            ; q2
%endmacro

; Store p1 p0 q0 q1 (words m10..m13) as 4 bytes per line at t1 (= pix - 2
; of line 0) for 8 lines. p1 and q1 are in 0..255 (unchanged, or 8-479 /
; 8-480 which move them towards a value in range by at most tc0); p0 and q0
; are clipped here.
%macro STORE_V8x4 0
    pxor m0, m0
    mova m1, [pw_255]
    pmaxsw m11, m0
    pminsw m11, m1
    pmaxsw m12, m0
    pminsw m12, m1
    psllw m11, 8
    por m10, m11            ; (p1, p0) bytes per line
    psllw m13, 8
    por m12, m13            ; (q0, q1)
    mova m0, m10
    punpcklwd m0, m12       ; lines 0..3
    punpckhwd m10, m12      ; lines 4..7
    lea t2, [t1 + 4 * p1]
    STORE_4LINES t1, m0
    STORE_4LINES t2, m10
%endmacro

; Eight lines p1 p0 q0 q1 at t1 (= pix - 2 of line 0) as words m10..m13
; (transpose of the pair words (p1 p0), (q0 q1)).
%macro LOAD_V8x4 0
    LOAD_8LINES movd
    punpcklwd m0, m1        ; pair words (p1 p0), (q0 q1) of lines 0, 1
    punpcklwd m2, m3
    punpcklwd m4, m5
    punpcklwd m6, m7
    punpckldq m0, m2        ; lines 0..3
    punpckldq m4, m6        ; lines 4..7
    mova m1, m0
    punpcklqdq m0, m4       ; (p1 p0) of lines 0..7
    punpckhqdq m1, m4       ; (q0 q1)
    mova m3, [pw_255]
    SPLIT_PAIR m10, m11, m0, m3
    SPLIT_PAIR m12, m13, m1, m3
%endmacro

; Return early when alpha or beta is 0: no line can pass the tests.
%macro SKIP_IF_OFF 0
    test p2d, p2d
    jz .end
    test p3d, p3d
    jz .end
%endmacro

; Chroma edge bodies on the plane at p0 (stride p1, alpha p2d, beta p3d,
; tc0 p4); they keep p5 so the pair functions can run them on Cb, then Cr.

; horizontal edge, 8 columns
%macro CHROMA_H_BODY 1 ; 0: bS < 4, 1: bS 4
    mov t1, p0
    sub t1, p1
    sub t1, p1              ; row p1
    pxor m0, m0
    LOAD_ROW_W m10, [t1]
    LOAD_ROW_W m11, [t1 + p1]
    LOAD_ROW_W m12, [p0]
    LOAD_ROW_W m13, [p0 + p1]
    LOAD_ALPHA_BETA
    %if %1
        CHROMA_INTRA_CORE
    %else
        LOAD_CHROMA_TC0
        CHROMA_NORMAL_CORE
    %endif
    STORE_ROW_W [t1 + p1], m11
    STORE_ROW_W [p0], m12
%endmacro

; vertical edge, 8 lines
%macro CHROMA_V_BODY 1
    lea t0, [3 * p1]
    lea t1, [p0 - 2]
    LOAD_V8x4
    LOAD_ALPHA_BETA
    %if %1
        CHROMA_INTRA_CORE
    %else
        LOAD_CHROMA_TC0
        CHROMA_NORMAL_CORE
    %endif
    STORE_V8x4
%endmacro

; Pair functions take (cb, cr, stride, alpha, beta[, tc0]): move the
; arguments to the single-plane positions, Cr to p5.
%macro PAIR_ARGS 1 ; 1: has tc0
    %if %1
        mov t0, p5
    %endif
    mov p5, p1
    mov p1, p2
    mov p2d, p3d
    mov p3d, p4d
    %if %1
        mov p4, t0
    %endif
%endmacro

; The 8-line functions are assembled twice: SSE2 (no pabsw, see ABSDIFF)
; and SSSE3.
%assign xmm_pass 0
%rep 2
%if xmm_pass == 0
INIT_XMM sse2
%else
INIT_XMM ssse3
%endif

; ---------------------------------------------------------------------------
; luma_h(pix, stride, alpha, beta, tc0): horizontal edge, 16 columns
FUNC deblock_luma_h
    SKIP_IF_OFF
    lea t0, [3 * p1]
    mov t1, p0
    sub t1, t0              ; row p2
    %assign half 0
    %rep 2
        pxor m0, m0
        LOAD_ROW_W m9, [t1 + 8 * half]
        LOAD_ROW_W m10, [t1 + p1 + 8 * half]
        LOAD_ROW_W m11, [t1 + 2 * p1 + 8 * half]
        LOAD_ROW_W m12, [p0 + 8 * half]
        LOAD_ROW_W m13, [p0 + p1 + 8 * half]
        LOAD_ROW_W m14, [p0 + 2 * p1 + 8 * half]
        LOAD_LUMA_TC0 half
        LOAD_ALPHA_BETA
        LUMA_NORMAL_CORE
        STORE_ROW_W [t1 + p1 + 8 * half], m10
        STORE_ROW_W [t1 + 2 * p1 + 8 * half], m11
        STORE_ROW_W [p0 + 8 * half], m12
        STORE_ROW_W [p0 + p1 + 8 * half], m13
        %assign half half + 1
    %endrep
.end:
    RET

; luma_v(pix, stride, alpha, beta, tc0): vertical edge, 16 lines
FUNC deblock_luma_v
    SKIP_IF_OFF
    lea t0, [3 * p1]
    %assign half 0
    %rep 2
        lea t1, [p0 - 2]
        %if half
            lea t1, [t1 + 8 * p1]
        %endif
        LOAD_V8x6
        LOAD_LUMA_TC0 half
        LOAD_ALPHA_BETA
        LUMA_NORMAL_CORE
        STORE_V8x4
        %assign half half + 1
    %endrep
.end:
    RET

FUNC deblock_luma_intra_h
    SKIP_IF_OFF
    lea t0, [3 * p1]
    mov t1, p0
    sub t1, t0
    sub t1, p1              ; row p3 = pix - 4 * stride
    %assign half 0
    %rep 2
        pxor m0, m0
        lea t2, [t1 + 4 * p1]
        LOAD_ROW_W m8, [t1 + 8 * half]
        LOAD_ROW_W m9, [t1 + p1 + 8 * half]
        LOAD_ROW_W m10, [t1 + 2 * p1 + 8 * half]
        LOAD_ROW_W m11, [t1 + t0 + 8 * half]
        LOAD_ROW_W m12, [t2 + 8 * half]
        LOAD_ROW_W m13, [t2 + p1 + 8 * half]
        LOAD_ROW_W m14, [t2 + 2 * p1 + 8 * half]
        LOAD_ROW_W m15, [t2 + t0 + 8 * half]
        LUMA_INTRA_CORE
        STORE_ROW_W [t1 + p1 + 8 * half], m9
        STORE_ROW_W [t1 + 2 * p1 + 8 * half], m10
        STORE_ROW_W [t1 + t0 + 8 * half], m11
        STORE_ROW_W [t2 + 8 * half], m12
        STORE_ROW_W [t2 + p1 + 8 * half], m13
        STORE_ROW_W [t2 + 2 * p1 + 8 * half], m14
        %assign half half + 1
    %endrep
.end:
    RET

FUNC deblock_luma_intra_v
    SKIP_IF_OFF
    lea t0, [3 * p1]
    %assign half 0
    %rep 2
        lea t1, [p0 - 4]
        %if half
            lea t1, [t1 + 8 * p1]
        %endif
        LOAD_V8x8
        LUMA_INTRA_CORE
        packuswb m8, m9
        packuswb m10, m11
        packuswb m12, m13
        packuswb m14, m15
        mova m0, m8
        pshufd m1, m8, 0xEE
        mova m2, m10
        pshufd m3, m10, 0xEE
        mova m4, m12
        pshufd m5, m12, 0xEE
        mova m6, m14
        pshufd m7, m14, 0xEE
        TRANSPOSE8x8B           ; back to lines: m0 = [l0 | l1] ...
        lea t2, [t1 + 4 * p1]
        movq [t1], m0
        movhps [t1 + p1], m0
        movq [t1 + 2 * p1], m2
        movhps [t1 + t0], m2
        movq [t2], m1
        movhps [t2 + p1], m1
        movq [t2 + 2 * p1], m5
        movhps [t2 + t0], m5
        %assign half half + 1
    %endrep
.end:
    RET

; chroma_h(pix, stride, alpha, beta, tc0): horizontal edge, 8 columns
FUNC deblock_chroma_h
    SKIP_IF_OFF
    CHROMA_H_BODY 0
.end:
    RET

FUNC deblock_chroma_v
    SKIP_IF_OFF
    CHROMA_V_BODY 0
.end:
    RET

FUNC deblock_chroma_intra_h
    SKIP_IF_OFF
    CHROMA_H_BODY 1
.end:
    RET

FUNC deblock_chroma_intra_v
    SKIP_IF_OFF
    CHROMA_V_BODY 1
.end:
    RET

; chroma_pair_*(cb, cr, stride, alpha, beta[, tc0]): Cb, then Cr (8 lanes)
FUNC deblock_chroma_pair_h
    PAIR_ARGS 1
    SKIP_IF_OFF
    CHROMA_H_BODY 0
    mov p0, p5
    CHROMA_H_BODY 0
.end:
    RET

FUNC deblock_chroma_pair_v
    PAIR_ARGS 1
    SKIP_IF_OFF
    CHROMA_V_BODY 0
    mov p0, p5
    CHROMA_V_BODY 0
.end:
    RET

FUNC deblock_chroma_pair_intra_h
    PAIR_ARGS 0
    SKIP_IF_OFF
    CHROMA_H_BODY 1
    mov p0, p5
    CHROMA_H_BODY 1
.end:
    RET

FUNC deblock_chroma_pair_intra_v
    PAIR_ARGS 0
    SKIP_IF_OFF
    CHROMA_V_BODY 1
    mov p0, p5
    CHROMA_V_BODY 1
.end:
    RET

%assign xmm_pass xmm_pass + 1
%endrep

; ---------------------------------------------------------------------------
; AVX2 luma: all 16 lines of an edge at once, one line per word lane
; (lines 0..7 in the low 128-bit lane, 8..15 in the high one).

INIT_YMM avx2

; tc0 words for the 16 lines: tc0[i] for lines 4i .. 4i+3
%macro LOAD_LUMA_TC0_16_AT 1
    vmovd xm7, %1
    vpunpcklbw xm7, xm7, xm7
    vpunpcklwd xm7, xm7, xm7
    vpmovsxbw m7, xm7
%endmacro

%macro LOAD_LUMA_TC0_16 0
    LOAD_LUMA_TC0_16_AT [p4]
%endmacro

; STORE_ROWS16 mem_a, mem_b, a, b: the 16 words of registers a and b as
; bytes at mem_a and mem_b, one pack for both (register a is destroyed)
%macro STORE_ROWS16 4
    vpackuswb m%3, m%3, m%4     ; per lane: 8 bytes of a, then 8 of b
    vpermq m%3, m%3, 0xD8       ; row a | row b
    vmovdqu %1, xm%3
    vextracti128 %2, m%3, 1
%endmacro


; TRANSPOSE8x8B on full ymm registers: two independent 8x8 transposes, one
; per lane.
%macro TRANSPOSE8x8B_Y 0
    vpunpcklbw m0, m0, m1
    vpunpcklbw m2, m2, m3
    vpunpcklbw m4, m4, m5
    vpunpcklbw m6, m6, m7
    vpunpckhwd m1, m0, m2
    vpunpcklwd m0, m0, m2
    vpunpckhwd m3, m4, m6
    vpunpcklwd m4, m4, m6
    vpunpckhdq m2, m0, m4
    vpunpckldq m0, m0, m4
    vpunpckhdq m5, m1, m3
    vpunpckldq m1, m1, m3
%endmacro

; Lines 0..15 (8 bytes from t1 = pix - 4 of line 0) transposed into words
; m8..m15 = p3 p2 p1 p0 q0 q1 q2 q3: line k in the low lane and line k + 8
; in the high lane of register k (broadcast + blend, no lane shuffles).
; The transpose moves 16-bit sample pairs (p3 p2), (p1 p0), (q0 q1),
; (q2 q3) rather than bytes: each pair word of the 16 lines then gives its
; two samples with a mask and a shift instead of two more unpacks with
; zero. Uses t2, p5 and p0 (the callers keep the position in t1).
%macro LOAD_PAIRS16 0
    lea t2, [t1 + 8 * p1]
    lea p5, [t1 + 4 * p1]
    lea p0, [t2 + 4 * p1]
    vmovq xm0, [t1]
    vmovq xm1, [t1 + p1]
    vmovq xm2, [t1 + 2 * p1]
    vmovq xm3, [t1 + t0]
    vmovq xm4, [p5]
    vmovq xm5, [p5 + p1]
    vmovq xm6, [p5 + 2 * p1]
    vmovq xm7, [p5 + t0]
    vpbroadcastq m8, [t2]
    vpbroadcastq m9, [t2 + p1]
    vpbroadcastq m10, [t2 + 2 * p1]
    vpbroadcastq m11, [t2 + t0]
    vpbroadcastq m12, [p0]
    vpbroadcastq m13, [p0 + p1]
    vpbroadcastq m14, [p0 + 2 * p1]
    vpbroadcastq m15, [p0 + t0]
    vpblendd m0, m0, m8, 0xF0
    vpblendd m1, m1, m9, 0xF0
    vpblendd m2, m2, m10, 0xF0
    vpblendd m3, m3, m11, 0xF0
    vpblendd m4, m4, m12, 0xF0
    vpblendd m5, m5, m13, 0xF0
    vpblendd m6, m6, m14, 0xF0
    vpblendd m7, m7, m15, 0xF0
    vpunpcklwd m0, m0, m1       ; per lane: pair words of lines 0, 1 interleaved
    vpunpcklwd m2, m2, m3
    vpunpcklwd m4, m4, m5
    vpunpcklwd m6, m6, m7
    vpunpckhdq m1, m0, m2       ; pairs 2, 3 of lines 0..3
    vpunpckldq m0, m0, m2       ; pairs 0, 1 of lines 0..3
    vpunpckhdq m5, m4, m6       ; pairs 2, 3 of lines 4..7
    vpunpckldq m4, m4, m6       ; pairs 0, 1 of lines 4..7
    vpunpcklqdq m2, m0, m4      ; (p3 p2) of lines 0..7
    vpunpckhqdq m3, m0, m4      ; (p1 p0)
    vpunpcklqdq m6, m1, m5      ; (q0 q1)
    vpunpckhqdq m7, m1, m5      ; (q2 q3)
%endmacro

%macro LOAD_V16x8 0
    LOAD_PAIRS16
    vmovdqa m0, [pw_255]
    vpand m8, m2, m0
    vpsrlw m9, m2, 8
    vpand m10, m3, m0
    vpsrlw m11, m3, 8
    vpand m12, m6, m0
    vpsrlw m13, m6, 8
    vpand m14, m7, m0
    vpsrlw m15, m7, 8
%endmacro

; The bS < 4 luma load: p2 p1 p0 q0 q1 q2 of 16 lines as words m9..m14,
; from t1 = pix - 2 of line 0. The 8-byte loads start at p1 and p2 comes
; from a separate dword at pix - 6: the previous vertical edge (4 samples to
; the left) stored exactly pix - 6 .. pix - 3, so each load either matches
; that store or misses it and is forwarded or read from the cache; an 8-byte
; load from pix - 4 overlapped it partially, which stalls until the store
; leaves the store buffer (about 10 ns per line set on this machine).
%macro LOAD_V16x6 0
    LOAD_PAIRS16                ; m2 (p1 p0), m3 (q0 q1), m6 (q2 q3); t1, p5, t2, p0 = lines 0, 4, 8, 12
    vmovd xm0, [t1 - 4]
    vmovd xm1, [p5 - 4]
    %assign k 1
    %rep 7
        %if k < 4
            %define ROW_A t1
            %define ROW_B p5
        %else
            %define ROW_A t2
            %define ROW_B p0
        %endif
        %if (k & 3) == 0
            %define LINE_OFS 0
        %elif (k & 3) == 1
            %define LINE_OFS p1
        %elif (k & 3) == 2
            %define LINE_OFS 2 * p1
        %else
            %define LINE_OFS t0
        %endif
        vpbroadcastd m4, [ROW_A + LINE_OFS - 4]
        vpbroadcastd m5, [ROW_B + LINE_OFS - 4]
        vpblendd m0, m0, m4, 1 << k
        vpblendd m1, m1, m5, 1 << k
        %assign k k + 1
    %endrep
    vpsrld m0, m0, 24           ; p2 of lines 0..3 | 8..11
    vpsrld m1, m1, 24           ; lines 4..7 | 12..15
    vpackusdw m9, m0, m1
    vmovdqa m0, [pw_255]
    vpand m10, m2, m0
    vpsrlw m11, m2, 8
    vpand m12, m3, m0
    vpsrlw m13, m3, 8
    vpand m14, m6, m0
%endmacro

; p1 p0 q0 q1 (words m10..m13, 16 lines) as 4 bytes per line at t1
; (= pix - 2 of line 0). p1' and q1' lie in 0..255 by construction
; (8-479: p1 moves towards (p2 + avg) >> 1 by at most tc0), p0' and q0'
; are clipped by the packs; one shuffle per pack pairs (p1, p0) and (q0, q1)
; per line, then the pairs interleave into the 4-byte rows. Uses t2, p2, p3.
%macro STORE_V16x4 0
    vpackuswb m10, m10, m11     ; per lane: p1 of lines 0..7, p0 of lines 0..7
    vpackuswb m12, m12, m13     ; q0, q1
    vmovdqa m1, [pb_p0q0_lines]
    vpshufb m10, m10, m1        ; (p1, p0) bytes per line
    vpshufb m12, m12, m1        ; (q0, q1)
    vpunpcklwd m0, m10, m12     ; lines 0..3 | 8..11
    vpunpckhwd m10, m10, m12    ; lines 4..7 | 12..15
    vextracti128 xm2, m0, 1
    vextracti128 xm3, m10, 1
    mov t2, t1
    STORE4_LINES xm0
    STORE4_LINES xm10
    STORE4_LINES xm2
    STORE4_LINES xm3
%endmacro

; STORE4_LINES xmm: its four dwords to lines t2 .. t2 + 3 * stride, then
; t2 advances 4 lines (through general registers: no shuffle-port stores).
; LOAD_ROWS_W k, base, n: m(k + i) = the 16 bytes of row i at base as
; words, i = 0 .. n - 1 <= 3 (rows p1 apart, t0 = 3 * p1)
%macro LOAD_ROWS_W 3
  %assign %%i 0
  %rep %3
    %assign %%r %1 + %%i
    %if %%i == 0
        vpmovzxbw m%[%%r], [%2]
    %elif %%i == 1
        vpmovzxbw m%[%%r], [%2 + p1]
    %elif %%i == 2
        vpmovzxbw m%[%%r], [%2 + 2 * p1]
    %else
        vpmovzxbw m%[%%r], [%2 + t0]
    %endif
    %assign %%i %%i + 1
  %endrep
%endmacro

%macro STORE4_LINES 1
    vmovq p2, %1
    vpextrq p3, %1, 1
    mov [t2], p2d
    shr p2, 32
    mov [t2 + p1], p2d
    mov [t2 + 2 * p1], p3d
    shr p3, 32
    mov [t2 + t0], p3d
    lea t2, [t2 + 4 * p1]
%endmacro

FUNC deblock_luma_h
    SKIP_IF_OFF
    lea t0, [3 * p1]
    mov t1, p0
    sub t1, t0                  ; row p2
    LOAD_ROWS_W 9, t1, 3        ; m9-m11: p2 p1 p0
    LOAD_ROWS_W 12, p0, 3       ; m12-m14: q0 q1 q2
    LOAD_LUMA_TC0_16
    LOAD_ALPHA_BETA
    LUMA_NORMAL_CORE
    STORE_ROWS16 [t1 + p1], [t1 + 2 * p1], 10, 11
    STORE_ROWS16 [p0], [p0 + p1], 12, 13
.end:
    RET

FUNC deblock_luma_v
    SKIP_IF_OFF
    lea t0, [3 * p1]
    lea t1, [p0 - 2]
    LOAD_V16x6
    LOAD_LUMA_TC0_16
    LOAD_ALPHA_BETA
    LUMA_NORMAL_CORE
    STORE_V16x4
.end:
    RET

; Internal edge %1 (1..3) of luma_internal_h, t1 = its row p2 (advanced
; by 4 rows here); skipped when its 4 tc0 bytes are all -1. The next edge
; reads the rows this one stored with loads of the same address and size.
%macro INTERNAL_H_EDGE 1
    cmp dword [p4 + 4 * (%1 - 1)], -1
    je %%skip
    lea t2, [t1 + 4 * p1]       ; row q1
    LOAD_ROWS_W 9, t1, 4
    LOAD_ROWS_W 13, t2, 2
    LOAD_LUMA_TC0_16_AT [p4 + 4 * (%1 - 1)]
    LUMA_NORMAL_CORE
    STORE_ROWS16 [t1 + p1], [t1 + 2 * p1], 10, 11
    STORE_ROWS16 [t1 + t0], [t2], 12, 13
%%skip:
    lea t1, [t1 + 4 * p1]
%endmacro

; The three internal horizontal edges of a macroblock (common/deblock.h):
; luma_h's body per edge with the thresholds set up once.
FUNC deblock_luma_internal_h
    SKIP_IF_OFF
    LOAD_ALPHA_BETA
    lea t0, [3 * p1]
    lea t1, [p0 + p1]           ; row 1: p2 of edge 1
    INTERNAL_H_EDGE 1
    INTERNAL_H_EDGE 2
    INTERNAL_H_EDGE 3
.end:
    RET

; TRANSPOSE16_STAGES: per 128-bit lane, the 8 rows of 16 bytes in m0..m7
; become 8 registers of column pairs: m8 + k = [column 2k | column 2k + 1]
; (8 bytes each). With rows r and r + 8 in the two lanes of m<r>, the lanes
; then hold lines 0..7 and 8..15 of each column.
%macro TRANSPOSE16_STAGES 0
    vpunpcklbw m8, m0, m1       ; byte pairs of rows 0, 1: columns 0..7
    vpunpckhbw m9, m0, m1       ; columns 8..15
    vpunpcklbw m10, m2, m3
    vpunpckhbw m11, m2, m3
    vpunpcklbw m12, m4, m5
    vpunpckhbw m13, m4, m5
    vpunpcklbw m14, m6, m7
    vpunpckhbw m15, m6, m7
    vpunpcklwd m0, m8, m10      ; rows 0..3 of columns 0..3
    vpunpckhwd m1, m8, m10      ; columns 4..7
    vpunpcklwd m2, m9, m11      ; columns 8..11
    vpunpckhwd m3, m9, m11      ; columns 12..15
    vpunpcklwd m4, m12, m14     ; rows 4..7
    vpunpckhwd m5, m12, m14
    vpunpcklwd m6, m13, m15
    vpunpckhwd m7, m13, m15
    vpunpckldq m8, m0, m4       ; columns 0, 1
    vpunpckhdq m9, m0, m4       ; 2, 3
    vpunpckldq m10, m1, m5
    vpunpckhdq m11, m1, m5
    vpunpckldq m12, m2, m6
    vpunpckhdq m13, m2, m6
    vpunpckldq m14, m3, m7
    vpunpckhdq m15, m3, m7
%endmacro

; Word column c of the block (line k in lane word k % 8 of lane k / 8).
%define COLUMN(c) [rsp + 32 * (c)]

; Internal edge %1 (1..3, at column 4 * %1) on the stacked word columns:
; skipped when its 4 tc0 bytes are all -1. p0'/q0' are stored unclipped:
; no later edge reads them and the final pack clips them (8-476, 8-477).
%macro INTERNAL_V_EDGE 1
    cmp dword [p4 + 4 * (%1 - 1)], -1
    je %%skip
    vmovdqu m9, COLUMN(4 * %1 - 3)
    vmovdqu m10, COLUMN(4 * %1 - 2)
    vmovdqu m11, COLUMN(4 * %1 - 1)
    vmovdqu m12, COLUMN(4 * %1)
    vmovdqu m13, COLUMN(4 * %1 + 1)
    vmovdqu m14, COLUMN(4 * %1 + 2)
    LOAD_LUMA_TC0_16_AT [p4 + 4 * (%1 - 1)]
    LUMA_NORMAL_CORE
    vmovdqu COLUMN(4 * %1 - 2), m10
    vmovdqu COLUMN(4 * %1 - 1), m11
    vmovdqu COLUMN(4 * %1), m12
    vmovdqu COLUMN(4 * %1 + 1), m13
%%skip:
%endmacro

; LOAD_4ROW_PAIRS k, top, bottom: m(k + i) = [row i at top | row i at
; bottom], i = 0..3 (rows p1 apart, t0 = 3 * p1)
%macro LOAD_4ROW_PAIRS 3
    %assign %%r %1
    vmovdqu xm%[%%r], [%2]
    vinserti128 m%[%%r], m%[%%r], [%3], 1
    %assign %%r %%r + 1
    vmovdqu xm%[%%r], [%2 + p1]
    vinserti128 m%[%%r], m%[%%r], [%3 + p1], 1
    %assign %%r %%r + 1
    vmovdqu xm%[%%r], [%2 + 2 * p1]
    vinserti128 m%[%%r], m%[%%r], [%3 + 2 * p1], 1
    %assign %%r %%r + 1
    vmovdqu xm%[%%r], [%2 + t0]
    vinserti128 m%[%%r], m%[%%r], [%3 + t0], 1
%endmacro

; STORE_4ROWS a, b, base: the four rows at base from [row 0 | row 1] in
; m a and [row 2 | row 3] in m b (rows p1 apart, t0 = 3 * p1)
%macro STORE_4ROWS 3
    vmovdqu [%3], xm%1
    vextracti128 [%3 + p1], m%1, 1
    vmovdqu [%3 + 2 * p1], xm%2
    vextracti128 [%3 + t0], m%2, 1
%endmacro

; The three internal vertical edges of a macroblock (common/deblock.h): the
; 16x16 block is transposed once into 16 word columns on the stack, the
; edges run in order on the columns, and the block is transposed back and
; stored whole (columns 0 and 15 unchanged). About 390 instructions for the
; three edges against 3 x 218 for luma_v.
FUNC deblock_luma_internal_v
    SKIP_IF_OFF
    sub rsp, 16 * 32
    lea t0, [3 * p1]
    lea t2, [p0 + 4 * p1]       ; row 4
    lea t1, [p0 + 8 * p1]       ; row 8
    lea p5, [t1 + 4 * p1]       ; row 12
    LOAD_4ROW_PAIRS 0, p0, t1   ; m0-m3: [row k | row 8 + k]
    LOAD_4ROW_PAIRS 4, t2, p5   ; m4-m7: [row 4 + k | row 12 + k]
    TRANSPOSE16_STAGES
    vpxor m0, m0, m0
    %assign k 0
    %rep 8
        %assign r 8 + k
        vpunpcklbw m1, m%[r], m0
        vpunpckhbw m2, m%[r], m0
        vmovdqu COLUMN(2 * k), m1
        vmovdqu COLUMN(2 * k + 1), m2
        %assign k k + 1
    %endrep
    LOAD_ALPHA_BETA
    INTERNAL_V_EDGE 1
    INTERNAL_V_EDGE 2
    INTERNAL_V_EDGE 3
    ; columns c and c + 8 as bytes in one register per c, then the same
    ; transpose gives [row 2k | row 2k + 1] per lane pair
    %assign k 0
    %rep 8
        vmovdqu m%[k], COLUMN(k)
        vpackuswb m%[k], m%[k], COLUMN(k + 8)
        vpermq m%[k], m%[k], 0xD8
        %assign k k + 1
    %endrep
    TRANSPOSE16_STAGES
    %assign k 0
    %rep 8
        %assign r 8 + k
        vpermq m%[r], m%[r], 0xD8
        %assign k k + 1
    %endrep
    STORE_4ROWS 8, 9, p0
    STORE_4ROWS 10, 11, t2
    STORE_4ROWS 12, 13, t1
    STORE_4ROWS 14, 15, p5
    add rsp, 16 * 32
.end:
    RET

FUNC deblock_luma_intra_h
    SKIP_IF_OFF
    lea t0, [3 * p1]
    mov t1, p0
    sub t1, t0
    sub t1, p1                  ; row p3
    lea t2, [t1 + 4 * p1]       ; row q0
    LOAD_ROWS_W 8, t1, 4
    LOAD_ROWS_W 12, t2, 4
    LUMA_INTRA_CORE
    STORE_ROWS16 [t1 + p1], [t1 + 2 * p1], 9, 10
    STORE_ROWS16 [t1 + t0], [t2], 11, 12
    STORE_ROWS16 [t2 + p1], [t2 + 2 * p1], 13, 14
.end:
    RET

; Eight lines from the low (%1 = 0) or high (1) lanes of the packed column
; pairs m8 [p3|p2], m10 [p1|p0], m12 [q0|q1], m14 [q2|q3], transposed back
; and stored as 8 bytes per line from t2.
%macro STORE_V8x8_LANE 1
    %if %1 == 0
        vmovdqa xm0, xm8
        vmovdqa xm2, xm10
        vmovdqa xm4, xm12
        vmovdqa xm6, xm14
    %else
        vextracti128 xm0, m8, 1
        vextracti128 xm2, m10, 1
        vextracti128 xm4, m12, 1
        vextracti128 xm6, m14, 1
    %endif
    vpshufd xm1, xm0, 0xEE
    vpshufd xm3, xm2, 0xEE
    vpshufd xm5, xm4, 0xEE
    vpshufd xm7, xm6, 0xEE
    TRANSPOSE8x8B               ; xm0 [l0|l1], xm2 [l2|l3], xm1 [l4|l5], xm5 [l6|l7]
    lea p5, [t2 + 4 * p1]
    vmovq [t2], xm0
    vmovhps [t2 + p1], xm0
    vmovq [t2 + 2 * p1], xm2
    vmovhps [t2 + t0], xm2
    vmovq [p5], xm1
    vmovhps [p5 + p1], xm1
    vmovq [p5 + 2 * p1], xm5
    vmovhps [p5 + t0], xm5
%endmacro

FUNC deblock_luma_intra_v
    SKIP_IF_OFF
    lea t0, [3 * p1]
    lea t1, [p0 - 4]
    LOAD_V16x8
    LUMA_INTRA_CORE
    vpackuswb m8, m8, m9
    vpackuswb m10, m10, m11
    vpackuswb m12, m12, m13
    vpackuswb m14, m14, m15
    mov t2, t1
    STORE_V8x8_LANE 0
    lea t2, [t1 + 8 * p1]
    STORE_V8x8_LANE 1
.end:
    RET

; ---------------------------------------------------------------------------
; AVX2 chroma pairs: the 8 Cb lines in the low 128-bit lane, the 8 Cr lines
; in the high one, so one pass filters the edge of both planes. The
; arguments stay in their registers (cb p0, cr p1, stride p2, alpha p3d,
; beta p4d, tc0 p5); p3 and p4 are scratch once the thresholds are splat.
%define PCB p0
%define PCR p1
%define PSTRIDE p2
%define PALPHA p3d
%define PBETA p4d
%define PTC0 p5

%macro PAIR_THRESHOLDS 0 ; return when alpha or beta is 0, else splat them
    test PALPHA, PALPHA
    jz .end
    test PBETA, PBETA
    jz .end
    SPLATW_GPR 8, PALPHA
    SPLATW_GPR 15, PBETA
%endmacro

; Chroma tc0 words: tc0[i] for lines 2i, 2i + 1 of each plane
%macro LOAD_CHROMA_TC0_PAIR 0
    vmovd xm7, [PTC0]
    vpunpcklbw xm7, xm7, xm7
    vpunpcklqdq xm7, xm7, xm7
    vpmovsxbw m7, xm7
%endmacro

; LOAD_PAIR_ROW n, cb_mem, cr_mem: 8 bytes of each as words in register n
%macro LOAD_PAIR_ROW 3
    vmovq xm%1, %2
    vmovhps xm%1, xm%1, %3
    vpmovzxbw m%1, xm%1
%endmacro

; Horizontal pair edge: rows p1 p0 q0 q1 of Cb and Cr
%macro CHROMA_PAIR_H_BODY 1 ; 0: bS < 4, 1: bS 4
    lea t0, [2 * PSTRIDE]
    mov t1, PCB
    sub t1, t0              ; Cb row p1
    mov t2, PCR
    sub t2, t0              ; Cr row p1
    LOAD_PAIR_ROW 10, [t1], [t2]
    LOAD_PAIR_ROW 11, [t1 + PSTRIDE], [t2 + PSTRIDE]
    LOAD_PAIR_ROW 12, [PCB], [PCR]
    LOAD_PAIR_ROW 13, [PCB + PSTRIDE], [PCR + PSTRIDE]
    %if %1
        CHROMA_INTRA_CORE
    %else
        LOAD_CHROMA_TC0_PAIR
        CHROMA_NORMAL_CORE
    %endif
    vpackuswb m11, m11, m12     ; per lane: p0 row, q0 row (Cb | Cr)
    vextracti128 xm0, m11, 1
    vmovq [t1 + PSTRIDE], xm11
    vmovhps [PCB], xm11
    vmovq [t2 + PSTRIDE], xm0
    vmovhps [PCR], xm0
%endmacro

; Four lines of 4 bytes (p1 p0 q0 q1) from %2 (advanced by 4 lines) into
; the dwords of xmm %1.
%macro LOAD_4LINES 2
    vmovd xm%1, [%2]
    vpinsrd xm%1, xm%1, [%2 + PSTRIDE], 1
    vpinsrd xm%1, xm%1, [%2 + 2 * PSTRIDE], 2
    vpinsrd xm%1, xm%1, [%2 + t0], 3
    lea %2, [%2 + 4 * PSTRIDE]
%endmacro

; Eight lines of 4 bytes (p1 p0 q0 q1) at t1 (Cb) and t2 (Cr) as words
; m10..m13, Cb lines 0..7 in the low lane and Cr lines in the high one: a
; register per 4 lines of both planes, its (p1 p0) and (q0 q1) sample pair
; words gathered by one shuffle, then the two halves of 4 lines joined.
%macro LOAD_PAIR_V8x4 0
    LOAD_4LINES 0, t1
    LOAD_4LINES 1, t1
    LOAD_4LINES 2, t2
    LOAD_4LINES 3, t2
    vinserti128 m0, m0, xm2, 1  ; lines 0..3 (Cb | Cr)
    vinserti128 m1, m1, xm3, 1  ; lines 4..7
    vmovdqa m4, [pb_pair_split]
    vpshufb m0, m0, m4
    vpshufb m1, m1, m4
    vpunpcklqdq m2, m0, m1      ; (p1 p0) of lines 0..7
    vpunpckhqdq m3, m0, m1      ; (q0 q1)
    vmovdqa m4, [pw_255]
    vpand m10, m2, m4
    vpsrlw m11, m2, 8
    vpand m12, m3, m4
    vpsrlw m13, m3, 8
%endmacro

; STORE4_P0Q0 gpr, gpr16: its four words (p0 q0 of 4 lines) to t2 .. t2 + 3 * stride,
; then t2 advances 4 lines.
%macro STORE4_P0Q0 2
    mov [t2], %2
    shr %1, 16
    mov [t2 + PSTRIDE], %2
    shr %1, 16
    mov [t2 + 2 * PSTRIDE], %2
    shr %1, 16
    mov [t2 + t0], %2
    lea t2, [t2 + 4 * PSTRIDE]
%endmacro

; p0 q0 (words m11, m12, clipped to 0..255 by the pack) back as 2 bytes per
; line at pix - 1 of the Cb and Cr lines; p1 and q1 are unchanged and not
; written. Uses t2, p3, p4.
%macro STORE_PAIR_V8x2 0
    vpackuswb m0, m11, m12      ; per lane: p0 of lines 0..7, q0 of lines 0..7
    vpshufb m0, m0, [pb_p0q0_lines]
    vextracti128 xm1, m0, 1
    lea t2, [PCB - 1]
    vmovq p3, xm0
    vpextrq p4, xm0, 1
    STORE4_P0Q0 p3, p3w
    STORE4_P0Q0 p4, p4w
    lea t2, [PCR - 1]
    vmovq p3, xm1
    vpextrq p4, xm1, 1
    STORE4_P0Q0 p3, p3w
    STORE4_P0Q0 p4, p4w
%endmacro

%macro CHROMA_PAIR_V_BODY 1
    lea t0, [3 * PSTRIDE]
    lea t1, [PCB - 2]
    lea t2, [PCR - 2]
    LOAD_PAIR_V8x4
    %if %1
        CHROMA_INTRA_CORE
    %else
        LOAD_CHROMA_TC0_PAIR
        CHROMA_NORMAL_CORE
    %endif
    STORE_PAIR_V8x2
%endmacro

FUNC deblock_chroma_pair_h
    PAIR_THRESHOLDS
    CHROMA_PAIR_H_BODY 0
.end:
    RET

FUNC deblock_chroma_pair_v
    PAIR_THRESHOLDS
    CHROMA_PAIR_V_BODY 0
.end:
    RET

FUNC deblock_chroma_pair_intra_h
    PAIR_THRESHOLDS
    CHROMA_PAIR_H_BODY 1
.end:
    RET

FUNC deblock_chroma_pair_intra_v
    PAIR_THRESHOLDS
    CHROMA_PAIR_V_BODY 1
.end:
    RET

END_FUNCS
