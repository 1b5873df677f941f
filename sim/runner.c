#include "sim/runner.h"

#include "sim/engine.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const cc_rep_field_names[CC_REP_FIELDS] = {
    "offered", "service_level", "service_level_answered", "service_level_excl_short",
    "abandon_rate", "asa_s", "occupancy",
};

/* Ratio accumulators for every estimate, filled in replication order. */
typedef struct accumulators {
    cc_ratio *queue_interval, *queue_total, total[CC_QUEUE_METRICS];
    cc_ratio *group_interval, *group_total, group_all[CC_GROUP_METRICS];
} accumulators;

static void add_queue_terms(cc_ratio *acc, const cc_queue_tally *t)
{
    double num[CC_QUEUE_METRICS], den[CC_QUEUE_METRICS];
    cc_queue_metric_terms(t, num, den);
    for (int m = 0; m < CC_QUEUE_METRICS; m++)
        cc_ratio_add(&acc[m], num[m], den[m]);
}

static void add_group_terms(cc_ratio *acc, const cc_group_tally *t)
{
    double num[CC_GROUP_METRICS], den[CC_GROUP_METRICS];
    cc_group_metric_terms(t, num, den);
    for (int m = 0; m < CC_GROUP_METRICS; m++)
        cc_ratio_add(&acc[m], num[m], den[m]);
}

/* Adds replication r's tallies to the accumulators and records its totals. */
static void reduce(const cc_scenario *s, accumulators *a, const cc_queue_tally *qt,
                   const cc_group_tally *gt, cc_results *res, size_t rep)
{
    size_t ni = s->n_intervals, days = s->calendar.days;
    cc_queue_tally *day = &res->rep_day[rep * days];
    cc_queue_tally all = { 0 };
    for (size_t q = 0; q < s->n_queues; q++) {
        cc_queue_tally sum = { 0 };
        for (size_t i = 0; i < ni; i++) {
            const cc_queue_tally *t = &qt[q * ni + i];
            add_queue_terms(&a->queue_interval[(q * ni + i) * CC_QUEUE_METRICS], t);
            cc_queue_tally_add(&sum, t);
            cc_queue_tally_add(&day[i / s->intervals_per_day], t);
        }
        add_queue_terms(&a->queue_total[q * CC_QUEUE_METRICS], &sum);
        cc_queue_tally_add(&all, &sum);
    }
    add_queue_terms(a->total, &all);

    cc_group_tally gall = { 0 };
    for (size_t g = 0; g < s->n_groups; g++) {
        cc_group_tally sum = { 0 };
        for (size_t i = 0; i < ni; i++) {
            const cc_group_tally *t = &gt[g * ni + i];
            add_group_terms(&a->group_interval[(g * ni + i) * CC_GROUP_METRICS], t);
            cc_group_tally_add(&sum, t);
        }
        add_group_terms(&a->group_total[g * CC_GROUP_METRICS], &sum);
        cc_group_tally_add(&gall, &sum);
    }
    add_group_terms(a->group_all, &gall);
    res->rep_total[rep] = all;
    res->rep_groups[rep] = gall;
}

static double ratio_or_nan(double num, double den) { return den != 0.0 ? num / den : NAN; }

void cc_results_rep_row(const cc_results *r, size_t rep, double row[CC_REP_FIELDS])
{
    static const cc_metric queue_field[CC_REP_OCCUPANCY] = {
        CC_M_OFFERED, CC_M_SERVICE_LEVEL, CC_M_SERVICE_LEVEL_ANSWERED,
        CC_M_SERVICE_LEVEL_EXCL_SHORT, CC_M_ABANDON_RATE, CC_M_ASA,
    };
    double num[CC_QUEUE_METRICS], den[CC_QUEUE_METRICS], gnum[CC_GROUP_METRICS], gden[CC_GROUP_METRICS];
    cc_queue_metric_terms(&r->rep_total[rep], num, den);
    cc_group_metric_terms(&r->rep_groups[rep], gnum, gden);
    for (int k = 0; k < CC_REP_OCCUPANCY; k++)
        row[k] = ratio_or_nan(num[queue_field[k]], den[queue_field[k]]);
    row[CC_REP_OCCUPANCY] = ratio_or_nan(gnum[CC_GM_OCCUPANCY], gden[CC_GM_OCCUPANCY]);
}

