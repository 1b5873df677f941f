/* optimise.c — staffing by simulation; see optimise.h.
 *
 * Cost: one simulation of the whole horizon per round (the replications asked for),
 * a few rounds per goal; the adjustment itself is one pass over the group-intervals.
 */
#include "sim/optimise.h"

#include "model/workforce.h"
#include "sim/mpi_runner.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int simulate_staffing(const cc_scenario *s, const unsigned *staffing, const cc_plan_sim_options *opt,
                             cc_results **out, cc_error *err)
{
    cc_run_options ro = { .replications = opt->replications, .seed = opt->seed,
                          .threads = opt->threads, .staffing = staffing };
    int exact;
    /* Under MPI every rank takes the same results and so the same next step. */
    return cc_mpi_simulate(s, &ro, 1, out, &exact, err);
}

int cc_plan_simulate(const cc_scenario *s, const cc_plan *plan, int fixed, const cc_plan_sim_options *opt,
                     cc_results **out, cc_error *err)
{
    size_t cells = s->n_groups * s->n_intervals;
    unsigned *staffing = malloc((cells ? cells : 1) * sizeof *staffing);
    if (!staffing)
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory", s->path);
    cc_plan_staffing(plan, fixed, staffing);
    int st = simulate_staffing(s, staffing, opt, out, err);
    free(staffing);
    return st;
}

/* Expected calls of group g's queues in interval i (the plan's). */
static double group_expected_calls(const cc_scenario *s, const cc_plan *plan, size_t g, size_t i)
{
    double calls = 0;
    for (size_t k = 0; k < s->groups[g].n_serves; k++)
        calls += plan->cells[s->groups[g].serves[k] * s->n_intervals + i].calls;
    return calls;
}

/* One goal: rounds of simulate-and-adjust until nothing changes. fail_at[c] is the
 * most agents seen to miss the goal in group-interval c (-1: none yet); a cell is
 * trimmed only while one agent fewer stays above it. */
static int optimise_goal(const cc_scenario *s, const cc_plan *plan, unsigned *staffing, long *fail_at,
                         double goal, const cc_plan_sim_options *opt, cc_plan_sim_report *rep, cc_error *err)
{
    size_t ni = s->n_intervals, cells = s->n_groups * ni;
    unsigned max_rounds = opt->max_rounds ? opt->max_rounds : 60;
    rep->converged = 0;
    for (unsigned round = 0; round < max_rounds; round++) {
        cc_results_destroy(rep->results);
        rep->results = NULL;
        int st = simulate_staffing(s, staffing, opt, &rep->results, err);
        if (st != CC_OK)
            return st;
        rep->rounds++;
        int changed = 0;
        for (size_t c = 0; c < cells; c++) {
            size_t g = c / ni, i = c % ni;
            if (cc_workforce_duty_s(s, g, i) <= 0 || group_expected_calls(s, plan, g, i) <= 0)
                continue;
            double sl = cc_results_group_service_level(s, rep->results, g, i);
            if (!isfinite(sl))
                continue;
            long agents = staffing[c];
            if (sl < goal) {
                if (agents > fail_at[c])
                    fail_at[c] = agents;
                staffing[c]++;
                changed = 1;
            } else if (agents - 1 > fail_at[c] && agents > 1) {
                staffing[c]--;
                changed = 1;
            }
        }
        if (!changed) {
            rep->converged = 1;
            return CC_OK;
        }
    }
    /* Out of rounds: the last moves were not simulated; run the staffing as it stands. */
    cc_results_destroy(rep->results);
    rep->results = NULL;
    int st = simulate_staffing(s, staffing, opt, &rep->results, err);
    rep->rounds += st == CC_OK;
    return st;
}

