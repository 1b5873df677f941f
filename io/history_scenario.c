/* history_scenario.c — scenario files from history (history_scenario.h). */
#include "io/history_scenario.h"

#include "io/output.h"
#include "model/calendar.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cc_history_scenario_opening(const cc_history *h, unsigned *open_days, int *open_min, int *close_min)
{
    size_t lo = h->intervals_per_day, hi = 0;
    *open_days = 0;
    for (size_t d = 0; d < h->days; d++)
        for (size_t k = 0; k < h->intervals_per_day; k++)
            if (h->present[d * h->intervals_per_day + k] &&
                (h->format == CC_HISTORY_INTERVALS || cc_history_volume(h, d * h->intervals_per_day + k) > 0)) {
                *open_days |= 1u << cc_date_weekday(h->first_date + (long)d);
                lo = k < lo ? k : lo;
                hi = k + 1 > hi ? k + 1 : hi;
            }
    if (hi == 0) {
        lo = 0;
        hi = h->intervals_per_day;
    }
    *open_min = (int)((double)lo * h->interval_s / 60);
    *close_min = (int)((double)hi * h->interval_s / 60);
}

static int is_open(const cc_history_scenario *s, size_t i)
{
    size_t per_day = (size_t)(86400.0 / s->interval_s);
    long date = s->first_date + (long)(i / per_day);
    double from = (double)(i % per_day) * s->interval_s / 60, to = from + s->interval_s / 60;
    return (s->open_days >> cc_date_weekday(date) & 1u) && from < s->close_min && to > s->open_min;
}

static void write_hours(FILE *f, const cc_history_scenario *s)
{
    static const char *const names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    fputs("  hours = ( { days = \"", f);
    for (int w = 0, first = 1; w < 7; w++)
        if (s->open_days >> w & 1u) {
            fprintf(f, "%s%s", first ? "" : ",", names[w]);
            first = 0;
        }
    fprintf(f, "\"; open = \"%02d:%02d\"; close = \"%02d:%02d\"; } );\n", s->open_min / 60,
            s->open_min % 60, s->close_min / 60, s->close_min % 60);
}

/* One list of per-open-interval values, ten a line. */
static void write_list(FILE *f, const char *key, const cc_history_scenario *s, const double *v,
                       int integers)
{
    size_t n = s->days * (size_t)(86400.0 / s->interval_s), written = 0;
    fprintf(f, "    %s = [", key);
    for (size_t i = 0; i < n; i++) {
        if (!is_open(s, i))
            continue;
        fprintf(f, "%s%s", written ? "," : "", written % 10 == 0 ? "\n      " : " ");
        if (integers)
            fprintf(f, "%.0f", rint(v[i]));
        else
            fprintf(f, "%.3f", v[i]);
        written++;
    }
    fputs(" ];\n", f);
}

typedef struct trace_call {
    double arrival_s, handling_s;
} trace_call;

static int by_arrival(const void *a, const void *b)
{
    const trace_call *x = a, *y = b;
    return x->arrival_s < y->arrival_s ? -1 : x->arrival_s > y->arrival_s;
}

/* The call log's answered and abandoned calls inside the horizon, by arrival. */
static trace_call *trace_calls(const cc_history_scenario *s, size_t *n)
{
    const cc_history *h = s->trace;
    trace_call *t = malloc((h->n_calls ? h->n_calls : 1) * sizeof *t);
    if (!t)
        return NULL;
    double end = 86400.0 * (double)s->days;
    *n = 0;
    for (size_t k = 0; k < h->n_calls; k++) {
        const cc_history_call *c = &h->calls[k];
        if (c->outcome == CC_CALL_IGNORED || c->arrival_s >= end)
            continue;
        t[(*n)++] = (trace_call){ c->arrival_s,
                                  c->outcome == CC_CALL_ANSWERED ? c->handling_s : s->handling_mean_s };
    }
    qsort(t, *n, sizeof *t, by_arrival);
    return t;
}

static void write_trace(FILE *f, const trace_call *t, size_t n)
{
    for (int col = 0; col < 2; col++) {
        fprintf(f, "    %s%s = [", col ? "           " : "trace = { ", col ? "handling_s" : "arrival_s");
        for (size_t k = 0; k < n; k++)
            fprintf(f, "%s%s%.1f", k ? "," : "", k % 10 == 0 ? "\n      " : " ",
                    col ? t[k].handling_s : t[k].arrival_s);
        fputs(col ? " ]; };\n" : " ];\n", f);
    }
}

