#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Entry point of the benchmark harness: picks a Python that has numpy,
# matplotlib and GStreamer's gi bindings (Debian's /usr/bin/python3 when a
# pyenv or venv python without them comes first in PATH), then runs run.py.
# Usage: tests/bench/run.sh [--build DIR] [--quick] [--runs N] [--only dec|enc|step] ...
here=$(dirname "$0")
check='import numpy, matplotlib, gi; gi.require_version("Gst", "1.0")'
for py in "${RTH264_BENCH_PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$py" ] || continue
    if "$py" -c "$check" 2>/dev/null; then
        exec "$py" "$here/run.py" "$@"
    fi
done
echo "run.sh: no python3 with numpy, matplotlib and gi (GStreamer) found;" >&2
echo "        apt-get install python3-numpy python3-matplotlib python3-gi gir1.2-gstreamer-1.0" >&2
exit 1
