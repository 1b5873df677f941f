/* scenario_load.c — parse (libconfig), validate, freeze: three steps, see
 * scenario_load.h; cc_scenario_load at the end runs them in that order.
 *
 * Every reader below takes the setting it checks and that setting's field path
 * ("queues[0].handling.mean_s") so that the first bad value ends the load with a
 * message naming file, line, field, the accepted values and what was found. The
 * scenario is built in place and freed whole by cc_scenario_destroy on any failure,
 * so each array is attached to it as soon as it is allocated.
 *
 * Cost: one pass over the settings plus O(n_intervals) per queue and group; a ten-year
 * horizon of 5-minute intervals is about a million intervals, 8 MB per queue.
 */
#include "io/scenario_load.h"

#include "model/calendar.h"
#include "model/channels.h"
#include "model/demand.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Field paths are built from schema names and indices only, so they stay short. */
#define PATH_LEN 160
/* A shown value ("got ..."): long strings are cut. */
#define GOT_LEN 96
/* Larger files are refused rather than read: no scenario comes close. */
#define MAX_FILE_BYTES ((size_t)64 << 20)
#define MAX_AGENTS 1000000LL
#define MAX_PRIORITY 1000000LL
#define MAX_REPLICATIONS 1000000LL
#define MAX_DAYS 3660LL
/* A bound on the contacts one agent holds at once: more is surely a typo. */
#define MAX_CONCURRENCY 20LL
/* A queue's own target: at most 31 days in seconds, or 60 business days. */
#define MAX_WITHIN_S (31.0 * 86400.0)
#define MAX_BUSINESS_DAYS 60LL

typedef struct loader {
    const char *file;   /* the path as given, for messages */
    cc_error *err;
    const char *dir;    /* its directory, where @include paths start */
    cc_scenario *s;     /* the scenario being built: where warnings go */
} loader;

/* What validation keeps for the freeze step: the settings whose values are given per
 * open interval (placed once the open intervals are known) and the calendar (where a
 * horizon that opens nowhere is reported). */
typedef struct given {
    const config_setting_t *calendar;
    const config_setting_t **calls;     /* per queue: calls_per_interval, or NULL */
    const config_setting_t **agents;    /* per group: agents, or NULL (no groups section) */
    const config_setting_t *queues;     /* the queues list, for the channel cost check */
} given;

/* The path of a file read through @include: libconfig 1.5 opens include_dir/NAME but
 * records NAME alone (in config_t.filenames and each setting's source file). */
static void include_path(const loader *L, const char *name, char *buf, size_t n)
{
    if (name[0] == '/' || !L->dir)
        snprintf(buf, n, "%s", name);
    else
        snprintf(buf, n, "%s/%s", L->dir, name);
}

/* An accepted range of a number; hi = HUGE_VAL for none. */
typedef struct range {
    double lo;
    int lo_incl;
    double hi;
    int hi_incl;
} range;

static const range POSITIVE = { 0.0, 0, HUGE_VAL, 0 };
static const range NON_NEGATIVE = { 0.0, 1, HUGE_VAL, 0 };
static const range FRACTION_OC = { 0.0, 0, 1.0, 1 };    /* (0, 1] */
static const range FRACTION_OO = { 0.0, 0, 1.0, 0 };    /* (0, 1) */
static const range FRACTION_CO = { 0.0, 1, 1.0, 0 };    /* [0, 1) */
static const range HOURS_PER_WEEK = { 0.0, 0, 168.0, 1 };

