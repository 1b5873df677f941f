/* Engine: agreement with exact values (the finite-horizon expectations of the
 * reference scenarios and the published ContactCenters result), and the model's
 * rules — conservation of calls, opening hours, staffing changes, closing time,
 * multi-skill priority, distributions. */
#include "model/workforce.h"
#include "sim/engine.h"
#include "sim/sample.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <signal.h>
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
    cc_queue_counts *qt = calloc(s->n_intervals, sizeof *qt);
    cc_group_tally *gt = calloc(s->n_intervals, sizeof *gt);
    unsigned char *qw = calloc(s->n_intervals, 1), *gw = calloc(s->n_intervals, 1);
    double offered = 0, planned = 0;
    for (uint64_t rep = 0; rep < 20; rep++) {
        memset(qt, 0, s->n_intervals * sizeof *qt);
        memset(gt, 0, s->n_intervals * sizeof *gt);
        memset(qw, 0, s->n_intervals);
        memset(gw, 0, s->n_intervals);
        cr_assert_eq(cc_engine_run(e, 7, rep, &(cc_engine_tallies){ qt, gt, qw, gw }), 0);
        for (size_t i = 0; i < s->n_intervals; i++) {
            /* Only flagged cells are written: the runner reads and clears no others. */
            if (!qw[i])
                cr_assert(memcmp(&qt[i], &(cc_queue_counts){ 0 }, sizeof *qt) == 0, "unflagged cell %zu", i);
            if (!gw[i])
                cr_assert(memcmp(&gt[i], &(cc_group_tally){ 0 }, sizeof *gt) == 0, "unflagged cell %zu", i);
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
    free(qw);
    free(gw);
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
    const cc_estimate *first = cc_results_queue_interval(r, 0, 18);
    const cc_estimate *second = cc_results_queue_interval(r, 0, 19);
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
        after += cc_results_group_interval(r, 0, i)[CC_GM_STAFFED_HOURS].mean;
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
    cr_assert_float_eq(cc_results_queue_interval(r, 0, 18)[CC_M_OFFERED].mean, 100.0, 2.0);
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
    test_assert_agrees("staffed hours 10:00", cc_results_group_interval(r, 0, 20)[CC_GM_STAFFED_HOURS],
                       exact / 3600.0);
    cr_assert_float_eq(cc_results_group_interval(r, 0, 21)[CC_GM_STAFFED_HOURS].mean, 2.5, 1e-9);
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

/* Asserts that two runs' per-replication tallies are byte-identical. */
static void assert_same_tallies(const cc_scenario *a, const cc_scenario *b, uint64_t seed, unsigned reps)
{
    for (uint64_t rep = 0; rep < reps; rep++) {
        cc_queue_tally *qa, *qb;
        cc_group_tally *ga, *gb;
        test_engine_tallies(a, seed, rep, &qa, &ga);
        test_engine_tallies(b, seed, rep, &qb, &gb);
        cr_assert_eq(memcmp(qa, qb, a->n_queues * a->n_intervals * sizeof *qa), 0,
                     "replication %lu: queue tallies differ", (unsigned long)rep);
        cr_assert_eq(memcmp(ga, gb, a->n_groups * a->n_intervals * sizeof *ga), 0,
                     "replication %lu: group tallies differ", (unsigned long)rep);
        free(qa);
        free(qb);
        free(ga);
        free(gb);
    }
}

/* A chat queue served by a group of concurrency 1 is a phone queue: byte-identical
 * tallies (with abandonment and varying staffing). */
Test(engine, chat_with_concurrency_one_is_phone)
{
    cc_scenario *phone = test_load("scenarios/ref-day.cfg");
    cc_scenario *chat = test_load("scenarios/ref-day.cfg");
    chat->queues[0].discipline = CC_DISCIPLINE_CHAT;
    chat->groups[0].concurrency = 1;
    assert_same_tallies(phone, chat, 5, 10);
    cc_scenario_destroy(phone);
    cc_scenario_destroy(chat);
}

/* Three chats per agent: one agent holds three contacts at once, and busy time is
 * slot-seconds / 3. Six chats at 09:00:00-09:00:05 (600 s each) with 2 agents: all six
 * start at once, no one waits; busy = 6 x 600 / 3 = 1200 agent-seconds. With
 * concurrency 1 the last four would wait. */
Test(engine, chat_slots_hold_several_contacts_per_agent)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; }", "1.0",
        "{ dist = \"deterministic\"; mean_s = 600.0; }", "", "2"));
    double t0 = 18 * 1800.0, arrivals[6], handling[6];
    for (int k = 0; k < 6; k++) {
        arrivals[k] = t0 + k;
        handling[k] = 600.0;
    }
    test_set_trace(s, 0, arrivals, handling, 6);
    s->queues[0].discipline = CC_DISCIPLINE_CHAT;
    s->groups[0].concurrency = 3;
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 1, 0, &qt, &gt);
    cr_assert_eq(qt[18].answered, 6);
    cr_assert_eq(qt[18].answered_within, 6);
    cr_assert_eq(qt[18].wait_s, 0.0);
    cr_assert_float_eq(gt[18].busy_s, 1200.0, 1e-9);
    cr_assert_float_eq(gt[18].staffed_s, 2 * 1800.0, 1e-9);
    free(qt);
    free(gt);
    s->groups[0].concurrency = 1;
    test_engine_tallies(s, 1, 0, &qt, &gt);
    cr_assert_eq(qt[18].answered_within, 2);
    /* three rounds of two, each round starting when the agents free: the last chat
     * runs from 09:20:01 to 09:30:01 */
    cr_assert_float_eq(gt[18].busy_s, 3599.0, 1e-9);
    cr_assert_float_eq(gt[19].busy_s, 1.0, 1e-9);
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}

