/* SPDX-License-Identifier: BSD-2-Clause */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "decoder/dec.h"

/* Picture order count (8.2.1), reference lists (8.2.4), reference marking
 * (8.2.5) and the output process of the DPB (C.4). */

static int max_frame_num(const Rth264Decoder *d)
{
    return 1 << d->sps.log2_max_frame_num;
}

/* POCs and offsets of conforming streams stay far inside int; corrupt ones
 * are kept there so the arithmetic below never overflows. */
static int clamp_poc(int64_t v)
{
    return (int)(v < -(1 << 28) ? -(1 << 28) : v > (1 << 28) ? (1 << 28) : v);
}

static int poc_type0(Rth264Decoder *d, const Rth264SliceHeader *sh)
{
    const int max_lsb = 1 << d->sps.log2_max_poc_lsb;
    if (sh->idr) {
        d->prev_poc_msb = 0;
        d->prev_poc_lsb = 0;
    }
    const int lsb = sh->poc_lsb, plsb = d->prev_poc_lsb;
    int64_t m = d->prev_poc_msb;
    if (lsb < plsb && plsb - lsb >= max_lsb / 2)
        m += max_lsb;
    else if (lsb > plsb && lsb - plsb > max_lsb / 2)
        m -= max_lsb;
    const int msb = clamp_poc(m);
    const int top = clamp_poc((int64_t)msb + lsb), bottom = clamp_poc((int64_t)top + sh->delta_poc_bottom);
    d->cur_poc_msb = msb;
    d->cur_top_poc = top;
    return top < bottom ? top : bottom;
}

static int frame_num_offset(const Rth264Decoder *d, const Rth264SliceHeader *sh)
{
    if (sh->idr)
        return 0;
    if (d->prev_frame_num > sh->frame_num)
        return clamp_poc((int64_t)d->prev_frame_num_offset + max_frame_num(d));
    return d->prev_frame_num_offset;
}

static int poc_type1(Rth264Decoder *d, const Rth264SliceHeader *sh, int fno)
{
    const Rth264Sps *sps = &d->sps;
    const int n = sps->num_ref_frames_in_poc_cycle;
    int abs_frame_num = n ? fno + sh->frame_num : 0;
    if (!sh->nal_ref_idc && abs_frame_num > 0)
        abs_frame_num--;
    int64_t expected = 0;
    if (abs_frame_num > 0) {
        int64_t delta_cycle = 0;
        for (int i = 0; i < n; i++)
            delta_cycle += sps->offset_for_ref_frame[i];
        const int cycle = (abs_frame_num - 1) / n, in_cycle = (abs_frame_num - 1) % n;
        expected = (int64_t)cycle * delta_cycle;
        for (int i = 0; i <= in_cycle; i++)
            expected += sps->offset_for_ref_frame[i];
    }
    if (!sh->nal_ref_idc)
        expected += sps->offset_for_non_ref_pic;
    const int64_t top = expected + sh->delta_poc[0];
    const int64_t bottom = top + sps->offset_for_top_to_bottom_field + sh->delta_poc[1];
    d->cur_top_poc = clamp_poc(top);
    return clamp_poc(top < bottom ? top : bottom);
}

int rth264_compute_poc(Rth264Decoder *d, const Rth264SliceHeader *sh)
{
    const int fno = frame_num_offset(d, sh);
    int poc;
    switch (d->sps.poc_type) {
    case 0:
        poc = poc_type0(d, sh);
        break;
    case 1:
        poc = poc_type1(d, sh, fno);
        break;
    default:
        poc = sh->idr ? 0 : clamp_poc(2 * ((int64_t)fno + sh->frame_num) - !sh->nal_ref_idc);
        d->cur_top_poc = poc;
        break;
    }
    d->cur.poc = poc;
    d->cur.frame_num = sh->frame_num;
    d->cur_frame_num_offset = fno;
    return 0;
}

/* After the current picture: remember what 8.2.1 needs from it. */
static void update_poc_state(Rth264Decoder *d)
{
    const Rth264SliceHeader *sh = &d->first_sh;
    if (d->cur.mmco5) {
        /* 8.2.1: after mmco 5 the picture counts as frame_num 0 and its
         * POCs are made relative to tempPicOrderCnt = its frame POC. */
        d->prev_frame_num_offset = 0;
        d->prev_frame_num = 0;
        d->prev_poc_msb = 0;
        d->prev_poc_lsb = d->cur_top_poc - d->cur.poc;
        d->cur.poc = 0;
        return;
    }
    d->prev_frame_num_offset = d->cur_frame_num_offset;
    d->prev_frame_num = sh->frame_num;
    if (sh->nal_ref_idc) {
        d->prev_poc_msb = d->cur_poc_msb;
        d->prev_poc_lsb = sh->poc_lsb;
    }
}

