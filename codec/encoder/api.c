/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"
#include "common/cpu.h"
#include "encoder/encoder.h"
#include "encoder/me.h"

/* The VUI fields were carved out of reserved[]: the struct must keep its
 * size so callers built against the older header stay compatible. */
_Static_assert(sizeof(Rth264EncoderSettings) == 23 * sizeof(int) + 64,
               "Rth264EncoderSettings changed size: take new fields from reserved[]");

void rth264_encoder_default_settings(Rth264EncoderSettings *s)
{
    if (!s)
        return;
    memset(s, 0, sizeof(*s));
    s->fps_num = 30;
    s->fps_den = 1;
    s->profile = RTH264_PROFILE_CONSTRAINED_BASELINE;
    s->rc_mode = RTH264_RC_CBR;
    s->bitrate = 1000000;
    s->buffer_ms = 300;      /* small: WebRTC wants little queueing */
    s->qp = 26;
    s->qp_min = 10;
    s->qp_max = 51;
    s->keyint = 0;           /* keyframes only on request */
    s->slice_mode = RTH264_SLICE_SINGLE;
    s->slice_max_mbs = 0;
    s->slice_max_bytes = 1200;
    s->refs = 1;
    s->speed = 5;
    s->cpu_mask = RTH264_CPU_ALL;
    s->colour_primaries = 2; /* H.273: unspecified */
    s->transfer_characteristics = 2;
    s->matrix_coefficients = 2;
}

#define CHECK(cond, text)      \
    do {                       \
        if (!(cond)) {         \
            *msg = text;       \
            return RTH264_ERR_INVAL; \
        }                      \
    } while (0)

static int validate_rate(const Rth264EncoderSettings *s, const char **msg)
{
    CHECK(s->rc_mode >= RTH264_RC_CBR && s->rc_mode <= RTH264_RC_CQP,
          "rc_mode must be CBR, VBR or CQP");
    CHECK(s->qp >= 0 && s->qp <= 51, "qp must be within 0..51");
    CHECK(s->qp_min >= 0 && s->qp_max <= 51 && s->qp_min <= s->qp_max,
          "qp_min/qp_max must satisfy 0 <= qp_min <= qp_max <= 51");
    if (s->rc_mode != RTH264_RC_CQP) {
        CHECK(s->bitrate >= 1000, "bitrate must be at least 1000 bit/s");
        CHECK(s->buffer_ms >= 10 && s->buffer_ms <= 60000, "buffer_ms must be within 10..60000");
        CHECK(s->max_bitrate == 0 || s->max_bitrate >= s->bitrate,
              "max_bitrate must be 0 or at least bitrate");
    }
    return 0;
}

static int validate(const Rth264EncoderSettings *s, const char **msg)
{
    CHECK(s->width >= 16 && s->height >= 16, "width and height must be at least 16");
    CHECK(s->width <= 8192 && s->height <= 8192, "width and height must be at most 8192");
    CHECK(((s->width + 15) / 16) * ((s->height + 15) / 16) <= 36864,
          "picture larger than level 5.2 allows (36864 macroblocks)");
    CHECK(s->fps_num > 0 && s->fps_den > 0, "fps_num and fps_den must be positive");
    CHECK((double)s->fps_num / s->fps_den <= 1000.0, "frame rate above 1000 fps");
    CHECK(s->profile == RTH264_PROFILE_CONSTRAINED_BASELINE || s->profile == RTH264_PROFILE_BASELINE,
          "profile must be constrained baseline or baseline");
    CHECK(s->keyint >= 0, "keyint must be >= 0");
    CHECK(s->intra_refresh_period >= 0, "intra_refresh_period must be >= 0");
    CHECK(s->slice_mode >= RTH264_SLICE_SINGLE && s->slice_mode <= RTH264_SLICE_MAX_BYTES,
          "unknown slice_mode");
    CHECK(s->slice_mode != RTH264_SLICE_FIXED_MBS || s->slice_max_mbs >= 1,
          "slice_max_mbs must be >= 1");
    CHECK(s->slice_mode != RTH264_SLICE_MAX_BYTES || s->slice_max_bytes >= 100,
          "slice_max_bytes must be >= 100");
    CHECK(s->refs >= 1 && s->refs <= ENC_MAX_REFS, "refs must be within 1..4");
    CHECK(s->speed >= 0 && s->speed <= 10, "speed must be within 0..10");
    CHECK(s->sar_num >= 0 && s->sar_num <= 65535 && s->sar_den >= 0 && s->sar_den <= 65535,
          "sar_num and sar_den must be within 0..65535");
    CHECK(s->full_range == 0 || s->full_range == 1, "full_range must be 0 or 1");
    CHECK(s->colour_primaries >= 0 && s->colour_primaries <= 255 &&
          s->transfer_characteristics >= 0 && s->transfer_characteristics <= 255 &&
          s->matrix_coefficients >= 0 && s->matrix_coefficients <= 255,
          "colour_primaries, transfer_characteristics and matrix_coefficients must be 0..255");
    return validate_rate(s, msg);
}

