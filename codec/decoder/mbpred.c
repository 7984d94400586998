/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/tables.h"
#include "decoder/dec.h"

/* Neighbour loading (6.4.11), Intra4x4PredMode derivation (8.3.1.1) and
 * luma motion vector prediction (8.4.1) for frame macroblocks. */

static int mb_available(const SliceCtx *s, int addr)
{
    /* slice ids are unique across pictures */
    return s->d->mbinfo[addr].slice_id == s->slice_id;
}

static int intra_usable(const SliceCtx *s, int addr)
{
    return addr >= 0 && (!s->pps->constrained_intra_pred || mb_kind_is_intra(s->d->mb_kind[addr]));
}

static void find_neighbours(SliceCtx *s)
{
    const int w = s->d->mb_width, x = s->mb_x, y = s->mb_y, a = s->mb_addr;
    s->addr_a = x > 0 && mb_available(s, a - 1) ? a - 1 : -1;
    s->addr_b = y > 0 && mb_available(s, a - w) ? a - w : -1;
    s->addr_c = y > 0 && x < w - 1 && mb_available(s, a - w + 1) ? a - w + 1 : -1;
    s->addr_d = y > 0 && x > 0 && mb_available(s, a - w - 1) ? a - w - 1 : -1;
    s->intra_avail_a = intra_usable(s, s->addr_a);
    s->intra_avail_b = intra_usable(s, s->addr_b);
    s->intra_avail_c = intra_usable(s, s->addr_c);
    s->intra_avail_d = intra_usable(s, s->addr_d);
}

/* Only the edge entries: the parser writes every inner entry of the luma
 * cache before it reads it. */
static void load_nnz(SliceCtx *s)
{
    const Rth264Decoder *d = s->d;
    int8_t *cache = s->nnz_cache;
    int8_t (*chroma)[4] = s->nnz_chroma;
    const uint8_t *a = s->addr_a >= 0 ? d->nnz[s->addr_a] : NULL;
    const uint8_t *b = s->addr_b >= 0 ? d->nnz[s->addr_b] : NULL;
    for (int i = 0; i < 4; i++) {
        cache[CACHE_IDX(-1, i)] = a ? (int8_t)a[4 * i + 3] : -1;
        cache[CACHE_IDX(i, -1)] = b ? (int8_t)b[12 + i] : -1;
    }
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < 2; i++) {
            chroma[c][i] = a ? (int8_t)a[16 + 4 * c + 2 * i + 1] : -1;
            chroma[c][2 + i] = b ? (int8_t)b[16 + 4 * c + 2 + i] : -1;
        }
}

/* -1: dcPredModePredictedFlag (neighbour unusable); 2 for non-I4x4 MBs. */
/* Only the edge entries: rth264_predict_intra4x4_modes writes the inner
 * ones in decoding order before it reads them. */
static void load_modes(SliceCtx *s)
{
    const Rth264Decoder *d = s->d;
    int8_t *cache = s->mode_cache;
    const int cip = s->pps->constrained_intra_pred;
    const int8_t *a = s->addr_a >= 0 && !(cip && !mb_kind_is_intra(d->mb_kind[s->addr_a])) ? d->i4modes[s->addr_a]
                                                                                        : NULL;
    const int8_t *b = s->addr_b >= 0 && !(cip && !mb_kind_is_intra(d->mb_kind[s->addr_b])) ? d->i4modes[s->addr_b]
                                                                                        : NULL;
    for (int i = 0; i < 4; i++) {
        cache[CACHE_IDX(-1, i)] = a ? a[4 * i + 3] : -1;
        cache[CACHE_IDX(i, -1)] = b ? b[12 + i] : -1;
    }
}

/* n neighbour blocks of list l into the caches from 4x4 block blk of
 * macroblock addr (step blocks apart), or unavailable when addr < 0. */
static void load_edge_motion(SliceCtx *s, int l, int ci, int cstep, int addr, int blk, int step, int n)
{
    /* pointers in locals: the int8_t stores could alias anything in memory */
    int8_t *ref = s->ref_cache[l];
    int16_t (*mv)[2] = s->mv_cache[l];
    if (addr < 0) {
        for (int i = 0; i < n; i++, ci += cstep) {
            ref[ci] = REF_UNAVAIL;
            memset(mv[ci], 0, sizeof(mv[ci]));
        }
        return;
    }
    const int8_t *nref = s->d->ref_idx[addr][l];
    const int16_t (*nmv)[2] = s->d->mbinfo[addr].mv[l];
    for (int i = 0; i < n; i++, ci += cstep, blk += step) {
        ref[ci] = nref[((blk >> 3) << 1) | ((blk & 3) >> 1)];
        memcpy(mv[ci], nmv[blk], sizeof(mv[ci]));
    }
}

