# SPDX-License-Identifier: BSD-2-Clause
"""Shared helpers of the benchmark harness: paths, process CPU timing, logging.

Timing rule of this harness: the machine is shared and noisy, so every number
is CPU time (user+sys of the measured process, from wait4's rusage), never wall
time, and every contender runs single-threaded.
"""
import math
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

VERBOSE = False


def log(msg):
    """Progress line on stderr (stdout stays free for piped data)."""
    sys.stderr.write("[bench %s] %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


def debug(msg):
    if VERBOSE:
        log(msg)


def shared_dir():
    """The shared test data folder: $RTH264_SHARED_DIR or ../shared beside the tree."""
    env = os.environ.get("RTH264_SHARED_DIR")
    if env:
        return env
    return os.path.normpath(os.path.join(SOURCE_ROOT, "..", "shared"))


class RunError(RuntimeError):
    pass


# No single measured run may take longer: a hung pipeline (an element that
# errors out during preroll can leave gst-launch waiting forever) is killed.
RUN_TIMEOUT = 600


class Watchdog:
    """Kill a process if it is still running after `seconds`."""

    def __init__(self, proc, seconds=RUN_TIMEOUT):
        self.proc, self.fired = proc, False
        self.timer = threading.Timer(seconds, self._kill)
        self.timer.daemon = True

    def _kill(self):
        self.fired = True
        try:
            self.proc.kill()
        except OSError:
            pass

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()


def run_timed(cmd, stdout=subprocess.DEVNULL, stdin=None, env=None, check=True,
              timeout=RUN_TIMEOUT):
    """Run cmd and return (cpu_seconds, wall_seconds, returncode).

    cpu_seconds is user+sys of the child and all its threads, taken from
    wait4()'s rusage so nothing else on the machine is counted.
    """
    debug("run: " + " ".join(cmd))
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=stdout, stdin=stdin,
                            stderr=subprocess.PIPE, env=env)
    with Watchdog(proc, timeout) as dog:
        # Drain stderr in full before wait4 so a chatty child cannot block.
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if dog.fired:
        raise RunError("timed out after %d s: %s" % (timeout, " ".join(cmd)))
    if check and proc.returncode != 0:
        raise RunError("command failed (%d): %s\n%s" %
                       (proc.returncode, " ".join(cmd),
                        err.decode(errors="replace")[-2000:]))
    return usage.ru_utime + usage.ru_stime, wall, proc.returncode


def run(cmd, **kw):
    """subprocess.run with a readable error on failure."""
    debug("run: " + " ".join(cmd))
    res = subprocess.run(cmd, stdout=kw.pop("stdout", subprocess.PIPE),
                         stderr=subprocess.PIPE, **kw)
    if res.returncode != 0:
        raise RunError("command failed (%d): %s\n%s" %
                       (res.returncode, " ".join(cmd),
                        res.stderr.decode(errors="replace")[-2000:]))
    return res


def median(values):
    return statistics.median(values) if values else float("nan")


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100); None for an empty list."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
    return s[k]


def need_tools(*names):
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        raise RunError("missing tools: " + ", ".join(missing))


def gst_env(build_dir):
    """Environment for gst-launch / gi with the build's plugin folder added."""
    env = dict(os.environ)
    gst_dir = os.path.join(build_dir, "gst") if build_dir else None
    if gst_dir and os.path.isdir(gst_dir):
        old = env.get("GST_PLUGIN_PATH_1_0") or env.get("GST_PLUGIN_PATH")
        env["GST_PLUGIN_PATH_1_0"] = gst_dir + (os.pathsep + old if old else "")
        # A private registry so a stale system cache never hides a rebuilt plugin.
        env["GST_REGISTRY_1_0"] = os.path.join(build_dir, "bench-gst-registry.bin")
    return env


def gst_has_element(name, env):
    # Not "--exists": it also demands a plugin version >= GStreamer's own
    # (1.22), which rth264 (0.1) does not have.
    res = subprocess.run(["gst-inspect-1.0", name], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return res.returncode == 0


def frame_size_i420(width, height):
    return width * height + 2 * ((width + 1) // 2) * ((height + 1) // 2)
