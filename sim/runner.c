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

/* Sums over the horizon: per queue, all queues, per group, all groups, and the
 * queues' further targets ([q * (CC_MAX_TARGETS - 1) + k - 1]). */
typedef struct totals {
    cc_queue_moments *queue, all;
    cc_group_moments *group, gall;
    cc_target_moments *target;
} totals;

/* The run's sums (see runner.h). The per-interval tables are added to replication
 * after replication (their fixed-point sums are exact, so that is the same as
 * merging block sums); the horizon's sums, doubles whose squares outgrow any exact
 * range over a long horizon, are formed per block and merged in block order. */
typedef struct sums {
    cc_queue_fixed *queue_interval;
    cc_group_fixed *group_interval;
    cc_target_fixed *target_interval;       /* [(q * n_intervals + i) * extra + k - 1] */
    size_t extra;                           /* most further targets of a queue */
    unsigned char *queue_used, *group_used; /* per cell: 1 once anything was added */
    totals run, block;
} sums;

static int totals_alloc(totals *t, size_t nq, size_t ng)
{
    t->queue = calloc(nq, sizeof *t->queue);
    t->group = calloc(ng ? ng : 1, sizeof *t->group);
    t->target = calloc(nq * (CC_MAX_TARGETS - 1), sizeof *t->target);
    return t->queue && t->group && t->target ? 0 : -1;
}

static void totals_free(totals *t)
{
    free(t->queue);
    free(t->group);
    free(t->target);
}

/* Adds the block's sums into the run's, in block order. */
static void totals_merge(totals *run, const totals *block, size_t nq, size_t ng)
{
    for (size_t q = 0; q < nq; q++)
        cc_queue_moments_merge(&run->queue[q], &block->queue[q]);
    for (size_t k = 0; k < nq * (CC_MAX_TARGETS - 1); k++)
        cc_target_moments_merge(&run->target[k], &block->target[k]);
    for (size_t g = 0; g < ng; g++)
        cc_group_moments_merge(&run->group[g], &block->group[g]);
    cc_queue_moments_merge(&run->all, &block->all);
    cc_group_moments_merge(&run->gall, &block->gall);
}

/* The bytes of one block's sums as a partial run keeps them (totals_store). */
static size_t block_bytes(size_t nq, size_t ng)
{
    return nq * sizeof(cc_queue_moments) + nq * (CC_MAX_TARGETS - 1) * sizeof(cc_target_moments) +
           ng * sizeof(cc_group_moments) + sizeof(cc_queue_moments) + sizeof(cc_group_moments);
}

/* Copies t's sums to dst (block_bytes) or, with load, from src into t. */
static void totals_copy(totals *t, unsigned char *bytes, size_t nq, size_t ng, int load)
{
    struct { void *p; size_t n; } part[] = {
        { t->queue, nq * sizeof *t->queue },
        { t->target, nq * (CC_MAX_TARGETS - 1) * sizeof *t->target },
        { t->group, ng * sizeof *t->group },
        { &t->all, sizeof t->all },
        { &t->gall, sizeof t->gall },
    };
    for (size_t k = 0; k < sizeof part / sizeof part[0]; k++) {
        if (load)
            memcpy(part[k].p, bytes, part[k].n);
        else
            memcpy(bytes, part[k].p, part[k].n);
        bytes += part[k].n;
    }
}

static void totals_clear(totals *t, size_t nq, size_t ng)
{
    memset(t->queue, 0, nq * sizeof *t->queue);
    memset(t->target, 0, nq * (CC_MAX_TARGETS - 1) * sizeof *t->target);
    memset(t->group, 0, ng * sizeof *t->group);
    t->all = (cc_queue_moments){ 0 };
    t->gall = (cc_group_moments){ 0 };
}

static void add_targets(cc_target_moments *m, const cc_queue *qu, const cc_queue_tally *t)
{
    for (size_t k = 1; k < qu->n_targets; k++)
        cc_target_moments_add(&m[k - 1], t->answered_within_k[k - 1], t->offered);
}

static const cc_queue_counts zero;
static const cc_group_tally gzero;

/* A batch's slots: one set of tallies and written flags per replication, zeroed
 * once; the engine writes only the cells where something happened and the
 * reduction clears just those, so the slots' other pages are never touched. */
typedef struct slots {
    cc_queue_counts *queues;
    cc_group_tally *groups;
    unsigned char *queue_written, *group_written;
    cc_engine_tallies *of;      /* [k]: slot k */
} slots;

static int slots_alloc(slots *sl, size_t batch, size_t q_cells, size_t g_cells)
{
    sl->queues = calloc(batch * q_cells, sizeof *sl->queues);
    sl->groups = calloc(batch * g_cells + 1, sizeof *sl->groups);
    sl->queue_written = calloc(batch * q_cells, 1);
    sl->group_written = calloc(batch * g_cells + 1, 1);
    sl->of = calloc(batch, sizeof *sl->of);
    if (!sl->queues || !sl->groups || !sl->queue_written || !sl->group_written || !sl->of)
        return -1;
    for (size_t k = 0; k < batch; k++)
        sl->of[k] = (cc_engine_tallies){ &sl->queues[k * q_cells], &sl->groups[k * g_cells],
                                         &sl->queue_written[k * q_cells], &sl->group_written[k * g_cells] };
    return 0;
}

static void slots_free(slots *sl)
{
    free(sl->queues);
    free(sl->groups);
    free(sl->queue_written);
    free(sl->group_written);
    free(sl->of);
    *sl = (slots){ 0 };
}

/* Adds replication rep's tallies (the cells the engine flagged) to the sums and
 * records its totals; clears those cells and flags, so the slot is all zero again
 * for the next replication. */
