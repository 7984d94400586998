/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/loopfilter.h"
#include "common/tables.h"

static inline int clip3(int lo, int hi, int v)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static inline int mv_differ(const int16_t *a, const int16_t *b)
{
    /* 8.7.2.1: >= 4 in units of quarter luma frame samples, both components
     * (frame macroblocks only). */
    return abs(a[0] - b[0]) >= 4 || abs(a[1] - b[1]) >= 4;
}

/* 8x8 partition (raster) of each 4x4 block (raster 4*y + x). */
static const uint8_t blk8_of[16] = { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3 };

static inline int blk8(int blk4)
{
    return blk8_of[blk4];
}

/* 8.7.2.1, the bS 1 / 0 decision between two inter 4x4 blocks. */
static int inter_bs(const Rth264MbInfo *p, int pb, const Rth264MbInfo *q, int qb)
{
    const int p8 = blk8(pb), q8 = blk8(qb);
    const int rp0 = p->ref_id[0][p8], rp1 = p->ref_id[1][p8];
    const int rq0 = q->ref_id[0][q8], rq1 = q->ref_id[1][q8];
    if (rp1 < 0 && rq1 < 0) /* list 0 only (P): the common case */
        return rp0 != rq0 || mv_differ(p->mv[0][pb], q->mv[0][qb]);
    const int np = (rp0 >= 0) + (rp1 >= 0), nq = (rq0 >= 0) + (rq1 >= 0);
    if (np != nq)
        return 1;
    if (np == 0)
        return 0;
    const int16_t *mp0 = p->mv[0][pb], *mp1 = p->mv[1][pb];
    const int16_t *mq0 = q->mv[0][qb], *mq1 = q->mv[1][qb];
    if (np == 1) {
        const int rp = rp0 >= 0 ? rp0 : rp1, rq = rq0 >= 0 ? rq0 : rq1;
        if (rp != rq)
            return 1;
        return mv_differ(rp0 >= 0 ? mp0 : mp1, rq0 >= 0 ? mq0 : mq1);
    }
    if (!((rp0 == rq0 && rp1 == rq1) || (rp0 == rq1 && rp1 == rq0)))
        return 1;
    if (rp0 != rp1) {
        if (rp0 == rq0)
            return mv_differ(mp0, mq0) || mv_differ(mp1, mq1);
        return mv_differ(mp0, mq1) || mv_differ(mp1, mq0);
    }
    return (mv_differ(mp0, mq0) || mv_differ(mp1, mq1)) &&
           (mv_differ(mp0, mq1) || mv_differ(mp1, mq0));
}

static inline uint32_t mv_word(const int16_t mv[2])
{
    uint32_t w;
    memcpy(&w, mv, sizeof(w));
    return w;
}

/* Same reference pictures and bit-identical vectors in both lists: bS 0 by
 * 8.7.2.1 without the full comparison (the common case between blocks of one
 * partition or of neighbouring skipped macroblocks). */
static inline int same_motion(const Rth264MbInfo *p, int pb, const Rth264MbInfo *q, int qb)
{
    const int p8 = blk8(pb), q8 = blk8(qb);
    return p->ref_id[0][p8] == q->ref_id[0][q8] && p->ref_id[1][p8] == q->ref_id[1][q8] &&
           mv_word(p->mv[0][pb]) == mv_word(q->mv[0][qb]) &&
           mv_word(p->mv[1][pb]) == mv_word(q->mv[1][qb]);
}

/* Bit (4*y + x) set where the 4x4 block or its neighbour across the edge of
 * direction dir (left for 0, above for 1) in the same macroblock has
 * coefficients: bS 2 on internal edges (8.7.2.1). */
static inline unsigned internal_nnz_mask(unsigned nnz, int dir)
{
    return dir ? nnz | nnz << 4 : nnz | ((nnz << 1) & 0xeeee);
}

static inline int segment_bs(const Rth264MbInfo *p, int pb, const Rth264MbInfo *q, int qb)
{
    if (((p->nnz >> pb) & 1) || ((q->nnz >> qb) & 1))
        return 2;
    if (same_motion(p, pb, q, qb))
        return 0;
    return inter_bs(p, pb, q, qb);
}

