#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Streams made on the fly with FFmpeg's libx264 (CAVLC Baseline, Main with
# B-frames and both direct modes, High with 8x8 transform, weighted
# prediction, scaling matrices, multiple slices): the decoder's output must
# equal FFmpeg's, bit for bit. Exit 77 (skip) without ffmpeg/libx264.
# usage: x264_vs_ffmpeg.sh RTH264 CPU_MASK
cli=$1 mask=${2:-7fffffff}
command -v ffmpeg >/dev/null 2>&1 || { echo "SKIP: no ffmpeg"; exit 77; }
ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libx264 || { echo "SKIP: no libx264"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for opts in \
    "cabac=0:bframes=0:8x8dct=0:weightp=0:ref=4:partitions=all:slices=3" \
    "cabac=0:8x8dct=0:bframes=3:b-pyramid=normal:direct=temporal:ref=4:weightb=0:weightp=0" \
    "cabac=0:8x8dct=0:bframes=3:b-pyramid=normal:direct=spatial:ref=3:weightp=2:weightb=1" \
    "cabac=0:8x8dct=1:bframes=2:direct=temporal:cqm=jvt:partitions=all" \
    "cabac=0:8x8dct=1:bframes=0:ref=3:constrained-intra=1:deblock=-3,2" \
    "cabac=0:fake-interlaced=1:bframes=2:direct=temporal:8x8dct=1"; do
    n=$((n + 1))
    s="$tmp/s$n.264"
    if ! ffmpeg -v error -y -f lavfi -i "testsrc2=size=352x288:rate=25" -vf "fade=in:0:15" -frames:v 40 \
        -pix_fmt yuv420p -c:v libx264 -b:v 500k -x264-params "$opts" "$s"; then
        echo "SKIP: libx264 could not encode ($opts)"
        exit 77
    fi
    want=$(ffmpeg -v error -i "$s" -f rawvideo -pix_fmt yuv420p - | md5sum | cut -d' ' -f1)
    got=$(${MESON_EXE_WRAPPER:-} "$cli" decode "$s" --md5 --cpu-mask "$mask" | tail -n 1) # qemu in cross builds
    if [ "$got" = "$want" ]; then
        echo "OK: $opts"
    else
        echo "FAIL: $opts: $got, FFmpeg $want"
        fail=1
    fi
done
exit $fail
