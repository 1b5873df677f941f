/* bench.c — the common harness of the benchmarks: repeats, the yardstick, records. */
#define _DEFAULT_SOURCE     /* getloadavg */
#include "bench/bench.h"

#include <errno.h>
#include <math.h>
#include <omp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

/* Set by the Makefile for this file: the compiler and the library's flags. */
#ifndef CC_BENCH_CC
#define CC_BENCH_CC "cc"
#endif
#ifndef CC_BENCH_FLAGS
#define CC_BENCH_FLAGS "unknown"
#endif

extern char **environ;

void bench_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now(bench_clock c)
{
    return clock_s(c == BENCH_WALL ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID);
}

/* ---- the yardstick ------------------------------------------------------------
 * The smallest fast M/M/N+M loop we know how to write: its own inlined generator
 * (xoshiro256+ seeded by splitmix64), exponentials by inversion, the next arrival as
 * a scalar, agent completions in a binary heap of doubles, a FIFO ring of waiting
 * callers' (deadline, arrival), abandonment resolved lazily at the head of the queue,
 * a patience drawn only for callers who wait and a handling time only for callers
 * who are answered. It shares nothing with the engine, so the engine's generator and
 * samplers are inside what a ratio to it measures. The workload is fixed: 200
 * replications of an 8-hour day of ref-erlang-a (1,200 calls an hour, AHT 240 s,
 * patience 300 s, 88 agents), about 1.9 million calls. */

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

enum { YARD_REPS = 200, YARD_AGENTS = 88, YARD_RING = 65536 };
#define YARD_SEED 42u
#define YARD_RATE (1200.0 / 3600.0)
#define YARD_AHT 240.0
#define YARD_PATIENCE 300.0
#define YARD_HORIZON (8 * 3600.0)
#define YARD_T 20.0

/* One day starting empty, drained at the end. Returns the calls offered; *within
 * counts those answered within T. */
static long yardstick_day(fast_rng *r, double *heap, double *ring, long *within)
{
    size_t nh = 0, head = 0, count = 0;
    long offered = 0;
    double t = fast_exp(r, 1.0 / YARD_RATE);
    for (;;) {
        double dep = nh ? heap[0] : INFINITY;
        if (t < YARD_HORIZON && t <= dep) {     /* arrival */
            offered++;
            if ((int)nh < YARD_AGENTS) {
                (*within)++;
                double end = t + fast_exp(r, YARD_AHT);
                size_t i = nh++;
                while (i > 0 && heap[(i - 1) / 2] > end) {
                    heap[i] = heap[(i - 1) / 2];
                    i = (i - 1) / 2;
                }
                heap[i] = end;
            } else {
                if (count == YARD_RING)
                    bench_fail("yardstick: waiting ring full");
                size_t j = (head + count++) & (YARD_RING - 1);
                ring[2 * j] = t + fast_exp(r, YARD_PATIENCE);
                ring[2 * j + 1] = t;
            }
            t += fast_exp(r, 1.0 / YARD_RATE);
        } else if (nh) {                        /* departure */
            double at = heap[0];
            while (count && ring[2 * head] < at) {
                head = (head + 1) & (YARD_RING - 1);
                count--;
            }
            double next = INFINITY;
            if (count) {
                *within += at - ring[2 * head + 1] <= YARD_T;
                head = (head + 1) & (YARD_RING - 1);
                count--;
                next = at + fast_exp(r, YARD_AHT);
            }
            heap_replace_root(heap, &nh, next);
        } else {
            break;
        }
    }
    return offered;
}

double bench_yardstick_rate(void)
{
    double heap[YARD_AGENTS + 1], *ring = malloc(2 * YARD_RING * sizeof *ring);
    if (!ring)
        bench_fail("yardstick: out of memory");
    long offered = 0, within = 0;
    double t0 = now(BENCH_THREAD_CPU);
    for (unsigned rep = 0; rep < YARD_REPS; rep++) {
        fast_rng r;
        fast_seed(&r, YARD_SEED, rep);
        offered += yardstick_day(&r, heap, ring, &within);
    }
    double dt = now(BENCH_THREAD_CPU) - t0;
    free(ring);
    if (within <= 0 || offered <= 0 || !(dt > 0))
        bench_fail("yardstick: no calls answered");
    return (double)offered / dt;
}

