/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "encoder/encoder.h"

/*
 * One global motion vector per P picture, for scrolled screen content, and
 * the share of unchanged macroblocks for the rate control.
 *
 * Text has a local SAD minimum at every line pitch, so a hexagon search that
 * starts from neighbour and temporal vectors rarely finds a scroll of tens
 * of lines: a scrolled page is coded as if it were new. Here the rows and
 * columns of each input are summed into 1-D profiles; the shifts that match
 * the last input's profiles best (coarse on smoothed profiles, then exact) are
 * checked with a 16x16 SAD against refs[0] on a grid of macroblocks, and the
 * winner, if it clearly beats zero motion, becomes an extra motion search
 * candidate for every macroblock and lowers the complexity the rate control
 * plans with.
 */

#define GM_TOP 3           /* profile minima verified per direction */
#define GM_COARSE 4        /* samples per coarse profile entry */
#define GM_MIN_OVERLAP 2   /* a shift must keep 1/GM_MIN_OVERLAP of the profile */
#define GM_PART_MB_ROWS 32 /* MB rows per 16-bit partial column sum (8 rows each) */
#define GM_DIFF_CHUNK 64   /* profile differences per 32-bit partial sum and bound check */
/* Camera pictures have almost no macroblock that is exactly unchanged
 * (the 720p natural clip: at most 4%; the screen clip: 24% while scrolling,
 * 99% otherwise) and the search finds a sample or two of shake or pan
 * there. So the whole range (hundreds of lines) is searched in the picture
 * after one with screen content (a static share of GM_SCREEN_SHARE or a
 * shift beyond GM_NEAR / 2) and then every GM_PROBE-th picture, and only
 * shifts up to GM_NEAR in the others. */
#define GM_SCREEN_SHARE 0.125
#define GM_PROBE 8
#define GM_NEAR 16

typedef struct GmShift {
    int d;
    uint64_t cost;
} GmShift;

/* Sums of four rows of n samples (out[0..3]), stride apart. Written as
 * sums of absolute differences to a row of zeros (zero[], n entries, not
 * known to the compiler) because compilers turn that idiom into the packed
 * SAD instruction, 16 samples in one step (a plain sum is widened lane by
 * lane); four rows a pass share the loads of zero[] and the loop. */
static void row_sums4(const uint8_t *row, ptrdiff_t stride, const uint8_t *zero, int n,
                      uint32_t out[4])
{
    const uint8_t *r0 = row, *r1 = row + stride, *r2 = row + 2 * stride, *r3 = row + 3 * stride;
    uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int x = 0; x < n; x++) {
        s0 += (uint32_t)abs(r0[x] - zero[x]);
        s1 += (uint32_t)abs(r1[x] - zero[x]);
        s2 += (uint32_t)abs(r2[x] - zero[x]);
        s3 += (uint32_t)abs(r3[x] - zero[x]);
    }
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
    out[3] = s3;
}

typedef uint8_t GmBytes __attribute__((vector_size(16)));
typedef uint16_t GmWords __attribute__((vector_size(16)));
/* __builtin_shufflevector: clang and GCC >= 12 (GCC's __builtin_shuffle is
 * unknown to clang, which builds the fuzzers). */

/* The low (high) 8 bytes of v as words. */
static inline GmWords bytes_lo(GmBytes v)
{
    const GmBytes z = { 0 };
    return (GmWords)__builtin_shufflevector(v, z, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22,
                                            7, 23);
}

static inline GmWords bytes_hi(GmBytes v)
{
    const GmBytes z = { 0 };
    return (GmWords)__builtin_shufflevector(v, z, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14,
                                            30, 15, 31);
}

/* Column sums of the 8 even rows of an MB row (stride apart) over 16
 * columns at p, added to the 16-bit partial sums part[0..15] (at most
 * GM_PART_MB_ROWS MB rows, 8 * 255 each, before gm_flush_columns). */
