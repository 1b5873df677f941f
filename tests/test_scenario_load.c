/* test_scenario_load.c — the libconfig scenario loader: the reference scenarios load
 * with the right derived timeline, the fields of issue 7 (sites, concurrency,
 * disciplines, per-queue targets, traces, the timeline) load as documented, and every
 * bad input is refused with a message naming the file, the line and the field. */
#include "io/scenario_load.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ----------------------------------------------------------------------- */

static cc_scenario *load_ok(const char *path)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    int rc = cc_scenario_load(path, &s, &err);
    cr_assert_eq(rc, CC_OK, "%s: status %d: %s", path, rc, err.msg);
    cr_assert_not_null(s);
    return s;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Writes text to a fresh temporary directory as `name`, loads it, removes it again.
 * Returns the status; *out and err as cc_scenario_load leaves them. */
static int load_text(const char *name, const char *text, cc_scenario **out, cc_error *err)
{
    char dir[] = "/tmp/ccsim-load-XXXXXX";
    char path[256];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    fclose(f);
    int rc = cc_scenario_load(path, out, err);
    unlink(path);
    rmdir(dir);
    return rc;
}

/* A valid scenario; the line numbers matter to the error tests below. */
static const char BASE[] =
    "name = \"base\";\n"                                                           /*  1 */
    "calendar = {\n"                                                               /*  2 */
    "  start = \"2026-01-05\";\n"                                                  /*  3 */
    "  days = 1;\n"                                                                /*  4 */
    "  interval_min = 30;\n"                                                       /*  5 */
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } );\n"  /*  6 */
    "};\n"                                                                         /*  7 */
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"                  /*  8 */
    "queues = (\n"                                                                 /*  9 */
    "  { name = \"general\"; channel = \"phone\";\n"                               /* 10 */
    "    calls_per_interval = 100;\n"                                              /* 11 */
    "    handling = { dist = \"exponential\"; mean_s = 240; };\n"                  /* 12 */
    "    patience = { dist = \"exponential\"; mean_s = 300; }; },\n"               /* 13 */
    "  { name = \"council\"; channel = \"phone\"; calls_per_interval = 50;\n"      /* 14 */
    "    handling = { dist = \"lognormal\"; mean_s = 280; cv = 0.8; }; }\n"        /* 15 */
    ");\n"                                                                         /* 16 */
    "groups = (\n"                                                                 /* 17 */
    "  { name = \"a\"; serves = [ \"general\", \"council\" ]; agents = 20; }\n"     /* 18 */
    ");\n"                                                                         /* 19 */
    "simulation = { replications = 10; seed = 3; };\n"                             /* 20 */
    "workforce = { shrinkage = 0.3; paid_hours_per_week = 37.5; };\n";             /* 21 */

/* text with the first occurrence of `find` replaced by `repl`; the caller frees it. */
static char *replace_in(const char *text, const char *find, const char *repl)
{
    const char *at = strstr(text, find);
    cr_assert_not_null(at, "test bug: \"%s\" is not in the text", find);
    size_t pre = (size_t)(at - text), flen = strlen(find), rlen = strlen(repl);
    char *t = malloc(strlen(text) - flen + rlen + 1);
    cr_assert_not_null(t);
    memcpy(t, text, pre);
    memcpy(t + pre, repl, rlen);
    strcpy(t + pre + rlen, at + flen);
    return t;
}

static char *variant(const char *find, const char *repl)
{
    return replace_in(BASE, find, repl);
}

/* BASE with two replacements, for changes that span several lines. */
static char *variant2(const char *find1, const char *repl1, const char *find2, const char *repl2)
{
    char *t1 = variant(find1, repl1);
    char *t2 = replace_in(t1, find2, repl2);
    free(t1);
    return t2;
}

/* Loads text as `name` and checks that it fails with bad input and that the message
 * holds each of the expected fragments (file:line:, field path, accepted, got). */
static void expect_bad_text(const char *name, const char *text, const char *const *want)
{
    cc_scenario *s = (cc_scenario *)0x1;
    cc_error err = { 0 };
    int rc = load_text(name, text, &s, &err);
    cr_assert_eq(rc, CC_EINPUT, "status %d, message: %s", rc, err.msg);
    cr_assert_eq(err.status, CC_EINPUT);
    cr_assert_null(s);
    cr_assert_null(strchr(err.msg, '\n'), "message is not one line: %s", err.msg);
    for (; *want; want++)
        cr_assert_not_null(strstr(err.msg, *want), "\"%s\" is not in the message: %s", *want,
                           err.msg);
}

#define EXPECT_BAD(find, repl, ...)                                                 \
    do {                                                                            \
        char *text_ = variant(find, repl);                                          \
        expect_bad_text("bad.cfg", text_, (const char *const[]){ __VA_ARGS__, NULL }); \
        free(text_);                                                                \
    } while (0)

/* ---- the reference scenarios --------------------------------------------------------- */

Test(scenario_load, ref_erlang_c)
{
    cc_scenario *s = load_ok("scenarios/ref-erlang-c.cfg");
    cr_assert_str_eq(s->path, "scenarios/ref-erlang-c.cfg");
    cr_assert_str_eq(s->name, "ref-erlang-c");
    cr_assert_not_null(s->description);
    char *text = slurp("scenarios/ref-erlang-c.cfg");
    cr_assert_str_eq(s->text, text);
    free(text);

    cr_assert_eq(s->calendar.year, 2026);
    cr_assert_eq(s->calendar.month, 1);
    cr_assert_eq(s->calendar.day, 5);
    cr_assert_eq(s->calendar.first_weekday, 0);     /* Monday */
    cr_assert_eq(s->calendar.days, 1);
    cr_assert_eq(s->calendar.interval_min, 30);
    cr_assert_eq(s->calendar.n_hours, 1);
    cr_assert_eq(s->calendar.hours[0].days_mask, 0x7f);
    cr_assert_eq(s->calendar.hours[0].open_min, 8 * 60);
    cr_assert_eq(s->calendar.hours[0].close_min, 16 * 60);

    cr_assert_eq(s->intervals_per_day, 48);
    cr_assert_eq(s->n_intervals, 48);
    cr_assert_eq(s->interval_s, 1800.0);
    cr_assert_eq(s->n_open_intervals, 16);
    cr_assert(cc_scenario_is_open(s, 16));
    cr_assert_eq(s->open_from_s[16], 0.0);
    cr_assert_eq(s->open_to_s[16], 1800.0);
    cr_assert(!cc_scenario_is_open(s, 15));
    cr_assert(cc_scenario_is_open(s, 31));
    cr_assert(!cc_scenario_is_open(s, 32));

    cr_assert_eq(s->targets.service_level, 0.80);
    cr_assert_eq(s->targets.answer_within_s, 20.0);
    cr_assert_eq(s->targets.asa_s, 0.0);
    cr_assert_eq(s->targets.max_abandon_rate, 0.0);
    cr_assert_eq(s->targets.max_occupancy, 0.0);

    cr_assert_eq(s->n_queues, 1);
    const cc_queue *q = &s->queues[0];
    cr_assert_str_eq(q->name, "general");
    cr_assert_eq(q->channel, CC_CHANNEL_PHONE);
    cr_assert_eq(q->priority, 0);
    cr_assert_eq(q->calls[16], 600.0);
    cr_assert_eq(q->calls[31], 600.0);
    cr_assert_eq(q->calls[0], 0.0);
    cr_assert_eq(q->calls[32], 0.0);
    cr_assert_eq(q->handling.kind, CC_DIST_EXPONENTIAL);
    cr_assert_eq(q->handling.mean_s, 240.0);
    cr_assert_eq(q->patience.kind, CC_DIST_NONE);

    cr_assert_eq(s->n_groups, 1);
    cr_assert_str_eq(s->groups[0].name, "agents");
    cr_assert_eq(s->groups[0].n_serves, 1);
    cr_assert_eq(s->groups[0].serves[0], 0);
    cr_assert_eq(s->groups[0].agents[20], 88);
    cr_assert_eq(s->groups[0].agents[15], 0);
    cr_assert_eq(s->n_queue_groups[0], 1);
    cr_assert_eq(s->queue_groups[0][0], 0);

    cr_assert_eq(s->replications, 1000);
    cr_assert_eq(s->seed, 20260105);
    cr_assert_eq(s->workforce.present, 0);
    cc_scenario_destroy(s);
}

Test(scenario_load, ref_erlang_a)
{
    cc_scenario *s = load_ok("scenarios/ref-erlang-a.cfg");
    cr_assert_str_eq(s->name, "ref-erlang-a");
    cr_assert_eq(s->n_open_intervals, 16);
    cr_assert_eq(s->queues[0].patience.kind, CC_DIST_EXPONENTIAL);
    cr_assert_eq(s->queues[0].patience.mean_s, 300.0);
    cr_assert_eq(s->queues[0].handling.mean_s, 240.0);
    cr_assert_eq(s->groups[0].agents[16], 88);
    cr_assert_eq(s->seed, 20260105);
    cc_scenario_destroy(s);
}

Test(scenario_load, ref_day)
{
    static const double calls[16] = { 310, 420, 560, 610, 590, 540, 480, 500,
                                      520, 470, 430, 390, 340, 300, 240, 160 };
    static const unsigned agents[16] = { 55, 72, 95, 103, 100, 92, 82, 85,
                                         89, 81, 74, 68, 60, 53, 43, 30 };
    cc_scenario *s = load_ok("scenarios/ref-day.cfg");
    cr_assert_eq(s->calendar.first_weekday, 1);     /* 2026-01-06 is a Tuesday */
    cr_assert_eq(s->n_intervals, 48);
    cr_assert_eq(s->n_open_intervals, 16);
    for (size_t i = 0; i < 48; i++) {
        int open = i >= 18 && i <= 33;
        cr_assert_eq(cc_scenario_is_open(s, i), open, "interval %zu", i);
        cr_assert_eq(s->queues[0].calls[i], open ? calls[i - 18] : 0.0, "interval %zu", i);
        cr_assert_eq(s->groups[0].agents[i], open ? agents[i - 18] : 0u, "interval %zu", i);
    }
    const cc_dist *h = &s->queues[0].handling;
    cr_assert_eq(h->kind, CC_DIST_LOGNORMAL);
    cr_assert_eq(h->mean_s, 280.0);
    cr_assert_eq(h->cv, 0.8);
    /* sigma^2 = ln(1 + cv^2) = ln 1.64; mu = ln 280 - sigma^2 / 2 */
    double sigma = sqrt(log(1.64));
    double mu = log(280.0) - 0.5 * log(1.64);
    cr_assert_float_eq(h->p1, mu, 1e-12);
    cr_assert_float_eq(h->p2, sigma, 1e-12);
    cr_assert_float_eq(h->p1, 5.3874415, 1e-6);
    cr_assert_float_eq(h->p2, 0.7033465, 1e-6);
    cr_assert_eq(s->queues[0].patience.kind, CC_DIST_EXPONENTIAL);
    cr_assert_eq(s->queues[0].patience.mean_s, 180.0);
    cr_assert_eq(s->replications, 1000);
    cr_assert_eq(s->seed, 7);
    cc_scenario_destroy(s);
}

/* ---- timeline and schema details ----------------------------------------------------- */

Test(scenario_load, partly_open_interval)
{
    cc_scenario *s = load_ok("tests/data/partly-open.cfg");
    cr_assert_eq(s->n_open_intervals, 17);
    cr_assert_eq(s->open_from_s[33], 0.0);
    cr_assert_eq(s->open_to_s[33], 1800.0);
    cr_assert(cc_scenario_is_open(s, 34));          /* 17:00-17:30, open until 17:15 */
    cr_assert_eq(s->open_from_s[34], 0.0);
    cr_assert_eq(s->open_to_s[34], 900.0);
    cr_assert(!cc_scenario_is_open(s, 35));
    cr_assert_eq(s->queues[0].calls[18], 1.0);
    cr_assert_eq(s->queues[0].calls[34], 17.5);
    cr_assert_eq(s->queues[0].calls[35], 0.0);
    cr_assert_eq(s->queues[0].handling.kind, CC_DIST_DETERMINISTIC);
    cc_scenario_destroy(s);
}

