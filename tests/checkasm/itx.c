/* SPDX-License-Identifier: BSD-2-Clause */
/* checkasm tests of common/itx.h: 4x4 and 8x8 inverse transform + add,
 * DC-only add, Intra16x16 luma DC inverse Hadamard + dequantisation. Coefficients cover
 * small, conforming and full-int16 (corrupt-stream) ranges; the C
 * reference computes in int, so the SIMD must match it for all of them. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/itx.h"

#include "checkasm.h"

#define TRIALS 200
#define DST_STRIDE_MAX 40
#define DST_SIZE (DST_STRIDE_MAX * 8)

/* A coefficient from one of four ranges picked per trial. */
static int16_t rand_coef(int range)
{
    switch (range) {
    case 0: return (int16_t)checkasm_rand_range(-300, 300);
    case 1: return (int16_t)checkasm_rand_range(-4096, 4095);
    case 2: return (checkasm_rand() & 1) ? 32767 : -32768;
    default: return (int16_t)checkasm_rand();
    }
}

/* The destination of trial t in both copies: random, or all 0 / all 255
 * every fifth trial (the clipping extremes). */
static void prepare_dst(uint8_t *dst_ref, uint8_t *dst_new, size_t size, int t)
{
    checkasm_randomize(dst_ref, size);
    if (t % 5 == 0)
        memset(dst_ref, t & 2 ? 255 : 0, size);
    memcpy(dst_new, dst_ref, size);
}

