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
 * after replication (their terms are exact, so that is the same as merging block
 * sums); the horizon's sums, whose squares outgrow exactness over a long horizon,
 * are formed per block and merged in block order. */
typedef struct sums {
    cc_queue_moments *queue_interval;
    cc_group_moments *group_interval;
    cc_target_moments *target_interval;     /* [(q * n_intervals + i) * extra + k - 1] */
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

/* Adds the block's sums into the run's, in block order, and clears the block. */
static void totals_merge(totals *run, totals *block, size_t nq, size_t ng)
{
    for (size_t q = 0; q < nq; q++)
        cc_queue_moments_merge(&run->queue[q], &block->queue[q]);
    for (size_t k = 0; k < nq * (CC_MAX_TARGETS - 1); k++)
        cc_target_moments_merge(&run->target[k], &block->target[k]);
    for (size_t g = 0; g < ng; g++)
        cc_group_moments_merge(&run->group[g], &block->group[g]);
    cc_queue_moments_merge(&run->all, &block->all);
    cc_group_moments_merge(&run->gall, &block->gall);
    memset(block->queue, 0, nq * sizeof *block->queue);
    memset(block->target, 0, nq * (CC_MAX_TARGETS - 1) * sizeof *block->target);
    memset(block->group, 0, ng * sizeof *block->group);
    block->all = (cc_queue_moments){ 0 };
    block->gall = (cc_group_moments){ 0 };
}

static void add_targets(cc_target_moments *m, const cc_queue *qu, const cc_queue_tally *t)
{
    for (size_t k = 1; k < qu->n_targets; k++)
        cc_target_moments_add(&m[k - 1], t->answered_within_k[k - 1], t->offered);
}

static const cc_queue_tally zero;
static const cc_group_tally gzero;

/* A batch's slots: one set of tallies and written flags per replication, zeroed
 * once; the engine writes only the cells where something happened and the
 * reduction clears just those, so the slots' other pages are never touched. */
typedef struct slots {
    cc_queue_tally *queues;
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
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue *qu = &s->queues[q];
        cc_queue_tally sum = { 0 };
        for (size_t i = 0; i < ni; i++) {
            if (!out->queue_written[q * ni + i])
                continue;   /* most cells of a long horizon are closed hours */
            out->queue_written[q * ni + i] = 0;
            cc_queue_tally *t = &out->queues[q * ni + i];
            if (memcmp(t, &zero, sizeof zero) == 0)
                continue;   /* adds nothing */
            cc_queue_moments_add(&a->queue_interval[q * ni + i], t);
            a->queue_used[q * ni + i] = 1;
            add_targets(&a->target_interval[(q * ni + i) * a->extra], qu, t);
            cc_queue_tally_add(&sum, t);
            cc_queue_tally_add(&day[i / s->intervals_per_day], t);
            *t = zero;
        }
        res->rep_queue[rep * s->n_queues + q] = sum;
        cc_queue_moments_add(&a->block.queue[q], &sum);
        add_targets(&a->block.target[q * (CC_MAX_TARGETS - 1)], qu, &sum);
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
            cc_group_moments_add(&a->group_interval[g * ni + i], t);
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
    free(r->rep_queue);
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

_Static_assert(CC_QUEUE_METRICS * sizeof(cc_estimate) <= sizeof(cc_queue_moments), "in place");
_Static_assert(CC_GROUP_METRICS * sizeof(cc_estimate) <= sizeof(cc_group_moments), "in place");
_Static_assert(sizeof(cc_estimate) <= sizeof(cc_target_moments), "in place");

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
            cc_queue_moments m;
            memcpy(&m, qbuf + c * sizeof m, sizeof m);
            for (size_t k = 1; k <= extra; k++) {
                size_t j = c * extra + k - 1;
                cc_target_moments tm;
                memcpy(&tm, tbuf + j * sizeof tm, sizeof tm);
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
        cc_group_moments m;
        memcpy(&m, gbuf + c * sizeof m, sizeof m);
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
    return 0;
}

int cc_simulate(const cc_scenario *s, const cc_run_options *opt, cc_results **out, cc_error *err)
{
    if (opt->replications < 1)
        return cc_error_set(err, CC_EINPUT, "replications must be >= 1 (got %u)", opt->replications);
    int threads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
    if ((unsigned)threads > opt->replications)
        threads = (int)opt->replications;
    unsigned n = opt->replications;
    size_t ni = s->n_intervals, nq = s->n_queues, ng = s->n_groups;
    size_t q_cells = nq * ni, g_cells = ng * ni;
    int status = CC_OK;

    sums a = { 0 };
    for (size_t q = 0; q < nq; q++)
        if (s->queues[q].n_targets > a.extra + 1)
            a.extra = s->queues[q].n_targets - 1;
    a.queue_interval = calloc(q_cells, sizeof *a.queue_interval);
    a.group_interval = calloc(g_cells ? g_cells : 1, sizeof *a.group_interval);
    a.target_interval = calloc(q_cells * a.extra + 1, sizeof *a.target_interval);
    a.queue_used = calloc(q_cells ? q_cells : 1, 1);
    a.group_used = calloc(g_cells ? g_cells : 1, 1);
    int totals_ok = totals_alloc(&a.run, nq, ng) == 0 && totals_alloc(&a.block, nq, ng) == 0;
    /* Up to 64 replications per thread between reductions: a thread idles for at
     * most one replication at a batch's end, about 2% of a batch; fewer when a
     * replication's tallies are large (a year of intervals), so one batch stays
     * under 64 MiB, but never fewer than one per thread. */
    size_t rep_bytes = q_cells * sizeof(cc_queue_tally) + g_cells * sizeof(cc_group_tally);
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
    cc_results *r = calloc(1, sizeof *r);
    if (r) {
        r->rep_total = malloc(n * sizeof *r->rep_total);
        r->rep_groups = malloc(n * sizeof *r->rep_groups);
        r->rep_day = calloc((size_t)n * s->calendar.days, sizeof *r->rep_day);
        r->rep_queue = calloc((size_t)n * (s->n_queues ? s->n_queues : 1), sizeof *r->rep_queue);
    }
    int ok = a.queue_interval && a.group_interval && a.target_interval && a.queue_used && a.group_used &&
             totals_ok && slots_ok && rcs && engines && staffing && r &&
             r->rep_total && r->rep_groups && r->rep_day && r->rep_queue;
    for (int t = 0; ok && t < threads; t++)
        ok = (engines[t] = cc_engine_create(s, staffing)) != NULL;
    if (!ok) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory for %d threads", s->path, threads);
        goto out;
    }

    /* Batches of replications run in parallel, each into its own slot, and are then
     * added into the sums serially, in replication order (block after block). The
     * interrupt is read before each replication starts. */
    enum { RUNNING, FAILED, INTERRUPTED };
    int stop = RUNNING;
    unsigned done = 0;
    double t0 = omp_get_wtime();
    for (unsigned first = 0; first < n && stop == RUNNING; first += (unsigned)batch) {
        size_t nb = n - first < batch ? n - first : batch;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (size_t k = 0; k < nb; k++)
            rcs[k] = opt->interrupted && *opt->interrupted
                         ? 1
                         : cc_engine_run(engines[omp_get_thread_num()], opt->seed, first + k, &sl.of[k]);
        for (size_t k = 0; k < nb && stop == RUNNING; k++) {
            if (rcs[k] != 0) {
                stop = rcs[k] < 0 ? FAILED : INTERRUPTED;
                break;
            }
            reduce(s, &a, &sl.of[k], r, done);
            done++;
            if (done % CC_RUNNER_BLOCK == 0 || done == n)
                totals_merge(&a.run, &a.block, nq, ng);
        }
        if (opt->progress && stop == RUNNING)
            progress_bar(done, n, omp_get_wtime() - t0);
    }
    if (opt->progress && stop != RUNNING)
        fputc('\n', stderr);   /* end the progress bar's line before the error */
    if (stop == FAILED) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory in replication %u", s->path, done);
        goto out;
    }
    if (stop == INTERRUPTED) {
        status = cc_error_set(err, CC_EINTERNAL, "interrupted after %u of %u replications", done, n);
        goto out;
    }
    r->wall_s = omp_get_wtime() - t0;

    /* The engines and their tallies are done with: free them before the estimates. */
    for (int t = 0; t < threads; t++)
        cc_engine_destroy(engines[t]);
    free(engines);
    slots_free(&sl);
    free(rcs);
    engines = NULL;
    rcs = NULL;

    r->s = s;
    r->replications = n;
    r->seed = opt->seed;
    r->threads = threads;
    for (unsigned rep = 0; rep < n; rep++)
        r->calls_total += r->rep_total[rep].offered;
    if (estimate(s, &a, n, r) != 0) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: out of memory for results", s->path);
        goto out;
    }
    *out = r;
    r = NULL;

out:
    for (int t = 0; engines && t < threads; t++)
        cc_engine_destroy(engines[t]);
    free(engines);
    free(planned);
    slots_free(&sl);
    free(rcs);
    sums_free(&a);
    cc_results_destroy(r);
    return status;
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
