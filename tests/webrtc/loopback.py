# SPDX-License-Identifier: BSD-2-Clause
"""Two webrtcbin peers in one process, connected over ICE on 127.0.0.1.

The sender pushes the 720p clip in real time through
  appsrc ! ENC ! rtph264pay ! netsim ! <RTP caps> ! webrtcbin(send)
and the receiver decodes what webrtcbin(recv) outputs through
  rtph264depay ! DEC ! appsink.
Pad probes record what the tests check: every encoder output (size, IDR or
not), every RTP packet (size, NAL type), upstream force-key-unit events at the
encoder and at the decoder, and the PSNR of every received picture.
"""
import ctypes
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'integration'))
import rtgst  # noqa: E402
from rtgst import Gst, GstVideo  # noqa: E402

import gi  # noqa: E402
gi.require_version('GstWebRTC', '1.0')
from gi.repository import GstWebRTC  # noqa: E402

FRAME_NS = Gst.SECOND // rtgst.CLIP_FPS


# ---- keep ICE on 127.0.0.1 ---------------------------------------------------
# webrtcbin's libnice agent gathers host candidates on every interface unless
# local addresses are given before gathering. There is no introspection data
# for libnice, so nice_agent_add_local_address() is called through ctypes.

_api = ctypes.pythonapi
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_gobject = ctypes.CDLL('libgobject-2.0.so.0')
_gobject.g_object_get.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                  ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
_gobject.g_object_unref.argtypes = [ctypes.c_void_p]
_nice = ctypes.CDLL('libnice.so.10')
_nice.nice_address_new.restype = ctypes.c_void_p
_nice.nice_address_set_from_string.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
_nice.nice_agent_add_local_address.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
_nice.nice_address_free.argtypes = [ctypes.c_void_p]


def _get_object(ptr, prop):
    out = ctypes.c_void_p()
    _gobject.g_object_get(ptr, prop, ctypes.byref(out), None)
    return out.value


def restrict_ice_to_loopback(webrtcbin):
    wptr = _api.PyCapsule_GetPointer(webrtcbin.__gpointer__, None)
    ice = _get_object(wptr, b'ice-agent')
    agent = _get_object(ice, b'agent') if ice else None
    if not agent:
        rtgst.fail('cannot reach the libnice agent of %s' % webrtcbin.get_name())
    addr = _nice.nice_address_new()
    ok = _nice.nice_address_set_from_string(addr, b'127.0.0.1') and \
        _nice.nice_agent_add_local_address(agent, addr)
    _nice.nice_address_free(addr)
    _gobject.g_object_unref(agent)
    _gobject.g_object_unref(ice)
    if not ok:
        rtgst.fail('nice_agent_add_local_address(127.0.0.1) failed')


# ---- the call -------------------------------------------------------------------

