#include "sim/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

const char *const cc_metric_names[CC_QUEUE_METRICS] = {
    "offered", "answered", "abandoned", "service_level", "service_level_answered",
    "service_level_excl_short", "abandon_rate", "asa_s", "abandon_time_s",
};

const char *const cc_group_metric_names[CC_GROUP_METRICS] = { "occupancy", "staffed_hours" };

void cc_queue_tally_add(cc_queue_tally *a, const cc_queue_tally *b)
{
    a->offered += b->offered;
    a->answered += b->answered;
    a->answered_within += b->answered_within;
    a->abandoned += b->abandoned;
    a->abandoned_within += b->abandoned_within;
    for (size_t k = 0; k < CC_MAX_TARGETS - 1; k++)
        a->answered_within_k[k] += b->answered_within_k[k];
    a->dropped += b->dropped;
    a->wait_s += b->wait_s;
    a->abandon_wait_s += b->abandon_wait_s;
    a->handled_s += b->handled_s;
    a->backlog += b->backlog;
}

void cc_group_tally_add(cc_group_tally *a, const cc_group_tally *b)
{
    a->busy_s += b->busy_s;
    a->staffed_s += b->staffed_s;
}

void cc_queue_metric_terms(const cc_queue_tally *t, double num[CC_QUEUE_METRICS],
                           double den[CC_QUEUE_METRICS])
{
    num[CC_M_OFFERED] = t->offered;                         den[CC_M_OFFERED] = 1.0;
    num[CC_M_ANSWERED] = t->answered;                       den[CC_M_ANSWERED] = 1.0;
    num[CC_M_ABANDONED] = t->abandoned;                     den[CC_M_ABANDONED] = 1.0;
    num[CC_M_SERVICE_LEVEL] = t->answered_within;           den[CC_M_SERVICE_LEVEL] = t->offered;
    num[CC_M_SERVICE_LEVEL_ANSWERED] = t->answered_within;  den[CC_M_SERVICE_LEVEL_ANSWERED] = t->answered;
    num[CC_M_SERVICE_LEVEL_EXCL_SHORT] = t->answered_within;
    den[CC_M_SERVICE_LEVEL_EXCL_SHORT] = t->offered - t->abandoned_within;
    num[CC_M_ABANDON_RATE] = t->abandoned;                  den[CC_M_ABANDON_RATE] = t->offered;
    num[CC_M_ASA] = t->wait_s;                              den[CC_M_ASA] = t->answered;
    num[CC_M_ABANDON_TIME] = t->abandon_wait_s;             den[CC_M_ABANDON_TIME] = t->abandoned;
}

void cc_group_metric_terms(const cc_group_tally *t, double num[CC_GROUP_METRICS],
                           double den[CC_GROUP_METRICS])
{
    num[CC_GM_OCCUPANCY] = t->busy_s;           den[CC_GM_OCCUPANCY] = t->staffed_s;
    num[CC_GM_STAFFED_HOURS] = t->staffed_s;    den[CC_GM_STAFFED_HOURS] = 3600.0;
}

double cc_t95(unsigned n)
{
    return n >= 2 ? gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) : NAN;
}

void cc_ratio_estimate(const cc_ratio *r, double *mean, double *ci95)
{
    if (r->n == 0 || r->sy == 0.0) {
        *mean = NAN;
        *ci95 = NAN;
        return;
    }
    double R = r->sx / r->sy;
    *mean = R;
    if (r->n < 2) {
        *ci95 = NAN;
        return;
    }
    double n = (double)r->n;
    /* sum over replications of (x - R y)^2, expanded; clamp rounding below zero. */
    double sse = r->sxx - 2.0 * R * r->sxy + R * R * r->syy;
    if (sse < 0.0)
        sse = 0.0;
    double ybar = r->sy / n;
    *ci95 = cc_t95(r->n) * sqrt(sse / (n - 1.0) / n) / fabs(ybar);
}

void cc_ratio_diff_estimate(const double *x1, const double *y1, const double *x2,
                            const double *y2, unsigned n, double *diff, double *ci95)
{
    double sx1 = 0, sy1 = 0, sx2 = 0, sy2 = 0;
    for (unsigned r = 0; r < n; r++) {
        sx1 += x1[r];
        sy1 += y1[r];
        sx2 += x2[r];
        sy2 += y2[r];
    }
    if (n == 0 || sy1 == 0.0 || sy2 == 0.0) {
        *diff = *ci95 = NAN;
        return;
    }
    double R1 = sx1 / sy1, R2 = sx2 / sy2, m1 = sy1 / n, m2 = sy2 / n;
    *diff = R1 - R2;
    if (n < 2) {
        *ci95 = NAN;
        return;
    }
    /* The linearised terms have mean zero by construction; their sum of squares is
     * the variance numerator. */
    double ss = 0;
    for (unsigned r = 0; r < n; r++) {
        double z = (x1[r] - R1 * y1[r]) / m1 - (x2[r] - R2 * y2[r]) / m2;
        ss += z * z;
    }
    *ci95 = cc_t95(n) * sqrt(ss / (n - 1.0) / n);
}
