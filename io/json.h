/* json.h — a minimal streaming JSON writer for the CLI's --json output.
 *
 * Writes one JSON object to a FILE in a single pass: open/close objects and arrays,
 * and add numbers, integers, strings and booleans under keys (key NULL inside arrays
 * and for the top-level object). Numbers are printed with 10 significant digits;
 * NaN and infinities, which JSON cannot carry, are written as null. Nesting is
 * limited to CC_JSON_MAX_DEPTH levels (an assert, not an input error).
 */
#ifndef CC_JSON_H
#define CC_JSON_H

#include <stdio.h>

#define CC_JSON_MAX_DEPTH 16

typedef struct cc_json {
    FILE *f;
    int depth;
    int count[CC_JSON_MAX_DEPTH]; /* items written so far at each level */
} cc_json;

void cc_json_init(cc_json *j, FILE *f);
void cc_json_open(cc_json *j, const char *key);
void cc_json_close(cc_json *j);
void cc_json_open_array(cc_json *j, const char *key);
void cc_json_close_array(cc_json *j);
void cc_json_num(cc_json *j, const char *key, double v);
void cc_json_int(cc_json *j, const char *key, long long v);
void cc_json_str(cc_json *j, const char *key, const char *s);
void cc_json_bool(cc_json *j, const char *key, int b);
/* {"mean": mean, "ci95": half_width} under key. */
void cc_json_estimate(cc_json *j, const char *key, double mean, double ci95);
/* Ends the top-level object with a newline; all levels must be closed. */
void cc_json_finish(cc_json *j);

#endif
