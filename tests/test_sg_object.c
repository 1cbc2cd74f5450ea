/*
 * test_sg_object.c - the by-name API over hand-written class tables: every kind's get and set
 * rules, optional attributes, packed structs, dynamic attributes, atoms, inline caches,
 * iteration, the lifecycle (init with defaults, destroy, new, free), and SG_ENOMEM at every
 * allocation point leaving the object unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <cmocka.h>

#include "sg_dict.h"
#include "sg_test_classes.h"

/* ---- helpers ------------------------------------------------------------------------------ */

#define SNAP_MAX 80

/* Everything iteration shows of an object, with strings copied. */
typedef struct snap {
    int n;
    char names[SNAP_MAX][40];
    sg_value vals[SNAP_MAX];
    char strs[SNAP_MAX][64];
} snap;

static void take(snap *s, const sg_class *cls, const void *obj)
{
    sg_iter it;
    const char *name;
    sg_value v;

    s->n = 0;
    sg_iter_init(&it, cls, obj);
    while (sg_iter_next(&it, &name, &v)) {
        assert_true(s->n < SNAP_MAX);
        snprintf(s->names[s->n], sizeof s->names[0], "%s", name);
        if (v.type == SG_STR) {
            snprintf(s->strs[s->n], sizeof s->strs[0], "%s", v.as.s);
            v.as.s = s->strs[s->n];
        }
        s->vals[s->n++] = v;
    }
}

static void assert_same(const snap *a, const snap *b)
{
    assert_int_equal(a->n, b->n);
    for (int i = 0; i < a->n; i++) {
        assert_string_equal(a->names[i], b->names[i]);
        assert_true(sg_value_equal(a->vals[i], b->vals[i]));
    }
}

static sg_value get(const sg_class *cls, const void *obj, const char *name)
{
    sg_value v;
    assert_int_equal(sg_getattr(cls, obj, name, &v), SG_OK);
    return v;
}

static sg_status set(const sg_class *cls, void *obj, const char *name, sg_value v)
{
    return sg_setattr(cls, obj, name, v);
}

/* ---- slotted ------------------------------------------------------------------------------ */

static void test_image_slotted(void **state)
{
    Image img = {0};
    sg_value v;

    (void)state;
    assert_int_equal(sizeof(Image), 24);
    assert_int_equal(set(&Image_class, &img, "id", sg_uint(7)), SG_OK);
    assert_int_equal(img.id, 7);
    assert_int_equal(set(&Image_class, &img, "caption", sg_str("cat")), SG_OK);
    assert_string_equal(img.caption, "cat");
    v = get(&Image_class, &img, "caption");
    assert_int_equal(v.type, SG_STR);
    assert_ptr_equal(v.as.s, img.caption);          /* borrowed */
    assert_int_equal(get(&Image_class, &img, "url").type, SG_NONE);
    assert_true(get(&Image_class, &img, "id").as.u == 7);
    assert_int_equal(get(&Image_class, &img, "id").type, SG_UINT);
    assert_int_equal(sg_getattr(&Image_class, &img, "other", &v), SG_ENOATTR);
    assert_int_equal(set(&Image_class, &img, "other", sg_bool(true)), SG_ENOATTR);
    assert_int_equal(sg_delattr(&Image_class, &img, "other"), SG_ENOATTR);
    assert_int_equal(sg_delattr(&Image_class, &img, "id"), SG_EINVAL);
    assert_int_equal(sg_delattr(&Image_class, &img, "caption"), SG_EINVAL);
    assert_int_equal(set(&Image_class, &img, "caption", sg_none()), SG_OK);
    assert_null(img.caption);
    assert_int_equal(set(&Image_class, &img, "url", sg_str("http://x")), SG_OK);
    sg_object_destroy(&Image_class, &img);
    assert_null(img.url);
    tc_end();
}

static void test_null_arguments(void **state)
{
    Measurement m = {0};
    sg_value v;
    sg_cache c = SG_CACHE_INIT;
    sg_atom a = sg_atom_intern("x");

    (void)state;
    assert_int_equal(sg_getattr(NULL, &m, "x", &v), SG_EINVAL);
    assert_int_equal(sg_getattr(&Measurement_class, NULL, "x", &v), SG_EINVAL);
    assert_int_equal(sg_getattr(&Measurement_class, &m, NULL, &v), SG_EINVAL);
    assert_int_equal(sg_getattr(&Measurement_class, &m, "x", NULL), SG_EINVAL);
    assert_int_equal(sg_setattr(&Measurement_class, &m, NULL, sg_int(1)), SG_EINVAL);
    assert_int_equal(sg_delattr(&Measurement_class, &m, NULL), SG_EINVAL);
    assert_int_equal(sg_getattr_atom(&Measurement_class, &m, NULL, &v), SG_EINVAL);
    assert_int_equal(sg_setattr_atom(&Measurement_class, &m, NULL, sg_int(1)), SG_EINVAL);
    assert_int_equal(sg_delattr_atom(&Measurement_class, &m, NULL), SG_EINVAL);
    assert_int_equal(sg_getattr_cached(&Measurement_class, &m, a, NULL, &v), SG_EINVAL);
    assert_int_equal(sg_setattr_cached(&Measurement_class, &m, NULL, &c, sg_int(1)), SG_EINVAL);
    sg_value bad = {(sg_type)99, {.u = 0}};
    assert_int_equal(set(&Measurement_class, &m, "dyn", bad), SG_EINVAL);
    assert_null(m.sg_dyn);
    sg_object_destroy(NULL, &m);
    sg_object_destroy(&Measurement_class, NULL);
    tc_end();
}

/* ---- every kind --------------------------------------------------------------------------- */

