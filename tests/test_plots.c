/* The plot scripts of plots/ and the HTML report, end to end: each script runs with
 * python3 on a small results file the test makes with ccsim, and must write a PNG of
 * the fixed size (1000 x 560), not near-empty, and an SVG whose text shows it read the
 * file (titles, target lines, figures that ccsim itself reports). python3 with
 * matplotlib and h5py is required (make deps installs them): without them every test
 * here fails with a message saying so, it never skips. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "tests/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PNG_W = 1000, PNG_H = 560, PNG_MIN_BYTES = 20000 };

static char dir[64];

/* The Python with the Debian packages' modules: $PYTHON (make test sets it), or python3. */
static const char *python(void)
{
    const char *p = getenv("PYTHON");
    return p && *p ? p : "python3";
}

static void setup(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "%s -c 'import matplotlib, h5py' 2>/dev/null", python());
    cr_assert_eq(test_run(cmd, NULL), 0,
                 "%s with matplotlib and h5py is required for the plot tests: run make deps "
                 "(Debian packages python3-matplotlib python3-h5py)", python());
    strcpy(dir, "/tmp/ccsim-plots-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd, NULL);
}

TestSuite(plots, .init = setup, .fini = teardown, .timeout = 240);

/* Runs a ccsim subcommand writing DIR/name.h5. */
static void results(const char *name, const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s --out %s/%s.h5 >/dev/null", test_ccsim(), args, dir, name);
    cr_assert_eq(test_run(cmd, NULL), 0, "%s", cmd);
}

/* Runs plots/SCRIPT on DIR/input.h5 (and extra arguments), output prefix DIR/out;
 * returns the exit status, stderr in *err. */
static int script(const char *scr, const char *input, const char *extra, const char *out, char **err)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "CCSIM=%s %s plots/%s %s/%s.h5 %s --out %s/%s 2>&1 >/dev/null",
             test_ccsim(), python(), scr, dir, input, extra, dir, out);
    return test_run(cmd, err);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s not written", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* The PNG DIR/out.png has the fixed size and is not near-empty; DIR/out.svg holds
 * every string of want (NULL-terminated). */
static void assert_images(const char *out, const char *const *want)
{
    char path[256];
    size_t n;
    snprintf(path, sizeof path, "%s/%s.png", dir, out);
    unsigned char *png = (unsigned char *)slurp(path, &n);
    cr_assert(n > 24 && !memcmp(png, "\x89PNG\r\n\x1a\n", 8) && !memcmp(png + 12, "IHDR", 4),
              "%s is not a PNG", path);
    cr_assert_eq(be32(png + 16), PNG_W, "%s: width %u", path, be32(png + 16));
    cr_assert_eq(be32(png + 20), PNG_H, "%s: height %u", path, be32(png + 20));
    cr_assert_gt(n, PNG_MIN_BYTES, "%s: %zu bytes, a near-empty image", path, n);
    free(png);
    snprintf(path, sizeof path, "%s/%s.svg", dir, out);
    char *svg = slurp(path, &n);
    cr_assert_not_null(strstr(svg, "<svg"), "%s is not an SVG", path);
    for (size_t k = 0; want[k]; k++)
        cr_assert_not_null(strstr(svg, want[k]), "%s lacks \"%s\"", path, want[k]);
    free(svg);
}

static void draws(const char *scr, const char *input, const char *extra, const char *out,
                  const char *const *want)
{
    char *err;
    int st = script(scr, input, extra, out, &err);
    cr_assert_eq(st, 0, "plots/%s exit %d: %s", scr, st, err);
    free(err);
    assert_images(out, want);
}

Test(plots, service_level_by_interval_with_band_and_target)
{
    results("sim", "simulate scenarios/ref-erlang-a.cfg --replications 20 --seed 5");
    draws("service_level.py", "sim", "", "sl",
          (const char *const[]){ "Service level by interval", "target 80% within 20 s",
                                 "general: 95% interval", "ref-erlang-a: 20 replications, seed 5",
                                 NULL });
}

