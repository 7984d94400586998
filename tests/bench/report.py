# SPDX-License-Identifier: BSD-2-Clause
"""docs/benchmarks.md from the JSON results of run.py."""
import os
import platform
import subprocess


def _f(v, fmt="%.1f", none="-"):
    return none if v is None or v != v else fmt % v


def _pct(v):
    return "-" if v is None else "%+.1f%%" % (v * 100.0)


def _tool_version(cmd):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=20).stdout.decode(errors="replace")
        return out.strip().splitlines()[0] if out.strip() else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine_info():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
        "gstreamer": _tool_version(["gst-launch-1.0", "--version"]).replace("gst-launch-1.0 version ", ""),
        "x264": _tool_version(["x264", "--version"]),
        "ffmpeg": _tool_version(["ffmpeg", "-version"]).split(" Copyright")[0],
        "openh264": _tool_version(["dpkg-query", "-W", "-f", "${Version}\\n",
                                   "libopenh264-7"]),
    }


def _table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def decoder_section(dec):
    if not dec:
        return ["## Decoder", "", "Not run in this report.", ""]
    lines = ["## Decoder: single-thread decode speed", "",
             "Constrained Baseline streams made by the x264 CLI (`--profile baseline "
             "--preset medium`, 3 reference frames) from the natural clips. fps = frames "
             "per CPU second (user+sys) of the decoding process, median of %d runs, with "
             "the parse-only pipeline's CPU (%s) subtracted for GStreamer pipelines; ratio "
             "is against avdec_h264 max-threads=1. \"check\" compares the output with "
             "ffmpeg's decode (md5 of all frames)." % (
                 max(r["runs"] for r in dec["rows"]),
                 "filesrc ! h264parse ! fakesink"), ""]
    rows = [(r["stream"], r["frames"], r["contender"], _f(r["fps"]), _f(r["fps_raw"]),
             _f(r["ratio"], "%.2f"), r["check"]) for r in dec["rows"]]
    lines += _table(["stream", "frames", "decoder", "fps (net)", "fps (whole pipeline)",
                     "ratio vs avdec", "check"], rows)
    return lines + [""]


def _bd_cell(entry):
    bd, bdp, note = entry
    if note == "reference":
        return "(reference)"
    if bd is None:
        return "n/a (%s)" % note
    return "%+.1f%% (%+.2f dB)" % (bd, bdp)


def encoder_summary_section(enc):
    lines = ["## Encoder: summary per content", "",
             "BD-rate: Bjontegaard delta rate on PSNR-Y (mean of per-frame PSNR) against "
             "the reference, over the 4 bitrates (negative = fewer bits for the same "
             "quality; BD-PSNR in brackets). The reference of the targets is openh264enc "
             "with the brief's settings (rate-control=bitrate complexity=low); on screen "
             "content its screen mode (usage-type=screen, what libwebrtc uses for screen "
             "sharing) is shown as a second reference. fps = frames per CPU second of the "
             "encoding thread (median over bitrates and runs). p50/p99 = per-frame encode "
             "CPU time over all frames of all bitrates and runs. Rate error = mean "
             "|achieved/target - 1|.", ""]
    refs = []
    for s in enc["summary"]:
        for name in s.get("bd", {}):
            if name not in refs:
                refs.append(name)
    rows = []
    for s in enc["summary"]:
        bd = s.get("bd", {})
        rows.append([s["source"], s["contender"]] +
                    [_bd_cell(bd[r]) if r in bd else "" for r in refs] +
                    [_f(s["fps"]), _f(s["p50_ms"], "%.2f"), _f(s["p99_ms"], "%.2f"),
                     _pct(s["mean_abs_rate_error"]), s["note"] or ""])
    lines += _table(["content", "encoder"] + ["BD-rate vs %s" % r for r in refs] +
                    ["fps", "p50 ms", "p99 ms", "mean rate error", "note"], rows)
    return lines + [""]


def encoder_detail_section(enc):
    lines = ["## Encoder: every run point", "",
             "kbit/s and PSNR from run 1 (the encoders are deterministic: \"det.\" says "
             "whether all runs gave the same size). Worst 1 s window: the largest deviation "
             "of a 1 s window's rate from the target after the first second. IDR ratio: "
             "largest IDR / mean frame size. QP: mean slice QP.", ""]
    rows = [(r["source"], r["contender"], r["target_kbps"], _f(r["kbps"]), _pct(r["rate_error"]),
             _pct(r["window_error_max"]), _f(r["psnr_y"], "%.2f"), _f(r["psnr_u"], "%.2f"),
             _f(r["psnr_v"], "%.2f"), _f(r["qp_mean"]), r["idrs"], _f(r["idr_ratio"]),
             r["dropped"], _f(r["fps"]), _f(r["p50_ms"], "%.2f"), _f(r["p99_ms"], "%.2f"),
             "yes" if r["deterministic"] else "no")
            for r in enc["rows"]]
    lines += _table(["content", "encoder", "target", "kbit/s", "rate err", "worst 1 s",
                     "PSNR-Y", "PSNR-U", "PSNR-V", "QP", "IDRs", "IDR ratio", "dropped",
                     "fps", "p50 ms", "p99 ms", "det."], rows)
    return lines + [""]


