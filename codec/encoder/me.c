/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "encoder/encoder.h"
#include "encoder/me.h"

static inline int mv_cost(const EncMe *me, int mx, int my)
{
    return me->lambda * (me->mv_bits[mx - me->mvp[0]] + me->mv_bits[my - me->mvp[1]]);
}

static inline int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Integer-pel cost at (x, y) in full samples. */
static int cost_int(const EncMe *me, int x, int y)
{
    const uint8_t *r = me->ref + y * me->ref_stride + x;
    return me->sad(me->src, me->src_stride, r, me->ref_stride) + mv_cost(me, 4 * x, 4 * y);
}

static int in_range_int(const EncMe *me, int x, int y)
{
    return 4 * x >= me->min[0] && 4 * x <= me->max[0] && 4 * y >= me->min[1] && 4 * y <= me->max[1];
}

/* Costs of n (3 or 4) integer positions around (x, y) with one multi-SAD
 * call (same sums as n single SADs); the positions must be in range. */
static void cost_int_multi(const EncMe *me, int x, int y, const int8_t (*pts)[2], int n,
                           int costs[4])
{
    const uint8_t *r[4];
    for (int i = 0; i < n; i++)
        r[i] = me->ref + (y + pts[i][1]) * me->ref_stride + x + pts[i][0];
    if (n == 4)
        me->sad_x4(me->src, me->src_stride, r[0], r[1], r[2], r[3], me->ref_stride, costs);
    else
        me->sad_x3(me->src, me->src_stride, r[0], r[1], r[2], me->ref_stride, costs);
    for (int i = 0; i < n; i++)
        costs[i] += mv_cost(me, 4 * (x + pts[i][0]), 4 * (y + pts[i][1]));
}

/* Best of n (multiple of 3 or 4 by 'group') points around (*bx, *by);
 * returns the index of the improving point or -1. */
static int best_of_points(const EncMe *me, int cx, int cy, const int8_t (*pts)[2], int n,
                          int group, int *bcost)
{
    int best = -1;
    const int all_in = in_range_int(me, cx - 2, cy - 2) && in_range_int(me, cx + 2, cy + 2);
    for (int i = 0; i < n; i += group) {
        int c[4];
        if (all_in && me->sad_x4) {
            cost_int_multi(me, cx, cy, pts + i, group, c);
        } else {
            for (int k = 0; k < group; k++) {
                const int x = cx + pts[i + k][0], y = cy + pts[i + k][1];
                c[k] = in_range_int(me, x, y) ? cost_int(me, x, y) : INT_MAX;
            }
        }
        for (int k = 0; k < group; k++)
            if (c[k] < *bcost) {
                *bcost = c[k];
                best = i + k;
            }
    }
    return best;
}

/* Hexagon search (radius 2) then a 3x3 square refinement around the best. */
static void hex_search(const EncMe *me, int *bx, int *by, int *bcost, int max_iter)
{
    static const int8_t hex[6][2] = { { -2, 0 }, { -1, -2 }, { 1, -2 }, { 2, 0 }, { 1, 2 }, { -1, 2 } };
    static const int8_t sq[8][2] = { { -1, -1 }, { 0, -1 }, { 1, -1 }, { -1, 0 },
                                     { 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 } };
    int best = max_iter > 0 ? best_of_points(me, *bx, *by, hex, 6, 3, bcost) : -1;
    for (int it = 1; it < max_iter && best >= 0; it++) {
        *bx += hex[best][0];
        *by += hex[best][1];
        /* After a move along hex[b], only hex[b-1], hex[b], hex[b+1] are
         * new; the other three were costed and lost already. Kept in index
         * order so ties resolve as a full pass would. */
        int8_t pts[3][2];
        const int idx[3] = { (best + 5) % 6, best, (best + 1) % 6 };
        int k = 0;
        for (int i = 0; i < 6; i++)
            if (i == idx[0] || i == idx[1] || i == idx[2]) {
                pts[k][0] = hex[i][0];
                pts[k++][1] = hex[i][1];
            }
        const int b = best_of_points(me, *bx, *by, (const int8_t(*)[2])pts, 3, 3, bcost);
        best = -1;
        for (int i = 0; b >= 0 && i < 6; i++)
            if (hex[i][0] == pts[b][0] && hex[i][1] == pts[b][1])
                best = i;
    }
    if (best >= 0) {
        *bx += hex[best][0];
        *by += hex[best][1];
    }
    best = best_of_points(me, *bx, *by, sq, 8, 4, bcost);
    if (best >= 0) {
        *bx += sq[best][0];
        *by += sq[best][1];
    }
}

