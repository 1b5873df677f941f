/* cmd_roster.c — `ccsim roster`: the cheapest shifts (model/roster.h) covering the
 * plan's requirement per group and interval, their headcount, FTE, paid hours and
 * scheduling inefficiency, and the roster's staffing simulated: the service level it
 * gets per interval and the probability that a day meets the target. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/plan_report.h"
#include "io/h5table.h"
#include "io/json.h"
#include "io/output.h"
#include "io/roster_h5.h"
#include "model/plan.h"
#include "model/roster.h"
#include "model/run_limits.h"
#include "sim/optimise.h"
#include "sim/runner.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: ccsim roster SCENARIO.cfg [--method erlang-c|erlang-a|simulation] [--out FILE.h5]\n"
    "                    [--csv FILE] [--json] [--replications N] [--seed S] [--threads T]\n"
    "\n"
    "The cheapest set of shifts (the scenario's roster section: shift lengths, start times,\n"
    "breaks, part-time caps) that covers every group's requirement per interval, solved as\n"
    "an integer programme with GLPK: shifts per pattern, day and start, headcount, FTE,\n"
    "paid hours and the scheduling inefficiency (paid ÷ required agent-hours). The\n"
    "roster's agents on duty (shifts less breaks) are then simulated: the service level\n"
    "per interval and the probability that a day meets the target.\n"
    "  --method M    the requirement: erlang-c (default), erlang-a, or simulation (the\n"
    "                plan corrected by simulation, as ccsim plan --method simulation)\n"
    "  --out FILE    write the shifts and the interval table (HDF5)\n"
    "  --csv FILE    write the shifts as CSV (group, shift, date, start, end, breaks, count)\n"
    "  --json        print one JSON object on stdout\n"
    "  --replications N, --seed S, --threads T   the simulations (defaults: the scenario's)\n"
    "\n"
    "Exit status: 0 success, 1 bad input (one line on stderr), 2 internal or I/O error.\n";

typedef struct options {
    const char *path, *out, *csv;
    cc_plan_method method;
    cc_args_run run;
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
        } else if (!strcmp(a, "--out")) {
            rc = cc_args_value(argc, argv, &i, &o->out, err);
        } else if (!strcmp(a, "--csv")) {
            rc = cc_args_value(argc, argv, &i, &o->csv, err);
        } else if (cc_args_run_option(argc, argv, &i, 2, &o->run, &rc, err)) {
            continue;
        } else if (a[0] == '-' && a[1]) {
            rc = cc_error_set(err, CC_EINPUT, "unknown option '%s' (accepted: --method, --out, --csv, --json, "
                              "--replications, --seed, --threads)", a);
        } else if (!o->path) {
            o->path = a;
        } else {
            rc = cc_error_set(err, CC_EINPUT, "one scenario expected (got '%s' and '%s')", o->path, a);
        }
    }
    if (rc == CC_OK && !o->path)
        rc = cc_error_set(err, CC_EINPUT, "a scenario file is required (ccsim roster SCENARIO.cfg)");
    return rc;
}

/* What the simulation of the roster found. */
typedef struct simulated {
    cc_results *results;
    double *interval_sl;        /* [g * n_intervals + i]: the served queues' pooled service level */
    double p_day, p_horizon;
} simulated;

static int simulate_roster(const cc_scenario *s, const cc_roster *r, const cc_plan_sim_options *so, simulated *out,
                           cc_error *err)
{
    cc_run_options ro = { .replications = so->replications, .seed = so->seed, .threads = so->threads,
                          .staffing = r->staffing };
    int rc = cc_simulate(s, &ro, &out->results, err);
    if (rc != CC_OK)
        return rc;
    size_t n = s->n_intervals;
    if (!(out->interval_sl = malloc((s->n_groups * n + 1) * sizeof *out->interval_sl)))
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    for (size_t g = 0; g < s->n_groups; g++)
        for (size_t i = 0; i < n; i++)
            out->interval_sl[g * n + i] = cc_results_group_service_level(s, out->results, g, i);
    cc_results_risk(out->results, s->targets.service_level, &out->p_horizon, &out->p_day);
    return CC_OK;
}