static void estimate_all(cc_estimate *out, const cc_ratio *acc, size_t n)
{
    for (size_t k = 0; k < n; k++)
        cc_ratio_estimate(&acc[k], &out[k].mean, &out[k].ci95);
}

static void progress_bar(unsigned done, unsigned total, double elapsed)
{
    int width = 30, filled = (int)((double)width * done / total);
    double eta = done ? elapsed * (total - done) / done : 0.0;
    fprintf(stderr, "\r  [%.*s%*s] %u/%u replications, ETA %.0f s ", filled,
            "##############################", width - filled, "", done, total, eta);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

void cc_results_destroy(cc_results *r)
{
    if (!r)
        return;
    free(r->queue_interval);
    free(r->queue_total);
    free(r->group_interval);
    free(r->group_total);
    free(r->rep_total);
    free(r->rep_groups);
    free(r->rep_day);
    free(r);
}

/* Whether a tally's service level (the estimates' definition) meets the target;
 * -1 when it has no calls. */
static int meets(const cc_queue_tally *t, double target)
{
    double num[CC_QUEUE_METRICS], den[CC_QUEUE_METRICS];
    cc_queue_metric_terms(t, num, den);
    if (den[CC_M_SERVICE_LEVEL] <= 0)
        return -1;
    return num[CC_M_SERVICE_LEVEL] >= target * den[CC_M_SERVICE_LEVEL];
}

void cc_results_risk(const cc_results *r, double target, double *p_horizon, double *p_day)
{
    size_t met = 0, met_days = 0, days_with_calls = 0, days = r->s->calendar.days;
    for (size_t rep = 0; rep < r->replications; rep++) {
        met += meets(&r->rep_total[rep], target) == 1;
        for (size_t d = 0; d < days; d++) {
            int m = meets(&r->rep_day[rep * days + d], target);
            days_with_calls += m >= 0;
            met_days += m == 1;
        }
    }
    *p_horizon = (double)met / r->replications;
    *p_day = days_with_calls ? (double)met_days / (double)days_with_calls : NAN;
}

int cc_simulate(const cc_scenario *s, const cc_run_options *opt, cc_results **out, cc_error *err)
{
    if (opt->replications < 1)
        return cc_error_set(err, CC_EINPUT, "replications must be >= 1 (got %u)", opt->replications);
    int threads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    size_t ni = s->n_intervals, nq = s->n_queues, ng = s->n_groups;
    size_t q_cells = nq * ni, g_cells = ng * ni;
    /* Up to 64 replications per thread between reductions: a thread idles for at
     * most one replication at a batch's end, about 2% of a batch; fewer when a
     * replication's tallies are large (a year of intervals), so one batch stays
     * under 64 MiB. */
    size_t rep_bytes = q_cells * sizeof(cc_queue_tally) + g_cells * sizeof(cc_group_tally);
    size_t batch = (size_t)threads * 64;
    if (batch * rep_bytes > ((size_t)64 << 20))
        batch = ((size_t)64 << 20) / rep_bytes;
    if (batch < (size_t)threads)
        batch = (size_t)threads;
    int status = CC_OK;

    accumulators a = { 0 };
    a.queue_interval = calloc(q_cells * CC_QUEUE_METRICS, sizeof *a.queue_interval);
    a.queue_total = calloc(nq * CC_QUEUE_METRICS, sizeof *a.queue_total);
    a.group_interval = calloc((g_cells ? g_cells : 1) * CC_GROUP_METRICS, sizeof *a.group_interval);
    a.group_total = calloc((ng ? ng : 1) * CC_GROUP_METRICS, sizeof *a.group_total);
    cc_queue_tally *qslots = malloc(batch * q_cells * sizeof *qslots);
    cc_group_tally *gslots = malloc(batch * (g_cells ? g_cells : 1) * sizeof *gslots);
    int *rcs = calloc(batch, sizeof *rcs);
    cc_engine **engines = calloc((size_t)threads, sizeof *engines);
    unsigned *planned = opt->staffing ? NULL : cc_scenario_staffing(s);
    const unsigned *staffing = opt->staffing ? opt->staffing : planned;
    cc_results *r = calloc(1, sizeof *r);
    if (r) {
        r->rep_total = malloc(opt->replications * sizeof *r->rep_total);
        r->rep_groups = malloc(opt->replications * sizeof *r->rep_groups);
        r->rep_day = calloc((size_t)opt->replications * s->calendar.days, sizeof *r->rep_day);
    }
    int ok = a.queue_interval && a.queue_total && a.group_interval && a.group_total && qslots &&
             gslots && rcs && engines && staffing && r && r->rep_total && r->rep_groups && r->rep_day;
    for (int t = 0; ok && t < threads; t++)
        ok = (engines[t] = cc_engine_create(s, staffing)) != NULL;
    if (!ok) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory for %d threads", s->path, threads);
        goto out;
    }

    double t0 = omp_get_wtime();
    for (unsigned start = 0; start < opt->replications; start += (unsigned)batch) {
        size_t nb = opt->replications - start < batch ? opt->replications - start : batch;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (size_t k = 0; k < nb; k++)
            rcs[k] = cc_engine_run(engines[omp_get_thread_num()], opt->seed, start + k,
                                   &qslots[k * q_cells], &gslots[k * g_cells]);
        for (size_t k = 0; k < nb; k++) {
            if (rcs[k] != 0) {
                status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory in replication %zu",
                                      s->path, start + k);
                goto out;
            }
            reduce(s, &a, &qslots[k * q_cells], &gslots[k * g_cells], r, start + k);
        }
        if (opt->progress)
            progress_bar(start + (unsigned)nb, opt->replications, omp_get_wtime() - t0);
        if (opt->interrupted && *opt->interrupted) {
            status = cc_error_set(err, CC_EINTERNAL, "interrupted after %zu replications", start + nb);
            goto out;
        }
    }

    r->s = s;
    r->replications = opt->replications;
    r->seed = opt->seed;
    r->threads = threads;
    r->wall_s = omp_get_wtime() - t0;
    r->calls_total = a.total[CC_M_OFFERED].sx;
    r->queue_interval = malloc(q_cells * CC_QUEUE_METRICS * sizeof *r->queue_interval);
    r->queue_total = malloc(nq * CC_QUEUE_METRICS * sizeof *r->queue_total);
    r->group_interval = malloc((g_cells ? g_cells : 1) * CC_GROUP_METRICS * sizeof *r->group_interval);
    r->group_total = malloc((ng ? ng : 1) * CC_GROUP_METRICS * sizeof *r->group_total);
    if (!r->queue_interval || !r->queue_total || !r->group_interval || !r->group_total) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory for results", s->path);
        goto out;
    }
    estimate_all(r->queue_interval, a.queue_interval, q_cells * CC_QUEUE_METRICS);
    estimate_all(r->queue_total, a.queue_total, nq * CC_QUEUE_METRICS);
    estimate_all(r->total, a.total, CC_QUEUE_METRICS);
    estimate_all(r->group_interval, a.group_interval, g_cells * CC_GROUP_METRICS);
    estimate_all(r->group_total, a.group_total, ng * CC_GROUP_METRICS);
    estimate_all(r->group_all, a.group_all, CC_GROUP_METRICS);
    *out = r;
    r = NULL;

out:
    for (int t = 0; engines && t < threads; t++)
        cc_engine_destroy(engines[t]);
    free(engines);
    free(planned);
    free(rcs);
    free(qslots);
    free(gslots);
    free(a.queue_interval);
    free(a.queue_total);
    free(a.group_interval);
    free(a.group_total);
    cc_results_destroy(r);
    return status;
}
