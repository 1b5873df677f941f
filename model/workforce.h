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

/* Scheduled FTE that keep `agents` available: agents / (1 - shrinkage). */
int cc_workforce_fte(double agents, double shrinkage, double *fte, cc_error *err);

/* FTE for `agent_hours` of available agent time over `weeks` weeks:
 * (agent_hours / weeks) / (1 - shrinkage) / paid_hours_per_week. */
int cc_workforce_fte_from_hours(double agent_hours, double weeks, double shrinkage,
                                double paid_hours_per_week, double *fte, cc_error *err);

/* Yearly cost of `fte` at `cost_per_fte_year` each: fte * cost_per_fte_year. */
int cc_workforce_cost(double fte, double cost_per_fte_year, double *cost, cc_error *err);

#endif
