#include "sim/engine.h"

#include "sim/event_queue.h"
#include "sim/rng.h"
#include "sim/sample.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The event reference space (sim/event_queue.h): control events first, then one
 * reference per contact slot. Arrivals live in their own heap, referenced by queue. */
enum {
    REF_BOUNDARY = 0,       /* the next interval starts */
    REF_TIMELINE,           /* the next timeline action is due */
    REF_END,                /* the horizon ends: the last interval's backlog */
    REF_DUTY,               /* a group's duty starts or ends inside an interval */
    REF_SLOTS               /* REF_SLOTS + k: contact slot k's service ends */
};

/* The arrival heap's references: queue q's next arrival is q; n_queues + q is a watch
 * on queue q's waiting callers (a caller's patience or call-back moment is due);
 * 2 n_queues + k is pending redial k. */

/* Where a contact's random numbers come from (sim/rng.h): the fresh arrival it
 * descends from (its queue and index there) and the redials and hand-ons between
 * (hop; 0: that arrival itself). */
typedef struct lineage {
    uint32_t queue, index;
    uint16_t hop;
    uint16_t callback;      /* waiting: leaves for a call back at its deadline; in
                               service: a call back being made */
} lineage;

#define MAX_HOP UINT16_MAX  /* a contact this many hops from its arrival goes no further */

/* A contact waiting in its queue. */
typedef struct waiting {
    double arrival;
    double deadline;        /* arrival + patience; +inf when it never abandons */
    double handling;
    uint32_t interval;      /* arrival interval, for the tallies */
    lineage who;
} waiting;

/* A redial on its way: the queue it will arrive at, and who it is. */
typedef struct pending {
    uint32_t queue;
    lineage who;
} pending;

/* A contact in service: the slot an event refers to. */
typedef struct contact {
    double start;           /* when its service began */
    double handling;
    uint32_t queue, group;
    uint32_t interval;      /* arrival interval */
    uint32_t generation;    /* its site's generation when it began (see site_down) */
} contact;

#define SLOT_FREE UINT32_MAX    /* contact.group of a slot that holds no contact */

/* A queue's waiting contacts (a FIFO ring whose capacity is a power of two) and its
 * arrival process. */
typedef struct queue_state {
    waiting *buf;
    size_t cap, head, count;
    double mean_gap;        /* mean time between arrivals in the current window, s */
    double window_end;      /* when the current interval's arrival window ends */
    cc_rng_key key;         /* the queue's random streams in this replication */
    uint64_t n_contacts;    /* contacts so far: the next one's index */
    uint64_t n_gaps;        /* inter-arrival draws so far */
    philox4x64_ctr_t gaps;  /* the current block of inter-arrival words */
    philox4x64_ctr_t pair;  /* the contact words of contacts 2j and 2j+1 (sim/rng.h) */
    /* the queue's constants the per-contact path reads, next to its state */
    double within_s;        /* the headline target, seconds (when not business days) */
    int headline_days;      /* the headline target is in business days */
    int priority;
    size_t n_targets;
    int deferred;           /* discipline deferred: never abandons, not drained */
    int trace;              /* arrivals from the trace */
    int self_service;       /* answered on arrival, by no agent */
    int watched;            /* redials or call backs: every waiting caller's deadline is
                               an event (a watch), so each leaves at its moment */
    unsigned lines;         /* in service + waiting at most this many; 0: no limit */
    int tracked;            /* lines, call backs or a hand-on: its contacts in service
                               are counted and their lineage kept (else neither is
                               needed, and the per-call path skips both) */
    unsigned in_service;    /* contacts of the queue in service, call backs apart
                               (kept when tracked) */
    double redial_share;
    double callback_after_s, callback_share, callback_within_s;
    double chat_stretch;    /* > 0 only for a chat queue */
    double next_share;      /* the `then` hand-on */
    cc_queue_counts *tally; /* the queue's row of the replication's output */
    unsigned char *written; /* its row of written flags */
} queue_state;

typedef struct group_state {
    unsigned present;       /* agents on duty */
    unsigned busy;          /* contacts in service (at most present * concurrency) */
    unsigned target;        /* agents wanted on duty now */
    unsigned concurrency;
    size_t site;
    unsigned override;      /* agents of the staffing event in force */
    size_t override_event;  /* which one; SIZE_MAX: none, the plan applies */
    unsigned extra;         /* agents brought in by re-routes in force, on top of the plan */
    double per_slot;        /* 1 / concurrency: busy agent-seconds per contact-second */
    cc_group_tally *tally;  /* the group's row of the replication's output */
    unsigned char *written; /* its row of written flags */
    const unsigned char *open; /* [i]: group_open's row in the epoch in force */
    double duty_from, duty_to;  /* the current interval's duty window, absolute seconds
                                   (model/workforce.h: its queues' earliest opening to
                                   latest closing; empty when none is open) */
    double staffed_area;    /* agent-seconds on duty since the last boundary */
    double last_t;
} group_state;

/* Routing in one epoch (the span between two re-route events). */
typedef struct routing {
    size_t *serves;         /* [g * n_queues + k]: queues group g takes, routing order */
    size_t *n_serves;       /* [g] */
    size_t *groups;         /* [q * n_groups + k]: groups an arrival at q tries, in order */
    size_t *n_groups;       /* [q] */
} routing;

/* One change the timeline makes at a moment (a staffing event makes two). */
typedef enum action_kind {
    ACT_SITE_DOWN, ACT_SITE_UP, ACT_REROUTE, ACT_STAFF_ON, ACT_STAFF_OFF,
    ACT_EXTRA_ON, ACT_EXTRA_OFF     /* a re-route's agents brought in arrive, leave */
} action_kind;

typedef struct action {
    double t;
    action_kind kind;
    size_t event;           /* index into the scenario's timeline */
    size_t epoch;           /* ACT_REROUTE: the routing epoch it starts */
} action;

struct cc_engine {
    const cc_scenario *s;
    const unsigned *staffing;   /* [g * n_intervals + i]: the plan's agents */
    unsigned char *group_open;  /* [(epoch * n_groups + g) * n_intervals + i]: a queue the
                                   group serves in that routing epoch is open */
    double *day_deadline;       /* [(q * CC_MAX_TARGETS + k) * days + d]: business-day
                                   targets: answered before this time counts as within */
    routing *routes;            /* [epoch] */
    size_t n_epochs;
    const routing *route;       /* the epoch in force */
    action *actions;            /* the timeline, by time */
    size_t n_actions, next_action;
    cc_event_queue events;      /* departures, boundaries, timeline, end */
    cc_event_queue arrivals;    /* the next arrival of each queue: at most one per queue */
    cc_event_queue *current;    /* the heap whose top is being handled */
    uint64_t seq;               /* scheduling order, shared by both heaps */
    gsl_rng *rng;               /* cc_rng_type: draws that need several uniforms */
    uint64_t seed, rep;         /* the replication being run */
    contact *contacts;          /* the contact table: n_slots, preallocated */
    lineage *lineage;           /* [slot]: who the contact in the slot is */
    uint32_t *free_slots;       /* a stack of free slot numbers */
    size_t n_slots, n_free;
    uint32_t *site_generation;  /* [site]: bumped when the site goes down */
    unsigned char *site_down;   /* [site] */
    const cc_timeline_event **site_outage; /* [site]: the site_down in force, or NULL */
    size_t n_down;              /* sites down now */
    int by_share;               /* routing by site shares (cc_site.share) */
    queue_state *queues;
    queue_state *callbacks;     /* [q]: the call backs owed to queue q's callers, oldest
                                   request first (only the ring is used) */
    int any_callbacks;          /* a queue offers call backs */
    int any_tracked;            /* a queue is tracked (queue_state.tracked) */
    pending *pending;           /* redials on their way: a pool with a free stack */
    uint32_t *pending_free;
    size_t n_pending, n_pending_free;
    double horizon_end;
    int failed;                 /* a buffer could not grow: the run fails */
    group_state *groups;
    size_t interval;            /* the current interval */
    double interval_end;        /* when it ends */
    double duty_at;             /* the duty change scheduled last (REF_DUTY); an earlier
                                   one a re-route superseded is stale when it comes */
    double now;
    int top_live;               /* the event being handled is still its heap's top */
};

/* An engine invariant that must hold whatever the scenario: a violation is a bug,
 * reported with what reproduces it before the process aborts. */
#define ENGINE_CHECK(e, cond, what)                                                             \
    do {                                                                                        \
        if (__builtin_expect(!(cond), 0))                                                       \
            invariant_failed((e), (what));                                                      \
    } while (0)

