/* SPDX-License-Identifier: BSD-2-Clause */
/* checkasm tests of common/quant.h: forward transforms, quantisation,
 * dequantisation, zig-zag scan and the CAVLC coefficient checks. Inputs
 * span the ranges of quant.h (and full int16 where the C reference is
 * defined for it); outputs are compared with padding around them. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ipred.h"
#include "common/pixel.h"
#include "common/quant.h"

#include "checkasm.h"

#define TRIALS 200

static int16_t rand_coef(int t)
{
    switch (t % 4) {
    case 0: return (int16_t)checkasm_rand_range(-4, 4);
    case 1: return (int16_t)checkasm_rand_range(-9180, 9180);
    case 2: return (checkasm_rand() & 1) ? 32767 : -32768;
    default: return (int16_t)checkasm_rand();
    }
}

static void check_fdct(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->fdct4x4, "fdct4x4"))
        return;
    declare_func(void, int16_t *coef, const uint8_t *src, ptrdiff_t ss, const uint8_t *pred,
                 ptrdiff_t ps);
    static uint8_t src[64 * 8], pred[64 * 8];
    _Alignas(16) int16_t out_ref[32], out_new[32];
    for (int t = 0; t < TRIALS; t++) {
        int mode = t % 3;
        for (size_t i = 0; i < sizeof(src); i++) {
            src[i] = mode == 1 ? 255 : (uint8_t)checkasm_rand();
            pred[i] = mode == 1 ? 0 : (uint8_t)checkasm_rand();
        }
        ptrdiff_t ss = checkasm_rand_range(4, 64), ps = checkasm_rand_range(4, 64);
        const uint8_t *s = src + checkasm_rand_range(0, 15), *p = pred + checkasm_rand_range(0, 15);
        checkasm_randomize(out_ref, sizeof(out_ref));
        memcpy(out_new, out_ref, sizeof(out_ref));
        call_ref(out_ref + 8, s, ss, p, ps);
        call_new(out_new + 8, s, ss, p, ps);
        if (checkasm_check_bytes("coef", out_ref, out_new, sizeof(out_ref), 1))
            break;
    }
    bench_new(out_new + 8, src, 64, pred, 64);
}

/* The 8x8 area lies inside a 24-row window; strides may be negative (rows
 * upwards) and odd, pointers unaligned. Output: four blocks with a random
 * canary of 16 words either side. */
static void check_fdct_x4(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->fdct4x4_x4, "fdct4x4_x4"))
        return;
    declare_func(void, int16_t(*coef)[16], const uint8_t *src, ptrdiff_t ss, const uint8_t *pred,
                 ptrdiff_t ps);
    static uint8_t src[72 * 24], pred[72 * 24];
    _Alignas(32) int16_t out_ref[96], out_new[96];
    for (int t = 0; t < TRIALS; t++) {
        int mode = t % 4;
        for (size_t i = 0; i < sizeof(src); i++) {
            src[i] = mode == 1 ? 255 : mode == 2 ? 0 : (uint8_t)checkasm_rand();
            pred[i] = mode == 1 ? 0 : mode == 2 ? 255 : (uint8_t)checkasm_rand();
            if (mode == 3) { /* random extremes */
                src[i] = checkasm_rand() & 1 ? 255 : 0;
                pred[i] = checkasm_rand() & 1 ? 255 : 0;
            }
        }
        ptrdiff_t ss = checkasm_rand_range(8, 64), ps = checkasm_rand_range(8, 64);
        const uint8_t *s = src + checkasm_rand_range(0, 7), *p = pred + checkasm_rand_range(0, 7);
        if (t & 1) { /* bottom-up rows */
            s += 7 * ss;
            ss = -ss;
        }
        if (t & 2) {
            p += 7 * ps;
            ps = -ps;
        }
        int off = t & 4 ? 8 : 16; /* 16- or 32-byte aligned blocks */
        checkasm_randomize(out_ref, sizeof(out_ref));
        memcpy(out_new, out_ref, sizeof(out_ref));
        call_ref((int16_t(*)[16])(out_ref + off), s, ss, p, ps);
        call_new((int16_t(*)[16])(out_new + off), s, ss, p, ps);
        if (checkasm_check_bytes("coef", out_ref, out_new, sizeof(out_ref), 1))
            break;
    }
    bench_new((int16_t(*)[16])(out_new + 16), src, 72, pred, 72);
}

