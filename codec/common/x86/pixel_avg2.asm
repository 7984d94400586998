; SPDX-License-Identifier: BSD-2-Clause
;
; sad_avg2 (common/pixel.h): SAD of src against pavgb(a, b), i.e. the
; rounded average (a + b + 1) >> 1 of two half-sample candidates.

%include "common/x86/x86asm.inc"

RODATA
align 32
; satd_avg2: swap the words of each pair / the pairs of each quad; the
; sign pattern turning (c0, c1, c2, c3) into (c0, -c1, c2, -c3)
shuf_swap_w: times 2 db 2,3, 0,1, 6,7, 4,5, 10,11, 8,9, 14,15, 12,13
shuf_swap_d: times 2 db 4,5, 6,7, 0,1, 2,3, 12,13, 14,15, 8,9, 10,11
pw_1m1: times 8 dw 1, -1
pw_1: times 16 dw 1

; SAD_AVG2_ROWS dst, src_lo, src_hi, a_lo, a_hi, b_lo, b_hi (memory): m0 =
; psadbw of the two rows (w = 8: low and high qwords; w = 16 AVX2: lanes)
%macro LOAD2 3 ; m, row0, row1
  %if mmsize == 32
    vmovdqu xm%1, %2
    vinserti128 m%1, m%1, %3, 1
  %else
    movq m%1, %2
    movhps m%1, %3
  %endif
%endmacro

; SAD_AVG2 w, h: w = 16 (one row per xmm, two per ymm) or 8 (two rows per
; xmm) or 4 (two rows per xmm low qword)
%macro SAD_AVG2 2
FUNC sad_avg2_%1x%2
    V pxor, m5, m5              ; accumulated psadbw
  %if %1 == 16 && mmsize == 16
    %rep %2
        movu m0, [p2]
        movu m1, [p3]
        pavgb m0, m1
        movu m2, [p0]
        psadbw m0, m2
        paddd m5, m0
        add p0, p1
        add p2, p4
        add p3, p4
    %endrep
  %elif %1 == 16 || %1 == 8
    ; two rows per register (16-wide AVX2: one per lane)
    %rep %2 / 2
      %if %1 == 16
        LOAD2 0, [p2], [p2 + p4]
        LOAD2 1, [p3], [p3 + p4]
        LOAD2 2, [p0], [p0 + p1]
      %else
        movq xm0, [p2]
        movhps xm0, [p2 + p4]
        movq xm1, [p3]
        movhps xm1, [p3 + p4]
        movq xm2, [p0]
        movhps xm2, [p0 + p1]
      %endif
        V pavgb, m0, m1
        V psadbw, m0, m2
        V paddd, m5, m0
        lea p0, [p0 + 2 * p1]
        lea p2, [p2 + 2 * p4]
        lea p3, [p3 + 2 * p4]
    %endrep
  %else
    %rep %2 / 2
        movd m0, [p2]
        movd m3, [p2 + p4]
        punpckldq m0, m3
        movd m1, [p3]
        movd m3, [p3 + p4]
        punpckldq m1, m3
        movd m2, [p0]
        movd m3, [p0 + p1]
        punpckldq m2, m3
        pavgb m0, m1
        psadbw m0, m2           ; upper 8 bytes all zero: no contribution
        paddd m5, m0
        lea p0, [p0 + 2 * p1]
        lea p2, [p2 + 2 * p4]
        lea p3, [p3 + 2 * p4]
    %endrep
  %endif
  %if mmsize == 32
    vextracti128 xm0, m5, 1
    vpaddd xm5, xm5, xm0
    vpshufd xm0, xm5, 0xE
    vpaddd xm5, xm5, xm0
    vmovd eax, xm5
  %else
    pshufd m0, m5, 0xE
    paddd m5, m0
    movd eax, m5
  %endif
    RET
%endmacro

; ---------------------------------------------------------------------------
; satd_avg2: SATD (pixel.h) of src against pavgb(a, b). A stripe is 4 rows
; of T columns (T = 8 per xmm, 16 per ymm: T/4 4x4 blocks side by side):
; the vertical 4-point Hadamard across the four row registers, then per
; 4-word group the horizontal one with its last stage as |a + b| + |a - b|
; = 2 max(|a|, |b|) (the words then sum to sum |H|). Per stripe the words
; (<= 8160 each) are added up in dwords.

