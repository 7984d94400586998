/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "encoder/encoder.h"
#include "encoder/me.h"

/* Per-search state derived once from the EncMe: the mv bits tables shifted
 * by the predictor (mvd bits become one load per component), the source and
 * strides in locals. */
typedef struct MeCtx {
    const EncMe *me;
    const uint8_t *src;
    ptrdiff_t sst, rst;
    const uint8_t *bits_x, *bits_y; /* bits of mv - mvp, indexed by mv */
    int lambda;
    /* the allowed vectors (me->min..max) as lowest value and span: one
     * unsigned compare per component; an empty range has a lowest value no
     * vector reaches */
    int min_x, min_y;
    unsigned span_x, span_y;
    /* costs of the last half-sample diamond around a full-sample centre
     * (up, left, right, down) and that centre (x, y) */
    int *diamond;
} MeCtx;

static inline int mv_cost(const MeCtx *c, int mx, int my)
{
    return c->lambda * (c->bits_x[mx] + c->bits_y[my]);
}

static inline int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static inline int in_range(const MeCtx *c, int mx, int my)
{
    return ((unsigned)mx - (unsigned)c->min_x <= c->span_x) &
           ((unsigned)my - (unsigned)c->min_y <= c->span_y);
}

/* All of the square of radius r (quarter samples) around (mx, my) allowed. */
static inline int box_in_range(const MeCtx *c, int mx, int my, int r)
{
    return in_range(c, mx - r, my - r) && in_range(c, mx + r, my + r);
}

static inline const uint8_t *int_ptr(const MeCtx *c, int x, int y)
{
    return c->me->ref + y * c->rst + x;
}

/* SADs of n blocks against the source, four or three at a time with the
 * multi-SAD kernels (the same sums as single SADs; 6 as two threes). */
static void sad_list(const MeCtx *c, const uint8_t *const *r, int n, int *costs)
{
    const EncMe *me = c->me;
    int i = 0;
    while (n - i >= 3 && me->sad_x3) {
        if (n - i == 3 || n - i == 6 || !me->sad_x4) {
            me->sad_x3(c->src, c->sst, r[i], r[i + 1], r[i + 2], c->rst, costs + i);
            i += 3;
        } else {
            me->sad_x4(c->src, c->sst, r[i], r[i + 1], r[i + 2], r[i + 3], c->rst, costs + i);
            i += 4;
        }
    }
    for (; i < n; i++)
        costs[i] = me->sad(c->src, c->sst, r[i], c->rst);
}

/* First strictly better cost of n, in order; returns its index or -1. */
static inline int first_better(const int *costs, int n, int *bcost)
{
    int best = -1;
    for (int k = 0; k < n; k++)
        if (costs[k] < *bcost) {
            *bcost = costs[k];
            best = k;
        }
    return best;
}

/* Integer points (x + pts[i], y + pts[i]) in full samples, n <= 8; points
 * outside the allowed range cost INT_MAX. */
static void cost_int_points(const MeCtx *c, int x, int y, const int8_t (*pts)[2], int n,
                            int *costs)
{
    const EncMe *me = c->me;
    if (box_in_range(c, 4 * x, 4 * y, 8)) {
        const uint8_t *r[8];
        for (int i = 0; i < n; i++)
            r[i] = int_ptr(c, x + pts[i][0], y + pts[i][1]);
        sad_list(c, r, n, costs);
        for (int i = 0; i < n; i++)
            costs[i] += mv_cost(c, 4 * (x + pts[i][0]), 4 * (y + pts[i][1]));
        return;
    }
    for (int i = 0; i < n; i++) {
        const int px = x + pts[i][0], py = y + pts[i][1];
        costs[i] = in_range(c, 4 * px, 4 * py)
                       ? me->sad(c->src, c->sst, int_ptr(c, px, py), c->rst) +
                             mv_cost(c, 4 * px, 4 * py)
                       : INT_MAX;
    }
}

