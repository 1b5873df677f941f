/* history.c — interval exports and per-call logs (history.h). The whole file is read
 * into memory once and split in place: a 3.4 MB log costs one buffer and one array
 * of calls, and one pass. */
#define _XOPEN_SOURCE 700   /* strptime */

#include "io/history.h"

#include "model/calendar.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const cc_history_field_names[CC_HISTORY_FIELDS] = {
    "interval_start", "queue", "offered", "handled", "abandoned", "handling_s", "answered_within"
};

#define MAX_FIELDS 64

/* ------------------------------------------------------------------ text */

typedef struct text {
    char *buf;      /* the file, NUL-terminated */
    char *at;       /* the next line */
    long line;      /* the line last returned */
} text;

static int text_read(const char *path, text *t, cc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cc_error_set(err, CC_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        char *grown = realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory", path);
    if (bad) {
        free(buf);
        return cc_error_set(err, CC_EINPUT, "%s: read error", path);
    }
    buf[n] = '\0';
    if (strlen(buf) != n) {
        free(buf);
        return cc_error_set(err, CC_EINPUT, "%s: not a text file (holds a NUL byte)", path);
    }
    t->buf = buf;
    t->at = buf;
    if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        t->at += 3;     /* UTF-8 byte-order mark */
    t->line = 0;
    return CC_OK;
}

/* The next line without its CR LF, or NULL at the end. */
static char *text_line(text *t)
{
    if (!*t->at)
        return NULL;
    char *line = t->at, *nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        t->at = nl + 1;
    } else {
        t->at = line + strlen(line);
    }
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r')
        line[n - 1] = '\0';
    t->line++;
    return line;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

static char *trim(char *s)
{
    while (*s == ' ' || (*s == '\t'))
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Splits a line in place on sep; a field in double quotes may hold sep, and "" is a
 * quote. Returns the number of fields, or -1 for an unclosed quote; at most max. */
static int split(char *line, char sep, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max)
            return max + 1;
        char *start = p;
        while (*p == ' ' && sep != ' ')
            p++;
        if (*p == '"') {
            char *w = start;
            fields[n++] = w;
            for (p++;; p++) {
                if (!*p)
                    return -1;
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p++;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p;
                }
            }
            while (*p == ' ')
                p++;
            if (*p && *p != sep)
                return -1;
            char *next = *p ? p + 1 : NULL;
            *w = '\0';
            if (!next)
                return n;
            p = next;
        } else {
            fields[n++] = start;
            char *end = strchr(start, sep);
            if (!end) {
                fields[n - 1] = trim(start);
                return n;
            }
            *end = '\0';
            fields[n - 1] = trim(start);
            p = end + 1;
        }
    }
}

/* "FILE:LINE: column NAME: what (got "VALUE")". */
static int row_error(cc_error *err, const char *path, long line, const char *column,
                     const char *what, const char *value)
{
    return cc_error_set(err, CC_EINPUT, "%s:%ld: column %s: %s (got \"%.80s\")", path, line,
                        column, what, value);
}

static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* "H:MM:SS" (H from 0 to 47, so that a time past midnight of the record's date is
 * accepted) into seconds. */
static int parse_clock(const char *s, double *out)
{
    int h, m, sec, used = 0;
    if (sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &used) != 3 || s[used] || h < 0 || h > 47 ||
        m < 0 || m > 59 || sec < 0 || sec > 59)
        return -1;
    *out = 3600.0 * h + 60.0 * m + sec;
    return 0;
}

/* An interval start: strptime(3) with fmt, or by default "YYYY-MM-DD HH:MM[:SS]"
 * with 'T' for the space and an optional trailing 'Z'. */
static int parse_start(const char *s, const char *fmt, long *date, int *sec)
{
    if (fmt) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        tm.tm_mday = 1;
        const char *end = strptime(s, fmt, &tm);
        if (!end || *end || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1)
            return -1;
        int y = tm.tm_year + 1900, m = tm.tm_mon + 1, dd = tm.tm_mday, cy, cm, cd;
        if (y < 1 || y > 9999 || dd > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
            return -1;
        long d = cc_date_days(y, m, dd);
        cc_date_civil(d, &cy, &cm, &cd);
        if (cy != y || cm != m || cd != dd)
            return -1;      /* 31 April and the like */
        *date = d;
        *sec = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
        return 0;
    }
    char buf[32];
    size_t n = strlen(s);
    if (n < 16 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n + 1);
    if (buf[n - 1] == 'Z')
        buf[--n] = '\0';
    if (buf[10] == 'T')
        buf[10] = ' ';
    return cc_datetime_parse(buf, date, sec);
}

