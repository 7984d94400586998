/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rth264/rth264.h"
#include "cli.h"

#define MAX_EVENTS 256

typedef struct Event {
    long frame;
    long value;
} Event;

typedef struct EncodeOptions {
    const char *input, *output, *recon, *stats;
    Rth264EncoderSettings s;
    int psnr;
    long frames;
    Event bitrate_at[MAX_EVENTS];
    int num_bitrate_at;
    long keyframe_at[MAX_EVENTS];
    int num_keyframe_at;
} EncodeOptions;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: rth264 encode IN.yuv --size WxH [options] -o OUT.264\n"
            "  IN.yuv               raw I420 frames, '-' for stdin\n"
            "  --size WxH           picture size (16x16 and up)\n"
            "  --fps N[/D]          frame rate (default 30)\n"
            "  --bitrate R[k|M]     target bit/s (default 1000k)\n"
            "  --max-bitrate R      VBR peak\n"
            "  --rc cbr|vbr|cqp     rate control mode (default cbr)\n"
            "  --buffer-ms MS       CBR buffer size (default 300)\n"
            "  --qp QP              QP for --rc cqp (0..51)\n"
            "  --qp-min/--qp-max    QP bounds\n"
            "  --drop-frames        let rate control drop frames on buffer overflow\n"
            "  --keyint N           max frames between IDRs (0: only on request)\n"
            "  --keyframe-at FRAME  force an IDR at FRAME (repeatable)\n"
            "  --intra-refresh      periodic intra refresh instead of IDRs\n"
            "  --slice-max-size B   slices of at most B bytes\n"
            "  --slice-mbs N        slices of N macroblocks\n"
            "  --refs N             reference frames 1..4\n"
            "  --speed N            0 (best) .. 10 (fastest), default 5\n"
            "  --level L            level_idc (e.g. 31), default: from size and rate\n"
            "  --bitrate-at F:KBPS  change the bitrate at frame F (repeatable)\n"
            "  --frames N           encode at most N frames\n"
            "  --sar N:D            sample aspect ratio written to the VUI (e.g. 4:3)\n"
            "  --range limited|full video_full_range_flag (default limited)\n"
            "  --colour-primaries C, --transfer C, --matrix C\n"
            "                       H.273 colour codes for the VUI (1: BT.709, 6: BT.601 525)\n"
            "  --cpu-mask HEX       restrict CPU features (0: C only)\n"
            "  --recon FILE.yuv     write the reconstruction\n"
            "  --psnr               print PSNR-Y/U/V, achieved kbit/s and fps\n"
            "  --stats FILE.csv     per frame: index, type, bytes, qp, NALs, largest slice NAL,\n"
            "                       dropped, encode time in ms\n"
            "  -o OUT.264           output Annex B stream\n");
}

static int parse_rate(const char *v, int *out)
{
    char *end;
    double r = strtod(v, &end);
    if (end == v)
        return -1;
    if (*end == 'k' || *end == 'K')
        r *= 1000, end++;
    else if (*end == 'M' || *end == 'm')
        r *= 1000000, end++;
    if (*end || r < 1 || r > 2e9)
        return -1;
    *out = (int)r;
    return 0;
}

static int parse_int(const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 0);
    if (errno || end == v || *end || x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

/* Integer options that map straight onto a settings field. */
static int parse_int_setting(Rth264EncoderSettings *s, const char *name, const char *v)
{
    static const struct { const char *name; size_t off; long lo, hi; } ints[] = {
        { "--qp", offsetof(Rth264EncoderSettings, qp), 0, 51 },
        { "--qp-min", offsetof(Rth264EncoderSettings, qp_min), 0, 51 },
        { "--qp-max", offsetof(Rth264EncoderSettings, qp_max), 0, 51 },
        { "--keyint", offsetof(Rth264EncoderSettings, keyint), 0, 1 << 30 },
        { "--buffer-ms", offsetof(Rth264EncoderSettings, buffer_ms), 1, 60000 },
        { "--refs", offsetof(Rth264EncoderSettings, refs), 1, 16 },
        { "--speed", offsetof(Rth264EncoderSettings, speed), 0, 10 },
        { "--level", offsetof(Rth264EncoderSettings, level_idc), 1, 62 },
        { "--intra-refresh-period", offsetof(Rth264EncoderSettings, intra_refresh_period), 1, 1 << 20 },
        { "--colour-primaries", offsetof(Rth264EncoderSettings, colour_primaries), 1, 255 },
        { "--transfer", offsetof(Rth264EncoderSettings, transfer_characteristics), 1, 255 },
        { "--matrix", offsetof(Rth264EncoderSettings, matrix_coefficients), 1, 255 },
    };
    long x;
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        if (strcmp(name, ints[i].name))
            continue;
        if (parse_int(v, ints[i].lo, ints[i].hi, &x))
            return -1;
        *(int *)((char *)s + ints[i].off) = (int)x;
        return 0;
    }
    if (!strcmp(name, "--slice-max-size") || !strcmp(name, "--slice-mbs")) {
        if (parse_int(v, 1, 1 << 24, &x))
            return -1;
        if (!strcmp(name, "--slice-max-size")) {
            s->slice_mode = RTH264_SLICE_MAX_BYTES;
            s->slice_max_bytes = (int)x;
        } else {
            s->slice_mode = RTH264_SLICE_FIXED_MBS;
            s->slice_max_mbs = (int)x;
        }
        return 0;
    }
    return 1; /* unknown */
}

