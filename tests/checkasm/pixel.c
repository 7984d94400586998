/* SPDX-License-Identifier: BSD-2-Clause */
/* checkasm tests of common/pixel.h: SAD, SAD x3/x4, SATD, SSD, plane SSD,
 * block variance. Inputs honour the alignment contract of pixel.h (src
 * 16-byte aligned for 16-wide blocks, 8 otherwise, src_stride a multiple of
 * 16) and nothing more: ref at any offset, any ref_stride including
 * negative and odd ones. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/pixel.h"

#include "checkasm.h"

#define REF_SIZE 4096
#define REF_CENTER 2048
#define SRC_SIZE (96 * 20)
#define TRIALS 24

enum { FILL_RANDOM, FILL_MAX, FILL_ZERO, FILL_EXTREMES };

/* Pairs of (src, ref) fills: random data, then the extremes that maximise
 * the sums (all 0 against all 255, random 0/255 patterns for SATD). */
static const int fill_modes[][2] = {
    { FILL_RANDOM, FILL_RANDOM }, { FILL_MAX, FILL_ZERO }, { FILL_ZERO, FILL_MAX },
    { FILL_EXTREMES, FILL_EXTREMES }, { FILL_EXTREMES, FILL_RANDOM },
};
#define NUM_FILL_MODES (int)(sizeof(fill_modes) / sizeof(fill_modes[0]))

static uint8_t src_buf[SRC_SIZE] __attribute__((aligned(32)));
static uint8_t ref_buf[REF_SIZE];

static void fill(uint8_t *buf, size_t n, int mode)
{
    for (size_t i = 0; i < n; i++) {
        switch (mode) {
        case FILL_MAX: buf[i] = 255; break;
        case FILL_ZERO: buf[i] = 0; break;
        case FILL_EXTREMES: buf[i] = (checkasm_rand() & 1) ? 255 : 0; break;
        default: buf[i] = (uint8_t)checkasm_rand(); break;
        }
    }
}

static void fill_inputs(int trial)
{
    const int *m = fill_modes[trial % NUM_FILL_MODES];
    fill(src_buf, sizeof(src_buf), m[0]);
    fill(ref_buf, sizeof(ref_buf), m[1]);
}

/* A src block: 16-aligned for w = 16, 8-aligned otherwise; stride 16*k >= w. */
static const uint8_t *pick_src(int w, ptrdiff_t *stride)
{
    *stride = 16 * checkasm_rand_range(w > 16 ? 2 : 1, 5);
    return src_buf + (w == 16 ? 0 : 8 * checkasm_rand_range(0, 1));
}

/* A ref block: any offset near the centre, any stride in +-[w, 80]. */
static ptrdiff_t pick_ref_stride(int w)
{
    ptrdiff_t s = checkasm_rand_range(w, 80);
    return (checkasm_rand() & 1) ? -s : s;
}

static const uint8_t *pick_ref(void)
{
    return ref_buf + REF_CENTER + checkasm_rand_range(-40, 40);
}

static void check_block_metric(Rth264SadFn const *table, const char *name)
{
    for (int i = 0; i < RTH264_PIXEL_SIZES; i++) {
        int w = rth264_pixel_size_w[i], h = rth264_pixel_size_h[i];
        if (!checkasm_check_func(table[i], "%s_%dx%d", name, w, h))
            continue;
        declare_func(int, const uint8_t *src, ptrdiff_t src_stride,
                     const uint8_t *ref, ptrdiff_t ref_stride);
        for (int t = 0; t < TRIALS; t++) {
            fill_inputs(t);
            ptrdiff_t ss, rs = pick_ref_stride(w);
            const uint8_t *src = pick_src(w, &ss), *ref = pick_ref();
            int a = call_ref(src, ss, ref, rs);
            int b = call_new(src, ss, ref, rs);
            if (a != b) {
                checkasm_fail("trial %d: C %d, asm %d (src_stride %td, ref_stride %td)",
                              t, a, b, ss, rs);
                break;
            }
        }
        fill_inputs(0);
        bench_new(src_buf, 64, ref_buf + REF_CENTER + 1, 64);
    }
}

