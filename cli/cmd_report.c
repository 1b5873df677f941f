/* cmd_report.c — `ccsim report RESULTS.h5 [--out report.html]`: one self-contained
 * HTML page for a results file of `simulate --out` or `plan --out`.
 *
 * The page is drawn by plots/report.py (matplotlib, h5py), which this command runs
 * with the Python the build was made with, so a planner needs one command and no
 * knowledge of the scripts. The script is looked for in $CCSIM_PLOTS_DIR, else in the
 * plots/ folder of the source tree ccsim was built from; the Python is $PYTHON, else
 * the build's. The arguments are checked here first (the results file readable, the
 * output path one ccsim may write: io/output.h); the script writes the page under a
 * temporary name and renames it when complete. Exit status: the script's (0, 1 for
 * a file it cannot draw, 2 for a write error), 1 for bad arguments, 2 when Python or
 * the script cannot be run. */
#include "cli/args.h"
#include "cli/commands.h"
#include "io/output.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CC_PLOTS_DIR
#define CC_PLOTS_DIR "plots"
#endif
#ifndef CC_PYTHON
#define CC_PYTHON "python3"
#endif

extern char **environ;

static const char usage[] =
    "usage: ccsim report RESULTS.h5 [--out report.html]\n"
    "\n"
    "One self-contained HTML page (summary tables, assumptions, plots embedded) for a\n"
    "results file of `ccsim simulate --out` or `ccsim plan --out`.\n"
    "\n"
    "  --out FILE   the page to write (default report.html)\n"
    "\n"
    "Runs plots/report.py with Python 3, matplotlib and h5py (make deps installs them);\n"
    "CCSIM_PLOTS_DIR and PYTHON override where the script and Python are found.\n"
    "Exit status: 0 success, 1 bad input (one line on stderr), 2 internal or I/O error.\n";

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

static int run_report(const char *results, const char *out, cc_error *err)
{
    char script[PATH_MAX];
    const char *dir = env_or("CCSIM_PLOTS_DIR", CC_PLOTS_DIR), *python = env_or("PYTHON", CC_PYTHON);
    if (snprintf(script, sizeof script, "%s/report.py", dir) >= (int)sizeof script)
        return cc_error_set(err, CC_EINTERNAL, "CCSIM_PLOTS_DIR is too long");
    if (access(script, R_OK) != 0)
        return cc_error_set(err, CC_EINTERNAL, "the report script %s cannot be read (%s): set "
                            "CCSIM_PLOTS_DIR to ccsim's plots folder", script, strerror(errno));
    /* posix_spawn takes char *const argv[]: mutable copies of the strings. */
    char py[PATH_MAX], res[PATH_MAX], dst[PATH_MAX], flag[] = "--out";
    if (snprintf(py, sizeof py, "%s", python) >= (int)sizeof py ||
        snprintf(res, sizeof res, "%s", results) >= (int)sizeof res ||
        snprintf(dst, sizeof dst, "%s", out) >= (int)sizeof dst)
        return cc_error_set(err, CC_EINPUT, "a path is longer than %d bytes", PATH_MAX - 1);
    char *argv[] = { py, script, res, flag, dst, NULL };
    pid_t pid;
    int rc = posix_spawnp(&pid, python, NULL, NULL, argv, environ);
    if (rc != 0)
        return cc_error_set(err, CC_EINTERNAL, "cannot run %s (%s): install python3 (make deps) or "
                            "set PYTHON", python, strerror(rc));
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return cc_error_set(err, CC_EINTERNAL, "waiting for %s: %s", python, strerror(errno));
    if (WIFSIGNALED(st))
        return cc_error_set(err, CC_EINTERNAL, "%s %s ended by signal %d", python, script, WTERMSIG(st));
    /* The script printed its own one-line message; its status is ccsim's. */
    return WEXITSTATUS(st) == 0 ? CC_OK : WEXITSTATUS(st) == 1 ? CC_EINPUT : CC_EINTERNAL;
}

int cc_cmd_report(int argc, char **argv)
{
    const char *results = NULL, *out = "report.html";
    cc_error err = { 0 };
    int status = CC_OK;
    for (int i = 1; i < argc && status == CC_OK; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--out")) {
            status = cc_args_value(argc, argv, &i, &out, &err);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            status = cc_error_set(&err, CC_EINPUT, "unknown option '%s' (accepted: --out)", argv[i]);
        } else if (results) {
            status = cc_error_set(&err, CC_EINPUT, "one results file only (got %s and %s)", results, argv[i]);
        } else {
            results = argv[i];
        }
    }
    if (status == CC_OK && !results)
        status = cc_error_set(&err, CC_EINPUT, "a results file is required (ccsim report RESULTS.h5 "
                              "[--out report.html])");
    if (status == CC_OK && access(results, R_OK) != 0)
        status = cc_error_set(&err, CC_EINPUT, "%s: cannot read the results file (%s)", results,
                              strerror(errno));
    if (status == CC_OK)
        status = cc_output_check("--out", out, &err);
    if (status == CC_OK && (status = run_report(results, out, &err)) != CC_OK && !err.msg[0])
        return status; /* the script has said why */
    if (status != CC_OK) {
        fprintf(stderr, "ccsim report: %s\n", err.msg);
        return status;
    }
    return 0;
}
