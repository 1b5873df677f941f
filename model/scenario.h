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
 * only inside its open part, except for a deferred queue, whose contacts arrive at any
 * hour (its open part is when it is worked). The scenario's `open_from_s`/`open_to_s`
 * are the union over queues: an interval is open when any queue is open in it, from
 * the earliest queue opening to the latest closing inside it (one span per interval;
 * two queues open in disjoint parts of one interval give the span that covers both).
 * Without per-queue hours, closures or seasons every queue's spans equal the union.
 * The group-open rule: a group is open in an interval when a queue it serves is open
 * in it (`group_open`, cc_scenario_group_open); its agents are given for those
 * intervals, and the engine lets surplus agents leave only there.
 *
 * Queues and groups. A queue has a channel, a Poisson arrival volume per interval
 * (from calls_per_interval, or expanded from its demand by model/demand.h), and
 * handling-time and patience distributions. An agent group serves one or more
 * queues (in routing order) with a number of agents per interval. `queue_groups`
 * lists, for every queue, the groups that serve it, in group order: an arriving call
 * goes to the first of them with an idle agent.
 *
 * Sites, disciplines, sources, the timeline. Every group works at one site
 * (`site`, an index into `sites`; a scenario without a sites section has one site,
 * "main") and holds up to `concurrency` contacts per agent at once (1 for calls,
 * more for web chat). A queue has a discipline (how its contacts behave), its own
 * targets ("share within T", T in seconds or business days; the first is the
 * headline target every service-level figure uses), and an arrival source: Poisson
 * with the per-interval volume `calls`, or a trace of recorded arrival times that is
 * replayed exactly. The timeline lists dated incidents and changes: a site goes down
 * (for a duration or until it comes back; calls in service there dropped or
 * completed; calls nobody else answers queued, refused or sent to the web) or comes
 * back, a site's queues are re-routed to another site (with agents brought in after a
 * ramp-up), a group's agents change at any moment (or, within_hours, in its hours).
 * Routing is `queue_groups` until the first re-route event; across sites it is one
 * virtual queue, or by the sites' shares when they have them.
 *
 * Stable identity. Queues, groups and sites carry `id`, a 64-bit hash of their kind
 * and name (cc_stable_id), fixed when the scenario is frozen; random streams are keyed
 * by it, never by an index, so adding, removing or reordering other queues leaves a
 * queue's contacts exactly as they were. Freezing refuses two names whose ids collide.
 *
 * Ownership: the scenario owns every array and string it points to;
 * cc_scenario_destroy frees them all.
 */
#ifndef CC_SCENARIO_H
#define CC_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "model/calendar.h"
#include "model/error.h"
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

/* What a contact comes through: the unit that FTE, cost and channel shift are
 * reported by. The channel says what it is; the discipline says how it behaves
 * (a channel's usual discipline is cc_channel_discipline). */
typedef enum cc_channel {
    CC_CHANNEL_PHONE = 0,
    CC_CHANNEL_EMAIL,
    CC_CHANNEL_WEB_FORM,
    CC_CHANNEL_POST,
    CC_CHANNEL_CHAT,
    CC_CHANNEL_FACE_TO_FACE,
    CC_CHANNEL_SELF_SERVICE,    /* web transactions, IVR self-service: no agent */
    CC_CHANNELS
} cc_channel;

/* The channel's name as written in scenario files and results: "phone", "email",
 * "web-form", "post", "chat", "face-to-face", "self-service". */
const char *cc_channel_name(cc_channel c);

/* How a queue's contacts behave (scenario key `discipline`). */
typedef enum cc_discipline {
    CC_DISCIPLINE_INBOUND = 0,  /* calls: arrive while open, wait, may abandon */
    CC_DISCIPLINE_CHAT,         /* web chat: as inbound, served in an agent's chat slots */
    CC_DISCIPLINE_DEFERRED,     /* email, web form, post: arrive at any hour, never abandon,
                                   worked in the serving groups' hours, waiting across
                                   closed hours and days (a backlog) */
    CC_DISCIPLINE_FACE_TO_FACE, /* visitors: as inbound, at the site's counter */
    CC_DISCIPLINE_SELF_SERVICE, /* needs no agent: every contact is offered and resolved
                                   at once (wait 0, handling 0); it costs its
                                   non_staff_cost_per_contact */
    CC_DISCIPLINES
} cc_discipline;

