/* test_erlang.c — Erlang B/C/A and minimum staffing (model/erlang.h).
 *
 * Known answers from ../shared/reference/README.md, independent textbook sums in
 * long double for small N, stability and monotonicity at N = 100,000, the
 * Erlang A -> Erlang C limit, exactness of the inverse problem, and every error. */
#include "model/erlang.h"

#include <criterion/criterion.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <string.h>

static void near(double got, double want, double rel, const char *what)
{
    cr_assert(isfinite(got) && fabs(got - want) <= rel * fabs(want),
              "%s: got %.12g, want %.12g (rel %.3g)", what, got, want, rel);
}

/* Probabilities: relative accuracy, or absolute 1e-13 where they are that small
 * (a service level of 1e-15 comes from a difference of two incomplete gamma
 * functions and is only known to about 1e-16 absolute). */
static void near_p(double got, double want, double rel, const char *what)
{
    cr_assert(isfinite(got) && fabs(got - want) <= fmax(rel * fabs(want), 1e-13),
              "%s: got %.12g, want %.12g (rel %.3g)", what, got, want, rel);
}

/* |got - want| <= half a unit in the last printed place of want. */
static void printed(double got, double want, double half_ulp, const char *what)
{
    cr_assert(isfinite(got) && fabs(got - want) <= half_ulp,
              "%s: got %.12g, want %.12g +- %g", what, got, want, half_ulp);
}

static cc_erlang_result c_at(double calls, double aht, long n, double within)
{
    cc_erlang_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_c(calls, 1800, aht, n, within, &r, &e), CC_OK, "%s", e.msg);
    return r;
}

static cc_erlang_result a_at(double calls, double aht, double patience, long n, double within)
{
    cc_erlang_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_a(calls, 1800, aht, patience, n, within, &r, &e), CC_OK, "%s", e.msg);
    return r;
}

/* ---- reference values ------------------------------------------------- */

Test(erlang, reference_erlang_c_600_calls_88_agents)
{
    cc_erlang_result r = c_at(600, 240, 88, 20);
    near(r.load_erlangs, 80, 1e-12, "load");
    cr_assert_eq(r.agents, 88);
    near(r.p_wait, 0.283789163, 1e-8, "p_wait");
    near(r.service_level, 0.854297786, 1e-8, "service_level");
    near(r.service_level_answered, 0.854297786, 1e-8, "service_level_answered");
    near(r.service_level_excl_short, 0.854297786, 1e-8, "service_level_excl_short");
    near(r.asa_s, 8.513674889, 1e-8, "asa_s");
    printed(r.occupancy, 0.909091, 5e-7, "occupancy");
    cr_assert_eq(r.p_abandon, 0);
}

Test(erlang, reference_erlang_c_50_calls_7_agents)
{
    cc_erlang_result r = c_at(50, 180, 7, 20);
    near(r.load_erlangs, 5, 1e-12, "load");
    near(r.p_wait, 0.324149949, 1e-8, "p_wait");
    near(r.service_level, 0.740441012, 1e-8, "service_level");
    near(r.asa_s, 29.17349543, 1e-8, "asa_s");
    printed(r.occupancy, 0.714286, 5e-7, "occupancy");
}

Test(erlang, reference_erlang_c_r_package_example)
{
    cc_erlang_result r = c_at(100, 180, 14, 20);
    near(r.load_erlangs, 10, 1e-12, "load");
    printed(r.p_wait, 0.1741319, 5e-8, "p_wait");
    printed(r.service_level, 0.88835, 5e-6, "service_level");
    printed(r.asa_s, 7.836, 5e-4, "asa_s");
    printed(r.occupancy, 0.714, 5e-4, "occupancy");
}

