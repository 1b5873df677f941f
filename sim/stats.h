/* stats.h — what one replication counts, and how replications become estimates.
 *
 * Tallies. A replication counts, per queue and arrival interval, the contacts
 * offered, answered, answered within each of the queue's targets, abandoned,
 * abandoned within the headline T, dropped by an outage, the summed waits and
 * handling times, and the backlog left at the interval's end; per agent group and
 * interval, the time-weighted busy and staffed agent-seconds. A replication's counts
 * are whole numbers (the analytic engine fills expectations instead). A tally is a plain array owned by the caller: memory is fixed by the
 * scenario, never by the number of contacts.
 *
 * Metrics. Every reported measure is a ratio of two tally sums (cc_metric): service
 * level = answered within T / offered, and so on. Across replications a metric is
 * estimated by the pooled ratio sum(num) / sum(den) — the estimator that converges
 * to the exact finite-horizon value; the mean of per-replication ratios is biased by
 * O(1/calls). Its 95% confidence half-width is Student's t (gsl_cdf_tdist_Pinv, n-1
 * degrees of freedom, computed once per run) times the delta-method standard error
 * of a ratio estimator: sqrt(sum((num_r - R den_r)^2) / (n - 1) / n) / mean(den).
 * Counts per replication (offered, answered) are ratios with den = 1, i.e. plain means.
 *
 * Moments. What the estimates need is kept per cell (queue or group and interval)
 * as sums over replications of each field, its square and the few products the
 * metrics use (cc_queue_moments: 27 numbers for every queue metric; cc_group_moments:
 * 5; cc_target_moments: 3 per further target). Counts are whole numbers and seconds
 * are rounded to a multiple of 2^-10 s (under a millisecond) before they are added,
 * so every term is a whole number (counts and their products), a multiple of 2^-10
 * (seconds, seconds x count) or of 2^-20 (seconds x seconds), and a sum is exact,
 * hence independent of the order and grouping of its terms, while it stays below
 * 2^53 such units: 2^43 s for summed seconds, 2^33 s^2 (8.6e9) for summed squares
 * of seconds, 2^53 for counts.
 * Sums merge by adding (cc_*_moments_merge), as blocks of replications do.
 */
#ifndef CC_STATS_H
#define CC_STATS_H

#include "model/interval.h"
#include "model/scenario.h"

#include <stddef.h>

/* The interval record (cc_queue_tally, cc_group_tally) lives in model/interval.h:
 * the simulation counts it per replication, the analytic plan fills its expectation. */

typedef enum cc_metric {
    CC_M_OFFERED = 0,           /* calls offered per replication */
    CC_M_ANSWERED,
    CC_M_ABANDONED,
    CC_M_SERVICE_LEVEL,         /* answered within T / offered */
    CC_M_SERVICE_LEVEL_ANSWERED,/* answered within T / answered */
    CC_M_SERVICE_LEVEL_EXCL_SHORT, /* answered within T / (offered - abandoned within T) */
    CC_M_ABANDON_RATE,          /* abandoned / offered */
    CC_M_ASA,                   /* mean wait of answered calls, s */
    CC_M_ABANDON_TIME,          /* mean wait of abandoned calls, s */
    CC_M_DROPPED,               /* contacts dropped by an outage per replication */
    CC_M_BACKLOG,               /* contacts waiting at the interval's end per replication
                                   (summed over intervals in a horizon's tally) */
    CC_M_AHT,                   /* mean handling time of answered contacts, s */
    CC_QUEUE_METRICS
} cc_metric;

typedef enum cc_group_metric {
    CC_GM_OCCUPANCY = 0,        /* busy / staffed agent-seconds */
    CC_GM_STAFFED_HOURS,        /* agent-hours on duty */
    CC_GROUP_METRICS
} cc_group_metric;

extern const char *const cc_metric_names[CC_QUEUE_METRICS];
extern const char *const cc_group_metric_names[CC_GROUP_METRICS];