static void test_kinds_integers(void **state)
{
    Kinds k = {0};
    const sg_class *C = &Kinds_class;

    (void)state;
    /* bool only from SG_BOOL */
    assert_int_equal(set(C, &k, "b", sg_bool(true)), SG_OK);
    assert_true(k.b);
    assert_int_equal(get(C, &k, "b").type, SG_BOOL);
    assert_int_equal(set(C, &k, "b", sg_int(0)), SG_ETYPE);
    assert_int_equal(set(C, &k, "b", sg_none()), SG_ETYPE);
    assert_true(k.b);
    /* char: SG_INT/SG_UINT within CHAR_MIN..CHAR_MAX */
    assert_int_equal(set(C, &k, "c", sg_int('A')), SG_OK);
    assert_int_equal(k.c, 'A');
    assert_int_equal(get(C, &k, "c").type, SG_INT);
    assert_int_equal(get(C, &k, "c").as.i, 'A');
    assert_int_equal(set(C, &k, "c", sg_int(CHAR_MAX + 1)), SG_ERANGE);
    assert_int_equal(set(C, &k, "c", sg_int(CHAR_MIN - 1)), SG_ERANGE);
    assert_int_equal(set(C, &k, "c", sg_uint('z')), SG_OK);
    assert_int_equal(set(C, &k, "c", sg_float(65.0)), SG_ETYPE);
    assert_int_equal(set(C, &k, "c", sg_str("A")), SG_ETYPE);
    assert_int_equal(k.c, 'z');
    /* signed */
    assert_int_equal(set(C, &k, "i8", sg_int(-128)), SG_OK);
    assert_int_equal(k.i8, -128);
    assert_int_equal(set(C, &k, "i8", sg_int(128)), SG_ERANGE);
    assert_int_equal(set(C, &k, "i8", sg_int(-129)), SG_ERANGE);
    assert_int_equal(set(C, &k, "i8", sg_uint(127)), SG_OK);
    assert_int_equal(set(C, &k, "i8", sg_uint(128)), SG_ERANGE);
    assert_int_equal(k.i8, 127);
    assert_int_equal(set(C, &k, "i16", sg_int(-32768)), SG_OK);
    assert_int_equal(set(C, &k, "i16", sg_int(32768)), SG_ERANGE);
    assert_int_equal(k.i16, -32768);
    assert_int_equal(set(C, &k, "i32", sg_int(INT32_MIN)), SG_OK);
    assert_int_equal(set(C, &k, "i32", sg_int((int64_t)INT32_MAX + 1)), SG_ERANGE);
    assert_int_equal(k.i32, INT32_MIN);
    assert_int_equal(set(C, &k, "i64", sg_int(INT64_MIN)), SG_OK);
    assert_true(k.i64 == INT64_MIN);
    assert_int_equal(set(C, &k, "i64", sg_uint((uint64_t)INT64_MAX + 1)), SG_ERANGE);
    assert_int_equal(set(C, &k, "i64", sg_uint((uint64_t)INT64_MAX)), SG_OK);
    assert_true(get(C, &k, "i64").as.i == INT64_MAX);
    assert_int_equal(set(C, &k, "i32", sg_float(1.0)), SG_ETYPE);
    assert_int_equal(set(C, &k, "i32", sg_bool(true)), SG_ETYPE);
    assert_int_equal(set(C, &k, "i32", sg_none()), SG_ETYPE);
    assert_int_equal(get(C, &k, "i32").type, SG_INT);
    assert_int_equal(get(C, &k, "i8").as.i, 127);
    /* unsigned */
    assert_int_equal(set(C, &k, "u8", sg_uint(255)), SG_OK);
    assert_int_equal(set(C, &k, "u8", sg_uint(256)), SG_ERANGE);
    assert_int_equal(set(C, &k, "u8", sg_int(-1)), SG_ERANGE);
    assert_int_equal(k.u8, 255);
    assert_int_equal(set(C, &k, "u16", sg_int(65535)), SG_OK);
    assert_int_equal(set(C, &k, "u16", sg_int(65536)), SG_ERANGE);
    assert_int_equal(k.u16, 65535);
    assert_int_equal(set(C, &k, "u32", sg_uint(UINT32_MAX)), SG_OK);
    assert_int_equal(set(C, &k, "u32", sg_uint((uint64_t)UINT32_MAX + 1)), SG_ERANGE);
    assert_true(k.u32 == UINT32_MAX);
    assert_int_equal(set(C, &k, "u64", sg_uint(UINT64_MAX)), SG_OK);
    assert_true(get(C, &k, "u64").as.u == UINT64_MAX);
    assert_int_equal(get(C, &k, "u64").type, SG_UINT);
    assert_int_equal(set(C, &k, "u64", sg_int(INT64_MIN)), SG_ERANGE);
    assert_int_equal(set(C, &k, "u64", sg_int(5)), SG_OK);
    assert_true(k.u64 == 5);
    assert_int_equal(set(C, &k, "u64", sg_float(5.0)), SG_ETYPE);
    tc_end();
}

static void test_kinds_floats(void **state)
{
    Kinds k = {0};
    const sg_class *C = &Kinds_class;

    (void)state;
    assert_int_equal(set(C, &k, "f64", sg_float(2.5)), SG_OK);
    assert_true(k.f64 == 2.5);
    assert_int_equal(set(C, &k, "f64", sg_int(-3)), SG_OK);
    assert_true(k.f64 == -3.0);
    assert_int_equal(set(C, &k, "f64", sg_uint(UINT64_MAX)), SG_OK);
    assert_int_equal(set(C, &k, "f64", sg_float(DBL_MAX)), SG_OK);
    assert_int_equal(set(C, &k, "f64", sg_bool(true)), SG_ETYPE);
    assert_int_equal(set(C, &k, "f64", sg_str("1")), SG_ETYPE);
    assert_true(get(C, &k, "f64").as.f == DBL_MAX);
    assert_int_equal(set(C, &k, "f32", sg_float(1.5)), SG_OK);
    assert_true(k.f32 == 1.5f);
    assert_int_equal(get(C, &k, "f32").type, SG_FLOAT);
    assert_true(get(C, &k, "f32").as.f == 1.5);
    assert_int_equal(set(C, &k, "f32", sg_float(FLT_MAX)), SG_OK);
    assert_int_equal(set(C, &k, "f32", sg_float(-(double)FLT_MAX)), SG_OK);
    assert_int_equal(set(C, &k, "f32", sg_float((double)FLT_MAX * 2)), SG_ERANGE);
    assert_int_equal(set(C, &k, "f32", sg_float(-1e300)), SG_ERANGE);
    assert_true(k.f32 == -FLT_MAX);
    assert_int_equal(set(C, &k, "f32", sg_float(INFINITY)), SG_OK);
    assert_true(isinf(k.f32));
    assert_int_equal(set(C, &k, "f32", sg_float(NAN)), SG_OK);
    assert_true(isnan(k.f32));
    assert_int_equal(set(C, &k, "f32", sg_int(INT64_MAX)), SG_OK);
    assert_int_equal(set(C, &k, "f32", sg_uint(7)), SG_OK);
    assert_true(k.f32 == 7.0f);
    tc_end();
}

static void test_kinds_strings_and_chars(void **state)
{
    Kinds k = {0};
    const sg_class *C = &Kinds_class;
    sg_value v;

    (void)state;
    assert_int_equal(set(C, &k, "s", sg_str("hello")), SG_OK);
    assert_string_equal(k.s, "hello");
    assert_int_equal(set(C, &k, "s", sg_int(1)), SG_ETYPE);
    assert_int_equal(set(C, &k, "s", get(C, &k, "s")), SG_OK);  /* from itself */
    assert_string_equal(k.s, "hello");
    assert_int_equal(set(C, &k, "s", sg_none()), SG_OK);
    assert_null(k.s);
    assert_int_equal(get(C, &k, "s").type, SG_NONE);
    assert_int_equal(set(C, &k, "name", sg_str("1234567")), SG_OK);
    assert_string_equal(k.name, "1234567");
    v = get(C, &k, "name");
    assert_int_equal(v.type, SG_STR);
    assert_ptr_equal(v.as.s, k.name);                          /* the inline buffer */
    assert_int_equal(set(C, &k, "name", sg_str("12345678")), SG_ERANGE);
    assert_string_equal(k.name, "1234567");
    assert_int_equal(set(C, &k, "name", sg_str("ab")), SG_OK);
    assert_memory_equal(k.name, "ab\0\0\0\0\0\0", 8);
    assert_int_equal(set(C, &k, "name", sg_str(k.name + 1)), SG_OK);  /* overlapping */
    assert_string_equal(k.name, "b");
    assert_int_equal(set(C, &k, "name", sg_str("")), SG_OK);
    assert_string_equal(k.name, "");
    assert_int_equal(set(C, &k, "name", sg_none()), SG_ETYPE);
    assert_int_equal(set(C, &k, "name", sg_int(1)), SG_ETYPE);
    sg_object_destroy(C, &k);
    tc_end();
}

