/* roster_h5.c — the roster file; layout in roster_h5.h. */
#include "io/roster_h5.h"

#include "io/h5table.h"
#include "model/plan.h"
#include "model/version.h"

#include <math.h>
#include <stdio.h>

typedef struct roster_file {
    const cc_roster *r;
    const char *method;
    const cc_roster_h5_sim *sim;
} roster_file;

static int write_shifts(hid_t file, const cc_roster *r)
{
    const cc_scenario *s = r->s;
    cc_h5table t = { 0 };
    size_t c_group = cc_h5table_add_col(&t, "group", CC_H5_NAME);
    size_t c_shift = cc_h5table_add_col(&t, "shift", CC_H5_NAME);
    size_t c_day = cc_h5table_add_col(&t, "day", CC_H5_INT);
    size_t c_date = cc_h5table_add_col(&t, "date", CC_H5_NAME);
    size_t c_start = cc_h5table_add_col(&t, "start_s", CC_H5_DOUBLE);
    size_t c_end = cc_h5table_add_col(&t, "end_s", CC_H5_DOUBLE);
    size_t c_break[CC_ROSTER_MAX_BREAKS];
    for (size_t k = 0; k < CC_ROSTER_MAX_BREAKS; k++) {
        char name[32];
        snprintf(name, sizeof name, "break_%zu_start_s", k + 1);
        c_break[k] = cc_h5table_add_col(&t, name, CC_H5_DOUBLE);
    }
    size_t c_count = cc_h5table_add_col(&t, "count", CC_H5_INT);
    if (cc_h5table_alloc(&t, r->n_assign) != 0)
        return -1;
    for (size_t a = 0; a < r->n_assign; a++) {
        const cc_roster_assign *as = &r->assign[a];
        const cc_roster_shift *sh = &s->roster.shifts[as->shift];
        char date[11];
        cc_date_format(s->calendar.first_date + (long)as->day, date);
        cc_h5table_set_name(&t, a, c_group, s->groups[as->group].name);
        cc_h5table_set_name(&t, a, c_shift, sh->name);
        cc_h5table_set_int(&t, a, c_day, (long)as->day);
        cc_h5table_set_name(&t, a, c_date, date);
        cc_h5table_set_double(&t, a, c_start, as->start_s);
        cc_h5table_set_double(&t, a, c_end, as->start_s + sh->length_s);
        for (size_t k = 0; k < CC_ROSTER_MAX_BREAKS; k++)
            cc_h5table_set_double(&t, a, c_break[k], k < sh->n_breaks ? as->start_s + as->break_s[k] : NAN);
        cc_h5table_set_int(&t, a, c_count, as->count);
    }
    int rc = cc_h5table_write(file, "shifts", &t);
    cc_h5table_fini(&t);
    return rc;
}

static int write_intervals(hid_t file, const cc_roster *r, const cc_roster_h5_sim *sim)
{
    const cc_scenario *s = r->s;
    cc_h5table t = { 0 };
    size_t c_group = cc_h5table_add_col(&t, "group", CC_H5_NAME);
    size_t c_interval = cc_h5table_add_col(&t, "interval", CC_H5_INT);
    size_t c_start = cc_h5table_add_col(&t, "start", CC_H5_NAME);
    size_t c_req = cc_h5table_add_col(&t, "required", CC_H5_DOUBLE);
    size_t c_cov = cc_h5table_add_col(&t, "rostered", CC_H5_DOUBLE);
    size_t c_staff = cc_h5table_add_col(&t, "agents", CC_H5_INT);
    size_t c_sl = cc_h5table_add_col(&t, "service_level_simulated", CC_H5_DOUBLE);
    if (cc_h5table_alloc(&t, r->n_groups * r->n_intervals) != 0)
        return -1;
    for (size_t g = 0; g < r->n_groups; g++)
        for (size_t i = 0; i < r->n_intervals; i++) {
            size_t row = g * r->n_intervals + i;
            char iso[32];
            cc_scenario_moment(s, (double)i * s->interval_s, 'T', iso);
            cc_h5table_set_name(&t, row, c_group, s->groups[g].name);
            cc_h5table_set_int(&t, row, c_interval, (long)i);
            cc_h5table_set_name(&t, row, c_start, iso);
            cc_h5table_set_double(&t, row, c_req, r->required[row]);
            cc_h5table_set_double(&t, row, c_cov, r->coverage[row]);
            cc_h5table_set_int(&t, row, c_staff, (long)r->staffing[row]);
            cc_h5table_set_double(&t, row, c_sl, sim->interval_service_level[row]);
        }
    int rc = cc_h5table_write(file, "intervals", &t);
    cc_h5table_fini(&t);
    return rc;
}

static int attr_double(hid_t file, const char *name, double v)
{
    return cc_h5_attr_write(file, name, H5T_NATIVE_DOUBLE, &v);
}

static int write_all(hid_t file, const void *ctx)
{
    const roster_file *rf = ctx;
    const cc_roster *r = rf->r;
    const cc_scenario *s = r->s;
    const cc_roster_figures *t = &r->total;
    int version = CC_ROSTER_FORMAT_VERSION, optimal = r->optimal;
    unsigned days = s->calendar.days;
    if (cc_h5_attr_write(file, "format_version", H5T_NATIVE_INT, &version) < 0 ||
        cc_h5_attr_string(file, "ccsim_version", CC_VERSION) < 0 ||
        cc_h5_attr_string(file, "scenario_name", s->name) < 0 ||
        cc_h5_attr_string(file, "scenario", s->text) < 0 ||
        cc_h5_attr_string(file, "method", rf->method) < 0 ||
        attr_double(file, "interval_s", s->interval_s) < 0 ||
        cc_h5_attr_write(file, "days", H5T_NATIVE_UINT, &days) < 0 ||
        attr_double(file, "headcount", (double)t->headcount) < 0 ||
        attr_double(file, "shifts", (double)t->shifts) < 0 ||
        attr_double(file, "fte", t->fte) < 0 ||
        attr_double(file, "paid_hours", t->paid_hours) < 0 ||
        attr_double(file, "required_agent_hours", t->required_hours) < 0 ||
        attr_double(file, "inefficiency", t->inefficiency) < 0 ||
        attr_double(file, "intervals_over", (double)t->intervals_over) < 0 ||
        attr_double(file, "intervals_under", (double)t->intervals_under) < 0 ||
        cc_h5_attr_write(file, "solver_optimal", H5T_NATIVE_INT, &optimal) < 0 ||
        attr_double(file, "solver_gap", r->gap) < 0 ||
        attr_double(file, "solve_s", r->solve_s) < 0)
        return -1;
    const cc_roster_h5_sim *sim = rf->sim;
    if ((cc_h5_attr_write(file, "replications", H5T_NATIVE_UINT, &sim->replications) < 0 ||
         cc_h5_attr_write(file, "seed", H5T_NATIVE_UINT64, &sim->seed) < 0 ||
         attr_double(file, "service_level", sim->service_level) < 0 ||
         attr_double(file, "service_level_ci95", sim->service_level_ci95) < 0 ||
         attr_double(file, "p_day_meets_target", sim->p_day) < 0 ||
         attr_double(file, "p_horizon_meets_target", sim->p_horizon) < 0))
        return -1;
    if (write_shifts(file, r) < 0 || write_intervals(file, r, sim) < 0)
        return -1;
    return 0;
}

int cc_roster_write_h5(const cc_roster *r, const char *method, const cc_roster_h5_sim *sim, const char *path,
                       cc_error *err)
{
    roster_file rf = { r, method, sim };
    return cc_h5_write_file(path, "roster", write_all, &rf, err);
}