/* Options that change over the stream: --bitrate-at, --keyframe-at. */
static int parse_event_option(EncodeOptions *o, const char *name, const char *v)
{
    long x;
    if (!strcmp(name, "--bitrate-at")) {
        long f;
        double k;
        if (o->num_bitrate_at >= MAX_EVENTS || sscanf(v, "%ld:%lf", &f, &k) != 2 || f < 0 || k < 1)
            return -1;
        o->bitrate_at[o->num_bitrate_at++] = (Event){ f, (long)(k * 1000) };
        return 0;
    }
    if (!strcmp(name, "--keyframe-at")) {
        if (o->num_keyframe_at >= MAX_EVENTS || parse_int(v, 0, 1L << 30, &x))
            return -1;
        o->keyframe_at[o->num_keyframe_at++] = x;
        return 0;
    }
    return 1;
}

/* 0 parsed, -1 bad value, 1 unknown option. */
static int parse_value_option(EncodeOptions *o, const char *name, const char *v)
{
    Rth264EncoderSettings *s = &o->s;
    if (!strcmp(name, "--size"))
        return sscanf(v, "%dx%d", &s->width, &s->height) == 2 ? 0 : -1;
    if (!strcmp(name, "--fps")) {
        s->fps_den = 1;
        return sscanf(v, "%d/%d", &s->fps_num, &s->fps_den) >= 1 ? 0 : -1;
    }
    if (!strcmp(name, "--bitrate"))
        return parse_rate(v, &s->bitrate);
    if (!strcmp(name, "--max-bitrate"))
        return parse_rate(v, &s->max_bitrate);
    if (!strcmp(name, "--rc")) {
        s->rc_mode = !strcmp(v, "cbr") ? RTH264_RC_CBR : !strcmp(v, "vbr") ? RTH264_RC_VBR
                   : !strcmp(v, "cqp") ? RTH264_RC_CQP : -1;
        return s->rc_mode < 0 ? -1 : 0;
    }
    if (!strcmp(name, "-o"))
        return o->output = v, 0;
    if (!strcmp(name, "--recon"))
        return o->recon = v, 0;
    if (!strcmp(name, "--stats"))
        return o->stats = v, 0;
    if (!strcmp(name, "--cpu-mask")) {
        char *end;
        unsigned long m = strtoul(v, &end, 16);
        if (end == v || *end)
            return -1;
        s->cpu_mask = (unsigned)m;
        return 0;
    }
    if (!strcmp(name, "--frames"))
        return parse_int(v, 0, 1L << 40, &o->frames);
    if (!strcmp(name, "--sar")) {
        char extra;
        return sscanf(v, "%d:%d%c", &s->sar_num, &s->sar_den, &extra) == 2 && s->sar_num > 0 &&
               s->sar_num <= 65535 && s->sar_den > 0 && s->sar_den <= 65535 ? 0 : -1;
    }
    if (!strcmp(name, "--range")) {
        s->full_range = !strcmp(v, "full") ? 1 : !strcmp(v, "limited") ? 0 : -1;
        return s->full_range < 0 ? -1 : 0;
    }
    const int r = parse_event_option(o, name, v);
    return r <= 0 ? r : parse_int_setting(s, name, v);
}