static void test_kinds_enums(void **state)
{
    Kinds k = {0};
    const sg_class *C = &Kinds_class;

    (void)state;
    assert_int_equal(set(C, &k, "color", sg_int(2)), SG_OK);
    assert_int_equal(k.color, COLOR_BLUE);
    assert_int_equal(get(C, &k, "color").type, SG_INT);
    assert_int_equal(get(C, &k, "color").as.i, 2);
    assert_int_equal(set(C, &k, "color", sg_str("green")), SG_OK);
    assert_int_equal(k.color, COLOR_GREEN);
    assert_int_equal(set(C, &k, "color", sg_uint(0)), SG_OK);
    assert_int_equal(k.color, COLOR_RED);
    assert_int_equal(set(C, &k, "color", sg_int(3)), SG_ERANGE);
    assert_int_equal(set(C, &k, "color", sg_str("purple")), SG_ERANGE);
    assert_int_equal(set(C, &k, "color", sg_uint(UINT64_MAX)), SG_ERANGE);
    assert_int_equal(set(C, &k, "color", sg_float(1.0)), SG_ETYPE);
    assert_int_equal(set(C, &k, "color", sg_none()), SG_ETYPE);
    assert_int_equal(k.color, COLOR_RED);
    /* A one-byte enum with a negative member: storage is attr->size, signed. */
    assert_int_equal(set(C, &k, "rating", sg_str("minus")), SG_OK);
    assert_int_equal(k.rating, -1);
    assert_int_equal(get(C, &k, "rating").as.i, -1);
    assert_int_equal(set(C, &k, "rating", sg_int(4)), SG_OK);
    assert_int_equal(k.rating, 4);
    assert_int_equal(set(C, &k, "rating", sg_int(1)), SG_ERANGE);
    assert_int_equal(k.rating, 4);
    assert_int_equal(k.i8, 0);                                 /* neighbours untouched */
    tc_end();
}

static void test_kinds_aggregates_and_refs(void **state)
{
    Kinds k = {0};
    Image target = {0};
    const sg_class *C = &Kinds_class;
    sg_value v;

    (void)state;
    v = get(C, &k, "img");
    assert_int_equal(v.type, SG_PTR);
    assert_ptr_equal(v.as.p, &k.img);
    v = get(C, &k, "arr");                  /* arrays read as SG_LIST: see test_sg_list */
    assert_int_equal(v.type, SG_LIST);
    assert_ptr_equal(v.as.attr, &kinds_attrs[18]);
    assert_ptr_equal(get(C, &k, "tags").as.attr, &kinds_attrs[19]);
    assert_ptr_equal(get(C, &k, "imgs").as.attr, &kinds_attrs[20]);
    assert_int_equal(set(C, &k, "img", sg_ptr(&target)), SG_ETYPE);
    assert_int_equal(set(C, &k, "arr", sg_int(1)), SG_ETYPE);
    assert_int_equal(set(C, &k, "tags", sg_str("x")), SG_ETYPE);
    assert_int_equal(set(C, &k, "imgs", sg_none()), SG_ETYPE);
    assert_int_equal(get(C, &k, "ref").type, SG_NONE);
    assert_int_equal(set(C, &k, "ref", sg_ptr(&target)), SG_OK);
    assert_ptr_equal(k.ref, &target);
    assert_ptr_equal(get(C, &k, "ref").as.p, &target);
    assert_int_equal(set(C, &k, "ref", sg_int(1)), SG_ETYPE);
    assert_int_equal(set(C, &k, "ref", sg_none()), SG_OK);
    assert_null(k.ref);
    assert_int_equal(sg_delattr(C, &k, "ref"), SG_EINVAL);
    tc_end();
}

static void test_destroy_recursive(void **state)
{
    Kinds k = {0};
    Outer o = {0};

    (void)state;
    k.s = sg_str_dup("s");
    k.tags[0] = sg_str_dup("t0");
    k.tags[1] = sg_str_dup("t1");
    k.img.caption = sg_str_dup("embedded");
    k.imgs[0].url = sg_str_dup("u0");
    k.imgs[1].caption = sg_str_dup("c1");
    sg_object_destroy(&Kinds_class, &k);
    assert_null(k.tags[1]);
    assert_null(k.imgs[1].caption);
    assert_int_equal(set(&Outer_class, &o, "label", sg_str("outer")), SG_OK);
    assert_int_equal(set(&Outer_class, &o, "extra", sg_str("dynamic")), SG_OK);
    assert_int_equal(set(&Measurement_class, &o.m, "inner", sg_str("dyn")), SG_OK);
    assert_int_equal(set(&Measurement_class, &o.m, "val", sg_str("v")), SG_OK);
    assert_ptr_equal(get(&Outer_class, &o, "m").as.p, &o.m);
    sg_object_destroy(&Outer_class, &o);
    assert_null(o.m.sg_dyn);
    assert_null(o.sg_dyn);
    sg_object_destroy(&Outer_class, &o);                       /* twice is harmless */
    tc_end();
}

/* ---- optional attributes ------------------------------------------------------------------ */

static void test_optional(void **state)
{
    Opt o = {0};
    Image img = {0};
    const sg_class *C = &Opt_class;

    (void)state;
    assert_int_equal(get(C, &o, "note").type, SG_NONE);
    assert_int_equal(get(C, &o, "score").type, SG_NONE);
    assert_int_equal(get(C, &o, "color").type, SG_NONE);
    assert_int_equal(get(C, &o, "level").type, SG_INT);
    assert_int_equal(sg_delattr(C, &o, "note"), SG_ENOATTR);
    assert_int_equal(sg_delattr(C, &o, "level"), SG_EINVAL);
    assert_int_equal(set(C, &o, "score", sg_float(0.5)), SG_OK);
    assert_int_equal(o.sg_has[0], 1u << 1);
    assert_true(get(C, &o, "score").as.f == 0.5);
    assert_int_equal(set(C, &o, "score", sg_str("x")), SG_ETYPE);
    assert_int_equal(o.sg_has[0], 1u << 1);
    assert_int_equal(set(C, &o, "note", sg_str("n")), SG_OK);
    assert_int_equal(o.sg_has[0], 3);
    assert_int_equal(set(C, &o, "color", sg_str("blue")), SG_OK);
    assert_int_equal(set(C, &o, "img", sg_ptr(&img)), SG_OK);
    assert_int_equal(o.sg_has[0], 15);
    assert_int_equal(set(C, &o, "note", sg_none()), SG_OK);  /* clears: freed and NULLed */
    assert_null(o.note);
    assert_int_equal(o.sg_has[0], 14);
    assert_int_equal(get(C, &o, "note").type, SG_NONE);
    assert_int_equal(set(C, &o, "score", sg_none()), SG_OK);
    assert_int_equal(get(C, &o, "score").type, SG_NONE);
    assert_int_equal(sg_delattr(C, &o, "score"), SG_ENOATTR);
    assert_int_equal(sg_delattr(C, &o, "img"), SG_OK);
    assert_null(o.img);
    assert_int_equal(sg_delattr(C, &o, "img"), SG_ENOATTR);
    assert_int_equal(set(C, &o, "note", sg_str("again")), SG_OK);
    assert_int_equal(sg_delattr(C, &o, "note"), SG_OK);
    assert_null(o.note);
    assert_int_equal(o.sg_has[0], 1u << 2);
    assert_int_equal(set(C, &o, "level", sg_none()), SG_ETYPE);
    assert_int_equal(get(C, &o, "color").as.i, COLOR_BLUE);
    sg_object_destroy(C, &o);
    tc_end();
}

