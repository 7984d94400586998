#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""rth264 benchmark harness: decoder speed, encoder speed/quality/rate control.

Runs on demand only (never part of `meson test`). See README.md here.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import common  # noqa: E402
from common import HERE, SOURCE_ROOT, RunError, gst_env, gst_has_element, log  # noqa: E402

PARTS = ("dec", "enc", "step")


def parse_args(argv):
    p = argparse.ArgumentParser(description="rth264 benchmarks (CPU time, single thread)")
    p.add_argument("--build", default=None,
                   help="meson build folder with gst/ (plugin) and tools/rth264 "
                        "(default: build-bench, else build, beside the sources)")
    p.add_argument("--work", default=None, help="scratch folder (default: BUILD/bench)")
    p.add_argument("--quick", action="store_true",
                   help="short smoke run: fewer frames, one run, report in WORK/report")
    p.add_argument("--runs", type=int, default=None,
                   help="runs per point (default: 5 for the decoder, 3 for the encoder; "
                        "1 with --quick)")
    p.add_argument("--only", action="append", choices=PARTS,
                   help="run only this part (repeatable); the others' last results are reused")
    p.add_argument("--out", default=None,
                   help="folder for benchmarks.md and PNGs (default: docs/ for full runs)")
    p.add_argument("--report-only", action="store_true",
                   help="rebuild the report and plots from the saved results")
    p.add_argument("--commit", default=None,
                   help="the commit the measured build was made from, if not the tree's "
                        "HEAD (e.g. a clean export)")
    p.add_argument("--note", action="append",
                   help="a remark printed at the top of the report (repeatable; replaces "
                        "the saved ones)")
    p.add_argument("--selftest", action="store_true",
                   help="check the BD-rate code and exit")
    p.add_argument("-v", "--verbose", action="store_true")
    return p.parse_args(argv)


def default_build():
    for name in ("build-bench", "build"):
        d = os.path.join(SOURCE_ROOT, name)
        if os.path.isdir(d):
            return d
    return os.path.join(SOURCE_ROOT, "build-bench")