static void check_fdct_dc(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->fdct_dc4x4, "fdct_dc4x4"))
        return;
    declare_func(void, int16_t *dc);
    _Alignas(16) int16_t ref[32], out[32];
    for (int t = 0; t < TRIALS; t++) {
        for (int i = 0; i < 32; i++)
            ref[i] = t % 2 ? (int16_t)checkasm_rand_range(-4080, 4080) : rand_coef(t / 2);
        memcpy(out, ref, sizeof(ref));
        call_ref(ref + 8);
        call_new(out + 8);
        if (checkasm_check_bytes("dc", ref, out, sizeof(ref), 1))
            break;
    }
    bench_new(out + 8);
}

static void check_dequant(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->dequant4x4, "dequant4x4"))
        return;
    declare_func(void, int16_t *coef, const uint16_t *scale);
    _Alignas(16) int16_t ref[32], out[32];
    uint16_t scale[16];
    for (int t = 0; t < TRIALS; t++) {
        for (int i = 0; i < 32; i++)
            ref[i] = rand_coef(t);
        for (int i = 0; i < 16; i++)
            scale[i] = t % 2 ? (uint16_t)(checkasm_rand_range(10, 25) << checkasm_rand_range(0, 8))
                             : (uint16_t)checkasm_rand();
        memcpy(out, ref, sizeof(ref));
        call_ref(ref + 8, scale);
        call_new(out + 8, scale);
        if (checkasm_check_bytes("coef", ref, out, sizeof(ref), 1))
            break;
    }
    bench_new(out + 8, scale);
}

/* dst: an 8x8 area with a canary frame of 8 pixels, odd or negative
 * stride; coefficients full-range int16 (the C reference works in int),
 * scale full-range or NULL, every mask. */
static void check_dequant_add_x4(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->dequant_add4x4_x4, "dequant_add4x4_x4"))
        return;
    declare_func(void, uint8_t *dst, ptrdiff_t stride, int16_t(*coef)[16], const uint16_t *scale,
                 unsigned mask);
    enum { W = 40, H = 24 };
    static uint8_t pix_ref[W * H], pix_new[W * H];
    _Alignas(32) int16_t ref[96], out[96];
    uint16_t scale[16];
    for (int t = 0; t < TRIALS * 2; t++) {
        const unsigned mask = (unsigned)t & 15;
        const int kind = (t >> 4) % 4;
        for (int i = 0; i < W * H; i++)
            pix_ref[i] = kind == 1 ? (checkasm_rand() & 1 ? 255 : 0) : (uint8_t)checkasm_rand();
        memcpy(pix_new, pix_ref, sizeof(pix_ref));
        checkasm_randomize(ref, sizeof(ref));
        const int off = t & 32 ? 8 : 16;
        for (int i = 0; i < 64; i++)
            ref[off + i] = kind == 0 ? (int16_t)checkasm_rand_range(-2000, 2000)
                         : kind == 3 ? (int16_t)checkasm_rand_range(-40, 40)
                                     : rand_coef(i + t);
        for (int i = 0; i < 16; i++)
            scale[i] = kind == 3 ? (uint16_t)(checkasm_rand_range(10, 25) << checkasm_rand_range(0, 4))
                                 : (uint16_t)checkasm_rand();
        const uint16_t *sc = (t >> 6) % 3 == 2 ? NULL : scale;
        memcpy(out, ref, sizeof(ref));
        /* rows 8..16 of the window at most (stride <= 33), any column 0..16 */
        ptrdiff_t stride = checkasm_rand_range(8, 32) | (t & 64 ? 1 : 0);
        const size_t start = 8 * W + (size_t)checkasm_rand_range(0, 16);
        uint8_t *dr = pix_ref + start, *dn = pix_new + start;
        if (t & 128) { /* bottom-up */
            dr += 7 * stride;
            dn += 7 * stride;
            stride = -stride;
        }
        call_ref(dr, stride, (int16_t(*)[16])(ref + off), sc, mask);
        call_new(dn, stride, (int16_t(*)[16])(out + off), sc, mask);
        if (checkasm_check_bytes("dst", pix_ref, pix_new, sizeof(pix_ref), 1) ||
            checkasm_check_bytes("coef", ref, out, sizeof(ref), 1))
            break;
    }
    for (int i = 0; i < 64; i++)
        out[16 + i] = (int16_t)checkasm_rand_range(-40, 40);
    bench_new(pix_new + 8 * W + 8, W, (int16_t(*)[16])(out + 16), scale, 15u);
}

