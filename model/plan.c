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
#include "model/interval.h"
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
    case CC_PLAN_ERLANG_X: return "erlang-x";
    case CC_PLAN_WORKLOAD: return "workload";
    case CC_PLAN_SELF_SERVICE: return "self-service";
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

/* What a cell is evaluated with: a queue's own model, or a pooled group's. */
typedef struct cell_model {
    cc_plan_method model;       /* CC_PLAN_ERLANG_C or CC_PLAN_ERLANG_A */
    double aht_s, patience_s;
    unsigned concurrency;       /* chat: servers per agent (0 or 1: one contact each) */
    double stretch;             /* chat: handling × (1 + stretch × other chats held) */
} cell_model;

static cell_model queue_model(const cc_plan *p, size_t q)
{
    cell_model m = { p->queues[q].model, p->s->queues[q].handling.mean_s, p->queues[q].patience_s,
                     p->queues[q].concurrency, p->s->queues[q].chat_stretch };
    return m;
}

/* Chat by concurrency-adjusted capacity: more than one chat per agent. */
static int is_chat(cell_model m)
{
    return m.concurrency > 1;
}

/* The handling-time factor of a chat model at slot occupancy occ: each of an
 * agent's other concurrency - 1 slots is busy with probability occ when a chat
 * starts, so it meets occ × (concurrency - 1) other chats on average. */
static double chat_factor(cell_model m, double occ)
{
    if (!(occ >= 0))
        occ = 1;    /* undefined (unstable, or no agents): the agent is full */
    return 1 + m.stretch * occ * (double)(m.concurrency - 1);
}

/* Chat rounds: the stretch and the staffing settle in a few; a cycle between two
 * staffings ends at the bound with the later one. */
#define CHAT_ROUNDS 50

static int eval_at(cell_model m, double mult, double within, cc_plan_cell *c, cc_error *err);

/* A chat cell's measures at its agents: Erlang on agents × concurrency servers
 * with the handling stretched at the occupancy it gives (a fixed point). */
static int eval_chat(cell_model m, double mult, double within, cc_plan_cell *c, cc_error *err)
{
    cell_model one = m;
    one.concurrency = 1;
    cc_plan_cell x = *c;
    x.agents = c->agents * (long)m.concurrency;
    double factor = 1;
    for (int k = 0; k < CHAT_ROUNDS; k++) {
        one.aht_s = m.aht_s * factor;
        int rc = eval_at(one, mult, within, &x, err);
        if (rc != CC_OK)
            return rc;
        double next = chat_factor(m, x.occupancy);
        if (fabs(next - factor) <= 1e-12 * next)
            break;
        factor = next;
    }
    long agents = c->agents;
    *c = x;
    c->agents = agents;
    return CC_OK;
}

/* Measures of cell c (calls, open_s, agents set) under model m with handling time
 * multiplied by mult, the service level within `within` seconds. */
