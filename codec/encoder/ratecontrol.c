/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <math.h>

#include "encoder/encoder.h"

/*
 * Rate control for live video: no lookahead, no delay.
 *
 * A leaky bucket (buffer_fill, drained at the target rate every frame
 * interval) sets each frame's budget; a per-frame-type model
 *     bits = coef * complexity / qscale,  qscale = 0.85 * 2^((qp - 12) / 6)
 * turns the budget and the frame's complexity estimate (SAD/variance before
 * coding) into a QP; during the frame, each macroblock's QP follows the
 * bits spent so far against the share of complexity already coded.
 *
 * A static picture (screen content between edits) is refined instead: its
 * P frames cost nothing at the QP it was coded at, and recoding it one QP
 * lower per frame buys little (the new quantiser zeroes most of what the
 * old one left), so the QP is held while the buffer drains and then
 * lowered by REFINE_STEP in one frame that may use the whole buffer. When
 * such a picture scrolls or changes in part, the new part is coded at the
 * QP of the rest (as far as the buffer allows) instead of the model's.
 */

#define STATIC_SHARE 0.9   /* MBs unchanged for a picture to count as static */
#define MOVED_SHARE 0.75   /* MBs unchanged or scrolled for a partial change */
#define REFINE_STEP 6      /* QP step of one refinement (half the quantiser step) */

/* RateControl.refine: how a frame of a static picture is coded. */
enum RcStaticMode {
    RC_NORMAL = 0,
    RC_HOLD,       /* unchanged: QP of the picture, nearly all P_Skip */
    RC_REFINE,     /* unchanged: one QP step finer, may use the room left */
    RC_PARTIAL,    /* scrolled or partly edited: the new part at the picture's QP */
};

static double qp_to_qscale(double qp)
{
    return 0.85 * pow(2.0, (qp - 12.0) / 6.0);
}

