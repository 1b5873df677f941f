#!/usr/bin/env python3
"""Failover timeline around an outage: service level, dropped contacts and backlog per interval.

From a simulate file of a scenario with a site outage (e.g.
scenarios/examples/two-site-failover.cfg). The outage is the file's first incident
(its `incidents` table: a site_down to its site_up or its duration) and is shaded;
the window runs from WINDOW_H hours before it to WINDOW_H hours after it. Dropped:
contacts ended in service by the outage, by arrival interval; backlog: contacts still
waiting at the interval's end; both means per replication.
"""
import datetime

import numpy as np

import ccplots as cp

WINDOW_H = 2.0


def outage(f):
    """(down, up) datetimes of the file's first incident (a site outage)."""
    if "incidents" not in f or len(f["incidents"]) == 0:
        raise cp.BadInput(f"{f.filename}: incidents: no site outage in the results "
                          "(this plot needs an outage)")
    first = f["incidents"][0]
    when = [datetime.datetime.strptime(cp.text(first[k]), "%Y-%m-%dT%H:%M") for k in ("from", "to")]
    return when[0], when[1]


def draw(f, args=None):
    iv = cp.table(f, "intervals")
    qnames = cp.names(cp.table(f, "queues"))[:-1]
    start = cp.interval_starts(f)
    n_i = len(start)
    down, up = outage(f)
    end = up
    pad = datetime.timedelta(hours=WINDOW_H)
    sel = (start >= down - pad) & (start < end + pad)
    t = start[sel]
    width = float(f.attrs["interval_s"]) / 86400.0
    fig, (ax_sl, ax_drop, ax_back) = cp.figure(3, sharex=True)
    targets = cp.headline_targets(f)
    for q, name in enumerate(qnames):
        rows = iv[q * n_i:(q + 1) * n_i][sel]
        sl, h = rows["service_level"], rows["service_level_ci95"]
        line, = ax_sl.plot(t, sl, marker="o", markersize=3, label=name)
        c = line.get_color()
        ax_sl.fill_between(t, sl - h, np.minimum(sl + h, 1.0), color=c, alpha=0.2, linewidth=0)
        off = (q - (len(qnames) - 1) / 2) * width / len(qnames)
        ax_drop.bar(cp.mdates.date2num(t) + width / 2 + off, rows["dropped"],
                    width=width / len(qnames), color=c, label=name)
        ax_back.step(t, rows["backlog"], where="post", color=c, label=name)
    for share in sorted(set(targets.values())):
        ax_sl.axhline(share, **cp.TARGET_STYLE, label=f"target {share:.0%}")
    for ax in (ax_sl, ax_drop, ax_back):
        ax.axvspan(down, end, color="#999999", alpha=0.2,
                   label="site down" if ax is ax_sl else None)
    ax_sl.set_ylabel("service level")
    cp.percent_axis(ax_sl)
    ax_sl.set_ylim(0, 1.02)
    ax_sl.legend(loc="lower left", ncol=4, fontsize=9)
    ax_drop.set_ylabel("dropped\n(contacts)")
    ax_drop.set_title("contacts in service at the failed site, cut off (by arrival interval)",
                      loc="left", fontsize=10)
    ax_back.set_ylabel("backlog\n(contacts)")
    ax_back.set_title("queue length: contacts still waiting at the interval's end",
                      loc="left", fontsize=10)
    ax_back.set_xlabel(f"interval start, {down:%a %d %b %Y}")
    ax_back.xaxis.set_major_formatter(cp.mdates.DateFormatter("%H:%M"))
    ax_back.xaxis.set_major_locator(cp.mdates.HourLocator())
    ax_drop.set_ylim(bottom=0)
    ax_back.set_ylim(bottom=0)
    span = f"{down:%H:%M}-{up:%H:%M}"
    fig.suptitle(f"Failover timeline: site down {span}, {f.attrs['interval_s'] / 60:g}-minute "
                 f"intervals\n{cp.subtitle(f)}")
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    cp.script_main(__doc__.splitlines()[0], draw, "simulate")
