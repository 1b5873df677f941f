/* ccsim simulate — Monte Carlo simulation of a scenario: JSON or a text summary,
 * and optionally the full results as HDF5. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/plan_report.h"
#include "cli/signals.h"
#include "io/h5table.h"
#include "io/json.h"
#include "io/output.h"
#include "io/results_h5.h"
#include "io/scenario_load.h"
#include "model/calendar.h"
#include "model/channels.h"
#include "model/run_limits.h"
#include "model/workforce.h"
#include "sim/compare.h"
#include "sim/mpi_runner.h"
#include "sim/runner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: ccsim simulate SCENARIO.cfg [--replications N] [--seed S] [--threads T]\n"
    "                      [--out FILE.h5] [--json] [--progress]\n"
    "\n"
    "Runs N independent replications of the scenario's horizon (default: the scenario's\n"
    "simulation.replications and simulation.seed) in parallel and reports service level,\n"
    "abandon rate, ASA and occupancy with 95% confidence intervals.\n"
    "  --threads T   worker threads (default: all cores); results do not depend on T\n"
    "  --out FILE    write per-interval, per-queue, per-group and per-replication tables (HDF5)\n"
    "  --json        print one JSON object on stdout\n"
    "  --progress    progress bar on stderr even when it is not a terminal\n";

static void json_queue_metrics(cc_json *j, const cc_estimate *e)
{
    cc_json_num(j, "calls_offered", e[CC_M_OFFERED].mean);
    cc_json_estimate(j, "service_level", e[CC_M_SERVICE_LEVEL].mean, e[CC_M_SERVICE_LEVEL].ci95);
    cc_json_estimate(j, "service_level_answered", e[CC_M_SERVICE_LEVEL_ANSWERED].mean,
                     e[CC_M_SERVICE_LEVEL_ANSWERED].ci95);
    cc_json_estimate(j, "service_level_excl_short", e[CC_M_SERVICE_LEVEL_EXCL_SHORT].mean,
                     e[CC_M_SERVICE_LEVEL_EXCL_SHORT].ci95);
    cc_json_estimate(j, "abandon_rate", e[CC_M_ABANDON_RATE].mean, e[CC_M_ABANDON_RATE].ci95);
    cc_json_estimate(j, "asa_s", e[CC_M_ASA].mean, e[CC_M_ASA].ci95);
    cc_json_estimate(j, "aht_s", e[CC_M_AHT].mean, e[CC_M_AHT].ci95);
    cc_json_estimate(j, "dropped", e[CC_M_DROPPED].mean, e[CC_M_DROPPED].ci95);
    cc_json_estimate(j, "backlog", e[CC_M_BACKLOG].mean, e[CC_M_BACKLOG].ci95);
}

/* "20 s" or "2 business days": how long a target allows. */
static void target_text(const cc_target *t, char *buf, size_t n)
{
    if (t->business_days)
        snprintf(buf, n, "%u business day%s", t->business_days, t->business_days == 1 ? "" : "s");
    else
        snprintf(buf, n, "%g s", t->within_s);
}

/* A queue's targets, headline first, each with its simulated service level. */
static void json_targets(cc_json *j, const cc_results *r, size_t q)
{
    const cc_queue *qu = &r->s->queues[q];
    cc_json_open_array(j, "targets");
    for (size_t k = 0; k < qu->n_targets; k++) {
        const cc_estimate *e = &r->target_total[q * CC_MAX_TARGETS + k];
        cc_json_open(j, NULL);
        cc_json_num(j, "share", qu->targets[k].share);
        if (qu->targets[k].business_days)
            cc_json_int(j, "within_business_days", qu->targets[k].business_days);
        else
            cc_json_num(j, "within_s", qu->targets[k].within_s);
        cc_json_estimate(j, "service_level", e->mean, e->ci95);
        cc_json_close(j);
    }
    cc_json_close_array(j);
}

/* Scheduled FTE and the yearly cost (staff and non-staff) of the scenario's staffing
 * plan, by the one costing rule of model/workforce.h (agents on duty for each group's
 * open part). Returns 0 when the scenario has no workforce section. */
static int plan_fte(const cc_scenario *s, cc_costing *c)
{
    if (!s->workforce.present)
        return 0;
    unsigned *staffing = cc_scenario_staffing(s);
    if (!staffing)
        return 0;
    double agent_s = cc_workforce_staffing_agent_s(s, staffing), calls = 0, non_staff = 0;
    free(staffing);
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t i = 0; i < s->n_intervals; i++) {
            calls += s->queues[q].calls[i];
            non_staff += s->queues[q].calls[i] * s->queues[q].non_staff_cost_per_contact;
        }
    cc_error err;
    return cc_workforce_costing(&s->workforce, s->calendar.days, agent_s, calls, non_staff, c, &err) == CC_OK;
}

