/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_BITWRITER_H
#define RTH264_COMMON_BITWRITER_H

/*
 * MSB-first bit writer for RBSP data (7.2 u(n), ue(v), se(v)) and the NAL
 * packing of 7.3.1 / Annex B (start code, header, emulation prevention).
 * The writer never writes past its buffer: on overflow it sets 'overflow'
 * and drops further bits; callers check it once at the end.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct Rth264BitWriter {
    uint8_t *buf;
    size_t size;        /* bytes available */
    size_t pos;         /* bytes completed */
    uint64_t cache;     /* pending bits, right-aligned */
    int cache_bits;     /* number of pending bits (< 32 between calls) */
    int overflow;
} Rth264BitWriter;

static inline void rth264_bw_init(Rth264BitWriter *bw, uint8_t *buf, size_t size)
{
    bw->buf = buf;
    bw->size = size;
    bw->pos = 0;
    bw->cache = 0;
    bw->cache_bits = 0;
    bw->overflow = 0;
}

static inline void rth264_bw_flush_bytes(Rth264BitWriter *bw)
{
    while (bw->cache_bits >= 8) {
        bw->cache_bits -= 8;
        if (bw->pos < bw->size)
            bw->buf[bw->pos++] = (uint8_t)(bw->cache >> bw->cache_bits);
        else
            bw->overflow = 1;
    }
    bw->cache &= (1ull << bw->cache_bits) - 1;
}

/* Write the n (0..32) low bits of value, MSB first. */
static inline void rth264_bw_put(Rth264BitWriter *bw, int n, uint32_t value)
{
    if (n <= 0)
        return;
    bw->cache = (bw->cache << n) | (value & (uint32_t)((1ull << n) - 1));
    bw->cache_bits += n;
    rth264_bw_flush_bytes(bw);
}

static inline void rth264_bw_put1(Rth264BitWriter *bw, int bit)
{
    rth264_bw_put(bw, 1, (uint32_t)(bit != 0));
}

/*
 * Lazy writing for the hot macroblock layer: whole bytes are stored four at
 * a time, so pos may lag the bits written by up to three bytes (the cache
 * holds up to 31 pending bits, as between any calls). rth264_bw_count() is
 * exact at any time; the plain functions above (and rth264_bw_flush())
 * store the pending whole bytes, so mixing both is fine.
 */
static inline void rth264_bw_flush32(Rth264BitWriter *bw)
{
    bw->cache_bits -= 32;
    const uint32_t w = (uint32_t)(bw->cache >> bw->cache_bits);
    if (bw->pos + 4 <= bw->size) {
        uint8_t *p = bw->buf + bw->pos;
        p[0] = (uint8_t)(w >> 24);
        p[1] = (uint8_t)(w >> 16);
        p[2] = (uint8_t)(w >> 8);
        p[3] = (uint8_t)w;
        bw->pos += 4;
        return;
    }
    for (int i = 3; i >= 0; i--) {
        if (bw->pos < bw->size)
            bw->buf[bw->pos++] = (uint8_t)(w >> (8 * i));
        else
            bw->overflow = 1;
    }
}

/* As rth264_bw_put (n 0..32) for a value that fits in n bits (it is not
 * masked: VLC codes, flags, Exp-Golomb words); bits above the pending ones
 * in cache are left stale, only the low cache_bits are meaningful. */
static inline void rth264_bw_put_lazy(Rth264BitWriter *bw, int n, uint32_t value)
{
    bw->cache = (bw->cache << n) | value;
    bw->cache_bits += n;
    if (bw->cache_bits >= 32)
        rth264_bw_flush32(bw);
}

/* Stores the pending whole bytes (pos then counts every complete byte). */
static inline void rth264_bw_flush(Rth264BitWriter *bw)
{
    rth264_bw_flush_bytes(bw);
}

/* ue(v) in one or two puts: codeNum + 1 written on 2 * len + 1 bits, its
 * len leading zeros included. */
static inline void rth264_bw_ue_lazy(Rth264BitWriter *bw, uint32_t v)
{
    const uint64_t x = (uint64_t)v + 1;
    const int len = 63 - __builtin_clzll(x);
    if (len < 16) {
        rth264_bw_put_lazy(bw, 2 * len + 1, (uint32_t)x);
    } else {
        rth264_bw_put_lazy(bw, len, 0);
        rth264_bw_put_lazy(bw, len + 1, (uint32_t)x);
    }
}

