/* optimise.h — staffing by simulation: the fewest agents per queue and interval
 * whose simulated service level meets the target.
 *
 * Erlang C and A assume a stationary queue in every interval; a real day starts
 * empty, carries waiting calls from one half hour into the next, has callers who
 * hang up and handling times that are not exponential. cc_plan_by_simulation
 * starts from an analytic plan (cc_plan, usually Erlang C), simulates it, and
 * moves each queue-interval one agent at a time: up where the simulated service
 * level (answered within T ÷ offered, by arrival interval, pooled over the
 * replications) is below the target, down where it meets the target and one agent
 * fewer has not yet been seen to fail. Every round uses the same master seed, so
 * all rounds see the same callers (common random numbers) and a change in a cell's
 * service level comes from the staffing, not from noise. It stops when a round
 * changes nothing (converged) or after max_rounds.
 *
 * With a confidence c > 0 it then raises the per-interval goal in steps of one
 * percentage point above the target until the share of replication-days whose
 * service level meets the target is at least c ("90% probability of meeting
 * 80/20"), re-optimising at each step.
 *
 * The scenario must staff each queue with a group of its own (the planner's
 * one-team-per-queue view): either no groups in the file, or groups that each
 * serve exactly one queue and no two of them the same queue.
 */
#ifndef CC_OPTIMISE_H
#define CC_OPTIMISE_H

#include "model/error.h"
#include "model/plan.h"
#include "sim/runner.h"

typedef struct cc_plan_sim_options {
    unsigned replications;      /* per round */
    uint64_t seed;
    int threads;                /* 0: all */
    unsigned max_rounds;        /* per goal; 0: 60 */
    double confidence;          /* 0: the mean service level per interval meets the target */
} cc_plan_sim_options;

typedef struct cc_plan_sim_report {
    long *analytic_agents;      /* [q * n_intervals + i]: the starting plan's agents */
    unsigned rounds;            /* simulations run */
    int converged;              /* the last goal's rounds ended with no change */
    double goal;                /* the per-interval service level aimed at in the end */
    double p_day, p_horizon;    /* risk of the final plan (see cc_results_risk) */
    cc_results *results;        /* the final plan's simulation */
} cc_plan_sim_report;

/* Replaces plan's agents by simulation-optimised ones and its cells' measures by
 * the simulated ones (then cc_plan_summarise). CC_EINPUT when the scenario's
 * groups do not give each queue a group of its own; CC_EINTERNAL when out of
 * memory or interrupted. */
int cc_plan_by_simulation(const cc_scenario *s, cc_plan *plan, const cc_plan_sim_options *opt,
                          cc_plan_sim_report *rep, cc_error *err);

void cc_plan_sim_report_fini(cc_plan_sim_report *rep);

/* group_of[q]: the group that serves queue q alone. CC_EINPUT (naming the group or
 * queue) when the scenario's groups do not give each queue a group of its own. */
int cc_plan_group_map(const cc_scenario *s, size_t *group_of, cc_error *err);

/* Simulates the plan's agents, each queue staffed by its own group (group_of from
 * cc_plan_group_map): opt's replications, seed and threads. */
int cc_plan_simulate(const cc_scenario *s, const cc_plan *plan, const size_t *group_of,
                     const cc_plan_sim_options *opt, cc_results **out, cc_error *err);

#endif
