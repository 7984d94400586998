/* SPDX-License-Identifier: BSD-2-Clause */
/* Pixel metrics for the encoder in NEON: SAD (and its 3/4-candidate forms),
 * SATD, SSD, plane SSD and block sum/sum-of-squares. The contracts are in
 * common/pixel.h; every function here is bit-exact with the C reference.
 *
 * Arguments: x0 = src, x1 = src_stride, x2 = ref, x3 = ref_stride. */

#include "common/aarch64/asm.S"

/* ---- SAD ------------------------------------------------------------------
 * |src - ref| summed into 16-bit lanes: each lane takes at most 16 rows of
 * 255, far from overflow. */

/* One row of a w-wide block into \v (w = 4: two rows in the low half). */
.macro load_w v, ptr, stride, w
.if \w == 16
    ld1 {\v\().16b}, [\ptr], \stride
.elseif \w == 8
    ld1 {\v\().8b}, [\ptr], \stride
.else
    ld1 {\v\().s}[0], [\ptr], \stride
    ld1 {\v\().s}[1], [\ptr], \stride
.endif
.endm

/* |a - b| of a w-wide row into the 16-bit accumulators \acc0 (low 8
 * bytes) and, for w = 16, \acc1 (high 8): set by the first row, then added. */
.macro sad_acc w, first, a, b, acc0, acc1
.if \first
    uabdl \acc0\().8h, \a\().8b, \b\().8b
.else
    uabal \acc0\().8h, \a\().8b, \b\().8b
.endif
.if \w == 16
.if \first
    uabdl2 \acc1\().8h, \a\().16b, \b\().16b
.else
    uabal2 \acc1\().8h, \a\().16b, \b\().16b
.endif
.endif
.endm

/* Rows of a w-wide block in one vector: 1, or 2 for w = 4. */
.macro set_rows_per_vector w
.if \w == 4
    .Lrows_per_vector = 2
.else
    .Lrows_per_vector = 1
.endif
.endm

/* One vector of src (x0) against ref (x2) into v16/v17 (w = 4: the two
 * rows' loads of src and ref interleaved). */
.macro sad_rows w, first
.if \w == 4
    ld1 {v0.s}[0], [x0], x1
    ld1 {v1.s}[0], [x2], x3
    ld1 {v0.s}[1], [x0], x1
    ld1 {v1.s}[1], [x2], x3
.else
    load_w v0, x0, x1, \w
    load_w v1, x2, x3, \w
.endif
    sad_acc \w, \first, v0, v1, v16, v17
.endm

.macro sad_func w, h
function sad_\w\()x\h\()_neon
    set_rows_per_vector \w
    sad_rows \w, 1
    .rept \h / .Lrows_per_vector - 1
    sad_rows \w, 0
    .endr
.if \w == 16
    add v16.8h, v16.8h, v17.8h
.endif
    uaddlv s0, v16.8h
    fmov w0, s0
    ret
endfunc sad_\w\()x\h\()_neon
.endm

sad_func 16, 16
sad_func 16, 8
sad_func 8, 16
sad_func 8, 8
sad_func 8, 4
sad_func 4, 8
sad_func 4, 4

/* ---- SAD x3 / x4 ----------------------------------------------------------
 * One src row against three or four candidates that share ref_stride.
 * x3: x0 src, x1 src_stride, x2-x4 refs, x5 ref_stride, x6 scores.
 * x4: x0 src, x1 src_stride, x2-x5 refs, x6 ref_stride, x7 scores.
 * Accumulators: v16/v17 (ref0), v18/v19, v20/v21, v22/v23. */

.macro sadx_one w, first, ref, vref, acc0, acc1, stride
    load_w \vref, \ref, \stride, \w
    sad_acc \w, \first, v0, \vref, \acc0, \acc1
.endm

