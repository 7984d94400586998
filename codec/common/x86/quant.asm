; SPDX-License-Identifier: BSD-2-Clause
;
; Encoder transform and quantisation helpers, see common/quant.h.

%include "common/x86/x86asm.inc"

RODATA
align 32
; sad_dc4x4_x8: dwords of the packed lanes into DCs (low) and bounds (high)
sad_dc_x8_order: dd 0, 4, 2, 6, 1, 5, 3, 7
; sad_dc4x4: pmaddubsw weights of (src, pred) byte pairs
pb_1_m1: times 16 db 1, -1
; words 0 and 4 (the planes' bounds) to words 0, 1
sad_dc_x8_bounds: db 0,1, 8,9, 0x80,0x80, 0x80,0x80, 0x80,0x80, 0x80,0x80, 0x80,0x80, 0x80,0x80
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
; scan_decimate4x4: score of a +-1 level by the zeros below it
run_weight: db 3, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
; intra4x4_satd_x9: the edge line X (X[i] = edge[i - 1], both ends
; replicated: X[0] = p[-1,3], X[14] = X[15] = p[7,-1]), its 2-tap averages
; F2[i] = (X[i] + X[i+1] + 1) >> 1 and 3-tap filter F3[i] = (X[i-1] +
; 2 X[i] + X[i+1] + 2) >> 2; each mode's 16 pixels (raster) are pshufb
; picks from them (0x80: from another source). Generated from the rules of
; 8.3.1.2.1-9 and checked against them for random edges.
i4_edge_x: db 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 12
i4_dc_sums: db 0, 1, 2, 3, 0x80, 0x80, 0x80, 0x80, 5, 6, 7, 8, 0x80, 0x80, 0x80, 0x80
i4_v_x: db 6, 7, 8, 9, 6, 7, 8, 9, 6, 7, 8, 9, 6, 7, 8, 9
i4_h_x: db 4, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1
i4_ddl_f3: db 7, 8, 9, 10, 8, 9, 10, 11, 9, 10, 11, 12, 10, 11, 12, 13
i4_ddr_f3: db 5, 6, 7, 8, 4, 5, 6, 7, 3, 4, 5, 6, 2, 3, 4, 5
i4_vr_f2: db 5, 6, 7, 8, 0x80, 0x80, 0x80, 0x80, 0x80, 5, 6, 7, 0x80, 0x80, 0x80, 0x80
i4_vr_f3: db 0x80, 0x80, 0x80, 0x80, 5, 6, 7, 8, 4, 0x80, 0x80, 0x80, 3, 5, 6, 7
i4_hd_f2: db 4, 0x80, 0x80, 0x80, 3, 0x80, 4, 0x80, 2, 0x80, 3, 0x80, 1, 0x80, 2, 0x80
i4_hd_f3: db 0x80, 5, 6, 7, 0x80, 4, 0x80, 5, 0x80, 3, 0x80, 4, 0x80, 2, 0x80, 3
i4_vl_f2: db 6, 7, 8, 9, 0x80, 0x80, 0x80, 0x80, 7, 8, 9, 10, 0x80, 0x80, 0x80, 0x80
i4_vl_f3: db 0x80, 0x80, 0x80, 0x80, 7, 8, 9, 10, 0x80, 0x80, 0x80, 0x80, 8, 9, 10, 11
i4_hu_x: db 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1, 1, 1, 1, 1, 1
i4_hu_f2: db 3, 0x80, 2, 0x80, 2, 0x80, 1, 0x80, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80
i4_hu_f3: db 0x80, 3, 0x80, 2, 0x80, 2, 0x80, 1, 0x80, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80
; SATD helpers: swap the words of each pair / the pairs of each quad, and
; the sign pattern turning (c0, c1, c2, c3) into (c0, -c1, c2, -c3)
; (32 bytes each: the AVX2 version reads them for both lanes)
align 32
shuf_swap_w: times 2 db 2,3, 0,1, 6,7, 4,5, 10,11, 8,9, 14,15, 12,13
shuf_swap_d: times 2 db 4,5, 6,7, 0,1, 2,3, 12,13, 14,15, 8,9, 10,11
pw_1m1: times 8 dw 1, -1
align 32
pw_no_dc: dw 0                   ; fdct_quant_ac4x4_x4: clears coefficient 0
    times 15 dw -1
pw_1: times 16 dw 1
pd_32: times 8 dd 32
; dequant_add4x4_x4: by the two mask bits of a block pair, all-ones in the
; 128-bit lane of each block to reconstruct (lane 0: left, lane 1: right)
pair_lane_masks:
    times 8 dd 0
    times 4 dd -1
    times 4 dd 0
    times 4 dd 0
    times 4 dd -1
    times 8 dd -1

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

; ZERO_WORDS16: m0 = the 16 words at p0 packed to bytes, -1 where the word
; is zero; m7 = 0, m1 clobbered
%macro ZERO_WORDS16 0
    movu m0, [p0]
    movu m1, [p0 + 16]
    pxor m7, m7
    pcmpeqw m0, m7
    pcmpeqw m1, m7
    packsswb m0, m1         ; -1 where zero
%endmacro

; COUNT_ZERO_WORDS16: t1d = the number of -1 bytes of ZERO_WORDS16's m0
%macro COUNT_ZERO_WORDS16 0
    pand m0, [pb_1]
    psadbw m0, m7
    pshufd m1, m0, 0xE
    paddd m0, m1
    movd t1d, m0            ; zeros
%endmacro

; coeff_count16(level): number of non-zero words among 16
FUNC coeff_count16
    ZERO_WORDS16
    COUNT_ZERO_WORDS16
    mov eax, 16
    sub eax, t1d
    RET

; coeff_mask16(level): bit i set iff word i is non-zero, the count of
; non-zero words in bits 16..20
FUNC coeff_mask16
    ZERO_WORDS16
    pmovmskb eax, m0
    xor eax, 0xFFFF         ; the non-zero words
    COUNT_ZERO_WORDS16
    neg t1d
    add t1d, 16
    shl t1d, 16
    or eax, t1d
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

; SCAN_ZIGZAG: the scan4x4 of the coef at p1 into m0 (level 0-7) and m2
; (level 8-15); scratch m1, m3.
%macro SCAN_ZIGZAG 0
  %if use_vex
    mova m3, [p1]
    mova m1, [p1 + 16]
    vpshufb m0, m3, [zigzag_lo_from_lo]
    vpshufb m2, m1, [zigzag_lo_from_hi]
    vpor m0, m0, m2
    vpshufb m2, m3, [zigzag_hi_from_lo]
    vpshufb m1, m1, [zigzag_hi_from_hi]
    vpor m2, m2, m1
  %else
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
  %endif
%endmacro

; scan_decimate4x4(level, coef) -> decimation score (see quant.h): the
; scan as scan4x4, any |level| >= 2 -> 9 (psubusw on the OR of the
; unsigned |level|s, so -32768 counts), else a walk over the non-zero bits
; from the top. Assembled for SSSE3 and, in VEX form, AVX2.
%assign sd_isa 0
%rep 2
%if sd_isa == 0
INIT_XMM ssse3
%else
INIT_XMM avx2
%endif
FUNC scan_decimate4x4
    SCAN_ZIGZAG
    mova [p0], m0
    mova [p0 + 16], m2
  %if use_vex
    vpabsw m4, m0
    vpabsw m5, m2
  %else
    pabsw m4, m0
    pabsw m5, m2
  %endif
    V por, m4, m5
    V psubusw, m4, [pw_1]   ; non-zero word: some |level| >= 2
    mov eax, 9
    V pxor, m7, m7
  %if use_vex
    vptest m4, m4
    jnz .done
  %else
    pcmpeqw m4, m7
    pmovmskb t1d, m4
    cmp t1d, 0xFFFF
    jne .done
  %endif
    V packsswb, m0, m2      ; a non-zero byte per non-zero level
    V pcmpeqb, m0, m7
    pmovmskb t1d, m0
    xor t1d, 0xFFFF         ; bit k: level[k] != 0
    xor eax, eax
    bsr t2d, t1d            ; the top non-zero level
    jz .done
    lea p3, [run_weight]
.next:
    btr t1d, t2d
    bsr p2d, t1d            ; the next one below, if any
    jz .last
    sub t2d, p2d
    movzx p1d, byte [p3 + t2 - 1]   ; run = i - j - 1
    add eax, p1d
    mov t2d, p2d
    jmp .next
.last:
    movzx p1d, byte [p3 + t2]       ; run = i zeros down to the start
    add eax, p1d
.done:
    RET
%assign sd_isa sd_isa + 1
%endrep
INIT_XMM ssse3

; HADAMARD_ROWS_ABS x, t: for x holding rows of 4 vertically transformed
; words, x = per row (max(|c0+c1|, |c2+c3|), max(|c0-c1|, |c2-c3|)) twice:
; the last Hadamard stage as |a+b| + |a-b| = 2 max(|a|, |b|), so the words
; of x sum to sum |H| of those rows. SSE or VEX form.
%macro HADAMARD_ROWS_ABS 2
    mova %2, %1
    V pshufb, %2, [shuf_swap_w]
    V psignw, %1, [pw_1m1]
    V paddw, %1, %2         ; c1+c0, c0-c1, c3+c2, c2-c3
    VX pabsw, %1, %1
    mova %2, %1
    V pshufb, %2, [shuf_swap_d]
    V pmaxsw, %1, %2
%endmacro

; SATD_PRED: m0 = prediction (16 bytes, rows 0-3; under AVX2 one such
; block per 128-bit lane) -> m0 = 8 words (per lane) whose sum is
; sum |H(src - pred)| = 2 * satd. Source words in m14 (rows 0, 1) and m15
; (rows 2, 3); m13 = 0; scratch m1-m3.
%macro SATD_PRED 0
    mova m1, m0
    V punpcklbw, m1, m13
    V punpckhbw, m0, m13
    mova m2, m14
    V psubw, m2, m1         ; rows 0, 1 of src - pred
    mova m1, m15
    V psubw, m1, m0         ; rows 2, 3
    mova m0, m2
    V paddw, m0, m1         ; r0+r2 | r1+r3
    V psubw, m2, m1         ; r0-r2 | r1-r3
    mova m1, m0
    V punpcklqdq, m1, m2    ; r0+r2 | r0-r2
    V punpckhqdq, m0, m2    ; r1+r3 | r1-r3
    mova m2, m1
    V paddw, m1, m0         ; vertical outputs 0, 2
    V psubw, m2, m0         ; vertical outputs 1, 3
    HADAMARD_ROWS_ABS m1, m3
    HADAMARD_ROWS_ABS m2, m3
    mova m0, m1
    V paddw, m0, m2
%endmacro

; PRED_PICK dst, first, source, table (xmm registers): dst = pick (first =
; 1) or dst |= pick; scratch xm1.
%macro PRED_PICK 4
  %if %2
    VX movdqa, %1, %3
    V pshufb, %1, [%4]
  %else
    VX movdqa, xm1, %3
    V pshufb, xm1, [%4]
    V por, %1, xm1
  %endif
%endmacro

; INTRA4_SETUP (xmm, SSE or VEX): xm14/xm15 = source rows 0-1 / 2-3 as
; words, xm13 = 0, xm9 = the DC value in every byte, xm10 = X, xm11 = F2,
; xm12 = F3 (see i4_edge_x).
%macro INTRA4_SETUP 0
    VX movd, xm0, [p1]
    VX movd, xm1, [p1 + p2]
    lea t0, [p1 + 2 * p2]
    VX movd, xm2, [t0]
    VX movd, xm3, [t0 + p2]
    V punpckldq, xm0, xm1
    V punpckldq, xm2, xm3
    V punpcklqdq, xm0, xm2  ; src rows 0-3
    VX pxor, xm13, xm13
    VX movdqa, xm14, xm0
    V punpcklbw, xm14, xm13
    V punpckhbw, xm0, xm13
    VX movdqa, xm15, xm0
    VX movdqu, xm0, [p3]
    ; DC (8.3.1.2.3) from the left and top sums by avail
    VX movdqa, xm1, xm0
    V pshufb, xm1, [i4_dc_sums]
    V psadbw, xm1, xm13
    VX movd, t1d, xm1       ; left sum
    VX pextrw, t2d, xm1, 4  ; top sum
    and p4d, 3
    mov eax, 128
    cmp p4d, 1
    jb .dc_done
    je .dc_left
    cmp p4d, 2
    je .dc_top
    lea eax, [t1 + t2 + 4]
    shr eax, 3
    jmp .dc_done
.dc_left:
    lea eax, [t1 + 2]
    shr eax, 2
    jmp .dc_done
.dc_top:
    lea eax, [t2 + 2]
    shr eax, 2
.dc_done:
    VX movd, xm9, eax
    V pshufb, xm9, xm13     ; dc in every byte
    V pshufb, xm0, [i4_edge_x]
    VX movdqa, xm10, xm0    ; X
    VX movdqa, xm1, xm0
    V psrldq, xm1, 1        ; X[i + 1]
    VX movdqa, xm2, xm0
    V pslldq, xm2, 1        ; X[i - 1]
    VX movdqa, xm11, xm0
    V pavgb, xm11, xm1      ; F2
    VX movdqa, xm3, xm2
    V pxor, xm3, xm1
    V pavgb, xm2, xm1
    V pand, xm3, [pb_1]
    V psubb, xm2, xm3       ; (X[i-1] + X[i+1]) >> 1
    VX movdqa, xm12, xm0
    V pavgb, xm12, xm2      ; F3
%endmacro

; intra4x4_satd_x9(satd[9], src, src_stride, edge[16], avail)
FUNC intra4x4_satd_x9
    INTRA4_SETUP
    ; modes 0-1, 2-3 -> m6; 4-5, 6-7 -> m7; then m6 = the 8 sums
    PRED_PICK m0, 1, m10, i4_v_x
    SATD_PRED
    mova m6, m0
    PRED_PICK m0, 1, m10, i4_h_x
    SATD_PRED
    phaddw m6, m0
    mova m0, m9
    SATD_PRED
    mova m7, m0
    PRED_PICK m0, 1, m12, i4_ddl_f3
    SATD_PRED
    phaddw m7, m0
    phaddw m6, m7
    PRED_PICK m0, 1, m12, i4_ddr_f3
    SATD_PRED
    mova m7, m0
    PRED_PICK m0, 1, m11, i4_vr_f2
    PRED_PICK m0, 0, m12, i4_vr_f3
    SATD_PRED
    phaddw m7, m0
    PRED_PICK m0, 1, m11, i4_hd_f2
    PRED_PICK m0, 0, m12, i4_hd_f3
    SATD_PRED
    mova m8, m0
    PRED_PICK m0, 1, m11, i4_vl_f2
    PRED_PICK m0, 0, m12, i4_vl_f3
    SATD_PRED
    phaddw m8, m0
    phaddw m7, m8
    phaddw m6, m7           ; 2 * satd of modes 0-7 (mod 2^16, each < 2^16)
    psrlw m6, 1
    mova m7, m6
    punpcklwd m6, m13
    punpckhwd m7, m13
    movu [p0], m6
    movu [p0 + 16], m7
    PRED_PICK m0, 1, m11, i4_hu_f2
    PRED_PICK m0, 0, m12, i4_hu_f3
    PRED_PICK m0, 0, m10, i4_hu_x
    SATD_PRED
    phaddw m0, m0
    phaddw m0, m0
    phaddw m0, m0
    pextrw eax, m0, 0
    shr eax, 1
    mov [p0 + 32], eax
    RET

; AVX2: two modes per ymm (one per 128-bit lane), the source words in both
; lanes. PAIR_SATD: xm0 = one mode's pick, xm4 = the other's -> m0.
%macro PAIR_SATD 0
    vinserti128 m0, m0, xm4, 1
    SATD_PRED
%endmacro

INIT_YMM avx2
FUNC intra4x4_satd_x9
    INTRA4_SETUP
    vpermq m14, m14, 0x44
    vpermq m15, m15, 0x44
    PRED_PICK xm0, 1, xm10, i4_v_x
    PRED_PICK xm4, 1, xm10, i4_h_x
    PAIR_SATD
    mova m6, m0                 ; modes 0 | 1
    vmovdqa xm0, xm9
    PRED_PICK xm4, 1, xm12, i4_ddl_f3
    PAIR_SATD
    vphaddw m6, m6, m0          ; 0, 2 | 1, 3
    PRED_PICK xm0, 1, xm12, i4_ddr_f3
    PRED_PICK xm4, 1, xm11, i4_vr_f2
    PRED_PICK xm4, 0, xm12, i4_vr_f3
    PAIR_SATD
    mova m7, m0                 ; 4 | 5
    PRED_PICK xm0, 1, xm11, i4_hd_f2
    PRED_PICK xm0, 0, xm12, i4_hd_f3
    PRED_PICK xm4, 1, xm11, i4_vl_f2
    PRED_PICK xm4, 0, xm12, i4_vl_f3
    PAIR_SATD
    vphaddw m7, m7, m0          ; 4, 6 | 5, 7
    vphaddw m6, m6, m7          ; 0, 2, 4, 6 | 1, 3, 5, 7 (two words each)
    vphaddw m6, m6, m6          ; one word each
    vextracti128 xm7, m6, 1
    vpunpcklwd xm6, xm6, xm7    ; 0 .. 7
    vpsrlw xm6, xm6, 1
    vpmovzxwd m6, xm6
    movu [p0], m6
    PRED_PICK xm0, 1, xm11, i4_hu_f2
    PRED_PICK xm0, 0, xm12, i4_hu_f3
    PRED_PICK xm0, 0, xm10, i4_hu_x
    vmovdqa xm4, xm0
    PAIR_SATD
    vphaddw xm0, xm0, xm0
    vphaddw xm0, xm0, xm0
    vphaddw xm0, xm0, xm0
    vpextrw eax, xm0, 0
    shr eax, 1
    mov [p0 + 32], eax
    RET

INIT_XMM ssse3

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

; ---------------------------------------------------------------------------
; Four-block versions for an 8x8 area (fdct4x4_x4, quant4x4_x4).

; FDCT4_1DV d0, d1, d2, d3, t0, t1: the FDCT4_1D butterflies on any four
; registers, in place (f0..f3 in d0..d3), in SSE or VEX form.
%macro FDCT4_1DV 6
    mova %5, %1
    V paddw, %1, %4          ; s03
    V psubw, %5, %4          ; m03
    mova %6, %2
    V paddw, %2, %3          ; s12
    V psubw, %6, %3          ; m12
    mova %3, %1
    V psubw, %3, %2          ; f2 = s03 - s12
    V paddw, %1, %2          ; f0 = s03 + s12
    mova %2, %5
    V paddw, %2, %5
    V paddw, %2, %6          ; f1 = 2 m03 + m12
    mova %4, %5
    V psubw, %4, %6
    V psubw, %4, %6          ; f3 = m03 - 2 m12
%endmacro

; TRANSPOSE_2x4x4W: m0..m3 hold rows r0..r3 of two 4x4 word blocks side by
; side (words 0-3: block A, 4-7: block B; per 128-bit lane under AVX2).
; Out: m0 = A r0|r1 (the 4x4 transpose's view: A's columns 0,1),
; m1 = A c2|c3, m4 = B c0|c1, m6 = B c2|c3 - i.e. each block transposed
; into two registers. Scratch m5.
%macro TRANSPOSE_2x4x4W 0
    mova m4, m0
    V punpcklwd, m0, m1      ; A: c0r0 c0r1 c1r0 c1r1 ...
    V punpckhwd, m4, m1      ; B
    mova m5, m2
    V punpcklwd, m2, m3      ; A: c0r2 c0r3 ...
    V punpckhwd, m5, m3      ; B
    mova m1, m0
    V punpckldq, m0, m2      ; A c0 c1
    V punpckhdq, m1, m2      ; A c2 c3
    mova m6, m4
    V punpckldq, m4, m5      ; B c0 c1
    V punpckhdq, m6, m5      ; B c2 c3
%endmacro

; FDCT_2x4x4: both passes of the transform on two side-by-side blocks
; whose residual rows are in m0..m3. The transform has no rounding and
; stays exact in 16 bits (|f| <= 9180), so the vertical pass goes first.
; Out: m0 = A rows 0|1, m1 = A rows 2|3, m4 = B rows 0|1, m6 = B rows 2|3.
%macro FDCT_2x4x4 0
    FDCT4_1DV m0, m1, m2, m3, m4, m5    ; vertical, lanes = columns
    TRANSPOSE_2x4x4W
    mova m3, m0
    V punpcklqdq, m0, m4     ; column 0 of A | of B
    V punpckhqdq, m3, m4     ; column 1
    mova m5, m1
    V punpcklqdq, m1, m6     ; column 2
    V punpckhqdq, m5, m6     ; column 3
    FDCT4_1DV m0, m3, m1, m5, m2, m4    ; horizontal: register u, lanes v
    mova m2, m1
    mova m1, m3
    mova m3, m5
    TRANSPOSE_2x4x4W        ; back to raster rows
%endmacro

; LOAD_DIFF8 m, src, pred (SSE2): 8 residual words of one row, m7 = 0,
; scratch m5.
%macro LOAD_DIFF8 3
    movq %1, %2
    movq m5, %3
    punpcklbw %1, m7
    punpcklbw m5, m7
    psubw %1, m5
%endmacro

; fdct4x4_x4(coef[4][16], src, src_stride, pred, pred_stride)
; SSE2: blocks 0,1 from rows 0-3, then blocks 2,3 from rows 4-7.
INIT_XMM sse2
FUNC fdct4x4_x4
    pxor m7, m7
    lea t0, [p2 + 2 * p2]
    lea t1, [p4 + 2 * p4]
    mov t2d, 2
.half:
    LOAD_DIFF8 m0, [p1], [p3]
    LOAD_DIFF8 m1, [p1 + p2], [p3 + p4]
    LOAD_DIFF8 m2, [p1 + 2 * p2], [p3 + 2 * p4]
    LOAD_DIFF8 m3, [p1 + t0], [p3 + t1]
    FDCT_2x4x4
    pxor m7, m7
    mova [p0], m0
    mova [p0 + 16], m1
    mova [p0 + 32], m4
    mova [p0 + 48], m6
    lea p1, [p1 + 4 * p2]
    lea p3, [p3 + 4 * p4]
    add p0, 64
    dec t2d
    jnz .half
    RET

; AVX2: lane 0 has rows 0-3 (blocks 0,1), lane 1 rows 4-7 (blocks 2,3).
; LOAD_DIFF8x2 k, src, src+4 rows, pred, pred+4 rows; scratch m7.
INIT_YMM avx2
%macro LOAD_DIFF8x2 5
    vmovq xm%1, %2
    vmovhps xm%1, xm%1, %3
    vmovq xm7, %4
    vmovhps xm7, xm7, %5
    vpmovzxbw m%1, xm%1
    vpmovzxbw m7, xm7
    vpsubw m%1, m%1, m7
%endmacro

FUNC fdct4x4_x4
    lea t0, [p2 + 2 * p2]
    lea t1, [p4 + 2 * p4]
    lea t2, [p1 + 4 * p2]   ; src row 4
    lea p5, [p3 + 4 * p4]   ; pred row 4
    LOAD_DIFF8x2 0, [p1], [t2], [p3], [p5]
    LOAD_DIFF8x2 1, [p1 + p2], [t2 + p2], [p3 + p4], [p5 + p4]
    LOAD_DIFF8x2 2, [p1 + 2 * p2], [t2 + 2 * p2], [p3 + 2 * p4], [p5 + 2 * p4]
    LOAD_DIFF8x2 3, [p1 + t0], [t2 + t0], [p3 + t1], [p5 + t1]
    FDCT_2x4x4
    vperm2i128 m2, m0, m1, 0x20 ; block 0
    vperm2i128 m0, m0, m1, 0x31 ; block 2
    vperm2i128 m3, m4, m6, 0x20 ; block 1
    vperm2i128 m4, m4, m6, 0x31 ; block 3
    movu [p0], m2
    movu [p0 + 32], m3
    movu [p0 + 64], m0
    movu [p0 + 96], m4
    RET

; QUANT_LOAD_Y mf, bias: m12 = mf, m13 = bias 0-3 | 8-11, m14 = bias 4-7 |
; 12-15 (the order of the in-lane unpacks below); xm15 must get qbits.
%macro QUANT_LOAD_Y 2
    movu m12, [%1]
    movu m8, [%2]
    movu m9, [%2 + 32]
    vperm2i128 m13, m8, m9, 0x20
    vperm2i128 m14, m8, m9, 0x31
%endmacro

; QUANT16_Y m: quantise the 16 coefficients of one block in place. With
; mf <= 13107 and qbits >= 15 (quant.h) every level is below 2^14, so
; packssdw is exact and equals the int16 cast. Scratch m8-m10.
%macro QUANT16_Y 1
    vpabsw m8, %1
    vpmulhuw m9, m8, m12
    vpmullw m8, m8, m12
    vpunpcklwd m10, m8, m9      ; |c| * mf, coefficients 0-3 | 8-11
    vpunpckhwd m8, m8, m9       ; 4-7 | 12-15
    vpaddd m10, m10, m13
    vpaddd m8, m8, m14
    vpsrld m10, m10, xm15
    vpsrld m8, m8, xm15
    vpackssdw m10, m10, m8      ; back to raster order
    vpsignw %1, m10, %1         ; sign of c, 0 where c == 0
%endmacro

; NONZERO_BIT m, k, acc: acc (a register name like t0) += (m != 0) << k
; (k = 0..3), 32 bits; s0's upper bits must be zero.
%macro NONZERO_BIT 3
    vptest %1, %1
    setnz s0b
  %if %2 == 0
    mov %3 %+ _dword, s0d
  %else
    lea %3 %+ _dword, [%3 + (1 << %2) * s0]
  %endif
%endmacro

; quant4x4_x4(coef[4][16], mf, bias, qbits) -> mask of non-zero blocks,
; one block per ymm.
FUNC quant4x4_x4, 1
    QUANT_LOAD_Y p1, p2
    vmovd xm15, p3d
    xor s0d, s0d
    %assign blk 0
    %rep 4
        movu m0, [p0 + 32 * blk]
        QUANT16_Y m0
        movu [p0 + 32 * blk], m0
        NONZERO_BIT m0, blk, t0
        %assign blk blk + 1
    %endrep
    RET

; FDQ_FDCT: both transform passes on the four blocks of a stripe whose
; residual rows r0..r3 are in m0..m3 (lane 0: blocks x = 0 | 4, lane 1:
; x = 8 | 12), in three-operand form (no register copies).
; Out: m0 = x 0, m1 = x 8, m2 = x 4, m3 = x 12, each block in raster order.
; Scratch m4-m7. Exact in 16 bits (|f| <= 9180).
; FDQ_BUTTERFLY d0, d1, d2, d3, t0, t1, t2, t3: the FDCT4_1D butterflies,
; f0 to t2, f1 to t3, f2 to t0, f3 to t1 (d0, d1 clobbered).
%macro FDQ_BUTTERFLY 8
    vpaddw %5, %1, %4       ; s03
    vpsubw %6, %1, %4       ; m03
    vpaddw %1, %2, %3       ; s12
    vpsubw %2, %2, %3       ; m12
    vpaddw %7, %5, %1       ; f0 = s03 + s12
    vpsubw %5, %5, %1       ; f2 = s03 - s12
    vpaddw %8, %6, %6
    vpaddw %8, %8, %2       ; f1 = 2 m03 + m12
    vpsubw %6, %6, %2
    vpsubw %6, %6, %2       ; f3 = m03 - 2 m12
%endmacro

; The butterfly's outputs (lines 0..3 in m6, m7, m4, m5, eight words per
; 128-bit half A and B) interleaved so that each 64-bit half holds one
; crossed line: m4 = A 0 | 1, m5 = A 2 | 3, m6 = B 0 | 1, m7 = B 2 | 3.
%macro FDQ_INTERLEAVE 0
    vpunpcklwd m0, m6, m7
    vpunpckhwd m1, m6, m7
    vpunpcklwd m2, m4, m5
    vpunpckhwd m3, m4, m5
    vpunpckldq m4, m0, m2
    vpunpckhdq m5, m0, m2
    vpunpckldq m6, m1, m3
    vpunpckhdq m7, m1, m3
