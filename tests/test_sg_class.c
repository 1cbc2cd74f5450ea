/*
 * test_sg_class.c - enums by name and value, flag sets as text, and the lazily created
 * per-class state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sg_atom.h"
#include "sg_class.h"
#include "sg_shape.h"
#include "sg_test_classes.h"

static void test_enums(void **state)
{
    int64_t v = 99;

    (void)state;
    assert_int_equal(sg_enum_value(&Color_enum, "green", &v), SG_OK);
    assert_int_equal(v, 1);
    assert_int_equal(sg_enum_value(&Rating_enum, "minus", &v), SG_OK);
    assert_int_equal(v, -1);
    assert_int_equal(sg_enum_value(&Color_enum, "Green", &v), SG_ENOATTR);
    assert_int_equal(sg_enum_value(&Color_enum, "", &v), SG_ENOATTR);
    assert_int_equal(sg_enum_value(&Color_enum, NULL, &v), SG_ENOATTR);
    assert_int_equal(sg_enum_value(NULL, "red", &v), SG_ENOATTR);
    assert_int_equal(sg_enum_value(&Color_enum, "blue", NULL), SG_OK);
    assert_string_equal(sg_enum_name(&Color_enum, 2), "blue");
    assert_string_equal(sg_enum_name(&Rating_enum, 4), "four");
    assert_null(sg_enum_name(&Rating_enum, 1));
    assert_null(sg_enum_name(NULL, 0));
    for (uint32_t i = 0; i < Color_enum.count; i++) {
        assert_int_equal(sg_enum_value(&Color_enum, Color_enum.members[i].name, &v), SG_OK);
        assert_string_equal(sg_enum_name(&Color_enum, v), Color_enum.members[i].name);
    }
}

static void test_flags_format(void **state)
{
    char buf[32];

    (void)state;
    assert_int_equal(sg_flags_format(&Amenity_enum, 0, buf, sizeof buf), SG_OK);
    assert_string_equal(buf, "");
    assert_int_equal(sg_flags_format(&Amenity_enum, AMENITY_SPA | AMENITY_WIFI, buf, sizeof buf),
                     SG_OK);
    assert_string_equal(buf, "wifi|spa");                   /* declaration order */
    assert_int_equal(sg_flags_format(&Amenity_enum, 7, buf, sizeof buf), SG_OK);
    assert_string_equal(buf, "wifi|pool|spa");
    assert_int_equal(sg_flags_format(&Amenity_enum, AMENITY_POOL, buf, sizeof buf), SG_OK);
    assert_string_equal(buf, "pool");
    /* unknown bits: the known names, SG_ERANGE */
    assert_int_equal(sg_flags_format(&Amenity_enum, 8 | AMENITY_POOL, buf, sizeof buf),
                     SG_ERANGE);
    assert_string_equal(buf, "pool");
    assert_int_equal(sg_flags_format(&Amenity_enum, UINT64_C(1) << 63, buf, sizeof buf),
                     SG_ERANGE);
    assert_string_equal(buf, "");
    /* too small: truncated, NUL-terminated; exactly big enough is fine */
    assert_int_equal(sg_flags_format(&Amenity_enum, 5, buf, 8), SG_ERANGE);
    assert_string_equal(buf, "wifi|sp");
    assert_int_equal(sg_flags_format(&Amenity_enum, 5, buf, 9), SG_OK);
    assert_string_equal(buf, "wifi|spa");
    assert_int_equal(sg_flags_format(&Amenity_enum, 5, buf, 5), SG_ERANGE);
    assert_string_equal(buf, "wifi");
    assert_int_equal(sg_flags_format(&Amenity_enum, 5, buf, 1), SG_ERANGE);
    assert_string_equal(buf, "");
    assert_int_equal(sg_flags_format(&Amenity_enum, 0, buf, 1), SG_OK);
    assert_int_equal(sg_flags_format(&Amenity_enum, 0, buf, 0), SG_ERANGE);
    assert_int_equal(sg_flags_format(&Amenity_enum, 0, NULL, 0), SG_ERANGE);
    assert_int_equal(sg_flags_format(NULL, 0, buf, sizeof buf), SG_EINVAL);
}

