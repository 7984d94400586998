; SPDX-License-Identifier: BSD-2-Clause
;
; Half-sample planes h, v, j of a luma reference in one pass, see
; common/halfpel.h. SSE2: one tile = 8 output columns of one row; AVX2
; (below, its own code): 32 columns, 8-bit multiplies (pmaddubsw).
;
; Per row, two passes over the tiles: (1) the unrounded vertical 6-tap of
; columns -2 .. width+2 into a stack row of words (the last vector starts
; at width-T+3 and overlaps the previous one, so nothing beyond column
; width+2 is read); (2) v = that row rounded, j = its horizontal 6-tap in
; 32 bits, h = the horizontal 6-tap of source row y. The second pass reads
; what the first stored a whole pass earlier (no store-forwarding stalls).

%include "common/x86/x86asm.inc"

RODATA
align 32
pw_5: times 16 dw 5
pw_16: times 16 dw 16
pw_1: times 16 dw 1
pw_1_m5: times 8 dw 1, -5
pw_20_512: times 8 dw 20, 512
pb_1_m5: times 8 db 1, -5
pb_20: times 16 db 20
pb_m5_1: times 8 db -5, 1
pw_m5_1: times 4 dw -5, 1
pw_1_m5w: times 4 dw 1, -5
pw_20w: times 8 dw 20
pw_1024: times 8 dw 1024
pw_4080: times 8 dw 4080
pb_80: times 16 db 0x80
pb_interleave: db 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15
               db 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15

; LOADW m, mem: T bytes at mem as words (m7 = 0 under SSE2)
%macro LOADW 2
  %if mmsize == 32
    vpmovzxbw %1, %2
  %else
    movq %1, %2
    punpcklbw %1, m7
  %endif
%endmacro

; TAP6 a, b, c, d, e, f: a = a - 5 (b + e) + 20 (c + d) + f in words (exact
; for 8-bit input: -2550 .. 10710). b, c, e, f clobbered.
%macro TAP6 6
    V paddw, %1, %6
    V paddw, %2, %5
    V paddw, %3, %4
    V psllw, %3, 2
    V psubw, %3, %2
    V pmullw, %3, [pw_5]
    V paddw, %1, %3
%endmacro

; VTAP m, column: unrounded vertical 6-tap at rows y-2..y+3 (t1 = row
; y-2, t2 = row y+1, both at column x), columns x+column... Scratch m2-m6.
%macro VTAP 2
    LOADW %1, [t1 + %2]
    LOADW m2, [t1 + p4 + %2]
    LOADW m3, [t1 + 2 * p4 + %2]
    LOADW m4, [t2 + %2]
    LOADW m5, [t2 + p4 + %2]
    LOADW m6, [t2 + 2 * p4 + %2]
    TAP6 %1, m2, m3, m4, m5, m6
%endmacro

; STORE_BYTES dst, m, xm: the T words of m as T bytes (packuswb clips)
%macro STORE_BYTES 3
  %if mmsize == 32
    vpackuswb %2, %2, %2
    vpermq %2, %2, 0x08
    movu %1, %3
  %else
    packuswb %2, %2
    movq %1, %2
  %endif
%endmacro

