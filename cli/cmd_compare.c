/* ccsim compare — two scenarios side by side: the plan's FTE and cost per channel,
 * and the simulated KPIs of each with their differences, on common random numbers. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/plan_report.h"
#include "io/json.h"
#include "io/scenario_load.h"
#include "model/plan.h"
#include "model/run_limits.h"
#include "sim/compare.h"
#include "sim/optimise.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: ccsim compare BASE.cfg ALT.cfg [--method erlang-c|erlang-a] [--replications N]\n"
    "                     [--seed S] [--threads T] [--allow-different-horizons] [--json]\n"
    "\n"
    "Plans both scenarios (FTE, cost per channel) and simulates both plans with the\n"
    "same seed, so replication r of each sees the same callers (common random numbers):\n"
    "differences and their 95% confidence intervals are paired by replication, and so\n"
    "is the saving per channel and in total (cost per year, base - alt); a line says\n"
    "how FTE change against the contacts agents serve (economies of scale).\n"
    "A scenario with groups (any roster: pooled teams, groups sharing queues) is\n"
    "simulated with its own roster; one\n"
    "without is staffed by the plan (Erlang C unless --method erlang-a).\n"
    "The two scenarios must have horizons of the same number of days and the same\n"
    "interval length, unless --allow-different-horizons (then yearly figures are\n"
    "compared, and a note says so).\n"
    "Defaults: the BASE scenario's simulation.replications and simulation.seed.\n";

/* One side of the comparison. */
typedef struct side {
    cc_scenario *s;
    cc_plan *plan;
    cc_results *r;
    cc_channel_input *in;           /* the plan's agent-seconds, the simulated contacts */
    cc_channel_report plan_ch;      /* per channel, the plan's figures */
    cc_channel_report sim_ch;       /* per channel, the plan's staffing and simulated contacts */
} side;

/* The roster of a scenario with groups becomes the plan's agents, evaluated
 * analytically (the simulation then measures it). */
static int roster_into_plan(const cc_scenario *s, cc_plan *plan, cc_error *err)
{
    unsigned *staffing = cc_scenario_staffing(s);
    if (!staffing)
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory", s->path);
    int st = cc_plan_set_staffing(plan, staffing);
    free(staffing);
    return st == CC_OK ? cc_plan_evaluate(plan, err) : st;
}

static int prepare(const char *path, cc_plan_method method, side *sd, cc_error *err)
{
    int st = cc_args_load_scenario("compare", path, &sd->s, err);
    if (st != CC_OK)
        return st;
    cc_plan_options po = { .method = method };
    if ((st = cc_plan_create(sd->s, &po, &sd->plan, err)) != CC_OK)
        return st;
    return CC_OK;
}

static int run_side(side *sd, const cc_plan_sim_options *so, cc_error *err)
{
    int st = CC_OK;
    if (sd->s->groups_given)
        st = roster_into_plan(sd->s, sd->plan, err);
    if (st == CC_OK)
        st = cc_plan_simulate(sd->s, sd->plan, 0, so, &sd->r, err);
    size_t years;
    if (st == CC_OK && !(sd->in = cc_channels_input_create(sd->s, &years)))
        st = cc_error_set(err, CC_EINTERNAL, "out of memory");
    if (st == CC_OK) {
        cc_channels_add_plan(sd->plan, sd->in);
        st = cc_channels_compute(sd->s, sd->in, &sd->plan_ch, err);
    }
    if (st == CC_OK) {
        cc_compare_channel_results(sd->r, sd->in);
        st = cc_channels_compute(sd->s, sd->in, &sd->sim_ch, err);
    }
    return st;
}

typedef struct comparison {
    cc_estimate diff[CC_KPIS];      /* alt - base, paired */
    double p_day[2], p_horizon[2];
    cc_estimate saving[CC_CHANNELS + 1];    /* base - alt cost per year, paired; [CC_CHANNELS]: total */
    cc_channels_scale scale;                /* the channels agents serve */
} comparison;

