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
