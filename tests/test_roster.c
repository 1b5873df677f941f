/* test_roster.c — the roster section of a scenario and the shift roster (model/roster.h):
 * hand-checked optima (a flat requirement, a peak with a part-time cap, breaks), the
 * headcount rule, the soft version, infeasible shift rules, and the loader's
 * messages for bad shift rules. */
#include "model/roster.h"
#include "io/scenario_load.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One day, one queue and group, open OPEN-CLOSE; the roster section follows. */
static char *scenario(const char *open, const char *close, const char *roster)
{
    static char text[4096];
    snprintf(text, sizeof text,
             "name = \"roster\";\n"
             "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
             "  hours = ( { days = \"Mon-Sun\"; open = \"%s\"; close = \"%s\"; } ); };\n"
             "targets = { service_level = 0.8; answer_within_s = 20; };\n"
             "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 10.0;\n"
             "  handling = { dist = \"exponential\"; mean_s = 180; }; } );\n"
             "groups = ( { name = \"team\"; serves = [ \"q\" ]; agents = 1; } );\n"
             "workforce = { shrinkage = 0.3; paid_hours_per_week = 40.0; cost_per_fte_year = 30000; };\n"
             "%s\n", open, close, roster);
    return text;
}

/* The requirement: `agents` in intervals [from, to) of the day (half hours from midnight). */
static void require(unsigned *req, size_t from, size_t to, unsigned agents)
{
    for (size_t i = from; i < to; i++)
        req[i] = agents;
}

static cc_roster *solve_ok(const cc_scenario *s, const unsigned *req)
{
    cc_roster *r = NULL;
    cc_error err = { 0 };
    int rc = cc_roster_solve(s, req, &r, &err);
    cr_assert_eq(rc, CC_OK, "status %d: %s", rc, err.msg);
    return r;
}

Test(roster, flat_requirement_takes_exactly_its_shifts)
{
    cc_scenario *s = test_load_text(scenario("09:00", "17:00",
        "roster = { shifts = ( { name = \"day\"; length_min = 480; earliest_start = \"07:00\";\n"
        "  latest_start = \"12:00\"; start_every_min = 30; } ); };"));
    unsigned req[48] = { 0 };
    require(req, 18, 34, 10);   /* 10 agents 09:00-17:00 */
    cc_roster *r = solve_ok(s, req);
    cr_assert_eq(r->total.shifts, 10);
    cr_assert_eq(r->total.headcount, 10);
    cr_assert_float_eq(r->total.paid_hours, 80.0, 1e-9);
    cr_assert_float_eq(r->total.required_hours, 80.0, 1e-9);
    cr_assert_float_eq(r->total.inefficiency, 1.0, 1e-12);
    cr_assert_eq(r->n_assign, 1);
    cr_assert_float_eq(r->assign[0].start_s, 9 * 3600.0, 1e-9);
    cr_assert_eq(r->total.intervals_over, 0);
    cr_assert_eq(r->total.intervals_under, 0);
    for (size_t i = 18; i < 34; i++)
        cr_assert_eq(r->staffing[i], 10, "interval %zu", i);
    cr_assert_eq(r->staffing[17], 0);
    /* FTE: 80 paid hours in 1/7 week at 40 h/week, no absence shrinkage: 14. */
    cr_assert_float_eq(r->total.fte, 80.0 / (1.0 / 7.0) / 40.0, 1e-9);
    cr_assert(r->optimal);
    cc_roster_destroy(r);
    cc_scenario_destroy(s);
}

/* 3 agents 09:00-13:00, 5 agents 13:00-17:00; full-time 8 h from 09:00 only, part-time
 * 4 h from 09:00-13:00, at most a quarter of the shifts: 3 (part-time) <= full-time.
 * An exact cover (3 full + 2 part at 13:00, 32 h) breaks the cap (3 * 2 > 3); 4 full + 1
 * part at 13:00 (36 h) meets it, and nothing cheaper does (by hand: docs in README). */