/* ---- reference lists (8.2.4) ---- */

static int pic_num(const Rth264Decoder *d, const DecPic *p, int cur_frame_num)
{
    /* 8.2.4.1 FrameNumWrap (= PicNum for frames) */
    return p->frame_num > cur_frame_num ? p->frame_num - max_frame_num(d) : p->frame_num;
}

DecPic *rth264_nearest_ref(Rth264Decoder *d)
{
    DecPic *best = NULL;
    for (int i = 0; i < DPB_SLOTS; i++) {
        DecPic *p = &d->dpb[i];
        if (!p->frame || !p->ref)
            continue;
        if (!best || p->non_existing < best->non_existing ||
            (p->non_existing == best->non_existing && p->id > best->id))
            best = p;
    }
    return best;
}

static void sort_by(DecPic **list, int n, const int *key, int descending)
{
    /* insertion sort: at most 16 entries */
    for (int i = 1; i < n; i++) {
        DecPic *p = list[i];
        int k = key[i], j = i - 1;
        while (j >= 0 && (descending ? key[j] < k : key[j] > k)) {
            list[j + 1] = list[j];
            ((int *)key)[j + 1] = key[j];
            j--;
        }
        list[j + 1] = p;
        ((int *)key)[j + 1] = k;
    }
}

/* 8.2.4.2.1: short-term by descending PicNum, then long-term ascending. */
static int init_list_p(Rth264Decoder *d, DecPic **list, int frame_num)
{
    int keys[DPB_SLOTS], n = 0;
    for (int i = 0; i < DPB_SLOTS; i++)
        if (d->dpb[i].frame && d->dpb[i].ref == REF_SHORT) {
            keys[n] = pic_num(d, &d->dpb[i], frame_num);
            list[n++] = &d->dpb[i];
        }
    sort_by(list, n, keys, 1);
    int nl = 0;
    for (int i = 0; i < DPB_SLOTS; i++)
        if (d->dpb[i].frame && d->dpb[i].ref == REF_LONG) {
            keys[n + nl] = d->dpb[i].long_term_frame_idx;
            list[n + nl++] = &d->dpb[i];
        }
    sort_by(list + n, nl, keys + n, 0);
    return n + nl;
}

static DecPic *find_short(Rth264Decoder *d, int num, int frame_num)
{
    for (int i = 0; i < DPB_SLOTS; i++)
        if (d->dpb[i].frame && d->dpb[i].ref == REF_SHORT && pic_num(d, &d->dpb[i], frame_num) == num)
            return &d->dpb[i];
    return NULL;
}

static DecPic *find_long(Rth264Decoder *d, int num)
{
    for (int i = 0; i < DPB_SLOTS; i++)
        if (d->dpb[i].frame && d->dpb[i].ref == REF_LONG && d->dpb[i].long_term_frame_idx == num)
            return &d->dpb[i];
    return NULL;
}

/* 8.2.4.3: returns 0, or -1 when a modification names a missing picture. */
static int modify_list(Rth264Decoder *d, const Rth264SliceHeader *sh, DecPic **list, int count, int l)
{
    const int maxpn = max_frame_num(d), cur = sh->frame_num;
    int pred = cur, idx = 0, ret = 0;
    for (int m = 0; m < sh->num_ref_mods[l] && idx < count; m++) {
        const Rth264RefMod *mod = &sh->ref_mods[l][m];
        DecPic *pic;
        if (mod->idc < 2) {
            const int64_t diff = (int64_t)mod->value + 1;
            if (diff > maxpn)
                return -1;
            int nowrap = (int)(mod->idc == 0 ? pred - diff : pred + diff);
            if (nowrap < 0)
                nowrap += maxpn;
            else if (nowrap >= maxpn)
                nowrap -= maxpn;
            pred = nowrap;
            pic = find_short(d, nowrap > cur ? nowrap - maxpn : nowrap, cur);
        } else {
            pic = find_long(d, (int)mod->value);
        }
        if (!pic) {
            ret = -1;
            continue;
        }
        /* 8-37 / 8-38: insert at idx, remove the later duplicate. */
        for (int c = count; c > idx; c--)
            list[c] = list[c - 1];
        list[idx++] = pic;
        int n = idx;
        for (int c = idx; c <= count; c++)
            if (list[c] != pic)
                list[n++] = list[c];
    }
    return ret;
}