/* "inbound", "chat", "deferred", "face-to-face", "self-service". */
const char *cc_discipline_name(cc_discipline d);

/* The discipline a queue of channel c has when the scenario gives none: phone
 * inbound; email, web form and post deferred; chat chat; face to face face-to-face;
 * self-service self-service. */
cc_discipline cc_channel_discipline(cc_channel c);

/* One "share of contacts answered within T" target. T is within_s seconds, or, when
 * business_days > 0, that many business days: answered before the end of the
 * business_days-th open day of the queue after the day it arrived (a contact that
 * arrives on a closed day counts from the next open day). */
typedef struct cc_target {
    double share;           /* (0, 1] */
    double within_s;        /* > 0 when business_days == 0 */
    unsigned business_days; /* 0: within_s applies */
} cc_target;

#define CC_MAX_TARGETS 4

/* Where a queue's contacts come from. */
typedef enum cc_source_kind {
    CC_SOURCE_POISSON = 0,  /* Poisson with `calls` per interval in the open part */
    CC_SOURCE_TRACE         /* the trace's arrivals, replayed exactly in every replication */
} cc_source_kind;

/* Recorded contacts: arrival times in seconds from the horizon's start, ascending, and
 * optionally each contact's handling time and patience (NULL: drawn from the queue's
 * distributions). */
typedef struct cc_trace {
    double *arrival_s;
    double *handling_s;
    double *patience_s;
    size_t n;
} cc_trace;

typedef struct cc_site {
    char *name;
    uint64_t id;            /* cc_stable_id("site", name) */
    double share;           /* [sites[].share] routing in normal running: the share of a
                               queue's calls offered first to this site's groups (among
                               the sites that serve the queue, renormalised), the others
                               taking them only when none of its agents is free; 0 at
                               every site: one virtual queue (the first free agent in
                               routing order, whatever the site) */
} cc_site;

