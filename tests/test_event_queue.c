/* Event queue: ordering by (time, sequence), FIFO on ties, heap property under
 * random operations, replace-top. */
#include "sim/event_queue.h"

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

static cc_event_queue q;
static uint64_t seq;

static void setup(void)
{
    cr_assert_eq(cc_event_queue_init(&q, 4096), 0);
    seq = 0;
}

static void teardown(void) { cc_event_queue_fini(&q); }

static void push(double t, uint32_t who) { cc_event_queue_push(&q, cc_event_make(seq++, t, who)); }

static cc_event pop(void)
{
    cc_event e = *cc_event_queue_top(&q);
    cc_event_queue_pop(&q);
    return e;
}

static int heap_ok(void)
{
    for (size_t i = 1; i < q.n; i++)
        if (cc_event_before(&q.heap[i], &q.heap[(i - 1) / 2]))
            return 0;
    return 1;
}

TestSuite(event_queue, .init = setup, .fini = teardown);

Test(event_queue, pops_in_time_order)
{
    double times[] = { 5, 1, 4, 1.5, 9, 2.6, 5.3, 0.5 };
    for (uint32_t i = 0; i < 8; i++)
        push(times[i], i);
    double last = -1;
    for (int i = 0; i < 8; i++) {
        cc_event e = pop();
        cr_assert_geq(e.t, last);
        last = e.t;
    }
    cr_assert_eq(q.n, 0);
}

Test(event_queue, equal_times_run_fifo)
{
    for (uint32_t i = 0; i < 100; i++)
        push(i % 2 ? 7.0 : 3.0, i);
    uint32_t expect_odd = 1, expect_even = 0;
    for (int i = 0; i < 100; i++) {
        cc_event e = pop();
        if (i < 50) {
            cr_assert_eq(e.t, 3.0);
            cr_assert_eq(cc_event_ref(&e), expect_even, "tie at t=3 out of order");
            expect_even += 2;
        } else {
            cr_assert_eq(e.t, 7.0);
            cr_assert_eq(cc_event_ref(&e), expect_odd, "tie at t=7 out of order");
            expect_odd += 2;
        }
    }
}

/* The reference survives packing at its extremes, and a large sequence number
 * (2^39) neither spills into it nor loses the order of ties. */
Test(event_queue, reference_survives_packing)
{
    cc_event_queue_push(&q, cc_event_make(seq++, 1.0, CC_EVENT_MAX_REF));
    cc_event_queue_push(&q, cc_event_make(UINT64_C(1) << 39, 2.0, 0));
    cc_event_queue_push(&q, cc_event_make(seq++, 2.0, 17));
    cc_event e = pop();
    cr_assert_eq(cc_event_ref(&e), CC_EVENT_MAX_REF);
    e = pop();
    cr_assert_eq(cc_event_ref(&e), 17);
    e = pop();
    cr_assert_eq(cc_event_ref(&e), 0);
}

Test(event_queue, heap_property_under_random_operations)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12345);
    double now = 0;
    for (int step = 0; step < 200000; step++) {
        double u = gsl_rng_uniform(r);
        if (q.n == 0 || (u < 0.5 && q.n < q.cap)) {
            push(now + 10.0 * gsl_rng_uniform(r), (uint32_t)step & 0xfff);
        } else if (u < 0.75) {
            cc_event e = pop();
            cr_assert_geq(e.t, now, "popped %g before %g", e.t, now);
            now = e.t;
        } else {
            now = cc_event_queue_top(&q)->t;
            cc_event_queue_replace_top(&q, cc_event_make(seq++, now + 10.0 * gsl_rng_uniform(r), 1));
        }
        if (step % 997 == 0)
            cr_assert(heap_ok(), "heap property broken at step %d", step);
    }
    cr_assert(heap_ok());
    gsl_rng_free(r);
}

Test(event_queue, replace_top_equals_pop_then_push)
{
    cc_event_queue other;
    cr_assert_eq(cc_event_queue_init(&other, 64), 0);
    for (uint32_t i = 0; i < 40; i++) {
        cc_event e = cc_event_make(i, (double)((i * 37) % 23), i);
        cc_event_queue_push(&q, e);
        cc_event_queue_push(&other, e);
    }
    cc_event repl = cc_event_make(100, 11.5, 99);
    cc_event_queue_replace_top(&q, repl);
    cc_event_queue_pop(&other);
    cc_event_queue_push(&other, repl);
    while (q.n > 0) {
        const cc_event *a = cc_event_queue_top(&q), *b = cc_event_queue_top(&other);
        cr_assert_eq(a->t, b->t);
        cr_assert_eq(a->key, b->key);
        cc_event_queue_pop(&q);
        cc_event_queue_pop(&other);
    }
    cr_assert_eq(other.n, 0);
    cc_event_queue_fini(&other);
}
