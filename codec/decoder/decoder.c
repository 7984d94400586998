/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"
#include "common/cpu.h"
#include "common/tables.h"
#include "decoder/dec.h"
#include "decoder/slicedec.h"

/* The public decoder API: NAL unit dispatch, picture boundaries
 * (7.4.1.2.4), picture start and finish, concealment and output. */

enum { MAX_FRAME_MBS = 139264 }; /* level 6.2 MaxFS */

void rth264_decoder_default_settings(Rth264DecoderSettings *s)
{
    if (!s)
        return;
    memset(s, 0, sizeof(*s));
    s->cpu_mask = RTH264_CPU_ALL;
    s->input_format = RTH264_INPUT_ANNEXB;
    s->nal_length_size = 4;
    s->max_width = 8192;
    s->max_height = 8192;
    s->output_delay = -1;
}

int rth264_decoder_open(Rth264Decoder **pdec, const Rth264DecoderSettings *s)
{
    if (!pdec)
        return RTH264_ERR_INVAL;
    *pdec = NULL;
    Rth264DecoderSettings def;
    if (!s) {
        rth264_decoder_default_settings(&def);
        s = &def;
    }
    if ((s->input_format != RTH264_INPUT_ANNEXB && s->input_format != RTH264_INPUT_AVC) ||
        (s->input_format == RTH264_INPUT_AVC && s->nal_length_size != 1 && s->nal_length_size != 2 &&
         s->nal_length_size != 4) ||
        s->max_width < 16 || s->max_height < 16 || s->output_delay > 16)
        return RTH264_ERR_INVAL;
    Rth264Decoder *d = calloc(1, sizeof(*d));
    if (!d)
        return RTH264_ERR_NOMEM;
    d->s = *s;
    d->cpu_flags = rth264_cpu_detect() & s->cpu_mask;
    rth264_mc_init(&d->mc, d->cpu_flags);
    rth264_ipred_init(&d->ipred, d->cpu_flags);
    rth264_itx_init(&d->itx, d->cpu_flags);
    rth264_deblock_init(&d->deblock, d->cpu_flags);
    rth264_cavlc_init_tables();
    d->pool = rth264_frame_pool_create(DPB_SLOTS + OUT_QUEUE + 16);
    if (!d->pool) {
        free(d);
        return RTH264_ERR_NOMEM;
    }
    d->max_long_term_idx = -1;
    d->recovery_left = -1;
    *pdec = d;
    return 0;
}

static void free_mb_arrays(Rth264Decoder *d)
{
    free(d->mbinfo);
    free(d->i4modes);
    free(d->nnz);
    free(d->ref_idx);
    free(d->mb_kind);
    free(d->slice_group_map);
    for (int i = 0; i < d->num_spare; i++) {
        free(d->spare[i].mbinfo);
        free(d->spare[i].ref_idx);
    }
    d->num_spare = 0;
    d->mbinfo = NULL;
    d->i4modes = NULL;
    d->nnz = NULL;
    d->ref_idx = NULL;
    d->mb_kind = NULL;
    d->slice_group_map = NULL;
    d->mb_alloc = 0;
}

static void drop_current(Rth264Decoder *d)
{
    rth264_release_pic(d, &d->cur);
    d->has_cur = 0;
}

void rth264_decoder_close(Rth264Decoder **pdec)
{
    if (!pdec || !*pdec)
        return;
    Rth264Decoder *d = *pdec;
    drop_current(d);
    rth264_dpb_clear(d);
    rth264_release_pic(d, &d->grey);
    for (int i = 0; i < RTH264_MAX_PPS; i++)
        rth264_pps_clear(&d->ppss[i]);
    free_mb_arrays(d);
    rth264_nal_buffer_free(&d->nal);
    rth264_frame_pool_close(&d->pool);
    free(d);
    *pdec = NULL;
}

/* ---- parameter set activation ---- */

static int alloc_mb_arrays(Rth264Decoder *d, int count)
{
    free_mb_arrays(d);
    d->mbinfo = calloc((size_t)count, sizeof(*d->mbinfo));
    d->i4modes = calloc((size_t)count, sizeof(*d->i4modes));
    d->nnz = calloc((size_t)count, sizeof(*d->nnz));
    d->ref_idx = calloc((size_t)count, sizeof(*d->ref_idx));
    d->mb_kind = calloc((size_t)count, 1);
    d->slice_group_map = calloc((size_t)count, 1);
    if (!d->mbinfo || !d->i4modes || !d->nnz || !d->ref_idx || !d->mb_kind || !d->slice_group_map) {
        free_mb_arrays(d);
        return RTH264_ERR_NOMEM;
    }
    d->mb_alloc = count;
    return 0;
}

