/* test_h5table.c — the output-file discipline of io/output.h and io/h5table.h: which paths are
 * refused before a run, a full disk, a signal while the file is written,
 * attributes larger than HDF5's 64 KiB compact limit, and tables written in slabs. */
#define _DEFAULT_SOURCE /* symlink, mkdtemp */
#include "io/h5table.h"
#include "io/output.h"

#include <criterion/criterion.h>
#include <hdf5.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static char *fresh_dir(void)
{
    char *dir = strdup("/tmp/ccsim-h5table-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

/* A table of n rows of one double column, and a root attribute of `attr_len` bytes. */
typedef struct payload {
    size_t rows, attr_len;
    int raise_sig;          /* raised from inside the write, when not 0 */
} payload;

static int write_payload(hid_t file, const void *ctx)
{
    const payload *p = ctx;
    if (p->raise_sig)
        raise(p->raise_sig);
    char *text = malloc(p->attr_len + 1);
    memset(text, 'x', p->attr_len);
    text[p->attr_len] = '\0';
    int rc = cc_h5_attr_string(file, "scenario", text);
    free(text);
    if (rc < 0)
        return -1;
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "v", CC_H5_DOUBLE);
    if (cc_h5table_alloc(&t, p->rows) != 0)
        return -1;
    for (size_t r = 0; r < p->rows; r++)
        cc_h5table_set_double(&t, r, 0, (double)r);
    rc = cc_h5table_write(file, "t", &t);
    cc_h5table_fini(&t);
    return rc;
}

Test(h5table, refuses_devices_symlinks_folders_and_missing_folders)
{
    cc_error e = { 0 };
    cr_assert_eq(cc_output_check("--out", "/dev/null", &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "--out /dev/null: is not a regular file"), "%s", e.msg);
    char *dir = fresh_dir(), link[256], target[256], missing[256];
    snprintf(target, sizeof target, "%s/target.h5", dir);
    snprintf(link, sizeof link, "%s/link.h5", dir);
    FILE *f = fopen(target, "w");
    fputs("keep me", f);
    fclose(f);
    cr_assert_eq(symlink(target, link), 0);
    cr_assert_eq(cc_output_check("--out", link, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "symbolic link"), "%s", e.msg);
    cr_assert_eq(cc_output_check("--out", dir, &e), CC_EINPUT);
    cr_assert(strstr(e.msg, "is a folder"), "%s", e.msg);
    snprintf(missing, sizeof missing, "%s/no/such/r.h5", dir);
    cr_assert_eq(cc_output_check("--out", missing, &e), CC_EINTERNAL);
    cr_assert(strstr(e.msg, "folder") && strstr(e.msg, "No such file"), "%s", e.msg);
    cr_assert_eq(cc_output_check("--out", target, &e), CC_OK, "%s", e.msg);

    /* The write itself never renames over a symbolic link either. */
    payload p = { 10, 8, 0 };
    cr_assert_eq(cc_h5_write_file(link, "test", write_payload, &p, &e), CC_EINTERNAL);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the symbolic link was replaced");
    f = fopen(target, "r");
    char buf[16] = { 0 };
    cr_assert_not_null(fgets(buf, sizeof buf, f));
    fclose(f);
    cr_assert_str_eq(buf, "keep me");
    unlink(link);
    unlink(target);
    rmdir(dir);
    free(dir);
}

/* HDF5's default object header holds attributes up to 64 KiB; the scenario text
 * of a year of per-interval lists is larger. */
Test(h5table, attribute_larger_than_64_kib)
{
    char *dir = fresh_dir(), path[256];
    snprintf(path, sizeof path, "%s/big.h5", dir);
    payload p = { 100, 200000, 0 };
    cc_error e = { 0 };
    cr_assert_eq(cc_h5_write_file(path, "test", write_payload, &p, &e), CC_OK, "%s", e.msg);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0);
    hid_t a = H5Aopen(file, "scenario", H5P_DEFAULT);
    cr_assert_geq(a, 0);
    hid_t type = H5Aget_type(a);
    cr_assert_eq(H5Tget_size(type), 200001);
    H5Tclose(type);
    H5Aclose(a);
    H5Fclose(file);
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* A full disk (here a file-size limit, with SIGXFSZ ignored so writes fail with
 * EFBIG) fails the write cleanly: status 2 with the reason, no temporary file,
 * and the process then exits normally (HDF5 used to crash at exit). */
Test(h5table, full_disk_fails_cleanly)
{
    char *dir = fresh_dir(), path[256], tmp[300];
    snprintf(path, sizeof path, "%s/full.h5", dir);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = { 64 << 10, 64 << 10 };
        setrlimit(RLIMIT_FSIZE, &rl);
        payload p = { 200000, 8, 0 };
        cc_error e = { 0 };
        int rc = cc_h5_write_file(path, "test", write_payload, &p, &e);
        _exit(rc == CC_EINTERNAL && strstr(e.msg, "File too large") ? 0 : 3);
    }
    int st;
    waitpid(pid, &st, 0);
    cr_assert(WIFEXITED(st), "the writer died (signal %d)", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    cr_assert_eq(WEXITSTATUS(st), 0);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)pid);
    cr_assert(!exists(path) && !exists(tmp), "a file was left behind");
    rmdir(dir);
    free(dir);
}

