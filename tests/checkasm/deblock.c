/* SPDX-License-Identifier: BSD-2-Clause */
/* checkasm tests of common/deblock.h. Random pixels almost never pass the
 * alpha/beta tests, so each line is a smooth ramp with a step across the
 * edge and noise of the order of beta; some lines sit near 0 or 255 to
 * exercise clipping. alpha, beta and tc0 (including -1 segments) vary. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/deblock.h"

#include "checkasm.h"

#define BUF_W 64
#define BUF_H 40
#define TRIALS 300

static uint8_t buf_ref[BUF_W * BUF_H], buf_new[BUF_W * BUF_H];

static uint8_t clip_u8(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* Fill lines of samples across an edge at `across` steps from the origin.
 * Sample i of a line (i = -4..3 relative to q0) gets base + step (i >= 0)
 * + noise. */
static void fill_edge(uint8_t *pix, ptrdiff_t across, ptrdiff_t along, int lines,
                      int alpha, int beta, int noise)
{
    for (int k = 0; k < lines; k++) {
        int base = checkasm_rand_range(0, 3) == 0 ? checkasm_rand_range(0, 1) * 250
                                                  : checkasm_rand_range(0, 255);
        int step = checkasm_rand_range(-alpha - 2, alpha + 2);
        for (int i = -4; i < 4; i++)
            pix[k * along + i * across] =
                clip_u8(base + (i >= 0 ? step : 0) + checkasm_rand_range(-noise, noise));
    }
}

typedef struct Setup {
    uint8_t *pix_ref, *pix_new;
    ptrdiff_t stride;
    int alpha, beta;
    int8_t tc0[4];
} Setup;

/* Trial t < 0: the benchmark's edge (alpha 40, beta 10), smooth enough
 * that nearly every line is filtered: the case where deblocking costs. */
static void setup(Setup *s, int vertical, int lines, int t)
{
    checkasm_randomize(buf_ref, sizeof(buf_ref));
    s->stride = checkasm_rand_range(24, BUF_W);
    s->alpha = t < 0 ? 40 : t % 17 == 0 ? 0 : checkasm_rand_range(1, 255);
    s->beta = t < 0 ? 10 : t % 13 == 0 ? 0 : checkasm_rand_range(1, 18);
    for (int i = 0; i < 4; i++)
        s->tc0[i] = (int8_t)(checkasm_rand_range(0, 4) == 0 ? -1 : checkasm_rand_range(0, 25));
    size_t off = (size_t)(8 * s->stride + 8);
    int noise = t < 0 ? s->beta / 4 : s->beta + 2;
    if (vertical)
        fill_edge(buf_ref + off, 1, s->stride, lines, s->alpha / (t < 0 ? 2 : 1), s->beta, noise);
    else
        fill_edge(buf_ref + off, s->stride, 1, lines, s->alpha / (t < 0 ? 2 : 1), s->beta, noise);
    memcpy(buf_new, buf_ref, sizeof(buf_ref));
    s->pix_ref = buf_ref + off;
    s->pix_new = buf_new + off;
}

static void check_normal(Rth264DeblockFn fn, const char *name, int vertical, int lines)
{
    if (!checkasm_check_func(fn, "%s", name))
        return;
    declare_func(void, uint8_t *pix, ptrdiff_t stride, int alpha, int beta, const int8_t *tc0);
    Setup s;
    for (int t = 0; t < TRIALS; t++) {
        setup(&s, vertical, lines, t);
        call_ref(s.pix_ref, s.stride, s.alpha, s.beta, s.tc0);
        call_new(s.pix_new, s.stride, s.alpha, s.beta, s.tc0);
        if (checkasm_check_bytes("pixels", buf_ref, buf_new, BUF_W, BUF_H)) {
            fprintf(stderr, "  alpha %d beta %d tc0 %d %d %d %d stride %td\n", s.alpha,
                    s.beta, s.tc0[0], s.tc0[1], s.tc0[2], s.tc0[3], s.stride);
            break;
        }
    }
    setup(&s, vertical, lines, -1);
    bench_new(s.pix_new, s.stride, s.alpha, s.beta, s.tc0);
}

