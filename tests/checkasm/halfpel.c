/* SPDX-License-Identifier: BSD-2-Clause */
/* checkasm tests of common/halfpel.h: the three half-sample planes in one
 * pass. The source window is an exact-size heap block (rows -2..height+2,
 * columns -2..width+2), so an ASan build sees any over-read; the outputs
 * sit in larger buffers compared whole. The C reference is cross-checked
 * against the mc module's put_luma (C) at fractions (2,0), (0,2), (2,2). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/halfpel.h"
#include "common/mc.h"

#include "checkasm.h"

enum { MAX_W = 48, MAX_H = 8, MAX_STRIDE = MAX_W + 16, OUT_SIZE = MAX_STRIDE * (MAX_H + 2) };

static uint8_t source_value(int kind, int x, int y)
{
    switch (kind) {
    case 0: return (uint8_t)checkasm_rand();
    case 1: return ((x + y) & 1) ? 255 : 0;   /* maximal and minimal taps */
    case 2: return (x % 6 == 2 || x % 6 == 3) ? 255 : 0;
    case 3: return (checkasm_rand() & 1) * 255;
    default: return 255;
    }
}

/* put_luma W16 tiles of the C mc module at the three fractions (j NULL:
 * h and v only). */
static int cross_check(const uint8_t *h, const uint8_t *v, const uint8_t *j, const uint8_t *src,
                       ptrdiff_t stride, int width, int height)
{
    Rth264McDsp mc;
    rth264_mc_init(&mc, 0);
    static const int frac[3][2] = { { 2, 0 }, { 0, 2 }, { 2, 2 } };
    const uint8_t *plane[3] = { h, v, j };
    uint8_t tile[16 * 16];
    for (int p = 0; p < (j ? 3 : 2); p++)
        for (int x = 0; x < width; x += 16)
            for (int y = 0; y < height; y++) {
                mc.put_luma[RTH264_MC_W16](tile, 16, src + y * stride + x, stride, 1, frac[p][0],
                                           frac[p][1]);
                if (memcmp(tile, plane[p] + y * stride + x, 16))
                    return checkasm_fail("hpel_filter C reference: plane %d differs from put_luma "
                                         "at x %d, y %d", p, x, y);
            }
    return 0;
}

/* An exact-size source window (see the top) of the given pattern; returns
 * the block to free, *src the sample (0, 0). */
static uint8_t *make_source(int kind, int width, int height, ptrdiff_t stride,
                            const uint8_t **src)
{
    const ptrdiff_t abs_stride = stride < 0 ? -stride : stride;
    const size_t src_size = (size_t)(height + 4) * (size_t)abs_stride + (size_t)width + 5;
    uint8_t *buf = malloc(src_size);
    if (!buf)
        return NULL;
    /* the top-left sample read, (-2, -2), is buf[0] (stride > 0) */
    uint8_t *s = stride > 0 ? buf + 2 * abs_stride + 2 : buf + (size_t)(height + 2) * abs_stride + 2;
    for (int y = -2; y < height + 3; y++)
        for (int x = -2; x < width + 3; x++)
            s[y * stride + x] = source_value(kind, x, y);
    *src = s;
    return buf;
}

/* One case of the hpel_filter tests: a random size (width a multiple of 16,
 * at least 16 * min_blocks), stride (negative for odd t) and source kind t % 5. */
typedef struct FilterCase {
    int width, height;
    ptrdiff_t stride;
    const uint8_t *src;
    size_t first; /* offset of row 0 in the output buffers */
} FilterCase;

/* Returns the source allocation to free, NULL if out of memory. */
static uint8_t *make_filter_case(int t, int min_blocks, FilterCase *fc)
{
    fc->width = 16 * checkasm_rand_range(min_blocks, MAX_W / 16);
    fc->height = checkasm_rand_range(1, MAX_H);
    const ptrdiff_t abs_stride = fc->width + 5 + checkasm_rand_range(0, 11);
    fc->stride = t & 1 ? -abs_stride : abs_stride;
    fc->first = (size_t)abs_stride * (fc->stride > 0 ? 1 : (size_t)fc->height);
    return make_source(t % 5, fc->width, fc->height, fc->stride, &fc->src);
}

