/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/tables.h"
#include "encoder/encoder.h"

/* Copy one plane of the input onto the MB grid, replicating the last
 * column and row into the area that cropping hides. */
static void copy_plane(uint8_t *dst, ptrdiff_t ds, int dw, int dh, const uint8_t *src,
                       ptrdiff_t ss, int sw, int sh)
{
    for (int y = 0; y < dh; y++) {
        const uint8_t *s = src + (y < sh ? y : sh - 1) * ss;
        uint8_t *d = dst + y * ds;
        memcpy(d, s, (size_t)sw);
        if (dw > sw)
            memset(d + sw, s[sw - 1], (size_t)(dw - sw));
    }
}

/* The caller's planes can stand in for the copy when they already are the
 * MB grid: sizes multiples of 16, and rows and planes 16-byte aligned like
 * fenc's (the SSE2 SADs read the source with aligned psadbw). Nothing reads
 * fenc outside the MB grid (the kernels read exactly their block's rows and
 * columns), and fenc is read only during the encode call. */
static int input_is_mb_grid(const Rth264Encoder *enc, const Rth264Picture *in)
{
    if (in->width != enc->mb_w * 16 || in->height != enc->mb_h * 16 ||
        in->stride[1] != in->stride[2]) /* as in a frame */
        return 0;
    for (int c = 0; c < 3; c++)
        if (((uintptr_t)in->data[c] | (uintptr_t)in->stride[c]) & 15 ||
            in->stride[c] < (c ? in->width / 2 : in->width))
            return 0;
    return 1;
}

/* fenc back on its own planes after an encode call, so that no pointer to
 * the caller's picture outlives the call. */
static void release_input(Rth264Encoder *enc)
{
    for (int c = 0; c < 3; c++) {
        enc->fenc->data[c] = enc->fenc_own[c];
        enc->fenc->stride[c] = enc->fenc_own_stride[c];
    }
}

static void load_input(Rth264Encoder *enc, const Rth264Picture *in)
{
    Rth264Frame *f = enc->fenc;
    if (!enc->fenc_own[0])
        for (int c = 0; c < 3; c++) {
            enc->fenc_own[c] = f->data[c];
            enc->fenc_own_stride[c] = f->stride[c];
        }
    if (input_is_mb_grid(enc, in)) {
        for (int c = 0; c < 3; c++) {
            f->data[c] = in->data[c];
            f->stride[c] = in->stride[c];
        }
        return;
    }
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    copy_plane(f->data[0], f->stride[0], cw, ch, in->data[0], in->stride[0], in->width,
               in->height);
    for (int c = 1; c < 3; c++)
        copy_plane(f->data[c], f->stride[c], cw / 2, ch / 2, in->data[c], in->stride[c],
                   (in->width + 1) / 2, (in->height + 1) / 2);
}

/* Complexity of each MB before coding: the smaller of a zero-motion SAD
 * against the last reference and an intra estimate from the variance.
 * The global-motion profiles of each MB row are taken right after it, so
 * that the source is read from memory once for both. The pass goes
 * bottom-up: the coding then starts at the top with the rows this pass
 * read last (source and reference) still in the cache. The total is summed
 * in raster order, so it does not depend on the pass's order. */