/* Sub-pel cost from the half-sample planes (8.4.2.2.1: a quarter sample is
 * the rounded average of two full/half samples). Inline: the refinement
 * calls it ~20 times per search. */
static inline int cost_sub_hpel(const EncMe *me, int mx, int my, int satd)
{
    /* rth264_hpel_ref with the block's plane origins precomputed. */
    const uint8_t (*q)[3] = rth264_hpel_qpel_src[4 * (my & 3) + (mx & 3)];
    const ptrdiff_t st = me->ref_stride, off = (my >> 2) * st + (mx >> 2);
    const uint8_t *a = me->plane_at[q[0][0]] + off + q[0][2] * st + q[0][1];
    const uint8_t *b = me->plane_at[q[1][0]] + off + q[1][2] * st + q[1][1];
    int d;
    if (a == b)
        d = (satd ? me->satd : me->sad)(me->src, me->src_stride, a, me->ref_stride);
    else
        d = (satd ? me->satd_avg2 : me->sad_avg2)(me->src, me->src_stride, a, b, me->ref_stride);
    return d + mv_cost(me, mx, my);
}

/* Sub-pel cost with the real interpolation (8.4.2.2.1) when there are no
 * half-sample planes: filter the block, then SAD or SATD. */
static __attribute__((noinline)) int cost_sub_mc(const EncMe *me, int mx, int my, int satd)
{
    uint8_t pred[16 * 16] __attribute__((aligned(16)));
    const uint8_t *r = me->ref + (my >> 2) * me->ref_stride + (mx >> 2);
    me->mc(pred, 16, r, me->ref_stride, me->h, mx & 3, my & 3);
    return (satd ? me->satd : me->sad)(me->src, me->src_stride, pred, 16) + mv_cost(me, mx, my);
}

static inline int cost_sub_with(const EncMe *me, int mx, int my, int satd)
{
    return me->hpel ? cost_sub_hpel(me, mx, my, satd) : cost_sub_mc(me, mx, my, satd);
}

static int cost_sub(const EncMe *me, int mx, int my)
{
    return cost_sub_with(me, mx, my, 1);
}

/* Pointer to the block at vector (mx, my) when that position is a full or
 * half sample (mx, my even): one plane, no averaging (8.4.2.2.1 b, h, j). */
static inline const uint8_t *half_plane_at(const EncMe *me, int mx, int my)
{
    const int plane = (mx & 2 ? 1 : 0) + (my & 2 ? 2 : 0); /* full, H, V, J */
    return me->plane_at[plane] + (my >> 2) * me->ref_stride + (mx >> 2);
}

/* SAD + mv bits of n (<= 8) full/half positions, four (or three) at a time
 * with the multi-SAD kernels: same sums as single SADs, so the search takes
 * the same path; saves the per-candidate call and setup. */
static void cost_half_batch(const EncMe *me, const int (*xy)[2], int n, int *costs)
{
    const uint8_t *r[8];
    for (int i = 0; i < n; i++)
        r[i] = half_plane_at(me, xy[i][0], xy[i][1]);
    int i = 0;
    for (; n - i >= 4; i += 4)
        me->sad_x4(me->src, me->src_stride, r[i], r[i + 1], r[i + 2], r[i + 3],
                   me->ref_stride, costs + i);
    if (n - i == 3 && me->sad_x3) {
        me->sad_x3(me->src, me->src_stride, r[i], r[i + 1], r[i + 2], me->ref_stride, costs + i);
        i += 3;
    }
    for (; i < n; i++)
        costs[i] = me->sad(me->src, me->src_stride, r[i], me->ref_stride);
    for (i = 0; i < n; i++)
        costs[i] += mv_cost(me, xy[i][0], xy[i][1]);
}

/* Refinement at the given sub-sample step: the 8 neighbours around the
 * best (npts 4: the diamond of the first four), repeated while it moves (at
 * most 'rounds' times). */
