/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/tables.h"
#include "encoder/encoder.h"
#include "encoder/me.h"

/* ---- inter prediction ------------------------------------------------------ */

static int mc_width_index(int w)
{
    return w == 16 ? RTH264_MC_W16 : w == 8 ? RTH264_MC_W8 : RTH264_MC_W4;
}

/* Quarter-sample luma from two half-sample plane pointers: a copy when both
 * are the same sample, else their rounded average (8.4.2.2.1), written
 * straight into dst. The fixed widths let the compiler emit whole-row vector
 * moves and rounded averages (pavgb / urhadd) with no call: for a 16x16 this
 * is a fraction of the put_luma copy plus mc.avg pass it replaces. */
static inline void luma_from_planes_w(uint8_t *dst, ptrdiff_t ds, const uint8_t *a,
                                      const uint8_t *b, ptrdiff_t ss, int w, int h)
{
    /* Four rows a pass (h is 4, 8 or 16): a quarter of the loop overhead,
     * which at one vector per row was as much as the copying itself. */
    if (a == b) {
        for (int y = 0; y < h; y += 4, dst += 4 * ds, a += 4 * ss)
            for (int i = 0; i < 4; i++)
                memcpy(dst + i * ds, a + i * ss, w);
        return;
    }
    for (int y = 0; y < h; y += 4, dst += 4 * ds, a += 4 * ss, b += 4 * ss)
        for (int i = 0; i < 4; i++) {
            /* Row copies in locals: no aliasing for the vectoriser to check. */
            uint8_t ra[16], rb[16], rd[16];
            memcpy(ra, a + i * ss, w);
            memcpy(rb, b + i * ss, w);
            for (int x = 0; x < w; x++)
                rd[x] = (uint8_t)((ra[x] + rb[x] + 1) >> 1);
            memcpy(dst + i * ds, rd, w);
        }
}

static void luma_from_planes(uint8_t *dst, ptrdiff_t ds, const uint8_t *a, const uint8_t *b,
                             ptrdiff_t ss, int w, int h)
{
    if (w == 16)
        luma_from_planes_w(dst, ds, a, b, ss, 16, h);
    else if (w == 8)
        luma_from_planes_w(dst, ds, a, b, ss, 8, h);
    else
        luma_from_planes_w(dst, ds, a, b, ss, 4, h);
}

/* 8.4.2.2.2: both chroma planes of a w x h luma partition at (px, py)
 * (>= 0) straight into recon, at the same offsets (a frame's U and V share
 * their stride). Inlined: the 16x16 callers pass constants. */
static inline __attribute__((always_inline)) void
predict_chroma_planes(Rth264Encoder *enc, const Rth264Frame *rf, int px, int py, int w, int h,
                      const int16_t mv[2])
{
    const Rth264McChromaFn put = enc->mc.put_chroma[w == 16 ? 0 : w == 8 ? 1 : 2];
    const ptrdiff_t cs = enc->recon->stride[1], rcs = rf->stride[1];
    const int cx = (int)((unsigned)px >> 1), cy = (int)((unsigned)py >> 1);
    const ptrdiff_t d = cy * cs + cx, s = (cy + (mv[1] >> 3)) * rcs + cx + (mv[0] >> 3);
    const int mx = mv[0] & 7, my = mv[1] & 7, ch = h >> 1;
    put(enc->recon->data[1] + d, cs, rf->data[1] + s, rcs, ch, mx, my);
    put(enc->recon->data[2] + d, cs, rf->data[2] + s, rcs, ch, mx, my);
}

/* 8.4.2.2: prediction of one partition straight into recon; planes: bit 0
 * luma, bit 1 chroma. */
static void predict_partition_planes(Rth264Encoder *enc, int mb_x, int mb_y, int bx, int by,
                                     int w, int h, int ref, const int16_t mv[2], int planes)
{
    const Rth264Frame *rf = enc->refs[ref];
    const int px = mb_x * 16 + bx, py = mb_y * 16 + by;
    if (planes & 1) {
        const ptrdiff_t ls = enc->recon->stride[0], rls = rf->stride[0];
        uint8_t *dst = enc->recon->data[0] + py * ls + px;
        EncHpel *hp = enc->ref_hpel[ref];
        if (hp && (hp->plane[2] || !rth264_hpel_needs_j(mv[0], mv[1]))) {
            /* The half-sample planes hold the exact 8.4.2.2.1 samples: a
             * copy (or one rounded average) replaces the 6-tap filter. */
            const uint8_t *a, *b;
            rth264_hpel_ensure_block(hp, py, h, mv[0], mv[1]);
            rth264_hpel_ref(hp, rf->data[0], px, py, mv[0], mv[1], &a, &b);
            luma_from_planes(dst, ls, a, b, rls, w, h);
        } else {
            const int wi = mc_width_index(w);
            enc->mc.put_luma[wi](dst, ls, rf->data[0] + (py + (mv[1] >> 2)) * rls + px +
                                 (mv[0] >> 2), rls, h, mv[0] & 3, mv[1] & 3);
        }
    }
    if (planes & 2)
        predict_chroma_planes(enc, rf, px, py, w, h, mv);
}

static void predict_partition(Rth264Encoder *enc, int mb_x, int mb_y, int bx, int by, int w,
                              int h, int ref, const int16_t mv[2])
{
    predict_partition_planes(enc, mb_x, mb_y, bx, by, w, h, ref, mv, 3);
}

