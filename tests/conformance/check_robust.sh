#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Decode a damaged or unsupported stream to its end: the decoder must exit
# with 0 (damage is reported, not fatal), and must not crash or hang (the
# meson timeout catches hangs).
# usage: check_robust.sh RTH264 SET FILE CPU_MASK [MIN_FRAMES]
# Cross builds: meson test sets MESON_EXE_WRAPPER (qemu) to run the CLI.
cli=$1 set=$2 file=$3 mask=$4 min_frames=${5:-0}
stream="${RTH264_SHARED_DIR:-}/conformance/$set/$file"
if [ -z "${RTH264_SHARED_DIR:-}" ] || [ ! -r "$stream" ]; then
    echo "SKIP: $stream not available"
    exit 77
fi
# Decode to a file, not a pipe: the exit status must be the decoder's (a
# crash or an abort under ASan has to fail the test).
tmp=$(mktemp "${TMPDIR:-/tmp}/rth264-robust.XXXXXX") || exit 1
trap 'rm -f "$tmp"' EXIT
${MESON_EXE_WRAPPER:-} "$cli" decode "$stream" -o "$tmp" --cpu-mask "$mask"
rc=$?
out=$(wc -c <"$tmp")
if [ $rc -ne 0 ]; then
    echo "FAIL: $file: exit code $rc"
    exit 1
fi
echo "OK: $file decoded to its end, $out bytes of I420"
if [ "$out" -lt "$min_frames" ]; then
    echo "FAIL: fewer output bytes than $min_frames"
    exit 1
fi