typedef struct scenario_text {
    const cc_history_scenario *s;
    const trace_call *trace;
    size_t n_trace;
} scenario_text;

/* The scenario file (cc_output_write_text's writer). */
static int write_scenario(FILE *f, const void *ctx)
{
    const scenario_text *st = ctx;
    const cc_history_scenario *s = st->s;
    const trace_call *trace = st->trace;
    size_t n_trace = st->n_trace;
    for (const char *c = s->comment; c && *c;) {
        const char *nl = strchr(c, '\n');
        int n = nl ? (int)(nl - c) : (int)strlen(c);
        fprintf(f, "# %.*s\n", n, c);
        c += n + (nl != NULL);
    }
    char date[11];
    cc_date_format(s->first_date, date);
    fprintf(f, "\nname = \"%s\";\n\ncalendar = {\n  start = \"%s\"; days = %zu; interval_min = %d;\n",
            s->name, date, s->days, (int)(s->interval_s / 60));
    write_hours(f, s);
    fprintf(f, "};\n\n# ASSUMPTION: an 80%% service-level target (history holds no target)\n"
            "targets = { service_level = 0.80; answer_within_s = %.1f; };\n\nqueues = (\n"
            "  { name = \"%s\"; channel = \"phone\";\n", s->within_s, s->name);
    if (trace) {
        fputs("    # the recorded calls asking for an agent; handling_s: the recorded service time of\n"
              "    # answered calls, the mean of answered calls for those who hung up\n", f);
        write_trace(f, trace, n_trace);
    } else {
        write_list(f, "calls_per_interval", s, s->calls, 0);
    }
    if (s->handling_cv > 0)
        fprintf(f, "    handling = { dist = \"lognormal\"; mean_s = %.3f; cv = %.4f; };\n",
                s->handling_mean_s, s->handling_cv);
    else
        fprintf(f, "    handling = { dist = \"exponential\"; mean_s = %.3f; };\n", s->handling_mean_s);
    if (s->patience_mean_s > 0)
        fprintf(f, "    patience = { dist = \"exponential\"; mean_s = %.3f; };\n", s->patience_mean_s);
    fputs("  }\n);\n", f);
    if (s->agents) {
        fprintf(f, "\n# ASSUMPTION: the log has no roster; agents on duty inferred from it (see Demand above)\n"
                "groups = (\n  { name = \"agents\"; serves = [ \"%s\" ];\n", s->name);
        write_list(f, "agents", s, s->agents, 1);
        fputs("  }\n);\n", f);
    }
    return 0;
}

int cc_history_scenario_write(const char *path, const cc_history_scenario *s, cc_error *err)
{
    static const int lengths[] = { 5, 10, 15, 20, 30, 60 };
    int ok = 0;
    for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++)
        ok |= s->interval_s == 60.0 * lengths[k];
    if (!ok)
        return cc_error_set(err, CC_EINPUT, "%s: a scenario's interval is 5, 10, 15, 20, 30 or 60 "
                            "minutes (got %g)", path, s->interval_s / 60);
    if (!s->days || s->days > 3660)
        return cc_error_set(err, CC_EINPUT, "%s: a scenario covers 1 to 3660 days (got %zu)", path, s->days);
    if (!(s->handling_mean_s > 0))
        return cc_error_set(err, CC_EINPUT, "%s: the handling time must be > 0 seconds (got %g)",
                            path, s->handling_mean_s);
    if (!s->open_days || s->close_min <= s->open_min)
        return cc_error_set(err, CC_EINPUT, "%s: no interval with calls to open the scenario on", path);
    size_t n_trace = 0;
    trace_call *trace = NULL;
    if (s->trace && !(trace = trace_calls(s, &n_trace)))
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory", path);
    if (s->trace && !n_trace) {
        free(trace);
        return cc_error_set(err, CC_EINPUT, "%s: the call log has no answered or abandoned call", path);
    }
    scenario_text st = { s, trace, n_trace };
    int rc = cc_output_write_text(path, "the scenario", write_scenario, &st, err);
    free(trace);
    return rc;
}

