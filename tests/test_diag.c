/*
 * test_diag.c - diagnostics: the exact "file:line:col: kind: message" format, counting,
 * collection, printing to a FILE, and the did-you-mean suggestions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "sg_utf8.h"

static void test_error_and_note_format(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, NULL, 1);
    loc a = {"schemas/x.yaml", 7, 5}, b = {"schemas/x.yaml", 5, 5};
    diag_error(&d, a, "attribute '%s' declared twice in class '%s'", "id", "Image");
    diag_note(&d, b, "first declared here");
    assert_string_equal(diag_text(&d),
                        "schemas/x.yaml:7:5: error: attribute 'id' declared twice in class "
                        "'Image'\n"
                        "schemas/x.yaml:5:5: note: first declared here\n");
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.notes, 1);
    diag_fini(&d);
}

static void test_no_file(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, NULL, 1);
    loc none = {NULL, 0, 0};
    diag_error(&d, none, "cannot read '%s'", "x.yaml");
    diag_note(&d, none, "see --help");
    assert_string_equal(diag_text(&d), "slotgen: error: cannot read 'x.yaml'\n"
                                       "slotgen: note: see --help\n");
    diag_fini(&d);
}

/* Schema text in a message (a YAML "\e" in a key, a path) never reaches the terminal raw:
 * C0 controls, DEL and bytes that are not UTF-8 become \xHH, C1 and bidirectional controls
 * \uHHHH; printable UTF-8 is kept, and so is the final newline. */
static void test_controls_escaped(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, NULL, 1);
    loc at = {"dir\n/x.yaml", 2, 3};
    diag_error(&d, at, "unknown key '%s'", "\x1b]0;pwned\x07\r\b\x7f|\xc2\x9b|\x9b|"
                                             "\xe2\x80\xae|\xe2\x81\xa6|caf\xc3\xa9|\t");
    assert_string_equal(diag_text(&d),
                        "dir\\x0a/x.yaml:2:3: error: unknown key '\\x1b]0;pwned\\x07\\x0d"
                        "\\x08\\x7f|\\u009b|\\x9b|\\u202e|\\u2066|caf\xc3\xa9|\\x09'\n");
    diag_fini(&d);
}

/* The line and paragraph separators U+2028 and U+2029 (which some terminals and editors show
 * as line breaks) are escaped in a message as they are in the layout report: one list of
 * what must not reach a terminal raw (sg_utf8_is_control). */
static void test_separators_escaped(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, NULL, 1);
    loc at = {"x.yaml", 1, 1};
    diag_error(&d, at, "unknown key '%s'", "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c");
    assert_string_equal(diag_text(&d), "x.yaml:1:1: error: unknown key 'a\\u2028b\\u2029c'\n");
    assert_int_equal(sg_utf8_is_control(0x2028), 1);
    assert_int_equal(sg_utf8_is_control(0x2030), 0);
    diag_fini(&d);
}

static void test_empty_and_not_collected(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, NULL, 0);
    assert_string_equal(diag_text(&d), "");
    loc a = {"x.yaml", 1, 1};
    diag_error(&d, a, "e");
    assert_string_equal(diag_text(&d), "");
    assert_int_equal(d.errors, 1);
    diag_fini(&d);
}

static void test_prints_to_file(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    diag d;
    diag_init(&d, f, 0);
    loc a = {"a.yaml", 2, 3};
    diag_error(&d, a, "bad %d", 42);
    assert_int_equal(ftell(f), 0); /* held until flushed */
    diag_flush(&d);
    rewind(f);
    char line[128] = "";
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "a.yaml:2:3: error: bad 42\n");
    fclose(f);
    diag_fini(&d);
}

static void test_long_message(void **state)
{
    (void)state;
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    diag d;
    diag_init(&d, NULL, 1);
    loc a = {"a.yaml", 1, 1};
    for (int i = 0; i < 10; i++)
        diag_error(&d, a, "%s", big);
    assert_int_equal(strlen(diag_text(&d)), 10 * (strlen("a.yaml:1:1: error: \n") + 4999));
    diag_fini(&d);
}

