#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Rate-control checks on per-frame statistics from `rth264 encode --stats`.

  bitrates      720p clip, 300 frames at 600k/1500k/2500k: achieved rate within
                +-5% of the target, no dropped frame (frame dropping off)
  hard-natural  720p clip at 600 kbit/s with --drop-frames: every 1 s window
                after the first within +-10%, fewer than 5% frames dropped
  hard-synth    the same on a generated high-motion source (always runs)
  step          bitrate steps mid-stream: the second after each step within
                +-10% of the new target, and no IDR caused by the change
  idr-size      CBR with the default buffer: every IDR (first and forced ones)
                under 4x the average frame size
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import enc_common as ec  # noqa: E402

FPS = 30


def run(src, size, frames, opts, tag):
    stats = os.path.join(ec.work_dir(), 'rc_%s.csv' % tag)
    out = os.path.join(ec.work_dir(), 'rc_%s.264' % tag)
    ec.encode([src, '--size', size, '--fps', str(FPS), '--frames', str(frames), '-o', out,
               '--stats', stats, *opts])
    rows = ec.read_stats(stats)
    os.remove(out)
    os.remove(stats)
    return rows


def kbps(rows):
    return sum(r['bytes'] for r in rows) * 8 / 1000.0 / (len(rows) / FPS)


def check_windows(rows, target_kbps, tol, start=FPS):
    """Every sliding 1 s window from `start` on within +-tol of the target."""
    errors = []
    worst = 0.0
    for i in range(start, len(rows) - FPS + 1):
        r = kbps(rows[i:i + FPS])
        dev = r / target_kbps - 1
        worst = max(worst, abs(dev))
        if abs(dev) > tol:
            errors.append('window at frame %d: %.1f kbit/s vs %d (%+.1f%%)' %
                          (i, r, target_kbps, dev * 100))
    print('  worst 1 s window deviation %.1f%%' % (worst * 100))
    return errors[:5]


def need_natural():
    src = ec.natural_clip()
    if src is None:
        print('SKIP: shared clip or ffmpeg not available')
        sys.exit(ec.SKIP)
    return src


def test_bitrates():
    src, errors = need_natural(), []
    for target in (600, 1500, 2500):
        rows = run(src, '1280x720', 300, ['--bitrate', '%dk' % target], 'br%d' % target)
        got, dropped = kbps(rows), sum(r['dropped'] for r in rows)
        print('%d kbit/s: achieved %.1f (%+.2f%%), dropped %d' %
              (target, got, (got / target - 1) * 100, dropped))
        if abs(got / target - 1) > 0.05:
            errors.append('%dk: achieved %.1f kbit/s' % (target, got))
        if dropped:
            errors.append('%dk: %d frames dropped with dropping off' % (target, dropped))
    return errors


def hard(src, size, frames, target, tag):
    rows = run(src, size, frames, ['--bitrate', '%dk' % target, '--drop-frames'], tag)
    dropped = sum(r['dropped'] for r in rows)
    print('%s at %dk: overall %.1f kbit/s, %d/%d dropped' % (tag, target, kbps(rows), dropped,
                                                          len(rows)))
    errors = check_windows(rows, target, 0.10)
    if dropped >= 0.05 * len(rows):
        errors.append('%d of %d frames dropped (>= 5%%)' % (dropped, len(rows)))
    return errors


def test_hard_natural():
    return hard(need_natural(), '1280x720', 300, 600, 'hard-natural')


def test_hard_synth():
    return hard(ec.synthetic_clip(1280, 720, 150), '1280x720', 150, 1000, 'hard-synth')


def test_step():
    src, errors = need_natural(), []
    steps = [(0, 1500), (90, 600), (180, 2500), (240, 1000)]
    opts = ['--bitrate', '1500k']
    for f, k in steps[1:]:
        opts += ['--bitrate-at', '%d:%d' % (f, k)]
    rows = run(src, '1280x720', 300, opts, 'step')
    for (f, k), nxt in zip(steps[1:], steps[2:] + [(300, 0)]):
        got = kbps(rows[f:f + FPS])
        print('step to %dk at frame %d: next second %.1f kbit/s (%+.1f%%)' %
              (k, f, got, (got / k - 1) * 100))
        if abs(got / k - 1) > 0.10:
            errors.append('after the step to %dk at %d: %.1f kbit/s' % (k, f, got))
    idrs = [r['frame'] for r in rows if r['type'] == 1]
    if idrs != [0]:
        errors.append('IDRs at %s: a bitrate change must not force an IDR' % idrs)
    return errors


def test_idr_size():
    src, errors = need_natural(), []
    for target in (600, 1500, 2500):
        rows = run(src, '1280x720', 150, ['--bitrate', '%dk' % target, '--keyframe-at', '60',
                                          '--keyframe-at', '120'], 'idr%d' % target)
        avg = sum(r['bytes'] for r in rows) / len(rows)
        for r in rows:
            if r['type'] == 1:
                print('%dk: IDR at %d is %.2fx the average frame' % (target, r['frame'],
                                                                   r['bytes'] / avg))
                if r['bytes'] >= 4 * avg:
                    errors.append('%dk: IDR at frame %d = %.2fx average' %
                                  (target, r['frame'], r['bytes'] / avg))
        if [r['frame'] for r in rows if r['type'] == 1] != [0, 60, 120]:
            errors.append('%dk: keyframe requests not honoured at the next frame' % target)
    return errors


TESTS = {'bitrates': test_bitrates, 'hard-natural': test_hard_natural,
         'hard-synth': test_hard_synth, 'step': test_step, 'idr-size': test_idr_size}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
        print(__doc__)
        return 2
    if sys.argv[1] != 'hard-synth' and not ec.have('ffmpeg'):
        print('SKIP: ffmpeg not available')
        return ec.SKIP
    errors = TESTS[sys.argv[1]]()
    for e in errors:
        print('FAIL: ' + e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
