/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include "encoder/encoder.h"

/* log2_max_frame_num: frame_num only needs to be unique within the DPB. */
#define LOG2_MAX_FRAME_NUM 8

typedef struct LevelLimits {
    int level_idc, max_mbps, max_fs, max_dpb_mbs, max_br_kbps, max_vmv_quarter;
} LevelLimits;

/* Table A-1 (level 1b left out: it needs constraint_set3 signalling). */
static const LevelLimits level_table[] = {
    { 10, 1485, 99, 396, 64, 256 },
    { 11, 3000, 396, 900, 192, 512 },
    { 12, 6000, 396, 2376, 384, 512 },
    { 13, 11880, 396, 2376, 768, 512 },
    { 20, 11880, 396, 2376, 2000, 512 },
    { 21, 19800, 792, 4752, 4000, 1024 },
    { 22, 20250, 1620, 8100, 4000, 1024 },
    { 30, 40500, 1620, 8100, 10000, 1024 },
    { 31, 108000, 3600, 18000, 14000, 2048 },
    { 32, 216000, 5120, 20480, 20000, 2048 },
    { 40, 245760, 8192, 32768, 20000, 2048 },
    { 41, 245760, 8192, 32768, 50000, 2048 },
    { 42, 522240, 8704, 34816, 50000, 2048 },
    { 50, 589824, 22080, 110400, 135000, 2048 },
    { 51, 983040, 36864, 184320, 240000, 2048 },
    { 52, 2073600, 36864, 184320, 240000, 2048 },
};

static const LevelLimits *find_level(int level_idc)
{
    for (size_t i = 0; i < sizeof(level_table) / sizeof(level_table[0]); i++)
        if (level_table[i].level_idc == level_idc)
            return &level_table[i];
    return NULL;
}

static int level_fits(const LevelLimits *l, int mb_w, int mb_h, double fps, int refs, double kbps)
{
    const int fs = mb_w * mb_h;
    if (fs > l->max_fs)
        return 0;
    /* A.3.1 f/g: each dimension at most sqrt(8 * MaxFS) macroblocks. */
    if ((double)mb_w * mb_w > 8.0 * l->max_fs || (double)mb_h * mb_h > 8.0 * l->max_fs)
        return 0;
    if (fs * fps > l->max_mbps * 1.0001)
        return 0;
    if (fs * refs > l->max_dpb_mbs)
        return 0;
    if (kbps > l->max_br_kbps)
        return 0;
    return 1;
}

/* Lowest level allowing the size, frame rate, references and bitrate
 * (0 if none does), or the user's level when it was set. */
int rth264_enc_choose_level(const Rth264Encoder *enc)
{
    const Rth264EncoderSettings *s = &enc->s;
    if (s->level_idc) {
        /* A level set by the caller must at least hold the picture size and
         * the reference frames (Table A-1 MaxFS, MaxDpbMbs). */
        const LevelLimits *l = find_level(s->level_idc);
        return l && level_fits(l, enc->mb_w, enc->mb_h, 0, s->refs, 0) ? s->level_idc : 0;
    }
    double fps = (double)s->fps_num / s->fps_den;
    double bps = s->rc_mode == RTH264_RC_VBR && s->max_bitrate ? s->max_bitrate
               : s->rc_mode == RTH264_RC_CQP ? 0 : s->bitrate;
    for (size_t i = 0; i < sizeof(level_table) / sizeof(level_table[0]); i++)
        if (level_fits(&level_table[i], enc->mb_w, enc->mb_h, fps, s->refs, bps / 1000.0))
            return level_table[i].level_idc;
    /* Bitrate beyond every level: the highest level that fits the rest. */
    for (size_t i = 0; i < sizeof(level_table) / sizeof(level_table[0]); i++)
        if (level_fits(&level_table[i], enc->mb_w, enc->mb_h, fps, s->refs, 0))
            return level_table[i].level_idc;
    return 52;
}

int rth264_enc_level_max_vmv(int level_idc)
{
    const LevelLimits *l = find_level(level_idc);
    return l ? l->max_vmv_quarter : 2048;
}

