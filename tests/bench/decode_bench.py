# SPDX-License-Identifier: BSD-2-Clause
"""Decoder benchmark: single-thread decode speed on Constrained Baseline streams.

Each contender decodes each stream in its own process; the process's CPU time
(user+sys) is the measure. GStreamer contenders run
  filesrc ! h264parse ! <byte-stream, au caps> ! DECODER ! fakesink sync=false
and the same pipeline without the decoder ("parse-only") is measured too, so
the net decoder time = pipeline time - parse-only time. Runs are interleaved
(run 1 of every contender, then run 2, ...; odd runs in reverse order, so no
contender always follows the same one) and the median is quoted.
Before timing, every contender's output is checked against ffmpeg's decode
(md5 of the packed I420 frames): a fast decoder with wrong pictures proves
nothing.
"""
import hashlib
import subprocess
import time

from common import (RunError, Watchdog, gst_env, gst_has_element, log, median,
                    run_timed)

PARSE = ["filesrc", "location={src}", "!", "h264parse", "!",
         "video/x-h264,stream-format=byte-stream,alignment=au"]


class Contender:
    def __init__(self, name, kind, spec, reference=False):
        self.name, self.kind, self.spec = name, kind, spec
        self.reference = reference     # the ratio baseline (avdec_h264)

    def timed_cmd(self, stream, cli):
        if self.kind == "gst":
            return (["gst-launch-1.0", "-q"] +
                    [a.format(src=stream.path) for a in PARSE] +
                    ["!"] + self.spec.split() + ["!", "fakesink", "sync=false"])
        if self.kind == "parse":
            return (["gst-launch-1.0", "-q"] +
                    [a.format(src=stream.path) for a in PARSE] +
                    ["!", "fakesink", "sync=false"])
        if self.kind == "ffmpeg":
            return ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-threads", "1", "-i", stream.path, "-f", "null", "-"]
        if self.kind == "cli":
            return [cli, "decode", stream.path, "-o", "/dev/null"]
        raise ValueError(self.kind)


def contenders(build_dir, cli):
    env = gst_env(build_dir)
    out = [Contender("parse-only", "parse", ""),
           Contender("avdec_h264 max-threads=1", "gst", "avdec_h264 max-threads=1",
                     reference=True),
           Contender("openh264dec", "gst", "openh264dec")]
    if gst_has_element("rth264dec", env):
        out.append(Contender("rth264dec", "gst", "rth264dec"))
        # The C reference alone, to show what the SIMD code brings.
        out.append(Contender("rth264dec cpu-mask=0 (C only)", "gst", "rth264dec cpu-mask=0"))
    else:
        log("rth264dec not found in %s/gst: benchmarking the peers only" % build_dir)
    out.append(Contender("ffmpeg -threads 1 (CLI)", "ffmpeg", ""))
    if cli:
        out.append(Contender("rth264 decode (CLI)", "cli", ""))
    return out


def _hash_frames(pipe, frame_bytes):
    """md5 of packed I420 frames read from a pipe, and the frame count."""
    md5, frames = hashlib.md5(), 0
    while True:
        data = pipe.read(frame_bytes)
        if len(data) != frame_bytes:
            break
        md5.update(data)
        frames += 1
    return md5.hexdigest(), frames


# A decode of these streams takes seconds; a run this long has hung (an
# element that errors during preroll can leave gst-launch waiting forever).
DECODE_TIMEOUT = 120


def _hash_output(cmd, frame_bytes, env=None, timeout=DECODE_TIMEOUT):
    """Run cmd (killed if it hangs) and hash the frames it writes to stdout."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env,
                          stderr=subprocess.DEVNULL) as p, Watchdog(p, timeout):
        return _hash_frames(p.stdout, frame_bytes)


def reference_md5(stream):
    """md5 and frame count of ffmpeg's decode of the stream (the reference)."""
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i",
           stream.path, "-vsync", "passthrough", "-f", "rawvideo",
           "-pix_fmt", "yuv420p", "-"]
    return _hash_output(cmd, stream.clip.frame_bytes)


def output_cmd(contender, stream, cli):
    """A command writing the contender's decode as packed I420 to stdout."""
    if contender.kind == "gst":
        # Straight into fdsink: with no video-meta support downstream the
        # decoder must output the default (packed, for these sizes) layout.
        return (["gst-launch-1.0", "-q"] + [a.format(src=stream.path) for a in PARSE] +
                ["!"] + contender.spec.split() +
                ["!", "video/x-raw,format=I420", "!", "fdsink", "fd=1"])
    if contender.kind == "cli":
        return [cli, "decode", stream.path, "-o", "-"]
    return None


