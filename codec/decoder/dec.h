/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_DECODER_DEC_H
#define RTH264_DECODER_DEC_H

#include <stdint.h>

#include "rth264/rth264.h"
#include "common/bitreader.h"
#include "common/deblock.h"
#include "common/frame.h"
#include "common/ipred.h"
#include "common/itx.h"
#include "common/loopfilter.h"
#include "common/mc.h"
#include "common/nal.h"
#include "decoder/ps.h"
#include "decoder/slice.h"

/* Internal state of the decoder, shared by its modules. */

enum { REF_NONE = 0, REF_SHORT = 1, REF_LONG = 2 };
enum { DPB_SLOTS = 17, OUT_QUEUE = 40, SPARE_MOTION = DPB_SLOTS + 2 };

/* A decoded picture in the DPB or waiting for output. */
typedef struct DecPic {
    Rth264Frame *frame;        /* one reference held by this entry */
    int id;                    /* identity for the loop filter (unique per picture) */
    int poc;
    int frame_num, frame_num_wrap, long_term_frame_idx;
    int ref;                   /* REF_NONE / REF_SHORT / REF_LONG */
    int output_needed;
    int non_existing;          /* made up for a frame_num gap (8.2.5.2) */
    int concealed;
    int frame_type, idr, mmco5;
    int qp;
    int64_t pts;
    void *user_data;
    /* motion of a reference picture, kept for direct prediction in B slices
     * (owned by the DPB entry; NULL when not needed) */
    Rth264MbInfo *motion;
    int8_t (*motion_ref_idx)[2][4];
    int motion_mbs;
    int crop_left, crop_top, width, height;
    Rth264ColorInfo color;
} DecPic;

/* Macroblock kinds after mb_type normalisation (I, P and B slices). */
enum MbKind {
    MB_I4x4 = 0, MB_I16x16, MB_PCM,
    MB_P16x16, MB_P16x8, MB_P8x16, MB_P8x8, MB_P8x8REF0, MB_PSKIP,
    MB_B16x16, MB_B16x8, MB_B8x16, MB_B8x8, MB_BDIRECT, MB_BSKIP,
};

/* Sub-macroblock types (Table 7-18 for B; P types 0..3 are stored as the
 * B entries with the same shape and list 0: 1, 4, 5, 10). pred: bit 0 list
 * 0, bit 1 list 1, 0 = direct; w, h in 4x4 blocks; count partitions. */
typedef struct Rth264SubType {
    uint8_t pred, w, h, count;
} Rth264SubType;

static const Rth264SubType rth264_sub_types[13] = {
    { 0, 2, 2, 4 }, { 1, 2, 2, 1 }, { 2, 2, 2, 1 }, { 3, 2, 2, 1 },
    { 1, 2, 1, 2 }, { 1, 1, 2, 2 }, { 2, 2, 1, 2 }, { 2, 1, 2, 2 },
    { 3, 2, 1, 2 }, { 3, 1, 2, 2 }, { 1, 1, 1, 4 }, { 2, 1, 1, 4 },
    { 3, 1, 1, 4 },
};

static inline int mb_kind_is_intra(int kind)
{
    return kind <= MB_PCM;
}

/* One parsed macroblock: the entropy front ends (CAVLC now, CABAC later)
 * fill it; prediction and reconstruction read it. */
