/* demand.c — demand to calls per interval. One pass over the horizon per demand
 * queue: O(n_intervals), no allocation. */
#include "model/demand.h"

#include "model/scenario.h"

static double weekday_sum(const cc_demand *d)
{
    double sum = 0.0;
    for (int k = 0; k < 7; k++)
        sum += d->weekday_profile[k];
    return sum;
}

double cc_demand_weekly_volume(const cc_demand *d)
{
    switch (d->per) {
    case CC_DEMAND_PER_WEEK:
        return d->volume;
    case CC_DEMAND_PER_YEAR:
        return d->volume * 7.0 / 365.25;
    case CC_DEMAND_PER_MONTH:
        return d->volume * 12.0 * 7.0 / 365.25;
    default:
        return d->volume * weekday_sum(d);
    }
}

double cc_demand_day_volume(const cc_demand *d, int wd)
{
    double sum = weekday_sum(d);
    if (!(sum > 0.0))
        return 0.0;
    return cc_demand_weekly_volume(d) * d->weekday_profile[wd] / sum * d->growth;
}

/* when_closed = "spread": a day's closed-hours demand (× return_probability) joins
 * its open hours in the shape of the profile masked by the queue's open part (the
 * profile re-normalised over the open hours); a day with no open weight (closed, or
 * a profile of 0 in its hours) passes its demand (× return_probability) to the next
 * day that has, spread the same way. Demand past the horizon's last open day is
 * lost. One pass over the horizon. */
static void spread_queue(cc_scenario *s, size_t q)
{
    cc_queue *qu = &s->queues[q];
    const cc_demand *d = &qu->demand;
    size_t ipd = s->intervals_per_day;
    double psum = 0.0, carry = 0.0, lost = 0.0, p = d->return_probability;
    for (size_t k = 0; k < d->n_intraday; k++)
        psum += d->intraday_profile[k];
    for (size_t day = 0; day < s->calendar.days; day++) {
        double volume = psum > 0.0 ? cc_demand_date_volume(d, &s->calendar, s->calendar.first_date + (long)day)
                                   : 0.0;
        double open_weight = 0.0, open_part = 0.0;
        for (size_t k = 0; k < ipd; k++) {
            size_t i = day * ipd + k;
            double m = (qu->open_to_s[i] - qu->open_from_s[i]) / s->interval_s;
            if (m > 0) {
                open_weight += d->intraday_profile[k] * m;
                open_part += volume * d->intraday_profile[k] / psum * m;
            }
        }
        if (!(open_weight > 0.0)) {
            carry += p * volume;
            lost += (1.0 - p) * volume;
            continue;
        }
        double closed = volume - open_part, extra = p * closed + carry;
        lost += (1.0 - p) * closed;
        carry = 0.0;
        for (size_t k = 0; k < ipd; k++) {
            size_t i = day * ipd + k;
            double m = (qu->open_to_s[i] - qu->open_from_s[i]) / s->interval_s;
            if (m > 0)
                qu->calls[i] += volume * d->intraday_profile[k] / psum * m +
                                extra * d->intraday_profile[k] * m / open_weight;
        }
    }
    qu->lost_calls = lost + carry;
}

/* Is `date` a bank holiday on which the calendar is closed? */
static int closed_bank_holiday(const cc_calendar *cal, long date)
{
    return cal->bank_holidays == CC_BANK_HOLIDAYS_ENGLAND_AND_WALES && cc_is_bank_holiday_england_wales(date);
}

double cc_demand_date_volume(const cc_demand *d, const cc_calendar *cal, long date)
{
    int wd = cc_date_weekday(date);
    if (d->per != CC_DEMAND_PER_YEAR && d->per != CC_DEMAND_PER_MONTH)
        return cc_demand_day_volume(d, wd);
    if (closed_bank_holiday(cal, date))
        return 0.0;
    int year, month, day;
    cc_date_civil(date, &year, &month, &day);
    long first = d->per == CC_DEMAND_PER_YEAR ? cc_date_days(year, 1, 1) : cc_date_days(year, month, 1);
    long end = d->per == CC_DEMAND_PER_YEAR ? cc_date_days(year + 1, 1, 1)
             : month == 12 ? cc_date_days(year + 1, 1, 1) : cc_date_days(year, month + 1, 1);
    /* Cost: one pass over the year (month) per day asked for. */
    double weight = 0.0;
    for (long e = first; e < end; e++)
        if (!closed_bank_holiday(cal, e))
            weight += d->weekday_profile[cc_date_weekday(e)];
    return weight > 0.0 ? d->volume * d->weekday_profile[wd] / weight * d->growth : 0.0;
}

