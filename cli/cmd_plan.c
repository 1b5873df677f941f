/* cmd_plan.c — `ccsim plan`: the analytic workforce plan of a scenario (agents
 * per queue and interval, agent-hours, FTE, cost per channel), and with a fixed
 * FTE the service level it achieves and the handling time that would break it.
 * Flags, JSON keys and exit codes: docs/plan.md. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/plan_report.h"
#include "io/json.h"
#include "io/h5table.h"
#include "io/plan_h5.h"
#include "io/scenario_load.h"
#include "model/plan.h"
#include "model/run_limits.h"
#include "sim/optimise.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: ccsim plan SCENARIO.cfg [--method erlang-c|erlang-a|simulation] [--fte X]\n"
    "                  [--out FILE.h5] [--json]\n"
    "                  [--replications N] [--seed S] [--threads T] [--confidence C]\n"
    "\n"
    "For every queue and interval, the fewest agents that meet the scenario's targets\n"
    "(Erlang C or Erlang A), the agent-hours, FTE and yearly cost per channel, and the\n"
    "service level the plan achieves. With a fixed FTE (--fte, or the scenario's\n"
    "workforce.fte_available) also the service level and abandon rate that FTE achieves\n"
    "and the handling-time multiplier at which it would miss the target.\n"
    "  --method M    erlang-c (default), erlang-a (needs the queues' patience), or\n"
    "                simulation (starts from Erlang C and corrects each queue-interval by\n"
    "                simulation; the scenario needs one group per queue, or none)\n"
    "  --fte X       fixed FTE for the reverse question (> 0; needs a workforce section)\n"
    "  --out FILE    write the plan per queue x interval, per queue and per channel (HDF5)\n"
    "  --json        print one JSON object on stdout\n"
    "  --replications N, --seed S, --threads T   simulation only (defaults: the scenario's)\n"
    "  --confidence C  simulation only: raise the per-interval goal until a share C in [0, 1)\n"
    "                of simulated days meets the target (default 0: the mean meets it)\n"
    "\n"
    "Exit status: 0 success, 1 bad input (one line on stderr), 2 internal or I/O error.\n";

typedef struct options {
    const char *path, *out;
    cc_plan_method method;
    double fte, confidence;
    cc_args_run run;        /* simulation; 0: the scenario's or all cores */
    int json;
} options;

static int parse(int argc, char **argv, options *o, cc_error *err)
{
    const char *v;
    int rc = CC_OK;
    for (int i = 1; i < argc && rc == CC_OK; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--method")) {
            if ((rc = cc_args_value(argc, argv, &i, &v, err)) != CC_OK)
                break;
            if (!strcmp(v, "erlang-c"))
                o->method = CC_PLAN_ERLANG_C;
            else if (!strcmp(v, "erlang-a"))
                o->method = CC_PLAN_ERLANG_A;
            else if (!strcmp(v, "simulation"))
                o->method = CC_PLAN_SIMULATION;
            else
                rc = cc_error_set(err, CC_EINPUT, "--method must be erlang-c, erlang-a or simulation (got '%s')", v);
        } else if (!strcmp(a, "--fte")) {
            if ((rc = cc_args_value(argc, argv, &i, &v, err)) == CC_OK)
                rc = cc_args_double(a, v, 0, 1, INFINITY, 1, &o->fte, err);
        } else if (!strcmp(a, "--out")) {
            rc = cc_args_value(argc, argv, &i, &o->out, err);
        } else if (cc_args_run_option(argc, argv, &i, 2, &o->run, &rc, err)) {
            continue;
        } else if (!strcmp(a, "--confidence")) {
            if ((rc = cc_args_value(argc, argv, &i, &v, err)) == CC_OK)
                rc = cc_args_double(a, v, 0, 0, 1, 1, &o->confidence, err);
        } else if (a[0] == '-') {
            rc = cc_error_set(err, CC_EINPUT, "unknown option '%s' (accepted: --method, --fte, --out, "
                              "--json, --replications, --seed, --threads, --confidence, --help)", a);
        } else if (o->path) {
            rc = cc_error_set(err, CC_EINPUT, "one scenario file expected (got '%s' and '%s')", o->path, a);
        } else {
            o->path = a;
        }
    }
    if (rc == CC_OK && !o->path)
        rc = cc_error_set(err, CC_EINPUT, "a scenario file is required (ccsim plan SCENARIO.cfg)");
    if (rc == CC_OK && o->method != CC_PLAN_SIMULATION &&
        (o->run.replications || o->run.seed || o->run.threads || o->confidence > 0))
        rc = cc_error_set(err, CC_EINPUT, "--replications, --seed, --threads and --confidence "
                          "apply to --method simulation only");
    return rc;
}

