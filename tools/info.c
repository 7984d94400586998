/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rth264/rth264.h"
#include "common/bitreader.h"
#include "common/nal.h"
#include "decoder/ps.h"
#include "cli.h"

/* rth264 info: the parameter sets of a stream and one line per picture
 * (in output order). Parameter sets are parsed with the decoder's own
 * parser; pictures come from the public API. */

static const char *profile_name(int idc, int flags)
{
    switch (idc) {
    case 66: return flags & 0x40 ? "Constrained Baseline" : "Baseline";
    case 77: return "Main";
    case 88: return "Extended";
    case 100: return flags & 0x10 ? "High Intra" : "High";
    case 110: return "High 10";
    case 122: return "High 4:2:2";
    case 244: return "High 4:4:4 Predictive";
    default: return "other";
    }
}

static void print_sps(const Rth264Sps *s)
{
    printf("SPS id %d: profile %d (%s) constraints 0x%02x level %d.%d, %dx%d (%dx%d MBs), "
           "crop l%d r%d t%d b%d\n",
           s->id, s->profile_idc, profile_name(s->profile_idc, s->constraint_flags), s->constraint_flags,
           s->level_idc / 10, s->level_idc % 10, s->mb_width * 16, s->mb_height * 16, s->mb_width,
           s->mb_height, s->crop_left, s->crop_right, s->crop_top, s->crop_bottom);
    printf("  chroma_format %d bit_depth %d/%d frame_mbs_only %d ref_frames %d gaps %d "
           "log2_max_frame_num %d poc_type %d",
           s->chroma_format_idc, s->bit_depth_luma, s->bit_depth_chroma, s->frame_mbs_only,
           s->max_num_ref_frames, s->gaps_in_frame_num_allowed, s->log2_max_frame_num, s->poc_type);
    if (s->poc_type == 0)
        printf(" log2_max_poc_lsb %d", s->log2_max_poc_lsb);
    printf("%s\n", s->unsupported ? " [unsupported features]" : "");
    if (!s->vui_present)
        return;
    const Rth264Vui *v = &s->vui;
    printf("  VUI: sar %d:%d full_range %d primaries %d transfer %d matrix %d", v->sar_width, v->sar_height,
           v->full_range, v->colour_primaries, v->transfer_characteristics, v->matrix_coefficients);
    if (v->timing_info_present)
        printf(" timing %u/%u fixed %d", v->time_scale, v->num_units_in_tick, v->fixed_frame_rate);
    if (v->bitstream_restriction)
        printf(" max_num_reorder %d max_dec_frame_buffering %d", v->max_num_reorder_frames,
               v->max_dec_frame_buffering);
    printf("\n");
}

static void print_pps(const Rth264Pps *p)
{
    printf("PPS id %d (SPS %d): %s, slice_groups %d (map %d), refs %d/%d, weighted %d/%d, qp %d, "
           "chroma_qp_offset %d, deblocking_control %d, constrained_intra %d, transform_8x8 %d%s\n",
           p->id, p->sps_id, p->entropy_coding_mode ? "CABAC" : "CAVLC", p->num_slice_groups,
           p->slice_group_map_type, p->num_ref_idx_default[0], p->num_ref_idx_default[1], p->weighted_pred,
           p->weighted_bipred_idc, p->pic_init_qp, p->chroma_qp_index_offset,
           p->deblocking_filter_control_present, p->constrained_intra_pred, p->transform_8x8_mode,
           p->unsupported ? " [unsupported features]" : "");
}

/* Print an SPS or PPS NAL unit (others are ignored). */
static void describe_nal(const uint8_t *nal, size_t size, Rth264Sps *spss, Rth264NalBuffer *buf)
{
    if (size < 2)
        return;
    const int type = nal[0] & 31;
    if ((type != 7 && type != 8) || rth264_nal_unescape(buf, nal + 1, size - 1) < 0)
        return;
    Rth264BitReader br;
    rth264_br_init(&br, buf->data, buf->size);
    if (type == 7) {
        Rth264Sps sps;
        if (rth264_parse_sps(&sps, &br) < 0) {
            printf("SPS: invalid\n");
            return;
        }
        spss[sps.id] = sps;
        print_sps(&sps);
    } else {
        Rth264Pps pps = { 0 };
        if (rth264_parse_pps(&pps, &br, spss) < 0)
            printf("PPS: invalid\n");
        else
            print_pps(&pps);
        rth264_pps_clear(&pps);
    }
}

static const char *type_name(int t)
{
    static const char *names[] = { "?", "IDR", "I", "P", "B" };
    return t >= 0 && t <= 4 ? names[t] : "?";
}

static void print_pictures(Rth264Decoder *dec, long *count)
{
    Rth264Picture pic;
    while (rth264_decoder_get_picture(dec, &pic) == 0) {
        printf("picture %ld: %s poc %d qp %d %dx%d%s\n", *count, type_name(pic.frame_type), pic.poc, pic.qp,
               pic.width, pic.height, pic.concealed ? " concealed" : "");
        (*count)++;
        rth264_picture_unref(&pic);
    }
}

static uint8_t *load(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "rth264 info: cannot open '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 20;
            uint8_t *nb = realloc(buf, cap);
            if (!nb)
                break;
            buf = nb;
        }
        const size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (!r)
            break;
    }
    fclose(f);
    *size = n;
    return buf;
}

int rth264_cli_info(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: rth264 info IN.264\n");
        return 2;
    }
    size_t size = 0;
    uint8_t *data = load(argv[1], &size);
    if (!data)
        return 1;
    static Rth264Sps spss[RTH264_MAX_SPS];
    Rth264NalBuffer buf = { 0 };
    Rth264Decoder *dec = NULL;
    if (rth264_decoder_open(&dec, NULL) < 0) {
        free(data);
        return 1;
    }
    long pictures = 0, errors = 0;
    const uint8_t *end = data + size, *p = rth264_nal_find_start(data, end);
    while (p && p < end) {
        const size_t len = rth264_nal_length(p, end);
        describe_nal(p, len, spss, &buf);
        if (rth264_decoder_send_data(dec, p - 3, len + 3, 0, NULL, 0) < 0)
            errors++;
        print_pictures(dec, &pictures);
        p = rth264_nal_find_start(p + len, end);
    }
    rth264_decoder_drain(dec);
    print_pictures(dec, &pictures);
    Rth264StreamInfo si;
    if (rth264_decoder_get_stream_info(dec, &si) == 0)
        printf("stream: %dx%d (coded %dx%d), output delay %d, DPB %d frames\n", si.width, si.height,
               si.coded_width, si.coded_height, si.num_reorder_frames, si.max_dec_frame_buffering);
    printf("%ld pictures, %ld NAL units with errors\n", pictures, errors);
    rth264_decoder_close(&dec);
    rth264_nal_buffer_free(&buf);
    free(data);
    return 0;
}
