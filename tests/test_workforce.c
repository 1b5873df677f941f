/* test_workforce.c — shrinkage, FTE and cost (model/workforce.h). */
#include "model/workforce.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

Test(workforce, fte_from_agents_and_shrinkage)
{
    double fte = -1;
    cc_error e = { 0 };
    cr_assert_eq(cc_workforce_fte(88, 0.3, &fte, &e), CC_OK);
    cr_assert_float_eq(fte, 88 / 0.7, 1e-12);
    cr_assert_eq(cc_workforce_fte(52.56, 0.373, &fte, &e), CC_OK);
    cr_assert_float_eq(fte, 52.56 / 0.627, 1e-12);
    cr_assert_eq(cc_workforce_fte(10, 0, &fte, &e), CC_OK);
    cr_assert_eq(fte, 10);
    cr_assert_eq(cc_workforce_fte(0, 0.5, &fte, &e), CC_OK);
    cr_assert_eq(fte, 0);
}

Test(workforce, fte_from_agent_hours)
{
    double fte = -1;
    cc_error e = { 0 };
    /* 4 weeks of 1,480 agent-hours a week at 35% shrinkage, 37 paid hours a week. */
    cr_assert_eq(cc_workforce_fte_from_hours(4 * 1480, 4, 0.35, 37, &fte, &e), CC_OK);
    cr_assert_float_eq(fte, 1480 / 0.65 / 37, 1e-12);
    /* Without shrinkage, 37.5 agent-hours in a 37.5-hour week is one FTE. */
    cr_assert_eq(cc_workforce_fte_from_hours(37.5, 1, 0, 37.5, &fte, &e), CC_OK);
    cr_assert_float_eq(fte, 1, 1e-15);
}

Test(workforce, cost)
{
    double cost = -1;
    cc_error e = { 0 };
    cr_assert_eq(cc_workforce_cost(83.84, 28500, &cost, &e), CC_OK);
    cr_assert_float_eq(cost, 83.84 * 28500, 1e-6);
    cr_assert_eq(cc_workforce_cost(0, 28500, &cost, &e), CC_OK);
    cr_assert_eq(cost, 0);
}

Test(workforce, bad_arguments_are_rejected_and_leave_output_alone)
{
    double out = 42;
    cc_error e = { 0 };
    const double bad_shrinkage[] = { -0.01, 1, 1.5, NAN, INFINITY };
    for (size_t i = 0; i < 5; i++) {
        cr_assert_eq(cc_workforce_fte(10, bad_shrinkage[i], &out, &e), CC_EINPUT);
        cr_assert(strstr(e.msg, "shrinkage") && strstr(e.msg, "[0, 1)"), "%s", e.msg);
        cr_assert_eq(cc_workforce_fte_from_hours(100, 1, bad_shrinkage[i], 37, &out, &e), CC_EINPUT);
    }
    cr_assert_eq(cc_workforce_fte(-1, 0.3, &out, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "agents"), "%s", e.msg);
    cr_assert_eq(cc_workforce_fte_from_hours(-1, 1, 0.3, 37, &out, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "agent_hours"), "%s", e.msg);
    cr_assert_eq(cc_workforce_fte_from_hours(100, 0, 0.3, 37, &out, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "weeks"), "%s", e.msg);
    cr_assert_eq(cc_workforce_fte_from_hours(100, 1, 0.3, 0, &out, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "paid_hours_per_week"), "%s", e.msg);
    cr_assert_eq(cc_workforce_cost(-2, 28500, &out, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "fte"), "%s", e.msg);
    cr_assert_eq(cc_workforce_cost(2, NAN, &out, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "cost_per_fte_year"), "%s", e.msg);
    cr_assert_eq(out, 42);
}

/* The duty rule: a group is on duty from the earliest opening to the latest closing
 * of its queues inside an interval. "early" closes at 09:20, "late" opens at 09:10:
 * a group serving both is on duty the whole 09:00 half hour, one serving "early"
 * 20 minutes; the 17:00 interval of partly-open.cfg counts 15 minutes. */
