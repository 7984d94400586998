; SPDX-License-Identifier: BSD-2-Clause
;
; Inverse transforms (8.5.12.2, 8.5.10). The C reference computes in int;
; so do these (32-bit lanes), which keeps them bit-exact for any int16
; input, conforming or not.

%include "common/x86/x86asm.inc"

RODATA
align 16
pd_32: times 4 dd 32

INIT_XMM sse2

; Transpose the 4x4 dwords in m0..m3 (scratch m4, m5).
%macro TRANSPOSE4x4D 0
    mova m4, m0
    punpckldq m0, m1        ; a0 b0 a1 b1
    punpckhdq m4, m1        ; a2 b2 a3 b3
    mova m5, m2
    punpckldq m2, m3        ; c0 d0 c1 d1
    punpckhdq m5, m3        ; c2 d2 c3 d3
    mova m1, m0
    punpcklqdq m0, m2       ; a0 b0 c0 d0
    punpckhqdq m1, m2       ; a1 b1 c1 d1
    mova m2, m4
    punpcklqdq m2, m5       ; a2 b2 c2 d2
    punpckhqdq m4, m5       ; a3 b3 c3 d3
    mova m3, m4
%endmacro

; One 1-D inverse core transform pass (8.5.12.2, 8-338 .. 8-345) across the
; registers: m0..m3 = d0..d3 -> m0..m3 = f0..f3. Scratch m4.
%macro IDCT4_1D 0
    mova m4, m0
    paddd m0, m2            ; e0 = d0 + d2
    psubd m4, m2            ; e1 = d0 - d2
    mova m2, m1
    psrad m2, 1
    psubd m2, m3            ; e2 = (d1 >> 1) - d3
    psrad m3, 1
    paddd m3, m1            ; e3 = d1 + (d3 >> 1)
    mova m1, m4
    paddd m1, m2            ; f1 = e1 + e2
    psubd m4, m2            ; f2 = e1 - e2
    mova m2, m4
    mova m4, m0
    paddd m0, m3            ; f0 = e0 + e3
    psubd m4, m3            ; f3 = e0 - e3
    mova m3, m4
%endmacro

; itx_add4x4(dst, stride, coeffs): rows first, then columns, then
; (r + 32) >> 6 added with clipping; coeffs zeroed.
FUNC itx_add4x4
    mova m0, [p2]
    mova m2, [p2 + 16]
    mova m1, m0
    mova m3, m2
    punpcklwd m0, m0
    punpckhwd m1, m1
    punpcklwd m2, m2
    punpckhwd m3, m3
    psrad m0, 16            ; row 0 as dwords
    psrad m1, 16
    psrad m2, 16
    psrad m3, 16
    TRANSPOSE4x4D           ; registers = columns
    IDCT4_1D                ; horizontal pass: register k = column k
    TRANSPOSE4x4D           ; registers = rows
    IDCT4_1D                ; vertical pass: register k = output row k
    mova m4, [pd_32]
    paddd m0, m4
    paddd m1, m4
    paddd m2, m4
    paddd m3, m4
    psrad m0, 6
    psrad m1, 6
    psrad m2, 6
    psrad m3, 6
    ; Saturating packs and adds reproduce Clip1(pixel + r) for any r.
    packssdw m0, m1         ; rows 0, 1
    packssdw m2, m3         ; rows 2, 3
    pxor m5, m5
    lea t0, [3 * p1]
    movd m1, [p0]
    movd m4, [p0 + p1]
    punpckldq m1, m4
    punpcklbw m1, m5
    paddsw m0, m1
    movd m3, [p0 + 2 * p1]
    movd m4, [p0 + t0]
    punpckldq m3, m4
    punpcklbw m3, m5
    paddsw m2, m3
    packuswb m0, m2
    movd [p0], m0
    psrldq m0, 4
    movd [p0 + p1], m0
    psrldq m0, 4
    movd [p0 + 2 * p1], m0
    psrldq m0, 4
    movd [p0 + t0], m0
    mova [p2], m5
    mova [p2 + 16], m5
    RET

