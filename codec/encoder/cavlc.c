/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/tables.h"
#include "encoder/encoder.h"

static inline void put_vlc(Rth264BitWriter *bw, Rth264Vlc v)
{
    rth264_bw_put_lazy(bw, v.len, v.code);
}

/* 9.2.2.1 level_prefix / level_suffix for one levelCode. Levels are kept
 * within +-2047 by the quantiser so level_prefix never exceeds 15 (the
 * Baseline limit). */
static void write_level_code(Rth264BitWriter *bw, int code, int suffix_len)
{
    /* level_prefix (prefix zeros and a 1) and level_suffix in one put; the
     * escapes fit their 12 bits as levels stay within +-2047 */
    if (suffix_len == 0) {
        if (code < 14)
            rth264_bw_put_lazy(bw, code + 1, 1);
        else if (code < 30)
            rth264_bw_put_lazy(bw, 15 + 4, 1u << 4 | (uint32_t)(code - 14));
        else
            rth264_bw_put_lazy(bw, 16 + 12, 1u << 12 | (uint32_t)(code - 30));
        return;
    }
    const int prefix = code >> suffix_len;
    if (prefix < 15)
        rth264_bw_put_lazy(bw, prefix + 1 + suffix_len,
                           1u << suffix_len | (uint32_t)(code & ((1 << suffix_len) - 1)));
    else
        rth264_bw_put_lazy(bw, 16 + 12, 1u << 12 | (uint32_t)(code - (15 << suffix_len)));
}

/* Table 9-5 column of nC (0 <= nC < 2, 2 <= nC < 4, 4 <= nC < 8, 8 <= nC;
 * 4: chroma DC, nC = -1). */
static const uint8_t nc_class_tab[17] = { 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3 };

static inline int nc_class(int nc)
{
    return nc < 0 ? 4 : nc_class_tab[nc];
}

/* Bit i set iff level[i] is non-zero (i < 4): per 16-bit lane, the top
 * bit of (low 15 bits + 0x7fff) | lane is set iff the lane is non-zero;
 * the multiply gathers the four top bits (no two partial products meet). */
static inline unsigned nonzero4(const int16_t *level)
{
    const uint64_t v = (uint64_t)(uint16_t)level[0] | (uint64_t)(uint16_t)level[1] << 16 |
                       (uint64_t)(uint16_t)level[2] << 32 | (uint64_t)(uint16_t)level[3] << 48;
    const uint64_t low15 = 0x7fff7fff7fff7fffull;
    const uint64_t top = ((((v & low15) + low15) | v) >> 15) & 0x0001000100010001ull;
    return (unsigned)((top * 0x0001000200040008ull) >> 48);
}

/* Bit i set iff level[i] is non-zero, i < n (4, 15 or 16). */
static inline unsigned levels_nonzero(const int16_t *level, int n)
{
    if (n == 4)
        return nonzero4(level);
    unsigned m = nonzero4(level) | nonzero4(level + 4) << 4 | nonzero4(level + 8) << 8;
    if (n == 16)
        return m | nonzero4(level + 12) << 12;
    return m | (unsigned)(level[12] != 0) << 12 | (unsigned)(level[13] != 0) << 13 |
           (unsigned)(level[14] != 0) << 14;
}

static inline int top_bit(unsigned m)
{
    return 31 - __builtin_clz(m);
}

/* write_block_nz with two or more non-zero levels: the levels and their
 * scan positions gathered once, highest frequency first. */
