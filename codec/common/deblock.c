/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>

#include "common/deblock.h"

static inline uint8_t clip_pixel(int v)
{
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

static inline int clip3(int lo, int hi, int v)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* 8.7.2.3: luma, bS < 4, one line. `s` steps across the edge. */
static inline void luma_line(uint8_t *p, ptrdiff_t s, int alpha, int beta, int tc0)
{
    const int p2 = p[-3 * s], p1 = p[-2 * s], p0 = p[-s];
    const int q0 = p[0], q1 = p[s], q2 = p[2 * s];
    if (abs(p0 - q0) >= alpha || abs(p1 - p0) >= beta || abs(q1 - q0) >= beta)
        return;
    const int ap = abs(p2 - p0) < beta, aq = abs(q2 - q0) < beta;
    const int tc = tc0 + ap + aq;
    const int delta = clip3(-tc, tc, (((q0 - p0) * 4) + (p1 - q1) + 4) >> 3);
    if (ap)
        p[-2 * s] = (uint8_t)(p1 + clip3(-tc0, tc0, (p2 + ((p0 + q0 + 1) >> 1) - 2 * p1) >> 1));
    if (aq)
        p[s] = (uint8_t)(q1 + clip3(-tc0, tc0, (q2 + ((p0 + q0 + 1) >> 1) - 2 * q1) >> 1));
    p[-s] = clip_pixel(p0 + delta);
    p[0] = clip_pixel(q0 - delta);
}

/* 8.7.2.4: luma, bS == 4, one line. */
static inline void luma_intra_line(uint8_t *p, ptrdiff_t s, int alpha, int beta)
{
    const int p3 = p[-4 * s], p2 = p[-3 * s], p1 = p[-2 * s], p0 = p[-s];
    const int q0 = p[0], q1 = p[s], q2 = p[2 * s], q3 = p[3 * s];
    if (abs(p0 - q0) >= alpha || abs(p1 - p0) >= beta || abs(q1 - q0) >= beta)
        return;
    const int strong = abs(p0 - q0) < ((alpha >> 2) + 2);
    if (strong && abs(p2 - p0) < beta) {
        p[-s] = (uint8_t)((p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4) >> 3);
        p[-2 * s] = (uint8_t)((p2 + p1 + p0 + q0 + 2) >> 2);
        p[-3 * s] = (uint8_t)((2 * p3 + 3 * p2 + p1 + p0 + q0 + 4) >> 3);
    } else {
        p[-s] = (uint8_t)((2 * p1 + p0 + q1 + 2) >> 2);
    }
    if (strong && abs(q2 - q0) < beta) {
        p[0] = (uint8_t)((p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 + 4) >> 3);
        p[s] = (uint8_t)((p0 + q0 + q1 + q2 + 2) >> 2);
        p[2 * s] = (uint8_t)((2 * q3 + 3 * q2 + q1 + q0 + p0 + 4) >> 3);
    } else {
        p[0] = (uint8_t)((2 * q1 + q0 + p1 + 2) >> 2);
    }
}

static inline void chroma_line(uint8_t *p, ptrdiff_t s, int alpha, int beta, int tc)
{
    const int p1 = p[-2 * s], p0 = p[-s], q0 = p[0], q1 = p[s];
    if (abs(p0 - q0) >= alpha || abs(p1 - p0) >= beta || abs(q1 - q0) >= beta)
        return;
    const int delta = clip3(-tc, tc, (((q0 - p0) * 4) + (p1 - q1) + 4) >> 3);
    p[-s] = clip_pixel(p0 + delta);
    p[0] = clip_pixel(q0 - delta);
}

static inline void chroma_intra_line(uint8_t *p, ptrdiff_t s, int alpha, int beta)
{
    const int p1 = p[-2 * s], p0 = p[-s], q0 = p[0], q1 = p[s];
    if (abs(p0 - q0) >= alpha || abs(p1 - p0) >= beta || abs(q1 - q0) >= beta)
        return;
    p[-s] = (uint8_t)((2 * p1 + p0 + q1 + 2) >> 2);
    p[0] = (uint8_t)((2 * q1 + q0 + p1 + 2) >> 2);
}

/* `across` steps over the edge, `along` walks the lines of the edge. */
static void luma_edge(uint8_t *pix, ptrdiff_t across, ptrdiff_t along, int alpha, int beta,
                      const int8_t *tc0)
{
    for (int seg = 0; seg < 4; seg++) {
        if (tc0[seg] < 0)
            continue;
        for (int k = 0; k < 4; k++)
            luma_line(pix + (4 * seg + k) * along, across, alpha, beta, tc0[seg]);
    }
}

static void chroma_edge(uint8_t *pix, ptrdiff_t across, ptrdiff_t along, int alpha, int beta,
                        const int8_t *tc0)
{
    for (int seg = 0; seg < 4; seg++) {
        if (tc0[seg] < 0)
            continue;
        for (int k = 0; k < 2; k++)
            chroma_line(pix + (2 * seg + k) * along, across, alpha, beta, tc0[seg] + 1);
    }
}

static void luma_v_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta, const int8_t *tc0)
{
    luma_edge(pix, 1, stride, alpha, beta, tc0);
}

