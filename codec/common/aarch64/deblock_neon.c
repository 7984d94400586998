/* SPDX-License-Identifier: BSD-2-Clause */
/* Deblocking edge filters in NEON intrinsics (8.7.2.3 bS < 4, 8.7.2.4
 * bS == 4), bit-exact with common/deblock.c. All lines of an edge are
 * filtered at once: one lane per line (16 for luma, 8 for chroma). Vertical
 * edges (*_v) are transposed in and out so the same lane-wise code serves
 * both directions. Lines whose filterSamplesFlag is 0 keep their samples
 * through a final bit-select. */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "common/deblock.h"

/* ---- luma, bS < 4 (8.7.2.3) ------------------------------------------------ */

typedef struct LumaLines {
    uint8x16_t p3, p2, p1, p0, q0, q1, q2, q3;
} LumaLines;

/* tc0[seg] for each of the 16 lines (segment = line / 4). */
static inline int8x16_t expand_tc0_luma(const int8_t *tc0)
{
    static const uint8_t seg_of_line[16] = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 };
    uint32_t packed;
    memcpy(&packed, tc0, 4);
    return vqtbl1q_s8(vreinterpretq_s8_u32(vdupq_n_u32(packed)), vld1q_u8(seg_of_line));
}

/* filterSamplesFlag (8-460) of each line. */
static inline uint8x16_t edge_mask(const LumaLines *l, int alpha, int beta)
{
    const uint8x16_t va = vdupq_n_u8((uint8_t)alpha), vb = vdupq_n_u8((uint8_t)beta);
    uint8x16_t m = vcltq_u8(vabdq_u8(l->p0, l->q0), va);
    m = vandq_u8(m, vcltq_u8(vabdq_u8(l->p1, l->p0), vb));
    return vandq_u8(m, vcltq_u8(vabdq_u8(l->q1, l->q0), vb));
}

/* p0 + delta and q0 - delta for 8 lines, delta = Clip3(-tc, tc,
 * ((q0 - p0) * 4 + (p1 - q1) + 4) >> 3) (8-467), in 16 bits. */
static inline void p0q0_delta8(uint8x8_t p1, uint8x8_t p0, uint8x8_t q0, uint8x8_t q1,
                               uint8x8_t tc, uint8x8_t *np0, uint8x8_t *nq0)
{
    int16x8_t d = vshlq_n_s16(vreinterpretq_s16_u16(vsubl_u8(q0, p0)), 2);
    d = vaddq_s16(d, vreinterpretq_s16_u16(vsubl_u8(p1, q1)));
    d = vrshrq_n_s16(d, 3);
    const int16x8_t t = vreinterpretq_s16_u16(vmovl_u8(tc));
    d = vminq_s16(vmaxq_s16(d, vnegq_s16(t)), t);
    *np0 = vqmovun_s16(vaddq_s16(vreinterpretq_s16_u16(vmovl_u8(p0)), d));
    *nq0 = vqmovun_s16(vsubq_s16(vreinterpretq_s16_u16(vmovl_u8(q0)), d));
}

/* p1' = p1 + Clip3(-tc0, tc0, (p2 + ((p0 + q0 + 1) >> 1) - 2 p1) >> 1)
 * (8-470). (x - 2 p1) >> 1 = (x >> 1) - p1 for the floor shift, so this is
 * the halving add clamped to [p1 - tc0, p1 + tc0]; the result of the
 * standard lies in 0..255, so saturating bounds change nothing. */
static inline uint8x16_t p1_update(uint8x16_t p2, uint8x16_t p1, uint8x16_t avg_p0q0,
                                   uint8x16_t tc0)
{
    const uint8x16_t h = vhaddq_u8(p2, avg_p0q0);
    return vminq_u8(vmaxq_u8(h, vqsubq_u8(p1, tc0)), vqaddq_u8(p1, tc0));
}