static void invariant_failed(const cc_engine *e, const char *what)
{
    fprintf(stderr, "ccsim: engine invariant violated: %s (replication %llu, simulated time "
            "%.17g s, seed %llu)\n", what, (unsigned long long)e->rep, e->now,
            (unsigned long long)e->seed);
    abort();
}

/* ---- building the engine ---------------------------------------------------- */

static int compare_actions(const void *a, const void *b)
{
    const action *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->event != y->event)
        return (x->event > y->event) - (x->event < y->event);
    return (x->kind > y->kind) - (x->kind < y->kind);
}

static int routing_alloc(routing *r, size_t nq, size_t ng)
{
    r->serves = calloc(ng * nq + 1, sizeof *r->serves);
    r->n_serves = calloc(ng ? ng : 1, sizeof *r->n_serves);
    r->groups = calloc(ng * nq + 1, sizeof *r->groups);
    r->n_groups = calloc(nq ? nq : 1, sizeof *r->n_groups);
    return r->serves && r->n_serves && r->groups && r->n_groups ? 0 : -1;
}

/* Derives an epoch's queue -> groups lists from its groups' serves lists. */
static void routing_index(routing *r, size_t nq, size_t ng)
{
    memset(r->n_groups, 0, nq * sizeof *r->n_groups);
    for (size_t g = 0; g < ng; g++)
        for (size_t k = 0; k < r->n_serves[g]; k++) {
            size_t q = r->serves[g * nq + k];
            r->groups[q * ng + r->n_groups[q]++] = g;
        }
}

static int routing_serves(const routing *r, size_t nq, size_t g, size_t q)
{
    for (size_t k = 0; k < r->n_serves[g]; k++)
        if (r->serves[g * nq + k] == q)
            return 1;
    return 0;
}

/* Epoch 0 is the scenario's routing; each re-route event starts the next epoch: every
 * group at the destination site also serves, after its own, the queues that the
 * groups at the failed site serve (in group order, then their routing order). */
static int build_routing(cc_engine *e)
{
    const cc_scenario *s = e->s;
    size_t nq = s->n_queues, ng = s->n_groups;
    e->n_epochs = 1;
    for (size_t k = 0; k < s->n_events; k++)
        e->n_epochs += s->events[k].type == CC_EVENT_REROUTE;
    if (!(e->routes = calloc(e->n_epochs, sizeof *e->routes)))
        return -1;
    for (size_t p = 0; p < e->n_epochs; p++)
        if (routing_alloc(&e->routes[p], nq, ng) != 0)
            return -1;
    routing *r0 = &e->routes[0];
    for (size_t g = 0; g < ng; g++) {
        r0->n_serves[g] = s->groups[g].n_serves;
        for (size_t k = 0; k < s->groups[g].n_serves; k++)
            r0->serves[g * nq + k] = s->groups[g].serves[k];
    }
    routing_index(r0, nq, ng);
    size_t p = 0;
    for (size_t a = 0; a < e->n_actions; a++) {
        if (e->actions[a].kind != ACT_REROUTE)
            continue;
        const cc_timeline_event *ev = &s->events[e->actions[a].event];
        routing *prev = &e->routes[p], *next = &e->routes[p + 1];
        memcpy(next->serves, prev->serves, ng * nq * sizeof *next->serves);
        memcpy(next->n_serves, prev->n_serves, ng * sizeof *next->n_serves);
        for (size_t to = 0; to < ng; to++) {
            if (s->groups[to].site != ev->to_site)
                continue;
            for (size_t from = 0; from < ng; from++) {
                if (s->groups[from].site != ev->site)
                    continue;
                for (size_t k = 0; k < prev->n_serves[from]; k++) {
                    size_t q = prev->serves[from * nq + k];
                    if (!routing_serves(next, nq, to, q))
                        next->serves[to * nq + next->n_serves[to]++] = q;
                }
            }
        }
        routing_index(next, nq, ng);
        e->actions[a].epoch = ++p;
    }
    return 0;
}

/* The timeline as a list of actions by time (ties in file order). */
static int build_actions(cc_engine *e)
{
    const cc_scenario *s = e->s;
    e->actions = calloc(3 * s->n_events + 1, sizeof *e->actions);
    if (!e->actions)
        return -1;
    size_t n = 0;
    for (size_t k = 0; k < s->n_events; k++) {
        const cc_timeline_event *ev = &s->events[k];
        switch (ev->type) {
        case CC_EVENT_SITE_DOWN:
            if (ev->has_duration && !(ev->until_s > ev->at_s))
                break;      /* a zero-length outage changes nothing */
            e->actions[n++] = (action){ ev->at_s, ACT_SITE_DOWN, k, 0 };
            if (ev->has_duration)
                e->actions[n++] = (action){ ev->until_s, ACT_SITE_UP, k, 0 };
            break;
        case CC_EVENT_SITE_UP:
            e->actions[n++] = (action){ ev->at_s, ACT_SITE_UP, k, 0 };
            break;
        case CC_EVENT_REROUTE:
            e->actions[n++] = (action){ ev->at_s, ACT_REROUTE, k, 0 };
            if (ev->agents > 0 && ev->until_s > ev->at_s + ev->ramp_s) {
                e->actions[n++] = (action){ ev->at_s + ev->ramp_s, ACT_EXTRA_ON, k, 0 };
                e->actions[n++] = (action){ ev->until_s, ACT_EXTRA_OFF, k, 0 };
            }
            break;
        case CC_EVENT_STAFFING:
            e->actions[n++] = (action){ ev->at_s, ACT_STAFF_ON, k, 0 };
            e->actions[n++] = (action){ ev->until_s, ACT_STAFF_OFF, k, 0 };
            break;
        }
    }
    qsort(e->actions, n, sizeof *e->actions, compare_actions);
    e->n_actions = n;
    return 0;
}

/* Business-day deadlines: for a contact of queue q arriving on day d, target k of N
 * business days is met when it is answered before the end (midnight) of the N-th
 * open day of the queue after d; a contact arriving on a closed day counts from the
 * next open day. A day is open when the queue is open in any of its intervals.
 * +inf when that day lies beyond the horizon. */
static int build_day_deadlines(cc_engine *e)
{
    const cc_scenario *s = e->s;
    size_t days = s->calendar.days, ipd = s->intervals_per_day;
    double day_s = (double)ipd * s->interval_s;
    size_t cells = s->n_queues * CC_MAX_TARGETS * days;
    e->day_deadline = calloc(cells ? cells : 1, sizeof *e->day_deadline);
    size_t *open_rank = calloc(days + 1, sizeof *open_rank), *open_day = calloc(days + 1, sizeof *open_day);
    if (!e->day_deadline || !open_rank || !open_day) {
        free(open_rank);
        free(open_day);
        return -1;
    }
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue *qu = &s->queues[q];
        /* open_rank[d]: open days before d; open_day[r]: the r-th open day */
        size_t n_open = 0;
        for (size_t d = 0; d < days; d++) {
            open_rank[d] = n_open;
            int open = 0;
            for (size_t k = 0; k < ipd && !open; k++)
                open = qu->open_to_s[d * ipd + k] > qu->open_from_s[d * ipd + k];
            if (open)
                open_day[n_open++] = d;
        }
        for (size_t k = 0; k < qu->n_targets; k++) {
            unsigned n = qu->targets[k].business_days;
            if (n == 0)
                continue;
            for (size_t d = 0; d < days; d++) {
                /* the rank of the day the count starts from (d itself or the next open day) */
                size_t from = open_rank[d], r = from + n;
                e->day_deadline[(q * CC_MAX_TARGETS + k) * days + d] =
                    r < n_open ? (double)(open_day[r] + 1) * day_s : INFINITY;
            }
        }
    }
    free(open_rank);
    free(open_day);
    return 0;
}