/* Search effort by speed level, 0 (slowest, best) .. 10 (fastest); the
 * default is 5. BD-rate against openh264enc on the 720p camera clip and
 * frames per CPU second (tests/bench/quick_rd.py, busy 2-core machine) are
 * in docs/architecture.md. Sub-sample search (quarter samples above all)
 * is where the compression comes from; partitions, RD mode decision and
 * intra in P slices add little on camera video. */
static void apply_speed(Rth264Encoder *enc)
{
    /* good: a 16x16 candidate costing less (SAD + lambda * mv bits) skips
     * the integer search (8 per sample; 0: always search); hdia, qdia:
     * half/quarter-sample rounds test the 4-point diamond, not the square;
     * noj: no J (centre) half-sample plane, the search skips the positions
     * that need it (me.c quarter_ring_no_j; measured at speed 9 -6.0% ->
     * -6.9% BD-rate, at 10 -2.9% -> -6.1%, with ~half the plane-building
     * cost; at 8 -15.3% -> -9.1% and at 5 -18.1% -> -12.1%: the
     * half-sample squares need J). */
    static const struct {
        uint8_t me_iter, half, qpel, partitions, i4, rd_i4, rd_mb, intra_gate, hdia, qdia, noj;
        uint16_t good;
    } levels[11] = {
        { 24, 3, 3, 1, 1, 9, 1, 0, 0, 0, 0, 0 },      { 16, 3, 3, 1, 1, 9, 1, 0, 0, 0, 0, 0 },
        { 16, 2, 2, 1, 1, 4, 1, 0, 0, 0, 0, 0 },      { 8, 2, 2, 0, 1, 3, 1, 50, 0, 0, 0, 2048 },
        { 6, 2, 2, 0, 1, 2, 0, 50, 0, 0, 0, 2048 },   { 4, 2, 1, 0, 1, 0, 0, 75, 0, 0, 0, 2048 },
        { 4, 2, 1, 0, 1, 0, 0, 100, 0, 0, 0, 2048 },  { 2, 2, 1, 0, 0, 0, 0, 100, 0, 0, 0, 2048 },
        { 1, 2, 1, 0, 0, 0, 0, 250, 0, 0, 0, 2048 },  { 1, 2, 1, 0, 0, 0, 0, 250, 1, 1, 1, 2048 },
        { 0, 1, 1, 0, 0, 0, 0, 250, 1, 1, 1, 2048 },
    };
    const int sp = enc->s.speed;
    enc->me_iter = levels[sp].me_iter;
    enc->me_half = levels[sp].half;
    enc->me_qpel = levels[sp].qpel;
    enc->use_partitions = levels[sp].partitions;
    enc->use_i4 = levels[sp].i4;
    enc->rd_i4 = levels[sp].rd_i4;
    enc->rd_mb = levels[sp].rd_mb;
    enc->intra_gate = levels[sp].intra_gate;
    enc->use_subparts = sp <= 2; /* 8x4 / 4x8: at most 8 vectors per MB (A.3.1 MaxMvsPer2Mb) */
    enc->part_iter = sp <= 2 ? 16 : 8;
    enc->part_subpel = sp <= 2 ? 2 : 1;
    enc->half_diamond = levels[sp].hdia;
    enc->qpel_diamond = levels[sp].qdia;
    enc->me_good = levels[sp].good;
    enc->me_sad_result = sp >= 5; /* SATD decision levels: the search's SAD as the inter cost */
    enc->use_hpel = enc->me_half || enc->me_qpel;
    enc->hpel_j = !levels[sp].noj;
    /* From the default speed on: measured at speed 5 (with intra_gate 50
     * -> 75 there) 1.7888G -> 1.7431G instructions per 60 frames, BD-rate
     * -18.1% -> -17.7% natural, -37.6% -> -37.4% screen. */
    enc->gm_lazy = sp >= 5;
}