def output_md5(contender, stream, env, cli, timeout):
    """md5 and frame count of a contender's decode, or (None, 0) on failure."""
    if contender.kind == "ffmpeg":
        return reference_md5(stream)
    cmd = output_cmd(contender, stream, cli)
    if cmd is None:
        return None, 0
    return _hash_output(cmd, stream.clip.frame_bytes, env, timeout)


def verify(conts, streams, env, cli):
    """{(contender, stream): 'bit-exact' or a description of the mismatch}."""
    result = {}
    for s in streams:
        t0 = time.monotonic()
        ref, ref_frames = reference_md5(s)
        # 30x ffmpeg's time is plenty even for a C-only decoder on a busy
        # machine; past it the pipeline has hung.
        timeout = max(20.0, 30.0 * (time.monotonic() - t0))
        if ref_frames != s.frames:
            log("warning: ffmpeg decodes %d frames of %s, expected %d" %
                (ref_frames, s.name, s.frames))
        for c in conts:
            if c.kind == "parse":
                continue
            md5, frames = output_md5(c, s, env, cli, timeout)
            if md5 == ref and frames == ref_frames:
                result[(c.name, s.name)] = "bit-exact"
            elif frames == 0:
                # Nothing decoded (an error or a hang): timing it means nothing.
                result[(c.name, s.name)] = "FAILED (no frame decoded)"
                log("%s on %s: no frame decoded, not timed" % (c.name, s.name))
            else:
                result[(c.name, s.name)] = "MISMATCH (%d of %d frames)" % (frames, ref_frames)
                log("%s on %s: output differs from ffmpeg (%d/%d frames)" %
                    (c.name, s.name, frames, ref_frames))
    return result


def measure(conts, streams, runs, env, cli, checks):
    """CPU seconds per (contender, stream): a list with one value per run."""
    times = {(c.name, s.name): [] for c in conts for s in streams}
    failed = {k for k, v in checks.items() if v.startswith("FAILED")}
    for r in range(runs):
        log("decode run %d/%d" % (r + 1, runs))
        order = conts if r % 2 == 0 else conts[::-1]
        for s in streams:
            for c in order:
                key = (c.name, s.name)
                if key in failed:
                    continue
                try:
                    cpu, _, _ = run_timed(c.timed_cmd(s, cli), env=env,
                                          timeout=DECODE_TIMEOUT)
                    times[key].append(cpu)
                except RunError as e:
                    log("%s on %s failed: %s" % (c.name, s.name, str(e).splitlines()[0]))
                    failed.add(key)
    return times


def summarize(conts, streams, times, checks):
    """Rows for the report: fps per CPU second (net of parsing) and ratios."""
    rows = []
    for s in streams:
        parse = median(times[("parse-only", s.name)]) if ("parse-only", s.name) in times else 0.0
        ref = next((c for c in conts if c.reference), None)
        ref_fps = None
        per = {}
        for c in conts:
            if c.kind == "parse":
                continue
            t = times.get((c.name, s.name)) or []
            if not t:
                per[c.name] = None
                continue
            # Only GStreamer pipelines share the parse-only overhead.
            net = median(t) - (parse if c.kind == "gst" else 0.0)
            per[c.name] = (s.frames / max(net, 1e-6), s.frames / median(t),
                           min(t), max(t), len(t))
        if ref and per.get(ref.name):
            ref_fps = per[ref.name][0]
        for c in conts:
            if c.kind == "parse" or c.name not in per:
                continue
            v = per[c.name]
            rows.append({
                "stream": s.name, "frames": s.frames, "contender": c.name,
                "fps": v[0] if v else None, "fps_raw": v[1] if v else None,
                "cpu_min": v[2] if v else None, "cpu_max": v[3] if v else None,
                "runs": v[4] if v else 0,
                "ratio": (v[0] / ref_fps) if (v and ref_fps) else None,
                "check": checks.get((c.name, s.name), "-"),
                "parse_cpu": parse,
            })
    return rows


def run_decode_bench(streams, build_dir, cli, runs):
    env = gst_env(build_dir)
    conts = contenders(build_dir, cli)
    log("decoder contenders: " + ", ".join(c.name for c in conts))
    checks = verify(conts, streams, env, cli)
    times = measure(conts, streams, runs, env, cli, checks)
    return summarize(conts, streams, times, checks)
