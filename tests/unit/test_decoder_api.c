/* SPDX-License-Identifier: BSD-2-Clause */
/* Public decoder API: argument checks, Annex B vs AVC (avcC + length
 * prefixes) input, zero-latency output with RTH264_SEND_END_OF_AU, picture
 * lifetime across DPB reuse, flush, and garbage input. Uses shared
 * conformance streams; exits 77 (skip) without them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"

#include "../check.h"


typedef struct Nal {
    const uint8_t *p;
    size_t size;
} Nal;

static uint8_t *load(const char *name, size_t *size)
{
    const char *dir = getenv("RTH264_SHARED_DIR");
    if (!dir)
        return NULL;
    char path[1024];
    snprintf(path, sizeof(path), "%s/conformance/baseline/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* Split an Annex B buffer into NAL units (without start codes). */
static int split_nals(const uint8_t *b, size_t n, Nal *nals, int max)
{
    int count = 0;
    size_t i = 0;
    while (i + 3 <= n && count < max) {
        if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
            size_t start = i + 3, j = start;
            while (j + 3 <= n && !(b[j] == 0 && b[j + 1] == 0 && (b[j + 2] == 1 || b[j + 2] == 0)))
                j++;
            if (j + 3 > n)
                j = n;
            nals[count].p = b + start;
            nals[count].size = j - start;
            count++;
            i = j;
        } else {
            i++;
        }
    }
    return count;
}

/* Sum of all output samples: a cheap content fingerprint. */
static uint64_t fingerprint(const Rth264Picture *p)
{
    uint64_t h = 1469598103934665603ull;
    for (int c = 0; c < 3; c++) {
        const int w = c ? p->width / 2 : p->width, hh = c ? p->height / 2 : p->height;
        for (int y = 0; y < hh; y++)
            for (int x = 0; x < w; x++)
                h = (h ^ p->data[c][y * p->stride[c] + x]) * 1099511628211ull;
    }
    return h;
}

static int drain_all(Rth264Decoder *d, uint64_t *fp, int max)
{
    int n = 0;
    Rth264Picture pic;
    while (rth264_decoder_get_picture(d, &pic) == 0) {
        if (n < max)
            fp[n] = fingerprint(&pic);
        n++;
        rth264_picture_unref(&pic);
    }
    return n;
}

static void test_arguments(void)
{
    Rth264DecoderSettings s;
    rth264_decoder_default_settings(&s);
    CHECK(rth264_decoder_open(NULL, &s) == RTH264_ERR_INVAL);
    s.input_format = 7;
    Rth264Decoder *d = (Rth264Decoder *)1;
    CHECK(rth264_decoder_open(&d, &s) == RTH264_ERR_INVAL && d == NULL);
    CHECK(rth264_decoder_open(&d, NULL) == 0 && d);
    Rth264Picture pic;
    CHECK(rth264_decoder_get_picture(d, &pic) == RTH264_ERR_AGAIN);
    Rth264StreamInfo info;
    CHECK(rth264_decoder_get_stream_info(d, &info) == RTH264_ERR_AGAIN);
    CHECK(rth264_decoder_send_data(d, NULL, 5, 0, NULL, 0) == RTH264_ERR_INVAL);
    CHECK(rth264_decoder_send_data(NULL, NULL, 0, 0, NULL, 0) == RTH264_ERR_INVAL);
    CHECK(rth264_decoder_set_avcc(d, (const uint8_t *)"\x02", 1) == RTH264_ERR_INVAL);
    rth264_decoder_close(&d);
    CHECK(d == NULL);
    rth264_decoder_close(&d);
}

