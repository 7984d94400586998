/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"

#include "common/pixel.h"

#define DECLARE_SIZE(w, h)                                                            \
    int rth264_sad_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,        \
                                    const uint8_t *ref, ptrdiff_t ref_stride);       \
    int rth264_satd_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,       \
                                     const uint8_t *ref, ptrdiff_t ref_stride);      \
    int rth264_ssd_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,        \
                                    const uint8_t *ref, ptrdiff_t ref_stride);       \
    void rth264_sad_x3_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,    \
                                        const uint8_t *ref0, const uint8_t *ref1,    \
                                        const uint8_t *ref2, ptrdiff_t ref_stride,   \
                                        int scores[3]);                              \
    void rth264_sad_x4_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,    \
                                        const uint8_t *ref0, const uint8_t *ref1,    \
                                        const uint8_t *ref2, const uint8_t *ref3,    \
                                        ptrdiff_t ref_stride, int scores[4]);

DECLARE_SIZE(16, 16)
DECLARE_SIZE(16, 8)
DECLARE_SIZE(8, 16)
DECLARE_SIZE(8, 8)
DECLARE_SIZE(8, 4)
DECLARE_SIZE(4, 8)
DECLARE_SIZE(4, 4)

#define DECLARE_SSD_DOTPROD(w, h)                                                    \
    int rth264_ssd_##w##x##h##_dotprod(const uint8_t *src, ptrdiff_t src_stride,     \
                                       const uint8_t *ref, ptrdiff_t ref_stride);

DECLARE_SSD_DOTPROD(16, 16)
DECLARE_SSD_DOTPROD(16, 8)
DECLARE_SSD_DOTPROD(8, 16)
DECLARE_SSD_DOTPROD(8, 8)
DECLARE_SSD_DOTPROD(8, 4)
DECLARE_SSD_DOTPROD(4, 8)
DECLARE_SSD_DOTPROD(4, 4)

uint64_t rth264_ssd_plane_neon(const uint8_t *a, ptrdiff_t a_stride,
                               const uint8_t *b, ptrdiff_t b_stride, int w, int h);
uint64_t rth264_var_16x16_neon(const uint8_t *src, ptrdiff_t stride);
uint64_t rth264_var_8x8_neon(const uint8_t *src, ptrdiff_t stride);
uint64_t rth264_ssd_plane_dotprod(const uint8_t *a, ptrdiff_t a_stride,
                                  const uint8_t *b, ptrdiff_t b_stride, int w, int h);
uint64_t rth264_var_16x16_dotprod(const uint8_t *src, ptrdiff_t stride);
uint64_t rth264_var_8x8_dotprod(const uint8_t *src, ptrdiff_t stride);

/* pixel_avg2_neon.c */
#define DECLARE_SAD_AVG2(w, h)                                                       \
    int rth264_sad_avg2_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,   \
                                         const uint8_t *a, const uint8_t *b,         \
                                         ptrdiff_t ref_stride);
DECLARE_SAD_AVG2(16, 16)
DECLARE_SAD_AVG2(16, 8)
DECLARE_SAD_AVG2(8, 16)
DECLARE_SAD_AVG2(8, 8)
DECLARE_SAD_AVG2(8, 4)
DECLARE_SAD_AVG2(4, 8)
DECLARE_SAD_AVG2(4, 4)
void rth264_sad_avg2_x4_16x16_neon(const uint8_t *src, ptrdiff_t src_stride,
                                   const uint8_t *const a[4], const uint8_t *const b[4],
                                   ptrdiff_t ref_stride, int scores[4]);
void rth264_sad_avg2_x4_16x8_neon(const uint8_t *src, ptrdiff_t src_stride,
                                  const uint8_t *const a[4], const uint8_t *const b[4],
                                  ptrdiff_t ref_stride, int scores[4]);
