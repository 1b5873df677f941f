/* test_cli_plan.c — `ccsim plan` end to end: the built binary's JSON keys, text,
 * exit codes and one-line messages, and the HDF5 plan file read back. */
#include "tests/support.h"

#include <criterion/criterion.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char one_interval[] =
    "name = \"one\";\n"
    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
    "queues = ( { name = \"council-tax\"; channel = \"phone\"; calls_per_interval = [ 600.0, 300.0 ];\n"
    "  handling = { dist = \"exponential\"; mean_s = 240; };\n"
    "  patience = { dist = \"lognormal\"; mean_s = 180; cv = 1.0; }; } );\n"
    "groups = ( { name = \"g\"; serves = [ \"council-tax\" ]; agents = 1; } );\n"
    "workforce = { shrinkage = 0.25; paid_hours_per_week = 37.5; cost_per_fte_year = 30000; };\n";

/* Runs `ccsim plan ARGS` with stderr folded into stdout when err is set. */
static int plan(const char *args, int with_stderr, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s plan %s %s", test_ccsim(), args, with_stderr ? "2>&1" : "2>/dev/null");
    return test_run(cmd, out);
}

static double json_num(const char *json, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *at = strstr(json, pat);
    cr_assert_not_null(at, "key %s missing from %s", key, json);
    return strtod(at + strlen(pat), NULL);
}

static void assert_key(const char *json, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    cr_assert_not_null(strstr(json, pat), "key %s missing from %s", key, json);
}

Test(cli_plan, json_keys)
{
    char *cfg = test_write_cfg(one_interval), args[512], *out;
    snprintf(args, sizeof args, "%s --json --fte 12", cfg);
    cr_assert_eq(plan(args, 0, &out), 0);
    cr_assert_eq(out[0], '{');
    cr_assert_eq(out[strlen(out) - 2], '}');
    static const char *const keys[] = {
        "scenario", "method", "fte", "fte_by_channel", "cost_by_channel", "cost_total",
        "agents_required_peak", "service_level", "abandon_rate", "queues", "cost_per_contact_by_channel",
        "agent_hours", "calls_per_year", "notes", "fixed_fte", "aht_breakeven", "aht_breakeven_s",
        "target_met", "council-tax", "phone",
    };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        assert_key(out, keys[k]);
    cr_assert_not_null(strstr(out, "\"method\": \"erlang-c\""));
    /* 600 calls in 30 minutes at AHT 240 s: 87 agents for 80% in 20 s. */
    cr_assert_eq(json_num(out, "agents_required_peak"), 87);
    double hours = json_num(out, "agent_hours");
    cr_assert_float_eq(json_num(out, "fte"), hours * 7 / 0.75 / 37.5, 1e-6);
    free(out);

    snprintf(args, sizeof args, "%s --json --method erlang-a", cfg);
    cr_assert_eq(plan(args, 0, &out), 0);
    cr_assert_not_null(strstr(out, "\"method\": \"erlang-a\""));
    cr_assert_not_null(strstr(out, "exponential patience with its mean 180 s"), "%s", out);
    cr_assert_null(strstr(out, "fixed_fte"));
    cr_assert_lt(json_num(out, "agents_required_peak"), 87);
    free(out);
    unlink(cfg);
    free(cfg);
}

/* workforce.fte_available answers the reverse question without --fte; --fte wins. */
Test(cli_plan, fte_available_from_the_scenario)
{
    char text[sizeof one_interval + 64];
    snprintf(text, sizeof text, "%s", one_interval);
    char *w = strstr(text, "cost_per_fte_year = 30000;");
    cr_assert_not_null(w);
    strcpy(w, "cost_per_fte_year = 30000; fte_available = 15.5; };\n");
    char *cfg = test_write_cfg(text), args[512], *out;
    snprintf(args, sizeof args, "%s --json", cfg);
    cr_assert_eq(plan(args, 0, &out), 0);
    const char *fixed = strstr(out, "\"fixed_fte\": ");
    cr_assert_not_null(fixed, "%s", out);
    cr_assert_float_eq(json_num(fixed, "fte"), 15.5, 1e-9);
    free(out);
    snprintf(args, sizeof args, "%s --json --fte 9", cfg);
    cr_assert_eq(plan(args, 0, &out), 0);
    cr_assert_float_eq(json_num(strstr(out, "\"fixed_fte\": "), "fte"), 9, 1e-9);
    free(out);
    unlink(cfg);
    free(cfg);
}

