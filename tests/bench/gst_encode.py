#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Encode a raw I420 clip with one GStreamer encoder and time every frame.

Run as its own process (one per measurement) by encode_bench.py:
    gst_encode.py '<json config>'
Pipeline: filesrc ! rawvideoparse ! ENCODER ! capsfilter ! filesink.

Per-frame time: a buffer probe on the encoder's sink pad notes the streaming
thread's CPU clock (CLOCK_THREAD_CPUTIME_ID) when a frame goes in, a probe on
its src pad notes it when the encoded frame comes out (matched by PTS). With
a zero-delay encoder the frame is encoded inside that span, on that thread,
so the difference is the frame's encode CPU time, unaffected by other
processes. The process's total CPU (getrusage) is reported as well: if it is
far above the sum of the per-frame times, the encoder used other threads.
Bitrate steps ("steps": [[frame, property, value], ...]) are applied in the
sink probe just before that frame enters the encoder.
Prints one JSON object on stdout.
"""
import json
import resource
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402


def thread_cpu():
    return time.clock_gettime(time.CLOCK_THREAD_CPUTIME_ID)


def process_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class FrameTimer:
    def __init__(self, enc, steps, fps):
        self.enc, self.fps = enc, fps
        self.steps = {int(f): (p, v) for f, p, v in steps}
        self.pending = {}      # pts -> (cpu, wall, thread id, frame index)
        self.frames_in = 0
        self.out = []          # one entry per encoded buffer
        self.other_thread = 0
        self.first_in_pts = None
        self.pts_offset = None  # x264enc shifts PTS by 1000 hours (min-pts)

    def on_sink(self, pad, info):
        buf = info.get_buffer()
        idx = self.frames_in
        if idx in self.steps:
            prop, value = self.steps[idx]
            Gst.util_set_object_arg(self.enc, prop, str(value))
        self.frames_in += 1
        if self.first_in_pts is None:
            self.first_in_pts = buf.pts
        self.pending[buf.pts] = (thread_cpu(), time.monotonic(), threading.get_ident(), idx)
        return Gst.PadProbeReturn.OK

    def on_src(self, pad, info):
        buf = info.get_buffer()
        cpu, wall = thread_cpu(), time.monotonic()
        if self.pts_offset is None:
            # The first frame is never dropped: it fixes the PTS offset.
            self.pts_offset = buf.pts - self.first_in_pts
        start = self.pending.pop(buf.pts - self.pts_offset, None)
        entry = {"pts": buf.pts, "bytes": buf.get_size(),
                 "key": not buf.has_flags(Gst.BufferFlags.DELTA_UNIT)}
        if start is not None:
            entry["index"] = start[3]
            entry["wall_ms"] = (wall - start[1]) * 1e3
            if start[2] == threading.get_ident():
                entry["cpu_ms"] = (cpu - start[0]) * 1e3
            else:
                self.other_thread += 1
        else:
            entry["index"] = int(round((buf.pts - self.pts_offset) * self.fps / Gst.SECOND))
        self.out.append(entry)
        return Gst.PadProbeReturn.OK


def make(factory, props=None):
    el = Gst.ElementFactory.make(factory, None)
    if el is None:
        raise RuntimeError("no element %s" % factory)
    for k, v in (props or {}).items():
        Gst.util_set_object_arg(el, k, str(v))
    return el


def build(cfg):
    w, h = cfg["width"], cfg["height"]
    frame_bytes = w * h + 2 * ((w + 1) // 2) * ((h + 1) // 2)
    pipe = Gst.Pipeline.new("bench")
    src = make("filesrc", {"location": cfg["src"], "blocksize": frame_bytes,
                           "num-buffers": cfg["frames"]})
    parse = make("rawvideoparse", {"width": w, "height": h, "format": "i420",
                                   "framerate": "%d/1" % cfg["fps"]})
    enc = make(cfg["encoder"], cfg.get("props"))
    caps = make("capsfilter")
    caps.set_property("caps", Gst.Caps.from_string(cfg["caps"]))
    sink = make("filesink", {"location": cfg["out"], "sync": "false"})
    for el in (src, parse, enc, caps, sink):
        pipe.add(el)
    if not (src.link(parse) and parse.link(enc) and enc.link(caps) and caps.link(sink)):
        raise RuntimeError("could not link the pipeline")
    return pipe, enc


def main():
    cfg = json.loads(sys.argv[1])
    Gst.init(None)
    pipe, enc = build(cfg)
    timer = FrameTimer(enc, cfg.get("steps", []), cfg["fps"])
    enc.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, timer.on_sink)
    enc.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, timer.on_src)
    cpu0, wall0 = process_cpu(), time.monotonic()
    pipe.set_state(Gst.State.PLAYING)
    msg = pipe.get_bus().timed_pop_filtered(
        Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    cpu1, wall1 = process_cpu(), time.monotonic()
    error = None
    if msg.type == Gst.MessageType.ERROR:
        err, dbg = msg.parse_error()
        error = "%s (%s)" % (err.message, dbg)
    pipe.set_state(Gst.State.NULL)
    json.dump({"error": error, "frames_in": timer.frames_in, "frames": timer.out,
               "process_cpu": cpu1 - cpu0, "wall": wall1 - wall0,
               "other_thread": timer.other_thread}, sys.stdout)
    return 1 if error else 0


if __name__ == "__main__":
    sys.exit(main())
