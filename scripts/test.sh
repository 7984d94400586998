#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Build rth264 in every configuration CI checks and run the whole test suite:
#   native (asm on), native without asm, ASan+UBSan, aarch64 cross under qemu,
#   and a bounded libFuzzer run.
# Ends with "N passed, N failed" and exits non-zero on any failure.
# Installs missing Debian packages first (needs root / sudo).
# Environment: RTH264_SHARED_DIR (default ../shared), RTH264_FUZZ_SECONDS (default 60),
#              RTH264_STAGES (default "native noasm sanitize aarch64 fuzz").
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
export RTH264_SHARED_DIR=${RTH264_SHARED_DIR:-$(cd "$top/.." && pwd)/shared}
stages=${RTH264_STAGES:-native noasm sanitize aarch64 fuzz}
out=${RTH264_CI_BUILD:-$top/build-ci}
PY=/usr/bin/python3
passed=0 failed=0 skipped=0
failures=()

log() { printf '\n==== %s\n' "$*"; }

# Add the results of one meson build's testlog.json to the totals.
count_meson() {
  local dir=$1 label=$2 p f s
  read -r p f s < <($PY "$top/scripts/testlog_summary.py" "$dir/meson-logs/testlog.json" "$label" "$out/failed-tests.txt" 3>&1 1>&2) || { p=0; f=1; s=0; }
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ "$f" -eq 0 ] || failures+=("$label")
}

# One explicit pass/fail step that is not a meson test (a build, a fuzz run).
step() {
  local label=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$label"); echo "FAILED: $label"; fi
}

meson_build() { # dir, meson args...
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$top" "$@" >/dev/null
  fi && ninja -C "$dir" -j"$(nproc)" >"$dir.ninja.log" 2>&1 || { tail -40 "$dir.ninja.log"; return 1; }
}

run_meson_tests() { # dir label [meson test args]
  local dir=$1 label=$2; shift 2
  meson test -C "$dir" --print-errorlogs --num-processes "$(nproc)" "$@" >"$dir.test.log" 2>&1
  grep -E '^ *[0-9]+/[0-9]+ ' "$dir.test.log" | grep -vE ' OK | SKIP ' | head -40
  count_meson "$dir" "$label"
}

log "dependencies"
"$top/scripts/install-deps.sh" test || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$out"
rm -f "$out/failed-tests.txt"

for stage in $stages; do
  case $stage in
  native)
    log "native build (asm on)"
    if meson_build "$out/native" -Dasm=auto -Dtests=true -Dshared_dir="$RTH264_SHARED_DIR"; then
      passed=$((passed + 1)); run_meson_tests "$out/native" native
    else failed=$((failed + 1)); failures+=("native build"); fi ;;
  noasm)
    log "native build, asm disabled"
    if meson_build "$out/noasm" -Dasm=disabled -Dgst=disabled -Dshared_dir="$RTH264_SHARED_DIR"; then
      passed=$((passed + 1)); run_meson_tests "$out/noasm" noasm --no-suite gst --no-suite bench
    else failed=$((failed + 1)); failures+=("noasm build"); fi ;;
  sanitize)
    log "ASan+UBSan build (asm on)"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    if meson_build "$out/sanitize" -Db_sanitize=address,undefined -Db_lundef=false -Dgst=disabled \
         -Dbuildtype=debugoptimized -Dshared_dir="$RTH264_SHARED_DIR"; then
      passed=$((passed + 1)); run_meson_tests "$out/sanitize" sanitize --no-suite gst --no-suite bench --timeout-multiplier 4
    else failed=$((failed + 1)); failures+=("sanitize build"); fi ;;
  aarch64)
    log "aarch64 cross build under qemu"
    if [ -x "$top/scripts/test-aarch64.sh" ]; then
      if RTH264_AARCH64_BUILD="$out/aarch64" "$top/scripts/test-aarch64.sh"; then :; fi
      if [ -f "$out/aarch64/meson-logs/testlog.json" ]; then count_meson "$out/aarch64" aarch64
      else failed=$((failed + 1)); failures+=("aarch64"); fi
    else echo "scripts/test-aarch64.sh missing"; failed=$((failed + 1)); failures+=("aarch64"); fi ;;
  fuzz)
    log "libFuzzer (ASan+UBSan)"
    if [ -x "$top/scripts/fuzz.sh" ]; then
      step "fuzz" env RTH264_FUZZ_BUILD="$out/fuzz" "$top/scripts/fuzz.sh" "${RTH264_FUZZ_SECONDS:-60}"
    else echo "scripts/fuzz.sh missing"; failed=$((failed + 1)); failures+=("fuzz"); fi ;;
  *) echo "unknown stage $stage"; failed=$((failed + 1)) ;;
  esac
done

echo
# Repeated here because CI shows only the end of the log.
[ -s "$out/failed-tests.txt" ] && { echo "failed tests:"; cat "$out/failed-tests.txt"; }
[ ${#failures[@]} -eq 0 ] || echo "failing: ${failures[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
