/* SPDX-License-Identifier: BSD-2-Clause */
/* Motion compensation in NEON intrinsics: luma quarter-sample 6-tap
 * interpolation (8.4.2.2.1), chroma eighth-sample bilinear (8.4.2.2.2) and
 * rounded averaging. Bit-exact with common/mc.c.
 *
 * Reads stay inside the window common/mc.h promises (src[-2 .. W+2] and rows
 * -2 .. height+2 for luma; W+1 columns and height+1 rows for chroma, and only
 * in a direction whose fraction is non-zero): overlapping loads instead of
 * wide ones, so a block at the very end of a padded frame is safe. */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "common/mc.h"
#include "common/aarch64/neon_rows.h"

/* ---- 2-wide rows (4-wide ones: common/aarch64/neon_rows.h) ------------ */

/* Up to four 2-sample rows packed into one vector (missing rows are 0). */
static inline uint8x8_t load2_rows(const uint8_t *p, ptrdiff_t stride, int rows)
{
    uint16_t r[4] = { 0, 0, 0, 0 };
    for (int i = 0; i < rows; i++)
        memcpy(&r[i], p + i * stride, 2);
    return vreinterpret_u8_u16(vld1_u16(r));
}

static inline void store2_rows(uint8_t *p, ptrdiff_t stride, int rows, uint8x8_t v)
{
    uint16_t r[4];
    vst1_u16(r, vreinterpret_u16_u8(v));
    for (int i = 0; i < rows; i++)
        memcpy(p + i * stride, &r[i], 2);
}

/* ---- luma: 6-tap filter (8.4.2.2.1, eq. 8-241) ---------------------------
 * tap6 = s0 - 5 s1 + 20 s2 + 20 s3 - 5 s4 + s5 lies in [-2550, 10710]: it
 * fits int16, so the (wrapping) 16-bit arithmetic below is exact. */

static inline int16x8_t tap6_8(uint8x8_t s0, uint8x8_t s1, uint8x8_t s2,
                               uint8x8_t s3, uint8x8_t s4, uint8x8_t s5)
{
    int16x8_t t = vreinterpretq_s16_u16(vaddl_u8(s0, s5));
    t = vmlaq_n_s16(t, vreinterpretq_s16_u16(vaddl_u8(s2, s3)), 20);
    return vmlsq_n_s16(t, vreinterpretq_s16_u16(vaddl_u8(s1, s4)), 5);
}

static inline int16x8_t tap6_16lo(uint8x16_t s0, uint8x16_t s1, uint8x16_t s2,
                                  uint8x16_t s3, uint8x16_t s4, uint8x16_t s5)
{
    return tap6_8(vget_low_u8(s0), vget_low_u8(s1), vget_low_u8(s2),
                  vget_low_u8(s3), vget_low_u8(s4), vget_low_u8(s5));
}

static inline int16x8_t tap6_16hi(uint8x16_t s0, uint8x16_t s1, uint8x16_t s2,
                                  uint8x16_t s3, uint8x16_t s4, uint8x16_t s5)
{
    int16x8_t t = vreinterpretq_s16_u16(vaddl_high_u8(s0, s5));
    t = vmlaq_n_s16(t, vreinterpretq_s16_u16(vaddl_high_u8(s2, s3)), 20);
    return vmlsq_n_s16(t, vreinterpretq_s16_u16(vaddl_high_u8(s1, s4)), 5);
}

/* Horizontal taps of one row: out[x] = tap6(src + x, 1) for x < W.
 * W = 16: src[-2..13] and src[3..18]; the middle taps come from the first
 * vector extended by src[14..17] (lanes 11..14 of the second). */
static inline void htap_row16(const uint8_t *src, int16x8_t *lo, int16x8_t *hi)
{
    uint8x16_t a = vld1q_u8(src - 2), b = vld1q_u8(src + 3);
    uint8x16_t c = vextq_u8(b, b, 11);
    uint8x16_t s1 = vextq_u8(a, c, 1), s2 = vextq_u8(a, c, 2);
    uint8x16_t s3 = vextq_u8(a, c, 3), s4 = vextq_u8(a, c, 4);
    *lo = tap6_16lo(a, s1, s2, s3, s4, b);
    *hi = tap6_16hi(a, s1, s2, s3, s4, b);
}

