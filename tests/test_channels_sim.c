/* The simulation of issue 10's channels and caller behaviour: self-service queues, the
 * `then` hand-on from triage to a specialist, blended agents, call backs, lines (the
 * busy tone) and redials, chat stretch. Hand-checked traces where the rule is
 * deterministic, exact identities (conservation, common random numbers) and Erlang B
 * where it is random. */
#include "model/erlang.h"
#include "sim/engine.h"
#include "sim/stats.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One day of half-hour intervals, open 09:00-17:00; `queues` and `groups` are the
 * lists' contents. */
#define DAY(queues, groups)                                                                     \
    "name = \"t\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 30;\n"         \
    "  hours = ( { days = \"Mon-Sun\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"         \
    "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"                             \
    "queues = ( " queues " );\n"                                                                \
    "groups = ( " groups " );\n"

#define NINE (18 * 1800.0)

/* The horizon's sum of every queue tally field, for queue q. */
static cc_queue_tally horizon(const cc_scenario *s, const cc_queue_tally *qt, size_t q)
{
    cc_queue_tally sum = { 0 };
    for (size_t i = 0; i < s->n_intervals; i++)
        cc_queue_tally_add(&sum, &qt[q * s->n_intervals + i]);
    return sum;
}

/* A self-service queue: every contact is answered on arrival, within the target,
 * after no wait and no handling, by no agent; the agents' queue beside it is
 * untouched by it (its tallies are those of the scenario without it). */
Test(channels_sim, self_service_answers_every_contact_at_once)
{
    const char *text = DAY(
        "{ name = \"web\"; channel = \"self-service\"; calls_per_interval = 40.0;\n"
        "  handling = { dist = \"deterministic\"; mean_s = 60.0; }; },\n"
        "{ name = \"phone\"; channel = \"phone\"; calls_per_interval = 20.0;\n"
        "  handling = { dist = \"exponential\"; mean_s = 300.0; };\n"
        "  patience = { dist = \"exponential\"; mean_s = 120.0; }; }",
        "{ name = \"g\"; serves = [ \"phone\" ]; agents = 4; }");
    cc_scenario *s = test_load_text(text);
    cr_assert_eq(s->queues[0].discipline, CC_DISCIPLINE_SELF_SERVICE);
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 3, 0, &qt, &gt);
    cc_queue_tally web = horizon(s, qt, 0);
    cr_assert_gt(web.offered, 500);
    cr_assert_eq(web.answered, web.offered);
    cr_assert_eq(web.answered_within, web.offered);
    cr_assert_eq(web.wait_s, 0.0);
    cr_assert_eq(web.handled_s, 0.0);
    cr_assert_eq(web.abandoned + web.backlog, 0.0);
    /* the phone queue alone gives the same tallies, byte for byte */
    cc_scenario *alone = test_load_text(DAY(
        "{ name = \"phone\"; channel = \"phone\"; calls_per_interval = 20.0;\n"
        "  handling = { dist = \"exponential\"; mean_s = 300.0; };\n"
        "  patience = { dist = \"exponential\"; mean_s = 120.0; }; }",
        "{ name = \"g\"; serves = [ \"phone\" ]; agents = 4; }"));
    cc_queue_tally *qa;
    cc_group_tally *ga;
    test_engine_tallies(alone, 3, 0, &qa, &ga);
    cr_assert_eq(memcmp(&qt[s->n_intervals], qa, s->n_intervals * sizeof *qa), 0);
    cr_assert_eq(memcmp(gt, ga, s->n_intervals * sizeof *ga), 0);
    free(qt);
    free(gt);
    free(qa);
    free(ga);
    cc_scenario_destroy(s);
    cc_scenario_destroy(alone);
}

