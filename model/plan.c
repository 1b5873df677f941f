/* plan.c — the analytic workforce plan; see plan.h and docs/plan.md.
 *
 * Cost: the required plan is one Erlang staffing search per open cell; the
 * fixed-FTE question is a Webster apportionment of the cells (a few passes over
 * the cells, then a heap: about 5 ms for a year of half-hour intervals × 4
 * queues) plus one Erlang evaluation per cell and per bisection step
 * of the AHT break-even (about 15 steps). Nothing is cached between steps: a year
 * of half-hour intervals stays well under a second.
 */
#include "model/plan.h"

#include "model/erlang.h"
#include "model/workforce.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bisection stops when the bracket is this narrow (relative). */
#define BREAKEVEN_TOL 0.001
/* The break-even is searched between 1/2^20 and 2^20 times the handling time. */
#define BREAKEVEN_DOUBLINGS 20

const char *cc_plan_method_name(cc_plan_method m)
{
    switch (m) {
    case CC_PLAN_ERLANG_C: return "erlang-c";
    case CC_PLAN_ERLANG_A: return "erlang-a";
    case CC_PLAN_SIMULATION: return "simulation";
    }
    return "?";
}

/* ---- the scenario as the planner sees it ------------------------------ */

/* Seconds of interval i in which queue q is open (its own span, after its hours,
 * closures and seasons). */
static double queue_open_s(const cc_scenario *s, size_t q, size_t i)
{
    double open = s->queues[q].open_to_s[i] - s->queues[q].open_from_s[i];
    return open > 0 ? open : 0;
}

static cc_erlang_targets erlang_targets(const cc_targets *t)
{
    cc_erlang_targets e = { 0 };
    e.service_level = t->service_level;
    e.asa_s = t->asa_s;
    e.p_abandon = t->max_abandon_rate;
    e.occupancy = t->max_occupancy;
    return e;
}

/* ---- one cell --------------------------------------------------------- */

static void set_undefined(cc_plan_cell *c)
{
    c->load_erlangs = 0;
    c->service_level = c->service_level_answered = c->service_level_excl_short = NAN;
    c->asa_s = c->p_abandon = NAN;
    c->occupancy = c->agents > 0 ? 0 : NAN;
}

static void set_result(cc_plan_cell *c, const cc_erlang_result *r)
{
    c->load_erlangs = r->load_erlangs;
    c->service_level = r->service_level;
    c->service_level_answered = r->service_level_answered;
    c->service_level_excl_short = r->service_level_excl_short;
    c->asa_s = r->asa_s;
    c->p_abandon = r->p_abandon;
    c->occupancy = r->occupancy;
}

/* Measures of cell c (calls, open_s, agents set) of queue q with handling time
 * multiplied by mult. */
static int eval_cell(const cc_plan *p, size_t q, double mult, cc_plan_cell *c, cc_error *err)
{
    const cc_scenario *s = p->s;
    const cc_plan_queue *pq = &p->queues[q];
    double aht = s->queues[q].handling.mean_s * mult, within = s->targets.answer_within_s;
    if (c->calls <= 0 || c->open_s <= 0) {
        set_undefined(c);
        return CC_OK;
    }
    double load = c->calls * aht / c->open_s;
    if (pq->model == CC_PLAN_ERLANG_C && (double)c->agents <= load) {
        /* Unstable: the queue grows without bound; nobody is answered in time. */
        c->load_erlangs = load;
        c->service_level = c->service_level_answered = c->service_level_excl_short = 0;
        c->asa_s = c->p_abandon = NAN;
        c->occupancy = c->agents > 0 ? 1 : NAN;
        return CC_OK;
    }
    if (c->agents == 0) {
        /* Erlang A without agents: every caller abandons. */
        c->load_erlangs = load;
        c->service_level = c->service_level_answered = c->service_level_excl_short = 0;
        c->asa_s = NAN;
        c->p_abandon = 1;
        c->occupancy = NAN;
        return CC_OK;
    }
    cc_erlang_result r;
    int rc = pq->model == CC_PLAN_ERLANG_C
           ? cc_erlang_c(c->calls, c->open_s, aht, c->agents, within, &r, err)
           : cc_erlang_a(c->calls, c->open_s, aht, pq->patience_s, c->agents, within, &r, err);
    if (rc != CC_OK)
        return rc;
    set_result(c, &r);
    return CC_OK;
}