Test(cli_plan, text_and_no_workforce)
{
    char *out;
    cr_assert_eq(plan("tests/data/partly-open.cfg", 0, &out), 0);
    cr_assert_not_null(strstr(out, "No workforce section"), "%s", out);
    cr_assert_not_null(strstr(out, "Mon 17:00"), "%s", out);
    free(out);
    cr_assert_eq(plan("tests/data/partly-open.cfg --json", 0, &out), 0);
    cr_assert_not_null(strstr(out, "\"fte\": null"), "%s", out);
    cr_assert_not_null(strstr(out, "\"fte_by_channel\": {\"phone\": null}"), "%s", out);
    free(out);
}

/* Each bad invocation: exit 1 and one line on stderr that contains `says`. */
static void bad(const char *args, const char *says)
{
    char *out;
    int rc = plan(args, 1, &out);
    cr_assert_eq(rc, 1, "ccsim plan %s: exit %d (%s)", args, rc, out);
    cr_assert_not_null(strstr(out, says), "ccsim plan %s said: %s", args, out);
    char *nl = strchr(out, '\n');
    cr_assert(nl && nl[1] == '\0', "more than one line: %s", out);
    free(out);
}

Test(cli_plan, bad_input_exits_1)
{
    bad("", "a scenario file is required");
    bad("tests/data/partly-open.cfg --method erlang-x", "--method must be erlang-c, erlang-a or simulation");
    bad("tests/data/partly-open.cfg --method", "--method");
    bad("tests/data/partly-open.cfg --fte -3", "--fte");
    bad("tests/data/partly-open.cfg --fte many", "--fte");
    bad("tests/data/partly-open.cfg --bogus", "unknown option '--bogus'");
    bad("tests/data/partly-open.cfg tests/data/weekdays.cfg", "one scenario file expected");
    bad("tests/data/partly-open.cfg --fte 10", "workforce");
    bad("tests/data/no-such-file.cfg", "no-such-file.cfg");
    bad("tests/data/partly-open.cfg --replications 10", "apply to --method simulation only");
    bad("tests/data/partly-open.cfg --method simulation --replications 1", "--replications");
    bad("tests/data/partly-open.cfg --method simulation --confidence 1", "--confidence");
}

/* Any roster is planned by simulation: weekdays.cfg has a group serving two queues
 * and a queue served by two groups (refused before: "one group per queue"). */
Test(cli_plan, simulation_plans_a_pooled_roster, .timeout = 120)
{
    char *out;
    cr_assert_eq(plan("tests/data/weekdays.cfg --json --method simulation --replications 20 --seed 4", 0, &out), 0,
                 "%s", out);
    cr_assert_not_null(strstr(out, "\"tax-team\": {\"agent_hours_erlang_c\""), "%s", out);
    cr_assert_not_null(strstr(out, "\"method\": \"simulation\""), "%s", out);
    free(out);
    /* The analytic plan of the same roster says what it leaves out. */
    cr_assert_eq(plan("tests/data/weekdays.cfg --json", 0, &out), 0);
    cr_assert_not_null(strstr(out, "group tax-team serves queues of different priorities"), "%s", out);
    cr_assert_not_null(strstr(out, "\"groups\": {\"tax-team\": {\"agents_peak\": "), "%s", out);
    free(out);
}

/* The simulation method runs through the lead's optimiser and reports it. */
Test(cli_plan, simulation_method)
{
    char *cfg = test_write_cfg(one_interval), args[512], *out;
    snprintf(args, sizeof args, "%s --json --method simulation --replications 20 --seed 3 --threads 2", cfg);
    cr_assert_eq(plan(args, 0, &out), 0);
    cr_assert_not_null(strstr(out, "\"method\": \"simulation\""), "%s", out);
    assert_key(out, "simulation");
    assert_key(out, "rounds");
    cr_assert_gt(json_num(out, "agents_required_peak"), 50);
    free(out);
    unlink(cfg);
    free(cfg);
}

/* Callers who hang up (patience 180 s) relieve the queue: on ref-day the simulation
 * needs fewer agent-hours than Erlang C, and says where Erlang C overstaffs. */
Test(cli_plan, simulation_reports_where_erlang_c_misjudges, .timeout = 120)
{
    char *out;
    cr_assert_eq(plan("scenarios/ref-day.cfg --json --method simulation --replications 60 --seed 5", 0, &out), 0);
    double erlang = json_num(out, "agent_hours_erlang_c"), sim = json_num(strstr(out, "\"simulation\""), "agent_hours");
    cr_assert_lt(sim, erlang - 10, "simulated %g agent-hours vs Erlang C %g", sim, erlang);
    cr_assert_gt(json_num(out, "intervals_erlang_c_overstaffs"), 8);
    cr_assert_geq(json_num(out, "most_agents_erlang_c_over"), 2);
    free(out);
}