/* Deferred work by hand. Four days, open 09:00-10:00 every day (hour intervals), one
 * agent, handling 1800 s: two contacts answered a day (09:00 and 09:30). Contacts
 * arrive at 00:15, 06:15, 12:15 and 18:15 every day (a trace), whether open or not.
 *   day 0 answers its own 00:15 and 06:15;  day 1 answers day 0's 12:15, 18:15;
 *   day 2 answers day 1's 00:15, 06:15;     day 3 answers day 1's 12:15, 18:15.
 * Within 1 business day (by midnight ending the next open day): day 0's four, day 1's
 * first two; within 2: day 0's and day 1's four. Backlog at midnight: 2, 4, 6, 8. The
 * agent leaves at 10:00 each day with the backlog untouched (no draining). */
/* (The run's end censors what is still waiting: see the end of the test.) */
Test(engine, deferred_backlog_and_business_day_shares)
{
    cc_scenario *s = test_load_text(
        "name = \"d\"; calendar = { start = \"2026-01-05\"; days = 4; interval_min = 60;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"email\"; channel = \"phone\"; calls_per_interval = 0.0;\n"
        "  handling = { dist = \"deterministic\"; mean_s = 1800.0; }; } );\n"
        "groups = ( { name = \"back office\"; serves = [ \"email\" ]; agents = 1; } );\n");
    cc_queue *q = &s->queues[0];
    q->discipline = CC_DISCIPLINE_DEFERRED;
    q->targets[0] = (cc_target){ 0.8, 0.0, 1 };
    q->targets[1] = (cc_target){ 0.95, 0.0, 2 };
    q->n_targets = 2;
    double arrivals[16];
    for (int d = 0; d < 4; d++)
        for (int k = 0; k < 4; k++)
            arrivals[4 * d + k] = 86400.0 * d + 900.0 + 21600.0 * k;
    test_set_trace(s, 0, arrivals, NULL, 16);
    for (uint64_t rep = 0; rep < 3; rep++) {
        cc_queue_tally *qt;
        cc_group_tally *gt;
        test_engine_tallies(s, 9, rep, &qt, &gt);
        double answered[4] = { 0 }, within1[4] = { 0 }, within2[4] = { 0 }, offered = 0, abandoned = 0;
        double censored1[4] = { 0 }, censored2[4] = { 0 };
        for (size_t i = 0; i < s->n_intervals; i++) {
            censored1[i / 24] += qt[i].censored_k[0];
            censored2[i / 24] += qt[i].censored_k[1];
            answered[i / 24] += qt[i].answered;
            within1[i / 24] += qt[i].answered_within;
            within2[i / 24] += qt[i].answered_within_k[0];
            offered += qt[i].offered;
            abandoned += qt[i].abandoned;
        }
        cr_assert_eq(offered, 16);
        cr_assert_eq(abandoned, 0, "deferred work never abandons");
        double exp_answered[4] = { 4, 4, 0, 0 }, exp_w1[4] = { 4, 2, 0, 0 }, exp_w2[4] = { 4, 4, 0, 0 };
        for (int d = 0; d < 4; d++) {
            cr_assert_eq(answered[d], exp_answered[d], "day %d arrivals answered %g", d, answered[d]);
            cr_assert_eq(within1[d], exp_w1[d], "day %d within 1 business day %g", d, within1[d]);
            cr_assert_eq(within2[d], exp_w2[d], "day %d within 2 business days %g", d, within2[d]);
            cr_assert_eq(qt[24 * d + 23].backlog, 2.0 * (d + 1), "backlog at the end of day %d", d);
        }
        /* Still waiting at the end: days 2 and 3's eight. Day 2's deadline for 1
         * business day is the horizon's end (missed); day 3's lie beyond it, as do
         * both days' deadlines for 2 (censored: neither hit nor miss). */
        double exp_c1[4] = { 0, 0, 0, 4 }, exp_c2[4] = { 0, 0, 4, 4 };
        for (int d = 0; d < 4; d++) {
            cr_assert_eq(censored1[d], exp_c1[d], "day %d censored for 1 business day %g", d, censored1[d]);
            cr_assert_eq(censored2[d], exp_c2[d], "day %d censored for 2 business days %g", d, censored2[d]);
        }
        /* each morning at 09:00: the night before's backlog and the day's 00:15 and
         * 06:15 contacts, 2, 4, 6, 8 */
        for (int d = 0; d < 4; d++)
            cr_assert_eq(qt[24 * d + 8].backlog, 2.0 * d + 2, "backlog on the morning of day %d", d);
        /* 09:00 on day 0: both night contacts waiting; 10:00: none (both answered) */
        cr_assert_eq(qt[8].backlog, 2);
        cr_assert_eq(qt[9].backlog, 0);
        /* 10:00 on day 1: the agent left two of the four waiting at 09:00 */
        cr_assert_eq(qt[24 + 9].backlog, 2);
        cr_assert_float_eq(gt[9].busy_s, 3600.0, 1e-9);
        cr_assert_float_eq(gt[9].staffed_s, 3600.0, 1e-9);
        cr_assert_eq(gt[10].staffed_s, 0.0, "no draining of deferred work after closing");
        free(qt);
        free(gt);
    }
    cc_scenario_destroy(s);
}

