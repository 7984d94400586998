/* SPDX-License-Identifier: BSD-2-Clause */
/* Inverse transforms in NEON intrinsics (8.5.12.2, 8.5.10), bit-exact with
 * common/itx.c for every int16 input: the reference computes in int, so the
 * 4x4 transforms here run in 32-bit lanes too (a corrupt stream then gives
 * the same pixels with or without SIMD). */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "common/itx.h"
#include "common/aarch64/neon_rows.h"

static inline void transpose4x4_s32(int32x4_t *r0, int32x4_t *r1, int32x4_t *r2, int32x4_t *r3)
{
    int32x4_t a0 = vtrn1q_s32(*r0, *r1), a1 = vtrn2q_s32(*r0, *r1);
    int32x4_t a2 = vtrn1q_s32(*r2, *r3), a3 = vtrn2q_s32(*r2, *r3);
    *r0 = vreinterpretq_s32_s64(vtrn1q_s64(vreinterpretq_s64_s32(a0), vreinterpretq_s64_s32(a2)));
    *r1 = vreinterpretq_s32_s64(vtrn1q_s64(vreinterpretq_s64_s32(a1), vreinterpretq_s64_s32(a3)));
    *r2 = vreinterpretq_s32_s64(vtrn2q_s64(vreinterpretq_s64_s32(a0), vreinterpretq_s64_s32(a2)));
    *r3 = vreinterpretq_s32_s64(vtrn2q_s64(vreinterpretq_s64_s32(a1), vreinterpretq_s64_s32(a3)));
}

/* 8.5.12.2 one 1-D pass, lane-wise on four vectors d0..d3 (the four inputs
 * of each 1-D transform sit in the same lane of d0..d3). */
static inline void idct4_pass(int32x4_t *d0, int32x4_t *d1, int32x4_t *d2, int32x4_t *d3)
{
    const int32x4_t e0 = vaddq_s32(*d0, *d2), e1 = vsubq_s32(*d0, *d2);
    const int32x4_t e2 = vsubq_s32(vshrq_n_s32(*d1, 1), *d3);
    const int32x4_t e3 = vaddq_s32(*d1, vshrq_n_s32(*d3, 1));
    *d0 = vaddq_s32(e0, e3);
    *d1 = vaddq_s32(e1, e2);
    *d2 = vsubq_s32(e1, e2);
    *d3 = vsubq_s32(e0, e3);
}

/* dst row + (r + 32) >> 6, clipped to 0..255, all in 32 bits until the
 * saturating narrows. */
static inline void add_row(uint8_t *dst, int32x4_t r)
{
    uint8x8_t px = load4(dst);
    int32x4_t s = vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(vmovl_u8(px))));
    s = vaddq_s32(s, vrshrq_n_s32(r, 6));
    uint16x4_t w = vqmovun_s32(s);
    store4(dst, vqmovn_u16(vcombine_u16(w, w)));
}

void rth264_itx_add4x4_neon(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs)
{
    int16x8_t c01 = vld1q_s16(coeffs), c23 = vld1q_s16(coeffs + 8);
    int32x4_t r0 = vmovl_s16(vget_low_s16(c01)), r1 = vmovl_high_s16(c01);
    int32x4_t r2 = vmovl_s16(vget_low_s16(c23)), r3 = vmovl_high_s16(c23);
    /* Horizontal (row) transforms: put each row's values into one lane. */
    transpose4x4_s32(&r0, &r1, &r2, &r3);
    idct4_pass(&r0, &r1, &r2, &r3);
    /* Now r_k holds column k of the row-transformed block; back to rows and
     * the vertical transforms work lane-wise again. */
    transpose4x4_s32(&r0, &r1, &r2, &r3);
    idct4_pass(&r0, &r1, &r2, &r3);
    add_row(dst, r0);
    add_row(dst + stride, r1);
    add_row(dst + 2 * stride, r2);
    add_row(dst + 3 * stride, r3);
    vst1q_s16(coeffs, vdupq_n_s16(0));
    vst1q_s16(coeffs + 8, vdupq_n_s16(0));
}

/* dc = (c0 + 32) >> 6 lies in [-512, 512]: 16-bit lanes are exact here. */
void rth264_itx_add4x4_dc_neon(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs)
{
    const int16x8_t dc = vdupq_n_s16((int16_t)((coeffs[0] + 32) >> 6));
    const uint8x8_t r01 = load4x2(dst, dst + stride);
    const uint8x8_t r23 = load4x2(dst + 2 * stride, dst + 3 * stride);
    int16x8_t s01 = vaddq_s16(vreinterpretq_s16_u16(vmovl_u8(r01)), dc);
    int16x8_t s23 = vaddq_s16(vreinterpretq_s16_u16(vmovl_u8(r23)), dc);
    store4x2(dst, dst + stride, vqmovun_s16(s01));
    store4x2(dst + 2 * stride, dst + 3 * stride, vqmovun_s16(s23));
    coeffs[0] = 0;
}