/* Neighbour motion for mv prediction (8.4.1.3); list 1 only in B slices
 * (P slices leave its entries unavailable and never read them). Only the
 * edge entries are written: the inner ones are filled by rth264_derive_mvs
 * before they are read, and the column right of the macroblock stays
 * REF_UNAVAIL from the slice start. */
static void load_motion(SliceCtx *s)
{
    const int lists = s->sh->slice_type == RTH264_SLICE_B ? 2 : 1;
    for (int l = 0; l < lists; l++) {
        load_edge_motion(s, l, CACHE_IDX(-1, 0), 8, s->addr_a, 3, 4, 4);
        load_edge_motion(s, l, CACHE_IDX(0, -1), 1, s->addr_b, 12, 1, 4);
        load_edge_motion(s, l, CACHE_IDX(4, -1), 1, s->addr_c, 12, 1, 1);
        load_edge_motion(s, l, CACHE_IDX(-1, -1), 1, s->addr_d, 15, 1, 1);
    }
}

/* Skipped macroblocks parse no residual and predict no intra modes: only
 * the neighbours' motion is needed. */
void rth264_load_neighbours_skip(SliceCtx *s)
{
    find_neighbours(s);
    load_motion(s);
}

void rth264_load_neighbours(SliceCtx *s)
{
    find_neighbours(s);
    load_nnz(s);
    load_modes(s);
    if (s->sh->slice_type != RTH264_SLICE_I)
        load_motion(s);
}

/* 8.3.2.1: Intra8x8PredMode; the neighbour entries of the 4x4 mode cache
 * are the blocks the standard names (A: 8x8 block * 4 + 1, B: * 4 + 2). */
static void predict_intra8x8_modes(SliceCtx *s, int8_t modes[16])
{
    for (int b8 = 0; b8 < 4; b8++) {
        const int x = (b8 & 1) * 2, y = (b8 >> 1) * 2;
        const int a = s->mode_cache[CACHE_IDX(x - 1, y)], b = s->mode_cache[CACHE_IDX(x, y - 1)];
        const int pred = a < 0 || b < 0 ? 2 : a < b ? a : b;
        const int rem = s->mb.i4_syntax[b8];
        const int mode = rem < 0 ? pred : rem < pred ? rem : rem + 1;
        for (int j = 0; j < 4; j++) {
            const int bx = x + (j & 1), by = y + (j >> 1);
            modes[4 * by + bx] = (int8_t)mode;
            s->mode_cache[CACHE_IDX(bx, by)] = (int8_t)mode;
        }
    }
}

/* 8.3.1.1 */
int rth264_predict_intra4x4_modes(SliceCtx *s, int8_t modes[16])
{
    if (s->mb.transform_8x8) {
        predict_intra8x8_modes(s, modes);
        return 0;
    }
    for (int blk = 0; blk < 16; blk++) {
        const int x = rth264_blk4x4_x[blk], y = rth264_blk4x4_y[blk];
        const int a = s->mode_cache[CACHE_IDX(x - 1, y)], b = s->mode_cache[CACHE_IDX(x, y - 1)];
        const int pred = a < 0 || b < 0 ? 2 : a < b ? a : b;
        const int rem = s->mb.i4_syntax[blk];
        const int mode = rem < 0 ? pred : rem < pred ? rem : rem + 1;
        modes[4 * y + x] = (int8_t)mode;
        s->mode_cache[CACHE_IDX(x, y)] = (int8_t)mode;
    }
    return 0;
}

static inline int median3(int a, int b, int c)
{
    const int mx = a > b ? a : b, mn = a < b ? a : b;
    return c > mx ? mx : c < mn ? mn : c;
}

/* 8.4.1.3: predictor for list l of a partition at 4x4 position (x, y), w
 * blocks wide. shape: 0 generic, 1 = 16x8 top, 2 = 16x8 bottom, 3 = 8x16
 * left, 4 = 8x16 right. */
/* A predicted vector, returned in registers (no 16-bit stores read back as
 * one 32-bit load, which would stall store forwarding). */