/* A contact arriving on a closed day counts its business days from the next open
 * day. Friday to Tuesday, open Mon-Fri 09:00-10:00, one agent, 1800 s each (two a
 * day), target 1 business day. Friday 00:15 (A) is answered on Friday; Friday 12:00,
 * 18:00 and 20:00 (B, D, E) and Saturday 12:00 (C) wait for Monday, which answers B
 * and D; Tuesday answers E and C. Within one business day: A, B, D (by Monday's end)
 * and C (Saturday counts from Monday: by Tuesday's end), not E (Friday's: by
 * Monday's end). */
Test(engine, business_days_count_from_the_next_open_day)
{
    cc_scenario *s = test_load_text(
        "name = \"w\"; calendar = { start = \"2026-01-09\"; days = 5; interval_min = 60;\n"
        "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"post\"; channel = \"phone\"; calls_per_interval = 0.0;\n"
        "  handling = { dist = \"deterministic\"; mean_s = 1800.0; }; } );\n"
        "groups = ( { name = \"post room\"; serves = [ \"post\" ]; agents = 1; } );\n");
    s->queues[0].discipline = CC_DISCIPLINE_DEFERRED;
    s->queues[0].targets[0] = (cc_target){ 0.9, 0.0, 1 };
    double h = 3600.0, arrivals[] = { 0.25 * h, 12 * h, 18 * h, 20 * h, 36 * h };
    test_set_trace(s, 0, arrivals, NULL, 5);
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 2, 0, &qt, &gt);
    double answered = 0, within = 0;
    for (size_t i = 0; i < s->n_intervals; i++) {
        answered += qt[i].answered;
        within += qt[i].answered_within;
    }
    cr_assert_eq(answered, 5);
    cr_assert_eq(within, 4);
    cr_assert_eq(qt[20].answered_within, 0, "Friday 20:00, answered Tuesday");
    cr_assert_eq(qt[36].answered_within, 1, "Saturday 12:00, answered Tuesday");
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}

