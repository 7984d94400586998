#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Caps negotiation: the profiles rth264enc answers and the ones it refuses.

1. Element level: ENC ! video/x-h264,profile=P negotiates for
   constrained-baseline and baseline (and the SPS says so: profile_idc 66,
   constraint_set1 only for constrained-baseline), and fails with a
   not-negotiated error for main and high (no crash, no output).
2. Through rtph264pay, as webrtcbin drives it: RTP caps with
   profile-level-id 42e01f and 42001f reach the encoder as profile/level;
   the payloader's output caps must carry exactly that profile-level-id
   (webrtcbin compares the string), and 640c1f (Constrained High) fails.
3. webrtcbin offer/answer: the receiver offers Constrained High (pt 100,
   first), Constrained Baseline 42e01f (pt 102) and Baseline 42001f (pt 104);
   the sender keeps the payloads whose profile its encoder accepts (a caps
   query on the encoder: the same thing the element's src template and
   negotiation say) and answers; the answer must choose 102 and pictures must
   arrive. An offer of High only must end with no H.264 sent and no crash.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loopback  # noqa: E402
import rtgst  # noqa: E402
from rtgst import GLib, Gst, log  # noqa: E402

SRC = 'videotestsrc num-buffers=5 ! video/x-raw,format=I420,width=640,height=480,framerate=30/1'
failures = []


def check(cond, what):
    log('%s: %s' % ('ok  ' if cond else 'FAIL', what))
    if not cond:
        failures.append(what)


def first_sps(sample_bufs):
    """(profile_idc, constraint byte, level_idc) of the first SPS."""
    for buf in sample_bufs:
        ok, m = buf.map(Gst.MapFlags.READ)
        data = bytes(m.data)
        buf.unmap(m)
        i = data.find(b'\x00\x00\x01\x67')
        if i >= 0:
            return data[i + 4], data[i + 5], data[i + 6]
    return None


def run_collect(desc, sink_name='sink'):
    try:
        pipe = Gst.parse_launch(desc)
    except GLib.Error as e:
        # Refused already when linking (caps do not intersect the template).
        return False, [('error', 'not linked: ' + e.message)], [], None
    bufs, caps = [], []
    sink = pipe.get_by_name(sink_name)

    def probe(pad, info):
        bufs.append(info.get_buffer())
        if not caps:
            caps.append(pad.get_current_caps())
        return Gst.PadProbeReturn.OK
    sink.get_static_pad('sink').add_probe(Gst.PadProbeType.BUFFER, probe)
    ok, msgs = rtgst.run_pipeline(pipe, 30)
    return ok, msgs, bufs, caps[0] if caps else None


def element_profiles():
    for profile, accept in (('constrained-baseline', True), ('baseline', True),
                            ('main', False), ('high', False)):
        desc = ('%s ! %s ! video/x-h264,stream-format=byte-stream,profile=%s ! '
                'fakesink name=sink' % (SRC, rtgst.enc_desc(1000000, profile_caps=False), profile))
        ok, msgs, bufs, _ = run_collect(desc)
        if accept:
            sps = first_sps(bufs)
            check(ok and sps is not None and sps[0] == 66 and
                  bool(sps[1] & 0x40) == (profile == 'constrained-baseline'),
                  'profile=%s negotiates, SPS %s' % (profile, sps and '%02x%02x%02x' % sps))
        else:
            err = ' '.join(t for k, t in msgs if k == 'error')
            check(not ok and not bufs and ('negotiat' in err.lower() or
                                          'not linked' in err),
                  'profile=%s is refused with a negotiation error (%s)' % (profile, err[:120]))


def rtp_profiles():
    # 42e00a: level 1.0 is too small for 640x480 -> refused, naming the
    # level. (42e034, Safari's CB 5.2, cannot be tested this way: rtph264pay
    # 1.22 turns it into caps without a level, see docs/webrtc.md.)
    for plid, accept in (('42e01f', True), ('42001f', True),
                         ('640c1f', False), ('42e00a', False)):
        desc = ('%s ! %s ! rtph264pay name=pay ! application/x-rtp,profile-level-id=%s ! '
                'fakesink name=sink' % (SRC, rtgst.enc_desc(1000000, profile_caps=False), plid))
        ok, msgs, bufs, caps = run_collect(desc)
        got = caps.get_structure(0).get_string('profile-level-id') if caps else None
        if accept:
            check(ok and got == plid, 'RTP profile-level-id=%s: payloader caps say %s (%s)'
                  % (plid, got, '; '.join(t for _, t in msgs)[:160]))
        else:
            # 640c1f: rtph264pay asks for {constrained-high, constrained-baseline}
            # (a CH decoder decodes CB), rth264enc makes CB, and the caps
            # filter, like webrtcbin, refuses profile-level-id 42e01f != 640c1f.
            # 42e00a: the encoder itself refuses, naming the level needed.
            err = '; '.join(t for _, t in msgs)
            named = 'level' in err.lower() if plid == '42e00a' else True
            check(not ok and not bufs and named, 'RTP profile-level-id=%s refused (%s)'
                  % (plid, err[:200]))


