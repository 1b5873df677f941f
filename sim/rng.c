#include "sim/rng.h"

/* splitmix64's finaliser: a bijection of 64-bit words with good avalanche. */
static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A bijection of 32-bit words (the "lowbias32" hash of C. Wellons). */
static uint32_t mix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

unsigned long cc_rng_seed(uint64_t master, uint64_t replication, uint64_t stream, uint64_t n_streams)
{
    uint32_t base = (uint32_t)mix64(master);
    uint32_t seed = mix32(base + (uint32_t)(replication * n_streams + stream));
    return seed ? seed : 0x6a09e667UL;
}