static void luma_filter_normal(LumaLines *l, int alpha, int beta, const int8_t *tc0)
{
    const int8x16_t tcs = expand_tc0_luma(tc0);
    const uint8x16_t vb = vdupq_n_u8((uint8_t)beta);
    const uint8x16_t mask = vandq_u8(edge_mask(l, alpha, beta), vcgezq_s8(tcs));
    const uint8x16_t ap = vandq_u8(mask, vcltq_u8(vabdq_u8(l->p2, l->p0), vb));
    const uint8x16_t aq = vandq_u8(mask, vcltq_u8(vabdq_u8(l->q2, l->q0), vb));
    const uint8x16_t tc0u = vreinterpretq_u8_s8(vmaxq_s8(tcs, vdupq_n_s8(0)));
    /* tc = tc0 + ap + aq (8-464): the masks are 0xff, i.e. -1. */
    const uint8x16_t tc = vsubq_u8(vsubq_u8(tc0u, ap), aq);
    const uint8x16_t avg = vrhaddq_u8(l->p0, l->q0);
    const uint8x16_t np1 = p1_update(l->p2, l->p1, avg, tc0u);
    const uint8x16_t nq1 = p1_update(l->q2, l->q1, avg, tc0u);
    uint8x8_t np0_lo, nq0_lo, np0_hi, nq0_hi;
    p0q0_delta8(vget_low_u8(l->p1), vget_low_u8(l->p0), vget_low_u8(l->q0),
                vget_low_u8(l->q1), vget_low_u8(tc), &np0_lo, &nq0_lo);
    p0q0_delta8(vget_high_u8(l->p1), vget_high_u8(l->p0), vget_high_u8(l->q0),
                vget_high_u8(l->q1), vget_high_u8(tc), &np0_hi, &nq0_hi);
    l->p1 = vbslq_u8(ap, np1, l->p1);
    l->q1 = vbslq_u8(aq, nq1, l->q1);
    l->p0 = vbslq_u8(mask, vcombine_u8(np0_lo, np0_hi), l->p0);
    l->q0 = vbslq_u8(mask, vcombine_u8(nq0_lo, nq0_hi), l->q0);
}

/* ---- luma, bS == 4 (8.7.2.4) ------------------------------------------------
 * The strong filters of one side, 8 lines, in 16 bits (sums <= 8 * 255). */

typedef struct StrongOut {
    uint8x8_t x0, x1, x2, x0_weak;
} StrongOut;

/* For the p side pass (p3, p2, p1, p0, q0, q1); for the q side the mirror
 * (q3, q2, q1, q0, p0, p1): 8-477..8-479 and 8-480. */
static inline StrongOut strong_side8(uint8x8_t x3, uint8x8_t x2, uint8x8_t x1, uint8x8_t x0,
                                     uint8x8_t y0, uint8x8_t y1)
{
    const uint16x8_t s = vaddw_u8(vaddl_u8(x1, x0), y0);       /* x1 + x0 + y0 */
    const uint16x8_t x2y1 = vaddl_u8(x2, y1);
    StrongOut o;
    o.x0 = vrshrn_n_u16(vaddq_u16(x2y1, vshlq_n_u16(s, 1)), 3);
    o.x1 = vrshrn_n_u16(vaddw_u8(s, x2), 2);
    o.x2 = vrshrn_n_u16(vaddq_u16(vaddw_u8(s, x2), vshlq_n_u16(vaddl_u8(x3, x2), 1)), 3);
    o.x0_weak = vrshrn_n_u16(vaddw_u8(vaddw_u8(vshll_n_u8(x1, 1), x0), y1), 2);
    return o;
}