static int reorder_depth_for(const Rth264Decoder *d, const Rth264Sps *sps, int dpb_size)
{
    if (d->s.output_delay >= 0)
        return d->s.output_delay;
    if (sps->vui.bitstream_restriction)
        return sps->vui.max_num_reorder_frames < dpb_size ? sps->vui.max_num_reorder_frames : dpb_size;
    /* POC type 2: output order is decoding order (8.2.1.3). Intra-only
     * profiles (constraint_set3 on High profiles) infer 0 too (E.2.1). */
    if (sps->poc_type == 2)
        return 0;
    if ((sps->profile_idc == 44 || sps->profile_idc == 86 || sps->profile_idc == 100 ||
         sps->profile_idc == 110 || sps->profile_idc == 122 || sps->profile_idc == 244) &&
        (sps->constraint_flags & 0x10))
        return 0;
    return dpb_size;
}

static int activate_sps(Rth264Decoder *d, const Rth264Sps *sps)
{
    if (d->has_sps && !memcmp(&d->sps, sps, sizeof(*sps)))
        return 0;
    if (sps->unsupported)
        return RTH264_ERR_UNSUPPORTED;
    const int mbs = sps->mb_width * sps->mb_height;
    if (sps->mb_width * 16 > d->s.max_width || sps->mb_height * 16 > d->s.max_height || mbs > MAX_FRAME_MBS)
        return RTH264_ERR_LIMIT;
    /* A new sequence: output what is left of the old one. */
    rth264_bump_all(d);
    const int resized = !d->has_sps || d->sps.mb_width != sps->mb_width || d->sps.mb_height != sps->mb_height;
    if (resized) {
        for (int i = 0; i < DPB_SLOTS; i++)
            rth264_release_pic(d, &d->dpb[i]);
        int ret = alloc_mb_arrays(d, mbs);
        if (ret < 0) {
            d->has_sps = 0;
            return ret;
        }
        d->have_prev_ref = 0;
    }
    d->sps = *sps;
    d->has_sps = 1;
    d->mb_width = sps->mb_width;
    d->mb_height = sps->mb_height;
    d->mb_count = mbs;
    d->dpb_size = rth264_sps_dpb_frames(sps);
    d->reorder_depth = reorder_depth_for(d, sps, d->dpb_size);
    return 0;
}

/* ---- slice group map (8.2.2) ---- */

static void map_type_box_out(uint8_t *map, const Rth264Pps *pps, int w, int h, int units)
{
    memset(map, 1, (size_t)(w * h));
    const int dir = pps->slice_group_change_direction;
    int x = (w - dir) / 2, y = (h - dir) / 2;
    int left = x, top = y, right = x, bottom = y;
    int xdir = dir - 1, ydir = dir;
    for (int k = 0; k < units; ) {
        const int vacant = map[y * w + x] == 1;
        if (vacant)
            map[y * w + x] = 0;
        if (xdir == -1 && x == left) {
            left = left > 0 ? left - 1 : 0;
            x = left;
            xdir = 0;
            ydir = 2 * dir - 1;
        } else if (xdir == 1 && x == right) {
            right = right < w - 1 ? right + 1 : w - 1;
            x = right;
            xdir = 0;
            ydir = 1 - 2 * dir;
        } else if (ydir == -1 && y == top) {
            top = top > 0 ? top - 1 : 0;
            y = top;
            xdir = 1 - 2 * dir;
            ydir = 0;
        } else if (ydir == 1 && y == bottom) {
            bottom = bottom < h - 1 ? bottom + 1 : h - 1;
            y = bottom;
            xdir = 2 * dir - 1;
            ydir = 0;
        } else {
            x += xdir;
            y += ydir;
        }
        k += vacant;
    }
}

