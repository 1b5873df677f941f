#!/usr/bin/env python3
"""Service level against agents for one interval: Erlang C, Erlang A and simulated.

The simulated points come from one or more simulate files of the same scenario with
different agents (make plots runs scenarios/ref-erlang-a.cfg at 80-96 agents): each
gives the interval's agents on duty (table staffing, all groups) and its simulated
service level with the 95% interval. The analytic curves are exact stationary Erlang C
and Erlang A values from `ccsim erlang --json` (this script's only call of ccsim),
for the interval's planned calls, the handling time (--aht, default the interval's
simulated AHT), the interval length and the queue's headline T; Erlang A only with
--patience (the scenario's mean patience, which the results file does not hold).
"""
import argparse
import json
import os
import subprocess

import numpy as np

import ccplots as cp

SPAN = 8   # agents drawn either side of the simulated ones


def ccsim_path():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("CCSIM") or os.path.join(here, "..", "build", "ccsim")


def erlang_sl(ccsim, calls, aht, interval_min, within, agents, patience=None):
    cmd = [ccsim, "erlang", "--calls", repr(calls), "--aht", repr(aht), "--interval",
           repr(interval_min), "--agents", str(agents), "--within", repr(within), "--json"]
    if patience:
        cmd += ["--patience", repr(patience)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise cp.BadInput(f"{' '.join(cmd)}: {r.stderr.strip()}")
    return json.loads(r.stdout)["service_level"]


def pick_interval(f, queue, at):
    iv = cp.table(f, "intervals")
    start = cp.interval_starts(f)
    n_i = len(start)
    rows = iv[queue * n_i:(queue + 1) * n_i]
    if at is None:
        return int(np.argmax(rows["calls_planned"])), start
    hits = [i for i, s in enumerate(start) if s.strftime("%H:%M") == at and rows["calls_planned"][i] > 0]
    if not hits:
        raise cp.BadInput(f"{f.filename}: --at {at}: no open interval starts then "
                          "(accepted: an open interval's start, HH:MM)")
    return hits[0], start


def point(f, queue, i, n_i):
    q = cp.table(f, "intervals")[queue * n_i + i]
    st = cp.table(f, "staffing")
    agents = sum(float(r["agents_planned"]) for r in st if int(r["interval"]) == i)
    return agents, float(q["service_level"]), float(q["service_level_ci95"]), q


def draw(files, args):
    f0 = files[0]
    qnames = cp.names(cp.table(f0, "queues"))[:-1]
    queue = qnames.index(args.queue) if args.queue else 0
    i, start = pick_interval(f0, queue, args.at)
    n_i = len(start)
    pts = [point(f, queue, i, n_i) for f in files]
    calls = float(pts[0][3]["calls_planned"])
    for f, p in zip(files, pts):
        if float(p[3]["calls_planned"]) != calls:
            raise cp.BadInput(f"{f.filename}: intervals.calls_planned: {p[3]['calls_planned']} "
                              f"in interval {i}, not {calls} as in {f0.filename} (same scenario needed)")
    aht = args.aht or float(pts[0][3]["aht_s"])
    interval_min = float(f0.attrs["interval_s"]) / 60.0
    within = [float(r["within_s"]) for r in cp.table(f0, "targets")
              if int(r["queue"]) == queue and int(r["target"]) == 1][0]
    share = cp.headline_targets(f0)[queue]
    load = calls * aht / (interval_min * 60.0)
    sim_agents = [p[0] for p in pts]
    lo, hi = max(1, int(min(sim_agents)) - SPAN), int(max(sim_agents)) + SPAN
    fig, ax = cp.figure()
    ns = np.arange(max(lo, int(np.floor(load)) + 1), hi + 1)
    ax.plot(ns, [erlang_sl(args.ccsim, calls, aht, interval_min, within, n) for n in ns],
            color="#1f77b4", linewidth=1.8, label="Erlang C (no abandonment)")
    if args.patience:
        na = np.arange(lo, hi + 1)
        ax.plot(na, [erlang_sl(args.ccsim, calls, aht, interval_min, within, n, args.patience)
                     for n in na], color="#ff7f0e", linewidth=1.8,
                label=f"Erlang A (patience {args.patience:g} s)")
    order = np.argsort(sim_agents)
    ax.errorbar(np.array(sim_agents)[order], [pts[k][1] for k in order],
                yerr=[pts[k][2] for k in order], fmt="o", color="black", capsize=4,
                label=f"simulated, 95% interval ({len(files)} run(s))")
    ax.axhline(share, **cp.TARGET_STYLE, label=f"target {share:.0%} within {within:g} s")
    ax.set_title(f"Service level against agents, {qnames[queue]}, interval "
                 f"{start[i]:%a %d %b %H:%M}\n{calls:g} calls, AHT {aht:.0f} s "
                 f"({load:.1f} Erlang), {interval_min:g}-minute interval; {cp.subtitle(f0)}")
    ax.set_xlabel("agents on duty")
    ax.set_ylabel("service level (answered within T / offered)")
    cp.percent_axis(ax)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("results", nargs="+", help="results files of ccsim simulate --out (same scenario)")
    p.add_argument("--out", required=True, help="output prefix: writes PREFIX.png and PREFIX.svg")
    p.add_argument("--at", help="the interval's start, HH:MM (default: the busiest interval)")
    p.add_argument("--queue", help="queue name (default: the first queue)")
    p.add_argument("--aht", type=float, help="handling time for the Erlang curves, s")
    p.add_argument("--patience", type=float, help="mean patience, s: also draw Erlang A")
    p.add_argument("--ccsim", default=ccsim_path(), help="the ccsim binary (default: $CCSIM or build/ccsim)")
    args = p.parse_args()
    if args.aht is not None and not args.aht > 0:
        cp.fail(f"--aht {args.aht}: accepted range > 0 s")
    if args.patience is not None and not args.patience > 0:
        cp.fail(f"--patience {args.patience}: accepted range > 0 s")
    files = []
    try:
        for r in args.results:
            files.append(cp.open_results(r, "simulate"))
        if args.queue and args.queue not in cp.names(cp.table(files[0], "queues"))[:-1]:
            raise cp.BadInput(f"{args.results[0]}: --queue {args.queue}: no such queue")
        print(cp.save(draw(files, args), args.out))
    except cp.BadInput as e:
        cp.fail(str(e))
    finally:
        for f in files:
            f.close()


if __name__ == "__main__":
    main()