/* Hexagon search (radius 2) then a 3x3 square refinement around the best. */
static void hex_search(const MeCtx *c, int *bx, int *by, int *bcost, int max_iter)
{
    static const int8_t hex[6][2] = { { -2, 0 }, { -1, -2 }, { 1, -2 }, { 2, 0 }, { 1, 2 }, { -1, 2 } };
    /* After a move along hex[b], only hex[b-1], hex[b], hex[b+1] are new;
     * the other three were costed and lost already. In index order so ties
     * resolve as a full pass would. */
    static const int8_t next[6][3] = { { 0, 1, 5 }, { 0, 1, 2 }, { 1, 2, 3 },
                                       { 2, 3, 4 }, { 3, 4, 5 }, { 0, 4, 5 } };
    static const int8_t sq[8][2] = { { -1, -1 }, { 0, -1 }, { 1, -1 }, { -1, 0 },
                                     { 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 } };
    int costs[8];
    int best = -1;
    if (max_iter > 0) {
        cost_int_points(c, *bx, *by, hex, 6, costs);
        best = first_better(costs, 6, bcost);
    }
    for (int it = 1; it < max_iter && best >= 0; it++) {
        *bx += hex[best][0];
        *by += hex[best][1];
        const int8_t *nx = next[best];
        const int8_t pts[3][2] = { { hex[nx[0]][0], hex[nx[0]][1] },
                                   { hex[nx[1]][0], hex[nx[1]][1] },
                                   { hex[nx[2]][0], hex[nx[2]][1] } };
        cost_int_points(c, *bx, *by, pts, 3, costs);
        const int b = first_better(costs, 3, bcost);
        best = b >= 0 ? nx[b] : -1;
    }
    if (best >= 0) {
        *bx += hex[best][0];
        *by += hex[best][1];
    }
    cost_int_points(c, *bx, *by, sq, 8, costs);
    best = first_better(costs, 8, bcost);
    if (best >= 0) {
        *bx += sq[best][0];
        *by += sq[best][1];
    }
}

/* The two half-sample plane blocks whose rounded average is the block at
 * quarter-sample vector (mx, my) (rth264_hpel_ref with the block's plane
 * origins precomputed); a == b at full and half positions. */
static inline void hpel_pair(const MeCtx *c, int mx, int my, const uint8_t **a,
                             const uint8_t **b)
{
    const EncMe *me = c->me;
    const uint8_t (*q)[3] = rth264_hpel_qpel_src[4 * (my & 3) + (mx & 3)];
    const ptrdiff_t st = c->rst, off = (my >> 2) * st + (mx >> 2);
    *a = me->plane_at[q[0][0]] + off + q[0][2] * st + q[0][1];
    *b = me->plane_at[q[1][0]] + off + q[1][2] * st + q[1][1];
}

/* Sub-pel cost from the half-sample planes (8.4.2.2.1: a quarter sample is
 * the rounded average of two full/half samples). */
static inline int cost_sub_hpel(const MeCtx *c, int mx, int my, int satd)
{
    const EncMe *me = c->me;
    const uint8_t *a, *b;
    hpel_pair(c, mx, my, &a, &b);
    int d;
    if (a == b)
        d = (satd ? me->satd : me->sad)(c->src, c->sst, a, c->rst);
    else
        d = (satd ? me->satd_avg2 : me->sad_avg2)(c->src, c->sst, a, b, c->rst);
    return d + mv_cost(c, mx, my);
}

/* Sub-pel cost with the real interpolation (8.4.2.2.1) when there are no
 * half-sample planes: filter the block, then SAD or SATD. */
static __attribute__((noinline)) int cost_sub_mc(const MeCtx *c, int mx, int my, int satd)
{
    const EncMe *me = c->me;
    uint8_t pred[16 * 16] __attribute__((aligned(16)));
    const uint8_t *r = me->ref + (my >> 2) * c->rst + (mx >> 2);
    me->mc(pred, 16, r, c->rst, me->h, mx & 3, my & 3);
    return (satd ? me->satd : me->sad)(c->src, c->sst, pred, 16) + mv_cost(c, mx, my);
}

static inline int cost_sub(const MeCtx *c, int mx, int my, int satd)
{
    const EncMe *me = c->me;
    return me->hpel && (me->plane_at[3] || !rth264_hpel_needs_j(mx, my))
               ? cost_sub_hpel(c, mx, my, satd)
               : cost_sub_mc(c, mx, my, satd);
}

/* SAD + mv bits of n (<= 8) sub-sample positions. With the half-sample
 * planes, full/half positions (one plane each) go four at a time through
 * the multi-SAD kernels: the same sums as single SADs, so the search takes
 * the same path. */