Test(roster, peaked_requirement_with_a_part_time_cap)
{
    cc_scenario *s = test_load_text(scenario("09:00", "17:00",
        "roster = { absence_shrinkage = 0.2; shifts = (\n"
        "  { name = \"full\"; length_min = 480; earliest_start = \"09:00\"; latest_start = \"09:00\"; },\n"
        "  { name = \"part\"; length_min = 240; earliest_start = \"09:00\"; latest_start = \"13:00\";\n"
        "    max_share = 0.25; } ); };"));
    unsigned req[48] = { 0 };
    require(req, 18, 26, 3);
    require(req, 26, 34, 5);
    cc_roster *r = solve_ok(s, req);
    cr_assert_float_eq(r->total.paid_hours, 36.0, 1e-9);
    cr_assert_float_eq(r->total.inefficiency, 36.0 / 32.0, 1e-12);
    cr_assert_eq(r->total.shifts, 5);
    cr_assert_eq(r->total.headcount, 5);
    cr_assert_eq(r->n_assign, 2);
    cr_assert_eq(r->assign[0].shift, 0);
    cr_assert_eq(r->assign[0].count, 4);
    cr_assert_eq(r->assign[1].shift, 1);
    cr_assert_eq(r->assign[1].count, 1);
    cr_assert_float_eq(r->assign[1].start_s, 13 * 3600.0, 1e-9);
    cr_assert_eq(r->total.intervals_over, 8);   /* the morning: 4 for 3 */
    /* FTE with 20% absence: 36 h / (1/7 week) / 40 h / 0.8. */
    cr_assert_float_eq(r->total.fte, 36.0 * 7.0 / 40.0 / 0.8, 1e-9);
    cr_assert(r->solve[0].lp_bound >= 32.0 - 1e-9 && r->solve[0].lp_bound <= 36.0 + 1e-9);
    cc_roster_destroy(r);
    cc_scenario_destroy(s);
}

/* 1 agent 09:00-13:00; a 4.5 h shift from 08:30 or 09:00 with an unpaid half-hour break
 * two hours in: each start leaves a half hour uncovered that the other covers, so both
 * are needed: 2 shifts, 8 paid hours for 4 required, 6 open intervals with 2 agents. */
Test(roster, breaks_leave_holes_that_another_shift_fills)
{
    cc_scenario *s = test_load_text(scenario("09:00", "13:00",
        "roster = { shifts = ( { name = \"short\"; length_min = 270; earliest_start = \"08:30\";\n"
        "  latest_start = \"09:00\"; breaks = ( { length_min = 30; earliest_after_min = 120;\n"
        "  latest_after_min = 120; } ); } ); };"));
    unsigned req[48] = { 0 };
    require(req, 18, 26, 1);
    cc_roster *r = solve_ok(s, req);
    cr_assert_eq(r->total.shifts, 2);
    cr_assert_float_eq(r->total.paid_hours, 8.0, 1e-9);
    cr_assert_float_eq(r->total.inefficiency, 2.0, 1e-12);
    cr_assert_eq(r->total.intervals_over, 6);
    cr_assert_eq(r->staffing[21], 1);   /* 10:30: the 09:00 shift only */
    cr_assert_eq(r->staffing[22], 1);   /* 11:00: the 08:30 shift only */
    cr_assert_eq(r->staffing[17], 0);   /* 08:30: closed */
    cc_roster_destroy(r);
    cc_scenario_destroy(s);
}

/* A 17:15 closing: the 17:00 interval is open for 15 minutes, and a shift that ends
 * at 17:15 covers all of it (the group's duty there), so 8 h 15 min shifts from
 * 09:00 cover 2 agents exactly: 16.5 paid hours for 16.5 required. */
Test(roster, a_partly_open_interval_is_covered_by_its_open_part)
{
    cc_scenario *s = test_load_text(scenario("09:00", "17:15",
        "roster = { shifts = ( { name = \"long\"; length_min = 495; earliest_start = \"09:00\";\n"
        "  latest_start = \"09:00\"; } ); };"));
    unsigned req[48] = { 0 };
    require(req, 18, 35, 2);
    cc_roster *r = solve_ok(s, req);
    cr_assert_eq(r->total.shifts, 2);
    cr_assert_float_eq(r->coverage[34], 2.0, 1e-9);
    cr_assert_eq(r->staffing[34], 2);
    cr_assert_float_eq(r->total.required_hours, 16.5, 1e-9);
    cr_assert_float_eq(r->total.inefficiency, 1.0, 1e-12);
    cc_roster_destroy(r);
    cc_scenario_destroy(s);
}

