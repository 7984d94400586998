; SPDX-License-Identifier: BSD-2-Clause
;
; sad_avg2 (common/pixel.h): SAD of src against pavgb(a, b), i.e. the
; rounded average (a + b + 1) >> 1 of two half-sample candidates.

%include "common/x86/x86asm.inc"

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

END_FUNCS
