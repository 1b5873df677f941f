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
