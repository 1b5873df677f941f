/* plan_h5.c — the plan file; layout in docs/results.md. */
#include "io/plan_h5.h"

#include "io/h5table.h"
#include "model/version.h"

#include <math.h>
#include <stdio.h>

typedef struct plan_file {
    const cc_plan *p;
    const long *analytic_agents;    /* NULL unless the plan was corrected by simulation */
} plan_file;

/* Per queue and interval: the required plan and, with a fixed FTE, its roster. */
static int write_intervals(hid_t file, const cc_plan *p, const long *analytic)
{
    const cc_scenario *s = p->s;
    cc_h5table t = { 0 };
    size_t c_queue = cc_h5table_add_col(&t, "queue", CC_H5_INT);
    size_t c_qname = cc_h5table_add_col(&t, "queue_name", CC_H5_NAME);
    size_t c_interval = cc_h5table_add_col(&t, "interval", CC_H5_INT);
    size_t c_start = cc_h5table_add_col(&t, "start_s", CC_H5_DOUBLE);
    size_t c_iso = cc_h5table_add_col(&t, "start", CC_H5_NAME);
    size_t c_calls = cc_h5table_add_col(&t, "calls", CC_H5_DOUBLE);
    size_t c_open = cc_h5table_add_col(&t, "open_s", CC_H5_DOUBLE);
    size_t c_agents = cc_h5table_add_col(&t, "agents", CC_H5_INT);
    size_t c_load = cc_h5table_add_col(&t, "load_erlangs", CC_H5_DOUBLE);
    size_t c_sl = cc_h5table_add_col(&t, "service_level", CC_H5_DOUBLE);
    size_t c_sla = cc_h5table_add_col(&t, "service_level_answered", CC_H5_DOUBLE);
    size_t c_sle = cc_h5table_add_col(&t, "service_level_excl_short", CC_H5_DOUBLE);
    size_t c_asa = cc_h5table_add_col(&t, "asa_s", CC_H5_DOUBLE);
    size_t c_ab = cc_h5table_add_col(&t, "p_abandon", CC_H5_DOUBLE);
    size_t c_occ = cc_h5table_add_col(&t, "occupancy", CC_H5_DOUBLE);
    size_t c_fa = 0, c_fsl = 0, c_fab = 0, c_fasa = 0, c_an = 0;
    if (analytic)
        c_an = cc_h5table_add_col(&t, "agents_analytic", CC_H5_INT);
    if (p->fixed) {
        c_fa = cc_h5table_add_col(&t, "fixed_agents", CC_H5_INT);
        c_fsl = cc_h5table_add_col(&t, "fixed_service_level", CC_H5_DOUBLE);
        c_fab = cc_h5table_add_col(&t, "fixed_p_abandon", CC_H5_DOUBLE);
        c_fasa = cc_h5table_add_col(&t, "fixed_asa_s", CC_H5_DOUBLE);
    }
    if (cc_h5table_alloc(&t, p->n_queues * p->n_intervals) != 0)
        return -1;
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            size_t row = q * p->n_intervals + i;
            const cc_plan_cell *c = &p->cells[row];
            char iso[32];
            cc_scenario_moment(s, (double)i * s->interval_s, 'T', iso);
            cc_h5table_set_int(&t, row, c_queue, (long)q);
            cc_h5table_set_name(&t, row, c_qname, s->queues[q].name);
            cc_h5table_set_int(&t, row, c_interval, (long)i);
            cc_h5table_set_double(&t, row, c_start, (double)i * s->interval_s);
            cc_h5table_set_name(&t, row, c_iso, iso);
            cc_h5table_set_double(&t, row, c_calls, c->calls);
            cc_h5table_set_double(&t, row, c_open, c->open_s);
            cc_h5table_set_int(&t, row, c_agents, c->agents);
            cc_h5table_set_double(&t, row, c_load, c->load_erlangs);
            cc_h5table_set_double(&t, row, c_sl, c->service_level);
            cc_h5table_set_double(&t, row, c_sla, c->service_level_answered);
            cc_h5table_set_double(&t, row, c_sle, c->service_level_excl_short);
            cc_h5table_set_double(&t, row, c_asa, c->asa_s);
            cc_h5table_set_double(&t, row, c_ab, c->p_abandon);
            cc_h5table_set_double(&t, row, c_occ, c->occupancy);
            if (analytic)
                cc_h5table_set_int(&t, row, c_an, analytic[row]);
            if (p->fixed) {
                const cc_plan_cell *f = &p->fixed->cells[row];
                cc_h5table_set_int(&t, row, c_fa, f->agents);
                cc_h5table_set_double(&t, row, c_fsl, f->service_level);
                cc_h5table_set_double(&t, row, c_fab, f->p_abandon);
                cc_h5table_set_double(&t, row, c_fasa, f->asa_s);
            }
        }
    int rc = cc_h5table_write(file, "intervals", &t);
    cc_h5table_fini(&t);
    return rc;
}

