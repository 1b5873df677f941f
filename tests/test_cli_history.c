/* test_cli_history.c — `ccsim history` end to end: JSON keys and values, the
 * handled-only notice, malformed input (exit 1, one line naming file, line, column
 * and value), output failures, scenarios written with --scenario-out that the loader accepts (a call
 * log's trace with its inferred agents, an export's calls, a forecast), a replay with
 * generous staffing that reproduces the observed zero waits, and the forecast on the
 * US bank data. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "io/scenario_load.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define US_FILE "../shared/data/us-bank/calls-5min-2003.csv"
#define AB_FILE "../shared/data/anonymous-bank/calls-1999-02.tsv"

/* Runs `ccsim history ARGS`; returns the exit status, stdout in *out. */
static int history(const char *args, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s history %s 2>/tmp/ccsim-history-stderr-%d", test_ccsim(), args,
             (int)getpid());
    return test_run(cmd, out);
}

static char *stderr_text(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/ccsim-history-stderr-%d", (int)getpid());
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static double json_num(const char *json, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *at = strstr(json, pat);
    cr_assert_not_null(at, "key %s missing", key);
    if (!strncmp(at + strlen(pat), "null", 4))
        return NAN;
    return strtod(at + strlen(pat), NULL);
}

static char *tmp_dir(void)
{
    char *d = strdup("/tmp/ccsim-history-XXXXXX");
    cr_assert_not_null(mkdtemp(d));
    return d;
}

Test(cli_history, json_of_a_call_log)
{
    char *out = NULL;
    cr_assert_eq(history("tests/data/history/ab-small.tsv --json", &out), 0);
    cr_assert_eq(json_num(out, "records"), 6);
    cr_assert_eq(json_num(out, "answered"), 3);
    cr_assert_eq(json_num(out, "abandoned"), 1);
    cr_assert_eq(json_num(out, "ignored"), 2);
    cr_assert_float_eq(json_num(out, "mean_handling_s"), 1000.0 / 3, 1e-6);
    cr_assert_float_eq(json_num(out, "patience_s"), 100.0, 1e-9);
    cr_assert_float_eq(json_num(out, "service_level"), 2.0 / 4, 1e-12, "2 of 4 offered within 20 s");
    cr_assert_float_eq(json_num(out, "asa_s"), 40.0 / 3, 1e-8);
    cr_assert(strstr(out, "\"intervals\": [{\"start\": \"1999-02-01 00:00\""), "%.300s", out);
    cr_assert(strstr(out, "{\"start\": \"1999-02-01 09:00\", \"offered\": 3, \"answered\": 2, "
                          "\"abandoned\": 1, \"abandon_rate\": 0.3333333333, \"service_level\": "
                          "0.3333333333, \"asa_s\": 15, \"mean_handling_s\": 200, \"agents\": 2, "
                          "\"agents_busy\": 0.2222222222}"),
              "%s", out);
    cr_assert(strstr(out, "\"kaplan_meier_median_s\": 60"));
    free(out);
}

Test(cli_history, handled_only_is_said)
{
    char *out = NULL;
    cr_assert_eq(history("tests/data/history/handled-only.csv", &out), 0);
    cr_assert(strstr(out, "handled calls only: the file has no offered count"), "%s", out);
    free(out);
    cr_assert_eq(history("tests/data/history/handled-only.csv --json", &out), 0);
    cr_assert(strstr(out, "\"handled_only\": true"));
    cr_assert(strstr(out, "\"abandoned\": null"));
    cr_assert_eq(json_num(out, "answered"), 10);
    free(out);
}

Test(cli_history, us_bank_imports)
{
    if (access(US_FILE, R_OK))
        cr_skip_test("%s is not present", US_FILE);
    char *out = NULL;
    cr_assert_eq(history(US_FILE " --column interval_start=DateTime --column handled=Calls --json", &out), 0);
    cr_assert_eq(json_num(out, "records"), 27716);
    cr_assert(strstr(out, "\"handled_only\": true"));
    cr_assert_eq(json_num(out, "missing_days"), 72);
    free(out);
}

/* Malformed input: exit 1 and one line on stderr naming the file, line, column, value. */
Test(cli_history, malformed_rows_exit_1)
{
    char *dir = tmp_dir(), path[256], args[1024];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("interval_start;queue;offered\r\n2026-03-02 09:00;Rev;3\r\n2026-03-02 09:30;Rev;three\r\n", f);
    fclose(f);
    char *out = NULL;
    snprintf(args, sizeof args, "%s", path);
    cr_assert_eq(history(args, &out), 1);
    cr_assert_str_eq(out, "", "nothing on stdout");
    char want[512];
    snprintf(want, sizeof want, "ccsim history: %s:3: column offered: a number >= 0 was expected "
             "(got \"three\")\n", path);
    cr_assert_str_eq(stderr_text(), want);
    free(out);
    /* a mapped column that is not there */
    snprintf(args, sizeof args, "%s --column offered=Calls", path);
    cr_assert_eq(history(args, &out), 1);
    cr_assert(strstr(stderr_text(), ":1: column Calls (mapped to offered) is not in the header"));
    free(out);
    /* bad flags */
    cr_assert_eq(history("tests/data/history/generic.csv --interval 7", &out), 1);
    cr_assert(strstr(stderr_text(), "--interval must be 5, 10, 15, 20, 30 or 60 minutes (got 7)"));
    free(out);
    cr_assert_eq(history("tests/data/history/generic.csv --column calls=Calls", &out), 1);
    cr_assert(strstr(stderr_text(), "--column must be FIELD=NAME"));
    free(out);
    cr_assert_eq(history("tests/data/history/generic.csv --forecast 5 --holdout-weeks 0", &out), 1);
    cr_assert(strstr(stderr_text(), "days with data to fit on; at least two weeks"), "%s", stderr_text());
    free(out);
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* Output that cannot be written: stdout to a full device is status 2; a
 * --scenario-out that is a symbolic link is refused before any work (status 1). */
Test(cli_history, output_failures)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s history tests/data/history/generic.csv --json > /dev/full 2>/dev/null",
             test_ccsim());
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2, "stdout lost must not be status 0");
    char *dir = tmp_dir(), link[256], args[1024];
    snprintf(link, sizeof link, "%s/link.cfg", dir);
    cr_assert_eq(symlink("/tmp/elsewhere.cfg", link), 0);
    snprintf(args, sizeof args, "tests/data/history/generic.csv --aht 200 --scenario-out %s", link);
    char *out = NULL;
    cr_assert_eq(history(args, &out), 1);
    cr_assert(strstr(stderr_text(), "--scenario-out"), "%s", stderr_text());
    free(out);
    unlink(link);
    rmdir(dir);
    free(dir);
}

