/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_MC_H
#define RTH264_COMMON_MC_H

#include <stddef.h>
#include <stdint.h>

/*
 * Motion compensation (8.4.2.2).
 *
 * Luma (8.4.2.2.1): quarter-sample interpolation with the 6-tap filter
 * (1,-5,20,20,-5,1). dst receives a block of width W (16, 8 or 4, by table
 * index) and `height` rows (16, 8 or 4; W=4 also 8). src points at the
 * integer sample position of the block's top-left; mx, my are the fractional
 * parts 0..3 (quarter samples). The function reads src[-2 .. W+2] horizontally
 * and rows -2 .. height+2 (only those the fraction needs, but callers must
 * guarantee the whole window is readable: the frame's padding does that, see
 * frame.h). No alignment is guaranteed for src; dst is aligned to W bytes
 * when W >= 8 only if the caller's buffer is (the decoder writes straight into
 * the frame, so 16-byte for W=16 at MB starts, 8 for W=8 partitions, 4 for 4).
 * Output samples are exactly those of the standard (clipped to 0..255).
 *
 * Chroma (8.4.2.2.2): eighth-sample bilinear, W = 8, 4 or 2 (table index
 * 0, 1, 2), height 8, 4 or 2 (W=2 also 4, W=4 also 2 and 8), mx,my in 0..7.
 * Reads W+1 columns and height+1 rows from src (only when the fraction is
 * non-zero in that direction, but the window must be readable).
 *
 * avg (for bi-prediction later): dst = (dst + src + 1) >> 1 over W x height,
 * W = 16, 8, 4, 2 by index 0..3.
 */

enum { RTH264_MC_W16 = 0, RTH264_MC_W8 = 1, RTH264_MC_W4 = 2, RTH264_MC_W2 = 3 };

typedef void (*Rth264McLumaFn)(uint8_t *dst, ptrdiff_t dst_stride,
                               const uint8_t *src, ptrdiff_t src_stride,
                               int height, int mx, int my);
typedef void (*Rth264McChromaFn)(uint8_t *dst, ptrdiff_t dst_stride,
                                 const uint8_t *src, ptrdiff_t src_stride,
                                 int height, int mx, int my);
typedef void (*Rth264McAvgFn)(uint8_t *dst, ptrdiff_t dst_stride,
                              const uint8_t *src, ptrdiff_t src_stride, int height);

/*
 * Weighted sample prediction (8.4.2.3.2), W = 16, 8, 4, 2 by index 0..3,
 * `height` rows, 8-bit samples (offsets already scaled):
 * weight (one list, in place): dst = clip(((dst * w + 2^(logwd-1)) >> logwd)
 *   + off) for logwd >= 1, clip(dst * w + off) for logwd == 0.
 * biweight (two lists): dst = clip(((dst * w0 + src * w1 + 2^logwd) >>
 *   (logwd + 1)) + off). logwd 0..7 (5 for implicit weights), w, w0, w1 in
 *   -128..127 (implicit: -64..128), off -128..127.
 */
typedef void (*Rth264McWeightFn)(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off);
typedef void (*Rth264McBiweightFn)(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                                   ptrdiff_t src_stride, int height, int logwd, int w0, int w1, int off);

typedef struct Rth264McDsp {
    Rth264McLumaFn put_luma[3];     /* [RTH264_MC_W16, W8, W4] */
    Rth264McChromaFn put_chroma[3]; /* [0]: W8, [1]: W4, [2]: W2 */
    Rth264McAvgFn avg[4];           /* [RTH264_MC_W16 .. W2] */
    Rth264McWeightFn weight[4];     /* [RTH264_MC_W16 .. W2] */
    Rth264McBiweightFn biweight[4]; /* [RTH264_MC_W16 .. W2] */
} Rth264McDsp;

void rth264_mc_init(Rth264McDsp *dsp, unsigned cpu_flags);

#if HAVE_ASM_X86
void rth264_mc_init_x86(Rth264McDsp *dsp, unsigned cpu_flags);
#endif
#if HAVE_ASM_AARCH64
void rth264_mc_init_aarch64(Rth264McDsp *dsp, unsigned cpu_flags);
#endif

#endif