void cc_plan_take_simulated(const cc_scenario *s, cc_plan *plan, int fixed, const cc_results *r)
{
    size_t ni = s->n_intervals, cells = s->n_queues * ni;
    cc_plan_cell *qc = fixed ? plan->fixed->cells : plan->cells;
    cc_plan_cell *gc = fixed ? plan->fixed->group_cells : plan->group_cells;
    for (size_t c = 0; c < cells; c++) {
        size_t q = c / ni, i = c % ni;
        const cc_estimate *e = cc_results_queue_interval(r, q, i);
        cc_plan_cell *cell = &qc[c];
        /* Occupancy: the serving groups' busy ÷ staffed time (pooled over them). */
        double busy = 0, staffed = 0;
        for (size_t k = 0; k < s->n_queue_groups[q]; k++) {
            size_t g = s->queue_groups[q][k];
            const cc_estimate *ge = cc_results_group_interval(r, g, i);
            double occ = ge[CC_GM_OCCUPANCY].mean, h = ge[CC_GM_STAFFED_HOURS].mean;
            if (isfinite(occ) && h > 0) {
                busy += occ * h;
                staffed += h;
            }
            if (plan->pooled && isfinite(occ))
                gc[g * ni + i].occupancy = occ;
        }
        if (staffed > 0)
            cell->occupancy = busy / staffed;
        if (cell->calls <= 0 || !isfinite(e[CC_M_SERVICE_LEVEL].mean))
            continue;
        cell->service_level = e[CC_M_SERVICE_LEVEL].mean;
        cell->service_level_answered = e[CC_M_SERVICE_LEVEL_ANSWERED].mean;
        cell->service_level_excl_short = e[CC_M_SERVICE_LEVEL_EXCL_SHORT].mean;
        cell->asa_s = e[CC_M_ASA].mean;
        cell->p_abandon = e[CC_M_ABANDON_RATE].mean;
    }
}

int cc_plan_by_simulation(const cc_scenario *s, cc_plan *plan, const cc_plan_sim_options *opt,
                          cc_plan_sim_report *rep, cc_error *err)
{
    memset(rep, 0, sizeof *rep);
    if (opt->replications < 2)
        return cc_error_set(err, CC_EINPUT, "%s: staffing by simulation needs at least 2 replications (got %u)",
                            s->path, opt->replications);
    if (!(opt->confidence >= 0 && opt->confidence < 1))
        return cc_error_set(err, CC_EINPUT, "%s: the confidence goal must be in [0, 1) (got %g)", s->path,
                            opt->confidence);
    size_t ni = s->n_intervals, qcells = s->n_queues * ni, gcells = s->n_groups * ni;
    unsigned *staffing = malloc((gcells ? gcells : 1) * sizeof *staffing);
    long *fail_at = malloc((gcells ? gcells : 1) * sizeof *fail_at);
    rep->analytic_agents = malloc((qcells ? qcells : 1) * sizeof *rep->analytic_agents);
    rep->analytic_staffing = malloc((gcells ? gcells : 1) * sizeof *rep->analytic_staffing);
    int st = CC_OK;
    if (!staffing || !fail_at || !rep->analytic_agents || !rep->analytic_staffing) {
        st = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", s->path);
        goto out;
    }
    for (size_t c = 0; c < qcells; c++)
        rep->analytic_agents[c] = plan->cells[c].agents;
    cc_plan_staffing(plan, 0, staffing);
    memcpy(rep->analytic_staffing, staffing, gcells * sizeof *staffing);
    for (size_t c = 0; c < gcells; c++)
        fail_at[c] = -1;

    double target = s->targets.service_level;
    rep->goal = target;
    for (;;) {
        if ((st = optimise_goal(s, plan, staffing, fail_at, rep->goal, opt, rep, err)) != CC_OK)
            goto out;
        cc_results_risk(rep->results, target, &rep->p_horizon, &rep->p_day);
        if (opt->confidence <= 0 || rep->p_day >= opt->confidence || rep->goal >= 0.995)
            break;
        /* A higher goal: what failed the old goal's test says nothing of the new. */
        rep->goal = fmin(rep->goal + 0.01, 0.995);
        for (size_t c = 0; c < gcells; c++)
            fail_at[c] = -1;
    }
    cc_plan_set_staffing(plan, staffing);
    cc_plan_take_simulated(s, plan, 0, rep->results);
    plan->method = CC_PLAN_SIMULATION;
    cc_plan_summarise(plan);

out:
    free(staffing);
    free(fail_at);
    if (st != CC_OK)
        cc_plan_sim_report_fini(rep);
    return st;
}

void cc_plan_sim_report_fini(cc_plan_sim_report *rep)
{
    free(rep->analytic_agents);
    free(rep->analytic_staffing);
    cc_results_destroy(rep->results);
    memset(rep, 0, sizeof *rep);
}