/* Headcount over a week: 5 shifts a day on 7 days, 5 days on: ceil(35 / 5) = 7 people. */
Test(roster, headcount_follows_days_on_per_week)
{
    char *text = scenario("09:00", "17:00",
        "roster = { days_on_per_week = 5; shifts = ( { name = \"day\"; length_min = 480;\n"
        "  earliest_start = \"09:00\"; latest_start = \"09:00\"; } ); };");
    char *week = strdup(text), *at = strstr(week, "days = 1;");
    cr_assert_not_null(at);
    at[7] = '7';
    cc_scenario *s = test_load_text(week);
    unsigned *req = calloc(s->n_intervals, sizeof *req);
    for (unsigned d = 0; d < 7; d++)
        require(req + 48 * d, 18, 34, 5);
    cc_roster *r = solve_ok(s, req);
    cr_assert_eq(r->total.shifts, 35);
    cr_assert_eq(r->total.headcount, 7);
    cr_assert_float_eq(r->total.fte, 280.0 / 40.0, 1e-9);
    cc_roster_destroy(r);
    free(req);
    cc_scenario_destroy(s);
    free(week);
}

/* Soft cover: 1 agent for half an hour at 09:00 and a 4-hour shift; with a penalty of 2
 * paid hours per uncovered agent-hour (1 h for the half hour) leaving it uncovered is
 * cheaper than 4 paid hours; with 10 (5 h) the shift is bought. */
Test(roster, soft_cover_weighs_the_penalty)
{
#define SOFT "roster = { undercover_penalty = %g; shifts = ( { name = \"four\"; length_min = 240;\n" \
             "  earliest_start = \"09:00\"; latest_start = \"09:00\"; } ); };"
    char section[512];
    unsigned req[48] = { 0 };
    require(req, 18, 19, 1);
    snprintf(section, sizeof section, SOFT, 2.0);
    cc_scenario *s = test_load_text(scenario("09:00", "17:00", section));
    cc_roster *r = solve_ok(s, req);
    cr_assert_eq(r->total.shifts, 0);
    cr_assert_eq(r->total.intervals_under, 1);
    cr_assert_float_eq(r->total.under_agent_hours, 0.5, 1e-9);
    cc_roster_destroy(r);
    cc_scenario_destroy(s);
    snprintf(section, sizeof section, SOFT, 10.0);
    s = test_load_text(scenario("09:00", "17:00", section));
    r = solve_ok(s, req);
    cr_assert_eq(r->total.shifts, 1);
    cr_assert_eq(r->total.intervals_under, 0);
    cc_roster_destroy(r);
    cc_scenario_destroy(s);
}

Test(roster, no_shift_fits_the_opening_hours)
{
    cc_scenario *s = test_load_text(scenario("08:00", "20:00",
        "roster = { shifts = ( { name = \"day\"; length_min = 480; earliest_start = \"08:00\";\n"
        "  latest_start = \"10:00\"; } ); };"));
    unsigned req[48] = { 0 };
    require(req, 16, 40, 2);
    cc_roster *r = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_roster_solve(s, req, &r, &err), CC_EINPUT);
    cr_assert_null(r);
    cr_assert_not_null(strstr(err.msg, ":9: roster.shifts: no shift of group \"team\" covers"), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "18:00"), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "end by 18:00"), "%s", err.msg);
    cc_scenario_destroy(s);
}

/* ---- the loader ---------------------------------------------------------------------- */

static void refused(const char *roster, const char *expect)
{
    char *path = test_write_cfg(scenario("09:00", "17:00", roster));
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load(path, &s, &err), CC_EINPUT, "accepted: %s", roster);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err.msg, expect), "message '%s' lacks '%s'", err.msg, expect);
    cr_assert_not_null(strstr(err.msg, path), "%s", err.msg);
    unlink(path);
    free(path);
}

