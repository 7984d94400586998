/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_QUANT_H
#define RTH264_COMMON_QUANT_H

/*
 * Encoder-side transform and quantisation (8-bit 4:2:0, 4x4 transform),
 * with batched forms for the encoder's hot paths (the four 4x4 blocks of
 * an 8x8 or the sixteen of a macroblock per call: fdct4x4_x4, quant4x4_x4,
 * fdct_quant4x4_x16, dequant_add4x4_x4) and two analysis helpers of the
 * mode decision (scan_decimate4x4, intra4x4_satd_x9).
 *
 * Coefficient layout: a 4x4 block of coefficients is int16_t[16] in raster
 * order, index 4*v + u where u is the horizontal and v the vertical
 * frequency (so the frame zig-zag of 8.5.6 starts 0, 1, 4, 8, 5, ...).
 * Arrays of coefficients are 16-byte aligned. Pixel pointers have no
 * alignment requirement; strides are any value.
 *
 * Value ranges (8-bit video): fdct4x4 output |c| <= 9180 (DC <= 4080);
 * fdct_dc4x4 output |c| <= 32640; fdct_dc2x2 |c| <= 16320. Quantisation
 * multipliers mf <= 13107 (fit 14 bits) and bias < 2^qbits, qbits 15..24,
 * so |c| * mf + bias < 2^31.
 */

#include <stddef.h>
#include <stdint.h>

/* Forward core transform of the residual src - pred (the integer transform
 * whose inverse is 8.5.12.2): coef = Cf * D * Cf^T with
 * Cf = {{1,1,1,1},{2,1,-1,-2},{1,-1,-1,1},{1,-2,2,-1}}. */
typedef void (*Rth264Fdct4x4Fn)(int16_t coef[16], const uint8_t *src, ptrdiff_t src_stride,
                                const uint8_t *pred, ptrdiff_t pred_stride);

/* In-place forward 4x4 Hadamard of the 16 luma DCs of an Intra16x16 MB
 * (dc[4*blkY + blkX]), output in the raster layout above, each value
 * halved: out = (H c H^T + 1) >> 1 (arithmetic shift), H = {{1,1,1,1},
 * {1,1,-1,-1},{1,-1,-1,1},{1,-1,1,-1}}. */
typedef void (*Rth264FdctDc4x4Fn)(int16_t dc[16]);

/* In-place 2x2 Hadamard of the chroma DCs (dc[2*blkY + blkX]), unscaled:
 * {{a,b},{c,d}} -> {{a+b+c+d, a-b+c-d},{a+b-c-d, a-b-c+d}}. */
typedef void (*Rth264FdctDc2x2Fn)(int16_t dc[4]);

/* In-place quantisation with rounding/deadzone:
 * c = sign(c) * ((|c| * mf[i] + bias[i]) >> qbits). Returns non-zero iff
 * any output coefficient is non-zero. */
typedef int (*Rth264Quant4x4Fn)(int16_t coef[16], const uint16_t mf[16],
                                const uint32_t bias[16], int qbits);

/* The four 4x4 forward transforms (as Rth264Fdct4x4Fn) of the 8x8 area at
 * src/pred, blocks in the order (x, y) = (0,0), (4,0), (0,4), (4,4), i.e.
 * coef[b] is the block at x = 4 * (b & 1), y = 4 * (b >> 1). */
typedef void (*Rth264Fdct4x4x4Fn)(int16_t coef[4][16], const uint8_t *src, ptrdiff_t src_stride,
                                  const uint8_t *pred, ptrdiff_t pred_stride);

/* quant4x4 on four consecutive blocks with the same mf/bias/qbits. Returns
 * a mask: bit b set iff block b has a non-zero output coefficient. */
typedef unsigned (*Rth264Quant4x4x4Fn)(int16_t coef[4][16], const uint16_t mf[16],
                                       const uint32_t bias[16], int qbits);

/* The chroma (8.5.11) and Intra16x16 AC path of an 8x8 area in one call:
 * fdct4x4_x4, then per block dc[b] = coef[b][0] (unquantised, for the DC
 * transform) and coef[b][0] = 0, then quant4x4_x4. Returns the mask of
 * blocks with a non-zero AC level. dc: 4 int16, no alignment. */
typedef unsigned (*Rth264FdctQuantAc4x4x4Fn)(int16_t coef[4][16], int16_t dc[4],
                                             const uint8_t *src, ptrdiff_t src_stride,
                                             const uint8_t *pred, ptrdiff_t pred_stride,
                                             const uint16_t mf[16], const uint32_t bias[16],
                                             int qbits);