static void test_flags_parse(void **state)
{
    uint64_t set = 99;

    (void)state;
    assert_int_equal(sg_flags_parse(&Amenity_enum, "", &set), SG_OK);
    assert_int_equal(set, 0);
    set = 99;
    assert_int_equal(sg_flags_parse(&Amenity_enum, "  ", &set), SG_OK);
    assert_int_equal(set, 0);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "spa|wifi", &set), SG_OK);
    assert_int_equal(set, AMENITY_SPA | AMENITY_WIFI);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "pool", &set), SG_OK);
    assert_int_equal(set, AMENITY_POOL);
    assert_int_equal(sg_flags_parse(&Amenity_enum, " wifi | pool|spa ", &set), SG_OK);
    assert_int_equal(set, 7);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "pool|pool", &set), SG_OK);
    assert_int_equal(set, AMENITY_POOL);
    set = 99;
    assert_int_equal(sg_flags_parse(&Amenity_enum, "sauna", &set), SG_ENOATTR);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "wifi|sauna", &set), SG_ENOATTR);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "wif", &set), SG_ENOATTR);  /* a prefix */
    assert_int_equal(sg_flags_parse(&Amenity_enum, "wifix", &set), SG_ENOATTR);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "WIFI", &set), SG_ENOATTR);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "wifi||spa", &set), SG_ENOATTR);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "wifi|", &set), SG_ENOATTR);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "|wifi", &set), SG_ENOATTR);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "|", &set), SG_ENOATTR);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "wifi spa", &set), SG_ENOATTR);
    assert_int_equal(set, 99);                              /* unchanged on error */
    assert_int_equal(sg_flags_parse(NULL, "wifi", &set), SG_EINVAL);
    assert_int_equal(sg_flags_parse(&Amenity_enum, NULL, &set), SG_EINVAL);
    assert_int_equal(sg_flags_parse(&Amenity_enum, "wifi", NULL), SG_EINVAL);
}

/* Every set formats and parses back to itself. */
static void test_flags_round_trip(void **state)
{
    char buf[32];
    uint64_t back;

    (void)state;
    for (uint64_t set = 0; set < 8; set++) {
        assert_int_equal(sg_flags_format(&Amenity_enum, set, buf, sizeof buf), SG_OK);
        assert_int_equal(sg_flags_parse(&Amenity_enum, buf, &back), SG_OK);
        assert_int_equal(back, set);
    }
}

static void test_state_is_lazy(void **state)
{
    sg_class_state *st;

    (void)state;
    assert_null(image_rt.state);
    assert_null(sg_atom_find("caption"));
    st = sg_class_state_get(&Image_class);
    assert_non_null(st);
    assert_ptr_equal(image_rt.state, st);
    assert_ptr_equal(sg_class_state_get(&Image_class), st);
    assert_ptr_equal(st->rt, &image_rt);
    /* The class keeps the bits of its own declared names, and makes no atom for them. */
    assert_true(st->declared == (sg_hash_bit(sg_atom_hash("caption", 7)) |
                                 sg_hash_bit(sg_atom_hash("url", 3)) |
                                 sg_hash_bit(sg_atom_hash("id", 2))));
    assert_null(sg_atom_find("caption"));
    assert_ptr_equal(sg_class_state_get(&Measurement_class)->root->declared,
                     sg_class_state_get(&Measurement_class)->declared);
    sg_runtime_cleanup();
    assert_null(image_rt.state);                     /* the class starts over */
    assert_non_null(sg_class_state_get(&Image_class));
    tc_end();
}

static sg_status state_op(void *ctx)
{
    (void)ctx;
    return sg_class_state_get(&Kinds_class) ? SG_OK : SG_ENOMEM;
}

static void state_end(void *ctx, bool failed)
{
    (void)ctx;
    if (failed)
        assert_null(kinds_rt.state);
}

/* Making a class state allocates the state and its root shape. For each, from a clean
 * runtime, failing it alone and failing it and everything after it give NULL, no published
 * state, and every block back. */
static void test_state_enomem(void **state)
{
    static const tc_walk_case ops = {NULL, state_op, state_end};

    (void)state;
    assert_int_equal(tc_walk(&ops, NULL), 2);
    sg_class_state *st = sg_class_state_get(&Kinds_class);
    assert_non_null(st);
    assert_ptr_equal(kinds_rt.state, st);
    tc_end();
}

static void test_no_rt_and_no_find(void **state)
{
    /* A hand-made class without find() or rt: declared access still works. */
    static const sg_class bare = {
        "Bare", sizeof(Measurement), _Alignof(Measurement), false, false, 3,
        measurement_attrs, NULL, offsetof(Measurement, sg_dyn), 0, NULL, NULL, NULL,
    };
    Measurement m = {0};
    sg_value v;

    (void)state;
    assert_null(sg_class_state_get(&bare));
    assert_int_equal(sg_setattr(&bare, &m, "y", sg_int(4)), SG_OK);
    assert_int_equal(m.y, 4);
    assert_int_equal(sg_getattr_atom(&bare, &m, sg_atom_intern("y"), &v), SG_OK);
    assert_int_equal(v.as.i, 4);
    assert_int_equal(sg_setattr(&bare, &m, "dyn", sg_int(1)), SG_EINVAL);
    assert_int_equal(sg_getattr(&bare, &m, "dyn", &v), SG_ENOATTR);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enums),
        cmocka_unit_test(test_flags_format),
        cmocka_unit_test(test_flags_parse),
        cmocka_unit_test(test_flags_round_trip),
        cmocka_unit_test_setup_teardown(test_state_is_lazy, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_state_enomem, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_no_rt_and_no_find, tc_setup, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
