/* SPDX-License-Identifier: BSD-2-Clause */
/* Encoder transform and quantisation in NEON intrinsics, bit-exact with
 * common/quant.c: forward 4x4 core transform, 4x4 luma DC Hadamard,
 * quantisation (AC and DC), dequantisation, zig-zag scan (8.5.6) and the
 * last/count checks CAVLC needs. */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "common/quant.h"

static inline void transpose4x4_s16(int16x4_t *r0, int16x4_t *r1, int16x4_t *r2, int16x4_t *r3)
{
    const int16x4_t a0 = vtrn1_s16(*r0, *r1), a1 = vtrn2_s16(*r0, *r1);
    const int16x4_t a2 = vtrn1_s16(*r2, *r3), a3 = vtrn2_s16(*r2, *r3);
    *r0 = vreinterpret_s16_s32(vtrn1_s32(vreinterpret_s32_s16(a0), vreinterpret_s32_s16(a2)));
    *r2 = vreinterpret_s16_s32(vtrn2_s32(vreinterpret_s32_s16(a0), vreinterpret_s32_s16(a2)));
    *r1 = vreinterpret_s16_s32(vtrn1_s32(vreinterpret_s32_s16(a1), vreinterpret_s32_s16(a3)));
    *r3 = vreinterpret_s16_s32(vtrn2_s32(vreinterpret_s32_s16(a1), vreinterpret_s32_s16(a3)));
}

/* One 1-D pass of the forward core transform, lane-wise. */
static inline void fdct4_pass(int16x4_t *d0, int16x4_t *d1, int16x4_t *d2, int16x4_t *d3)
{
    const int16x4_t s03 = vadd_s16(*d0, *d3), m03 = vsub_s16(*d0, *d3);
    const int16x4_t s12 = vadd_s16(*d1, *d2), m12 = vsub_s16(*d1, *d2);
    *d0 = vadd_s16(s03, s12);
    *d1 = vadd_s16(vshl_n_s16(m03, 1), m12);
    *d2 = vsub_s16(s03, s12);
    *d3 = vsub_s16(m03, vshl_n_s16(m12, 1));
}

static inline uint8x8_t load_rows4x2(const uint8_t *p, ptrdiff_t stride)
{
    uint32_t a, b;
    memcpy(&a, p, 4);
    memcpy(&b, p + stride, 4);
    return vreinterpret_u8_u32(vset_lane_u32(b, vdup_n_u32(a), 1));
}

/* Both passes are exact integer maps whose values stay within +-9180 (see
 * quant.h), so 16-bit lanes and either pass order give the reference's
 * result. */
void rth264_fdct4x4_neon(int16_t coef[16], const uint8_t *src, ptrdiff_t src_stride,
                         const uint8_t *pred, ptrdiff_t pred_stride)
{
    const int16x8_t d01 = vreinterpretq_s16_u16(
        vsubl_u8(load_rows4x2(src, src_stride), load_rows4x2(pred, pred_stride)));
    const int16x8_t d23 = vreinterpretq_s16_u16(
        vsubl_u8(load_rows4x2(src + 2 * src_stride, src_stride),
                 load_rows4x2(pred + 2 * pred_stride, pred_stride)));
    int16x4_t r0 = vget_low_s16(d01), r1 = vget_high_s16(d01);
    int16x4_t r2 = vget_low_s16(d23), r3 = vget_high_s16(d23);
    fdct4_pass(&r0, &r1, &r2, &r3); /* vertical: lanes are columns */
    transpose4x4_s16(&r0, &r1, &r2, &r3);
    fdct4_pass(&r0, &r1, &r2, &r3); /* horizontal */
    transpose4x4_s16(&r0, &r1, &r2, &r3);
    vst1q_s16(coef, vcombine_s16(r0, r1));
    vst1q_s16(coef + 8, vcombine_s16(r2, r3));
}

/* The same on two blocks side by side (lanes 0-3: left block, 4-7: right):
 * trn1/trn2 act alike on both 64-bit halves, so each half is transposed on
 * its own. */
static inline void transpose2x4x4_s16(int16x8_t *r0, int16x8_t *r1, int16x8_t *r2, int16x8_t *r3)
{
    const int16x8_t a0 = vtrn1q_s16(*r0, *r1), a1 = vtrn2q_s16(*r0, *r1);
    const int16x8_t a2 = vtrn1q_s16(*r2, *r3), a3 = vtrn2q_s16(*r2, *r3);
    *r0 = vreinterpretq_s16_s32(vtrn1q_s32(vreinterpretq_s32_s16(a0), vreinterpretq_s32_s16(a2)));
    *r2 = vreinterpretq_s16_s32(vtrn2q_s32(vreinterpretq_s32_s16(a0), vreinterpretq_s32_s16(a2)));
    *r1 = vreinterpretq_s16_s32(vtrn1q_s32(vreinterpretq_s32_s16(a1), vreinterpretq_s32_s16(a3)));
    *r3 = vreinterpretq_s16_s32(vtrn2q_s32(vreinterpretq_s32_s16(a1), vreinterpretq_s32_s16(a3)));
}