static int alloc_buffers(Rth264Encoder *enc)
{
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    enc->fenc = rth264_frame_alloc(cw, ch);
    if (!enc->fenc)
        return RTH264_ERR_NOMEM;
    for (int i = 0; i <= enc->s.refs; i++) {
        if (!(enc->frames[i] = rth264_frame_alloc(cw, ch)))
            return RTH264_ERR_NOMEM;
        if (enc->use_hpel &&
            rth264_hpel_alloc(&enc->hpel[i], cw, ch, enc->frames[i]->stride[0], enc->hpel_j) < 0)
            return RTH264_ERR_NOMEM;
    }
    enc->mbs = calloc((size_t)enc->mb_count, sizeof(*enc->mbs));
    enc->lf_info = calloc((size_t)enc->mb_count, sizeof(*enc->lf_info));
    enc->prev_mv = calloc((size_t)enc->mb_count, sizeof(*enc->prev_mv));
    enc->mb_cost = calloc((size_t)enc->mb_count, sizeof(*enc->mb_cost));
    enc->mb_intra_est = calloc((size_t)enc->mb_count, sizeof(*enc->mb_intra_est));
    enc->mb_cost_exact = calloc((size_t)enc->mb_count, sizeof(*enc->mb_cost_exact));
    /* Worst case CAVLC macroblock: 24 blocks of 16 levels of at most 28 bits
     * (levels are kept within +-2047) plus headers: under 1600 bytes. */
    enc->rbsp_cap = (size_t)enc->mb_count * 1600 + 4096;
    enc->rbsp = malloc(enc->rbsp_cap);
    enc->out_cap = enc->rbsp_cap * 3 / 2 + 65536;
    enc->out = malloc(enc->out_cap);
    enc->mv_bits_buf = malloc(2 * MV_BITS_RANGE + 1);
    if (!enc->mbs || !enc->lf_info || !enc->prev_mv || !enc->mb_cost || !enc->mb_intra_est ||
        !enc->mb_cost_exact ||
        !enc->rbsp || !enc->out ||
        !enc->mv_bits_buf)
        return RTH264_ERR_NOMEM;
    for (int v = -MV_BITS_RANGE; v <= MV_BITS_RANGE; v++)
        enc->mv_bits_buf[v + MV_BITS_RANGE] = (uint8_t)rth264_se_bits(v);
    enc->mv_bits = enc->mv_bits_buf + MV_BITS_RANGE;
    for (int i = 0; i < enc->mb_count; i++)
        enc->mbs[i].slice = -1;
    return 0;
}

