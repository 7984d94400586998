/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_ENCODER_ENCODER_H
#define RTH264_ENCODER_ENCODER_H

/*
 * The Constrained Baseline encoder (CAVLC, I and P slices, no frame delay).
 *
 *   api.c         settings validation, open/close, live reconfiguration
 *   frame.c       one picture: frame type, rate control hooks, slices (with
 *                 the byte limit), NAL output, deblocking, reference list
 *   analyse.c     mode decision: P_Skip, P16x16..P8x8 (8x4/4x8), I16x16,
 *                 I4x4, chroma intra; SATD estimates, then SSD + lambda * bits
 *   me.c, hpel.c  motion search: candidates, hexagon, half/quarter refinement
 *                 on exact half-sample planes
 *   macroblock.c  neighbour availability and motion vector prediction (8.4.1)
 *   residual.c    transform, quantisation, decimation and reconstruction
 *   cavlc.c       macroblock layer and residual_block_cavlc (7.3.5, 9.2)
 *   headers.c     SPS/PPS/VUI/slice header, level choice (Annex A)
 *   ratecontrol.c leaky-bucket CBR/VBR and CQP, frame and MB QP
 *   globalmotion.c one scroll/pan vector per picture (ME candidate, RC complexity)
 *
 * The reconstruction uses the decoder's DSP (ipred, itx, mc, deblock via
 * loopfilter) so it is what any conforming decoder outputs.
 */

#include <stddef.h>
#include <stdint.h>

#include "rth264/rth264.h"
#include "common/bitwriter.h"
#include "common/frame.h"
#include "common/ipred.h"
#include "common/itx.h"
#include "common/loopfilter.h"
#include "common/mc.h"
#include "common/pixel.h"
#include "common/quant.h"
#include "encoder/hpel.h"

#define ENC_MAX_REFS 4
/* EncMbDecision.ref of an 8x8 not decided yet (unavailable for prediction) */
#define REF_NOT_CODED (-2)

/* Macroblock kinds the encoder produces (P_8x8 without sub-8x8 partitions). */
enum EncMbType {
    MB_NONE = -1,
    MB_I4x4 = 0,
    MB_I16x16,
    MB_P16x16,
    MB_P16x8,
    MB_P8x16,
    MB_P8x8,
    MB_PSKIP,
};

static inline int mb_is_intra(int type)
{
    return type == MB_I4x4 || type == MB_I16x16;
}

/* What neighbours need to know about a coded macroblock of this picture. */
typedef struct EncMb {
    int8_t type;             /* enum EncMbType, MB_NONE before it is coded */
    int8_t qp;               /* QPY as the decoder derives it */
    int32_t slice;           /* index of its slice in the picture */
    uint8_t nnz[16];         /* TotalCoeff per 4x4 luma block, raster 4*y + x */
    uint8_t nnz_c[2][4];     /* TotalCoeff of chroma AC blocks, raster 2*y + x */
    int8_t i4mode[16];       /* Intra4x4PredMode, raster; 2 (DC) for other types */
    int8_t ref[4];           /* refIdxL0 per 8x8 (raster), -1 for intra */
    int16_t mv[16][2];       /* per 4x4 block, raster, quarter samples */
} EncMb;

/* Neighbour availability of the current macroblock (6.4.8: same slice). */
typedef struct EncNeighbours {
    int left, top, topleft, topright;
} EncNeighbours;

/* Residual of the macroblock being coded, levels in scan order. */
typedef struct EncResidual {
    int16_t luma[16][16];     /* raster 4x4 block, scan order (AC: [1..15]) */
    int16_t luma_dc[16];      /* Intra16x16 DC, scan order */
    int16_t chroma_dc[2][4];
    int16_t chroma_ac[2][4][16]; /* [1..15] used */
    uint8_t nnz[16];          /* TotalCoeff per luma block (AC only for I16) */
    uint16_t nz_luma[16];     /* inter MBs: the non-zero levels of luma[b] (bit = scan
                                 position), where nnz[b] is not zero */
    uint8_t nnz_c[2][4];
    int cbp;                  /* luma bits 0..3, chroma << 4 */
} EncResidual;

/* Quantised inter luma residual of the P_Skip test, kept for the final
 * coding when the decision ends on the same prediction. */
typedef struct EncLumaProbe {
    _Alignas(32) int16_t coef[16][16]; /* luma4x4BlkIdx order, quantised */
    unsigned mask;                     /* blocks with a non-zero level */
    int mb, qp, valid;
    int16_t mv[2];                     /* the P_Skip vector */
    int16_t mvp16[2];                  /* 16x16 predictor of ref 0 (8.4.1.3) */
    int pred;                          /* planes of its prediction in recon: 1 luma, 2 chroma */
    int chroma_cbp;                    /* non-zero (cbp bits 4-5): the chroma was coded at mv,
                                          recon and r hold P_L0_16x16's chroma there */
} EncLumaProbe;

