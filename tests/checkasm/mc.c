/* SPDX-License-Identifier: BSD-2-Clause */
/* checkasm tests of common/mc.h: luma quarter-sample and chroma
 * eighth-sample interpolation for every block size and fraction, avg, and
 * weighted prediction (explicit and implicit weights, extreme values).
 * The source window each function may read (mc.h) is copied into a heap
 * buffer of exactly that size, so an ASan build catches any read outside
 * it; the destination sits in a padded buffer compared whole. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mc.h"

#include "checkasm.h"

#define DST_STRIDE_MAX 48
#define DST_ROWS 20
#define DST_SIZE (DST_STRIDE_MAX * DST_ROWS)
#define TRIALS 4

enum { FILL_RANDOM, FILL_EXTREMES, FILL_MAX };

static void fill(uint8_t *buf, size_t n, int mode)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = mode == FILL_MAX ? 255
                 : mode == FILL_EXTREMES ? ((checkasm_rand() & 1) ? 255 : 0)
                                         : (uint8_t)checkasm_rand();
}

/* A source window of (left + w + right) x (top + h + bottom) samples with a
 * random (possibly odd) stride; returns the pointer to sample (0, 0). */
typedef struct Window {
    uint8_t *buf;
    const uint8_t *origin;
    ptrdiff_t stride;
} Window;

static int make_window(Window *win, int left, int right, int top, int bottom, int w, int h,
                       int mode)
{
    int cols = left + w + right, rows = top + h + bottom;
    win->stride = cols + checkasm_rand_range(0, 9);
    size_t size = (size_t)win->stride * (size_t)(rows - 1) + (size_t)cols;
    win->buf = malloc(size);
    if (!win->buf)
        return -1;
    fill(win->buf, size, mode);
    win->origin = win->buf + top * win->stride + left;
    return 0;
}

typedef struct Dst {
    uint8_t ref[DST_SIZE], out[DST_SIZE];
    ptrdiff_t stride;
    size_t offset; /* of the block's first sample */
} Dst;

static void make_dst(Dst *d, int w)
{
    /* Any stride >= w and any offset: the functions assume no alignment. */
    d->stride = w + checkasm_rand_range(0, DST_STRIDE_MAX - 4 - w);
    d->offset = (size_t)d->stride * 2 + (size_t)checkasm_rand_range(0, 3);
    fill(d->ref, DST_SIZE, FILL_RANDOM);
    memcpy(d->out, d->ref, DST_SIZE);
}

/* One call of the put_luma / put_chroma function under test at w x h and
 * fraction (mx, my), on a source window with `before` samples left of and
 * above the block and `after` right of and below it (what the filter may
 * read): 0 when C and SIMD agree, 1 when not, -1 when out of memory. */
static int check_put_case(int before, int after, int w, int h, int mx, int my, int mode)
{
    declare_func(void, uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h,
                 int mx, int my);
    static Dst d;
    Window win;
    if (make_window(&win, before, after, before, after, w, h, mode) < 0)
        return -1;
    make_dst(&d, w);
    call_ref(d.ref + d.offset, d.stride, win.origin, win.stride, h, mx, my);
    call_new(d.out + d.offset, d.stride, win.origin, win.stride, h, mx, my);
    free(win.buf);
    if (checkasm_check_bytes("dst", d.ref, d.out, DST_STRIDE_MAX, DST_ROWS)) {
        fprintf(stderr, "  at %dx%d mx %d my %d\n", w, h, mx, my);
        return 1;
    }
    return 0;
}

static const int luma_widths[3] = { 16, 8, 4 };
static const int luma_heights[3][3] = { { 16, 8, 0 }, { 16, 8, 4 }, { 8, 4, 0 } };