static inline void fdct4_pass_q(int16x8_t *d0, int16x8_t *d1, int16x8_t *d2, int16x8_t *d3)
{
    const int16x8_t s03 = vaddq_s16(*d0, *d3), m03 = vsubq_s16(*d0, *d3);
    const int16x8_t s12 = vaddq_s16(*d1, *d2), m12 = vsubq_s16(*d1, *d2);
    *d0 = vaddq_s16(s03, s12);
    *d1 = vaddq_s16(vshlq_n_s16(m03, 1), m12);
    *d2 = vsubq_s16(s03, s12);
    *d3 = vsubq_s16(m03, vshlq_n_s16(m12, 1));
}

static inline int16x8_t load_diff8(const uint8_t *src, const uint8_t *pred)
{
    return vreinterpretq_s16_u16(vsubl_u8(vld1_u8(src), vld1_u8(pred)));
}

/* Blocks 0 and 1 from rows 0-3 (8 pixels wide), then 2 and 3 from rows
 * 4-7; same exactness argument as fdct4x4. */
void rth264_fdct4x4_x4_neon(int16_t coef[4][16], const uint8_t *src, ptrdiff_t src_stride,
                            const uint8_t *pred, ptrdiff_t pred_stride)
{
    for (int half = 0; half < 2; half++) {
        int16x8_t r0 = load_diff8(src, pred);
        int16x8_t r1 = load_diff8(src + src_stride, pred + pred_stride);
        int16x8_t r2 = load_diff8(src + 2 * src_stride, pred + 2 * pred_stride);
        int16x8_t r3 = load_diff8(src + 3 * src_stride, pred + 3 * pred_stride);
        fdct4_pass_q(&r0, &r1, &r2, &r3); /* vertical */
        transpose2x4x4_s16(&r0, &r1, &r2, &r3);
        fdct4_pass_q(&r0, &r1, &r2, &r3); /* horizontal */
        transpose2x4x4_s16(&r0, &r1, &r2, &r3);
        int16_t *left = coef[2 * half], *right = coef[2 * half + 1];
        vst1q_s16(left, vcombine_s16(vget_low_s16(r0), vget_low_s16(r1)));
        vst1q_s16(left + 8, vcombine_s16(vget_low_s16(r2), vget_low_s16(r3)));
        vst1q_s16(right, vcombine_s16(vget_high_s16(r0), vget_high_s16(r1)));
        vst1q_s16(right + 8, vcombine_s16(vget_high_s16(r2), vget_high_s16(r3)));
        src += 4 * src_stride;
        pred += 4 * pred_stride;
    }
}

/* Lane-wise 4-point Hadamard: (a+b+c+d, a+b-c-d, a-b-c+d, a-b+c-d). */
static inline void hadamard4_s32(int32x4_t *a, int32x4_t *b, int32x4_t *c, int32x4_t *d)
{
    const int32x4_t s0 = vaddq_s32(*a, *b), s1 = vsubq_s32(*a, *b);
    const int32x4_t s2 = vaddq_s32(*c, *d), s3 = vsubq_s32(*c, *d);
    *a = vaddq_s32(s0, s2);
    *b = vsubq_s32(s0, s2);
    *c = vsubq_s32(s1, s3);
    *d = vaddq_s32(s1, s3);
}

static inline void transpose4x4_s32(int32x4_t *r0, int32x4_t *r1, int32x4_t *r2, int32x4_t *r3)
{
    const int32x4_t a0 = vtrn1q_s32(*r0, *r1), a1 = vtrn2q_s32(*r0, *r1);
    const int32x4_t a2 = vtrn1q_s32(*r2, *r3), a3 = vtrn2q_s32(*r2, *r3);
    *r0 = vreinterpretq_s32_s64(vtrn1q_s64(vreinterpretq_s64_s32(a0), vreinterpretq_s64_s32(a2)));
    *r1 = vreinterpretq_s32_s64(vtrn1q_s64(vreinterpretq_s64_s32(a1), vreinterpretq_s64_s32(a3)));
    *r2 = vreinterpretq_s32_s64(vtrn2q_s64(vreinterpretq_s64_s32(a0), vreinterpretq_s64_s32(a2)));
    *r3 = vreinterpretq_s32_s64(vtrn2q_s64(vreinterpretq_s64_s32(a1), vreinterpretq_s64_s32(a3)));
}

