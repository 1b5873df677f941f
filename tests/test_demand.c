/* test_demand.c — demand to calls per interval: weekly volume split by weekday and
 * intraday weights, growth, per day/week/year, closed-hours demand (lost, next open
 * time, another queue) with hand-computed values and conservation, a deferred queue's
 * demand at every hour, and a trace's own counts. */
#include "model/demand.h"

#include "model/scenario.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

/* A scenario of `days` days from `start` with hourly intervals and the given calendar
 * hours and queues text (extra calendar lines in `cal_extra`). */
static cc_scenario *scenario(const char *start, int days, const char *hours, const char *cal_extra,
                             const char *queues)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    cr_assert_not_null(f);
    fprintf(f,
            "name = \"demand\";\n"
            "calendar = { start = \"%s\"; days = %d; interval_min = 60;\n"
            "  hours = ( { days = \"Mon-Fri\"; open = \"%s\"; } ); %s };\n"
            "targets = { service_level = 0.8; answer_within_s = 20; };\n"
            "queues = ( %s );\n",
            start, days, hours, cal_extra, queues);
    fclose(f);
    cc_scenario *s = test_load_text(text);
    free(text);
    return s;
}

/* 24 hourly weights, 1 everywhere. */
#define FLAT24 "[ 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, " \
               "1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 ]"
#define HANDLING "handling = { dist = \"exponential\"; mean_s = 240; };"

static double total_calls(const cc_scenario *s, size_t q)
{
    double sum = 0.0;
    for (size_t i = 0; i < s->n_intervals; i++)
        sum += s->queues[q].calls[i];
    return sum;
}

Test(demand, weekly_volume_and_conversions)
{
    cc_demand d = { .present = 1, .volume = 1000.0, .per = CC_DEMAND_PER_WEEK, .growth = 1.0,
                    .weekday_profile = { 2, 1, 1, 1, 1, 0, 0 } };
    cr_assert_float_eq(cc_demand_weekly_volume(&d), 1000.0, EPS);
    cr_assert_float_eq(cc_demand_day_volume(&d, 0), 1000.0 * 2 / 6, EPS);
    cr_assert_float_eq(cc_demand_day_volume(&d, 1), 1000.0 / 6, EPS);
    cr_assert_eq(cc_demand_day_volume(&d, 5), 0.0);
    d.per = CC_DEMAND_PER_YEAR;
    d.volume = 36525.0;                          /* 700 a week */
    cr_assert_float_eq(cc_demand_weekly_volume(&d), 700.0, EPS);
    d.per = CC_DEMAND_PER_DAY;
    d.volume = 100.0;                            /* a day of weight 1; Monday weighs 2 */
    cr_assert_float_eq(cc_demand_weekly_volume(&d), 600.0, EPS);
    cr_assert_float_eq(cc_demand_day_volume(&d, 0), 200.0, EPS);
    cr_assert_float_eq(cc_demand_day_volume(&d, 3), 100.0, EPS);
    d.growth = 0.67;
    cr_assert_float_eq(cc_demand_day_volume(&d, 3), 67.0, EPS);
}