static void cost_sub_points(const MeCtx *c, const int (*xy)[2], int n, int half, int *costs)
{
    const EncMe *me = c->me;
    if (half && me->hpel) {
        const uint8_t *r[8] = { 0 }; /* n <= 8 (GCC cannot tell) */
        for (int i = 0; i < n; i++) {
            const int mx = xy[i][0], my = xy[i][1];
            const int plane = (mx & 2) >> 1 | (my & 2); /* full, H, V, J */
            r[i] = me->plane_at[plane] + (my >> 2) * c->rst + (mx >> 2);
        }
        sad_list(c, r, n, costs);
        for (int i = 0; i < n; i++)
            costs[i] += mv_cost(c, xy[i][0], xy[i][1]);
        return;
    }
    int i = 0;
    if (me->hpel && me->sad_avg2_x4) {
        /* Quarter positions: four (a, b) plane pairs per call. */
        for (; n - i >= 4; i += 4) {
            const uint8_t *a[4], *b[4];
            for (int k = 0; k < 4; k++)
                hpel_pair(c, xy[i + k][0], xy[i + k][1], &a[k], &b[k]);
            me->sad_avg2_x4(c->src, c->sst, a, b, c->rst, costs + i);
            for (int k = 0; k < 4; k++)
                costs[i + k] += mv_cost(c, xy[i + k][0], xy[i + k][1]);
        }
    }
    for (; i < n; i++)
        costs[i] = cost_sub(c, xy[i][0], xy[i][1], 0); /* SAD */
}

static const int8_t ring8[8][2] = { { 0, -1 }, { -1, 0 }, { 1, 0 }, { 0, 1 },
                                   { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 } };

/* Adds lambda * mv bits to the costs of the ring8 points (first n) around
 * (cx, cy) at the given step: three x and three y table loads. */
static inline void add_ring_mv_costs(const MeCtx *c, int cx, int cy, int step, int n, int *s)
{
    const int l = c->lambda;
    const int xm = c->bits_x[cx - step], x0 = c->bits_x[cx], xp = c->bits_x[cx + step];
    const int ym = c->bits_y[cy - step], y0 = c->bits_y[cy], yp = c->bits_y[cy + step];
    s[0] += l * (x0 + ym);
    s[1] += l * (xm + y0);
    s[2] += l * (xp + y0);
    s[3] += l * (x0 + yp);
    if (n == 4)
        return;
    s[4] += l * (xm + ym);
    s[5] += l * (xp + ym);
    s[6] += l * (xm + yp);
    s[7] += l * (xp + yp);
}

/* First half-sample round from a full-sample centre, all points in range:
 * the ring8 points lie on the H, V and J planes at fixed offsets from the
 * centre (8.4.2.2.1 b, h, j). Returns the improving point or -1. */
static int half_ring_from_full(const MeCtx *c, int cx, int cy, int n, int *cost)
{
    const EncMe *me = c->me;
    const ptrdiff_t st = c->rst, o = (cy >> 2) * st + (cx >> 2);
    const uint8_t *h = me->plane_at[1] + o, *v = me->plane_at[2] + o;
    int s[8];
    if (n == 8 && me->w == 16 && me->h == 16) {
        /* 16x16: the eight blocks in one call, the source loaded once */
        const uint8_t *j = me->plane_at[3] + o;
        const uint8_t *const r[8] = { v - st, h - 1, h, v, j - st - 1, j - st, j - 1, j };
        me->hpel->sad_x8_16x16(c->src, c->sst, r, st, s);
    } else {
        me->sad_x4(c->src, c->sst, v - st, h - 1, h, v, st, s);
        if (n == 8) {
            /* Only here: at speeds 9-10 there is no J plane (plane_at[3] NULL). */
            const uint8_t *j = me->plane_at[3] + o;
            me->sad_x4(c->src, c->sst, j - st - 1, j - st, j - 1, j, st, s + 4);
        }
    }
    add_ring_mv_costs(c, cx, cy, 2, n, s);
    if (n == 4) {
        memcpy(c->diamond, s, 4 * sizeof(int));
        c->diamond[4] = cx;
        c->diamond[5] = cy;
    }
    return first_better(s, n, cost);
}

/* A later half-sample round from a full/half centre, all points in range:
 * only the ring points the previous centre did not cover (by the last move
 * ring8[move]; in ring8 order, as the generic round takes them), each on one
 * plane. Returns the improving ring8 index or -1. */