/* The three internal vertical (horizontal) edges of a 16x16 block: each
 * line a ramp with a step at columns (rows) 4, 8 and 12; tc0[12] with -1
 * segments and, now and then, whole edges at -1 (skipped). */
static void check_internal(Rth264DeblockFn fn, const char *name, int vertical)
{
    if (!checkasm_check_func(fn, "%s", name))
        return;
    declare_func(void, uint8_t *pix, ptrdiff_t stride, int alpha, int beta, const int8_t *tc0);
    Setup s;
    int8_t tc0[12];
    for (int t = -1; t < TRIALS; t++) {
        setup(&s, 1, 16, t); /* thresholds, stride; the block is refilled below */
        const int alpha = s.alpha / (t < 0 ? 2 : 1), noise = t < 0 ? s.beta / 4 : s.beta + 2;
        uint8_t *blk = buf_ref + (s.pix_ref - buf_ref) - 8;
        for (int k = 0; k < 16; k++) {
            int v = checkasm_rand_range(0, 3) == 0 ? checkasm_rand_range(0, 1) * 250
                                                   : checkasm_rand_range(0, 255);
            for (int x = 0; x < 16; x++) {
                if (x && !(x & 3))
                    v += checkasm_rand_range(-alpha - 2, alpha + 2);
                blk[vertical ? k * s.stride + x : x * s.stride + k] =
                    clip_u8(v + checkasm_rand_range(-noise, noise));
            }
        }
        memcpy(buf_new, buf_ref, sizeof(buf_ref));
        for (int i = 0; i < 12; i++)
            tc0[i] = (int8_t)(t < 0 ? 2 : checkasm_rand_range(0, 4) == 0 ? -1
                                                                         : checkasm_rand_range(0, 25));
        if (t >= 0 && checkasm_rand_range(0, 5) == 0)
            memset(tc0 + 4 * checkasm_rand_range(0, 2), -1, 4);
        uint8_t *new_blk = buf_new + (blk - buf_ref);
        if (t < 0) {
            bench_new(new_blk, s.stride, s.alpha, s.beta, tc0);
            continue;
        }
        call_ref(blk, s.stride, s.alpha, s.beta, tc0);
        call_new(new_blk, s.stride, s.alpha, s.beta, tc0);
        if (checkasm_check_bytes("pixels", buf_ref, buf_new, BUF_W, BUF_H)) {
            fprintf(stderr, "  alpha %d beta %d stride %td tc0", s.alpha, s.beta, s.stride);
            for (int i = 0; i < 12; i++)
                fprintf(stderr, " %d", tc0[i]);
            fprintf(stderr, "\n");
            break;
        }
    }
}

static void check_intra(Rth264DeblockIntraFn fn, const char *name, int vertical, int lines)
{
    if (!checkasm_check_func(fn, "%s", name))
        return;
    declare_func(void, uint8_t *pix, ptrdiff_t stride, int alpha, int beta);
    Setup s;
    for (int t = 0; t < TRIALS; t++) {
        setup(&s, vertical, lines, t);
        call_ref(s.pix_ref, s.stride, s.alpha, s.beta);
        call_new(s.pix_new, s.stride, s.alpha, s.beta);
        if (checkasm_check_bytes("pixels", buf_ref, buf_new, BUF_W, BUF_H)) {
            fprintf(stderr, "  alpha %d beta %d stride %td\n", s.alpha, s.beta, s.stride);
            break;
        }
    }
    setup(&s, vertical, lines, -1);
    bench_new(s.pix_new, s.stride, s.alpha, s.beta);
}

/* Chroma pairs: Cb and Cr edges in two separate buffers with one stride. */
static uint8_t cr_ref[BUF_W * BUF_H], cr_new[BUF_W * BUF_H];

