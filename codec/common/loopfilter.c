/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/loopfilter.h"
#include "common/tables.h"

/*
 * Boundary strengths (8.7.2.1) of a whole macroblock are kept as bit masks
 * per direction (0: vertical edges, 1: horizontal edges), edge-major: bit
 * 4 * e + i is segment i (4 lines) of edge e, edge 0 being the macroblock
 * edge. The internal masks are first derived in raster block order (bit
 * 4 * y + x: the left (dir 0) or top (dir 1) side of block (x, y)), which
 * is edge-major for direction 1 and its transpose for direction 0.
 */
typedef struct EdgeMasks {
    unsigned coded[2];    /* bS 2 (bS 3 inside intra MBs): coefficients or intra */
    unsigned moved[2];    /* bS 1: motion differs (8.7.2.1); no bit of coded */
} EdgeMasks;

static inline int clip3(int lo, int hi, int v)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static inline int mv_differ(const int16_t *a, const int16_t *b)
{
    /* 8.7.2.1: >= 4 in units of quarter luma frame samples, both components
     * (frame macroblocks only). */
    /* |d| >= 4 <=> d + 3 outside 0..6; no branch between the components */
    return ((unsigned)(a[0] - b[0] + 3) > 6) | ((unsigned)(a[1] - b[1] + 3) > 6);
}

/* 8x8 partition (raster) of each 4x4 block (raster 4*y + x). */
static const uint8_t blk8_of[16] = { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3 };

static inline int blk8(int blk4)
{
    return blk8_of[blk4];
}

/* 8.7.2.1, the bS 1 / 0 decision between two inter 4x4 blocks with more
 * than list 0 in use on either side. */