/* ---- packed ------------------------------------------------------------------------------- */

static void test_packed(void **state)
{
    Pk *p = test_calloc(1, sizeof(Pk) + 1);
    Pk *q = (Pk *)((char *)p + 1);                 /* even the struct is misaligned */
    sg_value v;

    (void)state;
    assert_int_equal(sizeof(Pk), 1 + 8 + 8 + 2 + 8);
    assert_int_equal(set(&Pk_class, q, "tag", sg_uint(9)), SG_OK);
    assert_int_equal(set(&Pk_class, q, "d", sg_float(-2.25)), SG_OK);
    assert_int_equal(set(&Pk_class, q, "s", sg_str("packed")), SG_OK);
    assert_int_equal(set(&Pk_class, q, "h", sg_int(-300)), SG_OK);
    assert_int_equal(set(&Pk_class, q, "dyn", sg_int(1)), SG_OK);
    assert_int_equal(set(&Pk_class, q, "dyn2", sg_str("two")), SG_OK);
    assert_true(get(&Pk_class, q, "d").as.f == -2.25);
    assert_string_equal(get(&Pk_class, q, "s").as.s, "packed");
    assert_int_equal(get(&Pk_class, q, "h").as.i, -300);
    assert_int_equal(get(&Pk_class, q, "tag").as.u, 9);
    assert_int_equal(get(&Pk_class, q, "dyn").as.i, 1);
    assert_int_equal(sg_delattr(&Pk_class, q, "dyn"), SG_OK);
    assert_int_equal(sg_getattr(&Pk_class, q, "dyn", &v), SG_ENOATTR);
    assert_string_equal(get(&Pk_class, q, "dyn2").as.s, "two");
    sg_object_destroy(&Pk_class, q);
    assert_null(tc_dyn(&Pk_class, q));
    test_free(p);
    tc_end();
}

/* ---- dynamic attributes ------------------------------------------------------------------- */

static void test_dynamic_basics(void **state)
{
    Measurement m = {0};
    const sg_class *C = &Measurement_class;
    char src[] = "copied";
    int target;
    sg_value v;

    (void)state;
    assert_int_equal(sizeof(Measurement), 24);
    assert_int_equal(sg_getattr(C, &m, "other", &v), SG_ENOATTR);
    assert_int_equal(sg_delattr(C, &m, "other"), SG_ENOATTR);
    assert_null(m.sg_dyn);
    assert_int_equal(set(C, &m, "other", sg_bool(true)), SG_OK);
    assert_non_null(m.sg_dyn);
    assert_true(get(C, &m, "other").as.b);
    /* one dynamic attribute: a shape pointer and one box */
    assert_int_equal(sg_dict_bytes(m.sg_dyn), sizeof(void *) + sizeof(sg_box));
    assert_int_equal(set(C, &m, "s", sg_str(src)), SG_OK);
    src[0] = 'X';
    assert_string_equal(get(C, &m, "s").as.s, "copied");
    assert_int_equal(sg_dict_bytes(m.sg_dyn), sizeof(void *) + 2 * sizeof(sg_box));
    assert_int_equal(set(C, &m, "p", sg_ptr(&target)), SG_OK);
    assert_ptr_equal(get(C, &m, "p").as.p, &target);
    assert_int_equal(set(C, &m, "n", sg_none()), SG_OK);
    assert_int_equal(get(C, &m, "n").type, SG_NONE);
    assert_int_equal(set(C, &m, "big", sg_uint(UINT64_MAX)), SG_OK);
    assert_true(get(C, &m, "big").as.u == UINT64_MAX);
    assert_int_equal(set(C, &m, "s", sg_float(-0.0)), SG_OK);  /* change type */
    assert_true(signbit(get(C, &m, "s").as.f));
    assert_int_equal(sg_dict_count(m.sg_dyn), 5);
    assert_int_equal(set(C, &m, "x", sg_int(3)), SG_OK);        /* declared wins */
    assert_int_equal(m.x, 3);
    assert_int_equal(sg_dict_count(m.sg_dyn), 5);
    assert_int_equal(set(C, &m, "x", sg_str("no")), SG_ETYPE);
    assert_int_equal(sg_delattr(C, &m, "x"), SG_EINVAL);
    assert_int_equal(sg_delattr(C, &m, "other"), SG_OK);
    assert_int_equal(sg_getattr(C, &m, "other", &v), SG_ENOATTR);
    assert_int_equal(sg_delattr(C, &m, "other"), SG_ENOATTR);
    assert_int_equal(sg_delattr(C, &m, "never-interned-name"), SG_ENOATTR);
    assert_null(sg_atom_find("never-interned-name"));
    assert_int_equal(sg_getattr(C, &m, "never-interned-either", &v), SG_ENOATTR);
    assert_null(sg_atom_find("never-interned-either"));
    sg_object_destroy(C, &m);
    assert_null(m.sg_dyn);
    tc_end();
}

static void test_shared_shapes_cost(void **state)
{
    Measurement m[4] = {{0}};
    const sg_class *C = &Measurement_class;

    (void)state;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(set(C, &m[i], "a", sg_int(i)), SG_OK);
        assert_int_equal(set(C, &m[i], "b", sg_int(i)), SG_OK);
        assert_int_equal(set(C, &m[i], "c", sg_int(i)), SG_OK);
        /* 8 bytes per further attribute */
        assert_int_equal(sg_dict_bytes(m[i].sg_dyn), sizeof(void *) + 3 * sizeof(sg_box));
    }
    assert_ptr_equal(sg_dict_shape(m[0].sg_dyn), sg_dict_shape(m[3].sg_dyn));
    assert_int_equal(set(C, &m[1], "d", sg_int(1)), SG_OK);
    assert_ptr_not_equal(sg_dict_shape(m[0].sg_dyn), sg_dict_shape(m[1].sg_dyn));
    assert_int_equal(get(C, &m[2], "b").as.i, 2);
    for (int i = 0; i < 4; i++)
        sg_object_destroy(C, &m[i]);
    tc_end();
}

static void test_iteration_order(void **state)
{
    Opt o = {0};
    const sg_class *C = &Opt_class;
    const char *expect[] = {"level", "score", "zeta", "alpha", "mid"};
    sg_iter it;
    const char *name;
    sg_value v;
    int n = 0;

    (void)state;
    assert_int_equal(set(C, &o, "score", sg_float(1.0)), SG_OK);
    assert_int_equal(set(C, &o, "zeta", sg_int(1)), SG_OK);
    assert_int_equal(set(C, &o, "alpha", sg_int(2)), SG_OK);
    assert_int_equal(set(C, &o, "gone", sg_int(0)), SG_OK);
    assert_int_equal(set(C, &o, "mid", sg_int(3)), SG_OK);
    assert_int_equal(sg_delattr(C, &o, "gone"), SG_OK);
    sg_iter_init(&it, C, &o);
    while (sg_iter_next(&it, &name, &v)) {
        assert_true(n < 5);
        assert_string_equal(name, expect[n++]);
    }
    assert_int_equal(n, 5);
    assert_false(sg_iter_next(&it, &name, &v));
    sg_iter_init(&it, C, &o);
    n = 0;
    while (sg_iter_next(&it, NULL, NULL))
        n++;
    assert_int_equal(n, 5);
    Image img = {0};
    sg_iter_init(&it, &Image_class, &img);
    assert_true(sg_iter_next(&it, &name, &v));
    assert_string_equal(name, "id");
    assert_true(sg_iter_next(&it, &name, &v));
    assert_true(sg_iter_next(&it, &name, &v));
    assert_false(sg_iter_next(&it, &name, &v));
    sg_object_destroy(C, &o);
    tc_end();
}

