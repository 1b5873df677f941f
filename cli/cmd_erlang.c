/* cmd_erlang.c — `ccsim erlang`: the exact Erlang C / Erlang A / Erlang X measures
 * of one queue in one interval, for a given number of agents or the fewest agents
 * that meet a service-level target. Flags, JSON keys and exit codes: docs/erlang.md. */
#include "cli/args.h"
#include "cli/commands.h"
#include "io/json.h"
#include "model/erlang.h"
#include "model/workforce.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: ccsim erlang --calls N --aht S [--interval MIN] (--agents N | --target SL)\n"
    "                    [--within S] [--patience S] [--shrinkage F] [--json]\n"
    "                    [--lines N] [--redial-share F [--redial-delay S]]\n"
    "\n"
    "Exact stationary Erlang C (M/M/N) or, with --patience, Erlang A (M/M/N+M)\n"
    "measures of one queue in one interval; with --lines or --redial-share,\n"
    "Erlang X (M/M/N/L+M with redials fed back into the load).\n"
    "\n"
    "  --calls N       calls offered per interval (>= 0; decimals allowed)\n"
    "  --aht S         average handling time in seconds (> 0)\n"
    "  --interval MIN  interval length in minutes (> 0; default 30)\n"
    "  --agents N      agents on the phones (whole number >= 1)\n"
    "  --target SL     find the fewest agents answering this share of offered calls\n"
    "                  within --within seconds: 0.8 or 80 (values > 1 are percentages)\n"
    "  --within S      service-level threshold in seconds (>= 0; default 20)\n"
    "  --patience S    average caller patience in seconds (> 0): selects Erlang A\n"
    "  --shrinkage F   shrinkage in [0, 1): also report fte = agents / (1 - F)\n"
    "  --lines N       trunk lines (whole number >= 1): calls in service plus waiting\n"
    "                  at most N, the rest hear the busy tone; selects Erlang X\n"
    "  --redial-share F  share in [0, 1] of blocked and abandoned callers who call\n"
    "                  again; selects Erlang X (the redials are part of the load)\n"
    "  --redial-delay S  mean delay to a redial in seconds (> 0): only the redials\n"
    "                  landing within this interval load it (default: all do)\n"
    "  --json          print one JSON object on stdout\n"
    "\n"
    "Exit status: 0 success, 1 bad input (one line on stderr), 2 internal error.\n";

typedef struct options {
    double calls, interval_min, aht, within, patience, shrinkage, target;
    double redial_share, redial_delay;
    long long agents, lines;
    int have_calls, have_aht, have_agents, have_target, have_patience, have_shrinkage;
    int erlang_x, have_redial_delay;
    int json;
} options;

static int fail(const cc_error *err)
{
    fprintf(stderr, "ccsim erlang: %s\n", err->msg);
    return err->status ? err->status : CC_EINPUT;
}

/* The value after flag argv[*i] (advancing *i); if there is none, an error that
 * also states what the value should be. */
static int flag_value(int argc, char **argv, int *i, const char *what, const char **v,
                      cc_error *err)
{
    const char *flag = argv[*i];
    if (cc_args_value(argc, argv, i, v, err))
        return cc_error_set(err, CC_EINPUT, "%s needs a value: %s", flag, what);
    return CC_OK;
}

/* A flag's value as a double in the given range. */
static int flag_double(int argc, char **argv, int *i, const char *what, double lo, int lo_open,
                       double hi, int hi_open, double *out, cc_error *err)
{
    const char *flag = argv[*i], *v;
    int rc = flag_value(argc, argv, i, what, &v, err);
    return rc ? rc : cc_args_double(flag, v, lo, lo_open, hi, hi_open, out, err);
}

