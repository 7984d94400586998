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

; TRANSPOSE4D a, b, c, d, t0, t1: the 4x4 dwords of rows a..d (per 128-bit
; lane) become columns: a = col 0 .. d = col 3. Scratch t0, t1.
%macro TRANSPOSE4D 6
    mova %5, %1
    V punpckldq, %1, %2       ; a0 b0 a1 b1
    V punpckhdq, %5, %2       ; a2 b2 a3 b3
    mova %6, %3
    V punpckldq, %3, %4       ; c0 d0 c1 d1
    V punpckhdq, %6, %4       ; c2 d2 c3 d3
    mova %2, %1
    V punpcklqdq, %1, %3      ; col 0
    V punpckhqdq, %2, %3      ; col 1
    mova %3, %5
    V punpcklqdq, %3, %6      ; col 2
    V punpckhqdq, %5, %6
    mova %4, %5              ; col 3
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

; 4-wide rows of dst (p0, stride p1, t0 = 3 * stride).
; LOAD_2ROWS4 reg, row_a, row_b: two rows into the low 8 bytes (scratch m4).
%macro LOAD_2ROWS4 3
    movd %1, %2
    movd m4, %3
    punpckldq %1, m4
%endmacro

; STORE_4ROWS4 reg: the four dwords of reg as rows 0..3 (clobbers reg).
%macro STORE_4ROWS4 1
    movd [p0], %1
    psrldq %1, 4
    movd [p0 + p1], %1
    psrldq %1, 4
    movd [p0 + 2 * p1], %1
    psrldq %1, 4
    movd [p0 + t0], %1
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
    TRANSPOSE4D m0, m1, m2, m3, m4, m5 ; registers = columns
    IDCT4_1D                ; horizontal pass: register k = column k
    TRANSPOSE4D m0, m1, m2, m3, m4, m5 ; registers = rows
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
    LOAD_2ROWS4 m1, [p0], [p0 + p1]
    punpcklbw m1, m5
    paddsw m0, m1
    LOAD_2ROWS4 m3, [p0 + 2 * p1], [p0 + t0]
    punpcklbw m3, m5
    paddsw m2, m3
    packuswb m0, m2
    STORE_4ROWS4 m0
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
    LOAD_2ROWS4 m1, [p0], [p0 + p1]
    LOAD_2ROWS4 m2, [p0 + 2 * p1], [p0 + t0]
    punpcklbw m1, m5
    punpcklbw m2, m5
    paddw m1, m0
    paddw m2, m0
    packuswb m1, m2
    STORE_4ROWS4 m1
    RET

