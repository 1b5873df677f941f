/* forecast.c — weekday levels with a linear trend (GSL multifit), weekday intraday
 * profiles, over-dispersed prediction intervals, held-back evaluation (forecast.h).
 * Cost: one least-squares fit of (days with data) x 8 per call of fit(), and one
 * pass over the series per profile and score. */
#include "model/forecast.h"

#include "model/calendar.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct fit {
    size_t per_day;
    double level[7], trend;
    long origin;                /* the date the trend is measured from */
    double *share;              /* [w * per_day + k]: interval k's share of weekday w */
    double dispersion;
} fit;

static int day_present(const cc_series *s, size_t d)
{
    for (size_t k = 0; k < s->intervals_per_day; k++)
        if (s->present[d * s->intervals_per_day + k])
            return 1;
    return 0;
}

static double day_total(const cc_series *s, size_t d)
{
    double t = 0;
    for (size_t k = 0; k < s->intervals_per_day; k++)
        t += s->calls[d * s->intervals_per_day + k];
    return t;
}

/* The forecast of interval k of date `date` under fit f. */
static double predict(const fit *f, long date, size_t k)
{
    int w = cc_date_weekday(date);
    if (f->level[w] <= 0)
        return 0;
    double total = f->level[w] + f->trend * (double)(date - f->origin);
    return total > 0 ? total * f->share[(size_t)w * f->per_day + k] : 0;
}

/* Fits days [from, to) of s. */
static int fit_days(const cc_series *s, size_t from, size_t to, fit *f, cc_error *err)
{
    size_t P = s->intervals_per_day, n = 0;
    int col[7], p = 0, seen[7] = { 0 };
    for (size_t d = from; d < to; d++)
        if (day_present(s, d)) {
            n++;
            seen[cc_date_weekday(s->first_date + (long)d)] = 1;
        }
    for (int w = 0; w < 7; w++)
        col[w] = seen[w] ? p++ : -1;
    if (n < 14 || n <= (size_t)p + 1)
        return cc_error_set(err, CC_EINPUT, "forecast: %zu days with data to fit on; at least "
                            "two weeks (14 days) are needed", n);
    memset(f, 0, sizeof *f);
    f->per_day = P;
    f->origin = s->first_date + (long)from;
    f->share = calloc(7 * P, sizeof *f->share);
    gsl_matrix *X = gsl_matrix_calloc(n, (size_t)p + 1), *cov = gsl_matrix_alloc((size_t)p + 1, (size_t)p + 1);
    gsl_vector *y = gsl_vector_alloc(n), *c = gsl_vector_alloc((size_t)p + 1);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, (size_t)p + 1);
    int rc = CC_OK;
    if (!f->share || !X || !cov || !y || !c || !ws) {
        rc = cc_error_set(err, CC_EINTERNAL, "forecast: out of memory");
        goto out;
    }
    double weekday_calls[7] = { 0 };
    size_t row = 0;
    for (size_t d = from; d < to; d++) {
        if (!day_present(s, d))
            continue;
        long date = s->first_date + (long)d;
        int w = cc_date_weekday(date);
        gsl_matrix_set(X, row, (size_t)col[w], 1.0);
        gsl_matrix_set(X, row, (size_t)p, (double)(date - f->origin));
        double total = day_total(s, d);
        gsl_vector_set(y, row++, total);
        weekday_calls[w] += total;
        for (size_t k = 0; k < P; k++)
            f->share[(size_t)w * P + k] += s->calls[d * P + k];
    }
    double chisq;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int g = gsl_multifit_linear(X, y, c, cov, &chisq, ws);
    gsl_set_error_handler(old);
    if (g) {
        rc = cc_error_set(err, CC_EINTERNAL, "forecast: least-squares fit failed: %s", gsl_strerror(g));
        goto out;
    }
    for (int w = 0; w < 7; w++) {
        f->level[w] = col[w] >= 0 ? gsl_vector_get(c, (size_t)col[w]) : 0;
        for (size_t k = 0; k < P; k++)
            f->share[(size_t)w * P + k] = weekday_calls[w] > 0 ? f->share[(size_t)w * P + k] / weekday_calls[w] : 0;
    }
    f->trend = gsl_vector_get(c, (size_t)p);
    /* dispersion: pooled squared residual over forecast, intervals with data */
    double num = 0, den = 0;
    for (size_t d = from; d < to; d++)
        for (size_t k = 0; k < P; k++) {
            if (!s->present[d * P + k])
                continue;
            double fc = predict(f, s->first_date + (long)d, k), r = s->calls[d * P + k] - fc;
            num += r * r;
            den += fc;
        }
    f->dispersion = den > 0 ? num / den : 1.0;
out:
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(y);
    gsl_vector_free(c);
    gsl_multifit_linear_free(ws);
    if (rc != CC_OK) {
        free(f->share);
        f->share = NULL;
    }
    return rc;
}