static int half_ring_after_move(const MeCtx *c, int cx, int cy, int move, int npts, int *cost)
{
    /* count, then the new ring8 indices */
    static const int8_t new8[8][6] = { { 3, 0, 4, 5 }, { 3, 1, 4, 6 }, { 3, 2, 5, 7 },
                                       { 3, 3, 6, 7 }, { 5, 0, 1, 4, 5, 6 },
                                       { 5, 0, 2, 4, 5, 7 }, { 5, 1, 3, 4, 6, 7 },
                                       { 5, 2, 3, 5, 6, 7 } };
    static const int8_t new4[4][4] = { { 3, 0, 1, 2 }, { 3, 0, 1, 3 }, { 3, 0, 2, 3 },
                                       { 3, 1, 2, 3 } };
    const EncMe *me = c->me;
    const int8_t *list = npts == 8 ? new8[move] : new4[move];
    const int n = list[0];
    const ptrdiff_t st = c->rst;
    const uint8_t *r[5];
    int s[5], xy[5][2];
    for (int k = 0; k < n; k++) {
        const int mx = cx + 2 * ring8[list[1 + k]][0], my = cy + 2 * ring8[list[1 + k]][1];
        r[k] = me->plane_at[(mx & 2) >> 1 | (my & 2)] + (my >> 2) * st + (mx >> 2);
        xy[k][0] = mx;
        xy[k][1] = my;
    }
    sad_list(c, r, n, s);
    for (int k = 0; k < n; k++)
        s[k] += mv_cost(c, xy[k][0], xy[k][1]);
    const int b = first_better(s, n, cost);
    return b < 0 ? -1 : list[1 + b];
}

/* The plane pairs of the ring8 quarter-sample points around a full/half
 * centre (rth264_hpel_qpel_src taken relative to the centre's full-sample
 * position), by centre position: f, h, v, j are the full, H, V and J planes
 * at that position. Spelled out so that each pointer is one address
 * computation. */
static void qpel_ring_pairs(int centre, const uint8_t *f, const uint8_t *h, const uint8_t *v,
                            const uint8_t *j, ptrdiff_t st, const uint8_t **a, const uint8_t **b)
{
#define PAIR(i, pa, pb) (a[i] = (pa), b[i] = (pb))
    switch (centre) {
    case 0: /* full */
        PAIR(0, f, v - st), PAIR(1, f, h - 1), PAIR(2, f, h), PAIR(3, f, v);
        PAIR(4, v - st, h - 1), PAIR(5, v - st, h), PAIR(6, h - 1, v), PAIR(7, h, v);
        break;
    case 1: /* on H */
        PAIR(0, j - st, h), PAIR(1, f, h), PAIR(2, f + 1, h), PAIR(3, h, j);
        PAIR(4, v - st, h), PAIR(5, v - st + 1, h), PAIR(6, h, v), PAIR(7, h, v + 1);
        break;
    case 2: /* on V */
        PAIR(0, f, v), PAIR(1, j - 1, v), PAIR(2, v, j), PAIR(3, f + st, v);
        PAIR(4, h - 1, v), PAIR(5, h, v), PAIR(6, v, h + st - 1), PAIR(7, v, h + st);
        break;
    default: /* on J */
        PAIR(0, h, j), PAIR(1, v, j), PAIR(2, j, v + 1), PAIR(3, j, h + st);
        PAIR(4, h, v), PAIR(5, h, v + 1), PAIR(6, v, h + st), PAIR(7, v + 1, h + st);
        break;
    }
#undef PAIR
}

/* First quarter-sample round around a full/half centre, all points in
 * range: four pairs per sad_avg2_x4 call. Returns the improving point or -1. */