typedef struct MvPred {
    int x, y;
} MvPred;

static MvPred predict_mv(const SliceCtx *s, int l, int x, int y, int w, int ref, int shape)
{
    const int8_t *rcache = s->ref_cache[l];
    int ia = CACHE_IDX(x - 1, y), ib = CACHE_IDX(x, y - 1), ic = CACHE_IDX(x + w, y - 1);
    if (rcache[ic] == REF_UNAVAIL)
        ic = CACHE_IDX(x - 1, y - 1);
    int ra = rcache[ia], rb = rcache[ib], rc = rcache[ic];
    const int16_t *ma = s->mv_cache[l][ia], *mb = s->mv_cache[l][ib], *mc = s->mv_cache[l][ic];
    if (rb == REF_UNAVAIL && rc == REF_UNAVAIL && ra != REF_UNAVAIL) {
        rb = rc = ra;
        mb = mc = ma;
    }
    const int16_t *dir = NULL;
    if (shape == 1 && rb == ref)
        dir = mb;
    else if (shape == 2 && ra == ref)
        dir = ma;
    else if (shape == 3 && ra == ref)
        dir = ma;
    else if (shape == 4 && rc == ref)
        dir = mc;
    if (!dir) {
        const int n = (ra == ref) + (rb == ref) + (rc == ref);
        if (n == 1)
            dir = ra == ref ? ma : rb == ref ? mb : mc;
    }
    if (dir) {
        return (MvPred){ dir[0], dir[1] };
    }
    /* Unavailable / unused neighbours contribute zero vectors. */
    return (MvPred){ median3(ra < 0 ? 0 : ma[0], rb < 0 ? 0 : mb[0], rc < 0 ? 0 : mc[0]),
                     median3(ra < 0 ? 0 : ma[1], rb < 0 ? 0 : mb[1], rc < 0 ? 0 : mc[1]) };
}

static void fill_motion(SliceCtx *s, int l, int x, int y, int w, int h, int ref, int mvx, int mvy)
{
    const int16_t mx = (int16_t)mvx, my = (int16_t)mvy;
    int8_t *rc = &s->ref_cache[l][CACHE_IDX(x, y)];
    int16_t (*mc)[2] = &s->mv_cache[l][CACHE_IDX(x, y)];
    for (int j = 0; j < h; j++, rc += 8, mc += 8)
        for (int i = 0; i < w; i++) {
            rc[i] = (int8_t)ref;
            mc[i][0] = mx;
            mc[i][1] = my;
        }
}

static void set_partition(SliceCtx *s, int l, int x, int y, int w, int h, int ref, int shape,
                          const int16_t *mvd)
{
    const MvPred p = predict_mv(s, l, x, y, w, ref, shape);
    fill_motion(s, l, x, y, w, h, ref, p.x + mvd[0], p.y + mvd[1]);
}

/* One partition with prediction flags `pred` (bit l: list l used). */
static void derive_partition(SliceCtx *s, int pred, int x, int y, int w, int h, int shape,
                             const int ref[2], int16_t (*const mvd[2])[2])
{
    for (int l = 0; l < 2; l++) {
        if (pred & (1 << l))
            set_partition(s, l, x, y, w, h, ref[l], shape, *mvd[l]);
        else
            fill_motion(s, l, x, y, w, h, REF_UNUSED, 0, 0);
    }
}

/* 8.4.1.1 P_Skip */
static void derive_pskip(SliceCtx *s)
{
    const int ia = CACHE_IDX(-1, 0), ib = CACHE_IDX(0, -1);
    MvPred mv = { 0, 0 };
    const int8_t *r = s->ref_cache[0];
    const int zero_a = r[ia] == 0 && !s->mv_cache[0][ia][0] && !s->mv_cache[0][ia][1];
    const int zero_b = r[ib] == 0 && !s->mv_cache[0][ib][0] && !s->mv_cache[0][ib][1];
    if (s->addr_a >= 0 && s->addr_b >= 0 && !zero_a && !zero_b)
        mv = predict_mv(s, 0, 0, 0, 4, 0, 0);
    fill_motion(s, 0, 0, 0, 4, 4, 0, mv.x, mv.y);
    fill_motion(s, 1, 0, 0, 4, 4, REF_UNUSED, 0, 0);
}

/* ---- direct prediction (8.4.1.2) ---- */