static int write_block_many(Rth264BitWriter *bw, const int16_t *level, int max_coeff,
                            const Rth264Vlc (*token)[17], unsigned nz)
{
    int16_t lv[16];
    uint8_t pos[16];
    int n = 0, k;
    for (unsigned m = nz; m; n++) {
        const int p = top_bit(m);
        pos[n] = (uint8_t)p;
        lv[n] = level[p];
        m ^= 1u << p;
    }
    int t1 = 0;
    while (t1 < n && t1 < 3 && (lv[t1] == 1 || lv[t1] == -1))
        t1++;
    /* coeff_token and the trailing_ones_sign_flags in one put */
    uint32_t signs = 0;
    for (k = 0; k < t1; k++)
        signs = signs << 1 | (lv[k] < 0);
    rth264_bw_put_lazy(bw, token[t1][n].len + t1, (uint32_t)token[t1][n].code << t1 | signs);
    int suffix_len = n > 10 && t1 < 3;
    for (k = t1; k < n; k++) {
        int code = lv[k] > 0 ? 2 * lv[k] - 2 : -2 * lv[k] - 1;
        if (k == t1 && t1 < 3)
            code -= 2;
        write_level_code(bw, code, suffix_len);
        if (!suffix_len)
            suffix_len = 1;
        if (abs(lv[k]) > (3 << (suffix_len - 1)) && suffix_len < 6)
            suffix_len++;
    }
    int zeros_left = pos[0] + 1 - n;
    if (n < max_coeff) {
        if (max_coeff == 4)
            put_vlc(bw, rth264_total_zeros_chroma_dc_vlc[n - 1][zeros_left]);
        else
            put_vlc(bw, rth264_total_zeros_vlc[n - 1][zeros_left]);
    }
    /* run_before of each level but the last: the zeros down to the next */
    for (k = 0; k < n - 1 && zeros_left > 0; k++) {
        const int run = pos[k] - pos[k + 1] - 1;
        put_vlc(bw, rth264_run_before_vlc[(zeros_left < 7 ? zeros_left : 7) - 1][run]);
        zeros_left -= run;
    }
    return n;
}

/* A block with one non-zero level, at scan position last (most coded
 * blocks at low rates): TotalCoeff 1, no run_before. A +-1 is a trailing
 * one, written with its coeff_token, sign and total_zeros in one put. */
static inline void write_block_one(Rth264BitWriter *bw, const int16_t *level, int max_coeff,
                                   const Rth264Vlc (*token)[17], int last)
{
    const int v = level[last];
    const Rth264Vlc tz = max_coeff == 4 ? rth264_total_zeros_chroma_dc_vlc[0][last]
                                        : rth264_total_zeros_vlc[0][last];
    if (v == 1 || v == -1) {
        rth264_bw_put_lazy(bw, token[1][1].len + 1 + tz.len,
                           ((uint32_t)token[1][1].code << 1 | (v < 0)) << tz.len | tz.code);
        return;
    }
    put_vlc(bw, token[0][1]);
    /* the first level after no trailing ones is coded 2 lower (9.2.2.1) */
    write_level_code(bw, (v > 0 ? 2 * v - 2 : -2 * v - 1) - 2, 0);
    put_vlc(bw, tz);
}

/* 7.3.5.3.2 residual_block_cavlc() for levels in scan order, max_coeff 4,
 * 15 or 16; nc = -1 for chroma DC; nz: bit i set iff level[i] is
 * non-zero. Returns TotalCoeff. The non-zero levels are visited through
 * the mask, highest frequency first, so the zeros cost nothing. */
static inline int write_block_nz(Rth264BitWriter *bw, const int16_t *level, int max_coeff, int nc,
                                 unsigned nz)
{
    const Rth264Vlc (*token)[17] = rth264_coeff_token_vlc[nc_class(nc)];
    if (!nz) { /* coeff_token alone (TotalCoeff 0) */
        put_vlc(bw, token[0][0]);
        return 0;
    }
    if (!(nz & (nz - 1))) {
        write_block_one(bw, level, max_coeff, token, __builtin_ctz(nz));
        return 1;
    }
    return write_block_many(bw, level, max_coeff, token, nz);
}

int rth264_enc_write_block(Rth264BitWriter *bw, const int16_t *level, int max_coeff, int nc)
{
    return write_block_nz(bw, level, max_coeff, nc, levels_nonzero(level, max_coeff));
}

/* 9.2.1: nC from the blocks left (A) and above (B), x, y in 4x4 units of the
 * plane (luma 0..3, chroma 0..1); comp -1 luma, 0/1 chroma AC. */
