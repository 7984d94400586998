# SPDX-License-Identifier: BSD-2-Clause
"""A small H.264 Annex B reader: per picture its size, slice type and QP.

Only what the benchmark needs to plot "QP per frame" for every encoder, the
way libwebrtc reads it (the slice QP: 26 + pic_init_qp_minus26 +
slice_qp_delta, 7.4.2.2 and 7.4.3). It parses SPS (7.3.2.1.1), PPS (7.3.2.2)
and the slice header (7.3.3) up to slice_qp_delta. Slice groups (FMO) are not
handled: such pictures get QP None.
"""

HIGH_PROFILES = (100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135)


class BitReader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def u(self, n):
        v = 0
        for _ in range(n):
            byte = self.data[self.pos >> 3] if (self.pos >> 3) < len(self.data) else 0
            v = (v << 1) | ((byte >> (7 - (self.pos & 7))) & 1)
            self.pos += 1
        return v

    def ue(self):
        """Exp-Golomb code (9.1)."""
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
            if zeros > 31:
                raise ValueError("bad exp-golomb code")
        return (1 << zeros) - 1 + self.u(zeros)

    def se(self):
        """Signed Exp-Golomb mapping (9.1.1)."""
        k = self.ue()
        return (k + 1) // 2 if k & 1 else -(k // 2)


def split_nals(data):
    """Yield (offset, payload) per NAL of an Annex B stream, start codes removed."""
    starts = []
    i, n = 0, len(data)
    while True:
        i = data.find(b"\x00\x00\x01", i)
        if i < 0:
            break
        starts.append(i + 3)
        i += 3
    for k, s in enumerate(starts):
        e = starts[k + 1] - 3 if k + 1 < len(starts) else n
        # Trailing zero bytes belong to the next start code (zero_byte, B.1.1).
        while e > s and data[e - 1] == 0:
            e -= 1
        yield s, data[s:e]


def unescape(payload):
    """Remove emulation_prevention_three_byte (7.4.1)."""
    return payload.replace(b"\x00\x00\x03", b"\x00\x00")


def _skip_scaling_list(br, size):
    last, nxt = 8, 8
    for _ in range(size):
        if nxt != 0:
            nxt = (last + br.se() + 256) % 256
        last = nxt if nxt != 0 else last


def parse_sps(br):
    sps = {"profile_idc": br.u(8)}
    br.u(16)  # constraint flags, reserved, level_idc
    sps_id = br.ue()
    sps["chroma_format_idc"], sps["separate_colour_plane"] = 1, 0
    if sps["profile_idc"] in HIGH_PROFILES:
        sps["chroma_format_idc"] = br.ue()
        if sps["chroma_format_idc"] == 3:
            sps["separate_colour_plane"] = br.u(1)
        br.ue(), br.ue(), br.u(1)     # bit depths, qpprime_y_zero_transform_bypass
        if br.u(1):                   # seq_scaling_matrix_present_flag
            for i in range(8 if sps["chroma_format_idc"] != 3 else 12):
                if br.u(1):
                    _skip_scaling_list(br, 16 if i < 6 else 64)
    sps["log2_max_frame_num"] = br.ue() + 4
    sps["poc_type"] = br.ue()
    if sps["poc_type"] == 0:
        sps["log2_max_poc_lsb"] = br.ue() + 4
    elif sps["poc_type"] == 1:
        sps["delta_pic_order_always_zero"] = br.u(1)
        br.se(), br.se()
        for _ in range(br.ue()):
            br.se()
    br.ue(), br.u(1)                  # max_num_ref_frames, gaps_in_frame_num_allowed
    br.ue(), br.ue()                  # picture size in MBs
    sps["frame_mbs_only"] = br.u(1)
    return sps_id, sps


def parse_pps(br):
    pps_id, sps_id = br.ue(), br.ue()
    pps = {"sps_id": sps_id, "entropy": br.u(1), "bottom_field_poc": br.u(1)}
    pps["slice_groups"] = br.ue() + 1
    if pps["slice_groups"] > 1:
        return pps_id, pps            # FMO: the rest is not needed (QP None)
    pps["num_ref_l0"], pps["num_ref_l1"] = br.ue() + 1, br.ue() + 1
    pps["weighted_pred"], pps["weighted_bipred"] = br.u(1), br.u(2)
    pps["pic_init_qp"] = 26 + br.se()
    br.se(), br.se()                  # pic_init_qs, chroma_qp_index_offset
    br.u(1), br.u(1)                  # deblocking_filter_control_present, constrained_intra_pred
    pps["redundant_pic_cnt_present"] = br.u(1)
    return pps_id, pps


def _skip_ref_list_modification(br):
    if br.u(1):
        while True:
            idc = br.ue()
            if idc == 3:
                break
            br.ue()


