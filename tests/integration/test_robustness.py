#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Element quality: gst-inspect completeness, state changes in any order,
flushing seeks, renegotiation, EOS with nothing queued, and no leaks.

  test_robustness.py inspect    gst-inspect-1.0 output of both elements is
                                complete (every property documented, bitrate
                                in bit/s, live properties changeable in PLAYING)
  test_robustness.py torture    the scenarios below, run in a child process
                                under GStreamer's leaks tracer: no object may
                                be alive after gst_deinit()
  test_robustness.py valgrind   encode->decode and a damaged stream through
                                gst-launch-1.0 under valgrind: no invalid
                                access and no definite leak in rth264 code

Torture scenarios (each bounded; a hang is a failure):
  - 40 random state changes (seeded) among NULL/READY/PAUSED/PLAYING on an
    encoder pipeline and on a decoder pipeline;
  - 8 flushing key-unit seeks on an MP4 decoded by the decoder, each
    followed by decoded pictures;
  - input caps change mid-stream (320x240 -> 640x360 -> 320x240) through
    encoder and decoder: the decoder's output caps follow;
  - bitrate and QP bounds changed every 20 ms while PLAYING;
  - EOS with nothing queued, on both elements (appsrc sends EOS at once).
"""
import gc
import os
import random
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtgst  # noqa: E402
from rtgst import Gst, list_properties, log  # noqa: E402

failures = []
STATES = [Gst.State.NULL, Gst.State.READY, Gst.State.PAUSED, Gst.State.PLAYING]


def check(cond, what):
    log('%s: %s' % ('ok  ' if cond else 'FAIL', what))
    if not cond:
        failures.append(what)


# ---- inspect --------------------------------------------------------------------

LIVE_PROPS = {'rth264enc': ['bitrate', 'qp-min', 'qp-max']}


def inspect():
    for name in (rtgst.ENC, rtgst.DEC):
        r = subprocess.run(['gst-inspect-1.0', name], capture_output=True, text=True, timeout=30)
        out = r.stdout
        check(r.returncode == 0, 'gst-inspect-1.0 %s exits 0' % name)
        for field in ('Long-name', 'Klass', 'Description', 'Author',
                      'Rank', 'SRC template', 'SINK template', 'Element Properties'):
            check(field in out,
                  '%s: gst-inspect shows %s' % (name, field))
        check('(null)' not in out, '%s: no "(null)" in gst-inspect' % name)
        factory = Gst.ElementFactory.find(name)
        for key in ('long-name', 'klass', 'description', 'author'):
            check(bool(factory.get_metadata(key)), '%s: metadata %s set' % (name, key))
        el = factory.create(None)
        for spec in list_properties(el):
            if spec.owner_type != el.__gtype__:
                continue  # inherited from GstObject / base classes
            blurb = spec.blurb or ''
            check(len(blurb) > 10 and blurb != spec.name,
                  '%s: property %s has a description (%r)' % (name, spec.name, blurb[:60]))
        if name == 'rth264enc':
            spec = el.find_property('bitrate')
            check(spec is not None and 'bit/s' in (spec.blurb or ''),
                  'rth264enc bitrate blurb states bit/s')
            for live in LIVE_PROPS[name]:
                spec = el.find_property(live)
                check(spec is not None and spec.flags & Gst.PARAM_MUTABLE_PLAYING,
                      'rth264enc %s is changeable in PLAYING' % live)


# ---- torture --------------------------------------------------------------------

def wait_state(pipe, what):
    ret, cur, pending = pipe.get_state(5 * Gst.SECOND)
    if ret == Gst.StateChangeReturn.FAILURE or ret == Gst.StateChangeReturn.ASYNC:
        failures.append('%s: state change %s (%s)' % (what, ret.value_nick, cur.value_nick))
        return False
    return True


def bus_errors(pipe):
    errs = []
    bus = pipe.get_bus()
    while True:
        msg = bus.pop_filtered(Gst.MessageType.ERROR)
        if msg is None:
            return errs
        errs.append('%s: %s' % (msg.src.get_name(), msg.parse_error()[0].message))


def random_states(desc, what, rng, n=40):
    pipe = Gst.parse_launch(desc)
    ok = True
    seq = []
    for _ in range(n):
        st = rng.choice(STATES)
        seq.append(st.value_nick)
        pipe.set_state(st)
        ok = wait_state(pipe, what) and ok
        time.sleep(rng.choice((0, 0.01, 0.05)))
    pipe.set_state(Gst.State.NULL)
    errs = bus_errors(pipe)
    check(ok and not errs, '%s survives %d random state changes %s' % (what, n, errs[:2]))


def make_inputs(work):
    stream = os.path.join(work, 'robust.264')
    mp4 = os.path.join(work, 'robust.mp4')
    src = ('videotestsrc num-buffers=150 pattern=ball ! '
           'video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! ')
    for out, tail in ((stream, 'h264parse ! video/x-h264,stream-format=byte-stream ! '),
                      (mp4, 'h264parse ! mp4mux ! ')):
        ok, msgs = rtgst.launch(src + rtgst.enc_desc(500000, key_int_max=15) + ' ! ' + tail +
                                'filesink location=' + out, 60)
        if not ok:
            rtgst.fail('cannot make %s: %s' % (out, msgs))
    return stream, mp4


def flushing_seeks(mp4, rng):
    pipe = Gst.parse_launch('filesrc location=%s ! qtdemux ! h264parse ! %s ! '
                            'fakesink name=sink sync=true' % (mp4, rtgst.dec_desc()))
    count = [0]
    pipe.get_by_name('sink').get_static_pad('sink').add_probe(
        Gst.PadProbeType.BUFFER, lambda p, i: (count.__setitem__(0, count[0] + 1),
                                               Gst.PadProbeReturn.OK)[1])
    pipe.set_state(Gst.State.PLAYING)
    ok = wait_state(pipe, 'seek pipeline')
    good = 0
    for i in range(8):
        pos = rng.uniform(0, 4.5) * Gst.SECOND
        before = count[0]
        pipe.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, int(pos))
        deadline = time.monotonic() + 3
        while count[0] < before + 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        good += count[0] >= before + 3
    pipe.set_state(Gst.State.NULL)
    errs = bus_errors(pipe)
    check(ok and good == 8 and not errs,
          '8 flushing seeks, pictures after %d of them %s' % (good, errs[:2]))


def renegotiation():
    pipe = Gst.parse_launch(
        'videotestsrc is-live=true pattern=ball ! capsfilter name=cf '
        'caps=video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! %s ! '
        'h264parse ! %s ! fakesink name=sink' % (rtgst.enc_desc(500000), rtgst.dec_desc()))
    sizes = []

    def on_caps(pad, info):
        ev = info.get_event()
        if ev.type == Gst.EventType.CAPS:
            s = ev.parse_caps().get_structure(0)
            sizes.append((s.get_value('width'), s.get_value('height')))
        return Gst.PadProbeReturn.OK
    pipe.get_by_name('sink').get_static_pad('sink').add_probe(
        Gst.PadProbeType.EVENT_DOWNSTREAM, on_caps)
    cf = pipe.get_by_name('cf')
    pipe.set_state(Gst.State.PLAYING)
    for w, h in ((640, 360), (320, 240)):
        time.sleep(0.7)
        cf.set_property('caps', Gst.Caps.from_string(
            'video/x-raw,format=I420,width=%d,height=%d,framerate=30/1' % (w, h)))
    time.sleep(0.7)
    pipe.set_state(Gst.State.NULL)
    errs = bus_errors(pipe)
    check(sizes == [(320, 240), (640, 360), (320, 240)] and not errs,
          'renegotiation 320x240 -> 640x360 -> 320x240: decoder output %s %s' % (sizes, errs[:2]))


def live_property_changes(rng):
    """bitrate and QP bounds changed every 20 ms while PLAYING (what a
    congestion controller does, only faster): no error, pictures keep coming."""
    pipe = Gst.parse_launch(
        'videotestsrc is-live=true pattern=ball ! '
        'video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! %s ! h264parse ! '
        '%s ! fakesink name=sink' % (rtgst.enc_desc(500000), rtgst.dec_desc()))
    enc = pipe.get_by_name('enc')
    count = [0]
    pipe.get_by_name('sink').get_static_pad('sink').add_probe(
        Gst.PadProbeType.BUFFER, lambda p, i: (count.__setitem__(0, count[0] + 1),
                                               Gst.PadProbeReturn.OK)[1])
    pipe.set_state(Gst.State.PLAYING)
    end = time.monotonic() + 1.5
    while time.monotonic() < end:
        rtgst.set_bitrate(enc, rng.choice((100000, 300000, 1000000, 3000000)))
        lo = rng.randrange(10, 30)
        enc.set_property('qp-max', rng.randrange(lo + 5, 52))
        enc.set_property('qp-min', lo)
        time.sleep(0.02)
    pipe.set_state(Gst.State.NULL)
    errs = bus_errors(pipe)
    check(count[0] >= 30 and not errs, 'bitrate/QP bounds changed every 20 ms while PLAYING: '
          '%d pictures in 1.5 s %s' % (count[0], errs[:2]))


def eos_nothing_queued():
    for what, desc in (
            ('encoder', 'appsrc name=src caps=video/x-raw,format=I420,width=320,height=240,'
                        'framerate=30/1 format=time ! %s ! fakesink' % rtgst.enc_desc(500000)),
            ('decoder', 'appsrc name=src caps=video/x-h264,stream-format=byte-stream,'
                        'alignment=au format=time ! %s ! fakesink' % rtgst.dec_desc())):
        pipe = Gst.parse_launch(desc)
        pipe.set_state(Gst.State.PLAYING)
        pipe.get_by_name('src').emit('end-of-stream')
        msg = pipe.get_bus().timed_pop_filtered(5 * Gst.SECOND,
                                                Gst.MessageType.EOS | Gst.MessageType.ERROR)
        pipe.set_state(Gst.State.NULL)
        check(msg is not None and msg.type == Gst.MessageType.EOS,
              '%s: EOS with nothing queued reaches the sink (%s)'
              % (what, msg.type.first_value_nick if msg else 'timeout'))


def torture():
    rng = random.Random(1234)
    work = rtgst.work_dir()
    stream, mp4 = make_inputs(work)
    random_states('videotestsrc pattern=ball ! video/x-raw,format=I420,width=320,height=240,'
                  'framerate=30/1 ! %s ! fakesink sync=true' % rtgst.enc_desc(500000),
                  'encoder pipeline', rng)
    random_states('filesrc location=%s ! h264parse ! %s ! fakesink sync=true'
                  % (stream, rtgst.dec_desc()), 'decoder pipeline', rng)
    flushing_seeks(mp4, rng)
    renegotiation()
    live_property_changes(rng)
    eos_nothing_queued()
    gc.collect()


def torture_with_leak_tracer():
    env = dict(os.environ, GST_TRACERS='leaks', GST_DEBUG='GST_TRACER:7',
               GST_DEBUG_NO_COLOR='1')
    r = subprocess.run([sys.executable, __file__, 'torture-child'], capture_output=True,
                       text=True, env=env, timeout=240)
    sys.stdout.write(r.stdout)
    alive = [l for l in r.stderr.splitlines()
             if 'object-alive, type-name=(string)' in l and 'format string' not in l]
    check(r.returncode == 0, 'torture scenarios pass (exit %d)' % r.returncode)
    check(not alive, 'leaks tracer: %d objects alive after gst_deinit %s'
          % (len(alive), [re.sub(r'.*type-name=\(string\)(\w+).*', r'\1', l) for l in alive[:8]]))


# ---- valgrind -------------------------------------------------------------------

def valgrind():
    work = rtgst.work_dir()
    damaged = os.path.join(work, 'robust-damaged.264')
    stream = os.path.join(work, 'robust.264')
    if not os.path.exists(stream):
        make_inputs(work)
    data = bytearray(open(stream, 'rb').read())
    rng = random.Random(7)
    for _ in range(len(data) // 200):          # flip bytes after the headers
        i = rng.randrange(64, len(data))
        data[i] ^= rng.randrange(1, 256)
    open(damaged, 'wb').write(bytes(data))
    runs = [
        ('encode->decode', 'videotestsrc num-buffers=15 pattern=ball ! '
         'video/x-raw,format=I420,width=176,height=144,framerate=30/1 ! %s ! h264parse ! %s ! '
         'fakesink' % (rtgst.enc_desc(300000), rtgst.dec_desc())),
        ('damaged stream', 'filesrc location=%s ! h264parse ! %s ! fakesink'
         % (damaged, rtgst.dec_desc())),
    ]
    for what, desc in runs:
        log_path = os.path.join(work, 'valgrind-%s.log' % what.replace('>', '').replace(' ', '-'))
        cmd = ['valgrind', '--leak-check=full', '--show-leak-kinds=definite',
               '--log-file=' + log_path, 'gst-launch-1.0', '-q'] + desc.split()
        env = dict(os.environ, GST_REGISTRY_FORK='no')
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
        except subprocess.TimeoutExpired:
            check(False, 'valgrind %s finished within 300 s' % what)
            continue
        # valgrind passes the client's exit code through: 0, or 1 for an
        # element error (allowed on the damaged stream), never a signal or
        # a missing element.
        allowed = (0,) if what == 'encode->decode' else (0, 1)
        check(r.returncode in allowed and 'no element' not in r.stderr,
              'valgrind %s: gst-launch-1.0 exit %d %s' % (what, r.returncode, r.stderr[-200:]))
        text = open(log_path).read()
        ours = [b for b in re.split(r'\n==\d+== \n', text)
                if ('definitely lost' in b or 'Invalid ' in b or 'uninitialised' in b)
                and 'rth264' in b]
        check(not ours, 'valgrind %s: %d invalid accesses or definite leaks in rth264 code%s'
              % (what, len(ours), (' (see %s)' % log_path) if ours else ''))


def main():
    rtgst.require_elements()
    mode = sys.argv[1] if len(sys.argv) > 1 else 'inspect'
    if mode == 'inspect':
        inspect()
    elif mode == 'torture':
        torture_with_leak_tracer()
    elif mode == 'torture-child':
        torture()
        fails = len(failures)
        Gst.deinit()
        sys.exit(1 if fails else 0)
    elif mode == 'valgrind':
        valgrind()
    if failures:
        log('%d FAILED' % len(failures))
        sys.exit(1)
    log('PASS')


if __name__ == '__main__':
    main()
