/* Engine: agreement with exact values (the finite-horizon expectations of the
 * reference scenarios and the published ContactCenters result), and the model's
 * rules — conservation of calls, opening hours, staffing changes, closing time,
 * multi-skill priority, distributions. */
#include "sim/engine.h"
#include "sim/sample.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ../shared/reference/README.md, "The same two systems as one 8-hour day starting
 * empty": exact finite-horizon expectations (pooled ratios over arrivals in [0, 8 h)). */
Test(engine, ref_erlang_c_matches_finite_horizon_exact, .timeout = 120)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_results *r = test_simulate(s, 1000, s->seed, 0);
    test_assert_agrees("SL", r->total[CC_M_SERVICE_LEVEL], 0.860305948);
    test_assert_agrees("SL of answered", r->total[CC_M_SERVICE_LEVEL_ANSWERED], 0.860305948);
    test_assert_agrees("ASA", r->total[CC_M_ASA], 8.133044442);
    cr_assert_eq(r->total[CC_M_ABANDONED].mean, 0.0);
    /* The stationary Erlang C SL (0.8543) is outside the interval: the empty start matters. */
    cr_assert_gt(r->total[CC_M_SERVICE_LEVEL].mean - r->total[CC_M_SERVICE_LEVEL].ci95, 0.8543);
    /* 1000 replications give about ±0.0037 (reference README). */
    cr_assert_float_eq(r->total[CC_M_SERVICE_LEVEL].ci95, 0.0037, 0.0008);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

Test(engine, ref_erlang_a_matches_finite_horizon_exact, .timeout = 120)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-a.cfg");
    cc_results *r = test_simulate(s, 1000, s->seed, 0);
    test_assert_agrees("SL of offered", r->total[CC_M_SERVICE_LEVEL], 0.934174505);
    test_assert_agrees("SL of answered", r->total[CC_M_SERVICE_LEVEL_ANSWERED], 0.943894178);
    test_assert_agrees("P(abandon)", r->total[CC_M_ABANDON_RATE], 0.010297418);
    test_assert_agrees("ASA of answered", r->total[CC_M_ASA], 2.982138487);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Buist & L'Ecuyer's published M/M/c example: SL 0.902 with 95% CI 0.900-0.904,
 * ASA 0.099 min. Two independent estimates agree when their difference is within
 * 1.96 times the combined standard error (here at the 99.9% level, 3.29). */
Test(engine, contactcenters_mmc_published_result, .timeout = 120)
{
    cc_scenario *s = test_load("scenarios/contactcenters-mmc.cfg");
    cc_results *r = test_simulate(s, 1000, s->seed, 0);
    cc_estimate sl = r->total[CC_M_SERVICE_LEVEL];
    double se = sqrt(pow(sl.ci95 / 1.96, 2) + pow(0.002 / 1.96, 2));
    cr_assert_leq(fabs(sl.mean - 0.902), 3.29 * se, "SL %.4f ± %.4f vs published 0.902 ± 0.002", sl.mean, sl.ci95);
    cc_estimate asa = r->total[CC_M_ASA];
    cr_assert_leq(fabs(asa.mean - 0.099 * 60.0), 3.29 * asa.ci95 / 1.96 + 0.3, "ASA %.3f s", asa.mean);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Every call offered is answered or abandoned, in every interval; calls arrive only
 * while open, at the planned rate. */
Test(engine, calls_are_conserved_and_arrive_only_while_open)
{
    cc_scenario *s = test_load("scenarios/ref-day.cfg");
    unsigned *staffing = cc_scenario_staffing(s);
    cc_engine *e = cc_engine_create(s, staffing);
    cc_queue_tally *qt = calloc(s->n_intervals, sizeof *qt);
    cc_group_tally *gt = calloc(s->n_intervals, sizeof *gt);
    double offered = 0, planned = 0;
    for (uint64_t rep = 0; rep < 20; rep++) {
        cr_assert_eq(cc_engine_run(e, 7, rep, qt, gt), 0);
        for (size_t i = 0; i < s->n_intervals; i++) {
            cr_assert_eq(qt[i].offered, qt[i].answered + qt[i].abandoned, "interval %zu", i);
            cr_assert_leq(qt[i].answered_within, qt[i].answered);
            cr_assert_leq(qt[i].abandoned_within, qt[i].abandoned);
            if (!cc_scenario_is_open(s, i))
                cr_assert_eq(qt[i].offered, 0, "calls offered in closed interval %zu", i);
            cr_assert_leq(gt[i].busy_s, gt[i].staffed_s + 1e-6);
            offered += qt[i].offered;
            planned += s->queues[0].calls[i];
        }
    }
    /* 20 days of 7,260 calls: Poisson sd of the total is sqrt(145,200) = 381. */
    cr_assert_float_eq(offered, planned, 4 * sqrt(planned));
    free(qt);
    free(gt);
    cc_engine_destroy(e);
    free(staffing);
    cc_scenario_destroy(s);
}

#define ONE_QUEUE_DAY(hours, calls, handling, patience, agents) \
    "name = \"t\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n" \
    "  hours = ( " hours " ); };\n" \
    "targets = { service_level = 0.8; answer_within_s = 20.0; };\n" \
    "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = " calls ";\n" \
    "  handling = " handling "; " patience " } );\n" \
    "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = " agents "; } );\n"

/* Nobody on duty for the first half hour: those callers (who never abandon) wait
 * for the 09:30 shift, on average half an interval (900 s) plus queueing. */
Test(engine, staffing_rise_serves_the_calls_waiting)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; }", "30.0",
        "{ dist = \"deterministic\"; mean_s = 10.0; }", "", "[ 0, 40 ]"));
    cc_results *r = test_simulate(s, 200, 3, 1);
    const cc_estimate *first = &r->queue_interval[18 * CC_QUEUE_METRICS];
    const cc_estimate *second = &r->queue_interval[19 * CC_QUEUE_METRICS];
    cr_assert_float_eq(first[CC_M_ASA].mean, 900.0, 30.0, "ASA %g", first[CC_M_ASA].mean);
    cr_assert_float_eq(first[CC_M_SERVICE_LEVEL].mean, 20.0 / 1800.0, 0.01);
    cr_assert_eq(first[CC_M_ABANDONED].mean, 0.0);
    cr_assert_gt(second[CC_M_SERVICE_LEVEL].mean, 0.99);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* With nobody on duty at all, callers with patience abandon at their deadline and
 * callers without are still waiting when the run ends: neither is answered. */