/* An export without handling time needs --aht for a scenario; nothing is written. */
Test(cli_history, scenario_needs_a_handling_time)
{
    char *dir = tmp_dir(), args[1024], cfg[256];
    snprintf(cfg, sizeof cfg, "%s/x.cfg", dir);
    snprintf(args, sizeof args, "tests/data/history/handled-only.csv --scenario-out %s", cfg);
    char *out = NULL;
    cr_assert_eq(history(args, &out), 1);
    cr_assert(strstr(stderr_text(), "has no handling time: give --aht S"), "%s", stderr_text());
    cr_assert_neq(access(cfg, F_OK), 0, "no file written");
    free(out);
    rmdir(dir);
    free(dir);
}

Test(cli_history, export_scenario_loads)
{
    char *dir = tmp_dir(), args[1024], cfg[256];
    snprintf(cfg, sizeof cfg, "%s/rev.cfg", dir);
    snprintf(args, sizeof args, "tests/data/history/mapped.csv --separator ';' --date-format "
             "'%%d/%%m/%%Y %%H:%%M' --column interval_start=Date --column queue=Skill --column "
             "offered=Offered --column handled=Answered --column abandoned=Abandoned --column "
             "handling_s=AHT --column answered_within=SL20 --queue Revenues --interval 30 "
             "--patience 120 --scenario-out %s", cfg);
    char *out = NULL;
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    free(out);
    cc_scenario *s = test_load(cfg);
    cr_assert_str_eq(s->queues[0].name, "Revenues");
    cr_assert_eq(s->calendar.days, 2);
    cr_assert_eq(s->interval_s, 1800.0);
    cr_assert_eq(s->queues[0].calls[18], 22.0);
    cr_assert_eq(s->queues[0].calls[19], 7.0);
    cr_assert_eq(s->queues[0].calls[48 + 18], 5.0);
    cr_assert_float_eq(s->queues[0].handling.mean_s, (240.0 * 8 + 180 * 11 + 200 * 7 + 300 * 5) / 31, 1e-3);
    cr_assert_eq(s->queues[0].patience.mean_s, 120.0);
    cr_assert_eq(s->n_open_intervals, 4, "09:00-10:00 on both days");
    cc_scenario_destroy(s);
    unlink(cfg);
    rmdir(dir);
    free(dir);
}