/* Index of name among the header fields, or -1. */
static int find_column(char **header, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(header[i], name))
            return i;
    return -1;
}

/* The header's separator: the first of tab, ';', ',' that it holds (',' if none). */
static char guess_separator(const char *header)
{
    if (strchr(header, '\t'))
        return '\t';
    if (strchr(header, ';'))
        return ';';
    return ',';
}

/* ------------------------------------------------------------------ layout */

static double *zeros(size_t n)
{
    return calloc(n ? n : 1, sizeof(double));
}

/* Allocates the per-interval arrays for days from first_date. */
static int layout(cc_history *h, long first_date, long last_date, double interval_s)
{
    h->first_date = first_date;
    h->days = (size_t)(last_date - first_date + 1);
    h->interval_s = interval_s;
    h->intervals_per_day = (size_t)(86400.0 / interval_s);
    h->n_intervals = h->days * h->intervals_per_day;
    size_t n = h->n_intervals;
    h->present = calloc(n ? n : 1, 1);
    h->offered = zeros(n);
    h->answered = zeros(n);
    h->abandoned = zeros(n);
    h->answered_within = zeros(n);
    h->wait_s = zeros(n);
    h->handled_s = zeros(n);
    h->agents = zeros(n);
    h->busy = zeros(n);
    return h->present && h->offered && h->answered && h->abandoned && h->answered_within &&
           h->wait_s && h->handled_s && h->agents && h->busy ? 0 : -1;
}

#define MAX_SPAN_DAYS 3660

/* A history covers at most ten years, as a scenario does. */
static int check_span(const char *path, long first, long last, cc_error *err)
{
    if (last - first + 1 > MAX_SPAN_DAYS) {
        char a[11], b[11];
        cc_date_format(first, a);
        cc_date_format(last, b);
        return cc_error_set(err, CC_EINPUT, "%s: the rows span %s to %s, %ld days: at most %d",
                            path, a, b, last - first + 1, MAX_SPAN_DAYS);
    }
    return CC_OK;
}

static int check_interval(const char *path, double interval_s, double unit_s, cc_error *err)
{
    if (!(interval_s > 0) || fmod(86400.0, interval_s) != 0 || fmod(interval_s, unit_s) != 0)
        return cc_error_set(err, CC_EINPUT,
                            "%s: interval %g min must divide the day and be a multiple of the "
                            "file's own %g min", path, interval_s / 60, unit_s / 60);
    return CC_OK;
}

/* ------------------------------------------------------------------ call logs */

/* The Anonymous Bank log (Technion SEE Center; shared/data/README.md). */
static const char *const anonymous_bank_columns[] = {
    "date", "vru_exit", "q_start", "q_time", "outcome", "ser_start", "ser_time", "server"
};
enum { AB_DATE, AB_VRU_EXIT, AB_Q_START, AB_Q_TIME, AB_OUTCOME, AB_SER_START, AB_SER_TIME, AB_SERVER };

static int ab_field_error(cc_error *err, int c, const char *what, const char *value)
{
    return cc_error_set(err, CC_EINPUT, "column %s: %s (got \"%.80s\")", anonymous_bank_columns[c],
                        what, value);
}

static int anonymous_bank_parse(char **f, const int *col, cc_history_call *call, long *date,
                                const char **server_name, cc_error *err)
{
    const char *d = f[col[AB_DATE]];
    char iso[11];
    if (strlen(d) != 6 || strspn(d, "0123456789") != 6)
        return ab_field_error(err, AB_DATE, "a date YYMMDD was expected", d);
    snprintf(iso, sizeof iso, "%s%.2s-%.2s-%.2s", d[0] >= '5' ? "19" : "20", d, d + 2, d + 4);
    if (cc_date_parse(iso, date))
        return ab_field_error(err, AB_DATE, "not a calendar date YYMMDD", d);
    static const int clocks[] = { AB_VRU_EXIT, AB_Q_START, AB_SER_START };
    double t[3];
    for (int k = 0; k < 3; k++)
        if (parse_clock(f[col[clocks[k]]], &t[k]))
            return ab_field_error(err, clocks[k], "a time H:MM:SS was expected", f[col[clocks[k]]]);
    double q_time, ser_time;
    if (parse_number(f[col[AB_Q_TIME]], &q_time) || q_time < 0 || q_time > 86400)
        return ab_field_error(err, AB_Q_TIME, "seconds in [0, 86400] were expected", f[col[AB_Q_TIME]]);
    if (parse_number(f[col[AB_SER_TIME]], &ser_time) || ser_time < 0 || ser_time > 86400)
        return ab_field_error(err, AB_SER_TIME, "seconds in [0, 86400] were expected",
                              f[col[AB_SER_TIME]]);
    const char *outcome = f[col[AB_OUTCOME]];
    int queued = t[1] > 0 || q_time > 0;
    memset(call, 0, sizeof *call);
    call->arrival_s = t[0];
    call->wait_s = q_time;
    call->queued = queued;
    call->server = -1;
    if (!strcmp(outcome, "AGENT")) {
        call->outcome = CC_CALL_ANSWERED;
        call->service_start_s = t[2] >= t[0] ? t[2] : t[2] + 86400.0;  /* after midnight */
        call->handling_s = ser_time;
    } else if (!strcmp(outcome, "HANG")) {
        call->outcome = queued ? CC_CALL_ABANDONED : CC_CALL_IGNORED;  /* else hung up in the menu */
    } else if (!strcmp(outcome, "PHANTOM")) {
        call->outcome = CC_CALL_IGNORED;
    } else {
        return ab_field_error(err, AB_OUTCOME, "AGENT, HANG or PHANTOM was expected", outcome);
    }
    const char *server = f[col[AB_SERVER]];
    *server_name = call->outcome == CC_CALL_ANSWERED && *server && strcmp(server, "NO_SERVER")
                   ? server : NULL;
    return CC_OK;
}