static void predict_inter(Rth264Encoder *enc, int mb_x, int mb_y, const EncMbDecision *d)
{
    switch (d->type) {
    case MB_P16x8:
        predict_partition(enc, mb_x, mb_y, 0, 0, 16, 8, d->ref[0], d->mv[0]);
        predict_partition(enc, mb_x, mb_y, 0, 8, 16, 8, d->ref[2], d->mv[8]);
        break;
    case MB_P8x16:
        predict_partition(enc, mb_x, mb_y, 0, 0, 8, 16, d->ref[0], d->mv[0]);
        predict_partition(enc, mb_x, mb_y, 8, 0, 8, 16, d->ref[1], d->mv[2]);
        break;
    case MB_P8x8:
        for (int i = 0; i < 4; i++) {
            const int bx = (i & 1) * 8, by = (i >> 1) * 8, b = (i >> 1) * 8 + (i & 1) * 2;
            if (d->sub_type[i] == 1) { /* 8x4 */
                predict_partition(enc, mb_x, mb_y, bx, by, 8, 4, d->ref[i], d->mv[b]);
                predict_partition(enc, mb_x, mb_y, bx, by + 4, 8, 4, d->ref[i], d->mv[b + 4]);
            } else if (d->sub_type[i] == 2) { /* 4x8 */
                predict_partition(enc, mb_x, mb_y, bx, by, 4, 8, d->ref[i], d->mv[b]);
                predict_partition(enc, mb_x, mb_y, bx + 4, by, 4, 8, d->ref[i], d->mv[b + 1]);
            } else {
                predict_partition(enc, mb_x, mb_y, bx, by, 8, 8, d->ref[i], d->mv[b]);
            }
        }
        break;
    default:
        predict_partition(enc, mb_x, mb_y, 0, 0, 16, 16, d->ref[0], d->mv[0]);
        break;
    }
}

static void set_motion(EncMbDecision *d, int bx4, int by4, int w4, int h4, int ref,
                       const int16_t mv[2])
{
    for (int y = by4; y < by4 + h4; y++)
        for (int x = bx4; x < bx4 + w4; x++) {
            d->mv[4 * y + x][0] = mv[0];
            d->mv[4 * y + x][1] = mv[1];
            d->ref[(y >> 1) * 2 + (x >> 1)] = (int8_t)ref;
        }
}

/* Vector limits for a partition at pixel (px, py) of size w x h: inside the
 * reference padding, the level's vertical range, and for intra refresh,
 * inside the already refreshed columns. */
static inline void mv_limits(const Rth264Encoder *enc, int mb_x, int px, int py, int w, int h,
                             int min[2], int max[2])
{
    const int margin = HPEL_MARGIN; /* inside the padding and the half-sample planes */
    const int cw = enc->mb_w * 16, chh = enc->mb_h * 16;
    min[0] = 4 * (-margin - px);
    max[0] = 4 * (cw + margin - w - px);
    min[1] = 4 * (-margin - py);
    max[1] = 4 * (chh + margin - h - py);
    if (min[0] < -8192) min[0] = -8192;
    if (max[0] > 8191) max[0] = 8191;
    if (min[1] < -enc->max_vmv) min[1] = -enc->max_vmv;
    if (max[1] > enc->max_vmv - 1) max[1] = enc->max_vmv - 1;
    if (enc->clean_x > 0 && mb_x < enc->clean_x) {
        const int lim = 4 * (enc->clean_x_ref * 16 - 8 - w - px);
        if (max[0] > lim)
            max[0] = lim;
        if (min[0] > max[0])
            min[0] = max[0];
    }
}

static int mv_allowed(const int min[2], const int max[2], const int16_t mv[2])
{
    return mv[0] >= min[0] && mv[0] <= max[0] && mv[1] >= min[1] && mv[1] <= max[1];
}

static void setup_me(Rth264Encoder *enc, EncMe *me, int mb_x, int mb_y, int bx, int by, int size,
                     int ref)
{
    const int w = rth264_pixel_size_w[size], h = rth264_pixel_size_h[size];
    const int px = mb_x * 16 + bx, py = mb_y * 16 + by;
    me->src_stride = enc->fenc->stride[0];
    me->src = enc->fenc->data[0] + py * me->src_stride + px;
    me->ref_stride = enc->refs[ref]->stride[0];
    me->ref = enc->refs[ref]->data[0] + py * me->ref_stride + px;
    me->w = w;
    me->h = h;
    me->sad = enc->pix.sad[size];
    me->satd = enc->pix.satd[size];
    me->sad_x3 = enc->pix.sad_x3[size];
    me->sad_avg2 = enc->pix.sad_avg2[size];
    me->satd_avg2 = enc->pix.satd_avg2[size];
    me->sad_avg2_x4 = enc->pix.sad_avg2_x4[size];
    me->sad_x4 = enc->pix.sad_x4[size];
    me->mc = enc->mc.put_luma[mc_width_index(w)];
    me->hpel = enc->ref_hpel[ref];
    me->ref_plane = enc->refs[ref]->data[0];
    me->px = px;
    me->py = py;
    if (me->hpel) {
        const ptrdiff_t o = py * me->ref_stride + px; /* planes share the frame's stride */
        me->plane_at[0] = me->ref_plane + o;
        for (int i = 0; i < 3; i++)
            me->plane_at[1 + i] = me->hpel->plane[i] ? me->hpel->plane[i] + o : NULL;
    }
    me->lambda = enc->lambda;
    me->mv_bits = enc->mv_bits;
    me->max_iter = enc->me_iter;
    me->half_rounds = enc->me_half;
    me->qpel_rounds = enc->me_qpel;
    me->qpel_diamond = enc->qpel_diamond;
    me->half_diamond = enc->half_diamond;
    /* me_good: per 16x16 (256 samples), scaled to the block */
    me->good_enough = enc->me_good ? enc->me_good * w * h / 256 : 0;
    me->sad_result = enc->me_sad_result;
    mv_limits(enc, mb_x, px, py, w, h, me->min, me->max);
}

static int ref_bits(const Rth264Encoder *enc, int ref)
{
    if (enc->active_refs <= 1)
        return 0;
    return enc->active_refs == 2 ? 1 : rth264_ue_bits((uint32_t)ref);
}

/* Candidate vectors from spatial and temporal neighbours (availability
 * from enc->nb, set for this MB). */
static int gather_candidates(const Rth264Encoder *enc, int mb_x, int mb_y, int16_t cands[8][2])
{
    int n = 0;
    const EncNeighbours *nb = &enc->nb;
    const EncMb *cur = &enc->mbs[mb_y * enc->mb_w + mb_x], *top = cur - enc->mb_w;
    cands[n][0] = cands[n][1] = 0;
    n++;
    if (nb->left && cur[-1].ref[0] >= 0)
        memcpy(cands[n++], cur[-1].mv[0], sizeof(cands[0]));
    if (nb->top && top->ref[0] >= 0)
        memcpy(cands[n++], top->mv[0], sizeof(cands[0]));
    if (nb->topright && top[1].ref[0] >= 0)
        memcpy(cands[n++], top[1].mv[0], sizeof(cands[0]));
    const int16_t *t = enc->prev_mv[mb_y * enc->mb_w + mb_x];
    cands[n][0] = t[0];
    cands[n][1] = t[1];
    n++;
    if (mb_y + 1 < enc->mb_h) {
        t = enc->prev_mv[(mb_y + 1) * enc->mb_w + mb_x];
        cands[n][0] = t[0];
        cands[n][1] = t[1];
        n++;
    }
    n += rth264_enc_gm_candidate(enc, cands[n]);
    return n;
}

