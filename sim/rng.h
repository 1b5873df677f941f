/* rng.h — random numbers keyed by stable identity (Random123's Philox4x64).
 *
 * Every random number of a replication is a pure function of where it is used, not
 * of how many numbers were drawn before it: Philox4x64-10 (a counter-based
 * generator, Salmon et al. 2011) maps a 128-bit key and a 256-bit counter to four
 * 64-bit words. The key is (mix of the master seed, the stable id of the queue —
 * cc_stable_id, a hash of its name); the counter is (replication, index, source,
 * draw). So a queue's contacts depend only on (master seed, replication, the queue's
 * id, source, contact index, draw number): adding, removing or reordering other
 * queues, re-staffing or re-routing leaves them exactly as they were (common random
 * numbers), and a draw that is not needed (the patience of a caller who never
 * waits) is simply not made, without shifting any other draw.
 *
 * Sources.
 *   CC_STREAM_ARRIVALS: the queue's inter-arrival gaps, four per counter (index =
 *     draw / 4): a sequence, consumed in order, rejected draws included (a gap that
 *     overshoots an interval's open part is used up, so the next interval's process
 *     is independent of it).
 *   CC_STREAM_CONTACT: a contact's handling-time word and patience word, when one
 *     uniform is enough (exponential by inversion); contacts are numbered from 0 in
 *     their queue in every replication, and block j holds contact 2j's two words
 *     (0, 1) and contact 2j+1's (2, 3) — cc_rng_contact_words.
 *   CC_STREAM_HANDLING, CC_STREAM_PATIENCE: for distributions that need a variable
 *     number of uniforms (lognormal, gamma, empirical through GSL's samplers), a
 *     gsl_rng (cc_rng_type) whose n-th output comes from counter (replication, contact
 *     index, source, n / 4): GSL's algorithms run unchanged on a stream that belongs to
 *     the one contact.
 *   CC_STREAM_DERIVED: the handling word (0) and patience word (1) of a contact that
 *     descends from another (a redial, or a hand-on to the `then` queue): counter
 *     (replication, index of the fresh arrival it descends from, source, hop), under
 *     that arrival's queue's key; hop counts the redials and hand-ons in between.
 *   CC_STREAM_FATE: a contact's decisions, at (replication, index, source, hop) as
 *     above (hop 0: the fresh arrival itself): word 0 redials or not, 1 the redial
 *     delay, 2 takes a call back or not, 3 goes on to the `then` queue or not.
 *   CC_STREAM_REDIAL_DELAY: the gsl_rng stream of a redial delay that needs several
 *     uniforms.
 *   A derived contact's gsl_rng streams (handling, patience, redial delay) carry its
 *     hop in the source word's high bits (cc_rng_hop_source); hop 0 is the source
 *     itself, so a fresh arrival's streams are as they always were.
 *   CC_STREAM_SITES: a contact's draws for sites, counter (replication, index of the
 *     fresh arrival it descends from, source, hop), under that arrival's queue's key: word 0, whether an outage message sends it to the web; word 1, the
 *     site it is offered to first under routing shares. Numbered apart from the others
 *     so that new sources never meet it.
 *
 * Inline: the engine calls these on every contact.
 */
#ifndef CC_RNG_H
#define CC_RNG_H

#include <Random123/philox.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>

enum cc_stream_source {
    CC_STREAM_ARRIVALS = 1,
    CC_STREAM_CONTACT,
    CC_STREAM_HANDLING,
    CC_STREAM_PATIENCE,
    CC_STREAM_DERIVED,
    CC_STREAM_FATE,
    CC_STREAM_REDIAL_DELAY,
    CC_STREAM_SITES = 64
};

/* The source word of a derived contact's stream: the source, and its hop above it. */
static inline unsigned cc_rng_hop_source(unsigned source, unsigned hop)
{
    return source | hop << 8;
}

/* The key of one queue's streams under a master seed. */
typedef philox4x64_key_t cc_rng_key;

/* The master seed goes through splitmix64's finaliser so that nearby seeds (1, 2, ...)
 * give unrelated keys; the id is already a hash. */
static inline cc_rng_key cc_rng_key_of(uint64_t master, uint64_t id)
{
    uint64_t x = master + 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    cc_rng_key k = { { x ^ (x >> 31), id } };
    return k;
}

/* The four words at (replication, index, source, draw block). */
static inline __attribute__((always_inline)) philox4x64_ctr_t cc_rng_block(cc_rng_key key, uint64_t rep, uint64_t index,
                                            unsigned source, uint64_t block)
{
    philox4x64_ctr_t c = { { rep, index, source, block } };
    return philox4x64(c, key);
}

/* Contact `index`'s handling word (*handling) and patience word (*patience) from
 * its block (cc_rng_block(key, rep, index / 2, CC_STREAM_CONTACT, 0)), passed in so
 * that a caller going through contacts in order computes each block once. */
static inline void cc_rng_contact_words(const philox4x64_ctr_t *block, uint64_t index,
                                        uint64_t *handling, uint64_t *patience)
{
    unsigned w = 2 * (unsigned)(index & 1);
    *handling = block->v[w];
    *patience = block->v[w + 1];
}

/* A uniform in (0, 1] from a word's top 53 bits: never 0, so log() is finite. */
static inline double cc_rng_open01(uint64_t w)
{
    return (double)((w >> 11) + 1) * 0x1.0p-53;
}

/* An exponential variate of the given mean by inversion: -mean ln U, U in (0, 1]. */
static inline double cc_rng_exponential(uint64_t w, double mean)
{
    return -mean * log(cc_rng_open01(w));
}

/* The GSL generator type over Philox: outputs are the 64-bit words of successive
 * blocks of one (key, replication, index, source); get_double uses 53 bits. Set it
 * with cc_rng_gsl_reset before use (gsl_rng_set alone leaves a fixed stream). */
extern const gsl_rng_type *const cc_rng_type;

/* Points r (of type cc_rng_type) at the stream (key, rep, index, source), draw 0. */
void cc_rng_gsl_reset(gsl_rng *r, cc_rng_key key, uint64_t rep, uint64_t index, unsigned source);

#endif
