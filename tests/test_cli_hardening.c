/* test_cli_hardening.c — the command line against careless and hostile use
 * (issue 9): GSL failures, unwritable stdout, --out paths refused before the run,
 * and signals: caught, inherited as ignored, and arriving late. */
#define _DEFAULT_SOURCE /* kill, usleep, mkdtemp */
#include "tests/support.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Runs `ccsim ARGS` and returns its exit status with stderr captured in *err. */
static int ccsim(const char *args, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s 2>&1 >/dev/null", test_ccsim(), args);
    char *out;
    int st = test_run(cmd, &out);
    if (err)
        *err = out;
    else
        free(out);
    return st;
}

static int ccsim_stdout_full(const char *args, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s 2>&1 >/dev/full", test_ccsim(), args);
    char *out;
    int st = test_run(cmd, &out);
    *err = out;
    return st;
}

/* GSL's default handler aborted the process (status 134). */
Test(cli_hardening, erlang_never_aborts_in_gsl)
{
    char *err;
    cr_assert_eq(ccsim("erlang --calls 595 --aht 240 --agents 79 --patience 1e7", &err), 0, "%s", err);
    free(err);
    cr_assert_eq(ccsim("erlang --calls 6413695 --aht 240 --target 0.8 --patience 300", &err), 0, "%s", err);
    free(err);
    cr_assert_eq(ccsim("erlang --calls 600 --aht 240 --agents 1 --patience 1e17", &err), 1);
    cr_assert(strstr(err, "patience_s must be at most 1e+07 handling times"), "%s", err);
    free(err);
    cr_assert_eq(ccsim("erlang --calls 74999990 --aht 240 --target 0.9999999", &err), 1);
    cr_assert(strstr(err, "cannot be met with up to 10000000 agents"), "%s", err);
    free(err);
}

/* The same GSL failure reached through plan --method erlang-a. */
Test(cli_hardening, plan_erlang_a_of_a_huge_queue)
{
    char *path = test_write_cfg(
        "name = \"huge\"; calendar = { start = \"2026-01-06\"; days = 1; interval_min = 30;\n"
        "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"09:30\"; } ); };\n"
        "targets = { service_level = 0.8; answer_within_s = 20.0; };\n"
        "queues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 6413695.0;\n"
        "  handling = { dist = \"exponential\"; mean_s = 240.0; };\n"
        "  patience = { dist = \"exponential\"; mean_s = 300.0; }; } );\n");
    char args[512], *err;
    snprintf(args, sizeof args, "plan %s --method erlang-a --json", path);
    cr_assert_eq(ccsim(args, &err), 0, "%s", err);
    free(err);
    unlink(path);
    free(path);
}

/* Output that cannot be written is exit status 2 (it was 0). */
Test(cli_hardening, unwritable_stdout_is_exit_2)
{
    const char *cmds[] = {
        "simulate scenarios/ref-day.cfg --replications 4 --json",
        "simulate scenarios/ref-day.cfg --replications 4",
        "plan scenarios/ref-day.cfg --json",
        "plan scenarios/ref-day.cfg",
        "compare scenarios/ref-day.cfg scenarios/ref-day.cfg --replications 4 --json",
        "erlang --calls 600 --aht 240 --agents 88 --json",
    };
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
        char *err;
        cr_assert_eq(ccsim_stdout_full(cmds[k], &err), 2, "%s: %s", cmds[k], err);
        cr_assert(strstr(err, "cannot write to stdout (No space left on device)"), "%s: %s", cmds[k], err);
        free(err);
    }
}

/* --out is checked before any work: a missing folder is an I/O error (exit 2)
 * at once, not after the whole run; a device or a symlink is bad input (exit 1;
 * /dev/null was replaced when run as root). */
Test(cli_hardening, bad_out_paths_are_refused_before_the_run)
{
    char *err;
    /* A million replications would take minutes: the refusal must come first. */
    cr_assert_eq(ccsim("simulate scenarios/ref-day.cfg --replications 1000000 --out /nonexistent-dir/r.h5", &err), 2);
    cr_assert(strstr(err, "--out /nonexistent-dir/r.h5: folder /nonexistent-dir cannot be used"), "%s", err);
    free(err);
    cr_assert_eq(ccsim("plan scenarios/ref-day.cfg --out /dev/null", &err), 1);
    cr_assert(strstr(err, "is not a regular file"), "%s", err);
    free(err);
    struct stat st;
    cr_assert_eq(stat("/dev/null", &st), 0);
    cr_assert(S_ISCHR(st.st_mode), "/dev/null was replaced");
}

/* A scenario text over 64 KiB (HDF5's compact attribute limit) used to fail the
 * write after the whole run, with no reason given. */
Test(cli_hardening, long_scenario_text_is_saved)
{
    FILE *in = fopen("scenarios/ref-day.cfg", "r");
    cr_assert_not_null(in);
    char path[] = "/tmp/ccsim-long-XXXXXX";
    int fd = mkstemp(path);
    FILE *out = fdopen(fd, "w");
    int c;
    while ((c = fgetc(in)) != EOF)
        fputc(c, out);
    fclose(in);
    for (int line = 0; line < 1000; line++)
        fprintf(out, "# %0100d\n", line);
    fclose(out);
    char cfg[64], args[512], *err;
    snprintf(cfg, sizeof cfg, "%s.cfg", path);
    cr_assert_eq(rename(path, cfg), 0);
    snprintf(args, sizeof args, "simulate %s --replications 4 --out %s.h5", cfg, path);
    cr_assert_eq(ccsim(args, &err), 0, "%s", err);
    free(err);
    char h5[64];
    snprintf(h5, sizeof h5, "%s.h5", path);
    hid_t file = H5Fopen(h5, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0);
    hid_t a = H5Aopen(file, "scenario", H5P_DEFAULT);
    hid_t type = H5Aget_type(a);
    cr_assert_gt(H5Tget_size(type), 100000);
    H5Tclose(type);
    H5Aclose(a);
    H5Fclose(file);
    unlink(h5);
    unlink(cfg);
}

static pid_t start_simulate(const char *out, int ignore_sigint, const char *reps)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        if (ignore_sigint)
            signal(SIGINT, SIG_IGN);
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(126);
        execl(test_ccsim(), "ccsim", "simulate", "scenarios/ref-day.cfg", "--replications", reps,
              "--threads", "1", "--out", out, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* SIGTERM part-way: exit status 2, no results file and no temporary file. */
Test(cli_hardening, sigterm_leaves_no_file, .timeout = 60)
{
    const char *path = "/tmp/ccsim-sigterm.h5";
    unlink(path);
    pid_t pid = start_simulate(path, 0, "1000000");
    test_wait_catches(pid, SIGTERM);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2, "status %d", st);
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)pid);
    cr_assert(!exists(path) && !exists(tmp), "a file was left after SIGTERM");
}

/* A SIGINT the process inherited as ignored (nohup, background jobs) stays
 * ignored: the run finishes and writes its results (it used to be overridden and
 * the run thrown away). */
Test(cli_hardening, inherited_ignored_sigint_stays_ignored, .timeout = 120)
{
    const char *path = "/tmp/ccsim-nohup.h5";
    unlink(path);
    pid_t pid = start_simulate(path, 1, "2000");
    usleep(200000);
    kill(pid, SIGINT);
    int st;
    waitpid(pid, &st, 0);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d", st);
    cr_assert(exists(path), "the results file is missing");
    unlink(path);
}
