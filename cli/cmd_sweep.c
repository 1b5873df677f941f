/* ccsim sweep — several scenarios, or a grid of handling time × service-level
 * target, simulated case by case (each case shared out over the MPI ranks in an
 * MPI build): one row per scenario, handling-time factor and target. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/signals.h"
#include "io/json.h"
#include "model/run_limits.h"
#include "sim/mpi_runner.h"
#include "sim/runner.h"
#include "sim/sweep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: ccsim sweep SCENARIO.cfg [SCENARIO.cfg ...] [--handling F,F,...] [--target SL,SL,...]\n"
    "                   [--replications N] [--seed S] [--threads T] [--json] [--progress]\n"
    "\n"
    "Simulates every scenario with every queue's mean handling time times each factor\n"
    "(default 1), all with the same replications and seed (default: the first scenario's\n"
    "simulation section), and judges each run against each service-level target (default:\n"
    "each scenario's own): one row per scenario, factor and target. Built with MPI=1 and\n"
    "run under mpirun, each run's replications are shared out over the ranks.\n"
    "  --handling F,...  handling-time factors in (0, 10], e.g. 0.9,1,1.1 (at most 16)\n"
    "  --target SL,...   service-level targets in (0, 1) or percentages (at most 16)\n"
    "  --json            print one JSON object on stdout\n";

enum { MAX_LIST = 16, MAX_SCENARIOS = 64 };

/* A comma-separated list of numbers in (0, hi] (targets: a percentage above 1 is
 * divided by 100 and must stay below 1). */
static int parse_list(const char *flag, const char *value, double hi, int target, double *out, size_t *n,
                      cc_error *err)
{
    char buf[512];
    if (snprintf(buf, sizeof buf, "%s", value) >= (int)sizeof buf)
        return cc_error_set(err, CC_EINPUT, "%s: the list is too long (at most %d values)", flag, MAX_LIST);
    *n = 0;
    /* strtok would skip an empty item ("1,,2"): each comma must separate two values. */
    size_t len = strlen(buf);
    if (len == 0 || buf[0] == ',' || buf[len - 1] == ',' || strstr(buf, ",,"))
        return cc_error_set(err, CC_EINPUT, "%s: an empty item in the list (got '%s'; give values "
                            "separated by commas)", flag, value);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        double v;
        if (*n == MAX_LIST)
            return cc_error_set(err, CC_EINPUT, "%s takes at most %d values (got more in '%s')", flag,
                                MAX_LIST, value);
        if (cc_args_double(flag, tok, 0, 1, hi, target, &v, err) != CC_OK || (target && v == 1))
            return cc_error_set(err, CC_EINPUT, "%s values must be %s (got '%s')", flag,
                                target ? "service levels in (0, 1) or percentages in (1, 100)"
                                       : "factors in (0, 10]", tok);
        out[(*n)++] = target && v > 1 ? v / 100 : v;
    }
    if (*n == 0)
        return cc_error_set(err, CC_EINPUT, "%s needs at least one value (got '%s')", flag, value);
    return CC_OK;
}

/* What a case's rows report: the horizon's estimates, and the risk against each target. */
typedef struct sweep_case {
    const char *path, *name;
    double factor;
    cc_estimate service_level, abandon_rate, asa, occupancy;
    size_t nt;
    double target[MAX_LIST], p_day[MAX_LIST], p_horizon[MAX_LIST];
} sweep_case;

static void take(sweep_case *c, const char *path, double factor, const cc_results *r, const double *targets,
                 size_t nt)
{
    *c = (sweep_case){ .path = path, .name = r->s->name, .factor = factor,
                       .service_level = r->total[CC_M_SERVICE_LEVEL], .abandon_rate = r->total[CC_M_ABANDON_RATE],
                       .asa = r->total[CC_M_ASA], .occupancy = r->group_all[CC_GM_OCCUPANCY], .nt = nt ? nt : 1 };
    for (size_t k = 0; k < c->nt; k++) {
        c->target[k] = nt ? targets[k] : r->s->targets.service_level;
        cc_results_risk(r, c->target[k], &c->p_horizon[k], &c->p_day[k]);
    }
}

