/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "common/halfpel.h"

static inline uint8_t clip_pixel(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* The 6-tap filter of 8.4.2.2.1 on p[0], p[step], ..., p[5 * step]. */
static inline int tap6(const uint8_t *p, ptrdiff_t step)
{
    return p[0] - 5 * p[step] + 20 * p[2 * step] + 20 * p[3 * step] - 5 * p[4 * step] +
           p[5 * step];
}

static void hpel_row(uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *src, ptrdiff_t stride,
                     int width)
{
    for (int x = 0; x < width; x++) {
        int t[6]; /* unrounded vertical taps of columns x-2..x+3 */
        for (int k = 0; k < 6; k++)
            t[k] = tap6(src + x - 2 + k - 2 * stride, stride);
        h[x] = clip_pixel((tap6(src + x - 2, 1) + 16) >> 5);
        v[x] = clip_pixel((t[2] + 16) >> 5);
        j[x] = clip_pixel((t[0] - 5 * t[1] + 20 * t[2] + 20 * t[3] - 5 * t[4] + t[5] + 512) >> 10);
    }
}

static void hpel_filter_c(uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *src,
                          ptrdiff_t stride, int width, int height)
{
    for (int y = 0; y < height; y++) {
        hpel_row(h, v, j, src, stride, width);
        h += stride;
        v += stride;
        j += stride;
        src += stride;
    }
}

static void hpel_filter_hv_c(uint8_t *h, uint8_t *v, const uint8_t *src, ptrdiff_t stride,
                             int width, int height)
{
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            h[x] = clip_pixel((tap6(src + x - 2, 1) + 16) >> 5);
            v[x] = clip_pixel((tap6(src + x - 2 * stride, stride) + 16) >> 5);
        }
        h += stride;
        v += stride;
        src += stride;
    }
}

/* The pair (blk[qring_pair[k][0]], blk[qring_pair[k][1]]) of score k. */
static const uint8_t qring_pair[8][2] = { { 0, 1 }, { 0, 2 }, { 0, 3 }, { 0, 4 },
                                          { 1, 2 }, { 1, 3 }, { 2, 4 }, { 3, 4 } };

static int sad_avg2_16x16(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                          const uint8_t *b, ptrdiff_t ref_stride)
{
    int sum = 0;
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++) {
            const int d = src[y * src_stride + x] -
                          ((a[y * ref_stride + x] + b[y * ref_stride + x] + 1) >> 1);
            sum += d < 0 ? -d : d;
        }
    return sum;
}

static void sad_avg2_shared_x8_16x16_c(const uint8_t *src, ptrdiff_t src_stride,
                                       const uint8_t *const blk[9], ptrdiff_t ref_stride,
                                       int scores[8])
{
    for (int k = 0; k < 8; k++)
        scores[k] = sad_avg2_16x16(src, src_stride, blk[0], blk[1 + k], ref_stride);
}

static void sad_x8_16x16_c(const uint8_t *src, ptrdiff_t src_stride,
                           const uint8_t *const ref[8], ptrdiff_t ref_stride, int scores[8])
{
    for (int k = 0; k < 8; k++) {
        int sum = 0;
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++) {
                const int d = src[y * src_stride + x] - ref[k][y * ref_stride + x];
                sum += d < 0 ? -d : d;
            }
        scores[k] = sum;
    }
}

static void sad_qring_16x16_c(const uint8_t *src, ptrdiff_t src_stride,
                              const uint8_t *const blk[5], ptrdiff_t ref_stride, int scores[8])
{
    for (int k = 0; k < 8; k++)
        scores[k] = sad_avg2_16x16(src, src_stride, blk[qring_pair[k][0]], blk[qring_pair[k][1]],
                                   ref_stride);
}

void rth264_halfpel_init(Rth264HalfpelDsp *dsp, unsigned cpu_flags)
{
    dsp->hpel_filter = hpel_filter_c;
    dsp->hpel_filter_hv = hpel_filter_hv_c;
    dsp->sad_qring_16x16 = sad_qring_16x16_c;
    dsp->sad_avg2_shared_x8_16x16 = sad_avg2_shared_x8_16x16_c;
    dsp->sad_x8_16x16 = sad_x8_16x16_c;
    (void)cpu_flags;
#if HAVE_ASM_X86
    rth264_halfpel_init_x86(dsp, cpu_flags);
#endif
#if HAVE_ASM_AARCH64
    rth264_halfpel_init_aarch64(dsp, cpu_flags);
#endif
}
