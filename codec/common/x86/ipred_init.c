/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"
#include "common/ipred.h"

typedef void PredFn(uint8_t *dst, ptrdiff_t stride);
typedef void Pred4Fn(uint8_t *dst, ptrdiff_t stride, const uint8_t *topright);

PredFn rth264_ipred16_v_sse2, rth264_ipred16_h_sse2, rth264_ipred16_dc_sse2,
    rth264_ipred16_dc_left_sse2, rth264_ipred16_dc_top_sse2, rth264_ipred16_dc_128_sse2;
PredFn rth264_ipredc_v_sse2, rth264_ipredc_h_sse2, rth264_ipredc_dc_sse2,
    rth264_ipredc_dc_left_sse2, rth264_ipredc_dc_top_sse2, rth264_ipredc_dc_128_sse2;
Pred4Fn rth264_ipred4_v_sse2, rth264_ipred4_h_sse2, rth264_ipred4_dc_sse2,
    rth264_ipred4_dc_left_sse2, rth264_ipred4_dc_top_sse2, rth264_ipred4_dc_128_sse2;
Pred4Fn rth264_ipred4_ddl_sse2, rth264_ipred4_ddr_sse2, rth264_ipred4_vr_sse2,
    rth264_ipred4_hd_sse2, rth264_ipred4_vl_sse2, rth264_ipred4_hu_sse2;
Pred4Fn rth264_ipred4_ddl_ssse3, rth264_ipred4_ddr_ssse3, rth264_ipred4_vr_ssse3,
    rth264_ipred4_hd_ssse3, rth264_ipred4_vl_ssse3, rth264_ipred4_hu_ssse3;
typedef void Pred8Fn(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge);
Pred8Fn rth264_ipred8_v_sse2, rth264_ipred8_h_sse2, rth264_ipred8_dc_sse2, rth264_ipred8_dc_left_sse2,
    rth264_ipred8_dc_top_sse2, rth264_ipred8_dc_128_sse2, rth264_ipred8_ddr_sse2, rth264_ipred8_vl_sse2;
Pred8Fn rth264_ipred8_ddl_ssse3, rth264_ipred8_vr_ssse3, rth264_ipred8_hd_ssse3, rth264_ipred8_hu_ssse3;
void rth264_ipred_plane_fill16_sse2(uint8_t *dst, ptrdiff_t stride, int base, int b, int c);
void rth264_ipred_plane_fill8_sse2(uint8_t *dst, ptrdiff_t stride, int base, int b, int c);

/* Plane prediction: the parameters from common/ipred.c, the fill in asm. */
static void pred16_plane_sse2(uint8_t *dst, ptrdiff_t stride)
{
    const Rth264PlaneParams p = rth264_ipred_plane_params(dst, stride, 16, 5);
    rth264_ipred_plane_fill16_sse2(dst, stride, p.base, p.b, p.c);
}

static void predc_plane_sse2(uint8_t *dst, ptrdiff_t stride)
{
    const Rth264PlaneParams p = rth264_ipred_plane_params(dst, stride, 8, 34);
    rth264_ipred_plane_fill8_sse2(dst, stride, p.base, p.b, p.c);
}

