/*
 * test_sg_str.c - owned strings: dup, free, replace, and failure leaving the slot unchanged.
 * Dup and replace also run with the slabs off, so the hook checks the size of every free.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dup_and_free, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_dup_and_free, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_long_string, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_replace, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_replace, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_replace_enomem, tc_setup_exact, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
