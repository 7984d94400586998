; SPDX-License-Identifier: BSD-2-Clause
;
; Encoder transform and quantisation helpers, see common/quant.h.

%include "common/x86/x86asm.inc"

RODATA
align 16
pb_1: times 16 db 1
; Frame zig-zag (8.5.6, Table 8-13) as word shuffles: scan positions 0..7
; come from raster 0 1 4 8 5 2 3 6, positions 8..15 from 9 12 13 10 7 11 14 15.
; -1 (0x80) bytes yield zero so the two halves can be ORed.
zigzag_lo_from_lo: db 0,1, 2,3, 8,9, 0x80,0x80, 10,11, 4,5, 6,7, 12,13
zigzag_lo_from_hi: db 0x80,0x80, 0x80,0x80, 0x80,0x80, 0,1, 0x80,0x80, 0x80,0x80, 0x80,0x80, 0x80,0x80
zigzag_hi_from_lo: db 0x80,0x80, 0x80,0x80, 0x80,0x80, 0x80,0x80, 14,15, 0x80,0x80, 0x80,0x80, 0x80,0x80
zigzag_hi_from_hi: db 2,3, 8,9, 10,11, 4,5, 0x80,0x80, 6,7, 12,13, 14,15
; low word of each dword into the low qword (the int16 truncation)
shuf_low_words: db 0,1, 4,5, 8,9, 12,13, 0x80,0x80, 0x80,0x80, 0x80,0x80, 0x80,0x80

INIT_XMM sse2

; Transpose 4x4 words held in the low halves of m0..m3 (rows) so that
; m0..m3 hold the columns (low halves). Scratch m4.
%macro TRANSPOSE4x4W 0
    punpcklwd m0, m1        ; r0c0 r1c0 r0c1 r1c1 r0c2 r1c2 r0c3 r1c3
    punpcklwd m2, m3        ; r2.. r3..
    mova m1, m0
    punpckldq m0, m2        ; c0 (r0..r3), c1
    punpckhdq m1, m2        ; c2, c3
    mova m2, m1
    pshufd m1, m0, 0xEE     ; c1
    pshufd m3, m2, 0xEE     ; c3
%endmacro

; Forward core transform butterflies across m0..m3 (d0..d3 -> f0..f3):
; f0 = s03 + s12, f1 = 2 m03 + m12, f2 = s03 - s12, f3 = m03 - 2 m12.
; Exact in 16 bits for residuals of 8-bit video (|f| <= 9180). Scratch m4, m5.
%macro FDCT4_1D 0
    mova m4, m0
    paddw m0, m3            ; s03
    psubw m4, m3            ; m03
    mova m5, m1
    paddw m1, m2            ; s12
    psubw m5, m2            ; m12
    mova m2, m0
    psubw m2, m1            ; f2
    paddw m0, m1            ; f0
    mova m1, m4
    paddw m1, m4
    paddw m1, m5            ; f1
    mova m3, m4
    psubw m3, m5
    psubw m3, m5            ; f3
%endmacro

; fdct4x4(coef, src, src_stride, pred, pred_stride). The transform has no
; rounding, so doing the vertical pass first gives the same result. The
; last transpose goes straight to the two raster halves.
FUNC fdct4x4
    pxor m6, m6
    %assign ri 0
    %rep 4
        movd m%[ri], [p1]
        movd m4, [p3]
        punpcklbw m%[ri], m6
        punpcklbw m4, m6
        psubw m%[ri], m4
        add p1, p2
        add p3, p4
        %assign ri ri + 1
    %endrep
    FDCT4_1D                ; vertical: register v = frequency v, lanes x
    TRANSPOSE4x4W           ; registers = columns x, lanes v
    FDCT4_1D                ; horizontal: register u, lanes v
    punpcklwd m0, m1        ; u0 u1 interleaved per v
    punpcklwd m2, m3        ; u2 u3
    mova m1, m0
    punpckldq m0, m2        ; rows v = 0 | 1
    punpckhdq m1, m2        ; rows v = 2 | 3
    mova [p0], m0
    mova [p0 + 16], m1
    RET

; fdct_dc4x4(dc): out = (H c H^T + 1) >> 1, computed in 32 bits and
; truncated to int16 like the C reference.
%macro HADAMARD4_D 0 ; m0..m3 -> a+b+c+d, a+b-c-d, a-b-c+d, a-b+c-d; scratch m4, m5
    mova m4, m0
    paddd m0, m1
    psubd m4, m1
    mova m5, m2
    paddd m2, m3
    psubd m5, m3
    mova m1, m0
    paddd m0, m2
    psubd m1, m2
    mova m2, m4
    psubd m2, m5
    paddd m4, m5
    mova m3, m4