static void luma_filter_intra(LumaLines *l, int alpha, int beta)
{
    const uint8x16_t vb = vdupq_n_u8((uint8_t)beta);
    const uint8x16_t mask = edge_mask(l, alpha, beta);
    const uint8x16_t strong =
        vandq_u8(mask, vcltq_u8(vabdq_u8(l->p0, l->q0), vdupq_n_u8((uint8_t)((alpha >> 2) + 2))));
    const uint8x16_t ap = vandq_u8(strong, vcltq_u8(vabdq_u8(l->p2, l->p0), vb));
    const uint8x16_t aq = vandq_u8(strong, vcltq_u8(vabdq_u8(l->q2, l->q0), vb));
    StrongOut pl = strong_side8(vget_low_u8(l->p3), vget_low_u8(l->p2), vget_low_u8(l->p1),
                                vget_low_u8(l->p0), vget_low_u8(l->q0), vget_low_u8(l->q1));
    StrongOut ph = strong_side8(vget_high_u8(l->p3), vget_high_u8(l->p2), vget_high_u8(l->p1),
                                vget_high_u8(l->p0), vget_high_u8(l->q0), vget_high_u8(l->q1));
    StrongOut ql = strong_side8(vget_low_u8(l->q3), vget_low_u8(l->q2), vget_low_u8(l->q1),
                                vget_low_u8(l->q0), vget_low_u8(l->p0), vget_low_u8(l->p1));
    StrongOut qh = strong_side8(vget_high_u8(l->q3), vget_high_u8(l->q2), vget_high_u8(l->q1),
                                vget_high_u8(l->q0), vget_high_u8(l->p0), vget_high_u8(l->p1));
    const uint8x16_t p0_new = vbslq_u8(ap, vcombine_u8(pl.x0, ph.x0),
                                       vcombine_u8(pl.x0_weak, ph.x0_weak));
    const uint8x16_t q0_new = vbslq_u8(aq, vcombine_u8(ql.x0, qh.x0),
                                       vcombine_u8(ql.x0_weak, qh.x0_weak));
    l->p0 = vbslq_u8(mask, p0_new, l->p0);
    l->q0 = vbslq_u8(mask, q0_new, l->q0);
    l->p1 = vbslq_u8(ap, vcombine_u8(pl.x1, ph.x1), l->p1);
    l->q1 = vbslq_u8(aq, vcombine_u8(ql.x1, qh.x1), l->q1);
    l->p2 = vbslq_u8(ap, vcombine_u8(pl.x2, ph.x2), l->p2);
    l->q2 = vbslq_u8(aq, vcombine_u8(ql.x2, qh.x2), l->q2);
}

/* ---- luma edges -------------------------------------------------------------- */

/* Transpose two stacked 8x8 byte blocks (lanes 0-7 and 8-15 independent). */
static inline void transpose8x16(uint8x16_t v[8])
{
    uint8x16_t a[8], b[8];
    for (int i = 0; i < 8; i += 2) {
        a[i] = vtrn1q_u8(v[i], v[i + 1]);
        a[i + 1] = vtrn2q_u8(v[i], v[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        for (int k = 0; k < 2; k++) {
            uint16x8_t x = vreinterpretq_u16_u8(a[i + k]), y = vreinterpretq_u16_u8(a[i + k + 2]);
            b[i + k] = vreinterpretq_u8_u16(vtrn1q_u16(x, y));
            b[i + k + 2] = vreinterpretq_u8_u16(vtrn2q_u16(x, y));
        }
    }
    for (int k = 0; k < 4; k++) {
        uint32x4_t x = vreinterpretq_u32_u8(b[k]), y = vreinterpretq_u32_u8(b[k + 4]);
        v[k] = vreinterpretq_u8_u32(vtrn1q_u32(x, y));
        v[k + 4] = vreinterpretq_u8_u32(vtrn2q_u32(x, y));
    }
}

/* Vertical edge: rows k = 0..15 hold p3..q3 at pix[k * stride - 4 .. + 3]. */
static void load_luma_v(LumaLines *l, const uint8_t *pix, ptrdiff_t stride)
{
    uint8x16_t v[8];
    for (int k = 0; k < 8; k++)
        v[k] = vcombine_u8(vld1_u8(pix + k * stride - 4), vld1_u8(pix + (k + 8) * stride - 4));
    transpose8x16(v);
    l->p3 = v[0], l->p2 = v[1], l->p1 = v[2], l->p0 = v[3];
    l->q0 = v[4], l->q1 = v[5], l->q2 = v[6], l->q3 = v[7];
}

static void store_luma_v(const LumaLines *l, uint8_t *pix, ptrdiff_t stride)
{
    uint8x16_t v[8] = { l->p3, l->p2, l->p1, l->p0, l->q0, l->q1, l->q2, l->q3 };
    transpose8x16(v);
    for (int k = 0; k < 8; k++) {
        vst1_u8(pix + k * stride - 4, vget_low_u8(v[k]));
        vst1_u8(pix + (k + 8) * stride - 4, vget_high_u8(v[k]));
    }
}

void rth264_deblock_luma_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                const int8_t *tc0)
{
    LumaLines l;
    load_luma_v(&l, pix, stride);
    luma_filter_normal(&l, alpha, beta, tc0);
    store_luma_v(&l, pix, stride);
}

/* The three internal vertical edges of a macroblock: the 16x16 block is
 * transposed once (as two 8-column halves) into 16 columns of 16 lines. */
void rth264_deblock_luma_internal_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                         const int8_t *tc0)
{
    uint8x16_t col[16];
    for (int h = 0; h < 2; h++) {
        for (int k = 0; k < 8; k++)
            col[8 * h + k] = vcombine_u8(vld1_u8(pix + k * stride + 8 * h),
                                         vld1_u8(pix + (k + 8) * stride + 8 * h));
        transpose8x16(col + 8 * h);
    }
    for (int e = 1; e < 4; e++) {
        const int8_t *t = tc0 + 4 * (e - 1);
        if ((t[0] & t[1] & t[2] & t[3]) < 0) /* all -1: nothing to filter */
            continue;
        uint8x16_t *c = col + 4 * e;
        LumaLines l = { c[-4], c[-3], c[-2], c[-1], c[0], c[1], c[2], c[3] };
        luma_filter_normal(&l, alpha, beta, t);
        c[-2] = l.p1, c[-1] = l.p0, c[0] = l.q0, c[1] = l.q1;
    }
    for (int h = 0; h < 2; h++) {
        transpose8x16(col + 8 * h);
        for (int k = 0; k < 8; k++) {
            vst1_u8(pix + k * stride + 8 * h, vget_low_u8(col[8 * h + k]));
            vst1_u8(pix + (k + 8) * stride + 8 * h, vget_high_u8(col[8 * h + k]));
        }
    }
}