static double qscale_to_qp(double qs)
{
    return 12.0 + 6.0 * log2(qs / 0.85);
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static double buffer_bits(const Rth264EncoderSettings *s)
{
    int ms = s->buffer_ms;
    if (s->rc_mode == RTH264_RC_VBR && ms < 1000)
        ms = 1000;
    return (double)s->bitrate * ms / 1000.0;
}

void rth264_rc_update_settings(RateControl *rc, const Rth264EncoderSettings *s)
{
    rc->mode = s->rc_mode;
    rc->bitrate = s->bitrate;
    rc->max_bitrate = s->max_bitrate ? s->max_bitrate : 1.5 * s->bitrate;
    rc->fps = (double)s->fps_num / s->fps_den;
    const double new_size = buffer_bits(s);
    /* Keep the relative fullness: a new rate starts from the same state
     * instead of draining (or flooding) the old rate's backlog. */
    if (rc->buffer_size > 0)
        rc->buffer_fill *= new_size / rc->buffer_size;
    rc->buffer_size = new_size;
    if (rc->buffer_fill > rc->buffer_size)
        rc->buffer_fill = rc->buffer_size;
    rc->qp_min = s->qp_min;
    rc->qp_max = s->qp_max;
    rc->qp_const = s->qp;
    /* Intra refresh recodes every column once a period at the QP of the
     * moment: refining a static picture would only raise that cost. */
    rc->static_modes = !s->intra_refresh;
    /* From the default speed on (api.c apply_speed) the QP is re-planned
     * once per group of four macroblocks (a power of two). Every other MB:
     * natural BD-rate -5.9% -> -5.8% at speed 10, screen -35.6% -> -35.8%,
     * 0.6% fewer instructions; at speed 5 natural -17.7% -> -17.8%, screen
     * -37.4% unchanged, 0.7% fewer. Groups of four: see docs. */
    rc->mb_qp_group = s->speed >= 5 ? 4 : 1;
}

void rth264_rc_init(RateControl *rc, const Rth264EncoderSettings *s)
{
    *rc = (RateControl){ 0 };
    rth264_rc_update_settings(rc, s);
    /* Start at the fill the controller steers to, so the first frames do
     * not front-load half a buffer of extra bits (short streams would
     * overshoot by that much). */
    rc->buffer_fill = 0.5 * rc->buffer_size;
    /* Conservative first guesses (bits per unit of SAD at qscale 1): the
     * model adapts after one frame of each type. */
    rc->cplx_coef[0] = 0.5;
    rc->cplx_coef[1] = 0.45;
    rc->last_qp[0] = rc->last_qp[1] = -1;
    rc->picture_qp = -1;
}

/* Static picture: hold its QP (near empty frames) until the buffer has
 * room for a refinement like the last one, then step the QP down. Right
 * after a static frame, a mostly unchanged or scrolled input keeps the
 * picture's QP. Returns the QP, or -1 for the normal model. */
static int plan_static(RateControl *rc, int is_idr)
{
    const int was_static = rc->refine != RC_NORMAL;
    rc->refine = RC_NORMAL;
    if (is_idr || rc->picture_qp < 0 || !rc->static_modes)
        return -1;
    const double avg = rc->bitrate / rc->fps;
    const double room = rc->buffer_size - rc->buffer_fill + avg;
    /* What a refinement or a partial change may take: the room, less a
     * margin that keeps the next frame clear of the drop threshold. */
    double big = room - 1.5 * avg < 0.9 * room ? room - 1.5 * avg : 0.9 * room;
    if (big < 0.5 * avg)
        big = 0.5 * avg;
    if (rc->static_share < STATIC_SHARE) {
        if (!was_static || rc->moved_share < MOVED_SHARE)
            return -1;
        rc->refine = RC_PARTIAL;
        rc->frame_target = big;
        return rc->picture_qp;
    }
    const double need = rc->refine_bits > 0 ? 1.1 * rc->refine_bits : 0.5 * rc->buffer_size;
    if (big < need && rc->buffer_fill > avg) {
        rc->refine = RC_HOLD;
        rc->frame_target = 0.5 * avg;
        /* Held frames that still cost (small edits) must not fill the
         * buffer for good. */
        const double fill = rc->buffer_fill / rc->buffer_size;
        return rc->picture_qp + (fill > 0.8 ? (int)lrint(30.0 * (fill - 0.8)) : 0);
    }
    rc->refine = RC_REFINE;
    rc->frame_target = big;
    return rc->picture_qp - REFINE_STEP;
}

/* Bits this frame may use: the average frame, corrected towards a half full
 * buffer, never enough to overflow it. IDRs get a bounded multiple. */
static double frame_budget(const RateControl *rc, int is_idr)
{
    const double avg = rc->bitrate / rc->fps;
    const double target_fill = 0.5 * rc->buffer_size;
    /* A frame much harder than usual (a scene or page change) may take more
     * of the buffer, an easy one leaves room: closer to constant quality. */
    double share = 1.0;
    if (!is_idr && rc->cplx_avg > 0) {
        share = pow(rc->frame_cplx / rc->cplx_avg, 0.5);
        share = share < 0.5 ? 0.5 : share > 6.0 ? 6.0 : share;
    }
    double t = avg * share + (target_fill - rc->buffer_fill) * 0.25;
    if (is_idr) {
        double idr = 3.0 * avg;
        if (idr > 0.6 * rc->buffer_size)
            idr = 0.6 * rc->buffer_size;
        t = idr > avg ? idr : avg;
    }
    const double room = rc->buffer_size - rc->buffer_fill + avg;
    if (t > 0.9 * room)
        t = 0.9 * room;
    if (rc->mode == RTH264_RC_VBR && !is_idr && t > rc->max_bitrate / rc->fps)
        t = rc->max_bitrate / rc->fps;
    if (t < 0.15 * avg)
        t = 0.15 * avg;
    return t;
}

int rth264_rc_frame_start(RateControl *rc, int is_idr, double cplx, int *drop)
{
    const int type = is_idr ? 0 : 1;
    *drop = 0;
    rc->frame_cplx = cplx > 1 ? cplx : 1;
    rc->bits_done = 0;
    rc->mb_cplx_done = 0;
    rc->qp_sum = rc->qp_count = 0;
    if (rc->mode == RTH264_RC_CQP) {
        rc->frame_qp = rc->qp_const;
        return rc->frame_qp;
    }
    const double avg = rc->bitrate / rc->fps;
    if (*drop == 0 && !is_idr && rc->buffer_fill > rc->buffer_size - 0.5 * avg)
        *drop = -1; /* candidate: the caller decides if dropping is allowed */
    const int refine_qp = plan_static(rc, is_idr);
    if (refine_qp >= 0) {
        rc->frame_qp = clampi(refine_qp, rc->qp_min, rc->qp_max);
        return rc->frame_qp;
    }
    rc->frame_target = frame_budget(rc, is_idr);
    double coef = rc->cplx_coef[type];
    if (!rc->have_coef[type] && type == 1 && rc->have_coef[0])
        coef = rc->cplx_coef[0] * 0.5;
    double qs = coef * rc->frame_cplx / rc->frame_target;
    int qp = (int)lrint(qscale_to_qp(qs));
    if (rc->last_qp[1] >= 0 && !is_idr) {
        /* Keep P-frame quality steady; the buffer term handles the rest. */
        qp = clampi(qp, rc->last_qp[1] - 6, rc->last_qp[1] + 8);
    }
    rc->frame_qp = clampi(qp, rc->qp_min, rc->qp_max);
    return rc->frame_qp;
}

/* QP of the next macroblock: re-plan the rest of the frame from what is
 * left of the budget and of the complexity. */
static int mb_qp(const RateControl *rc, int mb_index, int mb_count)
{
    if (mb_index < mb_count / 32 || rc->mb_cplx_done <= 0)
        return rc->frame_qp;
    /* A held or refined static picture: only a raise against overflow. */
    if (rc->refine) {
        if (rc->bits_done <= rc->frame_target)
            return rc->frame_qp;
        return clampi(rc->frame_qp + 6, rc->qp_min, rc->qp_max);
    }
    /* Projected frame size if the rest codes like what is done so far. */
    const double done = rc->mb_cplx_done / rc->frame_cplx;
    const double projected = rc->bits_done / (done > 0.02 ? done : 0.02);
    double ratio = (projected + 1) / (rc->frame_target + 1);
    /* Trust the projection more as the frame progresses. */
    const double weight = 0.5 + 0.5 * (done < 1 ? done : 1);
    /* Within 2^(+-1/12) (here a little inside) |6 log2(ratio) weight| <
     * 0.5 for any weight <= 1: no log2 for the common on-target MB. */
    int delta = ratio > 0.944 && ratio < 1.059 ? 0 : (int)lrint(6.0 * log2(ratio) * weight);
    /* Overshooting a frame costs buffer (and latency); undershooting only a
     * little quality, so allow more upward correction. */
    /* Lower QP only once enough of the frame vouches for the projection. */
    delta = clampi(delta, done > 0.3 ? -8 : -4, 12);
    if (rc->bits_done > rc->frame_target)
        delta = clampi(delta + 6, -4, 51);
    return clampi(rc->frame_qp + delta, rc->qp_min, rc->qp_max);
}

/* The MBs of a group after its first keep the QP planned for the first. */
int rth264_rc_mb_qp(RateControl *rc, int mb_index, int mb_count, double mb_cplx)
{
    (void)mb_cplx;
    if (rc->mode == RTH264_RC_CQP)
        return rc->qp_const;
    if (mb_index & (rc->mb_qp_group - 1))
        return rc->mb_qp; /* the group's first MB's */
    rc->mb_qp = mb_qp(rc, mb_index, mb_count);
    return rc->mb_qp;
}

void rth264_rc_mb_done(RateControl *rc, double mb_cplx, int bits, int qp)
{
    rc->mb_cplx_done += mb_cplx;
    rc->bits_done += bits;
    rc->qp_sum += qp;
    rc->qp_count++;
}

void rth264_rc_frame_end(RateControl *rc, int is_idr, int bits, double cplx)
{
    const int type = is_idr ? 0 : 1;
    const double avg = rc->bitrate / rc->fps;
    if (!is_idr && !rc->refine)
        rc->cplx_avg = rc->cplx_avg > 0 ? 0.8 * rc->cplx_avg + 0.2 * cplx : cplx;
    rc->buffer_fill += bits - avg;
    if (rc->buffer_fill < 0)
        rc->buffer_fill = 0;
    rc->total_bits += bits;
    rc->frames++;
    if (rc->mode == RTH264_RC_CQP || rc->qp_count == 0)
        return;
    const double qp_avg = (double)rc->qp_sum / rc->qp_count;
    if (rc->refine == RC_REFINE) {
        rc->refine_bits = bits;
        rc->picture_qp = rc->frame_qp;
    }
    if (rc->refine != RC_NORMAL) /* a static picture says little about the next change */
        return;
    rc->picture_qp = (int)lrint(qp_avg);
    const double observed = bits * qp_to_qscale(qp_avg) / (cplx > 1 ? cplx : 1);
    if (rc->have_coef[type])
        rc->cplx_coef[type] = 0.6 * rc->cplx_coef[type] + 0.4 * observed;
    else
        rc->cplx_coef[type] = observed;
    rc->have_coef[type] = 1;
    rc->last_qp[type] = (int)lrint(qp_avg);
}

void rth264_rc_frame_dropped(RateControl *rc)
{
    rc->buffer_fill -= rc->bitrate / rc->fps;
    if (rc->buffer_fill < 0)
        rc->buffer_fill = 0;
}
