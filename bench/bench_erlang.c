/* bench_erlang — minimum staffing for a year of half-hour intervals.
 *
 * Builds a deterministic load pattern for 365 days x 48 half-hours (17,520
 * intervals): a two-peak daily profile (10:30 and 15:00) times a weekly pattern
 * (Monday busiest, Sunday quietest) times a gentle seasonal wave, scaled to
 * 0.5..150 Erlang, AHT 240 s. For each model (a case each: erlang/staffing-year/c
 * and erlang/staffing-year/a) it finds the fewest agents that answer 80% of offered
 * calls within 20 s in every interval (Erlang A with 180 s mean patience), the whole
 * year once per repeat on the thread's CPU clock, each repeat preceded by the
 * harness's yardstick (bench/bench.h), and writes one record. The agent total is
 * recorded too, so the work cannot be optimised away and changes are visible.
 *
 *   bench_erlang [CASE...]     (none: every case, each in its own process)
 */
#include "bench/bench.h"
#include "model/erlang.h"

#include <math.h>

#define DAYS 365
#define SLOTS 48
#define INTERVALS (DAYS * SLOTS)
#define INTERVAL_S 1800.0
#define AHT_S 240.0
#define PATIENCE_S 180.0
#define WITHIN_S 20.0
#define TWO_PI 6.28318530717958647692

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

typedef struct staffing_work {
    double calls[INTERVALS];
    int erlang_a;
    long agents;        /* agent-intervals of the last year staffed */
} staffing_work;

/* Staffs the whole year once; returns the intervals staffed. */
static double staff_year(void *ctx)
{
    staffing_work *w = ctx;
    const double *calls = w->calls;
    int erlang_a = w->erlang_a;
    const cc_erlang_targets t = { .service_level = 0.8 };
    long total = 0;
    for (int i = 0; i < INTERVALS; i++) {
        cc_erlang_result r;
        cc_error err;
        int rc = erlang_a
                     ? cc_erlang_a_staff(calls[i], INTERVAL_S, AHT_S, PATIENCE_S, WITHIN_S, &t, &r, &err)
                     : cc_erlang_c_staff(calls[i], INTERVAL_S, AHT_S, WITHIN_S, &t, &r, &err);
        if (rc)
            bench_fail("interval %d: %s", i, err.msg);
        total += r.agents;
    }
    w->agents = total;
    return INTERVALS;
}

static void staffing_case(int erlang_a)
{
    static staffing_work w;
    year_of_calls(w.calls);
    w.erlang_a = erlang_a;
    bench_series ser;
    bench_measure(&ser, "intervals", BENCH_THREAD_CPU, bench_repeats(0), staff_year, &w, 1);
    bench_record r;
    bench_record_begin(&r, erlang_a ? "erlang/staffing-year/a" : "erlang/staffing-year/c");
    bench_record_str(&r, "model", erlang_a ? "erlang-a" : "erlang-c");
    bench_record_str(&r, "target", "80% in 20 s");
    bench_record_int(&r, "agent_intervals", w.agents);
    bench_record_series(&r, &ser);
    bench_record_end(&r);
}

static void erlang_c(void) { staffing_case(0); }
static void erlang_a(void) { staffing_case(1); }

int main(int argc, char **argv)
{
    static const bench_case cases[] = {
        { "erlang/staffing-year/c", erlang_c },
        { "erlang/staffing-year/a", erlang_a },
    };
    return bench_main(argc, argv, cases, sizeof cases / sizeof *cases);
}
