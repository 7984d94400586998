/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_COMMON_BITREADER_H
#define RTH264_COMMON_BITREADER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * MSB-first bit reader over an RBSP (emulation prevention already removed),
 * with Exp-Golomb codes (9.1). Bounds-safe: reading past the end yields zero
 * bits and sets `error`; it never touches memory outside buf[0 .. size-1].
 *
 * `pos` is the reader's state (callers may set it); `cache` holds the 64
 * bits from bit cache_pos (a byte boundary), so a peek at most 32 bits past
 * cache_pos costs no memory access. The cache is keyed by position and
 * stays valid whatever `pos` is set to.
 */
typedef struct Rth264BitReader {
    const uint8_t *buf;
    size_t size;               /* bytes */
    size_t pos;                /* bit position */
    int error;                 /* set once anything was read past the end */
    uint64_t cache;            /* bits cache_pos .. cache_pos + 63, MSB first, zeros past the end */
    size_t cache_pos;
} Rth264BitReader;

/* 64 bits starting at byte `byte`, zero-filled past the end. */
static inline uint64_t rth264_br_load64(const Rth264BitReader *br, size_t byte)
{
    uint64_t v = 0;
    if (byte + 8 <= br->size) {
        memcpy(&v, br->buf + byte, 8);
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return __builtin_bswap64(v);
#else
        const uint8_t *b = br->buf + byte;
        v = 0;
        for (int i = 0; i < 8; i++)
            v = (v << 8) | b[i];
        return v;
#endif
    }
    for (int i = 0; i < 8; i++)
        v = (v << 8) | (byte + (size_t)i < br->size ? br->buf[byte + (size_t)i] : 0);
    return v;
}

static inline void rth264_br_init(Rth264BitReader *br, const uint8_t *buf, size_t size)
{
    br->buf = buf;
    br->size = size;
    br->pos = 0;
    br->error = 0;
    br->cache_pos = 0;
    br->cache = rth264_br_load64(br, 0);
}

/* The next n bits (1..32) without consuming them. */
static inline uint32_t rth264_br_peek(Rth264BitReader *br, int n)
{
    size_t off = br->pos - br->cache_pos; /* wraps (so reloads) when pos < cache_pos */
    if (off > 32) {
        br->cache_pos = br->pos & ~(size_t)7;
        br->cache = rth264_br_load64(br, br->pos >> 3);
        off = br->pos & 7;
    }
    return (uint32_t)((br->cache << off) >> (64 - n));
}

static inline size_t rth264_br_bits_left(const Rth264BitReader *br)
{
    return br->pos < br->size * 8 ? br->size * 8 - br->pos : 0;
}

static inline void rth264_br_skip(Rth264BitReader *br, size_t n)
{
    br->pos += n;
    if (br->pos > br->size * 8) {
        br->pos = br->size * 8;
        br->error = 1;
    }
}

/* u(n), n = 0..32. */
static inline uint32_t rth264_br_read(Rth264BitReader *br, int n)
{
    if (n <= 0)
        return 0;
    const uint32_t v = rth264_br_peek(br, n);
    rth264_br_skip(br, (size_t)n);
    return v;
}

static inline int rth264_br_read1(Rth264BitReader *br)
{
    return (int)rth264_br_read(br, 1);
}

/* ue(v) (9.1): values up to 2^32 - 2; longer prefixes set error, return 0. */
static inline uint32_t rth264_br_ue(Rth264BitReader *br)
{
    const uint32_t peek = rth264_br_peek(br, 32);
    if (!peek) {
        br->error = 1;
        rth264_br_skip(br, 32);
        return 0;
    }
    const int lz = __builtin_clz(peek);
    if (lz < 16) {
        /* the whole code (2 * lz + 1 <= 31 bits) is in this peek */
        rth264_br_skip(br, (size_t)(2 * lz + 1));
        return (peek >> (31 - 2 * lz)) - 1;
    }
    rth264_br_skip(br, (size_t)lz);
    /* lz zeros, then lz+1 bits starting with the 1: codeNum = that - 1 */
    return rth264_br_read(br, lz + 1) - 1;
}

/* se(v) (9.1.1). */
static inline int32_t rth264_br_se(Rth264BitReader *br)
{
    const uint32_t k = rth264_br_ue(br);
    return (k & 1) ? (int32_t)((k >> 1) + 1) : -(int32_t)(k >> 1);
}

/* te(v) with range 1 (a single inverted bit) or larger (ue). */
static inline uint32_t rth264_br_te(Rth264BitReader *br, int range)
{
    return range > 1 ? rth264_br_ue(br) : (uint32_t)!rth264_br_read1(br);
}

/*
 * A 64-bit window on the reader for hot loops (CAVLC residual blocks): one
 * load serves several codes. After rth264_bw_refill() at least 32 bits are
 * in the window (zeros past the end of the buffer, as with the reader);
 * rth264_bw_done() writes the position back and flags an overrun.
 */
typedef struct Rth264BitWindow {
    uint64_t bits;             /* next bits, MSB first */
    int avail;                 /* valid bits in `bits` (>= 32 after a refill) */
    size_t pos;                /* bit position of the first bit of `bits` */
} Rth264BitWindow;

static inline void rth264_bw_load(Rth264BitWindow *w, const Rth264BitReader *br, size_t pos)
{
    w->pos = pos;
    w->bits = rth264_br_load64(br, pos >> 3) << (pos & 7);
    w->avail = 64 - (int)(pos & 7);
}

static inline void rth264_bw_refill(Rth264BitWindow *w, const Rth264BitReader *br)
{
    if (w->avail < 32)
        rth264_bw_load(w, br, w->pos);
}

/* The next 32 bits; valid after a refill and until 32 bits are skipped. */
static inline uint32_t rth264_bw_peek32(const Rth264BitWindow *w)
{
    return (uint32_t)(w->bits >> 32);
}

/* n = 0..32, within the bits available since the last refill. */
static inline void rth264_bw_skip(Rth264BitWindow *w, int n)
{
    w->bits = n < 64 ? w->bits << n : 0;
    w->avail -= n;
    w->pos += (size_t)n;
}

/* u(n), n = 0..31, within the bits available since the last refill. */
static inline uint32_t rth264_bw_read(Rth264BitWindow *w, int n)
{
    const uint32_t v = n ? rth264_bw_peek32(w) >> (32 - n) : 0;
    rth264_bw_skip(w, n);
    return v;
}

/* Back to the reader; returns -1 (and sets error) past the end. */
static inline int rth264_bw_done(const Rth264BitWindow *w, Rth264BitReader *br)
{
    br->pos = w->pos;
    if (br->pos > br->size * 8) {
        br->pos = br->size * 8;
        br->error = 1;
        return -1;
    }
    return 0;
}

static inline int rth264_br_byte_aligned(const Rth264BitReader *br)
{
    return !(br->pos & 7);
}

/* more_rbsp_data() (7.2): true while there is data before the last 1 bit
 * (rbsp_stop_one_bit) of the buffer. */
static inline int rth264_br_more_rbsp_data(const Rth264BitReader *br)
{
    size_t last = br->size;
    while (last > 0 && !br->buf[last - 1])
        last--;
    if (!last)
        return 0;
    const size_t stop_bit = (last - 1) * 8 + 7 - (size_t)__builtin_ctz(br->buf[last - 1]);
    return br->pos < stop_bit;
}

#endif
