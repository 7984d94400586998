/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include "common/tables.h"
#include "decoder/dec.h"

/*
 * CAVLC entropy front end (9.2) and the CAVLC macroblock layer (7.3.5):
 * fills SliceCtx.mb. Prediction and reconstruction live elsewhere so that a
 * CABAC front end can fill the same DecMb later.
 */

/* A VLC table: codes of up to FAST_BITS bits (the frequent ones) by one
 * lookup of the next FAST_BITS bits, the others by the count of leading
 * zeros and the (up to) 6 bits after the first 1. A code made only of zeros
 * is kept apart. */
enum { SUFFIX_BITS = 6, FAST_BITS = 8 };
typedef uint16_t VlcFast[1 << FAST_BITS]; /* value << 5 | len, 0 = longer code or none */
typedef struct VlcLut {
    uint16_t e[17][1 << SUFFIX_BITS];  /* value << 5 | len, 0 = no code */
    int zero_len, zero_value;
} VlcLut;

/* The fast tables are kept together (about 12 KB) so that they stay in the
 * L1 cache; the long-code tables are rarely touched. */
static VlcFast coeff_token_fast[5], total_zeros_fast[15], total_zeros_dc_fast[3];
static VlcLut coeff_token_lut[5];
static VlcLut total_zeros_lut[15];
static VlcLut total_zeros_dc_lut[3];
/* [min(zerosLeft, 7) - 1][next 3 bits]: run << 2 | length for codes of up
 * to 3 bits, 0 where the code is longer. */
static uint8_t run_before3[7][8];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void lut_add(VlcLut *l, uint16_t *fast, Rth264Vlc c, int value)
{
    if (!c.len)
        return;
    if (c.len <= FAST_BITS) {
        const int free_bits = FAST_BITS - c.len;
        for (unsigned k = 0; k < (1u << free_bits); k++)
            fast[((unsigned)c.code << free_bits) | k] = (uint16_t)(value << 5 | c.len);
    }
    if (!c.code) {
        l->zero_len = c.len;
        l->zero_value = value;
        return;
    }
    const int lz = c.len - (32 - __builtin_clz(c.code));
    const int slen = c.len - lz - 1;            /* suffix length, <= SUFFIX_BITS */
    const unsigned suffix = c.code & ((1u << slen) - 1);
    const int free_bits = SUFFIX_BITS - slen;
    for (unsigned k = 0; k < (1u << free_bits); k++)
        l->e[lz][(suffix << free_bits) | k] = (uint16_t)(value << 5 | c.len);
}

static void build_tables(void)
{
    for (int n = 0; n < 5; n++)
        for (int t1 = 0; t1 < 4; t1++)
            for (int tc = 0; tc < 17; tc++)
                lut_add(&coeff_token_lut[n], coeff_token_fast[n], rth264_coeff_token_vlc[n][t1][tc], tc << 2 | t1);
    for (int i = 0; i < 15; i++)
        for (int z = 0; z < 16; z++)
            lut_add(&total_zeros_lut[i], total_zeros_fast[i], rth264_total_zeros_vlc[i][z], z);
    for (int i = 0; i < 3; i++)
        for (int z = 0; z < 4; z++)
            lut_add(&total_zeros_dc_lut[i], total_zeros_dc_fast[i], rth264_total_zeros_chroma_dc_vlc[i][z], z);
    for (int i = 0; i < 7; i++)
        for (int r = 0; r < 15; r++) {
            const Rth264Vlc c = rth264_run_before_vlc[i][r];
            if (!c.len || c.len > 3)
                continue;
            for (unsigned k = 0; k < (1u << (3 - c.len)); k++)
                run_before3[i][(unsigned)c.code << (3 - c.len) | k] = (uint8_t)(r << 2 | c.len);
        }
}

void rth264_cavlc_init_tables(void)
{
    pthread_once(&tables_once, build_tables);
}

/* Returns the value, or -1 for an invalid code. The window must hold 32 bits
 * (every code here is at most 16 bits long). */