%endmacro

%macro TRANSPOSE4x4D 0
    mova m4, m0
    punpckldq m0, m1
    punpckhdq m4, m1
    mova m5, m2
    punpckldq m2, m3
    punpckhdq m5, m3
    mova m1, m0
    punpcklqdq m0, m2
    punpckhqdq m1, m2
    mova m2, m4
    punpcklqdq m2, m5
    punpckhqdq m4, m5
    mova m3, m4
%endmacro

; dword -> wrapped int16 in place (low 16 bits, sign-extended)
%macro WRAP16 1
    pslld %1, 16
    psrad %1, 16
%endmacro

FUNC fdct_dc4x4
    movq m0, [p0]
    movq m1, [p0 + 8]
    movq m2, [p0 + 16]
    movq m3, [p0 + 24]
    punpcklwd m0, m0
    punpcklwd m1, m1
    punpcklwd m2, m2
    punpcklwd m3, m3
    psrad m0, 16
    psrad m1, 16
    psrad m2, 16
    psrad m3, 16
    HADAMARD4_D             ; vertical: register = output row
    TRANSPOSE4x4D
    HADAMARD4_D             ; horizontal: register = output column
    TRANSPOSE4x4D           ; back to rows
    pcmpeqd m5, m5
    psrld m5, 31            ; dword 1
    %assign ri 0
    %rep 4
        paddd m%[ri], m5
        psrad m%[ri], 1
        WRAP16 m%[ri]
        %assign ri ri + 1
    %endrep
    packssdw m0, m1
    packssdw m2, m3
    mova [p0], m0
    mova [p0 + 16], m2
    RET

; dequant4x4(coef, scale): coef * scale, low 16 bits (the int16 conversion)
FUNC dequant4x4
    mova m0, [p0]
    mova m1, [p0 + 16]
    movu m2, [p1]
    movu m3, [p1 + 16]
    pmullw m0, m2
    pmullw m1, m3
    mova [p0], m0
    mova [p0 + 16], m1
    RET

; coeff_count16(level): number of non-zero words among 16
FUNC coeff_count16
    movu m0, [p0]
    movu m1, [p0 + 16]
    pxor m7, m7
    pcmpeqw m0, m7
    pcmpeqw m1, m7
    packsswb m0, m1         ; -1 where zero
    pand m0, [pb_1]
    psadbw m0, m7
    pshufd m1, m0, 0xE
    paddd m0, m1
    movd t1d, m0            ; zeros
    mov eax, 16
    sub eax, t1d
    RET

; coeff_last{4,15,16}(level): index of the last non-zero word, -1 if none.
; Reads exactly level[0 .. n-1].
FUNC coeff_last4
    movq m0, [p0]
    pxor m7, m7
    pcmpeqw m0, m7
    pmovmskb t1d, m0
    not t1d
    and t1d, 0xFF
    mov eax, -1
    bsr t1d, t1d
    jz .done
    mov eax, t1d
    shr eax, 1
.done:
    RET

FUNC coeff_last16
    movu m0, [p0]
    movu m1, [p0 + 16]
    pxor m7, m7
    pcmpeqw m0, m7
    pcmpeqw m1, m7
    packsswb m0, m1
    pmovmskb t1d, m0
    xor t1d, 0xFFFF         ; bit i: level[i] != 0
    mov eax, -1
    bsr t1d, t1d
    jz .done
    mov eax, t1d
.done:
    RET

; level[0..7] and level[7..14] (the load ends at level[14])
FUNC coeff_last15
    movu m0, [p0]
    movu m1, [p0 + 14]
    pxor m7, m7
    pcmpeqw m0, m7
    pcmpeqw m1, m7
    packsswb m0, m1         ; bytes 0..7: level[0..7], 8..15: level[7..14]
    pmovmskb t1d, m0
    xor t1d, 0xFFFF
    mov eax, -1
    bsr t1d, t1d
    jz .done
    lea eax, [t1 - 1]       ; byte 8 + k is level[7 + k]
    cmp t1d, 8
    jae .done
    mov eax, t1d
.done:
    RET

INIT_XMM ssse3