static void check_hpel_filter_hv(const Rth264HalfpelDsp *dsp)
{
    if (!checkasm_check_func(dsp->hpel_filter_hv, "hpel_filter_hv"))
        return;
    declare_func(void, uint8_t *h, uint8_t *v, const uint8_t *src, ptrdiff_t stride, int width,
                 int height);
    static uint8_t ref[2][OUT_SIZE], out[2][OUT_SIZE];
    for (int t = 0; t < 64; t++) {
        FilterCase fc;
        uint8_t *buf = make_filter_case(t, 2, &fc);
        if (!buf)
            return;
        checkasm_randomize(ref, sizeof(ref));
        memcpy(out, ref, sizeof(ref));
        const size_t r0 = fc.first;
        call_ref(ref[0] + r0, ref[1] + r0, fc.src, fc.stride, fc.width, fc.height);
        call_new(out[0] + r0, out[1] + r0, fc.src, fc.stride, fc.width, fc.height);
        int fail = t < 16 && cross_check(ref[0] + r0, ref[1] + r0, NULL, fc.src, fc.stride,
                                         fc.width, fc.height);
        for (int p = 0; p < 2 && !fail; p++)
            fail = checkasm_check_bytes(p == 0 ? "h" : "v", ref[p], out[p], OUT_SIZE, 1);
        free(buf);
        if (fail)
            break;
    }
    enum { BW = 1280, BH = 4, BS = BW + 64 };
    static uint8_t bsrc[BS * (BH + 5)], bout[2][BS * BH];
    checkasm_randomize(bsrc, sizeof(bsrc));
    bench_new(bout[0], bout[1], bsrc + 2 * BS + 8, (ptrdiff_t)BS, BW, BH);
}

static void check_hpel_filter(const Rth264HalfpelDsp *dsp)
{
    if (!checkasm_check_func(dsp->hpel_filter, "hpel_filter"))
        return;
    declare_func(void, uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *src, ptrdiff_t stride,
                 int width, int height);
    static uint8_t ref[3][OUT_SIZE], out[3][OUT_SIZE];
    for (int t = 0; t < 64; t++) {
        FilterCase fc;
        uint8_t *buf = make_filter_case(t, 1, &fc);
        if (!buf)
            return;
        checkasm_randomize(ref, sizeof(ref));
        memcpy(out, ref, sizeof(ref));
        const size_t r0 = fc.first;
        call_ref(ref[0] + r0, ref[1] + r0, ref[2] + r0, fc.src, fc.stride, fc.width, fc.height);
        call_new(out[0] + r0, out[1] + r0, out[2] + r0, fc.src, fc.stride, fc.width, fc.height);
        int fail = t < 16 && cross_check(ref[0] + r0, ref[1] + r0, ref[2] + r0, fc.src, fc.stride,
                                         fc.width, fc.height);
        for (int p = 0; p < 3 && !fail; p++)
            fail = checkasm_check_bytes(p == 0 ? "h" : p == 1 ? "v" : "j", ref[p], out[p],
                                        OUT_SIZE, 1);
        free(buf);
        if (fail)
            break;
    }
    /* one 720p-wide row band: 1280 x 4 */
    enum { BW = 1280, BH = 4, BS = BW + 64 };
    static uint8_t bsrc[BS * (BH + 5)], bout[3][BS * BH];
    checkasm_randomize(bsrc, sizeof(bsrc));
    bench_new(bout[0], bout[1], bout[2], bsrc + 2 * BS + 8, (ptrdiff_t)BS, BW, BH);
}

/* sad_qring_16x16, sad_avg2_shared_x8_16x16 and sad_x8_16x16 take the same
 * arguments and differ in the number of blocks they read: all are tested
 * here with n_blocks blocks at independent offsets (overlapping, as in the
 * encoder, or not), both stride signs, random and extreme samples, and
 * benchmarked with the blocks at bench_offset[k] = { dy, dx } around the
 * centre c of the reference buffer. */
