/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Global motion (globalmotion.c) on a generated text-like page: lines of
 * "glyphs" at a fixed pitch, so every multiple of the pitch is a local SAD
 * minimum. After an IDR of the page, the next input is the page scrolled
 * (or panned) by a known amount: the estimate must be exactly that vector,
 * the P frame must be much smaller than the IDR (the encoder uses it), an
 * unchanged input must count as static and unrelated content must give no
 * vector. On camera-like (noisy) pictures a slow pan must be found in
 * every picture and a fast scroll within the probe period.
 *
 * Rate control of a static picture (ratecontrol.c, static share from
 * globalmotion.c): the same page for 3 s at a low CBR rate must be refined
 * in a few big frames (the reconstruction ends far better than the IDR,
 * most frames nearly empty) while the rate stays within what the buffer
 * allows; with intra refresh (no refinement: every column is recoded each
 * period anyway) the forced intra columns must not push the rate over it.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"
#include "encoder/encoder.h"

#include "../check.h"

#define W 320
#define H 240
#define PITCH 12  /* text line pitch: a false match every 12 lines */


static uint32_t hash2(uint32_t a, uint32_t b)
{
    uint32_t h = a * 0x9e3779b1u ^ (b + 0x7f4a7c15u) * 0x85ebca6bu;
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    return h ^ (h >> 13);
}

/* Luma of a page at page coordinates (x, y): dark glyph strokes on white,
 * 8 of each 12 lines inked, glyph cells 7 samples wide; 'seed' picks the
 * page (a different seed is unrelated content). */
static uint8_t page(int x, int y, uint32_t seed)
{
    const int line = y / PITCH, row = y % PITCH, cell = x / 7, col = x % 7;
    if (x < 0 || y < 0 || row >= 8 || col >= 6)
        return 235;
    const uint32_t g = hash2(hash2((uint32_t)line, (uint32_t)cell), seed);
    if ((g & 7) == 0) /* word gap */
        return 235;
    const int bit = (row * 6 + col) % 24;
    return (g >> (bit + 8 > 31 ? 31 : bit + 8)) & 1 ? 20 : 235;
}

typedef struct Frame {
    uint8_t y[W * H], u[W * H / 4], v[W * H / 4];
    Rth264Picture pic;
} Frame;

/* The page shifted so that picture (x, y) shows page (x + dx, y + dy). */
static void make_frame(Frame *f, int dx, int dy, uint32_t seed)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            f->y[y * W + x] = page(x + dx, y + dy, seed);
    memset(f->u, 128, sizeof(f->u));
    memset(f->v, 128, sizeof(f->v));
    memset(&f->pic, 0, sizeof(f->pic));
    f->pic.data[0] = f->y;
    f->pic.data[1] = f->u;
    f->pic.data[2] = f->v;
    f->pic.stride[0] = W;
    f->pic.stride[1] = f->pic.stride[2] = W / 2;
    f->pic.width = W;
    f->pic.height = H;
}

static Rth264Encoder *open_encoder_with(int bitrate, int intra_refresh)
{
    Rth264EncoderSettings s;
    rth264_encoder_default_settings(&s);
    s.width = W;
    s.height = H;
    s.fps_num = 25;
    s.fps_den = 1;
    if (bitrate) {
        s.rc_mode = RTH264_RC_CBR;
        s.bitrate = bitrate;
        s.intra_refresh = intra_refresh;
    } else {
        s.rc_mode = RTH264_RC_CQP;
        s.qp = 20;
    }
    Rth264Encoder *enc = NULL;
    const char *msg = NULL;
    if (rth264_encoder_open(&enc, &s, &msg) < 0) {
        printf("FAIL: encoder open: %s\n", msg ? msg : "?");
        failures++;
        return NULL;
    }
    return enc;
}

static Rth264Encoder *open_encoder(void)
{
    return open_encoder_with(0, 0);
}

static size_t encode(Rth264Encoder *enc, Frame *f)
{
    Rth264EncodedFrame out;
    if (rth264_encoder_encode(enc, &f->pic, &out) < 0) {
        printf("FAIL: encode\n");
        failures++;
        return 0;
    }
    return out.size;
}

/* IDR of the page, then the page moved by (dx, dy): checks the estimate the
 * encoder made for that P frame and its size against the IDR's. */
static void check_shift(int dx, int dy)
{
    static Frame a, b;
    Rth264Encoder *enc = open_encoder();
    if (!enc)
        return;
    make_frame(&a, 0, 0, 1);
    make_frame(&b, dx, dy, 1);
    const size_t idr = encode(enc, &a);
    const size_t p = encode(enc, &b);
    const int mvx = enc->gm_mv[0], mvy = enc->gm_mv[1];
    EXPECT(enc->gm_valid && mvx == 4 * dx && mvy == 4 * dy,
           "shift (%d, %d): estimate valid %d (%d, %d) quarter samples", dx, dy, enc->gm_valid,
           mvx, mvy);
    EXPECT(p * 100 < idr * 45, "shift (%d, %d): P frame %zu bytes vs IDR %zu", dx, dy, p, idr);
    EXPECT(enc->rc.static_share < 0.5, "shift (%d, %d): static share %.2f", dx, dy,
           enc->rc.static_share);
    /* The same input again: static, no motion. */
    encode(enc, &b);
    EXPECT(enc->rc.static_share == 1.0, "repeat: static share %.2f", enc->rc.static_share);
    EXPECT(!enc->gm_valid, "repeat: estimate (%d, %d)", enc->gm_mv[0], enc->gm_mv[1]);
    printf("shift (%3d, %3d): estimate (%d, %d) quarter samples, P %zu bytes, IDR %zu\n", dx,
           dy, mvx, mvy, p, idr);
    rth264_encoder_close(&enc);
}