/* The fewest agents for cell c of queue q. */
static int staff_cell(const cc_plan *p, size_t q, size_t i, cc_plan_cell *c, cc_error *err)
{
    const cc_scenario *s = p->s;
    const cc_plan_queue *pq = &p->queues[q];
    if (c->calls <= 0) {
        c->agents = 0;
        set_undefined(c);
        return CC_OK;
    }
    char where[64];
    if (c->open_s <= 0) {
        cc_scenario_interval_label(s, i, where, sizeof where);
        return cc_error_set(err, CC_EINPUT, "%s: queue %s has %g calls in the closed interval %s",
                            s->path, s->queues[q].name, c->calls, where);
    }
    cc_erlang_targets t = erlang_targets(&s->targets);
    cc_erlang_result r;
    cc_error e = { 0 };
    double aht = s->queues[q].handling.mean_s, within = s->targets.answer_within_s;
    int rc = pq->model == CC_PLAN_ERLANG_C
           ? cc_erlang_c_staff(c->calls, c->open_s, aht, within, &t, &r, &e)
           : cc_erlang_a_staff(c->calls, c->open_s, aht, pq->patience_s, within, &t, &r, &e);
    if (rc != CC_OK) {
        cc_scenario_interval_label(s, i, where, sizeof where);
        return cc_error_set(err, rc, "%s: queue %s, %s: %s", s->path, s->queues[q].name, where, e.msg);
    }
    c->agents = r.agents;
    set_result(c, &r);
    return CC_OK;
}

/* ---- summaries -------------------------------------------------------- */

typedef struct sums {
    double calls, agent_s, sl, abandon, answered, asa, busy_s;
} sums;

static void sums_add(sums *a, const cc_plan_cell *c)
{
    a->agent_s += (double)c->agents * c->open_s;
    if (c->agents > 0 && c->open_s > 0 && !isnan(c->occupancy))
        a->busy_s += c->occupancy * (double)c->agents * c->open_s;
    if (c->calls <= 0)
        return;
    a->calls += c->calls;
    a->sl += c->calls * c->service_level;
    a->abandon += c->calls * c->p_abandon;
    double answered = c->calls * (1 - c->p_abandon);
    if (isnan(answered)) {
        a->answered = a->asa = NAN;
    } else if (answered > 0) {
        a->answered += answered;
        a->asa += answered * c->asa_s;
    }
}

static cc_plan_outcome sums_outcome(const sums *a)
{
    cc_plan_outcome o;
    o.calls = a->calls;
    o.agent_hours = a->agent_s / 3600.0;
    o.service_level = a->calls > 0 ? a->sl / a->calls : NAN;
    o.abandon_rate = a->calls > 0 ? a->abandon / a->calls : NAN;
    o.asa_s = a->answered > 0 ? a->asa / a->answered : NAN;
    o.occupancy = a->agent_s > 0 ? a->busy_s / a->agent_s : NAN;
    return o;
}

static cc_plan_outcome outcome_of(const cc_plan_cell *cells, size_t n)
{
    sums a = { 0 };
    for (size_t k = 0; k < n; k++)
        sums_add(&a, &cells[k]);
    return sums_outcome(&a);
}

static double fte_of(const cc_plan *p, double agent_hours)
{
    const cc_workforce *w = &p->s->workforce;
    double fte;
    if (!p->has_workforce ||
        cc_workforce_fte_from_hours(agent_hours, p->weeks, w->shrinkage, w->paid_hours_per_week,
                                    &fte, NULL) != CC_OK)
        return NAN;
    return fte;
}

