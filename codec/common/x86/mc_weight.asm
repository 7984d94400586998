; SPDX-License-Identifier: BSD-2-Clause
;
; Weighted sample prediction (8.4.2.3.2), see common/mc.h:
;   mc_weight_wW    dst = Clip1(((dst * w + 2^(logwd-1)) >> logwd) + off)
;                   (no rounding term when logwd == 0), in place
;   mc_biweight_wW  dst = Clip1(((dst * w0 + src * w1 + 2^logwd)
;                   >> (logwd + 1)) + off)
; One row per iteration, `height` >= 1 rows. W2 rows are moved through a
; general register so that no byte outside the block is read or written.
;
; Ranges (mc.h: samples 0..255, weights -128..128, off -128..127):
; dst * w fits in 16 bits (|255 * 128| < 2^15), so weight works on words;
; the biweight sum does not (2 * 255 * 128), so it is formed with pmaddwd
; in 32 bits and packed back to words only after the shift, where it fits.

%include "common/x86/x86asm.inc"

INIT_XMM sse2

; BROADCAST_W reg, gpr32: the low word of gpr32 in all 8 words of reg
%macro BROADCAST_W 2
    movd %1, %2
    pshuflw %1, %1, 0
    punpcklqdq %1, %1
%endmacro

; LOAD_ROW reg, addr, width: the row's samples as bytes in the low part
%macro LOAD_ROW 3
    %if %3 == 16
        movu %1, %2
    %elif %3 == 8
        movq %1, %2
    %elif %3 == 4
        movd %1, %2
    %else
        movzx t0d, word %2
        movd %1, t0d
    %endif
%endmacro

; STORE_ROW addr, reg, width: the low width bytes of reg
%macro STORE_ROW 3
    %if %3 == 16
        movu %1, %2
    %elif %3 == 8
        movq %1, %2
    %elif %3 == 4
        movd %1, %2
    %else
        movd t0d, %2
        mov %1, t0w
    %endif
%endmacro

; WEIGHT_WORDS reg: reg (words) * w (m2) + round (m3) >> logwd (m4) + off (m5)
%macro WEIGHT_WORDS 1
    pmullw %1, m2
    paddw %1, m3
    psraw %1, m4
    paddsw %1, m5
%endmacro

; mc_weight_wW(dst, stride, height, logwd, w, off)
%macro MC_WEIGHT 1
FUNC mc_weight_w%1
    mov t0d, 1
    shl t0d, cl                         ; p3 = rcx: logwd
    ; w == 2^logwd with no offset (a reference without explicit weights,
    ; 7.4.3.2 defaults) leaves dst unchanged
    cmp t0d, p4d
    jne .weighted
    test p5d, p5d
    jz .end
.weighted:
    BROADCAST_W m2, p4d                 ; w
    shr t0d, 1                          ; 2^(logwd - 1), 0 for logwd 0
    BROADCAST_W m3, t0d
    movd m4, p3d
    BROADCAST_W m5, p5d                 ; off
    pxor m7, m7
.row:
    LOAD_ROW m0, [p0], %1
    %if %1 == 16
        mova m1, m0
        punpckhbw m1, m7
        WEIGHT_WORDS m1
    %endif
    punpcklbw m0, m7
    WEIGHT_WORDS m0
    %if %1 == 16
        packuswb m0, m1
    %else
        packuswb m0, m0
    %endif
    STORE_ROW [p0], m0, %1
    add p0, p1
    dec p2d
    jnz .row
.end:
    RET
%endmacro

MC_WEIGHT 16
MC_WEIGHT 8
MC_WEIGHT 4
MC_WEIGHT 2

; BIWEIGHT_PAIRS a, b: a = dst words, b = src words (4 or 8 of each) ->
; a = the weighted words (the first four only when %3 == 0). Scratch m6.
%macro BIWEIGHT_PAIRS 3
    %if %3
        mova m6, %1
        punpckhwd m6, %2
        pmaddwd m6, m2                  ; dst * w0 + src * w1
        paddd m6, m3
        psrad m6, m4
    %endif
    punpcklwd %1, %2
    pmaddwd %1, m2
    paddd %1, m3
    psrad %1, m4
    %if %3
        packssdw %1, m6
    %else
        packssdw %1, %1
    %endif
    paddsw %1, m5
%endmacro

