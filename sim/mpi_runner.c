/* The MPI driver (mpi_runner.h): built only with make MPI=1. */
#include "sim/mpi_runner.h"

#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int rank_of_this;
static int team;        /* the ranks run this command together (cc_mpi_team) */

/* Message chunks: MPI counts are ints. */
enum { CHUNK = 1 << 30 };
/* The length a rank sends when it could not pack its partial run. */
static const uint64_t NOTHING = UINT64_MAX;

int cc_mpi_init(int *argc, char ***argv)
{
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_of_this);
    if (provided < MPI_THREAD_FUNNELED)
        return -1;
    if (rank_of_this > 0 && !freopen("/dev/null", "w", stdout))
        return -1;
    return 0;
}

void cc_mpi_finalize(void)
{
    MPI_Finalize();
}

int cc_mpi_rank(void)
{
    return rank_of_this;
}

void cc_mpi_team(void)
{
    team = 1;
}

/* The ranks sharing this command's runs: all of them in a team, else rank 0 alone. */
static int ranks(void)
{
    int size = 1;
    if (team)
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

/* CC_OK, or CC_EINTERNAL with MPI's own words for rc. */
static int mpi_status(int rc, const char *what, cc_error *err)
{
    if (rc == MPI_SUCCESS)
        return CC_OK;
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    if (MPI_Error_string(rc, text, &len) != MPI_SUCCESS)
        len = snprintf(text, sizeof text, "error %d", rc);
    return cc_error_set(err, CC_EINTERNAL, "rank %d: %s failed: %.*s", rank_of_this, what, len, text);
}

int cc_mpi_agree(int status, cc_error *err)
{
    int size = ranks(), first;
    if (size == 1)
        return status;
    int mine = status != CC_OK ? rank_of_this : size;
    int rc = MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS)
        return mpi_status(rc, "MPI_Allreduce", err);
    if (first == size)
        return CC_OK;
    if ((rc = MPI_Bcast(&status, 1, MPI_INT, first, MPI_COMM_WORLD)) != MPI_SUCCESS ||
        (rc = MPI_Bcast(err->msg, sizeof err->msg, MPI_CHAR, first, MPI_COMM_WORLD)) != MPI_SUCCESS)
        return mpi_status(rc, "MPI_Bcast", err);
    err->status = status;
    return status;
}

