/* scenario_load.h — reads a libconfig scenario file into a frozen cc_scenario.
 *
 * The loader works in three passes: parse (libconfig), validate (every field against
 * the schema documented in scenarios/README.md, unknown fields rejected), and freeze
 * (derive the timeline, expand per-open-interval lists onto the whole horizon,
 * prepare the distributions, index the routing). What it returns is complete and is
 * not changed afterwards; engines take it as `const cc_scenario *`.
 *
 * Freezing includes the v2 derivations: each queue's own open spans (closed dates,
 * bank holidays, seasons, its own hours), the scenario's union of them, demand
 * expanded into calls (model/demand.h), and one group per queue when groups is absent.
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