/* A seasonal horizon: what the 14 days themselves cost, and the calls turned away
 * while only priority services open. */
Test(cli_plan, christmas_horizon_cost_and_lost_calls)
{
    char *out;
    cr_assert_eq(plan("scenarios/barnet/christmas.cfg --json", 0, &out), 0);
    double year = json_num(out, "cost_total"), horizon = json_num(out, "cost_horizon");
    cr_assert_float_eq(horizon, year * 14.0 / 365.25, 1e-6 * year);
    cr_assert_gt(json_num(out, "lost_calls"), 1000.0, "non-priority lines are closed over Christmas");
    free(out);
}

/* A loader warning reaches stderr as one line; stdout stays one JSON object. */
Test(cli_plan, loader_warnings_go_to_stderr)
{
    char *cfg = test_write_cfg(
        "name = \"w\";\n"
        "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 60;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"00:00\"; close = \"24:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"q\"; channel = \"phone\";\n"
        "  demand = { volume = 100.0; per = \"day\"; intraday_profile = [ 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 1.0000, 0.5000, 0.5000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000 ]; };\n"
        "  handling = { dist = \"exponential\"; mean_s = 100.0; }; } );\n");
    char args[512], *out, *err;
    snprintf(args, sizeof args, "%s --json", cfg);
    cr_assert_eq(plan(args, 0, &out), 0);
    cr_assert_eq(out[0], '{');
    cr_assert_null(strstr(out, "warning"));
    snprintf(args, sizeof args, "%s --json 2>&1 >/dev/null", cfg);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s plan %s", test_ccsim(), args);
    cr_assert_eq(test_run(cmd, &err), 0);
    cr_assert_not_null(strstr(err, "ccsim plan: warning: "), "%s", err);
    cr_assert_not_null(strstr(err, "intraday_profile sums to 2, not 1: normalised"), "%s", err);
    free(out);
    free(err);
    unlink(cfg);
    free(cfg);
}

/* One column of a dataset as doubles (or ints converted by HDF5). */
static void read_column(hid_t f, const char *set, const char *col, hid_t mem, void *buf, size_t size)
{
    hid_t d = H5Dopen2(f, set, H5P_DEFAULT);
    hid_t t = H5Tcreate(H5T_COMPOUND, size);
    H5Tinsert(t, col, 0, mem);
    cr_assert_geq(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), 0, "reading %s.%s", set, col);
    H5Tclose(t);
    H5Dclose(d);
}

Test(cli_plan, out_file_layout)
{
    const char *path = "/tmp/ccsim-plan-layout.h5";
    unlink(path);
    char *cfg = test_write_cfg(one_interval), args[512], *out;
    snprintf(args, sizeof args, "%s --fte 12 --json --out %s", cfg, path);
    cr_assert_eq(plan(args, 0, &out), 0);
    free(out);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0, "cannot open %s", path);
    static const char *const cols[] = {
        "queue", "interval", "start_s", "calls", "open_s", "agents", "load_erlangs", "service_level",
        "service_level_answered", "service_level_excl_short", "asa_s", "p_abandon", "occupancy",
        "fixed_agents", "fixed_service_level", "fixed_p_abandon", "fixed_asa_s",
    };
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        cr_assert(test_h5_has_column(f, "intervals", cols[k]), "intervals.%s missing", cols[k]);
    static const char *const qcols[] = {
        "name", "channel", "model", "calls", "calls_per_year", "agents_peak", "agent_hours", "fte",
        "staff_cost", "contact_cost", "cost", "service_level", "abandon_rate", "fixed_service_level",
        "aht_breakeven_s",
    };
    for (size_t k = 0; k < sizeof qcols / sizeof qcols[0]; k++)
        cr_assert(test_h5_has_column(f, "queues", qcols[k]), "queues.%s missing", qcols[k]);
    cr_assert(test_h5_has_column(f, "channels", "fte") && test_h5_has_column(f, "channels", "cost_per_contact"));
    cr_assert_eq(test_h5_rows(f, "intervals"), 48);
    cr_assert_eq(test_h5_rows(f, "queues"), 2);
    cr_assert_eq(test_h5_rows(f, "channels"), 2);

    int agents[48];
    double open[48];
    read_column(f, "intervals", "agents", H5T_NATIVE_INT, agents, sizeof agents[0]);
    read_column(f, "intervals", "open_s", H5T_NATIVE_DOUBLE, open, sizeof open[0]);
    cr_assert_eq(agents[18], 87);
    cr_assert_eq(agents[17], 0);
    cr_assert_float_eq(open[18], 1800, 1e-9);
    cr_assert_float_eq(open[20], 0, 1e-9);
    double fte[2];
    read_column(f, "channels", "fte", H5T_NATIVE_DOUBLE, fte, sizeof fte[0]);
    cr_assert_float_eq(fte[0], fte[1], 1e-9, "phone and all differ with one channel");
    double fixed_fte;
    hid_t a = H5Aopen(f, "fixed_fte", H5P_DEFAULT);
    cr_assert_geq(a, 0);
    H5Aread(a, H5T_NATIVE_DOUBLE, &fixed_fte);
    H5Aclose(a);
    cr_assert_float_eq(fixed_fte, 12, 1e-12);
    cr_assert_gt(H5Aexists(f, "scenario"), 0);
    H5Fclose(f);
    unlink(path);
    unlink(cfg);
    free(cfg);
}

