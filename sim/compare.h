/* compare.h — the paired difference of two simulations run on common random numbers.
 *
 * Two scenarios simulated with the same master seed and number of replications see
 * the same contacts in replication r wherever their queues share names (random
 * streams are keyed by a queue's stable id, sim/rng.h). The difference of a pooled
 * ratio between them (alt − base) is estimated with the per-replication linearised
 * difference (cc_ratio_diff_estimate), so the noise the two runs share cancels and
 * its 95% interval is narrower than either side's own when they are correlated.
 *
 * The KPIs are the all-queues service levels, abandon rate, ASA (cc_metric) and the
 * all-groups occupancy.
 *
 * Channels: the simulated contacts and service levels per queue and year for the
 * per-channel figures of model/channels.h, and the saving of one scenario against
 * another per channel, paired by replication (each replication's per-queue totals).
 */
#ifndef CC_COMPARE_H
#define CC_COMPARE_H

#include "model/channels.h"
#include "model/error.h"
#include "sim/runner.h"

/* A KPI: a queue metric over all queues, or occupancy over all groups. */
typedef struct cc_kpi {
    const char *key;        /* the JSON key ("service_level", ..., "occupancy") */
    int metric;             /* cc_metric, or -1 for occupancy */
} cc_kpi;

enum { CC_KPIS = 6 };
extern const cc_kpi cc_kpis[CC_KPIS];

/* KPI k of one simulation, pooled over its replications, with its own 95% interval. */
cc_estimate cc_kpi_estimate(const cc_results *r, int k);

/* alt − base of KPI k, paired by replication. CC_EINPUT when the two runs have
 * different replication counts or seeds (then nothing is paired); CC_EINTERNAL when
 * out of memory. */
int cc_kpi_paired_diff(const cc_results *base, const cc_results *alt, int k, cc_estimate *diff,
                       cc_error *err);

/* ---- channels: simulated volumes and service levels, and the paired saving ---- */

/* Sets, per queue and year, the simulated contacts offered and answered within the
 * headline target (mean per replication: per interval, offered × service level),
 * keeping the agent-seconds already in `in` (model/channels.h). */
void cc_compare_channel_results(const cc_results *r, cc_channel_input *in);

/* The saving of ALT against BASE, base − alt, per channel (cost per year, from
 * cc_channels_compute) and in total ([CC_CHANNELS]), paired by replication: in
 * replication r each side's contacts are those it simulated (rep_queue; non-staff and
 * IVR costs follow them), its agent-seconds those of base_in / alt_in (the staffing
 * is the same in every replication, so the interval is that of the costs that follow
 * the contacts). A channel neither side uses: NaN. CC_EINPUT when the runs cannot be
 * paired (different replications or seeds), CC_EINTERNAL when out of memory. */
int cc_compare_channel_saving(const cc_results *base, const cc_channel_input *base_in,
                              const cc_results *alt, const cc_channel_input *alt_in,
                              cc_estimate saving[CC_CHANNELS + 1], cc_error *err);

#endif
