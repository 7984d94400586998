/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/tables.h"
#include "encoder/encoder.h"

/* Quantisation matrices per QP (flat scaling lists, 8.5.9). */
void rth264_enc_init_quant_tables(Rth264Encoder *enc)
{
    for (int qp = 0; qp < 52; qp++) {
        /* Lagrangians: SSD + lambda2 * bits (the usual 0.85 * 2^((QP-12)/3))
         * and its square root for SATD-based costs. */
        const double l2 = 0.85 * pow(2.0, (qp - 12) / 3.0);
        enc->lambda2_tab[qp] = l2 < 1 ? 1 : (int)lrint(l2);
        const double l1 = pow(2.0, (qp - 12) / 6.0);
        enc->lambda_tab[qp] = l1 < 1 ? 1 : (int)lrint(l1);
        const int qbits = 15 + qp / 6;
        for (int i = 0; i < 16; i++) {
            const int cls = rth264_coef_class4x4[i];
            enc->mf[qp][i] = rth264_quant4_mf[qp % 6][cls];
            enc->scale[qp][i] = (uint16_t)(rth264_dequant4_v[qp % 6][cls] << (qp / 6));
            /* Rounding offsets (deadzone): 1/3 for intra, 1/4 for inter.
             * Measured: inter 1/4 beats 1/6 by ~2% BD-rate on camera video
             * (sparse blocks are dropped by decimation anyway); a smaller
             * deadzone costs on screen content, a larger on camera video. */
            enc->bias_intra[qp][i] = (uint32_t)((1 << qbits) / 3);
            enc->bias_inter[qp][i] = (uint32_t)((1 << qbits) / 4);
        }
        /* |coef| <= w * SAD for fdct4x4, w = 1, 4, 2 by coefficient class
         * (the largest |product| of two rows of Cf): the largest SAD for
         * which w * SAD * mf + bias < 2^qbits in every class. */
        static const int class_weight[3] = { 1, 4, 2 };
        for (int intra = 0; intra < 2; intra++) {
            const uint32_t bias = intra ? enc->bias_intra[qp][0] : enc->bias_inter[qp][0];
            uint32_t lim = UINT16_MAX;
            for (int cls = 0; cls < 3; cls++) {
                const uint32_t l = ((1u << qbits) - bias - 1) /
                                   (uint32_t)(class_weight[cls] * rth264_quant4_mf[qp % 6][cls]);
                if (l < lim)
                    lim = l;
            }
            enc->ac_zero_sad[qp][intra] = (uint16_t)lim;
            /* Chroma DC (quant_chroma_dc: qbits + 1, twice the bias): the
             * largest |a| + |b| + |c| + |d| whose product with mf stays
             * under 2^(qbits + 1) - 2 * bias, so a sum up to it quantises
             * every 2x2 output to zero and a larger one does not pass
             * that test. */
            enc->dc2_zero_sum[qp][intra] =
                (uint16_t)(((2u << qbits) - 2 * bias - 1) / rth264_quant4_mf[qp % 6][0]);
        }
    }
}

/* Keep every level codable with level_prefix <= 15 (Baseline) and every
 * dequantised value inside 16 bits (8.5.12.1). Only low QPs can get there. */
static void clamp_levels(int16_t *c, int n, const uint16_t *scale, int qp)
{
    if (qp >= 18)
        return;
    for (int i = 0; i < n; i++) {
        int lim = 2047;
        if (scale && 32767 / scale[i] < lim)
            lim = 32767 / scale[i];
        if (c[i] > lim)
            c[i] = (int16_t)lim;
        else if (c[i] < -lim)
            c[i] = (int16_t)-lim;
    }
}

/* Inter/I4x4 luma 4x4 block: src vs the prediction already in dst.
 * Leaves quantised raster coefs in coef, levels in scan order. */
