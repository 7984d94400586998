/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"
#include "decoder/ps.h"

/* Tables 7-3, 7-4: default scaling lists in zig-zag order. */
static const uint8_t default4x4[2][16] = {
    { 6, 13, 13, 20, 20, 20, 28, 28, 28, 28, 32, 32, 32, 37, 37, 42 },
    { 10, 14, 14, 20, 20, 20, 24, 24, 24, 24, 27, 27, 27, 30, 30, 34 },
};
static const uint8_t default8x8[2][64] = {
    { 6, 10, 10, 13, 11, 13, 16, 16, 16, 16, 18, 18, 18, 18, 18, 23, 23, 23, 23, 23, 23, 25,
      25, 25, 25, 25, 25, 25, 27, 27, 27, 27, 27, 27, 27, 27, 29, 29, 29, 29, 29, 29, 29, 31,
      31, 31, 31, 31, 31, 33, 33, 33, 33, 33, 36, 36, 36, 36, 38, 38, 38, 40, 40, 42 },
    { 9, 13, 13, 15, 13, 15, 17, 17, 17, 17, 19, 19, 19, 19, 19, 21, 21, 21, 21, 21, 21, 22,
      22, 22, 22, 22, 22, 22, 24, 24, 24, 24, 24, 24, 24, 24, 25, 25, 25, 25, 25, 25, 25, 27,
      27, 27, 27, 27, 27, 28, 28, 28, 28, 28, 30, 30, 30, 30, 32, 32, 32, 33, 33, 35 },
};

/* 7.3.2.1.1.1 scaling_list(): 1 explicit, 2 useDefaultScalingMatrixFlag. */
static int parse_scaling_list(Rth264BitReader *br, uint8_t *list, int size)
{
    int last = 8, next = 8;
    for (int j = 0; j < size; j++) {
        if (next) {
            const int delta = rth264_br_se(br);
            if (delta < -128 || delta > 127) {
                br->error = 1;
                return 2;
            }
            next = (last + delta + 256) % 256;
            if (!j && !next)
                return 2;
        }
        list[j] = (uint8_t)(next ? next : last);
        last = list[j];
    }
    return 1;
}

/* Parse `count` lists (6 4x4 then 8x8 ones; 8x8 lists past the second are
 * 4:4:4 only and skipped). */
static void parse_scaling_matrix(Rth264BitReader *br, int count, uint8_t state[8], uint8_t l4[6][16],
                                 uint8_t l8[2][64])
{
    uint8_t skip[64];
    for (int i = 0; i < count; i++) {
        const int present = rth264_br_read1(br);
        uint8_t *dst = i < 6 ? l4[i] : i < 8 ? l8[i - 6] : skip;
        const int st = present ? parse_scaling_list(br, dst, i < 6 ? 16 : 64) : 0;
        if (i < 8)
            state[i] = (uint8_t)st;
    }
}

/* Table 7-2 fall-back rules. `fallback4`/`fallback8` are the lists used for
 * absent lists 0, 3, 6, 7: the defaults (rule A) or the sequence lists (B). */
static void resolve_lists(const uint8_t state[8], const uint8_t in4[6][16], const uint8_t in8[2][64],
                          const uint8_t (*fallback4)[16], const uint8_t (*fallback8)[64],
                          uint8_t out4[6][16], uint8_t out8[2][64])
{
    for (int i = 0; i < 6; i++) {
        const int inter = i >= 3;
        const uint8_t *src;
        if (state[i] == 1)
            src = in4[i];
        else if (state[i] == 2)
            src = default4x4[inter];
        else if (i == 0 || i == 3)
            src = fallback4[i];
        else
            src = out4[i - 1];
        memcpy(out4[i], src, 16);
    }
    for (int i = 0; i < 2; i++) {
        const uint8_t *src = state[6 + i] == 1 ? in8[i] : state[6 + i] == 2 ? default8x8[i] : fallback8[i];
        memcpy(out8[i], src, 64);
    }
}

static void default_fallbacks(uint8_t f4[6][16], uint8_t f8[2][64])
{
    memcpy(f4[0], default4x4[0], 16);
    memcpy(f4[3], default4x4[1], 16);
    memcpy(f8[0], default8x8[0], 64);
    memcpy(f8[1], default8x8[1], 64);
}

