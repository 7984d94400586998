/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>
#include <string.h>

#include "md5.h"

/* RFC 1321 section 3.4: per-round shift amounts, and the sine table
 * T[i] = floor(2^32 * |sin(i + 1)|). */
static const uint8_t shifts[64] = {
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

static const uint32_t sine[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static uint32_t rotl(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void md5_block(uint32_t st[4], const uint8_t *p)
{
    uint32_t w[16];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
               (uint32_t)p[4 * i + 3] << 24;
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3], t;
    /* The four rounds of RFC 1321 3.4, one loop each (no per-step branch). */
#define MD5_STEP(f, g)                                              \
    t = a + (f) + sine[i] + w[g];                                   \
    a = d;                                                          \
    d = c;                                                          \
    c = b;                                                          \
    b = b + rotl(t, shifts[i])
    int i = 0;
    for (; i < 16; i++) { MD5_STEP((b & c) | (~b & d), i); }
    for (; i < 32; i++) { MD5_STEP((d & b) | (~d & c), (5 * i + 1) & 15); }
    for (; i < 48; i++) { MD5_STEP(b ^ c ^ d, (3 * i + 5) & 15); }
    for (; i < 64; i++) { MD5_STEP(c ^ (b | ~d), (7 * i) & 15); }
#undef MD5_STEP
    st[0] += a;
    st[1] += b;
    st[2] += c;
    st[3] += d;
}

void md5_init(Md5 *m)
{
    m->state[0] = 0x67452301;
    m->state[1] = 0xefcdab89;
    m->state[2] = 0x98badcfe;
    m->state[3] = 0x10325476;
    m->length = 0;
    m->fill = 0;
}

void md5_update(Md5 *m, const void *data, size_t size)
{
    const uint8_t *p = data;
    m->length += size;
    while (size) {
        size_t n = 64 - m->fill;
        if (n > size)
            n = size;
        memcpy(m->block + m->fill, p, n);
        m->fill += n;
        p += n;
        size -= n;
        if (m->fill == 64) {
            md5_block(m->state, m->block);
            m->fill = 0;
        }
    }
}

void md5_final(Md5 *m, uint8_t digest[16])
{
    const uint64_t bits = m->length * 8;
    static const uint8_t pad[64] = { 0x80 };
    const size_t padlen = m->fill < 56 ? 56 - m->fill : 120 - m->fill;
    md5_update(m, pad, padlen);
    uint8_t len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (uint8_t)(bits >> (8 * i));
    md5_update(m, len, 8);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            digest[4 * i + j] = (uint8_t)(m->state[i] >> (8 * j));
}

void md5_hex(const uint8_t digest[16], char out[33])
{
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}