/* One row per queue, then `all`. */
static int write_queues(hid_t file, const cc_plan *p)
{
    const cc_scenario *s = p->s;
    cc_h5table t = { 0 };
    size_t c_name = cc_h5table_add_col(&t, "name", CC_H5_NAME);
    size_t c_channel = cc_h5table_add_col(&t, "channel", CC_H5_NAME);
    size_t c_model = cc_h5table_add_col(&t, "model", CC_H5_NAME);
    size_t c_pat = cc_h5table_add_col(&t, "patience_s", CC_H5_DOUBLE);
    size_t c_aht = cc_h5table_add_col(&t, "aht_s", CC_H5_DOUBLE);
    size_t c_calls = cc_h5table_add_col(&t, "calls", CC_H5_DOUBLE);
    size_t c_cpy = cc_h5table_add_col(&t, "calls_per_year", CC_H5_DOUBLE);
    size_t c_lost = cc_h5table_add_col(&t, "lost_calls", CC_H5_DOUBLE);
    size_t c_peak = cc_h5table_add_col(&t, "agents_peak", CC_H5_INT);
    size_t c_hours = cc_h5table_add_col(&t, "agent_hours", CC_H5_DOUBLE);
    size_t c_fte = cc_h5table_add_col(&t, "fte", CC_H5_DOUBLE);
    size_t c_staff = cc_h5table_add_col(&t, "staff_cost", CC_H5_DOUBLE);
    size_t c_contact = cc_h5table_add_col(&t, "contact_cost", CC_H5_DOUBLE);
    size_t c_cost = cc_h5table_add_col(&t, "cost", CC_H5_DOUBLE);
    size_t c_sl = cc_h5table_add_col(&t, "service_level", CC_H5_DOUBLE);
    size_t c_ab = cc_h5table_add_col(&t, "abandon_rate", CC_H5_DOUBLE);
    size_t c_asa = cc_h5table_add_col(&t, "asa_s", CC_H5_DOUBLE);
    size_t c_occ = cc_h5table_add_col(&t, "occupancy", CC_H5_DOUBLE);
    size_t c_fh = 0, c_fsl = 0, c_fab = 0, c_be = 0;
    if (p->fixed) {
        c_fh = cc_h5table_add_col(&t, "fixed_agent_hours", CC_H5_DOUBLE);
        c_fsl = cc_h5table_add_col(&t, "fixed_service_level", CC_H5_DOUBLE);
        c_fab = cc_h5table_add_col(&t, "fixed_abandon_rate", CC_H5_DOUBLE);
        c_be = cc_h5table_add_col(&t, "aht_breakeven_s", CC_H5_DOUBLE);
    }
    if (cc_h5table_alloc(&t, p->n_queues + 1) != 0)
        return -1;
    for (size_t q = 0; q <= p->n_queues; q++) {
        int all = q == p->n_queues;
        const cc_plan_queue *pq = all ? NULL : &p->queues[q];
        const cc_plan_outcome *o = all ? &p->outcome : &pq->outcome;
        cc_h5table_set_name(&t, q, c_name, all ? "all" : s->queues[q].name);
        cc_h5table_set_name(&t, q, c_channel, all ? "" : cc_channel_name(s->queues[q].channel));
        cc_h5table_set_name(&t, q, c_model, cc_plan_method_name(all || p->method == CC_PLAN_SIMULATION ? p->method : pq->model));
        cc_h5table_set_double(&t, q, c_pat, all || pq->model != CC_PLAN_ERLANG_A ? NAN : pq->patience_s);
        cc_h5table_set_double(&t, q, c_aht, all ? NAN : s->queues[q].handling.mean_s);
        cc_h5table_set_double(&t, q, c_calls, o->calls);
        cc_h5table_set_double(&t, q, c_cpy, all ? p->calls_per_year : pq->calls_per_year);
        double lost = 0;
        for (size_t k = 0; k < p->n_queues; k++)
            if (all || k == q)
                lost += s->queues[k].lost_calls;
        cc_h5table_set_double(&t, q, c_lost, lost);
        cc_h5table_set_int(&t, q, c_peak, all ? p->agents_peak : pq->agents_peak);
        cc_h5table_set_double(&t, q, c_hours, o->agent_hours);
        cc_h5table_set_double(&t, q, c_fte, all ? p->fte : pq->fte);
        cc_h5table_set_double(&t, q, c_staff, all ? p->staff_cost : pq->staff_cost);
        cc_h5table_set_double(&t, q, c_contact, all ? p->contact_cost : pq->contact_cost);
        cc_h5table_set_double(&t, q, c_cost, all ? p->cost : pq->cost);
        cc_h5table_set_double(&t, q, c_sl, o->service_level);
        cc_h5table_set_double(&t, q, c_ab, o->abandon_rate);
        cc_h5table_set_double(&t, q, c_asa, o->asa_s);
        cc_h5table_set_double(&t, q, c_occ, o->occupancy);
        if (p->fixed) {
            const cc_plan_outcome *f = all ? &p->fixed->outcome : &p->fixed->queues[q];
            cc_h5table_set_double(&t, q, c_fh, f->agent_hours);
            cc_h5table_set_double(&t, q, c_fsl, f->service_level);
            cc_h5table_set_double(&t, q, c_fab, f->abandon_rate);
            cc_h5table_set_double(&t, q, c_be, all ? NAN : p->fixed->aht_breakeven_s[q]);
        }
    }
    int rc = cc_h5table_write(file, "queues", &t);
    cc_h5table_fini(&t);
    return rc;
}