/* Sends len bytes of buf (NULL: NOTHING) to rank 0. */
static int send_to_root(const unsigned char *buf, uint64_t len, cc_error *err)
{
    uint64_t header = buf ? len : NOTHING;
    int rc = MPI_Send(&header, 1, MPI_UINT64_T, 0, 0, MPI_COMM_WORLD);
    for (uint64_t at = 0; buf && rc == MPI_SUCCESS && at < len; at += CHUNK) {
        int n = (int)(len - at < CHUNK ? len - at : CHUNK);
        rc = MPI_Send(buf + at, n, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
    }
    return mpi_status(rc, "MPI_Send", err);
}

/* Receives rank src's packed partial run and merges it into p; with p NULL (rank 0
 * has already failed) receives it all the same, so that no rank is left waiting in
 * MPI_Send, and drops it. When rank 0 cannot even hold the bytes, it aborts the job
 * rather than leave the other ranks waiting. */
static int receive(const cc_scenario *s, int src, cc_partial *p, cc_error *err)
{
    uint64_t len;
    int rc = MPI_Recv(&len, 1, MPI_UINT64_T, src, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (rc != MPI_SUCCESS)
        return mpi_status(rc, "MPI_Recv", err);
    if (len == NOTHING)
        return cc_error_set(err, CC_EINTERNAL, "rank %d: out of memory packing its replications", src);
    unsigned char *buf = malloc(len ? len : 1);
    if (!buf) {
        fprintf(stderr, "ccsim: rank 0: out of memory for rank %d's replications (%llu bytes)\n", src,
                (unsigned long long)len);
        MPI_Abort(MPI_COMM_WORLD, CC_EINTERNAL);
    }
    for (uint64_t at = 0; rc == MPI_SUCCESS && at < len; at += CHUNK) {
        int n = (int)(len - at < CHUNK ? len - at : CHUNK);
        rc = MPI_Recv(buf + at, n, MPI_BYTE, src, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    cc_partial *q = NULL;
    int status = rc != MPI_SUCCESS ? mpi_status(rc, "MPI_Recv", err)
                 : p ? cc_partial_unpack(s, buf, len, &q, err) : CC_OK;
    free(buf);
    if (status == CC_OK && p)
        status = cc_partial_merge(p, q, err);
    cc_partial_destroy(q);
    return status;
}

/* Rank 0's merged partial run, sent to every other rank (which replaces its own by
 * it). Collective. */
static int broadcast(const cc_scenario *s, cc_partial **p, cc_error *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int status = CC_OK;
    if (rank_of_this == 0 && cc_partial_pack(*p, &buf, &len) != 0)
        status = cc_error_set(err, CC_EINTERNAL, "rank 0: out of memory packing the run");
    if ((status = cc_mpi_agree(status, err)) != CC_OK)
        return status;
    uint64_t n = len;
    int rc = MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (rc == MPI_SUCCESS && rank_of_this > 0 && !(buf = malloc(n ? n : 1))) {
        fprintf(stderr, "ccsim: rank %d: out of memory for the run (%llu bytes)\n", rank_of_this,
                (unsigned long long)n);
        MPI_Abort(MPI_COMM_WORLD, CC_EINTERNAL);
    }
    for (uint64_t at = 0; rc == MPI_SUCCESS && at < n; at += CHUNK)
        rc = MPI_Bcast(buf + at, (int)(n - at < CHUNK ? n - at : CHUNK), MPI_BYTE, 0, MPI_COMM_WORLD);
    status = mpi_status(rc, "MPI_Bcast", err);
    if (status == CC_OK && rank_of_this > 0) {
        cc_partial *q = NULL;
        status = cc_partial_unpack(s, buf, n, &q, err);
        cc_partial_destroy(*p);
        *p = q;
    }
    free(buf);
    return cc_mpi_agree(status, err);
}

int cc_mpi_simulate(const cc_scenario *s, const cc_run_options *opt, int everywhere, cc_results **out,
                    int *exact, cc_error *err)
{
    int size = ranks();
    unsigned blocks = cc_runner_blocks(opt->replications);
    unsigned first = (unsigned)((uint64_t)blocks * (unsigned)rank_of_this / (unsigned)size);
    unsigned end = (unsigned)((uint64_t)blocks * (unsigned)(rank_of_this + 1) / (unsigned)size);
    cc_run_options mine = *opt;
    mine.progress = opt->progress && rank_of_this == 0;
    cc_partial *p = NULL;
    *exact = 1;
    double t0 = MPI_Wtime();
    int status = cc_mpi_agree(cc_simulate_blocks(s, &mine, first, end - first, &p, err), err);
    if (status != CC_OK)
        goto out;
    if (rank_of_this > 0) {
        unsigned char *buf = NULL;
        size_t len = 0;
        if (cc_partial_pack(p, &buf, &len) != 0)
            buf = NULL;
        status = send_to_root(buf, len, err);
        free(buf);
    } else {
        for (int src = 1; src < size; src++) {
            cc_error dropped;
            int ok = status == CC_OK;
            int rc = receive(s, src, ok ? p : NULL, ok ? err : &dropped);
            if (ok)
                status = rc;
        }
    }
    if ((status = cc_mpi_agree(status, err)) != CC_OK)
        goto out;
    if (everywhere && size > 1 && (status = broadcast(s, &p, err)) != CC_OK)
        goto out;
    if (rank_of_this > 0 && !everywhere)
        goto out;
    *exact = size == 1 || cc_partial_exact(p);
    cc_results *r = NULL;
    status = cc_partial_results(p, &r, err);
    p = NULL;
    if (status == CC_OK) {
        r->wall_s = MPI_Wtime() - t0;
        *out = r;
    }
out:
    cc_partial_destroy(p);
    return status;
}
