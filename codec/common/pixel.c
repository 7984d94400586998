/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>

#include "common/pixel.h"

const uint8_t rth264_pixel_size_w[RTH264_PIXEL_SIZES] = { 16, 16, 8, 8, 8, 4, 4 };
const uint8_t rth264_pixel_size_h[RTH264_PIXEL_SIZES] = { 16, 8, 16, 8, 4, 8, 4 };

static inline int sad_wxh(const uint8_t *src, ptrdiff_t src_stride,
                          const uint8_t *ref, ptrdiff_t ref_stride, int w, int h)
{
    int sum = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++)
            sum += abs(src[x] - ref[x]);
        src += src_stride;
        ref += ref_stride;
    }
    return sum;
}

static inline int sad_avg2_wxh(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                               const uint8_t *b, ptrdiff_t ref_stride, int w, int h)
{
    int sum = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++)
            sum += abs(src[x] - ((a[x] + b[x] + 1) >> 1));
        src += src_stride;
        a += ref_stride;
        b += ref_stride;
    }
    return sum;
}

static inline int ssd_wxh(const uint8_t *src, ptrdiff_t src_stride,
                          const uint8_t *ref, ptrdiff_t ref_stride, int w, int h)
{
    int sum = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int d = src[x] - ref[x];
            sum += d * d;
        }
        src += src_stride;
        ref += ref_stride;
    }
    return sum;
}

/* Sum of |H d H^T| of one 4x4 difference block (not yet halved). */
static int satd_4x4_unscaled(const uint8_t *src, ptrdiff_t src_stride,
                             const uint8_t *ref, ptrdiff_t ref_stride)
{
    int t[16];
    for (int y = 0; y < 4; y++) {
        int d0 = src[0] - ref[0], d1 = src[1] - ref[1];
        int d2 = src[2] - ref[2], d3 = src[3] - ref[3];
        int s01 = d0 + d1, m01 = d0 - d1, s23 = d2 + d3, m23 = d2 - d3;
        t[4 * y + 0] = s01 + s23;
        t[4 * y + 1] = s01 - s23;
        t[4 * y + 2] = m01 - m23;
        t[4 * y + 3] = m01 + m23;
        src += src_stride;
        ref += ref_stride;
    }
    int sum = 0;
    for (int x = 0; x < 4; x++) {
        int s01 = t[x] + t[4 + x], m01 = t[x] - t[4 + x];
        int s23 = t[8 + x] + t[12 + x], m23 = t[8 + x] - t[12 + x];
        sum += abs(s01 + s23) + abs(s01 - s23) + abs(m01 - m23) + abs(m01 + m23);
    }
    return sum;
}

/* Two horizontally adjacent 4x4 blocks at once: the left block's values in
 * the low 16 bits of each int, the right block's above them (every
 * intermediate fits in 16 bits signed: |d| <= 255, after both passes <= 4080,
 * so the packed sums never carry into each other's halves destructively). */
static int satd_8x4_unscaled(const uint8_t *src, ptrdiff_t src_stride,
                             const uint8_t *ref, ptrdiff_t ref_stride)
{
    int32_t t[16];
    for (int y = 0; y < 4; y++) {
        int32_t d[4];
        for (int i = 0; i < 4; i++)
            d[i] = (src[i] - ref[i]) + (int32_t)((uint32_t)(src[i + 4] - ref[i + 4]) << 16);
        const int32_t s01 = d[0] + d[1], m01 = d[0] - d[1], s23 = d[2] + d[3], m23 = d[2] - d[3];
        t[4 * y + 0] = s01 + s23;
        t[4 * y + 1] = s01 - s23;
        t[4 * y + 2] = m01 - m23;
        t[4 * y + 3] = m01 + m23;
        src += src_stride;
        ref += ref_stride;
    }
    int sum = 0;
    for (int x = 0; x < 4; x++) {
        const int32_t s01 = t[x] + t[4 + x], m01 = t[x] - t[4 + x];
        const int32_t s23 = t[8 + x] + t[12 + x], m23 = t[8 + x] - t[12 + x];
        const int32_t v[4] = { s01 + s23, s01 - s23, m01 - m23, m01 + m23 };
        for (int k = 0; k < 4; k++) {
            const int lo = (int16_t)(uint16_t)v[k];
            const int hi = (v[k] - lo) / 65536;
            sum += abs(lo) + abs(hi);
        }
    }
    return sum;
}