cc_engine *cc_engine_create(const cc_scenario *s, const unsigned *staffing)
{
    cc_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->s = s;
    e->staffing = staffing;
    for (size_t k = 0; k < s->n_sites; k++)
        e->by_share |= s->sites[k].share > 0.0;
    size_t ng = s->n_groups, nq = s->n_queues, ni = s->n_intervals;
    size_t n_sites = s->n_sites ? s->n_sites : 1;
    if (!(e->site_generation = calloc(n_sites, sizeof *e->site_generation)) ||
        !(e->site_down = calloc(n_sites, 1)) ||
        !(e->site_outage = calloc(n_sites, sizeof *e->site_outage)) ||
        !(e->queues = calloc(nq ? nq : 1, sizeof *e->queues)) ||
        !(e->groups = calloc(ng ? ng : 1, sizeof *e->groups)) ||
        !(e->rng = gsl_rng_alloc(cc_rng_type)) ||
        build_actions(e) != 0 || build_routing(e) != 0 || build_day_deadlines(e) != 0 ||
        !(e->group_open = calloc(e->n_epochs * ng * ni + 1, 1)))
        goto fail;
    for (size_t q = 0; q < nq; q++) {
        const cc_queue *qu = &s->queues[q];
        queue_state *r = &e->queues[q];
        r->within_s = qu->targets[0].within_s;
        r->headline_days = qu->targets[0].business_days > 0;
        r->priority = qu->priority;
        r->n_targets = qu->n_targets;
        r->deferred = qu->discipline == CC_DISCIPLINE_DEFERRED;
        r->trace = qu->source == CC_SOURCE_TRACE;
        r->self_service = qu->discipline == CC_DISCIPLINE_SELF_SERVICE;
        r->lines = qu->lines;
        r->redial_share = qu->redial_share;
        r->callback_after_s = qu->callback_share > 0.0 ? qu->callback_after_s : 0.0;
        r->callback_share = qu->callback_share;
        r->callback_within_s = qu->callback_within_s;
        r->watched = r->redial_share > 0.0 || r->callback_after_s > 0.0;
        r->chat_stretch = qu->discipline == CC_DISCIPLINE_CHAT ? qu->chat_stretch : 0.0;
        r->next_share = qu->next_share;
        e->any_callbacks |= r->callback_after_s > 0.0;
        r->tracked = r->lines > 0 || r->callback_after_s > 0.0 || r->next_share > 0.0;
        e->any_tracked |= r->tracked;
    }
    e->horizon_end = (double)ni * s->interval_s;
    /* A group is open in an interval when a queue it serves in the epoch is open. */
    for (size_t p = 0; p < e->n_epochs; p++)
        for (size_t g = 0; g < ng; g++)
            for (size_t k = 0; k < e->routes[p].n_serves[g]; k++) {
                const cc_queue *qu = &s->queues[e->routes[p].serves[g * nq + k]];
                unsigned char *open = &e->group_open[(p * ng + g) * ni];
                for (size_t i = 0; i < ni; i++)
                    open[i] |= qu->open_to_s[i] > qu->open_from_s[i];
            }
    /* Contact slots: every group's most agents (plan or staffing events) times its
     * concurrency, and again for each outage of its site (a dropped contact keeps its
     * slot until its cancelled departure comes off the heap). */
    size_t slots = 0;
    for (size_t g = 0; g < ng; g++) {
        unsigned most = 0, extra = 0;
        for (size_t i = 0; i < ni; i++)
            if (staffing[g * ni + i] > most)
                most = staffing[g * ni + i];
        size_t outages = 1;
        for (size_t k = 0; k < s->n_events; k++) {
            const cc_timeline_event *ev = &s->events[k];
            if (ev->type == CC_EVENT_STAFFING && ev->group == g && ev->agents > most)
                most = ev->agents;
            if (ev->type == CC_EVENT_REROUTE && ev->agents > 0 && ev->group == g)
                extra += ev->agents;
            outages += ev->type == CC_EVENT_SITE_DOWN && ev->site == s->groups[g].site;
        }
        unsigned conc = s->groups[g].concurrency ? s->groups[g].concurrency : 1;
        slots += ((size_t)most + extra) * conc * outages;
    }
    if (slots + REF_SLOTS > CC_EVENT_MAX_REF)
        goto fail;
    /* Each fixed event is pending once, except REF_DUTY: a re-route reschedules it,
     * leaving the one it superseded in the heap until its time (on_duty_change). */
    size_t n_reroutes = 0;
    for (size_t k = 0; k < s->n_events; k++)
        n_reroutes += s->events[k].type == CC_EVENT_REROUTE;
    e->n_slots = slots;
    if (!(e->contacts = calloc(slots ? slots : 1, sizeof *e->contacts)) ||
        !(e->lineage = calloc(slots ? slots : 1, sizeof *e->lineage)) ||
        !(e->callbacks = calloc(nq ? nq : 1, sizeof *e->callbacks)) ||
        !(e->free_slots = calloc(slots ? slots : 1, sizeof *e->free_slots)) ||
        cc_event_queue_init(&e->events, slots + REF_SLOTS + n_reroutes) != 0 ||
        cc_event_queue_init(&e->arrivals, nq) != 0)
        goto fail;
    for (size_t q = 0; q < nq; q++) {
        e->queues[q].cap = 256;
        if (!(e->queues[q].buf = malloc(e->queues[q].cap * sizeof *e->queues[q].buf)))
            goto fail;
        e->callbacks[q].deferred = 1;   /* a call back never abandons */
        e->callbacks[q].cap = e->queues[q].callback_after_s > 0.0 ? 64 : 1;
        if (!(e->callbacks[q].buf = malloc(e->callbacks[q].cap * sizeof *e->callbacks[q].buf)))
            goto fail;
    }
    return e;
fail:
    cc_engine_destroy(e);
    return NULL;
}

void cc_engine_destroy(cc_engine *e)
{
    if (!e)
        return;
    if (e->queues)
        for (size_t q = 0; q < e->s->n_queues; q++)
            free(e->queues[q].buf);
    if (e->callbacks)
        for (size_t q = 0; q < e->s->n_queues; q++)
            free(e->callbacks[q].buf);
    free(e->callbacks);
    free(e->lineage);
    free(e->pending);
    free(e->pending_free);
    if (e->routes)
        for (size_t p = 0; p < e->n_epochs; p++) {
            free(e->routes[p].serves);
            free(e->routes[p].n_serves);
            free(e->routes[p].groups);
            free(e->routes[p].n_groups);
        }
    if (e->rng)
        gsl_rng_free(e->rng);
    free(e->routes);
    free(e->actions);
    free(e->group_open);
    free(e->day_deadline);
    free(e->site_generation);
    free(e->site_down);
    free(e->site_outage);
    free(e->contacts);
    free(e->free_slots);
    free(e->queues);
    free(e->groups);
    cc_event_queue_fini(&e->events);
    cc_event_queue_fini(&e->arrivals);
    free(e);
}

size_t cc_engine_waiting_capacity(const cc_engine *e)
{
    size_t cap = 0;
    for (size_t q = 0; q < e->s->n_queues; q++)
        cap += e->queues[q].cap + e->callbacks[q].cap;
    return cap;
}

/* ---- the event loop's parts ------------------------------------------------- */

/* Schedules an event. Arrivals go to their own small heap (one per queue), so the
 * per-call arrival costs no sift through the agents' departures. The first event a
 * handler schedules into the heap it is handling takes the place of the event
 * being handled (one sift-down instead of a pop and a push); events are never
 * scheduled before the current time, so the heaps stay ordered. */
static inline __attribute__((always_inline)) void schedule(cc_engine *e, cc_event_queue *target,
                                                           double t, uint32_t ref)
{
    cc_event ev = cc_event_make(e->seq++, t, ref);
    if (e->top_live && target == e->current) {
        cc_event_queue_replace_top(target, ev);
        e->top_live = 0;
    } else {
        cc_event_queue_push(target, ev);
    }
}

/* The next inter-arrival gap of queue state r: exponential with the current mean,
 * from the queue's arrival stream (four gaps per Philox block). */
static inline double next_gap(cc_engine *e, queue_state *r)
{
    uint64_t j = r->n_gaps++;
    if ((j & 3) == 0)
        r->gaps = cc_rng_block(r->key, e->rep, j >> 2, CC_STREAM_ARRIVALS, 0);
    return cc_rng_exponential(r->gaps.v[j & 3], r->mean_gap);
}

static inline waiting *ring_head(queue_state *r) { return &r->buf[r->head]; }

static inline void ring_pop(queue_state *r)
{
    r->head = (r->head + 1) & (r->cap - 1);
    r->count--;
}

/* Doubles ring r's capacity, keeping its contacts in order. Returns 0, or -1 when out
 * of memory. */
static int ring_grow(queue_state *r)
{
    size_t cap = r->cap * 2;
    waiting *buf = malloc(cap * sizeof *buf);
    if (!buf)
        return -1;
    for (size_t k = 0; k < r->count; k++)
        buf[k] = r->buf[(r->head + k) & (r->cap - 1)];
    free(r->buf);
    r->buf = buf;
    r->cap = cap;
    r->head = 0;
    return 0;
}

/* Whether a contact of queue q that arrived in interval `interval` and is answered
 * (or given up) at `at` after waiting `waited` meets target k. */
static inline int meets_target(const cc_engine *e, size_t q, size_t k, uint32_t interval,
                               double waited, double at)
{
    const cc_target *tg = &e->s->queues[q].targets[k];
    if (tg->business_days == 0)
        return waited <= tg->within_s;
    size_t day = interval / e->s->intervals_per_day;
    return at < e->day_deadline[(q * CC_MAX_TARGETS + k) * e->s->calendar.days + day];
}