/* P_L0_16x16 over all active references. Returns the cost. */
static int analyse_p16x16(Rth264Encoder *enc, int mb_x, int mb_y, EncMbDecision *d)
{
    int16_t cands[9][2];
    const int nc = gather_candidates(enc, mb_x, mb_y, cands);
    int best = INT_MAX;
    for (int ref = 0; ref < enc->active_refs; ref++) {
        EncMe me;
        int16_t mv[2];
        setup_me(enc, &me, mb_x, mb_y, 0, 0, RTH264_PIXEL_16x16, ref);
        if (ref == 0) { /* computed once per MB (analyse_encode_mb) */
            me.mvp[0] = enc->skip_probe.mvp16[0];
            me.mvp[1] = enc->skip_probe.mvp16[1];
        } else {
            rth264_enc_mv_pred(enc, mb_x, mb_y, 0, 0, 4, ref, d->mv, d->ref, me.mvp);
        }
        const int cost = rth264_enc_me_search(&me, (const int16_t(*)[2])cands, nc, mv) +
                         enc->lambda * (1 + ref_bits(enc, ref));
        if (cost < best) {
            best = cost;
            d->type = MB_P16x16;
            set_motion(d, 0, 0, 4, 4, ref, mv);
            memcpy(d->mvp[0], me.mvp, sizeof(me.mvp));
        }
    }
    return best;
}

/* Searches one partition (4x4-unit geometry) in decoding order, so its
 * predictor is exact; records mv and mvp. Returns the cost. */
static int search_partition(Rth264Encoder *enc, int mb_x, int mb_y, EncMbDecision *d,
                            const int8_t g[4], int size, int shape, int ref,
                            const int16_t start[2], int mvp_index)
{
    EncMe me;
    int16_t mv[2], cands[2][2] = { { start[0], start[1] }, { 0, 0 } };
    setup_me(enc, &me, mb_x, mb_y, g[0] * 4, g[1] * 4, size, ref);
    /* Partitions start from the 16x16 vector: a short integer search does. */
    if (me.max_iter > enc->part_iter)
        me.max_iter = enc->part_iter;
    if (me.half_rounds > enc->part_subpel)
        me.half_rounds = enc->part_subpel;
    if (me.qpel_rounds > enc->part_subpel)
        me.qpel_rounds = enc->part_subpel;
    rth264_enc_mv_pred_shape(enc, mb_x, mb_y, g[0], g[1], g[2], ref, shape, d->mv, d->ref,
                             me.mvp);
    const int cost = rth264_enc_me_search(&me, (const int16_t(*)[2])cands, 2, mv);
    memcpy(d->mvp[mvp_index], me.mvp, sizeof(me.mvp));
    set_motion(d, g[0], g[1], g[2], g[3], ref, mv);
    return cost;
}

/* One 8x8 of P_8x8: whole, or split in 8x4 / 4x8 sub-partitions when they
 * pay for their extra vector (7.4.5.2 sub_mb_type 0..2). */
static int analyse_sub8x8(Rth264Encoder *enc, int mb_x, int mb_y, EncMbDecision *d, int i,
                          int ref, const int16_t start[2])
{
    const int8_t bx = (int8_t)((i & 1) * 2), by = (int8_t)((i >> 1) * 2);
    const int8_t whole[4] = { bx, by, 2, 2 };
    d->ref[i] = (int8_t)ref;
    d->sub_type[i] = 0;
    int best = search_partition(enc, mb_x, mb_y, d, whole, RTH264_PIXEL_8x8, 0, ref, start, 4 * i) +
               enc->lambda;
    if (!enc->use_subparts)
        return best;
    const int16_t whole_mv[2] = { d->mv[4 * by + bx][0], d->mv[4 * by + bx][1] };
    EncMbDecision keep = *d;
    static const int8_t split[2][2][4] = {
        { { 0, 0, 2, 1 }, { 0, 1, 2, 1 } },   /* 8x4 */
        { { 0, 0, 1, 2 }, { 1, 0, 1, 2 } },   /* 4x8 */
    };
    for (int t = 0; t < 2; t++) {
        EncMbDecision trial = keep;
        trial.sub_type[i] = (int8_t)(t + 1);
        int cost = 3 * enc->lambda;
        for (int j = 0; j < 2; j++) {
            const int8_t g[4] = { (int8_t)(bx + split[t][j][0]), (int8_t)(by + split[t][j][1]),
                                  split[t][j][2], split[t][j][3] };
            cost += search_partition(enc, mb_x, mb_y, &trial, g,
                                     t ? RTH264_PIXEL_4x8 : RTH264_PIXEL_8x4, 0, ref, whole_mv,
                                     4 * i + j);
        }
        if (cost < best) {
            best = cost;
            *d = trial;
        }
    }
    return best;
}

/* Partitioned modes (16x8, 8x16, 8x8 with sub-partitions), searched
 * sequentially in decoding order so each predictor is exact. */
static int analyse_partitions(Rth264Encoder *enc, int mb_x, int mb_y, int type, int ref,
                              const int16_t start[2], EncMbDecision *out)
{
    static const int8_t geo[2][2][4] = { /* bx4, by4, w4, h4 */
        { { 0, 0, 4, 2 }, { 0, 2, 4, 2 } },
        { { 0, 0, 2, 4 }, { 2, 0, 2, 4 } },
    };
    EncMbDecision d = *out;
    memset(d.mv, 0, sizeof(d.mv));
    memset(d.ref, REF_NOT_CODED, sizeof(d.ref));
    memset(d.sub_type, 0, sizeof(d.sub_type));
    d.type = type;
    int total = enc->lambda * (type == MB_P8x8 ? 5 : 3);
    if (type == MB_P8x8) {
        for (int i = 0; i < 4; i++)
            total += analyse_sub8x8(enc, mb_x, mb_y, &d, i, ref, start) +
                     enc->lambda * ref_bits(enc, ref);
    } else {
        const int g = type == MB_P16x8 ? 0 : 1;
        for (int p = 0; p < 2; p++)
            total += search_partition(enc, mb_x, mb_y, &d, geo[g][p],
                                      g ? RTH264_PIXEL_8x16 : RTH264_PIXEL_16x8, g ? 2 : 1, ref,
                                      start, p) +
                     enc->lambda * ref_bits(enc, ref);
    }
    *out = d;
    return total;
}