void rth264_resolve_scaling(const Rth264Sps *sps, const Rth264Pps *pps, uint8_t out4[6][16],
                            uint8_t out8[2][64])
{
    if (!pps->scaling_matrix_present) {
        memcpy(out4, sps->scaling4x4, sizeof(sps->scaling4x4));
        memcpy(out8, sps->scaling8x8, sizeof(sps->scaling8x8));
        return;
    }
    uint8_t f4[6][16], f8[2][64];
    if (sps->scaling_matrix_present) {
        memcpy(f4, sps->scaling4x4, sizeof(f4));
        memcpy(f8, sps->scaling8x8, sizeof(f8));
    } else {
        default_fallbacks(f4, f8);
    }
    resolve_lists(pps->scaling_state, pps->scaling4x4, pps->scaling8x8, (const uint8_t (*)[16])f4,
                  (const uint8_t (*)[64])f8, out4, out8);
}

/* E.1.2 hrd_parameters(): only skipped. */
static void skip_hrd(Rth264BitReader *br)
{
    const uint32_t cpb_cnt = rth264_br_ue(br) + 1;
    if (cpb_cnt > 32) {
        br->error = 1;
        return;
    }
    rth264_br_read(br, 8); /* bit_rate_scale, cpb_size_scale */
    for (uint32_t i = 0; i < cpb_cnt; i++) {
        rth264_br_ue(br);
        rth264_br_ue(br);
        rth264_br_read1(br);
    }
    rth264_br_read(br, 20); /* four 5-bit lengths/delays */
}

static void parse_vui(Rth264Vui *v, Rth264BitReader *br)
{
    memset(v, 0, sizeof(*v));
    v->colour_primaries = v->transfer_characteristics = v->matrix_coefficients = 2;
    v->chroma_sample_loc_top = -1;
    v->aspect_ratio_info_present = rth264_br_read1(br);
    if (v->aspect_ratio_info_present) {
        static const uint8_t sar[17][2] = {
            { 0, 0 }, { 1, 1 }, { 12, 11 }, { 10, 11 }, { 16, 11 }, { 40, 33 },
            { 24, 11 }, { 20, 11 }, { 32, 11 }, { 80, 33 }, { 18, 11 }, { 15, 11 },
            { 64, 33 }, { 160, 99 }, { 4, 3 }, { 3, 2 }, { 2, 1 },
        };
        int idc = (int)rth264_br_read(br, 8);
        if (idc == 255) {
            v->sar_width = (int)rth264_br_read(br, 16);
            v->sar_height = (int)rth264_br_read(br, 16);
        } else if (idc < 17) {
            v->sar_width = sar[idc][0];
            v->sar_height = sar[idc][1];
        }
    }
    if (rth264_br_read1(br))      /* overscan_info_present_flag */
        rth264_br_read1(br);
    v->video_signal_type_present = rth264_br_read1(br);
    if (v->video_signal_type_present) {
        v->video_format = (int)rth264_br_read(br, 3);
        v->full_range = rth264_br_read1(br);
        v->colour_description_present = rth264_br_read1(br);
        if (v->colour_description_present) {
            v->colour_primaries = (int)rth264_br_read(br, 8);
            v->transfer_characteristics = (int)rth264_br_read(br, 8);
            v->matrix_coefficients = (int)rth264_br_read(br, 8);
        }
    }
    v->chroma_loc_info_present = rth264_br_read1(br);
    if (v->chroma_loc_info_present) {
        v->chroma_sample_loc_top = (int)rth264_br_ue(br);
        v->chroma_sample_loc_bottom = (int)rth264_br_ue(br);
    }
    v->timing_info_present = rth264_br_read1(br);
    if (v->timing_info_present) {
        v->num_units_in_tick = rth264_br_read(br, 32);
        v->time_scale = rth264_br_read(br, 32);
        v->fixed_frame_rate = rth264_br_read1(br);
    }
    v->nal_hrd_present = rth264_br_read1(br);
    if (v->nal_hrd_present)
        skip_hrd(br);
    v->vcl_hrd_present = rth264_br_read1(br);
    if (v->vcl_hrd_present)
        skip_hrd(br);
    if (v->nal_hrd_present || v->vcl_hrd_present)
        rth264_br_read1(br);      /* low_delay_hrd_flag */
    v->pic_struct_present = rth264_br_read1(br);
    v->bitstream_restriction = rth264_br_read1(br);
    if (v->bitstream_restriction) {
        rth264_br_read1(br);      /* motion_vectors_over_pic_boundaries_flag */
        rth264_br_ue(br);         /* max_bytes_per_pic_denom */
        rth264_br_ue(br);         /* max_bits_per_mb_denom */
        rth264_br_ue(br);         /* log2_max_mv_length_horizontal */
        rth264_br_ue(br);         /* log2_max_mv_length_vertical */
        v->max_num_reorder_frames = (int)rth264_br_ue(br);
        v->max_dec_frame_buffering = (int)rth264_br_ue(br);
        if (v->max_num_reorder_frames > 16 || v->max_dec_frame_buffering > 16) {
            /* Out of range (E.2.1): ignore the restriction rather than trust it. */
            v->bitstream_restriction = 0;
        }
    }
}

