/* engine.h — one replication of the discrete-event contact-centre model.
 *
 * Arrivals. Each queue's contacts come from its source: a Poisson process whose rate
 * is constant within the queue's open part of each interval (the whole interval for
 * deferred work, which arrives at any hour) and restarts at interval boundaries, or a
 * trace, whose arrivals are replayed exactly in every replication. A contact's
 * handling time and patience come from the trace when it gives them, otherwise from
 * the queue's own random streams keyed by the contact's index (sim/rng.h), so they do
 * not depend on staffing, routing or other queues; a patience is drawn only for a
 * contact who has to wait; deferred contacts never abandon.
 *
 * Service. An agent holds up to its group's concurrency contacts at once (1 for
 * calls; web chat more): a group has agents x concurrency slots, a contact takes
 * one, and busy time counts slot-seconds / concurrency (agent occupancy). An
 * arriving contact takes a free slot of the first group, in routing order, that
 * serves its queue (with site shares, cc_site.share, first of the groups at a site
 * drawn by them, CC_STREAM_SITES word 1); otherwise it waits in its queue, first come
 * first served. A freed
 * slot takes the waiting contact of the highest-priority queue its group serves, the
 * longest-waiting on equal priority (callers before deferred work: Blending, below).
 * Abandonment is not an event (except with redials or call backs, below): a waiting
 * contact's deadline (arrival + patience) is checked when it reaches the head of its
 * queue, and one found past it is counted as abandoned at its deadline; when a queue's
 * buffer fills, and at every interval's end, the contacts whose patience has run out
 * are purged from anywhere in it, so memory follows the contacts actually waiting.
 *
 * Blending. A group that serves callers (inbound, chat, face to face) and deferred
 * queues takes a call back or deferred work only when none of its callers' queues
 * has a caller waiting, whatever the priorities; call backs before deferred work, the
 * oldest request first; both only while the group is on duty.
 *
 * Channels and caller behaviour (model/scenario.h, scenarios/README.md).
 *   Self-service: a contact is offered and answered on arrival (wait 0, handling 0,
 *     within every target) by no agent; nothing is drawn for it.
 *   Lines: an arrival that finds the queue's contacts in service plus waiting (call
 *     backs apart) at `lines` hears the busy tone: offered and blocked, nothing more.
 *   Redials: a caller who abandons, or is blocked, calls again with probability
 *     redial_share, after a delay drawn from redial_delay: a new arrival of the queue
 *     (offered, and counted in redials); a redial may redial again; one due after the
 *     horizon's end is not simulated.
 *   Call backs: a caller who would still be waiting callback_after_s after arriving
 *     (patience longer than that) takes a call back with probability callback_share
 *     (drawn when it starts to wait): at that moment it leaves the queue, counted in
 *     called_back; the call back joins the queue's list of call backs owed and is made
 *     by one of the queue's groups under the blending rule (callbacks_made, and
 *     callback_within when made within callback_within_s of the request; its handling
 *     is the caller's, kept out of handled_s). Callers answered before that moment are
 *     answers. Conservation: offered = answered + abandoned + blocked + deflected +
 *     called_back + the deferred contacts still in the backlog at the end.
 *     In a queue with redials or call backs every waiting caller's deadline is an
 *     event (a watch on the arrival heap), so each abandons or asks at its moment.
 *   Chat stretch: a chat's handling time is multiplied by 1 + chat_stretch x the
 *     other chats its agent holds when it starts. The group's chats are taken as
 *     packed onto as few agents as hold them (the rule by which agents leave, below):
 *     a new chat joins the agent with a free slot, who holds busy mod concurrency
 *     others. At concurrency 1 it is the phone model exactly.
 *   The `then` hand-on: when a contact's service (or call back) ends within the
 *     horizon, with probability next_share it arrives at next_queue at that moment (a
 *     new contact there, offered), after the freed agent has taken its next contact.
 *   A redial or hand-on draws its handling, patience and decisions from the stream of
 *     the fresh arrival it descends from (sim/rng.h, CC_STREAM_DERIVED and
 *     CC_STREAM_FATE keyed by that arrival's queue and index and the hops between), so
 *     common random numbers hold: the fresh arrivals and their draws are the same
 *     whether or not the queue redials or hands on; a contact 65535 hops from its
 *     arrival goes no further. Derived contacts arrive whether or not their queue is
 *     open (the agents on duty, if any, serve them).
 *
 * Staffing is a count per group and interval (the plan passed in), replaced while a
 * timeline staffing event is in force. When it rises, the new agents are free at
 * once; when it falls, agents holding no contact leave at once and the others as
 * they finish. Nobody is pre-empted. When a group's queues close, no new contacts
 * arrive for them and the agents on duty answer the calls still waiting (those with
 * patience may abandon) before they leave; deferred work is taken only while the
 * group is open (at closing agents finish what they hold and leave it in the
 * backlog, for the next open day). Contacts still waiting when no agent is left are
 * counted as abandoned at their deadline, or at the end of the run if they have no
 * patience; deferred ones stay in the backlog.
 *
 * The timeline. A site going down sets its groups to 0 agents at once: contacts in
 * service there are dropped (counted in `dropped`, by arrival interval; they stay
 * counted as answered; busy time counts up to the drop) — or, when the outage says
 * in_service "completed", finished, each agent leaving when its contact ends — and
 * waiting contacts stay queued for other groups or abandon. While it is down, an
 * arrival at a queue that no group at an up site serves in the routing in force
 * meets the outage's `arrivals` option: queued, blocked (tally `blocked`), or sent to
 * the web by a message with probability web_share (tally `deflected`, the draw from
 * the contact's own CC_STREAM_OUTAGE word). When the site comes back (a site_up, or
 * the outage's duration) its agents return to the plan; a zero-length outage is no
 * action at all. A re-route makes every group at the destination site also serve the
 * queues of the groups at the failed site, after its own; routing tables (and which
 * groups count as open) are precomputed per routing epoch; its agents brought in join
 * their group's plan, while on duty, from the re-route plus the ramp-up to the end of
 * the outage. A staffing event sets a group's agents from its start to its end, at
 * any moment.
 *
 * Targets. A contact is answered within a target of T seconds when it waited at most
 * T; within N business days when answered before midnight ending the N-th open day of
 * its queue after its arrival day (a contact arriving on a closed day counts from the
 * next open day; beyond the horizon, any answer counts). The headline target fills
 * answered_within and abandoned_within, the others answered_within_k. Deferred
 * contacts still waiting when the run ends whose deadline for target k lies beyond
 * the horizon are counted in censored_k[k] (neither hit nor miss). `backlog` is
 * the number of contacts waiting at the end of each interval, for every queue.
 *
 * Invariants (the clock never runs back, a group's busy count never goes negative)
 * are checked in every build; a violation prints the replication, simulated time and
 * seed on stderr and aborts.
 *
 * Cost and memory. Per call: two heap pushes and pops (arrival, departure), three
 * quarters of a Philox block (two contacts' words and four arrival gaps per block),
 * two logarithms (a third for a caller who waits), a handful of counter updates;
 * busy time is booked when a service starts. The
 * workspace is sized from the scenario when created — the contact table (one slot per
 * agent and concurrency, again for every outage of its site), the event heaps, the
 * routing epochs — and reset between replications; nothing is allocated in the event
 * loop except when a queue holds more contacts actually waiting than its buffer has
 * ever held (the buffer then doubles), and, in queues with redials or call backs,
 * when the arrival heap, the redials on their way or the call backs owed outgrow
 * what they have held (each doubles). A waiting contact is 40 bytes (its lineage
 * included). Statistics stream into per-interval tallies: memory does not grow with
 * contacts.
 *
 * Threads: one engine per thread; the scenario is shared read-only.
 */
