/* sample.h — drawing handling times and patience from a prepared cc_dist.
 *
 * The distribution must have been prepared with cc_dist_prepare (the loader does
 * this). Draws use GSL's variate generators with the generator passed in; a
 * CC_DIST_NONE patience is +infinity (the caller never abandons). Inline: one call
 * per caller per source on the engine's hot path.
 */
#ifndef CC_SAMPLE_H
#define CC_SAMPLE_H

#include "model/scenario.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

static inline double cc_sample(const cc_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case CC_DIST_EXPONENTIAL:   return gsl_ran_exponential(r, d->mean_s);
    case CC_DIST_LOGNORMAL:     return gsl_ran_lognormal(r, d->p1, d->p2);
    case CC_DIST_GAMMA:         return gsl_ran_gamma(r, d->p1, d->p2);
    case CC_DIST_DETERMINISTIC: return d->mean_s;
    case CC_DIST_EMPIRICAL:     return d->values[gsl_rng_uniform_int(r, d->n_values)];
    case CC_DIST_NONE:          break;
    }
    return INFINITY;
}

#endif
