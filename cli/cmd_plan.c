/* cmd_plan.c — `ccsim plan`: the analytic workforce plan of a scenario (agents
 * per queue and interval, agent-hours, FTE, cost per channel), and with a fixed
 * FTE the service level it achieves and the handling time that would break it.
 * Flags, JSON keys and exit codes: docs/plan.md. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/plan_report.h"
#include "io/h5table.h"
#include "io/json.h"
#include "io/output.h"
#include "io/plan_h5.h"
#include "io/scenario_load.h"
#include "model/plan.h"
#include "model/run_limits.h"
#include "model/workforce.h"
#include "sim/mpi_runner.h"
#include "sim/optimise.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ccsim plan SCENARIO.cfg [--method erlang-c|erlang-a|simulation] [--fte X]\n"
    "                  [--out FILE.h5] [--csv FILE] [--sensitivity] [--json]\n"
    "                  [--replications N] [--seed S] [--threads T] [--confidence C]\n"
    "\n"
    "For every queue and interval, the fewest agents that meet the scenario's targets\n"
    "(Erlang C or Erlang A), the agent-hours, FTE and yearly cost per channel, and the\n"
    "service level the plan achieves. With a fixed FTE (--fte, or the scenario's\n"
    "workforce.fte_available) also the service level and abandon rate that FTE achieves\n"
    "and the handling-time multiplier at which it would miss the target.\n"
    "  --method M    erlang-c (default), erlang-a (needs the queues' patience), or\n"
    "                simulation (starts from Erlang C and corrects each group-interval by\n"
    "                simulation; any roster: pooled teams, groups sharing queues)\n"
    "  --fte X       fixed FTE for the reverse question (> 0; needs a workforce section)\n"
    "  --out FILE    write the plan per queue x interval, per queue and per channel (HDF5)\n"
    "  --csv FILE    write the interval table as CSV (queue, date, time, calls, agents, SL,\n"
    "                ASA, abandon, occupancy; analytic and simulated side by side)\n"
    "  --sensitivity re-plan with volume, handling time and shrinkage each +-10% and the\n"
    "                target +-5 points (the scenario's sensitivity section), and print the\n"
    "                FTE swing of each, largest first\n"
    "  --json        print one JSON object on stdout\n"
    "  --replications N, --seed S, --threads T   simulation only (defaults: the scenario's)\n"
    "  --confidence C  simulation only: raise the per-interval goal until a share C in [0, 1)\n"
    "                of simulated days meets the target (default 0: the mean meets it)\n"
    "\n"
    "Exit status: 0 success, 1 bad input (one line on stderr), 2 internal or I/O error.\n";

typedef struct options {
    const char *path, *out, *csv;
    int sensitivity;
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
            if ((rc = cc_args_value(argc, argv, &i, &v, err)) == CC_OK)
                rc = cc_args_method(v, 1, &o->method, err);
        } else if (!strcmp(a, "--fte")) {
            if ((rc = cc_args_value(argc, argv, &i, &v, err)) == CC_OK)
                rc = cc_args_double(a, v, 0, 1, INFINITY, 1, &o->fte, err);
        } else if (!strcmp(a, "--out")) {
            rc = cc_args_value(argc, argv, &i, &o->out, err);
        } else if (!strcmp(a, "--csv")) {
            rc = cc_args_value(argc, argv, &i, &o->csv, err);
        } else if (!strcmp(a, "--sensitivity")) {
            o->sensitivity = 1;
        } else if (cc_args_run_option(argc, argv, &i, 2, &o->run, &rc, err)) {
            continue;
        } else if (!strcmp(a, "--confidence")) {
            if ((rc = cc_args_value(argc, argv, &i, &v, err)) == CC_OK)
                rc = cc_args_double(a, v, 0, 0, 1, 1, &o->confidence, err);
        } else if (a[0] == '-') {
            rc = cc_error_set(err, CC_EINPUT, "unknown option '%s' (accepted: --method, --fte, --out, --csv, "
                              "--sensitivity, --json, --replications, --seed, --threads, --confidence, --help)", a);
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
 * group g, or all groups with g == SIZE_MAX; agent-hours count each group-interval's
 * duty time (model/workforce.h). */
typedef struct staffing_gap {
    double hours_analytic, hours;   /* agent-hours over the horizon */
    unsigned under, over;           /* intervals where Erlang C has fewer / more agents */
    long most_under, most_over;     /* the largest such differences, agents */
} staffing_gap;

