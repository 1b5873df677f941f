/* plan.h — the analytic workforce plan of a scenario: agents per queue and
 * interval, agent-hours, FTE and cost per channel, and the reverse question (what a
 * fixed FTE achieves, and what handling time would break it).
 *
 * Without groups, or with groups that each serve one queue alone, the plan treats
 * every queue as its own team; every interval is stationary: a queue open for
 * `open_s` seconds of an interval sees its `calls` arrive at the rate calls / open_s,
 * is staffed for that rate, and counts agent-hours for the open part only.
 *
 * A pooled roster (a group serving several queues, or a queue served by several
 * groups) is staffed per group-interval (`pooled`, `group_cells`): each queue's calls
 * are shared equally among the groups that serve it, a group's pooled calls are
 * offered over its duty span (cc_workforce_duty_s) with the calls-weighted mean
 * handling time and patience of its queues, and the fewest agents meeting the
 * targets for that pooled load are its requirement (first come, first served within
 * the pool: queue priorities are left to the simulation). A queue cell then holds
 * the agents of its groups, their calls-weighted measures, and its workload share of
 * their agent-time (agent_s), so per-queue FTE add up to the groups' FTE. Required agents come from cc_erlang_c_staff
 * or cc_erlang_a_staff for the scenario's targets (service level within T, and
 * ASA, abandon rate and occupancy where set); an interval with no expected calls
 * gets 0 agents. Erlang A takes a queue's patience as exponential with the
 * distribution's mean; a queue without patience falls back to Erlang C.
 *
 * A queue with `lines` or a redial share, staffed as its own team, is planned by
 * Erlang X (cc_erlang_x_staff; its patience only under method erlang-a): the
 * intervals are walked in order, and the redials a cell's blocked and abandoned
 * callers make land in the same interval (the fixed point) or, by an exponential
 * delay of the redial distribution's mean, in later ones, where they add to the
 * calls (redials landing in a closed interval are dropped). In a pooled roster
 * lines and redials are not modelled (a warning says so).
 *
 * A chat queue served by one group alone whose agents hold `concurrency` > 1 chats
 * is planned by Erlang C or A on concurrency-adjusted capacity, an approximation:
 * each agent is `concurrency` servers, and the handling time is stretched by
 * 1 + chat_stretch × occupancy × (concurrency - 1), the mean number of other chats
 * an agent holds when a chat starts at the servers' occupancy; staffing and stretch
 * are iterated until they settle; agents are whole (servers ÷ concurrency, rounded
 * up). With concurrency 1 it is the phone model exactly. A pooled roster does not
 * model concurrency (a warning says so).
 *
 * Call backs (a queue with callback_after_s, staffed as its own team by Erlang C or
 * A): a caller still waiting at after_s takes a call back with probability share,
 * so called_back = calls × share × P(still waiting at after_s), that probability
 * from the model's wait distribution: the callers who would be answered, or would
 * abandon, after after_s. The queue's measures are the model's without call backs
 * (a caller who leaves shortens the queue: conservative). The call backs of the
 * would-be answered are work the model already counts; those of the would-be
 * abandoners are extra work, done in the agents' idle time; what does not fit
 * there adds whole agents (work ÷ open seconds, like deferred work), and the cell
 * is evaluated again at those agents. The interval record moves the call backs out
 * of answered and abandoned, and counts every call back as made, and made within
 * its target (the idle time and the added agents cover them in the interval).
 *
 * A self-service queue needs no agents: every contact is answered at once (service
 * level 1, wait 0, no handling in the interval record) and costs its
 * non_staff_cost_per_contact.
 *
 * The `then` hand-on: queues are planned sources first; a source's answered
 * contacts of interval i times next_share arrive at the next queue in interval i
 * (service ends within the interval, on average), added to its calls (dropped, and
 * counted in handed_on_dropped, where that queue is closed, unless it is deferred or
 * self-service). In a pooled roster, whose answered calls are known only after the
 * pool is staffed, the source's offered calls stand in for them (an upper bound).
 * The volumes are fixed when the plan is made: a planner that replaces the agents
 * keeps them.
 *
 * A deferred queue (email, web form, post) is planned by
 * the workload method (model CC_PLAN_WORKLOAD): each contact's work (mean
 * handling) counts on the open day it arrives (or the next open day, when it
 * arrives on a closed one); the work of each open day is spread evenly over it and
 * the `window_days` open days after it (the business-day target: the backlog may
 * carry that long), so an open day's work capacity is the moving mean of the last
 * window + 1 open days' work; its agents are that work ÷ the day's open seconds, in
 * whole agents (the remainder as one more agent in the day's first intervals). A
 * fluid first-in-first-out pass then gives the backlog at each interval's end
 * (cells[].backlog), occupancy, the mean wait by Little's law (the horizon's mean,
 * in every cell), and each interval's share done by its deadline (service level;
 * a deadline past the horizon's end counts as met: the plan carries on). No
 * abandonment. In a pooled roster too: a deferred queue's agents are its own,
 * counted in its FTE and cost but kept out of its groups' Erlang pool and staffing
 * table (the gain of blending, agents taking deferred work in the idle time between
 * calls, is left to the simulation), and a fixed FTE leaves them at the requirement.
 *
 * Units: agent-hours and calls are over the horizon; FTE is a headcount; every
 * cost is per YEAR, from the agent-seconds on duty by the one costing rule of
 * model/workforce.h (cc_workforce_costing: FTE × cost_per_fte_year, plus the
 * non-staff cost per contact × calls, annualised by 365.25 / days; a queue's all-in
 * cost_per_contact is only a check). Figures that need the scenario's workforce
 * section (FTE, staff cost) are NaN when it is absent.
 *
 * The plan is a plain struct so that another planner (the simulation-based
 * optimiser) can read and replace its agents: cc_plan_set_staffing (or, for a plan
 * that is not pooled, cells[].agents), then cc_plan_evaluate (analytic measures at
 * those agents, then the summaries), or fill the cells' measures yourself and call
 * cc_plan_summarise (which recounts the agent-seconds from the agents). The plan borrows
 * the scenario: it must outlive the plan. Not thread-safe to modify; reading is.
 */