typedef struct cc_queue {
    char *name;
    uint64_t id;            /* cc_stable_id("queue", name) */
    cc_channel channel;
    cc_discipline discipline;
    cc_target targets[CC_MAX_TARGETS];  /* [0]: the headline target; from the scenario's
                                           targets section when the queue gives none */
    size_t n_targets;                   /* >= 1 */
    cc_source_kind source;
    cc_trace trace;                     /* CC_SOURCE_TRACE only */
    int priority;           /* higher is served first by multi-skill agents; equal: longest wait */
    double *calls;          /* contacts offered per interval (0 when closed; a deferred
                               queue's cover every interval), n_intervals; for a trace,
                               the trace's own count per interval */
    cc_dist handling;
    cc_dist patience;       /* CC_DIST_NONE: callers never abandon */
    cc_hours *hours;        /* the queue's own weekly hours; NULL: the calendar's */
    size_t n_hours;
    double *open_from_s, *open_to_s;    /* the queue's open part per interval, seconds
                                           from the interval's start; n_intervals */
    size_t n_open_intervals;
    double cost_per_contact;    /* an all-in cost per contact quoted by a source (staff
                                   included), currency units; a check only, never added
                                   to the plan's cost (0: none) */
    double non_staff_cost_per_contact;  /* telephony, postage, licences per contact
                                           offered, added to the staff cost (0: none) */
    cc_demand demand;           /* demand.present: calls were expanded from it */
    double lost_calls;          /* expected closed-hours demand lost over the horizon */

    /* Caller behaviour beyond waiting and abandoning (scenario keys in brackets). */
    unsigned lines;             /* [lines] trunk lines: contacts in service plus waiting
                                   at most this many; an arrival that finds them all in
                                   use hears the busy tone (tally `blocked`). 0: no limit */
    double redial_share;        /* [redial.share] share of callers who abandon or are
                                   blocked who call again, [0, 1]; 0: none */
    cc_dist redial_delay;       /* [redial.delay] time from abandoning (or the busy tone)
                                   to the redial; CC_DIST_NONE when redial_share is 0 */
    double callback_after_s;    /* [callback.after_s] a caller still waiting this long is
                                   offered a call back; 0: no call backs */
    double callback_share;      /* [callback.share] share who take the offer, (0, 1] */
    double callback_within_s;   /* [callback.within_s] the target: a call back made
                                   within this of the request (tally `callback_within`) */
    double chat_stretch;        /* [chat_stretch] chat only: a chat's handling time is
                                   drawn, then multiplied by 1 + chat_stretch x (the
                                   other chats its agent holds when it starts); 0: none */
    double next_share;          /* [then.share] after service, this share of the contacts
                                   go on to queue next_queue (triage, then a specialist),
                                   arriving there when their service here ends; 0: none */
    size_t next_queue;          /* [then.queue] where they go (meaningful when next_share
                                   > 0; never the queue itself, no cycle, never a trace) */

    /* Self-service and IVR (model/demand.h applies them to `calls` at freeze). */
    double ivr_resolved_share;  /* [ivr.resolved_share] share of the calls resolved in the
                                   IVR, never reaching an agent, [0, 1); 0: no IVR */
    double ivr_cost_per_call;   /* [ivr.cost_per_call] per call entering the IVR (resolved
                                   there or not), currency units */
    double failure_share;       /* [failure.share] self-service only: share of the
                                   transactions that fail and come back as contacts of
                                   failure_queue, [0, 1]; 0: none */
    size_t failure_queue;       /* [failure.to] where failed transactions go */
} cc_queue;

typedef struct cc_group {
    char *name;
    uint64_t id;            /* cc_stable_id("group", name) */
    size_t site;            /* index into the scenario's sites */
    unsigned concurrency;   /* contacts one agent holds at once, >= 1 (1: calls) */
    size_t *serves;         /* queue indices, routing order */
    size_t n_serves;
    unsigned *agents;       /* agents on duty per interval (0 when closed), n_intervals */
} cc_group;

/* A dated change in the timeline. */
typedef enum cc_event_type {
    CC_EVENT_SITE_DOWN = 0, /* the site's agents stop at once; contacts in service there
                               are dropped (counted as such) or completed, queued
                               contacts wait on; arrivals as `arrivals` says */
    CC_EVENT_SITE_UP,       /* the site's agents return to the plan */
    CC_EVENT_REROUTE,       /* from `at_s`, every group at `to_site` also serves the queues
                               that the groups at `site` serve (after its own, in their
                               routing order); `at_s` already includes any delay; the
                               agents brought in to `group` arrive at at_s + ramp_s */
    CC_EVENT_STAFFING       /* group `group` has `agents` on duty from at_s to until_s,
                               in place of the plan */
} cc_event_type;

/* An outage's options (site_down keys `in_service`, `arrivals`, `web_share`). */
typedef enum cc_in_service {
    CC_IN_SERVICE_DROPPED = 0,  /* contacts in service at the failed site are lost */
    CC_IN_SERVICE_COMPLETED     /* they are completed; their agents leave as they finish */
} cc_in_service;

typedef enum cc_outage_arrivals {
    CC_OUTAGE_QUEUE = 0,        /* calls for the site's queues queue at the surviving
                                   sites (or wait for the re-route, or hang up) */
    CC_OUTAGE_BLOCKED,          /* busy tone: counted blocked */
    CC_OUTAGE_MESSAGE           /* a recorded message sends web_share of them to the web
                                   (counted deflected); the others queue */
} cc_outage_arrivals;