/* The decision for one macroblock. */
typedef struct EncMbDecision {
    int type;
    int i16mode;              /* enum Rth264Intra16x16Mode 0..3 */
    int chroma_mode;          /* intra_chroma_pred_mode 0..3 */
    int8_t i4mode[16];        /* raster */
    int8_t ref[4];            /* per 8x8 raster */
    int16_t mv[16][2];        /* per 4x4 raster */
    int16_t mvp[16][2];       /* mv predictor per partition (P_8x8: 4 * i + sub) */
    int8_t sub_type[4];       /* P_8x8 sub_mb_type: 0 8x8, 1 8x4, 2 4x8 */
    int qp;
} EncMbDecision;

typedef struct RateControl {
    int mode;
    double bitrate, max_bitrate, fps;
    double buffer_size, buffer_fill;  /* bits; fill = bits waiting to be sent */
    int qp_min, qp_max, qp_const;
    double cplx_coef[2];              /* bits * qscale / complexity, [0] intra, [1] inter */
    int have_coef[2];
    double cplx_avg;                  /* running mean complexity of P frames */
    double last_qscale;
    int last_qp[2];
    double total_bits;
    int64_t frames;
    /* per-frame state */
    double frame_target;
    int frame_qp;
    double frame_cplx;
    double mb_cplx_total, mb_cplx_done, bits_done;
    int qp_sum, qp_count;
    int mb_qp_group;                  /* QP re-planned every mb_qp_group MBs (1, 2, 4) */
    int mb_qp;                        /* the last one planned */
    double static_share;              /* MBs unchanged since the last input (globalmotion.c) */
    double moved_share;               /* ... or moved by the global motion vector */
    int refine;                       /* enum RcStaticMode of this frame */
    int picture_qp;                   /* QP the bulk of the picture was last coded at */
    double refine_bits;               /* size of the last refinement frame */
    int static_modes;                 /* static pictures refined (off with intra refresh) */
} RateControl;

struct Rth264Encoder {
    Rth264EncoderSettings s;
    unsigned cpu_flags;
    int width, height;            /* visible (even) size */
    int mb_w, mb_h, mb_count;
    int level_idc;
    int max_vmv;                  /* vertical mv limit, quarter samples */

    Rth264PixelDsp pix;
    Rth264QuantDsp quant;
    Rth264McDsp mc;
    Rth264IpredDsp ipred;
    Rth264ItxDsp itx;
    Rth264DeblockDsp deblock;
    Rth264HalfpelDsp halfpel;

    Rth264Frame *fenc;            /* input on the MB grid: a copy, or the caller's planes */
    uint8_t *fenc_own[3];         /* fenc's own planes (NULL until the first frame) */
    ptrdiff_t fenc_own_stride[3];
    Rth264Frame *frames[ENC_MAX_REFS + 1];
    Rth264Frame *recon;           /* frame being reconstructed */
    Rth264Frame *refs[ENC_MAX_REFS]; /* refs[0] = most recent */
    EncHpel hpel[ENC_MAX_REFS + 1];  /* half-sample planes (use_hpel), same index as frames[] */
    EncHpel *ref_hpel[ENC_MAX_REFS]; /* those of refs[] */
    int recon_index;
    int ref_ids[ENC_MAX_REFS];
    int num_refs;
    int next_ref_id;

    EncMb *mbs;
    Rth264MbInfo *lf_info;
    int16_t (*prev_mv)[2];        /* previous frame: each MB's first vector (the
                                   * temporal ME candidates; one cache line
                                   * holds 16 MBs) */
    uint32_t *mb_cost;            /* complexity estimate per MB for RC */
    float *mb_intra_est;          /* per MB: 0.8 * 256 * sigma + 64, an intra SAD estimate */
    double *mb_cost_exact;        /* per MB: the complexity pass's cost before rounding */

    uint8_t *rbsp;
    size_t rbsp_cap;
    uint8_t *out;
    size_t out_cap, out_size;
    Rth264Nal nals[RTH264_MAX_NALS];
    int num_nals;

    int frame_num;
    int idr_pic_id;
    int64_t frame_index;
    int64_t frames_since_idr;
    int force_idr;
    int last_frame_idr, last_qp;
    int64_t last_pts;
    int refresh_col;              /* intra refresh column, -1 when off */
    int refresh_pos;              /* progress within the sweep */