/* The same for the headline target, from the queue's own copy of it. */
static inline int meets_headline(const cc_engine *e, size_t q, uint32_t interval, double waited,
                                 double at)
{
    const queue_state *r = &e->queues[q];
    if (__builtin_expect(!r->headline_days, 1))
        return waited <= r->within_s;
    return meets_target(e, q, 0, interval, waited, at);
}

/* Deferred queue q's contacts still waiting when the run ends: for each business-day
 * target whose deadline lies beyond the horizon, counted censored in their arrival
 * interval (those whose deadline has passed stay misses). */
static void count_censored(cc_engine *e, size_t q)
{
    const cc_queue *qu = &e->s->queues[q];
    queue_state *r = &e->queues[q];
    size_t days = e->s->calendar.days, ipd = e->s->intervals_per_day;
    for (size_t j = 0; j < r->count; j++) {
        const waiting *c = &r->buf[(r->head + j) & (r->cap - 1)];
        for (size_t k = 0; k < qu->n_targets; k++)
            if (qu->targets[k].business_days > 0 &&
                isinf(e->day_deadline[(q * CC_MAX_TARGETS + k) * days + c->interval / ipd]))
                r->tally[c->interval].censored_k[k] += 1;
    }
}

/* Contact `who`'s decision words (sim/rng.h, CC_STREAM_FATE). */
static inline philox4x64_ctr_t fate(const cc_engine *e, const lineage *who)
{
    return cc_rng_block(e->queues[who->queue].key, e->rep, who->index, CC_STREAM_FATE, who->hop);
}

/* One of contact `who`'s values from distribution d: word is its word for it; the
 * distributions that need more uniforms read the contact's own stream of `source`. */
static inline __attribute__((always_inline)) double draw_contact(cc_engine *e, const cc_dist *d,
                                                                 uint64_t word, const lineage *who,
                                                                 unsigned source)
{
    if (__builtin_expect(d->kind == CC_DIST_EXPONENTIAL, 1))   /* no stream needed */
        return cc_rng_exponential(word, d->mean_s);
    return cc_sample_contact(d, word, e->rng, e->queues[who->queue].key, e->rep, who->index,
                             cc_rng_hop_source(source, who->hop));
}

/* Schedules an event of the arrival heap beyond the one arrival per queue (a watch, a
 * redial), growing the heap so that it always has room for every queue's next
 * arrival besides. */
static void schedule_later(cc_engine *e, double t, uint32_t ref)
{
    cc_event_queue *a = &e->arrivals;
    size_t room = a->n + e->s->n_queues + 2;
    if (room > a->cap && cc_event_queue_reserve(a, 2 * room) != 0) {
        e->failed = 1;
        return;
    }
    schedule(e, a, t, ref);
}

/* A caller of queue q who abandoned or heard the busy tone at `at` calls again, with
 * probability redial_share, after a redial delay: a new arrival of queue q (one due
 * after the horizon's end is not simulated). Out of line: most queues have none. */
static __attribute__((noinline, cold)) void redial(cc_engine *e, size_t q, const lineage *who,
                                                   double at)
{
    const queue_state *r = &e->queues[q];
    if (who->hop == MAX_HOP)
        return;
    philox4x64_ctr_t f = fate(e, who);
    if (cc_rng_open01(f.v[0]) > r->redial_share)
        return;
    double t = at + draw_contact(e, &e->s->queues[q].redial_delay, f.v[1], who,
                                 CC_STREAM_REDIAL_DELAY);
    if (!(t < e->horizon_end))
        return;
    if (e->n_pending_free == 0) {   /* the pool doubles */
        size_t n = e->n_pending ? 2 * e->n_pending : 64;
        if (2 * e->s->n_queues + n > CC_EVENT_MAX_REF) {
            e->failed = 1;
            return;
        }
        pending *p = realloc(e->pending, n * sizeof *p);
        uint32_t *fr = p ? realloc(e->pending_free, n * sizeof *fr) : NULL;
        if (p)
            e->pending = p;
        if (!fr) {
            e->failed = 1;
            return;
        }
        e->pending_free = fr;
        for (size_t k = n; k > e->n_pending; k--)
            fr[e->n_pending_free++] = (uint32_t)(k - 1);
        e->n_pending = n;
    }
    uint32_t k = e->pending_free[--e->n_pending_free];
    lineage next = { who->queue, who->index, (uint16_t)(who->hop + 1), 0 };
    e->pending[k] = (pending){ (uint32_t)q, next };
    schedule_later(e, t > e->now ? t : e->now, (uint32_t)(2 * e->s->n_queues) + k);
}

static inline void maybe_redial(cc_engine *e, size_t q, const lineage *who, double at)
{
    if (__builtin_expect(e->queues[q].redial_share > 0.0, 0))
        redial(e, q, who, at);
}

/* Waiting contact c of queue q asks for a call back at `at`: counted in called_back,
 * the call back joins the queue's list of call backs owed. */
static __attribute__((noinline, cold)) void ask_callback(cc_engine *e, size_t q, const waiting *c,
                                                         double at)
{
    e->queues[q].tally[c->interval].called_back += 1;
    queue_state *cb = &e->callbacks[q];
    if (cb->count == cb->cap && ring_grow(cb) != 0) {
        e->failed = 1;
        return;
    }
    cb->buf[(cb->head + cb->count++) & (cb->cap - 1)] =
        (waiting){ at, INFINITY, c->handling, c->interval, c->who };
}

/* A waiting contact of queue q leaves at `at` without an answer: for a call back
 * (ask_callback), or it abandons (and may redial). */
static inline void count_leave(cc_engine *e, size_t q, const waiting *c, double at)
{
    if (__builtin_expect(c->who.callback, 0)) {
        ask_callback(e, q, c, at);
        return;
    }
    cc_queue_counts *t = &e->queues[q].tally[c->interval];
    double waited = at - c->arrival;
    t->abandoned += 1;
    t->abandoned_within += meets_headline(e, q, c->interval, waited, at);
    t->abandon_wait_s += waited;
    maybe_redial(e, q, &c->who, at);
}

/* Removes every contact of queue q whose deadline is before `until` (the current
 * time, or just after it for a watch), wherever it is in the queue, keeping the
 * others in order; each leaves (count_leave) at its deadline. Memory then follows the
 * contacts actually waiting, not those who came. */
static void purge_expired(cc_engine *e, size_t q, double until)
{
    queue_state *r = &e->queues[q];
    if (r->deferred)    /* deferred work never abandons: nothing to scan for */
        return;
    size_t kept = 0, mask = r->cap - 1;
    for (size_t k = 0; k < r->count; k++) {
        waiting c = r->buf[(r->head + k) & mask];
        if (c.deadline < until)
            count_leave(e, q, &c, c.deadline);
        else
            r->buf[(r->head + kept++) & mask] = c;
    }
    r->count = kept;
}

/* Makes room for one more waiting contact of queue q: first by purging those whose
 * patience has run out; the ring doubles only when more than three quarters of it
 * are still waiting, so its capacity stays under 8/3 of the most contacts ever
 * actually waiting at once (and a quarter of it, at least, is free after a purge, so
 * purges cost O(1) per arrival). Returns 0, or -1 when out of memory. */
static int ring_make_room(cc_engine *e, size_t q)
{
    queue_state *r = &e->queues[q];
    purge_expired(e, q, e->now);
    if (r->count <= r->cap / 4 * 3)
        return 0;
    return ring_grow(r);
}

/* Brings a group's staffed agent-seconds up to the current time; called just before
 * the number of agents on duty changes (and at boundaries). */
static inline void staff_advance(cc_engine *e, group_state *g)
{
    g->staffed_area += g->present * (e->now - g->last_t);
    g->last_t = e->now;
}

/* Books `per` x the time from `from` (in interval i) to `to` to group g's busy time,
 * split over the intervals it spans (time after the horizon's end goes to the last).
 * A contact's whole service is booked when it starts, per = 1/concurrency (one
 * contact is that share of an agent); a dropped contact's unserved rest is taken
 * back with per < 0. */
static void book_busy(cc_engine *e, size_t g, size_t i, double from, double to, double per)
{
    const cc_scenario *s = e->s;
    cc_group_tally *busy = e->groups[g].tally;
    unsigned char *written = e->groups[g].written;
    double next = (double)(i + 1) * s->interval_s;
    while (to > next && i + 1 < s->n_intervals) {
        written[i] = 1;
        busy[i++].busy_s += (next - from) * per;
        from = next;
        next = (double)(i + 1) * s->interval_s;
    }
    written[i] = 1;
    busy[i].busy_s += (to - from) * per;
}

/* Whether group g is on duty now: inside its duty window of the current interval. */
static inline int on_duty(const cc_engine *e, const group_state *gs)
{
    return e->now >= gs->duty_from && e->now < gs->duty_to;
}

