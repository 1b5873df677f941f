/* Random numbers keyed by identity: every coordinate of (seed, queue id, replication,
 * index, source, block) changes the words; the GSL generator over Philox replays its
 * stream after a reset and feeds GSL's samplers correctly; neighbouring streams are
 * uncorrelated; exponential by inversion has its mean. */
#include "sim/rng.h"
#include "sim/sample.h"

#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

Test(rng, every_coordinate_changes_the_block)
{
    cc_rng_key k = cc_rng_key_of(20260105, 0x1234);
    philox4x64_ctr_t base = cc_rng_block(k, 3, 17, CC_STREAM_CONTACT, 0);
    philox4x64_ctr_t other[] = {
        cc_rng_block(cc_rng_key_of(20260106, 0x1234), 3, 17, CC_STREAM_CONTACT, 0),
        cc_rng_block(cc_rng_key_of(20260105, 0x1235), 3, 17, CC_STREAM_CONTACT, 0),
        cc_rng_block(k, 4, 17, CC_STREAM_CONTACT, 0),
        cc_rng_block(k, 3, 18, CC_STREAM_CONTACT, 0),
        cc_rng_block(k, 3, 17, CC_STREAM_ARRIVALS, 0),
        cc_rng_block(k, 3, 17, CC_STREAM_CONTACT, 1),
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        for (int w = 0; w < 4; w++)
            cr_assert_neq(other[i].v[w], base.v[w], "variant %zu word %d", i, w);
    /* and is a pure function of them */
    philox4x64_ctr_t again = cc_rng_block(cc_rng_key_of(20260105, 0x1234), 3, 17, CC_STREAM_CONTACT, 0);
    for (int w = 0; w < 4; w++)
        cr_assert_eq(again.v[w], base.v[w]);
}

Test(rng, open_unit_interval_excludes_zero)
{
    cr_assert_gt(cc_rng_open01(0), 0.0);
    cr_assert_eq(cc_rng_open01(UINT64_MAX), 1.0);
    cr_assert(isfinite(cc_rng_exponential(0, 240.0)));
    cr_assert_eq(cc_rng_exponential(UINT64_MAX, 240.0), 0.0);
}

Test(rng, gsl_stream_replays_after_reset_and_differs_by_index)
{
    gsl_rng *r = gsl_rng_alloc(cc_rng_type);
    cc_rng_key k = cc_rng_key_of(7, 99);
    double a[10], b[10];
    cc_rng_gsl_reset(r, k, 0, 5, CC_STREAM_HANDLING);
    for (int i = 0; i < 10; i++)
        a[i] = gsl_rng_uniform(r);
    cc_rng_gsl_reset(r, k, 0, 5, CC_STREAM_HANDLING);
    for (int i = 0; i < 10; i++)
        b[i] = gsl_rng_uniform(r);
    cr_assert_arr_eq(a, b, sizeof a);
    /* the first four outputs are the block's words, then the next block follows */
    philox4x64_ctr_t w0 = cc_rng_block(k, 0, 5, CC_STREAM_HANDLING, 0);
    philox4x64_ctr_t w1 = cc_rng_block(k, 0, 5, CC_STREAM_HANDLING, 1);
    cr_assert_eq(a[0], (double)(w0.v[0] >> 11) * 0x1.0p-53);
    cr_assert_eq(a[3], (double)(w0.v[3] >> 11) * 0x1.0p-53);
    cr_assert_eq(a[4], (double)(w1.v[0] >> 11) * 0x1.0p-53);
    cc_rng_gsl_reset(r, k, 0, 6, CC_STREAM_HANDLING);
    cr_assert_neq(gsl_rng_uniform(r), a[0]);
    gsl_rng_free(r);
}

Test(rng, neighbouring_streams_are_uncorrelated_and_uniform)
{
    enum { N = 20000 };
    static double a[N], b[N], c[N];
    cc_rng_key k1 = cc_rng_key_of(7, 1), k2 = cc_rng_key_of(7, 2);
    for (int i = 0; i < N; i++) {
        a[i] = cc_rng_open01(cc_rng_block(k1, 0, (uint64_t)i, CC_STREAM_CONTACT, 0).v[0]);
        b[i] = cc_rng_open01(cc_rng_block(k2, 0, (uint64_t)i, CC_STREAM_CONTACT, 0).v[0]);
        c[i] = cc_rng_open01(cc_rng_block(k1, 1, (uint64_t)i, CC_STREAM_CONTACT, 0).v[0]);
    }
    /* |r| of independent samples has sd 1/sqrt(N) = 0.007; 0.03 is 4.2 sd. */
    cr_assert_lt(fabs(gsl_stats_correlation(a, 1, b, 1, N)), 0.03);
    cr_assert_lt(fabs(gsl_stats_correlation(a, 1, c, 1, N)), 0.03);
    cr_assert_lt(fabs(gsl_stats_correlation(a, 1, a + 1, 1, N - 1)), 0.03);
    cr_assert_float_eq(gsl_stats_mean(a, 1, N), 0.5, 0.01);
    cr_assert_float_eq(gsl_stats_variance(a, 1, N), 1.0 / 12.0, 0.003);
}

Test(rng, contact_samples_have_their_means)
{
    enum { N = 40000 };
    static double x[N];
    gsl_rng *r = gsl_rng_alloc(cc_rng_type);
    cc_rng_key k = cc_rng_key_of(11, 3);
    cc_dist dists[] = {
        { .kind = CC_DIST_EXPONENTIAL, .mean_s = 240.0, .cv = 1.0 },
        { .kind = CC_DIST_LOGNORMAL, .mean_s = 280.0, .cv = 0.8 },
        { .kind = CC_DIST_GAMMA, .mean_s = 180.0, .cv = 0.5 },
    };
    for (size_t d = 0; d < 3; d++) {
        cc_dist_prepare(&dists[d]);
        for (int i = 0; i < N; i++) {
            philox4x64_ctr_t w = cc_rng_block(k, 0, (uint64_t)i, CC_STREAM_CONTACT, 0);
            x[i] = cc_sample_contact(&dists[d], w.v[0], r, k, 0, (uint64_t)i, CC_STREAM_HANDLING);
        }
        double m = gsl_stats_mean(x, 1, N), sd = gsl_stats_sd(x, 1, N);
        /* the mean's standard error is cv * mean / 200: 4 of them */
        cr_assert_float_eq(m, dists[d].mean_s, 4.0 * dists[d].cv * dists[d].mean_s / 200.0, "dist %zu", d);
        cr_assert_float_eq(sd / m, dists[d].cv, 0.05, "dist %zu cv", d);
    }
    cc_dist det = { .kind = CC_DIST_DETERMINISTIC, .mean_s = 42.0 }, none = { .kind = CC_DIST_NONE };
    cr_assert_eq(cc_sample_contact(&det, 0, r, k, 0, 0, CC_STREAM_HANDLING), 42.0);
    cr_assert(isinf(cc_sample_contact(&none, 0, r, k, 0, 0, CC_STREAM_PATIENCE)));
    gsl_rng_free(r);
}
