#include "sim/incident.h"

#include <math.h>
#include <stdlib.h>

const char *const cc_incident_field_names[CC_INCIDENT_FIELDS] = {
    "calls_lost", "blocked", "dropped", "deflected", "answered_during", "abandoned_during",
    "answered_after", "abandoned_after", "recovery_min",
};

/* Agent-seconds of `agents` brought in to group g from `on` to `off`, inside the
 * group's duty windows: per interval, the earliest opening to the latest closing of
 * the queues it serves or the incident's (queue[q] set). */
static double duty_agent_s(const cc_scenario *s, size_t g, const unsigned char *queue,
                           unsigned agents, double on, double off)
{
    const cc_group *grp = &s->groups[g];
    double total = 0.0;
    size_t first = (size_t)(on / s->interval_s);
    for (size_t i = first; i < s->n_intervals && (double)i * s->interval_s < off; i++) {
        double start = (double)i * s->interval_s, from = s->interval_s, to = 0.0;
        for (size_t q = 0; q < s->n_queues; q++) {
            int serves = queue[q];
            for (size_t k = 0; k < grp->n_serves && !serves; k++)
                serves = grp->serves[k] == q;
            const cc_queue *qu = &s->queues[q];
            if (!serves || !(qu->open_to_s[i] > qu->open_from_s[i]))
                continue;
            from = fmin(from, qu->open_from_s[i]);
            to = fmax(to, qu->open_to_s[i]);
        }
        double a = fmax(start + from, on), b = fmin(start + to, off);
        if (b > a)
            total += (b - a) * agents;
    }
    return total;
}

int cc_incidents_find(const cc_scenario *s, cc_incident **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t count = 0;
    for (size_t k = 0; k < s->n_events; k++)
        count += s->events[k].type == CC_EVENT_SITE_DOWN && s->events[k].until_s > s->events[k].at_s;
    if (count == 0)
        return CC_OK;
    cc_incident *inc = calloc(count, sizeof *inc);
    if (!inc)
        return CC_EINTERNAL;
    double paid_hour = s->workforce.present && s->workforce.cost_per_fte_year > 0.0
        ? s->workforce.cost_per_fte_year / (s->workforce.paid_hours_per_week * 365.25 / 7.0)
        : NAN;
    size_t m = 0;
    for (size_t k = 0; k < s->n_events; k++) {
        const cc_timeline_event *ev = &s->events[k];
        if (ev->type != CC_EVENT_SITE_DOWN || !(ev->until_s > ev->at_s))
            continue;
        cc_incident *c = &inc[m++];
        *c = (cc_incident){ .event = k, .site = ev->site, .from_s = ev->at_s, .to_s = ev->until_s };
        for (size_t p = 0; p + 1 < m; p++)
            if (inc[p].site == ev->site)
                c->dropped_from_s = inc[p].to_s;
        if (!(c->queue = calloc(s->n_queues ? s->n_queues : 1, 1))) {
            cc_incidents_free(inc, m);
            return CC_EINTERNAL;
        }
        for (size_t g = 0; g < s->n_groups; g++)
            if (s->groups[g].site == ev->site)
                for (size_t j = 0; j < s->groups[g].n_serves; j++)
                    c->queue[s->groups[g].serves[j]] = 1;
        double agent_s = 0.0;
        for (size_t r = 0; r < s->n_events; r++) {
            const cc_timeline_event *re = &s->events[r];
            if (re->type == CC_EVENT_REROUTE && re->site == ev->site && re->agents > 0
                && re->at_s >= c->from_s && re->at_s < c->to_s)
                agent_s += duty_agent_s(s, re->group, c->queue, re->agents, re->at_s + re->ramp_s,
                                        re->until_s);
        }
        c->extra_agent_hours = agent_s / 3600.0;
        c->extra_cost = c->extra_agent_hours * paid_hour;
    }
    *out = inc;
    *n = m;
    return CC_OK;
}

void cc_incidents_free(cc_incident *inc, size_t n)
{
    for (size_t k = 0; inc && k < n; k++)
        free(inc[k].queue);
    free(inc);
}

void cc_incident_figures(const cc_scenario *s, const cc_incident *inc,
                         const cc_queue_counts *queues, double out[CC_INCIDENT_FIELDS])
{
    size_t ni = s->n_intervals;
    double len = s->interval_s, horizon = (double)ni * len;
    for (int f = 0; f < CC_INCIDENT_FIELDS; f++)
        out[f] = 0.0;
    size_t first = (size_t)(inc->from_s / len);
    /* the calls in service when the site went down arrived before it did */
    for (size_t i = (size_t)(inc->dropped_from_s / len); i < first; i++)
        for (size_t q = 0; q < s->n_queues; q++)
            out[CC_INC_DROPPED] += queues[q * ni + i].dropped;
    double after_end = inc->to_s + (inc->to_s - inc->from_s);
    double recovered = NAN;
    for (size_t i = first; i < ni; i++) {
        double start = (double)i * len;
        int during = start < inc->to_s, after = start >= inc->to_s && start < after_end;
        if (!during && !after && !isnan(recovered))
            break;
        double offered = 0.0, within = 0.0;
        for (size_t q = 0; q < s->n_queues; q++) {
            const cc_queue_counts *t = &queues[q * ni + i];
            if (during)
                out[CC_INC_DROPPED] += t->dropped;
            if (!inc->queue[q])
                continue;
            offered += t->offered;
            within += t->answered_within;
            if (during) {
                out[CC_INC_BLOCKED] += t->blocked;
                out[CC_INC_DEFLECTED] += t->deflected;
                out[CC_INC_ANSWERED_DURING] += t->answered;
                out[CC_INC_ABANDONED_DURING] += t->abandoned;
            } else if (after) {
                out[CC_INC_ANSWERED_AFTER] += t->answered;
                out[CC_INC_ABANDONED_AFTER] += t->abandoned;
            }
        }
        if (isnan(recovered) && offered > 0.0 && within >= s->targets.service_level * offered)
            recovered = fmax(start - inc->from_s, 0.0);
    }
    out[CC_INC_CALLS_LOST] = out[CC_INC_BLOCKED] + out[CC_INC_DROPPED];
    out[CC_INC_RECOVERY_MIN] = (isnan(recovered) ? horizon - inc->from_s : recovered) / 60.0;
}
