#include "model/error.h"

#include <stdarg.h>
#include <stdio.h>

int cc_error_set(cc_error *e, int status, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        e->status = status;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}