/* (H c H^T + 1) >> 1 in 32-bit lanes, as the reference (exact for any
 * int16 input, not only the documented range). */
void rth264_fdct_dc4x4_neon(int16_t dc[16])
{
    const int16x8_t c01 = vld1q_s16(dc), c23 = vld1q_s16(dc + 8);
    int32x4_t r0 = vmovl_s16(vget_low_s16(c01)), r1 = vmovl_high_s16(c01);
    int32x4_t r2 = vmovl_s16(vget_low_s16(c23)), r3 = vmovl_high_s16(c23);
    transpose4x4_s32(&r0, &r1, &r2, &r3);
    hadamard4_s32(&r0, &r1, &r2, &r3);
    transpose4x4_s32(&r0, &r1, &r2, &r3);
    hadamard4_s32(&r0, &r1, &r2, &r3);
    vst1q_s16(dc, vcombine_s16(vmovn_s32(vrshrq_n_s32(r0, 1)), vmovn_s32(vrshrq_n_s32(r1, 1))));
    vst1q_s16(dc + 8, vcombine_s16(vmovn_s32(vrshrq_n_s32(r2, 1)), vmovn_s32(vrshrq_n_s32(r3, 1))));
}

/* ---- quantisation ---------------------------------------------------------
 * level = (|c| * mf + bias) >> qbits in uint32 (wrapping like the reference),
 * truncated to 16 bits, then the sign of c put back. |-32768| reads as
 * 32768 once reinterpreted unsigned, as the reference's abs() gives. */
static inline int16x4_t quant4(int16x4_t c, uint16x4_t mf, uint32x4_t bias, int32x4_t shift)
{
    const uint16x4_t mag = vreinterpret_u16_s16(vabs_s16(c));
    const uint32x4_t level = vshlq_u32(vaddq_u32(vmull_u16(mag, mf), bias), shift);
    /* Conditional negation (l ^ s) - s, in unsigned lanes: it wraps like
     * the reference's conversion to int16 (signed lanes could overflow). */
    const uint16x4_t sign = vreinterpret_u16_s16(vshr_n_s16(c, 15));
    const uint16x4_t l16 = vmovn_u32(level);
    return vreinterpret_s16_u16(vsub_u16(veor_u16(l16, sign), sign));
}

/* mf and bias of a 4x4 block, loaded once for the four-block version. */
typedef struct QuantParams {
    uint16x8_t mf[2];
    uint32x4_t bias[4];
    int32x4_t shift;
} QuantParams;

static inline QuantParams load_quant_params(const uint16_t mf[16], const uint32_t bias[16],
                                            int qbits)
{
    QuantParams p;
    p.mf[0] = vld1q_u16(mf);
    p.mf[1] = vld1q_u16(mf + 8);
    for (int i = 0; i < 4; i++)
        p.bias[i] = vld1q_u32(bias + 4 * i);
    p.shift = vdupq_n_s32(-qbits);
    return p;
}

/* Quantises 16 coefficients in place; non-zero iff any output is. */
static inline int quant16(int16_t coef[16], const QuantParams *p)
{
    int16x8_t any = vdupq_n_s16(0);
    for (int h = 0; h < 2; h++) {
        const int16x8_t c = vld1q_s16(coef + 8 * h);
        const int16x4_t lo = quant4(vget_low_s16(c), vget_low_u16(p->mf[h]), p->bias[2 * h],
                                    p->shift);
        const int16x4_t hi = quant4(vget_high_s16(c), vget_high_u16(p->mf[h]),
                                    p->bias[2 * h + 1], p->shift);
        const int16x8_t q = vcombine_s16(lo, hi);
        vst1q_s16(coef + 8 * h, q);
        any = vorrq_s16(any, q);
    }
    return vmaxvq_u16(vreinterpretq_u16_s16(any)) != 0;
}

int rth264_quant4x4_neon(int16_t coef[16], const uint16_t mf[16], const uint32_t bias[16],
                         int qbits)
{
    const QuantParams p = load_quant_params(mf, bias, qbits);
    return quant16(coef, &p);
}

unsigned rth264_quant4x4_x4_neon(int16_t coef[4][16], const uint16_t mf[16],
                                 const uint32_t bias[16], int qbits)
{
    const QuantParams p = load_quant_params(mf, bias, qbits);
    unsigned mask = 0;
    for (int b = 0; b < 4; b++)
        mask |= (unsigned)quant16(coef[b], &p) << b;
    return mask;
}