static void clock_of(double sec, char buf[static 32])
{
    long m = lround(sec / 60.0), day = m / 1440;
    m %= 1440;
    if (day)
        snprintf(buf, 32, "%02ld:%02ld+%ld", m / 60, m % 60, day);
    else
        snprintf(buf, 32, "%02ld:%02ld", m / 60, m % 60);
}

static void json_figures(cc_json *j, const cc_roster_figures *f)
{
    cc_json_int(j, "shift_count", f->shifts);
    cc_json_int(j, "headcount", f->headcount);
    cc_json_num(j, "fte", f->fte);
    cc_json_num(j, "paid_hours", f->paid_hours);
    cc_json_num(j, "required_agent_hours", f->required_hours);
    cc_json_num(j, "inefficiency", f->inefficiency);
    cc_json_num(j, "staff_cost", f->staff_cost);
    cc_json_int(j, "intervals_over", (long long)f->intervals_over);
    cc_json_int(j, "intervals_under", (long long)f->intervals_under);
    cc_json_num(j, "under_agent_hours", f->under_agent_hours);
}

static void print_json(const cc_roster *r, const cc_plan_method method, const simulated *sim,
                       const cc_plan_sim_options *so)
{
    const cc_scenario *s = r->s;
    cc_json j;
    cc_json_init(&j, stdout);
    cc_json_open(&j, NULL);
    cc_json_str(&j, "scenario", s->name);
    cc_json_str(&j, "method", cc_plan_method_name(method));
    cc_json_open_array(&j, "shifts");
    for (size_t a = 0; a < r->n_assign; a++) {
        const cc_roster_assign *as = &r->assign[a];
        const cc_roster_shift *sh = &s->roster.shifts[as->shift];
        char date[11], start[32], end[32];
        cc_date_format(s->calendar.first_date + (long)as->day, date);
        clock_of(as->start_s, start);
        clock_of(as->start_s + sh->length_s, end);
        cc_json_open(&j, NULL);
        cc_json_str(&j, "group", s->groups[as->group].name);
        cc_json_str(&j, "shift", sh->name);
        cc_json_str(&j, "date", date);
        cc_json_str(&j, "start", start);
        cc_json_str(&j, "end", end);
        cc_json_open_array(&j, "breaks");
        for (size_t k = 0; k < sh->n_breaks; k++) {
            char b[32];
            clock_of(as->start_s + as->break_s[k], b);
            cc_json_str(&j, NULL, b);
        }
        cc_json_close_array(&j);
        cc_json_int(&j, "count", as->count);
        cc_json_num(&j, "paid_hours", cc_roster_shift_paid_hours(sh) * (double)as->count);
        cc_json_close(&j);
    }
    cc_json_close_array(&j);
    json_figures(&j, &r->total);
    cc_json_num(&j, "absence_shrinkage", s->roster.absence_shrinkage);
    if (s->workforce.fte_available > 0) {
        cc_json_num(&j, "fte_available", s->workforce.fte_available);
        cc_json_bool(&j, "fte_available_enough", r->total.fte <= s->workforce.fte_available);
    }
    cc_json_open(&j, "solver");
    cc_json_str(&j, "name", "glpk");
    cc_json_bool(&j, "optimal", r->optimal);
    cc_json_num(&j, "gap", r->gap);
    cc_json_num(&j, "time_limit_s", s->roster.time_limit_s);
    cc_json_num(&j, "mip_gap", s->roster.mip_gap);
    cc_json_num(&j, "solve_s", r->solve_s);
    cc_json_close(&j);
    cc_json_open(&j, "groups");
    for (size_t g = 0; g < r->n_groups; g++) {
        cc_json_open(&j, s->groups[g].name);
        json_figures(&j, &r->groups[g]);
        cc_json_bool(&j, "optimal", r->solve[g].optimal || r->solve[g].columns == 0);
        cc_json_num(&j, "lp_bound", r->solve[g].lp_bound);
        cc_json_num(&j, "gap", r->solve[g].gap);
        cc_json_int(&j, "columns", (long long)r->solve[g].columns);
        cc_json_int(&j, "rows", (long long)r->solve[g].rows);
        cc_json_num(&j, "solve_s", r->solve[g].solve_s);
        cc_json_close(&j);
    }
    cc_json_close(&j);
    cc_json_open(&j, "simulation");
    cc_json_int(&j, "replications", so->replications);
    cc_json_int(&j, "seed", (long long)so->seed);
    cc_json_num(&j, "target", s->targets.service_level);
    cc_json_estimate(&j, "service_level", sim->results->total[CC_M_SERVICE_LEVEL].mean,
                     sim->results->total[CC_M_SERVICE_LEVEL].ci95);
    cc_json_estimate(&j, "abandon_rate", sim->results->total[CC_M_ABANDON_RATE].mean,
                     sim->results->total[CC_M_ABANDON_RATE].ci95);
    cc_json_num(&j, "p_day_meets_target", sim->p_day);
    cc_json_num(&j, "p_horizon_meets_target", sim->p_horizon);
    cc_json_close(&j);
    cc_json_close(&j);
    cc_json_finish(&j);
}