def _skip_pred_weight_table(br, sps, n_l0, n_l1, is_b):
    br.ue()
    chroma = sps["chroma_format_idc"] != 0
    if chroma:
        br.ue()
    for n in (n_l0, n_l1) if is_b else (n_l0,):
        for _ in range(n):
            if br.u(1):
                br.se(), br.se()
            if chroma and br.u(1):
                br.se(), br.se(), br.se(), br.se()


def _skip_dec_ref_pic_marking(br, idr):
    if idr:
        br.u(1), br.u(1)
        return
    if br.u(1):
        while True:
            op = br.ue()
            if op == 0:
                break
            if op in (1, 3):
                br.ue()
            if op == 2:
                br.ue()
            if op in (3, 6):
                br.ue()
            if op == 4:
                br.ue()


def parse_slice_header(br, nal_type, nal_ref_idc, sps_map, pps_map):
    """Return (first_mb, slice_type, qp) of a slice (7.3.3)."""
    first_mb, slice_type, pps_id = br.ue(), br.ue() % 5, br.ue()
    pps = pps_map[pps_id]
    sps = sps_map[pps["sps_id"]]
    if pps["slice_groups"] > 1:
        return first_mb, slice_type, None
    if sps["separate_colour_plane"]:
        br.u(2)
    br.u(sps["log2_max_frame_num"])
    field = 0
    if not sps["frame_mbs_only"]:
        field = br.u(1)
        if field:
            br.u(1)
    idr = nal_type == 5
    if idr:
        br.ue()
    if sps["poc_type"] == 0:
        br.u(sps["log2_max_poc_lsb"])
        if pps["bottom_field_poc"] and not field:
            br.se()
    if sps["poc_type"] == 1 and not sps["delta_pic_order_always_zero"]:
        br.se()
        if pps["bottom_field_poc"] and not field:
            br.se()
    if pps["redundant_pic_cnt_present"]:
        br.ue()
    is_b = slice_type == 1
    if is_b:
        br.u(1)                       # direct_spatial_mv_pred_flag
    n_l0, n_l1 = pps["num_ref_l0"], pps["num_ref_l1"]
    if slice_type in (0, 1, 3) and br.u(1):
        n_l0 = br.ue() + 1
        if is_b:
            n_l1 = br.ue() + 1
    if slice_type not in (2, 4):
        _skip_ref_list_modification(br)
        if is_b:
            _skip_ref_list_modification(br)
    if (pps["weighted_pred"] and slice_type in (0, 3)) or (pps["weighted_bipred"] == 1 and is_b):
        _skip_pred_weight_table(br, sps, n_l0, n_l1, is_b)
    if nal_ref_idc:
        _skip_dec_ref_pic_marking(br, idr)
    if pps["entropy"] and slice_type not in (2, 4):
        br.ue()
    return first_mb, slice_type, pps["pic_init_qp"] + br.se()


SLICE_NAMES = {0: "P", 1: "B", 2: "I", 3: "SP", 4: "SI"}


def pictures(data):
    """List of dicts per picture in decode order: bytes, type, qp, idr.

    Non-VCL NALs (SPS, PPS, SEI, AUD) count towards the next picture's bytes.
    """
    sps_map, pps_map, pics = {}, {}, []
    pending = 0
    for off, payload in split_nals(data):
        if not payload:
            continue
        nal_bytes = len(payload) + 3
        nal_type, ref_idc = payload[0] & 0x1F, (payload[0] >> 5) & 3
        if nal_type in (1, 5):
            br = BitReader(unescape(payload[1:64]))
            try:
                first_mb, st, qp = parse_slice_header(br, nal_type, ref_idc, sps_map, pps_map)
            except (KeyError, ValueError, IndexError):
                first_mb, st, qp = 0, None, None
            if first_mb == 0 or not pics:
                pics.append({"bytes": pending, "type": SLICE_NAMES.get(st, "?"),
                             "idr": nal_type == 5, "qps": []})
                pending = 0
            pics[-1]["bytes"] += nal_bytes
            if qp is not None:
                pics[-1]["qps"].append(qp)
            continue
        pending += nal_bytes
        br = BitReader(unescape(payload[1:256]))
        try:
            if nal_type == 7:
                k, v = parse_sps(br)
                sps_map[k] = v
            elif nal_type == 8:
                k, v = parse_pps(BitReader(unescape(payload[1:])))
                pps_map[k] = v
        except (ValueError, IndexError):
            pass
    for p in pics:
        p["qp"] = sum(p["qps"]) / len(p["qps"]) if p["qps"] else None
    return pics


def pictures_of_file(path):
    with open(path, "rb") as f:
        return pictures(f.read())
