/* test_channels.c — channel shift, IVR and failure demand applied to the calls per
 * interval (hand-computed values, a ramp over a three-year horizon), a shift of 0%
 * identical to the baseline (plan JSON and simulated tallies), the per-channel figures
 * against a hand computation, the paired saving, the `channels` JSON of plan, simulate
 * and compare, and the bad input the loader refuses. */
#include "io/scenario_load.h"
#include "model/channels.h"
#include "model/demand.h"
#include "model/plan.h"
#include "sim/compare.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

/* 24 hourly weights, 1 from 09:00 to 17:00 (8 hours). */
#define DAY8 "[ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 ]"
#define HANDLING "handling = { dist = \"exponential\"; mean_s = 240.0; };"
/* One group of 8 agents on the phones in each of the week's 40 open hours. */
#define EIGHT5 "8, 8, 8, 8, 8, "
#define EIGHT40 EIGHT5 EIGHT5 EIGHT5 EIGHT5 EIGHT5 EIGHT5 EIGHT5 "8, 8, 8, 8, 8"
#define GROUPS "groups = ( { name = \"agents\"; serves = [ \"Phone\" ]; agents = [ " EIGHT40 " ]; } );\n"
#define WORKFORCE "workforce = { shrinkage = 0.3; paid_hours_per_week = 35.0; cost_per_fte_year = 30000.0; };\n"

/* A scenario of `days` days from Monday 2026-03-09, hourly, open Mon-Fri 09:00-17:00,
 * with a phone queue of `phone` contacts a day (8 an hour... for 320: 40 an hour), a
 * self-service web queue of `web` a day, then `extra` (more sections) and a workforce. */
static char *text_of(int days, double phone, const char *phone_extra, double web, const char *web_extra,
                     const char *extra)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    cr_assert_not_null(f);
    fprintf(f,
            "name = \"shift\";\n"
            "calendar = { start = \"2026-03-09\"; days = %d; interval_min = 60;\n"
            "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
            "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
            "queues = (\n"
            "  { name = \"Phone\"; channel = \"phone\"; demand = { volume = %.17g; per = \"day\";\n"
            "    intraday_profile = " DAY8 "; }; " HANDLING " %s },\n"
            "  { name = \"Web\"; channel = \"self-service\"; demand = { volume = %.17g; per = \"day\";\n"
            "    intraday_profile = " DAY8 "; }; " HANDLING " non_staff_cost_per_contact = 0.15; %s }\n"
            ");\n" WORKFORCE "%s",
            days, phone, phone_extra, web, web_extra, extra);
    fclose(f);
    return text;
}

static cc_scenario *load(int days, double phone, const char *phone_extra, double web, const char *web_extra,
                         const char *extra)
{
    char *text = text_of(days, phone, phone_extra, web, web_extra, extra);
    cc_scenario *s = test_load_text(text);
    free(text);
    return s;
}

/* Loading text fails with a message that holds every one of `says` (NULL-ended). */
static void refused(const char *text, const char *const *says)
{
    char *path = test_write_cfg(text);
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    cr_assert_eq(cc_scenario_load(path, &s, &err), CC_EINPUT, "loaded: %s", text);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err.msg, path), "%s", err.msg);
    for (size_t k = 0; says[k]; k++)
        cr_assert_not_null(strstr(err.msg, says[k]), "'%s' not in: %s", says[k], err.msg);
    remove(path);
    free(path);
}