static int eval_at(cell_model m, double mult, double within, cc_plan_cell *c, cc_error *err)
{
    if (is_chat(m))
        return eval_chat(m, mult, within, c, err);
    double aht = m.aht_s * mult;
    if (c->calls <= 0 || c->open_s <= 0) {
        set_undefined(c);
        return CC_OK;
    }
    double load = c->calls * aht / c->open_s;
    if (m.model == CC_PLAN_ERLANG_C && (double)c->agents <= load) {
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
    int rc = m.model == CC_PLAN_ERLANG_C
           ? cc_erlang_c(c->calls, c->open_s, aht, c->agents, within, &r, err)
           : cc_erlang_a(c->calls, c->open_s, aht, m.patience_s, c->agents, within, &r, err);
    if (rc != CC_OK)
        return rc;
    set_result(c, &r);
    return CC_OK;
}

static int eval_with(const cc_plan *p, cell_model m, double mult, cc_plan_cell *c, cc_error *err)
{
    return eval_at(m, mult, p->s->targets.answer_within_s, c, err);
}

static int closed_with_calls(const cc_plan *p, const char *who, size_t i, const cc_plan_cell *c,
                             cc_error *err)
{
    char where[64];
    cc_scenario_interval_label(p->s, i, where, sizeof where);
    return cc_error_set(err, CC_EINPUT, "%s: %s has %g calls in the closed interval %s",
                        p->s->path, who, c->calls, where);
}

/* The fewest agents for cell c under model m; `who` names the queue or group and i
 * the interval in messages. */
static int staff_with(const cc_plan *p, cell_model m, const char *who, size_t i, cc_plan_cell *c,
                      cc_error *err)
{
    const cc_scenario *s = p->s;
    if (c->calls <= 0) {
        c->agents = 0;
        set_undefined(c);
        return CC_OK;
    }
    char where[64];
    if (c->open_s <= 0)
        return closed_with_calls(p, who, i, c, err);
    if (is_chat(m)) {
        /* Servers for the stretched handling, whole agents of `concurrency`
         * servers, the occupancy they give, the stretch again, until it settles. */
        cell_model one = m;
        one.concurrency = 1;
        double factor = 1;
        long agents = -1;
        for (int k = 0; k < CHAT_ROUNDS; k++) {
            one.aht_s = m.aht_s * factor;
            int rc = staff_with(p, one, who, i, c, err);
            if (rc != CC_OK)
                return rc;
            long whole = (c->agents + (long)m.concurrency - 1) / (long)m.concurrency;
            c->agents = whole;
            if ((rc = eval_chat(m, 1.0, s->targets.answer_within_s, c, err)) != CC_OK)
                return rc;
            double next = chat_factor(m, c->occupancy);
            if (whole == agents && fabs(next - factor) <= 1e-12 * next)
                break;
            agents = whole;
            factor = next;
        }
        return CC_OK;
    }
    cc_erlang_targets t = erlang_targets(&s->targets);
    cc_erlang_result r;
    cc_error e = { 0 };
    double within = s->targets.answer_within_s;
    int rc = m.model == CC_PLAN_ERLANG_C
           ? cc_erlang_c_staff(c->calls, c->open_s, m.aht_s, within, &t, &r, &e)
           : cc_erlang_a_staff(c->calls, c->open_s, m.aht_s, m.patience_s, within, &t, &r, &e);
    if (rc != CC_OK) {
        cc_scenario_interval_label(s, i, where, sizeof where);
        return cc_error_set(err, rc, "%s: %s, %s: %s", s->path, who, where, e.msg);
    }
    c->agents = r.agents;
    set_result(c, &r);
    return CC_OK;
}

/* ---- Erlang X: lines and redials --------------------------------------- */

/* Queue q's Erlang X description in a cell of `open_s` seconds with `calls` fresh
 * calls (the scenario's plus redials landing from earlier intervals), handling
 * multiplied by mult, the service level within `within`. */
static cc_erlang_x_queue x_queue_of(const cc_plan *p, size_t q, double calls, double open_s,
                                    double mult, double within)
{
    const cc_queue *sq = &p->s->queues[q];
    cc_erlang_x_queue x = {
        .calls = calls, .interval_s = open_s, .aht_s = sq->handling.mean_s * mult,
        .patience_s = p->queues[q].patience_s, .lines = (long)sq->lines,
        .redial_share = sq->redial_share,
        .redial_return = cc_erlang_redial_return(p->s->interval_s,
                                                 sq->redial_share > 0 ? sq->redial_delay.mean_s : 0),
        .within_s = within,
    };
    return x;
}

/* Every cell of Erlang X queue q, interval by interval: staffed (staff 1: the
 * fewest agents for the targets) or evaluated at its agents (handling × mult).
 * Redials in flight land in an interval at the rate of an exponential delay of
 * the redial distribution's mean: a share 1 - e^(-L/d) of those still in flight
 * at its start. */
static int erlang_x_cells(const cc_plan *p, size_t q, double mult, cc_plan_cell *cells, int staff,
                          cc_error *err)
{
    const cc_scenario *s = p->s;
    const cc_queue *sq = &s->queues[q];
    double delay = sq->redial_share > 0 ? sq->redial_delay.mean_s : 0;
    double keep = delay > 0 ? exp(-s->interval_s / delay) : 0, flight = 0;
    cc_erlang_targets t = erlang_targets(&s->targets);
    char who[160];
    snprintf(who, sizeof who, "queue %s", sq->name);
    for (size_t i = 0; i < p->n_intervals; i++) {
        cc_plan_cell *c = &cells[q * p->n_intervals + i];
        double landing = flight * (1 - keep);
        flight *= keep;
        c->agent_s = (double)c->agents * c->open_s;
        c->redials = c->p_blocked = 0;
        if (c->open_s <= 0 || c->calls + landing <= 0) {
            if (staff && c->calls > 0)
                return closed_with_calls(p, who, i, c, err);
            if (staff)
                c->agents = 0;
            set_undefined(c);
            continue;
        }
        cc_erlang_x_queue x = x_queue_of(p, q, c->calls + landing, c->open_s, mult,
                                         s->targets.answer_within_s);
        if (!staff && c->agents == 0) {
            /* Nobody answers: every caller fails (abandons, or is blocked when the
             * lines are full), and the failures redial. */
            c->redials = landing;
            c->load_erlangs = (c->calls + landing) * x.aht_s / c->open_s;
            c->service_level = c->service_level_answered = c->service_level_excl_short = 0;
            c->asa_s = c->occupancy = NAN;
            c->p_abandon = 1;
            flight += sq->redial_share * (c->calls + landing);
            continue;
        }
        cc_erlang_x_result r;
        cc_error e = { 0 };
        int rc = staff ? cc_erlang_x_staff(&x, &t, &r, &e) : cc_erlang_x(&x, c->agents, &r, &e);
        if (rc != CC_OK) {
            char where[64];
            cc_scenario_interval_label(s, i, where, sizeof where);
            return cc_error_set(err, rc, "%s: %s, %s: %s", s->path, who, where, e.msg);
        }
        c->agents = r.m.agents;
        c->agent_s = (double)c->agents * c->open_s;
        set_result(c, &r.m);
        c->redials = r.offered_calls - c->calls;
        c->p_blocked = r.p_blocked;
        flight += r.redials_later;
    }
    return CC_OK;
}

/* ---- deferred work: the workload method -------------------------------- */

/* The headline target's window in business days (1 for a target in seconds). */
static unsigned window_days(const cc_queue *sq)
{
    return sq->targets[0].business_days > 0 ? sq->targets[0].business_days : 1;
}

/* Seconds queue q is open on day d (0: a closed day). */
static double day_open_s(const cc_plan *p, size_t q, size_t d)
{
    size_t ipd = p->s->intervals_per_day;
    double open = 0;
    for (size_t i = d * ipd; i < (d + 1) * ipd; i++)
        open += queue_open_s(p->s, q, i);
    return open;
}

/* Agents of deferred queue q on every interval of open day d for `work`
 * agent-seconds: the whole agents that fit in the day's open seconds, and one
 * more in its first intervals until the work is covered. */
static void workload_day_agents(const cc_plan *p, size_t q, size_t d, double work, double open,
                                cc_plan_cell *cells)
{
    size_t ipd = p->s->intervals_per_day;
    double base = floor(work / open), rest = work - base * open;
    for (size_t i = d * ipd; i < (d + 1) * ipd; i++) {
        cc_plan_cell *c = &cells[q * p->n_intervals + i];
        c->agents = c->open_s > 0 ? (long)base : 0;
        if (c->open_s > 0 && rest > 1e-9 * work) {
            c->agents++;
            rest -= c->open_s;
        }
    }
}

/* workload_cells' work on its scratch arrays (one per day of the horizon):
 * open[d]: day d's open seconds; due[d]: the open day its arrivals count on
 * (days when none is left); work[d]: the agent-seconds counted on open day d. */
static void workload_pass(const cc_plan *p, size_t q, double aht, int staff, cc_plan_cell *cells,
                          double *open, double *work, double *done_by, size_t *due, size_t *order)
{
    const cc_scenario *s = p->s;
    size_t ipd = s->intervals_per_day, days = s->calendar.days, ni = p->n_intervals;
    unsigned k = window_days(&s->queues[q]);
    size_t n_open = 0;
    for (size_t d = 0; d < days; d++)
        if ((open[d] = day_open_s(p, q, d)) > 0)
            order[n_open++] = d;
    for (size_t d = days, next = days; d-- > 0;) {
        if (open[d] > 0)
            next = d;
        due[d] = next;
    }
    for (size_t i = 0; i < ni; i++) {
        size_t d = due[i / ipd];
        if (d < days)
            work[d] += cells[q * ni + i].calls * aht;
    }
    if (staff) {
        /* Capacity of the j-th open day: the mean work of open days j - k .. j. */
        double window = 0;
        for (size_t j = 0; j < n_open; j++) {
            window += work[order[j]];
            if (j > k)
                window -= work[order[j - k - 1]];
            workload_day_agents(p, q, order[j], window / (k + 1), open[order[j]], cells);
        }
        for (size_t d = 0; d < days; d++)
            if (open[d] <= 0)
                for (size_t i = d * ipd; i < (d + 1) * ipd; i++)
                    cells[q * ni + i].agents = 0;
    }
    /* The fluid first-in-first-out pass: arrivals join, agents work the backlog. */
    double backlog = 0, arrived = 0, worked = 0, calls = 0, backlog_s = 0;
    for (size_t i = 0; i < ni; i++) {
        cc_plan_cell *c = &cells[q * ni + i];
        c->agent_s = (double)c->agents * c->open_s;
        backlog += c->calls;
        arrived += c->calls;
        calls += c->calls;
        double can = c->agent_s / aht, did = can < backlog ? can : backlog;
        backlog -= did;
        worked += did;
        c->backlog = backlog;
        backlog_s += backlog * s->interval_s;
        c->load_erlangs = c->open_s > 0 ? c->calls * aht / c->open_s : 0;
        c->occupancy = c->agent_s > 0 ? did * aht / c->agent_s : NAN;
        c->p_abandon = 0;
        c->redials = c->p_blocked = 0;
        if ((i + 1) % ipd == 0)
            done_by[i / ipd] = worked;
    }
    /* Service level: the share of each interval's arrivals done by the end of the
     * k-th open day after the day they count on (first in, first out: they are done
     * once the work done passes the arrivals before them). */
    double before = 0, mean_wait = calls > 0 ? backlog_s / calls : NAN;
    size_t j = 0;   /* index in order[] of the open day arrivals count on */
    for (size_t i = 0; i < ni; i++) {
        cc_plan_cell *c = &cells[q * ni + i];
        size_t d = due[i / ipd];
        while (j < n_open && order[j] < d)
            j++;
        double met = 1;
        if (c->calls > 0 && d < days && j + k < n_open) {
            double done = done_by[order[j + k]] - before;
            met = done >= c->calls ? 1 : done <= 0 ? 0 : done / c->calls;
        }
        c->service_level = c->service_level_answered = c->service_level_excl_short =
            c->calls > 0 ? met : NAN;
        c->asa_s = c->calls > 0 ? mean_wait : NAN;
        before += c->calls;
    }
}

/* Every cell of deferred queue q by the workload method (plan.h): staffed (staff
 * 1) or evaluated at its agents, with handling × mult. */
static int workload_cells(const cc_plan *p, size_t q, double mult, cc_plan_cell *cells, int staff,
                          cc_error *err)
{
    size_t days = p->s->calendar.days;
    double aht = p->s->queues[q].handling.mean_s * mult;
    double *open = calloc(days + 1, sizeof *open), *work = calloc(days + 1, sizeof *work);
    double *done_by = calloc(days + 1, sizeof *done_by);
    size_t *due = calloc(days + 1, sizeof *due), *order = calloc(days + 1, sizeof *order);
    int rc = open && work && done_by && due && order ? CC_OK
           : cc_error_set(err, CC_EINTERNAL, "out of memory");
    if (rc == CC_OK)
        workload_pass(p, q, aht, staff, cells, open, work, done_by, due, order);
    free(open);
    free(work);
    free(done_by);
    free(due);
    free(order);
    return rc;
}

/* ---- call backs -------------------------------------------------------- */

/* Does queue q take call backs in the analytic plan (plan.h)? */
static int plans_callbacks(const cc_plan *p, size_t q)
{
    cc_plan_method m = p->queues[q].model;
    return !p->pooled && p->s->queues[q].callback_after_s > 0 && p->queues[q].concurrency <= 1 &&
           (m == CC_PLAN_ERLANG_C || m == CC_PLAN_ERLANG_A);
}

/* Cell c's call backs from its measures within callback_after_s; the extra work
 * (agent-seconds) of those who would have abandoned in *extra_s. */
static int callback_split(const cc_plan *p, size_t q, double mult, cc_plan_cell *c, double *extra_s,
                          cc_error *err)
{
    const cc_queue *sq = &p->s->queues[q];
    *extra_s = 0;
    c->called_back = c->called_back_late_abandon = c->sl_at_callback = 0;
    if (c->calls <= 0 || c->open_s <= 0 || c->agents == 0 || isnan(c->asa_s))
        return CC_OK;
    cc_plan_cell x = *c;
    int rc = eval_at(queue_model(p, q), mult, sq->callback_after_s, &x, err);
    if (rc != CC_OK)
        return rc;
    double sl = x.service_level, ab = x.p_abandon;
    double ab_by = x.service_level_excl_short > 0 ? 1 - sl / x.service_level_excl_short : 0;
    double late_answered = fmax(0, 1 - ab - sl), late_abandoned = fmax(0, ab - ab_by);
    c->sl_at_callback = sl;
    c->called_back = c->calls * sq->callback_share * (late_answered + late_abandoned);
    c->called_back_late_abandon = c->calls * sq->callback_share * late_abandoned;
    *extra_s = c->called_back_late_abandon * sq->handling.mean_s * mult;
    return CC_OK;
}

/* Call backs of every cell of queue q (staff 1: agents added where the extra work
 * does not fit in the idle time, then the cell evaluated again). */
static int callback_cells(const cc_plan *p, size_t q, double mult, cc_plan_cell *cells, int staff,
                          cc_error *err)
{
    for (size_t i = 0; i < p->n_intervals; i++) {
        cc_plan_cell *c = &cells[q * p->n_intervals + i];
        double extra_s;
        int rc = callback_split(p, q, mult, c, &extra_s, err);
        if (rc != CC_OK)
            return rc;
        double idle_s = (double)c->agents * c->open_s * (1 - (isnan(c->occupancy) ? 1 : c->occupancy));
        if (!staff || extra_s <= idle_s)
            continue;
        c->agents += (long)ceil((extra_s - idle_s) / c->open_s);
        c->agent_s = (double)c->agents * c->open_s;
        if ((rc = eval_with(p, queue_model(p, q), mult, c, err)) != CC_OK ||
            (rc = callback_split(p, q, mult, c, &extra_s, err)) != CC_OK)
            return rc;
    }
    return CC_OK;
}

/* ---- self-service ------------------------------------------------------ */

/* Every cell of self-service queue q: no agents; contacts resolved at once. */
static void self_service_cells(const cc_plan *p, size_t q, cc_plan_cell *cells)
{
    for (size_t i = 0; i < p->n_intervals; i++) {
        cc_plan_cell *c = &cells[q * p->n_intervals + i];
        c->agents = 0;
        c->agent_s = 0;
        set_undefined(c);
        if (c->calls > 0) {
            c->service_level = c->service_level_answered = c->service_level_excl_short = 1;
            c->asa_s = 0;
            c->p_abandon = 0;
        }
    }
}

/* Is queue q planned on its own, outside any pooled group's Erlang model? */
static int planned_alone(const cc_plan *p, size_t q)
{
    cc_plan_method m = p->queues[q].model;
    return m == CC_PLAN_WORKLOAD || m == CC_PLAN_SELF_SERVICE;
}

/* ---- pooled groups ---------------------------------------------------- */

/* A roster is pooled when its groups are not one per queue: a group serves several
 * queues, or a queue has several groups (or none). Then staffing is per group. */
static int roster_is_pooled(const cc_scenario *s)
{
    if (!s->groups_given)
        return 0;
    for (size_t g = 0; g < s->n_groups; g++)
        if (s->groups[g].n_serves != 1)
            return 1;
    for (size_t q = 0; q < s->n_queues; q++)
        if (s->n_queue_groups[q] != 1 && s->queues[q].discipline != CC_DISCIPLINE_SELF_SERVICE)
            return 1;
    return 0;
}

/* Queue q's calls in interval i that the analytic plan hands to each of its groups:
 * an equal share per serving group. */
static double group_calls(const cc_plan *p, size_t q, size_t i)
{
    size_t n = p->s->n_queue_groups[q];
    if (planned_alone(p, q))
        return 0;   /* deferred work and self-service are planned on their own (plan.h) */
    return n ? p->cells[q * p->n_intervals + i].calls / (double)n : 0;
}

/* Group g's pooled model in interval i: handling time and patience are the
 * calls-weighted means over the queues it serves; Erlang A only when every served
 * queue with calls uses it. Also the pooled calls. */
static cell_model group_model(const cc_plan *p, size_t g, size_t i, double *calls)
{
    const cc_group *grp = &p->s->groups[g];
    cell_model m = { p->method == CC_PLAN_ERLANG_A ? CC_PLAN_ERLANG_A : CC_PLAN_ERLANG_C, 0, 0, 0, 0 };
    double n = 0, work = 0, pat = 0;
    for (size_t k = 0; k < grp->n_serves; k++) {
        size_t q = grp->serves[k];
        double c = group_calls(p, q, i);
        if (c <= 0)
            continue;
        n += c;
        work += c * p->s->queues[q].handling.mean_s;
        pat += c * p->queues[q].patience_s;
        if (p->queues[q].model != CC_PLAN_ERLANG_A)
            m.model = CC_PLAN_ERLANG_C;
    }
    *calls = n;
    m.aht_s = n > 0 ? work / n : 0;
    m.patience_s = n > 0 ? pat / n : 0;
    return m;
}

/* Queue q's share of group g's offered workload in interval i (0 when the group has
 * none): how the group's agent-time is attributed to the queues it serves. */
static double group_share(const cc_plan *p, size_t g, size_t q, size_t i)
{
    const cc_group *grp = &p->s->groups[g];
    double mine = 0, total = 0;
    for (size_t k = 0; k < grp->n_serves; k++) {
        size_t qq = grp->serves[k];
        double w = group_calls(p, qq, i) * p->s->queues[qq].handling.mean_s;
        total += w;
        if (qq == q)
            mine = w;
    }
    return total > 0 ? mine / total : 0;
}

/* Every queue cell of a pooled plan from the group cells `gc`: agents able to answer
 * it (the sum over its groups), its share of their agent-time, and its measures as
 * the calls-weighted mean of its groups' (ASA weighted by answered calls). */
static void queue_cells_from_groups(const cc_plan *p, const cc_plan_cell *gc, cc_plan_cell *qc)
{
    const cc_scenario *s = p->s;
    size_t ni = p->n_intervals;
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < ni && !planned_alone(p, q); i++) {
            cc_plan_cell *c = &qc[q * ni + i];
            double sl = 0, sla = 0, sle = 0, ab = 0, asa = 0, ans = 0, occ = 0, w = 0, load = 0;
            c->agents = 0;
            c->agent_s = 0;
            for (size_t k = 0; k < s->n_queue_groups[q]; k++) {
                size_t g = s->queue_groups[q][k];
                const cc_plan_cell *x = &gc[g * ni + i];
                double share = group_share(p, g, q, i), n = group_calls(p, q, i);
                c->agents += x->agents;
                c->agent_s += share * x->agent_s;
                load += share * x->load_erlangs;
                if (n <= 0)
                    continue;
                w += n;
                sl += n * x->service_level;
                sla += n * x->service_level_answered;
                sle += n * x->service_level_excl_short;
                ab += n * x->p_abandon;
                double a = n * (1 - x->p_abandon);
                ans += a;
                asa += a * x->asa_s;
                occ += n * x->occupancy;
            }
            if (w <= 0) {
                set_undefined(c);
                continue;
            }
            c->load_erlangs = load;
            c->service_level = sl / w;
            c->service_level_answered = sla / w;
            c->service_level_excl_short = sle / w;
            c->p_abandon = ab / w;
            c->asa_s = ans > 0 ? asa / ans : NAN;
            c->occupancy = occ / w;
        }
}