void rth264_deblock_luma_intra_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta)
{
    LumaLines l;
    load_luma_v(&l, pix, stride);
    luma_filter_intra(&l, alpha, beta);
    store_luma_v(&l, pix, stride);
}

/* Horizontal edge: only the rows the filter reads (p2..q2 for bS < 4). */
void rth264_deblock_luma_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                const int8_t *tc0)
{
    LumaLines l;
    l.p2 = vld1q_u8(pix - 3 * stride);
    l.p1 = vld1q_u8(pix - 2 * stride);
    l.p0 = vld1q_u8(pix - stride);
    l.q0 = vld1q_u8(pix);
    l.q1 = vld1q_u8(pix + stride);
    l.q2 = vld1q_u8(pix + 2 * stride);
    l.p3 = l.q3 = vdupq_n_u8(0);
    luma_filter_normal(&l, alpha, beta, tc0);
    vst1q_u8(pix - 2 * stride, l.p1);
    vst1q_u8(pix - stride, l.p0);
    vst1q_u8(pix, l.q0);
    vst1q_u8(pix + stride, l.q1);
}

/* The three internal horizontal edges of a macroblock: rows 1..14 stay in
 * registers from one edge to the next. */
void rth264_deblock_luma_internal_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                         const int8_t *tc0)
{
    uint8x16_t row[15];
    for (int k = 1; k < 15; k++)
        row[k] = vld1q_u8(pix + k * stride);
    for (int e = 1; e < 4; e++) {
        const int8_t *t = tc0 + 4 * (e - 1);
        if ((t[0] & t[1] & t[2] & t[3]) < 0) /* all -1: nothing to filter */
            continue;
        uint8x16_t *r = row + 4 * e;
        LumaLines l = { vdupq_n_u8(0), r[-3], r[-2], r[-1], r[0], r[1], r[2], vdupq_n_u8(0) };
        luma_filter_normal(&l, alpha, beta, t);
        r[-2] = l.p1, r[-1] = l.p0, r[0] = l.q0, r[1] = l.q1;
    }
    for (int k = 2; k < 14; k++)
        vst1q_u8(pix + k * stride, row[k]);
}

void rth264_deblock_luma_intra_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta)
{
    LumaLines l;
    l.p3 = vld1q_u8(pix - 4 * stride);
    l.p2 = vld1q_u8(pix - 3 * stride);
    l.p1 = vld1q_u8(pix - 2 * stride);
    l.p0 = vld1q_u8(pix - stride);
    l.q0 = vld1q_u8(pix);
    l.q1 = vld1q_u8(pix + stride);
    l.q2 = vld1q_u8(pix + 2 * stride);
    l.q3 = vld1q_u8(pix + 3 * stride);
    luma_filter_intra(&l, alpha, beta);
    vst1q_u8(pix - 3 * stride, l.p2);
    vst1q_u8(pix - 2 * stride, l.p1);
    vst1q_u8(pix - stride, l.p0);
    vst1q_u8(pix, l.q0);
    vst1q_u8(pix + stride, l.q1);
    vst1q_u8(pix + 2 * stride, l.q2);
}

/* ---- chroma (8.7.2.3 with chromaEdgeFlag = 1, 8.7.2.4 chroma) ---------------
 * Eight lines; tc = tc0 + 1 and only p0/q0 change. */

