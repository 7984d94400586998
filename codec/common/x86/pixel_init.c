/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"
#include "common/pixel.h"

/* Prototypes of the x86 pixel functions in pixel.asm, one family per metric
 * and instruction set. */
#define DECL_SIZE(isa, w, h)                                                          \
    int rth264_sad_##w##x##h##_##isa(const uint8_t *, ptrdiff_t, const uint8_t *,    \
                                     ptrdiff_t);                                     \
    int rth264_satd_##w##x##h##_##isa(const uint8_t *, ptrdiff_t, const uint8_t *,   \
                                      ptrdiff_t);                                    \
    int rth264_ssd_##w##x##h##_##isa(const uint8_t *, ptrdiff_t, const uint8_t *,    \
                                     ptrdiff_t);                                     \
    void rth264_sad_x3_##w##x##h##_##isa(const uint8_t *, ptrdiff_t, const uint8_t *, \
                                         const uint8_t *, const uint8_t *, ptrdiff_t, \
                                         int[3]);                                    \
    void rth264_sad_x4_##w##x##h##_##isa(const uint8_t *, ptrdiff_t, const uint8_t *, \
                                         const uint8_t *, const uint8_t *,           \
                                         const uint8_t *, ptrdiff_t, int[4]);

#define DECL_ALL_SIZES(isa) \
    DECL_SIZE(isa, 16, 16)  \
    DECL_SIZE(isa, 16, 8)   \
    DECL_SIZE(isa, 8, 16)   \
    DECL_SIZE(isa, 8, 8)    \
    DECL_SIZE(isa, 8, 4)    \
    DECL_SIZE(isa, 4, 8)    \
    DECL_SIZE(isa, 4, 4)

DECL_ALL_SIZES(sse2)
DECL_ALL_SIZES(ssse3)
DECL_ALL_SIZES(avx2)

uint64_t rth264_ssd_plane_sse2(const uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t,
                               int, int);
uint64_t rth264_var_16x16_sse2(const uint8_t *, ptrdiff_t);
uint64_t rth264_var_8x8_sse2(const uint8_t *, ptrdiff_t);
uint64_t rth264_ssd_plane_avx2(const uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t,
                               int, int);
uint64_t rth264_var_16x16_avx2(const uint8_t *, ptrdiff_t);

/* sad_avg2: pixel_avg2.asm */
#define DECL_SAD_AVG2(isa, w, h)                                                         \
    int rth264_sad_avg2_##w##x##h##_##isa(const uint8_t *, ptrdiff_t, const uint8_t *,   \
                                          const uint8_t *, ptrdiff_t);
DECL_SAD_AVG2(sse2, 16, 16)
DECL_SAD_AVG2(sse2, 16, 8)
DECL_SAD_AVG2(sse2, 8, 16)
DECL_SAD_AVG2(sse2, 8, 8)
DECL_SAD_AVG2(sse2, 8, 4)
DECL_SAD_AVG2(sse2, 4, 8)
DECL_SAD_AVG2(sse2, 4, 4)
DECL_SAD_AVG2(avx2, 16, 16)
DECL_SAD_AVG2(avx2, 16, 8)
#define DECL_SAD_AVG2_X4(isa, w, h)                                                      \
    void rth264_sad_avg2_x4_##w##x##h##_##isa(const uint8_t *, ptrdiff_t,                \
                                              const uint8_t *const[4],                   \
                                              const uint8_t *const[4], ptrdiff_t, int[4]);
DECL_SAD_AVG2_X4(sse2, 16, 16)
DECL_SAD_AVG2_X4(sse2, 16, 8)
DECL_SAD_AVG2_X4(avx2, 16, 16)
DECL_SAD_AVG2_X4(avx2, 16, 8)
#define DECL_SATD_AVG2(isa, w, h)                                                        \
    int rth264_satd_avg2_##w##x##h##_##isa(const uint8_t *, ptrdiff_t, const uint8_t *,  \
                                           const uint8_t *, ptrdiff_t);
DECL_SATD_AVG2(sse2, 16, 16)
DECL_SATD_AVG2(sse2, 16, 8)
DECL_SATD_AVG2(sse2, 8, 16)
DECL_SATD_AVG2(sse2, 8, 8)
DECL_SATD_AVG2(sse2, 8, 4)
DECL_SATD_AVG2(sse2, 4, 8)
DECL_SATD_AVG2(sse2, 4, 4)
DECL_SATD_AVG2(ssse3, 16, 16)
DECL_SATD_AVG2(ssse3, 16, 8)
DECL_SATD_AVG2(ssse3, 8, 16)
DECL_SATD_AVG2(ssse3, 8, 8)
DECL_SATD_AVG2(ssse3, 8, 4)
DECL_SATD_AVG2(ssse3, 4, 8)
DECL_SATD_AVG2(ssse3, 4, 4)
DECL_SATD_AVG2(avx2, 16, 16)
DECL_SATD_AVG2(avx2, 16, 8)

/* Fill one table row (sad, satd...) for every size with the isa versions. */
#define SET_ALL(table, name, isa)                                  \
    do {                                                           \
        (table)[RTH264_PIXEL_16x16] = rth264_##name##_16x16_##isa; \
        (table)[RTH264_PIXEL_16x8] = rth264_##name##_16x8_##isa;   \
        (table)[RTH264_PIXEL_8x16] = rth264_##name##_8x16_##isa;   \
        (table)[RTH264_PIXEL_8x8] = rth264_##name##_8x8_##isa;     \
        (table)[RTH264_PIXEL_8x4] = rth264_##name##_8x4_##isa;     \
        (table)[RTH264_PIXEL_4x8] = rth264_##name##_4x8_##isa;     \
        (table)[RTH264_PIXEL_4x4] = rth264_##name##_4x4_##isa;     \
    } while (0)

