/* cmd_history.c — `ccsim history`: reads an interval export or a per-call log
 * (io/history.h), prints what it holds (volumes, service level, ASA, abandon rate,
 * handling time, patience, inferred agents), and optionally forecasts the next days
 * (model/forecast.h), writes a scenario from it (io/history_scenario.h) or compares
 * a simulation of a scenario with it (sim/calibrate.h). */
#include "cli/args.h"
#include "cli/commands.h"
#include "io/h5table.h"
#include "io/history.h"
#include "io/history_scenario.h"
#include "io/json.h"
#include "io/output.h"
#include "model/calendar.h"
#include "model/forecast.h"
#include "sim/calibrate.h"
#include "sim/runner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ccsim history FILE [--format calls|intervals] [--interval MIN] [--within S]\n"
    "                     [--queue NAME] [--separator C] [--date-format FMT]\n"
    "                     [--column FIELD=NAME]... [--from DATE] [--days N]\n"
    "                     [--forecast DAYS] [--train-weeks W] [--holdout-weeks W]\n"
    "                     [--aht S] [--patience S] [--staffing distinct|busy]\n"
    "                     [--scenario-out FILE.cfg] [--calibrate SCENARIO.cfg] [--weekdays DAYS]\n"
    "                     [--replications N] [--seed S] [--threads T] [--json]\n"
    "\n"
    "Reads historical contact volumes: an interval export (CSV; docs/history.md) or a\n"
    "per-call log (the Anonymous Bank layout), and reports calls offered, answered and\n"
    "abandoned, service level, ASA, handling time, patience and agents per interval.\n"
    "  --format F          calls or intervals (default: a call log when the header is one)\n"
    "  --interval MIN      interval length: 5, 10, 15, 20, 30 or 60 (default: the export's\n"
    "                      own; 30 for a call log)\n"
    "  --within S          service-level time in seconds (> 0; default 20)\n"
    "  --queue NAME        the export's queue to read (required when it holds several)\n"
    "  --separator C       one character, or tab (default: the header's tab, ';' or ',')\n"
    "  --date-format FMT   strptime format of the interval start (default YYYY-MM-DD HH:MM[:SS])\n"
    "  --column FIELD=NAME the export's name of a column; FIELD is interval_start, queue,\n"
    "                      offered, handled, abandoned, handling_s or answered_within\n"
    "  --from DATE         read only rows dated from DATE (YYYY-MM-DD) ...\n"
    "  --days N            ... for N days (1 to 3660; default: to the file's end)\n"
    "  --forecast DAYS     forecast DAYS days after the history (1 to 3660)\n"
    "  --train-weeks W     fit the forecast on the last W weeks (default: all)\n"
    "  --holdout-weeks W   score the forecast on the last W weeks held back (default 4; 0: none)\n"
    "  --aht S, --patience S  handling time and patience (seconds > 0) for --scenario-out\n"
    "                      when the history has none, or to replace the history's\n"
    "  --scenario-out FILE write a scenario: a call log replayed as a trace with the inferred\n"
    "                      agents; an export's calls per interval; with --forecast, the forecast\n"
    "  --staffing S        a call log's agents for --scenario-out: distinct (default: every\n"
    "                      agent who served in the interval) or busy (service time / interval\n"
    "                      length, rounded up: the agents busy on average)\n"
    "  --calibrate FILE    simulate this scenario and compare SL, ASA and abandon rate per\n"
    "                      interval with the history (MAE and bias)\n"
    "  --weekdays DAYS     compare only these days, e.g. Sun-Thu or Mon,Wed (default: all)\n"
    "  --json              print one JSON object on stdout\n"
    "\n"
    "Exit status: 0 success, 1 bad input (one line on stderr), 2 internal error.\n";

typedef struct options {
    const char *path, *scenario_out, *calibrate;
    cc_history_options read;
    long long forecast_days, train_weeks, holdout_weeks, days;
    int busy_staffing;
    unsigned weekdays;
    double aht, patience;
    cc_args_run run;
    int json;
} options;

static int flag_number(int argc, char **argv, int *i, double lo, int lo_open, double *out, cc_error *err)
{
    const char *flag = argv[*i], *v;
    int rc = cc_args_value(argc, argv, i, &v, err);
    return rc ? rc : cc_args_double(flag, v, lo, lo_open, INFINITY, 1, out, err);
}

static int flag_whole(int argc, char **argv, int *i, long long lo, long long hi, long long *out,
                      cc_error *err)
{
    const char *flag = argv[*i], *v;
    int rc = cc_args_value(argc, argv, i, &v, err);
    return rc ? rc : cc_args_long(flag, v, lo, hi, out, err);
}

