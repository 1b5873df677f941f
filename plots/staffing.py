#!/usr/bin/env python3
"""Agents required vs rostered by interval, all queues together, from a plan file.

Required: the plan's `agents` (fewest meeting the targets); rostered: `fixed_agents`
(the agents a fixed FTE puts on duty: --fte or workforce.fte_available).
"""
import datetime

import numpy as np

import ccplots as cp


def draw(f, args=None):
    iv = cp.table(f, "intervals")
    n_q = len(cp.table(f, "queues")) - 1          # the last row is "all"
    n_i = len(iv) // n_q
    start = cp.times(iv["start"][:n_i])
    required = iv["agents"].reshape(n_q, n_i).sum(axis=0)
    fig, ax = cp.figure()
    ax.step(start, required, where="post", color="#1f77b4", linewidth=1.8,
            label="required (meets the targets)")
    title = "Agents required vs rostered by interval"
    if "fixed_agents" in iv.dtype.names:
        rostered = iv["fixed_agents"].reshape(n_q, n_i).sum(axis=0)
        ax.step(start, rostered, where="post", color="#2ca02c", linewidth=1.8,
                label=f"rostered ({float(f.attrs['fixed_fte']):.2f} FTE)")
        short = rostered < required
        if short.any():
            ax.fill_between(start, rostered, required, where=short, step="post",
                            color="#d62728", alpha=0.25,
                            label=f"short of required ({int(short.sum())} intervals)")
    else:
        title = "Agents required by interval (no fixed FTE in this plan: rostered not shown)"
    ax.set_title(f"{title}\n{cp.subtitle(f)}, {n_q} queue(s)")
    ax.set_xlabel("interval start")
    ax.set_ylabel("agents on duty")
    ax.set_ylim(bottom=0)
    open_i = np.flatnonzero(iv["calls"].reshape(n_q, n_i).sum(axis=0) > 0)
    if len(open_i):                      # from the first to the last open interval
        pad = datetime.timedelta(hours=2)
        ax.set_xlim(start[open_i[0]] - pad, start[open_i[-1]] + pad)
    cp.time_axis(ax, (start[-1] - start[0]).total_seconds() / 86400.0)
    ax.legend(loc="upper right")
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    cp.script_main(__doc__.splitlines()[0], draw, "plan")
