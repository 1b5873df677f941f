/* event_queue.h — the simulation's future-event list.
 *
 * A binary min-heap in one flat, preallocated array of event records ordered by
 * (time, sequence number): events at the same time run in the order they were
 * scheduled (FIFO on ties). The capacity is fixed when the queue is created from
 * the scenario's upper bound on simultaneous events (one departure per agent, one
 * arrival per queue, one interval boundary); pushing beyond it is a bug and asserts.
 * Nothing allocates after cc_event_queue_init except cc_event_queue_reserve. Push,
 * pop and replace-top cost O(log n); they are inline because they sit on the
 * engine's per-call path.
 */
#ifndef CC_EVENT_QUEUE_H
#define CC_EVENT_QUEUE_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* An event record: 16 bytes. `key` packs the scheduling sequence number (high 40
 * bits: ties between equal times run in scheduling order) and a reference (low 24
 * bits) naming what the event is about. The reference space belongs to the engine,
 * which divides it into ranges, one per kind of event (a contact's departure, a
 * queue's arrival, an interval boundary, a timeline event, ...): a new kind is a new
 * range, never a new layout of the key, and the heap never looks at it. */
typedef struct cc_event {
    double t;               /* simulated seconds from the start of the horizon */
    uint64_t key;
} cc_event;

#define CC_EVENT_REF_BITS 24
#define CC_EVENT_MAX_REF ((1u << CC_EVENT_REF_BITS) - 1)

static inline uint32_t cc_event_ref(const cc_event *e)
{
    return (uint32_t)(e->key & CC_EVENT_MAX_REF);
}

typedef struct cc_event_queue {
    cc_event *heap;
    size_t n, cap;
} cc_event_queue;

/* Returns 0, or -1 when out of memory. */
int cc_event_queue_init(cc_event_queue *q, size_t capacity);
void cc_event_queue_fini(cc_event_queue *q);
/* Makes room for at least `capacity` events, keeping those queued (the engine's
 * arrival heap grows with the redials and abandonment watches pending). Returns 0,
 * or -1 when out of memory (the queue is then unchanged). */
int cc_event_queue_reserve(cc_event_queue *q, size_t capacity);
/* Empties the queue (between replications). */
void cc_event_queue_reset(cc_event_queue *q);

/* (time, key) order. Times are never negative (nor NaN), and the bits of a
 * non-negative double, read as an unsigned integer, order as the double does; so
 * (time bits, key) compared as one 128-bit unsigned number is the order, in a
 * handful of flag-setting instructions and no branch (the heap's choice between two
 * children is unpredictable, a mispredicted branch costs more than the whole test). */
static inline int cc_event_before(const cc_event *a, const cc_event *b)
{
    uint64_t ta, tb;
    memcpy(&ta, &a->t, sizeof ta);
    memcpy(&tb, &b->t, sizeof tb);
    return (((unsigned __int128)ta << 64) | a->key) < (((unsigned __int128)tb << 64) | b->key);
}

/* An event with sequence number seq about ref. The caller keeps the sequence
 * counter, so that several queues can share one order of ties. */
static inline cc_event cc_event_make(uint64_t seq, double t, uint32_t ref)
{
    assert(ref <= CC_EVENT_MAX_REF);
    return (cc_event){ t, (seq << CC_EVENT_REF_BITS) | ref };
}

/* Puts e into the hole at slot i among n events (Floyd's bottom-up sift): the hole
 * descends to a leaf along the earlier child, one comparison per level, then e
 * climbs back to its place. A replaced top or a popped last element usually
 * belongs near the bottom (a new completion lies in the future), so the climb is
 * short and this costs about half the comparisons of the textbook sift-down. */
static inline void cc_event_sift_down(cc_event *heap, size_t n, size_t i, cc_event e)
{
    size_t start = i, c;
    while ((c = 2 * i + 1) < n) {
        if (c + 1 < n && cc_event_before(&heap[c + 1], &heap[c]))
            c++;
        heap[i] = heap[c];
        i = c;
    }
    while (i > start) {
        size_t parent = (i - 1) / 2;
        if (!cc_event_before(&e, &heap[parent]))
            break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = e;
}

static inline void cc_event_queue_push(cc_event_queue *q, cc_event e)
{
    assert(q->n < q->cap && "event queue capacity exceeded");
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

/* The earliest event; the queue must not be empty. */
static inline const cc_event *cc_event_queue_top(const cc_event_queue *q)
{
    assert(q->n > 0);
    return &q->heap[0];
}

/* Removes the earliest event. */
static inline void cc_event_queue_pop(cc_event_queue *q)
{
    assert(q->n > 0);
    cc_event last = q->heap[--q->n];
    if (q->n > 0)
        cc_event_sift_down(q->heap, q->n, 0, last);
}

/* Replaces the earliest event by a new one: a pop and a push in one sift-down.
 * The engine handles the top event in place and, when the handler schedules a
 * follow-on event (the next arrival, the agent's next completion), replaces it. */
static inline void cc_event_queue_replace_top(cc_event_queue *q, cc_event e)
{
    assert(q->n > 0);
    cc_event_sift_down(q->heap, q->n, 0, e);
}

#endif
