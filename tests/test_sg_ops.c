/*
 * test_sg_ops.c - the generic sg_copy, sg_object_clone, sg_equal and sg_hash over hand-written
 * class tables: every kind, arrays, embedded objects, optional attributes, packed structs,
 * dynamic attributes in shape and dict mode, and SG_ENOMEM at every allocation of a copy or
 * clone (each failed alone, and every one from it on) leaving the destination destroyed and
 * zeroed (a clone: NULL), with nothing leaked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <cmocka.h>

#include "sg_dict.h"
#include "sg_test_classes.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static void set_ok(const sg_class *cls, void *obj, const char *name, sg_value v)
{
    assert_int_equal(sg_setattr(cls, obj, name, v), SG_OK);
}

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++) {
        if (b[i])
            return false;
    }
    return true;
}

static void assert_same(const sg_class *cls, const void *a, const void *b)
{
    assert_true(sg_equal(cls, a, b));
    assert_true(sg_equal(cls, b, a));
    assert_true(sg_hash(cls, a) == sg_hash(cls, b));
}

static void assert_differ(const sg_class *cls, const void *a, const void *b)
{
    assert_false(sg_equal(cls, a, b));
    assert_false(sg_equal(cls, b, a));
}

static Image target;   /* what refs point to */

/* A Kinds with every member set, every string and every embedded string allocated. */
static void fill_kinds(Kinds *k)
{
    const sg_class *C = &Kinds_class;

    memset(k, 0, sizeof *k);
    set_ok(C, k, "b", sg_bool(true));
    set_ok(C, k, "c", sg_int('q'));
    set_ok(C, k, "i8", sg_int(-8));
    set_ok(C, k, "i16", sg_int(-16));
    set_ok(C, k, "i32", sg_int(-32));
    set_ok(C, k, "i64", sg_int(INT64_MIN));
    set_ok(C, k, "u8", sg_uint(8));
    set_ok(C, k, "u16", sg_uint(16));
    set_ok(C, k, "u32", sg_uint(32));
    set_ok(C, k, "u64", sg_uint(UINT64_MAX));
    set_ok(C, k, "f32", sg_float(1.5));
    set_ok(C, k, "f64", sg_float(-2.25));
    set_ok(C, k, "s", sg_str("string"));
    set_ok(C, k, "name", sg_str("chars"));
    set_ok(C, k, "color", sg_str("blue"));
    set_ok(C, k, "rating", sg_str("minus"));
    set_ok(&Image_class, &k->img, "caption", sg_str("embedded"));
    set_ok(&Image_class, &k->img, "url", sg_str("http://e"));
    k->img.id = 5;
    set_ok(C, k, "ref", sg_ptr(&target));
    k->arr[0] = 1;
    k->arr[1] = 2;
    k->arr[2] = 3;
    k->tags[0] = sg_str_dup("t0");          /* tags[1] stays NULL */
    k->imgs[0].id = 10;
    k->imgs[1].caption = sg_str_dup("second");
}

/* A Measurement with dynamic values of every type, a cell among them. */
static void fill_measurement(Measurement *m)
{
    memset(m, 0, sizeof *m);
    m->x = 1;
    m->y = -2;
    set_ok(&Measurement_class, m, "val", sg_str("v"));
    set_ok(&Measurement_class, m, "flag", sg_bool(true));
    set_ok(&Measurement_class, m, "n", sg_int(-5));
    set_ok(&Measurement_class, m, "big", sg_int(INT64_MIN));      /* a cell */
    set_ok(&Measurement_class, m, "f", sg_float(2.5));
    set_ok(&Measurement_class, m, "s", sg_str("dynamic"));
    set_ok(&Measurement_class, m, "p", sg_ptr(&target));
    set_ok(&Measurement_class, m, "none", sg_none());
}

/* A Measurement in dict mode (more names than a shape holds), with a tombstone. */
static void fill_measurement_map(Measurement *m)
{
    char name[16];

    memset(m, 0, sizeof *m);
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "d%d", i);
        set_ok(&Measurement_class, m, name, i % 2 ? sg_int(i) : sg_str(name));
    }
    assert_int_equal(sg_delattr(&Measurement_class, m, "d3"), SG_OK);
    assert_int_equal(sg_dict_shape(tc_dyn(&Measurement_class, m)), NULL);   /* dict mode */
}