static void luma_h_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta, const int8_t *tc0)
{
    luma_edge(pix, stride, 1, alpha, beta, tc0);
}

static void luma_internal_v_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                              const int8_t *tc0)
{
    for (int e = 1; e < 4; e++)
        luma_edge(pix + 4 * e, 1, stride, alpha, beta, tc0 + 4 * (e - 1));
}

static void luma_internal_h_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta,
                              const int8_t *tc0)
{
    for (int e = 1; e < 4; e++)
        luma_edge(pix + 4 * e * stride, stride, 1, alpha, beta, tc0 + 4 * (e - 1));
}

static void luma_intra_v_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta)
{
    for (int k = 0; k < 16; k++)
        luma_intra_line(pix + k * stride, 1, alpha, beta);
}

static void luma_intra_h_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta)
{
    for (int k = 0; k < 16; k++)
        luma_intra_line(pix + k, stride, alpha, beta);
}

static void chroma_v_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta, const int8_t *tc0)
{
    chroma_edge(pix, 1, stride, alpha, beta, tc0);
}

static void chroma_h_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta, const int8_t *tc0)
{
    chroma_edge(pix, stride, 1, alpha, beta, tc0);
}

static void chroma_intra_v_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta)
{
    for (int k = 0; k < 8; k++)
        chroma_intra_line(pix + k * stride, 1, alpha, beta);
}

static void chroma_intra_h_c(uint8_t *pix, ptrdiff_t stride, int alpha, int beta)
{
    for (int k = 0; k < 8; k++)
        chroma_intra_line(pix + k, stride, alpha, beta);
}

static void chroma_pair_v_c(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha, int beta,
                            const int8_t *tc0)
{
    chroma_edge(cb, 1, stride, alpha, beta, tc0);
    chroma_edge(cr, 1, stride, alpha, beta, tc0);
}

static void chroma_pair_h_c(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha, int beta,
                            const int8_t *tc0)
{
    chroma_edge(cb, stride, 1, alpha, beta, tc0);
    chroma_edge(cr, stride, 1, alpha, beta, tc0);
}

static void chroma_pair_intra_v_c(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha, int beta)
{
    chroma_intra_v_c(cb, stride, alpha, beta);
    chroma_intra_v_c(cr, stride, alpha, beta);
}

static void chroma_pair_intra_h_c(uint8_t *cb, uint8_t *cr, ptrdiff_t stride, int alpha, int beta)
{
    chroma_intra_h_c(cb, stride, alpha, beta);
    chroma_intra_h_c(cr, stride, alpha, beta);
}

void rth264_deblock_init(Rth264DeblockDsp *dsp, unsigned cpu_flags)
{
    dsp->luma_v = luma_v_c;
    dsp->luma_h = luma_h_c;
    dsp->luma_internal_v = luma_internal_v_c;
    dsp->luma_internal_h = luma_internal_h_c;
    dsp->luma_intra_v = luma_intra_v_c;
    dsp->luma_intra_h = luma_intra_h_c;
    dsp->chroma_v = chroma_v_c;
    dsp->chroma_h = chroma_h_c;
    dsp->chroma_intra_v = chroma_intra_v_c;
    dsp->chroma_intra_h = chroma_intra_h_c;
    dsp->chroma_pair_v = chroma_pair_v_c;
    dsp->chroma_pair_h = chroma_pair_h_c;
    dsp->chroma_pair_intra_v = chroma_pair_intra_v_c;
    dsp->chroma_pair_intra_h = chroma_pair_intra_h_c;
    /* Upgrade to the per-ISA versions the CPU supports. */
    (void)cpu_flags;
#if HAVE_ASM_X86
    rth264_deblock_init_x86(dsp, cpu_flags);
#endif
#if HAVE_ASM_AARCH64
    rth264_deblock_init_aarch64(dsp, cpu_flags);
#endif
}
