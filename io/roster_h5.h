/* roster_h5.h — the roster file of `ccsim roster --out FILE.h5`.
 *
 * Root attributes: format_version, ccsim_version, scenario_name, scenario (the file
 * verbatim), method (of the requirement), interval_s, days, headcount, shifts, fte,
 * paid_hours, required_agent_hours, inefficiency, intervals_over, intervals_under,
 * solver_optimal, solver_gap, solve_s, and from its simulation replications, seed,
 * service_level (mean and ci95), p_day_meets_target, p_horizon_meets_target.
 * Datasets: `shifts` (one row per kind of shift worked: group, shift, day, date,
 * start, end, break starts, count, paid hours) and `intervals` (one row per group and
 * interval: required agents, rostered coverage, whole agents on duty, simulated
 * service level, NaN where no calls). Written through cc_h5_write_file (temp file, renamed).
 */
#ifndef CC_ROSTER_H5_H
#define CC_ROSTER_H5_H

#include "model/error.h"
#include "model/roster.h"

#include <stdint.h>

#define CC_ROSTER_FORMAT_VERSION 1

/* What the roster's simulation found (every roster is simulated). */
typedef struct cc_roster_h5_sim {
    unsigned replications;
    uint64_t seed;
    double service_level, service_level_ci95, p_day, p_horizon;
    const double *interval_service_level;   /* [g * n_intervals + i]; NaN where no calls */
} cc_roster_h5_sim;

/* CC_OK, or CC_EINTERNAL naming the file (nothing is left under path). */
int cc_roster_write_h5(const cc_roster *r, const char *method, const cc_roster_h5_sim *sim, const char *path,
                       cc_error *err);

#endif
