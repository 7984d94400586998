/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/tables.h"
#include "encoder/encoder.h"

/* 6.4.8 / 6.4.10: a neighbouring MB is available when it is inside the
 * picture, already coded and in the same slice. */
static int mb_available(const Rth264Encoder *enc, int mb_x, int mb_y)
{
    if (mb_x < 0 || mb_y < 0 || mb_x >= enc->mb_w || mb_y >= enc->mb_h)
        return 0;
    return enc->mbs[mb_y * enc->mb_w + mb_x].slice == enc->slice_index;
}

void rth264_enc_neighbours(const Rth264Encoder *enc, int mb_x, int mb_y, EncNeighbours *n)
{
    const EncMb *m = &enc->mbs[mb_y * enc->mb_w + mb_x];
    const int32_t slice = enc->slice_index;
    n->left = mb_x > 0 && m[-1].slice == slice;
    n->top = n->topleft = n->topright = 0;
    if (mb_y > 0) {
        const EncMb *t = m - enc->mb_w;
        n->top = t->slice == slice;
        n->topleft = mb_x > 0 && t[-1].slice == slice;
        n->topright = mb_x + 1 < enc->mb_w && t[1].slice == slice;
    }
}

/* Motion data of the 4x4 block at (bx, by) in 4x4 units relative to the
 * current MB, which may lie in a neighbouring MB. Returns 0 if unavailable;
 * ref = -1 for intra. */
static int neighbour_motion(const Rth264Encoder *enc, int mb_x, int mb_y, int bx, int by,
                            const int16_t (*cur_mv)[2], const int8_t *cur_ref,
                            int16_t mv[2], int *ref)
{
    if (bx >= 0 && bx < 4 && by >= 0 && by < 4) {
        *ref = cur_ref[(by >> 1) * 2 + (bx >> 1)];
        if (*ref == REF_NOT_CODED) /* a later partition of this MB */
            return 0;
        mv[0] = cur_mv[4 * by + bx][0];
        mv[1] = cur_mv[4 * by + bx][1];
        return 1;
    }
    if (bx >= 4 && by >= 0)
        return 0; /* right MB: not coded yet */
    const int nx = mb_x + (bx < 0 ? -1 : bx >= 4 ? 1 : 0);
    const int ny = mb_y + (by < 0 ? -1 : 0);
    if (!mb_available(enc, nx, ny))
        return 0;
    const EncMb *m = &enc->mbs[ny * enc->mb_w + nx];
    const int lx = bx & 3, ly = by & 3;
    *ref = m->ref[(ly >> 1) * 2 + (lx >> 1)];
    mv[0] = *ref >= 0 ? m->mv[4 * ly + lx][0] : 0;
    mv[1] = *ref >= 0 ? m->mv[4 * ly + lx][1] : 0;
    return 1;
}

static int median3(int a, int b, int c)
{
    int lo = a < b ? a : b, hi = a < b ? b : a;
    return c < lo ? lo : c > hi ? hi : c;
}

/* 8.4.1.3 from the neighbours A, B, C (C already replaced by D; ref -1
 * and a zero vector when unavailable or intra, h* = available). */
static void mv_pred_from(int ha, int hb, int hc, int ra, int rb, int rc, const int16_t mva[2],
                         const int16_t mvb[2], const int16_t mvc[2], int ref, int16_t mvp[2])
{
    /* 8.4.1.3.1: only A available -> A. */
    if (!hb && !hc && ha) {
        mvp[0] = mva[0];
        mvp[1] = mva[1];
        return;
    }
    const int match = (ra == ref) + (rb == ref) + (rc == ref);
    if (match == 1) {
        const int16_t *m = ra == ref ? mva : rb == ref ? mvb : mvc;
        mvp[0] = m[0];
        mvp[1] = m[1];
        return;
    }
    mvp[0] = (int16_t)median3(mva[0], mvb[0], mvc[0]);
    mvp[1] = (int16_t)median3(mva[1], mvb[1], mvc[1]);
}

/* Motion of block (lx, ly) of neighbour MB m (NULL: unavailable), as
 * neighbour_motion returns it. */