/* calls_lost, recovery_min and the per-incident figures (sim/incident.h), when the
 * timeline has site outages. */
static void json_incidents(cc_json *j, const cc_results *r)
{
    const cc_scenario *s = r->s;
    if (r->n_incidents == 0)
        return;
    cc_json_estimate(j, "calls_lost", r->calls_lost.mean, r->calls_lost.ci95);
    cc_json_estimate(j, "recovery_min", r->recovery_min.mean, r->recovery_min.ci95);
    cc_json_open_array(j, "incidents");
    for (size_t k = 0; k < r->n_incidents; k++) {
        const cc_incident *inc = &r->incidents[k];
        char when[32];
        cc_json_open(j, NULL);
        cc_json_str(j, "site", s->n_sites ? s->sites[inc->site].name : "main");
        cc_scenario_moment(s, inc->from_s, ' ', when);
        cc_json_str(j, "from", when);
        cc_scenario_moment(s, inc->to_s, ' ', when);
        cc_json_str(j, "to", when);
        for (int f = 0; f < CC_INCIDENT_FIELDS; f++) {
            const cc_estimate *e = &r->incident_est[k * CC_INCIDENT_FIELDS + f];
            cc_json_estimate(j, cc_incident_field_names[f], e->mean, e->ci95);
        }
        cc_json_num(j, "extra_agent_hours", inc->extra_agent_hours);
        if (isfinite(inc->extra_cost))
            cc_json_num(j, "extra_cost", inc->extra_cost);
        cc_json_close(j);
    }
    cc_json_close_array(j);
}

/* The service level week by week, for a scenario of more than a week whose timeline
 * changes something (a migration or an incident to follow through the horizon; a
 * zero-length outage changes nothing). */
static void json_weeks(cc_json *j, const cc_results *r)
{
    const cc_scenario *s = r->s;
    int changes = 0;
    for (size_t k = 0; k < s->n_events; k++) {
        const cc_timeline_event *ev = &s->events[k];
        changes |= !(ev->type == CC_EVENT_SITE_DOWN && ev->has_duration && !(ev->until_s > ev->at_s));
    }
    if (!changes || s->calendar.days <= 7)
        return;
    cc_json_open_array(j, "weeks");
    for (size_t w = 0; 7 * w < s->calendar.days; w++) {
        cc_estimate sl, offered;
        char from[11];
        cc_results_week(r, w, &sl, &offered);
        cc_date_format(s->calendar.first_date + 7 * (long)w, from);
        cc_json_open(j, NULL);
        cc_json_str(j, "from", from);
        cc_json_estimate(j, "calls_offered", offered.mean, offered.ci95);
        cc_json_estimate(j, "service_level", sl.mean, sl.ci95);
        cc_json_close(j);
    }
    cc_json_close_array(j);
}

/* Per channel: the scenario's staffing and the simulated contacts (model/channels.h). */
static int channel_report(const cc_results *r, cc_channel_report *out, cc_error *err)
{
    size_t years;
    cc_channel_input *in = cc_channels_input_create(r->s, &years);
    unsigned *staffing = cc_scenario_staffing(r->s);
    int rc = in && staffing ? CC_OK : cc_error_set(err, CC_EINTERNAL, "out of memory");
    if (rc == CC_OK) {
        cc_channels_add_staffing(r->s, staffing, in);
        cc_compare_channel_results(r, in);
        rc = cc_channels_compute(r->s, in, out, err);
    }
    free(in);
    free(staffing);
    return rc;
}

static void print_channels(const cc_channel_report *ch)
{
    printf("\nBy channel (per year; simulated contacts, the scenario's staffing)\n");
    printf("  %-14s %10s %10s %10s %10s %10s\n", "channel", "volume", "FTE", "cost", "per cont.", "SL");
    for (int c = 0; c < CC_CHANNELS; c++)
        if (ch->used[c]) {
            printf("  %-14s", cc_channel_name((cc_channel)c));
            cc_report_channel_cells(&ch->total[c]);
        }
}