void cc_plan_summarise(cc_plan *p)
{
    const cc_scenario *s = p->s;
    double cost_per_fte = p->has_workforce ? s->workforce.cost_per_fte_year : NAN;
    memset(p->channels, 0, sizeof p->channels);
    sums all = { 0 };
    p->fte = p->staff_cost = p->contact_cost = p->cost = p->calls_per_year = p->lost_calls = 0;
    for (size_t q = 0; q < p->n_queues; q++) {
        cc_plan_queue *pq = &p->queues[q];
        const cc_plan_cell *cells = &p->cells[q * p->n_intervals];
        sums a = { 0 };
        pq->agents_peak = 0;
        for (size_t i = 0; i < p->n_intervals; i++) {
            sums_add(&a, &cells[i]);
            sums_add(&all, &cells[i]);
            if (cells[i].agents > pq->agents_peak)
                pq->agents_peak = cells[i].agents;
        }
        pq->outcome = sums_outcome(&a);
        pq->calls_per_year = pq->outcome.calls * p->per_year;
        pq->fte = fte_of(p, pq->outcome.agent_hours);
        pq->staff_cost = pq->fte * cost_per_fte;
        pq->contact_cost = s->queues[q].cost_per_contact * pq->calls_per_year;
        pq->cost = pq->staff_cost + pq->contact_cost;

        cc_plan_channel *ch = &p->channels[s->queues[q].channel];
        ch->n_queues++;
        ch->calls_per_year += pq->calls_per_year;
        ch->agent_hours += pq->outcome.agent_hours;
        ch->fte += pq->fte;
        ch->staff_cost += pq->staff_cost;
        ch->contact_cost += pq->contact_cost;
        ch->cost += pq->cost;
        p->fte += pq->fte;
        p->staff_cost += pq->staff_cost;
        p->contact_cost += pq->contact_cost;
        p->cost += pq->cost;
        p->calls_per_year += pq->calls_per_year;
        p->lost_calls += s->queues[q].lost_calls;
    }
    for (int c = 0; c < CC_CHANNELS; c++)
        p->channels[c].cost_per_contact = p->channels[c].calls_per_year > 0
                                        ? p->channels[c].cost / p->channels[c].calls_per_year : NAN;
    p->outcome = sums_outcome(&all);
    p->agents_peak = 0;
    for (size_t i = 0; i < p->n_intervals; i++) {
        long n = 0;
        for (size_t q = 0; q < p->n_queues; q++)
            n += p->cells[q * p->n_intervals + i].agents;
        if (n > p->agents_peak)
            p->agents_peak = n;
    }
}

/* ---- the required plan ------------------------------------------------ */

static void fixed_destroy(cc_plan_fixed *f)
{
    if (!f)
        return;
    free(f->cells);
    free(f->queues);
    free(f->aht_breakeven_s);
    free(f);
}

void cc_plan_destroy(cc_plan *p)
{
    if (!p)
        return;
    fixed_destroy(p->fixed);
    free(p->cells);
    free(p->queues);
    free(p);
}

/* Chooses each queue's model: Erlang A needs a patience. */
static void choose_models(cc_plan *p, cc_plan_method method)
{
    for (size_t q = 0; q < p->n_queues; q++) {
        cc_plan_queue *pq = &p->queues[q];
        const cc_dist *pat = &p->s->queues[q].patience;
        if (method != CC_PLAN_ERLANG_A) {
            pq->model = CC_PLAN_ERLANG_C;
            pq->patience = CC_PLAN_PATIENCE_UNUSED;
        } else if (pat->kind == CC_DIST_NONE) {
            pq->model = CC_PLAN_ERLANG_C;
            pq->patience = CC_PLAN_PATIENCE_NONE;
        } else {
            pq->model = CC_PLAN_ERLANG_A;
            pq->patience = pat->kind == CC_DIST_EXPONENTIAL ? CC_PLAN_PATIENCE_EXPONENTIAL
                                                            : CC_PLAN_PATIENCE_MEAN_ONLY;
            pq->patience_s = pat->mean_s;
        }
    }
}

int cc_plan_create(const cc_scenario *s, const cc_plan_options *opt, cc_plan **out, cc_error *err)
{
    *out = NULL;
    if (opt->method != CC_PLAN_ERLANG_C && opt->method != CC_PLAN_ERLANG_A)
        return cc_error_set(err, CC_EINPUT, "the analytic planner takes method erlang-c or erlang-a (got %s)",
                            cc_plan_method_name(opt->method));
    cc_plan *p = calloc(1, sizeof *p);
    if (!p)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    p->s = s;
    p->method = opt->method;
    p->n_queues = s->n_queues;
    p->n_intervals = s->n_intervals;
    p->weeks = s->calendar.days / 7.0;
    p->per_year = 365.25 / s->calendar.days;
    p->has_workforce = s->workforce.present;
    p->cells = calloc(p->n_queues * p->n_intervals + 1, sizeof *p->cells);
    p->queues = calloc(p->n_queues + 1, sizeof *p->queues);
    if (!p->cells || !p->queues) {
        cc_plan_destroy(p);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    choose_models(p, opt->method);
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            cc_plan_cell *c = &p->cells[q * p->n_intervals + i];
            c->calls = s->queues[q].calls[i];
            c->open_s = queue_open_s(s, q, i);
            int rc = staff_cell(p, q, i, c, err);
            if (rc != CC_OK) {
                cc_plan_destroy(p);
                return rc;
            }
        }
    cc_plan_summarise(p);
    *out = p;
    return CC_OK;
}

