/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests: bit reader, Exp-Golomb codes (9.1), NAL start codes and
 * emulation prevention removal (7.4.1). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/bitreader.h"
#include "common/nal.h"
#include "common/tables.h"

#include "../check.h"


/* A tiny MSB-first writer to build test vectors independently of the reader. */
typedef struct Writer {
    uint8_t buf[4096];
    size_t bits;
} Writer;

static void put_bits(Writer *w, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        if ((v >> i) & 1)
            w->buf[w->bits >> 3] |= (uint8_t)(0x80 >> (w->bits & 7));
        w->bits++;
    }
}

static void put_ue(Writer *w, uint32_t v)
{
    const uint64_t x = (uint64_t)v + 1;
    int len = 0;
    while ((x >> len) > 1)
        len++;
    put_bits(w, 0, len);
    put_bits(w, x, len + 1);
}

static void put_se(Writer *w, int32_t v)
{
    put_ue(w, v > 0 ? (uint32_t)(2 * (int64_t)v - 1) : (uint32_t)(-2 * (int64_t)v));
}

static void test_fixed_bits(void)
{
    const uint8_t data[] = { 0xA5, 0x0F, 0xFF, 0x00, 0x81 };
    Rth264BitReader br;
    rth264_br_init(&br, data, sizeof(data));
    CHECK(rth264_br_read(&br, 1) == 1);
    CHECK(rth264_br_read(&br, 3) == 2);
    CHECK(rth264_br_read(&br, 4) == 5);
    CHECK(rth264_br_read(&br, 12) == 0x0FF);
    CHECK(rth264_br_peek(&br, 4) == 0xF);
    CHECK(rth264_br_read(&br, 20) == 0xF0081);
    CHECK(!br.error);
    CHECK(rth264_br_bits_left(&br) == 0);
    /* past the end: zeros and the error flag, no out-of-bounds read */
    CHECK(rth264_br_read(&br, 32) == 0);
    CHECK(br.error);
}

static void test_exp_golomb(void)
{
    static const uint32_t ue_values[] = { 0, 1, 2, 3, 6, 7, 254, 255, 65535, 1u << 20, 0xfffffffeu };
    static const int32_t se_values[] = { 0, 1, -1, 2, -2, 100, -100, 32767, -32768, 1 << 30, -(1 << 30) };
    Writer w = { { 0 }, 0 };
    for (size_t i = 0; i < sizeof(ue_values) / sizeof(ue_values[0]); i++)
        put_ue(&w, ue_values[i]);
    for (size_t i = 0; i < sizeof(se_values) / sizeof(se_values[0]); i++)
        put_se(&w, se_values[i]);
    put_bits(&w, 1, 1);
    Rth264BitReader br;
    rth264_br_init(&br, w.buf, (w.bits + 7) / 8);
    for (size_t i = 0; i < sizeof(ue_values) / sizeof(ue_values[0]); i++) {
        const uint32_t v = rth264_br_ue(&br);
        if (v != ue_values[i])
            fprintf(stderr, "ue #%zu: got %u expected %u\n", i, v, ue_values[i]);
        CHECK(v == ue_values[i]);
    }
    for (size_t i = 0; i < sizeof(se_values) / sizeof(se_values[0]); i++)
        CHECK(rth264_br_se(&br) == se_values[i]);
    CHECK(!br.error);
    CHECK(!rth264_br_more_rbsp_data(&br)); /* only the stop bit is left */

    /* Table 9-2 bit strings */
    const uint8_t t[] = { 0x4C, 0x80 }; /* 010 011 00100 ... */
    rth264_br_init(&br, t, sizeof(t));
    CHECK(rth264_br_ue(&br) == 1);
    CHECK(rth264_br_ue(&br) == 2);
    CHECK(rth264_br_ue(&br) == 3);

    /* 33 leading zeros: invalid, flagged */
    const uint8_t z[6] = { 0, 0, 0, 0, 0x40, 0 };
    rth264_br_init(&br, z, sizeof(z));
    rth264_br_ue(&br);
    CHECK(br.error);
    /* te(v) with range 1 is one inverted bit */
    const uint8_t te[] = { 0x80 };
    rth264_br_init(&br, te, 1);
    CHECK(rth264_br_te(&br, 1) == 0);
    CHECK(rth264_br_te(&br, 1) == 1);
}