static int quant_block(Rth264Encoder *enc, int16_t coef[16], int16_t level[16],
                       const uint8_t *src, ptrdiff_t ss, const uint8_t *dst, ptrdiff_t ds,
                       int qp, int intra)
{
    enc->quant.fdct4x4(coef, src, ss, dst, ds);
    if (!enc->quant.quant4x4(coef, enc->mf[qp], intra ? enc->bias_intra[qp] : enc->bias_inter[qp],
                             15 + qp / 6)) {
        memset(level, 0, 16 * sizeof(*level));
        return 0;
    }
    clamp_levels(coef, 16, enc->scale[qp], qp);
    enc->quant.scan4x4(level, coef);
    return enc->quant.coeff_count16(level);
}

static void recon_block(Rth264Encoder *enc, int16_t coef[16], uint8_t *dst, ptrdiff_t ds, int qp)
{
    enc->quant.dequant4x4(coef, enc->scale[qp]);
    enc->itx.add4x4(dst, ds, coef);
}

/* One Intra4x4 block (prediction already in dst): residual, recon in place. */
int rth264_enc_encode_i4_block(Rth264Encoder *enc, const uint8_t *src, ptrdiff_t ss, uint8_t *dst,
                               ptrdiff_t ds, int qp, int16_t level[16])
{
    int16_t coef[16] __attribute__((aligned(16)));
    const int n = quant_block(enc, coef, level, src, ss, dst, ds, qp, 1);
    if (n)
        recon_block(enc, coef, dst, ds, qp);
    return n;
}

/* Transform and quantisation of the inter luma residual (src - the
 * prediction in recon), one 8x8 at a time. coef is in luma4x4BlkIdx order
 * (6.4.3: four 4x4 blocks per 8x8, 8x8s in raster). Returns the mask of
 * blocks with a non-zero level, bit = luma4x4BlkIdx. */
unsigned rth264_enc_quant_luma_inter(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                     int16_t coef[16][16])
{
    const ptrdiff_t ss = enc->fenc->stride[0], ds = enc->recon->stride[0];
    return enc->quant.fdct_quant4x4_x16(coef, enc->fenc->data[0] + mb_y * 16 * ss + mb_x * 16, ss,
                                        enc->recon->data[0] + mb_y * 16 * ds + mb_x * 16, ds,
                                        enc->mf[qp], enc->bias_inter[qp], 15 + qp / 6);
}

/* Decimation rules of the inter luma: an 8x8 scoring under 4 is dropped,
 * and all of them when the MB totals under 6 (scores from
 * scan_decimate4x4: 9 for any |level| > 1). */
enum { KEEP8_SCORE = 4, KEEP_MB_SCORE = 6 };


/* Decimation of quantised inter luma (coef and mask from
 * rth264_enc_quant_luma_inter): the blocks are scanned into their raster
 * slot of r->luma. Returns the mask of the 8x8s kept (the luma
 * coded_block_pattern); the slots of dropped 8x8s are left undefined. */
static int luma_inter_cbp(Rth264Encoder *enc, int16_t coef[16][16], unsigned mask, int qp,
                          EncResidual *r)
{
    int score8[4] = { 0, 0, 0, 0 }, total = 0, cbp = 0;
    for (unsigned m = mask; m; m &= m - 1) {
        const int i = __builtin_ctz(m);
        clamp_levels(coef[i], 16, enc->scale[qp], qp);
        score8[i >> 2] += enc->quant.scan_decimate4x4(r->luma[rth264_blk4x4_raster[i]], coef[i]);
    }
    for (int i = 0; i < 4; i++) {
        if (score8[i] < KEEP8_SCORE)
            score8[i] = 0;
        total += score8[i];
    }
    if (total < KEEP_MB_SCORE)
        return 0;
    for (int i = 0; i < 4; i++)
        if (score8[i])
            cbp |= 1 << i;
    return cbp;
}

/* Whether the decimation drops every block, stopping at the first 8x8
 * that settles it otherwise (most MBs failing the P_Skip test do so on
 * their first kept 8x8). Clamping cannot change a score (a clamped level
 * stays > 1), so the levels are scored as quantised. */