/* A timeline whose events change nothing (a staffing event that sets the planned
 * number, part of an interval; a site coming up that is up; a re-route of a site to
 * itself) gives the same tallies, byte for byte, as no timeline. */
Test(engine, timeline_that_changes_nothing_changes_nothing)
{
    cc_scenario *plain = test_load("scenarios/ref-day.cfg");
    cc_scenario *s = test_load("scenarios/ref-day.cfg");
    double nine = 18 * 1800.0;
    test_add_event(s, (cc_timeline_event){ .type = CC_EVENT_STAFFING, .at_s = nine + 420.0,
                                           .until_s = nine + 1740.0, .group = 0,
                                           .agents = s->groups[0].agents[18] });
    test_add_event(s, (cc_timeline_event){ .type = CC_EVENT_SITE_UP, .at_s = nine + 3000.0 });
    test_add_event(s, (cc_timeline_event){ .type = CC_EVENT_REROUTE, .at_s = nine + 4000.0 });
    assert_same_tallies(plain, s, 3, 10);
    /* and one that changes something is seen: 20 agents instead of 55 from 09:07 */
    s->events[0].agents = 20;
    cc_queue_tally *qa, *qb;
    cc_group_tally *ga, *gb;
    test_engine_tallies(plain, 3, 0, &qa, &ga);
    test_engine_tallies(s, 3, 0, &qb, &gb);
    cr_assert_lt(gb[18].staffed_s, ga[18].staffed_s);
    cr_assert_lt(qb[18].answered_within, qa[18].answered_within);
    free(qa);
    free(qb);
    free(ga);
    free(gb);
    cc_scenario_destroy(plain);
    cc_scenario_destroy(s);
}

/* A trace replays exactly its arrivals: in every replication the offered count per
 * interval is the trace's (including arrivals in closed intervals). */
Test(engine, trace_replays_exactly_its_arrivals)
{
    cc_scenario *s = test_load("scenarios/ref-day.cfg");
    enum { N = 3000 };
    static double arrivals[N];
    size_t count[48] = { 0 };
    for (size_t k = 0; k < N; k++) {
        /* irregular, ascending, from 07:00 to 18:00 (closed before 09:00 and after 17:00) */
        arrivals[k] = 7 * 3600.0 + 39600.0 * ((double)k + 0.5 * sin((double)k)) / N;
        count[(size_t)(arrivals[k] / 1800.0)]++;
    }
    test_set_trace(s, 0, arrivals, NULL, N);
    for (uint64_t rep = 0; rep < 5; rep++) {
        cc_queue_tally *qt;
        cc_group_tally *gt;
        test_engine_tallies(s, 11, rep, &qt, &gt);
        for (size_t i = 0; i < s->n_intervals; i++) {
            cr_assert_eq(qt[i].offered, (double)count[i], "rep %lu interval %zu: %g offered, trace %zu",
                         (unsigned long)rep, i, qt[i].offered, count[i]);
            cr_assert_eq(qt[i].offered, qt[i].answered + qt[i].abandoned);
        }
        free(qt);
        free(gt);
    }
    cc_scenario_destroy(s);
}