Test(demand, split_by_weekday_and_intraday_weights)
{
    /* open all day every weekday: nothing is closed-hours demand on Mon-Fri.
     * 1000 a week, Monday twice the other weekdays: Monday 333.33, Tuesday 166.67.
     * Intraday: weight 1 at 09..16 except 3 at 10:00, sum 10. */
    cc_scenario *s = scenario("2026-01-05", 7, "00:00\"; close = \"24:00", "",
                              "{ name = \"q\"; channel = \"phone\"; demand = { volume = 1000.0; "
                              "per = \"week\"; weekday_profile = [ 2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0 ];"
                              "intraday_profile = [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 1, 1, 1, 1, 1, 1,"
                              " 0, 0, 0, 0, 0, 0, 0 ]; }; " HANDLING " }");
    const double *c = s->queues[0].calls;
    cr_assert_float_eq(c[10], 100.0, EPS);                  /* Mon 10:00: 333.33 x 3/10 */
    cr_assert_float_eq(c[9], 1000.0 / 3 / 10, EPS);         /* Mon 09:00 */
    cr_assert_eq(c[8], 0.0);
    cr_assert_float_eq(c[24 + 10], 50.0, EPS);              /* Tue 10:00 */
    cr_assert_float_eq(c[4 * 24 + 16], 1000.0 / 6 / 10, EPS);   /* Fri 16:00 */
    cr_assert_eq(c[5 * 24 + 10], 0.0);                      /* Saturday: weight 0 */
    cr_assert_float_eq(total_calls(s, 0), 1000.0, 1e-9);
    cr_assert_eq(s->queues[0].lost_calls, 0.0);
    cr_assert(s->queues[0].demand.present);
    cc_scenario_destroy(s);

    /* growth 0.5 halves every interval; per = "year": 52178.57 calls over the weekday
     * weights of the 365 days of 2026 (52 weeks of 6, and Thursday 31 December: 313) */
    s = scenario("2026-01-05", 7, "00:00\"; close = \"24:00", "",
                 "{ name = \"q\"; channel = \"phone\"; demand = { volume = 52178.57142857143; "
                 "per = \"year\"; growth = 0.5; weekday_profile = [ 2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0 ];"
                 "intraday_profile = [ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 1, 1, 1, 1, 1, 1,"
                 " 0, 0, 0, 0, 0, 0, 0 ]; }; " HANDLING " }");
    cr_assert_float_eq(s->queues[0].calls[10], 52178.57142857143 * 2 / 313 * 0.5 * 3 / 10, 1e-9);
    cr_assert_float_eq(total_calls(s, 0), 52178.57142857143 * 6 / 313 * 0.5, 1e-9);
    cc_scenario_destroy(s);
}

/* One Monday open 09:00-17:00; 240 calls a day, 10 an hour around the clock:
 * 80 in the open hours, 90 before, 70 after. */
static cc_scenario *one_day(const char *when_closed)
{
    char q[1024];
    snprintf(q, sizeof q, "{ name = \"q\"; channel = \"phone\"; demand = { volume = 240.0; "
             "per = \"day\"; intraday_profile = " FLAT24 "; %s }; " HANDLING " }", when_closed);
    return scenario("2026-01-05", 1, "09:00\"; close = \"17:00", "", q);
}

Test(demand, lost_and_next_open)
{
    cc_scenario *s = one_day("");                    /* default: lost */
    cr_assert_eq(s->queues[0].demand.when_closed, CC_WHEN_CLOSED_LOST);
    cr_assert_float_eq(s->queues[0].calls[9], 10.0, EPS);
    cr_assert_eq(s->queues[0].calls[8], 0.0);
    cr_assert_eq(s->queues[0].calls[17], 0.0);
    cr_assert_float_eq(total_calls(s, 0), 80.0, EPS);
    cr_assert_float_eq(s->queues[0].lost_calls, 160.0, EPS);
    cc_scenario_destroy(s);

    /* next-open: the night before comes at 09:00; the evening has no later opening */
    s = one_day("when_closed = \"next-open\";");
    cr_assert_float_eq(s->queues[0].calls[9], 100.0, EPS);
    cr_assert_float_eq(s->queues[0].calls[10], 10.0, EPS);
    cr_assert_float_eq(s->queues[0].lost_calls, 70.0, EPS);
    cr_assert_float_eq(total_calls(s, 0) + s->queues[0].lost_calls, 240.0, EPS);
    cc_scenario_destroy(s);

    /* half of them come back */
    s = one_day("when_closed = \"next-open\"; return_probability = 0.5;");
    cr_assert_float_eq(s->queues[0].calls[9], 55.0, EPS);
    cr_assert_float_eq(s->queues[0].lost_calls, 45.0 + 70.0, EPS);
    cr_assert_float_eq(total_calls(s, 0) + s->queues[0].lost_calls, 240.0, EPS);
    cc_scenario_destroy(s);

    /* nobody comes back */
    s = one_day("when_closed = \"next-open\"; return_probability = 0.0;");
    cr_assert_float_eq(s->queues[0].calls[9], 10.0, EPS);
    cr_assert_float_eq(s->queues[0].lost_calls, 160.0, EPS);
    cc_scenario_destroy(s);
}

