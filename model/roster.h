/* roster.h — shifts, breaks and headcount from an interval requirement: the
 * cheapest set of shifts, as an integer programme solved with GLPK.
 *
 * The input is a requirement table [g * n_intervals + i] (agents each group needs
 * on duty in each interval, e.g. cc_plan_staffing of an analytic or simulated plan)
 * and the scenario's shift rules (cc_roster_rules, scenario section `roster`). Every
 * group is rostered on its own. A column of the programme is one way to work: a
 * shift pattern started on a day of the horizon at one of its allowed start times,
 * with each break at one of its allowed offsets; its coverage of interval i is the
 * share of the group's duty time there (cc_workforce_duty_s: the open part) that the
 * person is on shift and not on a break, so a 15-minute break in an open half hour
 * counts as half an agent, and a shift that ends at a 17:15 closing covers the
 * 17:00 interval whole. The programme picks a whole number of each
 * column, minimising paid hours (breaks marked paid count), such that every
 * interval's coverage is at least its requirement (soft with undercover_penalty > 0:
 * an uncovered agent-interval costs penalty × its hours), and each pattern with a
 * max_share holds at most that share of the group's shifts. Columns that cover no
 * required interval are left out.
 *
 * Headcount: a person works at most days_on_per_week shifts in 7 days, on any days.
 * H people can work shifts n_d per day of a 7-day block exactly when n_d <= H and
 * sum n_d <= days_on × H (hand the shifts out in day order, round robin), so a
 * group's headcount is the largest over its 7-day blocks of
 * max(max_d n_d, ceil(sum_d n_d / min(days_on, days in the block))).
 *
 * FTE = paid hours ÷ weeks ÷ paid_hours_per_week ÷ (1 − absence_shrinkage), by the
 * one costing rule (cc_workforce_costing with the roster's absence shrinkage in
 * place of the workforce shrinkage: breaks are in the shifts already). The
 * scheduling inefficiency is paid agent-hours ÷ required agent-hours (the requirement
 * counted over each group's duty seconds, cc_workforce_duty_s).
 *
 * Errors (CC_EINPUT, "FILE:LINE: roster...: why"): a required interval that no shift
 * can cover (infeasible shift rules), shift caps that admit no roster, more than
 * CC_ROSTER_MAX_COLUMNS ways to work for one group, or no roster found within the
 * time limit. GLPK never prints (terminal output off) and never aborts the process
 * (its error hook returns here: CC_EINTERNAL). The solver is deterministic; only a
 * time limit that is reached makes the result depend on the machine's speed.
 */
#ifndef CC_ROSTER_H
#define CC_ROSTER_H

#include "model/error.h"
#include "model/scenario.h"

#include <stddef.h>

#define CC_ROSTER_MAX_COLUMNS 2000000

/* Shifts of one way to work in the roster. */
typedef struct cc_roster_assign {
    size_t group, shift;            /* indices into s->groups, s->roster.shifts */
    unsigned day;                   /* day of the horizon the shift starts on */
    double start_s;                 /* seconds from that day's midnight */
    double break_s[CC_ROSTER_MAX_BREAKS];   /* each break's start, seconds after the shift's */
    long count;                     /* shifts of this kind (> 0) */
} cc_roster_assign;

typedef struct cc_roster_figures {
    long shifts, headcount;
    double paid_hours;              /* over the horizon */
    double required_hours;          /* agent-hours of the requirement */
    double inefficiency;            /* paid_hours ÷ required_hours; NaN when nothing is required */
    double fte;                     /* NaN without a workforce section */
    double staff_cost;              /* per year; NaN without a workforce section */
    size_t intervals_over;          /* open intervals covered by at least one agent more than required */
    size_t intervals_under;         /* intervals covered less than required (soft rules only) */
    double under_agent_hours;       /* uncovered agent-hours (soft rules only) */
} cc_roster_figures;

typedef struct cc_roster_solve_info {
    int optimal;                    /* GLPK proved the optimum (within mip_gap) */
    double objective;               /* paid hours plus any under-cover penalty */
    double lp_bound;                /* the LP relaxation's objective: no roster costs less */
    double gap;                     /* (objective − lp_bound) ÷ objective: at most this far from optimal */
    size_t columns, rows;
    double solve_s;                 /* wall-clock seconds in GLPK */
} cc_roster_solve_info;

typedef struct cc_roster {
    const cc_scenario *s;
    size_t n_groups, n_intervals;
    double *required;               /* [g * n_intervals + i]: the requirement */
    double *coverage;               /* [g * n_intervals + i]: agents on duty by the roster */
    unsigned *staffing;             /* [g * n_intervals + i]: whole agents on duty (coverage
                                       rounded down) where the group is open, 0 elsewhere:
                                       the table cc_simulate takes */
    cc_roster_assign *assign;       /* by group, shift, day, start */
    size_t n_assign;
    cc_roster_figures *groups;      /* n_groups */
    cc_roster_solve_info *solve;    /* n_groups */
    cc_roster_figures total;
    double solve_s;                 /* all groups */
    int optimal;                    /* every group's roster proved optimal */
    double gap;                     /* the largest group gap */
} cc_roster;

/* Rosters every group of s (which must have a roster section) for `required`
 * ([g * n_intervals + i], agents). CC_OK and *out (free with cc_roster_destroy),
 * CC_EINPUT (see above) or CC_EINTERNAL (out of memory, a GLPK failure). */
int cc_roster_solve(const cc_scenario *s, const unsigned *required, cc_roster **out, cc_error *err);

/* Frees the roster; NULL is allowed. */
void cc_roster_destroy(cc_roster *r);

/* Paid hours of one shift: its length less its unpaid breaks. */
double cc_roster_shift_paid_hours(const cc_roster_shift *sh);

#endif
