/* demand.h — turns a queue's demand (a volume per day, week or year with weekday and
 * intraday profiles) into expected calls offered per interval.
 *
 * Semantics (scenarios/README.md, "Demand"):
 * - Per day or week: weekly volume W = volume per week, or volume × Σw per day
 *   (volume is the volume of a day whose weekday weight is 1); day d gets
 *   W × w(weekday(d)) / Σw × growth, closed or not.
 * - Per year or month: the volume of the calendar year (month) of day d is spread
 *   over its days that are not closed bank holidays, by weekday weight
 *   (cc_demand_date_volume); a closed bank holiday gets none.
 * - Interval k of the day gets the day's volume × p_k / Σp. Both profiles are
 *   relative weights (normalised here).
 * - The part of an interval's demand that falls outside the queue's open part (all of
 *   a closed interval; the closed fraction of a partly open one, pro rata to time) is
 *   closed-hours demand, handled by when_closed:
 *   lost: dropped; counted in the queue's lost_calls.
 *   next-open: × return_probability, added to the queue's next open time (the rest
 *     is lost). Demand from before the open part of a partly open interval goes to
 *     that same interval's open part; demand after it goes to the next interval with
 *     an open part, the next day if need be; past the horizon's last open interval
 *     it is lost.
 *   queue:NAME: × return_probability, added to queue NAME in the same interval when
 *     NAME has an open part in it or is deferred (takes contacts at any hour);
 *     otherwise all of it is lost.
 *   spread: a day's closed-hours demand × return_probability is spread over the
 *     day's open part in the shape of the intraday profile masked by the open part
 *     (the profile re-normalised over the open hours: changing the hours moves the
 *     demand with them); a day with no open weight (closed, a bank holiday) passes
 *     its demand × return_probability to the next day with open weight, spread the
 *     same way, never into one interval. Past the horizon's last open day it is lost.
 * So for every demand queue, Σ calls (its own share) + lost_calls = its total demand,
 * and what is passed to another queue is added to that queue's calls (before the
 * transformations below, which move contacts between queues).
 * - A deferred queue (email, web form, post) takes contacts at any hour, open or not:
 *   interval k of every day gets its whole share day × p_k / Σp, closed days and
 *   closed hours included, and nothing is lost. The intraday profile covers all 24
 *   hours (it always has one weight per interval from 00:00), so it says when
 *   contacts arrive, not when they are worked; equal weights spread a day's volume
 *   uniformly over the day.
 * - A trace queue's calls are the trace's own arrivals counted per interval.
 *
 * Then, once, three transformations of the calls per interval (scenarios/README.md,
 * "Channel shift, IVR and failure demand"), in this order, so that the analytic plan
 * and the simulation see the same demand:
 * 1. Channel shift (s->shifts): in interval i of year y of the horizon, shift k moves
 *    m = calls_from[i] × share_k[y] (calls_from as expanded, before any shift) to its
 *    queue `to`, and m × failure_share_k comes back to `from`: calls_from[i] becomes
 *    calls_from[i] × (1 − Σ_k share_k[y] × (1 − failure_share_k)). The moved contacts
 *    arrive at `to` in the same interval when it is open there (or deferred),
 *    otherwise at its next such interval; past the horizon they are counted in its
 *    lost_calls. A share of 0 leaves every value exactly as it was.
 * 2. Failure demand of self-service queues: failure_share of a self-service queue's
 *    calls (shifted contacts included) arrive at failure_queue, in the same way.
 * 3. IVR: a queue's calls (failure demand included) × (1 − ivr_resolved_share) reach
 *    its agents; the rest are resolved in the IVR (cc_demand_ivr_calls).
 *
 * Ownership: a cc_demand owns its intraday_profile; the scenario frees it.
 */
#ifndef CC_DEMAND_H
#define CC_DEMAND_H

#include "model/calendar.h"

#include <stddef.h>

struct cc_scenario;
struct cc_queue;

typedef enum cc_demand_per {
    CC_DEMAND_PER_DAY = 0,
    CC_DEMAND_PER_WEEK,
    CC_DEMAND_PER_YEAR,
    CC_DEMAND_PER_MONTH
} cc_demand_per;

typedef enum cc_when_closed {
    CC_WHEN_CLOSED_LOST = 0,
    CC_WHEN_CLOSED_NEXT_OPEN,
    CC_WHEN_CLOSED_QUEUE,       /* passed to queue `to_queue` */
    CC_WHEN_CLOSED_SPREAD       /* spread over the open hours by the masked profile */
} cc_when_closed;

typedef struct cc_demand {
    int present;                /* 0: the queue's calls came from calls_per_interval */
    double volume;              /* calls per `per`, >= 0 */
    cc_demand_per per;
    double growth;              /* multiplier > 0 */
    double weekday_profile[7];  /* Mon..Sun, >= 0, not all 0; relative weights */
    double *intraday_profile;   /* one weight >= 0 per interval of the day from 00:00 */
    size_t n_intraday;          /* 1440 / interval_min */
    cc_when_closed when_closed;
    size_t to_queue;            /* CC_WHEN_CLOSED_QUEUE: the queue index */
    double return_probability;  /* [0, 1] */
} cc_demand;

/* Expected calls of the date `date` (days from 1970-01-01), growth applied, with the
 * calendar `cal`: per day or week, cc_demand_day_volume of its weekday; per year or
 * month, the volume spread over the days of that calendar year or month that are not
 * closed bank holidays, by weekday weight: volume × w(weekday) ÷ Σ w over those days
 * (a closed bank holiday itself: 0). So a year's or month's volume is honoured on
 * the days callers can ring, whatever the horizon. */
double cc_demand_date_volume(const cc_demand *d, const cc_calendar *cal, long date);

/* The demand of a week with the weekday profile's weights (per year or month: an
 * average week of the year, volume × 7 ÷ 365.25, × 12 for a month). */
double cc_demand_weekly_volume(const cc_demand *d);
/* Expected calls of a day of weekday wd (0 = Monday), growth applied. */
double cc_demand_day_volume(const cc_demand *d, int wd);

/* For every queue with demand.present, adds its expected calls per interval to
 * queue->calls (which must hold 0 there, or calls_per_interval values for other
 * queues) and sets queue->lost_calls, from the queues' open spans (open_from_s,
 * open_to_s). Closed-hours demand passed on is added to the receiving queue's calls.
 * For every trace queue, sets calls[i] to the number of its arrivals in interval i.
 * Allocates nothing and cannot fail. Called once, by cc_scenario_freeze. */
void cc_demand_expand(struct cc_scenario *s);

/* The years of the horizon: year y runs from the y-th anniversary of the calendar's
 * first day (29 February: 1 March in a common year) to the day before the next one.
 * A horizon of a year or less has one. */
size_t cc_demand_horizon_years(const cc_calendar *cal);
/* The year of the horizon that day `day` (0: the first day) falls in. */
size_t cc_demand_horizon_year(const cc_calendar *cal, size_t day);

/* The calls that entered queue q's IVR for `calls` that reached its agents:
 * calls ÷ (1 − ivr_resolved_share) (calls itself without an IVR). */
double cc_demand_ivr_calls(const struct cc_queue *q, double calls);

#endif
