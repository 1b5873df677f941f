#!/usr/bin/env python3
"""Derive a weekday intraday arrival profile (and a Mon..Fri volume pattern) from
the US bank 5-minute call counts and write libconfig include files for ccsim.

Usage:
    python3 tools/derive_profile.py ../shared/data/us-bank/calls-5min-2003.csv \
        [--out-dir scenarios/profiles] [--name council-weekday]
        [--window HH:MM-HH:MM ...] [--dry-run]

Input: CSV with a header row and the columns `DateTime` (YYYY-MM-DDTHH:MM:SS, local
clock time even where it ends in `Z`) and `Calls` (calls handled in the 5 minutes that
start at DateTime). Other columns (`rownames`) are ignored. Rows dated Saturday or
Sunday are skipped (the 2003 file has none).

Method (documented in tools/README.md):
  1. For every 5-minute slot of the day, the mean of `Calls` over all weekdays in the
     file that have that slot (a missing day, e.g. a public holiday, is simply absent;
     it is not counted as zero).
  2. Slots are summed into 15- and 30-minute intervals of the 24-hour day, starting
     at 00:00 (a slot belongs to the interval that contains its start time). Intervals
     with no data (before 07:00, after 21:05) get 0.
  3. Each profile is normalised to sum 1 and rounded to 6 decimals with the
     largest-remainder method, so the printed values sum to exactly 1.000000.
  4. Opening-hours variants (--window, default the seeded scenarios' hours): the
     profile of step 2 with every interval that does not overlap the window set to 0,
     normalised again (callers who would ring while the line is closed ring within
     the open hours instead, keeping the bank's shape there).
  5. Weekday pattern: the mean daily total per weekday Mon..Fri, divided by the mean
     over the five weekdays (1.0 = an average weekday).

Python 3 standard library only. Exit status 0 on success, 1 on bad input.
"""

import argparse
import csv
import datetime as dt
import os
import re
import sys
from collections import defaultdict

SLOT_MIN = 5
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CITATION = (
    "Weinberg, Brown & Stroud (2007), JASA; fpp3 R package `bank_calls` "
    "(Hyndman & Athanasopoulos), via vincentarelbundock/Rdatasets "
    "csv/fpp3/bank_calls.csv, GPL-3 (see shared/data/README.md)"
)
# The weekday pattern is used as the scenarios' weekday_profile only when Monday's
# mean daily volume is at least this much above the mean of Tue..Fri.
MONDAY_THRESHOLD = 0.10
# Opening windows of the seeded scenarios (scenarios/barnet, scenarios/barking-dagenham).
DEFAULT_WINDOWS = ["09:00-17:15", "09:00-18:00", "08:00-18:00"]


def die(msg):
    print(f"derive_profile: {msg}", file=sys.stderr)
    sys.exit(1)


def read_rows(path):
    """Return {date: {slot_index: calls}} for weekdays, plus the row count used."""
    days = defaultdict(dict)
    used = 0
    try:
        f = open(path, newline="", encoding="utf-8")
    except OSError as e:
        die(f"{path}: cannot read file ({e.strerror})")
    with f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "DateTime" not in reader.fieldnames \
                or "Calls" not in reader.fieldnames:
            die(f"{path}: need the columns DateTime and Calls (got {reader.fieldnames})")
        for lineno, row in enumerate(reader, start=2):
            stamp = row["DateTime"].strip().rstrip("Z")
            try:
                t = dt.datetime.fromisoformat(stamp)
                calls = float(row["Calls"])
            except ValueError:
                die(f"{path}:{lineno}: bad DateTime or Calls "
                    f"(got {row['DateTime']!r}, {row['Calls']!r})")
            if calls < 0:
                die(f"{path}:{lineno}: Calls must be >= 0 (got {row['Calls']})")
            if t.weekday() >= 5:
                continue
            minute = t.hour * 60 + t.minute
            if minute % SLOT_MIN:
                die(f"{path}:{lineno}: DateTime not on a 5-minute boundary ({row['DateTime']})")
            slot = minute // SLOT_MIN
            if slot in days[t.date()]:
                die(f"{path}:{lineno}: duplicate slot {row['DateTime']}")
            days[t.date()][slot] = calls
            used += 1
    if not days:
        die(f"{path}: no weekday rows")
    return days, used