static int is_high_profile(int profile_idc)
{
    switch (profile_idc) {
    case 100: case 110: case 122: case 244: case 44: case 83: case 86:
    case 118: case 128: case 138: case 139: case 134: case 135:
        return 1;
    default:
        return 0;
    }
}

static int parse_sps_high(Rth264Sps *sps, Rth264BitReader *br)
{
    sps->chroma_format_idc = (int)rth264_br_ue(br);
    if (sps->chroma_format_idc > 3)
        return RTH264_ERR_INVALIDDATA;
    if (sps->chroma_format_idc == 3)
        rth264_br_read1(br);      /* separate_colour_plane_flag */
    sps->bit_depth_luma = (int)rth264_br_ue(br) + 8;
    sps->bit_depth_chroma = (int)rth264_br_ue(br) + 8;
    if (sps->bit_depth_luma > 14 || sps->bit_depth_chroma > 14)
        return RTH264_ERR_INVALIDDATA;
    sps->transform_bypass = rth264_br_read1(br);
    sps->scaling_matrix_present = rth264_br_read1(br);
    if (sps->scaling_matrix_present) {
        uint8_t state[8] = { 0 }, l4[6][16], l8[2][64], f4[6][16], f8[2][64];
        parse_scaling_matrix(br, sps->chroma_format_idc != 3 ? 8 : 12, state, l4, l8);
        default_fallbacks(f4, f8);
        resolve_lists(state, (const uint8_t (*)[16])l4, (const uint8_t (*)[64])l8,
                      (const uint8_t (*)[16])f4, (const uint8_t (*)[64])f8, sps->scaling4x4, sps->scaling8x8);
    }
    return 0;
}

static int parse_sps_poc(Rth264Sps *sps, Rth264BitReader *br)
{
    sps->poc_type = (int)rth264_br_ue(br);
    if (sps->poc_type == 0) {
        sps->log2_max_poc_lsb = (int)rth264_br_ue(br) + 4;
        if (sps->log2_max_poc_lsb > 16)
            return RTH264_ERR_INVALIDDATA;
    } else if (sps->poc_type == 1) {
        sps->delta_pic_order_always_zero = rth264_br_read1(br);
        sps->offset_for_non_ref_pic = rth264_br_se(br);
        sps->offset_for_top_to_bottom_field = rth264_br_se(br);
        sps->num_ref_frames_in_poc_cycle = (int)rth264_br_ue(br);
        if (sps->num_ref_frames_in_poc_cycle > 255)
            return RTH264_ERR_INVALIDDATA;
        for (int i = 0; i < sps->num_ref_frames_in_poc_cycle; i++)
            sps->offset_for_ref_frame[i] = rth264_br_se(br);
    } else if (sps->poc_type != 2) {
        return RTH264_ERR_INVALIDDATA;
    }
    return 0;
}

static int parse_sps_size(Rth264Sps *sps, Rth264BitReader *br)
{
    const uint32_t w = rth264_br_ue(br) + 1, h_map = rth264_br_ue(br) + 1;
    sps->frame_mbs_only = rth264_br_read1(br);
    if (w > 1024 || h_map > 1024)
        return RTH264_ERR_INVALIDDATA;
    sps->mb_width = (int)w;
    sps->mb_height = (int)h_map * (2 - sps->frame_mbs_only);
    if (!sps->frame_mbs_only)
        sps->mb_adaptive_frame_field = rth264_br_read1(br);
    sps->direct_8x8_inference = rth264_br_read1(br);
    if (rth264_br_read1(br)) {    /* frame_cropping_flag */
        const int cx = sps->chroma_format_idc == 1 || sps->chroma_format_idc == 2 ? 2 : 1;
        const int cy = (sps->chroma_format_idc == 1 ? 2 : 1) * (2 - sps->frame_mbs_only);
        const uint32_t l = rth264_br_ue(br), r = rth264_br_ue(br);
        const uint32_t t = rth264_br_ue(br), b = rth264_br_ue(br);
        if ((uint64_t)(l + r) * cx >= (uint64_t)w * 16 || (uint64_t)(t + b) * cy >= (uint64_t)sps->mb_height * 16)
            return RTH264_ERR_INVALIDDATA;
        sps->crop_left = (int)l * cx;
        sps->crop_right = (int)r * cx;
        sps->crop_top = (int)t * cy;
        sps->crop_bottom = (int)b * cy;
    }
    return 0;
}

