/* test_plan.c — the analytic workforce plan (model/plan.h): every cell equals an
 * independent Erlang staffing call, the partly open interval rule, FTE and cost by
 * hand, the fixed-FTE roster (Webster: exact hours, house monotone), the AHT
 * break-even, and a plan whose agents are replaced and re-evaluated. */
#include "model/erlang.h"
#include "model/plan.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cc_plan *plan_of(const cc_scenario *s, cc_plan_method m)
{
    cc_plan_options opt = { .method = m };
    cc_plan *p = NULL;
    cc_error err = { 0 };
    int rc = cc_plan_create(s, &opt, &p, &err);
    cr_assert_eq(rc, CC_OK, "plan: %s", err.msg);
    return p;
}

static void fixed(cc_plan *p, double fte)
{
    cc_error err = { 0 };
    int rc = cc_plan_fixed_fte(p, fte, &err);
    cr_assert_eq(rc, CC_OK, "fixed FTE %g: %s", fte, err.msg);
}

/* One half-hour, 600 calls, AHT 240 s, exponential patience 180 s. */
static const char one_interval[] =
    "name = \"one\";\n"
    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"09:30\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 600.0;\n"
    "  handling = { dist = \"exponential\"; mean_s = 240; };\n"
    "  patience = { dist = \"exponential\"; mean_s = 180; }; } );\n"
    "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = 1; } );\n"
    "workforce = { shrinkage = 0.25; paid_hours_per_week = 37.5; cost_per_fte_year = 30000; };\n";

