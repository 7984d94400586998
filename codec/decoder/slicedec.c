/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <string.h>

#include "decoder/dec.h"
#include "decoder/slicedec.h"

/* slice_data() (7.3.4) for CAVLC: macroblock loop with mb_skip_run,
 * macroblock address order with slice groups (8.2.2). */

/* 8.2.2.8: next macroblock of the same slice group, -1 at the end. */
static int next_mb_addr(const Rth264Decoder *d, int addr)
{
    const uint8_t *map = d->slice_groups_active ? d->slice_group_map : NULL;
    const int group = map ? map[addr] : 0;
    for (addr++; addr < d->mb_count; addr++)
        if (!map || map[addr] == group)
            return addr;
    return -1;
}

static void set_position(SliceCtx *s, int addr)
{
    const Rth264Decoder *d = s->d;
    s->mb_addr = addr;
    s->mb_x = addr % d->mb_width;
    s->mb_y = addr / d->mb_width;
    /* The upper-right neighbour of the next macroblock was written a row
     * ago and is likely out of the L1 cache by now: fetch it meanwhile. */
    const int next_c = addr + 2 - d->mb_width;
    if (next_c >= 0 && next_c < d->mb_count) {
        const Rth264MbInfo *mi = &d->mbinfo[next_c];
        __builtin_prefetch(mi);
        __builtin_prefetch(mi->mv[0][12]);
        __builtin_prefetch(mi->mv[1][12]);
        __builtin_prefetch(d->ref_idx[next_c]);
        __builtin_prefetch(d->nnz[next_c]);
    }
}

static void decode_skip(SliceCtx *s)
{
    static const int8_t no_modes[16] = { 0 };
    DecMb *mb = &s->mb;
    mb->kind = s->sh->slice_type == RTH264_SLICE_B ? MB_BSKIP : MB_PSKIP;
    mb->cbp = 0;
    mb->transform_8x8 = 0;
    mb->luma_dc_present = mb->chroma_dc_present[0] = mb->chroma_dc_present[1] = 0;
    memset(mb->total_coeff, 0, sizeof(mb->total_coeff));
    mb->coded = 0;
    if (s->ref_missing[0][0] || (mb->kind == MB_BSKIP && s->ref_missing[1][0]))
        s->d->cur_error = 1;
    rth264_load_neighbours_skip(s);
    rth264_derive_mvs(s);
    rth264_recon_mb(s, no_modes);
    rth264_store_mb_info(s, no_modes);
}

static int decode_coded_mb(SliceCtx *s)
{
    int8_t modes[16] = { 0 };
    rth264_load_neighbours(s);
    if (rth264_cavlc_parse_mb(s, s->sh->slice_type, NULL) < 0) {
        memset(s->mb.coeffs, 0, sizeof(s->mb.coeffs));
        return -1;
    }
    if (!mb_kind_is_intra(s->mb.kind)) {
        for (int l = 0; l < 2 && !s->refs_safe; l++)
            for (int i = 0; i < 4; i++) {
                const int r = s->mb.ref_idx[l][i];
                if (r && r >= s->ref_count[l])
                    return -1;
                if (s->ref_missing[l][r])
                    s->d->cur_error = 1; /* predicted from a lost picture */
            }
        rth264_derive_mvs(s);
    } else if (s->mb.kind == MB_I4x4) {
        rth264_predict_intra4x4_modes(s, modes);
    }
    rth264_recon_mb(s, modes);
    rth264_store_mb_info(s, modes);
    return 0;
}

int rth264_decode_slice_data(SliceCtx *s)
{
    Rth264Decoder *d = s->d;
    int addr = (int)s->sh->first_mb;
    const int is_p = s->sh->slice_type != RTH264_SLICE_I;
    for (;;) {
        if (is_p) {
            const uint32_t run = rth264_br_ue(&s->br);
            if (s->br.error || run > (uint32_t)d->mb_count)
                return -1;
            for (uint32_t i = 0; i < run; i++) {
                if (addr < 0 || mb_decoded(d, addr))
                    return -1;
                set_position(s, addr);
                decode_skip(s);
                d->mbs_decoded++;
                d->qp_sum += s->qp;
                addr = next_mb_addr(d, addr);
            }
            if (run > 0 && !rth264_br_more_rbsp_data(&s->br))
                return 0;
        }
        if (addr < 0 || mb_decoded(d, addr))
            return -1;
        set_position(s, addr);
        if (decode_coded_mb(s) < 0)
            return -1;
        d->mbs_decoded++;
        d->qp_sum += s->qp;
        if (!rth264_br_more_rbsp_data(&s->br))
            return 0;
        addr = next_mb_addr(d, addr);
        if (addr < 0)
            return s->br.error ? -1 : 0;
    }
}