/* Whether group g may take a contact of queue q now: deferred work is done only
 * while the group is on duty or on a staffing event's overtime (at closing, agents
 * finish what they hold and leave); nothing while its site is down (agents finishing
 * their contacts there after an outage take no new ones). */
static inline int may_take(const cc_engine *e, size_t g, size_t q)
{
    const group_state *gs = &e->groups[g];
    return (!e->queues[q].deferred || on_duty(e, gs) || gs->override_event != SIZE_MAX)
           && !e->site_down[gs->site];
}

/* Starts serving contact `who` of queue q in group g (with a free slot): an answer,
 * or, when `callback` (a constant at each call), a call back made (arrival is then
 * when it was asked for). */
static inline __attribute__((always_inline)) void start_service(cc_engine *e, size_t q, size_t g,
                                                                uint32_t interval, double arrival,
                                                                double handling, const lineage *who,
                                                                int callback)
{
    queue_state *r = &e->queues[q];
    cc_queue_counts *t = &r->tally[interval];
    double waited = e->now - arrival;
    group_state *gs = &e->groups[g];
    /* a chat joins its agent's other chats (the group's chats packed onto as few
     * agents as hold them: busy mod concurrency) and takes longer for each */
    if (__builtin_expect(r->chat_stretch > 0.0, 0))
        handling *= 1.0 + r->chat_stretch * (double)(gs->busy % gs->concurrency);
    if (callback) {
        t->callbacks_made += 1;
        t->callback_within += waited <= r->callback_within_s;
    } else {
        t->answered += 1;
        t->answered_within += meets_headline(e, q, interval, waited, e->now);
        for (size_t k = 1; k < r->n_targets; k++)
            t->answered_within_k[k - 1] += meets_target(e, q, k, interval, waited, e->now);
        t->wait_s += waited;
        t->handled_s += handling;
        r->in_service += r->tracked;
    }
    gs->busy++;
    double end = e->now + handling;
    if (end <= e->interval_end || e->interval + 1 == e->s->n_intervals) {
        gs->tally[e->interval].busy_s += handling * gs->per_slot;   /* the common case */
        gs->written[e->interval] = 1;
    } else
        book_busy(e, g, e->interval, e->now, end, gs->per_slot);
    ENGINE_CHECK(e, e->n_free > 0, "no free contact slot");
    uint32_t slot = e->free_slots[--e->n_free];
    e->contacts[slot] = (contact){ e->now, handling, (uint32_t)q, (uint32_t)g, interval,
                                   e->site_generation[gs->site] };
    if (__builtin_expect(r->tracked, 0)) {
        e->lineage[slot] = *who;
        e->lineage[slot].callback = (uint16_t)callback;
    }
    schedule(e, &e->events, end, REF_SLOTS + slot);
}

/* Gives group g a call back owed to a queue it serves, the oldest request first (call
 * backs are made while the group is on duty). Returns 1 when one was taken. */
static __attribute__((noinline)) int take_callback(cc_engine *e, size_t g)
{
    const routing *rt = e->route;
    const size_t *serves = &rt->serves[g * e->s->n_queues];
    const group_state *gs = &e->groups[g];
    if (!on_duty(e, gs) && gs->override_event == SIZE_MAX)
        return 0;
    size_t best = SIZE_MAX;
    double oldest = INFINITY;
    for (size_t k = 0; k < rt->n_serves[g]; k++) {
        const queue_state *cb = &e->callbacks[serves[k]];
        if (cb->count > 0 && cb->buf[cb->head].arrival < oldest) {
            best = serves[k];
            oldest = cb->buf[cb->head].arrival;
        }
    }
    if (best == SIZE_MAX)
        return 0;
    queue_state *cb = &e->callbacks[best];
    waiting c = *ring_head(cb);
    ring_pop(cb);
    start_service(e, best, g, c.interval, c.arrival, c.handling, &c.who, 1);
    return 1;
}

/* Gives group g the next waiting contact of the queues it serves, if any: a caller
 * (inbound, chat, face to face) before any call back or deferred work, whatever the
 * priorities (blending); among callers, or else among deferred contacts, the
 * highest-priority queue's, the longest-waiting on equal priority. Call backs come
 * after the callers and before deferred work. Returns 1 when a contact was taken.
 * The caller has checked that g has a free slot. */
static inline __attribute__((always_inline)) int take_contact(cc_engine *e, size_t g)
{
    const routing *rt = e->route;
    const size_t *serves = &rt->serves[g * e->s->n_queues];
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < rt->n_serves[g]; k++) {
        size_t q = serves[k];
        queue_state *r = &e->queues[q];
        while (r->count > 0 && ring_head(r)->deadline < e->now) {
            waiting c = *ring_head(r);
            ring_pop(r);
            count_leave(e, q, &c, c.deadline);
        }
        if (r->count == 0 || !may_take(e, g, q))
            continue;
        if (best == SIZE_MAX) {
            best = q;
            continue;
        }
        const queue_state *b = &e->queues[best];
        if (r->deferred != b->deferred ? b->deferred
                                       : r->priority > b->priority ||
                                             (r->priority == b->priority &&
                                              ring_head(r)->arrival < b->buf[b->head].arrival))
            best = q;
    }
    if (__builtin_expect(e->any_callbacks, 0) && (best == SIZE_MAX || e->queues[best].deferred) &&
        take_callback(e, g))
        return 1;
    if (best == SIZE_MAX)
        return 0;
    queue_state *r = &e->queues[best];
    const waiting *c = ring_head(r);
    ring_pop(r);    /* the entry stays in place until the next arrival at the queue */
    /* an answer, even for a caller who would have asked for a call back later */
    start_service(e, best, g, c->interval, c->arrival, c->handling, &c->who, 0);
    return 1;
}

static inline int has_free_slot(const group_state *gs)
{
    return gs->busy < gs->present * gs->concurrency;
}

/* Agents needed to hold the group's contacts in service. */
static inline unsigned agents_holding(const group_state *gs)
{
    return (gs->busy + gs->concurrency - 1) / gs->concurrency;
}

/* Fills group g's free slots from the waiting contacts. */
static void fill_slots(cc_engine *e, size_t g)
{
    group_state *gs = &e->groups[g];
    while (has_free_slot(gs) && take_contact(e, g))
        ;
}

/* The agents group g should have on duty now: none while its site is down, else the
 * staffing event in force (even outside the duty window: overtime, unless the event
 * is within_hours), else the plan's inside the duty window and none outside it;
 * agents brought in by a re-route come on top while on duty. */
static unsigned wanted_agents(const cc_engine *e, size_t g)
{
    const group_state *gs = &e->groups[g];
    if (e->site_down[gs->site])
        return 0;
    unsigned extra = on_duty(e, gs) ? gs->extra : 0;
    if (gs->override_event != SIZE_MAX)
        return !e->s->events[gs->override_event].within_hours || on_duty(e, gs)
                   ? gs->override + extra : 0;
    return on_duty(e, gs) ? e->staffing[g * e->s->n_intervals + e->interval] + extra : 0;
}

/* Moves group g towards its wanted agents: new agents are free at once; when fewer
 * are wanted, agents who hold no contact leave at once and the others as they finish
 * (nobody is pre-empted). The staffed time is brought up to date only when the
 * number on duty changes. */
static void apply_target(cc_engine *e, size_t g)
{
    group_state *gs = &e->groups[g];
    gs->target = wanted_agents(e, g);
    if (gs->present < gs->target) {
        staff_advance(e, gs);
        gs->present = gs->target;
        fill_slots(e, g);
    } else if (gs->present > gs->target) {
        unsigned keep = agents_holding(gs);
        if (keep < gs->target)
            keep = gs->target;
        if (keep < gs->present) {
            staff_advance(e, gs);
            gs->present = keep;
        }
    }
}

/* Starts queue q's Poisson arrivals for the current interval's window: its open part,
 * or the whole interval for deferred work (the process restarts at the window's start). */
static void schedule_first_arrival(cc_engine *e, size_t q)
{
    const cc_scenario *s = e->s;
    const cc_queue *qu = &s->queues[q];
    size_t i = e->interval;
    queue_state *r = &e->queues[q];
    double calls = qu->calls[i];
    double from = r->deferred ? 0.0 : qu->open_from_s[i];
    double to = r->deferred ? s->interval_s : qu->open_to_s[i];
    if (calls <= 0.0 || to <= from)
        return;
    double start = (double)i * s->interval_s;
    r->mean_gap = (to - from) / calls;
    r->window_end = start + to;
    double t = start + from + next_gap(e, r);
    if (t < r->window_end)
        schedule(e, &e->arrivals, t, (uint32_t)q);
}

