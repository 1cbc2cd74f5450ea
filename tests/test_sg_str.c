/*
 * test_sg_str.c - owned strings: dup, free, replace, and failure leaving the slot unchanged.
 * Dup, replace and strings shortened in place also run with the slabs off, so the hook checks
 * the size of every free; with the slabs on, a block given back at the wrong size would land
 * on another size class's list and keep its chunk from being released (a leak at tc_end).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sg_test_classes.h"

static void test_dup_and_free(void **state)
{
    char src[] = "caption";
    char *s;

    (void)state;
    s = sg_str_dup(src);
    assert_non_null(s);
    assert_ptr_not_equal(s, src);
    assert_string_equal(s, "caption");
    src[0] = 'X';
    assert_string_equal(s, "caption");
    sg_str_free(s);
    assert_null(sg_str_dup(NULL));
    sg_str_free(NULL);
    s = sg_str_dup("");
    assert_string_equal(s, "");
    sg_str_free(s);
    tc_end();
}

static void test_long_string(void **state)
{
    char big[1000];
    char *s;

    (void)state;
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    s = sg_str_dup(big);
    assert_string_equal(s, big);
    sg_str_free(s);
    tc_end();
}

static void test_replace(void **state)
{
    char *slot = NULL;

    (void)state;
    assert_int_equal(sg_str_replace(&slot, "one"), SG_OK);
    assert_string_equal(slot, "one");
    assert_int_equal(sg_str_replace(&slot, "two, longer"), SG_OK);
    assert_string_equal(slot, "two, longer");
    assert_int_equal(sg_str_replace(&slot, slot), SG_OK);  /* self-assignment */
    assert_string_equal(slot, "two, longer");
    assert_int_equal(sg_str_replace(&slot, NULL), SG_OK);
    assert_null(slot);
    tc_end();
}

static void test_replace_enomem(void **state)
{
    char *slot = NULL;

    (void)state;
    assert_int_equal(sg_str_replace(&slot, "kept"), SG_OK);
    tc_budget = 0;
    assert_null(sg_str_dup("x"));
    assert_int_equal(sg_str_replace(&slot, "lost"), SG_ENOMEM);
    tc_budget = -1;
    assert_string_equal(slot, "kept");
    sg_str_free(slot);
    tc_end();
}

/* Writes a shorter string into owned strings of every length class (short and long headers)
 * and frees them: each must go back at the size it was made with. */
static void test_shortened_in_place(void **state)
{
    static const size_t lens[] = {0, 1, 7, 8, 15, 100, 252, 253, 254, 255, 300, 5000};
    char src[5001];
    char *s[sizeof lens / sizeof lens[0]];
    size_t n = sizeof lens / sizeof lens[0];

    (void)state;
    memset(src, 'a', sizeof src);
    for (size_t i = 0; i < n; i++) {
        src[lens[i]] = '\0';
        s[i] = sg_str_dup(src);
        src[lens[i]] = 'a';
        assert_non_null(s[i]);
        assert_int_equal(strlen(s[i]), lens[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (lens[i] >= 2)
            strcpy(s[i], "z");              /* shortened: a NUL at index 1 */
        s[i][0] = '\0';                     /* and emptied */
        assert_int_equal(sg_str_replace(&s[i], s[i]), SG_OK);   /* replace reads the new "" */
        assert_string_equal(s[i], "");
    }
    for (size_t i = 0; i < n; i++)
        sg_str_free(s[i]);
    tc_end();
}

/* The same through an object: a declared string shortened in place, then replaced by the
 * setter and destroyed. */
static void test_shortened_member(void **state)
{
    Image img = {0};

    (void)state;
    assert_int_equal(sg_setattr(&Image_class, &img, "caption", sg_str("a long caption")), SG_OK);
    assert_int_equal(sg_setattr(&Image_class, &img, "url", sg_str("http://example.com/")), SG_OK);
    img.caption[1] = '\0';
    assert_int_equal(sg_setattr(&Image_class, &img, "caption", sg_str("x")), SG_OK);
    assert_string_equal(img.caption, "x");
    strcpy(img.url, "");
    sg_object_destroy(&Image_class, &img);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dup_and_free, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_dup_and_free, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_long_string, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_replace, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_replace, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_replace_enomem, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_shortened_in_place, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_shortened_in_place, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_shortened_member, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_shortened_member, tc_setup_exact, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