static void check_quant4x4(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->quant4x4, "quant4x4"))
        return;
    declare_func(int, int16_t *coef, const uint16_t *mf, const uint32_t *bias, int qbits);
    _Alignas(16) int16_t ref[32], out[32];
    uint16_t mf[16];
    uint32_t bias[16];
    for (int t = 0; t < TRIALS; t++) {
        int qbits = checkasm_rand_range(15, 24);
        for (int i = 0; i < 32; i++)
            ref[i] = rand_coef(t);
        for (int i = 0; i < 16; i++) {
            mf[i] = (uint16_t)checkasm_rand_range(0, 13107);
            bias[i] = checkasm_rand() & ((1u << qbits) - 1);
        }
        memcpy(out, ref, sizeof(ref));
        int a = call_ref(ref + 8, mf, bias, qbits);
        int b = call_new(out + 8, mf, bias, qbits);
        if (a != b) {
            checkasm_fail("return: C %d, asm %d", a, b);
            break;
        }
        if (checkasm_check_bytes("coef", ref, out, sizeof(ref), 1))
            break;
    }
    bench_new(out + 8, mf, bias, 20);
}

/* Each block gets its own input kind (including all-zero and tiny values
 * that quantise to zero) so the mask bits vary independently. */
static void fill_quant_block(int16_t *c, int kind)
{
    for (int i = 0; i < 16; i++) {
        switch (kind) {
        case 0: c[i] = 0; break;
        case 1: c[i] = (int16_t)checkasm_rand_range(-3, 3); break;
        case 2: c[i] = i == 15 ? (int16_t)checkasm_rand_range(-9180, 9180) : 0; break;
        default: c[i] = rand_coef(kind); break;
        }
    }
}

static void check_quant4x4_x4(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->quant4x4_x4, "quant4x4_x4"))
        return;
    declare_func(unsigned, int16_t(*coef)[16], const uint16_t *mf, const uint32_t *bias,
                 int qbits);
    _Alignas(32) int16_t ref[96], out[96];
    uint16_t mf[16];
    uint32_t bias[16];
    for (int t = 0; t < TRIALS * 2; t++) {
        int qbits = checkasm_rand_range(15, 24);
        checkasm_randomize(ref, sizeof(ref));
        int off = t & 1 ? 8 : 16;
        for (int b = 0; b < 4; b++)
            fill_quant_block(ref + off + 16 * b, checkasm_rand_range(0, 6));
        for (int i = 0; i < 16; i++) {
            mf[i] = t % 7 == 0 ? 13107 : (uint16_t)checkasm_rand_range(0, 13107);
            bias[i] = t % 7 == 0 ? (1u << qbits) - 1 : checkasm_rand() & ((1u << qbits) - 1);
        }
        memcpy(out, ref, sizeof(ref));
        unsigned a = call_ref((int16_t(*)[16])(ref + off), mf, bias, qbits);
        unsigned b = call_new((int16_t(*)[16])(out + off), mf, bias, qbits);
        if (a != b) {
            checkasm_fail("mask: C %#x, asm %#x", a, b);
            break;
        }
        if (checkasm_check_bytes("coef", ref, out, sizeof(ref), 1))
            break;
    }
    for (int b = 0; b < 4; b++)
        fill_quant_block(out + 16 + 16 * b, 3);
    bench_new((int16_t(*)[16])(out + 16), mf, bias, 20);
}

/* src = pred + noise whose amplitude varies per 4x4 block (0, small, full)
 * so that every mask pattern occurs; odd and negative strides. */