static void build_slice_group_map(Rth264Decoder *d, const Rth264Pps *pps, const Rth264SliceHeader *sh)
{
    const int w = d->mb_width, h = d->mb_height, n = d->mb_count, groups = pps->num_slice_groups;
    uint8_t *map = d->slice_group_map;
    const int units = sh->slice_group_change_cycle * pps->slice_group_change_rate;
    const int up = units < n ? units : n;
    switch (pps->slice_group_map_type) {
    case 0:
        for (int i = 0; i < n;)
            for (int g = 0; g < groups && i < n; i += pps->run_length_minus1[g++] + 1)
                for (int j = 0; j <= pps->run_length_minus1[g] && i + j < n; j++)
                    map[i + j] = (uint8_t)g;
        break;
    case 1:
        for (int i = 0; i < n; i++)
            map[i] = (uint8_t)(((i % w) + (((i / w) * groups) / 2)) % groups);
        break;
    case 2:
        memset(map, groups - 1, (size_t)n);
        for (int g = groups - 2; g >= 0; g--) {
            const int tl = pps->top_left[g], br = pps->bottom_right[g];
            for (int y = tl / w; y <= br / w && y < h; y++)
                for (int x = tl % w; x <= br % w; x++)
                    map[y * w + x] = (uint8_t)g;
        }
        break;
    case 3:
        map_type_box_out(map, pps, w, h, up);
        break;
    case 4: {
        const int size_upper = pps->slice_group_change_direction ? n - up : up;
        for (int i = 0; i < n; i++)
            map[i] = (uint8_t)(i < size_upper ? pps->slice_group_change_direction : 1 - pps->slice_group_change_direction);
        break;
    }
    case 5: {
        const int size_upper = pps->slice_group_change_direction ? n - up : up;
        int k = 0;
        for (int x = 0; x < w; x++)
            for (int y = 0; y < h; y++, k++)
                map[y * w + x] = (uint8_t)(k < size_upper ? pps->slice_group_change_direction
                                                          : 1 - pps->slice_group_change_direction);
        break;
    }
    default:
        for (int i = 0; i < n; i++)
            map[i] = pps->slice_group_id[i];
        break;
    }
}

/* ---- pictures ---- */

static void fill_color(Rth264ColorInfo *c, const Rth264Sps *sps)
{
    const Rth264Vui *v = &sps->vui;
    memset(c, 0, sizeof(*c));
    c->sar_num = v->sar_width;
    c->sar_den = v->sar_height;
    if (v->timing_info_present && v->num_units_in_tick && v->time_scale <= INT32_MAX &&
        v->num_units_in_tick <= INT32_MAX / 2) {
        c->fps_num = (int)v->time_scale;
        c->fps_den = (int)v->num_units_in_tick * 2;
    }
    c->full_range = v->full_range;
    c->colour_primaries = v->colour_primaries;
    c->transfer_characteristics = v->transfer_characteristics;
    c->matrix_coefficients = v->matrix_coefficients;
    c->chroma_sample_loc = v->chroma_loc_info_present ? v->chroma_sample_loc_top : -1;
}

/* Fill undecoded macroblocks: co-located copy from the nearest reference,
 * mid-grey before any exists. */
/* The list 0 motion of decoded inter neighbour `addr` at its 4x4 block
 * `blk` (the one touching the lost macroblock), if any. */
static int neighbour_motion(const Rth264Decoder *d, int addr, int blk, int16_t mv[2], int *ref_id)
{
    const Rth264MbInfo *m = &d->mbinfo[addr];
    const int b8 = ((blk >> 3) << 1) | ((blk & 3) >> 1);
    if (!mb_decoded(d, addr) || m->slice_id < 0 || m->intra || m->ref_id[0][b8] < 0)
        return 0;
    mv[0] = m->mv[0][blk][0];
    mv[1] = m->mv[0][blk][1];
    *ref_id = m->ref_id[0][b8];
    return 1;
}

/* Motion guess for lost macroblock (mx, my): the median (or mean of two)
 * of its decoded neighbours' vectors and the reference of the first. */
static int guess_motion(const Rth264Decoder *d, int mx, int my, int16_t mv[2], int *ref_id)
{
    const int w = d->mb_width, a = my * w + mx;
    int16_t c[4][2];
    int n = 0, id = -1, tmp;
    if (my > 0 && neighbour_motion(d, a - w, 13, c[n], n ? &tmp : &id)) n++;
    if (my < d->mb_height - 1 && neighbour_motion(d, a + w, 1, c[n], n ? &tmp : &id)) n++;
    if (mx > 0 && neighbour_motion(d, a - 1, 7, c[n], n ? &tmp : &id)) n++;
    if (mx < w - 1 && neighbour_motion(d, a + 1, 4, c[n], n ? &tmp : &id)) n++;
    if (!n)
        return 0;
    for (int k = 0; k < 2; k++) {
        int v[4], m = n;
        for (int i = 0; i < n; i++)
            v[i] = c[i][k];
        for (int i = 1; i < m; i++) /* sort the (at most 4) values */
            for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
                const int t = v[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
            }
        mv[k] = (int16_t)(m & 1 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2);
    }
    *ref_id = id;
    return 1;
}

static const DecPic *find_pic(const Rth264Decoder *d, int id)
{
    for (int i = 0; i < DPB_SLOTS; i++)
        if (d->dpb[i].frame && d->dpb[i].id == id)
            return &d->dpb[i];
    return NULL;
}

static inline int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Fill lost macroblock (mx, my) from `src`, displaced by mv (8.4.2.2
 * interpolation, same clamping as normal prediction). */
