/* Monte Carlo runner: bit-identical results for any thread count, replications
 * reproducible one by one, seeds that matter, bad options rejected. */
#include "tests/support.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int same_estimates(const cc_estimate *a, const cc_estimate *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

Test(runner, identical_for_any_thread_count, .timeout = 120)
{
    cc_scenario *s = test_load("scenarios/ref-day.cfg");
    cc_results *one = test_simulate(s, 37, 42, 1);
    cc_results *two = test_simulate(s, 37, 42, 2);
    cc_results *three = test_simulate(s, 37, 42, 3);
    cc_results *rs[] = { two, three };
    for (int k = 0; k < 2; k++) {
        cc_results *r = rs[k];
        for (size_t q = 0; q < s->n_queues; q++)
            for (size_t i = 0; i < s->n_intervals; i++)
                cr_assert(same_estimates(cc_results_queue_interval(one, q, i), cc_results_queue_interval(r, q, i),
                                         CC_QUEUE_METRICS), "per-interval results differ");
        for (size_t g = 0; g < s->n_groups; g++)
            for (size_t i = 0; i < s->n_intervals; i++)
                cr_assert(same_estimates(cc_results_group_interval(one, g, i), cc_results_group_interval(r, g, i),
                                         CC_GROUP_METRICS));
        cr_assert(same_estimates(one->total, r->total, CC_QUEUE_METRICS));
        cr_assert(same_estimates(one->group_all, r->group_all, CC_GROUP_METRICS));
        cr_assert(memcmp(one->rep_total, r->rep_total, 37 * sizeof *r->rep_total) == 0);
        cr_assert(memcmp(one->rep_groups, r->rep_groups, 37 * sizeof *r->rep_groups) == 0);
        cr_assert(same_estimates(one->queue_total, r->queue_total, s->n_queues * CC_QUEUE_METRICS));
        cr_assert(same_estimates(one->target_total, r->target_total, s->n_queues * CC_MAX_TARGETS));
    }
    cc_results_destroy(one);
    cc_results_destroy(two);
    cc_results_destroy(three);
    cc_scenario_destroy(s);
}

/* Replication r sees the same callers whatever else runs: the first 10 of 30
 * replications are the 10 replications of a run of 10. */
Test(runner, replications_are_reproducible_individually)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-a.cfg");
    cc_results *a = test_simulate(s, 10, 5, 2);
    cc_results *b = test_simulate(s, 30, 5, 2);
    cr_assert(memcmp(a->rep_total, b->rep_total, 10 * sizeof *a->rep_total) == 0);
    cc_results *c = test_simulate(s, 10, 6, 2);
    cr_assert(memcmp(a->rep_total, c->rep_total, 10 * sizeof *a->rep_total) != 0,
              "a different master seed gave the same replications");
    cc_results_destroy(a);
    cc_results_destroy(b);
    cc_results_destroy(c);
    cc_scenario_destroy(s);
}

/* Common random numbers: the same scenario with more agents sees the same callers
 * (identical offered counts per replication) and a better service level in each. */
Test(runner, common_random_numbers_across_staffing)
{
#define CRN_BASE \
        "name = \"crn\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n" \
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"12:00\"; } ); };\n" \
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n" \
        "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 300.0;\n" \
        "  handling = { dist = \"exponential\"; mean_s = 180.0; }; } );\n" \
        "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = %d; } );\n"
    char text[1024];
    snprintf(text, sizeof text, CRN_BASE, 32);
    cc_scenario *lean = test_load_text(text);
    snprintf(text, sizeof text, CRN_BASE, 36);
    cc_scenario *rich = test_load_text(text);
    cc_results *a = test_simulate(lean, 20, 9, 1), *b = test_simulate(rich, 20, 9, 1);
    for (int r = 0; r < 20; r++) {
        double ra[CC_REP_FIELDS], rb[CC_REP_FIELDS];
        cc_results_rep_row(a, (size_t)r, ra);
        cc_results_rep_row(b, (size_t)r, rb);
        cr_assert_eq(ra[CC_REP_OFFERED], rb[CC_REP_OFFERED]);
        cr_assert_leq(ra[CC_REP_SERVICE_LEVEL], rb[CC_REP_SERVICE_LEVEL] + 1e-12, "replication %d", r);
    }
    cc_results_destroy(a);
    cc_results_destroy(b);
    cc_scenario_destroy(lean);
    cc_scenario_destroy(rich);
}

Test(runner, per_replication_rows_reduce_to_the_pooled_estimate)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_results *r = test_simulate(s, 25, 1, 2);
    double offered = 0;
    for (size_t k = 0; k < 25; k++) {
        double row[CC_REP_FIELDS];
        cc_results_rep_row(r, k, row);
        offered += row[CC_REP_OFFERED];
    }
    cr_assert_float_eq(offered / 25.0, r->total[CC_M_OFFERED].mean, 1e-9);
    cr_assert_float_eq(r->calls_total, offered, 1e-9);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

Test(runner, zero_replications_is_bad_input)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_run_options opt = { .replications = 0, .seed = 1 };
    cc_results *r = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_simulate(s, &opt, &r, &err), CC_EINPUT);
    cr_assert_null(r);
    cr_assert(strstr(err.msg, "replications") != NULL);
    cc_scenario_destroy(s);
}