static int column_option(const char *v, cc_history_options *o, cc_error *err)
{
    const char *eq = strchr(v, '=');
    for (int f = 0; eq && eq[1] && f < CC_HISTORY_FIELDS; f++)
        if (strlen(cc_history_field_names[f]) == (size_t)(eq - v) &&
            !strncmp(v, cc_history_field_names[f], (size_t)(eq - v))) {
            o->columns[f] = eq + 1;
            return CC_OK;
        }
    return cc_error_set(err, CC_EINPUT, "--column must be FIELD=NAME with FIELD one of interval_start, "
                        "queue, offered, handled, abandoned, handling_s, answered_within (got '%s')", v);
}

/* "Sun-Thu", "Mon,Wed,Fri", "Fri-Mon" into a mask (bit w: weekday w, 0 = Monday). */
static int weekdays_option(const char *v, unsigned *mask, cc_error *err)
{
    static const char *const names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    *mask = 0;
    for (const char *p = v;;) {
        int a = -1, b = -1;
        for (int w = 0; w < 7; w++)
            if (!strncmp(p, names[w], 3))
                a = w;
        if (a >= 0 && p[3] == '-')
            for (int w = 0; w < 7; w++)
                if (!strncmp(p + 4, names[w], 3))
                    b = w;
        if (a < 0 || (p[3] == '-' && b < 0))
            return cc_error_set(err, CC_EINPUT, "--weekdays must be weekday names Mon..Sun, ranges "
                                "such as Sun-Thu, separated by commas (got '%s')", v);
        for (int w = a;; w = (w + 1) % 7) {
            *mask |= 1u << w;
            if (b < 0 || w == b)
                break;
        }
        p += b < 0 ? 3 : 7;
        if (!*p)
            return CC_OK;
        if (*p++ != ',')
            return cc_error_set(err, CC_EINPUT, "--weekdays must be weekday names Mon..Sun, ranges "
                                "such as Sun-Thu, separated by commas (got '%s')", v);
    }
}

