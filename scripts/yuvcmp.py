#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""PSNR of two raw I420 files of the same size: prints average PSNR-Y/U/V
(the mean of per-frame PSNRs, capped at 100 dB for identical frames).
usage: yuvcmp.py REF.yuv TEST.yuv WIDTH HEIGHT [--frames N]"""
import argparse
import sys

import numpy as np


def frame_psnrs(ref, test, w, h, frames):
    cw, ch = (w + 1) // 2, (h + 1) // 2
    sizes = (w * h, cw * ch, cw * ch)
    fsize = sum(sizes)
    n = min(len(ref), len(test)) // fsize
    if frames:
        n = min(n, frames)
    out = []
    for i in range(n):
        off, row = i * fsize, []
        for s in sizes:
            a = np.frombuffer(ref, np.uint8, s, off).astype(np.int32)
            b = np.frombuffer(test, np.uint8, s, off).astype(np.int32)
            mse = float(np.mean((a - b) ** 2))
            row.append(100.0 if mse == 0 else 10 * np.log10(255 * 255 / mse))
            off += s
        out.append(row)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ref")
    ap.add_argument("test")
    ap.add_argument("width", type=int)
    ap.add_argument("height", type=int)
    ap.add_argument("--frames", type=int, default=0)
    a = ap.parse_args()
    with open(a.ref, "rb") as f:
        ref = f.read()
    with open(a.test, "rb") as f:
        test = f.read()
    rows = frame_psnrs(ref, test, a.width, a.height, a.frames)
    if not rows:
        sys.exit("yuvcmp: no complete frame to compare")
    y, u, v = (sum(r[k] for r in rows) / len(rows) for k in range(3))
    print(f"frames={len(rows)} psnr_y={y:.2f} psnr_u={u:.2f} psnr_v={v:.2f}")


if __name__ == "__main__":
    main()