static inline __attribute__((always_inline)) int vlc_read(Rth264BitWindow *w, const uint16_t *fast,
                                                         const VlcLut *l)
{
    const uint32_t bits = rth264_bw_peek32(w);
    const unsigned f = fast[bits >> (32 - FAST_BITS)];
    if (f) {
        rth264_bw_skip(w, (int)(f & 31));
        return (int)(f >> 5);
    }
    const int lz = bits ? __builtin_clz(bits) : 32;
    if (l->zero_len && lz >= l->zero_len) {
        rth264_bw_skip(w, l->zero_len);
        return l->zero_value;
    }
    if (lz > 16)
        return -1;
    const unsigned suffix = (uint32_t)(bits << (lz + 1)) >> (32 - SUFFIX_BITS);
    const unsigned e = l->e[lz][suffix];
    if (!e)
        return -1;
    rth264_bw_skip(w, (int)(e & 31));
    return (int)(e >> 5);
}

/* run_before (Table 9-10). Every code for zerosLeft 1..6 and the 3-bit codes
 * of zerosLeft > 6 come from run_before3; the rest (zerosLeft > 6, runs 7..14)
 * are 000 followed by run - 7 zeros and a 1. */
static inline int run_before_read(Rth264BitWindow *w, int zeros_left)
{
    const uint32_t bits = rth264_bw_peek32(w);
    const unsigned e = run_before3[(zeros_left < 7 ? zeros_left : 7) - 1][bits >> 29];
    if (e) {
        rth264_bw_skip(w, (int)(e & 3));
        return (int)(e >> 2);
    }
    const int lz = bits ? __builtin_clz(bits) : 32;
    if (lz > 10)
        return -1;
    rth264_bw_skip(w, lz + 1);
    return lz + 4;
}

static inline int16_t clamp_level(int64_t v)
{
    return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
}

/* 9.2.2.1 levelCode of a level_prefix of 14 or more (escapes; rare). The
 * prefix is already consumed. */
static inline __attribute__((always_inline)) int64_t level_code_escape(Rth264BitWindow *w,
                                                                       const Rth264BitReader *br, int prefix,
                                                                       int sl)
{
    int64_t code = (int64_t)(prefix < 15 ? prefix : 15) << sl;
    const int size = prefix == 14 && !sl ? 4 : prefix >= 15 ? prefix - 3 : sl;
    rth264_bw_refill(w, br);
    code += rth264_bw_read(w, size);
    if (prefix >= 15 && !sl)
        code += 15;
    if (prefix >= 16)
        code += (1 << (prefix - 3)) - 4096;
    return code;
}

/* 9.2.2.1: one level from level_prefix and level_suffix; updates suffix_len.
 * bump: 2 for the first level after fewer than 3 trailing ones. */
static inline __attribute__((always_inline)) int read_level(Rth264BitWindow *w, const Rth264BitReader *br,
                                                            int *suffix_len, int bump, int *level)
{
    rth264_bw_refill(w, br);
    const uint32_t bits = rth264_bw_peek32(w);
    const int prefix = bits ? __builtin_clz(bits) : 32;
    const int sl = *suffix_len;
    int64_t code;
    if (prefix < 14) {
        /* levelSuffixSize = suffixLength: the whole code (<= 20 bits) is in
         * the peek; a 64-bit shift makes suffixLength 0 read nothing. */
        const uint64_t after = (uint32_t)(bits << (prefix + 1));
        code = (prefix << sl) + (int)(after >> (32 - sl));
        rth264_bw_skip(w, prefix + 1 + sl);
    } else {
        if (prefix > 25)
            return -1;
        rth264_bw_skip(w, prefix + 1);
        code = level_code_escape(w, br, prefix, sl);
    }
    code += bump;
    /* even codes are positive: (code + 2) / 2; odd ones -(code + 1) / 2 */
    const int64_t v = code & 1 ? (-code - 1) >> 1 : (code + 2) >> 1;
    *level = clamp_level(v);
    /* |level| > 3 << (suffixLength - 1) <=> levelCode >= 3 << suffixLength */
    const int nsl = sl ? sl : 1;
    *suffix_len = nsl + (code >= (3 << nsl) && nsl < 6);
    return 0;
}