static int compare(const side *base, const side *alt, comparison *c, cc_error *err)
{
    for (int k = 0; k < CC_KPIS; k++) {
        int st = cc_kpi_paired_diff(base->r, alt->r, k, &c->diff[k], err);
        if (st != CC_OK)
            return st;
    }
    const side *sides[2] = { base, alt };
    for (int k = 0; k < 2; k++)
        cc_results_risk(sides[k]->r, sides[k]->s->targets.service_level, &c->p_horizon[k], &c->p_day[k]);
    c->scale = cc_channels_economies_of_scale(&base->sim_ch, &alt->sim_ch);
    return cc_compare_channel_saving(base->r, base->in, alt->r, alt->in, c->saving, err);
}

/* "FTE fall less than in proportion to volume" when both fall and FTE by less. */
static const char *scale_verdict(const comparison *c)
{
    if (!(c->scale.volume_change < 0))
        return "contacts to agents do not fall: no economies of scale to show";
    return c->scale.fte_fall_less ? "FTE fall less than in proportion to volume (economies of scale in queues)"
                                  : "FTE fall at least in proportion to volume";
}

/* Queue index of `name` in scenario s, or SIZE_MAX. */
static size_t queue_named(const cc_scenario *s, const char *name)
{
    for (size_t q = 0; q < s->n_queues; q++)
        if (!strcmp(s->queues[q].name, name))
            return q;
    return SIZE_MAX;
}

/* Calls lost over the horizon: closed-hours demand (the plan's) plus simulated
 * abandons (mean per replication), all queues or queue q. */
static double lost_calls(const side *sd, size_t q)
{
    if (q == SIZE_MAX)
        return sd->plan->lost_calls + sd->r->total[CC_M_ABANDONED].mean;
    return sd->s->queues[q].lost_calls + sd->r->queue_total[q * CC_QUEUE_METRICS + CC_M_ABANDONED].mean;
}

/* One queue of the union of both sides (by name): FTE, simulated service level and
 * lost calls of each side, NaN where a side lacks the queue. */
typedef struct queue_row {
    const char *name;
    double fte[2], service_level[2], lost[2];
} queue_row;

/* Calls fn for every queue of the union of both sides' queues, base's order first,
 * then the alternative's own. */
static void for_each_queue(const side *base, const side *alt, void (*fn)(const queue_row *, void *),
                           void *arg)
{
    const side *sides[2] = { base, alt };
    for (int k = 0; k < 2; k++)
        for (size_t q = 0; q < sides[k]->s->n_queues; q++) {
            const char *name = sides[k]->s->queues[q].name;
            if (k == 1 && queue_named(base->s, name) != SIZE_MAX)
                continue;
            queue_row row = { .name = name };
            for (int x = 0; x < 2; x++) {
                size_t at = queue_named(sides[x]->s, name);
                int has = at != SIZE_MAX;
                row.fte[x] = has ? sides[x]->plan->queues[at].fte : NAN;
                row.service_level[x] = has ? sides[x]->r->queue_total[at * CC_QUEUE_METRICS +
                                                                       CC_M_SERVICE_LEVEL].mean : NAN;
                row.lost[x] = has ? lost_calls(sides[x], at) : NAN;
            }
            fn(&row, arg);
        }
}

static void json_queue_row(const queue_row *r, void *arg)
{
    cc_json *j = arg;
    cc_json_open(j, r->name);
    cc_json_num(j, "fte_base", r->fte[0]);
    cc_json_num(j, "fte_alt", r->fte[1]);
    cc_json_num(j, "fte", r->fte[1] - r->fte[0]);
    cc_json_num(j, "service_level_base", r->service_level[0]);
    cc_json_num(j, "service_level_alt", r->service_level[1]);
    cc_json_num(j, "service_level", r->service_level[1] - r->service_level[0]);
    cc_json_num(j, "lost_calls_base", r->lost[0]);
    cc_json_num(j, "lost_calls_alt", r->lost[1]);
    cc_json_num(j, "lost_calls", r->lost[1] - r->lost[0]);
    cc_json_close(j);
}