/* W = 8: src[-2..5] and src[3..10]. */
static inline int16x8_t htap_row8(const uint8_t *src)
{
    uint8x8_t a = vld1_u8(src - 2), b = vld1_u8(src + 3);
    uint8x8_t c = vext_u8(b, b, 3);
    return tap6_8(a, vext_u8(a, c, 1), vext_u8(a, c, 2), vext_u8(a, c, 3),
                  vext_u8(a, c, 4), b);
}

/* W = 4 (lanes 0..3 valid): src[-2..5] and src[-1..6]. */
static inline int16x8_t htap_row4(const uint8_t *src)
{
    uint8x8_t a = vld1_u8(src - 2), b = vld1_u8(src - 1);
    return tap6_8(a, b, vext_u8(a, a, 2), vext_u8(b, b, 2), vext_u8(a, a, 4),
                  vext_u8(b, b, 4));
}

/* Output of one row of a half-sample plane. For the quarter positions the
 * plane is averaged on the fly with the other one (`avg`, NULL for none):
 * (a + b + 1) >> 1 is vrhadd. */
typedef struct RowOut {
    uint8_t *dst;
    ptrdiff_t dst_stride;
    const uint8_t *avg;
    ptrdiff_t avg_stride;
} RowOut;

static inline void out16(RowOut *o, uint8x16_t v)
{
    if (o->avg) {
        v = vrhaddq_u8(v, vld1q_u8(o->avg));
        o->avg += o->avg_stride;
    }
    vst1q_u8(o->dst, v);
    o->dst += o->dst_stride;
}

static inline void out8(RowOut *o, uint8x8_t v, int w)
{
    if (o->avg) {
        v = vrhadd_u8(v, w == 8 ? vld1_u8(o->avg) : load4(o->avg));
        o->avg += o->avg_stride;
    }
    if (w == 8)
        vst1_u8(o->dst, v);
    else
        store4(o->dst, v);
    o->dst += o->dst_stride;
}

/* b = Clip1((b1 + 16) >> 5): a rounding, saturating narrow. */
static void half_h(RowOut o, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    for (int y = 0; y < h; y++, src += ss) {
        if (w == 16) {
            int16x8_t lo, hi;
            htap_row16(src, &lo, &hi);
            out16(&o, vcombine_u8(vqrshrun_n_s16(lo, 5), vqrshrun_n_s16(hi, 5)));
        } else {
            out8(&o, vqrshrun_n_s16(w == 8 ? htap_row8(src) : htap_row4(src), 5), w);
        }
    }
}

/* h = Clip1((h1 + 16) >> 5) with h1 the vertical taps; a sliding window of
 * six rows. */
static void half_v16(RowOut o, const uint8_t *src, ptrdiff_t ss, int h)
{
    uint8x16_t r0 = vld1q_u8(src - 2 * ss), r1 = vld1q_u8(src - ss);
    uint8x16_t r2 = vld1q_u8(src), r3 = vld1q_u8(src + ss), r4 = vld1q_u8(src + 2 * ss);
    src += 3 * ss;
    for (int y = 0; y < h; y++, src += ss) {
        uint8x16_t r5 = vld1q_u8(src);
        int16x8_t lo = tap6_16lo(r0, r1, r2, r3, r4, r5);
        int16x8_t hi = tap6_16hi(r0, r1, r2, r3, r4, r5);
        out16(&o, vcombine_u8(vqrshrun_n_s16(lo, 5), vqrshrun_n_s16(hi, 5)));
        r0 = r1; r1 = r2; r2 = r3; r3 = r4; r4 = r5;
    }
}

static inline uint8x8_t load_w(const uint8_t *p, int w)
{
    return w == 8 ? vld1_u8(p) : load4(p);
}

