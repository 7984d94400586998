/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/quant.h"

/* 8.5.6 Table 8-13, frame zig-zag: scan index -> raster index 4*v + u. */
static const uint8_t zigzag4x4[16] = { 0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15 };

static void fdct4x4_c(int16_t coef[16], const uint8_t *src, ptrdiff_t src_stride,
                      const uint8_t *pred, ptrdiff_t pred_stride)
{
    int t[16];
    for (int y = 0; y < 4; y++) {   /* horizontal pass on each row */
        int d0 = src[0] - pred[0], d1 = src[1] - pred[1];
        int d2 = src[2] - pred[2], d3 = src[3] - pred[3];
        int s03 = d0 + d3, m03 = d0 - d3, s12 = d1 + d2, m12 = d1 - d2;
        t[4 * y + 0] = s03 + s12;
        t[4 * y + 1] = 2 * m03 + m12;
        t[4 * y + 2] = s03 - s12;
        t[4 * y + 3] = m03 - 2 * m12;
        src += src_stride;
        pred += pred_stride;
    }
    for (int x = 0; x < 4; x++) {   /* vertical pass on each column */
        int s03 = t[x] + t[12 + x], m03 = t[x] - t[12 + x];
        int s12 = t[4 + x] + t[8 + x], m12 = t[4 + x] - t[8 + x];
        coef[x] = (int16_t)(s03 + s12);
        coef[4 + x] = (int16_t)(2 * m03 + m12);
        coef[8 + x] = (int16_t)(s03 - s12);
        coef[12 + x] = (int16_t)(m03 - 2 * m12);
    }
}

static void fdct4x4_x4_c(int16_t coef[4][16], const uint8_t *src, ptrdiff_t src_stride,
                         const uint8_t *pred, ptrdiff_t pred_stride)
{
    for (int b = 0; b < 4; b++) {
        const ptrdiff_t x = 4 * (b & 1), y = 4 * (b >> 1);
        fdct4x4_c(coef[b], src + y * src_stride + x, src_stride, pred + y * pred_stride + x,
                  pred_stride);
    }
}

static void fdct_dc4x4_c(int16_t dc[16])
{
    int t[16];
    for (int y = 0; y < 4; y++) {
        int a = dc[4 * y], b = dc[4 * y + 1], c = dc[4 * y + 2], d = dc[4 * y + 3];
        t[4 * y + 0] = a + b + c + d;
        t[4 * y + 1] = a + b - c - d;
        t[4 * y + 2] = a - b - c + d;
        t[4 * y + 3] = a - b + c - d;
    }
    for (int x = 0; x < 4; x++) {
        int a = t[x], b = t[4 + x], c = t[8 + x], d = t[12 + x];
        dc[x] = (int16_t)((a + b + c + d + 1) >> 1);
        dc[4 + x] = (int16_t)((a + b - c - d + 1) >> 1);
        dc[8 + x] = (int16_t)((a - b - c + d + 1) >> 1);
        dc[12 + x] = (int16_t)((a - b + c - d + 1) >> 1);
    }
}

static void fdct_dc2x2_c(int16_t dc[4])
{
    int a = dc[0], b = dc[1], c = dc[2], d = dc[3];
    dc[0] = (int16_t)(a + b + c + d);
    dc[1] = (int16_t)(a - b + c - d);
    dc[2] = (int16_t)(a + b - c - d);
    dc[3] = (int16_t)(a - b - c + d);
}

static inline int16_t quant_one(int c, unsigned mf, uint32_t bias, int qbits)
{
    uint32_t level = ((uint32_t)abs(c) * mf + bias) >> qbits;
    return (int16_t)(c < 0 ? -(int)level : (int)level);
}

static int quant4x4_c(int16_t coef[16], const uint16_t mf[16], const uint32_t bias[16], int qbits)
{
    int nonzero = 0;
    for (int i = 0; i < 16; i++) {
        coef[i] = quant_one(coef[i], mf[i], bias[i], qbits);
        nonzero |= coef[i];
    }
    return nonzero != 0;
}

static unsigned quant4x4_x4_c(int16_t coef[4][16], const uint16_t mf[16], const uint32_t bias[16],
                              int qbits)
{
    unsigned mask = 0;
    for (int b = 0; b < 4; b++)
        mask |= (unsigned)quant4x4_c(coef[b], mf, bias, qbits) << b;
    return mask;
}

static unsigned fdct_quant4x4_x16_c(int16_t coef[16][16], const uint8_t *src, ptrdiff_t src_stride,
                                    const uint8_t *pred, ptrdiff_t pred_stride,
                                    const uint16_t mf[16], const uint32_t bias[16], int qbits)
{
    unsigned mask = 0;
    for (int i = 0; i < 4; i++) {
        const ptrdiff_t x = 8 * (i & 1), y = 8 * (i >> 1);
        int16_t(*blocks)[16] = &coef[4 * i];
        fdct4x4_x4_c(blocks, src + y * src_stride + x, src_stride, pred + y * pred_stride + x,
                     pred_stride);
        mask |= quant4x4_x4_c(blocks, mf, bias, qbits) << (4 * i);
    }
    return mask;
}

