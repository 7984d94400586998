/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Public encoder API on a generated high-motion source (no external data):
 * settings validation, keyframe requests, live reconfiguration without IDR,
 * SPS/PPS before every IDR, slice size limits, headers, reconstruction and
 * rate control (per 1 s window) on hard content, recovery point SEI, VUI
 * aspect ratio and colour as ffprobe reads them (when ffprobe is installed).
 */
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rth264/rth264.h"

#include "../check.h"
#include "source.h"

/* Frame n of a textured pattern panning fast (accelerating) with moving
 * blocks: content that is expensive to code and moves every frame. */
static void source_frame(Source *s, int n)
{
    const int ox = n * 11 + n * n / 25, oy = n * 5;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            const int tx = x + ox, ty = y + oy;
            const unsigned cell = (unsigned)((tx >> 4) * 73856093u ^ (ty >> 4) * 19349663u);
            s->pic.data[0][y * s->w + x] = (uint8_t)(48 + (cell >> 7) % 160 + ((tx + ty) >> 4) % 16);
        }
    for (int b = 0; b < 5; b++) {
        const int bx = (n * (7 + 4 * b) + 61 * b) % (s->w - 24), by = (n * (3 + 2 * b) + 37 * b) % (s->h - 24);
        for (int y = by; y < by + 24; y++)
            memset(&s->pic.data[0][y * s->w + bx], 40 * b + 20, 24);
    }
    const int cw = (s->w + 1) / 2, ch = (s->h + 1) / 2;
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++) {
            s->pic.data[1][y * cw + x] = (uint8_t)(128 + ((x + ox / 2) >> 3) % 16);
            s->pic.data[2][y * cw + x] = (uint8_t)(120 + ((y + oy / 2) >> 3) % 16);
        }
    s->pic.pts = n;
}

static Rth264Encoder *open_encoder(int w, int h, int bitrate, void (*tweak)(Rth264EncoderSettings *))
{
    Rth264EncoderSettings s;
    rth264_encoder_default_settings(&s);
    s.width = w;
    s.height = h;
    s.bitrate = bitrate;
    if (tweak)
        tweak(&s);
    Rth264Encoder *enc = NULL;
    const char *msg = NULL;
    int err = rth264_encoder_open(&enc, &s, &msg);
    EXPECT(err == 0 && enc, "open failed: %d %s", err, msg ? msg : "");
    return enc;
}