def step_section(step):
    if not step:
        return []
    lines = ["## Bitrate steps", "",
             "The 720p clip with the target changed while PLAYING (the `bitrate` property set "
             "from a pad probe just before the frame enters the encoder): %s kbit/s at frames "
             "%s. \"2nd second\" is the rate over the second second after the step (the first "
             "is settling time)." % (
                 " -> ".join(str(k) for _, k in step["steps"]),
                 ", ".join(str(f) for f, _ in step["steps"])), ""]
    rows = []
    for name, d in step["trace"].items():
        for seg in d["segments"]:
            rows.append((name, "%d-%d" % (seg["from"], seg["to"] - 1), seg["target_kbps"],
                         _f(seg["kbps"]), _f(seg["kbps_second_1s"]), seg["idrs"]))
    lines += _table(["encoder", "frames", "target kbit/s", "achieved", "2nd second", "IDRs"],
                    rows)
    lines += ["", "![bitrate step](bench_step.png)", ""]
    return lines


def targets_section(dec, enc):
    lines = ["## Targets", ""]
    rows = []
    if dec:
        for r in dec["rows"]:
            if r["contender"] == "rth264dec":
                ok = r["ratio"] is not None and r["ratio"] >= 1.0 and r["check"] == "bit-exact"
                rows.append(("rth264dec >= avdec_h264 max-threads=1 (%s)" % r["stream"],
                             "ratio %s, %s" % (_f(r["ratio"], "%.3f"), r["check"]),
                             "met" if ok else "NOT met"))
    if enc:
        summ = {(s["source"], s["contender"]): s for s in enc["summary"]}
        rth_nat, rth_scr = summ.get(("natural", "rth264enc")), summ.get(("screen", "rth264enc"))
        oh_nat = summ.get(("natural", "openh264enc"))
        if rth_nat:
            bd = rth_nat["bd_rate"]
            rows.append(("BD-rate <= -10% vs openh264enc, 720p", _f(bd, "%+.1f%%"),
                         "met" if bd is not None and bd <= -10 else "NOT met"))
            p99 = rth_nat["p99_ms"]
            rows.append(("720p p99 frame time < 33 ms (later 10 ms)", _f(p99, "%.2f ms"),
                         "met" if p99 is not None and p99 < 33 else "NOT met"))
            if oh_nat and oh_nat["fps"] and rth_nat["fps"]:
                ratio = rth_nat["fps"] / oh_nat["fps"]
                rows.append(("default speed >= 1.5x openh264enc complexity=low fps (720p)",
                             "%.2fx" % ratio, "met" if ratio >= 1.5 else "NOT met"))
        fast_nat = summ.get(("natural", "rth264enc speed=10"))
        x264_uf = summ.get(("natural", "x264enc ultrafast"))
        if fast_nat and x264_uf and fast_nat["fps"] and x264_uf["fps"]:
            ratio = fast_nat["fps"] / x264_uf["fps"]
            bd = fast_nat["bd_rate"]
            rows.append(("speed 10 >= x264enc ultrafast fps (720p), BD-rate <= 0% vs openh264enc",
                         "%.2fx, %s" % (ratio, _f(bd, "%+.1f%%")),
                         "met" if ratio >= 1.0 and bd is not None and bd <= 0 else "NOT met"))
        if rth_scr:
            for ref, entry in rth_scr.get("bd", {}).items():
                bd = entry[0]
                rows.append(("BD-rate <= 0%% vs %s, screen content" % ref,
                             _f(bd, "%+.1f%%") if bd is not None else "n/a (%s)" % entry[2],
                             "met" if bd is not None and bd <= 0 else
                             ("NOT met" if bd is not None else "not measurable")))
    if not rows:
        lines.append("rth264 was not part of this run (its elements were not available), "
                     "so no target can be judged yet; the tables show the peers only.")
        return lines + [""]
    lines += _table(["target", "measured", "status"], rows)
    return lines + [""]


