#define _DEFAULT_SOURCE /* mkstemps */
/* test_history.c — io/history: the interval export (generic and mapped columns,
 * BOM, CRLF, gaps, duplicates, aggregation, malformed rows), the Anonymous Bank call
 * log (hand-made fixture and the real February 1999 file: every figure of
 * ../shared/data/README.md), handling-time and patience estimates, and the US bank
 * 5-minute file. The real files are read from ../shared/data when present. */
#include "io/history.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define AB_FILE "../shared/data/anonymous-bank/calls-1999-02.tsv"
#define US_FILE "../shared/data/us-bank/calls-5min-2003.csv"

static cc_history *read_ok(const char *path, const cc_history_options *o)
{
    cc_history *h = NULL;
    cc_error err = { 0 };
    int rc = cc_history_read(path, o, &h, &err);
    cr_assert_eq(rc, CC_OK, "reading %s: %s", path, err.msg);
    return h;
}

static void need(const char *path)
{
    if (access(path, R_OK))
        cr_skip_test("%s is not present", path);
}

/* Writes text to a temporary .csv and reads it; returns the status, message in err. */
static int read_text(const char *body, const cc_history_options *o, cc_error *err, char *path_out)
{
    char path[] = "/tmp/ccsim-history-XXXXXX.csv";
    int fd = mkstemps(path, 4);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(body, f);
    fclose(f);
    cc_history *h = NULL;
    int rc = cc_history_read(path, o, &h, err);
    cc_history_destroy(h);
    unlink(path);
    if (path_out)
        strcpy(path_out, path);
    return rc;
}

Test(history, generic_export_by_default_names)
{
    cc_history_options o = { 0 };
    cc_history *h = read_ok("tests/data/history/generic.csv", &o);
    cr_assert_eq(h->format, CC_HISTORY_INTERVALS);
    cr_assert_str_eq(h->queue, "Revenues");
    cr_assert_eq(h->source_interval_s, 1800.0);
    cr_assert_eq(h->n_intervals, 48);
    cr_assert_eq(h->offered[18], 10.0);
    cr_assert_eq(h->offered[19], 12.0);
    cr_assert_eq(h->answered_within[19], 9.0);
    cr_assert_float_eq(h->handled_s[18] / h->answered[18], 240.0, 1e-12);
    cr_assert_eq(h->n_answered, 19);
    cr_assert_eq(h->n_abandoned, 3);
    cr_assert_eq(h->gaps, 0);
    cr_assert(h->has_offered && h->has_handling && h->has_within && !h->has_agents);
    cc_history_kpis k;
    cc_history_kpis_of(h, NULL, &k);
    cr_assert(isnan(k.asa_s), "an export has no waits");
    cr_assert_float_eq(k.abandon_rate, 3.0 / 22, 1e-12, "3 abandoned of 22 offered");
    cr_assert_float_eq(k.service_level, 15.0 / 22, 1e-12);
    cr_assert_float_eq(k.mean_handling_s, (8 * 240.0 + 11 * 180.0) / 19, 1e-9);
    cc_history_destroy(h);
}

static cc_history_options mapped_options(void)
{
    cc_history_options o = { 0 };
    o.separator = ';';
    o.date_format = "%d/%m/%Y %H:%M";
    o.columns[CC_HISTORY_FIELD_START] = "Date";
    o.columns[CC_HISTORY_FIELD_QUEUE] = "Skill";
    o.columns[CC_HISTORY_FIELD_OFFERED] = "Offered";
    o.columns[CC_HISTORY_FIELD_HANDLED] = "Answered";
    o.columns[CC_HISTORY_FIELD_ABANDONED] = "Abandoned";
    o.columns[CC_HISTORY_FIELD_HANDLING_S] = "AHT";
    o.columns[CC_HISTORY_FIELD_ANSWERED_WITHIN] = "SL20";
    o.queue = "Revenues";
    return o;
}

/* BOM, CRLF, ';', a day-first date, renamed columns, one queue of two; a duplicate
 * and a gap reported; 15-minute rows summed into half hours. */
