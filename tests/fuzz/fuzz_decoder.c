/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer entry point over the public decoder API (and through it the
 * NAL, parameter-set, slice-header and macroblock parsers).
 *
 * Input layout: byte 0 selects the mode, the rest is the stream.
 *   bit 0: AVC input (byte 1..: avcC of length given by byte 1, then
 *          length-prefixed NALs) instead of Annex B
 *   bit 1: feed in chunks cut at pseudo-random points instead of at once
 *   bit 2: mark each chunk as a complete access unit
 *   bit 3: flush once half-way (seek)
 * Frame sizes are capped so a mutated SPS cannot ask for gigabytes.
 *
 * Without libFuzzer (RTH264_FUZZ_STANDALONE) a main() replays the files
 * named on the command line, so the corpus and the crash regressions run as
 * an ordinary test in every build.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void drain_pictures(Rth264Decoder *dec)
{
    Rth264Picture pic;
    while (rth264_decoder_get_picture(dec, &pic) == 0) {
        /* Touch the visible area so a bad plane pointer shows under ASan. */
        volatile unsigned sum = 0;
        for (int y = 0; y < pic.height; y += 7)
            for (int x = 0; x < pic.width; x += 5)
                sum += pic.data[0][y * pic.stride[0] + x];
        for (int p = 1; p < 3; p++)
            for (int y = 0; y < (pic.height + 1) / 2; y += 3)
                sum += pic.data[p][y * pic.stride[p] + (pic.width + 1) / 2 - 1];
        (void)sum;
        rth264_picture_unref(&pic);
    }
}

static void feed(Rth264Decoder *dec, const uint8_t *data, size_t size, unsigned mode)
{
    unsigned flags = (mode & 4) ? RTH264_SEND_END_OF_AU : 0;
    uint32_t rng = 0x12345u ^ (uint32_t)size;
    size_t pos = 0;
    int64_t pts = 0;
    while (pos < size) {
        size_t chunk = size - pos;
        if (mode & 2) {
            rng = rng * 1103515245u + 12345u;
            size_t cut = 1 + (rng >> 8) % 4096;
            if (cut < chunk)
                chunk = cut;
        }
        rth264_decoder_send_data(dec, data + pos, chunk, pts++, NULL, flags);
        drain_pictures(dec);
        pos += chunk;
        if ((mode & 8) && pos >= size / 2 && pos - chunk < size / 2)
            rth264_decoder_flush(dec);
    }
    rth264_decoder_drain(dec);
    drain_pictures(dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned mode = data[0];
    data++, size--;

    Rth264DecoderSettings s;
    rth264_decoder_default_settings(&s);
    s.max_width = 1024;
    s.max_height = 1024;
    Rth264Decoder *dec = NULL;
    if (rth264_decoder_open(&dec, &s) < 0)
        return 0;
    if (mode & 1) {
        size_t avcc_size = data[0];
        data++, size--;
        if (avcc_size > size)
            avcc_size = size;
        rth264_decoder_set_avcc(dec, data, avcc_size);
        data += avcc_size, size -= avcc_size;
    }
    feed(dec, data, size, mode);
    Rth264StreamInfo info;
    rth264_decoder_get_stream_info(dec, &info);
    rth264_decoder_close(&dec);
    return 0;
}

#ifdef RTH264_FUZZ_STANDALONE
/* Replay: each file is run once as is (mode byte 0: Annex B at once) when it
 * has a .264/.h264/.jsv name, else as a raw fuzzer input. */
static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz replay: cannot open %s\n", path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (len < 0) {
        fclose(f);
        return 1;
    }
    uint8_t *buf = malloc((size_t)len + 1);
    if (!buf || fread(buf + 1, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        fclose(f);
        return 1;
    }
    fclose(f);
    const char *ext = strrchr(path, '.');
    int is_stream = ext && (!strcmp(ext, ".264") || !strcmp(ext, ".h264") || !strcmp(ext, ".jsv"));
    if (is_stream) {
        for (unsigned mode = 0; mode < 16; mode += 2) { /* Annex B, all feeding modes */
            buf[0] = (uint8_t)mode;
            LLVMFuzzerTestOneInput(buf, (size_t)len + 1);
        }
    } else {
        LLVMFuzzerTestOneInput(buf + 1, (size_t)len);
    }
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int err = 0;
    for (int i = 1; i < argc; i++) {
        err |= replay(argv[i]);
        printf("replayed %s\n", argv[i]);
    }
    return err;
}
#endif
