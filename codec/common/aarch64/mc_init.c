/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"

#include "common/mc.h"

/* The kernels in mc_neon.c, declared through function types with the
 * signatures of common/mc.h. */
typedef void PutFn(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src, ptrdiff_t src_stride,
                   int height, int mx, int my);
typedef void AvgFn(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src, ptrdiff_t src_stride,
                   int height);
typedef void WeightFn(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off);
typedef void BiweightFn(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                        ptrdiff_t src_stride, int height, int logwd, int w0, int w1, int off);

PutFn rth264_put_luma16_neon, rth264_put_luma8_neon, rth264_put_luma4_neon;
PutFn rth264_put_chroma8_neon, rth264_put_chroma4_neon, rth264_put_chroma2_neon;
AvgFn rth264_avg16_neon, rth264_avg8_neon, rth264_avg4_neon, rth264_avg2_neon;
WeightFn rth264_weight16_neon, rth264_weight8_neon, rth264_weight4_neon, rth264_weight2_neon;
BiweightFn rth264_biweight16_neon, rth264_biweight8_neon, rth264_biweight4_neon,
    rth264_biweight2_neon;

void rth264_mc_init_aarch64(Rth264McDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_NEON))
        return;
    dsp->put_luma[RTH264_MC_W16] = rth264_put_luma16_neon;
    dsp->put_luma[RTH264_MC_W8] = rth264_put_luma8_neon;
    dsp->put_luma[RTH264_MC_W4] = rth264_put_luma4_neon;
    dsp->put_chroma[0] = rth264_put_chroma8_neon;
    dsp->put_chroma[1] = rth264_put_chroma4_neon;
    dsp->put_chroma[2] = rth264_put_chroma2_neon;
    dsp->avg[RTH264_MC_W16] = rth264_avg16_neon;
    dsp->avg[RTH264_MC_W8] = rth264_avg8_neon;
    dsp->avg[RTH264_MC_W4] = rth264_avg4_neon;
    dsp->weight[RTH264_MC_W16] = rth264_weight16_neon;
    dsp->weight[RTH264_MC_W8] = rth264_weight8_neon;
    dsp->weight[RTH264_MC_W4] = rth264_weight4_neon;
    dsp->biweight[RTH264_MC_W16] = rth264_biweight16_neon;
    dsp->biweight[RTH264_MC_W8] = rth264_biweight8_neon;
    dsp->biweight[RTH264_MC_W4] = rth264_biweight4_neon;
    dsp->avg[RTH264_MC_W2] = rth264_avg2_neon;
    dsp->weight[RTH264_MC_W2] = rth264_weight2_neon;
    dsp->biweight[RTH264_MC_W2] = rth264_biweight2_neon;
}