static int analyse_inter(Rth264Encoder *enc, int mb_x, int mb_y, EncMbDecision *d)
{
    int best = analyse_p16x16(enc, mb_x, mb_y, d);
    if (!enc->use_partitions || best < enc->lambda * 64)
        return best;
    const int ref = d->ref[0];
    const int16_t start[2] = { d->mv[0][0], d->mv[0][1] };
    static const int types[3] = { MB_P16x8, MB_P8x16, MB_P8x8 };
    const int cost16 = best;
    for (int i = 0; i < 3; i++) {
        /* 8x8 only when a two-way split already looked promising. */
        if (types[i] == MB_P8x8 && enc->part_iter < 8 && best > cost16 - cost16 / 16)
            break;
        EncMbDecision t = *d;
        const int cost = analyse_partitions(enc, mb_x, mb_y, types[i], ref, start, &t);
        if (cost < best) {
            best = cost;
            *d = t;
        }
    }
    return best;
}

/* ---- intra ------------------------------------------------------------------ */

static int i16_mode_fn(int mode, const EncNeighbours *n)
{
    if (mode == RTH264_I16_DC)
        return n->left && n->top ? RTH264_I16_DC : n->left ? RTH264_I16_DC_LEFT
             : n->top ? RTH264_I16_DC_TOP : RTH264_I16_DC_128;
    return mode;
}

static int i16_mode_ok(int mode, const EncNeighbours *n)
{
    switch (mode) {
    case RTH264_I16_V: return n->top;
    case RTH264_I16_H: return n->left;
    case RTH264_I16_PLANE: return n->top && n->left && n->topleft;
    default: return 1;
    }
}

static int analyse_i16(Rth264Encoder *enc, int mb_x, int mb_y, const EncNeighbours *n, int *mode)
{
    const ptrdiff_t ss = enc->fenc->stride[0], ds = enc->recon->stride[0];
    const uint8_t *src = enc->fenc->data[0] + mb_y * 16 * ss + mb_x * 16;
    uint8_t *dst = enc->recon->data[0] + mb_y * 16 * ds + mb_x * 16;
    int best = INT_MAX;
    for (int m = 0; m < 4; m++) {
        if (!i16_mode_ok(m, n))
            continue;
        enc->ipred.pred16x16[i16_mode_fn(m, n)](dst, ds);
        const int cost = enc->pix.satd[RTH264_PIXEL_16x16](src, ss, dst, ds) +
                         enc->lambda * (enc->slice_type_p ? 9 : 5);
        if (cost < best) {
            best = cost;
            *mode = m;
        }
    }
    return best;
}

static int chroma_mode_fn(int mode, const EncNeighbours *n)
{
    if (mode == RTH264_IC_DC)
        return n->left && n->top ? RTH264_IC_DC : n->left ? RTH264_IC_DC_LEFT
             : n->top ? RTH264_IC_DC_TOP : RTH264_IC_DC_128;
    return mode;
}

static int chroma_mode_ok(int mode, const EncNeighbours *n)
{
    switch (mode) {
    case RTH264_IC_H: return n->left;
    case RTH264_IC_V: return n->top;
    case RTH264_IC_PLANE: return n->top && n->left && n->topleft;
    default: return 1;
    }
}

static int analyse_chroma(Rth264Encoder *enc, int mb_x, int mb_y, const EncNeighbours *n)
{
    int best = INT_MAX, best_mode = 0;
    for (int m = 0; m < 4; m++) {
        if (!chroma_mode_ok(m, n))
            continue;
        int cost = enc->lambda * rth264_ue_bits((uint32_t)m);
        for (int c = 1; c < 3; c++) {
            const ptrdiff_t ss = enc->fenc->stride[c], ds = enc->recon->stride[c];
            uint8_t *dst = enc->recon->data[c] + mb_y * 8 * ds + mb_x * 8;
            enc->ipred.pred_chroma8x8[chroma_mode_fn(m, n)](dst, ds);
            cost += enc->pix.satd[RTH264_PIXEL_8x8](enc->fenc->data[c] + mb_y * 8 * ss + mb_x * 8,
                                                    ss, dst, ds);
        }
        if (cost < best) {
            best = cost;
            best_mode = m;
        }
    }
    return best_mode;
}

static void predict_chroma(Rth264Encoder *enc, int mb_x, int mb_y, const EncNeighbours *n, int mode)
{
    for (int c = 1; c < 3; c++) {
        const ptrdiff_t ds = enc->recon->stride[c];
        enc->ipred.pred_chroma8x8[chroma_mode_fn(mode, n)](enc->recon->data[c] + mb_y * 8 * ds +
                                                           mb_x * 8, ds);
    }
}

/* 8.3.1.2: neighbour availability of 4x4 block (x, y) inside the MB. */
static void i4_neighbours(const EncNeighbours *n, int x, int y, int *left, int *top, int *tl,
                          int *tr)
{
    *left = x > 0 || n->left;
    *top = y > 0 || n->top;
    *tl = (x > 0 && y > 0) || (x == 0 && y > 0 && n->left) || (y == 0 && x > 0 && n->top) ||
          (x == 0 && y == 0 && n->topleft);
    if (y == 0)
        *tr = x < 3 ? n->top : n->topright;
    else
        *tr = x < 3 && rth264_blk4x4_from_xy[y - 1][x + 1] < rth264_blk4x4_from_xy[y][x];
}

