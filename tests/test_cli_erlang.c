/* test_cli_erlang.c — `ccsim erlang` end to end: runs the built binary (path in
 * $CCSIM, else ./build/ccsim) and checks its JSON, text, stderr and exit codes. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const char *ccsim(void)
{
    const char *p = getenv("CCSIM");
    return p && *p ? p : "./build/ccsim";
}

/* Runs `ccsim erlang ARGS`, keeping stdout (stream 1) or stderr (stream 2) in
 * buf; returns the exit status. */
static int run(const char *args, int stream, char *buf, size_t n)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, stream == 1 ? "%s erlang %s 2>/dev/null" : "%s erlang %s 2>&1 >/dev/null",
             ccsim(), args);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "popen %s", cmd);
    size_t got = fread(buf, 1, n - 1, p);
    buf[got] = '\0';
    int st = pclose(p);
    cr_assert(WIFEXITED(st), "%s did not exit normally", cmd);
    return WEXITSTATUS(st);
}

/* The number after "key": in a JSON text; fails the test if absent. */
static double json_num(const char *json, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *at = strstr(json, pat);
    cr_assert_not_null(at, "key %s missing from %s", key, json);
    char *end;
    double v = strtod(at + strlen(pat), &end);
    cr_assert(end != at + strlen(pat), "key %s has no number in %s", key, json);
    return v;
}

static int has_key(const char *json, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    return strstr(json, pat) != NULL;
}

/* stdout is exactly one JSON object on one line. */
static void single_object(const char *out)
{
    size_t n = strlen(out);
    cr_assert(n > 2 && out[0] == '{' && out[n - 1] == '\n' && out[n - 2] == '}', "not one object: %s", out);
    cr_assert_null(memchr(out, '\n', n - 1), "more than one line: %s", out);
    int depth = 0, in_string = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        char c = out[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{') {
            depth++;
        } else if (c == '}') {
            depth--;
            cr_assert(depth > 0 || i == n - 2, "text after the object: %s", out);
        }
    }
    cr_assert_eq(depth, 0);
}

static void rel(double got, double want, double tol, const char *what)
{
    cr_assert(fabs(got - want) <= tol * fabs(want), "%s: got %.10g want %.10g", what, got, want);
}

Test(cli_erlang, erlang_c_json_reference)
{
    char out[4096], err[4096];
    const char *args = "--calls 600 --aht 240 --agents 88 --json";
    cr_assert_eq(run(args, 1, out, sizeof out), 0);
    single_object(out);
    cr_assert(strstr(out, "\"model\": \"erlang-c\""), "%s", out);
    rel(json_num(out, "service_level"), 0.854297786, 1e-6, "service_level");
    rel(json_num(out, "service_level_answered"), 0.854297786, 1e-6, "service_level_answered");
    rel(json_num(out, "p_wait"), 0.283789163, 1e-6, "p_wait");
    rel(json_num(out, "asa_s"), 8.513674889, 1e-6, "asa_s");
    rel(json_num(out, "occupancy"), 0.909091, 1e-6, "occupancy");
    rel(json_num(out, "load_erlangs"), 80, 1e-9, "load");
    cr_assert_eq(json_num(out, "agents"), 88);
    cr_assert_eq(json_num(out, "calls"), 600);
    cr_assert_eq(json_num(out, "interval_s"), 1800);
    cr_assert_eq(json_num(out, "aht_s"), 240);
    cr_assert(!has_key(out, "p_abandon") && !has_key(out, "fte"), "%s", out);
    cr_assert_eq(run(args, 2, err, sizeof err), 0);
    cr_assert_str_empty(err);
}

Test(cli_erlang, erlang_a_json_reference)
{
    char out[4096];
    cr_assert_eq(run("--calls 600 --aht 240 --agents 88 --patience 300 --json", 1, out, sizeof out), 0);
    single_object(out);
    cr_assert(strstr(out, "\"model\": \"erlang-a\""), "%s", out);
    rel(json_num(out, "p_wait"), 0.207797836, 1e-6, "p_wait");
    rel(json_num(out, "p_abandon"), 0.010610189, 1e-6, "p_abandon");
    rel(json_num(out, "service_level"), 0.932126940, 1e-6, "service_level");
    rel(json_num(out, "service_level_answered"), 0.942123044, 1e-6, "service_level_answered");
    rel(json_num(out, "asa_s"), 3.073508189, 1e-6, "asa_s");
    double x = json_num(out, "service_level_excl_short");
    cr_assert(x > 0.932126940 && x < 0.942123044, "excl_short %g", x);
}