typedef struct cc_timeline_event {
    cc_event_type type;
    double at_s;            /* seconds from the horizon's start, inside it */
    double until_s;         /* STAFFING: end of the change (> at_s). SITE_DOWN: the
                               outage's end, >= at_s (at + duration_min, or the site's
                               next site_up, or the horizon's end). REROUTE: when the
                               agents brought in leave (the end of the outage of `site`
                               in force at at_s; at_s when none is) */
    int has_duration;       /* SITE_DOWN: until_s comes from duration_min (the engine
                               brings the site back itself) */
    size_t site;            /* SITE_DOWN, SITE_UP, REROUTE (from) */
    size_t to_site;         /* REROUTE */
    size_t group;           /* STAFFING; REROUTE: the group agents are brought in to */
    unsigned agents;        /* STAFFING; REROUTE: agents brought in (0: none) on top of
                               the group's plan while it is on duty */
    int within_hours;       /* STAFFING: the agents are on duty only inside the group's
                               duty windows (its hours, as the plan), none outside them;
                               0: from at to until whatever the hours (overtime) */
    double ramp_s;          /* REROUTE: they arrive ramp_s after at_s */
    cc_in_service in_service;       /* SITE_DOWN */
    cc_outage_arrivals arrivals;    /* SITE_DOWN: calls for queues that no group at an
                                       up site serves, until a re-route */
    double web_share;       /* SITE_DOWN, CC_OUTAGE_MESSAGE: share sent to the web */
    int line;               /* where the event is in the scenario file, for messages */
} cc_timeline_event;

/* A channel shift (scenario section channel_shift): in year y of the horizon
 * (cc_demand_horizon_year) share[y] of queue `from`'s contacts move to queue `to`, and
 * failure_share of the moved contacts come back to `from` (failure demand). Applied
 * to the queues' calls at freeze (model/demand.h). */
#define CC_SHIFT_MAX_YEARS 11
typedef struct cc_channel_shift {
    size_t from, to;            /* queue indices; `to` is never the `from` of a shift */
    double share[CC_SHIFT_MAX_YEARS];   /* per year of the horizon, [0, 1] */
    size_t n_years;             /* the horizon's years */
    double failure_share;       /* [0, 1] */
    int line;                   /* where the shift is in the scenario file */
} cc_channel_shift;

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

/* The steps of the planner's stress test (`ccsim plan --sensitivity`), each in
 * (0, 1): volume, handling time and shrinkage × (1 ± step), the service-level
 * target ± points. Defaults 0.10, 0.10, 0.10, 0.05. */
typedef struct cc_sensitivity {
    double volume, handling, shrinkage, service_level_points;
} cc_sensitivity;

/* Shift rules for `ccsim roster` (model/roster.h; scenario section `roster`). Times
 * are seconds; a shift starts on any day of the horizon at earliest_start_s,
 * earliest_start_s + start_every_s, ... up to latest_start_s (seconds from midnight).
 * A break starts earliest_s..latest_s after the shift's start, every every_s. */
#define CC_ROSTER_MAX_BREAKS 3
typedef struct cc_roster_break {
    double length_s, earliest_s, latest_s, every_s;
    int paid;                   /* paid breaks count in the paid hours */
} cc_roster_break;

typedef struct cc_roster_shift {
    char *name;
    double length_s;            /* from start to end, breaks included */
    double earliest_start_s, latest_start_s, start_every_s;
    double max_share;           /* most shifts of this pattern ÷ all a group works; 1: no cap */
    cc_roster_break breaks[CC_ROSTER_MAX_BREAKS];
    size_t n_breaks;
    unsigned char *groups;      /* per group: 1 when it may work this shift; NULL: every group */
    int line;                   /* where the shift is in the scenario file */
} cc_roster_shift;

