/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>

#include "rth264/rth264.h"
#include "common/quant.h"

void rth264_fdct4x4_sse2(int16_t coef[16], const uint8_t *src, ptrdiff_t src_stride,
                         const uint8_t *pred, ptrdiff_t pred_stride);
void rth264_fdct_dc4x4_sse2(int16_t dc[16]);
void rth264_dequant4x4_sse2(int16_t coef[16], const uint16_t scale[16]);
int rth264_coeff_count16_sse2(const int16_t *level);
unsigned rth264_coeff_mask16_sse2(const int16_t *level);
int rth264_sad_dc4x4_x4_sse2(int16_t dc[4], const uint8_t *src, ptrdiff_t src_stride,
                             const uint8_t *pred, ptrdiff_t pred_stride);
int rth264_sad_dc4x4_x4_avx2(int16_t dc[4], const uint8_t *src, ptrdiff_t src_stride,
                             const uint8_t *pred, ptrdiff_t pred_stride);
unsigned rth264_sad_dc4x4_x8_avx2(int16_t out[10], const uint8_t *src0, const uint8_t *src1,
                                  ptrdiff_t src_stride, const uint8_t *pred0,
                                  const uint8_t *pred1, ptrdiff_t pred_stride);
int rth264_coeff_last4_sse2(const int16_t *level);
int rth264_coeff_last15_sse2(const int16_t *level);
int rth264_coeff_last16_sse2(const int16_t *level);
int rth264_quant4x4_sse2(int16_t coef[16], const uint16_t mf[16], const uint32_t bias[16],
                         int qbits);
int rth264_quant_dc_sse2(int16_t *coef, int n, int mf, uint32_t bias, int qbits);
void rth264_intra4x4_satd_x9_ssse3(int satd[9], const uint8_t *src, ptrdiff_t src_stride,
                                   const uint8_t edge[16], unsigned avail);
int rth264_scan_decimate4x4_ssse3(int16_t level[16], const int16_t coef[16]);
int rth264_scan_decimate4x4_avx2(int16_t level[16], const int16_t coef[16]);
void rth264_scan4x4_ssse3(int16_t level[16], const int16_t coef[16]);
int rth264_quant4x4_ssse3(int16_t coef[16], const uint16_t mf[16], const uint32_t bias[16],
                          int qbits);
int rth264_quant_dc_ssse3(int16_t *coef, int n, int mf, uint32_t bias, int qbits);
void rth264_fdct4x4_x4_sse2(int16_t coef[4][16], const uint8_t *src, ptrdiff_t src_stride,
                            const uint8_t *pred, ptrdiff_t pred_stride);
void rth264_fdct4x4_x4_avx2(int16_t coef[4][16], const uint8_t *src, ptrdiff_t src_stride,
                            const uint8_t *pred, ptrdiff_t pred_stride);
unsigned rth264_quant4x4_x4_sse2(int16_t coef[4][16], const uint16_t mf[16],
                                 const uint32_t bias[16], int qbits);
unsigned rth264_quant4x4_x4_ssse3(int16_t coef[4][16], const uint16_t mf[16],
                                  const uint32_t bias[16], int qbits);
unsigned rth264_quant4x4_x4_avx2(int16_t coef[4][16], const uint16_t mf[16],
                                 const uint32_t bias[16], int qbits);
void rth264_intra4x4_satd_x9_avx2(int satd[9], const uint8_t *src, ptrdiff_t src_stride,
                                  const uint8_t edge[16], unsigned avail);
void rth264_dequant_add4x4_x4_sse2(uint8_t *dst, ptrdiff_t stride, int16_t coef[4][16],
                                   const uint16_t scale[16], unsigned mask);
void rth264_dequant_add4x4_x4_avx2(uint8_t *dst, ptrdiff_t stride, int16_t coef[4][16],
                                   const uint16_t scale[16], unsigned mask);
unsigned rth264_fdct_quant4x4_x16_avx2(int16_t coef[16][16], const uint8_t *src,
                                       ptrdiff_t src_stride, const uint8_t *pred,
                                       ptrdiff_t pred_stride, const uint16_t mf[16],
                                       const uint32_t bias[16], int qbits);

/* Below AVX2, fdct_quant4x4_x16 is the four-block kernels in a loop (no
 * asm of its own: the saving would be four calls). */
