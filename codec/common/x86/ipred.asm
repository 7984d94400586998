; SPDX-License-Identifier: BSD-2-Clause
;
; Intra prediction (8.3), see common/ipred.h: predicts in place at dst from
; the neighbours in the frame (left column dst[-1 + y * stride], top row
; dst[x - stride], top-left dst[-1 - stride]); 4x4 modes also read the
; four top-right samples from `topright`. Only the neighbours a mode needs
; are read. The plane modes take their parameters from x86/ipred_init.c.

%include "common/x86/x86asm.inc"

RODATA
align 16
pb_1: times 16 db 1
pw_0to7: dw 0, 1, 2, 3, 4, 5, 6, 7
pw_8: times 8 dw 8
; replicate byte 7 (t7) past the end / byte 3 (l3) past the end
shuf_rep7: db 0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7
shuf_rep3: db 0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3
; rows 0..3 of vertical right / horizontal down from A0..A7 F0..F7
shuf_vr: db 4, 5, 6, 7, 11, 12, 13, 14, 10, 4, 5, 6, 9, 11, 12, 13
shuf_hd: db 3, 11, 12, 13, 2, 10, 3, 11, 1, 9, 2, 10, 0, 8, 1, 9

INIT_XMM sse2

; SPLAT_BYTE reg, gpr32: all bytes of reg = low byte of gpr32 (clobbers gpr)
%macro SPLAT_BYTE 2
    imul %2, %2, 0x01010101
    movd %1, %2
    pshufd %1, %1, 0
%endmacro

; SUM_LEFT n, out32: sum of dst[-1 + y * stride], y < n (t0, t1 scratch)
%macro SUM_LEFT 2
    lea t0, [p0 - 1]
    xor %2, %2
    %rep %1
        movzx t1d, byte [t0]
        add %2, t1d
        add t0, p1
    %endrep
%endmacro

; STORE_ROWS n, w, reg: store reg (w bytes) into n rows at dst
%macro STORE_ROWS 3
    lea t0, [3 * p1]
    %rep %1 / 4
        %if %2 == 16
            movu [p0], %3
            movu [p0 + p1], %3
            movu [p0 + 2 * p1], %3
            movu [p0 + t0], %3
        %elif %2 == 8
            movq [p0], %3
            movq [p0 + p1], %3
            movq [p0 + 2 * p1], %3
            movq [p0 + t0], %3
        %else
            movd [p0], %3
            movd [p0 + p1], %3
            movd [p0 + 2 * p1], %3
            movd [p0 + t0], %3
        %endif
        lea p0, [p0 + 4 * p1]
    %endrep
%endmacro

; ---------------------------------------------------------------------------
; 16x16 (8.3.3) and chroma 8x8 (8.3.4) vertical, horizontal, DC

%macro PRED_V 1 ; size
    mov t2, p0
    sub t2, p1
    %if %1 == 16
        movu m0, [t2]
    %else
        movq m0, [t2]
    %endif
    STORE_ROWS %1, %1, m0
    RET
%endmacro

%macro PRED_H 1
    %rep %1
        movzx t1d, byte [p0 - 1]
        SPLAT_BYTE m0, t1d
        %if %1 == 16
            movu [p0], m0
        %else
            movq [p0], m0
        %endif
        add p0, p1
    %endrep
    RET
%endmacro

FUNC ipred16_v
    PRED_V 16
FUNC ipred16_h
    PRED_H 16
FUNC ipredc_v
    PRED_V 8
FUNC ipredc_h
    PRED_H 8

; sum of the 16 top samples into t2d
%macro SUM_TOP16 0
    mov t2, p0
    sub t2, p1
    movu m0, [t2]
    pxor m1, m1
    psadbw m0, m1
    pshufd m1, m0, 0xE
    paddd m0, m1
    movd t2d, m0
%endmacro

