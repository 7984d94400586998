/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_ENCODER_HPEL_H
#define RTH264_ENCODER_HPEL_H

#include <stddef.h>
#include <stdint.h>

#include "common/frame.h"
#include "common/halfpel.h"

#define HPEL_PAD RTH264_FRAME_PAD_LUMA
/* How far outside the picture motion vectors may point (in samples): the
 * half-sample planes cover it, the filter taps stay inside the padding.
 * 2 * HPEL_MARGIN is a multiple of 16 (hpel_filter widths). 16: a 16x16
 * block may lie wholly in the replicated border, further out only repeats
 * it; the planes then cover 1.07x the 720p picture instead of 1.26x with
 * the full padding (same BD-rate on the natural and screen clips). */
#define HPEL_MARGIN 16
_Static_assert((2 * HPEL_MARGIN) % 16 == 0 && HPEL_MARGIN + 3 <= HPEL_PAD,
               "half-sample plane margin");

/* The planes are built lazily, a band of HPEL_BAND rows at a time, when a
 * search or a prediction is about to read it (rth264_hpel_ensure): a band
 * is then built right before the MB row that needs it reads it, still in
 * the cache, rather than a picture earlier; bands no vector reaches (still
 * pictures, P_Skip at full-sample vectors) are not built at all. Bands
 * start at row -HPEL_MARGIN. */
#define HPEL_BAND 16
/* Bands cover the margins and any height that is a multiple of 16 exactly. */
_Static_assert((2 * HPEL_MARGIN) % HPEL_BAND == 0 && 16 % HPEL_BAND == 0, "half-sample bands");

/* Half-sample planes of one reference frame (luma): [0] x + 1/2,
 * [1] y + 1/2, [2] both (NULL when built without it, see
 * rth264_hpel_alloc); same stride and padding as the frame. */
typedef struct EncHpel {
    uint8_t *plane[3];
    ptrdiff_t stride;
    int width, height;
    int bands;           /* rows -HPEL_MARGIN .. height + HPEL_MARGIN, HPEL_BAND each */
    uint8_t *built;      /* per band: holds the samples of src's content */
    const uint8_t *src;  /* the frame's luma (final, borders extended) */
    const Rth264HalfpelDsp *dsp;
    /* the kernels searching these planes: the half- and quarter-sample
     * rings of 16x16 blocks (me.c half_ring_from_full, quarter_ring) */
    Rth264SadQringFn sad_qring_16x16;
    Rth264SadAvg2SharedX8Fn sad_avg2_shared_x8_16x16;
    Rth264SadX8Fn sad_x8_16x16;
    uint8_t *buf;
    int poison; /* tests: fill the planes with garbage at each reset, so that
                 * a read of a band not built shows in the stream */
} EncHpel;

/* with_j 0: H and V only (plane[2] NULL); the quarter positions that
 * need J (rth264_hpel_needs_j) are then interpolated by the caller. */
int rth264_hpel_alloc(EncHpel *hp, int width, int height, ptrdiff_t stride, int with_j);
void rth264_hpel_free(EncHpel *hp);
/* The frame's luma src (borders extended, final) is what the planes
 * describe from now on; no band is built yet. dsp must outlive hp's use. */
void rth264_hpel_reset(EncHpel *hp, const uint8_t *src, const Rth264HalfpelDsp *dsp);
/* Builds the bands b0..b1 not built yet. */
void rth264_hpel_build_bands(EncHpel *hp, int b0, int b1);

/* Makes the plane rows y0..y1-1 (clamped to the planes' extent) valid
 * before anything reads them. */
static inline void rth264_hpel_ensure(EncHpel *hp, int y0, int y1)
{
    int b0 = (y0 + HPEL_MARGIN) / HPEL_BAND, b1 = (y1 - 1 + HPEL_MARGIN) / HPEL_BAND;
    b0 = b0 < 0 ? 0 : b0;
    b1 = b1 >= hp->bands ? hp->bands - 1 : b1;
    for (int b = b0; b <= b1; b++)
        if (!hp->built[b]) {
            rth264_hpel_build_bands(hp, b, b1);
            return;
        }
}

/* The two planes (and offsets) whose rounded average is quarter position
 * (fx, fy), 8.4.2.2.1 equations 8-250..8-261; the same plane twice for
 * full and half positions. Per position: plane (0 full, 1 H, 2 V, 3 J),
 * x offset and y offset of each of the two samples. */
static const uint8_t rth264_hpel_qpel_src[16][2][3] = {
    /* fy = 0 */ { { 0, 0, 0 }, { 0, 0, 0 } }, { { 0, 0, 0 }, { 1, 0, 0 } },
                 { { 1, 0, 0 }, { 1, 0, 0 } }, { { 0, 1, 0 }, { 1, 0, 0 } },
    /* fy = 1 */ { { 0, 0, 0 }, { 2, 0, 0 } }, { { 1, 0, 0 }, { 2, 0, 0 } },
                 { { 1, 0, 0 }, { 3, 0, 0 } }, { { 1, 0, 0 }, { 2, 1, 0 } },
    /* fy = 2 */ { { 2, 0, 0 }, { 2, 0, 0 } }, { { 2, 0, 0 }, { 3, 0, 0 } },
                 { { 3, 0, 0 }, { 3, 0, 0 } }, { { 3, 0, 0 }, { 2, 1, 0 } },
    /* fy = 3 */ { { 0, 0, 1 }, { 2, 0, 0 } }, { { 2, 0, 0 }, { 1, 0, 1 } },
                 { { 3, 0, 0 }, { 1, 0, 1 } }, { { 2, 1, 0 }, { 1, 0, 1 } },
};

/* Quarter-sample fractions whose sample involves J (8.4.2.2.1 j, f, i, k,
 * q): (2, 1..3) and (1..3, 2). */
static inline int rth264_hpel_needs_j(int mvx, int mvy)
{
    const int fx = mvx & 3, fy = mvy & 3;
    return (fx == 2 && fy) || (fy == 2 && fx);
}

/* Pointers a, b whose rounded average (a == b: a itself) is the block at
 * (x, y) displaced by the quarter-sample vector (mvx, mvy). The half-sample
 * samples read must be valid (rth264_hpel_ensure_block). */
static inline void rth264_hpel_ref(const EncHpel *hp, const uint8_t *full, int x, int y,
                                   int mvx, int mvy, const uint8_t **a, const uint8_t **b)
{
    /* Full and half planes share one stride (rth264_hpel_alloc). */
    const ptrdiff_t st = hp->stride;
    const int ix = x + (mvx >> 2), iy = y + (mvy >> 2);
    const uint8_t (*q)[3] = rth264_hpel_qpel_src[4 * (mvy & 3) + (mvx & 3)];
    const uint8_t *base[4] = { full, hp->plane[0], hp->plane[1], hp->plane[2] };
    *a = base[q[0][0]] + (iy + q[0][2]) * st + ix + q[0][1];
    *b = base[q[1][0]] + (iy + q[1][2]) * st + ix + q[1][1];
}

/* rth264_hpel_ensure for what rth264_hpel_ref reads of a block of h rows
 * at row y with vector (mvx, mvy): nothing for a full-sample vector. */
static inline void rth264_hpel_ensure_block(EncHpel *hp, int y, int h, int mvx, int mvy)
{
    if (!((mvx | mvy) & 3))
        return;
    const int iy = y + (mvy >> 2);
    rth264_hpel_ensure(hp, iy, iy + h + 1);
}

#endif