/* Pooled group cells: calls, duty span and agent-time from the agents set. */
static void group_cells_frame(const cc_plan *p, cc_plan_cell *gc)
{
    for (size_t g = 0; g < p->n_groups; g++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            cc_plan_cell *c = &gc[g * p->n_intervals + i];
            group_model(p, g, i, &c->calls);
            c->open_s = cc_workforce_duty_s(p->s, g, i);
            c->agent_s = (double)c->agents * c->open_s;
        }
}

/* Measures of every group cell in gc at its agents (handling × mult), then the
 * queue cells qc from them. */
static int eval_groups(const cc_plan *p, double mult, cc_plan_cell *gc, cc_plan_cell *qc, cc_error *err)
{
    group_cells_frame(p, gc);
    for (size_t g = 0; g < p->n_groups; g++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            double calls;
            int rc = eval_with(p, group_model(p, g, i, &calls), mult, &gc[g * p->n_intervals + i], err);
            if (rc != CC_OK)
                return rc;
        }
    queue_cells_from_groups(p, gc, qc);
    return CC_OK;
}

/* The pooled requirement: the fewest agents per group-interval for the group's pooled
 * calls (Erlang C or A on the pooled load). */
static int staff_groups(cc_plan *p, cc_error *err)
{
    group_cells_frame(p, p->group_cells);
    for (size_t g = 0; g < p->n_groups; g++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            cc_plan_cell *c = &p->group_cells[g * p->n_intervals + i];
            double calls;
            char who[160];
            snprintf(who, sizeof who, "group %s", p->s->groups[g].name);
            int rc = staff_with(p, group_model(p, g, i, &calls), who, i, c, err);
            if (rc != CC_OK)
                return rc;
            c->agent_s = (double)c->agents * c->open_s;
        }
    queue_cells_from_groups(p, p->group_cells, p->cells);
    return CC_OK;
}

/* Measures of every cell at its agents with handling × mult: per queue, or, pooled,
 * per group and then per queue. `qc`/`gc`: the plan's cells or a copy. */
