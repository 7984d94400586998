/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_ITX_H
#define RTH264_COMMON_ITX_H

#include <stddef.h>
#include <stdint.h>

/*
 * Inverse transforms (8.5.12, 8.5.10, 8.5.11).
 *
 * Coefficients are int16_t, already scaled (dequantised) and in raster order
 * (index 4*row + column) inside a 4x4 block. Values come from a conforming
 * range (the decoder clamps parsed levels so products stay in 16 bits for
 * conforming streams; for corrupt streams results are truncated to int16,
 * never undefined). Intermediate sums are computed in int (>= 32 bits).
 *
 * add4x4: r = inverse core transform of coeffs, (r + 32) >> 6 added to the 4x4
 *   block at dst with clipping to 0..255; then all 16 coeffs are set to zero.
 *   coeffs must be 16-byte aligned. dst: 4-byte rows, no alignment.
 * add4x4_dc: only coeffs[0] is non-zero: adds (coeffs[0] + 32) >> 6 to every
 *   sample (same result as add4x4 in that case) and zeroes coeffs[0].
 * add4x4_dc_x4: add4x4_dc on the four blocks of an 8x8 area, block k at
 *   (4 * (k & 1), 4 * (k >> 1)) (the chroma order) with its DC in
 *   coeffs[16 * k] (as chroma_dc_dequant writes them); zeroes those four.
 *   dst: 8-byte rows, no alignment; coeffs: no alignment.
 * luma_dc_dequant (8.5.10): in: the 16 Intra16x16 DC levels c[4*i + j] in
 *   raster order of the 4x4 DC matrix (i = row = block y, j = block x);
 *   inverse Hadamard, then scaling with LevelScale4x4(qp % 6, 0, 0) = v0*16
 *   (flat matrix) and qp: out[16 * blk] where blk = 4*i + j is the raster
 *   index of the 4x4 luma block, i.e. each result is written to coefficient 0
 *   of the 16-coefficient block number 4*i + j of out (out has 256 entries).
 *   `dc_scale` = LevelScale4x4(qp%6,0,0) (i.e. 16 * normAdjust v0 for flat).
 * chroma_dc_dequant (8.5.11, 4:2:0): in c[4] = (c00, c01, c10, c11) in raster
 *   order; 2x2 Hadamard then ((f * dc_scale) << (qp / 6)) >> 5; written to
 *   out[16 * k], k = 0..3.
 */

typedef void (*Rth264ItxAddFn)(uint8_t *dst, ptrdiff_t stride, int16_t *coeffs);
typedef void (*Rth264DcDequantFn)(int16_t *out, const int16_t *in, int qp, int dc_scale);

/*
 * add8x8 (8.5.13, High profile 8x8 transform): coeffs[64] dequantised in
 *   raster order (8*row + column), inverse 8x8 transform, (r + 32) >> 6
 *   added to the 8x8 block at dst with clipping, coeffs zeroed. coeffs
 *   16-byte aligned; dst rows 8 bytes.
 */
typedef struct Rth264ItxDsp {
    Rth264ItxAddFn add4x4;
    Rth264ItxAddFn add4x4_dc;
    Rth264ItxAddFn add4x4_dc_x4;
    Rth264DcDequantFn luma_dc_dequant;
    Rth264DcDequantFn chroma_dc_dequant;
    Rth264ItxAddFn add8x8;
} Rth264ItxDsp;

void rth264_itx_init(Rth264ItxDsp *dsp, unsigned cpu_flags);

#if HAVE_ASM_X86
void rth264_itx_init_x86(Rth264ItxDsp *dsp, unsigned cpu_flags);
#endif
#if HAVE_ASM_AARCH64
void rth264_itx_init_aarch64(Rth264ItxDsp *dsp, unsigned cpu_flags);
#endif

#endif
