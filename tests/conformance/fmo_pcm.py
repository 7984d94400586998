#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""FMO/ASO check with synthetic streams: for each slice_group_map_type 0..6,
write a Baseline stream (IDR of I_PCM macroblocks, then a P picture that
alternates P_Skip and I_PCM) whose slices follow the slice groups, sent in
reverse order (arbitrary slice order). The expected pictures follow from the
PCM samples alone, so the decoder's output must match them exactly.
usage: fmo_pcm.py RTH264_CLI"""
import hashlib, math, os, shlex, subprocess, sys, tempfile

W, H = 11, 9            # macroblocks
N = W * H


class Bits:
    def __init__(self):
        self.bits = []

    def u(self, n, v):
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]

    def ue(self, v):
        x = v + 1
        n = x.bit_length()
        self.u(n - 1, 0)
        self.u(n, x)

    def se(self, v):
        self.ue(2 * v - 1 if v > 0 else -2 * v)

    def align_zero(self):
        while len(self.bits) % 8:
            self.bits.append(0)

    def trailing(self):
        self.bits.append(1)
        self.align_zero()

    def bytes(self):
        out = bytearray()
        for i in range(0, len(self.bits), 8):
            out.append(int(''.join(map(str, self.bits[i:i + 8])), 2))
        return bytes(out)


def nal(ref_idc, ntype, rbsp):
    out, zeros = bytearray(), 0
    for b in rbsp:                       # 7.4.1 emulation prevention
        if zeros >= 2 and b <= 3:
            out.append(3)
            zeros = 0
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return b'\x00\x00\x00\x01' + bytes([(ref_idc << 5) | ntype]) + bytes(out)


def box_out(units, direction):
    """8.2.2.4"""
    m = [1] * N
    x, y = (W - direction) // 2, (H - direction) // 2
    left, top, right, bottom = x, y, x, y
    xd, yd = direction - 1, direction
    k = 0
    while k < units:
        vacant = m[y * W + x] == 1
        if vacant:
            m[y * W + x] = 0
        if xd == -1 and x == left:
            left = max(left - 1, 0); x = left; xd = 0; yd = 2 * direction - 1
        elif xd == 1 and x == right:
            right = min(right + 1, W - 1); x = right; xd = 0; yd = 1 - 2 * direction
        elif yd == -1 and y == top:
            top = max(top - 1, 0); y = top; xd = 1 - 2 * direction; yd = 0
        elif yd == 1 and y == bottom:
            bottom = min(bottom + 1, H - 1); y = bottom; xd = 2 * direction - 1; yd = 0
        else:
            x += xd; y += yd
        k += vacant
    return m


def slice_group_map(cfg, cycle):
    t, g = cfg['type'], cfg['groups']
    if t == 0:
        m, i = [0] * N, 0
        while i < N:
            for grp in range(g):
                for j in range(cfg['runs'][grp]):
                    if i + j < N:
                        m[i + j] = grp
                i += cfg['runs'][grp]
                if i >= N:
                    break
        return m
    if t == 1:
        return [((i % W) + (((i // W) * g) // 2)) % g for i in range(N)]
    if t == 2:
        m = [g - 1] * N
        for grp in range(g - 2, -1, -1):
            tl, br = cfg['rects'][grp]
            for y in range(tl // W, br // W + 1):
                for x in range(tl % W, br % W + 1):
                    m[y * W + x] = grp
        return m
    if t == 6:
        return cfg['ids']
    units = min(cycle * cfg['rate'], N)
    d = cfg['dir']
    if t == 3:
        return box_out(units, d)
    upper = N - units if d else units
    if t == 4:
        return [d if i < upper else 1 - d for i in range(N)]
    if t == 5:
        m, k = [0] * N, 0
        for x in range(W):
            for y in range(H):
                m[y * W + x] = d if k < upper else 1 - d
                k += 1
        return m
    return cfg['ids']


def sps():
    b = Bits()
    b.u(8, 66); b.u(8, 0x80); b.u(8, 30); b.ue(0)
    b.ue(0)             # log2_max_frame_num - 4
    b.ue(2)             # pic_order_cnt_type
    b.ue(1); b.u(1, 0)  # one reference, no gaps
    b.ue(W - 1); b.ue(H - 1)
    b.u(1, 1); b.u(1, 1); b.u(1, 0); b.u(1, 0)
    b.trailing()
    return nal(3, 7, b.bytes())


def pps(cfg):
    b = Bits()
    b.ue(0); b.ue(0); b.u(1, 0); b.u(1, 0)
    b.ue(cfg['groups'] - 1)
    t = cfg['type']
    b.ue(t)
    if t == 0:
        for r in cfg['runs']:
            b.ue(r - 1)
    elif t == 2:
        for tl, br in cfg['rects']:
            b.ue(tl); b.ue(br)
    elif t in (3, 4, 5):
        b.u(1, cfg['dir']); b.ue(cfg['rate'] - 1)
    elif t == 6:
        b.ue(N - 1)
        bits = math.ceil(math.log2(cfg['groups']))
        for v in cfg['ids']:
            b.u(bits, v)
    b.ue(0); b.ue(0); b.u(1, 0); b.u(2, 0)
    b.se(0); b.se(0); b.se(0)
    b.u(1, 1); b.u(1, 0); b.u(1, 0)   # deblocking control present
    b.trailing()
    return nal(3, 8, b.bytes())


def pcm_mb(b, samples):
    b.align_zero()
    for v in samples:
        b.u(8, v)


def mb_samples(addr, seed):
    """384 PCM samples of one macroblock (no zero bytes)."""
    out = []
    for y in range(16):
        for x in range(16):
            out.append(1 + (addr * 37 + seed * 11 + x * 3 + y * 5) % 250)
    for c in range(2):
        for y in range(8):
            for x in range(8):
                out.append(1 + (addr * 13 + seed * 7 + c * 90 + x + y * 2) % 250)
    return out


def slice_nal(cfg, cycle, mbs, idr, frame_num, coded):
    b = Bits()
    b.ue(mbs[0]); b.ue(7 if idr else 5); b.ue(0); b.u(4, frame_num)
    if idr:
        b.ue(0)
    else:
        b.u(1, 0); b.u(1, 0)              # no override, no list modification
    if idr:
        b.u(1, 0); b.u(1, 0)
    else:
        b.u(1, 0)                          # sliding window
    b.se(0)
    b.ue(1)                                # no deblocking
    if cfg['type'] in (3, 4, 5):
        b.u(math.ceil(math.log2(N / cfg['rate'] + 1)), cycle)
    i = 0
    while i < len(mbs):
        if not idr:
            run = 0
            while i < len(mbs) and mbs[i] not in coded:
                run += 1
                i += 1
            b.ue(run)
            if i == len(mbs):
                break
        b.ue(25 if idr else 30)
        pcm_mb(b, mb_samples(mbs[i], frame_num))
        i += 1
    b.trailing()
    return nal(3 if idr else 2, 5 if idr else 1, b.bytes())


def picture(cfg, cycle, idr, frame_num, coded):
    m = slice_group_map(cfg, cycle)
    groups = sorted(set(m))
    out = b''
    for g in reversed(groups):            # arbitrary slice order
        mbs = [a for a in range(N) if m[a] == g]
        out += slice_nal(cfg, cycle, mbs, idr, frame_num, coded)
    return out


def expected_frame(prev, coded, frame_num):
    y = prev[0][:] if prev else [0] * (W * 16 * H * 16)
    u = prev[1][:] if prev else [0] * (W * 8 * H * 8)
    v = prev[2][:] if prev else [0] * (W * 8 * H * 8)
    for a in coded:
        s = mb_samples(a, frame_num)
        mx, my = a % W, a // W
        for yy in range(16):
            for xx in range(16):
                y[(my * 16 + yy) * W * 16 + mx * 16 + xx] = s[yy * 16 + xx]
        for c, plane in enumerate((u, v)):
            for yy in range(8):
                for xx in range(8):
                    plane[(my * 8 + yy) * W * 8 + mx * 8 + xx] = s[256 + c * 64 + yy * 8 + xx]
    return (y, u, v)


CONFIGS = [
    {'type': 0, 'groups': 3, 'runs': [5, 17, 2]},
    {'type': 1, 'groups': 4},
    {'type': 2, 'groups': 3, 'rects': [(12, 36), (3 * W + 5, 6 * W + 9)]},
    {'type': 3, 'groups': 2, 'dir': 1, 'rate': 7},
    {'type': 4, 'groups': 2, 'dir': 0, 'rate': 5},
    {'type': 5, 'groups': 2, 'dir': 1, 'rate': 3},
    {'type': 6, 'groups': 5, 'ids': [(a * 7 + a // W) % 5 for a in range(N)]},
]


def main():
    cli = sys.argv[1]
    failed = 0
    for cfg in CONFIGS:
        cycle = 4
        stream = sps() + pps(cfg)
        stream += picture(cfg, cycle, True, 0, set(range(N)))
        coded = {a for a in range(N) if a % 3 == 1}
        stream += picture(cfg, cycle + 3, False, 1, coded)
        f0 = expected_frame(None, range(N), 0)
        f1 = expected_frame(f0, coded, 1)
        want = hashlib.md5(b''.join(bytes(p) for f in (f0, f1) for p in f)).hexdigest()
        with tempfile.NamedTemporaryFile(suffix='.264', delete=False) as tf:
            tf.write(stream)
            path = tf.name
        try:
            # Cross builds: meson sets MESON_EXE_WRAPPER (qemu) to run the CLI.
            wrapper = shlex.split(os.environ.get('MESON_EXE_WRAPPER', ''))
            r = subprocess.run([*wrapper, cli, 'decode', path, '--md5', '--cpu-mask', '0'], capture_output=True, text=True)
        finally:
            os.unlink(path)
        got = r.stdout.strip().split('\n')[-1] if r.stdout else ''
        ok = r.returncode == 0 and got == want
        print('%s map type %d: %s' % ('OK' if ok else 'FAIL', cfg['type'], r.stderr.strip()))
        failed += not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
