/* runner.h — Monte Carlo: many replications of a scenario, in parallel, reduced
 * into estimates with confidence intervals.
 *
 * Blocks. The replications of a run are cut into fixed blocks of
 * CC_RUNNER_BLOCK (8) replications: block b holds replications [8b, 8b + 8) (the
 * last block may be shorter), whatever the number of threads — the unit a
 * distributed run hands to one process. The sums over the horizon (per queue,
 * all queues, per group, all groups, per target) are formed per block, adding its
 * replications in replication order, and the blocks' sums are merged into the
 * run's in block order (cc_*_moments_merge): one process and N processes that each
 * sum whole blocks compute exactly the same additions. The per-interval tables,
 * too large to keep twice, are added replication after replication into one set
 * of sums, int64 fixed point in units of 2^-10 (stats.h): integer sums are exact,
 * so the result is the same bits as merging block sums in any grouping, up to
 * 2^53 s^2 (9.0e15) per sum — e.g. 100,000 replications of an interval whose
 * calls were handled for 300,000 s in all. A sum that would pass it is flagged
 * (cc_partial_exact) and reads NaN. Replication r always uses the random
 * streams of (master seed, r), so every estimate is bit-identical for any thread
 * count.
 *
 * Threads. OpenMP runs a batch of replications at a time, one engine per thread,
 * each replication into its own slot of tallies; the batch is then added into the
 * run's sums serially, in replication order. A batch is up to 64 replications per
 * thread, fewer when a replication's tallies are large (one batch stays under
 * 64 MiB), never fewer than one per thread. Memory is the batch's tallies plus the
 * sums per cell (27 8-byte sums per queue-interval, 5 per group-interval, 3 per
 * further target), independent of the number of replications and of contacts,
 * besides the replications' own totals and each block's sums over the horizon (a
 * few KiB per block of 8, merged in block order at the end); the sums are turned
 * into the estimates in place (each cell's sums turned into doubles as it is
 * estimated). Neither the slots nor the sums of
 * cells where nothing happened are ever touched (the engine writes and flags only
 * the cells where something happened; the reduction visits and clears only the
 * flagged ones), so the memory the system maps for them follows the open hours,
 * not the horizon.
 *
 * Estimates are pooled ratios with Student-t 95% half-widths (see stats.h; the t
 * quantile is computed once per run), per queue and interval (by arrival
 * interval), per queue over the horizon, for all queues together (the queues agents
 * serve: self-service queues have their own figures only), per agent group,
 * and per queue target (over the horizon, a business-day target leaves out deferred
 * contacts censored at the horizon's end: answered within it / (offered - censored)). Each replication's own totals are kept too, over the
 * horizon (all queues, and each queue: n_queues tallies per replication) and per
 * day, for the per-replication table, for paired comparisons of two scenarios run
 * on common random numbers (per channel too), and for risk ("in what share of days
 * is the service level met?").
 *
 * Partial runs. cc_simulate_blocks runs a range of whole blocks into a partial run:
 * the per-interval sums of its replications, each block's sums over the horizon
 * (kept apart, a few KiB per block, so that they merge in block order however the
 * blocks were shared out) and its replications' own totals. cc_partial_merge adds
 * the partial run of the blocks that follow; cc_partial_results turns the partial
 * run of all the blocks into results, the same bits as cc_simulate (which is
 * exactly that, one range of all the blocks). cc_partial_pack and
 * cc_partial_unpack turn a partial run into bytes and back, for a process of the
 * same build on the same kind of machine (the MPI driver, sim/mpi_runner.h); the
 * bytes hold only the cells where something happened. Merged partial runs are the
 * single process's bits.
 *
 * Interrupts. `interrupted` is read before each replication starts: once it is
 * set no replication starts, those running finish, and cc_simulate reports an
 * error ("interrupted after K of N replications") and no results — a run reports
 * the replications it was asked for or nothing.
 */
#ifndef CC_RUNNER_H
#define CC_RUNNER_H

