#include "sim/engine.h"

#include "sim/event_queue.h"
#include "sim/rng.h"
#include "sim/sample.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct waiting_call {
    double arrival;
    double deadline;        /* arrival + patience; +inf when the caller never abandons */
    double handling;
    size_t interval;        /* arrival interval, for the tallies */
} waiting_call;

/* A queue's waiting calls (a FIFO ring whose capacity is a power of two) and its
 * arrival process in the current interval. */
typedef struct call_ring {
    waiting_call *buf;
    size_t cap, head, count;
    double mean_gap;        /* mean time between arrivals in the open part, s */
    double open_end;        /* when the current interval's open part ends */
    cc_rng_key key;         /* the queue's random streams in this replication */
    uint64_t n_contacts;    /* contacts so far: the next one's index */
    uint64_t n_gaps;        /* inter-arrival draws so far */
    philox4x64_ctr_t gaps;  /* the current block of inter-arrival words */
} call_ring;

typedef struct group_state {
    unsigned present;       /* agents on duty */
    unsigned busy;          /* of which handling a call */
    unsigned target;        /* agents the plan wants on duty this interval */
    double staffed_area;    /* agent-seconds on duty since the last boundary */
    double last_t;
} group_state;

struct cc_engine {
    const cc_scenario *s;
    const unsigned *staffing;   /* [g * n_intervals + i]: agents on duty */
    unsigned char *group_open;  /* [g * n_intervals + i]: a queue the group serves is open */
    cc_event_queue events;  /* departures and interval boundaries */
    cc_event_queue arrivals;/* the next arrival of each queue: at most one per queue */
    cc_event_queue *current;/* the queue whose top is being handled */
    uint64_t seq;           /* scheduling order, shared by both queues */
    gsl_rng *rng;           /* cc_rng_type: draws that need several uniforms */
    uint64_t rep;           /* the replication being run */
    call_ring *rings;       /* per queue */
    group_state *groups;
    cc_queue_tally *qt;     /* the replication's output, set by cc_engine_run */
    cc_group_tally *gt;
    size_t interval;        /* the current interval */
    double interval_end;    /* when it ends */
    double now;
    int top_live;           /* the event being handled is still the heap's top */
};