#define FDCT_QUANT_X16(isa, quant_isa)                                                      \
    static unsigned fdct_quant4x4_x16_##isa(int16_t coef[16][16], const uint8_t *src,       \
                                            ptrdiff_t src_stride, const uint8_t *pred,      \
                                            ptrdiff_t pred_stride, const uint16_t mf[16],   \
                                            const uint32_t bias[16], int qbits)             \
    {                                                                                       \
        unsigned mask = 0;                                                                  \
        for (int i = 0; i < 4; i++) {                                                       \
            const ptrdiff_t x = 8 * (i & 1), y = 8 * (i >> 1);                              \
            rth264_fdct4x4_x4_sse2(&coef[4 * i], src + y * src_stride + x, src_stride,      \
                                   pred + y * pred_stride + x, pred_stride);                \
            mask |= rth264_quant4x4_x4_##quant_isa(&coef[4 * i], mf, bias, qbits) << (4 * i); \
        }                                                                                   \
        return mask;                                                                        \
    }
FDCT_QUANT_X16(sse2, sse2)
FDCT_QUANT_X16(ssse3, ssse3)

unsigned rth264_fdct_quant_ac4x4_x4_avx2(int16_t coef[4][16], int16_t dc[4], const uint8_t *src,
                                         ptrdiff_t src_stride, const uint8_t *pred,
                                         ptrdiff_t pred_stride, const uint16_t mf[16],
                                         const uint32_t bias[16], int qbits);

/* Below AVX2 the AC path is the x4 kernels with the DCs moved in between. */
#define FDCT_QUANT_AC_X4(isa, quant_isa)                                                      \
    static unsigned fdct_quant_ac4x4_x4_##isa(int16_t coef[4][16], int16_t dc[4],             \
                                              const uint8_t *src, ptrdiff_t src_stride,       \
                                              const uint8_t *pred, ptrdiff_t pred_stride,     \
                                              const uint16_t mf[16], const uint32_t bias[16], \
                                              int qbits)                                      \
    {                                                                                         \
        rth264_fdct4x4_x4_sse2(coef, src, src_stride, pred, pred_stride);                     \
        for (int b = 0; b < 4; b++) {                                                         \
            dc[b] = coef[b][0];                                                               \
            coef[b][0] = 0;                                                                   \
        }                                                                                     \
        return rth264_quant4x4_x4_##quant_isa(coef, mf, bias, qbits);                         \
    }
FDCT_QUANT_AC_X4(sse2, sse2)
FDCT_QUANT_AC_X4(ssse3, ssse3)

/* Below AVX2 the two-plane zero test is the one-plane kernel twice. */
static unsigned sad_dc4x4_x8_sse2(int16_t out[10], const uint8_t *src0, const uint8_t *src1,
                                  ptrdiff_t src_stride, const uint8_t *pred0, const uint8_t *pred1,
                                  ptrdiff_t pred_stride)
{
    unsigned bound = 0, dc_sum = 0;
    for (int c = 0; c < 2; c++) {
        const int b = rth264_sad_dc4x4_x4_sse2(out + 4 * c, c ? src1 : src0, src_stride,
                                               c ? pred1 : pred0, pred_stride);
        out[8 + c] = (int16_t)b;
        const int16_t *dc = out + 4 * c;
        const unsigned s = (unsigned)(abs(dc[0]) + abs(dc[1]) + abs(dc[2]) + abs(dc[3]));
        bound = (unsigned)b > bound ? (unsigned)b : bound;
        dc_sum = s > dc_sum ? s : dc_sum;
    }
    return bound | dc_sum << 16;
}

/* Below SSSE3 (no pshufb for the mode picks) intra4x4_satd_x9 is the ipred
 * module's SSE2 pred4x4 into a small block around the edge, then the pixel
 * module's SSE2 satd 4x4 - the per-mode path of the encoder, in one call. */
typedef void Pred4x4Sse2(uint8_t *dst, ptrdiff_t stride, const uint8_t *topright);
Pred4x4Sse2 rth264_ipred4_v_sse2, rth264_ipred4_h_sse2, rth264_ipred4_dc_sse2,
    rth264_ipred4_dc_left_sse2, rth264_ipred4_dc_top_sse2, rth264_ipred4_dc_128_sse2,
    rth264_ipred4_ddl_sse2, rth264_ipred4_ddr_sse2, rth264_ipred4_vr_sse2,
    rth264_ipred4_hd_sse2, rth264_ipred4_vl_sse2, rth264_ipred4_hu_sse2;
int rth264_satd_4x4_sse2(const uint8_t *src, ptrdiff_t src_stride, const uint8_t *ref,
                         ptrdiff_t ref_stride);

