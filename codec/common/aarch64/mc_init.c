/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"

#include "common/mc.h"

void rth264_put_luma16_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                            ptrdiff_t src_stride, int height, int mx, int my);
void rth264_put_luma8_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                           ptrdiff_t src_stride, int height, int mx, int my);
void rth264_put_luma4_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                           ptrdiff_t src_stride, int height, int mx, int my);
void rth264_put_chroma8_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                             ptrdiff_t src_stride, int height, int mx, int my);
void rth264_put_chroma4_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                             ptrdiff_t src_stride, int height, int mx, int my);
void rth264_put_chroma2_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                             ptrdiff_t src_stride, int height, int mx, int my);
void rth264_avg16_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                       ptrdiff_t src_stride, int height);
void rth264_avg8_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                      ptrdiff_t src_stride, int height);
void rth264_avg4_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                      ptrdiff_t src_stride, int height);

void rth264_avg2_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                      ptrdiff_t src_stride, int height);
void rth264_weight2_neon(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off);
void rth264_biweight2_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                           ptrdiff_t src_stride, int height, int logwd, int w0, int w1, int off);
void rth264_weight16_neon(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off);
void rth264_weight8_neon(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off);
void rth264_weight4_neon(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off);
void rth264_biweight16_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                            ptrdiff_t src_stride, int height, int logwd, int w0, int w1, int off);
void rth264_biweight8_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                           ptrdiff_t src_stride, int height, int logwd, int w0, int w1, int off);
void rth264_biweight4_neon(uint8_t *dst, ptrdiff_t dst_stride, const uint8_t *src,
                           ptrdiff_t src_stride, int height, int logwd, int w0, int w1, int off);

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