static void print_json(const cc_results *r, const cc_channel_report *channels)
{
    const cc_scenario *s = r->s;
    cc_json j;
    cc_json_init(&j, stdout);
    cc_json_open(&j, NULL);
    cc_json_str(&j, "scenario", s->name);
    cc_json_int(&j, "replications", r->replications);
    cc_json_int(&j, "seed", (long long)r->seed);
    cc_json_int(&j, "threads", r->threads);
    cc_json_num(&j, "wall_s", r->wall_s);
    cc_json_num(&j, "calls_per_s", r->calls_total / r->wall_s);
    json_queue_metrics(&j, r->total);
    cc_json_estimate(&j, "occupancy", r->group_all[CC_GM_OCCUPANCY].mean, r->group_all[CC_GM_OCCUPANCY].ci95);
    cc_json_open(&j, "queues");
    for (size_t q = 0; q < s->n_queues; q++) {
        cc_json_open(&j, s->queues[q].name);
        cc_json_str(&j, "channel", cc_channel_name(s->queues[q].channel));
        json_queue_metrics(&j, &r->queue_total[q * CC_QUEUE_METRICS]);
        json_targets(&j, r, q);
        for (int k = 0; k < CC_COUNTS; k++) {  /* the caller behaviour this queue showed */
            cc_estimate e = cc_results_queue_count(r, q, (cc_count)k);
            if (e.mean > 0)
                cc_json_estimate(&j, cc_count_names[k], e.mean, e.ci95);
        }
        cc_json_close(&j);
    }
    cc_json_close(&j);
    cc_json_open(&j, "groups");
    for (size_t g = 0; g < s->n_groups; g++) {
        const cc_estimate *e = &r->group_total[g * CC_GROUP_METRICS];
        cc_json_open(&j, s->groups[g].name);
        cc_json_estimate(&j, "occupancy", e[CC_GM_OCCUPANCY].mean, e[CC_GM_OCCUPANCY].ci95);
        cc_json_num(&j, "staffed_hours", e[CC_GM_STAFFED_HOURS].mean);
        cc_json_close(&j);
    }
    cc_json_close(&j);
    double p_horizon, p_day;
    cc_results_risk(r, s->targets.service_level, &p_horizon, &p_day);
    cc_json_open(&j, "risk");
    cc_json_num(&j, "target", s->targets.service_level);
    cc_json_num(&j, "p_day_meets_target", p_day);
    cc_json_num(&j, "p_horizon_meets_target", p_horizon);
    cc_json_close(&j);
    cc_costing c;
    if (plan_fte(s, &c)) {
        cc_json_num(&j, "fte", c.fte);
        cc_json_num(&j, "cost", c.cost);
    }
    json_incidents(&j, r);
    json_weeks(&j, r);
    cc_plan_report_channels_json(&j, "channels", channels);
    cc_json_close(&j);
    cc_json_finish(&j);
}

static void print_pct(const char *label, cc_estimate e)
{
    printf("  %-28s %7.2f%% ± %.2f\n", label, 100.0 * e.mean, 100.0 * e.ci95);
}