#ifndef CC_PLAN_H
#define CC_PLAN_H

#include "model/error.h"
#include "model/interval.h"
#include "model/scenario.h"

#include <stddef.h>

typedef enum cc_plan_method {
    CC_PLAN_ERLANG_C = 0,
    CC_PLAN_ERLANG_A,
    CC_PLAN_SIMULATION,     /* filled in by sim/optimise.h, not by this module */
    CC_PLAN_ERLANG_X,       /* a queue's model only: lines or redials (cc_erlang_x) */
    CC_PLAN_WORKLOAD,       /* a queue's model only: deferred work, the workload method */
    CC_PLAN_SELF_SERVICE    /* a queue's model only: no agents, resolved at once */
} cc_plan_method;

/* "erlang-c", "erlang-a", "simulation", "erlang-x", "workload", "self-service". */
const char *cc_plan_method_name(cc_plan_method m);

/* How a queue's patience entered the model. */
typedef enum cc_plan_patience {
    CC_PLAN_PATIENCE_UNUSED = 0,    /* Erlang C was asked for */
    CC_PLAN_PATIENCE_EXPONENTIAL,   /* Erlang A with the queue's exponential patience */
    CC_PLAN_PATIENCE_MEAN_ONLY,     /* Erlang A with an exponential of the same mean as a
                                       non-exponential patience distribution */
    CC_PLAN_PATIENCE_NONE           /* the queue has no patience: Erlang C used instead */
} cc_plan_patience;

/* One queue in one interval. Measures are those of the open part; NaN where
 * undefined: ASA when nobody is answered, ASA and abandon rate of an unstable
 * Erlang C interval (agents <= load; its service level is reported as 0). */