%endmacro

%macro FDQ_FDCT 0
    FDQ_BUTTERFLY m0, m1, m2, m3, m4, m5, m6, m7 ; f0 m6, f1 m7, f2 m4, f3 m5
    FDQ_INTERLEAVE          ; columns 0|1, 2|3 of A in m4, m5, of B in m6, m7
    vpunpcklqdq m0, m4, m6  ; column 0 of A | of B
    vpunpckhqdq m1, m4, m6  ; column 1
    vpunpcklqdq m2, m5, m7  ; column 2
    vpunpckhqdq m3, m5, m7  ; column 3
    FDQ_BUTTERFLY m0, m1, m2, m3, m4, m5, m6, m7 ; u0 m6, u1 m7, u2 m4, u3 m5
    FDQ_INTERLEAVE          ; rows 0|1, 2|3 of A in m4, m5, of B in m6, m7
    vperm2i128 m0, m4, m5, 0x20 ; x = 0
    vperm2i128 m1, m4, m5, 0x31 ; x = 8
    vperm2i128 m2, m6, m7, 0x20 ; x = 4
    vperm2i128 m3, m6, m7, 0x31 ; x = 12
%endmacro

; FDQ_QUANT m, dbl: the inter quantisation sign(c) * ((|c| * mf + 2^(q-2))
; >> q) of one block in place, in 16 bits. With y = (|c| * mf) >> (q - 2),
; the level is (y + 1) >> 2 (the bias is a multiple of 2^(q-2)); y comes
; from one pmulhuw of |c| << a and mf << b (a + b = 18 - q; a = 1 only for
; q = 15, where mf << 3 could overflow) and a right shift by r = q - 18
; for q > 18, folded into the rounding: (x + 2^r) >> (r + 2). m12 = mf << b,
; m11 = 2^r, xm15 = r + 2. Scratch m8.
%macro FDQ_QUANT 2
    vpabsw m8, %1
  %if %2
    vpaddw m8, m8, m8
  %endif
    vpmulhuw m8, m8, m12
    vpaddw m8, m8, m11
    vpsrlw m8, m8, xm15
    vpsignw %1, m8, %1      ; sign of c, 0 where c == 0