/* Where the analytic (Erlang C) start and the simulation-based plan differ, for
 * queue q, or all queues with q == SIZE_MAX. */
typedef struct staffing_gap {
    double hours_analytic, hours;   /* agent-hours over the horizon */
    unsigned under, over;           /* intervals where Erlang C has fewer / more agents */
    long most_under, most_over;     /* the largest such differences, agents */
} staffing_gap;

static staffing_gap gap_of(const cc_plan *p, const long *analytic, size_t q)
{
    staffing_gap g = { 0 };
    for (size_t qq = 0; qq < p->n_queues; qq++) {
        if (q != SIZE_MAX && qq != q)
            continue;
        for (size_t i = 0; i < p->n_intervals; i++) {
            const cc_plan_cell *c = &p->cells[qq * p->n_intervals + i];
            long a = analytic[qq * p->n_intervals + i], d = c->agents - a;
            g.hours_analytic += (double)a * c->open_s / 3600.0;
            g.hours += (double)c->agents * c->open_s / 3600.0;
            if (d > 0) {
                g.under++;
                g.most_under = d > g.most_under ? d : g.most_under;
            } else if (d < 0) {
                g.over++;
                g.most_over = -d > g.most_over ? -d : g.most_over;
            }
        }
    }
    return g;
}

static void json_gap(cc_json *j, staffing_gap g)
{
    cc_json_num(j, "agent_hours_erlang_c", g.hours_analytic);
    cc_json_num(j, "agent_hours", g.hours);
    cc_json_int(j, "intervals_erlang_c_understaffs", g.under);
    cc_json_int(j, "intervals_erlang_c_overstaffs", g.over);
    cc_json_int(j, "most_agents_erlang_c_short", g.most_under);
    cc_json_int(j, "most_agents_erlang_c_over", g.most_over);
}

static void print_json(const cc_plan *p, const cc_plan_sim_report *sim, const cc_plan_sim_options *so)
{
    cc_json j;
    cc_json_init(&j, stdout);
    cc_json_open(&j, NULL);
    cc_plan_report_json(&j, p);
    if (sim) {
        cc_json_open(&j, "simulation");
        cc_json_int(&j, "replications", so->replications);
        cc_json_int(&j, "seed", (long long)so->seed);
        cc_json_int(&j, "rounds", sim->rounds);
        cc_json_bool(&j, "converged", sim->converged);
        cc_json_num(&j, "goal", sim->goal);
        cc_json_num(&j, "p_day_meets_target", sim->p_day);
        cc_json_num(&j, "p_horizon_meets_target", sim->p_horizon);
        json_gap(&j, gap_of(p, sim->analytic_agents, SIZE_MAX));
        cc_json_open(&j, "queues");
        for (size_t q = 0; q < p->n_queues; q++) {
            cc_json_open(&j, p->s->queues[q].name);
            json_gap(&j, gap_of(p, sim->analytic_agents, q));
            cc_json_close(&j);
        }
        cc_json_close(&j);
        cc_json_close(&j);
    }
    cc_json_close(&j);
    cc_json_finish(&j);
}

/* ---- text ------------------------------------------------------------- */

static void print_pct(double v)
{
    if (isnan(v))
        printf(" %8s", "-");
    else
        printf(" %7.2f%%", 100.0 * v);
}

/* " v" right-aligned in width with prec decimals, or "-" when undefined. */
static void print_num(double v, int width, int prec)
{
    if (isnan(v))
        printf(" %*s", width, "-");
    else
        printf(" %*.*f", width, prec, v);
}

static void print_intervals(const cc_plan *p)
{
    const cc_scenario *s = p->s;
    for (size_t q = 0; q < p->n_queues; q++) {
        printf("\nQueue %s, by interval (measures of the open part)\n", s->queues[q].name);
        printf("  %-17s %8s %6s %6s %8s %8s %8s %8s", "start", "calls", "open m", "agents", "SL",
               "abandon", "ASA s", "occup.");
        if (p->fixed)
            printf(" %6s %8s", "fixed", "fixed SL");
        printf("\n");
        for (size_t i = 0; i < p->n_intervals; i++) {
            const cc_plan_cell *c = &p->cells[q * p->n_intervals + i];
            if (c->open_s <= 0)
                continue;
            char when[32];
            cc_scenario_interval_label(s, i, when, sizeof when);
            printf("  %-17s %8.1f %6.1f %6ld", when, c->calls, c->open_s / 60.0, c->agents);
            print_pct(c->service_level);
            print_pct(c->p_abandon);
            print_num(c->asa_s, 8, 1);
            print_pct(c->occupancy);
            if (p->fixed) {
                const cc_plan_cell *f = &p->fixed->cells[q * p->n_intervals + i];
                printf(" %6ld", f->agents);
                print_pct(f->service_level);
            }
            printf("\n");
        }
    }
}