static int parse(int argc, char **argv, options *o, cc_error *err)
{
    int rc = CC_OK;
    for (int i = 1; i < argc && rc == CC_OK; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "--calls")) {
            rc = flag_double(argc, argv, &i, "a number >= 0", 0, 0, INFINITY, 1, &o->calls, err);
            o->have_calls = 1;
        } else if (!strcmp(f, "--aht")) {
            rc = flag_double(argc, argv, &i, "a number of seconds > 0", 0, 1, INFINITY, 1, &o->aht, err);
            o->have_aht = 1;
        } else if (!strcmp(f, "--interval")) {
            rc = flag_double(argc, argv, &i, "a number of minutes > 0", 0, 1, INFINITY, 1, &o->interval_min, err);
        } else if (!strcmp(f, "--within")) {
            rc = flag_double(argc, argv, &i, "a number of seconds >= 0", 0, 0, INFINITY, 1, &o->within, err);
        } else if (!strcmp(f, "--patience")) {
            rc = flag_double(argc, argv, &i, "a number of seconds > 0", 0, 1, INFINITY, 1, &o->patience, err);
            o->have_patience = 1;
        } else if (!strcmp(f, "--shrinkage")) {
            rc = flag_double(argc, argv, &i, "a fraction in [0, 1)", 0, 0, 1, 1, &o->shrinkage, err);
            o->have_shrinkage = 1;
        } else if (!strcmp(f, "--agents")) {
            const char *v;
            if (!(rc = flag_value(argc, argv, &i, "a whole number in [1, 10000000]", &v, err)))
                rc = cc_args_long("--agents", v, 1, CC_ERLANG_MAX_AGENTS, &o->agents, err);
            o->have_agents = 1;
        } else if (!strcmp(f, "--target")) {
            const char *v;
            double t = 0;
            if (!(rc = flag_value(argc, argv, &i, "in (0, 1) or a percentage in (1, 100)", &v,
                                  err)) &&
                (cc_args_double("--target", v, 0, 1, 100, 1, &t, err) || t == 1))
                rc = cc_error_set(err, CC_EINPUT,
                                  "--target must be a service level in (0, 1) or a percentage "
                                  "in (1, 100) (got %s)", v);
            o->target = t > 1 ? t / 100 : t;
            o->have_target = 1;
        } else if (!strcmp(f, "--lines")) {
            const char *v;
            if (!(rc = flag_value(argc, argv, &i, "a whole number in [1, 10000000]", &v, err)))
                rc = cc_args_long("--lines", v, 1, CC_ERLANG_MAX_AGENTS, &o->lines, err);
            o->erlang_x = 1;
        } else if (!strcmp(f, "--redial-share")) {
            rc = flag_double(argc, argv, &i, "a fraction in [0, 1]", 0, 0, 1, 0, &o->redial_share, err);
            o->erlang_x = 1;
        } else if (!strcmp(f, "--redial-delay")) {
            rc = flag_double(argc, argv, &i, "a number of seconds > 0", 0, 1, INFINITY, 1, &o->redial_delay, err);
            o->have_redial_delay = 1;
        } else if (!strcmp(f, "--json")) {
            o->json = 1;
        } else {
            rc = cc_error_set(err, CC_EINPUT,
                              "unknown option '%s' (accepted: --calls --aht --interval --agents "
                              "--target --within --patience --shrinkage --lines --redial-share --redial-delay "
                              "--json --help)", f);
        }
    }
    if (rc)
        return rc;
    if (!o->have_calls)
        return cc_error_set(err, CC_EINPUT, "--calls is required (calls offered per interval, >= 0)");
    if (!o->have_aht)
        return cc_error_set(err, CC_EINPUT, "--aht is required (average handling time in s, > 0)");
    if (o->have_agents == o->have_target)
        return cc_error_set(err, CC_EINPUT, "give exactly one of --agents N (>= 1) and --target SL "
                                            "(in (0, 1) or a percentage in (1, 100))");
    double load = o->calls * o->aht / (o->interval_min * 60);
    if (!(load < (double)CC_ERLANG_MAX_AGENTS))
        return cc_error_set(err, CC_EINPUT, "--calls and --aht give a load of %g Erlang; it must "
                                            "be < %ld", load, CC_ERLANG_MAX_AGENTS);
    if (o->have_redial_delay && !(o->redial_share > 0))
        return cc_error_set(err, CC_EINPUT, "--redial-delay needs --redial-share F with F in (0, 1]");
    if (o->have_agents && !o->have_patience && !o->lines && !((double)o->agents > load))
        return cc_error_set(err, CC_EINPUT, "--agents must be > the load of %g Erlang for Erlang C "
                                            "(got %lld); add --patience for Erlang A", load, o->agents);
    return CC_OK;
}