#define TRIAGE(share)                                                                           \
    DAY("{ name = \"triage\"; channel = \"face-to-face\"; calls_per_interval = 8.0;\n"          \
        "  handling = { dist = \"deterministic\"; mean_s = 300.0; };\n"                         \
        "  then = { queue = \"specialist\"; share = " share "; }; },\n"                          \
        "{ name = \"specialist\"; channel = \"face-to-face\"; calls_per_interval = 0.0;\n"      \
        "  handling = { dist = \"deterministic\"; mean_s = 600.0; }; }",                        \
        "{ name = \"triage desk\"; serves = [ \"triage\" ]; agents = 1; },\n"                   \
        "{ name = \"specialists\"; serves = [ \"specialist\" ]; agents = 1; }")

/* Triage then a specialist, by hand. Visitors A at 09:00 and B at 09:01; triage takes
 * 300 s, the specialist 600 s; every visitor goes on (share 1). Triage: A 09:00-09:05,
 * B 09:05-09:10 (waited 240 s). Specialist: A arrives 09:05 and is seen at once until
 * 09:15; B arrives 09:10 and waits until 09:15 (300 s). */
Test(channels_sim, then_hands_triage_on_to_the_specialist)
{
    cc_scenario *s = test_load_text(TRIAGE("1.0"));
    double arrivals[] = { NINE, NINE + 60.0 }, handling[] = { 300.0, 300.0 };
    test_set_trace(s, 0, arrivals, handling, 2);
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 1, 0, &qt, &gt);
    cc_queue_tally triage = horizon(s, qt, 0), spec = horizon(s, qt, 1);
    cr_assert_eq(triage.answered, 2);
    cr_assert_float_eq(triage.wait_s, 240.0, 1e-9);
    cr_assert_eq(spec.offered, 2);
    cr_assert_eq(qt[s->n_intervals + 18].offered, 2, "both arrive at the specialist by 09:30");
    cr_assert_eq(spec.answered, 2);
    cr_assert_float_eq(spec.wait_s, 300.0, 1e-9);
    cr_assert_float_eq(spec.handled_s, 1200.0, 1e-9);
    cr_assert_eq(spec.redials, 0, "a hand-on is not a redial");
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}

/* With share 0.6, the specialist is offered 0.6 of the visitors triaged (a binomial
 * count, checked within 3.29 standard errors), and the triage queue's own tallies do
 * not depend on the hand-on at all. */
Test(channels_sim, then_share_sends_that_share_on)
{
    cc_scenario *s = test_load_text(TRIAGE("0.6"));
    cc_scenario *none = test_load_text(TRIAGE("0.6"));
    none->queues[0].next_share = 0.0;
    double triaged = 0, on = 0;
    for (uint64_t rep = 0; rep < 40; rep++) {
        cc_queue_tally *qt, *qn;
        cc_group_tally *gt, *gn;
        test_engine_tallies(s, 11, rep, &qt, &gt);
        test_engine_tallies(none, 11, rep, &qn, &gn);
        cc_queue_tally triage = horizon(s, qt, 0);
        cr_assert_eq(memcmp(qt, qn, s->n_intervals * sizeof *qt), 0, "triage tallies unchanged");
        triaged += triage.answered;
        on += horizon(s, qt, 1).offered;
        cr_assert_eq(horizon(none, qn, 1).offered, 0);
        free(qt);
        free(gt);
        free(qn);
        free(gn);
    }
    double se = sqrt(triaged * 0.6 * 0.4);
    cr_assert_gt(triaged, 4000);
    cr_assert_leq(fabs(on - 0.6 * triaged), 3.29 * se, "%g of %g went on", on, triaged);
    cc_scenario_destroy(s);
    cc_scenario_destroy(none);
}

/* Blending by hand: one agent serves phone and email, email with the HIGHER priority.
 * Two emails wait from the night; the agent starts one at 09:00 (until 09:10). A
 * call arrives at 09:05. At 09:10 the agent must take the call (it waited 300 s), not
 * the second email, whatever the priorities; the email follows at 09:20. A priority
 * rule alone would have made the caller wait 900 s. */