Test(workforce, duty_is_the_groups_open_part)
{
    cc_scenario *s = test_load_text(
        "name = \"duty\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"early\"; channel = \"phone\"; calls_per_interval = 5.0;\n"
        "             hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"09:20\"; } );\n"
        "             handling = { dist = \"exponential\"; mean_s = 180.0; }; },\n"
        "           { name = \"late\"; channel = \"phone\"; calls_per_interval = 5.0;\n"
        "             hours = ( { days = \"Mon-Sun\"; open = \"09:10\"; close = \"10:00\"; } );\n"
        "             handling = { dist = \"exponential\"; mean_s = 180.0; }; } );\n"
        "groups = ( { name = \"both\"; serves = [ \"early\", \"late\" ]; agents = 3; },\n"
        "           { name = \"e\"; serves = [ \"early\" ]; agents = 2; } );\n");
    size_t i = 18;  /* 09:00 */
    cr_assert_float_eq(cc_workforce_duty_s(s, 0, i), 1800, 1e-9);
    cr_assert_float_eq(cc_workforce_duty_s(s, 1, i), 1200, 1e-9);
    cr_assert_float_eq(cc_workforce_duty_s(s, 0, i + 1), 1800, 1e-9);
    cr_assert_float_eq(cc_workforce_duty_s(s, 1, i + 1), 0, 1e-9);
    cr_assert_float_eq(cc_workforce_duty_s(s, 0, i - 1), 0, 1e-9);
    unsigned *staffing = cc_scenario_staffing(s);
    cr_assert_not_null(staffing);
    /* both: 3 agents × 2 half hours; e: 2 agents × 20 minutes. */
    cr_assert_float_eq(cc_workforce_staffing_agent_s(s, staffing), 3 * 3600.0 + 2 * 1200.0, 1e-9);
    free(staffing);
    cc_scenario_destroy(s);

    s = test_load("tests/data/partly-open.cfg");
    cr_assert_float_eq(cc_workforce_duty_s(s, 0, 34), 900, 1e-9);
    cc_scenario_destroy(s);
}

/* FTE and cost by hand from agent-seconds, contacts and non-staff cost. */
Test(workforce, costing_by_hand)
{
    cc_workforce w = { .present = 1, .shrinkage = 0.3, .paid_hours_per_week = 36, .cost_per_fte_year = 25000 };
    cc_costing c;
    cc_error e;
    /* 14 days, 1000 agent-hours, 7000 contacts at 0.25 non-staff each. */
    cr_assert_eq(cc_workforce_costing(&w, 14, 1000 * 3600.0, 7000, 7000 * 0.25, &c, &e), CC_OK, "%s", e.msg);
    double fte = 1000 / 2.0 / 0.7 / 36, per_year = 365.25 / 14;
    cr_assert_float_eq(c.agent_hours, 1000, 1e-9);
    cr_assert_float_eq(c.fte, fte, 1e-12);
    cr_assert_float_eq(c.staff_cost, fte * 25000, 1e-6);
    cr_assert_float_eq(c.contacts_per_year, 7000 * per_year, 1e-6);
    cr_assert_float_eq(c.non_staff_cost, 1750 * per_year, 1e-6);
    cr_assert_float_eq(c.cost, fte * 25000 + 1750 * per_year, 1e-6);
    cr_assert_float_eq(c.cost_per_contact, c.cost / c.contacts_per_year, 1e-12);
    w.present = 0;
    cr_assert_eq(cc_workforce_costing(&w, 14, 3600.0, 10, 0, &c, &e), CC_OK);
    cr_assert(isnan(c.fte) && isnan(c.cost));
    cr_assert_eq(cc_workforce_costing(&w, 14, 3600.0, 10, -1, &c, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "non_staff"), "%s", e.msg);
    cr_assert_eq(cc_workforce_costing(&w, 0, 3600.0, 10, 0, &c, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "days"), "%s", e.msg);
}