; DIFF_ROW m, row (0-3), column: m = src - pavgb(a, b) as words, T columns.
; t0 = 3 * src_stride, t1 = 3 * ref_stride; m6 = 0 (SSSE3); scratch m5.
%macro DIFF_ROW 3
  %if %2 == 0
    %define %%s [p0 + %3]
    %define %%a [p2 + %3]
    %define %%b [p3 + %3]
  %elif %2 == 1
    %define %%s [p0 + p1 + %3]
    %define %%a [p2 + p4 + %3]
    %define %%b [p3 + p4 + %3]
  %elif %2 == 2
    %define %%s [p0 + 2 * p1 + %3]
    %define %%a [p2 + 2 * p4 + %3]
    %define %%b [p3 + 2 * p4 + %3]
  %else
    %define %%s [p0 + t0 + %3]
    %define %%a [p2 + t1 + %3]
    %define %%b [p3 + t1 + %3]
  %endif
  %if mmsize == 32
    vmovdqu xm5, %%a
    vpavgb xm5, xm5, %%b
    vpmovzxbw m5, xm5
    vpmovzxbw %1, %%s
    vpsubw %1, %1, m5
  %else
    %if SATD_W == 4           ; the upper 4 words stay 0 - 0 (no contribution)
    movd %1, %%a
    movd m5, %%b
    %else
    movq %1, %%a
    movq m5, %%b
    %endif
    pavgb %1, m5
    punpcklbw %1, m6
    %if SATD_W == 4
    movd m5, %%s
    %else
    movq m5, %%s
    %endif
    punpcklbw m5, m6
    psubw m5, %1
    mova %1, m5
  %endif
%endmacro

; HADAMARD_ROWS_ABS x, t (as in quant.asm). SSE2: pshuflw/pshufhw and
; pshufd for the swaps, pmullw by +-1 for the signs, max(x, 0 - x) for
; |x| (m6 = 0); the same words.
%macro HADAMARD_ROWS_ABS 2
  %ifidn ISA, sse2
    pshuflw %2, %1, 0xB1
    pshufhw %2, %2, 0xB1
    pmullw %1, [pw_1m1]
    paddw %1, %2            ; c1+c0, c0-c1, c3+c2, c2-c3
    mova %2, m6
    psubw %2, %1
    pmaxsw %1, %2
    pshufd %2, %1, 0xB1
    pmaxsw %1, %2
  %else
    mova %2, %1
    V pshufb, %2, [shuf_swap_w]
    V psignw, %1, [pw_1m1]
    V paddw, %1, %2         ; c1+c0, c0-c1, c3+c2, c2-c3
    VX pabsw, %1, %1
    mova %2, %1
    V pshufb, %2, [shuf_swap_d]
    V pmaxsw, %1, %2
  %endif
%endmacro

; SATD_STRIPE column: adds sum |H| of the stripe's blocks to the dwords of
; m7. Scratch m0-m5.
%macro SATD_STRIPE 1
    DIFF_ROW m0, 0, %1
    DIFF_ROW m1, 1, %1
    DIFF_ROW m2, 2, %1
    DIFF_ROW m3, 3, %1
    mova m4, m0
    V paddw, m0, m2         ; r0 + r2
    V psubw, m4, m2         ; r0 - r2
    mova m2, m1
    V paddw, m1, m3         ; r1 + r3
    V psubw, m2, m3         ; r1 - r3
    mova m3, m0
    V paddw, m0, m1
    V psubw, m3, m1
    mova m1, m4
    V paddw, m1, m2
    V psubw, m4, m2
    HADAMARD_ROWS_ABS m0, m5
    HADAMARD_ROWS_ABS m3, m5
    HADAMARD_ROWS_ABS m1, m5
    HADAMARD_ROWS_ABS m4, m5
    V paddw, m0, m3
    V paddw, m1, m4
    V paddw, m0, m1
    V pmaddwd, m0, [pw_1]
    V paddd, m7, m0
%endmacro

; SATD_AVG2 w, h
%macro SATD_AVG2 2
FUNC satd_avg2_%1x%2
    %define SATD_W %1
    lea t0, [p1 + 2 * p1]
    lea t1, [p4 + 2 * p4]
    V pxor, m7, m7
  %if mmsize == 16
    pxor m6, m6
  %endif
    %rep %2 / 4
        SATD_STRIPE 0
      %if %1 == 16 && mmsize == 16
        SATD_STRIPE 8
      %endif
        lea p0, [p0 + 4 * p1]
        lea p2, [p2 + 4 * p4]
        lea p3, [p3 + 4 * p4]
    %endrep
  %if mmsize == 32
    vextracti128 xm0, m7, 1
    vpaddd xm7, xm7, xm0
    vpshufd xm0, xm7, 0xE
    vpaddd xm7, xm7, xm0
    vpshufd xm0, xm7, 1
    vpaddd xm7, xm7, xm0
    vmovd eax, xm7
  %else
    pshufd m0, m7, 0xE
    paddd m7, m0
    pshufd m0, m7, 1
    paddd m7, m0
    movd eax, m7
  %endif
    shr eax, 1
    RET
%endmacro

INIT_XMM sse2
SATD_AVG2 16, 16
SATD_AVG2 16, 8
SATD_AVG2 8, 16
SATD_AVG2 8, 8
SATD_AVG2 8, 4
SATD_AVG2 4, 8
SATD_AVG2 4, 4
INIT_XMM ssse3
SATD_AVG2 16, 16
SATD_AVG2 16, 8
SATD_AVG2 8, 16
SATD_AVG2 8, 8
SATD_AVG2 8, 4
SATD_AVG2 4, 8
SATD_AVG2 4, 4
INIT_YMM avx2
SATD_AVG2 16, 16
SATD_AVG2 16, 8