static int luma_inter_drops_all(Rth264Encoder *enc, const int16_t coef[16][16], unsigned mask)
{
    int16_t level[16] __attribute__((aligned(16)));
    int total = 0;
    for (int i8 = 0; i8 < 4; i8++) {
        int score = 0;
        for (unsigned m = (mask >> (4 * i8)) & 15; m; m &= m - 1) {
            score += enc->quant.scan_decimate4x4(level, coef[4 * i8 + __builtin_ctz(m)]);
            if (score >= KEEP8_SCORE && total + score >= KEEP_MB_SCORE)
                return 0;
        }
        if (score >= KEEP8_SCORE)
            total += score;
    }
    return 1;
}

/* P_Skip test of the luma: 1 when the residual of the prediction at pred
 * (in recon or a reference plane) codes nothing (every block zero after
 * decimation, as coding it would). The quantised residual stays in
 * enc->skip_probe for rth264_enc_encode_luma_inter_cached(). */
int rth264_enc_luma_inter_is_zero(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                  const uint8_t *pred, ptrdiff_t pred_stride)
{
    EncLumaProbe *p = &enc->skip_probe;
    const ptrdiff_t ss = enc->fenc->stride[0];
    p->mask = enc->quant.fdct_quant4x4_x16(p->coef, enc->fenc->data[0] + mb_y * 16 * ss + mb_x * 16,
                                           ss, pred, pred_stride, enc->mf[qp],
                                           enc->bias_inter[qp], 15 + qp / 6);
    p->mb = mb_y * enc->mb_w + mb_x;
    p->qp = qp;
    p->valid = 1;
    return !p->mask || luma_inter_drops_all(enc, p->coef, p->mask);
}

/* Scanning, decimation and reconstruction of quantised inter luma. Only
 * what the coding reads is written: nnz, and the levels and non-zero
 * masks of the coded blocks. */
static void finish_luma_inter(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                              int16_t coef[16][16], unsigned mask, EncResidual *r)
{
    const ptrdiff_t ds = enc->recon->stride[0];
    uint8_t *dst = enc->recon->data[0] + mb_y * 16 * ds + mb_x * 16;
    r->cbp = luma_inter_cbp(enc, coef, mask, qp, r);
    memset(r->nnz, 0, sizeof(r->nnz));
    if (!r->cbp)
        return;
    for (int i8 = 0; i8 < 4; i8++) {
        if (!(r->cbp & (1 << i8)))
            continue;
        /* The levels of the other blocks stay undefined: CAVLC reads the
         * levels of blocks with a non-zero nnz only. */
        const unsigned kept = (mask >> (4 * i8)) & 15;
        for (unsigned k = kept; k; k &= k - 1) {
            const int b = rth264_blk4x4_raster[4 * i8 + __builtin_ctz(k)];
            const unsigned m = enc->quant.coeff_mask16(r->luma[b]);
            r->nz_luma[b] = (uint16_t)m;
            r->nnz[b] = (uint8_t)(m >> 16);
        }
        enc->quant.dequant_add4x4_x4(dst + (i8 >> 1) * 8 * ds + (i8 & 1) * 8, ds,
                                     (int16_t(*)[16])coef[4 * i8], enc->scale[qp], kept);
    }
}

/* Inter luma: prediction in recon already. Decimates sparse blocks. */
void rth264_enc_encode_luma_inter(Rth264Encoder *enc, int mb_x, int mb_y, int qp, EncResidual *r)
{
    int16_t coef[16][16] __attribute__((aligned(32)));
    const unsigned mask = rth264_enc_quant_luma_inter(enc, mb_x, mb_y, qp, coef);
    finish_luma_inter(enc, mb_x, mb_y, qp, coef, mask, r);
}

/* Same, reusing the residual the P_Skip test quantised when the prediction
 * is the same (the caller checks the vector); 0 if there is none. */
