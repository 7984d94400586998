/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"
#include "common/itx.h"

void rth264_itx_add4x4_sse2(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_add4x4_dc_sse2(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_add4x4_dc_x4_sse2(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_add8x8_sse2(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_add8x8_avx2(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_luma_dc_dequant_sse41(int16_t *out, const int16_t *in, int qp, int dc_scale);

void rth264_itx_init_x86(Rth264ItxDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_SSE2))
        return;
    dsp->add4x4 = rth264_itx_add4x4_sse2;
    dsp->add4x4_dc = rth264_itx_add4x4_dc_sse2;
    dsp->add4x4_dc_x4 = rth264_itx_add4x4_dc_x4_sse2;
    dsp->add8x8 = rth264_itx_add8x8_sse2;

    if (!(cpu_flags & RTH264_CPU_SSSE3))
        return;

    if (!(cpu_flags & RTH264_CPU_SSE41))
        return;
    dsp->luma_dc_dequant = rth264_itx_luma_dc_dequant_sse41;

    if (!(cpu_flags & RTH264_CPU_AVX2))
        return;
    dsp->add8x8 = rth264_itx_add8x8_avx2;
}
