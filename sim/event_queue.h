/* event_queue.h — the simulation's future-event list.
 *
 * A binary min-heap in one flat, preallocated array of event records ordered by
 * (time, sequence number): events at the same time run in the order they were
 * scheduled (FIFO on ties). The capacity is fixed when the queue is created from
 * the scenario's upper bound on simultaneous events (one departure per agent, one
 * arrival per queue, one interval boundary); pushing beyond it is a bug and asserts.
 * Nothing allocates after cc_event_queue_init. Push and pop cost O(log n); they are
 * inline because they sit on the engine's per-call path.
 */
#ifndef CC_EVENT_QUEUE_H
#define CC_EVENT_QUEUE_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cc_event_kind {
    CC_EV_BOUNDARY = 0,     /* start of interval `who` */
    CC_EV_ARRIVAL,          /* a call arrives at queue `who` */
    CC_EV_DEPARTURE         /* an agent of group `who` finishes a call */
} cc_event_kind;

typedef struct cc_event {
    double t;               /* simulated seconds from the start of the horizon */
    uint64_t seq;           /* scheduling order, breaks ties */
    uint32_t kind;          /* cc_event_kind */
    uint32_t who;           /* interval, queue or group index */
} cc_event;

typedef struct cc_event_queue {
    cc_event *heap;
    size_t n, cap;
    uint64_t next_seq;
} cc_event_queue;

/* Returns 0, or -1 when out of memory. */
int cc_event_queue_init(cc_event_queue *q, size_t capacity);
void cc_event_queue_fini(cc_event_queue *q);
/* Empties the queue and restarts the sequence numbers (between replications). */
void cc_event_queue_reset(cc_event_queue *q);

static inline int cc_event_before(const cc_event *a, const cc_event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static inline void cc_event_queue_push(cc_event_queue *q, double t, uint32_t kind, uint32_t who)
{
    assert(q->n < q->cap && "event queue capacity exceeded");
    cc_event e = { t, q->next_seq++, kind, who };
    size_t i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!cc_event_before(&e, &q->heap[parent]))
            break;
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
}

/* Removes the earliest event into *out; returns 0 when the queue is empty. */
static inline int cc_event_queue_pop(cc_event_queue *q, cc_event *out)
{
    if (q->n == 0)
        return 0;
    *out = q->heap[0];
    cc_event last = q->heap[--q->n];
    size_t n = q->n, i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && cc_event_before(&q->heap[c + 1], &q->heap[c]))
            c++;
        if (!cc_event_before(&q->heap[c], &last))
            break;
        q->heap[i] = q->heap[c];
        i = c;
    }
    q->heap[i] = last;
    return 1;
}

#endif
