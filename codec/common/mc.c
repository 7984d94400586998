/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <string.h>

#include "common/mc.h"

static inline uint8_t clip_pixel(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* 8.4.2.2.1 eq. 8-241: the 6-tap filter on six samples `step` apart. */
static inline int tap6(const uint8_t *s, ptrdiff_t step)
{
    return s[-2 * step] - 5 * s[-step] + 20 * s[0] + 20 * s[step] - 5 * s[2 * step] + s[3 * step];
}

static void copy_block(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    for (int y = 0; y < h; y++)
        memcpy(dst + y * ds, src + y * ss, (size_t)w);
}

/* Half-sample positions: b (horizontal), h (vertical), j (centre). */
static void half_h(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    for (int y = 0; y < h; y++, dst += ds, src += ss)
        for (int x = 0; x < w; x++)
            dst[x] = clip_pixel((tap6(src + x, 1) + 16) >> 5);
}

static void half_v(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    for (int y = 0; y < h; y++, dst += ds, src += ss)
        for (int x = 0; x < w; x++)
            dst[x] = clip_pixel((tap6(src + x, ss) + 16) >> 5);
}

static void half_hv(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    int tmp[21 * 16]; /* intermediate b1 values, rows -2 .. h+2 */
    for (int y = 0; y < h + 5; y++)
        for (int x = 0; x < w; x++)
            tmp[y * 16 + x] = tap6(src + (y - 2) * ss + x, 1);
    for (int y = 0; y < h; y++, dst += ds)
        for (int x = 0; x < w; x++) {
            const int *t = tmp + (y + 2) * 16 + x;
            int j1 = t[-32] - 5 * t[-16] + 20 * t[0] + 20 * t[16] - 5 * t[32] + t[48];
            dst[x] = clip_pixel((j1 + 512) >> 10);
        }
}

static void avg_into(uint8_t *dst, ptrdiff_t ds, const uint8_t *a, const uint8_t *b, int w, int h)
{
    for (int y = 0; y < h; y++, dst += ds, a += 16, b += 16)
        for (int x = 0; x < w; x++)
            dst[x] = (uint8_t)((a[x] + b[x] + 1) >> 1);
}

/* Compute the sample set named by the fraction into a 16-stride buffer. */
enum { POS_G, POS_B, POS_H, POS_J };

static void compute_pos(uint8_t *out, int pos, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    switch (pos) {
    case POS_G: copy_block(out, 16, src, ss, w, h); break;
    case POS_B: half_h(out, 16, src, ss, w, h); break;
    case POS_H: half_v(out, 16, src, ss, w, h); break;
    default: half_hv(out, 16, src, ss, w, h); break;
    }
}

/* Table 8-12: each quarter position is one value or the rounded average of
 * two: {first pos, dx, dy, second pos, dx, dy}; second pos -1 = none. */
static const int8_t luma_pos[4][4][6] = {
    /* mx = 0: G, d, h, n */
    { { POS_G, 0, 0, -1, 0, 0 }, { POS_G, 0, 0, POS_H, 0, 0 },
      { POS_H, 0, 0, -1, 0, 0 }, { POS_G, 0, 1, POS_H, 0, 0 } },
    /* mx = 1: a, e, i, p */
    { { POS_G, 0, 0, POS_B, 0, 0 }, { POS_B, 0, 0, POS_H, 0, 0 },
      { POS_H, 0, 0, POS_J, 0, 0 }, { POS_H, 0, 0, POS_B, 0, 1 } },
    /* mx = 2: b, f, j, q */
    { { POS_B, 0, 0, -1, 0, 0 }, { POS_B, 0, 0, POS_J, 0, 0 },
      { POS_J, 0, 0, -1, 0, 0 }, { POS_J, 0, 0, POS_B, 0, 1 } },
    /* mx = 3: c, g, k, r */
    { { POS_G, 1, 0, POS_B, 0, 0 }, { POS_B, 0, 0, POS_H, 1, 0 },
      { POS_J, 0, 0, POS_H, 1, 0 }, { POS_H, 1, 0, POS_B, 0, 1 } },
};

static void put_luma(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                     int w, int h, int mx, int my)
{
    const int8_t *p = luma_pos[mx & 3][my & 3];
    if (p[3] < 0) {
        if (p[0] == POS_G) {
            copy_block(dst, ds, src, ss, w, h);
            return;
        }
        uint8_t a[16 * 16];
        compute_pos(a, p[0], src + p[1] + p[2] * ss, ss, w, h);
        copy_block(dst, ds, a, 16, w, h);
        return;
    }
    uint8_t a[16 * 16], b[16 * 16];
    compute_pos(a, p[0], src + p[1] + p[2] * ss, ss, w, h);
    compute_pos(b, p[3], src + p[4] + p[5] * ss, ss, w, h);
    avg_into(dst, ds, a, b, w, h);
}

static void put_luma16_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h, int mx, int my)
{
    put_luma(d, ds, s, ss, 16, h, mx, my);
}

static void put_luma8_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h, int mx, int my)
{
    put_luma(d, ds, s, ss, 8, h, mx, my);
}

static void put_luma4_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h, int mx, int my)
{
    put_luma(d, ds, s, ss, 4, h, mx, my);
}

