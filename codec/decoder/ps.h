/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_DECODER_PS_H
#define RTH264_DECODER_PS_H

#include <stdint.h>

#include "common/bitreader.h"

/* Sequence and picture parameter sets (7.3.2.1, 7.3.2.2, Annex E VUI). */

enum { RTH264_MAX_SPS = 32, RTH264_MAX_PPS = 256, RTH264_MAX_REFS = 16 };

typedef struct Rth264Vui {
    int aspect_ratio_info_present, sar_width, sar_height;
    int video_signal_type_present, video_format, full_range;
    int colour_description_present, colour_primaries, transfer_characteristics,
        matrix_coefficients;
    int chroma_loc_info_present, chroma_sample_loc_top, chroma_sample_loc_bottom;
    int timing_info_present;
    uint32_t num_units_in_tick, time_scale;
    int fixed_frame_rate;
    int nal_hrd_present, vcl_hrd_present, pic_struct_present;
    int bitstream_restriction;
    int max_num_reorder_frames, max_dec_frame_buffering;
} Rth264Vui;

typedef struct Rth264Sps {
    int valid;
    int profile_idc, constraint_flags, level_idc, id;
    int chroma_format_idc, bit_depth_luma, bit_depth_chroma;
    int transform_bypass, scaling_matrix_present;
    /* resolved sequence-level scaling lists (fall-back rule A; flat 16 when
     * absent), in zig-zag order: 0..5 4x4 (Y, Cb, Cr intra; Y, Cb, Cr
     * inter), 8x8 intra / inter Y */
    uint8_t scaling4x4[6][16], scaling8x8[2][64];
    int log2_max_frame_num;
    int poc_type, log2_max_poc_lsb, delta_pic_order_always_zero;
    int offset_for_non_ref_pic, offset_for_top_to_bottom_field;
    int num_ref_frames_in_poc_cycle;
    int32_t offset_for_ref_frame[256];
    int max_num_ref_frames, gaps_in_frame_num_allowed;
    int mb_width, mb_height;          /* PicWidthInMbs, FrameHeightInMbs */
    int frame_mbs_only, mb_adaptive_frame_field, direct_8x8_inference;
    int crop_left, crop_right, crop_top, crop_bottom; /* in luma samples */
    int vui_present;
    Rth264Vui vui;
    int unsupported;                   /* RTH264_ERR_UNSUPPORTED reason != 0 */
} Rth264Sps;

typedef struct Rth264Pps {
    int valid;
    int id, sps_id;
    int entropy_coding_mode, bottom_field_pic_order_in_frame_present;
    int num_slice_groups, slice_group_map_type;
    int run_length_minus1[8], top_left[8], bottom_right[8];
    int slice_group_change_direction, slice_group_change_rate;
    int pic_size_in_map_units;
    uint8_t *slice_group_id;           /* map type 6: pic_size_in_map_units entries */
    int num_ref_idx_default[2];
    int weighted_pred, weighted_bipred_idc;
    int pic_init_qp, pic_init_qs, chroma_qp_index_offset;
    int deblocking_filter_control_present, constrained_intra_pred, redundant_pic_cnt_present;
    int transform_8x8_mode, scaling_matrix_present, second_chroma_qp_index_offset;
    /* picture-level lists as parsed: state 0 absent, 1 explicit, 2 default */
    uint8_t scaling_state[8];
    uint8_t scaling4x4[6][16], scaling8x8[2][64];
    int unsupported;
} Rth264Pps;

/* Parse an SPS RBSP (after the NAL header byte). 0 or RTH264_ERR_*. */
int rth264_parse_sps(Rth264Sps *sps, Rth264BitReader *br);

/* Parse a PPS; `spss` gives access to the SPS it refers to (for
 * transform_8x8 extensions and map sizes). */
int rth264_parse_pps(Rth264Pps *pps, Rth264BitReader *br, const Rth264Sps *spss);

void rth264_pps_clear(Rth264Pps *pps);

/* The scaling lists in force for a picture (7.4.2.2: picture lists with
 * fall-back rule B over the sequence lists, or rule A), zig-zag order. */
void rth264_resolve_scaling(const Rth264Sps *sps, const Rth264Pps *pps, uint8_t out4[6][16],
                            uint8_t out8[2][64]);

/* Level limits (Table A-1): MaxDpbMbs for level_idc (and constraint_set3 for
 * level 1b). 0 when unknown. */
int rth264_level_max_dpb_mbs(int level_idc, int constraint_set3);

/* DPB size in frames for an SPS (A.3.1 h, VUI max_dec_frame_buffering). */
int rth264_sps_dpb_frames(const Rth264Sps *sps);

#endif
