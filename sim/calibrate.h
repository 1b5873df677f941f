/* calibrate.h — how close a simulation of history comes to what history observed:
 * service level, ASA and abandon rate per interval, simulated against observed, and
 * the error summarised as the mean absolute error and the bias (mean of simulated
 * minus observed).
 *
 * The simulation's intervals are matched to the history's by date and time: the
 * scenario's horizon must lie inside the history's days and use the same interval
 * length. An interval is compared when the history holds at least `min_calls` calls
 * offered in it (observed ratios over a handful of calls are mostly noise) and its day
 * is one of `weekdays` (bit w: weekday w, 0 = Monday; 0: every day); the ASA
 * is compared where both answered calls. Observed figures are ratios of the history's
 * sums; simulated ones are the runner's pooled estimates for the queue.
 */
#ifndef CC_CALIBRATE_H
#define CC_CALIBRATE_H

#include "io/history.h"
#include "model/error.h"
#include "sim/runner.h"

#include <stddef.h>

enum { CC_CAL_SERVICE_LEVEL = 0, CC_CAL_ASA, CC_CAL_ABANDON_RATE, CC_CAL_METRICS };
extern const char *const cc_cal_metric_names[CC_CAL_METRICS];   /* service_level, asa_s, abandon_rate */

typedef struct cc_cal_row {
    size_t interval;            /* the scenario's interval index */
    double offered;             /* observed */
    double observed[CC_CAL_METRICS], simulated[CC_CAL_METRICS];   /* NaN: not defined */
} cc_cal_row;

typedef struct cc_calibration {
    cc_cal_row *rows;
    size_t n_rows;
    double mae[CC_CAL_METRICS], bias[CC_CAL_METRICS];
    size_t n[CC_CAL_METRICS];   /* intervals each summary covers */
    double observed_total[CC_CAL_METRICS], simulated_total[CC_CAL_METRICS];  /* over the compared
                                                                                intervals */
    double observed_offered, simulated_offered;   /* calls over the horizon (simulated: mean
                                                     per replication; a replayed trace's are exact) */
} cc_calibration;

/* Compares queue q of the results with the history. CC_EINPUT when the horizons or
 * interval lengths do not match (the message says how), CC_EINTERNAL out of memory. */
int cc_calibrate(const cc_history *h, const cc_results *r, size_t q, double min_calls,
                 unsigned weekdays, cc_calibration *out, cc_error *err);

void cc_calibration_fini(cc_calibration *c);

#endif