/* 8.3.1.2.x: the modes whose samples are available, as a bit mask by mode. */
static unsigned i4_modes_ok(int left, int top, int tl)
{
    unsigned ok = 1u << RTH264_I4_DC;
    if (top)
        ok |= 1u << RTH264_I4_V | 1u << RTH264_I4_DDL | 1u << RTH264_I4_VL;
    if (left)
        ok |= 1u << RTH264_I4_H | 1u << RTH264_I4_HU;
    if (top && left && tl)
        ok |= 1u << RTH264_I4_DDR | 1u << RTH264_I4_VR | 1u << RTH264_I4_HD;
    return ok;
}

static int i4_fn(int mode, int left, int top)
{
    if (mode != RTH264_I4_DC)
        return mode;
    return left && top ? RTH264_I4_DC : left ? RTH264_I4_DC_LEFT
         : top ? RTH264_I4_DC_TOP : RTH264_I4_DC_128;
}

/* SATD cost of every allowed mode of one 4x4 block, best first (the first
 * 'want' of them at least; ties keep mode order); returns the count. The
 * nine SATDs come from the edge samples in one call. */
static int i4_mode_costs(Rth264Encoder *enc, const uint8_t *src, ptrdiff_t ss, const uint8_t *dst,
                         ptrdiff_t ds, const uint8_t *tr, const int av[3], int pred,
                         int no_topright, int want, int modes[9], int costs[9])
{
    uint8_t edge[16];
    for (int i = 0; i < 4; i++) {
        edge[3 - i] = dst[-1 + i * ds]; /* left, bottom up */
        edge[5 + i] = dst[i - ds];      /* top */
        edge[9 + i] = tr[i];            /* top-right or its substitute */
    }
    edge[4] = dst[-1 - ds];
    edge[13] = edge[14] = edge[15] = 0;
    int satd[9];
    enc->quant.intra4x4_satd_x9(satd, src, ss, edge, (av[0] ? 1u : 0u) | (av[1] ? 2u : 0u));
    unsigned ok = i4_modes_ok(av[0], av[1], av[2]);
    if (no_topright)
        ok &= ~(1u << RTH264_I4_DDL | 1u << RTH264_I4_VL);
    if (want <= 1) { /* only the best: the first minimum in mode order */
        int best = RTH264_I4_DC, best_cost = INT_MAX;
        for (unsigned m_ok = ok; m_ok; m_ok &= m_ok - 1) {
            const int m = __builtin_ctz(m_ok);
            const int cost = satd[m] + enc->lambda * (m == pred ? 1 : 4);
            if (cost < best_cost) {
                best_cost = cost;
                best = m;
            }
        }
        modes[0] = best;
        costs[0] = best_cost;
        return 1;
    }
    int n = 0;
    for (int m = 0; m < 9; m++) {
        if (!(ok >> m & 1))
            continue;
        const int cost = satd[m] + enc->lambda * (m == pred ? 1 : 4);
        int k = n++;
        while (k > 0 && costs[k - 1] > cost) { /* keep sorted, best first */
            costs[k] = costs[k - 1];
            modes[k] = modes[k - 1];
            k--;
        }
        costs[k] = cost;
        modes[k] = m;
    }
    return n;
}

/* Codes one 4x4 block with the best of its candidate modes: by SATD, or
 * when enc->rd_i4 > 1, the first rd_i4 candidates by SSD + lambda * bits of
 * the real coding. Recon is left in place; returns the SATD-domain cost. */
static int code_i4_block(Rth264Encoder *enc, int mb_x, int mb_y, int x, int y,
                         const EncNeighbours *n, int qp, EncMbDecision *d, EncResidual *r)
{
    const ptrdiff_t ss = enc->fenc->stride[0], ds = enc->recon->stride[0];
    const uint8_t *src = enc->fenc->data[0] + (mb_y * 16 + 4 * y) * ss + mb_x * 16 + 4 * x;
    uint8_t *dst = enc->recon->data[0] + (mb_y * 16 + 4 * y) * ds + mb_x * 16 + 4 * x;
    int av[3], trv;
    i4_neighbours(n, x, y, &av[0], &av[1], &av[2], &trv);
    uint8_t trbuf[4];
    const uint8_t *tr = dst - ds + 4;
    if (!trv && av[1]) {
        memset(trbuf, dst[-ds + 3], 4);
        tr = trbuf;
    }
    const int pred = rth264_enc_i4_pred_mode(enc, mb_x, mb_y, d->i4mode, x, y);
    int modes[9], costs[9];
    /* Intra refresh: the top-right MB of the column's last MB is not
     * refreshed yet, so modes reading it would carry stale data in. */
    const int no_topright = trv && y == 0 && x == 3 && enc->refresh_x1 > enc->refresh_x0 &&
                            mb_x == enc->refresh_x1 - 1;
    const int count = i4_mode_costs(enc, src, ss, dst, ds, tr, av, pred, no_topright,
                                    enc->rd_i4, modes, costs);
    const int tries = enc->rd_i4 < count ? enc->rd_i4 : count;
    const int b = 4 * y + x;
    int best = 0;
    if (tries > 1) {
        const int nc = rth264_enc_predict_nc(enc, mb_x, mb_y, r, -1, x, y);
        int64_t best_rd = INT64_MAX;
        for (int i = 0; i < tries; i++) {
            int16_t level[16];
            enc->ipred.pred4x4[i4_fn(modes[i], av[0], av[1])](dst, ds, tr);
            const int nz = rth264_enc_encode_i4_block(enc, src, ss, dst, ds, qp, level);
            const int bits = (nz ? rth264_enc_block_bits(level, 16, nc) : 1) +
                             (modes[i] == pred ? 1 : 4);
            const int64_t rd = enc->pix.ssd[RTH264_PIXEL_4x4](src, ss, dst, ds) +
                               (int64_t)enc->lambda2 * bits;
            if (rd < best_rd) {
                best_rd = rd;
                best = i;
            }
        }
    }
    enc->ipred.pred4x4[i4_fn(modes[best], av[0], av[1])](dst, ds, tr);
    d->i4mode[b] = (int8_t)modes[best];
    r->nnz[b] = (uint8_t)rth264_enc_encode_i4_block(enc, src, ss, dst, ds, qp, r->luma[b]);
    return costs[best];
}

/* Intra4x4: decides and codes each block in order (recon in place).
 * Returns the SATD-based cost, INT_MAX once it exceeds bail. */
