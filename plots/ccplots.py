"""ccplots: reading ccsim results files and drawing them, shared by the plot scripts.

Every plot script in this folder reads only the HDF5 files that `ccsim simulate --out`
and `ccsim plan --out` write (their layout: docs/results.md) and never re-runs the
model; the one exception is the analytic curve of sl_vs_agents.py, which asks
`ccsim erlang --json` for exact Erlang C/A values. Each script draws one figure of
FIG_W_PX x FIG_H_PX pixels and writes it as PREFIX.png and PREFIX.svg. Bad input (a
missing file, a file of the wrong kind, an interval that does not exist) ends the
script with one line on stderr and exit status 1.
"""
import argparse
import datetime
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.patches  # noqa: E402,F401
import matplotlib.ticker  # noqa: E402,F401
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import h5py  # noqa: E402

FIG_W_PX, FIG_H_PX, DPI = 1000, 560, 100
plt.rcParams.update({
    "font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11, "legend.fontsize": 10,
    "axes.grid": True, "grid.alpha": 0.3, "svg.hashsalt": "ccsim", "svg.fonttype": "none",
})
TARGET_STYLE = dict(color="#c0392b", linestyle="--", linewidth=1.5)


class BadInput(Exception):
    """A results file that cannot be drawn; the message names the file and field."""


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def text(v):
    """An HDF5 string attribute or column value as str."""
    return v.decode() if isinstance(v, bytes) else str(v)


def open_results(path, kind):
    """Opens a results file and checks it is of kind 'simulate' or 'plan'."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise BadInput(f"{path}: cannot open as HDF5 ({e.strerror or e})")
    is_plan = "method" in f.attrs
    if "format_version" not in f.attrs or "intervals" not in f:
        raise BadInput(f"{path}: format_version: not a ccsim results file (expected the "
                       "output of ccsim simulate --out or ccsim plan --out)")
    if (kind == "plan") != is_plan:
        want = "ccsim plan --out" if kind == "plan" else "ccsim simulate --out"
        raise BadInput(f"{path}: method: this plot needs the file of {want}")
    return f


def table(f, name):
    if name not in f:
        raise BadInput(f"{f.filename}: {name}: table missing (see docs/results.md)")
    return f[name][:]


def names(rows, column="name"):
    return [text(v) for v in rows[column]]


def times(strings):
    """ISO 'YYYY-MM-DDTHH:MM' strings as datetimes."""
    return np.array([datetime.datetime.strptime(text(s), "%Y-%m-%dT%H:%M") for s in strings])


def interval_starts(f):
    """The start of every interval of a simulate file's horizon (table interval_times)."""
    return times(table(f, "interval_times")["start"])


def headline_targets(f):
    """Each queue's headline target share (simulate file, table targets), by queue."""
    t = table(f, "targets")
    return {int(r["queue"]): float(r["share"]) for r in t if int(r["target"]) == 1}


def figure(nrows=1, ncols=1, sharex=False, **kw):
    return plt.subplots(nrows, ncols, figsize=(FIG_W_PX / DPI, FIG_H_PX / DPI), dpi=DPI,
                        sharex=sharex, **kw)


def time_axis(ax, span_days):
    if span_days <= 1.01:
        ax.xaxis.set_major_locator(mdates.HourLocator(interval=1 if span_days < 0.5 else 2))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    else:
        ax.xaxis.set_major_locator(mdates.DayLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b"))


def percent_axis(ax):
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))


def subtitle(f):
    a = f.attrs
    if "method" in a:
        return f"{text(a['scenario_name'])}: plan ({text(a['method'])})"
    return (f"{text(a['scenario_name'])}: {int(a['replications'])} replications, "
            f"seed {int(a['seed'])}")


def save(fig, prefix):
    """Writes PREFIX.png and PREFIX.svg at the fixed size; returns the PNG's path."""
    d = os.path.dirname(prefix)
    if d:
        os.makedirs(d, exist_ok=True)
    fig.set_size_inches(FIG_W_PX / DPI, FIG_H_PX / DPI)
    fig.savefig(prefix + ".png", dpi=DPI)
    fig.savefig(prefix + ".svg", metadata={"Date": None})
    plt.close(fig)
    return prefix + ".png"


def script_main(description, draw, kind, add_args=None):
    """The command line every plot script shares: FILE.h5 --out PREFIX [options]."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("results", help=f"results file of ccsim {kind} --out")
    p.add_argument("--out", required=True, help="output prefix: writes PREFIX.png and PREFIX.svg")
    if add_args:
        add_args(p)
    args = p.parse_args()
    try:
        with open_results(args.results, kind) as f:
            fig = draw(f, args)
            print(save(fig, args.out))
    except BadInput as e:
        fail(str(e))