#ifndef CC_ENGINE_H
#define CC_ENGINE_H

#include "model/scenario.h"
#include "sim/stats.h"

#include <stddef.h>
#include <stdint.h>

typedef struct cc_engine cc_engine;

/* A workspace for s, which must outlive it. `staffing` ([g * n_intervals + i],
 * agents on duty per group and interval: the scenario's plan, cc_scenario_staffing,
 * or any other) must outlive it too; so a staffing plan is simulated without
 * copying the scenario. NULL when out of memory (or when the contact table would
 * need more than 2^24 slots). */
cc_engine *cc_engine_create(const cc_scenario *s, const unsigned *staffing);
void cc_engine_destroy(cc_engine *e);

/* What one replication counts for a queue in an interval: the interval record's
 * fields (model/interval.h), its counts as 32-bit whole numbers and its seconds as
 * doubles, 112 bytes where cc_queue_tally takes 192. A replication holds one per
 * queue-interval in each thread's slot, so this is what keeps a year of 5-minute
 * intervals small. One interval's counts stay far below 2^32 (model/run_limits.h
 * caps the calls of an interval well below). cc_queue_counts_tally turns one into
 * the interval record. */
typedef struct cc_queue_counts {
    uint32_t offered, answered, answered_within, answered_within_k[CC_MAX_TARGETS - 1];
    uint32_t abandoned, abandoned_within, dropped, blocked, deflected, called_back;
    uint32_t callbacks_made, callback_within, redials, censored_k[CC_MAX_TARGETS], backlog;
    double wait_s, abandon_wait_s, handled_s;
} cc_queue_counts;

/* The interval record of one replication's counts. */
void cc_queue_counts_tally(const cc_queue_counts *c, cc_queue_tally *t);

/* Where a replication's tallies go: counts per queue-interval, a tally per
 * group-interval and a flag per cell, all zero when passed in. */
typedef struct cc_engine_tallies {
    cc_queue_counts *queues;        /* [q * n_intervals + i] */
    cc_group_tally *groups;         /* [g * n_intervals + i] */
    unsigned char *queue_written;   /* [q * n_intervals + i]: set to 1 where written */
    unsigned char *group_written;   /* [g * n_intervals + i] */
} cc_engine_tallies;

/* Runs replication `rep` of the master seed and adds its tallies into `out`. Only
 * the cells where something happened are written (a contact arrived or waited at
 * the interval's end, agents were busy or on duty), and each of them is flagged:
 * a reader visits the flagged cells and clears them (and their flags) for the next
 * replication, so the memory under the closed hours of a long horizon is never
 * touched (a fresh calloc maps it only on first use). Returns 0, or -1 when a
 * waiting buffer (or the arrival heap, or the redials on their way) could not grow. */
int cc_engine_run(cc_engine *e, uint64_t master_seed, uint64_t rep, const cc_engine_tallies *out);

/* The waiting contacts the engine's buffers can hold, all queues together (they
 * grow only with the contacts actually waiting at once). */
size_t cc_engine_waiting_capacity(const cc_engine *e);

#endif
