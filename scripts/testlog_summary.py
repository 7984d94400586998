#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Count the results in a meson testlog.json: prints "passed failed skipped"
on fd 3 and a per-label line on stdout. A missing or empty log is a failure.
With a third argument, appends each failed test's name and the tail of its
output to that file, so the end of a CI log says what failed and why."""
import json
import os
import sys

path, label = sys.argv[1], sys.argv[2]
report = sys.argv[3] if len(sys.argv) > 3 else None
counts = {"passed": 0, "failed": 0, "skipped": 0}
failed_tests = []
try:
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            entry = json.loads(line)
            result = entry.get("result", "ERROR")
            if result in ("OK", "EXPECTEDFAIL"):
                counts["passed"] += 1
            elif result == "SKIP":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1
                failed_tests.append(entry)
except OSError:
    counts["failed"] = 1
if sum(counts.values()) == 0:
    counts["failed"] = 1  # a run that ran nothing must not look green
print(f"{label}: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
with os.fdopen(3, "w") as out:
    out.write(f"{counts['passed']} {counts['failed']} {counts['skipped']}\n")
if report and failed_tests:
    with open(report, "a") as out:
        for entry in failed_tests:
            out.write(f"--- {label}: {entry.get('name')} ({entry.get('result')}, "
                      f"{entry.get('duration', 0):.1f} s)\n")
            text = (entry.get("stdout") or "") + (entry.get("stderr") or "")
            for tail in text.rstrip().splitlines()[-12:]:
                out.write(f"    {tail}\n")