def write(path, meta, dec, enc, step):
    lines = ["# Benchmarks", "",
             "Produced by `tests/bench/run.sh` (see [How to reproduce](#how-to-reproduce)); "
             "do not edit by hand.", "",
             "- Run: %s UTC, commit `%s`, mode: %s, %s run(s) per point, contenders "
             "interleaved, medians quoted." % (meta["date"], meta["commit"], meta["mode"],
                                                meta["runs"]),
             "- Machine: %s, %s cores (shared with other jobs; +-15%% run to run), Linux %s." %
             (meta["machine"]["cpu"], meta["machine"]["cores"], meta["machine"]["kernel"]),
             "- Tools: GStreamer %s; %s; %s; OpenH264 %s." % (
                 meta["machine"]["gstreamer"], meta["machine"]["x264"],
                 meta["machine"]["ffmpeg"], meta["machine"].get("openh264", "?")),
             "- rth264 contenders: %s." % meta["rth264"], ""]
    for note in meta.get("notes", []):
        lines.append("> " + note)
        lines.append("")
    lines += targets_section(dec, enc)
    lines += decoder_section(dec)
    if enc:
        lines += encoder_summary_section(enc)
        lines += ["![rate-distortion curves](bench_rd.png)", "",
                  "![720p per-frame encode time](bench_frametime.png)", ""]
        lines += encoder_detail_section(enc)
        lines += step_section(step)
    lines += [METHOD, REPRODUCE, CHECKASM]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


METHOD = """## Method

- Single thread everywhere: `avdec_h264 max-threads=1`, `openh264enc multi-thread=1`
  (and openh264dec, which is single-threaded), `x264enc threads=1`, ffmpeg `-threads 1`.
- CPU time, not wall time: the decoder numbers are user+sys of the whole process from
  `wait4()` (minus the parse-only pipeline); the encoder numbers are the streaming
  thread's CPU clock between the frame entering the encoder (sink-pad probe) and the
  encoded frame leaving it (src-pad probe), so other jobs on the machine do not count.
  The process's total CPU is recorded too (in the JSON) to catch hidden threads.
- Interleaved runs: run 1 of every contender on every input, then run 2, and so on,
  odd runs in reverse contender order (no contender always follows the same one);
  medians are quoted.
- Encoder settings: openh264enc `rate-control=bitrate complexity=low multi-thread=1
  gop-size=100000` (its default usage-type=camera: the reference of the targets on both
  clips; on screen content its usage-type=screen mode, which libwebrtc uses for screen
  sharing, is a second reference; that mode ignores the target above ~1.1 Mbit/s on
  this clip, so its curve is not monotonic and no BD-rate against it can be computed);
  x264enc `tune=zerolatency speed-preset=ultrafast|veryfast threads=1
  key-int-max=100000` with `video/x-h264,profile=constrained-baseline` caps; rth264enc
  with its defaults and only `bitrate` set. One IDR at the start for all (WebRTC asks for
  key frames on request only). Bitrate: bit/s for openh264enc and rth264enc, kbit/s for
  x264enc (converted by the harness). x264enc keeps its default adaptive quantisation
  (psychovisual, it costs PSNR), as a user of the element gets it.
- What is timed is the element, as a GStreamer user gets it (input copies and buffer
  handling included); the rth264 CLI rows show the library alone where they exist.
- Quality: each output is decoded with ffmpeg to I420 and compared with the source by
  this harness (numpy): PSNR per plane per frame, averaged over frames. Decoded frames
  are mapped back to their source frames by timestamp, so a dropped frame is not
  compared against the wrong source frame. QP is the slice QP parsed from the stream
  (tests/bench/h264_slices.py), the value libwebrtc reads.
- BD-rate: own implementation (tests/bench/bdrate.py, `python3 bdrate.py` runs its
  self-test): cubic fit of log10(rate) against PSNR-Y, integrated over the shared PSNR
  range (Bjontegaard, VCEG-M33).
- Sources: the 720p natural clip = main-high/VID_1280x720_cavlc_temporal_direct.264
  decoded by ffmpeg (300 frames, 30 fps); the 1080p clip = VID_1920x1080_cavlc_temporal_direct.264
  (54 frames) looped 4 times (216 frames); screen content =
  baseline/Adobe_PDF_sample_a_1024x768_50Frms.264 (50 frames, 25 fps).
"""

REPRODUCE = """## How to reproduce

```sh
meson setup build-bench && ninja -C build-bench          # the plugin and the CLI
tests/bench/run.sh --build build-bench                   # full run, writes docs/
tests/bench/run.sh --build build-bench --quick           # smoke run (~1 min), writes build-bench/bench/report/
tests/bench/run.sh --build build-bench --only dec --runs 5
```

Needs the Debian packages of the build plus python3-numpy, python3-matplotlib,
python3-gi, gir1.2-gstreamer-1.0, gstreamer1.0-plugins-{good,bad,ugly}, gstreamer1.0-libav,
x264 and ffmpeg; the shared test data in `../shared` (or `RTH264_SHARED_DIR`). Generated
clips and streams stay in `<build>/bench/` (never in git). The raw results of the
published run are in `tests/bench/results/`. See tests/bench/README.md.
"""

CHECKASM = """## checkasm

SIMD kernel speed-ups (C vs SSE2/SSSE3/AVX2/NEON per function) are measured by checkasm's
benchmark mode, not here: see [checkasm.md](checkasm.md).
"""