static double estimate_complexity(Rth264Encoder *enc, int intra)
{
    /* Everything the loop reads in locals: its stores through uint32_t
     * pointers would otherwise make the compiler reload enc's fields. */
    const int mb_w = enc->mb_w, mb_h = enc->mb_h;
    const ptrdiff_t ss = enc->fenc->stride[0];
    const uint8_t *luma = enc->fenc->data[0];
    const Rth264VarFn var16 = enc->pix.var[0];
    const Rth264SadFn sad16 = enc->pix.sad[RTH264_PIXEL_16x16];
    const Rth264Frame *r = !intra && enc->num_refs ? enc->refs[0] : NULL;
    const ptrdiff_t rs = r ? r->stride[0] : 0;
    float *intra_est = enc->mb_intra_est;
    uint64_t *gm_var = enc->gm_var;
    uint32_t *gm_sad0 = enc->gm_sad0, *mb_cost = enc->mb_cost;
    double *exact = enc->mb_cost_exact;
    for (int y = mb_h - 1; y >= 0; y--) {
        for (int x = 0; x < mb_w; x++) {
            const int i = y * mb_w + x;
            const uint8_t *src = luma + y * 16 * ss + x * 16;
            const uint64_t v = var16(src, ss);
            const double sum = (double)(uint32_t)v, sqr = (double)(v >> 32);
            const double var = sqr / 256.0 - (sum / 256.0) * (sum / 256.0);
            double cost = 0.8 * 256.0 * sqrt(var > 0 ? var : 0) + 64;
            intra_est[i] = (float)cost; /* analyse.c intra gate */
            if (gm_var) /* globalmotion.c's static test */
                gm_var[i] = v;
            if (r) {
                const int sad = sad16(src, ss, r->data[0] + y * 16 * rs + x * 16, rs);
                if (gm_sad0) /* globalmotion.c's moved test */
                    gm_sad0[i] = (uint32_t)sad;
                if (sad + 32 < cost)
                    cost = sad + 32;
            }
            mb_cost[i] = (uint32_t)cost;
            exact[i] = cost;
        }
        rth264_enc_gm_rows(enc, y);
    }
    double total = 0;
    for (int i = 0; i < mb_w * mb_h; i++)
        total += exact[i];
    return total;
}

static void set_lambda(Rth264Encoder *enc, int qp)
{
    enc->lambda = enc->lambda_tab[qp];
    enc->lambda2 = enc->lambda2_tab[qp];
    /* P_Skip is only tried when the SAD could plausibly quantise to zero. */
    const double zero_dc = (1 << (15 + qp / 6)) * (5.0 / 6.0) / rth264_quant4_mf[qp % 6][0];
    enc->skip_threshold = (int)(16 * 1.5 * zero_dc);
}

/* ---- NAL output ------------------------------------------------------------- */

static int emit_nal(Rth264Encoder *enc, int type, int ref_idc, const uint8_t *rbsp, size_t size)
{
    if (enc->num_nals >= RTH264_MAX_NALS)
        return RTH264_ERR_LIMIT;
    const int sc = (type == 7 || type == 8 || enc->num_nals == 0 ||
                    enc->nals[enc->num_nals - 1].type >= 7) ? 4 : 3;
    const size_t n = rth264_nal_pack(enc->out + enc->out_size, enc->out_cap - enc->out_size, sc,
                                     ref_idc, type, rbsp, size);
    if (!n)
        return RTH264_ERR_NOMEM;
    Rth264Nal *nal = &enc->nals[enc->num_nals++];
    nal->type = type;
    nal->offset = enc->out_size;
    nal->size = n;
    nal->start_code_size = sc;
    enc->out_size += n;
    return 0;
}

int rth264_enc_write_headers(Rth264Encoder *enc)
{
    Rth264BitWriter bw;
    rth264_bw_init(&bw, enc->rbsp, enc->rbsp_cap);
    rth264_enc_write_sps(enc, &bw);
    int err = emit_nal(enc, 7, 3, enc->rbsp, bw.pos);
    if (err)
        return err;
    rth264_bw_init(&bw, enc->rbsp, enc->rbsp_cap);
    rth264_enc_write_pps(enc, &bw);
    return emit_nal(enc, 8, 3, enc->rbsp, bw.pos);
}

/* D.1.1 / D.2.8 recovery point SEI: recovery_frame_cnt frames after this
 * one (counted in frame_num), every sample is what a decoder that started
 * at an IDR would show; exact_match_flag because refreshed columns only
 * predict from refreshed areas. rbsp: payloadType 6, payloadSize, payload
 * padded by 7.3.2.3.1 bit_equal_to_one/zero, rbsp_trailing_bits. */
static int write_recovery_point_sei(Rth264Encoder *enc, int recovery_frame_cnt)
{
    uint8_t payload[16];
    Rth264BitWriter pw;
    rth264_bw_init(&pw, payload, sizeof(payload));
    rth264_bw_ue(&pw, (uint32_t)recovery_frame_cnt);
    rth264_bw_put1(&pw, 1);    /* exact_match_flag */
    rth264_bw_put1(&pw, 0);    /* broken_link_flag */
    rth264_bw_put(&pw, 2, 0);  /* changing_slice_group_idc: no slice groups */
    if (!rth264_bw_byte_aligned(&pw))
        rth264_bw_trailing(&pw);
    Rth264BitWriter bw;
    rth264_bw_init(&bw, enc->rbsp, enc->rbsp_cap);
    rth264_bw_put(&bw, 8, 6);  /* payloadType: recovery_point */
    rth264_bw_put(&bw, 8, (uint32_t)pw.pos);
    for (size_t i = 0; i < pw.pos; i++)
        rth264_bw_put(&bw, 8, payload[i]);
    rth264_bw_trailing(&bw);
    return emit_nal(enc, 6, 0, enc->rbsp, bw.pos);
}