/* The model's name in JSON: "erlang-c", "erlang-a" or "erlang-x". */
static const char *model_name(const options *o)
{
    return o->erlang_x ? "erlang-x" : o->have_patience ? "erlang-a" : "erlang-c";
}

/* x: the Erlang X figures (NULL for Erlang C and A). */
static void print_text(const options *o, const cc_erlang_result *r, const cc_erlang_x_result *x,
                       double fte)
{
    printf("%s, %g calls per %g min, AHT %g s%s", o->erlang_x ? "Erlang X (M/M/N/L+M, redials)"
                                                  : o->have_patience ? "Erlang A (M/M/N+M)"
                                                                     : "Erlang C (M/M/N)",
           o->calls, o->interval_min, o->aht, o->have_patience ? "" : "\n");
    if (o->have_patience)
        printf(", patience %g s\n", o->patience);
    if (x) {
        if (o->lines)
            printf("  lines                         %lld\n", o->lines);
        printf("  redial share                  %.4g", o->redial_share);
        if (o->have_redial_delay)
            printf("  (mean delay %g s: %.4f%% land in this interval)", o->redial_delay,
                   100 * cc_erlang_redial_return(o->interval_min * 60, o->redial_delay));
        printf("\n  offered incl. redials         %.4f calls (%.4f redials; %.4f land later)\n",
               x->offered_calls, x->redials, x->redials_later);
    }
    printf("  load                          %.4f Erlang\n", r->load_erlangs);
    if (o->have_target)
        printf("  agents                        %ld  (fewest with service level >= %.4g%%)\n",
               r->agents, 100 * o->target);
    else
        printf("  agents                        %ld\n", r->agents);
    printf("  P(wait)                       %.6f\n", r->p_wait);
    printf("  service level                 %.4f%%  answered within %g s / offered\n",
           100 * r->service_level, o->within);
    printf("  service level of answered     %.4f%%  answered within %g s / answered\n",
           100 * r->service_level_answered, o->within);
    if (o->have_patience)
        printf("  service level excl. short     %.4f%%  answered within %g s / (offered - "
               "abandoned within %g s)\n", 100 * r->service_level_excl_short, o->within, o->within);
    printf("  ASA                           %.4f s  mean wait of answered calls\n", r->asa_s);
    printf("  occupancy                     %.4f%%\n", 100 * r->occupancy);
    if (o->have_patience)
        printf("  P(abandon)                    %.6f\n", r->p_abandon);
    if (x)
        printf("  P(blocked)                    %.6f  busy tone, all lines in use\n", x->p_blocked);
    if (o->have_shrinkage)
        printf("  FTE                           %.4f  at %.4g%% shrinkage\n", fte, 100 * o->shrinkage);
}