Test(channels, horizon_years_run_from_each_anniversary)
{
    cc_calendar cal = { .year = 2026, .month = 3, .day = 9, .first_date = cc_date_days(2026, 3, 9), .days = 7 };
    cr_assert_eq(cc_demand_horizon_years(&cal), 1);
    cal.days = 365;                             /* 2026-03-09 .. 2027-03-08 */
    cr_assert_eq(cc_demand_horizon_years(&cal), 1);
    cal.days = 366;
    cr_assert_eq(cc_demand_horizon_years(&cal), 2);
    cr_assert_eq(cc_demand_horizon_year(&cal, 364), 0);
    cr_assert_eq(cc_demand_horizon_year(&cal, 365), 1);
    /* 2027-03-09 .. 2028-03-08 has 29 February 2028: 366 days */
    cal.days = 365 + 366 + 1;
    cr_assert_eq(cc_demand_horizon_years(&cal), 3);
    cr_assert_eq(cc_demand_horizon_year(&cal, 365 + 365), 1);
    cr_assert_eq(cc_demand_horizon_year(&cal, 365 + 366), 2);
}

/* 320 phone calls a day (40 an hour), 80 web transactions (10 an hour); 40% of the
 * phone calls move to the web and 10% of those come back: phone keeps
 * 40 × (1 − 0.4 × 0.9) = 25.6 an hour, the web gets 10 + 16 = 26. */
Test(channels, shift_moves_volume_and_failure_comes_back)
{
    cc_scenario *s = load(7, 320, "", 80, "",
                          "channel_shift = ( { from = \"Phone\"; to = \"Web\"; share = 0.4; failure_share = 0.1; } );\n");
    cr_assert_eq(s->n_shifts, 1);
    cr_assert_float_eq(s->queues[0].calls[9], 25.6, EPS);
    cr_assert_float_eq(s->queues[1].calls[9], 26.0, EPS);
    cr_assert_eq(s->queues[0].calls[8], 0.0);
    cr_assert_eq(s->queues[1].calls[17], 0.0);
    cc_scenario_destroy(s);

    /* the web's own failure demand (20% of all its transactions, shifted ones
     * included) rings the phone, and the phone's IVR resolves a quarter of the
     * calls that reach it: (25.6 + 0.2 × 26) × 0.75 = 23.1 */
    s = load(7, 320, "ivr = { resolved_share = 0.25; cost_per_call = 0.05; };", 80,
             "failure = { share = 0.2; to = \"Phone\"; };",
             "channel_shift = ( { from = \"Phone\"; to = \"Web\"; share = 0.4; failure_share = 0.1; } );\n");
    cr_assert_float_eq(s->queues[0].calls[9], (25.6 + 0.2 * 26.0) * 0.75, EPS);
    cr_assert_float_eq(cc_demand_ivr_calls(&s->queues[0], s->queues[0].calls[9]), 25.6 + 0.2 * 26.0, EPS);
    cr_assert_float_eq(s->queues[1].calls[9], 26.0, EPS);
    cr_assert_eq(s->queues[0].failure_queue, SIZE_MAX);
    cr_assert_eq(s->queues[1].failure_queue, 0);
    cc_scenario_destroy(s);
}

/* A three-year horizon: year k of the horizon takes share[k]. */
Test(channels, ramp_takes_one_share_per_year)
{
    cc_scenario *s = load(3 * 365 + 1, 320, "", 80, "",
                          "channel_shift = ( { from = \"Phone\"; to = \"Web\"; share = [ 0.1, 0.25, 0.4 ]; } );\n");
    size_t ipd = s->intervals_per_day;
    /* Monday 2026-03-09, Tuesday 2027-03-09 (day 365), Thursday 2028-03-09 (day 731) */
    size_t first[3] = { 0, 365, 731 };
    double share[3] = { 0.1, 0.25, 0.4 };
    for (int y = 0; y < 3; y++) {
        cr_assert_float_eq(s->queues[0].calls[first[y] * ipd + 9], 40.0 * (1 - share[y]), EPS, "year %d", y + 1);
        cr_assert_float_eq(s->queues[1].calls[first[y] * ipd + 9], 10.0 + 40.0 * share[y], EPS, "year %d", y + 1);
    }
    /* the day before the second anniversary is still year 2 */
    cr_assert_float_eq(s->queues[0].calls[730 * ipd + 9], 40.0 * 0.75, EPS);
    cc_scenario_destroy(s);
}