%endmacro

; FDQ_STRIPES dbl: the four stripes (see fdct_quant4x4_x16), their
; non-zero dwords in m9, m10, m13, m14.
%macro FDQ_STRIPES 1
    %assign stripe 0
    %rep 4
        %assign nzi 9 + stripe + 2 * (stripe >> 1) ; m9, m10, m13, m14
        %assign idx0 8 * (stripe >> 1) + 2 * (stripe & 1) ; block at x = 0
        vpmovzxbw m0, [p1]
        vpmovzxbw m7, [p3]
        vpsubw m0, m0, m7
        vpmovzxbw m1, [p1 + p2]
        vpmovzxbw m7, [p3 + p4]
        vpsubw m1, m1, m7
        vpmovzxbw m2, [p1 + 2 * p2]
        vpmovzxbw m7, [p3 + 2 * p4]
        vpsubw m2, m2, m7
        vpmovzxbw m3, [p1 + t0]
        vpmovzxbw m7, [p3 + t1]
        vpsubw m3, m3, m7
        FDQ_FDCT
        FDQ_QUANT m0, %1
        FDQ_QUANT m2, %1
        FDQ_QUANT m1, %1
        FDQ_QUANT m3, %1
        movu [p0 + 32 * idx0], m0
        movu [p0 + 32 * (idx0 + 1)], m2
        movu [p0 + 32 * (idx0 + 4)], m1
        movu [p0 + 32 * (idx0 + 5)], m3
        ; per lane, one dword per block (x = 0, 4, 8, 12) that is non-zero
        ; iff that half of the block is (signed saturation keeps non-zero)
        vpacksswb m4, m0, m2
        vpacksswb m5, m1, m3
        vpacksswb m%[nzi], m4, m5
        lea p1, [p1 + 4 * p2]
        lea p3, [p3 + 4 * p4]
        %assign stripe stripe + 1
    %endrep
