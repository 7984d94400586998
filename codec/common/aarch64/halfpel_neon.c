/* SPDX-License-Identifier: BSD-2-Clause */
/* Half-sample planes h, v, j in one pass (common/halfpel.h), NEON
 * intrinsics, bit-exact with common/halfpel.c. Eight output columns per
 * step: the unrounded vertical 6-tap of columns x-2..x+5 (the previous
 * step's) and x+6..x+13 (x+3..x+10 in the last step: nothing beyond column
 * width+2 is read), their six shifted views for j (32-bit sums), source row
 * y for h. */
#include "config.h"

#include <arm_neon.h>

#include "common/halfpel.h"

/* a - 5 (b + e) + 20 (c + d) + f in 16 bits (exact for 8-bit samples:
 * -2550 .. 10710); unsigned lanes so that the arithmetic wraps (defined),
 * the result reinterpreted as signed. */
static inline int16x8_t tap6_u8(uint8x8_t a, uint8x8_t b, uint8x8_t c, uint8x8_t d, uint8x8_t e,
                                uint8x8_t f)
{
    uint16x8_t t = vaddl_u8(a, f);
    t = vmlaq_n_u16(t, vaddl_u8(c, d), 20);
    t = vmlsq_n_u16(t, vaddl_u8(b, e), 5);
    return vreinterpretq_s16_u16(t);
}

static inline int16x8_t vertical_tap(const uint8_t *p, ptrdiff_t stride)
{
    return tap6_u8(vld1_u8(p - 2 * stride), vld1_u8(p - stride), vld1_u8(p), vld1_u8(p + stride),
                   vld1_u8(p + 2 * stride), vld1_u8(p + 3 * stride));
}

/* (t0 + t5) - 5 (t1 + t4) + 20 (t2 + t3) + 512 >> 10 in 32 bits; each pair
 * sum fits 16 bits (-5100 .. 21420). */
static inline uint8x8_t j_from_taps(const int16x8_t t[6])
{
    const int16x8_t af = vaddq_s16(t[0], t[5]), be = vaddq_s16(t[1], t[4]);
    const int16x8_t cd = vaddq_s16(t[2], t[3]);
    int32x4_t lo = vmovl_s16(vget_low_s16(af)), hi = vmovl_high_s16(af);
    lo = vmlal_n_s16(lo, vget_low_s16(cd), 20);
    hi = vmlal_high_n_s16(hi, cd, 20);
    lo = vmlsl_n_s16(lo, vget_low_s16(be), 5);
    hi = vmlsl_high_n_s16(hi, be, 5);
    const int16x8_t r = vcombine_s16(vqmovn_s32(vrshrq_n_s32(lo, 10)),
                                     vqmovn_s32(vrshrq_n_s32(hi, 10)));
    return vqmovun_s16(r);
}

/* The three outputs of columns x .. x+7 from the vertical taps of columns
 * x-2 .. x+5 (a) and x+6 .. x+10 (lanes 0-4 of d). */
static inline void hpel_step(uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *s, int16x8_t a,
                             int16x8_t d)
{
    int16x8_t t[6]; /* t[k]: columns x+k-2 .. */
    t[0] = a;
    t[1] = vextq_s16(a, d, 1);
    t[2] = vextq_s16(a, d, 2);
    t[3] = vextq_s16(a, d, 3);
    t[4] = vextq_s16(a, d, 4);
    t[5] = vextq_s16(a, d, 5);
    vst1_u8(v, vqrshrun_n_s16(t[2], 5));
    vst1_u8(j, j_from_taps(t));
    const int16x8_t th = tap6_u8(vld1_u8(s - 2), vld1_u8(s - 1), vld1_u8(s), vld1_u8(s + 1),
                                 vld1_u8(s + 2), vld1_u8(s + 3));
    vst1_u8(h, vqrshrun_n_s16(th, 5));
}

/* Eight columns per step; the taps of columns x+6 .. x+13 computed for one
 * step are the next step's x-2 .. x+5, so each column's vertical tap is
 * computed once, except in the last step, which reads nothing beyond
 * column width+2 (its taps of x+3 .. x+10, shifted). */
static void hpel_row_neon(uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *src,
                          ptrdiff_t stride, int width)
{
    int16x8_t a = vertical_tap(src - 2, stride); /* columns -2 .. 5 */
    int x = 0;
    for (; x < width - 8; x += 8) {
        const int16x8_t next = vertical_tap(src + x + 6, stride); /* x+6 .. x+13 */
        hpel_step(h + x, v + x, j + x, src + x, a, next);
        a = next;
    }
    const int16x8_t b = vertical_tap(src + x + 3, stride); /* columns x+3 .. x+10 */
    hpel_step(h + x, v + x, j + x, src + x, a, vextq_s16(b, b, 3));
}

void rth264_hpel_filter_neon(uint8_t *h, uint8_t *v, uint8_t *j, const uint8_t *src,
                             ptrdiff_t stride, int width, int height)
{
    for (int y = 0; y < height; y++) {
        hpel_row_neon(h, v, j, src, stride, width);
        h += stride;
        v += stride;
        j += stride;
        src += stride;
    }
}

/* Clip1((a - 5 (b + e) + 20 (c + d) + f + 16) >> 5) of 16 lanes (wrapping
 * 16-bit arithmetic as in tap6_u8, then a rounding narrowing shift). */
