/* workforce.h — from agents on the phones to people on the payroll.
 *
 * Shrinkage is the fraction of paid time in which an agent is not available to
 * take calls (leave, sickness, training, meetings, breaks), so covering N agents
 * at every moment takes N / (1 - shrinkage) scheduled people. Paid hours per
 * FTE-week turn agent-hours into full-time equivalents, and a cost per FTE-year
 * turns FTE into money. Pure functions of their arguments; bad arguments
 * (non-finite, negative, shrinkage outside [0, 1)) return CC_EINPUT with a
 * message naming the field and the accepted range, leaving the output untouched.
 */
#ifndef CC_WORKFORCE_H
#define CC_WORKFORCE_H

#include "model/error.h"
#include "model/scenario.h"

/* Scheduled FTE that keep `agents` available: agents / (1 - shrinkage). */
int cc_workforce_fte(double agents, double shrinkage, double *fte, cc_error *err);

/* FTE for `agent_hours` of available agent time over `weeks` weeks:
 * (agent_hours / weeks) / (1 - shrinkage) / paid_hours_per_week. */
int cc_workforce_fte_from_hours(double agent_hours, double weeks, double shrinkage,
                                double paid_hours_per_week, double *fte, cc_error *err);

/* Yearly cost of `fte` at `cost_per_fte_year` each: fte * cost_per_fte_year. */
int cc_workforce_cost(double fte, double cost_per_fte_year, double *cost, cc_error *err);

/* ---- the one rule for FTE and cost (plan, simulate and compare) ----------
 *
 * Staffing is costed from the agent-seconds actually on duty. A group's agents are on
 * duty in interval i for the group's open part: from the earliest opening to the
 * latest closing, inside the interval, of the queues it serves (a group serving one
 * queue: that queue's open part; a closed interval: 0). A partly open interval is
 * counted for its open part only, whether the plan or the simulation staffed it.
 *
 * From the agent-seconds on duty over the horizon of `days` days:
 *   agent_hours = agent_s / 3600
 *   fte         = agent_hours / (days / 7) / (1 - shrinkage) / paid_hours_per_week
 *   staff_cost  = fte × cost_per_fte_year                      (per year)
 *   non_staff   = Σ contacts × non_staff_cost_per_contact × 365.25 / days (per year)
 *   cost        = staff_cost + non_staff
 *   cost_per_contact = cost / contacts per year
 * fte and the costs that need it are NaN without a workforce section. An all-in unit
 * cost quoted by a source (cc_queue.cost_per_contact) is never added: it is only a
 * check against cost_per_contact. */

/* Seconds of interval i in which group g's agents are on duty (see above). */
double cc_workforce_duty_s(const cc_scenario *s, size_t g, size_t i);

/* Agent-seconds on duty over the horizon for a staffing table [g * n_intervals + i]
 * (agents per group-interval), each group-interval counted for its duty seconds. */
double cc_workforce_staffing_agent_s(const cc_scenario *s, const unsigned *staffing);

typedef struct cc_costing {
    double agent_hours;         /* on duty over the horizon */
    double fte;                 /* NaN without workforce */
    double staff_cost;          /* per year; NaN without workforce */
    double contacts_per_year;   /* contacts × 365.25 / days */
    double non_staff_cost;      /* per year */
    double cost;                /* staff_cost + non_staff_cost, per year */
    double cost_per_contact;    /* cost ÷ contacts_per_year; NaN without contacts */
} cc_costing;

/* Costs `agent_s` agent-seconds on duty and `contacts` contacts offered over the
 * horizon (`non_staff` = Σ contacts × non-staff cost per contact, currency over the
 * horizon) with workforce w (w->present 0: FTE and staff cost NaN). CC_EINPUT naming
 * the argument for a negative or non-finite input or days == 0. */
int cc_workforce_costing(const cc_workforce *w, unsigned days, double agent_s, double contacts,
                         double non_staff, cc_costing *out, cc_error *err);

#endif
