#!/usr/bin/env python3
"""Simulated service level by interval with its 95% band and the target line, per queue.

From a simulate file: intervals.service_level and service_level_ci95 (answered within
T / offered); the target is each queue's headline target (table targets). Closed
intervals (no calls, NaN) are gaps.
"""
import numpy as np

import ccplots as cp


def draw(f, args=None):
    iv = cp.table(f, "intervals")
    qnames = cp.names(cp.table(f, "queues"))[:-1]
    start = cp.interval_starts(f)
    n_i = len(start)
    targets = cp.headline_targets(f)
    fig, ax = cp.figure()
    for q, name in enumerate(qnames):
        rows = iv[q * n_i:(q + 1) * n_i]
        sl, h = rows["service_level"], rows["service_level_ci95"]
        line, = ax.plot(start, sl, marker="o", markersize=3, linewidth=1.6, label=name)
        ax.fill_between(start, sl - h, np.minimum(sl + h, 1.0), color=line.get_color(),
                        alpha=0.25, linewidth=0, label=f"{name}: 95% interval")
    for share in sorted(set(targets.values())):
        ax.axhline(share, **cp.TARGET_STYLE, label=f"target {share:.0%} within "
                   f"{float(f.attrs['answer_within_s']):g} s")
    ax.set_title(f"Service level by interval (answered within T / offered)\n{cp.subtitle(f)}")
    ax.set_xlabel("interval start")
    ax.set_ylabel("service level")
    cp.percent_axis(ax)
    ax.set_ylim(max(0.0, min(0.5, np.nanmin(iv["service_level"]) - 0.05)), 1.01)
    cp.time_axis(ax, (start[-1] - start[0]).total_seconds() / 86400.0)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=min(4, 2 * len(qnames) + 1),
               fontsize=9)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


if __name__ == "__main__":
    cp.script_main(__doc__.splitlines()[0], draw, "simulate")