/* An inter macroblock whose 4x4 blocks all share one motion (8.7.2.1 then
 * gives internal bS from the coefficients alone). */
static int uniform_motion(const Rth264MbInfo *m)
{
    if (m->intra)
        return 0;
    for (int l = 0; l < 2; l++) {
        if (m->ref_id[l][1] != m->ref_id[l][0] || m->ref_id[l][2] != m->ref_id[l][0] ||
            m->ref_id[l][3] != m->ref_id[l][0])
            return 0;
        if (m->ref_id[l][0] < 0)
            continue; /* vectors of an unused list do not matter */
        const uint32_t w = mv_word(m->mv[l][0]);
        for (int r = 1; r < 16; r++)
            if (mv_word(m->mv[l][r]) != w)
                return 0;
    }
    return 1;
}

/* bS of the 4 segments of the macroblock edge in direction dir (0: left
 * edge, p = left MB; 1: top edge, p = MB above). */
static void mb_edge_bs(uint8_t bs[4], const Rth264MbInfo *p, const Rth264MbInfo *q, int dir, int q_uniform)
{
    if (p->intra || q->intra) {
        memset(bs, 4, 4);
        return;
    }
    if (q_uniform && uniform_motion(p)) {
        /* One motion on each side: the motion test is the same for all 4
         * segments, only the coefficients differ. */
        const int moved = same_motion(p, 0, q, 0) ? 0 : inter_bs(p, 0, q, 0);
        for (int i = 0; i < 4; i++) {
            const int qb = dir ? i : 4 * i, pb = dir ? qb + 12 : qb + 3;
            bs[i] = (uint8_t)((((p->nnz >> pb) | (q->nnz >> qb)) & 1) ? 2 : moved);
        }
        return;
    }
    for (int i = 0; i < 4; i++) {
        const int qb = dir ? i : 4 * i;
        bs[i] = (uint8_t)segment_bs(p, dir ? qb + 12 : qb + 3, q, qb);
    }
}

/* bS of the internal edges e = step, 2 * step, .. < 4 in direction dir.
 * uniform: q has one motion for all its blocks, so only coefficients count. */
static void internal_bs(uint8_t bs[4][4], const Rth264MbInfo *q, int dir, int step, int uniform)
{
    if (q->intra) {
        memset(bs, 3, 16);
        return;
    }
    const unsigned m = internal_nnz_mask(q->nnz, dir);
    const int across = dir ? 4 : 1;
    for (int e = step; e < 4; e += step) {
        for (int i = 0; i < 4; i++) {
            const int qb = dir ? 4 * e + i : 4 * i + e;
            int v = (m >> qb & 1) << 1;
            if (!v && !uniform && !same_motion(q, qb - across, q, qb))
                v = inter_bs(q, qb - across, q, qb);
            bs[e][i] = (uint8_t)v;
        }
    }
}

/* Thresholds of one edge and colour component (8.7.2.2). alpha == 0: the
 * edge is not filtered. tc0_of_bs[bS]: -1 for bS 0 (segment untouched),
 * Table 8-17 for bS 1..3; bS 4 filters use none. */
typedef struct EdgeThresholds {
    int alpha, beta;
    int8_t tc0_of_bs[5];
} EdgeThresholds;

static void edge_thresholds(EdgeThresholds *t, int qp_p, int qp_q, const Rth264MbInfo *q)
{
    const int qpav = (qp_p + qp_q + 1) >> 1;
    const int index_a = clip3(0, 51, qpav + q->alpha_offset);
    const int index_b = clip3(0, 51, qpav + q->beta_offset);
    const uint8_t *tc = rth264_deblock_tc0[index_a];
    t->alpha = rth264_deblock_beta[index_b] ? rth264_deblock_alpha[index_a] : 0;
    t->beta = rth264_deblock_beta[index_b];
    t->tc0_of_bs[0] = -1;
    for (int b = 1; b < 4; b++)
        t->tc0_of_bs[b] = (int8_t)tc[b - 1];
    t->tc0_of_bs[4] = -1;
}

