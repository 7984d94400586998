/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <string.h>

#include "rth264/rth264.h"
#include "decoder/slice.h"

/* 7.3.3.1 */
static int parse_ref_mods(Rth264SliceHeader *sh, Rth264BitReader *br)
{
    const int lists = sh->slice_type == RTH264_SLICE_B ? 2 : 1;
    for (int l = 0; l < lists; l++) {
        if (sh->slice_type == RTH264_SLICE_I || sh->slice_type == RTH264_SLICE_SI)
            break;
        if (!rth264_br_read1(br))
            continue;
        for (int n = 0;; n++) {
            const uint32_t idc = rth264_br_ue(br);
            if (idc == 3)
                break;
            if (idc > 2 || n >= RTH264_MAX_REF_MODS || br->error)
                return RTH264_ERR_INVALIDDATA;
            sh->ref_mods[l][n].idc = (int)idc;
            sh->ref_mods[l][n].value = rth264_br_ue(br);
            sh->num_ref_mods[l] = n + 1;
        }
    }
    return 0;
}

/* 7.3.3.2 pred_weight_table(); absent entries get the default weights. */
static int parse_pred_weight_table(Rth264SliceHeader *sh, Rth264BitReader *br, int chroma)
{
    const uint32_t ld = rth264_br_ue(br), cd = chroma ? rth264_br_ue(br) : 0;
    if (ld > 7 || cd > 7)
        return RTH264_ERR_INVALIDDATA;
    sh->luma_log2_denom = (int)ld;
    sh->chroma_log2_denom = (int)cd;
    const int lists = sh->slice_type == RTH264_SLICE_B ? 2 : 1;
    for (int l = 0; l < lists; l++)
        for (int i = 0; i < sh->num_ref_idx_active[l]; i++) {
            sh->weight[l][i][0] = (int16_t)(1 << ld);
            sh->weight[l][i][1] = sh->weight[l][i][2] = (int16_t)(1 << cd);
            if (rth264_br_read1(br)) {
                const int w = rth264_br_se(br), o = rth264_br_se(br);
                if (w < -128 || w > 127 || o < -128 || o > 127)
                    return RTH264_ERR_INVALIDDATA;
                sh->weight[l][i][0] = (int16_t)w;
                sh->offset[l][i][0] = (int16_t)o;
            }
            if (chroma && rth264_br_read1(br))
                for (int c = 1; c < 3; c++) {
                    const int w = rth264_br_se(br), o = rth264_br_se(br);
                    if (w < -128 || w > 127 || o < -128 || o > 127)
                        return RTH264_ERR_INVALIDDATA;
                    sh->weight[l][i][c] = (int16_t)w;
                    sh->offset[l][i][c] = (int16_t)o;
                }
        }
    return 0;
}

/* 7.3.3.3 */
static int parse_ref_pic_marking(Rth264SliceHeader *sh, Rth264BitReader *br)
{
    if (sh->idr) {
        sh->no_output_of_prior_pics = rth264_br_read1(br);
        sh->long_term_reference = rth264_br_read1(br);
        return 0;
    }
    sh->adaptive_ref_pic_marking = rth264_br_read1(br);
    if (!sh->adaptive_ref_pic_marking)
        return 0;
    for (int n = 0;; n++) {
        const uint32_t op = rth264_br_ue(br);
        if (op == 0)
            break;
        if (op > 6 || n >= RTH264_MAX_MMCO || br->error)
            return RTH264_ERR_INVALIDDATA;
        Rth264Mmco *m = &sh->mmco[n];
        m->op = (int)op;
        if (op == 1 || op == 3)
            m->diff_pic_nums_minus1 = rth264_br_ue(br);
        if (op == 2)
            m->long_term_pic_num = rth264_br_ue(br);
        if (op == 3 || op == 6)
            m->long_term_frame_idx = rth264_br_ue(br);
        if (op == 4)
            m->max_long_term_idx_plus1 = rth264_br_ue(br);
        if (op == 5)
            sh->has_mmco5 = 1;
        sh->num_mmco = n + 1;
    }
    return 0;
}

static int parse_poc_fields(Rth264SliceHeader *sh, Rth264BitReader *br, const Rth264Sps *sps,
                            const Rth264Pps *pps)
{
    if (sps->poc_type == 0) {
        sh->poc_lsb = (int)rth264_br_read(br, sps->log2_max_poc_lsb);
        if (pps->bottom_field_pic_order_in_frame_present && !sh->field_pic)
            sh->delta_poc_bottom = rth264_br_se(br);
    }
    if (sps->poc_type == 1 && !sps->delta_pic_order_always_zero) {
        sh->delta_poc[0] = rth264_br_se(br);
        if (pps->bottom_field_pic_order_in_frame_present && !sh->field_pic)
            sh->delta_poc[1] = rth264_br_se(br);
    }
    if (pps->redundant_pic_cnt_present) {
        const uint32_t r = rth264_br_ue(br);
        if (r > 127)
            return RTH264_ERR_INVALIDDATA;
        sh->redundant_pic_cnt = (int)r;
    }
    return 0;
}