static inline uint8x16_t tap6_round_q(uint8x16_t a, uint8x16_t b, uint8x16_t c, uint8x16_t d,
                                      uint8x16_t e, uint8x16_t f)
{
    uint16x8_t lo = vaddl_u8(vget_low_u8(a), vget_low_u8(f));
    uint16x8_t hi = vaddl_high_u8(a, f);
    lo = vmlaq_n_u16(lo, vaddl_u8(vget_low_u8(c), vget_low_u8(d)), 20);
    hi = vmlaq_n_u16(hi, vaddl_high_u8(c, d), 20);
    lo = vmlsq_n_u16(lo, vaddl_u8(vget_low_u8(b), vget_low_u8(e)), 5);
    hi = vmlsq_n_u16(hi, vaddl_high_u8(b, e), 5);
    return vcombine_u8(vqrshrun_n_s16(vreinterpretq_s16_u16(lo), 5),
                       vqrshrun_n_s16(vreinterpretq_s16_u16(hi), 5));
}

/* h and v only (hpel_filter_hv): 16 columns per step straight from the
 * samples, rows y-2 .. y+3 for v and columns x-2 .. x+3 of row y for h. */
void rth264_hpel_filter_hv_neon(uint8_t *h, uint8_t *v, const uint8_t *src, ptrdiff_t stride,
                                int width, int height)
{
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x += 16) {
            const uint8_t *s = src + x;
            vst1q_u8(h + x, tap6_round_q(vld1q_u8(s - 2), vld1q_u8(s - 1), vld1q_u8(s),
                                         vld1q_u8(s + 1), vld1q_u8(s + 2), vld1q_u8(s + 3)));
            vst1q_u8(v + x, tap6_round_q(vld1q_u8(s - 2 * stride), vld1q_u8(s - stride),
                                         vld1q_u8(s), vld1q_u8(s + stride),
                                         vld1q_u8(s + 2 * stride), vld1q_u8(s + 3 * stride)));
        }
        h += stride;
        v += stride;
        src += stride;
    }
}

/* The 16x16 multi-block SADs below keep one 16-bit accumulator of eight
 * lanes per score (16 rows x 2 x 255 fits). */
static inline void zero_sums(uint16x8_t acc[8])
{
    for (int k = 0; k < 8; k++)
        acc[k] = vdupq_n_u16(0);
}

/* acc + the absolute differences of the 16 bytes of s and b, two per lane */
static inline uint16x8_t sad_accumulate(uint16x8_t acc, uint8x16_t s, uint8x16_t b)
{
    acc = vabal_u8(acc, vget_low_u8(s), vget_low_u8(b));
    return vabal_high_u8(acc, s, b);
}

static inline void store_sums(const uint16x8_t acc[8], int scores[8])
{
    for (int k = 0; k < 8; k++)
        scores[k] = (int)vaddlvq_u16(acc[k]);
}

/* sad_qring_16x16 (common/halfpel.h): the five blocks loaded once per row,
 * eight rounded averages against one src row, one accumulator per pair. */
void rth264_sad_qring_16x16_neon(const uint8_t *src, ptrdiff_t src_stride,
                                 const uint8_t *const blk[5], ptrdiff_t ref_stride,
                                 int scores[8])
{
    uint16x8_t acc[8];
    zero_sums(acc);
    for (int y = 0; y < 16; y++) {
        const uint8x16_t s = vld1q_u8(src + y * src_stride);
        const ptrdiff_t o = y * ref_stride;
        const uint8x16_t c = vld1q_u8(blk[0] + o), u = vld1q_u8(blk[1] + o);
        const uint8x16_t l = vld1q_u8(blk[2] + o), r = vld1q_u8(blk[3] + o);
        const uint8x16_t d = vld1q_u8(blk[4] + o);
        const uint8x16_t avg[8] = { vrhaddq_u8(c, u), vrhaddq_u8(c, l), vrhaddq_u8(c, r),
                                    vrhaddq_u8(c, d), vrhaddq_u8(u, l), vrhaddq_u8(u, r),
                                    vrhaddq_u8(l, d), vrhaddq_u8(r, d) };
        for (int k = 0; k < 8; k++)
            acc[k] = sad_accumulate(acc[k], s, avg[k]);
    }
    store_sums(acc, scores);
}

/* sad_avg2_shared_x8_16x16 (common/halfpel.h): blk[0] loaded once per row,
 * averaged with each of the eight others. */
void rth264_sad_avg2_shared_x8_16x16_neon(const uint8_t *src, ptrdiff_t src_stride,
                                          const uint8_t *const blk[9], ptrdiff_t ref_stride,
                                          int scores[8])
{
    uint16x8_t acc[8];
    zero_sums(acc);
    for (int y = 0; y < 16; y++) {
        const uint8x16_t s = vld1q_u8(src + y * src_stride);
        const ptrdiff_t o = y * ref_stride;
        const uint8x16_t c = vld1q_u8(blk[0] + o);
        for (int k = 0; k < 8; k++) {
            const uint8x16_t avg = vrhaddq_u8(c, vld1q_u8(blk[1 + k] + o));
            acc[k] = sad_accumulate(acc[k], s, avg);
        }
    }
    store_sums(acc, scores);
}

/* sad_x8_16x16 (common/halfpel.h): one src row load for eight blocks. */
void rth264_sad_x8_16x16_neon(const uint8_t *src, ptrdiff_t src_stride,
                              const uint8_t *const ref[8], ptrdiff_t ref_stride, int scores[8])
{
    uint16x8_t acc[8];
    zero_sums(acc);
    for (int y = 0; y < 16; y++) {
        const uint8x16_t s = vld1q_u8(src + y * src_stride);
        const ptrdiff_t o = y * ref_stride;
        for (int k = 0; k < 8; k++)
            acc[k] = sad_accumulate(acc[k], s, vld1q_u8(ref[k] + o));
    }
    store_sums(acc, scores);
}