static inline void column_part16(const uint8_t *p, ptrdiff_t stride, uint16_t *part)
{
    GmWords s0, s1;
    memcpy(&s0, part, sizeof(s0));
    memcpy(&s1, part + 8, sizeof(s1));
    for (int y = 0; y < 16; y += 2) {
        GmBytes v;
        memcpy(&v, p + y * stride, sizeof(v));
        s0 += bytes_lo(v);
        s1 += bytes_hi(v);
    }
    memcpy(part, &s0, sizeof(s0));
    memcpy(part + 8, &s1, sizeof(s1));
}

/* Where the input profiles of this picture go: row sums (ch entries),
 * column sums over the even rows (cw), and in the scratch behind them a
 * row of cw zero bytes for row_sums4 and the cw 16-bit partial column
 * sums (3 * cw bytes of the 8 * (cw + ch) there). */
typedef struct GmProfileArea {
    uint32_t *rows, *cols;
    uint8_t *zero;
    uint16_t *part;
} GmProfileArea;

static GmProfileArea profile_area(const Rth264Encoder *enc)
{
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    GmProfileArea a;
    a.rows = enc->gm_prof + cw + ch;
    a.cols = a.rows + ch;
    a.zero = (uint8_t *)(a.cols + cw);
    a.part = (uint16_t *)(a.zero + cw);
    return a;
}

static void flush_columns(const GmProfileArea *a, int cw)
{
    for (int x = 0; x < cw; x++) {
        a->cols[x] += a->part[x];
        a->part[x] = 0;
    }
}

void rth264_enc_gm_rows(Rth264Encoder *enc, int mb_y)
{
    if (!enc->gm_prof || !enc->gm_take)
        return;
    const int cw = enc->mb_w * 16;
    const ptrdiff_t stride = enc->fenc->stride[0];
    const uint8_t *p = enc->fenc->data[0] + mb_y * 16 * stride;
    const GmProfileArea a = profile_area(enc);
    for (int y = 0; y < 16; y += 4)
        row_sums4(p + y * stride, stride, a.zero, cw, a.rows + mb_y * 16 + y);
    for (int x = 0; x < cw; x += 16) /* cw is a multiple of 16 */
        column_part16(p + x, stride, a.part + x);
    /* Rows come bottom-up (frame.c estimate_complexity): a group of
     * GM_PART_MB_ROWS rows ends with its first. */
    if (mb_y % GM_PART_MB_ROWS == 0)
        flush_columns(&a, cw);
}

/* Inserts (d, cost) into the GM_TOP best, kept sorted by cost. */
static void keep_best(GmShift best[GM_TOP], int d, uint64_t cost)
{
    int k = GM_TOP - 1;
    if (cost >= best[k].cost)
        return;
    for (int i = 0; i < GM_TOP; i++)
        if (best[i].d == d && best[i].cost != UINT64_MAX)
            return; /* already kept (fine search around two coarse minima) */
    while (k > 0 && best[k - 1].cost > cost) {
        best[k] = best[k - 1];
        k--;
    }
    best[k] = (GmShift){ d, cost };
}

/* Sum of |a[k] - b[k]| over n entries, in 32-bit partial sums of
 * GM_DIFF_CHUNK entries the compiler vectorises: profile entries are at
 * most 4 * 255 * 8192 < 2^24 (a smoothed row sum; api.c caps width and
 * height at 8192), so GM_DIFF_CHUNK of them cannot overflow. UINT64_MAX
 * as soon as the sum scaled by 256 reaches 'bound' (the shift is rejected
 * then whatever the rest adds). */
static uint64_t abs_diff_sum(const uint32_t *a, const uint32_t *b, int n, uint64_t bound)
{
    uint64_t sum = 0;
    for (int k0 = 0; k0 < n; k0 += GM_DIFF_CHUNK) {
        const int end = k0 + GM_DIFF_CHUNK < n ? k0 + GM_DIFF_CHUNK : n;
        uint32_t part = 0;
        for (int k = k0; k < end; k++)
            part += (uint32_t)abs((int)a[k] - (int)b[k]);
        sum += part;
        if (sum << 8 >= bound)
            return UINT64_MAX;
    }
    return sum;
}