/* A staffing override equal to the scenario's plan changes nothing; more agents
 * on the same callers answer more of them within T. */
Test(runner, staffing_override)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    unsigned *same = malloc(s->n_intervals * sizeof *same), *more = malloc(s->n_intervals * sizeof *more);
    for (size_t i = 0; i < s->n_intervals; i++) {
        same[i] = s->groups[0].agents[i];
        more[i] = s->groups[0].agents[i] ? 95 : 0;
    }
    cc_results *base = test_simulate(s, 16, 4, 2);
    cc_run_options opt = { .replications = 16, .seed = 4, .threads = 2, .staffing = same };
    cc_results *r1 = NULL, *r2 = NULL;
    cc_error err;
    cr_assert_eq(cc_simulate(s, &opt, &r1, &err), CC_OK);
    opt.staffing = more;
    cr_assert_eq(cc_simulate(s, &opt, &r2, &err), CC_OK);
    cr_assert(same_estimates(base->total, r1->total, CC_QUEUE_METRICS));
    cr_assert_gt(r2->total[CC_M_SERVICE_LEVEL].mean, base->total[CC_M_SERVICE_LEVEL].mean + 0.05);
    /* 95 agents for 8 hours, plus those busy at 16:00 finishing (about 80 x 240 s). */
    double h = r2->group_total[CC_GM_STAFFED_HOURS].mean;
    cr_assert(h >= 95 * 8.0 && h <= 95 * 8.0 + 10.0, "staffed %g h", h);
    cc_results_destroy(base);
    cc_results_destroy(r1);
    cc_results_destroy(r2);
    free(same);
    free(more);
    cc_scenario_destroy(s);
}

/* Risk: the share of replications (and days) meeting the target agrees with the
 * per-replication table, and runs from 1 to 0 as the target rises. */
Test(runner, risk_of_missing_the_target)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_results *r = test_simulate(s, 200, 8, 2);
    double ph, pd;
    cc_results_risk(r, 0.0, &ph, &pd);
    cr_assert_eq(ph, 1.0);
    cr_assert_eq(pd, 1.0);
    cc_results_risk(r, 1.0, &ph, &pd);
    cr_assert_eq(ph, 0.0);
    double target = 0.86;
    cc_results_risk(r, target, &ph, &pd);
    size_t met = 0;
    for (size_t k = 0; k < 200; k++) {
        double row[CC_REP_FIELDS];
        cc_results_rep_row(r, k, row);
        met += row[CC_REP_SERVICE_LEVEL] >= target;
    }
    cr_assert_float_eq(ph, (double)met / 200.0, 1e-12);
    cr_assert_eq(ph, pd, "a one-day horizon: days are replications");
    cr_assert(ph > 0.2 && ph < 0.8, "the mean SL is near 0.86, so about half the days meet it (%g)", ph);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* An interrupt set before the run starts no replication: an error that says how
 * many of the replications finished, and no results. */
Test(runner, interrupt_before_the_run_reports_an_error)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    volatile sig_atomic_t flag = 1;
    cc_run_options opt = { .replications = 40, .seed = 1, .threads = 2, .interrupted = &flag };
    cc_results *r = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_simulate(s, &opt, &r, &err), CC_EINTERNAL);
    cr_assert_null(r);
    cr_assert_str_eq(err.msg, "interrupted after 0 of 40 replications");
    flag = 0;
    cr_assert_eq(cc_simulate(s, &opt, &r, &err), CC_OK, "a cleared flag runs to the end");
    cr_assert_eq(r->replications, 40);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Each queue's own targets: the headline (targets[0]) is the queue's service level;
 * a further target gets its own estimate, per interval and over the horizon, and a
 * queue without it gets NaN there. */