static int quarter_ring(const MeCtx *c, int cx, int cy, int n, int *cost)
{
    const EncMe *me = c->me;
    const ptrdiff_t st = c->rst, o = (cy >> 2) * st + (cx >> 2);
    const uint8_t *f = me->plane_at[0] + o, *h = me->plane_at[1] + o, *v = me->plane_at[2] + o;
    /* no J plane: only a full-sample centre comes here, which needs none */
    const uint8_t *j = me->plane_at[3] ? me->plane_at[3] + o : f;
    const int centre = (cy & 2) | (cx & 2) >> 1;
    int s[8];
    if (n == 8 && me->w == 16 && me->h == 16 && (centre == 0 || centre == 3)) {
        /* around a full or J centre each point averages the centre and an
         * axis neighbour, or two axis neighbours (qpel_ring_pairs cases 0
         * and 3): five blocks, each loaded once */
        const uint8_t *const blk[2][5] = { { f, v - st, h - 1, h, v },
                                           { j, h, v, v + 1, h + st } };
        me->hpel->sad_qring_16x16(c->src, c->sst, blk[centre == 3], st, s);
    } else if (n == 8 && me->w == 16 && me->h == 16) {
        /* around an H or V centre every point averages the centre with
         * another block (cases 1 and 2) */
        const uint8_t *const blk[2][9] = {
            { h, j - st, f, f + 1, j, v - st, v - st + 1, v, v + 1 },
            { v, f, j - 1, j, f + st, h - 1, h, h + st - 1, h + st },
        };
        me->hpel->sad_avg2_shared_x8_16x16(c->src, c->sst, blk[centre == 2], st, s);
    } else {
        const uint8_t *a[8], *b[8];
        qpel_ring_pairs(centre, f, h, v, j, st, a, b);
        me->sad_avg2_x4(c->src, c->sst, a, b, st, s);
        if (n == 8)
            me->sad_avg2_x4(c->src, c->sst, a + 4, b + 4, st, s + 4);
    }
    add_ring_mv_costs(c, cx, cy, 1, n, s);
    return first_better(s, n, cost);
}

/* With the diamond of the half-sample round one move away (c->diamond):
 * the side (0: up/left, 1: down/right) of the cheaper diamond neighbour
 * across the axis of the move, else -1. Measured at speed 10: testing only
 * the two diagonals on that side (one sad_avg2_x4 instead of it and two
 * sad_avg2) saves 1.2% of the instructions for 1.4 points of BD-rate
 * (-6.0% -> -4.6%). */
static int no_j_ring_side(const MeCtx *c, int cx, int cy, int on_v)
{
    const int *d = c->diamond;
    if (!d)
        return -1;
    if (on_v)
        return cx == d[4] && (cy - d[5] == 2 || cy - d[5] == -2) ? d[2] < d[1] : -1;
    return cy == d[5] && (cx - d[4] == 2 || cx - d[4] == -2) ? d[3] < d[0] : -1;
}

/* First quarter-sample round around a half-sample centre without the J
 * plane: the ring8 points that need no J, in ring8 order (around H the
 * left/right and the four diagonal points, around V the up/down and the
 * diagonals), four by sad_avg2_x4 and two by sad_avg2. In place of the
 * 4-point diamond (two of whose points need J) at the fastest levels:
 * measured on the camera clip at speed 10, -6.1% BD-rate against -2.9%
 * with the diamond and J. Returns the improving ring8 index or -1. */
static int quarter_ring_no_j(const MeCtx *c, int cx, int cy, int *cost)
{
    static const int8_t pick[2][6] = { { 1, 2, 4, 5, 6, 7 }, { 0, 3, 4, 5, 6, 7 } };
    const EncMe *me = c->me;
    const ptrdiff_t st = c->rst, o = (cy >> 2) * st + (cx >> 2);
    const int on_v = (cy & 2) >> 1; /* centre on V, else on H */
    const uint8_t *f = me->plane_at[0] + o, *h = me->plane_at[1] + o, *v = me->plane_at[2] + o;
    const uint8_t *a[6], *b[6];
    if (on_v) {
        a[0] = f, a[1] = f + st, a[2] = h - 1, a[3] = h, a[4] = v, a[5] = v;
        b[0] = v, b[1] = v, b[2] = v, b[3] = v, b[4] = h + st - 1, b[5] = h + st;
    } else {
        a[0] = f, a[1] = f + 1, a[2] = v - st, a[3] = v - st + 1, a[4] = h, a[5] = h;
        b[0] = h, b[1] = h, b[2] = h, b[3] = h, b[4] = v, b[5] = v + 1;
    }
    int s[6];
    const int side = no_j_ring_side(c, cx, cy, on_v);
    if (side >= 0) {
        /* the two points on the axis and the two diagonals on the side of
         * the cheaper half-sample neighbour, in ring8 order */
        static const int8_t sub[2][2][4] = { { { 0, 1, 2, 3 }, { 0, 1, 4, 5 } },
                                             { { 0, 1, 2, 4 }, { 0, 1, 3, 5 } } };
        const int8_t *k = sub[on_v][side];
        const uint8_t *a4[4] = { a[k[0]], a[k[1]], a[k[2]], a[k[3]] };
        const uint8_t *b4[4] = { b[k[0]], b[k[1]], b[k[2]], b[k[3]] };
        int s4[4];
        me->sad_avg2_x4(c->src, c->sst, a4, b4, st, s4);
        for (int i = 0; i < 6; i++)
            s[i] = INT_MAX / 2;
        for (int i = 0; i < 4; i++)
            s[k[i]] = s4[i];
    } else {
        me->sad_avg2_x4(c->src, c->sst, a, b, st, s);
        s[4] = me->sad_avg2(c->src, c->sst, a[4], b[4], st);
        s[5] = me->sad_avg2(c->src, c->sst, a[5], b[5], st);
    }
    const int l = c->lambda;
    const int xm = c->bits_x[cx - 1], xp = c->bits_x[cx + 1];
    const int ym = c->bits_y[cy - 1], yp = c->bits_y[cy + 1];
    if (on_v) {
        const int x0 = c->bits_x[cx];
        s[0] += l * (x0 + ym);
        s[1] += l * (x0 + yp);
    } else {
        const int y0 = c->bits_y[cy];
        s[0] += l * (xm + y0);
        s[1] += l * (xp + y0);
    }
    s[2] += l * (xm + ym);
    s[3] += l * (xp + ym);
    s[4] += l * (xm + yp);
    s[5] += l * (xp + yp);
    const int best = first_better(s, 6, cost);
    return best < 0 ? -1 : pick[on_v][best];
}