/* A shift of 0% is the baseline, bit for bit: calls, lost calls, the plan's JSON and
 * the simulated tallies with the same seed. */
Test(channels, zero_shift_is_the_baseline, .timeout = 120)
{
    const char *groups = GROUPS;
    char extra[512];
    snprintf(extra, sizeof extra, "%schannel_shift = ( { from = \"Phone\"; to = \"Web\"; share = 0.0; "
             "failure_share = 0.3; } );\n", groups);
    char *tb = text_of(7, 297.3, "", 81.7, "", groups), *ta = text_of(7, 297.3, "", 81.7, "", extra);
    char *pb = test_write_cfg(tb), *pa = test_write_cfg(ta);
    cc_scenario *b = test_load(pb), *a = test_load(pa);
    for (size_t q = 0; q < 2; q++) {
        cr_assert_eq(memcmp(b->queues[q].calls, a->queues[q].calls, b->n_intervals * sizeof(double)), 0);
        cr_assert_eq(memcmp(&b->queues[q].lost_calls, &a->queues[q].lost_calls, sizeof(double)), 0);
    }
    cc_results *rb = test_simulate(b, 12, 7, 0), *ra = test_simulate(a, 12, 7, 2);
    cr_assert_eq(memcmp(rb->rep_queue, ra->rep_queue, 12 * b->n_queues * sizeof *rb->rep_queue), 0);
    cr_assert_eq(memcmp(rb->rep_total, ra->rep_total, 12 * sizeof *rb->rep_total), 0);
    cc_results_destroy(rb);
    cc_results_destroy(ra);
    cc_scenario_destroy(b);
    cc_scenario_destroy(a);

    char cmd[1024], *ob, *oa;
    snprintf(cmd, sizeof cmd, "%s plan %s --json 2>/dev/null", test_ccsim(), pb);
    cr_assert_eq(test_run(cmd, &ob), 0);
    snprintf(cmd, sizeof cmd, "%s plan %s --json 2>/dev/null", test_ccsim(), pa);
    cr_assert_eq(test_run(cmd, &oa), 0);
    cr_assert_str_eq(ob, oa);
    cr_assert_not_null(strstr(ob, "\"channels\": {\"phone\": {\"volume\": "), "%s", ob);
    free(ob);
    free(oa);
    remove(pb);
    remove(pa);
    free(pb);
    free(pa);
    free(tb);
    free(ta);
}

/* Hand computation over one week: phone 100 calls with 50 answered in time, 30,000
 * agent-seconds, an IVR resolving 20% at 0.10 a call; web 40 transactions at 0.15,
 * no agent-time counted even when a planner gave it some. */
Test(channels, figures_by_hand)
{
    cc_scenario *s = load(7, 320, "ivr = { resolved_share = 0.2; cost_per_call = 0.10; };", 80, "", "");
    size_t years;
    cc_channel_input *in = cc_channels_input_create(s, &years);
    cr_assert_eq(years, 1);
    in[0] = (cc_channel_input){ .calls = 100, .agent_s = 30000, .within = 50 };
    in[1] = (cc_channel_input){ .calls = 40, .agent_s = 9999, .within = 0 };
    cc_channel_report r;
    cc_error err = { 0 };
    cr_assert_eq(cc_channels_compute(s, in, &r, &err), CC_OK, "%s", err.msg);
    double per_year = 365.25 / 7;
    const cc_channel_figures *ph = &r.total[CC_CHANNEL_PHONE], *web = &r.total[CC_CHANNEL_SELF_SERVICE];
    cr_assert(r.used[CC_CHANNEL_PHONE] && r.used[CC_CHANNEL_SELF_SERVICE] && !r.used[CC_CHANNEL_EMAIL]);
    cr_assert_float_eq(ph->volume, 125 * per_year, 1e-9);           /* 100 ÷ 0.8 entered the IVR */
    double fte = 30000.0 / 3600 / 1.0 / 0.7 / 35.0;
    cr_assert_float_eq(ph->fte, fte, 1e-12);
    cr_assert_float_eq(ph->staff_cost, fte * 30000, 1e-6);
    cr_assert_float_eq(ph->non_staff_cost, 125 * 0.10 * per_year, 1e-9);
    cr_assert_float_eq(ph->cost_per_contact, (fte * 30000 + 12.5 * per_year) / (125 * per_year), 1e-12);
    cr_assert_float_eq(ph->service_level, 0.5, 1e-12);
    cr_assert_float_eq(web->volume, 40 * per_year, 1e-9);
    cr_assert_eq(web->fte, 0.0);
    cr_assert_float_eq(web->cost, 40 * 0.15 * per_year, 1e-9);
    cr_assert_float_eq(web->cost_per_contact, 0.15, 1e-12);
    cr_assert_eq(web->service_level, 1.0);
    cr_assert_null(r.years);
    cc_channels_report_fini(&r);
    free(in);
    cc_scenario_destroy(s);
}

