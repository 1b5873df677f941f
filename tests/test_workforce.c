/* test_workforce.c — shrinkage, FTE and cost (model/workforce.h). */
#include "model/workforce.h"

#include <criterion/criterion.h>
#include <math.h>
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