Test(plan, one_interval_equals_erlang_c_staff)
{
    cc_scenario *s = test_load_text(one_interval);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    size_t i = 18; /* 09:00 */
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cr_assert_eq(cc_erlang_c_staff(600, 1800, 240, 20, &t, &r, NULL), CC_OK);
    cr_assert_eq(r.agents, 87);
    cr_assert_eq(p->cells[i].agents, 87);
    cr_assert_float_eq(p->cells[i].service_level, r.service_level, 1e-12);
    cr_assert_eq(p->agents_peak, 87);
    cr_assert_float_eq(p->outcome.agent_hours, 43.5, 1e-12);
    cr_assert_float_eq(p->outcome.service_level, r.service_level, 1e-12);
    cr_assert_eq(p->queues[0].model, CC_PLAN_ERLANG_C);
    for (size_t k = 0; k < p->n_intervals; k++)
        if (k != i)
            cr_assert_eq(p->cells[k].agents, 0, "closed interval %zu has agents", k);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

Test(plan, one_interval_equals_erlang_a_staff)
{
    cc_scenario *s = test_load_text(one_interval);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_A);
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cr_assert_eq(cc_erlang_a_staff(600, 1800, 240, 180, 20, &t, &r, NULL), CC_OK);
    cr_assert_eq(p->cells[18].agents, r.agents);
    cr_assert_float_eq(p->cells[18].p_abandon, r.p_abandon, 1e-12);
    cr_assert_eq(p->queues[0].model, CC_PLAN_ERLANG_A);
    cr_assert_eq(p->queues[0].patience, CC_PLAN_PATIENCE_EXPONENTIAL);
    cr_assert_float_eq(p->queues[0].patience_s, 180, 1e-12);
    cr_assert_float_eq(p->outcome.abandon_rate, r.p_abandon, 1e-12);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* FTE = agent_hours / weeks / (1 - shrinkage) / paid hours, by hand:
 * 87 agents × 0.5 h = 43.5 agent-hours in 1 day = 1/7 week →
 * 43.5 × 7 / 0.75 / 37.5 = 10.8266… FTE, × 30000 = 324800 a year. */
Test(plan, fte_and_cost_by_hand)
{
    cc_scenario *s = test_load_text(one_interval);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    double fte = 43.5 * 7 / 0.75 / 37.5;
    cr_assert_float_eq(fte, 10.826666666666666, 1e-12);
    cr_assert_float_eq(p->fte, fte, 1e-9);
    cr_assert_float_eq(p->queues[0].fte, fte, 1e-9);
    cr_assert_float_eq(p->channels[CC_CHANNEL_PHONE].fte, fte, 1e-9);
    cr_assert_float_eq(p->staff_cost, 324800, 1e-6);
    cr_assert_float_eq(p->cost, 324800, 1e-6);
    cr_assert_float_eq(p->channels[CC_CHANNEL_PHONE].cost, 324800, 1e-6);
    /* 600 calls a day annualised: × 365.25 → 219150 calls a year. */
    cr_assert_float_eq(p->calls_per_year, 219150, 1e-6);
    cr_assert_float_eq(p->channels[CC_CHANNEL_PHONE].cost_per_contact, 324800.0 / 219150.0, 1e-12);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Two queues of one channel over a week: the channel's cost is the sum of the
 * queues', each queue's FTE follows its own agent-hours. */
static const char two_queues_week[] =
    "name = \"two\";\n"
    "calendar = { start = \"2026-01-05\"; days = 7; interval_min = 60;\n"
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = (\n"
    "  { name = \"tax\"; channel = \"phone\"; calls_per_interval = 120.0;\n"
    "    handling = { dist = \"lognormal\"; mean_s = 300; cv = 0.8; };\n"
    "    patience = { dist = \"gamma\"; mean_s = 150; cv = 0.5; }; },\n"
    "  { name = \"benefits\"; channel = \"phone\"; calls_per_interval = 45.0;\n"
    "    handling = { dist = \"exponential\"; mean_s = 200; }; } );\n"
    "groups = ( { name = \"a\"; serves = [ \"tax\" ]; agents = 1; },\n"
    "           { name = \"b\"; serves = [ \"benefits\" ]; agents = 1; } );\n"
    "workforce = { shrinkage = 0.373; paid_hours_per_week = 37; cost_per_fte_year = 32000; };\n";

Test(plan, cost_per_channel_and_total_by_hand)
{
    cc_scenario *s = test_load_text(two_queues_week);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result ra, rb;
    cr_assert_eq(cc_erlang_c_staff(120, 3600, 300, 20, &t, &ra, NULL), CC_OK);
    cr_assert_eq(cc_erlang_c_staff(45, 3600, 200, 20, &t, &rb, NULL), CC_OK);
    /* 5 days × 8 open hours, one week: FTE = hours / (1 - 0.373) / 37. */
    double ha = 40.0 * (double)ra.agents, hb = 40.0 * (double)rb.agents;
    double fa = ha / 0.627 / 37, fb = hb / 0.627 / 37;
    cr_assert_float_eq(p->queues[0].outcome.agent_hours, ha, 1e-9);
    cr_assert_float_eq(p->queues[1].outcome.agent_hours, hb, 1e-9);
    cr_assert_float_eq(p->queues[0].fte, fa, 1e-9);
    cr_assert_float_eq(p->queues[1].fte, fb, 1e-9);
    cr_assert_float_eq(p->channels[CC_CHANNEL_PHONE].cost, (fa + fb) * 32000, 1e-6);
    cr_assert_float_eq(p->cost, (fa + fb) * 32000, 1e-6);
    cr_assert_float_eq(p->channels[CC_CHANNEL_PHONE].calls_per_year, (120.0 + 45.0) * 40 * 365.25 / 7, 1e-6);
    cr_assert_eq(p->channels[CC_CHANNEL_PHONE].n_queues, 2);
    cr_assert_eq(p->agents_peak, ra.agents + rb.agents);
    /* Erlang A: tax uses the mean of its gamma patience, benefits falls back to C. */
    cc_plan *pa = plan_of(s, CC_PLAN_ERLANG_A);
    cr_assert_eq(pa->queues[0].model, CC_PLAN_ERLANG_A);
    cr_assert_eq(pa->queues[0].patience, CC_PLAN_PATIENCE_MEAN_ONLY);
    cr_assert_float_eq(pa->queues[0].patience_s, 150, 1e-12);
    cr_assert_eq(pa->queues[1].model, CC_PLAN_ERLANG_C);
    cr_assert_eq(pa->queues[1].patience, CC_PLAN_PATIENCE_NONE);
    cr_assert_eq(pa->cells[pa->n_intervals + 9].agents, rb.agents);
    cc_plan_destroy(pa);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* A scenario file's text without its groups section (each queue its own team). */
static cc_scenario *load_without_groups(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    static char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *a = strstr(text, "groups = ("), *b = a ? strstr(a, ");\n") : NULL;
    cr_assert(a && b, "%s has a groups section", path);
    memmove(a, b + 3, strlen(b + 3) + 1);
    return test_load_text(text);
}

/* Every interval of a day equals its own Erlang call, with all four targets. */
Test(plan, multi_interval_day_matches_independent_calls)
{
    cc_scenario *s = load_without_groups("tests/data/weekdays.cfg");
    for (int m = 0; m < 2; m++) {
        cc_plan *p = plan_of(s, m ? CC_PLAN_ERLANG_A : CC_PLAN_ERLANG_C);
        cc_erlang_targets t = { .service_level = 0.75, .asa_s = 25, .p_abandon = 0.05, .occupancy = 0.9 };
        size_t cells = 0;
        for (size_t q = 0; q < s->n_queues; q++)
            for (size_t i = 0; i < s->n_intervals; i++) {
                const cc_plan_cell *c = &p->cells[q * s->n_intervals + i];
                double calls = s->queues[q].calls[i];
                if (calls <= 0) {
                    cr_assert_eq(c->agents, 0);
                    continue;
                }
                cc_erlang_result r;
                double aht = s->queues[q].handling.mean_s;
                int rc = m && s->queues[q].patience.kind != CC_DIST_NONE
                       ? cc_erlang_a_staff(calls, 3600, aht, s->queues[q].patience.mean_s, 30, &t, &r, NULL)
                       : cc_erlang_c_staff(calls, 3600, aht, 30, &t, &r, NULL);
                cr_assert_eq(rc, CC_OK);
                cr_assert_eq(c->agents, r.agents, "queue %zu interval %zu: %ld vs %ld", q, i,
                             c->agents, r.agents);
                cr_assert_float_eq(c->asa_s, r.asa_s, 1e-9);
                cells++;
            }
        cr_assert_eq(cells, 8);
        cc_plan_destroy(p);
    }
    cc_scenario_destroy(s);
}

/* 17:00-17:15 is open for 15 minutes with 17.5 calls: staffed for the rate
 * 17.5 calls per 900 s, and counted for a quarter of an hour. */
Test(plan, partly_open_interval)
{
    cc_scenario *s = test_load("tests/data/partly-open.cfg");
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    size_t i = 34; /* 17:00 */
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r, whole;
    cr_assert_eq(cc_erlang_c_staff(17.5, 900, 120, 20, &t, &r, NULL), CC_OK);
    cr_assert_eq(cc_erlang_c_staff(17.5, 1800, 120, 20, &t, &whole, NULL), CC_OK);
    cr_assert_gt(r.agents, whole.agents, "the rule must matter in this test");
    cr_assert_float_eq(p->cells[i].open_s, 900, 1e-9);
    cr_assert_eq(p->cells[i].agents, r.agents);
    double hours = 0;
    for (size_t k = 18; k < 34; k++) {
        cr_assert_float_eq(p->cells[k].open_s, 1800, 1e-9);
        hours += (double)p->cells[k].agents * 0.5;
    }
    hours += (double)r.agents * 0.25;
    cr_assert_float_eq(p->outcome.agent_hours, hours, 1e-9);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Schema v2: a queue with its own hours closing at 10:20 is open 20 minutes of
 * the 10:00 interval while the other queue is open all of it; each queue's cost
 * per contact is annualised and added to its channel's yearly cost. */
static const char per_queue_hours[] =
    "name = \"pq\";\n"
    "calendar = { start = \"2026-01-05\"; days = 7; interval_min = 30;\n"
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"11:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = (\n"
    "  { name = \"short\"; channel = \"phone\"; non_staff_cost_per_contact = 1.5; calls_per_interval = 30.0;\n"
    "    hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"10:20\"; } );\n"
    "    handling = { dist = \"exponential\"; mean_s = 240; }; },\n"
    "  { name = \"long\"; channel = \"phone\"; non_staff_cost_per_contact = 0.5; cost_per_contact = 9.0;\n"
    "    calls_per_interval = 60.0;\n"
    "    handling = { dist = \"exponential\"; mean_s = 240; }; } );\n"
    "workforce = { shrinkage = 0.3; paid_hours_per_week = 36; cost_per_fte_year = 25000; };\n";

Test(plan, per_queue_hours_and_cost_per_contact)
{
    cc_scenario *s = test_load_text(per_queue_hours);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    size_t ni = p->n_intervals, i = 20; /* Monday 10:00 */
    cr_assert_float_eq(p->cells[i].open_s, 1200, 1e-9);
    cr_assert_float_eq(p->cells[ni + i].open_s, 1800, 1e-9);
    cr_assert_float_eq(p->cells[i + 1].open_s, 0, 1e-9);
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result part, full, lg;
    cr_assert_eq(cc_erlang_c_staff(30, 1200, 240, 20, &t, &part, NULL), CC_OK);
    cr_assert_eq(cc_erlang_c_staff(30, 1800, 240, 20, &t, &full, NULL), CC_OK);
    cr_assert_eq(cc_erlang_c_staff(60, 1800, 240, 20, &t, &lg, NULL), CC_OK);
    cr_assert_eq(p->cells[i].agents, part.agents);
    cr_assert_eq(p->cells[i - 1].agents, full.agents);
    cr_assert_eq(p->cells[ni + i].agents, lg.agents);
    /* By hand: 5 days; short: 2 full intervals + 20 minutes a day, long: 4 intervals. */
    double h_short = 5 * (2 * 0.5 * (double)full.agents + (double)part.agents / 3);
    double h_long = 5 * 4 * 0.5 * (double)lg.agents;
    cr_assert_float_eq(p->queues[0].outcome.agent_hours, h_short, 1e-9);
    cr_assert_float_eq(p->queues[1].outcome.agent_hours, h_long, 1e-9);
    double fte = (h_short + h_long) / 0.7 / 36;
    double calls_year = (5 * 3 * 30.0) * 365.25 / 7, calls_year_long = (5 * 4 * 60.0) * 365.25 / 7;
    double cost = fte * 25000 + 1.5 * calls_year + 0.5 * calls_year_long;
    cr_assert_float_eq(p->fte, fte, 1e-9);
    cr_assert_float_eq(p->contact_cost, 1.5 * calls_year + 0.5 * calls_year_long, 1e-6);
    cr_assert_float_eq(p->channels[CC_CHANNEL_PHONE].cost, cost, 1e-6);
    cr_assert_float_eq(p->cost, cost, 1e-6);
    cr_assert_float_eq(p->channels[CC_CHANNEL_PHONE].cost_per_contact, cost / (calls_year + calls_year_long), 1e-9);
    /* The all-in 9.00 a call quoted for "long" is a check, never added. */
    cr_assert_float_eq(p->channels[CC_CHANNEL_PHONE].quoted_cost_per_contact, 9.0, 1e-12);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Agent-hours of a roster. */
static double roster_hours(const cc_plan_cell *cells, size_t n)
{
    double h = 0;
    for (size_t k = 0; k < n; k++)
        h += (double)cells[k].agents * cells[k].open_s / 3600.0;
    return h;
}

Test(plan, fixed_fte_uses_exactly_the_available_hours)
{
    cc_scenario *s = test_load_text(two_queues_week);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_A);
    size_t n = p->n_queues * p->n_intervals;
    for (double fte = 10; fte <= 60; fte += 3.37) {
        fixed(p, fte);
        double avail = fte * 37 * 0.627;
        cr_assert_float_eq(p->fixed->agent_hours_available, avail, 1e-9);
        double used = roster_hours(p->fixed->cells, n);
        /* Whole agents of one hour each: exactly floor(available) agent-hours. */
        cr_assert_float_eq(used, floor(avail + 1e-9), 1e-9, "fte %g: %g of %g hours", fte, used, avail);
        cr_assert_float_eq(p->fixed->outcome.agent_hours, used, 1e-9);
        for (size_t k = 0; k < n; k++)
            if (p->cells[k].agents == 0)
                cr_assert_eq(p->fixed->cells[k].agents, 0);
    }
    /* The required plan's own FTE gives back the required roster. */
    fixed(p, p->fte);
    for (size_t k = 0; k < n; k++)
        cr_assert_eq(p->fixed->cells[k].agents, p->cells[k].agents, "cell %zu", k);
    cr_assert_float_eq(p->fixed->outcome.service_level, p->outcome.service_level, 1e-9);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

Test(plan, fixed_fte_partly_open_never_exceeds_the_hours)
{
    cc_scenario *s = test_load("tests/data/partly-open.cfg");
    /* partly-open has no workforce section: the reverse question is refused. */
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    cc_error err = { 0 };
    cr_assert_eq(cc_plan_fixed_fte(p, 10, &err), CC_EINPUT);
    cr_assert_not_null(strstr(err.msg, "workforce"), "%s", err.msg);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);

    s = test_load_text(
        "name = \"po\";\n"
        "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"11:15\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20; };\n"
        "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = [ 50.0, 80.0, 90.0, 60.0, 20.0 ];\n"
        "  handling = { dist = \"exponential\"; mean_s = 240; }; } );\n"
        "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = 1; } );\n"
        "workforce = { shrinkage = 0.3; paid_hours_per_week = 37; cost_per_fte_year = 30000; };\n");
    p = plan_of(s, CC_PLAN_ERLANG_C);
    size_t n = p->n_intervals;
    for (double fte = 5; fte < 40; fte += 1.7) {
        fixed(p, fte);
        double avail = p->fixed->agent_hours_available, used = roster_hours(p->fixed->cells, n);
        cr_assert_leq(used, avail + 1e-9);
        cr_assert_lt(avail - used, 0.5, "fte %g: %g of %g hours", fte, used, avail);
        /* Not even the quarter-hour cell would still fit. */
        cr_assert_lt(avail - used, 0.25, "fte %g: %g of %g hours", fte, used, avail);
    }
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Coarse steps, Erlang C and A: FTE grows by required FTE / (fewest required
 * agents in a staffed cell), so every cell's exact share grows by at least one
 * agent; every cell's agents and so the service level are monotone. (Fine steps:
 * fixed_fte_is_house_monotone.) */
Test(plan, fixed_fte_service_level_is_monotone)
{
    cc_scenario *s = test_load_text(two_queues_week);
    for (int m = 0; m < 2; m++) {
        cc_plan *p = plan_of(s, m ? CC_PLAN_ERLANG_A : CC_PLAN_ERLANG_C);
        size_t n = p->n_queues * p->n_intervals;
        long fewest = 0;
        for (size_t k = 0; k < n; k++)
            if (p->cells[k].agents > 0 && (fewest == 0 || p->cells[k].agents < fewest))
                fewest = p->cells[k].agents;
        double step = p->fte / (double)fewest * 1.0001, prev = -1, prev_ab = 2;
        long *agents = calloc(n, sizeof *agents);
        for (double fte = 0.3 * p->fte; fte <= 1.5 * p->fte; fte += step) {
            fixed(p, fte);
            double sl = p->fixed->outcome.service_level;
            cr_assert_geq(sl, prev, "%s: SL %g at %g FTE below %g", m ? "A" : "C", sl, fte, prev);
            for (size_t k = 0; k < n; k++) {
                cr_assert_geq(p->fixed->cells[k].agents, agents[k], "cell %zu lost an agent at %g FTE", k, fte);
                agents[k] = p->fixed->cells[k].agents;
            }
            /* Erlang C intervals with agents <= load leave the abandon rate undefined. */
            if (m && !isnan(p->fixed->outcome.abandon_rate)) {
                cr_assert_leq(p->fixed->outcome.abandon_rate, prev_ab);
                prev_ab = p->fixed->outcome.abandon_rate;
            }
            prev = sl;
        }
        cr_assert_gt(prev, 0.8);
        free(agents);
        cc_plan_destroy(p);
    }
    cc_scenario_destroy(s);
}

/* Two Erlang A queues over three days of half-hour intervals, each interval with
 * its own demand (so the requirement differs from cell to cell). */
static cc_scenario *three_days_two_queues(void)
{
    char text[8192], sales[2048] = "", care[2048] = "";
    size_t ls = 0, lc = 0;
    for (int d = 0; d < 3; d++)
        for (int i = 0; i < 16; i++) {
            double shape = sin(3.14159265358979 * (i + 0.5) / 16);
            double a = 60 * (0.5 + shape * shape) * (1 + 0.15 * d) + 0.37 * (i % 3);
            double b = 22.5 * (0.5 + shape) * (1.1 - 0.1 * d) + 0.61 * (i % 4);
            ls += (size_t)snprintf(sales + ls, sizeof sales - ls, "%s%.3f", ls ? ", " : "", a);
            lc += (size_t)snprintf(care + lc, sizeof care - lc, "%s%.3f", lc ? ", " : "", b);
        }
    snprintf(text, sizeof text,
             "name = \"three-days\";\n"
             "calendar = { start = \"2026-01-05\"; days = 3; interval_min = 30;\n"
             "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
             "targets = { service_level = 0.8; answer_within_s = 20; };\n"
             "queues = (\n"
             "  { name = \"sales\"; channel = \"phone\"; calls_per_interval = [ %s ];\n"
             "    handling = { dist = \"exponential\"; mean_s = 300; };\n"
             "    patience = { dist = \"exponential\"; mean_s = 600; }; },\n"
             "  { name = \"care\"; channel = \"phone\"; calls_per_interval = [ %s ];\n"
             "    handling = { dist = \"exponential\"; mean_s = 200; };\n"
             "    patience = { dist = \"exponential\"; mean_s = 900; }; } );\n"
             "workforce = { shrinkage = 0.3; paid_hours_per_week = 37; cost_per_fte_year = 30000; };\n",
             sales, care);
    return test_load_text(text);
}

/* House monotone: more FTE never takes an agent from any queue-interval, so the
 * whole-horizon service level (and abandon rate) never get worse, in steps of
 * 0.05 FTE from well under to well over the requirement. (Largest remainder
 * fails this: the Alabama paradox.) Every roster fits the available hours and
 * leaves less than any staffed cell's open hours unused. */
Test(plan, fixed_fte_is_house_monotone)
{
    cc_scenario *s = three_days_two_queues();
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_A);
    cr_assert_eq(p->queues[0].model, CC_PLAN_ERLANG_A);
    cr_assert_eq(p->queues[1].model, CC_PLAN_ERLANG_A);
    size_t n = p->n_queues * p->n_intervals;
    long *agents = calloc(n, sizeof *agents);
    double prev = -1, prev_ab = 2, first = NAN;
    double lo = floor(0.4 * p->fte), hi = ceil(1.4 * p->fte);
    int steps = (int)lround((hi - lo) / 0.05);
    for (int j = 0; j <= steps; j++) {
        double fte = lo + 0.05 * j;
        fixed(p, fte);
        double sl = p->fixed->outcome.service_level, ab = p->fixed->outcome.abandon_rate;
        if (j == 0)
            first = sl;
        cr_assert_geq(sl, prev, "SL %.6f at %.2f FTE below %.6f at %.2f", sl, fte, prev, fte - 0.05);
        cr_assert_leq(ab, prev_ab, "abandon rate %.6f at %.2f FTE above %.6f", ab, fte, prev_ab);
        double avail = p->fixed->agent_hours_available, used = roster_hours(p->fixed->cells, n);
        cr_assert_leq(used, avail + 1e-9, "%.2f FTE: %g of %g hours", fte, used, avail);
        for (size_t k = 0; k < n; k++) {
            const cc_plan_cell *c = &p->fixed->cells[k];
            cr_assert_geq(c->agents, agents[k], "cell %zu lost an agent at %.2f FTE (%ld -> %ld)",
                          k, fte, agents[k], c->agents);
            agents[k] = c->agents;
            if (p->cells[k].agents > 0)
                cr_assert_lt(avail - used, c->open_s / 3600.0 + 1e-9,
                             "%.2f FTE: %g hours unused, cell %zu would still fit", fte, avail - used, k);
            else
                cr_assert_eq(c->agents, 0);
        }
        prev = sl;
        prev_ab = ab;
    }
    /* The range spans under- and over-staffing. */
    cr_assert_lt(first, 0.5);
    cr_assert_gt(prev, 0.9);
    free(agents);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Webster by hand: two one-hour cells requiring 5 and 2 agents (the rest 0) get
 * agents in the order of 5/0.5, 2/0.5, 5/1.5, 5/2.5, 5/3.5, 2/1.5, 5/4.5, 5/5.5,
 * 2/2.5, …; equal priorities go to the earlier cell (queue-major). */
Test(plan, fixed_fte_webster_by_hand)
{
    cc_scenario *s = test_load_text(two_queues_week);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_A);
    size_t n = p->n_queues * p->n_intervals, a = 9, b = p->n_intervals + 9; /* Monday 09:00 */
    cr_assert_float_eq(p->cells[a].open_s, 3600, 1e-9);
    cr_assert_float_eq(p->cells[b].open_s, 3600, 1e-9);
    double hour = 1 / (37 * 0.627); /* FTE of one agent-hour in one week */
    static const long want[][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 2, 1 }, { 3, 1 }, { 4, 1 },
                                    { 4, 2 }, { 5, 2 }, { 6, 2 }, { 6, 3 } };
    for (int tie = 0; tie < 2; tie++) {
        for (size_t k = 0; k < n; k++)
            p->cells[k].agents = 0;
        p->cells[a].agents = tie ? 2 : 5;
        p->cells[b].agents = 2;
        for (int h = 1; h < 10; h++) {
            fixed(p, (h + 0.5) * hour);
            long ga = p->fixed->cells[a].agents, gb = p->fixed->cells[b].agents;
            cr_assert_float_eq(roster_hours(p->fixed->cells, n), h, 1e-9);
            if (tie)
                cr_assert(ga == (h + 1) / 2 && gb == h / 2, "%d h: %ld + %ld", h, ga, gb);
            else
                cr_assert(ga == want[h][0] && gb == want[h][1], "%d h: %ld + %ld, want %ld + %ld", h,
                          ga, gb, want[h][0], want[h][1]);
        }
    }
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Too few agents for Erlang C: unstable intervals report SL 0 and no abandon rate. */
Test(plan, fixed_fte_unstable_erlang_c)
{
    cc_scenario *s = test_load_text(two_queues_week);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    fixed(p, 5);
    int unstable = 0;
    for (size_t k = 0; k < p->n_queues * p->n_intervals; k++) {
        const cc_plan_cell *c = &p->fixed->cells[k];
        if (c->calls > 0 && (double)c->agents <= c->load_erlangs) {
            cr_assert_eq(c->service_level, 0);
            cr_assert(isnan(c->p_abandon) && isnan(c->asa_s));
            unstable++;
        }
    }
    cr_assert_gt(unstable, 0);
    cr_assert(isnan(p->fixed->outcome.abandon_rate));
    cr_assert_lt(p->fixed->outcome.service_level, 0.5);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

static void check_breakeven(cc_plan *p, double target)
{
    double m = p->fixed->aht_breakeven, sl_at, sl_above;
    cr_assert(isfinite(m) && m > 0, "break-even %g", m);
    cr_assert_eq(cc_plan_fixed_service_level(p, m, &sl_at, NULL), CC_OK);
    cr_assert_eq(cc_plan_fixed_service_level(p, m * 1.001, &sl_above, NULL), CC_OK);
    cr_assert_geq(sl_at, target, "SL %g at the break-even %g", sl_at, m);
    cr_assert_lt(sl_above, target, "SL %g just above the break-even %g", sl_above, m);
    cr_assert_lt(sl_at - target, 0.005);
    for (size_t q = 0; q < p->n_queues; q++)
        cr_assert_float_eq(p->fixed->aht_breakeven_s[q], m * p->s->queues[q].handling.mean_s, 1e-9);
}

Test(plan, aht_breakeven)
{
    cc_scenario *s = test_load_text(two_queues_week);
    for (int m = 0; m < 2; m++) {
        cc_plan *p = plan_of(s, m ? CC_PLAN_ERLANG_A : CC_PLAN_ERLANG_C);
        double sl1;
        /* More FTE than required: the target holds at today's handling (m > 1). */
        fixed(p, p->fte * 1.1);
        cr_assert_eq(cc_plan_fixed_service_level(p, 1.0, &sl1, NULL), CC_OK);
        cr_assert_float_eq(sl1, p->fixed->outcome.service_level, 1e-12);
        cr_assert_gt(p->fixed->aht_breakeven, 1);
        check_breakeven(p, 0.8);
        /* Fewer: it is already missed, and the break-even is below 1. */
        fixed(p, p->fte * 0.9);
        cr_assert_lt(p->fixed->outcome.service_level, 0.8);
        cr_assert_lt(p->fixed->aht_breakeven, 1);
        check_breakeven(p, 0.8);
        cc_plan_destroy(p);
    }
    cc_scenario_destroy(s);
}

/* Another planner replaces the agents; evaluate recomputes measures and totals. */
Test(plan, replace_agents_and_evaluate)
{
    cc_scenario *s = test_load_text(one_interval);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    p->cells[18].agents = 90;
    cr_assert_eq(cc_plan_evaluate(p, NULL), CC_OK);
    cc_erlang_result r;
    cr_assert_eq(cc_erlang_c(600, 1800, 240, 90, 20, &r, NULL), CC_OK);
    cr_assert_float_eq(p->cells[18].service_level, r.service_level, 1e-12);
    cr_assert_float_eq(p->outcome.service_level, r.service_level, 1e-12);
    cr_assert_float_eq(p->outcome.agent_hours, 45, 1e-12);
    cr_assert_eq(p->agents_peak, 90);
    cr_assert_float_eq(p->fte, 45.0 * 7 / 0.75 / 37.5, 1e-9);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

Test(plan, bad_arguments)
{
    cc_scenario *s = test_load_text(one_interval);
    cc_plan_options opt = { .method = CC_PLAN_SIMULATION };
    cc_plan *p = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_plan_create(s, &opt, &p, &err), CC_EINPUT);
    cr_assert_null(p);
    p = plan_of(s, CC_PLAN_ERLANG_C);
    cr_assert_eq(cc_plan_fixed_fte(p, 0, &err), CC_EINPUT);
    cr_assert_eq(cc_plan_fixed_fte(p, NAN, &err), CC_EINPUT);
    /* An FTE beyond any roster (more than 10^12 agents in an interval). */
    cr_assert_eq(cc_plan_fixed_fte(p, 1e300, &err), CC_EINPUT);
    cr_assert_not_null(strstr(err.msg, "agents in one interval"), "%s", err.msg);
    cr_assert_null(p->fixed);
    double sl;
    cr_assert_eq(cc_plan_fixed_service_level(p, 1, &sl, &err), CC_EINPUT);
    fixed(p, 5);
    cr_assert_eq(cc_plan_fixed_service_level(p, -1, &sl, &err), CC_EINPUT);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* No workforce section: agents and hours only; FTE and staff cost are NaN. */
Test(plan, without_workforce)
{
    cc_scenario *s = test_load("tests/data/partly-open.cfg");
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    cr_assert(!p->has_workforce);
    cr_assert(isnan(p->fte) && isnan(p->cost) && isnan(p->channels[0].fte));
    cr_assert_gt(p->outcome.agent_hours, 0);
    cr_assert_float_eq(p->contact_cost, 0, 1e-12);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* A pooled roster is staffed per group: tax-team answers tax and half of benefits
 * (benefits has two groups), benefits-team the other half; each group-interval is
 * one Erlang C call on the pooled calls with their calls-weighted handling time, and
 * the queues' agent-time adds up to the groups'. */
Test(plan, pooled_roster_is_staffed_per_group)
{
    cc_scenario *s = test_load("tests/data/weekdays.cfg");
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    cr_assert(p->pooled);
    cr_assert_eq(p->n_groups, 2);
    size_t ni = p->n_intervals, i = 9;  /* Friday 09:00: tax 10 calls, benefits 7.5 */
    cc_erlang_targets t = { .service_level = 0.75, .asa_s = 25, .p_abandon = 0.05, .occupancy = 0.9 };
    cc_erlang_result tax_team, ben_team;
    double calls = 10 + 7.5 / 2, aht = (10 * 300 + 7.5 / 2 * 60) / calls;
    cr_assert_eq(cc_erlang_c_staff(calls, 3600, aht, 30, &t, &tax_team, NULL), CC_OK);
    cr_assert_eq(cc_erlang_c_staff(7.5 / 2, 3600, 60, 30, &t, &ben_team, NULL), CC_OK);
    cr_assert_eq(p->group_cells[0 * ni + i].agents, tax_team.agents);
    cr_assert_eq(p->group_cells[1 * ni + i].agents, ben_team.agents);
    cr_assert_float_eq(p->group_cells[0 * ni + i].service_level, tax_team.service_level, 1e-12);
    /* Benefits: answered half by each group, at each group's service level. */
    cr_assert_float_eq(p->cells[1 * ni + i].service_level,
                       (tax_team.service_level + ben_team.service_level) / 2, 1e-12);
    cr_assert_eq(p->cells[1 * ni + i].agents, tax_team.agents + ben_team.agents);
    double group_s = 0, queue_s = 0;
    for (size_t k = 0; k < p->n_groups * ni; k++)
        group_s += p->group_cells[k].agent_s;
    for (size_t k = 0; k < p->n_queues * ni; k++)
        queue_s += p->cells[k].agent_s;
    cr_assert_float_eq(queue_s, group_s, 1e-6);
    cr_assert_float_eq(p->fte, group_s / 3600 / (4 / 7.0) / (1 - 0.373) / 37, 1e-9);
    cr_assert_float_eq(p->queues[0].fte + p->queues[1].fte, p->fte, 1e-9);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* The plan fills the interval record: a join with the simulation's. Erlang A by
 * hand: abandoned = calls × P(abandon), waits by Little's law, the mean queue as
 * backlog. */
Test(plan, interval_tally_is_the_expectation)
{
    cc_scenario *s = test_load_text(one_interval);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_A);
    size_t i = 18;  /* 09:00 */
    const cc_plan_cell *c = &p->cells[i];
    cc_queue_tally t;
    cc_error err;
    cr_assert_eq(cc_plan_interval_tally(p, 0, i, &t, &err), CC_OK, "%s", err.msg);
    cc_erlang_result r;
    cr_assert_eq(cc_erlang_a(600, 1800, 240, 180, c->agents, 20, &r, NULL), CC_OK);
    cr_assert_float_eq(t.offered, 600, 1e-12);
    cr_assert_float_eq(t.abandoned, 600 * r.p_abandon, 1e-9);
    cr_assert_float_eq(t.answered, 600 * (1 - r.p_abandon), 1e-9);
    cr_assert_float_eq(t.answered_within, 600 * r.service_level, 1e-9);
    cr_assert_float_eq(t.wait_s, t.answered * r.asa_s, 1e-6);
    cr_assert_float_eq(t.abandon_wait_s + t.wait_s, 600 * r.p_abandon * 180, 1e-6);
    cr_assert_float_eq(t.handled_s, t.answered * 240, 1e-6);
    cr_assert_float_eq(t.backlog, 600 * r.p_abandon * 180 / 1800, 1e-9);
    cr_assert_float_eq(t.answered_within / (t.offered - t.abandoned_within), r.service_level_excl_short, 1e-12);
    cr_assert(t.abandon_wait_s > 0 && t.abandon_wait_s / t.abandoned < 180);
    cc_group_tally g;
    cc_plan_group_tally(p, 0, i, &g);
    cr_assert_float_eq(g.staffed_s, (double)c->agents * 1800.0, 1e-9);
    cr_assert_float_eq(g.busy_s, r.occupancy * (double)c->agents * 1800.0, 1e-6);
    cr_assert_eq(cc_plan_interval_tally(p, 0, 0, &t, &err), CC_OK);
    cr_assert_eq(t.offered, 0);
    cr_assert_eq(t.answered, 0);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Two half-hours, 300 calls each, 60 lines, 60% of the blocked and abandoned redial
 * after an exponential 600 s. */
static const char lines_and_redials[] =
    "name = \"x\";\n"
    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 300.0;\n"
    "  handling = { dist = \"exponential\"; mean_s = 300; };\n"
    "  patience = { dist = \"exponential\"; mean_s = 90; };\n"
    "  targets = ( { share = 0.8; within_s = 20.0; }, { share = 0.9; within_s = 60.0; } );\n"
    "  lines = 60;\n"
    "  redial = { share = 0.6; delay = { dist = \"exponential\"; mean_s = 600.0; }; }; } );\n"
    "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = 1; } );\n"
    "workforce = { shrinkage = 0.25; paid_hours_per_week = 37.5; cost_per_fte_year = 30000; };\n";

/* Interval 09:00 is Erlang X on the fresh calls; 09:30 adds the redials of 09:00
 * still in flight that land in it: a share 1 - e^-3 of those that left 09:00. */
Test(plan, lines_and_redials_are_planned_by_erlang_x)
{
    cc_scenario *s = test_load_text(lines_and_redials);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_A);
    cr_assert_eq(p->queues[0].model, CC_PLAN_ERLANG_X);
    cr_assert_str_eq(cc_plan_method_name(p->queues[0].model), "erlang-x");
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_x_queue x = { .calls = 300, .interval_s = 1800, .aht_s = 300, .patience_s = 90,
                            .lines = 60, .redial_share = 0.6,
                            .redial_return = cc_erlang_redial_return(1800, 600), .within_s = 20 };
    cc_erlang_x_result r1, r2;
    cr_assert_eq(cc_erlang_x_staff(&x, &t, &r1, NULL), CC_OK);
    const cc_plan_cell *c1 = &p->cells[18], *c2 = &p->cells[19];
    cr_assert_eq(c1->agents, r1.m.agents);
    cr_assert_float_eq(c1->redials, r1.redials, 1e-9);
    cr_assert_float_eq(c1->service_level, r1.m.service_level, 1e-12);
    x.calls = 300 + r1.redials_later * (1 - exp(-3));
    cr_assert_eq(cc_erlang_x_staff(&x, &t, &r2, NULL), CC_OK);
    cr_assert_eq(c2->agents, r2.m.agents);
    cr_assert_float_eq(c2->redials, r2.offered_calls - 300, 1e-9);
    cr_assert(c2->redials > c1->redials, "redials carried into 09:30");

    /* The interval record: offered = answered + abandoned + blocked. */
    cc_queue_tally tl;
    cc_error err;
    cr_assert_eq(cc_plan_interval_tally(p, 0, 19, &tl, &err), CC_OK, "%s", err.msg);
    cr_assert_float_eq(tl.offered, r2.offered_calls, 1e-9);
    cr_assert_float_eq(tl.redials, r2.offered_calls - 300, 1e-9);
    cr_assert_float_eq(tl.blocked, r2.offered_calls * r2.p_blocked, 1e-9);
    cr_assert(tl.blocked > 0);
    cr_assert_float_eq(tl.answered + tl.abandoned + tl.blocked, tl.offered, 1e-9);
    cc_erlang_x_queue at60 = x;
    at60.calls = r2.offered_calls;
    at60.redial_share = 0;
    at60.within_s = 60;
    cc_erlang_x_result r60;
    cr_assert_eq(cc_erlang_x(&at60, c2->agents, &r60, NULL), CC_OK);
    cr_assert_float_eq(tl.answered_within_k[0], r60.offered_calls * r60.m.service_level, 1e-9);
    cr_assert(tl.answered_within_k[0] > tl.answered_within);

    /* The horizon's calls include the redials. */
    cr_assert_float_eq(p->queues[0].outcome.calls, r1.offered_calls + r2.offered_calls, 1e-9);

    /* A fixed FTE re-evaluates the redials at the agents it gives. */
    fixed(p, 5);
    cr_assert(p->fixed->cells[18].redials > c1->redials, "fewer agents, more redials");
    cc_plan_destroy(p);

    /* Erlang C: the same lines and redials, callers never abandon. */
    p = plan_of(s, CC_PLAN_ERLANG_C);
    cr_assert_eq(p->queues[0].model, CC_PLAN_ERLANG_X);
    cr_assert_eq(p->cells[18].p_abandon, 0);
    cr_assert(p->cells[18].p_blocked > 0);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Email around the clock, 10 an hour (240 a day, 360 s each: 24 agent-hours a day),
 * worked Mon-Fri 09:00-17:00, within 2 business days. */
static const char email_week[] =
    "name = \"email\";\n"
    "calendar = { start = \"2026-01-05\"; days = 5; interval_min = 60;\n"
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = ( { name = \"email\"; channel = \"email\"; calls_per_interval = 10.0;\n"
    "  handling = { dist = \"deterministic\"; mean_s = 360; };\n"
    "  targets = ( { share = 0.9; within_business_days = %u; } ); } );\n"
    "groups = ( { name = \"g\"; serves = [ \"email\" ]; agents = 1; } );\n"
    "workforce = { shrinkage = 0.25; paid_hours_per_week = 37.5; cost_per_fte_year = 30000; };\n";

static cc_scenario *email_scenario(unsigned window)
{
    char text[2048];
    snprintf(text, sizeof text, email_week, window);
    return test_load_text(text);
}

/* By hand, window 2: day d's capacity is the mean work of days d-2..d (none before
 * the start): 8, 16, 24, 24, 24 agent-hours over 8 open hours: 1, 2, 3, 3, 3 agents.
 * Backlog (10 arrive an hour, an agent clears 10 an hour): Monday 90 at 09:00, held
 * to 17:00, then +70 to 160 at midnight; Tuesday 250 at 09:00, -10 an hour to 170
 * at 17:00, 240 at midnight; Wednesday -20 an hour: 170 at 17:00, 240 at midnight.
 * Every contact is done within the window. */
Test(plan, deferred_work_by_the_workload_method)
{
    cc_scenario *s = email_scenario(2);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    cr_assert_eq(p->queues[0].model, CC_PLAN_WORKLOAD);
    cr_assert_str_eq(cc_plan_method_name(CC_PLAN_WORKLOAD), "workload");
    cr_assert_eq(p->queues[0].window_days, 2);
    long want[] = { 1, 2, 3, 3, 3 };
    for (size_t d = 0; d < 5; d++)
        for (size_t h = 0; h < 24; h++)
            cr_assert_eq(p->cells[d * 24 + h].agents, h >= 9 && h < 17 ? want[d] : 0,
                         "day %zu hour %zu: %ld agents", d, h, p->cells[d * 24 + h].agents);
    cr_assert_float_eq(p->cells[16].backlog, 90, 1e-9);
    cr_assert_float_eq(p->cells[23].backlog, 160, 1e-9);
    cr_assert_float_eq(p->cells[24 + 16].backlog, 170, 1e-9);
    cr_assert_float_eq(p->cells[24 + 23].backlog, 240, 1e-9);
    cr_assert_float_eq(p->cells[48 + 16].backlog, 170, 1e-9);
    cr_assert_float_eq(p->cells[48 + 23].backlog, 240, 1e-9);
    cr_assert_float_eq(p->outcome.agent_hours, 8.0 * (1 + 2 + 3 + 3 + 3), 1e-9);
    cr_assert_float_eq(p->outcome.service_level, 1, 1e-12);
    cr_assert_float_eq(p->outcome.abandon_rate, 0, 1e-12);
    cr_assert_float_eq(p->cells[10].occupancy, 1, 1e-12);
    /* Little: the mean wait is the backlog-time over the contacts. */
    double area = 0;
    for (size_t i = 0; i < p->n_intervals; i++)
        area += p->cells[i].backlog * 3600;
    cr_assert_float_eq(p->outcome.asa_s, area / 1200, 1e-6);
    cc_queue_tally t;
    cc_error err;
    cr_assert_eq(cc_plan_interval_tally(p, 0, 23, &t, &err), CC_OK);
    cr_assert_float_eq(t.backlog, 160, 1e-9);
    cr_assert_float_eq(t.offered, 10, 1e-12);
    cr_assert_float_eq(t.answered, 10, 1e-12);
    cr_assert_float_eq(t.handled_s, 3600, 1e-9);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Window 1: Monday's 24 agent-hours spread over Monday and Tuesday: 12 hours over
 * 8 open hours, one agent all day and a second for the first 4 hours. Too few
 * agents (a fixed FTE) miss the deadline, partly. */
Test(plan, workload_method_whole_agents_and_misses)
{
    cc_scenario *s = email_scenario(1);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_A);
    for (size_t h = 9; h < 17; h++)
        cr_assert_eq(p->cells[h].agents, h < 13 ? 2 : 1, "hour %zu", h);
    cr_assert_eq(p->cells[24 + 9].agents, 3);
    cr_assert_float_eq(p->outcome.service_level, 1, 1e-12);
    /* One agent every open hour clears 80 a day against 240 arriving. */
    for (size_t i = 0; i < p->n_intervals; i++)
        p->cells[i].agents = p->cells[i].open_s > 0 ? 1 : 0;
    cc_error err;
    cr_assert_eq(cc_plan_evaluate(p, &err), CC_OK, "%s", err.msg);
    /* Monday's contacts are due by Tuesday's end, when 160 are done: those of
     * Monday 00:00 (the first 10) are in time, those of Monday 23:00 (after 230)
     * are not. */
    cr_assert_float_eq(p->cells[0].service_level, 1, 1e-12);
    cr_assert_float_eq(p->cells[23].service_level, 0, 1e-12);
    cr_assert(p->outcome.service_level < 0.5);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Blended: a group serving phone and email. The email is planned by the workload
 * method on its own (the agents of the unblended plan), the phone pool by Erlang C
 * as if alone, and the FTE add up. */
Test(plan, blended_group_plans_deferred_work_on_its_own)
{
    static const char text[] =
        "name = \"blend\";\n"
        "calendar = { start = \"2026-01-05\"; days = 5; interval_min = 60;\n"
        "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20; };\n"
        "queues = ( { name = \"phone\"; channel = \"phone\"; calls_per_interval = 100.0;\n"
        "  handling = { dist = \"exponential\"; mean_s = 300; }; },\n"
        "  { name = \"email\"; channel = \"email\"; calls_per_interval = 10.0;\n"
        "  handling = { dist = \"deterministic\"; mean_s = 360; };\n"
        "  targets = ( { share = 0.9; within_business_days = 2; } ); } );\n"
        "groups = ( { name = \"g\"; serves = [ \"phone\", \"email\" ]; agents = 1; } );\n"
        "workforce = { shrinkage = 0.25; paid_hours_per_week = 37.5; cost_per_fte_year = 30000; };\n";
    cc_scenario *s = test_load_text(text);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    cr_assert(p->pooled);
    cr_assert_eq(p->queues[1].model, CC_PLAN_WORKLOAD);
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cr_assert_eq(cc_erlang_c_staff(100, 3600, 300, 20, &t, &r, NULL), CC_OK);
    long email[] = { 1, 2, 3, 3, 3 };
    for (size_t d = 0; d < 5; d++) {
        size_t i = d * 24 + 10;
        cr_assert_eq(p->group_cells[i].agents, r.agents, "day %zu", d);
        cr_assert_eq(p->cells[i].agents, r.agents);
        cr_assert_eq(p->cells[p->n_intervals + i].agents, email[d], "day %zu", d);
    }
    cr_assert_float_eq(p->queues[1].outcome.agent_hours, 8.0 * 12, 1e-9);
    cr_assert_float_eq(p->queues[0].outcome.agent_hours, 40.0 * (double)r.agents, 1e-9);
    cr_assert_float_eq(p->outcome.agent_hours, 40.0 * (double)r.agents + 96, 1e-9);
    cr_assert_float_eq(p->queues[0].fte + p->queues[1].fte, p->fte, 1e-9);
    cr_assert_eq(p->agents_peak, r.agents + 3);
    char note[512];
    cr_assert(cc_plan_method_note(p, 1, note, sizeof note));
    cr_assert(strstr(note, "workload method") && strstr(note, "outside the groups' pool"), "%s", note);
    cr_assert_eq(cc_plan_method_note(p, 0, note, sizeof note), 0);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* A chat queue: 120 chats an hour, 600 s each, served by one group. */
static const char chat_hour[] =
    "name = \"chat\";\n"
    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 60;\n"
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 60; };\n"
    "queues = ( { name = \"q\"; channel = \"%s\"; calls_per_interval = 120.0;\n"
    "  handling = { dist = \"exponential\"; mean_s = 600; }; %s } );\n"
    "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = 1; concurrency = %u; } );\n"
    "workforce = { shrinkage = 0.25; paid_hours_per_week = 37.5; cost_per_fte_year = 30000; };\n";

static cc_plan *chat_plan(const char *channel, const char *extra, unsigned concurrency, cc_scenario **s)
{
    char text[2048];
    snprintf(text, sizeof text, chat_hour, channel, extra, concurrency);
    *s = test_load_text(text);
    return plan_of(*s, CC_PLAN_ERLANG_C);
}

Test(plan, chat_with_concurrency_one_is_the_phone_model)
{
    cc_scenario *sc, *sp;
    cc_plan *c = chat_plan("chat", "chat_stretch = 0.5;", 1, &sc);
    cc_plan *ph = chat_plan("phone", "", 1, &sp);
    cr_assert_eq(c->queues[0].concurrency, 0);
    cr_assert_eq(c->cells[9].agents, ph->cells[9].agents);
    cr_assert_eq(c->cells[9].service_level, ph->cells[9].service_level);
    cr_assert_eq(c->cells[9].asa_s, ph->cells[9].asa_s);
    cr_assert_eq(c->fte, ph->fte);
    cc_plan_destroy(c);
    cc_plan_destroy(ph);
    cc_scenario_destroy(sc);
    cc_scenario_destroy(sp);
}

/* Three chats per agent: agents are the Erlang C servers ÷ 3, rounded up; with a
 * stretch, the measures are Erlang C's at the stretched handling time, whose
 * stretch is that of the occupancy it gives (the fixed point). */
Test(plan, chat_on_concurrency_adjusted_capacity)
{
    cc_scenario *s;
    cc_plan *p = chat_plan("chat", "", 3, &s);
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cr_assert_eq(cc_erlang_c_staff(120, 3600, 600, 60, &t, &r, NULL), CC_OK);
    cr_assert_eq(p->queues[0].concurrency, 3);
    cr_assert_eq(p->cells[9].agents, (r.agents + 2) / 3);
    char note[512];
    cr_assert(cc_plan_method_note(p, 0, note, sizeof note));
    cr_assert(strstr(note, "approximation") && strstr(note, "3 servers"), "%s", note);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);

    p = chat_plan("chat", "chat_stretch = 0.25;", 3, &s);
    const cc_plan_cell *c = &p->cells[9];
    double aht = 600 * (1 + 0.25 * c->occupancy * 2);
    cc_erlang_result at;
    cr_assert_eq(cc_erlang_c(120, 3600, aht, 3 * c->agents, 60, &at, NULL), CC_OK);
    cr_assert_float_eq(c->service_level, at.service_level, 1e-9);
    cr_assert_float_eq(c->occupancy, at.occupancy, 1e-9);
    cr_assert(c->service_level >= 0.8);
    cr_assert(c->agents > (r.agents + 2) / 3, "the stretch costs agents (%ld)", c->agents);
    cc_queue_tally tl;
    cr_assert_eq(cc_plan_interval_tally(p, 0, 9, &tl, NULL), CC_OK);
    cr_assert_float_eq(tl.handled_s, 120 * aht, 1e-6);
    /* One agent fewer misses the target at its own stretch. */
    cc_plan_cell fewer = *c;
    fewer.agents--;
    p->cells[9] = fewer;
    cc_error err;
    cr_assert_eq(cc_plan_evaluate(p, &err), CC_OK, "%s", err.msg);
    cr_assert(p->cells[9].service_level < 0.8);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Triage hands half its answered visitors on to a specialist; a self-service web
 * queue needs no agents and costs 0.15 a contact. */
static const char triage_and_web[] =
    "name = \"then\";\n"
    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = ( { name = \"specialist\"; channel = \"face-to-face\"; calls_per_interval = 10.0;\n"
    "  handling = { dist = \"exponential\"; mean_s = 900; }; },\n"
    "  { name = \"triage\"; channel = \"face-to-face\"; calls_per_interval = 60.0;\n"
    "  handling = { dist = \"exponential\"; mean_s = 120; };\n"
    "  patience = { dist = \"exponential\"; mean_s = 600; };\n"
    "  then = { queue = \"specialist\"; share = 0.5; }; },\n"
    "  { name = \"web\"; channel = \"self-service\"; calls_per_interval = 400.0;\n"
    "  handling = { dist = \"deterministic\"; mean_s = 1; }; non_staff_cost_per_contact = 0.15; } );\n"
    "groups = ( { name = \"t\"; serves = [ \"triage\" ]; agents = 1; },\n"
    "  { name = \"s\"; serves = [ \"specialist\" ]; agents = 1; } );\n"
    "workforce = { shrinkage = 0.25; paid_hours_per_week = 37.5; cost_per_fte_year = 30000; };\n";

Test(plan, then_hands_on_answered_contacts_and_self_service_costs_only)
{
    cc_scenario *s = test_load_text(triage_and_web);
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_A);
    cr_assert_not(p->pooled);
    size_t ni = p->n_intervals, i = 18;
    const cc_plan_cell *tri = &p->cells[ni + i], *spec = &p->cells[i], *web = &p->cells[2 * ni + i];
    /* The specialist (listed first) is planned after triage, on 10 + half of
     * triage's answered visitors. */
    double handed = 0.5 * 60 * (1 - tri->p_abandon);
    cr_assert_float_eq(spec->calls, 10 + handed, 1e-9);
    cr_assert_float_eq(p->queues[0].handed_on, 2 * handed, 1e-9);
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cr_assert_eq(cc_erlang_c_staff(10 + handed, 1800, 900, 20, &t, &r, NULL), CC_OK);
    cr_assert_eq(spec->agents, r.agents);
    /* Self-service: no agents, every contact answered at once, its cost per contact. */
    cr_assert_eq(p->queues[2].model, CC_PLAN_SELF_SERVICE);
    cr_assert_eq(web->agents, 0);
    cr_assert_float_eq(web->service_level, 1, 1e-12);
    cr_assert_float_eq(p->queues[2].outcome.agent_hours, 0, 1e-12);
    cr_assert_float_eq(p->queues[2].fte, 0, 1e-12);
    cr_assert_float_eq(p->queues[2].contact_cost, 0.15 * 800 * 365.25, 1e-6);
    cc_queue_tally tl;
    cr_assert_eq(cc_plan_interval_tally(p, 2, i, &tl, NULL), CC_OK);
    cr_assert_float_eq(tl.offered, 400, 1e-12);
    cr_assert_float_eq(tl.answered, 400, 1e-12);
    cr_assert_float_eq(tl.answered_within, 400, 1e-12);
    cr_assert_float_eq(tl.wait_s + tl.handled_s, 0, 1e-12);
    char note[512];
    cr_assert(cc_plan_method_note(p, 2, note, sizeof note) && strstr(note, "self-service"), "%s", note);
    cr_assert(cc_plan_method_note(p, 0, note, sizeof note) && strstr(note, "handed on"), "%s", note);
    /* The staffing table has the two groups' columns; the web queue has none. */
    unsigned table[2 * 48];
    cc_plan_staffing(p, 0, table);
    cr_assert_eq(table[i], (unsigned)tri->agents);
    cr_assert_eq(table[48 + i], (unsigned)spec->agents);
    table[i] += 1;
    cr_assert_eq(cc_plan_set_staffing(p, table), CC_OK);
    cr_assert_eq(p->cells[ni + i].agents, (long)table[i]);
    cr_assert_eq(p->cells[2 * ni + i].agents, 0);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Call backs: a caller still waiting at 60 s takes one with probability 1/2. */
static const char callbacks[] =
    "name = \"cb\";\n"
    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"09:30\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 600.0;\n"
    "  handling = { dist = \"exponential\"; mean_s = 240; };\n"
    "  patience = { dist = \"exponential\"; mean_s = 180; };\n"
    "  callback = { after_s = 60.0; share = 0.5; within_s = 3600.0; }; } );\n"
    "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = 1; } );\n"
    "workforce = { shrinkage = 0.25; paid_hours_per_week = 37.5; cost_per_fte_year = 30000; };\n";

Test(plan, callbacks_from_the_wait_distribution_conserve_contacts)
{
    cc_scenario *s = test_load_text(callbacks);
    size_t i = 18;
    /* Erlang C: every caller waiting at 60 s would be answered later; half take a
     * call back, work the model already counts: the agents stay. */
    cc_plan *p = plan_of(s, CC_PLAN_ERLANG_C);
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r, r60;
    cr_assert_eq(cc_erlang_c_staff(600, 1800, 240, 20, &t, &r, NULL), CC_OK);
    cr_assert_eq(p->cells[i].agents, r.agents);
    cr_assert_eq(cc_erlang_c(600, 1800, 240, r.agents, 60, &r60, NULL), CC_OK);
    cr_assert_float_eq(p->cells[i].called_back, 600 * 0.5 * (1 - r60.service_level), 1e-9);
    cc_queue_tally tl;
    cr_assert_eq(cc_plan_interval_tally(p, 0, i, &tl, NULL), CC_OK);
    cr_assert_float_eq(tl.called_back, p->cells[i].called_back, 1e-12);
    cr_assert_float_eq(tl.answered + tl.abandoned + tl.called_back, tl.offered, 1e-9);
    cr_assert_float_eq(tl.answered_within, 600 * r.service_level, 1e-9);
    cc_plan_destroy(p);

    /* Erlang A: P(still waiting at 60 s) = SL(60)/SL_excl(60) - SL(60). */
    p = plan_of(s, CC_PLAN_ERLANG_A);
    const cc_plan_cell *c = &p->cells[i];
    cr_assert_eq(cc_erlang_a(600, 1800, 240, 180, c->agents, 60, &r60, NULL), CC_OK);
    double waiting = r60.service_level / r60.service_level_excl_short - r60.service_level;
    cr_assert_float_eq(c->called_back, 600 * 0.5 * waiting, 1e-9);
    cr_assert(c->called_back_late_abandon > 0 && c->called_back_late_abandon < c->called_back);
    cr_assert_eq(cc_plan_interval_tally(p, 0, i, &tl, NULL), CC_OK);
    cr_assert_float_eq(tl.answered + tl.abandoned + tl.called_back, tl.offered, 1e-9);
    cr_assert(tl.abandoned < 600 * c->p_abandon, "call backs take callers out of the abandoned");
    cr_assert_float_eq(tl.callbacks_made, tl.called_back, 1e-12);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}