Test(engine, no_agents_means_no_answers)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; }", "50.0",
        "{ dist = \"exponential\"; mean_s = 100.0; }",
        "patience = { dist = \"deterministic\"; mean_s = 60.0; };", "0"));
    cc_results *r = test_simulate(s, 50, 5, 1);
    cr_assert_eq(r->total[CC_M_ANSWERED].mean, 0.0);
    cr_assert_float_eq(r->total[CC_M_ABANDON_RATE].mean, 1.0, 1e-12);
    cr_assert_float_eq(r->total[CC_M_ABANDON_TIME].mean, 60.0, 1e-9);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* At closing no new calls arrive, and the agents on duty answer everyone still
 * waiting: with no abandonment, every call is answered. Overloaded on purpose. */
Test(engine, closing_time_drains_the_queue)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:00\"; close = \"11:00\"; }", "200.0",
        "{ dist = \"exponential\"; mean_s = 120.0; }", "", "10"));
    cc_results *r = test_simulate(s, 50, 11, 1);
    cr_assert_float_eq(r->total[CC_M_ANSWERED].mean, r->total[CC_M_OFFERED].mean, 1e-9);
    /* 400 s/interval of capacity per agent-hour short: the last callers wait long. */
    cr_assert_gt(r->total[CC_M_ASA].mean, 600.0);
    /* Agent time after closing (intervals from 11:00) is counted where it happens. */
    double after = 0;
    for (size_t i = 22; i < s->n_intervals; i++)
        after += r->group_interval[i * CC_GROUP_METRICS + CC_GM_STAFFED_HOURS].mean;
    cr_assert_gt(after, 1.0);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Queues with their own hours and their own groups: the early-closing queue's
 * agents clear its waiting calls after it closes, though the other queue is still
 * open (no abandonment: every call is answered). */
