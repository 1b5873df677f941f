/* incident.h — what a site outage did: calls lost, answered and abandoned during and
 * after it, the time until the service level is back at target, and the agents
 * brought in to cover it.
 *
 * An incident is a site_down of positive length on the scenario's timeline (in
 * timeline order), from its start to its end (cc_timeline_event.until_s: its
 * duration, the site's next site_up, or the horizon's end). Its queues are those the
 * groups at the failed site serve in the scenario's routing. Counts are by arrival
 * interval, over the incident's queues: "during" is every interval that overlaps the
 * outage, "after" every interval that starts in the same length of time after it
 * ends. Calls lost are those blocked (busy tone) during it and those dropped in
 * service when the site went down (any queue's, counted by arrival interval since the
 * site's previous outage ended); a dropped call also counts as answered (interval.h).
 *
 * Recovery. The service level of an interval is the incident's queues' answered
 * within the headline T over offered (the estimates' definition), against the
 * scenario's target (targets.service_level). recovery_min is the minutes from the
 * outage's start to the start of the first interval, from the one the outage starts
 * in, with calls offered and the service level at target (0 when it never fell
 * below); when none is, up to the horizon's end (censored). Its resolution is the
 * scenario's interval: give interval_min = 5 for "per 5 minutes".
 *
 * Standby cost. extra_agent_hours are the agents that re-routes of the failed site
 * bring in (cc_timeline_event.agents, after ramp_s, until the outage ends) times
 * their group's duty time in that span (the earliest opening to the latest closing,
 * per interval, of the queues it serves after the re-route); extra_cost prices
 * them at one paid hour of an FTE: cost_per_fte_year / (paid_hours_per_week x
 * 365.25 / 7) (NaN without a workforce section).
 *
 * Every figure is computed from one replication's interval tallies; the runner keeps
 * them per replication and estimates their means with 95% half-widths.
 */
#ifndef CC_INCIDENT_H
#define CC_INCIDENT_H

#include "model/scenario.h"
#include "sim/engine.h"

#include <stddef.h>

/* A replication's figures for one incident. */
typedef enum cc_incident_field {
    CC_INC_CALLS_LOST = 0,      /* blocked + dropped, during */
    CC_INC_BLOCKED,             /* during */
    CC_INC_DROPPED,             /* during */
    CC_INC_DEFLECTED,           /* sent to the web by the outage message, during */
    CC_INC_ANSWERED_DURING,
    CC_INC_ABANDONED_DURING,
    CC_INC_ANSWERED_AFTER,
    CC_INC_ABANDONED_AFTER,
    CC_INC_RECOVERY_MIN,
    CC_INCIDENT_FIELDS
} cc_incident_field;

/* The JSON keys of the fields: "calls_lost", "blocked", ... "recovery_min". */
extern const char *const cc_incident_field_names[CC_INCIDENT_FIELDS];

typedef struct cc_incident {
    size_t event;               /* the site_down's index in the timeline */
    size_t site;
    double from_s, to_s;        /* the outage */
    double dropped_from_s;      /* the end of the site's previous outage, else 0 */
    unsigned char *queue;       /* [q]: 1 for the incident's queues */
    double extra_agent_hours;   /* agents brought in x their duty hours */
    double extra_cost;          /* their cost at one FTE's paid hour; NaN: no workforce */
} cc_incident;

/* The scenario's incidents (*out NULL and *n 0 when there are none). CC_OK or
 * CC_EINTERNAL when out of memory. Free with cc_incidents_free. */
int cc_incidents_find(const cc_scenario *s, cc_incident **out, size_t *n);
void cc_incidents_free(cc_incident *inc, size_t n);

/* One replication's figures for incident inc from its queue tallies
 * ([q * n_intervals + i]). */
void cc_incident_figures(const cc_scenario *s, const cc_incident *inc,
                         const cc_queue_counts *queues, double out[CC_INCIDENT_FIELDS]);

#endif