.macro sadx_row n, w, first, stride
    load_w v0, x0, x1, \w
    sadx_one \w, \first, x2, v1, v16, v17, \stride
    sadx_one \w, \first, x3, v2, v18, v19, \stride
    sadx_one \w, \first, x4, v3, v20, v21, \stride
.if \n == 4
    sadx_one \w, \first, x5, v4, v22, v23, \stride
.endif
.endm

/* Reduce accumulator pairs to one 32-bit score per candidate in v0.4s. */
.macro sadx_reduce n, w
.if \w == 16
    add v16.8h, v16.8h, v17.8h
    add v18.8h, v18.8h, v19.8h
    add v20.8h, v20.8h, v21.8h
.if \n == 4
    add v22.8h, v22.8h, v23.8h
.endif
.endif
.if \n == 3
    movi v22.8h, #0
.endif
    /* Pairwise adds down to one sum per accumulator (each < 2^16). */
    uaddlp v16.4s, v16.8h
    uaddlp v18.4s, v18.8h
    uaddlp v20.4s, v20.8h
    uaddlp v22.4s, v22.8h
    addp v16.4s, v16.4s, v18.4s
    addp v20.4s, v20.4s, v22.4s
    addp v0.4s, v16.4s, v20.4s
.endm

.macro sadx_func n, w, h
function sad_x\n\()_\w\()x\h\()_neon
    set_rows_per_vector \w
    rows = \h / .Lrows_per_vector
.if \n == 3
    sadx_row \n, \w, 1, x5
    .rept rows - 1
    sadx_row \n, \w, 0, x5
    .endr
    sadx_reduce \n, \w
    st1 {v0.2s}, [x6], #8
    st1 {v0.s}[2], [x6]
.else
    sadx_row \n, \w, 1, x6
    .rept rows - 1
    sadx_row \n, \w, 0, x6
    .endr
    sadx_reduce \n, \w
    st1 {v0.4s}, [x7]
.endif
    ret
endfunc sad_x\n\()_\w\()x\h\()_neon
.endm

.irp n, 3, 4
sadx_func \n, 16, 16
sadx_func \n, 16, 8
sadx_func \n, 8, 16
sadx_func \n, 8, 8
sadx_func \n, 8, 4
sadx_func \n, 4, 8
sadx_func \n, 4, 4
.endr

/* ---- SATD -----------------------------------------------------------------
 * Two horizontally adjacent 4x4 blocks at a time: four rows of 8 differences
 * (v0-v3, 16-bit). Vertical 4-point Hadamard across the rows, a 4x4
 * transpose inside each 64-bit half, the first horizontal butterfly, and for
 * the last stage |a + b| + |a - b| = 2 max(|a|, |b|): the doubled sum is
 * halved by the contract's final >> 1, so summing the maxima is exact.
 * Coefficients stay within +-16 * 255, which fits 16 bits. */

.macro butterfly s, d, a, b
    add \s\().8h, \a\().8h, \b\().8h
    sub \d\().8h, \a\().8h, \b\().8h
.endm

/* v0-v3 rows of differences -> v24 += 4 lanes of partial sums (32-bit). */
.macro satd_8x4_core
    butterfly v4, v5, v0, v1
    butterfly v6, v7, v2, v3
    butterfly v0, v2, v4, v6
    butterfly v1, v3, v5, v7
    /* Transpose each 4x4 of 16-bit values (both halves at once). */
    trn1 v4.8h, v0.8h, v1.8h
    trn2 v5.8h, v0.8h, v1.8h
    trn1 v6.8h, v2.8h, v3.8h
    trn2 v7.8h, v2.8h, v3.8h
    trn1 v0.4s, v4.4s, v6.4s
    trn2 v2.4s, v4.4s, v6.4s
    trn1 v1.4s, v5.4s, v7.4s
    trn2 v3.4s, v5.4s, v7.4s
    butterfly v4, v5, v0, v1
    butterfly v6, v7, v2, v3
    abs v4.8h, v4.8h
    abs v5.8h, v5.8h
    abs v6.8h, v6.8h
    abs v7.8h, v7.8h
    umax v4.8h, v4.8h, v6.8h
    umax v5.8h, v5.8h, v7.8h
    add v4.8h, v4.8h, v5.8h
    uadalp v24.4s, v4.8h