static int parse(int argc, char **argv, options *o, int *help, cc_error *err)
{
    int rc = CC_OK;
    o->holdout_weeks = 4;
    for (int i = 1; i < argc && rc == CC_OK; i++) {
        const char *a = argv[i], *v = NULL;
        double x;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            *help = 1;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (cc_args_run_option(argc, argv, &i, 1, &o->run, &rc, err)) {
            continue;
        } else if (!strcmp(a, "--format")) {
            if (!(rc = cc_args_value(argc, argv, &i, &v, err))) {
                if (!strcmp(v, "calls"))
                    o->read.format = CC_HISTORY_CALLS;
                else if (!strcmp(v, "intervals"))
                    o->read.format = CC_HISTORY_INTERVALS;
                else
                    rc = cc_error_set(err, CC_EINPUT, "--format must be calls or intervals (got '%s')", v);
            }
        } else if (!strcmp(a, "--interval")) {
            if (!(rc = flag_number(argc, argv, &i, 0, 1, &x, err))) {
                if (x != 5 && x != 10 && x != 15 && x != 20 && x != 30 && x != 60)
                    rc = cc_error_set(err, CC_EINPUT, "--interval must be 5, 10, 15, 20, 30 or 60 "
                                      "minutes (got %s)", argv[i]);
                o->read.interval_s = 60 * x;
            }
        } else if (!strcmp(a, "--within")) {
            rc = flag_number(argc, argv, &i, 0, 1, &o->read.within_s, err);
        } else if (!strcmp(a, "--queue")) {
            rc = cc_args_value(argc, argv, &i, &o->read.queue, err);
        } else if (!strcmp(a, "--separator")) {
            if (!(rc = cc_args_value(argc, argv, &i, &v, err))) {
                if (!strcmp(v, "tab") || !strcmp(v, "\\t"))
                    o->read.separator = '\t';
                else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n')
                    o->read.separator = v[0];
                else
                    rc = cc_error_set(err, CC_EINPUT, "--separator must be one character or tab "
                                      "(got '%s')", v);
            }
        } else if (!strcmp(a, "--date-format")) {
            rc = cc_args_value(argc, argv, &i, &o->read.date_format, err);
        } else if (!strcmp(a, "--column")) {
            if (!(rc = cc_args_value(argc, argv, &i, &v, err)))
                rc = column_option(v, &o->read, err);
        } else if (!strcmp(a, "--from")) {
            if (!(rc = cc_args_value(argc, argv, &i, &v, err)) && cc_date_parse(v, &o->read.from_date))
                rc = cc_error_set(err, CC_EINPUT, "--from must be a date YYYY-MM-DD (got '%s')", v);
            o->read.dates = 1;
        } else if (!strcmp(a, "--days")) {
            rc = flag_whole(argc, argv, &i, 1, 3660, &o->days, err);
        } else if (!strcmp(a, "--staffing")) {
            if (!(rc = cc_args_value(argc, argv, &i, &v, err))) {
                if (!strcmp(v, "busy") || !strcmp(v, "distinct"))
                    o->busy_staffing = !strcmp(v, "busy");
                else
                    rc = cc_error_set(err, CC_EINPUT, "--staffing must be distinct or busy (got '%s')", v);
            }
        } else if (!strcmp(a, "--weekdays")) {
            if (!(rc = cc_args_value(argc, argv, &i, &v, err)))
                rc = weekdays_option(v, &o->weekdays, err);
        } else if (!strcmp(a, "--forecast")) {
            rc = flag_whole(argc, argv, &i, 1, 3660, &o->forecast_days, err);
        } else if (!strcmp(a, "--train-weeks")) {
            rc = flag_whole(argc, argv, &i, 2, 520, &o->train_weeks, err);
        } else if (!strcmp(a, "--holdout-weeks")) {
            rc = flag_whole(argc, argv, &i, 0, 520, &o->holdout_weeks, err);
        } else if (!strcmp(a, "--aht")) {
            rc = flag_number(argc, argv, &i, 0, 1, &o->aht, err);
        } else if (!strcmp(a, "--patience")) {
            rc = flag_number(argc, argv, &i, 0, 1, &o->patience, err);
        } else if (!strcmp(a, "--scenario-out")) {
            rc = cc_args_value(argc, argv, &i, &o->scenario_out, err);
        } else if (!strcmp(a, "--calibrate")) {
            rc = cc_args_value(argc, argv, &i, &o->calibrate, err);
        } else if (a[0] == '-') {
            rc = cc_error_set(err, CC_EINPUT, "unknown option '%s' (ccsim history --help lists them)", a);
        } else if (o->path) {
            rc = cc_error_set(err, CC_EINPUT, "one history file expected (got '%s' and '%s')", o->path, a);
        } else {
            o->path = a;
        }
    }
    if (rc == CC_OK && !*help && !o->path)
        rc = cc_error_set(err, CC_EINPUT, "a history file is required (ccsim history FILE)");
    if (rc == CC_OK && o->days && !o->read.dates)
        rc = cc_error_set(err, CC_EINPUT, "--days needs --from DATE");
    if (o->read.dates)
        o->read.to_date = o->days ? o->read.from_date + o->days - 1 : o->read.from_date + 3660 * 100;
    return rc;
}

/* Everything derived from the history, for printing. */
typedef struct summary {
    const cc_history *h;
    int have_handling, have_patience, have_forecast, have_calibration;
    cc_history_handling handling;
    cc_history_patience patience;
    cc_history_kpis kpi;        /* over the whole history */
    cc_forecast forecast;
    size_t holdout_weeks;
    cc_calibration cal;
    const cc_scenario *cal_scenario;
} summary;

static double sum(const double *v, size_t n)
{
    double t = 0;
    for (size_t i = 0; i < n; i++)
        t += v[i];
    return t;
}

static void interval_start(const cc_history *h, size_t i, char *buf, size_t n)
{
    char date[11];
    cc_date_format(h->first_date + (long)(i / h->intervals_per_day), date);
    int min = (int)((double)(i % h->intervals_per_day) * h->interval_s / 60);
    snprintf(buf, n, "%s %02d:%02d", date, min / 60, min % 60);
}

static void forecast_start(const cc_forecast *f, size_t i, char *buf, size_t n)
{
    char date[11];
    cc_date_format(f->first_date + (long)(i / f->intervals_per_day), date);
    int min = (int)(i % f->intervals_per_day * (1440 / f->intervals_per_day));
    snprintf(buf, n, "%s %02d:%02d", date, min / 60, min % 60);
}

static double ratio(double num, double den)
{
    return den > 0 ? num / den : NAN;
}

/* The history's interval index of a calibration row (the scenario's index, shifted
 * by the days between the two starts). */
static size_t cal_interval(const summary *m, const cc_cal_row *row)
{
    long offset = m->cal_scenario->calendar.first_date - m->h->first_date;
    return (size_t)offset * m->h->intervals_per_day + row->interval;
}

static const double survival_points[] = { 30, 60, 120, 300, 600 };
#define N_SURVIVAL (sizeof survival_points / sizeof survival_points[0])

