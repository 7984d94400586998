; SPDX-License-Identifier: BSD-2-Clause
;
; 8x8 luma intra prediction (8.3.2.2, High profile), see common/ipred.h.
; The neighbours come from `edge` (the filtered samples of 8.3.2.2.1):
;   edge[-8 .. -1] = p'[-1, 7] .. p'[-1, 0]   (left column, bottom first)
;   edge[0]        = p'[-1, -1]
;   edge[1 .. 16]  = p'[0, -1] .. p'[15, -1]
; so E[j] = edge[j - 8] is one line L7 .. L0, TL, T0 .. T15 and the
; directional modes are 3-tap filters / 2-tap averages along it. Loads stay
; inside edge[-8 .. 16].
;
; 3-tap filter (a + 2b + c + 2) >> 2 exactly in bytes:
;   pavgb(b, pavgb(a, c) - ((a ^ c) & 1)),
; since pavgb(a, c) - ((a ^ c) & 1) = (a + c) >> 1.

%include "common/x86/x86asm.inc"

RODATA
align 16
p8_pb_1: times 16 db 1
p8_pw_8: times 8 dw 8
p8_pw_4: times 8 dw 4
; diagonal down left: T1..T15,T15 and T2..T15,T15,T15 (8.3.2.2.4: the
; last sample uses p'[15,-1] twice)
ddl_shuf1: db 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15
ddl_shuf2: db 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15, 15
; vertical right (see ipred8_vr)
vr_even_g: db 2, 4, 6, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
vr_even_a: db -1, -1, -1, 7, 8, 9, 10, 11, 12, 13, 14, -1, -1, -1, -1, -1
vr_odd_g: db 1, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14, -1, -1, -1, -1, -1
; horizontal up: the left column top first, L7 repeated
hu_shuf: db 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
one64: dq 0x0101010101010101
p8_pb_128: times 8 db 128

INIT_XMM sse2

; FILT3 dst, a, b, c, tmp: dst = (a + 2b + c + 2) >> 2 per byte; dst may
; be a (a is then clobbered), b and c are kept.
%macro FILT3 5
    mova %5, %2
    pxor %5, %4
    pand %5, [p8_pb_1]
    %ifnidn %1, %2
        mova %1, %2
    %endif
    pavgb %1, %4
    psubusb %1, %5
    pavgb %1, %3
%endmacro

; STORE8 y, reg: the low 8 bytes of reg to row y (t0 = 3 * stride,
; t1 = dst + 4 * stride, set by ROWS_SETUP)
%macro ROWS_SETUP 0
    lea t0, [3 * p1]
    lea t1, [p0 + 4 * p1]
%endmacro

; STORE8 y, reg[, insn]: 8 bytes of reg to row y (after ROWS_SETUP) with
; movq, or insn (mov for a general register).
%macro STORE8 2-3 movq
    %if %1 == 0
        %3 [p0], %2
    %elif %1 == 1
        %3 [p0 + p1], %2
    %elif %1 == 2
        %3 [p0 + 2 * p1], %2
    %elif %1 == 3
        %3 [p0 + t0], %2
    %elif %1 == 4
        %3 [t1], %2
    %elif %1 == 5
        %3 [t1 + p1], %2
    %elif %1 == 6
        %3 [t1 + 2 * p1], %2
    %else
        %3 [t1 + t0], %2
    %endif
%endmacro

; FILL8 reg: reg's low 8 bytes to all 8 rows, then return
%macro FILL8 1
    ROWS_SETUP
    %assign y 0
    %rep 8
        STORE8 y, %1
        %assign y y + 1
    %endrep
    RET
%endmacro

; DC_FINISH: m0 (sum in the low word) + round m1, >> shift -> all rows
%macro DC_FINISH 1
    paddw m0, m1
    psrlw m0, %1
    punpcklbw m0, m0
    pshuflw m0, m0, 0
    FILL8 m0
%endmacro

FUNC ipred8_v
    movq m0, [p2 + 1]
    FILL8 m0

FUNC ipred8_h
    mov t2, [one64]
    ROWS_SETUP
    %assign y 0
    %rep 8
        movzx p3d, byte [p2 - 1 - y]
        imul p3, t2
        STORE8 y, p3, mov
        %assign y y + 1
    %endrep
    RET

FUNC ipred8_dc
    movq m0, [p2 + 1]
    movq m1, [p2 - 8]
    pxor m2, m2
    psadbw m0, m2
    psadbw m1, m2
    paddw m0, m1
    mova m1, [p8_pw_8]
    DC_FINISH 4

FUNC ipred8_dc_left
    movq m0, [p2 - 8]
    pxor m2, m2
    psadbw m0, m2
    mova m1, [p8_pw_4]
    DC_FINISH 3

FUNC ipred8_dc_top
    movq m0, [p2 + 1]
    pxor m2, m2
    psadbw m0, m2
    mova m1, [p8_pw_4]
    DC_FINISH 3

FUNC ipred8_dc_128
    movq m0, [p8_pb_128]
    FILL8 m0

; The directional modes' shared steps.
; LOAD_E3: m0, m1, m2 = the edge line E from E[0], E[1], E[2] (edge - 8 ..).
%macro LOAD_E3 0
    movu m0, [p2 - 8]
    movu m1, [p2 - 7]
    movu m2, [p2 - 6]
%endmacro

; SHIFT2_AVG: m1, m2 = m0 shifted down by 1 and 2 bytes, m4 = avg(m0, m1).
%macro SHIFT2_AVG 0
    mova m1, m0
    psrldq m1, 1
    mova m2, m0
    psrldq m2, 2
    mova m4, m0
    pavgb m4, m1
%endmacro

; STORE_DIAGONAL first, step: the low 8 bytes of m0 as row `first`, then
; m0 one byte further for each row first + step, first + 2 step, ..
%macro STORE_DIAGONAL 2
    ROWS_SETUP
    %assign %%y %1
    %rep 8
        STORE8 %%y, m0
        psrldq m0, 1
        %assign %%y %%y + %2
    %endrep
%endmacro

; Diagonal down right (8.3.2.2.5): pred[y][x] = G[8 + x - y] where
; G[j] = filt3(E[j-1], E[j], E[j+1]); m0 = G[1 .. 16], row y = G[8-y ..].
FUNC ipred8_ddr
    LOAD_E3
    FILT3 m0, m0, m1, m2, m3
    STORE_DIAGONAL 7, -1
    RET

; Vertical left (8.3.2.2.8): row 2r = avg(T(i), T(i+1)), row 2r+1 =
; filt3(T(i), T(i+1), T(i+2)), i = x + r; uses T0 .. T12.
FUNC ipred8_vl
    movu m0, [p2 + 1]
    SHIFT2_AVG
    FILT3 m0, m0, m1, m2, m3
    ROWS_SETUP
    %assign r 0
    %rep 4
        STORE8 2 * r, m4
        STORE8 2 * r + 1, m0
        psrldq m4, 1
        psrldq m0, 1
        %assign r r + 1
    %endrep
    RET

INIT_XMM ssse3

; Diagonal down left (8.3.2.2.4): row y = F[y .. y+7], F[i] =
; filt3(T(i), T(i+1), T(i+2)) with T16 = T17 = T15.
FUNC ipred8_ddl
    movu m0, [p2 + 1]
    mova m1, m0
    mova m2, m0
    pshufb m1, [ddl_shuf1]
    pshufb m2, [ddl_shuf2]
    FILT3 m0, m0, m1, m2, m3
    STORE_DIAGONAL 0, 1
    RET

; Vertical right (8.3.2.2.6), with A[j] = avg(E[j], E[j+1]) and G as in
; ddr: row 2r = (G[9-2r], .., G[7], A[8], ..) and row 2r+1 = (G[8-2r], ..,
; G[6], G[8], ..): even rows are 8 bytes of [G3 G5 G7 A8 .. A15] starting
; at 3 - r, odd rows of [G2 G4 G6 G8 .. G15].
FUNC ipred8_vr
    LOAD_E3
    mova m4, m1
    pavgb m4, m2            ; A[1 ..]
    FILT3 m0, m0, m1, m2, m3 ; G[1 ..]
    mova m1, m0
    mova m2, m0
    pshufb m1, [vr_even_g]
    pshufb m4, [vr_even_a]
    por m1, m4              ; even rows
    pshufb m2, [vr_odd_g]   ; odd rows
    ROWS_SETUP
    %assign r 3
    %rep 4
        STORE8 2 * r, m1
        STORE8 2 * r + 1, m2
        psrldq m1, 1
        psrldq m2, 1
        %assign r r - 1
    %endrep
    RET

; Horizontal down (8.3.2.2.7): row y is 8 bytes of
; H = [A0 G1 A1 G2 .. A7 G8 G9 .. G14] starting at 14 - 2y.
FUNC ipred8_hd
    LOAD_E3
    mova m4, m0
    pavgb m4, m1            ; A[0 ..]
    FILT3 m0, m0, m1, m2, m3 ; G[1 ..]
    punpcklbw m4, m0        ; H[0 .. 15]
    psrldq m0, 8            ; H[16 ..]
    ROWS_SETUP
    %assign y 0
    %rep 8
        %if y == 7
            STORE8 y, m4
        %else
            mova m1, m0
            palignr m1, m4, 14 - 2 * y
            STORE8 y, m1
        %endif
        %assign y y + 1
    %endrep
    RET

; Horizontal up (8.3.2.2.9): with the left column top first and L7
; repeated (which gives the z = 13 and z > 13 cases), row y is 8 bytes of
; [avg(L0,L1) filt3(L0,L1,L2) avg(L1,L2) ..] starting at 2y.
FUNC ipred8_hu
    movq m0, [p2 - 8]
    pshufb m0, [hu_shuf]
    SHIFT2_AVG
    FILT3 m0, m0, m1, m2, m3
    mova m5, m4
    punpcklbw m4, m0
    punpckhbw m5, m0
    ROWS_SETUP
    STORE8 0, m4
    %assign y 1
    %rep 7
        mova m1, m5
        palignr m1, m4, 2 * y
        STORE8 y, m1
        %assign y y + 1
    %endrep
    RET

END_FUNCS