/* Messages come out by file (in the order diag_file named them, then by first message),
 * line and column, whatever order they were reported in; a note stays after its error, also
 * when it points elsewhere; messages without a file first; equal places keep their order. */
static void test_source_order(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, NULL, 1);
    diag_file(&d, "b.yaml");
    diag_file(&d, "a.yaml");
    loc a13 = {"a.yaml", 13, 5}, a7 = {"a.yaml", 7, 9}, a7c3 = {"a.yaml", 7, 3};
    loc b2 = {"b.yaml", 2, 1}, c1 = {"c.yaml", 1, 1}, none = {NULL, 0, 0};
    diag_error(&d, a13, "a13");
    diag_note(&d, a7c3, "note of a13");
    diag_error(&d, c1, "c1");
    diag_error(&d, a7, "a7 first");
    diag_error(&d, b2, "b2");
    diag_error(&d, none, "none");
    diag_error(&d, a7, "a7 second");
    diag_note(&d, b2, "note of a7 second");
    diag_error(&d, a7c3, "a7c3");
    assert_string_equal(diag_text(&d), "slotgen: error: none\n"
                                       "b.yaml:2:1: error: b2\n"
                                       "a.yaml:7:3: error: a7c3\n"
                                       "a.yaml:7:9: error: a7 first\n"
                                       "a.yaml:7:9: error: a7 second\n"
                                       "b.yaml:2:1: note: note of a7 second\n"
                                       "a.yaml:13:5: error: a13\n"
                                       "a.yaml:7:3: note: note of a13\n"
                                       "c.yaml:1:1: error: c1\n");
    /* a flush empties the held list: later messages are sorted among themselves */
    diag_error(&d, a7, "after");
    diag_flush(&d);
    assert_non_null(strstr(diag_text(&d), "c.yaml:1:1: error: c1\na.yaml:7:9: error: after\n"));
    assert_int_equal(d.errors, 8);
    assert_int_equal(d.notes, 2);
    diag_fini(&d);
}

/* diag_fini frees what was never flushed (ASan's leak check sees it). */
static void test_fini_unflushed(void **state)
{
    (void)state;
    diag d;
    diag_init(&d, NULL, 1);
    loc a = {"a.yaml", 1, 1};
    diag_error(&d, a, "never flushed");
    diag_fini(&d);
}

static const char *const types[] = {"bool", "char", "u32", "string", "Image", NULL};

static void test_suggest_close(void **state)
{
    (void)state;
    assert_string_equal(diag_suggest("strng", types), "string");
    assert_string_equal(diag_suggest("strnig", types), "string");  /* transposition */
    assert_string_equal(diag_suggest("U32", types), "u32");        /* case */
    assert_string_equal(diag_suggest("image", types), "Image");
    assert_string_equal(diag_suggest("boll", types), "bool");
    assert_string_equal(diag_suggest("u32", types), "u32");
}

static void test_suggest_far(void **state)
{
    (void)state;
    assert_null(diag_suggest("float", types));
    assert_null(diag_suggest("", types));
    assert_null(diag_suggest("x", types));
    assert_null(diag_suggest("sting_thing", types));
    const char *const none[] = {NULL};
    assert_null(diag_suggest("u32", none));
}

static void test_suggest_limit_scales(void **state)
{
    (void)state;
    const char *const keys[] = {"attributes", "layout", NULL};
    /* 9 letters allow 3 edits; 'atributes' is one away */
    assert_string_equal(diag_suggest("atributes", keys), "attributes");
    assert_string_equal(diag_suggest("atrbutes", keys), "attributes");
    assert_null(diag_suggest("abc", keys));
    char longword[200];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    const char *const longs[] = {longword, NULL};
    assert_null(diag_suggest(longword, longs)); /* too long to be a typo */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_and_note_format),
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_controls_escaped),
        cmocka_unit_test(test_separators_escaped),
        cmocka_unit_test(test_empty_and_not_collected),
        cmocka_unit_test(test_prints_to_file),
        cmocka_unit_test(test_long_message),
        cmocka_unit_test(test_source_order),
        cmocka_unit_test(test_fini_unflushed),
        cmocka_unit_test(test_suggest_close),
        cmocka_unit_test(test_suggest_far),
        cmocka_unit_test(test_suggest_limit_scales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