static unsigned fdct_quant_ac4x4_x4_c(int16_t coef[4][16], int16_t dc[4], const uint8_t *src,
                                      ptrdiff_t src_stride, const uint8_t *pred,
                                      ptrdiff_t pred_stride, const uint16_t mf[16],
                                      const uint32_t bias[16], int qbits)
{
    fdct4x4_x4_c(coef, src, src_stride, pred, pred_stride);
    for (int b = 0; b < 4; b++) {
        dc[b] = coef[b][0];
        coef[b][0] = 0;
    }
    return quant4x4_x4_c(coef, mf, bias, qbits);
}

static int quant_dc_c(int16_t *coef, int n, int mf, uint32_t bias, int qbits)
{
    int nonzero = 0;
    for (int i = 0; i < n; i++) {
        coef[i] = quant_one(coef[i], (unsigned)mf, bias, qbits);
        nonzero |= coef[i];
    }
    return nonzero != 0;
}

static void dequant4x4_c(int16_t coef[16], const uint16_t scale[16])
{
    for (int i = 0; i < 16; i++)
        coef[i] = (int16_t)(coef[i] * scale[i]);
}

static inline uint8_t clip_pixel(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* 8.5.12.2: one 1-D pass of the inverse core transform. */
static inline void idct4_1d(int o[4], int d0, int d1, int d2, int d3)
{
    const int e0 = d0 + d2, e1 = d0 - d2;
    const int e2 = (d1 >> 1) - d3, e3 = d1 + (d3 >> 1);
    o[0] = e0 + e3;
    o[1] = e1 + e2;
    o[2] = e1 - e2;
    o[3] = e0 - e3;
}

/* 8.5.12.2 (rows, then columns) and 8.5.14 (add and clip). */
static void idct4x4_add(uint8_t *dst, ptrdiff_t stride, const int16_t c[16])
{
    int t[4][4], r[4];
    for (int i = 0; i < 4; i++)
        idct4_1d(t[i], c[4 * i], c[4 * i + 1], c[4 * i + 2], c[4 * i + 3]);
    for (int j = 0; j < 4; j++) {
        idct4_1d(r, t[0][j], t[1][j], t[2][j], t[3][j]);
        for (int i = 0; i < 4; i++)
            dst[i * stride + j] = clip_pixel(dst[i * stride + j] + ((r[i] + 32) >> 6));
    }
}

static void dequant_add4x4_x4_c(uint8_t *dst, ptrdiff_t stride, int16_t coef[4][16],
                                const uint16_t scale[16], unsigned mask)
{
    for (int b = 0; b < 4; b++) {
        if (mask >> b & 1) {
            if (scale)
                dequant4x4_c(coef[b], scale);
            idct4x4_add(dst + 4 * (b >> 1) * stride + 4 * (b & 1), stride, coef[b]);
        }
        memset(coef[b], 0, sizeof(coef[b]));
    }
}

static void scan4x4_c(int16_t level[16], const int16_t coef[16])
{
    for (int k = 0; k < 16; k++)
        level[k] = coef[zigzag4x4[k]];
}

static int scan_decimate4x4_c(int16_t level[16], const int16_t coef[16])
{
    static const uint8_t run_weight[16] = { 3, 2, 2, 1, 1, 1 };
    scan4x4_c(level, coef);
    int score = 0, i = 15;
    while (i >= 0 && !level[i])
        i--;
    while (i >= 0) {
        if (abs(level[i]) > 1)
            return 9;
        int run = 0;
        for (i--; i >= 0 && !level[i]; i--)
            run++;
        score += run_weight[run];
    }
    return score;
}

/* ---- intra 4x4 mode costs ---- */

/* The neighbour p[x, y] of 8.3.1.2 (x = -1 or y = -1) from the edge line. */
static inline int edge_p(const uint8_t edge[16], int x, int y)
{
    return y < 0 ? edge[5 + x] : edge[3 - y];
}

static inline int avg2(int a, int b)
{
    return (a + b + 1) >> 1;
}

static inline int filt3(int a, int b, int c)
{
    return (a + 2 * b + c + 2) >> 2;
}

/* 8.3.1.2.3 */
static int intra4x4_dc(const uint8_t edge[16], unsigned avail)
{
    int left = 0, top = 0;
    for (int i = 0; i < 4; i++) {
        left += edge_p(edge, -1, i);
        top += edge_p(edge, i, -1);
    }
    switch (avail & 3) {
    case 3: return (left + top + 4) >> 3;
    case 1: return (left + 2) >> 2;
    case 2: return (top + 2) >> 2;
    default: return 128;
    }
}

/* 8.3.1.2.6 - 8.3.1.2.9: the four modes with zig-zagging z rules. */
static int intra4x4_pred_vr_hd(const uint8_t *e, int mode, int x, int y)
{
#define P(px, py) edge_p(e, px, py)
    if (mode == 5) { /* Vertical_Right */
        const int z = 2 * x - y, k = x - (y >> 1);
        if (z >= 0)
            return z & 1 ? filt3(P(k - 2, -1), P(k - 1, -1), P(k, -1)) : avg2(P(k - 1, -1), P(k, -1));
        if (z == -1)
            return filt3(P(-1, 0), P(-1, -1), P(0, -1));
        return filt3(P(-1, y - 1), P(-1, y - 2), P(-1, y - 3));
    }
    const int z = 2 * y - x, k = y - (x >> 1); /* Horizontal_Down */
    if (z >= 0)
        return z & 1 ? filt3(P(-1, k - 2), P(-1, k - 1), P(-1, k)) : avg2(P(-1, k - 1), P(-1, k));
    if (z == -1)
        return filt3(P(-1, 0), P(-1, -1), P(0, -1));
    return filt3(P(x - 1, -1), P(x - 2, -1), P(x - 3, -1));
#undef P
}

static int intra4x4_pred(const uint8_t *e, int mode, int x, int y, int dc)
{
#define P(px, py) edge_p(e, px, py)
    switch (mode) {
    case 0: return P(x, -1);
    case 1: return P(-1, y);
    case 2: return dc;
    case 3: /* Diagonal_Down_Left */
        if (x == 3 && y == 3)
            return (P(6, -1) + 3 * P(7, -1) + 2) >> 2;
        return filt3(P(x + y, -1), P(x + y + 1, -1), P(x + y + 2, -1));
    case 4: /* Diagonal_Down_Right */
        if (x > y)
            return filt3(P(x - y - 2, -1), P(x - y - 1, -1), P(x - y, -1));
        if (x < y)
            return filt3(P(-1, y - x - 2), P(-1, y - x - 1), P(-1, y - x));
        return filt3(P(0, -1), P(-1, -1), P(-1, 0));
    case 7: { /* Vertical_Left */
        const int k = x + (y >> 1);
        return y & 1 ? filt3(P(k, -1), P(k + 1, -1), P(k + 2, -1)) : avg2(P(k, -1), P(k + 1, -1));
    }
    case 8: { /* Horizontal_Up */
        const int z = x + 2 * y, k = y + (x >> 1);
        if (z > 5)
            return P(-1, 3);
        if (z == 5)
            return (P(-1, 2) + 3 * P(-1, 3) + 2) >> 2;
        return z & 1 ? filt3(P(-1, k), P(-1, k + 1), P(-1, k + 2)) : avg2(P(-1, k), P(-1, k + 1));
    }
    default: return intra4x4_pred_vr_hd(e, mode, x, y);
    }
#undef P
}

static int satd4x4_diff(const int d[16])
{
    int t[16], sum = 0;
    for (int y = 0; y < 4; y++) {
        const int s01 = d[4 * y] + d[4 * y + 1], m01 = d[4 * y] - d[4 * y + 1];
        const int s23 = d[4 * y + 2] + d[4 * y + 3], m23 = d[4 * y + 2] - d[4 * y + 3];
        t[4 * y] = s01 + s23;
        t[4 * y + 1] = s01 - s23;
        t[4 * y + 2] = m01 - m23;
        t[4 * y + 3] = m01 + m23;
    }
    for (int x = 0; x < 4; x++) {
        const int s01 = t[x] + t[4 + x], m01 = t[x] - t[4 + x];
        const int s23 = t[8 + x] + t[12 + x], m23 = t[8 + x] - t[12 + x];
        sum += abs(s01 + s23) + abs(s01 - s23) + abs(m01 - m23) + abs(m01 + m23);
    }
    return sum >> 1;
}

static void intra4x4_satd_x9_c(int satd[9], const uint8_t *src, ptrdiff_t src_stride,
                               const uint8_t edge[16], unsigned avail)
{
    const int dc = intra4x4_dc(edge, avail);
    for (int mode = 0; mode < 9; mode++) {
        int d[16];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
                d[4 * y + x] = src[y * src_stride + x] - intra4x4_pred(edge, mode, x, y, dc);
        satd[mode] = satd4x4_diff(d);
    }
}

static inline int coeff_last_n(const int16_t *level, int n)
{
    int i = n - 1;
    while (i >= 0 && !level[i])
        i--;
    return i;
}

static int coeff_last4_c(const int16_t *level)
{
    return coeff_last_n(level, 4);
}

static int coeff_last15_c(const int16_t *level)
{
    return coeff_last_n(level, 15);
}

static int coeff_last16_c(const int16_t *level)
{
    return coeff_last_n(level, 16);
}

static int coeff_count16_c(const int16_t *level)
{
    int n = 0;
    for (int i = 0; i < 16; i++)
        n += level[i] != 0;
    return n;
}

static unsigned coeff_mask16_c(const int16_t *level)
{
    unsigned mask = 0, n = 0;
    for (int i = 0; i < 16; i++) {
        mask |= (unsigned)(level[i] != 0) << i;
        n += level[i] != 0;
    }
    return mask | n << 16;
}

static int sad_dc4x4_x4_c(int16_t dc[4], const uint8_t *src, ptrdiff_t src_stride,
                          const uint8_t *pred, ptrdiff_t pred_stride)
{
    int max_bound = 0;
    for (int b = 0; b < 4; b++) {
        const uint8_t *s = src + 4 * (b >> 1) * src_stride + 4 * (b & 1);
        const uint8_t *p = pred + 4 * (b >> 1) * pred_stride + 4 * (b & 1);
        int sad = 0, sum_s = 0, sum_p = 0;
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++) {
                sad += abs(s[y * src_stride + x] - p[y * pred_stride + x]);
                sum_s += s[y * src_stride + x];
                sum_p += p[y * pred_stride + x];
            }
        dc[b] = (int16_t)(sum_s - sum_p);
        const int m = (sum_s >> 4) - (sum_p >> 4);
        int centred = 0;
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
                centred += abs(s[y * src_stride + x] - p[y * pred_stride + x] - m);
        const int bound = centred < sad ? centred : sad;
        if (bound > max_bound)
            max_bound = bound;
    }
    return max_bound;
}

