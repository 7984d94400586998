; SPDX-License-Identifier: BSD-2-Clause
;
; Half-sample planes h, v, j of a luma reference in one pass, see
; common/halfpel.h. One tile = T output columns of one row (T = 8 words
; per xmm, 16 per ymm); one source for SSE2 and AVX2 through V/VX.
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

; STORE_PAIR dst, a, b (AVX2): the 2 x 16 words of a and b as 32 bytes
%macro STORE_PAIR 3
    vpackuswb %2, %2, %3        ; a0-7 b0-7 | a8-15 b8-15 (bytes)
    vpermq %2, %2, 0xD8
    movu %1, %2
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
    mov t1, p4
    neg t1
    lea t1, [p3 + 2 * t1 - 2]   ; row y-2, column -2
    lea t2, [t1 + 2 * p4]
    add t2, p4                  ; row y+1, column -2
    xor t0d, t0d
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
  %if mmsize == 32
.tile2:                             ; two tiles, one 32-byte store per plane
    lea t2, [t0 + 2 * (mmsize / 2)]
    cmp t2, p5
    jg .tile
    TILE_WORDS 0, m8, m9, m10
    TILE_WORDS mmsize / 2, m11, m12, m13
    STORE_PAIR [p1 + t0], m8, m11
    STORE_PAIR [p2 + t0], m9, m12
    STORE_PAIR [p0 + t0], m10, m13
    mov t0, t2
    jmp .tile2
  %endif
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
INIT_YMM avx2
HPEL_FILTER

END_FUNCS
