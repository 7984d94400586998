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
void rth264_deblock_luma_internal_v_avx2(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_luma_internal_h_avx2(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_luma_intra_v_avx2(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_luma_intra_h_avx2(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_chroma_v_ssse3(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_chroma_h_ssse3(uint8_t *, ptrdiff_t, int, int, const int8_t *);
void rth264_deblock_chroma_intra_v_ssse3(uint8_t *, ptrdiff_t, int, int);
void rth264_deblock_chroma_intra_h_ssse3(uint8_t *, ptrdiff_t, int, int);

/* luma_internal_v/h of the 8-line ISAs: their luma_v/h on each edge that
 * has a segment to filter (tc0 values are -1 or 0..25). */
#define DEFINE_INTERNAL(isa, dir, step)                                                        \
    static void luma_internal_##dir##_##isa(uint8_t *pix, ptrdiff_t stride, int alpha,          \
                                            int beta, const int8_t *tc0)                        \
    {                                                                                          \
        for (int e = 1; e < 4; e++) {                                                          \
            const int8_t *t = tc0 + 4 * (e - 1);                                               \
            if ((t[0] & t[1] & t[2] & t[3]) >= 0) /* not all -1 */                             \
                rth264_deblock_luma_##dir##_##isa(pix + 4 * e * (step), stride, alpha, beta, t); \
        }                                                                                      \
    }
DEFINE_INTERNAL(sse2, v, 1)
DEFINE_INTERNAL(sse2, h, stride)
DEFINE_INTERNAL(ssse3, v, 1)
DEFINE_INTERNAL(ssse3, h, stride)

#define DECLARE_PAIR(isa)                                                                      \
    void rth264_deblock_chroma_pair_v_##isa(uint8_t *, uint8_t *, ptrdiff_t, int, int,          \
                                            const int8_t *);                                    \
    void rth264_deblock_chroma_pair_h_##isa(uint8_t *, uint8_t *, ptrdiff_t, int, int,          \
                                            const int8_t *);                                    \
    void rth264_deblock_chroma_pair_intra_v_##isa(uint8_t *, uint8_t *, ptrdiff_t, int, int);   \
    void rth264_deblock_chroma_pair_intra_h_##isa(uint8_t *, uint8_t *, ptrdiff_t, int, int)
DECLARE_PAIR(sse2);
DECLARE_PAIR(ssse3);
DECLARE_PAIR(avx2);

#define ASSIGN_PAIR(isa)                                                                       \
    do {                                                                                       \
        dsp->chroma_pair_v = rth264_deblock_chroma_pair_v_##isa;                               \
        dsp->chroma_pair_h = rth264_deblock_chroma_pair_h_##isa;                               \
        dsp->chroma_pair_intra_v = rth264_deblock_chroma_pair_intra_v_##isa;                   \
        dsp->chroma_pair_intra_h = rth264_deblock_chroma_pair_intra_h_##isa;                   \
    } while (0)

void rth264_deblock_init_x86(Rth264DeblockDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_SSE2))
        return;
    dsp->luma_v = rth264_deblock_luma_v_sse2;
    dsp->luma_h = rth264_deblock_luma_h_sse2;
    dsp->luma_internal_v = luma_internal_v_sse2;
    dsp->luma_internal_h = luma_internal_h_sse2;
    dsp->luma_intra_v = rth264_deblock_luma_intra_v_sse2;
    dsp->luma_intra_h = rth264_deblock_luma_intra_h_sse2;
    dsp->chroma_v = rth264_deblock_chroma_v_sse2;
    dsp->chroma_h = rth264_deblock_chroma_h_sse2;
    dsp->chroma_intra_v = rth264_deblock_chroma_intra_v_sse2;
    dsp->chroma_intra_h = rth264_deblock_chroma_intra_h_sse2;
    ASSIGN_PAIR(sse2);

    if (!(cpu_flags & RTH264_CPU_SSSE3))
        return;
    dsp->luma_v = rth264_deblock_luma_v_ssse3;
    dsp->luma_h = rth264_deblock_luma_h_ssse3;
    dsp->luma_internal_v = luma_internal_v_ssse3;
    dsp->luma_internal_h = luma_internal_h_ssse3;
    dsp->luma_intra_v = rth264_deblock_luma_intra_v_ssse3;
    dsp->luma_intra_h = rth264_deblock_luma_intra_h_ssse3;
    dsp->chroma_v = rth264_deblock_chroma_v_ssse3;
    dsp->chroma_h = rth264_deblock_chroma_h_ssse3;
    dsp->chroma_intra_v = rth264_deblock_chroma_intra_v_ssse3;
    dsp->chroma_intra_h = rth264_deblock_chroma_intra_h_ssse3;
    ASSIGN_PAIR(ssse3);

    if (!(cpu_flags & RTH264_CPU_SSE41))
        return;

    if (!(cpu_flags & RTH264_CPU_AVX2))
        return;
    dsp->luma_v = rth264_deblock_luma_v_avx2;
    dsp->luma_h = rth264_deblock_luma_h_avx2;
    dsp->luma_internal_v = rth264_deblock_luma_internal_v_avx2;
    dsp->luma_internal_h = rth264_deblock_luma_internal_h_avx2;
    dsp->luma_intra_v = rth264_deblock_luma_intra_v_avx2;
    dsp->luma_intra_h = rth264_deblock_luma_intra_h_avx2;
    ASSIGN_PAIR(avx2);
}