/* The two four-block kernels per 8x8 (inlined by the compiler). */
unsigned rth264_fdct_quant4x4_x16_neon(int16_t coef[16][16], const uint8_t *src,
                                       ptrdiff_t src_stride, const uint8_t *pred,
                                       ptrdiff_t pred_stride, const uint16_t mf[16],
                                       const uint32_t bias[16], int qbits)
{
    unsigned mask = 0;
    for (int i = 0; i < 4; i++) {
        const ptrdiff_t x = 8 * (i & 1), y = 8 * (i >> 1);
        rth264_fdct4x4_x4_neon(&coef[4 * i], src + y * src_stride + x, src_stride,
                               pred + y * pred_stride + x, pred_stride);
        mask |= rth264_quant4x4_x4_neon(&coef[4 * i], mf, bias, qbits) << (4 * i);
    }
    return mask;
}

/* fdct4x4_x4, the DCs out, quant4x4_x4 (the compiler keeps the blocks in
 * registers across the inlined calls where it can). */
unsigned rth264_fdct_quant_ac4x4_x4_neon(int16_t coef[4][16], int16_t dc[4], const uint8_t *src,
                                         ptrdiff_t src_stride, const uint8_t *pred,
                                         ptrdiff_t pred_stride, const uint16_t mf[16],
                                         const uint32_t bias[16], int qbits)
{
    rth264_fdct4x4_x4_neon(coef, src, src_stride, pred, pred_stride);
    for (int b = 0; b < 4; b++) {
        dc[b] = coef[b][0];
        coef[b][0] = 0;
    }
    return rth264_quant4x4_x4_neon(coef, mf, bias, qbits);
}

int rth264_quant_dc_neon(int16_t *coef, int n, int mf, uint32_t bias, int qbits)
{
    const int32x4_t shift = vdupq_n_s32(-qbits);
    const uint16x4_t m = vdup_n_u16((uint16_t)mf);
    const uint32x4_t b = vdupq_n_u32(bias);
    int16x4_t any = vdup_n_s16(0);
    for (int i = 0; i < n; i += 4) {
        const int16x4_t q = quant4(vld1_s16(coef + i), m, b, shift);
        vst1_s16(coef + i, q);
        any = vorr_s16(any, q);
    }
    return vmaxv_u16(vreinterpret_u16_s16(any)) != 0;
}

/* c * scale truncated to 16 bits: the low half of the product, the same in
 * unsigned lanes (whose wrap-around is defined) as in signed ones. */
void rth264_dequant4x4_neon(int16_t coef[16], const uint16_t scale[16])
{
    for (int i = 0; i < 16; i += 8) {
        const uint16x8_t c = vreinterpretq_u16_s16(vld1q_s16(coef + i));
        vst1q_s16(coef + i, vreinterpretq_s16_u16(vmulq_u16(c, vld1q_u16(scale + i))));
    }
}

/* ---- reconstruction ---------------------------------------------------------- */

/* 8.5.12.2: one 1-D pass of the inverse core transform, lane-wise. */
static inline void idct4_pass_s32(int32x4_t *d0, int32x4_t *d1, int32x4_t *d2, int32x4_t *d3)
{
    const int32x4_t e0 = vaddq_s32(*d0, *d2), e1 = vsubq_s32(*d0, *d2);
    const int32x4_t e2 = vsubq_s32(vshrq_n_s32(*d1, 1), *d3);
    const int32x4_t e3 = vaddq_s32(*d1, vshrq_n_s32(*d3, 1));
    *d0 = vaddq_s32(e0, e3);
    *d1 = vaddq_s32(e1, e2);
    *d2 = vsubq_s32(e1, e2);
    *d3 = vsubq_s32(e0, e3);
}

/* Residual rows (r + 32) >> 6 of one block, saturated to int16 (exact once
 * added to a pixel and clipped), in 32-bit lanes like the reference: rows
 * first (on the transposed block), then columns. */
