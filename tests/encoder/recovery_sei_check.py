#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Recovery point SEI (D.2.8) with intra refresh: every refresh sweep starts
with an SEI whose recovery_frame_cnt points at the sweep's last frame. A
receiver joining at a sweep start (no IDR: only SPS/PPS, then the stream
from the SEI on) must see pictures flagged concealed until the recovery
point and, from there on, unflagged pictures equal to the encoder's recon.

usage: recovery_sei_check.py PERIOD"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import enc_common as ec  # noqa: E402

W, H, FRAMES = 320, 192, 40
MB_W = W // 16


def nal_units(data):
    """Annex B -> list of (nal_type, bytes with start code)."""
    starts, i = [], 0
    while True:
        j = data.find(b'\x00\x00\x01', i)
        if j < 0:
            break
        starts.append((j - 1 if j > 0 and data[j - 1] == 0 else j, j + 3))
        i = j + 3
    return [(data[h] & 31, data[s:starts[k + 1][0] if k + 1 < len(starts) else len(data)])
            for k, (s, h) in enumerate(starts)]


def read_ue(payload, bitpos):
    zeros = 0
    while not (payload[(bitpos + zeros) // 8] >> (7 - (bitpos + zeros) % 8)) & 1:
        zeros += 1
    v, pos = 0, bitpos + zeros + 1
    for _ in range(zeros):
        v = (v << 1) | ((payload[pos // 8] >> (7 - pos % 8)) & 1)
        pos += 1
    return (1 << zeros) - 1 + v


def recovery_cnt(nal):
    """recovery_frame_cnt of a single-message recovery point SEI."""
    body = nal[nal.index(b'\x00\x00\x01') + 4:]
    if body[0] != 6:
        return None
    return read_ue(body[2:2 + body[1]], 0)


def access_units(nals):
    """Group NALs per picture: a new AU starts at an SEI, SPS or slice
    following a slice (one slice per picture in this configuration)."""
    aus, cur = [], []
    for t, n in nals:
        if cur and cur[-1][0] in (1, 5) and t in (1, 5, 6, 7):
            aus.append(cur)
            cur = []
        cur.append((t, n))
    return aus + [cur] if cur else aus


def picture_lines(path):
    r = subprocess.run(ec.cli_cmd() + ['info', path], capture_output=True, text=True)
    return [l for l in r.stdout.splitlines() if l.startswith('picture ')]


def main():
    period = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    work = ec.work_dir()
    src = ec.synthetic_clip(W, H, FRAMES, seed=4)
    tag = 'rp%d' % period
    good, recon = os.path.join(work, tag + '.264'), os.path.join(work, tag + '_recon.yuv')
    ec.encode([src, '--size', '%dx%d' % (W, H), '--bitrate', '600k', '--intra-refresh',
               '--intra-refresh-period', str(period), '-o', good, '--recon', recon])
    aus = access_units(nal_units(open(good, 'rb').read()))
    cols = (MB_W + period - 1) // period
    sweep = (MB_W + cols - 1) // cols
    starts = [i for i, au in enumerate(aus) if au[0][0] == 6]
    expect = list(range(1, len(aus), sweep))
    if starts != expect:
        print('FAIL: SEI in access units %s, expected %s' % (starts, expect))
        return 1
    bad = [i for i in starts if recovery_cnt(aus[i][0][1]) != sweep - 1]
    if bad:
        print('FAIL: recovery_frame_cnt != %d in access units %s' % (sweep - 1, bad))
        return 1
    if any(t == 6 for au in aus if au[0][0] != 6 for t, _ in au):
        print('FAIL: SEI not first in its access unit')
        return 1
    join = starts[1]
    headers = b''.join(n for t, n in aus[0] if t in (7, 8))
    joined = os.path.join(work, tag + '_joined.264')
    with open(joined, 'wb') as f:
        f.write(headers + b''.join(n for au in aus[join:] for _, n in au))
    lines = picture_lines(joined)
    if len(lines) != len(aus) - join:
        print('FAIL: %d pictures decoded from the joined stream, expected %d' % (len(lines), len(aus) - join))
        return 1
    flags = ''.join('c' if l.endswith(' concealed') else '.' for l in lines)
    print('joined at frame %d, sweep %d frames, concealed flags: %s' % (join, sweep, flags))
    if flags != 'c' * (sweep - 1) + '.' * (len(lines) - sweep + 1):
        print('FAIL: expected the first %d pictures concealed, the rest clean' % (sweep - 1))
        return 1
    dec = os.path.join(work, tag + '_joined.yuv')
    subprocess.run(ec.cli_cmd() + ['decode', joined, '-o', dec], check=True, capture_output=True)
    fs = W * H * 3 // 2
    a, b = open(recon, 'rb').read(), open(dec, 'rb').read()
    first = join + sweep - 1
    for k in range(sweep - 1, len(lines)):
        if b[k * fs:(k + 1) * fs] != a[(join + k) * fs:(join + k + 1) * fs]:
            print('FAIL: picture %d after the join (frame %d, recovery point %d) differs from the recon'
                  % (k, join + k, first))
            return 1
    print('pictures from the recovery point (frame %d) to %d equal the recon' % (first, len(aus) - 1))
    for p in (good, recon, joined, dec):
        os.remove(p)
    return 0


if __name__ == '__main__':
    sys.exit(main())
