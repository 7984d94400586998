/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The half-sample planes are built lazily, a band of rows at a time, where a
 * search or a prediction reads them (encoder/hpel.h). A read of a band nobody built
 * would silently use samples of an older picture, which in static areas
 * are even right: so every stream is encoded twice, once as usual and once
 * with the planes filled with garbage at each picture (EncHpel.poison), and
 * the two streams must be identical byte for byte. The source pans by
 * fractions of a sample over a static band, with a block moving fast, so
 * that sub-sample vectors, P_Skip at fractional vectors, MBs near the
 * picture edges all occur; at every speed (partitions, no-J levels), with 4
 * references and at sizes off the MB grid. The laziness itself is checked
 * too: a still picture, all P_Skip once refined, builds no band at all.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"
#include "encoder/encoder.h"

#include "../check.h"
#include "source.h"

/* A smooth texture sampled at (x + dx, y + dy): sub-sample motion. */
static uint8_t texture(double x, double y)
{
    const double v = 128 + 50 * sin(x * 0.21 + 0.7 * sin(y * 0.05)) + 40 * cos(y * 0.17 - x * 0.03) +
                     20 * sin((x + y) * 0.45);
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* The upper half stays still (P_Skip at the zero vector: bands nobody
 * needs); the rest pans by (0.35, 0.2) samples a picture; a 20x20 block
 * moves 9 samples a picture. */
static void source_frame(Source *s, int n)
{
    const double dx = 0.35 * n, dy = 0.2 * n;
    for (int y = 0; y < s->h; y++) {
        const int still = y < s->h / 2;
        for (int x = 0; x < s->w; x++)
            s->pic.data[0][y * s->w + x] = still ? texture(x, y) : texture(x + dx, y + dy);
    }
    const int bx = (9 * n) % (s->w - 20), by = s->h / 2 + (5 * n) % (s->h / 2 - 20);
    for (int y = by; y < by + 20; y++)
        for (int x = bx; x < bx + 20; x++)
            s->pic.data[0][y * s->w + x] = (uint8_t)(30 + ((x - bx) ^ (y - by)) * 7);
    const int cw = (s->w + 1) / 2, ch = (s->h + 1) / 2;
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++) {
            s->pic.data[1][y * cw + x] = texture(2 * x + dx + 40, 2 * y + dy) / 2 + 64;
            s->pic.data[2][y * cw + x] = texture(2 * y + dy, 2 * x + dx + 17) / 2 + 64;
        }
    s->pic.pts = n;
}

typedef struct Case {
    int w, h, speed, refs, bitrate;
    int still; /* the same picture every time */
} Case;

static Rth264Encoder *open_case(const Case *c)
{
    Rth264EncoderSettings s;
    rth264_encoder_default_settings(&s);
    s.width = c->w;
    s.height = c->h;
    s.bitrate = c->bitrate;
    s.speed = c->speed;
    s.refs = c->refs;
    Rth264Encoder *enc = NULL;
    const char *msg = NULL;
    const int err = rth264_encoder_open(&enc, &s, &msg);
    EXPECT(err == 0 && enc, "open failed: %d %s", err, msg ? msg : "");
    return err == 0 ? enc : NULL;
}

/* Share of the tiles built, in per mille (-1: no planes). */
static int built_permille(const EncHpel *hp)
{
    if (!hp)
        return -1;
    const int n = hp->bands;
    int built = 0;
    for (int i = 0; i < n; i++)
        built += hp->built[i] != 0;
    return built * 1000 / n;
}

static void run_case(const Case *c, int frames)
{
    Rth264Encoder *plain = open_case(c), *poisoned = open_case(c);
    if (!plain || !poisoned)
        goto out;
    for (int i = 0; i <= ENC_MAX_REFS; i++)
        poisoned->hpel[i].poison = 1;
    Source src;
    source_init(&src, c->w, c->h);
    int first_diff = -1, min_built = 1000, max_built = -1;
    for (int n = 0; n < frames; n++) {
        source_frame(&src, c->still ? 0 : n);
        Rth264EncodedFrame a, b;
        const int ea = rth264_encoder_encode(plain, &src.pic, &a);
        if (ea < 0) {
            EXPECT(0, "encode failed: %d", ea);
            break;
        }
        /* a's buffer stays valid until plain's next call; the planes of
         * the picture's reference are not reset before the next picture */
        const EncHpel *ref = poisoned->ref_hpel[0];
        const int eb = rth264_encoder_encode(poisoned, &src.pic, &b);
        EXPECT(eb == ea, "encode results differ: %d %d", ea, eb);
        if (first_diff < 0 && (a.size != b.size || memcmp(a.data, b.data, a.size)))
            first_diff = n;
        const int pm = built_permille(ref);
        if (n > 0 && pm >= 0) {
            min_built = pm < min_built ? pm : min_built;
            max_built = pm > max_built ? pm : max_built;
        }
    }
    EXPECT(first_diff < 0, "%dx%d speed %d refs %d: poisoned half-sample planes change picture %d",
           c->w, c->h, c->speed, c->refs, first_diff);
    /* Moving content reads the planes; a still picture, once refined, is
     * all P_Skip at the zero vector and builds no band at all. */
    if (c->still)
        EXPECT(min_built == 0, "%dx%d speed %d, still picture: at least %d per mille of the bands "
               "built in every P picture, expected none in some", c->w, c->h, c->speed, min_built);
    else
        EXPECT(max_built > 0, "%dx%d speed %d: no band built", c->w, c->h, c->speed);
    printf("%dx%d speed %2d refs %d%s: streams identical, %d..%d per mille of the bands built\n",
           c->w, c->h, c->speed, c->refs, c->still ? " still" : "", min_built, max_built);
    free(src.buf);
out:
    rth264_encoder_close(&plain);
    rth264_encoder_close(&poisoned);
}

int main(void)
{
    for (int speed = 0; speed <= 10; speed++)
        run_case(&(Case){ 320, 192, speed, 1, 150000 }, 12);
    run_case(&(Case){ 176, 144, 5, 1, 150000 }, 12);
    run_case(&(Case){ 200, 120, 10, 1, 150000 }, 12); /* picture not on the MB grid */
    run_case(&(Case){ 320, 192, 5, 4, 150000 }, 16);  /* older references keep their tiles */
    run_case(&(Case){ 320, 192, 0, 4, 150000 }, 10);
    run_case(&(Case){ 320, 192, 5, 1, 150000, 1 }, 16);
    run_case(&(Case){ 320, 192, 10, 1, 150000, 1 }, 16);
    return check_report("half-sample plane bands");
}