; itx_add4x4_dc(dst, stride, coeffs): dst += (coeffs[0] + 32) >> 6, clipped
FUNC itx_add4x4_dc
    movsx t0d, word [p2]
    add t0d, 32
    sar t0d, 6
    mov word [p2], 0
    movd m0, t0d
    pshuflw m0, m0, 0
    punpcklqdq m0, m0       ; dc in 8 words
    pxor m5, m5
    lea t0, [3 * p1]
    movd m1, [p0]
    movd m4, [p0 + p1]
    punpckldq m1, m4
    movd m2, [p0 + 2 * p1]
    movd m4, [p0 + t0]
    punpckldq m2, m4
    punpcklbw m1, m5
    punpcklbw m2, m5
    paddw m1, m0
    paddw m2, m0
    packuswb m1, m2
    movd [p0], m1
    psrldq m1, 4
    movd [p0 + p1], m1
    psrldq m1, 4
    movd [p0 + 2 * p1], m1
    psrldq m1, 4
    movd [p0 + t0], m1
    RET

INIT_XMM sse41

; 4-point Hadamard across m0..m3 (rows of +-1 as in 8-320), scratch m4, m5:
; out0 = a+b+c+d, out1 = a+b-c-d, out2 = a-b-c+d, out3 = a-b+c-d
%macro HADAMARD4_D 0
    mova m4, m0
    paddd m0, m1            ; a + b
    psubd m4, m1            ; a - b
    mova m5, m2
    paddd m2, m3            ; c + d
    psubd m5, m3            ; c - d
    mova m1, m0
    paddd m0, m2            ; out0
    psubd m1, m2            ; out1
    mova m2, m4
    psubd m2, m5            ; out2
    paddd m4, m5
    mova m3, m4             ; out3
%endmacro

; itx_luma_dc_dequant(out, in, qp, dc_scale) (8.5.10): f = H c H^T, then
; dcY = (f * scale) << (qp/6 - 6) for qp >= 36, else
; (f * scale + 2^(5 - qp/6)) >> (6 - qp/6); each to out[16 * k], truncated
; to 16 bits like the C reference's int16_t conversion.
FUNC itx_luma_dc_dequant
    SXD p2
    pmovsxwd m0, [p1]
    pmovsxwd m1, [p1 + 8]
    pmovsxwd m2, [p1 + 16]
    pmovsxwd m3, [p1 + 24]
    HADAMARD4_D             ; vertical: register m = row m of H c
    TRANSPOSE4x4D
    HADAMARD4_D             ; horizontal: register k, lane m = f[4m + k]
    movd m6, p3d
    pshufd m6, m6, 0
    pmulld m0, m6
    pmulld m1, m6
    pmulld m2, m6
    pmulld m3, m6
    imul t0d, p2d, 43
    shr t0d, 8              ; qp / 6 for qp in 0..51
    cmp p2d, 36
    jl .round_shift
    sub t0d, 6
    movd m6, t0d
    pslld m0, m6
    pslld m1, m6
    pslld m2, m6
    pslld m3, m6
    jmp .store
.round_shift:
    mov t1d, 6
    sub t1d, t0d            ; 6 - qp/6 (1 .. 6)
    mov t2d, 1
    lea ecx, [t1 - 1]       ; p3 (dc_scale) is no longer needed
    shl t2d, cl
    movd m6, t2d
    pshufd m6, m6, 0
    movd m7, t1d
    paddd m0, m6
    paddd m1, m6
    paddd m2, m6
    paddd m3, m6
    psrad m0, m7
    psrad m1, m7
    psrad m2, m7
    psrad m3, m7
.store:
    %assign k 0
    %rep 4
        %assign m 0
        %rep 4
            pextrd t0d, m%[k], m
            mov [p0 + 128 * m + 32 * k], t0w
            %assign m m + 1
        %endrep
        %assign k k + 1
    %endrep
    RET

END_FUNCS