/* Transform and quantisation of a 16x16 residual: for each 8x8 i (raster
 * order: x = 8 * (i & 1), y = 8 * (i >> 1)), fdct4x4_x4 into coef[4 * i]
 * and quant4x4_x4 of those four blocks; so coef is in luma4x4BlkIdx order
 * (6.4.3). Returns the 16-bit mask of non-zero blocks, bit = 4 * i + b.
 * Only for the inter deadzone: every bias[i] must be 2^(qbits - 2) (the
 * AVX2 version relies on it and quantises in 16 bits). */
typedef unsigned (*Rth264FdctQuant4x4x16Fn)(int16_t coef[16][16], const uint8_t *src,
                                            ptrdiff_t src_stride, const uint8_t *pred,
                                            ptrdiff_t pred_stride, const uint16_t mf[16],
                                            const uint32_t bias[16], int qbits);

/* Reconstruction of the 4x4 blocks of an 8x8 area (block order as
 * fdct4x4_x4): for each block b whose bit is set in mask, dequant4x4 with
 * scale (skipped when scale is NULL: coef already dequantised), then the
 * inverse core transform of 8.5.12.2 in int (>= 32 bits, rows first),
 * (r + 32) >> 6 added to dst at x = 4 * (b & 1), y = 4 * (b >> 1) with
 * clipping to 0..255 (8.5.14): the result of dequant4x4 followed by the
 * itx module's add4x4, for any int16 input. The pixels of blocks whose bit
 * is clear keep their values (SIMD may rewrite them unchanged). On return
 * all four coef blocks are zero, whatever the mask. */
typedef void (*Rth264DequantAdd4x4x4Fn)(uint8_t *dst, ptrdiff_t stride, int16_t coef[4][16],
                                        const uint16_t scale[16], unsigned mask);

/* Same with one multiplier and bias for n coefficients (n = 4 or 16), for
 * the DC blocks (the caller passes qbits + 1 and 2 * bias there). */
typedef int (*Rth264QuantDcFn)(int16_t *coef, int n, int mf, uint32_t bias, int qbits);

/* In-place dequantisation of a 4x4 block: c[i] = c[i] * scale[i], where
 * scale[i] = normAdjust4x4(qP % 6, i) << (qP / 6) (8.5.12.1 with flat
 * weights: LevelScale = 16 * v, and (c * 16 * v) << (qP/6) >> 4 is exact).
 * The caller guarantees the products fit int16 (a constraint on conforming
 * bitstreams, 8.5.12.1). */
typedef void (*Rth264Dequant4x4Fn)(int16_t coef[16], const uint16_t scale[16]);

/* Zig-zag scan (frame, 8.5.6) from raster coef to scan order level:
 * level[k] = coef[zigzag[k]] for k = 0..15. */
typedef void (*Rth264Scan4x4Fn)(int16_t level[16], const int16_t coef[16]);

/* scan4x4, then the decimation score of the scanned levels (an encoder
 * heuristic: isolated +-1 levels are cheap to drop): 0 when all are zero;
 * 9 when any |level| > 1; otherwise the sum over the non-zero levels of
 * run_weight[run], run = the number of zeros below it in scan order down
 * to the next non-zero one or to the start, run_weight = {3, 2, 2, 1, 1,
 * 1, 0, ...}. */
typedef int (*Rth264ScanDecimate4x4Fn)(int16_t level[16], const int16_t coef[16]);

/* Intra 4x4 mode decision helper: satd[m] for the nine Intra4x4 modes
 * m = 0..8 (Table 8-2 order: V, H, DC, DDL, DDR, VR, HD, VL, HU) is the
 * 4x4 SATD (sum of |4x4 Hadamard of src - pred| >> 1, the pixel module's
 * satd 4x4) of src against the prediction of 8.3.1.2.1-9, computed from
 * edge without writing any prediction:
 *   edge[0..3] = p[-1,3], p[-1,2], p[-1,1], p[-1,0] (left, bottom up),
 *   edge[4] = p[-1,-1], edge[5..12] = p[0,-1] .. p[7,-1] (top and
 *   top-right, the latter substituted by p[3,-1] copies when unavailable),
 *   edge[13..15] unused (read, never used).
 * avail (bit 0: left, bit 1: top) selects the DC rule of 8.3.1.2.3 (both,
 * left only, top only, neither: 128); the other modes use the edge bytes
 * as given, so the caller ignores the modes it may not use. */
typedef void (*Rth264Intra4x4SatdX9Fn)(int satd[9], const uint8_t *src, ptrdiff_t src_stride,
                                       const uint8_t edge[16], unsigned avail);

