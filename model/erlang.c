/* erlang.c — Erlang B, C and A and minimum staffing; see erlang.h and docs/erlang.md.
 *
 * Notation (rates per second): lambda = calls / interval, mu = 1 / aht,
 * theta = 1 / patience, a = lambda / mu (Erlang), N agents. For Erlang A,
 * x = N mu / theta and y = lambda / theta, and everything is expressed through
 *
 *     S(x, z) = sum_{k>=0} z^k / ((x+1)(x+2)...(x+k)) = x e^z z^-x gamma(x, z),
 *
 * the relative probability of k calls waiting when all agents are busy
 * (gamma is the lower incomplete gamma function). Only ratios of S are ever
 * needed, so S is carried as a logarithm: summed directly where its terms fall
 * from the start (z < x + 1), and from GSL's regularised incomplete gamma
 * function P(x, z) >= ~1/2 where the series would first grow (z >= x + 1).
 */
#include "model/erlang.h"

#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define LOG_SQRT_2PI 0.91893853320467274178

/* Patience longer than this many handling times is refused: such callers never
 * abandon in practice (Erlang C is the model), and the sums below cost
 * O(sqrt(load * patience / aht)) terms, so the bound keeps every evaluation short. */
#define MAX_PATIENCE_RATIO 1e7

/* GSL's default error handler aborts the process. It is switched off once, before
 * the first GSL call from this module, and every GSL status is checked instead. */
static pthread_once_t gsl_quiet_once = PTHREAD_ONCE_INIT;

static void gsl_quiet(void)
{
    gsl_set_error_handler_off();
}

static void gsl_quiet_install(void)
{
    pthread_once(&gsl_quiet_once, gsl_quiet);
}

/* GSL's regularised incomplete gamma functions P(x, z) and Q(x, z) = 1 - P(x, z),
 * each falling back on the complement where GSL reports a failure (its large-x
 * asymptotics give up near z = x for x >~ 1e6). The complement is exact to an
 * absolute 1e-16, far below any probability reported here. 0, or -1 when both fail. */
static int gamma_inc(int want_q, double x, double z, double *out)
{
    gsl_sf_result r;
    int st = want_q ? gsl_sf_gamma_inc_Q_e(x, z, &r) : gsl_sf_gamma_inc_P_e(x, z, &r);
    if (st == GSL_SUCCESS && isfinite(r.val)) {
        *out = r.val;
        return 0;
    }
    st = want_q ? gsl_sf_gamma_inc_P_e(x, z, &r) : gsl_sf_gamma_inc_Q_e(x, z, &r);
    if (st == GSL_SUCCESS && isfinite(r.val)) {
        *out = 1 - r.val;
        return 0;
    }
    return -1;
}

static int gsl_failed(cc_error *err, const char *what, double x, double z)
{
    return cc_error_set(err, CC_EINTERNAL, "Erlang A: GSL could not evaluate %s(%.17g, %.17g)",
                        what, x, z);
}

/* One queue in one interval, validated, in the units of the formulas. */
typedef struct queue {
    double lambda;   /* arrivals per second */
    double aht;      /* mean handling time, s */
    double patience; /* mean patience, s; 0 for Erlang C */
    double within;   /* service-level threshold T, s */
    double a;        /* offered load, Erlang */
} queue;

/* ---- validation ------------------------------------------------------- */

static int check_queue(double calls, double interval_s, double aht_s, double patience_s,
                       int with_patience, double within_s, queue *q, cc_error *err)
{
    if (!isfinite(calls) || calls < 0)
        return cc_error_set(err, CC_EINPUT, "calls must be a number >= 0 (got %g)", calls);
    if (!isfinite(interval_s) || interval_s <= 0)
        return cc_error_set(err, CC_EINPUT, "interval_s must be a number > 0 (got %g)", interval_s);
    if (!isfinite(aht_s) || aht_s <= 0)
        return cc_error_set(err, CC_EINPUT, "aht_s must be a number > 0 (got %g)", aht_s);
    if (with_patience && (!isfinite(patience_s) || patience_s <= 0))
        return cc_error_set(err, CC_EINPUT, "patience_s must be a number > 0 (got %g)", patience_s);
    if (with_patience && patience_s > MAX_PATIENCE_RATIO * aht_s)
        return cc_error_set(err, CC_EINPUT, "patience_s must be at most %g handling times, %g s "
                            "here (got %g): such callers never abandon; use Erlang C",
                            MAX_PATIENCE_RATIO, MAX_PATIENCE_RATIO * aht_s, patience_s);
    if (!isfinite(within_s) || within_s < 0)
        return cc_error_set(err, CC_EINPUT, "within_s must be a number >= 0 (got %g)", within_s);
    q->lambda = calls / interval_s;
    q->aht = aht_s;
    q->patience = with_patience ? patience_s : 0;
    q->within = within_s;
    q->a = q->lambda * aht_s;
    if (!(q->a < (double)CC_ERLANG_MAX_AGENTS))
        return cc_error_set(err, CC_EINPUT, "load must be < %ld Erlang (got %g)",
                            CC_ERLANG_MAX_AGENTS, q->a);
    return CC_OK;
}