/* One row per channel that has queues, then `all`. */
static int write_channels(hid_t file, const cc_plan *p)
{
    cc_h5table t = { 0 };
    size_t c_name = cc_h5table_add_col(&t, "name", CC_H5_NAME);
    size_t c_cpy = cc_h5table_add_col(&t, "calls_per_year", CC_H5_DOUBLE);
    size_t c_hours = cc_h5table_add_col(&t, "agent_hours", CC_H5_DOUBLE);
    size_t c_fte = cc_h5table_add_col(&t, "fte", CC_H5_DOUBLE);
    size_t c_staff = cc_h5table_add_col(&t, "staff_cost", CC_H5_DOUBLE);
    size_t c_contact = cc_h5table_add_col(&t, "contact_cost", CC_H5_DOUBLE);
    size_t c_cost = cc_h5table_add_col(&t, "cost", CC_H5_DOUBLE);
    size_t c_cpc = cc_h5table_add_col(&t, "cost_per_contact", CC_H5_DOUBLE);
    size_t n = 1;
    for (int c = 0; c < CC_CHANNELS; c++)
        n += p->channels[c].n_queues > 0;
    if (cc_h5table_alloc(&t, n) != 0)
        return -1;
    size_t row = 0;
    for (int c = 0; c < CC_CHANNELS; c++) {
        const cc_plan_channel *ch = &p->channels[c];
        if (!ch->n_queues)
            continue;
        cc_h5table_set_name(&t, row, c_name, cc_channel_name((cc_channel)c));
        cc_h5table_set_double(&t, row, c_cpy, ch->calls_per_year);
        cc_h5table_set_double(&t, row, c_hours, ch->agent_hours);
        cc_h5table_set_double(&t, row, c_fte, ch->fte);
        cc_h5table_set_double(&t, row, c_staff, ch->staff_cost);
        cc_h5table_set_double(&t, row, c_contact, ch->contact_cost);
        cc_h5table_set_double(&t, row, c_cost, ch->cost);
        cc_h5table_set_double(&t, row, c_cpc, ch->cost_per_contact);
        row++;
    }
    cc_h5table_set_name(&t, row, c_name, "all");
    cc_h5table_set_double(&t, row, c_cpy, p->calls_per_year);
    cc_h5table_set_double(&t, row, c_hours, p->outcome.agent_hours);
    cc_h5table_set_double(&t, row, c_fte, p->fte);
    cc_h5table_set_double(&t, row, c_staff, p->staff_cost);
    cc_h5table_set_double(&t, row, c_contact, p->contact_cost);
    cc_h5table_set_double(&t, row, c_cost, p->cost);
    cc_h5table_set_double(&t, row, c_cpc, p->calls_per_year > 0 ? p->cost / p->calls_per_year : NAN);
    int rc = cc_h5table_write(file, "channels", &t);
    cc_h5table_fini(&t);
    return rc;
}

/* One row per day of the horizon: its date, calls and agent-hours on duty. */
static int write_days(hid_t file, const cc_plan *p)
{
    const cc_scenario *s = p->s;
    cc_h5table t = { 0 };
    size_t c_date = cc_h5table_add_col(&t, "date", CC_H5_NAME);
    size_t c_calls = cc_h5table_add_col(&t, "calls", CC_H5_DOUBLE);
    size_t c_hours = cc_h5table_add_col(&t, "agent_hours", CC_H5_DOUBLE);
    if (cc_h5table_alloc(&t, s->calendar.days) != 0)
        return -1;
    for (size_t d = 0; d < s->calendar.days; d++) {
        char date[11];
        cc_date_format(s->calendar.first_date + (long)d, date);
        cc_h5table_set_name(&t, d, c_date, date);
        cc_h5table_set_double(&t, d, c_calls, p->day_calls[d]);
        cc_h5table_set_double(&t, d, c_hours, p->day_agent_s[d] / 3600.0);
    }
    int rc = cc_h5table_write(file, "days", &t);
    cc_h5table_fini(&t);
    return rc;
}

