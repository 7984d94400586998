/* SPDX-License-Identifier: BSD-2-Clause */
/* Intra prediction in NEON intrinsics (8.3.1.2, 8.3.3, 8.3.4), bit-exact
 * with common/ipred.c. Neighbours are read from the frame exactly as the C
 * reference does (see common/ipred.h), never more. */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "common/ipred.h"
#include "common/aarch64/neon_rows.h"

static inline int sum_left(const uint8_t *dst, ptrdiff_t stride, int n)
{
    int s = 0;
    for (int y = 0; y < n; y++)
        s += dst[y * stride - 1];
    return s;
}

static inline void fill4(uint8_t *dst, ptrdiff_t stride, uint8x8_t v)
{
    for (int y = 0; y < 4; y++)
        store4(dst + y * stride, v);
}

/* ---- 4x4 (8.3.1.2) ----------------------------------------------------------
 * The directional modes are all built from two rows of the edge
 *   e[0..3] = left rows 3..0, e[4] = top-left, e[5..12] = top 0..7,
 *   e[13] = e[12]
 * A[k] = (e[k] + e[k+1] + 1) >> 1 and G[k] = (e[k] + 2 e[k+1] + e[k+2] + 2) >> 2
 * (the latter as rhadd(hadd(a, c), b), which is exact): each output sample
 * is one of them, picked by a table lookup (index < 16: A, else 16 + G). */

static const uint8_t pick_ddl[16] = { 21, 22, 23, 24, 22, 23, 24, 25, 23, 24, 25, 26, 24, 25, 26, 27 };
static const uint8_t pick_ddr[16] = { 19, 20, 21, 22, 18, 19, 20, 21, 17, 18, 19, 20, 16, 17, 18, 19 };
static const uint8_t pick_vr[16] = { 4, 5, 6, 7, 19, 20, 21, 22, 18, 4, 5, 6, 17, 19, 20, 21 };
static const uint8_t pick_hd[16] = { 3, 19, 20, 21, 2, 18, 3, 19, 1, 17, 2, 18, 0, 16, 1, 17 };
static const uint8_t pick_vl[16] = { 5, 6, 7, 8, 21, 22, 23, 24, 6, 7, 8, 9, 22, 23, 24, 25 };
/* Horizontal-up uses its own edge l0 l1 l2 l3 l3 l3 ... (left rows 0..3 with
 * the last repeated, 8.3.1.2.9): then z = 5 is G[2] and z > 5 is l3 = A[3]. */
static const uint8_t pick_hu[16] = { 0, 16, 1, 17, 1, 17, 2, 18, 2, 18, 3, 3, 3, 3, 3, 3 };

static void pred4_pick(uint8_t *dst, ptrdiff_t stride, uint8x16_t e, const uint8_t pick[16])
{
    const uint8x16_t e1 = vextq_u8(e, e, 1), e2 = vextq_u8(e, e, 2);
    uint8x16x2_t ag;
    ag.val[0] = vrhaddq_u8(e, e1);
    ag.val[1] = vrhaddq_u8(vhaddq_u8(e, e2), e1);
    const uint8x16_t out = vqtbl2q_u8(ag, vld1q_u8(pick));
    const uint32x4_t rows = vreinterpretq_u32_u8(out);
    uint32_t r[4];
    vst1q_u32(r, rows);
    for (int y = 0; y < 4; y++)
        memcpy(dst + y * stride, &r[y], 4);
}

/* topright may be NULL for the modes that do not read it. */
static uint8x16_t load_edge4(const uint8_t *dst, ptrdiff_t stride, const uint8_t *topright)
{
    uint8_t e[16];
    for (int y = 0; y < 4; y++)
        e[3 - y] = dst[y * stride - 1];
    memcpy(e + 4, dst - stride - 1, 5); /* top-left and top 0..3 */
    if (topright)
        memcpy(e + 9, topright, 4);
    else
        memset(e + 9, 0, 4);
    e[13] = e[12];
    e[14] = e[15] = 0;
    return vld1q_u8(e);
}

void rth264_pred4x4_v_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    fill4(dst, stride, load4(dst - stride));
}