static void intra4x4_satd_x9_sse2(int satd[9], const uint8_t *src, ptrdiff_t src_stride,
                                  const uint8_t edge[16], unsigned avail)
{
    static Pred4x4Sse2 *const pred[9] = {
        rth264_ipred4_v_sse2, rth264_ipred4_h_sse2, NULL, rth264_ipred4_ddl_sse2,
        rth264_ipred4_ddr_sse2, rth264_ipred4_vr_sse2, rth264_ipred4_hd_sse2,
        rth264_ipred4_vl_sse2, rth264_ipred4_hu_sse2,
    };
    static Pred4x4Sse2 *const dc[4] = { rth264_ipred4_dc_128_sse2, rth264_ipred4_dc_left_sse2,
                                        rth264_ipred4_dc_top_sse2, rth264_ipred4_dc_sse2 };
    _Alignas(16) uint8_t block[8 * 16] = { 0 };
    uint8_t *const dst = block + 2 * 16 + 4; /* stride 16, the edge around it */
    for (int i = 0; i < 4; i++) {
        dst[-1 + 16 * i] = edge[3 - i];
        dst[i - 16] = edge[5 + i];
    }
    dst[-1 - 16] = edge[4];
    for (int m = 0; m < 9; m++) {
        (m == 2 ? dc[avail & 3] : pred[m])(dst, 16, edge + 9);
        satd[m] = rth264_satd_4x4_sse2(src, src_stride, dst, 16);
    }
}

void rth264_quant_init_x86(Rth264QuantDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_SSE2))
        return;
    dsp->fdct4x4 = rth264_fdct4x4_sse2;
    dsp->fdct_dc4x4 = rth264_fdct_dc4x4_sse2;
    dsp->dequant4x4 = rth264_dequant4x4_sse2;
    dsp->coeff_last[RTH264_COEFF_LAST4] = rth264_coeff_last4_sse2;
    dsp->coeff_last[RTH264_COEFF_LAST15] = rth264_coeff_last15_sse2;
    dsp->coeff_last[RTH264_COEFF_LAST16] = rth264_coeff_last16_sse2;
    dsp->coeff_count16 = rth264_coeff_count16_sse2;
    dsp->coeff_mask16 = rth264_coeff_mask16_sse2;
    dsp->quant4x4 = rth264_quant4x4_sse2;
    dsp->quant_dc = rth264_quant_dc_sse2;
    dsp->fdct4x4_x4 = rth264_fdct4x4_x4_sse2;
    dsp->quant4x4_x4 = rth264_quant4x4_x4_sse2;
    dsp->dequant_add4x4_x4 = rth264_dequant_add4x4_x4_sse2;
    dsp->fdct_quant4x4_x16 = fdct_quant4x4_x16_sse2;
    dsp->intra4x4_satd_x9 = intra4x4_satd_x9_sse2;
    dsp->fdct_quant_ac4x4_x4 = fdct_quant_ac4x4_x4_sse2;
    dsp->sad_dc4x4_x4 = rth264_sad_dc4x4_x4_sse2;
    dsp->sad_dc4x4_x8 = sad_dc4x4_x8_sse2;

    if (!(cpu_flags & RTH264_CPU_SSSE3))
        return;
    dsp->scan4x4 = rth264_scan4x4_ssse3;
    dsp->scan_decimate4x4 = rth264_scan_decimate4x4_ssse3;
    dsp->intra4x4_satd_x9 = rth264_intra4x4_satd_x9_ssse3;
    dsp->quant4x4 = rth264_quant4x4_ssse3;
    dsp->quant_dc = rth264_quant_dc_ssse3;
    dsp->quant4x4_x4 = rth264_quant4x4_x4_ssse3;
    dsp->fdct_quant4x4_x16 = fdct_quant4x4_x16_ssse3;
    dsp->fdct_quant_ac4x4_x4 = fdct_quant_ac4x4_x4_ssse3;

    if (!(cpu_flags & RTH264_CPU_AVX2))
        return;
    dsp->fdct4x4_x4 = rth264_fdct4x4_x4_avx2;
    dsp->quant4x4_x4 = rth264_quant4x4_x4_avx2;
    dsp->dequant_add4x4_x4 = rth264_dequant_add4x4_x4_avx2;
    dsp->fdct_quant4x4_x16 = rth264_fdct_quant4x4_x16_avx2;
    dsp->intra4x4_satd_x9 = rth264_intra4x4_satd_x9_avx2;
    dsp->fdct_quant_ac4x4_x4 = rth264_fdct_quant_ac4x4_x4_avx2;
    dsp->scan_decimate4x4 = rth264_scan_decimate4x4_avx2;
    dsp->sad_dc4x4_x4 = rth264_sad_dc4x4_x4_avx2;
    dsp->sad_dc4x4_x8 = rth264_sad_dc4x4_x8_avx2;
}
