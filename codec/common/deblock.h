/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_DEBLOCK_H
#define RTH264_COMMON_DEBLOCK_H

#include <stddef.h>
#include <stdint.h>

/*
 * Edge filters of the deblocking filter (8.7.2.3, 8.7.2.4).
 *
 * `pix` points at q0 of the first line of the edge: for a vertical edge
 * (the *_v functions, filtering horizontally across a vertical boundary) the
 * samples p2 p1 p0 | q0 q1 q2 of line k are pix[k*stride - 3 .. + 2]; for a
 * horizontal edge (*_h) they are pix[-3*stride + k] .. pix[2*stride + k]. Luma
 * reads p3..q3 (4 on each side) for bS=4 and writes p2..q2; bS<4 reads p2..q2
 * and writes p1..q1. Chroma reads p1..q1 and writes p0,q0. SIMD versions may
 * read (never write) up to 6 samples before and 4 after q0 on each line
 * of a vertical edge (the frames are padded).
 *
 * Luma edges are 16 samples long; chroma edges 8 (4:2:0).
 * alpha, beta: the already-indexed thresholds alpha'/beta' (Table 8-16,
 * 0..255 and 0..18); alpha == 0 means no filtering at all.
 * tc0[4]: one value per segment of 4 luma lines (Table 8-17, 0..25), or -1
 * for a segment with bS = 0 that must stay untouched. For chroma, segment i
 * covers chroma lines 2i, 2i+1 and the function uses tc = tc0 + 1 (8.7.2.3).
 * The *_intra functions are bS = 4 (every line filtered).
 *
 * The chroma_pair_* functions filter the same edge of Cb (`cb`) and Cr
 * (`cr`, same stride) with the same thresholds: one call where the two
 * planes share QPc (always unless the two chroma QP offsets differ), so SIMD
 * can fill 16 lanes with 8 Cb and 8 Cr lines.
 *
 * luma_internal_v (luma_internal_h) filters the three internal vertical
 * (horizontal) luma edges of a macroblock (x (y) = 4, 8, 12, in that order,
 * bS < 4) with one alpha/beta:
 * `pix` is the macroblock's top-left sample and tc0[12] holds edge e's four
 * segments at tc0[4 * (e - 1)] (all -1: the edge is skipped). It is the
 * same as luma_v on pix + 4, + 8, + 12 (luma_h on pix + 4 * stride, ...),
 * but SIMD can transpose the block once for the three edges, or keep the
 * rows. They read and write only the 16x16 block.
 */

typedef void (*Rth264DeblockFn)(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                                const int8_t *tc0);
typedef void (*Rth264DeblockIntraFn)(uint8_t *pix, ptrdiff_t stride, int alpha, int beta);
typedef void (*Rth264DeblockPairFn)(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha,
                                    int beta, const int8_t *tc0);
typedef void (*Rth264DeblockPairIntraFn)(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha,
                                         int beta);

typedef struct Rth264DeblockDsp {
    Rth264DeblockFn luma_v, luma_h;          /* bS 1..3 */
    Rth264DeblockFn luma_internal_v, luma_internal_h; /* edges 4, 8, 12 of a MB, tc0[12] */
    Rth264DeblockIntraFn luma_intra_v, luma_intra_h; /* bS 4 */
    Rth264DeblockFn chroma_v, chroma_h;
    Rth264DeblockIntraFn chroma_intra_v, chroma_intra_h;
    Rth264DeblockPairFn chroma_pair_v, chroma_pair_h;
    Rth264DeblockPairIntraFn chroma_pair_intra_v, chroma_pair_intra_h;
} Rth264DeblockDsp;

void rth264_deblock_init(Rth264DeblockDsp *dsp, unsigned cpu_flags);

#if HAVE_ASM_X86
void rth264_deblock_init_x86(Rth264DeblockDsp *dsp, unsigned cpu_flags);
#endif
#if HAVE_ASM_AARCH64
void rth264_deblock_init_aarch64(Rth264DeblockDsp *dsp, unsigned cpu_flags);
#endif

#endif
