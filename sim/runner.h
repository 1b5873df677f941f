/* runner.h — Monte Carlo: many replications of a scenario, in parallel, reduced
 * into estimates with confidence intervals.
 *
 * Replications run in parallel with OpenMP, one engine workspace per thread, in
 * batches: each replication of a batch fills its own tally slot, then the batch is
 * reduced serially in replication order. Replication r always uses the random
 * streams of (master seed, r), so every estimate is bit-identical for any thread
 * count. Memory is one batch of tallies (a few per thread), independent of the
 * number of replications and of calls.
 *
 * Estimates are pooled ratios with Student-t 95% half-widths (see stats.h), per
 * queue and interval (by arrival interval), per queue over the horizon, for all
 * queues together, and per agent group. Each replication's own totals are kept
 * too, over the horizon and per day, for the per-replication table, for paired
 * comparisons of two scenarios run on common random numbers, and for risk ("in
 * what share of days is the service level met?").
 */
#ifndef CC_RUNNER_H
#define CC_RUNNER_H

#include "model/error.h"
#include "model/scenario.h"
#include "sim/stats.h"

#include <signal.h>
#include <stdint.h>

typedef struct cc_run_options {
    unsigned replications;
    uint64_t seed;
    int threads;                        /* 0: OpenMP's default */
    int progress;                       /* draw a progress bar on stderr */
    volatile sig_atomic_t *interrupted; /* checked between batches; may be NULL */
    const unsigned *staffing;           /* [g * n_intervals + i] replaces the groups' agents; NULL: the scenario's */
} cc_run_options;

typedef struct cc_estimate {
    double mean;                        /* pooled ratio across replications */
    double ci95;                        /* half-width of the 95% confidence interval */
} cc_estimate;

/* The per-replication table: each replication's own ratios over all queues and
 * groups (cc_results_rep_row). */
enum {
    CC_REP_OFFERED = 0, CC_REP_SERVICE_LEVEL, CC_REP_SERVICE_LEVEL_ANSWERED,
    CC_REP_SERVICE_LEVEL_EXCL_SHORT, CC_REP_ABANDON_RATE, CC_REP_ASA, CC_REP_OCCUPANCY,
    CC_REP_FIELDS
};
extern const char *const cc_rep_field_names[CC_REP_FIELDS];

typedef struct cc_results {
    const cc_scenario *s;
    unsigned replications;
    uint64_t seed;
    int threads;
    double wall_s;                      /* wall-clock seconds of the replications */
    double calls_total;                 /* calls offered, summed over replications */
    cc_estimate *queue_interval;        /* [(q * n_intervals + i) * CC_QUEUE_METRICS + m] */
    cc_estimate *queue_total;           /* [q * CC_QUEUE_METRICS + m] */
    cc_estimate total[CC_QUEUE_METRICS];/* all queues together */
    cc_estimate *group_interval;        /* [(g * n_intervals + i) * CC_GROUP_METRICS + m] */
    cc_estimate *group_total;           /* [g * CC_GROUP_METRICS + m] */
    cc_estimate group_all[CC_GROUP_METRICS]; /* all groups together */
    cc_queue_tally *rep_total;          /* [r]: all queues over the horizon */
    cc_group_tally *rep_groups;         /* [r]: all groups over the horizon */
    cc_queue_tally *rep_day;            /* [r * days + d]: all queues, by arrival day */
} cc_results;

/* Runs the replications. CC_OK and *out (free with cc_results_destroy), CC_EINPUT
 * for bad options, or CC_EINTERNAL when out of memory or interrupted. */
int cc_simulate(const cc_scenario *s, const cc_run_options *opt, cc_results **out, cc_error *err);

void cc_results_destroy(cc_results *r);

/* Replication rep's row of the per-replication table, from its tallies (the same
 * metric definitions as every estimate; NaN where a denominator is 0). */
void cc_results_rep_row(const cc_results *r, size_t rep, double row[CC_REP_FIELDS]);

/* Risk of missing the service-level target (answered within T / offered >= target):
 * the share of replications whose whole horizon meets it, and the share of
 * replication-days with calls offered whose day meets it. */
void cc_results_risk(const cc_results *r, double target, double *p_horizon, double *p_day);

#endif
