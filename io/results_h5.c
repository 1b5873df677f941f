#include "io/results_h5.h"

#include "io/h5table.h"
#include "model/plan.h"
#include "model/version.h"

#include <math.h>
#include <stdio.h>

/* Adds the columns "metric" and "metric_ci95" for each name. */
static void add_estimate_cols(cc_h5table *t, const char *const *names, int n)
{
    char buf[64];
    for (int m = 0; m < n; m++) {
        cc_h5table_add_col(t, names[m], CC_H5_DOUBLE);
        snprintf(buf, sizeof buf, "%s_ci95", names[m]);
        cc_h5table_add_col(t, buf, CC_H5_DOUBLE);
    }
}

/* Fills estimate columns starting at col; returns the next column. */
static size_t set_estimates(cc_h5table *t, size_t row, size_t col, const cc_estimate *e, int n)
{
    for (int m = 0; m < n; m++) {
        cc_h5table_set_double(t, row, col++, e[m].mean);
        cc_h5table_set_double(t, row, col++, e[m].ci95);
    }
    return col;
}

/* "service_level_target_K" and its ci95 for the further targets K = 2 .. extra + 1. */
static void add_target_cols(cc_h5table *t, size_t extra)
{
    char name[64];
    for (size_t k = 2; k <= extra + 1; k++) {
        snprintf(name, sizeof name, "service_level_target_%zu", k);
        cc_h5table_add_col(t, name, CC_H5_DOUBLE);
        snprintf(name, sizeof name, "service_level_target_%zu_ci95", k);
        cc_h5table_add_col(t, name, CC_H5_DOUBLE);
    }
}

static void fill_interval_time(cc_h5table *t, size_t k, size_t i, const void *ctx)
{
    const cc_scenario *s = ((const cc_results *)ctx)->s;
    size_t day = i / s->intervals_per_day;
    char iso[32];
    cc_scenario_moment(s, (double)i * s->interval_s, 'T', iso);
    cc_h5table_set_int(t, k, 0, (long)i);
    cc_h5table_set_int(t, k, 1, (long)day);
    cc_h5table_set_name(t, k, 2, iso);
    cc_h5table_set_double(t, k, 3, (double)i * s->interval_s);
}

/* Per interval of the horizon: when it starts, as an ISO 8601 local date and time,
 * so the queue and staffing tables can be joined on `interval`. */
static int write_interval_times(hid_t file, const cc_results *r)
{
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "interval", CC_H5_INT);
    cc_h5table_add_col(&t, "day", CC_H5_INT);
    cc_h5table_add_col(&t, "start", CC_H5_NAME);
    cc_h5table_add_col(&t, "start_s", CC_H5_DOUBLE);
    return cc_h5table_write_slabs(file, "interval_times", &t, r->s->n_intervals, fill_interval_time, r);
}

/* One row per target of every queue: the target and the simulated share within it. */
static int write_targets(hid_t file, const cc_results *r)
{
    const cc_scenario *s = r->s;
    size_t rows = 0;
    for (size_t q = 0; q < s->n_queues; q++)
        rows += s->queues[q].n_targets;
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "queue", CC_H5_INT);
    cc_h5table_add_col(&t, "queue_name", CC_H5_NAME);
    cc_h5table_add_col(&t, "target", CC_H5_INT);
    cc_h5table_add_col(&t, "share", CC_H5_DOUBLE);
    cc_h5table_add_col(&t, "within_s", CC_H5_DOUBLE);
    cc_h5table_add_col(&t, "within_business_days", CC_H5_INT);
    add_estimate_cols(&t, (const char *const[]){ "service_level" }, 1);
    if (cc_h5table_alloc(&t, rows) != 0)
        return -1;
    size_t row = 0;
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t k = 0; k < s->queues[q].n_targets; k++, row++) {
            const cc_target *tg = &s->queues[q].targets[k];
            cc_h5table_set_int(&t, row, 0, (long)q);
            cc_h5table_set_name(&t, row, 1, s->queues[q].name);
            cc_h5table_set_int(&t, row, 2, (long)k + 1);
            cc_h5table_set_double(&t, row, 3, tg->share);
            cc_h5table_set_double(&t, row, 4, tg->business_days ? NAN : tg->within_s);
            cc_h5table_set_int(&t, row, 5, (long)tg->business_days);
            set_estimates(&t, row, 6, &r->target_total[q * CC_MAX_TARGETS + k], 1);
        }
    int rc = cc_h5table_write(file, "targets", &t);
    cc_h5table_fini(&t);
    return rc;
}