typedef struct DecMb {
    int kind;                  /* enum MbKind */
    int i16_mode;              /* Intra16x16PredMode */
    int chroma_mode;           /* intra_chroma_pred_mode */
    int cbp;                   /* bits 0..3 luma 8x8; bit 4 chroma DC coded, bit 5 chroma AC coded */
    int qp_delta;
    int8_t i4_syntax[16];      /* per luma4x4BlkIdx: -1 = prev_intra4x4_pred_mode_flag, else rem */
    int sub_type[4];           /* index into rth264_sub_types */
    int part_pred[4];          /* per mbPartIdx: bit 0 list 0, bit 1 list 1 */
    int transform_8x8;         /* transform_size_8x8_flag (I_NxN: Intra 8x8) */
    int ref_idx[2][4];         /* per mbPartIdx (or 8x8 block) */
    int16_t mvd[2][16][2];     /* per partition: [mbPartIdx * 4 + subMbPartIdx] */
    uint8_t total_coeff[24];   /* luma raster 4x4 (0..15), Cb 16..19, Cr 20..23 */
    uint32_t coded;            /* bit b: total_coeff[b] != 0 */
    int luma_dc_present, chroma_dc_present[2];
    int16_t luma_dc[16];       /* Intra16x16 DC levels, raster order of the 4x4 DC matrix */
    int16_t chroma_dc[2][4];
    _Alignas(16) int16_t coeffs[16 * 24]; /* dequantised, raster per 4x4 block: luma raster
                                           block r at 16*r, Cb k at 256 + 16*k, Cr at 320 + 16*k */
    uint8_t pcm[384];
} DecMb;

/* Neighbour caches: index (y + 1) * 8 + x + 1 for 4x4 blocks x, y in -1..4. */
#define CACHE_IDX(x, y) (((y) + 1) * 8 + (x) + 1)
enum { CACHE_SIZE = 48, REF_UNAVAIL = -2, REF_UNUSED = -1 };

typedef struct Rth264Decoder Rth264Decoder;

typedef struct SliceCtx {
    Rth264Decoder *d;
    const Rth264Sps *sps;
    const Rth264Pps *pps;
    const Rth264SliceHeader *sh;
    Rth264BitReader br;
    int slice_id;
    int qp;                    /* QPY of the last macroblock */
    DecPic *refs[2][32];       /* RefPicList0/1 (never NULL inside ref_count) */
    int ref_count[2];
    uint8_t ref_missing[2][32];  /* entry was empty (or a frame_num gap filler) */
    int refs_safe;             /* every ref_idx the parser accepts is in the lists and not missing */
    int mb_x, mb_y, mb_addr;
    int addr_a, addr_b, addr_c, addr_d; /* neighbour MB addresses or -1 */
    int intra_avail_a, intra_avail_b, intra_avail_c, intra_avail_d;
    int8_t nnz_cache[CACHE_SIZE];       /* total_coeff of luma 4x4 blocks, -1 unavailable */
    int8_t nnz_chroma[2][4];            /* chroma neighbours: [c][0..1] left, [c][2..3] top; -1 */
    int8_t mode_cache[CACHE_SIZE];      /* Intra4x4PredMode, -1 unavailable, -2 not I4x4 (DC) */
    int8_t ref_cache[2][CACHE_SIZE];
    int16_t mv_cache[2][CACHE_SIZE][2];
    int scaling_flat;                   /* all scaling lists flat (16) */
    int32_t level_scale[6][6][16];      /* LevelScale4x4[list][qP % 6][raster] */
    int32_t level_scale8[2][6][64];     /* LevelScale8x8[intra Y, inter Y][qP % 6][raster] */
    int direct_ready, direct_zero;      /* spatial direct state of the MB */
    int direct_ref[2];
    int16_t direct_mvp[2][2];
    DecMb mb;
} SliceCtx;

struct Rth264Decoder {
    Rth264DecoderSettings s;
    unsigned cpu_flags;
    Rth264McDsp mc;
    Rth264IpredDsp ipred;
    Rth264ItxDsp itx;
    Rth264DeblockDsp deblock;

    Rth264Sps spss[RTH264_MAX_SPS];
    Rth264Pps ppss[RTH264_MAX_PPS];
    Rth264Sps sps;             /* active SPS (copy) */
    int has_sps;
    Rth264NalBuffer nal;

    Rth264FramePool *pool;
    DecPic dpb[DPB_SLOTS];
    DecPic grey;               /* mid-grey stand-in before any reference exists */
    int dpb_size, reorder_depth;

