/* bench_sim — the simulation core against the fastest honest hand-written M/M/N+M loop.
 *
 * Runs scenarios/ref-erlang-a.cfg through the full engine (loader, runner, OpenMP
 * replications) on 1 thread and on all threads, and, on the same workload in the
 * same run, the yardstick: the smallest fast M/M/N+M loop we know how to write —
 * its own inlined generator (xoshiro256+ seeded by splitmix64), exponentials by
 * inversion, the next arrival as a scalar, agent completions in a binary heap of
 * doubles, a FIFO ring of waiting callers' (deadline, arrival), abandonment resolved
 * lazily at the head of the queue, a patience drawn only for callers who wait and a
 * handling time only for callers who are answered. It shares nothing with the
 * engine, so the engine's generator and samplers are inside what is timed. Prints
 * calls per second for each, the engine/yardstick ratio (the median, and the range,
 * over seven rounds in which the two run back to back), the 1 → all threads
 * speed-up, and peak memory at two replication counts (memory must not grow with the
 * number of calls), as text on stderr and one JSON line on stdout.
 *
 * The single-thread figures (engine and yardstick) are calls per second of the
 * thread's CPU time, so that other work on a shared machine does not tilt their ratio; the
 * all-threads figure and the speed-up are wall-clock, as they must be.
 *
 *   bench_sim [REPLICATIONS]     (default 400; the scenario has ~9,600 calls each)
 */
#include "io/scenario_load.h"
#include "sim/runner.h"

#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define SCENARIO "scenarios/ref-erlang-a.cfg"

/* The yardstick's generator: xoshiro256+ (Blackman & Vigna), 53-bit doubles. */
typedef struct fast_rng { uint64_t s[4]; } fast_rng;

static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t fast_next(fast_rng *r)
{
    uint64_t *s = r->s, out = s[0] + s[3], t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return out;
}

static void fast_seed(fast_rng *r, uint64_t seed, uint64_t rep)
{
    uint64_t x = seed ^ (rep * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++) {
        uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        r->s[i] = z ^ (z >> 31);
    }
}

/* Exponential of the given mean by inversion. */
static inline double fast_exp(fast_rng *r, double mean)
{
    return -mean * log1p(-(double)(fast_next(r) >> 11) * 0x1.0p-53);
}

/* Puts x into the completion heap (size *nh) in place of its root, or removes the
 * root when x is +inf. */
static inline void heap_replace_root(double *heap, size_t *nh, double x)
{
    if (x == INFINITY)
        x = heap[--*nh];
    size_t i = 0, n = *nh;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && heap[c + 1] < heap[c])
            c++;
        if (heap[c] >= x)
            break;
        heap[i] = heap[c];
        i = c;
    }
    if (n)
        heap[i] = x;
}

/* The yardstick: one 8-hour day of M/M/N+M starting empty, drained at the end.
 * Returns the calls offered; *within counts those answered within T. */
static long yardstick_day(fast_rng *r, double rate, double aht, double patience, int agents,
                          double horizon, double T, double *heap, double *ring, size_t ring_cap,
                          long *within)
{
    size_t nh = 0, head = 0, count = 0;
    long offered = 0;
    double t = fast_exp(r, 1.0 / rate);
    for (;;) {
        double dep = nh ? heap[0] : INFINITY;
        if (t < horizon && t <= dep) {          /* arrival */
            offered++;
            if ((int)nh < agents) {
                (*within)++;
                double end = t + fast_exp(r, aht);
                size_t i = nh++;
                while (i > 0 && heap[(i - 1) / 2] > end) {
                    heap[i] = heap[(i - 1) / 2];
                    i = (i - 1) / 2;
                }
                heap[i] = end;
            } else {
                if (count == ring_cap)
                    abort();
                size_t j = (head + count++) & (ring_cap - 1);
                ring[2 * j] = t + fast_exp(r, patience);
                ring[2 * j + 1] = t;
            }
            t += fast_exp(r, 1.0 / rate);
        } else if (nh) {                        /* departure */
            double now = heap[0];
            while (count && ring[2 * head] < now) {
                head = (head + 1) & (ring_cap - 1);
                count--;
            }
            double next = INFINITY;
            if (count) {
                *within += now - ring[2 * head + 1] <= T;
                head = (head + 1) & (ring_cap - 1);
                count--;
                next = now + fast_exp(r, aht);
            }
            heap_replace_root(heap, &nh, next);
        } else {
            break;
        }
    }
    return offered;
}

/* CPU seconds of the calling thread: a one-thread run executes on it, and the
 * clock ignores OpenMP's idle workers spinning after an earlier parallel run. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Returns the yardstick's CPU seconds for reps replications. */