static const cc_history_call_reader call_readers[] = {
    { "anonymous-bank", '\t', anonymous_bank_columns,
      sizeof anonymous_bank_columns / sizeof anonymous_bank_columns[0], anonymous_bank_parse },
};
#define N_CALL_READERS (sizeof call_readers / sizeof call_readers[0])

/* The reader whose columns the header holds (col filled), or NULL. */
static const cc_history_call_reader *match_reader(char *header_line, int *col)
{
    for (size_t r = 0; r < N_CALL_READERS; r++) {
        const cc_history_call_reader *rd = &call_readers[r];
        char *copy = strdup(header_line), *fields[MAX_FIELDS];
        if (!copy)
            return NULL;
        int n = split(copy, rd->separator, fields, MAX_FIELDS);
        int ok = n > 0 && n <= MAX_FIELDS;
        for (size_t c = 0; ok && c < rd->n_columns; c++)
            ok = (col[c] = find_column(fields, n, rd->columns[c])) >= 0;
        free(copy);
        if (ok)
            return rd;
    }
    return NULL;
}

static int server_index(cc_history *h, const char *name)
{
    for (size_t i = 0; i < h->n_servers; i++)
        if (!strcmp(h->servers[i], name))
            return (int)i;
    if ((h->n_servers & (h->n_servers + 1)) == 0 || !h->n_servers) {
        char **grown = realloc(h->servers, (2 * h->n_servers + 2) * sizeof *grown);
        if (!grown)
            return -2;
        h->servers = grown;
    }
    if (!(h->servers[h->n_servers] = strdup(name)))
        return -2;
    return (int)h->n_servers++;
}

/* Per-interval figures of a call log, by arrival interval; agents on duty by
 * overlap of their services with the interval. */
static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Per-interval figures of a call log, by arrival interval; agents on duty by
 * overlap of their services with the interval: one (interval, agent) pair per
 * overlap, sorted, distinct pairs counted (memory in proportion to the overlaps,
 * not to intervals x agents). */
static int tabulate_calls(cc_history *h, const long *dates)
{
    double L = h->interval_s;
    size_t n_pairs = 0, cap = 1024;
    uint64_t *pairs = malloc(cap * sizeof *pairs);
    if (!pairs)
        return -1;
    for (size_t k = 0; k < h->n_calls; k++) {
        cc_history_call *c = &h->calls[k];
        double day0 = 86400.0 * (double)(dates[k] - h->first_date);
        c->arrival_s += day0;
        c->service_start_s += day0;
        if (c->outcome == CC_CALL_IGNORED)
            continue;
        size_t i = (size_t)(c->arrival_s / L);
        if (i >= h->n_intervals)
            i = h->n_intervals - 1;     /* a call after midnight of the last day */
        h->offered[i] += 1;
        if (c->outcome == CC_CALL_ABANDONED) {
            h->abandoned[i] += 1;
            continue;
        }
        h->answered[i] += 1;
        h->wait_s[i] += c->wait_s;
        h->handled_s[i] += c->handling_s;
        if (c->wait_s <= h->within_s)
            h->answered_within[i] += 1;
        if (c->server < 0)
            continue;
        double end = c->service_start_s + c->handling_s;
        size_t from = (size_t)(c->service_start_s / L), to = (size_t)(end / L);
        if (c->handling_s > 0 && fmod(end, L) == 0)
            to--;       /* a service ending on a boundary does not reach the next interval */
        for (size_t j = from; j <= to && j < h->n_intervals; j++) {
            if (n_pairs == cap) {
                uint64_t *grown = realloc(pairs, 2 * cap * sizeof *pairs);
                if (!grown) {
                    free(pairs);
                    return -1;
                }
                pairs = grown;
                cap *= 2;
            }
            pairs[n_pairs++] = (uint64_t)j * h->n_servers + (uint64_t)c->server;
            double lo = fmax(c->service_start_s, (double)j * L), hi = fmin(end, (double)(j + 1) * L);
            h->busy[j] += hi > lo ? (hi - lo) / L : 0;
        }
    }
    qsort(pairs, n_pairs, sizeof *pairs, by_value);
    for (size_t k = 0; k < n_pairs; k++)
        if (!k || pairs[k] != pairs[k - 1])
            h->agents[pairs[k] / h->n_servers] += 1;
    for (size_t i = 0; i < h->n_intervals; i++)
        h->present[i] = 1;
    free(pairs);
    return 0;
}