/* Site down and re-route by hand. Site 0's group "ga" (2 agents) serves qa, site 1's
 * "gb" (2 agents) serves qb; handling 600 s, no abandonment, hour intervals from 09:00.
 * 09:02 qb contact -> gb until 09:12. 09:05, 09:06 qa contacts -> ga. 09:10 site 0 goes
 * down: both dropped (their busy time 300 + 240 s). 09:20, 09:21 qa contacts wait.
 * 09:30 re-route 0 -> 1: gb takes both (waits 600 and 540 s) until 09:40. 10:30 site 0
 * comes back: ga staffed 2 x 1800 s in 10:00-11:00 and 2 x 3600 s in 11:00-12:00. */
Test(engine, site_down_drops_and_reroute_answers_elsewhere)
{
    cc_scenario *s = test_load_text(
        "name = \"f\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 60;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"12:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"qa\"; channel = \"phone\"; calls_per_interval = 0.0;\n"
        "             handling = { dist = \"deterministic\"; mean_s = 600.0; }; },\n"
        "           { name = \"qb\"; channel = \"phone\"; calls_per_interval = 0.0;\n"
        "             handling = { dist = \"deterministic\"; mean_s = 600.0; }; } );\n"
        "groups = ( { name = \"ga\"; serves = [ \"qa\" ]; agents = 2; },\n"
        "           { name = \"gb\"; serves = [ \"qb\" ]; agents = 2; } );\n");
    size_t backup = test_add_site(s, "Backup");
    s->groups[1].site = backup;
    double nine = 9 * 3600.0;
    double qa[] = { nine + 300, nine + 360, nine + 1200, nine + 1260 }, qb[] = { nine + 120 };
    test_set_trace(s, 0, qa, NULL, 4);
    test_set_trace(s, 1, qb, NULL, 1);
    test_add_event(s, (cc_timeline_event){ .type = CC_EVENT_SITE_DOWN, .at_s = nine + 600, .site = 0 });
    test_add_event(s, (cc_timeline_event){ .type = CC_EVENT_REROUTE, .at_s = nine + 1800, .site = 0,
                                           .to_site = backup });
    test_add_event(s, (cc_timeline_event){ .type = CC_EVENT_SITE_UP, .at_s = nine + 5400, .site = 0 });
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 1, 0, &qt, &gt);
    size_t ni = s->n_intervals;
    const cc_queue_tally *a = &qt[9], *b = &qt[ni + 9];
    cr_assert_eq(a->offered, 4);
    cr_assert_eq(a->answered, 4, "two by ga before the outage, two by gb after the re-route");
    cr_assert_eq(a->dropped, 2);
    cr_assert_eq(a->answered_within, 2);
    cr_assert_eq(a->abandoned, 0);
    cr_assert_float_eq(a->wait_s, 1140.0, 1e-9);
    cr_assert_eq(b->answered, 1);
    cr_assert_eq(b->dropped, 0);
    cr_assert_float_eq(gt[9].busy_s, 540.0, 1e-9, "ga busy %g", gt[9].busy_s);
    cr_assert_float_eq(gt[9].staffed_s, 2 * 600.0, 1e-9);
    cr_assert_float_eq(gt[10].staffed_s, 2 * 1800.0, 1e-9);
    cr_assert_float_eq(gt[11].staffed_s, 2 * 3600.0, 1e-9);
    cr_assert_float_eq(gt[ni + 9].busy_s, 1800.0, 1e-9, "gb busy %g", gt[ni + 9].busy_s);
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}

/* Issue 9, item 7: a queue far beyond its agents (500,000 calls in half an hour
 * against 88 agents, patience 60 s) keeps about rate x patience = 16,700 callers
 * waiting at once. Lazy abandonment alone would keep every expired caller behind the
 * head (~500,000, a buffer of 2^19); purging them keeps the buffer under 8/3 of
 * the callers actually waiting. */