void rth264_pred4x4_h_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    for (int y = 0; y < 4; y++)
        store4(dst + y * stride, vdup_n_u8(dst[y * stride - 1]));
}

static inline int sum_top4(const uint8_t *dst, ptrdiff_t stride)
{
    uint32_t top;
    memcpy(&top, dst - stride, 4);
    return (int)vaddlv_u8(vcreate_u8(top)); /* upper four lanes zero */
}

void rth264_pred4x4_dc_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    const int dc = (sum_top4(dst, stride) + sum_left(dst, stride, 4) + 4) >> 3;
    fill4(dst, stride, vdup_n_u8((uint8_t)dc));
}

void rth264_pred4x4_dc_left_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    fill4(dst, stride, vdup_n_u8((uint8_t)((sum_left(dst, stride, 4) + 2) >> 2)));
}

void rth264_pred4x4_dc_top_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    fill4(dst, stride, vdup_n_u8((uint8_t)((sum_top4(dst, stride) + 2) >> 2)));
}

void rth264_pred4x4_dc_128_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    fill4(dst, stride, vdup_n_u8(128));
}

void rth264_pred4x4_ddl_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    pred4_pick(dst, stride, load_edge4(dst, stride, tr), pick_ddl);
}

void rth264_pred4x4_ddr_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    pred4_pick(dst, stride, load_edge4(dst, stride, NULL), pick_ddr);
}

void rth264_pred4x4_vr_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    pred4_pick(dst, stride, load_edge4(dst, stride, NULL), pick_vr);
}

void rth264_pred4x4_hd_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    pred4_pick(dst, stride, load_edge4(dst, stride, NULL), pick_hd);
}

void rth264_pred4x4_vl_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    pred4_pick(dst, stride, load_edge4(dst, stride, tr), pick_vl);
}

void rth264_pred4x4_hu_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *tr)
{
    uint8_t l[16];
    for (int y = 0; y < 4; y++)
        l[y] = dst[y * stride - 1];
    memset(l + 4, l[3], 12);
    pred4_pick(dst, stride, vld1q_u8(l), pick_hu);
}

/* ---- 16x16 (8.3.3) and 8x8 chroma (8.3.4) -------------------------------------- */

static void fill16(uint8_t *dst, ptrdiff_t stride, uint8x16_t v)
{
    for (int y = 0; y < 16; y++)
        vst1q_u8(dst + y * stride, v);
}

void rth264_pred16x16_v_neon(uint8_t *dst, ptrdiff_t stride)
{
    fill16(dst, stride, vld1q_u8(dst - stride));
}

void rth264_pred16x16_h_neon(uint8_t *dst, ptrdiff_t stride)
{
    for (int y = 0; y < 16; y++)
        vst1q_u8(dst + y * stride, vdupq_n_u8(dst[y * stride - 1]));
}

void rth264_pred16x16_dc_neon(uint8_t *dst, ptrdiff_t stride)
{
    const int top = vaddlvq_u8(vld1q_u8(dst - stride));
    fill16(dst, stride, vdupq_n_u8((uint8_t)((top + sum_left(dst, stride, 16) + 16) >> 5)));
}

void rth264_pred16x16_dc_left_neon(uint8_t *dst, ptrdiff_t stride)
{
    fill16(dst, stride, vdupq_n_u8((uint8_t)((sum_left(dst, stride, 16) + 8) >> 4)));
}

void rth264_pred16x16_dc_top_neon(uint8_t *dst, ptrdiff_t stride)
{
    const int top = vaddlvq_u8(vld1q_u8(dst - stride));
    fill16(dst, stride, vdupq_n_u8((uint8_t)((top + 8) >> 4)));
}

void rth264_pred16x16_dc_128_neon(uint8_t *dst, ptrdiff_t stride)
{
    fill16(dst, stride, vdupq_n_u8(128));
}

/* Plane prediction (8.3.3.4, 8.3.4.4), parameters from common/ipred.c.
 * With n = 16 every value of a + b (x - 7) + c (y - 7) + 16 lies within
 * +-20000 and with n = 8 within +-20000 as well, so 16-bit lanes are exact;
 * the saturating narrowing shift is the Clip1. */
