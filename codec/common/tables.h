/* SPDX-License-Identifier: BSD-2-Clause */
/* Constant tables of ITU-T H.264 shared by the decoder and the encoder. */
#ifndef RTH264_COMMON_TABLES_H
#define RTH264_COMMON_TABLES_H

#include <stdint.h>

/* A variable-length code: the code's value in its low `len` bits. len 0 means
 * the combination has no code. */
typedef struct Rth264Vlc {
    uint16_t code;
    uint8_t len;
} Rth264Vlc;

/* Table 9-5 coeff_token: [nC class][TrailingOnes 0..3][TotalCoeff 0..16].
 * nC class 0: 0<=nC<2, 1: 2<=nC<4, 2: 4<=nC<8, 3: 8<=nC, 4: nC==-1 (chroma DC 4:2:0). */
extern const Rth264Vlc rth264_coeff_token_vlc[5][4][17];
/* Tables 9-7, 9-8 total_zeros for 4x4 blocks: [TotalCoeff-1][total_zeros]. */
extern const Rth264Vlc rth264_total_zeros_vlc[15][16];
/* Table 9-9a total_zeros for 2x2 chroma DC: [TotalCoeff-1][total_zeros]. */
extern const Rth264Vlc rth264_total_zeros_chroma_dc_vlc[3][4];
/* Table 9-10 run_before: [min(zerosLeft,7)-1][run_before]. */
extern const Rth264Vlc rth264_run_before_vlc[7][15];

/* Table 9-4 (ChromaArrayType 1 and 2): coded_block_pattern from the me(v)
 * codeNum for Intra_4x4/Intra_8x8 and for Inter macroblocks, and back. */
extern const uint8_t rth264_cbp_from_code_intra[48], rth264_cbp_from_code_inter[48];
extern const uint8_t rth264_code_from_cbp_intra[48], rth264_code_from_cbp_inter[48];

/* 8.5.6 inverse scanning: scan index -> raster index (4*y + x) in a 4x4 block. */
extern const uint8_t rth264_zigzag4x4[16], rth264_field_scan4x4[16];

/* 8.5.9 normAdjust4x4: v[qP % 6][class]; the class of raster position k is
 * rth264_coef_class4x4[k]: 0 when x and y are both even, 1 when both odd,
 * 2 otherwise. */
extern const uint8_t rth264_dequant4_v[6][3];
extern const uint8_t rth264_coef_class4x4[16];
/* Forward quantisation multipliers matching rth264_dequant4_v (encoder):
 * MF = round(2^15 * ... ) as commonly derived; same classes. */
extern const uint16_t rth264_quant4_mf[6][3];

/* Table 8-15: QPc as a function of qPI (0..51). */
extern const uint8_t rth264_chroma_qp[52];

/* Tables 8-16 and 8-17: alpha' and beta' by indexA / indexB (0..51), and tC0'
 * by [indexA][bS - 1] for bS 1..3. */
extern const uint8_t rth264_deblock_alpha[52], rth264_deblock_beta[52];
extern const uint8_t rth264_deblock_tc0[52][3];

/* 6.4.3: luma4x4BlkIdx -> position of the 4x4 block in units of 4 samples
 * and its raster index 4 * y + x, and [y][x] -> luma4x4BlkIdx. */
extern const uint8_t rth264_blk4x4_x[16], rth264_blk4x4_y[16], rth264_blk4x4_raster[16];
extern const uint8_t rth264_blk4x4_from_xy[4][4];

/* High profile 8x8 transform (added by the decoder): 8.5.7 frame zig-zag
 * scan (scan index -> raster 8*y + x), 8.5.9 normAdjust8x8 v[qP % 6][class]
 * and the class of each raster position (0: both %4 == 0, 1: both odd,
 * 2: both %4 == 2, 3: one %4 == 0 and the other odd, 4: one %4 == 0 and the
 * other %4 == 2, 5: otherwise). */
extern const uint8_t rth264_zigzag8x8[64];
extern const uint8_t rth264_dequant8_v[6][6];
extern const uint8_t rth264_coef_class8x8[64];

#endif
