# SPDX-License-Identifier: BSD-2-Clause
"""Helpers shared by the encoder tests: test clips made at run time (never
stored in git), running the CLI, splitting Annex B streams."""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def shared_dir():
    d = os.environ.get('RTH264_SHARED_DIR', '')
    return d if d and os.path.isdir(d) else None


def work_dir():
    base = os.environ.get('RTH264_BUILD_DIR') or tempfile.gettempdir()
    d = os.path.join(base, 'tests', 'encoder', 'clips')
    os.makedirs(d, exist_ok=True)
    return d


def have(tool):
    return shutil.which(tool) is not None


def _atomic_make(path, producer):
    """Create path once, even with tests running in parallel."""
    if os.path.exists(path):
        return path
    tmp = '%s.%d.tmp' % (path, os.getpid())
    producer(tmp)
    os.replace(tmp, path)
    return path


def ffmpeg_decode(src, dst, extra=()):
    subprocess.run(['ffmpeg', '-v', 'error', '-y', '-i', src, *extra, '-f', 'rawvideo',
                    '-pix_fmt', 'yuv420p', dst], check=True)


def natural_clip(frames=300):
    """The 720p natural clip (from a shared conformance stream)."""
    sd = shared_dir()
    if not sd or not have('ffmpeg'):
        return None
    src = os.path.join(sd, 'conformance', 'main-high', 'VID_1280x720_cavlc_temporal_direct.264')
    if not os.path.exists(src):
        return None
    return _atomic_make(os.path.join(work_dir(), 'clip720.yuv'),
                        lambda tmp: ffmpeg_decode(src, tmp, ['-frames:v', '300']))


def clip_1080p():
    sd = shared_dir()
    if not sd or not have('ffmpeg'):
        return None
    src = os.path.join(sd, 'conformance', 'main-high', 'VID_1920x1080_cavlc_temporal_direct.264')
    if not os.path.exists(src):
        return None
    return _atomic_make(os.path.join(work_dir(), 'clip1080.yuv'),
                        lambda tmp: ffmpeg_decode(src, tmp, ['-frames:v', '10']))


def screen_clip():
    sd = shared_dir()
    if not sd or not have('ffmpeg'):
        return None
    src = os.path.join(sd, 'conformance', 'baseline', 'Adobe_PDF_sample_a_1024x768_50Frms.264')
    if not os.path.exists(src):
        return None
    return _atomic_make(os.path.join(work_dir(), 'screen1024x768.yuv'),
                        lambda tmp: ffmpeg_decode(src, tmp))


def scaled_clip(src, w, h, sw, sh, frames):
    """src (sw x sh) scaled to w x h, first frames only."""
    name = '%s_%dx%d_%d.yuv' % (os.path.splitext(os.path.basename(src))[0], w, h, frames)

    def make(tmp):
        subprocess.run(['ffmpeg', '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'yuv420p',
                        '-s', '%dx%d' % (sw, sh), '-i', src, '-frames:v', str(frames),
                        '-vf', 'scale=%d:%d' % (w, h), '-f', 'rawvideo', '-pix_fmt', 'yuv420p',
                        tmp], check=True)
    return _atomic_make(os.path.join(work_dir(), name), make)


def synthetic_clip(w, h, frames, seed=1):
    """High-motion synthetic source made without external tools: a textured
    pattern panning fast in varying directions plus moving blocks and noise."""
    name = 'synth_%dx%d_%d_%d.yuv' % (w, h, frames, seed)

    def make(tmp):
        import random
        rnd = random.Random(seed)
        tw, th = 256, 256
        cells = [rnd.randrange(40, 216) for _ in range(32 * 32)]
        tex = bytes((cells[(y // 16) * 32 + x // 16] + (x + y) // 16) & 255
                    for y in range(th) for x in range(tw))
        ctex = bytes(128 + (cells[(y // 32) * 32 + x // 32] >> 3) for y in range(th) for x in range(tw))

        def plane(t, pw, ph, ox, oy):
            reps = (pw + ox) // tw + 2
            rows = []
            for y in range(ph):
                ty = (y + oy) % th
                rows.append(bytearray((t[ty * tw:(ty + 1) * tw] * reps)[ox:ox + pw]))
            return rows

        with open(tmp, 'wb') as f:
            for n in range(frames):
                ox, oy = (n * 13 + n * n // 20) % tw, (n * 7) % th  # fast, accelerating pan
                rows = plane(tex, w, h, ox, oy)
                for b in range(6):  # moving solid blocks
                    bx = (n * (9 + b * 5) + b * 97) % max(1, w - 32)
                    by = (n * (5 + b * 3) + b * 53) % max(1, h - 32)
                    for y in range(by, min(h, by + 32)):
                        rows[y][bx:bx + 32] = bytes([(b * 40 + n * 3) & 255]) * 32
                f.write(b''.join(bytes(r) for r in rows))
                cw, ch = (w + 1) // 2, (h + 1) // 2
                for k in range(2):
                    f.write(b''.join(bytes(r) for r in plane(ctex, cw, ch, (ox // 2 + 40 * k) % tw,
                                                             (oy // 2) % th)))
    return _atomic_make(os.path.join(work_dir(), name), make)


def noise_clip(w, h, frames, seed=5):
    """Uniform random samples: the largest coefficient levels there are."""
    name = 'noise_%dx%d_%d_%d.yuv' % (w, h, frames, seed)

    def make(tmp):
        import random
        rnd = random.Random(seed)
        size = (w * h + 2 * ((w + 1) // 2) * ((h + 1) // 2)) * frames
        with open(tmp, 'wb') as f:
            f.write(bytes(rnd.getrandbits(8) for _ in range(size)))
    return _atomic_make(os.path.join(work_dir(), name), make)


def cli():
    build = os.environ.get('RTH264_BUILD_DIR', '')
    path = os.environ.get('RTH264_CLI') or os.path.join(build, 'tools', 'rth264')
    if not os.path.exists(path):
        sys.exit('rth264 CLI not found at %s' % path)
    return path


def cli_cmd():
    """The CLI as a command list: in cross builds RTH264_EXE_WRAPPER (set by
    tests/meson.build from the cross file, e.g. qemu-aarch64) runs it."""
    return shlex.split(os.environ.get('RTH264_EXE_WRAPPER', '')) + [cli()]


def encode(args, check=True):
    r = subprocess.run([*cli_cmd(), 'encode', *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit('encode failed (%d): %s %s' % (r.returncode, ' '.join(args), r.stderr))
    return r


def split_nals(data):
    """Annex B -> list of (nal_type, size including start code)."""
    out = []
    i, n = 0, len(data)
    starts = []
    while True:
        j = data.find(b'\x00\x00\x01', i)
        if j < 0:
            break
        sc = j - 1 if j > 0 and data[j - 1] == 0 else j
        starts.append((sc, j + 3))
        i = j + 3
    for k, (sc, hdr) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else n
        out.append((data[hdr] & 31, end - sc))
    return out


def read_stats(path):
    """--stats CSV: frame, type, bytes, qp, nals, max_nal, dropped."""
    rows = []
    with open(path) as f:
        for line in f:
            v = line.strip().split(',')
            if len(v) >= 7:
                rows.append({'frame': int(v[0]), 'type': int(v[1]), 'bytes': int(v[2]),
                             'qp': int(v[3]), 'nals': int(v[4]), 'max_nal': int(v[5]),
                             'dropped': int(v[6])})
    return rows