static const char *const WEEKDAYS[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

/* ---- messages ------------------------------------------------------------------ */

/* "FILE:LINE: " of a setting, in its own file when read through @include; "FILE: "
 * when there is no line. */
static void locate(const loader *L, const config_setting_t *at, char *buf, size_t n)
{
    unsigned line = at ? config_setting_source_line(at) : 0;
    char inc[PATH_MAX];
    const char *file = L->file;
    if (at && config_setting_source_file(at)) {
        include_path(L, config_setting_source_file(at), inc, sizeof inc);
        file = inc;
    }
    if (line)
        snprintf(buf, n, "%s:%u: ", file, line);
    else
        snprintf(buf, n, "%s: ", L->file);
}

/* One line, whatever the file name or a string value held. */
static void one_line(char *msg)
{
    for (char *c = msg; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
}

/* Records a bad-input message located at setting `at` (no line for the root). */
static int fail(const loader *L, const config_setting_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(const loader *L, const config_setting_t *at, const char *fmt, ...)
{
    char msg[sizeof L->err->msg], where[PATH_MAX + 32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    locate(L, at, where, sizeof where);
    cc_error_set(L->err, CC_EINPUT, "%s%s", where, msg);
    if (L->err)
        one_line(L->err->msg);
    return CC_EINPUT;
}

/* Records a warning on the scenario: input that is usable as it stands but probably
 * not what was meant. CC_OK, or CC_EINTERNAL when out of memory. */
static int warn(const loader *L, const config_setting_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int warn(const loader *L, const config_setting_t *at, const char *fmt, ...)
{
    char msg[512], where[PATH_MAX + 32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    locate(L, at, where, sizeof where);
    cc_scenario *s = L->s;
    char **w = realloc(s->warnings, (s->n_warnings + 1) * sizeof *w);
    if (!w)
        return cc_error_set(L->err, CC_EINTERNAL, "%s: out of memory", L->file);
    s->warnings = w;
    size_t len = strlen(where) + strlen(msg) + 1;
    if (!(w[s->n_warnings] = malloc(len)))
        return cc_error_set(L->err, CC_EINTERNAL, "%s: out of memory", L->file);
    snprintf(w[s->n_warnings], len, "%s%s", where, msg);
    one_line(w[s->n_warnings++]);
    return CC_OK;
}

static int oom(const loader *L)
{
    return cc_error_set(L->err, CC_EINTERNAL, "%s: out of memory", L->file);
}

/* Appends src to buf (size n, length *k), cutting it when full: a cut path still
 * locates the field. */
static void append(char *buf, size_t n, size_t *k, const char *src)
{
    while (*src && *k + 1 < n)
        buf[(*k)++] = *src++;
    buf[*k] = '\0';
}

static const char *field_path(char *buf, size_t n, const char *parent, const char *name)
{
    size_t k = 0;
    buf[0] = '\0';
    append(buf, n, &k, parent);
    if (parent[0])
        append(buf, n, &k, ".");
    append(buf, n, &k, name);
    return buf;
}

static const char *elem_path(char *buf, size_t n, const char *parent, int i)
{
    char index[24];
    size_t k = 0;
    snprintf(index, sizeof index, "[%d]", i);
    buf[0] = '\0';
    append(buf, n, &k, parent);
    append(buf, n, &k, index);
    return buf;
}

/* Shortest decimal that reads back as x; integral values keep a ".0" so that a float
 * given where an integer is expected is visibly a float. */
static void show_double(double x, char *buf, size_t n)
{
    snprintf(buf, n, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, n, "%.17g", x);
    if (isfinite(x) && !strpbrk(buf, ".e") && strlen(buf) + 3 <= n)
        strcat(buf, ".0");
}

/* A string value in double quotes, escaped, cut at about 60 characters. */
static void show_string(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    buf[k++] = '"';
    for (; *s && k + 8 < n && k < 64; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf[k++] = '\\';
            buf[k++] = (char)c;
        } else if (c < 0x20 || c == 0x7f) {
            k += (size_t)snprintf(buf + k, n - k, "\\x%02x", c);
        } else {
            buf[k++] = (char)c;
        }
    }
    if (*s) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k++] = '"';
    buf[k] = '\0';
}

static const char *show(const config_setting_t *v, char *buf, size_t n)
{
    switch (config_setting_type(v)) {
    case CONFIG_TYPE_INT:
        snprintf(buf, n, "%d", config_setting_get_int(v));
        break;
    case CONFIG_TYPE_INT64:
        snprintf(buf, n, "%lld", config_setting_get_int64(v));
        break;
    case CONFIG_TYPE_FLOAT:
        show_double(config_setting_get_float(v), buf, n);
        break;
    case CONFIG_TYPE_BOOL:
        snprintf(buf, n, "%s", config_setting_get_bool(v) ? "true" : "false");
        break;
    case CONFIG_TYPE_STRING:
        show_string(config_setting_get_string(v), buf, n);
        break;
    case CONFIG_TYPE_GROUP:
        snprintf(buf, n, "a group { ... }");
        break;
    case CONFIG_TYPE_ARRAY:
        snprintf(buf, n, "an array [ ... ]");
        break;
    case CONFIG_TYPE_LIST:
        snprintf(buf, n, "a list ( ... )");
        break;
    default:
        snprintf(buf, n, "nothing");
    }
    return buf;
}

/* Appends names to buf as "a, b, c", ending in "..." when they do not fit. */
static void join_names(char *buf, size_t n, const char *const *names, size_t count)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(names[i]);
        if (k + len + 2 + 4 >= n) {
            snprintf(buf + k, n - k, "%s...", i ? ", " : "");
            return;
        }
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", names[i]);
    }
}

static void range_text(range r, char *buf, size_t n)
{
    if (r.hi == HUGE_VAL)
        snprintf(buf, n, "%s %.15g", r.lo_incl ? ">=" : ">", r.lo);
    else
        snprintf(buf, n, "in %c%.15g, %.15g%c", r.lo_incl ? '[' : '(', r.lo, r.hi,
                 r.hi_incl ? ']' : ')');
}

/* ---- typed readers --------------------------------------------------------------- */

static config_setting_t *elem(const config_setting_t *list, int i)
{
    return config_setting_get_elem(list, (unsigned)i);
}

static int is_number(const config_setting_t *v)
{
    int t = config_setting_type(v);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static int is_integer(const config_setting_t *v)
{
    int t = config_setting_type(v);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
}

static int is_sequence(const config_setting_t *v)
{
    int t = config_setting_type(v);
    return t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST;
}

static double number_of(const config_setting_t *v)
{
    switch (config_setting_type(v)) {
    case CONFIG_TYPE_INT:
        return (double)config_setting_get_int(v);
    case CONFIG_TYPE_INT64:
        return (double)config_setting_get_int64(v);
    default:
        return config_setting_get_float(v);
    }
}

/* Looks up field `name` of group g; a missing required field is an error at g. */
static int member(const loader *L, const config_setting_t *g, const char *gpath,
                  const char *name, int required, config_setting_t **out)
{
    char p[PATH_LEN];
    *out = config_setting_get_member(g, name);
    if (!*out && required)
        return fail(L, g, "%s is required", field_path(p, sizeof p, gpath, name));
    return CC_OK;
}

/* Rejects any field of group g not in `accepted` (NULL-terminated). */
static int known_fields(const loader *L, const config_setting_t *g, const char *gpath,
                        const char *const *accepted)
{
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *c = elem(g, i);
        const char *name = config_setting_name(c);
        size_t k = 0;
        while (accepted[k] && strcmp(accepted[k], name))
            k++;
        if (!accepted[k]) {
            char p[PATH_LEN], list[256];
            size_t count = 0;
            while (accepted[count])
                count++;
            join_names(list, sizeof list, accepted, count);
            return fail(L, c, "unknown field \"%s\" (accepted: %s)",
                        field_path(p, sizeof p, gpath, name), list);
        }
    }
    return CC_OK;
}

static int need_group(const loader *L, const config_setting_t *v, const char *path)
{
    char got[GOT_LEN];
    if (config_setting_type(v) != CONFIG_TYPE_GROUP)
        return fail(L, v, "%s must be a group { ... } (got %s)", path, show(v, got, sizeof got));
    return CC_OK;
}

/* A list ( ... ) of groups, at least one. */
static int need_list(const loader *L, const config_setting_t *v, const char *path)
{
    char got[GOT_LEN];
    if (config_setting_type(v) != CONFIG_TYPE_LIST)
        return fail(L, v, "%s must be a list ( { ... }, ... ) (got %s)", path,
                    show(v, got, sizeof got));
    if (config_setting_length(v) < 1)
        return fail(L, v, "%s must be a list of at least one element (got an empty list)", path);
    return CC_OK;
}

static int check_number(const loader *L, const config_setting_t *v, const char *path,
                        range r, double *out)
{
    char got[GOT_LEN], acc[64];
    if (!is_number(v))
        return fail(L, v, "%s must be a number (got %s)", path, show(v, got, sizeof got));
    double x = number_of(v);
    int ok = isfinite(x) && (r.lo_incl ? x >= r.lo : x > r.lo)
             && (r.hi == HUGE_VAL || (r.hi_incl ? x <= r.hi : x < r.hi));
    if (!ok) {
        range_text(r, acc, sizeof acc);
        return fail(L, v, "%s must be %s (got %s)", path, acc, show(v, got, sizeof got));
    }
    *out = x;
    return CC_OK;
}

/* hi = LLONG_MAX means no upper bound. */
static int check_integer(const loader *L, const config_setting_t *v, const char *path,
                         long long lo, long long hi, long long *out)
{
    char got[GOT_LEN];
    long long x = is_integer(v) ? config_setting_get_int64(v) : 0;
    if (!is_integer(v) || x < lo || x > hi) {
        if (hi == LLONG_MAX)
            return fail(L, v, "%s must be an integer >= %lld (got %s)", path, lo,
                        show(v, got, sizeof got));
        return fail(L, v, "%s must be an integer from %lld to %lld (got %s)", path, lo, hi,
                    show(v, got, sizeof got));
    }
    *out = x;
    return CC_OK;
}

static int check_string(const loader *L, const config_setting_t *v, const char *path,
                        int nonempty, const char **out)
{
    char got[GOT_LEN];
    if (config_setting_type(v) != CONFIG_TYPE_STRING)
        return fail(L, v, "%s must be a string (got %s)", path, show(v, got, sizeof got));
    *out = config_setting_get_string(v);
    if (nonempty && !**out)
        return fail(L, v, "%s must be a non-empty string (got \"\")", path);
    return CC_OK;
}

/* Field `name` of g as a number in r; absent and optional: *out untouched. */
static int get_number(const loader *L, const config_setting_t *g, const char *gpath,
                      const char *name, int required, range r, double *out)
{
    char p[PATH_LEN];
    config_setting_t *v;
    int rc = member(L, g, gpath, name, required, &v);
    if (rc || !v)
        return rc;
    return check_number(L, v, field_path(p, sizeof p, gpath, name), r, out);
}

static int get_integer(const loader *L, const config_setting_t *g, const char *gpath,
                       const char *name, int required, long long lo, long long hi,
                       long long *out)
{
    char p[PATH_LEN];
    config_setting_t *v;
    int rc = member(L, g, gpath, name, required, &v);
    if (rc || !v)
        return rc;
    return check_integer(L, v, field_path(p, sizeof p, gpath, name), lo, hi, out);
}

/* Field `name` of g as a freshly allocated string; absent and optional: *out untouched. */
static int get_string_copy(const loader *L, const config_setting_t *g, const char *gpath,
                           const char *name, int required, int nonempty, char **out)
{
    char p[PATH_LEN];
    config_setting_t *v;
    const char *s;
    int rc = member(L, g, gpath, name, required, &v);
    if (rc || !v)
        return rc;
    if ((rc = check_string(L, v, field_path(p, sizeof p, gpath, name), nonempty, &s)))
        return rc;
    if (!(*out = strdup(s)))
        return oom(L);
    return CC_OK;
}

/* ---- calendar -------------------------------------------------------------------- */

static int weekday_named(const char *s, size_t n)
{
    for (int d = 0; d < 7; d++)
        if (n == 3 && !memcmp(s, WEEKDAYS[d], 3))
            return d;
    return -1;
}

/* "Mon-Fri", "Sat", "Mon,Wed,Fri", "Mon-Thu,Sat"; a range may wrap ("Fri-Mon").
 * Spaces around names are allowed. Returns 0 and the mask; -1 when malformed;
 * or 1 with *twice set when a day is named twice. */
static int parse_days(const char *s, unsigned *mask, int *twice)
{
    *mask = 0;
    for (;;) {
        int from, to;
        while (*s == ' ')
            s++;
        from = weekday_named(s, strcspn(s, " -,"));
        if (from < 0)
            return -1;
        s += 3;
        while (*s == ' ')
            s++;
        to = from;
        if (*s == '-') {
            s++;
            while (*s == ' ')
                s++;
            to = weekday_named(s, strcspn(s, " -,"));
            if (to < 0)
                return -1;
            s += 3;
            while (*s == ' ')
                s++;
        }
        for (int d = from;; d = (d + 1) % 7) {
            if (*mask & (1u << d)) {
                *twice = d;
                return 1;
            }
            *mask |= 1u << d;
            if (d == to)
                break;
        }
        if (!*s)
            return 0;
        if (*s != ',')
            return -1;
        s++;
    }
}


/* A list of weekly opening rules (calendar.hours, a season's or a queue's hours). */
static int load_hours(const loader *L, const config_setting_t *list, const char *path,
                      cc_hours **hours, size_t *n_hours)
{
    static const char *const fields[] = { "days", "open", "close", NULL };
    int rule_of_day[7] = { -1, -1, -1, -1, -1, -1, -1 };
    int rc = need_list(L, list, path);
    if (rc)
        return rc;
    int n = config_setting_length(list);
    if (!(*hours = calloc((size_t)n, sizeof **hours)))
        return oom(L);
    *n_hours = (size_t)n;
    for (int i = 0; i < n; i++) {
        const config_setting_t *h = elem(list, i);
        config_setting_t *v;
        cc_hours *out = &(*hours)[i];
        char hp[PATH_LEN], p[PATH_LEN], got[GOT_LEN];
        const char *s = "", *open_s = "", *close_s = "";
        int twice = 0;
        elem_path(hp, sizeof hp, path, i);
        if ((rc = need_group(L, h, hp)) || (rc = known_fields(L, h, hp, fields)))
            return rc;

        field_path(p, sizeof p, hp, "days");
        if ((rc = member(L, h, hp, "days", 1, &v)) || (rc = check_string(L, v, p, 1, &s)))
            return rc;
        int pr = parse_days(s, &out->days_mask, &twice);
        if (pr < 0)
            return fail(L, v, "%s must be weekdays Mon Tue Wed Thu Fri Sat Sun, as ranges "
                        "and commas such as \"Mon-Fri\" or \"Mon,Wed,Fri\" (got %s)",
                        p, show(v, got, sizeof got));
        if (pr > 0)
            return fail(L, v, "%s must name each weekday once (got %s, %s twice)", p,
                        show(v, got, sizeof got), WEEKDAYS[twice]);
        for (int d = 0; d < 7; d++) {
            if (!(out->days_mask & (1u << d)))
                continue;
            if (rule_of_day[d] >= 0)
                return fail(L, v, "%s must not cover a weekday of another rule: one opening "
                            "span per day (got %s; %s is already in %s[%d])", p,
                            show(v, got, sizeof got), WEEKDAYS[d], path, rule_of_day[d]);
            rule_of_day[d] = i;
        }

        field_path(p, sizeof p, hp, "open");
        if ((rc = member(L, h, hp, "open", 1, &v)) || (rc = check_string(L, v, p, 0, &open_s)))
            return rc;
        if (cc_time_parse(open_s, 0, &out->open_min))
            return fail(L, v, "%s must be a time HH:MM from 00:00 to 23:59 (got %s)", p,
                        show(v, got, sizeof got));
        field_path(p, sizeof p, hp, "close");
        if ((rc = member(L, h, hp, "close", 1, &v)) || (rc = check_string(L, v, p, 0, &close_s)))
            return rc;
        if (cc_time_parse(close_s, 1, &out->close_min))
            return fail(L, v, "%s must be a time HH:MM from 00:00 to 24:00 (got %s)", p,
                        show(v, got, sizeof got));
        if (out->close_min <= out->open_min)
            return fail(L, v, "%s must be after open (got open %s, close %s)", p, open_s,
                        close_s);
    }
    return CC_OK;
}

/* Field `name` of g, a date string, as days from 1970-01-01. */
static int get_date(const loader *L, const config_setting_t *g, const char *gpath,
                    const char *name, long *out)
{
    char p[PATH_LEN], got[GOT_LEN];
    config_setting_t *v;
    const char *s = "";
    int rc;
    field_path(p, sizeof p, gpath, name);
    if ((rc = member(L, g, gpath, name, 1, &v)) || (rc = check_string(L, v, p, 0, &s)))
        return rc;
    if (cc_date_parse(s, out))
        return fail(L, v, "%s must be a valid date YYYY-MM-DD (got %s)", p, show(v, got, sizeof got));
    return CC_OK;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static int load_closed_dates(const loader *L, const config_setting_t *v, cc_calendar *cal)
{
    const char *path = "calendar.closed_dates";
    char got[GOT_LEN], p[PATH_LEN];
    if (!is_sequence(v))
        return fail(L, v, "%s must be a list of dates \"YYYY-MM-DD\" (got %s)", path,
                    show(v, got, sizeof got));
    int n = config_setting_length(v);
    if (!(cal->closed_dates = calloc(n ? (size_t)n : 1, sizeof *cal->closed_dates)))
        return oom(L);
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = elem(v, i);
        const char *s = "";
        int rc;
        elem_path(p, sizeof p, path, i);
        if ((rc = check_string(L, e, p, 0, &s)))
            return rc;
        if (cc_date_parse(s, &cal->closed_dates[i]))
            return fail(L, e, "%s must be a valid date YYYY-MM-DD (got %s)", p,
                        show(e, got, sizeof got));
        cal->n_closed_dates++;
    }
    qsort(cal->closed_dates, cal->n_closed_dates, sizeof *cal->closed_dates, cmp_long);
    return CC_OK;
}

static int load_seasons(const loader *L, const config_setting_t *list, cc_calendar *cal)
{
    static const char *const fields[] = { "name", "from", "to", "hours", "priority_only", NULL };
    char sp[PATH_LEN], p[PATH_LEN], got[GOT_LEN], a[11], b[11], c[11], d[11];
    config_setting_t *v;
    int rc = need_list(L, list, "calendar.seasons");
    if (rc)
        return rc;
    int n = config_setting_length(list);
    if (!(cal->seasons = calloc((size_t)n, sizeof *cal->seasons)))
        return oom(L);
    cal->n_seasons = (size_t)n;
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = elem(list, i);
        cc_season *se = &cal->seasons[i];
        elem_path(sp, sizeof sp, "calendar.seasons", i);
        if ((rc = need_group(L, g, sp)) || (rc = known_fields(L, g, sp, fields))
            || (rc = get_string_copy(L, g, sp, "name", 1, 1, &se->name))
            || (rc = get_date(L, g, sp, "from", &se->from))
            || (rc = get_date(L, g, sp, "to", &se->to)))
            return rc;
        if (se->to < se->from) {
            cc_date_format(se->from, a);
            cc_date_format(se->to, b);
            return fail(L, config_setting_get_member(g, "to"), "%s must not be before from "
                        "(got from %s, to %s)", field_path(p, sizeof p, sp, "to"), a, b);
        }
        for (int k = 0; k < i; k++) {
            const cc_season *o = &cal->seasons[k];
            if (se->from <= o->to && o->from <= se->to) {
                cc_date_format(se->from, a);
                cc_date_format(se->to, b);
                cc_date_format(o->from, c);
                cc_date_format(o->to, d);
                return fail(L, config_setting_get_member(g, "from"), "%s must not overlap "
                            "another season (got %s to %s; calendar.seasons[%d] \"%s\" is %s "
                            "to %s)", sp, a, b, k, o->name, c, d);
            }
        }
        field_path(p, sizeof p, sp, "hours");
        if ((rc = member(L, g, sp, "hours", 1, &v))
            || (rc = load_hours(L, v, p, &se->hours, &se->n_hours)))
            return rc;
        if ((rc = member(L, g, sp, "priority_only", 0, &v)))
            return rc;
        if (v) {
            if (config_setting_type(v) != CONFIG_TYPE_BOOL)
                return fail(L, v, "%s must be true or false (got %s)",
                            field_path(p, sizeof p, sp, "priority_only"), show(v, got, sizeof got));
            se->priority_only = config_setting_get_bool(v);
        }
    }
    return CC_OK;
}

static int load_bank_holidays(const loader *L, const config_setting_t *v, cc_calendar *cal)
{
    const char *path = "calendar.bank_holidays", *name = "";
    char got[GOT_LEN], a[11], b[11];
    int rc = check_string(L, v, path, 0, &name);
    if (rc)
        return rc;
    if (strcmp(name, "england-and-wales"))
        return fail(L, v, "%s must be one of england-and-wales (got %s)", path,
                    show(v, got, sizeof got));
    int y0, y1, m, d;
    long last = cal->first_date + (long)cal->days - 1;
    cc_date_civil(cal->first_date, &y0, &m, &d);
    cc_date_civil(last, &y1, &m, &d);
    if (y0 < CC_BANK_HOLIDAYS_FIRST_YEAR || y1 > CC_BANK_HOLIDAYS_LAST_YEAR) {
        cc_date_format(cal->first_date, a);
        cc_date_format(last, b);
        return fail(L, v, "%s must be used with a horizon inside %d-%d, the years of the "
                    "built-in table (got a horizon from %s to %s)", path,
                    CC_BANK_HOLIDAYS_FIRST_YEAR, CC_BANK_HOLIDAYS_LAST_YEAR, a, b);
    }
    cal->bank_holidays = CC_BANK_HOLIDAYS_ENGLAND_AND_WALES;
    return CC_OK;
}

static int load_calendar(const loader *L, const config_setting_t *c, cc_scenario *s)
{
    static const char *const fields[] = { "start", "days", "interval_min", "hours",
                                          "closed_dates", "bank_holidays", "seasons", NULL };
    static const char *const lengths[] = { "5", "10", "15", "20", "30", "60" };
    cc_calendar *cal = &s->calendar;
    config_setting_t *v;
    char list[64], got[GOT_LEN];
    long long x;
    int rc;
    if ((rc = need_group(L, c, "calendar")) || (rc = known_fields(L, c, "calendar", fields))
        || (rc = get_date(L, c, "calendar", "start", &cal->first_date)))
        return rc;
    cc_date_civil(cal->first_date, &cal->year, &cal->month, &cal->day);
    cal->first_weekday = cc_date_weekday(cal->first_date);

    if ((rc = get_integer(L, c, "calendar", "days", 1, 1, MAX_DAYS, &x)))
        return rc;
    cal->days = (unsigned)x;

    if ((rc = member(L, c, "calendar", "interval_min", 1, &v))
        || (rc = check_integer(L, v, "calendar.interval_min", 1, 1440, &x))
        || (x != 5 && x != 10 && x != 15 && x != 20 && x != 30 && x != 60)) {
        if (rc)
            return rc;
        join_names(list, sizeof list, lengths, 6);
        return fail(L, v, "calendar.interval_min must be one of %s (got %s)", list,
                    show(v, got, sizeof got));
    }
    cal->interval_min = (unsigned)x;
    s->intervals_per_day = (size_t)(1440 / x);
    s->n_intervals = (size_t)cal->days * s->intervals_per_day;
    s->interval_s = 60.0 * (double)x;

    if ((rc = member(L, c, "calendar", "hours", 1, &v))
        || (rc = load_hours(L, v, "calendar.hours", &cal->hours, &cal->n_hours)))
        return rc;
    if ((rc = member(L, c, "calendar", "closed_dates", 0, &v))
        || (v && (rc = load_closed_dates(L, v, cal))))
        return rc;
    if ((rc = member(L, c, "calendar", "bank_holidays", 0, &v))
        || (v && (rc = load_bank_holidays(L, v, cal))))
        return rc;
    if ((rc = member(L, c, "calendar", "seasons", 0, &v)) || (v && (rc = load_seasons(L, v, cal))))
        return rc;
    return CC_OK;
}

/* Reads a whole file (defined with the entry point below; trace files use it too). */
static int read_text(const loader *L, const char *path, char **text);

/* ---- queues and groups ----------------------------------------------------------- */

/* A per-interval volume, checked in validation: one value for every open interval, or
 * a list with one value per open interval of the horizon in time order; calls are
 * numbers >= 0, agents integers 0..MAX_AGENTS. Which intervals are open is known only
 * after validation: place_per_open_interval checks the list's length and places it. */
static int check_per_open_interval(const loader *L, const config_setting_t *v, const char *path,
                                   int calls)
{
    char got[GOT_LEN], p[PATH_LEN];
    double x;
    long long k;
    int rc;
    if (is_sequence(v)) {
        int n = config_setting_length(v);
        for (int j = 0; j < n; j++) {
            const config_setting_t *e = elem(v, j);
            elem_path(p, sizeof p, path, j);
            if ((rc = calls ? check_number(L, e, p, NON_NEGATIVE, &x)
                            : check_integer(L, e, p, 0, MAX_AGENTS, &k)))
                return rc;
        }
        return CC_OK;
    }
    if (!is_number(v))
        return fail(L, v, "%s must be %s or a list with one per open interval (got %s)", path,
                    calls ? "a number >= 0" : "an integer >= 0", show(v, got, sizeof got));
    return calls ? check_number(L, v, path, NON_NEGATIVE, &x)
                 : check_integer(L, v, path, 0, MAX_AGENTS, &k);
}

/* Places a value that check_per_open_interval accepted on the n_open intervals with
 * open[i] set (0 elsewhere), into calls or agents, whichever is not NULL; `per` names
 * what the list counts, for the message. */
static int place_per_open_interval(const loader *L, const config_setting_t *v, const char *path,
                                   const cc_scenario *s, const unsigned char *open,
                                   size_t n_open, const char *per, double *calls,
                                   unsigned *agents)
{
    int seq = is_sequence(v), j = 0;
    if (seq && (size_t)config_setting_length(v) != n_open)
        return fail(L, v, "%s must have one value per %s (expected %zu, got %d)", path, per,
                    n_open, config_setting_length(v));
    for (size_t i = 0; i < s->n_intervals; i++) {
        if (!open[i])
            continue;
        const config_setting_t *e = seq ? elem(v, j++) : v;
        if (calls)
            calls[i] = number_of(e);
        else
            agents[i] = (unsigned)config_setting_get_int64(e);
    }
    return CC_OK;
}

static int load_dist(const loader *L, const config_setting_t *g, const char *path, cc_dist *d)
{
    static const char *const fields[] = { "dist", "mean_s", "cv", "values", NULL };
    static const char *const names[] = { "exponential", "lognormal", "gamma", "deterministic",
                                         "empirical" };
    static const cc_dist_kind kinds[] = { CC_DIST_EXPONENTIAL, CC_DIST_LOGNORMAL, CC_DIST_GAMMA,
                                          CC_DIST_DETERMINISTIC, CC_DIST_EMPIRICAL };
    char p[PATH_LEN], got[GOT_LEN], list[128];
    config_setting_t *v, *cv, *mean, *values;
    const char *name = "";
    size_t k;
    int rc;
    if ((rc = need_group(L, g, path)) || (rc = known_fields(L, g, path, fields)))
        return rc;

    field_path(p, sizeof p, path, "dist");
    if ((rc = member(L, g, path, "dist", 1, &v)) || (rc = check_string(L, v, p, 0, &name)))
        return rc;
    for (k = 0; k < 5 && strcmp(name, names[k]); k++)
        ;
    if (k == 5) {
        join_names(list, sizeof list, names, 5);
        return fail(L, v, "%s must be one of %s (got %s)", p, list, show(v, got, sizeof got));
    }
    d->kind = kinds[k];
    int with_cv = d->kind == CC_DIST_LOGNORMAL || d->kind == CC_DIST_GAMMA;
    int empirical = d->kind == CC_DIST_EMPIRICAL;

    cv = config_setting_get_member(g, "cv");
    mean = config_setting_get_member(g, "mean_s");
    values = config_setting_get_member(g, "values");
    if (cv && !with_cv)
        return fail(L, cv, "%s is not allowed for %s: cv applies to lognormal and gamma "
                    "only (got %s)", field_path(p, sizeof p, path, "cv"), name,
                    show(cv, got, sizeof got));
    if (values && !empirical)
        return fail(L, values, "%s is not allowed for %s: values apply to empirical only",
                    field_path(p, sizeof p, path, "values"), name);
    if (mean && empirical)
        return fail(L, mean, "%s is not allowed for empirical: the mean is that of values "
                    "(got %s)", field_path(p, sizeof p, path, "mean_s"),
                    show(mean, got, sizeof got));

    if (!empirical) {
        if ((rc = get_number(L, g, path, "mean_s", 1, POSITIVE, &d->mean_s)))
            return rc;
        if (with_cv && (rc = get_number(L, g, path, "cv", 1, POSITIVE, &d->cv)))
            return rc;
        cc_dist_prepare(d);
        /* cv >= ~1.4e154 squares to infinity: sigma or the gamma scale overflows. */
        if (!isfinite(d->p1) || !isfinite(d->p2))
            return fail(L, with_cv ? config_setting_get_member(g, "cv") : mean,
                        "%s: mean_s %g and cv %g give a %s that overflows a double (cv "
                        "squared times mean_s must be finite)", path, d->mean_s, d->cv, name);
        return CC_OK;
    }

    field_path(p, sizeof p, path, "values");
    if ((rc = member(L, g, path, "values", 1, &values)))
        return rc;
    if (!is_sequence(values))
        return fail(L, values, "%s must be a list of numbers >= 0 (got %s)", p,
                    show(values, got, sizeof got));
    int n = config_setting_length(values);
    if (n < 1)
        return fail(L, values, "%s must have at least one value (got an empty list)", p);
    if (!(d->values = malloc((size_t)n * sizeof *d->values)))
        return oom(L);
    d->n_values = (size_t)n;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        char ep[PATH_LEN];
        if ((rc = check_number(L, elem(values, i), elem_path(ep, sizeof ep, p, i), NON_NEGATIVE,
                               &d->values[i])))
            return rc;
        sum += d->values[i];
    }
    d->mean_s = sum / n;
    if (!(d->mean_s > 0.0) || !isfinite(d->mean_s)) {
        char m[32];
        show_double(d->mean_s, m, sizeof m);
        return fail(L, values, "%s must have a finite mean > 0 (got %s)", p, m);
    }
    cc_dist_prepare(d);
    return CC_OK;
}