static void reduce(const cc_scenario *s, sums *a, const cc_engine_tallies *out, cc_results *res,
                   size_t rep)
{
    size_t ni = s->n_intervals, days = s->calendar.days;
    cc_queue_tally *day = &res->rep_day[rep * days];
    cc_queue_tally all = { 0 };
    for (size_t k = 0; k < res->n_incidents; k++)
        cc_incident_figures(s, &res->incidents[k], out->queues,
                            &res->rep_incident[(rep * res->n_incidents + k) * CC_INCIDENT_FIELDS]);
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue *qu = &s->queues[q];
        cc_queue_tally sum = { 0 };
        for (size_t i = 0; i < ni; i++) {
            if (!out->queue_written[q * ni + i])
                continue;   /* most cells of a long horizon are closed hours */
            out->queue_written[q * ni + i] = 0;
            cc_queue_counts *c = &out->queues[q * ni + i];
            if (memcmp(c, &zero, sizeof zero) == 0)
                continue;   /* adds nothing */
            cc_queue_tally tally, *t = &tally;
            cc_queue_counts_tally(c, t);
            memset(c, 0, sizeof *c);    /* padding too, for the memcmp above */
            cc_queue_fixed_add(&a->queue_interval[q * ni + i], t);
            a->queue_used[q * ni + i] = 1;
            for (size_t k = 1; k < qu->n_targets; k++)
                cc_target_fixed_add(&a->target_interval[(q * ni + i) * a->extra + k - 1],
                                    t->answered_within_k[k - 1], t->offered);
            cc_queue_tally_add(&sum, t);
            if (qu->discipline != CC_DISCIPLINE_SELF_SERVICE)
                cc_queue_tally_add(&day[i / s->intervals_per_day], t);
        }
        res->rep_queue[rep * s->n_queues + q] = sum;
        cc_queue_moments_add(&a->block.queue[q], &sum);
        add_targets(&a->block.target[q * (CC_MAX_TARGETS - 1)], qu, &sum);
        /* The all-queues figures are of the queues agents serve: self-service
         * transactions, answered at once, would flatter them (they have their own
         * queue and channel figures). */
        if (qu->discipline != CC_DISCIPLINE_SELF_SERVICE)
            cc_queue_tally_add(&all, &sum);
    }
    cc_queue_moments_add(&a->block.all, &all);

    cc_group_tally gall = { 0 };
    for (size_t g = 0; g < s->n_groups; g++) {
        cc_group_tally sum = { 0 };
        for (size_t i = 0; i < ni; i++) {
            if (!out->group_written[g * ni + i])
                continue;
            out->group_written[g * ni + i] = 0;
            cc_group_tally *t = &out->groups[g * ni + i];
            if (memcmp(t, &gzero, sizeof gzero) == 0)
                continue;
            cc_group_fixed_add(&a->group_interval[g * ni + i], t);
            a->group_used[g * ni + i] = 1;
            cc_group_tally_add(&sum, t);
            *t = gzero;
        }
        cc_group_moments_add(&a->block.group[g], &sum);
        cc_group_tally_add(&gall, &sum);
    }
    cc_group_moments_add(&a->block.gall, &gall);
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

const cc_estimate *cc_results_queue_interval(const cc_results *r, size_t q, size_t i)
{
    size_t c = q * r->s->n_intervals + i;
    return r->queue_used[c] ? &r->queue_cells[c * CC_QUEUE_METRICS] : r->queue_empty;
}

const cc_estimate *cc_results_target_interval(const cc_results *r, size_t q, size_t i)
{
    size_t c = q * r->s->n_intervals + i;
    return r->queue_used[c] ? &r->target_cells[c * r->extra_targets] : r->target_empty;
}

const cc_estimate *cc_results_group_interval(const cc_results *r, size_t g, size_t i)
{
    size_t c = g * r->s->n_intervals + i;
    return r->group_used[c] ? &r->group_cells[c * CC_GROUP_METRICS] : r->group_empty;
}

void cc_results_destroy(cc_results *r)
{
    if (!r)
        return;
    free(r->queue_cells);
    free(r->queue_used);
    free(r->queue_total);
    free(r->group_cells);
    free(r->group_used);
    free(r->group_total);
    free(r->target_cells);
    free(r->target_total);
    free(r->rep_total);
    free(r->rep_groups);
    free(r->rep_day);
    cc_incidents_free(r->incidents, r->n_incidents);
    free(r->rep_incident);
    free(r->incident_est);
    free(r->rep_queue);
    free(r);
}

/* The mean of n per-replication values x[r * stride] with its 95% half-width. */
static cc_estimate mean_estimate(const double *x, size_t stride, unsigned n, double t95)
{
    cc_ratio m = { 0 };
    for (unsigned rep = 0; rep < n; rep++) {
        double v = x[rep * stride];
        m.sx += v;
        m.sxx += v * v;
        m.sxy += v;
    }
    m.sy = m.syy = n;
    return cc_ratio_estimate(&m, n, t95);
}

const char *const cc_count_names[CC_COUNTS] = { "blocked", "deflected", "called_back", "callbacks_made",
                                                "callback_within", "redials" };

cc_estimate cc_results_queue_count(const cc_results *r, size_t q, cc_count k)
{
    size_t nq = r->s->n_queues;
    unsigned n = r->replications;
    double *x = malloc((n + 1) * sizeof *x);
    if (!x)
        return (cc_estimate){ NAN, NAN };
    for (unsigned rep = 0; rep < n; rep++) {
        const cc_queue_tally *t = &r->rep_queue[rep * nq + q];
        const double v[CC_COUNTS] = { t->blocked, t->deflected, t->called_back, t->callbacks_made,
                                      t->callback_within, t->redials };
        x[rep] = v[k];
    }
    cc_estimate e = mean_estimate(x, 1, n, cc_t95(n));
    free(x);
    return e;
}

