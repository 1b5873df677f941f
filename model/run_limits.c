/* run_limits.c — up-front refusal of simulations that could not finish; see run_limits.h. */
#include "model/run_limits.h"

#include <math.h>

cc_run_estimate cc_run_limits_estimate(const cc_scenario *s, unsigned replications)
{
    cc_run_estimate e = { 0 };
    double offered = 0;
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue *qu = &s->queues[q];
        /* each caller is offered 1 / (1 - share) times with redials, at most 65,536 */
        double redialled = qu->redial_share > 0 ? fmin(1.0 / (1.0 - qu->redial_share), 65536.0) : 1.0;
        double total = 0, peak_rate = 0;
        for (size_t i = 0; i < s->n_intervals; i++) {
            double calls = qu->calls[i] * redialled;
            total += calls;
            double open = qu->open_to_s && qu->open_to_s[i] > qu->open_from_s[i]
                              ? qu->open_to_s[i] - qu->open_from_s[i] : s->interval_s;
            peak_rate = fmax(peak_rate, calls / open);
            if (calls > e.interval_calls) {
                e.interval_calls = calls;
                e.busiest_queue = q;
            }
        }
        offered += total;
        e.waiting += qu->patience.kind == CC_DIST_NONE ? total
                                                       : fmin(total, peak_rate * qu->patience.mean_s);
    }
    e.calls = offered * replications;
    e.memory = e.waiting * CC_RUN_LIMIT_BYTES_PER_CALLER;
    return e;
}

int cc_run_limits_check(const cc_scenario *s, unsigned replications, cc_error *err)
{
    cc_run_estimate e = cc_run_limits_estimate(s, replications);
    if (!(e.calls <= CC_RUN_LIMIT_CALLS))
        return cc_error_set(err, CC_EINPUT, "%s: the simulation would offer %.3g calls (%u "
                            "replications of %.3g), above the limit of %.3g (about %.0f hours of "
                            "one core): lower the queues' calls, the horizon or --replications",
                            s->path, e.calls, replications, e.calls / replications,
                            CC_RUN_LIMIT_CALLS, CC_RUN_LIMIT_CALLS / 1e7 / 3600);
    if (!(e.interval_calls <= CC_RUN_LIMIT_INTERVAL_CALLS))
        return cc_error_set(err, CC_EINPUT, "%s: queue %s would offer %.3g calls in one interval "
                            "(redials included), above the limit of %.3g: lower its calls or its "
                            "redial share", s->path, s->queues[e.busiest_queue].name, e.interval_calls,
                            CC_RUN_LIMIT_INTERVAL_CALLS);
    if (!(e.memory <= CC_RUN_LIMIT_MEMORY))
        return cc_error_set(err, CC_EINPUT, "%s: up to %.3g callers could wait at once (%.3g GiB "
                            "per replication in flight), above the limit of %.3g GiB: lower the "
                            "queues' calls or their patience", s->path, e.waiting,
                            e.memory / (1 << 30), CC_RUN_LIMIT_MEMORY / (1 << 30));
    return CC_OK;
}
