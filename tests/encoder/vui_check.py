#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The CLI's VUI options (--sar, --range, --colour-primaries, --transfer,
--matrix) reach the stream: ffprobe reads them back from the SPS (E.1.1),
and rth264's own `info` agrees. Bad values are refused with a message.

usage: vui_check.py"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import enc_common as ec  # noqa: E402

W, H = 176, 144

CASES = [
    # CLI options, expected `rth264 info` VUI fields, expected ffprobe fields
    (['--sar', '16:11', '--range', 'full', '--colour-primaries', '1', '--transfer', '1',
      '--matrix', '1'],
     {'sar': '16:11', 'full_range': '1', 'primaries': '1', 'transfer': '1', 'matrix': '1'},
     {'sample_aspect_ratio': '16:11', 'color_range': 'pc', 'color_primaries': 'bt709',
      'color_transfer': 'bt709', 'color_space': 'bt709'}),
    (['--sar', '4:3', '--colour-primaries', '6', '--transfer', '6', '--matrix', '6'],
     {'sar': '4:3', 'full_range': '0', 'primaries': '6', 'transfer': '6', 'matrix': '6'},
     {'sample_aspect_ratio': '4:3', 'color_range': 'tv', 'color_primaries': 'smpte170m',
      'color_transfer': 'smpte170m', 'color_space': 'smpte170m'}),
]

BAD = [['--sar', '0:1'], ['--sar', '4:3x'], ['--range', 'wide'], ['--matrix', '0'],
       ['--colour-primaries', '256']]


def probe(path):
    r = subprocess.run(['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_streams',
                        '-of', 'json', path], capture_output=True, text=True, check=True)
    return json.loads(r.stdout)['streams'][0]


def info_vui(path):
    """The VUI line of `rth264 info` as a dict of its key/value pairs."""
    r = subprocess.run([*ec.cli_cmd(), 'info', path], capture_output=True, text=True, check=True)
    line = next(l for l in r.stdout.splitlines() if l.strip().startswith('VUI:'))
    words = line.split(':', 1)[1].split()
    return dict(zip(words[0::2], words[1::2]))


def main():
    if not ec.have('ffprobe'):
        print('SKIP: ffprobe missing')
        return ec.SKIP
    src = ec.synthetic_clip(W, H, 3)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'o.264')
        for opts, want_info, want in CASES:
            ec.encode([src, '--size', '%dx%d' % (W, H), '--bitrate', '300k', *opts, '-o', out])
            got = probe(out)
            got.update(info_vui(out))
            for k, v in list(want.items()) + list(want_info.items()):
                ok = got.get(k) == v
                failures += not ok
                print('%s %s: %s = %r (want %r)' % ('ok  ' if ok else 'FAIL', ' '.join(opts), k,
                                                     got.get(k), v))
        for opts in BAD:
            r = ec.encode([src, '--size', '%dx%d' % (W, H), *opts, '-o', out], check=False)
            ok = r.returncode != 0 and 'bad value' in r.stderr
            failures += not ok
            print('%s refused %s: rc %d %s' % ('ok  ' if ok else 'FAIL', ' '.join(opts),
                                              r.returncode, r.stderr.strip()))
    print('%d failure(s)' % failures)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