/* 8.4.1.2.1: motion of the co-located 4x4 block (x, y) in RefPicList1[0]. */
static void colocated(const SliceCtx *s, int x, int y, int16_t mv[2], int *ref_idx, int *ref_id)
{
    const DecPic *col = s->refs[1][0];
    mv[0] = mv[1] = 0;
    *ref_idx = -1;
    *ref_id = -1;
    if (!col || !col->motion || col->motion_mbs != s->d->mb_count)
        return;
    const Rth264MbInfo *m = &col->motion[s->mb_addr];
    if (m->intra || !m->available)
        return;
    const int blk = 4 * y + x, b8 = (y >> 1) * 2 + (x >> 1);
    const int l = col->motion_ref_idx[s->mb_addr][0][b8] >= 0 ? 0 : 1;
    *ref_idx = col->motion_ref_idx[s->mb_addr][l][b8];
    *ref_id = m->ref_id[l][b8];
    mv[0] = m->mv[l][blk][0];
    mv[1] = m->mv[l][blk][1];
}

static inline int min_positive(int a, int b)
{
    return a >= 0 && b >= 0 ? (a < b ? a : b) : (a > b ? a : b);
}

/* 8.4.1.2.2: reference indices and predictors shared by the whole MB. */
static void setup_spatial_direct(SliceCtx *s)
{
    for (int l = 0; l < 2; l++) {
        const int8_t *r = s->ref_cache[l];
        int ic = CACHE_IDX(4, -1);
        if (r[ic] == REF_UNAVAIL)
            ic = CACHE_IDX(-1, -1);
        const int ra = r[CACHE_IDX(-1, 0)], rb = r[CACHE_IDX(0, -1)], rc = r[ic];
        s->direct_ref[l] = min_positive(ra < 0 ? -1 : ra, min_positive(rb < 0 ? -1 : rb, rc < 0 ? -1 : rc));
    }
    s->direct_zero = s->direct_ref[0] < 0 && s->direct_ref[1] < 0;
    if (s->direct_zero)
        s->direct_ref[0] = s->direct_ref[1] = 0;
    for (int l = 0; l < 2; l++) {
        s->direct_mvp[l][0] = s->direct_mvp[l][1] = 0;
        if (!s->direct_zero && s->direct_ref[l] >= 0) {
            const MvPred p = predict_mv(s, l, 0, 0, 4, s->direct_ref[l], 0);
            s->direct_mvp[l][0] = (int16_t)p.x;
            s->direct_mvp[l][1] = (int16_t)p.y;
        }
    }
    s->direct_ready = 1;
}

/* Fill the w x w blocks at (x, y) from the co-located block (cx, cy). */
static void spatial_direct_block(SliceCtx *s, int x, int y, int w, int cx, int cy)
{
    int16_t col_mv[2];
    int col_ref, col_id;
    colocated(s, cx, cy, col_mv, &col_ref, &col_id);
    const DecPic *col = s->refs[1][0];
    const int col_zero = col && col->ref == REF_SHORT && col_ref == 0 && col_mv[0] >= -1 &&
                         col_mv[0] <= 1 && col_mv[1] >= -1 && col_mv[1] <= 1;
    for (int l = 0; l < 2; l++) {
        const int ref = s->direct_ref[l];
        if (ref < 0) {
            fill_motion(s, l, x, y, w, w, REF_UNUSED, 0, 0);
            continue;
        }
        const int zero = s->direct_zero || (ref == 0 && col_zero);
        fill_motion(s, l, x, y, w, w, ref, zero ? 0 : s->direct_mvp[l][0], zero ? 0 : s->direct_mvp[l][1]);
    }
}

