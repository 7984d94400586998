/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "rth264/rth264.h"
#include "common/mc.h"

/* Kernels in mc.asm. W = block width. The *avg kernels average their
 * result with a buffer of stride 16 (the other sample set of a quarter
 * position) in the same pass. */
typedef void (*BlockFn)(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h);
typedef void (*BlockAvgFn)(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h,
                           const uint8_t *avg16);
typedef void (*Avg2Fn)(uint8_t *dst, ptrdiff_t ds, const uint8_t *a, ptrdiff_t as,
                       const uint8_t *b16, int h);

#define DECL_KERNEL(name, w, isa)                                                      \
    void rth264_mc_##name##_w##w##_##isa(uint8_t *, ptrdiff_t, const uint8_t *,        \
                                         ptrdiff_t, int);                             \
    void rth264_mc_##name##avg_w##w##_##isa(uint8_t *, ptrdiff_t, const uint8_t *,     \
                                            ptrdiff_t, int, const uint8_t *);
#define DECL_LUMA_KERNELS(w)                                                            \
    void rth264_mc_copy_w##w##_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int); \
    void rth264_mc_avg2_w##w##_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t,      \
                                    const uint8_t *, int);                                \
    DECL_KERNEL(h6, w, sse2)                                                            \
    DECL_KERNEL(v6, w, sse2)                                                            \
    DECL_KERNEL(hv6, w, sse2)                                                           \
    DECL_KERNEL(h6, w, ssse3)                                                           \
    DECL_KERNEL(v6, w, ssse3)                                                           \
    DECL_KERNEL(hv6, w, ssse3)

DECL_LUMA_KERNELS(16)
DECL_LUMA_KERNELS(8)
DECL_LUMA_KERNELS(4)
DECL_KERNEL(h6, 16, avx2)
DECL_KERNEL(v6, 16, avx2)
DECL_KERNEL(hv6, 16, avx2)

void rth264_mc_avg_w16_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int);
void rth264_mc_avg_w8_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int);
void rth264_mc_avg_w4_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int);
void rth264_mc_avg_w2_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int);
#define DECL_WEIGHT(w)                                                                   \
    void rth264_mc_weight_w##w##_sse2(uint8_t *, ptrdiff_t, int, int, int, int);         \
    void rth264_mc_biweight_w##w##_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, \
                                        int, int, int, int, int);
DECL_WEIGHT(16)
DECL_WEIGHT(8)
DECL_WEIGHT(4)
DECL_WEIGHT(2)
void rth264_mc_biweight_w16_avx2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int, int, int, int, int);
void rth264_mc_chroma_w8_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int, int, int);
void rth264_mc_chroma_w4_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int, int, int);
void rth264_mc_chroma_w2_sse2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int, int, int);
void rth264_mc_chroma_w8_ssse3(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int, int, int);
void rth264_mc_chroma_w4_ssse3(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int, int, int);
void rth264_mc_chroma_w8_avx2(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int, int, int);
void rth264_mc_chroma_w2_ssse3(uint8_t *, ptrdiff_t, const uint8_t *, ptrdiff_t, int, int, int);

/* Per width: the full-sample copy, the three half-sample filters (b, h, j)
 * plain and averaging, and the plain average of two sets. */
typedef struct LumaKernels {
    BlockFn copy;
    BlockFn half[3];          /* [SET_B - 1], [SET_H - 1], [SET_J - 1] */
    BlockAvgFn half_avg[3];
    Avg2Fn avg2;
} LumaKernels;

