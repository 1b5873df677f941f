/* Sites and business continuity (issue 11): outage options, re-routes with agents
 * brought in, and the incident figures (sim/incident.h). */
#include "support.h"

#include "io/scenario_load.h"
#include "sim/incident.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Two sites: "Calls" answered by "Front" at Main; Backup's "Reserve" has as many
 * agents and its own queue "Spare" with no calls, so before a re-route it is idle
 * and after one it is an identical site. %s is the timeline. */
static const char TWO_SITES[] =
    "name = \"sites\";\n"
    "sites = ( { name = \"Main\"; }, { name = \"Backup\"; } );\n"
    "calendar = { start = \"2026-03-02\"; days = 1; interval_min = 15;\n"
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = (\n"
    "  { name = \"Calls\"; channel = \"phone\"; calls_per_interval = 40;\n"
    "    handling = { dist = \"exponential\"; mean_s = 240; };\n"
    "    patience = { dist = \"exponential\"; mean_s = 180; }; },\n"
    "  { name = \"Spare\"; channel = \"phone\"; calls_per_interval = 0;\n"
    "    handling = { dist = \"exponential\"; mean_s = 240; }; }\n"
    ");\n"
    "groups = (\n"
    "  { name = \"Front\"; site = \"Main\"; serves = [ \"Calls\" ]; agents = %u; },\n"
    "  { name = \"Reserve\"; site = \"Backup\"; serves = [ \"Spare\" ]; agents = %u; }\n"
    ");\n"
    "timeline = ( %s );\n"
    "workforce = { shrinkage = 0.3; paid_hours_per_week = 37.0; cost_per_fte_year = 30000.0; };\n";

static cc_scenario *two_sites(unsigned front, unsigned reserve, const char *timeline)
{
    char text[4096];
    snprintf(text, sizeof text, TWO_SITES, front, reserve, timeline);
    return test_load_text(text);
}

#define DOWN_AT_10 "{ at = \"2026-03-02 10:00\"; event = \"site_down\"; site = \"Main\"; "

Test(sites, zero_length_outage_is_no_outage)
{
    cc_scenario *none = two_sites(13, 13, "");
    cc_scenario *zero = two_sites(13, 13, DOWN_AT_10 "duration_min = 0.0; arrivals = \"blocked\"; }");
    cr_assert_eq(zero->n_events, 1);
    size_t nq = none->n_queues * none->n_intervals, ng = none->n_groups * none->n_intervals;
    for (uint64_t rep = 0; rep < 4; rep++) {
        cc_queue_tally *qa, *qb;
        cc_group_tally *ga, *gb;
        test_engine_tallies(none, 11, rep, &qa, &ga);
        test_engine_tallies(zero, 11, rep, &qb, &gb);
        cr_assert_eq(memcmp(qa, qb, nq * sizeof *qa), 0, "queue tallies differ in replication %d", (int)rep);
        cr_assert_eq(memcmp(ga, gb, ng * sizeof *ga), 0, "group tallies differ in replication %d", (int)rep);
        free(qa);
        free(qb);
        free(ga);
        free(gb);
    }
    /* and no incident is reported for it */
    cc_results *r = test_simulate(zero, 4, 11, 1);
    cr_assert_eq(r->n_incidents, 0);
    cc_results_destroy(r);
    cc_scenario_destroy(none);
    cc_scenario_destroy(zero);
}

/* A trace with no waiting (many agents): in service at 10:00 are the calls of 09:50
 * and 09:55 (20 min each); 10:10, 10:20 and 10:59 arrive in the outage; the 09:30 call
 * ended at 09:35 and the 11:05 one comes after. */
static const char TRACE_SCENARIO[] =
    "name = \"trace-outage\";\n"
    "sites = ( { name = \"Main\"; }, { name = \"Backup\"; } );\n"
    "calendar = { start = \"2026-03-02\"; days = 1; interval_min = 15;\n"
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = (\n"
    "  { name = \"Calls\"; channel = \"phone\";\n"
    "    trace = { arrival_s = [ 34200.0, 35400.0, 35700.0, 36600.0, 37200.0, 39540.0, 39900.0 ];\n"
    "              handling_s = [ 300.0, 1200.0, 1200.0, 60.0, 60.0, 60.0, 60.0 ]; };\n"
    "    handling = { dist = \"exponential\"; mean_s = 240; }; }\n"
    ");\n"
    "groups = ( { name = \"Front\"; site = \"Main\"; serves = [ \"Calls\" ]; agents = 10; } );\n"
    "timeline = ( " DOWN_AT_10 "duration_min = 60.0; arrivals = \"blocked\"; %s } );\n";

static void trace_outage(const char *in_service, double blocked, double dropped, double answered)
{
    char text[4096];
    snprintf(text, sizeof text, TRACE_SCENARIO, in_service);
    cc_scenario *s = test_load_text(text);
    cc_results *r = test_simulate(s, 3, 5, 1);
    cr_assert_eq(r->n_incidents, 1);
    const cc_estimate *e = r->incident_est;
    cr_assert_eq(e[CC_INC_BLOCKED].mean, blocked);
    cr_assert_eq(e[CC_INC_DROPPED].mean, dropped);
    cr_assert_eq(e[CC_INC_CALLS_LOST].mean, blocked + dropped);
    cr_assert_eq(r->calls_lost.mean, blocked + dropped);
    cr_assert_eq(r->total[CC_M_ANSWERED].mean, answered);
    cr_assert_eq(r->total[CC_M_DROPPED].mean, dropped);
    cr_assert_eq(e[CC_INC_ANSWERED_AFTER].mean, 1.0);   /* the 11:05 call */
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

Test(sites, outage_without_reroute_loses_arrivals_and_calls_in_service)
{
    /* dropped: the two calls in service are lost (and stay counted as answered) */
    trace_outage("in_service = \"dropped\";", 3.0, 2.0, 4.0);
    /* completed: they finish; only the arrivals in the window are lost */
    trace_outage("in_service = \"completed\";", 3.0, 0.0, 4.0);
}

Test(sites, outage_blocks_exactly_the_poisson_arrivals_in_its_window)
{
    cc_scenario *s = two_sites(13, 13, DOWN_AT_10 "duration_min = 60.0; arrivals = \"blocked\"; }");
    size_t ni = s->n_intervals;
    for (uint64_t rep = 0; rep < 3; rep++) {
        cc_queue_tally *qt;
        cc_group_tally *gt;
        test_engine_tallies(s, 3, rep, &qt, &gt);
        double in_window = 0, blocked = 0;
        for (size_t i = 0; i < ni; i++) {
            int during = i >= 40 && i < 44;     /* 10:00-11:00 in 15-minute intervals */
            in_window += during ? qt[i].offered : 0.0;
            blocked += qt[i].blocked;
            if (during)
                cr_assert_eq(qt[i].blocked, qt[i].offered, "interval %zu", i);
            else
                cr_assert_eq(qt[i].blocked, 0.0, "interval %zu", i);
        }
        cr_assert_gt(in_window, 100.0);
        cr_assert_eq(blocked, in_window);
        free(qt);
        free(gt);
    }
    cc_scenario_destroy(s);
}

Test(sites, outage_message_sends_a_share_to_the_web)
{
    cc_scenario *s = two_sites(13, 13, DOWN_AT_10 "duration_min = 240.0; arrivals = \"message\"; "
                                       "web_share = 0.3; }");
    cc_results *r = test_simulate(s, 40, 9, 1);
    const cc_estimate *e = r->incident_est;
    double offered_during = 0;
    for (size_t rep = 0; rep < r->replications; rep++) {
        const cc_queue_tally *t = &r->rep_total[rep];
        /* conservation: nobody is left waiting at the day's end */
        cr_assert_eq(t->offered, t->answered + t->abandoned + t->blocked + t->deflected);
    }
    for (size_t i = 40; i < 56; i++)
        offered_during += cc_results_queue_interval(r, 0, i)[CC_M_OFFERED].mean;
    /* 30% of the 640 calls of 10:00-14:00 go to the web; the others wait (nobody
       answers them: the site has no re-route) and hang up */
    test_assert_agrees("deflected share", (cc_estimate){ e[CC_INC_DEFLECTED].mean / offered_during,
                                                         e[CC_INC_DEFLECTED].ci95 / offered_during },
                       0.3);
    cr_assert_eq(e[CC_INC_BLOCKED].mean, 0.0);
    cr_assert_gt(e[CC_INC_ABANDONED_DURING].mean, 0.6 * offered_during);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

Test(sites, immediate_reroute_to_an_identical_site_keeps_the_service_level)
{
    cc_scenario *none = two_sites(13, 13, "");
    cc_scenario *out = two_sites(13, 13, DOWN_AT_10 "in_service = \"completed\"; }, "
                                 "{ at = \"2026-03-02 10:00\"; event = \"reroute\"; site = \"Main\"; "
                                 "to_site = \"Backup\"; after_min = 0.0; }");
    cc_results *a = test_simulate(none, 64, 21, 2), *b = test_simulate(out, 64, 21, 2);
    cc_estimate sl = b->total[CC_M_SERVICE_LEVEL];
    cr_assert_lt(fabs(sl.mean - a->total[CC_M_SERVICE_LEVEL].mean), sl.ci95,
                 "no outage %.4f, outage with an immediate re-route %.4f ± %.4f",
                 a->total[CC_M_SERVICE_LEVEL].mean, sl.mean, sl.ci95);
    cr_assert_eq(b->calls_lost.mean, 0.0);
    /* the outage's first interval is at target more often than not */
    cr_assert_lt(b->recovery_min.mean, 15.0);
    cc_results_destroy(a);
    cc_results_destroy(b);
    cc_scenario_destroy(none);
    cc_scenario_destroy(out);
}

Test(sites, recovery_is_monotone_in_the_reroute_delay)
{
    static const double delays[] = { 0.0, 15.0, 30.0, 60.0, 120.0 };
    double last = -1.0;
    for (size_t k = 0; k < sizeof delays / sizeof *delays; k++) {
        char timeline[512];
        snprintf(timeline, sizeof timeline, DOWN_AT_10 "duration_min = 240.0; }, "
                 "{ at = \"2026-03-02 10:00\"; event = \"reroute\"; site = \"Main\"; "
                 "to_site = \"Backup\"; after_min = %.1f; }", delays[k]);
        cc_scenario *s = two_sites(13, 13, timeline);
        cc_results *r = test_simulate(s, 32, 77, 2);
        double rec = r->recovery_min.mean;
        /* nobody answers before the re-route: the service level cannot be at target */
        cr_assert_geq(rec, delays[k], "delay %.0f: recovery %.1f", delays[k], rec);
        cr_assert_geq(rec, last, "delay %.0f: recovery %.1f after %.1f", delays[k], rec, last);
        last = rec;
        cc_results_destroy(r);
        cc_scenario_destroy(s);
    }
    cr_assert_gt(last, 100.0);
}

Test(sites, agents_brought_in_after_a_ramp_up)
{
    /* Backup's 4 agents alone cannot take Main's calls; 10 more arrive 30 minutes after
       the 10:15 re-route and stay until Main is back at 12:00: 10 x 1.25 h */
    const char *timeline = DOWN_AT_10 "duration_min = 120.0; }, "
        "{ at = \"2026-03-02 10:00\"; event = \"reroute\"; site = \"Main\"; to_site = \"Backup\"; "
        "after_min = 15.0; extra_agents = 10; extra_group = \"Reserve\"; ramp_up_min = 30.0; }";
    cc_scenario *with = two_sites(13, 4, timeline);
    cr_assert_eq(with->events[1].until_s, 12 * 3600.0);
    cc_results *r = test_simulate(with, 16, 4, 2);
    cr_assert_float_eq(r->incidents[0].extra_agent_hours, 12.5, 1e-9);
    /* one paid hour of an FTE: 30000 / (37 x 365.25 / 7) */
    cr_assert_float_eq(r->incidents[0].extra_cost, 12.5 * 30000.0 / (37.0 * 365.25 / 7.0), 1e-6);
    /* the group's staffed hours: 8 h x 4 planned, plus the 12.5 brought in, plus the
       minutes its agents stay after 17:00 to answer the callers still waiting */
    double staffed = r->group_total[1 * CC_GROUP_METRICS + CC_GM_STAFFED_HOURS].mean;
    cr_assert(staffed >= 32.0 + 12.5 && staffed < 32.0 + 12.5 + 0.5, "staffed %.3f h", staffed);
    cc_results_destroy(r);
    cc_scenario_destroy(with);
}

/* Nine days from a Monday, one site, 5 agents in the plan; %s is the timeline. */
static const char NINE_DAYS[] =
    "name = \"nine-days\";\n"
    "calendar = { start = \"2026-03-02\"; days = 9; interval_min = 60;\n"
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = ( { name = \"Calls\"; channel = \"phone\"; calls_per_interval = 40;\n"
    "    handling = { dist = \"exponential\"; mean_s = 240; };\n"
    "    patience = { dist = \"exponential\"; mean_s = 180; }; } );\n"
    "groups = ( { name = \"Team\"; serves = [ \"Calls\" ]; agents = 5; } );\n"
    "timeline = ( %s );\n";

static double staffed_hours(const char *timeline)
{
    char text[2048];
    snprintf(text, sizeof text, NINE_DAYS, timeline);
    cc_scenario *s = test_load_text(text);
    cc_results *r = test_simulate(s, 4, 8, 1);
    double h = r->group_total[CC_GM_STAFFED_HOURS].mean;
    cc_results_destroy(r);
    cc_scenario_destroy(s);
    return h;
}

Test(sites, staffing_within_hours_is_on_duty_in_the_groups_hours_only)
{
    /* Monday and Tuesday with 8 agents, then the plan's 5: 7 open days of 8 hours,
       plus the minutes agents stay after 17:00 for the callers still waiting */
    double within = staffed_hours("{ at = \"2026-03-02 00:00\"; until = \"2026-03-04 00:00\"; "
                                  "event = \"staffing\"; group = \"Team\"; agents = 8; "
                                  "within_hours = true; }");
    cr_assert(within >= 2 * 8 * 8 + 5 * 5 * 8 && within < 2 * 8 * 8 + 5 * 5 * 8 + 2.0, "%.3f h", within);
    /* without it, the 8 are on duty for the whole 48 hours (overtime) */
    double around = staffed_hours("{ at = \"2026-03-02 00:00\"; until = \"2026-03-04 00:00\"; "
                                  "event = \"staffing\"; group = \"Team\"; agents = 8; }");
    cr_assert(around >= 8 * 48 + 5 * 5 * 8 && around < 8 * 48 + 5 * 5 * 8 + 2.0, "%.3f h", around);
}

Test(sites, weeks_add_up_to_the_horizon)
{
    char text[2048];
    snprintf(text, sizeof text, NINE_DAYS, "");
    cc_scenario *s = test_load_text(text);
    cc_results *r = test_simulate(s, 6, 3, 2);
    cc_estimate sl0, off0, sl1, off1;
    cc_results_week(r, 0, &sl0, &off0);
    cc_results_week(r, 1, &sl1, &off1);
    /* 5 open days of 8 hours in week 0, Monday and Tuesday in week 1 */
    test_assert_agrees("week 0 offered", off0, 5 * 8 * 40.0);
    test_assert_agrees("week 1 offered", off1, 2 * 8 * 40.0);
    cr_assert_float_eq(off0.mean + off1.mean, r->total[CC_M_OFFERED].mean, 1e-9);
    double pooled = (off0.mean * sl0.mean + off1.mean * sl1.mean) / (off0.mean + off1.mean);
    cr_assert_float_eq(pooled, r->total[CC_M_SERVICE_LEVEL].mean, 1e-12);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
}

/* Two sites, each with a team of 30 serving the one queue (about 10.7 Erlangs):
   agents are nearly always free at both. %s: the sites' shares. */
static const char SHARED_QUEUE[] =
    "name = \"shares\";\n"
    "sites = ( { name = \"North\"; %s }, { name = \"South\"; %s } );\n"
    "calendar = { start = \"2026-03-02\"; days = 1; interval_min = 15;\n"
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = ( { name = \"Calls\"; channel = \"phone\"; calls_per_interval = 40;\n"
    "    handling = { dist = \"exponential\"; mean_s = 240; };\n"
    "    patience = { dist = \"exponential\"; mean_s = 180; }; } );\n"
    "groups = ( { name = \"N\"; site = \"North\"; serves = [ \"Calls\" ]; agents = 30; },\n"
    "           { name = \"S\"; site = \"South\"; serves = [ \"Calls\" ]; agents = 30; } );\n";

/* The share of the calls' handling that group N did, over the replications. */
static double north_share(const char *north, const char *south)
{
    char text[2048];
    snprintf(text, sizeof text, SHARED_QUEUE, north, south);
    cc_scenario *s = test_load_text(text);
    cc_results *r = test_simulate(s, 8, 13, 2);
    double n = r->group_total[0 * CC_GROUP_METRICS + CC_GM_OCCUPANCY].mean *
               r->group_total[0 * CC_GROUP_METRICS + CC_GM_STAFFED_HOURS].mean;
    double so = r->group_total[1 * CC_GROUP_METRICS + CC_GM_OCCUPANCY].mean *
                r->group_total[1 * CC_GROUP_METRICS + CC_GM_STAFFED_HOURS].mean;
    cc_results_destroy(r);
    cc_scenario_destroy(s);
    return n / (n + so);
}

Test(sites, routing_by_site_shares)
{
    /* one virtual queue: the first group in routing order takes every call it can */
    cr_assert_gt(north_share("", ""), 0.99);
    /* by shares: 70% offered first to North, 30% to South (both nearly always free) */
    double n = north_share("share = 0.7;", "share = 0.3;");
    cr_assert(n > 0.66 && n < 0.74, "North's share of the work %.3f", n);
    cr_assert_lt(north_share("share = 0.0;", "share = 1.0;"), 0.05);
}

Test(sites, bad_site_shares)
{
    char text[2048];
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    snprintf(text, sizeof text, SHARED_QUEUE, "share = 0.7;", "");
    char *path = test_write_cfg(text);
    cr_assert_eq(cc_scenario_load(path, &s, &err), CC_EINPUT);
    cr_assert_not_null(strstr(err.msg, ":2: sites[1].share is required when another site has a "
                                       "share"), "%s", err.msg);
    free(path);
    snprintf(text, sizeof text, SHARED_QUEUE, "share = 0.7;", "share = 0.2;");
    path = test_write_cfg(text);
    cr_assert_eq(cc_scenario_load(path, &s, &err), CC_EINPUT);
    cr_assert_not_null(strstr(err.msg, ":2: sites[].share must add up to 1 (got 0.9"), "%s", err.msg);
    free(path);
    snprintf(text, sizeof text, SHARED_QUEUE, "share = 1.7;", "share = -0.7;");
    path = test_write_cfg(text);
    cr_assert_eq(cc_scenario_load(path, &s, &err), CC_EINPUT);
    cr_assert_not_null(strstr(err.msg, ":2: sites[0].share must be in [0, 1] (got 1.7)"), "%s", err.msg);
    free(path);
}

Test(sites, zero_length_outage_prints_what_no_outage_prints)
{
    char text[4096], cmd[1024], *outs[2];
    const char *timelines[2] = { "", DOWN_AT_10 "duration_min = 0.0; in_service = \"completed\"; }" };
    for (int k = 0; k < 2; k++) {
        snprintf(text, sizeof text, TWO_SITES, 13u, 13u, timelines[k]);
        char *path = test_write_cfg(text);
        /* everything but the wall-clock figures */
        snprintf(cmd, sizeof cmd, "%s simulate %s --json --replications 10 --seed 3 | "
                 "sed 's/\"wall_s\":[^,]*,//; s/\"calls_per_s\":[^,]*,//'", test_ccsim(), path);
        cr_assert_eq(test_run(cmd, &outs[k]), 0);
        free(path);
    }
    cr_assert_not_null(strstr(outs[0], "\"service_level\""));
    cr_assert_null(strstr(outs[0], "wall_s"), "%s", outs[0]);
    cr_assert_str_eq(outs[0], outs[1]);
    free(outs[0]);
    free(outs[1]);
}