static void conceal_mb_from(Rth264Decoder *d, int mx, int my, const DecPic *src, const int16_t mv[2])
{
    Rth264Frame *f = d->cur.frame;
    const Rth264Frame *r = src->frame;
    const int px = mx * 16, py = my * 16;
    const int ix = clampi(px + (mv[0] >> 2), -19, r->width + 2), iy = clampi(py + (mv[1] >> 2), -19, r->height + 2);
    d->mc.put_luma[RTH264_MC_W16](f->data[0] + py * f->stride[0] + px, f->stride[0],
                                  r->data[0] + iy * r->stride[0] + ix, r->stride[0], 16, mv[0] & 3, mv[1] & 3);
    const int cx = clampi(mx * 8 + (mv[0] >> 3), -9, r->width / 2 + 1);
    const int cy = clampi(my * 8 + (mv[1] >> 3), -9, r->height / 2 + 1);
    for (int p = 1; p < 3; p++)
        d->mc.put_chroma[0](f->data[p] + my * 8 * f->stride[p] + mx * 8, f->stride[p],
                            r->data[p] + cy * r->stride[p] + cx, r->stride[p], 8, mv[0] & 7, mv[1] & 7);
}

static void forget_slice_ids(Rth264MbInfo *mi, int n)
{
    for (int a = 0; mi && a < n; a++)
        mi[a].slice_id = -1;
}

/* Slice ids start at 1 (0 is what calloc gives) and would only wrap after
 * 2^30 slices: then every stored id is forgotten, so none of them can be
 * taken for a macroblock of the current picture. */
static void restart_slice_ids(Rth264Decoder *d)
{
    forget_slice_ids(d->mbinfo, d->mb_count);
    for (int i = 0; i < d->num_spare; i++)
        forget_slice_ids(d->spare[i].mbinfo, d->mb_count);
    for (int i = 0; i < DPB_SLOTS; i++)
        forget_slice_ids(d->dpb[i].motion, d->dpb[i].motion_mbs);
    for (int i = 0; i < OUT_QUEUE; i++)
        forget_slice_ids(d->out[i].motion, d->out[i].motion_mbs);
    d->slice_count = 1;
}

static void conceal_mb_grey(Rth264Decoder *d, int mx, int my)
{
    Rth264Frame *f = d->cur.frame;
    for (int p = 0; p < 3; p++) {
        const int bs = p ? 8 : 16;
        for (int y = 0; y < bs; y++)
            memset(f->data[p] + (my * bs + y) * f->stride[p] + mx * bs, 128, (size_t)bs);
    }
}

static void mark_concealed_mb(Rth264Decoder *d, int a)
{
    Rth264MbInfo *mi = &d->mbinfo[a];
    memset(mi, 0, sizeof(*mi));
    memset(mi->ref_id, -1, sizeof(mi->ref_id));
    mi->available = 1;
    mi->deblock_idc = 1;
    mi->slice_id = -1;
    mi->qp = 26;
    d->mb_kind[a] = MB_PSKIP;
    memset(d->nnz[a], 0, 24);
    memset(d->i4modes[a], 2, 16);
    memset(d->ref_idx[a], -1, sizeof(d->ref_idx[a]));
}

/* Fill undecoded macroblocks: motion-compensated from the reference of
 * decoded inter neighbours when there are some, else a co-located copy
 * from the nearest reference, mid-grey before any exists. */
static void conceal_missing(Rth264Decoder *d)
{
    if (d->mbs_decoded >= d->mb_count)
        return;
    const DecPic *nearest = rth264_nearest_ref(d);
    for (int a = 0; a < d->mb_count; a++) {
        if (mb_decoded(d, a))
            continue;
        const int mx = a % d->mb_width, my = a / d->mb_width;
        int16_t mv[2] = { 0, 0 };
        int id;
        const DecPic *src = nearest;
        if (guess_motion(d, mx, my, mv, &id) && find_pic(d, id))
            src = find_pic(d, id);
        else
            mv[0] = mv[1] = 0;
        if (src)
            conceal_mb_from(d, mx, my, src, mv);
        else
            conceal_mb_grey(d, mx, my);
        mark_concealed_mb(d, a);
        d->cur_error = 1;
    }
}

static void deblock_picture(Rth264Decoder *d)
{
    Rth264Frame *f = d->cur.frame;
    const Rth264LoopFilter lf = {
        .dsp = &d->deblock,
        .data = { f->data[0], f->data[1], f->data[2] },
        .stride = { f->stride[0], f->stride[1], f->stride[2] },
        .mbs = d->mbinfo,
        .mb_width = d->mb_width,
        .mb_height = d->mb_height,
    };
    rth264_loopfilter_rows(&lf, 0, d->mb_height);
}

/* B slices of later pictures may use this reference as co-located
 * picture (8.4.1.2.1): hand its motion arrays to the DPB entry and take
 * spare ones. Baseline streams have no B slices: nothing to keep. */
