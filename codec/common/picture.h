/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_PICTURE_H
#define RTH264_COMMON_PICTURE_H

#include <stdatomic.h>

#include "rth264/rth264.h"

/* A reference-counted owner behind Rth264Picture.ref. Whoever hands a
 * picture to the user takes a reference; rth264_picture_unref() drops it and
 * calls release() at zero (which may recycle the buffer into a pool). */
typedef struct Rth264PictureRef {
    atomic_int refcount;
    void (*release)(struct Rth264PictureRef *ref);
} Rth264PictureRef;

static inline void rth264_picture_ref_init(Rth264PictureRef *r, void (*release)(Rth264PictureRef *))
{
    atomic_init(&r->refcount, 1);
    r->release = release;
}

static inline void rth264_picture_ref_get(Rth264PictureRef *r)
{
    atomic_fetch_add_explicit(&r->refcount, 1, memory_order_relaxed);
}

static inline void rth264_picture_ref_put(Rth264PictureRef *r)
{
    if (atomic_fetch_sub_explicit(&r->refcount, 1, memory_order_acq_rel) == 1)
        r->release(r);
}

#endif