#include "model/error.h"
#include "model/scenario.h"
#include "sim/incident.h"
#include "sim/stats.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cc_run_options {
    unsigned replications;
    uint64_t seed;
    int threads;                        /* 0: OpenMP's default */
    int progress;                       /* draw a progress bar on stderr */
    volatile sig_atomic_t *interrupted; /* read before each replication; may be NULL */
    const unsigned *staffing;           /* [g * n_intervals + i] replaces the groups' agents; NULL: the scenario's */
} cc_run_options;

#define CC_RUNNER_BLOCK 8

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
    /* The per-interval estimates, read through cc_results_queue_interval,
     * cc_results_target_interval and cc_results_group_interval: they are stored
     * only for the cells where something happened (the *_used flags); every other
     * cell reads the estimates of zero sums (*_empty), so the closed hours of a long
     * horizon take no memory. */
    cc_estimate *queue_cells;           /* [(q * n_intervals + i) * CC_QUEUE_METRICS + m] */
    unsigned char *queue_used;          /* [q * n_intervals + i] */
    cc_estimate queue_empty[CC_QUEUE_METRICS];
    cc_estimate *queue_total;           /* [q * CC_QUEUE_METRICS + m]; backlog: the mean
                                           level at interval ends over the horizon */
    cc_estimate total[CC_QUEUE_METRICS];/* all queues together (backlog: summed over
                                           queues, mean over interval ends) */
    size_t extra_targets;               /* most further targets of a queue (n_targets - 1) */
    cc_estimate *target_cells;          /* [(q * n_intervals + i) * extra_targets + k - 1]:
                                           service level against queue q's target k >= 1
                                           (NaN where the queue has no target k) */
    cc_estimate target_empty[CC_MAX_TARGETS - 1]; /* NaN: no calls */
    cc_estimate *target_total;          /* [q * CC_MAX_TARGETS + k]: the same over the horizon,
                                           k = 0 (the headline) to n_targets - 1 */
    cc_estimate *group_cells;           /* [(g * n_intervals + i) * CC_GROUP_METRICS + m] */
    unsigned char *group_used;          /* [g * n_intervals + i] */
    cc_estimate group_empty[CC_GROUP_METRICS];
    cc_estimate *group_total;           /* [g * CC_GROUP_METRICS + m] */
    cc_estimate group_all[CC_GROUP_METRICS]; /* all groups together */
    cc_queue_tally *rep_total;          /* [r]: all queues over the horizon */
    cc_group_tally *rep_groups;         /* [r]: all groups over the horizon */
    cc_queue_tally *rep_day;            /* [r * days + d]: all queues, by arrival day */
    /* Site outages (sim/incident.h), only when the timeline has any: each
     * replication's figures, their estimates (means, 95% half-widths), and over all
     * incidents calls_lost (summed) and recovery_min (the longest). */
    cc_incident *incidents;
    size_t n_incidents;
    double *rep_incident;               /* [(r * n_incidents + k) * CC_INCIDENT_FIELDS + f] */
    cc_estimate *incident_est;          /* [k * CC_INCIDENT_FIELDS + f] */
    cc_estimate calls_lost, recovery_min;
    cc_queue_tally *rep_queue;          /* [r * n_queues + q]: each queue over the horizon */
} cc_results;

/* Runs the replications. CC_OK and *out (free with cc_results_destroy), CC_EINPUT
 * for bad options, or CC_EINTERNAL when out of memory or interrupted. */
int cc_simulate(const cc_scenario *s, const cc_run_options *opt, cc_results **out, cc_error *err);

void cc_results_destroy(cc_results *r);

/* The blocks of a run of n replications: ceil(n / CC_RUNNER_BLOCK). */
unsigned cc_runner_blocks(unsigned replications);

typedef struct cc_partial cc_partial;

/* Runs blocks [first, first + count) of the run opt describes (count may be 0: an
 * empty partial run). CC_OK and *out (free with cc_partial_destroy), CC_EINPUT for
 * bad options or blocks outside the run, or CC_EINTERNAL as cc_simulate. */
int cc_simulate_blocks(const cc_scenario *s, const cc_run_options *opt, unsigned first, unsigned count,
                       cc_partial **out, cc_error *err);
