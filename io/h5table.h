/* h5table.h — small helpers for writing HDF5 results files: compound tables
 * built row by row in memory, scalar attributes, and the temp-file-then-rename
 * discipline shared by every ccsim output file.
 *
 * A table is a list of named columns (int32, double, or a fixed-length name of
 * CC_H5TABLE_NAME_LEN bytes, NUL-terminated) and a zero-filled block of rows;
 * cc_h5table_write stores it as a one-dimensional compound dataset, so h5dump and
 * h5py show named columns. The table owns its rows (cc_h5table_fini frees them).
 * A long table (one row per queue-interval of a year) is written with
 * cc_h5table_write_slabs instead: the rows are filled and written a slab of
 * CC_H5TABLE_SLAB rows at a time, into a dataset chunked by slab and compressed
 * (byte shuffle, then deflate), so neither the rows nor the file (built in memory,
 * see cc_h5_write_file) hold the whole table uncompressed.
 *
 * Not thread-safe (HDF5 is not): call outside parallel regions.
 */
#ifndef CC_H5TABLE_H
#define CC_H5TABLE_H

#include "model/error.h"

#include <hdf5.h>
#include <stddef.h>

#define CC_H5TABLE_MAX_COLS 64
#define CC_H5TABLE_NAME_LEN 64

typedef enum cc_h5_coltype { CC_H5_INT, CC_H5_DOUBLE, CC_H5_NAME } cc_h5_coltype;

typedef struct cc_h5_column {
    char name[64];
    cc_h5_coltype type;
    size_t offset;
} cc_h5_column;

typedef struct cc_h5table {
    cc_h5_column cols[CC_H5TABLE_MAX_COLS];
    size_t n_cols, row_size;
    unsigned char *rows;
    size_t n_rows;
} cc_h5table;

/* Appends a column; returns its index. More than CC_H5TABLE_MAX_COLS is a bug (assert). */
size_t cc_h5table_add_col(cc_h5table *t, const char *name, cc_h5_coltype type);
/* Allocates n_rows zeroed rows once all columns are added. 0, or -1 when out of memory. */
int cc_h5table_alloc(cc_h5table *t, size_t n_rows);
void cc_h5table_set_int(cc_h5table *t, size_t row, size_t col, long v);
void cc_h5table_set_double(cc_h5table *t, size_t row, size_t col, double v);
void cc_h5table_set_name(cc_h5table *t, size_t row, size_t col, const char *s);
/* Writes the table as dataset `name` under loc. 0, or -1 on an HDF5 error. */
int cc_h5table_write(hid_t loc, const char *name, const cc_h5table *t);
/* Frees the rows. */
void cc_h5table_fini(cc_h5table *t);

#define CC_H5TABLE_SLAB 4096

/* Writes a table of n_rows rows as dataset `name` under loc, in slabs: for each
 * slab, the rows are zeroed and fill(t, k, row, ctx) fills slab row k with table
 * row `row` (through cc_h5table_set_*(t, k, ...)), for row = first .. first + the
 * slab's rows - 1 in order; the slab is then written. The columns must be added
 * and no rows allocated; the rows are freed on return. 0, or -1 on an HDF5 error
 * or when out of memory. */
int cc_h5table_write_slabs(hid_t loc, const char *name, cc_h5table *t, size_t n_rows,
                           void (*fill)(cc_h5table *t, size_t k, size_t row, const void *ctx),
                           const void *ctx);

/* Scalar attributes of loc. 0, or -1 on an HDF5 error. */
int cc_h5_attr_write(hid_t loc, const char *name, hid_t type, const void *value);
int cc_h5_attr_string(hid_t loc, const char *name, const char *value);

/* Writes an HDF5 results file through cc_output_write (io/output.h: a temporary
 * file renamed into place, or nothing): creates the temporary file, calls
 * write(file, ctx) and closes it. The file is built in memory (HDF5's core driver)
 * and written out when closed. `what` names the file in messages ("results",
 * "plan"). CC_OK or CC_EINTERNAL. */
int cc_h5_write_file(const char *path, const char *what, int (*write)(hid_t file, const void *ctx),
                     const void *ctx, cc_error *err);

#endif
