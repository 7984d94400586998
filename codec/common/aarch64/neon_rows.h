/* SPDX-License-Identifier: BSD-2-Clause */
/* 4-sample rows in and out of NEON vectors, for blocks with any alignment
 * and stride (memcpy: a plain 32-bit load or store, no alignment or
 * aliasing assumptions). Shared by the intrinsics files. */
#ifndef RTH264_COMMON_AARCH64_NEON_ROWS_H
#define RTH264_COMMON_AARCH64_NEON_ROWS_H

#include <arm_neon.h>
#include <stdint.h>
#include <string.h>

/* The 4 bytes at p in both 32-bit halves. */
static inline uint8x8_t load4(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return vreinterpret_u8_u32(vdup_n_u32(v));
}

/* The low 4 bytes of v to p. */
static inline void store4(uint8_t *p, uint8x8_t v)
{
    const uint32_t x = vget_lane_u32(vreinterpret_u32_u8(v), 0);
    memcpy(p, &x, 4);
}

/* The 4 bytes at a in the low half, those at b in the high half. */
static inline uint8x8_t load4x2(const uint8_t *a, const uint8_t *b)
{
    uint32_t lo, hi;
    memcpy(&lo, a, 4);
    memcpy(&hi, b, 4);
    return vreinterpret_u8_u32(vset_lane_u32(hi, vdup_n_u32(lo), 1));
}

/* The low half of v to a, the high half to b. */
static inline void store4x2(uint8_t *a, uint8_t *b, uint8x8_t v)
{
    const uint32_t lo = vget_lane_u32(vreinterpret_u32_u8(v), 0);
    const uint32_t hi = vget_lane_u32(vreinterpret_u32_u8(v), 1);
    memcpy(a, &lo, 4);
    memcpy(b, &hi, 4);
}

#endif /* RTH264_COMMON_AARCH64_NEON_ROWS_H */
