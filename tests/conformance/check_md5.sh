#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Decode one conformance stream with the CLI and compare the MD5 of its
# I420 output with the expected one.
# usage: check_md5.sh RTH264 SET FILE EXPECTED_MD5 CPU_MASK
# Exit 77 (skip) when the shared test data is absent.
# Cross builds: meson test sets MESON_EXE_WRAPPER (qemu) to run the CLI.
cli=$1 set=$2 file=$3 expected=$4 mask=$5
stream="${RTH264_SHARED_DIR:-}/conformance/$set/$file"
if [ -z "${RTH264_SHARED_DIR:-}" ] || [ ! -r "$stream" ]; then
    echo "SKIP: $stream not available"
    exit 77
fi
got=$(${MESON_EXE_WRAPPER:-} "$cli" decode "$stream" --md5 --cpu-mask "$mask") || { echo "FAIL: decoder exited with $?"; exit 1; }
got=$(printf '%s\n' "$got" | tail -n 1)
if [ "$got" != "$expected" ]; then
    echo "FAIL: $file (cpu mask $mask): md5 $got, expected $expected"
    exit 1
fi
echo "OK: $file $got"
