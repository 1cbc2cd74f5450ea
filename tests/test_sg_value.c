/*
 * test_sg_value.c - names, equality, constructors, and boxing round trips (NaN-boxing edge
 * cases). The Makefile's portable block builds this file again with -DSG_PORTABLE_VALUES.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <float.h>
#include <math.h>
#include <cmocka.h>

#include "sg_test_classes.h"
#include "sg_value.h"

/* Boxes 'v', checks the round trip is equal, releases the box. */
static sg_value round_trip(sg_value v)
{
    sg_box b;
    sg_value r;

    assert_int_equal(sg_box_make(&b, v), SG_OK);
    assert_false(sg_box_is_tomb(b));
    r = sg_box_get(b);
    assert_true(sg_value_equal(r, v));
    sg_box_release(b);
    return r;
}

static void test_names(void **state)
{
    (void)state;
    for (int s = 0; s < SG_STATUS_COUNT; s++) {
        assert_non_null(sg_strerror((sg_status)s));
        for (int t = 0; t < s; t++)
            assert_string_not_equal(sg_strerror((sg_status)s), sg_strerror((sg_status)t));
    }
    assert_string_equal(sg_strerror(SG_OK), "success");
    assert_string_equal(sg_strerror(SG_ENOMEM), "out of memory");
    assert_string_equal(sg_strerror(SG_EIO), "input/output error");
    assert_string_equal(sg_strerror((sg_status)99), "unknown status");
    assert_string_equal(sg_strerror((sg_status)-1), "unknown status");
    static const char *types[] = {"none", "bool", "int", "uint", "float", "str", "ptr", "list"};
    assert_int_equal(sizeof types / sizeof types[0], SG_TYPE_COUNT);
    for (int t = 0; t < SG_TYPE_COUNT; t++)
        assert_string_equal(sg_type_name((sg_type)t), types[t]);
    assert_string_equal(sg_type_name((sg_type)SG_TYPE_COUNT), "unknown type");
    static const char *kinds[] = {"bool", "char", "i8", "i16", "i32", "i64", "u8", "u16",
                                  "u32", "u64", "f32", "f64", "string", "char[]", "enum",
                                  "class", "ref", "flags"};
    assert_int_equal(sizeof kinds / sizeof kinds[0], SG_KIND_COUNT);
    for (int k = 0; k < SG_KIND_COUNT; k++)
        assert_string_equal(sg_kind_name((sg_kind)k), kinds[k]);
    assert_string_equal(sg_kind_name((sg_kind)SG_KIND_COUNT), "unknown kind");
    assert_string_equal(sg_version(), SG_VERSION_STRING);
}

static void test_constructors_and_readers(void **state)
{
    int x;

    (void)state;
    assert_int_equal(sg_none().type, SG_NONE);
    assert_true(sg_as_bool(sg_bool(true)));
    assert_false(sg_as_bool(sg_int(1)));
    assert_int_equal(sg_as_int(sg_int(-5)), -5);
    assert_int_equal(sg_as_int(sg_uint(5)), 0);
    assert_true(sg_as_uint(sg_uint(UINT64_MAX)) == UINT64_MAX);
    assert_true(sg_as_float(sg_float(2.5)) == 2.5);
    assert_string_equal(sg_as_str(sg_str("s")), "s");
    assert_int_equal(sg_str(NULL).type, SG_NONE);
    assert_null(sg_as_str(sg_int(0)));
    assert_ptr_equal(sg_as_ptr(sg_ptr(&x)), &x);
    assert_null(sg_as_ptr(sg_str("s")));
}

static void test_equal(void **state)
{
    char a[] = "same", b[] = "same";
    sg_value nullstr = {SG_STR, {.s = NULL}};

    (void)state;
    assert_true(sg_value_equal(sg_none(), sg_none()));
    assert_true(sg_value_equal(sg_str(a), sg_str(b)));
    assert_false(sg_value_equal(sg_str(a), sg_str("diff")));
    assert_false(sg_value_equal(sg_int(1), sg_uint(1)));
    assert_false(sg_value_equal(sg_int(1), sg_int(2)));
    assert_true(sg_value_equal(sg_bool(true), sg_bool(true)));
    assert_false(sg_value_equal(sg_bool(true), sg_bool(false)));
    assert_true(sg_value_equal(sg_float(NAN), sg_float(NAN)));
    assert_true(sg_value_equal(sg_float(0.0), sg_float(-0.0)));
    assert_false(sg_value_equal(sg_float(1.0), sg_float(2.0)));
    assert_true(sg_value_equal(sg_ptr(a), sg_ptr(a)));
    assert_false(sg_value_equal(sg_ptr(a), sg_ptr(b)));
    assert_false(sg_value_equal(nullstr, sg_str(a)));
    assert_true(sg_value_equal(nullstr, nullstr));
    sg_value bad = {(sg_type)42, {.u = 0}};
    assert_false(sg_value_equal(bad, bad));
    sg_value l1 = {SG_LIST, {.attr = &image_attrs[0]}}, l2 = {SG_LIST, {.attr = &image_attrs[1]}};
    assert_true(sg_value_equal(l1, l1));
    assert_false(sg_value_equal(l1, l2));
    assert_ptr_equal(sg_as_list(l1), &image_attrs[0]);
    assert_null(sg_as_list(sg_ptr(a)));
}