static void print_text(const cc_results *r, const cc_channel_report *channels)
{
    const cc_scenario *s = r->s;
    printf("%s%s%s\n", s->name, s->description ? " — " : "", s->description ? s->description : "");
    printf("%u replications, seed %llu, %d threads, %.3f s (%.2f million calls/s)\n\n",
           r->replications, (unsigned long long)r->seed, r->threads, r->wall_s,
           r->calls_total / r->wall_s / 1e6);
    printf("All queues (mean per replication, 95%% CI; T = %g s)\n", s->targets.answer_within_s);
    printf("  %-28s %8.1f\n", "calls offered", r->total[CC_M_OFFERED].mean);
    print_pct("service level", r->total[CC_M_SERVICE_LEVEL]);
    print_pct("service level (answered)", r->total[CC_M_SERVICE_LEVEL_ANSWERED]);
    print_pct("service level (excl. short)", r->total[CC_M_SERVICE_LEVEL_EXCL_SHORT]);
    print_pct("abandon rate", r->total[CC_M_ABANDON_RATE]);
    printf("  %-28s %8.2f s ± %.2f\n", "ASA", r->total[CC_M_ASA].mean, r->total[CC_M_ASA].ci95);
    print_pct("occupancy", r->group_all[CC_GM_OCCUPANCY]);
    cc_costing c;
    if (plan_fte(s, &c) && s->workforce.cost_per_fte_year > 0)
        printf("  %-28s %8.2f FTE (shrinkage %.1f%%, %g paid h/week); cost %.0f a year (staff %.0f, "
               "non-staff %.0f)\n", "staffing plan", c.fte, 100.0 * s->workforce.shrinkage,
               s->workforce.paid_hours_per_week, c.cost, c.staff_cost, c.non_staff_cost);
    else if (plan_fte(s, &c))
        printf("  %-28s %8.2f FTE (shrinkage %.1f%%, %g paid h/week); staff not costed (no "
               "workforce.cost_per_fte_year), non-staff %.0f a year\n", "staffing plan", c.fte,
               100.0 * s->workforce.shrinkage, s->workforce.paid_hours_per_week, c.non_staff_cost);
    printf("  target: %.0f%% answered within %g s — %s\n", 100.0 * s->targets.service_level,
           s->targets.answer_within_s,
           r->total[CC_M_SERVICE_LEVEL].mean >= s->targets.service_level ? "met" : "NOT met");
    double p_horizon, p_day;
    cc_results_risk(r, s->targets.service_level, &p_horizon, &p_day);
    printf("  probability of meeting it: %.1f%% of days, %.1f%% of whole horizons (%u replications)\n",
           100.0 * p_day, 100.0 * p_horizon, r->replications);
    if (r->total[CC_M_DROPPED].mean > 0.0)
        printf("  %-28s %8.1f ± %.1f (ended in service by an outage)\n", "dropped",
               r->total[CC_M_DROPPED].mean, r->total[CC_M_DROPPED].ci95);
    printf("  %-28s %8.2f ± %.2f (mean at interval ends)\n", "backlog", r->total[CC_M_BACKLOG].mean,
           r->total[CC_M_BACKLOG].ci95);
    for (size_t k = 0; k < r->n_incidents; k++) {
        const cc_incident *inc = &r->incidents[k];
        const cc_estimate *e = &r->incident_est[k * CC_INCIDENT_FIELDS];
        char from[32], to[32];
        cc_scenario_moment(s, inc->from_s, ' ', from);
        cc_scenario_moment(s, inc->to_s, ' ', to);
        printf("\nOutage of site %s, %s to %s (mean per replication, 95%% CI)\n",
               s->n_sites ? s->sites[inc->site].name : "main", from, to);
        for (int f = 0; f < CC_INCIDENT_FIELDS; f++)
            printf("  %-28s %8.1f ± %.1f\n", cc_incident_field_names[f], e[f].mean, e[f].ci95);
        printf("  %-28s %8.1f", "extra_agent_hours", inc->extra_agent_hours);
        if (isfinite(inc->extra_cost))
            printf(" (cost %.0f)", inc->extra_cost);
        printf("\n");
    }

    printf("\nTargets by queue (service level over the horizon, 95%% CI)\n");
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t k = 0; k < s->queues[q].n_targets; k++) {
            const cc_target *t = &s->queues[q].targets[k];
            cc_estimate e = r->target_total[q * CC_MAX_TARGETS + k];
            char within[48];
            target_text(t, within, sizeof within);
            if (isnan(e.mean))
                printf("  %-28s %3.0f%% within %-16s %8s %8s  no contacts\n", k ? "" : s->queues[q].name,
                       100.0 * t->share, within, "-", "");
            else
                printf("  %-28s %3.0f%% within %-16s %7.2f%% ± %.2f  %s\n", k ? "" : s->queues[q].name,
                       100.0 * t->share, within, 100.0 * e.mean, 100.0 * e.ci95,
                       e.mean >= t->share ? "met" : "NOT met");
        }

    print_channels(channels);
    if (!cc_cli_table_fits(s))
        return;
    for (size_t q = 0; q < s->n_queues; q++) {
        printf("\nQueue %s (%s), by arrival interval\n", s->queues[q].name,
               cc_channel_name(s->queues[q].channel));
        printf("  %-17s %8s %7s %8s %7s %8s %8s\n", "start", "offered", "agents", "SL", "±",
               "abandon", "ASA s");
        const cc_queue *qu = &s->queues[q];
        for (size_t i = 0; i < s->n_intervals; i++) {
            if (qu->open_to_s[i] <= qu->open_from_s[i])
                continue;
            const cc_estimate *e = cc_results_queue_interval(r, q, i);
            unsigned agents = 0;
            for (size_t k = 0; k < s->n_queue_groups[q]; k++)
                agents += s->groups[s->queue_groups[q][k]].agents[i];
            char when[32];
            cc_scenario_interval_label(s, i, when, sizeof when);
            printf("  %-17s %8.1f %7u %7.2f%% %7.2f %7.2f%% %8.2f\n", when,
                   e[CC_M_OFFERED].mean, agents, 100.0 * e[CC_M_SERVICE_LEVEL].mean,
                   100.0 * e[CC_M_SERVICE_LEVEL].ci95, 100.0 * e[CC_M_ABANDON_RATE].mean,
                   e[CC_M_ASA].mean);
        }
    }
}