static inline void block_residual(int16x4_t out[4], const int16_t c[16], const uint16_t *scale)
{
    int16x8_t c01 = vld1q_s16(c), c23 = vld1q_s16(c + 8);
    if (scale) { /* dequant4x4: the low 16 bits of the product, in unsigned lanes */
        c01 = vreinterpretq_s16_u16(vmulq_u16(vreinterpretq_u16_s16(c01), vld1q_u16(scale)));
        c23 = vreinterpretq_s16_u16(vmulq_u16(vreinterpretq_u16_s16(c23), vld1q_u16(scale + 8)));
    }
    int32x4_t r0 = vmovl_s16(vget_low_s16(c01)), r1 = vmovl_high_s16(c01);
    int32x4_t r2 = vmovl_s16(vget_low_s16(c23)), r3 = vmovl_high_s16(c23);
    transpose4x4_s32(&r0, &r1, &r2, &r3);
    idct4_pass_s32(&r0, &r1, &r2, &r3); /* horizontal: lanes are rows */
    transpose4x4_s32(&r0, &r1, &r2, &r3);
    idct4_pass_s32(&r0, &r1, &r2, &r3); /* vertical */
    out[0] = vqmovn_s32(vrshrq_n_s32(r0, 6));
    out[1] = vqmovn_s32(vrshrq_n_s32(r1, 6));
    out[2] = vqmovn_s32(vrshrq_n_s32(r2, 6));
    out[3] = vqmovn_s32(vrshrq_n_s32(r3, 6));
}

/* Two blocks side by side per half: 8-pixel rows; a block whose mask bit is
 * clear adds a zero residual (its pixels are rewritten unchanged). */
void rth264_dequant_add4x4_x4_neon(uint8_t *dst, ptrdiff_t stride, int16_t coef[4][16],
                                   const uint16_t scale[16], unsigned mask)
{
    for (int half = 0; half < 2; half++) {
        const unsigned m = mask >> (2 * half) & 3;
        if (!m)
            continue;
        int16x4_t left[4], right[4];
        for (int i = 0; i < 4; i++)
            left[i] = right[i] = vdup_n_s16(0);
        if (m & 1)
            block_residual(left, coef[2 * half], scale);
        if (m & 2)
            block_residual(right, coef[2 * half + 1], scale);
        uint8_t *d = dst + 4 * half * stride;
        for (int i = 0; i < 4; i++, d += stride) {
            const int16x8_t px = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(d)));
            vst1_u8(d, vqmovun_s16(vqaddq_s16(vcombine_s16(left[i], right[i]), px)));
        }
    }
    const int16x8_t zero = vdupq_n_s16(0);
    for (int b = 0; b < 4; b++) {
        vst1q_s16(coef[b], zero);
        vst1q_s16(coef[b] + 8, zero);
    }
}

/* ---- scan and coefficient checks --------------------------------------------- */

/* Byte indices of the frame zig-zag (8.5.6, Table 8-13) into 32 bytes. */
static const uint8_t zigzag_bytes[32] = {
    0, 1, 2, 3, 8, 9, 16, 17, 10, 11, 4, 5, 6, 7, 12, 13,
    18, 19, 24, 25, 26, 27, 20, 21, 14, 15, 22, 23, 28, 29, 30, 31,
};

void rth264_scan4x4_neon(int16_t level[16], const int16_t coef[16])
{
    uint8x16x2_t c;
    c.val[0] = vreinterpretq_u8_s16(vld1q_s16(coef));
    c.val[1] = vreinterpretq_u8_s16(vld1q_s16(coef + 8));
    vst1q_s16(level, vreinterpretq_s16_u8(vqtbl2q_u8(c, vld1q_u8(zigzag_bytes))));
    vst1q_s16(level + 8, vreinterpretq_s16_u8(vqtbl2q_u8(c, vld1q_u8(zigzag_bytes + 16))));
}

/* Bit k set iff level[k] != 0, k = 0..15. */
static inline unsigned nonzero_bits16(int16x8_t a, int16x8_t b)
{
    static const uint16_t bit[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };
    const uint16x8_t w = vld1q_u16(bit);
    const unsigned lo = vaddvq_u16(vandq_u16(vtstq_s16(a, a), w));
    const unsigned hi = vaddvq_u16(vandq_u16(vtstq_s16(b, b), w));
    return lo | hi << 8;
}

/* The scan as scan4x4_neon; |level| >= 2 tested on the unsigned |level|
 * (so -32768 counts); then a walk over the non-zero bits from the top. */