/* A profile: a list of exactly n weights >= 0, not all 0 (relative weights). `count`
 * says what n is, for the message. A profile meant as shares (shares = 1) that does
 * not sum to 1 within 0.1% is normalised with a warning. */
static int load_weights(const loader *L, const config_setting_t *v, const char *path, size_t n,
                        const char *count, int shares, double *out)
{
    char got[GOT_LEN], p[PATH_LEN];
    double sum = 0.0;
    int rc;
    if (!is_sequence(v))
        return fail(L, v, "%s must be a list of %s weights >= 0 (got %s)", path, count,
                    show(v, got, sizeof got));
    int len = config_setting_length(v);
    if ((size_t)len != n)
        return fail(L, v, "%s must have %s weights (expected %zu, got %d)", path, count, n, len);
    for (int i = 0; i < len; i++) {
        if ((rc = check_number(L, elem(v, i), elem_path(p, sizeof p, path, i), NON_NEGATIVE,
                               &out[i])))
            return rc;
        sum += out[i];
    }
    if (!(sum > 0.0) || !isfinite(sum))
        return fail(L, v, "%s must have a finite sum > 0: relative weights, not all 0 (got "
                    "%s)", path, sum > 0.0 ? "an infinite sum" : "all 0");
    if (shares && fabs(sum - 1.0) > 1e-3)
        return warn(L, v, "%s sums to %g, not 1: normalised (each weight divided by the sum)",
                    path, sum);
    return CC_OK;
}

/* A queue's demand group. when_closed = "queue:NAME" is checked for form here and
 * resolved to a queue index once every queue is known (resolve_when_closed). */
static int load_demand(const loader *L, const config_setting_t *g, const char *path,
                       const cc_scenario *s, cc_demand *d)
{
    static const char *const fields[] = { "volume", "per", "growth", "weekday_profile",
                                          "intraday_profile", "when_closed",
                                          "return_probability", NULL };
    static const char *const pers[] = { "day", "week", "year", "month" };
    char p[PATH_LEN], got[GOT_LEN], count[48];
    config_setting_t *v;
    const char *str = "";
    int rc;
    if ((rc = need_group(L, g, path)) || (rc = known_fields(L, g, path, fields))
        || (rc = get_number(L, g, path, "volume", 1, NON_NEGATIVE, &d->volume)))
        return rc;

    field_path(p, sizeof p, path, "per");
    if ((rc = member(L, g, path, "per", 1, &v)) || (rc = check_string(L, v, p, 0, &str)))
        return rc;
    size_t k = 0;
    while (k < 4 && strcmp(str, pers[k]))
        k++;
    if (k == 4)
        return fail(L, v, "%s must be one of day, week, year, month (got %s)", p, show(v, got, sizeof got));
    d->per = k == 0 ? CC_DEMAND_PER_DAY : k == 1 ? CC_DEMAND_PER_WEEK : k == 2 ? CC_DEMAND_PER_YEAR
                                                                                : CC_DEMAND_PER_MONTH;

    d->growth = 1.0;
    if ((rc = get_number(L, g, path, "growth", 0, POSITIVE, &d->growth)))
        return rc;

    for (int wd = 0; wd < 7; wd++)
        d->weekday_profile[wd] = wd < 5 ? 1.0 : 0.0;
    if ((rc = member(L, g, path, "weekday_profile", 0, &v)))
        return rc;
    if (v && (rc = load_weights(L, v, field_path(p, sizeof p, path, "weekday_profile"), 7,
                                "7 (Mon..Sun)", 0, d->weekday_profile)))
        return rc;

    d->n_intraday = s->intervals_per_day;
    if (!(d->intraday_profile = calloc(d->n_intraday, sizeof *d->intraday_profile)))
        return oom(L);
    snprintf(count, sizeof count, "1440/interval_min = %zu", d->n_intraday);
    if ((rc = member(L, g, path, "intraday_profile", 1, &v))
        || (rc = load_weights(L, v, field_path(p, sizeof p, path, "intraday_profile"),
                              d->n_intraday, count, 1, d->intraday_profile)))
        return rc;

    d->when_closed = CC_WHEN_CLOSED_LOST;
    field_path(p, sizeof p, path, "when_closed");
    if ((rc = member(L, g, path, "when_closed", 0, &v)))
        return rc;
    if (v) {
        if ((rc = check_string(L, v, p, 0, &str)))
            return rc;
        if (!strcmp(str, "next-open"))
            d->when_closed = CC_WHEN_CLOSED_NEXT_OPEN;
        else if (!strcmp(str, "spread"))
            d->when_closed = CC_WHEN_CLOSED_SPREAD;
        else if (!strncmp(str, "queue:", 6) && str[6])
            d->when_closed = CC_WHEN_CLOSED_QUEUE;
        else if (strcmp(str, "lost"))
            return fail(L, v, "%s must be one of lost, next-open, spread, queue:NAME (got %s)", p,
                        show(v, got, sizeof got));
    }

    d->return_probability = 1.0;
    if ((rc = get_number(L, g, path, "return_probability", 0, (range){ 0.0, 1, 1.0, 1 },
                         &d->return_probability)))
        return rc;
    d->present = 1;
    return CC_OK;
}

/* One of `names` (count of them), as its index; an error naming them all otherwise. */
static int one_of(const loader *L, const config_setting_t *v, const char *path,
                  const char *const *names, size_t count, size_t *out)
{
    char got[GOT_LEN], list[256];
    const char *str = "";
    int rc = check_string(L, v, path, 0, &str);
    if (rc)
        return rc;
    for (size_t k = 0; k < count; k++)
        if (!strcmp(str, names[k])) {
            *out = k;
            return CC_OK;
        }
    join_names(list, sizeof list, names, count);
    return fail(L, v, "%s must be one of %s (got %s)", path, list, show(v, got, sizeof got));
}

/* A queue's own targets: 1..CC_MAX_TARGETS of { share; within_s or
 * within_business_days; }, business days for deferred queues only. */
static int load_queue_targets(const loader *L, const config_setting_t *list, const char *path,
                              cc_queue *q)
{
    static const char *const fields[] = { "share", "within_s", "within_business_days", NULL };
    char tp[PATH_LEN], p[PATH_LEN], got[GOT_LEN];
    int rc = need_list(L, list, path);
    if (rc)
        return rc;
    int n = config_setting_length(list);
    if (n > CC_MAX_TARGETS)
        return fail(L, list, "%s must have 1 to %d targets (got %d)", path, CC_MAX_TARGETS, n);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = elem(list, i);
        cc_target *tg = &q->targets[i];
        elem_path(tp, sizeof tp, path, i);
        if ((rc = need_group(L, g, tp)) || (rc = known_fields(L, g, tp, fields))
            || (rc = get_number(L, g, tp, "share", 1, FRACTION_OC, &tg->share)))
            return rc;
        const config_setting_t *ws = config_setting_get_member(g, "within_s");
        const config_setting_t *bd = config_setting_get_member(g, "within_business_days");
        if (ws && bd)
            return fail(L, bd, "%s must have exactly one of within_s and within_business_days "
                        "(got both)", tp);
        if (!ws && !bd)
            return fail(L, g, "%s is required, or within_business_days instead: exactly one of "
                        "the two (got neither)", field_path(p, sizeof p, tp, "within_s"));
        if (ws && (rc = check_number(L, ws, field_path(p, sizeof p, tp, "within_s"),
                                     (range){ 0.0, 0, MAX_WITHIN_S, 1 }, &tg->within_s)))
            return rc;
        if (bd) {
            long long days = 0;
            field_path(p, sizeof p, tp, "within_business_days");
            if (q->discipline != CC_DISCIPLINE_DEFERRED)
                return fail(L, bd, "%s is allowed for deferred queues only: contacts that are "
                            "answered while open have targets in seconds (got %s for a %s "
                            "queue)", p, show(bd, got, sizeof got),
                            cc_discipline_name(q->discipline));
            if ((rc = check_integer(L, bd, p, 1, MAX_BUSINESS_DAYS, &days)))
                return rc;
            tg->business_days = (unsigned)days;
            tg->within_s = 0.0;
        }
    }
    q->n_targets = (size_t)n;
    return CC_OK;
}

/* What a trace value must be, or NULL when x is acceptable: arrival times inside the
 * horizon [0, horizon_s) and not before the previous one; durations finite and >= 0. */
static const char *trace_value_problem(int column, double x, double prev, double horizon_s,
                                       char *buf, size_t n)
{
    if (column == 0) {
        if (!(isfinite(x) && x >= 0.0 && x < horizon_s)) {
            snprintf(buf, n, "a time in seconds inside the horizon, in [0, %g)", horizon_s);
            return buf;
        }
        if (x < prev) {
            snprintf(buf, n, "ascending: not before the arrival before it (%g)", prev);
            return buf;
        }
        return NULL;
    }
    return isfinite(x) && x >= 0.0 ? NULL : "a finite number of seconds >= 0";
}

static const char *const TRACE_COLUMNS[] = { "arrival_s", "handling_s", "patience_s" };

/* A trace given as arrays: arrival_s required, handling_s and patience_s optional, all
 * of one length. */
static int load_trace_arrays(const loader *L, const config_setting_t *g, const char *path,
                             double horizon_s, cc_trace *tr)
{
    double **cols[3] = { &tr->arrival_s, &tr->handling_s, &tr->patience_s };
    char p[PATH_LEN], ep[PATH_LEN], got[GOT_LEN], acc[128];
    int n = 0;
    for (int c = 0; c < 3; c++) {
        config_setting_t *v;
        int rc = member(L, g, path, TRACE_COLUMNS[c], c == 0, &v);
        if (rc)
            return rc;
        if (!v)
            continue;
        field_path(p, sizeof p, path, TRACE_COLUMNS[c]);
        if (!is_sequence(v))
            return fail(L, v, "%s must be a list of numbers (got %s)", p, show(v, got, sizeof got));
        int len = config_setting_length(v);
        if (c == 0 && len < 1)
            return fail(L, v, "%s must hold at least one arrival (got an empty list)", p);
        if (c == 0)
            n = len;
        else if (len != n)
            return fail(L, v, "%s must have one value per arrival, as many as arrival_s "
                        "(expected %d, got %d)", p, n, len);
        if (!(*cols[c] = malloc((size_t)len * sizeof **cols[c])))
            return oom(L);
        for (int i = 0; i < len; i++) {
            const config_setting_t *e = elem(v, i);
            const char *problem;
            elem_path(ep, sizeof ep, p, i);
            if (!is_number(e))
                return fail(L, e, "%s must be a number (got %s)", ep, show(e, got, sizeof got));
            double x = number_of(e);
            if ((problem = trace_value_problem(c, x, i ? (*cols[c])[i - 1] : 0.0, horizon_s,
                                               acc, sizeof acc)))
                return fail(L, e, "%s must be %s (got %s)", ep, problem, show(e, got, sizeof got));
            (*cols[c])[i] = x;
        }
    }
    tr->n = (size_t)n;
    return CC_OK;
}

