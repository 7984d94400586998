/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <string.h>

#include "common/ipred.h"

static inline uint8_t clip_pixel(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

static void fill_block(uint8_t *dst, ptrdiff_t stride, int size, int value)
{
    for (int y = 0; y < size; y++)
        memset(dst + y * stride, value, (size_t)size);
}

static int sum_top(const uint8_t *dst, ptrdiff_t stride, int n)
{
    int s = 0;
    for (int x = 0; x < n; x++)
        s += dst[x - stride];
    return s;
}

static int sum_left(const uint8_t *dst, ptrdiff_t stride, int n)
{
    int s = 0;
    for (int y = 0; y < n; y++)
        s += dst[y * stride - 1];
    return s;
}

/* ---- 4x4 (8.3.1.2) ---- */

/* Edge array e[]: e[0..3] = left rows 3..0, e[4] = top-left, e[5..12] = top
 * row 0..7 (4..7 from topright). So p[-1,y] = e[3 - y], p[x,-1] = e[5 + x]. */
static void load_edge4(uint8_t e[13], const uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    for (int y = 0; y < 4; y++)
        e[3 - y] = dst[y * stride - 1];
    e[4] = dst[-stride - 1];
    for (int x = 0; x < 4; x++) {
        e[5 + x] = dst[x - stride];
        e[9 + x] = tr[x];
    }
}

static void pred4_v(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    for (int y = 0; y < 4; y++)
        memcpy(dst + y * stride, dst - stride, 4);
}

static void pred4_h(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    for (int y = 0; y < 4; y++)
        memset(dst + y * stride, dst[y * stride - 1], 4);
}

static void pred4_dc(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    fill_block(dst, stride, 4, (sum_top(dst, stride, 4) + sum_left(dst, stride, 4) + 4) >> 3);
}

static void pred4_dc_left(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    fill_block(dst, stride, 4, (sum_left(dst, stride, 4) + 2) >> 2);
}

static void pred4_dc_top(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    fill_block(dst, stride, 4, (sum_top(dst, stride, 4) + 2) >> 2);
}

static void pred4_dc_128(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    fill_block(dst, stride, 4, 128);
}

static inline int filt3(int a, int b, int c)
{
    return (a + 2 * b + c + 2) >> 2;
}

static void pred4_ddl(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    uint8_t e[13];
    load_edge4(e, dst, stride, tr);
    const uint8_t *t = e + 5;
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++)
            dst[y * stride + x] = (uint8_t)(x == 3 && y == 3 ? (t[6] + 3 * t[7] + 2) >> 2
                                            : filt3(t[x + y], t[x + y + 1], t[x + y + 2]));
}

static void pred4_ddr(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    uint8_t e[13];
    load_edge4(e, dst, stride, tr);
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            int k = 4 + x - y;
            dst[y * stride + x] = (uint8_t)filt3(e[k - 1], e[k], e[k + 1]);
        }
}

static void pred4_vr(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    uint8_t e[13];
    load_edge4(e, dst, stride, tr);
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            int z = 2 * x - y, v, k = 5 + x - (y >> 1); /* e[k] = p[x-(y>>1),-1] */
            if (z >= 0 && !(z & 1))
                v = (e[k - 1] + e[k] + 1) >> 1;
            else if (z >= 0)
                v = filt3(e[k - 2], e[k - 1], e[k]);
            else if (z == -1)
                v = filt3(e[3], e[4], e[5]);
            else
                v = filt3(e[3 - (y - 1)], e[3 - (y - 2)], e[3 - (y - 3)]);
            dst[y * stride + x] = (uint8_t)v;
        }
}

static void pred4_hd(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    uint8_t e[13];
    load_edge4(e, dst, stride, tr);
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            int z = 2 * y - x, v, k = 3 - (y - (x >> 1)); /* e[k] = p[-1,y-(x>>1)] */
            if (z >= 0 && !(z & 1))
                v = (e[k + 1] + e[k] + 1) >> 1;
            else if (z >= 0)
                v = filt3(e[k + 2], e[k + 1], e[k]);
            else if (z == -1)
                v = filt3(e[3], e[4], e[5]);
            else
                v = filt3(e[5 + x - 1], e[5 + x - 2], e[5 + x - 3]);
            dst[y * stride + x] = (uint8_t)v;
        }
}