/* Upper bound of the NAL size (start code included) if the slice ended now. */
static size_t slice_size_bound(const Rth264Encoder *enc, const Rth264BitWriter *bw)
{
    size_t ep = 0;
    int zeros = 0;
    for (size_t i = 0; i < bw->pos; i++) {
        if (zeros >= 2 && enc->rbsp[i] <= 3) {
            ep++;
            zeros = 0;
        }
        zeros = enc->rbsp[i] ? 0 : zeros + 1;
    }
    const size_t tail_bits = (size_t)bw->cache_bits + rth264_ue_bits((uint32_t)enc->skip_run) + 8;
    return 4 + 1 + bw->pos + ep + (tail_bits + 7) / 8 + 1;
}

/* ---- macroblock bookkeeping ------------------------------------------------- */

/* Bit i set iff p[i] is non-zero (i < 8): per byte, the top bit of (low 7
 * bits + 0x7f) | byte; the multiply moves the eight top bits into the top
 * byte, bit i from byte i (no two partial products meet). */
static inline unsigned nonzero_bytes8(const uint8_t *p)
{
    uint64_t v; /* one load (GCC keeps a byte loop as eight) */
    memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v); /* byte i in bits 8i..8i+7 */
#endif
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
    const uint64_t top = ((((v & low7) + low7) | v) >> 7) & 0x0101010101010101ull;
    return (unsigned)((top * 0x0102040810204080ull) >> 56);
}

static void commit_mb(Rth264Encoder *enc, int mb_x, int mb_y, const EncMbDecision *d,
                      const EncResidual *r)
{
    const int addr = mb_y * enc->mb_w + mb_x;
    EncMb *m = &enc->mbs[addr];
    const int intra = mb_is_intra(d->type);
    m->type = (int8_t)d->type;
    m->qp = (int8_t)enc->qp_pred; /* QPY: unchanged when no mb_qp_delta was sent */
    m->slice = enc->slice_index;
    memcpy(m->nnz, r->nnz, sizeof(m->nnz));
    memcpy(m->nnz_c, r->nnz_c, sizeof(m->nnz_c));
    memcpy(m->i4mode, d->i4mode, sizeof(m->i4mode));
    memcpy(m->ref, d->ref, sizeof(m->ref));
    memcpy(m->mv, d->mv, sizeof(m->mv));

    Rth264MbInfo *li = &enc->lf_info[addr];
    /* The reference ids and list 0 vectors are all written below; list 1
     * stays as calloc left it (P slices only). */
    memset(li, 0, offsetof(Rth264MbInfo, ref_id));
    li->intra = (uint8_t)intra;
    li->available = 1;
    /* one partition: one reference and vector (the loop filter's fast path) */
    li->motion = d->type == MB_P16x16 || d->type == MB_PSKIP ? RTH264_MB_MOTION_UNIFORM
                                                             : RTH264_MB_MOTION_GENERAL;
    li->qp = m->qp;
    li->qpc[0] = li->qpc[1] = (int8_t)rth264_chroma_qp[m->qp];
    li->slice_id = enc->slice_index;
    li->nnz = (uint16_t)(nonzero_bytes8(r->nnz) | nonzero_bytes8(r->nnz + 8) << 8);
    if (intra) {
        memset(li->ref_id, 0xff, sizeof(li->ref_id)); /* -1: no list used */
    } else {
        for (int i = 0; i < 4; i++) {
            li->ref_id[0][i] = enc->ref_ids[d->ref[i]];
            li->ref_id[1][i] = -1;
        }
    }
    memcpy(li->mv[0], d->mv, sizeof(li->mv[0]));
    memcpy(enc->prev_mv[addr], d->mv[0], sizeof(enc->prev_mv[0]));
}

typedef struct SliceSave {
    Rth264BitWriter bw;
    int skip_run, qp_pred;
    RateControl rc;
} SliceSave;