int rth264_enc_predict_nc(const Rth264Encoder *enc, int mb_x, int mb_y, const EncResidual *r,
                          int comp, int x, int y)
{
    const EncNeighbours *nb = &enc->nb; /* of the MB being coded */
    const int dim = comp < 0 ? 4 : 2;
    int na = -1, nbv = -1;
    const EncMb *left = &enc->mbs[mb_y * enc->mb_w + mb_x - 1];
    const EncMb *top = &enc->mbs[(mb_y - 1) * enc->mb_w + mb_x];
    if (x > 0)
        na = comp < 0 ? r->nnz[4 * y + x - 1] : r->nnz_c[comp][2 * y + x - 1];
    else if (nb->left)
        na = comp < 0 ? left->nnz[4 * y + 3] : left->nnz_c[comp][2 * y + 1];
    if (y > 0)
        nbv = comp < 0 ? r->nnz[4 * (y - 1) + x] : r->nnz_c[comp][2 * (y - 1) + x];
    else if (nb->top)
        nbv = comp < 0 ? top->nnz[4 * (dim - 1) + x] : top->nnz_c[comp][2 * (dim - 1) + x];
    if (na >= 0 && nbv >= 0)
        return (na + nbv + 1) >> 1;
    return na >= 0 ? na : nbv >= 0 ? nbv : 0;
}

/* 8.3.1.1 predIntra4x4PredMode for the 4x4 block at (x, y) of the MB. */
int rth264_enc_i4_pred_mode(const Rth264Encoder *enc, int mb_x, int mb_y,
                            const int8_t *cur_modes, int x, int y)
{
    const EncNeighbours n = enc->nb; /* of the MB being coded */
    int a, b;
    if (x > 0)
        a = cur_modes[4 * y + x - 1];
    else if (n.left)
        a = enc->mbs[mb_y * enc->mb_w + mb_x - 1].i4mode[4 * y + 3];
    else
        return 2;
    if (y > 0)
        b = cur_modes[4 * (y - 1) + x];
    else if (n.top)
        b = enc->mbs[(mb_y - 1) * enc->mb_w + mb_x].i4mode[12 + x];
    else
        return 2;
    return a < b ? a : b;
}

static void write_te_ref(Rth264Encoder *enc, Rth264BitWriter *bw, int ref)
{
    if (enc->active_refs == 2)
        rth264_bw_put_lazy(bw, 1, !ref);
    else if (enc->active_refs > 2)
        rth264_bw_ue_lazy(bw, (uint32_t)ref);
}

/* Partition geometry for mvd/ref writing: first 4x4 block (raster) and the
 * 8x8 index of each partition. */
static int partitions(int type, int first_blk[4], int first8[4])
{
    static const int b16[1] = { 0 }, b16x8[2] = { 0, 8 }, b8x16[2] = { 0, 2 };
    static const int b8x8[4] = { 0, 2, 8, 10 };
    static const int e16[1] = { 0 }, e16x8[2] = { 0, 2 }, e8x16[2] = { 0, 1 };
    static const int e8x8[4] = { 0, 1, 2, 3 };
    const int *b = b16, *e = e16;
    int n = 1;
    if (type == MB_P16x8) { b = b16x8; e = e16x8; n = 2; }
    if (type == MB_P8x16) { b = b8x16; e = e8x16; n = 2; }
    if (type == MB_P8x8) { b = b8x8; e = e8x8; n = 4; }
    for (int i = 0; i < n; i++) {
        first_blk[i] = b[i];
        first8[i] = e[i];
    }
    return n;
}

/* The se(v) pair of an mvd in one put when both fit 32 bits (9.1: each is
 * 2 * len + 1 bits for codeNum + 1 of len + 1 significant bits). */
static inline void write_mvd(Rth264BitWriter *bw, int dx, int dy)
{
    const uint32_t x = (dx > 0 ? 2u * (uint32_t)dx - 1 : 2u * (uint32_t)(-(int64_t)dx)) + 1;
    const uint32_t y = (dy > 0 ? 2u * (uint32_t)dy - 1 : 2u * (uint32_t)(-(int64_t)dy)) + 1;
    const int nx = 2 * (31 - __builtin_clz(x)) + 1, ny = 2 * (31 - __builtin_clz(y)) + 1;
    if (nx + ny <= 32) {
        rth264_bw_put_lazy(bw, nx + ny, (uint32_t)((uint64_t)x << ny | y));
        return;
    }
    rth264_bw_ue_lazy(bw, x - 1);
    rth264_bw_ue_lazy(bw, y - 1);
}