/* ---- copy --------------------------------------------------------------------------------- */

static void test_copy_kinds_is_deep(void **state)
{
    Kinds a, b;

    (void)state;
    fill_kinds(&a);
    memset(&b, 0, sizeof b);
    assert_int_equal(sg_copy(&Kinds_class, &b, &a), SG_OK);
    assert_same(&Kinds_class, &a, &b);
    assert_ptr_not_equal(b.s, a.s);
    assert_string_equal(b.s, "string");
    assert_ptr_not_equal(b.img.caption, a.img.caption);
    assert_string_equal(b.img.url, "http://e");
    assert_ptr_not_equal(b.tags[0], a.tags[0]);
    assert_null(b.tags[1]);
    assert_ptr_not_equal(b.imgs[1].caption, a.imgs[1].caption);
    assert_ptr_equal(b.ref, &target);                     /* refs are not followed */
    assert_string_equal(b.name, "chars");
    assert_int_equal(b.arr[2], 3);
    assert_true(b.u64 == UINT64_MAX);
    /* independent: changing the copy leaves the source */
    set_ok(&Image_class, &b.img, "caption", sg_str("changed"));
    assert_string_equal(a.img.caption, "embedded");
    assert_differ(&Kinds_class, &a, &b);
    sg_object_destroy(&Kinds_class, &a);
    sg_object_destroy(&Kinds_class, &b);
    tc_end();
}

/* The destination's old contents are released (cmocka's leak check sees them otherwise). */
static void test_copy_releases_old_contents(void **state)
{
    Measurement a, b;
    Kinds k, l;

    (void)state;
    fill_measurement(&a);
    fill_measurement_map(&b);
    assert_int_equal(sg_copy(&Measurement_class, &b, &a), SG_OK);
    assert_same(&Measurement_class, &a, &b);
    assert_int_equal(sg_dict_count(b.sg_dyn), 7);
    fill_kinds(&k);
    fill_kinds(&l);
    l.imgs[0].url = sg_str_dup("old");
    assert_int_equal(sg_copy(&Kinds_class, &l, &k), SG_OK);
    assert_null(l.imgs[0].url);
    assert_same(&Kinds_class, &k, &l);
    sg_object_destroy(&Measurement_class, &a);
    sg_object_destroy(&Measurement_class, &b);
    sg_object_destroy(&Kinds_class, &k);
    sg_object_destroy(&Kinds_class, &l);
    tc_end();
}

static void test_copy_self_and_null(void **state)
{
    Measurement a, b = {0};
    char *val;

    (void)state;
    fill_measurement(&a);
    val = a.val;
    assert_int_equal(sg_copy(&Measurement_class, &a, &a), SG_OK);   /* a no-op */
    assert_ptr_equal(a.val, val);
    assert_string_equal(a.val, "v");
    assert_int_equal(sg_copy(NULL, &b, &a), SG_EINVAL);
    assert_int_equal(sg_copy(&Measurement_class, NULL, &a), SG_EINVAL);
    assert_int_equal(sg_copy(&Measurement_class, &b, NULL), SG_EINVAL);
    assert_true(all_zero(&b, sizeof b));
    sg_object_destroy(&Measurement_class, &a);
    tc_end();
}

