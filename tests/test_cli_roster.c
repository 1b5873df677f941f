/* test_cli_roster.c — `ccsim roster` end to end: a flat requirement rostered exactly,
 * the JSON keys, the CSV and HDF5 files, and the exit-1 errors (infeasible shift
 * rules, no roster section). */
#include "tests/support.h"

#include <criterion/criterion.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 30 calls every half hour 09:00-17:00: Erlang C gives the same agents in every
 * interval, so 8-hour shifts from 09:00 cover it exactly. */
#define FLAT \
    "name = \"flat\";\n" \
    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n" \
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"%s\"; } ); };\n" \
    "targets = { service_level = 0.8; answer_within_s = 20; };\n" \
    "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 30.0;\n" \
    "  handling = { dist = \"exponential\"; mean_s = 300; }; } );\n" \
    "workforce = { shrinkage = 0.3; paid_hours_per_week = 40.0; cost_per_fte_year = 30000; };\n" \
    "%s\n"

#define EIGHT_HOURS "roster = { shifts = ( { name = \"day\"; length_min = 480; earliest_start = \"07:00\";\n" \
                    "  latest_start = \"10:00\"; } ); };"

static char *flat(const char *close, const char *roster)
{
    char text[2048];
    snprintf(text, sizeof text, FLAT, close, roster);
    return test_write_cfg(text);
}

static int roster(const char *args, int with_stderr, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s roster %s %s", test_ccsim(), args, with_stderr ? "2>&1" : "2>/dev/null");
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

Test(cli_roster, flat_requirement_is_rostered_exactly)
{
    char *cfg = flat("17:00", EIGHT_HOURS), args[512], *out, *plan;
    snprintf(args, sizeof args, "%s --json --replications 20", cfg);
    cr_assert_eq(roster(args, 0, &out), 0);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s plan %s --json 2>/dev/null", test_ccsim(), cfg);
    cr_assert_eq(test_run(cmd, &plan), 0);
    double agents = json_num(plan, "agents_required_peak");
    cr_assert_gt(agents, 5);
    cr_assert_eq(out[0], '{');
    cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "one line: %s", out);
    static const char *const keys[] = { "shifts", "headcount", "fte", "inefficiency", "paid_hours",
                                        "required_agent_hours", "solver", "simulation", "p_day_meets_target" };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        char pat[64];
        snprintf(pat, sizeof pat, "\"%s\": ", keys[k]);
        cr_assert_not_null(strstr(out, pat), "key %s missing", keys[k]);
    }
    cr_assert_float_eq(json_num(out, "shift_count"), agents, 1e-9);
    cr_assert_float_eq(json_num(out, "headcount"), agents, 1e-9);
    cr_assert_float_eq(json_num(out, "inefficiency"), 1.0, 1e-12);
    cr_assert_float_eq(json_num(out, "paid_hours"), 8.0 * agents, 1e-9);
    cr_assert_not_null(strstr(out, "\"start\": \"09:00\", \"end\": \"17:00\""), "%s", out);
    free(out);
    free(plan);
    unlink(cfg);
    free(cfg);
}

/* The requirement by simulation: the plan corrected by simulation, then rostered. */
Test(cli_roster, method_simulation)
{
    char *cfg = flat("17:00", EIGHT_HOURS), args[512], *out;
    snprintf(args, sizeof args, "%s --json --method simulation --replications 20", cfg);
    cr_assert_eq(roster(args, 0, &out), 0);
    cr_assert_not_null(strstr(out, "\"method\": \"simulation\""), "%s", out);
    cr_assert_gt(json_num(out, "shift_count"), 0);
    /* One day: each person works one shift. Paid hours never fall below the requirement. */
    cr_assert_float_eq(json_num(out, "headcount"), json_num(out, "shift_count"), 1e-9);
    cr_assert_geq(json_num(out, "inefficiency"), 1.0 - 1e-12);
    cr_assert_float_eq(json_num(out, "paid_hours"), 8.0 * json_num(out, "shift_count"), 1e-9);
    free(out);
    unlink(cfg);
    free(cfg);
}

Test(cli_roster, csv_and_hdf5)
{
    char *cfg = flat("17:00", EIGHT_HOURS), args[1024], *out;
    char dir[] = "/tmp/ccsim-roster-XXXXXX", csv[256], h5[256];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/roster.csv", dir);
    snprintf(h5, sizeof h5, "%s/roster.h5", dir);
    snprintf(args, sizeof args, "%s --replications 20 --csv %s --out %s", cfg, csv, h5);
    cr_assert_eq(roster(args, 0, &out), 0);
    cr_assert_not_null(strstr(out, "inefficiency 1.000"), "%s", out);
    FILE *f = fopen(csv, "r");
    cr_assert_not_null(f);
    char line[512];
    cr_assert_not_null(fgets(line, sizeof line, f));
    cr_assert_str_eq(line, "group,shift,date,start,end,break_1,break_2,break_3,count,paid_hours\n");
    cr_assert_not_null(fgets(line, sizeof line, f));
    cr_assert_eq(strncmp(line, "\"q\",\"day\",2026-01-05,09:00,17:00,,,,", 36), 0, "%s", line);
    fclose(f);
    hid_t file = H5Fopen(h5, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0);
    cr_assert_eq(test_h5_rows(file, "shifts"), 1);
    cr_assert_eq(test_h5_rows(file, "intervals"), 48);
    cr_assert(test_h5_has_column(file, "intervals", "service_level_simulated"));
    H5Fclose(file);
    unlink(csv);
    unlink(h5);
    rmdir(dir);
    free(out);
    unlink(cfg);
    free(cfg);
}

Test(cli_roster, no_shift_fits_the_opening_hours_is_exit_1)
{
    char *cfg = flat("20:00", EIGHT_HOURS), args[512], *out;
    snprintf(args, sizeof args, "%s --json --replications 20", cfg);
    cr_assert_eq(roster(args, 1, &out), 1);
    cr_assert_not_null(strstr(out, cfg), "%s", out);
    cr_assert_not_null(strstr(out, "roster.shifts: no shift of group \"q\" covers Mon 18:00 (day 1)"), "%s", out);
    cr_assert_not_null(strstr(out, "end by 18:00"), "%s", out);
    cr_assert_eq(strchr(out, '\n'), out + strlen(out) - 1, "one line: %s", out);
    free(out);
    unlink(cfg);
    free(cfg);
}

Test(cli_roster, needs_a_roster_section)
{
    char *cfg = flat("17:00", ""), args[512], *out;
    snprintf(args, sizeof args, "%s --replications 20", cfg);
    cr_assert_eq(roster(args, 1, &out), 1);
    cr_assert_not_null(strstr(out, "roster is required for ccsim roster"), "%s", out);
    free(out);
    unlink(cfg);
    free(cfg);
}