static void pred_plane(uint8_t *dst, ptrdiff_t stride, int n, int scale)
{
    const Rth264PlaneParams p = rth264_ipred_plane_params(dst, stride, n, scale);
    const int base = p.base, b = p.b, c = p.c;
    /* Unsigned lanes (wrapping, defined) for the running sums: the lanes
     * that are stored hold values that fit int16, the others (right half
     * for n = 8) may wrap and are never used. */
    static const uint16_t ramp[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    uint16x8_t row_lo = vmlaq_n_u16(vdupq_n_u16((uint16_t)base), vld1q_u16(ramp), (uint16_t)b);
    uint16x8_t row_hi = vmlaq_n_u16(vdupq_n_u16((uint16_t)base), vld1q_u16(ramp + 8), (uint16_t)b);
    const uint16x8_t step = vdupq_n_u16((uint16_t)c);
    for (int y = 0; y < n; y++, dst += stride) {
        const uint8x8_t lo = vqshrun_n_s16(vreinterpretq_s16_u16(row_lo), 5);
        if (n == 16)
            vst1q_u8(dst, vcombine_u8(lo, vqshrun_n_s16(vreinterpretq_s16_u16(row_hi), 5)));
        else
            vst1_u8(dst, lo);
        row_lo = vaddq_u16(row_lo, step);
        row_hi = vaddq_u16(row_hi, step);
    }
}

void rth264_pred16x16_plane_neon(uint8_t *dst, ptrdiff_t stride)
{
    pred_plane(dst, stride, 16, 5);
}

void rth264_pred_chroma_plane_neon(uint8_t *dst, ptrdiff_t stride)
{
    pred_plane(dst, stride, 8, 34);
}

void rth264_pred_chroma_v_neon(uint8_t *dst, ptrdiff_t stride)
{
    const uint8x8_t top = vld1_u8(dst - stride);
    for (int y = 0; y < 8; y++)
        vst1_u8(dst + y * stride, top);
}

void rth264_pred_chroma_h_neon(uint8_t *dst, ptrdiff_t stride)
{
    for (int y = 0; y < 8; y++)
        vst1_u8(dst + y * stride, vdup_n_u8(dst[y * stride - 1]));
}

/* 8.3.4.1-3: the four 4x4 blocks each get their own DC; rows 0-3 use the
 * two upper DCs, rows 4-7 the lower ones. */
static void predc_fill_dc(uint8_t *dst, ptrdiff_t stride, int tl, int tr, int bl, int br)
{
    const uint8x8_t upper = vreinterpret_u8_u32(vset_lane_u32(0x01010101u * (uint32_t)tr,
                                                              vdup_n_u32(0x01010101u * (uint32_t)tl), 1));
    const uint8x8_t lower = vreinterpret_u8_u32(vset_lane_u32(0x01010101u * (uint32_t)br,
                                                              vdup_n_u32(0x01010101u * (uint32_t)bl), 1));
    for (int y = 0; y < 4; y++) {
        vst1_u8(dst + y * stride, upper);
        vst1_u8(dst + (y + 4) * stride, lower);
    }
}

static inline void chroma_top_sums(const uint8_t *dst, ptrdiff_t stride, int *s0, int *s1)
{
    const uint16x4_t pairs = vpaddl_u8(vld1_u8(dst - stride));  /* 4 sums of 2 */
    const uint32x2_t quads = vpaddl_u16(pairs);                  /* 2 sums of 4 */
    *s0 = (int)vget_lane_u32(quads, 0);
    *s1 = (int)vget_lane_u32(quads, 1);
}

void rth264_pred_chroma_dc_neon(uint8_t *dst, ptrdiff_t stride)
{
    int st0, st1;
    chroma_top_sums(dst, stride, &st0, &st1);
    const int sl0 = sum_left(dst, stride, 4), sl1 = sum_left(dst + 4 * stride, stride, 4);
    predc_fill_dc(dst, stride, (st0 + sl0 + 4) >> 3, (st1 + 2) >> 2,
                  (sl1 + 2) >> 2, (st1 + sl1 + 4) >> 3);
}

void rth264_pred_chroma_dc_left_neon(uint8_t *dst, ptrdiff_t stride)
{
    const int l0 = (sum_left(dst, stride, 4) + 2) >> 2;
    const int l1 = (sum_left(dst + 4 * stride, stride, 4) + 2) >> 2;
    predc_fill_dc(dst, stride, l0, l0, l1, l1);
}

void rth264_pred_chroma_dc_top_neon(uint8_t *dst, ptrdiff_t stride)
{
    int st0, st1;
    chroma_top_sums(dst, stride, &st0, &st1);
    const int t0 = (st0 + 2) >> 2, t1 = (st1 + 2) >> 2;
    predc_fill_dc(dst, stride, t0, t1, t0, t1);
}

void rth264_pred_chroma_dc_128_neon(uint8_t *dst, ptrdiff_t stride)
{
    predc_fill_dc(dst, stride, 128, 128, 128, 128);
}

/* ---- 8x8 luma (8.3.2.2, High profile) -----------------------------------------
 * The filtered neighbours already lie in one line: edge[-8 .. -1] = L(7)..L(0),
 * edge[0] = the corner, edge[1 .. 16] = T(0)..T(15) (common/ipred.h). With
 * e[k] = edge[k - 8] (k = 0..24, e[25] = T(15) repeated) every directional
 * sample is A[k] = (e[k] + e[k+1] + 1) >> 1 or G[k] = (e[k] + 2 e[k+1] +
 * e[k+2] + 2) >> 2: the tables pick A (index < 32) or 32 + G per output
 * sample, 16 at a time (two rows). Horizontal-up uses its own line
 * L(0)..L(7) followed by copies of L(7), as for 4x4. */

static const uint8_t pick8_ddl[64] = {
    41, 42, 43, 44, 45, 46, 47, 48, 42, 43, 44, 45, 46, 47, 48, 49,
    43, 44, 45, 46, 47, 48, 49, 50, 44, 45, 46, 47, 48, 49, 50, 51,
    45, 46, 47, 48, 49, 50, 51, 52, 46, 47, 48, 49, 50, 51, 52, 53,
    47, 48, 49, 50, 51, 52, 53, 54, 48, 49, 50, 51, 52, 53, 54, 55,
};
static const uint8_t pick8_ddr[64] = {
    39, 40, 41, 42, 43, 44, 45, 46, 38, 39, 40, 41, 42, 43, 44, 45,
    37, 38, 39, 40, 41, 42, 43, 44, 36, 37, 38, 39, 40, 41, 42, 43,
    35, 36, 37, 38, 39, 40, 41, 42, 34, 35, 36, 37, 38, 39, 40, 41,
    33, 34, 35, 36, 37, 38, 39, 40, 32, 33, 34, 35, 36, 37, 38, 39,
};
static const uint8_t pick8_vr[64] = {
    8, 9, 10, 11, 12, 13, 14, 15, 39, 40, 41, 42, 43, 44, 45, 46,
    38, 8, 9, 10, 11, 12, 13, 14, 37, 39, 40, 41, 42, 43, 44, 45,
    36, 38, 8, 9, 10, 11, 12, 13, 35, 37, 39, 40, 41, 42, 43, 44,
    34, 36, 38, 8, 9, 10, 11, 12, 33, 35, 37, 39, 40, 41, 42, 43,
};
static const uint8_t pick8_hd[64] = {
    7, 39, 40, 41, 42, 43, 44, 45, 6, 38, 7, 39, 40, 41, 42, 43,
    5, 37, 6, 38, 7, 39, 40, 41, 4, 36, 5, 37, 6, 38, 7, 39,
    3, 35, 4, 36, 5, 37, 6, 38, 2, 34, 3, 35, 4, 36, 5, 37,
    1, 33, 2, 34, 3, 35, 4, 36, 0, 32, 1, 33, 2, 34, 3, 35,
};
static const uint8_t pick8_vl[64] = {
    9, 10, 11, 12, 13, 14, 15, 16, 41, 42, 43, 44, 45, 46, 47, 48,
    10, 11, 12, 13, 14, 15, 16, 17, 42, 43, 44, 45, 46, 47, 48, 49,
    11, 12, 13, 14, 15, 16, 17, 18, 43, 44, 45, 46, 47, 48, 49, 50,
    12, 13, 14, 15, 16, 17, 18, 19, 44, 45, 46, 47, 48, 49, 50, 51,
};
static const uint8_t pick8_hu[64] = {
    0, 32, 1, 33, 2, 34, 3, 35, 1, 33, 2, 34, 3, 35, 4, 36,
    2, 34, 3, 35, 4, 36, 5, 37, 3, 35, 4, 36, 5, 37, 6, 38,
    4, 36, 5, 37, 6, 38, 7, 7, 5, 37, 6, 38, 7, 7, 7, 7,
    6, 38, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
};

/* line[0..31]: A and G of it, then the 64 picked samples, two rows per
 * lookup. */
static void pred8_pick(uint8_t *dst, ptrdiff_t stride, const uint8_t line[32],
                       const uint8_t pick[64])
{
    const uint8x16_t e0 = vld1q_u8(line), e1 = vld1q_u8(line + 16), zero = vdupq_n_u8(0);
    const uint8x16_t e0_1 = vextq_u8(e0, e1, 1), e1_1 = vextq_u8(e1, zero, 1);
    const uint8x16_t e0_2 = vextq_u8(e0, e1, 2), e1_2 = vextq_u8(e1, zero, 2);
    uint8x16x4_t ag;
    ag.val[0] = vrhaddq_u8(e0, e0_1);
    ag.val[1] = vrhaddq_u8(e1, e1_1);
    ag.val[2] = vrhaddq_u8(vhaddq_u8(e0, e0_2), e0_1);
    ag.val[3] = vrhaddq_u8(vhaddq_u8(e1, e1_2), e1_1);
    for (int y = 0; y < 8; y += 2) {
        const uint8x16_t rows = vqtbl4q_u8(ag, vld1q_u8(pick + 8 * y));
        vst1_u8(dst + y * stride, vget_low_u8(rows));
        vst1_u8(dst + (y + 1) * stride, vget_high_u8(rows));
    }
}

static void pred8_directional(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge,
                              const uint8_t pick[64])
{
    uint8_t line[32] = { 0 };
    memcpy(line, edge - 8, 25); /* L(7)..L(0), corner, T(0)..T(15) */
    line[25] = line[24];
    pred8_pick(dst, stride, line, pick);
}

static void fill8x8(uint8_t *dst, ptrdiff_t stride, uint8x8_t v)
{
    for (int y = 0; y < 8; y++)
        vst1_u8(dst + y * stride, v);
}

void rth264_pred8x8_v_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    fill8x8(dst, stride, vld1_u8(edge + 1));
}