/* Before any reference exists (decoding joined mid-stream, IDR lost), P/B
 * slices predict from mid-grey so their intra macroblocks still decode:
 * an intra refresh then repairs the picture. */
static DecPic *grey_reference(Rth264Decoder *d)
{
    DecPic *g = &d->grey;
    if (g->frame && (g->frame->width != d->mb_width * 16 || g->frame->height != d->mb_height * 16))
        rth264_release_pic(d, g);
    if (!g->frame) {
        g->frame = rth264_frame_alloc(d->mb_width * 16, d->mb_height * 16);
        if (!g->frame)
            return NULL;
        memset(g->frame->buf, 128, g->frame->buf_size);
        g->id = d->next_pic_id++;
        g->ref = REF_SHORT;
        g->non_existing = 1;
    }
    g->poc = d->cur.poc;
    return g;
}

/* 8.2.4.2.3: B lists from POC order around the current picture. */
static void init_lists_b(Rth264Decoder *d, DecPic **l0, DecPic **l1, int *n0, int *n1)
{
    DecPic *before[DPB_SLOTS], *after[DPB_SLOTS], *longs[DPB_SLOTS];
    int kb[DPB_SLOTS], ka[DPB_SLOTS], kl[DPB_SLOTS], nb = 0, na = 0, nl = 0;
    const int cur = d->cur.poc;
    for (int i = 0; i < DPB_SLOTS; i++) {
        DecPic *p = &d->dpb[i];
        if (!p->frame || !p->ref)
            continue;
        if (p->ref == REF_LONG) {
            kl[nl] = p->long_term_frame_idx;
            longs[nl++] = p;
        } else if (p->poc <= cur) {
            kb[nb] = p->poc;
            before[nb++] = p;
        } else {
            ka[na] = p->poc;
            after[na++] = p;
        }
    }
    sort_by(before, nb, kb, 1);
    sort_by(after, na, ka, 0);
    sort_by(longs, nl, kl, 0);
    int k = 0;
    for (int i = 0; i < nb; i++) l0[k++] = before[i];
    for (int i = 0; i < na; i++) l0[k++] = after[i];
    for (int i = 0; i < nl; i++) l0[k++] = longs[i];
    *n0 = k;
    k = 0;
    for (int i = 0; i < na; i++) l1[k++] = after[i];
    for (int i = 0; i < nb; i++) l1[k++] = before[i];
    for (int i = 0; i < nl; i++) l1[k++] = longs[i];
    *n1 = k;
    if (k > 1 && !memcmp(l0, l1, (size_t)k * sizeof(*l0))) {
        DecPic *t = l1[0];
        l1[0] = l1[1];
        l1[1] = t;
    }
}

int rth264_build_ref_lists(Rth264Decoder *d, SliceCtx *s)
{
    const Rth264SliceHeader *sh = s->sh;
    DecPic *lists[2][DPB_SLOTS + 33] = { { 0 } };
    int n[2] = { 0, 0 }, ret = 0;
    s->ref_count[0] = s->ref_count[1] = 0;
    if (sh->slice_type == RTH264_SLICE_I || sh->slice_type == RTH264_SLICE_SI)
        return 0;
    const int nlists = sh->slice_type == RTH264_SLICE_B ? 2 : 1;
    if (nlists == 2)
        init_lists_b(d, lists[0], lists[1], &n[0], &n[1]);
    else
        n[0] = init_list_p(d, lists[0], sh->frame_num);
    for (int l = 0; l < nlists; l++) {
        const int count = sh->num_ref_idx_active[l];
        DecPic **list = lists[l];
        for (int i = n[l]; i < count + 1; i++)
            list[i] = NULL;
        if (modify_list(d, sh, list, count, l) < 0)
            ret = -1;
        /* Missing entries (lost references): substitute the nearest picture
         * so prediction stays defined. */
        DecPic *fallback = list[0] ? list[0] : rth264_nearest_ref(d);
        if (!fallback)
            fallback = grey_reference(d);
        for (int i = 0; i < count; i++) {
            /* An empty entry is only an error if a macroblock uses it. */
            s->ref_missing[l][i] = !list[i] || list[i]->non_existing;
            if (!list[i])
                list[i] = fallback;
            s->refs[l][i] = list[i];
        }
        s->ref_count[l] = fallback ? count : 0;
    }
    return ret;
}