Test(scenario_load, opening_late_in_an_interval)
{
    /* Open 09:10-09:50 with 30-minute intervals: [600, 1800) of 09:00 and [0, 1200) of 09:30. */
    char *t = variant("open = \"09:00\"; close = \"17:00\"", "open = \"09:10\"; close = \"09:50\"");
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(load_text("late.cfg", t, &s, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(s->n_open_intervals, 2);
    cr_assert_eq(s->open_from_s[18], 600.0);
    cr_assert_eq(s->open_to_s[18], 1800.0);
    cr_assert_eq(s->open_from_s[19], 0.0);
    cr_assert_eq(s->open_to_s[19], 1200.0);
    cr_assert_eq(s->queues[0].calls[18], 100.0);
    cr_assert_eq(s->queues[0].calls[20], 0.0);
    cc_scenario_destroy(s);
    free(t);
}

Test(scenario_load, weekdays_and_weekend)
{
    cc_scenario *s = load_ok("tests/data/weekdays.cfg");
    cr_assert_eq(s->calendar.first_weekday, 4);     /* 2026-01-09 is a Friday */
    cr_assert_eq(s->calendar.hours[0].days_mask, 0x2f);     /* Mon-Thu, Sat */
    cr_assert_eq(s->calendar.hours[1].days_mask, 0x10);     /* Fri */
    cr_assert_eq(s->intervals_per_day, 24);
    cr_assert_eq(s->n_intervals, 96);
    cr_assert_eq(s->interval_s, 3600.0);
    cr_assert_eq(s->n_open_intervals, 4);
    static const size_t open[4] = { 9, 10, 24 + 10, 72 + 10 };  /* Fri 09, Fri 10, Sat 10, Mon 10 */
    size_t k = 0;
    for (size_t i = 0; i < s->n_intervals; i++) {
        int is_open = k < 4 && i == open[k];
        cr_assert_eq(cc_scenario_is_open(s, i), is_open, "interval %zu", i);
        if (is_open) {
            cr_assert_eq(s->queues[0].calls[i], 10.0 * (double)(k + 1), "interval %zu", i);
            cr_assert_eq(s->queues[1].calls[i], 7.5);
            cr_assert_eq(s->groups[0].agents[i], (unsigned)(k + 1));
            cr_assert_eq(s->groups[1].agents[i], 3);
            k++;
        } else {
            cr_assert_eq(s->queues[0].calls[i], 0.0);
            cr_assert_eq(s->queues[1].calls[i], 0.0);
            cr_assert_eq(s->groups[0].agents[i], 0);
            cr_assert_eq(s->groups[1].agents[i], 0);
        }
    }
    cr_assert_eq(k, 4);

    cr_assert_eq(s->targets.asa_s, 25.0);
    cr_assert_eq(s->targets.max_abandon_rate, 0.05);
    cr_assert_eq(s->targets.max_occupancy, 0.9);
    cr_assert_eq(s->queues[0].priority, 2);
    const cc_dist *h = &s->queues[0].handling;
    cr_assert_eq(h->kind, CC_DIST_GAMMA);
    cr_assert_float_eq(h->p1, 4.0, 1e-12);          /* shape 1/cv^2 */
    cr_assert_float_eq(h->p2, 75.0, 1e-12);         /* scale mean*cv^2 */
    const cc_dist *p = &s->queues[0].patience;
    cr_assert_eq(p->kind, CC_DIST_EMPIRICAL);
    cr_assert_eq(p->n_values, 3);
    cr_assert_eq(p->values[1], 200.0);
    cr_assert_eq(p->mean_s, 200.0);

    /* routing: tax by tax-team; benefits by tax-team then benefits-team */
    cr_assert_eq(s->n_queue_groups[0], 1);
    cr_assert_eq(s->n_queue_groups[1], 2);
    cr_assert_eq(s->queue_groups[1][0], 0);
    cr_assert_eq(s->queue_groups[1][1], 1);

    cr_assert_eq(s->replications, 1000);            /* no simulation section: defaults */
    cr_assert_eq(s->seed, 1);
    cr_assert_eq(s->workforce.present, 1);
    cr_assert_eq(s->workforce.shrinkage, 0.373);
    cr_assert_eq(s->workforce.paid_hours_per_week, 37.0);
    cr_assert_eq(s->workforce.cost_per_fte_year, 32000.0);
    cr_assert_null(s->description);
    cc_scenario_destroy(s);
}

Test(scenario_load, base_and_numbers_of_either_type)
{
    char *t = variant("seed = 3;", "seed = 5000000000L;");
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(load_text("base.cfg", t, &s, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(s->seed, 5000000000ull);
    cr_assert_eq(s->replications, 10);
    cr_assert_eq(s->queues[0].handling.mean_s, 240.0);     /* written as an int */
    cr_assert_eq(s->targets.answer_within_s, 20.0);
    cr_assert_eq(s->workforce.cost_per_fte_year, 0.0);
    cr_assert_eq(s->n_queue_groups[1], 1);
    cc_scenario_destroy(s);
    free(t);
}

Test(scenario_load, weekdays_of_known_dates)
{
    static const struct { const char *date; int weekday; } cases[] = {
        { "2026-01-05", 0 }, { "2026-01-06", 1 }, { "2024-02-29", 3 }, { "2000-03-01", 2 },
        { "1970-01-01", 3 }, { "1969-12-31", 2 }, { "2026-12-31", 3 }, { "0001-01-01", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char start[64];
        snprintf(start, sizeof start, "start = \"%s\"", cases[i].date);
        /* open every day so that any weekday has open intervals */
        char *t1 = variant("start = \"2026-01-05\"", start);
        const char *mf = strstr(t1, "Mon-Fri");
        memcpy(t1 + (mf - t1), "Mon-Sun", 7);
        cc_scenario *s = NULL;
        cc_error err = { 0 };
        cr_assert_eq(load_text("date.cfg", t1, &s, &err), CC_OK, "%s: %s", cases[i].date, err.msg);
        cr_assert_eq(s->calendar.first_weekday, cases[i].weekday, "%s", cases[i].date);
        cc_scenario_destroy(s);
        free(t1);
    }
}

/* ---- every error path ----------------------------------------------------------------- */

Test(scenario_load, missing_file)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load("tests/data/nope.cfg", &s, &err), CC_EINPUT);
    cr_assert_null(s);
    cr_assert_str_eq(err.msg, "tests/data/nope.cfg: cannot read file (No such file or directory)");
}

Test(scenario_load, directory_is_not_a_file)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load("tests/data", &s, &err), CC_EINPUT);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err.msg, "tests/data: cannot read file ("), "%s", err.msg);
}

Test(scenario_load, empty_file)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load("tests/data/empty.cfg", &s, &err), CC_EINPUT);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err.msg, "tests/data/empty.cfg: "), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "required: name"), "%s", err.msg);
}

Test(scenario_load, syntax_error)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load("tests/data/syntax-error.cfg", &s, &err), CC_EINPUT);
    cr_assert_null(s);
    cr_assert_str_eq(err.msg, "tests/data/syntax-error.cfg:5: syntax error");
}

Test(scenario_load, nul_byte)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    char dir[] = "/tmp/ccsim-load-XXXXXX", path[256];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/nul.cfg", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite("name = \"x\";\0junk", 1, 16, f);
    fclose(f);
    cr_assert_eq(cc_scenario_load(path, &s, &err), CC_EINPUT);
    unlink(path);
    rmdir(dir);
    cr_assert_not_null(strstr(err.msg, "nul.cfg: cannot read file (it holds a NUL byte"), "%s",
                       err.msg);
}

Test(scenario_load, unknown_field_top_level)
{
    EXPECT_BAD("workforce = {", "colour = \"red\";\nworkforce = {",
               "bad.cfg:21: unknown field \"colour\" (accepted: name, description, calendar, "
               "targets, queues, groups, simulation, workforce, sensitivity, sites, timeline, roster, channel_shift)");
}

Test(scenario_load, unknown_field_nested)
{
    EXPECT_BAD("mean_s = 240;", "mean_s = 240; shape = 2;",
               "bad.cfg:12: unknown field \"queues[0].handling.shape\"",
               "accepted: dist, mean_s, cv, values");
    EXPECT_BAD("agents = 20;", "agents = 20; skill = 1;",
               "bad.cfg:18: unknown field \"groups[0].skill\"", "accepted: name, serves, agents");
    EXPECT_BAD("days = 1;", "days = 1; end = 2;", "bad.cfg:4: unknown field \"calendar.end\"");
    EXPECT_BAD("seed = 3;", "seed = 3; threads = 4;",
               "bad.cfg:20: unknown field \"simulation.threads\"");
    EXPECT_BAD("answer_within_s = 20;", "answer_within_s = 20; aht = 3;",
               "bad.cfg:8: unknown field \"targets.aht\"");
    EXPECT_BAD("channel = \"phone\";\n", "channel = \"phone\"; skill = \"x\";\n",
               "bad.cfg:10: unknown field \"queues[0].skill\"");
    EXPECT_BAD("paid_hours_per_week = 37.5;", "paid_hours_per_week = 37.5; fte = 3;",
               "bad.cfg:21: unknown field \"workforce.fte\"");

    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load("tests/data/unknown-nested.cfg", &s, &err), CC_EINPUT);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err.msg, "tests/data/unknown-nested.cfg:10: unknown field "
                                       "\"calendar.hours[1].lunch\" (accepted: days, open, close)"),
                       "%s", err.msg);
}

Test(scenario_load, wrong_types)
{
    EXPECT_BAD("days = 1;", "days = \"1\";", "bad.cfg:4: calendar.days must be an integer",
               "(got \"1\")");
    EXPECT_BAD("days = 1;", "days = 1.0;", "bad.cfg:4: calendar.days must be an integer",
               "(got 1.0)");
    EXPECT_BAD("service_level = 0.8;", "service_level = \"high\";",
               "bad.cfg:8: targets.service_level must be a number (got \"high\")");
    EXPECT_BAD("name = \"base\";", "name = 5;", "bad.cfg:1: name must be a string (got 5)");
    EXPECT_BAD("name = \"base\";", "name = \"\";", "bad.cfg:1: name must be a non-empty string");
    EXPECT_BAD("start = \"2026-01-05\";", "start = 20260105;",
               "bad.cfg:3: calendar.start must be a string (got 20260105)");
    EXPECT_BAD("targets = { service_level = 0.8; answer_within_s = 20; };", "targets = 0.8;",
               "bad.cfg:8: targets must be a group { ... } (got 0.8)");
    EXPECT_BAD("hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } );", "hours = [ 1 ];", "bad.cfg:6: calendar.hours must be a list");
    EXPECT_BAD("hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } );", "hours = ( 5 );", "bad.cfg:6: calendar.hours[0] must be a group { ... } (got 5)");
    char *t = variant2("queues = (\n  {", "queues = { a = (\n  {", ");\ngroups", "); };\ngroups");
    expect_bad_text("bad.cfg", t, (const char *const[]){ "bad.cfg:9: queues must be a list ( { ... }, ... ) "
                                                        "(got a group { ... })", NULL });
    free(t);
    expect_bad_text("empty-queues.cfg",
                    "name = \"x\";\n"
                    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 60;\n"
                    "  hours = ( { days = \"Mon\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
                    "targets = { service_level = 0.8; answer_within_s = 20; };\n"
                    "queues = ( );\n"
                    "groups = ( );\n",
                    (const char *const[]){ "empty-queues.cfg:5: queues must be a list of at "
                                           "least one element (got an empty list)", NULL });
    EXPECT_BAD("handling = { dist = \"exponential\"; mean_s = 240; };",
               "handling = \"exponential\";",
               "bad.cfg:12: queues[0].handling must be a group { ... } (got \"exponential\")");
    EXPECT_BAD("serves = [ \"general\", \"council\" ];", "serves = \"general\";",
               "bad.cfg:18: groups[0].serves must be a list of queue names (got \"general\")");
    EXPECT_BAD("serves = [ \"general\", \"council\" ];", "serves = [ 1 ];",
               "bad.cfg:18: groups[0].serves[0] must be a string (got 1)");
    EXPECT_BAD("calls_per_interval = 100;", "calls_per_interval = \"many\";",
               "bad.cfg:11: queues[0].calls_per_interval must be a number >= 0 or a list");
    EXPECT_BAD("agents = 20;", "agents = 20.5;",
               "bad.cfg:18: groups[0].agents must be an integer from 0 to 1000000 (got 20.5)");
    EXPECT_BAD("agents = 20;", "agents = true;",
               "bad.cfg:18: groups[0].agents must be an integer >= 0 or a list");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;", "dist = 1; mean_s = 240;",
               "bad.cfg:12: queues[0].handling.dist must be a string (got 1)");
    EXPECT_BAD("seed = 3;", "seed = \"3\";",
               "bad.cfg:20: simulation.seed must be an integer >= 1 (got \"3\")");
    EXPECT_BAD("channel = \"phone\";\n", "channel = \"phone\"; priority = 1.5;\n",
               "bad.cfg:10: queues[0].priority must be an integer from -1000000 to 1000000 (got 1.5)");
}

Test(scenario_load, missing_required_fields)
{
    EXPECT_BAD("answer_within_s = 20; ", "", "bad.cfg:8: targets.answer_within_s is required");
    EXPECT_BAD("service_level = 0.8; ", "", "bad.cfg:8: targets.service_level is required");
    EXPECT_BAD("    handling = { dist = \"exponential\"; mean_s = 240; };\n", "",
               "bad.cfg:10: queues[0].handling is required");
    EXPECT_BAD("calls_per_interval = 50;", "", "bad.cfg:14: queues[1].calls_per_interval is required");
    EXPECT_BAD("channel = \"phone\";\n", "\n", "bad.cfg:10: queues[0].channel is required");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;", "mean_s = 240;",
               "bad.cfg:12: queues[0].handling.dist is required");
    EXPECT_BAD("mean_s = 240;", "", "bad.cfg:12: queues[0].handling.mean_s is required");
    EXPECT_BAD("agents = 20;", "", "bad.cfg:18: groups[0].agents is required");
    EXPECT_BAD("serves = [ \"general\", \"council\" ];", "", "bad.cfg:18: groups[0].serves is required");
    EXPECT_BAD("  start = \"2026-01-05\";\n", "\n", "bad.cfg:2: calendar.start is required");
    EXPECT_BAD("  interval_min = 30;\n", "\n", "bad.cfg:2: calendar.interval_min is required");
    EXPECT_BAD("open = \"09:00\"; ", "", "bad.cfg:6: calendar.hours[0].open is required");
    EXPECT_BAD("shrinkage = 0.3; ", "", "bad.cfg:21: workforce.shrinkage is required");
    EXPECT_BAD("name = \"base\";\n", "\n", "bad.cfg: name is required");
    EXPECT_BAD("targets = { service_level = 0.8; answer_within_s = 20; };\n", "",
               "bad.cfg: targets is required");
}

Test(scenario_load, bad_distributions)
{
    EXPECT_BAD("mean_s = 240;", "mean_s = -5;",
               "bad.cfg:12: queues[0].handling.mean_s must be > 0 (got -5)");
    EXPECT_BAD("mean_s = 240;", "mean_s = 0.0;",
               "bad.cfg:12: queues[0].handling.mean_s must be > 0 (got 0.0)");
    EXPECT_BAD("mean_s = 300;", "mean_s = 1e400;",
               "bad.cfg:13: queues[0].patience.mean_s must be > 0 (got inf)");
    EXPECT_BAD("mean_s = 280; cv = 0.8;", "mean_s = 280;",
               "bad.cfg:15: queues[1].handling.cv is required");
    EXPECT_BAD("mean_s = 280; cv = 0.8;", "mean_s = 280; cv = 0;",
               "bad.cfg:15: queues[1].handling.cv must be > 0 (got 0)");
    EXPECT_BAD("mean_s = 240;", "mean_s = 240; cv = 0.5;",
               "bad.cfg:12: queues[0].handling.cv is not allowed for exponential",
               "lognormal and gamma only (got 0.5)");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;", "dist = \"weibull\"; mean_s = 240;",
               "bad.cfg:12: queues[0].handling.dist must be one of exponential, lognormal, gamma, "
               "deterministic, empirical (got \"weibull\")");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;", "dist = \"empirical\"; values = [];",
               "bad.cfg:12: queues[0].handling.values must have at least one value");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;", "dist = \"empirical\";",
               "bad.cfg:12: queues[0].handling.values is required");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;", "dist = \"empirical\"; values = [ 0, 0 ];",
               "bad.cfg:12: queues[0].handling.values must have a finite mean > 0 (got 0.0)");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;",
               "dist = \"empirical\"; values = [ 10, -1 ];",
               "bad.cfg:12: queues[0].handling.values[1] must be >= 0 (got -1)");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;",
               "dist = \"empirical\"; mean_s = 240; values = [ 1 ];",
               "bad.cfg:12: queues[0].handling.mean_s is not allowed for empirical");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 240;",
               "dist = \"deterministic\"; mean_s = 240; values = [ 1 ];",
               "bad.cfg:12: queues[0].handling.values is not allowed for deterministic");
    EXPECT_BAD("dist = \"exponential\"; mean_s = 300;", "dist = \"gamma\"; mean_s = 300;",
               "bad.cfg:13: queues[0].patience.cv is required");
}