def mean_slots(days):
    """Mean calls per 5-minute slot over the days that have the slot."""
    total = defaultdict(float)
    count = defaultdict(int)
    for slots in days.values():
        for s, c in slots.items():
            total[s] += c
            count[s] += 1
    return [total[s] / count[s] if count[s] else 0.0 for s in range(24 * 60 // SLOT_MIN)]


def aggregate(slot_means, interval_min):
    per = interval_min // SLOT_MIN
    return [sum(slot_means[i * per:(i + 1) * per]) for i in range(len(slot_means) // per)]


def normalise_rounded(values, places=6):
    """Normalise to sum 1 and round so the rounded values sum to exactly 1."""
    s = sum(values)
    unit = 10 ** places
    exact = [v / s * unit for v in values]
    floors = [int(x) for x in exact]
    short = unit - sum(floors)
    order = sorted(range(len(values)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:short]:
        floors[i] += 1
    return [f / unit for f in floors]


def parse_window(text):
    """'09:00-17:15' -> (540, 1035)."""
    m = re.fullmatch(r"(\d\d):(\d\d)-(\d\d):(\d\d)", text)
    if not m:
        die(f"--window must be HH:MM-HH:MM (got {text!r})")
    a = int(m[1]) * 60 + int(m[2])
    b = int(m[3]) * 60 + int(m[4])
    if not (0 <= a < b <= 24 * 60) or int(m[2]) >= 60 or int(m[4]) >= 60:
        die(f"--window must have 00:00 <= open < close <= 24:00 (got {text!r})")
    return a, b


def restrict(values, interval_min, window):
    """Keep the intervals that overlap [open, close) at full weight, zero the rest."""
    a, b = window
    return [v if (i * interval_min < b and (i + 1) * interval_min > a) else 0.0
            for i, v in enumerate(values)]


def hhmm(minute):
    return f"{minute // 60:02d}:{minute % 60:02d}"


def share(profile, interval_min, start_min, end_min):
    """Share of the day's calls in [start, end), pro rata for a partly covered interval."""
    tot = 0.0
    for i, p in enumerate(profile):
        a, b = i * interval_min, (i + 1) * interval_min
        overlap = max(0, min(b, end_min) - max(a, start_min))
        tot += p * overlap / interval_min
    return tot


def weekday_pattern(days):
    totals = defaultdict(list)
    for d, slots in days.items():
        totals[d.weekday()].append(sum(slots.values()))
    means = [sum(totals[w]) / len(totals[w]) if totals[w] else 0.0 for w in range(5)]
    overall = sum(means) / 5
    return [m / overall for m in means], [len(totals[w]) for w in range(5)], means


def write_profile(path, interval_min, profile, meta, dry_run, window=None):
    n = len(profile)
    body = [f"{v:.6f}" for v in profile]
    peak = max(range(n), key=lambda i: profile[i])
    if window:
        title = (f"# Council weekday intraday arrival profile for a line open "
                 f"{hhmm(window[0])}-{hhmm(window[1])},\n# {interval_min}-minute intervals "
                 f"({n} values, 00:00 to 24:00).")
    else:
        title = (f"# Council weekday intraday arrival profile, {interval_min}-minute "
                 f"intervals ({n} values, 00:00 to 24:00).")
    head = [
        title,
        "# A libconfig include file: put",
        f'#     @include "../profiles/{os.path.basename(path)}"',
        "# on its own line inside a queue's `demand = { ... };` group (schema v2,",
        "# /work/spec/schema-v2.md): it sets demand.intraday_profile.",
        "#",
        f"# Source: {meta['source']}",
        "#   " + CITATION[:CITATION.index("via")].rstrip(),
        "#   " + CITATION[CITATION.index("via"):] + ".",
        f"#   Calls handled per 5 minutes, 07:00-21:00; {meta['rows']} weekday rows used,",
        f"#   {meta['ndays']} weekdays from {meta['first']} to {meta['last']} (missing "
        "weekdays are",
        "#   public holidays: they are left out, not counted as 0).",
        "# Derivation: mean calls per 5-minute slot over those weekdays; slots summed into",
        f"#   {interval_min}-minute intervals from 00:00 (0 where the data has no hours:",
        "#   before 07:00 and after 21:05); normalised to sum 1; rounded to 6 decimals",
        "#   (largest remainder, so the values sum to exactly 1.000000).",
    ]
    if window:
        head += [
            f"#   Then restricted to the intervals that overlap {hhmm(window[0])}-"
            f"{hhmm(window[1])} (kept at full",
            "#   weight; every other interval 0) and normalised to sum 1 again. The loader",
            "#   admits only the open part of a partly open interval; the rest of that",
            "#   interval goes through the queue's when_closed rule.",
            f"#   ASSUMPTION (callers adapt to the opening hours): a caller who would ring",
            f"#   outside {hhmm(window[0])}-{hhmm(window[1])} rings inside it instead, and the"
            " day's calls",
            "#   keep the bank's shape within the open hours. This honours the day's volume",
            "#   without piling every out-of-hours call into the first open interval (which",
            "#   is what when_closed = \"next-open\" does with the full-day profile).",
        ]
    head += [
        f"#   Full-day shape: peak {meta['peak']} ({meta['peak_share']:.4f} of the day);",
        f"#   share 07:00-09:00 = {meta['share_7_9']:.4f}, 09:00-17:00 = "
        f"{meta['share_9_17']:.4f}, 17:00-21:05 = {meta['share_17_21']:.4f}.",
    ]
    if window:
        head += [
            f"#   This file: peak {hhmm(peak * interval_min)}-"
            f"{hhmm((peak + 1) * interval_min)} ({profile[peak]:.4f} of the day).",
        ]
    head += [
        "# Regenerate (from the repository root):",
        "#   python3 tools/derive_profile.py ../shared/data/us-bank/calls-5min-2003.csv",
        "#   (writes every profile file in scenarios/profiles; see tools/README.md).",
        "#",
        "# ASSUMPTION: this is a North American retail bank's call-arrival SHAPE (2003),",
        "#   used as the shape of a UK council contact centre's weekday. No council",
        "#   intraday data exists in the seeds (shared/domain/seeds-000-002-facts.md",
        "#   section 1.17; seeds-001-003-004-facts.md section 1.18: 'No intraday, weekly",
        "#   or monthly arrival profiles'). The data counts calls HANDLED, not offered,",
        "#   so peaks are slightly flattened by queueing and abandonment. A council's",
        "#   calls would arrive only while its lines are open: with a 09:00-17:15 day the",
        "#   demand outside those hours goes through the queue's when_closed rule.",
        "#   Replace this file when real council interval data (e.g. 'Four years BTS",
        "#   data.xls', seed 002 L211) is available.",
    ]
    # One line, as the include file's single setting (grep-able, diff-able per file).
    text = "\n".join(head) + "\nintraday_profile = [ " + ", ".join(body) + " ];\n"
    if dry_run:
        return
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", help="path to us-bank/calls-5min-2003.csv (DateTime, Calls)")
    ap.add_argument("--out-dir", default="scenarios/profiles",
                    help="where to write NAME-30min.cfg and NAME-15min.cfg "
                         "(default scenarios/profiles)")
    ap.add_argument("--name", default="council-weekday", help="file name stem")
    ap.add_argument("--window", action="append", metavar="HH:MM-HH:MM",
                    help="also write NAME-HHMM-HHMM-30min.cfg and -15min.cfg restricted to "
                         "these opening hours (repeatable; default: "
                         + ", ".join(DEFAULT_WINDOWS) + ")")
    ap.add_argument("--interval-min", action="append", type=int, choices=(5, 10, 15, 30, 60),
                    help="interval lengths to write (repeatable; default 30 and 15)")
    ap.add_argument("--dry-run", action="store_true", help="print only, write nothing")
    a = ap.parse_args()

    days, used = read_rows(a.csv)
    slots = mean_slots(days)
    dates = sorted(days)
    meta = {
        "source": "shared/data/us-bank/calls-5min-2003.csv",
        "rows": used, "ndays": len(days),
        "first": dates[0].isoformat(), "last": dates[-1].isoformat(),
    }
    print(f"{a.csv}: {used} weekday rows, {len(days)} weekdays, "
          f"{meta['first']} .. {meta['last']}")

    for interval_min in (a.interval_min or (30, 15)):
        prof = normalise_rounded(aggregate(slots, interval_min))
        meta["share_9_17"] = share(prof, interval_min, 9 * 60, 17 * 60)
        meta["share_7_9"] = share(prof, interval_min, 7 * 60, 9 * 60)
        meta["share_17_21"] = share(prof, interval_min, 17 * 60, 24 * 60)
        peak = max(range(len(prof)), key=lambda i: prof[i])
        meta["peak"] = f"{hhmm(peak * interval_min)}-{hhmm((peak + 1) * interval_min)}"
        meta["peak_share"] = prof[peak]
        out = os.path.join(a.out_dir, f"{a.name}-{interval_min}min.cfg")
        write_profile(out, interval_min, prof, meta, a.dry_run)
        print(f"{interval_min:2d}-min profile: {len(prof)} values, sum {sum(prof):.6f}, "
              f"peak {hhmm(peak * interval_min)}-{hhmm((peak + 1) * interval_min)} "
              f"= {prof[peak]:.6f}; share 09:00-17:00 = {meta['share_9_17']:.4f}"
              + ("" if a.dry_run else f" -> {out}"))
        full = aggregate(slots, interval_min)
        for wtext in (a.window or DEFAULT_WINDOWS):
            w = parse_window(wtext)
            wp = normalise_rounded(restrict(full, interval_min, w))
            stem = f"{a.name}-{hhmm(w[0]).replace(':', '')}-{hhmm(w[1]).replace(':', '')}"
            wout = os.path.join(a.out_dir, f"{stem}-{interval_min}min.cfg")
            write_profile(wout, interval_min, wp, meta, a.dry_run, window=w)
            wpk = max(range(len(wp)), key=lambda i: wp[i])
            print(f"   window {wtext}: peak {hhmm(wpk * interval_min)} = {wp[wpk]:.6f}, "
                  f"share 09:00-12:00 = {share(wp, interval_min, 540, 720):.6f}"
                  + ("" if a.dry_run else f" -> {wout}"))
        if interval_min == 30:
            for lo, hi in ((9 * 60, 17 * 60 + 15), (9 * 60, 18 * 60), (9 * 60, 20 * 60),
                           (8 * 60, 18 * 60), (17 * 60 + 15, 18 * 60),
                           (17 * 60, 18 * 60), (18 * 60, 20 * 60)):
                print(f"   share {hhmm(lo)}-{hhmm(hi)} = "
                      f"{share(prof, interval_min, lo, hi):.4f}")

    rel, n, means = weekday_pattern(days)
    print("weekday pattern (mean daily calls handled; relative to the weekday mean):")
    for w in range(5):
        print(f"   {DAY_NAMES[w]}: {means[w]:9.1f} calls/day over {n[w]:2d} days -> {rel[w]:.4f}")
    rest = sum(rel[1:5]) / 4
    monday_excess = rel[0] / rest - 1
    if monday_excess >= MONDAY_THRESHOLD:
        print(f"Monday is {monday_excess:.1%} above the Tue-Fri mean (>= "
              f"{MONDAY_THRESHOLD:.0%}): use weekday_profile = "
              f"[ {', '.join(f'{r:.3f}' for r in rel)}, 0.0, 0.0 ]")
    else:
        print(f"Monday is {monday_excess:.1%} above the Tue-Fri mean (< "
              f"{MONDAY_THRESHOLD:.0%}): use equal weights Mon-Fri")
    return 0


if __name__ == "__main__":
    sys.exit(main())
