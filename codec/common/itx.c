/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <string.h>

#include "common/itx.h"

static inline uint8_t clip_pixel(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* 8.5.12.2: one 1-D pass of the inverse core transform on 4 values. */
static inline void idct4_1d(int *o0, int *o1, int *o2, int *o3, int d0, int d1, int d2, int d3)
{
    const int e0 = d0 + d2, e1 = d0 - d2;
    const int e2 = (d1 >> 1) - d3, e3 = d1 + (d3 >> 1);
    *o0 = e0 + e3;
    *o1 = e1 + e2;
    *o2 = e1 - e2;
    *o3 = e0 - e3;
}

static void add4x4_c(uint8_t *dst, ptrdiff_t stride, int16_t *c)
{
    int t[16];
    for (int i = 0; i < 4; i++) /* rows */
        idct4_1d(&t[4 * i], &t[4 * i + 1], &t[4 * i + 2], &t[4 * i + 3],
                 c[4 * i], c[4 * i + 1], c[4 * i + 2], c[4 * i + 3]);
    for (int j = 0; j < 4; j++) { /* columns */
        int r[4];
        idct4_1d(&r[0], &r[1], &r[2], &r[3], t[j], t[4 + j], t[8 + j], t[12 + j]);
        for (int i = 0; i < 4; i++)
            dst[i * stride + j] = clip_pixel(dst[i * stride + j] + ((r[i] + 32) >> 6));
    }
    memset(c, 0, 16 * sizeof(*c));
}

static void add4x4_dc_c(uint8_t *dst, ptrdiff_t stride, int16_t *c)
{
    const int dc = (c[0] + 32) >> 6;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            dst[i * stride + j] = clip_pixel(dst[i * stride + j] + dc);
    c[0] = 0;
}

static void add4x4_dc_x4_c(uint8_t *dst, ptrdiff_t stride, int16_t *c)
{
    for (int k = 0; k < 4; k++)
        add4x4_dc_c(dst + 4 * (k >> 1) * stride + 4 * (k & 1), stride, c + 16 * k);
}

/* 8.5.10: inverse 4x4 Hadamard of the Intra16x16 DC levels and scaling. */
static void luma_dc_dequant_c(int16_t *out, const int16_t *in, int qp, int dc_scale)
{
    int t[16], f[16];
    for (int i = 0; i < 4; i++) {
        int a = in[4 * i], b = in[4 * i + 1], c = in[4 * i + 2], d = in[4 * i + 3];
        t[4 * i + 0] = a + b + c + d;
        t[4 * i + 1] = a + b - c - d;
        t[4 * i + 2] = a - b - c + d;
        t[4 * i + 3] = a - b + c - d;
    }
    for (int j = 0; j < 4; j++) {
        int a = t[j], b = t[4 + j], c = t[8 + j], d = t[12 + j];
        f[j] = a + b + c + d;
        f[4 + j] = a + b - c - d;
        f[8 + j] = a - b - c + d;
        f[12 + j] = a - b + c - d;
    }
    for (int k = 0; k < 16; k++) {
        int v;
        if (qp >= 36)
            v = (f[k] * dc_scale) * (1 << (qp / 6 - 6));
        else
            v = (f[k] * dc_scale + (1 << (5 - qp / 6))) >> (6 - qp / 6);
        out[16 * k] = (int16_t)v;
    }
}

/* 8.5.11: 2x2 chroma DC transform and scaling (4:2:0). */
static void chroma_dc_dequant_c(int16_t *out, const int16_t *in, int qp, int dc_scale)
{
    const int a = in[0], b = in[1], c = in[2], d = in[3];
    const int f[4] = { a + b + c + d, a - b + c - d, a + b - c - d, a - b - c + d };
    for (int k = 0; k < 4; k++)
        out[16 * k] = (int16_t)(((f[k] * dc_scale) * (1 << (qp / 6))) >> 5);
}

/* 8.5.13.2: one 1-D pass of the 8x8 inverse transform. */
static void idct8_1d(int *o, const int *d, int step)
{
    const int a0 = d[0] + d[4 * step], a4 = d[0] - d[4 * step];
    const int a2 = (d[2 * step] >> 1) - d[6 * step], a6 = d[2 * step] + (d[6 * step] >> 1);
    const int b0 = a0 + a6, b2 = a4 + a2, b4 = a4 - a2, b6 = a0 - a6;
    const int d1 = d[step], d3 = d[3 * step], d5 = d[5 * step], d7 = d[7 * step];
    const int a1 = -d3 + d5 - d7 - (d7 >> 1), a3 = d1 + d7 - d3 - (d3 >> 1);
    const int a5 = -d1 + d7 + d5 + (d5 >> 1), a7 = d3 + d5 + d1 + (d1 >> 1);
    const int b1 = a1 + (a7 >> 2), b7 = a7 - (a1 >> 2), b3 = a3 + (a5 >> 2), b5 = (a3 >> 2) - a5;
    o[0] = b0 + b7;
    o[step] = b2 + b5;
    o[2 * step] = b4 + b3;
    o[3 * step] = b6 + b1;
    o[4 * step] = b6 - b1;
    o[5 * step] = b4 - b3;
    o[6 * step] = b2 - b5;
    o[7 * step] = b0 - b7;
}

static void add8x8_c(uint8_t *dst, ptrdiff_t stride, int16_t *c)
{
    int in[64], t[64], r[64];
    for (int i = 0; i < 64; i++)
        in[i] = c[i];
    for (int i = 0; i < 8; i++) /* rows */
        idct8_1d(t + 8 * i, in + 8 * i, 1);
    for (int j = 0; j < 8; j++) /* columns */
        idct8_1d(r + j, t + j, 8);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            dst[i * stride + j] = clip_pixel(dst[i * stride + j] + ((r[8 * i + j] + 32) >> 6));
    memset(c, 0, 64 * sizeof(*c));
}

void rth264_itx_init(Rth264ItxDsp *dsp, unsigned cpu_flags)
{
    dsp->add8x8 = add8x8_c;
    dsp->add4x4 = add4x4_c;
    dsp->add4x4_dc = add4x4_dc_c;
    dsp->add4x4_dc_x4 = add4x4_dc_x4_c;
    dsp->luma_dc_dequant = luma_dc_dequant_c;
    dsp->chroma_dc_dequant = chroma_dc_dequant_c;
    /* Upgrade to the per-ISA versions the CPU supports. */
    (void)cpu_flags;
#if HAVE_ASM_X86
    rth264_itx_init_x86(dsp, cpu_flags);
#endif
#if HAVE_ASM_AARCH64
    rth264_itx_init_aarch64(dsp, cpu_flags);
#endif
}