static void pred4_vl(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    uint8_t e[13];
    load_edge4(e, dst, stride, tr);
    const uint8_t *t = e + 5;
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            int i = x + (y >> 1);
            dst[y * stride + x] = (uint8_t)(y & 1 ? filt3(t[i], t[i + 1], t[i + 2])
                                                  : (t[i] + t[i + 1] + 1) >> 1);
        }
}

static void pred4_hu(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    int l[4];
    for (int y = 0; y < 4; y++)
        l[y] = dst[y * stride - 1];
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            int z = x + 2 * y, i = y + (x >> 1), v;
            if (z > 5)
                v = l[3];
            else if (z == 5)
                v = (l[2] + 3 * l[3] + 2) >> 2;
            else if (z & 1)
                v = filt3(l[i], l[i + 1], l[i + 2]);
            else
                v = (l[i] + l[i + 1] + 1) >> 1;
            dst[y * stride + x] = (uint8_t)v;
        }
}

/* ---- 16x16 (8.3.3) ---- */

static void pred16_v(uint8_t *dst, ptrdiff_t stride)
{
    for (int y = 0; y < 16; y++)
        memcpy(dst + y * stride, dst - stride, 16);
}

static void pred16_h(uint8_t *dst, ptrdiff_t stride)
{
    for (int y = 0; y < 16; y++)
        memset(dst + y * stride, dst[y * stride - 1], 16);
}

static void pred16_dc(uint8_t *dst, ptrdiff_t stride)
{
    fill_block(dst, stride, 16, (sum_top(dst, stride, 16) + sum_left(dst, stride, 16) + 16) >> 5);
}

static void pred16_dc_left(uint8_t *dst, ptrdiff_t stride)
{
    fill_block(dst, stride, 16, (sum_left(dst, stride, 16) + 8) >> 4);
}

static void pred16_dc_top(uint8_t *dst, ptrdiff_t stride)
{
    fill_block(dst, stride, 16, (sum_top(dst, stride, 16) + 8) >> 4);
}

static void pred16_dc_128(uint8_t *dst, ptrdiff_t stride)
{
    fill_block(dst, stride, 16, 128);
}

/* H and V of 8.3.3.4 / 8.3.4.4 over the top row and left column, a, and
 * from them b, c and base = a + 16 - (n/2 - 1) (b + c): the rounding and
 * the centring folded into one constant. */
Rth264PlaneParams rth264_ipred_plane_params(const uint8_t *dst, ptrdiff_t stride, int n,
                                            int scale)
{
    const int half = n / 2;
    int h = 0, v = 0;
    for (int i = 0; i < half; i++) {
        h += (i + 1) * (dst[half + i - stride] - dst[half - 2 - i - stride]);
        v += (i + 1) * (dst[(half + i) * stride - 1] - dst[(half - 2 - i) * stride - 1]);
    }
    const int a = 16 * (dst[(n - 1) * stride - 1] + dst[n - 1 - stride]);
    Rth264PlaneParams p;
    p.b = (scale * h + 32) >> 6;
    p.c = (scale * v + 32) >> 6;
    p.base = a + 16 - (half - 1) * (p.b + p.c);
    return p;
}

/* Plane prediction for an n x n block (8.3.3.4, 8.3.4.4 with 4:2:0):
 * n = 16 (scale 5) or 8 (scale 34). */
static void pred_plane(uint8_t *dst, ptrdiff_t stride, int n, int scale)
{
    const Rth264PlaneParams p = rth264_ipred_plane_params(dst, stride, n, scale);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
            dst[y * stride + x] = clip_pixel((p.base + p.b * x + p.c * y) >> 5);
}