/* The page with sensor-like noise (+-3, fresh in every picture): no
 * macroblock is ever unchanged, so globalmotion.c treats it as camera
 * video and searches only near zero except on probe pictures. */
static void make_noisy_frame(Frame *f, int dx, int dy, uint32_t n)
{
    make_frame(f, dx, dy, 1);
    for (int i = 0; i < W * H; i++) {
        const int v = f->y[i] + (int)(hash2((uint32_t)i, n) % 7) - 3;
        f->y[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

/* Camera-like pictures: a slow pan (2 samples a picture) must be found in
 * every picture; then a fast scroll (40 lines a picture, beyond the near
 * range) must be found within 8 pictures (the probe period) and, once
 * found, in every picture after. */
static void check_noisy_scroll(void)
{
    static Frame f;
    Rth264Encoder *enc = open_encoder();
    if (!enc)
        return;
    int x = 0, y = 0, pan_found = 0, first_fast = -1, fast_found = 0;
    for (int i = 0; i < 24; i++) {
        if (i > 0 && i <= 6)
            x += 2;
        else if (i > 6)
            y += 40;
        make_noisy_frame(&f, x, y, (uint32_t)i + 100);
        encode(enc, &f);
        const int hit = enc->gm_valid && enc->gm_mv[0] == 4 * (i > 6 ? 0 : 2) &&
                        enc->gm_mv[1] == 4 * (i > 6 ? 40 : 0);
        EXPECT(i == 0 || enc->rc.static_share < 0.05, "noisy %d: static share %.2f", i,
               enc->rc.static_share);
        pan_found += i > 0 && i <= 6 && hit;
        if (i > 6 && hit && first_fast < 0)
            first_fast = i;
        fast_found += i > 6 && hit;
    }
    printf("noisy page: pan found in %d of 6 pictures, fast scroll first found in picture "
           "%d, then in %d of %d\n", pan_found, first_fast, fast_found, 24 - first_fast);
    EXPECT(pan_found == 6, "noisy pan found in %d of 6 pictures", pan_found);
    EXPECT(first_fast > 6 && first_fast <= 6 + 8, "fast scroll first found in picture %d",
           first_fast);
    EXPECT(first_fast > 0 && fast_found == 24 - first_fast, "fast scroll found in %d of %d",
           fast_found, 24 - first_fast);
    rth264_encoder_close(&enc);
}

static void check_unrelated(void)
{
    static Frame a, b;
    Rth264Encoder *enc = open_encoder();
    if (!enc)
        return;
    make_frame(&a, 0, 0, 1);
    make_frame(&b, 0, 0, 2);
    encode(enc, &a);
    encode(enc, &b);
    EXPECT(!enc->gm_valid, "new page: estimate (%d, %d)", enc->gm_mv[0], enc->gm_mv[1]);
    rth264_encoder_close(&enc);
}

static double recon_psnr_y(Rth264Encoder *enc, const Frame *src)
{
    Rth264Picture rec;
    if (rth264_encoder_get_recon(enc, &rec) < 0)
        return 0;
    double sse = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            const int d = rec.data[0][y * rec.stride[0] + x] - src->y[y * W + x];
            sse += d * d;
        }
    return sse > 0 ? 10 * log10(255.0 * 255.0 * W * H / sse) : 100;
}

/* 75 frames (3 s) of one page at 'kbps'. */
static void check_static_rc(int kbps, int intra_refresh)
{
    static Frame a;
    Rth264Encoder *enc = open_encoder_with(kbps * 1000, intra_refresh);
    if (!enc)
        return;
    make_frame(&a, 0, 0, 1);
    const int frames = 75;
    const double avg = kbps * 1000.0 / 8 / 25;
    size_t total = 0;
    int small = 0;
    double first = 0, last = 0;
    for (int i = 0; i < frames; i++) {
        const size_t bytes = encode(enc, &a);
        total += bytes;
        small += i > 0 && bytes < avg / 4;
        if (i == 0)
            first = recon_psnr_y(enc, &a);
        last = recon_psnr_y(enc, &a);
    }
    const double rate = total * 8.0 / 1000 / (frames / 25.0);
    printf("static page %dk%s: %.1f kbit/s, PSNR-Y IDR %.2f -> last %.2f, %d of %d P frames "
           "under a quarter of the average\n", kbps, intra_refresh ? " intra-refresh" : "", rate,
           first, last, small, frames - 1);
    /* 3 s of rate plus the 300 ms buffer at most. */
    EXPECT(rate < kbps * 1.1 + 1, "static %dk: %.1f kbit/s", kbps, rate);
    if (!intra_refresh) {
        EXPECT(last > first + 20, "static %dk: PSNR-Y %.2f -> %.2f", kbps, first, last);
        EXPECT(small >= frames / 2, "static %dk: only %d nearly empty P frames", kbps, small);
    } else {
        EXPECT(last >= first, "static %dk: PSNR-Y %.2f -> %.2f", kbps, first, last);
    }
    rth264_encoder_close(&enc);
}

int main(void)
{
    check_shift(0, 37);    /* scroll down: content moves up */
    check_shift(0, -50);   /* scroll up */
    check_shift(0, 96);    /* a multiple of the line pitch */
    check_shift(23, 0);    /* horizontal pan */
    check_shift(-9, 24);   /* both */
    check_unrelated();
    check_noisy_scroll();
    check_static_rc(300, 0);
    check_static_rc(300, 1);
    return check_report("global motion");
}
