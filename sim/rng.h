/* rng.h — random-number streams: one generator per (replication, source).
 *
 * Every random draw in the engine comes from an explicit GSL generator
 * (MT19937). A replication has one stream per source and queue — arrivals,
 * handling times, patience — so a caller's arrival time, handling time and
 * patience do not depend on staffing or routing, and two scenarios run with the
 * same master seed see the same callers (common random numbers).
 *
 * Seeds. MT19937 keeps 32 bits of its seed, so the seed of stream (replication r,
 * stream s) is a bijective 32-bit mix of (mix(master) + r * n_streams + s): for one
 * master seed, distinct streams get distinct seeds for up to 2^32 streams in all.
 * The one input that mixes to 0 is moved to a fixed non-zero value (GSL would
 * silently turn 0 into 4357).
 */
#ifndef CC_RNG_H
#define CC_RNG_H

#include <stdint.h>

enum cc_stream_source {
    CC_STREAM_ARRIVALS = 0,
    CC_STREAM_HANDLING,
    CC_STREAM_PATIENCE,
    CC_STREAM_SOURCES
};

/* The stream index of a source for queue q. */
static inline uint64_t cc_rng_stream(unsigned source, uint64_t queue)
{
    return queue * CC_STREAM_SOURCES + source;
}

/* The non-zero 32-bit seed of a stream; n_streams is the number of streams per
 * replication. */
unsigned long cc_rng_seed(uint64_t master, uint64_t replication, uint64_t stream, uint64_t n_streams);

#endif