static void score_add(double fc, double actual, double *ape, double *err_sum, size_t *n)
{
    if (actual > 0) {
        *ape += fabs(fc - actual) / actual;
        (*n)++;
    }
    *err_sum += fc - actual;
}

/* The first training day of the history: at most train_weeks weeks before `end`. */
static size_t train_from(const cc_forecast_options *opt, size_t end)
{
    size_t span = opt->train_weeks * 7;
    return opt->train_weeks && end > span ? end - span : 0;
}

static int evaluate(const cc_series *s, const cc_forecast_options *opt, double z, cc_forecast *out,
                    cc_error *err)
{
    size_t P = s->intervals_per_day, hold = opt->holdout_weeks * 7;
    if (hold >= s->days)
        return cc_error_set(err, CC_EINPUT, "forecast: %zu held-back weeks leave no history to fit "
                            "on (%zu days in all)", opt->holdout_weeks, s->days);
    size_t cut = s->days - hold;
    fit f;
    int rc = fit_days(s, train_from(opt, cut), cut, &f, err);
    if (rc)
        return rc;
    double ape[2] = { 0 }, esum[2] = { 0 }, actual = 0;
    size_t n[2] = { 0 }, inside = 0, inside_poisson = 0, scored = 0;
    for (size_t d = cut; d < s->days; d++) {
        if (!day_present(s, d))
            continue;
        long date = s->first_date + (long)d;
        /* the seasonal-naive source: the last training day of this weekday with data */
        size_t src = cut;
        for (size_t e = cut; e-- > 0;)
            if ((d - e) % 7 == 0 && day_present(s, e)) {
                src = e;
                break;
            }
        out->holdout_days++;
        for (size_t k = 0; k < P; k++) {
            if (!s->present[d * P + k])
                continue;
            double a = s->calls[d * P + k], fc = predict(&f, date, k);
            double naive = src < cut ? s->calls[src * P + k] : 0;
            score_add(fc, a, &ape[0], &esum[0], &n[0]);
            score_add(naive, a, &ape[1], &esum[1], &n[1]);
            actual += a;
            double h = z * sqrt(f.dispersion * fc), hp = z * sqrt(fc);
            inside += a >= fc - h && a <= fc + h;
            inside_poisson += a >= fc - hp && a <= fc + hp;
            scored++;
        }
    }
    cc_forecast_score *sc[2] = { &out->model, &out->seasonal_naive };
    for (int m = 0; m < 2; m++) {
        sc[m]->intervals = n[m];
        sc[m]->mape = n[m] ? ape[m] / (double)n[m] : NAN;
        sc[m]->bias = actual > 0 ? esum[m] / actual : NAN;
    }
    out->coverage = scored ? (double)inside / (double)scored : NAN;
    out->poisson_coverage = scored ? (double)inside_poisson / (double)scored : NAN;
    free(f.share);
    return CC_OK;
}

int cc_forecast_run(const cc_series *s, const cc_forecast_options *opt, cc_forecast *out,
                    cc_error *err)
{
    memset(out, 0, sizeof *out);
    out->model.mape = out->model.bias = NAN;
    out->seasonal_naive.mape = out->seasonal_naive.bias = NAN;
    out->coverage = out->poisson_coverage = NAN;
    out->intervals_per_day = s->intervals_per_day;
    out->level = opt->level > 0 ? opt->level : 0.9;
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - out->level) / 2);
    int rc = opt->holdout_weeks ? evaluate(s, opt, z, out, err) : CC_OK;
    if (rc)
        return rc;
    fit f;
    if ((rc = fit_days(s, train_from(opt, s->days), s->days, &f, err)))
        return rc;
    memcpy(out->weekday_level, f.level, sizeof f.level);
    out->trend_per_day = f.trend;
    out->dispersion = f.dispersion;
    for (size_t d = train_from(opt, s->days); d < s->days; d++)
        out->train_days += (size_t)day_present(s, d);
    out->first_date = s->first_date + (long)s->days;
    out->days = opt->horizon_days;
    size_t P = s->intervals_per_day, n = out->days * P;
    out->calls = calloc(n ? n : 1, sizeof *out->calls);
    out->lo = calloc(n ? n : 1, sizeof *out->lo);
    out->hi = calloc(n ? n : 1, sizeof *out->hi);
    if (!out->calls || !out->lo || !out->hi) {
        free(f.share);
        cc_forecast_fini(out);
        return cc_error_set(err, CC_EINTERNAL, "forecast: out of memory");
    }
    for (size_t d = 0; d < out->days; d++)
        for (size_t k = 0; k < P; k++) {
            double fc = predict(&f, out->first_date + (long)d, k), h = z * sqrt(f.dispersion * fc);
            out->calls[d * P + k] = fc;
            out->lo[d * P + k] = fc > h ? fc - h : 0;
            out->hi[d * P + k] = fc + h;
        }
    free(f.share);
    return CC_OK;
}

void cc_forecast_fini(cc_forecast *f)
{
    free(f->calls);
    free(f->lo);
    free(f->hi);
    f->calls = f->lo = f->hi = NULL;
}