static void check_sad_x3(const Rth264PixelDsp *dsp)
{
    for (int i = 0; i < RTH264_PIXEL_SIZES; i++) {
        int w = rth264_pixel_size_w[i], h = rth264_pixel_size_h[i];
        if (!checkasm_check_func(dsp->sad_x3[i], "sad_x3_%dx%d", w, h))
            continue;
        declare_func(void, const uint8_t *src, ptrdiff_t src_stride, const uint8_t *r0,
                     const uint8_t *r1, const uint8_t *r2, ptrdiff_t ref_stride, int *scores);
        for (int t = 0; t < TRIALS; t++) {
            fill_inputs(t);
            ptrdiff_t ss, rs = pick_ref_stride(w);
            const uint8_t *src = pick_src(w, &ss);
            const uint8_t *r0 = pick_ref(), *r1 = pick_ref(), *r2 = pick_ref();
            int a[4] = { -1, -1, -1, -1 }, b[4] = { -1, -1, -1, -1 };
            call_ref(src, ss, r0, r1, r2, rs, a);
            call_new(src, ss, r0, r1, r2, rs, b);
            if (checkasm_check_bytes("scores", a, b, sizeof(a), 1))
                break;
        }
        int s[3];
        const uint8_t *r = ref_buf + REF_CENTER;
        bench_new(src_buf, 64, r + 1, r + 2, r + 67, 64, s);
    }
}

static void check_sad_x4(const Rth264PixelDsp *dsp)
{
    for (int i = 0; i < RTH264_PIXEL_SIZES; i++) {
        int w = rth264_pixel_size_w[i], h = rth264_pixel_size_h[i];
        if (!checkasm_check_func(dsp->sad_x4[i], "sad_x4_%dx%d", w, h))
            continue;
        declare_func(void, const uint8_t *src, ptrdiff_t src_stride, const uint8_t *r0,
                     const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                     ptrdiff_t ref_stride, int *scores);
        for (int t = 0; t < TRIALS; t++) {
            fill_inputs(t);
            ptrdiff_t ss, rs = pick_ref_stride(w);
            const uint8_t *src = pick_src(w, &ss);
            const uint8_t *r0 = pick_ref(), *r1 = pick_ref();
            const uint8_t *r2 = pick_ref(), *r3 = pick_ref();
            int a[5] = { -1, -1, -1, -1, -1 }, b[5] = { -1, -1, -1, -1, -1 };
            call_ref(src, ss, r0, r1, r2, r3, rs, a);
            call_new(src, ss, r0, r1, r2, r3, rs, b);
            if (checkasm_check_bytes("scores", a, b, sizeof(a), 1))
                break;
        }
        int s[4];
        const uint8_t *r = ref_buf + REF_CENTER;
        bench_new(src_buf, 64, r + 1, r + 2, r + 65, r + 66, 64, s);
    }
}

static void check_ssd_plane(const Rth264PixelDsp *dsp)
{
    if (!checkasm_check_func(dsp->ssd_plane, "ssd_plane"))
        return;
    declare_func(uint64_t, const uint8_t *a, ptrdiff_t a_stride, const uint8_t *b,
                 ptrdiff_t b_stride, int w, int h);
    for (int t = 0; t < TRIALS; t++) {
        fill_inputs(t);
        /* widths around the 16- and 32-sample steps and their tails */
        static const int edge_w[8] = { 1, 2, 15, 16, 17, 31, 32, 33 };
        int w = t < 8 ? edge_w[t] : checkasm_rand_range(1, 90);
        int h = checkasm_rand_range(1, 14);
        ptrdiff_t as = checkasm_rand_range(w, 96), bs = checkasm_rand_range(w, 96);
        const uint8_t *a = src_buf + checkasm_rand_range(0, 15);
        const uint8_t *b = ref_buf + checkasm_rand_range(0, 15);
        uint64_t r0 = call_ref(a, as, b, bs, w, h);
        uint64_t r1 = call_new(a, as, b, bs, w, h);
        if (r0 != r1) {
            checkasm_fail("%dx%d: C %" PRIu64 ", asm %" PRIu64, w, h, r0, r1);
            break;
        }
    }
    bench_new(src_buf, 96, ref_buf, 96, 80, 16);
}

static void check_var(const Rth264PixelDsp *dsp)
{
    for (int i = 0; i < 2; i++) {
        int w = i ? 8 : 16;
        if (!checkasm_check_func(dsp->var[i], "var_%dx%d", w, w))
            continue;
        declare_func(uint64_t, const uint8_t *src, ptrdiff_t stride);
        for (int t = 0; t < TRIALS; t++) {
            fill_inputs(t);
            ptrdiff_t ss;
            const uint8_t *src = pick_src(w, &ss);
            uint64_t a = call_ref(src, ss);
            uint64_t b = call_new(src, ss);
            if (a != b) {
                checkasm_fail("trial %d: C 0x%" PRIx64 ", asm 0x%" PRIx64, t, a, b);
                break;
            }
        }
        bench_new(src_buf, 64);
    }
}