typedef struct ChromaLines {
    uint8x8_t p1, p0, q0, q1;
} ChromaLines;

static inline uint8x8_t chroma_mask(const ChromaLines *l, int alpha, int beta)
{
    const uint8x8_t va = vdup_n_u8((uint8_t)alpha), vb = vdup_n_u8((uint8_t)beta);
    uint8x8_t m = vclt_u8(vabd_u8(l->p0, l->q0), va);
    m = vand_u8(m, vclt_u8(vabd_u8(l->p1, l->p0), vb));
    return vand_u8(m, vclt_u8(vabd_u8(l->q1, l->q0), vb));
}

static void chroma_filter_normal(ChromaLines *l, int alpha, int beta, const int8_t *tc0)
{
    static const uint8_t seg_of_line[8] = { 0, 0, 1, 1, 2, 2, 3, 3 };
    uint32_t packed;
    memcpy(&packed, tc0, 4);
    const int8x8_t tcs = vqtbl1_s8(vreinterpretq_s8_u32(vdupq_n_u32(packed)), vld1_u8(seg_of_line));
    const uint8x8_t mask = vand_u8(chroma_mask(l, alpha, beta), vcgez_s8(tcs));
    const uint8x8_t tc = vreinterpret_u8_s8(vadd_s8(vmax_s8(tcs, vdup_n_s8(0)), vdup_n_s8(1)));
    uint8x8_t np0, nq0;
    p0q0_delta8(l->p1, l->p0, l->q0, l->q1, tc, &np0, &nq0);
    l->p0 = vbsl_u8(mask, np0, l->p0);
    l->q0 = vbsl_u8(mask, nq0, l->q0);
}

/* p0' = (2 p1 + p0 + q1 + 2) >> 2, q0' likewise (8-487, 8-494). */
static void chroma_filter_intra(ChromaLines *l, int alpha, int beta)
{
    const uint8x8_t mask = chroma_mask(l, alpha, beta);
    const uint8x8_t np0 = vrshrn_n_u16(vaddw_u8(vaddw_u8(vshll_n_u8(l->p1, 1), l->p0), l->q1), 2);
    const uint8x8_t nq0 = vrshrn_n_u16(vaddw_u8(vaddw_u8(vshll_n_u8(l->q1, 1), l->q0), l->p1), 2);
    l->p0 = vbsl_u8(mask, np0, l->p0);
    l->q0 = vbsl_u8(mask, nq0, l->q0);
}

static void load_chroma_h(ChromaLines *l, const uint8_t *pix, ptrdiff_t stride)
{
    l->p1 = vld1_u8(pix - 2 * stride);
    l->p0 = vld1_u8(pix - stride);
    l->q0 = vld1_u8(pix);
    l->q1 = vld1_u8(pix + stride);
}

static void store_chroma_h(const ChromaLines *l, uint8_t *pix, ptrdiff_t stride)
{
    vst1_u8(pix - stride, l->p0);
    vst1_u8(pix, l->q0);
}

/* Vertical edge: line k holds p1 p0 q0 q1 at pix[k * stride - 2 .. + 1];
 * two unzips turn the eight 4-byte rows into the four sample vectors. */
static void load_chroma_v(ChromaLines *l, const uint8_t *pix, ptrdiff_t stride)
{
    uint32_t rows[8];
    for (int k = 0; k < 8; k++)
        memcpy(&rows[k], pix + k * stride - 2, 4);
    const uint8x16_t a = vreinterpretq_u8_u32(vld1q_u32(rows));
    const uint8x16_t b = vreinterpretq_u8_u32(vld1q_u32(rows + 4));
    const uint8x16_t even = vuzp1q_u8(a, b), odd = vuzp2q_u8(a, b);
    l->p1 = vget_low_u8(vuzp1q_u8(even, even));
    l->q0 = vget_low_u8(vuzp2q_u8(even, even));
    l->p0 = vget_low_u8(vuzp1q_u8(odd, odd));
    l->q1 = vget_low_u8(vuzp2q_u8(odd, odd));
}

static void store_chroma_v(const ChromaLines *l, uint8_t *pix, ptrdiff_t stride)
{
    uint16_t pairs[8]; /* (p0, q0) of each line */
    vst1q_u16(pairs, vreinterpretq_u16_u8(vcombine_u8(vzip1_u8(l->p0, l->q0),
                                                      vzip2_u8(l->p0, l->q0))));
    for (int k = 0; k < 8; k++)
        memcpy(pix + k * stride - 1, &pairs[k], 2);
}