/* Refinement at the given sub-sample step: the 8 neighbours around the
 * best (npts 4: the diamond of the first four), repeated while it moves (at
 * most 'rounds' times). */
static void subpel_refine(const MeCtx *c, int16_t mv[2], int *cost, int step, int rounds,
                          int npts)
{
    const int8_t (*pts)[2] = ring8;
    const EncMe *me = c->me;
    /* Without the J plane the points that need it are not searched; the
     * straight-line rounds below are taken only where none of their
     * points does (half-sample diamond or quarter-sample ring around a
     * full-sample centre). */
    const int no_j = me->hpel && !me->plane_at[3];
    int mx = 0, my = 0, last = 0; /* last move, in steps, and its ring8 index */
    for (int r = 0; r < rounds; r++) {
        const int cx = mv[0], cy = mv[1];
        int xy[8][2], idx[8], n = 0;
        if (r == 0 && me->hpel && box_in_range(c, cx, cy, step) &&
            (step == 2 ? !(cx & 3) && !(cy & 3) && me->sad_x4 && (!no_j || npts == 4)
                       : !(cx & 1) && !(cy & 1) && me->sad_avg2_x4 &&
                             (!no_j || (!(cx & 3) && !(cy & 3))))) {
            const int b = step == 2 ? half_ring_from_full(c, cx, cy, npts, cost)
                                    : quarter_ring(c, cx, cy, npts, cost);
            if (b < 0)
                break;
            last = b;
            mx = pts[b][0];
            my = pts[b][1];
            mv[0] = (int16_t)(cx + mx * step);
            mv[1] = (int16_t)(cy + my * step);
            continue;
        }
        if (r == 0 && step == 1 && no_j && npts == 8 && ((cx | cy) & 2) &&
            box_in_range(c, cx, cy, 1) && me->sad_avg2_x4) {
            const int b = quarter_ring_no_j(c, cx, cy, cost);
            if (b < 0)
                break;
            last = b;
            mx = pts[b][0];
            my = pts[b][1];
            mv[0] = (int16_t)(cx + mx);
            mv[1] = (int16_t)(cy + my);
            continue;
        }
        if (r > 0 && step == 2 && me->hpel && !no_j && !(cx & 1) && !(cy & 1) &&
            box_in_range(c, cx, cy, 2)) {
            const int b = half_ring_after_move(c, cx, cy, last, npts, cost);
            if (b < 0)
                break;
            last = b;
            mx = pts[b][0];
            my = pts[b][1];
            mv[0] = (int16_t)(cx + mx * 2);
            mv[1] = (int16_t)(cy + my * 2);
            continue;
        }
        if (r == 0 && box_in_range(c, cx, cy, step)) {
            for (int i = 0; i < npts; i++) {
                const int x = cx + pts[i][0] * step, y = cy + pts[i][1] * step;
                if (no_j && rth264_hpel_needs_j(x, y))
                    continue;
                xy[n][0] = x;
                xy[n][1] = y;
                idx[n++] = i;
            }
        } else {
            for (int i = 0; i < npts; i++) {
                /* Points of the previous pattern were costed and lost already. */
                const int ox = pts[i][0] + mx, oy = pts[i][1] + my;
                const int seen = npts == 8 ? ox >= -1 && ox <= 1 && oy >= -1 && oy <= 1
                                           : abs(ox) + abs(oy) <= 1;
                if (r > 0 && seen)
                    continue;
                const int x = cx + pts[i][0] * step, y = cy + pts[i][1] * step;
                if (!in_range(c, x, y) || (no_j && rth264_hpel_needs_j(x, y)))
                    continue;
                xy[n][0] = x;
                xy[n][1] = y;
                idx[n++] = i;
            }
        }
        int costs[8];
        /* Half-sample steps from a full/half centre stay on full/half
         * positions: one plane each. */
        cost_sub_points(c, (const int(*)[2])xy, n, step == 2 && !(cx & 1) && !(cy & 1), costs);
        const int b = first_better(costs, n, cost); /* index order: ties as before */
        if (b < 0)
            break;
        last = idx[b];
        mx = pts[last][0];
        my = pts[last][1];
        mv[0] = (int16_t)(cx + mx * step);
        mv[1] = (int16_t)(cy + my * step);
    }
}