static int parse_ref_counts(Rth264SliceHeader *sh, Rth264BitReader *br, const Rth264Pps *pps)
{
    sh->num_ref_idx_active[0] = pps->num_ref_idx_default[0];
    sh->num_ref_idx_active[1] = pps->num_ref_idx_default[1];
    if (sh->slice_type == RTH264_SLICE_I || sh->slice_type == RTH264_SLICE_SI) {
        sh->num_ref_idx_active[0] = sh->num_ref_idx_active[1] = 0;
        return 0;
    }
    sh->num_ref_idx_override = rth264_br_read1(br);
    if (sh->num_ref_idx_override) {
        const int lists = sh->slice_type == RTH264_SLICE_B ? 2 : 1;
        for (int l = 0; l < lists; l++) {
            const uint32_t n = rth264_br_ue(br) + 1;
            if (n > 32)
                return RTH264_ERR_INVALIDDATA;
            sh->num_ref_idx_active[l] = (int)n;
        }
    }
    if (sh->slice_type != RTH264_SLICE_B)
        sh->num_ref_idx_active[1] = 0;
    /* 7.4.3: at most 16 references for frames, 32 for fields. */
    const int max = sh->field_pic ? 32 : 16;
    if (sh->num_ref_idx_active[0] > max || sh->num_ref_idx_active[1] > max)
        return RTH264_ERR_INVALIDDATA;
    return 0;
}

static int parse_tail(Rth264SliceHeader *sh, Rth264BitReader *br, const Rth264Sps *sps,
                      const Rth264Pps *pps)
{
    int ret;
    if (sh->nal_ref_idc && (ret = parse_ref_pic_marking(sh, br)) < 0)
        return ret;
    if (pps->entropy_coding_mode && sh->slice_type != RTH264_SLICE_I && sh->slice_type != RTH264_SLICE_SI)
        sh->cabac_init_idc = (int)rth264_br_ue(br);
    sh->qp = pps->pic_init_qp + rth264_br_se(br);
    if (sh->qp < 0 || sh->qp > 51)
        return RTH264_ERR_INVALIDDATA;
    if (sh->slice_type == RTH264_SLICE_SP || sh->slice_type == RTH264_SLICE_SI) {
        if (sh->slice_type == RTH264_SLICE_SP)
            rth264_br_read1(br);   /* sp_for_switch_flag */
        rth264_br_se(br);          /* slice_qs_delta */
    }
    if (pps->deblocking_filter_control_present) {
        const uint32_t idc = rth264_br_ue(br);
        if (idc > 2)
            return RTH264_ERR_INVALIDDATA;
        sh->deblock_idc = (int)idc;
        if (idc != 1) {
            const int a = rth264_br_se(br), b = rth264_br_se(br);
            if (a < -6 || a > 6 || b < -6 || b > 6)
                return RTH264_ERR_INVALIDDATA;
            sh->alpha_offset = 2 * a;
            sh->beta_offset = 2 * b;
        }
    }
    if (pps->num_slice_groups > 1 && pps->slice_group_map_type >= 3 && pps->slice_group_map_type <= 5) {
        const int size = sps->mb_width * sps->mb_height;
        const int rate = pps->slice_group_change_rate;
        const int max = (size + rate - 1) / rate + 1;
        int bits = 0;
        while ((1 << bits) < max)
            bits++;
        sh->slice_group_change_cycle = (int)rth264_br_read(br, bits);
    }
    return br->error ? RTH264_ERR_INVALIDDATA : 0;
}

int rth264_parse_slice_header(Rth264SliceHeader *sh, Rth264BitReader *br, int nal_unit_type,
                              int nal_ref_idc, const Rth264Pps *ppss, const Rth264Sps *spss)
{
    memset(sh, 0, sizeof(*sh));
    sh->nal_unit_type = nal_unit_type;
    sh->nal_ref_idc = nal_ref_idc;
    sh->idr = nal_unit_type == 5;
    sh->first_mb = rth264_br_ue(br);
    const uint32_t type = rth264_br_ue(br), pps_id = rth264_br_ue(br);
    if (type > 9 || pps_id >= RTH264_MAX_PPS || !ppss[pps_id].valid)
        return RTH264_ERR_INVALIDDATA;
    sh->slice_type = (int)(type % 5);
    sh->pps_id = (int)pps_id;
    const Rth264Pps *pps = &ppss[pps_id];
    const Rth264Sps *sps = &spss[pps->sps_id];
    if (!sps->valid)
        return RTH264_ERR_INVALIDDATA;
    if (sh->idr && sh->slice_type != RTH264_SLICE_I && sh->slice_type != RTH264_SLICE_SI)
        return RTH264_ERR_INVALIDDATA;
    if (sh->first_mb >= (uint32_t)(sps->mb_width * sps->mb_height))
        return RTH264_ERR_INVALIDDATA;
    sh->frame_num = (int)rth264_br_read(br, sps->log2_max_frame_num);
    if (!sps->frame_mbs_only) {
        sh->field_pic = rth264_br_read1(br);
        if (sh->field_pic)
            sh->bottom_field = rth264_br_read1(br);
    }
    if (sh->idr)
        sh->idr_pic_id = (int)rth264_br_ue(br);
    int ret;
    if ((ret = parse_poc_fields(sh, br, sps, pps)) < 0)
        return ret;
    if (sh->slice_type == RTH264_SLICE_B)
        sh->direct_spatial_mv_pred = rth264_br_read1(br);
    if ((ret = parse_ref_counts(sh, br, pps)) < 0)
        return ret;
    if ((ret = parse_ref_mods(sh, br)) < 0)
        return ret;
    if (((pps->weighted_pred && (sh->slice_type == RTH264_SLICE_P || sh->slice_type == RTH264_SLICE_SP)) ||
         (pps->weighted_bipred_idc == 1 && sh->slice_type == RTH264_SLICE_B)) &&
        (ret = parse_pred_weight_table(sh, br, sps->chroma_format_idc != 0)) < 0)
        return ret;
    return parse_tail(sh, br, sps, pps);
}
