/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"
#include "cli.h"
#include "md5.h"

/* rth264 decode: Annex B file -> visible I420 frames in output order. */

typedef struct DecodeOpts {
    const char *input, *output;
    int md5, quiet, frames_log;
    int output_delay;
    unsigned cpu_mask;
} DecodeOpts;

typedef struct Sink {
    FILE *out;
    Md5 md5;
    int use_md5;
    long frames, concealed;
} Sink;

static void usage(FILE *f)
{
    fprintf(f, "usage: rth264 decode IN.264 [-o OUT.yuv|-] [--md5] [--cpu-mask HEX] [--frames]\n"
               "  -o FILE        write the decoded I420 frames (- = stdout)\n"
               "  --md5          print the MD5 of the I420 output\n"
               "  --cpu-mask HEX restrict SIMD (0 = C only)\n"
               "  --output-delay N  pictures held for reordering (-1: from the stream)\n"
               "  --frames       print one line per output frame (md5 per frame) on stderr\n");
}

static int parse_args(DecodeOpts *o, int argc, char **argv)
{
    memset(o, 0, sizeof(*o));
    o->cpu_mask = RTH264_CPU_ALL;
    o->output_delay = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-o") && i + 1 < argc) {
            o->output = argv[++i];
        } else if (!strcmp(a, "--md5")) {
            o->md5 = 1;
        } else if (!strcmp(a, "--output-delay") && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || v < -1 || v > 16) {
                fprintf(stderr, "rth264 decode: bad --output-delay '%s' (-1..16)\n", argv[i]);
                return -1;
            }
            o->output_delay = (int)v;
        } else if (!strcmp(a, "--frames")) {
            o->frames_log = 1;
        } else if (!strcmp(a, "--cpu-mask") && i + 1 < argc) {
            char *end;
            errno = 0;
            unsigned long v = strtoul(argv[++i], &end, 16);
            if (errno || *end || end == argv[i]) {
                fprintf(stderr, "rth264 decode: bad --cpu-mask '%s'\n", argv[i]);
                return -1;
            }
            o->cpu_mask = (unsigned)v;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "rth264 decode: unknown option '%s'\n", a);
            return -1;
        } else if (!o->input) {
            o->input = a;
        } else {
            fprintf(stderr, "rth264 decode: unexpected argument '%s'\n", a);
            return -1;
        }
    }
    if (!o->input) {
        fprintf(stderr, "rth264 decode: no input file\n");
        return -1;
    }
    if (!o->output && !o->md5) {
        fprintf(stderr, "rth264 decode: nothing to do (give -o and/or --md5)\n");
        return -1;
    }
    return 0;
}

static int write_plane(Sink *s, const uint8_t *p, ptrdiff_t stride, int w, int h, Md5 *frame_md5)
{
    for (int y = 0; y < h; y++, p += stride) {
        if (s->out && fwrite(p, 1, (size_t)w, s->out) != (size_t)w)
            return -1;
        if (s->use_md5)
            md5_update(&s->md5, p, (size_t)w);
        if (frame_md5)
            md5_update(frame_md5, p, (size_t)w);
    }
    return 0;
}

static int write_picture(Sink *s, const Rth264Picture *pic, int log)
{
    Md5 fm;
    md5_init(&fm);
    const int cw = (pic->width + 1) / 2, ch = (pic->height + 1) / 2;
    if (write_plane(s, pic->data[0], pic->stride[0], pic->width, pic->height, log ? &fm : NULL) < 0 ||
        write_plane(s, pic->data[1], pic->stride[1], cw, ch, log ? &fm : NULL) < 0 ||
        write_plane(s, pic->data[2], pic->stride[2], cw, ch, log ? &fm : NULL) < 0)
        return -1;
    if (log) {
        uint8_t dg[16];
        char hex[33];
        md5_final(&fm, dg);
        md5_hex(dg, hex);
        fprintf(stderr, "frame %ld poc %d type %d%s %s\n", s->frames, pic->poc, pic->frame_type,
                pic->concealed ? " concealed" : "", hex);
    }
    s->frames++;
    s->concealed += pic->concealed;
    return 0;
}

