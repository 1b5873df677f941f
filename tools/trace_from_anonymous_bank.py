#!/usr/bin/env python3
"""One day of the Anonymous Bank call log as a ccsim trace file (queues[].trace.file).

    python3 tools/trace_from_anonymous_bank.py ../shared/data/anonymous-bank/calls-1999-02.tsv \
        --date 1999-02-01 --out scenarios/examples/anonymous-bank-1999-02-01.csv

Writes `arrival_s` (seconds from midnight of --date: the time the caller left the
voice menu and asked for an agent, `vru_exit`), ascending, one line a call, for every
call of the day that is not a PHANTOM record. Prints the number of calls and, per
half hour, the number of distinct agents who served a call in it (the log has no
roster; the example scenario uses these as its agents on duty). Exit status 1 with
FILE:LINE on a record it cannot read.
"""
import argparse
import csv
import sys


def seconds(text, where):
    try:
        h, m, s = (int(x) for x in text.strip().split(":"))
    except ValueError:
        sys.exit(f"{where}: a time H:MM:SS was expected (got {text!r})")
    return 3600 * h + 60 * m + s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv")
    ap.add_argument("--date", required=True, help="YYYY-MM-DD, in February 1999")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    yymmdd = a.date[2:4] + a.date[5:7] + a.date[8:10]
    arrivals, agents = [], {}
    with open(a.tsv, newline="") as f:
        for line, r in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            if r["date"].strip() != yymmdd or r["outcome"].strip() == "PHANTOM":
                continue
            where = f"{a.tsv}:{line}"
            arrivals.append(seconds(r["vru_exit"], where))
            server = r["server"].strip()
            if r["outcome"].strip() == "AGENT" and server != "NO_SERVER":
                half_hour = seconds(r["ser_start"], where) // 1800
                agents.setdefault(half_hour, set()).add(server)
    if not arrivals:
        sys.exit(f"{a.tsv}: no calls on {a.date}")
    arrivals.sort()
    with open(a.out, "w") as out:
        out.write("arrival_s\n")
        out.writelines(f"{t}\n" for t in arrivals)
    print(f"{len(arrivals)} calls from {arrivals[0]} s to {arrivals[-1]} s")
    print("distinct agents per half hour from 00:00:",
          [len(agents.get(k, ())) for k in range(48)])


if __name__ == "__main__":
    main()