; The start of mc_biweight (SSE2 and AVX2): w0 == w1 == 2^logwd and
; off == 0 (implicit weights of equal POC distance, 8.4.2.3.1: 32, 32,
; logwd 5) is (dst + src + 1) >> 1: jumps to the function's .average.
; Otherwise .weighted follows with the word pair (w0, w1) in t0d.
%macro BIWEIGHT_START 0
    mov t0d, STACK_ARG(6)               ; w0
    mov t1d, STACK_ARG(7)               ; w1
    cmp t0d, t1d
    jne .weighted
    cmp dword STACK_ARG(8), 0
    jne .weighted
    mov t2, p3                          ; p3 is rcx: keep src_stride
    mov ecx, p5d
    mov t1d, 1
    shl t1d, cl
    mov p3, t2
    cmp t0d, t1d
    je .average
    mov t1d, t0d                        ; w1 (== w0)
.weighted:
    movzx t0d, t0w
    shl t1d, 16
    or t0d, t1d
%endmacro

; mc_biweight_wW(dst, dst_stride, src, src_stride, height, logwd, w0, w1, off)
%macro MC_BIWEIGHT 1
FUNC mc_biweight_w%1
    BIWEIGHT_START
    movd m2, t0d
    pshufd m2, m2, 0                    ; (w0, w1) word pairs
    pcmpeqd m3, m3
    psrld m3, 31
    movd m6, p5d
    pslld m3, m6                        ; 2^logwd
    lea t0d, [p5 + 1]
    movd m4, t0d                        ; logwd + 1
    mov t0d, STACK_ARG(8)
    BROADCAST_W m5, t0d                 ; off
    pxor m7, m7
.row:
    LOAD_ROW m0, [p0], %1
    LOAD_ROW m1, [p2], %1
    %if %1 == 16
        mova m8, m0
        mova m9, m1
        punpckhbw m8, m7
        punpckhbw m9, m7
        BIWEIGHT_PAIRS m8, m9, 1
    %endif
    punpcklbw m0, m7
    punpcklbw m1, m7
    BIWEIGHT_PAIRS m0, m1, %1 >= 8
    %if %1 == 16
        packuswb m0, m8
    %else
        packuswb m0, m0
    %endif
    STORE_ROW [p0], m0, %1
    add p0, p1
    add p2, p3
    dec p4d
    jnz .row
    RET
.average:
    LOAD_ROW m0, [p0], %1
    LOAD_ROW m1, [p2], %1
    pavgb m0, m1
    STORE_ROW [p0], m0, %1
    add p0, p1
    add p2, p3
    dec p4d
    jnz .average
    RET
%endmacro

MC_BIWEIGHT 16
MC_BIWEIGHT 8
MC_BIWEIGHT 4
MC_BIWEIGHT 2

; ---------------------------------------------------------------------------
; AVX2 biweight W16: one row of 16 samples as 16 words in a ymm register
; (x1.45 over SSE2 on the general path; weight W16 gains only ~7% from
; AVX2 and stays SSE2).

INIT_YMM avx2

; PACK_STORE16 mem, reg, xreg: the 16 words of reg (ymm; xreg its low half) as
; bytes at mem
%macro PACK_STORE16 3
    vextracti128 xm1, %2, 1
    vpackuswb xm0, %3, xm1
    vmovdqu %1, xm0
%endmacro

FUNC mc_biweight_w16
    BIWEIGHT_START
    vmovd xm2, t0d
    vpbroadcastd m2, xm2                ; (w0, w1) word pairs
    vpcmpeqd m3, m3, m3
    vpsrld m3, m3, 31
    vmovd xm6, p5d
    vpslld m3, m3, xm6                  ; 2^logwd
    lea t0d, [p5 + 1]
    vmovd xm4, t0d                      ; logwd + 1
    vpbroadcastw m5, STACK_ARG(8)       ; off
.row:
    vpmovzxbw m0, [p0]
    vpmovzxbw m1, [p2]
    vpunpckhwd m6, m0, m1
    vpunpcklwd m0, m0, m1
    vpmaddwd m0, m0, m2
    vpmaddwd m6, m6, m2
    vpaddd m0, m0, m3
    vpaddd m6, m6, m3
    vpsrad m0, m0, xm4
    vpsrad m6, m6, xm4
    vpackssdw m0, m0, m6                ; in-lane pack: raster order again
    vpaddsw m0, m0, m5
    PACK_STORE16 [p0], m0, xm0
    add p0, p1
    add p2, p3
    dec p4d
    jnz .row
    RET
align 32
.average:
    vmovdqu xm0, [p0]
    vmovdqu xm1, [p2]
    vpavgb xm0, xm0, xm1
    vmovdqu [p0], xm0
    add p0, p1
    add p2, p3
    dec p4d
    jnz .average
    RET

END_FUNCS