/* A bad line of a trace file: "CSV:LINE: FIELD.PATH column must be ... (got ...)". */
static int fail_csv(const loader *L, const char *csv, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_csv(const loader *L, const char *csv, size_t line, const char *fmt, ...)
{
    char msg[sizeof L->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cc_error_set(L->err, CC_EINPUT, "%s:%zu: %s", csv, line, msg);
    if (L->err)
        one_line(L->err->msg);
    return CC_EINPUT;
}

/* Splits a CSV line in place at commas into at most max cells, spaces trimmed;
 * returns the number of cells (max + 1 when there are more). */
static int split_cells(char *line, char **cells, int max)
{
    int n = 0;
    for (char *c = line;;) {
        char *end = strchr(c, ',');
        if (end)
            *end = '\0';
        while (*c == ' ' || *c == '\t')
            c++;
        size_t len = strlen(c);
        while (len && (c[len - 1] == ' ' || c[len - 1] == '\t'))
            c[--len] = '\0';
        if (n == max)
            return max + 1;
        cells[n++] = c;
        if (!end)
            return n;
        c = end + 1;
    }
}

/* A trace read from a CSV file (relative to the scenario's directory): a header line
 * naming the columns, arrival_s[,handling_s[,patience_s]], then one contact a line;
 * blank lines are skipped. */
static int load_trace_file(const loader *L, const config_setting_t *v, const char *path,
                           int with_patience, double horizon_s, cc_trace *tr)
{
    char csv[PATH_MAX], got[GOT_LEN], acc[128], reason[sizeof L->err->msg];
    const char *name = "";
    char *text = NULL;
    int rc = check_string(L, v, path, 1, &name);
    if (rc)
        return rc;
    include_path(L, name, csv, sizeof csv);
    cc_error read_err = { 0 };
    loader M = *L;
    M.err = &read_err;
    if ((rc = read_text(&M, csv, &text))) {
        free(text);
        if (rc != CC_EINPUT)
            return oom(L);
        snprintf(reason, sizeof reason, "%s", read_err.msg);
        return fail(L, v, "%s must name a readable CSV file, relative to the scenario's "
                    "directory (got %s; %s)", path, show(v, got, sizeof got), reason);
    }
    size_t lines = 1;
    for (const char *c = text; *c; c++)
        lines += *c == '\n';
    double *cols[3] = { NULL, NULL, NULL };
    char *cells[3], *line = text, *next;
    size_t n = 0, lineno = 0;
    int n_cols = 0;
    for (; line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (!line[strspn(line, " \t")] && n_cols)
            continue;
        int k = split_cells(line, cells, 3);
        if (!n_cols) {
            /* the header */
            int ok = k >= 1 && k <= 3;
            for (int c = 0; ok && c < k; c++)
                ok = !strcmp(cells[c], TRACE_COLUMNS[c]);
            if (!ok) {
                rc = fail_csv(L, csv, lineno, "%s must start with the header line arrival_s, "
                              "arrival_s,handling_s or arrival_s,handling_s,patience_s", path);
                goto out;
            }
            n_cols = k;
            if (n_cols == 3 && !with_patience) {
                rc = fail_csv(L, csv, lineno, "%s must not have a patience_s column: contacts "
                              "of a deferred queue never abandon", path);
                goto out;
            }
            for (int c = 0; c < n_cols; c++)
                if (!(cols[c] = malloc(lines * sizeof *cols[c]))) {
                    rc = oom(L);
                    goto out;
                }
            continue;
        }
        if (k != n_cols) {
            rc = fail_csv(L, csv, lineno, "%s must have %d value%s a line, as the header "
                          "(got %s%d)", path, n_cols, n_cols > 1 ? "s" : "",
                          k > 3 ? "more than " : "", k > 3 ? 3 : k);
            goto out;
        }
        for (int c = 0; c < n_cols; c++) {
            char *end;
            const char *problem;
            double x = strtod(cells[c], &end);
            if (!*cells[c] || *end) {
                show_string(cells[c], got, sizeof got);
                rc = fail_csv(L, csv, lineno, "%s column %s must be a number (got %s)", path,
                              TRACE_COLUMNS[c], got);
                goto out;
            }
            if ((problem = trace_value_problem(c, x, n ? cols[c][n - 1] : 0.0, horizon_s, acc,
                                               sizeof acc))) {
                show_string(cells[c], got, sizeof got);
                rc = fail_csv(L, csv, lineno, "%s column %s must be %s (got %s)", path,
                              TRACE_COLUMNS[c], problem, got);
                goto out;
            }
            cols[c][n] = x;
        }
        n++;
    }
    if (!n_cols || n == 0) {
        rc = fail_csv(L, csv, lineno, "%s must hold a header line and at least one arrival "
                      "(got %s)", path, n_cols ? "no arrivals" : "an empty file");
        goto out;
    }
    tr->arrival_s = cols[0];
    tr->handling_s = cols[1];
    tr->patience_s = cols[2];
    tr->n = n;
    cols[0] = cols[1] = cols[2] = NULL;
out:
    for (int c = 0; c < 3; c++)
        free(cols[c]);
    free(text);
    return rc;
}

/* A queue's trace: { arrival_s = [...]; handling_s = [...]; patience_s = [...]; } or
 * { file = "calls.csv"; }. */
static int load_trace(const loader *L, const config_setting_t *g, const char *path,
                      const cc_scenario *s, cc_queue *q)
{
    static const char *const fields[] = { "arrival_s", "handling_s", "patience_s", "file", NULL };
    char p[PATH_LEN], got[GOT_LEN];
    double horizon_s = 86400.0 * s->calendar.days;
    int deferred = q->discipline == CC_DISCIPLINE_DEFERRED, rc;
    if ((rc = need_group(L, g, path)) || (rc = known_fields(L, g, path, fields)))
        return rc;
    const config_setting_t *file = config_setting_get_member(g, "file");
    const config_setting_t *pat = config_setting_get_member(g, "patience_s");
    if (file && config_setting_length(g) > 1)
        return fail(L, file, "%s must have either file or arrival_s (with handling_s, "
                    "patience_s), not both (got file and %s)", path,
                    config_setting_name(elem(g, elem(g, 0) == file ? 1 : 0)));
    if (pat && deferred)
        return fail(L, pat, "%s is not allowed for a deferred queue: its contacts never abandon "
                    "(got %s)", field_path(p, sizeof p, path, "patience_s"),
                    show(pat, got, sizeof got));
    q->source = CC_SOURCE_TRACE;
    if (file)
        return load_trace_file(L, file, field_path(p, sizeof p, path, "file"), !deferred,
                               horizon_s, &q->trace);
    return load_trace_arrays(L, g, path, horizon_s, &q->trace);
}

/* A behaviour field of an inbound queue only ("lines", "redial", "callback"). */
static int inbound_only(const loader *L, const config_setting_t *v, const char *path,
                        const cc_queue *q)
{
    if (!v || q->discipline == CC_DISCIPLINE_INBOUND)
        return CC_OK;
    return fail(L, v, "%s applies to an inbound queue only (got discipline %s)", path,
                cc_discipline_name(q->discipline));
}

/* lines, redial { share; delay }, callback { after_s; share; within_s }, chat_stretch,
 * and then { queue; share } (its queue resolved by resolve_next_queues). */
static int load_caller_behaviour(const loader *L, const config_setting_t *g, const char *path,
                                 cc_queue *q)
{
    static const char *const redial_fields[] = { "share", "delay", NULL };
    static const char *const callback_fields[] = { "after_s", "share", "within_s", NULL };
    static const char *const then_fields[] = { "queue", "share", NULL };
    char p[PATH_LEN], got[GOT_LEN];
    config_setting_t *v;
    long long x = 0;
    int rc;

    q->next_queue = SIZE_MAX;
    v = config_setting_get_member(g, "lines");
    field_path(p, sizeof p, path, "lines");
    if ((rc = inbound_only(L, v, p, q))
        || (rc = get_integer(L, g, path, "lines", 0, 1, 1000000, &x)))
        return rc;
    q->lines = v ? (unsigned)x : 0;

    v = config_setting_get_member(g, "redial");
    field_path(p, sizeof p, path, "redial");
    if ((rc = inbound_only(L, v, p, q)))
        return rc;
    if (v) {
        config_setting_t *d;
        if ((rc = need_group(L, v, p)) || (rc = known_fields(L, v, p, redial_fields))
            || (rc = get_number(L, v, p, "share", 1, FRACTION_OC, &q->redial_share))
            || (rc = member(L, v, p, "delay", 1, &d)))
            return rc;
        char dp[PATH_LEN];
        if ((rc = load_dist(L, d, field_path(dp, sizeof dp, p, "delay"), &q->redial_delay)))
            return rc;
    }

    v = config_setting_get_member(g, "callback");
    field_path(p, sizeof p, path, "callback");
    if ((rc = inbound_only(L, v, p, q)))
        return rc;
    if (v && ((rc = need_group(L, v, p)) || (rc = known_fields(L, v, p, callback_fields))
              || (rc = get_number(L, v, p, "after_s", 1, POSITIVE, &q->callback_after_s))
              || (rc = get_number(L, v, p, "share", 1, FRACTION_OC, &q->callback_share))
              || (rc = get_number(L, v, p, "within_s", 1, POSITIVE, &q->callback_within_s))))
        return rc;

    v = config_setting_get_member(g, "chat_stretch");
    field_path(p, sizeof p, path, "chat_stretch");
    if (v && q->discipline != CC_DISCIPLINE_CHAT)
        return fail(L, v, "%s applies to a chat queue only (got discipline %s)", p,
                    cc_discipline_name(q->discipline));
    if ((rc = get_number(L, g, path, "chat_stretch", 0, (range){ 0.0, 1, 10.0, 1 },
                         &q->chat_stretch)))
        return rc;

    v = config_setting_get_member(g, "then");
    field_path(p, sizeof p, path, "then");
    if (v && (q->discipline == CC_DISCIPLINE_SELF_SERVICE))
        return fail(L, v, "%s does not apply to a self-service queue: its contacts meet no "
                    "agent (got %s)", p, show(v, got, sizeof got));
    if (v && ((rc = need_group(L, v, p)) || (rc = known_fields(L, v, p, then_fields))
              || (rc = get_number(L, v, p, "share", 1, FRACTION_OC, &q->next_share))))
        return rc;
    if (v) {
        const char *name;
        char qp[PATH_LEN];
        config_setting_t *n;
        if ((rc = member(L, v, p, "queue", 1, &n))
            || (rc = check_string(L, n, field_path(qp, sizeof qp, p, "queue"), 1, &name)))
            return rc;
    }
    return CC_OK;
}

static void queue_names(const cc_scenario *s, char *buf, size_t n);

/* ivr { resolved_share; cost_per_call; } (inbound only) and failure { share; to; }
 * (self-service only; its queue resolved by resolve_failure_queues). */
static int load_ivr_and_failure(const loader *L, const config_setting_t *g, const char *path,
                                cc_queue *q)
{
    static const char *const ivr_fields[] = { "resolved_share", "cost_per_call", NULL };
    static const char *const failure_fields[] = { "share", "to", NULL };
    char p[PATH_LEN], tp[PATH_LEN];
    config_setting_t *v = config_setting_get_member(g, "ivr"), *to;
    const char *name;
    int rc;
    q->failure_queue = SIZE_MAX;
    field_path(p, sizeof p, path, "ivr");
    if ((rc = inbound_only(L, v, p, q)))
        return rc;
    if (v && ((rc = need_group(L, v, p)) || (rc = known_fields(L, v, p, ivr_fields))
              || (rc = get_number(L, v, p, "resolved_share", 1, FRACTION_CO, &q->ivr_resolved_share))
              || (rc = get_number(L, v, p, "cost_per_call", 0, NON_NEGATIVE, &q->ivr_cost_per_call))))
        return rc;
    v = config_setting_get_member(g, "failure");
    field_path(p, sizeof p, path, "failure");
    if (v && q->discipline != CC_DISCIPLINE_SELF_SERVICE)
        return fail(L, v, "%s applies to a self-service queue only (got discipline %s)", p,
                    cc_discipline_name(q->discipline));
    if (v && ((rc = need_group(L, v, p)) || (rc = known_fields(L, v, p, failure_fields))
              || (rc = get_number(L, v, p, "share", 1, (range){ 0.0, 1, 1.0, 1 }, &q->failure_share))
              || (rc = member(L, v, p, "to", 1, &to))
              || (rc = check_string(L, to, field_path(tp, sizeof tp, p, "to"), 1, &name))))
        return rc;
    return CC_OK;
}

/* The index of the queue named by string setting v (field `path`), one that agents
 * serve and without a trace when `served` is set; an error naming the queues otherwise. */
static int queue_named_by(const loader *L, const config_setting_t *v, const char *path,
                          const cc_scenario *s, int served, size_t *out)
{
    char got[GOT_LEN], names[200];
    const char *name;
    int rc = check_string(L, v, path, 1, &name);
    if (rc)
        return rc;
    size_t q = 0;
    while (q < s->n_queues && strcmp(s->queues[q].name, name))
        q++;
    if (q == s->n_queues) {
        queue_names(s, names, sizeof names);
        return fail(L, v, "%s names no queue (got %s; queues: %s)", path, show(v, got, sizeof got), names);
    }
    if (served && (s->queues[q].source == CC_SOURCE_TRACE
                   || s->queues[q].discipline == CC_DISCIPLINE_SELF_SERVICE))
        return fail(L, v, "%s must name a queue without a trace that agents serve (got %s)", path,
                    show(v, got, sizeof got));
    *out = q;
    return CC_OK;
}

static int load_queue(const loader *L, const config_setting_t *g, const char *path,
                      cc_scenario *s, size_t qi, const config_setting_t **calls_given)
{
    static const char *const fields[] = { "name", "channel", "priority", "hours",
                                          "cost_per_contact", "calls_per_interval", "demand",
                                          "handling", "patience", "non_staff_cost_per_contact",
                                          "discipline", "targets", "trace", "lines", "redial",
                                          "callback", "chat_stretch", "then", "ivr", "failure",
                                          NULL };
    static const char *const disciplines[] = { "inbound", "chat", "deferred", "face-to-face",
                                               "self-service" };
    static const char *const channels[] = { "phone", "email", "web-form", "post", "chat",
                                            "face-to-face", "self-service" };
    static const cc_discipline discipline_of[] = { CC_DISCIPLINE_INBOUND, CC_DISCIPLINE_CHAT,
                                                   CC_DISCIPLINE_DEFERRED,
                                                   CC_DISCIPLINE_FACE_TO_FACE,
                                                   CC_DISCIPLINE_SELF_SERVICE };
    cc_queue *q = &s->queues[qi];
    char p[PATH_LEN], got[GOT_LEN];
    config_setting_t *v, *cpi, *demand, *trace;
    long long x = 0;
    size_t k;
    int rc;
    if ((rc = need_group(L, g, path)) || (rc = known_fields(L, g, path, fields))
        || (rc = get_string_copy(L, g, path, "name", 1, 1, &q->name)))
        return rc;
    for (k = 0; k < qi; k++)
        if (!strcmp(s->queues[k].name, q->name))
            return fail(L, config_setting_get_member(g, "name"),
                        "%s must be unique (got %s, also queues[%zu].name)",
                        field_path(p, sizeof p, path, "name"),
                        show(config_setting_get_member(g, "name"), got, sizeof got), k);

    field_path(p, sizeof p, path, "channel");
    if ((rc = member(L, g, path, "channel", 1, &v)) || (rc = one_of(L, v, p, channels,
                                                                     CC_CHANNELS, &k)))
        return rc;
    q->channel = (cc_channel)k;

    q->discipline = cc_channel_discipline(q->channel);
    if ((rc = member(L, g, path, "discipline", 0, &v))
        || (v && (rc = one_of(L, v, field_path(p, sizeof p, path, "discipline"), disciplines,
                              CC_DISCIPLINES, &k))))
        return rc;
    if (v)
        q->discipline = discipline_of[k];
    int deferred = q->discipline == CC_DISCIPLINE_DEFERRED;

    if ((rc = get_integer(L, g, path, "priority", 0, -MAX_PRIORITY, MAX_PRIORITY, &x)))
        return rc;
    q->priority = config_setting_get_member(g, "priority") ? (int)x : 0;

    if ((rc = member(L, g, path, "hours", 0, &v))
        || (v && (rc = load_hours(L, v, field_path(p, sizeof p, path, "hours"), &q->hours,
                                  &q->n_hours))))
        return rc;

    if ((rc = get_number(L, g, path, "cost_per_contact", 0, NON_NEGATIVE, &q->cost_per_contact)) ||
        (rc = get_number(L, g, path, "non_staff_cost_per_contact", 0, NON_NEGATIVE,
                         &q->non_staff_cost_per_contact)))
        return rc;

    cpi = config_setting_get_member(g, "calls_per_interval");
    demand = config_setting_get_member(g, "demand");
    trace = config_setting_get_member(g, "trace");
    if (trace && (cpi || demand))
        return fail(L, trace, "%s must have exactly one of calls_per_interval, demand and trace "
                    "(got trace and %s)", path, cpi ? "calls_per_interval" : "demand");
    if (cpi && demand)
        return fail(L, demand, "%s must have exactly one of calls_per_interval and demand (got "
                    "both)", path);
    if (!cpi && !demand && !trace)
        return fail(L, g, "%s is required, or demand instead: exactly one of the two (got "
                    "neither), or a trace to replay", field_path(p, sizeof p, path,
                                                                 "calls_per_interval"));
    if (cpi && (rc = check_per_open_interval(L, cpi, field_path(p, sizeof p, path,
                                                                "calls_per_interval"), 1)))
        return rc;
    *calls_given = cpi;
    if (demand && (rc = load_demand(L, demand, field_path(p, sizeof p, path, "demand"), s,
                                    &q->demand)))
        return rc;
    if (demand && deferred && config_setting_get_member(demand, "when_closed"))
        return fail(L, config_setting_get_member(demand, "when_closed"), "%s is not allowed for "
                    "a deferred queue: its contacts arrive at any hour and wait for opening "
                    "(got %s)", field_path(p, sizeof p, path, "demand.when_closed"),
                    show(config_setting_get_member(demand, "when_closed"), got, sizeof got));
    if (trace && (rc = load_trace(L, trace, field_path(p, sizeof p, path, "trace"), s, q)))
        return rc;

    if ((rc = member(L, g, path, "handling", 1, &v))
        || (rc = load_dist(L, v, field_path(p, sizeof p, path, "handling"), &q->handling)))
        return rc;
    q->patience.kind = CC_DIST_NONE;
    if ((rc = member(L, g, path, "patience", 0, &v)))
        return rc;
    if (v && deferred)
        return fail(L, v, "%s is not allowed for a deferred queue: its contacts never abandon",
                    field_path(p, sizeof p, path, "patience"));
    if (v && (rc = load_dist(L, v, field_path(p, sizeof p, path, "patience"), &q->patience)))
        return rc;

    if ((rc = member(L, g, path, "targets", 0, &v))
        || (v && (rc = load_queue_targets(L, v, field_path(p, sizeof p, path, "targets"), q))))
        return rc;
    if ((rc = load_caller_behaviour(L, g, path, q)))
        return rc;
    return load_ivr_and_failure(L, g, path, q);
}

/* The queue names as "a, b, c" for messages. */
static void queue_names(const cc_scenario *s, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t q = 0; q < s->n_queues && k + 4 < n; q++) {
        int w = snprintf(buf + k, n - k, "%s%s", q ? ", " : "", s->queues[q].name);
        if (w < 0 || (size_t)w >= n - k) {
            snprintf(buf + (n > 4 ? n - 4 : 0), n > 4 ? 4 : n, "...");
            return;
        }
        k += (size_t)w;
    }
}

/* Resolves every demand.when_closed = "queue:NAME" now that all queues are known. */
static int resolve_when_closed(const loader *L, const config_setting_t *list, cc_scenario *s)
{
    for (size_t qi = 0; qi < s->n_queues; qi++) {
        cc_demand *d = &s->queues[qi].demand;
        if (!d->present || d->when_closed != CC_WHEN_CLOSED_QUEUE)
            continue;
        const config_setting_t *v = config_setting_get_member(
            config_setting_get_member(elem(list, (int)qi), "demand"), "when_closed");
        const char *name = config_setting_get_string(v) + 6;
        char got[GOT_LEN], names[200];
        size_t q = 0;
        while (q < s->n_queues && strcmp(s->queues[q].name, name))
            q++;
        if (q == qi)
            return fail(L, v, "queues[%zu].demand.when_closed must name another queue, not "
                        "its own (got %s)", qi, show(v, got, sizeof got));
        if (q == s->n_queues) {
            queue_names(s, names, sizeof names);
            return fail(L, v, "queues[%zu].demand.when_closed names no queue (got %s; queues: "
                        "%s)", qi, show(v, got, sizeof got), names);
        }
        if (s->queues[q].source == CC_SOURCE_TRACE)
            return fail(L, v, "queues[%zu].demand.when_closed must name a queue without a "
                        "trace: a trace is replayed as recorded (got %s)", qi,
                        show(v, got, sizeof got));
        d->to_queue = q;
    }
    return CC_OK;
}

/* Resolves every then.queue now that all queues are known: another queue, not a
 * trace, and no chain of them that comes back to where it began. */
static int resolve_next_queues(const loader *L, const config_setting_t *list, cc_scenario *s)
{
    for (size_t qi = 0; qi < s->n_queues; qi++) {
        cc_queue *q = &s->queues[qi];
        if (q->next_share <= 0.0)
            continue;
        const config_setting_t *v = config_setting_get_member(
            config_setting_get_member(elem(list, (int)qi), "then"), "queue");
        const char *name = config_setting_get_string(v);
        char got[GOT_LEN], names[200];
        size_t t = 0;
        while (t < s->n_queues && strcmp(s->queues[t].name, name))
            t++;
        if (t == s->n_queues) {
            queue_names(s, names, sizeof names);
            return fail(L, v, "queues[%zu].then.queue names no queue (got %s; queues: %s)", qi,
                        show(v, got, sizeof got), names);
        }
        if (t == qi)
            return fail(L, v, "queues[%zu].then.queue must name another queue, not its own "
                        "(got %s)", qi, show(v, got, sizeof got));
        if (s->queues[t].source == CC_SOURCE_TRACE
            || s->queues[t].discipline == CC_DISCIPLINE_SELF_SERVICE)
            return fail(L, v, "queues[%zu].then.queue must name a queue without a trace that "
                        "agents serve (got %s)", qi, show(v, got, sizeof got));
        q->next_queue = t;
    }
    /* A chain longer than the number of queues has come back on itself. */
    for (size_t qi = 0; qi < s->n_queues; qi++) {
        size_t at = qi, steps = 0;
        while (s->queues[at].next_share > 0.0 && steps <= s->n_queues) {
            at = s->queues[at].next_queue;
            steps++;
        }
        if (steps > s->n_queues) {
            const config_setting_t *v = config_setting_get_member(elem(list, (int)qi), "then");
            return fail(L, v, "queues[%zu].then must not lead back to queue %s through other "
                        "queues' then (a cycle)", qi, s->queues[qi].name);
        }
    }
    return CC_OK;
}

/* Resolves every failure.to now that all queues are known: a queue agents serve. */
static int resolve_failure_queues(const loader *L, const config_setting_t *list, cc_scenario *s)
{
    for (size_t qi = 0; qi < s->n_queues; qi++) {
        const config_setting_t *f = config_setting_get_member(elem(list, (int)qi), "failure");
        char p[PATH_LEN];
        int rc;
        snprintf(p, sizeof p, "queues[%zu].failure.to", qi);
        if (f && (rc = queue_named_by(L, config_setting_get_member(f, "to"), p, s, 1,
                                      &s->queues[qi].failure_queue)))
            return rc;
    }
    return CC_OK;
}

static int load_queues(const loader *L, const config_setting_t *list, cc_scenario *s,
                       given *gv)
{
    int rc = need_list(L, list, "queues");
    if (rc)
        return rc;
    int n = config_setting_length(list);
    if (!(s->queues = calloc((size_t)n, sizeof *s->queues))
        || !(gv->calls = calloc((size_t)n, sizeof *gv->calls)))
        return oom(L);
    s->n_queues = (size_t)n;
    for (int i = 0; i < n; i++) {
        char p[PATH_LEN];
        if ((rc = load_queue(L, elem(list, i), elem_path(p, sizeof p, "queues", i), s, (size_t)i,
                             &gv->calls[i])))
            return rc;
    }
    if ((rc = resolve_when_closed(L, list, s)) || (rc = resolve_failure_queues(L, list, s)))
        return rc;
    return resolve_next_queues(L, list, s);
}

/* The channel_shift section: a list of { from; to; share; failure_share; }. share is a
 * list with one share per year of the horizon (cc_demand_horizon_years; a number for a
 * horizon of one year); in every year the shares out of one queue add up to at most 1;
 * no queue both receives a shift and is shifted from. */
static int load_channel_shift(const loader *L, const config_setting_t *list, cc_scenario *s)
{
    static const char *const fields[] = { "from", "to", "share", "failure_share", NULL };
    char sp[PATH_LEN], p[PATH_LEN], got[GOT_LEN], from_text[11], to_text[11];
    config_setting_t *v;
    int rc = need_list(L, list, "channel_shift");
    if (rc)
        return rc;
    size_t years = cc_demand_horizon_years(&s->calendar);
    int n = config_setting_length(list);
    if (!(s->shifts = calloc((size_t)n, sizeof *s->shifts)))
        return oom(L);
    s->n_shifts = (size_t)n;
    cc_date_format(s->calendar.first_date, from_text);
    cc_date_format(s->calendar.first_date + (long)s->calendar.days - 1, to_text);
    for (int k = 0; k < n; k++) {
        cc_channel_shift *sh = &s->shifts[k];
        const config_setting_t *g = elem(list, k);
        elem_path(sp, sizeof sp, "channel_shift", k);
        if ((rc = need_group(L, g, sp)) || (rc = known_fields(L, g, sp, fields))
            || (rc = member(L, g, sp, "from", 1, &v))
            || (rc = queue_named_by(L, v, field_path(p, sizeof p, sp, "from"), s, 0, &sh->from))
            || (rc = member(L, g, sp, "to", 1, &v))
            || (rc = queue_named_by(L, v, field_path(p, sizeof p, sp, "to"), s, 0, &sh->to))
            || (rc = get_number(L, g, sp, "failure_share", 0, (range){ 0.0, 1, 1.0, 1 },
                                &sh->failure_share))
            || (rc = member(L, g, sp, "share", 1, &v)))
            return rc;
        sh->line = config_setting_source_line(g);
        field_path(p, sizeof p, sp, "to");
        if (sh->to == sh->from)
            return fail(L, config_setting_get_member(g, "to"), "%s must name another queue than from "
                        "(got %s)", p, show(config_setting_get_member(g, "to"), got, sizeof got));
        const cc_queue *qf = &s->queues[sh->from], *qt = &s->queues[sh->to];
        if (qf->source == CC_SOURCE_TRACE || qt->source == CC_SOURCE_TRACE)
            return fail(L, g, "%s must move contacts between queues without a trace: a trace is "
                        "replayed as recorded (got %s)", sp, qf->source == CC_SOURCE_TRACE ? qf->name : qt->name);
        field_path(p, sizeof p, sp, "share");
        sh->n_years = years;
        if (is_number(v) && years == 1) {
            if ((rc = check_number(L, v, p, (range){ 0.0, 1, 1.0, 1 }, &sh->share[0])))
                return rc;
        } else if (!is_sequence(v) || (size_t)config_setting_length(v) != years) {
            char len[32];
            snprintf(len, sizeof len, "a list of %d", is_sequence(v) ? config_setting_length(v) : 0);
            return fail(L, v, "%s must be a list of one share in [0, 1] per year of the horizon: %zu "
                        "(%s to %s, years from each anniversary of the start) (got %s)", p, years,
                        from_text, to_text, is_sequence(v) ? len : show(v, got, sizeof got));
        } else {
            for (size_t y = 0; y < years; y++) {
                char yp[PATH_LEN];
                if ((rc = check_number(L, elem(v, (int)y), elem_path(yp, sizeof yp, p, (int)y),
                                       (range){ 0.0, 1, 1.0, 1 }, &sh->share[y])))
                    return rc;
            }
        }
        /* The shares out of this queue so far, year by year. */
        for (size_t y = 0; y < years; y++) {
            double sum = 0.0;
            for (int j = 0; j <= k; j++)
                if (s->shifts[j].from == sh->from)
                    sum += s->shifts[j].share[y];
            if (sum > 1.0 + 1e-12)
                return fail(L, v, "%s: the shares moved out of queue %s in year %zu of the horizon must "
                            "add up to at most 1 over channel_shift (got %g)", p, qf->name, y + 1, sum);
        }
    }
    for (size_t k = 0; k < s->n_shifts; k++)
        for (size_t j = 0; j < s->n_shifts; j++)
            if (s->shifts[k].to == s->shifts[j].from)
                return fail(L, config_setting_get_member(elem(list, (int)k), "to"), "channel_shift[%zu].to "
                            "must not be shifted from itself (queue %s is channel_shift[%zu].from): a "
                            "chain of shifts is one shift from its first queue", k,
                            s->queues[s->shifts[k].to].name, j);
    return CC_OK;
}

/* The sites section: a list of { name; }, names unique. */
/* Routing shares: given at every site or at none; when given, they add up to 1. */
static int check_site_shares(const loader *L, const config_setting_t *list, cc_scenario *s)
{
    char p[PATH_LEN], sp[PATH_LEN];
    size_t n_given = 0;
    double sum = 0.0;
    for (size_t k = 0; k < s->n_sites; k++) {
        n_given += config_setting_get_member(elem(list, (int)k), "share") != NULL;
        sum += s->sites[k].share;
    }
    if (n_given == 0)
        return CC_OK;
    for (size_t k = 0; k < s->n_sites; k++) {
        const config_setting_t *g = elem(list, (int)k);
        if (!config_setting_get_member(g, "share"))
            return fail(L, g, "%s is required when another site has a share (got none; "
                        "shares route calls by site, at every site or at none)",
                        field_path(p, sizeof p, elem_path(sp, sizeof sp, "sites", (int)k), "share"));
    }
    if (fabs(sum - 1.0) > 1e-9)
        return fail(L, list, "sites[].share must add up to 1 (got %.15g)", sum);
    return CC_OK;
}

static int load_sites(const loader *L, const config_setting_t *list, cc_scenario *s)
{
    static const char *const fields[] = { "name", "share", NULL };
    static const range SHARE = { 0.0, 1, 1.0, 1 };     /* [0, 1] */
    char sp[PATH_LEN], p[PATH_LEN], got[GOT_LEN];
    int rc = need_list(L, list, "sites");
    if (rc)
        return rc;
    int n = config_setting_length(list);
    if (!(s->sites = calloc((size_t)n, sizeof *s->sites)))
        return oom(L);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = elem(list, i);
        elem_path(sp, sizeof sp, "sites", i);
        if ((rc = need_group(L, g, sp)) || (rc = known_fields(L, g, sp, fields))
            || (rc = get_string_copy(L, g, sp, "name", 1, 1, &s->sites[i].name)))
            return rc;
        s->n_sites++;
        for (int k = 0; k < i; k++)
            if (!strcmp(s->sites[k].name, s->sites[i].name))
                return fail(L, config_setting_get_member(g, "name"),
                            "%s must be unique (got %s, also sites[%d].name)",
                            field_path(p, sizeof p, sp, "name"),
                            show(config_setting_get_member(g, "name"), got, sizeof got), k);
        if ((rc = get_number(L, g, sp, "share", 0, SHARE, &s->sites[i].share)))
            return rc;
    }
    return check_site_shares(L, list, s);
}

