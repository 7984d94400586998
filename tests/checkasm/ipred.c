/* SPDX-License-Identifier: BSD-2-Clause */
/* checkasm tests of common/ipred.h: every 4x4, 8x8, 16x16 and chroma mode.
 * The block sits inside a random frame area at any offset and stride; the
 * whole area is compared, so writes outside the block show up. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/ipred.h"

#include "checkasm.h"

#define AREA_W 64
#define AREA_H 40
#define TRIALS 64

static uint8_t area_ref[AREA_W * AREA_H], area_new[AREA_W * AREA_H];
static uint8_t topright[4];

static const char *const names4[RTH264_I4_NUM] = {
    "v", "h", "dc", "ddl", "ddr", "vr", "hd", "vl", "hu", "dc_left", "dc_top", "dc_128",
};
static const char *const names16[RTH264_I16_NUM] = {
    "v", "h", "dc", "plane", "dc_left", "dc_top", "dc_128",
};
static const char *const names_c[RTH264_IC_NUM] = {
    "dc", "h", "v", "plane", "dc_left", "dc_top", "dc_128",
};

/* Random neighbours, or all-extreme ones (every 4th trial) to push the
 * plane modes into clipping. Returns the block's offset; *stride random. */
static size_t setup(int t, ptrdiff_t *stride)
{
    if (t % 4 == 3) {
        for (size_t i = 0; i < sizeof(area_ref); i++)
            area_ref[i] = (checkasm_rand() & 1) ? 255 : 0;
    } else {
        checkasm_randomize(area_ref, sizeof(area_ref));
    }
    memcpy(area_new, area_ref, sizeof(area_ref));
    checkasm_randomize(topright, sizeof(topright));
    *stride = checkasm_rand_range(24, AREA_W);
    return (size_t)(*stride * 2 + checkasm_rand_range(1, 4));
}

static void check_pred(Rth264PredFn const *table, int num, const char *const *names,
                       const char *prefix)
{
    for (int mode = 0; mode < num; mode++) {
        if (!checkasm_check_func(table[mode], "%s_%s", prefix, names[mode]))
            continue;
        declare_func(void, uint8_t *dst, ptrdiff_t stride);
        for (int t = 0; t < TRIALS; t++) {
            ptrdiff_t stride;
            size_t off = setup(t, &stride);
            call_ref(area_ref + off, stride);
            call_new(area_new + off, stride);
            if (checkasm_check_bytes("area", area_ref, area_new, AREA_W, AREA_H))
                break;
        }
        bench_new(area_new + 2 * AREA_W + 4, AREA_W);
    }
}

static void check_pred4(const Rth264IpredDsp *dsp)
{
    for (int mode = 0; mode < RTH264_I4_NUM; mode++) {
        if (!checkasm_check_func(dsp->pred4x4[mode], "pred4x4_%s", names4[mode]))
            continue;
        declare_func(void, uint8_t *dst, ptrdiff_t stride, const uint8_t *tr);
        for (int t = 0; t < TRIALS; t++) {
            ptrdiff_t stride;
            size_t off = setup(t, &stride);
            call_ref(area_ref + off, stride, topright);
            call_new(area_new + off, stride, topright);
            if (checkasm_check_bytes("area", area_ref, area_new, AREA_W, AREA_H))
                break;
        }
        bench_new(area_new + 2 * AREA_W + 4, AREA_W, topright);
    }
}

/* 8x8 luma reads its neighbours from `edge` (edge[-8] .. edge[16]), which
 * sits in an exact-size heap block so an ASan build sees any over-read. */
static void check_pred8(const Rth264IpredDsp *dsp)
{
    for (int mode = 0; mode < RTH264_I4_NUM; mode++) {
        if (!checkasm_check_func(dsp->pred8x8[mode], "pred8x8_%s", names4[mode]))
            continue;
        declare_func(void, uint8_t *dst, ptrdiff_t stride, const uint8_t *edge);
        uint8_t *edge_buf = malloc(25);
        if (!edge_buf) {
            checkasm_fail("out of memory");
            return;
        }
        for (int t = 0; t < TRIALS; t++) {
            ptrdiff_t stride;
            size_t off = setup(t, &stride);
            for (int i = 0; i < 25; i++)
                edge_buf[i] = t % 4 == 1 ? (uint8_t)((checkasm_rand() & 1) * 255)
                                         : (uint8_t)checkasm_rand();
            call_ref(area_ref + off, stride, edge_buf + 8);
            call_new(area_new + off, stride, edge_buf + 8);
            if (checkasm_check_bytes("area", area_ref, area_new, AREA_W, AREA_H))
                break;
        }
        bench_new(area_new + 2 * AREA_W + 4, AREA_W, edge_buf + 8);
        free(edge_buf);
    }
}

void checkasm_check_ipred(unsigned cpu_flags)
{
    Rth264IpredDsp dsp;
    rth264_ipred_init(&dsp, cpu_flags);
    check_pred4(&dsp);
    checkasm_report("pred4x4");
    check_pred8(&dsp);
    checkasm_report("pred8x8");
    check_pred(dsp.pred16x16, RTH264_I16_NUM, names16, "pred16x16");
    checkasm_report("pred16x16");
    check_pred(dsp.pred_chroma8x8, RTH264_IC_NUM, names_c, "pred_chroma");
    checkasm_report("pred_chroma");
}
