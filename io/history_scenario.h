/* history_scenario.h — a scenario file written from history: the demand replayed
 * (a call log's arrivals and handling times as a trace, or an export's calls per
 * interval) or forecast, with the staffing inferred from the log when there is one.
 *
 * The file is a whole scenario in the loader's syntax (scenarios/README.md) with one
 * queue and, when agents are given, one group; comments name the source and say
 * which figures are estimates. It is written to PATH.tmp and renamed, so a failure
 * never leaves a half-written file at PATH.
 *
 * Opening hours are one rule: `open_days` (bit w: weekday w, 0 = Monday) from
 * open_min to close_min (whole intervals). Per-interval values are given over the
 * whole horizon (days x intervals per day); only the open intervals' values are
 * written, as the loader expects.
 */
#ifndef CC_HISTORY_SCENARIO_H
#define CC_HISTORY_SCENARIO_H

#include "io/history.h"
#include "model/error.h"

#include <stddef.h>

typedef struct cc_history_scenario {
    const char *name;           /* the scenario's and the queue's name */
    const char *comment;        /* lines written at the top, each prefixed "# " */
    long first_date;
    size_t days;
    double interval_s;          /* 5, 10, 15, 20, 30 or 60 minutes */
    unsigned open_days;
    int open_min, close_min;
    double within_s;            /* the service-level time; the target is 80% within it */
    const double *calls;        /* per interval; NULL with a trace */
    const cc_history *trace;    /* a call log: its answered and abandoned calls replayed */
    const double *agents;       /* per interval; NULL: no groups section (0 agents) */
    double handling_mean_s, handling_cv;    /* lognormal; cv 0: exponential */
    double patience_mean_s;     /* exponential; 0: callers never abandon */
} cc_history_scenario;

/* The opening rule covering every interval with data of a history: the weekdays
 * with data, from the earliest to the latest interval with data in any day. */
void cc_history_scenario_opening(const cc_history *h, unsigned *open_days, int *open_min, int *close_min);

/* Writes the scenario. CC_OK, CC_EINPUT (bad spec: the message says why), or
 * CC_EINTERNAL for an I/O failure. */
int cc_history_scenario_write(const char *path, const cc_history_scenario *spec, cc_error *err);

#endif