static void check_add(Rth264ItxAddFn fn, const char *name, int dc_only)
{
    if (!checkasm_check_func(fn, "%s", name))
        return;
    declare_func(void, uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
    static uint8_t dst_ref[DST_SIZE], dst_new[DST_SIZE];
    _Alignas(16) int16_t c_ref[32], c_new[32];
    for (int t = 0; t < TRIALS; t++) {
        int range = t % 4;
        for (int i = 0; i < 32; i++)
            c_ref[i] = rand_coef(range);
        if (dc_only && t & 1)
            memset(c_ref + 9, 0, 15 * sizeof(*c_ref)); /* the usual caller's case */
        memcpy(c_new, c_ref, sizeof(c_ref));
        prepare_dst(dst_ref, dst_new, sizeof(dst_ref), t);
        ptrdiff_t stride = checkasm_rand_range(4, DST_STRIDE_MAX);
        size_t off = (size_t)checkasm_rand_range(0, 3) + (size_t)stride * 2;
        call_ref(dst_ref + off, stride, c_ref + 8);
        call_new(dst_new + off, stride, c_new + 8);
        if (checkasm_check_bytes("dst", dst_ref, dst_new, DST_STRIDE_MAX, 8) ||
            checkasm_check_bytes("coeffs", c_ref, c_new, sizeof(c_ref), 1))
            break;
    }
    memset(c_new, 0, sizeof(c_new));
    bench_new(dst_new + 4 * DST_STRIDE_MAX, DST_STRIDE_MAX, c_new + 8);
}

/* 8x8: 64 coefficients (in an exact-size heap block) onto an 8x8 area. */
static void check_add8x8(Rth264ItxAddFn fn)
{
    if (!checkasm_check_func(fn, "add8x8"))
        return;
    declare_func(void, uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
    static uint8_t dst_ref[DST_STRIDE_MAX * 12], dst_new[DST_STRIDE_MAX * 12];
    int16_t *c_ref = aligned_alloc(16, 64 * sizeof(int16_t));
    int16_t *c_new = aligned_alloc(16, 64 * sizeof(int16_t));
    if (!c_ref || !c_new) {
        checkasm_fail("out of memory");
        goto done;
    }
    for (int t = 0; t < TRIALS; t++) {
        for (int i = 0; i < 64; i++)
            c_ref[i] = rand_coef(t % 4);
        memcpy(c_new, c_ref, 64 * sizeof(int16_t));
        prepare_dst(dst_ref, dst_new, sizeof(dst_ref), t);
        ptrdiff_t stride = checkasm_rand_range(8, DST_STRIDE_MAX);
        size_t off = (size_t)checkasm_rand_range(0, 3) + (size_t)stride * 2;
        call_ref(dst_ref + off, stride, c_ref);
        call_new(dst_new + off, stride, c_new);
        if (checkasm_check_bytes("dst", dst_ref, dst_new, DST_STRIDE_MAX, 12) ||
            checkasm_check_bytes("coeffs", c_ref, c_new, 64 * sizeof(int16_t), 1))
            break;
    }
    memset(c_new, 0, 64 * sizeof(int16_t));
    bench_new(dst_new + 2 * DST_STRIDE_MAX, DST_STRIDE_MAX, c_new);
done:
    free(c_ref);
    free(c_new);
}

/* add4x4_dc_x4: DCs at coeffs[16 * k] over the whole int16 range (the
 * other coefficients must stay as they are), onto an 8x8 area. */
static void check_add_dc_x4(Rth264ItxAddFn fn)
{
    if (!checkasm_check_func(fn, "add4x4_dc_x4"))
        return;
    declare_func(void, uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
    static uint8_t dst_ref[DST_SIZE], dst_new[DST_SIZE];
    int16_t c_ref[80], c_new[80];
    for (int t = 0; t < TRIALS; t++) {
        for (int i = 0; i < 80; i++)
            c_ref[i] = rand_coef(t % 4);
        memcpy(c_new, c_ref, sizeof(c_ref));
        prepare_dst(dst_ref, dst_new, sizeof(dst_ref), t);
        ptrdiff_t stride = checkasm_rand_range(8, DST_STRIDE_MAX);
        size_t off = (size_t)checkasm_rand_range(0, 3);
        call_ref(dst_ref + off, stride, c_ref + 8);
        call_new(dst_new + off, stride, c_new + 8);
        if (checkasm_check_bytes("dst", dst_ref, dst_new, DST_STRIDE_MAX, 8) ||
            checkasm_check_bytes("coeffs", c_ref, c_new, sizeof(c_ref), 1))
            break;
    }
    bench_new(dst_new, DST_STRIDE_MAX, c_new + 8);
}

static void check_luma_dc(const Rth264ItxDsp *dsp)
{
    if (!checkasm_check_func(dsp->luma_dc_dequant, "luma_dc_dequant"))
        return;
    declare_func(void, int16_t *out, const int16_t *in, int qp, int dc_scale);
    static const int v0[6] = { 10, 11, 13, 14, 16, 18 }; /* normAdjust4x4(m, 0, 0) */
    _Alignas(16) int16_t in[16], out_ref[256 + 16], out_new[256 + 16];
    for (int t = 0; t < TRIALS; t++) {
        for (int i = 0; i < 16; i++)
            in[i] = rand_coef(t % 4);
        int qp = t < 52 ? t : checkasm_rand_range(0, 51);
        int scale = 16 * v0[qp % 6];
        checkasm_randomize(out_ref, sizeof(out_ref));
        memcpy(out_new, out_ref, sizeof(out_ref));
        call_ref(out_ref + 8, in, qp, scale);
        call_new(out_new + 8, in, qp, scale);
        if (checkasm_check_bytes("out", out_ref, out_new, sizeof(out_ref), 1)) {
            fprintf(stderr, "  qp %d\n", qp);
            break;
        }
    }
    bench_new(out_new + 8, in, 28, 16 * 16);
}

void checkasm_check_itx(unsigned cpu_flags)
{
    Rth264ItxDsp dsp;
    rth264_itx_init(&dsp, cpu_flags);
    check_add(dsp.add4x4, "add4x4", 0);
    check_add(dsp.add4x4_dc, "add4x4_dc", 1);
    check_add_dc_x4(dsp.add4x4_dc_x4);
    check_add8x8(dsp.add8x8);
    check_luma_dc(&dsp);
    checkasm_report("itx");
}
