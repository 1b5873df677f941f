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