Test(scenario_load, bad_calendar)
{
    EXPECT_BAD("2026-01-05", "2026-02-30",
               "bad.cfg:3: calendar.start must be a valid date YYYY-MM-DD (got \"2026-02-30\")");
    EXPECT_BAD("2026-01-05", "2025-02-29", "bad.cfg:3: calendar.start must be a valid date");
    EXPECT_BAD("2026-01-05", "2026-13-01", "bad.cfg:3: calendar.start must be a valid date");
    EXPECT_BAD("2026-01-05", "2026-1-5", "bad.cfg:3: calendar.start must be a valid date");
    EXPECT_BAD("2026-01-05", "05/01/2026", "bad.cfg:3: calendar.start must be a valid date");
    EXPECT_BAD("open = \"09:00\"", "open = \"25:00\"",
               "bad.cfg:6: calendar.hours[0].open must be a time HH:MM from 00:00 to 23:59 "
               "(got \"25:00\")");
    EXPECT_BAD("open = \"09:00\"", "open = \"9am\"",
               "bad.cfg:6: calendar.hours[0].open must be a time HH:MM", "(got \"9am\")");
    EXPECT_BAD("open = \"09:00\"", "open = \"24:00\"",
               "bad.cfg:6: calendar.hours[0].open must be a time HH:MM");
    EXPECT_BAD("close = \"17:00\"", "close = \"17:60\"",
               "bad.cfg:6: calendar.hours[0].close must be a time HH:MM from 00:00 to 24:00");
    EXPECT_BAD("open = \"09:00\"; close = \"17:00\"", "open = \"17:00\"; close = \"09:00\"",
               "bad.cfg:6: calendar.hours[0].close must be after open (got open 17:00, close 09:00)");
    EXPECT_BAD("open = \"09:00\"; close = \"17:00\"", "open = \"09:00\"; close = \"09:00\"",
               "bad.cfg:6: calendar.hours[0].close must be after open");
    EXPECT_BAD("close = \"17:00\"; } );", "close = \"17:00\"; },\n  { days = \"Fri,Sat\"; "
               "open = \"10:00\"; close = \"12:00\"; } );",
               "bad.cfg:7: calendar.hours[1].days must not cover a weekday of another rule",
               "Fri is already in calendar.hours[0]");
    EXPECT_BAD("\"Mon-Fri\"", "\"Mon-Fry\"", "bad.cfg:6: calendar.hours[0].days must be weekdays",
               "(got \"Mon-Fry\")");
    EXPECT_BAD("\"Mon-Fri\"", "\"\"", "bad.cfg:6: calendar.hours[0].days must be a non-empty");
    EXPECT_BAD("\"Mon-Fri\"", "\"Mon,\"", "bad.cfg:6: calendar.hours[0].days must be weekdays");
    EXPECT_BAD("\"Mon-Fri\"", "\"Monday\"", "bad.cfg:6: calendar.hours[0].days must be weekdays");
    EXPECT_BAD("\"Mon-Fri\"", "\"Mon-Fri,Wed\"",
               "bad.cfg:6: calendar.hours[0].days must name each weekday once", "Wed twice");
    EXPECT_BAD("interval_min = 30;", "interval_min = 7;",
               "bad.cfg:5: calendar.interval_min must be one of 5, 10, 15, 20, 30, 60 (got 7)");
    EXPECT_BAD("interval_min = 30;", "interval_min = 0;",
               "bad.cfg:5: calendar.interval_min must be an integer from 1 to 1440 (got 0)");
    EXPECT_BAD("days = 1;", "days = 0;",
               "bad.cfg:4: calendar.days must be an integer from 1 to 3660 (got 0)");
    EXPECT_BAD("days = 1;", "days = 3661;", "bad.cfg:4: calendar.days must be an integer from 1 to 3660");
    EXPECT_BAD("hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } );", "hours = ( );",
               "bad.cfg:6: calendar.hours must be a list of at least one element");
    /* 2026-01-10 is a Saturday: Mon-Fri hours open nothing in a one-day horizon */
    EXPECT_BAD("2026-01-05", "2026-01-10",
               "bad.cfg:2: calendar.hours must open at least one interval of the horizon",
               "Sat 2026-01-10");
}

Test(scenario_load, bad_queues_and_groups)
{
    EXPECT_BAD("calls_per_interval = 100;", "calls_per_interval = [ 1, 2, 3 ];",
               "bad.cfg:11: queues[0].calls_per_interval must have one value per open interval "
               "(expected 16, got 3)");
    EXPECT_BAD("calls_per_interval = 100;", "calls_per_interval = -1;",
               "bad.cfg:11: queues[0].calls_per_interval must be >= 0 (got -1)");
    EXPECT_BAD("calls_per_interval = 100;",
               "calls_per_interval = ( 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \"x\" );",
               "bad.cfg:11: queues[0].calls_per_interval[15] must be a number (got \"x\")");
    EXPECT_BAD("calls_per_interval = 100;", "calls_per_interval = [ 1, 2.5 ];",
               "bad.cfg:11: an array [ ... ] must hold values of one type");
    EXPECT_BAD("agents = 20;", "agents = [ 1, 2 ];",
               "bad.cfg:18: groups[0].agents must have one value per open interval (expected 16, got 2)");
    EXPECT_BAD("agents = 20;",
               "agents = [ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, -15, 16 ];",
               "bad.cfg:18: groups[0].agents[14] must be an integer from 0 to 1000000 (got -15)");
    EXPECT_BAD("serves = [ \"general\", \"council\" ];", "serves = [ \"general\", \"billing\" ];",
               "bad.cfg:18: groups[0].serves[1] names no queue (got \"billing\"; queues: general, council)");
    EXPECT_BAD("serves = [ \"general\", \"council\" ];", "serves = [ \"general\", \"general\" ];",
               "bad.cfg:18: groups[0].serves[1] must not repeat a queue (got \"general\" twice)");
    EXPECT_BAD("serves = [ \"general\", \"council\" ];", "serves = [ ];",
               "bad.cfg:18: groups[0].serves must name at least one queue");
    EXPECT_BAD("serves = [ \"general\", \"council\" ];", "serves = [ \"general\" ];",
               "bad.cfg:14: queues[1] must be served by at least one group", "\"council\"");
    EXPECT_BAD("{ name = \"council\";", "{ name = \"general\";",
               "bad.cfg:14: queues[1].name must be unique (got \"general\", also queues[0].name)");
    EXPECT_BAD("agents = 20; }", "agents = 20; },\n  { name = \"a\"; serves = [ \"general\" ]; agents = 1; }",
               "bad.cfg:19: groups[1].name must be unique (got \"a\", also groups[0].name)");
    EXPECT_BAD("channel = \"phone\";\n", "channel = \"fax\";\n",
               "bad.cfg:10: queues[0].channel must be one of phone, email, web-form, post, chat, "
               "face-to-face, self-service (got \"fax\")");
    EXPECT_BAD("groups = (\n  { name = \"a\"; serves = [ \"general\", \"council\" ]; agents = 20; }\n);",
               "groups = ( );", "bad.cfg:17: groups must be a list of at least one element");
}

Test(scenario_load, bad_targets_simulation_workforce)
{
    EXPECT_BAD("service_level = 0.8;", "service_level = 1.5;",
               "bad.cfg:8: targets.service_level must be in (0, 1] (got 1.5)");
    EXPECT_BAD("service_level = 0.8;", "service_level = 0;",
               "bad.cfg:8: targets.service_level must be in (0, 1] (got 0)");
    EXPECT_BAD("answer_within_s = 20;", "answer_within_s = 0;",
               "bad.cfg:8: targets.answer_within_s must be > 0 (got 0)");
    EXPECT_BAD("answer_within_s = 20;", "answer_within_s = 20; max_abandon_rate = 1;",
               "bad.cfg:8: targets.max_abandon_rate must be in (0, 1) (got 1)");
    EXPECT_BAD("answer_within_s = 20;", "answer_within_s = 20; max_occupancy = 1.01;",
               "bad.cfg:8: targets.max_occupancy must be in (0, 1] (got 1.01)");
    EXPECT_BAD("answer_within_s = 20;", "answer_within_s = 20; asa_s = -1;",
               "bad.cfg:8: targets.asa_s must be > 0 (got -1)");
    EXPECT_BAD("shrinkage = 0.3;", "shrinkage = 1.0;",
               "bad.cfg:21: workforce.shrinkage must be in [0, 1) (got 1.0)");
    EXPECT_BAD("paid_hours_per_week = 37.5;", "paid_hours_per_week = 169;",
               "bad.cfg:21: workforce.paid_hours_per_week must be in (0, 168] (got 169)");
    EXPECT_BAD("paid_hours_per_week = 37.5;", "paid_hours_per_week = 37.5; cost_per_fte_year = -1;",
               "bad.cfg:21: workforce.cost_per_fte_year must be >= 0 (got -1)");
    EXPECT_BAD("replications = 10;", "replications = 0;",
               "bad.cfg:20: simulation.replications must be an integer from 1 to 1000000 (got 0)");
    EXPECT_BAD("seed = 3;", "seed = 0;", "bad.cfg:20: simulation.seed must be an integer >= 1 (got 0)");
    EXPECT_BAD("seed = 3;", "seed = -7L;", "bad.cfg:20: simulation.seed must be an integer >= 1 (got -7)");
    EXPECT_BAD("simulation = { replications = 10; seed = 3; };", "simulation = 5;",
               "bad.cfg:20: simulation must be a group { ... } (got 5)");
    EXPECT_BAD("workforce = { shrinkage = 0.3; paid_hours_per_week = 37.5; };", "workforce = ();",
               "bad.cfg:21: workforce must be a group { ... } (got a list ( ... ))");
}

Test(scenario_load, long_and_odd_values_stay_on_one_line)
{
    char *t = variant("\"general\", \"council\"",
                      "\"general\", \"council\", \"a\\nvery long name that goes on and on and on "
                      "and on and on and on and on and on and on\"");
    expect_bad_text("odd.cfg", t, (const char *const[]){ "odd.cfg:18: groups[0].serves[2] names no queue",
                                                         "\"a\\x0avery long name", "...\"", NULL });
    free(t);
}

/* Damages `base` at random (1 to max_edits characters per round, from `noise`) and
 * loads each result: it must be refused with a message naming the file, or
 * accepted, never a crash or (under the sanitizers) a leak. */
static void load_mangled(const char *base, const char *noise, unsigned long seed, int rounds,
                         int max_edits)
{
    size_t n = strlen(base), n_noise = strlen(noise);
    char *t = malloc(n + 1);
    cr_assert_not_null(t);
    for (int round = 0; round < rounds; round++) {
        memcpy(t, base, n + 1);
        for (int k = 0; k < 1 + round % max_edits; k++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            size_t at = (size_t)(seed >> 33) % n;
            t[at] = noise[(seed >> 17) % n_noise];
        }
        cc_scenario *s = NULL;
        cc_error err = { 0 };
        int rc = load_text("mangled.cfg", t, &s, &err);
        cr_assert(rc == CC_OK || rc == CC_EINPUT, "status %d: %s", rc, err.msg);
        cr_assert_eq(rc == CC_OK, s != NULL);
        if (rc)
            cr_assert_not_null(strstr(err.msg, "mangled.cfg"), "%s", err.msg);
        cc_scenario_destroy(s);
    }
    free(t);
}

/* Mangled inputs of every shape, and deep nesting. */
Test(scenario_load, survives_mangled_input)
{
    load_mangled(BASE, "{}()[];=,\"#-.0123456789aeLx \n", 12345, 400, 4);

    /* deep nesting */
    size_t depth = 20000;
    char *deep = malloc(2 * depth + 16);
    cr_assert_not_null(deep);
    strcpy(deep, "name = ");
    memset(deep + 7, '(', depth);
    memset(deep + 7 + depth, ')', depth);
    strcpy(deep + 7 + 2 * depth, ";\n");
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(load_text("deep.cfg", deep, &s, &err), CC_EINPUT);
    cr_assert_not_null(strstr(err.msg, "deep.cfg:1: "), "%s", err.msg);
    free(deep);
}

