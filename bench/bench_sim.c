/* bench_sim — the simulation engine on the reference workloads, against the yardstick.
 *
 * Each case loads a scenario and runs it through the full engine (runner, OpenMP
 * replications, estimates) as cc_simulate does, on 1 thread (timed on the thread's
 * CPU clock) and on all threads (wall clock), each repeat preceded by a run of the
 * harness's yardstick (bench/bench.h), and writes one record per thread count:
 * calls per second and the engine ÷ yardstick ratio (min, median, max over the
 * repeats). Cases:
 *   engine/ref-erlang-c, engine/ref-erlang-a, engine/ref-day   the three reference
 *       workloads (scenarios/ref-*.cfg), 200 replications (~1.9 million calls);
 *   engine/barnet-pooled   a multi-queue multi-skill week (scenarios/barnet/pooled.cfg:
 *       11 queues, pooled groups), 100 replications;
 *   engine/barnet-year     bench/barnet-year.cfg, the 11 Barnet services over 365 days
 *       of half-hour intervals, 100 replications (~97 million calls, about 25 CPU
 *       seconds): 1 thread only (its CPU clock holds still on a loaded machine, the
 *       wall clock of all threads does not), at most 2 repeats (the record says
 *       "repeats_capped_from").
 * The all-threads record gives "speedup_over_1_thread": the 1-thread CPU seconds over
 * the all-threads wall seconds (medians). The ref-erlang-a case also records peak
 * memory before and after a run with 4x the replications: it must not grow with the
 * number of calls.
 *
 *   bench_sim [CASE...]        (none: every case, each in its own process)
 */
#include "bench/bench.h"
#include "io/scenario_load.h"
#include "sim/runner.h"

#include <omp.h>
#include <stdio.h>
#include <sys/resource.h>

typedef struct engine_work {
    const cc_scenario *s;
    unsigned reps;
    int threads;
} engine_work;

/* One cc_simulate; returns the calls offered. */
static double engine_run(void *ctx)
{
    const engine_work *w = ctx;
    cc_run_options opt = { .replications = w->reps, .seed = w->s->seed, .threads = w->threads };
    cc_results *r = NULL;
    cc_error err;
    if (cc_simulate(w->s, &opt, &r, &err) != CC_OK)
        bench_fail("%s: %s", w->s->path, err.msg);
    double calls = r->calls_total;
    cc_results_destroy(r);
    return calls;
}

static cc_scenario *load(const char *path)
{
    cc_scenario *s;
    cc_error err;
    if (cc_scenario_load(path, &s, &err) != CC_OK)
        bench_fail("%s", err.msg);
    return s;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void write_record(const char *name, const char *path, const engine_work *w,
                         const bench_series *ser, double speedup, long rss_before_4x)
{
    bench_record r;
    bench_record_begin(&r, name);
    bench_record_str(&r, "scenario", path);
    bench_record_int(&r, "replications", w->reps);
    bench_record_int(&r, "threads", w->threads);
    bench_record_series(&r, ser);
    if (speedup > 0)
        bench_record_num(&r, "speedup_over_1_thread", speedup);
    if (rss_before_4x > 0) {
        bench_record_int(&r, "peak_rss_kb_before_4x_replications", rss_before_4x);
        bench_record_int(&r, "replications_4x", 4LL * w->reps);
    }
    bench_record_end(&r);
}

enum { ONE = 1, ALL = 2 };   /* the thread counts a case measures */

/* The thread counts asked for, then the records; with check_memory, a run with 4x the
 * replications before the records (their peak includes it). */
static void engine_case(const char *tag, const char *path, unsigned reps, int counts,
                        int cap, int check_memory)
{
    int one_thread = counts & ONE, all_threads = counts & ALL;
    cc_scenario *s = load(path);
    int repeats = bench_repeats(cap);
    engine_work w1 = { s, reps, 1 }, wn = { s, reps, omp_get_max_threads() };
    bench_series one, all;
    if (one_thread)
        bench_measure(&one, "calls", BENCH_THREAD_CPU, repeats, engine_run, &w1, 1);
    if (all_threads)
        bench_measure(&all, "calls", BENCH_WALL, repeats, engine_run, &wn, 1);
    long rss = 0;
    if (check_memory) {
        rss = peak_rss_kb();
        engine_work big = { s, 4 * reps, wn.threads };
        engine_run(&big);
    }
    char name[128];
    double lo, t1 = 0, tn, hi;
    if (one_thread) {
        bench_summary(one.seconds, one.repeats, &lo, &t1, &hi);
        snprintf(name, sizeof name, "engine/%s/1-thread", tag);
        write_record(name, path, &w1, &one, 0, rss);
    }
    if (all_threads) {
        bench_summary(all.seconds, all.repeats, &lo, &tn, &hi);
        snprintf(name, sizeof name, "engine/%s/all-threads", tag);
        write_record(name, path, &wn, &all, one_thread ? t1 / tn : 0, rss);
    }
    cc_scenario_destroy(s);
}

static void ref_erlang_c(void) { engine_case("ref-erlang-c", "scenarios/ref-erlang-c.cfg", 200, ONE | ALL, 0, 0); }
static void ref_erlang_a(void) { engine_case("ref-erlang-a", "scenarios/ref-erlang-a.cfg", 200, ONE | ALL, 0, 1); }
static void ref_day(void) { engine_case("ref-day", "scenarios/ref-day.cfg", 200, ONE | ALL, 0, 0); }
static void barnet_pooled(void) { engine_case("barnet-pooled", "scenarios/barnet/pooled.cfg", 100, ONE | ALL, 0, 0); }
static void barnet_year(void) { engine_case("barnet-year", "bench/barnet-year.cfg", 100, ONE, 2, 0); }

int main(int argc, char **argv)
{
    static const bench_case cases[] = {
        { "engine/ref-erlang-c", ref_erlang_c },
        { "engine/ref-erlang-a", ref_erlang_a },
        { "engine/ref-day", ref_day },
        { "engine/barnet-pooled", barnet_pooled },
        { "engine/barnet-year", barnet_year },
    };
    return bench_main(argc, argv, cases, sizeof cases / sizeof *cases);
}