static void pred16_plane(uint8_t *dst, ptrdiff_t stride)
{
    pred_plane(dst, stride, 16, 5);
}

/* ---- chroma 8x8 (8.3.4) ---- */

static void predc_v(uint8_t *dst, ptrdiff_t stride)
{
    for (int y = 0; y < 8; y++)
        memcpy(dst + y * stride, dst - stride, 8);
}

static void predc_h(uint8_t *dst, ptrdiff_t stride)
{
    for (int y = 0; y < 8; y++)
        memset(dst + y * stride, dst[y * stride - 1], 8);
}

static void predc_plane(uint8_t *dst, ptrdiff_t stride)
{
    pred_plane(dst, stride, 8, 34);
}

/* 8.3.4.1-3: fill each 4x4 block with its own DC. `mode` 0: both neighbours,
 * 1: left only, 2: top only. */
static void predc_dc_blocks(uint8_t *dst, ptrdiff_t stride, int mode)
{
    for (int by = 0; by < 2; by++)
        for (int bx = 0; bx < 2; bx++) {
            uint8_t *blk = dst + 4 * by * stride + 4 * bx;
            int st = sum_top(dst + 4 * bx, stride, 4), sl = sum_left(dst + 4 * by * stride, stride, 4);
            int dc;
            if (mode == 1)
                dc = (sl + 2) >> 2;
            else if (mode == 2)
                dc = (st + 2) >> 2;
            else if (bx == by)
                dc = (st + sl + 4) >> 3;
            else if (bx)
                dc = (st + 2) >> 2;  /* top-right block prefers the top */
            else
                dc = (sl + 2) >> 2;  /* bottom-left block prefers the left */
            fill_block(blk, stride, 4, dc);
        }
}

static void predc_dc(uint8_t *dst, ptrdiff_t stride) { predc_dc_blocks(dst, stride, 0); }
static void predc_dc_left(uint8_t *dst, ptrdiff_t stride) { predc_dc_blocks(dst, stride, 1); }
static void predc_dc_top(uint8_t *dst, ptrdiff_t stride) { predc_dc_blocks(dst, stride, 2); }
static void predc_dc_128(uint8_t *dst, ptrdiff_t stride) { fill_block(dst, stride, 8, 128); }

/* ---- 8x8 luma (8.3.2.2) on filtered samples: T(x) = p'[x,-1] for x =
 * -1..15, L(y) = p'[-1,y] for y = -1..7 ---- */

#define T(x) edge[1 + (x)]
#define L(y) edge[-1 - (y)]

static void pred8_fill(uint8_t *dst, ptrdiff_t stride, int v)
{
    fill_block(dst, stride, 8, v);
}

static void pred8_v(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        memcpy(dst + y * stride, edge + 1, 8);
}

static void pred8_h(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        memset(dst + y * stride, L(y), 8);
}

static int sum8_top(const uint8_t *edge)
{
    int s = 0;
    for (int x = 0; x < 8; x++)
        s += T(x);
    return s;
}

static int sum8_left(const uint8_t *edge)
{
    int s = 0;
    for (int y = 0; y < 8; y++)
        s += L(y);
    return s;
}

static void pred8_dc(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_fill(dst, stride, (sum8_top(edge) + sum8_left(edge) + 8) >> 4);
}

static void pred8_dc_left(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_fill(dst, stride, (sum8_left(edge) + 4) >> 3);
}

static void pred8_dc_top(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_fill(dst, stride, (sum8_top(edge) + 4) >> 3);
}

static void pred8_dc_128(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_fill(dst, stride, 128);
}

static void pred8_ddl(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++)
            dst[y * stride + x] = (uint8_t)(x == 7 && y == 7 ? (T(14) + 3 * T(15) + 2) >> 2
                                            : filt3(T(x + y), T(x + y + 1), T(x + y + 2)));
}