/* Records every queue's backlog at the end of interval i: the contacts still waiting
 * (those whose patience has run out are counted as abandoned first). */
static void record_backlog(cc_engine *e, size_t i)
{
    for (size_t q = 0; q < e->s->n_queues; q++) {
        purge_expired(e, q, e->now);
        if (e->queues[q].count > 0) {   /* a cell with nothing to add is left untouched */
            e->queues[q].tally[i].backlog += (uint32_t)e->queues[q].count;
            e->queues[q].written[i] = 1;
        }
    }
}

/* Every group's duty window in the current interval under the routing in force: from
 * the earliest opening to the latest closing of the queues it serves (the rule
 * model/workforce.h costs by), so a partly open interval is staffed for its open
 * part only. */
static void set_duty_windows(cc_engine *e)
{
    const cc_scenario *s = e->s;
    size_t i = e->interval;
    double start = (double)i * s->interval_s;
    for (size_t g = 0; g < s->n_groups; g++) {
        group_state *gs = &e->groups[g];
        double from = s->interval_s, to = 0.0;
        if (gs->open[i])
            for (size_t k = 0; k < e->route->n_serves[g]; k++) {
                const cc_queue *qu = &s->queues[e->route->serves[g * s->n_queues + k]];
                if (qu->open_to_s[i] > qu->open_from_s[i]) {
                    from = qu->open_from_s[i] < from ? qu->open_from_s[i] : from;
                    to = qu->open_to_s[i] > to ? qu->open_to_s[i] : to;
                }
            }
        gs->duty_from = from < to ? start + from : e->interval_end;
        gs->duty_to = from < to ? start + to : e->interval_end;
    }
}

/* Schedules the next duty start or end strictly after now and inside the current
 * interval, if any (partly open intervals only). */
static void schedule_duty_change(cc_engine *e)
{
    double next = e->interval_end;
    for (size_t g = 0; g < e->s->n_groups; g++) {
        const group_state *gs = &e->groups[g];
        if (gs->duty_from > e->now && gs->duty_from < next)
            next = gs->duty_from;
        if (gs->duty_to > e->now && gs->duty_to < next)
            next = gs->duty_to;
    }
    e->duty_at = next < e->interval_end ? next : INFINITY;
    if (next < e->interval_end)
        schedule(e, &e->events, next, REF_DUTY);
}

/* A duty window starts or ends: every group moves towards its wanted agents. */
static void on_duty_change(cc_engine *e)
{
    if (e->now != e->duty_at)
        return;     /* superseded by a re-route's schedule_duty_change */
    for (size_t g = 0; g < e->s->n_groups; g++)
        apply_target(e, g);
    schedule_duty_change(e);
}

static void on_boundary(cc_engine *e, size_t i)
{
    const cc_scenario *s = e->s;
    if (i > 0)
        record_backlog(e, i - 1);
    /* Staffed agent-seconds so far belong to the interval that just ended. */
    for (size_t g = 0; g < s->n_groups; g++) {
        group_state *gs = &e->groups[g];
        staff_advance(e, gs);
        if (i > 0 && gs->staffed_area != 0.0) {
            gs->tally[i - 1].staffed_s += gs->staffed_area;
            gs->written[i - 1] = 1;
        }
        gs->staffed_area = 0.0;
    }
    e->interval = i;
    e->interval_end = (double)(i + 1) * s->interval_s;
    set_duty_windows(e);
    for (size_t g = 0; g < s->n_groups; g++)
        apply_target(e, g);
    schedule_duty_change(e);
    for (size_t q = 0; q < s->n_queues; q++)
        if (s->queues[q].source == CC_SOURCE_POISSON)
            schedule_first_arrival(e, q);
    if (i + 1 < s->n_intervals)
        schedule(e, &e->events, (double)(i + 1) * s->interval_s, REF_BOUNDARY);
    else
        schedule(e, &e->events, (double)s->n_intervals * s->interval_s, REF_END);
}

/* Schedules queue q's next trace arrival, if any. */
static void schedule_trace_arrival(cc_engine *e, size_t q)
{
    const cc_trace *tr = &e->s->queues[q].trace;
    uint64_t k = e->queues[q].n_contacts;
    if (k < tr->n)
        schedule(e, &e->arrivals, tr->arrival_s[k], (uint32_t)q);
}

/* During an outage, an arrival at queue q that no group at an up site serves in the
 * routing in force meets the outage's `arrivals` option (that of the site of q's
 * first group): the busy tone (counted blocked), or the message that sends a share to
 * the web (counted deflected; the draw is the contact's own, CC_STREAM_SITES): 1
 * when it hears the busy tone, 2 when the message sends it to the web, 0 when it is
 * routed and queues as usual. */
static int turned_away(cc_engine *e, size_t q, uint32_t interval, const lineage *who)
{
    const routing *rt = e->route;
    const size_t *groups = &rt->groups[q * e->s->n_groups];
    if (rt->n_groups[q] == 0)
        return 0;
    for (size_t k = 0; k < rt->n_groups[q]; k++)
        if (!e->site_down[e->groups[groups[k]].site])
            return 0;
    const cc_timeline_event *ev = e->site_outage[e->groups[groups[0]].site];
    cc_queue_counts *t = &e->queues[q].tally[interval];
    if (ev->arrivals == CC_OUTAGE_BLOCKED) {
        t->blocked += 1;
        return 1;
    }
    if (ev->arrivals == CC_OUTAGE_MESSAGE) {
        philox4x64_ctr_t w = cc_rng_block(e->queues[who->queue].key, e->rep, who->index, CC_STREAM_SITES,
                                          who->hop);
        if (cc_rng_open01(w.v[0]) <= ev->web_share) {
            t->deflected += 1;
            return 2;
        }
    }
    return 0;
}

/* Whether group list entry k is the first at its site in the list. */
static int first_at_site(const cc_engine *e, const size_t *groups, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (e->groups[groups[j]].site == e->groups[groups[k]].site)
            return 0;
    return 1;
}

/* Routing by site shares: an arrival at queue q is offered first to the groups at one
 * site, drawn by the shares of the sites whose groups serve q in the routing in force
 * (renormalised; the draw is the contact's own, CC_STREAM_SITES word 1). 1 when one of
 * them had a free agent and took it; 0: it goes on to every group in routing order. */
static int serve_at_drawn_site(cc_engine *e, size_t q, uint32_t interval, lineage *who,
                               double handling)
{
    const cc_scenario *s = e->s;
    const size_t *groups = &e->route->groups[q * s->n_groups];
    size_t n = e->route->n_groups[q];
    double total = 0.0;
    for (size_t k = 0; k < n; k++)
        if (first_at_site(e, groups, k))
            total += s->sites[e->groups[groups[k]].site].share;
    if (!(total > 0.0))
        return 0;
    philox4x64_ctr_t w = cc_rng_block(e->queues[who->queue].key, e->rep, who->index, CC_STREAM_SITES, who->hop);
    double u = cc_rng_open01(w.v[1]) * total, acc = 0.0;
    size_t site = SIZE_MAX;
    for (size_t k = 0; k < n && site == SIZE_MAX; k++)
        if (first_at_site(e, groups, k)) {
            acc += s->sites[e->groups[groups[k]].site].share;
            if (u <= acc)
                site = e->groups[groups[k]].site;
        }
    for (size_t k = 0; k < n; k++) {
        size_t g = groups[k];
        if (e->groups[g].site == site && has_free_slot(&e->groups[g]) && may_take(e, g, q)) {
            start_service(e, q, g, interval, e->now, handling, who, 0);
            return 1;
        }
    }
    return 0;
}

/* Contact `who` of queue q arrives now (offered already counted in `interval`): it
 * hears the busy tone when the queue's lines are all in use, takes a free slot of the
 * first group, in routing order, that may take it, or waits (drawing a patience from
 * patience_word, and, where call backs are offered, whether it takes one). Returns 0,
 * or -1 when its queue's buffer could not grow. */
