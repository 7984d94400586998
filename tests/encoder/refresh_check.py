#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Intra refresh really refreshes: a receiver that got a wrong first picture
(here: the IDR of a different encode, a flat grey frame) must show exactly
the encoder's reconstruction once one refresh sweep has passed.

usage: refresh_check.py PERIOD   (runs on the generated synthetic source)"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import enc_common as ec  # noqa: E402

W, H, FRAMES = 320, 192, 40


def main():
    if not ec.have('ffmpeg'):
        print('SKIP: ffmpeg not available')
        return ec.SKIP
    period = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    work = ec.work_dir()  # shared by tests running in parallel: names carry the period
    src = ec.synthetic_clip(W, H, FRAMES, seed=3)
    opts = ['--size', '%dx%d' % (W, H), '--bitrate', '600k', '--intra-refresh',
            '--intra-refresh-period', str(period)]
    good, recon = os.path.join(work, 'ir%d_good.264' % period), os.path.join(work, 'ir%d_recon.yuv' % period)
    ec.encode([src, *opts, '-o', good, '--recon', recon])
    grey = os.path.join(work, 'ir%d_grey.yuv' % period)
    with open(grey, 'wb') as f:
        f.write(bytes([90]) * (W * H) + bytes([128]) * (W * H // 2))
    grey264 = os.path.join(work, 'ir%d_grey.264' % period)
    ec.encode([grey, *opts, '-o', grey264])

    def nal_units(data):
        out, i = [], 0
        starts = []
        while True:
            j = data.find(b'\x00\x00\x01', i)
            if j < 0:
                break
            starts.append(j - 1 if j > 0 and data[j - 1] == 0 else j)
            i = j + 3
        for k, s in enumerate(starts):
            out.append(data[s:starts[k + 1] if k + 1 < len(starts) else len(data)])
        return out

    def nal_type(n):
        return n[n.index(b'\x00\x00\x01') + 3] & 31

    good_nals, grey_nals = nal_units(open(good, 'rb').read()), nal_units(open(grey264, 'rb').read())
    grey_idr = [n for n in grey_nals if nal_type(n) == 5]
    first_idr = next(i for i, n in enumerate(good_nals) if nal_type(n) == 5)
    n_idr = sum(1 for n in good_nals if nal_type(n) == 5)
    if n_idr != 1 or len(grey_idr) != 1:
        print('FAIL: expected a single IDR per stream (got %d and %d)' % (n_idr, len(grey_idr)))
        return 1
    damaged = os.path.join(work, 'ir%d_damaged.264' % period)
    with open(damaged, 'wb') as f:
        f.write(b''.join(good_nals[:first_idr] + grey_idr + good_nals[first_idr + 1:]))
    dec = os.path.join(work, 'ir%d_dec.yuv' % period)
    ec.ffmpeg_decode(damaged, dec)
    fs = W * H * 3 // 2
    a, b = open(recon, 'rb').read(), open(dec, 'rb').read()
    if len(a) != len(b):
        print('FAIL: %d vs %d frames' % (len(a) // fs, len(b) // fs))
        return 1
    same = [a[i * fs:(i + 1) * fs] == b[i * fs:(i + 1) * fs] for i in range(len(a) // fs)]
    first_clean = next((i for i, s in enumerate(same) if all(same[i:])), None)
    print('frames equal to the reconstruction from frame %s on (period %d): %s' %
          (first_clean, period, ''.join('=' if s else 'x' for s in same)))
    if first_clean is None or first_clean > period + 1 or first_clean == 0:
        print('FAIL: the refresh did not wash out the wrong first picture in one sweep')
        return 1
    for p in (good, recon, grey, grey264, damaged, dec):
        os.remove(p)
    return 0


if __name__ == '__main__':
    sys.exit(main())