static inline void rth264_bw_se_lazy(Rth264BitWriter *bw, int32_t v)
{
    rth264_bw_ue_lazy(bw, v > 0 ? 2u * (uint32_t)v - 1 : 2u * (uint32_t)(-(int64_t)v));
}

/* Bits an ue(v) code of value v (0 .. 2^32-2) takes: 9.1. */
static inline int rth264_ue_bits(uint32_t v)
{
    int len = 0;
    uint64_t x = (uint64_t)v + 1;
    while (x >> len > 1)
        len++;
    return 2 * len + 1;
}

static inline int rth264_se_bits(int32_t v)
{
    return rth264_ue_bits(v > 0 ? 2u * (uint32_t)v - 1 : 2u * (uint32_t)(-(int64_t)v));
}

/* ue(v): 9.1, codeNum = v. */
static inline void rth264_bw_ue(Rth264BitWriter *bw, uint32_t v)
{
    uint64_t x = (uint64_t)v + 1;
    int len = 0;
    while (x >> len > 1)
        len++;
    rth264_bw_put(bw, len, 0);
    rth264_bw_put(bw, len + 1, (uint32_t)x);
}

/* se(v): 9.1.1, k > 0 -> 2k - 1, k <= 0 -> -2k. */
static inline void rth264_bw_se(Rth264BitWriter *bw, int32_t v)
{
    rth264_bw_ue(bw, v > 0 ? 2u * (uint32_t)v - 1 : 2u * (uint32_t)(-(int64_t)v));
}

static inline int rth264_bw_byte_aligned(const Rth264BitWriter *bw)
{
    return bw->cache_bits == 0;
}

/* Bits written so far. */
static inline size_t rth264_bw_count(const Rth264BitWriter *bw)
{
    return bw->pos * 8 + (size_t)bw->cache_bits;
}

/* rbsp_trailing_bits(): 7.3.2.11, a 1 then zeros to the byte boundary. */
static inline void rth264_bw_trailing(Rth264BitWriter *bw)
{
    rth264_bw_put1(bw, 1);
    if (bw->cache_bits)
        rth264_bw_put(bw, 8 - bw->cache_bits, 0);
}

/*
 * Annex B packing of one NAL unit: start code (3 or 4 bytes), the one-byte
 * header (7.3.1: forbidden_zero_bit, nal_ref_idc, nal_unit_type) and the
 * RBSP with emulation_prevention_three_byte inserted after two zero bytes
 * when the next byte is <= 3 (7.4.1). Returns the bytes written to dst or 0
 * if dst_size is too small (worst case: 5 + rbsp_size * 3 / 2 + 1).
 */
static inline size_t rth264_nal_pack(uint8_t *dst, size_t dst_size, int start_code_size,
                                     int nal_ref_idc, int nal_unit_type,
                                     const uint8_t *rbsp, size_t rbsp_size)
{
    size_t need_max = (size_t)start_code_size + 1 + rbsp_size + rbsp_size / 2 + 1;
    if (dst_size < need_max)
        return 0;
    size_t o = 0;
    if (start_code_size == 4)
        dst[o++] = 0;
    dst[o++] = 0;
    dst[o++] = 0;
    dst[o++] = 1;
    dst[o++] = (uint8_t)((nal_ref_idc & 3) << 5 | (nal_unit_type & 31));
    int zeros = 0;
    for (size_t i = 0; i < rbsp_size; i++) {
        /* Eight bytes without a zero byte after a non-zero one need no
         * emulation prevention: copied as they are. */
        while (!zeros && i + 8 <= rbsp_size) {
            uint64_t v;
            memcpy(&v, rbsp + i, sizeof(v));
            if ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull)
                break; /* some byte is zero */
            memcpy(dst + o, &v, sizeof(v));
            o += 8;
            i += 8;
        }
        if (i >= rbsp_size)
            break;
        if (zeros >= 2 && rbsp[i] <= 3) {
            dst[o++] = 3;
            zeros = 0;
        }
        dst[o++] = rbsp[i];
        zeros = rbsp[i] ? 0 : zeros + 1;
    }
    return o;
}

#endif