static void test_copy_dynamic(void **state)
{
    Measurement a, b = {0}, c = {0};
    sg_value v;

    (void)state;
    fill_measurement(&a);
    assert_int_equal(sg_delattr(&Measurement_class, &a, "n"), SG_OK);   /* a tombstone */
    assert_int_equal(sg_copy(&Measurement_class, &b, &a), SG_OK);
    assert_same(&Measurement_class, &a, &b);
    assert_ptr_equal(sg_dict_shape(b.sg_dyn), sg_dict_shape(a.sg_dyn));  /* shares the shape */
    assert_ptr_not_equal(b.sg_dyn, a.sg_dyn);
    assert_int_equal(sg_getattr(&Measurement_class, &b, "s", &v), SG_OK);
    assert_string_equal(v.as.s, "dynamic");
    assert_int_equal(sg_getattr(&Measurement_class, &b, "n", &v), SG_ENOATTR);
    assert_int_equal(sg_getattr(&Measurement_class, &b, "big", &v), SG_OK);
    assert_true(v.as.i == INT64_MIN);
    set_ok(&Measurement_class, &b, "n", sg_int(9));          /* revives b's slot only */
    assert_int_equal(sg_getattr(&Measurement_class, &a, "n", &v), SG_ENOATTR);
    assert_differ(&Measurement_class, &a, &b);
    /* dict mode */
    sg_object_destroy(&Measurement_class, &a);
    fill_measurement_map(&a);
    assert_int_equal(sg_copy(&Measurement_class, &c, &a), SG_OK);
    assert_same(&Measurement_class, &a, &c);
    assert_int_equal(sg_dict_count(c.sg_dyn), 39);
    assert_int_equal(sg_getattr(&Measurement_class, &c, "d38", &v), SG_OK);
    assert_string_equal(v.as.s, "d38");
    set_ok(&Measurement_class, &c, "d3", sg_int(3));          /* revives the tombstone */
    set_ok(&Measurement_class, &c, "new", sg_int(1));
    assert_int_equal(sg_dict_count(c.sg_dyn), 41);
    assert_int_equal(sg_dict_count(a.sg_dyn), 39);
    sg_object_destroy(&Measurement_class, &a);
    sg_object_destroy(&Measurement_class, &b);
    sg_object_destroy(&Measurement_class, &c);
    tc_end();
}

static void test_copy_embedded_dynamic_and_optional(void **state)
{
    Outer a = {0}, b = {0};
    Opt o = {0}, p = {0};

    (void)state;
    fill_measurement(&a.m);
    set_ok(&Outer_class, &a, "label", sg_str("outer"));
    set_ok(&Outer_class, &a, "mine", sg_float(0.5));
    assert_int_equal(sg_copy(&Outer_class, &b, &a), SG_OK);
    assert_same(&Outer_class, &a, &b);
    assert_ptr_not_equal(b.m.sg_dyn, a.m.sg_dyn);
    assert_ptr_not_equal(b.sg_dyn, a.sg_dyn);
    set_ok(&Measurement_class, &b.m, "s", sg_str("other"));
    assert_differ(&Outer_class, &a, &b);

    set_ok(&Opt_class, &o, "note", sg_str("n"));
    set_ok(&Opt_class, &o, "color", sg_int(COLOR_GREEN));
    set_ok(&Opt_class, &o, "img", sg_ptr(&target));
    assert_int_equal(sg_copy(&Opt_class, &p, &o), SG_OK);
    assert_same(&Opt_class, &o, &p);
    assert_int_equal(p.sg_has[0], o.sg_has[0]);
    assert_ptr_not_equal(p.note, o.note);
    sg_object_destroy(&Outer_class, &a);
    sg_object_destroy(&Outer_class, &b);
    sg_object_destroy(&Opt_class, &o);
    sg_object_destroy(&Opt_class, &p);
    tc_end();
}

static void test_copy_packed(void **state)
{
    Pk a, b;

    (void)state;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    set_ok(&Pk_class, &a, "tag", sg_uint(3));
    set_ok(&Pk_class, &a, "d", sg_float(0.25));
    set_ok(&Pk_class, &a, "s", sg_str("unaligned"));
    set_ok(&Pk_class, &a, "h", sg_int(-7));
    set_ok(&Pk_class, &a, "dyn", sg_str("x"));
    set_ok(&Pk_class, &b, "s", sg_str("old"));
    assert_int_equal(sg_copy(&Pk_class, &b, &a), SG_OK);
    assert_same(&Pk_class, &a, &b);
    set_ok(&Pk_class, &b, "s", sg_str("other"));
    assert_differ(&Pk_class, &a, &b);
    sg_object_destroy(&Pk_class, &a);
    sg_object_destroy(&Pk_class, &b);
    tc_end();
}

/* ---- copy under allocation failure ---------------------------------------------------------
 * Every allocation of a copy fails alone, then every one from it on: SG_ENOMEM, the destination
 * destroyed and zeroed, nothing leaked (tc_walk checks the hook's live blocks).
 */