int rth264_scan_decimate4x4_neon(int16_t level[16], const int16_t coef[16])
{
    static const uint8_t run_weight[16] = { 3, 2, 2, 1, 1, 1 };
    uint8x16x2_t c;
    c.val[0] = vreinterpretq_u8_s16(vld1q_s16(coef));
    c.val[1] = vreinterpretq_u8_s16(vld1q_s16(coef + 8));
    const int16x8_t a = vreinterpretq_s16_u8(vqtbl2q_u8(c, vld1q_u8(zigzag_bytes)));
    const int16x8_t b = vreinterpretq_s16_u8(vqtbl2q_u8(c, vld1q_u8(zigzag_bytes + 16)));
    vst1q_s16(level, a);
    vst1q_s16(level + 8, b);
    const uint16x8_t mag = vmaxq_u16(vreinterpretq_u16_s16(vabsq_s16(a)),
                                     vreinterpretq_u16_s16(vabsq_s16(b)));
    if (vmaxvq_u16(mag) > 1)
        return 9;
    unsigned m = nonzero_bits16(a, b);
    int score = 0;
    while (m) {
        const int i = 31 - __builtin_clz(m);
        m &= ~(1u << i);
        const int j = m ? 31 - __builtin_clz(m) : -1;
        score += run_weight[i - j - 1];
    }
    return score;
}

/* ---- intra 4x4 mode costs ------------------------------------------------------
 * Each mode's 16 pixels (raster) are one vqtbl3q pick from X (the edge line
 * with X[i] = edge[i - 1] and both ends replicated), F2[i] = (X[i] + X[i+1]
 * + 1) >> 1 (indices 16..31) and F3[i] = (X[i-1] + 2 X[i] + X[i+1] + 2) >> 2
 * (32..47), tables generated from 8.3.1.2.1-9 and checked against them;
 * checkasm compares with the C reference, itself cross-checked against
 * pred4x4 + satd_4x4. */
static const uint8_t intra4x4_pick[9][16] = {
    { 6, 7, 8, 9, 6, 7, 8, 9, 6, 7, 8, 9, 6, 7, 8, 9 },
    { 4, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1 },
    { 0 }, /* DC: not a pick */
    { 39, 40, 41, 42, 40, 41, 42, 43, 41, 42, 43, 44, 42, 43, 44, 45 },
    { 37, 38, 39, 40, 36, 37, 38, 39, 35, 36, 37, 38, 34, 35, 36, 37 },
    { 21, 22, 23, 24, 37, 38, 39, 40, 36, 21, 22, 23, 35, 37, 38, 39 },
    { 20, 37, 38, 39, 19, 36, 20, 37, 18, 35, 19, 36, 17, 34, 18, 35 },
    { 22, 23, 24, 25, 39, 40, 41, 42, 23, 24, 25, 26, 40, 41, 42, 43 },
    { 19, 35, 18, 34, 18, 34, 17, 33, 17, 33, 1, 1, 1, 1, 1, 1 },
};
static const uint8_t intra4x4_edge_x[16] = { 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 12 };

/* Sum |H| / 2 of the 4x4 Hadamard of src - pred (rows packed in 16 bytes).
 * The last stage uses |a + b| + |a - b| = 2 max(|a|, |b|). */
static inline int satd4x4_packed(uint8x16_t src, uint8x16_t pred)
{
    const int16x8_t d01 = vreinterpretq_s16_u16(vsubl_u8(vget_low_u8(src), vget_low_u8(pred)));
    const int16x8_t d23 = vreinterpretq_s16_u16(vsubl_high_u8(src, pred));
    const int16x8_t a = vaddq_s16(d01, d23), b = vsubq_s16(d01, d23); /* r0+-r2 | r1+-r3 */
    const int16x8_t q1 = vcombine_s16(vget_low_s16(a), vget_low_s16(b));
    const int16x8_t q2 = vcombine_s16(vget_high_s16(a), vget_high_s16(b));
    const int16x8_t v[2] = { vaddq_s16(q1, q2), vsubq_s16(q1, q2) };
    uint32_t total = 0;
    for (int i = 0; i < 2; i++) {
        const int16x8_t sw = vrev32q_s16(v[i]);                 /* c1 c0 c3 c2 */
        const int16x8_t s = vabsq_s16(vaddq_s16(v[i], sw));     /* |c0+c1| x2, |c2+c3| x2 */
        const int16x8_t d = vabsq_s16(vsubq_s16(v[i], sw));     /* |c0-c1| x2, |c2-c3| x2 */
        const int16x8_t ms = vmaxq_s16(s, vreinterpretq_s16_s32(vrev64q_s32(vreinterpretq_s32_s16(s))));
        const int16x8_t md = vmaxq_s16(d, vreinterpretq_s16_s32(vrev64q_s32(vreinterpretq_s32_s16(d))));
        total += vaddvq_u16(vreinterpretq_u16_s16(ms)) + vaddvq_u16(vreinterpretq_u16_s16(md));
    }
    return (int)(total >> 2); /* each max appears four times: sum |H| = total / 2 */
}

