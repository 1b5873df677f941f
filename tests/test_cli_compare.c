/* ccsim compare end to end: the JSON contract, paired differences on common random
 * numbers (a scenario against itself differs by exactly 0), and bad input. */
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not inlined: GCC 12 then mistakes the pointers into the output for dangling ones. */
__attribute__((noinline)) static double number_after(const char *json, const char *anchor, const char *key)
{
    const char *p = strstr(json, anchor);
    cr_assert_not_null(p, "no %s", anchor);
    p = strstr(p, key);
    cr_assert_not_null(p, "no %s after %s", key, anchor);
    return strtod(p + strlen(key), NULL);
}

/* {"mean": m, "ci95": h} of key after anchor. */
__attribute__((noinline)) static void estimate_after(const char *json, const char *anchor, const char *key, double *mean, double *hw)
{
    const char *p = strstr(json, anchor);
    cr_assert_not_null(p, "no %s", anchor);
    p = strstr(p, key);
    cr_assert_not_null(p, "no %s after %s", key, anchor);
    char *end;
    *mean = strtod(p + strlen(key) + strlen("{\"mean\": "), &end);
    p = strstr(end, "\"ci95\": ");
    cr_assert_not_null(p);
    *hw = strtod(p + strlen("\"ci95\": "), NULL);
}

static char *compare(const char *args, int *status)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s compare %s 2>/dev/null", test_ccsim(), args);
    char *out;
    *status = test_run(cmd, &out);
    return out;
}

Test(cli_compare, json_has_base_alt_and_diff, .timeout = 120)
{
    int st;
    char *out = compare("scenarios/barnet/baseline.cfg scenarios/barnet/year3.cfg --replications 20 --json", &st);
    cr_assert_eq(st, 0);
    const char *keys[] = { "\"base\": {", "\"alt\": {", "\"diff\": {", "\"scenario\": \"barnet-baseline\"",
                           "\"scenario\": \"barnet-year3\"", "\"fte_by_channel\": {\"phone\": ",
                           "\"cost_by_channel\": {\"phone\": ", "\"cost_total\": ", "\"agents_required_peak\": ",
                           "\"simulated\": {", "\"service_level\": {\"mean\": " };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        cr_assert_not_null(strstr(out, keys[k]), "missing %s", keys[k]);
    double base_fte = number_after(out, "\"base\": {", "\"fte\": ");
    double alt_fte = number_after(out, "\"alt\": {", "\"fte\": ");
    double diff_fte = number_after(out, "\"diff\": {", "\"fte\": ");
    cr_assert_float_eq(diff_fte, alt_fte - base_fte, 1e-6);
    cr_assert_lt(diff_fte, -20, "Year 3 has 54%% fewer calls: far fewer FTE (%g)", diff_fte);
    free(out);
}

/* The same scenario twice sees the same callers in every replication: every
 * simulated difference is exactly zero, with a zero-width interval. */
Test(cli_compare, scenario_against_itself_differs_by_nothing)
{
    int st;
    char *out = compare("scenarios/ref-day.cfg scenarios/ref-day.cfg --replications 10 --json", &st);
    cr_assert_eq(st, 0);
    cr_assert_eq(number_after(out, "\"diff\": {", "\"service_level\": {\"mean\": "), 0.0);
    cr_assert_eq(number_after(out, "\"diff\": {\"fte\"", "\"ci95\": "), 0.0);
    free(out);
}

/* Callers who hang up (ref-erlang-a) against callers who never do (ref-erlang-c),
 * same agents, same callers: abandonment rises by about 1%, and the paired interval
 * excludes zero. */
Test(cli_compare, paired_difference_detects_abandonment, .timeout = 120)
{
    int st;
    char *out = compare("scenarios/ref-erlang-c.cfg scenarios/ref-erlang-a.cfg --replications 40 --json", &st);
    cr_assert_eq(st, 0);
    double ab, hw;
    estimate_after(out, "\"diff\": {", "\"abandon_rate\": ", &ab, &hw);
    cr_assert(ab > 0.005 && ab < 0.02, "abandon difference %g", ab);
    cr_assert_lt(hw, ab / 2, "paired interval ±%g should exclude 0 (diff %g)", hw, ab);
    double sl = number_after(out, "\"diff\": {", "\"service_level\": {\"mean\": ");
    cr_assert_gt(sl, 0.03, "abandoners shorten the queue for the rest (SL diff %g)", sl);
    free(out);
}