void rth264_deblock_chroma_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                  const int8_t *tc0)
{
    ChromaLines l;
    load_chroma_v(&l, pix, stride);
    chroma_filter_normal(&l, alpha, beta, tc0);
    store_chroma_v(&l, pix, stride);
}

void rth264_deblock_chroma_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                  const int8_t *tc0)
{
    ChromaLines l;
    load_chroma_h(&l, pix, stride);
    chroma_filter_normal(&l, alpha, beta, tc0);
    store_chroma_h(&l, pix, stride);
}

void rth264_deblock_chroma_intra_v_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta)
{
    ChromaLines l;
    load_chroma_v(&l, pix, stride);
    chroma_filter_intra(&l, alpha, beta);
    store_chroma_v(&l, pix, stride);
}

void rth264_deblock_chroma_intra_h_neon(uint8_t *pix, ptrdiff_t stride, int alpha, int beta)
{
    ChromaLines l;
    load_chroma_h(&l, pix, stride);
    chroma_filter_intra(&l, alpha, beta);
    store_chroma_h(&l, pix, stride);
}

/* ---- chroma pairs: Cb in lanes 0..7, Cr in lanes 8..15 -------------------- */

typedef struct ChromaPair {
    uint8x16_t p1, p0, q0, q1;
} ChromaPair;

static inline uint8x16_t chroma_pair_mask(const ChromaPair *l, int alpha, int beta)
{
    const uint8x16_t va = vdupq_n_u8((uint8_t)alpha), vb = vdupq_n_u8((uint8_t)beta);
    uint8x16_t m = vcltq_u8(vabdq_u8(l->p0, l->q0), va);
    m = vandq_u8(m, vcltq_u8(vabdq_u8(l->p1, l->p0), vb));
    return vandq_u8(m, vcltq_u8(vabdq_u8(l->q1, l->q0), vb));
}

static void chroma_pair_filter_normal(ChromaPair *l, int alpha, int beta, const int8_t *tc0)
{
    static const uint8_t seg_of_line[16] = { 0, 0, 1, 1, 2, 2, 3, 3, 0, 0, 1, 1, 2, 2, 3, 3 };
    uint32_t packed;
    memcpy(&packed, tc0, 4);
    const int8x16_t tcs = vqtbl1q_s8(vreinterpretq_s8_u32(vdupq_n_u32(packed)),
                                     vld1q_u8(seg_of_line));
    const uint8x16_t mask = vandq_u8(chroma_pair_mask(l, alpha, beta), vcgezq_s8(tcs));
    const uint8x16_t tc = vreinterpretq_u8_s8(vaddq_s8(vmaxq_s8(tcs, vdupq_n_s8(0)),
                                                       vdupq_n_s8(1)));
    uint8x8_t np0_lo, nq0_lo, np0_hi, nq0_hi;
    p0q0_delta8(vget_low_u8(l->p1), vget_low_u8(l->p0), vget_low_u8(l->q0),
                vget_low_u8(l->q1), vget_low_u8(tc), &np0_lo, &nq0_lo);
    p0q0_delta8(vget_high_u8(l->p1), vget_high_u8(l->p0), vget_high_u8(l->q0),
                vget_high_u8(l->q1), vget_high_u8(tc), &np0_hi, &nq0_hi);
    l->p0 = vbslq_u8(mask, vcombine_u8(np0_lo, np0_hi), l->p0);
    l->q0 = vbslq_u8(mask, vcombine_u8(nq0_lo, nq0_hi), l->q0);
}