/* Over the horizon, a queue's service level against a business-day target leaves
 * out the contacts censored at the horizon's end (still waiting, their deadline
 * beyond it: neither hit nor miss): answered within it / (offered - censored), a
 * ratio across replications from each replication's per-queue totals. It replaces
 * the per-queue and per-target horizon figures of the queues that had any; the
 * per-interval figures and the all-queues total keep counting them as offered. */
static void censor_targets(cc_results *r, unsigned n, double t95)
{
    const cc_scenario *s = r->s;
    size_t nq = s->n_queues;
    for (size_t q = 0; q < nq; q++) {
        const cc_queue *qu = &s->queues[q];
        for (size_t k = 0; k < qu->n_targets; k++) {
            if (qu->targets[k].business_days == 0)
                continue;
            cc_ratio m = { 0 };
            double censored = 0;
            for (unsigned rep = 0; rep < n; rep++) {
                const cc_queue_tally *t = &r->rep_queue[rep * nq + q];
                double x = k ? t->answered_within_k[k - 1] : t->answered_within, y = t->offered - t->censored_k[k];
                m = (cc_ratio){ m.sx + x, m.sy + y, m.sxx + x * x, m.syy + y * y, m.sxy + x * y };
                censored += t->censored_k[k];
            }
            if (censored == 0)
                continue;
            cc_estimate e = cc_ratio_estimate(&m, n, t95);
            r->target_total[q * CC_MAX_TARGETS + k] = e;
            if (k == 0)
                r->queue_total[q * CC_QUEUE_METRICS + CC_M_SERVICE_LEVEL] = e;
        }
    }
}