.endm

/* v0-v3 = the four rows of differences src - ref loaded into v16-v23 (src
 * rows in the even, ref rows in the odd registers). */
.macro satd_diff4
    usubl v0.8h, v16.8b, v17.8b
    usubl v1.8h, v18.8b, v19.8b
    usubl v2.8h, v20.8b, v21.8b
    usubl v3.8h, v22.8b, v23.8b
.endm

/* Load four rows of 8 (at column offset done by the caller) into v0-v3 as
 * differences. Uses x9/x10 as row pointers. */
.macro satd_load8x4
    ld1 {v16.8b}, [x9], x1
    ld1 {v17.8b}, [x10], x3
    ld1 {v18.8b}, [x9], x1
    ld1 {v19.8b}, [x10], x3
    ld1 {v20.8b}, [x9], x1
    ld1 {v21.8b}, [x10], x3
    ld1 {v22.8b}, [x9], x1
    ld1 {v23.8b}, [x10], x3
    satd_diff4
.endm

/* Four 4-wide rows of \src and \ref into 32-bit lane \lane of v16-v23. */
.macro satd_load4_lane lane, src, ref
    ld1 {v16.s}[\lane], [\src], x1
    ld1 {v17.s}[\lane], [\ref], x3
    ld1 {v18.s}[\lane], [\src], x1
    ld1 {v19.s}[\lane], [\ref], x3
    ld1 {v20.s}[\lane], [\src], x1
    ld1 {v21.s}[\lane], [\ref], x3
    ld1 {v22.s}[\lane], [\src], x1
    ld1 {v23.s}[\lane], [\ref], x3
.endm

/* 4-wide: rows y (low half) and y + 4 (high half), i.e. two stacked 4x4. */
.macro satd_load4x8
    satd_load4_lane 0, x9, x10
    satd_load4_lane 1, x9, x10
    satd_diff4
.endm

.macro satd_finish
    addv s0, v24.4s
    fmov w0, s0
    ret
.endm

function satd_4x4_neon
    movi v16.2d, #0
    movi v17.2d, #0
    movi v18.2d, #0
    movi v19.2d, #0
    movi v20.2d, #0
    movi v21.2d, #0
    movi v22.2d, #0
    movi v23.2d, #0
    movi v24.4s, #0
    satd_load4_lane 0, x0, x2
    satd_diff4
    satd_8x4_core
    satd_finish
endfunc satd_4x4_neon

function satd_4x8_neon
    movi v24.4s, #0
    mov x9, x0
    mov x10, x2
    satd_load4x8
    satd_8x4_core
    satd_finish
endfunc satd_4x8_neon

/* 8 wide, h rows: h / 4 calls of the core, down one column of 8. */
.macro satd_w8_column rows
    mov x9, x0
    mov x10, x2
    .rept \rows / 4
    satd_load8x4
    satd_8x4_core
    .endr
.endm

function satd_8x4_neon
    movi v24.4s, #0
    satd_w8_column 4
    satd_finish
endfunc satd_8x4_neon

function satd_8x8_neon
    movi v24.4s, #0
    satd_w8_column 8
    satd_finish
endfunc satd_8x8_neon

function satd_8x16_neon
    movi v24.4s, #0
    satd_w8_column 16
    satd_finish
endfunc satd_8x16_neon

function satd_16x8_neon
    movi v24.4s, #0
    satd_w8_column 8
    add x0, x0, #8
    add x2, x2, #8
    satd_w8_column 8
    satd_finish
endfunc satd_16x8_neon

function satd_16x16_neon
    movi v24.4s, #0
    satd_w8_column 16
    add x0, x0, #8
    add x2, x2, #8
    satd_w8_column 16
    satd_finish
