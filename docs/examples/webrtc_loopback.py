#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""A local WebRTC call with rth264enc and rth264dec: two webrtcbin peers in
one process, connected by ICE on this host (host candidates only, no
STUN/TURN, no signalling server: the SDP and ICE candidates are handed over
in-process).

    sender:   videotestsrc ! rth264enc ! rtph264pay ! webrtcbin
    receiver: webrtcbin ! rtph264depay ! rth264dec ! videoconvert ! autovideosink

Run from a build tree (see README.md):

    GST_PLUGIN_PATH=$PWD/build/gst /usr/bin/python3 docs/examples/webrtc_loopback.py
    ... --headless --seconds 5            # no window; print statistics only
    ... --mode 0                          # packetization-mode 0 (max-slice-size)
    ... --bitrate 800000 --size 640x360

Every second it prints what the receiver got (frames, RTP bit rate) and the
number of keyframe requests (RTCP PLI) the sender answered. Press Ctrl+C to
stop. Needs Python GObject introspection (Debian: python3-gi,
gir1.2-gst-plugins-bad-1.0) and gstreamer1.0-nice.
"""
import argparse
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstWebRTC', '1.0')
gi.require_version('GstSdp', '1.0')
from gi.repository import GLib, Gst, GstWebRTC  # noqa: E402

MTU = 1200


def sender_description(args):
    w, h = args.size.split('x')
    # packetization-mode 0 forbids fragmenting a NAL over several packets:
    # the encoder must keep every slice under the MTU (RTP header: 12 bytes).
    slices = 'max-slice-size=%d' % (MTU - 100) if args.mode == 0 else ''
    aggregate = 'none' if args.mode == 0 else 'zero-latency'
    return (
        'videotestsrc is-live=true pattern=ball ! '
        'video/x-raw,format=I420,width=%s,height=%s,framerate=30/1 ! '
        # Closed until the peers are connected (see on_connection_state).
        'valve name=valve drop=true ! '
        'rth264enc name=enc bitrate=%d %s ! '
        # config-interval=-1: SPS/PPS before every IDR, for late joiners.
        'rtph264pay name=pay pt=102 config-interval=-1 aggregate-mode=%s mtu=%d ! '
        '%s'
        'webrtcbin name=send bundle-policy=max-bundle '
        'webrtcbin name=recv bundle-policy=max-bundle '
        % (w, h, args.bitrate, slices, aggregate, MTU,
           # rtph264pay always announces packetization-mode=1; for mode 0
           # the caps must say what was negotiated.
           # capssetter answers caps queries with ANY, so the caps filter in
           # front of it keeps telling the encoder (through rtph264pay) which
           # profile and level webrtcbin wants.
           'application/x-rtp,profile-level-id=42e01f ! '
           'capssetter caps="application/x-rtp,packetization-mode=(string)0" ! '
           if args.mode == 0 else ''))


class LoopbackCall:
    def __init__(self, args):
        self.args = args
        self.pipe = Gst.parse_launch(sender_description(args))
        self.send = self.pipe.get_by_name('send')
        self.recv = self.pipe.get_by_name('recv')
        self.frames = 0
        self.rtp_bytes = 0
        self.key_requests = 0
        self.loop = GLib.MainLoop()
        # What the sender offers: H.264 Constrained Baseline 3.1, the
        # profile-level-id every browser offers. rth264enc reads it back
        # from downstream caps (through rtph264pay) and writes a stream whose
        # SPS says exactly 42e01f, as webrtcbin requires.
        caps = Gst.Caps.from_string(
            'application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=102,'
            'profile-level-id=42e01f,packetization-mode=(string)%d,rtcp-fb-nack-pli=true'
            % args.mode)
        self.send.emit('get-transceiver', 0).set_property('codec-preferences', caps)
        self.send.connect('on-negotiation-needed', self.on_negotiation_needed)
        self.send.connect('on-ice-candidate', self.on_ice_candidate, self.recv)
        self.recv.connect('on-ice-candidate', self.on_ice_candidate, self.send)
        self.recv.connect('pad-added', self.on_incoming_stream)
        self.send.connect('notify::connection-state', self.on_connection_state)
        enc_src = self.pipe.get_by_name('enc').get_static_pad('src')
        enc_src.add_probe(Gst.PadProbeType.EVENT_UPSTREAM, self.on_upstream_event)
        pay_src = self.pipe.get_by_name('pay').get_static_pad('src')
        pay_src.add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST, self.on_rtp)
        bus = self.pipe.get_bus()
        bus.add_signal_watch()
        bus.connect('message', self.on_message)

    # -- signalling, in-process ------------------------------------------------------
    def on_negotiation_needed(self, element):
        promise = Gst.Promise.new_with_change_func(self.on_offer_created, None)
        element.emit('create-offer', None, promise)

    def on_offer_created(self, promise, _):
        reply = promise.get_reply()
        if reply is None or not reply.has_field('offer'):
            print('create-offer failed: %s' % (reply.to_string() if reply else 'no reply'))
            return
        offer = reply.get_value('offer')
        self.send.emit('set-local-description', offer, None)
        self.recv.emit('set-remote-description', offer, None)
        promise = Gst.Promise.new_with_change_func(self.on_answer_created, None)
        self.recv.emit('create-answer', None, promise)

    def on_answer_created(self, promise, _):
        reply = promise.get_reply()
        if reply is None or not reply.has_field('answer'):
            print('create-answer failed: %s' % (reply.to_string() if reply else 'no reply'))
            return
        answer = reply.get_value('answer')
        print('--- answer SDP (receiver) ---\n' + answer.sdp.as_text().strip())
        self.recv.emit('set-local-description', answer, None)
        self.send.emit('set-remote-description', answer, None)

    def on_ice_candidate(self, element, mline, candidate, other):
        # Both peers live on this host, so every host candidate works. (The
        # tests restrict libnice to 127.0.0.1, see tests/webrtc/loopback.py;
        # libnice leaves loopback out when another interface is up.)
        other.emit('add-ice-candidate', mline, candidate)

    def on_connection_state(self, element, _pspec):
        # Video starts once ICE and DTLS are up: the first picture sent is
        # then the IDR the receiver needs, and webrtcbin never holds data
        # that arrives while it is still negotiating.
        state = element.get_property('connection-state')
        print('connection state: %s' % state.value_nick)
        if state == GstWebRTC.WebRTCPeerConnectionState.CONNECTED:
            self.pipe.get_by_name('valve').set_property('drop', False)

    # -- receiver -------------------------------------------------------------------
    def on_incoming_stream(self, element, pad):
        if pad.direction != Gst.PadDirection.SRC:
            return
        sink = 'fakesink sync=false' if self.args.headless else 'autovideosink sync=false'
        # rth264dec asks for a keyframe itself when data is lost or corrupt
        # (an upstream force-key-unit event, which webrtcbin sends as RTCP PLI).
        desc = 'rtph264depay ! rth264dec ! videoconvert ! identity name=count ! ' + sink
        bin_ = Gst.parse_bin_from_description(desc, True)
        self.pipe.add(bin_)
        bin_.sync_state_with_parent()
        pad.link(bin_.get_static_pad('sink'))
        bin_.get_by_name('count').get_static_pad('src').add_probe(
            Gst.PadProbeType.BUFFER, self.on_frame)

    def on_frame(self, pad, info):
        self.frames += 1
        return Gst.PadProbeReturn.OK

    def on_rtp(self, pad, info):
        if info.type & Gst.PadProbeType.BUFFER_LIST:
            lst = info.get_buffer_list()
            self.rtp_bytes += sum(lst.get(i).get_size() for i in range(lst.length()))
        else:
            self.rtp_bytes += info.get_buffer().get_size()
        return Gst.PadProbeReturn.OK

    def on_upstream_event(self, pad, info):
        s = info.get_event().get_structure()
        if s is not None and s.get_name() == 'GstForceKeyUnit':
            self.key_requests += 1
        return Gst.PadProbeReturn.OK

    # -- run ----------------------------------------------------------------------------
    def on_message(self, bus, msg):
        if msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            print('ERROR from %s: %s\n%s' % (msg.src.get_name(), err.message, dbg))
            self.failed = True
            self.loop.quit()
        elif msg.type == Gst.MessageType.WARNING:
            print('warning from %s: %s' % (msg.src.get_name(), msg.parse_warning()[0].message))

    failed = False
    seconds = 0

    def tick(self):
        self.seconds += 1
        print('%3d s: %4d frames received, RTP %6.0f kbit/s, keyframe requests %d'
              % (self.seconds, self.frames, self.rtp_bytes * 8 / 1000, self.key_requests))
        self.rtp_bytes = 0
        if self.args.seconds and self.seconds >= self.args.seconds:
            self.loop.quit()
            return False
        return True

    def run(self):
        self.pipe.set_state(Gst.State.PLAYING)
        GLib.timeout_add_seconds(1, self.tick)
        try:
            self.loop.run()
        except KeyboardInterrupt:
            pass
        self.pipe.set_state(Gst.State.NULL)
        return 0 if self.frames > 0 and not self.failed else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--bitrate', type=int, default=2000000, help='bit/s (default 2000000)')
    ap.add_argument('--size', default='1280x720', help='WIDTHxHEIGHT (default 1280x720)')
    ap.add_argument('--mode', type=int, choices=(0, 1), default=1, help='packetization-mode')
    ap.add_argument('--seconds', type=int, default=0, help='stop after N seconds (0: Ctrl+C)')
    ap.add_argument('--headless', action='store_true', help='no video window')
    args = ap.parse_args()
    Gst.init(None)
    for name in ('rth264enc', 'rth264dec', 'webrtcbin', 'nicesrc'):
        if Gst.ElementFactory.find(name) is None:
            sys.exit('element %s not found: set GST_PLUGIN_PATH to the build\'s gst folder, '
                     'install gstreamer1.0-nice / -plugins-bad' % name)
    sys.exit(LoopbackCall(args).run())


if __name__ == '__main__':
    main()