typedef struct cc_roster_rules {
    int present;                /* the scenario has a roster section */
    cc_roster_shift *shifts;
    size_t n_shifts;
    unsigned days_on_per_week;  /* shifts one person works in 7 days */
    double absence_shrinkage;   /* paid time lost outside the roster (leave, sickness,
                                   training), [0, 1); breaks are in the shifts */
    double undercover_penalty;  /* 0: every requirement covered; > 0: an uncovered
                                   agent-hour costs this many paid hours */
    double time_limit_s, mip_gap;   /* the solver's limits */
    int line;
} cc_roster_rules;

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
    cc_site *sites;             /* >= 1; one named "main" when the file has no sites */
    size_t n_sites;
    cc_queue *queues;
    size_t n_queues;
    cc_group *groups;
    size_t n_groups;
    int groups_given;           /* 0: groups was absent and the loader made one per queue,
                                   named after it, with 0 agents in every interval */
    unsigned char *group_open;  /* [g * n_intervals + i]: 1 when a queue that group g
                                   serves is open in interval i (the group-open rule) */
    size_t **queue_groups;      /* per queue: serving group indices, group order */
    size_t *n_queue_groups;
    cc_timeline_event *events;  /* the timeline, by at_s (file order on ties) */
    size_t n_events;
    cc_workforce workforce;
    cc_sensitivity sensitivity;
    cc_roster_rules roster;
    cc_channel_shift *shifts;   /* the channel_shift section, file order */
    size_t n_shifts;
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

/* The group-open rule, computed once (cc_scenario_index_group_open). */
static inline int cc_scenario_group_open(const cc_scenario *s, size_t g, size_t i)
{
    return s->group_open[g * s->n_intervals + i];
}

/* A 64-bit identity of a named thing ("queue", "group", "site"), the same on every
 * machine and in every run: random streams are keyed by it. Never 0. */
uint64_t cc_stable_id(const char *kind, const char *name);

/* The last step of loading, after validation and after the queues' open spans and
 * given calls and agents are in place: fills what the file may leave out (one site
 * "main"; each queue's targets from the scenario's targets section; concurrency 1; a
 * zero calls table), builds the group-open table and the routing lists when they are
 * absent, turns demand and traces into calls (cc_demand_expand, once), computes the
 * stable ids and refuses colliding ones (CC_EINPUT). CC_OK, CC_EINPUT, or CC_EINTERNAL
 * when out of memory. Call it once. */
int cc_scenario_freeze(cc_scenario *s, cc_error *err);

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

/* Fills group_open (the group-open rule) from the groups' serves lists and the queues'
 * open spans. Returns 0, or -1 when out of memory. */
int cc_scenario_index_group_open(cc_scenario *s);

/* The business-day deadline of a contact of queue q that arrives at arrival_s
 * (seconds from the horizon's start): the end (midnight) of the `days`-th open day of
 * the queue after its arrival day, where an arrival on a day the queue is closed counts
 * from the next open day (so with Mon-Fri hours and days = 1, Monday 10:00 gives the
 * end of Tuesday, and so does the Saturday before it). Open days follow the calendar
 * past the horizon's end; INFINITY when the queue opens on no day in the year after.
 * Seconds from the horizon's start. Cost O(days + closed days in between); the engine may keep it
 * per arrival day. */
double cc_scenario_business_deadline_s(const cc_scenario *s, size_t q, double arrival_s,
                                       unsigned days);

/* Builds the derived per-queue routing lists (queue_groups) from the groups'
 * serves lists. Returns 0, or -1 when out of memory. */
int cc_scenario_index_routing(cc_scenario *s);

/* "2026-03-09 10:00" (sep ' ') or "2026-03-09T10:00" (sep 'T'): the moment at_s
 * seconds from the horizon's start, to the minute. */
void cc_scenario_moment(const cc_scenario *s, double at_s, char sep, char buf[static 32]);

/* "Wed 09:30 (day 3)": when interval i starts, for tables and messages. */
void cc_scenario_interval_label(const cc_scenario *s, size_t i, char *buf, size_t n);

/* The groups' planned agents as one table, [g * n_intervals + i] (the layout the
 * engine reads a staffing plan in); the caller frees it. NULL when out of memory. */
unsigned *cc_scenario_staffing(const cc_scenario *s);

/* Frees the scenario and everything it owns; NULL is allowed. */
void cc_scenario_destroy(cc_scenario *s);

#endif