%endmacro

; fdct_quant4x4_x16(coef[16][16], src, src_stride, pred, pred_stride, mf,
; bias, qbits) -> 16-bit mask. Four stripes of 4 rows x 16 columns: one
; vpmovzxbw per row of src and pred gives the four blocks of the stripe
; as two side-by-side pairs, one per 128-bit lane (x 0/4 | x 8/12); the
; blocks are quantised in registers and stored at their luma4x4BlkIdx
; (6.4.3): stripe s, column x -> 4 * (2 * (s >> 1) + (x >> 3)) +
; 2 * (s & 1) + ((x >> 2) & 1). The bias must be the inter deadzone
; 2^(qbits-2) (quant.h); it is not read.
FUNC fdct_quant4x4_x16, 2
    movu m12, [p5]
    mov s0d, STACK_ARG(7)   ; q
    mov t2d, 18
    sub t2d, s0d            ; d = 18 - q
    xor t0d, t0d
    mov s1d, t2d
    neg s1d
    cmovs s1d, t0d          ; r = max(q - 18, 0)
    test t2d, t2d
    cmovs t2d, t0d
    mov t1d, 2
    cmp t2d, t1d
    cmova t2d, t1d          ; b = clamp(18 - q, 0, 2)
    vmovd xm8, t2d
    vpsllw m12, m12, xm8    ; mf << b
    bts t0d, s1d            ; 2^r
    vmovd xm11, t0d
    vpbroadcastw m11, xm11
    add s1d, 2
    vmovd xm15, s1d
    lea t0, [p2 + 2 * p2]
    lea t1, [p4 + 2 * p4]
    cmp s0d, 15
    je .q15
    FDQ_STRIPES 0
