#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Runs the gst-launch examples of README.md ("GStreamer examples"), as
written there, with only these substitutions (so they run headless, bounded
and in the build dir):
  - out.mp4 -> a file in the build dir;
  - "videoconvert ! autovideosink" -> a file or an appsink that the test reads;
  - the live RTP sender gets num-buffers=90 and both sides a free port
    instead of 5004.
Checks: the MP4 holds 300 Constrained Baseline frames that ffmpeg decodes;
decoding it with the README pipeline gives the same I420 as the same pipeline
with avdec_h264 (bit-exact); the RTP receiver decodes at least 90 % of what
the live sender sent, with no error.
"""
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtgst  # noqa: E402
from rtgst import Gst, log  # noqa: E402

failures = []


def check(cond, what):
    log('%s: %s' % ('ok  ' if cond else 'FAIL', what))
    if not cond:
        failures.append(what)


def readme_pipelines():
    src = os.environ.get('RTH264_SOURCE_DIR',
                         os.path.join(os.path.dirname(__file__), '..', '..'))
    text = open(os.path.join(src, 'README.md')).read()
    section = text.split('## GStreamer examples', 1)[1].split('\n## ', 1)[0]
    cmds = []
    for block in re.findall(r'```sh\n(.*?)```', section, re.S):
        joined = re.sub(r'\\\n\s*', '', block)
        cmds += [line.strip()[len('gst-launch-1.0 '):] for line in joined.splitlines()
                 if line.strip().startswith('gst-launch-1.0 ')]
    return cmds


def find(cmds, word):
    found = [c for c in cmds if word in c]
    if not found:
        rtgst.fail('README has no gst-launch example with %s' % word)
    return found[0]


def as_standin(desc):
    if rtgst.IMPL == 'standin':
        desc = re.sub(r'rth264enc bitrate=(\d+)',
                      lambda m: rtgst.enc_desc(int(m.group(1))), desc)
        desc = desc.replace('rth264dec', rtgst.DEC)
    return desc


def test_mp4(cmds, work):
    enc = find(cmds, 'mp4mux')
    mp4 = os.path.join(work, 'readme-out.mp4')
    desc = as_standin(enc.replace('location=out.mp4', 'location=' + mp4))
    # gst-launch parses the quoted description itself; split on spaces is
    # enough for these examples (no quoted spaces).
    rc, out = rtgst.gst_launch_cli(['-e'] + desc.split(), 180)
    check(rc == 0, 'README encode-to-MP4 pipeline exits 0 (%s)' % out.strip()[-200:])
    probe = subprocess.run(['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-count_frames',
                            '-show_entries', 'stream=nb_read_frames,profile,width,height',
                            '-of', 'default=nw=1', mp4], capture_output=True, text=True)
    info = probe.stdout
    check('nb_read_frames=300' in info and 'width=1280' in info and
          'Constrained Baseline' in info,
          'ffmpeg decodes 300 Constrained Baseline 1280x720 frames from the MP4 (%s)'
          % info.replace('\n', ' ').strip())
    return mp4


def test_decode(cmds, work, mp4):
    dec = find(cmds, 'qtdemux')
    sums = {}
    for decoder in (rtgst.DEC, 'avdec_h264'):
        # The pictures go to gst-launch's stdout and are hashed on the fly
        # (a 720p file of 300 frames is 415 MB).
        desc = dec.replace('location=out.mp4', 'location=' + mp4)
        desc = desc.replace('videoconvert ! autovideosink',
                            'videoconvert ! video/x-raw,format=I420 ! '
                            'filesink location=/dev/stdout buffer-mode=full')
        desc = desc.replace('rth264dec', decoder)
        rc, size, md5, err = rtgst.gst_launch_hash(desc.split(), 120)
        check(rc == 0, 'README decode pipeline with %s exits 0 %s' % (decoder, err.strip()[-200:]))
        sums[decoder] = md5 if size else None
        check(size == 300 * 1280 * 720 * 3 // 2, '%s output: %d bytes (300 frames)' % (decoder, size))
    check(sums[rtgst.DEC] is not None and sums[rtgst.DEC] == sums['avdec_h264'],
          'README decode pipeline is bit-exact with avdec_h264 (%s)' % sums)


def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_rtp(cmds):
    recv = find(cmds, 'udpsrc')
    send = find(cmds, 'udpsink')
    port = free_udp_port()
    recv = as_standin(recv.replace('port=5004', 'port=%d address=127.0.0.1' % port))
    recv = recv.replace('videoconvert ! autovideosink',
                        'videoconvert ! appsink name=out sync=false emit-signals=true')
    send = as_standin(send.replace('port=5004', 'port=%d' % port))
    send = send.replace('videotestsrc is-live=true', 'videotestsrc is-live=true num-buffers=90')
    pipe = Gst.parse_launch(recv)
    frames = []
    pipe.get_by_name('out').connect(
        'new-sample', lambda s: (frames.append(s.emit('pull-sample')), Gst.FlowReturn.OK)[1])
    pipe.set_state(Gst.State.PLAYING)
    pipe.get_state(5 * Gst.SECOND)
    time.sleep(0.3)
    rc, out = rtgst.gst_launch_cli(send.split(), 60)
    check(rc == 0, 'README RTP sender exits 0 %s' % out.strip()[-200:])
    deadline = time.monotonic() + 3
    while len(frames) < 90 and time.monotonic() < deadline:
        time.sleep(0.1)
    msg = pipe.get_bus().pop_filtered(Gst.MessageType.ERROR)
    pipe.set_state(Gst.State.NULL)
    check(msg is None, 'README RTP receiver has no error %s'
          % (msg.parse_error()[0].message if msg else ''))
    check(len(frames) >= 81, 'README RTP receiver decoded %d of 90 frames' % len(frames))


def readme_webrtc_fragment():
    """The README's webrtcbin line ("... ! rth264enc ... ! webrtcbin ...")
    with a test source in front and a fakesink for webrtcbin: the caps it
    writes between rtph264pay and webrtcbin must negotiate with rth264enc
    (webrtcbin accepts only caps equal to the negotiated ones)."""
    src = os.environ.get('RTH264_SOURCE_DIR',
                         os.path.join(os.path.dirname(__file__), '..', '..'))
    text = open(os.path.join(src, 'README.md')).read()
    section = text.split('## GStreamer examples', 1)[1].split('\n## ', 1)[0]
    frags = [re.sub(r'\\\n\s*', '', b).strip() for b in re.findall(r'```sh\n(.*?)```', section, re.S)
             if 'webrtcbin' in b and b.strip().startswith('...')]
    if not frags:
        check(False, 'README has a webrtcbin example')
        return
    desc = frags[0].replace('...', 'videotestsrc num-buffers=10 ! '
                            'video/x-raw,width=1280,height=720,framerate=30/1', 1)
    desc = re.sub(r'webrtcbin [^!]*$', 'fakesink', desc)
    ok, msgs = rtgst.launch(as_standin(desc), 60)
    check(ok, 'README webrtcbin example negotiates up to webrtcbin: %s (%s)'
          % (desc, '; '.join(t for _, t in msgs)[:300]))


def main():
    rtgst.require_elements('h264parse', 'mp4mux', 'qtdemux', 'rtph264pay', 'rtph264depay')
    cmds = readme_pipelines()
    work = rtgst.work_dir()
    mp4 = test_mp4(cmds, work)
    test_decode(cmds, work, mp4)
    test_rtp(cmds)
    readme_webrtc_fragment()
    if failures:
        log('%d FAILED' % len(failures))
        sys.exit(1)
    log('PASS')


if __name__ == '__main__':
    main()