/* A column of the per-queue table: the figure, or "-" where that side has no such
 * queue (or no calls). */
static void text_cell(double v, double scale, int decimals, const char *unit)
{
    if (isnan(v))
        printf(" %8s", "-");
    else
        printf(" %*.*f%s", 8 - (int)strlen(unit), decimals, scale * v, unit);
}

static void text_queue_row(const queue_row *r, void *arg)
{
    (void)arg;
    printf("  %-39s", r->name);
    for (int k = 0; k < 2; k++)
        text_cell(r->fte[k], 1, 2, "");
    for (int k = 0; k < 2; k++)
        text_cell(r->service_level[k], 100, 2, "%");
    for (int k = 0; k < 2; k++)
        text_cell(r->lost[k], 1, 0, "");
    putchar('\n');
}

/* Per queue (by name, the union of both sides), each side and the difference. */
static void json_queue_diffs(cc_json *j, const side *base, const side *alt)
{
    cc_json_open(j, "queues");
    for_each_queue(base, alt, json_queue_row, j);
    cc_json_close(j);
}

static void json_side(cc_json *j, const char *key, const side *sd, double p_day, double p_horizon)
{
    cc_json_open(j, key);
    cc_plan_report_json(j, sd->plan, &sd->plan_ch);
    cc_json_open(j, "simulated");
    cc_json_num(j, "calls_offered", sd->r->total[CC_M_OFFERED].mean);
    for (int k = 0; k < CC_KPIS; k++) {
        cc_estimate e = cc_kpi_estimate(sd->r, k);
        cc_json_estimate(j, cc_kpis[k].key, e.mean, e.ci95);
    }
    cc_json_num(j, "p_day_meets_target", p_day);
    cc_json_num(j, "p_horizon_meets_target", p_horizon);
    cc_json_num(j, "lost_calls", lost_calls(sd, SIZE_MAX));
    cc_plan_report_channels_json(j, "channels", &sd->sim_ch);
    cc_json_close(j);
    cc_json_close(j);
}

/* Per channel either side uses: each side's figures (simulated contacts) and the
 * paired saving. */
static void json_channels(cc_json *j, const side *base, const side *alt, const comparison *c)
{
    cc_json_open(j, "channels");
    for (int ch = 0; ch < CC_CHANNELS; ch++) {
        if (!base->sim_ch.used[ch] && !alt->sim_ch.used[ch])
            continue;
        const cc_channel_figures *f[2] = { &base->sim_ch.total[ch], &alt->sim_ch.total[ch] };
        const char *keys[2] = { "base", "alt" };
        cc_json_open(j, cc_channel_name((cc_channel)ch));
        for (int k = 0; k < 2; k++) {
            const cc_channel_report *r = k ? &alt->sim_ch : &base->sim_ch;
            cc_json_open(j, keys[k]);
            cc_json_num(j, "volume", r->used[ch] ? f[k]->volume : 0);
            cc_json_num(j, "fte", r->used[ch] ? f[k]->fte : 0);
            cc_json_num(j, "cost", r->used[ch] ? f[k]->cost : 0);
            cc_json_num(j, "cost_per_contact", r->used[ch] ? f[k]->cost_per_contact : NAN);
            cc_json_num(j, "service_level", r->used[ch] ? f[k]->service_level : NAN);
            cc_json_close(j);
        }
        cc_json_estimate(j, "saving", c->saving[ch].mean, c->saving[ch].ci95);
        cc_json_close(j);
    }
    cc_json_close(j);
}