/* Mean absolute difference (scaled by 256) of cur[i] and ref[i + d] over
 * every 'step'-th i of their overlap (from its start); UINT64_MAX when it
 * is too short or cannot end below 'limit' (keep_best's worst kept cost,
 * which rejects such a shift anyway). With step > 1, cur and ref are
 * stored by phase (see box_filter): entry i at (i % step) * q + i / step,
 * q = ceil(n / step), so that the entries compared are contiguous. */
static uint64_t profile_cost(const uint32_t *cur, const uint32_t *ref, int n, int d, int step,
                             uint64_t limit)
{
    const int lo = d < 0 ? -d : 0, hi = d > 0 ? n - d : n;
    if (hi - lo < n / GM_MIN_OVERLAP)
        return UINT64_MAX;
    const int q = (n + step - 1) / step, count = (hi - lo + step - 1) / step;
    const uint32_t *c = cur + lo % step * q + lo / step;
    const uint32_t *r = ref + (lo + d) % step * q + (lo + d) / step;
    /* (sum << 8) / count >= limit once sum << 8 >= limit * count (no
     * overflow: limit < 2^45, count <= 8192) */
    const uint64_t bound = limit == UINT64_MAX ? UINT64_MAX : limit * (uint64_t)count;
    const uint64_t sum = abs_diff_sum(c, r, count, bound);
    return sum == UINT64_MAX ? UINT64_MAX : (sum << 8) / (uint64_t)count;
}

/* Sum of GM_COARSE consecutive entries from each position (the last ones
 * repeat the final full window): a smoothed profile that can be compared
 * at every GM_COARSE-th position without aliasing. Stored by phase for
 * profile_cost: entry i at (i % GM_COARSE) * q + i / GM_COARSE,
 * q = ceil(n / GM_COARSE) (GM_COARSE * q entries). */
static void box_filter(const uint32_t *p, int n, uint32_t *out)
{
    const int q = (n + GM_COARSE - 1) / GM_COARSE;
    uint32_t s = 0;
    for (int i = 0; i < GM_COARSE && i < n; i++)
        s += p[i];
    for (int i = 0; i < n; i++) {
        out[i % GM_COARSE * q + i / GM_COARSE] = s;
        if (i + GM_COARSE < n)
            s += p[i + GM_COARSE] - p[i];
    }
}

/* The GM_TOP shifts d in [-range, range], d != 0, with cur[i] ~ ref[i + d]
 * best: every shift on the smoothed profiles at every GM_COARSE-th
 * position (a 1-sample misfit of text columns costs as much as a random
 * shift, so the shifts themselves are not subsampled), then the exact
 * profiles at and around the best ones.
 * tmp: 2 * n entries (n rounded up to a multiple of GM_COARSE). */
static void match_profiles(const uint32_t *cur, const uint32_t *ref, int n, int range,
                           uint32_t *tmp, GmShift best[GM_TOP])
{
    GmShift coarse[GM_TOP];
    for (int k = 0; k < GM_TOP; k++)
        best[k] = coarse[k] = (GmShift){ 0, UINT64_MAX };
    const int m = (n + GM_COARSE - 1) / GM_COARSE * GM_COARSE;
    box_filter(cur, n, tmp);
    box_filter(ref, n, tmp + m);
    for (int d = -range; d <= range; d++)
        if (d)
            keep_best(coarse, d,
                      profile_cost(tmp, tmp + m, n, d, GM_COARSE, coarse[GM_TOP - 1].cost));
    for (int k = 0; k < GM_TOP && coarse[k].cost != UINT64_MAX; k++)
        for (int d = coarse[k].d - 1; d <= coarse[k].d + 1; d++)
            if (d && d >= -range && d <= range)
                keep_best(best, d, profile_cost(cur, ref, n, d, 1, best[GM_TOP - 1].cost));
}

/* Mean 16x16 SAD per macroblock (scaled by 256) at full-sample shift
 * (dx, dy) over the MBs on a grid of 'step' whose shifted block lies
 * inside the picture. UINT64_MAX when too few MBs qualify, or as soon as
 * the mean cannot end below 'limit' (the best so far). At zero shift the
 * SADs are frame.c's (gm_sad0). */
