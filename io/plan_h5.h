/* plan_h5.h — writes a workforce plan (model/plan.h) to an HDF5 file.
 *
 * Tables `intervals` (per queue × interval), `queues` and `channels`, plus root
 * attributes; every column and unit is documented in docs/results.md ("The plan
 * file"). Written under a temporary name and renamed into place once complete
 * (io/h5table.h), so a failure never leaves a partial file under the requested
 * name. Not thread-safe (HDF5 is not).
 */
#ifndef CC_PLAN_H5_H
#define CC_PLAN_H5_H

#include "model/error.h"
#include "model/plan.h"

#define CC_PLAN_FORMAT_VERSION 1

/* Writes p to path; `analytic_agents` ([q * n_intervals + i], or NULL) adds the
 * column agents_analytic: the analytic plan a simulation-based plan started from.
 * CC_OK, or CC_EINTERNAL with a message naming the file. */
int cc_plan_write_h5(const cc_plan *p, const long *analytic_agents, const char *path, cc_error *err);

#endif