; scan4x4(level, coef): level[k] = coef[zigzag[k]]
FUNC scan4x4
    mova m0, [p1]
    mova m1, [p1 + 16]
    mova m2, m0
    mova m3, m1
    pshufb m0, [zigzag_lo_from_lo]
    pshufb m1, [zigzag_lo_from_hi]
    por m0, m1
    mova m1, m3
    pshufb m2, [zigzag_hi_from_lo]
    pshufb m1, [zigzag_hi_from_hi]
    por m2, m1
    mova [p0], m0
    mova [p0 + 16], m2
    RET

; QUANT8 coef_reg, mf_reg, bias_mem_lo, bias_mem_hi: quantise 8 words in
; place: sign(c) * ((|c| * mf + bias) >> qbits), qbits count in m6,
; truncated to int16. Scratch m3, m4, m5.
%macro QUANT8 4
  %ifidn ISA, sse2
    ; |c| as (c ^ s) - s with s = c >> 15; the level's low 16 bits by a
    ; 16-bit sign extension of each dword (exact for packssdw); the sign back
    ; with the same s, and 0 where c == 0 as psignw gives. Scratch m9, m10.
    mova m9, %1
    psraw m9, 15
    mova m3, %1
    pxor m3, m9
    psubw m3, m9
  %else
    pabsw m3, %1
  %endif
    mova m4, m3
    pmullw m3, %2           ; low halves of |c| * mf
    pmulhuw m4, %2          ; high halves
    mova m5, m3
    punpcklwd m3, m4        ; products 0..3
    punpckhwd m5, m4        ; products 4..7
    paddd m3, %3
    paddd m5, %4
    psrld m3, m6
    psrld m5, m6
  %ifidn ISA, sse2
    pslld m3, 16
    psrad m3, 16
    pslld m5, 16
    psrad m5, 16
    packssdw m3, m5
    pxor m3, m9
    psubw m3, m9
    pxor m10, m10
    pcmpeqw m10, %1
    pandn m10, m3
    mova %1, m10
  %else
    pshufb m3, m9           ; keep the low 16 bits of each level
    pshufb m5, m9
    punpcklqdq m3, m5
    psignw m3, %1           ; sign of c (and 0 where c == 0)
    mova %1, m3
  %endif
%endmacro

; STORE16_RET_NONZERO: store the 16 quantised words (m0, m1) to p0 and
; return 1 if any is non-zero, else 0 (clobbers m7, t1)
%macro STORE16_RET_NONZERO 0
    movu [p0], m0
    movu [p0 + 16], m1
    por m0, m1
    pxor m7, m7
    pcmpeqw m0, m7
    pmovmskb t1d, m0
    xor eax, eax
    cmp t1d, 0xFFFF
    setne al
    RET
%endmacro

; quant4x4 and quant_dc are assembled for SSE2 and SSSE3 (see QUANT8).
%assign quant_isa 0
%rep 2
%if quant_isa == 0
INIT_XMM sse2
%else
INIT_XMM ssse3
%endif

; quant4x4(coef, mf, bias, qbits) -> non-zero flag
FUNC quant4x4
  %ifnidn ISA, sse2
    mova m9, [shuf_low_words]
  %endif
    movd m6, p3d
    mova m0, [p0]
    mova m1, [p0 + 16]
    movu m2, [p1]
    movu m7, [p2]
    movu m8, [p2 + 16]
    QUANT8 m0, m2, m7, m8
    movu m2, [p1 + 16]
    movu m7, [p2 + 32]
    movu m8, [p2 + 48]
    QUANT8 m1, m2, m7, m8
    STORE16_RET_NONZERO

; quant_dc(coef, n, mf, bias, qbits) -> non-zero flag; n = 4 or 16
FUNC quant_dc
  %ifnidn ISA, sse2
    mova m9, [shuf_low_words]
  %endif
    movd m6, p4d
    movd m2, p2d
    pshuflw m2, m2, 0
    punpcklqdq m2, m2       ; mf
    movd m7, p3d
    pshufd m7, m7, 0        ; bias
    cmp p1d, 4
    jne .n16
    movq m0, [p0]
    QUANT8 m0, m2, m7, m7
    movq [p0], m0
    pxor m7, m7
    pcmpeqw m0, m7
    pmovmskb t1d, m0
    and t1d, 0xFF
    xor eax, eax
    cmp t1d, 0xFF
    setne al
    RET
.n16:
    movu m0, [p0]
    movu m1, [p0 + 16]
    QUANT8 m0, m2, m7, m7
    QUANT8 m1, m2, m7, m7
    STORE16_RET_NONZERO

%assign quant_isa quant_isa + 1
%endrep

END_FUNCS
