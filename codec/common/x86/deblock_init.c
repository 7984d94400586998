/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "rth264/rth264.h"
#include "common/deblock.h"

void rth264_deblock_luma_v_sse2(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_luma_h_sse2(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_luma_intra_v_sse2(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_luma_intra_h_sse2(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_chroma_v_sse2(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_chroma_h_sse2(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_chroma_intra_v_sse2(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_chroma_intra_h_sse2(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_luma_v_ssse3(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_luma_h_ssse3(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_luma_intra_v_ssse3(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_luma_intra_h_ssse3(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_luma_v_avx2(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_luma_h_avx2(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_luma_intra_v_avx2(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_luma_intra_h_avx2(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_chroma_v_ssse3(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_chroma_h_ssse3(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_chroma_intra_v_ssse3(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_chroma_intra_h_ssse3(uint8_t *, ptrdiff_t, int, int);

void rth264_deblock_init_x86(Rth264DeblockDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_SSE2))
        return;
    dsp->luma_v = rth264_deblock_luma_v_sse2;
    dsp->luma_h = rth264_deblock_luma_h_sse2;
    dsp->luma_intra_v = rth264_deblock_luma_intra_v_sse2;
    dsp->luma_intra_h = rth264_deblock_luma_intra_h_sse2;
    dsp->chroma_v = rth264_deblock_chroma_v_sse2;
    dsp->chroma_h = rth264_deblock_chroma_h_sse2;
    dsp->chroma_intra_v = rth264_deblock_chroma_intra_v_sse2;
    dsp->chroma_intra_h = rth264_deblock_chroma_intra_h_sse2;

    if (!(cpu_flags & RTH264_CPU_SSSE3))
        return;
    dsp->luma_v = rth264_deblock_luma_v_ssse3;
    dsp->luma_h = rth264_deblock_luma_h_ssse3;
    dsp->luma_intra_v = rth264_deblock_luma_intra_v_ssse3;
    dsp->luma_intra_h = rth264_deblock_luma_intra_h_ssse3;
    dsp->chroma_v = rth264_deblock_chroma_v_ssse3;
    dsp->chroma_h = rth264_deblock_chroma_h_ssse3;
    dsp->chroma_intra_v = rth264_deblock_chroma_intra_v_ssse3;
    dsp->chroma_intra_h = rth264_deblock_chroma_intra_h_ssse3;

    if (!(cpu_flags & RTH264_CPU_SSE41))
        return;

    if (!(cpu_flags & RTH264_CPU_AVX2))
        return;
    dsp->luma_v = rth264_deblock_luma_v_avx2;
    dsp->luma_h = rth264_deblock_luma_h_avx2;
    dsp->luma_intra_v = rth264_deblock_luma_intra_v_avx2;
    dsp->luma_intra_h = rth264_deblock_luma_intra_h_avx2;
}