int cc_cmd_simulate(int argc, char **argv)
{
    const char *path = NULL, *out = NULL;
    cc_args_run run = { 0 };
    int json = 0, progress = isatty(STDERR_FILENO);
    cc_error err = { 0 };
    int status = CC_OK;

    for (int i = 1; i < argc && status == CC_OK; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--progress")) {
            progress = 1;
        } else if (cc_args_run_option(argc, argv, &i, 1, &run, &status, &err)) {
            continue;
        } else if (!strcmp(a, "--out")) {
            status = cc_args_value(argc, argv, &i, &out, &err);
        } else if (a[0] == '-') {
            status = cc_error_set(&err, CC_EINPUT, "unknown option '%s' (accepted: --replications, "
                                  "--seed, --threads, --out, --json, --progress, --help)", a);
        } else if (path) {
            status = cc_error_set(&err, CC_EINPUT, "one scenario file expected (got '%s' and '%s')", path, a);
        } else {
            path = a;
        }
    }
    if (status == CC_OK && !path)
        status = cc_error_set(&err, CC_EINPUT, "a scenario file is required (ccsim simulate SCENARIO.cfg)");
    if (status != CC_OK) {
        if (cc_mpi_rank() == 0)
            fprintf(stderr, "ccsim simulate: %s\n", err.msg);
        return status;
    }

    /* Under MPI every rank checks its own input (rank 0 alone the output file) and
     * they agree before the run (sim/mpi_runner.h). */
    cc_scenario *s = NULL;
    cc_results *r = NULL;
    cc_run_options opt = { 0 };
    int exact = 1;
    cc_channel_report channels = { 0 };
    cc_cli_signals_catch();
    if (out && cc_mpi_rank() == 0)
        status = cc_output_check("--out", out, &err);
    if (status == CC_OK)
        status = cc_args_load_scenario("simulate", path, &s, &err);
    if (status == CC_OK && !s->groups_given)
        status = cc_error_set(&err, CC_EINPUT, "%s: groups is required for simulate (who answers the "
                              "calls?); ccsim plan sizes a scenario without groups, and "
                              "ccsim plan --method simulation simulates that plan", path);
    if (status == CC_OK) {
        opt = (cc_run_options){ .progress = progress, .interrupted = &cc_cli_signal };
        cc_args_run_resolve(&run, s, &opt.replications, &opt.seed, &opt.threads);
        status = cc_run_limits_check(s, opt.replications, &err);
    }
    if (status == CC_OK && cc_cli_signal)
        status = cc_error_set(&err, CC_EINTERNAL, "interrupted by %s before the run",
                              cc_cli_signal_name(cc_cli_signal));
    if ((status = cc_mpi_agree(status, &err)) != CC_OK)
        goto out;
    if ((status = cc_mpi_simulate(s, &opt, 0, &r, &exact, &err)) != CC_OK || cc_mpi_rank() != 0)
        goto out;
    if (!exact)
        fputs("ccsim simulate: note: per-interval sums passed the exact range of sim/stats.h (2^53 "
              "units); the estimates of those intervals read NaN\n", stderr);
    /* A signal after the last replication: the finished results are still
     * written, then the command stops. */
    if (out && (status = cc_results_write_h5(r, out, &err)) != CC_OK)
        goto out;
    if (cc_cli_signal) {
        status = cc_error_set(&err, CC_EINTERNAL, "interrupted by %s after the run%s%s%s",
                              cc_cli_signal_name(cc_cli_signal), out ? "; the results file " : "",
                              out ? out : "", out ? " is complete" : "");
        goto out;
    }
    if ((status = channel_report(r, &channels, &err)) != CC_OK)
        goto out;
    if (json)
        print_json(r, &channels);
    else
        print_text(r, &channels);
    status = cc_cli_stdout_done(&err);
out:
    if (status != CC_OK && cc_mpi_rank() == 0)
        fprintf(stderr, "ccsim simulate: %s\n", err.msg);
    cc_channels_report_fini(&channels);
    cc_results_destroy(r);
    cc_scenario_destroy(s);
    return status;
}