static int check_agents(long agents, cc_error *err)
{
    if (agents < 1 || agents > CC_ERLANG_MAX_AGENTS)
        return cc_error_set(err, CC_EINPUT, "agents must be a whole number in [1, %ld] (got %ld)",
                            CC_ERLANG_MAX_AGENTS, agents);
    return CC_OK;
}

static int check_target(const char *name, double v, double hi, int hi_open, cc_error *err)
{
    if (!isfinite(v) || v < 0 || v > hi || (hi_open && v == hi))
        return cc_error_set(err, CC_EINPUT, "target %s must be 0 (none) or in (0, %g%c (got %g)",
                            name, hi, hi_open ? ')' : ']', v);
    return CC_OK;
}

static int check_targets(const cc_erlang_targets *t, cc_error *err)
{
    int rc;
    if ((rc = check_target("service_level", t->service_level, 1, 1, err)) ||
        (rc = check_target("service_level_answered", t->service_level_answered, 1, 1, err)) ||
        (rc = check_target("service_level_excl_short", t->service_level_excl_short, 1, 1, err)) ||
        (rc = check_target("asa_s", t->asa_s, INFINITY, 1, err)) ||
        (rc = check_target("p_abandon", t->p_abandon, 1, 1, err)) ||
        (rc = check_target("occupancy", t->occupancy, 1, 0, err)))
        return rc;
    return CC_OK;
}

/* ---- Erlang B and C --------------------------------------------------- */

/* B(to) from B(from) for to >= from, continuing the forward recursion. */
static double erlang_b_forward(double a, long from, double b, long to)
{
    for (long k = from + 1; k <= to && b > 0; k++) {
        b = a * b / ((double)k + a * b);
        if (b < DBL_MIN)
            b = 0; /* subnormal: imprecise, and no measure can see it */
    }
    return b;
}

/* B(N, a) by B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1: every step is a ratio of
 * positive numbers in (0, 1], so it neither overflows nor loses precision. O(N). */
static double erlang_b(double a, long n)
{
    return erlang_b_forward(a, 0, 1, n);
}

/* B(to) from B(from) for to < from, by the inverse recursion
 * B(k-1) = k B(k) / (a (1 - B(k))). Each step multiplies the relative error by
 * 1 / (1 - B(k)), so it is used only while B stays below 1/2 and for a few
 * steps; NAN otherwise, and the caller recomputes B from the start. */
static double erlang_b_backward(double a, long from, double b, long to)
{
    if (from - to > 16)
        return NAN;
    for (long k = from; k > to; k--) {
        if (!(b > 0 && b < 0.5))
            return NAN;
        b = (double)k * b / (a * (1 - b));
    }
    return b;
}

/* Erlang C measures from B = B(N, a), N > a. */
static void eval_c(const queue *q, long n, double b, cc_erlang_result *r)
{
    double nn = (double)n, a = q->a, gap = nn - a;
    double c = nn * b / (gap + a * b);
    r->load_erlangs = a;
    r->agents = n;
    r->p_wait = c;
    r->service_level = 1 - c * exp(-gap * q->within / q->aht);
    r->service_level_answered = r->service_level;
    r->service_level_excl_short = r->service_level;
    r->asa_s = c * q->aht / gap;
    r->occupancy = a / nn;
    r->p_abandon = 0;
}

int cc_erlang_b(double load_erlangs, long agents, double *blocking, cc_error *err)
{
    if (!isfinite(load_erlangs) || load_erlangs < 0 || load_erlangs >= (double)CC_ERLANG_MAX_AGENTS)
        return cc_error_set(err, CC_EINPUT, "load must be a number in [0, %ld) Erlang (got %g)",
                            CC_ERLANG_MAX_AGENTS, load_erlangs);
    if (agents < 0 || agents > CC_ERLANG_MAX_AGENTS)
        return cc_error_set(err, CC_EINPUT, "agents must be a whole number in [0, %ld] (got %ld)",
                            CC_ERLANG_MAX_AGENTS, agents);
    *blocking = erlang_b(load_erlangs, agents);
    return CC_OK;
}

static int check_stable(const queue *q, long agents, cc_error *err)
{
    if (!((double)agents > q->a))
        return cc_error_set(err, CC_EINPUT,
                            "agents must be > the load of %g Erlang for Erlang C (got %ld)",
                            q->a, agents);
    return CC_OK;
}

int cc_erlang_c(double calls, double interval_s, double aht_s, long agents,
                double within_s, cc_erlang_result *r, cc_error *err)
{
    queue q;
    int rc;
    if ((rc = check_queue(calls, interval_s, aht_s, 0, 0, within_s, &q, err)) ||
        (rc = check_agents(agents, err)) || (rc = check_stable(&q, agents, err)))
        return rc;
    eval_c(&q, agents, erlang_b(q.a, agents), r);
    return CC_OK;
}

/* ---- Erlang A --------------------------------------------------------- */

/* ln(1 + e^u) without overflow. */
static double log1pexp(double u)
{
    return u > 0 ? u + log1p(exp(-u)) : log1p(exp(u));
}

