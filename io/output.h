/* output.h — results files that are whole or absent.
 *
 * Every file ccsim writes (HDF5 results, plans and rosters, CSV tables, generated
 * scenarios) goes through cc_output_write: the content is written to `path`.tmp.PID
 * in the same folder, synced to disk, and renamed over `path` only once complete,
 * and only over a regular file (or nothing: never a symbolic link, folder, device or
 * pipe). On any failure the temporary file is removed and `path` is left as it was.
 * While a file is written, SIGINT, SIGTERM and SIGHUP left at their default action
 * are held and delivered once the file is in place or removed: no signal leaves a
 * temporary file behind, and none loses a finished one. A handler the caller
 * installed, or an ignored signal, is left alone.
 *
 * Messages name the path and `what` the file is ("results", "plan", "interval
 * table"). Not thread-safe (signal dispositions are per process); one file at a time.
 */
#ifndef CC_OUTPUT_H
#define CC_OUTPUT_H

#include "model/error.h"

#include <stdio.h>

/* Whether path can take a results file, checked before any work: absent or a
 * regular file, in an existing writable folder. CC_OK; CC_EINPUT for a path of the
 * wrong kind; CC_EINTERNAL (an I/O error) when its folder is missing or not
 * writable. The message names `flag` ("--out"), the path and why. */
int cc_output_check(const char *flag, const char *path, cc_error *err);

/* Calls write(tmp, ctx), which must create the file at tmp (it does not exist) and
 * return 0, or -1 with errno set where a system call failed (0: a library's own
 * error); then syncs it and renames it to path as described above. CC_OK, or
 * CC_EINTERNAL naming path. */
int cc_output_write(const char *path, const char *what,
                    int (*write)(const char *tmp, const void *ctx), const void *ctx,
                    cc_error *err);

/* cc_output_write for a text file: write(f, ctx) writes through stdio and returns
 * 0 (a stream error, or a failed close, is caught here) or -1. */
int cc_output_write_text(const char *path, const char *what,
                         int (*write)(FILE *f, const void *ctx), const void *ctx, cc_error *err);

#endif