static void check_luma(const Rth264McDsp *dsp)
{
    for (int i = 0; i < 3; i++) {
        int w = luma_widths[i];
        if (!checkasm_check_func(dsp->put_luma[i], "put_luma_w%d", w))
            continue;
        declare_func(void, uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                     int h, int mx, int my);
        int failed = 0;
        for (int hi = 0; hi < 3 && luma_heights[i][hi] && !failed; hi++) {
            int h = luma_heights[i][hi];
            for (int pos = 0; pos < 16 * TRIALS && !failed; pos++) {
                /* the 6-tap filter reads 2 samples before and 3 after */
                failed = check_put_case(2, 3, w, h, pos & 3, (pos >> 2) & 3, (pos >> 4) % 3);
                if (failed < 0)
                    return;
            }
        }
        static uint8_t src[32 * 24], dst[16 * 16];
        fill(src, sizeof(src), FILL_RANDOM);
        for (int pos = 0; pos < 16; pos++) /* all positions: the sum is reported */
            bench_new(dst, 16, src + 2 * 32 + 2, 32, w == 4 ? 8 : 16, pos & 3, pos >> 2);
    }
}

static const int chroma_widths[3] = { 8, 4, 2 };
static const int chroma_heights[3][3] = { { 8, 4, 0 }, { 8, 4, 2 }, { 4, 2, 0 } };

static void check_chroma(const Rth264McDsp *dsp)
{
    for (int i = 0; i < 3; i++) {
        int w = chroma_widths[i];
        if (!checkasm_check_func(dsp->put_chroma[i], "put_chroma_w%d", w))
            continue;
        declare_func(void, uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                     int h, int mx, int my);
        int failed = 0;
        for (int hi = 0; hi < 3 && chroma_heights[i][hi] && !failed; hi++) {
            int h = chroma_heights[i][hi];
            for (int pos = 0; pos < 64 * 2 && !failed; pos++) {
                /* the bilinear filter reads 1 sample after */
                failed = check_put_case(0, 1, w, h, pos & 7, (pos >> 3) & 7,
                                        (pos >> 6) ? FILL_MAX : FILL_RANDOM);
                if (failed < 0)
                    return;
            }
        }
        static uint8_t src[16 * 16], dst[8 * 8];
        fill(src, sizeof(src), FILL_RANDOM);
        bench_new(dst, 8, src, 16, w == 2 ? 4 : 8 / (w == 8 ? 1 : 2), 3, 5);
    }
}

static void check_avg(const Rth264McDsp *dsp)
{
    static const int widths[4] = { 16, 8, 4, 2 };
    for (int i = 0; i < 4; i++) {
        int w = widths[i];
        if (!checkasm_check_func(dsp->avg[i], "avg_w%d", w))
            continue;
        declare_func(void, uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                     int h);
        static Dst d;
        for (int t = 0; t < 8; t++) {
            int h = w == 16 ? 16 >> (t & 1) : w == 2 ? 2 << (t & 1) : 8 >> (t & 1);
            Window win;
            if (make_window(&win, 0, 0, 0, 0, w, h, t % 3) < 0)
                return;
            make_dst(&d, w);
            call_ref(d.ref + d.offset, d.stride, win.origin, win.stride, h);
            call_new(d.out + d.offset, d.stride, win.origin, win.stride, h);
            free(win.buf);
            if (checkasm_check_bytes("dst", d.ref, d.out, DST_STRIDE_MAX, DST_ROWS))
                break;
        }
        static uint8_t src[16 * 16], dst[16 * 16];
        fill(src, sizeof(src), FILL_RANDOM);
        bench_new(dst, 16, src, 16, w == 2 ? 4 : w == 16 ? 16 : 8);
    }
}

/* Weights of one trial: random explicit ones, implicit ones (logwd 5,
 * w0 + w1 = 64), equal power-of-two ones or the extremes of the ranges in
 * mc.h. */
typedef struct WeightCase {
    int logwd, w, w0, w1, off;
} WeightCase;