/* Four DC-only blocks of an 8x8: one row of 8 carries two blocks' values;
 * vrshr is (c + 32) >> 6 without overflow. */
void rth264_itx_add4x4_dc_x4_neon(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs)
{
    const int16_t c[4] = { coeffs[0], coeffs[16], coeffs[32], coeffs[48] };
    const int16x4_t dc = vrshr_n_s16(vld1_s16(c), 6);
    const int16x8_t top = vcombine_s16(vdup_lane_s16(dc, 0), vdup_lane_s16(dc, 1));
    const int16x8_t bottom = vcombine_s16(vdup_lane_s16(dc, 2), vdup_lane_s16(dc, 3));
    for (int y = 0; y < 8; y++, dst += stride) {
        const int16x8_t s = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(dst)));
        vst1_u8(dst, vqmovun_s16(vaddq_s16(s, y < 4 ? top : bottom)));
    }
    coeffs[0] = coeffs[16] = coeffs[32] = coeffs[48] = 0;
}

/* 4-point Hadamard lane-wise: (a+b+c+d, a+b-c-d, a-b-c+d, a-b+c-d). */
static inline void hadamard4_pass(int32x4_t *a, int32x4_t *b, int32x4_t *c, int32x4_t *d)
{
    const int32x4_t s0 = vaddq_s32(*a, *b), s1 = vsubq_s32(*a, *b);
    const int32x4_t s2 = vaddq_s32(*c, *d), s3 = vsubq_s32(*c, *d);
    *a = vaddq_s32(s0, s2);
    *b = vsubq_s32(s0, s2);
    *c = vsubq_s32(s1, s3);
    *d = vaddq_s32(s1, s3);
}

/* 8.5.10: inverse Hadamard of the 16 Intra16x16 DCs, then
 * (f * scale) << (qp/6 - 6) for qp >= 36, else a rounded right shift by
 * 6 - qp/6: one rounding shift by the signed amount qp/6 - 6 does both. */
void rth264_itx_luma_dc_dequant_neon(int16_t *out, const int16_t *in, int qp, int dc_scale)
{
    int16x8_t c01 = vld1q_s16(in), c23 = vld1q_s16(in + 8);
    int32x4_t r0 = vmovl_s16(vget_low_s16(c01)), r1 = vmovl_high_s16(c01);
    int32x4_t r2 = vmovl_s16(vget_low_s16(c23)), r3 = vmovl_high_s16(c23);
    transpose4x4_s32(&r0, &r1, &r2, &r3);
    hadamard4_pass(&r0, &r1, &r2, &r3);
    transpose4x4_s32(&r0, &r1, &r2, &r3);
    hadamard4_pass(&r0, &r1, &r2, &r3);
    const int32x4_t shift = vdupq_n_s32(qp / 6 - 6);
    int16x4_t f[4] = {
        vmovn_s32(vrshlq_s32(vmulq_n_s32(r0, dc_scale), shift)),
        vmovn_s32(vrshlq_s32(vmulq_n_s32(r1, dc_scale), shift)),
        vmovn_s32(vrshlq_s32(vmulq_n_s32(r2, dc_scale), shift)),
        vmovn_s32(vrshlq_s32(vmulq_n_s32(r3, dc_scale), shift)),
    };
    /* Row i of the DC matrix goes to blocks 4i..4i+3, coefficient 0 each. */
    for (int i = 0; i < 4; i++) {
        int16_t v[4];
        vst1_s16(v, f[i]);
        for (int j = 0; j < 4; j++)
            out[16 * (4 * i + j)] = v[j];
    }
}

/* ---- 8x8 (8.5.13, High profile) ----------------------------------------------
 * The block is held as lo[i] / hi[i]: columns 0-3 / 4-7 of row i, in 32-bit
 * lanes (exact for any int16 input, as the reference). The 1-D pass works
 * lane-wise across eight vectors; its >> 1 and >> 2 make the pass order
 * matter, so rows go first as in the reference: transpose, pass, transpose
 * back, pass. */

