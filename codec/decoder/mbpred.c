/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <string.h>

#include "common/tables.h"
#include "decoder/dec.h"

/* Neighbour loading (6.4.11), Intra4x4PredMode derivation (8.3.1.1) and
 * luma motion vector prediction (8.4.1) for frame macroblocks. */

static int mb_available(const SliceCtx *s, int addr)
{
    const Rth264MbInfo *m = &s->d->mbinfo[addr];
    return m->available && m->slice_id == s->slice_id;
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

static void load_nnz(SliceCtx *s)
{
    const Rth264Decoder *d = s->d;
    memset(s->nnz_cache, -1, sizeof(s->nnz_cache));
    memset(s->nnz_chroma, -1, sizeof(s->nnz_chroma));
    if (s->addr_a >= 0) {
        const uint8_t *n = d->nnz[s->addr_a];
        for (int y = 0; y < 4; y++)
            s->nnz_cache[CACHE_IDX(-1, y)] = (int8_t)n[4 * y + 3];
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 2; y++)
                s->nnz_chroma[c][y] = (int8_t)n[16 + 4 * c + 2 * y + 1];
    }
    if (s->addr_b >= 0) {
        const uint8_t *n = d->nnz[s->addr_b];
        for (int x = 0; x < 4; x++)
            s->nnz_cache[CACHE_IDX(x, -1)] = (int8_t)n[12 + x];
        for (int c = 0; c < 2; c++)
            for (int x = 0; x < 2; x++)
                s->nnz_chroma[c][2 + x] = (int8_t)n[16 + 4 * c + 2 + x];
    }
}

/* -1: dcPredModePredictedFlag (neighbour unusable); 2 for non-I4x4 MBs. */
static void load_modes(SliceCtx *s)
{
    const Rth264Decoder *d = s->d;
    memset(s->mode_cache, -1, sizeof(s->mode_cache));
    const int cip = s->pps->constrained_intra_pred;
    if (s->addr_a >= 0 && !(cip && !mb_kind_is_intra(d->mb_kind[s->addr_a])))
        for (int y = 0; y < 4; y++)
            s->mode_cache[CACHE_IDX(-1, y)] = d->i4modes[s->addr_a][4 * y + 3];
    if (s->addr_b >= 0 && !(cip && !mb_kind_is_intra(d->mb_kind[s->addr_b])))
        for (int x = 0; x < 4; x++)
            s->mode_cache[CACHE_IDX(x, -1)] = d->i4modes[s->addr_b][12 + x];
}

static void load_block_motion(SliceCtx *s, int cache_idx, int addr, int blk)
{
    const Rth264Decoder *d = s->d;
    if (addr < 0) {
        s->ref_cache[cache_idx] = REF_UNAVAIL;
        s->mv_cache[cache_idx][0] = s->mv_cache[cache_idx][1] = 0;
        return;
    }
    const int b8 = ((blk >> 3) << 1) | ((blk & 3) >> 1);
    s->ref_cache[cache_idx] = d->ref_idx[addr][b8];
    s->mv_cache[cache_idx][0] = d->mbinfo[addr].mv[0][blk][0];
    s->mv_cache[cache_idx][1] = d->mbinfo[addr].mv[0][blk][1];
}

static void load_motion(SliceCtx *s)
{
    memset(s->ref_cache, REF_UNAVAIL, sizeof(s->ref_cache));
    memset(s->mv_cache, 0, sizeof(s->mv_cache));
    for (int i = 0; i < 4; i++) {
        load_block_motion(s, CACHE_IDX(-1, i), s->addr_a, 4 * i + 3);
        load_block_motion(s, CACHE_IDX(i, -1), s->addr_b, 12 + i);
    }
    load_block_motion(s, CACHE_IDX(4, -1), s->addr_c, 12);
    load_block_motion(s, CACHE_IDX(-1, -1), s->addr_d, 15);
}

void rth264_load_neighbours(SliceCtx *s)
{
    find_neighbours(s);
    load_nnz(s);
    load_modes(s);
    if (s->sh->slice_type != RTH264_SLICE_I)
        load_motion(s);
}

/* 8.3.1.1 */
int rth264_predict_intra4x4_modes(SliceCtx *s, int8_t modes[16])
{
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

/* 8.4.1.3: predictor for a partition at 4x4 position (x, y), w blocks wide.
 * shape: 0 generic, 1 = 16x8 top, 2 = 16x8 bottom, 3 = 8x16 left, 4 = 8x16 right. */
static void predict_mv(const SliceCtx *s, int x, int y, int w, int ref, int shape, int16_t mvp[2])
{
    int ia = CACHE_IDX(x - 1, y), ib = CACHE_IDX(x, y - 1), ic = CACHE_IDX(x + w, y - 1);
    if (s->ref_cache[ic] == REF_UNAVAIL)
        ic = CACHE_IDX(x - 1, y - 1);
    int ra = s->ref_cache[ia], rb = s->ref_cache[ib], rc = s->ref_cache[ic];
    const int16_t *ma = s->mv_cache[ia], *mb = s->mv_cache[ib], *mc = s->mv_cache[ic];
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
        mvp[0] = dir[0];
        mvp[1] = dir[1];
        return;
    }
    /* Unavailable / unused neighbours contribute zero vectors. */
    mvp[0] = (int16_t)median3(ra < 0 ? 0 : ma[0], rb < 0 ? 0 : mb[0], rc < 0 ? 0 : mc[0]);
    mvp[1] = (int16_t)median3(ra < 0 ? 0 : ma[1], rb < 0 ? 0 : mb[1], rc < 0 ? 0 : mc[1]);
}