    /* per-picture */
    int is_idr, slice_type_p;
    int32_t slice_index;
    int slice_first_mb, frame_qp;
    int active_refs;
    int lambda, lambda2;          /* for SATD and SSD costs */
    int qp_pred;                  /* QPY,PRED while writing the slice */
    int skip_run;
    EncNeighbours nb;             /* availability around the MB being coded */
    int refresh_x0, refresh_x1;   /* MB columns forced intra this frame */
    int clean_x;                  /* MBs left of it are refreshed (restrict MVs) */
    int clean_x_ref;              /* refreshed MB columns of the reference */
    int refresh_sweep_start;      /* 1: this frame starts a refresh sweep (recovery point SEI) */
    int refresh_sweep_frames;     /* frames one sweep takes */
    int me_iter, use_partitions, use_i4, use_subparts;
    int me_half, me_qpel;         /* sub-sample refinement rounds (me.h) */
    int use_hpel;                 /* half-sample planes built for the references */
    int hpel_j;                   /* with the J plane (else H and V only) */
    int qpel_diamond;             /* quarter-sample rounds test 4 points, not 8 */
    int half_diamond;             /* half-sample rounds test 4 points, not 8 */
    int me_good;                  /* 16x16 candidate cost that skips the integer search */
    int me_sad_result;            /* motion search returns 5/4 SAD, not SATD, costs */
    int part_iter, part_subpel;   /* search effort for 16x8/8x16/8x8 partitions */
    int rd_i4;                    /* 4x4 modes tried with real bits and SSD (0: SATD only) */
    int rd_mb;                    /* MB type chosen by coding the close candidates */
    int intra_gate;               /* P slices: intra tried when inter cost > gate% of an estimate (0: always) */
    int skip_threshold;           /* SAD under which P_Skip is tried */
    EncLumaProbe skip_probe;
    uint8_t *mv_bits_buf;
    const uint8_t *mv_bits;       /* bits of se(v), centred */
    int64_t slice_counter;        /* unique slice ids across pictures */

    RateControl rc;
    /* global motion (globalmotion.c) */
    int16_t gm_mv[2];             /* picture-wide vector to refs[0], quarter samples */
    int gm_valid;                 /* gm_mv found this picture (a scroll or pan) */
    uint64_t *gm_sig;             /* per-MB input signature of the last picture */
    uint64_t *gm_var;             /* per-MB pix.var[0] of this input (frame.c's complexity
                                     estimate fills it and gm_sad0 once allocated) */
    uint32_t *gm_sad0;            /* per-MB 16x16 SAD to refs[0] at zero motion (P pictures) */
    uint32_t *gm_prof;            /* input row/column profiles (gm_* arrays: one allocation) */
    int gm_sig_count;             /* entries of gm_sig (mb_count when valid) */
    int gm_idle;                  /* pictures since the last sign of screen content or a scroll */
    int gm_lazy;                  /* search shifts only while one goes on (speed >= 5) */
    int gm_take;                  /* this input's profiles are taken (a search may use them) */
    int gm_prof_ok;               /* the last input's profiles were taken */
    uint16_t mf[52][16], scale[52][16];
    int lambda_tab[52], lambda2_tab[52];
    uint32_t bias_intra[52][16], bias_inter[52][16];
    uint16_t ac_zero_sad[52][2];  /* [qp][intra]: a 4x4 SAD up to this quantises to a zero AC */
    uint16_t dc2_zero_sum[52][2]; /* [qpc][intra]: a chroma sum of |DC| up to this quantises to zero */

    Rth264Picture recon_pic;
};

/* headers.c */
int rth264_enc_choose_level(const Rth264Encoder *enc);
int rth264_enc_level_max_vmv(int level_idc);
int rth264_enc_max_frame_num(void);
void rth264_enc_write_sps(const Rth264Encoder *enc, Rth264BitWriter *bw);
void rth264_enc_write_pps(const Rth264Encoder *enc, Rth264BitWriter *bw);
void rth264_enc_write_slice_header(Rth264Encoder *enc, Rth264BitWriter *bw, int first_mb);

/* residual.c */
void rth264_enc_init_quant_tables(Rth264Encoder *enc);
int rth264_enc_encode_i4_block(Rth264Encoder *enc, const uint8_t *src, ptrdiff_t ss, uint8_t *dst,
                               ptrdiff_t ds, int qp, int16_t level[16]);
unsigned rth264_enc_quant_luma_inter(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                     int16_t coef[16][16]);
int rth264_enc_luma_inter_is_zero(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                  const uint8_t *pred, ptrdiff_t pred_stride);
void rth264_enc_encode_luma_inter(Rth264Encoder *enc, int mb_x, int mb_y, int qp, EncResidual *r);
int rth264_enc_encode_luma_inter_cached(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                        EncResidual *r);
void rth264_enc_encode_luma_i16(Rth264Encoder *enc, int mb_x, int mb_y, int qp, EncResidual *r);
void rth264_enc_encode_chroma(Rth264Encoder *enc, int mb_x, int mb_y, int qp, int intra,
                              EncResidual *r);

