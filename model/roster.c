/* roster.c — the cheapest shifts covering a requirement (see roster.h): columns
 * enumerated per group, one GLPK integer programme per group. */
#include "model/roster.h"

#include "model/workforce.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY_S 86400.0
#define EPS 1e-9

/* One way to work and its coverage of required intervals (entries ent[first..first+n)). */
typedef struct column {
    size_t shift;
    unsigned day;
    double start_s;
    double break_s[CC_ROSTER_MAX_BREAKS];
    double paid_h;
} column;

/* Where a group's agents are on duty per interval (duty_init below). */
typedef struct duty_span {
    double *from, *to;
} duty_span;

/* The programme of one group, built before GLPK sees it. */
typedef struct model {
    column *cols;
    size_t n_cols, cap_cols;
    int *ia, *ja;           /* 1-based, as glp_load_matrix takes them */
    double *ar;
    size_t n_ent, cap_ent;
    int *row_of;            /* per interval: its cover row (1-based), 0 when nothing is required */
    size_t n_cover_rows;
    double *reach;          /* per interval: the coverage of all columns together */
    duty_span duty;
} model;

double cc_roster_shift_paid_hours(const cc_roster_shift *sh)
{
    double paid_s = sh->length_s;
    for (size_t k = 0; k < sh->n_breaks; k++)
        if (!sh->breaks[k].paid)
            paid_s -= sh->breaks[k].length_s;
    return paid_s / 3600.0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Where group g's agents are on duty in each interval (model/workforce.h): from the
 * earliest opening to the latest closing of its queues inside the interval, seconds
 * from the horizon's start; the whole interval where none is open. */

static int duty_init(const cc_scenario *s, size_t g, duty_span *d)
{
    size_t n = s->n_intervals;
    if (!(d->from = malloc(n * sizeof *d->from)) || !(d->to = malloc(n * sizeof *d->to)))
        return -1;
    for (size_t i = 0; i < n; i++) {
        double lo = s->interval_s, hi = 0, base = s->interval_s * (double)i;
        for (size_t k = 0; k < s->groups[g].n_serves; k++) {
            const cc_queue *q = &s->queues[s->groups[g].serves[k]];
            if (q->open_to_s[i] > q->open_from_s[i]) {
                lo = fmin(lo, q->open_from_s[i]);
                hi = fmax(hi, q->open_to_s[i]);
            }
        }
        if (hi <= lo) {
            lo = 0;
            hi = s->interval_s;
        }
        d->from[i] = base + lo;
        d->to[i] = base + hi;
    }
    return 0;
}

static void duty_fini(duty_span *d)
{
    free(d->from);
    free(d->to);
}

/* Adds to each interval that the span [a, b) (seconds from the horizon's start)
 * overlaps its share of an agent: the overlap with the group's duty there ÷ the duty's
 * length, by calling add(ctx, i, share). */
static void cover_span(const cc_scenario *s, const duty_span *du, double a, double b,
                       void (*add)(void *, size_t, double), void *ctx)
{
    double end = s->interval_s * (double)s->n_intervals;
    if (b > end)
        b = end;
    for (size_t i = (size_t)(a / s->interval_s); a < b && i < s->n_intervals; i++) {
        double lo = du->from[i], hi = du->to[i];
        if (s->interval_s * (double)i >= b)
            break;
        double part = (fmin(b, hi) - fmax(a, lo)) / (hi - lo);
        if (part > EPS)
            add(ctx, i, part);
    }
}

/* The coverage of a column: the shift's span less its breaks. */
static void cover_column(const cc_scenario *s, const duty_span *du, const column *c,
                         void (*add)(void *, size_t, double), void *ctx)
{
    const cc_roster_shift *sh = &s->roster.shifts[c->shift];
    double t0 = DAY_S * c->day + c->start_s, at = t0;
    for (size_t k = 0; k < sh->n_breaks; k++) {
        cover_span(s, du, at, t0 + c->break_s[k], add, ctx);
        at = t0 + c->break_s[k] + sh->breaks[k].length_s;
    }
    cover_span(s, du, at, t0 + sh->length_s, add, ctx);
}

typedef struct col_ctx {
    model *m;
    int col;            /* 1-based */
    int useful;
    int overflow;
} col_ctx;

static void add_entry(void *ctx, size_t i, double part)
{
    col_ctx *c = ctx;
    model *m = c->m;
    m->reach[i] += part;
    if (!m->row_of[i])
        return;
    c->useful = 1;
    if (m->n_ent + 2 > m->cap_ent) {
        size_t cap = m->cap_ent ? 2 * m->cap_ent : 4096;
        int *ia = realloc(m->ia, cap * sizeof *ia);
        if (ia)
            m->ia = ia;
        int *ja = realloc(m->ja, cap * sizeof *ja);
        if (ja)
            m->ja = ja;
        double *ar = realloc(m->ar, cap * sizeof *ar);
        if (ar)
            m->ar = ar;
        if (!ia || !ja || !ar) {
            c->overflow = 1;
            return;
        }
        m->cap_ent = cap;
    }
    m->n_ent++;
    m->ia[m->n_ent] = m->row_of[i];
    m->ja[m->n_ent] = c->col;
    m->ar[m->n_ent] = part;
}

/* Adds column c when it covers a required interval; -1 when out of memory. */
static int add_column(const cc_scenario *s, model *m, const column *c)
{
    if (m->n_cols == m->cap_cols) {
        size_t cap = m->cap_cols ? 2 * m->cap_cols : 1024;
        column *cols = realloc(m->cols, cap * sizeof *cols);
        if (!cols)
            return -1;
        m->cols = cols;
        m->cap_cols = cap;
    }
    size_t mark = m->n_ent;
    col_ctx ctx = { .m = m, .col = (int)m->n_cols + 1 };
    cover_column(s, &m->duty, c, add_entry, &ctx);
    if (ctx.overflow)
        return -1;
    if (!ctx.useful) {
        m->n_ent = mark;
        return 0;
    }
    m->cols[m->n_cols++] = *c;
    return 0;
}

/* Every column of shift c->shift started at c->day, c->start_s: each break k from
 * `k` on at each allowed offset, after the previous one ends. */
static int add_breaks(const cc_scenario *s, model *m, column *c, size_t k, double after, size_t *seen)
{
    const cc_roster_shift *sh = &s->roster.shifts[c->shift];
    if (k == sh->n_breaks) {
        if (++*seen > CC_ROSTER_MAX_COLUMNS)
            return 1;
        return add_column(s, m, c);
    }
    const cc_roster_break *b = &sh->breaks[k];
    for (double t = b->earliest_s; t <= b->latest_s + EPS; t += b->every_s) {
        if (t < after - EPS)
            continue;
        c->break_s[k] = t;
        int rc = add_breaks(s, m, c, k + 1, t + b->length_s, seen);
        if (rc)
            return rc;
    }
    return 0;
}

static void model_fini(model *m)
{
    free(m->cols);
    free(m->ia);
    free(m->ja);
    free(m->ar);
    free(m->row_of);
    free(m->reach);
    duty_fini(&m->duty);
}

static const char *hhmm(double sec, char buf[static 8])
{
    long m = lround(sec / 60.0);
    snprintf(buf, 8, "%02ld:%02ld", (m / 60) % 100, m % 60);
    return buf;
}

/* A required interval no column reaches: the shift rules cannot cover it. */
static int uncoverable(const cc_scenario *s, size_t g, size_t i, double req, cc_error *err)
{
    const cc_roster_rules *r = &s->roster;
    double first = DAY_S, last = 0;
    for (size_t k = 0; k < r->n_shifts; k++) {
        const cc_roster_shift *sh = &r->shifts[k];
        if (sh->groups && !sh->groups[g])
            continue;
        first = fmin(first, sh->earliest_start_s);
        last = fmax(last, sh->latest_start_s + sh->length_s);
    }
    char when[64], a[8], b[8];
    cc_scenario_interval_label(s, i, when, sizeof when);
    return cc_error_set(err, CC_EINPUT, "%s:%d: roster.shifts: no shift of group \"%s\" covers %s, where "
                        "%g agents are required (its shifts start at %s at the earliest and end by %s%s at "
                        "the latest, breaks aside): add a shift or widen the start times",
                        s->path, r->line, s->groups[g].name, when, req, hhmm(first, a),
                        hhmm(fmod(last, DAY_S), b), last > DAY_S ? " the next day" : "");
}

/* Builds group g's programme. CC_OK, CC_EINPUT or CC_EINTERNAL. */
static int build(const cc_scenario *s, size_t g, const double *req, model *m, cc_error *err)
{
    const cc_roster_rules *r = &s->roster;
    size_t n = s->n_intervals, seen = 0;
    if (!(m->row_of = calloc(n, sizeof *m->row_of)) || !(m->reach = calloc(n, sizeof *m->reach))
        || duty_init(s, g, &m->duty) != 0)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (req[i] > 0)
            m->row_of[i] = (int)++m->n_cover_rows;
    for (size_t k = 0; k < r->n_shifts; k++) {
        const cc_roster_shift *sh = &r->shifts[k];
        if (sh->groups && !sh->groups[g])
            continue;
        for (unsigned d = 0; d < s->calendar.days; d++)
            for (double t = sh->earliest_start_s; t <= sh->latest_start_s + EPS; t += sh->start_every_s) {
                column c = { .shift = k, .day = d, .start_s = t };
                int rc = add_breaks(s, m, &c, 0, 0.0, &seen);
                if (rc > 0)
                    return cc_error_set(err, CC_EINPUT, "%s:%d: roster: more than %d ways to work a shift for "
                                        "group \"%s\": start times or break offsets closer together "
                                        "(start_every_min, every_min) would make the problem tractable",
                                        s->path, r->line, CC_ROSTER_MAX_COLUMNS, s->groups[g].name);
                if (rc < 0)
                    return cc_error_set(err, CC_EINTERNAL, "out of memory");
            }
    }
    if (r->undercover_penalty == 0)
        for (size_t i = 0; i < n; i++)
            if (req[i] > 0 && m->reach[i] < EPS)
                return uncoverable(s, g, i, req[i], err);
    return CC_OK;
}

/* GLPK's error hook: GLPK calls it on an internal error before it would abort;
 * free its environment and return to solve(). */
static void glpk_failed(void *info)
{
    glp_free_env();
    longjmp(*(jmp_buf *)info, 1);
}

/* Solves group g's programme into x (per column). CC_OK, CC_EINPUT (no roster within
 * the rules or the time limit), CC_EINTERNAL (GLPK failed). */
static int solve(const cc_scenario *s, size_t g, const double *req, const model *m, long *x,
                 cc_roster_solve_info *info, cc_error *err)
{
    const cc_roster_rules *r = &s->roster;
    size_t n = s->n_intervals, n_cap = 0;
    for (size_t k = 0; k < r->n_shifts; k++)
        if (r->shifts[k].max_share < 1 && (!r->shifts[k].groups || r->shifts[k].groups[g]))
            n_cap++;
    int soft = r->undercover_penalty > 0;
    size_t n_rows = m->n_cover_rows + n_cap, n_cols = m->n_cols + (soft ? m->n_cover_rows : 0);
    info->columns = n_cols;
    info->rows = n_rows;
    if (n_rows == 0 || n_cols == 0)
        return CC_OK;   /* nothing required: no shifts */
    size_t extra = n_cap * m->n_cols + (soft ? m->n_cover_rows : 0);
    int *ia = malloc((m->n_ent + extra + 1) * sizeof *ia), *ja = malloc((m->n_ent + extra + 1) * sizeof *ja);
    double *ar = malloc((m->n_ent + extra + 1) * sizeof *ar);
    if (!ia || !ja || !ar) {
        free(ia), free(ja), free(ar);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    memcpy(ia + 1, m->ia + 1, m->n_ent * sizeof *ia);
    memcpy(ja + 1, m->ja + 1, m->n_ent * sizeof *ja);
    memcpy(ar + 1, m->ar + 1, m->n_ent * sizeof *ar);
    size_t ne = m->n_ent;
    /* A capped pattern: its shifts − share × all shifts <= 0. */
    int row = (int)m->n_cover_rows;
    for (size_t k = 0; k < r->n_shifts; k++) {
        const cc_roster_shift *sh = &r->shifts[k];
        if (!(sh->max_share < 1 && (!sh->groups || sh->groups[g])))
            continue;
        row++;
        for (size_t j = 0; j < m->n_cols; j++) {
            ne++;
            ia[ne] = row;
            ja[ne] = (int)j + 1;
            ar[ne] = (m->cols[j].shift == k ? 1.0 : 0.0) - sh->max_share;
        }
    }
    if (soft)
        for (size_t i = 0; i < n; i++)
            if (m->row_of[i]) {
                ne++;
                ia[ne] = m->row_of[i];
                ja[ne] = (int)m->n_cols + m->row_of[i];
                ar[ne] = 1.0;
            }

    jmp_buf env;
    glp_prob *volatile lp = NULL;
    volatile int rc = CC_OK;
    double t0 = now_s();
    if (setjmp(env)) {
        free(ia), free(ja), free(ar);
        return cc_error_set(err, CC_EINTERNAL, "GLPK failed while rostering group \"%s\"", s->groups[g].name);
    }
    glp_error_hook(glpk_failed, &env);
    glp_term_out(GLP_OFF);
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, (int)n_rows);
    for (size_t i = 0; i < n; i++)
        if (m->row_of[i])
            glp_set_row_bnds(lp, m->row_of[i], GLP_LO, req[i], 0.0);
    for (size_t k = m->n_cover_rows + 1; k <= n_rows; k++)
        glp_set_row_bnds(lp, (int)k, GLP_UP, 0.0, 0.0);
    glp_add_cols(lp, (int)n_cols);
    for (size_t j = 0; j < m->n_cols; j++) {
        glp_set_col_kind(lp, (int)j + 1, GLP_IV);
        glp_set_col_bnds(lp, (int)j + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)j + 1, m->cols[j].paid_h);
    }
    for (size_t j = m->n_cols; j < n_cols; j++) {
        glp_set_col_bnds(lp, (int)j + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)j + 1, r->undercover_penalty * s->interval_s / 3600.0);
    }
    glp_load_matrix(lp, (int)ne, ia, ja, ar);

    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_ON;
    sm.tm_lim = (int)(r->time_limit_s * 1000.0);
    int lp_rc = glp_simplex(lp, &sm);
    if (lp_rc == 0 && glp_get_status(lp) == GLP_OPT) {
        info->lp_bound = glp_get_obj_val(lp);
        glp_iocp io;
        glp_init_iocp(&io);
        io.msg_lev = GLP_MSG_OFF;
        io.mip_gap = r->mip_gap;
        io.tm_lim = (int)fmax(1.0, r->time_limit_s * 1000.0 - 1000.0 * (now_s() - t0));
        io.mir_cuts = GLP_ON;
        io.gmi_cuts = GLP_ON;
        io.cov_cuts = GLP_ON;
        io.clq_cuts = GLP_ON;
        io.fp_heur = GLP_ON;
        io.ps_heur = GLP_ON;
        io.br_tech = GLP_BR_PCH;
        io.bt_tech = GLP_BT_BPH;
        int ip_rc = glp_intopt(lp, &io);
        int st = glp_mip_status(lp);
        if ((ip_rc == 0 || ip_rc == GLP_ETMLIM || ip_rc == GLP_EMIPGAP) && (st == GLP_OPT || st == GLP_FEAS)) {
            info->optimal = st == GLP_OPT;
            info->objective = glp_mip_obj_val(lp);
            info->gap = info->objective > 0 ? fmax(0.0, (info->objective - info->lp_bound) / info->objective) : 0.0;
            for (size_t j = 0; j < m->n_cols; j++)
                x[j] = lround(glp_mip_col_val(lp, (int)j + 1));
        } else if (ip_rc == GLP_ETMLIM) {
            rc = cc_error_set(err, CC_EINPUT, "%s:%d: roster.time_limit_s: no roster for group \"%s\" found "
                              "within %g s: raise time_limit_s or mip_gap", s->path, r->line, s->groups[g].name,
                              r->time_limit_s);
        } else {
            rc = cc_error_set(err, CC_EINTERNAL, "GLPK's integer search failed for group \"%s\" (code %d)",
                              s->groups[g].name, ip_rc);
        }
    } else if (lp_rc == 0 || lp_rc == GLP_ENOPFS) {
        rc = cc_error_set(err, CC_EINPUT, "%s:%d: roster.shifts: no roster of group \"%s\" meets the shift "
                          "rules: the max_share caps cannot be met with shifts that cover its requirement",
                          s->path, r->line, s->groups[g].name);
    } else if (lp_rc == GLP_ETMLIM) {
        rc = cc_error_set(err, CC_EINPUT, "%s:%d: roster.time_limit_s: the LP relaxation for group \"%s\" "
                          "did not finish within %g s", s->path, r->line, s->groups[g].name, r->time_limit_s);
    } else {
        rc = cc_error_set(err, CC_EINTERNAL, "GLPK's simplex failed for group \"%s\" (code %d)",
                          s->groups[g].name, lp_rc);
    }
    info->solve_s = now_s() - t0;
    glp_delete_prob(lp);
    glp_error_hook(NULL, NULL);
    glp_free_env();     /* nothing of GLPK's outlives the call */
    free(ia), free(ja), free(ar);
    return rc;
}

