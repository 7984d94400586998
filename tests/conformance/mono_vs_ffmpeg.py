#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""4:0:0 (monochrome High profile, CAVLC) streams from libx264: the luma of
every output picture must equal FFmpeg's (compared in FFmpeg's native gray
format, since its gray -> yuv420p conversion rescales luma) and the chroma
planes must be exactly 128. Skips (77) without ffmpeg/libx264.
usage: mono_vs_ffmpeg.py RTH264_CLI CPU_MASK"""
import os, shlex, shutil, subprocess, sys, tempfile

W, H = 352, 288


def main():
    cli, mask = sys.argv[1], sys.argv[2]
    if not shutil.which('ffmpeg'):
        print('SKIP: no ffmpeg')
        return 77
    tmp = tempfile.mkdtemp()
    failed = 0
    try:
        for opts in ('cabac=0:bframes=0:8x8dct=0:weightp=2',
                     'cabac=0:bframes=3:8x8dct=1:direct=temporal:weightb=1'):
            s = os.path.join(tmp, 'gray.264')
            r = subprocess.run(['ffmpeg', '-v', 'error', '-y', '-f', 'lavfi', '-i',
                                'testsrc2=size=%dx%d:rate=25' % (W, H), '-vf', 'fade=in:0:10', '-frames:v', '30',
                                '-pix_fmt', 'gray', '-c:v', 'libx264', '-b:v', '500k', '-x264-params', opts, s])
            if r.returncode:
                print('SKIP: libx264 cannot encode gray')
                return 77
            ref = subprocess.run(['ffmpeg', '-v', 'error', '-i', s, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
                                 capture_output=True).stdout
            got = subprocess.run(shlex.split(os.environ.get('MESON_EXE_WRAPPER', '')) + [cli, 'decode', s, '-o', '-', '--cpu-mask', mask], capture_output=True).stdout
            ls, fs = W * H, W * H * 3 // 2
            n = len(ref) // ls
            ok = n > 0 and len(got) == n * fs
            for i in range(n if ok else 0):
                pic = got[i * fs:(i + 1) * fs]
                if pic[:ls] != ref[i * ls:(i + 1) * ls] or pic[ls:].count(128) != fs - ls:
                    ok = False
                    break
            print('%s: %s (%d pictures)' % ('OK' if ok else 'FAIL', opts, n))
            failed += not ok
    finally:
        shutil.rmtree(tmp)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