/* SIGTERM (default action) arriving while the file is written is held until the
 * file is in place, then ends the process: the file is complete, no temporary
 * file is left. The signal used to end the process half-way, leaving PATH.tmp.PID. */
Test(h5table, signal_during_the_write_is_held_until_the_file_is_in_place)
{
    char *dir = fresh_dir(), path[256], tmp[300];
    snprintf(path, sizeof path, "%s/sig.h5", dir);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        payload p = { 1000, 8, SIGTERM };
        cc_error e = { 0 };
        cc_h5_write_file(path, "test", write_payload, &p, &e);
        _exit(3); /* not reached: the held SIGTERM ends the process */
    }
    int st;
    waitpid(pid, &st, 0);
    cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "status %d", st);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)pid);
    cr_assert(!exists(tmp), "a temporary file was left");
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(file, 0, "the finished file was lost");
    hid_t set = H5Dopen2(file, "t", H5P_DEFAULT);
    hid_t space = H5Dget_space(set);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, NULL);
    cr_assert_eq(n, 1000);
    H5Sclose(space);
    H5Dclose(set);
    H5Fclose(file);
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* Row `row` of the slab test: an int, a name and a double that identify it. */
static void fill_slab_row(cc_h5table *t, size_t k, size_t row, const void *ctx)
{
    (void)ctx;
    char name[32];
    snprintf(name, sizeof name, "row-%zu", row);
    cc_h5table_set_int(t, k, 0, (long)row);
    cc_h5table_set_name(t, k, 1, name);
    cc_h5table_set_double(t, k, 2, row % 7 ? 0.5 * (double)row : NAN);
}

static int write_slabs(hid_t file, const void *ctx)
{
    cc_h5table t = { 0 };
    cc_h5table_add_col(&t, "row", CC_H5_INT);
    cc_h5table_add_col(&t, "name", CC_H5_NAME);
    cc_h5table_add_col(&t, "x", CC_H5_DOUBLE);
    return cc_h5table_write_slabs(file, "t", &t, *(const size_t *)ctx, fill_slab_row, NULL);
}

/* A table of two and a half slabs is read back row for row, from a chunked dataset
 * (chunks of one slab); so is an empty one. */
