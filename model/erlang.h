/* erlang.h — exact analytic queueing formulas for one queue in one interval:
 * Erlang B (M/M/N/N), Erlang C (M/M/N), Erlang A (M/M/N+M, exponential
 * patience) and Erlang X (M/M/N/L+M: a finite number of lines L, abandonment,
 * and redials fed back into the load), and the inverse problem: the fewest agents
 * that meet a set of targets.
 *
 * A queue is described as a planner states it: `calls` offered per interval of
 * `interval_s` seconds, average handling time `aht_s`, average patience
 * `patience_s` (Erlang A only), and the service-level threshold `within_s`.
 * The offered load is calls * aht_s / interval_s Erlang and may be fractional;
 * agents are whole numbers.
 *
 * Every measure is a long-run (stationary) expectation, computed without
 * factorials: Erlang B by its forward recursion, the Erlang A series in log space
 * with GSL's incomplete gamma function where the series would overflow. Results
 * are finite and within their ranges for agents and loads up to
 * CC_ERLANG_MAX_AGENTS. See docs/erlang.md for the formulas.
 *
 * Service level, three definitions (the same three are reported everywhere):
 *   service_level            answered within T / offered (abandons are misses);
 *   service_level_answered   answered within T / answered;
 *   service_level_excl_short answered within T / (offered - abandoned within T).
 * Calls that do not wait count as answered within T. Without abandonment
 * (Erlang C) the three coincide.
 *
 * Errors: bad arguments (non-finite, out of range, Erlang C with agents <= load,
 * an unreachable target) return CC_EINPUT with a message naming the field and the
 * accepted range; the result is then left unspecified. Nothing here allocates or
 * keeps state, so every function may be called from any thread.
 */
#ifndef CC_ERLANG_H
#define CC_ERLANG_H

#include "model/error.h"

/* The largest agent count accepted (and searched) anywhere in this module. */
#define CC_ERLANG_MAX_AGENTS 10000000L

typedef struct cc_erlang_result {
    double load_erlangs;             /* offered load a = calls * aht / interval */
    long agents;                     /* N */
    double p_wait;                   /* P(an arriving call finds all agents busy) */
    double service_level;            /* answered within T / offered */
    double service_level_answered;   /* answered within T / answered */
    double service_level_excl_short; /* answered within T / (offered - abandoned within T) */
    double asa_s;                    /* mean wait of answered calls (including zero waits), s */
    double occupancy;                /* carried load / N */
    double p_abandon;                /* abandoned / offered; 0 for Erlang C */
} cc_erlang_result;

/* Targets for the inverse problem; a field left 0 is "no target". Service levels
 * are minima in (0, 1); asa_s is a maximum in seconds; p_abandon and occupancy
 * are maxima in (0, 1) and (0, 1]. All set targets must hold at once. */
typedef struct cc_erlang_targets {
    double service_level;
    double service_level_answered;
    double service_level_excl_short;
    double asa_s;
    double p_abandon;
    double occupancy;
} cc_erlang_targets;

/* Erlang B blocking probability of `agents` servers offered `load_erlangs`. */
int cc_erlang_b(double load_erlangs, long agents, double *blocking, cc_error *err);

/* Erlang C: all measures for `agents` > load. */
int cc_erlang_c(double calls, double interval_s, double aht_s, long agents,
                double within_s, cc_erlang_result *r, cc_error *err);

/* Erlang A: all measures for any agents >= 1, also fewer than the load. */
int cc_erlang_a(double calls, double interval_s, double aht_s, double patience_s,
                long agents, double within_s, cc_erlang_result *r, cc_error *err);

/* The fewest agents meeting every target in t, and the measures at that staffing
 * (r->agents). Exact: r->agents meets the targets and r->agents - 1 does not
 * (or is below the model's minimum: 1 agent, or the first stable N for Erlang C).
 * Every measure is monotone in N, so this is the global minimum. Cost: a few
 * evaluations around the square-root-staffing start, O(N) for Erlang B once. */
int cc_erlang_c_staff(double calls, double interval_s, double aht_s, double within_s,
                      const cc_erlang_targets *t, cc_erlang_result *r, cc_error *err);
int cc_erlang_a_staff(double calls, double interval_s, double aht_s, double patience_s,
                      double within_s, const cc_erlang_targets *t,
                      cc_erlang_result *r, cc_error *err);

/* Erlang X (Koole's calculator): one queue with `lines` trunk lines (in service
 * plus waiting at most that many; an arrival finding them all in use is blocked,
 * the busy tone), exponential patience, and redials: a share of the blocked and
 * abandoned callers calls again. For a given arrival rate the birth-death chain
 * of the M/M/N/L+M queue is solved exactly; the arrival rate itself is the fixed
 * point  offered = fresh + redial_share x redial_return x offered x P(blocked or
 * abandoned | offered), the least one, which iteration from the fresh load
 * reaches (finished by bisection when it converges slowly). */
typedef struct cc_erlang_x_queue {
    double calls;           /* fresh calls (first attempts) per interval, >= 0 */
    double interval_s;      /* > 0 */
    double aht_s;           /* > 0 */
    double patience_s;      /* mean exponential patience, > 0; 0: callers never abandon */
    long lines;             /* >= 1; 0: no limit (then patience_s > 0 or no redials) */
    double redial_share;    /* [0, 1]: share of blocked and abandoned callers who redial */
    double redial_return;   /* (0, 1]: share of those redials that land in this same
                               interval (1: a steady state, every redial comes back
                               into the load; see cc_erlang_redial_return) */
    double within_s;        /* service-level threshold T, >= 0 */
} cc_erlang_x_queue;

typedef struct cc_erlang_x_result {
    cc_erlang_result m;     /* measures per OFFERED call (fresh + redials): p_wait the
                               share that wait, service_level answered within T ÷
                               offered (blocked and abandoned calls are misses),
                               service_level_answered ÷ answered, p_abandon abandoned ÷
                               offered, asa_s of answered calls, occupancy of the
                               agents; load_erlangs is the load of the offered calls */
    double offered_calls;   /* calls offered in the interval, redials included */
    double redials;         /* of which redials (landing in this interval) */
    double redials_later;   /* redials made that land after the interval */
    double p_blocked;       /* blocked ÷ offered */
    int iterations;         /* fixed-point steps taken (0 without redials) */
} cc_erlang_x_result;

/* The share of redials that land in the interval of the failure they follow, for
 * failures spread evenly over an interval of interval_s seconds and an exponential
 * redial delay of mean delay_s: 1 - (d/L)(1 - e^(-L/d)). 1 for delay_s = 0. */
double cc_erlang_redial_return(double interval_s, double delay_s);

/* Erlang X measures for `agents` (>= 1; agents beyond the lines never answer).
 * CC_EINPUT for bad fields, or when the redials never settle (redial share 1 and
 * fewer agents than the fresh load needs). */
int cc_erlang_x(const cc_erlang_x_queue *q, long agents, cc_erlang_x_result *r, cc_error *err);

/* The fewest agents meeting every target in t (targets as for Erlang A, per
 * offered call), by doubling then bisection: every measure improves with agents
 * (fewer failures, fewer redials). CC_EINPUT when the targets are out of reach
 * (with `lines` lines, more agents than lines cannot help). */
int cc_erlang_x_staff(const cc_erlang_x_queue *q, const cc_erlang_targets *t,
                      cc_erlang_x_result *r, cc_error *err);

#endif