/* W = 8 or 4 (the low half only). */
static void half_v8(RowOut o, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    uint8x8_t r0 = load_w(src - 2 * ss, w), r1 = load_w(src - ss, w);
    uint8x8_t r2 = load_w(src, w), r3 = load_w(src + ss, w), r4 = load_w(src + 2 * ss, w);
    src += 3 * ss;
    for (int y = 0; y < h; y++, src += ss) {
        uint8x8_t r5 = load_w(src, w);
        out8(&o, vqrshrun_n_s16(tap6_8(r0, r1, r2, r3, r4, r5), 5), w);
        r0 = r1; r1 = r2; r2 = r3; r3 = r4; r4 = r5;
    }
}

/* Vertical 6 taps over int16 intermediates, in 32 bits, then
 * j = Clip1((j1 + 512) >> 10) (eq. 8-247/8-248). */
static inline uint8x8_t vtap_j(const int16_t *t)
{
    int16x8_t t0 = vld1q_s16(t), t1 = vld1q_s16(t + 16), t2 = vld1q_s16(t + 32);
    int16x8_t t3 = vld1q_s16(t + 48), t4 = vld1q_s16(t + 64), t5 = vld1q_s16(t + 80);
    int32x4_t lo = vaddl_s16(vget_low_s16(t0), vget_low_s16(t5));
    int32x4_t hi = vaddl_high_s16(t0, t5);
    int16x8_t mid = vaddq_s16(t2, t3), side = vaddq_s16(t1, t4); /* no overflow: |.| < 2^15 */
    lo = vmlal_n_s16(lo, vget_low_s16(mid), 20);
    hi = vmlal_high_n_s16(hi, mid, 20);
    lo = vmlsl_n_s16(lo, vget_low_s16(side), 5);
    hi = vmlsl_high_n_s16(hi, side, 5);
    return vqmovn_u16(vcombine_u16(vqrshrun_n_s32(lo, 10), vqrshrun_n_s32(hi, 10)));
}

static void half_hv(RowOut o, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    int16_t tmp[21 * 16]; /* horizontal taps of rows -2 .. h+2, stride 16 */
    src -= 2 * ss;
    for (int y = 0; y < h + 5; y++, src += ss) {
        if (w == 16) {
            int16x8_t lo, hi;
            htap_row16(src, &lo, &hi);
            vst1q_s16(tmp + 16 * y, lo);
            vst1q_s16(tmp + 16 * y + 8, hi);
        } else {
            vst1q_s16(tmp + 16 * y, w == 8 ? htap_row8(src) : htap_row4(src));
        }
    }
    for (int y = 0; y < h; y++) {
        const int16_t *t = tmp + 16 * y;
        if (w == 16)
            out16(&o, vcombine_u8(vtap_j(t), vtap_j(t + 8)));
        else
            out8(&o, vtap_j(t), w);
    }
}

/* ---- luma: quarter positions (Table 8-12) --------------------------------
 * Every position is one of G (integer), b, h, j, or the rounded average of
 * two of them, some taken one sample right (+1) or one row down (+stride).
 * G, when used, is always the first of a pair: it is read in place. */

enum { POS_G, POS_B, POS_H, POS_J, POS_NONE };

typedef struct LumaPos {
    uint8_t first, dx1, dy1, second, dx2, dy2;
} LumaPos;

static const LumaPos luma_pos[4][4] = { /* [mx][my] */
    { { POS_G, 0, 0, POS_NONE, 0, 0 }, { POS_G, 0, 0, POS_H, 0, 0 },
      { POS_H, 0, 0, POS_NONE, 0, 0 }, { POS_G, 0, 1, POS_H, 0, 0 } },
    { { POS_G, 0, 0, POS_B, 0, 0 }, { POS_B, 0, 0, POS_H, 0, 0 },
      { POS_H, 0, 0, POS_J, 0, 0 }, { POS_H, 0, 0, POS_B, 0, 1 } },
    { { POS_B, 0, 0, POS_NONE, 0, 0 }, { POS_B, 0, 0, POS_J, 0, 0 },
      { POS_J, 0, 0, POS_NONE, 0, 0 }, { POS_J, 0, 0, POS_B, 0, 1 } },
    { { POS_G, 1, 0, POS_B, 0, 0 }, { POS_B, 0, 0, POS_H, 1, 0 },
      { POS_J, 0, 0, POS_H, 1, 0 }, { POS_H, 1, 0, POS_B, 0, 1 } },
};