static void write_inter_pred(Rth264Encoder *enc, Rth264BitWriter *bw, const EncMbDecision *d)
{
    if (d->type == MB_P16x16) { /* most inter MBs */
        write_te_ref(enc, bw, d->ref[0]);
        write_mvd(bw, d->mv[0][0] - d->mvp[0][0], d->mv[0][1] - d->mvp[0][1]);
        return;
    }
    int blk[4], e8[4];
    const int n = partitions(d->type, blk, e8);
    if (d->type == MB_P8x8)
        for (int i = 0; i < 4; i++)
            rth264_bw_ue_lazy(bw, (uint32_t)d->sub_type[i]); /* 0 P_L0_8x8, 1 8x4, 2 4x8 */
    for (int i = 0; i < n; i++)
        write_te_ref(enc, bw, d->ref[e8[i]]);
    for (int i = 0; i < n; i++) {
        if (d->type != MB_P8x8) {
            rth264_bw_se_lazy(bw, d->mv[blk[i]][0] - d->mvp[i][0]);
            rth264_bw_se_lazy(bw, d->mv[blk[i]][1] - d->mvp[i][1]);
            continue;
        }
        /* 7.3.5.2: the sub-partitions of each 8x8 in order */
        static const int8_t sub_off[3][2] = { { 0, 0 }, { 0, 4 }, { 0, 1 } };
        const int parts = d->sub_type[i] ? 2 : 1;
        for (int j = 0; j < parts; j++) {
            const int b = blk[i] + sub_off[d->sub_type[i]][j];
            rth264_bw_se_lazy(bw, d->mv[b][0] - d->mvp[4 * i + j][0]);
            rth264_bw_se_lazy(bw, d->mv[b][1] - d->mvp[4 * i + j][1]);
        }
    }
}

static void write_intra_pred(Rth264Encoder *enc, Rth264BitWriter *bw, int mb_x, int mb_y,
                             const EncMbDecision *d)
{
    if (d->type == MB_I4x4) {
        for (int i = 0; i < 16; i++) {
            const int x = rth264_blk4x4_x[i], y = rth264_blk4x4_y[i];
            const int pred = rth264_enc_i4_pred_mode(enc, mb_x, mb_y, d->i4mode, x, y);
            const int mode = d->i4mode[4 * y + x];
            rth264_bw_put_lazy(bw, 1, mode == pred); /* prev_intra4x4_pred_mode_flag */
            if (mode != pred)
                rth264_bw_put_lazy(bw, 3, (uint32_t)(mode < pred ? mode : mode - 1));
        }
    }
    rth264_bw_ue_lazy(bw, (uint32_t)d->chroma_mode);
}

/* 9.2.1 nC from the TotalCoeff of the blocks left (na) and above (nb), -1
 * where not available. */
static inline int nc_from(int na, int nb)
{
    if (na >= 0 && nb >= 0)
        return (na + nb + 1) >> 1;
    return na >= 0 ? na : nb >= 0 ? nb : 0;
}

/* Position of luma4x4BlkIdx k (6.4.3) in the TotalCoeff grid of
 * write_residual: 5 columns, row 0 the top MB's bottom blocks, column 0
 * the left MB's right blocks, block (x, y) at 5 * (y + 1) + x + 1. */
static const uint8_t luma_grid_pos[16] = {
    6, 7, 11, 12, 8, 9, 13, 14, 16, 17, 21, 22, 18, 19, 23, 24,
};

