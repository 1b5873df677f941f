#include "model/scenario.h"

#include "model/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cc_channel_name(cc_channel c)
{
    static const char *const names[CC_CHANNELS] = { "phone", "email", "web-form", "post",
                                                    "chat", "face-to-face", "self-service" };
    return c < CC_CHANNELS ? names[c] : "?";
}

cc_discipline cc_channel_discipline(cc_channel c)
{
    static const cc_discipline of[CC_CHANNELS] = {
        [CC_CHANNEL_PHONE] = CC_DISCIPLINE_INBOUND, [CC_CHANNEL_EMAIL] = CC_DISCIPLINE_DEFERRED,
        [CC_CHANNEL_WEB_FORM] = CC_DISCIPLINE_DEFERRED, [CC_CHANNEL_POST] = CC_DISCIPLINE_DEFERRED,
        [CC_CHANNEL_CHAT] = CC_DISCIPLINE_CHAT, [CC_CHANNEL_FACE_TO_FACE] = CC_DISCIPLINE_FACE_TO_FACE,
        [CC_CHANNEL_SELF_SERVICE] = CC_DISCIPLINE_SELF_SERVICE,
    };
    return c < CC_CHANNELS ? of[c] : CC_DISCIPLINE_INBOUND;
}

const char *cc_discipline_name(cc_discipline d)
{
    static const char *const names[CC_DISCIPLINES] = { "inbound", "chat", "deferred",
                                                       "face-to-face", "self-service" };
    return d < CC_DISCIPLINES ? names[d] : "?";
}

/* FNV-1a over "kind:name", then splitmix64's finaliser for avalanche. */
uint64_t cc_stable_id(const char *kind, const char *name)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *p = kind; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    h = (h ^ (unsigned char)':') * 0x100000001b3ULL;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h ? h : 0x9e3779b97f4a7c15ULL;
}

static int id_collides(const uint64_t *ids, size_t n, size_t *a, size_t *b)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (ids[i] == ids[j]) {
                *a = i;
                *b = j;
                return 1;
            }
    return 0;
}

int cc_scenario_freeze(cc_scenario *s, cc_error *err)
{
    if (s->n_sites == 0) {
        if (!(s->sites = calloc(1, sizeof *s->sites)) || !(s->sites[0].name = strdup("main")))
            return cc_error_set(err, CC_EINTERNAL, "out of memory");
        s->n_sites = 1;
    }
    size_t most = s->n_sites > s->n_queues ? s->n_sites : s->n_queues;
    if (s->n_groups > most)
        most = s->n_groups;
    uint64_t *ids = malloc((most ? most : 1) * sizeof *ids);
    if (!ids)
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    size_t a, b;
    int rc = CC_OK;
    for (size_t q = 0; q < s->n_queues; q++)
        if (!s->queues[q].calls
            && !(s->queues[q].calls = calloc(s->n_intervals ? s->n_intervals : 1,
                                             sizeof *s->queues[q].calls)))
            rc = CC_EINTERNAL;
    if (rc == CC_OK && ((!s->group_open && cc_scenario_index_group_open(s))
                        || (!s->queue_groups && cc_scenario_index_routing(s))))
        rc = CC_EINTERNAL;
    if (rc != CC_OK) {
        free(ids);
        return cc_error_set(err, CC_EINTERNAL, "out of memory");
    }
    cc_demand_expand(s);
    for (size_t k = 0; k < s->n_sites; k++)
        ids[k] = s->sites[k].id = cc_stable_id("site", s->sites[k].name);
    if (id_collides(ids, s->n_sites, &a, &b))
        rc = cc_error_set(err, CC_EINPUT, "%s: sites \"%s\" and \"%s\" have the same stable "
                          "id; rename one", s->path, s->sites[a].name, s->sites[b].name);
    for (size_t q = 0; q < s->n_queues && rc == CC_OK; q++) {
        cc_queue *qu = &s->queues[q];
        ids[q] = qu->id = cc_stable_id("queue", qu->name);
        if (qu->n_targets == 0) {
            qu->targets[0] = (cc_target){ s->targets.service_level, s->targets.answer_within_s, 0 };
            qu->n_targets = 1;
        }
    }
    if (rc == CC_OK && id_collides(ids, s->n_queues, &a, &b))
        rc = cc_error_set(err, CC_EINPUT, "%s: queues \"%s\" and \"%s\" have the same stable "
                          "id; rename one", s->path, s->queues[a].name, s->queues[b].name);
    for (size_t g = 0; g < s->n_groups && rc == CC_OK; g++) {
        cc_group *grp = &s->groups[g];
        ids[g] = grp->id = cc_stable_id("group", grp->name);
        if (grp->concurrency == 0)
            grp->concurrency = 1;
    }
    if (rc == CC_OK && id_collides(ids, s->n_groups, &a, &b))
        rc = cc_error_set(err, CC_EINPUT, "%s: groups \"%s\" and \"%s\" have the same stable "
                          "id; rename one", s->path, s->groups[a].name, s->groups[b].name);
    free(ids);
    return rc;
}