/* The note printed when the horizons differ (--allow-different-horizons). */
static int horizon_note(const side *base, const side *alt, char *buf, size_t n)
{
    if (base->s->calendar.days == alt->s->calendar.days && !(base->s->interval_s < alt->s->interval_s) &&
        !(base->s->interval_s > alt->s->interval_s))
        return 0;
    snprintf(buf, n, "the horizons differ (%u days of %g min vs %u days of %g min): yearly figures are "
             "comparable, horizon totals and per-day risk are not", base->s->calendar.days,
             base->s->interval_s / 60, alt->s->calendar.days, alt->s->interval_s / 60);
    return 1;
}

static void print_json(const side *base, const side *alt, const comparison *c, const cc_plan_sim_options *so)
{
    cc_json j;
    cc_json_init(&j, stdout);
    cc_json_open(&j, NULL);
    cc_json_int(&j, "replications", so->replications);
    cc_json_int(&j, "seed", (long long)so->seed);
    json_side(&j, "base", base, c->p_day[0], c->p_horizon[0]);
    json_side(&j, "alt", alt, c->p_day[1], c->p_horizon[1]);
    cc_json_open(&j, "diff");
    cc_json_num(&j, "fte", alt->plan->fte - base->plan->fte);
    cc_json_num(&j, "cost_total", alt->plan->cost - base->plan->cost);
    cc_json_open(&j, "fte_by_channel");
    for (int ch = 0; ch < CC_CHANNELS; ch++)
        if (base->plan->channels[ch].n_queues || alt->plan->channels[ch].n_queues)
            cc_json_num(&j, cc_channel_name((cc_channel)ch),
                        alt->plan->channels[ch].fte - base->plan->channels[ch].fte);
    cc_json_close(&j);
    cc_json_open(&j, "cost_by_channel");
    for (int ch = 0; ch < CC_CHANNELS; ch++)
        if (base->plan->channels[ch].n_queues || alt->plan->channels[ch].n_queues)
            cc_json_num(&j, cc_channel_name((cc_channel)ch),
                        alt->plan->channels[ch].cost - base->plan->channels[ch].cost);
    cc_json_close(&j);
    cc_json_int(&j, "agents_required_peak", alt->plan->agents_peak - base->plan->agents_peak);
    cc_json_num(&j, "calls_per_year", alt->plan->calls_per_year - base->plan->calls_per_year);
    for (int k = 0; k < CC_KPIS; k++)
        cc_json_estimate(&j, cc_kpis[k].key, c->diff[k].mean, c->diff[k].ci95);
    cc_json_num(&j, "p_day_meets_target", c->p_day[1] - c->p_day[0]);
    cc_json_num(&j, "lost_calls", lost_calls(alt, SIZE_MAX) - lost_calls(base, SIZE_MAX));
    json_queue_diffs(&j, base, alt);
    cc_json_estimate(&j, "saving_total", c->saving[CC_CHANNELS].mean, c->saving[CC_CHANNELS].ci95);
    cc_json_open(&j, "economies_of_scale");
    cc_json_num(&j, "volume_change", c->scale.volume_change);
    cc_json_num(&j, "fte_change", c->scale.fte_change);
    cc_json_bool(&j, "fte_fall_less_than_volume", c->scale.fte_fall_less);
    cc_json_str(&j, "line", scale_verdict(c));
    cc_json_close(&j);
    cc_json_close(&j);
    json_channels(&j, base, alt, c);
    char note[256];
    cc_json_open_array(&j, "notes");
    if (horizon_note(base, alt, note, sizeof note))
        cc_json_str(&j, NULL, note);
    cc_json_close_array(&j);
    cc_json_close(&j);
    cc_json_finish(&j);
}

static void row(const char *label, double b, double a, int decimals)
{
    printf("  %-26s %14.*f %14.*f %+14.*f\n", label, decimals, b, decimals, a, decimals, a - b);
}