Test(engine, per_queue_closing_drains_each_queue)
{
    cc_scenario *s = test_load_text(
        "name = \"pq\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"11:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"early\"; channel = \"phone\"; calls_per_interval = 200.0;\n"
        "             hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } );\n"
        "             handling = { dist = \"exponential\"; mean_s = 120.0; }; },\n"
        "           { name = \"late\"; channel = \"phone\"; calls_per_interval = 50.0;\n"
        "             handling = { dist = \"exponential\"; mean_s = 120.0; }; } );\n"
        "groups = ( { name = \"e\"; serves = [ \"early\" ]; agents = 10; },\n"
        "           { name = \"l\"; serves = [ \"late\" ]; agents = 6; } );\n");
    cc_results *r = test_simulate(s, 30, 29, 1);
    const cc_estimate *early = &r->queue_total[0];
    cr_assert_float_eq(early[CC_M_ANSWERED].mean, early[CC_M_OFFERED].mean, 1e-9,
                       "answered %g of %g", early[CC_M_ANSWERED].mean, early[CC_M_OFFERED].mean);
    cr_assert_gt(early[CC_M_ASA].mean, 300.0, "overloaded on purpose: a queue at 10:00");
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* A partly open interval (closing at 09:15 with 30-minute intervals) receives its
 * calls in the open quarter hour only. */
Test(engine, partly_open_interval)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:00\"; close = \"09:15\"; }", "100.0",
        "{ dist = \"exponential\"; mean_s = 60.0; }", "", "60"));
    cr_assert_eq(s->n_open_intervals, 1);
    cc_results *r = test_simulate(s, 400, 13, 1);
    cr_assert_float_eq(r->queue_interval[18 * CC_QUEUE_METRICS + CC_M_OFFERED].mean, 100.0, 2.0);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* One group serves two equally loaded queues; the priority queue is answered
 * first, so it gets the better service level. */
Test(engine, multi_skill_priority)
{
    cc_scenario *s = test_load_text(
        "name = \"ms\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"13:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"urgent\"; channel = \"phone\"; priority = 1; calls_per_interval = 150.0;\n"
        "             handling = { dist = \"exponential\"; mean_s = 180.0; }; },\n"
        "           { name = \"general\"; channel = \"phone\"; calls_per_interval = 150.0;\n"
        "             handling = { dist = \"exponential\"; mean_s = 180.0; }; } );\n"
        "groups = ( { name = \"all\"; serves = [ \"general\", \"urgent\" ]; agents = 32; } );\n");
    cc_results *r = test_simulate(s, 100, 17, 1);
    double urgent = r->queue_total[0 * CC_QUEUE_METRICS + CC_M_SERVICE_LEVEL].mean;
    double general = r->queue_total[1 * CC_QUEUE_METRICS + CC_M_SERVICE_LEVEL].mean;
    /* Measured: urgent 0.91, general 0.50 (seed 17, 100 replications). */
    cr_assert_gt(urgent, 0.85, "urgent SL %g", urgent);
    cr_assert_lt(general, urgent - 0.3, "general SL %g vs urgent %g", general, urgent);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Without priorities a shared group answers the longest-waiting call: two equal
 * queues get the same service (within noise). */
Test(engine, multi_skill_longest_wait_first)
{
    cc_scenario *s = test_load_text(
        "name = \"ms\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"13:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"a\"; channel = \"phone\"; calls_per_interval = 150.0;\n"
        "             handling = { dist = \"exponential\"; mean_s = 180.0; }; },\n"
        "           { name = \"b\"; channel = \"phone\"; calls_per_interval = 150.0;\n"
        "             handling = { dist = \"exponential\"; mean_s = 180.0; }; } );\n"
        "groups = ( { name = \"all\"; serves = [ \"a\", \"b\" ]; agents = 32; } );\n");
    cc_results *r = test_simulate(s, 200, 19, 1);
    cc_estimate a = r->queue_total[0 * CC_QUEUE_METRICS + CC_M_SERVICE_LEVEL];
    cc_estimate b = r->queue_total[1 * CC_QUEUE_METRICS + CC_M_SERVICE_LEVEL];
    cr_assert_leq(fabs(a.mean - b.mean), 2.0 * (a.ci95 + b.ci95), "a %g b %g", a.mean, b.mean);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Staffing falls from 20 to 5 at 10:00 in an overloaded queue (50 Erlang): nobody
 * is pre-empted; the first 15 agents to finish a call leave instead of taking the
 * next. With exponential handling (mean h = 300 s) that is a death chain: from k
 * busy agents the next finishes after Exp(k / h), so the expected staffed time of
 * the 10:00 interval is 5 x 1800 + sum_{k=6..20} (k - 5) h / k agent-seconds
 * (the chain reaches 5 about 394 s in, sd 141 s: ending by 10:30 is certain to
 * 1e-9), and the 10:30 interval has exactly the 5 agents planned. */
Test(engine, staffing_fall_lets_calls_finish)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:00\"; close = \"11:00\"; }", "[ 300.0, 300.0, 300.0, 300.0 ]",
        "{ dist = \"exponential\"; mean_s = 300.0; }", "", "[ 20, 20, 5, 5 ]"));
    cc_results *r = test_simulate(s, 400, 23, 1);
    double exact = 5 * 1800.0;
    for (int k = 6; k <= 20; k++)
        exact += (k - 5) * 300.0 / k;
    test_assert_agrees("staffed hours 10:00", r->group_interval[20 * CC_GROUP_METRICS + CC_GM_STAFFED_HOURS],
                       exact / 3600.0);
    cr_assert_float_eq(r->group_interval[21 * CC_GROUP_METRICS + CC_GM_STAFFED_HOURS].mean, 2.5, 1e-9);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Handling-time families: sample means and coefficients of variation. */