int cc_plan_evaluate(cc_plan *p, cc_error *err)
{
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            int rc = eval_cell(p, q, 1.0, &p->cells[q * p->n_intervals + i], err);
            if (rc != CC_OK)
                return rc;
        }
    cc_plan_summarise(p);
    return CC_OK;
}

/* ---- the reverse question: a fixed FTE -------------------------------- */

/* The fixed-FTE roster is Webster's (Sainte-Laguë) divisor method over the cells
 * with a requirement: each next agent goes to the cell with the largest priority
 * required / (agents + 0.5), the cell furthest behind its share, while its open
 * hours fit in the hours left; a cell whose open hours no longer fit is passed over
 * for good (the hours left only shrink), and the rest continue until none fits.
 *
 * The order in which agents are handed out does not depend on the hours, so a
 * larger budget hands out the same agents and then more: house monotone when the
 * staffed cells have equal open hours (see docs/plan.md for partly open cells).
 * Equal priorities go to the earlier cell (queue-major order), so the roster is
 * reproducible.
 *
 * Efficiently: every agent with priority above a divisor d is handed out before
 * any other, so the allocation "every cell's agents with priority > d" is the start
 * of that sequence whenever its hours fit. A bracket on d from the totals and a
 * short bisection find such a start within max(64, cells / 4) agents of the
 * budget, and a binary heap of the cells keyed by their next agent's priority
 * hands out the rest one by one. Hours are counted in
 * seconds (whole seconds of open time add up exactly in any order). */

/* A budget that would put more agents than this in one cell is refused: counts
 * stay far below 2^53, exact in a double and in a long. */
#define MAX_CELL_AGENTS 1e12

static double webster(long required, double agents)
{
    return (double)required / (agents + 0.5);
}

/* Agents of a cell requiring `required` at divisor d: the count of k >= 0 with
 * required / (k + 0.5) > d, with webster() deciding the edge cases so that it
 * agrees with the heap below. A double: d may be small. */
static double agents_above(long required, double d)
{
    double x = (double)required / d - 0.5, a = x > 0 ? ceil(x) : 0;
    while (a > 0 && !(webster(required, a - 1) > d))
        a--;
    while (webster(required, a) > d)
        a++;
    return a;
}

typedef struct seat {
    double priority;    /* of the cell's next agent */
    size_t cell;
} seat;

/* Does x come before y: higher priority, then the earlier cell. */
static int seat_before(const seat *x, const seat *y)
{
    return x->priority > y->priority || (x->priority == y->priority && x->cell < y->cell);
}

static void heap_down(seat *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && seat_before(&h[l], &h[m]))
            m = l;
        if (r < n && seat_before(&h[r], &h[m]))
            m = r;
        if (m == i)
            return;
        seat t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* Seconds of agent time and agents at divisor d over the staffed cells `idx`. */
static void cost_at(const cc_plan *p, const size_t *idx, size_t m, double d, double *secs,
                    double *agents)
{
    double s = 0, a = 0;
    for (size_t j = 0; j < m; j++) {
        const cc_plan_cell *c = &p->cells[idx[j]];
        double k = agents_above(c->agents, d);
        s += k * c->open_s;
        a += k;
    }
    *secs = s;
    *agents = a;
}

/* Spreads `hours` agent-hours over the cells in proportion to the required agents
 * (Webster, whole agents, never more hours than available). */