static void pred8_ddr(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
            int v;
            if (x > y)
                v = filt3(T(x - y - 2), T(x - y - 1), T(x - y));
            else if (x < y)
                v = filt3(L(y - x - 2), L(y - x - 1), L(y - x));
            else
                v = filt3(T(0), T(-1), L(0));
            dst[y * stride + x] = (uint8_t)v;
        }
}

static void pred8_vr(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
            const int z = 2 * x - y, k = x - (y >> 1);
            int v;
            if (z >= 0 && !(z & 1))
                v = (T(k - 1) + T(k) + 1) >> 1;
            else if (z >= 0)
                v = filt3(T(k - 2), T(k - 1), T(k));
            else if (z == -1)
                v = filt3(L(0), L(-1), T(0));
            else
                v = filt3(L(y - 2 * x - 1), L(y - 2 * x - 2), L(y - 2 * x - 3));
            dst[y * stride + x] = (uint8_t)v;
        }
}

static void pred8_hd(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
            const int z = 2 * y - x, k = y - (x >> 1);
            int v;
            if (z >= 0 && !(z & 1))
                v = (L(k - 1) + L(k) + 1) >> 1;
            else if (z >= 0)
                v = filt3(L(k - 2), L(k - 1), L(k));
            else if (z == -1)
                v = filt3(L(0), L(-1), T(0));
            else
                v = filt3(T(x - 2 * y - 1), T(x - 2 * y - 2), T(x - 2 * y - 3));
            dst[y * stride + x] = (uint8_t)v;
        }
}

static void pred8_vl(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
            const int i = x + (y >> 1);
            dst[y * stride + x] = (uint8_t)(y & 1 ? filt3(T(i), T(i + 1), T(i + 2)) : (T(i) + T(i + 1) + 1) >> 1);
        }
}

static void pred8_hu(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
            const int z = x + 2 * y, i = y + (x >> 1);
            int v;
            if (z > 13)
                v = L(7);
            else if (z == 13)
                v = (L(6) + 3 * L(7) + 2) >> 2;
            else if (z & 1)
                v = filt3(L(i), L(i + 1), L(i + 2));
            else
                v = (L(i) + L(i + 1) + 1) >> 1;
            dst[y * stride + x] = (uint8_t)v;
        }
}

#undef T
#undef L

void rth264_ipred_init(Rth264IpredDsp *dsp, unsigned cpu_flags)
{
    static const Rth264Pred8x8Fn p8[RTH264_I4_NUM] = {
        pred8_v, pred8_h, pred8_dc, pred8_ddl, pred8_ddr, pred8_vr, pred8_hd, pred8_vl, pred8_hu,
        pred8_dc_left, pred8_dc_top, pred8_dc_128,
    };
    memcpy(dsp->pred8x8, p8, sizeof(p8));
    static const Rth264Pred4x4Fn p4[RTH264_I4_NUM] = {
        pred4_v, pred4_h, pred4_dc, pred4_ddl, pred4_ddr, pred4_vr, pred4_hd, pred4_vl, pred4_hu,
        pred4_dc_left, pred4_dc_top, pred4_dc_128,
    };
    static const Rth264PredFn p16[RTH264_I16_NUM] = {
        pred16_v, pred16_h, pred16_dc, pred16_plane, pred16_dc_left, pred16_dc_top, pred16_dc_128,
    };
    static const Rth264PredFn pc[RTH264_IC_NUM] = {
        predc_dc, predc_h, predc_v, predc_plane, predc_dc_left, predc_dc_top, predc_dc_128,
    };
    memcpy(dsp->pred4x4, p4, sizeof(p4));
    memcpy(dsp->pred16x16, p16, sizeof(p16));
    memcpy(dsp->pred_chroma8x8, pc, sizeof(pc));
    /* Upgrade to the per-ISA versions the CPU supports. */
    (void)cpu_flags;
#if HAVE_ASM_X86
    rth264_ipred_init_x86(dsp, cpu_flags);
#endif
#if HAVE_ASM_AARCH64
    rth264_ipred_init_aarch64(dsp, cpu_flags);
#endif
}