static void print_json(const summary *m)
{
    const cc_history *h = m->h;
    cc_json j;
    cc_json_init(&j, stdout);
    cc_json_open(&j, NULL);
    cc_json_str(&j, "file", h->path);
    cc_json_str(&j, "format", h->format == CC_HISTORY_CALLS ? "calls" : "intervals");
    cc_json_str(&j, "reader", h->reader);
    cc_json_str(&j, "queue", h->queue);
    cc_json_bool(&j, "handled_only", !h->has_offered);
    char date[11];
    cc_date_format(h->first_date, date);
    cc_json_str(&j, "first_date", date);
    cc_json_int(&j, "days", (long long)h->days);
    cc_json_num(&j, "interval_min", h->interval_s / 60);
    cc_json_int(&j, "records", (long long)h->records);
    cc_json_int(&j, "answered", (long long)h->n_answered);
    if (h->has_abandoned)
        cc_json_int(&j, "abandoned", (long long)h->n_abandoned);
    else
        cc_json_num(&j, "abandoned", NAN);
    cc_json_int(&j, "ignored", (long long)h->n_ignored);
    cc_json_num(&j, "offered", h->has_offered ? h->offered_total : NAN);
    cc_json_num(&j, "mean_handling_s", m->kpi.mean_handling_s);
    cc_json_num(&j, "patience_s", m->have_patience ? m->patience.censored_mean_s : NAN);
    cc_json_num(&j, "service_level", m->kpi.service_level);
    cc_json_num(&j, "within_s", h->within_s);
    cc_json_num(&j, "asa_s", m->kpi.asa_s);
    cc_json_num(&j, "abandon_rate", m->kpi.abandon_rate);
    cc_json_int(&j, "gaps", (long long)h->gaps);
    cc_json_int(&j, "duplicates", (long long)h->duplicates);
    cc_json_int(&j, "missing_days", (long long)h->missing_days);
    if (m->have_handling) {
        const cc_history_handling *hd = &m->handling;
        cc_json_open(&j, "handling");
        cc_json_int(&j, "calls", (long long)hd->n);
        cc_json_num(&j, "mean_s", hd->mean_s);
        cc_json_num(&j, "median_s", hd->median_s);
        cc_json_num(&j, "cv", hd->cv);
        cc_json_open(&j, "lognormal");
        cc_json_num(&j, "mu", hd->mu);
        cc_json_num(&j, "sigma", hd->sigma);
        cc_json_num(&j, "mean_s", hd->fit_mean_s);
        cc_json_num(&j, "cv", hd->fit_cv);
        cc_json_close(&j);
        cc_json_close(&j);
    }
    if (m->have_patience) {
        const cc_history_patience *p = &m->patience;
        cc_json_open(&j, "patience");
        cc_json_int(&j, "queued", (long long)p->queued);
        cc_json_int(&j, "abandoned", (long long)p->abandoned);
        cc_json_num(&j, "censored_mean_s", p->censored_mean_s);
        cc_json_num(&j, "kaplan_meier_median_s", p->km_median_s);
        cc_json_open_array(&j, "survival");
        for (size_t k = 0; k < N_SURVIVAL; k++) {
            cc_json_open(&j, NULL);
            cc_json_num(&j, "t_s", survival_points[k]);
            cc_json_num(&j, "s", cc_history_survival(p, survival_points[k]));
            cc_json_close(&j);
        }
        cc_json_close_array(&j);
        cc_json_close(&j);
    }
    if (m->have_forecast) {
        const cc_forecast *f = &m->forecast;
        cc_json_open(&j, "forecast");
        cc_json_int(&j, "train_days", (long long)f->train_days);
        cc_json_num(&j, "trend_per_day", f->trend_per_day);
        cc_json_num(&j, "dispersion", f->dispersion);
        cc_json_num(&j, "level", f->level);
        if (m->holdout_weeks) {
            cc_json_open(&j, "holdout");
            cc_json_int(&j, "weeks", (long long)m->holdout_weeks);
            cc_json_int(&j, "days", (long long)f->holdout_days);
            cc_json_num(&j, "mape", f->model.mape);
            cc_json_num(&j, "bias", f->model.bias);
            cc_json_num(&j, "seasonal_naive_mape", f->seasonal_naive.mape);
            cc_json_num(&j, "seasonal_naive_bias", f->seasonal_naive.bias);
            cc_json_num(&j, "coverage", f->coverage);
            cc_json_num(&j, "poisson_coverage", f->poisson_coverage);
            cc_json_close(&j);
        }
        size_t P = f->intervals_per_day;
        cc_json_open_array(&j, "days");
        for (size_t d = 0; d < f->days; d++) {
            cc_date_format(f->first_date + (long)d, date);
            cc_json_open(&j, NULL);
            cc_json_str(&j, "date", date);
            cc_json_num(&j, "calls", sum(f->calls + d * P, P));
            cc_json_close(&j);
        }
        cc_json_close_array(&j);
        cc_json_open_array(&j, "intervals");
        for (size_t i = 0; i < f->days * P; i++) {
            if (f->calls[i] <= 0)
                continue;
            char when[32];
            forecast_start(f, i, when, sizeof when);
            cc_json_open(&j, NULL);
            cc_json_str(&j, "start", when);
            cc_json_num(&j, "calls", f->calls[i]);
            cc_json_num(&j, "lo", f->lo[i]);
            cc_json_num(&j, "hi", f->hi[i]);
            cc_json_close(&j);
        }
        cc_json_close_array(&j);
        cc_json_close(&j);
    }
    if (m->have_calibration) {
        const cc_calibration *c = &m->cal;
        cc_json_open(&j, "calibration");
        cc_json_str(&j, "scenario", m->cal_scenario->name);
        cc_json_int(&j, "intervals", (long long)c->n_rows);
        cc_json_num(&j, "observed_offered", c->observed_offered);
        cc_json_num(&j, "simulated_offered", c->simulated_offered);
        for (int k = 0; k < CC_CAL_METRICS; k++) {
            cc_json_open(&j, cc_cal_metric_names[k]);
            cc_json_num(&j, "observed", c->observed_total[k]);
            cc_json_num(&j, "simulated", c->simulated_total[k]);
            cc_json_num(&j, "mae", c->mae[k]);
            cc_json_num(&j, "bias", c->bias[k]);
            cc_json_close(&j);
        }
        cc_json_open_array(&j, "by_interval");
        for (size_t k = 0; k < c->n_rows; k++) {
            const cc_cal_row *row = &c->rows[k];
            char when[32];
            interval_start(m->h, cal_interval(m, row), when, sizeof when);
            cc_json_open(&j, NULL);
            cc_json_str(&j, "start", when);
            cc_json_num(&j, "offered", row->offered);
            for (int x = 0; x < CC_CAL_METRICS; x++) {
                cc_json_open(&j, cc_cal_metric_names[x]);
                cc_json_num(&j, "observed", row->observed[x]);
                cc_json_num(&j, "simulated", row->simulated[x]);
                cc_json_close(&j);
            }
            cc_json_close(&j);
        }
        cc_json_close_array(&j);
        cc_json_close(&j);
    }
    cc_json_open_array(&j, "intervals");
    for (size_t i = 0; i < h->n_intervals; i++) {
        if (!h->present[i])
            continue;
        char when[32];
        interval_start(h, i, when, sizeof when);
        cc_json_open(&j, NULL);
        cc_json_str(&j, "start", when);
        if (h->has_offered)
            cc_json_num(&j, "offered", h->offered[i]);
        if (h->has_answered)
            cc_json_num(&j, "answered", h->answered[i]);
        if (h->has_abandoned) {
            cc_json_num(&j, "abandoned", h->abandoned[i]);
            cc_json_num(&j, "abandon_rate", h->has_offered ? ratio(h->abandoned[i], h->offered[i]) : NAN);
        }
        if (h->has_within)
            cc_json_num(&j, "service_level",
                        h->has_offered ? ratio(h->answered_within[i], h->offered[i]) : NAN);
        if (h->format == CC_HISTORY_CALLS)
            cc_json_num(&j, "asa_s", ratio(h->wait_s[i], h->answered[i]));
        if (h->has_handling)
            cc_json_num(&j, "mean_handling_s", ratio(h->handled_s[i], h->answered[i]));
        if (h->has_agents) {
            cc_json_num(&j, "agents", h->agents[i]);
            cc_json_num(&j, "agents_busy", h->busy[i]);
        }
        cc_json_close(&j);
    }
    cc_json_close_array(&j);
    cc_json_close(&j);
    cc_json_finish(&j);
}

