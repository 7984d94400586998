#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The main job: build rth264, encode a clip through rth264enc, decode it back
# through rth264dec, print fps, bitrate and PSNR.
# Source: the natural 720p clip from ../shared when present (300 frames),
# else a generated 720p test pattern. Installs missing Debian packages (root).
# Environment: RTH264_SHARED_DIR, RTH264_BITRATE (bit/s, default 2500000).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
shared=${RTH264_SHARED_DIR:-$(cd "$top/.." && pwd)/shared}
bitrate=${RTH264_BITRATE:-2500000}
build=$top/build
work=$build/demo
PY=/usr/bin/python3

"$top/scripts/install-deps.sh" build
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Dshared_dir="$shared" >/dev/null
fi
ninja -C "$build" >/dev/null
mkdir -p "$work"
export GST_PLUGIN_PATH_1_0=$build/gst GST_REGISTRY_1_0=$work/registry.bin

w=1280 h=720 fps=30
src=$work/source_${w}x${h}.yuv
clip=$shared/conformance/main-high/VID_1280x720_cavlc_temporal_direct.264
if [ ! -s "$src" ]; then
  if [ -f "$clip" ]; then
    echo "source: $clip (natural 720p, 300 frames)"
    ffmpeg -v error -y -i "$clip" -f rawvideo -pix_fmt yuv420p "$src"
  else
    echo "source: generated 720p pattern (../shared not found), 300 frames"
    gst-launch-1.0 -q videotestsrc pattern=smpte num-buffers=300 horizontal-speed=4 ! \
      video/x-raw,format=I420,width=$w,height=$h,framerate=$fps/1 ! filesink location="$src"
  fi
fi
frames=$(( $(stat -c %s "$src") / (w * h * 3 / 2) ))

# CPU seconds (user+sys) of a command, printed on fd 3.
cpu_time() {
  /usr/bin/env time -f "%U %S" -o "$work/time.txt" "$@" >/dev/null
  awk '{print $1 + $2}' "$work/time.txt"
}

enc_s=$(cpu_time gst-launch-1.0 -q filesrc location="$src" ! \
  rawvideoparse width=$w height=$h format=i420 framerate=$fps/1 ! \
  rth264enc bitrate=$bitrate ! video/x-h264,profile=constrained-baseline ! h264parse ! \
  filesink location="$work/demo.264")
dec_s=$(cpu_time gst-launch-1.0 -q filesrc location="$work/demo.264" ! h264parse ! rth264dec ! \
  video/x-raw,format=I420 ! filesink location="$work/decoded.yuv")

bytes=$(stat -c %s "$work/demo.264")
psnr=$($PY "$top/scripts/yuvcmp.py" "$src" "$work/decoded.yuv" $w $h)
awk -v f="$frames" -v e="$enc_s" -v d="$dec_s" -v b="$bytes" -v fps=$fps -v t="$bitrate" -v p="$psnr" 'BEGIN {
  printf "rth264 demo: %dx%d, %d frames, target %.0f kbit/s\n", '"$w"', '"$h"', f, t / 1000
  printf "  encode (rth264enc): %.1f fps (CPU time, whole pipeline)\n", f / (e > 0 ? e : 1e-9)
  printf "  decode (rth264dec): %.1f fps (CPU time, whole pipeline)\n", f / (d > 0 ? d : 1e-9)
  printf "  bitrate: %.0f kbit/s (%.1f%% of target)\n", b * 8 * fps / f / 1000, 100 * b * 8 * fps / f / t
  printf "  PSNR (decoded vs source): %s\n", p
}'