Test(cli_plan, out_failure_leaves_nothing)
{
    char *out;
    int rc = plan("tests/data/partly-open.cfg --out /nonexistent-dir/plan.h5", 1, &out);
    cr_assert_eq(rc, 2, "%s", out);
    cr_assert_not_null(strstr(out, "/nonexistent-dir/plan.h5"), "%s", out);
    free(out);
    cr_assert_neq(access("/nonexistent-dir/plan.h5", F_OK), 0);
}

/* A fixed FTE is judged by the method asked for: with --method simulation its roster
 * is simulated, so callers who hang up show (Erlang C reported 0 abandons). */
Test(cli_plan, fixed_fte_is_judged_by_the_method_asked, .timeout = 120)
{
    char *out;
    cr_assert_eq(plan("scenarios/barnet/bid-83fte.cfg --json", 0, &out), 0);
    cr_assert_float_eq(json_num(strstr(out, "\"fixed_fte\""), "abandon_rate"), 0, 1e-12);
    free(out);
    cr_assert_eq(plan("scenarios/barnet/bid-83fte.cfg --json --method simulation --replications 10 --seed 7 "
                      "--threads 2", 0, &out), 0);
    double ab = json_num(strstr(out, "\"fixed_fte\""), "abandon_rate");
    cr_assert(ab > 0.005 && ab < 0.2, "simulated abandon rate of 83.84 FTE: %g", ab);
    free(out);
}

/* Christmas: 14 days of which 7 are open. The horizon average (42.04 FTE) counts the
 * closed days; an open day needs its agent-hours ÷ 7.4 paid hours ÷ (1 − 0.373); the
 * first week is the busy one. */
Test(cli_plan, fte_per_open_day_and_per_week)
{
    char *out;
    cr_assert_eq(plan("scenarios/barnet/christmas.cfg --json", 0, &out), 0);
    double fte = json_num(out, "fte"), hours = json_num(out, "agent_hours");
    cr_assert_float_eq(fte, 42.04, 0.005);
    cr_assert_eq((int)json_num(out, "open_days"), 7);
    cr_assert_float_eq(json_num(out, "fte_per_open_day"), hours / 7 / (37.0 / 5) / (1 - 0.373), 1e-6);
    const char *w = strstr(out, "\"fte_by_week\": [");
    cr_assert_not_null(w);
    char *end;
    double w1 = strtod(w + strlen("\"fte_by_week\": ["), &end), w2 = strtod(end + 1, NULL);
    cr_assert_float_eq((w1 + w2) / 2, fte, 1e-6);
    cr_assert_gt(w1, 4 * w2, "week 1 %g, week 2 %g", w1, w2);
    free(out);
}

/* Every plan table is readable without the scenario: queue and group names, ISO
 * timestamps and dates; a day table; a pooled plan's group table. */