static void test_more_rbsp_data(void)
{
    const uint8_t d[] = { 0xC0, 0x80, 0x00 }; /* 1 1 000000, stop bit at byte 1 */
    Rth264BitReader br;
    rth264_br_init(&br, d, sizeof(d));
    CHECK(rth264_br_more_rbsp_data(&br));
    rth264_br_skip(&br, 8);
    CHECK(!rth264_br_more_rbsp_data(&br));
}

static void test_unescape(void)
{
    Rth264NalBuffer b = { 0 };
    const uint8_t in[] = { 0x65, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0x03, 0x00, 0x00, 0x03 };
    const uint8_t want[] = { 0x65, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00 };
    CHECK(rth264_nal_unescape(&b, in, sizeof(in)) == 0);
    CHECK(b.size == sizeof(want));
    CHECK(!memcmp(b.data, want, sizeof(want)));
    for (int i = 0; i < RTH264_NAL_PADDING; i++)
        CHECK(b.data[b.size + i] == 0);
    /* a lone 03 not after two zeros stays */
    const uint8_t in2[] = { 0x00, 0x03, 0x00, 0x00, 0x04, 0x03 };
    CHECK(rth264_nal_unescape(&b, in2, sizeof(in2)) == 0);
    CHECK(b.size == 6);
    rth264_nal_buffer_free(&b);
}

static void test_start_codes(void)
{
    const uint8_t s[] = { 0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 0, 1, 0x65, 0x88 };
    const uint8_t *end = s + sizeof(s);
    const uint8_t *p = rth264_nal_find_start(s, end);
    CHECK(p == s + 4);
    CHECK(rth264_nal_length(p, end) == 2);
    p = rth264_nal_find_start(p + 2, end);
    CHECK(p == s + 9);
    CHECK(rth264_nal_length(p, end) == 2); /* trailing zero bytes excluded */
    p = rth264_nal_find_start(p + 2, end);
    CHECK(p == s + 16);
    CHECK(rth264_nal_length(p, end) == 2);
    CHECK(rth264_nal_find_start(p + 2, end) == NULL);
    const uint8_t none[] = { 0, 0, 2, 0, 0 };
    CHECK(rth264_nal_find_start(none, none + sizeof(none)) == NULL);
}

/* Random streams: the reader never reads out of bounds (ASan) and the
 * position never passes the end. */
static void test_random(void)
{
    srand(1234);
    for (int iter = 0; iter < 2000; iter++) {
        const size_t n = (size_t)(rand() % 12);
        uint8_t *buf = malloc(n ? n : 1);
        for (size_t i = 0; i < n; i++)
            buf[i] = (uint8_t)rand();
        Rth264BitReader br;
        rth264_br_init(&br, buf, n);
        for (int k = 0; k < 20; k++) {
            switch (rand() % 4) {
            case 0: rth264_br_ue(&br); break;
            case 1: rth264_br_se(&br); break;
            case 2: rth264_br_read(&br, rand() % 33); break;
            default: rth264_br_more_rbsp_data(&br); break;
            }
            CHECK(br.pos <= n * 8);
        }
        free(buf);
    }
}

/* 6.4.3: the luma4x4BlkIdx tables agree with each other (the encoder's
 * residual coding and CAVLC index blocks by rth264_blk4x4_raster). */
static void test_blk4x4_tables(void)
{
    for (int k = 0; k < 16; k++) {
        const int x = rth264_blk4x4_x[k], y = rth264_blk4x4_y[k];
        CHECK(x == 2 * ((k >> 2) & 1) + (k & 1) && y == 2 * (k >> 3) + ((k >> 1) & 1));
        CHECK(rth264_blk4x4_raster[k] == 4 * y + x);
        CHECK(rth264_blk4x4_from_xy[y][x] == k);
    }
}

int main(void)
{
    test_fixed_bits();
    test_exp_golomb();
    test_more_rbsp_data();
    test_unescape();
    test_start_codes();
    test_random();
    test_blk4x4_tables();
    return check_report("bitstream");
}