static inline uint8x16_t load_4x4(const uint8_t *src, ptrdiff_t stride)
{
    uint32_t r[4];
    for (int y = 0; y < 4; y++)
        memcpy(&r[y], src + y * stride, 4);
    return vreinterpretq_u8_u32(vld1q_u32(r));
}

/* 8.3.1.2.3 */
static inline int intra4x4_dc_neon(uint8x16_t edge, unsigned avail)
{
    const uint8x8_t low4 = vcreate_u8(0xFFFFFFFFu);
    const int left = vaddlv_u8(vand_u8(vget_low_u8(edge), low4));               /* edge[0..3] */
    const int top = vaddlv_u8(vand_u8(vget_low_u8(vextq_u8(edge, edge, 5)), low4)); /* [5..8] */
    switch (avail & 3) {
    case 3: return (left + top + 4) >> 3;
    case 1: return (left + 2) >> 2;
    case 2: return (top + 2) >> 2;
    default: return 128;
    }
}

void rth264_intra4x4_satd_x9_neon(int satd[9], const uint8_t *src, ptrdiff_t src_stride,
                                  const uint8_t edge[16], unsigned avail)
{
    const uint8x16_t e = vld1q_u8(edge);
    const uint8x16_t x = vqtbl1q_u8(e, vld1q_u8(intra4x4_edge_x));
    const uint8x16_t zero = vdupq_n_u8(0);
    const uint8x16_t next = vextq_u8(x, zero, 1), prev = vextq_u8(zero, x, 15);
    uint8x16x3_t lines;
    lines.val[0] = x;
    lines.val[1] = vrhaddq_u8(x, next);                  /* F2 */
    lines.val[2] = vrhaddq_u8(x, vhaddq_u8(prev, next)); /* F3, exact */
    const uint8x16_t s = load_4x4(src, src_stride);
    for (int m = 0; m < 9; m++) {
        const uint8x16_t pred = m == 2 ? vdupq_n_u8((uint8_t)intra4x4_dc_neon(e, avail))
                                       : vqtbl3q_u8(lines, vld1q_u8(intra4x4_pick[m]));
        satd[m] = satd4x4_packed(s, pred);
    }
}

/* Four bits per coefficient, set when it is non-zero (coefficient i in bits
 * 4i..4i+3): the top set bit gives the last one. */
static inline uint64_t nonzero_nibbles16(int16x8_t a, int16x8_t b)
{
    const uint8x16_t nz = vcombine_u8(vmovn_u16(vtstq_s16(a, a)), vmovn_u16(vtstq_s16(b, b)));
    return vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(nz), 4)), 0);
}

static inline int last_from_nibbles(uint64_t m)
{
    return m ? (63 - __builtin_clzll(m)) >> 2 : -1;
}

int rth264_coeff_last16_neon(const int16_t *level)
{
    return last_from_nibbles(nonzero_nibbles16(vld1q_s16(level), vld1q_s16(level + 8)));
}

/* level[0..14] only: the second load covers 7..14 and overlaps the first, so
 * nothing past the 15 coefficients is read. */
int rth264_coeff_last15_neon(const int16_t *level)
{
    const int16x8_t hi = vld1q_s16(level + 7);
    const int16x8_t b = vextq_s16(hi, vdupq_n_s16(0), 1); /* level[8..14], 0 */
    return last_from_nibbles(nonzero_nibbles16(vld1q_s16(level), b));
}

int rth264_coeff_last4_neon(const int16_t *level)
{
    const int16x4_t a = vld1_s16(level);
    const uint64_t m = vget_lane_u64(vreinterpret_u64_u16(vtst_s16(a, a)), 0);
    return m ? (63 - __builtin_clzll(m)) >> 4 : -1;
}

int rth264_coeff_count16_neon(const int16_t *level)
{
    const int16x8_t a = vld1q_s16(level), b = vld1q_s16(level + 8);
    /* Each non-zero lane gives -1; the sum is minus the count. */
    const int16x8_t s = vaddq_s16(vreinterpretq_s16_u16(vtstq_s16(a, a)),
                                  vreinterpretq_s16_u16(vtstq_s16(b, b)));
    return -vaddvq_s16(s);
}

/* Non-zero lanes narrowed to 0xFF bytes; one bit weight per byte, each
 * half summed into its mask byte; the count from the bytes' top bits. */