int rth264_enc_encode_luma_inter_cached(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                        EncResidual *r)
{
    EncLumaProbe *p = &enc->skip_probe;
    if (!p->valid || p->mb != mb_y * enc->mb_w + mb_x || p->qp != qp)
        return 0;
    p->valid = 0;
    finish_luma_inter(enc, mb_x, mb_y, qp, p->coef, p->mask, r);
    return 1;
}

/* Intra16x16 luma: prediction in recon already (8.3.3 / 8.5.10). The AC
 * of each 8x8 in one fdct_quant_ac4x4_x4 call (coef in luma4x4BlkIdx
 * order, as the x4 kernels take them); levels of blocks without AC are
 * left undefined (CAVLC reads the levels of blocks with a non-zero nnz
 * only). */
void rth264_enc_encode_luma_i16(Rth264Encoder *enc, int mb_x, int mb_y, int qp, EncResidual *r)
{
    int16_t coef[16][16] __attribute__((aligned(32)));
    int16_t dc[16] __attribute__((aligned(16)));
    int16_t dcq[16 * 16] __attribute__((aligned(16))); /* luma_dc_dequant writes dcq[16 * blk] */
    const ptrdiff_t ss = enc->fenc->stride[0], ds = enc->recon->stride[0];
    const uint8_t *src = enc->fenc->data[0] + mb_y * 16 * ss + mb_x * 16;
    uint8_t *dst = enc->recon->data[0] + mb_y * 16 * ds + mb_x * 16;
    const int qbits = 15 + qp / 6;
    unsigned mask = 0; /* bit = luma4x4BlkIdx */
    for (int i8 = 0; i8 < 4; i8++) {
        const ptrdiff_t so = (i8 >> 1) * 8 * ss + (i8 & 1) * 8;
        const ptrdiff_t po = (i8 >> 1) * 8 * ds + (i8 & 1) * 8;
        int16_t dc4[4];
        mask |= enc->quant.fdct_quant_ac4x4_x4((int16_t(*)[16])coef[4 * i8], dc4, src + so, ss,
                                               dst + po, ds, enc->mf[qp], enc->bias_intra[qp],
                                               qbits) << (4 * i8);
        for (int j = 0; j < 4; j++)
            dc[rth264_blk4x4_raster[4 * i8 + j]] = dc4[j];
    }
    memset(r->nnz, 0, sizeof(r->nnz));
    for (unsigned m = mask; m; m &= m - 1) {
        const int k = __builtin_ctz(m), b = rth264_blk4x4_raster[k];
        clamp_levels(coef[k], 16, enc->scale[qp], qp);
        enc->quant.scan4x4(r->luma[b], coef[k]);
        r->nnz[b] = (uint8_t)enc->quant.coeff_count16(r->luma[b]);
    }
    enc->quant.fdct_dc4x4(dc);
    enc->quant.quant_dc(dc, 16, enc->mf[qp][0], 2 * enc->bias_intra[qp][0], qbits + 1);
    clamp_levels(dc, 16, NULL, qp);
    enc->quant.scan4x4(r->luma_dc, dc);
    r->cbp = mask ? 15 : 0;
    for (unsigned m = mask; m; m &= m - 1)
        enc->quant.dequant4x4(coef[__builtin_ctz(m)], enc->scale[qp]);
    enc->itx.luma_dc_dequant(dcq, dc, qp, 16 * rth264_dequant4_v[qp % 6][0]);
    for (int i8 = 0; i8 < 4; i8++) {
        for (int j = 0; j < 4; j++) {
            const int k = 4 * i8 + j;
            if (!(mask >> k & 1))
                memset(coef[k], 0, sizeof(coef[k]));
            coef[k][0] = dcq[16 * rth264_blk4x4_raster[k]];
        }
        enc->quant.dequant_add4x4_x4(dst + (i8 >> 1) * 8 * ds + (i8 & 1) * 8, ds,
                                     (int16_t(*)[16])coef[4 * i8], NULL, 15);
    }
}