static void test_bad_settings(void)
{
    static const struct { const char *what; int field_off; int value; } cases[] = {
        { "width", (int)offsetof(Rth264EncoderSettings, width), 8 },
        { "height", (int)offsetof(Rth264EncoderSettings, height), 0 },
        { "fps", (int)offsetof(Rth264EncoderSettings, fps_num), 0 },
        { "rc_mode", (int)offsetof(Rth264EncoderSettings, rc_mode), 7 },
        { "qp", (int)offsetof(Rth264EncoderSettings, qp), 52 },
        { "qp_min", (int)offsetof(Rth264EncoderSettings, qp_min), -1 },
        { "refs", (int)offsetof(Rth264EncoderSettings, refs), 5 },
        { "speed", (int)offsetof(Rth264EncoderSettings, speed), 11 },
        { "bitrate", (int)offsetof(Rth264EncoderSettings, bitrate), 10 },
        { "slice_mode", (int)offsetof(Rth264EncoderSettings, slice_mode), 9 },
        { "level", (int)offsetof(Rth264EncoderSettings, level_idc), 17 },
        { "sar_num", (int)offsetof(Rth264EncoderSettings, sar_num), 65536 },
        { "sar_den", (int)offsetof(Rth264EncoderSettings, sar_den), -1 },
        { "full_range", (int)offsetof(Rth264EncoderSettings, full_range), 2 },
        { "colour_primaries", (int)offsetof(Rth264EncoderSettings, colour_primaries), 256 },
        { "transfer", (int)offsetof(Rth264EncoderSettings, transfer_characteristics), -1 },
        { "matrix", (int)offsetof(Rth264EncoderSettings, matrix_coefficients), 300 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Rth264EncoderSettings s;
        rth264_encoder_default_settings(&s);
        s.width = 64;
        s.height = 64;
        *(int *)((char *)&s + cases[i].field_off) = cases[i].value;
        Rth264Encoder *enc = (Rth264Encoder *)&s; /* must be overwritten with NULL */
        const char *msg = NULL;
        const int err = rth264_encoder_open(&enc, &s, &msg);
        EXPECT(err == RTH264_ERR_INVAL, "%s: got %d", cases[i].what, err);
        EXPECT(msg && *msg, "%s: no message", cases[i].what);
        EXPECT(enc == NULL, "%s: handle not NULL", cases[i].what);
    }
    EXPECT(rth264_encoder_open(NULL, NULL, NULL) == RTH264_ERR_INVAL, "NULL args");
    Rth264Encoder *enc = open_encoder(64, 48, 200000, NULL);
    EXPECT(rth264_encoder_set_bitrate(enc, 0, 0) == RTH264_ERR_INVAL, "bitrate 0 accepted");
    EXPECT(rth264_encoder_set_framerate(enc, 0, 1) == RTH264_ERR_INVAL, "fps 0 accepted");
    EXPECT(rth264_encoder_set_qp_bounds(enc, 40, 20) == RTH264_ERR_INVAL, "qp bounds accepted");
    Source src;
    source_init(&src, 32, 32);
    Rth264EncodedFrame out;
    EXPECT(rth264_encoder_encode(enc, &src.pic, &out) == RTH264_ERR_INVAL, "wrong size accepted");
    free(src.buf);
    rth264_encoder_close(&enc);
    EXPECT(enc == NULL, "close must NULL the handle");
    rth264_encoder_close(&enc);
}

/* Walks the NAL list: every IDR slice run starts right after SPS and PPS. */
static int check_frame_nals(const Rth264EncodedFrame *f, int max_slice)
{
    int ok = 1;
    for (int i = 0; i < f->num_nals; i++) {
        const Rth264Nal *n = &f->nals[i];
        const uint8_t *p = f->data + n->offset;
        const int type = p[n->start_code_size] & 31;
        ok &= type == n->type && (n->start_code_size == 3 || n->start_code_size == 4);
        ok &= n->offset + n->size <= f->size;
        if (type == 5 && (i == 0 || f->nals[i - 1].type != 5))
            ok &= i >= 2 && f->nals[i - 2].type == 7 && f->nals[i - 1].type == 8;
        if (max_slice && (type == 1 || type == 5) && (int)n->size > max_slice) {
            printf("  slice of %zu bytes > %d\n", n->size, max_slice);
            ok = 0;
        }
    }
    return ok;
}

static void tweak_slices(Rth264EncoderSettings *s)
{
    s->slice_mode = RTH264_SLICE_MAX_BYTES;
    s->slice_max_bytes = 1200;
}

static void test_keyframes_and_slices(void)
{
    Rth264Encoder *enc = open_encoder(352, 288, 800000, tweak_slices);
    Source src;
    source_init(&src, 352, 288);
    int idrs = 0;
    for (int n = 0; n < 40; n++) {
        if (n == 10 || n == 25)
            rth264_encoder_request_keyframe(enc);
        if (n == 15)
            EXPECT(rth264_encoder_set_bitrate(enc, 300000, 0) == 0, "set_bitrate");
        if (n == 20)
            EXPECT(rth264_encoder_set_framerate(enc, 15, 1) == 0, "set_framerate");
        if (n == 22)
            EXPECT(rth264_encoder_set_qp_bounds(enc, 20, 45) == 0, "set_qp_bounds");
        if (n == 30)
            EXPECT(rth264_encoder_set_buffer(enc, 200) == 0, "set_buffer");
        source_frame(&src, n);
        Rth264EncodedFrame f;
        EXPECT(rth264_encoder_encode(enc, &src.pic, &f) == 0, "encode %d", n);
        const int want_idr = n == 0 || n == 10 || n == 25;
        EXPECT((f.frame_type == RTH264_FRAME_IDR) == want_idr, "frame %d type %d", n, f.frame_type);
        idrs += f.frame_type == RTH264_FRAME_IDR;
        EXPECT(check_frame_nals(&f, 1200), "frame %d NAL structure", n);
        EXPECT(f.pts == n && f.qp >= 0 && f.qp <= 51, "frame %d pts/qp", n);
        if (n >= 22 && f.frame_type == RTH264_FRAME_P)
            EXPECT(f.qp >= 20 && f.qp <= 45, "frame %d qp %d outside new bounds", n, f.qp);
        Rth264Picture r;
        EXPECT(rth264_encoder_get_recon(enc, &r) == 0 && r.width == 352 && r.height == 288,
               "recon");
    }
    EXPECT(idrs == 3, "%d IDRs", idrs);
    uint8_t hdr[256];
    const int n = rth264_encoder_get_headers(enc, hdr, sizeof(hdr));
    EXPECT(n > 8 && hdr[4] == 0x67 && hdr[5] == 66 && hdr[6] == 0xe0, "headers: %d %02x %02x %02x", n, hdr[4], hdr[5], hdr[6]);
    EXPECT(rth264_encoder_get_headers(enc, hdr, 4) == RTH264_ERR_LIMIT, "small header buffer");
    Rth264StreamInfo info;
    EXPECT(rth264_encoder_get_stream_info(enc, &info) == 0 && info.level_idc > 0 &&
           info.profile_idc == 66 && info.num_reorder_frames == 0, "stream info");
    free(src.buf);
    rth264_encoder_close(&enc);
}

static void tweak_refresh(Rth264EncoderSettings *s)
{
    tweak_slices(s);
    s->intra_refresh = 1;
    s->intra_refresh_period = 5; /* 22 MB columns: 5 per frame, sweeps of 5 frames */
}

/* Intra refresh: frames 1, 6, 11.. start a sweep and carry a recovery point
 * SEI (D.2.8) as the first NAL with a 4-byte start code, the slices after
 * it with 3-byte ones; no other frame has an SEI. */
static void test_recovery_sei_nals(void)
{
    Rth264Encoder *enc = open_encoder(352, 288, 800000, tweak_refresh);
    Source src;
    source_init(&src, 352, 288);
    for (int n = 0; n < 17; n++) {
        source_frame(&src, n);
        Rth264EncodedFrame f;
        EXPECT(rth264_encoder_encode(enc, &src.pic, &f) == 0, "encode %d", n);
        EXPECT(check_frame_nals(&f, 1200), "frame %d NAL structure", n);
        const int want_sei = n % 5 == 1;
        int seis = 0;
        for (int i = 0; i < f.num_nals; i++)
            seis += f.nals[i].type == 6;
        EXPECT(seis == want_sei, "frame %d: %d SEI NALs", n, seis);
        if (!want_sei || f.num_nals < 2)
            continue;
        const uint8_t *p = f.data + f.nals[0].offset + f.nals[0].start_code_size;
        /* NAL header, payloadType 6, payloadSize 2, ue(4) = 00101, flags 1 0 00,
         * payload alignment 1 0000000, rbsp_trailing_bits 0x80 */
        EXPECT(f.nals[0].type == 6 && f.nals[0].start_code_size == 4 &&
               f.nals[1].start_code_size == 3 && f.nals[0].size == 4 + 6 && p[0] == 0x06 &&
               p[1] == 6 && p[2] == 2 && p[3] == 0x2c && p[4] == 0x40 && p[5] == 0x80,
               "frame %d: recovery point SEI %02x %02x %02x %02x %02x %02x", n, p[0], p[1], p[2],
               p[3], p[4], p[5]);
    }
    free(src.buf);
    rth264_encoder_close(&enc);
}

static void tweak_drop(Rth264EncoderSettings *s)
{
    s->frame_drop = 1;
}

/* Hard content at a low rate: every 1 s window after the first within
 * +-10% of the target, fewer than 5% of frames dropped. */
static void test_rate_hard_content(void)
{
    const int fps = 30, frames = 150, bitrate = 500000;
    Rth264Encoder *enc = open_encoder(640, 360, bitrate, tweak_drop);
    Source src;
    source_init(&src, 640, 360);
    double bits[150];
    int dropped = 0;
    for (int n = 0; n < frames; n++) {
        source_frame(&src, n);
        Rth264EncodedFrame f;
        EXPECT(rth264_encoder_encode(enc, &src.pic, &f) == 0, "encode %d", n);
        bits[n] = 8.0 * f.size;
        dropped += f.dropped;
    }
    double worst = 0;
    for (int s = fps; s + fps <= frames; s++) {
        double sum = 0;
        for (int i = s; i < s + fps; i++)
            sum += bits[i];
        const double dev = sum / bitrate - 1;
        if (fabs(dev) > fabs(worst))
            worst = dev;
    }
    printf("hard content: worst 1 s window %+.1f%%, %d/%d dropped\n", worst * 100, dropped, frames);
    EXPECT(fabs(worst) <= 0.10, "1 s window off by %+.1f%%", worst * 100);
    EXPECT(dropped < frames / 20, "%d frames dropped", dropped);
    free(src.buf);
    rth264_encoder_close(&enc);
}

typedef struct VuiCase {
    int sar_num, sar_den, full_range, primaries, transfer, matrix;
    const char *expect[5]; /* lines ffprobe -show_streams must print */
} VuiCase;

/* Encodes two frames with the case's VUI fields into a temporary file and
 * returns ffprobe's -show_streams output (malloc'd), NULL on failure. */
static char *probe_vui(const VuiCase *c)
{
    Rth264EncoderSettings s;
    rth264_encoder_default_settings(&s);
    s.width = 176;
    s.height = 144;
    s.sar_num = c->sar_num;
    s.sar_den = c->sar_den;
    s.full_range = c->full_range;
    s.colour_primaries = c->primaries;
    s.transfer_characteristics = c->transfer;
    s.matrix_coefficients = c->matrix;
    Rth264Encoder *enc = NULL;
    if (rth264_encoder_open(&enc, &s, NULL) < 0)
        return NULL;
    char path[] = "/tmp/rth264_vui_XXXXXX";
    const int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    Source src;
    source_init(&src, 176, 144);
    for (int n = 0; f && n < 2; n++) {
        Rth264EncodedFrame out;
        source_frame(&src, n);
        if (rth264_encoder_encode(enc, &src.pic, &out) == 0)
            fwrite(out.data, 1, out.size, f);
    }
    free(src.buf);
    rth264_encoder_close(&enc);
    if (!f)
        return NULL;
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "ffprobe -v error -show_streams %s", path);
    FILE *p = popen(cmd, "r");
    char *text = calloc(1, 1 << 16);
    size_t len = 0, r;
    while (p && text && len < (1 << 16) - 1 && (r = fread(text + len, 1, (1 << 16) - 1 - len, p)) > 0)
        len += r;
    if (p)
        pclose(p);
    unlink(path);
    return text;
}

