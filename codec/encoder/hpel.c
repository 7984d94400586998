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
int rth264_hpel_alloc(EncHpel *hp, int width, int height, ptrdiff_t stride)
{
    memset(hp, 0, sizeof(*hp));
    hp->width = width;
    hp->height = height;
    hp->stride = stride;
    const size_t n = (size_t)stride * (size_t)(height + 2 * HPEL_PAD);
    hp->buf = malloc(3 * n);
    if (!hp->buf) {
        rth264_hpel_free(hp);
        return -1;
    }
    for (int i = 0; i < 3; i++)
        hp->plane[i] = hp->buf + i * n + (size_t)HPEL_PAD * stride + HPEL_PAD;
    return 0;
}

void rth264_hpel_free(EncHpel *hp)
{
    free(hp->buf);
    memset(hp, 0, sizeof(*hp));
}

/* Fills H (x + 1/2), V (y + 1/2) and HV (both) for every position a
 * search may reach: the frame plus HPEL_PAD - 4 around it. The samples come
 * from the mc DSP (16x16 tiles at fractions (2,0), (0,2), (2,2)), which
 * reads at most 3 samples beyond a tile: inside the replicated padding. */
void rth264_hpel_build(EncHpel *hp, const uint8_t *src, const Rth264McDsp *mc)
{
    static const int8_t frac[3][2] = { { 2, 0 }, { 0, 2 }, { 2, 2 } };
    const int m = HPEL_PAD - 4;
    const ptrdiff_t st = hp->stride;
    const int xl = -m, xr = hp->width + m - 16, yt = -m, yb = hp->height + m - 16;
    for (int y = yt;; y += 16) {
        const int ty = y < yb ? y : yb;
        for (int x = xl;; x += 16) {
            const int tx = x < xr ? x : xr;
            for (int p = 0; p < 3; p++)
                mc->put_luma[RTH264_MC_W16](hp->plane[p] + ty * st + tx, st, src + ty * st + tx,
                                            st, 16, frac[p][0], frac[p][1]);
            if (tx == xr)
                break;
        }
        if (ty == yb)
            break;
    }
}

/* The two planes (and offsets) whose rounded average is quarter position
 * (fx, fy), 8.4.2.2.1 equations 8-250..8-261; the same plane twice for
 * full and half positions. */
void rth264_hpel_ref(const EncHpel *hp, const uint8_t *full, int x, int y, int mvx, int mvy,
                     const uint8_t **a, const uint8_t **b)
{
    const ptrdiff_t full_stride = hp->stride;
    const int ix = x + (mvx >> 2), iy = y + (mvy >> 2), fx = mvx & 3, fy = mvy & 3;
    const ptrdiff_t ds = hp->stride;
    const uint8_t *G = full + iy * full_stride + ix;
    const uint8_t *H = hp->plane[0] + iy * ds + ix, *V = hp->plane[1] + iy * ds + ix;
    const uint8_t *J = hp->plane[2] + iy * ds + ix;
    const uint8_t *p[16][2] = {
        /* fy = 0 */ { G, G }, { G, H }, { H, H }, { G + 1, H },
        /* fy = 1 */ { G, V }, { H, V }, { H, J }, { H, V + 1 },
        /* fy = 2 */ { V, V }, { V, J }, { J, J }, { J, V + 1 },
        /* fy = 3 */ { G + full_stride, V }, { V, H + ds }, { J, H + ds }, { V + 1, H + ds },
    };
    *a = p[4 * fy + fx][0];
    *b = p[4 * fy + fx][1];
}