/* 2x2 transform and quantisation of one plane's chroma DCs (8.5.11.1),
 * inline: four values cost less than the two kernel calls. As fdct_dc2x2
 * then quant_dc with qbits + 1 and twice the bias. Returns non-zero iff a
 * level is. */
static int quant_chroma_dc(int16_t dc[4], unsigned mf, uint32_t bias2, int qbits1, int qp)
{
    const int a = dc[0], b = dc[1], c = dc[2], d = dc[3];
    /* Every |f[k]| <= |a| + |b| + |c| + |d|: when that quantises to zero,
     * so does each (the common case of inter chroma). */
    if ((uint32_t)(abs(a) + abs(b) + abs(c) + abs(d)) * mf + bias2 < 1u << qbits1) {
        memset(dc, 0, 4 * sizeof(*dc));
        return 0;
    }
    const int f[4] = { a + b + c + d, a - b + c - d, a + b - c - d, a - b - c + d };
    const int lim = qp < 18 ? 2047 : INT32_MAX; /* as clamp_levels */
    int nonzero = 0;
    for (int k = 0; k < 4; k++) {
        int level = (int)(((uint32_t)abs(f[k]) * mf + bias2) >> qbits1);
        if (level > lim)
            level = lim;
        dc[k] = (int16_t)(f[k] < 0 ? -level : level);
        nonzero |= level;
    }
    return nonzero;
}

/* Reconstruction of a chroma plane whose AC is all zero: the dequantised
 * DCs (chroma_dc_dequant, 8.5.11.2) added to their blocks by add4x4_dc_x4,
 * which for DC-only blocks gives what dequant_add4x4_x4 would, (d + 32)
 * >> 6 on every sample. */
static void add_chroma_dc(Rth264Encoder *enc, uint8_t *dst, ptrdiff_t ds, const int16_t dc[4],
                          int qpc)
{
    int16_t coef[4][16] __attribute__((aligned(16))); /* the dequantiser writes [k][0] */
    enc->itx.chroma_dc_dequant(&coef[0][0], dc, qpc, 16 * rth264_dequant4_v[qpc % 6][0]);
    enc->itx.add4x4_dc_x4(dst, ds, &coef[0][0]);
}

/* The chroma residual of the planes the zero test could not settle:
 * dc and sad per plane from sad_dc4x4_x8 (8.5.11). The AC levels of r are
 * written only when some are coded (cbp bit 5), as the coding reads them. */