Test(scenario_load, midnight_close_and_wrapping_range)
{
    /* "Fri-Mon" wraps over the weekend; "24:00" closes at midnight. 2026-01-05 is a
     * Monday, so a week of 60-minute intervals is open Mon, Fri, Sat and Sun 20-24. */
    char *t = variant2("days = 1;", "days = 7;", "days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"",
                       "days = \"Fri - Mon\"; open = \"20:00\"; close = \"24:00\"");
    char *t2 = replace_in(t, "interval_min = 30;", "interval_min = 60;");
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(load_text("wrap.cfg", t2, &s, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(s->calendar.hours[0].days_mask, 0x71);
    cr_assert_eq(s->calendar.hours[0].close_min, 1440);
    cr_assert_eq(s->n_open_intervals, 16);
    cr_assert(cc_scenario_is_open(s, 23));
    cr_assert(!cc_scenario_is_open(s, 24 + 23));            /* Tuesday */
    cr_assert(cc_scenario_is_open(s, 4 * 24 + 20));         /* Friday 20:00 */
    cr_assert_eq(s->open_to_s[6 * 24 + 23], 3600.0);
    cc_scenario_destroy(s);
    free(t);
    free(t2);
}

Test(scenario_load, longest_horizon)
{
    /* ten years of 5-minute intervals: about a million intervals per array */
    char *t = variant2("days = 1;", "days = 3660;", "interval_min = 30;", "interval_min = 5;");
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(load_text("long.cfg", t, &s, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(s->n_intervals, 3660u * 288u);
    /* 522 whole weeks and Mon-Sat: 2615 weekdays of 96 open 5-minute intervals */
    cr_assert_eq(s->n_open_intervals, (522u * 5u + 5u) * 96u);
    cc_scenario_destroy(s);
    free(t);
}

/* ---- schema v2 ------------------------------------------------------------------------- */

/* A valid v2 scenario: Monday 2026-12-21 for two weeks over Christmas, hourly; the line
 * numbers matter to the error tests below. Tax (priority 1) runs on demand, 100 calls a
 * weekday between 08:00 and 18:00, next-open; benefits has its own hours (Mon-Sat
 * 08:00-18:00) and 5 calls an open hour. Closed for everyone: 2026-12-25 and 28 (bank
 * holidays), 2026-12-31 (closed date), 2027-01-01 (bank holiday); on 2026-12-24 the
 * season opens 09:00-12:00 for tax only. No groups: one per queue, 0 agents. */
static const char V2[] =
    "name = \"v2\";\n" /*  1 */
    "calendar = {\n" /*  2 */
    "  start = \"2026-12-21\";\n" /*  3 */
    "  days = 14;\n" /*  4 */
    "  interval_min = 60;\n" /*  5 */
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } );\n" /*  6 */
    "  closed_dates = [ \"2026-12-31\" ];\n" /*  7 */
    "  bank_holidays = \"england-and-wales\";\n" /*  8 */
    "  seasons = ( { name = \"christmas\"; from = \"2026-12-24\"; to = \"2026-12-24\";\n" /*  9 */
    "                hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"12:00\"; } ); priority_only = true; } );\n" /* 10 */
    "};\n" /* 11 */
    "targets = { service_level = 0.8; answer_within_s = 20; };\n" /* 12 */
    "queues = (\n" /* 13 */
    "  { name = \"tax\"; channel = \"phone\"; priority = 1; cost_per_contact = 1.5;\n" /* 14 */
    "    demand = { volume = 100.0; per = \"day\"; growth = 1.0;\n" /* 15 */
    "      weekday_profile = [ 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0 ];\n" /* 16 */
    "      intraday_profile = [ 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 ];\n" /* 17 */
    "      when_closed = \"next-open\"; return_probability = 1.0; };\n" /* 18 */
    "    handling = { dist = \"exponential\"; mean_s = 240; }; },\n" /* 19 */
    "  { name = \"benefits\"; channel = \"phone\";\n" /* 20 */
    "    hours = ( { days = \"Mon-Sat\"; open = \"08:00\"; close = \"18:00\"; } );\n" /* 21 */
    "    calls_per_interval = 5;\n" /* 22 */
    "    handling = { dist = \"exponential\"; mean_s = 300; }; }\n" /* 23 */
    ");\n" /* 24 */
    "workforce = { shrinkage = 0.3; paid_hours_per_week = 37.0; fte_available = 10.5; };\n";  /* 25 */

#define EXPECT_BAD_V2(find, repl, ...)                                              \
    do {                                                                            \
        char *text_ = replace_in(V2, find, repl);                                   \
        expect_bad_text("bad.cfg", text_, (const char *const[]){ __VA_ARGS__, NULL }); \
        free(text_);                                                                \
    } while (0)

static cc_scenario *load_v2(const char *text)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(load_text("v2.cfg", text, &s, &err), CC_OK, "%s", err.msg);
    return s;
}

Test(scenario_v2, closures_seasons_hours_and_demand)
{
    cc_scenario *s = load_v2(V2);
    const cc_calendar *cal = &s->calendar;
    cr_assert_eq(cal->first_weekday, 0);
    cr_assert_eq(cal->n_closed_dates, 1);
    cr_assert_eq(cal->bank_holidays, CC_BANK_HOLIDAYS_ENGLAND_AND_WALES);
    cr_assert_eq(cal->n_seasons, 1);
    cr_assert_str_eq(cal->seasons[0].name, "christmas");
    cr_assert_eq(cal->seasons[0].priority_only, 1);
    cr_assert_eq(cal->seasons[0].hours[0].close_min, 12 * 60);

    const cc_queue *tax = &s->queues[0], *ben = &s->queues[1];
    /* tax: Mon-Wed 21-23 and Tue-Wed 29-30 09-17, Thu 24 09-12 (season) */
    cr_assert_eq(tax->n_open_intervals, 5 * 8 + 3);
    /* benefits: Mon-Wed 21-23, Sat 26, Tue-Wed 29-30, Sat 2 08-18; closed Thu 24 */
    cr_assert_eq(ben->n_open_intervals, 7 * 10);
    cr_assert_eq(s->n_open_intervals, 7 * 10 + 3);
    cr_assert_null(tax->hours);
    cr_assert_eq(ben->n_hours, 1);

    /* the queues' own spans and the union */
    cr_assert(!(tax->open_to_s[8] > tax->open_from_s[8]));          /* Mon 08:00 */
    cr_assert_eq(ben->open_to_s[8], 3600.0);
    cr_assert(cc_scenario_is_open(s, 8));
    size_t thu = 3 * 24;
    cr_assert_eq(tax->open_to_s[thu + 11], 3600.0);
    cr_assert(!(tax->open_to_s[thu + 12] > 0.0));
    cr_assert(!(ben->open_to_s[thu + 11] > 0.0));                   /* priority_only */
    cr_assert(cc_scenario_is_open(s, thu + 9));
    cr_assert(!cc_scenario_is_open(s, thu + 8));
    cr_assert(!cc_scenario_is_open(s, 4 * 24 + 10));                /* Fri 25: bank holiday */
    cr_assert(cc_scenario_is_open(s, 5 * 24 + 10));                 /* Sat 26: benefits */
    cr_assert(!(tax->open_to_s[5 * 24 + 10] > 0.0));
    cr_assert(!cc_scenario_is_open(s, 7 * 24 + 10));                /* Mon 28: substitute day */
    cr_assert(!cc_scenario_is_open(s, 10 * 24 + 10));               /* Thu 31: closed date */
    cr_assert(!cc_scenario_is_open(s, 11 * 24 + 10));               /* Fri 1 Jan */
    cr_assert(cc_scenario_is_open(s, 12 * 24 + 10));                /* Sat 2 Jan: benefits */

    /* tax demand: 10 an hour 08:00-18:00 on weekdays, next-open */
    cr_assert_float_eq(tax->calls[9], 20.0, 1e-9);                  /* + Mon 08:00 */
    cr_assert_float_eq(tax->calls[10], 10.0, 1e-9);
    cr_assert_float_eq(tax->calls[24 + 9], 30.0, 1e-9);             /* + Mon 17:00, Tue 08:00 */
    cr_assert_float_eq(tax->calls[thu + 9], 30.0, 1e-9);
    cr_assert_float_eq(tax->calls[thu + 11], 10.0, 1e-9);
    /* Thu 12:00-17:00, Fri 25, Mon 28 and Tue 08:00 reach Tue 29 09:00 */
    cr_assert_float_eq(tax->calls[8 * 24 + 9], 60.0 + 100.0 + 100.0 + 10.0 + 10.0, 1e-9);
    /* Wed 30 17:00, Thu 31 and Fri 1: no later opening for tax */
    cr_assert_float_eq(tax->lost_calls, 210.0, 1e-9);
    double sum = 0.0, bsum = 0.0;
    for (size_t i = 0; i < s->n_intervals; i++) {
        sum += tax->calls[i];
        bsum += ben->calls[i];
        if (!(tax->open_to_s[i] > tax->open_from_s[i]))
            cr_assert_eq(tax->calls[i], 0.0, "interval %zu", i);
    }
    cr_assert_float_eq(sum, 1000.0 - 210.0, 1e-9);
    cr_assert_float_eq(bsum, 70 * 5.0, 1e-9);
    cr_assert_eq(ben->calls[thu + 10], 0.0);
    cr_assert_eq(ben->lost_calls, 0.0);
    cr_assert(!ben->demand.present);

    cr_assert_eq(tax->cost_per_contact, 1.5);
    cr_assert_eq(ben->cost_per_contact, 0.0);
    cr_assert_eq(s->workforce.fte_available, 10.5);

    /* no groups: one per queue, named after it, 0 agents */
    cr_assert_eq(s->groups_given, 0);
    cr_assert_eq(s->n_groups, 2);
    cr_assert_str_eq(s->groups[1].name, "benefits");
    cr_assert_eq(s->groups[1].n_serves, 1);
    cr_assert_eq(s->groups[1].serves[0], 1);
    for (size_t i = 0; i < s->n_intervals; i++)
        cr_assert_eq(s->groups[0].agents[i] + s->groups[1].agents[i], 0u);
    cr_assert_eq(s->n_queue_groups[1], 1);
    cr_assert_eq(s->queue_groups[1][0], 1);
    cc_scenario_destroy(s);
}

Test(scenario_v2, group_lists_follow_the_queues_they_serve)
{
    /* a group serving tax alone has a list per tax-open interval (43); one serving both
     * per interval open for either (73) */
    char *t = replace_in(V2, "workforce =",
                         "groups = ( { name = \"t\"; serves = [ \"tax\" ]; agents = 3; },\n"
                         "  { name = \"both\"; serves = [ \"benefits\", \"tax\" ]; agents = 2; } );\n"
                         "workforce =");
    cc_scenario *s = load_v2(t);
    cr_assert_eq(s->groups_given, 1);
    cr_assert_eq(s->groups[0].agents[8], 0u);           /* Mon 08:00: tax closed */
    cr_assert_eq(s->groups[0].agents[9], 3u);
    cr_assert_eq(s->groups[1].agents[8], 2u);
    cr_assert_eq(s->groups[1].agents[3 * 24 + 9], 2u);  /* Thu 24: tax only */
    cr_assert_eq(s->groups[0].agents[5 * 24 + 9], 0u);  /* Sat 26: benefits only */
    cr_assert_eq(s->groups[1].agents[5 * 24 + 9], 2u);
    cc_scenario_destroy(s);
    free(t);
    t = replace_in(V2, "workforce =",
                   "groups = ( { name = \"t\"; serves = [ \"tax\" ]; agents = [ 1, 2 ]; },\n"
                   "  { name = \"b\"; serves = [ \"benefits\" ]; agents = 2; } );\n"
                   "workforce =");
    expect_bad_text("bad.cfg", t, (const char *const[]){ "bad.cfg:25: groups[0].agents must have "
                    "one value per open interval (expected 43, got 2)", NULL });
    free(t);
}

Test(scenario_v2, queue_hours_differ_from_calendar_hours)
{
    /* benefits' calls_per_interval list counts benefits' open hours (70), not the
     * calendar's or the union's */
    EXPECT_BAD_V2("calls_per_interval = 5;", "calls_per_interval = [ 1.0 ];",
                  "bad.cfg:22: queues[1].calls_per_interval must have one value per open "
                  "interval (expected 70, got 1)");
    char list[1024] = "calls_per_interval = ( ";
    for (int k = 0; k < 70; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%d", k ? ", " : "", k);
    strcat(list, " );");
    char *t = replace_in(V2, "calls_per_interval = 5;", list);
    cc_scenario *s = load_v2(t);
    cr_assert_eq(s->queues[1].calls[8], 0.0);           /* the first value, Mon 08:00 */
    cr_assert_eq(s->queues[1].calls[9], 1.0);
    cr_assert_eq(s->queues[1].calls[24 + 8], 10.0);     /* Tue 08:00: the 11th */
    cr_assert_eq(s->queues[1].calls[5 * 24 + 8], 30.0); /* Sat 26 08:00: the 31st */
    cc_scenario_destroy(s);
    free(t);
}

Test(scenario_v2, demand_through_include)
{
    cc_scenario *s = load_ok("tests/data/v2/include-demand.cfg");
    cr_assert_eq(s->queues[0].demand.n_intraday, 48);
    cr_assert_float_eq(s->queues[0].calls[18], 8.75, 1e-12);
    cr_assert_float_eq(s->queues[0].calls[48 + 33], 8.75, 1e-12);   /* Tue 16:30 */
    cr_assert_eq(s->queues[0].calls[34], 0.0);
    cr_assert_eq(s->queues[0].lost_calls, 0.0);
    cr_assert_eq(s->groups_given, 0);
    /* the stored text: the main file verbatim, then the included file under a marker */
    char *main_text = slurp("tests/data/v2/include-demand.cfg");
    char *inc = slurp("tests/data/profiles/office-30min.cfg");
    size_t n = strlen(main_text);
    cr_assert_eq(strncmp(s->text, main_text, n), 0);
    const char marker[] = "\n# ---- @include tests/data/v2/../profiles/office-30min.cfg (verbatim) ----\n";
    cr_assert_eq(strncmp(s->text + n, marker, strlen(marker)), 0, "%s", s->text + n);
    cr_assert_str_eq(s->text + n + strlen(marker), inc);
    free(main_text);
    free(inc);
    cc_scenario_destroy(s);

    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load("tests/data/v2/include-bad.cfg", &s, &err), CC_EINPUT);
    cr_assert_null(s);
    cr_assert_str_eq(err.msg, "tests/data/v2/../profiles/short-30min.cfg:3: "
                     "queues[0].demand.intraday_profile must have 1440/interval_min = 48 "
                     "weights (expected 48, got 47)");
    char *t = replace_in(V2, "      intraday_profile", "@include \"no/such.cfg\"\n      intraday_profile");
    expect_bad_text("bad.cfg", t, (const char *const[]){ "bad.cfg:17: cannot open include file "
                    "(an @include path is relative to the scenario's directory, /tmp/ccsim-load-",
                    NULL });
    free(t);
}

Test(scenario_v2, bad_demand)
{
    EXPECT_BAD_V2("1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 ];", "1.0, 0.0, 0.0, 0.0, 0.0, 0.0 ];",
                  "bad.cfg:17: queues[0].demand.intraday_profile must have 1440/interval_min = 24 "
                  "weights (expected 24, got 23)");
    EXPECT_BAD_V2("1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,",
                  "0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,",
                  "bad.cfg:17: queues[0].demand.intraday_profile must have a finite sum > 0: "
                  "relative weights, not all 0 (got all 0)");
    EXPECT_BAD_V2("[ 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0 ]", "[ 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 ]",
                  "bad.cfg:16: queues[0].demand.weekday_profile must have a finite sum > 0: "
                  "relative weights, not all 0 (got all 0)");
    EXPECT_BAD_V2("[ 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0 ]", "[ 1.0, -1.0, 1.0, 1.0, 1.0, 0.0, 0.0 ]",
                  "bad.cfg:16: queues[0].demand.weekday_profile[1] must be >= 0 (got -1.0)");
    EXPECT_BAD_V2("[ 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0 ]", "[ 1.0, 1.0, 1.0, 1.0, 1.0 ]",
                  "bad.cfg:16: queues[0].demand.weekday_profile must have 7 (Mon..Sun) weights "
                  "(expected 7, got 5)");
    EXPECT_BAD_V2("[ 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0 ]", "1.0",
                  "bad.cfg:16: queues[0].demand.weekday_profile must be a list of 7 (Mon..Sun) "
                  "weights >= 0 (got 1.0)");
    EXPECT_BAD_V2("per = \"day\"", "per = \"fortnight\"",
                  "bad.cfg:15: queues[0].demand.per must be one of day, week, year, month (got \"fortnight\")");
    EXPECT_BAD_V2("per = \"day\"; ", "", "bad.cfg:15: queues[0].demand.per is required");
    EXPECT_BAD_V2("volume = 100.0;", "volume = -1.0;",
                  "bad.cfg:15: queues[0].demand.volume must be >= 0 (got -1.0)");
    EXPECT_BAD_V2("growth = 1.0;", "growth = 0.0;",
                  "bad.cfg:15: queues[0].demand.growth must be > 0 (got 0.0)");
    EXPECT_BAD_V2("\"next-open\"", "\"later\"",
                  "bad.cfg:18: queues[0].demand.when_closed must be one of lost, next-open, spread, "
                  "queue:NAME (got \"later\")");
    EXPECT_BAD_V2("\"next-open\"", "\"queue:\"",
                  "bad.cfg:18: queues[0].demand.when_closed must be one of lost, next-open, spread, "
                  "queue:NAME (got \"queue:\")");
    EXPECT_BAD_V2("\"next-open\"", "\"queue:web\"",
                  "bad.cfg:18: queues[0].demand.when_closed names no queue (got \"queue:web\"; "
                  "queues: tax, benefits)");
    EXPECT_BAD_V2("\"next-open\"", "\"queue:tax\"",
                  "bad.cfg:18: queues[0].demand.when_closed must name another queue, not its "
                  "own (got \"queue:tax\")");
    EXPECT_BAD_V2("return_probability = 1.0;", "return_probability = 1.5;",
                  "bad.cfg:18: queues[0].demand.return_probability must be in [0, 1] (got 1.5)");
    EXPECT_BAD_V2("return_probability = 1.0;", "return_probability = -0.1;",
                  "bad.cfg:18: queues[0].demand.return_probability must be in [0, 1] (got -0.1)");
    EXPECT_BAD_V2("      intraday_profile", "      # intraday_profile",
                  "bad.cfg:15: queues[0].demand.intraday_profile is required");
    EXPECT_BAD_V2("growth = 1.0;", "growth = 1.0; trend = 2;",
                  "bad.cfg:15: unknown field \"queues[0].demand.trend\" (accepted: volume, per, "
                  "growth, weekday_profile, intraday_profile, when_closed, return_probability)");
    EXPECT_BAD_V2("calls_per_interval = 5;", "demand = 5;",
                  "bad.cfg:22: queues[1].demand must be a group { ... } (got 5)");
}

Test(scenario_v2, bad_queue_additions)
{
    EXPECT_BAD_V2("cost_per_contact = 1.5;", "cost_per_contact = 1.5; calls_per_interval = 3;",
                  "bad.cfg:15: queues[0] must have exactly one of calls_per_interval and demand "
                  "(got both)");
    EXPECT_BAD_V2("    calls_per_interval = 5;\n", "\n",
                  "bad.cfg:20: queues[1].calls_per_interval is required, or demand instead: "
                  "exactly one of the two (got neither)");
    EXPECT_BAD_V2("cost_per_contact = 1.5;", "cost_per_contact = -1.5;",
                  "bad.cfg:14: queues[0].cost_per_contact must be >= 0 (got -1.5)");
    EXPECT_BAD_V2("\"Mon-Sat\"", "\"Mon-Sat,Sat\"",
                  "bad.cfg:21: queues[1].hours[0].days must name each weekday once");
    EXPECT_BAD_V2("open = \"08:00\"; close = \"18:00\"", "open = \"18:00\"; close = \"08:00\"",
                  "bad.cfg:21: queues[1].hours[0].close must be after open");
    EXPECT_BAD_V2("fte_available = 10.5;", "fte_available = 0.0;",
                  "bad.cfg:25: workforce.fte_available must be > 0 (got 0.0)");
    EXPECT_BAD_V2("fte_available = 10.5;", "fte_available = -3;",
                  "bad.cfg:25: workforce.fte_available must be > 0 (got -3)");
    EXPECT_BAD_V2("shrinkage = 0.3;", "shrinkage = 1.0;",
                  "bad.cfg:25: workforce.shrinkage must be in [0, 1) (got 1.0)");
}

Test(scenario_v2, bad_calendar_additions)
{
    EXPECT_BAD_V2("[ \"2026-12-31\" ]", "[ \"2026-12-31\", \"2026-02-29\" ]",
                  "bad.cfg:7: calendar.closed_dates[1] must be a valid date YYYY-MM-DD (got "
                  "\"2026-02-29\")");
    EXPECT_BAD_V2("[ \"2026-12-31\" ]", "\"2026-12-31\"",
                  "bad.cfg:7: calendar.closed_dates must be a list of dates \"YYYY-MM-DD\" (got "
                  "\"2026-12-31\")");
    EXPECT_BAD_V2("\"england-and-wales\"", "\"scotland\"",
                  "bad.cfg:8: calendar.bank_holidays must be one of england-and-wales (got "
                  "\"scotland\")");
    EXPECT_BAD_V2("start = \"2026-12-21\"", "start = \"2030-12-21\"",
                  "bad.cfg:8: calendar.bank_holidays must be used with a horizon inside "
                  "2020-2030, the years of the built-in table (got a horizon from 2030-12-21 to "
                  "2031-01-03)");
    EXPECT_BAD_V2("start = \"2026-12-21\"", "start = \"2019-12-30\"",
                  "bad.cfg:8: calendar.bank_holidays must be used with a horizon inside 2020-2030");
    EXPECT_BAD_V2("to = \"2026-12-24\"", "to = \"2026-12-23\"",
                  "bad.cfg:9: calendar.seasons[0].to must not be before from (got from "
                  "2026-12-24, to 2026-12-23)");
    EXPECT_BAD_V2("from = \"2026-12-24\"", "from = \"2026-12-32\"",
                  "bad.cfg:9: calendar.seasons[0].from must be a valid date YYYY-MM-DD (got "
                  "\"2026-12-32\")");
    EXPECT_BAD_V2("priority_only = true; } );",
                  "priority_only = true; },\n"
                  "  { name = \"new-year\"; from = \"2026-12-24\"; to = \"2027-01-02\";\n"
                  "    hours = ( { days = \"Mon\"; open = \"10:00\"; close = \"11:00\"; } ); } );",
                  "bad.cfg:11: calendar.seasons[1] must not overlap another season (got "
                  "2026-12-24 to 2027-01-02; calendar.seasons[0] \"christmas\" is 2026-12-24 to "
                  "2026-12-24)");
    EXPECT_BAD_V2("priority_only = true;", "priority_only = 1;",
                  "bad.cfg:10: calendar.seasons[0].priority_only must be true or false (got 1)");
    EXPECT_BAD_V2("priority_only = true;", "priority_only = true; staff = 3;",
                  "bad.cfg:10: unknown field \"calendar.seasons[0].staff\" (accepted: name, from, "
                  "to, hours, priority_only)");
    EXPECT_BAD_V2("{ name = \"christmas\"; ", "{ ", "bad.cfg:9: calendar.seasons[0].name is required");
    EXPECT_BAD_V2("hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"12:00\"; } ); ", "",
                  "bad.cfg:9: calendar.seasons[0].hours is required");
    /* closed for everyone: the whole horizon is closed dates */
    EXPECT_BAD_V2("[ \"2026-12-31\" ]", "[ \"2026-12-21\", \"2026-12-22\", \"2026-12-23\", "
                  "\"2026-12-24\", \"2026-12-26\", \"2026-12-29\", \"2026-12-30\", \"2026-12-31\", "
                  "\"2027-01-02\" ]",
                  "bad.cfg:2: calendar.hours and the queues' hours must open at least one "
                  "interval of the horizon (got none in 14 day(s) from Mon 2026-12-21, after "
                  "closed dates, bank holidays and seasons)");
}

/* The v2 fields under random damage: refused or accepted, never a crash or a leak. */
Test(scenario_v2, survives_mangled_input)
{
    load_mangled(V2, "{}()[];=,\"#-.0123456789aeLx:@ \n", 777, 300, 3);
}

/* An intraday profile is a share of the day: one that does not sum to 1 is
 * normalised, with a warning that names the file, line and field; one that does
 * (to 0.1%) loads silently, and a weekday profile is relative weights, never warned. */
#define PROFILE_SCENARIO(PROFILE) \
    "name = \"p\";\n" \
    "calendar = { start = \"2026-01-05\"; days = 1; interval_min = 60;\n" \
    "  hours = ( { days = \"Mon-Sun\"; open = \"00:00\"; close = \"24:00\"; } ); };\n" \
    "targets = { service_level = 0.8; answer_within_s = 20.0; };\n" \
    "queues = ( { name = \"q\"; channel = \"phone\";\n" \
    "  demand = { volume = 100.0; per = \"day\"; weekday_profile = [ 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 ];\n" \
    "             intraday_profile = " PROFILE "; };\n" \
    "  handling = { dist = \"exponential\"; mean_s = 100.0; }; } );\n"

static cc_scenario *load_profile(const char *text)
{
    char path[] = "/tmp/ccsim-profile-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load(path, &s, &err), CC_OK, "%s", err.msg);
    unlink(path);
    return s;
}

Test(scenario_load, intraday_profile_not_summing_to_one_is_normalised_with_a_warning)
{
    cc_scenario *s = load_profile(PROFILE_SCENARIO("[ 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 1.0000, 0.5000, 0.5000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000 ]"));
    cr_assert_eq(s->n_warnings, 1);
    cr_assert_not_null(strstr(s->warnings[0], ":7: queues[0].demand.intraday_profile sums to 2, not 1: normalised"),
                       "%s", s->warnings[0]);
    /* Monday has weight 2: 200 calls (per = "day": the volume of a weight-1 day);
     * 09:00 holds half the normalised profile, 10:00 a quarter. */
    cr_assert_float_eq(s->queues[0].calls[9], 100.0, 1e-9);
    cr_assert_float_eq(s->queues[0].calls[10], 50.0, 1e-9);
    cc_scenario_destroy(s);

    s = load_profile(PROFILE_SCENARIO("[ 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.5000, 0.2500, 0.2502, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000 ]"));
    cr_assert_eq(s->n_warnings, 0, "within 0.1%% of 1: no warning (got %s)", s->n_warnings ? s->warnings[0] : "");
    cc_scenario_destroy(s);
}

/* ---- issue 7: sites, disciplines, per-queue targets, traces, the timeline ---------------- */

/* A valid scenario with every new field; Monday 2026-03-02 for a week, hourly, open
 * Mon-Fri 09:00-17:00. The line numbers matter to the error tests below. */
static const char V3[] =
    "name = \"v3\";\n"                                                                   /*  1 */
    "sites = ( { name = \"Colindale\"; }, { name = \"Backup\"; } );\n"                   /*  2 */
    "calendar = {\n"                                                                     /*  3 */
    "  start = \"2026-03-02\";\n"                                                        /*  4 */
    "  days = 7;\n"                                                                      /*  5 */
    "  interval_min = 60;\n"                                                             /*  6 */
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } );\n"        /*  7 */
    "};\n"                                                                               /*  8 */
    "targets = { service_level = 0.8; answer_within_s = 20; };\n"                        /*  9 */
    "queues = (\n"                                                                       /* 10 */
    "  { name = \"Phone\"; channel = \"phone\";\n"                                       /* 11 */
    "    calls_per_interval = 30;\n"                                                     /* 12 */
    "    handling = { dist = \"exponential\"; mean_s = 240; };\n"                        /* 13 */
    "    patience = { dist = \"exponential\"; mean_s = 300; }; },\n"                     /* 14 */
    "  { name = \"Chat\"; channel = \"phone\"; discipline = \"chat\";\n"                 /* 15 */
    "    targets = ( { share = 0.9; within_s = 60.0; } );\n"                             /* 16 */
    "    calls_per_interval = 10;\n"                                                     /* 17 */
    "    handling = { dist = \"exponential\"; mean_s = 600; }; },\n"                     /* 18 */
    "  { name = \"Email\"; channel = \"phone\"; discipline = \"deferred\";\n"            /* 19 */
    "    targets = ( { share = 0.8; within_s = 14400.0; }, { share = 0.95; within_business_days = 5; } );\n" /* 20 */
    "    calls_per_interval = 2;\n"                                                      /* 21 */
    "    handling = { dist = \"deterministic\"; mean_s = 300; }; },\n"                   /* 22 */
    "  { name = \"Replay\"; channel = \"phone\";\n"                                      /* 23 */
    "    trace = { arrival_s = [ 32400.0, 32460.5, 36000.0 ]; handling_s = [ 200.0, 180.0, 90.0 ]; };\n" /* 24 */
    "    handling = { dist = \"exponential\"; mean_s = 240; }; }\n"                      /* 25 */
    ");\n"                                                                               /* 26 */
    "groups = (\n"                                                                       /* 27 */
    "  { name = \"Phones\"; site = \"Colindale\"; serves = [ \"Phone\", \"Replay\" ]; agents = 10; },\n" /* 28 */
    "  { name = \"Chatters\"; site = \"Backup\"; concurrency = 3; serves = [ \"Chat\" ]; agents = 2; },\n" /* 29 */
    "  { name = \"Back office\"; site = \"Backup\"; serves = [ \"Email\" ]; agents = 1; }\n" /* 30 */
    ");\n"                                                                               /* 31 */
    "timeline = (\n"                                                                     /* 32 */
    "  { at = \"2026-03-02 14:00\"; event = \"site_up\"; site = \"Colindale\"; },\n"     /* 33 */
    "  { at = \"2026-03-02 10:00\"; event = \"site_down\"; site = \"Colindale\"; },\n"   /* 34 */
    "  { at = \"2026-03-02 10:00\"; event = \"reroute\"; site = \"Colindale\"; to_site = \"Backup\"; after_min = 15.0; },\n" /* 35 */
    "  { at = \"2026-03-02 10:07:30\"; until = \"2026-03-02 10:29\"; event = \"staffing\"; group = \"Phones\"; agents = 12; }\n" /* 36 */
    ");\n";                                                                              /* 37 */