/* ln S(x, z) for x > 0, z >= 0. Below z = x + 1 the terms only fall, so the
 * series is summed as it stands (O(sqrt(x)) terms at worst, near z = x; a few
 * when z << x). Above, S = x e^z z^-x Gamma(x) P(x, z), with ln Gamma(x) written
 * through Stirling's series as GSL's gammastar so that the large terms x ln x
 * cancel analytically: ln S = ln(x)/2 + ln sqrt(2 pi) + ln gammastar(x)
 * + (z - x) - x log1p((z - x)/x) + ln P(x, z). Here P >= ~1/2, so GSL neither
 * underflows nor loses relative precision. */
static int log_series(double x, double z, double *out)
{
    if (z <= 0) {
        *out = 0;
        return 0;
    }
    if (z < x + 1) {
        double t = 1, s = 1;
        for (double k = 1;; k++) {
            t *= z / (x + k);
            s += t;
            if (t < s * 1e-17)
                break;
        }
        *out = log(s);
        return 0;
    }
    gsl_sf_result gs;
    double p;
    if (gsl_sf_gammastar_e(x, &gs) != GSL_SUCCESS || gamma_inc(0, x, z, &p) || !(p > 0))
        return -1;
    *out = 0.5 * log(x) + LOG_SQRT_2PI + log(gs.val) + (z - x) - x * log1p((z - x) / x) + log(p);
    return 0;
}

/* Sum_k w_k H_k where w_k = (y^k / ((x+1)...(x+k))) / S(x, y) is the distribution
 * of the queue length met by a waiting call and H_k = sum_{i=1..k} 1/(x+i): by
 * Little's law on the calls that will be served, E[wait; served | wait] equals
 * x / lambda times this. Summed outward from the mode of w, until the terms are
 * below 1e-18 of the total: O(sqrt(y)) terms when y > x, a few otherwise. */