static void print_text(const side *base, const side *alt, const comparison *c, const cc_plan_sim_options *so)
{
    printf("ccsim compare: %s (base) vs %s (alt); %u replications each, seed %llu, common random numbers\n\n",
           base->s->name, alt->s->name, so->replications, (unsigned long long)so->seed);
    printf("  %-26s %14s %14s %14s\n", "", "base", "alt", "alt - base");
    row("calls per year", base->plan->calls_per_year, alt->plan->calls_per_year, 0);
    row("agents required, peak", (double)base->plan->agents_peak, (double)alt->plan->agents_peak, 0);
    row("FTE", base->plan->fte, alt->plan->fte, 2);
    for (int ch = 0; ch < CC_CHANNELS; ch++)
        if (base->plan->channels[ch].n_queues || alt->plan->channels[ch].n_queues) {
            char label[64];
            snprintf(label, sizeof label, "  FTE, %s", cc_channel_name((cc_channel)ch));
            row(label, base->plan->channels[ch].fte, alt->plan->channels[ch].fte, 2);
            snprintf(label, sizeof label, "  cost per year, %s", cc_channel_name((cc_channel)ch));
            row(label, base->plan->channels[ch].cost, alt->plan->channels[ch].cost, 0);
        }
    row("cost per year, total", base->plan->cost, alt->plan->cost, 0);
    printf("\n  simulated (95%% CI)\n");
    for (int k = 0; k < CC_KPIS; k++) {
        cc_estimate b = cc_kpi_estimate(base->r, k), a = cc_kpi_estimate(alt->r, k);
        double scale = cc_kpis[k].metric == CC_M_ASA ? 1.0 : 100.0;
        const char *unit = cc_kpis[k].metric == CC_M_ASA ? " s" : "%";
        printf("  %-26s %8.2f%s ±%5.2f %8.2f%s ±%5.2f %+8.2f%s ±%5.2f\n", cc_kpis[k].key, scale * b.mean, unit,
               scale * b.ci95, scale * a.mean, unit, scale * a.ci95, scale * c->diff[k].mean, unit,
               scale * c->diff[k].ci95);
    }
    printf("  %-26s %13.1f%% %13.1f%% %+13.1f%%\n", "P(day meets target)", 100 * c->p_day[0],
           100 * c->p_day[1], 100 * (c->p_day[1] - c->p_day[0]));
    row("lost calls (closed, aband.)", lost_calls(base, SIZE_MAX), lost_calls(alt, SIZE_MAX), 0);
    printf("\n  per queue: %-28s %8s %8s %8s %8s %8s %8s\n", "", "FTE base", "FTE alt", "SL base", "SL alt",
           "lost b.", "lost a.");
    for_each_queue(base, alt, text_queue_row, NULL);
    printf("\n  per channel (simulated contacts; cost per year)   %10s %10s %10s %10s %10s\n", "volume", "FTE", "cost",
           "per cont.", "SL");
    for (int ch = 0; ch < CC_CHANNELS; ch++) {
        if (!base->sim_ch.used[ch] && !alt->sim_ch.used[ch])
            continue;
        for (int k = 0; k < 2; k++) {
            const cc_channel_report *r = k ? &alt->sim_ch : &base->sim_ch;
            const cc_channel_figures *f = &r->total[ch];
            char label[64];
            snprintf(label, sizeof label, "%s, %s", cc_channel_name((cc_channel)ch), k ? "alt" : "base");
            if (r->used[ch]) {
                printf("  %-48s", label);
                cc_report_channel_cells(f);
            } else
                printf("  %-48s %10s\n", label, "(none)");
        }
        printf("  %-48s %+10.0f ± %.0f a year (paired 95%% CI)\n", "  saving (base - alt)", c->saving[ch].mean,
               c->saving[ch].ci95);
    }
    printf("  %-48s %+10.0f ± %.0f a year (paired 95%% CI)\n", "saving, total", c->saving[CC_CHANNELS].mean,
           c->saving[CC_CHANNELS].ci95);
    printf("  economies of scale: contacts to agents %+.1f%%, FTE %+.1f%%: %s\n", 100 * c->scale.volume_change,
           100 * c->scale.fte_change, scale_verdict(c));
    char note[256];
    if (horizon_note(base, alt, note, sizeof note))
        printf("\nNote: %s\n", note);
}