static uint64_t grid_sad(const Rth264Encoder *enc, int dx, int dy, int step, uint64_t limit)
{
    const Rth264Frame *r = enc->refs[0];
    const ptrdiff_t ss = enc->fenc->stride[0], rs = r->stride[0];
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    int count = 0, total = 0;
    for (int my = 0; my < enc->mb_h; my += step)
        for (int mx = (my / step) % 2 * (step / 2); mx < enc->mb_w; mx += step) {
            const int x = mx * 16 + dx, y = my * 16 + dy;
            total++;
            count += x >= 0 && y >= 0 && x + 16 <= cw && y + 16 <= ch;
        }
    if (count == 0 || count * 4 < total)
        return UINT64_MAX;
    /* sum * 256 / count >= limit once sum * 256 >= limit * count */
    const uint64_t bound = limit == UINT64_MAX ? UINT64_MAX : limit * (uint64_t)count;
    uint64_t sum = 0;
    for (int my = 0; my < enc->mb_h; my += step)
        for (int mx = (my / step) % 2 * (step / 2); mx < enc->mb_w; mx += step) {
            const int x = mx * 16 + dx, y = my * 16 + dy;
            if (x < 0 || y < 0 || x + 16 > cw || y + 16 > ch)
                continue;
            sum += dx == 0 && dy == 0 ? enc->gm_sad0[my * enc->mb_w + mx]
                                      : (uint64_t)enc->pix.sad[RTH264_PIXEL_16x16](
                                            enc->fenc->data[0] + my * 16 * ss + mx * 16, ss,
                                            r->data[0] + y * rs + x, rs);
            if (sum << 8 >= bound)
                return UINT64_MAX;
        }
    return (sum << 8) / (uint64_t)count;
}

/* Lowers each MB's complexity (frame.c's estimate) where the global
 * vector predicts it better than zero motion; returns the new total. Adds
 * the MBs it predicts at least twice as well as zero motion to
 * enc->rc.moved_share (the rest of a scrolled picture is new content). */
static double refine_complexity(Rth264Encoder *enc, double cplx)
{
    const Rth264SadFn sad16 = enc->pix.sad[RTH264_PIXEL_16x16];
    int moved = 0;
    const Rth264Frame *r = enc->refs[0];
    const ptrdiff_t ss = enc->fenc->stride[0], rs = r->stride[0];
    const int dx = enc->gm_mv[0] / 4, dy = enc->gm_mv[1] / 4;
    const int pad = RTH264_FRAME_PAD_LUMA;
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    /* the MBs whose shifted block stays within the padding: columns
     * mx0 <= mx < mx1 of rows my0 <= my < my1 */
    const int mx0 = dx < -pad ? (-pad - dx + 15) / 16 : 0;
    const int my0 = dy < -pad ? (-pad - dy + 15) / 16 : 0;
    int mx1 = (cw + pad - 16 - dx) / 16 + 1, my1 = (ch + pad - 16 - dy) / 16 + 1;
    mx1 = cw + pad - 16 - dx < 0 ? 0 : mx1 < enc->mb_w ? mx1 : enc->mb_w;
    my1 = ch + pad - 16 - dy < 0 ? 0 : my1 < enc->mb_h ? my1 : enc->mb_h;
    for (int my = my0; my < my1; my++) {
        const uint8_t *src = enc->fenc->data[0] + my * 16 * ss;
        const uint8_t *ref = r->data[0] + (my * 16 + dy) * rs + dx;
        uint32_t *cost = &enc->mb_cost[my * enc->mb_w];
        const uint32_t *sad0 = &enc->gm_sad0[my * enc->mb_w];
        for (int mx = mx0; mx < mx1; mx++) {
            const uint32_t sad = (uint32_t)sad16(src + 16 * mx, ss, ref + 16 * mx, rs);
            moved += 2 * sad < sad0[mx];
            if (sad + 32 < cost[mx]) {
                cplx -= cost[mx] - (sad + 32);
                cost[mx] = sad + 32;
            }
        }
    }
    enc->rc.moved_share += (double)moved / enc->mb_count;
    return cplx;
}