/* A log whose calls were all answered at once, replayed with the agents inferred from
 * it (generous: every agent who served in an interval is on duty all of it): the
 * simulation reproduces the observed waits of zero, SL 100% and no abandonment. */
Test(cli_history, generous_replay_reproduces_zero_waits)
{
    char *dir = tmp_dir(), args[1024], cfg[256];
    snprintf(cfg, sizeof cfg, "%s/nowait.cfg", dir);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --scenario-out %s", cfg);
    char *out = NULL;
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    free(out);
    cc_scenario *s = test_load(cfg);
    cr_assert_eq(s->queues[0].source, CC_SOURCE_TRACE);
    cr_assert_eq(s->queues[0].trace.n, 6);
    cr_assert_eq(s->queues[0].trace.handling_s[0], 600.0);
    cr_assert_eq(s->queues[0].patience.kind, CC_DIST_NONE, "nobody abandoned: no patience");
    cr_assert_eq(s->groups[0].agents[18], 3, "AVI, BETTY, CAROL");
    cr_assert_eq(s->groups[0].agents[19], 1, "BETTY from 09:40");
    cr_assert_eq(s->groups[0].agents[20], 1, "CAROL at 10:05");
    cc_scenario_destroy(s);

    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --calibrate %s --replications 5 --json", cfg);
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    const char *cal = strstr(out, "\"calibration\"");
    cr_assert_not_null(cal, "%s", out);
    cr_assert_eq(json_num(cal, "simulated_offered"), 6.0, "the trace replayed exactly");
    cr_assert_eq(json_num(cal, "observed_offered"), 6.0);
    cr_assert_eq(json_num(cal, "intervals"), 3);
    const char *sl = strstr(cal, "\"service_level\""), *asa = strstr(cal, "\"asa_s\""),
               *ab = strstr(cal, "\"abandon_rate\"");
    cr_assert_eq(json_num(sl, "observed"), 1.0);
    cr_assert_eq(json_num(sl, "simulated"), 1.0);
    cr_assert_eq(json_num(sl, "mae"), 0.0);
    cr_assert_eq(json_num(asa, "simulated"), 0.0, "every simulated wait is zero");
    cr_assert_eq(json_num(asa, "mae"), 0.0);
    cr_assert_eq(json_num(ab, "simulated"), 0.0);
    cr_assert(strstr(cal, "\"by_interval\": [{\"start\": \"1999-02-01 09:00\", \"offered\": 4, "
                          "\"service_level\": {\"observed\": 1, \"simulated\": 1}"), "%s", cal);
    free(out);
    unlink(cfg);
    rmdir(dir);
    free(dir);
}