static int collect(Rth264Decoder *dec, Sink *s, int log)
{
    Rth264Picture pic;
    while (rth264_decoder_get_picture(dec, &pic) == 0) {
        int ret = write_picture(s, &pic, log);
        rth264_picture_unref(&pic);
        if (ret < 0) {
            fprintf(stderr, "rth264 decode: write error: %s\n", strerror(errno));
            return -1;
        }
    }
    return 0;
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "rth264 decode: cannot open '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    const int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        fprintf(stderr, "rth264 decode: cannot read '%s'\n", path);
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

/* Feed the stream one NAL unit at a time (as a network source would). */
static int feed(Rth264Decoder *dec, const uint8_t *buf, size_t size, Sink *s, const DecodeOpts *o,
                long *errors, int *first_error)
{
    size_t pos = 0;
    while (pos < size) {
        /* next start code after this NAL's own one */
        size_t next = pos + 3;
        while (next + 3 <= size && !(buf[next] == 0 && buf[next + 1] == 0 && buf[next + 2] == 1))
            next++;
        if (next + 3 > size)
            next = size;
        int ret = rth264_decoder_send_data(dec, buf + pos, next - pos, (int64_t)pos, NULL, 0);
        if (ret < 0 && ret != RTH264_ERR_AGAIN) {
            if (!*errors)
                *first_error = ret;
            (*errors)++;
        }
        if (ret == RTH264_ERR_NOMEM)
            return -1;
        if (collect(dec, s, o->frames_log) < 0)
            return -1;
        pos = next;
    }
    return 0;
}

int rth264_cli_decode(int argc, char **argv)
{
    DecodeOpts o;
    if (parse_args(&o, argc, argv) < 0) {
        usage(stderr);
        return 2;
    }
    size_t size = 0;
    uint8_t *buf = read_file(o.input, &size);
    if (!buf)
        return 1;
    Sink s = { 0 };
    s.use_md5 = o.md5;
    md5_init(&s.md5);
    if (o.output) {
        s.out = strcmp(o.output, "-") ? fopen(o.output, "wb") : stdout;
        if (!s.out) {
            fprintf(stderr, "rth264 decode: cannot create '%s': %s\n", o.output, strerror(errno));
            free(buf);
            return 1;
        }
    }
    Rth264DecoderSettings set;
    rth264_decoder_default_settings(&set);
    set.cpu_mask = o.cpu_mask;
    set.output_delay = o.output_delay;
    Rth264Decoder *dec = NULL;
    int ret = rth264_decoder_open(&dec, &set);
    long errors = 0;
    int rc = 0, first_error = 0;
    if (ret < 0) {
        fprintf(stderr, "rth264 decode: %s\n", rth264_strerror(ret));
        rc = 1;
    } else if (feed(dec, buf, size, &s, &o, &errors, &first_error) < 0 || rth264_decoder_drain(dec) < 0 ||
               collect(dec, &s, o.frames_log) < 0) {
        rc = 1;
    }
    rth264_decoder_close(&dec);
    free(buf);
    if (s.out && s.out != stdout && fclose(s.out)) {
        fprintf(stderr, "rth264 decode: write error on '%s'\n", o.output);
        rc = 1;
    }
    if (errors || s.concealed)
        fprintf(stderr, "rth264 decode: %ld NAL units with errors (first: %s), %ld concealed frames\n", errors,
                errors ? rth264_strerror(first_error) : "none", s.concealed);
    if (o.md5 && !rc) {
        uint8_t dg[16];
        char hex[33];
        md5_final(&s.md5, dg);
        md5_hex(dg, hex);
        printf("%s\n", hex);
    }
    return rc;
}