static void init_dsp(Rth264Encoder *enc)
{
    enc->cpu_flags = rth264_cpu_detect() & enc->s.cpu_mask;
    rth264_pixel_init(&enc->pix, enc->cpu_flags);
    rth264_quant_init(&enc->quant, enc->cpu_flags);
    rth264_mc_init(&enc->mc, enc->cpu_flags);
    rth264_ipred_init(&enc->ipred, enc->cpu_flags);
    rth264_itx_init(&enc->itx, enc->cpu_flags);
    rth264_deblock_init(&enc->deblock, enc->cpu_flags);
    rth264_halfpel_init(&enc->halfpel, enc->cpu_flags);
}

int rth264_encoder_open(Rth264Encoder **penc, const Rth264EncoderSettings *s, const char **errmsg)
{
    const char *dummy;
    const char **msg = errmsg ? errmsg : &dummy;
    *msg = NULL;
    if (!penc || !s) {
        *msg = "NULL argument";
        return RTH264_ERR_INVAL;
    }
    *penc = NULL;
    int err = validate(s, msg);
    if (err)
        return err;
    Rth264Encoder *enc = calloc(1, sizeof(*enc));
    if (!enc) {
        *msg = "out of memory";
        return RTH264_ERR_NOMEM;
    }
    enc->s = *s;
    enc->width = (s->width + 1) & ~1;   /* 4:2:0 crops in units of 2 */
    enc->height = (s->height + 1) & ~1;
    enc->mb_w = (s->width + 15) / 16;
    enc->mb_h = (s->height + 15) / 16;
    enc->mb_count = enc->mb_w * enc->mb_h;
    enc->level_idc = rth264_enc_choose_level(enc);
    if (!enc->level_idc) {
        *msg = "level_idc is not an H.264 level or too low for the picture size and refs";
        free(enc);
        return RTH264_ERR_INVAL;
    }
    enc->max_vmv = rth264_enc_level_max_vmv(enc->level_idc);
    init_dsp(enc);
    apply_speed(enc);
    rth264_enc_init_quant_tables(enc);
    rth264_rc_init(&enc->rc, &enc->s);
    enc->slice_index = 0;
    if ((err = alloc_buffers(enc)) < 0) {
        *msg = "out of memory";
        rth264_encoder_close(&enc);
        return err;
    }
    *penc = enc;
    return 0;
}

void rth264_encoder_close(Rth264Encoder **penc)
{
    if (!penc || !*penc)
        return;
    Rth264Encoder *enc = *penc;
    if (enc->fenc)
        rth264_frame_free(enc->fenc);
    for (int i = 0; i <= ENC_MAX_REFS; i++) {
        if (enc->frames[i])
            rth264_frame_free(enc->frames[i]);
        rth264_hpel_free(&enc->hpel[i]);
    }
    free(enc->mbs);
    free(enc->lf_info);
    free(enc->prev_mv);
    free(enc->mb_cost);
    free(enc->mb_intra_est);
    free(enc->mb_cost_exact);
    free(enc->gm_sig);
    free(enc->rbsp);
    free(enc->out);
    free(enc->mv_bits_buf);
    free(enc);
    *penc = NULL;
}

int rth264_encoder_encode(Rth264Encoder *enc, const Rth264Picture *in, Rth264EncodedFrame *out)
{
    if (!enc || !in || !out)
        return RTH264_ERR_INVAL;
    if (in->width != enc->s.width || in->height != enc->s.height || !in->data[0] ||
        !in->data[1] || !in->data[2] || in->stride[0] < in->width ||
        in->stride[1] < (in->width + 1) / 2 || in->stride[2] < (in->width + 1) / 2)
        return RTH264_ERR_INVAL;
    return rth264_enc_encode_frame(enc, in, out);
}

int rth264_encoder_set_bitrate(Rth264Encoder *enc, int bitrate, int max_bitrate)
{
    if (!enc || bitrate < 1000 || (max_bitrate && max_bitrate < bitrate))
        return RTH264_ERR_INVAL;
    enc->s.bitrate = bitrate;
    enc->s.max_bitrate = max_bitrate;
    rth264_rc_update_settings(&enc->rc, &enc->s);
    return 0;
}

