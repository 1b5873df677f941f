#include "sim/compare.h"

#include <stdlib.h>

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

int cc_kpi_paired_diff(const cc_results *base, const cc_results *alt, int k, cc_estimate *diff,
                       cc_error *err)
{
    if (base->replications != alt->replications || base->seed != alt->seed)
        return cc_error_set(err, CC_EINPUT, "paired comparison needs the same replications and "
                            "seed on both sides (got %u and %u replications, seeds %llu and %llu)",
                            base->replications, alt->replications,
                            (unsigned long long)base->seed, (unsigned long long)alt->seed);
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
