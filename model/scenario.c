#include "model/scenario.h"

#include <math.h>
#include <stdlib.h>

const char *cc_channel_name(cc_channel c)
{
    static const char *const names[CC_CHANNELS] = { "phone" };
    return c < CC_CHANNELS ? names[c] : "?";
}

void cc_dist_prepare(cc_dist *d)
{
    switch (d->kind) {
    case CC_DIST_LOGNORMAL: {
        double s2 = log1p(d->cv * d->cv);
        d->p1 = log(d->mean_s) - 0.5 * s2;
        d->p2 = sqrt(s2);
        break;
    }
    case CC_DIST_GAMMA:
        d->p1 = 1.0 / (d->cv * d->cv);
        d->p2 = d->mean_s * d->cv * d->cv;
        break;
    default:
        d->p1 = d->p2 = 0.0;
    }
}

int cc_scenario_index_routing(cc_scenario *s)
{
    s->queue_groups = calloc(s->n_queues ? s->n_queues : 1, sizeof *s->queue_groups);
    s->n_queue_groups = calloc(s->n_queues ? s->n_queues : 1, sizeof *s->n_queue_groups);
    if (!s->queue_groups || !s->n_queue_groups)
        return -1;
    for (size_t q = 0; q < s->n_queues; q++) {
        s->queue_groups[q] = calloc(s->n_groups ? s->n_groups : 1, sizeof **s->queue_groups);
        if (!s->queue_groups[q])
            return -1;
        for (size_t g = 0; g < s->n_groups; g++)
            for (size_t k = 0; k < s->groups[g].n_serves; k++)
                if (s->groups[g].serves[k] == q) {
                    s->queue_groups[q][s->n_queue_groups[q]++] = g;
                    break;
                }
    }
    return 0;
}

void cc_scenario_destroy(cc_scenario *s)
{
    if (!s)
        return;
    for (size_t q = 0; q < s->n_queues; q++) {
        cc_queue *qu = &s->queues[q];
        free(qu->name);
        free(qu->calls);
        free(qu->handling.values);
        free(qu->patience.values);
        if (s->queue_groups)
            free(s->queue_groups[q]);
    }
    for (size_t g = 0; g < s->n_groups; g++) {
        free(s->groups[g].name);
        free(s->groups[g].serves);
        free(s->groups[g].agents);
    }
    free(s->queue_groups);
    free(s->n_queue_groups);
    free(s->queues);
    free(s->groups);
    free(s->calendar.hours);
    free(s->open_from_s);
    free(s->open_to_s);
    free(s->path);
    free(s->text);
    free(s->name);
    free(s->description);
    free(s);
}