static inline int clip3(int lo, int hi, int v)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* 8.4.1.2.3 */
static void temporal_direct_block(SliceCtx *s, int x, int y, int w, int cx, int cy)
{
    int16_t col_mv[2];
    int col_ref, col_id, ref0 = 0;
    colocated(s, cx, cy, col_mv, &col_ref, &col_id);
    if (col_ref >= 0) {
        for (int i = 0; i < s->ref_count[0]; i++)
            if (s->refs[0][i]->id == col_id) {
                ref0 = i;
                break;
            }
    }
    const DecPic *pic0 = s->refs[0][ref0], *pic1 = s->refs[1][0];
    int16_t mv0[2], mv1[2];
    if (pic0->ref == REF_LONG || pic1->poc == pic0->poc) {
        mv0[0] = col_mv[0];
        mv0[1] = col_mv[1];
        mv1[0] = mv1[1] = 0;
    } else {
        const int tb = clip3(-128, 127, s->d->cur.poc - pic0->poc);
        const int td = clip3(-128, 127, pic1->poc - pic0->poc);
        const int tx = (16384 + abs(td / 2)) / td;
        const int scale = clip3(-1024, 1023, (tb * tx + 32) >> 6);
        for (int c = 0; c < 2; c++) {
            mv0[c] = (int16_t)clip3(-32768, 32767, (scale * col_mv[c] + 128) >> 8);
            mv1[c] = (int16_t)clip3(-32768, 32767, mv0[c] - col_mv[c]);
        }
    }
    fill_motion(s, 0, x, y, w, w, ref0, mv0[0], mv0[1]);
    fill_motion(s, 1, x, y, w, w, 0, mv1[0], mv1[1]);
}

/* Direct prediction of 8x8 block b8 (per 8x8 with direct_8x8_inference,
 * whose co-located block is the outer corner, else per 4x4). */
static void derive_direct_8x8(SliceCtx *s, int b8)
{
    const int x0 = (b8 & 1) * 2, y0 = (b8 >> 1) * 2;
    const int spatial = s->sh->direct_spatial_mv_pred;
    if (spatial && !s->direct_ready)
        setup_spatial_direct(s);
    if (s->sps->direct_8x8_inference) {
        /* the outer corner 4x4 block (luma4x4BlkIdx 5 * b8) stands for all */
        const int cx = x0 ? 3 : 0, cy = y0 ? 3 : 0;
        if (spatial)
            spatial_direct_block(s, x0, y0, 2, cx, cy);
        else
            temporal_direct_block(s, x0, y0, 2, cx, cy);
        return;
    }
    for (int j = 0; j < 4; j++) {
        const int x = x0 + (j & 1), y = y0 + (j >> 1);
        if (spatial)
            spatial_direct_block(s, x, y, 1, x, y);
        else
            temporal_direct_block(s, x, y, 1, x, y);
    }
}

static void derive_sub_mvs(SliceCtx *s)
{
    const DecMb *mb = &s->mb;
    /* 6.4.11.7: blocks of later sub-macroblocks are not available as
     * neighbour C; the inner entries still hold the previous MB's motion */
    for (int l = 0; l < 2; l++)
        for (int y = 0; y < 4; y++)
            memset(&s->ref_cache[l][CACHE_IDX(0, y)], REF_UNAVAIL, 4);
    for (int i = 0; i < 4; i++) {
        const Rth264SubType *t = &rth264_sub_types[mb->sub_type[i]];
        const int x0 = (i & 1) * 2, y0 = (i >> 1) * 2;
        if (!t->pred) {
            derive_direct_8x8(s, i);
            continue;
        }
        const int ref[2] = { mb->ref_idx[0][i], mb->ref_idx[1][i] };
        for (int j = 0; j < t->count; j++) {
            const int x = x0 + (t->w == 1 ? (j & 1) : 0);
            const int y = y0 + (t->h == 1 ? (t->w == 1 ? j >> 1 : j) : 0);
            int16_t(*const mvd[2])[2] = { (int16_t(*)[2])mb->mvd[0][4 * i + j], (int16_t(*)[2])mb->mvd[1][4 * i + j] };
            derive_partition(s, t->pred, x, y, t->w, t->h, 0, ref, mvd);
        }
    }
}

void rth264_derive_mvs(SliceCtx *s)
{
    DecMb *mb = &s->mb;
    if (mb->kind == MB_PSKIP) { /* the most frequent kind, before the partition setup */
        derive_pskip(s);
        return;
    }
    s->direct_ready = 0;
    int16_t(*const mvd0[2])[2] = { &mb->mvd[0][0], &mb->mvd[1][0] };
    int16_t(*const mvd1[2])[2] = { &mb->mvd[0][4], &mb->mvd[1][4] };
    const int ref0[2] = { mb->ref_idx[0][0], mb->ref_idx[1][0] };
    const int ref1[2] = { mb->ref_idx[0][1], mb->ref_idx[1][1] };
    switch (mb->kind) {
    case MB_P16x16: case MB_B16x16:
        derive_partition(s, mb->part_pred[0], 0, 0, 4, 4, 0, ref0, mvd0);
        break;
    case MB_P16x8: case MB_B16x8:
        derive_partition(s, mb->part_pred[0], 0, 0, 4, 2, 1, ref0, mvd0);
        derive_partition(s, mb->part_pred[1], 0, 2, 4, 2, 2, ref1, mvd1);
        break;
    case MB_P8x16: case MB_B8x16:
        derive_partition(s, mb->part_pred[0], 0, 0, 2, 4, 3, ref0, mvd0);
        derive_partition(s, mb->part_pred[1], 2, 0, 2, 4, 4, ref1, mvd1);
        break;
    case MB_P8x8: case MB_P8x8REF0: case MB_B8x8:
        derive_sub_mvs(s);
        break;
    case MB_BSKIP: case MB_BDIRECT:
        for (int i = 0; i < 4; i++)
            derive_direct_8x8(s, i);
        break;
    default:
        break;
    }
}

