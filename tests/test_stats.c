/* Estimators: the pooled ratio and its delta-method Student-t half-width, and the
 * mapping from tallies to metrics. */
#include "sim/stats.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

/* Sums of x and y over replications, as the runner keeps them. */
static cc_ratio sums(const double *x, const double *y, int n)
{
    cc_ratio r = { 0 };
    for (int k = 0; k < n; k++) {
        r.sx += x[k];
        r.sy += y[k];
        r.sxx += x[k] * x[k];
        r.syy += y[k] * y[k];
        r.sxy += x[k] * y[k];
    }
    return r;
}

Test(stats, ratio_estimate_known_answer)
{
    /* x = 1, 2, 3 over y = 2, 2, 2: R = 6/6 = 1; residuals -1, 0, 1; s^2 = 1;
     * se = sqrt(1/3) / 2; t(0.975, 2) = 4.302652730. */
    double x[] = { 1, 2, 3 }, y[] = { 2, 2, 2 };
    cc_ratio r = sums(x, y, 3);
    cc_estimate e = cc_ratio_estimate(&r, 3, cc_t95(3));
    cr_assert_float_eq(e.mean, 1.0, 1e-15);
    cr_assert_float_eq(e.ci95, 4.302652730 * sqrt(1.0 / 3.0) / 2.0, 1e-8);
}

Test(stats, pooled_ratio_is_not_mean_of_ratios)
{
    double x[] = { 1, 1 }, y[] = { 1, 3 };  /* ratios 1 and 1/3 */
    cc_ratio r = sums(x, y, 2);
    cc_estimate e = cc_ratio_estimate(&r, 2, cc_t95(2));
    cr_assert_float_eq(e.mean, 0.5, 1e-15);   /* 2/4, not (1 + 1/3)/2 */
    cr_assert(isfinite(e.ci95));
}

Test(stats, plain_mean_with_unit_denominator)
{
    double xs[] = { 10, 12, 9, 11, 13 }, ones[] = { 1, 1, 1, 1, 1 };
    cc_ratio r = sums(xs, ones, 5);
    cc_estimate e = cc_ratio_estimate(&r, 5, cc_t95(5));
    cr_assert_float_eq(e.mean, 11.0, 1e-12);
    /* sample sd = sqrt(2.5); t(0.975, 4) = 2.776445105 */
    cr_assert_float_eq(e.ci95, 2.776445105 * sqrt(2.5 / 5.0), 1e-8);
}

Test(stats, degenerate_cases_are_nan)
{
    cc_ratio r = { 0 };
    cc_estimate e = cc_ratio_estimate(&r, 0, cc_t95(0));
    cr_assert(isnan(e.mean) && isnan(e.ci95));
    double x[] = { 3 }, y[] = { 4 };
    r = sums(x, y, 1);
    e = cc_ratio_estimate(&r, 1, cc_t95(1));
    cr_assert_float_eq(e.mean, 0.75, 1e-15);
    cr_assert(isnan(e.ci95), "one replication has no confidence interval");
    double z[] = { 0, 0 };
    r = sums(z, z, 2);
    e = cc_ratio_estimate(&r, 2, cc_t95(2));
    cr_assert(isnan(e.mean), "0/0 has no estimate");
}

/* The moments give the same estimates as the ratio sums of each metric's own
 * numerator and denominator, for every queue metric. */
