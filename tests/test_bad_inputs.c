/* test_bad_inputs.c — runs the bad-input corpus (tests/bad/, see its README.md):
 * truncated files, wrong types, huge and tiny numbers, NaN and infinities, empty
 * lists, duplicate names, unknown references, absurd horizons and loads, bad
 * flags. Each must end with exit status 1 and one line on stderr holding the
 * expected fragment: FILE:LINE and the field for a bad setting, the estimate and
 * the limit for a run refused up front. */
#define _DEFAULT_SOURCE
#include "tests/support.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAD_DIR "tests/bad"

/* The value of header line "# KEY: value" in text, or NULL (copied into buf). */
static const char *header(const char *text, const char *key, char *buf, size_t n)
{
    char tag[32];
    snprintf(tag, sizeof tag, "# %s: ", key);
    const char *p = strstr(text, tag);
    if (!p)
        return NULL;
    p += strlen(tag);
    size_t len = strcspn(p, "\n");
    snprintf(buf, n, "%.*s", (int)(len < n ? len : n - 1), p);
    return buf;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void run_case(const char *name, int *cases)
{
    char path[512], expect[512], command[256], want[2048], cmd[4096];
    snprintf(path, sizeof path, BAD_DIR "/%s", name);
    const char *text = read_all(path);
    cr_assert_not_null(header(text, "expect", expect, sizeof expect), "%s: no # expect: line", path);
    size_t len = strlen(name);
    if (len > 4 && !strcmp(name + len - 4, ".cfg")) {
        cr_assert_not_null(header(text, "command", command, sizeof command), "%s: no # command:", path);
        char sub[64];
        sscanf(command, "%63s", sub);
        snprintf(want, sizeof want, "ccsim %s: %s%s", sub, path, expect);
        snprintf(cmd, sizeof cmd, "%s %s %s%s 2>&1 >/dev/null", test_ccsim(), sub, path,
                 command + strlen(sub));
    } else if (len > 5 && !strcmp(name + len - 5, ".args")) {
        const char *line = strchr(text, '\n');
        cr_assert_not_null(line, "%s: no command line", path);
        char args[1024], sub[64];
        snprintf(args, sizeof args, "%.*s", (int)strcspn(line + 1, "\n"), line + 1);
        sscanf(args, "%63s", sub);
        snprintf(want, sizeof want, "ccsim %s: %s", sub, expect);
        snprintf(cmd, sizeof cmd, "%s %s 2>&1 >/dev/null", test_ccsim(), args);
    } else {
        return;
    }
    char *err;
    int st = test_run(cmd, &err);
    cr_expect_eq(st, 1, "%s: exit status %d (want 1): %s", name, st, err);
    size_t lines = 0;
    for (const char *c = err; *c; c++)
        lines += *c == '\n';
    cr_expect_eq(lines, 1, "%s: %zu lines on stderr (want one): %s", name, lines, err);
    cr_expect(strstr(err, want) == err, "%s: stderr\n  %s\ndoes not start with\n  %s", name, err, want);
    free(err);
    (*cases)++;
}

Test(bad_inputs, every_case_is_refused_in_one_line, .timeout = 600)
{
    DIR *d = opendir(BAD_DIR);
    cr_assert_not_null(d, "run from the repository root");
    int cases = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            run_case(e->d_name, &cases);
    closedir(d);
    cr_assert_geq(cases, 60, "only %d cases in " BAD_DIR, cases);
}
