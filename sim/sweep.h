/* sweep.h — variants of a scenario for a sweep (ccsim sweep): every queue's mean
 * handling time multiplied by a factor, all else shared with the original.
 *
 * A sweep runs each scenario with each handling-time factor, with the same
 * replications and seed (common random numbers: neighbouring cases differ by their
 * handling time, not by noise), and judges each run against each service-level
 * target from its per-replication totals (cc_results_risk) without running again.
 * In an MPI build each case's replications are shared out over all the ranks
 * (mpi_runner.h), so a sweep's figures are the single process's.
 *
 * A variant owns only its copy of the queues; the rest (calendar, groups, sites,
 * demand, traces) is the original's, which must outlive it. Factors apply to the
 * parametric distributions (exponential, lognormal, gamma, deterministic), whose
 * coefficient of variation stays; a queue whose handling times are observed values
 * (an empirical distribution, or a trace's own) cannot be scaled honestly and is
 * refused.
 */
#ifndef CC_SWEEP_H
#define CC_SWEEP_H

#include "model/error.h"
#include "model/scenario.h"

/* The scenario s with every queue's mean handling time × factor (> 0); free with
 * cc_sweep_variant_destroy. CC_EINPUT for a factor out of range or a queue whose
 * handling times are observed values, CC_EINTERNAL when out of memory. */
int cc_sweep_variant(const cc_scenario *s, double factor, cc_scenario **out, cc_error *err);
void cc_sweep_variant_destroy(cc_scenario *v);

#endif