Test(stats, queue_moments_match_the_metric_definitions)
{
    cc_queue_tally t[3] = {
        { .offered = 100, .answered = 90, .answered_within = 72, .abandoned = 10, .abandoned_within = 4,
          .dropped = 1, .wait_s = 900.25, .abandon_wait_s = 450, .handled_s = 16200, .backlog = 3 },
        { .offered = 120, .answered = 100, .answered_within = 70, .abandoned = 20, .abandoned_within = 5,
          .dropped = 0, .wait_s = 1500, .abandon_wait_s = 1100.5, .handled_s = 18000, .backlog = 7 },
        { .offered = 80, .answered = 78, .answered_within = 70, .abandoned = 2, .abandoned_within = 2,
          .dropped = 2, .wait_s = 300, .abandon_wait_s = 30, .handled_s = 14000.75, .backlog = 0 },
    };
    cc_queue_moments m = { 0 };
    double num[3][CC_QUEUE_METRICS], den[3][CC_QUEUE_METRICS];
    for (int r = 0; r < 3; r++) {
        cc_queue_moments_add(&m, &t[r]);
        cc_queue_metric_terms(&t[r], num[r], den[r]);
    }
    cc_estimate e[CC_QUEUE_METRICS];
    cc_queue_moments_estimate(&m, 3, cc_t95(3), e);
    for (int k = 0; k < CC_QUEUE_METRICS; k++) {
        double x[3] = { num[0][k], num[1][k], num[2][k] }, y[3] = { den[0][k], den[1][k], den[2][k] };
        cc_ratio r = sums(x, y, 3);
        cc_estimate want = cc_ratio_estimate(&r, 3, cc_t95(3));
        cr_assert_float_eq(e[k].mean, want.mean, 1e-12, "%s", cc_metric_names[k]);
        cr_assert_float_eq(e[k].ci95, want.ci95, 1e-9, "%s ci95", cc_metric_names[k]);
    }
    cr_assert_float_eq(e[CC_M_SERVICE_LEVEL].mean, 212.0 / 300.0, 1e-15);
    cr_assert_float_eq(e[CC_M_DROPPED].mean, 1.0, 1e-15);
    cr_assert_float_eq(e[CC_M_BACKLOG].mean, 10.0 / 3.0, 1e-15);
    cr_assert_float_eq(e[CC_M_AHT].mean, 48200.75 / 268.0, 1e-12);
    cr_assert(e[CC_M_SERVICE_LEVEL].ci95 > 0.0);
}

/* The per-interval sums are int64 fixed point, so they are exact: adding the same
 * replications in another order or grouping gives the same bits, also where the
 * squared seconds pass 2^33 s^2 (here 2.5e11 s^2 in one replication), beyond which
 * sums of doubles in units of 2^-20 s^2 were rounded. */
Test(stats, fixed_sums_do_not_depend_on_order)
{
    cc_queue_tally t[4] = {
        { .offered = 7, .answered = 6, .answered_within = 5, .wait_s = 0.1, .handled_s = 5e5 },
        { .offered = 9, .answered = 9, .answered_within = 4, .wait_s = 1e-7, .handled_s = 1e5 / 7.0 },
        { .offered = 5, .answered = 4, .answered_within = 4, .wait_s = 123.456789, .handled_s = 3e5 / 11.0 },
        { .offered = 8, .answered = 8, .answered_within = 8, .wait_s = 1e5 / 3.0, .handled_s = 4e5 / 3.0 },
    };
    cc_queue_fixed fwd = { 0 }, rev = { 0 }, b1 = { 0 }, b2 = { 0 };
    for (int r = 0; r < 4; r++) {
        cc_queue_fixed_add(&fwd, &t[r]);
        cc_queue_fixed_add(&rev, &t[3 - r]);
    }
    cc_queue_fixed_add(&b1, &t[0]);       /* two blocks, then merged */
    cc_queue_fixed_add(&b2, &t[1]);
    cc_queue_fixed_add(&b2, &t[2]);
    cc_queue_fixed_add(&b2, &t[3]);
    cc_queue_fixed_merge(&b1, &b2);
    cr_assert(memcmp(&fwd, &rev, sizeof fwd) == 0, "the order of replications changed the sums");
    cr_assert(memcmp(&fwd, &b1, sizeof fwd) == 0, "merging blocks changed the sums");
    cc_queue_moments m, d = { 0 };
    cr_assert(cc_queue_fixed_moments(&fwd, &m));
    cc_estimate e[CC_QUEUE_METRICS], ed[CC_QUEUE_METRICS];
    cc_queue_moments_estimate(&m, 4, cc_t95(4), e);
    cr_assert_float_eq(e[CC_M_ASA].mean, (0.1 + 1e-7 + 123.456789 + 1e5 / 3.0) / 27.0, 4 * 0.5 / 1024 / 27.0);
    /* the same estimates as sums of doubles, to within the rounding of squares */
    for (int r = 0; r < 4; r++)
        cc_queue_moments_add(&d, &t[r]);
    cc_queue_moments_estimate(&d, 4, cc_t95(4), ed);
    for (int k = 0; k < CC_QUEUE_METRICS; k++) {
        if (isnan(ed[k].mean)) {   /* abandon time: nobody abandoned */
            cr_assert(isnan(e[k].mean), "%s", cc_metric_names[k]);
            continue;
        }
        cr_assert_float_eq(e[k].mean, ed[k].mean, 1e-12 * fabs(ed[k].mean), "%s", cc_metric_names[k]);
        cr_assert_float_eq(e[k].ci95, ed[k].ci95, 1e-9 * fabs(ed[k].ci95) + 1e-12, "%s", cc_metric_names[k]);
    }
}

