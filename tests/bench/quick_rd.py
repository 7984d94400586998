# SPDX-License-Identifier: BSD-2-Clause
"""Quick rate-distortion and speed check of the rth264 CLI for development.

Encodes the 720p natural clip (300 frames) and/or the 1024x768 screen clip
(50 frames) at the benchmark's four bitrates with the CLI, computes the mean
per-frame PSNR-Y of the reconstruction against the source (as the benchmark
does), the CLI's per-frame encode times (p50/p99 from --stats) and frames per
CPU second, and the BD-rate against openh264enc's curve from the last
published full benchmark run (REFERENCE below; rerun tests/bench/run.sh to
refresh those numbers). This is a developer's tool, not a test: the published
numbers come from tests/bench/run.sh only.

usage: /usr/bin/python3 tests/bench/quick_rd.py --cli build/tools/rth264 \
           [--content natural|screen|both] [--frames N] [-- extra CLI args]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bdrate  # noqa: E402
import sources  # noqa: E402

# openh264enc rate-control=bitrate complexity=low (usage camera): (kbit/s,
# mean per-frame PSNR-Y) from docs/benchmarks.md, run on commit b5f44c7.
REFERENCE = {
    "natural": [(599.3, 33.05), (1197.1, 37.22), (2486.6, 40.70), (3983.9, 42.67)],
    "screen": [(1585.4, 30.45), (2516.5, 34.07), (3340.6, 36.81), (4320.8, 38.75)],
}
RATES = {"natural": [600, 1200, 2500, 4000], "screen": [750, 1500, 3000, 6000]}
OPENH264_FPS = {"natural": 269.5, "screen": 579.1}


def shared_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("RTH264_SHARED_DIR",
                          os.path.normpath(os.path.join(here, "..", "..", "..", "shared")))


def clip_for(kind, work, frames):
    os.environ.setdefault("RTH264_SHARED_DIR", shared_dir())
    if kind == "natural":
        return sources.natural_720p(work, frames or 300)
    return sources.screen_1024x768(work, frames or 50)


def mean_psnr_y(src_path, rec_path, w, h, frames):
    fs = w * h * 3 // 2
    src = np.memmap(src_path, dtype=np.uint8, mode="r")
    rec = np.memmap(rec_path, dtype=np.uint8, mode="r")
    vals = []
    for i in range(frames):
        a = src[i * fs:i * fs + w * h].astype(np.int32)
        b = rec[i * fs:i * fs + w * h].astype(np.int32)
        mse = float(np.mean((a - b) ** 2))
        vals.append(100.0 if mse == 0 else 10 * np.log10(255.0 * 255.0 / mse))
    return float(np.mean(vals))


def encode_point(cli, clip, kbps, extra, tmp):
    out, rec, stats = (os.path.join(tmp, n) for n in ("o.264", "r.yuv", "s.csv"))
    cmd = [cli, "encode", clip.path, "--size", "%dx%d" % (clip.width, clip.height),
           "--fps", str(clip.fps), "--bitrate", "%dk" % kbps, "--frames", str(clip.frames),
           "--recon", rec, "--stats", stats, "-o", out] + extra
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    times, nbytes = [], 0
    with open(stats) as f:
        for line in f:
            cols = line.strip().split(",")
            if len(cols) >= 8 and cols[0].isdigit():
                times.append(float(cols[7]))
                nbytes += int(cols[2])
    kbit = nbytes * 8 / 1000.0 / (clip.frames / float(clip.fps))
    psnr = mean_psnr_y(clip.path, rec, clip.width, clip.height, clip.frames)
    return kbit, psnr, times


def run_content(kind, args, work):
    clip = clip_for(kind, work, args.frames)
    pts, all_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for kbps in RATES[kind]:
            kbit, psnr, times = encode_point(args.cli, clip, kbps, args.extra, tmp)
            fps = len(times) / (sum(times) / 1000.0)
            print("%-8s %5d kbit/s -> %8.1f kbit/s  PSNR-Y %.2f  %.1f fps" %
                  (kind, kbps, kbit, psnr, fps))
            pts.append((kbit, psnr))
            all_times += times
    t = np.array(all_times)
    fps = len(t) / (t.sum() / 1000.0)
    ref = REFERENCE[kind]
    try:
        bd = "%+.1f%%" % bdrate.bd_rate([r for r, _ in ref], [p for _, p in ref],
                                       [r for r, _ in pts], [p for _, p in pts])
    except bdrate.BdRateError as e:
        bd = "n/a (%s)" % e
    print("%-8s BD-rate vs openh264enc %s  fps %.1f (%.2fx openh264enc's %.1f)  "
          "p50 %.2f ms  p99 %.2f ms" % (kind, bd, fps, fps / OPENH264_FPS[kind],
                                         OPENH264_FPS[kind], np.percentile(t, 50),
                                         np.percentile(t, 99)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--content", choices=["natural", "screen", "both"], default="both")
    ap.add_argument("--frames", type=int, default=0, help="limit frames (default: whole clip)")
    ap.add_argument("--work", default="/tmp/rth264-quick-rd")
    ap.add_argument("extra", nargs="*", help="extra CLI arguments (after --)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    for kind in (["natural", "screen"] if args.content == "both" else [args.content]):
        run_content(kind, args, args.work)


if __name__ == "__main__":
    main()