void cc_dist_prepare(cc_dist *d)
{
    switch (d->kind) {
    case CC_DIST_LOGNORMAL: {
        double s2 = log1p(d->cv * d->cv);
        d->p1 = log(d->mean_s) - 0.5 * s2;
        d->p2 = sqrt(s2);
        break;
    }
    case CC_DIST_GAMMA:
        d->p1 = 1.0 / (d->cv * d->cv);
        d->p2 = d->mean_s * d->cv * d->cv;
        break;
    default:
        d->p1 = d->p2 = 0.0;
    }
}

int cc_scenario_queue_timeline(cc_scenario *s, size_t q)
{
    cc_queue *qu = &s->queues[q];
    int len = (int)s->calendar.interval_min;
    qu->open_from_s = calloc(s->n_intervals ? s->n_intervals : 1, sizeof *qu->open_from_s);
    qu->open_to_s = calloc(s->n_intervals ? s->n_intervals : 1, sizeof *qu->open_to_s);
    if (!qu->open_from_s || !qu->open_to_s)
        return -1;
    qu->n_open_intervals = 0;
    for (size_t day = 0; day < s->calendar.days; day++) {
        int open_min, close_min;
        if (!cc_calendar_day_span(&s->calendar, qu->hours, qu->n_hours, qu->priority,
                                  s->calendar.first_date + (long)day, &open_min, &close_min))
            continue;
        /* whole minutes until the final conversion, so the boundaries are exact */
        for (size_t k = 0; k < s->intervals_per_day; k++) {
            size_t i = day * s->intervals_per_day + k;
            int t0 = (int)k * len;
            int from = open_min > t0 ? open_min : t0;
            int to = close_min < t0 + len ? close_min : t0 + len;
            if (to > from) {
                qu->open_from_s[i] = 60.0 * (from - t0);
                qu->open_to_s[i] = 60.0 * (to - t0);
                qu->n_open_intervals++;
            }
        }
    }
    return 0;
}

int cc_scenario_union_timeline(cc_scenario *s)
{
    s->open_from_s = calloc(s->n_intervals ? s->n_intervals : 1, sizeof *s->open_from_s);
    s->open_to_s = calloc(s->n_intervals ? s->n_intervals : 1, sizeof *s->open_to_s);
    if (!s->open_from_s || !s->open_to_s)
        return -1;
    s->n_open_intervals = 0;
    for (size_t i = 0; i < s->n_intervals; i++) {
        int open = 0;
        for (size_t q = 0; q < s->n_queues; q++) {
            const cc_queue *qu = &s->queues[q];
            if (!(qu->open_to_s[i] > qu->open_from_s[i]))
                continue;
            if (!open || qu->open_from_s[i] < s->open_from_s[i])
                s->open_from_s[i] = qu->open_from_s[i];
            if (!open || qu->open_to_s[i] > s->open_to_s[i])
                s->open_to_s[i] = qu->open_to_s[i];
            open = 1;
        }
        s->n_open_intervals += (size_t)open;
    }
    return 0;
}

int cc_scenario_index_group_open(cc_scenario *s)
{
    size_t cells = s->n_groups * s->n_intervals;
    if (!(s->group_open = calloc(cells ? cells : 1, 1)))
        return -1;
    for (size_t g = 0; g < s->n_groups; g++)
        for (size_t k = 0; k < s->groups[g].n_serves; k++) {
            const cc_queue *qu = &s->queues[s->groups[g].serves[k]];
            for (size_t i = 0; i < s->n_intervals; i++)
                s->group_open[g * s->n_intervals + i] |= qu->open_to_s[i] > qu->open_from_s[i];
        }
    return 0;
}

/* Whether queue q opens at all on date (days from 1970-01-01). */
static int queue_open_on(const cc_scenario *s, const cc_queue *qu, long date)
{
    int from, to;
    return cc_calendar_day_span(&s->calendar, qu->hours, qu->n_hours, qu->priority, date, &from,
                                &to);
}

