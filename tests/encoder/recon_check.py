#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Encode a clip and check that the encoder's reconstruction equals, frame for
frame, what every available decoder outputs: rth264 decode, ffmpeg, and (when
GStreamer has them) avdec_h264 and openh264dec. Also checks that SPS and PPS
precede every IDR and that no slice exceeds --slice-max-size.

usage: recon_check.py SOURCE WxH FRAMES [encoder options...]
SOURCE: natural (720p clip), screen (1024x768 screen content), hd (1080p),
        synth (generated high-motion source), noise (random samples); the
        last two are generated and always available.
WxH scales the source first when it differs from the source size.
Exit 77 when the shared test data (or ffmpeg) is missing."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import enc_common as ec  # noqa: E402

SOURCES = {
    'natural': (lambda: ec.natural_clip(), 1280, 720),
    'screen': (lambda: ec.screen_clip(), 1024, 768),
    'hd': (lambda: ec.clip_1080p(), 1920, 1080),
}


def get_source(name, w, h, frames):
    if name == 'synth':
        return ec.synthetic_clip(w, h, frames)
    if name == 'noise':
        return ec.noise_clip(w, h, frames)
    clip, sw, sh = SOURCES[name]
    path = clip()
    if path is None:
        print('SKIP: shared clip or ffmpeg not available')
        sys.exit(ec.SKIP)
    if (w, h) != (sw, sh):
        path = ec.scaled_clip(path, w, h, sw, sh, frames)
    return path


def gst_i420_unpack(data, w, h):
    """GStreamer's default I420 layout (rows padded to 4 bytes) -> packed."""
    def r4(v):
        return (v + 3) & ~3
    cw, ch = (w + 1) // 2, (h + 1) // 2
    ys, cs = r4(w), r4(cw)
    fsize = ys * ((h + 1) & ~1) + 2 * cs * ch
    out = bytearray()
    for f in range(len(data) // fsize):
        base = f * fsize
        for y in range(h):
            out += data[base + y * ys:base + y * ys + w]
        base += ys * ((h + 1) & ~1)
        for _ in range(2):
            for y in range(ch):
                out += data[base + y * cs:base + y * cs + cw]
            base += cs * ch
    return bytes(out)


def decode_all(stream, w, h, tmp):
    """Returns {decoder name: packed I420 bytes} for every decoder present."""
    outs = {}
    dec = tmp + '.rth264.yuv'
    r = subprocess.run([*ec.cli_cmd(), 'decode', stream, '-o', dec], capture_output=True, text=True)
    if r.returncode == 0 and os.path.exists(dec):
        outs['rth264'] = open(dec, 'rb').read()
    else:
        outs['rth264'] = b'(rth264 decode failed: %s)' % r.stderr.encode()
    dec = tmp + '.ffmpeg.yuv'
    ec.ffmpeg_decode(stream, dec)
    outs['ffmpeg'] = open(dec, 'rb').read()
    if ec.have('gst-launch-1.0'):
        for element in ('avdec_h264', 'openh264dec'):
            if subprocess.run(['gst-inspect-1.0', element], capture_output=True).returncode:
                continue
            dec = tmp + '.%s.yuv' % element
            cmd = ['gst-launch-1.0', '-q', 'filesrc', 'location=' + stream, '!', 'h264parse', '!',
                   element, '!', 'video/x-raw,format=I420', '!', 'filesink', 'location=' + dec]
            env = dict(os.environ)
            env.pop('GST_PLUGIN_PATH_1_0', None)  # the system decoders only
            env['GST_REGISTRY_1_0'] = tmp + '.registry.bin'
            r = subprocess.run(cmd, capture_output=True, env=env)
            outs[element] = gst_i420_unpack(open(dec, 'rb').read(), w, h) if r.returncode == 0 \
                and os.path.exists(dec) else b'(gst pipeline failed)'
    return outs


def check_stream_structure(stream, max_slice):
    nals = ec.split_nals(open(stream, 'rb').read())
    errors = []
    for i, (t, size) in enumerate(nals):
        first_idr_slice = t == 5 and (i == 0 or nals[i - 1][0] != 5)
        if first_idr_slice and (i < 2 or nals[i - 2][0] != 7 or nals[i - 1][0] != 8):
            errors.append('IDR at NAL %d without SPS and PPS right before it' % i)
        if max_slice and t in (1, 5) and size > max_slice:
            errors.append('slice NAL %d is %d bytes > %d' % (i, size, max_slice))
    return errors


def option_value(opts, name):
    for i, o in enumerate(opts[:-1]):
        if o == name:
            return opts[i + 1]
    return None


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    name, size, frames, opts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    if name not in ('synth', 'noise') and (not ec.shared_dir() or not ec.have('ffmpeg')):
        print('SKIP: shared data or ffmpeg not available')
        return ec.SKIP
    if not ec.have('ffmpeg'):
        print('SKIP: ffmpeg not available')
        return ec.SKIP
    w, h = map(int, size.split('x'))
    src = get_source(name, w, h, frames)
    tag = '%s_%s_%d_%d' % (name, size, frames, abs(hash(' '.join(opts))) % 100000)
    tmp = os.path.join(ec.work_dir(), 'out_' + tag)
    stream, recon = tmp + '.264', tmp + '.recon.yuv'
    ec.encode([src, '--size', size, '--frames', str(frames), '-o', stream, '--recon', recon, *opts])
    ref = open(recon, 'rb').read()
    vw, vh = (w + 1) & ~1, (h + 1) & ~1
    fsize = vw * vh + 2 * (vw // 2) * (vh // 2)
    failures = []
    for dec, data in decode_all(stream, vw, vh, tmp).items():
        if data == ref:
            print('OK: %s output == encoder reconstruction (%d frames)' % (dec, len(ref) // fsize))
            continue
        nf = min(len(data), len(ref)) // fsize
        first = next((f for f in range(nf) if data[f * fsize:(f + 1) * fsize] !=
                      ref[f * fsize:(f + 1) * fsize]), nf)
        failures.append('%s differs: %d vs %d frames, first different frame %d' %
                        (dec, len(data) // fsize, len(ref) // fsize, first))
    ms = option_value(opts, '--slice-max-size')
    failures += check_stream_structure(stream, int(ms) if ms else 0)
    for f in failures:
        print('FAIL: ' + f)
    if not failures:
        for p in (stream, recon):
            os.remove(p)
        for p in os.listdir(ec.work_dir()):
            if p.startswith('out_' + tag):
                os.remove(os.path.join(ec.work_dir(), p))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
