/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_FRAME_H
#define RTH264_COMMON_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "common/picture.h"

/*
 * A padded 8-bit 4:2:0 picture buffer, shared by the decoder (decoded and
 * reference pictures) and the encoder (reconstruction / references).
 *
 * data[p] points at the top-left sample of the coded area of plane p. Around
 * it are RTH264_FRAME_PAD_LUMA samples of padding on every side of the luma
 * plane and RTH264_FRAME_PAD_CHROMA around each chroma plane, so motion
 * compensation may read up to that far outside the picture once
 * rth264_frame_extend_borders() has replicated the edge samples (8.4.2.2:
 * reference sample coordinates are clipped to the picture, which replication
 * reproduces for vectors pointing at most PAD - 3 samples outside; callers
 * clamp vectors further out). Luma row starts data[0] + y * stride[0] are
 * 64-byte aligned, chroma row starts 32-byte aligned; strides are multiples
 * of 64.
 *
 * Frames are reference counted through `ref` (common/picture.h). A frame that
 * came from an Rth264FramePool goes back to it when the count drops to zero,
 * including after the pool's owner closed it (then it is freed).
 */

#define RTH264_FRAME_PAD_LUMA 64
#define RTH264_FRAME_PAD_CHROMA 32
#define RTH264_FRAME_ALIGN 64

typedef struct Rth264FramePool Rth264FramePool;

typedef struct Rth264Frame {
    Rth264PictureRef ref;      /* must stay first: Rth264Picture.ref points here */
    uint8_t *data[3];
    ptrdiff_t stride[3];       /* stride[1] == stride[2] */
    int width, height;         /* coded luma size (the chroma planes are half) */
    uint8_t *buf;              /* the allocation behind data[] */
    size_t buf_size;
    Rth264FramePool *pool;     /* NULL for a frame from rth264_frame_alloc() */
    int in_use;                /* pool bookkeeping, under the pool lock */
    void *priv;                /* free for the owner (decoder picture state...) */
} Rth264Frame;

/* Allocate a standalone frame (refcount 1; freed when it drops to zero or by
 * rth264_frame_free()). width/height are rounded up to even. Returns NULL on
 * failure or sizes outside 1..16384. */
Rth264Frame *rth264_frame_alloc(int width, int height);
void rth264_frame_free(Rth264Frame *f);

/* Replicate the edge samples into the whole padding of all three planes. */
void rth264_frame_extend_borders(Rth264Frame *f);

/* Replicate only rows y0..y1-1 (luma rows; chroma follows at half) into the
 * left/right padding, plus top/bottom padding if the range touches them. */
void rth264_frame_extend_rows(Rth264Frame *f, int y0, int y1);

/*
 * A small pool of same-sized frames: get() returns a frame with refcount 1
 * (reusing a released one when possible), NULL if `max_frames` are all in use
 * or allocation fails. Changing the size drops the free frames.
 */
Rth264FramePool *rth264_frame_pool_create(int max_frames);
Rth264Frame *rth264_frame_pool_get(Rth264FramePool *pool, int width, int height);
/* Close: frames still referenced elsewhere are freed when released. */
void rth264_frame_pool_close(Rth264FramePool **pool);

#endif