typedef struct copy_ctx {
    const sg_class *cls;
    void (*make)(void *obj);
    bool dst_old;   /* the destination starts with contents of its own */
    union {
        Kinds k;
        Measurement m;
        Outer o;
    } src, dst;
} copy_ctx;

static void copy_start(void *p)
{
    copy_ctx *c = p;

    memset(&c->src, 0, sizeof c->src);
    memset(&c->dst, 0, sizeof c->dst);
    c->make(&c->src);
    if (c->dst_old)
        c->make(&c->dst);
}

static sg_status copy_op(void *p)
{
    copy_ctx *c = p;

    return sg_copy(c->cls, &c->dst, &c->src);
}

static void copy_end(void *p, bool failed)
{
    copy_ctx *c = p;

    if (failed)
        assert_true(all_zero(&c->dst, c->cls->size));
    else
        assert_same(c->cls, &c->src, &c->dst);
    sg_object_destroy(c->cls, &c->src);
    sg_object_destroy(c->cls, &c->dst);
}

static void make_kinds(void *p)
{
    fill_kinds(p);
}

static void make_measurement(void *p)
{
    fill_measurement(p);
}

static void make_map(void *p)
{
    fill_measurement_map(p);
}

static void make_outer(void *p)
{
    Outer *o = p;

    fill_measurement(&o->m);
    set_ok(&Outer_class, o, "label", sg_str("outer"));
    set_ok(&Outer_class, o, "mine", sg_str("a string"));
    set_ok(&Outer_class, o, "big", sg_uint(UINT64_MAX));
}

static void walk_copy(const sg_class *cls, void (*make)(void *), long want)
{
    static const tc_walk_case wc = {copy_start, copy_op, copy_end};
    copy_ctx c;

    c.cls = cls;
    c.make = make;
    for (int old = 0; old < 2; old++) {
        c.dst_old = old;
        assert_int_equal(tc_walk(&wc, &c), want);
    }
}

/* A value too large for a box's 48-bit payload has a cell of its own (see sg_value.h). */
#ifdef SG_PORTABLE_VALUES
#define CELL 0
#else
#define CELL 1
#endif

static void test_copy_enomem(void **state)
{
    (void)state;
    /* Each copy first: the temporary object it is made in. */
    /* Kinds: s, img.caption, img.url, tags[0], imgs[1].caption. */
    walk_copy(&Kinds_class, make_kinds, 1 + 5);
    /* Measurement: val, the block, its string "dynamic" and its cell. */
    walk_copy(&Measurement_class, make_measurement, 1 + 3 + CELL);
    /* Dict mode: the map and 20 strings. */
    walk_copy(&Measurement_class, make_map, 1 + 21);
    /* Outer: m's 3 + CELL, label, Outer's block, its string and its cell. */
    walk_copy(&Outer_class, make_outer, 1 + 6 + 2 * CELL);
    tc_end();
}

/* ---- clone --------------------------------------------------------------------------------
 * sg_object_clone: a new object equal to the source and independent of it; NULL for a NULL
 * argument; under every allocation failure NULL with nothing leaked (tc_walk).
 */

static void test_clone(void **state)
{
    Kinds a, *b;

    (void)state;
    fill_kinds(&a);
    b = sg_object_clone(&Kinds_class, &a);
    assert_non_null(b);
    assert_same(&Kinds_class, &a, b);
    assert_ptr_not_equal(b->s, a.s);
    assert_ptr_not_equal(b->img.caption, a.img.caption);
    assert_ptr_equal(b->ref, &target);
    set_ok(&Image_class, &b->img, "caption", sg_str("changed"));
    assert_string_equal(a.img.caption, "embedded");
    assert_null(sg_object_clone(NULL, &a));
    assert_null(sg_object_clone(&Kinds_class, NULL));
    sg_object_free(&Kinds_class, b);
    sg_object_destroy(&Kinds_class, &a);
    tc_end();
}

typedef struct clone_ctx {
    const sg_class *cls;
    void (*make)(void *obj);
    union {
        Kinds k;
        Measurement m;
        Outer o;
    } src;
    void *clone;
} clone_ctx;

