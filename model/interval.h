/* interval.h — the interval record: what happened to one queue (or one agent group)
 * in one interval, the one shape shared by the analytic plan and the simulation.
 *
 * The simulation counts a record per replication (sim/stats.h sums and estimates
 * them); the analytic plan fills its expectation (cc_plan_interval_tally in
 * model/plan.h). Both are keyed (queue, interval), so "formula and simulation side by
 * side on every interval" is a join of two arrays of these records. Counts are by
 * arrival interval, except backlog, a level at the interval's end. Counts are doubles
 * (exact integers to 2^53 in a simulation, expectations in a plan).
 *
 * Conservation: offered = answered + abandoned + blocked + deflected + called_back +
 * the contacts still waiting when the run ends (deferred work in the backlog).
 */
#ifndef CC_INTERVAL_H
#define CC_INTERVAL_H

#include "model/scenario.h"

typedef struct cc_queue_tally {
    double offered;
    double answered;
    double answered_within;     /* answered within the headline target (queue->targets[0]) */
    double answered_within_k[CC_MAX_TARGETS - 1]; /* within queue->targets[1..] */
    double abandoned;
    double abandoned_within;    /* abandoned after waiting <= the headline T */
    double dropped;             /* ended in service by an outage */
    double blocked;             /* refused on arrival: the busy tone (every line in use,
                                   or no site to take the call during an outage) */
    double deflected;           /* sent on arrival to another channel (a recorded message
                                   during an outage that sends callers to the web) */
    double called_back;         /* took a call back instead of waiting on: counted here,
                                   never as answered or abandoned */
    double callbacks_made;      /* call backs made to the callers counted in called_back */
    double callback_within;     /* of which made within queue->callback_within_s of the
                                   request */
    double redials;             /* offered contacts that were redials (already counted in
                                   offered) */
    double censored_k[CC_MAX_TARGETS]; /* deferred work still waiting when the run ends
                                   whose deadline for business-day target k lies beyond
                                   the horizon: neither a hit nor a miss of that target
                                   (its outcome is not known) */
    double wait_s;              /* summed waits of answered calls */
    double abandon_wait_s;      /* summed waits of abandoned calls */
    double handled_s;           /* summed handling times of answered contacts (workload) */
    double backlog;             /* contacts waiting at the interval's end */
} cc_queue_tally;

typedef struct cc_group_tally {
    double busy_s;              /* agent-seconds spent handling calls */
    double staffed_s;           /* agent-seconds on duty */
} cc_group_tally;

#endif
