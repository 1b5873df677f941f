#include "io/results_h5.h"

#include "model/version.h"

#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NAME_LEN 64

/* A table column: an int32, a double or a fixed-length name. */
typedef enum { COL_INT, COL_DOUBLE, COL_NAME } col_type;
typedef struct column {
    char name[64];
    col_type type;
    size_t offset;
} column;

typedef struct table {
    column cols[2 * (CC_QUEUE_METRICS + CC_GROUP_METRICS) + 8];
    size_t n_cols, row_size;
    unsigned char *rows;
    size_t n_rows;
} table;

static void add_col(table *t, const char *name, col_type type)
{
    column *c = &t->cols[t->n_cols++];
    snprintf(c->name, sizeof c->name, "%s", name);
    c->type = type;
    c->offset = t->row_size;
    t->row_size += type == COL_INT ? 4 : type == COL_DOUBLE ? 8 : NAME_LEN;
}

/* Adds the columns "metric" and "metric_ci95" for each name. */
static void add_estimate_cols(table *t, const char *const *names, int n)
{
    char buf[64];
    for (int m = 0; m < n; m++) {
        add_col(t, names[m], COL_DOUBLE);
        snprintf(buf, sizeof buf, "%s_ci95", names[m]);
        add_col(t, buf, COL_DOUBLE);
    }
}

static int table_alloc(table *t, size_t n_rows)
{
    t->n_rows = n_rows;
    t->rows = calloc(n_rows ? n_rows : 1, t->row_size);
    return t->rows ? 0 : -1;
}

static void *cell(table *t, size_t row, size_t col)
{
    return t->rows + row * t->row_size + t->cols[col].offset;
}

static void set_int(table *t, size_t row, size_t col, long v)
{
    int32_t x = (int32_t)v;
    memcpy(cell(t, row, col), &x, sizeof x);
}

static void set_double(table *t, size_t row, size_t col, double v)
{
    memcpy(cell(t, row, col), &v, sizeof v);
}

static void set_name(table *t, size_t row, size_t col, const char *s)
{
    strncpy(cell(t, row, col), s, NAME_LEN - 1);
}

/* Fills estimate columns starting at col; returns the next column. */
static size_t set_estimates(table *t, size_t row, size_t col, const cc_estimate *e, int n)
{
    for (int m = 0; m < n; m++) {
        set_double(t, row, col++, e[m].mean);
        set_double(t, row, col++, e[m].ci95);
    }
    return col;
}

static int write_table(hid_t file, const char *name, const table *t)
{
    int rc = -1;
    hid_t str = H5Tcopy(H5T_C_S1), type = -1, space = -1, set = -1;
    if (str < 0 || H5Tset_size(str, NAME_LEN) < 0 || H5Tset_strpad(str, H5T_STR_NULLTERM) < 0)
        goto out;
    if ((type = H5Tcreate(H5T_COMPOUND, t->row_size)) < 0)
        goto out;
    for (size_t c = 0; c < t->n_cols; c++) {
        hid_t ct = t->cols[c].type == COL_INT ? H5T_NATIVE_INT32
                 : t->cols[c].type == COL_DOUBLE ? H5T_NATIVE_DOUBLE : str;
        if (H5Tinsert(type, t->cols[c].name, t->cols[c].offset, ct) < 0)
            goto out;
    }
    hsize_t dims[1] = { t->n_rows };
    if ((space = H5Screate_simple(1, dims, NULL)) < 0)
        goto out;
    if ((set = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0)
        goto out;
    if (t->n_rows && H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, t->rows) < 0)
        goto out;
    rc = 0;
out:
    if (set >= 0) H5Dclose(set);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (str >= 0) H5Tclose(str);
    return rc;
}

static int attr_write(hid_t loc, const char *name, hid_t type, const void *value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = space < 0 ? -1 : H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    int rc = (a >= 0 && H5Awrite(a, type, value) >= 0) ? 0 : -1;
    if (a >= 0) H5Aclose(a);
    if (space >= 0) H5Sclose(space);
    return rc;
}