Test(roster, loader_refuses_bad_shift_rules)
{
    refused("roster = { shifts = ( { name = \"d\"; length_min = 0; earliest_start = \"09:00\"; latest_start = \"09:00\"; } ); };",
            ":9: roster.shifts[0].length_min must be in (0, 1440] (got 0)");
    refused("roster = { shifts = ( { name = \"d\"; length_min = 480; earliest_start = \"10:00\"; latest_start = \"09:00\"; } ); };",
            ":9: roster.shifts[0].latest_start must not be before earliest_start");
    refused("roster = { shifts = ( { name = \"d\"; length_min = 480; earliest_start = \"9am\"; latest_start = \"09:00\"; } ); };",
            ":9: roster.shifts[0].earliest_start must be a time HH:MM");
    refused("roster = { shifts = ( { name = \"d\"; length_min = 480; earliest_start = \"09:00\"; latest_start = \"09:00\";\n"
            "  breaks = ( { length_min = 60; earliest_after_min = 300; latest_after_min = 440; } ); } ); };",
            ":10: roster.shifts[0].breaks[0].latest_after_min + length_min must be at most the shift's length_min 480");
    refused("roster = { shifts = ( { name = \"d\"; length_min = 480; earliest_start = \"09:00\"; latest_start = \"09:00\";\n"
            "  groups = [ \"nobody\" ]; } ); };",
            ":10: roster.shifts[0].groups[0] names no group");
    refused("roster = { shifts = ( { name = \"d\"; length_min = 240; earliest_start = \"09:00\"; latest_start = \"09:00\";\n"
            "  max_share = 0.3; } ); };",
            ":9: roster.shifts: the max_share of group \"team\"'s shifts must add up to at least 1 (got 0.3)");
    refused("roster = { days_on_per_week = 8; shifts = ( { name = \"d\"; length_min = 480; earliest_start = \"09:00\"; latest_start = \"09:00\"; } ); };",
            ":9: roster.days_on_per_week must be an integer from 1 to 7 (got 8)");
    refused("roster = { undercover_penalty = 0.5; shifts = ( { name = \"d\"; length_min = 480; earliest_start = \"09:00\"; latest_start = \"09:00\"; } ); };",
            ":9: roster.undercover_penalty must be > 1 (got 0.5)");
    refused("roster = { mip_gap = 1.5; shifts = ( { name = \"d\"; length_min = 480; earliest_start = \"09:00\"; latest_start = \"09:00\"; } ); };",
            ":9: roster.mip_gap must be in [0, 1) (got 1.5)");
    refused("roster = { shift = ( ); };", ":9: unknown field \"roster.shift\"");
    refused("roster = { days_on_per_week = 5; };", ":9: roster.shifts is required");
}

Test(roster, loader_reads_the_rules)
{
    cc_scenario *s = test_load_text(scenario("09:00", "17:00",
        "roster = { days_on_per_week = 4; absence_shrinkage = 0.25; time_limit_s = 5; mip_gap = 0.01;\n"
        "  shifts = ( { name = \"d\"; length_min = 444; earliest_start = \"08:00\"; latest_start = \"10:15\";\n"
        "  start_every_min = 15; groups = [ \"team\" ]; breaks = ( { length_min = 30; earliest_after_min = 180;\n"
        "  latest_after_min = 300; every_min = 30; paid = true; } ); } ); };"));
    const cc_roster_rules *r = &s->roster;
    cr_assert(r->present);
    cr_assert_eq(r->days_on_per_week, 4);
    cr_assert_float_eq(r->absence_shrinkage, 0.25, 1e-12);
    cr_assert_float_eq(r->time_limit_s, 5.0, 1e-12);
    cr_assert_float_eq(r->mip_gap, 0.01, 1e-12);
    cr_assert_eq(r->n_shifts, 1);
    cr_assert_str_eq(r->shifts[0].name, "d");
    cr_assert_float_eq(r->shifts[0].length_s, 444 * 60.0, 1e-9);
    cr_assert_float_eq(r->shifts[0].latest_start_s, 10.25 * 3600.0, 1e-9);
    cr_assert_float_eq(r->shifts[0].start_every_s, 900.0, 1e-9);
    cr_assert_eq(r->shifts[0].groups[0], 1);
    cr_assert_eq(r->shifts[0].n_breaks, 1);
    cr_assert(r->shifts[0].breaks[0].paid);
    cr_assert_float_eq(r->shifts[0].breaks[0].latest_s, 300 * 60.0, 1e-9);
    cc_scenario_destroy(s);
}
