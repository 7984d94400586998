#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Build the decoder fuzzer with clang (libFuzzer + ASan + UBSan) and run it for
# a bounded time, seeded with the conformance streams (Annex B mode byte added).
# Crashes are saved under tests/fuzz/ as crash-*; turn each into a file in
# tests/fuzz/regressions/ once fixed.  Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
secs=${1:-60}
build=${RTH264_FUZZ_BUILD:-$top/build-fuzz}
shared=${RTH264_SHARED_DIR:-$(cd "$top/.." && pwd)/shared}
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$top" -Dfuzzer=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dgst=disabled -Dbuildtype=debugoptimized -Dasm=auto >"$build.setup.log" 2>&1 ||
    { tail -20 "$build.setup.log"; exit 1; }
fi
ninja -C "$build" tests/fuzz/fuzz_decoder >"$build.ninja.log" 2>&1 || { tail -30 "$build.ninja.log"; exit 1; }

corpus=$build/corpus
mkdir -p "$corpus"
if [ -d "$shared/conformance" ]; then
  for f in "$shared"/conformance/baseline/*.{264,jsv,h264} "$shared"/conformance/damaged/*.264; do
    [ -f "$f" ] || continue
    # Keep seeds small: the fuzzer mutates better on short inputs.
    { printf '\000'; head -c 8192 "$f"; } >"$corpus/$(basename "$f").seed"
  done
fi
cp -f "$top"/tests/fuzz/regressions/* "$corpus"/ 2>/dev/null || true
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
echo "fuzz: ${secs}s on $(ls "$corpus" | wc -l) seeds"
"$build/tests/fuzz/fuzz_decoder" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
  -max_len=32768 -print_final_stats=1 -artifact_prefix="$top/tests/fuzz/" "$corpus" 2>&1 | tail -15
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] && echo "fuzz: no crash" || echo "fuzz: FAILED (artifacts in tests/fuzz/)"
exit "$status"