Test(cli_erlang, erlang_a_below_the_load)
{
    char out[4096];
    cr_assert_eq(run("--calls 600 --aht 240 --agents 70 --patience 300 --json", 1, out, sizeof out), 0);
    single_object(out);
    cr_assert_eq(json_num(out, "agents"), 70);
    cr_assert_gt(json_num(out, "p_abandon"), 1 - 70.0 / 80);
}

Test(cli_erlang, target_gives_the_minimum_and_accepts_percent)
{
    char a[4096], b[4096];
    cr_assert_eq(run("--calls 600 --aht 240 --target 0.8 --json", 1, a, sizeof a), 0);
    cr_assert_eq(run("--calls 600 --aht 240 --target 80 --json", 1, b, sizeof b), 0);
    single_object(a);
    cr_assert_eq(json_num(a, "agents"), 87);
    cr_assert_eq(json_num(b, "agents"), 87);
    cr_assert_geq(json_num(a, "service_level"), 0.8);
    /* 250 calls an hour, AHT 330 s, 80% in 30 s: 28 agents. */
    cr_assert_eq(run("--calls 250 --interval 60 --aht 330 --within 30 --target 80 --json", 1, a, sizeof a), 0);
    cr_assert_eq(json_num(a, "agents"), 28);
    cr_assert_eq(json_num(a, "interval_s"), 3600);
    cr_assert_eq(run("--calls 600 --aht 240 --target 80 --patience 300 --json", 1, a, sizeof a), 0);
    cr_assert_lt(json_num(a, "agents"), 87);
    cr_assert_geq(json_num(a, "service_level"), 0.8);
}

Test(cli_erlang, decimals_and_shrinkage)
{
    char out[4096];
    cr_assert_eq(run("--calls 612.5 --aht 240.5 --interval 30 --within 15.5 --agents 90 --shrinkage 0.35 --json",
                     1, out, sizeof out), 0);
    single_object(out);
    rel(json_num(out, "load_erlangs"), 612.5 * 240.5 / 1800, 1e-9, "load");
    rel(json_num(out, "fte"), 90 / 0.65, 1e-9, "fte");
}

Test(cli_erlang, text_output_and_help)
{
    char out[8192];
    cr_assert_eq(run("--calls 600 --aht 240 --agents 88", 1, out, sizeof out), 0);
    cr_assert(strstr(out, "Erlang C") && strstr(out, "85.4298%") && strstr(out, "88"), "%s", out);
    cr_assert_neq(out[0], '{');
    cr_assert_eq(run("--help", 1, out, sizeof out), 0);
    cr_assert(strstr(out, "usage: ccsim erlang") && strstr(out, "--patience"), "%s", out);
}

/* Every class of bad input: exit 1, nothing on stdout, one line on stderr that
 * names the flag and what it accepts. */
static void rejects(const char *args, const char *flag, const char *range)
{
    char out[4096], err[4096];
    cr_assert_eq(run(args, 1, out, sizeof out), 1, "exit status for: %s", args);
    cr_assert_str_empty(out, "stdout for %s: %s", args, out);
    cr_assert_eq(run(args, 2, err, sizeof err), 1);
    size_t n = strlen(err);
    cr_assert(n > 0 && err[n - 1] == '\n' && !memchr(err, '\n', n - 1), "not one line for %s: %s", args, err);
    cr_assert(strstr(err, flag), "'%s' not named for %s: %s", flag, args, err);
    cr_assert(strstr(err, range), "range '%s' not given for %s: %s", range, args, err);
}