static void subpel_refine(const EncMe *me, int16_t mv[2], int *cost, int step, int rounds,
                          int npts)
{
    static const int8_t pts[8][2] = { { 0, -1 }, { -1, 0 }, { 1, 0 }, { 0, 1 },
                                      { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 } };
    int mx = 0, my = 0; /* last move, in steps */
    for (int r = 0; r < rounds; r++) {
        int best = -1;
        const int cx = mv[0], cy = mv[1];
        int xy[8][2], idx[8], n = 0;
        for (int i = 0; i < npts; i++) {
            /* Points of the previous pattern were costed and lost already. */
            const int ox = pts[i][0] + mx, oy = pts[i][1] + my;
            const int seen = npts == 8 ? ox >= -1 && ox <= 1 && oy >= -1 && oy <= 1
                                       : abs(ox) + abs(oy) <= 1;
            if (r > 0 && seen)
                continue;
            const int x = cx + pts[i][0] * step, y = cy + pts[i][1] * step;
            if (x < me->min[0] || x > me->max[0] || y < me->min[1] || y > me->max[1])
                continue;
            xy[n][0] = x;
            xy[n][1] = y;
            idx[n++] = i;
        }
        int c[8];
        /* Half-sample steps from a full/half centre stay on full/half
         * positions: one plane each, so the multi-SAD kernels apply. */
        if (step == 2 && me->hpel && me->sad_x4 && !(cx & 1) && !(cy & 1)) {
            cost_half_batch(me, (const int(*)[2])xy, n, c);
        } else {
            for (int k = 0; k < n; k++)
                c[k] = cost_sub_with(me, xy[k][0], xy[k][1], 0); /* SAD */
        }
        for (int k = 0; k < n; k++) /* index order: ties resolve as before */
            if (c[k] < *cost) {
                *cost = c[k];
                best = idx[k];
            }
        if (best < 0)
            break;
        mx = pts[best][0];
        my = pts[best][1];
        mv[0] = (int16_t)(cx + mx * step);
        mv[1] = (int16_t)(cy + my * step);
    }
}

/* Full search of one partition: candidates, integer hexagon, sub-pel.
 * Returns the SATD + lambda * mv bits cost of mv. */
int rth264_enc_me_search(const EncMe *me, const int16_t (*cands)[2], int num_cands,
                         int16_t mv[2])
{
    int bx = 0, by = 0, bcost = INT_MAX;
    int seen[16][2], num_seen = 0;
    for (int i = -1; i < num_cands; i++) {
        const int16_t *c = i < 0 ? me->mvp : cands[i];
        const int x = clampi((c[0] + 2) >> 2, me->min[0] >> 2, me->max[0] >> 2);
        const int y = clampi((c[1] + 2) >> 2, me->min[1] >> 2, me->max[1] >> 2);
        if (!in_range_int(me, x, y))
            continue;
        int dup = 0; /* neighbours often share a vector: cost it once */
        for (int k = 0; k < num_seen && !dup; k++)
            dup = seen[k][0] == x && seen[k][1] == y;
        if (dup)
            continue;
        if (num_seen < 16) {
            seen[num_seen][0] = x;
            seen[num_seen++][1] = y;
        }
        const int cost = cost_int(me, x, y);
        if (cost < bcost) {
            bcost = cost;
            bx = x;
            by = y;
        }
    }
    if (bcost == INT_MAX) { /* degenerate range: stay at the clamped origin */
        bx = clampi(0, (me->min[0] + 3) >> 2, me->max[0] >> 2);
        by = clampi(0, (me->min[1] + 3) >> 2, me->max[1] >> 2);
        bcost = cost_int(me, bx, by);
    }
    hex_search(me, &bx, &by, &bcost, me->max_iter);
    mv[0] = (int16_t)(4 * bx);
    mv[1] = (int16_t)(4 * by);
    /* Half then quarter sample: all 8 neighbours, ranked by SAD on the
     * exact interpolation (measured on camera video: squares beat 4-point
     * diamonds by 4-8% BD-rate, SAD ranks as well as SATD here, a second
     * round gains ~2%). The returned cost is SATD for the mode decision. */
    int cost = bcost; /* SAD + mv bits at the integer vector */
    if (me->half_rounds)
        subpel_refine(me, mv, &cost, 2, me->half_rounds, 8);
    if (me->qpel_rounds)
        subpel_refine(me, mv, &cost, 1, me->qpel_rounds, me->qpel_diamond ? 4 : 8);
    return cost_sub(me, mv[0], mv[1]);
}

/* Cost of a given vector (no search), same metric as the search result. */
int rth264_enc_me_cost(const EncMe *me, const int16_t mv[2])
{
    return cost_sub(me, mv[0], mv[1]);
}