/*
 * 7.3.5.3.2 residual_block_cavlc() without the zero fill: the nonzero
 * coefficients as level[i] at scan position pos[i], highest position first.
 * nc_class: 0..3 from nC, 4 for chroma DC. The window holds the macroblock's
 * residual; bits read past the end are zeros and caught by the caller.
 * Returns TotalCoeff or -1.
 */
static inline __attribute__((always_inline)) int block_levels(Rth264BitWindow *w, const Rth264BitReader *br,
                                                                int level[16], uint8_t pos[16], int max,
                                                                int nc_class)
{
    rth264_bw_refill(w, br);
    const int token = vlc_read(w, coeff_token_fast[nc_class], &coeff_token_lut[nc_class]);
    if (token <= 0) /* no code, or TotalCoeff 0 */
        return token;
    const int trailing = token & 3, total = token >> 2;
    if (total > max)
        return -1;
    /* trailing_ones_sign_flag: up to 3 bits, still inside the refilled
     * window after a coeff_token of at most 16 bits */
    const uint32_t signs = rth264_bw_read(w, trailing) << (3 - trailing);
    /* all three written, the entries past TrailingOnes are overwritten below */
    level[0] = 1 - (int)((signs >> 1) & 2);
    level[1] = 1 - (int)(signs & 2);
    level[2] = 1 - (int)((signs << 1) & 2);
    int suffix_len = total > 10 && trailing < 3;
    for (int i = trailing; i < total; i++)
        if (read_level(w, br, &suffix_len, i == trailing && trailing < 3 ? 2 : 0, &level[i]) < 0)
            return -1;
    int zeros = 0;
    if (total < max) {
        rth264_bw_refill(w, br);
        zeros = max == 4 ? vlc_read(w, total_zeros_dc_fast[total - 1], &total_zeros_dc_lut[total - 1])
                         : vlc_read(w, total_zeros_fast[total - 1], &total_zeros_lut[total - 1]);
        if (zeros < 0 || zeros > max - total)
            return -1;
    }
    int p = total + zeros - 1; /* scan position of the highest coefficient */
    int i = 0;
    for (; i < total - 1 && zeros > 0; i++) {
        pos[i] = (uint8_t)p;
        rth264_bw_refill(w, br);
        const int run = run_before_read(w, zeros);
        if (run < 0 || run > zeros)
            return -1;
        zeros -= run;
        p -= run + 1;
    }
    for (; i < total; i++) /* no zeros left: the rest are consecutive */
        pos[i] = (uint8_t)p--;
    return total;
}

/* block_levels() on a copy of the window, which then lives in registers:
 * every code depends on the bit position left by the one before. */
static int residual_levels(Rth264BitWindow *win, const Rth264BitReader *br, int level[16], uint8_t pos[16],
                           int max, int nc_class)
{
    Rth264BitWindow w = *win;
    const int total = block_levels(&w, br, level, pos, max, nc_class);
    *win = w;
    return total;
}

/* residual_block_cavlc() into coeff[0 .. max-1] in scan order (DC blocks and
 * the 8x8 transform's interleaved 4x4 blocks). */
static int residual_block(Rth264BitWindow *w, const Rth264BitReader *br, int16_t *coeff, int max, int nc_class)
{
    int level[16];
    uint8_t pos[16];
    memset(coeff, 0, (size_t)max * sizeof(*coeff));
    const int total = residual_levels(w, br, level, pos, max, nc_class);
    for (int i = 0; i < total; i++)
        coeff[pos[i]] = (int16_t)level[i];
    return total;
}