Test(cli_erlang, bad_input_exits_1_with_one_line)
{
    rejects("--calls 600 --aht -240 --agents 88 --json", "--aht", "> 0");
    rejects("--calls 600 --aht 240 --target 120 --json", "--target", "(1, 100)");
    rejects("--calls 600 --aht 240 --target 0 --json", "--target", "(0, 1)");
    rejects("--calls 600 --aht 240 --agents 80 --json", "--agents", "> the load of 80");
    rejects("--calls 600 --aht 240 --agents 50", "--agents", "--patience");
    rejects("--calls 600 --aht 240 --agents 88 --bogus", "--bogus", "--calls");
    rejects("--calls lots --aht 240 --agents 88", "--calls", ">= 0");
    rejects("--calls 600 --aht 240 --agents 8.5", "--agents", "whole number");
    rejects("--calls 600 --aht 240 --agents 88 --within x", "--within", ">= 0");
    rejects("--calls 600 --aht 240 --agents 88 --patience 0", "--patience", "> 0");
    rejects("--calls 600 --aht 240 --agents 88 --shrinkage 1", "--shrinkage", "[0, 1)");
    rejects("--calls 600 --aht 240 --agents 88 --target 0.8", "--agents", "--target");
    rejects("--calls 600 --aht 240", "--agents", "--target");
    rejects("--aht 240 --agents 88", "--calls", ">= 0");
    rejects("--calls 600 --agents 88", "--aht", "> 0");
    rejects("--calls 600 --aht 240 --agents", "--agents", "whole number");
}

Test(cli_erlang, erlang_x_json_adds_keys)
{
    char out[4096];
    cr_assert_eq(run("--calls 1800 --aht 1 --interval 30 --lines 1 --redial-share 0.5 --agents 1 --json",
                     1, out, sizeof out), 0);
    single_object(out);
    cr_assert(strstr(out, "\"model\": \"erlang-x\""), "%s", out);
    /* One agent, one line, fresh load 1, half the blocked redial: load sqrt 2. */
    cr_assert(fabs(json_num(out, "offered_calls") - 1800 * sqrt(2)) < 1e-6, "%s", out);
    cr_assert(fabs(json_num(out, "p_blocked") - sqrt(2) / (1 + sqrt(2))) < 1e-9, "%s", out);
    cr_assert_eq(json_num(out, "lines"), 1);
    cr_assert(!has_key(out, "p_abandon") && !has_key(out, "redial_delay_s"), "%s", out);
    /* A delay as long as the interval: e^-1 of the redials land in it. */
    cr_assert_eq(run("--calls 300 --aht 300 --patience 90 --redial-share 0.6 --redial-delay 1800 "
                     "--target 80 --json", 1, out, sizeof out), 0);
    double fail = json_num(out, "p_abandon") * json_num(out, "offered_calls");
    cr_assert(fabs(json_num(out, "redials") - 0.6 * exp(-1) * fail) < 1e-6, "%s", out);
    cr_assert(json_num(out, "service_level") >= 0.8, "%s", out);
    cr_assert(!has_key(out, "lines"), "%s", out);
}

Test(cli_erlang, erlang_x_bad_input)
{
    rejects("--calls 600 --aht 240 --agents 88 --lines 0", "--lines", "whole number");
    rejects("--calls 600 --aht 240 --agents 88 --redial-share 1.5", "--redial-share", "[0, 1]");
    rejects("--calls 600 --aht 240 --agents 88 --redial-delay 60", "--redial-delay", "--redial-share");
    rejects("--calls 600 --aht 240 --target 0.8 --lines 50", "50 lines", "never answer");
}

/* More agents than lines: the answer is the lines' (agents beyond them never answer),
 * and a note on stderr says so, leaving stdout's JSON alone. */
Test(cli_erlang, agents_beyond_the_lines_get_a_note)
{
    char buf[4096];
    const char *args = "--calls 300 --aht 300 --agents 70 --lines 60 --json";
    cr_assert_eq(run(args, 2, buf, sizeof buf), 0);
    cr_assert_not_null(strstr(buf, "note: 70 agents but 60 lines"), "%s", buf);
    cr_assert_eq(run(args, 1, buf, sizeof buf), 0);
    cr_assert_eq(buf[0], '{', "%s", buf);
    cr_assert_eq(json_num(buf, "lines"), 60);
}
