/* calibrate.c — simulated against observed, per interval (calibrate.h). */
#include "sim/calibrate.h"

#include "model/calendar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const cc_cal_metric_names[CC_CAL_METRICS] = { "service_level", "asa_s", "abandon_rate" };

static double ratio(double num, double den)
{
    return den > 0 ? num / den : NAN;
}

int cc_calibrate(const cc_history *h, const cc_results *r, size_t q, double min_calls,
                 unsigned weekdays, cc_calibration *out, cc_error *err)
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
    /* sums over the compared intervals: observed offered, answered, within, wait,
       abandoned; simulated numerators and denominators of the same ratios */
    double obs[5] = { 0 }, sim_num[CC_CAL_METRICS] = { 0 }, sim_den[CC_CAL_METRICS] = { 0 };
    const size_t Q = s->n_intervals;
    for (size_t i = 0; i < Q; i++) {
        size_t hi = base + i;
        out->observed_offered += h->offered[hi];
        int w = cc_date_weekday(s->calendar.first_date + (long)(i / s->intervals_per_day));
        double offered = h->offered[hi];
        if (!h->present[hi] || offered < min_calls || offered <= 0 || (weekdays && !(weekdays >> w & 1u)))
            continue;
        const cc_estimate *e = cc_results_queue_interval(r, q, i);
        cc_cal_row *row = &out->rows[out->n_rows++];
        row->interval = i;
        row->offered = offered;
        row->observed[CC_CAL_SERVICE_LEVEL] = ratio(h->answered_within[hi], offered);
        row->observed[CC_CAL_ASA] = ratio(h->wait_s[hi], h->answered[hi]);
        row->observed[CC_CAL_ABANDON_RATE] = ratio(h->abandoned[hi], offered);
        row->simulated[CC_CAL_SERVICE_LEVEL] = e[CC_M_SERVICE_LEVEL].mean;
        row->simulated[CC_CAL_ASA] = e[CC_M_ASA].mean;
        row->simulated[CC_CAL_ABANDON_RATE] = e[CC_M_ABANDON_RATE].mean;
        obs[0] += offered;
        obs[1] += h->answered[hi];
        obs[2] += h->answered_within[hi];
        obs[3] += h->wait_s[hi];
        obs[4] += h->abandoned[hi];
        /* the simulated totals weight each interval by its simulated calls */
        double so = e[CC_M_OFFERED].mean, sa = e[CC_M_ANSWERED].mean;
        sim_num[CC_CAL_SERVICE_LEVEL] += e[CC_M_SERVICE_LEVEL].mean * so;
        sim_den[CC_CAL_SERVICE_LEVEL] += so;
        sim_num[CC_CAL_ASA] += sa > 0 ? e[CC_M_ASA].mean * sa : 0;
        sim_den[CC_CAL_ASA] += sa;
        sim_num[CC_CAL_ABANDON_RATE] += e[CC_M_ABANDON_RATE].mean * so;
        sim_den[CC_CAL_ABANDON_RATE] += so;
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
        out->simulated_total[m] = ratio(sim_num[m], sim_den[m]);
    }
    out->observed_total[CC_CAL_SERVICE_LEVEL] = ratio(obs[2], obs[0]);
    out->observed_total[CC_CAL_ASA] = ratio(obs[3], obs[1]);
    out->observed_total[CC_CAL_ABANDON_RATE] = ratio(obs[4], obs[0]);
    out->simulated_offered = r->queue_total[q * CC_QUEUE_METRICS + CC_M_OFFERED].mean;
    return CC_OK;
}

void cc_calibration_fini(cc_calibration *c)
{
    free(c->rows);
    c->rows = NULL;
    c->n_rows = 0;
}
