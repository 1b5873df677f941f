/* scenario_load.h — reads a libconfig scenario file into a frozen cc_scenario.
 *
 * The loader works in three visible steps:
 * 1. parse: libconfig reads the file (and its @includes) into a settings tree;
 * 2. validate: every field is checked against the schema documented in
 *    scenarios/README.md (unknown fields rejected) and stored as given; nothing is
 *    derived yet;
 * 3. freeze: the open-hours rules of model/scenario.h run once (each queue's open
 *    spans after closed dates, bank holidays, seasons and its own hours; their union;
 *    the group-open table), then the checks that need them (the horizon opens
 *    somewhere; a list given per open interval has one value per open interval) and
 *    the values given per open interval are put on the horizon; then
 *    cc_scenario_freeze fills the defaults, indexes the routing, turns demand and
 *    traces into calls per interval (model/demand.h) and fixes the stable ids.
 * What it returns is complete and is not changed afterwards; engines take it as
 * `const cc_scenario *`.
 *
 * A trace file (queues[].trace.file) resolves, like @include, relative to the
 * scenario's directory; its errors name the trace file and its line.
 *
 * `@include "FILE"` resolves relative to the scenario file's directory. The stored
 * text is the main file verbatim, followed by each included file verbatim under a
 * marker line (scenarios/README.md, "@include").
 *
 * Errors are one line, `FILE:LINE: FIELD.PATH must be ACCEPTED (got VALUE)`, where
 * FILE is the path as given (or, for a setting read through @include, the included
 * file's path) and LINE the line of the offending setting (of its parent when the
 * setting is missing; no line when the whole file is at fault).
 *
 * The loader keeps no state between calls and calls libconfig only, so it is safe to
 * call from any thread, but never inside a parallel region (see STYLE.md).
 */
#ifndef CC_SCENARIO_LOAD_H
#define CC_SCENARIO_LOAD_H

#include "model/error.h"
#include "model/scenario.h"

/* Loads, validates and freezes the scenario in the file at path. Returns CC_OK and
 * *out (the caller frees it with cc_scenario_destroy); or CC_EINPUT with a one-line
 * message in err for any bad input, a missing or unreadable file included; or
 * CC_EINTERNAL when out of memory. On failure *out is NULL. err may be NULL. */
int cc_scenario_load(const char *path, cc_scenario **out, cc_error *err);

#endif