/* The same log with one agent fewer in the first half hour: the replay must now show
 * waits, so the zero above is not an artefact of the comparison. */
Test(cli_history, short_staffing_shows_waits)
{
    char *dir = tmp_dir(), args[1024], cfg[256];
    snprintf(cfg, sizeof cfg, "%s/nowait.cfg", dir);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --scenario-out %s", cfg);
    char *out = NULL;
    cr_assert_eq(history(args, &out), 0);
    free(out);
    char cmd[1024];
    /* agents list: 48 values; the 19th (09:00) is 3 */
    snprintf(cmd, sizeof cmd, "sed -i 's/^\\( *\\)0, 0, 0, 0, 0, 0, 0, 0, 3,/\\10, 0, 0, 0, 0, 0, 0, 0, 1,/' %s "
             "&& grep -q '0, 0, 0, 0, 0, 0, 0, 0, 1, 1,' %s", cfg, cfg);
    cr_assert_eq(test_run(cmd, &out), 0, "the agents line was not found in %s", cfg);
    free(out);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --calibrate %s --replications 5 --json", cfg);
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    const char *cal = strstr(out, "\"calibration\""), *asa = strstr(cal, "\"asa_s\"");
    cr_assert_eq(json_num(cal, "simulated_offered"), 6.0);
    cr_assert_gt(json_num(asa, "simulated"), 10.0, "one agent for three overlapping calls waits");
    cr_assert_gt(json_num(asa, "bias"), 10.0);
    free(out);
    unlink(cfg);
    rmdir(dir);
    free(dir);
}

/* The US bank: next month's plan from last quarter in one command; the forecast
 * scenario loads and its volumes are the forecast's. */
Test(cli_history, us_bank_forecast_scenario)
{
    if (access(US_FILE, R_OK))
        cr_skip_test("%s is not present", US_FILE);
    char *dir = tmp_dir(), args[1024], cfg[256];
    snprintf(cfg, sizeof cfg, "%s/next.cfg", dir);
    snprintf(args, sizeof args, US_FILE " --column interval_start=DateTime --column handled=Calls "
             "--interval 30 --train-weeks 13 --forecast 28 --aht 300 --patience 200 --json "
             "--scenario-out %s", cfg);
    char *out = NULL;
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    const char *hold = strstr(out, "\"holdout\"");
    cr_assert_not_null(hold);
    cr_assert_lt(json_num(hold, "mape"), json_num(hold, "seasonal_naive_mape"));
    cr_assert_gt(json_num(strstr(out, "\"forecast\""), "dispersion"), 3.0);
    cr_assert(strstr(out, "\"days\": [{\"date\": \"2003-10-25\", \"calls\": 0}"), "%.2000s",
              strstr(out, "\"forecast\""));
    free(out);
    cc_scenario *s = test_load(cfg);
    cr_assert_eq(s->calendar.days, 28);
    cr_assert_eq(s->calendar.first_date, 12350, "2003-10-25");
    cr_assert_eq(s->queues[0].handling.mean_s, 300.0);
    double week = 0;
    for (size_t i = 0; i < 7 * 48; i++)
        week += s->queues[0].calls[i];
    cr_assert(week > 5 * 28000 && week < 5 * 36000, "%g", week);
    cc_scenario_destroy(s);
    snprintf(args, sizeof args, "%s plan %s >/dev/null 2>&1", test_ccsim(), cfg);
    cr_assert_eq(system(args), 0, "the forecast plans");
    unlink(cfg);
    rmdir(dir);
    free(dir);
}