int rth264_encoder_set_framerate(Rth264Encoder *enc, int fps_num, int fps_den)
{
    if (!enc || fps_num <= 0 || fps_den <= 0 || (double)fps_num / fps_den > 1000.0)
        return RTH264_ERR_INVAL;
    enc->s.fps_num = fps_num;
    enc->s.fps_den = fps_den;
    rth264_rc_update_settings(&enc->rc, &enc->s);
    return 0;
}

int rth264_encoder_set_buffer(Rth264Encoder *enc, int buffer_ms)
{
    if (!enc || buffer_ms < 10 || buffer_ms > 60000)
        return RTH264_ERR_INVAL;
    enc->s.buffer_ms = buffer_ms;
    rth264_rc_update_settings(&enc->rc, &enc->s);
    return 0;
}

int rth264_encoder_set_qp_bounds(Rth264Encoder *enc, int qp_min, int qp_max)
{
    if (!enc || qp_min < 0 || qp_max > 51 || qp_min > qp_max)
        return RTH264_ERR_INVAL;
    enc->s.qp_min = qp_min;
    enc->s.qp_max = qp_max;
    rth264_rc_update_settings(&enc->rc, &enc->s);
    return 0;
}

void rth264_encoder_request_keyframe(Rth264Encoder *enc)
{
    if (enc)
        enc->force_idr = 1;
}

int rth264_encoder_get_headers(Rth264Encoder *enc, uint8_t *buf, size_t size)
{
    if (!enc || !buf)
        return RTH264_ERR_INVAL;
    /* Written into the output buffer's tail-free area, then copied out. */
    const size_t saved_size = enc->out_size;
    const int saved_nals = enc->num_nals;
    const size_t start = enc->out_size;
    int err = rth264_enc_write_headers(enc);
    const size_t n = enc->out_size - start;
    if (!err && n > size)
        err = RTH264_ERR_LIMIT;
    if (!err)
        memcpy(buf, enc->out + start, n);
    enc->out_size = saved_size;
    enc->num_nals = saved_nals;
    return err ? err : (int)n;
}

int rth264_encoder_get_recon(Rth264Encoder *enc, Rth264Picture *out)
{
    if (!enc || !out)
        return RTH264_ERR_INVAL;
    if (!enc->num_refs)
        return RTH264_ERR_AGAIN;
    const Rth264Frame *f = enc->refs[0];
    memset(out, 0, sizeof(*out));
    for (int c = 0; c < 3; c++) {
        out->data[c] = f->data[c];
        out->stride[c] = f->stride[c];
    }
    out->width = enc->width;
    out->height = enc->height;
    out->frame_type = enc->last_frame_idr ? RTH264_FRAME_IDR : RTH264_FRAME_P;
    out->pts = enc->last_pts;
    out->qp = enc->last_qp;
    out->color.fps_num = enc->s.fps_num;
    out->color.fps_den = enc->s.fps_den;
    out->color.chroma_sample_loc = -1;
    return 0;
}

int rth264_encoder_get_stream_info(Rth264Encoder *enc, Rth264StreamInfo *info)
{
    if (!enc || !info)
        return RTH264_ERR_INVAL;
    memset(info, 0, sizeof(*info));
    info->profile_idc = 66;
    info->level_idc = enc->level_idc;
    info->constraint_flags = enc->s.profile == RTH264_PROFILE_CONSTRAINED_BASELINE ? 0xe0 : 0x00;
    info->coded_width = enc->mb_w * 16;
    info->coded_height = enc->mb_h * 16;
    info->width = enc->width;
    info->height = enc->height;
    info->num_reorder_frames = 0;
    info->max_dec_frame_buffering = enc->s.refs;
    info->color.fps_num = enc->s.fps_num;
    info->color.fps_den = enc->s.fps_den;
    info->color.colour_primaries = 2;
    info->color.transfer_characteristics = 2;
    info->color.matrix_coefficients = 2;
    info->color.chroma_sample_loc = -1;
    return 0;
}
