/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"

#include "common/itx.h"

void rth264_itx_add4x4_neon(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_add4x4_dc_neon(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_add4x4_dc_x4_neon(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_add8x8_neon(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
void rth264_itx_luma_dc_dequant_neon(int16_t *out, const int16_t *in, int qp, int dc_scale);

/* chroma_dc_dequant (four values) stays in C: nothing to vectorise. */
void rth264_itx_init_aarch64(Rth264ItxDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_NEON))
        return;
    dsp->add4x4 = rth264_itx_add4x4_neon;
    dsp->add4x4_dc = rth264_itx_add4x4_dc_neon;
    dsp->add4x4_dc_x4 = rth264_itx_add4x4_dc_x4_neon;
    dsp->luma_dc_dequant = rth264_itx_luma_dc_dequant_neon;
    dsp->add8x8 = rth264_itx_add8x8_neon;
}
