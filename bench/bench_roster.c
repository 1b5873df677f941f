/* bench_roster — the Barnet baseline week rostered (scenarios/barnet/roster.cfg):
 * the Erlang C requirement of its 11 groups, then one GLPK integer programme per
 * group (model/roster.h), timed with CLOCK_MONOTONIC. Prints one JSON line: the
 * wall seconds, the solver's limits, whether every group was proved optimal and the
 * largest gap to the LP bound, and the roster's shifts, paid hours and inefficiency
 * (so a change in the result is visible next to a change in speed).
 *
 *   bench_roster [SCENARIO.cfg]
 */
#include "io/scenario_load.h"
#include "model/plan.h"
#include "model/roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "scenarios/barnet/roster.cfg";
    cc_error err = { 0 };
    cc_scenario *s = NULL;
    cc_plan *p = NULL;
    cc_roster *r = NULL;
    cc_plan_options po = { .method = CC_PLAN_ERLANG_C };
    if (cc_scenario_load(path, &s, &err) != CC_OK || cc_plan_create(s, &po, &p, &err) != CC_OK) {
        fprintf(stderr, "bench_roster: %s\n", err.msg);
        cc_scenario_destroy(s);
        return 1;
    }
    unsigned *required = malloc((s->n_groups * s->n_intervals + 1) * sizeof *required);
    if (!required) {
        fprintf(stderr, "bench_roster: out of memory\n");
        return 1;
    }
    cc_plan_staffing(p, 0, required);
    double t0 = now();
    int rc = cc_roster_solve(s, required, &r, &err);
    double wall = now() - t0;
    if (rc != CC_OK) {
        fprintf(stderr, "bench_roster: %s\n", err.msg);
    } else {
        printf("{\"bench\": \"roster\", \"scenario\": \"%s\", \"groups\": %zu, \"intervals\": %zu, "
               "\"wall_s\": %.3f, \"time_limit_s\": %g, \"mip_gap\": %g, \"optimal\": %s, \"gap\": %.4f, "
               "\"shifts\": %ld, \"headcount\": %ld, \"paid_hours\": %.2f, \"inefficiency\": %.4f}\n",
               s->name, s->n_groups, s->n_intervals, wall, s->roster.time_limit_s, s->roster.mip_gap,
               r->optimal ? "true" : "false", r->gap, r->total.shifts, r->total.headcount, r->total.paid_hours,
               r->total.inefficiency);
    }
    cc_roster_destroy(r);
    free(required);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
    return rc == CC_OK ? 0 : 1;
}
