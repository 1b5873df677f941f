/* fuzz_scenario.c — libFuzzer harness for the scenario loader (io/scenario_load.h).
 *
 * Each input is written to a scenario file in a private folder and loaded. The
 * contract checked: the loader returns CC_OK with a scenario, or CC_EINPUT /
 * CC_EINTERNAL with a one-line message and no scenario; it never crashes, hangs,
 * leaks or reads out of bounds (ASan and UBSan are on), and never exits. A
 * loaded scenario is also put through the run-limits estimate, which walks every
 * queue and interval. Run by `make fuzz`.
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "io/scenario_load.h"
#include "model/run_limits.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        char dir[] = "/tmp/ccsim-fuzz-XXXXXX";
        if (!mkdtemp(dir))
            abort();
        snprintf(path, sizeof path, "%s/s.cfg", dir);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    cc_scenario *s = NULL;
    cc_error err = { 0 };
    int rc = cc_scenario_load(path, &s, &err);
    if (rc == CC_OK) {
        if (!s)
            abort();
        cc_run_estimate e = cc_run_limits_estimate(s, s->replications);
        if (isnan(e.calls) || e.calls < 0)
            abort();
    } else if (s || (rc != CC_EINPUT && rc != CC_EINTERNAL) || !err.msg[0] || strchr(err.msg, '\n')) {
        abort();
    }
    cc_scenario_destroy(s);
    return 0;
}
