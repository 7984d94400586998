#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Interop both ways, bit-exact where the decoders are conformant.

Source: the first 60 frames of the 720p natural clip.
  - x264enc (Constrained Baseline; also with 4 references and 4 slices)
    and openh264enc (also with 3 slices) streams decoded by rth264dec give
    the same I420 (md5) as avdec_h264;
  - rth264enc's streams (default; max-slice-size with 3 references; intra
    refresh) decoded by avdec_h264, openh264dec and rth264dec (and the
    ffmpeg CLI) give one and the same md5, and the PSNR against the
    source is sane (the stream carries the picture, not just valid syntax).
All pipelines run through gst-launch-1.0 (filesrc ! h264parse ! decoder).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtgst  # noqa: E402
from rtgst import log  # noqa: E402

FRAMES = 60
MIN_PSNR = 32.0
failures = []


def check(cond, what):
    log('%s: %s' % ('ok  ' if cond else 'FAIL', what))
    if not cond:
        failures.append(what)


def encode(clip, encoder_desc, out):
    desc = ('filesrc location=%s ! rawvideoparse format=i420 width=%d height=%d framerate=%d/1 ! '
            'identity eos-after=%d ! %s ! capsfilter caps=video/x-h264,stream-format=byte-stream ! '
            'h264parse ! filesink location=%s'
            % (clip, rtgst.CLIP_W, rtgst.CLIP_H, rtgst.CLIP_FPS, FRAMES + 1, encoder_desc, out))
    rc, msg = rtgst.gst_launch_cli(desc.split(), 120)
    check(rc == 0 and os.path.getsize(out) > 0, 'encode with %s (%s)'
          % (encoder_desc.split()[0], msg.strip()[-160:]))


def decode_md5(stream, decoder):
    desc = ('filesrc location=%s ! h264parse ! %s ! video/x-raw,format=I420 ! '
            'filesink location=/dev/stdout buffer-mode=full' % (stream, decoder))
    rc, size, md5, err = rtgst.gst_launch_hash(desc.split(), 120)
    expected = FRAMES * rtgst.CLIP_W * rtgst.CLIP_H * 3 // 2
    if rc != 0 or size != expected:
        return None, '%s: exit %d, %d bytes (expected %d) %s' % (decoder, rc, size, expected,
                                                                  err.strip()[-160:])
    return md5, ''


def ffmpeg_md5(stream):
    r = subprocess.run(['ffmpeg', '-v', 'error', '-i', stream, '-f', 'rawvideo',
                        '-pix_fmt', 'yuv420p', '-'], capture_output=True)
    import hashlib
    return hashlib.md5(r.stdout).hexdigest() if r.returncode == 0 else None


def mean_psnr(clip_path, stream):
    r = subprocess.run(['ffmpeg', '-v', 'error', '-i', stream, '-f', 'rawvideo',
                        '-pix_fmt', 'yuv420p', '-'], capture_output=True)
    import numpy as np
    clip = rtgst.Clip(clip_path)
    dec = np.frombuffer(r.stdout, dtype=np.uint8)
    n = len(dec) // clip.frame_size
    ps = []
    for i in range(n):
        y = dec[i * clip.frame_size:i * clip.frame_size + clip.w * clip.h].reshape(clip.h, clip.w)
        ps.append(rtgst.psnr(y, clip.luma(i)))
    return sum(ps) / max(1, len(ps)), n


def main():
    rtgst.require_elements('x264enc', 'openh264enc', 'openh264dec', 'avdec_h264', 'h264parse')
    clip = rtgst.clip_720p()
    work = rtgst.work_dir()
    # Other encoders -> rth264dec, compared with avdec_h264.
    for name, enc in (('x264', 'x264enc speed-preset=veryfast bitrate=2500 key-int-max=30 '
                               '! video/x-h264,profile=constrained-baseline'),
                      # 4 reference frames and 4 slices per picture
                      ('x264-refs-slices', 'x264enc speed-preset=medium bitrate=1500 '
                                           'key-int-max=25 ref=4 option-string=slices=4 '
                                           '! video/x-h264,profile=constrained-baseline'),
                      ('openh264', 'openh264enc bitrate=2500000 gop-size=30'),
                      ('openh264-slices', 'openh264enc bitrate=1000000 gop-size=20 '
                                          'slice-mode=n-slices num-slices=3')):
        stream = os.path.join(work, 'interop-%s.264' % name)
        encode(clip, enc, stream)
        ours, e1 = decode_md5(stream, rtgst.DEC)
        ref, e2 = decode_md5(stream, 'avdec_h264')
        check(ours is not None and ours == ref,
              '%s stream: %s md5 %s, avdec_h264 md5 %s %s%s' % (name, rtgst.DEC, ours, ref, e1, e2))
    # rth264enc -> other decoders: default, size-limited slices with 3
    # references, intra refresh (no IDR after the first).
    variants = [('default', '')]
    if rtgst.IMPL == 'rth264':
        variants += [('slices-refs', 'max-slice-size=1100 refs=3'),
                     ('intra-refresh', 'intra-refresh=true')]
    for vname, extra in variants:
        stream = os.path.join(work, 'interop-rth264enc-%s.264' % vname)
        encode(clip, rtgst.enc_desc(2500000, key_int_max=30, extra=extra), stream)
        sums = {}
        for dec in ('avdec_h264', 'openh264dec', rtgst.DEC):
            sums[dec], err = decode_md5(stream, dec)
            check(sums[dec] is not None, '%s decodes %s (%s) %s' % (dec, rtgst.ENC, vname, err))
        sums['ffmpeg'] = ffmpeg_md5(stream)
        check(len(set(sums.values())) == 1 and None not in sums.values(),
              '%s (%s) decodes to one md5 everywhere: %s' % (rtgst.ENC, vname, sums))
        psnr, n = mean_psnr(clip, stream)
        check(n == FRAMES and psnr >= MIN_PSNR, '%s (%s): %d frames, mean Y-PSNR %.2f dB (>= %.0f)'
              % (rtgst.ENC, vname, n, psnr, MIN_PSNR))
    if failures:
        log('%d FAILED' % len(failures))
        sys.exit(1)
    log('PASS')


if __name__ == '__main__':
    main()