static void fill_interval(cc_h5table *t, size_t k, size_t row, const void *ctx)
{
    const cc_results *r = ctx;
    const cc_scenario *s = r->s;
    size_t q = row / s->n_intervals, i = row % s->n_intervals;
    cc_h5table_set_int(t, k, 0, (long)q);
    cc_h5table_set_int(t, k, 1, (long)i);
    cc_h5table_set_double(t, k, 2, (double)i * s->interval_s);
    cc_h5table_set_double(t, k, 3, s->queues[q].calls[i]);
    size_t col = set_estimates(t, k, 4, cc_results_queue_interval(r, q, i), CC_QUEUE_METRICS);
    if (r->extra_targets)
        set_estimates(t, k, col, cc_results_target_interval(r, q, i), (int)r->extra_targets);
}

/* Per queue and interval: what happened to the calls that arrived in it. */
static int write_intervals(hid_t file, const cc_results *r)
{
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "queue", CC_H5_INT);
    cc_h5table_add_col(&t, "interval", CC_H5_INT);
    cc_h5table_add_col(&t, "start_s", CC_H5_DOUBLE);
    cc_h5table_add_col(&t, "calls_planned", CC_H5_DOUBLE);
    add_estimate_cols(&t, cc_metric_names, CC_QUEUE_METRICS);
    add_target_cols(&t, r->extra_targets);
    return cc_h5table_write_slabs(file, "intervals", &t, r->s->n_queues * r->s->n_intervals, fill_interval, r);
}

static void fill_staffing(cc_h5table *t, size_t k, size_t row, const void *ctx)
{
    const cc_results *r = ctx;
    const cc_scenario *s = r->s;
    size_t g = row / s->n_intervals, i = row % s->n_intervals;
    cc_h5table_set_int(t, k, 0, (long)g);
    cc_h5table_set_int(t, k, 1, (long)i);
    cc_h5table_set_double(t, k, 2, (double)i * s->interval_s);
    cc_h5table_set_int(t, k, 3, (long)s->groups[g].agents[i]);
    set_estimates(t, k, 4, cc_results_group_interval(r, g, i), CC_GROUP_METRICS);
}

/* Per agent group and interval: the staffing plan and what the agents did. */
static int write_staffing(hid_t file, const cc_results *r)
{
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "group", CC_H5_INT);
    cc_h5table_add_col(&t, "interval", CC_H5_INT);
    cc_h5table_add_col(&t, "start_s", CC_H5_DOUBLE);
    cc_h5table_add_col(&t, "agents_planned", CC_H5_INT);
    add_estimate_cols(&t, cc_group_metric_names, CC_GROUP_METRICS);
    return cc_h5table_write_slabs(file, "staffing", &t, r->s->n_groups * r->s->n_intervals, fill_staffing, r);
}

/* One row per queue, then one row "all" for the queues together. */
static int write_queues(hid_t file, const cc_results *r)
{
    const cc_scenario *s = r->s;
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "name", CC_H5_NAME);
    cc_h5table_add_col(&t, "channel", CC_H5_NAME);
    add_estimate_cols(&t, cc_metric_names, CC_QUEUE_METRICS);
    if (cc_h5table_alloc(&t, s->n_queues + 1) != 0)
        return -1;
    for (size_t q = 0; q <= s->n_queues; q++) {
        int all = q == s->n_queues;
        cc_h5table_set_name(&t, q, 0, all ? "all" : s->queues[q].name);
        cc_h5table_set_name(&t, q, 1, all ? "" : cc_channel_name(s->queues[q].channel));
        set_estimates(&t, q, 2, all ? r->total : &r->queue_total[q * CC_QUEUE_METRICS], CC_QUEUE_METRICS);
    }
    int rc = cc_h5table_write(file, "queues", &t);
    cc_h5table_fini(&t);
    return rc;
}

static int write_groups(hid_t file, const cc_results *r)
{
    const cc_scenario *s = r->s;
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "name", CC_H5_NAME);
    add_estimate_cols(&t, cc_group_metric_names, CC_GROUP_METRICS);
    if (cc_h5table_alloc(&t, s->n_groups + 1) != 0)
        return -1;
    for (size_t g = 0; g <= s->n_groups; g++) {
        int all = g == s->n_groups;
        cc_h5table_set_name(&t, g, 0, all ? "all" : s->groups[g].name);
        set_estimates(&t, g, 1, all ? r->group_all : &r->group_total[g * CC_GROUP_METRICS], CC_GROUP_METRICS);
    }
    int rc = cc_h5table_write(file, "groups", &t);
    cc_h5table_fini(&t);
    return rc;
}

