#include "cli/plan_report.h"

#include "io/output.h"
#include "model/workforce.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char *dist_name(cc_dist_kind k)
{
    switch (k) {
    case CC_DIST_NONE: return "none";
    case CC_DIST_EXPONENTIAL: return "exponential";
    case CC_DIST_LOGNORMAL: return "lognormal";
    case CC_DIST_GAMMA: return "gamma";
    case CC_DIST_DETERMINISTIC: return "deterministic";
    case CC_DIST_EMPIRICAL: return "empirical";
    }
    return "?";
}

/* A one-line note on how queue q's patience entered the model, or 0 if none is due. */
cc_plan_group_figures cc_plan_group_figures_of(const cc_plan *p, size_t g)
{
    cc_plan_group_figures f = { 0 };
    double agent_s = 0;
    for (size_t i = 0; i < p->n_intervals; i++) {
        cc_group_tally t;
        cc_plan_group_tally(p, g, i, &t);
        agent_s += t.staffed_s;
        const cc_plan_cell *c = p->pooled ? &p->group_cells[g * p->n_intervals + i] : NULL;
        if (c && c->agents > f.agents_peak)
            f.agents_peak = c->agents;
    }
    cc_costing cost;
    f.agent_hours = agent_s / 3600.0;
    f.fte = cc_workforce_costing(&p->s->workforce, p->s->calendar.days, agent_s, 0, 0, &cost, NULL) == CC_OK
          ? cost.fte : NAN;
    return f;
}

int cc_plan_priority_note(const cc_plan *p, size_t g, char *buf, size_t n)
{
    const cc_group *grp = &p->s->groups[g];
    if (!p->pooled || p->method == CC_PLAN_SIMULATION)
        return 0;
    for (size_t k = 1; k < grp->n_serves; k++)
        if (p->s->queues[grp->serves[k]].priority != p->s->queues[grp->serves[0]].priority) {
            snprintf(buf, n, "group %s serves queues of different priorities: the analytic plan serves its pool "
                     "first come, first served (--method simulation honours the priorities)", grp->name);
            return 1;
        }
    return 0;
}

int cc_plan_patience_note(const cc_plan *p, size_t q, char *buf, size_t n)
{
    const cc_plan_queue *pq = &p->queues[q];
    const cc_queue *sq = &p->s->queues[q];
    if (pq->patience == CC_PLAN_PATIENCE_MEAN_ONLY)
        snprintf(buf, n, "queue %s: patience is %s; Erlang A assumes exponential patience with its mean %g s",
                 sq->name, dist_name(sq->patience.kind), pq->patience_s);
    else if (pq->patience == CC_PLAN_PATIENCE_NONE)
        snprintf(buf, n, "queue %s has no patience (callers never abandon): Erlang C used for it", sq->name);
    else
        return 0;
    return 1;
}

static void json_outcome(cc_json *j, const cc_plan_outcome *o)
{
    cc_json_num(j, "calls", o->calls);
    cc_json_num(j, "agent_hours", o->agent_hours);
    cc_json_num(j, "service_level", o->service_level);
    cc_json_num(j, "abandon_rate", o->abandon_rate);
    cc_json_num(j, "asa_s", o->asa_s);
    cc_json_num(j, "occupancy", o->occupancy);
}

static void json_by_channel(cc_json *j, const cc_plan *p, const char *key, size_t offset)
{
    cc_json_open(j, key);
    for (int c = 0; c < CC_CHANNELS; c++)
        if (p->channels[c].n_queues) {
            double v;
            memcpy(&v, (const char *)&p->channels[c] + offset, sizeof v);
            cc_json_num(j, cc_channel_name((cc_channel)c), v);
        }
    cc_json_close(j);
}

static void json_channel_figures(cc_json *j, const cc_channel_figures *f)
{
    cc_json_num(j, "volume", f->volume);
    cc_json_num(j, "fte", f->fte);
    cc_json_num(j, "cost", f->cost);
    cc_json_num(j, "cost_per_contact", f->cost_per_contact);
    cc_json_num(j, "service_level", f->service_level);
    cc_json_num(j, "agent_hours", f->agent_hours);
    cc_json_num(j, "staff_cost", f->staff_cost);
    cc_json_num(j, "non_staff_cost", f->non_staff_cost);
}