static staffing_gap gap_of(const cc_plan *p, const unsigned *analytic, const unsigned *staffing, size_t g)
{
    const cc_scenario *s = p->s;
    staffing_gap gap = { 0 };
    for (size_t gg = 0; gg < s->n_groups; gg++) {
        if (g != SIZE_MAX && gg != g)
            continue;
        for (size_t i = 0; i < p->n_intervals; i++) {
            size_t c = gg * p->n_intervals + i;
            double duty = cc_workforce_duty_s(s, gg, i);
            long d = (long)staffing[c] - (long)analytic[c];
            gap.hours_analytic += analytic[c] * duty / 3600.0;
            gap.hours += staffing[c] * duty / 3600.0;
            if (d > 0) {
                gap.under++;
                gap.most_under = d > gap.most_under ? d : gap.most_under;
            } else if (d < 0) {
                gap.over++;
                gap.most_over = -d > gap.most_over ? -d : gap.most_over;
            }
        }
    }
    return gap;
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

static void print_json(const cc_plan *p, const cc_channel_report *channels, const cc_plan_sim_report *sim,
                       const unsigned *staffing, const cc_plan_sim_options *so, const cc_plan_swing *swings)
{
    cc_json j;
    cc_json_init(&j, stdout);
    cc_json_open(&j, NULL);
    cc_plan_report_json(&j, p, channels);
    if (swings) {
        cc_json_open_array(&j, "sensitivity");
        for (int k = 0; k < CC_PLAN_SWINGS; k++) {
            cc_json_open(&j, NULL);
            cc_json_str(&j, "parameter", swings[k].what);
            cc_json_num(&j, "step", swings[k].step);
            cc_json_num(&j, "fte_down", swings[k].fte_down);
            cc_json_num(&j, "fte_up", swings[k].fte_up);
            cc_json_num(&j, "swing", swings[k].swing);
            cc_json_close(&j);
        }
        cc_json_close_array(&j);
    }
    if (sim) {
        cc_json_open(&j, "simulation");
        cc_json_int(&j, "replications", so->replications);
        cc_json_int(&j, "seed", (long long)so->seed);
        cc_json_int(&j, "rounds", sim->rounds);
        cc_json_bool(&j, "converged", sim->converged);
        cc_json_num(&j, "goal", sim->goal);
        cc_json_num(&j, "p_day_meets_target", sim->p_day);
        cc_json_num(&j, "p_horizon_meets_target", sim->p_horizon);
        json_gap(&j, gap_of(p, sim->analytic_staffing, staffing, SIZE_MAX));
        cc_json_open(&j, "groups");
        for (size_t g = 0; g < p->s->n_groups; g++) {
            cc_json_open(&j, p->s->groups[g].name);
            json_gap(&j, gap_of(p, sim->analytic_staffing, staffing, g));
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

static void print_sensitivity(const cc_plan *p, const cc_plan_swing *sw)
{
    printf("\nSensitivity (stress test): FTE with one input moved, by %s; largest swing first\n",
           p->method == CC_PLAN_ERLANG_A ? "Erlang A" : "Erlang C");
    printf("  %-22s %10s %10s %10s %10s\n", "input", "step", "FTE down", "FTE up", "swing");
    for (int k = 0; k < CC_PLAN_SWINGS; k++) {
        char step[32];
        if (!strcmp(sw[k].what, "service-level target"))
            snprintf(step, sizeof step, "+-%g pt", 100 * sw[k].step);
        else
            snprintf(step, sizeof step, "+-%g%%", 100 * sw[k].step);
        printf("  %-22s %10s %10.2f %10.2f %10.2f\n", sw[k].what, step, sw[k].fte_down, sw[k].fte_up,
               sw[k].swing);
    }
    printf("  (base: %.2f FTE)\n", p->fte);
}

/* Horizons longer than a week: one line per day (date, calls, agent-hours, the most
 * agents in one interval, the FTE that day needs at 5 paid days a week, SL). */
static void print_days(const cc_plan *p)
{
    const cc_scenario *s = p->s;
    const cc_workforce *w = &s->workforce;
    static const char *const wd[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    size_t ipd = s->intervals_per_day;
    printf("\nBy day\n  %-10s %-3s %10s %10s %6s %8s %8s\n", "date", "", "calls", "agent-h", "peak", "FTE", "SL");
    for (size_t d = 0; d < s->calendar.days; d++) {
        long peak = 0;
        double calls = 0, met = 0;
        for (size_t i = d * ipd; i < (d + 1) * ipd; i++) {
            long n = 0;
            if (p->pooled)
                for (size_t g = 0; g < p->n_groups; g++)
                    n += p->group_cells[g * p->n_intervals + i].agents;
            for (size_t q = 0; q < p->n_queues; q++) {
                const cc_plan_cell *c = &p->cells[q * p->n_intervals + i];
                if (!p->pooled)
                    n += c->agents;
                if (c->calls > 0) {
                    calls += c->calls;
                    met += c->calls * c->service_level;
                }
            }
            peak = n > peak ? n : peak;
        }
        char date[11];
        cc_date_format(s->calendar.first_date + (long)d, date);
        double hours = p->day_agent_s[d] / 3600.0;
        printf("  %-10s %-3s %10.1f %10.1f %6ld", date, wd[(s->calendar.first_weekday + (int)(d % 7)) % 7],
               p->day_calls[d], hours, peak);
        print_num(p->has_workforce ? hours / (w->paid_hours_per_week / 5.0) / (1 - w->shrinkage) : NAN, 8, 2);
        print_pct(calls > 0 ? met / calls : NAN);
        printf("\n");
    }
}

static void print_text(const cc_plan *p, const cc_plan_sim_report *sim, const unsigned *staffing)
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
    for (size_t q = 0; q < p->n_queues; q++)
        if (cc_plan_method_note(p, q, note, sizeof note))
            printf("Note: %s\n", note);
    for (size_t g = 0; g < p->n_groups; g++)
        if (cc_plan_priority_note(p, g, note, sizeof note))
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
    if (p->has_workforce) {
        printf("\n  FTE per open day (%u open day%s, 5 paid days a week):", p->open_days,
               p->open_days == 1 ? "" : "s");
        print_num(p->fte_open_day, 1, 2);
        printf("; FTE by week:");
        for (size_t k = 0; k < p->n_weeks; k++)
            print_num(p->fte_week[k], 1, 2);
    }
    if (p->pooled) {
        printf("\n\n  %-28s %6s %11s %8s\n", "group (pooled)", "peak", "agent-h", "FTE");
        for (size_t g = 0; g < p->n_groups; g++) {
            cc_plan_group_figures f = cc_plan_group_figures_of(p, g);
            printf("  %-28s %6ld %11.1f", s->groups[g].name, f.agents_peak, f.agent_hours);
            print_num(f.fte, 8, 2);
            printf("\n");
        }
        printf("  (a queue's agent-hours and FTE above are its workload share of its groups')");
    }
    printf("\n\n  %-10s %12s %8s %12s %12s %12s %10s %10s\n", "channel", "calls/year", "FTE", "staff/year",
           "non-staff/y", "cost/year", "per call", "quoted");
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
        print_num(ch->quoted_cost_per_contact, 10, 2);
        printf("\n");
        if (!isnan(ch->quoted_cost_per_contact))
            printf("  check: the model's all-in cost per %s contact %.2f vs %.2f quoted by the scenario's "
                   "source (cost_per_contact; not added to the cost)\n", cc_channel_name((cc_channel)c),
                   ch->cost_per_contact, ch->quoted_cost_per_contact);
    }

    if (p->fixed) {
        const cc_plan_fixed *f = p->fixed;
        printf("\nFixed FTE %.2f: %.1f agent-hours available over the horizon, rostered in the shape of\n"
               "the requirement (Webster's divisor method, whole agents), judged by %s\n", f->fte,
               f->agent_hours_available, p->method == CC_PLAN_SIMULATION ? "simulation" : "the analytic model");
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
            printf(") still meets the target; 0.1%% longer misses it%s\n",
                   p->method == CC_PLAN_SIMULATION ? " (by Erlang C, not simulated)" : "");
        }
    }

    if (sim) {
        printf("\nErlang C against simulation (the Erlang C plan was the start; simulation is the reference)\n");
        printf("  %-28s %12s %12s %8s %22s %22s\n", "group", "agent-h ErlC", "agent-h sim", "diff",
               "ErlC short (intervals)", "ErlC over (intervals)");
        for (size_t g = 0; g <= s->n_groups; g++) {
            staffing_gap d = gap_of(p, sim->analytic_staffing, staffing, g < s->n_groups ? g : SIZE_MAX);
            printf("  %-28s %12.1f %12.1f %+8.1f %12u (max %3ld) %12u (max %3ld)\n",
                   g < s->n_groups ? s->groups[g].name : "total", d.hours_analytic, d.hours,
                   d.hours - d.hours_analytic, d.under, d.most_under, d.over, d.most_over);
        }
    }

    if (s->calendar.days > 7)
        print_days(p);
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
    unsigned *staffing = NULL;  /* the final plan's group agents (simulation) */
    cc_plan *analytic = NULL;   /* --csv with simulation: the analytic start */
    cc_plan_swing swings[CC_PLAN_SWINGS];
    cc_channel_report channels = { 0 };
    int status = parse(argc, argv, &o, &err);
    if (status != CC_OK)
        goto out;
    /* Under MPI every rank plans (rank 0 alone writes files) and they agree before
     * the staffing by simulation, whose runs they share (sim/mpi_runner.h). */
    if (o.out && cc_mpi_rank() == 0)
        status = cc_output_check("--out", o.out, &err);
    if (status == CC_OK && o.csv && cc_mpi_rank() == 0)
        status = cc_output_check("--csv", o.csv, &err);
    if (status == CC_OK)
        status = cc_args_load_scenario("plan", o.path, &s, &err);
    /* Simulation starts from the Erlang C plan and corrects it. */
    cc_plan_options po = { .method = o.method == CC_PLAN_SIMULATION ? CC_PLAN_ERLANG_C : o.method };
    if (status == CC_OK)
        status = cc_plan_create(s, &po, &p, &err);
    if ((status = cc_mpi_agree(status, &err)) != CC_OK)
        goto out;
    if (o.method == CC_PLAN_SIMULATION) {
        cc_args_run_resolve(&o.run, s, &so.replications, &so.seed, &so.threads);
        so.confidence = o.confidence;
        if (so.replications < 2) {
            status = cc_error_set(&err, CC_EINPUT, "%s: --method simulation needs --replications >= 2 "
                                  "(the scenario's simulation.replications is %u)", s->path, so.replications);
            goto out;
        }
        if ((status = cc_run_limits_check(s, so.replications, &err)) != CC_OK ||
            (status = cc_plan_by_simulation(s, p, &so, &sim, &err)) != CC_OK)
            goto out;
        have_sim = 1;
        if (!(staffing = malloc((s->n_groups * s->n_intervals + 1) * sizeof *staffing))) {
            status = cc_error_set(&err, CC_EINTERNAL, "out of memory");
            goto out;
        }
        cc_plan_staffing(p, 0, staffing);
    }
    double fte = o.fte > 0 ? o.fte : s->workforce.fte_available;
    if (fte > 0 && (status = cc_plan_fixed_fte(p, fte, &err)) != CC_OK)
        goto out;
    if (fte > 0 && have_sim) {
        /* The fixed FTE judged by the method asked for: its roster simulated. */
        cc_results *fr = NULL;
        if ((status = cc_plan_simulate(s, p, 1, &so, &fr, &err)) != CC_OK)
            goto out;
        cc_plan_take_simulated(s, p, 1, fr);
        cc_plan_fixed_summarise(p, p->fixed);
        cc_results_destroy(fr);
    }
    char warnings[CC_PLAN_REPORT_WARNINGS][CC_PLAN_WARNING_LEN];
    size_t nw = cc_plan_warnings(p, warnings, CC_PLAN_REPORT_WARNINGS);
    for (size_t k = 0; k < nw && cc_mpi_rank() == 0; k++)
        fprintf(stderr, "ccsim plan: warning: %s\n", warnings[k]);
    if (o.sensitivity && (status = cc_plan_sensitivity(p, swings, &err)) != CC_OK)
        goto out;
    if (cc_mpi_rank() != 0)
        goto out;   /* the other ranks' part ends with the runs */
    if (o.out && (status = cc_plan_write_h5(p, have_sim ? sim.analytic_agents : NULL, o.out, &err)) != CC_OK)
        goto out;
    if (o.csv) {
        /* Side by side with simulation: the analytic plan it started from. */
        if (have_sim && (status = cc_plan_create(s, &po, &analytic, &err)) != CC_OK)
            goto out;
        if ((status = cc_plan_write_csv(p, analytic, o.csv, &err)) != CC_OK)
            goto out;
    }
    if (o.json) {
        if ((status = cc_channels_of_plan(p, &channels, &err)) != CC_OK)
            goto out;
        print_json(p, &channels, have_sim ? &sim : NULL, staffing, &so, o.sensitivity ? swings : NULL);
    } else {
        print_text(p, have_sim ? &sim : NULL, staffing);
        if (o.sensitivity)
            print_sensitivity(p, swings);
    }
    status = cc_cli_stdout_done(&err);
out:
    if (status != CC_OK && cc_mpi_rank() == 0)
        fprintf(stderr, "ccsim plan: %s\n", err.msg);
    if (have_sim)
        cc_plan_sim_report_fini(&sim);
    free(staffing);
    cc_channels_report_fini(&channels);
    cc_plan_destroy(analytic);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
    return status;
}
