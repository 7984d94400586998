# SPDX-License-Identifier: BSD-2-Clause
"""Helpers shared by the webrtc and integration tests.

The element pair under test is chosen in ONE place: the environment variable
RTH264_TEST_ELEMENTS.  "rth264" (the default) tests rth264enc/rth264dec;
"standin" runs the same tests with x264enc (zerolatency, Constrained Baseline)
and avdec_h264, which is how the tests were developed before the elements
existed and how a failing test can be checked against a known-good pair.

Exit code 77 means "skipped" (meson's convention): used only when the shared
test data is absent, never to hide a failure.
"""
import fcntl
import hashlib
import os
import subprocess
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstVideo', '1.0')
from gi.repository import GLib, Gst, GstVideo  # noqa: E402

Gst.init(None)

SKIP = 77
IMPL = os.environ.get('RTH264_TEST_ELEMENTS', 'rth264')
if IMPL not in ('rth264', 'standin'):
    sys.exit('RTH264_TEST_ELEMENTS must be "rth264" or "standin", not %r' % IMPL)

ENC = 'rth264enc' if IMPL == 'rth264' else 'x264enc'
DEC = 'rth264dec' if IMPL == 'rth264' else 'avdec_h264'

CLIP_W, CLIP_H, CLIP_FPS, CLIP_FRAMES = 1280, 720, 30, 300
CLIP_SOURCE = 'conformance/main-high/VID_1280x720_cavlc_temporal_direct.264'


def log(*args):
    print(*args, flush=True)


def fail(msg):
    log('FAIL: ' + msg)
    sys.exit(1)


def skip(msg):
    log('SKIP: ' + msg)
    sys.exit(SKIP)


def require_elements(*names):
    """Fail (not skip) when an element is missing: the tests are only
    registered when the plugin is built, so a missing element is a bug."""
    for n in (ENC, DEC) + names:
        if Gst.ElementFactory.find(n) is None:
            fail('element %s not found (GST_PLUGIN_PATH_1_0=%s)'
                 % (n, os.environ.get('GST_PLUGIN_PATH_1_0', '')))


def shared_dir(required=True):
    d = os.environ.get('RTH264_SHARED_DIR')
    if not d:
        d = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared')
    if not os.path.isdir(d):
        if required:
            skip('shared test data not found (%s); set RTH264_SHARED_DIR' % d)
        return None
    return d


def work_dir():
    d = os.environ.get('RTH264_BUILD_DIR', '/tmp')
    d = os.path.join(d, 'tests', 'work')
    os.makedirs(d, exist_ok=True)
    return d