static void keep_motion(Rth264Decoder *d)
{
    if (!d->cur.ref || d->sps.profile_idc == 66)
        return;
    Rth264MbInfo *mi;
    int8_t (*ri)[2][4];
    if (d->num_spare) {
        d->num_spare--;
        mi = d->spare[d->num_spare].mbinfo;
        ri = d->spare[d->num_spare].ref_idx;
    } else {
        mi = calloc((size_t)d->mb_count, sizeof(*mi));
        ri = calloc((size_t)d->mb_count, sizeof(*ri));
        if (!mi || !ri) {
            free(mi);
            free(ri);
            return;
        }
    }
    d->cur.motion = d->mbinfo;
    d->cur.motion_ref_idx = d->ref_idx;
    d->cur.motion_mbs = d->mb_count;
    d->mbinfo = mi;
    d->ref_idx = ri;
}

static void finish_picture(Rth264Decoder *d)
{
    if (!d->has_cur)
        return;
    d->has_cur = 0;
    conceal_missing(d);
    deblock_picture(d);
    rth264_frame_extend_borders(d->cur.frame);
    d->cur.qp = d->mbs_decoded ? d->qp_sum / d->mbs_decoded : 0;
    d->cur.mmco5 = d->first_sh.has_mmco5;
    if (d->cur_error) {
        d->pending_error = RTH264_ERR_INVALIDDATA;
        d->damaged = 1;
        d->cur.concealed = 1;
    }
    rth264_mark_references(d);
    keep_motion(d);
    rth264_store_picture(d);
}

/* 7.4.1.2.4: does this slice start a new primary coded picture? */
static int is_new_picture(const Rth264Decoder *d, const Rth264SliceHeader *a, const Rth264SliceHeader *b)
{
    if (a->frame_num != b->frame_num || a->pps_id != b->pps_id || a->field_pic != b->field_pic ||
        a->bottom_field != b->bottom_field || (!a->nal_ref_idc) != (!b->nal_ref_idc) || a->idr != b->idr)
        return 1;
    if (d->sps.poc_type == 0 && (a->poc_lsb != b->poc_lsb || a->delta_poc_bottom != b->delta_poc_bottom))
        return 1;
    if (d->sps.poc_type == 1 && (a->delta_poc[0] != b->delta_poc[0] || a->delta_poc[1] != b->delta_poc[1]))
        return 1;
    return a->idr && b->idr && a->idr_pic_id != b->idr_pic_id;
}

/* Resynchronisation: after concealment, pictures are flagged until an IDR
 * or the picture a recovery point SEI designates. */
static void update_damage_state(Rth264Decoder *d, const Rth264SliceHeader *sh)
{
    if (sh->idr) {
        d->damaged = 0;
        d->recovery_left = -1;
    } else if (d->recovery_left == 0) {
        d->damaged = 0;
        d->recovery_left = -1;
    } else if (d->recovery_left > 0) {
        d->recovery_left--;
    }
    d->cur.concealed = d->damaged;
}

static int start_picture(Rth264Decoder *d, const Rth264SliceHeader *sh)
{
    const Rth264Pps *pps = &d->ppss[sh->pps_id];
    int ret = activate_sps(d, &d->spss[pps->sps_id]);
    if (ret < 0)
        return ret;
    const int gap_error = rth264_handle_frame_num_gap(d, sh) < 0;
    memset(&d->cur, 0, sizeof(d->cur));
    d->cur.frame = rth264_new_frame(d);
    if (!d->cur.frame)
        return RTH264_ERR_NOMEM;
    if (d->sps.chroma_format_idc == 0) /* 4:0:0 is output as I420 with grey chroma */
        for (int p = 1; p < 3; p++)
            for (int y = 0; y < d->mb_height * 8; y++)
                memset(d->cur.frame->data[p] + y * d->cur.frame->stride[p], 128, (size_t)d->mb_width * 8);
    d->first_sh = *sh;
    d->has_cur = 1;
    d->cur.id = d->next_pic_id++;
    d->cur.idr = sh->idr;
    d->cur.output_needed = 1;
    d->cur.frame_type = sh->idr ? RTH264_FRAME_IDR : RTH264_FRAME_I;
    d->cur.pts = d->pts;
    d->cur.user_data = d->user_data;
    d->cur.crop_left = d->sps.crop_left;
    d->cur.crop_top = d->sps.crop_top;
    d->cur.width = d->mb_width * 16 - d->sps.crop_left - d->sps.crop_right;
    d->cur.height = d->mb_height * 16 - d->sps.crop_top - d->sps.crop_bottom;
    fill_color(&d->cur.color, &d->sps);
    rth264_compute_poc(d, sh);
    update_damage_state(d, sh);
    /* A frame_num gap the SPS does not allow means lost frames. */
    d->cur_error = gap_error;
    if (d->slice_count < 1 || d->slice_count > 1 << 30)
        restart_slice_ids(d);
    d->pic_first_slice_id = d->slice_count;
    d->mbs_decoded = d->qp_sum = 0;
    return 0;
}