/* The incidents' estimates, and calls_lost and recovery_min over all of them. */
static int estimate_incidents(cc_results *r, unsigned n, double t95)
{
    size_t ni = r->n_incidents;
    if (ni == 0)
        return 0;
    r->incident_est = malloc(ni * CC_INCIDENT_FIELDS * sizeof *r->incident_est);
    double *all = malloc(2 * (size_t)n * sizeof *all);
    if (!r->incident_est || !all) {
        free(all);
        return -1;
    }
    for (size_t k = 0; k < ni; k++)
        for (int f = 0; f < CC_INCIDENT_FIELDS; f++)
            r->incident_est[k * CC_INCIDENT_FIELDS + f] =
                mean_estimate(&r->rep_incident[k * CC_INCIDENT_FIELDS + f], ni * CC_INCIDENT_FIELDS, n, t95);
    for (unsigned rep = 0; rep < n; rep++) {
        const double *row = &r->rep_incident[(size_t)rep * ni * CC_INCIDENT_FIELDS];
        all[2 * rep] = all[2 * rep + 1] = 0.0;
        for (size_t k = 0; k < ni; k++) {
            all[2 * rep] += row[k * CC_INCIDENT_FIELDS + CC_INC_CALLS_LOST];
            all[2 * rep + 1] = fmax(all[2 * rep + 1], row[k * CC_INCIDENT_FIELDS + CC_INC_RECOVERY_MIN]);
        }
    }
    r->calls_lost = mean_estimate(all, 2, n, t95);
    r->recovery_min = mean_estimate(all + 1, 2, n, t95);
    free(all);
    return 0;
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

void cc_results_week(const cc_results *r, size_t w, cc_estimate *service_level,
                     cc_estimate *offered)
{
    size_t days = r->s->calendar.days, n = r->replications;
    cc_ratio sl = { 0 }, off = { 0 };
    for (size_t rep = 0; rep < n; rep++) {
        cc_queue_tally week = { 0 };
        for (size_t d = 7 * w; d < 7 * w + 7 && d < days; d++)
            cc_queue_tally_add(&week, &r->rep_day[rep * days + d]);
        double num[CC_QUEUE_METRICS], den[CC_QUEUE_METRICS];
        cc_queue_metric_terms(&week, num, den);
        double x = num[CC_M_SERVICE_LEVEL], y = den[CC_M_SERVICE_LEVEL];
        sl = (cc_ratio){ sl.sx + x, sl.sy + y, sl.sxx + x * x, sl.syy + y * y, sl.sxy + x * y };
        off = (cc_ratio){ off.sx + y, off.sy + 1, off.sxx + y * y, off.syy + 1, off.sxy + y };
    }
    double t95 = cc_t95((unsigned)n);
    *service_level = cc_ratio_estimate(&sl, (unsigned)n, t95);
    *offered = cc_ratio_estimate(&off, (unsigned)n, t95);
}

static void sums_free(sums *a)
{
    free(a->queue_interval);
    free(a->group_interval);
    free(a->target_interval);
    free(a->queue_used);
    free(a->group_used);
    totals_free(&a->run);
    totals_free(&a->block);
}

/* Memory of `bytes` (> 0) at p, shrunk by realloc where it can be. */
static void *shrink(void *p, size_t bytes)
{
    void *q = realloc(p, bytes);
    return q ? q : p;
}

_Static_assert(CC_QUEUE_METRICS * sizeof(cc_estimate) <= sizeof(cc_queue_fixed), "in place");
_Static_assert(CC_GROUP_METRICS * sizeof(cc_estimate) <= sizeof(cc_group_fixed), "in place");
_Static_assert(sizeof(cc_estimate) <= sizeof(cc_target_fixed), "in place");

/* The estimates from the sums of n replications. The per-interval tables are
 * turned into their estimates in place — cell c's estimates are no larger than its
 * moments and are written only after the cell is read, over cells already read —
 * so the results need no memory beyond the sums'. A cell nothing was added to is
 * neither read nor written (its pages stay unmapped): the results read the
 * estimates of zero sums for it. Returns 0, or -1 when out of memory. */
static int estimate(const cc_scenario *s, sums *a, unsigned n, cc_results *r)
{
    size_t ni = s->n_intervals, nq = s->n_queues, ng = s->n_groups, extra = a->extra;
    double t95 = cc_t95(n);
    const cc_queue_moments qsums_zero = { { 0 } };
    const cc_group_moments gsums_zero = { 0 };
    const cc_estimate none = { NAN, NAN };  /* a target's service level from zero sums */
    cc_queue_moments_estimate(&qsums_zero, n, t95, r->queue_empty);
    cc_group_moments_estimate(&gsums_zero, n, t95, r->group_empty);
    for (size_t k = 0; k < CC_MAX_TARGETS - 1; k++)
        r->target_empty[k] = none;

    unsigned char *qbuf = (unsigned char *)a->queue_interval, *tbuf = (unsigned char *)a->target_interval;
    for (size_t q = 0; q < nq; q++)
        for (size_t i = 0; i < ni; i++) {
            size_t c = q * ni + i;
            if (!a->queue_used[c])
                continue;
            cc_queue_fixed f;
            cc_queue_moments m;
            memcpy(&f, qbuf + c * sizeof f, sizeof f);
            cc_queue_fixed_moments(&f, &m);
            for (size_t k = 1; k <= extra; k++) {
                size_t j = c * extra + k - 1;
                cc_target_fixed tf;
                cc_target_moments tm;
                memcpy(&tf, tbuf + j * sizeof tf, sizeof tf);
                cc_target_fixed_moments(&tf, &tm);
                cc_estimate e = k < s->queues[q].n_targets ? cc_target_moments_estimate(&tm, &m, n, t95) : none;
                memcpy(tbuf + j * sizeof e, &e, sizeof e);
            }
            cc_estimate e[CC_QUEUE_METRICS];
            cc_queue_moments_estimate(&m, n, t95, e);
            memcpy(qbuf + c * sizeof e, e, sizeof e);
        }
    r->queue_cells = shrink(qbuf, (nq * ni > 0 ? nq * ni : 1) * CC_QUEUE_METRICS * sizeof(cc_estimate));
    a->queue_interval = NULL;
    r->queue_used = a->queue_used;
    a->queue_used = NULL;
    r->extra_targets = extra;
    if (extra)
        r->target_cells = shrink(tbuf, nq * ni * extra * sizeof(cc_estimate));
    else
        free(tbuf);
    a->target_interval = NULL;

    unsigned char *gbuf = (unsigned char *)a->group_interval;
    for (size_t c = 0; c < ng * ni; c++) {
        if (!a->group_used[c])
            continue;
        cc_estimate e[CC_GROUP_METRICS];
        cc_group_fixed f;
        cc_group_moments m;
        memcpy(&f, gbuf + c * sizeof f, sizeof f);
        cc_group_fixed_moments(&f, &m);
        cc_group_moments_estimate(&m, n, t95, e);
        memcpy(gbuf + c * sizeof e, e, sizeof e);
    }
    r->group_cells = shrink(gbuf, (ng * ni > 0 ? ng * ni : 1) * CC_GROUP_METRICS * sizeof(cc_estimate));
    a->group_interval = NULL;
    r->group_used = a->group_used;
    a->group_used = NULL;

    r->queue_total = malloc(nq * CC_QUEUE_METRICS * sizeof *r->queue_total);
    r->target_total = malloc(nq * CC_MAX_TARGETS * sizeof *r->target_total);
    r->group_total = malloc((ng ? ng : 1) * CC_GROUP_METRICS * sizeof *r->group_total);
    if (!r->queue_total || !r->target_total || !r->group_total)
        return -1;
    /* A horizon's backlog is summed over its intervals: its mean level is that / ni. */
    for (size_t q = 0; q < nq; q++) {
        cc_estimate *e = &r->queue_total[q * CC_QUEUE_METRICS];
        cc_queue_moments_estimate(&a->run.queue[q], n, t95, e);
        e[CC_M_BACKLOG].mean /= (double)ni;
        e[CC_M_BACKLOG].ci95 /= (double)ni;
        r->target_total[q * CC_MAX_TARGETS] = e[CC_M_SERVICE_LEVEL];
        for (size_t k = 1; k < CC_MAX_TARGETS; k++)
            r->target_total[q * CC_MAX_TARGETS + k] = k < s->queues[q].n_targets
                ? cc_target_moments_estimate(&a->run.target[q * (CC_MAX_TARGETS - 1) + k - 1],
                                             &a->run.queue[q], n, t95)
                : (cc_estimate){ NAN, NAN };
    }
    cc_queue_moments_estimate(&a->run.all, n, t95, r->total);
    r->total[CC_M_BACKLOG].mean /= (double)ni;
    r->total[CC_M_BACKLOG].ci95 /= (double)ni;
    for (size_t g = 0; g < ng; g++)
        cc_group_moments_estimate(&a->run.group[g], n, t95, &r->group_total[g * CC_GROUP_METRICS]);
    cc_group_moments_estimate(&a->run.gall, n, t95, r->group_all);
    censor_targets(r, n, t95);
    return estimate_incidents(r, n, t95);
}

/* A partial run: the sums of blocks [first, first + count) of a run (see runner.h). */
struct cc_partial {
    const cc_scenario *s;
    unsigned first, count;      /* blocks */
    unsigned rep0, reps;        /* its replications: [rep0, rep0 + reps) */
    sums a;                     /* the per-interval sums; a.block is the block being summed */
    unsigned char *blocks;      /* [k * block_bytes]: block first + k's sums over the horizon */
    cc_results *r;              /* replications, seed, threads, wall_s; the per-replication
                                   arrays hold its replications from rep0 on */
};

unsigned cc_runner_blocks(unsigned replications)
{
    return replications / CC_RUNNER_BLOCK + (replications % CC_RUNNER_BLOCK != 0);
}

void cc_partial_destroy(cc_partial *p)
{
    if (!p)
        return;
    sums_free(&p->a);
    free(p->blocks);
    cc_results_destroy(p->r);
    free(p);
}

/* An empty partial run of blocks [first, first + count) of a run of n replications
 * (checked by the caller), or NULL when out of memory. */
static cc_partial *partial_create(const cc_scenario *s, unsigned n, uint64_t seed, unsigned first,
                                  unsigned count)
{
    size_t ni = s->n_intervals, nq = s->n_queues, ng = s->n_groups;
    size_t q_cells = nq * ni, g_cells = ng * ni;
    cc_partial *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->s = s;
    p->first = first;
    p->count = count;
    p->rep0 = first * CC_RUNNER_BLOCK;
    unsigned end = (first + count) * CC_RUNNER_BLOCK;
    p->reps = (count ? (end < n ? end : n) : p->rep0) - p->rep0;
    sums *a = &p->a;
    for (size_t q = 0; q < nq; q++)
        if (s->queues[q].n_targets > a->extra + 1)
            a->extra = s->queues[q].n_targets - 1;
    a->queue_interval = calloc(q_cells ? q_cells : 1, sizeof *a->queue_interval);
    a->group_interval = calloc(g_cells ? g_cells : 1, sizeof *a->group_interval);
    a->target_interval = calloc(q_cells * a->extra + 1, sizeof *a->target_interval);
    a->queue_used = calloc(q_cells ? q_cells : 1, 1);
    a->group_used = calloc(g_cells ? g_cells : 1, 1);
    int totals_ok = totals_alloc(&a->run, nq, ng) == 0 && totals_alloc(&a->block, nq, ng) == 0;
    p->blocks = malloc(count * block_bytes(nq, ng) + 1);
    cc_results *r = p->r = calloc(1, sizeof *r);
    if (r) {
        r->s = s;
        r->replications = n;
        r->seed = seed;
        r->rep_total = malloc((p->reps + 1) * sizeof *r->rep_total);
        r->rep_groups = malloc((p->reps + 1) * sizeof *r->rep_groups);
        r->rep_day = calloc((size_t)p->reps * s->calendar.days + 1, sizeof *r->rep_day);
        r->rep_queue = calloc((size_t)p->reps * nq + 1, sizeof *r->rep_queue);
        if (cc_incidents_find(s, &r->incidents, &r->n_incidents) == CC_OK)
            r->rep_incident = malloc(((size_t)p->reps * r->n_incidents * CC_INCIDENT_FIELDS + 1) *
                                     sizeof *r->rep_incident);
    }
    if (!(a->queue_interval && a->group_interval && a->target_interval && a->queue_used && a->group_used &&
          totals_ok && p->blocks && r && r->rep_total && r->rep_groups && r->rep_day && r->rep_queue &&
          r->rep_incident)) {
        cc_partial_destroy(p);
        return NULL;
    }
    return p;
}

int cc_simulate_blocks(const cc_scenario *s, const cc_run_options *opt, unsigned first, unsigned count,
                       cc_partial **out, cc_error *err)
{
    if (opt->replications < 1)
        return cc_error_set(err, CC_EINPUT, "replications must be >= 1 (got %u)", opt->replications);
    unsigned n = opt->replications, nblocks = cc_runner_blocks(n);
    if (first > nblocks || count > nblocks - first)
        return cc_error_set(err, CC_EINPUT, "blocks %u to %u are outside the run's %u blocks of %d replications",
                            first, first + count, nblocks, CC_RUNNER_BLOCK);
    size_t ni = s->n_intervals, nq = s->n_queues, ng = s->n_groups;
    size_t q_cells = nq * ni, g_cells = ng * ni, bb = block_bytes(nq, ng);
    cc_partial *p = partial_create(s, n, opt->seed, first, count);
    if (!p)
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory for the sums", s->path);
    unsigned nr = p->reps, rep0 = p->rep0;
    int threads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    if ((unsigned)threads > nr)
        threads = (int)nr;
    p->r->threads = threads;
    if (nr == 0) {
        *out = p;
        return CC_OK;
    }
    int status = CC_OK;
    sums *a = &p->a;
    /* Up to 64 replications per thread between reductions: a thread idles for at
     * most one replication at a batch's end, about 2% of a batch; fewer when a
     * replication's tallies are large (a year of intervals), so one batch stays
     * under 64 MiB, but never fewer than one per thread. */
    size_t rep_bytes = q_cells * sizeof(cc_queue_counts) + g_cells * sizeof(cc_group_tally);
    size_t batch = (size_t)threads * 64;
    if (batch * rep_bytes > ((size_t)64 << 20))
        batch = ((size_t)64 << 20) / rep_bytes;
    if (batch < (size_t)threads)
        batch = (size_t)threads;
    slots sl = { 0 };
    int slots_ok = slots_alloc(&sl, batch, q_cells, g_cells) == 0;
    int *rcs = calloc(batch, sizeof *rcs);
    cc_engine **engines = calloc((size_t)threads, sizeof *engines);
    unsigned *planned = opt->staffing ? NULL : cc_scenario_staffing(s);
    const unsigned *staffing = opt->staffing ? opt->staffing : planned;
    int ok = slots_ok && rcs && engines && staffing;
    for (int t = 0; ok && t < threads; t++)
        ok = (engines[t] = cc_engine_create(s, staffing)) != NULL;
    if (!ok) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory for %d threads", s->path, threads);
        goto out;
    }

    /* Batches of replications run in parallel, each into its own slot, and are then
     * added into the sums serially, in replication order; each block's sums over the
     * horizon are kept as they close. The interrupt is read before each replication
     * starts. */
    enum { RUNNING, FAILED, INTERRUPTED };
    int stop = RUNNING;
    unsigned done = 0;
    double t0 = omp_get_wtime();
    for (unsigned from = 0; from < nr && stop == RUNNING; from += (unsigned)batch) {
        size_t nb = nr - from < batch ? nr - from : batch;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (size_t k = 0; k < nb; k++)
            rcs[k] = opt->interrupted && *opt->interrupted
                         ? 1
                         : cc_engine_run(engines[omp_get_thread_num()], opt->seed, rep0 + from + k, &sl.of[k]);
        for (size_t k = 0; k < nb && stop == RUNNING; k++) {
            if (rcs[k] != 0) {
                stop = rcs[k] < 0 ? FAILED : INTERRUPTED;
                break;
            }
            reduce(s, a, &sl.of[k], p->r, done);
            done++;
            if (done % CC_RUNNER_BLOCK == 0 || done == nr) {
                totals_copy(&a->block, &p->blocks[(done - 1) / CC_RUNNER_BLOCK * bb], nq, ng, 0);
                totals_clear(&a->block, nq, ng);
            }
        }
        if (opt->progress && stop == RUNNING)
            progress_bar(done, nr, omp_get_wtime() - t0);
    }
    if (opt->progress && stop != RUNNING)
        fputc('\n', stderr);   /* end the progress bar's line before the error */
    if (stop == FAILED)
        status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory in replication %u", s->path, rep0 + done);
    else if (stop == INTERRUPTED)
        status = cc_error_set(err, CC_EINTERNAL, "interrupted after %u of %u replications", done, nr);
    else
        p->r->wall_s = omp_get_wtime() - t0;

out:
    for (int t = 0; engines && t < threads; t++)
        cc_engine_destroy(engines[t]);
    free(engines);
    free(planned);
    slots_free(&sl);
    free(rcs);
    if (status == CC_OK)
        *out = p;
    else
        cc_partial_destroy(p);
    return status;
}