.mask:
    ; the stripes' dwords in luma4x4BlkIdx order (stripe s, column k at
    ; 8 * (s >> 1) + 2 * (s & 1) + (k & 1) + 4 * (k >> 1)), one byte each
    vpunpcklqdq m4, m9, m10
    vpunpckhqdq m5, m9, m10
    vpunpcklqdq m6, m13, m14
    vpunpckhqdq m7, m13, m14
    vpackssdw m4, m4, m5
    vpackssdw m6, m6, m7
    vpacksswb m4, m4, m6
    vextracti128 xm5, m4, 1
    vpor xm4, xm4, xm5
    vpxor xm5, xm5, xm5
    vpcmpeqb xm4, xm4, xm5
    vpmovmskb eax, xm4
    xor eax, 0xFFFF
    RET
.q15:
    FDQ_STRIPES 1
    jmp .mask

; fdct_quant_ac4x4_x4(coef[4][16], dc[4], src, src_stride, pred, pred_stride,
; mf, bias, qbits) -> mask: the fdct4x4_x4 steps, each block's DC word to
; dc[] and cleared in the register, the AC quantised in registers (no
; store + reload of the coefficients in between).
FUNC fdct_quant_ac4x4_x4, 2
    mov t0, STACK_ARG(6)
    mov t1, STACK_ARG(7)
    QUANT_LOAD_Y t0, t1
    vmovd xm15, STACK_ARG(8)
    lea t0, [p3 + 2 * p3]
    lea t1, [p5 + 2 * p5]
    lea t2, [p2 + 4 * p3]   ; src row 4
    lea s1, [p4 + 4 * p5]   ; pred row 4
    LOAD_DIFF8x2 0, [p2], [t2], [p4], [s1]
    LOAD_DIFF8x2 1, [p2 + p3], [t2 + p3], [p4 + p5], [s1 + p5]
    LOAD_DIFF8x2 2, [p2 + 2 * p3], [t2 + 2 * p3], [p4 + 2 * p5], [s1 + 2 * p5]
    LOAD_DIFF8x2 3, [p2 + t0], [t2 + t0], [p4 + t1], [s1 + t1]
    FDQ_FDCT                    ; lane 0: blocks 0, 1; lane 1: 2, 3
    vpunpcklwd xm5, xm0, xm2    ; dc0 dc1 ...
    vpunpcklwd xm6, xm1, xm3    ; dc2 dc3 ...
    vpunpckldq xm5, xm5, xm6
    vmovq [p1], xm5             ; dc[0..3]
    vmovdqa m11, [pw_no_dc]
    vpand m0, m0, m11
    vpand m2, m2, m11
    vpand m1, m1, m11
    vpand m3, m3, m11
    QUANT16_Y m0
    QUANT16_Y m2
    QUANT16_Y m1
    QUANT16_Y m3
    movu [p0], m0
    movu [p0 + 32], m2
    movu [p0 + 64], m1
    movu [p0 + 96], m3
    xor s0d, s0d
    NONZERO_BIT m0, 0, t0
    NONZERO_BIT m2, 1, t0
    NONZERO_BIT m1, 2, t0
    NONZERO_BIT m3, 3, t0
    RET

