/* bench_history — importing the two real history files.
 *
 * Reads the Anonymous Bank per-call log (3.4 MB, 33,344 records) into half-hour
 * intervals with its handling-time and patience estimates, and the US bank
 * interval export (27,716 five-minute rows) with its column mapping, each RUNS
 * times; prints one JSON line with the best time of each and the records read (so
 * the work cannot be optimised away). The files are ../shared/data's, relative to the
 * repository root (run from there: `make bench` does); a file that is not present is
 * reported as null rather than failing the benchmark run.
 *
 *   bench_history
 */
#include "io/history.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5
#define AB_FILE "../shared/data/anonymous-bank/calls-1999-02.tsv"
#define US_FILE "../shared/data/us-bank/calls-5min-2003.csv"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Best wall time of RUNS imports (with the call log's estimates); -1 when the file
 * is absent, -2 on a read error (printed). */
static double import(const char *path, const cc_history_options *o, size_t *records)
{
    if (access(path, R_OK))
        return -1;
    double best = 1e300;
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        cc_history *h = NULL;
        cc_error err = { 0 };
        if (cc_history_read(path, o, &h, &err)) {
            fprintf(stderr, "bench_history: %s\n", err.msg);
            return -2;
        }
        if (h->format == CC_HISTORY_CALLS) {
            cc_history_handling hd;
            cc_history_patience p;
            if (cc_history_handling_fit(h, &hd, &err) || cc_history_patience_fit(h, &p, &err)) {
                fprintf(stderr, "bench_history: %s\n", err.msg);
                cc_history_destroy(h);
                return -2;
            }
            cc_history_handling_fini(&hd);
            cc_history_patience_fini(&p);
        }
        double t = now() - t0;
        best = t < best ? t : best;
        *records = h->records;
        cc_history_destroy(h);
    }
    return best;
}

static void field(const char *key, double t, size_t records, const char *sep)
{
    if (t < 0)
        printf("\"%s_s\": null, \"%s_records\": null%s", key, key, sep);
    else
        printf("\"%s_s\": %.4f, \"%s_records\": %zu%s", key, t, key, records, sep);
}

int main(void)
{
    cc_history_options calls = { 0 }, intervals = { 0 };
    intervals.columns[CC_HISTORY_FIELD_START] = "DateTime";
    intervals.columns[CC_HISTORY_FIELD_HANDLED] = "Calls";
    size_t n_calls = 0, n_rows = 0;
    double t_calls = import(AB_FILE, &calls, &n_calls);
    double t_rows = import(US_FILE, &intervals, &n_rows);
    if (t_calls == -2 || t_rows == -2)
        return 1;
    printf("{\"bench\": \"history_import\", \"runs\": %d, ", RUNS);
    field("anonymous_bank_calls", t_calls, n_calls, ", ");
    field("us_bank_intervals", t_rows, n_rows, "}\n");
    return 0;
}