INIT_XMM sse2
SAD_AVG2 16, 16
SAD_AVG2 16, 8
SAD_AVG2 8, 16
SAD_AVG2 8, 8
SAD_AVG2 8, 4
SAD_AVG2 4, 8
SAD_AVG2 4, 4
INIT_YMM avx2
SAD_AVG2 16, 16
SAD_AVG2 16, 8

; ---------------------------------------------------------------------------
; sad_avg2_x4 (common/pixel.h): sad_avg2 of one 16-wide src block against
; four pairs (a[k], b[k]). The seven pointers other than a[0] are kept as
; offsets from it, so per step only the base (with AVX2 two bases, rows y
; and y + 1, one per lane) and src advance. Each accumulator holds the
; psadbw qwords of one pair; the four are folded into scores[0..3] at the end.

; AVG2_X4_PAIR acc, a (row y), a (row y + 1), b (row y), b (row y + 1):
; m4 = src rows; acc += psadbw(src, pavgb(a, b))
%macro AVG2_X4_PAIR 5
  %if mmsize == 32
    vmovdqu xm0, %2
    vinserti128 m0, m0, %3, 1
    vmovdqu xm1, %4
    vinserti128 m1, m1, %5, 1
  %else
    movu m0, %2
    movu m1, %4
  %endif
    V pavgb, m0, m1
    V psadbw, m0, m4
    V paddd, m%1, m0
%endmacro

; p0 src, p1 src_stride, p2 a[4], p3 b[4], p4 ref_stride, p5 scores
%macro SAD_AVG2_X4 1 ; h
FUNC sad_avg2_x4_16x%1, 4
    mov t0, [p2]                ; base: a[0]
    mov t2, [p2 + 8]            ; offsets from it: a[1..3] ...
    mov s0, [p2 + 16]
    mov s1, [p2 + 24]
    mov s2, [p3]                ; ... b[0..3]
    mov s3, [p3 + 8]
    mov p2, [p3 + 16]
    mov p3, [p3 + 24]
    sub t2, t0
    sub s0, t0
    sub s1, t0
    sub s2, t0
    sub s3, t0
    sub p2, t0
    sub p3, t0
  %if mmsize == 32
    lea t1, [t0 + p4]           ; base of the odd rows
  %endif
    V pxor, m8, m8
    V pxor, m9, m9
    V pxor, m10, m10
    V pxor, m11, m11
  %rep %1 * 16 / mmsize
    %if mmsize == 32
        vmovdqu xm4, [p0]
        vinserti128 m4, m4, [p0 + p1], 1
    %else
        mova m4, [p0]
    %endif
    AVG2_X4_PAIR 8, [t0], [t1], [t0 + s2], [t1 + s2]
    AVG2_X4_PAIR 9, [t0 + t2], [t1 + t2], [t0 + s3], [t1 + s3]
    AVG2_X4_PAIR 10, [t0 + s0], [t1 + s0], [t0 + p2], [t1 + p2]
    AVG2_X4_PAIR 11, [t0 + s1], [t1 + s1], [t0 + p3], [t1 + p3]
    %if mmsize == 32
        lea p0, [p0 + 2 * p1]
        lea t0, [t0 + 2 * p4]
        lea t1, [t1 + 2 * p4]
    %else
        add p0, p1
        add t0, p4
    %endif
  %endrep
  %if mmsize == 32
    vextracti128 xm0, m8, 1
    vpaddd xm8, xm8, xm0
    vextracti128 xm0, m9, 1
    vpaddd xm9, xm9, xm0
    vextracti128 xm0, m10, 1
    vpaddd xm10, xm10, xm0
    vextracti128 xm0, m11, 1
    vpaddd xm11, xm11, xm0
    vpunpcklqdq xm0, xm8, xm9   ; (a lo, b lo)
    vpunpckhqdq xm8, xm8, xm9   ; (a hi, b hi)
    vpaddd xm8, xm8, xm0        ; a in dword 0, b in dword 2
    vpunpcklqdq xm1, xm10, xm11
    vpunpckhqdq xm10, xm10, xm11
    vpaddd xm10, xm10, xm1
    vshufps xm8, xm8, xm10, 0x88
    vmovdqu [p5], xm8
  %else
    movdqa m0, m8
    punpcklqdq m0, m9
    punpckhqdq m8, m9
    paddd m8, m0
    movdqa m1, m10
    punpcklqdq m1, m11
    punpckhqdq m10, m11
    paddd m10, m1
    shufps m8, m10, 0x88
    movdqu [p5], m8
  %endif
    RET
%endmacro

INIT_XMM sse2
SAD_AVG2_X4 16
SAD_AVG2_X4 8

INIT_YMM avx2
SAD_AVG2_X4 16
SAD_AVG2_X4 8

END_FUNCS