/* Features this decoder does not implement yet. Interlace-capable SPSs
 * (frame_mbs_only 0) are accepted without MBAFF; field pictures are refused
 * per slice. */
static int sps_unsupported(const Rth264Sps *sps)
{
    return sps->chroma_format_idc > 1 || sps->bit_depth_luma != 8 || sps->bit_depth_chroma != 8 ||
           sps->mb_adaptive_frame_field || sps->transform_bypass;
}

int rth264_parse_sps(Rth264Sps *sps, Rth264BitReader *br)
{
    memset(sps, 0, sizeof(*sps));
    sps->profile_idc = (int)rth264_br_read(br, 8);
    sps->constraint_flags = (int)rth264_br_read(br, 8);
    sps->level_idc = (int)rth264_br_read(br, 8);
    const uint32_t id = rth264_br_ue(br);
    if (id >= RTH264_MAX_SPS)
        return RTH264_ERR_INVALIDDATA;
    sps->id = (int)id;
    sps->chroma_format_idc = 1;
    sps->bit_depth_luma = sps->bit_depth_chroma = 8;
    memset(sps->scaling4x4, 16, sizeof(sps->scaling4x4));
    memset(sps->scaling8x8, 16, sizeof(sps->scaling8x8));
    int ret;
    if (is_high_profile(sps->profile_idc) && (ret = parse_sps_high(sps, br)) < 0)
        return ret;
    const uint32_t log2_fn = rth264_br_ue(br) + 4;
    if (log2_fn > 16)
        return RTH264_ERR_INVALIDDATA;
    sps->log2_max_frame_num = (int)log2_fn;
    if ((ret = parse_sps_poc(sps, br)) < 0)
        return ret;
    const uint32_t refs = rth264_br_ue(br);
    if (refs > RTH264_MAX_REFS)
        return RTH264_ERR_INVALIDDATA;
    sps->max_num_ref_frames = (int)refs;
    sps->gaps_in_frame_num_allowed = rth264_br_read1(br);
    if ((ret = parse_sps_size(sps, br)) < 0)
        return ret;
    sps->vui_present = rth264_br_read1(br);
    if (sps->vui_present)
        parse_vui(&sps->vui, br);
    else
        parse_vui(&sps->vui, &(Rth264BitReader){ 0 }); /* defaults only */
    if (br->error && !sps->vui_present)
        return RTH264_ERR_INVALIDDATA;
    if (br->error) {
        /* A broken VUI is common in the wild: keep the SPS, drop the VUI. */
        sps->vui_present = 0;
        parse_vui(&sps->vui, &(Rth264BitReader){ 0 });
    }
    sps->unsupported = sps_unsupported(sps);
    sps->valid = 1;
    return 0;
}

void rth264_pps_clear(Rth264Pps *pps)
{
    free(pps->slice_group_id);
    memset(pps, 0, sizeof(*pps));
}

static int parse_slice_groups(Rth264Pps *pps, Rth264BitReader *br, const Rth264Sps *sps)
{
    pps->slice_group_map_type = (int)rth264_br_ue(br);
    const int n = pps->num_slice_groups;
    const int map_units = sps->mb_width * (sps->mb_height / (2 - sps->frame_mbs_only));
    switch (pps->slice_group_map_type) {
    case 0:
        for (int i = 0; i < n; i++)
            pps->run_length_minus1[i] = (int)rth264_br_ue(br);
        break;
    case 2:
        for (int i = 0; i < n - 1; i++) {
            pps->top_left[i] = (int)rth264_br_ue(br);
            pps->bottom_right[i] = (int)rth264_br_ue(br);
        }
        break;
    case 3: case 4: case 5:
        pps->slice_group_change_direction = rth264_br_read1(br);
        pps->slice_group_change_rate = (int)rth264_br_ue(br) + 1;
        break;
    case 6: {
        const uint32_t size = rth264_br_ue(br) + 1;
        if (size != (uint32_t)map_units)
            return RTH264_ERR_INVALIDDATA;
        pps->pic_size_in_map_units = (int)size;
        pps->slice_group_id = malloc(size);
        if (!pps->slice_group_id)
            return RTH264_ERR_NOMEM;
        const int bits = n > 4 ? 3 : n > 2 ? 2 : 1;
        for (uint32_t i = 0; i < size; i++)
            pps->slice_group_id[i] = (uint8_t)rth264_br_read(br, bits);
        break;
    }
    case 1:
        break;
    default:
        return RTH264_ERR_INVALIDDATA;
    }
    return 0;
}

