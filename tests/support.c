#define _DEFAULT_SOURCE /* mkstemps */
#include "tests/support.h"

#include "io/scenario_load.h"
#include "sim/engine.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *test_write_cfg(const char *text)
{
    char *path = strdup("/tmp/ccsim-test-XXXXXX.cfg");
    int fd = mkstemps(path, 4);
    cr_assert_geq(fd, 0, "cannot create a temporary file");
    size_t n = strlen(text);
    cr_assert_eq(write(fd, text, n), (ssize_t)n);
    close(fd);
    return path;
}

cc_scenario *test_load(const char *path)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    int rc = cc_scenario_load(path, &s, &err);
    cr_assert_eq(rc, CC_OK, "loading %s: %s", path, err.msg);
    return s;
}

cc_scenario *test_load_text(const char *text)
{
    char *path = test_write_cfg(text);
    cc_scenario *s = test_load(path);
    unlink(path);
    free(path);
    return s;
}

cc_results *test_simulate(const cc_scenario *s, unsigned reps, uint64_t seed, int threads)
{
    cc_run_options opt = { .replications = reps, .seed = seed, .threads = threads };
    cc_results *r = NULL;
    cc_error err = { 0 };
    int rc = cc_simulate(s, &opt, &r, &err);
    cr_assert_eq(rc, CC_OK, "simulating %s: %s", s->name, err.msg);
    return r;
}

void test_engine_tallies(const cc_scenario *s, uint64_t seed, uint64_t rep, cc_queue_tally **qt,
                         cc_group_tally **gt)
{
    unsigned *staffing = cc_scenario_staffing(s);
    cc_engine *e = cc_engine_create(s, staffing);
    cr_assert_not_null(e);
    size_t cells = s->n_queues * s->n_intervals;
    cc_queue_counts *counts = calloc(cells + 1, sizeof *counts);
    *qt = calloc(cells + 1, sizeof **qt);
    *gt = calloc(s->n_groups * s->n_intervals, sizeof **gt);
    unsigned char *qw = calloc(cells, 1), *gw = calloc(s->n_groups * s->n_intervals, 1);
    cr_assert(counts && *qt && *gt && qw && gw);
    cr_assert_eq(cc_engine_run(e, seed, rep, &(cc_engine_tallies){ counts, *gt, qw, gw }), 0);
    for (size_t c = 0; c < cells; c++)
        cc_queue_counts_tally(&counts[c], &(*qt)[c]);
    free(counts);
    free(qw);
    free(gw);
    cc_engine_destroy(e);
    free(staffing);
}

size_t test_add_site(cc_scenario *s, const char *name)
{
    cc_site *sites = realloc(s->sites, (s->n_sites + 1) * sizeof *sites);
    cr_assert_not_null(sites);
    s->sites = sites;
    sites[s->n_sites] = (cc_site){ .name = strdup(name), .id = cc_stable_id("site", name) };
    return s->n_sites++;
}

void test_add_event(cc_scenario *s, cc_timeline_event ev)
{
    cc_timeline_event *events = realloc(s->events, (s->n_events + 1) * sizeof *events);
    cr_assert_not_null(events);
    size_t k = s->n_events;
    while (k > 0 && events[k - 1].at_s > ev.at_s) {
        events[k] = events[k - 1];
        k--;
    }
    events[k] = ev;
    s->events = events;
    s->n_events++;
}

void test_set_trace(cc_scenario *s, size_t q, const double *arrival_s, const double *handling_s, size_t n)
{
    cc_queue *qu = &s->queues[q];
    qu->source = CC_SOURCE_TRACE;
    qu->trace.n = n;
    qu->trace.arrival_s = malloc(n * sizeof *qu->trace.arrival_s);
    cr_assert_not_null(qu->trace.arrival_s);
    memcpy(qu->trace.arrival_s, arrival_s, n * sizeof *arrival_s);
    if (handling_s) {
        qu->trace.handling_s = malloc(n * sizeof *qu->trace.handling_s);
        cr_assert_not_null(qu->trace.handling_s);
        memcpy(qu->trace.handling_s, handling_s, n * sizeof *handling_s);
    }
    for (size_t i = 0; i < s->n_intervals; i++)
        qu->calls[i] = 0.0;
    for (size_t k = 0; k < n; k++)
        qu->calls[(size_t)(arrival_s[k] / s->interval_s)] += 1.0;
}

void test_assert_agrees(const char *what, cc_estimate e, double exact)
{
    double se = e.ci95 / 1.96;
    cr_assert(isfinite(e.mean) && isfinite(se), "%s: no estimate", what);
    cr_assert_leq(fabs(e.mean - exact), 3.29 * se + 1e-12,
                  "%s: simulated %.6f ± %.6f (95%%) disagrees with exact %.6f", what, e.mean,
                  e.ci95, exact);
}

const char *test_ccsim(void)
{
    const char *p = getenv("CCSIM");
    return p && *p ? p : "./build/ccsim";
}

int test_run(const char *cmd, char **out)
{
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f, "cannot run %s", cmd);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    int st = pclose(f);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

hsize_t test_h5_rows(hid_t file, const char *dataset)
{
    hid_t d = H5Dopen2(file, dataset, H5P_DEFAULT);
    cr_assert_geq(d, 0, "no dataset %s", dataset);
    hid_t sp = H5Dget_space(d);
    hsize_t n = (hsize_t)H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    H5Dclose(d);
    return n;
}

int test_h5_has_column(hid_t file, const char *dataset, const char *column)
{
    hid_t d = H5Dopen2(file, dataset, H5P_DEFAULT);
    cr_assert_geq(d, 0, "no dataset %s", dataset);
    hid_t t = H5Dget_type(d);
    int idx = H5Tget_member_index(t, column);
    H5Tclose(t);
    H5Dclose(d);
    return idx >= 0;
}

/* Whether pid runs another program than this one (it has exec'd): before the exec a
 * forked child still shows this process's signal handlers. */
static int has_exec(pid_t pid)
{
    char path[64], self[4096], other[4096];
    snprintf(path, sizeof path, "/proc/%ld/exe", (long)pid);
    ssize_t a = readlink("/proc/self/exe", self, sizeof self - 1), b = readlink(path, other, sizeof other - 1);
    if (a < 0 || b < 0)
        return 0;
    self[a] = other[b] = '\0';
    return strcmp(self, other) != 0;
}

void test_wait_catches(pid_t pid, int sig)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    for (int tries = 0; tries < 6000; tries++) {
        unsigned long long caught = 0;
        FILE *f = has_exec(pid) ? fopen(path, "r") : NULL;
        while (f && fgets(line, sizeof line, f))
            if (sscanf(line, "SigCgt: %llx", &caught) == 1)
                break;
        if (f)
            fclose(f);
        if (caught >> (sig - 1) & 1)
            return;
        usleep(10000);
    }
    cr_assert_fail("process %ld never caught signal %d", (long)pid, sig);
}
