# SPDX-License-Identifier: BSD-2-Clause
"""PSNR of an encoded stream against its source, computed here with numpy.

The stream is decoded with ffmpeg to packed I420 on a pipe (nothing written
to disk); decoded frame k is compared with the source frame given by
source_index[k] (the encoder may drop frames, so the caller maps each output
picture back to its input by timestamp).
"""
import math
import subprocess

import numpy as np

PSNR_CAP = 100.0   # identical frames: report 100 dB instead of infinity


def _psnr(mse):
    return PSNR_CAP if mse <= 0 else min(PSNR_CAP, 10.0 * math.log10(255.0 * 255.0 / mse))


def _planes(buf, w, h):
    cw, ch = (w + 1) // 2, (h + 1) // 2
    y = buf[:w * h]
    u = buf[w * h:w * h + cw * ch]
    v = buf[w * h + cw * ch:]
    return y, u, v


def _mse(a, b):
    d = a.astype(np.int32) - b.astype(np.int32)
    return float(np.mean(d * d))


def stream_psnr(stream_path, clip, source_index=None):
    """Per-frame PSNR (Y, U, V) lists and the count of decoded frames.

    Returns a dict: y, u, v (lists of per-frame dB), mean_y/u/v (mean of the
    per-frame values), global_y (from the summed MSE), frames.
    """
    fb = clip.frame_bytes
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", stream_path,
           "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"]
    res = {"y": [], "u": [], "v": []}
    mse_y_sum = 0.0
    with open(clip.path, "rb") as src, \
            subprocess.Popen(cmd, stdout=subprocess.PIPE) as dec:
        k = 0
        while True:
            data = dec.stdout.read(fb)
            if len(data) != fb:
                break
            idx = source_index[k] if source_index is not None and k < len(source_index) else k
            if idx >= clip.frames:
                break
            src.seek(idx * fb)
            ref = np.frombuffer(src.read(fb), dtype=np.uint8)
            out = np.frombuffer(data, dtype=np.uint8)
            mses = [_mse(a, b) for a, b in zip(_planes(out, clip.width, clip.height),
                                                 _planes(ref, clip.width, clip.height))]
            mse_y_sum += mses[0]
            for key, m in zip("yuv", mses):
                res[key].append(_psnr(m))
            k += 1
    n = len(res["y"])
    res["frames"] = n
    for key in "yuv":
        res["mean_" + key] = sum(res[key]) / n if n else float("nan")
    res["global_y"] = _psnr(mse_y_sum / n) if n else float("nan")
    return res