    /* current picture */
    int has_cur;
    DecPic cur;
    Rth264SliceHeader first_sh; /* first slice of the current picture */
    Rth264SliceHeader sh;       /* slice being decoded */
    int mb_width, mb_height, mb_count, mb_alloc;
    Rth264MbInfo *mbinfo;
    int8_t (*i4modes)[16];
    uint8_t (*nnz)[24];
    int8_t (*ref_idx)[2][4];
    uint8_t *mb_kind;
    uint8_t *slice_group_map;  /* FMO: slice group of each MB */
    int slice_groups_active;   /* the map applies to the current slice */
    struct {
        Rth264MbInfo *mbinfo;
        int8_t (*ref_idx)[2][4];
    } spare[SPARE_MOTION];     /* recycled motion arrays of released references */
    int num_spare;
    SliceCtx slice;
    int slice_count;           /* next slice id: ids are unique across pictures */
    int pic_first_slice_id;    /* id of the current picture's first slice */
    int mbs_decoded, qp_sum;
    int cur_error;

    /* POC / frame_num state (8.2.1) of the previous reference picture */
    int prev_poc_msb, prev_poc_lsb;
    int prev_frame_num_offset, prev_frame_num;
    int prev_ref_frame_num;
    int have_prev_ref;
    int cur_poc_msb, cur_top_poc, cur_frame_num_offset; /* of the current picture */
    int max_long_term_idx;     /* MaxLongTermFrameIdx, -1 = none */

    /* output */
    DecPic out[OUT_QUEUE];
    int out_head, out_count;
    int next_pic_id;
    int damaged;               /* references may hold concealed data: flag pictures
                                  until the next IDR or recovery point */
    int recovery_left;         /* pictures until the recovery point SEI's target, -1 none */
    int64_t pts;
    void *user_data;
    int have_pts;
    int pending_error;
};

/* Macroblock addr was decoded in the current picture (slice ids grow from
 * picture to picture, so nothing has to be cleared per picture). */
static inline int mb_decoded(const Rth264Decoder *d, int addr)
{
    return d->mbinfo[addr].slice_id >= d->pic_first_slice_id;
}

/* cavlc.c */
void rth264_cavlc_init_tables(void);
int rth264_cavlc_parse_mb(SliceCtx *s, int slice_type, int *skip_run);

/* mbpred.c */
void rth264_load_neighbours(SliceCtx *s);
void rth264_load_neighbours_skip(SliceCtx *s);
int rth264_predict_intra4x4_modes(SliceCtx *s, int8_t modes[16]);
void rth264_derive_mvs(SliceCtx *s);
void rth264_store_mb_info(SliceCtx *s, const int8_t modes[16]);

/* recon.c */
void rth264_recon_mb(SliceCtx *s, const int8_t modes[16]);
void rth264_setup_dequant(SliceCtx *s);
void rth264_dequant_block8x8(SliceCtx *s, int b8, const int16_t *levels, int qp);
int rth264_chroma_qp_of(const SliceCtx *s, int qp, int c);

/* dpb.c */
int rth264_compute_poc(Rth264Decoder *d, const Rth264SliceHeader *sh);
int rth264_build_ref_lists(Rth264Decoder *d, SliceCtx *s);
void rth264_mark_references(Rth264Decoder *d);
int rth264_handle_frame_num_gap(Rth264Decoder *d, const Rth264SliceHeader *sh);
int rth264_store_picture(Rth264Decoder *d);
void rth264_bump_all(Rth264Decoder *d);
void rth264_dpb_clear(Rth264Decoder *d);
void rth264_release_pic(Rth264Decoder *d, DecPic *p);
DecPic *rth264_nearest_ref(Rth264Decoder *d);
Rth264Frame *rth264_new_frame(Rth264Decoder *d);

#endif