static int served_wait_sum(double x, double y, double *out)
{
    double m = y > x ? floor(y - x) : 0;
    double hm = 0;
    if (m <= 1e4) {
        for (double i = 1; i <= m; i++)
            hm += 1 / (x + i);
    } else {
        gsl_sf_result p1, p0;
        if (gsl_sf_psi_e(x + m + 1, &p1) != GSL_SUCCESS || gsl_sf_psi_e(x + 1, &p0) != GSL_SUCCESS)
            return -1;
        hm = p1.val - p0.val;
    }
    double wsum = 1, hsum = hm;
    double w = 1, h = hm;
    for (double k = m + 1;; k++) {
        w *= y / (x + k);
        h += 1 / (x + k);
        wsum += w;
        hsum += w * h;
        if (w < 1e-18 * wsum)
            break;
    }
    w = 1;
    h = hm;
    for (double k = m; k > 0; k--) {
        w *= (x + k) / y;
        h -= 1 / (x + k);
        wsum += w;
        hsum += w * h;
        if (w < 1e-18 * wsum)
            break;
    }
    *out = hsum / wsum;
    return 0;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Erlang A measures from B = B(N, a); the ASA (which costs a sum) only when asked.
 *
 * With W the wait, V the offered wait (the wait of an infinitely patient call)
 * and tau ~ Exp(theta) the patience, a call that finds k waiting is served with
 * probability x / (x + k + 1), and summing over k (u = e^-theta T):
 *   P(wait)                = S(x,y) B / (1 - B + S(x,y) B)
 *   P(served | wait)       = x/(x+1) S(x+1,y) / S(x,y)
 *   P(W > T | wait)        = u^(x+1) e^(y(1-u)) S(x,yu) / S(x,y)
 *   P(served, W <= T | wait)
 *       = x/(x+1) [S(x+1,y) - u^(x+1) e^(y(1-u)) S(x+1,yu)] / S(x,y)
 * (Garnett, Mandelbaum & Reiman 2002; Zeltyn & Mandelbaum 2005, in the S form),
 * and S(x,z) = 1 + z/(x+1) S(x+1,z) gives S(x,.) from S(x+1,.) without
 * cancellation. */
static int eval_a(const queue *q, long n, double b, cc_erlang_result *r, int want_asa,
                  cc_error *err)
{
    double nn = (double)n, a = q->a;
    r->load_erlangs = a;
    r->agents = n;
    if (a <= 0 || b <= 0) {
        /* No calls, or so many agents that none ever waits (B underflowed). */
        r->p_wait = 0;
        r->service_level = r->service_level_answered = r->service_level_excl_short = 1;
        r->asa_s = 0;
        r->occupancy = a / nn;
        r->p_abandon = 0;
        return CC_OK;
    }
    double x = nn * q->patience / q->aht;
    double y = q->lambda * q->patience;
    double ls1;
    if (log_series(x + 1, y, &ls1))
        return gsl_failed(err, "the Erlang A series S", x + 1, y);
    double u1 = log(y / (x + 1)) + ls1;           /* ln(S(x,y) - 1) */
    double ls0 = log1pexp(u1);
    double odds = (1 - b) * exp(-(ls0 + log(b))); /* P(no wait) / P(wait) */
    double pw = 1 / (1 + odds), no_wait = odds / (1 + odds);
    double served_w = x / y / (1 + exp(-u1));     /* = x/(x+1) S(x+1,y)/S(x,y) */
    double pab_w = clamp01(1 - served_w);

    double tt = q->within / q->patience; /* theta T */
    double yu = y * exp(-tt);
    double wait_gt_t, served_le_t;
    if (yu >= x + 2) {
        /* Both ends above the peak of the series: the ratios are ratios of
         * incomplete gamma functions, P(W > T | wait) = u P(x,yu) / P(x,y) and
         * P(served, W <= T | wait) = P(served | wait) (1 - P(x+1,yu) / P(x+1,y)),
         * taken directly (Q <= 1/2 here, so its difference is accurate) rather
         * than as differences of logarithms of size ~x. */
        double p_yu, p_y, q1_yu, q1_y, p1_y;
        if (gamma_inc(0, x, yu, &p_yu) || gamma_inc(0, x, y, &p_y) ||
            gamma_inc(1, x + 1, yu, &q1_yu) || gamma_inc(1, x + 1, y, &q1_y) ||
            gamma_inc(0, x + 1, y, &p1_y))
            return gsl_failed(err, "the incomplete gamma function P", x, yu);
        wait_gt_t = exp(-tt) * p_yu / p_y;
        served_le_t = served_w * (q1_yu - q1_y) / p1_y;
    } else {
        double gain = -y * expm1(-tt);       /* y (1 - u) */
        double ls1t;
        if (log_series(x + 1, yu, &ls1t))
            return gsl_failed(err, "the Erlang A series S", x + 1, yu);
        double ls0t = yu > 0 ? log1pexp(log(yu / (x + 1)) + ls1t) : 0;
        double decay = -(x + 1) * tt + gain; /* ln(u^(x+1) e^(y(1-u))) */
        wait_gt_t = exp(decay + ls0t - ls0);
        served_le_t = -served_w * expm1(decay + ls1t - ls1);
    }
    wait_gt_t = clamp01(wait_gt_t);
    served_le_t = clamp01(served_le_t);
    double abandon_le_t = clamp01(1 - wait_gt_t - served_le_t);

    double p_abandon = pw * pab_w;
    double answered = 1 - p_abandon;
    double sl = no_wait + pw * served_le_t;
    r->p_wait = pw;
    r->p_abandon = p_abandon;
    r->service_level = sl;
    r->service_level_answered = clamp01(sl / answered);
    r->service_level_excl_short = clamp01(sl / (1 - pw * abandon_le_t));
    /* Carried load over agents; it can round a hair above 1 when N < a. */
    r->occupancy = clamp01(a * answered / nn);
    r->asa_s = NAN;
    if (want_asa) {
        double h;
        if (served_wait_sum(x, y, &h))
            return gsl_failed(err, "the digamma function at", x + 1, y);
        r->asa_s = pw * x / q->lambda * h / answered;
    }
    return CC_OK;
}

int cc_erlang_a(double calls, double interval_s, double aht_s, double patience_s,
                long agents, double within_s, cc_erlang_result *r, cc_error *err)
{
    queue q;
    int rc;
    gsl_quiet_install();
    if ((rc = check_queue(calls, interval_s, aht_s, patience_s, 1, within_s, &q, err)) ||
        (rc = check_agents(agents, err)))
        return rc;
    return eval_a(&q, agents, erlang_b(q.a, agents), r, 1, err);
}

/* ---- minimum staffing ------------------------------------------------- */

static int meets(const cc_erlang_result *r, const cc_erlang_targets *t)
{
    return !(t->service_level > 0 && r->service_level < t->service_level) &&
           !(t->service_level_answered > 0 && r->service_level_answered < t->service_level_answered) &&
           !(t->service_level_excl_short > 0 &&
             r->service_level_excl_short < t->service_level_excl_short) &&
           !(t->asa_s > 0 && r->asa_s > t->asa_s) &&
           !(t->p_abandon > 0 && r->p_abandon > t->p_abandon) &&
           !(t->occupancy > 0 && r->occupancy > t->occupancy);
}

static int unreachable(cc_error *err)
{
    return cc_error_set(err, CC_EINPUT, "the targets cannot be met with up to %ld agents",
                        CC_ERLANG_MAX_AGENTS);
}

/* Erlang C: start at square-root staffing N = a + sqrt(a)/2 (above the first
 * stable N), then walk one agent at a time, carrying B(N) along: forwards by
 * the recursion, backwards by its inverse B(N-1) = N B(N) / (a (1 - B(N))),
 * which is stable for N > a. Each step costs O(1). */
static int staff_c(const queue *q, const cc_erlang_targets *t, cc_erlang_result *r, double *b_out,
                   cc_error *err)
{
    double a = q->a;
    long n_min = (long)floor(a) + 1;
    long n = lround(a + 0.5 * sqrt(a));
    if (n < n_min)
        n = n_min;
    if (n > CC_ERLANG_MAX_AGENTS)
        n = CC_ERLANG_MAX_AGENTS; /* n_min <= the maximum, since a < it */
    double b = erlang_b(a, n);
    eval_c(q, n, b, r);
    if (meets(r, t)) {
        while (n > n_min) {
            double bp = (double)n * b / (a * (1 - b));
            cc_erlang_result rp;
            eval_c(q, n - 1, bp, &rp);
            if (!meets(&rp, t))
                break;
            n--;
            b = bp;
            *r = rp;
        }
    } else {
        do {
            if (n >= CC_ERLANG_MAX_AGENTS)
                return unreachable(err);
            b = a * b / ((double)++n + a * b);
            eval_c(q, n, b, r);
        } while (!meets(r, t));
    }
    *b_out = b;
    return CC_OK;
}

int cc_erlang_c_staff(double calls, double interval_s, double aht_s, double within_s,
                      const cc_erlang_targets *t, cc_erlang_result *r, cc_error *err)
{
    queue q;
    int rc;
    if ((rc = check_queue(calls, interval_s, aht_s, 0, 0, within_s, &q, err)) ||
        (rc = check_targets(t, err)))
        return rc;
    double b;
    return staff_c(&q, t, r, &b, err);
}

/* Erlang A: the answer may lie below the load, and an evaluation costs a series,
 * so the search gallops from a good first guess (the Erlang C answer for the
 * targets Erlang C knows, which abandonment usually lowers; square-root staffing
 * otherwise), doubling its step until it brackets the answer, then bisects.
 * B(N) is carried along: backwards over short steps down, forwards from the
 * failing end of the bracket. */
static int staff_a(const queue *q, const cc_erlang_targets *t, cc_erlang_result *r, cc_error *err)
{
    double a = q->a;
    int want_asa = t->asa_s > 0, rc;
    long guess;
    double b;
    cc_erlang_targets tc = *t;
    tc.p_abandon = 0;
    tc.service_level = fmax(t->service_level, fmax(t->service_level_answered,
                                                    t->service_level_excl_short));
    tc.service_level_answered = tc.service_level_excl_short = 0;
    if (tc.service_level > 0 || tc.asa_s > 0) {
        cc_erlang_result rcc;
        if ((rc = staff_c(q, &tc, &rcc, &b, err)))
            return rc;
        guess = rcc.agents;
    } else {
        guess = lround(a + 0.5 * sqrt(a));
        if (guess < 1)
            guess = 1;
        b = erlang_b(a, guess);
    }

    long lo, hi; /* lo fails (or is 0), hi meets */
    double b_lo;
    cc_erlang_result cand;
    if ((rc = eval_a(q, guess, b, &cand, want_asa, err)))
        return rc;
    if (meets(&cand, t)) {
        hi = guess;
        double b_hi = b;
        for (long step = 1;; step *= 2) {
            if (hi == 1) {
                lo = 0;
                b_lo = 1;
                break;
            }
            long n = hi - step < 1 ? 1 : hi - step;
            b = erlang_b_backward(a, hi, b_hi, n);
            if (isnan(b))
                b = erlang_b(a, n);
            if ((rc = eval_a(q, n, b, &cand, want_asa, err)))
                return rc;
            if (!meets(&cand, t)) {
                lo = n;
                b_lo = b;
                break;
            }
            hi = n;
            b_hi = b;
        }
    } else {
        lo = guess;
        b_lo = b;
        for (long step = 1;; step *= 2) {
            if (lo >= CC_ERLANG_MAX_AGENTS)
                return unreachable(err);
            long n = lo + step > CC_ERLANG_MAX_AGENTS ? CC_ERLANG_MAX_AGENTS : lo + step;
            b = erlang_b_forward(a, lo, b_lo, n);
            if ((rc = eval_a(q, n, b, &cand, want_asa, err)))
                return rc;
            if (meets(&cand, t)) {
                hi = n;
                break;
            }
            lo = n;
            b_lo = b;
        }
    }
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        b = erlang_b_forward(a, lo, b_lo, mid);
        if ((rc = eval_a(q, mid, b, &cand, want_asa, err)))
            return rc;
        if (meets(&cand, t)) {
            hi = mid;
        } else {
            lo = mid;
            b_lo = b;
        }
    }
    return eval_a(q, hi, erlang_b(a, hi), r, 1, err);
}