void cc_report_channel_cells(const cc_channel_figures *f)
{
    const double v[5] = { f->volume, f->fte, f->cost, f->cost_per_contact, 100.0 * f->service_level };
    static const int decimals[5] = { 0, 2, 0, 2, 2 };
    for (int k = 0; k < 5; k++) {
        if (isnan(v[k]))
            printf(" %10s", "-");
        else
            printf(" %*.*f%s", k == 4 ? 9 : 10, decimals[k], v[k], k == 4 ? "%" : "");
    }
    putchar('\n');
}

void cc_plan_report_channels_json(cc_json *j, const char *key, const cc_channel_report *r)
{
    cc_json_open(j, key);
    for (int c = 0; c < CC_CHANNELS; c++) {
        if (!r->used[c])
            continue;
        cc_json_open(j, cc_channel_name((cc_channel)c));
        json_channel_figures(j, &r->total[c]);
        if (r->n_years > 1) {
            cc_json_open_array(j, "years");
            for (size_t y = 0; y < r->n_years; y++) {
                cc_json_open(j, NULL);
                cc_json_int(j, "year", (long long)y + 1);
                json_channel_figures(j, &r->years[y * CC_CHANNELS + c]);
                cc_json_close(j);
            }
            cc_json_close_array(j);
        }
        cc_json_close(j);
    }
    cc_json_close(j);
}