/* ---- repeats ------------------------------------------------------------------ */

static int repeats_asked(void)
{
    const char *v = getenv("BENCH_REPEATS");
    if (!v || !*v)
        return BENCH_DEFAULT_REPEATS;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || n < 1 || n > BENCH_MAX_REPEATS) {
        fprintf(stderr, "bench: BENCH_REPEATS: must be an integer in [1, %d] (got '%s')\n",
                BENCH_MAX_REPEATS, v);
        exit(1);
    }
    return (int)n;
}

int bench_repeats(int cap)
{
    int n = repeats_asked();
    return cap > 0 && n > cap ? cap : n;
}

void bench_measure(bench_series *s, const char *unit, bench_clock clock, int repeats,
                   bench_work_fn fn, void *ctx, int with_yardstick)
{
    memset(s, 0, sizeof *s);
    s->unit = unit;
    s->clock = clock;
    s->repeats = repeats;
    s->repeats_asked = repeats_asked();
    s->has_ratio = with_yardstick;
    for (int k = 0; k < repeats; k++) {
        double yard = with_yardstick ? bench_yardstick_rate() : 0;
        double t0 = now(clock);
        s->work = fn(ctx);
        s->seconds[k] = now(clock) - t0;
        if (!(s->seconds[k] > 0))
            bench_fail("%s: the work took no measurable time", unit);
        if (with_yardstick)
            s->ratio[k] = s->work / s->seconds[k] / yard;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void bench_summary(const double *v, int n, double *min, double *median, double *max)
{
    double sorted[BENCH_MAX_REPEATS];
    memcpy(sorted, v, (size_t)n * sizeof *v);
    qsort(sorted, (size_t)n, sizeof *sorted, cmp_double);
    *min = sorted[0];
    *max = sorted[n - 1];
    *median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

/* ---- records ------------------------------------------------------------------ */

void bench_record_begin(bench_record *r, const char *name)
{
    memset(r, 0, sizeof *r);
    if (!(r->stream = open_memstream(&r->text, &r->len)))
        bench_fail("out of memory");
    cc_json_init(&r->json, r->stream);
    cc_json_open(&r->json, NULL);
    cc_json_str(&r->json, "bench", name);
}

void bench_record_str(bench_record *r, const char *key, const char *value)
{
    cc_json_str(&r->json, key, value);
}

void bench_record_num(bench_record *r, const char *key, double value)
{
    cc_json_num(&r->json, key, value);
}

void bench_record_int(bench_record *r, const char *key, long long value)
{
    cc_json_int(&r->json, key, value);
}

static void record_spread(bench_record *r, const char *key, const double *v, int n)
{
    double lo, mid, hi;
    bench_summary(v, n, &lo, &mid, &hi);
    cc_json_open(&r->json, key);
    cc_json_num(&r->json, "min", lo);
    cc_json_num(&r->json, "median", mid);
    cc_json_num(&r->json, "max", hi);
    cc_json_close(&r->json);
}

void bench_record_series(bench_record *r, const bench_series *s)
{
    cc_json_int(&r->json, "repeats", s->repeats);
    if (s->repeats < s->repeats_asked)
        cc_json_int(&r->json, "repeats_capped_from", s->repeats_asked);
    cc_json_str(&r->json, "clock", s->clock == BENCH_WALL ? "wall" : "thread-cpu");
    cc_json_num(&r->json, s->unit, s->work);
    record_spread(r, "seconds", s->seconds, s->repeats);
    double lo, mid, hi;
    bench_summary(s->seconds, s->repeats, &lo, &mid, &hi);
    char key[64];
    snprintf(key, sizeof key, "%s_per_s", s->unit);
    cc_json_num(&r->json, key, s->work / mid);
    if (s->has_ratio)
        record_spread(r, "ratio", s->ratio, s->repeats);
}

/* The "model name" line of /proc/cpuinfo, or "unknown". */
static void cpu_model(char *out, size_t size)
{
    snprintf(out, size, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) || !colon)
            continue;
        colon += 1 + (colon[1] == ' ');
        colon[strcspn(colon, "\n")] = '\0';
        snprintf(out, size, "%s", colon);
        break;
    }
    fclose(f);
}

void bench_record_end(bench_record *r)
{
    const char *commit = getenv("CC_COMMIT");
    char cpu[256];
    double load[3] = { NAN, NAN, NAN };
    struct rusage ru;
    cpu_model(cpu, sizeof cpu);
    if (getloadavg(load, 3) != 3)
        load[0] = load[1] = load[2] = NAN;
    getrusage(RUSAGE_SELF, &ru);
    cc_json_int(&r->json, "peak_rss_kb", ru.ru_maxrss);
    cc_json_str(&r->json, "commit", commit && *commit ? commit : "unknown");
    cc_json_str(&r->json, "compiler", CC_BENCH_CC " " __VERSION__);
    cc_json_str(&r->json, "flags", CC_BENCH_FLAGS);
    cc_json_str(&r->json, "cpu", cpu);
    cc_json_int(&r->json, "cores", omp_get_num_procs());
    cc_json_open_array(&r->json, "loadavg");
    for (int i = 0; i < 3; i++)
        cc_json_num(&r->json, NULL, load[i]);
    cc_json_close_array(&r->json);
    cc_json_int(&r->json, "time", (long long)time(NULL));
    cc_json_close(&r->json);
    cc_json_finish(&r->json);
    if (fclose(r->stream))
        bench_fail("out of memory");
    fputs(r->text, stdout);
    fflush(stdout);
    const char *path = getenv("BENCH_OUT");
    if (path && *path) {
        FILE *f = fopen(path, "a");
        if (!f || fputs(r->text, f) == EOF || fclose(f))
            bench_fail("BENCH_OUT %s: %s", path, strerror(errno));
    }
    free(r->text);
    memset(r, 0, sizeof *r);
}

/* ---- the program -------------------------------------------------------------- */

static const bench_case *find_case(const bench_case *cases, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(cases[i].name, name))
            return &cases[i];
    return NULL;
}

