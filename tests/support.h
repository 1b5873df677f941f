/* support.h — small helpers shared by the test files: temporary scenario files,
 * loading and simulating with assertions, running the CLI. */
#ifndef CC_TEST_SUPPORT_H
#define CC_TEST_SUPPORT_H

#include "model/scenario.h"
#include "sim/runner.h"

#include <hdf5.h>
#include <sys/types.h>

/* Writes text to a fresh temporary .cfg file; returns its path (free it). */
char *test_write_cfg(const char *text);
/* Loads a scenario and fails the test with the loader's message if it cannot. */
cc_scenario *test_load(const char *path);
/* Loads a scenario from text (a temporary file). */
cc_scenario *test_load_text(const char *text);
/* Simulates and fails the test on error. */
cc_results *test_simulate(const cc_scenario *s, unsigned reps, uint64_t seed, int threads);
/* Asserts that an estimate agrees with an exact value: within 3.29 standard errors
 * (the 99.9% interval), so a correct simulator fails one such check in a thousand
 * seeds, while a bias the size of the 95% interval is caught. */
void test_assert_agrees(const char *what, cc_estimate e, double exact);
/* One replication of s under its own staffing plan through the engine: the queue and
 * group tallies ([q * n_intervals + i], [g * n_intervals + i]; free them). */
void test_engine_tallies(const cc_scenario *s, uint64_t seed, uint64_t rep, cc_queue_tally **qt,
                         cc_group_tally **gt);
/* Scenario surgery for engine tests, for fields the scenario file cannot give yet:
 * a second site (returns its index), a timeline event (kept in time order), a trace
 * replacing a queue's Poisson arrivals (arrays copied; handling_s may be NULL; the
 * queue's calls per interval become the trace's counts). */
size_t test_add_site(cc_scenario *s, const char *name);
void test_add_event(cc_scenario *s, cc_timeline_event ev);
void test_set_trace(cc_scenario *s, size_t q, const double *arrival_s, const double *handling_s, size_t n);
/* The ccsim binary: $CCSIM, or ./build/ccsim. */
const char *test_ccsim(void);
/* Waits (up to 60 s) until process pid catches signal sig (Linux: SigCgt in
 * /proc/PID/status), so a test's signal meets the handler rather than the
 * default action of a process still starting; fails the test if it never does. */
void test_wait_catches(pid_t pid, int sig);
/* Runs a shell command; returns its exit status and captures stdout (free it). */
int test_run(const char *cmd, char **out);

/* HDF5 read-back: the rows of a dataset (failing the test when it is missing), and
 * whether its compound type has a column. */
hsize_t test_h5_rows(hid_t file, const char *dataset);
int test_h5_has_column(hid_t file, const char *dataset, const char *column);

#endif