typedef struct acc_ctx {
    double *coverage;
    long count;
} acc_ctx;

static void add_coverage(void *ctx, size_t i, double part)
{
    acc_ctx *a = ctx;
    a->coverage[i] += part * (double)a->count;
}

static int costing(const cc_scenario *s, double paid_h, double *fte, double *cost, cc_error *err)
{
    cc_workforce w = s->workforce;
    w.shrinkage = s->roster.absence_shrinkage;
    cc_costing c;
    int rc = cc_workforce_costing(&w, s->calendar.days, paid_h * 3600.0, 0.0, 0.0, &c, err);
    if (rc == CC_OK) {
        *fte = c.fte;
        *cost = c.staff_cost;
    }
    return rc;
}

/* Group g's figures from its shifts (assign[first..]) and coverage. */
static int figures(const cc_scenario *s, cc_roster *r, size_t g, size_t first, cc_error *err)
{
    const cc_roster_rules *rules = &s->roster;
    size_t n = s->n_intervals;
    unsigned days = s->calendar.days;
    cc_roster_figures *f = &r->groups[g];
    long *per_day = calloc(days, sizeof *per_day);
    if (!per_day)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    for (size_t a = first; a < r->n_assign; a++) {
        const cc_roster_assign *as = &r->assign[a];
        const cc_roster_shift *sh = &rules->shifts[as->shift];
        f->shifts += as->count;
        f->paid_hours += (double)as->count * cc_roster_shift_paid_hours(sh);
        per_day[as->day] += as->count;
    }
    for (unsigned d0 = 0; d0 < days; d0 += 7) {
        unsigned len = days - d0 < 7 ? days - d0 : 7, on = rules->days_on_per_week < len ? rules->days_on_per_week : len;
        long most = 0, sum = 0;
        for (unsigned d = d0; d < d0 + len; d++) {
            most = per_day[d] > most ? per_day[d] : most;
            sum += per_day[d];
        }
        long h = (sum + (long)on - 1) / (long)on;
        h = h > most ? h : most;
        f->headcount = h > f->headcount ? h : f->headcount;
    }
    free(per_day);
    for (size_t i = 0; i < n; i++) {
        double req = r->required[g * n + i], cov = r->coverage[g * n + i];
        double duty = cc_workforce_duty_s(s, g, i);
        int open = cc_scenario_group_open(s, g, i);
        f->required_hours += req * duty / 3600.0;
        if (cov < req - 1e-6) {
            f->intervals_under++;
            f->under_agent_hours += (req - cov) * duty / 3600.0;
        } else if (open && cov >= req + 1.0 - 1e-6) {
            f->intervals_over++;
        }
        r->staffing[g * n + i] = open ? (unsigned)floor(cov + 1e-6) : 0;
    }
    f->inefficiency = f->required_hours > 0 ? f->paid_hours / f->required_hours : NAN;
    return costing(s, f->paid_hours, &f->fte, &f->staff_cost, err);
}

