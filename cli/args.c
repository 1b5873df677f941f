#include "cli/args.h"

#include "io/scenario_load.h"
#include "sim/mpi_runner.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cc_args_value(int argc, char **argv, int *i, const char **value, cc_error *err)
{
    if (*i + 1 >= argc)
        return cc_error_set(err, CC_EINPUT, "%s needs a value", argv[*i]);
    *value = argv[++*i];
    return CC_OK;
}

static void range_text(char *buf, size_t n, double lo, int lo_open, double hi, int hi_open)
{
    if (isinf(hi))
        snprintf(buf, n, "%s %g", lo_open ? ">" : ">=", lo);
    else
        snprintf(buf, n, "in %c%g, %g%c", lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']');
}

int cc_args_double(const char *flag, const char *s, double lo, int lo_open,
                   double hi, int hi_open, double *out, cc_error *err)
{
    char range[96];
    range_text(range, sizeof range, lo, lo_open, hi, hi_open);
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
        return cc_error_set(err, CC_EINPUT, "%s must be a number %s (got '%s')", flag, range, s);
    if (v < lo || (lo_open && v == lo) || v > hi || (hi_open && v == hi))
        return cc_error_set(err, CC_EINPUT, "%s must be %s (got %s)", flag, range, s);
    *out = v;
    return CC_OK;
}

int cc_args_long(const char *flag, const char *s, long long lo, long long hi,
                 long long *out, cc_error *err)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return cc_error_set(err, CC_EINPUT, "%s must be a whole number in [%lld, %lld] (got '%s')",
                            flag, lo, hi, s);
    *out = v;
    return CC_OK;
}

int cc_args_run_option(int argc, char **argv, int *i, long long min_replications, cc_args_run *r,
                       int *status, cc_error *err)
{
    const char *a = argv[*i], *v = NULL;
    long long *out, lo, hi;
    if (!strcmp(a, "--replications")) {
        out = &r->replications, lo = min_replications, hi = 1000000;
    } else if (!strcmp(a, "--seed")) {
        out = &r->seed, lo = 1, hi = 0x7fffffffffffffffLL;
    } else if (!strcmp(a, "--threads")) {
        out = &r->threads, lo = 1, hi = 1024;
    } else {
        return 0;
    }
    if ((*status = cc_args_value(argc, argv, i, &v, err)) == CC_OK)
        *status = cc_args_long(a, v, lo, hi, out, err);
    return 1;
}

int cc_args_load_scenario(const char *command, const char *path, cc_scenario **out, cc_error *err)
{
    int st = cc_scenario_load(path, out, err);
    if (st == CC_OK && cc_mpi_rank() == 0)   /* under MPI every rank loads; rank 0 warns */
        for (size_t k = 0; k < (*out)->n_warnings; k++)
            fprintf(stderr, "ccsim %s: warning: %s\n", command, (*out)->warnings[k]);
    return st;
}

int cc_cli_table_fits(const cc_scenario *s)
{
    size_t rows = 0;
    for (size_t q = 0; q < s->n_queues; q++)
        rows += s->queues[q].n_open_intervals;
    if (rows <= 120)
        return 1;
    printf("\n(%zu queue-intervals: use --out FILE.h5 for the interval table)\n", rows);
    return 0;
}

int cc_cli_stdout_done(cc_error *err)
{
    /* errno is that of the failed write: stdio sets the error flag only then. */
    if (fflush(stdout) == 0 && !ferror(stdout))
        return CC_OK;
    int e = errno;
    return cc_error_set(err, CC_EINTERNAL, "cannot write to stdout (%s)", e ? strerror(e) : "write error");
}

int cc_args_method(const char *value, int allow_simulation, cc_plan_method *method, cc_error *err)
{
    if (!strcmp(value, "erlang-c"))
        *method = CC_PLAN_ERLANG_C;
    else if (!strcmp(value, "erlang-a"))
        *method = CC_PLAN_ERLANG_A;
    else if (allow_simulation && !strcmp(value, "simulation"))
        *method = CC_PLAN_SIMULATION;
    else
        return cc_error_set(err, CC_EINPUT, "--method must be erlang-c%s erlang-a%s (got '%s')",
                            allow_simulation ? "," : " or", allow_simulation ? " or simulation" : "", value);
    return CC_OK;
}

void cc_args_run_resolve(const cc_args_run *r, const cc_scenario *s, unsigned *replications, uint64_t *seed,
                         int *threads)
{
    *replications = r->replications ? (unsigned)r->replications : s->replications;
    *seed = r->seed ? (uint64_t)r->seed : s->seed;
    *threads = (int)r->threads;
}
