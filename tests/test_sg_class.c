/*
 * test_sg_class.c - enums by name and value, flag sets as text, declared attributes by name
 * (sg_class_find), and the lazily created per-class state (sg_class_release frees one).
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
    assert_int_equal(sg_flags_format(&Amenity_enum, 0, NULL, 8), SG_EINVAL); /* no buffer */
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

/* The index of the attribute of 'cls' whose name is the 'len' bytes at 'name', by a plain
 * scan: what sg_class_find must answer. */
static int tc_find_scan(const sg_class *cls, const char *name, size_t len)
{
    for (uint32_t i = 0; i < cls->nattrs; i++)
        if (strlen(cls->attrs[i].name) == len && memcmp(cls->attrs[i].name, name, len) == 0)
            return (int)i;
    return -1;
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

/* sg_class_release frees one class's state and shapes (for tables built at run time), leaves
 * the others, and a later sg_runtime_cleanup frees only what is left. */
static void test_class_release(void **state)
{
    Measurement m;
    long before;

    (void)state;
    sg_class_release(NULL);
    sg_class_release(&Measurement_class); /* no state yet: nothing */
    assert_non_null(sg_class_state_get(&Image_class));
    before = tc_live();
    memset(&m, 0, sizeof m);
    assert_int_equal(sg_object_init(&Measurement_class, &m), SG_OK);
    assert_int_equal(sg_setattr(&Measurement_class, &m, "unit", sg_int(3)), SG_OK);
    assert_int_equal(sg_setattr(&Measurement_class, &m, "scale", sg_int(4)), SG_OK);
    sg_object_destroy(&Measurement_class, &m);
    assert_non_null(measurement_rt.state);
    assert_true(tc_live() > before);
    before = tc_live();
    sg_class_release(&Measurement_class);
    assert_null(measurement_rt.state);
    assert_true(tc_live() < before);              /* the state and its shapes went */
    assert_non_null(image_rt.state);              /* the other class keeps its state */
    sg_class_release(&Measurement_class);         /* twice: nothing */
    memset(&m, 0, sizeof m);                      /* the class starts over */
    assert_int_equal(sg_object_init(&Measurement_class, &m), SG_OK);
    assert_int_equal(sg_setattr(&Measurement_class, &m, "unit", sg_int(5)), SG_OK);
    sg_object_destroy(&Measurement_class, &m);
    sg_class_release(&Measurement_class);
    tc_end();                                     /* frees Image's state: no double free */
    assert_null(image_rt.state);
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

/* Every attribute of 'cls' is found at its index, through the index or the scan, given
 * without its NUL; its prefixes and its extensions are not found unless declared. */
static void check_find(const sg_class *cls)
{
    char buf[64];

    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const char *name = cls->attrs[i].name;
        size_t len = strlen(name);

        assert_true(len + 2 < sizeof buf);
        memcpy(buf, name, len);
        memcpy(buf + len, "zz", 2);                 /* not NUL-terminated at 'len' */
        assert_int_equal(sg_class_find(cls, buf, len), (int)i);
        assert_int_equal(sg_class_find(cls, buf, len + 1), tc_find_scan(cls, buf, len + 1));
        assert_int_equal(sg_class_find(cls, buf, len - 1), tc_find_scan(cls, buf, len - 1));
        if (i > 0)                                  /* the index is sorted, in strcmp order */
            assert_true(!cls->by_name ||
                        strcmp(cls->attrs[cls->by_name[i - 1]].name,
                               cls->attrs[cls->by_name[i]].name) < 0);
    }
}

static void test_find(void **state)
{
    const sg_class *classes[] = {&Image_class, &Measurement_class, &Opt_class, &Pk_class,
                                 &Kinds_class, &Outer_class, &Inner_class, &Dflt_class,
                                 &Hotel_class};
    static const sg_class scanned = {
        "Scanned", sizeof(Kinds), _Alignof(Kinds), true, false, 21, kinds_attrs, NULL, 0, 0,
        NULL,
    };

    (void)state;
    for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++)
        check_find(classes[k]);
    check_find(&scanned);
    assert_int_equal(sg_class_find(&Kinds_class, "i8", 2), 2);
    assert_int_equal(sg_class_find(&Kinds_class, "i", 1), -1);
    assert_int_equal(sg_class_find(&Kinds_class, "imgs", 4), 20);
    assert_int_equal(sg_class_find(&Kinds_class, "a", 1), -1);    /* before the first */
    assert_int_equal(sg_class_find(&Kinds_class, "z", 1), -1);    /* after the last */
    assert_int_equal(sg_class_find(&Kinds_class, "", 0), -1);
    assert_int_equal(sg_class_find(&Kinds_class, "u8\0", 3), -1); /* a NUL inside is a byte */
    assert_int_equal(sg_class_find(&Kinds_class, "\xff", 1), -1); /* bytes are unsigned */
    assert_int_equal(sg_class_find(&scanned, "u8\0", 3), -1);
    assert_int_equal(sg_class_find(NULL, "b", 1), -1);
    assert_int_equal(sg_class_find(&Kinds_class, NULL, 0), -1);
}

static void test_no_rt_and_no_index(void **state)
{
    /* A hand-made class without an index or rt: declared access still works. */
    static const sg_class bare = {
        "Bare", sizeof(Measurement), _Alignof(Measurement), false, false, 3,
        measurement_attrs, NULL, offsetof(Measurement, sg_dyn), 0, NULL,
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
        cmocka_unit_test_setup_teardown(test_class_release, tc_setup_exact, tc_teardown),
        cmocka_unit_test(test_find),
        cmocka_unit_test_setup_teardown(test_no_rt_and_no_index, tc_setup, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