#define EXPECT_BAD_V3(find, repl, ...)                                              \
    do {                                                                            \
        char *text_ = replace_in(V3, find, repl);                                   \
        expect_bad_text("bad.cfg", text_, (const char *const[]){ __VA_ARGS__, NULL }); \
        free(text_);                                                                \
    } while (0)

static cc_scenario *load_v3(const char *text)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(load_text("v3.cfg", text, &s, &err), CC_OK, "%s", err.msg);
    return s;
}

static double sum_calls(const cc_scenario *s, size_t q)
{
    double sum = 0.0;
    for (size_t i = 0; i < s->n_intervals; i++)
        sum += s->queues[q].calls[i];
    return sum;
}

Test(scenario_v3, sites_groups_and_disciplines)
{
    cc_scenario *s = load_v3(V3);
    cr_assert_eq(s->n_sites, 2);
    cr_assert_str_eq(s->sites[1].name, "Backup");
    cr_assert_eq(s->sites[1].id, cc_stable_id("site", "Backup"));
    cr_assert_neq(s->sites[0].id, s->sites[1].id);
    cr_assert_eq(s->groups[0].site, 0);
    cr_assert_eq(s->groups[1].site, 1);
    cr_assert_eq(s->groups[2].site, 1);
    cr_assert_eq(s->groups[0].concurrency, 1);
    cr_assert_eq(s->groups[1].concurrency, 3);
    cr_assert_eq(s->queues[0].discipline, CC_DISCIPLINE_INBOUND);
    cr_assert_eq(s->queues[1].discipline, CC_DISCIPLINE_CHAT);
    cr_assert_eq(s->queues[2].discipline, CC_DISCIPLINE_DEFERRED);
    cr_assert_eq(s->queues[2].id, cc_stable_id("queue", "Email"));
    cr_assert_eq(s->groups[2].id, cc_stable_id("group", "Back office"));
    cc_scenario_destroy(s);

    /* face-to-face is a discipline too */
    char *t = replace_in(V3, "discipline = \"chat\";", "discipline = \"face-to-face\";");
    char *t2 = replace_in(t, "concurrency = 3; ", "");
    s = load_v3(t2);
    cr_assert_eq(s->queues[1].discipline, CC_DISCIPLINE_FACE_TO_FACE);
    cc_scenario_destroy(s);
    free(t);
    free(t2);
}

