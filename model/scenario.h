/* scenario.h — what a contact centre is: calendar, queues, agent groups, targets.
 *
 * A scenario is built once by the loader (io/scenario_load.h), validated, and then
 * frozen: the engines receive it as `const cc_scenario *` and share it read-only
 * across threads. Nothing here changes after loading.
 *
 * The timeline. The horizon is `calendar.days` days of `intervals_per_day` intervals
 * of `interval_s` seconds; interval i covers [i*interval_s, (i+1)*interval_s)
 * seconds from midnight of the first day. Every per-interval array below has
 * `n_intervals` entries over the whole horizon, open or closed.
 *
 * Opening. Each queue has its own open part of every interval,
 * `queue->open_from_s[i]`..`queue->open_to_s[i]` (seconds from the interval's start;
 * equal values mean closed), from the calendar's hours or the queue's own, after
 * closed dates, bank holidays and seasons (model/calendar.h). Calls of a queue arrive
 * only inside its open part. The scenario's `open_from_s`/`open_to_s` are the union
 * over queues: an interval is open when any queue is open in it, from the earliest
 * queue opening to the latest closing inside it (one span per interval; two queues
 * open in disjoint parts of one interval give the span that covers both). Without
 * per-queue hours, closures or seasons every queue's spans equal the union.
 *
 * Queues and groups. A queue has a channel, a Poisson arrival volume per interval
 * (from calls_per_interval, or expanded from its demand by model/demand.h), and
 * handling-time and patience distributions. An agent group serves one or more
 * queues (in routing order) with a number of agents per interval. `queue_groups`
 * lists, for every queue, the groups that serve it, in group order: an arriving call
 * goes to the first of them with an idle agent.
 *
 * Ownership: the scenario owns every array and string it points to;
 * cc_scenario_destroy frees them all.
 */
#ifndef CC_SCENARIO_H
#define CC_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "model/calendar.h"
#include "model/demand.h"

typedef enum cc_dist_kind {
    CC_DIST_NONE = 0,       /* patience only: callers never abandon */
    CC_DIST_EXPONENTIAL,
    CC_DIST_LOGNORMAL,      /* by mean and coefficient of variation */
    CC_DIST_GAMMA,          /* by mean and coefficient of variation */
    CC_DIST_DETERMINISTIC,
    CC_DIST_EMPIRICAL       /* resampled uniformly from observed values */
} cc_dist_kind;

/* A distribution of durations in seconds. The loader fills kind, mean_s, cv and
 * values; cc_dist_prepare derives the parameters the sampler uses (p1, p2). */
typedef struct cc_dist {
    cc_dist_kind kind;
    double mean_s;
    double cv;          /* lognormal, gamma */
    double *values;     /* empirical: the observed values, seconds */
    size_t n_values;
    double p1, p2;      /* lognormal: mu, sigma; gamma: shape, scale */
} cc_dist;

typedef enum cc_channel {
    CC_CHANNEL_PHONE = 0,
    CC_CHANNELS
} cc_channel;

/* The channel's name as written in scenario files and results ("phone"). */
const char *cc_channel_name(cc_channel c);

typedef struct cc_queue {
    char *name;
    cc_channel channel;
    int priority;           /* higher is served first by multi-skill agents; equal: longest wait */
    double *calls;          /* calls offered per interval (0 when closed), n_intervals */
    cc_dist handling;
    cc_dist patience;       /* CC_DIST_NONE: callers never abandon */
    cc_hours *hours;        /* the queue's own weekly hours; NULL: the calendar's */
    size_t n_hours;
    double *open_from_s, *open_to_s;    /* the queue's open part per interval, seconds
                                           from the interval's start; n_intervals */
    size_t n_open_intervals;
    double cost_per_contact;    /* cost per call offered, currency units (0: none) */
    cc_demand demand;           /* demand.present: calls were expanded from it */
    double lost_calls;          /* expected closed-hours demand lost over the horizon */
} cc_queue;

typedef struct cc_group {
    char *name;
    size_t *serves;         /* queue indices, routing order */
    size_t n_serves;
    unsigned *agents;       /* agents on duty per interval (0 when closed), n_intervals */
} cc_group;

typedef struct cc_targets {
    double service_level;       /* fraction answered within answer_within_s */
    double answer_within_s;
    double asa_s;               /* 0: no ASA target */
    double max_abandon_rate;    /* 0: no abandon target */
    double max_occupancy;       /* 0: no occupancy cap */
} cc_targets;

typedef struct cc_workforce {
    int present;                /* the scenario has a workforce section */
    double shrinkage;           /* fraction of paid time not available for contacts, [0, 1) */
    double paid_hours_per_week; /* paid hours of one FTE */
    double cost_per_fte_year;   /* fully loaded annual cost of one FTE, currency units */
    double fte_available;       /* a fixed FTE for the planner's reverse question; 0 = not given */
} cc_workforce;

typedef struct cc_scenario {
    char *path;                 /* as given to the loader */
    char *text;                 /* the file verbatim */
    char *name;
    char *description;
    cc_calendar calendar;
    size_t intervals_per_day;
    size_t n_intervals;
    double interval_s;
    double *open_from_s, *open_to_s;    /* per interval, seconds from its start: the
                                           union over queues */
    size_t n_open_intervals;            /* open in the union */
    cc_targets targets;
    cc_queue *queues;
    size_t n_queues;
    cc_group *groups;
    size_t n_groups;
    int groups_given;           /* 0: groups was absent and the loader made one per queue,
                                   named after it, with 0 agents in every interval */
    size_t **queue_groups;      /* per queue: serving group indices, group order */
    size_t *n_queue_groups;
    cc_workforce workforce;
    char **warnings;            /* the loader's warnings, "FILE:LINE: ..." (input that is
                                   usable but probably not what was meant) */
    size_t n_warnings;
    unsigned replications;      /* default for simulate */
    uint64_t seed;              /* default master seed */
} cc_scenario;

static inline int cc_scenario_is_open(const cc_scenario *s, size_t i)
{
    return s->open_to_s[i] > s->open_from_s[i];
}

/* Derives the sampler parameters (p1, p2) of a distribution whose kind, mean_s,
 * cv and values are set. Lognormal: sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2/2.
 * Gamma: shape = 1/cv^2, scale = mean*cv^2. */
void cc_dist_prepare(cc_dist *d);

/* Fills queue q's open_from_s, open_to_s and n_open_intervals from the calendar
 * (closures, seasons) and the queue's own hours. Needs the timeline fields
 * (intervals_per_day, n_intervals, interval_s) set. Returns 0, or -1 when out of memory. */
int cc_scenario_queue_timeline(cc_scenario *s, size_t q);

/* Fills the scenario's open_from_s, open_to_s and n_open_intervals as the union of
 * the queues' spans. Returns 0, or -1 when out of memory. */
int cc_scenario_union_timeline(cc_scenario *s);

/* Builds the derived per-queue routing lists (queue_groups) from the groups'
 * serves lists. Returns 0, or -1 when out of memory. */
int cc_scenario_index_routing(cc_scenario *s);

/* "Wed 09:30 (day 3)": when interval i starts, for tables and messages. */
void cc_scenario_interval_label(const cc_scenario *s, size_t i, char *buf, size_t n);

/* The groups' planned agents as one table, [g * n_intervals + i] (the layout the
 * engine reads a staffing plan in); the caller frees it. NULL when out of memory. */
unsigned *cc_scenario_staffing(const cc_scenario *s);

/* Frees the scenario and everything it owns; NULL is allowed. */
void cc_scenario_destroy(cc_scenario *s);

#endif