static void setup_pair(Setup *s, uint8_t **cr_ref_pix, uint8_t **cr_new_pix, int vertical, int t)
{
    setup(s, vertical, 8, t);
    const size_t off = (size_t)(s->pix_ref - buf_ref);
    /* Cr: same thresholds, its own samples */
    checkasm_randomize(cr_ref, sizeof(cr_ref));
    int noise = t < 0 ? s->beta / 4 : s->beta + 2;
    int alpha = s->alpha / (t < 0 ? 2 : 1);
    if (vertical)
        fill_edge(cr_ref + off, 1, s->stride, 8, alpha, s->beta, noise);
    else
        fill_edge(cr_ref + off, s->stride, 1, 8, alpha, s->beta, noise);
    memcpy(cr_new, cr_ref, sizeof(cr_ref));
    *cr_ref_pix = cr_ref + off;
    *cr_new_pix = cr_new + off;
}

static int pair_differs(const Setup *s)
{
    if (checkasm_check_bytes("cb", buf_ref, buf_new, BUF_W, BUF_H) ||
        checkasm_check_bytes("cr", cr_ref, cr_new, BUF_W, BUF_H)) {
        fprintf(stderr, "  alpha %d beta %d tc0 %d %d %d %d stride %td\n", s->alpha, s->beta,
                s->tc0[0], s->tc0[1], s->tc0[2], s->tc0[3], s->stride);
        return 1;
    }
    return 0;
}

static void check_pair(Rth264DeblockPairFn fn, const char *name, int vertical)
{
    if (!checkasm_check_func(fn, "%s", name))
        return;
    declare_func(void, uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha, int beta,
                 const int8_t *tc0);
    Setup s;
    uint8_t *cr_r, *cr_n;
    for (int t = 0; t < TRIALS; t++) {
        setup_pair(&s, &cr_r, &cr_n, vertical, t);
        call_ref(s.pix_ref, cr_r, s.stride, s.alpha, s.beta, s.tc0);
        call_new(s.pix_new, cr_n, s.stride, s.alpha, s.beta, s.tc0);
        if (pair_differs(&s))
            break;
    }
    setup_pair(&s, &cr_r, &cr_n, vertical, -1);
    bench_new(s.pix_new, cr_n, s.stride, s.alpha, s.beta, s.tc0);
}

static void check_pair_intra(Rth264DeblockPairIntraFn fn, const char *name, int vertical)
{
    if (!checkasm_check_func(fn, "%s", name))
        return;
    declare_func(void, uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha, int beta);
    Setup s;
    uint8_t *cr_r, *cr_n;
    for (int t = 0; t < TRIALS; t++) {
        setup_pair(&s, &cr_r, &cr_n, vertical, t);
        call_ref(s.pix_ref, cr_r, s.stride, s.alpha, s.beta);
        call_new(s.pix_new, cr_n, s.stride, s.alpha, s.beta);
        if (pair_differs(&s))
            break;
    }
    setup_pair(&s, &cr_r, &cr_n, vertical, -1);
    bench_new(s.pix_new, cr_n, s.stride, s.alpha, s.beta);
}

void checkasm_check_deblock(unsigned cpu_flags)
{
    Rth264DeblockDsp dsp;
    rth264_deblock_init(&dsp, cpu_flags);
    check_normal(dsp.luma_v, "luma_v", 1, 16);
    check_normal(dsp.luma_h, "luma_h", 0, 16);
    check_internal(dsp.luma_internal_v, "luma_internal_v", 1);
    check_internal(dsp.luma_internal_h, "luma_internal_h", 0);
    check_intra(dsp.luma_intra_v, "luma_intra_v", 1, 16);
    check_intra(dsp.luma_intra_h, "luma_intra_h", 0, 16);
    check_normal(dsp.chroma_v, "chroma_v", 1, 8);
    check_normal(dsp.chroma_h, "chroma_h", 0, 8);
    check_intra(dsp.chroma_intra_v, "chroma_intra_v", 1, 8);
    check_intra(dsp.chroma_intra_h, "chroma_intra_h", 0, 8);
    check_pair(dsp.chroma_pair_v, "chroma_pair_v", 1);
    check_pair(dsp.chroma_pair_h, "chroma_pair_h", 0);
    check_pair_intra(dsp.chroma_pair_intra_v, "chroma_pair_intra_v", 1);
    check_pair_intra(dsp.chroma_pair_intra_h, "chroma_pair_intra_h", 0);
    checkasm_report("deblock");
}
