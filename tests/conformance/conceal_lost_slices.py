#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Loss concealment: a libx264 Baseline stream with 4 slices per picture
loses one slice in every 7th picture. The decoder must decode to the end
(exit 0), and its motion-guided concealment must keep the damaged pictures
close to the undamaged decode: mean PSNR-Y >= 28.5 dB (a plain co-located
copy gives 27.5 dB here, the motion-guided one 29.5 dB). Skips (77) without
ffmpeg/libx264. libx264's thread count is pinned: its output (and so which
areas a lost slice covers and how well they can be concealed) changes with
it, and its default follows the machine's core count (with 1, 2 or 4 threads
the same check gives 26.6-27.2 dB, which made this test machine-dependent).
usage: conceal_lost_slices.py RTH264_CLI"""
import math, os, re, shlex, shutil, subprocess, sys, tempfile

W, H = 352, 288


def decode(cli, path):
    r = subprocess.run(shlex.split(os.environ.get('MESON_EXE_WRAPPER', '')) + [cli, 'decode', path, '-o', '-', '--cpu-mask', '0'], capture_output=True)
    return r.returncode, r.stdout


def main():
    cli = sys.argv[1]
    if not shutil.which('ffmpeg'):
        print('SKIP: no ffmpeg')
        return 77
    tmp = tempfile.mkdtemp()
    try:
        full = os.path.join(tmp, 'full.264')
        r = subprocess.run(['ffmpeg', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=%dx%d:rate=25' % (W, H),
                            '-frames:v', '50', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-b:v', '600k',
                            '-threads', '3', '-x264-params', 'cabac=0:bframes=0:8x8dct=0:slices=4:keyint=100:ref=1', full])
        if r.returncode:
            print('SKIP: libx264 not usable')
            return 77
        data = open(full, 'rb').read()
        starts = [m.start() for m in re.finditer(b'\x00\x00\x01', data)]
        nals = [(s, starts[i + 1] if i + 1 < len(starts) else len(data), data[s + 3] & 31)
                for i, s in enumerate(starts)]
        slices = [i for i, n in enumerate(nals) if n[2] in (1, 5)]
        drop = {slices[k * 4 + 1] for k in range(3, len(slices) // 4, 7)}
        lost = os.path.join(tmp, 'lost.264')
        open(lost, 'wb').write(b''.join(b'\x00' + data[s:e] for i, (s, e, t) in enumerate(nals) if i not in drop))
        rc_a, a = decode(cli, full)
        rc_b, b = decode(cli, lost)
        fs = W * H * 3 // 2
        if rc_a or rc_b or len(a) != len(b) or not a:
            print('FAIL: exit codes %d %d, sizes %d %d' % (rc_a, rc_b, len(a), len(b)))
            return 1
        psnr = []
        for i in range(len(a) // fs):
            x, y = a[i * fs:i * fs + W * H], b[i * fs:i * fs + W * H]
            if x != y:
                se = sum((p - q) ** 2 for p, q in zip(x, y)) / (W * H)
                psnr.append(10 * math.log10(255 * 255 / se))
        mean = sum(psnr) / len(psnr)
        print('%d slices lost, %d pictures differ, PSNR-Y mean %.2f dB, min %.2f dB' %
              (len(drop), len(psnr), mean, min(psnr)))
        return 0 if mean >= 28.5 else 1
    finally:
        shutil.rmtree(tmp)


if __name__ == '__main__':
    sys.exit(main())
