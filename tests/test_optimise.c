/* Staffing by simulation: every staffed interval meets the target in simulation,
 * the plan is near Erlang C where Erlang C's assumptions hold, below it where
 * callers abandon, and higher for a confidence goal. */
#include "model/plan.h"
#include "sim/optimise.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static cc_plan *erlang_c_plan(const cc_scenario *s)
{
    cc_plan_options po = { .method = CC_PLAN_ERLANG_C };
    cc_plan *p = NULL;
    cc_error err;
    cr_assert_eq(cc_plan_create(s, &po, &p, &err), CC_OK, "%s", err.msg);
    return p;
}

static long total_agents(const cc_plan *p)
{
    long n = 0;
    for (size_t c = 0; c < p->n_queues * p->n_intervals; c++)
        n += p->cells[c].agents;
    return n;
}

static void assert_meets(const cc_plan *p, const cc_plan_sim_report *rep, double goal)
{
    for (size_t c = 0; c < p->n_queues * p->n_intervals; c++)
        if (p->cells[c].calls > 0)
            cr_assert_geq(cc_results_queue_interval(rep->results, c / p->n_intervals, c % p->n_intervals)[CC_M_SERVICE_LEVEL].mean, goal,
                          "cell %zu misses the goal with %ld agents", c, p->cells[c].agents);
}

/* M/M/N without abandonment: Erlang C's own model, except that the day starts
 * empty. The simulated plan stays within a couple of agents of Erlang C's 87 per
 * interval (and may save in the first, emptier, interval). */
Test(optimise, erlang_c_world_stays_near_erlang_c, .timeout = 300)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_plan *p = erlang_c_plan(s);
    long analytic = total_agents(p);
    cr_assert_eq(analytic, 16 * 87, "Erlang C: 87 agents in each of 16 intervals");
    cc_plan_sim_options opt = { .replications = 200, .seed = 11, .threads = 2 };
    cc_plan_sim_report rep;
    cc_error err;
    cr_assert_eq(cc_plan_by_simulation(s, p, &opt, &rep, &err), CC_OK, "%s", err.msg);
    cr_assert(rep.converged);
    assert_meets(p, &rep, 0.80);
    long sim = total_agents(p);
    cr_assert(labs(sim - analytic) <= 16 * 2, "simulated plan %ld agent-intervals vs Erlang C %ld", sim, analytic);
    cr_assert_lt(p->cells[16].agents, 87, "the first interval starts empty and needs fewer");
    cr_assert_eq(rep.analytic_agents[20], 87);
    cr_assert_eq(p->method, CC_PLAN_SIMULATION);
    cc_plan_sim_report_fini(&rep);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* Callers who hang up (patience 300 s) relieve the queue: Erlang C overstaffs. */
Test(optimise, abandonment_needs_fewer_agents_than_erlang_c, .timeout = 300)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-a.cfg");
    cc_plan *p = erlang_c_plan(s);
    long analytic = total_agents(p);
    cc_plan_sim_options opt = { .replications = 200, .seed = 12, .threads = 2 };
    cc_plan_sim_report rep;
    cc_error err;
    cr_assert_eq(cc_plan_by_simulation(s, p, &opt, &rep, &err), CC_OK, "%s", err.msg);
    assert_meets(p, &rep, 0.80);
    long sim = total_agents(p);
    cr_assert_lt(sim, analytic - 16, "simulated %ld vs Erlang C %ld agent-intervals", sim, analytic);
    cr_assert_lt(p->outcome.service_level, 0.86);
    cc_plan_sim_report_fini(&rep);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* A 90% chance per day of meeting 80/20 costs more than meeting it on average. */
Test(optimise, confidence_goal_raises_staffing, .timeout = 300)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_plan *mean_plan = erlang_c_plan(s), *safe_plan = erlang_c_plan(s);
    cc_plan_sim_options opt = { .replications = 200, .seed = 13, .threads = 2 };
    cc_plan_sim_report a, b;
    cc_error err;
    cr_assert_eq(cc_plan_by_simulation(s, mean_plan, &opt, &a, &err), CC_OK, "%s", err.msg);
    opt.confidence = 0.9;
    cr_assert_eq(cc_plan_by_simulation(s, safe_plan, &opt, &b, &err), CC_OK, "%s", err.msg);
    cr_assert_geq(b.p_day, 0.9);
    cr_assert_lt(a.p_day, 0.9);
    cr_assert_gt(b.goal, 0.80);
    cr_assert_gt(total_agents(safe_plan), total_agents(mean_plan));
    cc_plan_sim_report_fini(&a);
    cc_plan_sim_report_fini(&b);
    cc_plan_destroy(mean_plan);
    cc_plan_destroy(safe_plan);
    cc_scenario_destroy(s);
}

/* Two lines of 50 calls a half hour, answered by one team, or by a specialist for
 * "a" and a pool for both. */
static const char two_lines[] =
    "name = \"ms\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"10:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
    "queues = ( { name = \"a\"; channel = \"phone\"; calls_per_interval = 50.0;\n"
    "             handling = { dist = \"exponential\"; mean_s = 180.0; }; },\n"
    "           { name = \"b\"; channel = \"phone\"; calls_per_interval = 50.0;\n"
    "             handling = { dist = \"exponential\"; mean_s = 180.0; }; } );\n";

static cc_scenario *two_lines_with(const char *groups)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", two_lines, groups);
    return test_load_text(text);
}