/* Orders shifts by kind (group, pattern, start, breaks), then day. */
static const cc_roster *sort_roster;
static int same_kind(const cc_roster_assign *a, const cc_roster_assign *b)
{
    return a->group == b->group && a->shift == b->shift && a->start_s == b->start_s &&
           !memcmp(a->break_s, b->break_s, sizeof a->break_s);
}

static int cmp_kind(const void *pa, const void *pb)
{
    const cc_roster_assign *a = &sort_roster->assign[*(const size_t *)pa];
    const cc_roster_assign *b = &sort_roster->assign[*(const size_t *)pb];
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->shift != b->shift)
        return a->shift < b->shift ? -1 : 1;
    if (a->start_s != b->start_s)
        return a->start_s < b->start_s ? -1 : 1;
    for (size_t k = 0; k < CC_ROSTER_MAX_BREAKS; k++)
        if (a->break_s[k] != b->break_s[k])
            return a->break_s[k] < b->break_s[k] ? -1 : 1;
    return a->day < b->day ? -1 : a->day > b->day;
}

/* Shift kinds as rows (group, pattern, start, breaks) and days as columns; a horizon
 * of more than 7 days shows the total only. */
static int print_shifts(const cc_roster *r, cc_error *err)
{
    const cc_scenario *s = r->s;
    unsigned days = s->calendar.days;
    int by_day = days <= 7;
    size_t *order = malloc((r->n_assign + 1) * sizeof *order);
    if (!order)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    for (size_t a = 0; a < r->n_assign; a++)
        order[a] = a;
    sort_roster = r;
    qsort(order, r->n_assign, sizeof *order, cmp_kind);
    printf("\n%-24s %-12s %-8s %-8s %-20s", "group", "shift", "start", "end", "breaks");
    if (by_day)
        for (unsigned d = 0; d < days; d++) {
            char label[64];
            cc_scenario_interval_label(s, (size_t)d * s->intervals_per_day, label, sizeof label);
            printf(" %4.3s", label);
        }
    printf(" %6s\n", "total");
    for (size_t a = 0; a < r->n_assign;) {
        const cc_roster_assign *as = &r->assign[order[a]];
        const cc_roster_shift *sh = &s->roster.shifts[as->shift];
        long per_day[7] = { 0 }, total = 0;
        size_t b = a;
        for (; b < r->n_assign && same_kind(&r->assign[order[b]], as); b++) {
            const cc_roster_assign *o = &r->assign[order[b]];
            if (by_day)
                per_day[o->day] += o->count;
            total += o->count;
        }
        char start[32], end[32], brk[64] = "";
        clock_of(as->start_s, start);
        clock_of(as->start_s + sh->length_s, end);
        for (size_t k = 0; k < sh->n_breaks; k++) {
            char t[32];
            clock_of(as->start_s + as->break_s[k], t);
            size_t len = strlen(brk);
            snprintf(brk + len, sizeof brk - len, "%s%s", k ? "," : "", t);
        }
        printf("%-24s %-12s %-8s %-8s %-20s", s->groups[as->group].name, sh->name, start, end, brk[0] ? brk : "-");
        if (by_day)
            for (unsigned d = 0; d < days; d++)
                printf(" %4ld", per_day[d]);
        printf(" %6ld\n", total);
        a = b;
    }
    free(order);
    return CC_OK;
}