Test(channels_sim, blended_agents_take_no_email_while_a_call_waits)
{
    cc_scenario *s = test_load_text(DAY(
        "{ name = \"phone\"; channel = \"phone\"; calls_per_interval = 0.0;\n"
        "  handling = { dist = \"deterministic\"; mean_s = 600.0; }; },\n"
        "{ name = \"email\"; channel = \"email\"; calls_per_interval = 0.0; priority = 5;\n"
        "  handling = { dist = \"deterministic\"; mean_s = 600.0; }; }",
        "{ name = \"blended\"; serves = [ \"email\", \"phone\" ]; agents = 1; }"));
    cr_assert_eq(s->queues[1].discipline, CC_DISCIPLINE_DEFERRED);
    double call[] = { NINE + 300.0 }, call_h[] = { 600.0 };
    double mail[] = { 3600.0, 7200.0 }, mail_h[] = { 600.0, 600.0 };
    test_set_trace(s, 0, call, call_h, 1);
    test_set_trace(s, 1, mail, mail_h, 2);
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 1, 0, &qt, &gt);
    cc_queue_tally phone = horizon(s, qt, 0), email = horizon(s, qt, 1);
    cr_assert_eq(phone.answered, 1);
    cr_assert_float_eq(phone.wait_s, 300.0, 1e-9, "the call waited %g s", phone.wait_s);
    cr_assert_eq(email.answered, 2);
    /* 01:00 -> 09:00 and 02:00 -> 09:20 */
    cr_assert_float_eq(email.wait_s, 8 * 3600.0 + 7 * 3600.0 + 1200.0, 1e-9);
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}

/* Blending with random traffic and equal priorities: a group serves calls (5
 * Erlangs) and email (3.3 Erlangs, 360 of it waiting from the night at 09:00) with 7
 * agents. The longest-waiting rule alone would put every caller behind the night's
 * email for hours; with blending a caller waits only for the next agent to finish
 * (email included), under a handling time on average, while the email is still worked
 * in the gaps. */
Test(channels_sim, blended_callers_go_before_the_email_backlog)
{
    cc_scenario *s = test_load_text(DAY(
        "{ name = \"phone\"; channel = \"phone\"; calls_per_interval = 30.0;\n"
        "  handling = { dist = \"exponential\"; mean_s = 300.0; }; },\n"
        "{ name = \"email\"; channel = \"email\"; calls_per_interval = 20.0;\n"
        "  handling = { dist = \"exponential\"; mean_s = 300.0; }; }",
        "{ name = \"g\"; serves = [ \"phone\", \"email\" ]; agents = 7; }"));
    double wait = 0, answered = 0, emails = 0;
    for (uint64_t rep = 0; rep < 20; rep++) {
        cc_queue_tally *qt;
        cc_group_tally *gt;
        test_engine_tallies(s, 4, rep, &qt, &gt);
        wait += horizon(s, qt, 0).wait_s;
        answered += horizon(s, qt, 0).answered;
        emails += horizon(s, qt, 1).answered;
        free(qt);
        free(gt);
    }
    cr_assert_gt(emails / 20, 150, "the group works email when idle (%g a day)", emails / 20);
    cr_assert_lt(wait / answered, 300.0, "ASA %g s", wait / answered);
    cc_scenario_destroy(s);
}

/* Call backs by hand: one agent, 600 s a contact, callers offered a call back after
 * 60 s and all taking it (share 1), target 600 s. A at 09:00 is answered at once; B
 * at 09:01 asks at 09:02 and C at 09:05 asks at 09:06. The agent, free at 09:10 with
 * no caller waiting, calls B back (480 s after the request: within) until 09:20, then
 * C (840 s: not within). */