int cc_erlang_a_staff(double calls, double interval_s, double aht_s, double patience_s,
                      double within_s, const cc_erlang_targets *t,
                      cc_erlang_result *r, cc_error *err)
{
    queue q;
    int rc;
    if ((rc = check_queue(calls, interval_s, aht_s, patience_s, 1, within_s, &q, err)) ||
        (rc = check_targets(t, err)))
        return rc;
    gsl_quiet_install();
    return staff_a(&q, t, r, err);
}

/* ---- Erlang X --------------------------------------------------------- */

/* States of the chain whose weight is below e^-CHAIN_CUT of the largest are left
 * out: ~1e-26 each, far below any reported probability even over 10^6 lines. */
#define CHAIN_CUT 60.0
/* Plain fixed-point steps before the root is bracketed and bisected instead. */
#define X_PLAIN_STEPS 200
/* Relative width at which the fixed point is taken as found. */
#define X_TOL 1e-13

/* One Erlang X queue in the units of the formulas. */
typedef struct xqueue {
    double lambda0;     /* fresh arrivals per second */
    double aht, patience, within;
    long lines;         /* 0: no limit */
    double redial;      /* redial share x redial return: redials fed back at once */
} xqueue;

/* The M/M/c/N+M chain at arrival rate lambda: states k = 0..N calls in the
 * system, birth rate lambda below N, death rate min(k,c) mu + max(k-c,0) theta.
 * It is a birth-death chain, so pi_k = pi_0 prod_{i<=k} lambda / rate_i, summed in
 * log space relative to the largest term. The rates grow with k, so the terms
 * rise to one mode and then fall: the pass stops once they have fallen below the
 * cut. An arrival that finds k < c is answered at once; one that finds k >= c
 * waits at place j = k - c + 1 (j - 1 ahead); with x = c mu / theta it is served
 * with probability x / (x + j), and the time to service, given served, is a sum
 * of exponentials of rates theta (x + i), i = 1..j: the j-th order statistic of
 * x + j exponentials, so
 *   P(served, W <= T | j) = x/(x+j) I_{1-u}(j, x+1),
 *   P(still waiting at T | j) = u I_u(x, j),       u = e^(-theta T),
 *   E[W; served | j] = x/(theta (x+j)) sum_{i=1..j} 1/(x+i)
 * (I the regularised incomplete beta function; without patience, theta = 0,
 * the wait is Erlang(j, c mu): P(j, c mu T), Q(j, c mu T) and j / (c mu)).
 * `full` 0: only the blocking and abandonment (no GSL call). */