static int analyse_encode_i4(Rth264Encoder *enc, int mb_x, int mb_y, const EncNeighbours *n,
                             int qp, EncMbDecision *d, EncResidual *r, int bail)
{
    int total = enc->lambda * (enc->slice_type_p ? 5 : 1);
    for (int i = 0; i < 16; i++) {
        total += code_i4_block(enc, mb_x, mb_y, rth264_blk4x4_x[i], rth264_blk4x4_y[i], n, qp,
                               d, r);
        /* Each block left costs lambda at least (its mode bits, SATD >= 0):
         * give up as soon as the total is bound to exceed bail. */
        if (total + (int64_t)enc->lambda * (15 - i) > bail)
            return INT_MAX;
    }
    r->cbp = 0;
    for (int b = 0; b < 16; b++)
        if (r->nnz[b])
            r->cbp |= 1 << (((b >> 2) >> 1) * 2 + ((b & 3) >> 1));
    return total;
}

/* ---- decision ----------------------------------------------------------------- */

static void reset_decision_only(EncMbDecision *d, int qp)
{
    /* Field by field (the struct has no padding): one memset of the whole
     * becomes a rep stos, whose start-up costs more than these stores. */
    d->type = 0;
    d->i16mode = 0;
    d->chroma_mode = 0;
    memset(d->i4mode, 2, sizeof(d->i4mode));
    memset(d->ref, -1, sizeof(d->ref));
    memset(d->mv, 0, sizeof(d->mv));
    memset(d->mvp, 0, sizeof(d->mvp));
    memset(d->sub_type, 0, sizeof(d->sub_type));
    d->qp = qp;
}

static void reset_decision(EncMbDecision *d, EncResidual *r, int qp)
{
    reset_decision_only(d, qp);
    /* What every path reads before writing it (P_Skip: nothing coded);
     * each coding function fills the levels it flags in cbp. */
    memset(r->nnz, 0, sizeof(r->nnz));
    memset(r->nnz_c, 0, sizeof(r->nnz_c));
    r->cbp = 0;
}

/* P_Skip when its prediction leaves nothing worth coding: the residual is
 * quantised for real, so a skip never hides an error the QP would code.
 * Where the prediction is a half-sample plane itself (a full- or
 * half-sample vector, about half of them), the SAD and the transform read
 * it there: the copy into recon is made only for a P_Skip (most MBs that
 * fail never need it: another vector wins, or encode_inter predicts
 * again). The quarter-sample SAD comes from the two planes, so an MB the
 * SAD rejects is not predicted either. p->pred says what is in recon. */
static int try_skip(Rth264Encoder *enc, int mb_x, int mb_y, int qp, EncMbDecision *d,
                    EncResidual *r)
{
    int16_t mv[2];
    int min[2], max[2];
    mv[0] = enc->skip_probe.mv[0];
    mv[1] = enc->skip_probe.mv[1];
    mv_limits(enc, mb_x, mb_x * 16, mb_y * 16, 16, 16, min, max);
    if (!mv_allowed(min, max, mv))
        return 0;
    EncLumaProbe *p = &enc->skip_probe;
    p->mv[0] = mv[0];
    p->mv[1] = mv[1];
    const ptrdiff_t ss = enc->fenc->stride[0], ds = enc->recon->stride[0];
    const uint8_t *src = enc->fenc->data[0] + mb_y * 16 * ss + mb_x * 16;
    uint8_t *dst = enc->recon->data[0] + mb_y * 16 * ds + mb_x * 16;
    EncHpel *hp = enc->ref_hpel[0];
    const ptrdiff_t rls = enc->refs[0]->stride[0];
    const uint8_t *a = NULL, *b = NULL, *pred = dst;
    ptrdiff_t ps = ds;
    int sad;
    if (hp && (hp->plane[2] || !rth264_hpel_needs_j(mv[0], mv[1]))) {
        rth264_hpel_ensure_block(hp, mb_y * 16, 16, mv[0], mv[1]);
        rth264_hpel_ref(hp, enc->refs[0]->data[0], mb_x * 16, mb_y * 16, mv[0], mv[1], &a, &b);
        if (a == b) {
            pred = a;
            ps = rls;
            sad = enc->pix.sad[RTH264_PIXEL_16x16](src, ss, a, rls);
        } else {
            sad = enc->pix.sad_avg2[RTH264_PIXEL_16x16](src, ss, a, b, rls);
            if (sad <= enc->skip_threshold)
                luma_from_planes(dst, ds, a, b, rls, 16, 16);
        }
        p->pred = pred == dst;
    } else {
        predict_partition_planes(enc, mb_x, mb_y, 0, 0, 16, 16, 0, mv, 1);
        p->pred = 1;
        sad = enc->pix.sad[RTH264_PIXEL_16x16](src, ss, dst, ds);
    }
    if (sad > enc->skip_threshold) {
        p->pred = 0;
        return 0;
    }
    if (!rth264_enc_luma_inter_is_zero(enc, mb_x, mb_y, qp, pred, ps))
        return 0;
    /* Luma first: chroma is predicted only for MBs that pass. */
    predict_chroma_planes(enc, enc->refs[0], mb_x * 16, mb_y * 16, 16, 16, mv);
    rth264_enc_encode_chroma(enc, mb_x, mb_y, qp, 0, r);
    /* A coded chroma residual was added to the recon chroma: what
     * P_L0_16x16 at mv codes too, kept for encode_inter. */
    if (r->cbp) {
        p->chroma_cbp = r->cbp;
        return 0;
    }
    p->pred |= 2;
    if (pred != dst)
        luma_from_planes(dst, ds, a, a, rls, 16, 16);
    d->type = MB_PSKIP; /* d stays as reset until then */
    set_motion(d, 0, 0, 4, 4, 0, mv);
    return 1;
}

/* Final coding of an inter decision (prediction, residual, recon); a
 * residual-free P_L0_16x16 at the P_Skip vector becomes P_Skip. */
