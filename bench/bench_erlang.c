/* bench_erlang — minimum staffing for a year of half-hour intervals.
 *
 * Builds a deterministic load pattern for 365 days x 48 half-hours (17,520
 * intervals): a two-peak daily profile (10:30 and 15:00) times a weekly pattern
 * (Monday busiest, Sunday quietest) times a gentle seasonal wave, scaled to
 * 0.5..150 Erlang, AHT 240 s. For each model it finds the fewest agents that
 * answer 80% of offered calls within 20 s in every interval (Erlang A with
 * 180 s mean patience), times the whole year with CLOCK_MONOTONIC, best of
 * RUNS, and prints one JSON line per model on stdout. The agent total is
 * printed too, so the work cannot be optimised away and changes are visible.
 *
 *   bench_erlang
 */
#include "model/erlang.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define DAYS 365
#define SLOTS 48
#define INTERVALS (DAYS * SLOTS)
#define RUNS 5
#define INTERVAL_S 1800.0
#define AHT_S 240.0
#define PATIENCE_S 180.0
#define WITHIN_S 20.0
#define TWO_PI 6.28318530717958647692

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Calls offered in each interval of the year. */
static void year_of_calls(double *calls)
{
    static const double weekly[7] = { 1.0, 0.95, 0.9, 0.9, 0.85, 0.5, 0.3 };
    for (int d = 0; d < DAYS; d++) {
        double season = 0.9 + 0.1 * cos(TWO_PI * d / DAYS);
        for (int h = 0; h < SLOTS; h++) {
            double morning = (h - 21) / 6.0, afternoon = (h - 30) / 5.0;
            double day = exp(-morning * morning) + 0.8 * exp(-afternoon * afternoon);
            double shape = fmin(1, day * weekly[d % 7] * season);
            double load = 0.5 + 149.5 * shape;
            calls[d * SLOTS + h] = load * INTERVAL_S / AHT_S;
        }
    }
}

/* Staffs the whole year once; returns the total of agents over all intervals. */
static long staff_year(const double *calls, int erlang_a)
{
    const cc_erlang_targets t = { .service_level = 0.8 };
    long total = 0;
    for (int i = 0; i < INTERVALS; i++) {
        cc_erlang_result r;
        cc_error err;
        int rc = erlang_a
                     ? cc_erlang_a_staff(calls[i], INTERVAL_S, AHT_S, PATIENCE_S, WITHIN_S, &t, &r, &err)
                     : cc_erlang_c_staff(calls[i], INTERVAL_S, AHT_S, WITHIN_S, &t, &r, &err);
        if (rc) {
            fprintf(stderr, "bench_erlang: interval %d: %s\n", i, err.msg);
            exit(2);
        }
        total += r.agents;
    }
    return total;
}

int main(void)
{
    static double calls[INTERVALS];
    year_of_calls(calls);
    for (int erlang_a = 0; erlang_a <= 1; erlang_a++) {
        double best = INFINITY;
        long total = 0;
        for (int run = 0; run < RUNS; run++) {
            double t0 = now();
            total = staff_year(calls, erlang_a);
            double dt = now() - t0;
            if (dt < best)
                best = dt;
        }
        printf("{\"bench\": \"erlang_staffing_year\", \"model\": \"%s\", \"intervals\": %d, "
               "\"target\": \"80%% in 20 s\", \"seconds\": %.6f, \"intervals_per_s\": %.0f, "
               "\"agent_intervals\": %ld}\n",
               erlang_a ? "erlang-a" : "erlang-c", INTERVALS, best, INTERVALS / best, total);
    }
    return 0;
}