static void print_pct(const char *label, double v)
{
    if (isnan(v))
        printf("  %-26s n/a\n", label);
    else
        printf("  %-26s %.2f%%\n", label, 100 * v);
}

static void print_text(const summary *m)
{
    const cc_history *h = m->h;
    char from[11], to[11];
    cc_date_format(h->first_date, from);
    cc_date_format(h->first_date + (long)h->days - 1, to);
    if (h->format == CC_HISTORY_CALLS)
        printf("%s: per-call log (%s), queue %s\n", h->path, h->reader, h->queue);
    else
        printf("%s: interval export (%g-minute rows), queue %s\n", h->path, h->source_interval_s / 60,
               h->queue);
    printf("  %s to %s (%zu days), %g-minute intervals\n", from, to, h->days, h->interval_s / 60);
    if (!h->has_offered)
        printf("  handled calls only: the file has no offered count, so every volume below is calls\n"
               "  handled (demand less the calls abandoned); forecasts are of calls handled\n");
    printf("  records %zu: answered %zu", h->records, h->n_answered);
    if (h->has_abandoned)
        printf(", abandoned %zu", h->n_abandoned);
    printf(", ignored %zu%s\n", h->n_ignored,
           h->format == CC_HISTORY_CALLS ? " (test records, and callers who hung up in the voice menu)"
                                         : " (other queues and duplicate rows)");
    if (h->format == CC_HISTORY_INTERVALS)
        printf("  days without rows %zu, gaps %zu, duplicate rows %zu\n", h->missing_days, h->gaps,
               h->duplicates);
    if (h->gaps) {
        char date[11];
        cc_date_format(h->first_gap_date, date);
        printf("  first gap: %s %02d:%02d\n", date, h->first_gap_min / 60, h->first_gap_min % 60);
    }
    if (h->duplicates)
        printf("  first duplicate row: line %ld (the first row of an interval is kept)\n",
               h->first_duplicate_line);
    if (h->has_within)
        print_pct("service level", m->kpi.service_level);
    if (h->has_within)
        printf("    (answered within %g s / offered)\n", h->within_s);
    if (h->format == CC_HISTORY_CALLS)
        printf("  %-26s %.1f s\n", "ASA", m->kpi.asa_s);
    if (h->has_abandoned)
        print_pct("abandon rate", m->kpi.abandon_rate);
    if (m->have_handling) {
        const cc_history_handling *hd = &m->handling;
        printf("  handling time: %zu calls, mean %.1f s, median %.0f s, cv %.2f\n", hd->n, hd->mean_s,
               hd->median_s, hd->cv);
        printf("    lognormal fit: mu %.4f, sigma %.4f (mean %.1f s, cv %.2f)\n", hd->mu, hd->sigma,
               hd->fit_mean_s, hd->fit_cv);
    } else if (!isnan(m->kpi.mean_handling_s)) {
        printf("  %-26s %.1f s\n", "mean handling time", m->kpi.mean_handling_s);
    }
    if (m->have_patience) {
        const cc_history_patience *p = &m->patience;
        printf("  patience: %zu queued, %zu abandoned; censored estimate %.1f s (total time queued / "
               "abandonments)\n", p->queued, p->abandoned, p->censored_mean_s);
        printf("    Kaplan-Meier: median %.0f s;", p->km_median_s);
        for (size_t k = 0; k < N_SURVIVAL; k++)
            printf(" S(%g) %.3f", survival_points[k], cc_history_survival(p, survival_points[k]));
        printf("\n");
    }
    if (h->has_agents) {
        double peak = 0;
        for (size_t i = 0; i < h->n_intervals; i++)
            peak = h->agents[i] > peak ? h->agents[i] : peak;
        printf("  agents on duty (inferred from the agents serving in each interval): peak %.0f\n", peak);
    }
    if (m->have_forecast) {
        const cc_forecast *f = &m->forecast;
        printf("\nForecast: weekday levels with a linear trend, weekday intraday profiles (%zu days "
               "fitted)\n", f->train_days);
        printf("  trend %+.1f calls a day per day; dispersion (variance / mean) %.2f\n", f->trend_per_day,
               f->dispersion);
        if (m->holdout_weeks)
            printf("  %zu held-back weeks (%zu days): MAPE %.2f%%, bias %+.2f%%; seasonal naive MAPE "
                   "%.2f%%, bias %+.2f%%\n  %.0f%% interval coverage %.1f%% (a Poisson interval: %.1f%%)\n",
                   m->holdout_weeks, f->holdout_days, 100 * f->model.mape, 100 * f->model.bias,
                   100 * f->seasonal_naive.mape, 100 * f->seasonal_naive.bias, 100 * f->level,
                   100 * f->coverage, 100 * f->poisson_coverage);
        if (f->days)
            printf("  %-10s %8s   %-16s %8s %8s %8s\n", "date", "calls", "peak interval", "calls",
                   "lo", "hi");
        for (size_t d = 0; d < f->days; d++) {
            size_t P = f->intervals_per_day, peak = d * P;
            for (size_t i = d * P; i < (d + 1) * P; i++)
                peak = f->calls[i] > f->calls[peak] ? i : peak;
            char date[11], when[32];
            cc_date_format(f->first_date + (long)d, date);
            forecast_start(f, peak, when, sizeof when);
            printf("  %-10s %8.0f   %-16s %8.1f %8.1f %8.1f\n", date, sum(f->calls + d * P, P),
                   f->calls[peak] > 0 ? when + 11 : "closed", f->calls[peak], f->lo[peak], f->hi[peak]);
        }
    }
    if (m->have_calibration) {
        const cc_calibration *c = &m->cal;
        printf("\nCalibration: %s simulated against the history, %zu intervals with calls\n",
               m->cal_scenario->name, c->n_rows);
        printf("  %-14s %10s %10s %10s %10s\n", "", "observed", "simulated", "MAE", "bias");
        printf("  %-14s %10.0f %10.1f\n", "calls offered", c->observed_offered, c->simulated_offered);
        for (int k = 0; k < CC_CAL_METRICS; k++) {
            double scale = k == CC_CAL_ASA ? 1 : 100;
            const char *unit = k == CC_CAL_ASA ? " s" : " %";
            printf("  %-14s %8.2f%s %8.2f%s %8.2f%s %+8.2f%s\n", cc_cal_metric_names[k],
                   scale * c->observed_total[k], unit, scale * c->simulated_total[k], unit,
                   scale * c->mae[k], unit, scale * c->bias[k], unit);
        }
        if (c->n_rows > 48) {
            printf("  (%zu intervals: --json gives the table by interval)\n", c->n_rows);
            return;
        }
        printf("\n  %-16s %7s %15s %17s %17s\n", "start", "offered", "SL obs / sim",
               "ASA s obs / sim", "abandon obs / sim");
        for (size_t k = 0; k < c->n_rows; k++) {
            const cc_cal_row *row = &c->rows[k];
            char when[32];
            interval_start(m->h, cal_interval(m, row), when, sizeof when);
            printf("  %-16s %7.0f %6.1f%% %6.1f%% %8.1f %8.1f %7.1f%% %7.1f%%\n", when, row->offered,
                   100 * row->observed[0], 100 * row->simulated[0], row->observed[1], row->simulated[1],
                   100 * row->observed[2], 100 * row->simulated[2]);
        }
    }
}