static void code_chroma(Rth264Encoder *enc, int mb_x, int mb_y, int qpc, int intra,
                        EncResidual *r, int16_t dc[2][4], const int16_t sad[2])
{
    int16_t coef[2][4][16] __attribute__((aligned(32)));
    const int qbits = 15 + qpc / 6;
    const uint32_t *bias = intra ? enc->bias_intra[qpc] : enc->bias_inter[qpc];
    unsigned kept[2];
    int transformed[2], any_dc = 0;
    for (int c = 0; c < 2; c++) {
        const ptrdiff_t ss = enc->fenc->stride[1 + c], ds = enc->recon->stride[1 + c];
        const uint8_t *src = enc->fenc->data[1 + c] + mb_y * 8 * ss + mb_x * 8;
        const uint8_t *dst = enc->recon->data[1 + c] + mb_y * 8 * ds + mb_x * 8;
        /* Blocks of the 8x8 in the x4 order (0,0), (4,0), (0,4), (4,4) =
         * chroma4x4BlkIdx 0..3; DCs apart for the 2x2 transform. The
         * transform only when some block's AC may survive (dc[] is the
         * same either way). */
        unsigned mask = 0;
        transformed[c] = sad[c] > enc->ac_zero_sad[qpc][intra];
        if (transformed[c])
            mask = enc->quant.fdct_quant_ac4x4_x4(coef[c], dc[c], src, ss, dst, ds,
                                                  enc->mf[qpc], bias, qbits);
        int score = 0;
        for (unsigned m = mask; m; m &= m - 1) {
            const int b = __builtin_ctz(m);
            clamp_levels(coef[c][b], 16, enc->scale[qpc], qpc);
            score += enc->quant.scan_decimate4x4(r->chroma_ac[c][b], coef[c][b]);
            r->nnz_c[c][b] = (uint8_t)enc->quant.coeff_count16(r->chroma_ac[c][b]);
        }
        if (!intra && score < 7 && mask) { /* decimated: nothing of this plane's AC */
            memset(coef[c], 0, sizeof(coef[c]));
            memset(r->nnz_c[c], 0, sizeof(r->nnz_c[c]));
            mask = 0;
        }
        kept[c] = mask;
        any_dc |= quant_chroma_dc(dc[c], enc->mf[qpc][0], 2 * bias[0], qbits + 1, qpc);
        memcpy(r->chroma_dc[c], dc[c], sizeof(dc[c]));
    }
    const int any_ac = (kept[0] | kept[1]) != 0;
    const int cbp_c = any_ac ? 2 : any_dc ? 1 : 0;
    r->cbp = (r->cbp & 15) | cbp_c << 4;
    if (!cbp_c)
        return;
    for (int c = 0; c < 2; c++) {
        const ptrdiff_t ds = enc->recon->stride[1 + c];
        uint8_t *dst = enc->recon->data[1 + c] + mb_y * 8 * ds + mb_x * 8;
        if (!kept[c]) {
            if (any_ac)
                memset(r->chroma_ac[c], 0, sizeof(r->chroma_ac[c]));
            add_chroma_dc(enc, dst, ds, dc[c], qpc);
            continue;
        }
        /* The AC of blocks outside kept[c] is zero here. */
        if (!transformed[c])
            memset(coef[c], 0, sizeof(coef[c]));
        for (int b = 0; b < 4; b++) {
            if (kept[c] & (1u << b))
                enc->quant.dequant4x4(coef[c][b], enc->scale[qpc]);
            else if (any_ac)
                memset(r->chroma_ac[c][b], 0, sizeof(r->chroma_ac[c][b]));
        }
        enc->itx.chroma_dc_dequant(&coef[c][0][0], dc[c], qpc, 16 * rth264_dequant4_v[qpc % 6][0]);
        enc->quant.dequant_add4x4_x4(dst, ds, coef[c], NULL, 15); /* dequantised above */
    }
}

/* Both chroma planes, prediction in recon already (8.5.11). Most inter
 * chroma codes nothing, which the SAD and DC bounds prove (ac_zero_sad,
 * dc2_zero_sum) before any transform, both planes in one sad_dc4x4_x8
 * call: that case only clears the chroma of r that the coding reads
 * (nnz_c and the cbp bits; the levels are read only when cbp says so). */
void rth264_enc_encode_chroma(Rth264Encoder *enc, int mb_x, int mb_y, int qp, int intra,
                              EncResidual *r)
{
    int16_t out[10] __attribute__((aligned(16)));
    const int qpc = rth264_chroma_qp[qp];
    const ptrdiff_t ss = enc->fenc->stride[1], ds = enc->recon->stride[1];
    const ptrdiff_t so = mb_y * 8 * ss + mb_x * 8, dof = mb_y * 8 * ds + mb_x * 8;
    const unsigned t = enc->quant.sad_dc4x4_x8(out, enc->fenc->data[1] + so,
                                               enc->fenc->data[2] + so, ss,
                                               enc->recon->data[1] + dof,
                                               enc->recon->data[2] + dof, ds);
    memset(r->nnz_c, 0, sizeof(r->nnz_c));
    if ((t & 0xFFFF) <= enc->ac_zero_sad[qpc][intra] && t >> 16 <= enc->dc2_zero_sum[qpc][intra]) {
        r->cbp &= 15;
        return;
    }
    code_chroma(enc, mb_x, mb_y, qpc, intra, r, (int16_t(*)[4])out, out + 8);
}