static int read_calls(cc_history *h, text *t, const cc_history_call_reader *rd, const int *col,
                      const cc_history_options *opt, cc_error *err)
{
    size_t cap = 1024;
    long *dates = malloc(cap * sizeof *dates);
    h->calls = malloc(cap * sizeof *h->calls);
    long first = 0, last = 0;
    int rc = CC_OK;
    int needed = 0;
    for (size_t c = 0; c < rd->n_columns; c++)
        if (col[c] >= needed)
            needed = col[c] + 1;
    char *line, *fields[MAX_FIELDS];
    while (rc == CC_OK && dates && h->calls && (line = text_line(t))) {
        if (blank(line))
            continue;
        int n = split(line, rd->separator, fields, MAX_FIELDS);
        if (n < needed) {
            rc = cc_error_set(err, CC_EINPUT, "%s:%ld: %d fields, the %s header needs at least %d",
                              h->path, t->line, n < 0 ? 0 : n, rd->name, needed);
            break;
        }
        if (h->n_calls == cap) {
            cap *= 2;
            long *d2 = realloc(dates, cap * sizeof *d2);
            if (d2)
                dates = d2;
            cc_history_call *c2 = realloc(h->calls, cap * sizeof *c2);
            if (c2)
                h->calls = c2;
            if (!d2 || !c2) {
                rc = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", h->path);
                break;
            }
        }
        cc_history_call *call = &h->calls[h->n_calls];
        const char *server = NULL;
        cc_error fe = { 0 };
        if (rd->parse(fields, col, call, &dates[h->n_calls], &server, &fe)) {
            rc = cc_error_set(err, CC_EINPUT, "%s:%ld: %s", h->path, t->line, fe.msg);
            break;
        }
        if (server && (call->server = server_index(h, server)) == -2) {
            rc = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", h->path);
            break;
        }
        long d = dates[h->n_calls];
        if (opt->dates && (d < opt->from_date || d > opt->to_date))
            continue;
        if (!h->n_calls || d < first)
            first = d;
        if (!h->n_calls || d > last)
            last = d;
        h->records++;
        h->n_answered += call->outcome == CC_CALL_ANSWERED;
        h->n_abandoned += call->outcome == CC_CALL_ABANDONED;
        h->n_ignored += call->outcome == CC_CALL_IGNORED;
        h->n_calls++;
    }
    if (rc == CC_OK && (!dates || !h->calls))
        rc = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", h->path);
    if (rc == CC_OK && !h->n_calls)
        rc = cc_error_set(err, CC_EINPUT, "%s: no call records after the header%s", h->path,
                          opt->dates ? " in the dates asked for" : "");
    double L = opt->interval_s > 0 ? opt->interval_s : 1800.0;
    if (rc == CC_OK)
        rc = check_span(h->path, first, last, err);
    if (rc == CC_OK)
        rc = check_interval(h->path, L, 1.0, err);
    if (rc == CC_OK && (layout(h, first, last, L) || tabulate_calls(h, dates)))
        rc = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", h->path);
    if (rc == CC_OK) {
        h->has_offered = h->has_answered = h->has_abandoned = h->has_within = 1;
        h->has_handling = h->has_agents = 1;
        h->offered_total = (double)(h->n_answered + h->n_abandoned);
    }
    free(dates);
    return rc;
}

/* ------------------------------------------------------------------ interval exports */

typedef struct row {
    long date;
    int sec;
    long line;
    double v[CC_HISTORY_FIELDS];    /* by field; START and QUEUE unused */
} row;

static long gcd(long a, long b)
{
    while (b) {
        long r = a % b;
        a = b;
        b = r;
    }
    return a;
}