/* True when no ref_idx the parser can return (< num_ref_idx_active, 0 for
 * an unused list) needs the per-macroblock checks of decode_coded_mb(). */
static int refs_all_safe(const SliceCtx *s)
{
    for (int l = 0; l < 2; l++) {
        const int n = s->sh->num_ref_idx_active[l] > 1 ? (int)s->sh->num_ref_idx_active[l] : 1;
        if (n > 32)
            return 0;
        for (int r = 0; r < n; r++)
            if ((r && r >= s->ref_count[l]) || s->ref_missing[l][r])
                return 0;
    }
    return 1;
}

static int setup_slice_groups(Rth264Decoder *d, const Rth264Pps *pps, const Rth264SliceHeader *sh)
{
    d->slice_groups_active = 0;
    if (pps->num_slice_groups <= 1)
        return 0;
    if (pps->slice_group_map_type == 6 && pps->pic_size_in_map_units != d->mb_count)
        return RTH264_ERR_INVALIDDATA;
    build_slice_group_map(d, pps, sh);
    d->slice_groups_active = 1;
    return 0;
}

static int decode_slice(Rth264Decoder *d, Rth264BitReader *br, int nal_type, int nal_ref_idc)
{
    Rth264SliceHeader *sh = &d->sh;
    int ret = rth264_parse_slice_header(sh, br, nal_type, nal_ref_idc, d->ppss, d->spss);
    if (ret < 0)
        return ret;
    const Rth264Pps *pps = &d->ppss[sh->pps_id];
    const Rth264Sps *sps = &d->spss[pps->sps_id];
    if (sps->unsupported || pps->unsupported || sh->slice_type >= RTH264_SLICE_SP || sh->field_pic ||
        (pps->num_slice_groups > 1 && !sps->frame_mbs_only))
        return RTH264_ERR_UNSUPPORTED;
    if (sh->redundant_pic_cnt > 0)
        return 0; /* primary pictures only */
    if (d->has_cur && (is_new_picture(d, &d->first_sh, sh) || sh->first_mb >= (uint32_t)d->mb_count ||
                       mb_decoded(d, (int)sh->first_mb)))
        finish_picture(d);
    if (!d->has_cur && (ret = start_picture(d, sh)) < 0)
        return ret;
    if (sh->first_mb >= (uint32_t)d->mb_count)
        return RTH264_ERR_INVALIDDATA;
    if ((ret = setup_slice_groups(d, pps, sh)) < 0)
        return ret;
    SliceCtx *s = &d->slice;
    memset(s, 0, offsetof(SliceCtx, mb));
    /* entries load_motion() never writes (right of the MB) read as unavailable */
    memset(s->ref_cache, REF_UNAVAIL, sizeof(s->ref_cache));
    s->d = d;
    s->sps = &d->sps;
    s->pps = pps;
    s->sh = sh;
    s->br = *br;
    s->slice_id = d->slice_count++;
    s->qp = sh->qp;
    rth264_setup_dequant(s);
    if (sh->slice_type == RTH264_SLICE_P && d->cur.frame_type != RTH264_FRAME_B)
        d->cur.frame_type = RTH264_FRAME_P;
    if (sh->slice_type == RTH264_SLICE_B)
        d->cur.frame_type = RTH264_FRAME_B;
    ret = 0;
    if (rth264_build_ref_lists(d, s) < 0) {
        d->cur_error = 1;
        ret = RTH264_ERR_INVALIDDATA;
    }
    if ((sh->slice_type != RTH264_SLICE_I && !s->ref_count[0]) ||
        (sh->slice_type == RTH264_SLICE_B && !s->ref_count[1]))
        return RTH264_ERR_INVALIDDATA; /* nothing to predict from: concealed */
    s->refs_safe = refs_all_safe(s);
    if (rth264_decode_slice_data(s) < 0)
        ret = RTH264_ERR_INVALIDDATA;
    return ret;
}

/* ---- NAL units ---- */

static int parse_sps_nal(Rth264Decoder *d, Rth264BitReader *br)
{
    Rth264Sps sps;
    int ret = rth264_parse_sps(&sps, br);
    if (ret < 0)
        return ret;
    d->spss[sps.id] = sps;
    return 0; /* unsupported features are refused when a slice uses it */
}

