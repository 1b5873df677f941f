#include "sim/sweep.h"

#include <math.h>
#include <stdlib.h>

int cc_sweep_variant(const cc_scenario *s, double factor, cc_scenario **out, cc_error *err)
{
    if (!(factor > 0 && isfinite(factor)))
        return cc_error_set(err, CC_EINPUT, "a handling-time factor must be a number > 0 (got %g)", factor);
    for (size_t q = 0; q < s->n_queues; q++) {
        const cc_queue *qu = &s->queues[q];
        if (qu->handling.kind == CC_DIST_EMPIRICAL || (qu->source == CC_SOURCE_TRACE && qu->trace.handling_s))
            return cc_error_set(err, CC_EINPUT, "%s: queue %s's handling times are observed values (%s), "
                                "which a handling-time factor cannot scale; give its handling a "
                                "distribution (exponential, lognormal, gamma or deterministic)",
                                s->path, qu->name, qu->handling.kind == CC_DIST_EMPIRICAL
                                ? "an empirical distribution" : "the trace's own");
    }
    cc_scenario *v = malloc(sizeof *v);
    cc_queue *queues = malloc((s->n_queues + 1) * sizeof *queues);
    if (!v || !queues) {
        free(v);
        free(queues);
        return cc_error_set(err, CC_EINTERNAL, "%s: out of memory for a sweep's variant", s->path);
    }
    *v = *s;
    for (size_t q = 0; q < s->n_queues; q++) {
        queues[q] = s->queues[q];
        queues[q].handling.mean_s *= factor;
        cc_dist_prepare(&queues[q].handling);
    }
    v->queues = queues;
    *out = v;
    return CC_OK;
}

void cc_sweep_variant_destroy(cc_scenario *v)
{
    if (!v)
        return;
    free(v->queues);
    free(v);
}
