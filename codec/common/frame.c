/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/frame.h"

struct Rth264FramePool {
    pthread_mutex_t lock;
    int closed;
    int max_frames;
    int alive;                 /* frames allocated and not yet freed */
    Rth264Frame **frames;      /* max_frames slots, NULL = empty */
};

static ptrdiff_t align_up(ptrdiff_t v, ptrdiff_t a)
{
    return (v + a - 1) / a * a;
}

static void frame_release_standalone(Rth264PictureRef *ref)
{
    rth264_frame_free((Rth264Frame *)ref);
}

static Rth264Frame *frame_create(int width, int height)
{
    if (width < 1 || height < 1 || width > 16384 || height > 16384)
        return NULL;
    width = (width + 1) & ~1;
    height = (height + 1) & ~1;
    Rth264Frame *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    const ptrdiff_t ls = align_up(width + 2 * RTH264_FRAME_PAD_LUMA, RTH264_FRAME_ALIGN);
    const ptrdiff_t cs = align_up(width / 2 + 2 * RTH264_FRAME_PAD_CHROMA, RTH264_FRAME_ALIGN);
    const size_t lsize = (size_t)ls * (size_t)(height + 2 * RTH264_FRAME_PAD_LUMA);
    const size_t csize = (size_t)cs * (size_t)(height / 2 + 2 * RTH264_FRAME_PAD_CHROMA);
    f->buf_size = lsize + 2 * csize + RTH264_FRAME_ALIGN;
    f->buf = aligned_alloc(RTH264_FRAME_ALIGN, align_up((ptrdiff_t)f->buf_size, RTH264_FRAME_ALIGN));
    if (!f->buf) {
        free(f);
        return NULL;
    }
    /* Zero once so padding never holds uninitialised bytes (valgrind, MC of
     * damaged streams before any border extension). */
    memset(f->buf, 0, f->buf_size);
    f->stride[0] = ls;
    f->stride[1] = f->stride[2] = cs;
    f->data[0] = f->buf + RTH264_FRAME_PAD_LUMA * ls + RTH264_FRAME_PAD_LUMA;
    uint8_t *cb = f->buf + lsize;
    f->data[1] = cb + RTH264_FRAME_PAD_CHROMA * cs + RTH264_FRAME_PAD_CHROMA;
    f->data[2] = cb + csize + RTH264_FRAME_PAD_CHROMA * cs + RTH264_FRAME_PAD_CHROMA;
    f->width = width;
    f->height = height;
    return f;
}

Rth264Frame *rth264_frame_alloc(int width, int height)
{
    Rth264Frame *f = frame_create(width, height);
    if (f)
        rth264_picture_ref_init(&f->ref, frame_release_standalone);
    return f;
}

void rth264_frame_free(Rth264Frame *f)
{
    if (!f)
        return;
    free(f->buf);
    free(f);
}

/* Replicate one plane's edge samples into its padding, rows y0..y1-1. */
static void extend_plane(uint8_t *data, ptrdiff_t stride, int w, int h, int pad, int y0, int y1)
{
    for (int y = y0; y < y1; y++) {
        uint8_t *row = data + y * stride;
        memset(row - pad, row[0], (size_t)pad);
        memset(row + w, row[w - 1], (size_t)pad);
    }
    if (y0 == 0)
        for (int y = 1; y <= pad; y++)
            memcpy(data - y * stride - pad, data - pad, (size_t)(w + 2 * pad));
    if (y1 == h) {
        const uint8_t *last = data + (h - 1) * stride - pad;
        for (int y = 1; y <= pad; y++)
            memcpy(data + (h - 1 + y) * stride - pad, last, (size_t)(w + 2 * pad));
    }
}

void rth264_frame_extend_rows(Rth264Frame *f, int y0, int y1)
{
    if (y0 < 0)
        y0 = 0;
    if (y1 > f->height)
        y1 = f->height;
    if (y0 >= y1)
        return;
    extend_plane(f->data[0], f->stride[0], f->width, f->height, RTH264_FRAME_PAD_LUMA, y0, y1);
    for (int p = 1; p < 3; p++)
        extend_plane(f->data[p], f->stride[p], f->width / 2, f->height / 2,
                     RTH264_FRAME_PAD_CHROMA, y0 / 2, (y1 + 1) / 2);
}

void rth264_frame_extend_borders(Rth264Frame *f)
{
    rth264_frame_extend_rows(f, 0, f->height);
}

/* ---- pool ---- */

static void pool_destroy_if_done(Rth264FramePool *pool)
{
    /* Called with the lock held; unlocks. */
    const int done = pool->closed && pool->alive == 0;
    pthread_mutex_unlock(&pool->lock);
    if (done) {
        pthread_mutex_destroy(&pool->lock);
        free(pool->frames);
        free(pool);
    }
}

static void frame_release_pooled(Rth264PictureRef *ref)
{
    Rth264Frame *f = (Rth264Frame *)ref;
    Rth264FramePool *pool = f->pool;
    pthread_mutex_lock(&pool->lock);
    f->in_use = 0;
    if (pool->closed) {
        for (int i = 0; i < pool->max_frames; i++)
            if (pool->frames[i] == f)
                pool->frames[i] = NULL;
        rth264_frame_free(f);
        pool->alive--;
    }
    pool_destroy_if_done(pool);
}

Rth264FramePool *rth264_frame_pool_create(int max_frames)
{
    Rth264FramePool *pool = calloc(1, sizeof(*pool));
    if (!pool)
        return NULL;
    pool->frames = calloc((size_t)max_frames, sizeof(*pool->frames));
    if (!pool->frames || pthread_mutex_init(&pool->lock, NULL)) {
        free(pool->frames);
        free(pool);
        return NULL;
    }
    pool->max_frames = max_frames;
    return pool;
}

/* Find a free frame of the right size, free wrong-sized ones, or make one. */
static Rth264Frame *pool_take(Rth264FramePool *pool, int width, int height)
{
    int empty = -1;
    for (int i = 0; i < pool->max_frames; i++) {
        Rth264Frame *f = pool->frames[i];
        if (f && !f->in_use && (f->width != width || f->height != height)) {
            rth264_frame_free(f);
            pool->frames[i] = f = NULL;
            pool->alive--;
        }
        if (f && !f->in_use)
            return f;
        if (!f && empty < 0)
            empty = i;
    }
    if (empty < 0)
        return NULL;
    Rth264Frame *f = frame_create(width, height);
    if (!f)
        return NULL;
    f->pool = pool;
    pool->frames[empty] = f;
    pool->alive++;
    return f;
}

Rth264Frame *rth264_frame_pool_get(Rth264FramePool *pool, int width, int height)
{
    pthread_mutex_lock(&pool->lock);
    Rth264Frame *f = pool_take(pool, (width + 1) & ~1, (height + 1) & ~1);
    if (f) {
        f->in_use = 1;
        f->priv = NULL;
        rth264_picture_ref_init(&f->ref, frame_release_pooled);
    }
    pthread_mutex_unlock(&pool->lock);
    return f;
}

void rth264_frame_pool_close(Rth264FramePool **ppool)
{
    Rth264FramePool *pool = *ppool;
    if (!pool)
        return;
    *ppool = NULL;
    pthread_mutex_lock(&pool->lock);
    pool->closed = 1;
    for (int i = 0; i < pool->max_frames; i++) {
        Rth264Frame *f = pool->frames[i];
        if (f && !f->in_use) {
            rth264_frame_free(f);
            pool->frames[i] = NULL;
            pool->alive--;
        }
    }
    pool_destroy_if_done(pool);
}
