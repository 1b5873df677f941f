/* ccsim sweep: variants of a scenario (sim/sweep.h) and the command end to end —
 * one row per scenario, handling-time factor and target; a factor of 1 is the
 * scenario's own simulate run; longer handling times give lower service levels
 * under common random numbers; bad lists and observed handling times refused. */
#include "sim/sweep.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(sweep, a_variant_scales_the_mean_handling_time_and_keeps_the_original)
{
    cc_scenario *s = test_load("scenarios/examples/two-site-failover.cfg");
    cc_scenario *v = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_sweep_variant(s, 1.5, &v, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(s->queues[0].handling.kind, CC_DIST_LOGNORMAL);
    cr_assert_float_eq(v->queues[0].handling.mean_s, 1.5 * s->queues[0].handling.mean_s, 1e-9);
    cr_assert_float_eq(v->queues[0].handling.cv, s->queues[0].handling.cv, 0);
    /* lognormal mu = ln(mean) - sigma^2/2: up by ln 1.5, sigma unchanged */
    cr_assert_float_eq(v->queues[0].handling.p1 - s->queues[0].handling.p1, log(1.5), 1e-12);
    cr_assert_float_eq(v->queues[0].handling.p2, s->queues[0].handling.p2, 0);
    cr_assert_float_eq(s->queues[0].handling.mean_s, 240.0, 0, "the original is untouched");
    cr_assert_eq(v->n_groups, s->n_groups);
    cc_sweep_variant_destroy(v);
    v = NULL;
    cr_assert_eq(cc_sweep_variant(s, 0, &v, &err), CC_EINPUT);
    cr_assert_eq(cc_sweep_variant(s, NAN, &v, &err), CC_EINPUT);
    cr_assert_null(v);
    cc_scenario_destroy(s);
}

Test(sweep, observed_handling_times_are_refused)
{
    cc_scenario *s = test_load("tests/mpi/small.cfg");
    double values[] = { 30, 60, 90 };
    s->queues[1].handling = (cc_dist){ .kind = CC_DIST_EMPIRICAL, .mean_s = 60, .values = values, .n_values = 3 };
    cc_scenario *v = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_sweep_variant(s, 1.1, &v, &err), CC_EINPUT);
    cr_assert(strstr(err.msg, "queue payments") && strstr(err.msg, "empirical"), "%s", err.msg);
    s->queues[1].handling = (cc_dist){ .kind = CC_DIST_EXPONENTIAL, .mean_s = 90 };
    cc_scenario_destroy(s);
}

static int sweep(const char *args, char **out)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s sweep %s", test_ccsim(), args);
    return test_run(cmd, out);
}

static double number_after(const char *p, const char *key)
{
    p = strstr(p, key);
    cr_assert_not_null(p, "no %s", key);
    return strtod(p + strlen(key), NULL);
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)); p++)
        n++;
    return n;
}

Test(sweep, rows_for_every_case_and_a_factor_of_one_is_simulate, .timeout = 120)
{
    char *out, *sim;
    cr_assert_eq(sweep("tests/mpi/small.cfg scenarios/ref-erlang-a.cfg --handling 0.8,1,1.25 --target 80,0.9 "
                       "--replications 16 --seed 3 --json 2>/dev/null", &out), 0);
    cr_assert_eq(count(out, "\"handling\":"), 2 * 3 * 2, "%s", out);
    cr_assert_eq(count(out, "\"target\": 0.9,"), 2 * 3);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s simulate scenarios/ref-erlang-a.cfg --replications 16 --seed 3 --json",
             test_ccsim());
    cr_assert_eq(test_run(cmd, &sim), 0);
    /* ref-erlang-a's rows at factor 1: its simulate run's service level, to the digit. */
    const char *row = strstr(out, "\"file\": \"scenarios/ref-erlang-a.cfg\", \"handling\": 1,");
    cr_assert_not_null(row, "%s", out);
    cr_assert_float_eq(number_after(row, "\"service_level\": {\"mean\": "),
                       number_after(sim, "\"service_level\": {\"mean\": "), 0);
    /* Same callers, longer calls: the service level falls from 0.8 to 1.25 x AHT. */
    const char *fast = strstr(out, "\"file\": \"scenarios/ref-erlang-a.cfg\", \"handling\": 0.8,");
    const char *slow = strstr(out, "\"file\": \"scenarios/ref-erlang-a.cfg\", \"handling\": 1.25,");
    cr_assert(fast && slow);
    cr_assert_gt(number_after(fast, "\"service_level\": {\"mean\": "),
                 number_after(slow, "\"service_level\": {\"mean\": ") + 0.1);
    cr_assert(strstr(slow, "\"met\": false"));
    free(out);
    free(sim);
}

Test(sweep, bad_lists_are_one_line_and_exit_1)
{
    static const char *const bad[] = {
        "tests/mpi/small.cfg --handling 0",
        "tests/mpi/small.cfg --handling 1,,x",
        "tests/mpi/small.cfg --handling 1,,2",   /* an empty item used to be skipped */
        "tests/mpi/small.cfg --target 80,",
        "tests/mpi/small.cfg --handling 11",
        "tests/mpi/small.cfg --target 1",
        "tests/mpi/small.cfg --target 0.8,150",
        "tests/mpi/small.cfg --handling 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
        "tests/mpi/no-such.cfg",
        "scenarios/barnet/baseline.cfg",
        "",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char args[256], *out;
        snprintf(args, sizeof args, "%s 2>&1 >/dev/null", bad[k]);
        cr_assert_eq(sweep(args, &out), 1, "%s", bad[k]);
        cr_assert_eq(count(out, "\n"), 1, "%s: %s", bad[k], out);
        cr_assert(!strncmp(out, "ccsim sweep: ", 13), "%s", out);
        free(out);
    }
}