; IDCT4_D d0, d1, d2, d3, t0, t1: one 1-D pass of the inverse core
; transform (8.5.12.2) on dword lanes, in place (o0..o3 in d0..d3), in SSE
; or VEX form.
%macro IDCT4_D 6
  %if use_vex
    vpaddd %5, %1, %3       ; e0 = d0 + d2
    vpsubd %1, %1, %3       ; e1 = d0 - d2
    vpsrad %6, %2, 1
    vpsubd %6, %6, %4       ; e2 = (d1 >> 1) - d3
    vpsrad %4, %4, 1
    vpaddd %4, %4, %2       ; e3 = d1 + (d3 >> 1)
    vpaddd %2, %1, %6       ; o1 = e1 + e2
    vpsubd %3, %1, %6       ; o2 = e1 - e2
    vpaddd %1, %5, %4       ; o0 = e0 + e3
    vpsubd %4, %5, %4       ; o3 = e0 - e3
  %else
    mova %5, %1
    V paddd, %5, %3         ; e0 = d0 + d2
    V psubd, %1, %3         ; e1 = d0 - d2
    mova %6, %2
    V psrad, %6, 1
    V psubd, %6, %4         ; e2 = (d1 >> 1) - d3
    V psrad, %4, 1
    V paddd, %4, %2         ; e3 = d1 + (d3 >> 1)
    mova %2, %1
    V paddd, %2, %6         ; o1 = e1 + e2
    mova %3, %1
    V psubd, %3, %6         ; o2 = e1 - e2
    mova %1, %5
    V paddd, %1, %4         ; o0 = e0 + e3
    V psubd, %5, %4
    mova %4, %5             ; o3 = e0 - e3
  %endif
%endmacro

; DEQUANT_ADD_PAIR: the two side-by-side blocks at p2 (coef) and p0 (dst),
; t1 = their two mask bits (not both 0). Left block in lane 0, right block
; in lane 1; 32-bit arithmetic like the C reference, so any int16 input is
; exact. m13 = 0, m14/m15 = scale 8-15 / 0-7 in both lanes, m11 = pd_32.
%macro DEQUANT_ADD_PAIR 0
    shl t1d, 5
    lea t2, [pair_lane_masks]
    vmovdqa m12, [t2 + t1]
    vmovdqu xm0, [p2]               ; rows 0, 1
    vinserti128 m0, m0, [p2 + 32], 1
    vmovdqu xm1, [p2 + 16]          ; rows 2, 3
    vinserti128 m1, m1, [p2 + 48], 1
    vpand m0, m0, m12               ; unmasked block: zero residual
    vpand m1, m1, m12
    vpmullw m0, m0, m15             ; dequant4x4 (low 16 bits)
    vpmullw m1, m1, m14
    ; 4x4 word transpose per lane, then columns sign-extended to dwords
    vpunpcklwd m2, m0, m1           ; r0c0 r2c0 r0c1 r2c1 ...
    vpunpckhwd m3, m0, m1           ; r1c0 r3c0 ...
    vpunpcklwd m0, m2, m3           ; column 0 | column 1
    vpunpckhwd m1, m2, m3           ; column 2 | column 3
    vpunpcklwd m2, m0, m0
    vpunpckhwd m3, m0, m0
    vpunpcklwd m4, m1, m1
    vpunpckhwd m5, m1, m1
    vpsrad m2, m2, 16               ; column j, lanes = rows
    vpsrad m3, m3, 16
    vpsrad m4, m4, 16
    vpsrad m5, m5, 16
    IDCT4_D m2, m3, m4, m5, m6, m7  ; horizontal pass: m2..m5 = t[.][k]
    vpunpckldq m6, m2, m3           ; 4x4 dword transpose: rows back in lanes
    vpunpckhdq m2, m2, m3
    vpunpckldq m7, m4, m5
    vpunpckhdq m4, m4, m5
    vpunpckhqdq m3, m6, m7          ; row 1
    vpunpckhqdq m5, m2, m4          ; row 3
    vpunpcklqdq m4, m2, m4          ; row 2
    vpunpcklqdq m2, m6, m7          ; row 0
    vpaddd m2, m2, m11              ; the rounding 32 reaches every output through d0
    IDCT4_D m2, m3, m4, m5, m6, m7  ; vertical pass: m2..m5 = rows
    vpsrad m2, m2, 6
    vpsrad m3, m3, 6
    vpsrad m4, m4, 6
    vpsrad m5, m5, 6
    ; saturation to int16 and paddsw keep the clipped sum exact (|pixel| < 256)
    vpackssdw m2, m2, m3            ; L r0, L r1 | R r0, R r1
    vpackssdw m4, m4, m5
    vpermq m2, m2, 0xD8             ; row 0 (L, R) | row 1
    vpermq m4, m4, 0xD8             ; row 2 | row 3
    vmovq xm6, [p0]
    vmovhps xm6, xm6, [p0 + p1]
    vmovq xm7, [p0 + 2 * p1]
    vmovhps xm7, xm7, [p0 + t0]
    vpmovzxbw m6, xm6
    vpmovzxbw m7, xm7
    vpaddsw m2, m2, m6
    vpaddsw m4, m4, m7
    vpackuswb m2, m2, m4            ; rows 0, 2 | rows 1, 3
    vextracti128 xm3, m2, 1
    vmovq [p0], xm2
    vmovhps [p0 + 2 * p1], xm2
    vmovq [p0 + p1], xm3
    vmovhps [p0 + t0], xm3
%endmacro

; dequant_add4x4_x4(dst, stride, coef[4][16], scale or NULL, mask)
FUNC dequant_add4x4_x4
    vpxor m13, m13, m13
    lea t1, [pw_1]                  ; scale NULL: multiply by 1
    test p3, p3
    cmovz p3, t1
    vbroadcasti128 m15, [p3]
    vbroadcasti128 m14, [p3 + 16]
    vmovdqa m11, [pd_32]
    lea t0, [p1 + 2 * p1]
    and p4d, 15
    jz .clear
    mov t1d, p4d
    and t1d, 3
    jz .bottom
    DEQUANT_ADD_PAIR
.bottom:
    mov t1d, p4d
    shr t1d, 2
    jz .clear
    lea p0, [p0 + 4 * p1]
    add p2, 64
    DEQUANT_ADD_PAIR
    sub p2, 64
.clear:
    movu [p2], m13
    movu [p2 + 32], m13
    movu [p2 + 64], m13
    movu [p2 + 96], m13
    RET

; dequant_add4x4_x4 for SSE2: one block at a time in dword lanes (the same
; steps as DEQUANT_ADD_PAIR on one lane), blocks with a clear bit skipped.
; DEQUANT_ADD_BLOCK blk: coef at p2 + 32 * blk, dst at p5.
INIT_XMM sse2
%macro DEQUANT_ADD_BLOCK 1
    mova m0, [p2 + 32 * %1]
    mova m1, [p2 + 32 * %1 + 16]
    pmullw m0, m15
    pmullw m1, m14
    mova m2, m0
    punpcklwd m2, m1        ; r0c0 r2c0 r0c1 r2c1 ...
    punpckhwd m0, m1        ; r1c0 r3c0 ...
    mova m1, m2
    punpcklwd m2, m0        ; column 0 | column 1
    punpckhwd m1, m0        ; column 2 | column 3
    mova m3, m2
    punpcklwd m2, m2
    punpckhwd m3, m3
    mova m4, m1
    punpcklwd m4, m4
    mova m5, m1
    punpckhwd m5, m5
    psrad m2, 16
    psrad m3, 16
    psrad m4, 16
    psrad m5, 16
    IDCT4_D m2, m3, m4, m5, m6, m7  ; horizontal pass
    mova m6, m2
    punpckldq m6, m3
    punpckhdq m2, m3
    mova m7, m4
    punpckldq m7, m5
    punpckhdq m4, m5
    mova m3, m6
    punpckhqdq m3, m7       ; row 1
    mova m5, m2
    punpckhqdq m5, m4       ; row 3
    punpcklqdq m6, m7       ; row 0
    punpcklqdq m2, m4       ; row 2
    IDCT4_D m6, m3, m2, m5, m4, m7  ; vertical pass
    paddd m6, m11
    paddd m3, m11
    paddd m2, m11
    paddd m5, m11
    psrad m6, 6
    psrad m3, 6
    psrad m2, 6
    psrad m5, 6
    packssdw m6, m3         ; rows 0, 1
    packssdw m2, m5         ; rows 2, 3
    movd m0, [p5]
    movd m1, [p5 + p1]
    punpckldq m0, m1
    movd m1, [p5 + 2 * p1]
    movd m4, [p5 + t0]
    punpckldq m1, m4
    punpcklbw m0, m13
    punpcklbw m1, m13
    paddsw m6, m0
    paddsw m2, m1
    packuswb m6, m2         ; rows 0 1 2 3, 4 bytes each
    movd [p5], m6
    psrldq m6, 4
    movd [p5 + p1], m6
    psrldq m6, 4
    movd [p5 + 2 * p1], m6
    psrldq m6, 4
    movd [p5 + t0], m6