/* ---- reference marking (8.2.5) ---- */

static void unmark(DecPic *p)
{
    p->ref = REF_NONE;
}

static void sliding_window(Rth264Decoder *d)
{
    int n = 0;
    DecPic *oldest = NULL;
    for (int i = 0; i < DPB_SLOTS; i++) {
        DecPic *p = &d->dpb[i];
        if (!p->frame || !p->ref)
            continue;
        n++;
        if (p->ref == REF_SHORT && (!oldest || p->frame_num_wrap < oldest->frame_num_wrap))
            oldest = p;
    }
    const int max = d->sps.max_num_ref_frames > 0 ? d->sps.max_num_ref_frames : 1;
    if (n >= max && oldest)
        unmark(oldest);
}

static void update_frame_num_wrap(Rth264Decoder *d, int frame_num)
{
    for (int i = 0; i < DPB_SLOTS; i++)
        if (d->dpb[i].frame && d->dpb[i].ref == REF_SHORT)
            d->dpb[i].frame_num_wrap = pic_num(d, &d->dpb[i], frame_num);
}

static void unmark_long_idx(Rth264Decoder *d, int idx, const DecPic *except)
{
    for (int i = 0; i < DPB_SLOTS; i++) {
        DecPic *p = &d->dpb[i];
        if (p->frame && p->ref == REF_LONG && p->long_term_frame_idx == idx && p != except)
            unmark(p);
    }
}

static void apply_mmco(Rth264Decoder *d, const Rth264Mmco *m, int frame_num)
{
    DecPic *p;
    switch (m->op) {
    case 1:
        if ((p = find_short(d, frame_num - (int)m->diff_pic_nums_minus1 - 1, frame_num)))
            unmark(p);
        break;
    case 2:
        if ((p = find_long(d, (int)m->long_term_pic_num)))
            unmark(p);
        break;
    case 3:
        if ((p = find_short(d, frame_num - (int)m->diff_pic_nums_minus1 - 1, frame_num))) {
            unmark_long_idx(d, (int)m->long_term_frame_idx, p);
            p->ref = REF_LONG;
            p->long_term_frame_idx = (int)m->long_term_frame_idx;
        }
        break;
    case 4:
        d->max_long_term_idx = (int)m->max_long_term_idx_plus1 - 1;
        for (int i = 0; i < DPB_SLOTS; i++)
            if (d->dpb[i].frame && d->dpb[i].ref == REF_LONG &&
                d->dpb[i].long_term_frame_idx > d->max_long_term_idx)
                unmark(&d->dpb[i]);
        break;
    case 5:
        for (int i = 0; i < DPB_SLOTS; i++)
            unmark(&d->dpb[i]);
        d->max_long_term_idx = -1;
        break;
    case 6:
        unmark_long_idx(d, (int)m->long_term_frame_idx, NULL);
        d->cur.ref = REF_LONG;
        d->cur.long_term_frame_idx = (int)m->long_term_frame_idx;
        break;
    }
}

/* Too many references after marking (corrupt streams): drop the oldest. */
static void enforce_ref_limit(Rth264Decoder *d)
{
    const int max = d->sps.max_num_ref_frames > 0 ? d->sps.max_num_ref_frames : 1;
    for (;;) {
        int n = 0;
        DecPic *oldest = NULL;
        for (int i = 0; i < DPB_SLOTS; i++) {
            DecPic *p = &d->dpb[i];
            if (!p->frame || !p->ref)
                continue;
            n++;
            if (!oldest || (p->ref == REF_SHORT && (oldest->ref == REF_LONG ||
                                                    p->frame_num_wrap < oldest->frame_num_wrap)))
                oldest = p;
        }
        if (n < max || !oldest)
            return;
        unmark(oldest);
    }
}

