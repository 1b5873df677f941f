#include "sim/compare.h"

#include "model/demand.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const cc_kpi cc_kpis[CC_KPIS] = {
    { "service_level", CC_M_SERVICE_LEVEL },
    { "service_level_answered", CC_M_SERVICE_LEVEL_ANSWERED },
    { "service_level_excl_short", CC_M_SERVICE_LEVEL_EXCL_SHORT },
    { "abandon_rate", CC_M_ABANDON_RATE },
    { "asa_s", CC_M_ASA },
    { "occupancy", -1 },
};

cc_estimate cc_kpi_estimate(const cc_results *r, int k)
{
    return cc_kpis[k].metric >= 0 ? r->total[cc_kpis[k].metric] : r->group_all[CC_GM_OCCUPANCY];
}

/* Per-replication numerator and denominator of KPI k. */
static void kpi_terms(const cc_results *r, int k, double *x, double *y)
{
    for (unsigned rep = 0; rep < r->replications; rep++) {
        if (cc_kpis[k].metric >= 0) {
            double num[CC_QUEUE_METRICS], den[CC_QUEUE_METRICS];
            cc_queue_metric_terms(&r->rep_total[rep], num, den);
            x[rep] = num[cc_kpis[k].metric];
            y[rep] = den[cc_kpis[k].metric];
        } else {
            x[rep] = r->rep_groups[rep].busy_s;
            y[rep] = r->rep_groups[rep].staffed_s;
        }
    }
}

/* Whether base and alt ran the same replications on the same seed (common random
 * numbers); otherwise err says so. */
static int paired(const cc_results *base, const cc_results *alt, cc_error *err)
{
    if (base->replications == alt->replications && base->seed == alt->seed)
        return 1;
    cc_error_set(err, CC_EINPUT, "paired comparison needs the same replications and seed on both "
                 "sides (got %u and %u replications, seeds %llu and %llu)", base->replications,
                 alt->replications, (unsigned long long)base->seed, (unsigned long long)alt->seed);
    return 0;
}

int cc_kpi_paired_diff(const cc_results *base, const cc_results *alt, int k, cc_estimate *diff,
                       cc_error *err)
{
    if (!paired(base, alt, err))
        return CC_EINPUT;
    unsigned n = base->replications;
    double *buf = malloc(4 * (size_t)(n ? n : 1) * sizeof *buf);
    if (!buf)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    double *x1 = buf, *y1 = buf + n, *x2 = buf + 2 * n, *y2 = buf + 3 * n;
    kpi_terms(alt, k, x1, y1);
    kpi_terms(base, k, x2, y2);
    cc_ratio_diff_estimate(x1, y1, x2, y2, n, &diff->mean, &diff->ci95);
    free(buf);
    return CC_OK;
}

void cc_compare_channel_results(const cc_results *r, cc_channel_input *in)
{
    const cc_scenario *s = r->s;
    size_t years = cc_demand_horizon_years(&s->calendar);
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t y = 0; y < years; y++)
            in[q * years + y].calls = in[q * years + y].within = in[q * years + y].censored = 0;
    /* Censoring happens at the horizon's end: the last year's. */
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t rep = 0; rep < r->replications; rep++)
            in[q * years + years - 1].censored += r->rep_queue[rep * s->n_queues + q].censored_k[0] /
                                                  r->replications;
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t i = 0; i < s->n_intervals; i++) {
            const cc_estimate *e = cc_results_queue_interval(r, q, i);
            if (!(e[CC_M_OFFERED].mean > 0))
                continue;
            cc_channel_input *x = &in[q * years + cc_demand_horizon_year(&s->calendar, i / s->intervals_per_day)];
            x->calls += e[CC_M_OFFERED].mean;
            if (isfinite(e[CC_M_SERVICE_LEVEL].mean))
                x->within += e[CC_M_OFFERED].mean * e[CC_M_SERVICE_LEVEL].mean;
        }
}

