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

/* Plane prediction parameters (8.3.3.4 for n = 16, scale 5; 8.3.4.4 for
 * 4:2:0 chroma, n = 8, scale 34); the asm fills
 * Clip1((base + b * x + c * y) >> 5) with base = a + 16 - (n/2 - 1) * (b + c). */
static void plane_params(const uint8_t *dst, ptrdiff_t stride, int n, int scale, int *base,
                         int *b, int *c)
{
    const int half = n / 2;
    int h = 0, v = 0;
    for (int i = 0; i < half; i++) {
        h += (i + 1) * (dst[half + i - stride] - dst[half - 2 - i - stride]);
        v += (i + 1) * (dst[(half + i) * stride - 1] - dst[(half - 2 - i) * stride - 1]);
    }
    const int a = 16 * (dst[(n - 1) * stride - 1] + dst[n - 1 - stride]);
    *b = (scale * h + 32) >> 6;
    *c = (scale * v + 32) >> 6;
    *base = a + 16 - (half - 1) * (*b + *c);
}

static void pred16_plane_sse2(uint8_t *dst, ptrdiff_t stride)
{
    int base, b, c;
    plane_params(dst, stride, 16, 5, &base, &b, &c);
    rth264_ipred_plane_fill16_sse2(dst, stride, base, b, c);
}

static void predc_plane_sse2(uint8_t *dst, ptrdiff_t stride)
{
    int base, b, c;
    plane_params(dst, stride, 8, 34, &base, &b, &c);
    rth264_ipred_plane_fill8_sse2(dst, stride, base, b, c);
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