int rth264_parse_pps(Rth264Pps *pps, Rth264BitReader *br, const Rth264Sps *spss)
{
    rth264_pps_clear(pps);
    const uint32_t id = rth264_br_ue(br), sps_id = rth264_br_ue(br);
    if (id >= RTH264_MAX_PPS || sps_id >= RTH264_MAX_SPS || !spss[sps_id].valid)
        return RTH264_ERR_INVALIDDATA;
    const Rth264Sps *sps = &spss[sps_id];
    pps->id = (int)id;
    pps->sps_id = (int)sps_id;
    pps->entropy_coding_mode = rth264_br_read1(br);
    pps->bottom_field_pic_order_in_frame_present = rth264_br_read1(br);
    const uint32_t groups = rth264_br_ue(br) + 1;
    if (groups > 8)
        return RTH264_ERR_INVALIDDATA;
    pps->num_slice_groups = (int)groups;
    int ret;
    if (groups > 1 && (ret = parse_slice_groups(pps, br, sps)) < 0)
        return ret;
    for (int l = 0; l < 2; l++) {
        const uint32_t n = rth264_br_ue(br) + 1;
        if (n > 32)
            return RTH264_ERR_INVALIDDATA;
        pps->num_ref_idx_default[l] = (int)n;
    }
    pps->weighted_pred = rth264_br_read1(br);
    pps->weighted_bipred_idc = (int)rth264_br_read(br, 2);
    pps->pic_init_qp = 26 + rth264_br_se(br);
    pps->pic_init_qs = 26 + rth264_br_se(br);
    pps->chroma_qp_index_offset = rth264_br_se(br);
    if (pps->pic_init_qp < 0 || pps->pic_init_qp > 51 || pps->chroma_qp_index_offset < -12 ||
        pps->chroma_qp_index_offset > 12)
        return RTH264_ERR_INVALIDDATA;
    pps->deblocking_filter_control_present = rth264_br_read1(br);
    pps->constrained_intra_pred = rth264_br_read1(br);
    pps->redundant_pic_cnt_present = rth264_br_read1(br);
    pps->second_chroma_qp_index_offset = pps->chroma_qp_index_offset;
    if (rth264_br_more_rbsp_data(br)) {
        pps->transform_8x8_mode = rth264_br_read1(br);
        pps->scaling_matrix_present = rth264_br_read1(br);
        if (pps->scaling_matrix_present)
            parse_scaling_matrix(br, 6 + (sps->chroma_format_idc != 3 ? 2 : 6) * pps->transform_8x8_mode,
                                 pps->scaling_state, pps->scaling4x4, pps->scaling8x8);
        pps->second_chroma_qp_index_offset = rth264_br_se(br);
    }
    if (br->error)
        return RTH264_ERR_INVALIDDATA;
    if (pps->second_chroma_qp_index_offset < -12 || pps->second_chroma_qp_index_offset > 12)
        return RTH264_ERR_INVALIDDATA;
    pps->unsupported = pps->entropy_coding_mode || pps->weighted_bipred_idc == 3;
    pps->valid = 1;
    return 0;
}

int rth264_level_max_dpb_mbs(int level_idc, int constraint_set3)
{
    static const struct { uint8_t level; int mbs; } table[] = {
        { 9, 396 }, { 10, 396 }, { 11, 900 }, { 12, 2376 }, { 13, 2376 }, { 20, 2376 },
        { 21, 4752 }, { 22, 8100 }, { 30, 8100 }, { 31, 18000 }, { 32, 20480 },
        { 40, 32768 }, { 41, 32768 }, { 42, 34816 }, { 50, 110400 }, { 51, 184320 },
        { 52, 184320 }, { 60, 696320 }, { 61, 696320 }, { 62, 696320 },
    };
    if (level_idc == 11 && constraint_set3)
        return 396; /* level 1b */
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (table[i].level == level_idc)
            return table[i].mbs;
    return 0;
}

int rth264_sps_dpb_frames(const Rth264Sps *sps)
{
    const int mbs = rth264_level_max_dpb_mbs(sps->level_idc, (sps->constraint_flags >> 4) & 1);
    int frames = mbs ? mbs / (sps->mb_width * sps->mb_height) : 16;
    if (frames > 16)
        frames = 16;
    if (sps->vui.bitstream_restriction) /* E.2.1: the stream's own bound */
        frames = sps->vui.max_dec_frame_buffering;
    if (frames < sps->max_num_ref_frames)
        frames = sps->max_num_ref_frames;
    if (frames < 1)
        frames = 1;
    return frames;
}