endfunc satd_16x16_neon

/* ---- SSD ------------------------------------------------------------------
 * |d| as unsigned 16-bit, squared and accumulated in 32-bit lanes. */

.macro ssd_acc d
    umlal v24.4s, \d\().4h, \d\().4h
    umlal2 v25.4s, \d\().8h, \d\().8h
.endm

.macro ssd_func w, h
function ssd_\w\()x\h\()_neon
    movi v24.4s, #0
    movi v25.4s, #0
.if \w == 16
    .rept \h
    ld1 {v0.16b}, [x0], x1
    ld1 {v1.16b}, [x2], x3
    uabdl v2.8h, v0.8b, v1.8b
    uabdl2 v3.8h, v0.16b, v1.16b
    ssd_acc v2
    ssd_acc v3
    .endr
.elseif \w == 8
    .rept \h
    ld1 {v0.8b}, [x0], x1
    ld1 {v1.8b}, [x2], x3
    uabdl v2.8h, v0.8b, v1.8b
    ssd_acc v2
    .endr
.else
    .rept \h / 2
    ld1 {v0.s}[0], [x0], x1
    ld1 {v1.s}[0], [x2], x3
    ld1 {v0.s}[1], [x0], x1
    ld1 {v1.s}[1], [x2], x3
    uabdl v2.8h, v0.8b, v1.8b
    ssd_acc v2
    .endr
.endif
    add v24.4s, v24.4s, v25.4s
    addv s0, v24.4s
    fmov w0, s0
    ret
endfunc ssd_\w\()x\h\()_neon
.endm

ssd_func 16, 16
ssd_func 16, 8
ssd_func 8, 16
ssd_func 8, 8
ssd_func 8, 4
ssd_func 4, 8
ssd_func 4, 4

/* uint64_t ssd_plane(a, a_stride, b, b_stride, int w, int h)
 * Any width: 16 samples at a time, then 8, then one by one. Each row is
 * summed in 32-bit lanes (modulo 2^32, as the C reference does) and widened
 * into the 64-bit total v26. \isa: neon squares the differences with
 * widening multiply-accumulates (ssd_acc, v24 + v25), dotprod with udot
 * (v24 only). */
.macro ssd_plane_func isa
function ssd_plane_\isa
    sxtw x4, w4
    sxtw x5, w5
    movi v26.2d, #0
    cmp x4, #1
    b.lt 9f
    cmp x5, #1
    b.lt 9f
1:  /* row loop */
    mov x9, x0
    mov x10, x2
    mov x11, x4
    movi v24.4s, #0
.ifc \isa, neon
    movi v25.4s, #0
.endif
    mov w12, #0
2:  cmp x11, #16
    b.lt 3f
    ld1 {v0.16b}, [x9], #16
    ld1 {v1.16b}, [x10], #16
.ifc \isa, neon
    uabdl v2.8h, v0.8b, v1.8b
    uabdl2 v3.8h, v0.16b, v1.16b
    ssd_acc v2
    ssd_acc v3
.else
    uabd v0.16b, v0.16b, v1.16b
    udot_4s 24, 0, 0
.endif
    sub x11, x11, #16
    b 2b
3:  cmp x11, #8
    b.lt 4f
    ld1 {v0.8b}, [x9], #8
    ld1 {v1.8b}, [x10], #8
.ifc \isa, neon
    uabdl v2.8h, v0.8b, v1.8b
    ssd_acc v2
.else
    uabd v0.8b, v0.8b, v1.8b           /* upper half zero */
    udot_4s 24, 0, 0
.endif
    sub x11, x11, #8
4:  cbz x11, 6f
5:  ldrb w13, [x9], #1
    ldrb w14, [x10], #1
    sub w13, w13, w14
    madd w12, w13, w13, w12
    subs x11, x11, #1
    b.ne 5b
6:
.ifc \isa, neon
    add v24.4s, v24.4s, v25.4s