def find_cli(build, stream):
    """The rth264 CLI if it exists and decodes the stream; else None."""
    cli = os.path.join(build, "tools", "rth264")
    if not os.path.exists(cli):
        return None
    res = subprocess.run([cli, "decode", stream, "-o", "/dev/null"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cli if res.returncode == 0 else None


def save(results_dir, name, obj):
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(results_dir, name + ".json"), "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)


def load(results_dir, name):
    path = os.path.join(results_dir, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def run_dec(args, work):
    import decode_bench
    import sources
    streams = sources.decoder_streams(work, args.quick)
    cli = find_cli(args.build, streams[0].path)
    log("rth264 CLI decode: %s" % (cli or "not usable, skipped"))
    runs = args.runs or (1 if args.quick else 5)
    rows = decode_bench.run_decode_bench(streams, args.build, cli, runs)
    return {"rows": rows}


def enc_sources(args, work):
    import encode_bench
    import sources
    nat = sources.natural_720p(work, 60 if args.quick else 300)
    scr = sources.screen_1024x768(work, 50)
    return [encode_bench.EncSource("natural", nat, [600, 1200, 2500, 4000]),
            encode_bench.EncSource("screen", scr, [750, 1500, 3000, 6000])]


def run_enc(args, work):
    import encode_bench
    srcs = enc_sources(args, work)
    runs = args.runs or (1 if args.quick else 3)
    cli = os.path.join(args.build, "tools", "rth264")
    conts, records = encode_bench.measure(srcs, args.build, work, runs,
                                          cli if os.path.exists(cli) else None)
    rows, summary = encode_bench.summarize(srcs, conts, records)
    times_720p = {}
    for c in conts["natural"]:
        times_720p[c.name] = []
        for k in srcs[0].rates:
            times_720p[c.name] += records.get((c.name, "natural", k), {}).get("cpu_ms", [])
    return {"rows": rows, "summary": summary, "times_720p": times_720p,
            "sources": [{"kind": s.kind, "frames": s.clip.frames, "rates": s.rates}
                        for s in srcs]}


def run_step(args, work):
    import encode_bench
    import sources
    frames = 60 if args.quick else 300
    clip = sources.natural_720p(work, frames)
    third = frames // 3
    steps = [[0, 1500], [third, 600], [2 * third, 2500]]
    trace = encode_bench.bitrate_step(clip, steps, args.build, work)
    return {"steps": steps, "fps": clip.fps, "trace": trace}


def element_defaults(name, props, env):
    """{property: default} read from gst-inspect-1.0's text (for the report)."""
    res = subprocess.run(["gst-inspect-1.0", name], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    out, current = {}, None
    for line in res.stdout.decode(errors="replace").splitlines():
        if line.startswith("  ") and not line.startswith("   ") and ":" in line:
            current = line.split(":", 1)[0].strip()
        elif current in props and "Default:" in line:
            out[current] = line.split("Default:", 1)[1].strip()
    return out


def rth264_status(build):
    env = gst_env(build)
    have = [e for e in ("rth264dec", "rth264enc") if gst_has_element(e, env)]
    if not have:
        return "none (the plugin was not found or not usable in %s/gst): peers only" % build
    text = ", ".join(have) + " (plugin from %s/gst)" % os.path.relpath(build, SOURCE_ROOT)
    if "rth264enc" in have:
        d = element_defaults("rth264enc", ("speed", "rate-control", "buffer-size", "refs",
                                           "key-int-max", "drop-frames"), env)
        text += "; rth264enc defaults used: " + ", ".join(
            "%s=%s" % (k, v) for k, v in sorted(d.items()))
    return text


def make_outputs(args, out, results_dir, meta):
    import encode_bench
    import plots
    import report
    dec, enc, step = (load(results_dir, n) for n in PARTS)
    if enc:
        srcs = [encode_bench.EncSource(s["kind"], _FakeClip(s["frames"]), s["rates"])
                for s in enc["sources"]]
        plots.rd_curves(enc["rows"], srcs, os.path.join(out, "bench_rd.png"))
        plots.frame_times(enc["times_720p"], os.path.join(out, "bench_frametime.png"))
    if step:
        plots.step_trace(step["trace"], step["steps"], step["fps"],
                         os.path.join(out, "bench_step.png"))
    report.write(os.path.join(out, "benchmarks.md"), meta, dec, enc, step)
    log("wrote %s" % os.path.join(out, "benchmarks.md"))


class _FakeClip:
    def __init__(self, frames):
        self.frames = frames


def self_test():
    """The BD-rate checks, and the slice parser against ffprobe's frame counts."""
    import bdrate
    import h264_slices
    failures = bdrate.self_test()
    base = os.path.join(common.shared_dir(), "conformance", "baseline")
    for name in ("BA_MW_D.264", "SVA_CL1_E.264", "MR1_MW_A.264"):
        path = os.path.join(base, name)
        if not os.path.exists(path):
            print("skip slice parser on %s (no shared data)" % name)
            continue
        pics = h264_slices.pictures_of_file(path)
        res = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams",
                              "v:0", "-show_entries", "stream=nb_read_frames", "-of",
                              "csv=p=0", path], stdout=subprocess.PIPE)
        want = int(res.stdout.decode().strip() or -1)
        ok = len(pics) == want and all(p["qp"] is not None and 0 <= p["qp"] <= 51
                                       for p in pics)
        failures += 0 if ok else 1
        print("%s slice parser on %s: %d pictures (ffprobe %d)" %
              ("ok  " if ok else "FAIL", name, len(pics), want))
    return 1 if failures else 0


def main(argv):
    args = parse_args(argv)
    common.VERBOSE = args.verbose
    if args.selftest:
        return self_test()
    args.build = os.path.abspath(args.build or default_build())
    work = os.path.abspath(args.work or os.path.join(args.build, "bench"))
    os.makedirs(work, exist_ok=True)
    docs = os.path.join(SOURCE_ROOT, "docs")
    out = os.path.abspath(args.out or (os.path.join(work, "report") if args.quick else docs))
    # Only benchmarks.md and the PNGs go to docs/; the JSON of a published
    # report lives beside the harness.
    publish = os.path.realpath(out) == os.path.realpath(docs)
    results_dir = os.path.join(HERE, "results") if publish else os.path.join(out, "results")
    os.makedirs(out, exist_ok=True)
    common.need_tools("ffmpeg", "x264", "gst-launch-1.0", "gst-inspect-1.0")
    meta = load(results_dir, "meta") or {}
    if not args.report_only:
        import report
        meta.update({
            "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
            "commit": subprocess.run(["git", "-C", SOURCE_ROOT, "rev-parse", "--short",
                                      "HEAD"], stdout=subprocess.PIPE).stdout.decode().strip(),
            "mode": "quick" if args.quick else "full",
            "runs": args.runs or ("1" if args.quick else "5 (decoder), 3 (encoder)"),
            "rth264": rth264_status(args.build), "machine": report.machine_info(),
        })
        for part in args.only or PARTS:
            log("=== %s ===" % part)
            result = {"dec": run_dec, "enc": run_enc, "step": run_step}[part](args, work)
            save(results_dir, part, result)
    if args.note:
        meta["notes"] = args.note
    if args.commit:
        meta["commit"] = args.commit
    if "machine" not in meta:
        log("no saved results in %s" % results_dir)
        return 1
    save(results_dir, "meta", meta)
    make_outputs(args, out, results_dir, meta)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except RunError as e:
        log("error: %s" % e)
        sys.exit(1)