FUNC ipred16_dc
    SUM_TOP16
    SUM_LEFT 16, p2d
    lea t2d, [t2 + p2 + 16]
    shr t2d, 5
    SPLAT_BYTE m0, t2d
    STORE_ROWS 16, 16, m0
    RET

FUNC ipred16_dc_left
    SUM_LEFT 16, t2d
    add t2d, 8
    shr t2d, 4
    SPLAT_BYTE m0, t2d
    STORE_ROWS 16, 16, m0
    RET

FUNC ipred16_dc_top
    SUM_TOP16
    add t2d, 8
    shr t2d, 4
    SPLAT_BYTE m0, t2d
    STORE_ROWS 16, 16, m0
    RET

FUNC ipred16_dc_128
    mov t2d, 128
    SPLAT_BYTE m0, t2d
    STORE_ROWS 16, 16, m0
    RET

FUNC ipredc_dc_128
    mov t2d, 128
    SPLAT_BYTE m0, t2d
    STORE_ROWS 8, 8, m0
    RET

; Chroma DC (8.3.4.1-3): each 4x4 block has its own DC. Top sums of the
; two halves go to t2d (left block) and p2d (right), left sums of rows 0..3
; and 4..7 to p3d and p4d.
%macro CHROMA_SUMS 2 ; need_top, need_left
    %if %1
        mov t2, p0
        sub t2, p1
        movd m0, [t2]
        movd m1, [t2 + 4]
        pxor m2, m2
        psadbw m0, m2
        psadbw m1, m2
        movd t2d, m0
        movd p2d, m1
    %endif
    %if %2
        lea t0, [p0 - 1]
        xor p3d, p3d
        xor p4d, p4d
        %rep 4
            movzx t1d, byte [t0]
            add p3d, t1d
            add t0, p1
        %endrep
        %rep 4
            movzx t1d, byte [t0]
            add p4d, t1d
            add t0, p1
        %endrep
    %endif
%endmacro

; Fill rows 0..3 with bytes (dc_left_block x4, dc_right_block x4) in
; %1 and %2 (32-bit values 0..255), rows 4..7 with %3, %4.
%macro CHROMA_FILL 4
    imul %1, %1, 0x01010101
    imul %2, %2, 0x01010101
    imul %3, %3, 0x01010101
    imul %4, %4, 0x01010101
    movd m0, %1
    movd m1, %2
    punpckldq m0, m1
    movd m2, %3
    movd m1, %4
    punpckldq m2, m1
    STORE_ROWS 4, 8, m0
    STORE_ROWS 4, 8, m2
    RET
%endmacro

FUNC ipredc_dc
    CHROMA_SUMS 1, 1
    ; block (0,0): top0 + left0; (1,0): top1; (0,1): left1; (1,1): top1 + left1
    lea t0d, [t2 + p3 + 4]
    shr t0d, 3
    lea t1d, [p2 + 2]
    shr t1d, 2
    lea p5d, [p2 + p4 + 4]
    shr p5d, 3
    add p4d, 2
    shr p4d, 2
    CHROMA_FILL t0d, t1d, p4d, p5d

FUNC ipredc_dc_left
    CHROMA_SUMS 0, 1
    add p3d, 2
    shr p3d, 2
    add p4d, 2
    shr p4d, 2
    mov t1d, p3d
    mov t2d, p4d
    CHROMA_FILL p3d, t1d, p4d, t2d

FUNC ipredc_dc_top
    CHROMA_SUMS 1, 0
    add t2d, 2
    shr t2d, 2
    add p2d, 2
    shr p2d, 2
    mov p3d, t2d
    mov p4d, p2d
    CHROMA_FILL t2d, p2d, p3d, p4d