static inline int satd_wxh(const uint8_t *src, ptrdiff_t src_stride,
                           const uint8_t *ref, ptrdiff_t ref_stride, int w, int h)
{
    int sum = 0;
    for (int y = 0; y < h; y += 4) {
        if (w == 4) {
            sum += satd_4x4_unscaled(src + y * src_stride, src_stride, ref + y * ref_stride,
                                     ref_stride);
            continue;
        }
        for (int x = 0; x < w; x += 8)
            sum += satd_8x4_unscaled(src + y * src_stride + x, src_stride,
                                     ref + y * ref_stride + x, ref_stride);
    }
    return sum >> 1;
}

/* satd of src against the rounded average of a and b (built in a block). */
static int satd_avg2_wxh(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                         const uint8_t *b, ptrdiff_t ref_stride, int w, int h)
{
    uint8_t avg[16 * 16];
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            avg[y * w + x] = (uint8_t)((a[y * ref_stride + x] + b[y * ref_stride + x] + 1) >> 1);
    return satd_wxh(src, src_stride, avg, w, w, h);
}

#define DEFINE_SIZE(w, h)                                                              \
    static int sad_##w##x##h##_c(const uint8_t *s, ptrdiff_t ss, const uint8_t *r,    \
                                 ptrdiff_t rs)                                         \
    {                                                                                  \
        return sad_wxh(s, ss, r, rs, w, h);                                            \
    }                                                                                  \
    static int sad_avg2_##w##x##h##_c(const uint8_t *s, ptrdiff_t ss, const uint8_t *a, \
                                      const uint8_t *b, ptrdiff_t rs)                  \
    {                                                                                  \
        return sad_avg2_wxh(s, ss, a, b, rs, w, h);                                    \
    }                                                                                  \
    static void sad_avg2_x4_##w##x##h##_c(const uint8_t *s, ptrdiff_t ss,             \
                                          const uint8_t *const a[4],                   \
                                          const uint8_t *const b[4], ptrdiff_t rs,     \
                                          int scores[4])                               \
    {                                                                                  \
        for (int k = 0; k < 4; k++)                                                    \
            scores[k] = sad_avg2_wxh(s, ss, a[k], b[k], rs, w, h);                     \
    }                                                                                  \
    static int satd_avg2_##w##x##h##_c(const uint8_t *s, ptrdiff_t ss, const uint8_t *a, \
                                       const uint8_t *b, ptrdiff_t rs)                  \
    {                                                                                  \
        return satd_avg2_wxh(s, ss, a, b, rs, w, h);                                   \
    }                                                                                  \
    static int satd_##w##x##h##_c(const uint8_t *s, ptrdiff_t ss, const uint8_t *r,   \
                                  ptrdiff_t rs)                                        \
    {                                                                                  \
        return satd_wxh(s, ss, r, rs, w, h);                                           \
    }                                                                                  \
    static int ssd_##w##x##h##_c(const uint8_t *s, ptrdiff_t ss, const uint8_t *r,    \
                                 ptrdiff_t rs)                                         \
    {                                                                                  \
        return ssd_wxh(s, ss, r, rs, w, h);                                            \
    }                                                                                  \
    static void sad_x3_##w##x##h##_c(const uint8_t *s, ptrdiff_t ss, const uint8_t *r0, \
                                     const uint8_t *r1, const uint8_t *r2, ptrdiff_t rs, \
                                     int scores[3])                                    \
    {                                                                                  \
        scores[0] = sad_wxh(s, ss, r0, rs, w, h);                                      \
        scores[1] = sad_wxh(s, ss, r1, rs, w, h);                                      \
        scores[2] = sad_wxh(s, ss, r2, rs, w, h);                                      \
    }                                                                                  \
    static void sad_x4_##w##x##h##_c(const uint8_t *s, ptrdiff_t ss, const uint8_t *r0, \
                                     const uint8_t *r1, const uint8_t *r2,             \
                                     const uint8_t *r3, ptrdiff_t rs, int scores[4])  \
    {                                                                                  \
        scores[0] = sad_wxh(s, ss, r0, rs, w, h);                                      \
        scores[1] = sad_wxh(s, ss, r1, rs, w, h);                                      \
        scores[2] = sad_wxh(s, ss, r2, rs, w, h);                                      \
        scores[3] = sad_wxh(s, ss, r3, rs, w, h);                                      \
    }

