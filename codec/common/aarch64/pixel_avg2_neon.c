/* SPDX-License-Identifier: BSD-2-Clause */
/* sad_avg2 (common/pixel.h) in NEON intrinsics: vrhadd is exactly the
 * rounded average (a + b + 1) >> 1, vabal accumulates |src - avg| in 16-bit
 * lanes (at most 16 rows x 2 bytes x 255 per lane for 16x16: no overflow). */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "common/pixel.h"

static inline int sad_avg2_w16(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                               const uint8_t *b, ptrdiff_t ref_stride, int h)
{
    uint16x8_t acc = vdupq_n_u16(0);
    for (int y = 0; y < h; y++) {
        const uint8x16_t avg = vrhaddq_u8(vld1q_u8(a), vld1q_u8(b));
        const uint8x16_t s = vld1q_u8(src);
        acc = vabal_u8(acc, vget_low_u8(s), vget_low_u8(avg));
        acc = vabal_high_u8(acc, s, avg);
        src += src_stride;
        a += ref_stride;
        b += ref_stride;
    }
    return (int)vaddlvq_u16(acc);
}

static inline int sad_avg2_w8(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                              const uint8_t *b, ptrdiff_t ref_stride, int h)
{
    uint16x8_t acc = vdupq_n_u16(0);
    for (int y = 0; y < h; y++) {
        acc = vabal_u8(acc, vld1_u8(src), vrhadd_u8(vld1_u8(a), vld1_u8(b)));
        src += src_stride;
        a += ref_stride;
        b += ref_stride;
    }
    return (int)vaddlvq_u16(acc);
}

static inline uint8x8_t load_rows4x2(const uint8_t *p, ptrdiff_t stride)
{
    uint32_t r[2];
    memcpy(&r[0], p, 4);
    memcpy(&r[1], p + stride, 4);
    return vreinterpret_u8_u32(vld1_u32(r));
}

static inline int sad_avg2_w4(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                              const uint8_t *b, ptrdiff_t ref_stride, int h)
{
    uint16x8_t acc = vdupq_n_u16(0);
    for (int y = 0; y < h; y += 2) {
        const uint8x8_t avg = vrhadd_u8(load_rows4x2(a, ref_stride), load_rows4x2(b, ref_stride));
        acc = vabal_u8(acc, load_rows4x2(src, src_stride), avg);
        src += 2 * src_stride;
        a += 2 * ref_stride;
        b += 2 * ref_stride;
    }
    return (int)vaddlvq_u16(acc);
}

#define SAD_AVG2_NEON(w, h)                                                               \
    int rth264_sad_avg2_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,        \
                                         const uint8_t *a, const uint8_t *b,              \
                                         ptrdiff_t ref_stride)                            \
    {                                                                                     \
        return sad_avg2_w##w(src, src_stride, a, b, ref_stride, h);                       \
    }

SAD_AVG2_NEON(16, 16)
SAD_AVG2_NEON(16, 8)
SAD_AVG2_NEON(8, 16)
SAD_AVG2_NEON(8, 8)
SAD_AVG2_NEON(8, 4)
SAD_AVG2_NEON(4, 8)
SAD_AVG2_NEON(4, 4)

/* sad_avg2_x4: four pairs against one src row load; one 16-bit
 * accumulator per pair (same bound as above). */
static inline void sad_avg2_x4_w16(const uint8_t *src, ptrdiff_t src_stride,
                                   const uint8_t *const a[4], const uint8_t *const b[4],
                                   ptrdiff_t ref_stride, int h, int scores[4])
{
    uint16x8_t acc[4] = { vdupq_n_u16(0), vdupq_n_u16(0), vdupq_n_u16(0), vdupq_n_u16(0) };
    for (int y = 0; y < h; y++) {
        const uint8x16_t s = vld1q_u8(src + y * src_stride);
        const ptrdiff_t o = y * ref_stride;
        for (int k = 0; k < 4; k++) {
            const uint8x16_t avg = vrhaddq_u8(vld1q_u8(a[k] + o), vld1q_u8(b[k] + o));
            acc[k] = vabal_u8(acc[k], vget_low_u8(s), vget_low_u8(avg));
            acc[k] = vabal_high_u8(acc[k], s, avg);
        }
    }
    for (int k = 0; k < 4; k++)
        scores[k] = (int)vaddlvq_u16(acc[k]);
}

