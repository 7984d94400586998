#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Install the Debian 12 packages rth264 needs, skipping those already there.
# Needs root (apt-get); uses sudo when run as another user.
# Usage: scripts/install-deps.sh [build|test|bench]   (default: test = everything)
set -euo pipefail
profile=${1:-test}

build_pkgs=(meson ninja-build nasm pkg-config gcc libc6-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-tools
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-libav ffmpeg python3 python3-numpy time)
test_pkgs=(gstreamer1.0-plugins-ugly x264 gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  qemu-user clang libclang-rt-14-dev valgrind gstreamer1.0-nice
  python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-gst-plugins-bad-1.0)
bench_pkgs=(hyperfine python3-matplotlib)

pkgs=("${build_pkgs[@]}")
case "$profile" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
