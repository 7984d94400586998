#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Players: playbin (and decodebin) pick rth264dec for the profiles it
decodes and another decoder for the others.

Two MP4 files are made with x264enc (independent of rth264enc): Constrained
Baseline and High. playbin plays each to EOS into fakesinks; the decoder it
plugged is read from deep-element-added. Expected: rth264dec for Constrained
Baseline, anything but rth264dec for High (rth264dec's sink caps list only
the profiles it decodes, so autoplugging skips it there).
With the installed rank (docs/elements.md explains the choice), a player
picks rth264dec only when its rank beats avdec_h264 (primary); the test
reports which rank it found and checks the behaviour that rank implies.
"""
import os
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
            'x264enc speed-preset=ultrafast bframes=0 ! video/x-h264,profile=%s ! '
            'h264parse ! mp4mux ! filesink location=%s' % (profile, path))
    ok, msgs = rtgst.launch(desc, 60)
    if not ok:
        rtgst.fail('cannot make %s: %s' % (path, msgs))


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


def main():
    rtgst.require_elements('playbin', 'decodebin', 'x264enc', 'mp4mux', 'qtdemux')
    dec = Gst.ElementFactory.find(rtgst.DEC)
    rank = dec.get_rank()
    avdec = Gst.ElementFactory.find('avdec_h264')
    wins = rank > (avdec.get_rank() if avdec else 0)
    log('%s rank %d (avdec_h264 %d): players %s pick it for the profiles it decodes'
        % (rtgst.DEC, rank, avdec.get_rank() if avdec else -1, 'will' if wins else 'will NOT'))
    check(wins, '%s outranks avdec_h264 so players use it for Constrained Baseline' % rtgst.DEC)
    work = rtgst.work_dir()
    for profile, expect_ours in (('constrained-baseline', True), ('high', False)):
        path = os.path.join(work, 'playback-%s.mp4' % profile)
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
    if failures:
        log('%d FAILED' % len(failures))
        sys.exit(1)
    log('PASS')


if __name__ == '__main__':
    main()