/* The quarter-sample round of the fastest levels (one round, diamond, no J)
 * when the half-sample diamond kept its full-sample centre: of the diamond's
 * four quarter points only the one towards the cheaper half-sample
 * neighbour on each axis (two sad_avg2 instead of a sad_avg2_x4; measured
 * at speed 10: -6.1% -> -6.0% BD-rate, -0.65% instructions). d: the
 * diamond's costs (up, left, right, down); a tie goes to the horizontal
 * point. */
static void quarter_pair(const MeCtx *c, int16_t mv[2], int *cost, const int *d)
{
    const int cx = mv[0], cy = mv[1];
    const int dx = d[2] < d[1] ? 1 : -1, dy = d[3] < d[0] ? 1 : -1;
    const int ch = cost_sub_hpel(c, cx + dx, cy, 0), cv = cost_sub_hpel(c, cx, cy + dy, 0);
    if (ch < *cost && ch <= cv) {
        *cost = ch;
        mv[0] = (int16_t)(cx + dx);
    } else if (cv < *cost) {
        *cost = cv;
        mv[1] = (int16_t)(cy + dy);
    }
}

static void ctx_init(MeCtx *c, const EncMe *me)
{
    c->me = me;
    c->src = me->src;
    c->sst = me->src_stride;
    c->rst = me->ref_stride;
    c->bits_x = me->mv_bits - me->mvp[0];
    c->bits_y = me->mv_bits - me->mvp[1];
    c->lambda = me->lambda;
    c->diamond = NULL;
    const int empty = me->max[0] < me->min[0] || me->max[1] < me->min[1];
    c->min_x = empty ? 0x40000000 : me->min[0];
    c->min_y = empty ? 0x40000000 : me->min[1];
    c->span_x = empty ? 0 : (unsigned)me->max[0] - (unsigned)me->min[0];
    c->span_y = empty ? 0 : (unsigned)me->max[1] - (unsigned)me->min[1];
}

/* Integer start: the best of the predictor and the candidates (rounded to
 * full samples, clamped into range, each position costed once), in order. */
static int best_candidate(const MeCtx *c, const int16_t (*cands)[2], int num_cands, int *bx,
                          int *by)
{
    const EncMe *me = c->me;
    int pos[16][2], n = 0;
    uint32_t key[16];
    for (int i = -1; i < num_cands && n < 16; i++) {
        const int16_t *v = i < 0 ? me->mvp : cands[i];
        int x = (v[0] + 2) >> 2, y = (v[1] + 2) >> 2;
        if (!in_range(c, 4 * x, 4 * y)) { /* rare: clamp, which may still miss */
            x = clampi(x, me->min[0] >> 2, me->max[0] >> 2);
            y = clampi(y, me->min[1] >> 2, me->max[1] >> 2);
            if (!in_range(c, 4 * x, 4 * y))
                continue;
        }
        /* neighbours often share a vector: cost it once */
        const uint32_t k = (uint16_t)x | (uint32_t)(uint16_t)y << 16;
        int j = 0;
        while (j < n && key[j] != k)
            j++;
        if (j < n)
            continue;
        key[n] = k;
        pos[n][0] = x;
        pos[n++][1] = y;
    }
    if (!n)
        return INT_MAX;
    const uint8_t *r[16];
    int costs[16];
    for (int i = 0; i < n; i++)
        r[i] = int_ptr(c, pos[i][0], pos[i][1]);
    sad_list(c, r, n, costs);
    int bcost = INT_MAX, best = 0;
    for (int i = 0; i < n; i++) {
        costs[i] += mv_cost(c, 4 * pos[i][0], 4 * pos[i][1]);
        if (costs[i] < bcost) {
            bcost = costs[i];
            best = i;
        }
    }
    *bx = pos[best][0];
    *by = pos[best][1];
    return bcost;
}