#define SAD_AVG2_X4_NEON(h)                                                                \
    void rth264_sad_avg2_x4_16x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,        \
                                          const uint8_t *const a[4],                       \
                                          const uint8_t *const b[4], ptrdiff_t ref_stride, \
                                          int scores[4])                                   \
    {                                                                                      \
        sad_avg2_x4_w16(src, src_stride, a, b, ref_stride, h, scores);                     \
    }

SAD_AVG2_X4_NEON(16)
SAD_AVG2_X4_NEON(8)

/* ---- satd_avg2 ------------------------------------------------------------------
 * Four rows of 8 columns (two 4x4 blocks) per step: the vertical 4-point
 * Hadamard across the rows, the horizontal one per 4-lane group with its last
 * stage as |a + b| + |a - b| = 2 max(|a|, |b|). The lanes of the maxima sum
 * to 2 * sum |H|, so satd = total / 4. Widths 16 and 8 (4 stays in C). */
static inline uint32x4_t hadamard_rows_acc(uint32x4_t acc, int16x8_t v)
{
    const int16x8_t sw = vrev32q_s16(v); /* c1 c0 c3 c2 */
    const int16x8_t s = vabsq_s16(vaddq_s16(v, sw));
    const int16x8_t d = vabsq_s16(vsubq_s16(v, sw));
    const int16x8_t ms = vmaxq_s16(s, vreinterpretq_s16_s32(vrev64q_s32(vreinterpretq_s32_s16(s))));
    const int16x8_t md = vmaxq_s16(d, vreinterpretq_s16_s32(vrev64q_s32(vreinterpretq_s32_s16(d))));
    return vpadalq_u16(acc, vreinterpretq_u16_s16(vaddq_s16(ms, md)));
}

static inline int16x8_t diff_avg_row(const uint8_t *src, const uint8_t *a, const uint8_t *b)
{
    return vreinterpretq_s16_u16(vsubl_u8(vld1_u8(src), vrhadd_u8(vld1_u8(a), vld1_u8(b))));
}

static inline int satd_avg2_w8n(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                                const uint8_t *b, ptrdiff_t ref_stride, int w, int h)
{
    uint32x4_t acc = vdupq_n_u32(0);
    for (int y = 0; y < h; y += 4)
        for (int x = 0; x < w; x += 8) {
            const ptrdiff_t so = y * src_stride + x, ro = y * ref_stride + x;
            int16x8_t r[4];
            for (int k = 0; k < 4; k++)
                r[k] = diff_avg_row(src + so + k * src_stride, a + ro + k * ref_stride,
                                    b + ro + k * ref_stride);
            const int16x8_t p0 = vaddq_s16(r[0], r[2]), p1 = vsubq_s16(r[0], r[2]);
            const int16x8_t p2 = vaddq_s16(r[1], r[3]), p3 = vsubq_s16(r[1], r[3]);
            acc = hadamard_rows_acc(acc, vaddq_s16(p0, p2));
            acc = hadamard_rows_acc(acc, vsubq_s16(p0, p2));
            acc = hadamard_rows_acc(acc, vaddq_s16(p1, p3));
            acc = hadamard_rows_acc(acc, vsubq_s16(p1, p3));
        }
    return (int)(vaddvq_u32(acc) >> 2);
}

#define SATD_AVG2_NEON(w, h)                                                              \
    int rth264_satd_avg2_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,       \
                                          const uint8_t *a, const uint8_t *b,             \
                                          ptrdiff_t ref_stride)                           \
    {                                                                                     \
        return satd_avg2_w8n(src, src_stride, a, b, ref_stride, w, h);                    \
    }

SATD_AVG2_NEON(16, 16)
SATD_AVG2_NEON(16, 8)
SATD_AVG2_NEON(8, 16)
SATD_AVG2_NEON(8, 8)
SATD_AVG2_NEON(8, 4)