int cc_cmd_compare(int argc, char **argv)
{
    const char *paths[2] = { NULL, NULL }, *v;
    cc_args_run run = { 0 };
    int json = 0, n_paths = 0, allow_different = 0;
    cc_plan_method method = CC_PLAN_ERLANG_C;
    cc_error err = { 0 };
    int st = CC_OK;
    for (int i = 1; i < argc && st == CC_OK; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--allow-different-horizons")) {
            allow_different = 1;
        } else if (cc_args_run_option(argc, argv, &i, 2, &run, &st, &err)) {
            continue;
        } else if (!strcmp(a, "--method")) {
            if ((st = cc_args_value(argc, argv, &i, &v, &err)) == CC_OK)
                st = cc_args_method(v, 0, &method, &err);
        } else if (a[0] == '-') {
            st = cc_error_set(&err, CC_EINPUT, "unknown option '%s' (accepted: --method, --replications, "
                              "--seed, --threads, --allow-different-horizons, --json, --help)", a);
        } else if (n_paths == 2) {
            st = cc_error_set(&err, CC_EINPUT, "two scenario files expected (got a third, '%s')", a);
        } else {
            paths[n_paths++] = a;
        }
    }
    if (st == CC_OK && n_paths != 2)
        st = cc_error_set(&err, CC_EINPUT, "two scenario files are required (ccsim compare BASE.cfg ALT.cfg)");

    side base = { 0 }, alt = { 0 };
    comparison c;
    cc_plan_sim_options so = { 0 };
    if (st != CC_OK || (st = prepare(paths[0], method, &base, &err)) != CC_OK ||
        (st = prepare(paths[1], method, &alt, &err)) != CC_OK)
        goto out;
    char note[256];
    if (!allow_different && horizon_note(&base, &alt, note, sizeof note)) {
        st = cc_error_set(&err, CC_EINPUT, "%s has %u days of %g-minute intervals, %s %u days of %g-minute "
                          "intervals: the horizons differ (pass --allow-different-horizons to compare "
                          "yearly figures anyway)", base.s->path, base.s->calendar.days, base.s->interval_s / 60,
                          alt.s->path, alt.s->calendar.days, alt.s->interval_s / 60);
        goto out;
    }
    cc_args_run_resolve(&run, base.s, &so.replications, &so.seed, &so.threads);
    if (so.replications < 2) {
        st = cc_error_set(&err, CC_EINPUT, "--replications must be >= 2 to compare (got %u)", so.replications);
        goto out;
    }
    if ((st = cc_run_limits_check(base.s, so.replications, &err)) != CC_OK ||
        (st = cc_run_limits_check(alt.s, so.replications, &err)) != CC_OK)
        goto out;
    if ((st = run_side(&base, &so, &err)) != CC_OK || (st = run_side(&alt, &so, &err)) != CC_OK ||
        (st = compare(&base, &alt, &c, &err)) != CC_OK)
        goto out;
    if (json)
        print_json(&base, &alt, &c, &so);
    else
        print_text(&base, &alt, &c, &so);
    st = cc_cli_stdout_done(&err);
out:
    if (st != CC_OK)
        fprintf(stderr, "ccsim compare: %s\n", err.msg);
    side *sides[2] = { &base, &alt };
    for (int k = 0; k < 2; k++) {
        cc_results_destroy(sides[k]->r);
        free(sides[k]->in);
        cc_channels_report_fini(&sides[k]->plan_ch);
        cc_channels_report_fini(&sides[k]->sim_ch);
        cc_plan_destroy(sides[k]->plan);
        cc_scenario_destroy(sides[k]->s);
    }
    return st;
}