static void restore(Rth264Encoder *enc, Rth264BitWriter *bw, const SliceSave *save)
{
    *bw = save->bw;
    enc->skip_run = save->skip_run;
    enc->qp_pred = save->qp_pred;
    enc->rc = save->rc;
}

/* Codes one MB into the slice. With a byte limit: returns 1 (and undoes
 * the MB) when it belongs in the next slice; an MB too big even alone is
 * coded again with a coarser QP until it fits (or QP 51). */
static int code_mb(Rth264Encoder *enc, Rth264BitWriter *bw, int mb, int first_in_slice,
                   size_t max_bytes)
{
    const int mb_x = mb % enc->mb_w, mb_y = mb / enc->mb_w;
    SliceSave save, *undo = NULL; /* only a byte limit may undo the MB */
    if (max_bytes) {
        save = (SliceSave){ *bw, enc->skip_run, enc->qp_pred, enc->rc };
        undo = &save;
    }
    const size_t bits_before = rth264_bw_count(bw);
    int qp = rth264_rc_mb_qp(&enc->rc, mb, enc->mb_count, enc->mb_cost[mb]);
    EncMbDecision d;
    EncResidual r;
    for (;;) {
        rth264_enc_analyse_encode_mb(enc, mb_x, mb_y, qp, &d, &r);
        rth264_enc_write_mb(enc, bw, mb_x, mb_y, &d, &r);
        if (!max_bytes)
            break;
        rth264_bw_flush(bw); /* the bound scans the stored bytes */
        if (slice_size_bound(enc, bw) <= max_bytes)
            break;
        restore(enc, bw, undo);
        if (!first_in_slice)
            return 1;
        if (qp >= 51)
            return -1;
        qp = qp + 6 < 51 ? qp + 6 : 51;
    }
    rth264_rc_mb_done(&enc->rc, enc->mb_cost[mb], (int)(rth264_bw_count(bw) - bits_before),
                      enc->qp_pred);
    commit_mb(enc, mb_x, mb_y, &d, &r);
    return 0;
}

static void deblock_rows(Rth264Encoder *enc, int y0, int y1);

/* Luma sample rows of the reconstruction that deblock_behind() has padded
 * (those of MB rows 0..y-3, final once row y-2 is filtered) once next_mb
 * reached MB row y. */
static int rows_padded(int y)
{
    return y >= 3 ? (y - 2) * 16 : 0;
}

/* With next_mb starting MB row y (rows 0..y-1 coded), the work on the rows
 * behind, while their samples are still in the cache:
 * - loop filter of MB row y - 2. Intra prediction uses the samples before
 *   deblocking: row y - 1 has been predicted from row y - 2's, and row y
 *   needs only row y - 1's, which filtering row y - 2 leaves alone (it
 *   changes row y - 2 and the bottom 3 sample rows of row y - 3);
 * - MB row y - 3 is then final: its padding (left, right; the top one
 *   with row 0).
 * deblock_picture() does the rest after the last MB. Every row is done
 * once: MBs are coded in raster order. */
static inline void deblock_behind(Rth264Encoder *enc, int next_mb)
{
    const int y = next_mb / enc->mb_w;
    if (y < 2 || next_mb != y * enc->mb_w)
        return;
    deblock_rows(enc, y - 2, y - 1);
    if (y < 3)
        return;
    rth264_frame_extend_rows(enc->recon, rows_padded(y - 1), rows_padded(y));
}