unsigned rth264_coeff_mask16_neon(const int16_t *level)
{
    static const uint8_t weight[16] = { 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128 };
    const int16x8_t a = vld1q_s16(level), b = vld1q_s16(level + 8);
    const uint8x16_t nz = vcombine_u8(vmovn_u16(vtstq_s16(a, a)), vmovn_u16(vtstq_s16(b, b)));
    const uint8x16_t bits = vandq_u8(nz, vld1q_u8(weight));
    const unsigned lo = vaddv_u8(vget_low_u8(bits)), hi = vaddv_u8(vget_high_u8(bits));
    return lo | hi << 8 | (unsigned)vaddvq_u8(vshrq_n_u8(nz, 7)) << 16;
}

/* ---- chroma zero-block test ---------------------------------------------------- */

/* Rows of 8: lanes 0-3 belong to the left block, 4-7 to the right one; two
 * pairwise additions reduce the lanes to one value per block (lanes 0-3 =
 * blocks 0-3). The SAD about m needs the block sums first, so the eight
 * rows of differences are kept. */
static inline uint16x4_t per_block(uint16x8_t top, uint16x8_t bottom)
{
    const uint16x8_t t = vpaddq_u16(top, bottom);
    return vget_low_u16(vpaddq_u16(t, t));
}

/* One 8x8 area: its four DCs in *dc, the largest bound returned. */
static inline __attribute__((always_inline)) unsigned
sad_dc_8x8(int16x4_t *dc, const uint8_t *src, ptrdiff_t src_stride, const uint8_t *pred,
           ptrdiff_t pred_stride)
{
    int16x8_t d[8];
    uint16x8_t sad[2], sum_s[2], sum_p[2];
    for (int h = 0; h < 2; h++) {
        uint16x8_t a = vdupq_n_u16(0), ss = a, sp = a;
        for (int y = 4 * h; y < 4 * h + 4; y++) {
            const uint8x8_t s = vld1_u8(src + y * src_stride);
            const uint8x8_t p = vld1_u8(pred + y * pred_stride);
            a = vabal_u8(a, s, p);
            ss = vaddw_u8(ss, s);
            sp = vaddw_u8(sp, p);
            d[y] = vreinterpretq_s16_u16(vsubl_u8(s, p));
        }
        sad[h] = a;
        sum_s[h] = ss;
        sum_p[h] = sp;
    }
    const uint16x4_t ss4 = per_block(sum_s[0], sum_s[1]), sp4 = per_block(sum_p[0], sum_p[1]);
    *dc = vreinterpret_s16_u16(vsub_u16(ss4, sp4));
    const int16x4_t m = vreinterpret_s16_u16(vsub_u16(vshr_n_u16(ss4, 4), vshr_n_u16(sp4, 4)));
    const int16x8_t m01 = vcombine_s16(vdup_lane_s16(m, 0), vdup_lane_s16(m, 1));
    const int16x8_t m23 = vcombine_s16(vdup_lane_s16(m, 2), vdup_lane_s16(m, 3));
    uint16x8_t c[2] = { vdupq_n_u16(0), vdupq_n_u16(0) };
    for (int y = 0; y < 8; y++)
        c[y >> 2] = vaddq_u16(c[y >> 2], vreinterpretq_u16_s16(
                                             vabsq_s16(vsubq_s16(d[y], y < 4 ? m01 : m23))));
    return vmaxv_u16(vmin_u16(per_block(sad[0], sad[1]), per_block(c[0], c[1])));
}

int rth264_sad_dc4x4_x4_neon(int16_t dc[4], const uint8_t *src, ptrdiff_t src_stride,
                             const uint8_t *pred, ptrdiff_t pred_stride)
{
    int16x4_t d;
    const unsigned bound = sad_dc_8x8(&d, src, src_stride, pred, pred_stride);
    vst1_s16(dc, d);
    return (int)bound;
}

unsigned rth264_sad_dc4x4_x8_neon(int16_t out[10], const uint8_t *src0, const uint8_t *src1,
                                  ptrdiff_t src_stride, const uint8_t *pred0,
                                  const uint8_t *pred1, ptrdiff_t pred_stride)
{
    int16x4_t d0, d1;
    const unsigned b0 = sad_dc_8x8(&d0, src0, src_stride, pred0, pred_stride);
    const unsigned b1 = sad_dc_8x8(&d1, src1, src_stride, pred1, pred_stride);
    vst1_s16(out, d0);
    vst1_s16(out + 4, d1);
    out[8] = (int16_t)b0;
    out[9] = (int16_t)b1;
    /* |dc| <= 4080: the sums of four fit int16 */
    const unsigned s0 = (unsigned)vaddv_s16(vabs_s16(d0)), s1 = (unsigned)vaddv_s16(vabs_s16(d1));
    return (b0 > b1 ? b0 : b1) | (s0 > s1 ? s0 : s1) << 16;
}