/* Runs one case in a fresh process (this program again), so that its peak memory
 * is its own. Returns the child's exit status. */
static int run_child(char *prog, const char *name)
{
    char arg[128];
    snprintf(arg, sizeof arg, "%s", name);
    char *argv[] = { prog, arg, NULL };
    pid_t pid;
    int rc = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ);
    if (rc)
        bench_fail("cannot start %s %s: %s", prog, name, strerror(rc));
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            bench_fail("waiting for %s %s: %s", prog, name, strerror(errno));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

int bench_main(int argc, char **argv, const bench_case *cases, size_t n_cases)
{
    bench_repeats(0);       /* a bad BENCH_REPEATS stops here, before any case */
    if (argc > 1 && !strcmp(argv[1], "--list")) {
        for (size_t i = 0; i < n_cases; i++)
            puts(cases[i].name);
        return 0;
    }
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            if (!find_case(cases, n_cases, argv[i])) {
                fprintf(stderr, "%s: unknown benchmark '%s' (--list names them)\n", argv[0], argv[i]);
                return 1;
            }
        for (int i = 1; i < argc; i++) {
            fprintf(stderr, "%s: %s\n", argv[0], argv[i]);
            find_case(cases, n_cases, argv[i])->run();
        }
        return 0;
    }
    for (size_t i = 0; i < n_cases; i++) {
        int rc = run_child(argv[0], cases[i].name);
        if (rc)
            return rc;
    }
    return 0;
}