Test(channels_sim, callbacks_by_hand)
{
    cc_scenario *s = test_load_text(DAY(
        "{ name = \"phone\"; channel = \"phone\"; calls_per_interval = 0.0;\n"
        "  handling = { dist = \"deterministic\"; mean_s = 600.0; };\n"
        "  callback = { after_s = 60.0; share = 1.0; within_s = 600.0; }; }",
        "{ name = \"g\"; serves = [ \"phone\" ]; agents = 1; }"));
    double arrivals[] = { NINE, NINE + 60.0, NINE + 300.0 }, handling[] = { 600.0, 600.0, 600.0 };
    test_set_trace(s, 0, arrivals, handling, 3);
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 1, 0, &qt, &gt);
    cc_queue_tally t = horizon(s, qt, 0);
    cr_assert_eq(t.offered, 3);
    cr_assert_eq(t.answered, 1);
    cr_assert_eq(t.abandoned, 0);
    cr_assert_eq(t.called_back, 2);
    cr_assert_eq(t.callbacks_made, 2);
    cr_assert_eq(t.callback_within, 1);
    cr_assert_float_eq(gt[18].busy_s, 1800.0, 1e-9, "the answer and both call backs");
    cr_assert_float_eq(t.handled_s, 600.0, 1e-9, "handling of answered calls only");
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}

/* Conservation with everything at once (lines, redials, call backs, abandonment,
 * overload), per replication and interval-summed: offered = answered + abandoned +
 * blocked + deflected + called_back (no caller is left waiting when the run ends:
 * the last ones abandon); redials are part of offered; call backs made <= called
 * back, within <= made. */
Test(channels_sim, callbacks_conserve_contacts)
{
    cc_scenario *s = test_load_text(DAY(
        "{ name = \"phone\"; channel = \"phone\"; calls_per_interval = 60.0; lines = 14;\n"
        "  handling = { dist = \"lognormal\"; mean_s = 300.0; cv = 0.8; };\n"
        "  patience = { dist = \"exponential\"; mean_s = 240.0; };\n"
        "  redial = { share = 0.5; delay = { dist = \"exponential\"; mean_s = 300.0; }; };\n"
        "  callback = { after_s = 90.0; share = 0.5; within_s = 1800.0; }; }",
        "{ name = \"g\"; serves = [ \"phone\" ]; agents = 8; }"));
    double made = 0;
    for (uint64_t rep = 0; rep < 10; rep++) {
        cc_queue_tally *qt;
        cc_group_tally *gt;
        test_engine_tallies(s, 21, rep, &qt, &gt);
        cc_queue_tally t = horizon(s, qt, 0);
        cr_assert_eq(t.offered, t.answered + t.abandoned + t.blocked + t.deflected + t.called_back,
                     "replication %lu: offered %g != %g + %g + %g + %g + %g", (unsigned long)rep,
                     t.offered, t.answered, t.abandoned, t.blocked, t.deflected, t.called_back);
        cr_assert_gt(t.blocked, 0);
        cr_assert_gt(t.called_back, 0);
        cr_assert_gt(t.redials, 0);
        cr_assert_gt(t.abandoned, 0);
        cr_assert_leq(t.callbacks_made, t.called_back);
        cr_assert_leq(t.callback_within, t.callbacks_made);
        made += t.callbacks_made;
        free(qt);
        free(gt);
    }
    cr_assert_gt(made, 0, "agents make call backs when no caller waits");
    cc_scenario_destroy(s);
}

/* Lines = agents and callers who never abandon: nobody waits, and an arrival that
 * finds every agent busy hears the busy tone: Erlang's loss system, whose blocking
 * is Erlang B (model/erlang.h). 10 agents, 8 Erlangs (96 calls an hour, 300 s each,
 * exponential), the whole day open; arrivals after the first hour (the system
 * starts empty) over 100 replications: within 3.29 standard errors of B(10, 8). */