/* 8.5.12.1 scaling of one 4x4 block's levels: c = (level * LevelScale4x4
 * * 2^lsh + round) >> rsh with qP / 6 folded into lsh / rsh. */
typedef struct BlockScale {
    const int32_t *scale;      /* LevelScale4x4[list][qP % 6], raster order */
    int mul, rsh, round;
} BlockScale;

static void block_scale_init(BlockScale *q, const SliceCtx *s, int list, int qp)
{
    const int shift = qp / 6;
    q->scale = s->level_scale[list][qp % 6];
    q->mul = shift >= 4 ? 1 << (shift - 4) : 1;
    q->rsh = shift >= 4 ? 0 : 4 - shift;
    q->round = shift >= 4 ? 0 : 1 << (3 - shift);
}

/* One 4x4 block (AC blocks start at scan position 1) decoded straight into
 * its scaled raster coefficients. Returns TotalCoeff or -1. Inlined in the
 * loops over blocks, which keep the window in a local. */
static inline __attribute__((always_inline)) int residual_block_scaled(Rth264BitWindow *w,
                                                                      const Rth264BitReader *br,
                                                                      int16_t *coeff, int start, int nc_class,
                                                                      const BlockScale *q)
{
    int level[16];
    uint8_t pos[16];
    const int total = block_levels(w, br, level, pos, 16 - start, nc_class);
    const uint8_t *zigzag = rth264_zigzag4x4 + start;
    for (int i = 0; i < total; i++) {
        const int r = zigzag[pos[i]];
        const int64_t v = (int64_t)(level[i] * q->scale[r]) * q->mul;
        coeff[r] = clamp_level((v + q->round) >> q->rsh);
    }
    return total;
}

