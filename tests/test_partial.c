/* Partial runs (runner.h): blocks run in ranges, packed, unpacked and merged in
 * block order give the same bits as one cc_simulate (the per-interval sums are exact
 * fixed point, stats.h); anything else is refused. */
#include "tests/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cc_run_options options(unsigned reps, uint64_t seed)
{
    return (cc_run_options){ .replications = reps, .seed = seed, .threads = 2 };
}

static cc_partial *blocks(const cc_scenario *s, unsigned reps, unsigned first, unsigned count)
{
    cc_run_options opt = options(reps, 42);
    cc_partial *p = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_simulate_blocks(s, &opt, first, count, &p, &err), CC_OK, "%s", err.msg);
    return p;
}

/* p through bytes and back, as another process would receive it. */
static cc_partial *shipped(const cc_scenario *s, cc_partial *p)
{
    unsigned char *buf;
    size_t len;
    cr_assert_eq(cc_partial_pack(p, &buf, &len), 0);
    cc_partial_destroy(p);
    cc_partial *q = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_partial_unpack(s, buf, len, &q, &err), CC_OK, "%s", err.msg);
    free(buf);
    return q;
}

static void assert_same(const cc_scenario *s, const cc_results *a, const cc_results *b, unsigned reps)
{
    size_t ni = s->n_intervals;
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t i = 0; i < ni; i++) {
            cr_assert(memcmp(cc_results_queue_interval(a, q, i), cc_results_queue_interval(b, q, i),
                             CC_QUEUE_METRICS * sizeof(cc_estimate)) == 0, "queue %zu interval %zu", q, i);
            if (a->extra_targets)   /* none: no table of further targets */
                cr_assert(memcmp(cc_results_target_interval(a, q, i), cc_results_target_interval(b, q, i),
                                 a->extra_targets * sizeof(cc_estimate)) == 0);
        }
    for (size_t g = 0; g < s->n_groups; g++)
        for (size_t i = 0; i < ni; i++)
            cr_assert(memcmp(cc_results_group_interval(a, g, i), cc_results_group_interval(b, g, i),
                             CC_GROUP_METRICS * sizeof(cc_estimate)) == 0);
    cr_assert(memcmp(a->total, b->total, sizeof a->total) == 0);
    cr_assert(memcmp(a->group_all, b->group_all, sizeof a->group_all) == 0);
    cr_assert(memcmp(a->queue_total, b->queue_total, s->n_queues * CC_QUEUE_METRICS * sizeof(cc_estimate)) == 0);
    cr_assert(memcmp(a->target_total, b->target_total, s->n_queues * CC_MAX_TARGETS * sizeof(cc_estimate)) == 0);
    cr_assert(memcmp(a->group_total, b->group_total, s->n_groups * CC_GROUP_METRICS * sizeof(cc_estimate)) == 0);
    cr_assert(memcmp(a->rep_total, b->rep_total, reps * sizeof *a->rep_total) == 0);
    cr_assert(memcmp(a->rep_groups, b->rep_groups, reps * sizeof *a->rep_groups) == 0);
    cr_assert(memcmp(a->rep_day, b->rep_day, reps * s->calendar.days * sizeof *a->rep_day) == 0);
    cr_assert(memcmp(&a->calls_total, &b->calls_total, sizeof a->calls_total) == 0);
    cr_assert_eq(a->replications, b->replications);
}

/* 37 replications are 5 blocks (the last of 5); shared out as three processes
 * would (blocks 0-1, 2, 3-4, and a fourth with none), two of them through bytes.
 * The scenario's first queue has a second target, whose sums travel too. */
Test(partial, ranges_merged_in_block_order_are_the_whole_run, .timeout = 120)
{
    cc_scenario *s = test_load("tests/mpi/small.cfg");
    cr_assert_eq(cc_runner_blocks(37), 5);
    cr_assert_eq(cc_runner_blocks(40), 5);
    cr_assert_eq(cc_runner_blocks(1), 1);
    cc_results *whole = test_simulate(s, 37, 42, 1);
    cr_assert_eq(whole->extra_targets, 1);
    cc_partial *p = blocks(s, 37, 0, 2);
    cc_partial *parts[] = { shipped(s, blocks(s, 37, 2, 1)), blocks(s, 37, 3, 2), shipped(s, blocks(s, 37, 5, 0)) };
    cc_error err = { 0 };
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(cc_partial_merge(p, parts[k], &err), CC_OK, "%s", err.msg);
        cc_partial_destroy(parts[k]);
    }
    cr_assert(cc_partial_exact(p), "no per-interval sum overflowed");
    cc_results *merged = NULL;
    cr_assert_eq(cc_partial_results(p, &merged, &err), CC_OK, "%s", err.msg);
    assert_same(s, whole, merged, 37);
    cr_assert_eq(merged->threads, 2 + 2 + 2, "threads add up over the partial runs that ran");
    cc_results_destroy(whole);
    cc_results_destroy(merged);
    cc_scenario_destroy(s);
}