static int eval_all(const cc_plan *p, double mult, cc_plan_cell *qc, cc_plan_cell *gc, cc_error *err)
{
    if (p->pooled) {
        int rc = eval_groups(p, mult, gc, qc, err);
        for (size_t q = 0; rc == CC_OK && q < p->n_queues; q++)
            if (p->queues[q].model == CC_PLAN_WORKLOAD)
                rc = workload_cells(p, q, mult, qc, 0, err);
            else if (p->queues[q].model == CC_PLAN_SELF_SERVICE)
                self_service_cells(p, q, qc);
        return rc;
    }
    for (size_t q = 0; q < p->n_queues; q++) {
        if (p->queues[q].model == CC_PLAN_SELF_SERVICE) {
            self_service_cells(p, q, qc);
            continue;
        }
        if (p->queues[q].model == CC_PLAN_ERLANG_X || p->queues[q].model == CC_PLAN_WORKLOAD) {
            int rc = p->queues[q].model == CC_PLAN_ERLANG_X ? erlang_x_cells(p, q, mult, qc, 0, err)
                                                             : workload_cells(p, q, mult, qc, 0, err);
            if (rc != CC_OK)
                return rc;
            continue;
        }
        for (size_t i = 0; i < p->n_intervals; i++) {
            cc_plan_cell *c = &qc[q * p->n_intervals + i];
            c->agent_s = (double)c->agents * c->open_s;
            int rc = eval_with(p, queue_model(p, q), mult, c, err);
            if (rc != CC_OK)
                return rc;
        }
        if (plans_callbacks(p, q)) {
            int rc = callback_cells(p, q, mult, qc, 0, err);
            if (rc != CC_OK)
                return rc;
        }
    }
    return CC_OK;
}

/* ---- summaries -------------------------------------------------------- */

typedef struct sums {
    double calls, agent_s, sl, abandon, answered, asa, busy_s;
} sums;

/* Calls offered in a cell: the scenario's and any redials (the measures' base). */
static double offered_of(const cc_plan_cell *c)
{
    return c->calls + c->redials;
}

static void sums_add(sums *a, const cc_plan_cell *c)
{
    a->agent_s += c->agent_s;
    if (c->agent_s > 0 && !isnan(c->occupancy))
        a->busy_s += c->occupancy * c->agent_s;
    double offered = offered_of(c);
    if (offered <= 0)
        return;
    a->calls += offered;
    a->sl += offered * c->service_level;
    a->abandon += offered * c->p_abandon;
    double answered = offered * (1 - c->p_abandon - c->p_blocked);
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

/* FTE of agent-seconds over `weeks` weeks (cc_workforce_fte_from_hours; NaN when it
 * refuses the inputs). */
static double fte_of(double agent_s, double weeks, const cc_workforce *w)
{
    double fte;
    cc_error err;
    return cc_workforce_fte_from_hours(agent_s / 3600.0, weeks, w->shrinkage, w->paid_hours_per_week,
                                       &fte, &err) == CC_OK ? fte : NAN;
}

/* Calls and agent-seconds per day, the open days, FTE per open day and per week. */
static void open_day_figures(cc_plan *p)
{
    const cc_scenario *s = p->s;
    const cc_workforce *w = &s->workforce;
    size_t ipd = s->intervals_per_day, days = s->calendar.days;
    memset(p->day_agent_s, 0, days * sizeof *p->day_agent_s);
    memset(p->day_calls, 0, days * sizeof *p->day_calls);
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            p->day_calls[i / ipd] += p->cells[q * p->n_intervals + i].calls;
            p->day_agent_s[i / ipd] += p->cells[q * p->n_intervals + i].agent_s;
        }
    p->open_days = 0;
    for (size_t d = 0; d < days; d++)
        for (size_t k = 0; k < ipd; k++)
            if (cc_scenario_is_open(s, d * ipd + k)) {
                p->open_days++;
                break;
            }
    double agent_s = 0;
    for (size_t d = 0; d < days; d++)
        agent_s += p->day_agent_s[d];
    /* An open day is a fifth of a week's paid hours. */
    p->fte_open_day = p->has_workforce && p->open_days
                    ? fte_of(agent_s, (double)p->open_days / 5.0, w) : NAN;
    for (size_t k = 0; k < p->n_weeks; k++) {
        double week_s = 0;
        size_t first = 7 * k, last = first + 7 < days ? first + 7 : days;
        for (size_t d = first; d < last; d++)
            week_s += p->day_agent_s[d];
        p->fte_week[k] = p->has_workforce ? fte_of(week_s, (double)(last - first) / 7.0, w) : NAN;
    }
}

/* The costing of agent-seconds, calls and non-staff cost over the horizon; NaN
 * figures when the scenario has no workforce section (cc_workforce_costing). */
static cc_costing costing_of(const cc_plan *p, double agent_s, double calls, double non_staff)
{
    cc_costing c;
    if (cc_workforce_costing(&p->s->workforce, p->s->calendar.days, agent_s, calls, non_staff, &c, NULL) != CC_OK)
        c.agent_hours = c.fte = c.staff_cost = c.contacts_per_year = c.non_staff_cost = c.cost =
            c.cost_per_contact = NAN;
    return c;
}

/* Agent-seconds of every cell from its agents (a planner may have replaced them):
 * per queue, agents × open seconds; pooled, each group's agents × duty seconds, and a
 * queue's workload share of its groups'. */
static void refresh_agent_s(cc_plan *p)
{
    size_t ni = p->n_intervals;
    if (!p->pooled) {
        for (size_t k = 0; k < p->n_queues * ni; k++)
            p->cells[k].agent_s = (double)p->cells[k].agents * p->cells[k].open_s;
        return;
    }
    for (size_t k = 0; k < p->n_groups * ni; k++)
        p->group_cells[k].agent_s = (double)p->group_cells[k].agents * p->group_cells[k].open_s;
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < ni; i++) {
            if (planned_alone(p, q)) {
                cc_plan_cell *c = &p->cells[q * ni + i];
                c->agent_s = (double)c->agents * c->open_s;
                continue;
            }
            double a = 0;
            for (size_t k = 0; k < p->s->n_queue_groups[q]; k++) {
                size_t g = p->s->queue_groups[q][k];
                a += group_share(p, g, q, i) * p->group_cells[g * ni + i].agent_s;
            }
            p->cells[q * ni + i].agent_s = a;
        }
}

/* Agents on duty in interval i, all queues (or groups). */
static long agents_at(const cc_plan *p, size_t i)
{
    long n = 0;
    if (p->pooled) {
        for (size_t g = 0; g < p->n_groups; g++)
            n += p->group_cells[g * p->n_intervals + i].agents;
        for (size_t q = 0; q < p->n_queues; q++)
            if (p->queues[q].model == CC_PLAN_WORKLOAD)
                n += p->cells[q * p->n_intervals + i].agents;
    } else
        for (size_t q = 0; q < p->n_queues; q++)
            n += p->cells[q * p->n_intervals + i].agents;
    return n;
}

void cc_plan_summarise(cc_plan *p)
{
    const cc_scenario *s = p->s;
    refresh_agent_s(p);
    double ch_agent_s[CC_CHANNELS] = { 0 }, ch_calls[CC_CHANNELS] = { 0 }, ch_non_staff[CC_CHANNELS] = { 0 };
    double ch_quoted[CC_CHANNELS] = { 0 }, ch_quoted_calls[CC_CHANNELS] = { 0 };
    memset(p->channels, 0, sizeof p->channels);
    sums all = { 0 };
    p->lost_calls = 0;
    for (size_t q = 0; q < p->n_queues; q++) {
        cc_plan_queue *pq = &p->queues[q];
        const cc_queue *sq = &s->queues[q];
        const cc_plan_cell *cells = &p->cells[q * p->n_intervals];
        sums a = { 0 };
        pq->agents_peak = 0;
        pq->redials = pq->blocked = pq->called_back = 0;
        for (size_t i = 0; i < p->n_intervals; i++) {
            pq->redials += cells[i].redials;
            pq->called_back += cells[i].called_back;
            pq->blocked += offered_of(&cells[i]) * cells[i].p_blocked;
            sums_add(&a, &cells[i]);
            if (sq->discipline != CC_DISCIPLINE_SELF_SERVICE)  /* all queues: those agents serve */
                sums_add(&all, &cells[i]);
            if (cells[i].agents > pq->agents_peak)
                pq->agents_peak = cells[i].agents;
        }
        pq->outcome = sums_outcome(&a);
        double non_staff = sq->non_staff_cost_per_contact * pq->outcome.calls;
        cc_costing c = costing_of(p, a.agent_s, pq->outcome.calls, non_staff);
        pq->calls_per_year = c.contacts_per_year;
        pq->fte = c.fte;
        pq->staff_cost = c.staff_cost;
        pq->contact_cost = c.non_staff_cost;
        pq->cost = c.cost;

        cc_plan_channel *ch = &p->channels[sq->channel];
        ch->n_queues++;
        ch_agent_s[sq->channel] += a.agent_s;
        ch_calls[sq->channel] += pq->outcome.calls;
        ch_non_staff[sq->channel] += non_staff;
        if (sq->cost_per_contact > 0) {
            ch_quoted[sq->channel] += sq->cost_per_contact * pq->outcome.calls;
            ch_quoted_calls[sq->channel] += pq->outcome.calls;
        }
        p->lost_calls += sq->lost_calls;
    }
    double agent_s = 0, calls = 0, non_staff = 0;
    for (int k = 0; k < CC_CHANNELS; k++) {
        cc_plan_channel *ch = &p->channels[k];
        cc_costing c = costing_of(p, ch_agent_s[k], ch_calls[k], ch_non_staff[k]);
        ch->calls_per_year = c.contacts_per_year;
        ch->agent_hours = c.agent_hours;
        ch->fte = c.fte;
        ch->staff_cost = c.staff_cost;
        ch->contact_cost = c.non_staff_cost;
        ch->cost = c.cost;
        ch->cost_per_contact = c.cost_per_contact;
        ch->quoted_cost_per_contact = ch_quoted_calls[k] > 0 ? ch_quoted[k] / ch_quoted_calls[k] : NAN;
        agent_s += ch_agent_s[k];
        calls += ch_calls[k];
        non_staff += ch_non_staff[k];
    }
    cc_costing c = costing_of(p, agent_s, calls, non_staff);
    p->calls_per_year = c.contacts_per_year;
    p->fte = c.fte;
    p->staff_cost = c.staff_cost;
    p->contact_cost = c.non_staff_cost;
    p->cost = c.cost;
    p->outcome = sums_outcome(&all);
    p->agents_peak = 0;
    for (size_t i = 0; i < p->n_intervals; i++) {
        long n = agents_at(p, i);
        if (n > p->agents_peak)
            p->agents_peak = n;
    }
    open_day_figures(p);
}

