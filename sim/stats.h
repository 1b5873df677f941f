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
 * 5; cc_target_moments: 3 per further target). Seconds are rounded to a multiple of
 * 2^-10 s (under a millisecond) before they are used.
 *
 * Exact sums. The per-interval sums (cc_queue_fixed, cc_group_fixed,
 * cc_target_fixed: the same numbers, the same 8 bytes each) are int64_t fixed
 * point in units of 2^-10: counts, their products, seconds and seconds x counts
 * exactly; squared seconds rounded per term to the nearest 2^-10 s^2, a function of
 * the one replication alone. Integer sums are exact, hence the same bits whatever
 * the order and grouping of the replications, up to 2^63 units: 2^53 (9.0e15) s^2,
 * s or contacts per cell. An add that would pass it leaves the sum at
 * CC_FIXED_OVERFLOW, read back as NaN, and *_fixed_moments says the cell is not
 * exact; every term is >= 0, so whether a sum overflows does not depend on the
 * grouping either. They turn into doubles (*_fixed_moments) only to be
 * estimated. The sums over the horizon stay doubles (their squares outgrow any
 * fixed range over a year), added in a fixed order by the runner.
 * Sums merge by adding (cc_*_merge), as blocks of replications do.
 */
#ifndef CC_STATS_H
#define CC_STATS_H

#include "model/interval.h"
#include "model/scenario.h"

#include <stddef.h>
#include <stdint.h>

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

/* The fixed-point per-interval sums (see the header): add a replication, merge
 * another block's sums, and read them back as moments (1, or 0 when a sum
 * overflowed: it reads NaN). Zero-initialise. */
#define CC_FIXED_OVERFLOW INT64_MAX
typedef struct cc_queue_fixed {
    int64_t m[CC_QUEUE_MOMENTS];
} cc_queue_fixed;
typedef struct cc_group_fixed {
    int64_t busy, staffed, busy2, staffed2, busy_staffed;
} cc_group_fixed;
typedef struct cc_target_fixed {
    int64_t within, within2, within_offered;
} cc_target_fixed;
_Static_assert(sizeof(cc_queue_fixed) == sizeof(cc_queue_moments), "same 8 bytes per sum");

void cc_queue_fixed_add(cc_queue_fixed *m, const cc_queue_tally *t);
void cc_queue_fixed_merge(cc_queue_fixed *a, const cc_queue_fixed *b);
int cc_queue_fixed_moments(const cc_queue_fixed *f, cc_queue_moments *out);
void cc_group_fixed_add(cc_group_fixed *m, const cc_group_tally *t);
void cc_group_fixed_merge(cc_group_fixed *a, const cc_group_fixed *b);
int cc_group_fixed_moments(const cc_group_fixed *f, cc_group_moments *out);
void cc_target_fixed_add(cc_target_fixed *m, double within, double offered);
void cc_target_fixed_merge(cc_target_fixed *a, const cc_target_fixed *b);
int cc_target_fixed_moments(const cc_target_fixed *f, cc_target_moments *out);

/* The difference R1 - R2 of two pooled ratios estimated on the same n replications
 * (common random numbers: replication r of both runs saw the same callers), with
 * its paired 95% half-width: Student's t times the standard error of the per-
 * replication linearised difference (x1 - R1 y1) / mean(y1) - (x2 - R2 y2) / mean(y2).
 * Pairing removes the noise the two runs share, so a real difference shows with
 * far fewer replications than two independent runs would need. */
void cc_ratio_diff_estimate(const double *x1, const double *y1, const double *x2,
                            const double *y2, unsigned n, double *diff, double *ci95);

#endif