Test(history, mapped_export_with_bom_crlf_gap_duplicate)
{
    cc_history_options o = mapped_options();
    o.interval_s = 1800;
    cc_history *h = read_ok("tests/data/history/mapped.csv", &o);
    cr_assert_eq(h->source_interval_s, 900.0);
    cr_assert_eq(h->days, 2);
    cr_assert_eq(h->records, 6);
    cr_assert_eq(h->n_ignored, 2, "the other queue and the duplicate");
    cr_assert_eq(h->duplicates, 1);
    cr_assert_eq(h->first_duplicate_line, 5);
    cr_assert_eq(h->gaps, 1);
    cr_assert_eq(h->first_gap_min, 9 * 60 + 30);
    cr_assert_eq(h->offered[18], 22.0);
    cr_assert_eq(h->answered[18], 19.0);
    cr_assert_eq(h->abandoned[18], 3.0);
    cr_assert_eq(h->answered_within[18], 15.0);
    cr_assert_float_eq(h->handled_s[18], 240.0 * 8 + 180.0 * 11, 1e-9);
    cr_assert_eq(h->offered[19], 7.0, "the first of two duplicate rows is kept");
    cr_assert_eq(h->offered[48 + 18], 5.0);
    cr_assert_eq(h->present[20], 0);
    cr_assert_eq(h->offered_total, 34.0);
    cc_history_destroy(h);
}

Test(history, interval_must_be_a_multiple_of_the_files)
{
    cc_history_options o = mapped_options();
    o.interval_s = 600;
    cc_history *h = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_history_read("tests/data/history/mapped.csv", &o, &h, &err), CC_EINPUT);
    cr_assert(strstr(err.msg, "multiple of the file's own 15 min"), "%s", err.msg);
}

Test(history, two_queues_without_a_choice_are_refused)
{
    cc_history_options o = mapped_options();
    o.queue = NULL;
    cc_history *h = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_history_read("tests/data/history/mapped.csv", &o, &h, &err), CC_EINPUT);
    cr_assert(strstr(err.msg, "mapped.csv:7: column Skill: the file holds more than one queue "
                     "(Revenues, Benefits)"), "%s", err.msg);
}

/* Every malformed-row case names the file, the line, the column and the value. */
Test(history, malformed_rows)
{
    static const struct { const char *body, *want; } cases[] = {
        { "interval_start,offered\n2026-03-02 09:00,x\n", ":2: column offered: a number >= 0 was expected (got \"x\")" },
        { "interval_start,offered\n2026-03-02 09:00,-1\n", ":2: column offered: a number >= 0 was expected (got \"-1\")" },
        { "interval_start,offered\n2026-03-02 09:00,1.5\n", ":2: column offered: a whole number of calls >= 0 was expected (got \"1.5\")" },
        { "interval_start,offered\n2026-03-02 09:00,1\n2026-02-30 09:00,1\n", ":3: column interval_start: a date and time YYYY-MM-DD HH:MM[:SS] on a whole minute was expected (got \"2026-02-30 09:00\")" },
        { "interval_start,offered\n2026-03-02 09:00:30,1\n", ":2: column interval_start: a date and time YYYY-MM-DD HH:MM[:SS] on a whole minute was expected (got \"2026-03-02 09:00:30\")" },
        { "interval_start,offered\n2006-03-02 09:00,1\n2026-03-02 09:00,1\n", ": the rows span 2006-03-02 to 2026-03-02, 7306 days: at most 3660" },
        { "interval_start,offered\n2026-03-02 09:00,1,2\n", ":2: a different number of fields, the header has 2" },
        { "interval_start,offered\n\"2026-03-02 09:00,1\n", ":2: an unclosed quote in the fields, the header has 2" },
        { "interval_start,handled,handling_s\n2026-03-02 09:00,3,\n", ":2: column handling_s: a number >= 0 was expected (got \"\")" },
        { "interval_start,handled,answered_within\n2026-03-02 09:00,3,4\n", ":2: column answered_within: at most the calls handled was expected (got \"4\")" },
        { "start,offered\n", ":1: no column interval_start" },
        { "interval_start,calls\n", ":1: neither column offered nor handled" },
        { "interval_start,offered\n", ": no interval rows after the header" },
        { "", ":1: empty file" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        cc_history_options o = { 0 };
        cc_error err = { 0 };
        char path[64];
        cr_assert_eq(read_text(cases[k].body, &o, &err, path), CC_EINPUT, "case %zu", k);
        cr_assert(strstr(err.msg, cases[k].want), "case %zu: %s", k, err.msg);
        cr_assert(!strncmp(err.msg, path, strlen(path)), "case %zu names the file: %s", k, err.msg);
    }
}

Test(history, mapped_column_missing_from_header)
{
    cc_history_options o = { 0 };
    o.columns[CC_HISTORY_FIELD_OFFERED] = "Calls";
    cc_error err = { 0 };
    cr_assert_eq(read_text("interval_start,offered\n2026-03-02 09:00,1\n", &o, &err, NULL), CC_EINPUT);
    cr_assert(strstr(err.msg, ":1: column Calls (mapped to offered) is not in the header"), "%s", err.msg);
}

Test(history, missing_file)
{
    cc_history_options o = { 0 };
    cc_history *h = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_history_read("tests/data/history/absent.csv", &o, &h, &err), CC_EINPUT);
    cr_assert(strstr(err.msg, "absent.csv: cannot open"), "%s", err.msg);
}