static void check_sad_blocks_16x16(const void *func, const char *name, int n_blocks,
                                   const int8_t (*bench_offset)[2])
{
    if (!checkasm_check_func(func, "%s", name))
        return;
    declare_func(void, const uint8_t *src, ptrdiff_t src_stride, const uint8_t *const *blk,
                 ptrdiff_t ref_stride, int *scores);
    enum { RS = 64, RH = 40, SS = 48, MAX_BLOCKS = 9 };
    static uint8_t refbuf[RS * RH], srcbuf[SS * 16];
    const uint8_t *blk[MAX_BLOCKS];
    for (int t = 0; t < 64; t++) {
        if (t % 4 == 3) {
            memset(refbuf, t & 4 ? 255 : 0, sizeof(refbuf));
            memset(srcbuf, t & 4 ? 0 : 255, sizeof(srcbuf));
        } else {
            checkasm_randomize(refbuf, sizeof(refbuf));
            checkasm_randomize(srcbuf, sizeof(srcbuf));
        }
        const ptrdiff_t rs = t & 1 ? -RS : RS;
        const uint8_t *origin = t & 1 ? refbuf + (RH - 1) * RS : refbuf;
        for (int k = 0; k < n_blocks; k++)
            blk[k] = origin + checkasm_rand_range(0, RH - 16) * rs + checkasm_rand_range(0, RS - 16);
        const ptrdiff_t ss = t & 2 ? SS : 16 + 16 * (t & 1);
        /* one more score than written: a store past scores[7] shows */
        int s0[9] = { -1, -1, -1, -1, -1, -1, -1, -1, -1 };
        int s1[9] = { -1, -1, -1, -1, -1, -1, -1, -1, -1 };
        call_ref(srcbuf, ss, blk, rs, s0);
        call_new(srcbuf, ss, blk, rs, s1);
        if (checkasm_check_bytes("scores", s0, s1, sizeof(s0), 1))
            break;
    }
    const uint8_t *c = refbuf + 8 * RS + 8;
    for (int k = 0; k < n_blocks; k++)
        blk[k] = c + bench_offset[k][0] * RS + bench_offset[k][1];
    int s[8];
    bench_new(srcbuf, (ptrdiff_t)SS, blk, (ptrdiff_t)RS, s);
}

static void check_sad_qring(const Rth264HalfpelDsp *dsp)
{
    /* the centre, up, left, right, down */
    static const int8_t bench_offset[5][2] = { { 0, 0 }, { -1, 0 }, { 0, -1 }, { 0, 1 }, { 1, 0 } };
    check_sad_blocks_16x16((const void *)dsp->sad_qring_16x16, "sad_qring_16x16", 5, bench_offset);
}

static void check_sad_avg2_shared_x8(const Rth264HalfpelDsp *dsp)
{
    /* the shared centre, then its eight neighbours */
    static const int8_t bench_offset[9][2] = {
        { 0, 0 },   { -1, 0 }, { 0, -1 }, { 0, 1 }, { 1, 0 },
        { -1, -1 }, { -1, 1 }, { 1, -1 }, { 1, 1 },
    };
    check_sad_blocks_16x16((const void *)dsp->sad_avg2_shared_x8_16x16, "sad_avg2_shared_x8_16x16",
                           9, bench_offset);
}

static void check_sad_x8(const Rth264HalfpelDsp *dsp)
{
    static const int8_t bench_offset[8][2] = {
        { -1, 0 }, { 0, -1 }, { 0, 0 }, { 1, 0 }, { -1, -1 }, { -1, 0 }, { 0, -1 }, { 0, 0 },
    };
    check_sad_blocks_16x16((const void *)dsp->sad_x8_16x16, "sad_x8_16x16", 8, bench_offset);
}

void checkasm_check_halfpel(unsigned cpu_flags)
{
    Rth264HalfpelDsp dsp;
    rth264_halfpel_init(&dsp, cpu_flags);
    check_hpel_filter(&dsp);
    check_hpel_filter_hv(&dsp);
    check_sad_qring(&dsp);
    check_sad_avg2_shared_x8(&dsp);
    check_sad_x8(&dsp);
    checkasm_report("halfpel");
}