#define DECLARE_SATD_AVG2(w, h)                                                      \
    int rth264_satd_avg2_##w##x##h##_neon(const uint8_t *src, ptrdiff_t src_stride,  \
                                          const uint8_t *a, const uint8_t *b,        \
                                          ptrdiff_t ref_stride);
DECLARE_SATD_AVG2(16, 16)
DECLARE_SATD_AVG2(16, 8)
DECLARE_SATD_AVG2(8, 16)
DECLARE_SATD_AVG2(8, 8)
DECLARE_SATD_AVG2(8, 4)

#define ASSIGN_SIZE(idx, w, h)                              \
    do {                                                    \
        dsp->sad[idx] = rth264_sad_##w##x##h##_neon;         \
        dsp->satd[idx] = rth264_satd_##w##x##h##_neon;       \
        dsp->ssd[idx] = rth264_ssd_##w##x##h##_neon;         \
        dsp->sad_x3[idx] = rth264_sad_x3_##w##x##h##_neon;   \
        dsp->sad_x4[idx] = rth264_sad_x4_##w##x##h##_neon;   \
        dsp->sad_avg2[idx] = rth264_sad_avg2_##w##x##h##_neon; \
    } while (0)

void rth264_pixel_init_aarch64(Rth264PixelDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_NEON))
        return;
    ASSIGN_SIZE(RTH264_PIXEL_16x16, 16, 16);
    ASSIGN_SIZE(RTH264_PIXEL_16x8, 16, 8);
    ASSIGN_SIZE(RTH264_PIXEL_8x16, 8, 16);
    ASSIGN_SIZE(RTH264_PIXEL_8x8, 8, 8);
    ASSIGN_SIZE(RTH264_PIXEL_8x4, 8, 4);
    ASSIGN_SIZE(RTH264_PIXEL_4x8, 4, 8);
    ASSIGN_SIZE(RTH264_PIXEL_4x4, 4, 4);
    dsp->sad_avg2_x4[RTH264_PIXEL_16x16] = rth264_sad_avg2_x4_16x16_neon; /* 8, 4 wide: C */
    dsp->sad_avg2_x4[RTH264_PIXEL_16x8] = rth264_sad_avg2_x4_16x8_neon;
    dsp->satd_avg2[RTH264_PIXEL_16x16] = rth264_satd_avg2_16x16_neon; /* 4-wide: C */
    dsp->satd_avg2[RTH264_PIXEL_16x8] = rth264_satd_avg2_16x8_neon;
    dsp->satd_avg2[RTH264_PIXEL_8x16] = rth264_satd_avg2_8x16_neon;
    dsp->satd_avg2[RTH264_PIXEL_8x8] = rth264_satd_avg2_8x8_neon;
    dsp->satd_avg2[RTH264_PIXEL_8x4] = rth264_satd_avg2_8x4_neon;
    dsp->ssd_plane = rth264_ssd_plane_neon;
    dsp->var[0] = rth264_var_16x16_neon;
    dsp->var[1] = rth264_var_8x8_neon;

    if (!(cpu_flags & RTH264_CPU_DOTPROD))
        return;
    dsp->ssd[RTH264_PIXEL_16x16] = rth264_ssd_16x16_dotprod;
    dsp->ssd[RTH264_PIXEL_16x8] = rth264_ssd_16x8_dotprod;
    dsp->ssd[RTH264_PIXEL_8x16] = rth264_ssd_8x16_dotprod;
    dsp->ssd[RTH264_PIXEL_8x8] = rth264_ssd_8x8_dotprod;
    dsp->ssd[RTH264_PIXEL_8x4] = rth264_ssd_8x4_dotprod;
    dsp->ssd[RTH264_PIXEL_4x8] = rth264_ssd_4x8_dotprod;
    dsp->ssd[RTH264_PIXEL_4x4] = rth264_ssd_4x4_dotprod;
    dsp->ssd_plane = rth264_ssd_plane_dotprod;
    dsp->var[0] = rth264_var_16x16_dotprod;
    dsp->var[1] = rth264_var_8x8_dotprod;
}