static unsigned sad_dc4x4_x8_c(int16_t out[10], const uint8_t *src0, const uint8_t *src1,
                               ptrdiff_t src_stride, const uint8_t *pred0, const uint8_t *pred1,
                               ptrdiff_t pred_stride)
{
    unsigned bound = 0, dc_sum = 0;
    for (int c = 0; c < 2; c++) {
        const int b = sad_dc4x4_x4_c(out + 4 * c, c ? src1 : src0, src_stride, c ? pred1 : pred0,
                                     pred_stride);
        out[8 + c] = (int16_t)b;
        const unsigned s = (unsigned)(abs(out[4 * c]) + abs(out[4 * c + 1]) +
                                      abs(out[4 * c + 2]) + abs(out[4 * c + 3]));
        bound = (unsigned)b > bound ? (unsigned)b : bound;
        dc_sum = s > dc_sum ? s : dc_sum;
    }
    return bound | dc_sum << 16;
}

void rth264_quant_init(Rth264QuantDsp *dsp, unsigned cpu_flags)
{
    dsp->fdct4x4 = fdct4x4_c;
    dsp->fdct_dc4x4 = fdct_dc4x4_c;
    dsp->fdct_dc2x2 = fdct_dc2x2_c;
    dsp->quant4x4 = quant4x4_c;
    dsp->quant_dc = quant_dc_c;
    dsp->dequant4x4 = dequant4x4_c;
    dsp->scan4x4 = scan4x4_c;
    dsp->coeff_last[RTH264_COEFF_LAST4] = coeff_last4_c;
    dsp->coeff_last[RTH264_COEFF_LAST15] = coeff_last15_c;
    dsp->coeff_last[RTH264_COEFF_LAST16] = coeff_last16_c;
    dsp->coeff_count16 = coeff_count16_c;
    dsp->coeff_mask16 = coeff_mask16_c;
    dsp->fdct4x4_x4 = fdct4x4_x4_c;
    dsp->quant4x4_x4 = quant4x4_x4_c;
    dsp->dequant_add4x4_x4 = dequant_add4x4_x4_c;
    dsp->fdct_quant4x4_x16 = fdct_quant4x4_x16_c;
    dsp->scan_decimate4x4 = scan_decimate4x4_c;
    dsp->intra4x4_satd_x9 = intra4x4_satd_x9_c;
    dsp->sad_dc4x4_x4 = sad_dc4x4_x4_c;
    dsp->sad_dc4x4_x8 = sad_dc4x4_x8_c;
    dsp->fdct_quant_ac4x4_x4 = fdct_quant_ac4x4_x4_c;
    /* The SIMD helpers add rth264_quant_init_x86 / _aarch64 calls here. */
#if HAVE_ASM_X86
    rth264_quant_init_x86(dsp, cpu_flags);
#endif
#if HAVE_ASM_AARCH64
    rth264_quant_init_aarch64(dsp, cpu_flags);
#endif
}