static int attr_string(hid_t loc, const char *name, const char *value)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    int rc = -1;
    if (type >= 0 && H5Tset_size(type, strlen(value) + 1) >= 0 &&
        H5Tset_strpad(type, H5T_STR_NULLTERM) >= 0)
        rc = attr_write(loc, name, type, value);
    if (type >= 0) H5Tclose(type);
    return rc;
}

/* Per queue and interval: what happened to the calls that arrived in it. */
static int write_intervals(hid_t file, const cc_results *r)
{
    const cc_scenario *s = r->s;
    table t = { 0 };
    add_col(&t, "queue", COL_INT);
    add_col(&t, "interval", COL_INT);
    add_col(&t, "start_s", COL_DOUBLE);
    add_col(&t, "calls_planned", COL_DOUBLE);
    add_estimate_cols(&t, cc_metric_names, CC_QUEUE_METRICS);
    if (table_alloc(&t, s->n_queues * s->n_intervals) != 0)
        return -1;
    for (size_t q = 0; q < s->n_queues; q++)
        for (size_t i = 0; i < s->n_intervals; i++) {
            size_t row = q * s->n_intervals + i;
            set_int(&t, row, 0, (long)q);
            set_int(&t, row, 1, (long)i);
            set_double(&t, row, 2, (double)i * s->interval_s);
            set_double(&t, row, 3, s->queues[q].calls[i]);
            set_estimates(&t, row, 4, &r->queue_interval[row * CC_QUEUE_METRICS], CC_QUEUE_METRICS);
        }
    int rc = write_table(file, "intervals", &t);
    free(t.rows);
    return rc;
}

/* Per agent group and interval: the staffing plan and what the agents did. */
static int write_staffing(hid_t file, const cc_results *r)
{
    const cc_scenario *s = r->s;
    table t = { 0 };
    add_col(&t, "group", COL_INT);
    add_col(&t, "interval", COL_INT);
    add_col(&t, "start_s", COL_DOUBLE);
    add_col(&t, "agents_planned", COL_INT);
    add_estimate_cols(&t, cc_group_metric_names, CC_GROUP_METRICS);
    if (table_alloc(&t, s->n_groups * s->n_intervals) != 0)
        return -1;
    for (size_t g = 0; g < s->n_groups; g++)
        for (size_t i = 0; i < s->n_intervals; i++) {
            size_t row = g * s->n_intervals + i;
            set_int(&t, row, 0, (long)g);
            set_int(&t, row, 1, (long)i);
            set_double(&t, row, 2, (double)i * s->interval_s);
            set_int(&t, row, 3, (long)s->groups[g].agents[i]);
            set_estimates(&t, row, 4, &r->group_interval[row * CC_GROUP_METRICS], CC_GROUP_METRICS);
        }
    int rc = write_table(file, "staffing", &t);
    free(t.rows);
    return rc;
}

/* One row per queue, then one row "all" for the queues together. */
static int write_queues(hid_t file, const cc_results *r)
{
    const cc_scenario *s = r->s;
    table t = { 0 };
    add_col(&t, "name", COL_NAME);
    add_col(&t, "channel", COL_NAME);
    add_estimate_cols(&t, cc_metric_names, CC_QUEUE_METRICS);
    if (table_alloc(&t, s->n_queues + 1) != 0)
        return -1;
    for (size_t q = 0; q <= s->n_queues; q++) {
        int all = q == s->n_queues;
        set_name(&t, q, 0, all ? "all" : s->queues[q].name);
        set_name(&t, q, 1, all ? "" : cc_channel_name(s->queues[q].channel));
        set_estimates(&t, q, 2, all ? r->total : &r->queue_total[q * CC_QUEUE_METRICS], CC_QUEUE_METRICS);
    }
    int rc = write_table(file, "queues", &t);
    free(t.rows);
    return rc;
}