static inline __attribute__((always_inline)) int admit(cc_engine *e, size_t q, uint32_t interval,
                                                       double handling, uint64_t patience_word,
                                                       lineage who)
{
    const cc_scenario *s = e->s;
    const cc_queue *qu = &s->queues[q];
    queue_state *r = &e->queues[q];
    if (__builtin_expect(r->lines != 0, 0) && r->in_service + r->count >= r->lines) {
        purge_expired(e, q, e->now);    /* those who left free their lines */
        if (r->in_service + r->count >= r->lines) {
            r->tally[interval].blocked += 1;
            maybe_redial(e, q, &who, e->now);
            return 0;
        }
    }
    if (__builtin_expect(e->n_down > 0, 0)) {
        int away = turned_away(e, q, interval, &who);   /* blocked or deflected */
        if (away == 1)
            maybe_redial(e, q, &who, e->now);
        if (away)
            return 0;
    }
    if (__builtin_expect(e->by_share, 0) && serve_at_drawn_site(e, q, interval, &who, handling))
        return 0;
    const routing *rt = e->route;
    const size_t *groups = &rt->groups[q * s->n_groups];
    for (size_t k = 0; k < rt->n_groups[q]; k++) {
        size_t g = groups[k];
        if (has_free_slot(&e->groups[g]) && may_take(e, g, q)) {
            start_service(e, q, g, interval, e->now, handling, &who, 0);
            return 0;
        }
    }
    /* Only a contact who waits needs a patience; deferred work never abandons. */
    double patience = INFINITY;
    if (!r->deferred)
        patience = who.hop == 0 && r->trace && qu->trace.patience_s
            ? qu->trace.patience_s[who.index]
            : draw_contact(e, &qu->patience, patience_word, &who, CC_STREAM_PATIENCE);
    double deadline = e->now + patience;
    if (__builtin_expect(r->watched, 0)) {
        if (r->callback_after_s > 0.0 && r->callback_after_s < patience &&
            cc_rng_open01(fate(e, &who).v[2]) <= r->callback_share) {
            who.callback = 1;
            deadline = e->now + r->callback_after_s;
        }
        if (isfinite(deadline))
            schedule_later(e, deadline, (uint32_t)(s->n_queues + q));
    }
    if (r->count == r->cap && ring_make_room(e, q) != 0)
        return -1;
    r->buf[(r->head + r->count++) & (r->cap - 1)] =
        (waiting){ e->now, deadline, handling, interval, who };
    return 0;
}

/* A contact descending from another arrives at queue q now: a redial, or a hand-on
 * from the queue before (`then`). Its handling and patience come from its own words
 * (CC_STREAM_DERIVED). */
static __attribute__((noinline)) void derived_arrival(cc_engine *e, size_t q, lineage who,
                                                      int is_redial)
{
    const cc_scenario *s = e->s;
    queue_state *r = &e->queues[q];
    size_t i = (size_t)(e->now / s->interval_s);
    uint32_t interval = (uint32_t)(i < s->n_intervals ? i : s->n_intervals - 1);
    r->tally[interval].offered += 1;
    r->tally[interval].redials += is_redial;
    r->written[interval] = 1;
    philox4x64_ctr_t w = cc_rng_block(e->queues[who.queue].key, e->rep, who.index,
                                      CC_STREAM_DERIVED, who.hop);
    double handling = draw_contact(e, &s->queues[q].handling, w.v[0], &who, CC_STREAM_HANDLING);
    if (admit(e, q, interval, handling, w.v[1], who) != 0)
        e->failed = 1;
}

/* A watch on queue q is due: the callers whose deadline has come leave (abandon, or
 * ask for a call back, which a free agent may make at once). */
static void on_watch(cc_engine *e, size_t q)
{
    purge_expired(e, q, nextafter(e->now, INFINITY));
    if (e->callbacks[q].count == 0)
        return;
    const routing *rt = e->route;
    for (size_t k = 0; k < rt->n_groups[q]; k++)
        fill_slots(e, rt->groups[q * e->s->n_groups + k]);
}

/* Pending redial k arrives. */
static void on_redial(cc_engine *e, uint32_t k)
{
    pending p = e->pending[k];
    e->pending_free[e->n_pending_free++] = k;
    derived_arrival(e, p.queue, p.who, 1);
}

static int on_arrival(cc_engine *e, size_t q)
{
    const cc_scenario *s = e->s;
    const cc_queue *qu = &s->queues[q];
    queue_state *r = &e->queues[q];
    int trace = r->trace;
    uint32_t interval = (uint32_t)e->interval;
    if (trace) {
        size_t i = (size_t)(e->now / s->interval_s);
        interval = (uint32_t)(i < s->n_intervals ? i : s->n_intervals - 1);
    }
    cc_queue_counts *t = &r->tally[interval];
    t->offered += 1;
    r->written[interval] = 1;   /* the cell every later count of this contact goes to */
    uint64_t index = r->n_contacts++;
    if (__builtin_expect(r->self_service, 0)) {
        /* resolved at once by no agent: answered, after no wait */
        t->answered += 1;
        t->answered_within += meets_headline(e, q, interval, 0.0, e->now);
        for (size_t k = 1; k < r->n_targets; k++)
            t->answered_within_k[k - 1] += meets_target(e, q, k, interval, 0.0, e->now);
    } else {
        if ((index & 1) == 0)   /* contacts come in index order: one block per two */
            r->pair = cc_rng_block(r->key, e->rep, index >> 1, CC_STREAM_CONTACT, 0);
        uint64_t handling_word, patience_word;
        cc_rng_contact_words(&r->pair, index, &handling_word, &patience_word);
        lineage who = { (uint32_t)q, (uint32_t)index, 0, 0 };
        double handling = trace && qu->trace.handling_s
            ? qu->trace.handling_s[index]
            : draw_contact(e, &qu->handling, handling_word, &who, CC_STREAM_HANDLING);
        if (admit(e, q, interval, handling, patience_word, who) != 0)
            return -1;
    }

    if (trace) {
        schedule_trace_arrival(e, q);
    } else {
        double next = e->now + next_gap(e, r);
        if (next < r->window_end)
            schedule(e, &e->arrivals, next, (uint32_t)q);
    }
    return 0;
}

/* The agent of group g who has just finished a contact: while on duty, a surplus
 * agent leaves rather than take another; after the duty window closes, the agents
 * still there clear the waiting calls first. */
static inline __attribute__((always_inline)) void after_service(cc_engine *e, size_t g)
{
    group_state *gs = &e->groups[g];
    if (gs->present > gs->target && (on_duty(e, gs) || e->site_down[gs->site])) {
        if (agents_holding(gs) < gs->present) {
            staff_advance(e, gs);
            gs->present--;
        }
    } else if (!take_contact(e, g) && gs->present > gs->target &&
               agents_holding(gs) < gs->present) {
        staff_advance(e, gs);
        gs->present--;
    }
}

/* The end of a service in a tracked queue q (lines, call backs or a hand-on): its
 * count in service falls, the agent goes on (after_service), and then the `then`
 * hand-on: the contact may go on to the next queue, arriving there now (within the
 * horizon). */
static __attribute__((noinline)) void after_tracked_service(cc_engine *e, uint32_t slot, size_t q,
                                                            size_t g)
{
    queue_state *r = &e->queues[q];
    lineage who = e->lineage[slot];
    ENGINE_CHECK(e, who.callback || r->in_service > 0, "contacts in service would go negative");
    r->in_service -= !who.callback;
    after_service(e, g);
    if (r->next_share > 0.0 && who.hop != MAX_HOP && e->now < e->horizon_end &&
        cc_rng_open01(fate(e, &who).v[3]) <= r->next_share)
        derived_arrival(e, e->s->queues[q].next_queue,
                        (lineage){ who.queue, who.index, (uint16_t)(who.hop + 1), 0 }, 0);
}

static void on_departure(cc_engine *e, uint32_t slot)
{
    contact *c = &e->contacts[slot];
    size_t g = c->group, q = c->queue;
    c->group = SLOT_FREE;
    e->free_slots[e->n_free++] = slot;
    /* A contact dropped by an outage of its site: the departure is cancelled. */
    group_state *gs = &e->groups[g];
    if (c->generation != e->site_generation[gs->site])
        return;
    ENGINE_CHECK(e, gs->busy > 0, "busy count would go negative");
    gs->busy--;
    if (__builtin_expect(e->any_tracked, 0) && e->queues[q].tracked)
        after_tracked_service(e, slot, q, g);
    else
        after_service(e, g);
}

/* A site goes down: its groups' contacts in service are dropped (counted in their
 * arrival interval; their busy time counts up to now) and their agents leave. The
 * site's generation moves on, which cancels the dropped contacts' departures. */
static void site_down(cc_engine *e, size_t site, const cc_timeline_event *ev)
{
    const cc_scenario *s = e->s;
    e->site_outage[site] = ev;
    e->n_down++;
    e->site_down[site] = 1;
    if (ev->in_service == CC_IN_SERVICE_COMPLETED) {
        /* the agents finish their contacts and leave as they do (on_departure) */
        for (size_t g = 0; g < s->n_groups; g++)
            if (s->groups[g].site == site)
                apply_target(e, g);
        return;
    }
    uint32_t gen = e->site_generation[site];
    for (size_t k = 0; k < e->n_slots; k++) {
        const contact *c = &e->contacts[k];
        if (c->group == SLOT_FREE || s->groups[c->group].site != site || c->generation != gen)
            continue;
        e->queues[c->queue].tally[c->interval].dropped += 1;
        e->queues[c->queue].in_service -= e->queues[c->queue].tracked && !e->lineage[k].callback;
        book_busy(e, c->group, e->interval, e->now, c->start + c->handling, -e->groups[c->group].per_slot);
    }
    e->site_generation[site]++;
    for (size_t g = 0; g < s->n_groups; g++)
        if (s->groups[g].site == site) {
            e->groups[g].busy = 0;
            apply_target(e, g);
        }
}