Test(cli_history, anonymous_bank_trace_scenario_loads)
{
    if (access(AB_FILE, R_OK))
        cr_skip_test("%s is not present", AB_FILE);
    char *dir = tmp_dir(), args[1024], cfg[256];
    snprintf(cfg, sizeof cfg, "%s/ab.cfg", dir);
    snprintf(args, sizeof args, AB_FILE " --scenario-out %s", cfg);
    char *out = NULL;
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    cr_assert(strstr(out, "records 33344: answered 27162, abandoned 3963, ignored 2219"), "%s", out);
    free(out);
    cc_scenario *s = test_load(cfg);
    cr_assert_eq(s->queues[0].trace.n, 27162 + 3963);
    cr_assert_eq(s->calendar.days, 28);
    cr_assert_float_eq(s->queues[0].patience.mean_s, 1367207.0 / 3963, 1e-3);
    cr_assert_float_eq(s->queues[0].handling.mean_s, 179.6, 0.05);
    cc_scenario_destroy(s);
    unlink(cfg);
    rmdir(dir);
    free(dir);
}

/* --staffing busy: the agents busy on average, rounded up; --weekdays limits the
 * compared intervals (1999-02-01 is a Monday). */
Test(cli_history, busy_staffing_and_weekdays)
{
    char *dir = tmp_dir(), args[1024], cfg[256];
    snprintf(cfg, sizeof cfg, "%s/busy.cfg", dir);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --staffing busy --scenario-out %s", cfg);
    char *out = NULL;
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    free(out);
    cc_scenario *s = test_load(cfg);
    cr_assert_eq(s->groups[0].agents[18], 1, "1,120 s of service in 1,800 s");
    cr_assert_eq(s->groups[0].agents[19], 1);
    cr_assert_eq(s->groups[0].agents[21], 0);
    cc_scenario_destroy(s);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --calibrate %s --replications 2 "
             "--weekdays Tue-Sun --json", cfg);
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    cr_assert_eq(json_num(strstr(out, "\"calibration\""), "intervals"), 0);
    free(out);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --calibrate %s --replications 2 "
             "--weekdays Sun,Mon --json", cfg);
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    cr_assert_eq(json_num(strstr(out, "\"calibration\""), "intervals"), 3);
    free(out);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --calibrate %s --replications 2", cfg);
    cr_assert_eq(history(args, &out), 0, "%s", stderr_text());
    cr_assert(strstr(out, "  1999-02-01 09:00       4 "), "the text table by interval: %s", out);
    free(out);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --interval 15 --calibrate %s", cfg);
    cr_assert_eq(history(args, &out), 1);
    cr_assert(strstr(stderr_text(), "calibration: the scenario's intervals are 30 min, the history's "
                                    "15 min (use --interval 30)"), "%s", stderr_text());
    free(out);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --within 30 --calibrate %s", cfg);
    cr_assert_eq(history(args, &out), 1);
    cr_assert(strstr(stderr_text(), "counts calls answered within 30 s"), "%s", stderr_text());
    free(out);
    snprintf(args, sizeof args, "tests/data/history/ab-small.tsv --from 1999-02-02 --calibrate %s", cfg);
    cr_assert_eq(history(args, &out), 1);
    cr_assert(strstr(stderr_text(), "lie outside its 1 days"), "%s", stderr_text());
    free(out);
    snprintf(args, sizeof args, "tests/data/history/ab-nowait.tsv --calibrate %s --weekdays Sun-Xyz", cfg);
    cr_assert_eq(history(args, &out), 1);
    cr_assert(strstr(stderr_text(), "--weekdays must be weekday names"), "%s", stderr_text());
    free(out);
    cr_assert_eq(history("tests/data/history/ab-nowait.tsv --days 3", &out), 1);
    cr_assert(strstr(stderr_text(), "--days needs --from DATE"));
    free(out);
    cr_assert_eq(history("tests/data/history/ab-nowait.tsv --from 1999-02-30", &out), 1);
    cr_assert(strstr(stderr_text(), "--from must be a date YYYY-MM-DD (got '1999-02-30')"));
    free(out);
    unlink(cfg);
    rmdir(dir);
    free(dir);
}
