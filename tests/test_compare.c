/* test_compare.c — paired differences on common random numbers (sim/compare.h). */
#include "model/plan.h"
#include "sim/compare.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

/* The Barnet baseline staffed by Erlang C one team per line, against the pooled
 * roster of scenarios/barnet/pooled.cfg staffed by Erlang C on the pooled load (the
 * same queues, so the same callers). Pooling needs fewer agents; the paired interval
 * of the service-level difference is clearly narrower than the unpaired one
 * (sqrt(a^2 + b^2) of the two sides' own), because the busy and quiet replications
 * are the same on both sides. (It cannot be narrower than the baseline's own here:
 * the pooled team's service level varies twice as much, and a paired variance
 * a^2 + b^2 - 2 rho a b is below b^2 only when a < 2 rho b.) Then the baseline
 * against itself with one more agent per queue in every staffed half hour: sides of
 * similar spread, and the paired interval is narrower than either side's own. */
Test(compare, pooled_roster_paired_with_the_baseline_is_sharper, .timeout = 300)
{
    cc_scenario *base = test_load("scenarios/barnet/baseline.cfg");
    cc_scenario *pooled = test_load("scenarios/barnet/pooled.cfg");
    cr_assert_geq(pooled->n_groups, 1);
    cr_assert_eq(base->n_intervals, pooled->n_intervals);
    cc_plan_options po = { .method = CC_PLAN_ERLANG_C };
    cc_plan *p;
    cc_error err;
    cr_assert_eq(cc_plan_create(base, &po, &p, &err), CC_OK, "%s", err.msg);
    cc_plan *pp;
    cr_assert_eq(cc_plan_create(pooled, &po, &pp, &err), CC_OK, "%s", err.msg);
    size_t ni = base->n_intervals;
    unsigned *per_queue = malloc(base->n_groups * ni * sizeof *per_queue);
    unsigned *together = malloc(pooled->n_groups * ni * sizeof *together);
    cr_assert(per_queue && together);
    cc_plan_staffing(p, 0, per_queue);
    cc_plan_staffing(pp, 0, together);
    unsigned long sum_base = 0, sum_pooled = 0;
    for (size_t i = 0; i < ni; i++) {
        for (size_t g = 0; g < pooled->n_groups; g++)
            sum_pooled += together[g * ni + i];
        for (size_t g = 0; g < base->n_groups; g++)
            sum_base += per_queue[g * ni + i];
    }
    cr_assert_lt(sum_pooled, sum_base);

    cc_run_options ob = { .replications = 40, .seed = 7, .threads = 2, .staffing = per_queue };
    cc_run_options oa = ob;
    oa.staffing = together;
    cc_results *rb, *ra;
    cr_assert_eq(cc_simulate(base, &ob, &rb, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(cc_simulate(pooled, &oa, &ra, &err), CC_OK, "%s", err.msg);
    /* the same callers on both sides */
    cr_assert_eq(rb->calls_total, ra->calls_total);

    cc_estimate d, b = cc_kpi_estimate(rb, 0), a = cc_kpi_estimate(ra, 0);
    cr_assert_eq(cc_kpis[0].metric, CC_M_SERVICE_LEVEL);
    cr_assert_eq(cc_kpi_paired_diff(rb, ra, 0, &d, &err), CC_OK, "%s", err.msg);
    cr_assert_float_eq(d.mean, a.mean - b.mean, 1e-12);
    double unpaired = sqrt(a.ci95 * a.ci95 + b.ci95 * b.ci95);
    cr_assert_lt(d.ci95, 0.85 * unpaired, "paired %g vs unpaired %g", d.ci95, unpaired);

    /* one more agent wherever the baseline staffs */
    unsigned *more = malloc(base->n_groups * ni * sizeof *more);
    cr_assert(more);
    for (size_t k = 0; k < base->n_groups * ni; k++)
        more[k] = per_queue[k] ? per_queue[k] + 1 : 0;
    cc_run_options om = ob;
    om.staffing = more;
    cc_results *rm;
    cr_assert_eq(cc_simulate(base, &om, &rm, &err), CC_OK, "%s", err.msg);
    cc_estimate m = cc_kpi_estimate(rm, 0), dm;
    cr_assert_eq(cc_kpi_paired_diff(rb, rm, 0, &dm, &err), CC_OK, "%s", err.msg);
    cr_assert_gt(dm.mean, 0.0);
    cr_assert_lt(dm.ci95, b.ci95, "paired %g vs base %g", dm.ci95, b.ci95);
    cr_assert_lt(dm.ci95, m.ci95, "paired %g vs +1 agent %g", dm.ci95, m.ci95);
    cr_log_info("SL base %.4f ± %.4f, pooled %.4f ± %.4f, paired %+.4f ± %.4f; +1 agent %.4f ± "
                "%.4f, paired %+.4f ± %.4f", b.mean, b.ci95, a.mean, a.ci95, d.mean, d.ci95, m.mean,
                m.ci95, dm.mean, dm.ci95);
    cc_results_destroy(rm);
    free(more);

    /* different seeds pair nothing */
    cc_results *rc;
    cc_run_options oc = oa;
    oc.seed = 8;
    cr_assert_eq(cc_simulate(pooled, &oc, &rc, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(cc_kpi_paired_diff(rb, rc, 0, &d, &err), CC_EINPUT);
    cc_results_destroy(rc);
    cc_results_destroy(ra);
    cc_results_destroy(rb);
    free(per_queue);
    free(together);
    cc_plan_destroy(pp);
    cc_plan_destroy(p);
    cc_scenario_destroy(pooled);
    cc_scenario_destroy(base);
}
