/* h5table.c — compound tables, attributes and atomic results files; see h5table.h. */
#include "io/h5table.h"

#include "io/output.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* The table's compound type (its name columns of type *str); -1 on an HDF5 error
 * (both closed). */
static hid_t row_type(const cc_h5table *t, hid_t *str)
{
    hid_t type = -1;
    *str = H5Tcopy(H5T_C_S1);
    if (*str < 0 || H5Tset_size(*str, CC_H5TABLE_NAME_LEN) < 0 || H5Tset_strpad(*str, H5T_STR_NULLTERM) < 0 ||
        (type = H5Tcreate(H5T_COMPOUND, t->row_size)) < 0)
        goto fail;
    for (size_t c = 0; c < t->n_cols; c++) {
        hid_t ct = t->cols[c].type == CC_H5_INT ? H5T_NATIVE_INT32
                 : t->cols[c].type == CC_H5_DOUBLE ? H5T_NATIVE_DOUBLE : *str;
        if (H5Tinsert(type, t->cols[c].name, t->cols[c].offset, ct) < 0)
            goto fail;
    }
    return type;
fail:
    if (type >= 0) H5Tclose(type);
    if (*str >= 0) H5Tclose(*str);
    *str = -1;
    return -1;
}

int cc_h5table_write(hid_t loc, const char *name, const cc_h5table *t)
{
    int rc = -1;
    hid_t str = -1, type = row_type(t, &str), space = -1, set = -1;
    if (type < 0)
        goto out;
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

/* Chunks of one slab, byte-shuffled and deflated (level 1: a year's table is mostly
 * closed hours, identical rows, which any level shrinks to almost nothing; the
 * estimates of open hours hardly compress at any level). Without the deflate
 * filter in the HDF5 build, the chunks are stored as they are. */
static hid_t slab_layout(hsize_t slab)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl < 0)
        return -1;
    if (H5Pset_chunk(dcpl, 1, &slab) < 0 ||
        (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 && (H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, 1) < 0))) {
        H5Pclose(dcpl);
        return -1;
    }
    return dcpl;
}

int cc_h5table_write_slabs(hid_t loc, const char *name, cc_h5table *t, size_t n_rows,
                           void (*fill)(cc_h5table *t, size_t k, size_t row, const void *ctx),
                           const void *ctx)
{
    size_t slab = n_rows < CC_H5TABLE_SLAB ? n_rows : CC_H5TABLE_SLAB;
    int rc = -1;
    if (slab == 0) {    /* an empty table: nothing to chunk */
        rc = cc_h5table_alloc(t, 0) != 0 ? -1 : cc_h5table_write(loc, name, t);
        cc_h5table_fini(t);
        return rc;
    }
    hid_t str = -1, type = -1, dcpl = -1, space = -1, set = -1, mem = -1;
    hsize_t dims[1] = { n_rows }, slab_dims[1] = { slab };
    if (cc_h5table_alloc(t, slab) != 0 || (type = row_type(t, &str)) < 0 ||
        (dcpl = slab_layout(slab)) < 0 || (space = H5Screate_simple(1, dims, NULL)) < 0 ||
        (set = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0 ||
        (mem = H5Screate_simple(1, slab_dims, NULL)) < 0)
        goto out;
    for (size_t first = 0; first < n_rows; first += slab) {
        hsize_t start[1] = { first }, count[1] = { n_rows - first < slab ? n_rows - first : slab };
        memset(t->rows, 0, slab * t->row_size);
        for (size_t k = 0; k < count[0]; k++)
            fill(t, k, first + k, ctx);
        if (H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
            H5Sselect_hyperslab(mem, H5S_SELECT_SET, (hsize_t[]){ 0 }, NULL, count, NULL) < 0 ||
            H5Dwrite(set, type, mem, space, H5P_DEFAULT, t->rows) < 0)
            goto out;
    }
    rc = 0;
out:
    if (mem >= 0) H5Sclose(mem);
    if (set >= 0) H5Dclose(set);
    if (space >= 0) H5Sclose(space);
    if (dcpl >= 0) H5Pclose(dcpl);
    if (type >= 0) H5Tclose(type);
    if (str >= 0) H5Tclose(str);
    cc_h5table_fini(t);
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

/* The file is built in memory by HDF5's core driver and written to the temporary
 * file as a whole when closed. With the default (sec2) driver, a write that fails
 * half-way (a full disk) leaves HDF5 with a file it cannot close, and HDF5 1.10
 * then crashes in its exit-time cleanup. Version-1.8 object headers allow
 * attributes of any size (the scenario text may exceed the 64 KiB of the
 * default format). Cost: the file's size in memory while it is written. */
static int write_tmp(const char *tmp, int (*write)(hid_t file, const void *ctx), const void *ctx)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0)
        return -1;
    int rc = -1;
    hid_t file = -1;
    if (H5Pset_fapl_core(fapl, (size_t)4 << 20, 1) < 0 ||
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST) < 0)
        goto out;
    if ((file = H5Fcreate(tmp, H5F_ACC_EXCL, H5P_DEFAULT, fapl)) < 0)
        goto out;
    rc = write(file, ctx);
    if (H5Fclose(file) < 0)
        rc = -1;
out:
    H5Pclose(fapl);
    return rc;
}

/* cc_output_write's writer: the HDF5 file through the core driver. */
typedef struct h5_writer {
    int (*write)(hid_t file, const void *ctx);
    const void *ctx;
} h5_writer;

static int write_h5_tmp(const char *tmp, const void *ctx)
{
    const h5_writer *w = ctx;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    return write_tmp(tmp, w->write, w->ctx);
}

int cc_h5_write_file(const char *path, const char *what, int (*write)(hid_t file, const void *ctx),
                     const void *ctx, cc_error *err)
{
    h5_writer w = { write, ctx };
    return cc_output_write(path, what, write_h5_tmp, &w, err);
}
