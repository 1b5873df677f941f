#include "sim/event_queue.h"

#include <stdlib.h>

int cc_event_queue_init(cc_event_queue *q, size_t capacity)
{
    q->heap = malloc((capacity ? capacity : 1) * sizeof *q->heap);
    q->n = 0;
    q->cap = capacity;
    return q->heap ? 0 : -1;
}

void cc_event_queue_fini(cc_event_queue *q)
{
    free(q->heap);
    q->heap = NULL;
    q->n = q->cap = 0;
}

int cc_event_queue_reserve(cc_event_queue *q, size_t capacity)
{
    if (capacity <= q->cap)
        return 0;
    cc_event *heap = realloc(q->heap, capacity * sizeof *heap);
    if (!heap)
        return -1;
    q->heap = heap;
    q->cap = capacity;
    return 0;
}

void cc_event_queue_reset(cc_event_queue *q)
{
    q->n = 0;
}