/* ---- the required plan ------------------------------------------------ */

/* Appends queue q to order after every queue that hands on to it, directly or not
 * (depth first; the loader refuses cycles, so the depth is at most the queues). */
static void place_after_sources(const cc_scenario *s, size_t q, unsigned char *placed, size_t *order,
                                size_t *n)
{
    if (placed[q])
        return;
    placed[q] = 1;
    for (size_t r = 0; r < s->n_queues; r++)
        if (s->queues[r].next_share > 0 && s->queues[r].next_queue == q)
            place_after_sources(s, r, placed, order, n);
    order[(*n)++] = q;
}

/* The queues in an order where every `then` source comes before the queue it hands
 * on to: the scenario's order when nobody hands on. */
static int sources_first(const cc_scenario *s, size_t *order, cc_error *err)
{
    unsigned char *placed = calloc(s->n_queues + 1, 1);
    if (!placed)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    size_t n = 0;
    for (size_t q = 0; q < s->n_queues; q++)
        place_after_sources(s, q, placed, order, &n);
    free(placed);
    return CC_OK;
}

/* Queue q's `then` hand-on: next_share of its answered contacts (its offered ones
 * in a pooled plan) of each interval arrive at its next queue in that interval. */
static void hand_on(cc_plan *p, size_t q)
{
    const cc_queue *sq = &p->s->queues[q];
    if (!(sq->next_share > 0))
        return;
    size_t nq = sq->next_queue, ni = p->n_intervals;
    cc_plan_method m = p->queues[nq].model;
    for (size_t i = 0; i < ni; i++) {
        const cc_plan_cell *c = &p->cells[q * ni + i];
        double answered = offered_of(c);
        if (!p->pooled && !isnan(c->p_abandon))
            answered *= 1 - c->p_abandon - c->p_blocked;
        double sent = sq->next_share * answered;
        if (!(sent > 0))
            continue;
        cc_plan_cell *to = &p->cells[nq * ni + i];
        if (to->open_s > 0 || m == CC_PLAN_WORKLOAD || m == CC_PLAN_SELF_SERVICE) {
            to->calls += sent;
            p->queues[nq].handed_on += sent;
        } else {
            p->queues[nq].handed_on_dropped += sent;
        }
    }
}

static void fixed_destroy(cc_plan_fixed *f)
{
    if (!f)
        return;
    free(f->cells);
    free(f->group_cells);
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
    free(p->group_cells);
    free(p->queues);
    free(p->day_agent_s);
    free(p->day_calls);
    free(p->fte_week);
    free(p);
}

/* Does queue q need Erlang X (lines or redials, staffed as its own team)? */
static int needs_erlang_x(const cc_plan *p, size_t q)
{
    const cc_queue *sq = &p->s->queues[q];
    return !p->pooled && (sq->lines > 0 || sq->redial_share > 0);
}

