/* fuzz_history.c — libFuzzer harness for the history readers (io/history.h).
 *
 * Each input is written to a file in a private folder and read three ways: as
 * found (a call log when its header is one, else an interval export), as an
 * interval export summed to half hours, and as a call log. The contract checked:
 * CC_OK with a history whose per-interval figures are finite and non-negative (and,
 * for a call log, handling-time and patience estimates that succeed or refuse), or
 * CC_EINPUT / CC_EINTERNAL with a one-line message and no history; never a crash,
 * hang, leak or out-of-bounds read (ASan and UBSan are on). Run by `make fuzz`.
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "io/history.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void check(const cc_history_options *o)
{
    cc_history *h = NULL;
    cc_error err = { 0 };
    int rc = cc_history_read(path, o, &h, &err);
    if (rc != CC_OK) {
        if (h || (rc != CC_EINPUT && rc != CC_EINTERNAL) || !err.msg[0] || strchr(err.msg, '\n'))
            abort();
        return;
    }
    if (!h)
        abort();
    for (size_t i = 0; i < h->n_intervals; i++)
        if (!(h->offered[i] >= 0) || !(h->answered[i] >= 0) || !(h->agents[i] >= 0) ||
            !isfinite(h->handled_s[i]) || !isfinite(h->busy[i]))
            abort();
    if (h->format == CC_HISTORY_CALLS) {
        cc_history_handling hd;
        cc_history_patience p;
        rc = cc_history_handling_fit(h, &hd, &err);
        if (rc == CC_OK)
            cc_history_handling_fini(&hd);
        else if (rc != CC_EINPUT)
            abort();
        if (cc_history_patience_fit(h, &p, &err) == CC_OK)
            cc_history_patience_fini(&p);
    }
    cc_history_destroy(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        char dir[] = "/tmp/ccsim-fuzz-XXXXXX";
        if (!mkdtemp(dir))
            abort();
        snprintf(path, sizeof path, "%s/h.csv", dir);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    cc_history_options o = { 0 };
    check(&o);
    o.format = CC_HISTORY_INTERVALS;
    o.interval_s = 1800;
    check(&o);
    o.format = CC_HISTORY_CALLS;
    check(&o);
    return 0;
}