static void check_fdct_quant_x16(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->fdct_quant4x4_x16, "fdct_quant4x4_x16"))
        return;
    declare_func(unsigned, int16_t(*coef)[16], const uint8_t *src, ptrdiff_t ss,
                 const uint8_t *pred, ptrdiff_t ps, const uint16_t *mf, const uint32_t *bias,
                 int qbits);
    enum { W = 48, H = 40 };
    static uint8_t src[W * H], pred[W * H];
    _Alignas(32) int16_t ref[256 + 32], out[256 + 32];
    uint16_t mf[16];
    uint32_t bias[16];
    for (int t = 0; t < TRIALS; t++) {
        const int qbits = checkasm_rand_range(15, 24);
        for (int i = 0; i < 16; i++) {
            mf[i] = (uint16_t)checkasm_rand_range(0, 13107);
            bias[i] = 1u << (qbits - 2); /* the inter deadzone (quant.h) */
        }
        int amp[4][4]; /* per 4x4 area of the window's first 16x16 */
        for (int i = 0; i < 16; i++)
            amp[i >> 2][i & 3] = (int[]){ 0, 1, 3, 255 }[checkasm_rand_range(0, 3)];
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                const int a = amp[(y >> 2) & 3][(x >> 2) & 3];
                const int p = t % 5 == 4 ? (checkasm_rand() & 1) * 255 : (int)(checkasm_rand() & 255);
                const int v = p + checkasm_rand_range(-a, a);
                pred[y * W + x] = (uint8_t)p;
                src[y * W + x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
        ptrdiff_t ss = checkasm_rand_range(16, 24) | (t & 1), ps = checkasm_rand_range(16, 24) | (t & 1);
        const uint8_t *s = src + checkasm_rand_range(0, 8), *p = pred + checkasm_rand_range(0, 8);
        if (t & 2) {
            s += 15 * ss;
            ss = -ss;
        }
        if (t & 4) {
            p += 15 * ps;
            ps = -ps;
        }
        const int off = t & 8 ? 8 : 16;
        checkasm_randomize(ref, sizeof(ref));
        memcpy(out, ref, sizeof(ref));
        unsigned a = call_ref((int16_t(*)[16])(ref + off), s, ss, p, ps, mf, bias, qbits);
        unsigned b = call_new((int16_t(*)[16])(out + off), s, ss, p, ps, mf, bias, qbits);
        if (a != b) {
            checkasm_fail("mask: C %#x, asm %#x", a, b);
            break;
        }
        if (checkasm_check_bytes("coef", ref, out, sizeof(ref), 1))
            break;
    }
    bench_new((int16_t(*)[16])(out + 16), src, W, pred, W, mf, bias, 20);
}

/* Trial t's source and prediction areas for the 8x8 kernels: random,
 * near-equal (differences up to 0, 1, 3 or 255), 0-or-255 extremes and,
 * with invert, every seventh trial src = 255 - pred; an 8x8 block at a
 * random offset with odd or negative strides (either sign on each). */
