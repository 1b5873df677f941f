/* bench.h — the common harness of ccsim's benchmarks (linked into every bench/ program).
 *
 * A benchmark program is a table of cases; bench_main runs each case in a process of
 * its own (the program re-executes itself with the case's name), so that the peak
 * memory a record reports (getrusage's maximum resident set) belongs to that case
 * alone. `prog NAME...` runs the named cases in this process; `prog --list` names them.
 *
 * A case measures its work with bench_measure: the work repeated BENCH_REPEATS times
 * (default 7; a case may cap it for a big workload, and the record then says so), each
 * repeat timed on the calling thread's CPU clock (one-thread work: other load on a
 * shared machine does not inflate it) or on the wall clock (parallel work). Where the
 * case asks for it, each repeat is preceded by a run of the yardstick, a fixed
 * hand-written M/M/N+M loop built at -O2 whatever the library's flags, timed on the
 * thread's CPU clock: the repeat's ratio (the work's units per second over the
 * yardstick's calls per second) moves far less across machines and load than either
 * rate alone (least for work on the CPU clock; wall-clock work still feels the load).
 *
 * Each record is one JSON line: "bench" (the name compare.py pairs records by), the
 * case's own fields, "repeats", "seconds" {min, median, max}, the rate, "ratio"
 * {min, median, max} where there is a yardstick, and the environment: commit
 * ($CC_COMMIT, else "unknown"), compiler, the library's optimisation flags, CPU model,
 * cores, load average and peak memory. It goes to stdout, and is appended to the
 * JSON Lines file named by $BENCH_OUT when that is set. Text goes to stderr.
 * Failures of the work itself end the program with status 2 and one line on stderr.
 */
#ifndef CC_BENCH_H
#define CC_BENCH_H

#include "io/json.h"

#include <stddef.h>
#include <stdio.h>

#define BENCH_DEFAULT_REPEATS 7
#define BENCH_MAX_REPEATS 101

typedef enum bench_clock {
    BENCH_THREAD_CPU = 0,   /* CPU seconds of the calling thread (one-thread work) */
    BENCH_WALL              /* wall-clock seconds (parallel work, I/O) */
} bench_clock;

/* One unit of work: runs it once and returns how much it did (calls, intervals,
 * cells) — the rate's numerator, which also keeps the work from being optimised away. */
typedef double (*bench_work_fn)(void *ctx);

typedef struct bench_series {
    const char *unit;           /* what the work returns: "calls", "intervals", ... */
    bench_clock clock;
    int repeats;                /* repeats made */
    int repeats_asked;          /* BENCH_REPEATS (or the default) before a case's cap */
    double work;                /* units of the last repeat */
    double seconds[BENCH_MAX_REPEATS];
    double ratio[BENCH_MAX_REPEATS];    /* work's rate ÷ yardstick's, same repeat */
    int has_ratio;
} bench_series;

/* The repeats to make: BENCH_REPEATS (1..BENCH_MAX_REPEATS; default 7), at most cap
 * when cap > 0. A bad BENCH_REPEATS ends the program (status 1, one line). */
int bench_repeats(int cap);

/* Repeats fn(ctx) `repeats` times on the given clock into *s; with with_yardstick,
 * each repeat runs the yardstick just before the work and records their ratio. */
void bench_measure(bench_series *s, const char *unit, bench_clock clock, int repeats,
                   bench_work_fn fn, void *ctx, int with_yardstick);

/* The yardstick once: calls per CPU second of the calling thread. */
double bench_yardstick_rate(void);

/* Sorted copy's min, median and max of v[0..n-1] (n >= 1). */
void bench_summary(const double *v, int n, double *min, double *median, double *max);

/* A record under construction: fields in the order added. */
typedef struct bench_record {
    char *text;
    size_t len;
    FILE *stream;               /* the open memory stream behind text */
    cc_json json;
} bench_record;

void bench_record_begin(bench_record *r, const char *name);
void bench_record_str(bench_record *r, const char *key, const char *value);
void bench_record_num(bench_record *r, const char *key, double value);
void bench_record_int(bench_record *r, const char *key, long long value);
/* repeats, seconds {min, median, max}, <unit>_per_s (the median repeat's rate), ratio. */
void bench_record_series(bench_record *r, const bench_series *s);
/* Adds the environment and peak memory, writes the line to stdout and $BENCH_OUT. */
void bench_record_end(bench_record *r);

/* Ends the program with status 2 after one line on stderr ("bench: message"). */
void bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

typedef struct bench_case {
    const char *name;
    void (*run)(void);          /* measures and writes its records */
} bench_case;

/* The program's main: see the top of this file. */
int bench_main(int argc, char **argv, const bench_case *cases, size_t n_cases);

#endif