Test(demand, passed_to_another_queue)
{
    /* "web" is open 08:00-20:00 (its own hours) with 1 call an hour of its own; "phone"
     * 09:00-17:00 passes its closed-hours demand to web: 08:00 and 17:00-19:00 reach an
     * open web (4 hours of 10, × 0.8 return); the rest of the night is lost. */
    cc_scenario *s = scenario("2026-01-05", 1, "09:00\"; close = \"17:00", "",
                              "{ name = \"phone\"; channel = \"phone\"; demand = { volume = 240.0; "
                              "per = \"day\"; intraday_profile = " FLAT24 "; when_closed = "
                              "\"queue:web\"; return_probability = 0.8; }; " HANDLING " },"
                              "{ name = \"web\"; channel = \"phone\"; calls_per_interval = 1;"
                              "  hours = ( { days = \"Mon-Fri\"; open = \"08:00\"; close = \"20:00\"; } );"
                              HANDLING " }");
    cr_assert_eq(s->queues[0].demand.when_closed, CC_WHEN_CLOSED_QUEUE);
    cr_assert_eq(s->queues[0].demand.to_queue, 1);
    const double *web = s->queues[1].calls;
    cr_assert_float_eq(web[8], 1.0 + 8.0, EPS);
    cr_assert_float_eq(web[12], 1.0, EPS);                  /* phone is open: nothing passed */
    cr_assert_float_eq(web[17], 9.0, EPS);
    cr_assert_float_eq(web[19], 9.0, EPS);
    cr_assert_eq(web[20], 0.0);
    cr_assert_eq(web[7], 0.0);
    cr_assert_float_eq(total_calls(s, 1), 12.0 + 4 * 8.0, EPS);
    /* lost: 12 closed hours of web (120) and 0.2 of the 4 passed hours (8) */
    cr_assert_float_eq(s->queues[0].lost_calls, 128.0, EPS);
    cr_assert_float_eq(total_calls(s, 0) + s->queues[0].lost_calls + 32.0, 240.0, EPS);
    cr_assert_eq(s->queues[1].lost_calls, 0.0);
    cc_scenario_destroy(s);
}

Test(demand, partly_open_interval_pro_rata)
{
    /* open 09:30-17:15 with hourly intervals: 09:00 is open for its second half, 17:00
     * for its first quarter. Lost: the closed half and three quarters go. */
    cc_scenario *s = scenario("2026-01-05", 1, "09:30\"; close = \"17:15", "",
                              "{ name = \"q\"; channel = \"phone\"; demand = { volume = 240.0; "
                              "per = \"day\"; intraday_profile = " FLAT24 "; }; " HANDLING " }");
    cr_assert_float_eq(s->queues[0].calls[9], 5.0, EPS);
    cr_assert_float_eq(s->queues[0].calls[17], 2.5, EPS);
    cr_assert_float_eq(s->queues[0].lost_calls, 240.0 - 5.0 - 70.0 - 2.5, EPS);
    cc_scenario_destroy(s);

    /* next-open: the night and 09:00-09:30 come in 09:00's open half; 17:15-24:00 is lost */
    s = scenario("2026-01-05", 1, "09:30\"; close = \"17:15", "",
                 "{ name = \"q\"; channel = \"phone\"; demand = { volume = 240.0; per = \"day\";"
                 " intraday_profile = " FLAT24 "; when_closed = \"next-open\"; }; " HANDLING " }");
    cr_assert_float_eq(s->queues[0].calls[9], 90.0 + 10.0, EPS);
    cr_assert_float_eq(s->queues[0].calls[17], 2.5, EPS);
    cr_assert_float_eq(s->queues[0].lost_calls, 7.5 + 60.0, EPS);
    cc_scenario_destroy(s);
}