static void encode_inter(Rth264Encoder *enc, int mb_x, int mb_y, int qp, EncMbDecision *d,
                         EncResidual *r)
{
    const int16_t *smv = enc->skip_probe.mv;
    const int at_skip_mv = d->type == MB_P16x16 && d->ref[0] == 0 && smv[0] == d->mv[0][0] &&
                           smv[1] == d->mv[0][1];
    /* Nothing writes recon chroma or r's chroma between the P_Skip test and
     * this coding (the intra candidates before it touch only luma). */
    const int chroma_cbp = at_skip_mv ? enc->skip_probe.chroma_cbp : 0;
    if (chroma_cbp)
        predict_partition_planes(enc, mb_x, mb_y, 0, 0, 16, 16, 0, d->mv[0], 1);
    else
        predict_inter(enc, mb_x, mb_y, d);
    /* The P_Skip test quantised this very prediction already. */
    if (!at_skip_mv || !rth264_enc_encode_luma_inter_cached(enc, mb_x, mb_y, qp, r))
        rth264_enc_encode_luma_inter(enc, mb_x, mb_y, qp, r);
    if (chroma_cbp)
        r->cbp |= chroma_cbp;
    else
        rth264_enc_encode_chroma(enc, mb_x, mb_y, qp, 0, r);
    if (at_skip_mv && !r->cbp)
        d->type = MB_PSKIP;
}

/* Same when nothing has written recon since the P_Skip test: the planes
 * it predicted at the skip vector are still there. */
static void encode_inter_after_skip_test(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                         EncMbDecision *d, EncResidual *r)
{
    const EncLumaProbe *p = &enc->skip_probe;
    const int at_skip_mv = p->pred && d->type == MB_P16x16 && d->ref[0] == 0 &&
                           p->mv[0] == d->mv[0][0] && p->mv[1] == d->mv[0][1];
    if (!at_skip_mv) {
        encode_inter(enc, mb_x, mb_y, qp, d, r);
        return;
    }
    const int planes = 3 & ~p->pred & (p->chroma_cbp ? ~2 : 3);
    if (planes)
        predict_partition_planes(enc, mb_x, mb_y, 0, 0, 16, 16, 0, d->mv[0], planes);
    if (!rth264_enc_encode_luma_inter_cached(enc, mb_x, mb_y, qp, r))
        rth264_enc_encode_luma_inter(enc, mb_x, mb_y, qp, r);
    if (p->chroma_cbp) /* coded by the P_Skip test */
        r->cbp |= p->chroma_cbp;
    else
        rth264_enc_encode_chroma(enc, mb_x, mb_y, qp, 0, r);
    if (!r->cbp)
        d->type = MB_PSKIP;
}

static void encode_i16(Rth264Encoder *enc, int mb_x, int mb_y, int qp, const EncNeighbours *n,
                       int mode, EncMbDecision *d, EncResidual *r)
{
    d->type = MB_I16x16;
    d->i16mode = mode;
    const ptrdiff_t ds = enc->recon->stride[0];
    enc->ipred.pred16x16[i16_mode_fn(mode, n)](enc->recon->data[0] + mb_y * 16 * ds + mb_x * 16,
                                               ds);
    rth264_enc_encode_luma_i16(enc, mb_x, mb_y, qp, r);
}

static void encode_intra_chroma(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                const EncNeighbours *n, EncMbDecision *d, EncResidual *r)
{
    d->chroma_mode = analyse_chroma(enc, mb_x, mb_y, n);
    predict_chroma(enc, mb_x, mb_y, n, d->chroma_mode);
    rth264_enc_encode_chroma(enc, mb_x, mb_y, qp, 1, r);
}

/* A fully coded candidate kept aside while another is tried. */
typedef struct MbCandidate {
    EncMbDecision d;
    EncResidual r;
    uint8_t pix[16 * 16 + 2 * 8 * 8];
    int64_t cost;
} MbCandidate;

static void recon_copy(Rth264Encoder *enc, int mb_x, int mb_y, uint8_t *buf, int save)
{
    for (int c = 0; c < 3; c++) {
        const int sz = c ? 8 : 16;
        const ptrdiff_t ds = enc->recon->stride[c];
        uint8_t *p = enc->recon->data[c] + mb_y * sz * ds + mb_x * sz;
        uint8_t *b = buf + (c ? 256 + (c - 1) * 64 : 0);
        for (int y = 0; y < sz; y++) {
            if (save)
                memcpy(b + y * sz, p + y * ds, (size_t)sz);
            else
                memcpy(p + y * ds, b + y * sz, (size_t)sz);
        }
    }
}

/* SSD of the reconstruction plus lambda2 times the bits the MB takes. */
static int64_t rd_cost(Rth264Encoder *enc, int mb_x, int mb_y, const EncMbDecision *d,
                       const EncResidual *r)
{
    int64_t ssd = 0;
    for (int c = 0; c < 3; c++) {
        const int sz = c ? 8 : 16;
        const ptrdiff_t ss = enc->fenc->stride[c], ds = enc->recon->stride[c];
        ssd += enc->pix.ssd[c ? RTH264_PIXEL_8x8 : RTH264_PIXEL_16x16](
            enc->fenc->data[c] + mb_y * sz * ss + mb_x * sz, ss,
            enc->recon->data[c] + mb_y * sz * ds + mb_x * sz, ds);
    }
    uint8_t buf[4096];
    Rth264BitWriter bw;
    rth264_bw_init(&bw, buf, sizeof(buf));
    const int skip_run = enc->skip_run, qp_pred = enc->qp_pred;
    rth264_enc_write_mb(enc, &bw, mb_x, mb_y, d, r);
    enc->skip_run = skip_run;
    enc->qp_pred = qp_pred;
    const int64_t bits = d->type == MB_PSKIP ? 1 : (int64_t)rth264_bw_count(&bw);
    return ssd + (int64_t)enc->lambda2 * bits;
}

static void keep_if_better(Rth264Encoder *enc, int mb_x, int mb_y, MbCandidate *best,
                           const EncMbDecision *d, const EncResidual *r)
{
    const int64_t cost = rd_cost(enc, mb_x, mb_y, d, r);
    if (cost < best->cost) {
        best->cost = cost;
        best->d = *d;
        best->r = *r;
        recon_copy(enc, mb_x, mb_y, best->pix, 1);
    }
}

/* Mode decision by real coding: the inter candidate, then the intra ones
 * whose SATD estimate comes close, each coded and judged by SSD + bits. */