static int parse_args(EncodeOptions *o, int argc, char **argv)
{
    rth264_encoder_default_settings(&o->s);
    o->frames = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        }
        if (!strcmp(a, "--psnr")) { o->psnr = 1; continue; }
        if (!strcmp(a, "--intra-refresh")) { o->s.intra_refresh = 1; continue; }
        if (!strcmp(a, "--drop-frames")) { o->s.frame_drop = 1; continue; }
        if (a[0] == '-' && a[1]) {
            if (i + 1 >= argc) {
                fprintf(stderr, "rth264 encode: %s needs a value\n", a);
                return -1;
            }
            int r = parse_value_option(o, a, argv[++i]);
            if (r) {
                fprintf(stderr, "rth264 encode: %s '%s'\n", r > 0 ? "unknown option" : "bad value for",
                        r > 0 ? a : argv[i]);
                return -1;
            }
            continue;
        }
        if (o->input) {
            fprintf(stderr, "rth264 encode: more than one input\n");
            return -1;
        }
        o->input = a;
    }
    if (!o->input || !o->output || !o->s.width || !o->s.height) {
        usage(stderr);
        return -1;
    }
    return 0;
}

static double psnr_of(double sse, double samples)
{
    if (sse <= 0)
        return 100.0;
    return 10.0 * log10(255.0 * 255.0 * samples / sse);
}

static double plane_sse(const uint8_t *a, ptrdiff_t as, const uint8_t *b, ptrdiff_t bs, int w, int h)
{
    double sse = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const int d = a[y * as + x] - b[y * bs + x];
            sse += d * d;
        }
    return sse;
}

static int write_recon(FILE *f, const Rth264Picture *r, int w, int h)
{
    const int cw = (w + 1) / 2, ch = (h + 1) / 2;
    for (int y = 0; y < h; y++)
        if (fwrite(r->data[0] + y * r->stride[0], 1, (size_t)w, f) != (size_t)w)
            return -1;
    for (int c = 1; c < 3; c++)
        for (int y = 0; y < ch; y++)
            if (fwrite(r->data[c] + y * r->stride[c], 1, (size_t)cw, f) != (size_t)cw)
                return -1;
    return 0;
}

typedef struct EncodeTotals {
    double sse[3];
    double bytes;
    long frames, dropped;
    double seconds;
} EncodeTotals;

static int apply_events(const EncodeOptions *o, Rth264Encoder *enc, long frame)
{
    for (int i = 0; i < o->num_bitrate_at; i++)
        if (o->bitrate_at[i].frame == frame) {
            int mb = o->s.max_bitrate && o->s.max_bitrate < o->bitrate_at[i].value
                         ? 0 : o->s.max_bitrate;
            if (rth264_encoder_set_bitrate(enc, (int)o->bitrate_at[i].value, mb) < 0)
                return -1;
        }
    for (int i = 0; i < o->num_keyframe_at; i++)
        if (o->keyframe_at[i] == frame)
            rth264_encoder_request_keyframe(enc);
    return 0;
}

static int handle_output(const EncodeOptions *o, Rth264Encoder *enc, const Rth264EncodedFrame *ef,
                         const Rth264Picture *pic, FILE *out, FILE *recon, FILE *stats,
                         EncodeTotals *t, double frame_ms)
{
    if (ef->size && fwrite(ef->data, 1, ef->size, out) != ef->size)
        return -1;
    t->bytes += (double)ef->size;
    t->dropped += ef->dropped;
    if (stats) {
        size_t max_nal = 0;
        for (int i = 0; i < ef->num_nals; i++)
            if (ef->nals[i].type != 7 && ef->nals[i].type != 8 && ef->nals[i].size > max_nal)
                max_nal = ef->nals[i].size;
        fprintf(stats, "%ld,%d,%zu,%d,%d,%zu,%d,%.3f\n", t->frames, ef->frame_type, ef->size,
                ef->qp, ef->num_nals, max_nal, ef->dropped, frame_ms);
    }
    if (ef->dropped)
        return 0;
    Rth264Picture r;
    if ((recon || o->psnr) && rth264_encoder_get_recon(enc, &r) == 0) {
        if (recon && write_recon(recon, &r, r.width, r.height) < 0)
            return -1;
        if (o->psnr) {
            const int cw = (pic->width + 1) / 2, ch = (pic->height + 1) / 2;
            t->sse[0] += plane_sse(pic->data[0], pic->stride[0], r.data[0], r.stride[0],
                                   pic->width, pic->height);
            for (int c = 1; c < 3; c++)
                t->sse[c] += plane_sse(pic->data[c], pic->stride[c], r.data[c], r.stride[c], cw, ch);
        }
    }
    return 0;
}