/* p0' = (2 p1 + p0 + q1 + 2) >> 2, q0' likewise (8-487, 8-494). */
static void chroma_pair_filter_intra(ChromaPair *l, int alpha, int beta)
{
    const uint8x16_t mask = chroma_pair_mask(l, alpha, beta);
    const uint16x8_t p_lo = vaddw_u8(vaddw_u8(vshll_n_u8(vget_low_u8(l->p1), 1),
                                              vget_low_u8(l->p0)), vget_low_u8(l->q1));
    const uint16x8_t p_hi = vaddw_high_u8(vaddw_high_u8(vshll_high_n_u8(l->p1, 1), l->p0), l->q1);
    const uint16x8_t q_lo = vaddw_u8(vaddw_u8(vshll_n_u8(vget_low_u8(l->q1), 1),
                                              vget_low_u8(l->q0)), vget_low_u8(l->p1));
    const uint16x8_t q_hi = vaddw_high_u8(vaddw_high_u8(vshll_high_n_u8(l->q1, 1), l->q0), l->p1);
    const uint8x16_t np0 = vcombine_u8(vrshrn_n_u16(p_lo, 2), vrshrn_n_u16(p_hi, 2));
    const uint8x16_t nq0 = vcombine_u8(vrshrn_n_u16(q_lo, 2), vrshrn_n_u16(q_hi, 2));
    l->p0 = vbslq_u8(mask, np0, l->p0);
    l->q0 = vbslq_u8(mask, nq0, l->q0);
}

static void load_chroma_pair_h(ChromaPair *l, const uint8_t *cb, const uint8_t *cr,
                               ptrdiff_t stride)
{
    l->p1 = vcombine_u8(vld1_u8(cb - 2 * stride), vld1_u8(cr - 2 * stride));
    l->p0 = vcombine_u8(vld1_u8(cb - stride), vld1_u8(cr - stride));
    l->q0 = vcombine_u8(vld1_u8(cb), vld1_u8(cr));
    l->q1 = vcombine_u8(vld1_u8(cb + stride), vld1_u8(cr + stride));
}

static void store_chroma_pair_h(const ChromaPair *l, uint8_t *cb, uint8_t *cr, ptrdiff_t stride)
{
    vst1_u8(cb - stride, vget_low_u8(l->p0));
    vst1_u8(cr - stride, vget_high_u8(l->p0));
    vst1_u8(cb, vget_low_u8(l->q0));
    vst1_u8(cr, vget_high_u8(l->q0));
}

static void load_chroma_pair_v(ChromaPair *l, const uint8_t *cb, const uint8_t *cr,
                               ptrdiff_t stride)
{
    ChromaLines b, r;
    load_chroma_v(&b, cb, stride);
    load_chroma_v(&r, cr, stride);
    l->p1 = vcombine_u8(b.p1, r.p1);
    l->p0 = vcombine_u8(b.p0, r.p0);
    l->q0 = vcombine_u8(b.q0, r.q0);
    l->q1 = vcombine_u8(b.q1, r.q1);
}

static void store_chroma_pair_v(const ChromaPair *l, uint8_t *cb, uint8_t *cr, ptrdiff_t stride)
{
    const ChromaLines b = { vget_low_u8(l->p1), vget_low_u8(l->p0), vget_low_u8(l->q0),
                            vget_low_u8(l->q1) };
    const ChromaLines r = { vget_high_u8(l->p1), vget_high_u8(l->p0), vget_high_u8(l->q0),
                            vget_high_u8(l->q1) };
    store_chroma_v(&b, cb, stride);
    store_chroma_v(&r, cr, stride);
}

void rth264_deblock_chroma_pair_v_neon(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha,
                                       int beta, const int8_t *tc0)
{
    ChromaPair l;
    load_chroma_pair_v(&l, cb, cr, stride);
    chroma_pair_filter_normal(&l, alpha, beta, tc0);
    store_chroma_pair_v(&l, cb, cr, stride);
}

void rth264_deblock_chroma_pair_h_neon(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha,
                                       int beta, const int8_t *tc0)
{
    ChromaPair l;
    load_chroma_pair_h(&l, cb, cr, stride);
    chroma_pair_filter_normal(&l, alpha, beta, tc0);
    store_chroma_pair_h(&l, cb, cr, stride);
}

void rth264_deblock_chroma_pair_intra_v_neon(uint8_t *cb, uint8_t *cr, ptrdiff_t stride,
                                             int alpha, int beta)
{
    ChromaPair l;
    load_chroma_pair_v(&l, cb, cr, stride);
    chroma_pair_filter_intra(&l, alpha, beta);
    store_chroma_pair_v(&l, cb, cr, stride);
}

void rth264_deblock_chroma_pair_intra_h_neon(uint8_t *cb, uint8_t *cr, ptrdiff_t stride,
                                             int alpha, int beta)
{
    ChromaPair l;
    load_chroma_pair_h(&l, cb, cr, stride);
    chroma_pair_filter_intra(&l, alpha, beta);
    store_chroma_pair_h(&l, cb, cr, stride);
}