double cc_scenario_business_deadline_s(const cc_scenario *s, size_t q, double arrival_s,
                                       unsigned days)
{
    const cc_queue *qu = &s->queues[q];
    long first = s->calendar.first_date;
    long date = first + (long)floor(arrival_s / 86400.0);
    long limit = date + 366 + (long)days * 7;
    while (!queue_open_on(s, qu, date))
        if (++date > limit)
            return INFINITY;
    for (unsigned n = 0; n < days;) {
        if (++date > limit)
            return INFINITY;
        n += (unsigned)queue_open_on(s, qu, date);
    }
    return 86400.0 * (double)(date - first + 1);
}

int cc_scenario_index_routing(cc_scenario *s)
{
    s->queue_groups = calloc(s->n_queues ? s->n_queues : 1, sizeof *s->queue_groups);
    s->n_queue_groups = calloc(s->n_queues ? s->n_queues : 1, sizeof *s->n_queue_groups);
    if (!s->queue_groups || !s->n_queue_groups)
        return -1;
    for (size_t q = 0; q < s->n_queues; q++) {
        s->queue_groups[q] = calloc(s->n_groups ? s->n_groups : 1, sizeof **s->queue_groups);
        if (!s->queue_groups[q])
            return -1;
        for (size_t g = 0; g < s->n_groups; g++)
            for (size_t k = 0; k < s->groups[g].n_serves; k++)
                if (s->groups[g].serves[k] == q) {
                    s->queue_groups[q][s->n_queue_groups[q]++] = g;
                    break;
                }
    }
    return 0;
}

void cc_scenario_moment(const cc_scenario *s, double at_s, char sep, char buf[static 32])
{
    long minute = lround(at_s / 60.0), days = minute / 1440, rest = minute % 1440;
    char date[11];
    cc_date_format(s->calendar.first_date + days, date);
    snprintf(buf, 32, "%s%c%02ld:%02ld", date, sep, rest / 60, rest % 60);
}

void cc_scenario_interval_label(const cc_scenario *s, size_t i, char *buf, size_t n)
{
    static const char *const weekday[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    size_t day = i / s->intervals_per_day;
    long minute = lround((double)(i % s->intervals_per_day) * s->interval_s / 60.0);
    snprintf(buf, n, "%s %02ld:%02ld (day %zu)", weekday[((size_t)s->calendar.first_weekday + day) % 7],
             minute / 60, minute % 60, day + 1);
}

unsigned *cc_scenario_staffing(const cc_scenario *s)
{
    size_t cells = s->n_groups * s->n_intervals;
    unsigned *staffing = malloc((cells ? cells : 1) * sizeof *staffing);
    if (staffing)
        for (size_t g = 0; g < s->n_groups; g++)
            memcpy(&staffing[g * s->n_intervals], s->groups[g].agents, s->n_intervals * sizeof *staffing);
    return staffing;
}

void cc_scenario_destroy(cc_scenario *s)
{
    if (!s)
        return;
    for (size_t q = 0; q < s->n_queues; q++) {
        cc_queue *qu = &s->queues[q];
        free(qu->name);
        free(qu->calls);
        free(qu->handling.values);
        free(qu->patience.values);
        free(qu->hours);
        free(qu->open_from_s);
        free(qu->open_to_s);
        free(qu->demand.intraday_profile);
        free(qu->trace.arrival_s);
        free(qu->trace.handling_s);
        free(qu->trace.patience_s);
        if (s->queue_groups)
            free(s->queue_groups[q]);
    }
    for (size_t g = 0; g < s->n_groups; g++) {
        free(s->groups[g].name);
        free(s->groups[g].serves);
        free(s->groups[g].agents);
    }
    for (size_t k = 0; k < s->n_sites; k++)
        free(s->sites[k].name);
    free(s->sites);
    for (size_t k = 0; k < s->roster.n_shifts; k++) {
        free(s->roster.shifts[k].name);
        free(s->roster.shifts[k].groups);
    }
    free(s->roster.shifts);
    free(s->events);
    free(s->shifts);
    free(s->group_open);
    free(s->queue_groups);
    free(s->n_queue_groups);
    free(s->queues);
    free(s->groups);
    cc_calendar_fini(&s->calendar);
    free(s->open_from_s);
    free(s->open_to_s);
    for (size_t k = 0; k < s->n_warnings; k++)
        free(s->warnings[k]);
    free(s->warnings);
    free(s->path);
    free(s->text);
    free(s->name);
    free(s->description);
    free(s);
}