/* Chooses each queue's model: Erlang A needs a patience; lines or redials need
 * Erlang X (with the patience under erlang-a, without under erlang-c). */
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
        if (needs_erlang_x(p, q))
            pq->model = CC_PLAN_ERLANG_X;
        const cc_scenario *s = p->s;
        if (!p->pooled && s->queues[q].discipline == CC_DISCIPLINE_CHAT && s->n_queue_groups[q] == 1 &&
            s->groups[s->queue_groups[q][0]].concurrency > 1)
            pq->concurrency = s->groups[s->queue_groups[q][0]].concurrency;
        if (p->s->queues[q].discipline == CC_DISCIPLINE_SELF_SERVICE) {
            pq->model = CC_PLAN_SELF_SERVICE;
            pq->patience = CC_PLAN_PATIENCE_UNUSED;
            pq->patience_s = 0;
        }
        if (p->s->queues[q].discipline == CC_DISCIPLINE_DEFERRED) {
            pq->model = CC_PLAN_WORKLOAD;
            pq->patience = CC_PLAN_PATIENCE_UNUSED;
            pq->patience_s = 0;
            pq->window_days = window_days(&p->s->queues[q]);
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
    p->pooled = roster_is_pooled(s);
    p->n_groups = s->n_groups;
    p->cells = calloc(p->n_queues * p->n_intervals + 1, sizeof *p->cells);
    p->queues = calloc(p->n_queues + 1, sizeof *p->queues);
    p->day_agent_s = calloc(s->calendar.days + 1, sizeof *p->day_agent_s);
    p->day_calls = calloc(s->calendar.days + 1, sizeof *p->day_calls);
    p->n_weeks = (s->calendar.days + 6) / 7;
    p->fte_week = calloc(p->n_weeks + 1, sizeof *p->fte_week);
    if (p->pooled)
        p->group_cells = calloc(p->n_groups * p->n_intervals + 1, sizeof *p->group_cells);
    if (!p->cells || !p->queues || !p->day_agent_s || !p->day_calls || !p->fte_week ||
        (p->pooled && !p->group_cells)) {
        cc_plan_destroy(p);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    choose_models(p, opt->method);
    size_t *order = malloc((p->n_queues + 1) * sizeof *order);
    int rc = order ? CC_OK : cc_error_set(err, CC_EINTERNAL, "out of memory");
    if (rc == CC_OK)
        rc = sources_first(s, order, err);
    for (size_t i = 0; rc == CC_OK && i < p->n_queues * p->n_intervals; i++) {
        p->cells[i].calls = s->queues[i / p->n_intervals].calls[i % p->n_intervals];
        p->cells[i].open_s = queue_open_s(s, i / p->n_intervals, i % p->n_intervals);
    }
    for (size_t k = 0; rc == CC_OK && k < p->n_queues; k++) {
        size_t q = order[k];
        for (size_t i = 0; rc == CC_OK && i < p->n_intervals; i++) {
            cc_plan_cell *c = &p->cells[q * p->n_intervals + i];
            if (!p->pooled && p->queues[q].model != CC_PLAN_ERLANG_X && !planned_alone(p, q)) {
                char who[160];
                snprintf(who, sizeof who, "queue %s", s->queues[q].name);
                rc = staff_with(p, queue_model(p, q), who, i, c, err);
                c->agent_s = (double)c->agents * c->open_s;
            }
        }
        if (rc == CC_OK && p->queues[q].model == CC_PLAN_ERLANG_X)
            rc = erlang_x_cells(p, q, 1.0, p->cells, 1, err);
        if (rc == CC_OK && p->queues[q].model == CC_PLAN_WORKLOAD)
            rc = workload_cells(p, q, 1.0, p->cells, 1, err);
        if (rc == CC_OK && p->queues[q].model == CC_PLAN_SELF_SERVICE)
            self_service_cells(p, q, p->cells);
        if (rc == CC_OK && plans_callbacks(p, q))
            rc = callback_cells(p, q, 1.0, p->cells, 1, err);
        if (rc == CC_OK)
            hand_on(p, q);
    }
    free(order);
    if (rc == CC_OK && p->pooled)
        rc = staff_groups(p, err);
    if (rc != CC_OK) {
        cc_plan_destroy(p);
        return rc;
    }
    cc_plan_summarise(p);
    *out = p;
    return CC_OK;
}

int cc_plan_evaluate(cc_plan *p, cc_error *err)
{
    int rc = eval_all(p, 1.0, p->cells, p->group_cells, err);
    if (rc != CC_OK)
        return rc;
    cc_plan_summarise(p);
    return CC_OK;
}

int cc_plan_set_staffing(cc_plan *p, const unsigned *staffing)
{
    const cc_scenario *s = p->s;
    size_t ni = p->n_intervals;
    if (p->pooled) {
        for (size_t k = 0; k < p->n_groups * ni; k++)
            p->group_cells[k].agents = staffing[k];
        group_cells_frame(p, p->group_cells);
        queue_cells_from_groups(p, p->group_cells, p->cells);
        return CC_OK;
    }
    /* One group per queue (none for a self-service queue): its agents are its queue's. */
    for (size_t q = 0; q < p->n_queues; q++) {
        if (s->n_queue_groups[q] == 0)
            continue;
        size_t g = s->queue_groups[q][0];
        for (size_t i = 0; i < ni; i++) {
            cc_plan_cell *c = &p->cells[q * ni + i];
            c->agents = staffing[g * ni + i];
            c->agent_s = (double)c->agents * c->open_s;
        }
    }
    return CC_OK;
}

void cc_plan_staffing(const cc_plan *p, int fixed, unsigned *staffing)
{
    const cc_scenario *s = p->s;
    size_t ni = p->n_intervals;
    const cc_plan_cell *qc = fixed ? p->fixed->cells : p->cells;
    const cc_plan_cell *gc = fixed ? p->fixed->group_cells : p->group_cells;
    memset(staffing, 0, p->n_groups * ni * sizeof *staffing);
    if (p->pooled) {
        for (size_t k = 0; k < p->n_groups * ni; k++)
            staffing[k] = (unsigned)gc[k].agents;
        return;
    }
    for (size_t q = 0; q < p->n_queues; q++) {
        if (s->n_queue_groups[q] == 0)
            continue;   /* self-service: no agents */
        size_t g = s->queue_groups[q][0];
        for (size_t i = 0; i < ni; i++)
            staffing[g * ni + i] = (unsigned)qc[q * ni + i].agents;
    }
}

void cc_plan_interval_start(const cc_scenario *s, size_t i, char date[static 11], char time[static 6])
{
    size_t day = i / s->intervals_per_day;
    unsigned minutes = (unsigned)((double)(i % s->intervals_per_day) * s->interval_s / 60.0) % 1440;
    cc_date_format(s->calendar.first_date + (long)day, date);
    snprintf(time, 6, "%02u:%02u", (minutes / 60) % 24, minutes % 60);
}

/* ---- notes and warnings ----------------------------------------------- */

int cc_plan_method_note(const cc_plan *p, size_t q, char *buf, size_t n)
{
    const cc_plan_queue *pq = &p->queues[q];
    const cc_queue *sq = &p->s->queues[q];
    if (p->method == CC_PLAN_SIMULATION)
        return 0;
    if (pq->model == CC_PLAN_ERLANG_X) {
        char lines[32] = "no line limit";
        if (sq->lines > 0)
            snprintf(lines, sizeof lines, "%u lines", sq->lines);
        snprintf(buf, n, "queue %s: Erlang X (%s, %s, redial share %g, redials carried by an exponential "
                 "delay of mean %g s): the calls include the redials", sq->name, lines,
                 pq->patience_s > 0 ? "exponential patience" : "no abandonment", sq->redial_share,
                 sq->redial_share > 0 ? sq->redial_delay.mean_s : 0.0);
        return 1;
    }
    if (pq->concurrency > 1) {
        snprintf(buf, n, "queue %s: %s on concurrency-adjusted capacity, an approximation (each agent is %u "
                 "servers; handling x (1 + %g x the other chats held at the servers' occupancy))", sq->name,
                 pq->model == CC_PLAN_ERLANG_A ? "Erlang A" : "Erlang C", pq->concurrency, sq->chat_stretch);
        return 1;
    }
    if (pq->model == CC_PLAN_SELF_SERVICE) {
        snprintf(buf, n, "queue %s: self-service (no agents; each contact resolved at once and costing its "
                 "non_staff_cost_per_contact %g)", sq->name, sq->non_staff_cost_per_contact);
        return 1;
    }
    if (plans_callbacks(p, q)) {
        snprintf(buf, n, "queue %s: %.1f call backs expected: share %g of the callers still waiting at %g s "
                 "(from %s's wait distribution; the queue's measures are without them; the extra work of "
                 "would-be abandoners fills idle time, else adds agents)", sq->name, pq->called_back,
                 sq->callback_share, sq->callback_after_s, pq->model == CC_PLAN_ERLANG_A ? "Erlang A" : "Erlang C");
        return 1;
    }
    if (pq->handed_on > 0 || pq->handed_on_dropped > 0) {
        snprintf(buf, n, "queue %s: its calls include %.1f handed on by other queues' `then` (their answered "
                 "contacts x share, in the same interval%s)%s", sq->name, pq->handed_on,
                 p->pooled ? "; pooled: their offered contacts, an upper bound" : "",
                 pq->handed_on_dropped > 0 ? "; some found it closed and were dropped" : "");
        return 1;
    }
    if (pq->model == CC_PLAN_WORKLOAD) {
        snprintf(buf, n, "queue %s: workload method (deferred work: work hours / open hours, each day's work "
                 "spread over it and the %u business day%s after it; no queueing model)%s", sq->name,
                 pq->window_days, pq->window_days == 1 ? "" : "s",
                 p->pooled ? "; its agents are its own, outside the groups' pool" : "");
        return 1;
    }
    return 0;
}

static int cmp_long_asc(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

size_t cc_plan_warnings(const cc_plan *p, char (*out)[CC_PLAN_WARNING_LEN], size_t max)
{
    const cc_scenario *s = p->s;
    size_t n = 0, ipd = s->intervals_per_day, days = s->calendar.days;
    char where[64];
    /* An interval far above the rest of its day: demand piled into one interval. */
    long *day = malloc((ipd + 1) * sizeof *day);
    double worst_ratio = 0, worst_median = 0;
    size_t worst = 0;
    for (size_t d = 0; day && d < days; d++) {
        size_t m = 0;
        for (size_t i = d * ipd; i < (d + 1) * ipd; i++) {
            long a = agents_at(p, i);
            if (a > 0)
                day[m++] = a;
        }
        if (m == 0)
            continue;
        qsort(day, m, sizeof *day, cmp_long_asc);
        double median = m % 2 ? (double)day[m / 2] : 0.5 * (double)(day[m / 2 - 1] + day[m / 2]);
        for (size_t i = d * ipd; i < (d + 1) * ipd; i++) {
            double r = (double)agents_at(p, i) / median;
            if (r > worst_ratio) {
                worst_ratio = r;
                worst_median = median;
                worst = i;
            }
        }
    }
    free(day);
    if (worst_ratio > CC_PLAN_PEAK_RATIO && n < max) {
        cc_scenario_interval_label(s, worst, where, sizeof where);
        snprintf(out[n++], CC_PLAN_WARNING_LEN, "%s needs %ld agents, %.1f times the median of its day's "
                 "staffed intervals (%g): check the demand of closed days and hours (when_closed) and the "
                 "intraday profile", where, agents_at(p, worst), worst_ratio, worst_median);
    }
    /* Chat concurrency that a pooled plan cannot model. */
    for (size_t g = 0; p->pooled && g < p->n_groups; g++)
        if (s->groups[g].concurrency > 1 && n < max)
            snprintf(out[n++], CC_PLAN_WARNING_LEN, "group %s holds %u contacts per agent: a pooled plan "
                     "staffs it as one contact per agent (concurrency is modelled for a chat queue "
                     "served by one group alone; --method simulation models it)", s->groups[g].name,
                     s->groups[g].concurrency);
    /* Lines and redials that a pooled plan cannot model. */
    for (size_t q = 0; p->pooled && q < p->n_queues; q++) {
        const cc_queue *sq = &s->queues[q];
        if ((sq->lines > 0 || sq->redial_share > 0) && n < max)
            snprintf(out[n++], CC_PLAN_WARNING_LEN, "queue %s: its lines and redials are not modelled in a "
                     "pooled plan (Erlang X needs a queue staffed as its own team); --method simulation "
                     "models them", sq->name);
    }
    /* Open hours that carry no demand. */
    for (size_t q = 0; q < p->n_queues; q++) {
        if (!s->queues[q].demand.present)
            continue;
        size_t empty = 0, first = 0;
        for (size_t i = 0; i < p->n_intervals; i++) {
            const cc_plan_cell *c = &p->cells[q * p->n_intervals + i];
            if (c->open_s > 0 && !(c->calls > 0) && empty++ == 0)
                first = i;
        }
        if (empty && n < max) {
            cc_scenario_interval_label(s, first, where, sizeof where);
            snprintf(out[n++], CC_PLAN_WARNING_LEN, "queue %s is open in %zu interval%s with no demand (first: %s): "
                     "its intraday profile is 0 there; does it cover the opening hours?", s->queues[q].name,
                     empty, empty == 1 ? "" : "s", where);
        }
    }
    return n;
}

/* ---- sensitivity ------------------------------------------------------- */

/* The FTE of the plan of `t` (a changed copy of the plan's scenario) by the analytic
 * method the plan uses (Erlang C for a plan by simulation). */
static int fte_of_variant(const cc_plan *p, const cc_scenario *t, double *fte, cc_error *err)
{
    cc_plan_options po = { .method = p->method == CC_PLAN_ERLANG_A ? CC_PLAN_ERLANG_A : CC_PLAN_ERLANG_C };
    cc_plan *v = NULL;
    int rc = cc_plan_create(t, &po, &v, err);
    if (rc == CC_OK)
        *fte = v->fte;
    cc_plan_destroy(v);
    return rc;
}

/* t's queues become a copy of s's with calls × vol (fresh arrays in calls_out) and
 * handling × aht. */
static void scale_queues(const cc_scenario *s, cc_queue *qs, double **calls, double vol, double aht)
{
    for (size_t q = 0; q < s->n_queues; q++) {
        qs[q] = s->queues[q];
        qs[q].handling.mean_s *= aht;
        for (size_t i = 0; i < s->n_intervals; i++)
            calls[q][i] = s->queues[q].calls[i] * vol;
        qs[q].calls = calls[q];
    }
}

static int swing_before(const cc_plan_swing *a, const cc_plan_swing *b)
{
    return a->swing > b->swing;
}

int cc_plan_sensitivity(const cc_plan *p, cc_plan_swing out[CC_PLAN_SWINGS], cc_error *err)
{
    const cc_scenario *s = p->s;
    const cc_sensitivity *st = &s->sensitivity;
    if (!p->has_workforce)
        return cc_error_set(err, CC_EINPUT, "%s: the sensitivity of FTE needs the scenario's workforce section",
                            s->path);
    double lo = s->targets.service_level - st->service_level_points,
           hi = s->targets.service_level + st->service_level_points;
    if (!(lo > 0 && hi < 1))
        return cc_error_set(err, CC_EINPUT, "%s: sensitivity.service_level_points %g moves the target %g "
                            "outside (0, 1)", s->path, st->service_level_points, s->targets.service_level);
    if (!(s->workforce.shrinkage * (1 + st->shrinkage) < 1))
        return cc_error_set(err, CC_EINPUT, "%s: sensitivity.shrinkage %g moves shrinkage %g to 1 or more",
                            s->path, st->shrinkage, s->workforce.shrinkage);
    cc_queue *qs = calloc(s->n_queues + 1, sizeof *qs);
    double **calls = calloc(s->n_queues + 1, sizeof *calls);
    int rc = qs && calls ? CC_OK : cc_error_set(err, CC_EINTERNAL, "out of memory");
    for (size_t q = 0; rc == CC_OK && q < s->n_queues; q++)
        if (!(calls[q] = malloc((s->n_intervals + 1) * sizeof **calls)))
            rc = cc_error_set(err, CC_EINTERNAL, "out of memory");
    static const char *const names[CC_PLAN_SWINGS] = { "volume", "handling time", "shrinkage",
                                                       "service-level target" };
    const double steps[CC_PLAN_SWINGS] = { st->volume, st->handling, st->shrinkage, st->service_level_points };
    for (int k = 0; rc == CC_OK && k < CC_PLAN_SWINGS; k++) {
        out[k].what = names[k];
        out[k].step = steps[k];
        for (int dir = -1; rc == CC_OK && dir <= 1; dir += 2) {
            cc_scenario t = *s;
            double f = 1 + dir * steps[k];
            scale_queues(s, qs, calls, k == 0 ? f : 1, k == 1 ? f : 1);
            t.queues = qs;
            if (k == 2)
                t.workforce.shrinkage *= f;
            if (k == 3)
                t.targets.service_level += dir * steps[k];
            rc = fte_of_variant(p, &t, dir < 0 ? &out[k].fte_down : &out[k].fte_up, err);
        }
        out[k].swing = fabs(out[k].fte_up - out[k].fte_down);
    }
    for (size_t q = 0; calls && q < s->n_queues; q++)
        free(calls[q]);
    free(calls);
    free(qs);
    if (rc != CC_OK)
        return rc;
    /* Largest swing first (insertion sort of four; equal swings keep their order). */
    for (int k = 1; k < CC_PLAN_SWINGS; k++)
        for (int j = k; j > 0 && swing_before(&out[j], &out[j - 1]); j--) {
            cc_plan_swing x = out[j];
            out[j] = out[j - 1];
            out[j - 1] = x;
        }
    return CC_OK;
}

/* ---- the interval record ---------------------------------------------- */

/* The interval record of an Erlang X cell: offered = calls + redials; blocked,
 * abandoned and answered within T from the measures per offered call; further
 * targets from the chain at the same offered load (the fixed point already
 * solved) and their T. */
static int erlang_x_tally(const cc_plan *p, size_t q, const cc_plan_cell *c, cc_queue_tally *t,
                          cc_error *err)
{
    const cc_queue *sq = &p->s->queues[q];
    double offered = offered_of(c), patience = p->queues[q].patience_s;
    t->offered = offered;
    t->redials = c->redials;
    if (offered <= 0 || c->open_s <= 0)
        return CC_OK;
    t->blocked = offered * c->p_blocked;
    t->abandoned = offered * c->p_abandon;
    t->answered = offered - t->blocked - t->abandoned;
    t->answered_within = offered * c->service_level;
    t->abandoned_within = patience > 0 && c->service_level_excl_short > 0
                        ? offered - t->answered_within / c->service_level_excl_short : 0;
    t->wait_s = t->answered > 0 && c->agents > 0 ? t->answered * c->asa_s : 0;
    /* Little's law as for Erlang A: the mean queue is offered × P(abandon) × patience. */
    t->abandon_wait_s = patience > 0 ? offered * c->p_abandon * patience - t->wait_s : 0;
    t->handled_s = t->answered * sq->handling.mean_s;
    t->backlog = (t->wait_s + t->abandon_wait_s) / c->open_s;
    for (size_t k = 1; k < sq->n_targets && k < CC_MAX_TARGETS; k++) {
        if (sq->targets[k].business_days > 0 || c->agents == 0) {
            t->answered_within_k[k - 1] = sq->targets[k].business_days > 0 ? NAN : 0;
            continue;
        }
        cc_erlang_x_queue x = x_queue_of(p, q, offered, c->open_s, 1.0, sq->targets[k].within_s);
        x.redial_share = 0;
        cc_erlang_x_result r;
        int rc = cc_erlang_x(&x, c->agents, &r, err);
        if (rc != CC_OK)
            return rc;
        t->answered_within_k[k - 1] = offered * r.m.service_level;
    }
    return CC_OK;
}

/* The interval record of a workload-method cell: every contact answered in the
 * end (no abandonment), answered within the headline target by the cell's service
 * level, waits by the horizon's mean wait, the fluid backlog. */
static void workload_tally(const cc_plan *p, size_t q, const cc_plan_cell *c, cc_queue_tally *t)
{
    const cc_queue *sq = &p->s->queues[q];
    t->offered = c->calls;
    t->backlog = c->backlog;
    for (size_t k = 1; k < sq->n_targets && k < CC_MAX_TARGETS; k++)
        t->answered_within_k[k - 1] = NAN;
    if (c->calls <= 0)
        return;
    t->answered = c->calls;
    t->answered_within = c->calls * c->service_level;
    t->wait_s = c->calls * c->asa_s;
    t->handled_s = c->calls * sq->handling.mean_s;
}

int cc_plan_interval_tally(const cc_plan *p, size_t q, size_t i, cc_queue_tally *t, cc_error *err)
{
    const cc_scenario *s = p->s;
    const cc_queue *sq = &s->queues[q];
    const cc_plan_cell *c = &p->cells[q * p->n_intervals + i];
    memset(t, 0, sizeof *t);
    if (p->queues[q].model == CC_PLAN_ERLANG_X)
        return erlang_x_tally(p, q, c, t, err);
    if (p->queues[q].model == CC_PLAN_WORKLOAD) {
        workload_tally(p, q, c, t);
        return CC_OK;
    }
    if (p->queues[q].model == CC_PLAN_SELF_SERVICE) {
        /* Resolved at once, without an agent: answered, within every target. */
        t->offered = t->answered = t->answered_within = c->calls;
        for (size_t k = 1; k < sq->n_targets && k < CC_MAX_TARGETS; k++)
            t->answered_within_k[k - 1] = c->calls;
        return CC_OK;
    }
    t->offered = c->calls;
    if (c->calls <= 0 || c->open_s <= 0)
        return CC_OK;
    int erlang_a = p->queues[q].model == CC_PLAN_ERLANG_A;
    double p_ab = erlang_a ? c->p_abandon : (isnan(c->asa_s) ? NAN : 0);
    t->abandoned = c->calls * p_ab;
    t->answered = c->calls - t->abandoned;
    t->answered_within = c->calls * c->service_level;
    t->abandoned_within = erlang_a && c->service_level_excl_short > 0
                        ? c->calls - t->answered_within / c->service_level_excl_short : 0;
    t->wait_s = t->answered > 0 ? t->answered * c->asa_s : 0;
    /* Waiting callers abandon at rate 1/patience, so the mean queue is
     * λ·p_abandon·patience (Little); what answered callers do not wait of it,
     * abandoned callers did. */
    t->abandon_wait_s = erlang_a ? c->calls * p_ab * p->queues[q].patience_s - t->wait_s : 0;
    t->handled_s = t->answered * sq->handling.mean_s;
    if (p->queues[q].concurrency > 1)   /* chat: the stretched handling (plan.h) */
        t->handled_s *= chat_factor(queue_model(p, q), c->occupancy);
    t->backlog = (t->wait_s + t->abandon_wait_s) / c->open_s;
    /* Further targets in seconds: the same cell evaluated at their T. A target in
     * business days has no analytic counterpart here (NaN). */
    for (size_t k = 1; k < sq->n_targets && k < CC_MAX_TARGETS; k++) {
        if (sq->targets[k].business_days > 0) {
            t->answered_within_k[k - 1] = NAN;
            continue;
        }
        double within = sq->targets[k].within_s, met = 0;
        if (!p->pooled) {
            cc_plan_cell x = *c;
            int rc = eval_at(queue_model(p, q), 1.0, within, &x, err);
            if (rc != CC_OK)
                return rc;
            met = c->calls * x.service_level;
        }
        /* Pooled: each group's share of the queue's calls at the group's measures. */
        for (size_t j = 0; p->pooled && j < s->n_queue_groups[q]; j++) {
            size_t g = s->queue_groups[q][j];
            cc_plan_cell x = p->group_cells[g * p->n_intervals + i];
            double calls;
            int rc = eval_at(group_model(p, g, i, &calls), 1.0, within, &x, err);
            if (rc != CC_OK)
                return rc;
            met += group_calls(p, q, i) * x.service_level;
        }
        t->answered_within_k[k - 1] = met;
    }
    if (c->called_back > 0) {
        /* Call backs leave the queue: out of the answered and the abandoned who
         * were still waiting at callback_after_s (plan.h). */
        double share = sq->callback_share;
        t->called_back = t->callbacks_made = t->callback_within = c->called_back;
        t->abandoned -= c->called_back_late_abandon;
        t->answered -= c->called_back - c->called_back_late_abandon;
        t->handled_s = t->answered * sq->handling.mean_s;
        t->answered_within -= c->calls * share * fmax(0, c->service_level - c->sl_at_callback);
    }
    return CC_OK;
}

void cc_plan_group_tally(const cc_plan *p, size_t g, size_t i, cc_group_tally *t)
{
    const cc_plan_cell *c = NULL;
    memset(t, 0, sizeof *t);
    if (p->pooled) {
        c = &p->group_cells[g * p->n_intervals + i];
    } else {
        const cc_group *grp = &p->s->groups[g];
        if (grp->n_serves == 1)
            c = &p->cells[grp->serves[0] * p->n_intervals + i];
    }
    if (!c)
        return;
    t->staffed_s = c->agent_s;
    t->busy_s = c->agent_s > 0 && !isnan(c->occupancy) ? c->occupancy * c->agent_s : 0;
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
static void cost_at(const cc_plan_cell *req, const size_t *idx, size_t m, double d, double *secs,
                    double *agents)
{
    double s = 0, a = 0;
    for (size_t j = 0; j < m; j++) {
        const cc_plan_cell *c = &req[idx[j]];
        double k = agents_above(c->agents, d);
        s += k * c->open_s;
        a += k;
    }
    *secs = s;
    *agents = a;
}

/* Spreads `hours` agent-hours over the n cells `cells` in proportion to the required
 * agents req[].agents (Webster, whole agents, never more hours than available). */
static int allocate(const cc_plan_cell *req, size_t n, double hours, cc_plan_cell *cells, cc_error *err)
{
    size_t m = 0;
    size_t *idx = malloc((n + 1) * sizeof *idx);
    if (!idx)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    /* The staffed cells: a requirement and open time (a closed cell takes no calls). */
    double required_s = 0, open_s = 0;
    long most = 0;
    for (size_t k = 0; k < n; k++) {
        cells[k] = req[k];
        cells[k].agents = 0;
        if (req[k].agents > 0 && req[k].open_s > 0) {
            idx[m++] = k;
            required_s += (double)req[k].agents * req[k].open_s;
            open_s += req[k].open_s;
            if (req[k].agents > most)
                most = req[k].agents;
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
    cost_at(req, idx, m, hi, &s_hi, &a_hi);
    while (s_hi > budget) {
        hi = fmin(2 * hi, 2 * (double)most);
        cost_at(req, idx, m, hi, &s_hi, &a_hi);
    }
    lo = fmin(lo, hi);
    cost_at(req, idx, m, lo, &s_lo, &a_lo);
    while (s_lo <= budget) {
        lo /= 2;
        cost_at(req, idx, m, lo, &s_lo, &a_lo);
    }
    /* Narrow it while a pass over the cells costs less than the heap steps it saves
     * (a pass is worth a few heap steps per cell). */
    double few = fmax(64, (double)m / 4);
    while (a_lo - a_hi > few) {
        double mid = 0.5 * (lo + hi), s_mid, a_mid;
        if (!(mid > lo && mid < hi))
            break;
        cost_at(req, idx, m, mid, &s_mid, &a_mid);
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
        double a = agents_above(req[k].agents, hi);
        cells[k].agents = (long)a;
        used += a * cells[k].open_s;
        heap[j] = (seat){ webster(req[k].agents, a), k };
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
            heap[0].priority = webster(req[heap[0].cell].agents, (double)c->agents);
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
    size_t nq = p->n_queues * p->n_intervals, ng = p->pooled ? p->n_groups * p->n_intervals : 0;
    cc_plan_cell *qc = malloc((nq + 1) * sizeof *qc), *gc = malloc((ng + 1) * sizeof *gc);
    if (!qc || !gc) {
        free(qc);
        free(gc);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    memcpy(qc, p->fixed->cells, nq * sizeof *qc);
    if (ng)
        memcpy(gc, p->fixed->group_cells, ng * sizeof *gc);
    int rc = eval_all(p, aht_multiplier, qc, gc, err);
    double calls = 0, met = 0;
    for (size_t k = 0; rc == CC_OK && k < nq; k++)
        if (offered_of(&qc[k]) > 0) {
            calls += offered_of(&qc[k]);
            met += offered_of(&qc[k]) * qc[k].service_level;
        }
    free(qc);
    free(gc);
    if (rc != CC_OK)
        return rc;
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

void cc_plan_fixed_summarise(const cc_plan *p, cc_plan_fixed *f)
{
    sums all = { 0 };
    for (size_t q = 0; q < p->n_queues; q++) {
        f->queues[q] = outcome_of(&f->cells[q * p->n_intervals], p->n_intervals);
        if (p->s->queues[q].discipline == CC_DISCIPLINE_SELF_SERVICE)
            continue;   /* all queues: those agents serve */
        for (size_t i = 0; i < p->n_intervals; i++)
            sums_add(&all, &f->cells[q * p->n_intervals + i]);
    }
    f->outcome = sums_outcome(&all);
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
    size_t ng = p->pooled ? p->n_groups * p->n_intervals : 0;
    f->cells = malloc((n + 1) * sizeof *f->cells);
    f->group_cells = malloc((ng + 1) * sizeof *f->group_cells);
    f->queues = calloc(p->n_queues + 1, sizeof *f->queues);
    f->aht_breakeven_s = calloc(p->n_queues + 1, sizeof *f->aht_breakeven_s);
    if (!f->cells || !f->group_cells || !f->queues || !f->aht_breakeven_s) {
        fixed_destroy(f);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    f->fte = fte;
    f->agent_hours_available = fte * w->paid_hours_per_week * (1 - w->shrinkage) * p->weeks;
    /* Pooled: the agents go to the group-intervals; the queue cells follow. */
    memcpy(f->cells, p->cells, n * sizeof *f->cells);
    int rc = p->pooled ? allocate(p->group_cells, ng, f->agent_hours_available, f->group_cells, err)
                       : allocate(p->cells, n, f->agent_hours_available, f->cells, err);
    if (rc == CC_OK)
        rc = eval_all(p, 1.0, f->cells, f->group_cells, err);
    if (rc != CC_OK) {
        fixed_destroy(f);
        return rc;
    }
    cc_plan_fixed_summarise(p, f);
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