#define KERNELS(w, isa)                                                               \
    {                                                                                 \
        rth264_mc_copy_w##w##_sse2,                                                   \
        { rth264_mc_h6_w##w##_##isa, rth264_mc_v6_w##w##_##isa, rth264_mc_hv6_w##w##_##isa }, \
        { rth264_mc_h6avg_w##w##_##isa, rth264_mc_v6avg_w##w##_##isa,                 \
          rth264_mc_hv6avg_w##w##_##isa },                                            \
        rth264_mc_avg2_w##w##_sse2,                                                   \
    }

static const LumaKernels kernels_w16_sse2 = KERNELS(16, sse2);
static const LumaKernels kernels_w8_sse2 = KERNELS(8, sse2);
static const LumaKernels kernels_w4_sse2 = KERNELS(4, sse2);
static const LumaKernels kernels_w16 = KERNELS(16, ssse3);
static const LumaKernels kernels_w16_avx2 = KERNELS(16, avx2);
static const LumaKernels kernels_w8 = KERNELS(8, ssse3);
static const LumaKernels kernels_w4 = KERNELS(4, ssse3);

/* Sample sets of 8.4.2.2.1: G full, b horizontal half, h vertical half,
 * j centre. */
enum { SET_G, SET_B, SET_H, SET_J, SET_NONE };

/* Table 8-12 as one or two sample sets, each with a (dx, dy) offset in full
 * samples; the quarter positions are the rounded average of the two.
 * Indexed [mx][my]. The first set is G whenever G takes part. */
typedef struct LumaPos {
    uint8_t set0, dx0, dy0, set1, dx1, dy1;
} LumaPos;

static const LumaPos luma_pos[4][4] = {
    { { SET_G, 0, 0, SET_NONE, 0, 0 }, { SET_G, 0, 0, SET_H, 0, 0 },   /* G, d */
      { SET_H, 0, 0, SET_NONE, 0, 0 }, { SET_G, 0, 1, SET_H, 0, 0 } }, /* h, n */
    { { SET_G, 0, 0, SET_B, 0, 0 }, { SET_B, 0, 0, SET_H, 0, 0 },      /* a, e */
      { SET_H, 0, 0, SET_J, 0, 0 }, { SET_H, 0, 0, SET_B, 0, 1 } },    /* i, p */
    { { SET_B, 0, 0, SET_NONE, 0, 0 }, { SET_B, 0, 0, SET_J, 0, 0 },   /* b, f */
      { SET_J, 0, 0, SET_NONE, 0, 0 }, { SET_J, 0, 0, SET_B, 0, 1 } }, /* j, q */
    { { SET_G, 1, 0, SET_B, 0, 0 }, { SET_B, 0, 0, SET_H, 1, 0 },      /* c, g */
      { SET_J, 0, 0, SET_H, 1, 0 }, { SET_H, 1, 0, SET_B, 0, 1 } },    /* k, r */
};

static void put_luma(const LumaKernels *k, uint8_t *dst, ptrdiff_t ds, const uint8_t *src,
                     ptrdiff_t ss, int h, int mx, int my)
{
    const LumaPos *p = &luma_pos[mx & 3][my & 3];
    const uint8_t *src0 = src + p->dx0 + p->dy0 * ss;
    if (p->set1 == SET_NONE) {
        if (p->set0 == SET_G)
            k->copy(dst, ds, src0, ss, h);
        else
            k->half[p->set0 - 1](dst, ds, src0, ss, h);
        return;
    }
    /* Two sets: the second into a buffer, then the first averaged with it. */
    _Alignas(16) uint8_t b[16 * 16];
    k->half[p->set1 - 1](b, 16, src + p->dx1 + p->dy1 * ss, ss, h);
    if (p->set0 == SET_G)
        k->avg2(dst, ds, src0, ss, b, h);
    else
        k->half_avg[p->set0 - 1](dst, ds, src0, ss, h, b);
}

static void put_luma16_sse2(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h,
                            int mx, int my)
{
    put_luma(&kernels_w16_sse2, d, ds, s, ss, h, mx, my);
}

static void put_luma8_sse2(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h,
                           int mx, int my)
{
    put_luma(&kernels_w8_sse2, d, ds, s, ss, h, mx, my);
}

static void put_luma4_sse2(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h,
                           int mx, int my)
{
    put_luma(&kernels_w4_sse2, d, ds, s, ss, h, mx, my);
}

static void put_luma16_ssse3(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h,
                             int mx, int my)
{
    put_luma(&kernels_w16, d, ds, s, ss, h, mx, my);
}

static void put_luma16_avx2(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h,
                            int mx, int my)
{
    put_luma(&kernels_w16_avx2, d, ds, s, ss, h, mx, my);
}

static void put_luma8_ssse3(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h,
                            int mx, int my)
{
    put_luma(&kernels_w8, d, ds, s, ss, h, mx, my);
}

static void put_luma4_ssse3(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h,
                            int mx, int my)
{
    put_luma(&kernels_w4, d, ds, s, ss, h, mx, my);
}

void rth264_mc_init_x86(Rth264McDsp *dsp, unsigned cpu_flags)
{
    if (!(cpu_flags & RTH264_CPU_SSE2))
        return;
    dsp->avg[RTH264_MC_W16] = rth264_mc_avg_w16_sse2;
    dsp->avg[RTH264_MC_W8] = rth264_mc_avg_w8_sse2;
    dsp->avg[RTH264_MC_W4] = rth264_mc_avg_w4_sse2;
    dsp->avg[RTH264_MC_W2] = rth264_mc_avg_w2_sse2;
    dsp->put_luma[RTH264_MC_W16] = put_luma16_sse2;
    dsp->put_luma[RTH264_MC_W8] = put_luma8_sse2;
    dsp->put_luma[RTH264_MC_W4] = put_luma4_sse2;
    dsp->put_chroma[0] = rth264_mc_chroma_w8_sse2;
    dsp->put_chroma[1] = rth264_mc_chroma_w4_sse2;
    dsp->put_chroma[2] = rth264_mc_chroma_w2_sse2;
    dsp->weight[RTH264_MC_W16] = rth264_mc_weight_w16_sse2;
    dsp->weight[RTH264_MC_W8] = rth264_mc_weight_w8_sse2;
    dsp->weight[RTH264_MC_W4] = rth264_mc_weight_w4_sse2;
    dsp->weight[RTH264_MC_W2] = rth264_mc_weight_w2_sse2;
    dsp->biweight[RTH264_MC_W16] = rth264_mc_biweight_w16_sse2;
    dsp->biweight[RTH264_MC_W8] = rth264_mc_biweight_w8_sse2;
    dsp->biweight[RTH264_MC_W4] = rth264_mc_biweight_w4_sse2;
    dsp->biweight[RTH264_MC_W2] = rth264_mc_biweight_w2_sse2;

    if (!(cpu_flags & RTH264_CPU_SSSE3))
        return;
    dsp->put_luma[RTH264_MC_W16] = put_luma16_ssse3;
    dsp->put_luma[RTH264_MC_W8] = put_luma8_ssse3;
    dsp->put_luma[RTH264_MC_W4] = put_luma4_ssse3;
    dsp->put_chroma[0] = rth264_mc_chroma_w8_ssse3;
    dsp->put_chroma[1] = rth264_mc_chroma_w4_ssse3;
    dsp->put_chroma[2] = rth264_mc_chroma_w2_ssse3;

    if (!(cpu_flags & RTH264_CPU_SSE41))
        return;

    if (!(cpu_flags & RTH264_CPU_AVX2))
        return;
    dsp->put_luma[RTH264_MC_W16] = put_luma16_avx2;
    dsp->put_chroma[0] = rth264_mc_chroma_w8_avx2;
    dsp->biweight[RTH264_MC_W16] = rth264_mc_biweight_w16_avx2;
}