Test(scenario_v3, defaults_without_the_new_fields)
{
    cc_scenario *s = load_ok("scenarios/ref-day.cfg");
    cr_assert_eq(s->n_sites, 1);
    cr_assert_str_eq(s->sites[0].name, "main");
    cr_assert_eq(s->n_events, 0);
    for (size_t q = 0; q < s->n_queues; q++) {
        cr_assert_eq(s->queues[q].discipline, CC_DISCIPLINE_INBOUND);
        cr_assert_eq(s->queues[q].source, CC_SOURCE_POISSON);
        cr_assert_eq(s->queues[q].n_targets, 1);
        cr_assert_eq(s->queues[q].targets[0].share, s->targets.service_level);
        cr_assert_eq(s->queues[q].targets[0].within_s, s->targets.answer_within_s);
        cr_assert_eq(s->queues[q].targets[0].business_days, 0);
    }
    for (size_t g = 0; g < s->n_groups; g++) {
        cr_assert_eq(s->groups[g].site, 0);
        cr_assert_eq(s->groups[g].concurrency, 1);
    }
    cc_scenario_destroy(s);

    /* a group may name the one default site */
    char *t = variant("{ name = \"a\";", "{ name = \"a\"; site = \"main\";");
    cc_error err = { 0 };
    cr_assert_eq(load_text("main.cfg", t, &s, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(s->groups[0].site, 0);
    cc_scenario_destroy(s);
    free(t);
}

Test(scenario_v3, per_queue_targets)
{
    cc_scenario *s = load_v3(V3);
    const cc_queue *phone = &s->queues[0], *chat = &s->queues[1], *email = &s->queues[2];
    cr_assert_eq(phone->n_targets, 1);          /* from the targets section */
    cr_assert_eq(phone->targets[0].share, 0.8);
    cr_assert_eq(phone->targets[0].within_s, 20.0);
    cr_assert_eq(chat->n_targets, 1);
    cr_assert_eq(chat->targets[0].share, 0.9);
    cr_assert_eq(chat->targets[0].within_s, 60.0);
    cr_assert_eq(email->n_targets, 2);
    cr_assert_eq(email->targets[0].within_s, 14400.0);
    cr_assert_eq(email->targets[0].business_days, 0);
    cr_assert_eq(email->targets[1].share, 0.95);
    cr_assert_eq(email->targets[1].business_days, 5);
    cr_assert_eq(email->targets[1].within_s, 0.0);
    cc_scenario_destroy(s);
}

Test(scenario_v3, deferred_demand_covers_every_interval)
{
    cc_scenario *s = load_v3(V3);
    /* Email: 2 per interval at any hour of the 7 days, worked 09:00-17:00 Mon-Fri */
    cr_assert_eq(s->queues[2].calls[0], 2.0);               /* Monday 00:00 */
    cr_assert_eq(s->queues[2].calls[6 * 24 + 23], 2.0);     /* Sunday 23:00 */
    cr_assert_float_eq(sum_calls(s, 2), 2.0 * 24 * 7, 1e-9);
    cr_assert_eq(s->queues[2].n_open_intervals, 5 * 8);
    /* Phone: only in its open hours */
    cr_assert_eq(s->queues[0].calls[0], 0.0);
    cr_assert_eq(s->queues[0].calls[9], 30.0);
    cr_assert_float_eq(sum_calls(s, 0), 30.0 * 5 * 8, 1e-9);
    /* the group of a deferred queue is given agents for the queue's worked hours */
    cr_assert_eq(s->groups[2].agents[0], 0);
    cr_assert_eq(s->groups[2].agents[9], 1);
    cc_scenario_destroy(s);

    /* a list for a deferred queue has one value per interval of the horizon */
    char *t = replace_in(V3, "calls_per_interval = 2;", "calls_per_interval = [ 1.0, 2.0 ];");
    expect_bad_text("bad.cfg", t, (const char *const[]){
                    "bad.cfg:21: queues[2].calls_per_interval must have one value per interval "
                    "of the horizon (a deferred queue takes contacts at any hour) (expected 168, "
                    "got 2)", NULL });
    free(t);
}

Test(scenario_v3, group_open_rule_computed_once)
{
    cc_scenario *s = load_v3(V3);
    for (size_t g = 0; g < s->n_groups; g++)
        for (size_t i = 0; i < s->n_intervals; i++) {
            int open = 0;
            for (size_t k = 0; k < s->groups[g].n_serves; k++) {
                const cc_queue *qu = &s->queues[s->groups[g].serves[k]];
                open |= qu->open_to_s[i] > qu->open_from_s[i];
            }
            cr_assert_eq(cc_scenario_group_open(s, g, i), open, "group %zu interval %zu", g, i);
        }
    cr_assert(cc_scenario_group_open(s, 0, 9));
    cr_assert(!cc_scenario_group_open(s, 0, 17));
    cr_assert(!cc_scenario_group_open(s, 2, 5 * 24 + 10));  /* Saturday */
    cc_scenario_destroy(s);
}

Test(scenario_v3, trace_arrays)
{
    cc_scenario *s = load_v3(V3);
    const cc_queue *r = &s->queues[3];
    cr_assert_eq(r->source, CC_SOURCE_TRACE);
    cr_assert_eq(r->trace.n, 3);
    cr_assert_eq(r->trace.arrival_s[1], 32460.5);
    cr_assert_eq(r->trace.handling_s[2], 90.0);
    cr_assert_null(r->trace.patience_s);
    /* calls per interval are the trace's own counts: 09:00 has two, 10:00 one */
    cr_assert_eq(r->calls[9], 2.0);
    cr_assert_eq(r->calls[10], 1.0);
    cr_assert_float_eq(sum_calls(s, 3), 3.0, 1e-12);
    cr_assert_eq(s->queues[0].source, CC_SOURCE_POISSON);
    cc_scenario_destroy(s);
}

/* Writes `csv` as trace.csv next to a copy of `base` (V3 or a variant) whose Replay
 * queue reads it; loads. */
static int load_base_with_csv(const char *base, const char *csv, cc_scenario **s,
                              cc_error *err, char *dir_out)
{
    char dir[] = "/tmp/ccsim-trace-XXXXXX", path[256];
    cr_assert_not_null(mkdtemp(dir));
    strcpy(dir_out, dir);
    snprintf(path, sizeof path, "%s/trace.csv", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(csv, f);
    fclose(f);
    char *t = replace_in(base, "arrival_s = [ 32400.0, 32460.5, 36000.0 ]; handling_s = [ 200.0, 180.0, 90.0 ];",
                         "file = \"trace.csv\";");
    snprintf(path, sizeof path, "%s/v3.cfg", dir);
    f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(t, f);
    fclose(f);
    free(t);
    int rc = cc_scenario_load(path, s, err);
    unlink(path);
    snprintf(path, sizeof path, "%s/trace.csv", dir);
    unlink(path);
    rmdir(dir);
    return rc;
}

static int load_with_csv(const char *csv, cc_scenario **s, cc_error *err, char *dir_out)
{
    return load_base_with_csv(V3, csv, s, err, dir_out);
}

Test(scenario_v3, trace_file)
{
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    char dir[64];
    cr_assert_eq(load_with_csv("arrival_s,handling_s,patience_s\r\n"
                               "32400, 200, 30\r\n"
                               "\r\n"
                               "32460.5,180,0\r\n"
                               "90000,90,45.5\r\n", &s, &err, dir), CC_OK, "%s", err.msg);
    const cc_queue *r = &s->queues[3];
    cr_assert_eq(r->source, CC_SOURCE_TRACE);
    cr_assert_eq(r->trace.n, 3);
    cr_assert_eq(r->trace.arrival_s[2], 90000.0);
    cr_assert_eq(r->trace.handling_s[1], 180.0);
    cr_assert_eq(r->trace.patience_s[2], 45.5);
    cr_assert_eq(r->calls[9], 2.0);
    cr_assert_eq(r->calls[25], 1.0);                /* Tuesday 01:00 */
    cc_scenario_destroy(s);

    /* arrival times only */
    cr_assert_eq(load_with_csv("arrival_s\n10\n10\n20\n", &s, &err, dir), CC_OK, "%s", err.msg);
    cr_assert_eq(s->queues[3].trace.n, 3);
    cr_assert_null(s->queues[3].trace.handling_s);
    cr_assert_eq(s->queues[3].calls[0], 3.0);
    cc_scenario_destroy(s);
}

/* A bad trace file: fails with a message that names the CSV file, its line and the
 * fragments in want. */
static void expect_bad_csv(const char *csv, const char *line, const char *want)
{
    cc_scenario *s = (cc_scenario *)0x1;
    cc_error err = { 0 };
    char dir[64], where[128];
    cr_assert_eq(load_with_csv(csv, &s, &err, dir), CC_EINPUT, "%s", err.msg);
    cr_assert_null(s);
    cr_assert_null(strchr(err.msg, '\n'), "%s", err.msg);
    snprintf(where, sizeof where, "%s/trace.csv:%s: queues[3].trace.file", dir, line);
    cr_assert_not_null(strstr(err.msg, where), "\"%s\" is not in: %s", where, err.msg);
    cr_assert_not_null(strstr(err.msg, want), "\"%s\" is not in: %s", want, err.msg);
}

Test(scenario_v3, bad_trace_file)
{
    expect_bad_csv("arrival,handling\n1,2\n", "1", "must start with the header line arrival_s");
    expect_bad_csv("arrival_s,handling_s\n1,2\n3,x\n", "3",
                   "column handling_s must be a number (got \"x\")");
    expect_bad_csv("arrival_s\n100\n50\n", "3",
                   "column arrival_s must be ascending: not before the arrival before it (100) "
                   "(got \"50\")");
    expect_bad_csv("arrival_s\n604800\n", "2",
                   "column arrival_s must be a time in seconds inside the horizon, in [0, 604800) "
                   "(got \"604800\")");
    expect_bad_csv("arrival_s,handling_s\n1,-2\n", "2",
                   "column handling_s must be a finite number of seconds >= 0 (got \"-2\")");
    expect_bad_csv("arrival_s,handling_s\n1,nan\n", "2", "column handling_s must be a finite");
    expect_bad_csv("arrival_s,handling_s\n1,2,3\n", "2", "must have 2 values a line, as the header "
                   "(got 3)");
    expect_bad_csv("arrival_s\n1\n2,3,4,5,6\n", "3", "must have 1 value a line, as the header "
                   "(got more than 3)");
    expect_bad_csv("arrival_s,handling_s,patience_s,queue\n1,2,3,4\n", "1",
                   "must start with the header line arrival_s");
    expect_bad_csv("arrival_s\n\n", "3", "must hold a header line and at least one arrival (got "
                   "no arrivals)");

    /* a deferred queue's contacts have no patience */
    char *deferred = replace_in(V3, "{ name = \"Replay\"; channel = \"phone\";",
                                "{ name = \"Replay\"; channel = \"phone\"; discipline = \"deferred\";");
    cc_scenario *s = (cc_scenario *)0x1;
    cc_error err = { 0 };
    char dir[64];
    cr_assert_eq(load_base_with_csv(deferred, "arrival_s,handling_s,patience_s\n1,2,3\n", &s, &err,
                                    dir), CC_EINPUT);
    cr_assert_not_null(strstr(err.msg, "trace.csv:1: queues[3].trace.file must not have a "
                              "patience_s column: contacts of a deferred queue never abandon"),
                       "%s", err.msg);
    cr_assert_eq(load_base_with_csv(deferred, "arrival_s,handling_s\n1,2\n", &s, &err, dir), CC_OK,
                 "%s", err.msg);
    cr_assert_eq(s->queues[3].calls[0], 1.0);
    cc_scenario_destroy(s);
    free(deferred);

    /* a file that is not there is reported at the setting */
    EXPECT_BAD_V3("arrival_s = [ 32400.0, 32460.5, 36000.0 ]; handling_s = [ 200.0, 180.0, 90.0 ];",
                  "file = \"missing.csv\";",
                  "bad.cfg:24: queues[3].trace.file must name a readable CSV file, relative to "
                  "the scenario's directory (got \"missing.csv\";", "cannot read file");
}

Test(scenario_v3, bad_trace_arrays)
{
    EXPECT_BAD_V3("32460.5, 36000.0 ]", "32360.5, 36000.0 ]",
                  "bad.cfg:24: queues[3].trace.arrival_s[1] must be ascending: not before the "
                  "arrival before it (32400) (got 32360.5)");
    EXPECT_BAD_V3("32460.5, 36000.0 ]", "32460.5, 604800.0 ]",
                  "bad.cfg:24: queues[3].trace.arrival_s[2] must be a time in seconds inside the "
                  "horizon, in [0, 604800) (got 604800.0)");
    EXPECT_BAD_V3("[ 32400.0, 32460.5, 36000.0 ]", "[ -1.0, 32460.5, 36000.0 ]",
                  "bad.cfg:24: queues[3].trace.arrival_s[0] must be a time in seconds inside the "
                  "horizon");
    EXPECT_BAD_V3("180.0, 90.0 ]", "180.0 ]",
                  "bad.cfg:24: queues[3].trace.handling_s must have one value per arrival, as "
                  "many as arrival_s (expected 3, got 2)");
    EXPECT_BAD_V3("180.0, 90.0 ]", "-180.0, 90.0 ]",
                  "bad.cfg:24: queues[3].trace.handling_s[1] must be a finite number of seconds "
                  ">= 0 (got -180.0)");
    EXPECT_BAD_V3("[ 32400.0, 32460.5, 36000.0 ]", "[ ]",
                  "bad.cfg:24: queues[3].trace.arrival_s must hold at least one arrival");
    EXPECT_BAD_V3("handling_s = [", "patience_s = [ 1.0 ]; handling_s = [",
                  "bad.cfg:24: queues[3].trace.patience_s must have one value per arrival");
    EXPECT_BAD_V3("trace = { arrival_s", "trace = { file = \"x.csv\"; arrival_s",
                  "bad.cfg:24: queues[3].trace must have either file or arrival_s (with "
                  "handling_s, patience_s), not both (got file and arrival_s)");
    EXPECT_BAD_V3("trace = { arrival_s", "trace = { when = 1; arrival_s",
                  "bad.cfg:24: unknown field \"queues[3].trace.when\" (accepted: arrival_s, "
                  "handling_s, patience_s, file)");
    EXPECT_BAD_V3("trace = {", "calls_per_interval = 3; trace = {",
                  "bad.cfg:24: queues[3] must have exactly one of calls_per_interval, demand "
                  "and trace (got trace and calls_per_interval)");
    EXPECT_BAD_V3("    calls_per_interval = 2;\n", "    trace = { arrival_s = [ 1.0 ]; patience_s = [ 5.0 ]; };\n",
                  "bad.cfg:21: queues[2].trace.patience_s is not allowed for a deferred queue: "
                  "its contacts never abandon");
    EXPECT_BAD_V3("    calls_per_interval = 30;\n", "\n",
                  "bad.cfg:11: queues[0].calls_per_interval is required, or demand instead: "
                  "exactly one of the two (got neither), or a trace to replay");
}

Test(scenario_v3, bad_sites_and_groups)
{
    EXPECT_BAD_V3("{ name = \"Backup\"; } );", "{ name = \"Colindale\"; } );",
                  "bad.cfg:2: sites[1].name must be unique (got \"Colindale\", also sites[0].name)");
    EXPECT_BAD_V3("{ name = \"Backup\"; } );", "{ name = \"Backup\"; floor = 2; } );",
                  "bad.cfg:2: unknown field \"sites[1].floor\" (accepted: name, share)");
    EXPECT_BAD_V3("sites = ( { name = \"Colindale\"; }, { name = \"Backup\"; } );", "sites = ( );",
                  "bad.cfg:2: sites must be a list of at least one element");
    EXPECT_BAD_V3("site = \"Colindale\"; serves", "site = \"Barnet House\"; serves",
                  "bad.cfg:28: groups[0].site names no site (got \"Barnet House\"; sites: "
                  "Colindale, Backup)");
    EXPECT_BAD_V3("site = \"Colindale\"; serves", "serves",
                  "bad.cfg:28: groups[0].site is required when there are several sites (got "
                  "none; 2 sites)");
    EXPECT_BAD_V3("concurrency = 3;", "concurrency = 0;",
                  "bad.cfg:29: groups[1].concurrency must be an integer from 1 to 20 (got 0)");
    EXPECT_BAD_V3("concurrency = 3;", "concurrency = 21;",
                  "bad.cfg:29: groups[1].concurrency must be an integer from 1 to 20 (got 21)");
    EXPECT_BAD_V3("concurrency = 3;", "concurrency = 2.5;",
                  "bad.cfg:29: groups[1].concurrency must be an integer from 1 to 20 (got 2.5)");
    EXPECT_BAD_V3("site = \"Colindale\"; serves", "site = \"Colindale\"; concurrency = 2; serves",
                  "bad.cfg:28: groups[0].concurrency must be 1 for a group that serves a queue "
                  "other than chat: an agent holds one call, email or visit at a time (got 2; "
                  "\"Phone\" is inbound)");
    /* no sites section: the one site is "main" */
    char *t = variant("{ name = \"a\";", "{ name = \"a\"; site = \"Colindale\";");
    expect_bad_text("bad.cfg", t, (const char *const[]){
                    "bad.cfg:18: groups[0].site names no site (got \"Colindale\"; sites: main)",
                    NULL });
    free(t);
}

Test(scenario_v3, bad_disciplines_and_targets)
{
    EXPECT_BAD_V3("discipline = \"chat\";", "discipline = \"fax\";",
                  "bad.cfg:15: queues[1].discipline must be one of inbound, chat, deferred, "
                  "face-to-face, self-service (got \"fax\")");
    EXPECT_BAD_V3("    handling = { dist = \"deterministic\"; mean_s = 300; }; },\n",
                  "    handling = { dist = \"deterministic\"; mean_s = 300; };\n"
                  "    patience = { dist = \"exponential\"; mean_s = 300; }; },\n",
                  "bad.cfg:23: queues[2].patience is not allowed for a deferred queue: its "
                  "contacts never abandon");
    EXPECT_BAD_V3("within_business_days = 5;", "within_business_days = 0;",
                  "bad.cfg:20: queues[2].targets[1].within_business_days must be an integer "
                  "from 1 to 60 (got 0)");
    EXPECT_BAD_V3("within_business_days = 5;", "within_business_days = 61;",
                  "bad.cfg:20: queues[2].targets[1].within_business_days must be an integer "
                  "from 1 to 60 (got 61)");
    EXPECT_BAD_V3("within_business_days = 5;", "within_business_days = 1.5;",
                  "bad.cfg:20: queues[2].targets[1].within_business_days must be an integer");
    EXPECT_BAD_V3("within_s = 60.0;", "within_business_days = 1;",
                  "bad.cfg:16: queues[1].targets[0].within_business_days is allowed for "
                  "deferred queues only: contacts that are answered while open have targets in "
                  "seconds (got 1 for a chat queue)");
    EXPECT_BAD_V3("within_s = 60.0;", "within_s = 60.0; within_business_days = 1;",
                  "bad.cfg:16: queues[1].targets[0] must have exactly one of within_s and "
                  "within_business_days (got both)");
    EXPECT_BAD_V3("share = 0.9; within_s = 60.0;", "share = 0.9;",
                  "bad.cfg:16: queues[1].targets[0].within_s is required, or "
                  "within_business_days instead: exactly one of the two (got neither)");
    EXPECT_BAD_V3("share = 0.9;", "share = 0.0;",
                  "bad.cfg:16: queues[1].targets[0].share must be in (0, 1] (got 0.0)");
    EXPECT_BAD_V3("share = 0.9;", "share = 1.5;",
                  "bad.cfg:16: queues[1].targets[0].share must be in (0, 1] (got 1.5)");
    EXPECT_BAD_V3("within_s = 60.0;", "within_s = 0.0;",
                  "bad.cfg:16: queues[1].targets[0].within_s must be in (0, 2678400] (got 0.0)");
    EXPECT_BAD_V3("within_s = 60.0;", "within_s = 3000000.0;",
                  "bad.cfg:16: queues[1].targets[0].within_s must be in (0, 2678400] (got 3000000.0)");
    EXPECT_BAD_V3("within_s = 60.0; }", "within_s = 60.0; level = 2; }",
                  "bad.cfg:16: unknown field \"queues[1].targets[0].level\" (accepted: share, "
                  "within_s, within_business_days)");
    EXPECT_BAD_V3("targets = ( { share = 0.9; within_s = 60.0; } );", "targets = ( );",
                  "bad.cfg:16: queues[1].targets must be a list of at least one element");
    EXPECT_BAD_V3("targets = ( { share = 0.9; within_s = 60.0; } );",
                  "targets = ( { share = 0.5; within_s = 10.0; }, { share = 0.6; within_s = 20.0; },"
                  " { share = 0.7; within_s = 30.0; }, { share = 0.8; within_s = 40.0; },"
                  " { share = 0.9; within_s = 60.0; } );",
                  "bad.cfg:16: queues[1].targets must have 1 to 4 targets (got 5)");
}

Test(scenario_v3, timeline_sorted_by_effect)
{
    cc_scenario *s = load_v3(V3);
    cr_assert_eq(s->n_events, 4);
    /* 10:00 down, 10:07:30 staffing, 10:00 + 15 min re-route, 14:00 up */
    cr_assert_eq(s->events[0].type, CC_EVENT_SITE_DOWN);
    cr_assert_eq(s->events[0].at_s, 36000.0);
    cr_assert_eq(s->events[0].site, 0);
    cr_assert_eq(s->events[0].line, 34);
    cr_assert_eq(s->events[1].type, CC_EVENT_STAFFING);
    cr_assert_eq(s->events[1].at_s, 36450.0);
    cr_assert_eq(s->events[1].until_s, 37740.0);
    cr_assert_eq(s->events[1].group, 0);
    cr_assert_eq(s->events[1].agents, 12);
    cr_assert_eq(s->events[2].type, CC_EVENT_REROUTE);
    cr_assert_eq(s->events[2].at_s, 36900.0);
    cr_assert_eq(s->events[2].site, 0);
    cr_assert_eq(s->events[2].to_site, 1);
    cr_assert_eq(s->events[3].type, CC_EVENT_SITE_UP);
    cr_assert_eq(s->events[3].at_s, 50400.0);
    cr_assert_eq(s->n_warnings, 0);
    cc_scenario_destroy(s);

    /* a site that comes up while up: a warning, not an error */
    char *up = replace_in(V3, "event = \"site_down\"; site = \"Colindale\";",
                          "event = \"site_up\"; site = \"Colindale\";");
    s = load_v3(up);
    cr_assert_eq(s->n_warnings, 2);
    cr_assert_not_null(strstr(s->warnings[0], "v3.cfg:34: timeline[1]: site \"Colindale\" is "
                              "already up then: the event changes nothing"), "%s", s->warnings[0]);
    cr_assert_not_null(strstr(s->warnings[1], "v3.cfg:33: timeline[0]"), "%s", s->warnings[1]);
    cc_scenario_destroy(s);
    free(up);

    /* ties keep file order */
    char *t = replace_in(V3, "after_min = 15.0; },", "},");
    s = load_v3(t);
    cr_assert_eq(s->events[0].type, CC_EVENT_SITE_DOWN);
    cr_assert_eq(s->events[1].type, CC_EVENT_REROUTE);
    cr_assert_eq(s->events[1].at_s, 36000.0);
    cc_scenario_destroy(s);
    free(t);

    /* an empty timeline is none */
    t = strdup(V3);
    cr_assert_not_null(t);
    strcpy(strstr(t, "timeline = ("), "timeline = ( );\n");
    s = load_v3(t);
    cr_assert_eq(s->n_events, 0);
    cc_scenario_destroy(s);
    free(t);
}

Test(scenario_v3, bad_timeline)
{
    EXPECT_BAD_V3("at = \"2026-03-02 14:00\"", "at = \"2026-03-09 00:00\"",
                  "bad.cfg:33: timeline[0].at must be inside the horizon, from 2026-03-02 00:00 "
                  "to before 2026-03-09 00:00 (got \"2026-03-09 00:00\")");
    EXPECT_BAD_V3("at = \"2026-03-02 14:00\"", "at = \"2026-03-01 23:59:59\"",
                  "bad.cfg:33: timeline[0].at must be inside the horizon");
    EXPECT_BAD_V3("at = \"2026-03-02 14:00\"", "at = \"2026-03-02 24:00\"",
                  "bad.cfg:33: timeline[0].at must be a date and time \"YYYY-MM-DD HH:MM\" or "
                  "\"YYYY-MM-DD HH:MM:SS\" (got \"2026-03-02 24:00\")");
    EXPECT_BAD_V3("at = \"2026-03-02 14:00\"", "at = \"2026-03-02T14:00\"",
                  "bad.cfg:33: timeline[0].at must be a date and time");
    EXPECT_BAD_V3("at = \"2026-03-02 14:00\"", "at = 14",
                  "bad.cfg:33: timeline[0].at must be a string (got 14)");
    EXPECT_BAD_V3("event = \"site_up\"", "event = \"fire\"",
                  "bad.cfg:33: timeline[0].event must be one of site_down, site_up, reroute, "
                  "staffing (got \"fire\")");
    EXPECT_BAD_V3("event = \"site_up\"; site = \"Colindale\";", "event = \"site_up\";",
                  "bad.cfg:33: timeline[0].site is required");
    EXPECT_BAD_V3("event = \"site_up\"; site = \"Colindale\";",
                  "event = \"site_up\"; site = \"Hendon\";",
                  "bad.cfg:33: timeline[0].site names no site (got \"Hendon\"; sites: "
                  "Colindale, Backup)");
    EXPECT_BAD_V3("event = \"site_up\"; site = \"Colindale\";",
                  "event = \"site_up\"; site = \"Colindale\"; agents = 3;",
                  "bad.cfg:33: unknown field \"timeline[0].agents\" (accepted: at, event, site)");
    EXPECT_BAD_V3("to_site = \"Backup\";", "to_site = \"Colindale\";",
                  "bad.cfg:35: timeline[2].to_site must be another site than site (got "
                  "\"Colindale\" for both)");
    EXPECT_BAD_V3("to_site = \"Backup\";", "to_site = \"Mill Hill\";",
                  "bad.cfg:35: timeline[2].to_site names no site");
    EXPECT_BAD_V3("after_min = 15.0;", "after_min = -1.0;",
                  "bad.cfg:35: timeline[2].after_min must be >= 0 (got -1.0)");
    EXPECT_BAD_V3("after_min = 15.0;", "after_min = 10000.0;",
                  "bad.cfg:35: timeline[2].after_min must leave the re-route inside the "
                  "horizon: at + after_min before 2026-03-09 00:00 (got 10000.0)");
    EXPECT_BAD_V3("until = \"2026-03-02 10:29\"", "until = \"2026-03-02 10:07:30\"",
                  "bad.cfg:36: timeline[3].until must be after at (got \"2026-03-02 10:07:30\", "
                  "at 2026-03-02 10:07:30)");
    EXPECT_BAD_V3("until = \"2026-03-02 10:29\"", "until = \"2026-03-09 00:00:01\"",
                  "bad.cfg:36: timeline[3].until must be inside the horizon, from 2026-03-02 "
                  "00:00 to at most 2026-03-09 00:00");
    EXPECT_BAD_V3("until = \"2026-03-02 10:29\"; ", "",
                  "bad.cfg:36: timeline[3].until is required");
    EXPECT_BAD_V3("group = \"Phones\"", "group = \"Phone\"",
                  "bad.cfg:36: timeline[3].group names no group (got \"Phone\")");
    EXPECT_BAD_V3("agents = 12;", "agents = -1;",
                  "bad.cfg:36: timeline[3].agents must be an integer from 0 to 1000000 (got -1)");
    EXPECT_BAD_V3("agents = 12;", "agents = 12.5;",
                  "bad.cfg:36: timeline[3].agents must be an integer");
    EXPECT_BAD_V3("agents = 12;", "agents = 12; site = \"Backup\";",
                  "bad.cfg:36: unknown field \"timeline[3].site\" (accepted: at, until, event, "
                  "group, agents, within_hours)");
    EXPECT_BAD_V3("timeline = (", "timeline = 3;\nworkforce = (",
                  "bad.cfg:32: timeline must be a list");
}

/* Issue 11: an outage's options, its end, and agents brought in by a re-route. */
Test(scenario_v3, outage_options)
{
    cc_scenario *s = load_v3(V3);
    /* defaults: dropped, queue; the open-ended outage ends at the site_up, and so do
       the re-route's agents */
    cr_assert_eq(s->events[0].in_service, CC_IN_SERVICE_DROPPED);
    cr_assert_eq(s->events[0].arrivals, CC_OUTAGE_QUEUE);
    cr_assert_eq(s->events[0].has_duration, 0);
    cr_assert_eq(s->events[0].until_s, 50400.0);
    cr_assert_eq(s->events[2].until_s, 50400.0);
    cr_assert_eq(s->events[2].agents, 0);
    cc_scenario_destroy(s);

    char *a = replace_in(V3, "event = \"site_down\"; site = \"Colindale\";",
                         "event = \"site_down\"; site = \"Colindale\"; duration_min = 90.0; "
                         "in_service = \"completed\"; arrivals = \"message\"; web_share = 0.25;");
    char *b = replace_in(a, "after_min = 15.0;", "after_min = 15.0; extra_agents = 6; "
                         "extra_group = \"Chatters\"; ramp_up_min = 20.0;");
    char *c = replace_in(b, "event = \"site_up\"; site = \"Colindale\";",
                         "event = \"site_down\"; site = \"Colindale\"; arrivals = \"blocked\";");
    s = load_v3(c);
    cr_assert_eq(s->events[0].in_service, CC_IN_SERVICE_COMPLETED);
    cr_assert_eq(s->events[0].arrivals, CC_OUTAGE_MESSAGE);
    cr_assert_eq(s->events[0].web_share, 0.25);
    cr_assert_eq(s->events[0].has_duration, 1);
    cr_assert_eq(s->events[0].until_s, 36000.0 + 5400.0);
    cr_assert_eq(s->events[2].agents, 6);
    cr_assert_eq(s->events[2].group, 1);
    cr_assert_eq(s->events[2].ramp_s, 1200.0);
    cr_assert_eq(s->events[2].until_s, 36000.0 + 5400.0);
    /* 14:00, after the 90 minutes: a second outage, open to the horizon's end */
    cr_assert_eq(s->events[3].type, CC_EVENT_SITE_DOWN);
    cr_assert_eq(s->events[3].arrivals, CC_OUTAGE_BLOCKED);
    cr_assert_eq(s->events[3].until_s, 7 * 86400.0);
    cr_assert_eq(s->n_warnings, 0);
    cc_scenario_destroy(s);
    free(a);
    free(b);
    free(c);
}

Test(scenario_v3, bad_outage_options)
{
    /* overlapping outages of one site */
    EXPECT_BAD_V3("event = \"site_up\"; site = \"Colindale\";",
                  "event = \"site_down\"; site = \"Colindale\";",
                  "bad.cfg:33: timeline[0].at must not fall in another outage of site "
                  "\"Colindale\" (got \"2026-03-02 14:00\"; it is down until 2026-03-09 00:00)");
    char *d = replace_in(V3, "event = \"site_down\"; site = \"Colindale\";",
                         "event = \"site_down\"; site = \"Colindale\"; duration_min = 240.5;");
    char *o = replace_in(d, "event = \"site_up\"; site = \"Colindale\";",
                         "event = \"site_down\"; site = \"Colindale\"; duration_min = 10.0;");
    expect_bad_text("bad.cfg", o, (const char *const[]){
        "bad.cfg:33: timeline[0].at must not fall in another outage of site \"Colindale\" "
        "(got \"2026-03-02 14:00\"; it is down until 2026-03-02 14:00:30)", NULL });
    free(o);
    free(d);
    EXPECT_BAD_V3("site = \"Colindale\"; },\n  { at = \"2026-03-02 10:00\"; event = \"reroute\"",
                  "site = \"Colindale\"; duration_min = -5.0; },\n  { at = \"2026-03-02 10:00\"; "
                  "event = \"reroute\"",
                  "bad.cfg:34: timeline[1].duration_min must be >= 0 (got -5.0)");
    EXPECT_BAD_V3("event = \"site_down\"; site = \"Colindale\";",
                  "event = \"site_down\"; site = \"Colindale\"; duration_min = 100000.0;",
                  "bad.cfg:34: timeline[1].duration_min must end the outage inside the horizon: "
                  "at + duration_min at most 2026-03-09 00:00 (got 100000.0)");
    EXPECT_BAD_V3("event = \"site_down\"; site = \"Colindale\";",
                  "event = \"site_down\"; site = \"Colindale\"; in_service = \"lost\";",
                  "bad.cfg:34: timeline[1].in_service must be one of dropped, completed "
                  "(got \"lost\")");
    EXPECT_BAD_V3("event = \"site_down\"; site = \"Colindale\";",
                  "event = \"site_down\"; site = \"Colindale\"; arrivals = \"busy\";",
                  "bad.cfg:34: timeline[1].arrivals must be one of queue, blocked, message "
                  "(got \"busy\")");
    EXPECT_BAD_V3("event = \"site_down\"; site = \"Colindale\";",
                  "event = \"site_down\"; site = \"Colindale\"; web_share = 0.5;",
                  "bad.cfg:34: timeline[1].web_share is for arrivals = \"message\" only");
    EXPECT_BAD_V3("event = \"site_down\"; site = \"Colindale\";",
                  "event = \"site_down\"; site = \"Colindale\"; arrivals = \"message\";",
                  "bad.cfg:34: timeline[1].web_share is required");
    EXPECT_BAD_V3("event = \"site_down\"; site = \"Colindale\";",
                  "event = \"site_down\"; site = \"Colindale\"; arrivals = \"message\"; "
                  "web_share = 1.5;",
                  "bad.cfg:34: timeline[1].web_share must be in [0, 1] (got 1.5)");
    EXPECT_BAD_V3("event = \"site_up\"; site = \"Colindale\";",
                  "event = \"site_up\"; site = \"Colindale\"; duration_min = 5.0;",
                  "bad.cfg:33: unknown field \"timeline[0].duration_min\"");
    EXPECT_BAD_V3("after_min = 15.0;", "after_min = 15.0; extra_agents = 4;",
                  "bad.cfg:35: timeline[2].extra_group is required");
    EXPECT_BAD_V3("after_min = 15.0;", "after_min = 15.0; extra_agents = 4; extra_group = \"Phones\";",
                  "bad.cfg:35: timeline[2].extra_group must be a group at to_site (got "
                  "\"Phones\", at site \"Colindale\")");
    EXPECT_BAD_V3("after_min = 15.0;", "after_min = 15.0; extra_agents = 0; extra_group = \"Chatters\";",
                  "bad.cfg:35: timeline[2].extra_agents must be an integer from 1 to 1000000 (got 0)");
    EXPECT_BAD_V3("after_min = 15.0;", "after_min = 15.0; extra_group = \"Chatters\";",
                  "bad.cfg:35: timeline[2].extra_group needs extra_agents");
    EXPECT_BAD_V3("after_min = 15.0;", "after_min = 15.0; extra_agents = 4; extra_group = \"Chatters\"; "
                  "ramp_up_min = -1.0;",
                  "bad.cfg:35: timeline[2].ramp_up_min must be >= 0 (got -1.0)");
    EXPECT_BAD_V3("after_min = 15.0;", "after_min = 15.0; ramp_up_min = 10.0;",
                  "bad.cfg:35: timeline[2].ramp_up_min needs extra_agents");
}

Test(scenario_v3, business_day_deadline)
{
    cc_scenario *s = load_v3(V3);
    /* Email works Mon-Fri. Monday 2026-03-02 10:00, one business day: end of Tuesday */
    cr_assert_eq(cc_scenario_business_deadline_s(s, 2, 36000.0, 1), 2 * 86400.0);
    /* Saturday 10:00 counts from Monday 2026-03-09 (past the horizon): end of Tuesday */
    cr_assert_eq(cc_scenario_business_deadline_s(s, 2, 5 * 86400.0 + 36000.0, 1), 9 * 86400.0);
    /* Friday, five business days: end of the next Friday */
    cr_assert_eq(cc_scenario_business_deadline_s(s, 2, 4 * 86400.0 + 1.0, 5), 12 * 86400.0);
    /* Monday 23:59, after closing, still counts Monday as its day */
    cr_assert_eq(cc_scenario_business_deadline_s(s, 2, 86399.0, 1), 2 * 86400.0);
    cc_scenario_destroy(s);
}

Test(scenario_v3, bad_demand_for_deferred_and_trace)
{
    /* a deferred queue's demand has no closed hours */
    EXPECT_BAD_V3("    calls_per_interval = 2;\n",
                  "    demand = { volume = 10.0; per = \"day\"; when_closed = \"next-open\"; "
                  "intraday_profile = [ 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, "
                  "1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 ]; };\n",
                  "bad.cfg:21: queues[2].demand.when_closed is not allowed for a deferred "
                  "queue: its contacts arrive at any hour and wait for opening (got \"next-open\")");
    /* closed-hours demand is never passed to a trace */
    EXPECT_BAD_V3("    calls_per_interval = 30;\n",
                  "    demand = { volume = 10.0; per = \"day\"; when_closed = \"queue:Replay\"; "
                  "intraday_profile = [ 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, "
                  "1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 ]; };\n",
                  "bad.cfg:12: queues[0].demand.when_closed must name a queue without a trace: "
                  "a trace is replayed as recorded (got \"queue:Replay\")");
}

/* The example of each new capability loads as written. */
Test(scenario_v3, examples_load)
{
    cc_scenario *s = load_ok("scenarios/examples/chat-concurrency.cfg");
    cr_assert_eq(s->queues[0].discipline, CC_DISCIPLINE_CHAT);
    cr_assert_eq(s->groups[0].concurrency, 3);
    cc_scenario_destroy(s);

    s = load_ok("scenarios/examples/email-deferred.cfg");
    cr_assert_eq(s->queues[0].discipline, CC_DISCIPLINE_DEFERRED);
    cr_assert_eq(s->queues[0].targets[0].business_days, 5);
    cr_assert_eq(s->n_warnings, 0);
    /* 11148 a year over the weights of 2026's days that are not bank holidays: 261
     * weekdays + 104 weekend days at a half - 8 bank holidays (all weekdays) = 305; the
     * two weeks carry 10 + 4 x 0.5 = 12 of them; nothing lost */
    cr_assert_float_eq(sum_calls(s, 0), 11148.0 * 12 / 305, 1e-6);
    cr_assert_eq(s->queues[0].lost_calls, 0.0);
    cc_scenario_destroy(s);

    s = load_ok("scenarios/examples/two-site-failover.cfg");
    cr_assert_eq(s->n_sites, 2);
    cr_assert_eq(s->n_events, 4);
    cr_assert_eq(s->events[1].type, CC_EVENT_REROUTE);
    cr_assert_eq(s->events[1].at_s, 86400.0 + 10.5 * 3600);
    cr_assert_eq(s->events[2].type, CC_EVENT_STAFFING);
    cc_scenario_destroy(s);

    s = load_ok("scenarios/examples/trace-replay.cfg");
    cr_assert_eq(s->queues[0].source, CC_SOURCE_TRACE);
    cr_assert_eq(s->queues[0].trace.n, 1551);
    cr_assert_float_eq(sum_calls(s, 0), 1551.0, 1e-9);
    cc_scenario_destroy(s);
}

/* The new fields survive damaged input as the core schema does. */
Test(scenario_v3, survives_mangled_input)
{
    load_mangled(V3, "{}()[];=,\"#-.0123456789:aeLx \n", 7, 400, 4);
}