/* Adds b into a, field by field. */
void cc_queue_tally_add(cc_queue_tally *a, const cc_queue_tally *b);
void cc_group_tally_add(cc_group_tally *a, const cc_group_tally *b);

/* The numerator and denominator of every queue metric for one tally. */
void cc_queue_metric_terms(const cc_queue_tally *t, double num[CC_QUEUE_METRICS],
                           double den[CC_QUEUE_METRICS]);
/* The same for a group. */
void cc_group_metric_terms(const cc_group_tally *t, double num[CC_GROUP_METRICS],
                           double den[CC_GROUP_METRICS]);

/* An estimate across replications. */
typedef struct cc_estimate {
    double mean;                /* pooled ratio across replications */
    double ci95;                /* half-width of the 95% confidence interval */
} cc_estimate;

/* Sums over n replications of a metric's numerator x and denominator y. */
typedef struct cc_ratio {
    double sx, sy, sxx, syy, sxy;
} cc_ratio;

/* The pooled ratio (NaN when the denominators sum to 0) and its 95% half-width
 * (NaN with fewer than two replications); t95 is cc_t95(n), which the caller
 * computes once for all the estimates of a run. */
cc_estimate cc_ratio_estimate(const cc_ratio *r, unsigned n, double t95);

/* Student's t quantile for a two-sided 95% interval with n - 1 degrees of freedom. */
double cc_t95(unsigned n);

/* Moments of one queue cell: sums over replications of the fields the metrics use,
 * their squares and their products (see the header). Zero-initialise, add each
 * replication's tally, then estimate. */
#define CC_QUEUE_MOMENTS 27
typedef struct cc_queue_moments {
    double m[CC_QUEUE_MOMENTS];
} cc_queue_moments;

void cc_queue_moments_add(cc_queue_moments *m, const cc_queue_tally *t);
/* Adds the sums b (another block of replications) into a. */
void cc_queue_moments_merge(cc_queue_moments *a, const cc_queue_moments *b);
/* Every queue metric from n replications' moments. */
void cc_queue_moments_estimate(const cc_queue_moments *m, unsigned n, double t95,
                               cc_estimate out[CC_QUEUE_METRICS]);

/* Moments of one group cell: busy and staffed seconds, squares, product. */
typedef struct cc_group_moments {
    double busy, staffed, busy2, staffed2, busy_staffed;
} cc_group_moments;

void cc_group_moments_add(cc_group_moments *m, const cc_group_tally *t);
void cc_group_moments_merge(cc_group_moments *a, const cc_group_moments *b);
void cc_group_moments_estimate(const cc_group_moments *m, unsigned n, double t95,
                               cc_estimate out[CC_GROUP_METRICS]);

/* Moments of a service level against one of a queue's further targets: answered
 * within it / offered. */
typedef struct cc_target_moments {
    double within, within2, within_offered;
} cc_target_moments;

void cc_target_moments_add(cc_target_moments *m, double within, double offered);
void cc_target_moments_merge(cc_target_moments *a, const cc_target_moments *b);
/* The service level for the target from its moments and the cell's queue moments
 * (which hold the offered sums). */
cc_estimate cc_target_moments_estimate(const cc_target_moments *m, const cc_queue_moments *q,
                                       unsigned n, double t95);

/* The difference R1 - R2 of two pooled ratios estimated on the same n replications
 * (common random numbers: replication r of both runs saw the same callers), with
 * its paired 95% half-width: Student's t times the standard error of the per-
 * replication linearised difference (x1 - R1 y1) / mean(y1) - (x2 - R2 y2) / mean(y2).
 * Pairing removes the noise the two runs share, so a real difference shows with
 * far fewer replications than two independent runs would need. */
void cc_ratio_diff_estimate(const double *x1, const double *y1, const double *x2,
                            const double *y2, unsigned n, double *diff, double *ci95);

#endif