static void fill_motion(SliceCtx *s, int x, int y, int w, int h, int ref, const int16_t mv[2])
{
    for (int j = y; j < y + h; j++)
        for (int i = x; i < x + w; i++) {
            s->ref_cache[CACHE_IDX(i, j)] = (int8_t)ref;
            s->mv_cache[CACHE_IDX(i, j)][0] = mv[0];
            s->mv_cache[CACHE_IDX(i, j)][1] = mv[1];
        }
}

static void set_partition(SliceCtx *s, int x, int y, int w, int h, int ref, int shape, const int16_t *mvd)
{
    int16_t mv[2];
    predict_mv(s, x, y, w, ref, shape, mv);
    mv[0] = (int16_t)(mv[0] + mvd[0]);
    mv[1] = (int16_t)(mv[1] + mvd[1]);
    fill_motion(s, x, y, w, h, ref, mv);
}

/* 8.4.1.1 P_Skip */
static void derive_pskip(SliceCtx *s)
{
    const int ia = CACHE_IDX(-1, 0), ib = CACHE_IDX(0, -1);
    int16_t mv[2] = { 0, 0 };
    const int zero_a = s->ref_cache[ia] == 0 && !s->mv_cache[ia][0] && !s->mv_cache[ia][1];
    const int zero_b = s->ref_cache[ib] == 0 && !s->mv_cache[ib][0] && !s->mv_cache[ib][1];
    if (s->addr_a >= 0 && s->addr_b >= 0 && !zero_a && !zero_b)
        predict_mv(s, 0, 0, 4, 0, 0, mv);
    fill_motion(s, 0, 0, 4, 4, 0, mv);
}

static void derive_sub_mvs(SliceCtx *s)
{
    static const uint8_t sub_w[4] = { 2, 2, 1, 1 }, sub_h[4] = { 2, 1, 2, 1 };
    const DecMb *mb = &s->mb;
    for (int i = 0; i < 4; i++) {
        const int t = mb->sub_type[i], w = sub_w[t], h = sub_h[t];
        const int x0 = (i & 1) * 2, y0 = (i >> 1) * 2;
        const int n = (2 / w) * (2 / h);
        for (int j = 0; j < n; j++) {
            const int x = x0 + (w == 1 ? (j & 1) : 0), y = y0 + (h == 1 ? (w == 1 ? j >> 1 : j) : 0);
            set_partition(s, x, y, w, h, mb->ref_idx[0][i], 0, mb->mvd[0][4 * i + j]);
        }
    }
}

void rth264_derive_mvs(SliceCtx *s)
{
    const DecMb *mb = &s->mb;
    switch (mb->kind) {
    case MB_PSKIP:
        derive_pskip(s);
        break;
    case MB_P16x16:
        set_partition(s, 0, 0, 4, 4, mb->ref_idx[0][0], 0, mb->mvd[0][0]);
        break;
    case MB_P16x8:
        set_partition(s, 0, 0, 4, 2, mb->ref_idx[0][0], 1, mb->mvd[0][0]);
        set_partition(s, 0, 2, 4, 2, mb->ref_idx[0][1], 2, mb->mvd[0][4]);
        break;
    case MB_P8x16:
        set_partition(s, 0, 0, 2, 4, mb->ref_idx[0][0], 3, mb->mvd[0][0]);
        set_partition(s, 2, 0, 2, 4, mb->ref_idx[0][1], 4, mb->mvd[0][4]);
        break;
    case MB_P8x8:
    case MB_P8x8REF0:
        derive_sub_mvs(s);
        break;
    default:
        break;
    }
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
    mi->transform_8x8 = 0;
    mi->deblock_idc = (uint8_t)s->sh->deblock_idc;
    mi->alpha_offset = (int8_t)s->sh->alpha_offset;
    mi->beta_offset = (int8_t)s->sh->beta_offset;
    mi->slice_id = s->slice_id;
    mi->qp = (int8_t)(mb->kind == MB_PCM ? 0 : s->qp);
    for (int c = 0; c < 2; c++) {
        int q = mi->qp + s->pps->chroma_qp_index_offset;
        q = q < 0 ? 0 : q > 51 ? 51 : q;
        mi->qpc[c] = (int8_t)rth264_chroma_qp[q];
    }
    mi->nnz = 0;
    for (int r = 0; r < 16; r++)
        if (mb->total_coeff[r])
            mi->nnz |= (uint16_t)(1 << r);
    for (int b8 = 0; b8 < 4; b8++) {
        const int blk = (b8 >> 1) * 8 + (b8 & 1) * 2;
        const int ref = intra ? -1 : s->ref_cache[CACHE_IDX(blk & 3, blk >> 2)];
        d->ref_idx[a][b8] = (int8_t)ref;
        mi->ref_id[0][b8] = ref >= 0 && ref < s->ref_count[0] ? s->refs[0][ref]->id : -1;
        mi->ref_id[1][b8] = -1;
    }
    for (int r = 0; r < 16; r++) {
        const int16_t *mv = s->mv_cache[CACHE_IDX(r & 3, r >> 2)];
        mi->mv[0][r][0] = intra ? 0 : mv[0];
        mi->mv[0][r][1] = intra ? 0 : mv[1];
    }
    mi->available = 1;
}