static int write_replications(hid_t file, const cc_results *r)
{
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "replication", CC_H5_INT);
    for (int k = 0; k < CC_REP_FIELDS; k++)
        cc_h5table_add_col(&t, cc_rep_field_names[k], CC_H5_DOUBLE);
    if (cc_h5table_alloc(&t, r->replications) != 0)
        return -1;
    for (size_t rep = 0; rep < r->replications; rep++) {
        cc_h5table_set_int(&t, rep, 0, (long)rep);
        double row[CC_REP_FIELDS];
        cc_results_rep_row(r, rep, row);
        for (size_t k = 0; k < CC_REP_FIELDS; k++)
            cc_h5table_set_double(&t, rep, 1 + k, row[k]);
    }
    int rc = cc_h5table_write(file, "replications", &t);
    cc_h5table_fini(&t);
    return rc;
}

/* One row per site outage (sim/incident.h), only when the timeline has any: the
 * site, its start and end, each incident figure with its 95% half-width, and the
 * agents re-routes brought in. */
static int write_incidents(hid_t file, const cc_results *r)
{
    if (r->n_incidents == 0)
        return 0;
    const cc_scenario *s = r->s;
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "site", CC_H5_NAME);
    cc_h5table_add_col(&t, "from", CC_H5_NAME);
    cc_h5table_add_col(&t, "to", CC_H5_NAME);
    add_estimate_cols(&t, cc_incident_field_names, CC_INCIDENT_FIELDS);
    size_t c_hours = cc_h5table_add_col(&t, "extra_agent_hours", CC_H5_DOUBLE);
    size_t c_cost = cc_h5table_add_col(&t, "extra_cost", CC_H5_DOUBLE);
    if (cc_h5table_alloc(&t, r->n_incidents) != 0)
        return -1;
    for (size_t k = 0; k < r->n_incidents; k++) {
        const cc_incident *inc = &r->incidents[k];
        char when[32];
        cc_h5table_set_name(&t, k, 0, s->n_sites ? s->sites[inc->site].name : "main");
        cc_scenario_moment(s, inc->from_s, 'T', when);
        cc_h5table_set_name(&t, k, 1, when);
        cc_scenario_moment(s, inc->to_s, 'T', when);
        cc_h5table_set_name(&t, k, 2, when);
        set_estimates(&t, k, 3, &r->incident_est[k * CC_INCIDENT_FIELDS], CC_INCIDENT_FIELDS);
        cc_h5table_set_double(&t, k, c_hours, inc->extra_agent_hours);
        cc_h5table_set_double(&t, k, c_cost, inc->extra_cost);
    }
    int rc = cc_h5table_write(file, "incidents", &t);
    cc_h5table_fini(&t);
    return rc;
}

static int write_all(hid_t file, const void *ctx)
{
    const cc_results *r = ctx;
    int version = CC_RESULTS_FORMAT_VERSION;
    unsigned long long seed = r->seed;
    unsigned reps = r->replications;
    double within = r->s->targets.answer_within_s, interval_s = r->s->interval_s;
    if (cc_h5_attr_write(file, "format_version", H5T_NATIVE_INT, &version) < 0 ||
        cc_h5_attr_string(file, "ccsim_version", CC_VERSION) < 0 ||
        cc_h5_attr_write(file, "seed", H5T_NATIVE_ULLONG, &seed) < 0 ||
        cc_h5_attr_write(file, "replications", H5T_NATIVE_UINT, &reps) < 0 ||
        cc_h5_attr_write(file, "answer_within_s", H5T_NATIVE_DOUBLE, &within) < 0 ||
        cc_h5_attr_write(file, "interval_s", H5T_NATIVE_DOUBLE, &interval_s) < 0 ||
        cc_h5_attr_string(file, "scenario_name", r->s->name) < 0 ||
        cc_h5_attr_string(file, "scenario", r->s->text) < 0)
        return -1;
    if (write_interval_times(file, r) < 0 || write_intervals(file, r) < 0 || write_staffing(file, r) < 0 ||
        write_queues(file, r) < 0 || write_targets(file, r) < 0 || write_groups(file, r) < 0 ||
        write_replications(file, r) < 0 || write_incidents(file, r) < 0)
        return -1;
    hid_t run = H5Gcreate2(file, "run", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (run < 0)
        return -1;
    int threads = r->threads;
    int rc = cc_h5_attr_write(run, "threads", H5T_NATIVE_INT, &threads) < 0 ||
             cc_h5_attr_write(run, "wall_s", H5T_NATIVE_DOUBLE, &r->wall_s) < 0 ? -1 : 0;
    H5Gclose(run);
    return rc;
}

int cc_results_write_h5(const cc_results *r, const char *path, cc_error *err)
{
    return cc_h5_write_file(path, "results", write_all, r, err);
}
