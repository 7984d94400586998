/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/tables.h"
#include "decoder/dec.h"

/* Macroblock reconstruction: intra prediction (8.3), inter prediction
 * (8.4.2), scaling (8.5.12.1) and residual addition (8.5.14). */

int rth264_chroma_qp_of(const SliceCtx *s, int qp, int c)
{
    int q = qp + (c ? s->pps->second_chroma_qp_index_offset : s->pps->chroma_qp_index_offset);
    q = q < 0 ? 0 : q > 51 ? 51 : q;
    return rth264_chroma_qp[q];
}

/* Scaling list of a block (Table 7-2 order): Y, Cb, Cr; intra then inter. */
static int scaling_list_of(const SliceCtx *s, int block)
{
    return (mb_kind_is_intra(s->mb.kind) ? 0 : 3) + (block < 16 ? 0 : block < 20 ? 1 : 2);
}

/* LevelScale4x4 (8.5.9) for the slice's scaling lists. */
void rth264_setup_dequant(SliceCtx *s)
{
    uint8_t l4[6][16], l8[2][64];
    rth264_resolve_scaling(s->sps, s->pps, l4, l8);
    s->scaling_flat = 1;
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 64; k++) {
            const int r = rth264_zigzag8x8[k];
            for (int m = 0; m < 6; m++)
                s->level_scale8[i][m][r] = l8[i][k] * rth264_dequant8_v[m][rth264_coef_class8x8[r]];
        }
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < 16; k++) {
            const int r = rth264_zigzag4x4[k];
            s->scaling_flat &= l4[i][k] == 16;
            for (int m = 0; m < 6; m++)
                s->level_scale[i][m][r] = l4[i][k] * rth264_dequant4_v[m][rth264_coef_class4x4[r]];
        }
}