int cc_partial_merge(cc_partial *p, const cc_partial *next, cc_error *err)
{
    const cc_scenario *s = p->s;
    if (next->s != s || next->r->replications != p->r->replications || next->r->seed != p->r->seed ||
        next->first != p->first + p->count)
        return cc_error_set(err, CC_EINPUT, "partial runs merge in block order, of one scenario, "
                            "replication count and seed (blocks %u to %u after %u to %u)",
                            next->first, next->first + next->count, p->first, p->first + p->count);
    size_t ni = s->n_intervals, nq = s->n_queues, ng = s->n_groups, extra = p->a.extra;
    size_t days = s->calendar.days, bb = block_bytes(nq, ng);
    /* Grow first, so that an allocation failure leaves p as it was. */
    cc_queue_tally *rep_total = malloc((p->reps + next->reps + 1) * sizeof *rep_total);
    cc_group_tally *rep_groups = malloc((p->reps + next->reps + 1) * sizeof *rep_groups);
    cc_queue_tally *rep_day = malloc(((size_t)(p->reps + next->reps) * days + 1) * sizeof *rep_day);
    size_t inc = p->r->n_incidents * CC_INCIDENT_FIELDS;   /* figures per replication */
    double *rep_incident = malloc(((size_t)(p->reps + next->reps) * inc + 1) * sizeof *rep_incident);
    cc_queue_tally *rep_queue = malloc(((size_t)(p->reps + next->reps) * nq + 1) * sizeof *rep_queue);
    unsigned char *blocks = malloc((p->count + next->count) * bb + 1);
    if (!rep_total || !rep_groups || !rep_day || !rep_incident || !rep_queue || !blocks) {
        free(rep_total);
        free(rep_groups);
        free(rep_day);
        free(rep_incident);
        free(rep_queue);
        free(blocks);
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory merging partial runs", s->path);
    }
    /* Per-interval sums: fixed point, exact, so adding two partial sums is the
     * same as adding the replications one after another. */
    for (size_t c = 0; c < nq * ni; c++) {
        if (!next->a.queue_used[c])
            continue;
        cc_queue_fixed_merge(&p->a.queue_interval[c], &next->a.queue_interval[c]);
        for (size_t k = 0; k < extra; k++)
            cc_target_fixed_merge(&p->a.target_interval[c * extra + k], &next->a.target_interval[c * extra + k]);
        p->a.queue_used[c] = 1;
    }
    for (size_t c = 0; c < ng * ni; c++) {
        if (!next->a.group_used[c])
            continue;
        cc_group_fixed_merge(&p->a.group_interval[c], &next->a.group_interval[c]);
        p->a.group_used[c] = 1;
    }
    cc_results *r = p->r;
    struct { void *to; const void *a, *b; size_t na, nb; } cat[] = {
        { blocks, p->blocks, next->blocks, p->count * bb, next->count * bb },
        { rep_total, r->rep_total, next->r->rep_total, p->reps * sizeof *rep_total,
          next->reps * sizeof *rep_total },
        { rep_groups, r->rep_groups, next->r->rep_groups, p->reps * sizeof *rep_groups,
          next->reps * sizeof *rep_groups },
        { rep_day, r->rep_day, next->r->rep_day, p->reps * days * sizeof *rep_day,
          next->reps * days * sizeof *rep_day },
        { rep_incident, r->rep_incident, next->r->rep_incident, p->reps * inc * sizeof *rep_incident,
          next->reps * inc * sizeof *rep_incident },
        { rep_queue, r->rep_queue, next->r->rep_queue, p->reps * nq * sizeof *rep_queue,
          next->reps * nq * sizeof *rep_queue },
    };
    for (size_t k = 0; k < sizeof cat / sizeof cat[0]; k++) {
        memcpy(cat[k].to, cat[k].a, cat[k].na);
        memcpy((unsigned char *)cat[k].to + cat[k].na, cat[k].b, cat[k].nb);
    }
    free(p->blocks);
    p->blocks = blocks;
    free(r->rep_total);
    r->rep_total = rep_total;
    free(r->rep_groups);
    r->rep_groups = rep_groups;
    free(r->rep_day);
    r->rep_day = rep_day;
    free(r->rep_incident);
    r->rep_incident = rep_incident;
    free(r->rep_queue);
    r->rep_queue = rep_queue;
    p->count += next->count;
    p->reps += next->reps;
    r->threads += next->r->threads;
    if (next->r->wall_s > r->wall_s)
        r->wall_s = next->r->wall_s;
    return CC_OK;
}

