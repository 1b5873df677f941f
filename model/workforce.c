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
