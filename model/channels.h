/* channels.h — volume, FTE, cost and service level per channel and per year of the
 * horizon: the one computation behind the `channels` figures of plan, simulate and
 * compare.
 *
 * The caller says, per queue and year of the horizon (cc_demand_horizon_year), what a
 * plan or a simulation measured (cc_channel_input): contacts offered to the queue's
 * agents (after the IVR), the agent-seconds on duty counted for the queue, and the
 * contacts answered within the queue's headline target. Per channel, over the whole
 * horizon and per year:
 *   volume          = contacts the channel took, IVR-resolved calls included
 *                     (cc_demand_ivr_calls), per year (× 365.25 ÷ the period's days)
 *   agent_hours     = agent-seconds ÷ 3600 over the period (self-service: 0, it has no
 *                     agents; agent-time a planner gave it is not counted)
 *   fte, staff_cost = by the one costing rule (cc_workforce_costing), per year
 *   non_staff_cost  = Σ contacts × non_staff_cost_per_contact + calls entering the IVR
 *                     × ivr_cost_per_call, per year
 *   cost            = staff_cost + non_staff_cost; cost_per_contact = cost ÷ volume
 *   service_level   = answered within the headline target ÷ (offered to agents −
 *                     censored) (self-service: 1, served at once); NaN without contacts
 * A year's figures are annualised by the days of the horizon in that year. Without a
 * workforce section FTE and the costs that need them are NaN (cc_channels_uncosted_queue
 * says when that is an error; the loader refuses it).
 */
#ifndef CC_CHANNELS_H
#define CC_CHANNELS_H

#include "model/error.h"
#include "model/scenario.h"

#include <stddef.h>

struct cc_plan;

/* What was measured for one queue in one year of the horizon. */
typedef struct cc_channel_input {
    double calls;           /* contacts offered to agents (after the IVR) */
    double agent_s;         /* agent-seconds on duty counted for the queue */
    double within;          /* answered within the queue's headline target */
    double censored;        /* of calls, deferred work censored at the horizon's end
                               (still waiting, its deadline beyond it): neither a hit nor
                               a miss, left out of the service level */
} cc_channel_input;

typedef struct cc_channel_figures {
    double volume;          /* contacts per year */
    double agent_hours;     /* over the period */
    double fte;
    double staff_cost, non_staff_cost, cost;    /* per year */
    double cost_per_contact;
    double service_level;
} cc_channel_figures;

typedef struct cc_channel_report {
    size_t n_years;
    unsigned char used[CC_CHANNELS];    /* the scenario has a queue of this channel */
    cc_channel_figures total[CC_CHANNELS];      /* the whole horizon */
    cc_channel_figures *years;          /* [y * CC_CHANNELS + c]; n_years > 1 only */
} cc_channel_report;

/* An input table for s, all zero: [q * n_years + y] (free it). NULL when out of memory. */
cc_channel_input *cc_channels_input_create(const cc_scenario *s, size_t *n_years);

/* Adds, per queue and year, the agent-seconds of a staffing table [g * n_intervals + i]:
 * group g's agents × its duty seconds in interval i (cc_workforce_duty_s) are shared
 * among the queues it serves by workload (calls × mean handling time in i; equally
 * among its open queues when none has calls). */
void cc_channels_add_staffing(const cc_scenario *s, const unsigned *staffing, cc_channel_input *in);

/* Adds, per queue and year, a plan's expected contacts, its cells' agent-seconds and
 * its expected answers within the headline target (calls × service level). */
void cc_channels_add_plan(const struct cc_plan *p, cc_channel_input *in);

/* The figures from an input table. CC_EINPUT from the costing (a negative input),
 * CC_EINTERNAL when out of memory. Free with cc_channels_report_fini. */
int cc_channels_compute(const cc_scenario *s, const cc_channel_input *in, cc_channel_report *out,
                        cc_error *err);

void cc_channels_report_fini(cc_channel_report *r);

/* Economies of scale between two reports (a baseline and an alternative): the relative
 * change, alt ÷ base − 1, of the contacts per year of the channels agents serve (all
 * but self-service) and of their FTE (NaN where the base has none). FTE fall less than
 * in proportion to volume when fte_change > volume_change while volume falls. */
typedef struct cc_channels_scale {
    double volume_change, fte_change;
    int fte_fall_less;      /* volume falls and FTE fall by less */
} cc_channels_scale;

cc_channels_scale cc_channels_economies_of_scale(const cc_channel_report *base, const cc_channel_report *alt);

/* The figures of a plan (cc_channels_add_plan, then cc_channels_compute). */
int cc_channels_of_plan(const struct cc_plan *p, cc_channel_report *out, cc_error *err);

/* A scenario that costs anything (a workforce section, a non-staff cost or an IVR
 * cost on any queue, or a channel_shift section) must cost every channel that has
 * contacts: agent channels need the workforce section, a self-service queue its
 * non_staff_cost_per_contact. Returns the index of the first queue that has
 * contacts and no cost, or SIZE_MAX when every one is costed (or nothing is). */
size_t cc_channels_uncosted_queue(const cc_scenario *s);

#endif