static int parse_pps_nal(Rth264Decoder *d, Rth264BitReader *br)
{
    Rth264Pps pps = { 0 };
    int ret = rth264_parse_pps(&pps, br, d->spss);
    if (ret < 0) {
        rth264_pps_clear(&pps);
        return ret;
    }
    if (d->has_cur && pps.id == d->first_sh.pps_id)
        finish_picture(d);
    rth264_pps_clear(&d->ppss[pps.id]);
    d->ppss[pps.id] = pps;
    return 0; /* unsupported features are refused when a slice uses it */
}

/* 7.3.2.3 / D.1: walk SEI messages; only the recovery point matters. */
static void parse_sei(Rth264Decoder *d, Rth264BitReader *br)
{
    while (rth264_br_bits_left(br) > 16 && !br->error) {
        int type = 0, size = 0, b;
        do {
            b = (int)rth264_br_read(br, 8);
            type += b;
        } while (b == 255 && !br->error);
        do {
            b = (int)rth264_br_read(br, 8);
            size += b;
        } while (b == 255 && !br->error);
        if ((size_t)size * 8 > rth264_br_bits_left(br))
            return;
        const size_t next = br->pos + (size_t)size * 8;
        if (type == 6) { /* D.2.8 recovery_point: recovery_frame_cnt pictures on, all is clean */
            const uint32_t cnt = rth264_br_ue(br);
            d->recovery_left = cnt > 256 ? 256 : (int)cnt;
        }
        br->pos = next;
    }
}

static int decode_nal(Rth264Decoder *d, const uint8_t *nal, size_t size)
{
    if (size < 1)
        return 0;
    const int forbidden = nal[0] >> 7, ref_idc = (nal[0] >> 5) & 3, type = nal[0] & 31;
    if (forbidden)
        return RTH264_ERR_INVALIDDATA;
    switch (type) {
    case RTH264_NAL_SLICE: case RTH264_NAL_IDR: case RTH264_NAL_PPS:
        break;
    case RTH264_NAL_SPS: case RTH264_NAL_SEI:
        /* 7.4.1.2.3: these never follow the slices of their own access
         * unit, so the current picture is complete (lower latency when the
         * caller does not mark access unit ends). */
        finish_picture(d);
        break;
    case RTH264_NAL_AUD: case RTH264_NAL_END_SEQ: case RTH264_NAL_END_STREAM:
    case RTH264_NAL_SUBSET_SPS: case 16: case 17: case 18:
        finish_picture(d);
        return 0;
    case RTH264_NAL_DPA: case RTH264_NAL_DPB: case RTH264_NAL_DPC:
        return RTH264_ERR_UNSUPPORTED; /* data partitioning (Extended profile) */
    default:
        return 0; /* SVC/MVC layers (14, 20), auxiliary pictures (19), reserved */
    }
    if (rth264_nal_unescape(&d->nal, nal + 1, size - 1) < 0)
        return RTH264_ERR_NOMEM;
    Rth264BitReader br;
    rth264_br_init(&br, d->nal.data, d->nal.size);
    switch (type) {
    case RTH264_NAL_SPS:
        return parse_sps_nal(d, &br);
    case RTH264_NAL_PPS:
        return parse_pps_nal(d, &br);
    case RTH264_NAL_SEI:
        parse_sei(d, &br);
        return 0;
    default:
        return decode_slice(d, &br, type, ref_idc);
    }
}

/* Keep the most useful error of a call: data damage over unsupported. */
static int merge_error(int acc, int ret)
{
    if (ret >= 0)
        return acc;
    if (acc == 0 || ret == RTH264_ERR_NOMEM || ret == RTH264_ERR_LIMIT)
        return ret;
    return acc;
}

static int send_annexb(Rth264Decoder *d, const uint8_t *data, size_t size)
{
    const uint8_t *end = data + size;
    const uint8_t *p = rth264_nal_find_start(data, end);
    int err = 0;
    if (!p) /* no start code at all: one bare NAL unit */
        return decode_nal(d, data, size);
    while (p && p < end) {
        const size_t len = rth264_nal_length(p, end);
        err = merge_error(err, decode_nal(d, p, len));
        p = rth264_nal_find_start(p + len, end);
    }
    return err;
}

static int send_avc(Rth264Decoder *d, const uint8_t *data, size_t size)
{
    const size_t ls = (size_t)d->s.nal_length_size;
    int err = 0;
    while (size >= ls) {
        size_t len = 0;
        for (size_t i = 0; i < ls; i++)
            len = len << 8 | data[i];
        data += ls;
        size -= ls;
        if (len > size)
            return merge_error(err, RTH264_ERR_INVALIDDATA);
        err = merge_error(err, decode_nal(d, data, len));
        data += len;
        size -= len;
    }
    return size ? merge_error(err, RTH264_ERR_INVALIDDATA) : err;
}

