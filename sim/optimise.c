#include "sim/optimise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int cc_plan_group_map(const cc_scenario *s, size_t *group_of, cc_error *err)
{
    for (size_t q = 0; q < s->n_queues; q++)
        group_of[q] = SIZE_MAX;
    for (size_t g = 0; g < s->n_groups; g++) {
        const cc_group *grp = &s->groups[g];
        if (grp->n_serves != 1 || group_of[grp->serves[0]] != SIZE_MAX)
            return cc_error_set(err, CC_EINPUT,
                                "%s: --method simulation needs one group per queue, each serving only "
                                "its queue (group \"%s\" serves %zu queues); leave groups out to let "
                                "the planner staff each queue", s->path, grp->name, grp->n_serves);
        group_of[grp->serves[0]] = g;
    }
    for (size_t q = 0; q < s->n_queues; q++)
        if (group_of[q] == SIZE_MAX)
            return cc_error_set(err, CC_EINPUT, "%s: queue \"%s\" has no group of its own", s->path,
                                s->queues[q].name);
    return CC_OK;
}

int cc_plan_simulate(const cc_scenario *s, const cc_plan *plan, const size_t *group_of,
                     const cc_plan_sim_options *opt, cc_results **out, cc_error *err)
{
    size_t ni = s->n_intervals, cells = s->n_groups * ni;
    unsigned *staffing = calloc(cells ? cells : 1, sizeof *staffing);
    if (!staffing)
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory", s->path);
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t i = 0; i < ni; i++)
            staffing[group_of[q] * ni + i] = (unsigned)plan->cells[q * ni + i].agents;
    cc_run_options ro = { .replications = opt->replications, .seed = opt->seed,
                          .threads = opt->threads, .staffing = staffing };
    int st = cc_simulate(s, &ro, out, err);
    free(staffing);
    return st;
}

/* One goal: rounds of simulate-and-adjust until nothing changes. fail_at[c] is the
 * most agents seen to miss the goal in cell c (-1: none yet); a cell is trimmed
 * only while one agent fewer stays above it. */
static int optimise_goal(const cc_scenario *s, cc_plan *plan, const size_t *group_of,
                         long *fail_at, double goal,
                         const cc_plan_sim_options *opt, cc_plan_sim_report *rep, cc_error *err)
{
    size_t ni = s->n_intervals, cells = s->n_queues * ni;
    unsigned max_rounds = opt->max_rounds ? opt->max_rounds : 60;
    rep->converged = 0;
    for (unsigned round = 0; round < max_rounds; round++) {
        cc_results_destroy(rep->results);
        rep->results = NULL;
        int st = cc_plan_simulate(s, plan, group_of, opt, &rep->results, err);
        if (st != CC_OK)
            return st;
        rep->rounds++;
        int changed = 0;
        for (size_t c = 0; c < cells; c++) {
            cc_plan_cell *cell = &plan->cells[c];
            if (cell->open_s <= 0 || cell->calls <= 0)
                continue;
            double sl = rep->results->queue_interval[c * CC_QUEUE_METRICS + CC_M_SERVICE_LEVEL].mean;
            if (!isfinite(sl))
                continue;
            if (sl < goal) {
                if (cell->agents > fail_at[c])
                    fail_at[c] = cell->agents;
                cell->agents++;
                changed = 1;
            } else if (cell->agents - 1 > fail_at[c] && cell->agents > 1) {
                cell->agents--;
                changed = 1;
            }
        }
        if (!changed) {
            rep->converged = 1;
            return CC_OK;
        }
    }
    /* Out of rounds: the last moves were not simulated; run the plan as it stands. */
    cc_results_destroy(rep->results);
    rep->results = NULL;
    int st = cc_plan_simulate(s, plan, group_of, opt, &rep->results, err);
    rep->rounds += st == CC_OK;
    return st;
}

/* The cells' measures become the simulated ones; a cell's occupancy is that of
 * its queue's group in the interval. */
static void take_measures(const cc_scenario *s, cc_plan *plan, const size_t *group_of,
                          const cc_results *r)
{
    size_t ni = s->n_intervals, cells = s->n_queues * ni;
    for (size_t c = 0; c < cells; c++) {
        const cc_estimate *e = &r->queue_interval[c * CC_QUEUE_METRICS];
        cc_plan_cell *cell = &plan->cells[c];
        double occ = r->group_interval[(group_of[c / ni] * ni + c % ni) * CC_GROUP_METRICS + CC_GM_OCCUPANCY].mean;
        if (isfinite(occ))
            cell->occupancy = occ;
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
        return cc_error_set(err, CC_EINPUT, "--replications must be >= 2 for --method simulation (got %u)",
                            opt->replications);
    if (opt->confidence < 0 || opt->confidence >= 1)
        return cc_error_set(err, CC_EINPUT, "confidence must be in [0, 1) (got %g)", opt->confidence);
    size_t ni = s->n_intervals, cells = s->n_queues * ni;
    size_t *group_of = malloc((s->n_queues ? s->n_queues : 1) * sizeof *group_of);
    long *fail_at = malloc((cells ? cells : 1) * sizeof *fail_at);
    rep->analytic_agents = malloc((cells ? cells : 1) * sizeof *rep->analytic_agents);
    int st = CC_OK;
    if (!group_of || !fail_at || !rep->analytic_agents) {
        st = cc_error_set(err, CC_EINTERNAL, "%s: out of memory", s->path);
        goto out;
    }
    if ((st = cc_plan_group_map(s, group_of, err)) != CC_OK)
        goto out;
    for (size_t c = 0; c < cells; c++) {
        rep->analytic_agents[c] = plan->cells[c].agents;
        fail_at[c] = -1;
    }

    double target = s->targets.service_level;
    rep->goal = target;
    for (;;) {
        if ((st = optimise_goal(s, plan, group_of, fail_at, rep->goal, opt, rep, err)) != CC_OK)
            goto out;
        cc_results_risk(rep->results, target, &rep->p_horizon, &rep->p_day);
        if (opt->confidence <= 0 || rep->p_day >= opt->confidence || rep->goal >= 0.995)
            break;
        /* A higher goal: what failed the old goal's test says nothing of the new. */
        rep->goal = fmin(rep->goal + 0.01, 0.995);
        for (size_t c = 0; c < cells; c++)
            fail_at[c] = -1;
    }
    take_measures(s, plan, group_of, rep->results);
    plan->method = CC_PLAN_SIMULATION;
    cc_plan_summarise(plan);

out:
    free(group_of);
    free(fail_at);
    if (st != CC_OK)
        cc_plan_sim_report_fini(rep);
    return st;
}

void cc_plan_sim_report_fini(cc_plan_sim_report *rep)
{
    free(rep->analytic_agents);
    cc_results_destroy(rep->results);
    memset(rep, 0, sizeof *rep);
}