void cc_plan_report_json(cc_json *j, const cc_plan *p, const cc_channel_report *channels)
{
    const cc_scenario *s = p->s;
    char note[512];
    cc_json_str(j, "scenario", s->name);
    cc_json_str(j, "method", cc_plan_method_name(p->method));
    cc_json_open(j, "targets");
    cc_json_num(j, "service_level", s->targets.service_level);
    cc_json_num(j, "answer_within_s", s->targets.answer_within_s);
    if (s->targets.asa_s > 0)
        cc_json_num(j, "asa_s", s->targets.asa_s);
    if (s->targets.max_abandon_rate > 0)
        cc_json_num(j, "max_abandon_rate", s->targets.max_abandon_rate);
    if (s->targets.max_occupancy > 0)
        cc_json_num(j, "max_occupancy", s->targets.max_occupancy);
    cc_json_close(j);
    cc_json_int(j, "days", s->calendar.days);
    cc_json_num(j, "weeks", p->weeks);
    cc_json_num(j, "annualisation", p->per_year);
    cc_json_num(j, "calls", p->outcome.calls);
    cc_json_num(j, "calls_per_year", p->calls_per_year);
    cc_json_int(j, "agents_required_peak", p->agents_peak);
    cc_json_num(j, "agent_hours", p->outcome.agent_hours);
    cc_json_num(j, "fte", p->fte);
    json_by_channel(j, p, "fte_by_channel", offsetof(cc_plan_channel, fte));
    json_by_channel(j, p, "cost_by_channel", offsetof(cc_plan_channel, cost));
    json_by_channel(j, p, "cost_per_contact_by_channel", offsetof(cc_plan_channel, cost_per_contact));
    json_by_channel(j, p, "quoted_cost_per_contact_by_channel", offsetof(cc_plan_channel, quoted_cost_per_contact));
    cc_plan_report_channels_json(j, "channels", channels);
    cc_json_int(j, "open_days", p->open_days);
    cc_json_num(j, "fte_per_open_day", p->fte_open_day);
    cc_json_open_array(j, "fte_by_week");
    for (size_t k = 0; k < p->n_weeks; k++)
        cc_json_num(j, NULL, p->fte_week[k]);
    cc_json_close_array(j);
    cc_json_num(j, "staff_cost", p->staff_cost);
    cc_json_num(j, "contact_cost", p->contact_cost);
    cc_json_num(j, "cost_total", p->cost);
    cc_json_num(j, "cost_horizon", p->cost / p->per_year);
    cc_json_num(j, "lost_calls", p->lost_calls);
    cc_json_num(j, "service_level", p->outcome.service_level);
    cc_json_num(j, "abandon_rate", p->outcome.abandon_rate);
    cc_json_num(j, "asa_s", p->outcome.asa_s);
    cc_json_num(j, "occupancy", p->outcome.occupancy);
    cc_json_open_array(j, "notes");
    for (size_t q = 0; q < p->n_queues; q++)
        if (cc_plan_patience_note(p, q, note, sizeof note))
            cc_json_str(j, NULL, note);
    for (size_t q = 0; q < p->n_queues; q++)
        if (cc_plan_method_note(p, q, note, sizeof note))
            cc_json_str(j, NULL, note);
    for (size_t g = 0; g < p->n_groups; g++)
        if (cc_plan_priority_note(p, g, note, sizeof note))
            cc_json_str(j, NULL, note);
    if (!p->has_workforce)
        cc_json_str(j, NULL, "no workforce section: FTE and staff cost are not computed");
    char warnings[CC_PLAN_REPORT_WARNINGS][CC_PLAN_WARNING_LEN];
    size_t nw = cc_plan_warnings(p, warnings, CC_PLAN_REPORT_WARNINGS);
    for (size_t k = 0; k < nw; k++)
        cc_json_str(j, NULL, warnings[k]);
    cc_json_close_array(j);

    if (p->pooled) {
        cc_json_open(j, "groups");
        for (size_t g = 0; g < p->n_groups; g++) {
            cc_plan_group_figures f = cc_plan_group_figures_of(p, g);
            cc_json_open(j, s->groups[g].name);
            cc_json_int(j, "agents_peak", f.agents_peak);
            cc_json_num(j, "agent_hours", f.agent_hours);
            cc_json_num(j, "fte", f.fte);
            cc_json_close(j);
        }
        cc_json_close(j);
    }
    cc_json_open(j, "queues");
    for (size_t q = 0; q < p->n_queues; q++) {
        const cc_plan_queue *pq = &p->queues[q];
        cc_json_open(j, s->queues[q].name);
        cc_json_str(j, "channel", cc_channel_name(s->queues[q].channel));
        cc_json_str(j, "model", cc_plan_method_name(p->method == CC_PLAN_SIMULATION ? p->method : pq->model));
        if (pq->model == CC_PLAN_ERLANG_A)
            cc_json_num(j, "patience_s", pq->patience_s);
        if (pq->concurrency > 1 && p->method != CC_PLAN_SIMULATION) {
            cc_json_str(j, "method", pq->model == CC_PLAN_ERLANG_A ? "erlang-a-concurrency" : "erlang-c-concurrency");
            cc_json_bool(j, "approximation", 1);
            cc_json_int(j, "concurrency", pq->concurrency);
            cc_json_num(j, "chat_stretch", s->queues[q].chat_stretch);
        }
        if (pq->model == CC_PLAN_SELF_SERVICE && p->method != CC_PLAN_SIMULATION)
            cc_json_str(j, "method", cc_plan_method_name(pq->model));
        if (s->queues[q].callback_after_s > 0)
            cc_json_num(j, "called_back", pq->called_back);
        if (pq->handed_on > 0 || pq->handed_on_dropped > 0) {
            cc_json_num(j, "handed_on", pq->handed_on);
            cc_json_num(j, "handed_on_dropped", pq->handed_on_dropped);
        }
        if (pq->model == CC_PLAN_WORKLOAD && p->method != CC_PLAN_SIMULATION) {
            cc_json_str(j, "method", cc_plan_method_name(pq->model));
            cc_json_int(j, "window_business_days", pq->window_days);
        }
        if (pq->model == CC_PLAN_ERLANG_X && p->method != CC_PLAN_SIMULATION) {
            /* What the figures rest on (model/plan.h): named for every method past Erlang C/A. */
            cc_json_str(j, "method", cc_plan_method_name(pq->model));
            if (pq->patience_s > 0)
                cc_json_num(j, "patience_s", pq->patience_s);
            if (s->queues[q].lines > 0)
                cc_json_int(j, "lines", s->queues[q].lines);
            cc_json_num(j, "redial_share", s->queues[q].redial_share);
            cc_json_num(j, "redials", pq->redials);
            cc_json_num(j, "blocked", pq->blocked);
        }
        cc_json_num(j, "aht_s", s->queues[q].handling.mean_s);
        cc_json_num(j, "calls_per_year", pq->calls_per_year);
        cc_json_num(j, "lost_calls", s->queues[q].lost_calls);
        cc_json_int(j, "agents_peak", pq->agents_peak);
        json_outcome(j, &pq->outcome);
        cc_json_num(j, "fte", pq->fte);
        cc_json_num(j, "staff_cost", pq->staff_cost);
        cc_json_num(j, "contact_cost", pq->contact_cost);
        cc_json_num(j, "cost", pq->cost);
        cc_json_close(j);
    }
    cc_json_close(j);

    if (p->fixed) {
        const cc_plan_fixed *f = p->fixed;
        cc_json_open(j, "fixed_fte");
        cc_json_num(j, "fte", f->fte);
        cc_json_num(j, "agent_hours_available", f->agent_hours_available);
        json_outcome(j, &f->outcome);
        cc_json_bool(j, "target_met", f->outcome.service_level >= s->targets.service_level);
        cc_json_num(j, "aht_breakeven", f->aht_breakeven);
        cc_json_open(j, "aht_breakeven_s");
        for (size_t q = 0; q < p->n_queues; q++)
            cc_json_num(j, s->queues[q].name, f->aht_breakeven_s[q]);
        cc_json_close(j);
        cc_json_open(j, "queues");
        for (size_t q = 0; q < p->n_queues; q++) {
            cc_json_open(j, s->queues[q].name);
            json_outcome(j, &f->queues[q]);
            cc_json_close(j);
        }
        cc_json_close(j);
        cc_json_close(j);
    }
}