/* 8.5.13.1 for an 8x8 luma block (levels in 8x8 scan order). */
void rth264_dequant_block8x8(SliceCtx *s, int b8, const int16_t *levels, int qp)
{
    int16_t *c = s->mb.coeffs + 64 * b8;
    const int32_t *ls = s->level_scale8[mb_kind_is_intra(s->mb.kind) ? 0 : 1][qp % 6];
    const int shift = qp / 6;
    for (int k = 0; k < 64; k++) {
        if (!levels[k])
            continue;
        const int r = rth264_zigzag8x8[k];
        int64_t v = (int64_t)levels[k] * ls[r];
        v = qp >= 36 ? v * (1 << (shift - 6)) : (v + (1 << (5 - shift))) >> (6 - shift);
        c[r] = (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
    }
}

/* Keep |level| small enough that the DC transforms and scalings below stay
 * in 32 bits (only corrupt streams come near): |level| <= INT32_MAX /
 * (gain * scale). The division is skipped when every level is within the
 * limit of the largest scale (LevelScale4x4 <= 255 * 25). */
static void clamp_dc_levels(int16_t *dc, int n, int gain, int scale)
{
    int max = 0;
    for (int i = 0; i < n; i++)
        max |= dc[i] < 0 ? -dc[i] : dc[i];
    if (max <= INT32_MAX / (gain * 255 * 25))
        return;
    const int64_t limit = INT32_MAX / ((int64_t)gain * scale);
    for (int i = 0; i < n; i++)
        dc[i] = (int16_t)(dc[i] < -limit ? -limit : dc[i] > limit ? limit : dc[i]);
}

static int blk_index(int x, int y)
{
    return rth264_blk4x4_from_xy[y][x];
}

/* 6.4.11.4 for the top-right 4x4 neighbour of block (x, y). */
static int topright_available(const SliceCtx *s, int x, int y)
{
    if (y == 0)
        return x < 3 ? s->intra_avail_b : s->intra_avail_c;
    if (x == 3)
        return 0;
    return blk_index(x + 1, y - 1) < blk_index(x, y);
}

static int i4_mode_fixup(int mode, int left, int top)
{
    if (mode != RTH264_I4_DC)
        return mode;
    if (left && top)
        return RTH264_I4_DC;
    return left ? RTH264_I4_DC_LEFT : top ? RTH264_I4_DC_TOP : RTH264_I4_DC_128;
}

static void add_residual8x8(SliceCtx *s, uint8_t *dst, ptrdiff_t stride, int b8)
{
    const uint8_t *tc = s->mb.total_coeff;
    const int r = 8 * (b8 >> 1) + 2 * (b8 & 1);
    if (tc[r] | tc[r + 1] | tc[r + 4] | tc[r + 5])
        s->d->itx.add8x8(dst, stride, s->mb.coeffs + 64 * b8);
}

static void recon_intra4x4(SliceCtx *s, uint8_t *y0, ptrdiff_t stride, const int8_t modes[16])
{
    const Rth264Decoder *d = s->d;
    for (int blk = 0; blk < 16; blk++) {
        const int x = rth264_blk4x4_x[blk], y = rth264_blk4x4_y[blk], r = 4 * y + x;
        uint8_t *dst = y0 + 4 * y * stride + 4 * x;
        const int left = x > 0 || s->intra_avail_a, top = y > 0 || s->intra_avail_b;
        uint8_t tr_buf[4];
        const uint8_t *tr = dst - stride + 4;
        if (!topright_available(s, x, y)) {
            memset(tr_buf, top ? dst[3 - stride] : 128, 4);
            tr = tr_buf;
        }
        d->ipred.pred4x4[i4_mode_fixup(modes[r], left, top)](dst, stride, tr);
        if (s->mb.total_coeff[r])
            d->itx.add4x4(dst, stride, s->mb.coeffs + 16 * r);
    }
}

/* 8.3.2.2.1: filtered reference samples of 8x8 block (x8, y8) into edge
 * (layout of Rth264Pred8x8Fn). */
static void filter_edge8x8(const SliceCtx *s, const uint8_t *dst, ptrdiff_t stride, int x8, int y8,
                           uint8_t *edge, int *left_out, int *top_out)
{
    const int left = x8 || s->intra_avail_a, top = y8 || s->intra_avail_b;
    const int topleft = x8 && y8 ? 1 : x8 ? s->intra_avail_b : y8 ? s->intra_avail_a : s->intra_avail_d;
    const int topright = y8 ? !x8 : x8 ? s->intra_avail_c : s->intra_avail_b;
    int p[25]; /* p[0..7] = left y 7..0, p[8] = top-left, p[9..24] = top x 0..15 */
    for (int y = 0; y < 8; y++)
        p[7 - y] = dst[y * stride - 1];
    p[8] = dst[-stride - 1];
    for (int x = 0; x < 16; x++)
        p[9 + x] = x < 8 || topright ? dst[x - stride] : dst[7 - stride];
    int *t = p + 9, *l = p + 7; /* t[x] = p[x,-1], l[-y] = p[-1,y] */
    if (top) {
        edge[1] = (uint8_t)(topleft ? (p[8] + 2 * t[0] + t[1] + 2) >> 2 : (3 * t[0] + t[1] + 2) >> 2);
        for (int x = 1; x < 15; x++)
            edge[1 + x] = (uint8_t)((t[x - 1] + 2 * t[x] + t[x + 1] + 2) >> 2);
        edge[16] = (uint8_t)((t[14] + 3 * t[15] + 2) >> 2);
    }
    if (topleft) {
        if (top && left)
            edge[0] = (uint8_t)((t[0] + 2 * p[8] + l[0] + 2) >> 2);
        else if (top)
            edge[0] = (uint8_t)((3 * p[8] + t[0] + 2) >> 2);
        else if (left)
            edge[0] = (uint8_t)((3 * p[8] + l[0] + 2) >> 2);
        else
            edge[0] = (uint8_t)p[8];
    }
    if (left) {
        edge[-1] = (uint8_t)(topleft ? (p[8] + 2 * l[0] + l[-1] + 2) >> 2 : (3 * l[0] + l[-1] + 2) >> 2);
        for (int y = 1; y < 7; y++)
            edge[-1 - y] = (uint8_t)((l[-(y - 1)] + 2 * l[-y] + l[-(y + 1)] + 2) >> 2);
        edge[-8] = (uint8_t)((l[-6] + 3 * l[-7] + 2) >> 2);
    }
    *left_out = left;
    *top_out = top;
}

static void recon_intra8x8(SliceCtx *s, uint8_t *y0, ptrdiff_t stride, const int8_t modes[16])
{
    const Rth264Decoder *d = s->d;
    for (int b8 = 0; b8 < 4; b8++) {
        const int x8 = b8 & 1, y8 = b8 >> 1;
        uint8_t *dst = y0 + 8 * y8 * stride + 8 * x8;
        uint8_t buf[8 + 1 + 16] = { 0 };
        int left, top;
        filter_edge8x8(s, dst, stride, x8, y8, buf + 8, &left, &top);
        d->ipred.pred8x8[i4_mode_fixup(modes[8 * y8 + 2 * x8], left, top)](dst, stride, buf + 8);
        add_residual8x8(s, dst, stride, b8);
    }
}

static int i16_mode_fixup(int mode, int left, int top)
{
    if (mode != RTH264_I16_DC)
        return mode;
    if (left && top)
        return RTH264_I16_DC;
    return left ? RTH264_I16_DC_LEFT : top ? RTH264_I16_DC_TOP : RTH264_I16_DC_128;
}

static void add_luma_residual(SliceCtx *s, uint8_t *y0, ptrdiff_t stride, int with_dc)
{
    const Rth264ItxDsp *itx = &s->d->itx;
    if (!with_dc) {
        /* only the coded blocks, without a branch per block */
        for (uint32_t m = s->mb.coded & 0xffff; m; m &= m - 1) {
            const int r = __builtin_ctz(m);
            itx->add4x4(y0 + 4 * (r >> 2) * stride + 4 * (r & 3), stride, s->mb.coeffs + 16 * r);
        }
        return;
    }
    for (int r = 0; r < 16; r++) {
        uint8_t *dst = y0 + 4 * (r >> 2) * stride + 4 * (r & 3);
        int16_t *c = s->mb.coeffs + 16 * r;
        if (s->mb.total_coeff[r])
            itx->add4x4(dst, stride, c);
        else if (c[0])
            itx->add4x4_dc(dst, stride, c);
    }
}

static void recon_intra16x16(SliceCtx *s, uint8_t *y0, ptrdiff_t stride)
{
    const Rth264Decoder *d = s->d;
    const int mode = i16_mode_fixup(s->mb.i16_mode, s->intra_avail_a, s->intra_avail_b);
    d->ipred.pred16x16[mode](y0, stride);
    if (s->mb.luma_dc_present) {
        const int qp = s->qp;
        const int scale = s->level_scale[0][qp % 6][0];
        clamp_dc_levels(s->mb.luma_dc, 16, 16 * 4, scale);
        d->itx.luma_dc_dequant(s->mb.coeffs, s->mb.luma_dc, qp, scale);
    }
    add_luma_residual(s, y0, stride, s->mb.luma_dc_present);
}


static void add_chroma_residual(SliceCtx *s, uint8_t *dst[2], ptrdiff_t stride)
{
    const Rth264ItxDsp *itx = &s->d->itx;
    for (int c = 0; c < 2; c++) {
        const int qpc = rth264_chroma_qp_of(s, s->qp, c);
        int16_t *base = s->mb.coeffs + 256 + 64 * c;
        if (s->mb.chroma_dc_present[c]) {
            const int scale = s->level_scale[scaling_list_of(s, 16 + 4 * c)][qpc % 6][0];
            clamp_dc_levels(s->mb.chroma_dc[c], 4, 4 * 64, scale);
            itx->chroma_dc_dequant(base, s->mb.chroma_dc[c], qpc, scale);
        }
        for (int k = 0; k < 4; k++) {
            uint8_t *p = dst[c] + 4 * (k >> 1) * stride + 4 * (k & 1);
            if (s->mb.total_coeff[16 + 4 * c + k])
                itx->add4x4(p, stride, base + 16 * k);
            else if (base[16 * k])
                itx->add4x4_dc(p, stride, base + 16 * k);
        }
    }
}

static void recon_intra_chroma(SliceCtx *s, uint8_t *dst[2], ptrdiff_t stride)
{
    int mode = s->mb.chroma_mode;
    const int left = s->intra_avail_a, top = s->intra_avail_b;
    if (mode == RTH264_IC_DC && !(left && top))
        mode = left ? RTH264_IC_DC_LEFT : top ? RTH264_IC_DC_TOP : RTH264_IC_DC_128;
    for (int c = 0; c < 2; c++)
        s->d->ipred.pred_chroma8x8[mode](dst[c], stride);
}

static void recon_pcm(SliceCtx *s, uint8_t *y0, uint8_t *dst[2], ptrdiff_t ls, ptrdiff_t cs)
{
    const uint8_t *p = s->mb.pcm;
    for (int y = 0; y < 16; y++, p += 16)
        memcpy(y0 + y * ls, p, 16);
    for (int c = 0; c < 2 * (s->sps->chroma_format_idc != 0); c++)
        for (int y = 0; y < 8; y++, p += 8)
            memcpy(dst[c] + y * cs, p, 8);
}

static inline int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* 8.4.2.2 for one partition: (x, y, w, h) in luma samples inside the MB,
 * predicted into dst[] (luma block, Cb, Cr) with strides ds[]. */
static void mc_partition(SliceCtx *s, int x, int y, int w, int h, const DecPic *ref, const int16_t mv[2],
                         uint8_t *const dst[3], const ptrdiff_t ds[3])
{
    const Rth264Decoder *d = s->d;
    const Rth264Frame *rf = ref->frame;
    const int px = s->mb_x * 16 + x, py = s->mb_y * 16 + y;
    /* Clamp so every tap stays in the padding; samples further out would all
     * read the replicated edge anyway (8.4.2.2.1 coordinate clipping). */
    const int ix = clampi(px + (mv[0] >> 2), -(w + 3), rf->width + 2);
    const int iy = clampi(py + (mv[1] >> 2), -(h + 3), rf->height + 2);
    const int wi = w == 16 ? RTH264_MC_W16 : w == 8 ? RTH264_MC_W8 : RTH264_MC_W4;
    d->mc.put_luma[wi](dst[0], ds[0], rf->data[0] + iy * rf->stride[0] + ix, rf->stride[0], h, mv[0] & 3,
                       mv[1] & 3);
    const int cw = w / 2, ch = h / 2, cx = px / 2, cy = py / 2;
    const int icx = clampi(cx + (mv[0] >> 3), -(cw + 1), rf->width / 2 + 1);
    const int icy = clampi(cy + (mv[1] >> 3), -(ch + 1), rf->height / 2 + 1);
    const int ci = cw == 8 ? 0 : cw == 4 ? 1 : 2;
    for (int c = 1; c < 3; c++)
        d->mc.put_chroma[ci](dst[c], ds[c], rf->data[c] + icy * rf->stride[c] + icx, rf->stride[c], ch,
                             mv[0] & 7, mv[1] & 7);
}

/* 8.4.2.3 weighted sample prediction modes of a slice */
enum { WP_DEFAULT, WP_EXPLICIT, WP_IMPLICIT };

static int weight_mode(const SliceCtx *s)
{
    if (s->sh->slice_type == RTH264_SLICE_B)
        return s->pps->weighted_bipred_idc == 1 ? WP_EXPLICIT : s->pps->weighted_bipred_idc == 2 ? WP_IMPLICIT
                                                                                                  : WP_DEFAULT;
    return s->pps->weighted_pred ? WP_EXPLICIT : WP_DEFAULT;
}

/* 8.4.2.3.1 implicit weights from the POC distances. */
static void implicit_weights(const SliceCtx *s, const DecPic *p0, const DecPic *p1, int *w0, int *w1)
{
    *w0 = *w1 = 32;
    const int td = clampi(p1->poc - p0->poc, -128, 127);
    if (!td || p0->ref == REF_LONG || p1->ref == REF_LONG)
        return;
    const int tb = clampi(s->d->cur.poc - p0->poc, -128, 127);
    const int tx = (16384 + abs(td / 2)) / td;
    const int dsf = clampi((tb * tx + 32) >> 6, -1024, 1023);
    if ((dsf >> 2) < -64 || (dsf >> 2) > 128)
        return;
    *w0 = 64 - (dsf >> 2);
    *w1 = dsf >> 2;
}

/* Weighted prediction (8.4.2.3.2) of a block whose list 0 / list 1
 * predictions are in dst[] (frame) and tmp[] (stride 16 luma, 8 chroma). */
static void apply_weights(SliceCtx *s, int mode, int r0, int r1, uint8_t *const tmp[3], uint8_t *const dst[3],
                          const ptrdiff_t ds[3], int w, int h)
{
    const Rth264SliceHeader *sh = s->sh;
    const Rth264McDsp *mc = &s->d->mc;
    int w0 = 32, w1 = 32;
    if (mode == WP_IMPLICIT)
        implicit_weights(s, s->refs[0][r0], s->refs[1][r1], &w0, &w1);
    for (int c = 0; c < 3; c++) {
        const int wi = (w == 16 ? RTH264_MC_W16 : w == 8 ? RTH264_MC_W8 : RTH264_MC_W4) + (c > 0);
        const int ph = c ? h / 2 : h;
        const int logwd = mode == WP_IMPLICIT ? 5 : c ? sh->chroma_log2_denom : sh->luma_log2_denom;
        if (r0 >= 0 && r1 >= 0) {
            if (mode == WP_IMPLICIT)
                mc->biweight[wi](dst[c], ds[c], tmp[c], c ? 8 : 16, ph, logwd, w0, w1, 0);
            else
                mc->biweight[wi](dst[c], ds[c], tmp[c], c ? 8 : 16, ph, logwd, sh->weight[0][r0][c],
                                 sh->weight[1][r1][c], (sh->offset[0][r0][c] + sh->offset[1][r1][c] + 1) >> 1);
        } else {
            const int l = r0 >= 0 ? 0 : 1, r = r0 >= 0 ? r0 : r1;
            mc->weight[wi](dst[c], ds[c], ph, logwd, sh->weight[l][r][c], sh->offset[l][r][c]);
        }
    }
}

/* One block with uniform motion: list 0, list 1 or both (8.4.2.3: default,
 * explicit or implicit weighted prediction). */
static void mc_block(SliceCtx *s, int x, int y, int w, int h)
{
    const Rth264Decoder *d = s->d;
    const Rth264Frame *f = d->cur.frame;
    const int ci = CACHE_IDX(x / 4, y / 4);
    const int r0 = s->ref_cache[0][ci], r1 = s->ref_cache[1][ci];
    const int px = s->mb_x * 16 + x, py = s->mb_y * 16 + y;
    uint8_t *const frame_dst[3] = { f->data[0] + py * f->stride[0] + px,
                                    f->data[1] + (py / 2) * f->stride[1] + px / 2,
                                    f->data[2] + (py / 2) * f->stride[2] + px / 2 };
    const int mode = weight_mode(s);
    _Alignas(16) uint8_t tmp[384];
    uint8_t *const tmp_dst[3] = { tmp, tmp + 256, tmp + 320 };
    static const ptrdiff_t tmp_stride[3] = { 16, 8, 8 };
    const int weighted = mode == WP_EXPLICIT || (mode == WP_IMPLICIT && r0 >= 0 && r1 >= 0);
    if (r0 >= 0)
        mc_partition(s, x, y, w, h, s->refs[0][r0], s->mv_cache[0][ci], frame_dst, f->stride);
    if (r1 >= 0)
        mc_partition(s, x, y, w, h, s->refs[1][r1], s->mv_cache[1][ci], r0 >= 0 ? tmp_dst : frame_dst,
                     r0 >= 0 ? tmp_stride : f->stride);
    if (weighted) {
        apply_weights(s, mode, r0, r1, tmp_dst, frame_dst, f->stride, w, h);
        return;
    }
    if (r0 < 0 || r1 < 0)
        return;
    const int wi = w == 16 ? RTH264_MC_W16 : w == 8 ? RTH264_MC_W8 : RTH264_MC_W4;
    d->mc.avg[wi](frame_dst[0], f->stride[0], tmp_dst[0], 16, h);
    for (int c = 1; c < 3; c++)
        d->mc.avg[wi + 1](frame_dst[c], f->stride[c], tmp_dst[c], 8, h / 2);
}

static void mc_direct_8x8(SliceCtx *s, int b8)
{
    const int x0 = (b8 & 1) * 8, y0 = (b8 >> 1) * 8;
    if (s->sps->direct_8x8_inference) {
        mc_block(s, x0, y0, 8, 8);
        return;
    }
    for (int j = 0; j < 4; j++)
        mc_block(s, x0 + (j & 1) * 4, y0 + (j >> 1) * 4, 4, 4);
}

/* Ask for the list 0 reference samples a few macroblocks ahead (64 luma
 * samples right of this MB's block, moved by its first vector) while this
 * one is reconstructed: four luma rows and two chroma rows per MB, so four
 * consecutive MBs cover the 16 rows of one MB ahead. Coordinates are
 * clamped into the padded planes. */
static void prefetch_reference(const SliceCtx *s)
{
    const int ci = CACHE_IDX(0, 0);
    const int r = s->ref_cache[0][ci];
    if (r < 0)
        return;
    const Rth264Frame *rf = s->refs[0][r]->frame;
    const int16_t *mv = s->mv_cache[0][ci];
    const int x = clampi(s->mb_x * 16 + (mv[0] >> 2) + 64, 0, rf->width - 1);
    const int y = clampi(s->mb_y * 16 + (mv[1] >> 2) + (s->mb_x & 3) * 4, 0, rf->height - 4);
    const uint8_t *p = rf->data[0] + y * rf->stride[0] + x;
    for (int i = 0; i < 4; i++)
        __builtin_prefetch(p + i * rf->stride[0]);
    const int cx = x / 2, cy = clampi(y / 2, 0, rf->height / 2 - 2);
    for (int c = 1; c < 3; c++) {
        __builtin_prefetch(rf->data[c] + cy * rf->stride[c] + cx);
        __builtin_prefetch(rf->data[c] + (cy + 1) * rf->stride[c] + cx);
    }
}

static void recon_inter(SliceCtx *s)
{
    const DecMb *mb = &s->mb;
    switch (mb->kind) {
    case MB_P16x8: case MB_B16x8:
        mc_block(s, 0, 0, 16, 8);
        mc_block(s, 0, 8, 16, 8);
        return;
    case MB_P8x16: case MB_B8x16:
        mc_block(s, 0, 0, 8, 16);
        mc_block(s, 8, 0, 8, 16);
        return;
    case MB_BSKIP: case MB_BDIRECT:
        for (int i = 0; i < 4; i++)
            mc_direct_8x8(s, i);
        return;
    case MB_P8x8: case MB_P8x8REF0: case MB_B8x8:
        for (int i = 0; i < 4; i++) {
            const Rth264SubType *t = &rth264_sub_types[mb->sub_type[i]];
            if (!t->pred) {
                mc_direct_8x8(s, i);
                continue;
            }
            const int w = 4 * t->w, h = 4 * t->h, x0 = (i & 1) * 8, y0 = (i >> 1) * 8;
            for (int y = y0; y < y0 + 8; y += h)
                for (int x = x0; x < x0 + 8; x += w)
                    mc_block(s, x, y, w, h);
        }
        return;
    default:
        mc_block(s, 0, 0, 16, 16);
        return;
    }
}

void rth264_recon_mb(SliceCtx *s, const int8_t modes[16])
{
    Rth264Frame *f = s->d->cur.frame;
    const ptrdiff_t ls = f->stride[0], cs = f->stride[1];
    uint8_t *y0 = f->data[0] + s->mb_y * 16 * ls + s->mb_x * 16;
    uint8_t *c0[2] = { f->data[1] + s->mb_y * 8 * cs + s->mb_x * 8, f->data[2] + s->mb_y * 8 * cs + s->mb_x * 8 };
    const int chroma = s->sps->chroma_format_idc != 0; /* monochrome keeps its grey chroma */
    switch (s->mb.kind) {
    case MB_PCM:
        recon_pcm(s, y0, c0, ls, cs);
        return;
    case MB_I4x4:
        if (s->mb.transform_8x8)
            recon_intra8x8(s, y0, ls, modes);
        else
            recon_intra4x4(s, y0, ls, modes);
        if (chroma)
            recon_intra_chroma(s, c0, cs);
        break;
    case MB_I16x16:
        recon_intra16x16(s, y0, ls);
        if (chroma)
            recon_intra_chroma(s, c0, cs);
        break;
    default:
        recon_inter(s);
        prefetch_reference(s);
        if (!(s->mb.cbp & 15))
            break; /* no luma coefficients: prediction only */
        if (s->mb.transform_8x8)
            for (int b8 = 0; b8 < 4; b8++)
                add_residual8x8(s, y0 + 8 * (b8 >> 1) * ls + 8 * (b8 & 1), ls, b8);
        else
            add_luma_residual(s, y0, ls, 0);
        break;
    }
    if (chroma && (s->mb.cbp & 0x30)) /* coded_block_pattern 0: no chroma DC or AC */
        add_chroma_residual(s, c0, cs);
}