/* The hand-made log: outcomes, SL/ASA per interval, inferred agents, handling and
 * patience worked out by hand in the comments. */
Test(history, anonymous_bank_fixture)
{
    cc_history_options o = { 0 };
    cc_history *h = read_ok("tests/data/history/ab-small.tsv", &o);
    cr_assert_eq(h->format, CC_HISTORY_CALLS);
    cr_assert_str_eq(h->reader, "anonymous-bank");
    cr_assert_eq(h->records, 6);
    cr_assert_eq(h->n_answered, 3);
    cr_assert_eq(h->n_abandoned, 1);
    cr_assert_eq(h->n_ignored, 2, "a menu hang-up and a phantom");
    cr_assert_eq(h->days, 2);
    /* 1999-02-01 09:00-09:30: calls 1, 2 (waited 30 s), 3 (hung up after 60 s) */
    cr_assert_eq(h->offered[18], 3.0);
    cr_assert_eq(h->answered[18], 2.0);
    cr_assert_eq(h->abandoned[18], 1.0);
    cr_assert_eq(h->answered_within[18], 1.0, "only the unqueued call within 20 s");
    cr_assert_eq(h->wait_s[18], 30.0);
    cr_assert_eq(h->agents[18], 2.0, "DORIT and TOVA");
    cr_assert_eq(h->agents[19], 0.0, "DORIT's call ended at 09:05:10");
    cr_assert_eq(h->offered[48 + 19], 1.0);
    cr_assert_eq(h->agents[48 + 19], 1.0);
    cr_assert_float_eq(h->calls[4].arrival_s, 86400.0 + 9 * 3600 + 31 * 60 + 4, 1e-9);

    cc_history_handling hd;
    cc_error err = { 0 };
    cr_assert_eq(cc_history_handling_fit(h, &hd, &err), CC_OK);
    cr_assert_eq(hd.n, 3);
    cr_assert_float_eq(hd.mean_s, 1000.0 / 3, 1e-9);
    cr_assert_eq(hd.median_s, 300.0);
    double mu = (log(100) + log(300) + log(600)) / 3;
    cr_assert_float_eq(hd.mu, mu, 1e-12);
    double ss = pow(log(100) - mu, 2) + pow(log(300) - mu, 2) + pow(log(600) - mu, 2);
    cr_assert_float_eq(hd.sigma, sqrt(ss / 3), 1e-12);
    /* The log's own figures: 4 offered, answered within 20 s the unqueued call and
     * the one that waited 10 s, waits 0 + 30 + 10 s over 3 answered, 1 abandoned. */
    cc_history_kpis k;
    cc_history_kpis_of(h, &hd, &k);
    cr_assert_float_eq(k.service_level, 2.0 / 4, 1e-12);
    cr_assert_float_eq(k.asa_s, 40.0 / 3, 1e-12);
    cr_assert_float_eq(k.abandon_rate, 1.0 / 4, 1e-12);
    cr_assert_float_eq(k.mean_handling_s, 1000.0 / 3, 1e-12);
    cc_history_kpis_of(h, NULL, &k);
    cr_assert(isnan(k.mean_handling_s), "no fit, no mean handling time from a call log");
    cc_history_handling_fini(&hd);

    /* queued: 10 s answered, 30 s answered, 60 s abandoned */
    cc_history_patience p;
    cr_assert_eq(cc_history_patience_fit(h, &p, &err), CC_OK);
    cr_assert_eq(p.queued, 3);
    cr_assert_eq(p.abandoned, 1);
    cr_assert_float_eq(p.censored_mean_s, 100.0, 1e-12);
    cr_assert_eq(p.n_steps, 1);
    cr_assert_eq(cc_history_survival(&p, 59.0), 1.0);
    cr_assert_eq(cc_history_survival(&p, 60.0), 0.0, "the only caller still at risk left");
    cr_assert_eq(p.km_median_s, 60.0);
    cc_history_patience_fini(&p);
    cc_history_destroy(h);
}