Test(cli_plan, out_file_has_names_and_timestamps)
{
    const char *path = "/tmp/ccsim-plan-names.h5";
    unlink(path);
    char args[512], *out;
    snprintf(args, sizeof args, "scenarios/barnet/pooled.cfg --out %s", path);
    cr_assert_eq(plan(args, 0, &out), 0);
    free(out);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    size_t n = 11 * 7 * 48;
    cr_assert_eq(test_h5_rows(f, "intervals"), n);
    typedef char name[64];
    name *names = calloc(n, sizeof *names), *starts = calloc(n, sizeof *starts);
    hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, sizeof(name));
    read_column(f, "intervals", "queue_name", str, names, sizeof(name));
    read_column(f, "intervals", "start", str, starts, sizeof(name));
    cr_assert_str_eq(names[18], "adults-social-care");
    cr_assert_str_eq(starts[18], "2026-03-09T09:00");
    cr_assert_str_eq(names[10 * 7 * 48 + 48 + 33], "housing-benefits");
    cr_assert_str_eq(starts[10 * 7 * 48 + 48 + 33], "2026-03-10T16:30");
    cr_assert_eq(test_h5_rows(f, "days"), 7);
    read_column(f, "days", "date", str, names, sizeof(name));
    cr_assert_str_eq(names[6], "2026-03-15");
    cr_assert_eq(test_h5_rows(f, "groups"), 7 * 48);
    read_column(f, "groups", "group_name", str, names, sizeof(name));
    cr_assert_str_eq(names[0], "all-lines");
    int agents[7 * 48];
    read_column(f, "groups", "agents", H5T_NATIVE_INT, agents, sizeof agents[0]);
    cr_assert_gt(agents[18], 0);
    cr_assert_eq(agents[0], 0);
    H5Tclose(str);
    free(names);
    free(starts);
    H5Fclose(f);
    unlink(path);
}

/* --sensitivity: each input moved alone, largest FTE swing first. Shrinkage moves
 * only the FTE of the same agents: 106.33 × (1 − 0.373) ÷ (1 − 0.373 × 1.1). */
Test(cli_plan, sensitivity_largest_swing_first)
{
    char *out;
    cr_assert_eq(plan("scenarios/barnet/baseline.cfg --sensitivity --json", 0, &out), 0);
    double fte = json_num(out, "fte");
    const char *sh = strstr(out, "{\"parameter\": \"shrinkage\"");
    cr_assert_not_null(sh, "%s", out);
    cr_assert_float_eq(json_num(sh, "fte_up"), fte * (1 - 0.373) / (1 - 0.373 * 1.1), 1e-6);
    cr_assert_float_eq(json_num(sh, "fte_down"), fte * (1 - 0.373) / (1 - 0.373 * 0.9), 1e-6);
    const char *sw = strstr(out, "\"sensitivity\": [");
    cr_assert_not_null(sw);
    double prev = INFINITY;
    for (int k = 0; k < 4; k++) {
        sw = strstr(sw, "\"swing\": ");
        cr_assert_not_null(sw);
        double x = strtod(sw + 9, NULL);
        cr_assert_leq(x, prev, "swing %d: %g after %g", k, x, prev);
        cr_assert_gt(x, 1, "every input moves the FTE (%g)", x);
        prev = x;
        sw++;
    }
    const char *vol = strstr(out, "{\"parameter\": \"volume\"");
    cr_assert(json_num(vol, "fte_down") < fte && json_num(vol, "fte_up") > fte);
    free(out);
    /* The steps come from the scenario; one of 100% or more is refused with file:line. */
    char *cfg = test_write_cfg(
        "name = \"s\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"a\"; channel = \"phone\"; calls_per_interval = 50.0;\n"
        "             handling = { dist = \"exponential\"; mean_s = 180.0; }; } );\n"
        "workforce = { shrinkage = 0.3; paid_hours_per_week = 37.0; };\n"
        "sensitivity = { volume = 1.0; };\n");
    char args[512];
    snprintf(args, sizeof args, "%s --sensitivity", cfg);
    cr_assert_eq(plan(args, 1, &out), 1);
    cr_assert_not_null(strstr(out, ":7: sensitivity.volume must be"), "%s", out);
    free(out);
    unlink(cfg);
    free(cfg);
}

/* --csv: one row per queue and open interval, with the analytic plan beside the
 * simulated one when both ran; names, dates and times readable. */