static int read_intervals(cc_history *h, text *t, char *header_line, const cc_history_options *opt,
                          cc_error *err)
{
    char sep = opt->separator ? opt->separator : guess_separator(header_line);
    char *hdr[MAX_FIELDS];
    int nh = split(header_line, sep, hdr, MAX_FIELDS);
    if (nh < 1 || nh > MAX_FIELDS)
        return cc_error_set(err, CC_EINPUT, "%s:%ld: header: 1 to %d columns separated by '%c' "
                            "were expected", h->path, t->line, MAX_FIELDS, sep);
    int col[CC_HISTORY_FIELDS];
    const char *name[CC_HISTORY_FIELDS];
    for (int f = 0; f < CC_HISTORY_FIELDS; f++) {
        name[f] = opt->columns[f] ? opt->columns[f] : cc_history_field_names[f];
        col[f] = find_column(hdr, nh, name[f]);
        if (col[f] < 0 && opt->columns[f])
            return cc_error_set(err, CC_EINPUT, "%s:%ld: column %s (mapped to %s) is not in the "
                                "header", h->path, t->line, name[f], cc_history_field_names[f]);
    }
    if (col[CC_HISTORY_FIELD_START] < 0)
        return cc_error_set(err, CC_EINPUT, "%s:%ld: no column %s (the interval start; map "
                            "another with start=NAME)", h->path, t->line, name[CC_HISTORY_FIELD_START]);
    if (col[CC_HISTORY_FIELD_OFFERED] < 0 && col[CC_HISTORY_FIELD_HANDLED] < 0)
        return cc_error_set(err, CC_EINPUT, "%s:%ld: neither column %s nor %s: at least one count "
                            "of calls is needed", h->path, t->line, name[CC_HISTORY_FIELD_OFFERED],
                            name[CC_HISTORY_FIELD_HANDLED]);
    if (col[CC_HISTORY_FIELD_HANDLING_S] >= 0 && col[CC_HISTORY_FIELD_HANDLED] < 0)
        return cc_error_set(err, CC_EINPUT, "%s:%ld: column %s needs column %s (handling time is "
                            "a mean over the handled calls)", h->path, t->line,
                            name[CC_HISTORY_FIELD_HANDLING_S], name[CC_HISTORY_FIELD_HANDLED]);

    size_t cap = 4096, n = 0;
    row *rows = malloc(cap * sizeof *rows);
    char *queue = NULL;
    int rc = CC_OK;
    char *line, *f[MAX_FIELDS];
    while (rc == CC_OK && rows && (line = text_line(t))) {
        if (blank(line))
            continue;
        int nf = split(line, sep, f, MAX_FIELDS);
        if (nf != nh) {
            rc = cc_error_set(err, CC_EINPUT, "%s:%ld: %s fields, the header has %d",
                              h->path, t->line, nf < 0 ? "an unclosed quote in the" :
                              nf > MAX_FIELDS ? "too many" : "a different number of", nh);
            break;
        }
        if (n == cap) {
            row *grown = realloc(rows, 2 * cap * sizeof *rows);
            if (!grown) {
                free(rows);
                rows = NULL;
                break;
            }
            rows = grown;
            cap *= 2;
        }
        row *r = &rows[n];
        r->line = t->line;
        const char *s = f[col[CC_HISTORY_FIELD_START]];
        if (parse_start(s, opt->date_format, &r->date, &r->sec) || r->sec % 60) {
            char what[160];
            snprintf(what, sizeof what, "a date and time %s on a whole minute was expected",
                     opt->date_format ? opt->date_format : "YYYY-MM-DD HH:MM[:SS]");
            rc = row_error(err, h->path, t->line, name[CC_HISTORY_FIELD_START], what, s);
            break;
        }
        if (opt->dates && (r->date < opt->from_date || r->date > opt->to_date))
            continue;       /* outside the dates: not read at all */
        h->records++;
        if (col[CC_HISTORY_FIELD_QUEUE] >= 0) {
            const char *q = f[col[CC_HISTORY_FIELD_QUEUE]];
            if (opt->queue && strcmp(q, opt->queue)) {
                h->n_ignored++;
                continue;
            }
            if (!queue && !(queue = strdup(q))) {
                rc = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", h->path);
                break;
            }
            if (strcmp(q, queue)) {
                rc = cc_error_set(err, CC_EINPUT, "%s:%ld: column %s: the file holds more than one "
                                  "queue (%s, %s): choose one (--queue) (got \"%.80s\")", h->path,
                                  t->line, name[CC_HISTORY_FIELD_QUEUE], queue, q, q);
                break;
            }
        }
        for (int k = CC_HISTORY_FIELD_OFFERED; k < CC_HISTORY_FIELDS && rc == CC_OK; k++) {
            r->v[k] = 0;
            if (col[k] < 0)
                continue;
            const char *v = f[col[k]];
            if (k == CC_HISTORY_FIELD_HANDLING_S && !*v && r->v[CC_HISTORY_FIELD_HANDLED] == 0)
                continue;   /* no handling time where nothing was handled */
            if (parse_number(v, &r->v[k]) || r->v[k] < 0)
                rc = row_error(err, h->path, t->line, name[k], "a number >= 0 was expected", v);
            else if (k != CC_HISTORY_FIELD_HANDLING_S && r->v[k] != floor(r->v[k]))
                rc = row_error(err, h->path, t->line, name[k], "a whole number of calls >= 0 was "
                               "expected", v);
        }
        if (rc == CC_OK && col[CC_HISTORY_FIELD_ANSWERED_WITHIN] >= 0 && col[CC_HISTORY_FIELD_HANDLED] >= 0 &&
            r->v[CC_HISTORY_FIELD_ANSWERED_WITHIN] > r->v[CC_HISTORY_FIELD_HANDLED])
            rc = row_error(err, h->path, t->line, name[CC_HISTORY_FIELD_ANSWERED_WITHIN],
                           "at most the calls handled was expected",
                           f[col[CC_HISTORY_FIELD_ANSWERED_WITHIN]]);
        n++;
    }
    if (rc == CC_OK && !rows)
        rc = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", h->path);
    if (rc == CC_OK && !n)
        rc = cc_error_set(err, CC_EINPUT, "%s: no interval rows after the header%s%s", h->path,
                          opt->queue ? " for that queue" : "", opt->dates ? " in the dates asked for" : "");
    if (rc != CC_OK) {
        free(rows);
        free(queue);
        return rc;
    }
    h->queue = queue;

    /* The file's own interval: the largest that divides every start time of day. */
    long first = rows[0].date, last = rows[0].date, unit = 86400;
    for (size_t k = 0; k < n; k++) {
        first = rows[k].date < first ? rows[k].date : first;
        last = rows[k].date > last ? rows[k].date : last;
        unit = gcd(unit, rows[k].sec);
    }
    h->source_interval_s = (double)unit;
    double L = opt->interval_s > 0 ? opt->interval_s : (double)unit;
    rc = check_span(h->path, first, last, err);
    if (rc == CC_OK)
        rc = check_interval(h->path, L, (double)unit, err);
    size_t per_day = (size_t)(86400 / unit);
    unsigned char *slot = NULL;
    if (rc == CC_OK && (layout(h, first, last, L) ||
                        !(slot = calloc(h->days * per_day, 1))))
        rc = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", h->path);
    for (size_t k = 0; rc == CC_OK && k < n; k++) {
        const row *r = &rows[k];
        size_t day = (size_t)(r->date - first), s = day * per_day + (size_t)(r->sec / unit);
        if (slot[s]) {
            h->duplicates++;
            h->n_ignored++;
            if (!h->first_duplicate_line)
                h->first_duplicate_line = r->line;
            continue;
        }
        slot[s] = 1;
        size_t i = (size_t)((86400.0 * (double)day + r->sec) / L);
        h->present[i] = 1;
        h->offered[i] += r->v[CC_HISTORY_FIELD_OFFERED];
        h->answered[i] += r->v[CC_HISTORY_FIELD_HANDLED];
        h->abandoned[i] += r->v[CC_HISTORY_FIELD_ABANDONED];
        h->answered_within[i] += r->v[CC_HISTORY_FIELD_ANSWERED_WITHIN];
        h->handled_s[i] += r->v[CC_HISTORY_FIELD_HANDLING_S] * r->v[CC_HISTORY_FIELD_HANDLED];
        h->n_answered += (size_t)r->v[CC_HISTORY_FIELD_HANDLED];
        h->n_abandoned += (size_t)r->v[CC_HISTORY_FIELD_ABANDONED];
        h->offered_total += col[CC_HISTORY_FIELD_OFFERED] >= 0 ? r->v[CC_HISTORY_FIELD_OFFERED]
                                                              : r->v[CC_HISTORY_FIELD_HANDLED];
    }
    /* Gaps: slots missing between a day's first and last row; days with no row. */
    for (size_t day = 0; rc == CC_OK && day < h->days; day++) {
        const unsigned char *d = slot + day * per_day;
        size_t lo = 0, hi = per_day;
        while (lo < per_day && !d[lo])
            lo++;
        while (hi > lo && !d[hi - 1])
            hi--;
        if (lo == per_day) {
            h->missing_days++;
            continue;
        }
        for (size_t s = lo; s < hi; s++)
            if (!d[s] && !h->gaps++) {
                h->first_gap_date = first + (long)day;
                h->first_gap_min = (int)(s * (size_t)unit / 60);
            }
    }
    free(slot);
    free(rows);
    if (rc == CC_OK) {
        h->has_offered = col[CC_HISTORY_FIELD_OFFERED] >= 0;
        h->has_answered = col[CC_HISTORY_FIELD_HANDLED] >= 0;
        h->has_abandoned = col[CC_HISTORY_FIELD_ABANDONED] >= 0;
        h->has_within = col[CC_HISTORY_FIELD_ANSWERED_WITHIN] >= 0;
        h->has_handling = col[CC_HISTORY_FIELD_HANDLING_S] >= 0;
    }
    return rc;
}

