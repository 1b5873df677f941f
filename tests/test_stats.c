/* Estimators: the pooled ratio and its delta-method Student-t half-width, and the
 * mapping from tallies to metrics. */
#include "sim/stats.h"

#include <criterion/criterion.h>
#include <math.h>

Test(stats, ratio_estimate_known_answer)
{
    /* x = 1, 2, 3 over y = 2, 2, 2: R = 6/6 = 1; residuals -1, 0, 1; s^2 = 1;
     * se = sqrt(1/3) / 2; t(0.975, 2) = 4.302652730. */
    cc_ratio r = { 0 };
    cc_ratio_add(&r, 1, 2);
    cc_ratio_add(&r, 2, 2);
    cc_ratio_add(&r, 3, 2);
    double mean, hw;
    cc_ratio_estimate(&r, &mean, &hw);
    cr_assert_float_eq(mean, 1.0, 1e-15);
    cr_assert_float_eq(hw, 4.302652730 * sqrt(1.0 / 3.0) / 2.0, 1e-8);
}

Test(stats, pooled_ratio_is_not_mean_of_ratios)
{
    cc_ratio r = { 0 };
    cc_ratio_add(&r, 1, 1);     /* ratio 1 */
    cc_ratio_add(&r, 1, 3);     /* ratio 1/3 */
    double mean, hw;
    cc_ratio_estimate(&r, &mean, &hw);
    cr_assert_float_eq(mean, 0.5, 1e-15);   /* 2/4, not (1 + 1/3)/2 */
    cr_assert(isfinite(hw));
}

Test(stats, plain_mean_with_unit_denominator)
{
    cc_ratio r = { 0 };
    double xs[] = { 10, 12, 9, 11, 13 };
    for (int i = 0; i < 5; i++)
        cc_ratio_add(&r, xs[i], 1.0);
    double mean, hw;
    cc_ratio_estimate(&r, &mean, &hw);
    cr_assert_float_eq(mean, 11.0, 1e-12);
    /* sample sd = sqrt(2.5); t(0.975, 4) = 2.776445105 */
    cr_assert_float_eq(hw, 2.776445105 * sqrt(2.5 / 5.0), 1e-8);
}

Test(stats, degenerate_cases_are_nan)
{
    cc_ratio r = { 0 };
    double mean, hw;
    cc_ratio_estimate(&r, &mean, &hw);
    cr_assert(isnan(mean) && isnan(hw));
    cc_ratio_add(&r, 3, 4);
    cc_ratio_estimate(&r, &mean, &hw);
    cr_assert_float_eq(mean, 0.75, 1e-15);
    cr_assert(isnan(hw), "one replication has no confidence interval");
    cc_ratio z = { 0 };
    cc_ratio_add(&z, 0, 0);
    cc_ratio_add(&z, 0, 0);
    cc_ratio_estimate(&z, &mean, &hw);
    cr_assert(isnan(mean), "0/0 has no estimate");
}

Test(stats, t95_matches_tables)
{
    cr_assert_float_eq(cc_t95(2), 12.70620474, 1e-7);
    cr_assert_float_eq(cc_t95(11), 2.228138852, 1e-8);
    cr_assert_float_eq(cc_t95(1001), 1.962339081, 1e-8);
}

Test(stats, metric_terms_follow_the_definitions)
{
    cc_queue_tally t = { .offered = 100, .answered = 90, .answered_within = 72, .abandoned = 10,
                         .abandoned_within = 4, .wait_s = 900, .abandon_wait_s = 450 };
    double num[CC_QUEUE_METRICS], den[CC_QUEUE_METRICS];
    cc_queue_metric_terms(&t, num, den);
    cr_assert_float_eq(num[CC_M_SERVICE_LEVEL] / den[CC_M_SERVICE_LEVEL], 0.72, 1e-15);
    cr_assert_float_eq(num[CC_M_SERVICE_LEVEL_ANSWERED] / den[CC_M_SERVICE_LEVEL_ANSWERED], 0.8, 1e-15);
    cr_assert_float_eq(num[CC_M_SERVICE_LEVEL_EXCL_SHORT] / den[CC_M_SERVICE_LEVEL_EXCL_SHORT], 0.75, 1e-15);
    cr_assert_float_eq(num[CC_M_ABANDON_RATE] / den[CC_M_ABANDON_RATE], 0.1, 1e-15);
    cr_assert_float_eq(num[CC_M_ASA] / den[CC_M_ASA], 10.0, 1e-15);
    cr_assert_float_eq(num[CC_M_ABANDON_TIME] / den[CC_M_ABANDON_TIME], 45.0, 1e-15);
    cr_assert_float_eq(num[CC_M_OFFERED] / den[CC_M_OFFERED], 100.0, 1e-15);
}

/* Paired difference: identical runs differ by exactly 0 with no spread; a constant
 * shift of the numerators is recovered exactly; and the interval is narrower than
 * the unpaired one when the runs share their noise. */
Test(stats, paired_difference_of_ratios)
{
    double x1[] = { 80, 90, 70, 85, 75 }, y1[] = { 100, 110, 90, 105, 95 };
    double diff, hw;
    cc_ratio_diff_estimate(x1, y1, x1, y1, 5, &diff, &hw);
    cr_assert_eq(diff, 0.0);
    cr_assert_eq(hw, 0.0);

    double x2[5];
    for (int r = 0; r < 5; r++)
        x2[r] = x1[r] - 0.05 * y1[r];       /* SL five points lower in every replication */
    cc_ratio_diff_estimate(x1, y1, x2, y1, 5, &diff, &hw);
    cr_assert_float_eq(diff, 0.05, 1e-12);
    cr_assert_float_eq(hw, 0.0, 1e-12, "a shift shared by every replication has no noise");

    /* Hand-computed: x1 = (0, 2), x2 = (2, 1), y = (2, 2), so R1 = 1/2, R2 = 3/4, mean y 2.
     * (x1 - R1 y) / 2 = (-0.5, 0.5); (x2 - R2 y) / 2 = (0.25, -0.25); z = (-0.75, 0.75);
     * sum z^2 = 1.125; se = sqrt(1.125 / 1 / 2) = 0.75; t(0.975, 1) = 12.7062. */
    double a[] = { 0, 2 }, b[] = { 2, 1 }, y[] = { 2, 2 };
    cc_ratio_diff_estimate(a, y, b, y, 2, &diff, &hw);
    cr_assert_float_eq(diff, -0.25, 1e-12);
    cr_assert_float_eq(hw, 12.70620474 * 0.75, 1e-6);
}