static void print_text(const cc_plan *p, const cc_plan_sim_report *sim)
{
    const cc_scenario *s = p->s;
    const cc_targets *t = &s->targets;
    char note[512];
    printf("%s%s%s\n", s->name, s->description ? " — " : "", s->description ? s->description : "");
    printf("Plan by %s: %.0f%% answered within %g s", cc_plan_method_name(p->method),
           100.0 * t->service_level, t->answer_within_s);
    if (t->asa_s > 0)
        printf(", ASA <= %g s", t->asa_s);
    if (t->max_abandon_rate > 0)
        printf(", abandon <= %g%%", 100.0 * t->max_abandon_rate);
    if (t->max_occupancy > 0)
        printf(", occupancy <= %g%%", 100.0 * t->max_occupancy);
    printf("\n%u day%s; costs are per year (horizon totals x 365.25 / %u)\n", s->calendar.days,
           s->calendar.days == 1 ? "" : "s", s->calendar.days);
    if (p->has_workforce)
        printf("Workforce: shrinkage %.1f%%, %g paid h/week per FTE, %.0f per FTE-year\n",
               100.0 * s->workforce.shrinkage, s->workforce.paid_hours_per_week,
               s->workforce.cost_per_fte_year);
    else
        printf("No workforce section: FTE and staff cost are not computed\n");
    for (size_t q = 0; q < p->n_queues; q++)
        if (cc_plan_patience_note(p, q, note, sizeof note))
            printf("Note: %s\n", note);
    if (sim)
        printf("Simulation: %u rounds%s, per-interval goal %.0f%%; P(a day meets the target) %.3f, "
               "P(the horizon meets it) %.3f\n", sim->rounds, sim->converged ? " (converged)" : " (NOT converged)",
               100.0 * sim->goal, sim->p_day, sim->p_horizon);

    printf("\n  %-28s %-8s %-10s %10s %6s %11s %8s %12s %8s %8s\n", "queue", "channel", "model",
           "calls", "peak", "agent-h", "FTE", "cost/year", "SL", "abandon");
    for (size_t q = 0; q < p->n_queues; q++) {
        const cc_plan_queue *pq = &p->queues[q];
        printf("  %-28s %-8s %-10s %10.1f %6ld %11.1f", s->queues[q].name,
               cc_channel_name(s->queues[q].channel),
               cc_plan_method_name(p->method == CC_PLAN_SIMULATION ? p->method : pq->model),
               pq->outcome.calls, pq->agents_peak, pq->outcome.agent_hours);
        print_num(pq->fte, 8, 2);
        print_num(pq->cost, 12, 0);
        print_pct(pq->outcome.service_level);
        print_pct(pq->outcome.abandon_rate);
        printf("\n");
    }
    printf("  %-28s %-8s %-10s %10.1f %6ld %11.1f", "total", "", "", p->outcome.calls, p->agents_peak,
           p->outcome.agent_hours);
    print_num(p->fte, 8, 2);
    print_num(p->cost, 12, 0);
    print_pct(p->outcome.service_level);
    print_pct(p->outcome.abandon_rate);
    printf("\n  cost of the %u-day horizon itself:", s->calendar.days);
    print_num(p->cost / p->per_year, 1, 0);
    if (p->lost_calls > 0)
        printf("; calls lost to closed hours: %.0f", p->lost_calls);
    printf("\n\n  %-10s %12s %8s %12s %12s %12s %10s\n", "channel", "calls/year", "FTE", "staff/year",
           "contact/year", "cost/year", "per call");
    for (int c = 0; c < CC_CHANNELS; c++) {
        const cc_plan_channel *ch = &p->channels[c];
        if (!ch->n_queues)
            continue;
        printf("  %-10s %12.0f", cc_channel_name((cc_channel)c), ch->calls_per_year);
        print_num(ch->fte, 8, 2);
        print_num(ch->staff_cost, 12, 0);
        print_num(ch->contact_cost, 12, 0);
        print_num(ch->cost, 12, 0);
        print_num(ch->cost_per_contact, 10, 2);
        printf("\n");
    }

    if (p->fixed) {
        const cc_plan_fixed *f = p->fixed;
        printf("\nFixed FTE %.2f: %.1f agent-hours available over the horizon, rostered in the shape of\n"
               "the requirement (Webster's divisor method, whole agents)\n", f->fte, f->agent_hours_available);
        printf("  service level");
        print_pct(f->outcome.service_level);
        printf(" (target %.0f%%: %s), abandon", 100.0 * t->service_level,
               f->outcome.service_level >= t->service_level ? "met" : "NOT met");
        print_pct(f->outcome.abandon_rate);
        printf(", ASA");
        print_num(f->outcome.asa_s, 1, 1);
        printf(" s\n");
        if (isnan(f->aht_breakeven)) {
            printf("  AHT break-even: not found between 1/2^20 and 2^20 times the handling time\n");
        } else {
            printf("  AHT break-even: handling time x %.3f (", f->aht_breakeven);
            for (size_t q = 0; q < p->n_queues; q++)
                printf("%s%s %.1f s", q ? ", " : "", s->queues[q].name, f->aht_breakeven_s[q]);
            printf(") still meets the target; 0.1%% longer misses it\n");
        }
    }

    if (sim) {
        printf("\nErlang C against simulation (the Erlang C plan was the start; simulation is the reference)\n");
        printf("  %-28s %12s %12s %8s %22s %22s\n", "queue", "agent-h ErlC", "agent-h sim", "diff",
               "ErlC short (intervals)", "ErlC over (intervals)");
        for (size_t q = 0; q <= p->n_queues; q++) {
            staffing_gap g = gap_of(p, sim->analytic_agents, q < p->n_queues ? q : SIZE_MAX);
            printf("  %-28s %12.1f %12.1f %+8.1f %12u (max %3ld) %12u (max %3ld)\n",
                   q < p->n_queues ? s->queues[q].name : "total", g.hours_analytic, g.hours,
                   g.hours - g.hours_analytic, g.under, g.most_under, g.over, g.most_over);
        }
    }

    if (cc_cli_table_fits(s))
        print_intervals(p);
}

