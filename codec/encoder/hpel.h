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
 * 2 * HPEL_MARGIN is a multiple of 16 (hpel_filter widths). */
#define HPEL_MARGIN (HPEL_PAD - 8)
_Static_assert((2 * HPEL_MARGIN) % 16 == 0 && HPEL_MARGIN + 3 <= HPEL_PAD,
               "half-sample plane margin");

/* Half-sample planes of one reference frame (luma): [0] x + 1/2,
 * [1] y + 1/2, [2] both; same stride and padding as the frame. */
typedef struct EncHpel {
    uint8_t *plane[3];
    ptrdiff_t stride;
    int width, height;
    int valid;           /* built for the frame's current content */
    uint8_t *buf;
} EncHpel;

int rth264_hpel_alloc(EncHpel *hp, int width, int height, ptrdiff_t stride);
void rth264_hpel_free(EncHpel *hp);
/* src: the frame's luma plane (borders extended), stride hp->stride;
 * width and height multiples of 16. */
void rth264_hpel_build(EncHpel *hp, const uint8_t *src, const Rth264HalfpelDsp *dsp);
/* Pointers a, b whose rounded average (a == b: a itself) is the block at
 * (x, y) displaced by the quarter-sample vector (mvx, mvy). */
void rth264_hpel_ref(const EncHpel *hp, const uint8_t *full, int x, int y, int mvx, int mvy,
                     const uint8_t **a, const uint8_t **b);

#endif