/* cavlc.c */
int rth264_enc_write_block(Rth264BitWriter *bw, const int16_t *level, int max_coeff, int nc);
int rth264_enc_predict_nc(const Rth264Encoder *enc, int mb_x, int mb_y, const EncResidual *r,
                          int comp, int x, int y);
int rth264_enc_block_bits(const int16_t *level, int max_coeff, int nc);
int rth264_enc_i4_pred_mode(const Rth264Encoder *enc, int mb_x, int mb_y,
                            const int8_t *cur_modes, int x, int y);
void rth264_enc_write_mb_coded(Rth264Encoder *enc, Rth264BitWriter *bw, int mb_x, int mb_y,
                               const EncMbDecision *d, const EncResidual *r);

/* 7.3.5 macroblock_layer() (and the mb_skip_run before it in P slices). A
 * P_Skip only counts towards mb_skip_run: inline, without the call and
 * the coded path's register saves (a third of the MBs at 2500k). */
static inline void rth264_enc_write_mb(Rth264Encoder *enc, Rth264BitWriter *bw, int mb_x,
                                       int mb_y, const EncMbDecision *d, const EncResidual *r)
{
    if (enc->slice_type_p && d->type == MB_PSKIP) {
        enc->skip_run++;
        return;
    }
    rth264_enc_write_mb_coded(enc, bw, mb_x, mb_y, d, r);
}

/* macroblock.c */
void rth264_enc_neighbours(const Rth264Encoder *enc, int mb_x, int mb_y, EncNeighbours *n);
void rth264_enc_analyse_encode_mb(Rth264Encoder *enc, int mb_x, int mb_y, int qp,
                                  EncMbDecision *d, EncResidual *r);
void rth264_enc_mv_pred(const Rth264Encoder *enc, int mb_x, int mb_y, int blk_x, int blk_y,
                        int w4, int ref, const int16_t (*cur_mv)[2], const int8_t *cur_ref,
                        int16_t mvp[2]);
void rth264_enc_mv_pred_shape(const Rth264Encoder *enc, int mb_x, int mb_y, int blk_x, int blk_y,
                              int w4, int ref, int shape, const int16_t (*cur_mv)[2],
                              const int8_t *cur_ref, int16_t mvp[2]);
void rth264_enc_mb_pred16(const Rth264Encoder *enc, int mb_x, int mb_y, int16_t mvp[2],
                          int16_t skip_mv[2]);


/* ratecontrol.c */
void rth264_rc_init(RateControl *rc, const Rth264EncoderSettings *s);
void rth264_rc_update_settings(RateControl *rc, const Rth264EncoderSettings *s);
int rth264_rc_frame_start(RateControl *rc, int is_idr, double cplx, int *drop);
int rth264_rc_mb_qp(RateControl *rc, int mb_index, int mb_count, double mb_cplx);
void rth264_rc_mb_done(RateControl *rc, double mb_cplx, int bits, int qp);
void rth264_rc_frame_end(RateControl *rc, int is_idr, int bits, double cplx);
void rth264_rc_frame_dropped(RateControl *rc);

/* global motion (globalmotion.c) */
/* Per picture, around frame.c's complexity pass (which fills gm_var and
 * gm_sad0 once gm_begin allocated them): gm_begin (returns the state
 * global_motion takes: 1 with the last input's data, 0 after the
 * allocation, -1 without memory), gm_rows after each MB row of the pass
 * (the input's row and column profiles, while the rows are in the cache;
 * the pass goes bottom-up, mb_h - 1 down to 0), then global_motion. */
int rth264_enc_gm_begin(Rth264Encoder *enc);
void rth264_enc_gm_rows(Rth264Encoder *enc, int mb_y);
double rth264_enc_global_motion(Rth264Encoder *enc, double cplx, int have_prev);
/* The picture's global motion vector as a search candidate: 1 and mv
 * when there is one (inline: once per searched MB). */
static inline int rth264_enc_gm_candidate(const Rth264Encoder *enc, int16_t mv[2])
{
    if (!enc->gm_valid)
        return 0;
    mv[0] = enc->gm_mv[0];
    mv[1] = enc->gm_mv[1];
    return 1;
}

/* frame.c */
int rth264_enc_write_headers(Rth264Encoder *enc);
int rth264_enc_encode_frame(Rth264Encoder *enc, const Rth264Picture *in, Rth264EncodedFrame *out);

#endif
