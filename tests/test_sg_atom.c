/*
 * test_sg_atom.c - interning: identity, lookup-only find, growth, cleanup, failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "sg_atom.h"
#include "sg_test_classes.h"

static void test_intern_identity(void **state)
{
    char buf[] = "other";
    sg_atom a, b;

    (void)state;
    a = sg_atom_intern("other");
    b = sg_atom_intern(buf);
    assert_non_null(a);
    assert_ptr_equal(a, b);
    assert_string_equal(sg_atom_name(a), "other");
    assert_ptr_not_equal(sg_atom_name(a), buf);
    assert_ptr_not_equal(sg_atom_intern("others"), a);
    assert_ptr_not_equal(sg_atom_intern("othe"), a);
    assert_ptr_equal(sg_atom_intern_len("otherwise", 5), a);
    assert_non_null(sg_atom_intern(""));
    assert_ptr_equal(sg_atom_intern(""), sg_atom_find(""));
    assert_null(sg_atom_intern(NULL));
    assert_null(sg_atom_find(NULL));
    assert_null(sg_atom_name(NULL));
    tc_end();
}

static void test_find_never_inserts(void **state)
{
    long before;

    (void)state;
    assert_null(sg_atom_find("nothing"));     /* no table at all yet */
    sg_atom a = sg_atom_intern("something");
    before = tc_allocs;
    assert_null(sg_atom_find("nothing"));
    assert_null(sg_atom_find("somethin"));
    assert_null(sg_atom_find_len("something", 4));
    assert_ptr_equal(sg_atom_find("something"), a);
    assert_ptr_equal(sg_atom_find_len("something else", 9), a);
    assert_int_equal(tc_allocs, before);
    assert_null(sg_atom_find("nothing"));
    tc_end();
}

static void test_growth_keeps_atoms(void **state)
{
    sg_atom atoms[3000];
    char name[32];

    (void)state;
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof name, "name_%d_%s", i, i % 2 ? "odd" : "even");
        atoms[i] = sg_atom_intern(name);
        assert_non_null(atoms[i]);
    }
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof name, "name_%d_%s", i, i % 2 ? "odd" : "even");
        assert_ptr_equal(sg_atom_find(name), atoms[i]);
        assert_ptr_equal(sg_atom_intern(name), atoms[i]);
        assert_string_equal(sg_atom_name(atoms[i]), name);
    }
    tc_end();
}

static void test_long_names_and_hash(void **state)
{
    char a[300], b[300];

    (void)state;
    memset(a, 'z', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof a);
    b[150] = 'y';
    assert_ptr_not_equal(sg_atom_intern(a), sg_atom_intern(b));
    assert_ptr_equal(sg_atom_intern(a), sg_atom_find(a));
    assert_int_equal(sg_atom_hash("abc", 3), sg_atom_hash("abcd", 3));
    tc_end();
}

static sg_status intern_op(void *ctx)
{
    (void)ctx;
    return sg_atom_intern("fragile") ? SG_OK : SG_ENOMEM;
}

static void intern_end(void *ctx, bool failed)
{
    (void)ctx;
    if (failed)
        assert_null(sg_atom_find("fragile"));
}

/* Interning into an empty runtime makes the atom, then the table. For each, from a clean
 * runtime, failing it alone and failing it and everything after it give NULL, no atom, and
 * every block back. */
static void test_intern_enomem(void **state)
{
    static const tc_walk_case ops = {NULL, intern_op, intern_end};

    (void)state;
    assert_int_equal(tc_walk(&ops, NULL), 2);
    assert_non_null(sg_atom_intern("fragile"));
    tc_end();
}

static void test_cleanup_starts_over(void **state)
{
    (void)state;
    assert_non_null(sg_atom_intern("temporary"));
    sg_runtime_cleanup();
    assert_null(sg_atom_find("temporary"));
    assert_non_null(sg_atom_intern("temporary"));
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_intern_identity, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_find_never_inserts, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_growth_keeps_atoms, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_long_names_and_hash, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_intern_enomem, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_cleanup_starts_over, tc_setup, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