static int allocate(const cc_plan *p, double hours, cc_plan_cell *cells, cc_error *err)
{
    size_t n = p->n_queues * p->n_intervals, m = 0;
    size_t *idx = malloc((n + 1) * sizeof *idx);
    if (!idx)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    /* The staffed cells: a requirement and open time (a closed cell takes no calls). */
    double required_s = 0, open_s = 0;
    long most = 0;
    for (size_t k = 0; k < n; k++) {
        cells[k] = p->cells[k];
        cells[k].agents = 0;
        if (p->cells[k].agents > 0 && p->cells[k].open_s > 0) {
            idx[m++] = k;
            required_s += (double)p->cells[k].agents * p->cells[k].open_s;
            open_s += p->cells[k].open_s;
            if (p->cells[k].agents > most)
                most = p->cells[k].agents;
        }
    }
    double budget = hours * 3600.0;
    if (m == 0 || budget <= 0) {
        free(idx);
        return CC_OK;
    }
    /* Every divisor tried below leaves each cell at most about
     * most × (budget + open_s) / required_s × 2 agents. */
    if ((double)most * (budget + open_s) / required_s > MAX_CELL_AGENTS) {
        free(idx);
        return cc_error_set(err, CC_EINPUT, "%g agent-hours would put more than %g agents in one "
                            "interval", hours, MAX_CELL_AGENTS);
    }
    /* A relative slack keeps rounding noise from refusing an agent that fits exactly. */
    double slack = 1e-9 * (budget > 3600 ? budget : 3600);

    /* Bracket: cost(hi) <= budget < cost(lo). A cell gets required / d ± 1/2
     * agents at divisor d, so cost(d) is within open_s / 2 of required_s / d:
     * that gives the bracket, and the loops only guard against rounding. At
     * 2 × most nobody is staffed. */
    double hi = budget > open_s / 2 ? required_s / (budget - open_s / 2) : 2 * (double)most;
    double lo = required_s / (budget + open_s / 2) * (1 - 1e-9), s_hi, a_hi, s_lo, a_lo;
    hi = fmin(hi, 2 * (double)most);
    cost_at(p, idx, m, hi, &s_hi, &a_hi);
    while (s_hi > budget) {
        hi = fmin(2 * hi, 2 * (double)most);
        cost_at(p, idx, m, hi, &s_hi, &a_hi);
    }
    lo = fmin(lo, hi);
    cost_at(p, idx, m, lo, &s_lo, &a_lo);
    while (s_lo <= budget) {
        lo /= 2;
        cost_at(p, idx, m, lo, &s_lo, &a_lo);
    }
    /* Narrow it while a pass over the cells costs less than the heap steps it saves
     * (a pass is worth a few heap steps per cell). */
    double few = fmax(64, (double)m / 4);
    while (a_lo - a_hi > few) {
        double mid = 0.5 * (lo + hi), s_mid, a_mid;
        if (!(mid > lo && mid < hi))
            break;
        cost_at(p, idx, m, mid, &s_mid, &a_mid);
        if (s_mid <= budget) {
            hi = mid;
            s_hi = s_mid;
            a_hi = a_mid;
        } else {
            lo = mid;
            s_lo = s_mid;
            a_lo = a_mid;
        }
    }

    /* Start from every agent with priority > hi, then hand out the rest in order. */
    seat *heap = malloc((m + 1) * sizeof *heap);
    if (!heap) {
        free(idx);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    double used = 0, shortest = INFINITY;
    for (size_t j = 0; j < m; j++) {
        size_t k = idx[j];
        double a = agents_above(p->cells[k].agents, hi);
        cells[k].agents = (long)a;
        used += a * cells[k].open_s;
        heap[j] = (seat){ webster(p->cells[k].agents, a), k };
        shortest = fmin(shortest, cells[k].open_s);
    }
    free(idx);
    size_t h = m;
    for (size_t j = h / 2; j-- > 0;)
        heap_down(heap, h, j);
    /* Until not even the shortest staffed cell fits. */
    while (h > 0 && used + shortest <= budget + slack) {
        cc_plan_cell *c = &cells[heap[0].cell];
        if (used + c->open_s <= budget + slack) {
            c->agents++;
            used += c->open_s;
            heap[0].priority = webster(p->cells[heap[0].cell].agents, (double)c->agents);
        } else {
            heap[0] = heap[--h];    /* it will never fit again */
        }
        heap_down(heap, h, 0);
    }
    free(heap);
    return CC_OK;
}

int cc_plan_fixed_service_level(const cc_plan *p, double aht_multiplier, double *sl, cc_error *err)
{
    if (!p->fixed)
        return cc_error_set(err, CC_EINPUT, "no fixed-FTE roster in the plan");
    if (!isfinite(aht_multiplier) || aht_multiplier <= 0)
        return cc_error_set(err, CC_EINPUT, "aht_multiplier must be a number > 0 (got %g)", aht_multiplier);
    double calls = 0, met = 0;
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            cc_plan_cell c = p->fixed->cells[q * p->n_intervals + i];
            if (c.calls <= 0)
                continue;
            int rc = eval_cell(p, q, aht_multiplier, &c, err);
            if (rc != CC_OK)
                return rc;
            calls += c.calls;
            met += c.calls * c.service_level;
        }
    *sl = calls > 0 ? met / calls : NAN;
    return CC_OK;
}