static void clone_start(void *p)
{
    clone_ctx *c = p;

    memset(&c->src, 0, sizeof c->src);
    c->make(&c->src);
    c->clone = NULL;
}

static sg_status clone_op(void *p)
{
    clone_ctx *c = p;

    c->clone = sg_object_clone(c->cls, &c->src);
    return c->clone ? SG_OK : SG_ENOMEM;
}

static void clone_end(void *p, bool failed)
{
    clone_ctx *c = p;

    if (!failed)
        assert_same(c->cls, &c->src, c->clone);
    sg_object_free(c->cls, c->clone);
    sg_object_destroy(c->cls, &c->src);
}

static void test_clone_enomem(void **state)
{
    static const tc_walk_case wc = {clone_start, clone_op, clone_end};
    clone_ctx c;

    (void)state;
    /* the new object's block first, then what each copy allocates (test_copy_enomem) */
    c.cls = &Kinds_class;
    c.make = make_kinds;
    assert_int_equal(tc_walk(&wc, &c), 1 + 5);
    c.cls = &Measurement_class;
    c.make = make_map;
    assert_int_equal(tc_walk(&wc, &c), 1 + 21);
    c.cls = &Outer_class;
    c.make = make_outer;
    assert_int_equal(tc_walk(&wc, &c), 1 + 6 + 2 * CELL);
    tc_end();
}

/* ---- equality and hash ------------------------------------------------------------------ */

static void test_equal_each_kind(void **state)
{
    static const char *const names[] = {
        "b", "c", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "s",
        "name", "color", "rating", "ref",
    };
    static const sg_value other[] = {
        {SG_BOOL, {.b = false}}, {SG_INT, {.i = 'r'}}, {SG_INT, {.i = 8}}, {SG_INT, {.i = 16}},
        {SG_INT, {.i = 32}}, {SG_INT, {.i = 64}}, {SG_UINT, {.u = 9}}, {SG_UINT, {.u = 17}},
        {SG_UINT, {.u = 33}}, {SG_UINT, {.u = 65}}, {SG_FLOAT, {.f = 1.25}},
        {SG_FLOAT, {.f = 2.25}}, {SG_STR, {.s = "strinG"}}, {SG_STR, {.s = "charz"}},
        {SG_STR, {.s = "red"}}, {SG_STR, {.s = "four"}}, {SG_NONE, {.u = 0}},
    };
    Kinds a, b;

    (void)state;
    fill_kinds(&a);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        memset(&b, 0, sizeof b);
        assert_int_equal(sg_copy(&Kinds_class, &b, &a), SG_OK);
        assert_same(&Kinds_class, &a, &b);
        set_ok(&Kinds_class, &b, names[i], other[i]);
        if (sg_equal(&Kinds_class, &a, &b))
            fail_msg("a change of '%s' is not seen", names[i]);
        assert_true(sg_hash(&Kinds_class, &a) != sg_hash(&Kinds_class, &b));
        sg_object_destroy(&Kinds_class, &b);
    }
    /* arrays, embedded objects and embedded arrays of objects, element by element */
    for (int i = 0; i < 6; i++) {
        memset(&b, 0, sizeof b);
        assert_int_equal(sg_copy(&Kinds_class, &b, &a), SG_OK);
        switch (i) {
        case 0: b.arr[2] = 4; break;
        case 1: assert_int_equal(sg_str_replace(&b.tags[1], ""), SG_OK); break;
        case 2: b.img.id = 6; break;
        case 3: assert_int_equal(sg_str_replace(&b.img.url, NULL), SG_OK); break;
        case 4: b.imgs[1].id = 1; break;
        default: b.imgs[0].caption = sg_str_dup("x"); break;
        }
        assert_differ(&Kinds_class, &a, &b);
        assert_true(sg_hash(&Kinds_class, &a) != sg_hash(&Kinds_class, &b));
        sg_object_destroy(&Kinds_class, &b);
    }
    sg_object_destroy(&Kinds_class, &a);
    tc_end();
}