/* The site named by string setting v, as an index; without a sites section the one
 * site is "main". */
static int site_named(const loader *L, const config_setting_t *v, const char *path,
                      const cc_scenario *s, size_t *out)
{
    static const char *const main_site[] = { "main" };
    const char *names[16];
    char got[GOT_LEN], list[200];
    const char *name = "";
    int rc = check_string(L, v, path, 0, &name);
    if (rc)
        return rc;
    size_t n = s->n_sites ? s->n_sites : 1;
    for (size_t k = 0; k < n; k++)
        if (!strcmp(s->n_sites ? s->sites[k].name : main_site[0], name)) {
            *out = k;
            return CC_OK;
        }
    size_t shown = n < 16 ? n : 16;
    for (size_t k = 0; k < shown; k++)
        names[k] = s->n_sites ? s->sites[k].name : main_site[0];
    join_names(list, sizeof list, names, shown);
    return fail(L, v, "%s names no site (got %s; sites: %s%s)", path, show(v, got, sizeof got),
                list, n > shown ? ", ..." : "");
}

/* The group named by string setting v, as an index. */
static int group_named(const loader *L, const config_setting_t *v, const char *path,
                       const cc_scenario *s, size_t *out)
{
    char got[GOT_LEN];
    const char *name = "";
    int rc = check_string(L, v, path, 0, &name);
    if (rc)
        return rc;
    for (size_t g = 0; g < s->n_groups; g++)
        if (!strcmp(s->groups[g].name, name)) {
            *out = g;
            return CC_OK;
        }
    return fail(L, v, "%s names no group (got %s)", path, show(v, got, sizeof got));
}

static int load_group(const loader *L, const config_setting_t *g, const char *path,
                      cc_scenario *s, size_t gi, const config_setting_t **agents_given)
{
    static const char *const fields[] = { "name", "serves", "agents", "site", "concurrency",
                                          NULL };
    cc_group *grp = &s->groups[gi];
    char p[PATH_LEN], ep[PATH_LEN], got[GOT_LEN], names[200];
    config_setting_t *v;
    long long x;
    int rc;
    if ((rc = need_group(L, g, path)) || (rc = known_fields(L, g, path, fields))
        || (rc = get_string_copy(L, g, path, "name", 1, 1, &grp->name)))
        return rc;
    for (size_t k = 0; k < gi; k++)
        if (!strcmp(s->groups[k].name, grp->name))
            return fail(L, config_setting_get_member(g, "name"),
                        "%s must be unique (got %s, also groups[%zu].name)",
                        field_path(p, sizeof p, path, "name"),
                        show(config_setting_get_member(g, "name"), got, sizeof got), k);

    field_path(p, sizeof p, path, "serves");
    if ((rc = member(L, g, path, "serves", 1, &v)))
        return rc;
    if (!is_sequence(v))
        return fail(L, v, "%s must be a list of queue names (got %s)", p, show(v, got, sizeof got));
    int n = config_setting_length(v);
    if (n < 1)
        return fail(L, v, "%s must name at least one queue (got an empty list)", p);
    if (!(grp->serves = calloc((size_t)n, sizeof *grp->serves)))
        return oom(L);
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = elem(v, i);
        const char *qname = "";
        size_t q;
        elem_path(ep, sizeof ep, p, i);
        if ((rc = check_string(L, e, ep, 0, &qname)))
            return rc;
        for (q = 0; q < s->n_queues && strcmp(s->queues[q].name, qname); q++)
            ;
        if (q == s->n_queues) {
            queue_names(s, names, sizeof names);
            return fail(L, e, "%s names no queue (got %s; queues: %s)", ep,
                        show(e, got, sizeof got), names);
        }
        for (size_t k = 0; k < grp->n_serves; k++)
            if (grp->serves[k] == q)
                return fail(L, e, "%s must not repeat a queue (got %s twice)", ep,
                            show(e, got, sizeof got));
        if (s->queues[q].discipline == CC_DISCIPLINE_SELF_SERVICE)
            return fail(L, e, "%s must name a queue that agents serve, not a self-service "
                        "one (got %s)", ep, show(e, got, sizeof got));
        grp->serves[grp->n_serves++] = q;
    }

    field_path(p, sizeof p, path, "site");
    if ((rc = member(L, g, path, "site", 0, &v)))
        return rc;
    if (v && (rc = site_named(L, v, p, s, &grp->site)))
        return rc;
    if (!v && s->n_sites > 1)
        return fail(L, g, "%s is required when there are several sites (got none; %zu sites)",
                    p, s->n_sites);

    grp->concurrency = 1;
    field_path(p, sizeof p, path, "concurrency");
    if ((rc = member(L, g, path, "concurrency", 0, &v))
        || (v && (rc = check_integer(L, v, p, 1, MAX_CONCURRENCY, &x))))
        return rc;
    if (v)
        grp->concurrency = (unsigned)x;
    for (size_t k = 0; k < grp->n_serves && grp->concurrency > 1; k++) {
        const cc_queue *qu = &s->queues[grp->serves[k]];
        if (qu->discipline != CC_DISCIPLINE_CHAT)
            return fail(L, v, "%s must be 1 for a group that serves a queue other than chat: "
                        "an agent holds one call, email or visit at a time (got %u; \"%s\" is "
                        "%s)", p, grp->concurrency, qu->name, cc_discipline_name(qu->discipline));
    }

    field_path(p, sizeof p, path, "agents");
    if ((rc = member(L, g, path, "agents", 1, &v)) || (rc = check_per_open_interval(L, v, p, 0)))
        return rc;
    *agents_given = v;
    return CC_OK;
}

