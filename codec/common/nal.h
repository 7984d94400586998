/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_NAL_H
#define RTH264_COMMON_NAL_H

#include <stddef.h>
#include <stdint.h>

/* Annex B start codes and NAL unit payload unescaping (7.3.1, 7.4.1). */

enum {
    RTH264_NAL_SLICE = 1, RTH264_NAL_DPA = 2, RTH264_NAL_DPB = 3, RTH264_NAL_DPC = 4,
    RTH264_NAL_IDR = 5, RTH264_NAL_SEI = 6, RTH264_NAL_SPS = 7, RTH264_NAL_PPS = 8,
    RTH264_NAL_AUD = 9, RTH264_NAL_END_SEQ = 10, RTH264_NAL_END_STREAM = 11,
    RTH264_NAL_FILLER = 12, RTH264_NAL_SPS_EXT = 13, RTH264_NAL_PREFIX = 14,
    RTH264_NAL_SUBSET_SPS = 15, RTH264_NAL_AUX_SLICE = 19, RTH264_NAL_EXT_SLICE = 20,
};

/* Extra zero bytes after an unescaped payload, so readers may over-read. */
#define RTH264_NAL_PADDING 16

/* A growing buffer reused for every NAL unit. */
typedef struct Rth264NalBuffer {
    uint8_t *data;
    size_t size;       /* bytes of RBSP (without the padding) */
    size_t capacity;
} Rth264NalBuffer;

/* Position of the first byte after the next 00 00 01 at or after p, or NULL. */
const uint8_t *rth264_nal_find_start(const uint8_t *p, const uint8_t *end);

/* Length of a NAL unit starting at p, up to the next start code (trailing
 * zero bytes before it are not counted) or end. */
size_t rth264_nal_length(const uint8_t *p, const uint8_t *end);

/* Copy src into b without emulation prevention bytes (the 03 of 00 00 03),
 * followed by RTH264_NAL_PADDING zero bytes. Returns 0 or -1 (no memory). */
int rth264_nal_unescape(Rth264NalBuffer *b, const uint8_t *src, size_t size);

void rth264_nal_buffer_free(Rth264NalBuffer *b);

#endif