static inline int mb_block_motion(const EncMb *m, int lx, int ly, int16_t mv[2], int *ref)
{
    if (!m) {
        *ref = -1;
        mv[0] = mv[1] = 0;
        return 0;
    }
    *ref = m->ref[(ly >> 1) * 2 + (lx >> 1)];
    mv[0] = *ref >= 0 ? m->mv[4 * ly + lx][0] : 0;
    mv[1] = *ref >= 0 ? m->mv[4 * ly + lx][1] : 0;
    return 1;
}

/* The neighbours A (left), B (top), C (top-right) and D (top-left) of
 * MB (mb_x, mb_y), NULL where unavailable (6.4.8: outside the picture or
 * another slice; the right column has no C). */
static inline void mb_neighbour_ptrs(const Rth264Encoder *enc, int mb_x, int mb_y,
                                     const EncMb *n[4])
{
    const EncMb *cur = &enc->mbs[mb_y * enc->mb_w + mb_x];
    const int32_t sl = enc->slice_index;
    n[0] = mb_x > 0 && cur[-1].slice == sl ? cur - 1 : NULL;
    n[1] = n[2] = n[3] = NULL;
    if (mb_y > 0) {
        const EncMb *top = cur - enc->mb_w;
        n[1] = top->slice == sl ? top : NULL;
        n[2] = mb_x + 1 < enc->mb_w && top[1].slice == sl ? top + 1 : NULL;
        n[3] = mb_x > 0 && top[-1].slice == sl ? top - 1 : NULL;
    }
}

/* Neighbours A, B and C of the whole MB (16x16 at block (0, 0)) for
 * 8.4.1.3: every one lies in another MB, so they are read straight from the
 * MB array (A: left MB block (3, 0), B: top MB (0, 3), C: top-right MB
 * (0, 3), else D: top-left MB (3, 3)). */
typedef struct MbNeighbourMotion {
    int16_t mva[2], mvb[2], mvc[2];
    int ra, rb, rc, ha, hb, hc;
} MbNeighbourMotion;

static void mb16_neighbour_motion(const Rth264Encoder *enc, int mb_x, int mb_y,
                                  MbNeighbourMotion *m)
{
    const EncMb *n[4];
    mb_neighbour_ptrs(enc, mb_x, mb_y, n);
    m->ha = mb_block_motion(n[0], 3, 0, m->mva, &m->ra);
    m->hb = mb_block_motion(n[1], 0, 3, m->mvb, &m->rb);
    m->hc = n[2] ? mb_block_motion(n[2], 0, 3, m->mvc, &m->rc) /* 8.4.1.3.2: else D */
                 : mb_block_motion(n[3], 3, 3, m->mvc, &m->rc);
}

static void mv_pred_mb16(const Rth264Encoder *enc, int mb_x, int mb_y, int ref, int16_t mvp[2])
{
    MbNeighbourMotion m;
    mb16_neighbour_motion(enc, mb_x, mb_y, &m);
    mv_pred_from(m.ha, m.hb, m.hc, m.ra, m.rb, m.rc, m.mva, m.mvb, m.mvc, ref, mvp);
}

/* 8.4.1.3 luma motion vector prediction for a partition at (blk_x, blk_y),
 * w4 4x4 blocks wide. Directional rules for 16x8/8x16 are applied by the
 * caller through 'shape' in rth264_enc_mv_pred_shape(). */