cc_engine *cc_engine_create(const cc_scenario *s, const unsigned *staffing)
{
    cc_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->s = s;
    e->staffing = staffing;
    size_t cells = s->n_groups * s->n_intervals;
    if (!(e->group_open = calloc(cells ? cells : 1, 1)))
        goto fail;
    for (size_t g = 0; g < s->n_groups; g++)
        for (size_t k = 0; k < s->groups[g].n_serves; k++) {
            const cc_queue *qu = &s->queues[s->groups[g].serves[k]];
            for (size_t i = 0; i < s->n_intervals; i++)
                e->group_open[g * s->n_intervals + i] |= qu->open_to_s[i] > qu->open_from_s[i];
        }
    size_t cap = 2;
    for (size_t g = 0; g < s->n_groups; g++) {
        unsigned most = 0;
        for (size_t i = 0; i < s->n_intervals; i++)
            if (staffing[g * s->n_intervals + i] > most)
                most = staffing[g * s->n_intervals + i];
        cap += most;
    }
    e->rng = gsl_rng_alloc(cc_rng_type);
    e->rings = calloc(s->n_queues, sizeof *e->rings);
    e->groups = calloc(s->n_groups ? s->n_groups : 1, sizeof *e->groups);
    if (cc_event_queue_init(&e->events, cap) != 0 ||
        cc_event_queue_init(&e->arrivals, s->n_queues) != 0 || !e->rng || !e->rings || !e->groups)
        goto fail;
    for (size_t q = 0; q < s->n_queues; q++) {
        e->rings[q].cap = 256;
        if (!(e->rings[q].buf = malloc(e->rings[q].cap * sizeof *e->rings[q].buf)))
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
    if (e->rng)
        gsl_rng_free(e->rng);
    if (e->rings)
        for (size_t q = 0; q < e->s->n_queues; q++)
            free(e->rings[q].buf);
    free(e->group_open);
    free(e->rings);
    free(e->groups);
    cc_event_queue_fini(&e->events);
    cc_event_queue_fini(&e->arrivals);
    free(e);
}

/* Schedules an event. Arrivals go to their own small heap (one per queue), so the
 * per-call arrival costs no sift through the agents' departures. The first event a
 * handler schedules into the queue it is handling takes the place of the event
 * being handled (one sift-down instead of a pop and a push); events are never
 * scheduled before the current time, so the heaps stay ordered. */
static inline __attribute__((always_inline)) void schedule(cc_engine *e, double t, cc_event_kind kind, uint32_t who)
{
    cc_event_queue *target = kind == CC_EV_ARRIVAL ? &e->arrivals : &e->events;
    cc_event ev = cc_event_make(e->seq++, t, kind, who);
    if (e->top_live && target == e->current) {
        cc_event_queue_replace_top(target, ev);
        e->top_live = 0;
    } else {
        cc_event_queue_push(target, ev);
    }
}

/* The next inter-arrival gap of the queue whose ring is r: exponential with the
 * current mean, from the queue's arrival stream (four gaps per Philox block). */
static inline double next_gap(cc_engine *e, call_ring *r)
{
    unsigned w = (unsigned)(r->n_gaps++ & 3);
    if (w == 0)
        r->gaps = cc_rng_block(r->key, e->rep, r->n_gaps >> 2, CC_STREAM_ARRIVALS, 0);
    return cc_rng_exponential(r->gaps.v[w], r->mean_gap);
}

/* Grows a full ring to twice its capacity, keeping FIFO order. Rare: only when a
 * replication holds more waiting calls than the buffer has ever held. */
static int ring_grow(call_ring *r)
{
    size_t cap = r->cap * 2;
    waiting_call *buf = malloc(cap * sizeof *buf);
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

static inline waiting_call *ring_head(call_ring *r) { return &r->buf[r->head]; }

static inline void ring_pop(call_ring *r)
{
    r->head = (r->head + 1) & (r->cap - 1);
    r->count--;
}

/* Brings a group's staffed agent-seconds up to the current time; called before
 * the number of agents on duty changes (at boundaries and when agents leave). */
static inline void staff_advance(cc_engine *e, group_state *g)
{
    g->staffed_area += g->present * (e->now - g->last_t);
    g->last_t = e->now;
}

static inline void count_abandon(cc_engine *e, size_t q, const waiting_call *c, double at)
{
    cc_queue_tally *t = &e->qt[q * e->s->n_intervals + c->interval];
    double waited = at - c->arrival;
    t->abandoned += 1.0;
    t->abandoned_within += waited <= e->s->queues[q].targets[0].within_s;
    t->abandon_wait_s += waited;
}

/* Starts handling a call for group g (whose busy count the caller has raised).
 * The handling time is the agent's busy time, booked to the intervals it spans
 * (after the horizon's end, to the last), so busy time needs no per-event upkeep. */
static inline __attribute__((always_inline)) void start_service(cc_engine *e, size_t q, size_t g, size_t interval,
                                 double waited, double handling)
{
    const cc_scenario *s = e->s;
    cc_queue_tally *t = &e->qt[q * s->n_intervals + interval];
    t->answered += 1.0;
    t->answered_within += waited <= s->queues[q].targets[0].within_s;
    t->wait_s += waited;
    double end = e->now + handling;
    cc_group_tally *busy = &e->gt[g * s->n_intervals];
    size_t i = e->interval;
    if (end <= e->interval_end || i + 1 == s->n_intervals) {
        busy[i].busy_s += handling;     /* the common case: the call ends in this interval */
    } else {
        double from = e->now;
        for (double next = e->interval_end; end > next && i + 1 < s->n_intervals; next += s->interval_s) {
            busy[i++].busy_s += next - from;
            from = next;
        }
        busy[i].busy_s += end - from;
    }
    schedule(e, end, CC_EV_DEPARTURE, (uint32_t)g);
}

/* Drops the calls at the head of queue q whose patience ran out by now. */
static inline void purge_abandoned(cc_engine *e, size_t q)
{
    call_ring *r = &e->rings[q];
    while (r->count > 0 && ring_head(r)->deadline < e->now) {
        count_abandon(e, q, ring_head(r), ring_head(r)->deadline);
        ring_pop(r);
    }
}

/* Gives an agent of group g the next waiting call of the queues it serves, if any.
 * Returns 1 when a call was taken (and the agent marked busy). */
static int take_call(cc_engine *e, size_t g)
{
    const cc_group *grp = &e->s->groups[g];
    size_t best = SIZE_MAX;
    if (grp->n_serves == 1) {       /* the common single-skill group: no choice to make */
        best = grp->serves[0];
        purge_abandoned(e, best);
        if (e->rings[best].count == 0)
            return 0;
    } else {
        for (size_t k = 0; k < grp->n_serves; k++) {
            size_t q = grp->serves[k];
            purge_abandoned(e, q);
            if (e->rings[q].count == 0)
                continue;
            if (best == SIZE_MAX || e->s->queues[q].priority > e->s->queues[best].priority ||
                (e->s->queues[q].priority == e->s->queues[best].priority &&
                 ring_head(&e->rings[q])->arrival < ring_head(&e->rings[best])->arrival))
                best = q;
        }
        if (best == SIZE_MAX)
            return 0;
    }
    call_ring *r = &e->rings[best];
    waiting_call c = *ring_head(r);
    ring_pop(r);
    e->groups[g].busy++;
    start_service(e, best, g, c.interval, e->now - c.arrival, c.handling);
    return 1;
}

/* Starts queue q's arrival process for the queue's own open part of the current
 * interval (Poisson: the process restarts at the open part's start). */
static void schedule_first_arrival(cc_engine *e, size_t q)
{
    const cc_scenario *s = e->s;
    const cc_queue *qu = &s->queues[q];
    size_t i = e->interval;
    call_ring *r = &e->rings[q];
    double calls = qu->calls[i];
    double open_s = qu->open_to_s[i] - qu->open_from_s[i];
    if (calls <= 0.0 || open_s <= 0.0)
        return;
    double start = (double)i * s->interval_s;
    r->mean_gap = open_s / calls;
    r->open_end = start + qu->open_to_s[i];
    double t = start + qu->open_from_s[i] + next_gap(e, r);
    if (t < r->open_end)
        schedule(e, t, CC_EV_ARRIVAL, (uint32_t)q);
}

static void on_boundary(cc_engine *e, size_t i)
{
    const cc_scenario *s = e->s;
    /* Staffed agent-seconds so far belong to the interval that just ended. */
    for (size_t g = 0; g < s->n_groups; g++) {
        group_state *gs = &e->groups[g];
        staff_advance(e, gs);
        if (i > 0)
            e->gt[g * s->n_intervals + i - 1].staffed_s += gs->staffed_area;
        gs->staffed_area = 0.0;
    }
    e->interval = i;
    e->interval_end = (double)(i + 1) * s->interval_s;
    for (size_t g = 0; g < s->n_groups; g++) {
        group_state *gs = &e->groups[g];
        gs->target = e->staffing[g * s->n_intervals + i];
        if (gs->present < gs->target) {
            gs->present = gs->target;
            while (gs->busy < gs->present && take_call(e, g))
                ;
        } else if (gs->present > gs->target) {
            unsigned surplus = gs->present - gs->target, idle = gs->present - gs->busy;
            gs->present -= surplus < idle ? surplus : idle;
        }
    }
    for (size_t q = 0; q < s->n_queues; q++)
        schedule_first_arrival(e, q);
    if (i + 1 < s->n_intervals)
        schedule(e, (double)(i + 1) * s->interval_s, CC_EV_BOUNDARY, (uint32_t)(i + 1));
}

static int on_arrival(cc_engine *e, size_t q)
{
    const cc_scenario *s = e->s;
    const cc_queue *qu = &s->queues[q];
    size_t i = e->interval;
    e->qt[q * s->n_intervals + i].offered += 1.0;
    call_ring *r = &e->rings[q];
    uint64_t index = r->n_contacts++;
    philox4x64_ctr_t words = cc_rng_block(r->key, e->rep, index, CC_STREAM_CONTACT, 0);
    double handling = cc_sample_contact(&qu->handling, words.v[0], e->rng, r->key, e->rep, index,
                                        CC_STREAM_HANDLING);

    int served = 0;
    for (size_t k = 0; k < s->n_queue_groups[q]; k++) {
        size_t g = s->queue_groups[q][k];
        group_state *gs = &e->groups[g];
        if (gs->busy < gs->present) {
            gs->busy++;
            start_service(e, q, g, i, 0.0, handling);
            served = 1;
            break;
        }
    }
    if (!served) {
        /* Only a caller who waits needs a patience. */
        double patience = cc_sample_contact(&qu->patience, words.v[1], e->rng, r->key, e->rep, index,
                                            CC_STREAM_PATIENCE);
        if (r->count == r->cap && ring_grow(r) != 0)
            return -1;
        r->buf[(r->head + r->count++) & (r->cap - 1)] =
            (waiting_call){ e->now, e->now + patience, handling, i };
    }

    double next = e->now + next_gap(e, r);
    if (next < r->open_end)
        schedule(e, next, CC_EV_ARRIVAL, (uint32_t)q);
    return 0;
}

static void on_departure(cc_engine *e, size_t g)
{
    group_state *gs = &e->groups[g];
    gs->busy--;
    /* While its queues are open, surplus agents leave rather than take a call;
     * after they close, the agents on duty clear the waiting calls first. */
    if (gs->present > gs->target && e->group_open[g * e->s->n_intervals + e->interval]) {
        staff_advance(e, gs);
        gs->present--;
        return;
    }
    if (!take_call(e, g) && gs->present > gs->target) {
        staff_advance(e, gs);
        gs->present--;
    }
}

int cc_engine_run(cc_engine *e, uint64_t master_seed, uint64_t rep,
                  cc_queue_tally *queues, cc_group_tally *groups)
{
    const cc_scenario *s = e->s;
    e->rep = rep;
    memset(queues, 0, s->n_queues * s->n_intervals * sizeof *queues);
    memset(groups, 0, s->n_groups * s->n_intervals * sizeof *groups);
    memset(e->groups, 0, s->n_groups * sizeof *e->groups);
    for (size_t q = 0; q < s->n_queues; q++) {
        call_ring *r = &e->rings[q];
        r->head = r->count = 0;
        r->n_contacts = r->n_gaps = 0;
        r->key = cc_rng_key_of(master_seed, s->queues[q].id);
    }
    cc_event_queue_reset(&e->events);
    cc_event_queue_reset(&e->arrivals);
    e->seq = 0;
    e->qt = queues;
    e->gt = groups;
    e->now = 0.0;
    e->interval = 0;
    e->top_live = 0;

    schedule(e, 0.0, CC_EV_BOUNDARY, 0);
    for (;;) {
        cc_event_queue *src = &e->events;
        if (e->arrivals.n > 0 &&
            (e->events.n == 0 || cc_event_before(cc_event_queue_top(&e->arrivals), cc_event_queue_top(&e->events))))
            src = &e->arrivals;
        else if (e->events.n == 0)
            break;
        const cc_event *ev = cc_event_queue_top(src);
        uint32_t who = cc_event_who(ev);
        cc_event_kind kind = cc_event_kind_of(ev);
        e->now = ev->t;
        e->current = src;
        e->top_live = 1;
        switch (kind) {
        case CC_EV_ARRIVAL:
            if (on_arrival(e, who) != 0)
                return -1;
            break;
        case CC_EV_DEPARTURE:
            on_departure(e, who);
            break;
        case CC_EV_BOUNDARY:
            on_boundary(e, who);
            break;
        }
        if (e->top_live)
            cc_event_queue_pop(src);
    }

    /* No agent is left: the calls still waiting abandon at their deadline, or, with
     * no patience, are counted as abandoned when the run ends. */
    for (size_t q = 0; q < s->n_queues; q++) {
        call_ring *r = &e->rings[q];
        for (; r->count > 0; ring_pop(r)) {
            const waiting_call *c = ring_head(r);
            count_abandon(e, q, c, isfinite(c->deadline) ? c->deadline : e->now);
        }
    }
    for (size_t g = 0; g < s->n_groups; g++) {
        group_state *gs = &e->groups[g];
        staff_advance(e, gs);
        groups[g * s->n_intervals + e->interval].staffed_s += gs->staffed_area;
    }
    return 0;
}