static void print_summary(const EncodeOptions *o, const EncodeTotals *t)
{
    const long coded = t->frames - t->dropped;
    const double fps = (double)o->s.fps_num / o->s.fps_den;
    const double kbps = t->frames ? t->bytes * 8 / 1000.0 / (t->frames / fps) : 0;
    const double lsz = (double)o->s.width * o->s.height * coded;
    const double csz = (double)((o->s.width + 1) / 2) * ((o->s.height + 1) / 2) * coded;
    if (o->psnr)
        printf("PSNR-Y %.3f PSNR-U %.3f PSNR-V %.3f ", psnr_of(t->sse[0], lsz),
               psnr_of(t->sse[1], csz), psnr_of(t->sse[2], csz));
    printf("kbps %.2f frames %ld dropped %ld encode-fps %.2f\n", kbps, t->frames, t->dropped,
           t->seconds > 0 ? t->frames / t->seconds : 0.0);
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: fair on a loaded machine */
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int encode_loop(const EncodeOptions *o, Rth264Encoder *enc, FILE *in, FILE *out,
                       FILE *recon, FILE *stats, EncodeTotals *t)
{
    const int w = o->s.width, h = o->s.height, cw = (w + 1) / 2, ch = (h + 1) / 2;
    const size_t fsize = (size_t)w * h + 2 * (size_t)cw * ch;
    uint8_t *buf = malloc(fsize);
    if (!buf)
        return -1;
    int ret = 0;
    while (o->frames < 0 || t->frames < o->frames) {
        if (fread(buf, 1, fsize, in) != fsize)
            break;
        Rth264Picture pic = { .data = { buf, buf + (size_t)w * h, buf + (size_t)w * h + (size_t)cw * ch },
                              .stride = { w, cw, cw }, .width = w, .height = h, .pts = t->frames };
        Rth264EncodedFrame ef;
        if (apply_events(o, enc, t->frames) < 0) {
            fprintf(stderr, "rth264 encode: bad --bitrate-at value\n");
            ret = -1;
            break;
        }
        const double t0 = cpu_seconds();
        int err = rth264_encoder_encode(enc, &pic, &ef);
        const double dt = cpu_seconds() - t0;
        t->seconds += dt;
        if (err < 0) {
            fprintf(stderr, "rth264 encode: frame %ld: %s\n", t->frames, rth264_strerror(err));
            ret = -1;
            break;
        }
        if (handle_output(o, enc, &ef, &pic, out, recon, stats, t, dt * 1000.0) < 0) {
            fprintf(stderr, "rth264 encode: write error\n");
            ret = -1;
            break;
        }
        t->frames++;
    }
    free(buf);
    return ret;
}

int rth264_cli_encode(int argc, char **argv)
{
    EncodeOptions o;
    memset(&o, 0, sizeof(o));
    if (parse_args(&o, argc, argv) < 0)
        return 2;
    Rth264Encoder *enc = NULL;
    const char *msg = NULL;
    int err = rth264_encoder_open(&enc, &o.s, &msg);
    if (err < 0) {
        fprintf(stderr, "rth264 encode: %s\n", msg ? msg : rth264_strerror(err));
        return 2;
    }
    FILE *in = !strcmp(o.input, "-") ? stdin : fopen(o.input, "rb");
    FILE *out = fopen(o.output, "wb");
    FILE *recon = o.recon ? fopen(o.recon, "wb") : NULL;
    FILE *stats = o.stats ? fopen(o.stats, "w") : NULL;
    int ret = 1;
    EncodeTotals t = { { 0, 0, 0 }, 0, 0, 0, 0 };
    if (!in || !out || (o.recon && !recon) || (o.stats && !stats))
        fprintf(stderr, "rth264 encode: cannot open a file: %s\n", strerror(errno));
    else if (encode_loop(&o, enc, in, out, recon, stats, &t) == 0) {
        print_summary(&o, &t);
        ret = 0;
    }
    if (in && in != stdin)
        fclose(in);
    if (out && fclose(out))
        ret = 1;
    if (recon && fclose(recon))
        ret = 1;
    if (stats)
        fclose(stats);
    rth264_encoder_close(&enc);
    return ret;
}