Test(history, anonymous_bank_bad_record)
{
    cc_history_options o = { 0 };
    cc_error err = { 0 };
    cr_assert_eq(read_text("date\tvru_exit\tq_start\tq_time\toutcome\tser_start\tser_time\tserver\n"
                           "990201\t9:00:10\t0:00:00\t0\tAGENT\t9:00:10\t300\tDORIT\n"
                           "990201\t9:0x:10\t0:00:00\t0\tAGENT\t9:00:10\t300\tDORIT\n", &o, &err, NULL),
                 CC_EINPUT);
    cr_assert(strstr(err.msg, ":3: column vru_exit: a time H:MM:SS was expected (got \"9:0x:10\")"),
              "%s", err.msg);
    cr_assert_eq(read_text("date\tvru_exit\tq_start\tq_time\toutcome\tser_start\tser_time\tserver\n"
                           "990201\t9:00:10\t0:00:00\t0\tLOST\t9:00:10\t300\tDORIT\n", &o, &err, NULL),
                 CC_EINPUT);
    cr_assert(strstr(err.msg, ":2: column outcome: AGENT, HANG or PHANTOM was expected (got \"LOST\")"),
              "%s", err.msg);
}

/* ../shared/data/README.md: 33,344 records = AGENT 27,162 + HANG 5,904 + PHANTOM 278;
 * served with ser_time > 0 and a named server 26,586, mean 179.6 s, median 109 s;
 * queued (not PHANTOM) 18,059, of which 3,963 abandoned. */
Test(history, anonymous_bank_readme_figures)
{
    need(AB_FILE);
    cc_history_options o = { 0 };
    cc_history *h = read_ok(AB_FILE, &o);
    cr_assert_eq(h->records, 33344);
    cr_assert_eq(h->n_answered, 27162);
    cr_assert_eq(h->n_abandoned, 3963);
    size_t phantom_or_menu = h->n_ignored;
    cr_assert_eq(phantom_or_menu, 278 + (5904 - 3963), "PHANTOM and the HANGs that never queued");
    cr_assert_eq(h->days, 28);
    cr_assert_eq(h->first_date, 10623, "1999-02-01");

    cc_history_handling hd;
    cc_error err = { 0 };
    cr_assert_eq(cc_history_handling_fit(h, &hd, &err), CC_OK);
    cr_assert_eq(hd.n, 26586);
    cr_assert_float_eq(hd.mean_s, 179.6, 0.05);
    cr_assert_eq(hd.median_s, 109.0);
    cr_assert_float_eq(hd.fit_mean_s, exp(hd.mu + hd.sigma * hd.sigma / 2), 1e-9);
    cc_history_handling_fini(&hd);

    cc_history_patience p;
    cr_assert_eq(cc_history_patience_fit(h, &p, &err), CC_OK);
    cr_assert_eq(p.queued, 18059);
    cr_assert_eq(p.abandoned, 3963);
    cr_assert_float_eq(p.censored_mean_s, 1367207.0 / 3963, 1e-9);
    cr_assert(p.n_steps > 100);
    for (size_t k = 1; k < p.n_steps; k++)
        cr_assert(p.survival[k] < p.survival[k - 1] && p.time_s[k] > p.time_s[k - 1]);
    cc_history_patience_fini(&p);

    double offered = 0, answered = 0;
    for (size_t i = 0; i < h->n_intervals; i++) {
        offered += h->offered[i];
        answered += h->answered[i];
    }
    cr_assert_eq(offered, 27162 + 3963);
    cr_assert_eq(answered, 27162);
    cc_history_destroy(h);
}

/* 27,716 rows = 164 weekdays x 169 five-minute slots 07:00-21:00, 2003-03-03 to
 * 2003-10-24; handled calls only. */
