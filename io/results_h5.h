/* results_h5.h — writes a simulation's results to an HDF5 file.
 *
 * The file is written under a temporary name beside the requested one and renamed
 * into place only once complete and closed, so a failed or interrupted run never
 * leaves a partial file under the requested name. The layout (every table, column
 * and unit) is documented in docs/results.md. Tables are compound datasets, so
 * h5dump and h5py show named columns. Only deterministic outputs are datasets;
 * wall-clock time and thread count are attributes of the /run group, so the
 * datasets are byte-identical for any thread count.
 *
 * Not thread-safe (HDF5 is not): call it outside parallel regions.
 */
#ifndef CC_RESULTS_H5_H
#define CC_RESULTS_H5_H

#include "model/error.h"
#include "sim/runner.h"

#define CC_RESULTS_FORMAT_VERSION 1

/* Writes r to path. CC_OK, or CC_EINTERNAL with a message naming the file. */
int cc_results_write_h5(const cc_results *r, const char *path, cc_error *err);

#endif
