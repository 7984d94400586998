/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "encoder/hpel.h"

/*
 * Half-sample planes of a reference picture for motion search. The samples
 * are exactly those of 8.4.2.2.1 (b, h: 6-tap then (x + 16) >> 5; j: 6-tap of
 * the unrounded intermediates then (x + 512) >> 10), so quarter positions
 * built from them by rounded averaging are exact too, and a search costs no
 * filtering per candidate.
 */

/* Planes share the geometry of the reference frame (stride, padding), so
 * one stride addresses full and half samples alike. */
int rth264_hpel_alloc(EncHpel *hp, int width, int height, ptrdiff_t stride, int with_j)
{
    memset(hp, 0, sizeof(*hp));
    hp->width = width;
    hp->height = height;
    hp->stride = stride;
    const size_t n = (size_t)stride * (size_t)(height + 2 * HPEL_PAD);
    const int planes = with_j ? 3 : 2;
    hp->buf = malloc(planes * n);
    if (!hp->buf) {
        rth264_hpel_free(hp);
        return -1;
    }
    for (int i = 0; i < planes; i++)
        hp->plane[i] = hp->buf + i * n + (size_t)HPEL_PAD * stride + HPEL_PAD;
    return 0;
}

void rth264_hpel_free(EncHpel *hp)
{
    free(hp->buf);
    memset(hp, 0, sizeof(*hp));
}

/* Fills H (x + 1/2), V (y + 1/2) and HV (both, if allocated) for every position a
 * search may reach: vectors keep blocks within HPEL_MARGIN samples of the
 * picture (analyse.c mv_limits). hpel_filter reads 3 samples beyond that:
 * inside the replicated padding. */
void rth264_hpel_build(EncHpel *hp, const uint8_t *src, const Rth264HalfpelDsp *dsp)
{
    rth264_hpel_build_rows(hp, src, dsp, -HPEL_MARGIN, hp->height + HPEL_MARGIN);
}

/* Rows are independent (hpel_filter's contract): a band at a time gives
 * the same planes. */
static void filter_rows(EncHpel *hp, const uint8_t *src, const Rth264HalfpelDsp *dsp, int y0,
                        int y1)
{
    const int m = HPEL_MARGIN;
    const ptrdiff_t off = (ptrdiff_t)y0 * hp->stride - m;
    if (hp->plane[2])
        dsp->hpel_filter(hp->plane[0] + off, hp->plane[1] + off, hp->plane[2] + off, src + off,
                         hp->stride, hp->width + 2 * m, y1 - y0);
    else
        dsp->hpel_filter_hv(hp->plane[0] + off, hp->plane[1] + off, src + off, hp->stride,
                            hp->width + 2 * m, y1 - y0);
}

/* Rows y0 + 1 .. y1 - 1 of every plane as copies of row y0. */
static void repeat_row(EncHpel *hp, int y0, int y1)
{
    const int m = HPEL_MARGIN;
    const size_t n = (size_t)(hp->width + 2 * m);
    for (int i = 0; i < 3 && hp->plane[i]; i++) {
        const uint8_t *row = hp->plane[i] + (ptrdiff_t)y0 * hp->stride - m;
        for (int y = y0 + 1; y < y1; y++)
            memcpy(hp->plane[i] + (ptrdiff_t)y * hp->stride - m, row, n);
    }
}

/* Above row -2 and below row height the six vertical taps all read the
 * same replicated source row, so every plane row there is the same: v the
 * source row, h its horizontal filter, and j ((32 t + 512) >> 10 ==
 * (t + 16) >> 5) equal to h. Rows -HPEL_MARGIN..-3 and height+1..
 * height+HPEL_MARGIN-1 (29 of 752 at 720p) are therefore filtered once per
 * band and copied: the same planes for less work. */
void rth264_hpel_build_rows(EncHpel *hp, const uint8_t *src, const Rth264HalfpelDsp *dsp,
                            int y0, int y1)
{
    const int top = -2, bottom = hp->height + 1; /* rows that differ: top..bottom-1 */
    hp->sad_qring_16x16 = dsp->sad_qring_16x16;
    hp->sad_avg2_shared_x8_16x16 = dsp->sad_avg2_shared_x8_16x16;
    hp->sad_x8_16x16 = dsp->sad_x8_16x16;
    if (y0 < top) {
        const int end = y1 < top ? y1 : top;
        filter_rows(hp, src, dsp, y0, y0 + 1);
        repeat_row(hp, y0, end);
        y0 = end;
    }
    if (y0 >= y1)
        return;
    if (y1 <= bottom) {
        filter_rows(hp, src, dsp, y0, y1);
        return;
    }
    const int mid = y0 > bottom ? y0 : bottom;
    if (y0 < mid)
        filter_rows(hp, src, dsp, y0, mid);
    filter_rows(hp, src, dsp, mid, mid + 1);
    repeat_row(hp, mid, y1);
}