/* ---- atoms and caches ---------------------------------------------------------------------- */

static void test_by_atom(void **state)
{
    Measurement m = {0};
    Image img = {0};
    const sg_class *C = &Measurement_class;
    sg_atom x = sg_atom_intern("x"), other = sg_atom_intern("other");
    sg_atom caption = sg_atom_intern("caption");
    sg_value v;

    (void)state;
    assert_int_equal(sg_setattr_atom(C, &m, x, sg_int(5)), SG_OK);
    assert_int_equal(m.x, 5);
    assert_null(m.sg_dyn);
    assert_int_equal(sg_getattr_atom(C, &m, x, &v), SG_OK);
    assert_int_equal(v.as.i, 5);
    assert_int_equal(sg_getattr_atom(C, &m, other, &v), SG_ENOATTR);
    assert_int_equal(sg_setattr_atom(C, &m, other, sg_str("o")), SG_OK);
    assert_int_equal(sg_getattr_atom(C, &m, other, &v), SG_OK);
    assert_string_equal(v.as.s, "o");
    assert_string_equal(get(C, &m, "other").as.s, "o");
    assert_int_equal(sg_delattr_atom(C, &m, x), SG_EINVAL);
    assert_int_equal(sg_delattr_atom(C, &m, other), SG_OK);
    assert_int_equal(sg_delattr_atom(C, &m, other), SG_ENOATTR);
    assert_null(m.sg_dyn);
    /* "caption" is declared by Image (slotted), not by Measurement: dynamic here. */
    assert_int_equal(sg_setattr_atom(&Image_class, &img, caption, sg_str("c")), SG_OK);
    assert_string_equal(img.caption, "c");
    assert_int_equal(sg_setattr_atom(C, &m, caption, sg_int(1)), SG_OK);
    assert_int_equal(sg_dict_count(m.sg_dyn), 1);
    assert_int_equal(sg_setattr_atom(&Image_class, &img, other, sg_int(1)), SG_ENOATTR);
    assert_int_equal(sg_getattr_atom(&Image_class, &img, other, &v), SG_ENOATTR);
    assert_int_equal(sg_delattr_atom(&Image_class, &img, other), SG_ENOATTR);
    sg_object_destroy(&Image_class, &img);
    sg_object_destroy(C, &m);
    tc_end();
}

/* Declared attributes never go through the dynamic path: even a dict that (planted here
 * behind the API's back) held a declared name is not consulted for it. */
static void test_atom_declared_first(void **state)
{
    Measurement m = {0};
    const sg_class *C = &Measurement_class;
    sg_atom x = sg_atom_intern("x"), other = sg_atom_intern("other");
    sg_value v;

    (void)state;
    m.x = 5;
    assert_int_equal(sg_setattr_atom(C, &m, other, sg_int(1)), SG_OK);
    assert_int_equal(sg_dict_set(&m.sg_dyn, sg_class_state_get(C), x, sg_int(-1)), SG_OK);
    assert_int_equal(sg_getattr_atom(C, &m, x, &v), SG_OK);
    assert_int_equal(v.as.i, 5);
    assert_int_equal(sg_getattr_atom(C, &m, other, &v), SG_OK);
    assert_int_equal(v.as.i, 1);
    assert_int_equal(sg_getattr_atom(C, &m, sg_atom_intern("absent"), &v), SG_ENOATTR);
    sg_object_destroy(C, &m);
    tc_end();
}

/* A dynamic name that another class declares ('url', declared by Image) is an ordinary
 * dynamic name here: Measurement's bits hold only x, y and val. */
static void test_atom_declared_elsewhere(void **state)
{
    Measurement m = {0};
    Image img = {0};
    const sg_class *C = &Measurement_class;
    sg_atom url = sg_atom_intern("url");
    sg_value v;

    (void)state;
    assert_int_equal(sg_setattr_atom(&Image_class, &img, url, sg_str("declared")), SG_OK);
    assert_int_equal(sg_setattr_atom(C, &m, url, sg_str("dynamic")), SG_OK);
    assert_int_equal(sg_getattr_atom(C, &m, url, &v), SG_OK);
    assert_string_equal(v.as.s, "dynamic");
    assert_int_equal(sg_getattr_atom(&Image_class, &img, url, &v), SG_OK);
    assert_string_equal(v.as.s, "declared");
    assert_true((sg_class_state_get(C)->declared & sg_atom_bit(url)) == 0 ||
                sg_atom_bit(url) == sg_hash_bit(sg_atom_hash("val", 3)) ||
                sg_atom_bit(url) == sg_hash_bit(sg_atom_hash("x", 1)) ||
                sg_atom_bit(url) == sg_hash_bit(sg_atom_hash("y", 1)));
    sg_object_destroy(C, &m);
    sg_object_destroy(&Image_class, &img);
    tc_end();
}

