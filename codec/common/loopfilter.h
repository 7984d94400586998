/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_LOOPFILTER_H
#define RTH264_COMMON_LOOPFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "common/deblock.h"

/*
 * Macroblock-level deblocking (8.7): boundary strength derivation (8.7.2.1)
 * and edge filtering with the deblock DSP, for frame macroblocks (no MBAFF).
 * Used by the decoder after a picture is complete and by the encoder on its
 * reconstruction. Both fill one Rth264MbInfo per macroblock.
 */

typedef struct Rth264MbInfo {
    uint8_t intra;             /* 1: intra macroblock (I_PCM included) */
    uint8_t transform_8x8;     /* 1: only 8x8 transform edges are filtered (High) */
    uint8_t deblock_idc;       /* disable_deblocking_filter_idc of its slice (0,1,2) */
    uint8_t available;         /* 1 once decoded (or concealed) in this picture; edges
                                  to MBs with 0 are not filtered (encoders set 1) */
    int8_t qp;                 /* QPY (0 for I_PCM, 8.7.2.2) */
    int8_t qpc[2];             /* QPc for Cb, Cr (Table 8-15 from qp + offsets) */
    int8_t alpha_offset;       /* FilterOffsetA = slice_alpha_c0_offset_div2 * 2 */
    int8_t beta_offset;        /* FilterOffsetB */
    uint8_t motion;            /* RTH264_MB_MOTION_*: what the filler knows of the motion */
    uint8_t reserved[2];
    int32_t slice_id;          /* distinct per slice of the picture */
    uint16_t nnz;              /* bit (4*y + x): 4x4 luma block (x,y) has coefficients;
                                  with transform_8x8 set all 4 bits of a coded 8x8 */
    uint16_t reserved2;
    int32_t ref_id[2][4];      /* per 8x8 partition (raster) and list: identity of
                                  the reference picture, -1 = list not used */
    int16_t mv[2][16][2];      /* per 4x4 block (raster 4*y + x): x, y in 1/4 samples */
} Rth264MbInfo;

/* Rth264MbInfo.motion. UNIFORM (inter MBs only) promises one ref_id per
 * list and one vector per used list for all 16 blocks, so the filter skips
 * checking it; GENERAL makes it take the per-block path (right for any
 * motion, slower for uniform motion); UNKNOWN (0) lets it check. */
enum {
    RTH264_MB_MOTION_UNKNOWN = 0,
    RTH264_MB_MOTION_UNIFORM = 1,
    RTH264_MB_MOTION_GENERAL = 2,
};

typedef struct Rth264LoopFilter {
    const Rth264DeblockDsp *dsp;
    uint8_t *data[3];          /* top-left of the coded picture (luma, Cb, Cr) */
    ptrdiff_t stride[3];
    const Rth264MbInfo *mbs;   /* mb_width * mb_height, raster order */
    int mb_width, mb_height;
} Rth264LoopFilter;

/* Filter one macroblock: its left and top edges against the already filtered
 * neighbours, then its internal edges. Must be called in raster order. */
void rth264_loopfilter_mb(const Rth264LoopFilter *lf, int mb_x, int mb_y);

/* Filter rows mb_y0 .. mb_y1-1 in raster order. */
void rth264_loopfilter_rows(const Rth264LoopFilter *lf, int mb_y0, int mb_y1);

#endif
