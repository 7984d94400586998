/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"
#include "common/halfpel.h"

void rth264_hpel_filter_sse2(uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *src,
                             ptrdiff_t stride, int width, int height);
void rth264_hpel_filter_avx2(uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *src,
                             ptrdiff_t stride, int width, int height);

void rth264_hpel_filter_hv_avx2(uint8_t *h, uint8_t *v, const uint8_t *src, ptrdiff_t stride,
                                int width, int height);

/* The three multi-block 16x16 SAD kernels of one ISA (common/halfpel.h). */
#define DECL_MULTI_SADS(isa)                                                                     \
    void rth264_sad_qring_16x16_##isa(const uint8_t *src, ptrdiff_t src_stride,                  \
                                      const uint8_t *const blk[5], ptrdiff_t ref_stride,         \
                                      int scores[8]);                                            \
    void rth264_sad_avg2_shared_x8_16x16_##isa(const uint8_t *src, ptrdiff_t src_stride,         \
                                               const uint8_t *const blk[9],                      \
                                               ptrdiff_t ref_stride, int scores[8]);             \
    void rth264_sad_x8_16x16_##isa(const uint8_t *src, ptrdiff_t src_stride,                     \
                                   const uint8_t *const ref[8], ptrdiff_t ref_stride,            \
                                   int scores[8])

DECL_MULTI_SADS(sse2);
DECL_MULTI_SADS(avx2);

#define SET_MULTI_SADS(dsp, isa)                                                                 \
    do {                                                                                         \
        (dsp)->sad_qring_16x16 = rth264_sad_qring_16x16_##isa;                                   \
        (dsp)->sad_avg2_shared_x8_16x16 = rth264_sad_avg2_shared_x8_16x16_##isa;                 \
        (dsp)->sad_x8_16x16 = rth264_sad_x8_16x16_##isa;                                         \
    } while (0)

void rth264_halfpel_init_x86(Rth264HalfpelDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_SSE2))
        return;
    dsp->hpel_filter = rth264_hpel_filter_sse2;
    SET_MULTI_SADS(dsp, sse2);

    if (!(cpu_flags & RTH264_CPU_AVX2))
        return;
    dsp->hpel_filter = rth264_hpel_filter_avx2;
    dsp->hpel_filter_hv = rth264_hpel_filter_hv_avx2;
    SET_MULTI_SADS(dsp, avx2);
}
