/* forecast.h — calls per interval for a planning horizon from interval history: a
 * day-of-week x interval profile with a trend, its error on held-back weeks against
 * the seasonal-naive forecast, and prediction intervals that carry the history's
 * over-dispersion.
 *
 * The model. Each day's total is fitted by least squares (GSL's multifit) as one
 * level per weekday plus a linear trend in the date; the day is then spread over its
 * intervals by the weekday's intraday profile (each interval's share of that
 * weekday's calls over the training days). Days without data (holidays, weekends the
 * file does not hold) are left out of the fit, not read as zero; a weekday that
 * never has data is forecast as closed (0 calls).
 *
 * Over-dispersion. Real day-to-day variation is wider than Poisson: the dispersion
 * is the pooled ratio sum (y - f)^2 / sum f over the training intervals (1 for
 * Poisson; about 3 for the US bank's 5-minute counts). The prediction interval of an
 * interval with forecast f is f +- z sqrt(dispersion f), z the normal quantile of the
 * requested level, cut at 0.
 *
 * Evaluation. The last `holdout_weeks` weeks of the history (counted back from its last
 * date) are held back: the model is fitted on the days before them and scored on
 * them, interval by interval, as is the seasonal-naive forecast (each held-back day
 * repeats the last training day of the same weekday). MAPE is over intervals with
 * calls (|f - a| / a averaged), bias is sum (f - a) / sum a. The coverage is the
 * share of held-back intervals whose count falls inside the prediction interval.
 *
 * The series is given as days x intervals_per_day values from first_date with a
 * presence flag each (the layout of io/history.h); nothing here reads files.
 * Ownership: cc_forecast_fini frees what a cc_forecast holds.
 */
#ifndef CC_FORECAST_H
#define CC_FORECAST_H

#include "model/error.h"

#include <stddef.h>

typedef struct cc_series {
    long first_date;            /* days from 1970-01-01 */
    size_t days, intervals_per_day;
    const double *calls;        /* [day * intervals_per_day + k] */
    const unsigned char *present;
} cc_series;

typedef struct cc_forecast_options {
    size_t train_weeks;         /* fit on at most this many weeks before the horizon; 0: all */
    size_t holdout_weeks;       /* evaluation; 0: no evaluation */
    size_t horizon_days;        /* the forecast after the history's last date; may be 0 */
    double level;               /* prediction-interval level, (0, 1); 0: 0.9 */
} cc_forecast_options;

typedef struct cc_forecast_score {
    double mape, bias;          /* NaN when nothing was scored */
    size_t intervals;           /* intervals scored */
} cc_forecast_score;

typedef struct cc_forecast {
    size_t intervals_per_day;
    double weekday_level[7];    /* fitted daily calls at the trend's origin, Mon..Sun (0: no data) */
    double trend_per_day;       /* calls per day per day */
    double dispersion;          /* pooled variance / mean of the fit's residuals */
    size_t train_days;
    /* evaluation on the held-back weeks */
    size_t holdout_days;
    cc_forecast_score model, seasonal_naive;
    double coverage;            /* share of held-back intervals inside the interval */
    double poisson_coverage;    /* the same with the Poisson interval (dispersion 1) */
    /* the horizon */
    long first_date;            /* the day after the history's last */
    size_t days;
    double *calls, *lo, *hi;    /* [day * intervals_per_day + k] */
    double level;
} cc_forecast;

/* Fits, evaluates and forecasts. CC_EINPUT when the training part has fewer than two
 * weeks of days with data (the message says how many), CC_EINTERNAL out of memory or on
 * a GSL failure. */
int cc_forecast_run(const cc_series *s, const cc_forecast_options *opt, cc_forecast *out,
                    cc_error *err);

void cc_forecast_fini(cc_forecast *f);

#endif