/* Luma, Cb and Cr thresholds of the edges between p and q. */
static void plane_thresholds(EdgeThresholds t[3], const Rth264MbInfo *p, const Rth264MbInfo *q)
{
    edge_thresholds(&t[0], p->qp, q->qp, q);
    edge_thresholds(&t[1], p->qpc[0], q->qpc[0], q);
    /* Cb and Cr share QPc unless the two chroma offsets differ. */
    if (p->qpc[1] == p->qpc[0] && q->qpc[1] == q->qpc[0])
        t[2] = t[1];
    else
        edge_thresholds(&t[2], p->qpc[1], q->qpc[1], q);
}

static inline int any_bs(const uint8_t bs[4])
{
    uint32_t w;
    memcpy(&w, bs, sizeof(w));
    return w != 0;
}

static void filter_edge(const Rth264LoopFilter *lf, const uint8_t bs[4], const EdgeThresholds t[3],
                        int mb_x, int mb_y, int dir, int e)
{
    const Rth264DeblockDsp *d = lf->dsp;
    const int intra = bs[0] == 4;
    /* 4:2:0 chroma has edges only at chroma 0 and 4 */
    const int planes = e & 1 ? 1 : 3;
    for (int c = 0; c < planes; c++) {
        if (!t[c].alpha)
            continue;
        const ptrdiff_t st = lf->stride[c];
        const int size = c ? 8 : 16, off = c ? 2 * e : 4 * e;
        uint8_t *pix = lf->data[c] + mb_y * size * st + mb_x * size + (dir ? off * st : off);
        if (intra) {
            if (c)
                (dir ? d->chroma_intra_h : d->chroma_intra_v)(pix, st, t[c].alpha, t[c].beta);
            else
                (dir ? d->luma_intra_h : d->luma_intra_v)(pix, st, t[c].alpha, t[c].beta);
            continue;
        }
        int8_t tc0[4];
        for (int i = 0; i < 4; i++)
            tc0[i] = t[c].tc0_of_bs[bs[i]];
        (c ? (dir ? d->chroma_h : d->chroma_v) : (dir ? d->luma_h : d->luma_v))(
            pix, st, t[c].alpha, t[c].beta, tc0);
    }
}

/* filterLeftMbEdgeFlag / filterTopMbEdgeFlag (8.7). */
static int mb_edge_enabled(const Rth264MbInfo *q, const Rth264MbInfo *p)
{
    if (!p->available || q->deblock_idc == 1)
        return 0;
    return !(q->deblock_idc == 2 && p->slice_id != q->slice_id);
}

void rth264_loopfilter_mb(const Rth264LoopFilter *lf, int mb_x, int mb_y)
{
    const Rth264MbInfo *q = &lf->mbs[mb_y * lf->mb_width + mb_x];
    if (!q->available || q->deblock_idc == 1)
        return;
    const int step = q->transform_8x8 ? 2 : 1;
    const int uniform = uniform_motion(q);
    const int internal = !(uniform && !q->nnz);
    EdgeThresholds inner[3];
    if (internal)
        plane_thresholds(inner, q, q);
    for (int dir = 0; dir < 2; dir++) {
        const Rth264MbInfo *nb = NULL;
        if (dir == 0 && mb_x > 0)
            nb = q - 1;
        else if (dir == 1 && mb_y > 0)
            nb = q - lf->mb_width;
        if (nb && mb_edge_enabled(q, nb)) {
            uint8_t bs[4];
            mb_edge_bs(bs, nb, q, dir, uniform);
            if (any_bs(bs)) {
                EdgeThresholds t[3];
                plane_thresholds(t, nb, q);
                filter_edge(lf, bs, t, mb_x, mb_y, dir, 0);
            }
        }
        if (!internal)
            continue;
        uint8_t bs[4][4];
        internal_bs(bs, q, dir, step, uniform);
        for (int e = step; e < 4; e += step)
            if (any_bs(bs[e]))
                filter_edge(lf, bs[e], inner, mb_x, mb_y, dir, e);
    }
}

void rth264_loopfilter_rows(const Rth264LoopFilter *lf, int mb_y0, int mb_y1)
{
    for (int y = mb_y0; y < mb_y1; y++)
        for (int x = 0; x < lf->mb_width; x++)
            rth264_loopfilter_mb(lf, x, y);
}