/* sad_avg2 / satd_avg2: two candidates at independent offsets sharing
 * ref_stride (any sign). */
static void check_metric_avg2(Rth264SadAvg2Fn const *table, const char *name)
{
    for (int i = 0; i < RTH264_PIXEL_SIZES; i++) {
        int w = rth264_pixel_size_w[i], h = rth264_pixel_size_h[i];
        if (!checkasm_check_func(table[i], "%s_%dx%d", name, w, h))
            continue;
        declare_func(int, const uint8_t *src, ptrdiff_t src_stride, const uint8_t *a,
                     const uint8_t *b, ptrdiff_t ref_stride);
        for (int t = 0; t < TRIALS; t++) {
            fill_inputs(t);
            ptrdiff_t ss;
            const uint8_t *src = pick_src(w, &ss);
            const ptrdiff_t rs = pick_ref_stride(w);
            const uint8_t *a = pick_ref(), *b = pick_ref();
            int r = call_ref(src, ss, a, b, rs), n = call_new(src, ss, a, b, rs);
            if (r != n) {
                checkasm_fail("%s_%dx%d: C %d, asm %d", name, w, h, r, n);
                break;
            }
        }
        bench_new(src_buf, 64, ref_buf + REF_CENTER, ref_buf + REF_CENTER + 1, 64);
    }
}

/* sad_avg2_x4: four pairs at independent offsets sharing ref_stride. */
static void check_sad_avg2_x4(const Rth264PixelDsp *dsp)
{
    for (int i = 0; i < RTH264_PIXEL_SIZES; i++) {
        int w = rth264_pixel_size_w[i], h = rth264_pixel_size_h[i];
        if (!checkasm_check_func(dsp->sad_avg2_x4[i], "sad_avg2_x4_%dx%d", w, h))
            continue;
        declare_func(void, const uint8_t *src, ptrdiff_t src_stride, const uint8_t *const *a,
                     const uint8_t *const *b, ptrdiff_t ref_stride, int *scores);
        for (int t = 0; t < TRIALS; t++) {
            fill_inputs(t);
            ptrdiff_t ss, rs = pick_ref_stride(w);
            const uint8_t *src = pick_src(w, &ss);
            const uint8_t *a[4], *b[4];
            for (int k = 0; k < 4; k++) {
                a[k] = pick_ref();
                b[k] = t & 1 ? pick_ref() : a[k]; /* a == b: full/half positions */
            }
            int s0[5] = { -1, -1, -1, -1, -1 }, s1[5] = { -1, -1, -1, -1, -1 };
            call_ref(src, ss, a, b, rs, s0);
            call_new(src, ss, a, b, rs, s1);
            if (checkasm_check_bytes("scores", s0, s1, sizeof(s0), 1))
                break;
        }
        int s[4];
        const uint8_t *r = ref_buf + REF_CENTER;
        const uint8_t *a[4] = { r, r + 1, r + 64, r + 65 }, *b[4] = { r + 1, r + 2, r + 65, r + 66 };
        bench_new(src_buf, 64, a, b, 64, s);
    }
}

void checkasm_check_pixel(unsigned cpu_flags)
{
    Rth264PixelDsp dsp;
    rth264_pixel_init(&dsp, cpu_flags);
    check_block_metric(dsp.sad, "sad");
    checkasm_report("sad");
    check_sad_x3(&dsp);
    check_sad_x4(&dsp);
    checkasm_report("sad_x");
    check_metric_avg2(dsp.sad_avg2, "sad_avg2");
    checkasm_report("sad_avg2");
    check_sad_avg2_x4(&dsp);
    checkasm_report("sad_avg2_x4");
    check_metric_avg2(dsp.satd_avg2, "satd_avg2");
    checkasm_report("satd_avg2");
    check_block_metric(dsp.satd, "satd");
    checkasm_report("satd");
    check_block_metric(dsp.ssd, "ssd");
    check_ssd_plane(&dsp);
    checkasm_report("ssd");
    check_var(&dsp);
    checkasm_report("var");
}