/* A CSV number: empty when undefined. */
static void csv_num(FILE *f, double v, int prec)
{
    if (isnan(v))
        fputs(",", f);
    else
        fprintf(f, ",%.*f", prec, v);
}

static void csv_cell(FILE *f, const cc_plan_cell *c)
{
    fprintf(f, ",%ld", c->agents);
    csv_num(f, c->service_level, 6);
    csv_num(f, c->asa_s, 3);
    csv_num(f, c->p_abandon, 6);
    csv_num(f, c->occupancy, 6);
}

void cc_csv_name(FILE *f, const char *name)
{
    fputc('"', f);
    for (const char *n = name; *n; n++) {
        if (*n == '"')
            fputc('"', f);
        fputc(*n, f);
    }
    fputc('"', f);
}

typedef struct plan_csv {
    const cc_plan *p, *analytic;
} plan_csv;

static int write_plan_csv(FILE *f, const void *ctx)
{
    const cc_plan *p = ((const plan_csv *)ctx)->p, *analytic = ((const plan_csv *)ctx)->analytic;
    const cc_scenario *s = p->s;
    const char *sim = p->method == CC_PLAN_SIMULATION ? "_simulated" : "";
    fprintf(f, "queue,date,time,open_min,calls,agents%s,service_level%s,asa_s%s,abandon_rate%s,occupancy%s", sim, sim,
            sim, sim, sim);
    if (analytic)
        fputs(",agents_analytic,service_level_analytic,asa_s_analytic,abandon_rate_analytic,occupancy_analytic", f);
    fputs("\n", f);
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            const cc_plan_cell *c = &p->cells[q * p->n_intervals + i];
            if (c->open_s <= 0)
                continue;
            char date[11], time[6];
            cc_plan_interval_start(s, i, date, time);
            cc_csv_name(f, s->queues[q].name);
            fprintf(f, ",%s,%s,%.2f,%.4f", date, time, c->open_s / 60.0, c->calls);
            csv_cell(f, c);
            if (analytic)
                csv_cell(f, &analytic->cells[q * p->n_intervals + i]);
            fputc('\n', f);
        }
    return 0;
}

int cc_plan_write_csv(const cc_plan *p, const cc_plan *analytic, const char *path, cc_error *err)
{
    plan_csv c = { p, analytic };
    return cc_output_write_text(path, "the interval table", write_plan_csv, &c, err);
}