typedef struct cc_plan_cell {
    double calls;           /* expected calls offered (the scenario's) */
    double open_s;          /* seconds of the interval the queue is open; 0: closed */
    long agents;            /* agents on duty in the open part (pooled: of the serving groups) */
    double agent_s;         /* agent-seconds on duty counted for this cell (pooled: the
                               queue's workload share of its groups' agent-seconds) */
    double load_erlangs;    /* calls × AHT / open_s */
    double service_level;   /* answered within T ÷ offered */
    double service_level_answered;
    double service_level_excl_short;
    double asa_s;
    double p_abandon;
    double occupancy;
    double redials;         /* expected redials among the offered calls (Erlang X; 0
                               otherwise): offered = calls + redials, and the measures
                               above are per offered call */
    double p_blocked;       /* blocked ÷ offered (Erlang X; 0 otherwise) */
    double backlog;         /* workload method: contacts waiting at the interval's end */
    double called_back;     /* call backs taken (expected contacts; 0 without) */
    double called_back_late_abandon; /* of which callers who would have abandoned */
    double sl_at_callback;  /* service level within callback_after_s */
} cc_plan_cell;

/* Whole-horizon figures of a set of cells: calls-weighted means of the cells'
 * measures (ASA weighted by answered calls). Unstable Erlang C cells count with
 * service level 0 and make abandon rate and ASA NaN. */
typedef struct cc_plan_outcome {
    double calls;
    double agent_hours;
    double service_level;
    double abandon_rate;
    double asa_s;
    double occupancy;       /* carried load ÷ agents, agent-hour weighted */
} cc_plan_outcome;

typedef struct cc_plan_queue {
    cc_plan_method model;       /* the model actually used for this queue */
    cc_plan_patience patience;
    double patience_s;          /* mean patience used by Erlang A; 0 for Erlang C */
    long agents_peak;           /* most agents in any interval */
    double calls_per_year;      /* calls × 365.25 / days */
    double fte;                 /* agent_hours / weeks / (1 − shrinkage) / paid hours; NaN without workforce */
    double staff_cost;          /* fte × cost_per_fte_year, per year; NaN without workforce */
    double contact_cost;        /* non_staff_cost_per_contact × calls_per_year */
    double cost;                /* staff_cost + contact_cost, per year (NaN without workforce) */
    cc_plan_outcome outcome;    /* the plan over the horizon */
    double redials, blocked;    /* Erlang X: expected redials (in outcome.calls) and
                                   blocked calls over the horizon; 0 otherwise */
    unsigned window_days;       /* workload method: the smoothing window in business
                                   days (the headline target's; 1 for one in seconds) */
    unsigned concurrency;       /* chat by concurrency-adjusted capacity: chats per
                                   agent (> 1); 0 otherwise */
    double handed_on;           /* contacts arriving from other queues' `then` over the
                                   horizon (in outcome.calls) */
    double handed_on_dropped;   /* of those sent, the ones that found this queue closed */
    double called_back;         /* call backs taken over the horizon (expected) */
} cc_plan_queue;

typedef struct cc_plan_channel {
    size_t n_queues;            /* queues of this channel; 0: the channel is unused */
    double calls_per_year;
    double agent_hours;
    double fte;
    double staff_cost, contact_cost, cost;  /* per year; contact_cost is non-staff */
    double cost_per_contact;    /* cost ÷ calls_per_year: the model's all-in unit cost */
    double quoted_cost_per_contact; /* the queues' all-in cost_per_contact (a source's
                                       figure), calls-weighted; NaN when none is given */
} cc_plan_channel;

/* The reverse question: a fixed FTE rostered in the shape of the requirement. */
typedef struct cc_plan_fixed {
    double fte;
    double agent_hours_available;   /* fte × paid h/week × (1 − shrinkage) × weeks */
    cc_plan_cell *cells;            /* queue-major like cc_plan.cells, agents allocated */
    cc_plan_cell *group_cells;      /* pooled: like cc_plan.group_cells, agents allocated */
    cc_plan_outcome *queues;        /* per queue over the horizon */
    cc_plan_outcome outcome;        /* all queues */
    double aht_breakeven;           /* handling multiplier at the target; NaN if not bracketed */
    double *aht_breakeven_s;        /* per queue: mean handling × aht_breakeven */
} cc_plan_fixed;

