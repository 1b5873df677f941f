/* Random streams: seeds are never 0, distinct per (replication, stream), depend on
 * the master seed, and the streams they start are uncorrelated. */
#include "sim/rng.h"

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

static int cmp_ul(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return (x > y) - (x < y);
}

Test(rng, seeds_are_nonzero_32_bit_and_distinct)
{
    const size_t reps = 20000, streams = 12, n = reps * streams;
    unsigned long *seeds = malloc(n * sizeof *seeds);
    for (size_t r = 0; r < reps; r++)
        for (size_t s = 0; s < streams; s++) {
            unsigned long v = cc_rng_seed(20260105, r, s, streams);
            cr_assert_neq(v, 0);
            cr_assert_leq(v, 0xffffffffUL);
            seeds[r * streams + s] = v;
        }
    qsort(seeds, n, sizeof *seeds, cmp_ul);
    for (size_t k = 1; k < n; k++)
        cr_assert_neq(seeds[k], seeds[k - 1], "two streams share seed %lu", seeds[k]);
    free(seeds);
}

Test(rng, master_seed_changes_every_stream)
{
    for (uint64_t r = 0; r < 100; r++)
        cr_assert_neq(cc_rng_seed(1, r, 0, 3), cc_rng_seed(2, r, 0, 3));
}

Test(rng, neighbouring_streams_are_uncorrelated)
{
    enum { N = 20000 };
    static double a[N], b[N], c[N];
    gsl_rng *ra = gsl_rng_alloc(gsl_rng_mt19937), *rb = gsl_rng_alloc(gsl_rng_mt19937),
            *rc = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(ra, cc_rng_seed(7, 0, 0, 3));
    gsl_rng_set(rb, cc_rng_seed(7, 0, 1, 3));
    gsl_rng_set(rc, cc_rng_seed(7, 1, 0, 3));
    for (int i = 0; i < N; i++) {
        a[i] = gsl_rng_uniform(ra);
        b[i] = gsl_rng_uniform(rb);
        c[i] = gsl_rng_uniform(rc);
    }
    /* |r| of independent samples has sd 1/sqrt(N) = 0.007; 0.03 is 4.2 sd. */
    cr_assert_lt(fabs(gsl_stats_correlation(a, 1, b, 1, N)), 0.03);
    cr_assert_lt(fabs(gsl_stats_correlation(a, 1, c, 1, N)), 0.03);
    cr_assert_float_eq(gsl_stats_mean(a, 1, N), 0.5, 0.01);
    gsl_rng_free(ra);
    gsl_rng_free(rb);
    gsl_rng_free(rc);
}