/* A packed partial run: a header of fixed-width fields (the run, the blocks, and
 * the scenario's shape, checked on unpacking), the used per-interval cells (index
 * and sums), the blocks' sums, then the per-replication arrays. */
enum { PACK_MAGIC = 0x63635031 };   /* "ccP1" */
typedef struct pack_header {
    uint32_t magic, replications, first, count;
    int32_t threads;
    uint32_t q_used, g_used, extra;
    uint64_t seed, queues, groups, intervals, days;
    double wall_s;
} pack_header;

static size_t pack_bytes(const cc_partial *p, const pack_header *h)
{
    size_t days = p->s->calendar.days;
    return sizeof *h +
           h->q_used * (sizeof(uint64_t) + sizeof(cc_queue_fixed) + h->extra * sizeof(cc_target_fixed)) +
           h->g_used * (sizeof(uint64_t) + sizeof(cc_group_fixed)) +
           p->count * block_bytes(p->s->n_queues, p->s->n_groups) +
           p->reps * (sizeof(cc_queue_tally) + sizeof(cc_group_tally) + days * sizeof(cc_queue_tally) +
                      p->r->n_incidents * CC_INCIDENT_FIELDS * sizeof(double) +
                      p->s->n_queues * sizeof(cc_queue_tally));
}