static int roster_group(const cc_scenario *s, cc_roster *r, size_t g, cc_error *err)
{
    size_t n = s->n_intervals;
    const double *req = r->required + g * n;
    model m = { 0 };
    long *x = NULL;
    int rc = build(s, g, req, &m, err);
    if (rc == CC_OK) {
        for (size_t j = 0; j < m.n_cols; j++) {
            const cc_roster_shift *sh = &s->roster.shifts[m.cols[j].shift];
            m.cols[j].paid_h = cc_roster_shift_paid_hours(sh);
        }
        if (!(x = calloc(m.n_cols + 1, sizeof *x)))
            rc = cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    if (rc == CC_OK)
        rc = solve(s, g, req, &m, x, &r->solve[g], err);
    size_t first = r->n_assign, chosen = 0;
    for (size_t j = 0; rc == CC_OK && j < m.n_cols; j++)
        chosen += x[j] > 0;
    cc_roster_assign *as = rc == CC_OK ? realloc(r->assign, (first + chosen + 1) * sizeof *as) : NULL;
    if (rc == CC_OK && !as)
        rc = cc_error_set(err, CC_EINTERNAL, "out of memory");
    if (rc == CC_OK) {
        r->assign = as;
        for (size_t j = 0; j < m.n_cols; j++) {
            if (x[j] <= 0)
                continue;
            const column *c = &m.cols[j];
            cc_roster_assign *a = &r->assign[r->n_assign++];
            *a = (cc_roster_assign){ .group = g, .shift = c->shift, .day = c->day, .start_s = c->start_s,
                                     .count = x[j] };
            memcpy(a->break_s, c->break_s, sizeof a->break_s);
            acc_ctx ctx = { .coverage = r->coverage + g * n, .count = x[j] };
            cover_column(s, &m.duty, c, add_coverage, &ctx);
        }
        rc = figures(s, r, g, first, err);
    }
    free(x);
    model_fini(&m);
    return rc;
}

int cc_roster_solve(const cc_scenario *s, const unsigned *required, cc_roster **out, cc_error *err)
{
    *out = NULL;
    if (!s->roster.present)
        return cc_error_set(err, CC_EINPUT, "%s: the scenario has no roster section (shift rules)", s->path);
    size_t cells = s->n_groups * s->n_intervals;
    cc_roster *r = calloc(1, sizeof *r);
    if (!r || !(r->required = calloc(cells + 1, sizeof *r->required))
        || !(r->coverage = calloc(cells + 1, sizeof *r->coverage))
        || !(r->staffing = calloc(cells + 1, sizeof *r->staffing))
        || !(r->groups = calloc(s->n_groups + 1, sizeof *r->groups))
        || !(r->solve = calloc(s->n_groups + 1, sizeof *r->solve))) {
        cc_roster_destroy(r);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    r->s = s;
    r->n_groups = s->n_groups;
    r->n_intervals = s->n_intervals;
    for (size_t c = 0; c < cells; c++)
        r->required[c] = required[c];
    r->optimal = 1;
    int rc = CC_OK;
    for (size_t g = 0; g < s->n_groups && rc == CC_OK; g++) {
        rc = roster_group(s, r, g, err);
        if (rc != CC_OK)
            break;
        const cc_roster_figures *f = &r->groups[g];
        cc_roster_figures *t = &r->total;
        t->shifts += f->shifts;
        t->headcount += f->headcount;
        t->paid_hours += f->paid_hours;
        t->required_hours += f->required_hours;
        t->intervals_over += f->intervals_over;
        t->intervals_under += f->intervals_under;
        t->under_agent_hours += f->under_agent_hours;
        r->solve_s += r->solve[g].solve_s;
        r->gap = fmax(r->gap, r->solve[g].gap);
        r->optimal = r->optimal && (r->solve[g].optimal || r->solve[g].columns == 0);
    }
    if (rc == CC_OK) {
        cc_roster_figures *t = &r->total;
        t->inefficiency = t->required_hours > 0 ? t->paid_hours / t->required_hours : NAN;
        rc = costing(s, t->paid_hours, &t->fte, &t->staff_cost, err);
    }
    if (rc != CC_OK) {
        cc_roster_destroy(r);
        return rc;
    }
    *out = r;
    return CC_OK;
}

void cc_roster_destroy(cc_roster *r)
{
    if (!r)
        return;
    free(r->required);
    free(r->coverage);
    free(r->staffing);
    free(r->assign);
    free(r->groups);
    free(r->solve);
    free(r);
}
