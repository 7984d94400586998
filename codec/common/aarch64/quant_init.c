/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"

#include "common/quant.h"

void rth264_fdct4x4_neon(int16_t coef[16], const uint8_t *src, ptrdiff_t src_stride,
                         const uint8_t *pred, ptrdiff_t pred_stride);
void rth264_fdct_dc4x4_neon(int16_t dc[16]);
int rth264_quant4x4_neon(int16_t coef[16], const uint16_t mf[16], const uint32_t bias[16],
                         int qbits);
int rth264_quant_dc_neon(int16_t *coef, int n, int mf, uint32_t bias, int qbits);
void rth264_dequant4x4_neon(int16_t coef[16], const uint16_t scale[16]);
void rth264_scan4x4_neon(int16_t level[16], const int16_t coef[16]);
int rth264_coeff_last4_neon(const int16_t *level);
int rth264_coeff_last15_neon(const int16_t *level);
int rth264_coeff_last16_neon(const int16_t *level);
int rth264_coeff_count16_neon(const int16_t *level);
unsigned rth264_coeff_mask16_neon(const int16_t *level);
void rth264_fdct4x4_x4_neon(int16_t coef[4][16], const uint8_t *src, ptrdiff_t src_stride,
                            const uint8_t *pred, ptrdiff_t pred_stride);
unsigned rth264_quant4x4_x4_neon(int16_t coef[4][16], const uint16_t mf[16],
                                 const uint32_t bias[16], int qbits);
void rth264_dequant_add4x4_x4_neon(uint8_t *dst, ptrdiff_t stride, int16_t coef[4][16],
                                   const uint16_t scale[16], unsigned mask);
unsigned rth264_fdct_quant4x4_x16_neon(int16_t coef[16][16], const uint8_t *src,
                                       ptrdiff_t src_stride, const uint8_t *pred,
                                       ptrdiff_t pred_stride, const uint16_t mf[16],
                                       const uint32_t bias[16], int qbits);
int rth264_scan_decimate4x4_neon(int16_t level[16], const int16_t coef[16]);
void rth264_intra4x4_satd_x9_neon(int satd[9], const uint8_t *src, ptrdiff_t src_stride,
                                  const uint8_t edge[16], unsigned avail);
unsigned rth264_fdct_quant_ac4x4_x4_neon(int16_t coef[4][16], int16_t dc[4], const uint8_t *src,
                                         ptrdiff_t src_stride, const uint8_t *pred,
                                         ptrdiff_t pred_stride, const uint16_t mf[16],
                                         const uint32_t bias[16], int qbits);

int rth264_sad_dc4x4_x4_neon(int16_t dc[4], const uint8_t *src, ptrdiff_t src_stride,
                             const uint8_t *pred, ptrdiff_t pred_stride);
unsigned rth264_sad_dc4x4_x8_neon(int16_t out[10], const uint8_t *src0, const uint8_t *src1,
                                  ptrdiff_t src_stride, const uint8_t *pred0,
                                  const uint8_t *pred1, ptrdiff_t pred_stride);

/* fdct_dc2x2 (four values) stays in C. */
void rth264_quant_init_aarch64(Rth264QuantDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_NEON))
        return;
    dsp->fdct4x4 = rth264_fdct4x4_neon;
    dsp->fdct_dc4x4 = rth264_fdct_dc4x4_neon;
    dsp->quant4x4 = rth264_quant4x4_neon;
    dsp->quant_dc = rth264_quant_dc_neon;
    dsp->dequant4x4 = rth264_dequant4x4_neon;
    dsp->scan4x4 = rth264_scan4x4_neon;
    dsp->coeff_last[RTH264_COEFF_LAST4] = rth264_coeff_last4_neon;
    dsp->coeff_last[RTH264_COEFF_LAST15] = rth264_coeff_last15_neon;
    dsp->coeff_last[RTH264_COEFF_LAST16] = rth264_coeff_last16_neon;
    dsp->coeff_count16 = rth264_coeff_count16_neon;
    dsp->coeff_mask16 = rth264_coeff_mask16_neon;
    dsp->fdct4x4_x4 = rth264_fdct4x4_x4_neon;
    dsp->quant4x4_x4 = rth264_quant4x4_x4_neon;
    dsp->dequant_add4x4_x4 = rth264_dequant_add4x4_x4_neon;
    dsp->fdct_quant4x4_x16 = rth264_fdct_quant4x4_x16_neon;
    dsp->scan_decimate4x4 = rth264_scan_decimate4x4_neon;
    dsp->intra4x4_satd_x9 = rth264_intra4x4_satd_x9_neon;
    dsp->fdct_quant_ac4x4_x4 = rth264_fdct_quant_ac4x4_x4_neon;
    dsp->sad_dc4x4_x4 = rth264_sad_dc4x4_x4_neon;
    dsp->sad_dc4x4_x8 = rth264_sad_dc4x4_x8_neon;
}