.endif
    addv s0, v24.4s
    fmov w13, s0
    add w12, w12, w13
    fmov s1, w12
    uaddw v26.2d, v26.2d, v1.2s
    add x0, x0, x1
    add x2, x2, x3
    subs x5, x5, #1
    b.ne 1b
9:  fmov x0, d26
    ret
endfunc ssd_plane_\isa
.endm

ssd_plane_func neon

/* ---- sum and sum of squares -----------------------------------------------
 * Returns sum | sum_of_squares << 32 for a 16x16 or 8x8 block. */

/* Return s0 (the sum) | s1 (the sum of squares) << 32. */
.macro var_return
    fmov w0, s0
    fmov w9, s1
    orr x0, x0, x9, lsl #32
    ret
.endm

.macro var_func w
function var_\w\()x\w\()_neon
    movi v16.4s, #0
    movi v24.4s, #0
    movi v25.4s, #0
    .rept \w
.if \w == 16
    ld1 {v0.16b}, [x0], x1
    uadalp v16.8h, v0.16b
    umull v2.8h, v0.8b, v0.8b
    umull2 v3.8h, v0.16b, v0.16b
    uadalp v24.4s, v2.8h
    uadalp v25.4s, v3.8h
.else
    ld1 {v0.8b}, [x0], x1
    uadalp v16.4h, v0.8b
    umull v2.8h, v0.8b, v0.8b
    uadalp v24.4s, v2.8h
.endif
    .endr
    uaddlv s0, v16.8h
    add v24.4s, v24.4s, v25.4s
    addv s1, v24.4s
    var_return
endfunc var_\w\()x\w\()_neon
.endm

var_func 16
var_func 8

/* ---- ARMv8.2 dot product (RTH264_CPU_DOTPROD) -------------------------------
 * udot sums four byte products into each 32-bit lane: one instruction per
 * 16 squared differences (SSD) or per 16 samples and 16 squares (var),
 * where plain NEON needs a widening multiply-accumulate per 8. Only these
 * two families gain; SAD keeps uabal. */

/* Load 16 bytes of a w-wide block into \v: 1, 2 or 4 rows. */
.macro load_rows16 v, ptr, stride, w
.if \w == 16
    ld1 {\v\().16b}, [\ptr], \stride
.elseif \w == 8
    ld1 {\v\().d}[0], [\ptr], \stride
    ld1 {\v\().d}[1], [\ptr], \stride
.else
    ld1 {\v\().s}[0], [\ptr], \stride
    ld1 {\v\().s}[1], [\ptr], \stride
    ld1 {\v\().s}[2], [\ptr], \stride
    ld1 {\v\().s}[3], [\ptr], \stride
.endif
.endm

.macro ssd_dot_func w, h
function ssd_\w\()x\h\()_dotprod
    movi v24.4s, #0
    .rept (\w * \h) / 16
    load_rows16 v0, x0, x1, \w
    load_rows16 v1, x2, x3, \w
    uabd v0.16b, v0.16b, v1.16b
    udot_4s 24, 0, 0
    .endr
    addv s0, v24.4s
    fmov w0, s0
    ret
endfunc ssd_\w\()x\h\()_dotprod
.endm

ssd_dot_func 16, 16
ssd_dot_func 16, 8
ssd_dot_func 8, 16
ssd_dot_func 8, 8
ssd_dot_func 8, 4
ssd_dot_func 4, 8
ssd_dot_func 4, 4

.macro var_dot_func w
function var_\w\()x\w\()_dotprod
    movi v1.16b, #1
    movi v24.4s, #0
    movi v25.4s, #0
    .rept (\w * \w) / 16
    load_rows16 v0, x0, x1, \w
    udot_4s 24, 0, 1
    udot_4s 25, 0, 0
    .endr
    addv s0, v24.4s
    addv s1, v25.4s
    var_return
endfunc var_\w\()x\w\()_dotprod
.endm

var_dot_func 16
var_dot_func 8

ssd_plane_func dotprod