/* coeff_token table of nC 0..16 (Table 9-5). */
static int nc_class(int nc)
{
    static const uint8_t class_of[17] = { 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
    return class_of[nc];
}

/* 9.2.1: nC of luma 4x4 block (x, y) from the neighbour cache. */
static int luma_nc(const SliceCtx *s, int x, int y)
{
    const int a = s->nnz_cache[CACHE_IDX(x - 1, y)], b = s->nnz_cache[CACHE_IDX(x, y - 1)];
    if (a >= 0 && b >= 0)
        return (a + b + 1) >> 1;
    return a >= 0 ? a : b >= 0 ? b : 0;
}

static int chroma_nc(const SliceCtx *s, int c, int k)
{
    const int x = k & 1, y = k >> 1;
    const int a = x ? s->mb.total_coeff[16 + 4 * c + k - 1] : s->nnz_chroma[c][y];
    const int b = y ? s->mb.total_coeff[16 + 4 * c + k - 2] : s->nnz_chroma[c][2 + x];
    if (a >= 0 && b >= 0)
        return (a + b + 1) >> 1;
    return a >= 0 ? a : b >= 0 ? b : 0;
}

/* The 4x4 blocks of an I_NxN, Intra16x16 (AC) or inter macroblock. */
static int parse_luma4x4_blocks(SliceCtx *s, Rth264BitWindow *win, int i16, int qp)
{
    DecMb *mb = &s->mb;
    Rth264BitWindow window = *win, *w = &window;
    BlockScale q;
    block_scale_init(&q, s, mb_kind_is_intra(mb->kind) ? 0 : 3, qp);
    /* total_coeff[] is already 0 for every block (rth264_cavlc_parse_mb). */
    for (int blk = 0; blk < 16; blk++) {
        const int x = rth264_blk4x4_x[blk], y = rth264_blk4x4_y[blk], r = 4 * y + x;
        if (!(mb->cbp & (1 << (blk >> 2)))) {
            s->nnz_cache[CACHE_IDX(x, y)] = 0;
            blk |= 3; /* the other blocks of this 8x8 are not coded either */
            s->nnz_cache[CACHE_IDX(x + 1, y)] = s->nnz_cache[CACHE_IDX(x, y + 1)] =
                s->nnz_cache[CACHE_IDX(x + 1, y + 1)] = 0;
            continue;
        }
        const int n = residual_block_scaled(w, &s->br, mb->coeffs + 16 * r, i16, nc_class(luma_nc(s, x, y)), &q);
        if (n < 0)
            return -1;
        mb->total_coeff[r] = (uint8_t)n;
        mb->coded |= (uint32_t)(n > 0) << r;
        s->nnz_cache[CACHE_IDX(x, y)] = (int8_t)n;
    }
    *win = window;
    return 0;
}

/* The AC blocks of both chroma components. */
static int parse_chroma_ac(SliceCtx *s, Rth264BitWindow *win, int qp)
{
    DecMb *mb = &s->mb;
    Rth264BitWindow window = *win, *w = &window;
    for (int c = 0; c < 2; c++) {
        BlockScale q;
        block_scale_init(&q, s, (mb_kind_is_intra(mb->kind) ? 0 : 3) + 1 + c, rth264_chroma_qp_of(s, qp, c));
        for (int k = 0; k < 4; k++) {
            const int b = 16 + 4 * c + k;
            const int n = residual_block_scaled(w, &s->br, mb->coeffs + 16 * b, 1, nc_class(chroma_nc(s, c, k)), &q);
            if (n < 0)
                return -1;
            mb->total_coeff[b] = (uint8_t)n;
            mb->coded |= (uint32_t)(n > 0) << b;
        }
    }
    *win = window;
    return 0;
}

/* 7.3.5.3: with the 8x8 transform CAVLC codes each 8x8 block as four
 * interleaved 4x4 blocks: 8x8 scan position 4 * k + i4 <- coefficient k of
 * 4x4 block i4. */
static int parse_luma_residual_8x8(SliceCtx *s, Rth264BitWindow *w, int qp)
{
    DecMb *mb = &s->mb;
    int16_t scan[16], scan8[64];
    for (int b8 = 0; b8 < 4; b8++) {
        const int coded = mb->cbp & (1 << b8);
        if (coded)
            memset(scan8, 0, sizeof(scan8));
        for (int i4 = 0; i4 < 4; i4++) {
            const int blk = 4 * b8 + i4;
            const int x = rth264_blk4x4_x[blk], y = rth264_blk4x4_y[blk];
            int n = 0;
            if (coded) {
                n = residual_block(w, &s->br, scan, 16, nc_class(luma_nc(s, x, y)));
                if (n < 0)
                    return -1;
                for (int k = 0; k < 16; k++)
                    scan8[4 * k + i4] = scan[k];
            }
            mb->total_coeff[4 * y + x] = (uint8_t)n;
            mb->coded |= (uint32_t)(n > 0) << (4 * y + x);
            s->nnz_cache[CACHE_IDX(x, y)] = (int8_t)n;
        }
        if (coded)
            rth264_dequant_block8x8(s, b8, scan8, qp);
    }
    return 0;
}

static int parse_luma_residual(SliceCtx *s, Rth264BitWindow *w, int qp)
{
    DecMb *mb = &s->mb;
    const int i16 = mb->kind == MB_I16x16;
    if (i16) {
        int16_t scan[16];
        const int n = residual_block(w, &s->br, scan, 16, nc_class(luma_nc(s, 0, 0)));
        if (n < 0)
            return -1;
        for (int k = 0; k < 16; k++)
            mb->luma_dc[rth264_zigzag4x4[k]] = scan[k];
        mb->luma_dc_present = n > 0;
    }
    if (mb->transform_8x8)
        return parse_luma_residual_8x8(s, w, qp);
    return parse_luma4x4_blocks(s, w, i16, qp);
}

static int parse_chroma_residual(SliceCtx *s, Rth264BitWindow *w, int qp)
{
    DecMb *mb = &s->mb;
    for (int c = 0; c < 2; c++) {
        int16_t scan[4];
        const int n = residual_block(w, &s->br, scan, 4, 4);
        if (n < 0)
            return -1;
        memcpy(mb->chroma_dc[c], scan, sizeof(mb->chroma_dc[c]));
        mb->chroma_dc_present[c] = n > 0;
    }
    if (!(mb->cbp & 0x20))
        return 0;
    return parse_chroma_ac(s, w, qp);
}

static int parse_residual(SliceCtx *s)
{
    DecMb *mb = &s->mb;
    const int qd = rth264_br_se(&s->br);
    if (qd < -26 || qd > 25)
        return -1;
    mb->qp_delta = qd;
    s->qp = (s->qp + qd + 52) % 52; /* 7.4.5 */
    /* one bit window for all residual blocks of the macroblock */
    Rth264BitWindow w;
    rth264_bw_load(&w, &s->br, s->br.pos);
    if (parse_luma_residual(s, &w, s->qp) < 0)
        return -1;
    if ((mb->cbp & 0x30) && parse_chroma_residual(s, &w, s->qp) < 0)
        return -1;
    return rth264_bw_done(&w, &s->br);
}

static int parse_intra_pred(SliceCtx *s)
{
    DecMb *mb = &s->mb;
    if (mb->kind == MB_I4x4)
        for (int i = 0; i < (mb->transform_8x8 ? 4 : 16); i++)
            mb->i4_syntax[i] = (int8_t)(rth264_br_read1(&s->br) ? -1 : (int)rth264_br_read(&s->br, 3));
    if (s->sps->chroma_format_idc == 0) /* monochrome: no chroma syntax */
        return 0;
    const uint32_t cm = rth264_br_ue(&s->br);
    if (cm > 3)
        return -1;
    mb->chroma_mode = (int)cm;
    return 0;
}

static int read_ref_idx(SliceCtx *s, int list)
{
    const int n = s->sh->num_ref_idx_active[list];
    if (n <= 1)
        return 0;
    const uint32_t v = rth264_br_te(&s->br, n - 1);
    return v < (uint32_t)n ? (int)v : -1;
}

static void read_mvd(SliceCtx *s, int list, int idx)
{
    int x = rth264_br_se(&s->br), y = rth264_br_se(&s->br);
    /* Clamp to a sane range so predictors + mvd never overflow int16. */
    x = x < -8192 ? -8192 : x > 8191 ? 8191 : x;
    y = y < -8192 ? -8192 : y > 8191 ? 8191 : y;
    s->mb.mvd[list][idx][0] = (int16_t)x;
    s->mb.mvd[list][idx][1] = (int16_t)y;
}

/* 7.3.5.1 mb_pred() for inter macroblocks with 1 or 2 partitions. */
static int parse_inter_pred(SliceCtx *s)
{
    DecMb *mb = &s->mb;
    const int parts = mb->kind == MB_P16x16 || mb->kind == MB_B16x16 ? 1 : 2;
    for (int l = 0; l < 2; l++)
        for (int p = 0; p < parts; p++)
            if ((mb->part_pred[p] >> l) & 1)
                if ((mb->ref_idx[l][p] = read_ref_idx(s, l)) < 0)
                    return -1;
    for (int l = 0; l < 2; l++)
        for (int p = 0; p < parts; p++)
            if ((mb->part_pred[p] >> l) & 1)
                read_mvd(s, l, 4 * p);
    return 0;
}

/* 7.3.5.2 sub_mb_pred() */
static int parse_sub_mb_pred(SliceCtx *s, int slice_type)
{
    static const uint8_t p_to_b[4] = { 1, 4, 5, 10 };
    DecMb *mb = &s->mb;
    for (int i = 0; i < 4; i++) {
        const uint32_t t = rth264_br_ue(&s->br);
        if (slice_type == RTH264_SLICE_P ? t > 3 : t > 12)
            return -1;
        mb->sub_type[i] = slice_type == RTH264_SLICE_P ? p_to_b[t] : (int)t;
    }
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < 4; i++) {
            if (!((rth264_sub_types[mb->sub_type[i]].pred >> l) & 1))
                continue;
            mb->ref_idx[l][i] = mb->kind == MB_P8x8REF0 ? 0 : read_ref_idx(s, l);
            if (mb->ref_idx[l][i] < 0)
                return -1;
        }
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < 4; i++) {
            const Rth264SubType *t = &rth264_sub_types[mb->sub_type[i]];
            if ((t->pred >> l) & 1)
                for (int j = 0; j < t->count; j++)
                    read_mvd(s, l, 4 * i + j);
        }
    return 0;
}

