#!/usr/bin/env python3
"""One self-contained HTML page for one run: summary tables, assumptions and plots.

Reads a results file of `ccsim simulate --out` or `ccsim plan --out` and writes an
HTML page with no external references: the plots are embedded as base64 PNG, there is
no script and no style sheet outside the page. The page is written under a temporary
name and renamed when complete.
"""
import argparse
import base64
import html
import io
import os
import sys

import numpy as np

import ccplots as cp
import failover
import fte_cost
import risk
import service_level
import staffing

CSS = """body{font-family:sans-serif;max-width:1040px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.25em .6em}
td{text-align:right;white-space:nowrap}td:first-child,th{text-align:left}th{background:#eee}
img{max-width:100%;border:1px solid #ddd;margin:.5em 0}pre{background:#f6f6f6;padding:1em;overflow:auto}"""


def fmt(v, kind):
    if isinstance(v, (bytes, str)):
        return html.escape(cp.text(v))
    v = float(v)
    if not np.isfinite(v):
        return "&ndash;"
    return {"i": f"{v:.0f}", "pct": f"{v:.1%}", "s": f"{v:.1f}", "n": f"{v:,.1f}", "money": f"{v:,.0f}"}[kind]


def html_table(rows, cols):
    """cols: (header, column, kind[, ci95 column])."""
    out = ["<table><tr>" + "".join(f"<th>{html.escape(c[0])}</th>" for c in cols) + "</tr>"]
    for r in rows:
        cells = []
        for c in cols:
            s = fmt(r[c[1]], c[2])
            if len(c) > 3 and np.isfinite(r[c[3]]):
                s += " &plusmn; " + fmt(r[c[3]], c[2])
            cells.append(f"<td>{s}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out) + "</table>"


def png_tag(fig, alt):
    buf = io.BytesIO()
    fig.set_size_inches(cp.FIG_W_PX / cp.DPI, cp.FIG_H_PX / cp.DPI)
    fig.savefig(buf, format="png", dpi=cp.DPI)
    cp.plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def simulate_sections(f):
    qs = cp.table(f, "queues")
    cols = [("queue", "name", "s"), ("offered (calls)", "offered", "n", "offered_ci95"),
            ("service level", "service_level", "pct", "service_level_ci95"),
            ("SL of answered", "service_level_answered", "pct", "service_level_answered_ci95"),
            ("abandon rate", "abandon_rate", "pct", "abandon_rate_ci95"),
            ("ASA (s)", "asa_s", "s", "asa_s_ci95"), ("AHT (s)", "aht_s", "s", "aht_s_ci95"),
            ("dropped", "dropped", "n", "dropped_ci95")]
    parts = ["<h2>Summary per queue</h2><p>Means per replication over the horizon, "
             "&plusmn; the half-width of the 95% confidence interval.</p>", html_table(qs, cols)]
    parts += ["<h2>Targets</h2>", html_table(cp.table(f, "targets"), [
        ("queue", "queue_name", "s"), ("target", "target", "i"), ("share", "share", "pct"),
        ("within (s)", "within_s", "s"),
        ("simulated", "service_level", "pct", "service_level_ci95")])]
    parts += ["<h2>Agent groups</h2>", html_table(cp.table(f, "groups"), [
        ("group", "name", "s"), ("occupancy", "occupancy", "pct"),
        ("staffed agent-hours", "staffed_hours", "n")])]
    parts += ["<h2>Plots</h2>", png_tag(service_level.draw(f), "service level by interval"),
              png_tag(risk.draw(f), "distribution of the service level across replications")]
    if "incidents" in f:
        parts += ["<h2>Incidents</h2>", html_table(cp.table(f, "incidents"), [
            ("site", "site", "s"), ("from", "from", "s"), ("to", "to", "s"),
            ("calls lost", "calls_lost", "n", "calls_lost_ci95"),
            ("abandoned during", "abandoned_during", "n", "abandoned_during_ci95"),
            ("recovery (min)", "recovery_min", "n", "recovery_min_ci95"),
            ("extra agent-hours", "extra_agent_hours", "n")])]
        parts.append(png_tag(failover.draw(f), "failover timeline"))
    return parts


def plan_sections(f):
    qs = cp.table(f, "queues")
    cols = [("queue", "name", "s"), ("model", "model", "s"), ("calls", "calls", "n"),
            ("peak agents", "agents_peak", "i"), ("agent-hours", "agent_hours", "n"),
            ("FTE", "fte", "n"), ("cost per year", "cost", "money"),
            ("service level", "service_level", "pct"), ("abandon rate", "abandon_rate", "pct"),
            ("ASA (s)", "asa_s", "s"), ("occupancy", "occupancy", "pct")]
    if "fixed_service_level" in qs.dtype.names:
        cols += [("rostered agent-hours", "fixed_agent_hours", "n"),
                 ("rostered SL", "fixed_service_level", "pct")]
    parts = ["<h2>Plan per queue</h2>", html_table(qs, cols)]
    parts += ["<h2>Per channel</h2>", html_table(cp.table(f, "channels"), [
        ("channel", "name", "s"), ("calls per year", "calls_per_year", "money"),
        ("FTE", "fte", "n"), ("staff cost", "staff_cost", "money"),
        ("contact cost", "contact_cost", "money"), ("cost per year", "cost", "money"),
        ("cost per contact", "cost_per_contact", "n")])]
    parts += ["<h2>Plots</h2>", png_tag(staffing.draw(f), "agents required vs rostered")]
    if np.all(np.isfinite(cp.table(f, "channels")["fte"])):
        parts.append(png_tag(fte_cost.draw(f), "FTE and cost per channel"))
    return parts


def assumptions(f):
    a = f.attrs
    rows = [("scenario", cp.text(a["scenario_name"])), ("ccsim version", cp.text(a["ccsim_version"])),
            ("interval", f"{float(a['interval_s']) / 60:g} minutes"),
            ("service level threshold T", f"{float(a['answer_within_s']):g} s")]
    if "method" in a:
        rows += [("method", cp.text(a["method"])),
                 ("target service level", f"{float(a['target_service_level']):.0%}"),
                 ("horizon", f"{int(a['days'])} days")]
        if "fixed_fte" in a:
            rows.append(("fixed FTE", f"{float(a['fixed_fte']):.2f}"))
    else:
        rows += [("seed", str(int(a["seed"]))), ("replications", str(int(a["replications"])))]
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return (f"<h2>Assumptions</h2><table>{body}</table><details><summary>The scenario file"
            f"</summary><pre>{html.escape(cp.text(a['scenario']))}</pre></details>")


def render(f):
    kind = "plan" if "method" in f.attrs else "simulate"
    name = html.escape(cp.text(f.attrs["scenario_name"]))
    what = "Workforce plan" if kind == "plan" else "Simulation"
    body = plan_sections(f) if kind == "plan" else simulate_sections(f)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>ccsim report: {name}</title><style>{CSS}</style></head><body>",
        f"<h1>{what}: {name}</h1>", f"<p>{html.escape(cp.subtitle(f))}. Read from "
        f"<code>{html.escape(os.path.basename(f.filename))}</code>.</p>",
        *body, assumptions(f), "</body></html>", ""])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("results", help="results file of ccsim simulate --out or ccsim plan --out")
    p.add_argument("--out", default="report.html", help="the HTML file (default report.html)")
    args = p.parse_args()
    try:
        with cp.open_results(args.results, "plan" if _is_plan(args.results) else "simulate") as f:
            page = render(f)
    except cp.BadInput as e:
        cp.fail(str(e))
    tmp = f"{args.out}.tmp.{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(page)
        os.replace(tmp, args.out)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        print(f"{args.out}: cannot write ({e.strerror})", file=sys.stderr)
        sys.exit(2)
    print(args.out)


def _is_plan(path):
    try:
        with cp.h5py.File(path, "r") as f:
            return "method" in f.attrs
    except OSError:
        return False   # open_results reports the error


if __name__ == "__main__":
    main()
