# SPDX-License-Identifier: BSD-2-Clause
"""PNG plots for docs/: rate-distortion curves and the bitrate-step trace."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {
    "rth264enc": dict(color="tab:red", marker="o", linewidth=2.2),
    "openh264enc": dict(color="tab:blue", marker="s"),
    "openh264enc usage=screen": dict(color="tab:cyan", marker="s"),
    "x264enc ultrafast": dict(color="tab:green", marker="^"),
    "x264enc veryfast": dict(color="tab:olive", marker="v"),
}

TITLES = {"natural": "720p natural clip", "screen": "1024x768 screen content"}


def rd_curves(rows, sources, path):
    fig, axes = plt.subplots(1, len(sources), figsize=(6.5 * len(sources), 4.8))
    if len(sources) == 1:
        axes = [axes]
    for ax, s in zip(axes, sources):
        names = []
        for r in rows:
            # The C-only and CLI twins give the same curve as rth264enc.
            twin = "cpu-mask" in r["contender"] or "(CLI)" in r["contender"]
            if r["source"] == s.kind and r["contender"] not in names and not twin:
                names.append(r["contender"])
        for name in names:
            pts = sorted((r["kbps"], r["psnr_y"]) for r in rows
                         if r["source"] == s.kind and r["contender"] == name)
            ax.plot([p[0] for p in pts], [p[1] for p in pts], label=name,
                    **STYLE.get(name, {}))
        ax.set_xscale("log")
        ax.set_xlabel("achieved bitrate (kbit/s, log scale)")
        ax.set_ylabel("PSNR-Y (dB, mean of frames)")
        ax.set_title("%s, %d frames" % (TITLES.get(s.kind, s.kind), s.clip.frames))
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def step_trace(step, steps, fps, path):
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(11, 7.5), sharex=True)
    for name, d in step.items():
        st = STYLE.get(name, {})
        kw = dict(color=st.get("color"), linewidth=1.6 if name == "rth264enc" else 1.0,
                  label=name)
        ax1.plot([b / 1000.0 for b in d["bits"]], **kw)
        ax2.plot([q if q is not None else float("nan") for q in d["qp"]], **kw)
        idr_frames = [i for i, x in enumerate(d["idr"]) if x]
        ax1.plot(idr_frames, [d["bits"][i] / 1000.0 for i in idr_frames], "x",
                 color=kw["color"], markersize=8)
    # Target per-frame budget as a staircase.
    xs, ys = [], []
    bounds = [f for f, _ in steps] + [len(next(iter(step.values()))["bits"]) if step else 0]
    for (start, kbps), end in zip(steps, bounds[1:]):
        xs += [start, end]
        ys += [kbps / fps, kbps / fps]
    ax1.plot(xs, ys, "k--", linewidth=1.2, label="target (kbit per frame)")
    for f, _ in steps[1:]:
        for ax in (ax1, ax2):
            ax.axvline(f, color="grey", linestyle=":", linewidth=1)
    ax1.set_yscale("log")
    ax1.set_ylabel("frame size (kbit, log); x = IDR")
    ax2.set_ylabel("slice QP")
    ax2.set_xlabel("frame (%d fps)" % fps)
    ax1.set_title("Bitrate steps %s kbit/s on the 720p clip" %
                  " -> ".join(str(k) for _, k in steps))
    ax1.legend(fontsize=8, ncol=3)
    ax1.grid(True, alpha=0.3)
    ax2.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def frame_times(rows_times, path):
    """Box plot of per-frame encode CPU time per contender (720p)."""
    names = [n for n, t in rows_times.items() if t]   # the CLI has no per-frame times
    if not names:
        return
    fig, ax = plt.subplots(figsize=(9, 4.5))
    ax.boxplot([rows_times[n] for n in names], labels=names, whis=(1, 99),
               showfliers=False)
    ax.axhline(33.3, color="red", linestyle="--", linewidth=1, label="33 ms (30 fps)")
    ax.axhline(10, color="orange", linestyle=":", linewidth=1, label="10 ms")
    ax.set_ylabel("encode CPU time per frame (ms)")
    ax.set_title("720p per-frame encode time, all bitrates and runs (whiskers p1/p99)")
    ax.legend(fontsize=8)
    ax.grid(True, axis="y", alpha=0.3)
    plt.setp(ax.get_xticklabels(), rotation=15, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