/* The half-sample plane rows the sub-sample rounds may read around the
 * full-sample vector row y, built before they are read: each half round
 * moves at most 2 quarter samples, each quarter round 1, and a quarter
 * position averages samples up to one row further on. */
static void ensure_subpel_rows(const EncMe *me, int y)
{
    const int reach = (2 * me->half_rounds + me->qpel_rounds + 3) / 4 + 1;
    const int y0 = me->py + y - reach;
    rth264_hpel_ensure(me->hpel, y0, y0 + me->h + 2 * reach);
}

/* Full search of one partition: candidates, integer hexagon, sub-pel.
 * Returns the SATD (with sad_result: 5/4 SAD) + lambda * mv bits cost of mv. */
int rth264_enc_me_search(const EncMe *me, const int16_t (*cands)[2], int num_cands,
                         int16_t mv[2])
{
    MeCtx c;
    ctx_init(&c, me);
    int diamond[6] = { 0, 0, 0, 0, INT_MIN, INT_MIN };
    c.diamond = diamond;
    int bx = 0, by = 0;
    int bcost = best_candidate(&c, cands, num_cands, &bx, &by);
    if (bcost == INT_MAX) { /* degenerate range: stay at the clamped origin */
        bx = clampi(0, (me->min[0] + 3) >> 2, me->max[0] >> 2);
        by = clampi(0, (me->min[1] + 3) >> 2, me->max[1] >> 2);
        bcost = me->sad(c.src, c.sst, int_ptr(&c, bx, by), c.rst) + mv_cost(&c, 4 * bx, 4 * by);
    }
    /* A candidate that already matches well (SAD + mv cost under
     * me->good_enough) is refined at sub-sample steps only: on camera video
     * the integer search then changes little the sub-sample rounds would not
     * find (measured: same BD-rate at speed 5 with two half-sample rounds,
     * ~1000 instructions less per search). */
    if (bcost >= me->good_enough)
        hex_search(&c, &bx, &by, &bcost, me->max_iter);
    mv[0] = (int16_t)(4 * bx);
    mv[1] = (int16_t)(4 * by);
    if (me->hpel && (me->half_rounds || me->qpel_rounds)) /* else mv stays full-sample */
        ensure_subpel_rows(me, by);
    /* Half then quarter sample: all 8 neighbours, ranked by SAD on the
     * exact interpolation (measured on camera video: squares beat 4-point
     * diamonds by 4-8% BD-rate, SAD ranks as well as SATD here, a second
     * round gains ~2%). The returned cost is SATD for the mode decision. */
    int cost = bcost; /* SAD + mv bits at the integer vector */
    if (me->half_rounds)
        subpel_refine(&c, mv, &cost, 2, me->half_rounds, me->half_diamond ? 4 : 8);
    if (me->qpel_rounds == 1 && me->qpel_diamond && me->hpel && !me->plane_at[3] &&
        diamond[4] == mv[0] && diamond[5] == mv[1] && box_in_range(&c, mv[0], mv[1], 1)) {
        quarter_pair(&c, mv, &cost, diamond);
    } else if (me->qpel_rounds) {
        /* Without J, two of the diamond's four points around a half-sample
         * centre are missing: the square less its J points (six) instead. */
        const int no_j_half = me->hpel && !me->plane_at[3] && ((mv[0] | mv[1]) & 2);
        const int square = !me->qpel_diamond || no_j_half;
        subpel_refine(&c, mv, &cost, 1, me->qpel_rounds, square ? 8 : 4);
    }
    if (me->sad_result) {
        /* The SAD of the search scaled towards the SATD scale (5/4, measured
         * on camera video: same BD-rate as a SATD at the vector, one SATD
         * call less per search). */
        const int bits = mv_cost(&c, mv[0], mv[1]);
        return (cost - bits) * 5 / 4 + bits;
    }
    return cost_sub(&c, mv[0], mv[1], 1);
}