; TILE_WORDS column, v, j, h: the T output words of each plane at columns
; x + column (t0 = x) from the stack row and source row y; scratch m0-m6.
%macro TILE_WORDS 4
    ; v: the taps of columns x..x+T-1, rounded
    movu %2, [rsp + 2 * t0 + 2 * %1 + 4]
    V paddw, %2, [pw_16]
    V psraw, %2, 5
    ; j: 6-tap of the tap row in 32 bits: (a + f) - 5 (b + e) + 20 (c + d) + 512
    movu m0, [rsp + 2 * t0 + 2 * %1]
    movu m1, [rsp + 2 * t0 + 2 * %1 + 10]
    V paddw, m0, m1             ; a + f
    movu m1, [rsp + 2 * t0 + 2 * %1 + 2]
    movu m2, [rsp + 2 * t0 + 2 * %1 + 8]
    V paddw, m1, m2             ; b + e
    movu m2, [rsp + 2 * t0 + 2 * %1 + 4]
    movu m3, [rsp + 2 * t0 + 2 * %1 + 6]
    V paddw, m2, m3             ; c + d (each sum within -5100 .. 21420)
    mova m3, m0
    V punpcklwd, m0, m1
    V punpckhwd, m3, m1
    V pmaddwd, m0, [pw_1_m5]
    V pmaddwd, m3, [pw_1_m5]
    mova m1, m2
    V punpcklwd, m1, [pw_1]
    V punpckhwd, m2, [pw_1]
    V pmaddwd, m1, [pw_20_512]
    V pmaddwd, m2, [pw_20_512]
    V paddd, m0, m1
    V paddd, m3, m2
    V psrad, m0, 10
    V psrad, m3, 10
    mova %3, m0
    V packssdw, %3, m3          ; in range (-209 .. 434): no saturation
    ; h: 6-tap of source row y
    LOADW %4, [p3 + t0 + %1 - 2]
    LOADW m2, [p3 + t0 + %1 - 1]
    LOADW m3, [p3 + t0 + %1]
    LOADW m4, [p3 + t0 + %1 + 1]
    LOADW m5, [p3 + t0 + %1 + 2]
    LOADW m6, [p3 + t0 + %1 + 3]
    TAP6 %4, m2, m3, m4, m5, m6
    V paddw, %4, [pw_16]
    V psraw, %4, 5
%endmacro

; Source pointers of the vertical taps for the row at p3 (stride p4):
; t1 = row y-2, t2 = row y+1, both at column -2; t0 = 0 (the column).
%macro TAP_ROW_POINTERS 0
    mov t1, p4
    neg t1
    lea t1, [p3 + 2 * t1 - 2]   ; row y-2, column -2
    lea t2, [t1 + 2 * p4]
    add t2, p4                  ; row y+1, column -2
    xor t0d, t0d
%endmacro

%macro HPEL_FILTER 0
FUNC hpel_filter, 2
    SXD p5
    mov s0d, STACK_ARG(6)       ; height
    xor s1d, s1d                ; no stack row yet (the early exit adds s1)
    test p5, p5
    jle .done
    test s0d, s0d
    jle .done
    lea s1, [2 * p5 + 64 + 31]
    and s1, -32                 ; stack row: width + 5 words and slack
    sub rsp, s1
  %if mmsize == 16
    pxor m7, m7
  %endif
.row:
    TAP_ROW_POINTERS
.vpass:                         ; stack word i = column i - 2
    VTAP m0, 0
    movu [rsp + 2 * t0], m0
    add t0, mmsize / 2
    add t1, mmsize / 2
    add t2, mmsize / 2
    cmp t0, p5
    jl .vpass
    sub t1, mmsize / 2 - 5      ; one more vector, ending at column width+2
    sub t2, mmsize / 2 - 5
    VTAP m0, 0
    movu [rsp + 2 * p5 - mmsize + 10], m0
    xor t0d, t0d
.tile:
    cmp t0, p5
    jge .row_done
    TILE_WORDS 0, m8, m9, m10
    STORE_BYTES [p1 + t0], m8, xm8
    STORE_BYTES [p2 + t0], m9, xm9
    STORE_BYTES [p0 + t0], m10, xm10
    add t0, mmsize / 2
    jmp .tile
.row_done:
    add p0, p4
    add p1, p4
    add p2, p4
    add p3, p4
    dec s0d
    jg .row
.done:
    add rsp, s1
    RET
%endmacro

INIT_XMM sse2
HPEL_FILTER