static int parse_pcm(SliceCtx *s)
{
    Rth264BitReader *br = &s->br;
    const size_t bytes = s->sps->chroma_format_idc ? 384 : 256; /* 7.3.5: no chroma samples in 4:0:0 */
    rth264_br_skip(br, (8 - (br->pos & 7)) & 7);
    if (rth264_br_bits_left(br) < bytes * 8)
        return -1;
    memcpy(s->mb.pcm, br->buf + (br->pos >> 3), bytes);
    rth264_br_skip(br, bytes * 8);
    memset(s->mb.total_coeff, 16, sizeof(s->mb.total_coeff));
    s->mb.coded = 0xffffff;
    for (int i = 0; i < 16; i++)
        s->nnz_cache[CACHE_IDX(i & 3, i >> 2)] = 16;
    return 0;
}

/* Table 7-14: B macroblock types 1..21 as (shape, prediction of each
 * partition); shape 0: 16x16, 1: 16x8, 2: 8x16. */
static int set_b_type(DecMb *mb, uint32_t t)
{
    static const uint8_t pairs[9][2] = {
        { 1, 1 }, { 2, 2 }, { 1, 2 }, { 2, 1 }, { 1, 3 }, { 2, 3 }, { 3, 1 }, { 3, 2 }, { 3, 3 },
    };
    if (t == 0) {
        mb->kind = MB_BDIRECT;
    } else if (t <= 3) {
        mb->kind = MB_B16x16;
        mb->part_pred[0] = (int)t;
    } else if (t <= 21) {
        const int k = (int)t - 4;
        mb->kind = k & 1 ? MB_B8x16 : MB_B16x8;
        mb->part_pred[0] = pairs[k / 2][0];
        mb->part_pred[1] = pairs[k / 2][1];
    } else {
        mb->kind = MB_B8x8;
    }
    return 0;
}

