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
    hp->bands = (height + 2 * HPEL_MARGIN + HPEL_BAND - 1) / HPEL_BAND;
    const size_t n = (size_t)stride * (size_t)(height + 2 * HPEL_PAD);
    const int planes = with_j ? 3 : 2;
    hp->buf = malloc(planes * n);
    hp->built = calloc((size_t)hp->bands, 1);
    if (!hp->buf || !hp->built) {
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
    free(hp->built);
    memset(hp, 0, sizeof(*hp));
}

void rth264_hpel_reset(EncHpel *hp, const uint8_t *src, const Rth264HalfpelDsp *dsp)
{
    hp->src = src;
    hp->dsp = dsp;
    hp->sad_qring_16x16 = dsp->sad_qring_16x16;
    hp->sad_avg2_shared_x8_16x16 = dsp->sad_avg2_shared_x8_16x16;
    hp->sad_x8_16x16 = dsp->sad_x8_16x16;
    memset(hp->built, 0, (size_t)hp->bands);
    if (hp->poison) {
        const size_t n = (size_t)hp->stride * (size_t)(hp->height + 2 * HPEL_PAD);
        memset(hp->buf, 0x5a, (hp->plane[2] ? 3 : 2) * n);
    }
}

/* Rows y0..y1-1 of every plane, the full width a vector may reach (the
 * filter's rows and columns are independent: any rectangle gives the
 * samples of the whole plane). Vectors keep blocks within HPEL_MARGIN
 * samples of the picture (analyse.c mv_limits), the filter reads 3
 * samples beyond: inside the frame's replicated padding (HPEL_MARGIN + 3
 * <= HPEL_PAD). */
static void filter_rows(EncHpel *hp, int y0, int y1)
{
    const int m = HPEL_MARGIN;
    const ptrdiff_t off = (ptrdiff_t)y0 * hp->stride - m;
    if (hp->plane[2])
        hp->dsp->hpel_filter(hp->plane[0] + off, hp->plane[1] + off, hp->plane[2] + off,
                             hp->src + off, hp->stride, hp->width + 2 * m, y1 - y0);
    else
        hp->dsp->hpel_filter_hv(hp->plane[0] + off, hp->plane[1] + off, hp->src + off,
                                hp->stride, hp->width + 2 * m, y1 - y0);
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
 * (t + 16) >> 5) equal to h. Such rows are filtered once per call and
 * copied: the same planes for less work. */
static void build_rows(EncHpel *hp, int y0, int y1)
{
    const int top = -2, bottom = hp->height + 1; /* rows that differ: top..bottom-1 */
    if (y0 < top) {
        const int end = y1 < top ? y1 : top;
        filter_rows(hp, y0, y0 + 1);
        repeat_row(hp, y0, end);
        y0 = end;
    }
    if (y0 >= y1)
        return;
    if (y1 <= bottom) {
        filter_rows(hp, y0, y1);
        return;
    }
    const int mid = y0 > bottom ? y0 : bottom;
    if (y0 < mid)
        filter_rows(hp, y0, mid);
    filter_rows(hp, mid, mid + 1);
    repeat_row(hp, mid, y1);
}

/* Runs of missing bands: one build per run. */
void rth264_hpel_build_bands(EncHpel *hp, int b0, int b1)
{
    for (int b = b0; b <= b1;) {
        if (hp->built[b]) {
            b++;
            continue;
        }
        const int start = b;
        while (b <= b1 && !hp->built[b])
            hp->built[b++] = 1;
        build_rows(hp, start * HPEL_BAND - HPEL_MARGIN, b * HPEL_BAND - HPEL_MARGIN);
    }
}