/* A busy interval: 600 calls of 240 s square to some 2e10 s^2 in one replication,
 * past the 2^33 s^2 to which sums of doubles were exact (a run of ranges then differed
 * from one process in the last bits of per-interval half-widths). The fixed-point
 * sums stay exact: 40 replications (5 blocks) run as uneven ranges (1, 3 and 1
 * blocks, one through bytes) and merged are the single process's bits. */
Test(partial, sums_past_two_to_the_33_s2_merge_to_the_same_bits, .timeout = 120)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_results *whole = test_simulate(s, 40, 42, 2);
    size_t open = 0;
    while (!whole->queue_used[open])
        open++;
    /* sum over replications of handled^2 >= n * mean(handled)^2 */
    const cc_estimate *e = cc_results_queue_interval(whole, 0, open);
    double handled = e[CC_M_ANSWERED].mean * e[CC_M_AHT].mean;
    cr_assert_gt(40.0 * handled * handled, 0x1p33, "the interval's squares are past 2^33 s^2");
    cc_partial *p = blocks(s, 40, 0, 1);
    cc_partial *parts[] = { shipped(s, blocks(s, 40, 1, 3)), blocks(s, 40, 4, 1) };
    cc_error err = { 0 };
    for (int k = 0; k < 2; k++) {
        cr_assert_eq(cc_partial_merge(p, parts[k], &err), CC_OK, "%s", err.msg);
        cc_partial_destroy(parts[k]);
    }
    cr_assert(cc_partial_exact(p));
    cc_results *merged = NULL;
    cr_assert_eq(cc_partial_results(p, &merged, &err), CC_OK, "%s", err.msg);
    assert_same(s, whole, merged, 40);
    cc_results_destroy(whole);
    cc_results_destroy(merged);
    cc_scenario_destroy(s);
}

Test(partial, out_of_order_or_incomplete_is_refused)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_run_options opt = options(20, 42);
    cc_partial *p = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_simulate_blocks(s, &opt, 2, 2, &p, &err), CC_EINPUT, "blocks 2-3 of 3");
    cr_assert(strstr(err.msg, "outside the run's 3 blocks"), "%s", err.msg);
    cc_partial *a = blocks(s, 20, 0, 1), *c = blocks(s, 20, 2, 1);
    cr_assert_eq(cc_partial_merge(a, c, &err), CC_EINPUT, "block 2 after block 0");
    cc_partial *other_seed = NULL;
    opt.seed = 43;
    cr_assert_eq(cc_simulate_blocks(s, &opt, 1, 1, &other_seed, &err), CC_OK);
    cr_assert_eq(cc_partial_merge(a, other_seed, &err), CC_EINPUT, "another seed");
    cc_partial_destroy(other_seed);
    cc_partial_destroy(c);
    cc_results *r = NULL;
    cr_assert_eq(cc_partial_results(a, &r, &err), CC_EINPUT, "blocks 1-2 missing");
    cr_assert_null(r);
    cc_scenario_destroy(s);
}

Test(partial, unpack_refuses_what_is_not_a_whole_partial_run_of_the_scenario)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg"), *other = test_load("tests/mpi/small.cfg");
    cc_partial *p = blocks(s, 20, 0, 2), *q = NULL;
    unsigned char *buf;
    size_t len;
    cr_assert_eq(cc_partial_pack(p, &buf, &len), 0);
    cc_error err = { 0 };
    cr_assert_eq(cc_partial_unpack(s, buf, len - 1, &q, &err), CC_EINPUT, "one byte short");
    cr_assert_eq(cc_partial_unpack(s, buf, 8, &q, &err), CC_EINPUT, "a header cut short");
    cr_assert_eq(cc_partial_unpack(other, buf, len, &q, &err), CC_EINPUT, "another scenario's shape");
    cr_assert_null(q);
    cr_assert_eq(cc_partial_unpack(s, buf, len, &q, &err), CC_OK, "%s", err.msg);
    cc_partial_destroy(q);
    free(buf);
    cc_partial_destroy(p);
    cc_scenario_destroy(s);
    cc_scenario_destroy(other);
}