Test(history, us_bank_readme_figures)
{
    need(US_FILE);
    cc_history_options o = { 0 };
    o.columns[CC_HISTORY_FIELD_START] = "DateTime";
    o.columns[CC_HISTORY_FIELD_HANDLED] = "Calls";
    cc_history *h = read_ok(US_FILE, &o);
    cr_assert_eq(h->records, 27716);
    cr_assert_eq(h->source_interval_s, 300.0);
    cr_assert_eq(h->days, 236);
    cr_assert_eq(h->missing_days, 236 - 164);
    cr_assert_eq(h->gaps, 0);
    cr_assert_eq(h->duplicates, 0);
    cr_assert(!h->has_offered && h->has_answered);
    size_t with_data = 0;
    for (size_t i = 0; i < h->n_intervals; i++)
        with_data += h->present[i];
    cr_assert_eq(with_data, 27716);
    cr_assert_eq(h->present[7 * 12], 1, "07:00 of the first day");
    cr_assert_eq(h->present[7 * 12 - 1], 0);
    cr_assert_eq(h->present[21 * 12], 1, "21:00, the last slot");
    cr_assert_eq(h->present[21 * 12 + 1], 0);
    cr_assert_eq(cc_history_volume(h, 7 * 12), 111.0, "the file's first row");
    cr_assert_eq(h->offered_total, (double)h->n_answered);
    cc_history_destroy(h);

    o.interval_s = 1800;
    h = read_ok(US_FILE, &o);
    cr_assert_eq(h->intervals_per_day, 48);
    cr_assert_eq(cc_history_volume(h, 14), 560.0, "07:00-07:30: the first six rows summed");
    cc_history_destroy(h);
}

/* --from/--days: rows outside the dates are skipped and not counted; the agents busy
 * on average are service seconds over the interval's length. */
Test(history, dates_and_busy_agents)
{
    cc_history_options o = { 0 };
    cc_history *h = read_ok("tests/data/history/ab-small.tsv", &o);
    cr_assert_float_eq(h->busy[18], (300.0 + 100.0) / 1800, 1e-12, "DORIT 300 s, TOVA 100 s");
    cr_assert_float_eq(h->busy[48 + 19], 600.0 / 1800, 1e-12);
    cc_history_destroy(h);
    o.dates = 1;
    o.from_date = o.to_date = 10624;    /* 1999-02-02 */
    h = read_ok("tests/data/history/ab-small.tsv", &o);
    cr_assert_eq(h->records, 2);
    cr_assert_eq(h->days, 1);
    cr_assert_eq(h->first_date, 10624);
    cr_assert_eq(h->n_answered, 1);
    cr_assert_eq(h->n_ignored, 1);
    cr_assert_eq(h->offered[19], 1.0);
    cc_history_destroy(h);
    o.from_date = o.to_date = 10630;
    cc_error err = { 0 };
    cr_assert_eq(cc_history_read("tests/data/history/ab-small.tsv", &o, &h, &err), CC_EINPUT);
    cr_assert(strstr(err.msg, "no call records after the header in the dates asked for"), "%s", err.msg);
    o.from_date = 20514;    /* 2026-03-02 */
    o.to_date = 20514;
    h = read_ok("tests/data/history/generic.csv", &o);
    cr_assert_eq(h->records, 2);
    cc_history_destroy(h);
}

/* The fuzz harness's seed corpus (fuzz/corpus/history/, replayed here in every run):
 * each file is read or refused with one line, in each of the three ways. */
Test(history, fuzz_corpus_reads_or_is_refused_in_one_line)
{
    static const char *const files[] = { "ab-nowait.tsv", "ab-small.tsv", "generic.csv",
                                         "handled-only.csv", "mapped.csv", "us-bank-head.csv" };
    int read = 0, refused = 0;
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
        for (int way = 0; way < 3; way++) {
            char path[128];
            snprintf(path, sizeof path, "fuzz/corpus/history/%s", files[k]);
            cc_history_options o = { 0 };
            o.format = way == 0 ? CC_HISTORY_AUTO : way == 1 ? CC_HISTORY_INTERVALS : CC_HISTORY_CALLS;
            o.interval_s = way == 1 ? 1800 : 0;
            cc_history *h = NULL;
            cc_error err = { 0 };
            int rc = cc_history_read(path, &o, &h, &err);
            cr_assert(rc == CC_OK || (rc == CC_EINPUT && !h && err.msg[0] && !strchr(err.msg, '\n')),
                      "%s way %d: %d %s", path, way, rc, err.msg);
            read += rc == CC_OK;
            refused += rc != CC_OK;
            cc_history_destroy(h);
        }
    cr_assert_geq(read, 6);
    cr_assert_geq(refused, 4, "a call log read as an export, and exports read as call logs");
}
