/* JSON writer: separators, nesting, escaping, and null for what JSON cannot carry. */
#define _DEFAULT_SOURCE /* open_memstream */
#include "io/json.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static char *buf;
static size_t len;

static cc_json start(void)
{
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    cc_json j;
    cc_json_init(&j, f);
    return j;
}

static const char *finish(cc_json *j)
{
    cc_json_finish(j);
    fclose(j->f);
    return buf;
}

static void teardown(void) { free(buf); }

TestSuite(json, .fini = teardown);

Test(json, nested_object_with_every_kind_of_value)
{
    cc_json j = start();
    cc_json_open(&j, NULL);
    cc_json_str(&j, "name", "ref");
    cc_json_int(&j, "n", -42);
    cc_json_num(&j, "x", 0.8542977863);
    cc_json_bool(&j, "ok", 1);
    cc_json_estimate(&j, "sl", 0.5, 0.25);
    cc_json_open_array(&j, "list");
    cc_json_num(&j, NULL, 1);
    cc_json_num(&j, NULL, 2.5);
    cc_json_close_array(&j);
    cc_json_open(&j, "empty");
    cc_json_close(&j);
    cc_json_close(&j);
    cr_assert_str_eq(finish(&j),
                     "{\"name\": \"ref\", \"n\": -42, \"x\": 0.8542977863, \"ok\": true, "
                     "\"sl\": {\"mean\": 0.5, \"ci95\": 0.25}, \"list\": [1, 2.5], \"empty\": {}}\n");
}

Test(json, strings_are_escaped)
{
    cc_json j = start();
    cc_json_open(&j, NULL);
    cc_json_str(&j, "s", "a\"b\\c\nd\te\x01");
    cc_json_close(&j);
    cr_assert_str_eq(finish(&j), "{\"s\": \"a\\\"b\\\\c\\nd\\te\\u0001\"}\n");
}

Test(json, non_finite_numbers_are_null)
{
    cc_json j = start();
    cc_json_open(&j, NULL);
    cc_json_num(&j, "nan", NAN);
    cc_json_num(&j, "inf", INFINITY);
    cc_json_close(&j);
    cr_assert_str_eq(finish(&j), "{\"nan\": null, \"inf\": null}\n");
}

/* Names with invalid UTF-8 used to be copied byte for byte, giving invalid JSON:
 * each such byte is now U+FFFD; well-formed multibyte characters pass unchanged. */
Test(json, invalid_utf8_becomes_replacement_characters)
{
    cc_json j = start();
    cc_json_open(&j, NULL);
    cc_json_str(&j, "bad", "a\xff" "b\xc3" "c\xe2\x82" "\xed\xa0\x80" "\xc0\xaf" "\xf4\x90\x80\x80");
    cc_json_str(&j, "good", "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e");
    cc_json_close(&j);
    cr_assert_str_eq(finish(&j),
                     "{\"bad\": \"a\\ufffdb\\ufffdc\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd"
                     "\\ufffd\\ufffd\\ufffd\\ufffd\", "
                     "\"good\": \"\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x9e\"}\n");
}
