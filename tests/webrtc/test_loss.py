#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""RTP packet loss on a 720p WebRTC call (two webrtcbin peers, 127.0.0.1).

  test_loss.py              3 % random loss between 2 s and 5 s
  test_loss.py --join-late  every packet of the first 6 frames lost (the
                            receiver joins after the first IDR, as a late
                            participant does): it must ask for a key unit
                            and be clean from the IDR that answers it

Between LOSS_FROM and LOSS_TO (frames of the clip) a pad probe on the send
path drops each RTP packet with probability LOSS_RATE (seeded, so a run is
repeatable). No NACK/RTX is negotiated, so every lost packet is lost for good.

Checks:
  - nothing crashes and the call runs to the end (the decoder may warn; an
    error before the end fails the test);
  - the decoder conceals: at least half the pictures encoded during the loss
    are still output, and it posts a warning about the damage;
  - the decoder asks for a key unit (an upstream force-key-unit event leaves
    its sink pad) after the first loss, and the encoder answers with an IDR;
  - after the first IDR the encoder produces once the last packet was
    dropped, every picture is clean again: Y-PSNR against the source at
    least MIN_FRAME_PSNR (the loss-free threshold of test_call.py), and
    at least 95 % of those pictures arrive.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loopback  # noqa: E402
import rtgst  # noqa: E402
from rtgst import Gst, log  # noqa: E402

LOSS_RATE = 0.03
LOSS_FROM = 60          # 2 s into the call
LOSS_TO = 150           # 5 s
MIN_FRAME_PSNR = 26.0   # as in test_call.py
SEED = 5

class Loss:
    def __init__(self, call):
        self.call = call
        self.active = False
        self.rate = LOSS_RATE
        self.rng = random.Random(SEED)
        self.dropped = []          # (t, RTP sequence number)
        self.packets = 0
        call.net.get_static_pad('src').add_probe(Gst.PadProbeType.BUFFER, self.probe)

    def probe(self, pad, info):
        if not self.active:
            return Gst.PadProbeReturn.OK
        self.packets += 1
        if self.rng.random() >= self.rate:
            return Gst.PadProbeReturn.OK
        buf = info.get_buffer()
        ok, m = buf.map(Gst.MapFlags.READ)
        seq = int.from_bytes(bytes(m.data[2:4]), 'big') if ok else -1
        if ok:
            buf.unmap(m)
        self.dropped.append((self.call.now(), seq))
        return Gst.PadProbeReturn.DROP

def main():
    global LOSS_FROM, LOSS_TO
    ap = argparse.ArgumentParser()
    ap.add_argument('--join-late', action='store_true')
    args = ap.parse_args()
    rtgst.require_elements('webrtcbin', 'rtph264pay', 'rtph264depay', 'netsim')
    clip = rtgst.Clip(rtgst.clip_720p())
    call = loopback.Call(clip, bitrate=2000000, mode=1)
    loss = Loss(call)
    if args.join_late:
        LOSS_FROM, LOSS_TO, loss.rate = 0, 6, 1.0
    call.schedule = []
    call.at_frame(LOSS_FROM, lambda: setattr(loss, 'active', True))
    call.at_frame(LOSS_TO, lambda: setattr(loss, 'active', False))
    call.run()
    failures = list(call.errors)
    log('%s -> %s: dropped %d of %d RTP packets between frames %d and %d; %d warnings%s'
        % (rtgst.ENC, rtgst.DEC, len(loss.dropped), loss.packets, LOSS_FROM, LOSS_TO,
           len(call.warnings), (' (%s)' % call.warnings[0]) if call.warnings else ''))
    if call.errors or not call.enc_out:
        for f in failures or ['no encoder output']:
            log('FAIL: ' + f)
        sys.exit(1)
    if not loss.dropped:
        rtgst.fail('no packet was dropped: the test proves nothing')
    # Packets lost on the way that the test did not drop (a jitter buffer
    # giving up on late packets when the machine is overloaded) would make
    # the "clean after the IDR" check meaningless: report them as such.
    extra = call.missing_seqs() - set(seq for _, seq in loss.dropped)
    log('receiver: %d packets missing, %d of them not dropped by the test'
        % (len(call.missing_seqs()), len(extra)))
    if extra:
        failures.append('%d RTP packets were lost besides the ones the test dropped '
                        '(receiver too slow for real time on this machine?)' % len(extra))
    t_first, t_last = loss.dropped[0][0], loss.dropped[-1][0]
    requests = [t for t in call.dec_fku if t >= t_first]
    log('decoder key-unit requests after the first loss: %d (first after %s ms)'
        % (len(requests), '%.0f' % (1000 * (requests[0] - t_first)) if requests else '-'))
    enc_requests = [t for t, _ in call.enc_fku if t >= t_first]
    log('key-unit requests reaching the encoder (RTCP PLI/FIR from the receiver): %d'
        % len(enc_requests))
    if args.join_late:
        # Nothing damaged reaches the decoder here (rtph264depay holds data
        # until it has SPS/PPS); whoever asks on the receiving side, the
        # request must reach the sender.
        if not enc_requests:
            failures.append('no key-unit request reached the encoder')
    elif not requests:
        failures.append('the decoder never asked for a key unit')
    # Source index of each encoder output: pts relative to the first frame.
    idr_after = [(t, call.source_index(pts))
                 for t, _, idr, pts, _ in call.enc_out if idr and t > t_last]
    if not idr_after:
        failures.append('no IDR after the last loss')
    else:
        t_idr, i_idr = idr_after[0]
        after = [(i, p) for _, i, p in call.recv if i >= i_idr]
        bad = [(i, round(p, 1)) for i, p in after if p < MIN_FRAME_PSNR]
        # Pictures the encoder made from then on (its input queue may skip
        # frames when the machine is loaded).
        expected = sum(1 for e in call.enc_out if call.source_index(e[3]) >= i_idr)
        log('first IDR after the last loss: source frame %d, %.0f ms after it; '
            '%d/%d pictures after it, min Y-PSNR %.2f dB'
            % (i_idr, 1000 * (t_idr - t_last), len(after), expected,
               min(p for _, p in after) if after else 0.0))
        if t_idr - t_last > 2.0:
            failures.append('recovery IDR came %.1f s after the last loss' % (t_idr - t_last))
        if bad:
            failures.append('pictures after the recovery IDR are not clean: %s' % bad[:5])
        if len(after) != len(set(i for i, _ in after)):
            failures.append('after the recovery IDR, pictures share a timestamp')
        if len(after) < 0.95 * expected:
            failures.append('only %d of %d pictures after the recovery IDR arrived'
                            % (len(after), expected))
    during = [p for _, i, p in call.recv if LOSS_FROM <= i < LOSS_TO]
    encoded = sum(1 for e in call.enc_out
                  if LOSS_FROM <= call.source_index(e[3]) < LOSS_TO)
    log('during the loss: %d of %d encoded pictures output, %d below %.0f dB '
        '(concealed or damaged)' % (len(during), encoded,
                                    sum(1 for p in during if p < MIN_FRAME_PSNR), MIN_FRAME_PSNR))
    # Concealment: damaged pictures are still output (output-corrupt), not
    # dropped, and the damage is reported on the bus.
    if len(during) < 0.5 * encoded and not args.join_late:
        failures.append('only %d of %d pictures were output during the loss'
                        % (len(during), encoded))
    if not any(w.startswith('dec') for w in call.warnings) and not args.join_late:
        failures.append('the decoder posted no warning about the damage')
    for f in failures:
        log('FAIL: ' + f)
    if failures:
        sys.exit(1)
    log('PASS')

if __name__ == '__main__':
    main()