/* The simulated service level of group g's queues in interval i, pooled. */
static double pooled_sl(const cc_scenario *s, const cc_results *r, size_t g, size_t i)
{
    double offered = 0, within = 0;
    for (size_t k = 0; k < s->groups[g].n_serves; k++) {
        const cc_estimate *e = cc_results_queue_interval(r, s->groups[g].serves[k], i);
        offered += e[CC_M_OFFERED].mean;
        within += e[CC_M_OFFERED].mean * e[CC_M_SERVICE_LEVEL].mean;
    }
    return within / offered;
}

/* One team answering both lines: staffed per group-interval, every open interval's
 * pooled service level meets the target, and the pooled team needs fewer agents than
 * two teams of their own (Erlang C: 8 + 8 for 5 Erlang each). */
Test(optimise, pooled_team_is_staffed_per_group, .timeout = 300)
{
    cc_scenario *s = two_lines_with("groups = ( { name = \"all\"; serves = [ \"a\", \"b\" ]; agents = 12; } );\n");
    cc_plan *p = erlang_c_plan(s);
    cr_assert(p->pooled);
    size_t i = 18;  /* 09:00 */
    long start = p->group_cells[i].agents;
    cc_plan_sim_options opt = { .replications = 200, .seed = 21, .threads = 2 };
    cc_plan_sim_report rep;
    cc_error err;
    cr_assert_eq(cc_plan_by_simulation(s, p, &opt, &rep, &err), CC_OK, "%s", err.msg);
    cr_assert(rep.converged);
    cr_assert_eq(rep.analytic_staffing[i], (unsigned)start);
    for (size_t k = 18; k < 20; k++) {
        cr_assert_geq(pooled_sl(s, rep.results, 0, k), 0.80, "interval %zu", k);
        cr_assert_lt(p->group_cells[k].agents, 16, "pooled %ld agents", p->group_cells[k].agents);
        cr_assert_eq(p->cells[k].agents, p->group_cells[k].agents, "a queue's agents are its team's");
    }
    cr_assert_gt(p->outcome.service_level, 0.80);
    cr_assert_eq(p->method, CC_PLAN_SIMULATION);
    cc_plan_sim_report_fini(&rep);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* A specialist for "a" and a pool for both: a queue with two groups. Each group is
 * judged by its own queues, and both move. */
Test(optimise, queue_with_two_groups_is_staffed, .timeout = 300)
{
    cc_scenario *s = two_lines_with("groups = ( { name = \"spec-a\"; serves = [ \"a\" ]; agents = 6; },\n"
                                    "           { name = \"pool\"; serves = [ \"b\", \"a\" ]; agents = 6; } );\n");
    cc_plan *p = erlang_c_plan(s);
    cc_plan_sim_options opt = { .replications = 200, .seed = 22, .threads = 2 };
    cc_plan_sim_report rep;
    cc_error err;
    cr_assert_eq(cc_plan_by_simulation(s, p, &opt, &rep, &err), CC_OK, "%s", err.msg);
    for (size_t k = 18; k < 20; k++)
        for (size_t g = 0; g < 2; g++)
            cr_assert_geq(pooled_sl(s, rep.results, g, k), 0.80, "group %zu interval %zu", g, k);
    cr_assert_gt(p->group_cells[18].agents, 0);
    cr_assert_gt(p->group_cells[s->n_intervals + 18].agents, 0);
    cc_plan_sim_report_fini(&rep);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* The library's errors name the setting, never a command-line flag. */
Test(optimise, errors_name_no_flag)
{
    cc_scenario *s = two_lines_with("");
    cc_plan *p = erlang_c_plan(s);
    cc_plan_sim_options opt = { .replications = 1, .seed = 1 };
    cc_plan_sim_report rep;
    cc_error err;
    cr_assert_eq(cc_plan_by_simulation(s, p, &opt, &rep, &err), CC_EINPUT);
    cr_assert_not_null(strstr(err.msg, "at least 2 replications"), "%s", err.msg);
    cr_assert_null(strstr(err.msg, "--"), "%s", err.msg);
    opt.replications = 2;
    opt.confidence = 1;
    cr_assert_eq(cc_plan_by_simulation(s, p, &opt, &rep, &err), CC_EINPUT);
    cr_assert_null(strstr(err.msg, "--"), "%s", err.msg);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* The plan's interval record and the simulation's are a join: the same keys (queue,
 * interval), the same fields. In Erlang C's own world (M/M/N, 600 calls a half hour
 * at 87 agents), past the empty start of the day, the simulated record agrees with
 * the plan's expectation: offered, answered within T, and the waits. */
Test(optimise, plan_and_simulation_interval_records_join, .timeout = 300)
{
    cc_scenario *s = test_load("scenarios/ref-erlang-c.cfg");
    cc_plan *p = erlang_c_plan(s);
    cc_plan_sim_options opt = { .replications = 200, .seed = 31, .threads = 2 };
    cc_results *r = NULL;
    cc_error err;
    cr_assert_eq(cc_plan_simulate(s, p, 0, &opt, &r, &err), CC_OK, "%s", err.msg);
    for (size_t i = 22; i < 30; i++) {
        cc_queue_tally t;
        cr_assert_eq(cc_plan_interval_tally(p, 0, i, &t, &err), CC_OK, "%s", err.msg);
        const cc_estimate *e = cc_results_queue_interval(r, 0, i);
        test_assert_agrees("offered", e[CC_M_OFFERED], t.offered);
        test_assert_agrees("service level", e[CC_M_SERVICE_LEVEL], t.answered_within / t.offered);
        test_assert_agrees("ASA", e[CC_M_ASA], t.wait_s / t.answered);
        cr_assert_eq(t.abandoned, 0);
    }
    cc_results_destroy(r);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}