/* The plan's channel figures follow its cells: FTE from the agent-seconds, and a
 * two-year horizon has per-year figures that add up to the horizon's agent-hours. */
Test(channels, plan_figures_per_year)
{
    cc_scenario *s = load(365 + 7, 320, "", 80, "",
                          "channel_shift = ( { from = \"Phone\"; to = \"Web\"; share = [ 0.0, 0.5 ]; } );\n");
    cc_plan *p;
    cc_plan_options po = { .method = CC_PLAN_ERLANG_C };
    cc_error err = { 0 };
    cr_assert_eq(cc_plan_create(s, &po, &p, &err), CC_OK, "%s", err.msg);
    cc_channel_report r;
    cr_assert_eq(cc_channels_of_plan(p, &r, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(r.n_years, 2);
    const cc_channel_figures *y1 = &r.years[CC_CHANNEL_PHONE], *y2 = &r.years[CC_CHANNELS + CC_CHANNEL_PHONE];
    cr_assert_float_eq(r.total[CC_CHANNEL_PHONE].fte, p->channels[CC_CHANNEL_PHONE].fte, 1e-9);
    cr_assert_float_eq(y1->agent_hours + y2->agent_hours, r.total[CC_CHANNEL_PHONE].agent_hours, 1e-6);
    /* half the volume in year 2, per year: 40 → 20 an hour */
    cr_assert_float_eq(y2->volume / y1->volume, 0.5, 1e-3);
    /* economies of scale: FTE fall by less than half */
    cr_assert_gt(y2->fte / y1->fte, 0.5);
    cr_assert_lt(y2->fte, y1->fte);
    cc_channels_report_fini(&r);
    cc_plan_destroy(p);
    cc_scenario_destroy(s);
}

/* The paired saving of a scenario against itself is exactly 0 with a 0 interval; a
 * shift of 40% saves money on the phone and costs it on the web. */
Test(channels, paired_saving, .timeout = 120)
{
    const char *groups = GROUPS;
    cc_scenario *b = load(7, 320, "", 80, "", groups);
    cc_results *r = test_simulate(b, 10, 3, 0);
    size_t years;
    cc_channel_input *in = cc_channels_input_create(b, &years);
    unsigned *staffing = cc_scenario_staffing(b);
    cc_channels_add_staffing(b, staffing, in);
    cr_assert_float_eq(in[0].agent_s, 8 * 3600.0 * 40, 1e-6);     /* 8 agents, 40 open hours */
    cr_assert_eq(in[1].agent_s, 0.0);
    cc_estimate saving[CC_CHANNELS + 1];
    cc_error err = { 0 };
    cr_assert_eq(cc_compare_channel_saving(r, in, r, in, saving, &err), CC_OK, "%s", err.msg);
    cr_assert_eq(saving[CC_CHANNELS].mean, 0.0);
    cr_assert_eq(saving[CC_CHANNELS].ci95, 0.0);
    cr_assert(isnan(saving[CC_CHANNEL_EMAIL].mean));
    free(staffing);
    free(in);
    cc_results_destroy(r);
    cc_scenario_destroy(b);
}

Test(channels, bad_input_names_file_line_and_field)
{
    char *t;
#define SHIFT(x) "channel_shift = ( { from = \"Phone\"; to = \"Web\"; " x " } );\n"
    t = text_of(7, 320, "", 80, "", SHIFT("share = 1.2;"));
    refused(t, (const char *[]){ ":12: channel_shift[0].share must be", "[0, 1]", "1.2", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "", SHIFT("share = [ 0.1, 0.2 ];"));
    refused(t, (const char *[]){ ":12: channel_shift[0].share must be a list of one share in [0, 1] per year of "
                                 "the horizon: 1", "got a list of 2", NULL });
    free(t);
    t = text_of(3 * 365, 320, "", 80, "", SHIFT("share = [ 0.1, 0.2 ];"));
    refused(t, (const char *[]){ "channel_shift[0].share", "horizon: 3", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "", "channel_shift = ( { from = \"Phone\"; to = \"Web\"; share = 0.7; },\n"
                                   "  { from = \"Phone\"; to = \"Web\"; share = 0.4; } );\n");
    refused(t, (const char *[]){ ":13: channel_shift[1].share", "add up to at most 1", "got 1.1", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "", SHIFT("share = 0.1; failure_share = 1.5;"));
    refused(t, (const char *[]){ "channel_shift[0].failure_share must be", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "", "channel_shift = ( { from = \"Phone\"; to = \"Fax\"; share = 0.1; } );\n");
    refused(t, (const char *[]){ "channel_shift[0].to names no queue", "Phone, Web", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "", "channel_shift = ( { from = \"Phone\"; to = \"Phone\"; share = 0.1; } );\n");
    refused(t, (const char *[]){ "channel_shift[0].to must name another queue", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "", "channel_shift = ( { from = \"Phone\"; to = \"Web\"; share = 0.1; },\n"
                                   "  { from = \"Web\"; to = \"Phone\"; share = 0.1; } );\n");
    refused(t, (const char *[]){ "must not be shifted from itself", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "", SHIFT("share = 0.1; when = 2;"));
    refused(t, (const char *[]){ "unknown field \"channel_shift[0].when\"", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "ivr = { resolved_share = 0.2; };", "");
    refused(t, (const char *[]){ ":9: queues[1].ivr applies to an inbound queue only", NULL });
    free(t);
    t = text_of(7, 320, "ivr = { resolved_share = 1.0; };", 80, "", "");
    refused(t, (const char *[]){ "queues[0].ivr.resolved_share must be", "[0, 1)", NULL });
    free(t);
    t = text_of(7, 320, "failure = { share = 0.2; to = \"Web\"; };", 80, "", "");
    refused(t, (const char *[]){ "queues[0].failure applies to a self-service queue only", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "failure = { share = 0.2; to = \"Web\"; };", "");
    refused(t, (const char *[]){ "queues[1].failure.to must name a queue without a trace that agents serve", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "failure = { share = 0.2; };", "");
    refused(t, (const char *[]){ "queues[1].failure.to is required", NULL });
    free(t);
#undef SHIFT
}

/* A costed scenario must cost every channel that has contacts. */
Test(channels, a_channel_without_a_cost_is_refused)
{
    char *t = text_of(7, 320, "", 80, "", "");
    char *cut = strstr(t, "non_staff_cost_per_contact = 0.15;");
    cr_assert_not_null(cut);
    memset(cut, ' ', strlen("non_staff_cost_per_contact = 0.15;"));
    refused(t, (const char *[]){ ":8: queues[1].non_staff_cost_per_contact is required for self-service queue Web",
                                 "> 0", NULL });
    free(t);
    t = text_of(7, 320, "", 80, "", "");
    cut = strstr(t, "workforce = {");
    cr_assert_not_null(cut);
    *cut = '\0';
    char u[4096];
    snprintf(u, sizeof u, "%schannel_shift = ( { from = \"Phone\"; to = \"Web\"; share = 0.2; } );\n", t);
    refused(u, (const char *[]){ ":6: workforce is required: queue Phone (channel phone)", NULL });
    free(t);
}

/* ccsim compare of a 40% shift: the channels object per side, the paired saving and
 * the economies-of-scale line, in JSON and text. */
Test(channels, compare_reports_saving_and_economies_of_scale, .timeout = 120)
{
    char *tb = text_of(7, 320, "", 80, "", ""),
         *ta = text_of(7, 320, "", 80, "", "channel_shift = ( { from = \"Phone\"; to = \"Web\"; share = 0.4; "
                                           "failure_share = 0.1; } );\n");
    char *pb = test_write_cfg(tb), *pa = test_write_cfg(ta);
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "%s compare %s %s --replications 10 --json 2>/dev/null", test_ccsim(), pb, pa);
    cr_assert_eq(test_run(cmd, &out), 0);
    const char *keys[] = { "\"saving_total\": {\"mean\": ", "\"economies_of_scale\": {\"volume_change\": ",
                           "\"fte_fall_less_than_volume\": true", "\"channels\": {\"phone\": {\"base\": {\"volume\": ",
                           "\"saving\": {\"mean\": ", "\"self-service\": {\"base\": " };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        cr_assert_not_null(strstr(out, keys[k]), "missing %s in %s", keys[k], out);
    const char *e = strstr(out, "\"economies_of_scale\": {\"volume_change\": ");
    double dv = strtod(e + strlen("\"economies_of_scale\": {\"volume_change\": "), NULL);
    double df = strtod(strstr(e, "\"fte_change\": ") + strlen("\"fte_change\": "), NULL);
    cr_assert_float_eq(dv, -0.36, 0.02, "phone volume × (1 − 0.4 × 0.9): %g", dv);
    cr_assert(df < 0 && df > dv, "FTE %g against volume %g", df, dv);
    double saving = strtod(strstr(out, "\"saving_total\": {\"mean\": ") + strlen("\"saving_total\": {\"mean\": "), NULL);
    cr_assert_gt(saving, 0);
    free(out);
    snprintf(cmd, sizeof cmd, "%s compare %s %s --replications 10 2>/dev/null", test_ccsim(), pb, pa);
    cr_assert_eq(test_run(cmd, &out), 0);
    cr_assert_not_null(strstr(out, "economies of scale: contacts to agents -3"), "%s", out);
    cr_assert_not_null(strstr(out, "FTE fall less than in proportion to volume"), "%s", out);
    cr_assert_not_null(strstr(out, "saving, total"), "%s", out);
    free(out);
    remove(pb);
    remove(pa);
    free(pb);
    free(pa);
    free(tb);
    free(ta);
}

/* ccsim simulate --json has channels: the scenario's agents, the simulated contacts. */
Test(channels, simulate_json_has_channels, .timeout = 120)
{
    char *t = text_of(7, 320, "", 80, "", GROUPS);
    char *p = test_write_cfg(t);
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "%s simulate %s --replications 4 --json 2>/dev/null", test_ccsim(), p);
    cr_assert_eq(test_run(cmd, &out), 0);
    const char *ch = strstr(out, "\"channels\": {\"phone\": {\"volume\": ");
    cr_assert_not_null(ch, "%s", out);
    double fte = strtod(strstr(ch, "\"fte\": ") + strlen("\"fte\": "), NULL);
    cr_assert_float_eq(fte, 8 * 40 / 0.7 / 35.0, 1e-6);        /* 8 agents × 40 h ÷ 0.7 ÷ 35 */
    cr_assert_not_null(strstr(ch, "\"self-service\": {\"volume\": "), "%s", out);
    free(out);
    remove(p);
    free(p);
    free(t);
}

/* Economies of scale count the channels agents serve only: the web's growth and its
 * zero FTE leave the phone's −50% volume, −30% FTE. */
Test(channels, economies_of_scale_by_hand)
{
    cc_channel_report b = { .n_years = 1 }, a = { .n_years = 1 };
    b.used[CC_CHANNEL_PHONE] = a.used[CC_CHANNEL_PHONE] = a.used[CC_CHANNEL_SELF_SERVICE] = 1;
    b.total[CC_CHANNEL_PHONE] = (cc_channel_figures){ .volume = 100, .fte = 10 };
    a.total[CC_CHANNEL_PHONE] = (cc_channel_figures){ .volume = 50, .fte = 7 };
    a.total[CC_CHANNEL_SELF_SERVICE] = (cc_channel_figures){ .volume = 60, .fte = 0 };
    cc_channels_scale e = cc_channels_economies_of_scale(&b, &a);
    cr_assert_float_eq(e.volume_change, -0.5, 1e-12);
    cr_assert_float_eq(e.fte_change, -0.3, 1e-12);
    cr_assert(e.fte_fall_less);
    a.total[CC_CHANNEL_PHONE].fte = 5;          /* in proportion: not "less" */
    cr_assert(!cc_channels_economies_of_scale(&b, &a).fte_fall_less);
    a.total[CC_CHANNEL_PHONE].volume = 120;     /* volume rises: nothing to show */
    cr_assert(!cc_channels_economies_of_scale(&b, &a).fte_fall_less);
}

/* ccsim plan --json of a horizon longer than a year: each channel has `years`. */
Test(channels, plan_json_has_years_past_a_year)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "%s plan fuzz/corpus/scenario/channel-shift.cfg --json 2>/dev/null", test_ccsim());
    cr_assert_eq(test_run(cmd, &out), 0);
    const char *ph = strstr(out, "\"channels\": {\"phone\": {\"volume\": ");
    cr_assert_not_null(ph, "%s", out);
    cr_assert_not_null(strstr(ph, "\"years\": [{\"year\": 1, \"volume\": "), "%s", out);
    cr_assert_not_null(strstr(ph, "{\"year\": 2, \"volume\": "), "%s", out);
    cr_assert_null(strstr(ph, "{\"year\": 3,"), "%s", out);
    free(out);
}

/* scenarios/barnet/face-to-face.cfg carries seed 001:200's footfall: c.125,000 visits
 * a year, 45% at Burnt Oak and 55% at Barnet House (a week is 1/52.18 of it), each
 * centre's triage on its own hours and site, and 80 booked appointments replayed. */
Test(channels, barnet_face_to_face_footfall)
{
    cc_scenario *s = test_load("scenarios/barnet/face-to-face.cfg");
    double bo = 0, bh = 0;
    for (size_t i = 0; i < s->n_intervals; i++) {
        bo += s->queues[0].calls[i];
        bh += s->queues[2].calls[i];
    }
    cr_assert_str_eq(s->queues[0].name, "triage-burnt-oak");
    cr_assert_str_eq(s->queues[2].name, "triage-barnet-house");
    cr_assert_float_eq((bo + bh) * 52.18, 125000.0, 125000.0 * 0.01, "%g a year", (bo + bh) * 52.18);
    cr_assert_float_eq(bo / (bo + bh), 0.45, 0.005, "Burnt Oak's share %g", bo / (bo + bh));
    cr_assert_eq(s->queues[4].source, CC_SOURCE_TRACE);
    cr_assert_eq(s->queues[4].trace.n, 80);
    cr_assert_eq(s->queues[0].discipline, CC_DISCIPLINE_FACE_TO_FACE);
    cr_assert_eq(s->queues[0].next_queue, 1);
    cr_assert_neq(s->groups[0].site, s->groups[2].site);
    cc_scenario_destroy(s);
}