; ---------------------------------------------------------------------------
; AVX2: 32 columns per step, 8-bit taps with pmaddubsw.
;
; The vertical pass stores the taps minus 4080 (the middle of their range
; -2550 .. 10710), call it V' (|V'| <= 6630). The 6 coefficients sum to 32,
; so for j: T + 512 = T' + 32 * 4080 + 512 = T' + 128 * 1024, i.e.
; j = Clip1((T' >> 10) + 128), and likewise v = Clip1((V' >> 5) + 128): no
; rounding constants, and packsswb (clip to -128..127) then xor 0x80 is the
; clip to 0..255. j is 3 pmaddwd per 8 outputs: the even outputs x + 2k from
; the word pairs loaded at x, x+2, x+4, the odd ones from x+1, x+3, x+5.
; h likewise with pmaddubsw on bytes, (H + 16) >> 5 being pmulhrsw by 1024.
; ---------------------------------------------------------------------------
INIT_YMM avx2

; VCHUNK: V' of the 32 columns at stack words t0 .. t0+31 (column t0 - 2);
; t1 = src row y-2 and t2 = row y+1, both at column -2.
%macro VCHUNK 0
    lea s2, [t1 + t0]
    lea s3, [t2 + t0]
    movu m0, [s2]
    movu m1, [s2 + p4]
    vpunpckhbw m2, m0, m1
    vpunpcklbw m0, m0, m1
    vpmaddubsw m0, m0, m15
    vpmaddubsw m2, m2, m15
    movu m1, [s2 + 2 * p4]
    movu m3, [s3]
    vpunpckhbw m4, m1, m3
    vpunpcklbw m1, m1, m3
    vpmaddubsw m1, m1, m14
    vpmaddubsw m4, m4, m14
    vpaddw m0, m0, m1
    vpaddw m2, m2, m4
    movu m1, [s3 + p4]
    movu m3, [s3 + 2 * p4]
    vpunpckhbw m4, m1, m3
    vpunpcklbw m1, m1, m3
    vpmaddubsw m1, m1, m13
    vpmaddubsw m4, m4, m13
    vpaddw m0, m0, m1
    vpaddw m2, m2, m4
    vpsubw m0, m0, m7
    vpsubw m2, m2, m7
    ; m0 = columns 0-7 | 16-23, m2 = 8-15 | 24-31 (punpck works per lane)
    vperm2i128 m1, m0, m2, 0x20
    vperm2i128 m0, m0, m2, 0x31
    movu [rsp + 2 * t0], m1
    movu [rsp + 2 * t0 + 32], m0
%endmacro

