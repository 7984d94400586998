/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_IPRED_H
#define RTH264_COMMON_IPRED_H

#include <stddef.h>
#include <stdint.h>

/*
 * Intra prediction (8.3). Every function predicts in place into dst, a block
 * inside a frame, and reads its neighbours from the frame itself:
 *   left column  dst[-1 + y * stride]   (y = 0 .. N-1)
 *   top row      dst[x - stride]        (x = 0 .. N-1)
 *   top-left     dst[-1 - stride]
 * only when the mode needs them (the DC_LEFT / DC_TOP / DC_128 variants exist
 * so that a mode never reads an unavailable neighbour). dst has no alignment
 * guarantee beyond 4 bytes for 4x4 and 8 for chroma, 16 for 16x16.
 *
 * 4x4 luma (8.3.1.2): modes 0..8 as Table 8-2 plus the DC variants. The
 * top-right four samples are read from `topright` (topright[0..3]), which the
 * caller points either at the frame (dst - stride + 4) or at a substitute of
 * four copies of the top row's last sample when they are not available
 * (8.3.1.2: "substituted by p[3,-1]"). Only modes 3 (diagonal down left) and
 * 7 (vertical left) use its values, but the C reference of every directional
 * mode (3..8) loads the whole edge, so `topright` must point at 4 readable
 * bytes for all of them (the decoder and encoder always pass one).
 *
 * 16x16 luma (8.3.3) and 8x8 chroma (8.3.4): V, H, DC, plane and DC variants.
 * Chroma DC follows 8.3.4.1-3: each 4x4 chroma block has its own DC, chosen
 * from top and/or left sums depending on its position; the DC_LEFT / DC_TOP
 * variants are the cases where only that neighbour is available.
 */

enum Rth264Intra4x4Mode {
    RTH264_I4_V = 0, RTH264_I4_H, RTH264_I4_DC, RTH264_I4_DDL, RTH264_I4_DDR,
    RTH264_I4_VR, RTH264_I4_HD, RTH264_I4_VL, RTH264_I4_HU,
    RTH264_I4_DC_LEFT, RTH264_I4_DC_TOP, RTH264_I4_DC_128,
    RTH264_I4_NUM
};

enum Rth264Intra16x16Mode {
    RTH264_I16_V = 0, RTH264_I16_H, RTH264_I16_DC, RTH264_I16_PLANE,
    RTH264_I16_DC_LEFT, RTH264_I16_DC_TOP, RTH264_I16_DC_128,
    RTH264_I16_NUM
};

/* Values of intra_chroma_pred_mode (7.4.5.1) come first. */
enum Rth264ChromaPredMode {
    RTH264_IC_DC = 0, RTH264_IC_H, RTH264_IC_V, RTH264_IC_PLANE,
    RTH264_IC_DC_LEFT, RTH264_IC_DC_TOP, RTH264_IC_DC_128,
    RTH264_IC_NUM
};

typedef void (*Rth264Pred4x4Fn)(uint8_t *dst, ptrdiff_t stride, const uint8_t *topright);
/* 8x8 luma (8.3.2, High profile): modes as enum Rth264Intra4x4Mode. The
 * neighbours are not read from the frame but from `edge`, the already
 * filtered reference samples of 8.3.2.2.1: edge[0] = p'[-1,-1],
 * edge[1 + x] = p'[x,-1] (x = 0..15), edge[-1 - y] = p'[-1,y] (y = 0..7). */
typedef void (*Rth264Pred8x8Fn)(uint8_t *dst, ptrdiff_t stride, const uint8_t *edge);
typedef void (*Rth264PredFn)(uint8_t *dst, ptrdiff_t stride);

typedef struct Rth264IpredDsp {
    Rth264Pred4x4Fn pred4x4[RTH264_I4_NUM];
    Rth264PredFn pred16x16[RTH264_I16_NUM];
    Rth264PredFn pred_chroma8x8[RTH264_IC_NUM]; /* one 8x8 chroma plane (4:2:0) */
    Rth264Pred8x8Fn pred8x8[RTH264_I4_NUM];     /* 8x8 luma, High profile */
} Rth264IpredDsp;

void rth264_ipred_init(Rth264IpredDsp *dsp, unsigned cpu_flags);

/* Plane prediction of an n x n block from its neighbours in the frame
 * (8.3.3.4: n = 16, scale 5; 8.3.4.4 for 4:2:0 chroma: n = 8, scale 34) is
 * pred[y][x] = Clip1((base + b * x + c * y) >> 5). One derivation of base,
 * b and c for the C reference and every SIMD version. */
typedef struct Rth264PlaneParams {
    int base, b, c;
} Rth264PlaneParams;

Rth264PlaneParams rth264_ipred_plane_params(const uint8_t *dst, ptrdiff_t stride, int n,
                                            int scale);

#if HAVE_ASM_X86
void rth264_ipred_init_x86(Rth264IpredDsp *dsp, unsigned cpu_flags);
#endif
#if HAVE_ASM_AARCH64
void rth264_ipred_init_aarch64(Rth264IpredDsp *dsp, unsigned cpu_flags);
#endif

#endif