/* The queue's and the scenario's name: the history's queue with quotes and
 * backslashes replaced, so that it can be written between quotes. */
static void scenario_name(const cc_history *h, char *buf, size_t n)
{
    snprintf(buf, n, "%s", h->queue);
    for (char *p = buf; *p; p++)
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '_';
}

static int write_scenario(const options *o, const summary *m, cc_error *err)
{
    const cc_history *h = m->h;
    double *busy = NULL;
    char name[128], comment[1024];
    scenario_name(h, name, sizeof name);
    cc_history_scenario spec = {
        .name = name, .first_date = h->first_date, .days = h->days, .interval_s = h->interval_s,
        .within_s = h->within_s,
    };
    cc_history_scenario_opening(h, &spec.open_days, &spec.open_min, &spec.close_min);
    /* the log's own mean and cv (the maximum-likelihood lognormal's mean is higher: the
       load must match the log's) */
    spec.handling_mean_s = o->aht > 0 ? o->aht : m->kpi.mean_handling_s;
    spec.handling_cv = o->aht > 0 || !m->have_handling ? 0 : m->handling.cv;
    spec.patience_mean_s = o->patience > 0 ? o->patience : m->have_patience ? m->patience.censored_mean_s : 0;
    if (!(spec.handling_mean_s > 0))
        return cc_error_set(err, CC_EINPUT, "%s has no handling time: give --aht S for the scenario",
                            h->path);
    const char *what;
    if (m->have_forecast) {
        spec.first_date = m->forecast.first_date;
        spec.days = m->forecast.days;
        spec.calls = m->forecast.calls;
        what = "the forecast of calls per interval";
    } else if (h->format == CC_HISTORY_CALLS) {
        spec.trace = h;
        spec.agents = h->agents;
        if (o->busy_staffing) {
            if (!(busy = malloc(h->n_intervals * sizeof *busy)))
                return cc_error_set(err, CC_EINTERNAL, "out of memory");
            for (size_t i = 0; i < h->n_intervals; i++)
                busy[i] = ceil(h->busy[i] - 1e-9);
            spec.agents = busy;
        }
        spec.open_days = 0x7f;      /* every recorded call has an open line */
        spec.open_min = 0;
        spec.close_min = 24 * 60;
        what = o->busy_staffing ? "the recorded calls replayed as a trace; agents: the agents busy on "
                                  "average in each interval, rounded up (service time / interval length)"
                                : "the recorded calls replayed as a trace; agents: every agent who served "
                                  "a call in the interval";
    } else {
        spec.calls = h->has_offered ? h->offered : h->answered;
        what = h->has_offered ? "the calls offered per interval" : "the calls HANDLED per interval "
                                                                   "(the file has no offered count)";
    }
    snprintf(comment, sizeof comment,
             "Written by `ccsim history` from %s (%zu records).\n"
             "Demand: %s.\n"
             "Handling: %s. Patience: %s.",
             h->path, h->records, what,
             o->aht > 0 ? "--aht, exponential" : m->have_handling ? "lognormal with the log's mean and cv" :
                                                                    "the export's mean, exponential",
             o->patience > 0 ? "--patience, exponential" :
             m->have_patience ? "exponential with the censored estimate" : "none (callers never abandon)");
    spec.comment = comment;
    int rc = cc_history_scenario_write(o->scenario_out, &spec, err);
    free(busy);
    return rc;
}

