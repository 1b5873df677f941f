/* sample.h — drawing handling times and patience from a prepared cc_dist.
 *
 * The distribution must have been prepared with cc_dist_prepare (the loader does
 * this). cc_sample draws with GSL's variate generators from the generator passed in;
 * cc_sample_contact draws one contact's value from its own random numbers
 * (sim/rng.h): an exponential by inversion from the contact's word, a deterministic
 * value without a draw, anything else through cc_sample on the contact's own
 * Philox stream. A CC_DIST_NONE patience is +infinity (the caller never abandons).
 * Inline: one call per contact and source on the engine's hot path.
 */
#ifndef CC_SAMPLE_H
#define CC_SAMPLE_H

#include "model/scenario.h"
#include "sim/rng.h"

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

/* One contact's draw of `source` (CC_STREAM_HANDLING or CC_STREAM_PATIENCE): word is
 * the contact's word for it; r, of type cc_rng_type, serves the distributions that
 * need more than one uniform, reset to the contact's own stream first. */
static inline double cc_sample_contact(const cc_dist *d, uint64_t word, gsl_rng *r, cc_rng_key key,
                                       uint64_t rep, uint64_t index, unsigned source)
{
    switch (d->kind) {
    case CC_DIST_EXPONENTIAL:   return cc_rng_exponential(word, d->mean_s);
    case CC_DIST_DETERMINISTIC: return d->mean_s;
    case CC_DIST_NONE:          return INFINITY;
    default:
        cc_rng_gsl_reset(r, key, rep, index, source);
        return cc_sample(d, r);
    }
}

#endif
