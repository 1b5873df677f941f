/* bench_mpi — scaling of ccsim simulate over MPI ranks on one machine (make bench MPI=1).
 *
 * The work is the command a user runs: `mpirun -np R $CCSIM simulate SCENARIO
 * --replications N --threads 1 --json`, for R = 1 and 2 ranks of one thread each,
 * timed on the wall clock (the ranks are processes: no CPU clock of one thread covers
 * them), so MPI's start-up (about a second here) is in every repeat. Each record also
 * gives ccsim's own wall_s (rank 0, from the start of its replications to the end of
 * the gathering: start-up excluded), the CPU seconds of mpirun and its ranks together
 * (getrusage of the children: the same work, so what MPI adds shows there, and on a
 * machine shared with other load the wall clock may not reflect the split), and the
 * 2-rank record the speedup over 1 rank by both wall clocks. Case:
 *   mpi/barnet-pooled   scenarios/barnet/pooled.cfg (11 queues, pooled groups, a
 *       week), 320 replications (40 blocks), at most 3 repeats per rank count.
 * $CCSIM names the MPI build's ccsim (make bench MPI=1 passes build-mpi/ccsim);
 * $MPIRUN_FLAGS is added to mpirun's (make passes --oversubscribe, and
 * --allow-run-as-root for root).
 *
 *   bench_mpi [CASE...]        (none: every case, each in its own process)
 */
#include "bench/bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

typedef struct mpi_work {
    const char *scenario;
    unsigned reps;
    int ranks;
    int runs;
    double inner_s[BENCH_MAX_REPEATS];  /* ccsim's own wall_s, per repeat */
    double cpu_s[BENCH_MAX_REPEATS];    /* CPU seconds of mpirun and its ranks, per repeat */
} mpi_work;

static double children_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

static double json_number(const char *json, const char *key)
{
    const char *p = strstr(json, key);
    if (!p)
        bench_fail("no %s in ccsim's output: %.200s", key, json);
    return strtod(p + strlen(key), NULL);
}

/* One mpirun; returns the calls offered over all replications. */
static double mpi_run(void *ctx)
{
    mpi_work *w = ctx;
    const char *ccsim = getenv("CCSIM"), *flags = getenv("MPIRUN_FLAGS");
    char cmd[1024], out[8192];
    snprintf(cmd, sizeof cmd, "mpirun %s -np %d %s simulate %s --replications %u --threads 1 --json 2>/dev/null",
             flags ? flags : "", w->ranks, ccsim ? ccsim : "build-mpi/ccsim", w->scenario, w->reps);
    double cpu0 = children_cpu_s();
    FILE *p = popen(cmd, "r");
    if (!p)
        bench_fail("cannot run %s", cmd);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bench_fail("%s: exit status %d", cmd, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    if (w->runs < BENCH_MAX_REPEATS) {
        w->cpu_s[w->runs] = children_cpu_s() - cpu0;
        w->inner_s[w->runs++] = json_number(out, "\"wall_s\": ");
    }
    return json_number(out, "\"calls_offered\": ") * w->reps;
}

static void write_record(const mpi_work *w, const bench_series *s, double speedup, double inner_speedup)
{
    char name[64];
    snprintf(name, sizeof name, "mpi/barnet-pooled/%d-rank%s", w->ranks, w->ranks == 1 ? "" : "s");
    bench_record r;
    bench_record_begin(&r, name);
    bench_record_str(&r, "scenario", w->scenario);
    bench_record_int(&r, "replications", w->reps);
    bench_record_int(&r, "ranks", w->ranks);
    bench_record_int(&r, "threads_per_rank", 1);
    bench_record_series(&r, s);
    double lo, inner, cpu, hi;
    bench_summary(w->inner_s, w->runs, &lo, &inner, &hi);
    bench_summary(w->cpu_s, w->runs, &lo, &cpu, &hi);
    bench_record_num(&r, "ccsim_wall_s_median", inner);
    bench_record_num(&r, "cpu_s_median", cpu);
    if (speedup > 0) {
        bench_record_num(&r, "speedup_over_1_rank", speedup);
        bench_record_num(&r, "ccsim_wall_speedup_over_1_rank", inner_speedup);
    }
    bench_record_end(&r);
}

static void barnet_pooled(void)
{
    int repeats = bench_repeats(3);
    mpi_work one = { .scenario = "scenarios/barnet/pooled.cfg", .reps = 320, .ranks = 1 }, two = one;
    two.ranks = 2;
    bench_series s1, s2;
    bench_measure(&s1, "calls", BENCH_WALL, repeats, mpi_run, &one, 0);
    bench_measure(&s2, "calls", BENCH_WALL, repeats, mpi_run, &two, 0);
    double lo, hi, t1, t2, i1, i2;
    bench_summary(s1.seconds, s1.repeats, &lo, &t1, &hi);
    bench_summary(s2.seconds, s2.repeats, &lo, &t2, &hi);
    bench_summary(one.inner_s, one.runs, &lo, &i1, &hi);
    bench_summary(two.inner_s, two.runs, &lo, &i2, &hi);
    write_record(&one, &s1, 0, 0);
    write_record(&two, &s2, t1 / t2, i1 / i2);
}

int main(int argc, char **argv)
{
    static const bench_case cases[] = {
        { "mpi/barnet-pooled", barnet_pooled },
    };
    return bench_main(argc, argv, cases, sizeof cases / sizeof *cases);
}
