#include "sim/rng.h"

#include <limits.h>

/* The state of one cc_rng_type generator: the stream's key and counter, and the
 * block being read out. */
typedef struct philox_state {
    cc_rng_key key;
    philox4x64_ctr_t ctr;   /* v[3]: the next block's number */
    philox4x64_ctr_t out;
    unsigned left;          /* words of `out` not yet returned */
} philox_state;

static inline uint64_t philox_next(philox_state *st)
{
    if (st->left == 0) {
        st->out = philox4x64(st->ctr, st->key);
        st->ctr.v[3]++;
        st->left = 4;
    }
    return st->out.v[4 - st->left--];
}

static unsigned long philox_get(void *state)
{
    return (unsigned long)philox_next(state);
}

static double philox_get_double(void *state)
{
    return (double)(philox_next(state) >> 11) * 0x1.0p-53;
}

/* gsl_rng_set: a fixed stream keyed by the seed alone (the engine always resets). */
static void philox_set(void *state, unsigned long seed)
{
    philox_state *st = state;
    *st = (philox_state){ .key = { { seed, 0 } } };
}

static const gsl_rng_type philox_type = {
    "ccsim-philox4x64", ULONG_MAX, 0, sizeof(philox_state), philox_set, philox_get,
    philox_get_double,
};

const gsl_rng_type *const cc_rng_type = &philox_type;

void cc_rng_gsl_reset(gsl_rng *r, cc_rng_key key, uint64_t rep, uint64_t index, unsigned source)
{
    philox_state *st = r->state;
    *st = (philox_state){ .key = key, .ctr = { { rep, index, source, 0 } } };
}