static void expand_queue(cc_scenario *s, size_t q)
{
    cc_queue *qu = &s->queues[q];
    const cc_demand *d = &qu->demand;
    if (d->when_closed == CC_WHEN_CLOSED_SPREAD) {
        spread_queue(s, q);
        return;
    }
    double psum = 0.0, len = s->interval_s, carry = 0.0, lost = 0.0, today = 0.0;
    for (size_t k = 0; k < d->n_intraday; k++)
        psum += d->intraday_profile[k];
    double p = d->return_probability;
    for (size_t i = 0; i < s->n_intervals; i++) {
        size_t day = i / s->intervals_per_day, k = i % s->intervals_per_day;
        if (k == 0)
            today = cc_demand_date_volume(d, &s->calendar, s->calendar.first_date + (long)day);
        double own = psum > 0.0 ? today * d->intraday_profile[k] / psum : 0.0;
        if (qu->discipline == CC_DISCIPLINE_DEFERRED) {
            qu->calls[i] += own;
            continue;
        }
        double from = qu->open_from_s[i], to = qu->open_to_s[i];
        int open = to > from;
        double open_part = open ? own * (to - from) / len : 0.0;
        double before = open ? own * from / len : 0.0;
        double after = own - open_part - before;    /* all of it when closed */
        qu->calls[i] += open_part;
        switch (d->when_closed) {
        case CC_WHEN_CLOSED_LOST:
            lost += own - open_part;
            break;
        case CC_WHEN_CLOSED_NEXT_OPEN:
            lost += (1.0 - p) * (before + after);
            if (open) {
                qu->calls[i] += carry + p * before;
                carry = p * after;
            } else {
                carry += p * after;
            }
            break;
        case CC_WHEN_CLOSED_SPREAD:     /* spread_queue */
            break;
        case CC_WHEN_CLOSED_QUEUE: {
            cc_queue *to_q = &s->queues[d->to_queue];
            double closed = own - open_part;
            if (to_q->open_to_s[i] > to_q->open_from_s[i]
                || to_q->discipline == CC_DISCIPLINE_DEFERRED) {
                to_q->calls[i] += p * closed;
                lost += (1.0 - p) * closed;
            } else {
                lost += closed;
            }
            break;
        }
        }
    }
    qu->lost_calls = lost + carry;
}

/* Adds the trace's arrivals in interval i to calls[i] (which holds 0: no other
 * queue passes demand to a trace queue). */
static void count_trace(cc_scenario *s, cc_queue *qu)
{
    for (size_t k = 0; k < qu->trace.n; k++) {
        size_t i = (size_t)(qu->trace.arrival_s[k] / s->interval_s);
        if (i < s->n_intervals)
            qu->calls[i] += 1.0;
    }
}

static long anniversary(const cc_calendar *cal, size_t y)
{
    return cc_date_days(cal->year + (int)y, cal->month, cal->day);
}

size_t cc_demand_horizon_year(const cc_calendar *cal, size_t day)
{
    size_t y = 0;
    while (cal->first_date + (long)day >= anniversary(cal, y + 1))
        y++;
    return y;
}

size_t cc_demand_horizon_years(const cc_calendar *cal)
{
    return cal->days ? cc_demand_horizon_year(cal, cal->days - 1) + 1 : 1;
}

double cc_demand_ivr_calls(const cc_queue *q, double calls)
{
    return q->ivr_resolved_share > 0.0 ? calls / (1.0 - q->ivr_resolved_share) : calls;
}

/* Adds `amount` of interval i to queue `to`: there when it takes contacts in i (open,
 * or deferred), otherwise into *carry for its next such interval. */
static void arrive(cc_scenario *s, size_t to, size_t i, double amount, double *carry)
{
    cc_queue *t = &s->queues[to];
    *carry += amount;
    if (t->discipline == CC_DISCIPLINE_DEFERRED || t->open_to_s[i] > t->open_from_s[i]) {
        t->calls[i] += *carry;
        *carry = 0.0;
    }
}

/* Step 1: the moved contacts to each shift's `to` (the `from` queues are not yet
 * changed, and no `to` is a `from`), then each `from` queue keeps its share. */
static void apply_shifts(cc_scenario *s)
{
    size_t ipd = s->intervals_per_day;
    for (size_t k = 0; k < s->n_shifts; k++) {
        const cc_channel_shift *sh = &s->shifts[k];
        const double *from = s->queues[sh->from].calls;
        double carry = 0.0, share = 0.0;
        for (size_t i = 0; i < s->n_intervals; i++) {
            if (i % ipd == 0)
                share = sh->share[cc_demand_horizon_year(&s->calendar, i / ipd)];
            arrive(s, sh->to, i, from[i] * share, &carry);
        }
        s->queues[sh->to].lost_calls += carry;
    }
    for (size_t q = 0; q < s->n_queues; q++) {
        int shifted = 0;
        for (size_t k = 0; k < s->n_shifts; k++)
            shifted |= s->shifts[k].from == q;
        if (!shifted)
            continue;
        double keep = 1.0;
        for (size_t i = 0; i < s->n_intervals; i++) {
            if (i % ipd == 0) {
                size_t y = cc_demand_horizon_year(&s->calendar, i / ipd);
                keep = 1.0;
                for (size_t k = 0; k < s->n_shifts; k++)
                    if (s->shifts[k].from == q)
                        keep -= s->shifts[k].share[y] * (1.0 - s->shifts[k].failure_share);
            }
            s->queues[q].calls[i] *= keep;
        }
    }
}

/* Steps 2 and 3. */
static void apply_failure_and_ivr(cc_scenario *s)
{
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue *qu = &s->queues[q];
        if (qu->discipline != CC_DISCIPLINE_SELF_SERVICE || !(qu->failure_share > 0.0))
            continue;
        double carry = 0.0;
        for (size_t i = 0; i < s->n_intervals; i++)
            arrive(s, qu->failure_queue, i, qu->calls[i] * qu->failure_share, &carry);
        s->queues[qu->failure_queue].lost_calls += carry;
    }
    for (size_t q = 0; q < s->n_queues; q++) {
        cc_queue *qu = &s->queues[q];
        if (qu->ivr_resolved_share > 0.0)
            for (size_t i = 0; i < s->n_intervals; i++)
                qu->calls[i] *= 1.0 - qu->ivr_resolved_share;
    }
}

void cc_demand_expand(cc_scenario *s)
{
    for (size_t q = 0; q < s->n_queues; q++) {
        if (s->queues[q].demand.present)
            expand_queue(s, q);
        else if (s->queues[q].source == CC_SOURCE_TRACE)
            count_trace(s, &s->queues[q]);
    }
    apply_shifts(s);
    apply_failure_and_ivr(s);
}
