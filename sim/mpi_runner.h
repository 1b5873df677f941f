/* mpi_runner.h — one run shared out over MPI processes (ranks), each with its
 * OpenMP threads, gathered on rank 0.
 *
 * Built only with `make MPI=1` (CC_MPI defined, the driver in sim/mpi_runner.c);
 * the default build gets the single-process versions below, so a command calls the
 * same functions either way. Every rank runs the same command line with the same
 * scenario (the same file, and any file it reads, at the same path), so each can
 * check its input itself; cc_mpi_agree then makes every rank return the first
 * failing rank's status and message, and only rank 0 prints (ranks above 0 have
 * stdout sent to /dev/null by cc_mpi_init). A command whose ranks work together
 * says so with cc_mpi_team, and then all ranks must call the collective functions
 * (cc_mpi_agree, cc_mpi_simulate) in the same order; without it (a command run by
 * rank 0 alone) they are the single-process versions.
 *
 * cc_mpi_simulate gives rank r the contiguous blocks [B r / R, B (r + 1) / R) of the
 * run's B blocks (runner.h; ranks beyond B get none), runs them with the threads
 * opt asks for, and sends the packed partial run to rank 0, which merges the partial
 * runs in rank order, that is in block order: the sums over the horizon and the
 * per-replication totals are the single process's bits for any number of ranks, and
 * so are the per-interval estimates, whose fixed-point sums are exact to 2^53
 * units (stats.h; past it they read NaN in every grouping, and *exact is 0). Ranks must run the same build on the same
 * kind of machine (the partial runs travel as bytes). Rank 0's results report the
 * threads of all ranks together and its wall-clock time from the start of the run
 * to the end of the gathering; the other ranks get no results, or with everywhere
 * the same results as rank 0 (rank 0's merged partial run is broadcast: the
 * simulation-based staffing optimiser, sim/optimise.h, runs on every rank in step,
 * each deciding the next round's staffing from the same figures).
 */
#ifndef CC_MPI_RUNNER_H
#define CC_MPI_RUNNER_H

#include "model/error.h"
#include "sim/runner.h"

#ifdef CC_MPI

/* MPI_Init_thread (MPI_THREAD_FUNNELED: only the main thread calls MPI), with
 * errors returned rather than aborting. 0, or -1 when MPI cannot start. */
int cc_mpi_init(int *argc, char ***argv);
void cc_mpi_finalize(void);
/* This process's rank; 0 before cc_mpi_init. */
int cc_mpi_rank(void);
/* The ranks run the current command together (its runs are shared out). */
void cc_mpi_team(void);
/* The first failing rank's status and message (into err, on every rank), or CC_OK
 * when every rank passed CC_OK. Collective. */
int cc_mpi_agree(int status, cc_error *err);
/* The run shared out over the ranks (see above): CC_OK on every rank, with *out on
 * rank 0 only (everywhere: on every rank), or the first failing rank's status and
 * message on every rank. Collective. */
int cc_mpi_simulate(const cc_scenario *s, const cc_run_options *opt, int everywhere, cc_results **out,
                    int *exact, cc_error *err);

#else

static inline int cc_mpi_rank(void) { return 0; }
static inline int cc_mpi_agree(int status, cc_error *err) { (void)err; return status; }
static inline int cc_mpi_simulate(const cc_scenario *s, const cc_run_options *opt, int everywhere,
                                  cc_results **out, int *exact, cc_error *err)
{
    (void)everywhere;
    *exact = 1;
    return cc_simulate(s, opt, out, err);
}

#endif
#endif
