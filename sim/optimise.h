/* optimise.h — staffing by simulation: the fewest agents per group and interval
 * whose simulated service level meets the target, for any roster.
 *
 * Erlang C and A assume a stationary queue in every interval; a real day starts
 * empty, carries waiting calls from one half hour into the next, has callers who
 * hang up and handling times that are not exponential, and a pooled team shares
 * its agents between lines. cc_plan_by_simulation starts from an analytic plan
 * (cc_plan: each queue its own team, or per group for a pooled roster), simulates
 * it, and moves each group-interval one agent at a time. A group-interval is judged
 * by the service level of the queues the group serves in that interval, pooled
 * (answered within T ÷ offered, summed over those queues, by arrival interval,
 * pooled over the replications): up where it is below the goal, down where it meets
 * the goal and one agent fewer has not yet been seen to fail. Every round uses the
 * same master seed, so all rounds see the same callers (common random numbers) and a
 * change in a service level comes from the staffing, not from noise. It stops when a
 * round changes nothing (converged) or after max_rounds. With one group per queue
 * this is the queue's own service level.
 *
 * With a confidence c > 0 it then raises the per-interval goal in steps of one
 * percentage point above the target until the share of replication-days whose
 * service level meets the target is at least c ("90% probability of meeting
 * 80/20"), re-optimising at each step.
 *
 * Errors name the scenario and the setting, never a command-line flag.
 */
#ifndef CC_OPTIMISE_H
#define CC_OPTIMISE_H

#include "model/error.h"
#include "model/plan.h"
#include "sim/runner.h"

typedef struct cc_plan_sim_options {
    unsigned replications;      /* per round, >= 2 */
    uint64_t seed;
    int threads;                /* 0: all */
    unsigned max_rounds;        /* per goal; 0: 60 */
    double confidence;          /* 0: the mean service level per interval meets the target */
} cc_plan_sim_options;

typedef struct cc_plan_sim_report {
    long *analytic_agents;      /* [q * n_intervals + i]: the starting plan's queue agents */
    unsigned *analytic_staffing;/* [g * n_intervals + i]: the starting plan's group agents */
    unsigned rounds;            /* simulations run */
    int converged;              /* the last goal's rounds ended with no change */
    double goal;                /* the per-interval service level aimed at in the end */
    double p_day, p_horizon;    /* risk of the final plan (see cc_results_risk) */
    cc_results *results;        /* the final plan's simulation */
} cc_plan_sim_report;

/* Replaces plan's agents by simulation-optimised ones and its cells' measures by
 * the simulated ones (then cc_plan_summarise). CC_EINPUT for fewer than 2
 * replications or a confidence outside [0, 1); CC_EINTERNAL when out of memory or
 * interrupted. */
int cc_plan_by_simulation(const cc_scenario *s, cc_plan *plan, const cc_plan_sim_options *opt,
                          cc_plan_sim_report *rep, cc_error *err);

void cc_plan_sim_report_fini(cc_plan_sim_report *rep);

/* Simulates the plan's agents (fixed: its fixed-FTE roster) with opt's
 * replications, seed and threads. */
int cc_plan_simulate(const cc_scenario *s, const cc_plan *plan, int fixed, const cc_plan_sim_options *opt,
                     cc_results **out, cc_error *err);

/* The plan's cells (fixed: the fixed-FTE roster's) take the simulated measures of r:
 * per queue-interval service levels, ASA and abandon rate, and occupancy from the
 * groups. */
void cc_plan_take_simulated(const cc_scenario *s, cc_plan *plan, int fixed, const cc_results *r);

#endif