static void random_area8x8(int t, int invert, uint8_t *src, uint8_t *pred, int n,
                           const uint8_t **s, ptrdiff_t *ss, const uint8_t **p, ptrdiff_t *ps)
{
    const int amp = (int[]){ 0, 1, 3, 255 }[t % 4];
    for (int i = 0; i < n; i++) {
        const int pv = t % 5 == 4 ? (checkasm_rand() & 1) * 255 : (int)(checkasm_rand() & 255);
        const int v = invert && t % 7 == 6 ? 255 - pv : pv + checkasm_rand_range(-amp, amp);
        pred[i] = (uint8_t)pv;
        src[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
    *ss = checkasm_rand_range(8, 16) | (t & 1);
    *ps = checkasm_rand_range(8, 16) | (t & 1);
    *s = src + checkasm_rand_range(0, 8);
    *p = pred + checkasm_rand_range(0, 8);
    if (t & 2) {
        *s += 7 * *ss;
        *ss = -*ss;
    }
    if (t & 4) {
        *p += 7 * *ps;
        *ps = -*ps;
    }
}

/* As check_fdct_quant_x16 on an 8x8, plus the four DCs between canaries. */
static void check_fdct_quant_ac_x4(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->fdct_quant_ac4x4_x4, "fdct_quant_ac4x4_x4"))
        return;
    declare_func(unsigned, int16_t(*coef)[16], int16_t *dc, const uint8_t *src, ptrdiff_t ss,
                 const uint8_t *pred, ptrdiff_t ps, const uint16_t *mf, const uint32_t *bias,
                 int qbits);
    enum { W = 32, H = 24 };
    static uint8_t src[W * H], pred[W * H];
    _Alignas(32) int16_t ref[64 + 32], out[64 + 32];
    int16_t dc_ref[12], dc_out[12];
    uint16_t mf[16];
    uint32_t bias[16];
    for (int t = 0; t < TRIALS; t++) {
        const int qbits = checkasm_rand_range(15, 24);
        for (int i = 0; i < 16; i++) {
            mf[i] = (uint16_t)checkasm_rand_range(0, 13107);
            bias[i] = checkasm_rand() & ((1u << qbits) - 1);
        }
        ptrdiff_t ss, ps;
        const uint8_t *s, *p;
        random_area8x8(t, 0, src, pred, W * H, &s, &ss, &p, &ps);
        const int off = t & 8 ? 8 : 16;
        checkasm_randomize(ref, sizeof(ref));
        memcpy(out, ref, sizeof(ref));
        checkasm_randomize(dc_ref, sizeof(dc_ref));
        memcpy(dc_out, dc_ref, sizeof(dc_ref));
        unsigned a = call_ref((int16_t(*)[16])(ref + off), dc_ref + 4 + (t & 1), s, ss, p, ps,
                              mf, bias, qbits);
        unsigned b = call_new((int16_t(*)[16])(out + off), dc_out + 4 + (t & 1), s, ss, p, ps,
                              mf, bias, qbits);
        if (a != b) {
            checkasm_fail("mask: C %#x, asm %#x", a, b);
            break;
        }
        if (checkasm_check_bytes("coef", ref, out, sizeof(ref), 1) ||
            checkasm_check_bytes("dc", dc_ref, dc_out, sizeof(dc_ref), 1))
            break;
    }
    bench_new((int16_t(*)[16])(out + 16), dc_out + 4, src, W, pred, W, mf, bias, 20);
}

/* sad_dc4x4_x4 on random, near-equal, offset and extreme 8x8 areas
 * (strides of either sign), the four DCs between canaries. */