Test(cli_plan, csv_interval_table, .timeout = 120)
{
    const char *path = "/tmp/ccsim-plan.csv";
    unlink(path);
    char args[512], *out;
    snprintf(args, sizeof args, "scenarios/barnet/baseline.cfg --csv %s", path);
    cr_assert_eq(plan(args, 0, &out), 0);
    free(out);
    snprintf(args, sizeof args, "cat %s", path);
    cr_assert_eq(test_run(args, &out), 0);
    static const char header[] = "queue,date,time,open_min,calls,agents,service_level,asa_s,abandon_rate,"
                                 "occupancy\n";
    cr_assert(strncmp(out, header, strlen(header)) == 0, "%.120s", out);
    cr_assert_not_null(strstr(out, "\n\"adults-social-care\",2026-03-09,09:00,30.00,"), "%.300s", out);
    cr_assert_not_null(strstr(out, "\n\"housing-benefits\",2026-03-12,17:00,15.00,"));
    size_t rows = 0;
    for (const char *c = out; *c; c++)
        rows += *c == '\n';
    cr_assert_eq(rows, 1 + 11 * 84, "header + 84 open half hours × 11 queues");
    free(out);
    snprintf(args, sizeof args, "tests/data/weekdays.cfg --method simulation --replications 6 --csv %s", path);
    cr_assert_eq(plan(args, 0, &out), 0);
    free(out);
    snprintf(args, sizeof args, "head -2 %s", path);
    cr_assert_eq(test_run(args, &out), 0);
    cr_assert(strstr(out, "agents_simulated,service_level_simulated") && strstr(out, "agents_analytic"), "%s", out);
    cr_assert_not_null(strstr(out, "\n\"tax\",2026-01-09,09:00,60.00,10.0000,"), "%s", out);
    free(out);
    unlink(path);
}

/* Horizons longer than a week get a day-by-day summary in text; a week does not. */
Test(cli_plan, day_by_day_summary_past_a_week)
{
    char *out;
    cr_assert_eq(plan("scenarios/barnet/christmas.cfg", 0, &out), 0);
    const char *days = strstr(out, "\nBy day\n");
    cr_assert_not_null(days, "%s", out);
    cr_assert_not_null(strstr(days, "\n  2026-12-21 Mon "), "%s", days);
    cr_assert_not_null(strstr(days, "\n  2026-12-25 Fri        0.0        0.0      0     0.00        -\n"), "%s",
                       days);
    cr_assert_not_null(strstr(days, "\n  2027-01-03 Sun "), "%s", days);
    free(out);
    cr_assert_eq(plan("scenarios/barnet/baseline.cfg", 0, &out), 0);
    cr_assert_null(strstr(out, "By day"));
    free(out);
}

/* The Barnet baseline with text replaced (every occurrence of each pair), written next
 * to it so that its @include paths resolve; returns the path (free and unlink it). */
