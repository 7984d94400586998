#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Cross-build rth264 for aarch64 (gcc-aarch64-linux-gnu) and run its tests
# under qemu-user (the cross file's exe_wrapper).
#
#   scripts/test-aarch64.sh [BUILD_DIR] [-- extra meson test args]
#
# BUILD_DIR defaults to $RTH264_AARCH64_BUILD, else build-aarch64 in the tree.
# Runs the suites that exercise the NEON code: checkasm, unit, conformance
# (every stream, SIMD and C), fuzz replay, and the encoder's recon tests
# (reconstruction == decoders' output). qemu is 5-20x slower than native, so
# the rate-control tests (encoder/rc-*, minutes each under qemu, no SIMD of
# their own) and the longest recon cases whose SIMD paths other cases already
# cover (other bitrates, slicing, speed 0) are left out unless
# RTH264_AARCH64_ALL=1; the rest takes about 3 minutes. With
# RTH264_AARCH64_SANITIZE=1 the build uses ASan+UBSan (default directory
# build-aarch64-asan; LeakSanitizer cannot run under qemu and is turned off).
# Prints one "RESULT aarch64:" line; exits non-zero when the build or any
# test fails.
set -u

src_dir=$(cd "$(dirname "$0")/.." && pwd)
setup_args="-Dgst=disabled"
if [ "${RTH264_AARCH64_SANITIZE:-0}" = 1 ]; then
    build_dir=${RTH264_AARCH64_BUILD:-"$src_dir/build-aarch64-asan"}
    setup_args="$setup_args -Db_sanitize=address,undefined -Dbuildtype=debugoptimized"
    export ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
else
    build_dir=${RTH264_AARCH64_BUILD:-"$src_dir/build-aarch64"}
fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    build_dir=$1
    shift
fi
[ "${1:-}" = "--" ] && shift
suites=${RTH264_AARCH64_SUITES:-"checkasm unit conformance fuzz encoder"}
exclude=${RTH264_AARCH64_EXCLUDE:-"encoder/rc- encoder/recon-natural-600k encoder/recon-natural-2500k
    encoder/recon-natural-refs4-speed0 encoder/recon-natural-bitrate-changes
    encoder/recon-natural-slice-max-1200"}
[ "${RTH264_AARCH64_ALL:-0}" = 1 ] && exclude=""

fail() {
    echo "RESULT aarch64: FAIL ($1)"
    exit 1
}

command -v aarch64-linux-gnu-gcc >/dev/null || fail "aarch64-linux-gnu-gcc missing"
command -v qemu-aarch64 >/dev/null || fail "qemu-aarch64 missing"

if [ ! -f "$build_dir/build.ninja" ]; then
    # shellcheck disable=SC2086
    meson setup --cross-file "$src_dir/cross/aarch64-linux-gnu.txt" \
        "$build_dir" "$src_dir" $setup_args || fail "meson setup"
fi
ninja -C "$build_dir" -j2 || fail "build"

# Names of the tests in the chosen suites, minus the excluded prefixes.
list=$(mktemp) || fail "mktemp"
trap 'rm -f "$list"' EXIT
meson introspect --tests "$build_dir" | python3 -c '
import json, sys
suites, exclude = sys.argv[1].split(), sys.argv[2].split()
for t in json.load(sys.stdin):
    in_suite = any(s.split(":")[-1] in suites for s in t["suite"])
    if in_suite and not any(t["name"].startswith(e) for e in exclude):
        print(t["name"])
' "$suites" "$exclude" >"$list" || fail "meson introspect"
count=$(wc -l <"$list")
[ "$count" -gt 0 ] || fail "no tests in suites '$suites'"
echo "aarch64: $count tests from suites: $suites (excluded: ${exclude:-none})"

# One argument per test name (names contain spaces, e.g. "... (C)").
set --
while IFS= read -r name; do
    set -- "$@" "$name"
done <"$list"
if timeout 1500 meson test -C "$build_dir" --num-processes 2 \
        --timeout-multiplier 4 --print-errorlogs "$@"; then
    echo "RESULT aarch64: PASS ($count tests under qemu)"
else
    # A test script that starts the aarch64 CLI itself must go through the
    # wrapper (MESON_EXE_WRAPPER when a build target is among its args,
    # RTH264_EXE_WRAPPER from test_env otherwise): say so when one does not.
    log="$build_dir/meson-logs/testlog.txt"
    if grep -q "Exec format error" "$log" 2>/dev/null; then
        echo "hint: these tests run the aarch64 CLI without \$MESON_EXE_WRAPPER/\$RTH264_EXE_WRAPPER:"
        awk '/^test: /{t=$0} /Exec format error/{print "  " t}' "$log" | sort -u
    fi
    fail "meson test; see $log"
fi