static void check_sad_dc_x4(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->sad_dc4x4_x4, "sad_dc4x4_x4"))
        return;
    declare_func(int, int16_t *dc, const uint8_t *src, ptrdiff_t ss, const uint8_t *pred,
                 ptrdiff_t ps);
    enum { W = 32, H = 24 };
    static uint8_t src[W * H], pred[W * H];
    int16_t dc_ref[12], dc_out[12];
    for (int t = 0; t < TRIALS; t++) {
        ptrdiff_t ss, ps;
        const uint8_t *s, *p;
        random_area8x8(t, 1, src, pred, W * H, &s, &ss, &p, &ps);
        if (t % 3 == 2) { /* a DC offset, where the SAD about m is the smaller */
            const int off = checkasm_rand_range(-40, 40);
            for (int i = 0; i < W * H; i++) {
                const int v = src[i] + off;
                src[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
        checkasm_randomize(dc_ref, sizeof(dc_ref));
        memcpy(dc_out, dc_ref, sizeof(dc_ref));
        const int a = call_ref(dc_ref + 4 + (t & 1), s, ss, p, ps);
        const int b = call_new(dc_out + 4 + (t & 1), s, ss, p, ps);
        if (a != b) {
            checkasm_fail("AC bound: C %d, asm %d", a, b);
            break;
        }
        if (checkasm_check_bytes("dc", dc_ref, dc_out, sizeof(dc_ref), 1))
            break;
    }
    bench_new(dc_out + 4, src, W, pred, W);
}

/* sad_dc4x4_x8: two planes as in check_sad_dc_x4 (one of them sometimes
 * equal to its prediction, or with a DC offset), the ten outputs between
 * canaries, and the packed return value. */
static void check_sad_dc_x8(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->sad_dc4x4_x8, "sad_dc4x4_x8"))
        return;
    declare_func(unsigned, int16_t *out, const uint8_t *src0, const uint8_t *src1, ptrdiff_t ss,
                 const uint8_t *pred0, const uint8_t *pred1, ptrdiff_t ps);
    enum { W = 32, H = 24 };
    static uint8_t src[2][W * H], pred[2][W * H];
    int16_t ref[18], out[18];
    for (int t = 0; t < TRIALS; t++) {
        ptrdiff_t ss, ps, ss1, ps1;
        const uint8_t *s[2], *p[2];
        random_area8x8(t, 1, src[0], pred[0], W * H, &s[0], &ss, &p[0], &ps);
        random_area8x8(t / 2, 1, src[1], pred[1], W * H, &s[1], &ss1, &p[1], &ps1);
        /* the second plane at the first one's strides, inside its buffer */
        s[1] = src[1] + (ss < 0 ? 7 * -ss : 0) + (s[0] - src[0]) % 8;
        p[1] = pred[1] + (ps < 0 ? 7 * -ps : 0) + (p[0] - pred[0]) % 8;
        const int c = t & 1, mode = (t >> 1) % 4;
        if (mode == 1) /* one plane equal to its prediction */
            for (int y = 0; y < 8; y++)
                memcpy((uint8_t *)s[c] + y * ss, p[c] + y * ps, 8);
        if (mode == 2) { /* a DC offset, where the SAD about m is the smaller */
            const int off = checkasm_rand_range(-40, 40);
            for (int i = 0; i < W * H; i++) {
                const int v = src[c][i] + off;
                src[c][i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
        checkasm_randomize(ref, sizeof(ref));
        memcpy(out, ref, sizeof(ref));
        const unsigned a = call_ref(ref + 4 + (t & 3), s[0], s[1], ss, p[0], p[1], ps);
        const unsigned b = call_new(out + 4 + (t & 3), s[0], s[1], ss, p[0], p[1], ps);
        if (a != b) {
            checkasm_fail("return: C 0x%x, asm 0x%x", a, b);
            break;
        }
        if (checkasm_check_bytes("out", ref, out, sizeof(ref), 1))
            break;
    }
    bench_new(out + 4, src[0], src[1], W, pred[0], pred[1], W);
}

static void check_quant_dc(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->quant_dc, "quant_dc"))
        return;
    declare_func(int, int16_t *coef, int n, int mf, uint32_t bias, int qbits);
    _Alignas(16) int16_t ref[32], out[32];
    for (int t = 0; t < TRIALS; t++) {
        int n = t & 1 ? 4 : 16;
        int qbits = checkasm_rand_range(15, 25);
        int mf = checkasm_rand_range(0, 13107);
        uint32_t bias = checkasm_rand() & ((1u << qbits) - 1);
        for (int i = 0; i < 32; i++)
            ref[i] = rand_coef(t >> 1);
        memcpy(out, ref, sizeof(ref));
        int a = call_ref(ref + 8, n, mf, bias, qbits);
        int b = call_new(out + 8, n, mf, bias, qbits);
        if (a != b) {
            checkasm_fail("n %d return: C %d, asm %d", n, a, b);
            break;
        }
        if (checkasm_check_bytes("coef", ref, out, sizeof(ref), 1))
            break;
    }
    bench_new(out + 8, 16, 8000, 1u << 19, 21);
}

static void check_scan(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->scan4x4, "scan4x4"))
        return;
    declare_func(void, int16_t *level, const int16_t *coef);
    _Alignas(16) int16_t coef[16], ref[32], out[32];
    for (int t = 0; t < 16; t++) {
        for (int i = 0; i < 16; i++)
            coef[i] = rand_coef(3);
        checkasm_randomize(ref, sizeof(ref));
        memcpy(out, ref, sizeof(ref));
        call_ref(ref + 8, coef);
        call_new(out + 8, coef);
        if (checkasm_check_bytes("level", ref, out, sizeof(ref), 1))
            break;
    }
    bench_new(out + 8, coef);
}