/* E.1.1 aspect_ratio_info (a Table E-1 index and Extended_SAR) and
 * video_signal_type with colour_description, checked by ffprobe. */
static void test_vui_ffprobe(void)
{
    if (system("ffprobe -version > /dev/null 2>&1") != 0) {
        printf("ffprobe not available: VUI check skipped\n");
        return;
    }
    static const VuiCase cases[] = {
        { 16, 11, 0, 1, 1, 1, { "sample_aspect_ratio=16:11\n", "color_range=tv\n",
          "color_space=bt709\n", "color_transfer=bt709\n", "color_primaries=bt709\n" } },
        { 14, 10, 1, 2, 2, 2, { "sample_aspect_ratio=7:5\n", "color_range=pc\n",
          "color_space=unknown\n", "color_transfer=unknown\n", "color_primaries=unknown\n" } },
        { 0, 0, 0, 9, 16, 9, { "sample_aspect_ratio=N/A\n", "color_range=tv\n",
          "color_space=bt2020nc\n", "color_transfer=smpte2084\n", "color_primaries=bt2020\n" } },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text = probe_vui(&cases[i]);
        EXPECT(text, "VUI case %zu: encode or ffprobe failed", i);
        for (int k = 0; text && k < 5; k++)
            EXPECT(strstr(text, cases[i].expect[k]), "VUI case %zu: ffprobe lacks %s", i,
                   cases[i].expect[k]);
        free(text);
    }
}

int main(void)
{
    test_bad_settings();
    test_keyframes_and_slices();
    test_recovery_sei_nals();
    test_vui_ffprobe();
    test_rate_hard_content();
    return check_report("encoder API");
}