/* No groups section: one group per queue, named after it, serving it alone, at the
 * first site, with 0 agents everywhere (the planner fills in staffing). */
static int default_groups(const loader *L, cc_scenario *s)
{
    if (!(s->groups = calloc(s->n_queues, sizeof *s->groups)))
        return oom(L);
    s->n_groups = s->n_queues;
    for (size_t q = 0; q < s->n_queues; q++) {
        cc_group *grp = &s->groups[q];
        grp->name = strdup(s->queues[q].name);
        grp->serves = calloc(1, sizeof *grp->serves);
        if (!grp->name || !grp->serves)
            return oom(L);
        grp->serves[0] = q;
        grp->n_serves = 1;
        grp->concurrency = 1;
    }
    return CC_OK;
}

static int load_groups(const loader *L, const config_setting_t *list,
                       const config_setting_t *queues, cc_scenario *s, given *gv)
{
    int rc = need_list(L, list, "groups");
    if (rc)
        return rc;
    int n = config_setting_length(list);
    if (!(s->groups = calloc((size_t)n, sizeof *s->groups))
        || !(gv->agents = calloc((size_t)n, sizeof *gv->agents)))
        return oom(L);
    s->n_groups = (size_t)n;
    s->groups_given = 1;
    for (int i = 0; i < n; i++) {
        char p[PATH_LEN];
        if ((rc = load_group(L, elem(list, i), elem_path(p, sizeof p, "groups", i), s, (size_t)i,
                             &gv->agents[i])))
            return rc;
    }
    for (size_t q = 0; q < s->n_queues; q++) {
        size_t g = 0;
        if (s->queues[q].discipline == CC_DISCIPLINE_SELF_SERVICE)
            continue;
        for (; g < s->n_groups; g++) {
            size_t k = 0;
            while (k < s->groups[g].n_serves && s->groups[g].serves[k] != q)
                k++;
            if (k < s->groups[g].n_serves)
                break;
        }
        if (g == s->n_groups) {
            char got[GOT_LEN];
            show_string(s->queues[q].name, got, sizeof got);
            return fail(L, elem(queues, (int)q), "queues[%zu] must be served by at least one "
                        "group: name it in some group's serves (got %s, served by none)", q, got);
        }
    }
    return CC_OK;
}

/* ---- the timeline -------------------------------------------------------------------- */

/* "2026-03-02 10:00" of seconds from the horizon's start (whole seconds shown when
 * there are any). */
static void show_moment(const cc_scenario *s, double at_s, char *buf, size_t n)
{
    long sec = lround(at_s), days = sec / 86400, rest = sec % 86400;
    char date[11];
    cc_date_format(s->calendar.first_date + days, date);
    if (rest % 60)
        snprintf(buf, n, "%s %02ld:%02ld:%02ld", date, rest / 3600, rest / 60 % 60, rest % 60);
    else
        snprintf(buf, n, "%s %02ld:%02ld", date, rest / 3600, rest / 60 % 60);
}

/* Field `name` of g, a moment "YYYY-MM-DD HH:MM[:SS]", as seconds from the horizon's
 * start, in [0, horizon) or, when end_ok, in (0, horizon]. */
static int get_moment(const loader *L, const config_setting_t *g, const char *gpath,
                      const char *name, int end_ok, const cc_scenario *s, double *out)
{
    char p[PATH_LEN], got[GOT_LEN], a[24], b[24];
    config_setting_t *v;
    const char *str = "";
    long days;
    int sec, rc;
    field_path(p, sizeof p, gpath, name);
    if ((rc = member(L, g, gpath, name, 1, &v)) || (rc = check_string(L, v, p, 0, &str)))
        return rc;
    if (cc_datetime_parse(str, &days, &sec))
        return fail(L, v, "%s must be a date and time \"YYYY-MM-DD HH:MM\" or \"YYYY-MM-DD "
                    "HH:MM:SS\" (got %s)", p, show(v, got, sizeof got));
    double horizon_s = 86400.0 * s->calendar.days;
    double at = 86400.0 * (double)(days - s->calendar.first_date) + sec;
    if (end_ok ? !(at > 0.0 && at <= horizon_s) : !(at >= 0.0 && at < horizon_s)) {
        show_moment(s, 0.0, a, sizeof a);
        show_moment(s, horizon_s, b, sizeof b);
        return fail(L, v, "%s must be inside the horizon, from %s to %s %s (got %s)", p, a,
                    end_ok ? "at most" : "before", b, show(v, got, sizeof got));
    }
    *out = at;
    return CC_OK;
}

/* An event and its place in the file, for a stable sort. */
typedef struct placed_event {
    cc_timeline_event ev;
    size_t k;
} placed_event;

static int cmp_event(const void *a, const void *b)
{
    const placed_event *x = a, *y = b;
    if (x->ev.at_s != y->ev.at_s)
        return (x->ev.at_s > y->ev.at_s) - (x->ev.at_s < y->ev.at_s);
    return (x->k > y->k) - (x->k < y->k);
}

/* A site_down's options: duration_min (number >= 0, the outage ending inside the
 * horizon; absent: until a site_up or the horizon's end), in_service ("dropped" or
 * "completed"), arrivals ("queue", "blocked" or "message") and web_share (message
 * only, [0, 1]). */
static int load_outage_options(const loader *L, const config_setting_t *g, const char *path,
                               const cc_scenario *s, cc_timeline_event *ev)
{
    static const char *const in_service[] = { "dropped", "completed" };
    static const char *const arrivals[] = { "queue", "blocked", "message" };
    static const range SHARE = { 0.0, 1, 1.0, 1 };     /* [0, 1] */
    char p[PATH_LEN], got[GOT_LEN], b[24];
    config_setting_t *v;
    size_t k;
    int rc;
    double duration_min = -1.0;
    ev->until_s = INFINITY;
    if ((rc = get_number(L, g, path, "duration_min", 0, NON_NEGATIVE, &duration_min)))
        return rc;
    if (duration_min >= 0.0) {
        double horizon_s = 86400.0 * s->calendar.days;
        ev->until_s = ev->at_s + 60.0 * duration_min;
        ev->has_duration = 1;
        if (!(ev->until_s <= horizon_s)) {
            v = config_setting_get_member(g, "duration_min");
            show_moment(s, horizon_s, b, sizeof b);
            return fail(L, v, "%s must end the outage inside the horizon: at + duration_min at "
                        "most %s (got %s)", field_path(p, sizeof p, path, "duration_min"), b,
                        show(v, got, sizeof got));
        }
    }
    if ((rc = member(L, g, path, "in_service", 0, &v)))
        return rc;
    if (v && (rc = one_of(L, v, field_path(p, sizeof p, path, "in_service"), in_service, 2, &k)))
        return rc;
    ev->in_service = v ? (cc_in_service)k : CC_IN_SERVICE_DROPPED;
    if ((rc = member(L, g, path, "arrivals", 0, &v)))
        return rc;
    if (v && (rc = one_of(L, v, field_path(p, sizeof p, path, "arrivals"), arrivals, 3, &k)))
        return rc;
    ev->arrivals = v ? (cc_outage_arrivals)k : CC_OUTAGE_QUEUE;
    if ((rc = member(L, g, path, "web_share", 0, &v)))
        return rc;
    if (v && ev->arrivals != CC_OUTAGE_MESSAGE)
        return fail(L, v, "%s is for arrivals = \"message\" only (got %s with arrivals = \"%s\")",
                    field_path(p, sizeof p, path, "web_share"), show(v, got, sizeof got),
                    arrivals[ev->arrivals]);
    if (ev->arrivals == CC_OUTAGE_MESSAGE
        && (rc = get_number(L, g, path, "web_share", 1, SHARE, &ev->web_share)))
        return rc;
    return CC_OK;
}

/* A re-route's agents brought in: extra_agents (integer 1..MAX_AGENTS) on top of the
 * plan of extra_group (a group at to_site), ramp_up_min (number >= 0, default 0)
 * after the re-route takes effect. */
static int load_extra_agents(const loader *L, const config_setting_t *g, const char *path,
                             const cc_scenario *s, cc_timeline_event *ev)
{
    char p[PATH_LEN], got[GOT_LEN];
    config_setting_t *v;
    long long agents = 0;
    double ramp_min = 0.0;
    int rc;
    if ((rc = get_integer(L, g, path, "extra_agents", 0, 1, MAX_AGENTS, &agents)))
        return rc;
    if ((rc = member(L, g, path, "extra_group", agents > 0, &v)))
        return rc;
    if (v && agents == 0)
        return fail(L, v, "%s needs extra_agents (got %s and no extra_agents)",
                    field_path(p, sizeof p, path, "extra_group"), show(v, got, sizeof got));
    if (v && (rc = group_named(L, v, field_path(p, sizeof p, path, "extra_group"), s, &ev->group)))
        return rc;
    if (v && s->groups[ev->group].site != ev->to_site)
        return fail(L, v, "%s must be a group at to_site (got %s, at site \"%s\")", p,
                    show(v, got, sizeof got),
                    s->n_sites ? s->sites[s->groups[ev->group].site].name : "main");
    if ((rc = get_number(L, g, path, "ramp_up_min", 0, NON_NEGATIVE, &ramp_min)))
        return rc;
    if (config_setting_get_member(g, "ramp_up_min") && agents == 0)
        return fail(L, config_setting_get_member(g, "ramp_up_min"), "%s needs extra_agents "
                    "(got %s and no extra_agents)", field_path(p, sizeof p, path, "ramp_up_min"),
                    show(config_setting_get_member(g, "ramp_up_min"), got, sizeof got));
    ev->agents = (unsigned)agents;
    ev->ramp_s = 60.0 * ramp_min;
    return CC_OK;
}

static int load_event(const loader *L, const config_setting_t *g, const char *path,
                      const cc_scenario *s, cc_timeline_event *ev)
{
    static const char *const types[] = { "site_down", "site_up", "reroute", "staffing" };
    static const cc_event_type type_of[] = { CC_EVENT_SITE_DOWN, CC_EVENT_SITE_UP,
                                             CC_EVENT_REROUTE, CC_EVENT_STAFFING };
    static const char *const site_fields[] = { "at", "event", "site", NULL };
    static const char *const down_fields[] = { "at", "event", "site", "duration_min",
                                               "in_service", "arrivals", "web_share", NULL };
    static const char *const reroute_fields[] = { "at", "event", "site", "to_site", "after_min",
                                                  "extra_agents", "extra_group", "ramp_up_min",
                                                  NULL };
    static const char *const staffing_fields[] = { "at", "until", "event", "group", "agents",
                                                   "within_hours", NULL };
    char p[PATH_LEN], got[GOT_LEN], b[24];
    config_setting_t *v;
    size_t k;
    int rc;
    if ((rc = need_group(L, g, path)) || (rc = member(L, g, path, "event", 1, &v))
        || (rc = one_of(L, v, field_path(p, sizeof p, path, "event"), types, 4, &k)))
        return rc;
    ev->type = type_of[k];
    ev->line = (int)config_setting_source_line(g);
    const char *const *fields = ev->type == CC_EVENT_REROUTE    ? reroute_fields
                                : ev->type == CC_EVENT_STAFFING ? staffing_fields
                                : ev->type == CC_EVENT_SITE_DOWN ? down_fields
                                                                : site_fields;
    if ((rc = known_fields(L, g, path, fields))
        || (rc = get_moment(L, g, path, "at", 0, s, &ev->at_s)))
        return rc;
    if (ev->type == CC_EVENT_STAFFING) {
        long long agents;
        if ((rc = member(L, g, path, "group", 1, &v))
            || (rc = group_named(L, v, field_path(p, sizeof p, path, "group"), s, &ev->group))
            || (rc = get_moment(L, g, path, "until", 1, s, &ev->until_s))
            || (rc = get_integer(L, g, path, "agents", 1, 0, MAX_AGENTS, &agents)))
            return rc;
        if (!(ev->until_s > ev->at_s)) {
            v = config_setting_get_member(g, "until");
            return fail(L, v, "%s must be after at (got %s, at %s)",
                        field_path(p, sizeof p, path, "until"), show(v, got, sizeof got),
                        config_setting_get_string(config_setting_get_member(g, "at")));
        }
        ev->agents = (unsigned)agents;
        if ((rc = member(L, g, path, "within_hours", 0, &v)))
            return rc;
        if (v && config_setting_type(v) != CONFIG_TYPE_BOOL)
            return fail(L, v, "%s must be true or false (got %s)",
                        field_path(p, sizeof p, path, "within_hours"), show(v, got, sizeof got));
        ev->within_hours = v ? config_setting_get_bool(v) : 0;
        return CC_OK;
    }
    if ((rc = member(L, g, path, "site", 1, &v))
        || (rc = site_named(L, v, field_path(p, sizeof p, path, "site"), s, &ev->site)))
        return rc;
    if (ev->type == CC_EVENT_SITE_DOWN)
        return load_outage_options(L, g, path, s, ev);
    if (ev->type != CC_EVENT_REROUTE)
        return CC_OK;
    double after_min = 0.0;
    if ((rc = member(L, g, path, "to_site", 1, &v))
        || (rc = site_named(L, v, field_path(p, sizeof p, path, "to_site"), s, &ev->to_site)))
        return rc;
    if (ev->to_site == ev->site)
        return fail(L, v, "%s must be another site than site (got %s for both)",
                    field_path(p, sizeof p, path, "to_site"), show(v, got, sizeof got));
    if ((rc = get_number(L, g, path, "after_min", 0, NON_NEGATIVE, &after_min)))
        return rc;
    double horizon_s = 86400.0 * s->calendar.days;
    if (!(ev->at_s + 60.0 * after_min < horizon_s)) {
        v = config_setting_get_member(g, "after_min");
        show_moment(s, horizon_s, b, sizeof b);
        return fail(L, v, "%s must leave the re-route inside the horizon: at + after_min "
                    "before %s (got %s)", field_path(p, sizeof p, path, "after_min"), b,
                    show(v, got, sizeof got));
    }
    ev->at_s += 60.0 * after_min;
    return load_extra_agents(L, g, path, s, ev);
}

/* When the outage of `site` in force at t ends, after the first n events (in time
 * order, all at or before t): its duration's end, else (when resolve, otherwise
 * INFINITY) the site's next site_up (event n or later), else the horizon's end; t
 * when the site is up then. */
static double outage_end(const cc_scenario *s, size_t site, size_t n, double t, int resolve)
{
    double end = t;
    for (size_t k = 0; k < n; k++) {
        const cc_timeline_event *ev = &s->events[k];
        if (ev->site != site || (ev->type != CC_EVENT_SITE_DOWN && ev->type != CC_EVENT_SITE_UP))
            continue;
        if (ev->type == CC_EVENT_SITE_UP)
            end = t;
        else if (ev->has_duration)
            end = ev->until_s > t ? ev->until_s : t;
        else
            end = INFINITY;
    }
    if (isinf(end) && resolve) {
        end = 86400.0 * s->calendar.days;
        for (size_t k = n; k < s->n_events; k++)
            if (s->events[k].type == CC_EVENT_SITE_UP && s->events[k].site == site) {
                end = s->events[k].at_s;
                break;
            }
    }
    return end;
}

