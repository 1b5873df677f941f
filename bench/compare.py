#!/usr/bin/env python3
"""compare.py - compare two sets of ccsim benchmark records and flag regressions.

    python3 bench/compare.py OLD.jsonl NEW.jsonl [--threshold 0.05]

OLD and NEW are JSON Lines files written by `make bench BENCH_OUT=FILE` (one record
per benchmark per run; bench/bench.h describes the fields). Records are paired by
their "bench" name; where a file holds several runs of a benchmark (a history), its
last record is used. For each pair the figure compared is the ratio to the yardstick
where both records have one (higher is faster), otherwise the seconds (lower is
faster). The change is how much slower NEW is than OLD, from the medians; its
interval runs from the most favourable to the least favourable pairing of the two
records' min and max over their repeats. A benchmark is flagged as a REGRESSION when
the change exceeds the threshold AND the intervals do not overlap (the whole interval
is above zero): a median that moved within the spread of the repeats is noise.

Exit status: 0 no regression, 1 at least one regression flagged, 2 bad input (one
line on stderr naming FILE:LINE).
Python 3 standard library only.
"""
import argparse
import json
import sys


class BadInput(Exception):
    pass


def spread(record, key, where):
    """(min, median, max) of record[key], checked."""
    v = record.get(key)
    if not isinstance(v, dict):
        return None
    try:
        lo, mid, hi = (float(v[k]) for k in ("min", "median", "max"))
    except (KeyError, TypeError, ValueError):
        raise BadInput(f"{where}: {key}: needs numbers min, median and max")
    if not (0 < lo <= mid <= hi) or hi == float("inf"):
        raise BadInput(f"{where}: {key}: needs 0 < min <= median <= max (got {lo}, {mid}, {hi})")
    return lo, mid, hi


def read_records(path):
    """{name: (record, 'FILE:LINE')}, the last record of each benchmark."""
    records = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
    except OSError as e:
        raise BadInput(f"{path}: cannot read ({e.strerror})")
    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as e:
            raise BadInput(f"{where}: not a JSON record ({e.msg})")
        if not isinstance(record, dict) or not isinstance(record.get("bench"), str):
            raise BadInput(f"{where}: bench: a record needs its benchmark's name as a string")
        spread(record, "seconds", where)
        spread(record, "ratio", where)
        records[record["bench"]] = (record, where)
    if not records:
        raise BadInput(f"{path}:1: no benchmark records")
    return records


def compare(old, old_where, new, new_where):
    """(metric, old median, new median, change, low, high), change = slower by."""
    o, n = spread(old, "ratio", old_where), spread(new, "ratio", new_where)
    if o and n:     # higher is faster
        return "ratio", o[1], n[1], o[1] / n[1] - 1, o[0] / n[2] - 1, o[2] / n[0] - 1
    o, n = spread(old, "seconds", old_where), spread(new, "seconds", new_where)
    if o and n:     # lower is faster
        return "seconds", o[1], n[1], n[1] / o[1] - 1, n[0] / o[2] - 1, n[2] / o[0] - 1
    return None


def describe(records):
    """commit, cpu and load averages of a file's records."""
    commits = sorted({str(r.get("commit", "unknown")) for r, _ in records.values()})
    cpus = sorted({str(r.get("cpu", "unknown")) for r, _ in records.values()})
    loads = [r["loadavg"][0] for r, _ in records.values()
             if isinstance(r.get("loadavg"), list) and r["loadavg"] and isinstance(r["loadavg"][0], (int, float))]
    load = f"load {min(loads):.1f}-{max(loads):.1f}" if loads else "load unknown"
    return f"commit {', '.join(commits)}; {'; '.join(cpus)}; {load}"


def pct(x):
    return f"{100 * x:+.1f}%"


def main(argv):
    ap = argparse.ArgumentParser(description="Compare two JSON Lines files of ccsim benchmark records.")
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--threshold", type=float, default=0.05,
                    help="flag a slowdown beyond this fraction (default 0.05) whose intervals do not overlap")
    args = ap.parse_args(argv)
    try:
        if not 0 <= args.threshold < 1:
            raise BadInput(f"--threshold: must be in [0, 1) (got {args.threshold})")
        old, new = read_records(args.old), read_records(args.new)
    except BadInput as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 2

    print(f"old: {args.old}: {describe(old)}")
    print(f"new: {args.new}: {describe(new)}")
    print(f"change: how much slower new is than old, from the medians (negative: faster); "
          f"interval: from the repeats' min and max; threshold {100 * args.threshold:.1f}%")
    width = max(len(name) for name in list(old) + list(new))
    print(f"{'benchmark':<{width}}  {'metric':<7}  {'old':>11}  {'new':>11}  {'change':>7}  "
          f"{'interval':<17}  verdict")
    regressions = 0
    for name in sorted(set(old) | set(new)):
        if name not in new or name not in old:
            print(f"{name:<{width}}  {'only in ' + ('old' if name in old else 'new')}")
            continue
        c = compare(old[name][0], old[name][1], new[name][0], new[name][1])
        if c is None:
            print(f"{name:<{width}}  no common figure (seconds or ratio) to compare")
            continue
        metric, om, nm, change, lo, hi = c
        overlap = lo <= 0 <= hi
        if change > args.threshold and not overlap:
            verdict = "REGRESSION"
            regressions += 1
        elif change < -args.threshold and not overlap:
            verdict = "faster"
        elif overlap:
            verdict = "same (intervals overlap)"
        else:
            verdict = "within threshold"
        print(f"{name:<{width}}  {metric:<7}  {om:>11.4g}  {nm:>11.4g}  {pct(change):>7}  "
              f"[{pct(lo)}, {pct(hi)}]".ljust(width + 2 + 7 + 2 + 11 + 2 + 11 + 2 + 7 + 2 + 17)
              + f"  {verdict}")
    print(f"{regressions} regression{'s' if regressions != 1 else ''} flagged")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
