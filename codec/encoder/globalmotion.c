/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "encoder/encoder.h"

/*
 * One global motion vector per P picture, for scrolled screen content.
 *
 * Text has a local SAD minimum at every line pitch, so a hexagon search that
 * starts from neighbour and temporal vectors rarely finds a scroll of tens
 * of lines: a scrolled page is coded as if it were new. Here the rows (and
 * columns) of the input and of refs[0] are summed into 1-D profiles; the
 * shifts that match the profiles best are checked with a 16x16 SAD on a grid
 * of macroblocks, and the winner, if it clearly beats zero motion, becomes
 * an extra motion search candidate for every macroblock and lowers the
 * complexity the rate control plans with.
 */

#define GM_TOP 3           /* profile minima verified per direction */
#define GM_MIN_OVERLAP 2   /* a shift must keep 1/GM_MIN_OVERLAP of the profile */

typedef struct GmShift {
    int d;
    uint64_t cost;
} GmShift;

/* Row (dir 0) or column (dir 1) sums of a w x h luma area. */
static void profile(const uint8_t *p, ptrdiff_t stride, int w, int h, int dir, uint32_t *out)
{
    const int n = dir ? w : h;
    for (int i = 0; i < n; i++)
        out[i] = 0;
    for (int y = 0; y < h; y++) {
        const uint8_t *row = p + y * stride;
        if (dir) {
            for (int x = 0; x < w; x++)
                out[x] += row[x];
        } else {
            uint32_t s = 0;
            for (int x = 0; x < w; x++)
                s += row[x];
            out[y] = s;
        }
    }
}

/* Inserts (d, cost) into the GM_TOP best, kept sorted by cost. */
static void keep_best(GmShift best[GM_TOP], int d, uint64_t cost)
{
    int k = GM_TOP - 1;
    if (cost >= best[k].cost)
        return;
    while (k > 0 && best[k - 1].cost > cost) {
        best[k] = best[k - 1];
        k--;
    }
    best[k] = (GmShift){ d, cost };
}

/* Shifts d in [-range, range], d != 0, with cur[i] ~ ref[i + d] best,
 * by mean absolute profile difference over the overlap (scaled by 256). */
static void match_profiles(const uint32_t *cur, const uint32_t *ref, int n, int range,
                           GmShift best[GM_TOP])
{
    for (int k = 0; k < GM_TOP; k++)
        best[k] = (GmShift){ 0, UINT64_MAX };
    for (int d = -range; d <= range; d++) {
        const int lo = d < 0 ? -d : 0, hi = d > 0 ? n - d : n;
        if (d == 0 || hi - lo < n / GM_MIN_OVERLAP)
            continue;
        uint64_t sum = 0;
        for (int i = lo; i < hi; i++)
            sum += (uint64_t)abs((int)cur[i] - (int)ref[i + d]);
        keep_best(best, d, (sum << 8) / (uint64_t)(hi - lo));
    }
}

/* Mean 16x16 SAD per macroblock (scaled by 256) at full-sample shift
 * (dx, dy) over the MBs on a grid of 'step' whose shifted block lies
 * inside the picture. UINT64_MAX when too few MBs qualify. */
static uint64_t grid_sad(const Rth264Encoder *enc, int dx, int dy, int step)
{
    const Rth264Frame *r = enc->refs[0];
    const ptrdiff_t ss = enc->fenc->stride[0], rs = r->stride[0];
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    uint64_t sum = 0;
    int count = 0, total = 0;
    for (int my = 0; my < enc->mb_h; my += step)
        for (int mx = (my / step) % 2 * (step / 2); mx < enc->mb_w; mx += step) {
            const int x = mx * 16 + dx, y = my * 16 + dy;
            total++;
            if (x < 0 || y < 0 || x + 16 > cw || y + 16 > ch)
                continue;
            sum += (uint64_t)enc->pix.sad[RTH264_PIXEL_16x16](
                enc->fenc->data[0] + my * 16 * ss + mx * 16, ss, r->data[0] + y * rs + x, rs);
            count++;
        }
    if (count == 0 || count * 4 < total)
        return UINT64_MAX;
    return (sum << 8) / (uint64_t)count;
}

/* Lowers each MB's complexity (frame.c's estimate) where the global
 * vector predicts it better than zero motion; returns the new total. */
static double refine_complexity(Rth264Encoder *enc, double cplx)
{
    const Rth264Frame *r = enc->refs[0];
    const ptrdiff_t ss = enc->fenc->stride[0], rs = r->stride[0];
    const int dx = enc->gm_mv[0] / 4, dy = enc->gm_mv[1] / 4;
    const int pad = RTH264_FRAME_PAD_LUMA;
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    for (int my = 0; my < enc->mb_h; my++)
        for (int mx = 0; mx < enc->mb_w; mx++) {
            const int x = mx * 16 + dx, y = my * 16 + dy;
            if (x < -pad || y < -pad || x + 16 > cw + pad || y + 16 > ch + pad)
                continue;
            uint32_t *cost = &enc->mb_cost[my * enc->mb_w + mx];
            const int sad = enc->pix.sad[RTH264_PIXEL_16x16](
                enc->fenc->data[0] + my * 16 * ss + mx * 16, ss, r->data[0] + y * rs + x, rs);
            if ((uint32_t)sad + 32 < *cost) {
                cplx -= *cost - ((uint32_t)sad + 32);
                *cost = (uint32_t)sad + 32;
            }
        }
    return cplx;
}