static WeightCase weight_case(int t)
{
    WeightCase c = { checkasm_rand_range(0, 7), checkasm_rand_range(-128, 127),
                     checkasm_rand_range(-128, 127), checkasm_rand_range(-128, 127),
                     checkasm_rand_range(-128, 127) };
    if (t % 4 == 1) {
        c.logwd = 5;
        c.w0 = checkasm_rand_range(-64, 128);
        c.w1 = 64 - c.w0;
    } else if (t % 8 == 3) {
        /* equal weights 2^logwd, with and without an offset: without one,
         * weight is the identity and biweight the plain average (the
         * implicit weights of equal POC distances are 32, 32, logwd 5) */
        c.logwd = checkasm_rand_range(0, 6);
        c.w = c.w0 = c.w1 = 1 << c.logwd;
        if (!(t & 16))
            c.off = 0;
    } else if (t % 4 == 2) {
        c.w = c.w0 = c.w1 = (t & 8) ? 127 : -128;
        c.off = (t & 16) ? 127 : -128;
    }
    return c;
}

static void check_weight(const Rth264McDsp *dsp)
{
    static const int widths[4] = { 16, 8, 4, 2 };
    for (int i = 0; i < 4; i++) {
        const int w = widths[i];
        if (!checkasm_check_func(dsp->weight[i], "weight_w%d", w))
            continue;
        declare_func(void, uint8_t *dst, ptrdiff_t stride, int h, int logwd, int wt, int off);
        static Dst d;
        for (int t = 0; t < 32; t++) {
            const int h = checkasm_rand_range(1, 16);
            const WeightCase c = weight_case(t);
            make_dst(&d, w);
            if (t % 3 == 2) {
                fill(d.ref, DST_SIZE, FILL_EXTREMES);
                memcpy(d.out, d.ref, DST_SIZE);
            }
            call_ref(d.ref + d.offset, d.stride, h, c.logwd, c.w, c.off);
            call_new(d.out + d.offset, d.stride, h, c.logwd, c.w, c.off);
            if (checkasm_check_bytes("dst", d.ref, d.out, DST_STRIDE_MAX, DST_ROWS)) {
                fprintf(stderr, "  h %d logwd %d w %d off %d\n", h, c.logwd, c.w, c.off);
                break;
            }
        }
        bench_new(d.out, 16, 16, 5, 40, 3);
    }
}

static void check_biweight(const Rth264McDsp *dsp)
{
    static const int widths[4] = { 16, 8, 4, 2 };
    for (int i = 0; i < 4; i++) {
        const int w = widths[i];
        if (!checkasm_check_func(dsp->biweight[i], "biweight_w%d", w))
            continue;
        declare_func(void, uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h,
                     int logwd, int w0, int w1, int off);
        static Dst d;
        for (int t = 0; t < 32; t++) {
            const int h = checkasm_rand_range(1, 16);
            const WeightCase c = weight_case(t);
            Window win;
            if (make_window(&win, 0, 0, 0, 0, w, h, t % 3) < 0)
                return;
            make_dst(&d, w);
            call_ref(d.ref + d.offset, d.stride, win.origin, win.stride, h, c.logwd, c.w0, c.w1, c.off);
            call_new(d.out + d.offset, d.stride, win.origin, win.stride, h, c.logwd, c.w0, c.w1, c.off);
            free(win.buf);
            if (checkasm_check_bytes("dst", d.ref, d.out, DST_STRIDE_MAX, DST_ROWS)) {
                fprintf(stderr, "  h %d logwd %d w0 %d w1 %d off %d\n", h, c.logwd, c.w0, c.w1, c.off);
                break;
            }
        }
        static uint8_t src[16 * 16];
        fill(src, sizeof(src), FILL_RANDOM);
        bench_new(d.out, 16, src, 16, 16, 5, 32, 32, 0);
    }
}

void checkasm_check_mc(unsigned cpu_flags)
{
    Rth264McDsp dsp;
    rth264_mc_init(&dsp, cpu_flags);
    check_luma(&dsp);
    checkasm_report("put_luma");
    check_chroma(&dsp);
    checkasm_report("put_chroma");
    check_avg(&dsp);
    checkasm_report("avg");
    check_weight(&dsp);
    checkasm_report("weight");
    check_biweight(&dsp);
    checkasm_report("biweight");
}
