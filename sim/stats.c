#include "sim/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

const char *const cc_metric_names[CC_QUEUE_METRICS] = {
    "offered", "answered", "abandoned", "service_level", "service_level_answered",
    "service_level_excl_short", "abandon_rate", "asa_s", "abandon_time_s", "dropped", "backlog",
    "aht_s",
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
    a->blocked += b->blocked;
    a->deflected += b->deflected;
    a->called_back += b->called_back;
    a->callbacks_made += b->callbacks_made;
    a->callback_within += b->callback_within;
    a->redials += b->redials;
    for (size_t k = 0; k < CC_MAX_TARGETS; k++)
        a->censored_k[k] += b->censored_k[k];
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
    num[CC_M_DROPPED] = t->dropped;                         den[CC_M_DROPPED] = 1.0;
    num[CC_M_BACKLOG] = t->backlog;                         den[CC_M_BACKLOG] = 1.0;
    num[CC_M_AHT] = t->handled_s;                           den[CC_M_AHT] = t->answered;
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

cc_estimate cc_ratio_estimate(const cc_ratio *r, unsigned n, double t95)
{
    cc_estimate e = { NAN, NAN };
    if (n == 0 || r->sy == 0.0)
        return e;
    double R = r->sx / r->sy;
    e.mean = R;
    if (n < 2)
        return e;
    double dn = (double)n;
    /* sum over replications of (x - R y)^2, expanded; clamp rounding below zero. */
    double sse = r->sxx - 2.0 * R * r->sxy + R * R * r->syy;
    if (sse < 0.0)
        sse = 0.0;
    e.ci95 = t95 * sqrt(sse / (dn - 1.0) / dn) / fabs(r->sy / dn);
    return e;
}

/* A term of the moments: seconds rounded to a multiple of 2^-10 s, so that sums of
 * terms, squares and products are exact (counts are whole already). */
static inline double term(double x) { return nearbyint(x * 1024.0) * (1.0 / 1024.0); }

/* The fields of a queue cell the metrics are built from; then, in cc_queue_moments.m,
 * their sums, their squares, and the products in `products`. */
enum { F_OFFERED, F_ANSWERED, F_WITHIN, F_ABANDONED, F_EXCL_SHORT, F_WAIT, F_ABANDON_WAIT,
       F_DROPPED, F_BACKLOG, F_HANDLED, F_FIELDS, F_UNIT = -1 };
enum { P_WITHIN_OFFERED, P_WITHIN_ANSWERED, P_WITHIN_EXCL_SHORT, P_ABANDONED_OFFERED,
       P_WAIT_ANSWERED, P_ABANDON_WAIT_ABANDONED, P_HANDLED_ANSWERED, P_PRODUCTS };
_Static_assert(2 * F_FIELDS + P_PRODUCTS == CC_QUEUE_MOMENTS, "queue moments layout");

static const struct { signed char x, y; } products[P_PRODUCTS] = {
    [P_WITHIN_OFFERED] = { F_WITHIN, F_OFFERED },
    [P_WITHIN_ANSWERED] = { F_WITHIN, F_ANSWERED },
    [P_WITHIN_EXCL_SHORT] = { F_WITHIN, F_EXCL_SHORT },
    [P_ABANDONED_OFFERED] = { F_ABANDONED, F_OFFERED },
    [P_WAIT_ANSWERED] = { F_WAIT, F_ANSWERED },
    [P_ABANDON_WAIT_ABANDONED] = { F_ABANDON_WAIT, F_ABANDONED },
    [P_HANDLED_ANSWERED] = { F_HANDLED, F_ANSWERED },
};

/* Every metric as numerator field / denominator field (F_UNIT: 1) and their product;
 * the same definitions as cc_queue_metric_terms. */
static const struct { signed char x, y, xy; } metric_moments[CC_QUEUE_METRICS] = {
    [CC_M_OFFERED] = { F_OFFERED, F_UNIT, -1 },
    [CC_M_ANSWERED] = { F_ANSWERED, F_UNIT, -1 },
    [CC_M_ABANDONED] = { F_ABANDONED, F_UNIT, -1 },
    [CC_M_SERVICE_LEVEL] = { F_WITHIN, F_OFFERED, P_WITHIN_OFFERED },
    [CC_M_SERVICE_LEVEL_ANSWERED] = { F_WITHIN, F_ANSWERED, P_WITHIN_ANSWERED },
    [CC_M_SERVICE_LEVEL_EXCL_SHORT] = { F_WITHIN, F_EXCL_SHORT, P_WITHIN_EXCL_SHORT },
    [CC_M_ABANDON_RATE] = { F_ABANDONED, F_OFFERED, P_ABANDONED_OFFERED },
    [CC_M_ASA] = { F_WAIT, F_ANSWERED, P_WAIT_ANSWERED },
    [CC_M_ABANDON_TIME] = { F_ABANDON_WAIT, F_ABANDONED, P_ABANDON_WAIT_ABANDONED },
    [CC_M_DROPPED] = { F_DROPPED, F_UNIT, -1 },
    [CC_M_BACKLOG] = { F_BACKLOG, F_UNIT, -1 },
    [CC_M_AHT] = { F_HANDLED, F_ANSWERED, P_HANDLED_ANSWERED },
};

/* The CC_QUEUE_MOMENTS terms one tally adds to a queue cell's sums. */
static void queue_terms(const cc_queue_tally *t, double v[CC_QUEUE_MOMENTS])
{
    double f[F_FIELDS] = {
        [F_OFFERED] = t->offered, [F_ANSWERED] = t->answered, [F_WITHIN] = t->answered_within,
        [F_ABANDONED] = t->abandoned, [F_EXCL_SHORT] = t->offered - t->abandoned_within,
        [F_WAIT] = term(t->wait_s), [F_ABANDON_WAIT] = term(t->abandon_wait_s),
        [F_DROPPED] = t->dropped, [F_BACKLOG] = t->backlog, [F_HANDLED] = term(t->handled_s),
    };
    for (int k = 0; k < F_FIELDS; k++) {
        v[k] = f[k];
        v[F_FIELDS + k] = f[k] * f[k];
    }
    for (int p = 0; p < P_PRODUCTS; p++)
        v[2 * F_FIELDS + p] = f[products[p].x] * f[products[p].y];
}

void cc_queue_moments_add(cc_queue_moments *m, const cc_queue_tally *t)
{
    double v[CC_QUEUE_MOMENTS];
    queue_terms(t, v);
    for (int k = 0; k < CC_QUEUE_MOMENTS; k++)
        m->m[k] += v[k];
}

void cc_queue_moments_merge(cc_queue_moments *a, const cc_queue_moments *b)
{
    for (int k = 0; k < CC_QUEUE_MOMENTS; k++)
        a->m[k] += b->m[k];
}

void cc_queue_moments_estimate(const cc_queue_moments *m, unsigned n, double t95,
                               cc_estimate out[CC_QUEUE_METRICS])
{
    for (int k = 0; k < CC_QUEUE_METRICS; k++) {
        int x = metric_moments[k].x, y = metric_moments[k].y;
        cc_ratio r = { .sx = m->m[x], .sxx = m->m[F_FIELDS + x] };
        if (y == F_UNIT) {
            r.sy = r.syy = n;
            r.sxy = m->m[x];
        } else {
            r.sy = m->m[y];
            r.syy = m->m[F_FIELDS + y];
            r.sxy = m->m[2 * F_FIELDS + metric_moments[k].xy];
        }
        out[k] = cc_ratio_estimate(&r, n, t95);
    }
}

/* The terms one tally adds to a group cell's sums. */
static cc_group_moments group_terms(const cc_group_tally *t)
{
    double b = term(t->busy_s), s = term(t->staffed_s);
    return (cc_group_moments){ b, s, b * b, s * s, b * s };
}

void cc_group_moments_add(cc_group_moments *m, const cc_group_tally *t)
{
    cc_group_moments v = group_terms(t);
    cc_group_moments_merge(m, &v);
}

void cc_group_moments_merge(cc_group_moments *a, const cc_group_moments *b)
{
    a->busy += b->busy;
    a->staffed += b->staffed;
    a->busy2 += b->busy2;
    a->staffed2 += b->staffed2;
    a->busy_staffed += b->busy_staffed;
}

void cc_group_moments_estimate(const cc_group_moments *m, unsigned n, double t95,
                               cc_estimate out[CC_GROUP_METRICS])
{
    cc_ratio occupancy = { m->busy, m->staffed, m->busy2, m->staffed2, m->busy_staffed };
    /* agent-hours: staffed seconds over a constant 3600 */
    cc_ratio hours = { m->staffed, 3600.0 * n, m->staffed2, 3600.0 * 3600.0 * n, 3600.0 * m->staffed };
    out[CC_GM_OCCUPANCY] = cc_ratio_estimate(&occupancy, n, t95);
    out[CC_GM_STAFFED_HOURS] = cc_ratio_estimate(&hours, n, t95);
}

/* The terms one replication adds to a target's sums. */
static cc_target_moments target_terms(double within, double offered)
{
    return (cc_target_moments){ within, within * within, within * offered };
}

void cc_target_moments_add(cc_target_moments *m, double within, double offered)
{
    cc_target_moments v = target_terms(within, offered);
    cc_target_moments_merge(m, &v);
}

void cc_target_moments_merge(cc_target_moments *a, const cc_target_moments *b)
{
    a->within += b->within;
    a->within2 += b->within2;
    a->within_offered += b->within_offered;
}

cc_estimate cc_target_moments_estimate(const cc_target_moments *m, const cc_queue_moments *q,
                                       unsigned n, double t95)
{
    cc_ratio r = { m->within, q->m[F_OFFERED], m->within2, q->m[F_FIELDS + F_OFFERED], m->within_offered };
    return cc_ratio_estimate(&r, n, t95);
}

/* Fixed-point sums: every term in units of 2^-10, rounded to the nearest unit
 * (exact for counts, products of counts, seconds and seconds x counts; squared
 * seconds lose under 2^-11 s^2 per term). A sum that would leave int64_t's range
 * stays at CC_FIXED_OVERFLOW, which reads back as NaN. */
static int64_t units(double v)
{
    double u = nearbyint(v * 1024.0);
    /* -2^63 <= u < 2^63 converts; every term is >= 0 but the test costs nothing */
    return u >= -0x1p63 && u < 0x1p63 ? (int64_t)u : CC_FIXED_OVERFLOW;
}

static void fixed_add(int64_t *sum, int64_t v)
{
    if (*sum == CC_FIXED_OVERFLOW || v == CC_FIXED_OVERFLOW || __builtin_add_overflow(*sum, v, sum))
        *sum = CC_FIXED_OVERFLOW;
}

/* The sum in seconds (or counts); *exact is cleared when it overflowed. */
static double fixed_value(int64_t sum, int *exact)
{
    if (sum == CC_FIXED_OVERFLOW) {
        *exact = 0;
        return NAN;
    }
    return (double)sum * (1.0 / 1024.0);
}

void cc_queue_fixed_add(cc_queue_fixed *m, const cc_queue_tally *t)
{
    double v[CC_QUEUE_MOMENTS];
    queue_terms(t, v);
    for (int k = 0; k < CC_QUEUE_MOMENTS; k++)
        fixed_add(&m->m[k], units(v[k]));
}

void cc_queue_fixed_merge(cc_queue_fixed *a, const cc_queue_fixed *b)
{
    for (int k = 0; k < CC_QUEUE_MOMENTS; k++)
        fixed_add(&a->m[k], b->m[k]);
}

int cc_queue_fixed_moments(const cc_queue_fixed *f, cc_queue_moments *out)
{
    int exact = 1;
    for (int k = 0; k < CC_QUEUE_MOMENTS; k++)
        out->m[k] = fixed_value(f->m[k], &exact);
    return exact;
}

void cc_group_fixed_add(cc_group_fixed *m, const cc_group_tally *t)
{
    cc_group_moments v = group_terms(t);
    cc_group_fixed u = { units(v.busy), units(v.staffed), units(v.busy2), units(v.staffed2),
                         units(v.busy_staffed) };
    cc_group_fixed_merge(m, &u);
}

void cc_group_fixed_merge(cc_group_fixed *a, const cc_group_fixed *b)
{
    fixed_add(&a->busy, b->busy);
    fixed_add(&a->staffed, b->staffed);
    fixed_add(&a->busy2, b->busy2);
    fixed_add(&a->staffed2, b->staffed2);
    fixed_add(&a->busy_staffed, b->busy_staffed);
}

int cc_group_fixed_moments(const cc_group_fixed *f, cc_group_moments *out)
{
    int exact = 1;
    *out = (cc_group_moments){ fixed_value(f->busy, &exact), fixed_value(f->staffed, &exact),
                               fixed_value(f->busy2, &exact), fixed_value(f->staffed2, &exact),
                               fixed_value(f->busy_staffed, &exact) };
    return exact;
}

void cc_target_fixed_add(cc_target_fixed *m, double within, double offered)
{
    cc_target_moments v = target_terms(within, offered);
    cc_target_fixed u = { units(v.within), units(v.within2), units(v.within_offered) };
    cc_target_fixed_merge(m, &u);
}

void cc_target_fixed_merge(cc_target_fixed *a, const cc_target_fixed *b)
{
    fixed_add(&a->within, b->within);
    fixed_add(&a->within2, b->within2);
    fixed_add(&a->within_offered, b->within_offered);
}

int cc_target_fixed_moments(const cc_target_fixed *f, cc_target_moments *out)
{
    int exact = 1;
    *out = (cc_target_moments){ fixed_value(f->within, &exact), fixed_value(f->within2, &exact),
                                fixed_value(f->within_offered, &exact) };
    return exact;
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