/* Carries out the timeline action that is due and schedules the next one. */
static void on_timeline(cc_engine *e)
{
    const cc_scenario *s = e->s;
    const action *a = &e->actions[e->next_action++];
    const cc_timeline_event *ev = &s->events[a->event];
    switch (a->kind) {
    case ACT_SITE_DOWN:
        if (!e->site_down[ev->site])
            site_down(e, ev->site, ev);
        break;
    case ACT_SITE_UP:
        if (!e->site_down[ev->site])
            break;
        e->site_down[ev->site] = 0;
        e->site_outage[ev->site] = NULL;
        e->n_down--;
        for (size_t g = 0; g < s->n_groups; g++)
            if (s->groups[g].site == ev->site)
                apply_target(e, g);
        break;
    case ACT_REROUTE:
        e->route = &e->routes[a->epoch];
        for (size_t g = 0; g < s->n_groups; g++)
            e->groups[g].open = &e->group_open[(a->epoch * s->n_groups + g) * s->n_intervals];
        set_duty_windows(e);
        for (size_t g = 0; g < s->n_groups; g++)
            apply_target(e, g);
        for (size_t g = 0; g < s->n_groups; g++)
            if (s->groups[g].site == ev->to_site)
                fill_slots(e, g);
        schedule_duty_change(e);
        break;
    case ACT_STAFF_ON:
        e->groups[ev->group].override = ev->agents;
        e->groups[ev->group].override_event = a->event;
        apply_target(e, ev->group);
        break;
    case ACT_STAFF_OFF:
        if (e->groups[ev->group].override_event == a->event) {
            e->groups[ev->group].override_event = SIZE_MAX;
            apply_target(e, ev->group);
        }
        break;
    case ACT_EXTRA_ON:
        e->groups[ev->group].extra += ev->agents;
        apply_target(e, ev->group);
        break;
    case ACT_EXTRA_OFF:
        e->groups[ev->group].extra -= ev->agents;
        apply_target(e, ev->group);
        break;
    }
    if (e->next_action < e->n_actions)
        schedule(e, &e->events, e->actions[e->next_action].t, REF_TIMELINE);
}

int cc_engine_run(cc_engine *e, uint64_t master_seed, uint64_t rep, const cc_engine_tallies *out)
{
    const cc_scenario *s = e->s;
    e->seed = master_seed;
    e->rep = rep;
    for (size_t g = 0; g < s->n_groups; g++) {
        unsigned conc = s->groups[g].concurrency ? s->groups[g].concurrency : 1;
        e->groups[g] = (group_state){ .concurrency = conc, .site = s->groups[g].site,
                                      .override_event = SIZE_MAX, .per_slot = 1.0 / conc,
                                      .tally = &out->groups[g * s->n_intervals],
                                      .written = &out->group_written[g * s->n_intervals],
                                      .open = &e->group_open[g * s->n_intervals] };
    }
    for (size_t q = 0; q < s->n_queues; q++) {
        queue_state *r = &e->queues[q];
        r->head = r->count = 0;
        r->n_contacts = r->n_gaps = 0;
        r->in_service = 0;
        e->callbacks[q].head = e->callbacks[q].count = 0;
        r->key = cc_rng_key_of(master_seed, s->queues[q].id);
        r->tally = &out->queues[q * s->n_intervals];
        r->written = &out->queue_written[q * s->n_intervals];
    }
    size_t n_sites = s->n_sites ? s->n_sites : 1;
    memset(e->site_generation, 0, n_sites * sizeof *e->site_generation);
    memset(e->site_down, 0, n_sites);
    memset(e->site_outage, 0, n_sites * sizeof *e->site_outage);
    e->n_down = 0;
    e->duty_at = INFINITY;
    e->n_free = e->n_slots;
    for (size_t k = 0; k < e->n_slots; k++) {
        e->free_slots[k] = (uint32_t)(e->n_slots - 1 - k);
        e->contacts[k].group = SLOT_FREE;
    }
    e->route = &e->routes[0];
    e->next_action = 0;
    cc_event_queue_reset(&e->events);
    cc_event_queue_reset(&e->arrivals);
    e->seq = 0;
    e->failed = 0;
    e->n_pending_free = e->n_pending;
    for (size_t k = 0; k < e->n_pending; k++)
        e->pending_free[k] = (uint32_t)(e->n_pending - 1 - k);
    e->now = 0.0;
    e->interval = 0;
    e->top_live = 0;

    schedule(e, &e->events, 0.0, REF_BOUNDARY);
    if (e->n_actions > 0)
        schedule(e, &e->events, e->actions[0].t, REF_TIMELINE);
    for (size_t q = 0; q < s->n_queues; q++)
        if (s->queues[q].source == CC_SOURCE_TRACE)
            schedule_trace_arrival(e, q);
    size_t next_boundary = 0, nq = s->n_queues;
    for (;;) {
        cc_event_queue *src = &e->events;
        if (e->arrivals.n > 0 &&
            (e->events.n == 0 || cc_event_before(cc_event_queue_top(&e->arrivals), cc_event_queue_top(&e->events))))
            src = &e->arrivals;
        else if (e->events.n == 0)
            break;
        const cc_event *ev = cc_event_queue_top(src);
        uint32_t ref = cc_event_ref(ev);
        ENGINE_CHECK(e, ev->t >= e->now, "the clock would run back");
        e->now = ev->t;
        e->current = src;
        e->top_live = 1;
        if (src == &e->arrivals) {
            if (__builtin_expect(ref < nq, 1)) {
                if (on_arrival(e, ref) != 0)
                    return -1;
            } else if (ref < 2 * nq) {
                on_watch(e, ref - nq);
            } else {
                on_redial(e, ref - (uint32_t)(2 * nq));
            }
        } else if (ref >= REF_SLOTS) {
            on_departure(e, ref - REF_SLOTS);
        } else if (ref == REF_BOUNDARY) {
            on_boundary(e, next_boundary++);
        } else if (ref == REF_TIMELINE) {
            on_timeline(e);
        } else if (ref == REF_DUTY) {
            on_duty_change(e);
        } else {
            record_backlog(e, s->n_intervals - 1);
        }
        if (e->top_live)
            cc_event_queue_pop(src);
    }

    if (e->failed)  /* a redial or call back was lost for want of memory */
        return -1;
    /* No agent is left: the callers still waiting abandon at their deadline, or, with
     * no patience, are counted as abandoned when the run ends; deferred work stays
     * in the backlog, censored for each business-day target whose deadline lies
     * beyond the horizon (day_deadline's +inf). */
    for (size_t q = 0; q < s->n_queues; q++) {
        queue_state *r = &e->queues[q];
        if (r->deferred) {
            count_censored(e, q);
            continue;
        }
        while (r->count > 0) {
            waiting c = *ring_head(r);
            ring_pop(r);
            count_leave(e, q, &c, isfinite(c.deadline) ? c.deadline : e->now);
        }
    }
    for (size_t g = 0; g < s->n_groups; g++) {
        group_state *gs = &e->groups[g];
        staff_advance(e, gs);
        if (gs->staffed_area != 0.0) {
            gs->tally[e->interval].staffed_s += gs->staffed_area;
            gs->written[e->interval] = 1;
        }
    }
    return 0;
}

void cc_queue_counts_tally(const cc_queue_counts *c, cc_queue_tally *t)
{
    *t = (cc_queue_tally){
        .offered = c->offered, .answered = c->answered, .answered_within = c->answered_within,
        .abandoned = c->abandoned, .abandoned_within = c->abandoned_within, .dropped = c->dropped,
        .blocked = c->blocked, .deflected = c->deflected, .called_back = c->called_back,
        .callbacks_made = c->callbacks_made, .callback_within = c->callback_within,
        .redials = c->redials, .wait_s = c->wait_s, .abandon_wait_s = c->abandon_wait_s,
        .handled_s = c->handled_s, .backlog = c->backlog,
    };
    for (size_t k = 0; k < CC_MAX_TARGETS - 1; k++)
        t->answered_within_k[k] = c->answered_within_k[k];
    for (size_t k = 0; k < CC_MAX_TARGETS; k++)
        t->censored_k[k] = c->censored_k[k];
}
