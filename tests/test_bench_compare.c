/* bench/compare.py on fixture records (tests/data/bench/): a slowed engine is flagged,
 * an equal run and a noisy one are not, the last record of a history is the one
 * compared, the threshold is honoured, and bad input is one line with FILE:LINE.
 * Measured speed is never tested here: the records are fixed. */
#include "tests/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/bench/"

static int compare(const char *old, const char *new, const char *extra, char **out)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "python3 bench/compare.py " DATA "%s " DATA "%s %s 2>&1", old, new, extra);
    return test_run(cmd, out);
}

/* The output line of one benchmark (asserts there is one); points into out. */
static char *line_of(char *out, const char *bench)
{
    char *p = strstr(out, bench);
    cr_assert_not_null(p, "no line for %s in:\n%s", bench, out);
    p[strcspn(p, "\n")] = '\0';
    return p;
}

Test(bench_compare, slowed_engine_flagged)
{
    char *out;
    cr_assert_eq(compare("base.jsonl", "slowed.jsonl", "", &out), 1, "%s", out);
    cr_assert_not_null(strstr(out, "2 regressions flagged"), "%s", out);
    /* The ratio 0.91 -> 0.73: 0.91 / 0.73 - 1 = +24.7% slower, interval
     * [0.88 / 0.75 - 1, 0.93 / 0.70 - 1] = [+17.3%, +32.9%]. */
    char *engine = line_of(out, "engine/ref-erlang-a/1-thread");
    cr_expect_not_null(strstr(engine, "ratio"), "%s", engine);
    cr_expect_not_null(strstr(engine, "+24.7%"), "%s", engine);
    cr_expect_not_null(strstr(engine, "[+17.3%, +32.9%]"), "%s", engine);
    cr_expect_not_null(strstr(engine, "REGRESSION"), "%s", engine);
    free(out);
    cr_assert_eq(compare("base.jsonl", "slowed.jsonl", "", &out), 1);
    /* No ratio: the seconds, 0.0270 / 0.0208 - 1 = +29.8%. */
    char *plan = line_of(out, "plan/barnet-baseline");
    cr_expect_not_null(strstr(plan, "seconds"), "%s", plan);
    cr_expect_not_null(strstr(plan, "+29.8%"), "%s", plan);
    cr_expect_not_null(strstr(plan, "REGRESSION"), "%s", plan);
    free(out);
    cr_assert_eq(compare("base.jsonl", "slowed.jsonl", "", &out), 1);
    char *erlang = line_of(out, "erlang/staffing-year/c");
    cr_expect_null(strstr(erlang, "REGRESSION"), "%s", erlang);
    free(out);
}

Test(bench_compare, equal_run_not_flagged)
{
    char *out;
    cr_assert_eq(compare("base.jsonl", "equal.jsonl", "", &out), 0, "%s", out);
    cr_expect_null(strstr(out, "REGRESSION"), "%s", out);
    cr_expect_not_null(strstr(out, "0 regressions flagged"), "%s", out);
    free(out);
}

/* The engine's median is 8.3% slower, beyond the threshold, but the repeats overlap. */
Test(bench_compare, overlapping_intervals_not_flagged)
{
    char *out;
    cr_assert_eq(compare("base.jsonl", "noisy.jsonl", "", &out), 0, "%s", out);
    char *engine = line_of(out, "engine/ref-erlang-a/1-thread");
    cr_expect_not_null(strstr(engine, "+8.3%"), "%s", engine);
    cr_expect_not_null(strstr(engine, "overlap"), "%s", engine);
    free(out);
}

/* history.jsonl holds a fast run (ratio 1.30) and then base.jsonl's: the last counts,
 * so equal.jsonl is no regression against it. */
Test(bench_compare, last_record_of_a_history)
{
    char *out;
    cr_assert_eq(compare("history.jsonl", "equal.jsonl", "", &out), 0, "%s", out);
    free(out);
}

Test(bench_compare, threshold_honoured)
{
    char *out;
    cr_assert_eq(compare("base.jsonl", "slowed.jsonl", "--threshold 0.35", &out), 0, "%s", out);
    cr_expect_not_null(strstr(out, "0 regressions flagged"), "%s", out);
    free(out);
    cr_assert_eq(compare("base.jsonl", "slowed.jsonl", "--threshold 0.25", &out), 1, "%s", out);
    cr_expect_not_null(strstr(out, "1 regression flagged"), "%s", out);
    free(out);
}

Test(bench_compare, bad_input_one_line)
{
    char *out;
    cr_assert_eq(compare("base.jsonl", "bad.jsonl", "", &out), 2, "%s", out);
    cr_expect_eq(strncmp(out, "compare.py: " DATA "bad.jsonl:2: ", strlen("compare.py: " DATA "bad.jsonl:2: ")), 0,
                 "%s", out);
    cr_expect_eq(strchr(out, '\n'), out + strlen(out) - 1, "more than one line: %s", out);
    free(out);
    cr_assert_eq(compare("base.jsonl", "missing.jsonl", "", &out), 2, "%s", out);
    cr_expect_not_null(strstr(out, "missing.jsonl: cannot read"), "%s", out);
    free(out);
    cr_assert_eq(compare("base.jsonl", "equal.jsonl", "--threshold 1.5", &out), 2, "%s", out);
    cr_expect_not_null(strstr(out, "--threshold: must be in [0, 1)"), "%s", out);
    free(out);
}