# ---- webrtcbin offer/answer ------------------------------------------------------

OFFER_H264 = [(100, '640c1f'), (102, '42e01f'), (104, '42001f')]


def encoder_accepts(plid):
    """Does the encoder accept the profile this profile-level-id stands for?
    Asked the way an application would: a caps query on the encoder's src
    pad intersected with video/x-h264,profile=<profile of the id>."""
    import gi
    gi.require_version('GstPbutils', '1.0')
    from gi.repository import GstPbutils
    sps = bytes.fromhex('00' + plid)  # profile_idc, constraints, level as in an SPS
    profile = GstPbutils.codec_utils_h264_get_profile(sps[1:] + b'\x00')
    enc = Gst.parse_bin_from_description(rtgst.enc_desc(1000000, profile_caps=False), True)
    caps = enc.get_static_pad('src').query_caps(None)
    want = Gst.Caps.from_string('video/x-h264,profile=%s' % profile)
    return caps.can_intersect(want), profile


def rtp_caps(payloads):
    caps = Gst.Caps.new_empty()
    for pt, plid in payloads:
        caps.append(Gst.Caps.from_string(
            'application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=%d,'
            'profile-level-id=%s,packetization-mode=(string)1,rtcp-fb-nack-pli=true'
            % (pt, plid)))
    return caps


def webrtc_negotiation():
    """The receiver offers; the sender answers with what its encoder accepts."""
    for offered, expect_pt in ((OFFER_H264, 102), ([(100, '640c1f')], None)):
        kept = [(pt, plid) for pt, plid in offered if encoder_accepts(plid)[0]]
        log('     offer %s -> the encoder accepts %s' % (offered, kept))
        chosen = kept[0] if kept else (offered[0][0], offered[0][1])
        clip = rtgst.Clip(rtgst.clip_720p())
        call = loopback.Call(clip, frames=45, pt=chosen[0], profile_level_id=chosen[1],
                             receiver_offer=rtp_caps(offered))
        if not kept:
            # Nothing the encoder can produce: the application still has to
            # answer; its preferences are empty of H.264.
            call.send.emit('get-transceiver', 0).set_property(
                'codec-preferences', Gst.Caps.from_string(
                    'application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=96'))
        call.run(timeout_s=20)
        answer = getattr(call, 'answer_sdp', '')
        picked = [pt for pt, _ in offered if 'a=rtpmap:%d H264/90000' % pt in answer]
        if expect_pt is None:
            # webrtcbin still answers "recvonly" with the offered payload (it
            # cannot know the answering application has no decoder), but the
            # sending side must not send: nothing may arrive at the offerer.
            sends = 'a=sendrecv' in answer or 'a=sendonly' in answer
            check(not sends and not call.recv and not call.enc_out,
                  'offer of %s only: the answer does not send (%s), nothing encoded '
                  'or decoded, no crash' % (offered[0][1], picked))
            continue
        check(picked == [expect_pt], 'answer to %s picks pt %s' % (
            [p for _, p in offered], picked))
        check(not call.errors and len(call.recv) >= max(10, 0.9 * len(call.enc_out)),
              'pt %d (%s): %d of %d encoded pictures arrived %s'
              % (chosen[0], chosen[1], len(call.recv), len(call.enc_out),
                 '; '.join(call.errors)[:200]))


def main():
    rtgst.require_elements('webrtcbin', 'rtph264pay', 'rtph264depay', 'netsim')
    element_profiles()
    rtp_profiles()
    webrtc_negotiation()
    if failures:
        log('%d FAILED' % len(failures))
        sys.exit(1)
    log('PASS')


if __name__ == '__main__':
    main()