/* The fixed range is 2^63 units of 2^-10: 2^53 s^2 (9.0e15). 9.4e7 handled seconds
 * square to 8.8e15 s^2, within it; a second such replication passes it, and the
 * cell reads as not exact, NaN where the square is used, however it is merged. */
Test(stats, fixed_sums_flag_overflow)
{
    cc_queue_tally t = { .offered = 1, .answered = 1, .handled_s = 9.4e7 };
    cc_queue_fixed one = { 0 }, two = { 0 }, clean = { 0 };
    cc_queue_moments m;
    cc_queue_fixed_add(&one, &t);
    cr_assert(cc_queue_fixed_moments(&one, &m));
    two = one;
    cc_queue_fixed_add(&two, &t);
    cr_assert_not(cc_queue_fixed_moments(&two, &m));
    cc_estimate e[CC_QUEUE_METRICS];
    cc_queue_moments_estimate(&m, 2, cc_t95(2), e);
    cr_assert_float_eq(e[CC_M_AHT].mean, 9.4e7, 1e-3, "the sums themselves are within range");
    cr_assert(isnan(e[CC_M_AHT].ci95), "the squares are not");
    cr_assert_float_eq(e[CC_M_OFFERED].ci95, 0.0, 1e-12);
    cc_queue_fixed_merge(&clean, &two);
    cc_queue_fixed_merge(&clean, &one);
    cr_assert_not(cc_queue_fixed_moments(&clean, &m), "overflow stays through merges");

    cc_group_tally g = { .busy_s = 1e8, .staffed_s = 1.0 };
    cc_group_fixed gf = { 0 };
    cc_group_moments gm;
    cc_group_fixed_add(&gf, &g);
    cr_assert_not(cc_group_fixed_moments(&gf, &gm));
    cr_assert_float_eq(gm.staffed, 1.0, 0.0);
    cc_target_fixed tf = { 0 };
    cc_target_moments tm;
    cc_target_fixed_add(&tf, 9e7, 9e7);
    cr_assert(cc_target_fixed_moments(&tf, &tm));
    cr_assert_float_eq(tm.within_offered, 8.1e15, 0.0);
    cc_target_fixed_add(&tf, 9e7, 9e7);
    cr_assert_not(cc_target_fixed_moments(&tf, &tm));
}

Test(stats, group_moments)
{
    cc_group_tally t[2] = { { .busy_s = 1800, .staffed_s = 3600 }, { .busy_s = 2700, .staffed_s = 3600 } };
    cc_group_moments m = { 0 }, second = { 0 };
    cc_group_moments_add(&m, &t[0]);
    cc_group_moments_add(&second, &t[1]);
    cc_group_moments_merge(&m, &second);       /* two blocks of one replication */
    cc_estimate e[CC_GROUP_METRICS];
    cc_group_moments_estimate(&m, 2, cc_t95(2), e);
    cr_assert_float_eq(e[CC_GM_OCCUPANCY].mean, 4500.0 / 7200.0, 1e-15);
    /* residuals 1800 - 0.625 * 3600 = -450 and +450: se = sqrt(405000 / 1 / 2) / 3600 */
    cr_assert_float_eq(e[CC_GM_OCCUPANCY].ci95, 12.70620474 * sqrt(405000.0 / 2.0) / 3600.0, 1e-6);
    cr_assert_float_eq(e[CC_GM_STAFFED_HOURS].mean, 1.0, 1e-15);
    cr_assert_float_eq(e[CC_GM_STAFFED_HOURS].ci95, 0.0, 1e-12);
}

/* A further target's service level: within it / offered, from the cell's offered. */
Test(stats, target_moments)
{
    cc_queue_tally t[2] = { { .offered = 10 }, { .offered = 30 } };
    double within[2] = { 9, 21 };
    cc_queue_moments q = { 0 };
    cc_target_moments m = { 0 }, block[2] = { { 0 } };
    for (int r = 0; r < 2; r++) {
        cc_queue_moments_add(&q, &t[r]);
        cc_target_moments_add(&block[r], within[r], t[r].offered);
        cc_target_moments_merge(&m, &block[r]);
    }
    cc_estimate e = cc_target_moments_estimate(&m, &q, 2, cc_t95(2));
    cr_assert_float_eq(e.mean, 30.0 / 40.0, 1e-15);
    /* residuals 9 - 7.5 = 1.5 and 21 - 22.5 = -1.5: se = sqrt(4.5 / 2) / 20 */
    cr_assert_float_eq(e.ci95, 12.70620474 * sqrt(4.5 / 2.0) / 20.0, 1e-6);
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