DEFINE_SIZE(16, 16)
DEFINE_SIZE(16, 8)
DEFINE_SIZE(8, 16)
DEFINE_SIZE(8, 8)
DEFINE_SIZE(8, 4)
DEFINE_SIZE(4, 8)
DEFINE_SIZE(4, 4)

static uint64_t ssd_plane_c(const uint8_t *a, ptrdiff_t a_stride,
                            const uint8_t *b, ptrdiff_t b_stride, int w, int h)
{
    uint64_t sum = 0;
    for (int y = 0; y < h; y++) {
        uint32_t row = 0; /* 255^2 * w fits 32 bits for any w < 66051 */
        for (int x = 0; x < w; x++) {
            int d = a[x] - b[x];
            row += (uint32_t)(d * d);
        }
        sum += row;
        a += a_stride;
        b += b_stride;
    }
    return sum;
}

static inline uint64_t var_wxh(const uint8_t *src, ptrdiff_t stride, int w, int h)
{
    uint32_t sum = 0, sqr = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            sum += src[x];
            sqr += src[x] * src[x];
        }
        src += stride;
    }
    return sum | (uint64_t)sqr << 32;
}

static uint64_t var_16x16_c(const uint8_t *src, ptrdiff_t stride)
{
    return var_wxh(src, stride, 16, 16);
}

static uint64_t var_8x8_c(const uint8_t *src, ptrdiff_t stride)
{
    return var_wxh(src, stride, 8, 8);
}

#define ASSIGN_SIZE(idx, w, h)                  \
    do {                                        \
        dsp->sad[idx] = sad_##w##x##h##_c;       \
        dsp->satd[idx] = satd_##w##x##h##_c;     \
        dsp->ssd[idx] = ssd_##w##x##h##_c;       \
        dsp->sad_x3[idx] = sad_x3_##w##x##h##_c; \
        dsp->sad_x4[idx] = sad_x4_##w##x##h##_c; \
        dsp->sad_avg2[idx] = sad_avg2_##w##x##h##_c; \
        dsp->satd_avg2[idx] = satd_avg2_##w##x##h##_c; \
        dsp->sad_avg2_x4[idx] = sad_avg2_x4_##w##x##h##_c; \
    } while (0)

void rth264_pixel_init(Rth264PixelDsp *dsp, unsigned cpu_flags)
{
    ASSIGN_SIZE(RTH264_PIXEL_16x16, 16, 16);
    ASSIGN_SIZE(RTH264_PIXEL_16x8, 16, 8);
    ASSIGN_SIZE(RTH264_PIXEL_8x16, 8, 16);
    ASSIGN_SIZE(RTH264_PIXEL_8x8, 8, 8);
    ASSIGN_SIZE(RTH264_PIXEL_8x4, 8, 4);
    ASSIGN_SIZE(RTH264_PIXEL_4x8, 4, 8);
    ASSIGN_SIZE(RTH264_PIXEL_4x4, 4, 4);
    dsp->ssd_plane = ssd_plane_c;
    dsp->var[0] = var_16x16_c;
    dsp->var[1] = var_8x8_c;
    (void)cpu_flags;
    /* The SIMD helpers add rth264_pixel_init_x86 / _aarch64 calls here. */
#if HAVE_ASM_X86
    rth264_pixel_init_x86(dsp, cpu_flags);
#endif
#if HAVE_ASM_AARCH64
    rth264_pixel_init_aarch64(dsp, cpu_flags);
#endif
}