static inline void idct8_pass(int32x4_t d[8])
{
    const int32x4_t a0 = vaddq_s32(d[0], d[4]), a4 = vsubq_s32(d[0], d[4]);
    const int32x4_t a2 = vsubq_s32(vshrq_n_s32(d[2], 1), d[6]);
    const int32x4_t a6 = vaddq_s32(d[2], vshrq_n_s32(d[6], 1));
    const int32x4_t b0 = vaddq_s32(a0, a6), b2 = vaddq_s32(a4, a2);
    const int32x4_t b4 = vsubq_s32(a4, a2), b6 = vsubq_s32(a0, a6);
    /* a1 = -d3 + d5 - d7 - (d7 >> 1), a3 = d1 + d7 - d3 - (d3 >> 1),
     * a5 = -d1 + d7 + d5 + (d5 >> 1), a7 = d3 + d5 + d1 + (d1 >> 1). */
    const int32x4_t a1 = vsubq_s32(vsubq_s32(vsubq_s32(d[5], d[3]), d[7]), vshrq_n_s32(d[7], 1));
    const int32x4_t a3 = vsubq_s32(vsubq_s32(vaddq_s32(d[1], d[7]), d[3]), vshrq_n_s32(d[3], 1));
    const int32x4_t a5 = vaddq_s32(vaddq_s32(vsubq_s32(d[7], d[1]), d[5]), vshrq_n_s32(d[5], 1));
    const int32x4_t a7 = vaddq_s32(vaddq_s32(vaddq_s32(d[3], d[5]), d[1]), vshrq_n_s32(d[1], 1));
    const int32x4_t b1 = vaddq_s32(a1, vshrq_n_s32(a7, 2)), b7 = vsubq_s32(a7, vshrq_n_s32(a1, 2));
    const int32x4_t b3 = vaddq_s32(a3, vshrq_n_s32(a5, 2)), b5 = vsubq_s32(vshrq_n_s32(a3, 2), a5);
    d[0] = vaddq_s32(b0, b7);
    d[1] = vaddq_s32(b2, b5);
    d[2] = vaddq_s32(b4, b3);
    d[3] = vaddq_s32(b6, b1);
    d[4] = vsubq_s32(b6, b1);
    d[5] = vsubq_s32(b4, b3);
    d[6] = vsubq_s32(b2, b5);
    d[7] = vsubq_s32(b0, b7);
}

/* [[A B] [C D]] -> [[A' C'] [B' D']] with lo = left 4 columns, hi = right. */
static inline void transpose8x8_s32(int32x4_t lo[8], int32x4_t hi[8])
{
    transpose4x4_s32(&lo[0], &lo[1], &lo[2], &lo[3]);
    transpose4x4_s32(&hi[0], &hi[1], &hi[2], &hi[3]);
    transpose4x4_s32(&lo[4], &lo[5], &lo[6], &lo[7]);
    transpose4x4_s32(&hi[4], &hi[5], &hi[6], &hi[7]);
    for (int i = 0; i < 4; i++) {
        const int32x4_t b = hi[i];
        hi[i] = lo[4 + i];
        lo[4 + i] = b;
    }
}

static inline void add_row8(uint8_t *dst, int32x4_t lo, int32x4_t hi)
{
    const int16x8_t px = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(dst)));
    const int32x4_t slo = vaddq_s32(vmovl_s16(vget_low_s16(px)), vrshrq_n_s32(lo, 6));
    const int32x4_t shi = vaddq_s32(vmovl_high_s16(px), vrshrq_n_s32(hi, 6));
    vst1_u8(dst, vqmovn_u16(vcombine_u16(vqmovun_s32(slo), vqmovun_s32(shi))));
}

void rth264_itx_add8x8_neon(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs)
{
    int32x4_t lo[8], hi[8];
    for (int i = 0; i < 8; i++) {
        const int16x8_t row = vld1q_s16(coeffs + 8 * i);
        lo[i] = vmovl_s16(vget_low_s16(row));
        hi[i] = vmovl_high_s16(row);
    }
    transpose8x8_s32(lo, hi); /* lo[j] / hi[j]: column j, rows 0-3 / 4-7 */
    idct8_pass(lo);           /* horizontal transforms of rows 0-3 */
    idct8_pass(hi);           /* and 4-7 */
    transpose8x8_s32(lo, hi);
    idct8_pass(lo);           /* vertical transforms of columns 0-3 */
    idct8_pass(hi);           /* and 4-7 */
    for (int i = 0; i < 8; i++) {
        add_row8(dst + i * stride, lo[i], hi[i]);
        vst1q_s16(coeffs + 8 * i, vdupq_n_s16(0));
    }
}
