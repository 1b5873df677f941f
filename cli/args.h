/* args.h — command-line parsing shared by the ccsim subcommands.
 *
 * Each subcommand walks argv itself; these helpers turn a flag's value into a
 * number inside an accepted range, or fill a cc_error with a one-line message
 * that names the flag, the value and the range ("--aht must be a number > 0
 * (got -5)"). Status CC_EINPUT on any rejection.
 */
#ifndef CC_ARGS_H
#define CC_ARGS_H

#include "model/error.h"
#include "model/plan.h"
#include "model/scenario.h"

/* The value that follows flag argv[*i]; advances *i. */
int cc_args_value(int argc, char **argv, int *i, const char **value, cc_error *err);

/* A finite number in [lo, hi]; lo_open/hi_open make that end exclusive. */
int cc_args_double(const char *flag, const char *s, double lo, int lo_open,
                   double hi, int hi_open, double *out, cc_error *err);

/* A whole number in [lo, hi]. */
int cc_args_long(const char *flag, const char *s, long long lo, long long hi,
                 long long *out, cc_error *err);

/* The options every simulating command shares; 0 where not given. */
typedef struct cc_args_run {
    long long replications, seed, threads;
} cc_args_run;

/* The value of --method: erlang-c, erlang-a, and simulation when allow_simulation.
 * CC_EINPUT naming the accepted values otherwise. */
int cc_args_method(const char *value, int allow_simulation, cc_plan_method *method, cc_error *err);

/* When argv[*i] is --replications (at least min_replications), --seed or
 * --threads, parses its value into r, stores the status in *status and returns 1;
 * returns 0 for any other argument. */
int cc_args_run_option(int argc, char **argv, int *i, long long min_replications, cc_args_run *r,
                       int *status, cc_error *err);

/* The run the flags ask for: --replications and --seed, else the scenario's
 * simulation section; --threads (0: OpenMP's default). */
void cc_args_run_resolve(const cc_args_run *r, const cc_scenario *s, unsigned *replications, uint64_t *seed,
                         int *threads);

/* Whether the per-interval text table (one row per queue and open interval) is
 * short enough to read, at most 120 rows; if not, says so on stdout, pointing to
 * --out FILE.h5, and returns 0. */
int cc_cli_table_fits(const cc_scenario *s);

/* Loads a scenario (io/scenario_load.h) and prints the loader's warnings on stderr,
 * one line each: "ccsim COMMAND: warning: FILE:LINE: ...". */
int cc_args_load_scenario(const char *command, const char *path, cc_scenario **out, cc_error *err);

/* Whether everything printed on stdout reached it (flushed, no write error): CC_OK,
 * or CC_EINTERNAL with "cannot write to stdout (REASON)" in err. Every command's
 * last step, so output lost to a full disk is never exit status 0. */
int cc_cli_stdout_done(cc_error *err);

#endif
