/* signals.h — how a long ccsim command stops on SIGINT, SIGTERM or SIGHUP.
 *
 * cc_cli_signals_catch records the first such signal in cc_cli_signal instead of
 * ending the process, so the runner stops between batches (sim/runner.h) and the
 * command removes what it started and exits with status 2. A signal the process
 * inherited as ignored (nohup, a shell's background job) stays ignored. Handlers
 * are installed with SA_RESTART, so a signal never fails a write half-way.
 */
#ifndef CC_CLI_SIGNALS_H
#define CC_CLI_SIGNALS_H

#include <signal.h>

/* The signal caught (SIGINT, SIGTERM or SIGHUP), 0 while none has arrived. */
extern volatile sig_atomic_t cc_cli_signal;

void cc_cli_signals_catch(void);

/* "SIGINT", "SIGTERM" or "SIGHUP". */
const char *cc_cli_signal_name(int sig);

#endif