Test(cli_compare, bad_input_exits_1)
{
    const char *cases[] = {
        "scenarios/ref-day.cfg",
        "scenarios/ref-day.cfg scenarios/ref-day.cfg scenarios/ref-day.cfg",
        "scenarios/ref-day.cfg scenarios/nope.cfg",
        "scenarios/ref-day.cfg scenarios/ref-day.cfg --replications 1",
        "scenarios/ref-day.cfg scenarios/ref-day.cfg --method simulation",
        "scenarios/ref-day.cfg scenarios/ref-day.cfg --colour",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "%s compare %s 2>&1 >/dev/null", test_ccsim(), cases[k]);
        char *err;
        int st = test_run(cmd, &err);
        cr_assert_eq(st, 1, "'%s' exited %d", cases[k], st);
        cr_assert(strncmp(err, "ccsim compare: ", 15) == 0, "'%s' said: %s", cases[k], err);
        free(err);
    }
}

/* A pooled roster compares with one team per line (refused before: "one group per
 * queue"). The pooled team of 42 is costed by its duty hours, 42 agents × (4 × 8.25 +
 * 8) open hours a week ÷ (1 − 0.373) ÷ 37 = 74.23 FTE, far below the baseline's
 * 108.64, and it still answers over 85% within 20 s (target 80%). */
Test(cli_compare, pooled_roster_against_one_team_per_line, .timeout = 120)
{
    int st;
    char *out = compare("scenarios/barnet/baseline.cfg scenarios/barnet/pooled.cfg --replications 10 --json", &st);
    cr_assert_eq(st, 0, "%s", out);
    double base_fte = number_after(out, "\"base\": {", "\"fte\": ");
    double alt_fte = number_after(out, "\"alt\": {", "\"fte\": ");
    cr_assert_float_eq(base_fte, 108.64, 0.005);
    cr_assert_float_eq(alt_fte, 42 * (4 * 8.25 + 8) / (1 - 0.373) / 37, 1e-6);
    double m = number_after(out, "\"scenario\": \"barnet-pooled\"", "\"service_level\": {\"mean\": ");
    cr_assert_gt(m, 0.85, "the pooled team of 42 still answers 85%% within 20 s (%g)", m);
    free(out);
}

/* A 7-day and a 14-day horizon are not paired without a word: refused (exit 1,
 * naming both files), or compared with a note when asked. */
Test(cli_compare, different_horizons_are_refused_unless_allowed, .timeout = 120)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s compare scenarios/barnet/baseline.cfg scenarios/barnet/christmas.cfg "
             "--replications 4 2>&1 >/dev/null", test_ccsim());
    char *err;
    cr_assert_eq(test_run(cmd, &err), 1);
    cr_assert_not_null(strstr(err, "christmas.cfg 14 days of 30-minute intervals"), "%s", err);
    cr_assert_not_null(strstr(err, "--allow-different-horizons"), "%s", err);
    free(err);
    int st;
    char *out = compare("scenarios/barnet/baseline.cfg scenarios/barnet/christmas.cfg --replications 4 "
                        "--allow-different-horizons --json", &st);
    cr_assert_eq(st, 0);
    cr_assert_not_null(strstr(out, "\"notes\": [\"the horizons differ (7 days of 30 min vs 14 days"), "%s", out);
    /* Per-queue differences and lost calls: christmas closes most lines for days. */
    double lost = number_after(out, "\"diff\": {", "\"lost_calls\": ");
    cr_assert_gt(lost, 10000, "%g", lost);
    double fte_b = number_after(out, "\"council-tax\": {\"fte_base\"", "\"fte_base\": ");
    cr_assert_float_eq(fte_b, 19.86, 0.005);
    free(out);
}
