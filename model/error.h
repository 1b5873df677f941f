/* error.h — the bad-input / internal-error channel shared by every module.
 *
 * Functions that can fail on user input or I/O return a status (CC_OK, CC_EINPUT,
 * CC_EINTERNAL) and fill a cc_error with a one-line message that names the file,
 * line, field and the accepted range where they are known. The status doubles as
 * the process exit code: 0 success, 1 bad input, 2 internal or I/O error.
 * Broken invariants are bugs and are not reported here: they assert.
 */
#ifndef CC_ERROR_H
#define CC_ERROR_H

enum { CC_OK = 0, CC_EINPUT = 1, CC_EINTERNAL = 2 };

typedef struct cc_error {
    int status;
    char msg[512];
} cc_error;

/* Records status and a printf-style message in e (which may be NULL); returns status. */
int cc_error_set(cc_error *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