/* ------------------------------------------------------------------ entry points */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int cc_history_read(const char *path, const cc_history_options *opt, cc_history **out,
                    cc_error *err)
{
    *out = NULL;
    cc_history *h = calloc(1, sizeof *h);
    text t = { 0 };
    int rc = h && (h->path = strdup(path)) ? CC_OK
             : cc_error_set(err, CC_EINTERNAL, "%s: out of memory", path);
    if (rc == CC_OK)
        rc = text_read(path, &t, err);
    char *header = NULL;
    if (rc == CC_OK && !(header = text_line(&t)))
        rc = cc_error_set(err, CC_EINPUT, "%s:1: empty file: a header row was expected", path);
    if (rc == CC_OK) {
        h->within_s = opt->within_s > 0 ? opt->within_s : 20.0;
        int col[MAX_FIELDS];
        const cc_history_call_reader *rd =
            opt->format == CC_HISTORY_INTERVALS ? NULL : match_reader(header, col);
        if (opt->format == CC_HISTORY_CALLS && !rd) {
            rc = cc_error_set(err, CC_EINPUT, "%s:1: header: not a call log this version reads "
                              "(the Anonymous Bank layout needs columns date, vru_exit, q_start, "
                              "q_time, outcome, ser_start, ser_time, server)", path);
        } else if (rd) {
            h->format = CC_HISTORY_CALLS;
            h->reader = rd->name;
            rc = read_calls(h, &t, rd, col, opt, err);
        } else {
            h->format = CC_HISTORY_INTERVALS;
            h->reader = "intervals";
            rc = read_intervals(h, &t, header, opt, err);
        }
    }
    if (rc == CC_OK && !h->queue) {
        const char *b = base_name(path);
        const char *dot = strchr(b, '.');
        size_t len = dot ? (size_t)(dot - b) : strlen(b);
        if (!(h->queue = strndup(b, len)))
            rc = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", path);
    }
    free(t.buf);
    if (rc != CC_OK) {
        cc_history_destroy(h);
        return rc;
    }
    *out = h;
    return CC_OK;
}