typedef struct cc_plan {
    const cc_scenario *s;
    cc_plan_method method;
    size_t n_queues, n_intervals;
    double weeks;                   /* days / 7 */
    double per_year;                /* 365.25 / days: annualises horizon totals */
    int has_workforce;
    cc_plan_cell *cells;            /* cells[q * n_intervals + i] */
    int pooled;                     /* staffed per group (see above) */
    size_t n_groups;
    cc_plan_cell *group_cells;      /* pooled: [g * n_intervals + i]; NULL otherwise */
    cc_plan_queue *queues;          /* n_queues */
    cc_plan_channel channels[CC_CHANNELS];
    cc_plan_outcome outcome;        /* all queues */
    long agents_peak;               /* most agents on duty in one interval, all queues */
    double fte, staff_cost, contact_cost, cost, calls_per_year;
    double lost_calls;              /* closed-hours demand lost over the horizon, all queues */
    double *day_calls, *day_agent_s;/* per day of the horizon, all queues */
    unsigned open_days;             /* days with any queue open */
    double fte_open_day;            /* agent-hours of an average open day ÷ (paid hours per
                                       week ÷ 5) ÷ (1 − shrinkage); NaN without workforce */
    double *fte_week;               /* per 7-day block from the start (the last may be
                                       shorter): its agent-hours as a weekly FTE */
    size_t n_weeks;
    cc_plan_fixed *fixed;           /* NULL unless cc_plan_fixed_fte was called */
} cc_plan;

typedef struct cc_plan_options {
    cc_plan_method method;          /* CC_PLAN_ERLANG_C or CC_PLAN_ERLANG_A */
} cc_plan_options;

/* The required plan: for every queue and interval the fewest agents that meet the
 * scenario's targets, their measures, and the summaries. CC_EINPUT when a target
 * is out of reach (message names the queue and interval), CC_EINTERNAL when out of
 * memory. Cost: one Erlang staffing search per open cell (a year of half-hour
 * intervals: tens of milliseconds per queue). */
int cc_plan_create(const cc_scenario *s, const cc_plan_options *opt, cc_plan **out,
                   cc_error *err);

/* Recomputes every cell's measures at its agents (the queue's model), then the
 * summaries. For a planner that replaced cells[].agents. */
int cc_plan_evaluate(cc_plan *p, cc_error *err);

/* Recomputes the per-queue, per-channel and total figures from the cells. */
void cc_plan_summarise(cc_plan *p);

/* The staffing table [g * n_intervals + i] of the plan's agents (fixed: of the
 * fixed-FTE roster, which must exist): a pooled plan's group agents, or each queue's
 * agents for the group that serves it alone. */
void cc_plan_staffing(const cc_plan *p, int fixed, unsigned *staffing);

/* Replaces the plan's agents by a staffing table [g * n_intervals + i] (the inverse
 * of cc_plan_staffing): measures are left as they were; call cc_plan_evaluate or
 * fill them, then cc_plan_summarise. */
int cc_plan_set_staffing(cc_plan *p, const unsigned *staffing);

/* The interval record of queue q in interval i as the plan expects it (an Erlang X
 * queue: offered = calls + redials, blocked = offered × P(blocked), redials filled,
 * the rest as below per offered call): offered =
 * calls; abandoned = calls × P(abandon); answered the rest; answered_within = calls ×
 * service level (and at each further target in seconds; NaN for one in business
 * days); abandoned_within from the service level excluding short abandons; wait_s =
 * answered × ASA; abandon_wait_s = calls × P(abandon) × patience − wait_s (Little's
 * law with exponential patience); handled_s = answered × mean handling time; backlog
 * = the mean queue, (wait_s + abandon_wait_s) / open_s; dropped 0. A closed cell has
 * offered = its calls and the rest 0. Measures that are undefined (an unstable Erlang
 * C cell) give NaN. CC_EINPUT only from the Erlang evaluation of a further target.
 * Other methods (see above): call backs move called_back out of answered and
 * abandoned (callbacks_made = callback_within = called_back); a chat cell's handled_s
 * is stretched; a workload cell has everything answered (within by its service
 * level), wait_s = calls × the mean wait, backlog = the fluid backlog, further
 * targets NaN; a self-service cell has offered = answered = answered within every
 * target, and nothing else. */
int cc_plan_interval_tally(const cc_plan *p, size_t q, size_t i, cc_queue_tally *t, cc_error *err);

/* Group g's record in interval i: staffed_s = its agent-seconds on duty, busy_s =
 * occupancy × staffed_s (a group of a non-pooled plan that serves no queue alone: 0). */
