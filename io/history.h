/* history.h — historical contact volumes: interval exports and per-call logs read
 * into one per-interval record, with the handling time, patience and staffing that a
 * per-call log reveals.
 *
 * Two kinds of input. An interval export (CC_HISTORY_INTERVALS) holds one row per
 * queue and interval: its start, and counts (offered, handled, abandoned, answered
 * within the target time) and the mean handling time, in a CSV whose separator,
 * column names and date format may be mapped (docs/history.md gives the format).
 * A per-call log (CC_HISTORY_CALLS) holds one record per call; each ACD's layout is a
 * cc_history_call_reader (the Anonymous Bank's is the first), so another format is
 * one more table entry. A byte-order mark and CRLF line ends are accepted in both.
 *
 * The result, cc_history, covers whole days from the first date in the file to the
 * last, cut into intervals of `interval_s` (the export's own length or a multiple of
 * it; for a call log, any length that divides the day). Per interval it holds what
 * the input has: offered, answered, abandoned, answered within `within_s`, total
 * wait of answered calls and total handling time (so SL, ASA, abandon rate and mean
 * handling are ratios of sums, exact under aggregation), and for a call log the
 * agents on duty, inferred as the distinct agents whose service overlaps the
 * interval (the logs carry no roster). `present` tells an interval with data from
 * one the file does not cover (a missing day or a gap).
 *
 * Errors: a file that cannot be read, a malformed row or a bad mapping is CC_EINPUT
 * with one line "FILE:LINE: column NAME: what was wrong (accepted ...) (got "VALUE")".
 * Gaps, duplicate rows and missing days are not errors: they are counted, with the
 * line of the first, and reported by the caller. A duplicate keeps the first row.
 *
 * Ownership: cc_history_destroy frees everything a cc_history points to.
 */
#ifndef CC_HISTORY_H
#define CC_HISTORY_H

#include "model/error.h"

#include <stddef.h>

typedef enum cc_history_format {
    CC_HISTORY_AUTO = 0,        /* a call log when its header matches a reader, else intervals */
    CC_HISTORY_CALLS,
    CC_HISTORY_INTERVALS
} cc_history_format;

/* The columns of an interval export; each may be renamed by a mapping. */
typedef enum cc_history_field {
    CC_HISTORY_FIELD_START = 0,         /* interval start, date and time (required) */
    CC_HISTORY_FIELD_QUEUE,             /* queue name (optional) */
    CC_HISTORY_FIELD_OFFERED,           /* calls offered */
    CC_HISTORY_FIELD_HANDLED,           /* calls answered (handled) */
    CC_HISTORY_FIELD_ABANDONED,
    CC_HISTORY_FIELD_HANDLING_S,        /* mean handling time of the handled calls, seconds */
    CC_HISTORY_FIELD_ANSWERED_WITHIN,   /* calls answered within the target time */
    CC_HISTORY_FIELDS
} cc_history_field;

/* The default column names: "interval_start", "queue", "offered", "handled",
 * "abandoned", "handling_s", "answered_within". */
extern const char *const cc_history_field_names[CC_HISTORY_FIELDS];

typedef struct cc_history_options {
    cc_history_format format;
    double interval_s;          /* 0: the export's own length, or 1800 for a call log */
    double within_s;            /* the service-level time; 0: 20 s */
    char separator;             /* 0: the header's first of tab, ';', ',' */
    const char *date_format;    /* strptime(3) format of the interval start; NULL:
                                   "YYYY-MM-DD HH:MM[:SS]", a 'T' for the space and a
                                   trailing 'Z' accepted */
    const char *columns[CC_HISTORY_FIELDS];  /* header names; NULL: the default */
    const char *queue;          /* keep this queue's rows; NULL: the file must hold one */
    int dates;                  /* 1: keep only the rows dated from_date to to_date */
    long from_date, to_date;    /* days from 1970-01-01, inclusive */
} cc_history_options;

typedef enum cc_call_outcome {
    CC_CALL_ANSWERED = 0,
    CC_CALL_ABANDONED,          /* hung up while queued for an agent */
    CC_CALL_IGNORED             /* never asked for an agent (voice-menu only, test records) */
} cc_call_outcome;

/* One call of a per-call log. Times in seconds from midnight of the history's first day. */
typedef struct cc_history_call {
    double arrival_s;           /* when the caller asked for an agent (left the voice menu) */
    double wait_s;              /* time queued */
    double service_start_s;     /* answered: when service began */
    double handling_s;          /* answered: service time (0 when the log has none) */
    int server;                 /* index into servers; -1: no named agent */
    int queued;                 /* 1: the call joined the queue for an agent */
    cc_call_outcome outcome;
} cc_history_call;