; ---------------------------------------------------------------------------
; Plane fill: pred[y][x] = Clip1((base + b * x + c * y) >> 5), where the
; caller folded a, the centring and the +16 into base (8-138, 8-151).
; ipred_plane_fill{16,8}(dst, stride, base, b, c)
%macro PLANE_FILL 1
FUNC ipred_plane_fill%1
    movd m0, p2d
    pshuflw m0, m0, 0
    punpcklqdq m0, m0       ; base
    movd m1, p3d
    pshuflw m1, m1, 0
    punpcklqdq m1, m1       ; b
    movd m2, p4d
    pshuflw m2, m2, 0
    punpcklqdq m2, m2       ; c
    mova m3, [pw_0to7]
    pmullw m3, m1
    paddw m3, m0            ; base + b * x, x = 0..7
    %if %1 == 16
        psllw m1, 3
        mova m4, m3
        paddw m4, m1        ; x = 8..15
    %endif
    mov t0d, %1
.row:
    mova m5, m3
    psraw m5, 5
    %if %1 == 16
        mova m6, m4
        psraw m6, 5
        packuswb m5, m6
        movu [p0], m5
        paddw m4, m2
    %else
        packuswb m5, m5
        movq [p0], m5
    %endif
    paddw m3, m2
    add p0, p1
    dec t0d
    jg .row
    RET
%endmacro

PLANE_FILL 16
PLANE_FILL 8

; ---------------------------------------------------------------------------
; 4x4 (8.3.1.2): ipred4_<mode>(dst, stride, topright)

FUNC ipred4_v
    mov t2, p0
    sub t2, p1
    movd m0, [t2]
    STORE_ROWS 4, 4, m0
    RET

FUNC ipred4_h
    %rep 4
        movzx t1d, byte [p0 - 1]
        imul t1d, t1d, 0x01010101
        mov [p0], t1d
        add p0, p1
    %endrep
    RET

; sum of the 4 top samples into t2d
%macro SUM_TOP4 0
    mov t2, p0
    sub t2, p1
    movd m0, [t2]
    pxor m1, m1
    psadbw m0, m1
    movd t2d, m0
%endmacro

%macro FILL4 1 ; value register (32-bit, 0..255)
    imul %1, %1, 0x01010101
    mov [p0], %1
    mov [p0 + p1], %1
    mov [p0 + 2 * p1], %1
    lea t0, [3 * p1]
    mov [p0 + t0], %1
    RET
%endmacro

FUNC ipred4_dc
    SUM_TOP4
    SUM_LEFT 4, p3d
    lea t2d, [t2 + p3 + 4]
    shr t2d, 3
    FILL4 t2d

FUNC ipred4_dc_left
    SUM_LEFT 4, t2d
    add t2d, 2
    shr t2d, 2
    FILL4 t2d

FUNC ipred4_dc_top
    SUM_TOP4
    add t2d, 2
    shr t2d, 2
    FILL4 t2d

FUNC ipred4_dc_128
    mov t2d, 128
    FILL4 t2d

; FILT3 out, a, b, c, scratch: (a + 2b + c + 2) >> 2 per byte, as
; avg(floor((a + c) / 2), b) with the rounding bit of avg(a, c) removed.
; a and c are left unchanged; m15 must hold pb_1.
%macro FILT3 5
    mova %5, %2
    pxor %5, %4
    pand %5, m15            ; (a ^ c) & 1
    mova %1, %2
    pavgb %1, %4
    psubusb %1, %5          ; floor((a + c) / 2)
    pavgb %1, %3
%endmacro

; STORE4_ROWS_FROM reg, shift0, step: row y = bytes shift0 + y * step of reg
%macro STORE4_ROWS_FROM 3
    lea t0, [3 * p1]
    %assign %%y 0
    %rep 4
        %assign %%s %2 + %%y * %3
        %if %%s > 0
            mova m7, %1
            psrldq m7, %%s
            %xdefine %%src m7
        %else
            %xdefine %%src %1
        %endif
        %if %%y == 0
            movd [p0], %%src
        %elif %%y == 1
            movd [p0 + p1], %%src
        %elif %%y == 2
            movd [p0 + 2 * p1], %%src
        %else
            movd [p0 + t0], %%src
        %endif
        %assign %%y %%y + 1
    %endrep
    RET
