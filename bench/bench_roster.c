/* bench_roster — the Barnet baseline week rostered (scenarios/barnet/roster.cfg).
 *
 * Case roster/barnet-week (records as described in bench/bench.h: the thread's CPU
 * clock, each repeat preceded by the yardstick; at most 3 repeats, a solve takes
 * seconds): the Erlang C requirement of its 11 groups is computed once, then each
 * repeat solves one GLPK integer programme per group (cc_roster_solve). The rate is
 * group-intervals rostered per second. The record carries the solver's limits,
 * whether every group was proved optimal, the largest gap to the LP bound, and the
 * roster's shifts, headcount, paid hours and inefficiency, so a change in the result
 * shows next to a change in speed.
 *
 *   bench_roster [CASE...]       (none: every case, each in its own process)
 */
#include "bench/bench.h"
#include "io/scenario_load.h"
#include "model/plan.h"
#include "model/roster.h"

#include <stdlib.h>

typedef struct roster_work {
    const cc_scenario *s;
    const unsigned *required;
    cc_roster *last;            /* the last repeat's roster */
} roster_work;

static double solve_once(void *ctx)
{
    roster_work *w = ctx;
    cc_error err = { 0 };
    cc_roster_destroy(w->last);
    w->last = NULL;
    if (cc_roster_solve(w->s, w->required, &w->last, &err) != CC_OK)
        bench_fail("%s", err.msg);
    return (double)(w->s->n_groups * w->s->n_intervals);
}

static void barnet_week(void)
{
    const char *path = "scenarios/barnet/roster.cfg";
    cc_error err = { 0 };
    cc_scenario *s = NULL;
    cc_plan *p = NULL;
    cc_plan_options po = { .method = CC_PLAN_ERLANG_C };
    if (cc_scenario_load(path, &s, &err) != CC_OK || cc_plan_create(s, &po, &p, &err) != CC_OK)
        bench_fail("%s", err.msg);
    unsigned *required = malloc((s->n_groups * s->n_intervals + 1) * sizeof *required);
    if (!required)
        bench_fail("out of memory");
    cc_plan_staffing(p, 0, required);
    roster_work w = { s, required, NULL };
    bench_series ser;
    bench_measure(&ser, "group_intervals", BENCH_THREAD_CPU, bench_repeats(3), solve_once, &w, 1);
    const cc_roster *r = w.last;
    bench_record rec;
    bench_record_begin(&rec, "roster/barnet-week");
    bench_record_str(&rec, "scenario", path);
    bench_record_int(&rec, "groups", (long long)s->n_groups);
    bench_record_int(&rec, "intervals", (long long)s->n_intervals);
    bench_record_num(&rec, "time_limit_s", s->roster.time_limit_s);
    bench_record_num(&rec, "mip_gap", s->roster.mip_gap);
    bench_record_int(&rec, "optimal", r->optimal);
    bench_record_num(&rec, "gap", r->gap);
    bench_record_int(&rec, "shifts", r->total.shifts);
    bench_record_int(&rec, "headcount", r->total.headcount);
    bench_record_num(&rec, "paid_hours", r->total.paid_hours);
    bench_record_num(&rec, "inefficiency", r->total.inefficiency);
    bench_record_series(&rec, &ser);
    bench_record_end(&rec);
    cc_roster_destroy(w.last);
    free(required);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

int main(int argc, char **argv)
{
    static const bench_case cases[] = {
        { "roster/barnet-week", barnet_week },
    };
    return bench_main(argc, argv, cases, sizeof cases / sizeof *cases);
}
