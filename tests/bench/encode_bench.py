# SPDX-License-Identifier: BSD-2-Clause
"""Encoder benchmark: speed, rate-distortion (BD-rate) and rate accuracy.

Every encode runs gst_encode.py in its own process (single-threaded
encoders, CPU time per frame from the streaming thread's clock). Runs are
interleaved: run 1 of every (source, bitrate, contender), then run 2, ...;
odd runs go through the contenders in reverse order, so that no contender
always runs right after the same one (the state a heavy run leaves on the
shared machine would otherwise favour or penalise a fixed position).
Quality and rate are taken from run 1 (the encoders are deterministic; the
sizes of later runs are compared to make sure), speed from the median of all.
"""
import hashlib
import json
import os
import subprocess
import sys

import bdrate
import h264_slices
import psnr
from common import (HERE, RUN_TIMEOUT, RunError, gst_env, gst_has_element, log, median,
                    percentile, run_timed)

GST_ENCODE = os.path.join(HERE, "gst_encode.py")
CB_CAPS = "video/x-h264,profile=constrained-baseline,stream-format=byte-stream,alignment=au"
BS_CAPS = "video/x-h264,stream-format=byte-stream,alignment=au"

# A key frame only at the start (WebRTC asks for key frames on request only).
NO_GOP = 100000


