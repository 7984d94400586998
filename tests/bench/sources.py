# SPDX-License-Identifier: BSD-2-Clause
"""Test material: raw I420 clips and Constrained Baseline streams for the decoder.

Everything is made at run time in the work folder (never in git) from the
shared conformance streams, and cached with a stamp describing how it was made.
"""
import json
import os
import subprocess

from common import RunError, frame_size_i420, log, run, shared_dir


class Clip:
    """A raw I420 clip on disk."""

    def __init__(self, name, path, width, height, fps, frames):
        self.name, self.path = name, path
        self.width, self.height = width, height
        self.fps, self.frames = fps, frames

    @property
    def frame_bytes(self):
        return frame_size_i420(self.width, self.height)

    @property
    def seconds(self):
        return self.frames / float(self.fps)


class Stream:
    """An H.264 byte stream made for the decoder benchmark."""

    def __init__(self, name, path, clip, kbps):
        self.name, self.path, self.clip, self.kbps = name, path, clip, kbps

    @property
    def frames(self):
        return self.clip.frames


def _fresh(path, stamp):
    """True if path exists and was made with the same recipe (stamp)."""
    stamp_path = path + ".stamp"
    if not (os.path.exists(path) and os.path.exists(stamp_path)):
        return False
    with open(stamp_path) as f:
        return f.read() == json.dumps(stamp, sort_keys=True)


def _write_stamp(path, stamp):
    with open(path + ".stamp", "w") as f:
        f.write(json.dumps(stamp, sort_keys=True))


def decode_clip(work, name, stream_rel, width, height, fps, frames, loops=1):
    """Decode a shared conformance stream to raw I420 with ffmpeg.

    loops > 1 repeats the stream (ffmpeg -stream_loop) for a longer run.
    """
    src = os.path.join(shared_dir(), "conformance", stream_rel)
    if not os.path.exists(src):
        raise RunError("shared stream missing: %s (set RTH264_SHARED_DIR)" % src)
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, name + ".yuv")
    stamp = {"src": stream_rel, "frames": frames, "loops": loops, "v": 1}
    clip = Clip(name, path, width, height, fps, frames)
    if _fresh(path, stamp):
        return clip
    log("making %s (%dx%d, %d frames)" % (name, width, height, frames))
    if loops > 1:
        # ffmpeg cannot loop a raw .264 (no seeking): decode once, repeat the file.
        base = decode_clip(work, name + "_base", stream_rel, width, height, fps,
                           (frames + loops - 1) // loops)
        _repeat_file(base.path, path, clip.frame_bytes * frames)
    else:
        run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", src,
             "-frames:v", str(frames), "-vsync", "passthrough", "-f", "rawvideo",
             "-pix_fmt", "yuv420p", path])
    got = os.path.getsize(path) // clip.frame_bytes
    if got != frames:
        raise RunError("%s: expected %d frames, got %d" % (path, frames, got))
    _write_stamp(path, stamp)
    return clip


def _repeat_file(src_path, dst_path, total_bytes):
    """Write src_path's bytes again and again into dst_path up to total_bytes."""
    with open(src_path, "rb") as f:
        data = f.read()
    with open(dst_path, "wb") as out:
        while total_bytes > 0:
            chunk = data[:total_bytes]
            out.write(chunk)
            total_bytes -= len(chunk)


def x264_baseline_stream(work, clip, kbps):
    """A Constrained Baseline stream (x264 CLI, --profile baseline) at kbps."""
    name = "%s_cb_%dk" % (clip.name, kbps)
    path = os.path.join(work, name + ".264")
    # x264's baseline profile: no B-frames, CAVLC, no 8x8 transform, 3 refs
    # with the medium preset: the kind of stream a WebRTC sender makes.
    args = ["--profile", "baseline", "--preset", "medium", "--bitrate", str(kbps),
            "--keyint", "300", "--fps", str(clip.fps),
            "--input-res", "%dx%d" % (clip.width, clip.height),
            "--input-csp", "i420", "--demuxer", "raw"]
    stamp = {"clip": clip.name, "frames": clip.frames, "args": args, "v": 1}
    if not _fresh(path, stamp):
        log("making %s" % name)
        run(["x264", "--quiet"] + args + ["-o", path, clip.path])
        _write_stamp(path, stamp)
    return Stream(name, path, clip, kbps)


def natural_720p(work, frames=300):
    return decode_clip(work, "nat720p_%d" % frames,
                       "main-high/VID_1280x720_cavlc_temporal_direct.264",
                       1280, 720, 30, frames)


def natural_1080p(work, frames=216):
    # The 1080p clip has 54 frames: loop it to get a run long enough to time.
    loops = (frames + 53) // 54
    return decode_clip(work, "nat1080p_%d" % frames,
                       "main-high/VID_1920x1080_cavlc_temporal_direct.264",
                       1920, 1080, 30, frames, loops=loops)


def screen_1024x768(work, frames=50):
    return decode_clip(work, "screen768_%d" % frames,
                       "baseline/Adobe_PDF_sample_a_1024x768_50Frms.264",
                       1024, 768, 25, frames)


def decoder_streams(work, quick):
    """The four decoder test streams: 720p and 1080p at 2.5 and 6 Mbit/s."""
    c720 = natural_720p(work, 60 if quick else 300)
    c1080 = natural_1080p(work, 54 if quick else 216)
    streams = []
    for clip in (c720, c1080):
        for kbps in (2500, 6000):
            streams.append(x264_baseline_stream(work, clip, kbps))
    return streams


def check_profile(path):
    """Return ffprobe's profile name of a stream (sanity check)."""
    res = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0",
                          "-show_entries", "stream=profile", "-of", "csv=p=0", path],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return res.stdout.decode().strip()