static unsigned gcd_u(unsigned a, unsigned b)
{
    while (b) {
        const unsigned t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* E.1.1 aspect_ratio_info: Table E-1 index when the reduced ratio is one
 * of its entries, else Extended_SAR (255) with explicit width/height. */
static void write_aspect_ratio(const Rth264EncoderSettings *s, Rth264BitWriter *bw)
{
    static const uint16_t table_e1[17][2] = {
        { 0, 0 }, { 1, 1 }, { 12, 11 }, { 10, 11 }, { 16, 11 }, { 40, 33 }, { 24, 11 },
        { 20, 11 }, { 32, 11 }, { 80, 33 }, { 18, 11 }, { 15, 11 }, { 64, 33 }, { 160, 99 },
        { 4, 3 }, { 3, 2 }, { 2, 1 },
    };
    const int present = s->sar_num > 0 && s->sar_den > 0;
    rth264_bw_put1(bw, present); /* aspect_ratio_info_present_flag */
    if (!present)
        return;
    const unsigned g = gcd_u((unsigned)s->sar_num, (unsigned)s->sar_den);
    const unsigned w = (unsigned)s->sar_num / g, h = (unsigned)s->sar_den / g;
    for (int idc = 1; idc < 17; idc++)
        if (table_e1[idc][0] == w && table_e1[idc][1] == h) {
            rth264_bw_put(bw, 8, (uint32_t)idc); /* aspect_ratio_idc */
            return;
        }
    rth264_bw_put(bw, 8, 255); /* Extended_SAR */
    rth264_bw_put(bw, 16, w);  /* sar_width */
    rth264_bw_put(bw, 16, h);  /* sar_height */
}

/* H.273 code, with 0 taken as "unspecified" (2): zeroed settings from
 * callers that predate these fields. */
static int colour_code(int v)
{
    return v > 0 ? v : 2;
}

/* E.1.1 video_signal_type: range and colour description, sent only when
 * something is specified. */
static void write_video_signal_type(const Rth264EncoderSettings *s, Rth264BitWriter *bw)
{
    const int cp = colour_code(s->colour_primaries), tc = colour_code(s->transfer_characteristics),
              mc = colour_code(s->matrix_coefficients);
    const int colour = cp != 2 || tc != 2 || mc != 2;
    const int present = colour || s->full_range;
    rth264_bw_put1(bw, present); /* video_signal_type_present_flag */
    if (!present)
        return;
    rth264_bw_put(bw, 3, 5);          /* video_format: unspecified (Table E-2) */
    rth264_bw_put1(bw, s->full_range); /* video_full_range_flag */
    rth264_bw_put1(bw, colour);        /* colour_description_present_flag */
    if (colour) {
        rth264_bw_put(bw, 8, (uint32_t)cp);
        rth264_bw_put(bw, 8, (uint32_t)tc);
        rth264_bw_put(bw, 8, (uint32_t)mc);
    }
}

/* E.1.1 vui_parameters(): aspect ratio and colour when set, timing, and
 * bitstream_restriction announcing no reordering so decoders output every
 * picture at once. */
static void write_vui(const Rth264Encoder *enc, Rth264BitWriter *bw)
{
    write_aspect_ratio(&enc->s, bw);
    rth264_bw_put1(bw, 0); /* overscan_info_present_flag */
    write_video_signal_type(&enc->s, bw);
    rth264_bw_put1(bw, 0); /* chroma_loc_info_present_flag */
    rth264_bw_put1(bw, 1); /* timing_info_present_flag */
    rth264_bw_put(bw, 32, (uint32_t)enc->s.fps_den);     /* num_units_in_tick */
    rth264_bw_put(bw, 32, (uint32_t)enc->s.fps_num * 2); /* time_scale: 2 ticks per frame */
    rth264_bw_put1(bw, 0); /* fixed_frame_rate_flag: live sources vary */
    rth264_bw_put1(bw, 0); /* nal_hrd_parameters_present_flag */
    rth264_bw_put1(bw, 0); /* vcl_hrd_parameters_present_flag */
    rth264_bw_put1(bw, 0); /* pic_struct_present_flag */
    rth264_bw_put1(bw, 1); /* bitstream_restriction_flag */
    rth264_bw_put1(bw, 1); /* motion_vectors_over_pic_boundaries_flag */
    rth264_bw_ue(bw, 0);   /* max_bytes_per_pic_denom */
    rth264_bw_ue(bw, 0);   /* max_bits_per_mb_denom */
    rth264_bw_ue(bw, 13);  /* log2_max_mv_length_horizontal: |mv| < 2048 px */
    rth264_bw_ue(bw, 11);  /* log2_max_mv_length_vertical: level limit <= 512 px */
    rth264_bw_ue(bw, 0);   /* max_num_reorder_frames */
    rth264_bw_ue(bw, (uint32_t)enc->s.refs); /* max_dec_frame_buffering */
}

/* 7.3.2.1.1 seq_parameter_set_data(), Constrained Baseline. */
void rth264_enc_write_sps(const Rth264Encoder *enc, Rth264BitWriter *bw)
{
    const int crop_right = (enc->mb_w * 16 - enc->width) / 2;   /* CropUnitX = 2 */
    const int crop_bottom = (enc->mb_h * 16 - enc->height) / 2; /* CropUnitY = 2 */
    const int constrained = enc->s.profile == RTH264_PROFILE_CONSTRAINED_BASELINE;

    /* Constraint flags as WebRTC's profile-level-id strings spell them
     * (RFC 6184 8.1): Constrained Baseline 42e0xx, Baseline 4200xx. A CB
     * stream also obeys Main (A.2.2: no FMO/ASO/redundant slices), so
     * constraint_set0..2 are all true; webrtcbin compares the string that
     * rtph264pay derives from these bytes with the negotiated one. */
    rth264_bw_put(bw, 8, 66);             /* profile_idc: Baseline */
    rth264_bw_put1(bw, constrained);      /* constraint_set0_flag (A.2.1) */
    rth264_bw_put1(bw, constrained);      /* constraint_set1_flag (A.2.1.1) */
    rth264_bw_put1(bw, constrained);      /* constraint_set2_flag (A.2.2) */
    rth264_bw_put(bw, 5, 0);              /* constraint_set3..5, reserved_zero_2bits */
    rth264_bw_put(bw, 8, (uint32_t)enc->level_idc);
    rth264_bw_ue(bw, 0);                  /* seq_parameter_set_id */
    rth264_bw_ue(bw, LOG2_MAX_FRAME_NUM - 4);
    rth264_bw_ue(bw, 2);                  /* pic_order_cnt_type: output order = decode order */
    rth264_bw_ue(bw, (uint32_t)enc->s.refs); /* max_num_ref_frames */
    rth264_bw_put1(bw, 0);                /* gaps_in_frame_num_value_allowed_flag */
    rth264_bw_ue(bw, (uint32_t)enc->mb_w - 1);
    rth264_bw_ue(bw, (uint32_t)enc->mb_h - 1);
    rth264_bw_put1(bw, 1);                /* frame_mbs_only_flag */
    rth264_bw_put1(bw, 1);                /* direct_8x8_inference_flag */
    rth264_bw_put1(bw, crop_right || crop_bottom);
    if (crop_right || crop_bottom) {
        rth264_bw_ue(bw, 0);
        rth264_bw_ue(bw, (uint32_t)crop_right);
        rth264_bw_ue(bw, 0);
        rth264_bw_ue(bw, (uint32_t)crop_bottom);
    }
    rth264_bw_put1(bw, 1);                /* vui_parameters_present_flag */
    write_vui(enc, bw);
    rth264_bw_trailing(bw);
}

/* 7.3.2.2 pic_parameter_set_rbsp(). */
void rth264_enc_write_pps(const Rth264Encoder *enc, Rth264BitWriter *bw)
{
    rth264_bw_ue(bw, 0);        /* pic_parameter_set_id */
    rth264_bw_ue(bw, 0);        /* seq_parameter_set_id */
    rth264_bw_put1(bw, 0);      /* entropy_coding_mode_flag: CAVLC */
    rth264_bw_put1(bw, 0);      /* bottom_field_pic_order_in_frame_present_flag */
    rth264_bw_ue(bw, 0);        /* num_slice_groups_minus1 */
    rth264_bw_ue(bw, (uint32_t)enc->s.refs - 1); /* num_ref_idx_l0_default_active_minus1 */
    rth264_bw_ue(bw, 0);        /* num_ref_idx_l1_default_active_minus1 */
    rth264_bw_put1(bw, 0);      /* weighted_pred_flag */
    rth264_bw_put(bw, 2, 0);    /* weighted_bipred_idc */
    rth264_bw_se(bw, 0);        /* pic_init_qp_minus26 */
    rth264_bw_se(bw, 0);        /* pic_init_qs_minus26 */
    rth264_bw_se(bw, 0);        /* chroma_qp_index_offset */
    rth264_bw_put1(bw, 0);      /* deblocking_filter_control_present_flag: filter on */
    rth264_bw_put1(bw, 0);      /* constrained_intra_pred_flag */
    rth264_bw_put1(bw, 0);      /* redundant_pic_cnt_present_flag */
    rth264_bw_trailing(bw);
}

/* 7.3.3 slice_header() for our I/P frame slices. */
void rth264_enc_write_slice_header(Rth264Encoder *enc, Rth264BitWriter *bw, int first_mb)
{
    rth264_bw_ue(bw, (uint32_t)first_mb);
    rth264_bw_ue(bw, enc->slice_type_p ? 5 : 7); /* P / I, all slices of the picture alike */
    rth264_bw_ue(bw, 0);                         /* pic_parameter_set_id */
    rth264_bw_put(bw, LOG2_MAX_FRAME_NUM, (uint32_t)enc->frame_num);
    if (enc->is_idr)
        rth264_bw_ue(bw, (uint32_t)enc->idr_pic_id);
    /* pic_order_cnt_type 2: nothing to send. */
    if (enc->slice_type_p) {
        const int override = enc->active_refs != enc->s.refs;
        rth264_bw_put1(bw, override); /* num_ref_idx_active_override_flag */
        if (override)
            rth264_bw_ue(bw, (uint32_t)enc->active_refs - 1);
        rth264_bw_put1(bw, 0);        /* ref_pic_list_modification_flag_l0 */
    }
    /* dec_ref_pic_marking() (nal_ref_idc is always 1 here) */
    if (enc->is_idr) {
        rth264_bw_put1(bw, 0); /* no_output_of_prior_pics_flag */
        rth264_bw_put1(bw, 0); /* long_term_reference_flag */
    } else {
        rth264_bw_put1(bw, 0); /* adaptive_ref_pic_marking_mode_flag: sliding window */
    }
    rth264_bw_se(bw, enc->frame_qp - 26); /* slice_qp_delta */
}

int rth264_enc_max_frame_num(void)
{
    return 1 << LOG2_MAX_FRAME_NUM;
}
