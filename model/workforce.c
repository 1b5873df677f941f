/* workforce.c — shrinkage, FTE and cost; see workforce.h. */
#include "model/workforce.h"

#include <math.h>

static int check_nonneg(const char *name, double v, cc_error *err)
{
    if (!isfinite(v) || v < 0)
        return cc_error_set(err, CC_EINPUT, "%s must be a number >= 0 (got %g)", name, v);
    return CC_OK;
}

static int check_positive(const char *name, double v, cc_error *err)
{
    if (!isfinite(v) || v <= 0)
        return cc_error_set(err, CC_EINPUT, "%s must be a number > 0 (got %g)", name, v);
    return CC_OK;
}

static int check_shrinkage(double s, cc_error *err)
{
    if (!isfinite(s) || s < 0 || s >= 1)
        return cc_error_set(err, CC_EINPUT, "shrinkage must be a fraction in [0, 1) (got %g)", s);
    return CC_OK;
}

int cc_workforce_fte(double agents, double shrinkage, double *fte, cc_error *err)
{
    int rc;
    if ((rc = check_nonneg("agents", agents, err)) || (rc = check_shrinkage(shrinkage, err)))
        return rc;
    *fte = agents / (1 - shrinkage);
    return CC_OK;
}

int cc_workforce_fte_from_hours(double agent_hours, double weeks, double shrinkage,
                                double paid_hours_per_week, double *fte, cc_error *err)
{
    int rc;
    if ((rc = check_nonneg("agent_hours", agent_hours, err)) ||
        (rc = check_positive("weeks", weeks, err)) ||
        (rc = check_shrinkage(shrinkage, err)) ||
        (rc = check_positive("paid_hours_per_week", paid_hours_per_week, err)))
        return rc;
    *fte = agent_hours / weeks / (1 - shrinkage) / paid_hours_per_week;
    return CC_OK;
}

int cc_workforce_cost(double fte, double cost_per_fte_year, double *cost, cc_error *err)
{
    int rc;
    if ((rc = check_nonneg("fte", fte, err)) ||
        (rc = check_nonneg("cost_per_fte_year", cost_per_fte_year, err)))
        return rc;
    *cost = fte * cost_per_fte_year;
    return CC_OK;
}

double cc_workforce_duty_s(const cc_scenario *s, size_t g, size_t i)
{
    const cc_group *grp = &s->groups[g];
    double from = s->interval_s, to = 0;
    for (size_t k = 0; k < grp->n_serves; k++) {
        const cc_queue *q = &s->queues[grp->serves[k]];
        if (q->open_to_s[i] > q->open_from_s[i]) {
            from = fmin(from, q->open_from_s[i]);
            to = fmax(to, q->open_to_s[i]);
        }
    }
    return to > from ? to - from : 0;
}

double cc_workforce_staffing_agent_s(const cc_scenario *s, const unsigned *staffing)
{
    double agent_s = 0;
    for (size_t g = 0; g < s->n_groups; g++)
        for (size_t i = 0; i < s->n_intervals; i++)
            if (staffing[g * s->n_intervals + i])
                agent_s += staffing[g * s->n_intervals + i] * cc_workforce_duty_s(s, g, i);
    return agent_s;
}

int cc_workforce_costing(const cc_workforce *w, unsigned days, double agent_s, double contacts,
                         double non_staff, cc_costing *out, cc_error *err)
{
    int rc;
    if ((rc = check_nonneg("agent_s", agent_s, err)) || (rc = check_nonneg("contacts", contacts, err)) ||
        (rc = check_nonneg("non_staff", non_staff, err)))
        return rc;
    if (days == 0)
        return cc_error_set(err, CC_EINPUT, "days must be >= 1 (got 0)");
    double per_year = 365.25 / days;
    cc_costing c;
    c.agent_hours = agent_s / 3600.0;
    c.fte = c.staff_cost = NAN;
    if (w->present) {
        if ((rc = cc_workforce_fte_from_hours(c.agent_hours, days / 7.0, w->shrinkage, w->paid_hours_per_week,
                                              &c.fte, err)) ||
            (rc = cc_workforce_cost(c.fte, w->cost_per_fte_year, &c.staff_cost, err)))
            return rc;
    }
    c.contacts_per_year = contacts * per_year;
    c.non_staff_cost = non_staff * per_year;
    c.cost = c.staff_cost + c.non_staff_cost;
    c.cost_per_contact = c.contacts_per_year > 0 ? c.cost / c.contacts_per_year : NAN;
    *out = c;
    return CC_OK;
}
