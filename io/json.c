#include "io/json.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>

void cc_json_init(cc_json *j, FILE *f)
{
    j->f = f;
    j->depth = 0;
    j->count[0] = 0;
}

/* The length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or 0 when it is not one. */
static size_t utf8_length(const unsigned char *p)
{
    size_t n;
    unsigned long cp, min;
    if (p[0] < 0x80)
        return 1;
    if ((p[0] & 0xe0) == 0xc0)
        n = 2, cp = p[0] & 0x1f, min = 0x80;
    else if ((p[0] & 0xf0) == 0xe0)
        n = 3, cp = p[0] & 0x0f, min = 0x800;
    else if ((p[0] & 0xf8) == 0xf0)
        n = 4, cp = p[0] & 0x07, min = 0x10000;
    else
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (p[k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* A JSON string: quotes, backslashes and control characters escaped, and each
 * byte that is not part of well-formed UTF-8 written as U+FFFD, so the output is
 * valid JSON whatever bytes a scenario's names hold. */
static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_length(p);
        if (n == 0) {
            fputs("\\ufffd", f);
            p++;
            continue;
        }
        if (n > 1) {
            fwrite(p, 1, n, f);
            p += n;
            continue;
        }
        switch (*p) {
        case '"':  fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
        p++;
    }
    fputc('"', f);
}

/* Separator and key for the next item at the current level. */
static void item(cc_json *j, const char *key)
{
    if (j->count[j->depth]++ > 0)
        fputs(", ", j->f);
    if (key) {
        put_string(j->f, key);
        fputs(": ", j->f);
    }
}

static void open_level(cc_json *j, const char *key, char c)
{
    if (j->depth > 0 || j->count[0] > 0)
        item(j, key);
    else
        j->count[0] = 1;
    assert(j->depth + 1 < CC_JSON_MAX_DEPTH);
    fputc(c, j->f);
    j->count[++j->depth] = 0;
}

void cc_json_open(cc_json *j, const char *key) { open_level(j, key, '{'); }
void cc_json_open_array(cc_json *j, const char *key) { open_level(j, key, '['); }

void cc_json_close(cc_json *j)
{
    assert(j->depth > 0);
    j->depth--;
    fputc('}', j->f);
}

void cc_json_close_array(cc_json *j)
{
    assert(j->depth > 0);
    j->depth--;
    fputc(']', j->f);
}

void cc_json_num(cc_json *j, const char *key, double v)
{
    item(j, key);
    if (isfinite(v))
        fprintf(j->f, "%.10g", v);
    else
        fputs("null", j->f);
}

void cc_json_int(cc_json *j, const char *key, long long v)
{
    item(j, key);
    fprintf(j->f, "%lld", v);
}

void cc_json_str(cc_json *j, const char *key, const char *s)
{
    item(j, key);
    put_string(j->f, s);
}

void cc_json_bool(cc_json *j, const char *key, int b)
{
    item(j, key);
    fputs(b ? "true" : "false", j->f);
}

void cc_json_estimate(cc_json *j, const char *key, double mean, double ci95)
{
    cc_json_open(j, key);
    cc_json_num(j, "mean", mean);
    cc_json_num(j, "ci95", ci95);
    cc_json_close(j);
}

void cc_json_finish(cc_json *j)
{
    assert(j->depth == 0);
    fputc('\n', j->f);
    fflush(j->f);
}