static void test_caches(void **state)
{
    Measurement a = {0}, b = {0};
    const sg_class *C = &Measurement_class;
    sg_atom k = sg_atom_intern("k"), x = sg_atom_intern("x");
    sg_cache c = SG_CACHE_INIT, cx = SG_CACHE_INIT, cs = SG_CACHE_INIT;
    sg_value v;

    (void)state;
    assert_int_equal(sg_getattr_cached(C, &a, k, &c, &v), SG_ENOATTR);
    assert_int_equal(sg_setattr_cached(C, &a, k, &cs, sg_int(1)), SG_OK);
    assert_non_null(cs.shape);
    assert_int_equal(sg_getattr_cached(C, &a, k, &c, &v), SG_OK);
    assert_int_equal(v.as.i, 1);
    assert_ptr_equal(c.shape, sg_dict_shape(a.sg_dyn));
    assert_int_equal(sg_getattr_cached(C, &a, k, &c, &v), SG_OK);   /* hit */
    /* Another instance with a different shape ('j' first, then 'k'). */
    assert_int_equal(set(C, &b, "j", sg_int(0)), SG_OK);
    assert_int_equal(set(C, &b, "k", sg_int(2)), SG_OK);
    assert_int_equal(sg_getattr_cached(C, &b, k, &c, &v), SG_OK);
    assert_int_equal(v.as.i, 2);
    assert_ptr_equal(c.shape, sg_dict_shape(b.sg_dyn));
    assert_int_equal(c.index, 1);
    assert_int_equal(sg_getattr_cached(C, &a, k, &c, &v), SG_OK);
    assert_int_equal(v.as.i, 1);
    /* Shape changes under a cache: add, tombstone, revive. */
    assert_int_equal(sg_setattr_cached(C, &b, k, &cs, sg_int(3)), SG_OK);
    assert_int_equal(get(C, &b, "k").as.i, 3);
    assert_int_equal(set(C, &b, "l", sg_int(9)), SG_OK);
    assert_int_equal(sg_getattr_cached(C, &b, k, &c, &v), SG_OK);
    assert_int_equal(v.as.i, 3);
    assert_int_equal(sg_setattr_cached(C, &b, k, &cs, sg_int(4)), SG_OK);
    assert_int_equal(sg_getattr_cached(C, &b, k, &c, &v), SG_OK);
    assert_int_equal(v.as.i, 4);
    assert_int_equal(sg_delattr(C, &b, "k"), SG_OK);             /* tombstone (not last) */
    assert_int_equal(sg_getattr_cached(C, &b, k, &c, &v), SG_ENOATTR);
    assert_int_equal(sg_setattr_cached(C, &b, k, &cs, sg_int(5)), SG_OK);  /* revive */
    assert_int_equal(sg_getattr_cached(C, &b, k, &c, &v), SG_OK);
    assert_int_equal(v.as.i, 5);
    /* A cache used with another name never returns the wrong slot. */
    assert_int_equal(sg_getattr_cached(C, &b, sg_atom_intern("j"), &c, &v), SG_OK);
    assert_int_equal(v.as.i, 0);
    /* Declared names through a cache. */
    assert_int_equal(sg_setattr_cached(C, &a, x, &cx, sg_int(11)), SG_OK);
    assert_int_equal(a.x, 11);
    assert_int_equal(sg_getattr_cached(C, &a, x, &cx, &v), SG_OK);
    assert_int_equal(v.as.i, 11);
    assert_int_equal(sg_setattr_cached(C, &a, x, &cx, sg_int(12)), SG_OK);
    assert_int_equal(a.x, 12);
    /* Slotted classes: declared works, dynamic is refused. */
    Image img = {0};
    sg_cache ci = SG_CACHE_INIT;
    assert_int_equal(sg_getattr_cached(&Image_class, &img, k, &ci, &v), SG_ENOATTR);
    assert_int_equal(sg_setattr_cached(&Image_class, &img, k, &ci, sg_int(1)), SG_ENOATTR);
    /* Dict mode: caches miss and fall back. */
    for (int i = 0; i < SG_SHAPE_MAX_SLOTS + 2; i++) {
        char name[16];
        snprintf(name, sizeof name, "f%d", i);
        assert_int_equal(set(C, &a, name, sg_int(i)), SG_OK);
    }
    assert_null(sg_dict_shape(a.sg_dyn));
    sg_cache cm = SG_CACHE_INIT;
    assert_int_equal(sg_setattr_cached(C, &a, k, &cm, sg_int(6)), SG_OK);
    assert_int_equal(sg_getattr_cached(C, &a, k, &cm, &v), SG_OK);
    assert_int_equal(v.as.i, 6);
    sg_object_destroy(C, &a);
    sg_object_destroy(C, &b);
    tc_end();
}

/* A cache filled for one name answers only for that name: a declared one (the cache holds
 * the class) and a dynamic one (it holds a shape). */
