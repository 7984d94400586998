/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_ENCODER_ME_H
#define RTH264_ENCODER_ME_H

#include <stddef.h>
#include <stdint.h>

#include "common/mc.h"
#include "common/pixel.h"
#include "encoder/hpel.h"

/* One motion search problem: a partition of w x h luma samples. */
typedef struct EncMe {
    const uint8_t *src;       /* block in the source picture */
    ptrdiff_t src_stride;
    const uint8_t *ref;       /* co-located block in the (padded) reference */
    ptrdiff_t ref_stride;
    int w, h;
    Rth264SadFn sad;
    Rth264SatdFn satd;
    Rth264SadAvg2Fn sad_avg2;  /* against the average of two half-sample planes */
    Rth264SatdAvg2Fn satd_avg2;
    Rth264SadAvg2X4Fn sad_avg2_x4; /* four quarter-sample candidates at once */
    Rth264SadX3Fn sad_x3;     /* several candidates at once (integer search) */
    Rth264SadX4Fn sad_x4;
    Rth264McLumaFn mc;        /* sub-sample costs without hpel planes */
    EncHpel *hpel;            /* half-sample planes of the reference, or NULL (built on demand) */
    const uint8_t *ref_plane; /* the reference's luma origin (with hpel) */
    int px, py;               /* block position in the picture */
    const uint8_t *plane_at[4]; /* with hpel: full, H, V, J planes at (px, py) */
    int16_t mvp[2];           /* predictor: mvd = mv - mvp */
    int min[2], max[2];       /* allowed vectors, quarter samples, inclusive */
    int lambda;
    const uint8_t *mv_bits;   /* bits of se(v), indexable by -MV_BITS_RANGE..+ */
    int max_iter;             /* hexagon iterations */
    int half_rounds;          /* half-sample refinement rounds (0: none) */
    int qpel_rounds;          /* quarter-sample refinement rounds (0: none) */
    int half_diamond;         /* half-sample rounds: 4 points (diamond), else 8 */
    int qpel_diamond;         /* quarter-sample rounds: 4 points (diamond), else 8 */
    int good_enough;          /* best candidate cost below this: no integer search */
    int sad_result;           /* return 5/4 of the SAD cost instead of a SATD */
} EncMe;

#define MV_BITS_RANGE 16384

int rth264_enc_me_search(const EncMe *me, const int16_t (*cands)[2], int num_cands,
                         int16_t mv[2]);

#endif