/* Adds next, the partial run of the blocks right after p's (same scenario, replication
 * count and seed), into p; threads add up and wall_s is the longer. CC_EINPUT for
 * any other partial run, CC_EINTERNAL when out of memory (p is then unchanged). */
int cc_partial_merge(cc_partial *p, const cc_partial *next, cc_error *err);
/* Whether every per-interval sum of p is exact, i.e. none passed stats.h's
 * fixed-point range (2^53 s^2, s or contacts). Exact sums give the same bits for
 * any grouping of the replications into partial runs; a sum that overflowed reads
 * NaN (its half-widths, or for a sum of seconds the mean). */
int cc_partial_exact(const cc_partial *p);
/* The results of p, the partial run of all the run's blocks; p is destroyed whatever
 * the outcome. CC_EINPUT when p lacks blocks, CC_EINTERNAL when out of memory. */
int cc_partial_results(cc_partial *p, cc_results **out, cc_error *err);
/* p as *len bytes in *buf (free it); 0, or -1 when out of memory. */
int cc_partial_pack(const cc_partial *p, unsigned char **buf, size_t *len);
/* The partial run packed in buf, of scenario s. CC_EINPUT when buf is not a whole
 * packed partial run of a scenario of s's shape, CC_EINTERNAL when out of memory. */
int cc_partial_unpack(const cc_scenario *s, const unsigned char *buf, size_t len, cc_partial **out,
                      cc_error *err);
void cc_partial_destroy(cc_partial *p);

/* The CC_QUEUE_METRICS estimates of queue q in interval i (by arrival interval). */
const cc_estimate *cc_results_queue_interval(const cc_results *r, size_t q, size_t i);
/* The extra_targets estimates of queue q's further targets in interval i: element
 * k - 1 is the service level against target k (NaN where the queue has none). */
const cc_estimate *cc_results_target_interval(const cc_results *r, size_t q, size_t i);
/* The CC_GROUP_METRICS estimates of group g in interval i. */
const cc_estimate *cc_results_group_interval(const cc_results *r, size_t g, size_t i);

/* Replication rep's row of the per-replication table, from its tallies (the same
 * metric definitions as every estimate; NaN where a denominator is 0). */
void cc_results_rep_row(const cc_results *r, size_t rep, double row[CC_REP_FIELDS]);

/* Risk of missing the service-level target (answered within T / offered >= target):
 * the share of replications whose whole horizon meets it, and the share of
 * replication-days with calls offered whose day meets it. */
void cc_results_risk(const cc_results *r, double target, double *p_horizon, double *p_day);

/* Week w of the horizon (days 7w to 7w + 6, by arrival day; the last may be shorter),
 * all queues: the service level (answered within T / offered, pooled across
 * replications) and the contacts offered per replication, from each replication's
 * daily totals. To follow a migration or an incident week by week. */
/* What callers did besides being answered or abandoning, per replication over the
 * horizon, for one queue (from each replication's per-queue totals): refused by the
 * busy tone, sent to the web by an outage message, took a call back, call backs
 * made, of which within the queue's call-back target, redials among the offered. */
typedef enum cc_count {
    CC_COUNT_BLOCKED = 0, CC_COUNT_DEFLECTED, CC_COUNT_CALLED_BACK, CC_COUNT_CALLBACKS_MADE,
    CC_COUNT_CALLBACK_WITHIN, CC_COUNT_REDIALS, CC_COUNTS
} cc_count;
/* "blocked", "deflected", "called_back", "callbacks_made", "callback_within", "redials". */
extern const char *const cc_count_names[CC_COUNTS];

/* The mean of count k of queue q per replication, with its 95% half-width. */
cc_estimate cc_results_queue_count(const cc_results *r, size_t q, cc_count k);

void cc_results_week(const cc_results *r, size_t w, cc_estimate *service_level,
                     cc_estimate *offered);

/* The service level of group g's queues in interval i, pooled: answered within T
 * over offered, summed over the queues it serves (offered mean x service level mean
 * is the within count per replication). NaN when none of them has calls. */
double cc_results_group_service_level(const cc_scenario *s, const cc_results *r, size_t g, size_t i);

#endif
