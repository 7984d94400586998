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

static inline int blk8(int blk4)
{
    return ((blk4 >> 3) << 1) | ((blk4 & 3) >> 1);
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

/* bS of the 4 segments of edge `e` (0..3) in direction `dir` (0: vertical
 * edges, p on the left; 1: horizontal, p above). uniform: q is an inter MB
 * with one motion for all its blocks, so its internal edges depend on the
 * coefficients alone. Returns the OR of the 4 values. */
static int edge_bs(uint8_t bs[4], const Rth264MbInfo *p, const Rth264MbInfo *q, int dir, int e,
                   int uniform)
{
    if (p->intra || q->intra) {
        const int v = e ? 3 : 4;
        memset(bs, v, 4);
        return v;
    }
    int any = 0;
    if (e && uniform) {
        const unsigned m = internal_nnz_mask(q->nnz, dir);
        for (int i = 0; i < 4; i++) {
            const int qb = dir ? 4 * e + i : 4 * i + e;
            bs[i] = (uint8_t)((m >> qb & 1) << 1);
            any |= bs[i];
        }
        return any;
    }
    for (int i = 0; i < 4; i++) {
        const int qb = dir ? 4 * e + i : 4 * i + e;
        const int pb = dir ? (e ? qb - 4 : qb + 12) : (e ? qb - 1 : qb + 3);
        int v;
        if (((p->nnz >> pb) & 1) || ((q->nnz >> qb) & 1))
            v = 2;
        else if (same_motion(p, pb, q, qb))
            v = 0;
        else
            v = inter_bs(p, pb, q, qb);
        bs[i] = (uint8_t)v;
        any |= v;
    }
    return any;
}

typedef struct EdgeParams {
    int alpha, beta;
    int8_t tc0[4];
} EdgeParams;

/* 8.7.2.2: alpha, beta and tC0 per segment for one edge and colour component.
 * Returns 0 when alpha or beta is 0 (nothing is filtered). */
static int edge_params(EdgeParams *ep, const uint8_t bs[4], int qp_p, int qp_q, const Rth264MbInfo *q)
{
    const int qpav = (qp_p + qp_q + 1) >> 1;
    const int index_a = clip3(0, 51, qpav + q->alpha_offset);
    const int index_b = clip3(0, 51, qpav + q->beta_offset);
    ep->alpha = rth264_deblock_alpha[index_a];
    ep->beta = rth264_deblock_beta[index_b];
    if (!ep->alpha || !ep->beta)
        return 0;
    if (bs[0] != 4) {
        const uint8_t *tc = rth264_deblock_tc0[index_a];
        for (int i = 0; i < 4; i++)
            ep->tc0[i] = (int8_t)(bs[i] ? tc[bs[i] - 1] : -1);
    }
    return 1;
}

static void filter_edge(const Rth264LoopFilter *lf, const Rth264MbInfo *p, const Rth264MbInfo *q,
                        int mb_x, int mb_y, int dir, int e, int uniform)
{
    uint8_t bs[4];
    EdgeParams ep;
    if (!edge_bs(bs, p, q, dir, e, uniform))
        return;
    const int intra = bs[0] == 4;
    const Rth264DeblockDsp *d = lf->dsp;
    if (edge_params(&ep, bs, p->qp, q->qp, q)) {
        const ptrdiff_t ls = lf->stride[0];
        uint8_t *y = lf->data[0] + mb_y * 16 * ls + mb_x * 16 + (dir ? 4 * e * ls : 4 * e);
        if (intra)
            (dir ? d->luma_intra_h : d->luma_intra_v)(y, ls, ep.alpha, ep.beta);
        else
            (dir ? d->luma_h : d->luma_v)(y, ls, ep.alpha, ep.beta, ep.tc0);
    }
    if (e & 1)
        return; /* 4:2:0 chroma has edges only at chroma 0 and 4 */
    int have = 0;
    for (int c = 0; c < 2; c++) {
        /* Cb and Cr share QPc unless the two chroma offsets differ. */
        if (!c || p->qpc[1] != p->qpc[0] || q->qpc[1] != q->qpc[0])
            have = edge_params(&ep, bs, p->qpc[c], q->qpc[c], q);
        if (!have)
            continue;
        const ptrdiff_t cs = lf->stride[1 + c];
        uint8_t *pix = lf->data[1 + c] + mb_y * 8 * cs + mb_x * 8 + (dir ? 2 * e * cs : 2 * e);
        if (intra)
            (dir ? d->chroma_intra_h : d->chroma_intra_v)(pix, cs, ep.alpha, ep.beta);
        else
            (dir ? d->chroma_h : d->chroma_v)(pix, cs, ep.alpha, ep.beta, ep.tc0);
    }
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
    for (int dir = 0; dir < 2; dir++) {
        const Rth264MbInfo *nb = NULL;
        if (dir == 0 && mb_x > 0)
            nb = q - 1;
        else if (dir == 1 && mb_y > 0)
            nb = q - lf->mb_width;
        if (nb && mb_edge_enabled(q, nb))
            filter_edge(lf, nb, q, mb_x, mb_y, dir, 0, uniform);
        for (int e = step; internal && e < 4; e += step)
            filter_edge(lf, q, q, mb_x, mb_y, dir, e, uniform);
    }
}

void rth264_loopfilter_rows(const Rth264LoopFilter *lf, int mb_y0, int mb_y1)
{
    for (int y = mb_y0; y < mb_y1; y++)
        for (int x = 0; x < lf->mb_width; x++)
            rth264_loopfilter_mb(lf, x, y);
}