/* Copies n bytes between the packed buffer at *at (bounded by end) and x, in the
 * direction `load` says, and advances *at; -1 when the buffer is too short. */
static int field(unsigned char **at, const unsigned char *end, void *x, size_t n, int load)
{
    if ((size_t)(end - *at) < n)
        return -1;
    if (load)
        memcpy(x, *at, n);
    else
        memcpy(*at, x, n);
    *at += n;
    return 0;
}

/* Packs p into buf, or with load unpacks buf into p (created from its header);
 * -1 when buf is too short for what it says it holds or names a cell outside the
 * scenario. */
static int pack_body(cc_partial *p, unsigned char *at, const unsigned char *end, const pack_header *h, int load)
{
    const cc_scenario *s = p->s;
    size_t ni = s->n_intervals, days = s->calendar.days, extra = p->a.extra;
    unsigned char *qused = p->a.queue_used, *gused = p->a.group_used;
    for (uint64_t c = 0, k = 0; k < h->q_used; c++) {
        if (!load && !qused[c])
            continue;
        if (field(&at, end, &c, sizeof c, load) || c >= s->n_queues * ni ||
            field(&at, end, &p->a.queue_interval[c], sizeof *p->a.queue_interval, load) ||
            field(&at, end, &p->a.target_interval[c * extra], extra * sizeof *p->a.target_interval, load))
            return -1;
        qused[c] = 1;
        k++;
    }
    for (uint64_t c = 0, k = 0; k < h->g_used; c++) {
        if (!load && !gused[c])
            continue;
        if (field(&at, end, &c, sizeof c, load) || c >= s->n_groups * ni ||
            field(&at, end, &p->a.group_interval[c], sizeof *p->a.group_interval, load))
            return -1;
        gused[c] = 1;
        k++;
    }
    cc_results *r = p->r;
    if (field(&at, end, p->blocks, p->count * block_bytes(s->n_queues, s->n_groups), load) ||
        field(&at, end, r->rep_total, p->reps * sizeof *r->rep_total, load) ||
        field(&at, end, r->rep_groups, p->reps * sizeof *r->rep_groups, load) ||
        field(&at, end, r->rep_day, p->reps * days * sizeof *r->rep_day, load) ||
        field(&at, end, r->rep_incident, p->reps * r->n_incidents * CC_INCIDENT_FIELDS * sizeof *r->rep_incident,
              load) ||
        field(&at, end, r->rep_queue, p->reps * s->n_queues * sizeof *r->rep_queue, load))
        return -1;
    return at == end ? 0 : -1;
}

int cc_partial_pack(const cc_partial *p, unsigned char **buf, size_t *len)
{
    const cc_scenario *s = p->s;
    pack_header h = {
        .magic = PACK_MAGIC, .replications = p->r->replications, .first = p->first, .count = p->count,
        .threads = p->r->threads, .extra = (uint32_t)p->a.extra, .seed = p->r->seed,
        .queues = s->n_queues, .groups = s->n_groups, .intervals = s->n_intervals,
        .days = s->calendar.days, .wall_s = p->r->wall_s,
    };
    for (size_t c = 0; c < s->n_queues * s->n_intervals; c++)
        h.q_used += p->a.queue_used[c];
    for (size_t c = 0; c < s->n_groups * s->n_intervals; c++)
        h.g_used += p->a.group_used[c];
    *len = pack_bytes(p, &h);
    *buf = malloc(*len);
    if (!*buf)
        return -1;
    memcpy(*buf, &h, sizeof h);
    /* Packing reads p only (load = 0); pack_body's pointer is not const for unpacking. */
    return pack_body((cc_partial *)(uintptr_t)p, *buf + sizeof h, *buf + *len, &h, 0);
}