/* Per-input state in one allocation (freed with gm_sig): MB signatures of
 * the last input, variances and zero-motion SADs of this one, then the row
 * and column profiles of the last and of this input, then scratch for the
 * smoothed profiles. Returns 1 when the last input's data is there (and
 * frame.c filled gm_var and gm_sad0 for this one), 0 after the allocation,
 * -1 without memory. */
static int prepare_state(Rth264Encoder *enc)
{
    if (enc->gm_sig && enc->gm_sig_count == enc->mb_count)
        return 1;
    const size_t cw = (size_t)enc->mb_w * 16, ch = (size_t)enc->mb_h * 16;
    const size_t mbs = (size_t)enc->mb_count;
    free(enc->gm_sig);
    enc->gm_sig = malloc(sizeof(*enc->gm_sig) * 2 * mbs + sizeof(*enc->gm_sad0) * mbs +
                         sizeof(*enc->gm_prof) * 4 * (cw + ch));
    enc->gm_sig_count = enc->gm_sig ? enc->mb_count : 0;
    enc->gm_var = enc->gm_sig ? enc->gm_sig + mbs : NULL;
    enc->gm_sad0 = enc->gm_sig ? (uint32_t *)(enc->gm_var + mbs) : NULL;
    enc->gm_prof = enc->gm_sig ? enc->gm_sad0 + mbs : NULL;
    return enc->gm_sig ? 0 : -1;
}

/* Share of macroblocks whose input is unchanged since the last picture
 * (same 16x16 sum and sum of squares), into enc->rc.static_share. The
 * signatures are frame.c's (gm_var). */
static void measure_static(Rth264Encoder *enc, int have_prev)
{
    int same = 0;
    for (int i = 0; i < enc->mb_count; i++)
        same += have_prev && enc->gm_var[i] == enc->gm_sig[i];
    memcpy(enc->gm_sig, enc->gm_var, sizeof(*enc->gm_sig) * (size_t)enc->mb_count);
    enc->rc.static_share = (double)same / enc->mb_count;
    enc->rc.moved_share = enc->rc.static_share;
}

/* The shift of this input against the last that refs[0] confirms best;
 * 0 when none clearly beats zero motion. */
static int find_shift(Rth264Encoder *enc, const uint32_t *prev, const uint32_t *cur,
                      uint32_t *tmp, int wide, int *bx, int *by)
{
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    GmShift rows[GM_TOP], cols[GM_TOP];
    /* Vertical range: the level's limit (Table A-1 MaxVmvR), in samples. */
    int vrange = enc->max_vmv / 4 - 1;
    if (vrange > ch / 2)
        vrange = ch / 2;
    int hrange = cw / 4 < 512 ? cw / 4 : 512;
    if (!wide) {
        vrange = vrange < GM_NEAR ? vrange : GM_NEAR;
        hrange = hrange < GM_NEAR ? hrange : GM_NEAR;
    }
    match_profiles(cur, prev, ch, vrange, tmp, rows);
    match_profiles(cur + ch, prev + ch, cw, hrange, tmp, cols);
    const int step = enc->mb_count >= 1600 ? 4 : 2; /* a few hundred MBs suffice */
    const uint64_t zero = grid_sad(enc, 0, 0, step, UINT64_MAX);
    uint64_t best = zero;
    *bx = *by = 0;
    for (int k = 0; k < 2 * GM_TOP + 1; k++) {
        const int dx = k < GM_TOP ? 0 : k < 2 * GM_TOP ? cols[k - GM_TOP].d : cols[0].d;
        const int dy = k < GM_TOP ? rows[k].d : k < 2 * GM_TOP ? 0 : rows[0].d;
        if (dx == 0 && dy == 0)
            continue;
        const uint64_t c = grid_sad(enc, dx, dy, step, best);
        if (c < best) {
            best = c;
            *bx = dx;
            *by = dy;
        }
    }
    /* Only a shift that clearly explains the picture better than no motion:
     * a near tie is noise, and zero motion is searched anyway. */
    return (*bx || *by) && best < zero - zero / 4;
}