Test(engine, sampled_distributions_have_their_mean_and_cv)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 99);
    enum { N = 200000 };
    static double x[N];
    cc_dist dists[] = {
        { .kind = CC_DIST_EXPONENTIAL, .mean_s = 240, .cv = 1 },
        { .kind = CC_DIST_LOGNORMAL, .mean_s = 280, .cv = 0.8 },
        { .kind = CC_DIST_GAMMA, .mean_s = 300, .cv = 0.5 },
        { .kind = CC_DIST_DETERMINISTIC, .mean_s = 42, .cv = 0 },
    };
    for (size_t k = 0; k < sizeof dists / sizeof dists[0]; k++) {
        cc_dist_prepare(&dists[k]);
        for (int i = 0; i < N; i++)
            x[i] = cc_sample(&dists[k], r);
        double m = gsl_stats_mean(x, 1, N), cv = gsl_stats_sd_m(x, 1, N, m) / m;
        cr_assert_float_eq(m, dists[k].mean_s, 0.01 * dists[k].mean_s, "dist %zu mean %g", k, m);
        cr_assert_float_eq(cv, dists[k].cv, 0.02, "dist %zu cv %g", k, cv);
    }
    double values[] = { 30, 60, 600 };
    cc_dist emp = { .kind = CC_DIST_EMPIRICAL, .values = values, .n_values = 3 };
    int seen[3] = { 0 };
    for (int i = 0; i < 30000; i++) {
        double v = cc_sample(&emp, r);
        int k = v == 30 ? 0 : v == 60 ? 1 : v == 600 ? 2 : -1;
        cr_assert_geq(k, 0, "value %g was never observed", v);
        seen[k]++;
    }
    for (int k = 0; k < 3; k++)
        cr_assert_float_eq(seen[k], 10000, 400);
    cc_dist none = { .kind = CC_DIST_NONE };
    cr_assert(isinf(cc_sample(&none, r)));
    gsl_rng_free(r);
}

/* Common random numbers survive a change of the scenario: adding an unrelated queue
 * (and its group) in front of ref-erlang-c's queue leaves that queue's callers, and
 * so every per-replication tally of the queue and its group, byte-identical. */
Test(engine, adding_a_queue_leaves_another_queues_tallies_identical)
{
    cc_scenario *a = test_load("scenarios/ref-erlang-c.cfg");
    cc_scenario *b = test_load("tests/data/ref-erlang-c-plus-queue.cfg");
    cr_assert_eq(b->n_queues, 2);
    cr_assert_str_eq(b->queues[1].name, a->queues[0].name);
    size_t ni = a->n_intervals;
    for (uint64_t rep = 0; rep < 20; rep++) {
        cc_queue_tally *qa, *qb;
        cc_group_tally *ga, *gb;
        test_engine_tallies(a, a->seed, rep, &qa, &ga);
        test_engine_tallies(b, a->seed, rep, &qb, &gb);
        double extra = 0;
        for (size_t i = 0; i < ni; i++)
            extra += qb[i].offered;
        cr_assert_gt(extra, 0.0, "the added queue has callers");
        cr_assert_eq(memcmp(qa, &qb[ni], ni * sizeof *qa), 0, "replication %lu: queue tallies differ",
                     (unsigned long)rep);
        cr_assert_eq(memcmp(ga, &gb[ni], ni * sizeof *ga), 0, "replication %lu: group tallies differ",
                     (unsigned long)rep);
        /* and a different replication is a different day */
        if (rep == 0) {
            cc_queue_tally *q1;
            cc_group_tally *g1;
            test_engine_tallies(a, a->seed, 1, &q1, &g1);
            cr_assert_neq(memcmp(qa, q1, ni * sizeof *qa), 0);
            free(q1);
            free(g1);
        }
        free(qa);
        free(qb);
        free(ga);
        free(gb);
    }
    cc_scenario_destroy(a);
    cc_scenario_destroy(b);
}
