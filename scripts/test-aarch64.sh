#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Cross-build rth264 for aarch64 (gcc-aarch64-linux-gnu) and run its tests
# under qemu-user (the cross file's exe_wrapper).
#
#   scripts/test-aarch64.sh [BUILD_DIR] [-- extra meson test args]
#
# BUILD_DIR defaults to $RTH264_AARCH64_BUILD, else build-aarch64 in the tree.
# qemu is 10-50x slower than native, so only the suites that exercise the NEON
# code and the baseline decoder run: checkasm, unit, and conformance suites
# whose name contains "baseline" ($RTH264_AARCH64_SUITES overrides the list;
# an entry matches every suite whose name contains it). Prints one
# "RESULT aarch64:" line; exits non-zero when the build or any test fails.
set -u

src_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${RTH264_AARCH64_BUILD:-"$src_dir/build-aarch64"}
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    build_dir=$1
    shift
fi
[ "${1:-}" = "--" ] && shift
wanted=${RTH264_AARCH64_SUITES:-"checkasm unit baseline"}

fail() {
    echo "RESULT aarch64: FAIL ($1)"
    exit 1
}

command -v aarch64-linux-gnu-gcc >/dev/null || fail "aarch64-linux-gnu-gcc missing"
command -v qemu-aarch64 >/dev/null || fail "qemu-aarch64 missing"

if [ ! -f "$build_dir/build.ninja" ]; then
    meson setup --cross-file "$src_dir/cross/aarch64-linux-gnu.txt" \
        "$build_dir" "$src_dir" -Dgst=disabled || fail "meson setup"
fi
ninja -C "$build_dir" -j2 || fail "build"

# The registered suites (without the project prefix) that match the list.
suites=$(meson introspect --tests "$build_dir" | python3 -c '
import json, sys
wanted = sys.argv[1].split()
found = sorted({s.split(":")[-1] for t in json.load(sys.stdin) for s in t["suite"]})
print(" ".join(s for s in found if any(w in s for w in wanted)))
' "$wanted") || fail "meson introspect"
if [ -z "$suites" ]; then
    fail "no test suite matches '$wanted'"
fi
suite_args=""
for s in $suites; do
    suite_args="$suite_args --suite $s"
done
echo "aarch64: running suites: $suites"

# shellcheck disable=SC2086
if timeout 1200 meson test -C "$build_dir" --num-processes 2 \
        --timeout-multiplier 4 --print-errorlogs $suite_args "$@"; then
    echo "RESULT aarch64: PASS (suites: $suites)"
else
    fail "meson test; see $build_dir/meson-logs/testlog.txt"
fi