static void print_text(const cc_roster *r, cc_plan_method method, const simulated *sim,
                       const cc_plan_sim_options *so)
{
    const cc_scenario *s = r->s;
    const cc_roster_figures *t = &r->total;
    printf("roster: %s (requirement by %s, %zu group%s, %u day%s)\n", s->name, cc_plan_method_name(method),
           r->n_groups, r->n_groups == 1 ? "" : "s", s->calendar.days, s->calendar.days == 1 ? "" : "s");
    printf("  shifts %ld, headcount %ld (at most %u shifts each in 7 days)\n", t->shifts, t->headcount,
           s->roster.days_on_per_week);
    printf("  paid hours %.1f for %.1f required agent-hours: inefficiency %.3f\n", t->paid_hours,
           t->required_hours, t->inefficiency);
    if (isfinite(t->fte))
        printf("  FTE %.2f (%.1f paid hours a week, absence shrinkage %.1f%%), staff cost %.0f a year\n", t->fte,
               s->workforce.paid_hours_per_week, 100.0 * s->roster.absence_shrinkage, t->staff_cost);
    if (s->workforce.fte_available > 0 && isfinite(t->fte))
        printf("  FTE available %.2f: %s (%+.2f)\n", s->workforce.fte_available,
               t->fte <= s->workforce.fte_available ? "enough for this roster" : "NOT enough for this roster",
               s->workforce.fte_available - t->fte);
    printf("  intervals covered by a whole agent or more above the requirement %zu, under it %zu",
           t->intervals_over, t->intervals_under);
    if (t->intervals_under)
        printf(" (%.1f agent-hours short)", t->under_agent_hours);
    printf("\n  solver: GLPK, %s, gap to the LP bound %.2f%% (time limit %g s, mip_gap %g), %.2f s\n",
           r->optimal ? "optimal" : "stopped at the time limit or mip_gap", 100.0 * r->gap,
           s->roster.time_limit_s, s->roster.mip_gap, r->solve_s);
    const cc_estimate *tot = sim->results->total;
    printf("  simulated (%u replications, seed %llu): service level %.1f%% +- %.1f, abandon rate %.1f%%;\n"
           "    P(a day meets %.0f%%) %.3f, P(the horizon meets it) %.3f\n",
           so->replications, (unsigned long long)so->seed, 100.0 * tot[CC_M_SERVICE_LEVEL].mean,
           100.0 * tot[CC_M_SERVICE_LEVEL].ci95, 100.0 * tot[CC_M_ABANDON_RATE].mean,
           100.0 * s->targets.service_level, sim->p_day, sim->p_horizon);
}

/* The shifts as CSV (cc_output_write_text's writer). */
static int write_roster_csv(FILE *f, const void *ctx)
{
    const cc_roster *r = ctx;
    const cc_scenario *s = r->s;
    fputs("group,shift,date,start,end", f);
    for (size_t k = 0; k < CC_ROSTER_MAX_BREAKS; k++)
        fprintf(f, ",break_%zu", k + 1);
    fputs(",count,paid_hours\n", f);
    for (size_t a = 0; a < r->n_assign; a++) {
        const cc_roster_assign *as = &r->assign[a];
        const cc_roster_shift *sh = &s->roster.shifts[as->shift];
        char date[11], start[32], end[32];
        cc_date_format(s->calendar.first_date + (long)as->day, date);
        clock_of(as->start_s, start);
        clock_of(as->start_s + sh->length_s, end);
        cc_csv_name(f, s->groups[as->group].name);
        fputc(',', f);
        cc_csv_name(f, sh->name);
        fprintf(f, ",%s,%s,%s", date, start, end);
        for (size_t k = 0; k < CC_ROSTER_MAX_BREAKS; k++) {
            char b[32] = "";
            if (k < sh->n_breaks)
                clock_of(as->start_s + as->break_s[k], b);
            fprintf(f, ",%s", b);
        }
        fprintf(f, ",%ld,%.4f\n", as->count, cc_roster_shift_paid_hours(sh) * (double)as->count);
    }
    return 0;
}