%endmacro

; The six diagonal 4x4 modes are assembled for SSE2 and SSSE3: SSSE3
; builds the repeated edge samples and the vr/hd rows with pshufb, SSE2
; with shifts and general-register byte moves (the %rep below).

; t0..t7 (top and top-right) in bytes 0..7 of m0, t7 repeated after them
%macro LOAD_TOP8 0
    mov t2, p0
    sub t2, p1
    movd m0, [t2]
    movd m1, [p2]
    punpckldq m0, m1
  %ifidn ISA, sse2
    mova m1, m0
    psrldq m1, 7
    punpcklbw m1, m1
    pshuflw m1, m1, 0
    pslldq m1, 8
    por m0, m1
  %else
    pshufb m0, [shuf_rep7]
  %endif
%endmacro

; Left column l0..l3 in bytes 0..3 of m0, l3 repeated after them.
%macro LOAD_LEFT4 0
    movzx t0d, byte [p0 - 1]
    lea t2, [p0 + p1 - 1]
    movzx t1d, byte [t2]
    shl t1d, 8
    or t0d, t1d
    movzx t1d, byte [t2 + p1]
    shl t1d, 16
    or t0d, t1d
    movzx t1d, byte [t2 + 2 * p1]
  %ifidn ISA, sse2
    imul t1d, t1d, 0x01010101
    shl t1, 24              ; l3 in bytes 3..6 (and 7 below)
    or t0, t1
    shr t1, 24
    shl t1, 32
    or t0, t1               ; bytes 4..7 = l3 as well
    movq m0, t0
  %else
    shl t1d, 24
    or t0d, t1d
    movd m0, t0d
    pshufb m0, [shuf_rep3]
  %endif
%endmacro

; e = l3 l2 l1 l0 TL t0 t1 t2 t3 in bytes 0..8 of m0 (the edge in the
; order the down-right modes walk it).
%macro LOAD_EDGE9 0
    movzx t0d, byte [p0 - 1]          ; l0
    shl t0d, 24
    lea t2, [p0 + p1 - 1]
    movzx t1d, byte [t2]              ; l1
    shl t1d, 16
    or t0d, t1d
    movzx t1d, byte [t2 + p1]         ; l2
    shl t1d, 8
    or t0d, t1d
    movzx t1d, byte [t2 + 2 * p1]     ; l3
    or t0d, t1d
    mov t2, p0
    sub t2, p1
    movzx t1d, byte [t2 - 1]          ; top-left
    shl t1, 32
    or t0, t1
    movq m1, t0
    movd m0, [t2]
    pslldq m0, 5
    por m0, m1
%endmacro

; FILT3_EDGE: m1 = m0 >> 1 byte, m2 = m0 >> 2 bytes, m3 = filt3 of the
; byte triples of m0 (scratch m4; m15 = pb_1)
%macro FILT3_EDGE 0
    mova m1, m0
    psrldq m1, 1
    mova m2, m0
    psrldq m2, 2
    FILT3 m3, m0, m1, m2, m4
%endmacro

; m0 = e -> m3 = F[j] = filt3(e[j], e[j+1], e[j+2]), m0 = A[j] = avg(e[j], e[j+1])
%macro EDGE_FILTERS 0
    mova m15, [pb_1]
    FILT3_EDGE
    pavgb m0, m1
%endmacro

%assign ipred4_isa 0
%rep 2
%if ipred4_isa == 0
INIT_XMM sse2
%else
INIT_XMM ssse3
%endif

; Diagonal down left (8-49, 8-50): pred[y][x] = filt3(t[x+y], t[x+y+1],
; t[x+y+2]) with t8 = t7 so the corner case is the same formula.
FUNC ipred4_ddl
    mova m15, [pb_1]
    LOAD_TOP8
    FILT3_EDGE
    STORE4_ROWS_FROM m3, 0, 1