Test(demand, next_open_across_weekend_and_bank_holiday)
{
    /* Thursday 2026-04-02 for 6 days: Good Friday, the weekend and Easter Monday are
     * closed; 240 calls every day (weights 1 all week), 10 an hour. Thursday's evening,
     * four closed days and Tuesday's night all reach Tuesday 09:00. */
    cc_scenario *s = scenario("2026-04-02", 6, "09:00\"; close = \"17:00",
                              "bank_holidays = \"england-and-wales\";",
                              "{ name = \"q\"; channel = \"phone\"; demand = { volume = 240.0; "
                              "per = \"day\"; weekday_profile = [ 1, 1, 1, 1, 1, 1, 1 ];"
                              "intraday_profile = " FLAT24 "; when_closed = \"next-open\"; }; "
                              HANDLING " }");
    const double *c = s->queues[0].calls;
    cr_assert_float_eq(c[9], 100.0, EPS);                          /* Thursday 09:00 */
    for (size_t i = 24; i < 5 * 24; i++)
        cr_assert_eq(c[i], 0.0, "interval %zu", i);
    cr_assert_float_eq(c[5 * 24 + 9], 70.0 + 4 * 240.0 + 90.0 + 10.0, EPS);   /* Tuesday 09:00 */
    cr_assert_float_eq(s->queues[0].lost_calls, 70.0, EPS);        /* Tuesday evening */
    cr_assert_float_eq(total_calls(s, 0) + s->queues[0].lost_calls, 6 * 240.0, 1e-9);
    cc_scenario_destroy(s);
}

Test(demand, conservation_with_uneven_profiles)
{
    /* four weeks of hourly intervals, a lumpy profile (a list may mix 3 and 1.5), closed dates and a
     * partly open day: with next-open and p = 1 only the tail after the last opening
     * is lost, and calls + lost = the demand of the horizon. */
    cc_scenario *s = scenario("2026-03-02", 28, "08:45\"; close = \"16:20",
                              "closed_dates = [ \"2026-03-10\", \"2026-03-11\" ];",
                              "{ name = \"q\"; channel = \"phone\"; demand = { volume = 91000.0; "
                              "per = \"year\"; growth = 1.1; weekday_profile = ( 3, 2, 2, 2, 1.5, 0.5, 0.25 );"
                              "intraday_profile = ( 0, 0, 0, 0, 0, 0, 0.2, 0.5, 2, 4, 5, 5, 4, 3,"
                              " 4, 3.5, 3, 2, 1, 0.5, 0.25, 0, 0, 0.1 ); when_closed = \"next-open\";"
                              " }; " HANDLING " }");
    const cc_demand *d = &s->queues[0].demand;
    const cc_calendar *cal = &s->calendar;
    double total = 0.0;
    for (int day = 0; day < 28; day++)
        total += cc_demand_date_volume(d, cal, cal->first_date + day);
    /* per = "year": the weekday weights of 2026 sum to 52 × 11.25 + 2 (Thursday 31
     * December) = 587; four weeks carry 45 of them. */
    cr_assert_float_eq(total, 91000.0 * 45 / 587 * 1.1, 1e-6);
    cr_assert_float_eq(total_calls(s, 0) + s->queues[0].lost_calls, total, 1e-6);
    /* lost: Friday 2026-03-27 after 16:20 and the weekend after it */
    double tail = cc_demand_date_volume(d, cal, cal->first_date + 26) + cc_demand_date_volume(d, cal, cal->first_date + 27);
    double psum = 0.0;
    for (size_t k = 0; k < 24; k++)
        psum += d->intraday_profile[k];
    cr_assert_float_eq(psum, 38.05, 1e-12);
    /* 16:00 is open for 20 minutes: 2/3 of its weight 3 is closed; then 17:00-23:00 */
    double friday = cc_demand_date_volume(d, cal, cal->first_date + 25) *
                    ((2.0 / 3.0) * 3.0 + 2 + 1 + 0.5 + 0.25 + 0.1) / psum;
    cr_assert_float_eq(s->queues[0].lost_calls, tail + friday, 1e-6);
    cc_scenario_destroy(s);
}