; itx_add4x4_dc_x4(dst, stride, coeffs): add4x4_dc on the four blocks of an
; 8x8 (block k's DC in coeffs[16 * k]). (c + 32) >> 6 as ((c >> 5) + 1) >> 1
; (no int16 overflow); the values as bytes, positive and negative parts
; apart, so a saturating add and subtract give the clipped sum, two rows
; (movq + movhps) at a time.
%macro ADD_DC_2ROWS 4 ; row a, row b, positive, negative
    movq m4, %1
    movhps m4, %2
    paddusb m4, %3
    psubusb m4, %4
    movq %1, m4
    movhps %2, m4
%endmacro

FUNC itx_add4x4_dc_x4
    movd m0, [p2]
    pinsrw m0, [p2 + 32], 1
    pinsrw m0, [p2 + 64], 2
    pinsrw m0, [p2 + 96], 3
    xor t0d, t0d
    mov [p2], t0w
    mov [p2 + 32], t0w
    mov [p2 + 64], t0w
    mov [p2 + 96], t0w
    psraw m0, 5
    pcmpeqw m1, m1
    psubw m0, m1                ; + 1
    psraw m0, 1                 ; dc0..3
    pxor m1, m1
    psubw m1, m0
    packuswb m0, m0             ; max(dc, 0) as bytes
    packuswb m1, m1             ; max(-dc, 0)
    punpcklbw m0, m0
    punpcklbw m1, m1
    punpcklwd m0, m0            ; each dc in four bytes
    punpcklwd m1, m1
    pshufd m2, m0, 0x44         ; rows 0-3: blocks 0, 1
    pshufd m0, m0, 0xEE         ; rows 4-7: blocks 2, 3
    pshufd m3, m1, 0x44
    pshufd m1, m1, 0xEE
    lea t0, [3 * p1]
    ADD_DC_2ROWS [p0], [p0 + p1], m2, m3
    ADD_DC_2ROWS [p0 + 2 * p1], [p0 + t0], m2, m3
    lea p0, [p0 + 4 * p1]
    ADD_DC_2ROWS [p0], [p0 + p1], m0, m1
    ADD_DC_2ROWS [p0 + 2 * p1], [p0 + t0], m0, m1
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
    TRANSPOSE4D m0, m1, m2, m3, m4, m5
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

; ---------------------------------------------------------------------------
; 8x8 inverse transform + add (8.5.13), 32-bit lanes like the C reference.

; One 1-D pass of the 8x8 inverse transform (8.5.13.2, 8-355 .. 8-378)
; across registers: m0..m7 = d0..d7 -> m0..m7 = outputs 0..7. Scratch m8..m11.
%macro IDCT8_1D 0
    ; even half
    mova m8, m0
    V paddd, m0, m4           ; a0 = d0 + d4
    V psubd, m8, m4           ; a4 = d0 - d4
    mova m9, m2
    V psrad, m9, 1
    V psubd, m9, m6           ; a2 = (d2 >> 1) - d6
    V psrad, m6, 1
    V paddd, m6, m2           ; a6 = d2 + (d6 >> 1)
    mova m2, m0
    V paddd, m0, m6           ; b0 = a0 + a6
    V psubd, m2, m6           ; b6 = a0 - a6
    mova m4, m8
    V paddd, m8, m9           ; b2 = a4 + a2
    V psubd, m4, m9           ; b4 = a4 - a2
    ; odd half
    mova m6, m5
    V psubd, m6, m3
    V psubd, m6, m7
    mova m9, m7
    V psrad, m9, 1
    V psubd, m6, m9           ; a1 = d5 - d3 - d7 - (d7 >> 1)
    mova m9, m1
    V paddd, m9, m7
    V psubd, m9, m3
    mova m10, m3
    V psrad, m10, 1
    V psubd, m9, m10          ; a3 = d1 + d7 - d3 - (d3 >> 1)
    mova m10, m7
    V psubd, m10, m1
    V paddd, m10, m5
    mova m11, m5
    V psrad, m11, 1
    V paddd, m10, m11         ; a5 = d7 - d1 + d5 + (d5 >> 1)
    V paddd, m3, m5
    V paddd, m3, m1
    V psrad, m1, 1
    V paddd, m3, m1           ; a7 = d3 + d5 + d1 + (d1 >> 1)
    mova m1, m3
    V psrad, m1, 2
    V paddd, m1, m6           ; b1 = a1 + (a7 >> 2)
    V psrad, m6, 2
    V psubd, m3, m6           ; b7 = a7 - (a1 >> 2)
    mova m5, m10
    V psrad, m5, 2
    V paddd, m5, m9           ; b3 = a3 + (a5 >> 2)
    V psrad, m9, 2
    V psubd, m9, m10          ; b5 = (a3 >> 2) - a5
    ; outputs: b0 m0, b2 m8, b4 m4, b6 m2 / b1 m1, b3 m5, b5 m9, b7 m3
    mova m7, m0
    V psubd, m7, m3           ; 7 = b0 - b7
    V paddd, m0, m3           ; 0 = b0 + b7
    mova m6, m8
    V psubd, m6, m9           ; 6 = b2 - b5
    mova m3, m2
    V paddd, m3, m1           ; 3 = b6 + b1
    V psubd, m2, m1
    mova m10, m2             ; 4 = b6 - b1
    mova m1, m8
    V paddd, m1, m9           ; 1 = b2 + b5
    mova m2, m4
    V paddd, m2, m5           ; 2 = b4 + b3
    V psubd, m4, m5
    mova m5, m4              ; 5 = b4 - b3
    mova m4, m10
%endmacro

INIT_XMM sse2

; Four rows of 4 coefficients (words at p2 + %1, stride 16) as dwords in
; %2..%5, transposed: %2 = column 0 of the four rows .. %5 = column 3.
%macro LOAD_ROWS4_T 5
    movq %2, [p2 + %1]
    movq %3, [p2 + %1 + 16]
    movq %4, [p2 + %1 + 32]
    movq %5, [p2 + %1 + 48]
    punpcklwd %2, %2
    punpcklwd %3, %3
    punpcklwd %4, %4
    punpcklwd %5, %5
    psrad %2, 16
    psrad %3, 16
    psrad %4, 16
    psrad %5, 16
    TRANSPOSE4D %2, %3, %4, %5, m8, m9
%endmacro

; ADD4_ROWS2 ra, rb: rows held as 4 dwords (already >> 6) added to the 4
; pixels at [p0] and [p0 + p1] with clipping; p0 advances two rows.
%macro ADD4_ROWS2 2
    packssdw %1, %2
    movd m8, [p0]
    movd m9, [p0 + p1]
    punpckldq m8, m9
    punpcklbw m8, m15
    paddsw %1, m8
    packuswb %1, %1
    movd [p0], %1
    psrlq %1, 32
    movd [p0 + p1], %1
    lea p0, [p0 + 2 * p1]
%endmacro

; itx_add8x8(dst, stride, coeffs): rows (two halves of four rows), then
; columns (two halves of four columns) through a 256-byte stack block of
; the row results in raster order; coeffs zeroed.
FUNC itx_add8x8
    sub rsp, 264             ; rsp is 16-byte aligned after this
    %assign h 0
    %rep 2
        LOAD_ROWS4_T 64 * h, m0, m1, m2, m3
        LOAD_ROWS4_T 64 * h + 8, m4, m5, m6, m7
        IDCT8_1D              ; m_k: column k of rows 4h .. 4h+3
        TRANSPOSE4D m0, m1, m2, m3, m8, m9
        TRANSPOSE4D m4, m5, m6, m7, m8, m9
        mova [rsp + 128 * h], m0
        mova [rsp + 128 * h + 16], m4
        mova [rsp + 128 * h + 32], m1
        mova [rsp + 128 * h + 48], m5
        mova [rsp + 128 * h + 64], m2
        mova [rsp + 128 * h + 80], m6
        mova [rsp + 128 * h + 96], m3
        mova [rsp + 128 * h + 112], m7
        %assign h h + 1
    %endrep
    pxor m15, m15
    %assign k 0
    %rep 8
        mova [p2 + 16 * k], m15
        %assign k k + 1
    %endrep
    mova m14, [pd_32]
    mov t0, p0
    %assign g 0
    %rep 2
        %assign k 0
        %rep 8
            mova m%[k], [rsp + 32 * k + 16 * g]
            %assign k k + 1
        %endrep
        IDCT8_1D              ; m_k: row k, columns 4g .. 4g+3
        %assign k 0
        %rep 8
            paddd m%[k], m14
            psrad m%[k], 6
            %assign k k + 1
        %endrep
        lea p0, [t0 + 4 * g]
        ADD4_ROWS2 m0, m1
        ADD4_ROWS2 m2, m3
        ADD4_ROWS2 m4, m5
        ADD4_ROWS2 m6, m7
        %assign g g + 1
    %endrep
    add rsp, 264
    RET

INIT_YMM avx2

; itx_add8x8 with the whole block in eight ymm registers (one row each).
FUNC itx_add8x8
    %assign k 0
    %rep 8
        vpmovsxwd m%[k], [p2 + 16 * k]
        %assign k k + 1
    %endrep
    call .transpose
    IDCT8_1D                  ; m_k: column k of all rows (rows in lanes)
    call .transpose
    IDCT8_1D                  ; m_k: row k
    vpxor xm15, xm15, xm15
    %assign k 0
    %rep 4
        vmovdqu [p2 + 32 * k], m15
        %assign k k + 1
    %endrep
    vpbroadcastd m14, [pd_32]
    lea t0, [3 * p1]
    %assign k 0
    %rep 4
        %assign a 2 * k
        %assign b 2 * k + 1
        vpaddd m%[a], m%[a], m14
        vpaddd m%[b], m%[b], m14
        vpsrad m%[a], m%[a], 6
        vpsrad m%[b], m%[b], 6
        vpackssdw m%[a], m%[a], m%[b]
        vpermq m%[a], m%[a], 0xd8    ; row 2k | row 2k+1, 8 words each
        %if k & 1
            vmovq xm8, [p0 + 2 * p1]
            vmovhps xm8, xm8, [p0 + t0]
        %else
            vmovq xm8, [p0]
            vmovhps xm8, xm8, [p0 + p1]
        %endif
        vpmovzxbw m8, xm8
        vpaddsw m%[a], m%[a], m8
        vpackuswb m%[a], m%[a], m%[a]
        vextracti128 xm9, m%[a], 1
        %if k & 1
            vmovq [p0 + 2 * p1], xm%[a]
            vmovq [p0 + t0], xm9
            lea p0, [p0 + 4 * p1]
        %else
            vmovq [p0], xm%[a]
            vmovq [p0 + p1], xm9
        %endif
        %assign k k + 1
    %endrep
    RET

; 8x8 dword transpose of m0..m7 (rows -> columns); scratch m8, m9, m12, m13.
.transpose:
    TRANSPOSE4D m0, m1, m2, m3, m8, m9
    TRANSPOSE4D m4, m5, m6, m7, m8, m9
    vperm2i128 m8, m0, m4, 0x20
    vperm2i128 m4, m0, m4, 0x31
    vperm2i128 m9, m1, m5, 0x20
    vperm2i128 m5, m1, m5, 0x31
    vperm2i128 m12, m2, m6, 0x20
    vperm2i128 m6, m2, m6, 0x31
    vperm2i128 m13, m3, m7, 0x20
    vperm2i128 m7, m3, m7, 0x31
    vmovdqa m0, m8
    vmovdqa m1, m9
    vmovdqa m2, m12
    vmovdqa m3, m13
    ret

END_FUNCS