static int write_groups(hid_t file, const cc_results *r)
{
    const cc_scenario *s = r->s;
    table t = { 0 };
    add_col(&t, "name", COL_NAME);
    add_estimate_cols(&t, cc_group_metric_names, CC_GROUP_METRICS);
    if (table_alloc(&t, s->n_groups + 1) != 0)
        return -1;
    for (size_t g = 0; g <= s->n_groups; g++) {
        int all = g == s->n_groups;
        set_name(&t, g, 0, all ? "all" : s->groups[g].name);
        set_estimates(&t, g, 1, all ? r->group_all : &r->group_total[g * CC_GROUP_METRICS], CC_GROUP_METRICS);
    }
    int rc = write_table(file, "groups", &t);
    free(t.rows);
    return rc;
}

static int write_replications(hid_t file, const cc_results *r)
{
    table t = { 0 };
    add_col(&t, "replication", COL_INT);
    for (int k = 0; k < CC_REP_FIELDS; k++)
        add_col(&t, cc_rep_field_names[k], COL_DOUBLE);
    if (table_alloc(&t, r->replications) != 0)
        return -1;
    for (size_t rep = 0; rep < r->replications; rep++) {
        set_int(&t, rep, 0, (long)rep);
        for (size_t k = 0; k < CC_REP_FIELDS; k++)
            set_double(&t, rep, 1 + k, r->per_rep[rep * CC_REP_FIELDS + k]);
    }
    int rc = write_table(file, "replications", &t);
    free(t.rows);
    return rc;
}

static int write_all(hid_t file, const cc_results *r)
{
    int version = CC_RESULTS_FORMAT_VERSION;
    unsigned long long seed = r->seed;
    unsigned reps = r->replications;
    double within = r->s->targets.answer_within_s, interval_s = r->s->interval_s;
    if (attr_write(file, "format_version", H5T_NATIVE_INT, &version) < 0 ||
        attr_string(file, "ccsim_version", CC_VERSION) < 0 ||
        attr_write(file, "seed", H5T_NATIVE_ULLONG, &seed) < 0 ||
        attr_write(file, "replications", H5T_NATIVE_UINT, &reps) < 0 ||
        attr_write(file, "answer_within_s", H5T_NATIVE_DOUBLE, &within) < 0 ||
        attr_write(file, "interval_s", H5T_NATIVE_DOUBLE, &interval_s) < 0 ||
        attr_string(file, "scenario_name", r->s->name) < 0 ||
        attr_string(file, "scenario", r->s->text) < 0)
        return -1;
    if (write_intervals(file, r) < 0 || write_staffing(file, r) < 0 || write_queues(file, r) < 0 ||
        write_groups(file, r) < 0 || write_replications(file, r) < 0)
        return -1;
    hid_t run = H5Gcreate2(file, "run", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (run < 0)
        return -1;
    int threads = r->threads;
    int rc = attr_write(run, "threads", H5T_NATIVE_INT, &threads) < 0 ||
             attr_write(run, "wall_s", H5T_NATIVE_DOUBLE, &r->wall_s) < 0 ? -1 : 0;
    H5Gclose(run);
    return rc;
}

int cc_results_write_h5(const cc_results *r, const char *path, cc_error *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return cc_error_set(err, CC_EINTERNAL, "%s: path too long", path);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t file = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0)
        return cc_error_set(err, CC_EINTERNAL, "%s: cannot create results file (%s)", path,
                            errno ? strerror(errno) : "HDF5 error");
    int rc = write_all(file, r);
    if (H5Fclose(file) < 0)
        rc = -1;
    if (rc != 0) {
        unlink(tmp);
        return cc_error_set(err, CC_EINTERNAL, "%s: writing results failed", path);
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return cc_error_set(err, CC_EINTERNAL, "%s: cannot rename results into place (%s)", path, strerror(e));
    }
    return CC_OK;
}
