/* test_run_limits.c — the up-front refusal of simulations that could not finish
 * (model/run_limits.h): the estimate by hand, both refusals with their numbers,
 * and the CLI refusing at once what used to run for ever. */
#include "model/run_limits.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *scenario(const char *calls, const char *patience)
{
    char text[2048];
    snprintf(text, sizeof text,
             "name = \"lim\"; calendar = { start = \"2026-01-06\"; days = 1; interval_min = 30;\n"
             "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
             "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
             "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = %s;\n"
             "  handling = { dist = \"exponential\"; mean_s = 240.0; }; %s } );\n"
             "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = 88; } );\n",
             calls, patience);
    return test_write_cfg(text);
}

#define PATIENCE_300 "patience = { dist = \"exponential\"; mean_s = 300.0; };"

/* 16 open half hours of 900 calls: 14,400 a day; with patience 300 s at most
 * 900/1800 x 300 = 150 wait at once; without patience all 14,400 could. */
Test(run_limits, estimate_by_hand)
{
    char *path = scenario("900.0", PATIENCE_300);
    cc_scenario *s = test_load(path);
    cc_run_estimate e = cc_run_limits_estimate(s, 1000);
    cr_assert_float_eq(e.calls, 14400.0 * 1000, 1e-6);
    cr_assert_float_eq(e.waiting, 150.0, 1e-9);
    cr_assert_float_eq(e.memory, 150.0 * CC_RUN_LIMIT_BYTES_PER_CALLER, 1e-9);
    cc_error err = { 0 };
    cr_assert_eq(cc_run_limits_check(s, 1000, &err), CC_OK, "%s", err.msg);
    cc_scenario_destroy(s);
    unlink(path);
    free(path);

    path = scenario("900.0", "");
    s = test_load(path);
    cr_assert_float_eq(cc_run_limits_estimate(s, 1).waiting, 14400.0, 1e-9);
    cc_scenario_destroy(s);
    unlink(path);
    free(path);
}

Test(run_limits, refusals_give_estimate_and_limit)
{
    cc_error err = { 0 };
    /* 62.5 million calls per half hour, a year's worth of replications. */
    char *path = scenario("62500000.0", PATIENCE_300);
    cc_scenario *s = test_load(path);
    cr_assert_eq(cc_run_limits_check(s, 1000, &err), CC_EINPUT);
    cr_assert(strstr(err.msg, "would offer 1e+12 calls (1000 replications of 1e+09), above the limit of 1e+11"),
              "%s", err.msg);
    cr_assert_eq(cc_run_limits_check(s, 10, &err), CC_OK, "%s", err.msg);
    cc_scenario_destroy(s);
    unlink(path);
    free(path);

    /* Without patience, 1e8 calls per half hour could all be waiting. */
    path = scenario("100000000.0", "");
    s = test_load(path);
    cr_assert_eq(cc_run_limits_check(s, 1, &err), CC_EINPUT);
    cr_assert(strstr(err.msg, "up to 1.6e+09 callers could wait at once (95.4 GiB") &&
              strstr(err.msg, "limit of 4 GiB"), "%s", err.msg);
    cc_scenario_destroy(s);
    unlink(path);
    free(path);
}

/* One interval's count must fit a replication's 32-bit counts: 2e9 calls in a half
 * hour is refused whatever the replications; redials multiply a queue's calls by
 * 1 / (1 - share): 6e8 with half of them redialling offers 1.2e9. */
Test(run_limits, one_interval_fits_the_counts)
{
    cc_error err = { 0 };
    char *path = scenario("2000000000.0", PATIENCE_300);
    cc_scenario *s = test_load(path);
    cr_assert_eq(cc_run_limits_check(s, 1, &err), CC_EINPUT);
    cr_assert(strstr(err.msg, "queue q would offer 2e+09 calls in one interval"), "%s", err.msg);
    cc_scenario_destroy(s);
    unlink(path);
    free(path);
    path = scenario("600000000.0", PATIENCE_300
                    " redial = { share = 0.5; delay = { dist = \"exponential\"; mean_s = 600.0; }; };");
    s = test_load(path);
    cc_run_estimate e = cc_run_limits_estimate(s, 1);
    cr_assert_float_eq(e.interval_calls, 1.2e9, 1.0);
    cr_assert_float_eq(e.calls, 16 * 1.2e9, 16.0);
    cr_assert_eq(cc_run_limits_check(s, 1, &err), CC_EINPUT);
    cc_scenario_destroy(s);
    unlink(path);
    free(path);
}

/* calls_per_interval = 1e300 used to run for ever; now exit 1 before the run. */
Test(run_limits, cli_refuses_at_once, .timeout = 30)
{
    char *path = scenario("1e300", PATIENCE_300), cmd[512], *out;
    snprintf(cmd, sizeof cmd, "%s simulate %s 2>&1", test_ccsim(), path);
    cr_assert_eq(test_run(cmd, &out), 1, "%s", out);
    cr_assert(strstr(out, "the simulation would offer 1.6e+304 calls"), "%s", out);
    free(out);
    unlink(path);
    free(path);
}