int rth264_decoder_send_data(Rth264Decoder *d, const uint8_t *data, size_t size, int64_t pts,
                             void *user_data, unsigned flags)
{
    if (!d || (!data && size))
        return RTH264_ERR_INVAL;
    d->pts = pts;
    d->user_data = user_data;
    d->pending_error = 0;
    int err = d->s.input_format == RTH264_INPUT_AVC ? send_avc(d, data, size) : send_annexb(d, data, size);
    if (flags & RTH264_SEND_END_OF_AU)
        finish_picture(d);
    if (err == 0 && d->pending_error)
        err = d->pending_error;
    return err;
}

int rth264_decoder_set_avcc(Rth264Decoder *d, const uint8_t *avcc, size_t size)
{
    if (!d || !avcc || size < 7 || avcc[0] != 1)
        return RTH264_ERR_INVAL;
    d->s.input_format = RTH264_INPUT_AVC;
    d->s.nal_length_size = (avcc[4] & 3) + 1;
    if (d->s.nal_length_size == 3)
        return RTH264_ERR_INVALIDDATA;
    size_t pos = 5;
    int err = 0;
    for (int kind = 0; kind < 2; kind++) {
        if (pos >= size)
            return RTH264_ERR_INVALIDDATA;
        const int count = kind ? avcc[pos] : avcc[pos] & 31;
        pos++;
        for (int i = 0; i < count; i++) {
            if (pos + 2 > size)
                return RTH264_ERR_INVALIDDATA;
            const size_t len = (size_t)avcc[pos] << 8 | avcc[pos + 1];
            pos += 2;
            if (len > size - pos)
                return RTH264_ERR_INVALIDDATA;
            err = merge_error(err, decode_nal(d, avcc + pos, len));
            pos += len;
        }
    }
    return err;
}

static void export_picture(Rth264Picture *out, const DecPic *p)
{
    memset(out, 0, sizeof(*out));
    const Rth264Frame *f = p->frame;
    out->data[0] = f->data[0] + p->crop_top * f->stride[0] + p->crop_left;
    out->data[1] = f->data[1] + (p->crop_top / 2) * f->stride[1] + p->crop_left / 2;
    out->data[2] = f->data[2] + (p->crop_top / 2) * f->stride[2] + p->crop_left / 2;
    for (int i = 0; i < 3; i++)
        out->stride[i] = f->stride[i];
    out->width = p->width;
    out->height = p->height;
    out->pts = p->pts;
    out->frame_type = p->frame_type;
    out->concealed = p->concealed;
    out->poc = p->poc;
    out->qp = p->qp;
    out->color = p->color;
    out->user_data = p->user_data;
    out->ref = (void *)&p->frame->ref;
}

int rth264_decoder_get_picture(Rth264Decoder *d, Rth264Picture *out)
{
    if (!d || !out)
        return RTH264_ERR_INVAL;
    if (!d->out_count)
        return RTH264_ERR_AGAIN;
    DecPic *p = &d->out[d->out_head];
    export_picture(out, p); /* the queue's frame reference moves to the user */
    memset(p, 0, sizeof(*p));
    d->out_head = (d->out_head + 1) % OUT_QUEUE;
    d->out_count--;
    return 0;
}

int rth264_decoder_drain(Rth264Decoder *d)
{
    if (!d)
        return RTH264_ERR_INVAL;
    finish_picture(d);
    rth264_bump_all(d);
    return 0;
}

void rth264_decoder_flush(Rth264Decoder *d)
{
    if (!d)
        return;
    drop_current(d);
    rth264_dpb_clear(d);
    d->prev_poc_msb = d->prev_poc_lsb = 0;
    d->prev_frame_num = d->prev_frame_num_offset = 0;
    d->max_long_term_idx = -1;
}

int rth264_decoder_get_stream_info(Rth264Decoder *d, Rth264StreamInfo *info)
{
    if (!d || !info)
        return RTH264_ERR_INVAL;
    if (!d->has_sps)
        return RTH264_ERR_AGAIN;
    const Rth264Sps *sps = &d->sps;
    memset(info, 0, sizeof(*info));
    info->profile_idc = sps->profile_idc;
    info->level_idc = sps->level_idc;
    info->constraint_flags = sps->constraint_flags;
    info->coded_width = sps->mb_width * 16;
    info->coded_height = sps->mb_height * 16;
    info->width = info->coded_width - sps->crop_left - sps->crop_right;
    info->height = info->coded_height - sps->crop_top - sps->crop_bottom;
    info->crop_left = sps->crop_left;
    info->crop_top = sps->crop_top;
    info->num_reorder_frames = d->reorder_depth;
    info->max_dec_frame_buffering = d->dpb_size;
    fill_color(&info->color, sps);
    return 0;
}