/* Sparse blocks of mostly -1/0/+1 (the case the score is for), sometimes
 * one larger or extreme level. */
static void check_scan_decimate(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->scan_decimate4x4, "scan_decimate4x4"))
        return;
    declare_func(int, int16_t *level, const int16_t *coef);
    _Alignas(16) int16_t coef[16], ref[32], out[32];
    for (int t = 0; t < TRIALS * 4; t++) {
        const int density = t % 6;
        for (int i = 0; i < 16; i++)
            coef[i] = checkasm_rand_range(0, 5) < density ? (int16_t)(checkasm_rand() & 1 ? 1 : -1) : 0;
        if (t % 7 == 0)
            coef[checkasm_rand_range(0, 15)] = rand_coef(t / 7);
        if (t % 11 == 0)
            coef[checkasm_rand_range(0, 15)] = -32768;
        checkasm_randomize(ref, sizeof(ref));
        memcpy(out, ref, sizeof(ref));
        int a = call_ref(ref + 8, coef);
        int b = call_new(out + 8, coef);
        if (a != b) {
            checkasm_fail("score: C %d, asm %d", a, b);
            break;
        }
        if (checkasm_check_bytes("level", ref, out, sizeof(ref), 1))
            break;
    }
    _Alignas(16) int16_t c[16] = { 1, 0, -1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 };
    bench_new(out + 8, c);
}

/* The reference's 9 values against what the encoder computes today: the
 * ipred module's pred4x4 (C) written into a frame, then the pixel
 * module's C satd 4x4. Returns non-zero on a mismatch. */
static int cross_check_intra4x4(const int satd[9], const uint8_t *src, ptrdiff_t ss,
                                const uint8_t edge[16], unsigned avail)
{
    Rth264IpredDsp ip;
    Rth264PixelDsp px;
    rth264_ipred_init(&ip, 0);
    rth264_pixel_init(&px, 0);
    uint8_t frame[8 * 16] = { 0 }, topright[4];
    const ptrdiff_t fs = 16;
    uint8_t *dst = frame + 2 * fs + 4;
    for (int i = 0; i < 4; i++) {
        dst[-1 + i * fs] = edge[3 - i];
        dst[i - fs] = edge[5 + i];
        topright[i] = edge[9 + i];
    }
    dst[-1 - fs] = edge[4];
    static const int dc_fn[4] = { RTH264_I4_DC_128, RTH264_I4_DC_LEFT, RTH264_I4_DC_TOP,
                                  RTH264_I4_DC };
    for (int m = 0; m < 9; m++) {
        ip.pred4x4[m == RTH264_I4_DC ? dc_fn[avail & 3] : m](dst, fs, topright);
        const int want = px.satd[RTH264_PIXEL_4x4](src, ss, dst, fs);
        if (want != satd[m])
            return checkasm_fail("intra4x4_satd_x9 C reference: mode %d gives %d, pred4x4 + "
                                 "satd_4x4 %d", m, satd[m], want);
    }
    return 0;
}

/* Random, flat and extreme (0/255) sources and edges, every avail value,
 * odd and negative source strides; the nine outputs sit between canaries. */
static void check_intra4x4_satd(const Rth264QuantDsp *dsp)
{
    if (!checkasm_check_func(dsp->intra4x4_satd_x9, "intra4x4_satd_x9"))
        return;
    declare_func(void, int *satd, const uint8_t *src, ptrdiff_t ss, const uint8_t *edge,
                 unsigned avail);
    static uint8_t pix[16 * 24];
    _Alignas(16) uint8_t edge[16];
    int ref[9 + 6], out[9 + 6];
    for (int t = 0; t < TRIALS * 2; t++) {
        const int kind = t % 5;
        for (size_t i = 0; i < sizeof(pix); i++)
            pix[i] = kind == 1 ? 255 : kind == 2 ? (checkasm_rand() & 1) * 255 : (uint8_t)checkasm_rand();
        for (int i = 0; i < 16; i++)
            edge[i] = kind == 1 ? 0 : kind == 2 ? (checkasm_rand() & 1) * 255 : kind == 3 ? 200 : (uint8_t)checkasm_rand();
        ptrdiff_t ss = checkasm_rand_range(4, 16) | (t & 1);
        const uint8_t *src = pix + checkasm_rand_range(0, 12);
        if (t & 2) {
            src += 3 * ss;
            ss = -ss;
        }
        const unsigned avail = (unsigned)(t >> 2) & 3;
        for (int i = 0; i < 15; i++)
            ref[i] = out[i] = (int)checkasm_rand();
        call_ref(ref + 3, src, ss, edge, avail);
        call_new(out + 3, src, ss, edge, avail);
        if (t < 40 && cross_check_intra4x4(ref + 3, src, ss, edge, avail))
            break;
        if (checkasm_check_bytes("satd", ref, out, sizeof(ref), 1))
            break;
    }
    bench_new(out + 3, pix, 16, edge, 3u);
}