/* Strings by content, refs by pointer, char[N] up to its NUL. */
static void test_equal_by_content_and_pointer(void **state)
{
    Kinds a = {0}, b = {0};
    Image twin = {0};

    (void)state;
    a.s = sg_str_dup("same");
    b.s = sg_str_dup("same");
    memcpy(a.name, "ab\0xxxx", 8);
    memcpy(b.name, "ab\0yyyy", 8);        /* bytes after the NUL do not count */
    assert_same(&Kinds_class, &a, &b);
    a.ref = &target;
    b.ref = &twin;                        /* equal contents, another object */
    assert_true(sg_equal(&Image_class, &target, &twin));
    assert_differ(&Kinds_class, &a, &b);
    b.ref = &target;
    assert_same(&Kinds_class, &a, &b);
    sg_str_free(b.s);
    b.s = NULL;                           /* NULL is not "" */
    assert_differ(&Kinds_class, &a, &b);
    b.s = sg_str_dup("");
    a.s[0] = '\0';                        /* shortened in place: "" */
    assert_same(&Kinds_class, &a, &b);
    sg_object_destroy(&Kinds_class, &a);
    sg_object_destroy(&Kinds_class, &b);
    assert_true(sg_equal(&Kinds_class, NULL, NULL));
    assert_false(sg_equal(&Kinds_class, &a, NULL));
    assert_false(sg_equal(&Kinds_class, NULL, &a));
    assert_true(sg_hash(NULL, &a) == 0);
    assert_true(sg_hash(&Kinds_class, NULL) == 0);
    tc_end();
}

static float f32_bits(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static double f64_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* == except that NaN equals NaN of the same bits; -0.0 equals 0.0 and hashes alike. */
static void test_equal_floats(void **state)
{
    Kinds a = {0}, b = {0};

    (void)state;
    a.f64 = 0.0;
    b.f64 = -0.0;
    a.f32 = 0.0f;
    b.f32 = -0.0f;
    assert_same(&Kinds_class, &a, &b);
    a.f64 = b.f64 = NAN;
    assert_same(&Kinds_class, &a, &b);
    b.f64 = f64_bits(UINT64_C(0x7ff8000000000001));      /* another NaN */
    assert_true(isnan(b.f64));
    assert_differ(&Kinds_class, &a, &b);
    b.f64 = a.f64;
    a.f32 = b.f32 = f32_bits(0x7fc00000u);
    assert_same(&Kinds_class, &a, &b);
    b.f32 = f32_bits(0xffc00000u);                         /* -NaN */
    assert_differ(&Kinds_class, &a, &b);
    b.f32 = 1.0f;
    assert_differ(&Kinds_class, &a, &b);
    a.f32 = 1.0f;
    a.f64 = b.f64 = INFINITY;
    assert_same(&Kinds_class, &a, &b);
    b.f64 = -INFINITY;
    assert_differ(&Kinds_class, &a, &b);
    tc_end();
}

/* An absent optional attribute is equal to an absent one whatever its member holds. */
static void test_equal_optional(void **state)
{
    Opt a = {0}, b = {0};

    (void)state;
    set_ok(&Opt_class, &a, "score", sg_float(1.0));
    set_ok(&Opt_class, &b, "score", sg_float(2.0));
    assert_differ(&Opt_class, &a, &b);
    assert_int_equal(sg_delattr(&Opt_class, &a, "score"), SG_OK);
    assert_differ(&Opt_class, &a, &b);                     /* absent vs present */
    assert_int_equal(sg_delattr(&Opt_class, &b, "score"), SG_OK);
    assert_true(a.score != b.score);
    assert_same(&Opt_class, &a, &b);
    set_ok(&Opt_class, &a, "score", sg_float(0.0));        /* present 0.0 vs absent */
    assert_differ(&Opt_class, &a, &b);
    assert_true(sg_hash(&Opt_class, &a) != sg_hash(&Opt_class, &b));
    tc_end();
}

/* Dynamic attributes are an unordered set of (name, value) pairs. */
static void test_equal_dynamic(void **state)
{
    Measurement a = {0}, b = {0}, c = {0};
    char name[16];

    (void)state;
    set_ok(&Measurement_class, &a, "p", sg_int(1));
    set_ok(&Measurement_class, &a, "q", sg_str("two"));
    set_ok(&Measurement_class, &b, "q", sg_str("two"));
    set_ok(&Measurement_class, &b, "p", sg_int(1));
    assert_ptr_not_equal(sg_dict_shape(a.sg_dyn), sg_dict_shape(b.sg_dyn));
    assert_same(&Measurement_class, &a, &b);
    set_ok(&Measurement_class, &b, "p", sg_uint(1));       /* another type */
    assert_differ(&Measurement_class, &a, &b);
    set_ok(&Measurement_class, &b, "p", sg_int(1));
    set_ok(&Measurement_class, &b, "r", sg_none());        /* one more name */
    assert_differ(&Measurement_class, &a, &b);
    assert_true(sg_hash(&Measurement_class, &a) != sg_hash(&Measurement_class, &b));
    assert_int_equal(sg_delattr(&Measurement_class, &b, "r"), SG_OK);
    assert_same(&Measurement_class, &a, &b);
    set_ok(&Measurement_class, &a, "f", sg_float(-0.0));
    set_ok(&Measurement_class, &b, "f", sg_float(0.0));
    assert_same(&Measurement_class, &a, &b);
    set_ok(&Measurement_class, &a, "f", sg_float(NAN));
    set_ok(&Measurement_class, &b, "f", sg_float(-NAN));
    assert_same(&Measurement_class, &a, &b);
    set_ok(&Measurement_class, &b, "f", sg_float(1.0));
    assert_differ(&Measurement_class, &a, &b);
    set_ok(&Measurement_class, &b, "f", sg_float(NAN));
    /* the same pairs in dict mode in c: equal to a, same hash */
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "z%d", i);
        set_ok(&Measurement_class, &c, name, sg_int(i));
    }
    set_ok(&Measurement_class, &c, "f", sg_float(NAN));
    set_ok(&Measurement_class, &c, "q", sg_str("two"));
    set_ok(&Measurement_class, &c, "p", sg_int(1));
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "z%d", i);
        assert_int_equal(sg_delattr(&Measurement_class, &c, name), SG_OK);
    }
    assert_null(sg_dict_shape(c.sg_dyn));
    assert_same(&Measurement_class, &a, &c);
    /* declared attributes still count */
    c.x = 1;
    assert_differ(&Measurement_class, &a, &c);
    sg_object_destroy(&Measurement_class, &a);
    sg_object_destroy(&Measurement_class, &b);
    sg_object_destroy(&Measurement_class, &c);
    tc_end();
}

