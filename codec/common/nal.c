/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/nal.h"

const uint8_t *rth264_nal_find_start(const uint8_t *p, const uint8_t *end)
{
    while (end - p >= 3) {
        /* Skip fast while the third byte cannot end a start code. */
        if (p[2] > 1) {
            p += 3;
        } else if (p[2] == 0) {
            p++;
        } else if (p[0] == 0 && p[1] == 0) {
            return p + 3;
        } else {
            p += 3;
        }
    }
    return NULL;
}

size_t rth264_nal_length(const uint8_t *p, const uint8_t *end)
{
    const uint8_t *next = rth264_nal_find_start(p, end);
    const uint8_t *stop = next ? next - 3 : end;
    while (stop > p && stop[-1] == 0)
        stop--;
    return (size_t)(stop - p);
}

int rth264_nal_unescape(Rth264NalBuffer *b, const uint8_t *src, size_t size)
{
    if (b->capacity < size + RTH264_NAL_PADDING) {
        size_t cap = (size + RTH264_NAL_PADDING) * 3 / 2 + 64;
        uint8_t *d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->capacity = cap;
    }
    size_t o = 0;
    int zeros = 0;
    for (size_t i = 0; i < size; i++) {
        const uint8_t c = src[i];
        if (zeros >= 2 && c == 3) {
            zeros = 0;   /* 7.4.1: emulation_prevention_three_byte, dropped */
            continue;
        }
        zeros = c ? 0 : zeros + 1;
        b->data[o++] = c;
    }
    b->size = o;
    memset(b->data + o, 0, RTH264_NAL_PADDING);
    return 0;
}

void rth264_nal_buffer_free(Rth264NalBuffer *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}