/* Per channel and in total ([CC_CHANNELS]), the yearly cost of replication rep: `in`
 * with its contacts replaced by the replication's (in year 0: the whole-horizon figures
 * add every year), costed by cc_channels_compute. */
static int rep_costs(const cc_results *r, const cc_channel_input *in, cc_channel_input *work, size_t rep,
                     double cost[CC_CHANNELS + 1], cc_error *err)
{
    const cc_scenario *s = r->s;
    size_t years = cc_demand_horizon_years(&s->calendar);
    memcpy(work, in, s->n_queues * years * sizeof *work);
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue_tally *t = &r->rep_queue[rep * s->n_queues + q];
        for (size_t y = 0; y < years; y++)
            work[q * years + y].calls = work[q * years + y].within = work[q * years + y].censored = 0;
        work[q * years].calls = t->offered;
        work[q * years].within = t->answered_within;
        work[q * years].censored = t->censored_k[0];
    }
    cc_channel_report rep_report;
    int rc = cc_channels_compute(s, work, &rep_report, err);
    if (rc != CC_OK)
        return rc;
    cost[CC_CHANNELS] = 0;
    for (int c = 0; c < CC_CHANNELS; c++) {
        cost[c] = rep_report.used[c] ? rep_report.total[c].cost : 0;
        cost[CC_CHANNELS] += cost[c];
    }
    cc_channels_report_fini(&rep_report);
    return CC_OK;
}

int cc_compare_channel_saving(const cc_results *base, const cc_channel_input *base_in,
                              const cc_results *alt, const cc_channel_input *alt_in,
                              cc_estimate saving[CC_CHANNELS + 1], cc_error *err)
{
    if (!paired(base, alt, err))
        return CC_EINPUT;
    unsigned n = base->replications ? base->replications : 1;
    size_t nb = base->s->n_queues * cc_demand_horizon_years(&base->s->calendar);
    size_t na = alt->s->n_queues * cc_demand_horizon_years(&alt->s->calendar);
    double *x = malloc((size_t)(CC_CHANNELS + 1) * 2 * n * sizeof *x), *ones = malloc(n * sizeof *ones);
    cc_channel_input *wb = malloc((nb ? nb : 1) * sizeof *wb), *wa = malloc((na ? na : 1) * sizeof *wa);
    int rc = x && ones && wb && wa ? CC_OK : cc_error_set(err, CC_EINTERNAL, "out of memory");
    for (unsigned rep = 0; rep < base->replications && rc == CC_OK; rep++) {
        double cb[CC_CHANNELS + 1], ca[CC_CHANNELS + 1];
        if ((rc = rep_costs(base, base_in, wb, rep, cb, err)) != CC_OK
            || (rc = rep_costs(alt, alt_in, wa, rep, ca, err)) != CC_OK)
            break;
        for (int c = 0; c <= CC_CHANNELS; c++) {
            x[(size_t)c * 2 * n + rep] = cb[c];
            x[(size_t)c * 2 * n + n + rep] = ca[c];
        }
        ones[rep] = 1.0;
    }
    for (int c = 0; c <= CC_CHANNELS && rc == CC_OK; c++) {
        int used = c == CC_CHANNELS;
        for (size_t q = 0; q < base->s->n_queues; q++)
            used |= (int)base->s->queues[q].channel == c;
        for (size_t q = 0; q < alt->s->n_queues; q++)
            used |= (int)alt->s->queues[q].channel == c;
        if (!used) {
            saving[c] = (cc_estimate){ NAN, NAN };
            continue;
        }
        /* base − alt: the "alt − base" of cc_ratio_diff_estimate with the sides swapped. */
        cc_ratio_diff_estimate(&x[(size_t)c * 2 * n], ones, &x[(size_t)c * 2 * n + n], ones, base->replications,
                               &saving[c].mean, &saving[c].ci95);
    }
    free(x);
    free(ones);
    free(wb);
    free(wa);
    return rc;
}