Test(erlang, reference_minimum_87_agents)
{
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_c_staff(600, 1800, 240, 20, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert_eq(r.agents, 87);
    cr_assert_geq(r.service_level, 0.8);
    cr_assert_lt(c_at(600, 240, 86, 20).service_level, 0.8);
}

Test(erlang, reference_published_calculator_28_agents)
{
    /* 250 calls per hour, AHT 330 s, 80% answered within 30 s. */
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_c_staff(250, 3600, 330, 30, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert_eq(r.agents, 28);
    near(r.load_erlangs, 250.0 * 330 / 3600, 1e-12, "load");
}

Test(erlang, reference_erlang_a_88_agents)
{
    cc_erlang_result r = a_at(600, 240, 300, 88, 20);
    near(r.p_wait, 0.207797836, 1e-8, "p_wait");
    near(r.p_abandon, 0.010610189, 1e-7, "p_abandon");
    near(r.service_level, 0.932126940, 1e-8, "service_level");
    near(r.service_level_answered, 0.942123044, 1e-8, "service_level_answered");
    near(r.asa_s, 3.073508189, 1e-8, "asa_s");
}

Test(erlang, reference_erlang_a_80_agents_at_the_load)
{
    cc_erlang_result r = a_at(600, 240, 300, 80, 20);
    near(r.p_wait, 0.541852343, 1e-8, "p_wait");
    near(r.p_abandon, 0.042078366, 1e-7, "p_abandon");
    near(r.service_level, 0.711280665, 1e-8, "service_level");
    near(r.service_level_answered, 0.742524899, 1e-8, "service_level_answered");
    near(r.asa_s, 12.35293731, 1e-8, "asa_s");
}

/* ---- independent textbook sums (long double, small N) ------------------ */

/* Erlang B and C from their defining sums: P0 = 1 / (sum_{k<N} a^k/k!
 * + a^N/N! N/(N-a)). */
static void textbook_c(long double a, int n, long double *b, long double *c)
{
    long double term = 1, sum = 0;
    for (int k = 0; k < n; k++) {
        sum += term;
        term *= a / (long double)(k + 1);
    }
    /* term = a^N / N! now */
    *b = term / (sum + term);
    long double tail = term * (long double)n / ((long double)n - a);
    *c = tail / (sum + tail);
}

Test(erlang, erlang_b_and_c_match_direct_summation)
{
    const double loads[] = { 0.3, 1, 2.5, 7.77, 12, 19.5 };
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++)
        for (int n = 1; n <= 40; n++) {
            long double b, c;
            double bb;
            cc_error e;
            textbook_c(loads[i], n, &b, &c);
            cr_assert_eq(cc_erlang_b(loads[i], n, &bb, &e), CC_OK);
            near(bb, (double)b, 1e-12, "erlang B");
            if (n <= loads[i])
                continue;
            double calls = loads[i] * 1800 / 240;
            cc_erlang_result r = c_at(calls, 240, n, 15);
            near(r.p_wait, (double)c, 1e-12, "erlang C");
            long double sl = 1 - c * expl(-((long double)n - loads[i]) * 15 / 240);
            near(r.service_level, (double)sl, 1e-12, "erlang C service level");
            long double asa = c * 240 / ((long double)n - loads[i]);
            near(r.asa_s, (double)asa, 1e-12, "erlang C ASA");
        }
}

/* Erlang A by brute force over the birth-death chain, truncated far out: state
 * N+k has relative weight a^N/N! prod_{i<=k} lambda/(N mu + i theta). A call that
 * finds k waiting is served with probability x/(x+k+1) (x = N mu / theta),
 * within T with probability x/(x+k+1) I_q(k+1, x+1), q = 1 - e^-theta T (the
 * offered wait is the (k+1)-th death among x+k exponential(theta) lives), waits
 * longer than T with probability (1 - I_q(k+1, x)) (1 - q), and has mean wait
 * when served (1/theta) x/(x+k+1) sum_{j=1..k+1} 1/(x+j). */
static cc_erlang_result textbook_a(double lambda, double aht, double patience, int n, double t)
{
    long double mu = 1.0L / aht, theta = 1.0L / patience, a = lambda * aht;
    long double x = n * mu / theta, q = 1 - expl(-theta * t);
    long double term = 1, below = 0;
    for (int k = 0; k < n; k++) {
        below += term;
        term *= a / (long double)(k + 1);
    }
    long double wait = 0, abandon = 0, served_t = 0, over_t = 0, wait_served = 0, h = 0;
    for (int k = 0; k < 200000; k++) {
        long double served_k = x / (x + k + 1);
        h += 1 / (x + k + 1);
        wait += term;
        abandon += term * (1 - served_k);
        served_t += term * served_k * gsl_sf_beta_inc(k + 1, (double)(x + 1), (double)q);
        over_t += term * (1 - gsl_sf_beta_inc(k + 1, (double)x, (double)q)) * (1 - q);
        wait_served += term * served_k * h / theta;
        term *= lambda / (n * mu + (k + 1) * theta);
        if (term < 1e-30L * wait)
            break;
    }
    long double total = below + wait;
    cc_erlang_result r;
    r.p_wait = (double)(wait / total);
    r.p_abandon = (double)(abandon / total);
    long double sl = (below + served_t) / total;
    long double abandon_t = (wait - served_t - over_t) / total;
    r.service_level = (double)sl;
    r.service_level_answered = (double)(sl / (1 - abandon / total));
    r.service_level_excl_short = (double)(sl / (1 - abandon_t));
    r.asa_s = (double)(wait_served / total / (1 - abandon / total));
    r.occupancy = (double)(a * (1 - abandon / total) / n);
    return r;
}

Test(erlang, erlang_a_matches_direct_summation)
{
    const double loads[] = { 0.4, 3.3, 9, 17.25 };
    const double patiences[] = { 20, 150, 900 };
    for (size_t i = 0; i < 4; i++)
        for (size_t p = 0; p < 3; p++)
            for (int n = 1; n <= 25; n += 3) {
                double lambda = loads[i] / 200;
                cc_erlang_result want = textbook_a(lambda, 200, patiences[p], n, 30);
                cc_erlang_result got = a_at(lambda * 1800, 200, patiences[p], n, 30);
                near_p(got.p_wait, want.p_wait, 1e-9, "p_wait");
                near_p(got.p_abandon, want.p_abandon, 1e-9, "p_abandon");
                near_p(got.service_level, want.service_level, 1e-9, "service_level");
                near_p(got.service_level_answered, want.service_level_answered, 1e-9,
                     "service_level_answered");
                near_p(got.service_level_excl_short, want.service_level_excl_short, 1e-9,
                     "service_level_excl_short");
                near(got.asa_s, want.asa_s, 1e-9, "asa_s");
                near_p(got.occupancy, want.occupancy, 1e-9, "occupancy");
            }
}

/* ---- internal consistency and limits ---------------------------------- */

Test(erlang, erlang_a_identities)
{
    for (long n = 40; n <= 120; n += 10) {
        cc_erlang_result r = a_at(612.5, 240, 180, n, 20);
        near(r.service_level_answered * (1 - r.p_abandon), r.service_level, 1e-12,
             "SL answered x answered = SL offered");
        near(r.occupancy, r.load_erlangs * (1 - r.p_abandon) / (double)n, 1e-12, "occupancy");
        cr_assert(r.service_level <= r.service_level_excl_short + 1e-15);
        cr_assert(r.service_level_excl_short <= r.service_level_answered + 1e-15);
    }
}

Test(erlang, erlang_a_with_fewer_agents_than_the_load)
{
    for (long n = 1; n < 80; n += 7) {
        cc_erlang_result r = a_at(600, 240, 300, n, 20);
        cr_assert(r.p_wait > 0 && r.p_wait <= 1);
        cr_assert(r.p_abandon > 0 && r.p_abandon < 1);
        /* Agents cannot carry more than N Erlang: a (1 - P(ab)) <= N. */
        cr_assert(r.occupancy <= 1 + 1e-12 && r.occupancy > 0.9, "occupancy %g", r.occupancy);
        cr_assert(r.p_abandon >= 1 - (double)n / 80 - 1e-12);
        cr_assert(isfinite(r.asa_s) && r.asa_s > 0);
    }
    /* 40 agents at 80 Erlang: about half the calls must abandon. */
    near(a_at(600, 240, 300, 40, 20).p_abandon, 0.5, 1e-3, "half abandon");
}

Test(erlang, erlang_a_converges_to_erlang_c_with_long_patience)
{
    cc_erlang_result c = c_at(600, 240, 88, 20);
    double prev = INFINITY;
    const double patiences[] = { 1e4, 1e5, 1e6, 1e8 };
    for (size_t i = 0; i < 4; i++) {
        cc_erlang_result a = a_at(600, 240, patiences[i], 88, 20);
        double gap = fabs(a.service_level - c.service_level) + fabs(a.p_wait - c.p_wait) +
                     fabs(a.asa_s - c.asa_s) / c.asa_s;
        cr_assert(gap < prev, "patience %g: gap %g not below %g", patiences[i], gap, prev);
        prev = gap;
    }
    cc_erlang_result a = a_at(600, 240, 1e8, 88, 20);
    near(a.p_wait, c.p_wait, 1e-5, "p_wait");
    near(a.service_level, c.service_level, 1e-5, "service_level");
    near(a.asa_s, c.asa_s, 1e-5, "asa_s");
    cr_assert_lt(a.p_abandon, 1e-7);
}

Test(erlang, large_n_is_finite_bounded_and_monotone)
{
    const double loads[] = { 99000, 99000.37, 54321.5 };
    for (size_t i = 0; i < 3; i++) {
        double calls = loads[i] * 1800 / 240;
        cc_erlang_result pc = { 0 }, pa = { 0 };
        for (long n = (long)loads[i] - 500; n <= 100000; n += 250) {
            cc_erlang_result a = a_at(calls, 240, 300, n, 20);
            double f[] = { a.p_wait, a.service_level, a.service_level_answered,
                           a.service_level_excl_short, a.occupancy, a.p_abandon };
            for (size_t k = 0; k < 6; k++)
                cr_assert(isfinite(f[k]) && f[k] >= 0 && f[k] <= 1, "N %ld measure %zu: %g", n, k, f[k]);
            cr_assert(isfinite(a.asa_s) && a.asa_s >= 0);
            if (pa.agents) {
                cr_assert(a.p_wait <= pa.p_wait && a.service_level >= pa.service_level &&
                          a.p_abandon <= pa.p_abandon && a.asa_s <= pa.asa_s,
                          "Erlang A not monotone at N %ld", n);
            }
            pa = a;
            if ((double)n <= loads[i])
                continue;
            cc_erlang_result c = c_at(calls, 240, n, 20);
            cr_assert(isfinite(c.p_wait) && c.p_wait >= 0 && c.p_wait <= 1);
            cr_assert(isfinite(c.service_level) && c.service_level >= 0 && c.service_level <= 1);
            cr_assert(isfinite(c.asa_s) && c.asa_s >= 0);
            if (pc.agents)
                cr_assert((c.p_wait < pc.p_wait || c.p_wait == 0) &&
                          c.service_level >= pc.service_level &&
                          (c.asa_s < pc.asa_s || c.asa_s == 0), "Erlang C not monotone at N %ld", n);
            pc = c;
        }
    }
    /* N = 100,000 at 99,000 Erlang: P(wait) is small but not negligible. */
    cc_erlang_result c = c_at(99000.0 * 1800 / 240, 240, 100000, 20);
    cr_assert(c.p_wait > 1e-5 && c.p_wait < 0.01, "p_wait %g", c.p_wait);
    cc_erlang_result a = a_at(99000.0 * 1800 / 240, 240, 300, 100000, 20);
    cr_assert(a.p_wait < c.p_wait && a.p_wait > 0.5 * c.p_wait);
}

Test(erlang, extreme_loads_and_patience_stay_finite)
{
    /* Overloaded with enormous patience: the series is carried in log space. */
    cc_erlang_result a = a_at(99000.0 * 1800 / 240, 240, 1e9, 90000, 20);
    near(a.p_abandon, 1 - 90000.0 / 99000, 1e-6, "abandon = excess load");
    cr_assert(a.p_wait > 0.999999 && a.p_wait <= 1);
    /* A tiny load on many agents: nobody waits. */
    cc_erlang_result c = c_at(0.01, 240, 100000, 20);
    cr_assert_eq(c.p_wait, 0);
    cr_assert_eq(c.service_level, 1);
    a = a_at(0.01, 240, 60, 100000, 20);
    cr_assert_eq(a.p_wait, 0);
    cr_assert_eq(a.service_level, 1);
    /* No calls at all. */
    c = c_at(0, 240, 1, 20);
    cr_assert_eq(c.p_wait, 0);
    cr_assert_eq(c.occupancy, 0);
    a = a_at(0, 240, 60, 1, 20);
    cr_assert_eq(a.p_abandon, 0);
    /* Zero threshold: the service level is the share that does not wait. */
    a = a_at(600, 240, 300, 85, 0);
    near(a.service_level, 1 - a.p_wait, 1e-12, "SL within 0 s");
}

/* Every measure finite and in range across loads, patience (1 ms .. 30 years),
 * thresholds and staffing from 1% to 100x the load. */
Test(erlang, sweep_is_finite_and_bounded)
{
    const double loads[] = { 1e-3, 0.7, 3, 55.5, 999, 12345.6, 99000 };
    const double patiences[] = { 1e-3, 0.5, 30, 300, 1e4, 1e6, 1e9 };
    const double withins[] = { 0, 1, 20, 600, 1e6 };
    const double share[] = { 0.01, 0.3, 0.9, 0.99, 1.0, 1.01, 1.2, 3, 100 };
    for (size_t i = 0; i < 7; i++)
        for (size_t p = 0; p < 7; p++)
            for (size_t w = 0; w < 5; w++)
                for (size_t f = 0; f < 9; f++) {
                    long n = (long)ceil(loads[i] * share[f]);
                    n = n < 1 ? 1 : n;
                    cc_erlang_result r = a_at(loads[i] * 1800 / 240, 240, patiences[p], n, withins[w]);
                    double v[] = { r.p_wait, r.service_level, r.service_level_answered,
                                   r.service_level_excl_short, r.occupancy, r.p_abandon };
                    for (size_t k = 0; k < 6; k++)
                        cr_assert(isfinite(v[k]) && v[k] >= 0 && v[k] <= 1 + 1e-12,
                                  "load %g patience %g T %g N %ld: measure %zu = %g", loads[i],
                                  patiences[p], withins[w], n, k, v[k]);
                    cr_assert(isfinite(r.asa_s) && r.asa_s >= 0);
                    /* Agents carry at most N Erlang, so at least 1 - N/a abandon. */
                    cr_assert(r.p_abandon >= 1 - (double)n / loads[i] - 1e-9,
                              "load %g patience %g N %ld: p_abandon %g", loads[i], patiences[p], n,
                              r.p_abandon);
                }
}

/* ---- inverse staffing ------------------------------------------------- */

static int meets(cc_erlang_result res, const cc_erlang_targets *t)
{
    const cc_erlang_result *r = &res;
    return (!t->service_level || r->service_level >= t->service_level) &&
           (!t->service_level_answered || r->service_level_answered >= t->service_level_answered) &&
           (!t->service_level_excl_short ||
            r->service_level_excl_short >= t->service_level_excl_short) &&
           (!t->asa_s || r->asa_s <= t->asa_s) && (!t->p_abandon || r->p_abandon <= t->p_abandon) &&
           (!t->occupancy || r->occupancy <= t->occupancy);
}

static const cc_erlang_targets grid_targets[] = {
    { .service_level = 0.8 },
    { .service_level = 0.95 },
    { .service_level = 0.5 },
    { .service_level_answered = 0.9 },
    { .service_level_excl_short = 0.85 },
    { .asa_s = 15 },
    { .asa_s = 2 },
    { .p_abandon = 0.05 },
    { .p_abandon = 0.3 },
    { .occupancy = 0.85 },
    { .service_level = 0.8, .asa_s = 10, .p_abandon = 0.02, .occupancy = 0.9 },
    { .service_level = 0 },
};
#define N_TARGETS (sizeof grid_targets / sizeof grid_targets[0])

Test(erlang, erlang_c_staffing_is_exact)
{
    const double loads[] = { 0.05, 0.5, 1.3, 4, 10, 37.7, 80, 150, 612.5, 5000.25 };
    for (size_t i = 0; i < 10; i++)
        for (size_t k = 0; k < N_TARGETS; k++) {
            const cc_erlang_targets *t = &grid_targets[k];
            if (t->p_abandon > 0)
                continue; /* Erlang C never abandons; checked separately */
            double calls = loads[i] * 1800 / 240;
            cc_erlang_result r;
            cc_error e = { 0 };
            cr_assert_eq(cc_erlang_c_staff(calls, 1800, 240, 20, t, &r, &e), CC_OK, "%s", e.msg);
            cr_assert(meets(c_at(calls, 240, r.agents, 20), t), "load %g target %zu: N %ld fails",
                      loads[i], k, r.agents);
            if ((double)(r.agents - 1) > loads[i])
                cr_assert(!meets(c_at(calls, 240, r.agents - 1, 20), t),
                          "load %g target %zu: N-1 = %ld also meets", loads[i], k, r.agents - 1);
            else
                cr_assert_eq(r.agents, (long)floor(loads[i]) + 1);
        }
}

Test(erlang, erlang_a_staffing_is_exact)
{
    const double loads[] = { 0.05, 0.5, 1.3, 4, 10, 37.7, 80, 150, 612.5, 5000.25 };
    const double patiences[] = { 30, 180, 1200 };
    int below_load = 0;
    for (size_t i = 0; i < 10; i++)
        for (size_t p = 0; p < 3; p++)
            for (size_t k = 0; k < N_TARGETS; k++) {
                const cc_erlang_targets *t = &grid_targets[k];
                double calls = loads[i] * 1800 / 240;
                cc_erlang_result r;
                cc_error e = { 0 };
                cr_assert_eq(cc_erlang_a_staff(calls, 1800, 240, patiences[p], 20, t, &r, &e), CC_OK,
                             "%s", e.msg);
                cr_assert(meets(a_at(calls, 240, patiences[p], r.agents, 20), t),
                          "load %g patience %g target %zu: N %ld fails", loads[i], patiences[p], k,
                          r.agents);
                if (r.agents > 1)
                    cr_assert(!meets(a_at(calls, 240, patiences[p], r.agents - 1, 20), t),
                              "load %g patience %g target %zu: N-1 = %ld also meets", loads[i],
                              patiences[p], k, r.agents - 1);
                below_load += (double)r.agents < loads[i];
            }
    cr_assert_gt(below_load, 0, "Erlang A staffing never went below the load");
}

Test(erlang, erlang_a_staffing_reference_queue)
{
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_a_staff(600, 1800, 240, 300, 20, &t, &r, &e), CC_OK, "%s", e.msg);
    /* Abandonment shortens the queue: fewer agents than Erlang C's 87. */
    cr_assert_lt(r.agents, 87);
    cr_assert_geq(a_at(600, 240, 300, r.agents, 20).service_level, 0.8);
    cr_assert_lt(a_at(600, 240, 300, r.agents - 1, 20).service_level, 0.8);
    /* Only an abandonment cap of 30%: well below the load of 80. */
    t = (cc_erlang_targets){ .p_abandon = 0.3 };
    cr_assert_eq(cc_erlang_a_staff(600, 1800, 240, 300, 20, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert_lt(r.agents, 80);
}

Test(erlang, large_load_staffing)
{
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r;
    cc_error e = { 0 };
    double calls = 99000.0 * 1800 / 240;
    cr_assert_eq(cc_erlang_c_staff(calls, 1800, 240, 20, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert_gt(r.agents, 99000);
    cr_assert_geq(c_at(calls, 240, r.agents, 20).service_level, 0.8);
    cr_assert_lt(c_at(calls, 240, r.agents - 1, 20).service_level, 0.8);
    cr_assert_eq(cc_erlang_a_staff(calls, 1800, 240, 300, 20, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert_geq(a_at(calls, 240, 300, r.agents, 20).service_level, 0.8);
    cr_assert_lt(a_at(calls, 240, 300, r.agents - 1, 20).service_level, 0.8);
}

/* ---- errors ------------------------------------------------------------ */

Test(erlang, erlang_c_rejects_unstable_staffing)
{
    cc_erlang_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_c(600, 1800, 240, 80, 20, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "agents") && strstr(e.msg, "> the load of 80"), "%s", e.msg);
    cr_assert_eq(cc_erlang_c(600, 1800, 240, 79, 20, &r, &e), CC_EINPUT);
    cr_assert_eq(cc_erlang_c(600, 1800, 240, 81, 20, &r, &e), CC_OK);
}

Test(erlang, bad_arguments_are_input_errors)
{
    cc_erlang_result r;
    cc_error e = { 0 };
    double bb;
    cr_assert_eq(cc_erlang_c(-1, 1800, 240, 88, 20, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "calls"), "%s", e.msg);
    cr_assert_eq(cc_erlang_c(NAN, 1800, 240, 88, 20, &r, &e), CC_EINPUT);
    cr_assert_eq(cc_erlang_c(600, 0, 240, 88, 20, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "interval_s"), "%s", e.msg);
    cr_assert_eq(cc_erlang_c(600, 1800, -240, 88, 20, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "aht_s") && strstr(e.msg, "> 0"), "%s", e.msg);
    cr_assert_eq(cc_erlang_c(600, 1800, INFINITY, 88, 20, &r, &e), CC_EINPUT);
    cr_assert_eq(cc_erlang_c(600, 1800, 240, 88, -1, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "within_s"), "%s", e.msg);
    cr_assert_eq(cc_erlang_a(600, 1800, 240, 0, 88, 20, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "patience_s"), "%s", e.msg);
    cr_assert_eq(cc_erlang_a(600, 1800, 240, 300, 0, 20, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "agents"), "%s", e.msg);
    cr_assert_eq(cc_erlang_a(600, 1800, 240, 300, CC_ERLANG_MAX_AGENTS + 1, 20, &r, &e), CC_EINPUT);
    cr_assert_eq(cc_erlang_a(1e12, 1800, 240, 300, 88, 20, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "load"), "%s", e.msg);
    cr_assert_eq(cc_erlang_b(-1, 3, &bb, &e), CC_EINPUT);
    cr_assert_eq(cc_erlang_b(1, -3, &bb, &e), CC_EINPUT);
}

Test(erlang, bad_targets_are_input_errors)
{
    cc_erlang_result r;
    cc_error e = { 0 };
    const cc_erlang_targets bad[] = {
        { .service_level = 1 },     { .service_level = -0.1 }, { .service_level_answered = 1.5 },
        { .service_level_excl_short = NAN }, { .asa_s = -3 },  { .p_abandon = 1 },
        { .occupancy = 1.01 },
    };
    const char *field[] = { "service_level", "service_level", "service_level_answered",
                            "service_level_excl_short", "asa_s", "p_abandon", "occupancy" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e.msg[0] = 0;
        cr_assert_eq(cc_erlang_c_staff(600, 1800, 240, 20, &bad[i], &r, &e), CC_EINPUT);
        cr_assert(strstr(e.msg, field[i]), "target %zu: %s", i, e.msg);
        cr_assert_eq(cc_erlang_a_staff(600, 1800, 240, 300, 20, &bad[i], &r, &e), CC_EINPUT);
    }
}

/* ---- hardening (issue 9) ---------------------------------------------- */

/* GSL's incomplete gamma gives up near z = x for x >~ 1e6 ("error in large x
 * asymptotic"); its default handler used to abort the process. With enormous
 * patience and N < a, almost every caller waits and the excess load abandons:
 * p_abandon -> 1 - N/a, and the mean wait of all callers is p_abandon * patience
 * (abandonment rate theta times the mean queue length, by Little's law). */
Test(erlang, huge_patience_near_the_crossover_does_not_abort)
{
    cc_erlang_result r = a_at(595, 240, 1e7, 79, 20);
    double a = 595.0 * 240 / 1800;
    near(r.p_abandon, 1 - 79 / a, 1e-3, "p_abandon");
    cr_assert(r.occupancy <= 1 && r.occupancy > 0.999, "occupancy %.17g", r.occupancy);
    cr_assert(r.service_level >= 0 && r.service_level < 1e-3, "SL %g", r.service_level);
    cr_assert(isfinite(r.asa_s) && r.asa_s > 0, "ASA %g", r.asa_s);
}

/* The same GSL failure inside the Erlang A staffing search of a huge queue. */
Test(erlang, huge_queue_staffing_does_not_abort)
{
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_result r, below;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_a_staff(6413695, 1800, 240, 300, 20, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert_geq(r.service_level, 0.8);
    cr_assert_eq(cc_erlang_a(6413695, 1800, 240, 300, r.agents - 1, 20, &below, &e), CC_OK, "%s", e.msg);
    cr_assert_lt(below.service_level, 0.8, "N - 1 = %ld also meets", r.agents - 1);
    cr_assert(r.occupancy <= 1, "occupancy %.17g", r.occupancy);
}

/* Patience of 1e17 s used to step a double counter past 2^53 and never return;
 * beyond 1e7 handling times it is refused, with the bound in the message. */
Test(erlang, absurd_patience_is_refused_with_the_bound)
{
    cc_erlang_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_a(600, 1800, 240, 1e17, 1, 20, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "patience_s") && strstr(e.msg, "2.4e+09"), "%s", e.msg);
    /* The largest accepted patience still answers, with the ASA of an overloaded
     * queue: (1/theta) ln(a/N) to leading order. */
    cr_assert_eq(cc_erlang_a(600, 1800, 240, 2.4e9, 1, 20, &r, &e), CC_OK, "%s", e.msg);
    near(r.asa_s, 2.4e9 * log(80.0), 0.05, "asa_s");
}

/* The square-root-staffing start used to sit above CC_ERLANG_MAX_AGENTS and the
 * walk down returned 10,000,192 agents. */
Test(erlang, staffing_never_exceeds_the_maximum)
{
    cc_erlang_targets t = { .service_level = 0.9999999 };
    cc_erlang_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_c_staff(74999990, 1800, 240, 20, &t, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "10000000"), "%s", e.msg);
    t.service_level = 0.05;
    cr_assert_eq(cc_erlang_c_staff(74999990, 1800, 240, 20, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert_leq(r.agents, CC_ERLANG_MAX_AGENTS);
}

/* Overloaded Erlang A: a * (1 - p_abandon) / N rounds to a hair above 1; the
 * occupancy is clamped to at most 1 (it was printed as 100.0000001%). */
Test(erlang, occupancy_never_above_one)
{
    for (long n = 1; n <= 80; n += 7) {
        cc_erlang_result r = a_at(600, 240, 1e6, n, 20);
        cr_assert(r.occupancy <= 1.0, "N %ld: occupancy %.17g", n, r.occupancy);
    }
}

/* ---- Erlang X --------------------------------------------------------- */

static cc_erlang_x_queue xq(double calls, double aht, double patience, long lines, double share)
{
    cc_erlang_x_queue q = { .calls = calls, .interval_s = 1800, .aht_s = aht, .patience_s = patience,
                            .lines = lines, .redial_share = share, .redial_return = 1, .within_s = 20 };
    return q;
}

static cc_erlang_x_result x_at(const cc_erlang_x_queue *q, long n)
{
    cc_erlang_x_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_x(q, n, &r, &e), CC_OK, "%s", e.msg);
    return r;
}

/* One agent, two lines, lambda = mu = theta = 1: pi = (2, 2, 1) / 5 by hand. */
Test(erlang_x, hand_computed_two_line_chain)
{
    cc_erlang_x_queue q = xq(1800, 1, 1, 2, 0);
    q.within_s = 0;
    cc_erlang_x_result r = x_at(&q, 1);
    near(r.p_blocked, 0.2, 1e-14, "p_blocked");
    near(r.m.p_abandon, 0.2, 1e-14, "p_abandon: pi_1 x 1/(x+1), x = 1");
    near(r.m.p_wait, 0.4, 1e-14, "p_wait");
    near(r.m.service_level, 0.4, 1e-14, "service level at T = 0: no wait");
    near(r.m.occupancy, 0.6, 1e-14, "occupancy");
    near(r.m.asa_s, 0.1 / 0.6, 1e-13, "ASA: pi_1 x 1/4 over answered");
    near(r.offered_calls, 1800, 1e-14, "offered");
    cr_assert_eq(r.redials, 0);
    q.within_s = 1;
    r = x_at(&q, 1);
    near(r.m.service_level, 0.4 + 0.4 * 0.5 * (1 - exp(-2)), 1e-13, "service level at T = 1");
}

Test(erlang_x, lines_equal_to_agents_without_patience_is_erlang_b)
{
    cc_erlang_x_queue q = xq(60, 240, 0, 10, 0); /* 8 Erlang on 10 agents, 10 lines */
    cc_erlang_x_result r = x_at(&q, 10);
    double b;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_b(8, 10, &b, &e), CC_OK);
    near(r.p_blocked, b, 1e-12, "p_blocked = Erlang B");
    near(r.m.occupancy, 8 * (1 - b) / 10, 1e-12, "carried load");
    cr_assert_eq(r.m.p_wait, 0);
    cr_assert_eq(r.m.p_abandon, 0);
}

Test(erlang_x, ample_lines_is_erlang_a)
{
    cc_erlang_x_queue q = xq(600, 240, 120, 2000, 0);
    long ns[] = { 60, 80, 88 };
    for (int k = 0; k < 3; k++) {
        cc_erlang_x_result r = x_at(&q, ns[k]);
        cc_erlang_result a = a_at(600, 240, 120, ns[k], 20);
        cr_assert(r.p_blocked < 1e-15, "no blocking with 2000 lines (%g)", r.p_blocked);
        near(r.m.p_wait, a.p_wait, 1e-9, "p_wait");
        near(r.m.p_abandon, a.p_abandon, 1e-9, "p_abandon");
        near(r.m.service_level, a.service_level, 1e-9, "service_level");
        near(r.m.service_level_answered, a.service_level_answered, 1e-9, "service_level_answered");
        near(r.m.service_level_excl_short, a.service_level_excl_short, 1e-9, "excl_short");
        near(r.m.asa_s, a.asa_s, 1e-9, "asa_s");
        near(r.m.occupancy, a.occupancy, 1e-9, "occupancy");
    }
    /* Without lines it is Erlang A by construction; with no patience, Erlang C. */
    q.lines = 0;
    near(x_at(&q, 80).m.service_level, a_at(600, 240, 120, 80, 20).service_level, 1e-15, "no lines");
    cc_erlang_x_queue c = xq(600, 240, 0, 3000, 0);
    cc_erlang_x_result r = x_at(&c, 88);
    near(r.m.service_level, 0.854297786, 1e-8, "ample lines, no patience: Erlang C");
    near(r.m.asa_s, 8.513674889, 1e-8, "Erlang C ASA");
}

/* One agent, one line, fresh load 1, half the blocked redial:
 * a = 1 + a^2 / (2 (1 + a)) gives a = sqrt 2, blocking sqrt 2 / (1 + sqrt 2). */
Test(erlang_x, redial_fixed_point_by_hand)
{
    cc_erlang_x_queue q = xq(1800, 1, 0, 1, 0.5);
    cc_erlang_x_result r = x_at(&q, 1);
    near(r.offered_calls, 1800 * sqrt(2), 1e-12, "offered with redials");
    near(r.redials, 1800 * (sqrt(2) - 1), 1e-11, "redials");
    near(r.p_blocked, sqrt(2) / (1 + sqrt(2)), 1e-12, "blocking");
    cr_assert(r.iterations > 1);
    cr_assert_eq(r.redials_later, 0);
}

Test(erlang_x, redials_satisfy_the_fixed_point_and_cost_service)
{
    cc_erlang_x_queue q = xq(300, 300, 90, 60, 0.6);
    cc_erlang_x_queue none = q;
    none.redial_share = 0;
    cc_erlang_x_result r = x_at(&q, 48), r0 = x_at(&none, 48);
    double fail = r.p_blocked + r.m.p_abandon;
    near(r.offered_calls, 300 + 0.6 * r.offered_calls * fail, 1e-11, "offered = fresh + redials");
    near(r.redials, r.offered_calls - 300, 1e-9, "redials counted");
    cr_assert(r.offered_calls > 300 && r.m.service_level < r0.m.service_level,
              "redials add load (%g) and cost service (%g vs %g)", r.offered_calls,
              r.m.service_level, r0.m.service_level);
    /* Only a third land in the interval: the rest are reported as later. */
    q.redial_return = 1.0 / 3;
    cc_erlang_x_result r3 = x_at(&q, 48);
    double fail3 = r3.p_blocked + r3.m.p_abandon;
    near(r3.redials, 0.2 * r3.offered_calls * fail3, 1e-9, "a third of the redials");
    near(r3.redials_later, 0.4 * r3.offered_calls * fail3, 1e-9, "the rest later");
}

Test(erlang_x, redial_return_share)
{
    cr_assert_eq(cc_erlang_redial_return(1800, 0), 1);
    near(cc_erlang_redial_return(1800, 1800), exp(-1), 1e-15, "delay = interval");
    near(cc_erlang_redial_return(1800, 1e9), 1800 / 2e9, 1e-6, "long delays: L / 2d");
}

Test(erlang_x, staffing_is_exact)
{
    cc_erlang_targets t = { .service_level = 0.8, .p_abandon = 0.05 };
    cc_erlang_x_queue q = xq(500, 280, 150, 110, 0.5);
    cc_erlang_x_result r, below;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_x_staff(&q, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert(r.m.service_level >= 0.8 && r.m.p_abandon <= 0.05);
    int rc = cc_erlang_x(&q, r.m.agents - 1, &below, &e);
    cr_assert(rc != CC_OK || below.m.service_level < 0.8 || below.m.p_abandon > 0.05,
              "%ld agents also meet the targets", r.m.agents - 1);
    /* Erlang A (no lines, no redials) staffing is the same search's answer. */
    cc_erlang_x_queue a = xq(500, 280, 150, 0, 0);
    cc_erlang_result ra;
    cr_assert_eq(cc_erlang_x_staff(&a, &t, &r, &e), CC_OK, "%s", e.msg);
    cr_assert_eq(cc_erlang_a_staff(500, 1800, 280, 150, 20, &t, &ra, &e), CC_OK, "%s", e.msg);
    cr_assert_eq(r.m.agents, ra.agents);
}

Test(erlang_x, too_few_lines_and_unsettled_redials_are_input_errors)
{
    cc_erlang_targets t = { .service_level = 0.8 };
    cc_erlang_x_queue q = xq(600, 240, 0, 50, 0); /* 80 Erlang on 50 lines */
    cc_erlang_x_result r;
    cc_error e = { 0 };
    cr_assert_eq(cc_erlang_x_staff(&q, &t, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "50 lines"), "%s", e.msg);
    cc_erlang_x_queue s = xq(600, 240, 0, 200, 1); /* everyone redials; 60 agents < 80 Erlang */
    cr_assert_eq(cc_erlang_x(&s, 60, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "never settle"), "%s", e.msg);
    cr_assert_eq(cc_erlang_x(&s, 90, &r, &e), CC_OK, "%s", e.msg);
    near(r.offered_calls * (1 - r.p_blocked), 600, 1e-9, "share 1: every fresh call answered");
}

Test(erlang_x, bad_fields_are_input_errors)
{
    cc_erlang_x_result r;
    cc_error e = { 0 };
    cc_erlang_x_queue q = xq(100, 200, 60, -1, 0);
    cr_assert_eq(cc_erlang_x(&q, 5, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "lines"), "%s", e.msg);
    q = xq(100, 200, 60, 10, 1.5);
    cr_assert_eq(cc_erlang_x(&q, 5, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "redial_share"), "%s", e.msg);
    q = xq(100, 200, 60, 10, 0.5);
    q.redial_return = 0;
    cr_assert_eq(cc_erlang_x(&q, 5, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "redial_return"), "%s", e.msg);
    q = xq(100, 200, -3, 10, 0.5);
    cr_assert_eq(cc_erlang_x(&q, 5, &r, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "patience_s"), "%s", e.msg);
    q = xq(100, 200, 60, 10, 0.5);
    cr_assert_eq(cc_erlang_x(&q, 0, &r, &e), CC_EINPUT);
}
