/* fuzz_cli.c — libFuzzer harness for the command line of every subcommand.
 *
 * The input is split at newlines into arguments; the first byte picks the
 * subcommand (erlang, plan, simulate, compare). The harness runs in an empty
 * private folder, so a relative scenario path names nothing and no run starts:
 * what is exercised is each command's flag parsing and validation, the --out
 * checks and the Erlang formulas (erlang runs to the end). The contract: the
 * command returns 0, 1 or 2 and prints at most one line on stderr per failure;
 * it never crashes, hangs or exits. `make fuzz` runs it with -close_fd_mask=3, so the
 * commands' own output is discarded while libFuzzer's reports still show.
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "cli/commands.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        char dir[] = "/tmp/ccsim-fuzz-cli-XXXXXX";
        if (!mkdtemp(dir) || chdir(dir) != 0)
            abort();
        ready = 1;
    }
    static int (*const commands[])(int, char **) = { cc_cmd_erlang, cc_cmd_plan, cc_cmd_simulate,
                                                     cc_cmd_compare };
    static const char *const names[] = { "erlang", "plan", "simulate", "compare" };
    if (size < 1 || size > 4096)
        return 0;
    size_t which = data[0] % 4;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)names[which];
    for (char *p = text; argc < MAX_ARGS && p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        argv[argc++] = p;
        p = nl ? nl + 1 : NULL;
    }
    argv[argc] = NULL;
    int rc = commands[which](argc, argv);
    free(text);
    if (rc < 0 || rc > 2)
        abort();
    return 0;
}
