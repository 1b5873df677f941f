/* ccsim — contact-centre simulator and workforce planner: the command line.
 * A thin dispatcher; every subcommand lives in its own cmd_<name>.c. */
#include "cli/commands.h"
#include "sim/mpi_runner.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "erlang",   cc_cmd_erlang,   "exact Erlang B/C/A service level, ASA, occupancy and staffing" },
    { "plan",     cc_cmd_plan,     "agents, FTE and cost per channel for a scenario's targets (Erlang C/A)" },
    { "simulate", cc_cmd_simulate, "discrete-event Monte Carlo simulation of a scenario" },
    { "roster",   cc_cmd_roster,   "the cheapest shifts covering the requirement (GLPK), simulated" },
    { "compare",  cc_cmd_compare,  "two scenarios side by side: FTE, cost and simulated KPIs with paired CIs" },
    { "history",  cc_cmd_history,  "historical volumes: import, per-interval figures, forecast, replay, calibration" },
    { "report",   cc_cmd_report,   "one self-contained HTML page (tables, plots) for a results file" },
    { "sweep",    cc_cmd_sweep,    "several scenarios, or handling time x target, simulated case by case" },
};

static void usage(FILE *f)
{
    fputs("usage: ccsim COMMAND [options]   (ccsim COMMAND --help for its options)\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 1;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "ccsim: unknown command '%s' (accepted: erlang, plan, simulate, roster, compare, history, report, sweep)\n",
            argv[1]);
    return 1;
}

#ifdef CC_MPI
/* Under mpirun every rank runs main. simulate, sweep and plan (its staffing by
 * simulation) share their replications out over the ranks; every other command runs
 * on rank 0 alone, the other ranks returning 0. */
int main(int argc, char **argv)
{
    if (cc_mpi_init(&argc, &argv) != 0) {
        fprintf(stderr, "ccsim: MPI could not start (MPI_Init_thread with MPI_THREAD_FUNNELED)\n");
        return 2;
    }
    int distributed = argc >= 2 && (!strcmp(argv[1], "simulate") || !strcmp(argv[1], "sweep") ||
                                    !strcmp(argv[1], "plan"));
    if (distributed)
        cc_mpi_team();
    int status = cc_mpi_rank() == 0 || distributed ? dispatch(argc, argv) : 0;
    cc_mpi_finalize();
    return status;
}
#else
int main(int argc, char **argv)
{
    return dispatch(argc, argv);
}
#endif