/* Zero-block test helper of the encoder's chroma residual, for the four
 * 4x4 blocks of an 8x8 area (order as fdct4x4_x4): dc[b] = the sum of
 * d = src - pred over block b (coef[0] of its fdct4x4), and the return
 * value is the largest over the four blocks of min(SAD, SAD about m), with
 * SAD = sum |d| and SAD about m = sum |d - m| for the block's integer
 * offset m = (sum of src >> 4) - (sum of pred >> 4) (about its mean
 * difference). Every AC coefficient of fdct4x4 is at most 4 times either
 * in magnitude (1 *, 2 * and 4 * the sum of |d| for the three classes of
 * 8.5.9, and the AC basis rows sum to zero, so subtracting a constant
 * from d leaves the AC unchanged), so a small enough value proves the AC
 * quantises to zero without transforming it; chroma with a coded DC
 * offset is where the SAD about m is the smaller one. All values <= 4080.
 * dc: 4 int16, no alignment. */
typedef int (*Rth264SadDc4x4x4Fn)(int16_t dc[4], const uint8_t *src, ptrdiff_t src_stride,
                                  const uint8_t *pred, ptrdiff_t pred_stride);

/* The same for both chroma planes of a macroblock in one call (the inter
 * zero test runs on every P_Skip candidate): out[0..3] the DCs of plane
 * 0's blocks, out[4..7] plane 1's, out[8] and out[9] each plane's value as
 * sad_dc4x4_x4 returns it. Returns max(out[8], out[9]) | S << 16, S the
 * larger of the planes' |dc0| + |dc1| + |dc2| + |dc3| (<= 16320): both
 * compare with the encoder's zero bounds at once. The planes share the
 * strides (as in a frame). out: 10 int16, no alignment. */
typedef unsigned (*Rth264SadDc4x4x8Fn)(int16_t out[10], const uint8_t *src0, const uint8_t *src1,
                                       ptrdiff_t src_stride, const uint8_t *pred0,
                                       const uint8_t *pred1, ptrdiff_t pred_stride);

/* Index of the last non-zero coefficient among level[0..n-1], or -1 if all
 * are zero (n = 4, 15 or 16 by table slot). */
typedef int (*Rth264CoeffLastFn)(const int16_t *level);

/* Number of non-zero coefficients among level[0..15]. */
typedef int (*Rth264CoeffCountFn)(const int16_t *level);

/* Both at once for the entropy coder: bit i (i = 0..15) set iff level[i]
 * is non-zero, and the number of non-zero coefficients in bits 16..20. */
typedef unsigned (*Rth264CoeffMaskFn)(const int16_t *level);

enum { RTH264_COEFF_LAST4 = 0, RTH264_COEFF_LAST15 = 1, RTH264_COEFF_LAST16 = 2 };

typedef struct Rth264QuantDsp {
    Rth264Fdct4x4Fn fdct4x4;
    Rth264FdctDc4x4Fn fdct_dc4x4;
    Rth264FdctDc2x2Fn fdct_dc2x2;
    Rth264Quant4x4Fn quant4x4;
    Rth264QuantDcFn quant_dc;
    Rth264Dequant4x4Fn dequant4x4;
    Rth264Scan4x4Fn scan4x4;
    Rth264CoeffLastFn coeff_last[3];  /* by RTH264_COEFF_LAST* */
    Rth264CoeffCountFn coeff_count16;
    Rth264CoeffMaskFn coeff_mask16;
    Rth264Fdct4x4x4Fn fdct4x4_x4;
    Rth264Quant4x4x4Fn quant4x4_x4;
    Rth264DequantAdd4x4x4Fn dequant_add4x4_x4;
    Rth264FdctQuant4x4x16Fn fdct_quant4x4_x16;
    Rth264ScanDecimate4x4Fn scan_decimate4x4;
    Rth264Intra4x4SatdX9Fn intra4x4_satd_x9;
    Rth264FdctQuantAc4x4x4Fn fdct_quant_ac4x4_x4;
    Rth264SadDc4x4x4Fn sad_dc4x4_x4;
    Rth264SadDc4x4x8Fn sad_dc4x4_x8;
} Rth264QuantDsp;

void rth264_quant_init(Rth264QuantDsp *dsp, unsigned cpu_flags);

#if HAVE_ASM_X86
void rth264_quant_init_x86(Rth264QuantDsp *dsp, unsigned cpu_flags);
#endif
#if HAVE_ASM_AARCH64
void rth264_quant_init_aarch64(Rth264QuantDsp *dsp, unsigned cpu_flags);
#endif

#endif
