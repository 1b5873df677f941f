/* stats.h — what one replication counts, and how replications become estimates.
 *
 * Tallies. A replication counts, per queue and arrival interval, the calls offered,
 * answered, answered within the target time T, abandoned, abandoned within T, and
 * the summed waits; per agent group and interval, the time-weighted busy and
 * staffed agent-seconds. Counts are doubles (exact to 2^53) so tallies add up
 * without conversions. A tally is a plain array owned by the caller: memory is
 * fixed by the scenario, never by the number of calls.
 *
 * Metrics. Every reported measure is a ratio of two tally sums (cc_metric): service
 * level = answered within T / offered, and so on. Across replications a metric is
 * estimated by the pooled ratio sum(num) / sum(den) — the estimator that converges
 * to the exact finite-horizon value; the mean of per-replication ratios is biased by
 * O(1/calls). Its 95% confidence half-width is Student's t (gsl_cdf_tdist_Pinv, n-1
 * degrees of freedom) times the delta-method standard error of a ratio estimator:
 * sqrt(sum((num_r - R den_r)^2) / (n - 1) / n) / mean(den). Counts per replication
 * (offered, answered) are ratios with den = 1, i.e. plain means.
 *
 * Accumulators are added to in replication order only, so every sum, and hence
 * every reported figure, is bit-identical for any thread count.
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

/* Running sums for the ratio estimator of one metric across replications. */
typedef struct cc_ratio {
    double sx, sy, sxx, syy, sxy;
    unsigned n;
} cc_ratio;

static inline void cc_ratio_add(cc_ratio *r, double x, double y)
{
    r->sx += x;
    r->sy += y;
    r->sxx += x * x;
    r->syy += y * y;
    r->sxy += x * y;
    r->n++;
}

/* The pooled ratio (NaN when the denominators sum to 0) and its 95% half-width
 * (NaN with fewer than two replications). */
void cc_ratio_estimate(const cc_ratio *r, double *mean, double *ci95);

/* The difference R1 - R2 of two pooled ratios estimated on the same n replications
 * (common random numbers: replication r of both runs saw the same callers), with
 * its paired 95% half-width: Student's t times the standard error of the per-
 * replication linearised difference (x1 - R1 y1) / mean(y1) - (x2 - R2 y2) / mean(y2).
 * Pairing removes the noise the two runs share, so a real difference shows with
 * far fewer replications than two independent runs would need. */
void cc_ratio_diff_estimate(const double *x1, const double *y1, const double *x2,
                            const double *y2, unsigned n, double *diff, double *ci95);

/* Student's t quantile for a two-sided 95% interval with n - 1 degrees of freedom. */
double cc_t95(unsigned n);

#endif