typedef struct chain_out {
    double blocked, abandoned, waited, no_wait, served_le_t, wait_gt_t, wait_served_s, busy;
} chain_out;

static double chain_rate(const xqueue *q, long c, long k)
{
    double mu = 1 / q->aht, theta = q->patience > 0 ? 1 / q->patience : 0;
    return k <= c ? (double)k * mu : (double)c * mu + (double)(k - c) * theta;
}

static int chain_eval(const xqueue *q, double lambda, long agents, int full, chain_out *o,
                      cc_error *err)
{
    long n = q->lines, c = agents < n ? agents : n;
    double mu = 1 / q->aht, theta = q->patience > 0 ? 1 / q->patience : 0;
    double x = theta > 0 ? (double)c * mu / theta : 0, u = exp(-theta * q->within);
    double one_minus_u = -expm1(-theta * q->within), cmt = (double)c * mu * q->within;
    memset(o, 0, sizeof *o);
    if (lambda <= 0) {
        o->no_wait = 1;
        return CC_OK;
    }
    /* Pass 1: the largest log-weight. */
    double lw = 0, top = 0;
    for (long k = 1; k <= n; k++) {
        double step = log(lambda / chain_rate(q, c, k));
        lw += step;
        if (lw > top)
            top = lw;
        if (step < 0 && lw < top - CHAIN_CUT)
            break;
    }
    /* Pass 2: the weights and what arrivals in each state go on to. */
    double z = 0, harmonic = 0;
    lw = 0;
    for (long k = 0; k <= n; k++) {
        double step = k ? log(lambda / chain_rate(q, c, k)) : 0;
        lw += step;
        long j = k - c + 1;         /* place in the queue of an arrival, when >= 1 */
        if (j >= 1 && theta > 0)
            harmonic += 1 / (x + (double)j);
        if (step < 0 && lw < top - CHAIN_CUT)
            break;
        if (lw < top - CHAIN_CUT)
            continue;
        double w = exp(lw - top);
        z += w;
        o->busy += w * (double)(k < c ? k : c);
        if (k == n) {
            o->blocked += w;
        } else if (j < 1) {
            o->no_wait += w;
        } else {
            double jj = (double)j;
            o->waited += w;
            if (theta > 0)
                o->abandoned += w * jj / (x + jj);
            if (!full)
                continue;
            gsl_sf_result b1, b2;
            if (theta > 0) {
                if (gsl_sf_beta_inc_e(jj, x + 1, one_minus_u, &b1) != GSL_SUCCESS ||
                    gsl_sf_beta_inc_e(x, jj, u, &b2) != GSL_SUCCESS)
                    return gsl_failed(err, "the incomplete beta function I", jj, x);
                o->served_le_t += w * x / (x + jj) * b1.val;
                o->wait_gt_t += w * u * b2.val;
                o->wait_served_s += w * x / (theta * (x + jj)) * harmonic;
            } else {
                double p;
                if (gamma_inc(0, jj, cmt, &p))
                    return gsl_failed(err, "the incomplete gamma function P", jj, cmt);
                o->served_le_t += w * p;
                o->wait_gt_t += w * (1 - p);
                o->wait_served_s += w * jj / ((double)c * mu);
            }
        }
    }
    o->blocked /= z;
    o->abandoned /= z;
    o->waited /= z;
    o->no_wait /= z;
    o->served_le_t /= z;
    o->wait_gt_t /= z;
    o->wait_served_s /= z;
    o->busy /= z;
    return CC_OK;
}