static void test_box_ints(void **state)
{
    static const int64_t ints[] = {
        0, 1, -1, 42, -42, (INT64_C(1) << 47) - 1, -(INT64_C(1) << 47),
        INT64_C(1) << 47, -(INT64_C(1) << 47) - 1, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN,
    };
    static const uint64_t uints[] = {
        0, 1, UINT32_MAX, (UINT64_C(1) << 48) - 1, UINT64_C(1) << 48, UINT64_MAX,
        UINT64_MAX - 1,
    };

    (void)state;
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        assert_true(round_trip(sg_int(ints[i])).as.i == ints[i]);
    for (size_t i = 0; i < sizeof uints / sizeof uints[0]; i++)
        assert_true(round_trip(sg_uint(uints[i])).as.u == uints[i]);
    assert_true(round_trip(sg_bool(true)).as.b);
    assert_false(round_trip(sg_bool(false)).as.b);
    assert_int_equal(round_trip(sg_none()).type, SG_NONE);
    tc_end();
}

static void test_box_floats(void **state)
{
    static const double fs[] = {0.0, 1.0, -1.5, DBL_MAX, -DBL_MAX, DBL_MIN, 4.9e-324,
                                -4.9e-324, INFINITY, -INFINITY, 1e300, 3.141592653589793};
    sg_value r;
    uint64_t bits;
    double d;

    (void)state;
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
        r = round_trip(sg_float(fs[i]));
        assert_int_equal(r.type, SG_FLOAT);
        assert_memory_equal(&r.as.f, &fs[i], sizeof(double));  /* bit-exact */
    }
    r = round_trip(sg_float(-0.0));
    assert_true(signbit(r.as.f));
    /* Every NaN stays a NaN (its payload is not kept by NaN-boxing). */
    static const uint64_t nans[] = {
        UINT64_C(0x7FF8000000000000), UINT64_C(0xFFF8000000000000),
        UINT64_C(0x7FF0000000000001), UINT64_C(0xFFFFFFFFFFFFFFFF),
        UINT64_C(0xFFF9000000000123), UINT64_C(0x7FFC00000000BEEF),
    };
    for (size_t i = 0; i < sizeof nans / sizeof nans[0]; i++) {
        bits = nans[i];
        memcpy(&d, &bits, sizeof d);
        r = round_trip(sg_float(d));
        assert_int_equal(r.type, SG_FLOAT);
        assert_true(isnan(r.as.f));
    }
    tc_end();
}

static void test_box_strings_and_pointers(void **state)
{
    char src[] = "owned";
    int x;
    sg_box b;
    sg_value r;
    sg_value nullstr = {SG_STR, {.s = NULL}};

    (void)state;
    assert_int_equal(sg_box_make(&b, sg_str(src)), SG_OK);
    src[0] = 'X';                               /* the box holds a copy */
    r = sg_box_get(b);
    assert_int_equal(r.type, SG_STR);
    assert_string_equal(r.as.s, "owned");
    sg_box_release(b);
    assert_int_equal(sg_box_make(&b, nullstr), SG_OK);
    assert_int_equal(sg_box_get(b).type, SG_NONE);
    r = round_trip(sg_ptr(&x));
    assert_ptr_equal(r.as.p, &x);
    r = round_trip(sg_ptr(NULL));
    assert_int_equal(r.type, SG_PTR);
    assert_null(r.as.p);
    /* A pointer above 48 bits (tagged or kernel-half address) is kept exactly. */
    void *high = (void *)(uintptr_t)UINTPTR_MAX;
    r = round_trip(sg_ptr(high));
    assert_ptr_equal(r.as.p, high);
    void *tagged = (void *)(uintptr_t)(((uintptr_t)&x) | ((uintptr_t)0x5A << 56));
    r = round_trip(sg_ptr(tagged));
    assert_ptr_equal(r.as.p, tagged);
    round_trip(sg_str(""));
    sg_value bad = {(sg_type)42, {.u = 0}};
    assert_int_equal(sg_box_make(&b, bad), SG_EINVAL);
    bad.type = SG_LIST;                        /* no dynamic value: it needs its object */
    bad.as.attr = &image_attrs[0];
    assert_int_equal(sg_box_make(&b, bad), SG_EINVAL);
    tc_end();
}

static void test_box_tomb(void **state)
{
    (void)state;
    assert_true(sg_box_is_tomb(sg_box_tomb()));
    assert_int_equal(sg_box_get(sg_box_tomb()).type, SG_NONE);
    sg_box_release(sg_box_tomb());
}

static void test_box_enomem(void **state)
{
    sg_box b;

    (void)state;
    tc_budget = 0;
    assert_int_equal(sg_box_make(&b, sg_str("needs memory")), SG_ENOMEM);
    /* These fit inline with NaN-boxing or need nothing in the portable layout. */
    assert_int_equal(sg_box_make(&b, sg_int(7)), SG_OK);
    assert_int_equal(sg_box_make(&b, sg_float(7.5)), SG_OK);
    tc_budget = -1;
#ifndef SG_PORTABLE_VALUES
    assert_int_equal(sizeof(sg_box), 8);
    /* Big ints need a cell: fail the cell, and fail a string's cell after its copy. */
    tc_budget = 0;
    assert_int_equal(sg_box_make(&b, sg_int(INT64_MAX)), SG_ENOMEM);
    assert_int_equal(sg_box_make(&b, sg_uint(UINT64_MAX)), SG_ENOMEM);
    assert_int_equal(sg_box_make(&b, sg_ptr((void *)(uintptr_t)UINTPTR_MAX)), SG_ENOMEM);
    tc_budget = -1;
#else
    assert_int_equal(sizeof(sg_box), sizeof(sg_value));
#endif
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_constructors_and_readers),
        cmocka_unit_test(test_equal),
        cmocka_unit_test_setup_teardown(test_box_ints, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_box_floats, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_box_strings_and_pointers, tc_setup, tc_teardown),
        cmocka_unit_test(test_box_tomb),
        cmocka_unit_test_setup_teardown(test_box_enomem, tc_setup_exact, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