; JHALF dst, offset: j of the 16 outputs x + offset/2 .. (x = t0) as words
; (T' >> 10) in natural order; scratch m4-m6.
%macro JHALF 2
    vpmaddwd %1, m12, [rsp + 2 * t0 + %2]
    vpmaddwd m4, m12, [rsp + 2 * t0 + %2 + 2]
    vpmaddwd m5, m11, [rsp + 2 * t0 + %2 + 4]
    vpmaddwd m6, m11, [rsp + 2 * t0 + %2 + 6]
    vpaddd %1, %1, m5
    vpaddd m4, m4, m6
    vpmaddwd m5, m10, [rsp + 2 * t0 + %2 + 8]
    vpmaddwd m6, m10, [rsp + 2 * t0 + %2 + 10]
    vpaddd %1, %1, m5
    vpaddd m4, m4, m6
    vpsrad %1, %1, 10           ; even outputs in the low words
    vpslld m4, m4, 6            ; odd outputs (T' >> 10) in the high words
    vpblendw %1, %1, m4, 0xAA
%endmacro

; H_TILE32 src, interleave: the 32 h outputs at columns t0 .. t0+31 of the
; row at src, to p0: even outputs from the byte pairs at x-2, x, x+2, odd
; from x-1, x+1, x+3 (taps m15, m14, m13), rounded by pmulhrsw with m9, put
; back in column order by pshufb with interleave.
%macro H_TILE32 2
    movu m0, [%1 + t0 - 2]
    movu m1, [%1 + t0 - 1]
    vpmaddubsw m0, m0, m15
    vpmaddubsw m1, m1, m15
    movu m2, [%1 + t0]
    movu m3, [%1 + t0 + 1]
    vpmaddubsw m2, m2, m14
    vpmaddubsw m3, m3, m14
    vpaddw m0, m0, m2
    vpaddw m1, m1, m3
    movu m2, [%1 + t0 + 2]
    movu m3, [%1 + t0 + 3]
    vpmaddubsw m2, m2, m13
    vpmaddubsw m3, m3, m13
    vpaddw m0, m0, m2
    vpaddw m1, m1, m3
    vpmulhrsw m0, m0, m9
    vpmulhrsw m1, m1, m9
    vpackuswb m0, m0, m1        ; per lane: 8 even outputs, then 8 odd
    vpshufb m0, m0, %2
    movu [p0 + t0], m0
%endmacro

; TILE32: the 32 outputs of each plane at columns t0 .. t0+31.
%macro TILE32 0
    H_TILE32 p3, [pb_interleave]
    ; j
    JHALF m0, 0
    JHALF m1, 32
    vpacksswb m0, m0, m1
    vpermq m0, m0, 0xD8
    vpxor m0, m0, m8
    movu [p2 + t0], m0
    ; v
    movu m0, [rsp + 2 * t0 + 4]
    movu m1, [rsp + 2 * t0 + 36]
    vpsraw m0, m0, 5
    vpsraw m1, m1, 5
    vpacksswb m0, m0, m1
    vpermq m0, m0, 0xD8
    vpxor m0, m0, m8
    movu [p1 + t0], m0
%endmacro

FUNC hpel_filter, 6
    SXD p5
    cmp p5, 32
    jge .wide
    POP_SAVED
    jmp rth264_hpel_filter_sse2 ; 16 columns (or nothing to do)
.wide:
    mov s0d, STACK_ARG(6)       ; height
    test s0d, s0d
    jle .done_nostack
    lea s1, [2 * p5 + 10 + 31]
    and s1, -32                 ; stack row: width + 5 words
    sub rsp, s1
    lea s4, [p5 - 27]           ; last vertical chunk: words width-27 .. width+4
    lea s5, [p5 - 32]           ; last tile: columns width-32 .. width-1
    vbroadcasti128 m15, [pb_1_m5]
    vbroadcasti128 m14, [pb_20]
    vbroadcasti128 m13, [pb_m5_1]
    vbroadcasti128 m12, [pw_1_m5w]
    vbroadcasti128 m11, [pw_20w]
    vbroadcasti128 m10, [pw_m5_1]
    vbroadcasti128 m9, [pw_1024]
    vbroadcasti128 m8, [pb_80]
    vbroadcasti128 m7, [pw_4080]
.row2:
    TAP_ROW_POINTERS
    jmp .vcheck
.vloop:
    VCHUNK
    add t0, 32
.vcheck:
    cmp t0, s4
    jl .vloop
    mov t0, s4
    VCHUNK
    xor t0d, t0d
    jmp .tcheck
.tloop:
    TILE32
    add t0, 32
.tcheck:
    cmp t0, s5
    jl .tloop
    mov t0, s5
    TILE32
    add p0, p4
    add p1, p4
    add p2, p4
    add p3, p4
    dec s0d
    jg .row2
    add rsp, s1
.done_nostack:
    RET

;---------------------------------------------------------------------------
; AVX2 h and v only (hpel_filter_hv, width >= 32): 32 columns per step
; straight from the bytes, no stack row. v is pmaddubsw on the byte pairs of
; rows (y-2, y-1), (y, y+1), (y+2, y+3) interleaved by punpck (per lane, so
; packuswb of the low and high halves restores the column order); h as in
; TILE32. (x + 16) >> 5 is pmulhrsw by 1024, packuswb the clip.
; Row pointers: s1 = y-2, s2 = y-1, p2 = y, t2 = y+1, s3 = y+2, s4 = y+3.
;---------------------------------------------------------------------------

; V_TAP_PAIR lo, hi, tmp, row_a, row_b, taps: the byte pairs (row_a, row_b)
; at columns t0 .. t0+31, interleaved per lane, times the tap pair: columns
; 0-7 and 16-23 as words in lo, 8-15 and 24-31 in hi; tmp is clobbered.
%macro V_TAP_PAIR 6
    movu %1, [%4 + t0]
    movu %3, [%5 + t0]
    vpunpckhbw %2, %1, %3
    vpunpcklbw %1, %1, %3
    vpmaddubsw %1, %1, %6
    vpmaddubsw %2, %2, %6
%endmacro

; HV_TILE: the 32 outputs of h and v at columns t0 .. t0+31.
%macro HV_TILE 0
    H_TILE32 p2, m8
    V_TAP_PAIR m0, m2, m1, s1, s2, m15     ; rows y-2, y-1
    V_TAP_PAIR m1, m4, m3, p2, t2, m14     ; rows y, y+1
    vpaddw m0, m0, m1
    vpaddw m2, m2, m4
    V_TAP_PAIR m1, m4, m3, s3, s4, m13     ; rows y+2, y+3
    vpaddw m0, m0, m1
    vpaddw m2, m2, m4
    vpmulhrsw m0, m0, m9
    vpmulhrsw m2, m2, m9
    vpackuswb m0, m0, m2
    movu [p1 + t0], m0
%endmacro

FUNC hpel_filter_hv, 5
    SXD p4
    test p5d, p5d
    jle .done
    lea s0, [p4 - 32]           ; last tile: columns width-32 .. width-1
    vbroadcasti128 m15, [pb_1_m5]
    vbroadcasti128 m14, [pb_20]
    vbroadcasti128 m13, [pb_m5_1]
    vbroadcasti128 m9, [pw_1024]
    vbroadcasti128 m8, [pb_interleave]
.row:
    mov s1, p3
    neg s1
    lea s2, [p2 + s1]           ; row y-1
    lea s1, [s2 + s1]           ; row y-2
    lea t2, [p2 + p3]           ; row y+1
    lea s3, [t2 + p3]           ; row y+2
    lea s4, [s3 + p3]           ; row y+3
    xor t0d, t0d
    jmp .check
.tile:
    HV_TILE
    add t0, 32
.check:
    cmp t0, s0
    jl .tile
    mov t0, s0
    HV_TILE
    add p0, p3
    add p1, p3
    add p2, p3
    dec p5d
    jg .row
.done:
    RET

;---------------------------------------------------------------------------
; sad_qring_16x16 (common/halfpel.h): the eight SADs of the src block
; against the pavgb pairs of five blocks c, u, l, r, d, each block loaded
; once per row (AVX2: rows y and y + 1 in the two lanes). m0-m4 the blocks,
; m5 src, m6 scratch, m8-m15 the psadbw sums of the eight pairs.
;---------------------------------------------------------------------------

; QR_LOAD m, xm, offset: block row(s) at base + offset (t0 row y, s2 row y+1)
%macro QR_LOAD 3
  %if mmsize == 32
    vmovdqu %2, [t0 + %3]
    vinserti128 %1, %1, [s2 + %3], 1
  %else
    movdqu %1, [t0 + %3]
  %endif
%endmacro

; QR_PAIR acc, x, y: acc += psadbw(src, pavgb(x, y))
%macro QR_PAIR 3
  %if mmsize == 32
    vpavgb m6, %2, %3
    vpsadbw m6, m6, m5
    vpaddd %1, %1, m6
  %else
    movdqa m6, %2
    pavgb m6, %3
    psadbw m6, m5
    paddd %1, m6
  %endif
%endmacro

; QR_FOLD2 a, b: the sums of accumulators a and b as dwords 0 and 2 of
; xm a (AVX2: lanes added first)
%macro QR_FOLD2 2
  %if mmsize == 32
    vextracti128 xm6, m%1, 1
    vpaddd xm%1, xm%1, xm6
    vextracti128 xm6, m%2, 1
    vpaddd xm%2, xm%2, xm6
  %endif
    mova xm6, xm%1
    V punpcklqdq, xm6, xm%2
    V punpckhqdq, xm%1, xm%2
    V paddd, xm%1, xm6
%endmacro

; The sad_qring / sad_avg2_shared_x8 / sad_x8 kernels below share one frame:
; the block pointers of p2[] kept as offsets from the first (t0), an
; odd-row base for AVX2 (rows y, y + 1 in the two lanes), src in m5, eight
; psadbw sums in m8-m15 stored as eight dwords to p4.

; LOAD_BLOCK_OFFSETS odd, r1, ..., rn: t0 = p2[0], rk = p2[k] - t0,
; odd = t0 + p3 (AVX2: base of the odd rows). p2 itself may only be rn.
%macro LOAD_BLOCK_OFFSETS 2-*
    mov t0, [p2]
    %xdefine %%odd %1
  %assign %%k 1
  %rep %0 - 1
    %rotate 1
    mov %1, [p2 + 8 * %%k]
    %assign %%k %%k+1
  %endrep
  %rotate 1                     ; back to odd, r1, ..., rn
  %rep %0 - 1
    %rotate 1
    sub %1, t0
  %endrep
    lea %%odd, [t0 + p3]
%endmacro

; ZERO_SUMS: clear the accumulators m8-m15
%macro ZERO_SUMS 0
  %assign %%i 8
  %rep 8
    V pxor, m%[%%i], m%[%%i]
    %assign %%i %%i+1
  %endrep
%endmacro

; LOAD_SRC_ROWS: m5 = src row y (AVX2: rows y, y + 1)
%macro LOAD_SRC_ROWS 0
  %if mmsize == 32
    vmovdqu xm5, [p0]
    vinserti128 m5, m5, [p0 + p1], 1
  %else
    movdqu m5, [p0]
  %endif
%endmacro

; NEXT_ROWS odd: step src and the block bases down one row (AVX2: two)
%macro NEXT_ROWS 1
  %if mmsize == 32
    lea p0, [p0 + 2 * p1]
    lea t0, [t0 + 2 * p3]
    lea %1, [%1 + 2 * p3]
  %else
    add p0, p1
    add t0, p3
  %endif
%endmacro

; STORE_SUMS: the eight sums m8-m15 as dwords to p4[0..7]
%macro STORE_SUMS 0
    QR_FOLD2 8, 9
    QR_FOLD2 10, 11
    V shufps, xm8, xm10, 0x88
    movu [p4], xm8
    QR_FOLD2 12, 13
    QR_FOLD2 14, 15
    V shufps, xm12, xm14, 0x88
    movu [p4 + 16], xm12
%endmacro

%macro SAD_QRING 0
; p0 src, p1 src_stride, p2 blk[5], p3 ref_stride, p4 scores
FUNC sad_qring_16x16, 3
    LOAD_BLOCK_OFFSETS s2, t1, t2, s0, s1   ; base the centre; up, left, right, down
    ZERO_SUMS
  %rep 16 * 16 / mmsize
    LOAD_SRC_ROWS
    QR_LOAD m0, xm0, 0
    QR_LOAD m1, xm1, t1
    QR_LOAD m2, xm2, t2
    QR_LOAD m3, xm3, s0
    QR_LOAD m4, xm4, s1
    QR_PAIR m8, m0, m1
    QR_PAIR m9, m0, m2
    QR_PAIR m10, m0, m3
    QR_PAIR m11, m0, m4
    QR_PAIR m12, m1, m2
    QR_PAIR m13, m1, m3
    QR_PAIR m14, m2, m4
    QR_PAIR m15, m3, m4
    NEXT_ROWS s2
  %endrep
    STORE_SUMS
    RET
%endmacro

INIT_XMM sse2
SAD_QRING
INIT_YMM avx2
SAD_QRING

;---------------------------------------------------------------------------
; sad_avg2_shared_x8_16x16 (common/halfpel.h): blk[0] (m0) loaded once per
; row (AVX2: rows y, y + 1), each of blk[1..8] into m1 in turn; the other
; eight pointers kept as offsets from blk[0]. m8-m15 the sums.
;---------------------------------------------------------------------------

%macro SAD_AVG2_SHARED_X8 0
; p0 src, p1 src_stride, p2 blk[9], p3 ref_stride, p4 scores
FUNC sad_avg2_shared_x8_16x16, 5
    LOAD_BLOCK_OFFSETS s4, p5, t1, t2, s0, s1, s2, s3, p2   ; base the shared block
    ZERO_SUMS
  %rep 16 * 16 / mmsize
    LOAD_SRC_ROWS
    %if mmsize == 32
        vmovdqu xm0, [t0]
        vinserti128 m0, m0, [s4], 1
    %else
        movdqu m0, [t0]
    %endif
    SHARED_PAIR m8, p5
    SHARED_PAIR m9, t1
    SHARED_PAIR m10, t2
    SHARED_PAIR m11, s0
    SHARED_PAIR m12, s1
    SHARED_PAIR m13, s2
    SHARED_PAIR m14, s3
    SHARED_PAIR m15, p2
    NEXT_ROWS s4
  %endrep
    STORE_SUMS
    RET
%endmacro

; SHARED_PAIR acc, offset: acc += psadbw(src, pavgb(shared, block at offset))
%macro SHARED_PAIR 2
  %if mmsize == 32
    vmovdqu xm1, [t0 + %2]
    vinserti128 m1, m1, [s4 + %2], 1
    vpavgb m1, m1, m0
    vpsadbw m1, m1, m5
    vpaddd %1, %1, m1
  %else
    movdqu m1, [t0 + %2]
    pavgb m1, m0
    psadbw m1, m5
    paddd %1, m1
  %endif
%endmacro

INIT_XMM sse2
SAD_AVG2_SHARED_X8
INIT_YMM avx2
SAD_AVG2_SHARED_X8

;---------------------------------------------------------------------------
; sad_x8_16x16 (common/halfpel.h): src (m5) loaded once per row (AVX2: rows
; y, y + 1), each of the eight blocks into m1 in turn, kept as offsets from
; ref[0]. m8-m15 the sums.
;---------------------------------------------------------------------------

; X8_BLOCK acc, offset: acc += psadbw(src, block at offset)
%macro X8_BLOCK 2
  %if mmsize == 32
    vmovdqu xm1, [t0 + %2]
    vinserti128 m1, m1, [s3 + %2], 1
    vpsadbw m1, m1, m5
    vpaddd %1, %1, m1
  %else
    movdqu m1, [t0 + %2]
    psadbw m1, m5
    paddd %1, m1
  %endif
%endmacro

%macro SAD_X8 0
; p0 src, p1 src_stride, p2 ref[8], p3 ref_stride, p4 scores
FUNC sad_x8_16x16, 4
    LOAD_BLOCK_OFFSETS s3, p5, t1, t2, s0, s1, s2, p2   ; base ref[0]
    ZERO_SUMS
  %rep 16 * 16 / mmsize
    LOAD_SRC_ROWS
    X8_BLOCK m8, 0
    X8_BLOCK m9, p5
    X8_BLOCK m10, t1
    X8_BLOCK m11, t2
    X8_BLOCK m12, s0
    X8_BLOCK m13, s1
    X8_BLOCK m14, s2
    X8_BLOCK m15, p2
    NEXT_ROWS s3
  %endrep
    STORE_SUMS
    RET
%endmacro

INIT_XMM sse2
SAD_X8
INIT_YMM avx2
SAD_X8

END_FUNCS