void rth264_mark_references(Rth264Decoder *d)
{
    const Rth264SliceHeader *sh = &d->first_sh;
    if (!sh->nal_ref_idc) {
        d->cur.ref = REF_NONE;
        update_poc_state(d);
        return;
    }
    update_frame_num_wrap(d, sh->frame_num);
    d->cur.ref = REF_SHORT;
    if (sh->idr) {
        for (int i = 0; i < DPB_SLOTS; i++)
            unmark(&d->dpb[i]);
        d->max_long_term_idx = sh->long_term_reference ? 0 : -1;
        if (sh->long_term_reference) {
            d->cur.ref = REF_LONG;
            d->cur.long_term_frame_idx = 0;
        }
    } else if (sh->adaptive_ref_pic_marking) {
        for (int i = 0; i < sh->num_mmco; i++)
            apply_mmco(d, &sh->mmco[i], sh->frame_num);
    } else {
        sliding_window(d);
    }
    if (d->cur.ref == REF_SHORT)
        enforce_ref_limit(d);
    d->cur.frame_num_wrap = sh->frame_num;
    d->prev_ref_frame_num = d->cur.mmco5 ? 0 : sh->frame_num;
    d->have_prev_ref = 1;
    update_poc_state(d);
    if (d->cur.mmco5)
        d->cur.frame_num = 0;
}

/* ---- frame_num gaps (8.2.5.2) ---- */

static DecPic *free_slot(Rth264Decoder *d)
{
    for (int i = 0; i < DPB_SLOTS; i++)
        if (!d->dpb[i].frame)
            return &d->dpb[i];
    return NULL;
}

void rth264_release_pic(Rth264Decoder *d, DecPic *p)
{
    if (p->frame)
        rth264_picture_ref_put(&p->frame->ref);
    if (p->motion) {
        if (p->motion_mbs == d->mb_count && d->num_spare < SPARE_MOTION) {
            d->spare[d->num_spare].mbinfo = p->motion;
            d->spare[d->num_spare].ref_idx = p->motion_ref_idx;
            d->num_spare++;
        } else {
            free(p->motion);
            free(p->motion_ref_idx);
        }
    }
    memset(p, 0, sizeof(*p));
}

static void remove_unused(Rth264Decoder *d)
{
    for (int i = 0; i < DPB_SLOTS; i++) {
        DecPic *p = &d->dpb[i];
        if (p->frame && !p->ref && !p->output_needed)
            rth264_release_pic(d, p);
    }
}

static void out_push(Rth264Decoder *d, DecPic *p)
{
    if (d->out_count == OUT_QUEUE) {
        /* The caller is not collecting pictures: drop the oldest. */
        rth264_release_pic(d, &d->out[d->out_head]);
        d->out_head = (d->out_head + 1) % OUT_QUEUE;
        d->out_count--;
    }
    DecPic *o = &d->out[(d->out_head + d->out_count) % OUT_QUEUE];
    *o = *p;
    d->out_count++;
}

/* Output the waiting picture with the smallest POC (C.4.5.3). */
static int bump(Rth264Decoder *d)
{
    DecPic *best = NULL;
    for (int i = 0; i < DPB_SLOTS; i++) {
        DecPic *p = &d->dpb[i];
        if (p->frame && p->output_needed && (!best || p->poc < best->poc))
            best = p;
    }
    if (!best)
        return 0;
    DecPic copy = *best;
    copy.motion = NULL;
    copy.motion_ref_idx = NULL;
    rth264_picture_ref_get(&copy.frame->ref);
    out_push(d, &copy);
    best->output_needed = 0;
    if (!best->ref)
        rth264_release_pic(d, best);
    return 1;
}

void rth264_bump_all(Rth264Decoder *d)
{
    while (bump(d))
        ;
    remove_unused(d);
}

static int dpb_fullness(const Rth264Decoder *d, int *waiting, int *min_poc)
{
    int n = 0;
    *waiting = 0;
    *min_poc = INT32_MAX;
    for (int i = 0; i < DPB_SLOTS; i++) {
        const DecPic *p = &d->dpb[i];
        if (!p->frame)
            continue;
        n++;
        if (p->output_needed) {
            (*waiting)++;
            if (p->poc < *min_poc)
                *min_poc = p->poc;
        }
    }
    return n;
}

/* Make room for one more picture; evicts a reference only for corrupt
 * streams that keep more references than the DPB holds. */
