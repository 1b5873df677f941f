/* engine.h — one replication of the discrete-event contact-centre model.
 *
 * The model. Calls arrive at each queue as a Poisson process whose rate is
 * constant within the queue's open part of each interval (its own hours) and
 * changes at interval boundaries. A caller brings a handling time and a patience, both drawn at arrival
 * from the queue's own streams (so they do not depend on staffing). An arriving
 * call goes to an idle agent of the first group that serves its queue and has one;
 * otherwise it waits in its queue, first come first served. A freed agent takes the
 * waiting call of the highest-priority queue it serves, the longest-waiting one on
 * equal priority. Abandonment is not an event: a waiting call's deadline (arrival +
 * patience) is checked when it reaches the head of its queue, and one found past it
 * is counted as abandoned at its deadline.
 *
 * Staffing is a count per group and interval. When it rises, the new agents are
 * free at once; when it falls, idle surplus agents leave at once and the next
 * agents to finish a call leave instead of taking another. Nobody is pre-empted.
 * When a group's queues close, no new calls arrive for them and the agents on duty
 * answer the calls still waiting (those with patience may abandon) before they leave. Calls
 * still waiting when no agent is left are counted as abandoned at their deadline,
 * or at the end of the run if they have no patience.
 *
 * Cost and memory. Per call: two heap pushes and pops (arrival, departure), three
 * draws, a handful of counter updates; no allocation. The workspace is sized from
 * the scenario when created and reset between replications; a queue's waiting
 * buffer doubles only when a replication holds more waiting calls than any before.
 * Statistics stream into per-interval tallies: memory does not grow with calls.
 *
 * Threads: one engine per thread; the scenario is shared read-only.
 */
#ifndef CC_ENGINE_H
#define CC_ENGINE_H

#include "model/scenario.h"
#include "sim/stats.h"

#include <stdint.h>

typedef struct cc_engine cc_engine;

/* A workspace for s, which must outlive it. `staffing` ([g * n_intervals + i],
 * agents on duty per group and interval: the scenario's plan, cc_scenario_staffing,
 * or any other) must outlive it too; so a staffing plan is simulated without
 * copying the scenario. NULL when out of memory. */
cc_engine *cc_engine_create(const cc_scenario *s, const unsigned *staffing);
void cc_engine_destroy(cc_engine *e);

/* Runs replication `rep` of the master seed and writes its tallies into
 * queues[q * n_intervals + i] and groups[g * n_intervals + i] (overwritten, not
 * added to). Returns 0, or -1 when a waiting buffer could not grow. */
int cc_engine_run(cc_engine *e, uint64_t master_seed, uint64_t rep,
                  cc_queue_tally *queues, cc_group_tally *groups);

#endif
