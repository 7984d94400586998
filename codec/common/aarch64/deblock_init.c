/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"

#include "common/deblock.h"

void rth264_deblock_luma_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                const int8_t *tc0);
void rth264_deblock_luma_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                const int8_t *tc0);
void rth264_deblock_luma_internal_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                         const int8_t *tc0);
void rth264_deblock_luma_internal_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                         const int8_t *tc0);
void rth264_deblock_luma_intra_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta);
void rth264_deblock_luma_intra_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta);
void rth264_deblock_chroma_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                  const int8_t *tc0);
void rth264_deblock_chroma_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                  const int8_t *tc0);
void rth264_deblock_chroma_intra_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta);
void rth264_deblock_chroma_intra_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta);

void rth264_deblock_chroma_pair_v_neon(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha,
                                       int beta, const int8_t *tc0);
void rth264_deblock_chroma_pair_h_neon(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha,
                                       int beta, const int8_t *tc0);
void rth264_deblock_chroma_pair_intra_v_neon(uint8_t *cb, uint8_t *cr, ptrdiff_t stride,
                                             int alpha, int beta);
void rth264_deblock_chroma_pair_intra_h_neon(uint8_t *cb, uint8_t *cr, ptrdiff_t stride,
                                             int alpha, int beta);

void rth264_deblock_init_aarch64(Rth264DeblockDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_NEON))
        return;
    dsp->luma_v = rth264_deblock_luma_v_neon;
    dsp->luma_h = rth264_deblock_luma_h_neon;
    dsp->luma_internal_v = rth264_deblock_luma_internal_v_neon;
    dsp->luma_internal_h = rth264_deblock_luma_internal_h_neon;
    dsp->luma_intra_v = rth264_deblock_luma_intra_v_neon;
    dsp->luma_intra_h = rth264_deblock_luma_intra_h_neon;
    dsp->chroma_v = rth264_deblock_chroma_v_neon;
    dsp->chroma_h = rth264_deblock_chroma_h_neon;
    dsp->chroma_intra_v = rth264_deblock_chroma_intra_v_neon;
    dsp->chroma_intra_h = rth264_deblock_chroma_intra_h_neon;
    dsp->chroma_pair_v = rth264_deblock_chroma_pair_v_neon;
    dsp->chroma_pair_h = rth264_deblock_chroma_pair_h_neon;
    dsp->chroma_pair_intra_v = rth264_deblock_chroma_pair_intra_v_neon;
    dsp->chroma_pair_intra_h = rth264_deblock_chroma_pair_intra_h_neon;
}