def clip_720p():
    """The 720p natural clip as raw I420 (300 frames, 30 fps), decoded from
    the shared conformance stream once into the build dir (locked, so tests
    running in parallel generate it only once)."""
    src = os.path.join(shared_dir(), CLIP_SOURCE)
    if not os.path.exists(src):
        skip('%s missing' % src)
    out = os.path.join(work_dir(), 'clip720.yuv')
    size = CLIP_W * CLIP_H * 3 // 2 * CLIP_FRAMES
    with open(out + '.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(out) or os.path.getsize(out) != size:
            subprocess.run(['ffmpeg', '-v', 'error', '-y', '-i', src, '-f', 'rawvideo',
                            '-pix_fmt', 'yuv420p', out + '.tmp'], check=True)
            os.replace(out + '.tmp', out)
    if os.path.getsize(out) != size:
        fail('clip %s has %d bytes, expected %d' % (out, os.path.getsize(out), size))
    return out


# ---- elements ---------------------------------------------------------------

def enc_desc(bitrate=2000000, key_int_max=0, max_slice_size=0, name='enc', extra='',
             profile_caps=True):
    """gst-launch description of the encoder (plus, for the stand-in, a caps
    filter that keeps x264enc in Constrained Baseline). bitrate in bit/s."""
    if IMPL == 'rth264':
        d = 'rth264enc name=%s bitrate=%d key-int-max=%d' % (name, bitrate, key_int_max)
        if max_slice_size:
            d += ' max-slice-size=%d' % max_slice_size
        return d + ' ' + extra
    opts = 'option-string=slice-max-size=%d' % max_slice_size if max_slice_size else ''
    desc = ('x264enc name=%s tune=zerolatency speed-preset=veryfast bitrate=%d '
            'key-int-max=%d vbv-buf-capacity=300 %s %s'
            % (name, bitrate // 1000, key_int_max or 100000, opts, extra))
    if profile_caps:
        desc += ' ! video/x-h264,profile=constrained-baseline'
    return desc


def set_bitrate(enc, bps):
    enc.set_property('bitrate', bps if IMPL == 'rth264' else bps // 1000)


def rtp_caps_fixup(profile_level_id, mode=1):
    """webrtcbin only accepts RTP caps whose fields equal the negotiated ones.
    - rtph264pay always announces packetization-mode=1 (it cannot know that it
      will never fragment), so a packetization-mode 0 session needs the field
      rewritten; the packets themselves are checked by the test.
    - x264enc writes constraint flags 0xc0 into its SPS (profile-level-id
      42c0xx), which RFC 6184 treats as the same Constrained Baseline as 42e0xx
      but webrtcbin does not: the stand-in gets profile-level-id rewritten.
      rth264enc does not: its own caps must match what webrtcbin negotiated.
    capssetter answers caps queries with ANY; for rth264enc a caps filter in
    front of it keeps carrying profile-level-id upstream (rtph264pay turns
    it into profile and level for the encoder)."""
    fields = []
    if mode == 0:
        fields.append('packetization-mode=(string)0')
    if IMPL != 'rth264':
        fields.append('profile-level-id=(string)%s' % profile_level_id)
    if not fields:
        return ''
    pin = ('application/x-rtp,profile-level-id=%s ! ' % profile_level_id
           if IMPL == 'rth264' else '')
    return pin + 'capssetter caps="application/x-rtp,%s" ! ' % ','.join(fields)


def dec_desc(name='dec', extra=''):
    if IMPL == 'standin':
        # GstVideoDecoder's own key-unit requests on decode errors.
        extra += ' automatic-request-sync-points=true'
    return '%s name=%s %s' % (DEC, name, extra)


# ---- bitstream --------------------------------------------------------------

def annexb_nal_types(data):
    """nal_unit_type of every NAL in an Annex B buffer (7.3.1)."""
    types, i, n = [], 0, len(data)
    while True:
        i = data.find(b'\x00\x00\x01', i)
        if i < 0 or i + 3 >= n:
            return types
        types.append(data[i + 3] & 0x1f)
        i += 3


def avc_nal_types(data, length_size=4):
    """nal_unit_type of every NAL in a length-prefixed (avc) buffer."""
    types, i, n = [], 0, len(data)
    while i + length_size < n:
        size = int.from_bytes(data[i:i + length_size], 'big')
        types.append(data[i + length_size] & 0x1f)
        i += length_size + size
    return types


def nal_types(buf, caps):
    """NAL types of an encoded buffer, Annex B or avc as its caps say."""
    ok, info = buf.map(Gst.MapFlags.READ)
    if not ok:
        fail('cannot map encoded buffer')
    data = bytes(info.data)
    buf.unmap(info)
    s = caps.get_structure(0) if caps else None
    if s is not None and s.get_string('stream-format') in ('avc', 'avc3'):
        return avc_nal_types(data)
    return annexb_nal_types(data)


def buffer_is_idr(buf, caps=None):
    return 5 in nal_types(buf, caps)


# ---- pictures ---------------------------------------------------------------

def i420_planes(sample):
    """(Y, U, V) numpy arrays of an I420 sample, honouring GstVideoMeta
    strides/offsets (decoders may pad their planes)."""
    import numpy as np
    buf = sample.get_buffer()
    vinfo = GstVideo.VideoInfo.new_from_caps(sample.get_caps())
    w, h = vinfo.width, vinfo.height
    meta = GstVideo.buffer_get_video_meta(buf)
    offs = list(meta.offset) if meta else list(vinfo.offset)
    strides = list(meta.stride) if meta else list(vinfo.stride)
    ok, info = buf.map(Gst.MapFlags.READ)
    if not ok:
        fail('cannot map decoded picture')
    raw = np.frombuffer(bytes(info.data), dtype=np.uint8)
    buf.unmap(info)
    planes = []
    for p, (pw, ph) in enumerate(((w, h), (w // 2, h // 2), (w // 2, h // 2))):
        plane = raw[offs[p]:offs[p] + strides[p] * ph].reshape(ph, strides[p])
        planes.append(plane[:, :pw])
    return planes


def i420_bytes(sample):
    return b''.join(p.tobytes() for p in i420_planes(sample))


def psnr(a, b):
    import numpy as np
    d = a.astype(np.int32) - b.astype(np.int32)
    mse = float((d * d).mean())
    return 100.0 if mse == 0 else 10.0 * np.log10(255.0 * 255.0 / mse)


class Clip:
    """Random access to the frames of a raw I420 file."""

    def __init__(self, path, w=CLIP_W, h=CLIP_H):
        import numpy as np
        self.w, self.h = w, h
        self.frame_size = w * h * 3 // 2
        self.data = np.memmap(path, dtype=np.uint8, mode='r')
        self.frames = len(self.data) // self.frame_size

    def raw(self, i):
        return self.data[i * self.frame_size:(i + 1) * self.frame_size]

    def luma(self, i):
        return self.raw(i)[:self.w * self.h].reshape(self.h, self.w)


# ---- running pipelines ------------------------------------------------------

def run_pipeline(pipe, timeout_s=60, on_message=None):
    """Play until EOS or error; returns (ok, list of (type, text) warnings and
    errors). Always ends in NULL."""
    bus = pipe.get_bus()
    msgs = []
    if pipe.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
        msg = bus.pop_filtered(Gst.MessageType.ERROR)
        pipe.set_state(Gst.State.NULL)
        text = msg.parse_error()[0].message if msg else 'state change failed'
        return False, [('error', text)]
    deadline = GLib.get_monotonic_time() + int(timeout_s * 1e6)
    ok = False
    while True:
        left = deadline - GLib.get_monotonic_time()
        if left <= 0:
            msgs.append(('error', 'timeout after %d s' % timeout_s))
            break
        msg = bus.timed_pop_filtered(min(left, 100000) * 1000,
                                     Gst.MessageType.EOS | Gst.MessageType.ERROR |
                                     Gst.MessageType.WARNING)
        if msg is None:
            continue
        if on_message:
            on_message(msg)
        if msg.type == Gst.MessageType.EOS:
            ok = True
            break
        if msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            msgs.append(('error', '%s: %s (%s)' % (msg.src.get_name(), err.message, dbg)))
            # Keep the other errors already posted: the first one is often a
            # source's generic "internal data stream error", the element's
            # own explanation comes with it.
            while True:
                more = bus.pop_filtered(Gst.MessageType.ERROR)
                if more is None:
                    break
                err, dbg = more.parse_error()
                msgs.append(('error', '%s: %s (%s)' % (more.src.get_name(), err.message, dbg)))
            break
        if msg.type == Gst.MessageType.WARNING:
            err, dbg = msg.parse_warning()
            msgs.append(('warning', '%s: %s' % (msg.src.get_name(), err.message)))
    pipe.set_state(Gst.State.NULL)
    return ok, msgs


def launch(desc, timeout_s=60):
    """Run a gst-launch description in-process; returns (ok, messages)."""
    try:
        pipe = Gst.parse_launch(desc)
    except GLib.Error as e:
        return False, [('error', 'parse: ' + e.message)]
    return run_pipeline(pipe, timeout_s)


def md5_of_file(path):
    h = hashlib.md5()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def gst_launch_cli(args, timeout_s=60, env=None):
    """Run the real gst-launch-1.0 binary (as a user would) with a bound."""
    cmd = ['gst-launch-1.0', '-q'] + args
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, env=env)
    except subprocess.TimeoutExpired:
        return 124, 'timeout after %d s' % timeout_s
    return r.returncode, r.stdout + r.stderr


def gst_launch_hash(args, timeout_s=60):
    """Run gst-launch-1.0 -q whose pipeline writes to /dev/stdout; returns
    (exit code, bytes written, md5 of them, stderr)."""
    import threading
    p = subprocess.Popen(['gst-launch-1.0', '-q'] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    timer = threading.Timer(timeout_s, p.kill)
    timer.start()
    h, size = hashlib.md5(), 0
    for chunk in iter(lambda: p.stdout.read(1 << 20), b''):
        h.update(chunk)
        size += len(chunk)
    err = p.stderr.read().decode(errors='replace')
    rc = p.wait()
    timer.cancel()
    return rc, size, h.hexdigest(), err


def list_properties(obj):
    from gi.repository import GObject
    return GObject.list_properties(obj)