Test(h5table, slabs_write_every_row_in_order)
{
    char *dir = fresh_dir(), path[256];
    snprintf(path, sizeof path, "%s/slabs.h5", dir);
    size_t sizes[] = { 2 * CC_H5TABLE_SLAB + CC_H5TABLE_SLAB / 2, 0 };
    for (int c = 0; c < 2; c++) {
        size_t rows = sizes[c];
        cc_error e = { 0 };
        cr_assert_eq(cc_h5_write_file(path, "test", write_slabs, &rows, &e), CC_OK, "%s", e.msg);
        hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
        hid_t set = H5Dopen2(file, "t", H5P_DEFAULT);
        hid_t space = H5Dget_space(set), dcpl = H5Dget_create_plist(set);
        hsize_t n = 0, chunk = 0;
        H5Sget_simple_extent_dims(space, &n, NULL);
        cr_assert_eq(n, rows);
        if (rows) {
            cr_assert_eq(H5Pget_layout(dcpl), H5D_CHUNKED);
            cr_assert_eq(H5Pget_chunk(dcpl, 1, &chunk), 1);
            cr_assert_eq(chunk, CC_H5TABLE_SLAB);
            struct { int32_t row; char name[CC_H5TABLE_NAME_LEN]; double x; } *got = calloc(rows, sizeof *got);
            hid_t str = H5Tcopy(H5T_C_S1), type = H5Tcreate(H5T_COMPOUND, sizeof *got);
            H5Tset_size(str, CC_H5TABLE_NAME_LEN);
            H5Tinsert(type, "row", 0, H5T_NATIVE_INT32);
            H5Tinsert(type, "name", offsetof(__typeof__(*got), name), str);
            H5Tinsert(type, "x", offsetof(__typeof__(*got), x), H5T_NATIVE_DOUBLE);
            cr_assert_geq(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, got), 0);
            for (size_t r = 0; r < rows; r++) {
                char name[32];
                snprintf(name, sizeof name, "row-%zu", r);
                cr_assert_eq(got[r].row, (int32_t)r);
                cr_assert_str_eq(got[r].name, name);
                if (r % 7)
                    cr_assert_eq(got[r].x, 0.5 * (double)r, "row %zu", r);
                else
                    cr_assert(isnan(got[r].x), "row %zu", r);
            }
            H5Tclose(type);
            H5Tclose(str);
            free(got);
        }
        H5Pclose(dcpl);
        H5Sclose(space);
        H5Dclose(set);
        H5Fclose(file);
    }
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* n lines of text (cc_output_write_text's writer). */
static int write_lines(FILE *f, const void *ctx)
{
    size_t n = *(const size_t *)ctx;
    for (size_t k = 0; k < n; k++)
        fprintf(f, "line %zu of a CSV table\n", k);
    return 0;
}

/* A text file goes through the same discipline: written whole and renamed over the
 * old one; on a full disk (a file-size limit) the old file stays and no temporary
 * file is left. The CSV writers used to leave a truncated file's temporary copy
 * behind a signal, and wrote without fsync. */
Test(h5table, text_files_are_whole_or_absent)
{
    char *dir = fresh_dir(), path[256], tmp[300], line[64];
    snprintf(path, sizeof path, "%s/table.csv", dir);
    size_t n = 3;
    cc_error e = { 0 };
    cr_assert_eq(cc_output_write_text(path, "the table", write_lines, &n, &e), CC_OK, "%s", e.msg);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    int lines = 0;
    while (fgets(line, sizeof line, f))
        lines++;
    fclose(f);
    cr_assert_eq(lines, 3);

    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = { 64 << 10, 64 << 10 };
        setrlimit(RLIMIT_FSIZE, &rl);
        size_t many = 100000;
        cc_error ce = { 0 };
        int rc = cc_output_write_text(path, "the table", write_lines, &many, &ce);
        _exit(rc == CC_EINTERNAL && strstr(ce.msg, "writing the table failed (File too large)") ? 0 : 3);
    }
    int st;
    waitpid(pid, &st, 0);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the full-disk write did not fail cleanly");
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)pid);
    cr_assert(!exists(tmp), "a temporary file was left behind");
    f = fopen(path, "r");
    cr_assert_not_null(f, "the old file was lost");
    lines = 0;
    while (fgets(line, sizeof line, f))
        lines++;
    fclose(f);
    cr_assert_eq(lines, 3, "the old file was changed");
    unlink(path);
    rmdir(dir);
    free(dir);
}
