/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_HALFPEL_H
#define RTH264_COMMON_HALFPEL_H

/*
 * Half-sample planes of a luma reference picture for the encoder's motion
 * search, all three in one pass (8.4.2.2.1, equations 8-241..8-247):
 *
 *   tap(a, b, c, d, e, f) = a - 5 b + 20 c + 20 d - 5 e + f
 *   h[x] (position (x + 1/2, y), "b") = Clip1((tap(src row y, x-2..x+3) + 16) >> 5)
 *   v[x] (position (x, y + 1/2), "h") = Clip1((tap(src column x, y-2..y+3) + 16) >> 5)
 *   j[x] (position (x + 1/2, y + 1/2)) = Clip1((tap of the unrounded vertical
 *        taps of columns x-2..x+3) + 512) >> 10)
 *
 * for 0 <= y < height, 0 <= x < width; the same values as the mc module's
 * put_luma at fractions (2,0), (0,2) and (2,2). width is a multiple of 16
 * (>= 16), height >= 1. src rows y-2..y+3 and columns x-2..x+3 are read,
 * i.e. src[-2 * stride - 2 .. (height + 2) * stride + width + 2] and
 * nothing else; exactly width bytes are written per row of each plane. The
 * four pointers share stride (any value, negative included); no alignment.
 *
 * hpel_filter_hv: h and v only (the encoder's fastest levels search no
 * position that needs j), same samples and reads; width a multiple of 16
 * and at least 32 (the encoder's planes are 2 * HPEL_MARGIN wider than the
 * picture).
 *
 * sad_qring_16x16: the SADs of a 16x16 source block against the rounded
 * averages (pavg: (a + b + 1) >> 1) of the blocks at blk[0..4] = centre,
 * up, left, right, down (ref_stride apart rows, no alignment), in the order
 * (c,u) (c,l) (c,r) (c,d) (u,l) (u,r) (l,d) (r,d). Around a full-sample or a
 * J centre these are the eight quarter-sample neighbours (8.4.2.2.1 a/c/d/n
 * type samples and e/g/p/r type samples), so the encoder's quarter-sample
 * ring loads each block once instead of twice to four times.
 *
 * sad_avg2_shared_x8_16x16: scores[k] = the SAD of the src block against the
 * rounded average of blk[0] and blk[1 + k], k = 0..7: the quarter-sample
 * ring around an H or V centre, all of whose points average the centre
 * with a neighbour.
 *
 * sad_x8_16x16: scores[k] = the SAD of the src block against ref[k], k =
 * 0..7, src loaded once: the eight half-sample neighbours of a full-sample
 * position (on the V, H and J planes).
 */

#include <stddef.h>
#include <stdint.h>

typedef void (*Rth264HpelFilterFn)(uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *src,
                                   ptrdiff_t stride, int width, int height);

typedef void (*Rth264HpelFilterHvFn)(uint8_t *h, uint8_t *v, const uint8_t *src,
                                     ptrdiff_t stride, int width, int height);

typedef void (*Rth264SadQringFn)(const uint8_t *src, ptrdiff_t src_stride,
                                 const uint8_t *const blk[5], ptrdiff_t ref_stride,
                                 int scores[8]);

typedef void (*Rth264SadAvg2SharedX8Fn)(const uint8_t *src, ptrdiff_t src_stride,
                                        const uint8_t *const blk[9], ptrdiff_t ref_stride,
                                        int scores[8]);

typedef void (*Rth264SadX8Fn)(const uint8_t *src, ptrdiff_t src_stride,
                              const uint8_t *const ref[8], ptrdiff_t ref_stride, int scores[8]);

typedef struct Rth264HalfpelDsp {
    Rth264HpelFilterFn hpel_filter;
    Rth264HpelFilterHvFn hpel_filter_hv;
    Rth264SadQringFn sad_qring_16x16;
    Rth264SadAvg2SharedX8Fn sad_avg2_shared_x8_16x16;
    Rth264SadX8Fn sad_x8_16x16;
} Rth264HalfpelDsp;

void rth264_halfpel_init(Rth264HalfpelDsp *dsp, unsigned cpu_flags);

#if HAVE_ASM_X86
void rth264_halfpel_init_x86(Rth264HalfpelDsp *dsp, unsigned cpu_flags);
#endif
#if HAVE_ASM_AARCH64
void rth264_halfpel_init_aarch64(Rth264HalfpelDsp *dsp, unsigned cpu_flags);
#endif

#endif