static void json_rows(cc_json *j, const sweep_case *c)
{
    for (size_t k = 0; k < c->nt; k++) {
        cc_json_open(j, NULL);
        cc_json_str(j, "scenario", c->name);
        cc_json_str(j, "file", c->path);
        cc_json_num(j, "handling", c->factor);
        cc_json_num(j, "target", c->target[k]);
        cc_json_estimate(j, "service_level", c->service_level.mean, c->service_level.ci95);
        cc_json_estimate(j, "abandon_rate", c->abandon_rate.mean, c->abandon_rate.ci95);
        cc_json_estimate(j, "asa_s", c->asa.mean, c->asa.ci95);
        cc_json_estimate(j, "occupancy", c->occupancy.mean, c->occupancy.ci95);
        cc_json_bool(j, "met", c->service_level.mean >= c->target[k]);
        cc_json_num(j, "p_day_meets_target", c->p_day[k]);
        cc_json_num(j, "p_horizon_meets_target", c->p_horizon[k]);
        cc_json_close(j);
    }
}

static void text_rows(const sweep_case *c)
{
    for (size_t k = 0; k < c->nt; k++)
        printf("%-28s %5.2f %6.1f%% %7.2f%% ± %-5.2f %6.2f%% %8.1f %6.1f%%  %-7s %6.1f%%\n", c->path, c->factor,
               100 * c->target[k], 100 * c->service_level.mean, 100 * c->service_level.ci95,
               100 * c->abandon_rate.mean, c->asa.mean, 100 * c->occupancy.mean,
               c->service_level.mean >= c->target[k] ? "met" : "NOT met", 100 * c->p_day[k]);
}

