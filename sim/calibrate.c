/* calibrate.c — simulated against observed, per interval (calibrate.h). */
#include "sim/calibrate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const cc_cal_metric_names[CC_CAL_METRICS] = { "service_level", "asa_s", "abandon_rate" };

static double ratio(double num, double den)
{
    return den > 0 ? num / den : NAN;
}

int cc_calibrate(const cc_history *h, const cc_results *r, size_t q, double min_calls,
                 cc_calibration *out, cc_error *err)
{
    memset(out, 0, sizeof *out);
    const cc_scenario *s = r->s;
    long offset = s->calendar.first_date - h->first_date;
    if (s->interval_s != h->interval_s)
        return cc_error_set(err, CC_EINPUT, "calibration: the scenario's intervals are %g min, the "
                            "history's %g min (use --interval %g)", s->interval_s / 60,
                            h->interval_s / 60, s->interval_s / 60);
    if (offset < 0 || (size_t)offset + s->calendar.days > h->days)
        return cc_error_set(err, CC_EINPUT, "calibration: the scenario's %u days from day %ld of "
                            "the history lie outside its %zu days", s->calendar.days, offset, h->days);
    if (s->queues[q].targets[0].business_days || s->queues[q].targets[0].within_s != h->within_s)
        return cc_error_set(err, CC_EINPUT, "calibration: the history counts calls answered within "
                            "%g s, queue %s's target is another time (use --within with its "
                            "seconds)", h->within_s, s->queues[q].name);
    out->rows = malloc((s->n_intervals ? s->n_intervals : 1) * sizeof *out->rows);
    if (!out->rows)
        return cc_error_set(err, CC_EINTERNAL, "calibration: out of memory");
    size_t base = (size_t)offset * h->intervals_per_day;
    double obs_sum[4] = { 0 };      /* offered, answered, within, wait; abandoned below */
    double obs_abandoned = 0;
    for (size_t i = 0; i < s->n_intervals; i++) {
        size_t hi = base + i;
        double offered = h->offered[hi];
        obs_sum[0] += offered;
        obs_sum[1] += h->answered[hi];
        obs_sum[2] += h->answered_within[hi];
        obs_sum[3] += h->wait_s[hi];
        obs_abandoned += h->abandoned[hi];
        if (!h->present[hi] || offered < min_calls || offered <= 0)
            continue;
        const cc_estimate *e = &r->queue_interval[(q * s->n_intervals + i) * CC_QUEUE_METRICS];
        cc_cal_row *row = &out->rows[out->n_rows++];
        row->interval = i;
        row->offered = offered;
        row->observed[CC_CAL_SERVICE_LEVEL] = ratio(h->answered_within[hi], offered);
        row->observed[CC_CAL_ASA] = ratio(h->wait_s[hi], h->answered[hi]);
        row->observed[CC_CAL_ABANDON_RATE] = ratio(h->abandoned[hi], offered);
        row->simulated[CC_CAL_SERVICE_LEVEL] = e[CC_M_SERVICE_LEVEL].mean;
        row->simulated[CC_CAL_ASA] = e[CC_M_ASA].mean;
        row->simulated[CC_CAL_ABANDON_RATE] = e[CC_M_ABANDON_RATE].mean;
        for (int m = 0; m < CC_CAL_METRICS; m++) {
            double d = row->simulated[m] - row->observed[m];
            if (isnan(d))
                continue;
            out->mae[m] += fabs(d);
            out->bias[m] += d;
            out->n[m]++;
        }
    }
    for (int m = 0; m < CC_CAL_METRICS; m++) {
        out->mae[m] = out->n[m] ? out->mae[m] / (double)out->n[m] : NAN;
        out->bias[m] = out->n[m] ? out->bias[m] / (double)out->n[m] : NAN;
    }
    out->observed_total[CC_CAL_SERVICE_LEVEL] = ratio(obs_sum[2], obs_sum[0]);
    out->observed_total[CC_CAL_ASA] = ratio(obs_sum[3], obs_sum[1]);
    out->observed_total[CC_CAL_ABANDON_RATE] = ratio(obs_abandoned, obs_sum[0]);
    const cc_estimate *t = &r->queue_total[q * CC_QUEUE_METRICS];
    out->observed_offered = obs_sum[0];
    out->simulated_offered = t[CC_M_OFFERED].mean;
    out->simulated_total[CC_CAL_SERVICE_LEVEL] = t[CC_M_SERVICE_LEVEL].mean;
    out->simulated_total[CC_CAL_ASA] = t[CC_M_ASA].mean;
    out->simulated_total[CC_CAL_ABANDON_RATE] = t[CC_M_ABANDON_RATE].mean;
    return CC_OK;
}

void cc_calibration_fini(cc_calibration *c)
{
    free(c->rows);
    c->rows = NULL;
    c->n_rows = 0;
}
