#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Joining a stream mid-way: a libx264 intra-refresh stream (recovery point
SEIs, no IDR after the first) is cut after its first pictures. The decoder
must keep going (predicting from grey at first), flag every picture until the
recovery point completes, and from the first unflagged picture on output
exactly what a decode of the whole stream gives. Skips (77) without
ffmpeg/libx264.
usage: join_intra_refresh.py RTH264_CLI"""
import os, re, shlex, shutil, subprocess, sys, tempfile


def nal_units(data):
    starts = [m.start() + 3 for m in re.finditer(b'\x00\x00\x01', data)]
    return [(s, (starts[i + 1] - 3) if i + 1 < len(starts) else len(data), data[s] & 31)
            for i, s in enumerate(starts)]


def frames(cli, path):
    wrapper = shlex.split(os.environ.get('MESON_EXE_WRAPPER', ''))  # qemu in cross builds
    r = subprocess.run([*wrapper, cli, 'decode', path, '-o', os.devnull, '--frames', '--cpu-mask', '0'],
                       capture_output=True, text=True)
    out = {}
    for line in r.stderr.splitlines():
        f = line.split()
        if f and f[0] == 'frame':
            out[int(f[3])] = (f[-1], 'concealed' in f)
    return r.returncode, out


def main():
    cli = sys.argv[1]
    if not shutil.which('ffmpeg'):
        print('SKIP: no ffmpeg')
        return 77
    tmp = tempfile.mkdtemp()
    try:
        full = os.path.join(tmp, 'full.264')
        r = subprocess.run(['ffmpeg', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x192:rate=25',
                            '-frames:v', '90', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-b:v', '400k',
                            '-x264-params', 'cabac=0:bframes=0:8x8dct=0:ref=1:intra-refresh=1:keyint=20',
                            full])
        if r.returncode:
            print('SKIP: libx264 not usable')
            return 77
        data = open(full, 'rb').read()
        nals = nal_units(data)
        slices = [i for i, n in enumerate(nals) if n[2] in (1, 5)]
        joined = b''.join(b'\x00\x00\x01' + data[s:e] for s, e, t in nals if t in (7, 8))
        joined += b''.join(b'\x00\x00\x01' + data[s:e] for s, e, t in nals[slices[7]:] if t not in (7, 8))
        cut = os.path.join(tmp, 'join.264')
        open(cut, 'wb').write(joined)
        rc_full, ref = frames(cli, full)
        rc_join, got = frames(cli, cut)
        if rc_full or rc_join or not got:
            print('FAIL: decoder exit codes %d %d' % (rc_full, rc_join))
            return 1
        pocs = sorted(got)
        clean = [p for p in pocs if not got[p][1]]
        if not clean:
            print('FAIL: never recovered (every picture flagged)')
            return 1
        first = clean[0]
        bad = [p for p in pocs if p >= first and (got[p][1] or got[p][0] != ref[p][0])]
        early = [p for p in pocs if p < first and not got[p][1]]
        print('%d pictures, first clean at POC %d; mismatching after it: %s; unflagged before it: %s'
              % (len(pocs), first, bad, early))
        return 1 if bad or early or pocs[0] == first else 0
    finally:
        shutil.rmtree(tmp)


if __name__ == '__main__':
    sys.exit(main())