/* Codes MBs from *mb on in one slice; stops at the slice limits. */
static int encode_slice(Rth264Encoder *enc, int *mb)
{
    Rth264BitWriter bw;
    rth264_bw_init(&bw, enc->rbsp, enc->rbsp_cap);
    enc->slice_index++;
    enc->slice_first_mb = *mb;
    enc->qp_pred = enc->frame_qp;
    enc->skip_run = 0;
    rth264_enc_write_slice_header(enc, &bw, *mb);
    const size_t max_bytes = enc->s.slice_mode == RTH264_SLICE_MAX_BYTES
                             ? (size_t)enc->s.slice_max_bytes : 0;
    int count = 0;
    while (*mb < enc->mb_count) {
        if (enc->s.slice_mode == RTH264_SLICE_FIXED_MBS && count >= enc->s.slice_max_mbs)
            break;
        const int ret = code_mb(enc, &bw, *mb, count == 0, max_bytes);
        if (ret > 0)
            break;
        if (ret < 0) {
            /* Even at QP 51 one MB exceeds the limit: code it anyway (the
             * slice is then over the limit) rather than fail the frame. */
            if (code_mb(enc, &bw, *mb, count == 0, 0) != 0)
                return RTH264_ERR_LIMIT;
        }
        (*mb)++;
        count++;
        deblock_behind(enc, *mb);
    }
    if (enc->skip_run)
        rth264_bw_ue(&bw, (uint32_t)enc->skip_run);
    rth264_bw_trailing(&bw);
    if (bw.overflow)
        return RTH264_ERR_NOMEM;
    return emit_nal(enc, enc->is_idr ? 5 : 1, 1, enc->rbsp, bw.pos);
}

/* ---- picture ------------------------------------------------------------------ */

/* A frame no reference uses, for the reconstruction (sets recon_index). */
static Rth264Frame *free_frame(Rth264Encoder *enc)
{
    for (int i = 0; i <= ENC_MAX_REFS; i++) {
        Rth264Frame *f = enc->frames[i];
        int used = 0;
        if (!f)
            continue;
        for (int r = 0; r < enc->num_refs; r++)
            used |= enc->refs[r] == f;
        if (!used) {
            enc->recon_index = i;
            return f;
        }
    }
    return NULL;
}

static void update_refs(Rth264Encoder *enc)
{
    int keep = enc->num_refs < enc->s.refs ? enc->num_refs : enc->s.refs - 1;
    memmove(&enc->refs[1], &enc->refs[0], (size_t)keep * sizeof(enc->refs[0]));
    memmove(&enc->ref_ids[1], &enc->ref_ids[0], (size_t)keep * sizeof(enc->ref_ids[0]));
    memmove(&enc->ref_hpel[1], &enc->ref_hpel[0], (size_t)keep * sizeof(enc->ref_hpel[0]));
    enc->refs[0] = enc->recon;
    enc->ref_hpel[0] = enc->use_hpel ? &enc->hpel[enc->recon_index] : NULL;
    enc->ref_ids[0] = enc->next_ref_id++;
    enc->num_refs = keep + 1;
}

/* Loop filter of MB rows y0..y1-1 of the reconstruction. */
static void deblock_rows(Rth264Encoder *enc, int y0, int y1)
{
    Rth264LoopFilter lf = {
        .dsp = &enc->deblock,
        .mbs = enc->lf_info,
        .mb_width = enc->mb_w,
        .mb_height = enc->mb_h,
    };
    for (int c = 0; c < 3; c++) {
        lf.data[c] = enc->recon->data[c];
        lf.stride[c] = enc->recon->stride[c];
    }
    rth264_loopfilter_rows(&lf, y0, y1);
}

/* After the picture's last MB: what deblock_behind() left. */
static void deblock_picture(Rth264Encoder *enc)
{
    const int h = enc->mb_h;
    deblock_rows(enc, h > 1 ? h - 1 : 0, h);
    rth264_frame_extend_rows(enc->recon, rows_padded(h), h * 16);
    /* Final and padded: its half-sample planes are built where the next
     * pictures' searches read them (hpel.h). */
    if (enc->use_hpel)
        rth264_hpel_reset(&enc->hpel[enc->recon_index], enc->recon->data[0], &enc->halfpel);
}

static void plan_intra_refresh(Rth264Encoder *enc)
{
    enc->refresh_x0 = enc->refresh_x1 = 0;
    enc->clean_x = enc->clean_x_ref = 0;
    enc->refresh_sweep_start = 0;
    if (!enc->s.intra_refresh || enc->is_idr)
        return;
    int period = enc->s.intra_refresh_period;
    if (period <= 0)
        period = enc->s.keyint > 0 ? enc->s.keyint
               : (int)((enc->s.fps_num + enc->s.fps_den - 1) / enc->s.fps_den);
    if (period < 1)
        period = 1;
    const int cols = (enc->mb_w + period - 1) / period;
    if (enc->refresh_pos * cols >= enc->mb_w)
        enc->refresh_pos = 0;
    enc->refresh_x0 = enc->refresh_pos * cols;
    enc->refresh_x1 = enc->refresh_x0 + cols < enc->mb_w ? enc->refresh_x0 + cols : enc->mb_w;
    enc->clean_x = enc->clean_x_ref = enc->refresh_x0;
    enc->refresh_pos++;
    /* A sweep of ceil(mb_w / cols) frames starts here: its last frame is
     * the recovery point announced in this access unit. */
    enc->refresh_sweep_start = enc->refresh_x0 == 0;
    enc->refresh_sweep_frames = (enc->mb_w + cols - 1) / cols;
}