int cc_partial_unpack(const cc_scenario *s, const unsigned char *buf, size_t len, cc_partial **out,
                      cc_error *err)
{
    pack_header h;
    size_t extra = 0;
    for (size_t q = 0; q < s->n_queues; q++)
        if (s->queues[q].n_targets > extra + 1)
            extra = s->queues[q].n_targets - 1;
    if (len < sizeof h)
        return cc_error_set(err, CC_EINPUT, "a packed partial run of %zu bytes is too short", len);
    memcpy(&h, buf, sizeof h);
    if (h.magic != PACK_MAGIC || h.queues != s->n_queues || h.groups != s->n_groups ||
        h.intervals != s->n_intervals || h.days != s->calendar.days || h.extra != extra ||
        h.replications < 1 || h.first > cc_runner_blocks(h.replications) ||
        h.count > cc_runner_blocks(h.replications) - h.first ||
        h.q_used > s->n_queues * s->n_intervals || h.g_used > s->n_groups * s->n_intervals)
        return cc_error_set(err, CC_EINPUT, "%s: a packed partial run of another scenario or run", s->path);
    cc_partial *p = partial_create(s, h.replications, h.seed, h.first, h.count);
    if (!p)
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory for a partial run", s->path);
    p->r->threads = h.threads;
    p->r->wall_s = h.wall_s;
    if (len != pack_bytes(p, &h) ||
        pack_body(p, (unsigned char *)(uintptr_t)buf + sizeof h, buf + len, &h, 1) != 0) {
        cc_partial_destroy(p);
        return cc_error_set(err, CC_EINPUT, "%s: a packed partial run of %zu bytes does not hold what its "
                            "header says", s->path, len);
    }
    *out = p;
    return CC_OK;
}

int cc_partial_exact(const cc_partial *p)
{
    const cc_scenario *s = p->s;
    size_t ni = s->n_intervals, extra = p->a.extra;
    int exact = 1;
    for (size_t c = 0; c < s->n_queues * ni; c++) {
        if (!p->a.queue_used[c])
            continue;
        cc_queue_moments m;
        exact = exact && cc_queue_fixed_moments(&p->a.queue_interval[c], &m);
        for (size_t k = 0; k < extra; k++) {
            cc_target_moments t;
            exact = exact && cc_target_fixed_moments(&p->a.target_interval[c * extra + k], &t);
        }
    }
    for (size_t c = 0; c < s->n_groups * ni; c++) {
        cc_group_moments g;
        if (p->a.group_used[c])
            exact = exact && cc_group_fixed_moments(&p->a.group_interval[c], &g);
    }
    return exact;
}

int cc_partial_results(cc_partial *p, cc_results **out, cc_error *err)
{
    const cc_scenario *s = p->s;
    unsigned n = p->r->replications;
    size_t nq = s->n_queues, ng = s->n_groups, bb = block_bytes(nq, ng);
    int status = CC_OK;
    if (p->first != 0 || p->count != cc_runner_blocks(n)) {
        status = cc_error_set(err, CC_EINPUT, "a partial run of blocks %u to %u is not the run's %u blocks",
                              p->first, p->first + p->count, cc_runner_blocks(n));
        goto out;
    }
    /* The blocks' sums over the horizon merge in block order. */
    for (unsigned k = 0; k < p->count; k++) {
        totals_copy(&p->a.block, &p->blocks[k * bb], nq, ng, 1);
        totals_merge(&p->a.run, &p->a.block, nq, ng);
    }
    cc_results *r = p->r;
    for (unsigned rep = 0; rep < n; rep++)
        r->calls_total += r->rep_total[rep].offered;
    if (estimate(s, &p->a, n, r) != 0) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory for results", s->path);
        goto out;
    }
    *out = r;
    p->r = NULL;
out:
    cc_partial_destroy(p);
    return status;
}

int cc_simulate(const cc_scenario *s, const cc_run_options *opt, cc_results **out, cc_error *err)
{
    cc_partial *p;
    int status = cc_simulate_blocks(s, opt, 0, cc_runner_blocks(opt->replications), &p, err);
    return status == CC_OK ? cc_partial_results(p, out, err) : status;
}

/* The simulated service level of group g's queues in interval i, pooled: answered
 * within T ÷ offered summed over the queues it serves (offered mean × service level
 * mean is the within count per replication). NaN when none of them has calls. */
double cc_results_group_service_level(const cc_scenario *s, const cc_results *r, size_t g, size_t i)
{
    const cc_group *grp = &s->groups[g];
    if (grp->n_serves == 1)
        return cc_results_queue_interval(r, grp->serves[0], i)[CC_M_SERVICE_LEVEL].mean;
    double offered = 0, within = 0;
    for (size_t k = 0; k < grp->n_serves; k++) {
        const cc_estimate *e = cc_results_queue_interval(r, grp->serves[k], i);
        if (e[CC_M_OFFERED].mean > 0 && isfinite(e[CC_M_SERVICE_LEVEL].mean)) {
            offered += e[CC_M_OFFERED].mean;
            within += e[CC_M_OFFERED].mean * e[CC_M_SERVICE_LEVEL].mean;
        }
    }
    return offered > 0 ? within / offered : NAN;
}