/* mb_type (Tables 7-11, 7-13, 7-14) into kind, i16 mode and cbp. */
static int set_mb_type(DecMb *mb, uint32_t t, int slice_type)
{
    if (slice_type == RTH264_SLICE_P) {
        static const uint8_t p_kinds[5] = { MB_P16x16, MB_P16x8, MB_P8x16, MB_P8x8, MB_P8x8REF0 };
        if (t < 5) {
            mb->kind = p_kinds[t];
            mb->part_pred[0] = mb->part_pred[1] = 1;
            return 0;
        }
        t -= 5;
    } else if (slice_type == RTH264_SLICE_B) {
        if (t < 23)
            return set_b_type(mb, t);
        t -= 23;
    }
    if (t == 0) {
        mb->kind = MB_I4x4;
    } else if (t <= 24) {
        mb->kind = MB_I16x16;
        mb->i16_mode = (int)(t - 1) % 4;
        mb->cbp = (int)((t - 1) / 4 % 3) << 4 | (t >= 13 ? 15 : 0);
    } else if (t == 25) {
        mb->kind = MB_PCM;
    } else {
        return -1;
    }
    return 0;
}

/* Table 9-4 for ChromaArrayType 0 (or 3): codeNum -> coded_block_pattern. */
static const uint8_t cbp_mono_intra[16] = { 15, 0, 7, 11, 13, 14, 3, 5, 10, 12, 1, 2, 4, 8, 6, 9 };
static const uint8_t cbp_mono_inter[16] = { 0, 1, 2, 4, 8, 3, 5, 10, 12, 15, 7, 11, 13, 14, 6, 9 };