/* The Erlang A / C queue of an unlimited Erlang X queue at arrival rate lambda. */
static queue x_inner(const xqueue *q, double lambda)
{
    queue a = { lambda, q->aht, q->patience, q->within, lambda * q->aht };
    return a;
}

/* Share of offered calls that fail (blocked or abandoned) at arrival rate lambda;
 * *ok 0 when the queue is unstable there (no lines, no patience, agents <= load). */
static int x_loss(const xqueue *q, double lambda, long agents, double *loss, int *ok, cc_error *err)
{
    *ok = 1;
    if (q->lines > 0) {
        chain_out o;
        int rc = chain_eval(q, lambda, agents, 0, &o, err);
        *loss = o.blocked + o.abandoned;
        return rc;
    }
    queue a = x_inner(q, lambda);
    if (q->patience <= 0) {
        *loss = 0;
        *ok = (double)agents > a.a;
        return CC_OK;
    }
    cc_erlang_result r;
    int rc = eval_a(&a, agents, erlang_b(a.a, agents), &r, 0, err);
    *loss = r.p_abandon;
    return rc;
}

/* The least fixed point lambda = lambda0 + redial x lambda x loss(lambda): plain
 * iteration from lambda0 (increasing, since the loss grows with the load), then,
 * if it is slow, bisection between the last iterate and a doubled upper end.
 * *settled 0 when there is none below the module's load bound. */
static int x_fixed_point(const xqueue *q, long agents, double *lambda, int *steps, int *settled,
                         cc_error *err)
{
    double l0 = q->lambda0, lam = l0, loss;
    int ok, rc;
    *steps = 0;
    *settled = 1;
    *lambda = l0;
    if (q->redial <= 0 || l0 <= 0)
        return x_loss(q, l0, agents, &loss, settled, err);
    double cap = (double)CC_ERLANG_MAX_AGENTS / q->aht;
    for (int k = 0; k < X_PLAIN_STEPS; k++) {
        if ((rc = x_loss(q, lam, agents, &loss, &ok, err)))
            return rc;
        if (!ok) {
            *settled = 0;
            return CC_OK;
        }
        double next = l0 + q->redial * lam * loss;
        ++*steps;
        if (fabs(next - lam) <= X_TOL * next) {
            *lambda = next;
            return CC_OK;
        }
        lam = next;
    }
    /* f(l) = l - l0 - redial l loss(l): f(lo) <= 0 at the iterate; double hi to f >= 0. */
    double lo = lam, hi = lam;
    for (;;) {
        hi *= 2;
        if (hi >= cap) {
            *settled = 0;
            return CC_OK;
        }
        if ((rc = x_loss(q, hi, agents, &loss, &ok, err)))
            return rc;
        ++*steps;
        if (hi - l0 - q->redial * hi * loss >= 0)
            break;
    }
    while (hi - lo > X_TOL * hi) {
        double mid = 0.5 * (lo + hi);
        if (!(mid > lo && mid < hi))
            break;
        if ((rc = x_loss(q, mid, agents, &loss, &ok, err)))
            return rc;
        ++*steps;
        if (mid - l0 - q->redial * mid * loss >= 0)
            hi = mid;
        else
            lo = mid;
    }
    *lambda = hi;
    return CC_OK;
}

/* All measures at `agents`; *settled 0 (measures unset) when the redials never
 * settle or the unlimited queue without patience is unstable. */
static int x_eval(const xqueue *q, double interval_s, double share, long agents,
                  cc_erlang_x_result *r, int *settled, cc_error *err)
{
    double lam;
    int rc = x_fixed_point(q, agents, &lam, &r->iterations, settled, err);
    if (rc != CC_OK || !*settled)
        return rc;
    cc_erlang_result *m = &r->m;
    double fail;
    if (q->lines > 0) {
        chain_out o;
        if ((rc = chain_eval(q, lam, agents, 1, &o, err)))
            return rc;
        double answered = 1 - o.blocked - o.abandoned;
        double sl = o.no_wait + o.served_le_t;
        double abandon_le_t = clamp01(o.waited - o.served_le_t - o.wait_gt_t);
        m->load_erlangs = lam * q->aht;
        m->agents = agents;
        m->p_wait = o.waited;
        m->service_level = clamp01(sl);
        m->service_level_answered = answered > 0 ? clamp01(sl / answered) : NAN;
        m->service_level_excl_short = clamp01(sl / (1 - abandon_le_t));
        m->asa_s = answered > 0 ? o.wait_served_s / answered : NAN;
        m->occupancy = clamp01(o.busy / (double)agents);
        m->p_abandon = o.abandoned;
        r->p_blocked = o.blocked;
        fail = o.blocked + o.abandoned;
    } else {
        queue a = x_inner(q, lam);
        double b = erlang_b(a.a, agents);
        if (q->patience > 0) {
            if ((rc = eval_a(&a, agents, b, m, 1, err)))
                return rc;
        } else {
            eval_c(&a, agents, b, m);
        }
        r->p_blocked = 0;
        fail = m->p_abandon;
    }
    r->offered_calls = lam * interval_s;
    r->redials = (lam - q->lambda0) * interval_s;
    r->redials_later = (share - q->redial) * r->offered_calls * fail;
    return CC_OK;
}

