#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Players: playbin (and decodebin) pick rth264dec for the profiles it
decodes and another decoder for the others.

Two MP4 files are made with x264enc (independent of rth264enc): Constrained
Baseline and High. playbin plays each to EOS into fakesinks; the decoder it
plugged is read from deep-element-added. Expected: rth264dec for Constrained
Baseline, anything but rth264dec for High (rth264dec's sink caps list only
the profiles it decodes, so autoplugging skips it there).
Run twice: with the installed ranks (docs/elements.md explains why
rth264dec is SECONDARY: players keep avdec_h264 unless it is missing), where
the plugged decoder must be the one the ranks imply; and with the rank
raised by the user (GST_PLUGIN_FEATURE_RANK=rth264dec:257, PRIMARY + 1),
where playbin and decodebin must pick rth264dec for Constrained Baseline and
still another decoder for High.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtgst  # noqa: E402
from rtgst import Gst, log  # noqa: E402

failures = []


def check(cond, what):
    log('%s: %s' % ('ok  ' if cond else 'FAIL', what))
    if not cond:
        failures.append(what)


def make_mp4(path, profile):
    desc = ('videotestsrc num-buffers=30 pattern=ball ! '
            'video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! '
            'x264enc speed-preset=veryfast bframes=0 ! video/x-h264,profile=%s ! '
            'h264parse ! mp4mux ! filesink location=%s' % (profile, path))
    ok, msgs = rtgst.launch(desc, 60)
    if not ok:
        rtgst.fail('cannot make %s: %s' % (path, msgs))
    # x264 at ultrafast would write a Baseline SPS even when asked for High;
    # make sure the file really has the profile the case is about.
    probe = subprocess.run(['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_entries',
                            'stream=profile', '-of', 'csv=p=0', path],
                           capture_output=True, text=True).stdout.strip()
    want = {'constrained-baseline': 'Constrained Baseline', 'high': 'High'}[profile]
    if probe != want:
        rtgst.fail('%s has profile %r, not %r' % (path, probe, want))


def play(path, how):
    plugged = []
    frames = []
    if how == 'playbin':
        pipe = Gst.ElementFactory.make('playbin')
        pipe.set_property('uri', Gst.filename_to_uri(path))
        sink = Gst.ElementFactory.make('fakesink')
        sink.set_property('signal-handoffs', True)
        sink.connect('handoff', lambda *a: frames.append(1))
        pipe.set_property('video-sink', sink)
        pipe.set_property('audio-sink', Gst.ElementFactory.make('fakesink'))
    else:
        pipe = Gst.parse_launch('filesrc location=%s ! decodebin ! fakesink name=sink '
                                'signal-handoffs=true' % path)
        pipe.get_by_name('sink').connect('handoff', lambda *a: frames.append(1))
    pipe.connect('deep-element-added', lambda bin_, sub, el: plugged.append(
        el.get_factory().get_name() if el.get_factory() else ''))
    ok, msgs = rtgst.run_pipeline(pipe, 30)
    decoders = [p for p in plugged if p in ('rth264dec', 'avdec_h264', 'openh264dec')
                or p.endswith('h264dec')]
    return ok, msgs, decoders, len(frames)


def run_case(expect_ours_for_cb):
    work = rtgst.work_dir()
    for profile, expect_ours in (('constrained-baseline', expect_ours_for_cb), ('high', False)):
        path = os.path.join(work, 'playback-%s.mp4' % profile)
        if not os.path.exists(path):
            make_mp4(path, profile)
        for how in ('playbin', 'decodebin'):
            ok, msgs, decoders, frames = play(path, how)
            check(ok and frames == 30, '%s plays %s to EOS: %d frames %s'
                  % (how, profile, frames, msgs[:1]))
            used = decoders[:1]
            if expect_ours:
                check(used == [rtgst.DEC], '%s picks %s for %s (plugged %s)'
                      % (how, rtgst.DEC, profile, decoders))
            else:
                check(used and used != [rtgst.DEC], '%s does not pick %s for %s (plugged %s)'
                      % (how, rtgst.DEC, profile, decoders))


def main():
    rtgst.require_elements('playbin', 'decodebin', 'x264enc', 'mp4mux', 'qtdemux')
    if len(sys.argv) > 1 and sys.argv[1] == 'child':
        rank = Gst.ElementFactory.find(rtgst.DEC).get_rank()
        avdec = Gst.ElementFactory.find('avdec_h264').get_rank()
        log('%s rank %d, avdec_h264 rank %d' % (rtgst.DEC, rank, avdec))
        run_case(rank > avdec)
    else:
        # As installed (docs/elements.md explains the rank), then as a user
        # who promotes the decoder: GST_PLUGIN_FEATURE_RANK=rth264dec:257
        # (PRIMARY + 1). In both, High must go to another decoder.
        for profile in ('constrained-baseline', 'high'):
            make_mp4(os.path.join(rtgst.work_dir(), 'playback-%s.mp4' % profile), profile)
        # (A private registry for the promoted run, so that the changed rank
        # can never end up in the registry other tests share.)
        promoted = {'GST_PLUGIN_FEATURE_RANK': '%s:257' % rtgst.DEC,
                    'GST_REGISTRY_1_0': os.path.join(rtgst.work_dir(), 'registry-promoted.bin')}
        for extra in ({}, promoted):
            what = 'rank %s' % extra['GST_PLUGIN_FEATURE_RANK'] if extra else 'installed ranks'
            log('--- ' + what)
            env = dict(os.environ, **extra)
            r = subprocess.run([sys.executable, __file__, 'child'], env=env, timeout=120)
            check(r.returncode == 0, 'playback with ' + what)
    if failures:
        log('%d FAILED' % len(failures))
        sys.exit(1)
    log('PASS')


if __name__ == '__main__':
    main()