Test(runner, service_level_per_queue_target)
{
    cc_scenario *s = test_load_text(
        "name = \"two\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"12:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"a\"; channel = \"phone\"; calls_per_interval = 100.0;\n"
        "    handling = { dist = \"exponential\"; mean_s = 180.0; }; },\n"
        "  { name = \"b\"; channel = \"phone\"; calls_per_interval = 50.0;\n"
        "    handling = { dist = \"exponential\"; mean_s = 180.0; }; } );\n"
        "groups = ( { name = \"g\"; serves = [ \"a\", \"b\" ]; agents = 18; } );\n");
    cc_queue *a = &s->queues[0];
    a->targets[1] = (cc_target){ .share = 0.95, .within_s = 60.0 };
    a->n_targets = 2;
    cc_results *r = test_simulate(s, 12, 3, 2);
    cr_assert_eq(r->extra_targets, 1);
    for (size_t q = 0; q < 2; q++) {
        const cc_estimate *head = &r->target_total[q * CC_MAX_TARGETS];
        cr_assert(memcmp(head, &r->queue_total[q * CC_QUEUE_METRICS + CC_M_SERVICE_LEVEL], sizeof *head) == 0);
        cr_assert(isnan(r->target_total[q * CC_MAX_TARGETS + 2].mean));
    }
    cr_assert(!isnan(r->target_total[1].mean), "queue a has a second target");
    cr_assert(isnan(r->target_total[CC_MAX_TARGETS + 1].mean), "queue b has one target");
    size_t open = 18;   /* 09:00 */
    cr_assert(!isnan(cc_results_target_interval(r, 0, open)[0].mean));
    cr_assert(isnan(cc_results_target_interval(r, 1, open)[0].mean));
    cr_assert(isnan(cc_results_target_interval(r, 0, 0)[0].mean), "no calls at midnight: 0/0");
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Cells where nothing happened (ref-day's night) keep no estimates of their own and
 * read those of zero sums: no calls offered, NaN ratios; cells with calls read
 * their own. */
Test(runner, closed_cells_read_the_estimates_of_zero_sums)
{
    cc_scenario *s = test_load("scenarios/ref-day.cfg");
    cc_results *r = test_simulate(s, 8, 5, 2);
    const cc_estimate *night = cc_results_queue_interval(r, 0, 0);
    cr_assert_eq(night[CC_M_OFFERED].mean, 0.0);
    cr_assert_eq(night[CC_M_OFFERED].ci95, 0.0);
    cr_assert(isnan(night[CC_M_SERVICE_LEVEL].mean));
    cr_assert(isnan(cc_results_group_interval(r, 0, 0)[CC_GM_OCCUPANCY].mean));
    cr_assert_eq(cc_results_group_interval(r, 0, 0)[CC_GM_STAFFED_HOURS].mean, 0.0);
    size_t open = 24;   /* 12:00 */
    cr_assert_gt(cc_results_queue_interval(r, 0, open)[CC_M_OFFERED].mean, 0.0);
    cr_assert(!isnan(cc_results_queue_interval(r, 0, open)[CC_M_SERVICE_LEVEL].mean));
    cr_assert_gt(cc_results_group_interval(r, 0, open)[CC_GM_STAFFED_HOURS].mean, 0.0);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Over the horizon, a queue's service level against a business-day target leaves out
 * the contacts censored at the end (the engine's deferred test scenario, by hand:
 * 16 offered; within 1 business day 6, with day 3's 4 censored; within 2, 8 with
 * days 2 and 3's 8 censored): 6 / 12 and 8 / 8, where counting them as misses gave
 * 6 / 16 and 8 / 16. The per-interval figures still count them as offered. */
Test(runner, censored_deferred_work_is_neither_hit_nor_miss)
{
    cc_scenario *s = test_load_text(
        "name = \"d\"; calendar = { start = \"2026-01-05\"; days = 4; interval_min = 60;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"email\"; channel = \"email\"; calls_per_interval = 0.0;\n"
        "  targets = ( { share = 0.8; within_business_days = 1; }, { share = 0.95; within_business_days = 2; } );\n"
        "  handling = { dist = \"deterministic\"; mean_s = 1800.0; }; } );\n"
        "groups = ( { name = \"back office\"; serves = [ \"email\" ]; agents = 1; } );\n");
    double arrivals[16];
    for (int d = 0; d < 4; d++)
        for (int k = 0; k < 4; k++)
            arrivals[4 * d + k] = 86400.0 * d + 900.0 + 21600.0 * k;
    test_set_trace(s, 0, arrivals, NULL, 16);
    cc_results *r = test_simulate(s, 4, 1, 1);
    cr_assert_float_eq(r->target_total[0].mean, 6.0 / 12, 1e-12);
    cr_assert_float_eq(r->target_total[1].mean, 8.0 / 8, 1e-12);
    cr_assert_float_eq(r->queue_total[CC_M_SERVICE_LEVEL].mean, 6.0 / 12, 1e-12);
    double day3 = 0;
    for (size_t i = 72; i < 96; i++)
        day3 += cc_results_queue_interval(r, 0, i)[CC_M_OFFERED].mean;
    cr_assert_eq(day3, 4.0, "day 3's contacts are still offered in their intervals");
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}