static void write_residual(Rth264Encoder *enc, Rth264BitWriter *bw, int mb_x, int mb_y,
                           const EncMbDecision *d, const EncResidual *r)
{
    const int i16 = d->type == MB_I16x16;
    if (i16 || (r->cbp & 15)) {
        /* The nC of every luma block from one grid, built once. */
        int8_t grid[25];
        const EncMb *left = enc->nb.left ? &enc->mbs[mb_y * enc->mb_w + mb_x - 1] : NULL;
        if (enc->nb.top)
            memcpy(grid + 1, enc->mbs[(mb_y - 1) * enc->mb_w + mb_x].nnz + 12, 4);
        else
            memset(grid + 1, -1, 4);
        for (int y = 0; y < 4; y++) {
            grid[5 * (y + 1)] = left ? (int8_t)left->nnz[4 * y + 3] : -1;
            memcpy(grid + 5 * (y + 1) + 1, r->nnz + 4 * y, 4);
        }
        if (i16)
            rth264_enc_write_block(bw, r->luma_dc, 16, nc_from(grid[5], grid[1]));
        /* luma4x4BlkIdx order: 8x8s in raster, 4x4s in raster within each;
         * inter MBs come with the masks of their non-zero levels */
        const int ac = i16, max_coeff = i16 ? 15 : 16, inter = !mb_is_intra(d->type);
        for (unsigned m8 = r->cbp & 15; m8; m8 &= m8 - 1) {
            const int k0 = 4 * __builtin_ctz(m8);
            for (int k = k0; k < k0 + 4; k++) {
                const int g = luma_grid_pos[k], b = rth264_blk4x4_raster[k];
                const int nc = nc_from(grid[g - 1], grid[g - 5]);
                if (!r->nnz[b]) /* an empty block (most of a coded 8x8): its coeff_token */
                    put_vlc(bw, rth264_coeff_token_vlc[nc_class(nc)][0][0]);
                else
                    write_block_nz(bw, r->luma[b] + ac, max_coeff, nc,
                                   inter ? r->nz_luma[b]
                                         : levels_nonzero(r->luma[b] + ac, max_coeff));
            }
        }
    }
    const int cbp_c = r->cbp >> 4;
    if (cbp_c)
        for (int c = 0; c < 2; c++)
            rth264_enc_write_block(bw, r->chroma_dc[c], 4, -1);
    if (cbp_c & 2)
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < 4; i++)
                rth264_enc_write_block(bw, &r->chroma_ac[c][i][1], 15,
                                       rth264_enc_predict_nc(enc, mb_x, mb_y, r, c, i & 1, i >> 1));
}

static int mb_type_code(const Rth264Encoder *enc, const EncMbDecision *d, const EncResidual *r)
{
    int code;
    switch (d->type) {
    case MB_I4x4: code = 0; break;
    case MB_I16x16:
        code = 1 + d->i16mode + 4 * (r->cbp >> 4) + ((r->cbp & 15) ? 12 : 0);
        break;
    case MB_P16x8: return 1;
    case MB_P8x16: return 2;
    case MB_P8x8: return 3;
    default: return 0;
    }
    return enc->slice_type_p ? code + 5 : code;
}

/* rth264_enc_write_mb (encoder.h) for every MB but a P_Skip. */
void rth264_enc_write_mb_coded(Rth264Encoder *enc, Rth264BitWriter *bw, int mb_x, int mb_y,
                               const EncMbDecision *d, const EncResidual *r)
{
    if (enc->slice_type_p) {
        rth264_bw_ue_lazy(bw, (uint32_t)enc->skip_run);
        enc->skip_run = 0;
    }
    rth264_bw_ue_lazy(bw, (uint32_t)mb_type_code(enc, d, r));
    if (mb_is_intra(d->type))
        write_intra_pred(enc, bw, mb_x, mb_y, d);
    else
        write_inter_pred(enc, bw, d);
    if (d->type != MB_I16x16) {
        const uint8_t *code = d->type == MB_I4x4 ? rth264_code_from_cbp_intra
                                                 : rth264_code_from_cbp_inter;
        rth264_bw_ue_lazy(bw, code[r->cbp]);
    }
    if (r->cbp || d->type == MB_I16x16) {
        int delta = d->qp - enc->qp_pred;
        delta = ((delta + 26 + 52) % 52) - 26; /* 7.4.5: wraps modulo 52 */
        rth264_bw_se_lazy(bw, delta);
        enc->qp_pred = d->qp;
        write_residual(enc, bw, mb_x, mb_y, d, r);
    }
}

/* Bits the CAVLC coding of one block takes (for rate-distortion decisions). */
int rth264_enc_block_bits(const int16_t *level, int max_coeff, int nc)
{
    uint8_t buf[512];
    Rth264BitWriter bw;
    rth264_bw_init(&bw, buf, sizeof(buf));
    rth264_enc_write_block(&bw, level, max_coeff, nc);
    return (int)rth264_bw_count(&bw);
}