static void copy_block(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    for (int y = 0; y < h; y++, dst += ds, src += ss) {
        if (w == 16)
            vst1q_u8(dst, vld1q_u8(src));
        else if (w == 8)
            vst1_u8(dst, vld1_u8(src));
        else
            memcpy(dst, src, (size_t)w);
    }
}

/* A half-sample plane (b, h or j) through `o` (by value: the row pointers
 * then live in registers, not in memory that every byte store might alias). */
static void compute_half(RowOut o, int pos, const uint8_t *src, ptrdiff_t ss, int w, int h)
{
    if (pos == POS_B)
        half_h(o, src, ss, w, h);
    else if (pos == POS_H && w == 16)
        half_v16(o, src, ss, h);
    else if (pos == POS_H)
        half_v8(o, src, ss, w, h);
    else
        half_hv(o, src, ss, w, h);
}

static void put_luma(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                     int w, int h, int mx, int my)
{
    const LumaPos *p = &luma_pos[mx & 3][my & 3];
    const uint8_t *src1 = src + p->dx1 + p->dy1 * ss;
    if (p->second == POS_NONE) {
        RowOut o = { dst, ds, NULL, 0 };
        if (p->first == POS_G)
            copy_block(dst, ds, src1, ss, w, h);
        else
            compute_half(o, p->first, src1, ss, w, h);
        return;
    }
    uint8_t first[16 * 16];
    RowOut o = { dst, ds, src1, ss };
    if (p->first != POS_G) {
        RowOut to_tmp = { first, 16, NULL, 0 };
        compute_half(to_tmp, p->first, src1, ss, w, h);
        o.avg = first;
        o.avg_stride = 16;
    }
    compute_half(o, p->second, src + p->dx2 + p->dy2 * ss, ss, w, h);
}

void rth264_put_luma16_neon(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss,
                            int h, int mx, int my)
{
    put_luma(d, ds, s, ss, 16, h, mx, my);
}

void rth264_put_luma8_neon(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss,
                           int h, int mx, int my)
{
    put_luma(d, ds, s, ss, 8, h, mx, my);
}

void rth264_put_luma4_neon(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss,
                           int h, int mx, int my)
{
    put_luma(d, ds, s, ss, 4, h, mx, my);
}

/* ---- chroma: bilinear in eighths (8.4.2.2.2, eq. 8-266) ------------------
 * ((8-x)(8-y) A + x(8-y) B + (8-x)y C + xy D + 32) >> 6; the products sum to
 * at most 64 * 255, so 16 bits suffice. The neighbour right (B, D) or below
 * (C, D) is only read when its weight is non-zero: otherwise A stands in. */

typedef struct ChromaWeights {
    uint8x8_t a, b, c, d;
} ChromaWeights;

static inline uint8x8_t bilinear8(const ChromaWeights *w, uint8x8_t a, uint8x8_t b,
                                  uint8x8_t c, uint8x8_t d)
{
    uint16x8_t s = vmull_u8(a, w->a);
    s = vmlal_u8(s, b, w->b);
    s = vmlal_u8(s, c, w->c);
    s = vmlal_u8(s, d, w->d);
    return vrshrn_n_u16(s, 6);
}

