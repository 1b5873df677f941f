/* run_limits.h — refusing, before a simulation starts, one that could not finish.
 *
 * A scenario can be valid field by field and still describe work no machine can
 * do: 1e300 calls per interval, or 62.5 million calls per half hour for a year of
 * replications. The simulation's cost is close to linear in the calls it offers,
 * and its memory in the callers waiting at once, so both are estimated from the
 * frozen scenario alone and compared with fixed limits:
 *
 *   calls simulated = calls offered over the horizon (all queues) x replications,
 *     at most CC_RUN_LIMIT_CALLS: 1e11, about three hours of one core at the
 *     engine's ~1e7 calls per second (make bench); a queue with redials offers each
 *     caller 1 / (1 - redial share) times on average (at most 65,536: a caller
 *     redials no more), and that factor counts here and below;
 *   calls in one interval of one queue, at most CC_RUN_LIMIT_INTERVAL_CALLS (1e9): a
 *     replication counts an interval's contacts in 32-bit whole numbers
 *     (cc_queue_counts, sim/engine.h);
 *   callers waiting at once, per replication in flight: for each queue, the
 *     busiest interval's arrival rate times the mean patience (a caller waits no
 *     longer than their patience), or all the queue's calls when callers never
 *     abandon; at CC_RUN_LIMIT_BYTES_PER_CALLER each (a 32-byte waiting record in
 *     a ring that doubles), at most CC_RUN_LIMIT_MEMORY bytes.
 *
 * A refusal is CC_EINPUT with both numbers, the estimate and the limit, and what
 * to change. Stateless; any thread.
 */
#ifndef CC_RUN_LIMITS_H
#define CC_RUN_LIMITS_H

#include "model/error.h"
#include "model/scenario.h"

#define CC_RUN_LIMIT_CALLS 1e11
#define CC_RUN_LIMIT_INTERVAL_CALLS 1e9
#define CC_RUN_LIMIT_MEMORY (4.0 * 1024 * 1024 * 1024)
#define CC_RUN_LIMIT_BYTES_PER_CALLER 64.0

typedef struct cc_run_estimate {
    double calls;           /* calls simulated: offered per replication x replications */
    double interval_calls;  /* the most calls one queue offers in one interval */
    size_t busiest_queue;   /* that queue */
    double waiting;         /* callers waiting at once, at most, in one replication */
    double memory;          /* bytes for them */
} cc_run_estimate;

/* The estimate for `replications` replications of s. */
cc_run_estimate cc_run_limits_estimate(const cc_scenario *s, unsigned replications);

/* CC_OK when the estimate is within the limits; otherwise CC_EINPUT with a message
 * "FILE: ... would simulate 6.2e+13 calls (limit 1e+11) ...". */
int cc_run_limits_check(const cc_scenario *s, unsigned replications, cc_error *err);

#endif