Test(channels_sim, lines_equal_to_agents_give_erlang_b, .timeout = 120)
{
    cc_scenario *s = test_load_text(
        "name = \"b\"; calendar = { start = \"2026-01-05\"; days = 1; interval_min = 60;\n"
        "  hours = ( { days = \"Mon-Sun\"; open = \"00:00\"; close = \"24:00\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 96.0; lines = 10;\n"
        "  handling = { dist = \"exponential\"; mean_s = 300.0; }; } );\n"
        "groups = ( { name = \"g\"; serves = [ \"q\" ]; agents = 10; } );\n");
    enum { REPS = 100 };
    cc_ratio r = { 0 };
    for (uint64_t rep = 0; rep < REPS; rep++) {
        cc_queue_tally *qt;
        cc_group_tally *gt;
        test_engine_tallies(s, 8, rep, &qt, &gt);
        double blocked = 0, offered = 0;
        for (size_t i = 1; i < s->n_intervals; i++) {
            blocked += qt[i].blocked;
            offered += qt[i].offered;
            cr_assert_eq(qt[i].wait_s, 0.0, "no one waits when lines = agents");
            cr_assert_eq(qt[i].offered, qt[i].answered + qt[i].blocked);
        }
        r.sx += blocked;
        r.sy += offered;
        r.sxx += blocked * blocked;
        r.syy += offered * offered;
        r.sxy += blocked * offered;
        free(qt);
        free(gt);
    }
    double b;
    cc_error err;
    cr_assert_eq(cc_erlang_b(8.0, 10, &b, &err), 0);
    test_assert_agrees("blocking", cc_ratio_estimate(&r, REPS, cc_t95(REPS)), b);
    cc_scenario_destroy(s);
}

/* Redials: the fresh arrivals are the same with and without them (common random
 * numbers), so offered with redials = offered without + redials, exactly, per
 * replication; callers who abandon or are blocked come back (redials > 0); and every
 * contact offered, redial or not, is answered, abandoned or blocked. */
Test(channels_sim, redials_raise_offered_by_exactly_the_redials)
{
    const char *with =
        DAY("{ name = \"q\"; channel = \"phone\"; calls_per_interval = 50.0; lines = 10;\n"
            "  handling = { dist = \"exponential\"; mean_s = 300.0; };\n"
            "  patience = { dist = \"exponential\"; mean_s = 200.0; };\n"
            "  redial = { share = 0.4;\n"
            "             delay = { dist = \"gamma\"; mean_s = 600.0; cv = 0.5; }; }; }",
            "{ name = \"g\"; serves = [ \"q\" ]; agents = 7; }");
    cc_scenario *s = test_load_text(with);
    cc_scenario *plain = test_load_text(with);
    plain->queues[0].redial_share = 0.0;
    for (uint64_t rep = 0; rep < 5; rep++) {
        cc_queue_tally *qt, *qp;
        cc_group_tally *gt, *gp;
        test_engine_tallies(s, 6, rep, &qt, &gt);
        test_engine_tallies(plain, 6, rep, &qp, &gp);
        cc_queue_tally t = horizon(s, qt, 0), p = horizon(plain, qp, 0);
        cr_assert_gt(t.redials, 0.1 * (p.abandoned + p.blocked));
        cr_assert_eq(p.redials, 0);
        cr_assert_eq(t.offered, p.offered + t.redials);
        cr_assert_eq(t.offered, t.answered + t.abandoned + t.blocked);
        free(qt);
        free(gt);
        free(qp);
        free(gp);
    }
    cc_scenario_destroy(s);
    cc_scenario_destroy(plain);
}

/* Chat stretch by hand: three chats at 09:00:00-09:00:02, 600 s each, one agent of
 * concurrency 3, stretch 0.25: the first starts alone (600 s), the second beside one
 * (750 s), the third beside two (900 s): AHT 750 s = 600 x (1 + 0.25 x 1), busy
 * (600 + 750 + 900) / 3 agent-seconds. */