; Vertical left (8-63 .. 8-68): even rows avg(t[i], t[i+1]), odd rows
; filt3(t[i], t[i+1], t[i+2]), i = x + (y >> 1).
FUNC ipred4_vl
    mova m15, [pb_1]
    LOAD_TOP8
    FILT3_EDGE
    pavgb m0, m1
    lea t0, [3 * p1]
    movd [p0], m0
    movd [p0 + p1], m3
    psrldq m0, 1
    psrldq m3, 1
    movd [p0 + 2 * p1], m0
    movd [p0 + t0], m3
    RET

; Horizontal up (8-69 .. 8-72): with A[i] = avg(l[i], l[i+1]) and
; F[i] = filt3(l[i], l[i+1], l[i+2]) (l[4..] = l3), row y is
; A[y] F[y] A[y+1] F[y+1]; the z > 5 and z = 5 cases fall out of the
; repeated l3.
FUNC ipred4_hu
    mova m15, [pb_1]
    LOAD_LEFT4
    FILT3_EDGE
    pavgb m0, m1
    punpcklbw m0, m3
    STORE4_ROWS_FROM m0, 0, 2

; Diagonal down right (8-51 .. 8-53): pred[y][x] = F[3 + x - y].
FUNC ipred4_ddr
    LOAD_EDGE9
    EDGE_FILTERS
    lea t0, [3 * p1]
    movd [p0 + t0], m3
    psrldq m3, 1
    movd [p0 + 2 * p1], m3
    psrldq m3, 1
    movd [p0 + p1], m3
    psrldq m3, 1
    movd [p0], m3
    RET

; Vertical right (8-54 .. 8-57) and horizontal down (8-58 .. 8-61): every
; sample is one of A[j] or F[j]; with V = A0..A7 F0..F7 one pshufb builds
; all four rows (derived from zVR = 2x - y and zHD = 2y - x).
; SSE2: the same rows assembled in general registers from A (t0) and F (t1):
; vr rows A4..A7 / F3..F6 / F2 A4 A5 A6 / F1 F3 F4 F5, hd rows
; A3 F3 F4 F5 / A2 F2 A3 F3 / A1 F1 A2 F2 / A0 F0 A1 F1.
FUNC ipred4_vr
    LOAD_EDGE9
    EDGE_FILTERS
  %ifidn ISA, sse2
    movq t0, m0
    movq t1, m3
    lea p5, [3 * p1]
    shr t0, 32              ; A4 A5 A6 A7
    mov [p0], t0d
    mov t2, t1
    shr t2, 24              ; F3 F4 F5 F6
    mov [p0 + p1], t2d
    shl t0d, 8
    mov p4, t1
    shr p4, 16
    mov t0b, p4b            ; F2 A4 A5 A6
    mov [p0 + 2 * p1], t0d
    shl t2d, 8
    shr t1, 8
    mov t2b, t1b            ; F1 F3 F4 F5
    mov [p0 + p5], t2d
    RET
  %else
    punpcklqdq m0, m3
    pshufb m0, [shuf_vr]
    STORE4_ROWS_FROM m0, 0, 4
  %endif

FUNC ipred4_hd
    LOAD_EDGE9
    EDGE_FILTERS
  %ifidn ISA, sse2
    movq t1, m3
    punpcklbw m0, m3        ; A0 F0 A1 F1 A2 F2 A3 F3
    movq t0, m0
    lea p5, [3 * p1]
    mov [p0 + p5], t0d
    shr t0, 16
    mov [p0 + 2 * p1], t0d
    shr t0, 16
    mov [p0 + p1], t0d
    shr t0, 16              ; A3 F3
    shr t1, 16
    and t1d, 0xffff0000     ; F4 F5 in bytes 2, 3
    or t0d, t1d
    mov [p0], t0d
    RET
  %else
    punpcklqdq m0, m3
    pshufb m0, [shuf_hd]
    STORE4_ROWS_FROM m0, 0, 4
  %endif

%assign ipred4_isa ipred4_isa + 1
%endrep

END_FUNCS