static int inter_bs_bipred(const Rth264MbInfo *p, int pb, const Rth264MbInfo *q, int qb)
{
    const int p8 = blk8(pb), q8 = blk8(qb);
    const int rp0 = p->ref_id[0][p8], rp1 = p->ref_id[1][p8];
    const int rq0 = q->ref_id[0][q8], rq1 = q->ref_id[1][q8];
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

/* bS 1 (1) or 0 (0) between two inter 4x4 blocks (8.7.2.1). */
static inline int inter_bs(const Rth264MbInfo *p, int pb, const Rth264MbInfo *q, int qb)
{
    const int p8 = blk8(pb), q8 = blk8(qb);
    if ((p->ref_id[1][p8] & q->ref_id[1][q8]) < 0) /* list 0 only (P): the common case */
        return (p->ref_id[0][p8] != q->ref_id[0][q8]) | mv_differ(p->mv[0][pb], q->mv[0][qb]);
    return inter_bs_bipred(p, pb, q, qb);
}

/* inter_bs() of two macroblocks with one motion each: identical list-0
 * vectors (common between skipped neighbours) skip the distance test. */
/* uniform_pair_moved() with list 1 on a side (B), out of line. */
static __attribute__((noinline)) int uniform_pair_moved_bipred(const Rth264MbInfo *p,
                                                               const Rth264MbInfo *q)
{
    /* the same pictures and vectors (both lists, used or not): bS 0 */
    if (p->ref_id[0][0] == q->ref_id[0][0] && p->ref_id[1][0] == q->ref_id[1][0]) {
        uint32_t pm[2], qm[2];
        memcpy(&pm[0], p->mv[0][0], 4);
        memcpy(&pm[1], p->mv[1][0], 4);
        memcpy(&qm[0], q->mv[0][0], 4);
        memcpy(&qm[1], q->mv[1][0], 4);
        if (pm[0] == qm[0] && pm[1] == qm[1])
            return 0;
    }
    return inter_bs_bipred(p, 0, q, 0);
}

static inline int uniform_pair_moved(const Rth264MbInfo *p, const Rth264MbInfo *q)
{
    if ((p->ref_id[1][0] & q->ref_id[1][0]) >= 0) /* list 1 on a side */
        return uniform_pair_moved_bipred(p, q);
    uint32_t a, b;
    memcpy(&a, p->mv[0][0], sizeof(a));
    memcpy(&b, q->mv[0][0], sizeof(b));
    return p->ref_id[0][0] != q->ref_id[0][0] || (a != b && mv_differ(p->mv[0][0], q->mv[0][0]));
}

/* The vectors of one row of 4x4 blocks of one list: x, y of blocks 0..3 in
 * 16-bit lanes (GNU C vector extension, SSE2 / NEON code on the targets). */
typedef uint16_t MvRow __attribute__((vector_size(16)));

static inline MvRow load_mv_row(const void *p)
{
    MvRow v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* An inter macroblock whose 4x4 blocks all share one motion (8.7.2.1 then
 * gives internal bS from the coefficients alone). Vectors of an unused list
 * do not matter. */
static inline __attribute__((always_inline)) int uniform_motion(const Rth264MbInfo *m)
{
    if (m->intra)
        return 0;
    for (int l = 0; l < 2; l++) {
        const int32_t r = m->ref_id[l][0];
        if (m->ref_id[l][1] != r || m->ref_id[l][2] != r || m->ref_id[l][3] != r)
            return 0;
        if (r < 0)
            continue;
        const MvRow r0 = load_mv_row(m->mv[l][0]);
        const MvRow first = __builtin_shufflevector(r0, r0, 0, 1, 0, 1, 0, 1, 0, 1);
        const MvRow diff = (r0 ^ first) | (load_mv_row(m->mv[l][4]) ^ first) |
                           (load_mv_row(m->mv[l][8]) ^ first) |
                           (load_mv_row(m->mv[l][12]) ^ first);
        uint64_t h[2];
        memcpy(h, &diff, sizeof(h));
        if (h[0] | h[1])
            return 0;
    }
    return 1;
}

/* uniform_motion() of m, taken from the filler's word where it gave one. */
static inline __attribute__((always_inline)) int motion_uniform(const Rth264MbInfo *m)
{
    if (m->motion != RTH264_MB_MOTION_UNKNOWN)
        return m->motion == RTH264_MB_MOTION_UNIFORM;
    return uniform_motion(m);
}

/* 1 when no partition of m uses list 1 (P macroblocks): the bS 1 test is
 * then a reference and vector comparison of list 0 alone. */
static inline int list0_only(const Rth264MbInfo *m)
{
    return (m->ref_id[1][0] & m->ref_id[1][1] & m->ref_id[1][2] & m->ref_id[1][3]) < 0;
}

/* Lanes (-1) whose components differ by >= 4 (8.7.2.1). The difference
 * wraps at 16 bits, which only vectors far outside Annex A's range reach. */
static inline MvRow far_lanes(MvRow a, MvRow b)
{
    return (MvRow)(a - b + 3 > 6);
}

/* One bit per block (4 * y + x) from the lane masks of the 4 rows: set when
 * the x or the y lane of the block is set. */
static inline unsigned lanes_to_bits(const MvRow far[4])
{
    const MvRow weight = { 1, 1, 2, 2, 4, 4, 8, 8 };
    const MvRow acc = (far[0] & weight) | (far[1] & (weight << 4)) | (far[2] & (weight << 8)) |
                      (far[3] & (weight << 12));
    uint64_t h[2];
    memcpy(h, &acc, sizeof(h));
    uint64_t v = h[0] | h[1];
    v |= v >> 32;
    v |= v >> 16;
    return (unsigned)(v & 0xffff);
}

/* Internal bS 1 bits between list-0-only blocks: a vector differs or, across
 * the 8x8 boundaries (edge 2), the reference picture. */
static unsigned internal_moved_list0(const Rth264MbInfo *q, int dir)
{
    /* row y of the vectors; for the left neighbours the same row read one
     * block earlier (block 0's lanes then hold ref_id[1][3], never used) */
    _Static_assert(offsetof(Rth264MbInfo, mv) >= 4, "mv must not start the struct");
    const char *mv = (const char *)q + offsetof(Rth264MbInfo, mv);
    MvRow far[4];
    for (int y = 0; y < 4; y++) {
        const MvRow row = load_mv_row(mv + 16 * y);
        if (dir)
            far[y] = far_lanes(row, y ? load_mv_row(mv + 16 * (y - 1)) : row);
        else
            far[y] = far_lanes(row, load_mv_row(mv + 16 * y - 4));
    }
    const int32_t *ref = q->ref_id[0];
    unsigned ref_diff;
    if (dir) /* row 2: partitions 0|2 in columns 0, 1 and 1|3 in columns 2, 3 */
        ref_diff = (ref[0] != ref[2] ? 0x0300u : 0) | (ref[1] != ref[3] ? 0x0c00u : 0);
    else /* column 2: partitions 0|1 in rows 0, 1 and 2|3 in rows 2, 3 */
        ref_diff = (ref[0] != ref[1] ? 0x0044u : 0) | (ref[2] != ref[3] ? 0x4400u : 0);
    return (lanes_to_bits(far) | ref_diff) & (dir ? 0xfff0u : 0xeeeeu);
}

/* Internal bS 1 bits of an inter macroblock using list 1 (B), where
 * coded has no bit. Inside one 8x8 partition both blocks have the same
 * reference pictures, so 8.7.2.1 reduces to vector tests chosen by the
 * partition's lists: its four pairings (p list 0 or 1 against q list 0 or
 * 1) are tested for all 16 blocks at once. The pairs across the partition
 * boundary (edge 2) take the per-block test. */
/* Internal bits (raster, as internal_moved_list0) where the vector of list
 * lp of the block on the p side and that of list lq of the q block differ
 * by >= 4 (block 0's lanes of direction 0 read a neighbouring field: the
 * callers mask those bits). */
static inline __attribute__((always_inline)) unsigned
internal_far_bits(const Rth264MbInfo *q, int dir, int lp, int lq)
{
    const char *mvp = (const char *)q + offsetof(Rth264MbInfo, mv) + lp * sizeof(q->mv[0]);
    const char *mvq = (const char *)q + offsetof(Rth264MbInfo, mv) + lq * sizeof(q->mv[0]);
    MvRow far[4];
    for (int y = 0; y < 4; y++) {
        const MvRow qv = load_mv_row(mvq + 16 * y);
        MvRow pv;
        if (dir)
            pv = y ? load_mv_row(mvp + 16 * (y - 1)) : load_mv_row(mvp);
        else /* one block to the left */
            pv = load_mv_row(mvp + 16 * y - 4);
        far[y] = far_lanes(qv, pv);
    }
    return lanes_to_bits(far);
}

static unsigned internal_moved_bipred(const Rth264MbInfo *q, int dir, unsigned coded)
{
    /* dXY: p's list X against q's list Y, computed where a partition needs it */
    int use0 = 0, use1 = 0, same = 0;
    for (int k = 0; k < 4; k++) {
        const int32_t r0 = q->ref_id[0][k], r1 = q->ref_id[1][k];
        use0 |= r0 >= 0;
        use1 |= r1 >= 0;
        same |= r0 >= 0 && r0 == r1;
    }
    const unsigned d00 = use0 ? internal_far_bits(q, dir, 0, 0) : 0;
    const unsigned d11 = use1 ? internal_far_bits(q, dir, 1, 1) : 0;
    const unsigned d01 = same ? internal_far_bits(q, dir, 0, 1) : 0;
    const unsigned d10 = same ? internal_far_bits(q, dir, 1, 0) : 0;
    /* blocks of each 8x8 partition (raster bits) */
    static const uint16_t part_blocks[4] = { 0x0033u, 0x00ccu, 0x3300u, 0xcc00u };
    unsigned moved = 0;
    for (int k = 0; k < 4; k++) {
        const int32_t r0 = q->ref_id[0][k], r1 = q->ref_id[1][k];
        unsigned bits;
        if (r0 >= 0 && r1 >= 0) /* two vectors: the same pairing, or either if one picture */
            bits = r0 != r1 ? d00 | d11 : (d00 | d11) & (d01 | d10);
        else
            bits = r0 >= 0 ? d00 : r1 >= 0 ? d11 : 0;
        const unsigned inside = part_blocks[k] & (part_blocks[k] << (dir ? 4 : 1));
        moved |= bits & inside;
    }
    moved &= ~coded;
    const int across = dir ? 4 : 1;
    for (unsigned todo = (dir ? 0x0f00u : 0x4444u) & ~coded; todo; todo &= todo - 1) {
        const int b = __builtin_ctz(todo);
        moved |= (unsigned)inter_bs(q, b - across, q, b) << b;
    }
    return moved;
}

/* Internal bS 1 bits of an inter macroblock with more than one motion:
 * boundaries between two blocks whose motion differs (8.7.2.1), except where
 * coefficients already give bS 2 (`coded`). */
static unsigned internal_moved(const Rth264MbInfo *q, int dir, unsigned coded)
{
    if (list0_only(q))
        return internal_moved_list0(q, dir) & ~coded;
    return internal_moved_bipred(q, dir, coded);
}

/* filterLeftMbEdgeFlag / filterTopMbEdgeFlag (8.7). */
static int mb_edge_enabled(const Rth264MbInfo *q, const Rth264MbInfo *p)
{
    if (!p->available)
        return 0;
    return !(q->deblock_idc == 2 && p->slice_id != q->slice_id);
}

/* bS 1 bits (segment i in bit i) of the macroblock edge between two
 * list-0-only macroblocks: p's last column (dir 0) or row (dir 1) against
 * q's first. */
static inline unsigned mb_edge_moved_list0(const Rth264MbInfo *p, const Rth264MbInfo *q, int dir)
{
    MvRow pv, qv;
    const int32_t *rp = p->ref_id[0], *rq = q->ref_id[0];
    unsigned ref_diff;
    if (dir) {
        pv = load_mv_row((const char *)p->mv[0][12]);
        qv = load_mv_row((const char *)q->mv[0][0]);
        ref_diff = (rp[2] != rq[0] ? 0x3u : 0) | (rp[3] != rq[1] ? 0xcu : 0);
    } else {
        int16_t pc[4][2], qc[4][2];
        for (int i = 0; i < 4; i++) {
            memcpy(pc[i], p->mv[0][4 * i + 3], sizeof(pc[i]));
            memcpy(qc[i], q->mv[0][4 * i], sizeof(qc[i]));
        }
        pv = load_mv_row((const char *)pc);
        qv = load_mv_row((const char *)qc);
        ref_diff = (rp[1] != rq[0] ? 0x3u : 0) | (rp[3] != rq[2] ? 0xcu : 0);
    }
    const MvRow far[4] = { far_lanes(qv, pv) };
    return lanes_to_bits(far) | ref_diff;
}

/* The 4 vectors of list l along p's last column (dir 0) or row (dir 1),
 * or along q's first (first = 1), in the lanes of one row. */
static inline MvRow edge_mv_row(const Rth264MbInfo *m, int l, int dir, int first)
{
    if (dir)
        return load_mv_row(m->mv[l][first ? 0 : 12]);
    int16_t col[4][2];
    for (int i = 0; i < 4; i++)
        memcpy(col[i], m->mv[l][4 * i + (first ? 0 : 3)], sizeof(col[i]));
    return load_mv_row(col);
}

/* One bit per segment (0..3) of the lanes of one row. */
static inline unsigned row_far_bits(MvRow a, MvRow b)
{
    const MvRow far[4] = { far_lanes(a, b) };
    return lanes_to_bits(far);
}

/* bS 1 bits (segment i in bit i) of the macroblock edge between p and q
 * when list 1 is used on a side (B): the vector tests of the four list
 * pairings for all segments at once, then 8.7.2.1's reference rules once
 * per pair of 8x8 partitions (two segments each) pick among them. */
static __attribute__((noinline)) unsigned mb_edge_moved_bipred(const Rth264MbInfo *p,
                                                               const Rth264MbInfo *q, int dir)
{
    const MvRow p0 = edge_mv_row(p, 0, dir, 0), p1 = edge_mv_row(p, 1, dir, 0);
    const MvRow q0 = edge_mv_row(q, 0, dir, 1), q1 = edge_mv_row(q, 1, dir, 1);
    /* dXY: p's list X against q's list Y */
    const unsigned d00 = row_far_bits(q0, p0), d11 = row_far_bits(q1, p1);
    const unsigned d01 = row_far_bits(q1, p0), d10 = row_far_bits(q0, p1);
    unsigned moved = 0;
    for (int h = 0; h < 2; h++) {
        const int p8 = dir ? 2 + h : 1 + 2 * h, q8 = dir ? h : 2 * h;
        const int32_t rp0 = p->ref_id[0][p8], rp1 = p->ref_id[1][p8];
        const int32_t rq0 = q->ref_id[0][q8], rq1 = q->ref_id[1][q8];
        const int np = (rp0 >= 0) + (rp1 >= 0), nq = (rq0 >= 0) + (rq1 >= 0);
        unsigned bits;
        if (np != nq) {
            bits = 0xfu;
        } else if (np == 0) {
            bits = 0;
        } else if (np == 1) {
            const int lp = rp0 < 0, lq = rq0 < 0; /* the list each side uses */
            if ((lp ? rp1 : rp0) != (lq ? rq1 : rq0))
                bits = 0xfu;
            else
                bits = lp ? (lq ? d11 : d10) : (lq ? d01 : d00);
        } else if (!((rp0 == rq0 && rp1 == rq1) || (rp0 == rq1 && rp1 == rq0))) {
            bits = 0xfu;
        } else if (rp0 != rp1) {
            bits = rp0 == rq0 ? d00 | d11 : d01 | d10;
        } else {
            bits = (d00 | d11) & (d01 | d10);
        }
        moved |= bits & (0x3u << 2 * h);
    }
    return moved;
}

/* Bits 0, 4, 8, 12 of x to bits 0..3: the four partial products of the
 * multiply land on distinct bits (no carries). */
static inline unsigned column_to_nibble(unsigned x)
{
    return ((x & 0x1111u) * 0x1248u) >> 12 & 0xfu;
}

/* Transpose of a 4x4 bit matrix (bit 4 * y + x <-> bit 4 * x + y): the
 * 2x2 blocks first, then the off-diagonal 2x2 blocks swap. */
static inline unsigned transpose4x4_bits(unsigned x)
{
    unsigned t = (x ^ x >> 3) & 0x0a0au;
    x ^= t ^ t << 3;
    t = (x ^ x >> 6) & 0x00ccu;
    return x ^ t ^ t << 6;
}

/* bS 2 (*coded) and bS 1 (*moved, none where coded) segments of the
 * macroblock edge in direction dir between inter macroblocks p and q. */
static inline __attribute__((always_inline)) void
mb_edge_bits(unsigned *coded_out, unsigned *moved_out, const Rth264MbInfo *p,
             const Rth264MbInfo *q, int dir, int q_uniform, int p_uniform)
{
    /* p's last column (row) lined up with q's first. */
    const unsigned coded = dir ? ((unsigned)p->nnz >> 12 | q->nnz) & 0xfu
                               : column_to_nibble((unsigned)p->nnz >> 3 | q->nnz);
    unsigned moved = 0;
    if (coded != 0xfu) {
        if (q_uniform && p_uniform) {
            /* one motion on each side: one test for all 4 segments */
            moved = uniform_pair_moved(p, q) ? 0xfu : 0;
        } else if (list0_only(p) && list0_only(q)) {
            moved = mb_edge_moved_list0(p, q, dir);
        } else {
            moved = mb_edge_moved_bipred(p, q, dir);
        }
    }
    *coded_out = coded;
    *moved_out = moved & ~coded;
}

/* Thresholds of one edge and colour component (8.7.2.2). alpha == 0: the
 * edge is not filtered. tc0 of bS 1, 2, 3 (Table 8-17) in all 4 bytes. */
typedef struct EdgeThresholds {
    int alpha, beta;
    uint32_t tc0_bs1, tc0_bs2, tc0_bs3;
} EdgeThresholds;

static void compute_edge_thresholds(EdgeThresholds *t, int qpav, int alpha_offset,
                                    int beta_offset)
{
    const int index_a = clip3(0, 51, qpav + alpha_offset);
    const int index_b = clip3(0, 51, qpav + beta_offset);
    const uint8_t *tc = rth264_deblock_tc0[index_a];
    t->beta = rth264_deblock_beta[index_b];
    /* alpha'(indexA) or beta'(indexB) == 0: no sample passes 8-460 */
    t->alpha = rth264_deblock_alpha[index_a] & -(t->beta != 0);
    t->tc0_bs1 = tc[0] * 0x01010101u;
    t->tc0_bs2 = tc[1] * 0x01010101u;
    t->tc0_bs3 = tc[2] * 0x01010101u;
}

/* The thresholds of every qPav (0..51) for one pair of filter offsets,
 * each computed when first needed in a rows call: where the QP changes
 * between macroblocks (rate control, mb_qp_delta) most macroblock edges
 * have a qPav of their own. */
typedef struct ThresholdTable {
    int alpha_offset, beta_offset; /* the pair of t (INT_MIN: none yet) */
    uint64_t filled;               /* bit qPav: t[qPav] is computed */
    EdgeThresholds t[52];
} ThresholdTable;

static inline void edge_thresholds(EdgeThresholds *t, ThresholdTable *tab, int qp_p, int qp_q)
{
    const int qpav = (qp_p + qp_q + 1) >> 1;
    if (!(tab->filled >> qpav & 1)) {
        compute_edge_thresholds(&tab->t[qpav], qpav, tab->alpha_offset, tab->beta_offset);
        tab->filled |= (uint64_t)1 << qpav;
    }
    *t = tab->t[qpav];
}

/* Luma, Cb and Cr thresholds of the edges between two macroblocks. */
typedef struct MbThresholds {
    EdgeThresholds luma, chroma[2];
    int chroma_pair; /* Cr's thresholds and stride are Cb's: one call filters both */
} MbThresholds;

/* Returns 0 when none of the three planes can filter anything. */
static int mb_thresholds(MbThresholds *t, ThresholdTable *tab, const Rth264LoopFilter *lf,
                         const Rth264MbInfo *p, const Rth264MbInfo *q)
{
    /* FilterOffsetA/B of q's slice (8.7.2.2) */
    if (q->alpha_offset != tab->alpha_offset || q->beta_offset != tab->beta_offset) {
        tab->alpha_offset = q->alpha_offset;
        tab->beta_offset = q->beta_offset;
        tab->filled = 0;
    }
    edge_thresholds(&t->luma, tab, p->qp, q->qp);
    edge_thresholds(&t->chroma[0], tab, p->qpc[0], q->qpc[0]);
    /* Cb and Cr share QPc unless the two chroma offsets differ (High). */
    t->chroma_pair = p->qpc[1] == p->qpc[0] && q->qpc[1] == q->qpc[0] &&
                     lf->stride[1] == lf->stride[2];
    if (t->chroma_pair)
        return t->luma.alpha | t->chroma[0].alpha;
    edge_thresholds(&t->chroma[1], tab, p->qpc[1], q->qpc[1]);
    return t->luma.alpha | t->chroma[0].alpha | t->chroma[1].alpha;
}

/* Byte i = 0xff where bit i of the index is set. */
static const uint32_t nibble_bytes[16] = {
    0x00000000u, 0x000000ffu, 0x0000ff00u, 0x0000ffffu, 0x00ff0000u, 0x00ff00ffu,
    0x00ffff00u, 0x00ffffffu, 0xff000000u, 0xff0000ffu, 0xff00ff00u, 0xff00ffffu,
    0xffff0000u, 0xffff00ffu, 0xffffff00u, 0xffffffffu,
};

/* The bS < 4 segments of one edge: coded (bS 2, or 3 inside an intra MB)
 * and moved (bS 1) nibbles, as byte masks. */
typedef struct EdgeBs {
    uint32_t coded, moved;
    int intra; /* coded means bS 3 */
} EdgeBs;

/* The 4 tc0 bytes of an edge (8.7.2.3 input): -1 for bS 0 segments, which
 * the kernels leave untouched. coded and moved have no byte in common. */
static inline void edge_tc0(int8_t tc0[4], const EdgeBs *bs, const EdgeThresholds *t)
{
    const uint32_t w = (bs->coded & (bs->intra ? t->tc0_bs3 : t->tc0_bs2)) |
                       (bs->moved & t->tc0_bs1) | ~(bs->coded | bs->moved);
    memcpy(tc0, &w, 4);
}

/* Top-left samples of one macroblock in the three planes. */
typedef struct MbPixels {
    uint8_t *luma, *cb, *cr;
} MbPixels;

/* Luma of edge e of direction dir; bs NULL: bS 4 (macroblock edge with an
 * intra side). */
static inline __attribute__((always_inline)) void
filter_luma_edge(const Rth264LoopFilter *lf, int dir, int e, const EdgeBs *bs,
                 const MbThresholds *t, const MbPixels *px)
{
    const Rth264DeblockDsp *d = lf->dsp;
    if (!t->luma.alpha)
        return;
    const ptrdiff_t st = lf->stride[0];
    uint8_t *pix = px->luma + (dir ? 4 * e * st : 4 * e);
    if (!bs) {
        (dir ? d->luma_intra_h : d->luma_intra_v)(pix, st, t->luma.alpha, t->luma.beta);
        return;
    }
    int8_t tc0[4];
    edge_tc0(tc0, bs, &t->luma);
    (dir ? d->luma_h : d->luma_v)(pix, st, t->luma.alpha, t->luma.beta, tc0);
}

/* Cb and Cr of edge e (0 or 2: 4:2:0 chroma has edges at chroma samples 0
 * and 4 only); bs as for filter_luma_edge. */
static inline __attribute__((always_inline)) void
filter_chroma_edge(const Rth264LoopFilter *lf, int dir, int e, const EdgeBs *bs,
                   const MbThresholds *t, const MbPixels *px)
{
    const Rth264DeblockDsp *d = lf->dsp;
    int8_t tc0[4];
    if (!t->chroma_pair) {
        for (int c = 0; c < 2; c++) {
            const EdgeThresholds *tc = &t->chroma[c];
            const ptrdiff_t st = lf->stride[1 + c];
            uint8_t *pix = (c ? px->cr : px->cb) + (dir ? 2 * e * st : 2 * e);
            if (!tc->alpha)
                continue;
            if (!bs) {
                (dir ? d->chroma_intra_h : d->chroma_intra_v)(pix, st, tc->alpha, tc->beta);
            } else {
                edge_tc0(tc0, bs, tc);
                (dir ? d->chroma_h : d->chroma_v)(pix, st, tc->alpha, tc->beta, tc0);
            }
        }
        return;
    }
    const EdgeThresholds *tc = &t->chroma[0];
    if (!tc->alpha)
        return;
    const ptrdiff_t st = lf->stride[1], off = dir ? 2 * e * st : 2 * e;
    if (!bs) {
        (dir ? d->chroma_pair_intra_h : d->chroma_pair_intra_v)(px->cb + off, px->cr + off, st,
                                                                tc->alpha, tc->beta);
        return;
    }
    edge_tc0(tc0, bs, tc);
    (dir ? d->chroma_pair_h : d->chroma_pair_v)(px->cb + off, px->cr + off, st, tc->alpha,
                                                tc->beta, tc0);
}

/* Edge e of direction dir in the three planes. */
static inline __attribute__((always_inline)) void
filter_edge(const Rth264LoopFilter *lf, int dir, int e, const EdgeBs *bs, const MbThresholds *t,
            const MbPixels *px)
{
    filter_luma_edge(lf, dir, e, bs, t, px);
    if (!(e & 1))
        filter_chroma_edge(lf, dir, e, bs, t, px);
}

/* Internal bS 1 bits (edge-major, none where coded_v/coded_h, raster, are
 * set) of an inter macroblock with more than one motion: out of line, the
 * encoder's common macroblocks have one. Vertical in the low 16 bits,
 * horizontal in the high 16 (returned in a register: taking the address of
 * the caller's masks made GCC keep more of its state in memory). */
static __attribute__((noinline)) uint32_t internal_moved_masks(const Rth264MbInfo *q,
                                                              unsigned coded_v, unsigned coded_h,
                                                              unsigned keep)
{
    return (transpose4x4_bits(internal_moved(q, 0, coded_v)) & keep) |
           (internal_moved(q, 1, coded_h) & keep) << 16;
}

/* Internal bS bits of q (8.7.2.1), edge-major: bS 2 where a block on either
 * side has coefficients, else bS 1 where the motion differs; intra: bS 3
 * everywhere. With the 8x8 transform only edge 2 is internal (8.7). */
static inline __attribute__((always_inline)) void internal_masks(EdgeMasks *m,
                                                                 const Rth264MbInfo *q,
                                                                 int uniform)
{
    const unsigned keep = q->transform_8x8 ? 0x0f00u : 0xfff0u;
    m->moved[0] = m->moved[1] = 0;
    if (q->intra) {
        m->coded[0] = m->coded[1] = keep;
        return;
    }
    const unsigned nnz = q->nnz;
    if (!nnz) {
        m->coded[0] = m->coded[1] = 0;
        if (!uniform) {
            const uint32_t moved = internal_moved_masks(q, 0, 0, keep);
            m->moved[0] = moved & 0xffffu;
            m->moved[1] = moved >> 16;
        }
        return;
    }
    const unsigned coded_v = (nnz | nnz << 1) & 0xeeeeu; /* raster */
    const unsigned coded_h = (nnz | nnz << 4) & 0xfff0u;
    m->coded[0] = transpose4x4_bits(coded_v) & keep;
    m->coded[1] = coded_h & keep;
    if (!uniform) {
        const uint32_t moved = internal_moved_masks(q, coded_v, coded_h, keep);
        m->moved[0] = moved & 0xffffu;
        m->moved[1] = moved >> 16;
    }
}

/* Thresholds of a macroblock against itself (its internal edges, and its
 * macroblock edges when the neighbour has the same QPs), kept across the
 * macroblocks of a rows call: they depend only on qp, qpc[2], alpha_offset
 * and beta_offset (and the strides), which are usually the same picture-wide. */
typedef struct InnerCache {
    uint64_t key;         /* those 5 bytes of the MB they were computed for */
    int on;               /* mb_thresholds() result */
    MbThresholds t;
    ThresholdTable table; /* of every qPav */
} InnerCache;

#define INNER_KEY_NONE (~(uint64_t)0) /* no 5-byte key equals it */

/* qp, qpc[0], qpc[1], alpha_offset and beta_offset are consecutive bytes:
 * one load gives the key (little or big endian alike, as long as the same
 * bytes are compared). */
_Static_assert(offsetof(Rth264MbInfo, qpc) == offsetof(Rth264MbInfo, qp) + 1 &&
                   offsetof(Rth264MbInfo, alpha_offset) == offsetof(Rth264MbInfo, qp) + 3 &&
                   offsetof(Rth264MbInfo, beta_offset) == offsetof(Rth264MbInfo, qp) + 4 &&
                   offsetof(Rth264MbInfo, qp) + 8 <= sizeof(Rth264MbInfo),
               "the threshold keys read qp .. beta_offset as consecutive bytes");

static inline uint64_t qp_bytes(const Rth264MbInfo *m)
{
    uint64_t v;
    memcpy(&v, &m->qp, sizeof(v));
    return v;
}

/* Bytes of qp_bytes(): the three QPs, then the five of inner_key(). */
static inline uint64_t qp_mask(int n)
{
    uint64_t m = 0;
    memset(&m, 0xff, (size_t)n);
    return m;
}

static inline uint64_t inner_key(const Rth264MbInfo *q)
{
    return qp_bytes(q) & qp_mask(5);
}

/* p and q have the same QPY and QPc (8.7.2.2's qPav is then q's). */
static inline int same_qps(const Rth264MbInfo *p, const Rth264MbInfo *q)
{
    return !((qp_bytes(p) ^ qp_bytes(q)) & qp_mask(3));
}

/* An empty cache (the table's entries are written before they are read:
 * not zeroing its 1 KB matters with one rows call per macroblock row). */
static inline void init_cache(InnerCache *c)
{
    c->key = INNER_KEY_NONE;
    c->on = 0;
    c->table.alpha_offset = INT_MIN;
    c->table.beta_offset = INT_MIN;
    c->table.filled = 0;
}

/* Per-macroblock state shared by the two directions. */
typedef struct MbState {
    const Rth264MbInfo *q;
    int uniform;          /* q has one motion for all its blocks */
    int nb_uniform[2];    /* the same of the left and top neighbours, -1: unknown */
    int inner_ready;      /* cache holds q's thresholds */
    InnerCache *cache;
    MbPixels px;
    EdgeMasks m;          /* internal edges */
} MbState;

/* q's own thresholds, computed when first needed unless the cache has them. */
static inline const MbThresholds *inner_thresholds(const Rth264LoopFilter *lf, MbState *st)
{
    InnerCache *c = st->cache;
    if (!st->inner_ready) {
        const uint64_t key = inner_key(st->q);
        if (c->key != key) {
            c->on = mb_thresholds(&c->t, &c->table, lf, st->q, st->q);
            c->key = key;
        }
        st->inner_ready = 1;
    }
    return c->on ? &c->t : NULL;
}

/* Thresholds of the macroblock edge against p: q's own ones when p has
 * the same QPY and QPc (qPav is then q's, 8.7.2.2), which is common. */
static inline const MbThresholds *edge_thresholds_of(const Rth264LoopFilter *lf, MbState *st,
                                                     const Rth264MbInfo *p, MbThresholds *t)
{
    const Rth264MbInfo *q = st->q;
    if (same_qps(p, q))
        return inner_thresholds(lf, st);
    return mb_thresholds(t, &st->cache->table, lf, p, q) ? t : NULL;
}

/* The macroblock edge against nb (NULL if none) of one direction. */
static inline __attribute__((always_inline)) void
filter_mb_edge(const Rth264LoopFilter *lf, MbState *st, const Rth264MbInfo *nb, int dir)
{
    const Rth264MbInfo *q = st->q;
    MbThresholds t;
    const MbThresholds *tp;
    if (!nb || !mb_edge_enabled(q, nb))
        return;
    if (q->intra || nb->intra) {
        if ((tp = edge_thresholds_of(lf, st, nb, &t)))
            filter_edge(lf, dir, 0, NULL, tp, &st->px);
        return;
    }
    int p_uniform = 0;
    if (st->uniform) {
        p_uniform = st->nb_uniform[dir];
        if (p_uniform < 0)
            p_uniform = motion_uniform(nb);
    }
    unsigned coded, moved;
    mb_edge_bits(&coded, &moved, nb, q, dir, st->uniform, p_uniform);
    if (!(coded | moved) || !(tp = edge_thresholds_of(lf, st, nb, &t)))
        return;
    const EdgeBs bs = { nibble_bytes[coded], nibble_bytes[moved], 0 };
    filter_edge(lf, dir, 0, &bs, tp, &st->px);
}

/* The macroblock edge and the internal edges of one direction (8.7:
 * vertical edges first, then horizontal). Inlined with a constant dir so
 * the bit positions fold. */
static inline __attribute__((always_inline)) void
filter_direction(const Rth264LoopFilter *lf, MbState *st, const Rth264MbInfo *nb, int dir)
{
    filter_mb_edge(lf, st, nb, dir);
    const unsigned coded = st->m.coded[dir], moved = st->m.moved[dir];
    if (!(coded | moved))
        return;
    const MbThresholds *inner = inner_thresholds(lf, st);
    if (!inner)
        return;
    const int intra = st->q->intra;
    const unsigned any = coded | moved;
    if ((any & 0x0ff0u) && (any & 0xff00u) && (any & 0xf0f0u)) {
        /* two or three internal edges: one call for the luma (vertical:
         * the block is transposed once); edges without bits get tc0 -1 */
        int8_t tc0[12];
        for (int e = 1; e < 4; e++) {
            const EdgeBs bs = { nibble_bytes[coded >> 4 * e & 0xfu],
                                nibble_bytes[moved >> 4 * e & 0xfu], intra };
            edge_tc0(tc0 + 4 * (e - 1), &bs, &inner->luma);
        }
        if (inner->luma.alpha)
            (dir ? lf->dsp->luma_internal_h : lf->dsp->luma_internal_v)(
                st->px.luma, lf->stride[0], inner->luma.alpha, inner->luma.beta, tc0);
        const unsigned c = coded >> 8 & 0xfu, v = moved >> 8 & 0xfu;
        if (c | v) {
            const EdgeBs bs = { nibble_bytes[c], nibble_bytes[v], intra };
            filter_chroma_edge(lf, dir, 2, &bs, inner, &st->px);
        }
        return;
    }
    /* unrolled: each edge gets its own branches, e & 1 folds */
#pragma GCC unroll 3
    for (int e = 1; e < 4; e++) {
        const unsigned c = coded >> 4 * e & 0xfu, v = moved >> 4 * e & 0xfu;
        if (!(c | v))
            continue;
        const EdgeBs bs = { nibble_bytes[c], nibble_bytes[v], intra };
        filter_edge(lf, dir, e, &bs, inner, &st->px);
    }
}

/* Filters one macroblock; returns its motion_uniform(), -1 if not known. */
static inline __attribute__((always_inline)) int
loopfilter_mb(const Rth264LoopFilter *lf, const Rth264MbInfo *q, int mb_x, int mb_y,
              const MbPixels *px, InnerCache *cache, int left_uniform, int top_uniform)
{
    MbState st;
    st.q = q;
    if (!q->available || q->deblock_idc == 1)
        return -1;
    st.px = *px;
    st.cache = cache;
    st.uniform = motion_uniform(q);
    st.nb_uniform[0] = left_uniform;
    st.nb_uniform[1] = top_uniform;
    internal_masks(&st.m, q, st.uniform);
    st.inner_ready = 0;
    filter_direction(lf, &st, mb_x > 0 ? q - 1 : NULL, 0);
    filter_direction(lf, &st, mb_y > 0 ? q - lf->mb_width : NULL, 1);
    return st.uniform;
}

void rth264_loopfilter_mb(const Rth264LoopFilter *lf, int mb_x, int mb_y)
{
    InnerCache cache;
    init_cache(&cache);
    const MbPixels px = {
        .luma = lf->data[0] + mb_y * 16 * lf->stride[0] + mb_x * 16,
        .cb = lf->data[1] + mb_y * 8 * lf->stride[1] + mb_x * 8,
        .cr = lf->data[2] + mb_y * 8 * lf->stride[2] + mb_x * 8,
    };
    loopfilter_mb(lf, &lf->mbs[mb_y * lf->mb_width + mb_x], mb_x, mb_y, &px, &cache, -1, -1);
}

/* Columns whose motion_uniform() result a rows call keeps for the next row
 * (wider pictures compute the top neighbour's again when needed). */
#define UNIFORM_COLS 512

void rth264_loopfilter_rows(const Rth264LoopFilter *lf, int mb_y0, int mb_y1)
{
    InnerCache cache;
    init_cache(&cache);
    int8_t top[UNIFORM_COLS];
    memset(top, -1, lf->mb_width < UNIFORM_COLS ? (size_t)lf->mb_width : sizeof(top));
    for (int y = mb_y0; y < mb_y1; y++) {
        MbPixels px = {
            .luma = lf->data[0] + y * 16 * lf->stride[0],
            .cb = lf->data[1] + y * 8 * lf->stride[1],
            .cr = lf->data[2] + y * 8 * lf->stride[2],
        };
        const Rth264MbInfo *row = &lf->mbs[y * lf->mb_width];
        int left = -1;
        for (int x = 0; x < lf->mb_width; x++) {
            const int t = x < UNIFORM_COLS ? top[x] : -1;
            left = loopfilter_mb(lf, row + x, x, y, &px, &cache, left, t);
            if (x < UNIFORM_COLS)
                top[x] = (int8_t)left;
            px.luma += 16;
            px.cb += 8;
            px.cr += 8;
        }
    }
}