/* In time order: an outage of a site that is already down then is refused; a site_up
 * for a site that is up is usable but surely not what was meant (a warning). Fills
 * every site_down's end and every re-route's end of the agents brought in. */
static int check_outages(const loader *L, const config_setting_t *list, cc_scenario *s,
                         const placed_event *sorted)
{
    char p[PATH_LEN], got[GOT_LEN], when[24];
    int rc = CC_OK;
    for (size_t k = 0; k < s->n_events && rc == CC_OK; k++) {
        cc_timeline_event *ev = &s->events[k];
        const char *site = s->n_sites ? s->sites[ev->site].name : "main";
        config_setting_t *at = elem(list, (int)sorted[k].k);
        if (ev->type != CC_EVENT_SITE_DOWN && ev->type != CC_EVENT_SITE_UP)
            continue;
        double end = outage_end(s, ev->site, k, ev->at_s, 0);
        if (ev->type == CC_EVENT_SITE_UP && !(end > ev->at_s))
            rc = warn(L, at, "timeline[%zu]: site \"%s\" is already up then: the event "
                      "changes nothing", sorted[k].k, site);
        if (ev->type == CC_EVENT_SITE_DOWN && end > ev->at_s) {
            show_moment(s, outage_end(s, ev->site, k, ev->at_s, 1), when, sizeof when);
            elem_path(p, sizeof p, "timeline", (int)sorted[k].k);
            const config_setting_t *v = config_setting_get_member(at, "at");
            return fail(L, v, "%s.at must not fall in another outage of site \"%s\" (got %s; "
                        "it is down until %s)", p, site, show(v, got, sizeof got), when);
        }
    }
    for (size_t k = 0; k < s->n_events; k++) {
        cc_timeline_event *ev = &s->events[k];
        if (ev->type == CC_EVENT_SITE_DOWN || ev->type == CC_EVENT_REROUTE)
            ev->until_s = outage_end(s, ev->site, k + 1, ev->at_s, 1);
    }
    return rc;
}

/* The timeline: a list of dated events, kept sorted by when they take effect (file
 * order on ties). */
static int load_timeline(const loader *L, const config_setting_t *list, cc_scenario *s)
{
    char p[PATH_LEN];
    int rc;
    if (config_setting_type(list) == CONFIG_TYPE_LIST && config_setting_length(list) == 0)
        return CC_OK;
    if ((rc = need_list(L, list, "timeline")))
        return rc;
    int n = config_setting_length(list);
    if (!(s->events = calloc((size_t)n, sizeof *s->events)))
        return oom(L);
    for (int i = 0; i < n; i++) {
        if ((rc = load_event(L, elem(list, i), elem_path(p, sizeof p, "timeline", i), s,
                             &s->events[i])))
            return rc;
        s->n_events++;
    }
    placed_event *sorted = malloc((size_t)n * sizeof *sorted);
    if (!sorted)
        return oom(L);
    for (size_t k = 0; k < s->n_events; k++)
        sorted[k] = (placed_event){ s->events[k], k };
    qsort(sorted, s->n_events, sizeof *sorted, cmp_event);
    for (size_t k = 0; k < s->n_events; k++)
        s->events[k] = sorted[k].ev;
    rc = check_outages(L, list, s, sorted);
    free(sorted);
    return rc;
}

/* ---- the rest of the file ---------------------------------------------------------- */

static int load_targets(const loader *L, const config_setting_t *t, cc_targets *out)
{
    static const char *const fields[] = { "service_level", "answer_within_s", "asa_s",
                                          "max_abandon_rate", "max_occupancy", NULL };
    int rc;
    if ((rc = need_group(L, t, "targets")) || (rc = known_fields(L, t, "targets", fields))
        || (rc = get_number(L, t, "targets", "service_level", 1, FRACTION_OC, &out->service_level))
        || (rc = get_number(L, t, "targets", "answer_within_s", 1, POSITIVE, &out->answer_within_s))
        || (rc = get_number(L, t, "targets", "asa_s", 0, POSITIVE, &out->asa_s))
        || (rc = get_number(L, t, "targets", "max_abandon_rate", 0, FRACTION_OO,
                            &out->max_abandon_rate))
        || (rc = get_number(L, t, "targets", "max_occupancy", 0, FRACTION_OC, &out->max_occupancy)))
        return rc;
    return CC_OK;
}

static int load_simulation(const loader *L, const config_setting_t *g, cc_scenario *s)
{
    static const char *const fields[] = { "replications", "seed", NULL };
    long long reps = (long long)s->replications, seed = (long long)s->seed;
    int rc;
    if ((rc = need_group(L, g, "simulation")) || (rc = known_fields(L, g, "simulation", fields))
        || (rc = get_integer(L, g, "simulation", "replications", 0, 1, MAX_REPLICATIONS, &reps))
        || (rc = get_integer(L, g, "simulation", "seed", 0, 1, LLONG_MAX, &seed)))
        return rc;
    s->replications = (unsigned)reps;
    s->seed = (uint64_t)seed;
    return CC_OK;
}

static int load_workforce(const loader *L, const config_setting_t *g, cc_workforce *w)
{
    static const char *const fields[] = { "shrinkage", "paid_hours_per_week",
                                          "cost_per_fte_year", "fte_available", NULL };
    int rc;
    if ((rc = need_group(L, g, "workforce")) || (rc = known_fields(L, g, "workforce", fields))
        || (rc = get_number(L, g, "workforce", "shrinkage", 1, FRACTION_CO, &w->shrinkage))
        || (rc = get_number(L, g, "workforce", "paid_hours_per_week", 1, HOURS_PER_WEEK,
                            &w->paid_hours_per_week))
        || (rc = get_number(L, g, "workforce", "cost_per_fte_year", 0, NON_NEGATIVE,
                            &w->cost_per_fte_year))
        || (rc = get_number(L, g, "workforce", "fte_available", 0, POSITIVE, &w->fte_available)))
        return rc;
    w->present = 1;
    return CC_OK;
}

/* The steps of `ccsim plan --sensitivity`; each in (0, 1). */
static int load_sensitivity(const loader *L, const config_setting_t *g, cc_sensitivity *st)
{
    static const char *const fields[] = { "volume", "handling", "shrinkage", "service_level_points", NULL };
    int rc;
    if ((rc = need_group(L, g, "sensitivity")) || (rc = known_fields(L, g, "sensitivity", fields))
        || (rc = get_number(L, g, "sensitivity", "volume", 0, FRACTION_OO, &st->volume))
        || (rc = get_number(L, g, "sensitivity", "handling", 0, FRACTION_OO, &st->handling))
        || (rc = get_number(L, g, "sensitivity", "shrinkage", 0, FRACTION_OO, &st->shrinkage))
        || (rc = get_number(L, g, "sensitivity", "service_level_points", 0, FRACTION_OO,
                            &st->service_level_points)))
        return rc;
    return CC_OK;
}

/* ---- roster: shift rules for `ccsim roster` (model/roster.h) ----------------------- */

static const range MINUTES_OF_DAY = { 0.0, 0, 1440.0, 1 };     /* (0, 1440] */

/* Field `name` of g, a time "HH:MM" from 00:00 to 23:59, as seconds from midnight. */
static int get_clock(const loader *L, const config_setting_t *g, const char *gpath,
                     const char *name, double *out)
{
    char p[PATH_LEN], got[GOT_LEN];
    config_setting_t *v;
    const char *str = "";
    int min = 0, rc;
    field_path(p, sizeof p, gpath, name);
    if ((rc = member(L, g, gpath, name, 1, &v)) || (rc = check_string(L, v, p, 0, &str)))
        return rc;
    if (cc_time_parse(str, 0, &min))
        return fail(L, v, "%s must be a time HH:MM from 00:00 to 23:59 (got %s)", p,
                    show(v, got, sizeof got));
    *out = 60.0 * min;
    return CC_OK;
}

static int load_roster_break(const loader *L, const config_setting_t *b, const char *path,
                             double shift_s, cc_roster_break *out)
{
    static const char *const fields[] = { "length_min", "earliest_after_min", "latest_after_min",
                                          "every_min", "paid", NULL };
    char p[PATH_LEN], got[GOT_LEN];
    config_setting_t *v;
    double len = 0, lo = 0, hi = 0, every = 15;
    int rc;
    if ((rc = need_group(L, b, path)) || (rc = known_fields(L, b, path, fields))
        || (rc = get_number(L, b, path, "length_min", 1, MINUTES_OF_DAY, &len))
        || (rc = get_number(L, b, path, "earliest_after_min", 1, NON_NEGATIVE, &lo))
        || (rc = get_number(L, b, path, "latest_after_min", 1, NON_NEGATIVE, &hi))
        || (rc = get_number(L, b, path, "every_min", 0, MINUTES_OF_DAY, &every))
        || (rc = member(L, b, path, "paid", 0, &v)))
        return rc;
    if (v && config_setting_type(v) != CONFIG_TYPE_BOOL)
        return fail(L, v, "%s must be true or false (got %s)", field_path(p, sizeof p, path, "paid"),
                    show(v, got, sizeof got));
    out->paid = v ? config_setting_get_bool(v) : 0;
    config_setting_t *at = config_setting_get_member(b, "latest_after_min");
    if (hi < lo)
        return fail(L, at, "%s must be at least earliest_after_min (got %g < %g)",
                    field_path(p, sizeof p, path, "latest_after_min"), hi, lo);
    if (60.0 * (hi + len) > shift_s)
        return fail(L, at, "%s + length_min must be at most the shift's length_min %g (got %g + %g)",
                    field_path(p, sizeof p, path, "latest_after_min"), shift_s / 60.0, hi, len);
    *out = (cc_roster_break){ .length_s = 60.0 * len, .earliest_s = 60.0 * lo, .latest_s = 60.0 * hi,
                              .every_s = 60.0 * every, .paid = out->paid };
    return CC_OK;
}

static int load_roster_shift(const loader *L, const config_setting_t *g, const char *path,
                             cc_scenario *s, cc_roster_shift *out)
{
    static const char *const fields[] = { "name", "length_min", "earliest_start", "latest_start",
                                          "start_every_min", "max_share", "groups", "breaks", NULL };
    char p[PATH_LEN], bp[PATH_LEN], got[GOT_LEN];
    config_setting_t *v;
    double len = 0, every = 30, share = 1.0;
    int rc;
    out->line = (int)config_setting_source_line(g);
    if ((rc = need_group(L, g, path)) || (rc = known_fields(L, g, path, fields))
        || (rc = get_string_copy(L, g, path, "name", 1, 1, &out->name))
        || (rc = get_number(L, g, path, "length_min", 1, MINUTES_OF_DAY, &len))
        || (rc = get_clock(L, g, path, "earliest_start", &out->earliest_start_s))
        || (rc = get_clock(L, g, path, "latest_start", &out->latest_start_s))
        || (rc = get_number(L, g, path, "start_every_min", 0, MINUTES_OF_DAY, &every))
        || (rc = get_number(L, g, path, "max_share", 0, FRACTION_OC, &share)))
        return rc;
    if (out->latest_start_s < out->earliest_start_s)
        return fail(L, config_setting_get_member(g, "latest_start"),
                    "%s must not be before earliest_start", field_path(p, sizeof p, path, "latest_start"));
    out->length_s = 60.0 * len;
    out->start_every_s = 60.0 * every;
    out->max_share = share;
    if ((rc = member(L, g, path, "groups", 0, &v)))
        return rc;
    if (v) {
        field_path(p, sizeof p, path, "groups");
        int n = config_setting_length(v);
        if ((config_setting_type(v) != CONFIG_TYPE_ARRAY && config_setting_type(v) != CONFIG_TYPE_LIST)
            || n < 1)
            return fail(L, v, "%s must be a non-empty list of group names [ \"...\", ... ] (got %s)", p,
                        show(v, got, sizeof got));
        if (!(out->groups = calloc(s->n_groups, 1)))
            return oom(L);
        for (int k = 0; k < n; k++) {
            size_t gi;
            if ((rc = group_named(L, elem(v, k), elem_path(bp, sizeof bp, p, k), s, &gi)))
                return rc;
            out->groups[gi] = 1;
        }
    }
    if ((rc = member(L, g, path, "breaks", 0, &v)))
        return rc;
    if (v) {
        field_path(p, sizeof p, path, "breaks");
        if ((rc = need_list(L, v, p)))
            return rc;
        int n = config_setting_length(v);
        if (n > CC_ROSTER_MAX_BREAKS)
            return fail(L, v, "%s must hold at most %d breaks (got %d)", p, CC_ROSTER_MAX_BREAKS, n);
        for (int k = 0; k < n; k++)
            if ((rc = load_roster_break(L, elem(v, k), elem_path(bp, sizeof bp, p, k), out->length_s,
                                        &out->breaks[k])))
                return rc;
        out->n_breaks = (size_t)n;
        double earliest_end = 0;    /* breaks in order, none before the last one ends */
        for (size_t k = 0; k < out->n_breaks; k++) {
            if (out->breaks[k].latest_s < earliest_end)
                return fail(L, elem(v, (int)k), "%s[%zu] must be able to start after break %zu ends "
                            "(latest_after_min %g < %g)", p, k, k - 1, out->breaks[k].latest_s / 60.0,
                            earliest_end / 60.0);
            earliest_end = out->breaks[k].earliest_s + out->breaks[k].length_s;
        }
    }
    return CC_OK;
}

static int load_roster(const loader *L, const config_setting_t *g, cc_scenario *s)
{
    static const char *const fields[] = { "shifts", "days_on_per_week", "absence_shrinkage",
                                          "undercover_penalty", "time_limit_s", "mip_gap", NULL };
    static const range PENALTY = { 1.0, 0, HUGE_VAL, 0 };       /* (1, inf) */
    static const range TIME_LIMIT = { 0.0, 0, 3600.0, 1 };      /* (0, 3600] */
    cc_roster_rules *r = &s->roster;
    config_setting_t *list;
    long long days_on = 5;
    char p[PATH_LEN];
    int rc;
    r->time_limit_s = 60.0;
    r->line = (int)config_setting_source_line(g);
    if ((rc = need_group(L, g, "roster")) || (rc = known_fields(L, g, "roster", fields))
        || (rc = get_integer(L, g, "roster", "days_on_per_week", 0, 1, 7, &days_on))
        || (rc = get_number(L, g, "roster", "absence_shrinkage", 0, FRACTION_CO, &r->absence_shrinkage))
        || (rc = get_number(L, g, "roster", "undercover_penalty", 0, PENALTY, &r->undercover_penalty))
        || (rc = get_number(L, g, "roster", "time_limit_s", 0, TIME_LIMIT, &r->time_limit_s))
        || (rc = get_number(L, g, "roster", "mip_gap", 0, FRACTION_CO, &r->mip_gap))
        || (rc = member(L, g, "roster", "shifts", 1, &list)) || (rc = need_list(L, list, "roster.shifts")))
        return rc;
    r->days_on_per_week = (unsigned)days_on;
    int n = config_setting_length(list);
    if (!(r->shifts = calloc((size_t)n, sizeof *r->shifts)))
        return oom(L);
    r->n_shifts = (size_t)n;
    for (int k = 0; k < n; k++)
        if ((rc = load_roster_shift(L, elem(list, k), elem_path(p, sizeof p, "roster.shifts", k), s,
                                    &r->shifts[k])))
            return rc;
    /* Every group can be rostered: some shift is open to it, and the caps of its
     * shifts leave room for all of its shifts. */
    for (size_t gi = 0; gi < s->n_groups; gi++) {
        double shares = 0;
        for (size_t k = 0; k < r->n_shifts; k++)
            if (!r->shifts[k].groups || r->shifts[k].groups[gi])
                shares += r->shifts[k].max_share;
        if (shares == 0)
            return fail(L, list, "roster.shifts must hold a shift for every group (none for group \"%s\")",
                        s->groups[gi].name);
        if (shares < 1.0)
            return fail(L, list, "roster.shifts: the max_share of group \"%s\"'s shifts must add up to at "
                        "least 1 (got %g)", s->groups[gi].name, shares);
    }
    r->present = 1;
    return CC_OK;
}