/* Annex B NAL by NAL, and the same stream as avcC + 4-byte lengths. */
static void test_avc_input(const uint8_t *buf, size_t size)
{
    static Nal nals[4096];
    const int n = split_nals(buf, size, nals, 4096);
    static uint64_t fa[512], fb[512];
    Rth264Decoder *d = NULL;
    CHECK(rth264_decoder_open(&d, NULL) == 0);
    int na = 0;
    for (int i = 0; i < n; i++) {
        uint8_t tmp[4] = { 0, 0, 0, 1 };
        uint8_t *frame = malloc(nals[i].size + 4);
        memcpy(frame, tmp, 4);
        memcpy(frame + 4, nals[i].p, nals[i].size);
        rth264_decoder_send_data(d, frame, nals[i].size + 4, i, NULL, 0);
        free(frame);
        na += drain_all(d, fa + na, 512 - na);
    }
    rth264_decoder_drain(d);
    na += drain_all(d, fa + na, 512 - na);
    rth264_decoder_close(&d);

    /* avcC: first SPS and PPS; then length-prefixed slices. */
    uint8_t avcc[1024];
    size_t pos = 6;
    const Nal *sps = NULL, *pps = NULL;
    for (int i = 0; i < n && (!sps || !pps); i++) {
        if ((nals[i].p[0] & 31) == 7 && !sps)
            sps = &nals[i];
        if ((nals[i].p[0] & 31) == 8 && !pps)
            pps = &nals[i];
    }
    CHECK(sps && pps && sps->size < 400 && pps->size < 400);
    if (!sps || !pps)
        return;
    avcc[0] = 1;
    avcc[1] = sps->p[1];
    avcc[2] = sps->p[2];
    avcc[3] = sps->p[3];
    avcc[4] = 0xff;  /* 4-byte lengths */
    avcc[5] = 0xe1;  /* one SPS */
    avcc[pos++] = (uint8_t)(sps->size >> 8);
    avcc[pos++] = (uint8_t)sps->size;
    memcpy(avcc + pos, sps->p, sps->size);
    pos += sps->size;
    avcc[pos++] = 1;
    avcc[pos++] = (uint8_t)(pps->size >> 8);
    avcc[pos++] = (uint8_t)pps->size;
    memcpy(avcc + pos, pps->p, pps->size);
    pos += pps->size;
    CHECK(rth264_decoder_open(&d, NULL) == 0);
    CHECK(rth264_decoder_set_avcc(d, avcc, pos) == 0);
    int nb = 0;
    for (int i = 0; i < n; i++) {
        uint8_t *frame = malloc(nals[i].size + 4);
        for (int k = 0; k < 4; k++)
            frame[k] = (uint8_t)(nals[i].size >> (24 - 8 * k));
        memcpy(frame + 4, nals[i].p, nals[i].size);
        CHECK(rth264_decoder_send_data(d, frame, nals[i].size + 4, i, NULL, 0) >= 0);
        free(frame);
        nb += drain_all(d, fb + nb, 512 - nb);
    }
    rth264_decoder_drain(d);
    nb += drain_all(d, fb + nb, 512 - nb);
    rth264_decoder_close(&d);
    CHECK(na == nb && na > 0);
    CHECK(!memcmp(fa, fb, sizeof(fa[0]) * (size_t)(na < 512 ? na : 512)));
}

/* POC type 2 stream, one slice per picture: with END_OF_AU each picture is
 * available right after its data (zero latency). Also: a picture held by
 * the user keeps its content while the decoder goes on. */