int cc_cmd_sweep(int argc, char **argv)
{
    const char *paths[MAX_SCENARIOS];
    size_t np = 0, nh = 0, nt = 0;
    double factors[MAX_LIST] = { 1 }, targets[MAX_LIST];
    cc_args_run run = { 0 };
    int json = 0, progress = isatty(STDERR_FILENO);
    cc_error err = { 0 };
    int status = CC_OK;

    for (int i = 1; i < argc && status == CC_OK; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--progress")) {
            progress = 1;
        } else if (cc_args_run_option(argc, argv, &i, 2, &run, &status, &err)) {
            continue;
        } else if (!strcmp(a, "--handling")) {
            if ((status = cc_args_value(argc, argv, &i, &v, &err)) == CC_OK)
                status = parse_list("--handling", v, 10, 0, factors, &nh, &err);
        } else if (!strcmp(a, "--target")) {
            if ((status = cc_args_value(argc, argv, &i, &v, &err)) == CC_OK)
                status = parse_list("--target", v, 100, 1, targets, &nt, &err);
        } else if (a[0] == '-') {
            status = cc_error_set(&err, CC_EINPUT, "unknown option '%s' (accepted: --handling, --target, "
                                  "--replications, --seed, --threads, --json, --progress, --help)", a);
        } else if (np == MAX_SCENARIOS) {
            status = cc_error_set(&err, CC_EINPUT, "at most %d scenario files (got more)", MAX_SCENARIOS);
        } else {
            paths[np++] = a;
        }
    }
    if (status == CC_OK && np == 0)
        status = cc_error_set(&err, CC_EINPUT, "a scenario file is required (ccsim sweep SCENARIO.cfg ...)");
    if (status != CC_OK) {
        if (cc_mpi_rank() == 0)
            fprintf(stderr, "ccsim sweep: %s\n", err.msg);
        return status;
    }
    nh = nh ? nh : 1;

    /* Every rank loads and checks every scenario, and they agree, before any run. */
    cc_scenario *s[MAX_SCENARIOS] = { 0 };
    sweep_case *cases = calloc(MAX_SCENARIOS * MAX_LIST, sizeof *cases);
    cc_run_options opt = { 0 };
    int exact = 1;
    cc_cli_signals_catch();
    if (!cases)
        status = cc_error_set(&err, CC_EINTERNAL, "out of memory");
    for (size_t k = 0; k < np && status == CC_OK; k++) {
        status = cc_args_load_scenario("sweep", paths[k], &s[k], &err);
        if (status == CC_OK && !s[k]->groups_given)
            status = cc_error_set(&err, CC_EINPUT, "%s: groups is required for sweep (who answers the "
                                  "calls?)", paths[k]);
    }
    if (status == CC_OK) {
        opt = (cc_run_options){ .progress = progress, .interrupted = &cc_cli_signal };
        cc_args_run_resolve(&run, s[0], &opt.replications, &opt.seed, &opt.threads);
        for (size_t k = 0; k < np && status == CC_OK; k++)
            status = cc_run_limits_check(s[k], opt.replications, &err);
    }
    if ((status = cc_mpi_agree(status, &err)) != CC_OK)
        goto out;

    double wall_s = 0;
    int threads = 0;
    for (size_t k = 0; k < np && status == CC_OK; k++)
        for (size_t h = 0; h < nh && status == CC_OK; h++) {
            cc_scenario *variant = NULL;
            cc_results *r = NULL;
            int case_exact = 1;
            status = cc_mpi_agree(cc_sweep_variant(s[k], factors[h], &variant, &err), &err);
            if (status == CC_OK)
                status = cc_mpi_simulate(variant, &opt, 0, &r, &case_exact, &err);
            if (status == CC_OK && r) {
                take(&cases[k * nh + h], paths[k], factors[h], r, targets, nt);
                wall_s += r->wall_s;
                threads = r->threads;
                exact = exact && case_exact;
            }
            cc_results_destroy(r);
            cc_sweep_variant_destroy(variant);
        }
    if (status != CC_OK || cc_mpi_rank() != 0)
        goto out;
    if (!exact)
        fputs("ccsim sweep: note: per-interval sums passed the exact range of sim/stats.h (not reported "
              "by sweep; the horizon's figures are exact)\n", stderr);
    if (json) {
        cc_json j;
        cc_json_init(&j, stdout);
        cc_json_open(&j, NULL);
        cc_json_int(&j, "replications", opt.replications);
        cc_json_int(&j, "seed", (long long)opt.seed);
        cc_json_int(&j, "threads", threads);
        cc_json_num(&j, "wall_s", wall_s);
        cc_json_open_array(&j, "cases");
        for (size_t k = 0; k < np; k++)
            for (size_t h = 0; h < nh; h++)
                json_rows(&j, &cases[k * nh + h]);
        cc_json_close_array(&j);
        cc_json_close(&j);
        cc_json_finish(&j);
    } else {
        printf("%zu scenario%s × %zu handling-time factor%s, %u replications each, seed %llu, %.3f s\n\n", np,
               np == 1 ? "" : "s", nh, nh == 1 ? "" : "s", opt.replications, (unsigned long long)opt.seed, wall_s);
        printf("%-28s %5s %7s %17s %7s %8s %7s  %-7s %7s\n", "scenario", "AHT×", "target", "service level",
               "abandon", "ASA s", "occup.", "", "P(day)");
        for (size_t k = 0; k < np; k++)
            for (size_t h = 0; h < nh; h++)
                text_rows(&cases[k * nh + h]);
    }
    status = cc_cli_stdout_done(&err);
out:
    if (status != CC_OK && cc_mpi_rank() == 0)
        fprintf(stderr, "ccsim sweep: %s\n", err.msg);
    free(cases);
    for (size_t k = 0; k < np; k++)
        cc_scenario_destroy(s[k]);
    return status;
}