Test(demand, deferred_queue_takes_contacts_at_every_hour)
{
    /* an email queue worked Mon-Fri 09:00-17:00 from Friday 2026-01-09 for 3 days: 70 a
     * week (10 a day on all seven days), intraday weight 3 at 02:00 and 1 elsewhere (sum
     * 26). Nothing is closed-hours demand: Saturday and the night get their share. */
    cc_scenario *s = scenario("2026-01-09", 3, "09:00\"; close = \"17:00", "",
                              "{ name = \"email\"; channel = \"phone\"; discipline = \"deferred\";"
                              " demand = { volume = 70.0; per = \"week\";"
                              " weekday_profile = [ 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 ];"
                              " intraday_profile = [ 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,"
                              " 1, 1, 1, 1, 1, 1, 1, 1, 1 ]; }; " HANDLING " }");
    const double *calls = s->queues[0].calls;
    cr_assert_float_eq(calls[2], 10.0 * 3 / 26, EPS);          /* Friday 02:00, closed */
    cr_assert_float_eq(calls[12], 10.0 / 26, EPS);             /* Friday noon, open */
    cr_assert_float_eq(calls[24 + 2], 10.0 * 3 / 26, EPS);     /* Saturday 02:00 */
    cr_assert_float_eq(total_calls(s, 0), 30.0, EPS);
    cr_assert_eq(s->queues[0].lost_calls, 0.0);
    cc_scenario_destroy(s);
}

Test(demand, closed_phone_demand_passed_to_a_deferred_queue_at_any_hour)
{
    /* phone 09:00-17:00 passes its closed hours to email (worked the same hours) with
     * return 0.5: a deferred queue takes them at night too, so only the other half is
     * lost: 16 closed hours of 10, × 0.5. */
    cc_scenario *s = scenario("2026-01-05", 1, "09:00\"; close = \"17:00", "",
                              "{ name = \"phone\"; channel = \"phone\"; demand = { volume = 240.0; "
                              "per = \"day\"; intraday_profile = " FLAT24 "; when_closed = "
                              "\"queue:email\"; return_probability = 0.5; }; " HANDLING " },"
                              "{ name = \"email\"; channel = \"phone\"; discipline = \"deferred\";"
                              " calls_per_interval = 1; " HANDLING " }");
    const double *email = s->queues[1].calls;
    cr_assert_float_eq(email[3], 1.0 + 5.0, EPS);
    cr_assert_float_eq(email[12], 1.0, EPS);                   /* phone open: nothing passed */
    cr_assert_float_eq(total_calls(s, 1), 24.0 + 16 * 5.0, EPS);
    cr_assert_float_eq(s->queues[0].lost_calls, 80.0, EPS);
    cc_scenario_destroy(s);
}

Test(demand, trace_counts_per_interval)
{
    /* a trace's calls are its own arrivals per interval, wherever they fall */
    cc_scenario *s = scenario("2026-01-05", 2, "09:00\"; close = \"17:00", "",
                              "{ name = \"replay\"; channel = \"phone\"; trace = { arrival_s = "
                              "[ 0.0, 3599.9, 3600.0, 36000.0, 36001.0, 36002.0, 172799.0 ]; }; "
                              HANDLING " }");
    const double *calls = s->queues[0].calls;
    cr_assert_eq(calls[0], 2.0);
    cr_assert_eq(calls[1], 1.0);
    cr_assert_eq(calls[10], 3.0);
    cr_assert_eq(calls[47], 1.0);
    cr_assert_float_eq(total_calls(s, 0), 7.0, EPS);
    cc_scenario_destroy(s);
}

/* when_closed = "spread": Easter Monday's demand (a bank holiday) and Tuesday's
 * closed hours join Tuesday's open hours in the profile's shape, not the 09:00
 * interval: a flat 240 calls a day over 8 open hours is 60 an hour on Tuesday. With
 * return_probability 0.5, half of what fell outside the hours comes back. */
Test(demand, spread_closed_day_and_hours_over_the_next_open_day)
{
    const char *cal = "bank_holidays = \"england-and-wales\";";
    cc_scenario *s = scenario("2026-04-06", 2, "09:00\"; close = \"17:00", cal,
                              "{ name = \"q\"; channel = \"phone\"; demand = { volume = 240.0; per = \"day\"; "
                              "intraday_profile = " FLAT24 "; when_closed = \"spread\"; }; " HANDLING " }");
    cr_assert_eq(s->queues[0].demand.when_closed, CC_WHEN_CLOSED_SPREAD);
    for (size_t k = 0; k < 24; k++) {
        cr_assert_eq(s->queues[0].calls[k], 0.0, "Easter Monday %zu:00", k);
        cr_assert_float_eq(s->queues[0].calls[24 + k], k >= 9 && k < 17 ? 60.0 : 0.0, EPS, "Tuesday %zu:00", k);
    }
    cr_assert_float_eq(s->queues[0].lost_calls, 0.0, EPS);
    cc_scenario_destroy(s);

    s = scenario("2026-04-06", 2, "09:00\"; close = \"17:00", cal,
                 "{ name = \"q\"; channel = \"phone\"; demand = { volume = 240.0; per = \"day\"; "
                 "intraday_profile = " FLAT24 "; when_closed = \"spread\"; return_probability = 0.5; }; "
                 HANDLING " }");
    /* Tuesday: its own 80 in open hours + half its 160 closed-hours calls + half of Monday's 240. */
    cr_assert_float_eq(s->queues[0].calls[24 + 12], (80 + 80 + 120) / 8.0, EPS);
    cr_assert_float_eq(total_calls(s, 0) + s->queues[0].lost_calls, 480.0, EPS);
    cc_scenario_destroy(s);
}