/* A pooled plan's groups per interval: name, start, agents, duty and occupancy. */
static int write_groups(hid_t file, const cc_plan *p)
{
    const cc_scenario *s = p->s;
    cc_h5table t = { 0 };
    size_t c_name = cc_h5table_add_col(&t, "group_name", CC_H5_NAME);
    size_t c_start = cc_h5table_add_col(&t, "start", CC_H5_NAME);
    size_t c_agents = cc_h5table_add_col(&t, "agents", CC_H5_INT);
    size_t c_duty = cc_h5table_add_col(&t, "duty_s", CC_H5_DOUBLE);
    size_t c_calls = cc_h5table_add_col(&t, "calls", CC_H5_DOUBLE);
    size_t c_occ = cc_h5table_add_col(&t, "occupancy", CC_H5_DOUBLE);
    if (cc_h5table_alloc(&t, p->n_groups * p->n_intervals) != 0)
        return -1;
    for (size_t g = 0; g < p->n_groups; g++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            size_t row = g * p->n_intervals + i;
            const cc_plan_cell *c = &p->group_cells[row];
            char iso[32];
            cc_scenario_moment(s, (double)i * s->interval_s, 'T', iso);
            cc_h5table_set_name(&t, row, c_name, s->groups[g].name);
            cc_h5table_set_name(&t, row, c_start, iso);
            cc_h5table_set_int(&t, row, c_agents, c->agents);
            cc_h5table_set_double(&t, row, c_duty, c->open_s);
            cc_h5table_set_double(&t, row, c_calls, c->calls);
            cc_h5table_set_double(&t, row, c_occ, c->occupancy);
        }
    int rc = cc_h5table_write(file, "groups", &t);
    cc_h5table_fini(&t);
    return rc;
}

static int write_all(hid_t file, const void *ctx)
{
    const plan_file *pf = ctx;
    const cc_plan *p = pf->p;
    const cc_scenario *s = p->s;
    int version = CC_PLAN_FORMAT_VERSION;
    unsigned days = s->calendar.days;
    if (cc_h5_attr_write(file, "format_version", H5T_NATIVE_INT, &version) < 0 ||
        cc_h5_attr_string(file, "ccsim_version", CC_VERSION) < 0 ||
        cc_h5_attr_string(file, "method", cc_plan_method_name(p->method)) < 0 ||
        cc_h5_attr_write(file, "target_service_level", H5T_NATIVE_DOUBLE, &s->targets.service_level) < 0 ||
        cc_h5_attr_write(file, "answer_within_s", H5T_NATIVE_DOUBLE, &s->targets.answer_within_s) < 0 ||
        cc_h5_attr_write(file, "interval_s", H5T_NATIVE_DOUBLE, &s->interval_s) < 0 ||
        cc_h5_attr_write(file, "days", H5T_NATIVE_UINT, &days) < 0 ||
        cc_h5_attr_write(file, "per_year", H5T_NATIVE_DOUBLE, &p->per_year) < 0 ||
        cc_h5_attr_string(file, "scenario_name", s->name) < 0 ||
        cc_h5_attr_string(file, "scenario", s->text) < 0)
        return -1;
    if (p->fixed &&
        (cc_h5_attr_write(file, "fixed_fte", H5T_NATIVE_DOUBLE, &p->fixed->fte) < 0 ||
         cc_h5_attr_write(file, "fixed_agent_hours_available", H5T_NATIVE_DOUBLE,
                          &p->fixed->agent_hours_available) < 0 ||
         cc_h5_attr_write(file, "aht_breakeven", H5T_NATIVE_DOUBLE, &p->fixed->aht_breakeven) < 0))
        return -1;
    if (write_intervals(file, p, pf->analytic_agents) < 0 || write_queues(file, p) < 0 ||
        write_channels(file, p) < 0 || write_days(file, p) < 0 || (p->pooled && write_groups(file, p) < 0))
        return -1;
    return 0;
}

int cc_plan_write_h5(const cc_plan *p, const long *analytic_agents, const char *path, cc_error *err)
{
    plan_file pf = { p, analytic_agents };
    return cc_h5_write_file(path, "plan", write_all, &pf, err);
}
