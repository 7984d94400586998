/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A generated I420 input picture for the encoder tests (tests/encoder):
 * one buffer, tight strides; each test fills the planes with its own
 * content. Header-only: each test is one translation unit.
 */
#ifndef RTH264_TESTS_ENCODER_SOURCE_H
#define RTH264_TESTS_ENCODER_SOURCE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"

typedef struct Source {
    int w, h;
    uint8_t *buf;
    Rth264Picture pic;
} Source;

/* buf is NULL when out of memory (the test then fails on its first use). */
static inline void source_init(Source *s, int w, int h)
{
    const int cw = (w + 1) / 2, ch = (h + 1) / 2;
    s->w = w;
    s->h = h;
    s->buf = malloc((size_t)w * h + 2 * (size_t)cw * ch);
    memset(&s->pic, 0, sizeof(s->pic));
    s->pic.data[0] = s->buf;
    s->pic.data[1] = s->buf + (size_t)w * h;
    s->pic.data[2] = s->pic.data[1] + (size_t)cw * ch;
    s->pic.stride[0] = w;
    s->pic.stride[1] = s->pic.stride[2] = cw;
    s->pic.width = w;
    s->pic.height = h;
}

#endif /* RTH264_TESTS_ENCODER_SOURCE_H */
