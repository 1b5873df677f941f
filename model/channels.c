/* channels.c — figures per channel and year; see channels.h. */
#include "model/channels.h"

#include "model/demand.h"
#include "model/plan.h"
#include "model/workforce.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

cc_channel_input *cc_channels_input_create(const cc_scenario *s, size_t *n_years)
{
    *n_years = cc_demand_horizon_years(&s->calendar);
    size_t n = s->n_queues * *n_years;
    return calloc(n ? n : 1, sizeof(cc_channel_input));
}

void cc_channels_add_staffing(const cc_scenario *s, const unsigned *staffing, cc_channel_input *in)
{
    size_t years = cc_demand_horizon_years(&s->calendar), ipd = s->intervals_per_day;
    for (size_t g = 0; g < s->n_groups; g++) {
        const cc_group *grp = &s->groups[g];
        for (size_t i = 0; i < s->n_intervals; i++) {
            unsigned agents = staffing[g * s->n_intervals + i];
            if (!agents)
                continue;
            double agent_s = agents * cc_workforce_duty_s(s, g, i), work = 0;
            size_t open = 0, y = cc_demand_horizon_year(&s->calendar, i / ipd);
            for (size_t k = 0; k < grp->n_serves; k++) {
                const cc_queue *q = &s->queues[grp->serves[k]];
                work += q->calls[i] * q->handling.mean_s;
                open += q->open_to_s[i] > q->open_from_s[i];
            }
            for (size_t k = 0; k < grp->n_serves; k++) {
                const cc_queue *q = &s->queues[grp->serves[k]];
                double part = work > 0 ? q->calls[i] * q->handling.mean_s / work
                            : open ? (q->open_to_s[i] > q->open_from_s[i]) / (double)open
                                   : 1.0 / (double)grp->n_serves;
                in[grp->serves[k] * years + y].agent_s += agent_s * part;
            }
        }
    }
}

void cc_channels_add_plan(const cc_plan *p, cc_channel_input *in)
{
    const cc_scenario *s = p->s;
    size_t years = cc_demand_horizon_years(&s->calendar);
    for (size_t q = 0; q < p->n_queues; q++)
        for (size_t i = 0; i < p->n_intervals; i++) {
            const cc_plan_cell *c = &p->cells[q * p->n_intervals + i];
            cc_channel_input *x = &in[q * years + cc_demand_horizon_year(&s->calendar, i / s->intervals_per_day)];
            x->calls += c->calls;
            x->agent_s += c->agent_s;
            if (c->calls > 0 && isfinite(c->service_level))
                x->within += c->calls * c->service_level;
        }
}

/* Sums over the queues of channel c and the years [y0, y1) into one figure. */
static int figures(const cc_scenario *s, const cc_channel_input *in, size_t years, int c, size_t y0,
                   size_t y1, unsigned days, cc_channel_figures *out, cc_error *err)
{
    double volume = 0, offered = 0, within = 0, agent_s = 0, non_staff = 0;
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue *qu = &s->queues[q];
        if ((int)qu->channel != c)
            continue;
        int self = qu->discipline == CC_DISCIPLINE_SELF_SERVICE;
        for (size_t y = y0; y < y1; y++) {
            const cc_channel_input *x = &in[q * years + y];
            double ivr = cc_demand_ivr_calls(qu, x->calls);
            volume += ivr;
            offered += x->calls - x->censored;
            within += self ? x->calls : x->within;
            agent_s += self ? 0 : x->agent_s;
            non_staff += x->calls * qu->non_staff_cost_per_contact + ivr * qu->ivr_cost_per_call;
        }
    }
    cc_costing cost;
    int rc = cc_workforce_costing(&s->workforce, days, agent_s, volume, non_staff, &cost, err);
    if (rc != CC_OK)
        return rc;
    *out = (cc_channel_figures){
        .volume = cost.contacts_per_year, .agent_hours = cost.agent_hours, .fte = cost.fte,
        .staff_cost = cost.staff_cost, .non_staff_cost = cost.non_staff_cost, .cost = cost.cost,
        .cost_per_contact = cost.cost_per_contact,
        .service_level = offered > 0 ? within / offered : NAN,
    };
    return CC_OK;
}

int cc_channels_compute(const cc_scenario *s, const cc_channel_input *in, cc_channel_report *out,
                        cc_error *err)
{
    size_t years = cc_demand_horizon_years(&s->calendar);
    *out = (cc_channel_report){ .n_years = years };
    for (size_t q = 0; q < s->n_queues; q++)
        out->used[s->queues[q].channel] = 1;
    if (years > 1 && !(out->years = calloc(years * CC_CHANNELS, sizeof *out->years)))
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    int rc = CC_OK;
    for (int c = 0; c < CC_CHANNELS && rc == CC_OK; c++) {
        if (!out->used[c])
            continue;
        rc = figures(s, in, years, c, 0, years, s->calendar.days, &out->total[c], err);
        for (size_t y = 0; years > 1 && y < years && rc == CC_OK; y++) {
            unsigned days = 0;
            for (size_t d = 0; d < s->calendar.days; d++)
                days += cc_demand_horizon_year(&s->calendar, d) == y;
            rc = figures(s, in, years, c, y, y + 1, days, &out->years[y * CC_CHANNELS + c], err);
        }
    }
    if (rc != CC_OK)
        cc_channels_report_fini(out);
    return rc;
}

int cc_channels_of_plan(const cc_plan *p, cc_channel_report *out, cc_error *err)
{
    size_t years;
    cc_channel_input *in = cc_channels_input_create(p->s, &years);
    *out = (cc_channel_report){ .n_years = years };
    if (!in)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    cc_channels_add_plan(p, in);
    int rc = cc_channels_compute(p->s, in, out, err);
    free(in);
    return rc;
}

void cc_channels_report_fini(cc_channel_report *r)
{
    free(r->years);
    r->years = NULL;
}

/* Contacts per year and FTE of the channels agents serve. */
static void agent_channels(const cc_channel_report *r, double *volume, double *fte)
{
    *volume = *fte = 0;
    for (int c = 0; c < CC_CHANNELS; c++)
        if (r->used[c] && c != CC_CHANNEL_SELF_SERVICE) {
            *volume += r->total[c].volume;
            *fte += r->total[c].fte;
        }
}

cc_channels_scale cc_channels_economies_of_scale(const cc_channel_report *base, const cc_channel_report *alt)
{
    double vb, fb, va, fa;
    agent_channels(base, &vb, &fb);
    agent_channels(alt, &va, &fa);
    cc_channels_scale e = { vb > 0 ? va / vb - 1 : NAN, fb > 0 ? fa / fb - 1 : NAN, 0 };
    e.fte_fall_less = e.volume_change < 0 && e.fte_change > e.volume_change;
    return e;
}

size_t cc_channels_uncosted_queue(const cc_scenario *s)
{
    int costed = s->workforce.present || s->n_shifts > 0;
    for (size_t q = 0; q < s->n_queues; q++)
        costed |= s->queues[q].non_staff_cost_per_contact > 0 || s->queues[q].ivr_cost_per_call > 0;
    if (!costed)
        return SIZE_MAX;
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue *qu = &s->queues[q];
        double calls = 0;
        for (size_t i = 0; i < s->n_intervals; i++)
            calls += qu->calls[i];
        if (!(calls > 0))
            continue;
        if (qu->discipline == CC_DISCIPLINE_SELF_SERVICE ? !(qu->non_staff_cost_per_contact > 0)
                                                         : !s->workforce.present)
            return q;
    }
    return SIZE_MAX;
}