static char *barnet_variant(const char *const *from, const char *const *to, size_t n)
{
    FILE *f = fopen("scenarios/barnet/baseline.cfg", "r");
    cr_assert_not_null(f);
    static char text[65536], next[65536];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    for (size_t k = 0; k < n; k++) {
        char *o = next;
        for (const char *p = text; *p;) {
            if (!strncmp(p, from[k], strlen(from[k]))) {
                o += sprintf(o, "%s", to[k]);
                p += strlen(from[k]);
            } else {
                *o++ = *p++;
            }
        }
        *o = '\0';
        memcpy(text, next, (size_t)(o - next) + 1);
    }
    char *path = malloc(128);
    snprintf(path, 128, "scenarios/barnet/.variant-%ld.cfg", (long)getpid());
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Easter Monday, a bank holiday: an annual volume gives it no demand (the year's
 * calls go to the days callers can ring), so nothing piles up. A weekly volume does
 * give it demand: with "next-open" all of it lands in Tuesday 09:00 and a warning
 * says so; with "spread" it is spread over Tuesday. */
Test(cli_plan, closed_day_demand_is_spread_or_warned)
{
    const char *from[] = { "start = \"2026-03-09\";" }, *to[] = { "start = \"2026-04-06\";" };
    const char *from2[] = { from[0], "per = \"year\"" }, *to2[] = { to[0], "per = \"week\"" };
    const char *from3[] = { from[0], "per = \"year\"", "when_closed = \"next-open\"" },
               *to3[] = { to[0], "per = \"week\"", "when_closed = \"spread\"" };
    char *path = barnet_variant(from, to, 1), args[512], *out;
    snprintf(args, sizeof args, "%s --json", path);
    cr_assert_eq(plan(args, 1, &out), 0);
    cr_assert_lt((long)json_num(out, "agents_required_peak"), 100);
    cr_assert_null(strstr(out, "warning"), "%s", out);
    free(out);
    unlink(path);
    free(path);

    path = barnet_variant(from2, to2, 2);
    snprintf(args, sizeof args, "%s --json", path);
    cr_assert_eq(plan(args, 0, &out), 0);
    long piled = (long)json_num(out, "agents_required_peak");
    char says[128];
    snprintf(says, sizeof says, "Tue 09:00 (day 2) needs %ld agents", piled);
    cr_assert_not_null(strstr(out, says), "%s", out);
    free(out);
    snprintf(args, sizeof args, "%s plan %s 2>&1 >/dev/null", test_ccsim(), path);
    cr_assert_eq(test_run(args, &out), 0);
    cr_assert_not_null(strstr(out, "ccsim plan: warning: Tue 09:00 (day 2) needs "), "%s", out);
    free(out);
    unlink(path);
    free(path);

    path = barnet_variant(from3, to3, 3);
    snprintf(args, sizeof args, "%s --json", path);
    cr_assert_eq(plan(args, 1, &out), 0);
    long peak = (long)json_num(out, "agents_required_peak");
    cr_assert(peak < piled / 5, "spread: peak %ld, next-open %ld", peak, piled);
    cr_assert_null(strstr(out, "warning"), "%s", out);
    free(out);
    unlink(path);
    free(path);
}

/* Hours 08:00-18:00 with a profile that is 0 outside 09:00-17:15: a warning names the
 * open intervals with no demand. With the whole-day profile masked by the hours
 * ("spread"), the demand follows the hours. */
#define HOURS_0800_1800_FTE 117.07
Test(cli_plan, hours_move_demand_with_a_whole_day_profile)
{
    const char *from[] = { "open = \"09:00\"; close = \"17:15\"", "open = \"09:00\"; close = \"17:00\"" },
               *to[] = { "open = \"08:00\"; close = \"18:00\"", "open = \"08:00\"; close = \"18:00\"" };
    char *path = barnet_variant(from, to, 2), args[512], *out;
    snprintf(args, sizeof args, "%s plan %s 2>&1 >/dev/null", test_ccsim(), path);
    cr_assert_eq(test_run(args, &out), 0);
    const char *w = strstr(out, "warning: queue adults-social-care is open in ");
    cr_assert_not_null(w, "%s", out);
    cr_assert_not_null(strstr(w, " intervals with no demand (first: Mon 08:00 (day 1))"), "%s", out);
    free(out);
    unlink(path);
    free(path);
    const char *from2[] = { from[0], from[1], "when_closed = \"next-open\"", "council-weekday-0900-1715-30min.cfg" },
               *to2[] = { to[0], to[1], "when_closed = \"spread\"", "council-weekday-30min.cfg" };
    path = barnet_variant(from2, to2, 4);
    snprintf(args, sizeof args, "%s --json", path);
    cr_assert_eq(plan(args, 1, &out), 0);
    cr_assert_float_eq(json_num(out, "fte"), HOURS_0800_1800_FTE, 0.005);
    cr_assert_null(strstr(out, "warning"), "%s", out);
    free(out);
    unlink(path);
    free(path);
}

/* Bad values of the planner's inputs: exit 1, one line naming file:line and field. */
Test(cli_plan, bad_planner_values_name_file_line_and_field)
{
    static const struct {
        const char *field_line, *says;
    } cases[] = {
        { "  demand = { volume = 100.0; per = \"day\"; intraday_profile = [ 1.0, 2.0 ]; };\n",
          ":5: queues[0].demand.intraday_profile must have 1440/interval_min = 48 weights" },
        { "  non_staff_cost_per_contact = -0.5; calls_per_interval = 10.0;\n",
          ":5: queues[0].non_staff_cost_per_contact must be >= 0 (got -0.5)" },
        { "  demand = { volume = 100.0; per = \"fortnight\"; intraday_profile = [ 1.0 ]; };\n",
          ":5: queues[0].demand.per must be one of day, week, year, month" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[2048];
        snprintf(text, sizeof text,
                 "name = \"bad\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
                 "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
                 "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
                 "queues = ( { name = \"a\"; channel = \"phone\";\n"
                 "%s"
                 "  handling = { dist = \"exponential\"; mean_s = 180.0; }; } );\n", cases[k].field_line);
        char *cfg = test_write_cfg(text), *out;
        cr_assert_eq(plan(cfg, 1, &out), 1, "case %zu: %s", k, out);
        cr_assert_not_null(strstr(out, cases[k].says), "case %zu: %s", k, out);
        cr_assert_not_null(strstr(out, cfg), "case %zu names the file: %s", k, out);
        char *nl = strchr(out, '\n');
        cr_assert(nl && nl[1] == '\0', "one line: %s", out);
        free(out);
        unlink(cfg);
        free(cfg);
    }
}

/* The channels object of the CLI contract: volume, fte, cost, cost_per_contact,
 * service_level per channel; with one channel, the totals. */
Test(cli_plan, channels_object)
{
    char *out;
    cr_assert_eq(plan("scenarios/barnet/baseline.cfg --json", 0, &out), 0);
    const char *ch = strstr(out, "\"channels\": {\"phone\": {");
    cr_assert_not_null(ch, "%s", out);
    cr_assert_float_eq(json_num(ch, "volume"), json_num(out, "calls_per_year"), 1e-6);
    cr_assert_float_eq(json_num(ch, "fte"), json_num(out, "fte"), 1e-6);
    cr_assert_float_eq(json_num(ch, "cost"), json_num(out, "cost_total"), 1e-3);
    cr_assert_float_eq(json_num(ch, "cost_per_contact"), json_num(out, "cost_total") / json_num(out, "calls_per_year"),
                       1e-9);
    cr_assert_float_eq(json_num(ch, "service_level"), json_num(strstr(out, "\"lost_calls\""), "service_level"), 1e-9);
    free(out);
}

/* --csv to a folder that does not exist: exit 2 naming the file before any work,
 * nothing left;
 * --sensitivity without a workforce section: exit 1. */
Test(cli_plan, csv_and_sensitivity_failures)
{
    char *out;
    cr_assert_eq(plan("tests/data/partly-open.cfg --csv /nonexistent-dir/plan.csv", 1, &out), 2, "%s", out);
    cr_assert_not_null(strstr(out, "--csv /nonexistent-dir/plan.csv: folder /nonexistent-dir cannot be used"), "%s",
                       out);
    free(out);
    cr_assert_neq(access("/nonexistent-dir/plan.csv", F_OK), 0);
    cr_assert_eq(plan("tests/data/partly-open.cfg --sensitivity", 1, &out), 1, "%s", out);
    cr_assert_not_null(strstr(out, "partly-open.cfg: the sensitivity of FTE needs the scenario's workforce section"),
                       "%s", out);
    free(out);
}

/* A queue with lines and redials names its method, Erlang X, and its redials and
 * blocked calls; the calls include the redials. */
Test(cli_plan, erlang_x_queue_names_its_method)
{
    static const char text[] =
        "name = \"x\";\n"
        "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20; };\n"
        "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 300.0;\n"
        "  handling = { dist = \"exponential\"; mean_s = 300; };\n"
        "  patience = { dist = \"exponential\"; mean_s = 90; };\n"
        "  lines = 60; redial = { share = 0.6; delay = { dist = \"exponential\"; mean_s = 600.0; }; }; } );\n"
        "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = 1; } );\n";
    char *cfg = test_write_cfg(text), args[512], *out;
    snprintf(args, sizeof args, "%s --method erlang-a --json", cfg);
    cr_assert_eq(plan(args, 0, &out), 0);
    const char *q = strstr(out, "\"queues\": {\"q\": {");
    cr_assert_not_null(q, "%s", out);
    cr_assert_not_null(strstr(q, "\"model\": \"erlang-x\", \"method\": \"erlang-x\""), "%s", q);
    cr_assert_eq(json_num(q, "lines"), 60);
    double redials = json_num(q, "redials");
    cr_assert(redials > 0 && json_num(q, "blocked") > 0, "%s", q);
    cr_assert_float_eq(json_num(q, "calls"), 600 + redials, 1e-6);
    free(out);
    unlink(cfg);
    free(cfg);
}

/* Every channel of the analytic planner in one scenario: each queue names the
 * method its figures rest on, and the notes say what each assumes. */
Test(cli_plan, every_channel_names_its_method)
{
    char *out;
    cr_assert_eq(plan("tests/data/channels-analytic.cfg --method erlang-a --json", 0, &out), 0);
    static const char *const want[][2] = {
        { "\"phone\": {", "\"method\": \"erlang-x\"" },
        { "\"email\": {", "\"method\": \"workload\"" },
        { "\"chat\": {", "\"method\": \"erlang-a-concurrency\", \"approximation\": true" },
        { "\"web\": {", "\"method\": \"self-service\"" },
        { "\"specialist\": {", "\"handed_on\": " },
        { "\"phone-callback\": {", "\"called_back\": " },
    };
    const char *queues = strstr(out, "\"queues\": {");
    cr_assert_not_null(queues, "%s", out);
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const char *q = strstr(queues, want[k][0]);
        cr_assert_not_null(q, "%s missing", want[k][0]);
        const char *end = strchr(q, '}');
        const char *m = strstr(q, want[k][1]);
        cr_assert(m && m < end, "%s lacks %s", want[k][0], want[k][1]);
    }
    cr_assert_not_null(strstr(out, "workload method"), "%s", out);
    cr_assert_not_null(strstr(out, "an approximation"), "%s", out);
    cr_assert_eq(json_num(strstr(queues, "\"web\": {"), "fte"), 0);
    free(out);
}