static void test_cache_keyed_by_name(void **state)
{
    Measurement a = {0};
    const sg_class *C = &Measurement_class;
    sg_atom x = sg_atom_intern("x"), y = sg_atom_intern("y");
    sg_atom nosuch = sg_atom_intern("nosuch"), dyn = sg_atom_intern("dyn");
    sg_atom j = sg_atom_intern("j"), k = sg_atom_intern("k");
    sg_cache c = SG_CACHE_INIT, cd = SG_CACHE_INIT;
    sg_value v;

    (void)state;
    a.x = 1;
    a.y = 2;
    assert_int_equal(sg_getattr_cached(C, &a, x, &c, &v), SG_OK);   /* fills for x */
    assert_ptr_equal(c.shape, C);
    assert_int_equal(v.as.i, 1);
    assert_int_equal(sg_getattr_cached(C, &a, y, &c, &v), SG_OK);
    assert_int_equal(v.as.i, 2);
    assert_int_equal(sg_getattr_cached(C, &a, x, &c, &v), SG_OK);   /* back to x */
    assert_int_equal(sg_getattr_cached(C, &a, nosuch, &c, &v), SG_ENOATTR);
    assert_int_equal(sg_getattr_cached(C, &a, x, &c, &v), SG_OK);
    assert_int_equal(sg_setattr_cached(C, &a, dyn, &c, sg_int(99)), SG_OK);
    assert_int_equal(a.x, 1);
    assert_int_equal(get(C, &a, "dyn").as.i, 99);
    /* The same on a dict shape: j and k share one, at different slots. */
    assert_int_equal(set(C, &a, "j", sg_int(10)), SG_OK);
    assert_int_equal(set(C, &a, "k", sg_int(20)), SG_OK);
    assert_int_equal(sg_getattr_cached(C, &a, j, &cd, &v), SG_OK);
    assert_int_equal(v.as.i, 10);
    assert_int_equal(sg_getattr_cached(C, &a, k, &cd, &v), SG_OK);
    assert_int_equal(v.as.i, 20);
    assert_int_equal(sg_getattr_cached(C, &a, j, &cd, &v), SG_OK);
    assert_int_equal(sg_setattr_cached(C, &a, k, &cd, sg_int(21)), SG_OK);
    assert_int_equal(get(C, &a, "j").as.i, 10);
    assert_int_equal(get(C, &a, "k").as.i, 21);
    assert_int_equal(sg_getattr_cached(C, &a, x, &cd, &v), SG_OK);
    assert_int_equal(v.as.i, 1);
    sg_object_destroy(C, &a);
    tc_end();
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

/* 'in' holds Inner's defaults, in strings of its own. */
static void check_inner(const Inner *in)
{
    assert_string_equal(in->label, "in");
    assert_ptr_not_equal(in->label, inner_defaults.label);
    assert_int_equal(in->k, -2);
}

/* 'x' holds Dflt's defaults, every string its own copy. */
static void check_dflt(const Dflt *x)
{
    assert_string_equal(x->s, "hello");
    assert_ptr_not_equal(x->s, dflt_defaults.s);
    assert_string_equal(x->tags[0], "a");
    assert_null(x->tags[1]);
    assert_string_equal(x->tags[2], "c");
    assert_null(x->none);
    check_inner(&x->inner);
    check_inner(&x->pair[0]);
    check_inner(&x->pair[1]);
    assert_true(x->d == 2.5);
    assert_int_equal(x->n, 7);
    assert_string_equal(x->code, "ab");
    assert_int_equal(x->arr[0], 1);
    assert_int_equal(x->arr[1], 2);
    assert_int_equal(x->arr[2], 0);
    assert_null(x->sg_dyn);
}

static void test_init_defaults(void **state)
{
    Dflt x;
    Image img;

    (void)state;
    memset(&x, 0xa5, sizeof x);                  /* init takes storage holding anything */
    assert_int_equal(sg_object_init(&Dflt_class, &x), SG_OK);
    check_dflt(&x);
    assert_int_equal(set(&Dflt_class, &x, "extra", sg_str("dynamic")), SG_OK);
    assert_int_equal(set(&Dflt_class, &x, "s", sg_str("changed")), SG_OK);
    sg_object_destroy(&Dflt_class, &x);          /* frees all, dynamic ones included */
    assert_true(all_zero(&x, sizeof x));
    sg_object_destroy(&Dflt_class, &x);          /* twice is harmless */
    memset(&img, 0xff, sizeof img);
    assert_int_equal(sg_object_init(&Image_class, &img), SG_OK);  /* no defaults: zero */
    assert_true(all_zero(&img, sizeof img));
    assert_int_equal(sg_object_init(NULL, &img), SG_EINVAL);
    assert_int_equal(sg_object_init(&Image_class, NULL), SG_EINVAL);
    tc_end();
}

static void test_new_free(void **state)
{
    Dflt *x = sg_object_new(&Dflt_class);
    Kinds *k = sg_object_new(&Kinds_class);

    (void)state;
    assert_non_null(x);
    check_dflt(x);
    assert_int_equal(set(&Dflt_class, x, "extra", sg_int(1)), SG_OK);
    sg_object_free(&Dflt_class, x);
    assert_non_null(k);
    assert_true(all_zero(k, sizeof *k));
    assert_int_equal(set(&Kinds_class, k, "s", sg_str("owned")), SG_OK);
    assert_int_equal(sg_setattr(&Kinds_class, k, "tags", sg_str("x")), SG_ETYPE);
    k->tags[1] = sg_str_dup("tag");
    k->imgs[1].caption = sg_str_dup("caption");
    sg_object_free(&Kinds_class, k);
    sg_object_free(&Kinds_class, NULL);
    sg_object_free(NULL, NULL);
    assert_null(sg_object_new(NULL));
    tc_end();                                    /* cmocka checks that nothing leaked */
}

static Dflt *new_obj;  /* what the sg_object_new* walks made */

/* Dflt's constructor attributes are n, s, none, d and code (not the arrays tags and arr, not
 * the embedded inner and pair). */
static Dflt *new_dflt(int32_t n, const char *str, const char *none, double d, const char *code)
{
    return sg_object_new_with(&Dflt_class, n, str, none, d, code);
}

static void test_new_args(void **state)
{
    Dflt *x = new_dflt(5, "given", "also", 1.25, "xyz");
    const char *big = "abcd";  /* char[4] holds 3 */
    uint8_t tag = 200;
    int16_t h = -7;
    Pk *pk;
    Kinds *k;

    (void)state;
    assert_non_null(x);
    assert_int_equal(x->n, 5);
    assert_string_equal(x->s, "given");
    assert_string_equal(x->none, "also");
    assert_true(x->d == 1.25);
    assert_string_equal(x->code, "xyz");
    assert_string_equal(x->tags[0], "a");         /* not parameters: their defaults */
    check_inner(&x->pair[1]);
    assert_int_equal(x->arr[1], 2);
    sg_object_free(&Dflt_class, x);
    x = new_dflt(0, NULL, NULL, 0, NULL);          /* NULL: no string (the default freed), "" */
    assert_non_null(x);
    assert_null(x->s);
    assert_null(x->none);
    assert_string_equal(x->code, "");
    sg_object_free(&Dflt_class, x);
    assert_null(new_dflt(1, "s", "t", 2, big));    /* does not fit: NULL, nothing leaked */
    pk = sg_object_new_with(&Pk_class, tag, -0.5, "packed string", h);  /* unaligned */
    assert_non_null(pk);
    assert_int_equal(get(&Pk_class, pk, "tag").as.u, 200);
    assert_true(get(&Pk_class, pk, "d").as.f == -0.5);
    assert_string_equal(get(&Pk_class, pk, "s").as.s, "packed string");
    assert_int_equal(get(&Pk_class, pk, "h").as.i, -7);
    sg_object_free(&Pk_class, pk);
    /* Every kind, with the promotions: bool, char, i8, i16, u8, u16 as int, f32 as double,
     * enums as int64_t, refs as void *; arrays and the embedded img are no parameters. */
    k = sg_object_new_with(&Kinds_class, true, 'q', (int8_t)-8, (int16_t)-1600, INT32_MIN,
                           INT64_MIN, (uint8_t)250, (uint16_t)65000, UINT32_MAX, UINT64_MAX,
                           (double)1.5f, -2.25, "s", "name", (int64_t)COLOR_BLUE, (int64_t)-1,
                           (void *)&x);
    assert_non_null(k);
    assert_true(k->b);
    assert_int_equal(k->c, 'q');
    assert_int_equal(k->i8, -8);
    assert_int_equal(k->i16, -1600);
    assert_int_equal(k->i32, INT32_MIN);
    assert_true(k->i64 == INT64_MIN);
    assert_int_equal(k->u8, 250);
    assert_int_equal(k->u16, 65000);
    assert_int_equal(k->u32, UINT32_MAX);
    assert_true(k->u64 == UINT64_MAX);
    assert_true(k->f32 == 1.5f);
    assert_true(k->f64 == -2.25);
    assert_string_equal(k->s, "s");
    assert_string_equal(k->name, "name");
    assert_int_equal(k->color, COLOR_BLUE);
    assert_int_equal(k->rating, -1);                   /* one byte */
    assert_ptr_equal(k->ref, (const Image *)(void *)&x);
    sg_object_free(&Kinds_class, k);
    tc_end();
}

static sg_status new_args_op(void *ctx)
{
    (void)ctx;
    new_obj = new_dflt(3, "arg", NULL, 1, "ok");
    return new_obj ? SG_OK : SG_ENOMEM;
}

static void new_args_end(void *ctx, bool failed)
{
    (void)ctx;
    if (failed) {
        assert_null(new_obj);
    } else {
        assert_string_equal(new_obj->s, "arg");
        assert_string_equal(new_obj->code, "ok");
    }
    sg_object_free(&Dflt_class, new_obj);
    new_obj = NULL;
}

/* Each string default of Dflt, its Inner and its two Inners is an allocation; failing any
 * one (or every one from it on) leaves the object all zero with nothing to free. */
static Dflt init_obj;

static void init_start(void *ctx)
{
    (void)ctx;
    memset(&init_obj, 0x5a, sizeof init_obj);
}

static sg_status init_op(void *ctx)
{
    (void)ctx;
    return sg_object_init(&Dflt_class, &init_obj);
}

static void init_end(void *ctx, bool failed)
{
    (void)ctx;
    if (failed)
        assert_true(all_zero(&init_obj, sizeof init_obj));
    else
        check_dflt(&init_obj);
    sg_object_destroy(&Dflt_class, &init_obj);
}


static sg_status new_op(void *ctx)
{
    (void)ctx;
    new_obj = sg_object_new(&Dflt_class);
    return new_obj ? SG_OK : SG_ENOMEM;
}

static void new_end(void *ctx, bool failed)
{
    (void)ctx;
    if (failed)
        assert_null(new_obj);
    else
        check_dflt(new_obj);
    sg_object_free(&Dflt_class, new_obj);
    new_obj = NULL;
}

static void test_enomem_init_new(void **state)
{
    static const tc_walk_case init = {init_start, init_op, init_end};
    static const tc_walk_case make = {NULL, new_op, new_end};
    static const tc_walk_case make_args = {NULL, new_args_op, new_args_end};

    (void)state;
    /* s, tags[0], tags[2], inner.label, pair[0].label, pair[1].label */
    assert_int_equal(tc_walk(&init, NULL), 6);
    assert_int_equal(tc_walk(&make, NULL), 7);   /* and the object itself */
    assert_int_equal(tc_walk(&make_args, NULL), 8);  /* and "arg" for s; none stays NULL */
    tc_end();
}

/* ---- SG_ENOMEM at every allocation point ------------------------------------------------
 * A case builds its starting state from nothing ('prep', on a zeroed object and a clean
 * runtime), then runs one operation ('op'); tc_walk (sg_test_classes.h) fails each of its
 * allocations alone and from it on. Each failed run must return SG_ENOMEM, leave the object
 * exactly as 'prep' made it, and, once the object is destroyed and the runtime cleaned up,
 * have given back every block the hook handed out.
 */

typedef void (*prep_fn)(void *obj);
typedef sg_status (*op_fn)(void *obj);

typedef struct walk_case {
    const sg_class *cls;
    prep_fn prep;
    op_fn op;
} walk_case;

typedef union walk_obj {
    Measurement m;
    Opt o;
} walk_obj;

typedef struct walk_ctx {
    const walk_case *wc;
    walk_obj obj;
    snap *before, *after;
} walk_ctx;

/* A fresh object, prepared; a snapshot of it in 'before'. */
static void walk_start(void *ctx)
{
    walk_ctx *c = ctx;

    memset(&c->obj, 0, sizeof c->obj);
    if (c->wc->prep)
        c->wc->prep(&c->obj);
    take(c->before, c->wc->cls, &c->obj);
}

static sg_status walk_op(void *ctx)
{
    walk_ctx *c = ctx;

    return c->wc->op(&c->obj);
}

/* After a failed run the object must be as prepared; then it is destroyed. */
static void walk_end(void *ctx, bool failed)
{
    walk_ctx *c = ctx;

    if (failed) {
        take(c->after, c->wc->cls, &c->obj);
        assert_same(c->before, c->after);
    }
    sg_object_destroy(c->wc->cls, &c->obj);
}

/* Walks every allocation of 'wc' both ways; returns how many a successful run makes. */
static long walk(const walk_case *wc)
{
    static const tc_walk_case ops = {walk_start, walk_op, walk_end};
    walk_ctx c = {.wc = wc};
    long n;

    c.before = test_malloc(sizeof *c.before);
    c.after = test_malloc(sizeof *c.after);
    n = tc_walk(&ops, &c);
    test_free(c.before);
    test_free(c.after);
    return n;
}

static sg_status op_set_val(void *obj)
{
    return sg_setattr(&Measurement_class, obj, "val", sg_str("new value"));
}

static sg_status op_set_new_str(void *obj)
{
    return sg_setattr(&Measurement_class, obj, "fresh", sg_str("fresh value"));
}

static sg_status op_set_new_big(void *obj)
{
    return sg_setattr(&Measurement_class, obj, "big", sg_int(INT64_MIN));
}

static sg_status op_set_existing_str(void *obj)
{
    return sg_setattr(&Measurement_class, obj, "fresh", sg_str("replaced"));
}

static sg_status op_set_opt_note(void *obj)
{
    return sg_setattr(&Opt_class, obj, "note", sg_str("note"));
}

static sg_status op_set_atom_new(void *obj)
{
    sg_atom a = sg_atom_find("by_atom");
    return sg_setattr_atom(&Measurement_class, obj, a, sg_str("atom"));
}

static sg_status op_set_cached_new(void *obj)
{
    sg_cache c = SG_CACHE_INIT;
    return sg_setattr_cached(&Measurement_class, obj, sg_atom_find("cached"), &c,
                             sg_str("cached"));
}

static sg_status op_set_dictmode(void *obj)
{
    return sg_setattr(&Measurement_class, obj, "overflow", sg_str("into dict mode"));
}

static sg_status op_set_dictmode_more(void *obj)
{
    return sg_setattr(&Measurement_class, obj, "more", sg_str("in dict mode"));
}

static void prep_atoms(void *obj)
{
    (void)obj;
    assert_non_null(sg_atom_intern("by_atom"));
    assert_non_null(sg_atom_intern("cached"));
}

/* One dynamic string attribute, so the class state and a dict exist. */
static void prep_fresh(void *obj)
{
    prep_atoms(obj);
    assert_int_equal(op_set_new_str(obj), SG_OK);
}

/* SG_SHAPE_MAX_SLOTS dynamic attributes: the next new name goes to dict mode. */
static void prep_full(void *obj)
{
    prep_fresh(obj);
    for (int i = 1; i < SG_SHAPE_MAX_SLOTS; i++) {
        char name[16];
        snprintf(name, sizeof name, "g%d", i);
        assert_int_equal(set(&Measurement_class, obj, name, sg_int(i)), SG_OK);
    }
    assert_non_null(sg_dict_shape(((Measurement *)obj)->sg_dyn));
}

/* Already in dict mode. */
static void prep_dictmode(void *obj)
{
    prep_full(obj);
    assert_int_equal(op_set_dictmode(obj), SG_OK);
    assert_null(sg_dict_shape(((Measurement *)obj)->sg_dyn));
}

static void test_enomem_setattr(void **state)
{
    const sg_class *C = &Measurement_class;
    const walk_case declared = {C, NULL, op_set_val};
    const walk_case first = {C, NULL, op_set_new_str};
    const walk_case existing = {C, prep_fresh, op_set_existing_str};
    const walk_case cell = {C, prep_fresh, op_set_new_big};
    const walk_case by_atom = {C, prep_fresh, op_set_atom_new};
    const walk_case cached = {C, prep_fresh, op_set_cached_new};
    const walk_case optional = {&Opt_class, NULL, op_set_opt_note};
    const walk_case to_dict = {C, prep_full, op_set_dictmode};
    const walk_case in_dict = {C, prep_dictmode, op_set_dictmode_more};

    (void)state;
    assert_int_equal(walk(&declared), 1);     /* the string */
    /* The first dynamic attribute of a class never used: the class state, its root shape, the
     * atom table, the name, the string, the shape, the class's table of shapes, the block. */
    assert_int_equal(walk(&first), 8);
    assert_int_equal(walk(&existing), 1);     /* the new string */
    /* The name, the cell (INT64_MIN does not fit an 8-byte box), the shape, the block. */
#ifdef SG_PORTABLE_VALUES
    assert_int_equal(walk(&cell), 3);
#else
    assert_int_equal(walk(&cell), 4);
#endif
    assert_int_equal(walk(&by_atom), 3);      /* the string, the shape, the block */
    assert_int_equal(walk(&cached), 3);
    assert_int_equal(walk(&optional), 1);     /* the string */
    assert_int_equal(walk(&to_dict), 3);         /* the name, the string, the table */
    assert_int_equal(walk(&in_dict), 2);         /* the name, the string */
    tc_end();
}

/* The first dynamic set by atom or through a cache on a class never used: the class state
 * (and the interning of its declared names) fails first, leaving the object unchanged. */
static void test_enomem_class_state(void **state)
{
    const walk_case by_atom = {&Measurement_class, prep_atoms, op_set_atom_new};
    const walk_case cached = {&Measurement_class, prep_atoms, op_set_cached_new};

    (void)state;
    /* The class state, its root shape, the string, the shape, the table of shapes, the
     * block. */
    assert_int_equal(walk(&by_atom), 6);
    assert_null(measurement_rt.state);
    assert_int_equal(walk(&cached), 6);
    assert_null(measurement_rt.state);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_image_slotted, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_null_arguments, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_kinds_integers, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_kinds_floats, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_kinds_strings_and_chars, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_kinds_enums, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_kinds_aggregates_and_refs, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_destroy_recursive, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_optional, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_packed, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_dynamic_basics, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_shared_shapes_cost, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_iteration_order, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_by_atom, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_atom_declared_first, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_atom_declared_elsewhere, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_caches, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_cache_keyed_by_name, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_init_defaults, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_new_free, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_new_args, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_enomem_init_new, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_enomem_setattr, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_enomem_class_state, tc_setup_exact, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
