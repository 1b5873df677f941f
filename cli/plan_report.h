/* plan_report.h — how a plan is reported, shared by ccsim plan and ccsim compare.
 *
 * cc_plan_report_json writes a plan's figures as members of the JSON object the
 * caller has open: scenario, method, targets, calls, agents_required_peak, FTE and
 * cost per channel and in total, what the plan achieves (service_level,
 * abandon_rate, asa_s, occupancy), notes, per-queue figures and, when asked for,
 * the fixed-FTE answer; `channels` from the plan's channel report (cc_channels_of_plan). The keys are listed in docs/plan.md.
 */
#ifndef CC_PLAN_REPORT_H
#define CC_PLAN_REPORT_H

#include "io/json.h"
#include "model/channels.h"
#include "model/plan.h"

#include <stddef.h>

void cc_plan_report_json(cc_json *j, const cc_plan *p, const cc_channel_report *channels);

/* `key`: per channel used, volume, fte, cost, cost_per_contact, service_level,
 * agent_hours, staff_cost, non_staff_cost (model/channels.h), and `years` (the same
 * per year of the horizon, with `year` from 1) when the horizon has more than one. */
void cc_plan_report_channels_json(cc_json *j, const char *key, const cc_channel_report *r);

/* A channel's figures as the text tables' columns after its label: volume, FTE,
 * cost, cost per contact and service level, 11 characters each, "-" where a figure
 * is undefined (a channel with no contacts); then a newline. */
void cc_report_channel_cells(const cc_channel_figures *f);

/* The most plan warnings reported (cc_plan_warnings): one per queue and one more. */
#define CC_PLAN_REPORT_WARNINGS 64

/* A pooled plan's group: most agents in one interval, agent-hours on duty and FTE
 * (NaN without a workforce section). */
typedef struct cc_plan_group_figures {
    long agents_peak;
    double agent_hours, fte;
} cc_plan_group_figures;

cc_plan_group_figures cc_plan_group_figures_of(const cc_plan *p, size_t g);

/* A name as one CSV field: quoted, inner quotes doubled. */
void cc_csv_name(FILE *f, const char *name);

/* Writes the interval table as CSV to path (under a temporary name, renamed when
 * complete): one row per queue and open interval, `queue,date,time,open_min,calls`
 * then agents, service_level, asa_s, abandon_rate, occupancy (suffixed `_simulated`
 * for a plan by simulation) and, when `analytic` is given, the same five of the
 * analytic plan (suffix `_analytic`). Undefined values are empty. CC_EINTERNAL
 * naming the file on an I/O failure (nothing is left under path). */
int cc_plan_write_csv(const cc_plan *p, const cc_plan *analytic, const char *path, cc_error *err);

/* A one-line note on how queue q's patience entered the model (mean-only or
 * missing patience); returns 0 when there is nothing to say. */
int cc_plan_patience_note(const cc_plan *p, size_t q, char *buf, size_t n);

/* A one-line note when pooled group g of an analytic plan serves queues of different
 * priorities (the analytic start ignores them); returns 0 when there is nothing to say. */
int cc_plan_priority_note(const cc_plan *p, size_t g, char *buf, size_t n);

#endif