Test(plots, risk_histogram_with_kpi_line)
{
    results("sim", "simulate scenarios/ref-erlang-a.cfg --replications 30 --seed 5");
    draws("risk.py", "sim", "", "risk",
          (const char *const[]){ "Risk: the day's service level across replications",
                                 "30 replications", "KPI 80%: met in", NULL });
}

Test(plots, failover_timeline_finds_the_outage)
{
    results("fo", "simulate scenarios/examples/two-site-failover.cfg --replications 10 --seed 5");
    draws("failover.py", "fo", "", "fo",
          (const char *const[]){ "site down 10:00-14:00, 30-minute intervals", "barnet-general",
                                 "darwen-own-work", "dropped", "backlog", "Tue 10 Mar 2026", NULL });
}

Test(plots, staffing_required_vs_rostered)
{
    results("plan", "plan scenarios/barnet/bid-83fte.cfg");
    draws("staffing.py", "plan", "", "staff",
          (const char *const[]){ "Agents required vs rostered by interval", "rostered (83.84 FTE)",
                                 "required (meets the targets)", "11 queue(s)", NULL });
}

/* The channel total in the legend is the FTE ccsim plan --json reports. */
Test(plots, fte_and_cost_per_channel_match_the_plan)
{
    results("plan", "plan scenarios/barnet/baseline.cfg");
    char cmd[256], *json;
    snprintf(cmd, sizeof cmd, "%s plan scenarios/barnet/baseline.cfg --json", test_ccsim());
    cr_assert_eq(test_run(cmd, &json), 0);
    const char *key = "\"fte_by_channel\": {\"phone\": ";
    char *p = strstr(json, key);
    cr_assert_not_null(p, "%s", json);
    char want[64];
    snprintf(want, sizeof want, "phone: %.1f FTE", strtod(p + strlen(key), NULL));
    free(json);
    draws("fte_cost.py", "plan", "", "fte",
          (const char *const[]){ "FTE and cost per channel", want, "council-tax", NULL });
}

Test(plots, service_level_against_agents_three_ways)
{
    results("sim", "simulate scenarios/ref-erlang-a.cfg --replications 20 --seed 5");
    draws("sl_vs_agents.py", "sim", "--at 12:00 --aht 240 --patience 300", "sla",
          (const char *const[]){ "Erlang C (no abandonment)", "Erlang A (patience 300 s)",
                                 "simulated, 95% interval (1 run(s))",
                                 "600 calls, AHT 240 s (80.0 Erlang)", "Mon 05 Jan 12:00", NULL });
}

/* The wrong kind of file, a file that is not HDF5, a closed interval: one line on
 * stderr naming the file and field, exit 1, no image. */
Test(plots, bad_input_one_line_exit_1_no_image)
{
    results("plan", "plan scenarios/ref-erlang-a.cfg");
    char *err;
    cr_assert_eq(script("service_level.py", "plan", "", "bad1", &err), 1);
    cr_assert_not_null(strstr(err, "plan.h5: method: this plot needs the file of ccsim simulate --out"), "%s", err);
    cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "one line: %s", err);
    free(err);

    char path[128];
    snprintf(path, sizeof path, "%s/text.h5", dir);
    FILE *f = fopen(path, "w");
    fputs("not hdf5\n", f);
    fclose(f);
    cr_assert_eq(script("risk.py", "text", "", "bad2", &err), 1);
    cr_assert_not_null(strstr(err, "text.h5: cannot open as HDF5"), "%s", err);
    free(err);

    results("sim", "simulate scenarios/ref-erlang-a.cfg --replications 5");
    cr_assert_eq(script("sl_vs_agents.py", "sim", "--at 03:00", "bad3", &err), 1);
    cr_assert_not_null(strstr(err, "--at 03:00: no open interval starts then"), "%s", err);
    free(err);
    cr_assert_eq(script("failover.py", "sim", "", "bad4", &err), 1);
    cr_assert_not_null(strstr(err, "incidents: no site outage in the results"), "%s", err);
    free(err);
    for (int k = 1; k <= 4; k++) {
        struct stat st;
        snprintf(path, sizeof path, "%s/bad%d.png", dir, k);
        cr_assert_neq(stat(path, &st), 0, "%s written after bad input", path);
    }
}

