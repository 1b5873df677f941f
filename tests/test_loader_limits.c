/* test_loader_limits.c — the scenario loader's small hardening fixes (issue 9):
 * @include of a folder or device, the real file-size cap, which name a duplicate
 * is, and distribution parameters that overflow. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "io/scenario_load.h"
#include "tests/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char base[] =
    "name = \"x\"; calendar = { start = \"2026-01-06\"; days = 1; interval_min = 30;\n"
    "  hours = ( { days = \"Mon-Fri\"; open = \"09:00\"; close = \"17:00\"; } ); };\n"
    "targets = { service_level = 0.8; answer_within_s = 20.0; };\n";

static int load_text(const char *text, cc_error *e)
{
    char *path = test_write_cfg(text);
    cc_scenario *s = NULL;
    int rc = cc_scenario_load(path, &s, e);
    cc_scenario_destroy(s);
    unlink(path);
    free(path);
    return rc;
}

/* libconfig's scanner used to exit(2) with no file or line. */
Test(loader_limits, include_of_a_folder_or_device)
{
    char text[1024];
    cc_error e = { 0 };
    snprintf(text, sizeof text, "%s@include \"..\"\n", base);
    cr_assert_eq(load_text(text, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, ".cfg:4: @include must name a regular file") && strstr(e.msg, "a folder"),
              "%s", e.msg);
    snprintf(text, sizeof text, "%s  @include \"/dev/zero\"\n", base);
    cr_assert_eq(load_text(text, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, ".cfg:4: @include") && strstr(e.msg, "device or pipe"), "%s", e.msg);
}

Test(loader_limits, duplicate_setting_is_named)
{
    char text[1024];
    cc_error e = { 0 };
    snprintf(text, sizeof text, "%squeues = ();\nqueues = ();\n", base);
    cr_assert_eq(load_text(text, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, ".cfg:5: duplicate setting name: queues "), "%s", e.msg);
    /* Several names set on the line: the candidates. */
    snprintf(text, sizeof text, "%squeues = ();\nseed = 1; queues = ();\n", base);
    cr_assert_eq(load_text(text, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, ".cfg:5: duplicate setting name: one of seed, queues "), "%s", e.msg);
}

/* cv >= ~1.4e154 squared to inf: every handling time NaN and exit 0. */
Test(loader_limits, cv_that_would_overflow)
{
    const char *dists[] = { "lognormal", "gamma" };
    for (int k = 0; k < 2; k++) {
        char text[2048];
        cc_error e = { 0 };
        snprintf(text, sizeof text,
                 "%squeues = ( { name = \"q\"; channel = \"phone\"; calls_per_interval = 100.0;\n"
                 "  handling = { dist = \"%s\"; mean_s = 180.0;\n   cv = 1.5e154; }; } );\n",
                 base, dists[k]);
        cr_assert_eq(load_text(text, &e), CC_EINPUT, "%s", dists[k]);
        cr_assert(strstr(e.msg, ".cfg:6: queues[0].handling: mean_s 180 and cv 1.5e+154 give a") &&
                  strstr(e.msg, "overflows a double"), "%s", e.msg);
    }
}

/* The 64 MiB cap used to be 128 MiB in practice (the buffer doubled past it). */
Test(loader_limits, file_size_cap_is_64_mib, .timeout = 60)
{
    char path[] = "/tmp/ccsim-big-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(base, f);
    static char line[1024];
    memset(line, '#', sizeof line - 1);
    line[sizeof line - 2] = '\n';
    size_t n = strlen(base);
    while (n + strlen(line) <= ((size_t)64 << 20))
        n += (size_t)fprintf(f, "%s", line);
    while (n < ((size_t)64 << 20) + 1)
        n += (size_t)fprintf(f, "\n");
    fclose(f);
    cc_scenario *s = NULL;
    cc_error e = { 0 };
    cr_assert_eq(cc_scenario_load(path, &s, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "larger than 64 MiB"), "%s", e.msg);
    unlink(path);
}
