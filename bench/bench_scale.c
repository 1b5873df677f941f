/* bench_scale — a year of 5-minute intervals: memory and the work around the
 * replications.
 *
 * Runs bench/scale/scale.cfg (11 queues x 364 days x 288 five-minute intervals,
 * 1,153,152 queue-intervals) through the runner and the results writer, as
 * `ccsim simulate --out` does, with 20 replications on 2 threads, and measures:
 *   - peak memory of the process (getrusage's maximum resident set size), which
 *     includes the loaded scenario, after cc_simulate and after the HDF5 file;
 *   - the share of the run spent outside the replications: the run's time
 *     (cc_simulate and the HDF5 file) minus the time of the same replications run
 *     bare (the engines alone on the same threads, tallies thrown away), over the
 *     run's time. What is left is reduction, estimates and output; given for
 *     cc_simulate alone (what `simulate --json` adds is a few per-queue lines) and
 *     with the HDF5 file of `simulate --out`. Measured in CPU
 *     seconds of the process (the work, which other load on a shared machine does
 *     not inflate) and in wall-clock seconds.
 * Text on stderr, one JSON line on stdout.
 *
 *   bench_scale [REPLICATIONS [THREADS]]     (default 20 and 2)
 */
#include "io/results_h5.h"
#include "io/scenario_load.h"
#include "sim/engine.h"
#include "sim/runner.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#define SCENARIO "bench/scale/scale.cfg"

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* User and system CPU seconds of the whole process, all threads. */
static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

/* Wall-clock seconds of the replications alone: one engine and one tally buffer
 * per thread, nothing reduced (each replication adds into the buffer, which is
 * never read). */
static double bare_replications(const cc_scenario *s, unsigned reps, int threads, double *cpu)
{
    unsigned *staffing = cc_scenario_staffing(s);
    size_t q_cells = s->n_queues * s->n_intervals, g_cells = s->n_groups * s->n_intervals;
    double t0 = 0, t1 = 0;
    int failed = staffing == NULL;
#pragma omp parallel num_threads(threads) reduction(|| : failed)
    {
        cc_engine *e = failed ? NULL : cc_engine_create(s, staffing);
        cc_queue_counts *qt = calloc(q_cells, sizeof *qt);
        cc_group_tally *gt = calloc(g_cells ? g_cells : 1, sizeof *gt);
        unsigned char *qw = calloc(q_cells, 1), *gw = calloc(g_cells ? g_cells : 1, 1);
        cc_engine_tallies out = { qt, gt, qw, gw };
        failed = !e || !qt || !gt || !qw || !gw;
#pragma omp barrier
#pragma omp single
        {
            t0 = omp_get_wtime();
            *cpu = cpu_s();
        }
#pragma omp for schedule(dynamic, 1)
        for (unsigned rep = 0; rep < reps; rep++)
            failed |= !failed && cc_engine_run(e, s->seed, rep, &out) != 0;
#pragma omp single
        {
            t1 = omp_get_wtime();
            *cpu = cpu_s() - *cpu;
        }
        cc_engine_destroy(e);
        free(qt);
        free(gt);
        free(qw);
        free(gw);
    }
    free(staffing);
    if (failed) {
        fprintf(stderr, "bench_scale: out of memory for the bare replications\n");
        exit(2);
    }
    return t1 - t0;
}

int main(int argc, char **argv)
{
    unsigned reps = argc > 1 ? (unsigned)atoi(argv[1]) : 20;
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    cc_scenario *s;
    cc_error err;
    if (cc_scenario_load(SCENARIO, &s, &err) != CC_OK) {
        fprintf(stderr, "bench_scale: %s\n", err.msg);
        return 2;
    }
    char out[64];
    snprintf(out, sizeof out, "/tmp/bench_scale.%ld.h5", (long)getpid());

    cc_run_options opt = { .replications = reps, .seed = s->seed, .threads = threads };
    cc_results *r = NULL;
    double t0 = omp_get_wtime(), c0 = cpu_s();
    int status = cc_simulate(s, &opt, &r, &err);
    double t1 = omp_get_wtime(), c1 = cpu_s();
    long rss_sim = peak_rss_kb();
    if (status == CC_OK)
        status = cc_results_write_h5(r, out, &err);
    if (status != CC_OK) {
        fprintf(stderr, "bench_scale: %s\n", err.msg);
        return 2;
    }
    double sim_s = t1 - t0, sim_cpu = c1 - c0, file_s = omp_get_wtime() - t1, file_cpu = cpu_s() - c1;
    long rss = peak_rss_kb();
    double calls = r->calls_total;
    cc_results_destroy(r);
    unlink(out);

    double bare_cpu, bare_s = bare_replications(s, reps, threads, &bare_cpu);
    /* Shares of the run outside the replications, without and with the HDF5 file. */
    double out_s = (sim_s - bare_s) / sim_s, out_cpu = (sim_cpu - bare_cpu) / sim_cpu;
    double out_file_s = (sim_s + file_s - bare_s) / (sim_s + file_s);
    double out_file_cpu = (sim_cpu + file_cpu - bare_cpu) / (sim_cpu + file_cpu);
    size_t cells = s->n_queues * s->n_intervals;
    fprintf(stderr, "%s: %zu queue-intervals, %u replications on %d threads, %.0f calls\n", SCENARIO,
            cells, reps, threads, calls);
    fprintf(stderr, "simulate %.2f s wall, %.2f s CPU; HDF5 file %.2f s wall, %.2f s CPU; "
            "bare replications %.2f s wall, %.2f s CPU\n", sim_s, sim_cpu, file_s, file_cpu, bare_s, bare_cpu);
    fprintf(stderr, "outside the replications: %.1f%% of the CPU time (%.1f%% with the file), "
            "%.1f%% of the wall-clock time (%.1f%% with the file)\n", 100.0 * out_cpu, 100.0 * out_file_cpu,
            100.0 * out_s, 100.0 * out_file_s);
    fprintf(stderr, "peak RSS %.1f MB after simulate, %.1f MB with the file (%.0f bytes per queue-interval)\n",
            (double)rss_sim / 1024.0, (double)rss / 1024.0, (double)rss * 1024.0 / (double)cells);
    printf("{\"bench\": \"scale\", \"scenario\": \"%s\", \"queue_intervals\": %zu, \"replications\": %u, "
           "\"threads\": %d, \"simulate_s\": %.3f, \"simulate_cpu_s\": %.3f, \"file_s\": %.3f, "
           "\"file_cpu_s\": %.3f, \"replications_s\": %.3f, \"replications_cpu_s\": %.3f, "
           "\"cpu_share_outside_replications\": %.4f, \"cpu_share_outside_replications_with_file\": %.4f, "
           "\"share_outside_replications\": %.4f, \"share_outside_replications_with_file\": %.4f, "
           "\"peak_rss_kb_simulate\": %ld, \"peak_rss_kb\": %ld}\n",
           s->name, cells, reps, threads, sim_s, sim_cpu, file_s, file_cpu, bare_s, bare_cpu, out_cpu,
           out_file_cpu, out_s, out_file_s, rss_sim, rss);
    cc_scenario_destroy(s);
    return 0;
}
