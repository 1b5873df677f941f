/* output.c — results files that are whole or absent; see output.h. */
#include "io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder of path ("." when it has none), in buf. */
static void folder_of(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, n, ".");
    else if (slash == path)
        snprintf(buf, n, "/");
    else
        snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

/* What is at path, if anything, that ccsim will not replace: NULL when path is
 * absent or a regular file. */
static const char *not_replaceable(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return NULL;
    if (S_ISLNK(st.st_mode))
        return "is a symbolic link (ccsim replaces only a regular file; give the path it points to)";
    if (S_ISDIR(st.st_mode))
        return "is a folder (give a file name)";
    if (!S_ISREG(st.st_mode))
        return "is not a regular file (a device, pipe or socket; ccsim replaces only a regular file)";
    return NULL;
}

int cc_output_check(const char *flag, const char *path, cc_error *err)
{
    char dir[4096], reason[128];
    struct stat st;
    if (!path[0])
        return cc_error_set(err, CC_EINPUT, "%s must name a file (got an empty path)", flag);
    if (strlen(path) + 32 >= sizeof dir)
        return cc_error_set(err, CC_EINPUT, "%s %.64s...: path longer than %zu bytes", flag, path,
                            sizeof dir - 32);
    const char *why = not_replaceable(path);
    if (why)
        return cc_error_set(err, CC_EINPUT, "%s %s: %s", flag, path, why);
    folder_of(path, dir, sizeof dir);
    /* The folder's state is the file system's, not the argument's: an I/O error. */
    if (stat(dir, &st) != 0) {
        if (strerror_r(errno, reason, sizeof reason))
            snprintf(reason, sizeof reason, "error %d", errno);
        return cc_error_set(err, CC_EINTERNAL, "%s %s: folder %s cannot be used (%s)", flag, path,
                            dir, reason);
    }
    if (!S_ISDIR(st.st_mode))
        return cc_error_set(err, CC_EINPUT, "%s %s: %s is not a folder", flag, path, dir);
    if (access(dir, W_OK | X_OK) != 0)
        return cc_error_set(err, CC_EINTERNAL, "%s %s: folder %s is not writable", flag, path, dir);
    return CC_OK;
}

/* SIGINT, SIGTERM and SIGHUP whose action is the default (ending the process) are
 * held while a file is written: a process ended half-way would leave the temporary
 * file behind. They are delivered once the file is in place. A handler the caller
 * installed, or an ignored signal, is left as it is. */
static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define N_HELD (sizeof held_signals / sizeof held_signals[0])
static volatile sig_atomic_t held_signal;

static void hold(int sig)
{
    held_signal = sig;
}

static void hold_signals(struct sigaction old[N_HELD], int held[N_HELD])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = hold;
    sa.sa_flags = SA_RESTART;
    sigfillset(&sa.sa_mask);
    held_signal = 0;
    for (size_t k = 0; k < N_HELD; k++) {
        held[k] = sigaction(held_signals[k], NULL, &old[k]) == 0 && old[k].sa_handler == SIG_DFL &&
                  sigaction(held_signals[k], &sa, NULL) == 0;
    }
}

static void release_signals(const struct sigaction old[N_HELD], const int held[N_HELD])
{
    for (size_t k = 0; k < N_HELD; k++)
        if (held[k])
            sigaction(held_signals[k], &old[k], NULL);
    if (held_signal)
        raise(held_signal);
}

/* fsync of the file or folder at path: the data must be on disk before the rename
 * makes it the results file. */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int cc_output_write(const char *path, const char *what,
                    int (*write)(const char *tmp, const void *ctx), const void *ctx,
                    cc_error *err)
{
    char tmp[4096], dir[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return cc_error_set(err, CC_EINTERNAL, "%s: path too long", path);
    folder_of(path, dir, sizeof dir);
    struct sigaction old[N_HELD];
    int held[N_HELD];
    hold_signals(old, held);
    int status = CC_OK;
    const char *why;
    unlink(tmp); /* a stale one from an earlier process of the same id */
    errno = 0;
    if (write(tmp, ctx) != 0) {
        int e = errno;
        status = cc_error_set(err, CC_EINTERNAL, "%s: writing %s failed (%s)", path, what,
                              e ? strerror(e) : "HDF5 error");
    } else if (sync_path(tmp, O_RDONLY) != 0) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: writing %s failed (fsync: %s)", path, what,
                              strerror(errno));
    } else if ((why = not_replaceable(path))) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: not replaced: it %s", path, why);
    } else if (rename(tmp, path) != 0) {
        status = cc_error_set(err, CC_EINTERNAL, "%s: cannot rename %s into place (%s)", path, what,
                              strerror(errno));
    } else {
        sync_path(dir, O_RDONLY | O_DIRECTORY); /* the rename itself; best effort */
    }
    if (status != CC_OK)
        unlink(tmp);
    release_signals(old, held);
    return status;
}

typedef struct text_writer {
    int (*write)(FILE *f, const void *ctx);
    const void *ctx;
} text_writer;

/* cc_output_write's writer for a text file: created exclusively, written through
 * stdio, every error (the writer's, a short write, the close) reported as -1. */
static int write_text_tmp(const char *tmp, const void *ctx)
{
    const text_writer *w = ctx;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    errno = 0;
    int bad = w->write(f, w->ctx) != 0 || ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    errno = e;
    return bad ? -1 : 0;
}

int cc_output_write_text(const char *path, const char *what,
                         int (*write)(FILE *f, const void *ctx), const void *ctx, cc_error *err)
{
    text_writer w = { write, ctx };
    return cc_output_write(path, what, write_text_tmp, &w, err);
}