void cc_plan_group_tally(const cc_plan *p, size_t g, size_t i, cc_group_tally *t);

/* The stress test: FTE with one input moved down and up by the scenario's
 * sensitivity steps (cc_sensitivity): volume and handling time × (1 ± step) (a
 * re-plan), shrinkage × (1 ± step) (the same agents, other FTE), the service-level
 * target ± points (a re-plan), each alone, by the plan's analytic method (Erlang C
 * for a plan by simulation). */
#define CC_PLAN_SWINGS 4
typedef struct cc_plan_swing {
    const char *what;       /* "volume", "handling time", "shrinkage", "service-level target" */
    double step;            /* relative step, or points for the target */
    double fte_down, fte_up;/* FTE with the input moved down / up */
    double swing;           /* |fte_up − fte_down| */
} cc_plan_swing;

/* Fills out[] largest swing first. CC_EINPUT (naming the field) without a workforce
 * section, when a step moves the target outside (0, 1) or shrinkage to 1, or when a
 * changed target is out of reach; CC_EINTERNAL when out of memory. Cost: 8 analytic
 * plans of the scenario. */
int cc_plan_sensitivity(const cc_plan *p, cc_plan_swing out[CC_PLAN_SWINGS], cc_error *err);

/* A one-line note naming the method behind queue q's figures when it is more than
 * an Erlang C or A staffing ("Erlang X", "workload method", ...), with what it
 * assumes; returns 0 when there is nothing to say (and for a plan by simulation). */
int cc_plan_method_note(const cc_plan *p, size_t q, char *buf, size_t n);

/* Input that is usable but probably not what was meant, as messages (at most max):
 * an interval whose agents exceed CC_PLAN_PEAK_RATIO times the median of the days'
 * peaks (demand piled into one interval), a pooled plan's queues with lines or
 * redials (not modelled there), and, per queue with a demand section, open
 * intervals with no demand (a profile that does not cover the hours). */
#define CC_PLAN_WARNING_LEN 320
#define CC_PLAN_PEAK_RATIO 3.0
size_t cc_plan_warnings(const cc_plan *p, char (*out)[CC_PLAN_WARNING_LEN], size_t max);

/* The date "YYYY-MM-DD" and time "HH:MM" at which interval i starts. */
void cc_plan_interval_start(const cc_scenario *s, size_t i, char date[static 11], char time[static 6]);

/* Recomputes a fixed-FTE roster's outcomes from its cells (after a planner replaced
 * their measures, e.g. by simulation). */
void cc_plan_fixed_summarise(const cc_plan *p, cc_plan_fixed *f);

/* The reverse question for `fte` scheduled FTE (> 0; the scenario must have a
 * workforce section): available agent-hours over the horizon are
 * fte × paid_hours_per_week × (1 − shrinkage) × weeks; they are handed out in
 * whole agents by Webster's divisor method (Sainte-Laguë): each next agent goes
 * to the cell with the largest required agents ÷ (agents so far + 0.5) among the
 * cells whose open hours still fit in the hours left (ties to the earlier cell),
 * until none fits. Cells with no requirement or no open time get none. House
 * monotone: a larger fte never takes an agent from a cell when the staffed cells
 * have equal open hours (partly open cells: docs/plan.md). Then measures per
 * cell, outcomes, and the AHT break-even (see cc_plan_fixed_service_level).
 * Replaces any earlier p->fixed; CC_EINPUT for an fte that would put more than
 * 10^12 agents in one cell. */
int cc_plan_fixed_fte(cc_plan *p, double fte, cc_error *err);

/* Whole-horizon service level of the fixed-FTE roster (p->fixed's agents) when
 * every queue's mean handling time is multiplied by aht_multiplier (> 0). It
 * falls as the multiplier grows. p->fixed->aht_breakeven is the multiplier m found
 * by bisection with SL(m) >= target > SL(m × 1.001). */
int cc_plan_fixed_service_level(const cc_plan *p, double aht_multiplier, double *sl,
                                cc_error *err);

/* Frees the plan; NULL is allowed. */
void cc_plan_destroy(cc_plan *p);

#endif