Test(channels_sim, chat_stretch_lengthens_handling_by_the_chats_held)
{
    cc_scenario *s = test_load_text(DAY(
        "{ name = \"chat\"; channel = \"chat\"; calls_per_interval = 0.0; chat_stretch = 0.25;\n"
        "  handling = { dist = \"deterministic\"; mean_s = 600.0; }; }",
        "{ name = \"g\"; serves = [ \"chat\" ]; agents = 1; concurrency = 3; }"));
    double arrivals[] = { NINE, NINE + 1.0, NINE + 2.0 }, handling[] = { 600.0, 600.0, 600.0 };
    test_set_trace(s, 0, arrivals, handling, 3);
    cc_queue_tally *qt;
    cc_group_tally *gt;
    test_engine_tallies(s, 1, 0, &qt, &gt);
    cr_assert_eq(qt[18].answered, 3);
    cr_assert_float_eq(qt[18].handled_s / qt[18].answered, 750.0, 1e-9);
    cr_assert_float_eq(gt[18].busy_s, 2250.0 / 3.0, 1e-9);
    free(qt);
    free(gt);
    s->queues[0].chat_stretch = 0.0;
    test_engine_tallies(s, 1, 0, &qt, &gt);
    cr_assert_float_eq(qt[18].handled_s, 1800.0, 1e-9);
    free(qt);
    free(gt);
    cc_scenario_destroy(s);
}

/* Chat at concurrency 1 is the phone model, byte for byte on the tallies with the
 * same seed, with and without a stretch (an agent holding one chat holds no other). */
Test(channels_sim, chat_at_concurrency_one_is_phone_whatever_the_stretch)
{
#define CHAT_OR_PHONE(channel, group)                                                       \
    DAY("{ name = \"q\"; channel = " channel "; calls_per_interval = 40.0;\n"                 \
        "  handling = { dist = \"lognormal\"; mean_s = 300.0; cv = 1.0; };\n"                 \
        "  patience = { dist = \"exponential\"; mean_s = 150.0; }; }",                         \
        "{ name = \"g\"; serves = [ \"q\" ]; agents = 7; " group " }")
    cc_scenario *phone = test_load_text(CHAT_OR_PHONE("\"phone\"", ""));
    cc_scenario *chat =
        test_load_text(CHAT_OR_PHONE("\"chat\"; chat_stretch = 0.5", "concurrency = 1;"));
    cr_assert_eq(chat->queues[0].discipline, CC_DISCIPLINE_CHAT);
    for (uint64_t rep = 0; rep < 5; rep++) {
        cc_queue_tally *qa, *qb;
        cc_group_tally *ga, *gb;
        test_engine_tallies(phone, 13, rep, &qa, &ga);
        test_engine_tallies(chat, 13, rep, &qb, &gb);
        cr_assert_eq(memcmp(qa, qb, phone->n_intervals * sizeof *qa), 0);
        cr_assert_eq(memcmp(ga, gb, phone->n_intervals * sizeof *ga), 0);
        free(qa);
        free(qb);
        free(ga);
        free(gb);
    }
    cc_scenario_destroy(phone);
    cc_scenario_destroy(chat);
}

/* Every example of the behaviours loads and simulates to the same estimates, bit for
 * bit, on 1 and 2 threads (redials, watches and call backs are per replication). */
Test(channels_sim, examples_are_thread_invariant, .timeout = 120)
{
    static const char *const files[] = {
        "scenarios/examples/self-service-ivr.cfg", "scenarios/examples/f2f-triage.cfg",
        "scenarios/examples/blended-email.cfg",    "scenarios/examples/callbacks.cfg",
        "scenarios/examples/lines-redials.cfg",    "scenarios/examples/chat-stretch.cfg",
    };
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        cc_scenario *s = test_load(files[f]);
        cc_results *one = test_simulate(s, 6, 17, 1), *two = test_simulate(s, 6, 17, 2);
        for (size_t q = 0; q < s->n_queues; q++)
            for (size_t i = 0; i < s->n_intervals; i++)
                cr_assert_eq(memcmp(cc_results_queue_interval(one, q, i),
                                    cc_results_queue_interval(two, q, i),
                                    CC_QUEUE_METRICS * sizeof(cc_estimate)), 0,
                             "%s: queue %zu interval %zu", files[f], q, i);
        cc_results_destroy(one);
        cc_results_destroy(two);
        cc_scenario_destroy(s);
    }
}