/* 7.3.5: transform_size_8x8_flag is present for inter macroblocks without
 * partitions below 8x8 (direct ones only with direct_8x8_inference). */
static int inter_8x8_allowed(const SliceCtx *s)
{
    const DecMb *mb = &s->mb;
    if (mb->kind == MB_BDIRECT)
        return s->sps->direct_8x8_inference;
    if (mb->kind != MB_P8x8 && mb->kind != MB_P8x8REF0 && mb->kind != MB_B8x8)
        return 1;
    for (int i = 0; i < 4; i++) {
        const Rth264SubType *t = &rth264_sub_types[mb->sub_type[i]];
        if (t->pred ? t->count > 1 : !s->sps->direct_8x8_inference)
            return 0;
    }
    return 1;
}

int rth264_cavlc_parse_mb(SliceCtx *s, int slice_type, int *unused)
{
    (void)unused;
    DecMb *mb = &s->mb;
    mb->cbp = 0;
    mb->luma_dc_present = mb->chroma_dc_present[0] = mb->chroma_dc_present[1] = 0;
    memset(mb->ref_idx, 0, sizeof(mb->ref_idx));
    memset(mb->part_pred, 0, sizeof(mb->part_pred));
    memset(mb->total_coeff, 0, sizeof(mb->total_coeff));
    mb->coded = 0;
    mb->transform_8x8 = 0;
    if (set_mb_type(mb, rth264_br_ue(&s->br), slice_type) < 0)
        return -1;
    if (mb->kind == MB_PCM)
        return parse_pcm(s);
    if (mb->kind == MB_I4x4 && s->pps->transform_8x8_mode)
        mb->transform_8x8 = rth264_br_read1(&s->br);
    int ret;
    if (mb->kind == MB_P8x8 || mb->kind == MB_P8x8REF0 || mb->kind == MB_B8x8)
        ret = parse_sub_mb_pred(s, slice_type);
    else if (mb->kind == MB_BDIRECT)
        ret = 0;
    else if (mb_kind_is_intra(mb->kind))
        ret = parse_intra_pred(s);
    else
        ret = parse_inter_pred(s);
    if (ret < 0)
        return -1;
    if (mb->kind != MB_I16x16) {
        const uint32_t code = rth264_br_ue(&s->br);
        const int mono = s->sps->chroma_format_idc == 0;
        if (code > (mono ? 15u : 47u))
            return -1;
        if (mono) /* Table 9-4, ChromaArrayType 0 */
            mb->cbp = mb->kind == MB_I4x4 ? cbp_mono_intra[code] : cbp_mono_inter[code];
        else
            mb->cbp = mb->kind == MB_I4x4 ? rth264_cbp_from_code_intra[code] : rth264_cbp_from_code_inter[code];
        /* cbp bits 4,5 as chroma value 0..2: convert to the two flags used here. */
        const int chroma = mb->cbp >> 4;
        mb->cbp = (mb->cbp & 15) | (chroma >= 1 ? 0x10 : 0) | (chroma == 2 ? 0x20 : 0);
    } else {
        const int chroma = mb->cbp >> 4;
        mb->cbp = (mb->cbp & 15) | (chroma >= 1 ? 0x10 : 0) | (chroma == 2 ? 0x20 : 0);
    }
    if ((mb->cbp & 15) && s->pps->transform_8x8_mode && !mb_kind_is_intra(mb->kind) && inter_8x8_allowed(s))
        mb->transform_8x8 = rth264_br_read1(&s->br);
    if (!(mb->cbp & 0x3f) && mb->kind != MB_I16x16) {
        for (int i = 0; i < 16; i++)
            s->nnz_cache[CACHE_IDX(i & 3, i >> 2)] = 0;
        return s->br.error ? -1 : 0;
    }
    if (parse_residual(s) < 0)
        return -1;
    return s->br.error ? -1 : 0;
}
