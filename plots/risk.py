#!/usr/bin/env python3
"""Risk: the distribution of the horizon's service level across replications, with the KPI line.

From a simulate file: table replications (one row per replication: a simulated day
for a one-day scenario), all queues together. The KPI is the first queue's headline
target; the share of replications at or above it is the probability of meeting it.
"""
import numpy as np

import ccplots as cp


def draw(f, args=None):
    sl = cp.table(f, "replications")["service_level"]
    sl = sl[np.isfinite(sl)]
    if len(sl) < 2:
        raise cp.BadInput(f"{f.filename}: replications: {len(sl)} with calls; need >= 2")
    kpi = cp.headline_targets(f)[0]
    days = int(cp.table(f, "interval_times")["day"].max()) + 1
    p_meet = float(np.mean(sl >= kpi))
    fig, ax = cp.figure()
    ax.hist(sl, bins=min(40, max(10, len(sl) // 10)), color="#4c72b0", edgecolor="white",
            label=f"{len(sl)} replications")
    ax.axvline(kpi, **cp.TARGET_STYLE, label=f"KPI {kpi:.0%}: met in {p_meet:.1%} of replications")
    ax.axvline(float(np.mean(sl)), color="black", linewidth=1.2,
               label=f"mean {np.mean(sl):.1%}")
    q5 = float(np.quantile(sl, 0.05))
    ax.axvline(q5, color="#7f7f7f", linestyle=":", linewidth=1.5,
               label=f"5th percentile {q5:.1%}")
    span = "the day's" if days == 1 else f"the {days}-day horizon's"
    ax.set_title(f"Risk: {span} service level across replications\n{cp.subtitle(f)}")
    ax.set_xlabel("service level of one replication (answered within T / offered, all queues)")
    ax.set_ylabel("replications")
    ax.xaxis.set_major_formatter(cp.matplotlib.ticker.PercentFormatter(1.0, decimals=1))
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    cp.script_main(__doc__.splitlines()[0], draw, "simulate")