/* Sparse levels in a heap block of exactly n entries (ASan sees overreads). */
static int16_t *sparse_levels(int n, int t)
{
    int16_t *level = malloc((size_t)n * sizeof(*level));
    if (!level)
        return NULL;
    int density = t % 5; /* 0: all zero ... 4: mostly non-zero */
    for (int i = 0; i < n; i++)
        level[i] = checkasm_rand_range(0, 4) < density ? rand_coef(t) : 0;
    return level;
}

static void check_coeff_checks(const Rth264QuantDsp *dsp)
{
    static const int sizes[3] = { 4, 15, 16 };
    for (int k = 0; k < 3; k++) {
        if (!checkasm_check_func(dsp->coeff_last[k], "coeff_last%d", sizes[k]))
            continue;
        declare_func(int, const int16_t *level);
        for (int t = 0; t < TRIALS; t++) {
            int16_t *level = sparse_levels(sizes[k], t);
            if (!level)
                return;
            int a = call_ref(level), b = call_new(level);
            free(level);
            if (a != b) {
                checkasm_fail("C %d, asm %d", a, b);
                break;
            }
        }
        _Alignas(16) int16_t l[16] = { 1, 0, 3, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0 };
        bench_new(l);
    }
    if (checkasm_check_func(dsp->coeff_count16, "coeff_count16")) {
        declare_func(int, const int16_t *level);
        for (int t = 0; t < TRIALS; t++) {
            int16_t *level = sparse_levels(16, t);
            if (!level)
                return;
            int a = call_ref(level), b = call_new(level);
            free(level);
            if (a != b) {
                checkasm_fail("C %d, asm %d", a, b);
                break;
            }
        }
        _Alignas(16) int16_t l[16] = { 1, 0, 3, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0 };
        bench_new(l);
    }
    if (checkasm_check_func(dsp->coeff_mask16, "coeff_mask16")) {
        declare_func(unsigned, const int16_t *level);
        for (int t = 0; t < TRIALS; t++) {
            int16_t *level = sparse_levels(16, t);
            if (!level)
                return;
            unsigned a = call_ref(level), b = call_new(level);
            free(level);
            if (a != b) {
                checkasm_fail("C %#x, asm %#x", a, b);
                break;
            }
        }
        _Alignas(16) int16_t l[16] = { 1, 0, 3, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0 };
        bench_new(l);
    }
}

void checkasm_check_quant(unsigned cpu_flags)
{
    Rth264QuantDsp dsp;
    rth264_quant_init(&dsp, cpu_flags);
    check_fdct(&dsp);
    check_fdct_x4(&dsp);
    check_fdct_dc(&dsp);
    check_dequant(&dsp);
    check_dequant_add_x4(&dsp);
    check_quant4x4(&dsp);
    check_quant4x4_x4(&dsp);
    check_fdct_quant_x16(&dsp);
    check_fdct_quant_ac_x4(&dsp);
    check_sad_dc_x4(&dsp);
    check_sad_dc_x8(&dsp);
    check_quant_dc(&dsp);
    check_scan(&dsp);
    check_scan_decimate(&dsp);
    check_intra4x4_satd(&dsp);
    check_coeff_checks(&dsp);
    checkasm_report("quant");
}