int cc_cmd_plan(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        }
    options o = { 0 };
    cc_error err = { 0 };
    cc_scenario *s = NULL;
    cc_plan *p = NULL;
    cc_plan_sim_options so = { 0 };
    cc_plan_sim_report sim = { 0 };
    int have_sim = 0;
    int status = parse(argc, argv, &o, &err);
    if (status != CC_OK)
        goto out;
    if (o.out && (status = cc_h5_check_output("--out", o.out, &err)) != CC_OK)
        goto out;
    if ((status = cc_args_load_scenario("plan", o.path, &s, &err)) != CC_OK)
        goto out;
    /* Simulation starts from the Erlang C plan and corrects it. */
    cc_plan_options po = { .method = o.method == CC_PLAN_SIMULATION ? CC_PLAN_ERLANG_C : o.method };
    if ((status = cc_plan_create(s, &po, &p, &err)) != CC_OK)
        goto out;
    if (o.method == CC_PLAN_SIMULATION) {
        so.replications = o.run.replications ? (unsigned)o.run.replications : s->replications;
        so.seed = o.run.seed ? (uint64_t)o.run.seed : s->seed;
        so.threads = (int)o.run.threads;
        so.confidence = o.confidence;
        if ((status = cc_run_limits_check(s, so.replications, &err)) != CC_OK ||
            (status = cc_plan_by_simulation(s, p, &so, &sim, &err)) != CC_OK)
            goto out;
        have_sim = 1;
    }
    double fte = o.fte > 0 ? o.fte : s->workforce.fte_available;
    if (fte > 0 && (status = cc_plan_fixed_fte(p, fte, &err)) != CC_OK)
        goto out;
    if (o.out && (status = cc_plan_write_h5(p, have_sim ? sim.analytic_agents : NULL, o.out, &err)) != CC_OK)
        goto out;
    if (o.json)
        print_json(p, have_sim ? &sim : NULL, &so);
    else
        print_text(p, have_sim ? &sim : NULL);
    status = cc_cli_stdout_done(&err);
out:
    if (status != CC_OK)
        fprintf(stderr, "ccsim plan: %s\n", err.msg);
    if (have_sim)
        cc_plan_sim_report_fini(&sim);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
    return status;
}