void cc_history_destroy(cc_history *h)
{
    if (!h)
        return;
    free(h->path);
    free(h->queue);
    free(h->present);
    free(h->offered);
    free(h->answered);
    free(h->abandoned);
    free(h->answered_within);
    free(h->wait_s);
    free(h->handled_s);
    free(h->agents);
    free(h->busy);
    free(h->calls);
    for (size_t i = 0; i < h->n_servers; i++)
        free(h->servers[i]);
    free(h->servers);
    free(h);
}

double cc_history_volume(const cc_history *h, size_t i)
{
    return h->has_offered ? h->offered[i] : h->answered[i];
}

static double total(const double *v, size_t n)
{
    double t = 0;
    for (size_t i = 0; i < n; i++)
        t += v[i];
    return t;
}

static double ratio_or_nan(double num, double den)
{
    return den > 0 ? num / den : NAN;
}

void cc_history_kpis_of(const cc_history *h, const cc_history_handling *handling,
                        cc_history_kpis *out)
{
    size_t n = h->n_intervals;
    double offered = total(h->offered, n);
    out->service_level = h->has_within && h->has_offered
                         ? ratio_or_nan(total(h->answered_within, n), offered) : NAN;
    out->asa_s = h->format == CC_HISTORY_CALLS ? ratio_or_nan(total(h->wait_s, n), (double)h->n_answered)
                                               : NAN;
    out->abandon_rate = h->has_abandoned && h->has_offered
                        ? ratio_or_nan(total(h->abandoned, n), offered) : NAN;
    if (h->format == CC_HISTORY_CALLS)
        out->mean_handling_s = handling ? handling->mean_s : NAN;
    else
        out->mean_handling_s = h->has_handling ? ratio_or_nan(total(h->handled_s, n), total(h->answered, n))
                                               : NAN;
}