class Call:
    def __init__(self, clip, bitrate=2000000, mode=1, mtu=1200, rtp_caps_extra='',
                 profile_level_id='42e01f', frames=rtgst.CLIP_FRAMES, pt=102,
                 receiver_offer=None, enc_extra=''):
        """receiver_offer: None, the sender offers one payload (pt with
        profile_level_id); or RTP caps the receiver offers (several payloads),
        the sender then answers with its transceiver's codec preferences."""
        self.pt = pt
        self.receiver_offer = receiver_offer
        self.enc_extra = enc_extra
        self.clip = clip
        self.frames = frames
        self.mode = mode
        self.mtu = mtu
        self.bitrate = bitrate
        self.t0 = None                 # monotonic time of the first frame pushed
        self.lock = threading.Lock()
        self.enc_out = []              # (t, size, is_idr, pts)
        self.rtp = []                  # (t, size, nal_type of the RTP payload)
        self.enc_fku = []              # (t, encoder outputs so far) per upstream key-unit event
        self.dec_fku = []              # t of key-unit requests leaving the decoder
        self.recv_seqs = set()         # RTP sequence numbers reaching the depayloader
        self.pictures = []             # (t, pts, luma) as received
        self.recv = []                 # (t, source index, y psnr), see analyse()
        self.errors = []
        self.warnings = []
        self.done = threading.Event()
        self._build(bitrate, profile_level_id, rtp_caps_extra)

    # -- construction
    def _build(self, bitrate, profile_level_id, rtp_caps_extra):
        slice_size = self.mtu - 100 if self.mode == 0 else 0
        agg = 'none' if self.mode == 0 else 'zero-latency'
        desc = (
            'appsrc name=src is-live=true format=time do-timestamp=false '
            'caps=video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! '
            'queue max-size-buffers=3 leaky=downstream ! %s ! '
            'rtph264pay name=pay pt=%d config-interval=-1 aggregate-mode=%s mtu=%d ! '
            'netsim name=net ! %s'
            'webrtcbin name=send bundle-policy=max-bundle '
            # A jitter buffer of 400 ms (default 200) absorbs scheduling
            # hiccups of a loaded 2-core CI machine.
            'webrtcbin name=recv bundle-policy=max-bundle latency=400 '
            % (rtgst.CLIP_W, rtgst.CLIP_H, rtgst.CLIP_FPS,
               rtgst.enc_desc(bitrate, key_int_max=0, max_slice_size=slice_size,
                              extra=self.enc_extra),
               self.pt, agg, self.mtu, rtgst.rtp_caps_fixup(profile_level_id, self.mode)))
        self.pipe = Gst.parse_launch(desc)
        g = self.pipe.get_by_name
        self.src, self.enc, self.pay, self.net = g('src'), g('enc'), g('pay'), g('net')
        self.send, self.recvbin = g('send'), g('recv')
        for w in (self.send, self.recvbin):
            restrict_ice_to_loopback(w)
        # The offer is made from these caps before any data flows (webrtcbin
        # otherwise waits for caps on its sink pad, i.e. for the first frame).
        rtp_caps = Gst.Caps.from_string(
            'application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=%d,'
            'profile-level-id=%s,packetization-mode=(string)%d,rtcp-fb-nack-pli=true%s'
            % (self.pt, profile_level_id, self.mode, rtp_caps_extra))
        self.send.emit('get-transceiver', 0).set_property('codec-preferences', rtp_caps)
        if self.receiver_offer is None:
            self.offerer, self.answerer = self.send, self.recvbin
        else:
            self.offerer, self.answerer = self.recvbin, self.send
            self.recvbin.emit('add-transceiver',
                              GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY,
                              self.receiver_offer)
        self.offerer.connect('on-negotiation-needed', self._on_negotiation_needed)
        self.send.connect('on-ice-candidate', self._on_candidate, self.recvbin)
        self.recvbin.connect('on-ice-candidate', self._on_candidate, self.send)
        self.recvbin.connect('pad-added', self._on_recv_pad)
        # Receiver timestamps straight from RTP time (jitter buffer mode
        # "none", no clock-skew correction): they then name the source frame
        # exactly even when a loaded machine delays packets unevenly.
        rtpbin = self.recvbin.get_by_name('rtpbin')
        if rtpbin is None:
            rtgst.fail('webrtcbin has no child named rtpbin')
        rtpbin.connect('new-jitterbuffer',
                       lambda _bin, jb, _session, _ssrc: jb.set_property('mode', 0))
        self.enc.get_static_pad('src').add_probe(
            Gst.PadProbeType.BUFFER | Gst.PadProbeType.EVENT_UPSTREAM, self._enc_probe)
        self.pay.get_static_pad('src').add_probe(
            Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST, self._rtp_probe)

    def now(self):
        return 0.0 if self.t0 is None else time.monotonic() - self.t0

    # -- signalling (in-process, no server)
    def _on_negotiation_needed(self, element):
        promise = Gst.Promise.new_with_change_func(self._on_offer, None)
        element.emit('create-offer', None, promise)

    def _on_offer(self, promise, _):
        reply = promise.get_reply()
        if not reply.has_field('offer'):
            self.errors.append('create-offer failed: %s' % reply.to_string())
            self.done.set()
            return
        offer = reply.get_value('offer')
        self.offer_sdp = offer.sdp.as_text()
        self.offerer.emit('set-local-description', offer, None)
        self.answerer.emit('set-remote-description', offer, None)
        promise = Gst.Promise.new_with_change_func(self._on_answer, None)
        self.answerer.emit('create-answer', None, promise)

    def _on_answer(self, promise, _):
        reply = promise.get_reply()
        answer = reply.get_value('answer') if reply else None
        if answer is None:
            self.errors.append('create-answer failed: %s' % (reply.to_string() if reply else '?'))
            self.done.set()
            return
        self.answer_sdp = answer.sdp.as_text()
        self.answerer.emit('set-local-description', answer, None)
        self.offerer.emit('set-remote-description', answer, None)

    def _on_candidate(self, element, mline, candidate, other):
        # Host candidates only exist on 127.0.0.1 (see restrict_ice_to_loopback);
        # anything else is not forwarded, so no other address can be used.
        if ' 127.0.0.1 ' in candidate:
            other.emit('add-ice-candidate', mline, candidate)

    # -- receiver
    def _on_recv_pad(self, element, pad):
        if pad.direction != Gst.PadDirection.SRC:
            return
        bin_desc = ('rtph264depay name=depay ! %s ! video/x-raw,format=I420 ! '
                    'appsink name=sink sync=false emit-signals=true max-buffers=10 drop=false'
                    % rtgst.dec_desc())
        rbin = Gst.parse_bin_from_description(bin_desc, True)
        self.pipe.add(rbin)
        rbin.sync_state_with_parent()
        pad.link(rbin.get_static_pad('sink'))
        self.depay = rbin.get_by_name('depay')
        self.dec = rbin.get_by_name('dec')
        self.dec.get_static_pad('sink').add_probe(Gst.PadProbeType.EVENT_UPSTREAM, self._dec_probe)
        self.depay.get_static_pad('sink').add_probe(
            Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST, self._recv_rtp_probe)
        rbin.get_by_name('sink').connect('new-sample', self._on_sample)

    def _on_sample(self, sink):
        # Only a copy of the luma here: the PSNR is computed after the call
        # (analyse()), so that a loaded machine does not make the receiver
        # itself fall behind real time.
        sample = sink.emit('pull-sample')
        y = rtgst.i420_planes(sample)[0].copy()
        with self.lock:
            self.pictures.append((self.now(), sample.get_buffer().pts, y))
        return Gst.FlowReturn.OK

    def analyse(self):
        """Fill self.recv with (t, source index, Y-PSNR) per received picture.
        The first picture is matched against the first 30 source frames; the
        others by their timestamp distance to it (RTP time: the jitter buffer
        runs in mode none). on_time counts the pictures that resemble the
        frame their timestamp names more than its neighbours."""
        self.recv = []
        self.on_time = 0               # pictures matching their own timestamp best
        if not self.pictures:
            return
        t, pts0, y = self.pictures[0]
        first = max((rtgst.psnr(y, self.clip.luma(i)), i) for i in range(min(30, self.frames)))[1]
        for t, pts, y in self.pictures:
            idx = first + round((pts - pts0) / FRAME_NS)
            if not 0 <= idx < self.frames:
                self.recv.append((t, idx, 0.0))
                continue
            # The PSNR is the one against the frame the timestamp names; the
            # neighbours only tell whether the timestamps are right.
            scores = {i: rtgst.psnr(y, self.clip.luma(i)) for i in (idx - 1, idx, idx + 1)
                      if 0 <= i < self.frames}
            self.recv.append((t, idx, scores[idx]))
            self.on_time += max(scores, key=scores.get) == idx
        self.pictures = []

    # -- probes
    def _enc_probe(self, pad, info):
        t = self.now()
        if info.type & Gst.PadProbeType.BUFFER:
            buf = info.get_buffer()
            with self.lock:
                self.enc_out.append((t, buf.get_size(), rtgst.buffer_is_idr(buf, pad.get_current_caps()), buf.pts,
                                     not buf.has_flags(Gst.BufferFlags.DELTA_UNIT)))
        else:
            ev = info.get_event()
            if GstVideo.video_event_is_force_key_unit(ev):
                with self.lock:
                    self.enc_fku.append((t, len(self.enc_out)))
        return Gst.PadProbeReturn.OK

    def _recv_rtp_probe(self, pad, info):
        if info.type & Gst.PadProbeType.BUFFER_LIST:
            lst = info.get_buffer_list()
            bufs = [lst.get(i) for i in range(lst.length())]
        else:
            bufs = [info.get_buffer()]
        for buf in bufs:
            ok, m = buf.map(Gst.MapFlags.READ)
            if ok:
                self.recv_seqs.add(int.from_bytes(bytes(m.data[2:4]), 'big'))
                buf.unmap(m)
        return Gst.PadProbeReturn.OK

    def missing_seqs(self):
        """RTP sequence numbers that never reached the depayloader, between
        the first and the last that did (16-bit wrap handled)."""
        if not self.recv_seqs:
            return set()
        seqs = sorted(self.recv_seqs)
        # Unwrap around the largest gap (the wrap point, if any).
        gaps = [(seqs[i + 1] - seqs[i], i) for i in range(len(seqs) - 1)]
        if gaps and max(gaps)[0] > 30000:
            i = max(gaps)[1]
            seqs = seqs[i + 1:] + [x + 65536 for x in seqs[:i + 1]]
        have = set(seqs)
        return {x & 0xffff for x in range(seqs[0], seqs[-1]) if x not in have}

    def _dec_probe(self, pad, info):
        if GstVideo.video_event_is_force_key_unit(info.get_event()):
            with self.lock:
                self.dec_fku.append(self.now())
        return Gst.PadProbeReturn.OK

    def _rtp_probe(self, pad, info):
        if info.type & Gst.PadProbeType.BUFFER_LIST:
            lst = info.get_buffer_list()
            bufs = [lst.get(i) for i in range(lst.length())]
        else:
            bufs = [info.get_buffer()]
        t = self.now()
        for buf in bufs:
            ok, m = buf.map(Gst.MapFlags.READ)
            if not ok:
                continue
            data = bytes(m.data)
            buf.unmap(m)
            hdr = 12 + 4 * (data[0] & 0x0f)
            if data[0] & 0x10:  # header extension (RFC 3550 5.3.1)
                hdr += 4 + 4 * int.from_bytes(data[hdr + 2:hdr + 4], 'big')
            nal = data[hdr] & 0x1f if len(data) > hdr else -1
            with self.lock:
                self.rtp.append((t, len(data), nal))
        return Gst.PadProbeReturn.OK

    # -- sender
    def _feed(self):
        clock = self.pipe.get_clock()
        base = self.pipe.get_base_time()
        start_rt = clock.get_time() - base
        self.start_rt = start_rt
        self.t0 = time.monotonic()
        for i in range(self.frames):
            if self.done.is_set():
                return
            target = self.t0 + i / rtgst.CLIP_FPS
            delay = target - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            for cb in list(self.schedule):
                if cb[0] <= i:
                    self.schedule.remove(cb)
                    cb[1]()
            buf = Gst.Buffer.new_wrapped(self.clip.raw(i).tobytes())
            buf.pts = start_rt + i * FRAME_NS
            buf.duration = FRAME_NS
            if self.src.emit('push-buffer', buf) != Gst.FlowReturn.OK:
                self.errors.append('appsrc push failed at frame %d' % i)
                break
        # Let the last frames travel, then stop.
        time.sleep(1.0)
        self.done.set()

    def source_index(self, pts):
        """The clip frame an encoder output (by its pts) was made from."""
        return round((pts - self.start_rt) / FRAME_NS)

    def at_frame(self, index, callback):
        """Run callback (in the feeder thread) before frame index is pushed."""
        self.schedule.append((index, callback))

    def run(self, timeout_s=40):
        self.schedule = getattr(self, 'schedule', [])
        bus = self.pipe.get_bus()
        self.pipe.set_state(Gst.State.PLAYING)
        # Wait for ICE + DTLS: the receiver's pad appears when media flows,
        # but the sender can start as soon as the pipeline plays.
        deadline = time.monotonic() + 10
        while self.send.get_property('connection-state') != \
                GstWebRTC.WebRTCPeerConnectionState.CONNECTED:
            self._poll_bus(bus)
            if self.errors or time.monotonic() > deadline:
                self.errors.append('ICE/DTLS did not connect within 10 s')
                self.pipe.set_state(Gst.State.NULL)
                return
        feeder = threading.Thread(target=self._feed, daemon=True)
        feeder.start()
        end = time.monotonic() + timeout_s
        while not self.done.is_set() and time.monotonic() < end:
            self._poll_bus(bus)
        if not self.done.is_set():
            self.errors.append('call did not finish within %d s' % timeout_s)
        self.done.set()
        feeder.join(5)
        self.pipe.set_state(Gst.State.NULL)
        self.analyse()

    def _poll_bus(self, bus):
        msg = bus.timed_pop_filtered(50 * Gst.MSECOND,
                                     Gst.MessageType.ERROR | Gst.MessageType.WARNING)
        if msg is None:
            return
        if msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            self.errors.append('%s: %s (%s)' % (msg.src.get_name(), err.message, dbg))
            self.done.set()
        else:
            err, dbg = msg.parse_warning()
            self.warnings.append('%s: %s' % (msg.src.get_name(), err.message))

    # -- measurements
    def rtp_rate(self, t_from, t_to):
        """RTP bit rate (whole packets) over [t_from, t_to), bit/s."""
        n = sum(size for t, size, _ in self.rtp if t_from <= t < t_to)
        return 8.0 * n / (t_to - t_from)

    def idr_indices(self):
        return [i for i, e in enumerate(self.enc_out) if e[2]]
