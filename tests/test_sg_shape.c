/*
 * test_sg_shape.c - the per-class transition tree: sharing, keys, prefixes, both limits, and
 * allocation failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "sg_atom.h"
#include "sg_class.h"
#include "sg_shape.h"
#include "sg_test_classes.h"

static void test_transitions_are_shared(void **state)
{
    sg_class_state *st = sg_class_state_get(&Measurement_class);
    sg_atom a = sg_atom_intern("a"), b = sg_atom_intern("b");
    const sg_shape *sa, *sab, *sb, *sba;
    sg_status why = SG_OK;

    (void)state;
    assert_non_null(st);
    assert_int_equal(st->root->count, 0);
    assert_null(st->root->parent);
    sa = sg_shape_add(st->root, a, &why);
    assert_non_null(sa);
    assert_ptr_equal(sg_shape_add(st->root, a, &why), sa);
    sab = sg_shape_add(sa, b, &why);
    sb = sg_shape_add(st->root, b, &why);
    sba = sg_shape_add(sb, a, &why);
    assert_ptr_not_equal(sab, sba);                  /* order matters */
    assert_int_equal(sab->count, 2);
    assert_ptr_equal(sab->keys[0], a);
    assert_ptr_equal(sab->keys[1], b);
    assert_ptr_equal(sab->parent, sa);
    assert_int_equal(sg_shape_index(sab, a), 0);
    assert_int_equal(sg_shape_index(sab, b), 1);
    assert_int_equal(sg_shape_index(sba, a), 1);
    assert_int_equal(sg_shape_index(sa, b), -1);
    assert_ptr_equal(sg_shape_prefix(sab, 1), sa);
    assert_ptr_equal(sg_shape_prefix(sab, 0), st->root);
    assert_ptr_equal(sg_shape_prefix(sab, 2), sab);
    assert_int_equal(st->nshapes, 5);
    assert_ptr_equal(sab->owner, st);
    /* Another class has its own tree. */
    sg_class_state *other = sg_class_state_get(&Opt_class);
    assert_ptr_not_equal(other->root, st->root);
    assert_ptr_not_equal(sg_shape_add(other->root, a, &why), sa);
    tc_end();
}

static void test_slot_limit(void **state)
{
    sg_class_state *st = sg_class_state_get(&Measurement_class);
    const sg_shape *s = st->root;
    sg_status why = SG_OK;
    char name[16];

    (void)state;
    for (int i = 0; i < SG_SHAPE_MAX_SLOTS; i++) {
        snprintf(name, sizeof name, "s%d", i);
        s = sg_shape_add(s, sg_atom_intern(name), &why);
        assert_non_null(s);
    }
    assert_int_equal(s->count, SG_SHAPE_MAX_SLOTS);
    assert_null(sg_shape_add(s, sg_atom_intern("one too many"), &why));
    assert_int_equal(why, SG_ERANGE);
    tc_end();
}

/* Makes the class's first budget of shapes: children c1, c2, ... of the root. */
static void spend_budget(sg_class_state *st)
{
    sg_status why = SG_OK;
    char name[16];

    for (int i = 1; i < SG_CLASS_MAX_SHAPES; i++) {
        snprintf(name, sizeof name, "c%d", i);
        assert_non_null(sg_shape_add(st->root, sg_atom_intern(name), &why));
    }
}

static void test_class_limit(void **state)
{
    sg_class_state *st = sg_class_state_get(&Measurement_class);
    sg_status why = SG_OK;

    (void)state;
    spend_budget(st);
    assert_int_equal(st->nshapes, SG_CLASS_MAX_SHAPES);
    assert_null(sg_shape_add(st->root, sg_atom_intern("full"), &why));
    assert_int_equal(why, SG_ERANGE);
    assert_non_null(sg_shape_add(st->root, sg_atom_intern("c7"), &why));  /* still found */
    tc_end();
}

/* Children are found through the class's table, whatever the number of siblings: every one
 * of 511 children of the root (the table grown several times meanwhile) is found again, the
 * oldest as the newest. */
static void test_many_siblings(void **state)
{
    sg_class_state *st = sg_class_state_get(&Measurement_class);
    const sg_shape *made[SG_CLASS_MAX_SHAPES];
    sg_status why = SG_OK;
    char name[16];

    (void)state;
    for (int i = 1; i < SG_CLASS_MAX_SHAPES; i++) {
        snprintf(name, sizeof name, "sib%d", i);
        made[i] = sg_shape_add(st->root, sg_atom_intern(name), &why);
        assert_non_null(made[i]);
        assert_ptr_equal(made[i]->parent, st->root);
    }
    for (int i = 1; i < SG_CLASS_MAX_SHAPES; i++) {
        snprintf(name, sizeof name, "sib%d", i);
        assert_ptr_equal(sg_shape_add(st->root, sg_atom_intern(name), &why), made[i]);
    }
    /* A child of a child with the same name is another shape. */
    const sg_shape *deeper = sg_shape_add(made[1], sg_atom_intern("sib2"), &why);
    assert_null(deeper);                    /* the budget is spent: refused */
    assert_int_equal(why, SG_ERANGE);
    assert_int_equal(st->nshapes, SG_CLASS_MAX_SHAPES);
    tc_end();
}

/* A spent budget recovers: every SG_SHAPE_EARN refused requests earn the class one shape. */
static void test_budget_recovers(void **state)
{
    sg_class_state *st = sg_class_state_get(&Measurement_class);
    sg_status why = SG_OK;
    char name[16];
    int i;

    (void)state;
    spend_budget(st);
    for (i = 0; i < SG_SHAPE_EARN; i++) {
        snprintf(name, sizeof name, "refused%d", i);
        assert_null(sg_shape_add(st->root, sg_atom_intern(name), &why));
        assert_int_equal(why, SG_ERANGE);
    }
    assert_non_null(sg_shape_add(st->root, sg_atom_intern("earned"), &why));
    assert_int_equal(st->nshapes, SG_CLASS_MAX_SHAPES + 1);
    assert_null(sg_shape_add(st->root, sg_atom_intern("next"), &why));  /* spent again */
    tc_end();
}

static void test_enomem(void **state)
{
    sg_class_state *st = sg_class_state_get(&Measurement_class);
    sg_atom k = sg_atom_intern("k");
    sg_status why = SG_OK;

    (void)state;
    tc_budget = 0;
    assert_null(sg_shape_add(st->root, k, &why));
    tc_budget = -1;
    assert_int_equal(why, SG_ENOMEM);
    assert_int_equal(st->nshapes, 1);
    assert_non_null(sg_shape_add(st->root, k, &why));
    assert_int_equal(st->nshapes, 2);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_transitions_are_shared, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_slot_limit, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_class_limit, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_many_siblings, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_budget_recovers, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_enomem, tc_setup_exact, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