static int decide_idr(Rth264Encoder *enc)
{
    if (enc->force_idr || !enc->num_refs)
        return 1;
    if (enc->s.keyint > 0 && !enc->s.intra_refresh && enc->frames_since_idr >= enc->s.keyint)
        return 1;
    return 0;
}

static void fill_output(Rth264Encoder *enc, const Rth264Picture *in, Rth264EncodedFrame *out)
{
    memset(out, 0, sizeof(*out));
    out->data = enc->out;
    out->size = enc->out_size;
    out->num_nals = enc->num_nals;
    out->nals = enc->nals;
    out->pts = in->pts;
    out->user_data = in->user_data;
}

static int encode_loaded_frame(Rth264Encoder *enc, const Rth264Picture *in,
                               Rth264EncodedFrame *out)
{
    enc->is_idr = decide_idr(enc);
    const int gm_state = rth264_enc_gm_begin(enc);
    const double cplx = rth264_enc_global_motion(enc, estimate_complexity(enc, enc->is_idr),
                                                 gm_state);
    int drop = 0;
    int qp = rth264_rc_frame_start(&enc->rc, enc->is_idr, cplx, &drop);
    fill_output(enc, in, out);
    if (drop && enc->s.frame_drop) {
        rth264_rc_frame_dropped(&enc->rc);
        out->dropped = 1;
        out->frame_type = RTH264_FRAME_UNKNOWN;
        enc->frame_index++;
        return 0;
    }
    if (enc->is_idr) {
        enc->num_refs = 0;
        enc->frame_num = 0;
        enc->frames_since_idr = 0;
        enc->force_idr = 0;
        enc->refresh_pos = 0;
    }
    enc->slice_type_p = !enc->is_idr;
    enc->recon = free_frame(enc);
    enc->active_refs = enc->num_refs < enc->s.refs ? enc->num_refs : enc->s.refs;
    if (enc->s.intra_refresh && enc->active_refs > 1)
        enc->active_refs = 1;
    if (enc->active_refs < 1)
        enc->active_refs = 1;
    enc->frame_qp = qp;
    set_lambda(enc, qp);
    plan_intra_refresh(enc);
    int err = 0;
    if (enc->is_idr)
        err = rth264_enc_write_headers(enc);
    if (!err && enc->refresh_sweep_start)
        err = write_recovery_point_sei(enc, enc->refresh_sweep_frames - 1);
    for (int mb = 0; !err && mb < enc->mb_count;)
        err = encode_slice(enc, &mb);
    if (err)
        return err;
    deblock_picture(enc);
    update_refs(enc);
    rth264_rc_frame_end(&enc->rc, enc->is_idr, (int)(enc->out_size * 8), cplx);
    out->size = enc->out_size;
    out->num_nals = enc->num_nals;
    out->frame_type = enc->is_idr ? RTH264_FRAME_IDR : RTH264_FRAME_P;
    out->qp = enc->rc.qp_count ? (enc->rc.qp_sum + enc->rc.qp_count / 2) / enc->rc.qp_count : qp;
    enc->last_frame_idr = enc->is_idr;
    enc->last_pts = in->pts;
    enc->last_qp = out->qp;
    if (enc->is_idr)
        enc->idr_pic_id = (enc->idr_pic_id + 1) & 0xffff;
    enc->frame_num = (enc->frame_num + 1) % rth264_enc_max_frame_num();
    enc->frames_since_idr++;
    enc->frame_index++;
    return 0;
}

int rth264_enc_encode_frame(Rth264Encoder *enc, const Rth264Picture *in, Rth264EncodedFrame *out)
{
    enc->out_size = 0;
    enc->num_nals = 0;
    load_input(enc, in);
    const int err = encode_loaded_frame(enc, in, out);
    release_input(enc);
    return err;
}