static void print_json(const options *o, const cc_erlang_result *r, const cc_erlang_x_result *x,
                       double fte)
{
    cc_json j;
    cc_json_init(&j, stdout);
    cc_json_open(&j, NULL);
    cc_json_str(&j, "model", model_name(o));
    cc_json_num(&j, "calls", o->calls);
    cc_json_num(&j, "interval_s", o->interval_min * 60);
    cc_json_num(&j, "aht_s", o->aht);
    cc_json_num(&j, "within_s", o->within);
    if (o->have_patience)
        cc_json_num(&j, "patience_s", o->patience);
    if (o->have_target)
        cc_json_num(&j, "target", o->target);
    cc_json_num(&j, "load_erlangs", r->load_erlangs);
    cc_json_int(&j, "agents", r->agents);
    cc_json_num(&j, "p_wait", r->p_wait);
    cc_json_num(&j, "service_level", r->service_level);
    cc_json_num(&j, "service_level_answered", r->service_level_answered);
    if (o->have_patience)
        cc_json_num(&j, "service_level_excl_short", r->service_level_excl_short);
    cc_json_num(&j, "asa_s", r->asa_s);
    cc_json_num(&j, "occupancy", r->occupancy);
    if (o->have_patience)
        cc_json_num(&j, "p_abandon", r->p_abandon);
    if (x) {
        if (o->lines)
            cc_json_int(&j, "lines", (long)o->lines);
        cc_json_num(&j, "redial_share", o->redial_share);
        if (o->have_redial_delay)
            cc_json_num(&j, "redial_delay_s", o->redial_delay);
        cc_json_num(&j, "offered_calls", x->offered_calls);
        cc_json_num(&j, "redials", x->redials);
        cc_json_num(&j, "redials_later", x->redials_later);
        cc_json_num(&j, "p_blocked", x->p_blocked);
    }
    if (o->have_shrinkage) {
        cc_json_num(&j, "shrinkage", o->shrinkage);
        cc_json_num(&j, "fte", fte);
    }
    cc_json_close(&j);
    cc_json_finish(&j);
}

int cc_cmd_erlang(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return 0;
        }
    options o = { .interval_min = 30, .within = 20 };
    cc_error err = { 0 };
    if (parse(argc, argv, &o, &err))
        return fail(&err);

    double interval_s = o.interval_min * 60;
    cc_erlang_result r;
    cc_erlang_x_result xr;
    int rc;
    if (o.have_agents && o.lines && o.agents > o.lines)
        fprintf(stderr, "ccsim erlang: note: %lld agents but %lld lines: at most %lld calls are in "
                        "service at once, so %lld agents stay idle\n", o.agents, o.lines, o.lines,
                o.agents - o.lines);
    if (o.erlang_x) {
        cc_erlang_x_queue q = { .calls = o.calls, .interval_s = interval_s, .aht_s = o.aht,
                                .patience_s = o.have_patience ? o.patience : 0, .lines = (long)o.lines,
                                .redial_share = o.redial_share, .within_s = o.within,
                                .redial_return = cc_erlang_redial_return(interval_s, o.redial_delay) };
        cc_erlang_targets t = { .service_level = o.target };
        rc = o.have_target ? cc_erlang_x_staff(&q, &t, &xr, &err)
                           : cc_erlang_x(&q, (long)o.agents, &xr, &err);
        r = xr.m;
    } else if (o.have_target) {
        cc_erlang_targets t = { .service_level = o.target };
        rc = o.have_patience
                 ? cc_erlang_a_staff(o.calls, interval_s, o.aht, o.patience, o.within, &t, &r, &err)
                 : cc_erlang_c_staff(o.calls, interval_s, o.aht, o.within, &t, &r, &err);
    } else {
        rc = o.have_patience
                 ? cc_erlang_a(o.calls, interval_s, o.aht, o.patience, (long)o.agents, o.within, &r, &err)
                 : cc_erlang_c(o.calls, interval_s, o.aht, (long)o.agents, o.within, &r, &err);
    }
    if (rc)
        return fail(&err);

    double fte = NAN;
    if (o.have_shrinkage && cc_workforce_fte((double)r.agents, o.shrinkage, &fte, &err))
        return fail(&err);

    const cc_erlang_x_result *x = o.erlang_x ? &xr : NULL;
    if (o.json)
        print_json(&o, &r, x, fte);
    else
        print_text(&o, &r, x, fte);
    return cc_cli_stdout_done(&err) ? fail(&err) : CC_OK;
}