typedef struct cc_history {
    char *path;
    cc_history_format format;
    const char *reader;         /* the call log's format name ("anonymous-bank"), or "intervals" */
    char *queue;                /* the queue's name (the file's, or the file's base name) */
    long first_date;            /* days from 1970-01-01 */
    size_t days;
    double interval_s, within_s;
    size_t intervals_per_day, n_intervals;
    double source_interval_s;   /* an export's own interval length; the call log: 0 */
    /* per interval, n_intervals each; the has_* flags say which the input carries */
    unsigned char *present;
    double *offered, *answered, *abandoned, *answered_within, *wait_s, *handled_s, *agents;
    double *busy;               /* call log: agent-seconds of service in the interval / its
                                   length (the agents busy on average: a lower bound of
                                   those on duty, as `agents` is an upper bound) */
    int has_offered, has_answered, has_abandoned, has_within, has_handling, has_agents;
    /* counts */
    size_t records;             /* data rows read */
    size_t n_answered, n_abandoned, n_ignored;
    double offered_total;       /* offered, or handled when the export has no offered */
    size_t gaps, duplicates, missing_days;
    long first_duplicate_line;  /* 0: none */
    long first_gap_date; int first_gap_min;     /* where the first gap is (gaps > 0) */
    /* call logs only */
    cc_history_call *calls;     /* in file order */
    size_t n_calls;
    char **servers;
    size_t n_servers;
} cc_history;

/* A per-call log format: the header columns it must have, and the parser of one
 * record (fields split on `separator`). parse fills *call with arrival and service
 * times in seconds from the record's own midnight, *date, and *server_name (NULL:
 * none, pointing into fields otherwise); on a malformed field it returns CC_EINPUT
 * with the message "column NAME: ... (got "VALUE")" (the caller prefixes FILE:LINE). */
typedef struct cc_history_call_reader {
    const char *name;
    char separator;
    const char *const *columns;
    size_t n_columns;
    int (*parse)(char **fields, const int *col, cc_history_call *call, long *date,
                 const char **server_name, cc_error *err);
} cc_history_call_reader;

/* Reads a file. CC_OK and *out, CC_EINPUT (bad file or row, or no row in the
 * dates), or CC_EINTERNAL. Rows outside the dates are skipped and not counted. */
int cc_history_read(const char *path, const cc_history_options *opt, cc_history **out,
                    cc_error *err);

void cc_history_destroy(cc_history *h);

/* Handling time of the answered calls served by a named agent with a time > 0:
 * the empirical distribution (sorted values; the caller frees them) and a lognormal
 * fitted by maximum likelihood (mu, sigma of the log times). */
typedef struct cc_history_handling {
    size_t n;
    double mean_s, median_s, cv;
    double mu, sigma;           /* lognormal fit */
    double fit_mean_s, fit_cv;  /* the fitted lognormal's mean and cv */
    double *values;             /* ascending, n values */
} cc_history_handling;

/* From a call log; CC_EINPUT when it has no such call, CC_EINTERNAL out of memory. */
int cc_history_handling_fit(const cc_history *h, cc_history_handling *out, cc_error *err);

/* Patience of the queued callers (those that joined the queue and were not ignored): the
 * censored estimate (total time queued of every queued caller / abandonments: the
 * exponential's maximum-likelihood mean), and the Kaplan-Meier survival curve of the
 * time to abandon, answered callers censored at their answer. */
typedef struct cc_history_patience {
    size_t queued, abandoned;
    double censored_mean_s;     /* INFINITY when nobody abandoned */
    double *time_s, *survival;  /* the curve's steps: S(t) just after each abandon time */
    size_t n_steps;
    double km_median_s;         /* first time S <= 0.5; INFINITY when never */
} cc_history_patience;

int cc_history_patience_fit(const cc_history *h, cc_history_patience *out, cc_error *err);

/* S(t) of the Kaplan-Meier curve (1 before the first abandonment). */
double cc_history_survival(const cc_history_patience *p, double t);

void cc_history_handling_fini(cc_history_handling *hd);
void cc_history_patience_fini(cc_history_patience *p);

/* Interval i's volume: offered when the input has it, else answered (handled). */
double cc_history_volume(const cc_history *h, size_t i);

/* The history's own figures over its whole span, each NaN where the input cannot
 * give it: the service level (answered within the file's T / offered), ASA (the call
 * log's mean wait of answered calls), abandon rate (abandoned / offered), and mean
 * handling time (the call log's fitted mean when `handling` is given, else handled
 * seconds / answered calls from an export). */
typedef struct cc_history_kpis {
    double service_level, asa_s, abandon_rate, mean_handling_s;
} cc_history_kpis;

void cc_history_kpis_of(const cc_history *h, const cc_history_handling *handling,
                        cc_history_kpis *out);

#endif