/* Distinct small objects get distinct hashes, and the hash is a function of the value only. */
static void test_hash_spreads(void **state)
{
    enum { N = 512 };
    uint64_t h[N];
    Image img = {0};

    (void)state;
    for (int i = 0; i < N; i++) {
        img.id = (uint32_t)(i / 2);
        assert_int_equal(sg_str_replace(&img.caption, i % 2 ? "odd" : NULL), SG_OK);
        h[i] = sg_hash(&Image_class, &img);
        for (int j = 0; j < i; j++)
            assert_true(h[i] != h[j]);
    }
    assert_true(sg_hash(&Image_class, &img) == h[N - 1]);
    /* caption "" vs NULL vs url "" */
    assert_int_equal(sg_str_replace(&img.caption, ""), SG_OK);
    h[0] = sg_hash(&Image_class, &img);
    assert_int_equal(sg_str_replace(&img.caption, NULL), SG_OK);
    assert_int_equal(sg_str_replace(&img.url, ""), SG_OK);
    assert_true(sg_hash(&Image_class, &img) != h[0]);
    sg_object_destroy(&Image_class, &img);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_copy_kinds_is_deep, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_copy_releases_old_contents, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_copy_self_and_null, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_copy_dynamic, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_copy_embedded_dynamic_and_optional, tc_setup,
                                        tc_teardown),
        cmocka_unit_test_setup_teardown(test_copy_packed, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_copy_enomem, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_clone, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_clone_enomem, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_equal_each_kind, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_equal_by_content_and_pointer, tc_setup,
                                        tc_teardown),
        cmocka_unit_test_setup_teardown(test_equal_floats, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_equal_optional, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_equal_dynamic, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_hash_spreads, tc_setup, tc_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
