#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Count the results in a meson testlog.json: prints "passed failed skipped"
on fd 3 and a per-label line on stdout. A missing or empty log is a failure."""
import json
import os
import sys

path, label = sys.argv[1], sys.argv[2]
counts = {"passed": 0, "failed": 0, "skipped": 0}
try:
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            result = json.loads(line).get("result", "ERROR")
            if result in ("OK", "EXPECTEDFAIL"):
                counts["passed"] += 1
            elif result == "SKIP":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1
except OSError:
    counts["failed"] = 1
if sum(counts.values()) == 0:
    counts["failed"] = 1  # a run that ran nothing must not look green
print(f"{label}: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
with os.fdopen(3, "w") as out:
    out.write(f"{counts['passed']} {counts['failed']} {counts['skipped']}\n")