int cc_cmd_roster(int argc, char **argv)
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
    cc_roster *r = NULL;
    cc_plan_sim_options so = { 0 };
    cc_plan_sim_report rep = { 0 };
    int have_rep = 0;
    simulated sim = { 0 };
    unsigned *required = NULL;
    int status = parse(argc, argv, &o, &err);
    if (status != CC_OK)
        goto out;
    if ((o.out && (status = cc_output_check("--out", o.out, &err)) != CC_OK) ||
        (o.csv && (status = cc_output_check("--csv", o.csv, &err)) != CC_OK))
        goto out;
    if ((status = cc_args_load_scenario("roster", o.path, &s, &err)) != CC_OK)
        goto out;
    if (!s->roster.present) {
        status = cc_error_set(&err, CC_EINPUT, "%s: roster is required for ccsim roster (the shift rules: "
                              "scenarios/README.md, section roster)", s->path);
        goto out;
    }
    cc_args_run_resolve(&o.run, s, &so.replications, &so.seed, &so.threads);
    if (so.replications < 2) {
        status = cc_error_set(&err, CC_EINPUT, "%s: ccsim roster simulates the roster and needs --replications "
                              ">= 2 (the scenario's simulation.replications is %u)", s->path, so.replications);
        goto out;
    }
    if ((status = cc_run_limits_check(s, so.replications, &err)) != CC_OK)
        goto out;
    cc_plan_options po = { .method = o.method == CC_PLAN_SIMULATION ? CC_PLAN_ERLANG_C : o.method };
    if ((status = cc_plan_create(s, &po, &p, &err)) != CC_OK)
        goto out;
    if (o.method == CC_PLAN_SIMULATION) {
        if ((status = cc_plan_by_simulation(s, p, &so, &rep, &err)) != CC_OK)
            goto out;
        have_rep = 1;
    }
    if (!(required = malloc((s->n_groups * s->n_intervals + 1) * sizeof *required))) {
        status = cc_error_set(&err, CC_EINTERNAL, "out of memory");
        goto out;
    }
    cc_plan_staffing(p, 0, required);
    if ((status = cc_roster_solve(s, required, &r, &err)) != CC_OK ||
        (status = simulate_roster(s, r, &so, &sim, &err)) != CC_OK)
        goto out;
    if (o.out) {
        cc_roster_h5_sim hs = { .replications = so.replications, .seed = so.seed,
                                .service_level = sim.results->total[CC_M_SERVICE_LEVEL].mean,
                                .service_level_ci95 = sim.results->total[CC_M_SERVICE_LEVEL].ci95,
                                .p_day = sim.p_day, .p_horizon = sim.p_horizon,
                                .interval_service_level = sim.interval_sl };
        if ((status = cc_roster_write_h5(r, cc_plan_method_name(o.method), &hs, o.out, &err)) != CC_OK)
            goto out;
    }
    if (o.csv && (status = cc_output_write_text(o.csv, "the roster", write_roster_csv, r, &err)) != CC_OK)
        goto out;
    if (o.json) {
        print_json(r, o.method, &sim, &so);
    } else {
        print_text(r, o.method, &sim, &so);
        if ((status = print_shifts(r, &err)) != CC_OK)
            goto out;
    }
    status = cc_cli_stdout_done(&err);
out:
    if (status != CC_OK)
        fprintf(stderr, "ccsim roster: %s\n", err.msg);
    if (have_rep)
        cc_plan_sim_report_fini(&rep);
    cc_results_destroy(sim.results);
    free(sim.interval_sl);
    free(required);
    cc_roster_destroy(r);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
    return status;
}