static DecPic *make_room(Rth264Decoder *d)
{
    int waiting, min_poc;
    while (dpb_fullness(d, &waiting, &min_poc) >= d->dpb_size && bump(d))
        ;
    DecPic *slot = free_slot(d);
    if (!slot) {
        DecPic *victim = NULL;
        for (int i = 0; i < DPB_SLOTS; i++)
            if (!victim || d->dpb[i].frame_num_wrap < victim->frame_num_wrap)
                victim = &d->dpb[i];
        if (victim->output_needed) {
            rth264_picture_ref_get(&victim->frame->ref);
            DecPic copy = *victim;
            copy.motion = NULL;
            copy.motion_ref_idx = NULL;
            out_push(d, &copy);
        }
        rth264_release_pic(d, victim);
        slot = victim;
    }
    return slot;
}

int rth264_handle_frame_num_gap(Rth264Decoder *d, const Rth264SliceHeader *sh)
{
    const int max = max_frame_num(d);
    if (sh->idr || !d->have_prev_ref || sh->frame_num == d->prev_ref_frame_num ||
        sh->frame_num == (d->prev_ref_frame_num + 1) % max)
        return 0;
    int unused = (d->prev_ref_frame_num + 1) % max;
    const int gap = (sh->frame_num - unused + max) % max;
    const int refs = d->sps.max_num_ref_frames > 0 ? d->sps.max_num_ref_frames : 1;
    if (gap > refs) /* older ones would leave the sliding window anyway */
        unused = (sh->frame_num - refs + max) % max;
    DecPic *src = rth264_nearest_ref(d);
    for (; unused != sh->frame_num; unused = (unused + 1) % max) {
        if (!src)
            break;
        update_frame_num_wrap(d, unused);
        sliding_window(d);
        remove_unused(d);
        DecPic *slot = make_room(d);
        if (src->frame == NULL) /* evicted by make_room */
            break;
        memset(slot, 0, sizeof(*slot));
        slot->frame = src->frame;
        rth264_picture_ref_get(&slot->frame->ref);
        slot->id = d->next_pic_id++;
        slot->frame_num = slot->frame_num_wrap = unused;
        slot->ref = REF_SHORT;
        slot->non_existing = 1;
        slot->poc = src->poc;
        if (d->prev_frame_num > unused)
            d->prev_frame_num_offset = clamp_poc((int64_t)d->prev_frame_num_offset + max);
        d->prev_frame_num = unused;
        d->prev_ref_frame_num = unused;
        src = slot;
    }
    return sh->slice_type == RTH264_SLICE_I || d->sps.gaps_in_frame_num_allowed ? 0 : -1;
}

/* ---- storing the decoded picture (C.4.4, C.4.5) ---- */

int rth264_store_picture(Rth264Decoder *d)
{
    const Rth264SliceHeader *sh = &d->first_sh;
    if (d->cur.idr || d->cur.mmco5) {
        if (sh->no_output_of_prior_pics && d->cur.idr) {
            for (int i = 0; i < DPB_SLOTS; i++)
                rth264_release_pic(d, &d->dpb[i]);
        } else {
            rth264_bump_all(d);
        }
    }
    remove_unused(d);
    int waiting, min_poc;
    while (dpb_fullness(d, &waiting, &min_poc) >= d->dpb_size) {
        if (!d->cur.ref && (!waiting || d->cur.poc < min_poc)) {
            /* C.4.5.2: a non-reference picture that would be output next
             * goes out directly. */
            if (d->cur.output_needed)
                out_push(d, &d->cur);
            else
                rth264_release_pic(d, &d->cur);
            memset(&d->cur, 0, sizeof(d->cur));
            return 0;
        }
        if (!bump(d))
            break;
    }
    DecPic *slot = make_room(d);
    *slot = d->cur;
    memset(&d->cur, 0, sizeof(d->cur));
    while (dpb_fullness(d, &waiting, &min_poc) && waiting > d->reorder_depth && bump(d))
        ;
    return 0;
}

void rth264_dpb_clear(Rth264Decoder *d)
{
    for (int i = 0; i < DPB_SLOTS; i++)
        rth264_release_pic(d, &d->dpb[i]);
    while (d->out_count) {
        rth264_release_pic(d, &d->out[d->out_head]);
        d->out_head = (d->out_head + 1) % OUT_QUEUE;
        d->out_count--;
    }
    d->out_head = 0;
    d->have_prev_ref = 0;
}

Rth264Frame *rth264_new_frame(Rth264Decoder *d)
{
    return rth264_frame_pool_get(d->pool, d->mb_width * 16, d->mb_height * 16);
}