static inline __attribute__((always_inline)) void
put_chroma(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int w, int h, int mx, int my)
{
    if (!(mx | my)) { /* full-sample vector: a copy (the encoder's P_Skip test at 0,0) */
        for (int y = 0; y < h; y++, dst += ds, src += ss)
            memcpy(dst, src, (size_t)w);
        return;
    }
    ChromaWeights wt = {
        vdup_n_u8((uint8_t)((8 - mx) * (8 - my))), vdup_n_u8((uint8_t)(mx * (8 - my))),
        vdup_n_u8((uint8_t)((8 - mx) * my)), vdup_n_u8((uint8_t)(mx * my)),
    };
    const uint8_t *right = mx ? src + 1 : src;
    const ptrdiff_t down = my ? ss : 0;
    if (w == 8) {
        for (int y = 0; y < h; y++, dst += ds, src += ss, right += ss)
            vst1_u8(dst, bilinear8(&wt, vld1_u8(src), vld1_u8(right),
                                   vld1_u8(src + down), vld1_u8(right + down)));
    } else if (w == 4) {
        for (int y = 0; y < h; y += 2, dst += 2 * ds, src += 2 * ss, right += 2 * ss) {
            uint8x8_t out = bilinear8(&wt, load4x2(src, src + ss), load4x2(right, right + ss),
                                      load4x2(src + down, src + ss + down),
                                      load4x2(right + down, right + ss + down));
            store4x2(dst, dst + ds, out);
        }
    } else {
        /* w == 2: up to four rows per vector. */
        for (int y = 0; y < h; y += 4, dst += 4 * ds, src += 4 * ss, right += 4 * ss) {
            const int rows = h - y < 4 ? h - y : 4;
            const uint8x8_t out = bilinear8(&wt, load2_rows(src, ss, rows), load2_rows(right, ss, rows),
                                            load2_rows(src + down, ss, rows),
                                            load2_rows(right + down, ss, rows));
            store2_rows(dst, ds, rows, out);
        }
    }
}

void rth264_put_chroma8_neon(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss,
                             int h, int mx, int my)
{
    put_chroma(d, ds, s, ss, 8, h, mx, my);
}

void rth264_put_chroma4_neon(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss,
                             int h, int mx, int my)
{
    put_chroma(d, ds, s, ss, 4, h, mx, my);
}

void rth264_put_chroma2_neon(uint8_t *d, ptrdiff_t ds, const uint8_t *s, ptrdiff_t ss,
                             int h, int mx, int my)
{
    put_chroma(d, ds, s, ss, 2, h, mx, my);
}

/* ---- averaging: dst = (dst + src + 1) >> 1 ------------------------------ */

void rth264_avg16_neon(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h)
{
    for (int y = 0; y < h; y++, dst += ds, src += ss)
        vst1q_u8(dst, vrhaddq_u8(vld1q_u8(dst), vld1q_u8(src)));
}

void rth264_avg8_neon(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h)
{
    for (int y = 0; y < h; y++, dst += ds, src += ss)
        vst1_u8(dst, vrhadd_u8(vld1_u8(dst), vld1_u8(src)));
}

void rth264_avg4_neon(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h)
{
    for (int y = 0; y < h; y++, dst += ds, src += ss)
        store4(dst, vrhadd_u8(load4(dst), load4(src)));
}

void rth264_avg2_neon(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int h)
{
    for (int y = 0; y < h; y += 4, dst += 4 * ds, src += 4 * ss) {
        const int rows = h - y < 4 ? h - y : 4;
        store2_rows(dst, ds, rows, vrhadd_u8(load2_rows(dst, ds, rows), load2_rows(src, ss, rows)));
    }
}

/* ---- weighted prediction (8.4.2.3.2) -------------------------------------------
 * weight: ((dst * w + 2^(logwd-1)) >> logwd) + off. dst * w lies within
 * +-32640, so 16-bit lanes hold it, and a rounding shift by -logwd is the
 * rounded arithmetic shift (plain identity for logwd = 0). biweight sums two
 * products, up to 2 * 255 * 128: 32-bit lanes there. The saturating
 * narrows are the Clip1. W = 2 packs four rows into one vector. */

static inline uint8x8_t weight8(uint8x8_t px, int16x8_t w, int16x8_t shift, int16x8_t off)
{
    const int16x8_t prod = vmulq_s16(vreinterpretq_s16_u16(vmovl_u8(px)), w);
    return vqmovun_s16(vaddq_s16(vrshlq_s16(prod, shift), off));
}

static void weight(uint8_t *dst, ptrdiff_t stride, int width, int height, int logwd, int w, int off)
{
    const int16x8_t vw = vdupq_n_s16((int16_t)w), shift = vdupq_n_s16((int16_t)-logwd);
    const int16x8_t voff = vdupq_n_s16((int16_t)off);
    if (width == 2) {
        for (int y = 0; y < height; y += 4, dst += 4 * stride) {
            const int rows = height - y < 4 ? height - y : 4;
            store2_rows(dst, stride, rows, weight8(load2_rows(dst, stride, rows), vw, shift, voff));
        }
        return;
    }
    for (int y = 0; y < height; y++, dst += stride) {
        if (width == 16) {
            const uint8x16_t px = vld1q_u8(dst);
            vst1q_u8(dst, vcombine_u8(weight8(vget_low_u8(px), vw, shift, voff),
                                      weight8(vget_high_u8(px), vw, shift, voff)));
        } else if (width == 8) {
            vst1_u8(dst, weight8(vld1_u8(dst), vw, shift, voff));
        } else {
            store4(dst, weight8(load4(dst), vw, shift, voff));
        }
    }
}