/* ------------------------------------------------------------------ distributions */

int cc_history_handling_fit(const cc_history *h, cc_history_handling *out, cc_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = 0;
    for (size_t k = 0; k < h->n_calls; k++)
        n += h->calls[k].outcome == CC_CALL_ANSWERED && h->calls[k].server >= 0 &&
             h->calls[k].handling_s > 0;
    if (!n)
        return cc_error_set(err, CC_EINPUT, "%s: no answered call with a named agent and a "
                            "handling time > 0", h->path);
    double *v = malloc(n * sizeof *v), *logs = malloc(n * sizeof *logs);
    if (!v || !logs) {
        free(v);
        free(logs);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    size_t j = 0;
    for (size_t k = 0; k < h->n_calls; k++)
        if (h->calls[k].outcome == CC_CALL_ANSWERED && h->calls[k].server >= 0 &&
            h->calls[k].handling_s > 0)
            v[j++] = h->calls[k].handling_s;
    gsl_sort(v, 1, n);
    for (size_t k = 0; k < n; k++)
        logs[k] = log(v[k]);
    out->n = n;
    out->values = v;
    out->mean_s = gsl_stats_mean(v, 1, n);
    out->median_s = gsl_stats_median_from_sorted_data(v, 1, n);
    out->cv = n > 1 ? gsl_stats_sd_m(v, 1, n, out->mean_s) / out->mean_s : 0;
    /* maximum likelihood: the mean and the (1/n) standard deviation of the logs */
    out->mu = gsl_stats_mean(logs, 1, n);
    out->sigma = n > 1 ? gsl_stats_sd_m(logs, 1, n, out->mu) * sqrt((double)(n - 1) / (double)n) : 0;
    out->fit_mean_s = exp(out->mu + out->sigma * out->sigma / 2);
    out->fit_cv = sqrt(expm1(out->sigma * out->sigma));
    free(logs);
    return CC_OK;
}

typedef struct km_obs {
    double t;
    int event;      /* 1: abandoned at t; 0: answered (censored) at t */
} km_obs;

static int km_cmp(const void *a, const void *b)
{
    const km_obs *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return y->event - x->event;     /* events before censorings at the same time */
}

int cc_history_patience_fit(const cc_history *h, cc_history_patience *out, cc_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = 0;
    double total = 0;
    for (size_t k = 0; k < h->n_calls; k++) {
        const cc_history_call *c = &h->calls[k];
        if (c->queued && c->outcome != CC_CALL_IGNORED) {
            n++;
            total += c->wait_s;
            out->abandoned += c->outcome == CC_CALL_ABANDONED;
        }
    }
    out->queued = n;
    out->censored_mean_s = out->abandoned ? total / (double)out->abandoned : INFINITY;
    out->km_median_s = INFINITY;
    if (!n)
        return CC_OK;
    km_obs *o = malloc(n * sizeof *o);
    out->time_s = malloc(n * sizeof *out->time_s);
    out->survival = malloc(n * sizeof *out->survival);
    if (!o || !out->time_s || !out->survival) {
        free(o);
        cc_history_patience_fini(out);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    size_t j = 0;
    for (size_t k = 0; k < h->n_calls; k++) {
        const cc_history_call *c = &h->calls[k];
        if (c->queued && c->outcome != CC_CALL_IGNORED)
            o[j++] = (km_obs){ c->wait_s, c->outcome == CC_CALL_ABANDONED };
    }
    qsort(o, n, sizeof *o, km_cmp);
    double s = 1.0;
    size_t at_risk = n;
    for (size_t k = 0; k < n;) {
        size_t d = 0, m = 0;
        double t = o[k].t;
        for (; k < n && o[k].t == t; k++, m++)
            d += (size_t)o[k].event;
        if (d) {
            s *= 1.0 - (double)d / (double)at_risk;
            out->time_s[out->n_steps] = t;
            out->survival[out->n_steps++] = s;
            if (s <= 0.5 && isinf(out->km_median_s))
                out->km_median_s = t;
        }
        at_risk -= m;
    }
    free(o);
    return CC_OK;
}

double cc_history_survival(const cc_history_patience *p, double t)
{
    double s = 1.0;
    for (size_t k = 0; k < p->n_steps && p->time_s[k] <= t; k++)
        s = p->survival[k];
    return s;
}

void cc_history_handling_fini(cc_history_handling *hd)
{
    free(hd->values);
    hd->values = NULL;
}

void cc_history_patience_fini(cc_history_patience *p)
{
    free(p->time_s);
    free(p->survival);
    p->time_s = p->survival = NULL;
    p->n_steps = 0;
}
