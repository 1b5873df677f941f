/* bench_history — importing the two real history files.
 *
 * Cases (records as described in bench/bench.h: the thread's CPU clock, each repeat
 * preceded by the yardstick):
 *   history/anonymous-bank-calls   the Anonymous Bank per-call log (3.4 MB, 33,344
 *       records) read into half-hour intervals, then its handling-time and patience
 *       fits (cc_history_handling_fit, cc_history_patience_fit);
 *   history/us-bank-intervals      the US bank interval export (27,716 five-minute
 *       rows) read with its column mapping.
 * The rate is records read per second. The files are ../shared/data's, relative to
 * the repository root (run from there: `make bench` does); a case whose file is not
 * present says so on stderr and writes no record.
 *
 *   bench_history [CASE...]       (none: every case, each in its own process)
 */
#include "bench/bench.h"
#include "io/history.h"

#include <stdio.h>
#include <unistd.h>

typedef struct import {
    const char *path;
    cc_history_options options;
} import;

/* One import (with the call log's fits); returns the records read. */
static double import_once(void *ctx)
{
    const import *im = ctx;
    cc_history *h = NULL;
    cc_error err = { 0 };
    if (cc_history_read(im->path, &im->options, &h, &err))
        bench_fail("%s", err.msg);
    if (h->format == CC_HISTORY_CALLS) {
        cc_history_handling hd;
        cc_history_patience p;
        if (cc_history_handling_fit(h, &hd, &err) || cc_history_patience_fit(h, &p, &err))
            bench_fail("%s", err.msg);
        cc_history_handling_fini(&hd);
        cc_history_patience_fini(&p);
    }
    double records = (double)h->records;
    cc_history_destroy(h);
    return records;
}

static void run_import(const char *name, import *im)
{
    if (access(im->path, R_OK)) {
        fprintf(stderr, "bench_history: %s: %s is not present; no record\n", name, im->path);
        return;
    }
    bench_series ser;
    bench_measure(&ser, "records", BENCH_THREAD_CPU, bench_repeats(0), import_once, im, 1);
    bench_record r;
    bench_record_begin(&r, name);
    bench_record_str(&r, "file", im->path);
    bench_record_series(&r, &ser);
    bench_record_end(&r);
}

static void anonymous_bank(void)
{
    import im = { .path = "../shared/data/anonymous-bank/calls-1999-02.tsv" };
    run_import("history/anonymous-bank-calls", &im);
}

static void us_bank(void)
{
    import im = { .path = "../shared/data/us-bank/calls-5min-2003.csv" };
    im.options.columns[CC_HISTORY_FIELD_START] = "DateTime";
    im.options.columns[CC_HISTORY_FIELD_HANDLED] = "Calls";
    run_import("history/us-bank-intervals", &im);
}

int main(int argc, char **argv)
{
    static const bench_case cases[] = {
        { "history/anonymous-bank-calls", anonymous_bank },
        { "history/us-bank-intervals", us_bank },
    };
    return bench_main(argc, argv, cases, sizeof cases / sizeof *cases);
}