static double run_yardstick(unsigned reps, uint64_t seed, long *calls)
{
    double heap[128], *ring = malloc(2 * 65536 * sizeof *ring);
    long offered = 0, within = 0;
    double t0 = cpu_seconds();
    for (unsigned rep = 0; rep < reps; rep++) {
        fast_rng r;
        fast_seed(&r, seed, rep);
        offered += yardstick_day(&r, 1200.0 / 3600.0, 240.0, 300.0, 88, 8 * 3600.0, 20.0, heap,
                                 ring, 65536, &within);
    }
    double wall = cpu_seconds() - t0;
    fprintf(stderr, "yardstick: %ld calls, SL %.4f\n", offered, (double)within / (double)offered);
    free(ring);
    *calls = offered;
    return wall;
}

/* Calls per wall-clock second, and per CPU second of the calling thread (the
 * comparable figure for a one-thread run). */
static void engine_rate(const cc_scenario *s, unsigned reps, int threads, double *wall_rate, double *cpu_rate)
{
    cc_run_options opt = { .replications = reps, .seed = s->seed, .threads = threads };
    cc_results *r = NULL;
    cc_error err;
    double c0 = cpu_seconds();
    if (cc_simulate(s, &opt, &r, &err) != CC_OK) {
        fprintf(stderr, "bench_sim: %s\n", err.msg);
        exit(2);
    }
    *cpu_rate = r->calls_total / (cpu_seconds() - c0);
    *wall_rate = r->calls_total / r->wall_s;
    cc_results_destroy(r);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    unsigned reps = argc > 1 ? (unsigned)atoi(argv[1]) : 400;
    cc_scenario *s;
    cc_error err;
    if (cc_scenario_load(SCENARIO, &s, &err) != CC_OK) {
        fprintf(stderr, "bench_sim: %s\n", err.msg);
        return 2;
    }
    int all = omp_get_max_threads();
    /* Seven rounds; in each, the yardstick and the engine on one thread run back to
     * back, so they share the machine's state of the moment and their ratio is the
     * comparable figure: its range and median over the rounds are reported, with the
     * best rate of each (timings on a shared or virtual machine come in modes some
     * 10% apart). */
    enum { ROUNDS = 7 };
    double ratio[ROUNDS], e1 = 0, e1_wall = 0, en = 0, yrate = 0;
    for (int k = 0; k < ROUNDS; k++) {
        long ycalls = 0;
        double ywall = run_yardstick(reps, s->seed, &ycalls);
        double y = (double)ycalls / ywall, a_wall, a_cpu, b_wall, b_cpu;
        engine_rate(s, reps, 1, &a_wall, &a_cpu);
        engine_rate(s, reps, all, &b_wall, &b_cpu);
        ratio[k] = a_cpu / y;
        yrate = y > yrate ? y : yrate;
        e1 = a_cpu > e1 ? a_cpu : e1;
        e1_wall = a_wall > e1_wall ? a_wall : e1_wall;
        en = b_wall > en ? b_wall : en;
    }
    for (int i = 1; i < ROUNDS; i++)        /* insertion sort of seven ratios */
        for (int j = i; j > 0 && ratio[j] < ratio[j - 1]; j--) {
            double t = ratio[j];
            ratio[j] = ratio[j - 1];
            ratio[j - 1] = t;
        }
    long rss_small = peak_rss_kb();
    double ignore_wall, ignore_cpu;
    engine_rate(s, reps * 4, all, &ignore_wall, &ignore_cpu);
    long rss_large = peak_rss_kb();

    fprintf(stderr, "engine 1 thread : %.2f M calls per CPU second\n", e1 / 1e6);
    fprintf(stderr, "engine %d threads: %.2f M calls/s wall-clock (speed-up over 1 thread's %.2f M: %.2fx)\n",
            all, en / 1e6, e1_wall / 1e6, en / e1_wall);
    fprintf(stderr, "yardstick       : %.2f M calls per CPU second\n", yrate / 1e6);
    fprintf(stderr, "engine/yardstick: %.3f median of %d rounds (range %.3f-%.3f); best/best %.3f\n",
            ratio[ROUNDS / 2], ROUNDS, ratio[0], ratio[ROUNDS - 1], e1 / yrate);
    fprintf(stderr, "peak RSS %ld kB after %u replications, %ld kB after %u more\n", rss_small, reps,
            rss_large, reps * 4);
    printf("{\"bench\": \"sim_core\", \"scenario\": \"ref-erlang-a\", \"replications\": %u, "
           "\"engine_calls_per_s_1t\": %.0f, \"engine_calls_per_s_all\": %.0f, \"threads\": %d, "
           "\"speedup\": %.3f, \"yardstick_calls_per_s\": %.0f, \"ratio_to_yardstick\": %.3f, "
           "\"ratio_min\": %.3f, \"ratio_max\": %.3f, \"peak_rss_kb\": %ld, \"peak_rss_kb_4x_reps\": %ld}\n",
           reps, e1, en, all, en / e1_wall, yrate, ratio[ROUNDS / 2], ratio[0], ratio[ROUNDS - 1],
           rss_small, rss_large);
    cc_scenario_destroy(s);
    return 0;
}
