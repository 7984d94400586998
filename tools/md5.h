/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef RTH264_TOOLS_MD5_H
#define RTH264_TOOLS_MD5_H

#include <stddef.h>
#include <stdint.h>

/* MD5 message digest (RFC 1321). */
typedef struct Md5 {
    uint32_t state[4];
    uint64_t length;          /* bytes hashed so far */
    uint8_t block[64];
    size_t fill;
} Md5;

void md5_init(Md5 *m);
void md5_update(Md5 *m, const void *data, size_t size);
void md5_final(Md5 *m, uint8_t digest[16]);
/* digest as 32 lowercase hex characters plus NUL */
void md5_hex(const uint8_t digest[16], char out[33]);

#endif