void rth264_pred8x8_h_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    for (int y = 0; y < 8; y++)
        vst1_u8(dst + y * stride, vdup_n_u8(edge[-1 - y]));
}

void rth264_pred8x8_dc_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    const int sum = vaddlv_u8(vld1_u8(edge + 1)) + vaddlv_u8(vld1_u8(edge - 8));
    fill8x8(dst, stride, vdup_n_u8((uint8_t)((sum + 8) >> 4)));
}

void rth264_pred8x8_dc_left_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    fill8x8(dst, stride, vdup_n_u8((uint8_t)((vaddlv_u8(vld1_u8(edge - 8)) + 4) >> 3)));
}

void rth264_pred8x8_dc_top_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    fill8x8(dst, stride, vdup_n_u8((uint8_t)((vaddlv_u8(vld1_u8(edge + 1)) + 4) >> 3)));
}

void rth264_pred8x8_dc_128_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    fill8x8(dst, stride, vdup_n_u8(128));
}

void rth264_pred8x8_ddl_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_directional(dst, stride, edge, pick8_ddl);
}

void rth264_pred8x8_ddr_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_directional(dst, stride, edge, pick8_ddr);
}

void rth264_pred8x8_vr_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_directional(dst, stride, edge, pick8_vr);
}

void rth264_pred8x8_hd_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_directional(dst, stride, edge, pick8_hd);
}

void rth264_pred8x8_vl_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    pred8_directional(dst, stride, edge, pick8_vl);
}

void rth264_pred8x8_hu_neon(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge)
{
    uint8_t line[32];
    for (int y = 0; y < 8; y++)
        line[y] = edge[-1 - y];
    memset(line + 8, line[7], 24);
    pred8_pick(dst, stride, line, pick8_hu);
}