class EncContender:
    """One encoder configuration; bitrate_unit is the element's unit in bit/s."""

    def __init__(self, name, element, props, caps, bitrate_unit, reference=False):
        self.name, self.element, self.props = name, element, props
        self.caps, self.bitrate_unit, self.reference = caps, bitrate_unit, reference

    @property
    def slug(self):
        return "".join(ch if ch.isalnum() else "_" for ch in self.name).strip("_")

    def bitrate_value(self, kbps):
        return int(kbps * 1000 // self.bitrate_unit)


def openh264(usage):
    name = "openh264enc" if usage == "camera" else "openh264enc usage=screen"
    return EncContender(name, "openh264enc",
                        {"rate-control": "bitrate", "complexity": "low",
                         "multi-thread": 1, "gop-size": NO_GOP, "usage-type": usage},
                        BS_CAPS, 1)


def x264(preset):
    return EncContender("x264enc %s" % preset, "x264enc",
                        {"tune": "zerolatency", "speed-preset": preset, "threads": 1,
                         "key-int-max": NO_GOP},
                        CB_CAPS, 1000)


def rth264():
    # Defaults of the element (CBR with its default buffer, key frames on
    # request only, default speed); only the bitrate is set.
    return EncContender("rth264enc", "rth264enc", {}, CB_CAPS, 1)


def rth264_cli(cli):
    """The rth264 CLI: the library without GStreamer."""
    c = EncContender("rth264 encode (CLI)", cli, {}, None, 1)
    c.kind = "cli"
    return c


def cli_encode_works(cli, clip, work):
    """True if `rth264 encode` turns 2 frames into a stream ffmpeg decodes."""
    out = os.path.join(work, "cli_probe.264")
    cmd = [cli, "encode", clip.path, "--size", "%dx%d" % (clip.width, clip.height),
           "--fps", str(clip.fps), "--bitrate", "1000k", "--frames", "2", "-o", out]
    if subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
        return False
    res = subprocess.run(["ffmpeg", "-v", "error", "-i", out, "-f", "null", "-"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return res.returncode == 0 and not res.stderr


def contenders_for(source_kind, build_dir, cli=None):
    """The contenders for natural or screen content.

    The first is the reference of the BD-rate targets: openh264enc with
    exactly the settings of the brief (rate-control=bitrate, complexity=low).
    On screen content openh264enc's screen mode (what libwebrtc uses for
    screen sharing) is a second reference.
    """
    env = gst_env(build_dir)
    conts = [openh264("camera")]
    if source_kind == "screen":
        conts.append(openh264("screen"))
    for c in conts:
        c.reference = True
    conts += [x264("ultrafast"), x264("veryfast")]
    if gst_has_element("rth264enc", env):
        conts.append(rth264())
        if source_kind == "natural":
            # The C reference alone: speed without SIMD, and its streams must
            # be identical to the SIMD build's (checked in the summary).
            c_only = rth264()
            c_only.name = "rth264enc cpu-mask=0 (C only)"
            c_only.props = {"cpu-mask": 0}
            conts.append(c_only)
            # The fastest speed level, judged against x264enc ultrafast.
            fastest = rth264()
            fastest.name = "rth264enc speed=10"
            fastest.props = {"speed": 10}
            conts.append(fastest)
    if cli:
        conts.append(rth264_cli(cli))
    return conts


class EncSource:
    def __init__(self, kind, clip, rates_kbps):
        self.kind, self.clip, self.rates = kind, clip, rates_kbps


def encode_cli(cont, clip, kbps, out_path):
    """Encode with the rth264 CLI; a result shaped like gst_encode.py's.

    Per-frame times come from the CLI's --stats CSV (its last column is the
    frame's encode time on the thread's CPU clock, like gst_encode.py's)."""
    stats = out_path + ".csv"
    cmd = [cont.element, "encode", clip.path, "--size", "%dx%d" % (clip.width, clip.height),
           "--fps", str(clip.fps), "--bitrate", "%dk" % kbps, "--frames", str(clip.frames),
           "--stats", stats, "-o", out_path]
    try:
        cpu, wall, _ = run_timed(cmd)
    except RunError as e:
        raise RunError("%s at %d kbit/s failed: %s" % (cont.name, kbps, e))
    frames = []
    with open(stats) as f:
        for line in f:
            cols = line.strip().split(",")
            if len(cols) < 8 or not cols[0].isdigit():
                continue
            frames.append({"index": int(cols[0]), "bytes": int(cols[2]),
                           "key": cols[1] == "1", "cpu_ms": float(cols[7])})
    return {"error": None, "frames_in": clip.frames, "frames": frames,
            "process_cpu": cpu, "wall": wall, "other_thread": 0}


def encode_once(cont, clip, kbps, out_path, env, steps=()):
    """Run one encode; returns gst_encode.py's JSON result."""
    if getattr(cont, "kind", "gst") == "cli":
        if steps:
            raise RunError("%s: bitrate steps are only run through GStreamer" % cont.name)
        return encode_cli(cont, clip, kbps, out_path)
    props = dict(cont.props)
    props["bitrate"] = cont.bitrate_value(kbps)
    cfg = {"src": clip.path, "width": clip.width, "height": clip.height,
           "fps": clip.fps, "frames": clip.frames, "out": out_path,
           "encoder": cont.element, "props": props, "caps": cont.caps,
           "steps": [[f, "bitrate", cont.bitrate_value(k)] for f, k in steps]}
    try:
        res = subprocess.run([sys.executable, GST_ENCODE, json.dumps(cfg)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RunError("%s at %d kbit/s: timed out after %d s" % (cont.name, kbps, RUN_TIMEOUT))
    try:
        data = json.loads(res.stdout.decode() or "{}")
    except ValueError:
        data = {}
    if res.returncode != 0 or not data or data.get("error"):
        raise RunError("%s at %d kbit/s failed: %s %s" %
                       (cont.name, kbps, data.get("error"),
                        res.stderr.decode(errors="replace")[-800:]))
    return data


def rate_windows(sizes_bits, fps):
    """Bitrates (bit/s) over consecutive 1 s windows."""
    n = int(round(fps))
    return [sum(sizes_bits[i:i + n]) * fps / len(sizes_bits[i:i + n])
            for i in range(0, len(sizes_bits) - n + 1, n)]


def quality_of(cont, clip, kbps, data, path):
    """Rate, PSNR and picture statistics of one encode (from run 1)."""
    frames = data["frames"]
    coded = [f for f in frames if f["bytes"] > 0]
    total_bits = sum(f["bytes"] for f in frames) * 8
    seconds = data["frames_in"] / float(clip.fps)
    q = psnr.stream_psnr(path, clip, [f["index"] for f in coded])
    pics = h264_slices.pictures_of_file(path)
    per_frame_bits = [0] * data["frames_in"]
    for f in frames:
        if 0 <= f["index"] < len(per_frame_bits):
            per_frame_bits[f["index"]] += f["bytes"] * 8
    windows = rate_windows(per_frame_bits, clip.fps)[1:]
    target = kbps * 1000.0
    idr_bits = [p["bytes"] * 8 for p in pics if p["idr"]]
    avg_bits = total_bits / max(1, len(coded))
    return {
        "kbps": total_bits / seconds / 1000.0,
        "rate_error": total_bits / seconds / target - 1.0,
        "window_error_max": max((abs(w / target - 1.0) for w in windows), default=None),
        "psnr_y": q["mean_y"], "psnr_u": q["mean_u"], "psnr_v": q["mean_v"],
        "psnr_y_global": q["global_y"], "decoded": q["frames"],
        "dropped": data["frames_in"] - len(coded),
        "idrs": len(idr_bits),
        "idr_ratio": (max(idr_bits) / avg_bits) if idr_bits else None,
        "qp_mean": _mean([p["qp"] for p in pics if p["qp"] is not None]),
        "bytes": total_bits // 8,
        "md5": _file_md5(path),
    }


def _file_md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def _mean(values):
    return sum(values) / len(values) if values else None


def measure(sources, build_dir, work, runs, cli=None):
    """All encodes; returns {(contender, source kind, kbps): record}."""
    env = gst_env(build_dir)
    out_dir = os.path.join(work, "enc")
    os.makedirs(out_dir, exist_ok=True)
    if cli and not cli_encode_works(cli, sources[0].clip, out_dir):
        log("rth264 CLI encode not usable: skipped")
        cli = None
    conts = {s.kind: contenders_for(s.kind, build_dir, cli) for s in sources}
    log("encoder contenders: " + ", ".join(c.name for c in conts[sources[0].kind]))
    records = {}
    for r in range(runs):
        log("encode run %d/%d" % (r + 1, runs))
        for s in sources:
            order = conts[s.kind] if r % 2 == 0 else conts[s.kind][::-1]
            for kbps in s.rates:
                for c in order:
                    key = (c.name, s.kind, kbps)
                    rec = records.setdefault(key, {"cpu_ms": [], "fps": [], "proc_fps": [],
                                                   "sizes": [], "error": None})
                    if rec["error"]:
                        continue
                    path = os.path.join(out_dir, "%s_%s_%dk.264" % (c.slug, s.kind, kbps))
                    try:
                        data = encode_once(c, s.clip, kbps, path, env)
                    except RunError as e:
                        log(str(e).splitlines()[0])
                        rec["error"] = str(e).splitlines()[0]
                        continue
                    _add_timing(rec, data)
                    if r == 0:
                        rec["quality"] = quality_of(c, s.clip, kbps, data, path)
    return conts, records


def _add_timing(rec, data):
    times = [f["cpu_ms"] for f in data["frames"] if "cpu_ms" in f]
    rec["cpu_ms"].extend(times)
    proc_fps = data["frames_in"] / data["process_cpu"] if data["process_cpu"] > 0 else None
    if times:
        rec["fps"].append(len(times) / (sum(times) / 1000.0))
    elif proc_fps:
        rec["fps"].append(proc_fps)   # the CLI: whole-process CPU, reading included
    if proc_fps:
        rec["proc_fps"].append(proc_fps)
    rec["sizes"].append(sum(f["bytes"] for f in data["frames"]))
    rec["other_thread"] = rec.get("other_thread", 0) + data.get("other_thread", 0)


def summarize(sources, conts, records):
    """Per-bitrate rows and per-contender summaries (BD-rate vs the references)."""
    rows, summary = [], []
    for s in sources:
        for c in conts[s.kind]:
            for kbps in s.rates:
                rec = records.get((c.name, s.kind, kbps))
                if rec and "quality" in rec:
                    rows.append(_row(s, c, kbps, rec))
        refs = [c for c in conts[s.kind] if c.reference]
        for c in conts[s.kind]:
            summary.append(_contender_summary(s, c, refs, rows, records))
    return rows, summary


def _row(s, c, kbps, rec):
    return dict(rec["quality"], source=s.kind, contender=c.name, target_kbps=kbps,
                fps=median(rec["fps"]), proc_fps=median(rec["proc_fps"]),
                p50_ms=percentile(rec["cpu_ms"], 50), p99_ms=percentile(rec["cpu_ms"], 99),
                max_ms=max(rec["cpu_ms"]) if rec["cpu_ms"] else None,
                runs=len(rec["fps"]), deterministic=len(set(rec["sizes"])) == 1,
                other_thread=rec.get("other_thread", 0))


def _curve(rows, source, name):
    pts = [(r["kbps"], r["psnr_y"]) for r in rows
           if r["source"] == source and r["contender"] == name]
    return [p[0] for p in pts], [p[1] for p in pts]


def _bd_against(rows, source, ref, c):
    """(bd_rate %, bd_psnr dB, note) of contender c against ref."""
    if c is ref:
        return None, None, "reference"
    ref_rates, ref_psnr = _curve(rows, source, ref.name)
    rates, psnrs = _curve(rows, source, c.name)
    try:
        return (bdrate.bd_rate(ref_rates, ref_psnr, rates, psnrs),
                bdrate.bd_psnr(ref_rates, ref_psnr, rates, psnrs), "")
    except bdrate.BdRateError as e:
        return None, None, str(e)


def _same_streams_note(records, s, c_only):
    """Whether the C-only encoder wrote the same bytes as the default one."""
    for k in s.rates:
        a = records.get(("rth264enc", s.kind, k), {}).get("quality", {}).get("md5")
        b = records.get((c_only.name, s.kind, k), {}).get("quality", {}).get("md5")
        if not a or not b:
            return "no SIMD/C comparison"
        if a != b:
            return "STREAM DIFFERS from the SIMD build at %d kbit/s" % k
    return "streams identical to the SIMD build (md5)"


def _contender_summary(s, c, refs, rows, records):
    mine = [r for r in rows if r["source"] == s.kind and r["contender"] == c.name]
    all_times = []
    for k in s.rates:
        all_times += records.get((c.name, s.kind, k), {}).get("cpu_ms", [])
    errors = [records[(c.name, s.kind, k)]["error"] for k in s.rates
              if records.get((c.name, s.kind, k), {}).get("error")]
    bd = {ref.name: _bd_against(rows, s.kind, ref, c) for ref in refs}
    if "cpu-mask" in c.props:
        errors.append(_same_streams_note(records, s, c))
    first = bd[refs[0].name]
    return {
        "source": s.kind, "contender": c.name, "reference": refs[0].name,
        "bd_rate": first[0], "bd_psnr": first[1], "bd": bd,
        "note": "; ".join(errors[:1]),
        "fps": median([r["fps"] for r in mine]) if mine else None,
        "p50_ms": percentile(all_times, 50), "p99_ms": percentile(all_times, 99),
        "mean_abs_rate_error": _mean([abs(r["rate_error"]) for r in mine]),
        "points": len(mine),
    }


def bitrate_step(clip, steps, build_dir, work):
    """Per-frame size and QP of every contender across bitrate steps (one run)."""
    env = gst_env(build_dir)
    out = {}
    first_kbps = steps[0][1]
    for c in contenders_for("natural", build_dir):
        if "cpu-mask" in c.props or "speed" in c.props:
            continue      # the step plot compares the default settings only
        path = os.path.join(work, "enc", "step_%s.264" % c.slug)
        try:
            data = encode_once(c, clip, first_kbps, path, env, steps=steps[1:])
        except RunError as e:
            log(str(e).splitlines()[0])
            continue
        pics = h264_slices.pictures_of_file(path)
        bits = [0] * data["frames_in"]
        for f in data["frames"]:
            if 0 <= f["index"] < len(bits):
                bits[f["index"]] += f["bytes"] * 8
        coded_idx = [f["index"] for f in data["frames"] if f["bytes"] > 0]
        qp = [None] * data["frames_in"]
        idr = [False] * data["frames_in"]
        for i, p in zip(coded_idx, pics):
            if 0 <= i < len(qp):
                qp[i], idr[i] = p["qp"], p["idr"]
        out[c.name] = {"bits": bits, "qp": qp, "idr": idr,
                       "segments": _segments(bits, idr, steps, clip.fps)}
    return out


def _segments(bits, idr, steps, fps):
    """Achieved rate per step segment: whole segment and its second second
    (the first second after a step is the settling time), and the IDRs in it."""
    res = []
    n = len(bits)
    bounds = [f for f, _ in steps] + [n]
    for (start, kbps), end in zip(steps, bounds[1:]):
        seg = bits[start:end]
        after = bits[start + int(fps):min(end, start + 2 * int(fps))]
        res.append({"from": start, "to": end, "target_kbps": kbps,
                    "kbps": sum(seg) * fps / max(1, len(seg)) / 1000.0,
                    "kbps_second_1s": (sum(after) * fps / len(after) / 1000.0) if after else None,
                    "idrs": sum(1 for x in idr[start:end] if x)})
    return res