static int calibrate(const options *o, summary *m, cc_scenario **sp, cc_results **rp, cc_error *err)
{
    int rc = cc_args_load_scenario("history", o->calibrate, sp, err);
    if (rc)
        return rc;
    const cc_scenario *s = *sp;
    size_t q = 0;
    for (size_t k = 0; k < s->n_queues; k++)
        if (!strcmp(s->queues[k].name, m->h->queue))
            q = k;
    cc_run_options ro = { 0 };
    cc_args_run_resolve(&o->run, s, &ro.replications, &ro.seed, &ro.threads);
    if ((rc = cc_simulate(s, &ro, rp, err)))
        return rc;
    if ((rc = cc_calibrate(m->h, *rp, q, 1, o->weekdays, &m->cal, err)))
        return rc;
    m->cal_scenario = s;
    m->have_calibration = 1;
    return CC_OK;
}

int cc_cmd_history(int argc, char **argv)
{
    options o = { 0 };
    int help = 0;
    cc_error err = { 0 };
    int rc = parse(argc, argv, &o, &help, &err);
    if (help && rc == CC_OK) {
        fputs(usage, stdout);
        return 0;
    }
    cc_history *h = NULL;
    summary m = { 0 };
    cc_scenario *cal_s = NULL;
    cc_results *cal_r = NULL;
    if (rc == CC_OK && o.scenario_out)
        rc = cc_output_check("--scenario-out", o.scenario_out, &err);
    if (rc == CC_OK)
        rc = cc_history_read(o.path, &o.read, &h, &err);
    if (rc != CC_OK)
        goto out;
    m.h = h;
    if (h->format == CC_HISTORY_CALLS) {
        if ((rc = cc_history_handling_fit(h, &m.handling, &err)) == CC_OK)
            m.have_handling = 1;
        else if (rc == CC_EINPUT)
            rc = CC_OK;     /* a log without served calls: no handling time to report */
        if (rc == CC_OK && (rc = cc_history_patience_fit(h, &m.patience, &err)) == CC_OK)
            m.have_patience = m.patience.queued > 0;
        if (rc != CC_OK)
            goto out;
    }
    cc_history_kpis_of(h, m.have_handling ? &m.handling : NULL, &m.kpi);
    if (o.forecast_days) {
        cc_series s = { h->first_date, h->days, h->intervals_per_day,
                        h->has_offered ? h->offered : h->answered, h->present };
        cc_forecast_options fo = { .train_weeks = (size_t)o.train_weeks,
                                   .holdout_weeks = (size_t)o.holdout_weeks,
                                   .horizon_days = (size_t)o.forecast_days };
        if ((rc = cc_forecast_run(&s, &fo, &m.forecast, &err)) != CC_OK)
            goto out;
        m.have_forecast = 1;
        m.holdout_weeks = (size_t)o.holdout_weeks;
    }
    if (o.calibrate && (rc = calibrate(&o, &m, &cal_s, &cal_r, &err)) != CC_OK)
        goto out;
    if (o.scenario_out && (rc = write_scenario(&o, &m, &err)) != CC_OK)
        goto out;
    if (o.json)
        print_json(&m);
    else
        print_text(&m);
    rc = cc_cli_stdout_done(&err);
out:
    if (rc != CC_OK)
        fprintf(stderr, "ccsim history: %s\n", err.msg);
    if (m.have_handling)
        cc_history_handling_fini(&m.handling);
    cc_history_patience_fini(&m.patience);
    if (m.have_forecast)
        cc_forecast_fini(&m.forecast);
    cc_calibration_fini(&m.cal);
    cc_results_destroy(cal_r);
    cc_scenario_destroy(cal_s);
    cc_history_destroy(h);
    return rc;
}