/* Whether to look for a shift at all. At speeds 5-10 (gm_lazy) the
 * search, the bigger half of this pass, runs only while a scroll or pan
 * goes on, on screen content and on every GM_PROBE / 2-th picture that
 * starts one: the profiles and static share stay exact every picture. */
static int worth_searching(const Rth264Encoder *enc, int found_last)
{
    return !enc->gm_lazy || found_last || enc->rc.static_share >= GM_SCREEN_SHARE ||
           enc->gm_idle % (GM_PROBE / 2) == 0;
}

/* Whether this input's profiles can be of use: to its own search or the
 * next input's (see worth_searching). This input's static share is known
 * only after the pass that takes the profiles: the last one's stands in
 * for it at half the threshold, so a sudden switch to screen content (not
 * in the test clips) is searched from the second input on. */
static int profiles_needed(const Rth264Encoder *enc)
{
    const int probe = GM_PROBE / 2;
    return !enc->gm_lazy || enc->is_idr || enc->gm_valid || enc->gm_idle % probe == 0 ||
           enc->gm_idle % probe == probe - 1 || enc->rc.static_share >= GM_SCREEN_SHARE / 2;
}

int rth264_enc_gm_begin(Rth264Encoder *enc)
{
    const int have_prev = prepare_state(enc);
    enc->gm_take = have_prev >= 0 && profiles_needed(enc);
    if (!enc->gm_take)
        return have_prev;
    const int cw = enc->mb_w * 16;
    const GmProfileArea a = profile_area(enc);
    memset(a.cols, 0, sizeof(*a.cols) * (size_t)cw);
    memset(a.zero, 0, (size_t)cw);
    memset(a.part, 0, sizeof(*a.part) * (size_t)cw);
    return have_prev;
}

double rth264_enc_global_motion(Rth264Encoder *enc, double cplx, int have_prev)
{
    const int found_last = enc->gm_valid;
    enc->gm_mv[0] = enc->gm_mv[1] = 0;
    enc->gm_valid = 0;
    enc->rc.static_share = enc->rc.moved_share = 0;
    if (have_prev < 0)
        return cplx;
    const int cw = enc->mb_w * 16, ch = enc->mb_h * 16;
    uint32_t *prev = enc->gm_prof, *cur = prev + cw + ch, *tmp = cur + cw + ch;
    measure_static(enc, have_prev);
    int bx = 0, by = 0;
    const int found = have_prev && enc->gm_prof_ok && enc->gm_take && !enc->is_idr &&
                      enc->num_refs && enc->mb_w >= 4 &&
                      enc->mb_h >= 4 && enc->rc.static_share < 1.0 &&
                      worth_searching(enc, found_last) &&
                      find_shift(enc, prev, cur, tmp, enc->gm_idle % GM_PROBE == 0, &bx, &by);
    if (enc->gm_take)
        memcpy(prev, cur, sizeof(*cur) * (size_t)(cw + ch));
    enc->gm_prof_ok = enc->gm_take;
    const int screen = !have_prev || enc->is_idr || enc->rc.static_share >= GM_SCREEN_SHARE ||
                       (found && (2 * abs(bx) > GM_NEAR || 2 * abs(by) > GM_NEAR));
    enc->gm_idle = screen ? 0 : enc->gm_idle + 1;
    if (!found)
        return cplx;
    enc->gm_mv[0] = (int16_t)(4 * bx);
    enc->gm_mv[1] = (int16_t)(4 * by);
    enc->gm_valid = 1;
    /* At speeds 5-10 (gm_lazy) a shift of a sample or two (camera
     * shake) leaves the complexity as it was: the pass over the picture
     * at the shift is a full read of source and reference. 0.9% fewer
     * instructions at speed 10, natural BD-rate -6.1% -> -5.9%, screen
     * unchanged (its scrolls are longer). */
    if (enc->gm_lazy && abs(bx) <= 2 && abs(by) <= 2)
        return cplx;
    return refine_complexity(enc, cplx);
}