/* Best vertical and horizontal profile shifts; returns 0 on allocation failure. */
static int profile_candidates(const Rth264Encoder *enc, GmShift rows[GM_TOP],
                              GmShift cols[GM_TOP])
{
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    uint32_t *buf = malloc(sizeof(*buf) * 2 * (size_t)(cw + ch));
    if (!buf)
        return 0;
    uint32_t *cur_rows = buf, *ref_rows = buf + ch, *cur_cols = buf + 2 * ch;
    uint32_t *ref_cols = cur_cols + cw;
    const Rth264Frame *r = enc->refs[0];
    profile(enc->fenc->data[0], enc->fenc->stride[0], cw, ch, 0, cur_rows);
    profile(r->data[0], r->stride[0], cw, ch, 0, ref_rows);
    profile(enc->fenc->data[0], enc->fenc->stride[0], cw, ch, 1, cur_cols);
    profile(r->data[0], r->stride[0], cw, ch, 1, ref_cols);
    /* Vertical range: the level's limit (Table A-1 MaxVmvR), in samples. */
    int vrange = enc->max_vmv / 4 - 1;
    if (vrange > ch / 2)
        vrange = ch / 2;
    match_profiles(cur_rows, ref_rows, ch, vrange, rows);
    match_profiles(cur_cols, ref_cols, cw, cw / 4 < 512 ? cw / 4 : 512, cols);
    free(buf);
    return 1;
}

/* Share of macroblocks whose input is unchanged since the last picture
 * (same 16x16 sum and sum of squares), kept in enc->rc.static_share for
 * the rate control; 0 when the signatures cannot be kept. */
static void measure_static(Rth264Encoder *enc)
{
    const ptrdiff_t ss = enc->fenc->stride[0];
    const int have_prev = enc->gm_sig != NULL && enc->gm_sig_count == enc->mb_count;
    if (!have_prev) {
        free(enc->gm_sig);
        enc->gm_sig = malloc(sizeof(*enc->gm_sig) * (size_t)enc->mb_count);
        enc->gm_sig_count = enc->gm_sig ? enc->mb_count : 0;
    }
    int same = 0;
    for (int i = 0; enc->gm_sig && i < enc->mb_count; i++) {
        const int mx = i % enc->mb_w, my = i / enc->mb_w;
        const uint64_t sig = enc->pix.var[0](enc->fenc->data[0] + my * 16 * ss + mx * 16, ss);
        same += have_prev && sig == enc->gm_sig[i];
        enc->gm_sig[i] = sig;
    }
    enc->rc.static_share = (double)same / enc->mb_count;
}

double rth264_enc_global_motion(Rth264Encoder *enc, double cplx)
{
    enc->gm_mv[0] = enc->gm_mv[1] = 0;
    enc->gm_valid = 0;
    measure_static(enc);
    if (enc->is_idr || !enc->num_refs || enc->mb_w < 4 || enc->mb_h < 4)
        return cplx;
    GmShift rows[GM_TOP], cols[GM_TOP];
    if (!profile_candidates(enc, rows, cols))
        return cplx;
    const int step = 2;
    const uint64_t zero = grid_sad(enc, 0, 0, step);
    uint64_t best = zero;
    int bx = 0, by = 0;
    for (int k = 0; k < 2 * GM_TOP + 1; k++) {
        const int dx = k < GM_TOP ? 0 : k < 2 * GM_TOP ? cols[k - GM_TOP].d : cols[0].d;
        const int dy = k < GM_TOP ? rows[k].d : k < 2 * GM_TOP ? 0 : rows[0].d;
        if (dx == 0 && dy == 0)
            continue;
        const uint64_t c = grid_sad(enc, dx, dy, step);
        if (c < best) {
            best = c;
            bx = dx;
            by = dy;
        }
    }
    /* Only a shift that clearly explains the picture better than no motion:
     * a near tie is noise, and zero motion is searched anyway. */
    if ((bx == 0 && by == 0) || best >= zero - zero / 4)
        return cplx;
    enc->gm_mv[0] = (int16_t)(4 * bx);
    enc->gm_mv[1] = (int16_t)(4 * by);
    enc->gm_valid = 1;
    return refine_complexity(enc, cplx);
}

int rth264_enc_gm_candidate(const Rth264Encoder *enc, int16_t mv[2])
{
    if (!enc->gm_valid)
        return 0;
    mv[0] = enc->gm_mv[0];
    mv[1] = enc->gm_mv[1];
    return 1;
}