%endmacro

FUNC dequant_add4x4_x4
    pxor m13, m13
    lea t1, [pw_1]
    test p3, p3
    cmovz p3, t1
    movu m15, [p3]
    movu m14, [p3 + 16]
    mova m11, [pd_32]
    lea t0, [p1 + 2 * p1]
    %assign blk 0
    %rep 4
        %if blk & 2
            lea p5, [p0 + 4 * p1 + 4 * (blk & 1)]
        %else
            lea p5, [p0 + 4 * (blk & 1)]
        %endif
        test p4d, 1 << blk
        jz .skip %+ blk
        DEQUANT_ADD_BLOCK blk
    .skip %+ blk:
        %assign blk blk + 1
    %endrep
    %assign blk 0
    %rep 8
        mova [p2 + 16 * blk], m13
        %assign blk blk + 1
    %endrep
    RET

; SSE2 and SSSE3: QUANT8 per half block with mf and bias kept in registers.
%assign quant_isa 0
%rep 2
%if quant_isa == 0
INIT_XMM sse2
%else
INIT_XMM ssse3
%endif
FUNC quant4x4_x4
  %ifnidn ISA, sse2
    mova m9, [shuf_low_words]
  %endif
    movd m6, p3d
    movu m2, [p1]
    movu m7, [p1 + 16]
    movu m8, [p2]
    movu m11, [p2 + 16]
    movu m12, [p2 + 32]
    movu m13, [p2 + 48]
    pxor m14, m14
    xor eax, eax
    xor t1d, t1d
    %assign blk 0
    %rep 4
        mova m0, [p0 + 32 * blk]
        mova m1, [p0 + 32 * blk + 16]
        QUANT8 m0, m2, m8, m11
        QUANT8 m1, m7, m12, m13
        mova [p0 + 32 * blk], m0
        mova [p0 + 32 * blk + 16], m1
        por m0, m1
        pcmpeqw m0, m14
        pmovmskb t2d, m0
        cmp t2d, 0xFFFF
        setne t1b
        lea eax, [rax + (1 << blk) * t1]
        %assign blk blk + 1
    %endrep
    RET
%assign quant_isa quant_isa + 1
%endrep

; sad_dc4x4_x4(dc[4], src, src_stride, pred, pred_stride) -> the largest
; over the four blocks of min(SAD, SAD about m) (quant.h). Two rows of 8
; are interleaved by dwords (punpckldq) so each qword holds two rows of one
; block: psadbw then sums per block, against pred (the SAD) and against
; zero (the sums whose difference is the DC, and whose >> 4 difference is
; the offset m). The differences src - pred minus m are taken in words;
; their absolute values are summed per qword (every word of a block's
; qword gets the block's sum), so pminsw against the SAD qword (SAD in the
; low word, zeros above) leaves the bound in the low word.
; SAD_DC_HALF out, dc: blocks 2h, 2h + 1 from the four rows at p1/p3, one
; per qword; m7 = 0, scratch m2..m6, m10..m14.
%macro ABSW_SSE2 2              ; %1 = |%1|, scratch %2
    pxor %2, %2
    psubw %2, %1
    pmaxsw %1, %2
%endmacro
%macro DIFF_WORDS 5             ; %1 = unpack%5(%2) - unpack%5(%3), scratch %4
    mova %1, %2
    punpck%5bw %1, m7
    mova %4, %3
    punpck%5bw %4, m7
    psubw %1, %4
%endmacro
%macro SAD_DC_HALF 2
    movq m2, [p1]
    movq m3, [p1 + p2]
    punpckldq m2, m3            ; src rows 0, 1
    movq m3, [p1 + 2 * p2]
    movq m4, [p1 + t0]
    punpckldq m3, m4            ; src rows 2, 3
    movq m4, [p3]
    movq m5, [p3 + p4]
    punpckldq m4, m5            ; pred rows 0, 1
    movq m5, [p3 + 2 * p4]
    movq m6, [p3 + t1]
    punpckldq m5, m6            ; pred rows 2, 3
    DIFF_WORDS m10, m2, m4, m6, l ; left block rows 0, 1
    DIFF_WORDS m11, m2, m4, m6, h ; right block rows 0, 1
    DIFF_WORDS m12, m3, m5, m6, l ; left rows 2, 3
    DIFF_WORDS m13, m3, m5, m6, h ; right rows 2, 3
    mova %1, m2
    psadbw %1, m4
    mova m6, m3
    psadbw m6, m5
    paddq %1, m6
    psadbw m2, m7
    psadbw m3, m7
    paddq m2, m3                ; sum of src
    psadbw m4, m7
    psadbw m5, m7
    paddq m4, m5                ; sum of pred
    mova %2, m2
    psubq %2, m4
    psrlq m2, 4
    psrlq m4, 4
    psubq m2, m4                ; m (low word of each qword)
    pshuflw m2, m2, 0
    pshufhw m2, m2, 0
    mova m3, m2
    punpcklqdq m2, m2           ; m of the left block in every word
    punpckhqdq m3, m3           ; of the right block
    psubw m10, m2
    psubw m12, m2
    psubw m11, m3
    psubw m13, m3
    ABSW_SSE2 m10, m6
    ABSW_SSE2 m11, m6
    ABSW_SSE2 m12, m6
    ABSW_SSE2 m13, m6
    paddw m10, m12              ; left block, 8 partial sums
    paddw m11, m13              ; right block
    mova m12, m10
    punpcklqdq m10, m11
    punpckhqdq m12, m11
    paddw m10, m12              ; per qword: 4 partial sums of one block
    pshufd m12, m10, 0xB1
    paddw m10, m12
    pshuflw m12, m10, 0xB1
    pshufhw m12, m12, 0xB1
    paddw m10, m12              ; every word: its block's sum
    pminsw %1, m10
%endmacro

INIT_XMM sse2
FUNC sad_dc4x4_x4
    pxor m7, m7
    lea t0, [p2 + 2 * p2]
    lea t1, [p4 + 2 * p4]
    SAD_DC_HALF m0, m1          ; blocks 0, 1
    lea p1, [p1 + 4 * p2]
    lea p3, [p3 + 4 * p4]
    SAD_DC_HALF m8, m9          ; blocks 2, 3
    pshufd m1, m1, 0x08         ; the low dword of each qword
    pshufd m9, m9, 0x08
    punpcklqdq m1, m9
    packssdw m1, m1             ; |dc| <= 4080
    movq [p0], m1
    pshufd m0, m0, 0x08
    pshufd m8, m8, 0x08
    punpcklqdq m0, m8
    packssdw m0, m0             ; SAD <= 4080
    pshuflw m2, m0, 0x4E
    pmaxsw m0, m2
    pshuflw m2, m0, 0xB1
    pmaxsw m0, m2
    movd eax, m0
    movzx eax, ax
    RET

