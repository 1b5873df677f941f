/* h5table.c — compound tables, attributes and atomic results files; see h5table.h. */
#include "io/h5table.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t cc_h5table_add_col(cc_h5table *t, const char *name, cc_h5_coltype type)
{
    assert(t->n_cols < CC_H5TABLE_MAX_COLS && !t->rows);
    cc_h5_column *c = &t->cols[t->n_cols];
    snprintf(c->name, sizeof c->name, "%s", name);
    c->type = type;
    c->offset = t->row_size;
    t->row_size += type == CC_H5_INT ? 4 : type == CC_H5_DOUBLE ? 8 : CC_H5TABLE_NAME_LEN;
    return t->n_cols++;
}

int cc_h5table_alloc(cc_h5table *t, size_t n_rows)
{
    t->n_rows = n_rows;
    t->rows = calloc(n_rows ? n_rows : 1, t->row_size ? t->row_size : 1);
    return t->rows ? 0 : -1;
}

static void *cell(cc_h5table *t, size_t row, size_t col)
{
    assert(row < t->n_rows && col < t->n_cols);
    return t->rows + row * t->row_size + t->cols[col].offset;
}

void cc_h5table_set_int(cc_h5table *t, size_t row, size_t col, long v)
{
    assert(t->cols[col].type == CC_H5_INT);
    int32_t x = (int32_t)v;
    memcpy(cell(t, row, col), &x, sizeof x);
}

void cc_h5table_set_double(cc_h5table *t, size_t row, size_t col, double v)
{
    assert(t->cols[col].type == CC_H5_DOUBLE);
    memcpy(cell(t, row, col), &v, sizeof v);
}

void cc_h5table_set_name(cc_h5table *t, size_t row, size_t col, const char *s)
{
    assert(t->cols[col].type == CC_H5_NAME);
    strncpy(cell(t, row, col), s, CC_H5TABLE_NAME_LEN - 1);
}

void cc_h5table_fini(cc_h5table *t)
{
    free(t->rows);
    t->rows = NULL;
}

int cc_h5table_write(hid_t loc, const char *name, const cc_h5table *t)
{
    int rc = -1;
    hid_t str = H5Tcopy(H5T_C_S1), type = -1, space = -1, set = -1;
    if (str < 0 || H5Tset_size(str, CC_H5TABLE_NAME_LEN) < 0 || H5Tset_strpad(str, H5T_STR_NULLTERM) < 0)
        goto out;
    if ((type = H5Tcreate(H5T_COMPOUND, t->row_size)) < 0)
        goto out;
    for (size_t c = 0; c < t->n_cols; c++) {
        hid_t ct = t->cols[c].type == CC_H5_INT ? H5T_NATIVE_INT32
                 : t->cols[c].type == CC_H5_DOUBLE ? H5T_NATIVE_DOUBLE : str;
        if (H5Tinsert(type, t->cols[c].name, t->cols[c].offset, ct) < 0)
            goto out;
    }
    hsize_t dims[1] = { t->n_rows };
    if ((space = H5Screate_simple(1, dims, NULL)) < 0)
        goto out;
    if ((set = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0)
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

int cc_h5_attr_write(hid_t loc, const char *name, hid_t type, const void *value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = space < 0 ? -1 : H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    int rc = (a >= 0 && H5Awrite(a, type, value) >= 0) ? 0 : -1;
    if (a >= 0) H5Aclose(a);
    if (space >= 0) H5Sclose(space);
    return rc;
}

int cc_h5_attr_string(hid_t loc, const char *name, const char *value)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    int rc = -1;
    if (type >= 0 && H5Tset_size(type, strlen(value) + 1) >= 0 &&
        H5Tset_strpad(type, H5T_STR_NULLTERM) >= 0)
        rc = cc_h5_attr_write(loc, name, type, value);
    if (type >= 0) H5Tclose(type);
    return rc;
}

int cc_h5_write_file(const char *path, const char *what, int (*write)(hid_t file, const void *ctx),
                     const void *ctx, cc_error *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return cc_error_set(err, CC_EINTERNAL, "%s: path too long", path);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    errno = 0;
    hid_t file = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0)
        return cc_error_set(err, CC_EINTERNAL, "%s: cannot create %s file (%s)", path, what,
                            errno ? strerror(errno) : "HDF5 error");
    int rc = write(file, ctx);
    if (H5Fclose(file) < 0)
        rc = -1;
    if (rc != 0) {
        unlink(tmp);
        return cc_error_set(err, CC_EINTERNAL, "%s: writing %s failed", path, what);
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return cc_error_set(err, CC_EINTERNAL, "%s: cannot rename %s into place (%s)", path, what, strerror(e));
    }
    return CC_OK;
}