void rth264_ipred_init_x86(Rth264IpredDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_SSE2))
        return;
    dsp->pred16x16[RTH264_I16_V] = rth264_ipred16_v_sse2;
    dsp->pred16x16[RTH264_I16_H] = rth264_ipred16_h_sse2;
    dsp->pred16x16[RTH264_I16_DC] = rth264_ipred16_dc_sse2;
    dsp->pred16x16[RTH264_I16_PLANE] = pred16_plane_sse2;
    dsp->pred16x16[RTH264_I16_DC_LEFT] = rth264_ipred16_dc_left_sse2;
    dsp->pred16x16[RTH264_I16_DC_TOP] = rth264_ipred16_dc_top_sse2;
    dsp->pred16x16[RTH264_I16_DC_128] = rth264_ipred16_dc_128_sse2;
    dsp->pred_chroma8x8[RTH264_IC_DC] = rth264_ipredc_dc_sse2;
    dsp->pred_chroma8x8[RTH264_IC_H] = rth264_ipredc_h_sse2;
    dsp->pred_chroma8x8[RTH264_IC_V] = rth264_ipredc_v_sse2;
    dsp->pred_chroma8x8[RTH264_IC_PLANE] = predc_plane_sse2;
    dsp->pred_chroma8x8[RTH264_IC_DC_LEFT] = rth264_ipredc_dc_left_sse2;
    dsp->pred_chroma8x8[RTH264_IC_DC_TOP] = rth264_ipredc_dc_top_sse2;
    dsp->pred_chroma8x8[RTH264_IC_DC_128] = rth264_ipredc_dc_128_sse2;
    dsp->pred4x4[RTH264_I4_V] = rth264_ipred4_v_sse2;
    dsp->pred4x4[RTH264_I4_H] = rth264_ipred4_h_sse2;
    dsp->pred4x4[RTH264_I4_DC] = rth264_ipred4_dc_sse2;
    dsp->pred4x4[RTH264_I4_DC_LEFT] = rth264_ipred4_dc_left_sse2;
    dsp->pred4x4[RTH264_I4_DC_TOP] = rth264_ipred4_dc_top_sse2;
    dsp->pred4x4[RTH264_I4_DC_128] = rth264_ipred4_dc_128_sse2;
    dsp->pred4x4[RTH264_I4_DDL] = rth264_ipred4_ddl_sse2;
    dsp->pred4x4[RTH264_I4_DDR] = rth264_ipred4_ddr_sse2;
    dsp->pred4x4[RTH264_I4_VR] = rth264_ipred4_vr_sse2;
    dsp->pred4x4[RTH264_I4_HD] = rth264_ipred4_hd_sse2;
    dsp->pred4x4[RTH264_I4_VL] = rth264_ipred4_vl_sse2;
    dsp->pred4x4[RTH264_I4_HU] = rth264_ipred4_hu_sse2;
    dsp->pred8x8[RTH264_I4_V] = rth264_ipred8_v_sse2;
    dsp->pred8x8[RTH264_I4_H] = rth264_ipred8_h_sse2;
    dsp->pred8x8[RTH264_I4_DC] = rth264_ipred8_dc_sse2;
    dsp->pred8x8[RTH264_I4_DC_LEFT] = rth264_ipred8_dc_left_sse2;
    dsp->pred8x8[RTH264_I4_DC_TOP] = rth264_ipred8_dc_top_sse2;
    dsp->pred8x8[RTH264_I4_DC_128] = rth264_ipred8_dc_128_sse2;
    dsp->pred8x8[RTH264_I4_DDR] = rth264_ipred8_ddr_sse2;
    dsp->pred8x8[RTH264_I4_VL] = rth264_ipred8_vl_sse2;

    if (!(cpu_flags & RTH264_CPU_SSSE3))
        return;
    dsp->pred4x4[RTH264_I4_DDL] = rth264_ipred4_ddl_ssse3;
    dsp->pred4x4[RTH264_I4_DDR] = rth264_ipred4_ddr_ssse3;
    dsp->pred4x4[RTH264_I4_VR] = rth264_ipred4_vr_ssse3;
    dsp->pred4x4[RTH264_I4_HD] = rth264_ipred4_hd_ssse3;
    dsp->pred4x4[RTH264_I4_VL] = rth264_ipred4_vl_ssse3;
    dsp->pred4x4[RTH264_I4_HU] = rth264_ipred4_hu_ssse3;
    dsp->pred8x8[RTH264_I4_DDL] = rth264_ipred8_ddl_ssse3;
    dsp->pred8x8[RTH264_I4_VR] = rth264_ipred8_vr_ssse3;
    dsp->pred8x8[RTH264_I4_HD] = rth264_ipred8_hd_ssse3;
    dsp->pred8x8[RTH264_I4_HU] = rth264_ipred8_hu_ssse3;
}