void rth264_weight16_neon(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off)
{
    weight(dst, stride, 16, height, logwd, w, off);
}

void rth264_weight8_neon(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off)
{
    weight(dst, stride, 8, height, logwd, w, off);
}

void rth264_weight4_neon(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off)
{
    weight(dst, stride, 4, height, logwd, w, off);
}

void rth264_weight2_neon(uint8_t *dst, ptrdiff_t stride, int height, int logwd, int w, int off)
{
    weight(dst, stride, 2, height, logwd, w, off);
}

typedef struct BiWeights {
    int16x4_t w0, w1;
    int32x4_t shift, off;
} BiWeights;

static inline uint16x4_t biweight4(int16x4_t a, int16x4_t b, const BiWeights *bw)
{
    int32x4_t t = vmlal_s16(vmull_s16(a, bw->w0), b, bw->w1);
    return vqmovun_s32(vaddq_s32(vrshlq_s32(t, bw->shift), bw->off));
}

static inline uint8x8_t biweight8(uint8x8_t d, uint8x8_t s, const BiWeights *bw)
{
    const int16x8_t a = vreinterpretq_s16_u16(vmovl_u8(d)), b = vreinterpretq_s16_u16(vmovl_u8(s));
    return vqmovn_u16(vcombine_u16(biweight4(vget_low_s16(a), vget_low_s16(b), bw),
                                   biweight4(vget_high_s16(a), vget_high_s16(b), bw)));
}

static void biweight(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss, int width,
                     int height, int logwd, int w0, int w1, int off)
{
    const BiWeights bw = { vdup_n_s16((int16_t)w0), vdup_n_s16((int16_t)w1),
                           vdupq_n_s32(-(logwd + 1)), vdupq_n_s32(off) };
    if (width == 2) {
        for (int y = 0; y < height; y += 4, dst += 4 * ds, src += 4 * ss) {
            const int rows = height - y < 4 ? height - y : 4;
            store2_rows(dst, ds, rows, biweight8(load2_rows(dst, ds, rows),
                                                 load2_rows(src, ss, rows), &bw));
        }
        return;
    }
    for (int y = 0; y < height; y++, dst += ds, src += ss) {
        if (width == 16) {
            const uint8x16_t d = vld1q_u8(dst), s = vld1q_u8(src);
            vst1q_u8(dst, vcombine_u8(biweight8(vget_low_u8(d), vget_low_u8(s), &bw),
                                      biweight8(vget_high_u8(d), vget_high_u8(s), &bw)));
        } else if (width == 8) {
            vst1_u8(dst, biweight8(vld1_u8(dst), vld1_u8(src), &bw));
        } else {
            store4(dst, biweight8(load4(dst), load4(src), &bw));
        }
    }
}

void rth264_biweight16_neon(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                            int height, int logwd, int w0, int w1, int off)
{
    biweight(dst, ds, src, ss, 16, height, logwd, w0, w1, off);
}

void rth264_biweight8_neon(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                           int height, int logwd, int w0, int w1, int off)
{
    biweight(dst, ds, src, ss, 8, height, logwd, w0, w1, off);
}

void rth264_biweight4_neon(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                           int height, int logwd, int w0, int w1, int off)
{
    biweight(dst, ds, src, ss, 4, height, logwd, w0, w1, off);
}

void rth264_biweight2_neon(uint8_t *dst, ptrdiff_t ds, const uint8_t *src, ptrdiff_t ss,
                           int height, int logwd, int w0, int w1, int off)
{
    biweight(dst, ds, src, ss, 2, height, logwd, w0, w1, off);
}
