#!/usr/bin/env python3
"""FTE and yearly cost per channel, queue by queue, from a plan file.

Tables channels (the channel totals, in the legend) and queues (one bar per queue,
coloured by its channel). Cost is staff cost plus contact cost per year
(docs/results.md); without a workforce section FTE is NaN and this plot refuses.
"""
import numpy as np

import ccplots as cp


def draw(f, args=None):
    ch = cp.table(f, "channels")[:-1]                  # the last row is "all"
    qs = cp.table(f, "queues")[:-1]
    if not np.all(np.isfinite(ch["fte"])):
        raise cp.BadInput(f"{f.filename}: channels.fte: NaN (the scenario has no workforce section)")
    chans = cp.names(ch)
    colours = {c: cp.plt.cm.tab10(k) for k, c in enumerate(chans)}
    order = sorted(range(len(qs)), key=lambda k: (chans.index(cp.text(qs[k]["channel"])), qs[k]["fte"]))
    y = np.arange(len(order))
    fig, (ax_fte, ax_cost) = cp.figure(ncols=2, sharey=True)
    for ax, col in ((ax_fte, "fte"), (ax_cost, "cost")):
        vals = [float(qs[k][col]) for k in order]
        ax.barh(y, vals, color=[colours[cp.text(qs[k]["channel"])] for k in order])
        for yi, v in zip(y, vals):
            ax.annotate(f" {v:,.1f}" if col == "fte" else f" {v / 1e3:,.0f}k", (v, yi),
                        va="center", fontsize=9)
        ax.set_xlim(0, max(vals) * 1.2)
    ax_fte.set_yticks(y, [cp.text(qs[k]["name"]) for k in order])
    ax_fte.set_xlabel("FTE")
    ax_cost.set_xlabel("staff + contact cost per year (scenario currency)")
    ax_cost.xaxis.set_major_formatter(cp.matplotlib.ticker.FuncFormatter(lambda v, _: f"{v / 1e3:,.0f}k"))
    handles = [cp.matplotlib.patches.Patch(color=colours[c], label=f"{c}: {r['fte']:,.1f} FTE, "
                                           f"{r['cost']:,.0f} a year") for c, r in zip(chans, ch)]
    fig.legend(handles=handles, title="channel total", loc="lower center",
               ncol=min(4, len(handles)), fontsize=9, title_fontsize=9)
    ax_fte.set_title("FTE per queue")
    ax_cost.set_title("Cost per year per queue")
    fig.suptitle(f"FTE and cost per channel\n{cp.subtitle(f)}")
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


if __name__ == "__main__":
    cp.script_main(__doc__.splitlines()[0], draw, "plan")