/* Motion of list l from the caches (unused lists: ref -1, zero vectors). */
static void store_list_motion(const SliceCtx *s, Rth264MbInfo *mi, int8_t ref_idx[4], int l)
{
    int unused = 0;
    for (int b8 = 0; b8 < 4; b8++) {
        int ref = s->ref_cache[l][CACHE_IDX((b8 & 1) * 2, (b8 >> 1) * 2)];
        if (ref >= s->ref_count[l])
            ref = -1;
        ref_idx[b8] = (int8_t)ref;
        mi->ref_id[l][b8] = ref >= 0 ? s->refs[l][ref]->id : -1;
        unused |= (ref < 0) << b8;
    }
    if (unused == 15) {
        memset(mi->mv[l], 0, sizeof(mi->mv[l]));
        return;
    }
    for (int y = 0; y < 4; y++)
        memcpy(mi->mv[l][4 * y], s->mv_cache[l][CACHE_IDX(0, y)], 4 * sizeof(mi->mv[l][0]));
    if (unused)
        for (int r = 0; r < 16; r++)
            if ((unused >> (((r >> 3) << 1) | ((r & 3) >> 1))) & 1)
                mi->mv[l][r][0] = mi->mv[l][r][1] = 0;
}

/* Per-macroblock state the next macroblocks and the loop filter read. */
void rth264_store_mb_info(SliceCtx *s, const int8_t modes[16])
{
    Rth264Decoder *d = s->d;
    const int a = s->mb_addr;
    const DecMb *mb = &s->mb;
    Rth264MbInfo *mi = &d->mbinfo[a];
    const int intra = mb_kind_is_intra(mb->kind);
    d->mb_kind[a] = (uint8_t)mb->kind;
    memcpy(d->nnz[a], mb->total_coeff, 24);
    if (mb->kind == MB_I4x4)
        memcpy(d->i4modes[a], modes, 16);
    else
        memset(d->i4modes[a], 2, 16);
    mi->intra = (uint8_t)intra;
    mi->motion = RTH264_MB_MOTION_UNKNOWN; /* the loop filter looks at the vectors */
    mi->transform_8x8 = (uint8_t)mb->transform_8x8;
    mi->deblock_idc = (uint8_t)s->sh->deblock_idc;
    mi->alpha_offset = (int8_t)s->sh->alpha_offset;
    mi->beta_offset = (int8_t)s->sh->beta_offset;
    mi->slice_id = s->slice_id;
    mi->qp = (int8_t)(mb->kind == MB_PCM ? 0 : s->qp);
    for (int c = 0; c < 2; c++)
        mi->qpc[c] = (int8_t)rth264_chroma_qp_of(s, mi->qp, c);
    mi->nnz = (uint16_t)mb->coded;
    if (mb->transform_8x8) /* 8.7.2.1: coefficients of the 8x8 transform block */
        for (int b8 = 0; b8 < 4; b8++) {
            const uint16_t m = (uint16_t)(0x33 << (8 * (b8 >> 1) + 2 * (b8 & 1)));
            if (mi->nnz & m)
                mi->nnz |= m;
        }
    if (intra) {
        memset(d->ref_idx[a], -1, sizeof(d->ref_idx[a]));
        memset(mi->ref_id, -1, sizeof(mi->ref_id));
        memset(mi->mv, 0, sizeof(mi->mv));
    } else {
        for (int l = 0; l < 2; l++)
            store_list_motion(s, mi, d->ref_idx[a][l], l);
    }
    mi->available = 1;
}