static void decide_rd(Rth264Encoder *enc, int mb_x, int mb_y, int qp, const EncNeighbours *n,
                      const EncMbDecision *inter, int inter_cost, EncMbDecision *d,
                      EncResidual *r)
{
    MbCandidate best;
    best.cost = INT64_MAX;
    const int slack = inter_cost == INT_MAX ? INT_MAX : inter_cost + inter_cost / 4;
    int i16mode = 0;
    const int i16_cost = analyse_i16(enc, mb_x, mb_y, n, &i16mode);
    if (inter_cost != INT_MAX) {
        *d = *inter;
        encode_inter(enc, mb_x, mb_y, qp, d, r);
        if (i16_cost >= slack)
            return; /* no intra candidate comes close: nothing to compare */
        keep_if_better(enc, mb_x, mb_y, &best, d, r);
    }
    if (i16_cost < slack) {
        reset_decision(d, r, qp);
        encode_i16(enc, mb_x, mb_y, qp, n, i16mode, d, r);
        encode_intra_chroma(enc, mb_x, mb_y, qp, n, d, r);
        keep_if_better(enc, mb_x, mb_y, &best, d, r);
    }
    if (enc->use_i4 && (i16_cost < slack || inter_cost == INT_MAX)) {
        reset_decision(d, r, qp);
        const int bail = i16_cost < slack ? i16_cost + i16_cost / 4 : slack;
        if (analyse_encode_i4(enc, mb_x, mb_y, n, qp, d, r, bail) != INT_MAX) {
            d->type = MB_I4x4;
            encode_intra_chroma(enc, mb_x, mb_y, qp, n, d, r);
            keep_if_better(enc, mb_x, mb_y, &best, d, r);
        }
    }
    *d = best.d;
    *r = best.r;
    recon_copy(enc, mb_x, mb_y, best.pix, 0);
}

/* Mode decision by SATD estimates only (fast speeds). */
static void decide_satd(Rth264Encoder *enc, int mb_x, int mb_y, int qp, const EncNeighbours *n,
                        const EncMbDecision *inter, int inter_cost, EncMbDecision *d,
                        EncResidual *r)
{
    int i16mode = 0;
    const int i16_cost = analyse_i16(enc, mb_x, mb_y, n, &i16mode);
    const int best = inter_cost < i16_cost ? inter_cost : i16_cost;
    /* Intra4x4 (coded block by block, the dearest candidate) only where
     * intra wins anyway: Intra16x16 already beats the inter estimate.
     * Measured at speed 5 against trying it up to 1.25x the inter cost:
     * half the I4x4 attempts, 2.4% fewer instructions, BD-rate unchanged
     * on the camera clip (-17.88% -> -17.88%), -39.7% -> -39.4% on screen. */
    if (enc->use_i4 && (inter_cost == INT_MAX || i16_cost < inter_cost)) {
        /* Coded in place: the inter and Intra16x16 codings below rewrite
         * all of r they read, and only the modes need resetting. */
        if (analyse_encode_i4(enc, mb_x, mb_y, n, qp, d, r, best) < best) {
            d->type = MB_I4x4;
            encode_intra_chroma(enc, mb_x, mb_y, qp, n, d, r);
            return;
        }
        memset(d->i4mode, 2, sizeof(d->i4mode));
    }
    if (inter_cost <= i16_cost) {
        *d = *inter;
        encode_inter(enc, mb_x, mb_y, qp, d, r);
        return;
    }
    encode_i16(enc, mb_x, mb_y, qp, n, i16mode, d, r);
    encode_intra_chroma(enc, mb_x, mb_y, qp, n, d, r);
}

/* Whether intra modes are worth trying in a P slice: the inter cost is
 * compared with an estimate of intra coding from the MB's own standard
 * deviation (frame.c: a mean absolute deviation of 0.8 sigma per sample,
 * what DC prediction would leave). Measured on camera video at speed 5:
 * with intra_gate = 50 (inter cost > 0.5 x the estimate) a third to a half
 * of the MBs are examined and 93-97% of the MBs intra wins are found. */
static int intra_worth_trying(const Rth264Encoder *enc, int mb_x, int mb_y, int inter_cost)
{
    if (inter_cost == INT_MAX || !enc->intra_gate)
        return 1;
    return inter_cost * 100.0f > enc->mb_intra_est[mb_y * enc->mb_w + mb_x] * enc->intra_gate;
}


void rth264_enc_analyse_encode_mb(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                  EncMbDecision *d, EncResidual *r)
{
    /* Also read by the CAVLC context derivations of this MB. Used in place:
     * a 16-byte copy of the four int stores just made stalls on store
     * forwarding. */
    const EncNeighbours *n = &enc->nb;
    rth264_enc_neighbours(enc, mb_x, mb_y, &enc->nb);
    reset_decision(d, r, qp);
    enc->lambda = enc->lambda_tab[qp];
    enc->lambda2 = enc->lambda2_tab[qp];
    const int force_intra = !enc->slice_type_p ||
                            (mb_x >= enc->refresh_x0 && mb_x < enc->refresh_x1);
    enc->skip_probe.valid = 0;
    enc->skip_probe.pred = 0;
    enc->skip_probe.chroma_cbp = 0;
    if (!force_intra) /* 8.4.1.3 / 8.4.1.1, needed by several candidates below */
        rth264_enc_mb_pred16(enc, mb_x, mb_y, enc->skip_probe.mvp16, enc->skip_probe.mv);
    int inter_cost = INT_MAX;
    EncMbDecision inter;
    if (!force_intra) {
        if (try_skip(enc, mb_x, mb_y, qp, d, r))
            return;
        /* d is as reset; r has a chroma residual only when the luma
         * passed, and every coding below rewrites the chroma it reads.
         * The inter analysis goes straight into d: most MBs end there. */
        inter_cost = analyse_inter(enc, mb_x, mb_y, d);
        if (!intra_worth_trying(enc, mb_x, mb_y, inter_cost)) {
            /* r is still as reset_decision left it (analyse_inter does not touch it). */
            encode_inter_after_skip_test(enc, mb_x, mb_y, qp, d, r);
            return;
        }
        inter = *d;
        reset_decision_only(d, qp);
    }
    if (enc->rd_mb)
        decide_rd(enc, mb_x, mb_y, qp, n, &inter, inter_cost, d, r);
    else
        decide_satd(enc, mb_x, mb_y, qp, n, &inter, inter_cost, d, r);
}
