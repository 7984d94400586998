/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_DECODER_SLICE_H
#define RTH264_DECODER_SLICE_H

#include <stdint.h>

#include "common/bitreader.h"
#include "decoder/ps.h"

/* Slice header (7.3.3) with ref_pic_list_modification and
 * dec_ref_pic_marking. */

enum { RTH264_SLICE_P = 0, RTH264_SLICE_B = 1, RTH264_SLICE_I = 2, RTH264_SLICE_SP = 3,
       RTH264_SLICE_SI = 4 };

enum { RTH264_MAX_MMCO = 66, RTH264_MAX_REF_MODS = 33 };

typedef struct Rth264RefMod {
    int idc;                        /* modification_of_pic_nums_idc 0..2 */
    uint32_t value;                 /* abs_diff_pic_num_minus1 or long_term_pic_num */
} Rth264RefMod;

typedef struct Rth264Mmco {
    int op;                         /* memory_management_control_operation 1..6 */
    uint32_t diff_pic_nums_minus1, long_term_pic_num, long_term_frame_idx, max_long_term_idx_plus1;
} Rth264Mmco;

typedef struct Rth264SliceHeader {
    int nal_unit_type, nal_ref_idc, idr;
    uint32_t first_mb;
    int slice_type;                 /* 0..4 (slice_type % 5) */
    int pps_id;
    int frame_num;
    int field_pic, bottom_field;
    int idr_pic_id;
    int poc_lsb, delta_poc_bottom, delta_poc[2];
    int redundant_pic_cnt;
    int direct_spatial_mv_pred;
    int num_ref_idx_override;
    int num_ref_idx_active[2];
    int num_ref_mods[2];
    Rth264RefMod ref_mods[2][RTH264_MAX_REF_MODS];
    int no_output_of_prior_pics, long_term_reference, adaptive_ref_pic_marking;
    int num_mmco;
    Rth264Mmco mmco[RTH264_MAX_MMCO];
    int has_mmco5;
    /* pred_weight_table (7.3.3.2), defaults filled in when absent */
    int luma_log2_denom, chroma_log2_denom;
    int16_t weight[2][32][3], offset[2][32][3]; /* [list][ref][Y, Cb, Cr] */
    int cabac_init_idc;
    int qp;                         /* SliceQPY */
    int deblock_idc, alpha_offset, beta_offset; /* offsets already * 2 */
    int slice_group_change_cycle;
} Rth264SliceHeader;

/* Parse up to the end of the header (br then points at slice_data()).
 * `ppss`/`spss` are the tables of stored parameter sets. */
int rth264_parse_slice_header(Rth264SliceHeader *sh, Rth264BitReader *br, int nal_unit_type,
                              int nal_ref_idc, const Rth264Pps *ppss, const Rth264Sps *spss);

#endif
