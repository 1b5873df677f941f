/* test_fuzz_corpus.c — replays the libFuzzer seed corpora (fuzz/corpus/) in every
 * `make test`, so an input that once crashed a harness, once added there, stays a
 * regression test: every scenario file loads or is refused with one line, and
 * every command line ends with status 0, 1 or 2, never by a signal. */
#define _DEFAULT_SOURCE
#include "io/scenario_load.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    size_t cap = 1 << 16;
    char *buf = malloc(cap + 1);
    *n = fread(buf, 1, cap, f);
    buf[*n] = '\0';
    fclose(f);
    return buf;
}

Test(fuzz_corpus, scenarios_load_or_are_refused_in_one_line)
{
    DIR *d = opendir("fuzz/corpus/scenario");
    cr_assert_not_null(d);
    int seen = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "fuzz/corpus/scenario/%s", e->d_name);
        cc_scenario *s = NULL;
        cc_error err = { 0 };
        int rc = cc_scenario_load(path, &s, &err);
        cr_assert(rc == CC_OK || (rc == CC_EINPUT && !s && err.msg[0] && !strchr(err.msg, '\n')),
                  "%s: status %d: %s", path, rc, err.msg);
        cc_scenario_destroy(s);
        seen++;
    }
    closedir(d);
    cr_assert_geq(seen, 5);
}

/* The harness's encoding: first byte % 4 picks erlang, plan, simulate or compare;
 * the rest, split at newlines, are the arguments. Run in an empty folder. */
Test(fuzz_corpus, command_lines_end_with_a_status, .timeout = 120)
{
    static char names[4][16] = { "erlang", "plan", "simulate", "compare" };
    static char arg0[] = "ccsim";
    char ccsim[1024], dir[] = "/tmp/ccsim-fuzz-replay-XXXXXX";
    cr_assert_not_null(realpath(test_ccsim(), ccsim));
    cr_assert_not_null(mkdtemp(dir));
    DIR *d = opendir("fuzz/corpus/cli");
    cr_assert_not_null(d);
    int seen = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "fuzz/corpus/cli/%s", e->d_name);
        size_t n;
        char *text = slurp(path, &n);
        if (n == 0) {
            free(text);
            continue;
        }
        char *argv[40];
        int argc = 0;
        argv[argc++] = arg0;
        argv[argc++] = names[(unsigned char)text[0] % 4];
        for (char *p = text + 1; argc < 38 && p;) {
            char *nl = strchr(p, '\n');
            if (nl)
                *nl = '\0';
            argv[argc++] = p;
            p = nl ? nl + 1 : NULL;
        }
        argv[argc] = NULL;
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            if (chdir(dir) != 0 || !freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
                _exit(126);
            execv(ccsim, argv);
            _exit(127);
        }
        int st;
        waitpid(pid, &st, 0);
        cr_assert(WIFEXITED(st) && WEXITSTATUS(st) <= 2, "%s: status %d", path, st);
        free(text);
        seen++;
    }
    closedir(d);
    rmdir(dir);
    cr_assert_geq(seen, 6);
}