void rth264_pixel_init_x86(Rth264PixelDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_SSE2))
        return;
    SET_ALL(dsp->sad, sad, sse2);
    SET_ALL(dsp->sad_avg2, sad_avg2, sse2);
    dsp->sad_avg2_x4[RTH264_PIXEL_16x16] = rth264_sad_avg2_x4_16x16_sse2;
    dsp->sad_avg2_x4[RTH264_PIXEL_16x8] = rth264_sad_avg2_x4_16x8_sse2;
    dsp->satd_avg2[RTH264_PIXEL_16x16] = rth264_satd_avg2_16x16_sse2;
    dsp->satd_avg2[RTH264_PIXEL_16x8] = rth264_satd_avg2_16x8_sse2;
    dsp->satd_avg2[RTH264_PIXEL_8x16] = rth264_satd_avg2_8x16_sse2;
    dsp->satd_avg2[RTH264_PIXEL_8x8] = rth264_satd_avg2_8x8_sse2;
    dsp->satd_avg2[RTH264_PIXEL_8x4] = rth264_satd_avg2_8x4_sse2;
    dsp->satd_avg2[RTH264_PIXEL_4x8] = rth264_satd_avg2_4x8_sse2;
    dsp->satd_avg2[RTH264_PIXEL_4x4] = rth264_satd_avg2_4x4_sse2;
    SET_ALL(dsp->sad_x3, sad_x3, sse2);
    SET_ALL(dsp->sad_x4, sad_x4, sse2);
    SET_ALL(dsp->satd, satd, sse2);
    SET_ALL(dsp->ssd, ssd, sse2);
    dsp->ssd_plane = rth264_ssd_plane_sse2;
    dsp->var[0] = rth264_var_16x16_sse2;
    dsp->var[1] = rth264_var_8x8_sse2;

    if (!(cpu_flags & RTH264_CPU_SSSE3))
        return;
    SET_ALL(dsp->satd, satd, ssse3);
    dsp->satd_avg2[RTH264_PIXEL_16x16] = rth264_satd_avg2_16x16_ssse3;
    dsp->satd_avg2[RTH264_PIXEL_16x8] = rth264_satd_avg2_16x8_ssse3;
    dsp->satd_avg2[RTH264_PIXEL_8x16] = rth264_satd_avg2_8x16_ssse3;
    dsp->satd_avg2[RTH264_PIXEL_8x8] = rth264_satd_avg2_8x8_ssse3;
    dsp->satd_avg2[RTH264_PIXEL_8x4] = rth264_satd_avg2_8x4_ssse3;
    dsp->satd_avg2[RTH264_PIXEL_4x8] = rth264_satd_avg2_4x8_ssse3;
    dsp->satd_avg2[RTH264_PIXEL_4x4] = rth264_satd_avg2_4x4_ssse3;

    if (!(cpu_flags & RTH264_CPU_SSE41))
        return;

    if (!(cpu_flags & RTH264_CPU_AVX2))
        return;
    dsp->sad[RTH264_PIXEL_16x16] = rth264_sad_16x16_avx2;
    dsp->sad[RTH264_PIXEL_16x8] = rth264_sad_16x8_avx2;
    dsp->sad_avg2[RTH264_PIXEL_16x16] = rth264_sad_avg2_16x16_avx2;
    dsp->sad_avg2[RTH264_PIXEL_16x8] = rth264_sad_avg2_16x8_avx2;
    dsp->sad_avg2_x4[RTH264_PIXEL_16x16] = rth264_sad_avg2_x4_16x16_avx2;
    dsp->sad_avg2_x4[RTH264_PIXEL_16x8] = rth264_sad_avg2_x4_16x8_avx2;
    dsp->satd_avg2[RTH264_PIXEL_16x16] = rth264_satd_avg2_16x16_avx2;
    dsp->satd_avg2[RTH264_PIXEL_16x8] = rth264_satd_avg2_16x8_avx2;
    dsp->sad_x3[RTH264_PIXEL_16x16] = rth264_sad_x3_16x16_avx2;
    dsp->sad_x3[RTH264_PIXEL_16x8] = rth264_sad_x3_16x8_avx2;
    dsp->sad_x4[RTH264_PIXEL_16x16] = rth264_sad_x4_16x16_avx2;
    dsp->sad_x4[RTH264_PIXEL_16x8] = rth264_sad_x4_16x8_avx2;
    dsp->satd[RTH264_PIXEL_16x16] = rth264_satd_16x16_avx2;
    dsp->satd[RTH264_PIXEL_16x8] = rth264_satd_16x8_avx2;
    dsp->satd[RTH264_PIXEL_8x16] = rth264_satd_8x16_avx2;
    dsp->satd[RTH264_PIXEL_8x8] = rth264_satd_8x8_avx2;
    dsp->ssd[RTH264_PIXEL_16x16] = rth264_ssd_16x16_avx2;
    dsp->ssd[RTH264_PIXEL_16x8] = rth264_ssd_16x8_avx2;
    dsp->ssd_plane = rth264_ssd_plane_avx2;
    dsp->var[0] = rth264_var_16x16_avx2;
}