/* Every field of the file, checked and stored; nothing derived yet. */
static int validate(const loader *L, const config_setting_t *root, cc_scenario *s, given *gv)
{
    static const char *const fields[] = { "name", "description", "calendar", "targets", "queues",
                                          "groups", "simulation", "workforce", "sensitivity",
                                          "sites", "timeline", "roster", "channel_shift", NULL };
    config_setting_t *v, *calendar, *queues;
    int rc;
    if (config_setting_length(root) == 0)
        return fail(L, NULL, "the file holds no settings (required: name, calendar, targets, "
                    "queues)");
    if ((rc = known_fields(L, root, "", fields))
        || (rc = get_string_copy(L, root, "", "name", 1, 1, &s->name))
        || (rc = get_string_copy(L, root, "", "description", 0, 0, &s->description)))
        return rc;
    if ((rc = member(L, root, "", "calendar", 1, &calendar)) || (rc = load_calendar(L, calendar, s))
        || (rc = member(L, root, "", "targets", 1, &v)) || (rc = load_targets(L, v, &s->targets))
        || (rc = member(L, root, "", "sites", 0, &v)) || (v && (rc = load_sites(L, v, s)))
        || (rc = member(L, root, "", "queues", 1, &queues)) || (rc = load_queues(L, queues, s, gv))
        || (rc = member(L, root, "", "channel_shift", 0, &v)) || (v && (rc = load_channel_shift(L, v, s))))
        return rc;
    gv->calendar = calendar;
    gv->queues = queues;
    if ((rc = member(L, root, "", "groups", 0, &v))
        || (rc = v ? load_groups(L, v, queues, s, gv) : default_groups(L, s))
        || (rc = member(L, root, "", "timeline", 0, &v)) || (v && (rc = load_timeline(L, v, s))))
        return rc;
    s->replications = 1000;
    s->seed = 1;
    if ((rc = member(L, root, "", "simulation", 0, &v)) || (v && (rc = load_simulation(L, v, s))))
        return rc;
    if ((rc = member(L, root, "", "workforce", 0, &v))
        || (v && (rc = load_workforce(L, v, &s->workforce))))
        return rc;
    s->sensitivity = (cc_sensitivity){ .volume = 0.10, .handling = 0.10, .shrinkage = 0.10,
                                       .service_level_points = 0.05 };
    if ((rc = member(L, root, "", "sensitivity", 0, &v)) || (v && (rc = load_sensitivity(L, v, &s->sensitivity))))
        return rc;
    if ((rc = member(L, root, "", "roster", 0, &v)) || (v && (rc = load_roster(L, v, s))))
        return rc;
    return CC_OK;
}

/* ---- step 3: freeze ---------------------------------------------------------------- */

/* A costed scenario costs every channel with contacts (cc_channels_uncosted_queue). */
static int check_channel_costs(const loader *L, const given *gv, const cc_scenario *s)
{
    size_t q = cc_channels_uncosted_queue(s);
    if (q == SIZE_MAX)
        return CC_OK;
    const cc_queue *qu = &s->queues[q];
    if (qu->discipline == CC_DISCIPLINE_SELF_SERVICE)
        return fail(L, elem(gv->queues, (int)q), "queues[%zu].non_staff_cost_per_contact is required for "
                    "self-service queue %s: it has contacts and the scenario is costed (a workforce "
                    "section, a channel_shift or a cost per contact); accepted: a number > 0 (got none)",
                    q, qu->name);
    return fail(L, elem(gv->queues, (int)q), "workforce is required: queue %s (channel %s) has contacts "
                "that agents serve and the scenario is costed (a channel_shift or a cost per contact); "
                "accepted: a workforce section with shrinkage, paid_hours_per_week, cost_per_fte_year "
                "(got none)", qu->name, cc_channel_name(qu->channel));
}

/* After validation: the open-hours rules (model/scenario.h) once, the checks that
 * need them, the values given per open interval put in place, then cc_scenario_freeze
 * (defaults, routing, demand and traces into calls, stable ids). */
static int freeze(const loader *L, const given *gv, cc_scenario *s)
{
    const cc_calendar *cal = &s->calendar;
    char p[PATH_LEN], qp[PATH_LEN];
    int rc = CC_OK;
    for (size_t q = 0; q < s->n_queues; q++)
        if (cc_scenario_queue_timeline(s, q))
            return oom(L);
    if (cc_scenario_union_timeline(s))
        return oom(L);
    if (!s->n_open_intervals) {
        int own_hours = 0;
        for (size_t q = 0; q < s->n_queues; q++)
            own_hours |= s->queues[q].n_hours > 0;
        return fail(L, gv->calendar, "calendar.hours%s must open at least one interval of the "
                    "horizon (got none in %u day(s) from %s %04d-%02d-%02d%s)",
                    own_hours ? " and the queues' hours" : "", cal->days,
                    WEEKDAYS[cal->first_weekday], cal->year, cal->month, cal->day,
                    cal->n_closed_dates || cal->bank_holidays || cal->n_seasons
                        ? ", after closed dates, bank holidays and seasons" : "");
    }
    if (cc_scenario_index_group_open(s))
        return oom(L);

    unsigned char *open = malloc(s->n_intervals);
    if (!open)
        return oom(L);
    for (size_t q = 0; q < s->n_queues && rc == CC_OK; q++) {
        cc_queue *qu = &s->queues[q];
        int deferred = qu->discipline == CC_DISCIPLINE_DEFERRED;
        if (!(qu->calls = calloc(s->n_intervals, sizeof *qu->calls))) {
            rc = oom(L);
            break;
        }
        if (!gv->calls[q])
            continue;
        for (size_t i = 0; i < s->n_intervals; i++)
            open[i] = deferred || qu->open_to_s[i] > qu->open_from_s[i];
        elem_path(qp, sizeof qp, "queues", (int)q);
        rc = place_per_open_interval(L, gv->calls[q], field_path(p, sizeof p, qp,
                                                                 "calls_per_interval"), s, open,
                                     deferred ? s->n_intervals : qu->n_open_intervals,
                                     deferred ? "interval of the horizon (a deferred queue takes "
                                                "contacts at any hour)" : "open interval",
                                     qu->calls, NULL);
    }
    free(open);
    for (size_t g = 0; g < s->n_groups && rc == CC_OK; g++) {
        cc_group *grp = &s->groups[g];
        const unsigned char *row = &s->group_open[g * s->n_intervals];
        size_t n_open = 0;
        if (!(grp->agents = calloc(s->n_intervals, sizeof *grp->agents))) {
            rc = oom(L);
            break;
        }
        if (!gv->agents)
            continue;
        for (size_t i = 0; i < s->n_intervals; i++)
            n_open += row[i];
        elem_path(qp, sizeof qp, "groups", (int)g);
        rc = place_per_open_interval(L, gv->agents[g], field_path(p, sizeof p, qp, "agents"), s,
                                     row, n_open, "open interval", NULL, grp->agents);
    }
    if (rc || (rc = cc_scenario_freeze(s, L->err)))
        return rc;
    return check_channel_costs(L, gv, s);
}

/* ---- entry point ------------------------------------------------------------------- */

/* Reads the whole file at path into a NUL-terminated buffer; *text owns it even on
 * failure. */
static int read_text(const loader *L, const char *path, char **text)
{
    size_t cap = 4096, n = 0;
    char reason[128];
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (strerror_r(errno, reason, sizeof reason))
            snprintf(reason, sizeof reason, "error %d", errno);
        return cc_error_set(L->err, CC_EINPUT, "%s: cannot read file (%s)", path, reason);
    }
    int rc = CC_OK;
    if (!(*text = malloc(cap))) {
        rc = oom(L);
        goto out;
    }
    for (;;) {
        n += fread(*text + n, 1, cap - 1 - n, f);
        if (ferror(f)) {
            int e = errno;
            if (strerror_r(e, reason, sizeof reason))
                snprintf(reason, sizeof reason, "error %d", e);
            rc = cc_error_set(L->err, CC_EINPUT, "%s: cannot read file (%s)", path, reason);
            goto out;
        }
        if (feof(f))
            break;
        if (n == cap - 1) {
            /* The buffer grows to at most MAX_FILE_BYTES + 2, so a file one byte
             * over the cap fills it and is refused. */
            if (n > MAX_FILE_BYTES) {
                rc = cc_error_set(L->err, CC_EINPUT, "%s: cannot read file (larger than %zu "
                                  "MiB; a scenario is a short text file)", path,
                                  MAX_FILE_BYTES >> 20);
                goto out;
            }
            size_t grown_cap = 2 * cap > MAX_FILE_BYTES + 2 ? MAX_FILE_BYTES + 2 : 2 * cap;
            char *grown = realloc(*text, grown_cap);
            if (!grown) {
                rc = oom(L);
                goto out;
            }
            *text = grown;
            cap = grown_cap;
        }
    }
    (*text)[n] = '\0';
    if (strlen(*text) != n)
        rc = cc_error_set(L->err, CC_EINPUT, "%s: cannot read file (it holds a NUL byte; a "
                          "scenario is a text file)", path);
out:
    fclose(f);
    return rc;
}

/* The directory of path ("." when it has none), for @include: a scenario's includes
 * resolve relative to the scenario file. The caller frees it. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* Appends, after the main file's text, each file that libconfig read through @include
 * (config_t.filenames, in the order first read; each once), verbatim under a marker
 * line, so that the stored text is the whole input. */
static int append_includes(const loader *L, const config_t *cfg, char **text)
{
    static const char head[] = "\n# ---- @include ", tail[] = " (verbatim) ----\n";
    for (unsigned k = 0; k < cfg->num_filenames; k++) {
        const char *name = cfg->filenames[k];
        int seen = 0;
        for (unsigned j = 0; j < k && !seen; j++)
            seen = !strcmp(cfg->filenames[j], name);
        if (!name || seen)
            continue;
        char *inc = NULL, file[PATH_MAX];
        include_path(L, name, file, sizeof file);
        name = file;
        int rc = read_text(L, name, &inc);
        if (rc) {
            free(inc);
            return rc;
        }
        size_t n = strlen(*text), add = strlen(head) + strlen(name) + strlen(tail) + strlen(inc);
        char *grown = realloc(*text, n + add + 1);
        if (!grown) {
            free(inc);
            return oom(L);
        }
        snprintf(grown + n, add + 1, "%s%s%s%s", head, name, tail, inc);
        *text = grown;
        free(inc);
    }
    return CC_OK;
}

/* libconfig 1.5 opens an @include file with fopen and no check: a folder or a
 * device makes its scanner call exit(2) ("input in flex scanner failed"), and a
 * pipe can block for ever. So every @include line (libconfig's own pattern: at the
 * start of a line, `@include "NAME"`) is checked first, in the included files too
 * (to libconfig's depth of 10): what it names must be a regular file when it
 * exists (a missing one is left to libconfig's "cannot open include file"). */
static int check_includes(const loader *L, const char *file, const char *text, int depth)
{
    unsigned line = 1;
    for (const char *p = text; *p; line++) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *q = p;
        while (q < p + len && (*q == ' ' || *q == '\t'))
            q++;
        if (p + len - q > 9 && !strncmp(q, "@include", 8) && (q[8] == ' ' || q[8] == '\t')) {
            q += 8;
            while (q < p + len && (*q == ' ' || *q == '\t'))
                q++;
            const char *close = q < p + len && *q == '"' ? memchr(q + 1, '"', (size_t)(p + len - q - 1)) : NULL;
            if (close) {
                char name[1024], inc[PATH_MAX], got[GOT_LEN];
                snprintf(name, sizeof name, "%.*s", (int)(close - q - 1), q + 1);
                include_path(L, name, inc, sizeof inc);
                struct stat st;
                if (stat(inc, &st) == 0 && !S_ISREG(st.st_mode)) {
                    show_string(name, got, sizeof got);
                    return cc_error_set(L->err, CC_EINPUT, "%s:%u: @include must name a regular "
                                        "file, relative to the scenario's directory %s (got %s, "
                                        "a %s)", file, line, L->dir, got,
                                        S_ISDIR(st.st_mode) ? "folder" : "device or pipe");
                }
                if (stat(inc, &st) == 0 && depth < 10) {
                    char *sub = NULL;
                    int rc = read_text(L, inc, &sub);
                    if (!rc)
                        rc = check_includes(L, inc, sub, depth + 1);
                    free(sub);
                    if (rc)
                        return rc;
                }
            }
        }
        p = end ? end + 1 : p + len;
    }
    return CC_OK;
}

/* libconfig's "duplicate setting name" names no setting: the name set twice on
 * that line of text, or else the names set on it (NAME = or NAME :, outside
 * strings and comments), in buf. */
static void names_on_line(const char *text, int line, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (int l = 1; l < line && text; l++)
        if ((text = strchr(text, '\n')))
            text++;
    if (!text)
        return;
    for (const char *p = text; *p && *p != '\n';) {
        if (*p == '#' || (p[0] == '/' && p[1] == '/'))
            break;
        if (*p == '"') {
            for (p++; *p && *p != '"' && *p != '\n'; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (*p == '"')
                p++;
            continue;
        }
        if (isalpha((unsigned char)*p) || *p == '*') {
            const char *start = p;
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '*')
                p++;
            const char *after = p;
            while (*after == ' ' || *after == '\t')
                after++;
            if (*after == '=' || *after == ':') {
                char name[64];
                snprintf(name, sizeof name, "%.*s", (int)(p - start), start);
                /* Set twice on this very line: that is the one. */
                for (const char *t = buf; (t = strstr(t, name)); t += strlen(name))
                    if ((t == buf || t[-1] == ' ') && (t[strlen(name)] == ',' || !t[strlen(name)])) {
                        snprintf(buf, n, "%s", name);
                        return;
                    }
                if (k + strlen(name) + 3 < n)
                    k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? ", " : "", name);
            }
            continue;
        }
        p++;
    }
}

int cc_scenario_load(const char *path, cc_scenario **out, cc_error *err)
{
    loader L = { path, err, NULL, NULL };
    given gv = { NULL, NULL, NULL, NULL };
    config_t cfg;
    char *dir = NULL;
    int rc;
    *out = NULL;
    cc_error_set(err, CC_OK, "%s", "");
    cc_scenario *s = calloc(1, sizeof *s);
    if (!s)
        return oom(&L);
    L.s = s;
    config_init(&cfg);
    if ((rc = read_text(&L, path, &s->text)))
        goto out;
    if (!(s->path = strdup(path)) || !(dir = dir_of(path))) {
        rc = oom(&L);
        goto out;
    }
    L.dir = dir;
    config_set_include_dir(&cfg, dir);
    /* 1. parse */
    if ((rc = check_includes(&L, path, s->text, 0)))
        goto out;
    if (!config_read_string(&cfg, s->text)) {
        const char *what = config_error_text(&cfg);
        const char *file = config_error_file(&cfg);
        if (what && !strcmp(what, "mismatched element type in array"))
            what = "an array [ ... ] must hold values of one type (write 17.0, not 17, among "
                   "floats, or use a list ( ... ))";
        char inc[PATH_MAX];
        if (file)
            include_path(&L, file, inc, sizeof inc);
        char names[128];
        if (what && !strcmp(what, "duplicate setting name") && !file)
            names_on_line(s->text, config_error_line(&cfg), names, sizeof names);
        if (what && !strcmp(what, "duplicate setting name") && !file && names[0])
            rc = cc_error_set(err, CC_EINPUT, "%s:%d: duplicate setting name: %s%s (each name "
                              "may appear once in its group)", path, config_error_line(&cfg),
                              strchr(names, ',') ? "one of " : "", names);
        else if (what && !strcmp(what, "cannot open include file"))
            rc = cc_error_set(err, CC_EINPUT, "%s:%d: cannot open include file (an @include "
                              "path is relative to the scenario's directory, %s)",
                              file ? inc : path, config_error_line(&cfg), dir);
        else
            rc = cc_error_set(err, CC_EINPUT, "%s:%d: %s", file ? inc : path,
                              config_error_line(&cfg), what ? what : "syntax error");
        goto out;
    }
    /* 2. validate, 3. freeze */
    if ((rc = validate(&L, config_root_setting(&cfg), s, &gv)) || (rc = freeze(&L, &gv, s))
        || (rc = append_includes(&L, &cfg, &s->text)))
        goto out;
out:
    config_destroy(&cfg);
    free(gv.calls);
    free(gv.agents);
    free(dir);
    if (rc) {
        cc_scenario_destroy(s);
        return rc;
    }
    *out = s;
    return CC_OK;
}