static int check_x(const cc_erlang_x_queue *x, xqueue *q, cc_error *err)
{
    queue base;
    int rc;
    if (!isfinite(x->patience_s) || x->patience_s < 0)
        return cc_error_set(err, CC_EINPUT, "patience_s must be 0 (none) or a number > 0 (got %g)",
                            x->patience_s);
    if ((rc = check_queue(x->calls, x->interval_s, x->aht_s, x->patience_s, x->patience_s > 0,
                          x->within_s, &base, err)))
        return rc;
    if (x->lines < 0 || x->lines > CC_ERLANG_MAX_AGENTS)
        return cc_error_set(err, CC_EINPUT, "lines must be 0 (no limit) or a whole number in [1, %ld] "
                            "(got %ld)", CC_ERLANG_MAX_AGENTS, x->lines);
    if (!isfinite(x->redial_share) || x->redial_share < 0 || x->redial_share > 1)
        return cc_error_set(err, CC_EINPUT, "redial_share must be in [0, 1] (got %g)", x->redial_share);
    if (!isfinite(x->redial_return) || x->redial_return <= 0 || x->redial_return > 1)
        return cc_error_set(err, CC_EINPUT, "redial_return must be in (0, 1] (got %g)", x->redial_return);
    q->lambda0 = base.lambda;
    q->aht = base.aht;
    q->patience = base.patience;
    q->within = base.within;
    q->lines = x->lines;
    q->redial = x->redial_share * x->redial_return;
    return CC_OK;
}

double cc_erlang_redial_return(double interval_s, double delay_s)
{
    if (!(delay_s > 0))
        return 1;
    double r = delay_s / interval_s;
    return 1 - r * -expm1(-interval_s / delay_s);
}

int cc_erlang_x(const cc_erlang_x_queue *x, long agents, cc_erlang_x_result *r, cc_error *err)
{
    xqueue q;
    int rc, settled;
    gsl_quiet_install();
    if ((rc = check_x(x, &q, err)) || (rc = check_agents(agents, err)))
        return rc;
    if ((rc = x_eval(&q, x->interval_s, x->redial_share, agents, r, &settled, err)))
        return rc;
    if (!settled && q.lines == 0 && q.patience <= 0)
        return cc_error_set(err, CC_EINPUT, "agents must be > the load of %g Erlang without patience "
                            "or lines (got %ld)", q.lambda0 * q.aht, agents);
    if (!settled)
        return cc_error_set(err, CC_EINPUT, "the redials never settle: %g Erlang of fresh load and "
                            "redial share %g need more than %ld agents", q.lambda0 * q.aht,
                            x->redial_share, agents);
    return CC_OK;
}

/* Does `agents` meet t (an unsettled queue does not)? The measures in *r. */
static int x_meets(const xqueue *q, const cc_erlang_x_queue *x, long agents,
                   const cc_erlang_targets *t, cc_erlang_x_result *r, int *yes, cc_error *err)
{
    int settled, rc = x_eval(q, x->interval_s, x->redial_share, agents, r, &settled, err);
    *yes = rc == CC_OK && settled && meets(&r->m, t);
    return rc;
}

int cc_erlang_x_staff(const cc_erlang_x_queue *x, const cc_erlang_targets *t,
                      cc_erlang_x_result *r, cc_error *err)
{
    xqueue q;
    int rc, yes;
    gsl_quiet_install();
    if ((rc = check_x(x, &q, err)) || (rc = check_targets(t, err)))
        return rc;
    long cap = q.lines > 0 ? q.lines : CC_ERLANG_MAX_AGENTS;
    double a0 = q.lambda0 * q.aht;
    long guess = lround(a0 + 0.5 * sqrt(a0));
    guess = guess < 1 ? 1 : guess > cap ? cap : guess;
    long lo, hi;        /* lo fails (or is 0), hi meets */
    cc_erlang_x_result cand;
    if ((rc = x_meets(&q, x, guess, t, &cand, &yes, err)))
        return rc;
    if (yes) {
        hi = guess;
        lo = 0;
        for (long step = 1; hi > 1; step *= 2) {
            long n = hi - step < 1 ? 1 : hi - step;
            if ((rc = x_meets(&q, x, n, t, &cand, &yes, err)))
                return rc;
            if (!yes) {
                lo = n;
                break;
            }
            hi = n;
        }
    } else {
        lo = guess;
        for (long step = 1;; step *= 2) {
            if (lo >= cap)
                return q.lines > 0
                     ? cc_error_set(err, CC_EINPUT, "the targets cannot be met with %ld lines "
                                    "(agents beyond the lines never answer)", q.lines)
                     : unreachable(err);
            long n = lo + step > cap ? cap : lo + step;
            if ((rc = x_meets(&q, x, n, t, &cand, &yes, err)))
                return rc;
            if (yes) {
                hi = n;
                break;
            }
            lo = n;
        }
    }
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if ((rc = x_meets(&q, x, mid, t, &cand, &yes, err)))
            return rc;
        if (yes)
            hi = mid;
        else
            lo = mid;
    }
    return x_meets(&q, x, hi, t, r, &yes, err);
}