/* The report (`ccsim report`, which runs plots/report.py): self-contained (every
 * image a data: URL, nothing fetched), the summary tables, the assumptions, and the
 * failover plot only where there is an outage. */
Test(plots, report_is_self_contained_with_tables_and_plots)
{
    results("fo", "simulate scenarios/examples/two-site-failover.cfg --replications 10 --seed 9");
    results("plan", "plan scenarios/barnet/bid-83fte.cfg");
    const struct { const char *in; int images; const char *want[4]; } cases[] = {
        { "fo", 3, { "Simulation: example-failover", "<td>barnet-general</td>", "<th>seed</th><td>9</td>",
                     "failover timeline" } },
        { "plan", 2, { "Workforce plan: barnet-bid-83fte", "<td>council-tax</td>",
                       "<th>rostered SL</th>", "FTE and cost per channel" } },
    };
    for (size_t c = 0; c < 2; c++) {
        char cmd[512], *err, path[128];
        snprintf(path, sizeof path, "%s/%s.html", dir, cases[c].in);
        snprintf(cmd, sizeof cmd, "%s report %s/%s.h5 --out %s 2>&1 >/dev/null", test_ccsim(), dir,
                 cases[c].in, path);
        cr_assert_eq(test_run(cmd, &err), 0, "%s: %s", cmd, err);
        free(err);
        size_t n;
        char *page = slurp(path, &n);
        int images = 0;
        for (const char *p = page; (p = strstr(p, "<img ")) != NULL; p++) {
            cr_assert_not_null(strstr(p, "src=\"data:image/png;base64,iVBORw0KGgo"), "image %d", images);
            images++;
        }
        cr_assert_eq(images, cases[c].images, "%s: %d images", path, images);
        cr_assert_null(strstr(page, "http://"), "%s refers outside itself", path);
        cr_assert_null(strstr(page, "https://"), "%s refers outside itself", path);
        for (size_t k = 0; k < 4; k++)
            cr_assert_not_null(strstr(page, cases[c].want[k]), "%s lacks %s", path, cases[c].want[k]);
        free(page);
    }
}

/* `ccsim report` on bad input: a missing results file, a file that is not a results
 * file, an output folder that does not exist — one line on stderr each, exit 1, 1
 * and 2, and no page. */
Test(plots, report_command_bad_input)
{
    char a[3][256];
    snprintf(a[0], sizeof a[0], "%s/none.h5 --out %s/r1.html", dir, dir);
    snprintf(a[1], sizeof a[1], "README.md --out %s/r2.html", dir);
    snprintf(a[2], sizeof a[2], "tests/data/partly-open.cfg --out %s/nodir/r3.html", dir);
    const struct { const char *args; int status; const char *want; } cases[] = {
        { a[0], 1, "none.h5: cannot read the results file" },
        { a[1], 1, "README.md: cannot open as HDF5" },
        { a[2], 2, "folder" },
    };
    for (size_t c = 0; c < 3; c++) {
        char cmd[512], *err;
        const char *args = cases[c].args;
        snprintf(cmd, sizeof cmd, "%s report %s 2>&1 >/dev/null", test_ccsim(), args);
        int st = test_run(cmd, &err);
        cr_assert_eq(st, cases[c].status, "%s: exit %d: %s", cmd, st, err);
        cr_assert_not_null(strstr(err, cases[c].want), "%s: %s", cmd, err);
        cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "%s: not one line: %s", cmd, err);
        free(err);
    }
    char page[128];
    struct stat st;
    for (int k = 1; k <= 2; k++) {
        snprintf(page, sizeof page, "%s/r%d.html", dir, k);
        cr_assert_neq(stat(page, &st), 0, "%s written after bad input", page);
    }
}