static void mv_pred_full(const Rth264Encoder *enc, int mb_x, int mb_y, int blk_x, int blk_y,
                         int w4, int ref, int shape, const int16_t (*cur_mv)[2],
                         const int8_t *cur_ref, int16_t mvp[2])
{
    if (!blk_x && !blk_y && w4 == 4 && !shape) {
        mv_pred_mb16(enc, mb_x, mb_y, ref, mvp);
        return;
    }
    int16_t mva[2] = { 0, 0 }, mvb[2] = { 0, 0 }, mvc[2] = { 0, 0 };
    int ra = -1, rb = -1, rc = -1;
    const int ha = neighbour_motion(enc, mb_x, mb_y, blk_x - 1, blk_y, cur_mv, cur_ref, mva, &ra);
    const int hb = neighbour_motion(enc, mb_x, mb_y, blk_x, blk_y - 1, cur_mv, cur_ref, mvb, &rb);
    int hc = neighbour_motion(enc, mb_x, mb_y, blk_x + w4, blk_y - 1, cur_mv, cur_ref, mvc, &rc);
    if (!hc) /* 8.4.1.3.2: C replaced by D */
        hc = neighbour_motion(enc, mb_x, mb_y, blk_x - 1, blk_y - 1, cur_mv, cur_ref, mvc, &rc);
    if (!ha) { ra = -1; mva[0] = mva[1] = 0; }
    if (!hb) { rb = -1; mvb[0] = mvb[1] = 0; }
    if (!hc) { rc = -1; mvc[0] = mvc[1] = 0; }

    /* 8.4.1.3: directional predictions for 16x8 and 8x16. */
    if (shape == 1 && blk_y == 0 && rb == ref) { mvp[0] = mvb[0]; mvp[1] = mvb[1]; return; }
    if (shape == 1 && blk_y == 2 && ra == ref) { mvp[0] = mva[0]; mvp[1] = mva[1]; return; }
    if (shape == 2 && blk_x == 0 && ra == ref) { mvp[0] = mva[0]; mvp[1] = mva[1]; return; }
    if (shape == 2 && blk_x == 2 && rc == ref) { mvp[0] = mvc[0]; mvp[1] = mvc[1]; return; }
    mv_pred_from(ha, hb, hc, ra, rb, rc, mva, mvb, mvc, ref, mvp);
}

void rth264_enc_mv_pred_shape(const Rth264Encoder *enc, int mb_x, int mb_y, int blk_x, int blk_y,
                              int w4, int ref, int shape, const int16_t (*cur_mv)[2],
                              const int8_t *cur_ref, int16_t mvp[2])
{
    mv_pred_full(enc, mb_x, mb_y, blk_x, blk_y, w4, ref, shape, cur_mv, cur_ref, mvp);
}

void rth264_enc_mv_pred(const Rth264Encoder *enc, int mb_x, int mb_y, int blk_x, int blk_y,
                        int w4, int ref, const int16_t (*cur_mv)[2], const int8_t *cur_ref,
                        int16_t mvp[2])
{
    mv_pred_full(enc, mb_x, mb_y, blk_x, blk_y, w4, ref, 0, cur_mv, cur_ref, mvp);
}

/* The 16x16 ref 0 predictor (8.4.1.3, as rth264_enc_mv_pred at (0, 0),
 * width 4, with no data of the current MB) and the P_Skip vector
 * (8.4.1.1) from one lookup of the neighbour MBs. Availability from
 * enc->nb, which rth264_enc_neighbours() has set for this MB. */
void rth264_enc_mb_pred16(const Rth264Encoder *enc, int mb_x, int mb_y, int16_t mvp[2],
                          int16_t skip_mv[2])
{
    const EncNeighbours *nb = &enc->nb;
    const EncMb *cur = &enc->mbs[mb_y * enc->mb_w + mb_x], *top = cur - enc->mb_w;
    MbNeighbourMotion m;
    m.ha = mb_block_motion(nb->left ? cur - 1 : NULL, 3, 0, m.mva, &m.ra);
    m.hb = mb_block_motion(nb->top ? top : NULL, 0, 3, m.mvb, &m.rb);
    m.hc = nb->topright ? mb_block_motion(top + 1, 0, 3, m.mvc, &m.rc) /* 8.4.1.3.2: else D */
                        : mb_block_motion(nb->topleft ? top - 1 : NULL, 3, 3, m.mvc, &m.rc);
    mv_pred_from(m.ha, m.hb, m.hc, m.ra, m.rb, m.rc, m.mva, m.mvb, m.mvc, 0, mvp);
    /* 8.4.1.1: zero when A or B is missing or a zero vector of ref 0 */
    const int zero = !m.ha || !m.hb || (m.ra == 0 && !m.mva[0] && !m.mva[1]) ||
                     (m.rb == 0 && !m.mvb[0] && !m.mvb[1]);
    skip_mv[0] = zero ? 0 : mvp[0];
    skip_mv[1] = zero ? 0 : mvp[1];
}