; AVX2: the 8x8 in one pass. SAD_DC_ROWS m, base, stride, stride3: rows
; 0-3 and 4-7 of an 8-pixel-wide area, per 128-bit lane the dwords of two
; rows interleaved (qword 0: left block, 1: right), lane 0 rows 0, 1 | lane
; 1 rows 4, 5 in m, rows 2, 3 | 6, 7 in m + 1 (two rows by movq + movhps,
; then one pshufd per register); scratch m + 2, t2.
%macro SAD_DC_ROWS 4
    %assign %%r0 %1
    %assign %%r1 %1 + 1
    %assign %%t0 %1 + 2
    lea t2, [%2 + 4 * %3]
    vmovq xm%[%%r0], [%2]
    vmovhps xm%[%%r0], xm%[%%r0], [%2 + %3]
    vmovq xm%[%%t0], [t2]
    vmovhps xm%[%%t0], xm%[%%t0], [t2 + %3]
    vinserti128 m%[%%r0], m%[%%r0], xm%[%%t0], 1
    vpshufd m%[%%r0], m%[%%r0], 0xD8
    vmovq xm%[%%r1], [%2 + 2 * %3]
    vmovhps xm%[%%r1], xm%[%%r1], [%2 + %4]
    vmovq xm%[%%t0], [t2 + 2 * %3]
    vmovhps xm%[%%t0], xm%[%%t0], [t2 + %4]
    vinserti128 m%[%%r1], m%[%%r1], xm%[%%t0], 1
    vpshufd m%[%%r1], m%[%%r1], 0xD8
%endmacro

; SAD_DC_8x8 src, src_stride, src_stride3, pred, pred_stride, pred_stride3:
; one 8x8 area's DCs and bounds, per 128-bit lane the dwords dc, dc, bound,
; bound (lane 0 blocks 0, 1, lane 1 blocks 2, 3) in m0; scratch m1..m11, t2.
%macro SAD_DC_8x8 6
    SAD_DC_ROWS 0, %1, %2, %3   ; src in m0, m1
    SAD_DC_ROWS 4, %4, %5, %6   ; pred in m4, m5
    vpxor m7, m7, m7
    vpunpcklbw m8, m0, m4       ; (src, pred) byte pairs
    vpmaddubsw m8, m8, [pb_1_m1] ; src - pred, blocks 0 | 2, rows 0, 1
    vpunpckhbw m9, m0, m4
    vpmaddubsw m9, m9, [pb_1_m1] ; blocks 1 | 3, rows 0, 1
    vpunpcklbw m10, m1, m5
    vpmaddubsw m10, m10, [pb_1_m1] ; blocks 0 | 2, rows 2, 3
    vpunpckhbw m11, m1, m5
    vpmaddubsw m11, m11, [pb_1_m1] ; blocks 1 | 3, rows 2, 3
    vpsadbw m2, m0, m4
    vpsadbw m3, m1, m5
    vpaddq m2, m2, m3           ; SAD per block (qwords: 0, 1 | 2, 3)
    vpsadbw m0, m0, m7
    vpsadbw m1, m1, m7
    vpaddq m0, m0, m1           ; sums of src
    vpsadbw m4, m4, m7
    vpsadbw m5, m5, m7
    vpaddq m4, m4, m5           ; sums of pred
    vpsrlq m1, m0, 4
    vpsrlq m5, m4, 4
    vpsubq m1, m1, m5           ; offsets m (low word of each qword)
    vpshuflw m1, m1, 0
    vpshufhw m1, m1, 0
    vpunpcklqdq m3, m1, m1      ; m of blocks 0 | 2 in every word
    vpunpckhqdq m1, m1, m1      ; of blocks 1 | 3
    vpsubw m8, m8, m3
    vpsubw m10, m10, m3
    vpsubw m9, m9, m1
    vpsubw m11, m11, m1
    vpabsw m8, m8
    vpabsw m9, m9
    vpabsw m10, m10
    vpabsw m11, m11
    vpaddw m8, m8, m10          ; |src - pred - m|, blocks 0 | 2
    vpaddw m9, m9, m11          ; blocks 1 | 3
    vpunpcklqdq m10, m8, m9
    vpunpckhqdq m11, m8, m9
    vpaddw m8, m10, m11         ; per qword: 4 partial sums of one block
    vpshufd m9, m8, 0xB1
    vpaddw m8, m8, m9
    vpshuflw m9, m8, 0xB1
    vpshufhw m9, m9, 0xB1
    vpaddw m8, m8, m9           ; every word: its block's sum
    vpminsw m2, m2, m8          ; the bound in the low word (SAD qwords < 2^16)
    vpsubq m0, m0, m4           ; DCs (|dc| <= 4080)
    vpshufd m0, m0, 0x08        ; the low dword of each qword
    vpshufd m2, m2, 0x08
    vpunpcklqdq m0, m0, m2      ; per lane: dc, dc, SAD, SAD
%endmacro

INIT_YMM avx2
FUNC sad_dc4x4_x4
    lea t0, [p2 + 2 * p2]
    lea t1, [p4 + 2 * p4]
    SAD_DC_8x8 p1, p2, t0, p3, p4, t1
    vextracti128 xm1, m0, 1
    vpunpcklqdq xm2, xm0, xm1   ; dc0..3
    vpunpckhqdq xm3, xm0, xm1   ; SAD0..3
    vpackssdw xm2, xm2, xm3     ; SAD <= 4080
    vmovq [p0], xm2
    vpsrldq xm3, xm2, 8
    vpshuflw xm1, xm3, 0x4E
    vpmaxsw xm3, xm3, xm1
    vpshuflw xm1, xm3, 0xB1
    vpmaxsw xm3, xm3, xm1
    vmovd eax, xm3
    movzx eax, ax
    RET

; sad_dc4x4_x8(out[10], src0, src1, src_stride, pred0, pred1, pred_stride):
; both planes through SAD_DC_8x8, then one pack: per lane the words of
; plane 0 then plane 1, which vpermd puts in order (DCs low, bounds high).
; The planes' DC sums from pabsw and two phaddw, their bounds from two
; pmaxsw steps within each plane's qword.
FUNC sad_dc4x4_x8, 1
    mov s0, STACK_ARG(6)        ; pred_stride
    lea t0, [p3 + 2 * p3]
    lea t1, [s0 + 2 * s0]
    SAD_DC_8x8 p1, p3, t0, p4, s0, t1
    vmovdqa m12, m0
    SAD_DC_8x8 p2, p3, t0, p5, s0, t1
    vpackssdw m0, m12, m0       ; |values| <= 4080
    vmovdqa m1, [sad_dc_x8_order]
    vpermd m0, m1, m0
    vmovdqu [p0], xm0           ; dc of plane 0, plane 1
    vextracti128 xm1, m0, 1     ; bounds: plane 0 blocks 0..3, plane 1
    vpshufd xm2, xm1, 0xB1
    vpmaxsw xm1, xm1, xm2
    vpsrld xm2, xm1, 16
    vpmaxsw xm1, xm1, xm2       ; word 0: plane 0's bound, word 4: plane 1's
    vpabsw xm0, xm0
    vphaddw xm0, xm0, xm0
    vphaddw xm0, xm0, xm0       ; words 2, 3: the planes' DC sums (<= 16320)
    vpshufb xm1, xm1, [sad_dc_x8_bounds]
    vpblendw xm1, xm1, xm0, 0x0C ; bound 0, bound 1, sum 0, sum 1
    vmovd [p0 + 16], xm1
    vpshuflw xm2, xm1, 0xB1
    vpmaxsw xm1, xm1, xm2
    vpshuflw xm1, xm1, 0x08     ; the larger bound, the larger sum
    vmovd eax, xm1
    RET

END_FUNCS
