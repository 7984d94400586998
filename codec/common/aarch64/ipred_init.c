/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <string.h>

#include "rth264/rth264.h"

#include "common/ipred.h"

/* The kernels in ipred_neon.c, declared through function types with the
 * signatures of common/ipred.h. */
typedef void Pred4x4Fn(uint8_t *dst, ptrdiff_t stride, const uint8_t *topright);
typedef void PredFn(uint8_t *dst, ptrdiff_t stride);
typedef void Pred8x8Fn(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge);

Pred4x4Fn rth264_pred4x4_v_neon, rth264_pred4x4_h_neon, rth264_pred4x4_dc_neon,
    rth264_pred4x4_ddl_neon, rth264_pred4x4_ddr_neon, rth264_pred4x4_vr_neon,
    rth264_pred4x4_hd_neon, rth264_pred4x4_vl_neon, rth264_pred4x4_hu_neon,
    rth264_pred4x4_dc_left_neon, rth264_pred4x4_dc_top_neon, rth264_pred4x4_dc_128_neon;
PredFn rth264_pred16x16_v_neon, rth264_pred16x16_h_neon, rth264_pred16x16_dc_neon,
    rth264_pred16x16_plane_neon, rth264_pred16x16_dc_left_neon, rth264_pred16x16_dc_top_neon,
    rth264_pred16x16_dc_128_neon;
PredFn rth264_pred_chroma_dc_neon, rth264_pred_chroma_h_neon, rth264_pred_chroma_v_neon,
    rth264_pred_chroma_plane_neon, rth264_pred_chroma_dc_left_neon,
    rth264_pred_chroma_dc_top_neon, rth264_pred_chroma_dc_128_neon;
Pred8x8Fn rth264_pred8x8_v_neon, rth264_pred8x8_h_neon, rth264_pred8x8_dc_neon,
    rth264_pred8x8_ddl_neon, rth264_pred8x8_ddr_neon, rth264_pred8x8_vr_neon,
    rth264_pred8x8_hd_neon, rth264_pred8x8_vl_neon, rth264_pred8x8_hu_neon,
    rth264_pred8x8_dc_left_neon, rth264_pred8x8_dc_top_neon, rth264_pred8x8_dc_128_neon;

void rth264_ipred_init_aarch64(Rth264IpredDsp *dsp, unsigned cpu_flags)
{
    static const Rth264Pred4x4Fn p4[RTH264_I4_NUM] = {
        rth264_pred4x4_v_neon, rth264_pred4x4_h_neon, rth264_pred4x4_dc_neon,
        rth264_pred4x4_ddl_neon, rth264_pred4x4_ddr_neon, rth264_pred4x4_vr_neon,
        rth264_pred4x4_hd_neon, rth264_pred4x4_vl_neon, rth264_pred4x4_hu_neon,
        rth264_pred4x4_dc_left_neon, rth264_pred4x4_dc_top_neon, rth264_pred4x4_dc_128_neon,
    };
    static const Rth264PredFn p16[RTH264_I16_NUM] = {
        rth264_pred16x16_v_neon, rth264_pred16x16_h_neon, rth264_pred16x16_dc_neon,
        rth264_pred16x16_plane_neon, rth264_pred16x16_dc_left_neon,
        rth264_pred16x16_dc_top_neon, rth264_pred16x16_dc_128_neon,
    };
    static const Rth264PredFn pc[RTH264_IC_NUM] = {
        rth264_pred_chroma_dc_neon, rth264_pred_chroma_h_neon, rth264_pred_chroma_v_neon,
        rth264_pred_chroma_plane_neon, rth264_pred_chroma_dc_left_neon,
        rth264_pred_chroma_dc_top_neon, rth264_pred_chroma_dc_128_neon,
    };
    static const Rth264Pred8x8Fn p8[RTH264_I4_NUM] = {
        rth264_pred8x8_v_neon, rth264_pred8x8_h_neon, rth264_pred8x8_dc_neon,
        rth264_pred8x8_ddl_neon, rth264_pred8x8_ddr_neon, rth264_pred8x8_vr_neon,
        rth264_pred8x8_hd_neon, rth264_pred8x8_vl_neon, rth264_pred8x8_hu_neon,
        rth264_pred8x8_dc_left_neon, rth264_pred8x8_dc_top_neon, rth264_pred8x8_dc_128_neon,
    };
    if (!(cpu_flags & RTH264_CPU_NEON))
        return;
    memcpy(dsp->pred4x4, p4, sizeof(p4));
    memcpy(dsp->pred16x16, p16, sizeof(p16));
    memcpy(dsp->pred_chroma8x8, pc, sizeof(pc));
    memcpy(dsp->pred8x8, p8, sizeof(p8));
}
