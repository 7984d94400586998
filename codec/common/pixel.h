/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_PIXEL_H
#define RTH264_COMMON_PIXEL_H

/*
 * Pixel metrics for the encoder: SAD, SATD, SSD, sums/variance.
 *
 * Common contract of every block function below:
 * - "src" is the block being encoded, "ref" the candidate (prediction).
 * - Samples are 8-bit; strides are in bytes, any value (may differ between
 *   src and ref; may be negative for ref).
 * - Alignment: src is aligned to 16 bytes when the block is 16 wide and to
 *   8 bytes when it is 8 or 4 wide, and src_stride is a multiple of 16.
 *   ref has NO alignment guarantee (motion search reads at any offset).
 * - Functions only read their inputs and have no side effects.
 * Sizes are indexed by enum Rth264PixelSize.
 */

#include <stddef.h>
#include <stdint.h>

enum Rth264PixelSize {
    RTH264_PIXEL_16x16 = 0,
    RTH264_PIXEL_16x8 = 1,
    RTH264_PIXEL_8x16 = 2,
    RTH264_PIXEL_8x8 = 3,
    RTH264_PIXEL_8x4 = 4,
    RTH264_PIXEL_4x8 = 5,
    RTH264_PIXEL_4x4 = 6,
    RTH264_PIXEL_SIZES = 7,
};

/* Width and height in samples of each enum Rth264PixelSize. */
extern const uint8_t rth264_pixel_size_w[RTH264_PIXEL_SIZES];
extern const uint8_t rth264_pixel_size_h[RTH264_PIXEL_SIZES];

/* Sum of |src - ref| over the block. Result < 2^16 for 16x16. */
typedef int (*Rth264SadFn)(const uint8_t *src, ptrdiff_t src_stride,
                           const uint8_t *ref, ptrdiff_t ref_stride);

/* SAD of one src block against 3 (or 4) candidates sharing ref_stride:
 * scores[i] = sad(src, ref[i]). Exactly equal to calling the SAD function. */
typedef void (*Rth264SadX3Fn)(const uint8_t *src, ptrdiff_t src_stride,
                              const uint8_t *ref0, const uint8_t *ref1, const uint8_t *ref2,
                              ptrdiff_t ref_stride, int scores[3]);
typedef void (*Rth264SadX4Fn)(const uint8_t *src, ptrdiff_t src_stride,
                              const uint8_t *ref0, const uint8_t *ref1, const uint8_t *ref2,
                              const uint8_t *ref3, ptrdiff_t ref_stride, int scores[4]);

/* SAD of src against the rounded average of two candidates a and b
 * (quarter-sample positions built from two half-sample planes, 8.4.2.2.1):
 * sum |src[i] - ((a[i] + b[i] + 1) >> 1)| over the block; a and b share
 * ref_stride, no alignment. The same as mc avg followed by sad. */
typedef int (*Rth264SadAvg2Fn)(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                               const uint8_t *b, ptrdiff_t ref_stride);

/* sad_avg2 of src against four candidate pairs (a[k], b[k]) sharing
 * ref_stride: scores[k] = sad_avg2(src, a[k], b[k]). Exactly equal to four
 * sad_avg2 calls (quarter-sample refinement points four at a time). */
typedef void (*Rth264SadAvg2X4Fn)(const uint8_t *src, ptrdiff_t src_stride,
                                  const uint8_t *const a[4], const uint8_t *const b[4],
                                  ptrdiff_t ref_stride, int scores[4]);

/* The same with the SATD below instead of the SAD: satd(src, avg(a, b)). */
typedef Rth264SadAvg2Fn Rth264SatdAvg2Fn;

/* SATD: the block is split into 4x4 blocks in any order; for each, the
 * difference d = src - ref is transformed with the unnormalised 4x4 Hadamard
 * H d H^T (H = rows of +-1, any row order), the absolute values of the 16
 * results are summed. Result = (sum over all 4x4 blocks) >> 1, shifted ONCE
 * at the end (bit-exact contract for SIMD versions). */
typedef int (*Rth264SatdFn)(const uint8_t *src, ptrdiff_t src_stride,
                            const uint8_t *ref, ptrdiff_t ref_stride);

/* Sum of (src - ref)^2 over the block. Result < 2^24 for 16x16. */
typedef int (*Rth264SsdFn)(const uint8_t *src, ptrdiff_t src_stride,
                           const uint8_t *ref, ptrdiff_t ref_stride);

/* SSD of two whole planes of w x h samples (w, h >= 1, no alignment, any
 * strides), for PSNR. 64-bit result. */
typedef uint64_t (*Rth264SsdPlaneFn)(const uint8_t *a, ptrdiff_t a_stride,
                                     const uint8_t *b, ptrdiff_t b_stride, int w, int h);

/* Sum and sum of squares of a block (16x16 or 8x8) for rate control and
 * adaptive quantisation: returns sum | (uint64_t)sum_of_squares << 32.
 * Alignment as src above. */
typedef uint64_t (*Rth264VarFn)(const uint8_t *src, ptrdiff_t stride);

typedef struct Rth264PixelDsp {
    Rth264SadFn sad[RTH264_PIXEL_SIZES];
    Rth264SadX3Fn sad_x3[RTH264_PIXEL_SIZES];
    Rth264SadX4Fn sad_x4[RTH264_PIXEL_SIZES];
    Rth264SatdFn satd[RTH264_PIXEL_SIZES];
    Rth264SsdFn ssd[RTH264_PIXEL_SIZES];
    Rth264SsdPlaneFn ssd_plane;
    Rth264VarFn var[2];           /* [0]: 16x16, [1]: 8x8 */
    Rth264SadAvg2Fn sad_avg2[RTH264_PIXEL_SIZES];
    Rth264SatdAvg2Fn satd_avg2[RTH264_PIXEL_SIZES];
    Rth264SadAvg2X4Fn sad_avg2_x4[RTH264_PIXEL_SIZES];
} Rth264PixelDsp;

/* Fill every entry with the C reference, then the best version allowed by
 * cpu_flags (RTH264_CPU_* already masked by the caller). */
void rth264_pixel_init(Rth264PixelDsp *dsp, unsigned cpu_flags);

#if HAVE_ASM_X86
void rth264_pixel_init_x86(Rth264PixelDsp *dsp, unsigned cpu_flags);
#endif
#if HAVE_ASM_AARCH64
void rth264_pixel_init_aarch64(Rth264PixelDsp *dsp, unsigned cpu_flags);
#endif

#endif