/* The intraday profile covers the whole day and is masked by the hours, then
 * re-normalised: weight k at hour k, open 09:00-17:00 (weights 9..16, sum 100), so
 * hour k gets 240 × k / 100 whatever the profile outside the hours; opening at
 * 10:00 instead moves hour 9's share to the remaining hours. */
Test(demand, spread_masks_the_profile_by_the_hours)
{
    char q[1024];
    snprintf(q, sizeof q, "{ name = \"q\"; channel = \"phone\"; demand = { volume = 240.0; per = \"day\"; "
             "intraday_profile = [ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, "
             "20, 21, 22, 23 ]; when_closed = \"spread\"; }; " HANDLING " }");
    cc_scenario *s = scenario("2026-04-07", 1, "09:00\"; close = \"17:00", "", q);
    cr_assert_float_eq(s->queues[0].calls[9], 240 * 9 / 100.0, EPS);
    cr_assert_float_eq(s->queues[0].calls[16], 240 * 16 / 100.0, EPS);
    cr_assert_float_eq(total_calls(s, 0), 240.0, EPS);
    cc_scenario_destroy(s);
    s = scenario("2026-04-07", 1, "10:00\"; close = \"17:00", "", q);
    cr_assert_eq(s->queues[0].calls[9], 0.0);
    cr_assert_float_eq(s->queues[0].calls[10], 240 * 10 / 91.0, EPS);
    cr_assert_float_eq(total_calls(s, 0), 240.0, EPS);
    cc_scenario_destroy(s);
}

/* Annual and monthly volumes go to the days callers can ring: the bank holidays of
 * the calendar year (month) get none, the other days share the volume by weekday
 * weight. April 2026 (30 days: 22 weekdays, Good Friday 3rd and Easter Monday 6th
 * closed): 2000 calls a month over 20 weekdays is 100 a weekday; 2026 has 253
 * weekdays that are not bank holidays. */
Test(demand, year_and_month_over_the_days_not_closed)
{
    const char *cal = "bank_holidays = \"england-and-wales\";";
    cc_scenario *s = scenario("2026-04-06", 2, "09:00\"; close = \"17:00", cal,
                              "{ name = \"m\"; channel = \"phone\"; demand = { volume = 2000.0; per = \"month\"; "
                              "intraday_profile = " FLAT24 "; }; " HANDLING " },"
                              "{ name = \"y\"; channel = \"phone\"; demand = { volume = 25300.0; per = \"year\"; "
                              "intraday_profile = " FLAT24 "; }; " HANDLING " }");
    const cc_calendar *c = &s->calendar;
    cr_assert_eq(s->queues[0].demand.per, CC_DEMAND_PER_MONTH);
    cr_assert_eq(cc_demand_date_volume(&s->queues[0].demand, c, c->first_date), 0.0, "Easter Monday");
    cr_assert_float_eq(cc_demand_date_volume(&s->queues[0].demand, c, c->first_date + 1), 100.0, EPS);
    cr_assert_float_eq(cc_demand_date_volume(&s->queues[1].demand, c, c->first_date + 1), 100.0, EPS);
    /* Tuesday's open hours: 8 of 24 flat hours. */
    cr_assert_float_eq(s->queues[0].calls[24 + 9], 100.0 / 24, EPS);
    cc_scenario_destroy(s);
}