/* 8.4.2.2.2 eq. 8-266: bilinear with weights in eighths. */
static void put_chroma(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                       int w, int h, int mx, int my)
{
    const int wa = (8 - mx) * (8 - my), wb = mx * (8 - my), wc = (8 - mx) * my, wd = mx * my;
    for (int y = 0; y < h; y++, dst += ds, src += ss) {
        if (!mx && !my) {
            memcpy(dst, src, (size_t)w);
            continue;
        }
        const uint8_t *n = my ? src + ss : src; /* row below only read when used */
        for (int x = 0; x < w; x++) {
            int b = mx ? src[x + 1] : 0, d = (mx && my) ? n[x + 1] : 0;
            dst[x] = (uint8_t)((wa * src[x] + wb * b + wc * n[x] + wd * d + 32) >> 6);
        }
    }
}

static void put_chroma8_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h, int mx, int my)
{
    put_chroma(d, ds, s, ss, 8, h, mx, my);
}

static void put_chroma4_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h, int mx, int my)
{
    put_chroma(d, ds, s, ss, 4, h, mx, my);
}

static void put_chroma2_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h, int mx, int my)
{
    put_chroma(d, ds, s, ss, 2, h, mx, my);
}

static void avg(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    for (int y = 0; y < h; y++, dst += ds, src += ss)
        for (int x = 0; x < w; x++)
            dst[x] = (uint8_t)((dst[x] + src[x] + 1) >> 1);
}

static void avg16_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h) { avg(d, ds, s, ss, 16, h); }
static void avg8_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h) { avg(d, ds, s, ss, 8, h); }
static void avg4_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h) { avg(d, ds, s, ss, 4, h); }
static void avg2_c(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss, int h) { avg(d, ds, s, ss, 2, h); }

static inline uint8_t clip_u8(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

static void weight(uint8_t *dst, ptrdiff_t stride, int w, int h, int logwd, int wt, int off)
{
    const int round = logwd >= 1 ? 1 << (logwd - 1) : 0;
    for (int y = 0; y < h; y++, dst += stride)
        for (int x = 0; x < w; x++)
            dst[x] = clip_u8(((dst[x] * wt + round) >> logwd) + off);
}

static void biweight(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int w, int h, int logwd,
                     int w0, int w1, int off)
{
    for (int y = 0; y < h; y++, dst += ds, src += ss)
        for (int x = 0; x < w; x++)
            dst[x] = clip_u8(((dst[x] * w0 + src[x] * w1 + (1 << logwd)) >> (logwd + 1)) + off);
}

static void weight16_c(uint8_t *d, ptrdiff_t s, int h, int l, int w, int o) { weight(d, s, 16, h, l, w, o); }
static void biweight16_c(uint8_t *d, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h, int l, int w0, int w1,
                          int o)
{
    biweight(d, ds, src, ss, 16, h, l, w0, w1, o);
}
static void weight8_c(uint8_t *d, ptrdiff_t s, int h, int l, int w, int o) { weight(d, s, 8, h, l, w, o); }
static void biweight8_c(uint8_t *d, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h, int l, int w0, int w1,
                          int o)
{
    biweight(d, ds, src, ss, 8, h, l, w0, w1, o);
}
static void weight4_c(uint8_t *d, ptrdiff_t s, int h, int l, int w, int o) { weight(d, s, 4, h, l, w, o); }
static void biweight4_c(uint8_t *d, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h, int l, int w0, int w1,
                          int o)
{
    biweight(d, ds, src, ss, 4, h, l, w0, w1, o);
}
static void weight2_c(uint8_t *d, ptrdiff_t s, int h, int l, int w, int o) { weight(d, s, 2, h, l, w, o); }
static void biweight2_c(uint8_t *d, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h, int l, int w0, int w1,
                          int o)
{
    biweight(d, ds, src, ss, 2, h, l, w0, w1, o);
}

void rth264_mc_init(Rth264McDsp *dsp, unsigned cpu_flags)
{
    dsp->weight[RTH264_MC_W16] = weight16_c;
    dsp->weight[RTH264_MC_W8] = weight8_c;
    dsp->weight[RTH264_MC_W4] = weight4_c;
    dsp->weight[RTH264_MC_W2] = weight2_c;
    dsp->biweight[RTH264_MC_W16] = biweight16_c;
    dsp->biweight[RTH264_MC_W8] = biweight8_c;
    dsp->biweight[RTH264_MC_W4] = biweight4_c;
    dsp->biweight[RTH264_MC_W2] = biweight2_c;
    dsp->put_luma[RTH264_MC_W16] = put_luma16_c;
    dsp->put_luma[RTH264_MC_W8] = put_luma8_c;
    dsp->put_luma[RTH264_MC_W4] = put_luma4_c;
    dsp->put_chroma[0] = put_chroma8_c;
    dsp->put_chroma[1] = put_chroma4_c;
    dsp->put_chroma[2] = put_chroma2_c;
    dsp->avg[RTH264_MC_W16] = avg16_c;
    dsp->avg[RTH264_MC_W8] = avg8_c;
    dsp->avg[RTH264_MC_W4] = avg4_c;
    dsp->avg[RTH264_MC_W2] = avg2_c;
    /* Upgrade to the per-ISA versions the CPU supports. */
    (void)cpu_flags;
#if HAVE_ASM_X86
    rth264_mc_init_x86(dsp, cpu_flags);
#endif
#if HAVE_ASM_AARCH64
    rth264_mc_init_aarch64(dsp, cpu_flags);
#endif
}
