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

/* Hexagon search (radius 2) then a 3x3 square refinement around the best. */
static void hex_search(const EncMe *me, int *bx, int *by, int *bcost, int max_iter)
{
    static const int8_t hex[6][2] = { { -2, 0 }, { -1, -2 }, { 1, -2 }, { 2, 0 }, { 1, 2 }, { -1, 2 } };
    static const int8_t sq[8][2] = { { -1, -1 }, { 0, -1 }, { 1, -1 }, { -1, 0 },
                                     { 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 } };
    for (int it = 0; it < max_iter; it++) {
        int best = -1;
        for (int i = 0; i < 6; i++) {
            const int x = *bx + hex[i][0], y = *by + hex[i][1];
            if (!in_range_int(me, x, y))
                continue;
            const int c = cost_int(me, x, y);
            if (c < *bcost) {
                *bcost = c;
                best = i;
            }
        }
        if (best < 0)
            break;
        *bx += hex[best][0];
        *by += hex[best][1];
    }
    const int cx = *bx, cy = *by;
    for (int i = 0; i < 8; i++) {
        const int x = cx + sq[i][0], y = cy + sq[i][1];
        if (!in_range_int(me, x, y))
            continue;
        const int c = cost_int(me, x, y);
        if (c < *bcost) {
            *bcost = c;
            *bx = x;
            *by = y;
        }
    }
}

/* Sub-pel cost with the real interpolation (8.4.2.2.1) and SATD. */
static int cost_sub_with(const EncMe *me, int mx, int my, Rth264SatdFn metric)
{
    uint8_t pred[16 * 16] __attribute__((aligned(16)));
    if (me->hpel) {
        const uint8_t *a, *b;
        rth264_hpel_ref(me->hpel, me->ref_plane, me->px, me->py, mx, my, &a, &b);
        if (a == b)
            return metric(me->src, me->src_stride, a, me->ref_stride) + mv_cost(me, mx, my);
        /* 8.4.2.2.1: a quarter sample is the rounded average of two. */
        for (int y = 0; y < me->h; y++)
            memcpy(pred + 16 * y, a + y * me->ref_stride, (size_t)me->w);
        me->avg(pred, 16, b, me->ref_stride, me->h);
        return metric(me->src, me->src_stride, pred, 16) + mv_cost(me, mx, my);
    }
    const uint8_t *r = me->ref + (my >> 2) * me->ref_stride + (mx >> 2);
    me->mc(pred, 16, r, me->ref_stride, me->h, mx & 3, my & 3);
    return metric(me->src, me->src_stride, pred, 16) + mv_cost(me, mx, my);
}

static int cost_sub(const EncMe *me, int mx, int my)
{
    return cost_sub_with(me, mx, my, me->satd);
}

/* One refinement step at the given sub-sample step: the 4 diamond
 * neighbours (or all 8 around it when 'square'), repeated while it moves. */
static void subpel_refine(const EncMe *me, int16_t mv[2], int *cost, int step, int rounds,
                          int square, Rth264SatdFn metric)
{
    static const int8_t pts[8][2] = { { 0, -1 }, { -1, 0 }, { 1, 0 }, { 0, 1 },
                                      { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 } };
    const int npts = square ? 8 : 4;
    for (int r = 0; r < rounds; r++) {
        int best = -1;
        const int cx = mv[0], cy = mv[1];
        for (int i = 0; i < npts; i++) {
            const int x = cx + pts[i][0] * step, y = cy + pts[i][1] * step;
            if (x < me->min[0] || x > me->max[0] || y < me->min[1] || y > me->max[1])
                continue;
            const int c = cost_sub_with(me, x, y, metric);
            if (c < *cost) {
                *cost = c;
                best = i;
            }
        }
        if (best < 0)
            break;
        mv[0] = (int16_t)(cx + pts[best][0] * step);
        mv[1] = (int16_t)(cy + pts[best][1] * step);
    }
}

/* Full search of one partition: candidates, integer hexagon, sub-pel.
 * Returns the SATD + lambda * mv bits cost of mv. */
int rth264_enc_me_search(const EncMe *me, const int16_t (*cands)[2], int num_cands,
                         int16_t mv[2])
{
    int bx = 0, by = 0, bcost = INT_MAX;
    for (int i = -1; i < num_cands; i++) {
        const int16_t *c = i < 0 ? me->mvp : cands[i];
        const int x = clampi((c[0] + 2) >> 2, me->min[0] >> 2, me->max[0] >> 2);
        const int y = clampi((c[1] + 2) >> 2, me->min[1] >> 2, me->max[1] >> 2);
        if (!in_range_int(me, x, y))
            continue;
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
    /* subpel 1: half then quarter diamond; 2: squares; 3: squares, two
     * rounds. The half-sample stage ranks by SAD below level 3 (cheaper),
     * the quarter stage and the returned cost always use SATD. */
    if (me->subpel >= 1) {
        const Rth264SatdFn half_metric = me->subpel >= 3 ? me->satd : me->sad;
        int cost = cost_sub_with(me, mv[0], mv[1], half_metric);
        subpel_refine(me, mv, &cost, 2, me->subpel >= 3 ? 2 : 1, me->subpel >= 2, half_metric);
    }
    int cost = cost_sub(me, mv[0], mv[1]);
    if (me->subpel >= 1)
        subpel_refine(me, mv, &cost, 1, me->subpel >= 3 ? 2 : 1, me->subpel >= 2, me->satd);
    return cost;
}

/* Cost of a given vector (no search), same metric as the search result. */
int rth264_enc_me_cost(const EncMe *me, const int16_t mv[2])
{
    return cost_sub(me, mv[0], mv[1]);
}