static void test_zero_latency(const uint8_t *buf, size_t size)
{
    static Nal nals[4096];
    const int n = split_nals(buf, size, nals, 4096);
    Rth264Decoder *d = NULL;
    CHECK(rth264_decoder_open(&d, NULL) == 0);
    Rth264Picture held = { 0 };
    uint64_t held_fp = 0;
    int slices = 0, immediate = 0;
    for (int i = 0; i < n; i++) {
        const int type = nals[i].p[0] & 31;
        uint8_t *frame = malloc(nals[i].size + 3);
        frame[0] = frame[1] = 0;
        frame[2] = 1;
        memcpy(frame + 3, nals[i].p, nals[i].size);
        const int is_slice = type == 1 || type == 5;
        CHECK(rth264_decoder_send_data(d, frame, nals[i].size + 3, 1000 + slices, NULL,
                                       is_slice ? RTH264_SEND_END_OF_AU : 0) == 0);
        free(frame);
        if (!is_slice)
            continue;
        Rth264Picture pic;
        if (rth264_decoder_get_picture(d, &pic) == 0) {
            immediate++;
            CHECK(pic.pts == 1000 + slices);
            if (!held.ref) {
                held = pic;
                held_fp = fingerprint(&held);
            } else {
                rth264_picture_unref(&pic);
            }
        }
        slices++;
    }
    CHECK(slices > 0 && immediate == slices);
    CHECK(held.ref && fingerprint(&held) == held_fp);
    rth264_picture_unref(&held);
    CHECK(held.ref == NULL);
    /* flush drops everything; decoding restarts cleanly */
    rth264_decoder_flush(d);
    Rth264Picture pic;
    CHECK(rth264_decoder_get_picture(d, &pic) == RTH264_ERR_AGAIN);
    CHECK(rth264_decoder_send_data(d, buf, size, 0, NULL, 0) == 0);
    rth264_decoder_drain(d);
    /* a picture kept past rth264_decoder_close() stays valid */
    Rth264Picture last;
    CHECK(rth264_decoder_get_picture(d, &last) == 0);
    const uint64_t last_fp = fingerprint(&last);
    uint64_t fp[512];
    CHECK(drain_all(d, fp, 512) == slices - 1);
    rth264_decoder_close(&d);
    CHECK(fingerprint(&last) == last_fp);
    rth264_picture_unref(&last);
}

/* Random avcC records and length-prefixed garbage: never crash. */
static void test_garbage_avc(void)
{
    srand(11);
    for (int iter = 0; iter < 100; iter++) {
        Rth264DecoderSettings set;
        rth264_decoder_default_settings(&set);
        set.input_format = RTH264_INPUT_AVC;
        set.nal_length_size = iter & 1 ? 2 : 4;
        Rth264Decoder *d = NULL;
        CHECK(rth264_decoder_open(&d, &set) == 0);
        uint8_t blob[512];
        for (size_t i = 0; i < sizeof(blob); i++)
            blob[i] = (uint8_t)rand();
        blob[0] = 1;
        rth264_decoder_set_avcc(d, blob, (size_t)(rand() % 512));
        for (int k = 0; k < 20; k++) {
            for (size_t i = 0; i < sizeof(blob); i++)
                blob[i] = (uint8_t)(rand() % 3 ? rand() : 0);
            rth264_decoder_send_data(d, blob, (size_t)(rand() % 512), k, NULL, k & 1);
            uint64_t fp[4];
            drain_all(d, fp, 4);
        }
        rth264_decoder_drain(d);
        uint64_t fp[4];
        drain_all(d, fp, 4);
        rth264_decoder_close(&d);
    }
}

static void test_garbage(void)
{
    Rth264Decoder *d = NULL;
    CHECK(rth264_decoder_open(&d, NULL) == 0);
    srand(7);
    uint8_t junk[4096];
    for (int iter = 0; iter < 200; iter++) {
        for (size_t i = 0; i < sizeof(junk); i++)
            junk[i] = (uint8_t)(rand() % 5 == 0 ? 0 : rand());
        rth264_decoder_send_data(d, junk, (size_t)(rand() % 4096), 0, NULL, iter & 1);
        uint64_t fp[4];
        drain_all(d, fp, 4);
    }
    rth264_decoder_drain(d);
    rth264_decoder_close(&d);
}

int main(void)
{
    test_arguments();
    test_garbage();
    test_garbage_avc();
    size_t size_a = 0, size_b = 0;
    uint8_t *a = load("BA_MW_D.264", &size_a), *b = load("SarVui.264", &size_b);
    if (!a || !b) {
        free(a);
        free(b);
        printf("shared conformance streams not available: stream tests skipped\n");
        return failures ? 1 : 77;
    }
    test_avc_input(a, size_a);
    test_zero_latency(b, size_b);
    free(a);
    free(b);
    return check_report("decoder API");
}
