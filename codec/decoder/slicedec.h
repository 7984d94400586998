/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_DECODER_SLICEDEC_H
#define RTH264_DECODER_SLICEDEC_H

#include "decoder/dec.h"

/* Decode the macroblocks of one slice into the current picture. 0 when the
 * slice ended cleanly, -1 at the first error (the rest is concealed). */
int rth264_decode_slice_data(SliceCtx *s);

#endif