/* The largest multiplier m with SL(m) >= target, to BREAKEVEN_TOL; NaN when the
 * target is met (or missed) over the whole searched range. */
static int breakeven(const cc_plan *p, double *out, cc_error *err)
{
    double target = p->s->targets.service_level, lo, hi, sl;
    int rc;
    *out = NAN;
    if ((rc = cc_plan_fixed_service_level(p, 1.0, &sl, err)))
        return rc;
    if (isnan(sl))
        return CC_OK;
    if (sl >= target) {
        lo = 1;
        for (int k = 0;; k++) {
            if (k == BREAKEVEN_DOUBLINGS)
                return CC_OK;
            hi = 2 * lo;
            if ((rc = cc_plan_fixed_service_level(p, hi, &sl, err)))
                return rc;
            if (sl < target)
                break;
            lo = hi;
        }
    } else {
        hi = 1;
        for (int k = 0;; k++) {
            if (k == BREAKEVEN_DOUBLINGS)
                return CC_OK;
            lo = hi / 2;
            if ((rc = cc_plan_fixed_service_level(p, lo, &sl, err)))
                return rc;
            if (sl >= target)
                break;
            hi = lo;
        }
    }
    while (hi > lo * (1 + BREAKEVEN_TOL)) {
        double mid = sqrt(lo * hi);
        if ((rc = cc_plan_fixed_service_level(p, mid, &sl, err)))
            return rc;
        if (sl >= target)
            lo = mid;
        else
            hi = mid;
    }
    *out = lo;
    return CC_OK;
}

int cc_plan_fixed_fte(cc_plan *p, double fte, cc_error *err)
{
    const cc_scenario *s = p->s;
    const cc_workforce *w = &s->workforce;
    if (!isfinite(fte) || fte <= 0)
        return cc_error_set(err, CC_EINPUT, "fte must be a number > 0 (got %g)", fte);
    if (!p->has_workforce)
        return cc_error_set(err, CC_EINPUT, "%s: a fixed FTE needs the scenario's workforce section "
                            "(shrinkage, paid_hours_per_week)", s->path);
    size_t n = p->n_queues * p->n_intervals;
    cc_plan_fixed *f = calloc(1, sizeof *f);
    if (!f)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    f->cells = malloc((n + 1) * sizeof *f->cells);
    f->queues = calloc(p->n_queues + 1, sizeof *f->queues);
    f->aht_breakeven_s = calloc(p->n_queues + 1, sizeof *f->aht_breakeven_s);
    if (!f->cells || !f->queues || !f->aht_breakeven_s) {
        fixed_destroy(f);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    f->fte = fte;
    f->agent_hours_available = fte * w->paid_hours_per_week * (1 - w->shrinkage) * p->weeks;
    int rc = allocate(p, f->agent_hours_available, f->cells, err);
    for (size_t k = 0; rc == CC_OK && k < n; k++)
        rc = eval_cell(p, k / p->n_intervals, 1.0, &f->cells[k], err);
    if (rc != CC_OK) {
        fixed_destroy(f);
        return rc;
    }
    for (size_t q = 0; q < p->n_queues; q++)
        f->queues[q] = outcome_of(&f->cells[q * p->n_intervals], p->n_intervals);
    f->outcome = outcome_of(f->cells, n);
    fixed_destroy(p->fixed);
    p->fixed = f;
    if ((rc = breakeven(p, &f->aht_breakeven, err)) != CC_OK) {
        fixed_destroy(f);
        p->fixed = NULL;
        return rc;
    }
    for (size_t q = 0; q < p->n_queues; q++)
        f->aht_breakeven_s[q] = s->queues[q].handling.mean_s * f->aht_breakeven;
    return CC_OK;
}