Test(engine, expired_callers_are_purged_so_memory_stays_bounded, .timeout = 120)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:00\"; close = \"09:30\"; }", "500000.0",
        "{ dist = \"exponential\"; mean_s = 240.0; }",
        "patience = { dist = \"exponential\"; mean_s = 60.0; };", "88"));
    unsigned *staffing = cc_scenario_staffing(s);
    cc_engine *e = cc_engine_create(s, staffing);
    cc_queue_counts *qt = calloc(s->n_intervals, sizeof *qt);
    cc_group_tally *gt = calloc(s->n_intervals, sizeof *gt);
    unsigned char *qw = calloc(s->n_intervals, 1), *gw = calloc(s->n_intervals, 1);
    cr_assert_eq(cc_engine_run(e, 1, 0, &(cc_engine_tallies){ qt, gt, qw, gw }), 0);
    cr_assert_float_eq(qt[18].offered, 500000.0, 5 * sqrt(500000.0));
    cr_assert_eq(qt[18].offered, qt[18].answered + qt[18].abandoned);
    cr_assert_leq(cc_engine_waiting_capacity(e), 65536, "capacity %zu", cc_engine_waiting_capacity(e));
    free(qt);
    free(gt);
    free(qw);
    free(gw);
    cc_engine_destroy(e);
    free(staffing);
    cc_scenario_destroy(s);
}

/* An engine invariant that fails aborts (here the clock would run back: a timeline
 * event before the horizon, which the loader refuses, built by hand); the message
 * names the replication, the simulated time and the seed. */
Test(engine, broken_invariant_aborts, .signal = SIGABRT)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    test_add_event(s, (cc_timeline_event){ .type = CC_EVENT_SITE_UP, .at_s = -5.0 });
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 1, 0, &qt, &gt);
}

/* One rule for partly open intervals (model/workforce.h): with hours 09:10-16:45 the
 * agents are on duty from 09:10 and leave at 16:45, so the staffed agent-seconds of
 * every interval are agents x the duty seconds the plan costs (no calls, so nobody
 * stays on to clear a queue): 09:00 counts 20 minutes, 16:30 counts 15. */
Test(engine, partly_open_intervals_are_staffed_for_their_open_part)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:10\"; close = \"16:45\"; }", "0.0",
        "{ dist = \"exponential\"; mean_s = 60.0; }", "", "7"));
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 5, 0, &qt, &gt);
    double total = 0.0;
    for (size_t i = 0; i < s->n_intervals; i++) {
        double duty = cc_workforce_duty_s(s, 0, i);
        cr_assert_float_eq(gt[i].staffed_s, 7.0 * duty, 1e-9, "interval %zu: %g vs %g", i,
                           gt[i].staffed_s, 7.0 * duty);
        total += gt[i].staffed_s;
    }
    cr_assert_float_eq(gt[18].staffed_s, 7.0 * 1200.0, 1e-9);
    cr_assert_float_eq(gt[33].staffed_s, 7.0 * 900.0, 1e-9);
    cr_assert_float_eq(total, 7.0 * (7.0 * 3600 + 35 * 60), 1e-6);
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}

/* With calls, a partly open interval's agents arrive at the opening: nobody is
 * answered before 09:10 and the 09:00 interval's busy time fits in its 20 minutes. */
Test(engine, agents_arrive_at_the_opening_inside_an_interval)
{
    cc_scenario *s = test_load_text(ONE_QUEUE_DAY(
        "{ days = \"Mon-Sun\"; open = \"09:10\"; close = \"16:45\"; }", "60.0",
        "{ dist = \"exponential\"; mean_s = 120.0; }", "", "8"));
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 9, 0, &qt, &gt);
    cr_assert_gt(qt[18].answered, 0.0);
    cr_assert_leq(gt[18].busy_s, gt[18].staffed_s + 1e-9);
    cr_assert_leq(gt[18].staffed_s, 8.0 * 1200.0 + 1e-9);
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}
