/*
 * test_generated.c - uses the code slotgen generates from tests/schemas/ and schemas/, as a
 * user would: constructors, defaults, accessors, presence bits, arrays, enums, reflection,
 * the by-name API and dynamic attributes, and allocation failure at every point; and what
 * schema language 1.1 adds (tests/schemas/flags.yaml, lists.yaml): flag sets, lists, enum
 * counts, array counts, copy, clone, equality, hashes, static initializers, deprecation.
 *
 * This file is valid C99, C11 and C++11: the Makefile builds and runs it with gcc and clang
 * in both C standards and with g++, against generated code built the same way.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" { /* cmocka 1.1's header has no guards of its own */
#endif
#include <cmocka.h>
#ifdef __cplusplus
}
#endif

#include "2d-shapes.slot.h"
#include "app.slot.h"
#include "common.slot.h"
#include "edges.slot.h"
#include "flags.slot.h"
#include "fooBar.slot.h"
#include "foo_bar.slot.h"
#include "hotel-search.slot.h"
#include "image.slot.h"
#include "kitchen.slot.h"
#include "lists.slot.h"
#include "long-names.slot.h"

/* ---- an allocator that fails on request and counts what is live ------------------------ */

/* The runtime keeps slab chunks until sg_runtime_cleanup, which runs in teardown, after
 * cmocka's own per-test leak check; so the hook keeps its own exact account. */
static long fail_countdown = -1; /* fail the allocation this many allocations from now */
static long live_blocks;
static long long live_bytes;

static void *test_hook(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    if (new_size == 0) {
        if (ptr) {
            live_blocks--;
            live_bytes -= (long long)old_size;
        }
        free(ptr);
        return NULL;
    }
    if (fail_countdown == 0)
        return NULL;
    if (fail_countdown > 0)
        fail_countdown--;
    void *p = malloc(new_size);
    if (p) {
        live_blocks++;
        live_bytes += (long long)new_size;
    }
    return p;
}

static int setup(void **state)
{
    (void)state;
    fail_countdown = -1;
    sg_set_allocator(test_hook, NULL);
    sg_set_slabs(false); /* the hook sees every allocation, so any one can fail */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sg_runtime_cleanup();
    assert_int_equal(live_blocks, 0); /* nothing leaked, and every size given back right */
    assert_int_equal(live_bytes, 0);
    sg_set_allocator(NULL, NULL);
    sg_set_slabs(true);
    return 0;
}

/* ---- layout ---------------------------------------------------------------------------- */

static void test_sizes(void **state)
{
    (void)state;
    if (sizeof(void *) != 8 || SG_ALIGNOF(int64_t) != 8)
        skip(); /* the figures below are the LP64 ones from the issue */
    assert_int_equal(sizeof(Image), 24);
    assert_int_equal(sizeof(ImagePacked), 20);
    assert_int_equal(sizeof(ImageDyn), 32);
    assert_int_equal(sizeof(MeasurementSlots), 16);
    assert_int_equal(sizeof(Measurement), 16 + sizeof(void *));
    assert_int_equal(sizeof(Empty), sizeof(void *));
    assert_int_equal(sizeof(Record), 24 + sizeof(void *)); /* declared order keeps padding */
    assert_int_equal(Image_class.size, sizeof(Image));
    assert_int_equal(Image_class.align, SG_ALIGNOF(Image));
}

/* ---- Image, as in the README ----------------------------------------------------------- */

static void test_image_lifecycle(void **state)
{
    (void)state;
    Image *img = Image_new(7, "A cat", "https://example.com/cat.jpg");
    assert_non_null(img);
    assert_int_equal(Image_id(img), 7);
    assert_string_equal(Image_caption(img), "A cat");
    assert_string_equal(Image_url(img), "https://example.com/cat.jpg");

    Image_set_id(img, 8);
    assert_int_equal(img->id, 8);
    assert_int_equal(Image_set_caption(img, "A dog"), SG_OK);
    assert_string_equal(img->caption, "A dog");
    assert_int_equal(Image_set_url(img, NULL), SG_OK);
    assert_null(Image_url(img));
    Image_free(img);
    Image_free(NULL);
}

static void test_image_by_name(void **state)
{
    (void)state;
    Image *img = Image_new(7, "A cat", NULL);
    sg_value v;
    assert_int_equal(Image_getattr(img, "id", &v), SG_OK);
    assert_int_equal(v.type, SG_UINT);
    assert_int_equal(sg_as_uint(v), 7);
    assert_int_equal(Image_getattr(img, "caption", &v), SG_OK);
    assert_string_equal(sg_as_str(v), "A cat");
    assert_int_equal(Image_getattr(img, "url", &v), SG_OK);
    assert_int_equal(v.type, SG_NONE);

    assert_int_equal(Image_setattr(img, "id", sg_int(42)), SG_OK);
    assert_int_equal(img->id, 42);
    assert_int_equal(Image_setattr(img, "id", sg_int(-1)), SG_ERANGE);
    assert_int_equal(Image_setattr(img, "id", sg_str("x")), SG_ETYPE);
    assert_int_equal(img->id, 42);

    /* slotted: like Python's __slots__, no new attributes */
    assert_int_equal(Image_setattr(img, "other", sg_bool(true)), SG_ENOATTR);
    assert_int_equal(Image_getattr(img, "other", &v), SG_ENOATTR);
    assert_int_equal(Image_delattr(img, "id"), SG_EINVAL);
    Image_free(img);
}

static void test_measurement_dynamic(void **state)
{
    (void)state;
    Measurement *m = Measurement_new(1, 2, "v");
    sg_value v;
    assert_null(m->sg_dyn);
    /* m2.other = True */
    assert_int_equal(Measurement_setattr(m, "other", sg_bool(true)), SG_OK);
    assert_non_null(m->sg_dyn);
    assert_int_equal(Measurement_getattr(m, "other", &v), SG_OK);
    assert_true(sg_as_bool(v));
    assert_int_equal(Measurement_setattr(m, "note", sg_str("hello")), SG_OK);
    assert_int_equal(Measurement_getattr(m, "note", &v), SG_OK);
    assert_string_equal(sg_as_str(v), "hello");
    assert_int_equal(Measurement_getattr(m, "x", &v), SG_OK);
    assert_int_equal(sg_as_int(v), 1);

    assert_int_equal(Measurement_delattr(m, "other"), SG_OK);
    assert_int_equal(Measurement_getattr(m, "other", &v), SG_ENOATTR);
    assert_int_equal(Measurement_delattr(m, "other"), SG_ENOATTR);
    Measurement_free(m);
}

static void test_iteration_order(void **state)
{
    (void)state;
    Measurement *m = Measurement_new(1, 2, NULL);
    const char *expect[] = {"x", "y", "val", "zeta", "alpha", "mid"};
    assert_int_equal(Measurement_setattr(m, "zeta", sg_int(1)), SG_OK);
    assert_int_equal(Measurement_setattr(m, "alpha", sg_int(2)), SG_OK);
    assert_int_equal(Measurement_setattr(m, "mid", sg_int(3)), SG_OK);
    sg_iter it;
    const char *name;
    sg_value v;
    size_t n = 0;
    sg_iter_init(&it, &Measurement_class, m);
    while (sg_iter_next(&it, &name, &v)) {
        assert_true(n < 6);
        assert_string_equal(name, expect[n]);
        n++;
    }
    assert_int_equal(n, 6);
    Measurement_free(m);
}

/* ---- every type ------------------------------------------------------------------------ */

/* Everything's constructor takes all 17 required scalars; these tests start from defaults. */
static Everything *new_everything(void)
{
    Everything *e = (Everything *)sg_alloc(sizeof *e);
    if (e && Everything_init(e) != SG_OK) {
        sg_dealloc(e, sizeof *e);
        return NULL;
    }
    return e;
}

static void test_defaults(void **state)
{
    (void)state;
    Everything *e = new_everything();
    assert_non_null(e);
    assert_true(Everything_flag(e));
    assert_int_equal(Everything_letter(e), 'z');
    assert_int_equal(Everything_tiny(e), INT8_MIN);
    assert_int_equal(Everything_small(e), -300);
    assert_int_equal(Everything_medium(e), INT32_MAX);
    assert_true(Everything_large(e) == INT64_C(-9000000000));
    assert_int_equal(Everything_utiny(e), 255);
    assert_int_equal(Everything_usmall(e), 65535);
    assert_true(Everything_umedium(e) == 4000000000u);
    assert_true(Everything_ularge(e) == UINT64_MAX);
    assert_true(Everything_ratio(e) == 0.25f);
    assert_true(isinf(Everything_precise(e)) && Everything_precise(e) < 0);
    assert_string_equal(Everything_name(e), "caf\xc3\xa9 \"quoted\" ?\?= back\\slash");
    assert_string_equal(Everything_code(e), "abc");
    assert_int_equal(Everything_status(e), HTTP_STATUS_TEAPOT);
    assert_int_equal(HTTP_STATUS_TEAPOT, 418);
    assert_int_equal(Everything_int(e), 0);
    assert_int_equal(Shape_color(Everything_shape(e)), HUE_GREEN);
    assert_true(Point_y(Shape_corners(Everything_shape(e), 1)) == 1.5);
    assert_int_equal(Everything_counts(e, 2), 3);
    assert_int_equal(Everything_counts(e, 3), 0);
    assert_string_equal(Everything_tags(e, 1), "two");
    assert_null(Everything_tags(e, 2));
    assert_false(Everything_has_maybe(e));
    assert_int_equal(Everything_maybe(e), 7); /* the default is stored while absent */
    assert_int_equal(Everything_tab(e), '\t');         /* escaped in a char literal */
    assert_int_equal(Everything_quote(e), '\'');
    assert_string_equal(Everything_word(e), "Null"); /* only null, ~ and "" are null */
    assert_true(Everything_sci(e) == 2500.0);
    Everything_free(e);
}

static void test_optional(void **state)
{
    (void)state;
    Everything *e = new_everything();
    sg_value v;
    assert_false(Everything_has_default(e));
    assert_int_equal(Everything_getattr(e, "default", &v), SG_OK);
    assert_int_equal(v.type, SG_NONE);
    assert_int_equal(Everything_set_default(e, "kw"), SG_OK);
    assert_true(Everything_has_default(e));
    assert_string_equal(e->default_, "kw");
    Everything_clear_default(e);
    assert_false(Everything_has_default(e));
    assert_null(e->default_);

    Everything_set_maybe(e, 9);
    assert_true(Everything_has_maybe(e));
    assert_int_equal(Everything_delattr(e, "maybe"), SG_OK);
    assert_false(Everything_has_maybe(e));
    assert_int_equal(Everything_delattr(e, "maybe"), SG_ENOATTR);
    assert_int_equal(Everything_setattr(e, "maybe", sg_uint(3)), SG_OK);
    assert_true(Everything_has_maybe(e));
    assert_int_equal(Everything_maybe(e), 3);
    Everything_free(e);
}

/* ---- edges.yaml: values that once generated wrong or uncompilable code ---------------- */

/* f32/f64 defaults at the limits of their types (this file and edges.slot.c compiling under
 * -Werror is half the test): FLT_MAX as usually printed, 3.4028235e38, rounds to FLT_MAX. */
static void test_float_limits(void **state)
{
    (void)state;
    Limits l;
    assert_int_equal(Limits_init(&l), SG_OK);
    assert_true(Limits_f_max(&l) == FLT_MAX);
    assert_true(Limits_f_max_neg(&l) == -FLT_MAX);
    assert_true(Limits_f_max_exact(&l) == FLT_MAX);
    assert_true(Limits_f_min(&l) == FLT_MIN);
    assert_true(Limits_f_true_min(&l) == nextafterf(0.0f, 1.0f));
    assert_true(Limits_f_denormal(&l) == 1e-40f);
    assert_true(Limits_f_neg_zero(&l) == 0.0f && signbit(Limits_f_neg_zero(&l)));
    assert_true(Limits_d_max(&l) == DBL_MAX);
    assert_true(Limits_d_max_neg(&l) == -DBL_MAX);
    assert_true(Limits_d_min(&l) == DBL_MIN);
    assert_true(Limits_d_true_min(&l) == nextafter(0.0, 1.0));
    assert_true(Limits_d_denormal(&l) == 1e-310);
    assert_true(Limits_f_arr(&l, 0) == FLT_MAX);
    assert_true(Limits_f_arr(&l, 1) == 1e-40f);
    assert_true(Limits_f_arr(&l, 2) == -nextafterf(0.0f, 1.0f));
    Limits_destroy(&l);
}

/* A null char[N] default (null, ~ or empty) is the empty string: it copied the text "null",
 * past the end of a char[4], char[2] or char[3]. The quoted "null" is the text. */
static void test_char_null_defaults(void **state)
{
    (void)state;
    Texts t;
    assert_int_equal(Texts_init(&t), SG_OK);
    assert_string_equal(Texts_null4(&t), "");
    assert_string_equal(Texts_tilde2(&t), "");
    assert_string_equal(Texts_empty3(&t), "");
    assert_string_equal(Texts_quoted(&t), "null");
    assert_string_equal(Texts_pair(&t, 0), "");
    assert_string_equal(Texts_pair(&t, 1), "a");
    assert_string_equal(Texts_pair(&t, 2), "");
    assert_string_equal(Texts_trigraph(&t), "?\?/ ?\?= ?\?'"); /* the text, not trigraphs */
    Texts_destroy(&t);
}

/* SG_ATTR_HAS_DEFAULT marks every attribute with a schema default, those whose default is all
 * zero bytes too (a null string and an empty flag set have no 'def'), and no other. */
static void test_has_default_bit(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < Zeros_class.nattrs; i++) {
        const sg_attr *a = &Zeros_class.attrs[i];
        bool want = strcmp(a->name, "need") != 0;
        assert_int_equal((a->flags & SG_ATTR_HAS_DEFAULT) != 0, want);
        assert_int_equal(a->flags & ~SG_ATTR_HAS_DEFAULT, 0);
    }
    assert_null(Zeros_class.attrs[3].def); /* name: null */
    assert_null(Zeros_class.attrs[6].def); /* none: [] */
    assert_int_equal(Texts_class.attrs[0].flags, SG_ATTR_HAS_DEFAULT); /* null4: null */
    assert_int_equal(Hotel_class.attrs[0].flags, 0);                   /* name: string */
}

/* Setting an optional string, char[N] or ref to NULL through its setter makes it absent, as
 * setattr with SG_NONE does; a non-NULL value makes it present. */
static void test_optional_set_null(void **state)
{
    (void)state;
    Hotel *h = Hotel_new("Ritz");
    assert_non_null(h);
    sg_value v;
    const char *const names[] = {"phone", "code", "next"};
    for (int by_name = 0; by_name < 2; by_name++) {
        if (by_name) {
            assert_int_equal(Hotel_setattr(h, "phone", sg_str("555")), SG_OK);
            assert_int_equal(Hotel_setattr(h, "code", sg_str("abc")), SG_OK);
            assert_int_equal(Hotel_setattr(h, "next", sg_ptr(h)), SG_OK);
        } else {
            assert_int_equal(Hotel_set_phone(h, "555"), SG_OK);
            assert_int_equal(Hotel_set_code(h, "abc"), SG_OK);
            Hotel_set_next(h, h);
        }
        assert_true(Hotel_has_phone(h) && Hotel_has_code(h) && Hotel_has_next(h));
        assert_string_equal(Hotel_phone(h), "555");
        assert_string_equal(Hotel_code(h), "abc");
        if (by_name) {
            for (int i = 0; i < 3; i++)
                assert_int_equal(Hotel_setattr(h, names[i], sg_none()), SG_OK);
        } else {
            assert_int_equal(Hotel_set_phone(h, NULL), SG_OK);
            assert_int_equal(Hotel_set_code(h, NULL), SG_OK);
            Hotel_set_next(h, NULL);
            assert_string_equal(Hotel_code(h), "");
        }
        assert_false(Hotel_has_phone(h));
        assert_false(Hotel_has_code(h));
        assert_false(Hotel_has_next(h));
        assert_null(Hotel_phone(h));
        for (int i = 0; i < 3; i++) {
            assert_int_equal(Hotel_getattr(h, names[i], &v), SG_OK);
            assert_int_equal(v.type, SG_NONE);
        }
    }
    Hotel_free(h);
}

static void test_arrays_and_strings(void **state)
{
    (void)state;
    Everything *e = new_everything();
    assert_int_equal(Everything_set_counts(e, 3, 40), SG_OK);
    assert_int_equal(Everything_counts(e, 3), 40);
    assert_int_equal(Everything_set_counts(e, 4, 1), SG_ERANGE);
    assert_int_equal(Everything_set_tags(e, 2, "three"), SG_OK);
    assert_string_equal(Everything_tags(e, 2), "three");
    assert_int_equal(Everything_set_tags(e, 3, "x"), SG_ERANGE);
    assert_int_equal(Everything_set_labels(e, 1, "12345"), SG_OK);
    assert_string_equal(Everything_labels(e, 1), "12345");
    assert_int_equal(Everything_set_labels(e, 1, "123456"), SG_ERANGE);
    assert_string_equal(Everything_labels(e, 1), "12345");
    assert_int_equal(Everything_set_code(e, "1234567"), SG_OK);
    assert_int_equal(Everything_set_code(e, "12345678"), SG_ERANGE);
    assert_string_equal(Everything_code(e), "1234567");
    assert_int_equal(Everything_set_colors(e, 1, HUE_BLUE), SG_OK);
    assert_int_equal(Everything_colors(e, 1), HUE_BLUE);
    Point *p = Shape_corners_mut(Everything_shape_mut(e), 0);
    assert_non_null(p);
    Point_set_x(p, 2.5);
    assert_true(Point_x(Shape_corners(Everything_shape(e), 0)) == 2.5);
    assert_null(Shape_corners_mut(Everything_shape_mut(e), 2));
    Everything_set_next(e, e);
    assert_ptr_equal(Everything_next(e), e);
    Everything_free(e);
}

static void test_enums(void **state)
{
    (void)state;
    HttpStatus s;
    assert_string_equal(HttpStatus_name(HTTP_STATUS_NOT_FOUND), "not_found");
    assert_null(HttpStatus_name((HttpStatus)3));
    assert_true(HttpStatus_from_name("negative", &s));
    assert_int_equal(s, -1);
    assert_false(HttpStatus_from_name("gone", &s));
    assert_int_equal(COLOR_BLUE, 2);
    assert_int_equal(Color_enum.count, 3);

    Everything *e = new_everything();
    assert_int_equal(Everything_setattr(e, "status", sg_str("ok")), SG_OK);
    assert_int_equal(Everything_status(e), HTTP_STATUS_OK);
    assert_int_equal(Everything_setattr(e, "status", sg_int(404)), SG_OK);
    assert_int_equal(Everything_status(e), HTTP_STATUS_NOT_FOUND);
    assert_int_equal(Everything_setattr(e, "status", sg_int(405)), SG_ERANGE);
    assert_int_equal(Everything_status(e), HTTP_STATUS_NOT_FOUND);
    Everything_free(e);
}

static void test_reflection(void **state)
{
    (void)state;
    const sg_class *c = &Everything_class;
    assert_string_equal(c->name, "Everything");
    assert_false(c->slotted);
    assert_int_equal(c->nattrs, 28);
    assert_int_equal(c->dyn_offset, offsetof(Everything, sg_dyn));
    for (uint32_t i = 0; i < c->nattrs; i++) {
        const sg_attr *a = &c->attrs[i];
        assert_int_equal(sg_class_find(c, a->name, strlen(a->name)), (int)i);
        assert_int_equal(a->flags & ~SG_ATTR_HAS_DEFAULT, 0);  /* no list, none deprecated */
        assert_int_equal(a->elem_size, a->count ? a->size / a->count : a->size);
        if (i > 0)   /* the generated index is sorted in strcmp order */
            assert_true(strcmp(c->attrs[c->by_name[i - 1]].name,
                               c->attrs[c->by_name[i]].name) < 0);
    }
    assert_int_equal(sg_class_find(c, "nope", 4), -1);
    int i = sg_class_find(c, "int", 3);
    assert_true(i >= 0);
    assert_int_equal(c->attrs[i].offset, offsetof(Everything, int_));
    assert_int_equal(c->attrs[i].kind, SG_K_I32);
    i = sg_class_find(c, "labels", 6);
    assert_int_equal(c->attrs[i].count, 2);
    assert_int_equal(c->attrs[i].size, 12);
    assert_int_equal(c->attrs[i].elem_size, 6);
    i = sg_class_find(c, "shape", 5);
    assert_ptr_equal(c->attrs[i].cls, &Shape_class);
    assert_true(Wire_class.packed);
    assert_true(Image_class.slotted);
}

static void test_keyword_attribute_by_name(void **state)
{
    (void)state;
    Everything *e = new_everything();
    sg_value v;
    assert_int_equal(Everything_setattr(e, "int", sg_int(-12)), SG_OK);
    assert_int_equal(e->int_, -12);
    assert_int_equal(Everything_getattr(e, "int", &v), SG_OK);
    assert_int_equal(sg_as_int(v), -12);
    Everything_free(e);
}

static void test_reserved_names(void **state)
{
    (void)state;
    Reserved *r = Reserved_new(1, 2, -3, 4, 5, HUE_BLUE);
    sg_value v;
    assert_non_null(r);
    assert_int_equal(Reserved_NULL(r), 1);
    assert_int_equal(r->errno_, 2);
    assert_int_equal(Reserved_INT32_MAX(r), -3);
    assert_int_equal(Reserved_Hue(r), HUE_BLUE);
    assert_int_equal(Reserved_getattr(r, "size_t", &v), SG_OK); /* by its own name */
    assert_int_equal(sg_as_uint(v), 5);
    Reserved_free(r);
}

/* ---- adversarial names (hotel-search.yaml) --------------------------------------------- */

/* Every attribute of Token set through the constructor and read back through its getter:
 * keywords, GNU macros (linux, unix, i386, sun), names of the standard headers (index,
 * errno, RAND_MAX, FP_NAN, NULL), slotgen's macros (SG_OK used to shadow the status in
 * Token_new, which then failed for every non-zero value), generated locals (self, v, i, name,
 * obj, st) and the class's own function names (Token_init, Token_free, Token_set_name). */
static void test_adversarial_names(void **state)
{
    (void)state;
    Token *t = Token_new(1, 2, 3, "u", "i386", -4, 5, 6, 7, 8, 9, 1.5, 10, 11, 12, 13, 14, 15,
                         16, "nm", 17, 18, 19, 20, "tsn", true, 21, FP_INF, RAND_TOP);
    assert_non_null(t);
    assert_int_equal(Token_klass(t), 1);
    assert_int_equal(Token_fresh(t), 2);
    assert_int_equal(Token_linux(t), 3);
    assert_string_equal(Token_unix(t), "u");
    assert_string_equal(Token_i386(t), "i386");
    assert_int_equal(Token_sun(t), -4);
    assert_int_equal(Token_index(t), 5);
    assert_int_equal(Token_random(t), 6);
    assert_int_equal(Token_errno(t), 7);
    assert_int_equal(Token_stdout(t), 8);
    assert_int_equal(Token_RAND_MAX(t), 9);
    assert_true(Token_FP_NAN(t) == 1.5);
    assert_int_equal(Token_NULL(t), 10);
    assert_int_equal(Token_SG_OK(t), 11);
    assert_int_equal(Token_SG_PACKED(t), 12);
    assert_false(Token_has_SG_CACHE_INIT(t));
    assert_int_equal(Token_self(t), 13);
    assert_int_equal(Token_self_(t), 14);
    assert_int_equal(Token_v(t), 15);
    assert_int_equal(Token_i(t), 16);
    assert_string_equal(Token_name(t), "nm");
    assert_int_equal(Token_obj(t), 17);
    assert_int_equal(Token_st(t), 18);
    assert_int_equal(Token_Token_init(t), 19);
    assert_int_equal(Token_Token_free(t), 20);
    assert_string_equal(Token_Token_set_name(t), "tsn");
    assert_true(Token_bool(t));
    assert_int_equal(Token_std(t), 21);
    assert_int_equal(Token_kind(t), FP_INF);
    assert_int_equal(Token_top(t), RAND_TOP);
    Token_set_SG_CACHE_INIT(t, 22);
    assert_true(Token_has_SG_CACHE_INIT(t));
    assert_int_equal(Token_SG_CACHE_INIT(t), 22);
    Token_set_SG_hotel_2Dsearch_SLOT_H(t, 23); /* named like the header's guard */
    assert_int_equal(Token_SG_hotel_2Dsearch_SLOT_H(t), 23);
    Token_free(t);
}

/* Defaults, and the schema names (not the C names) by name, reflection and iteration. */
static void test_adversarial_by_name(void **state)
{
    (void)state;
    Token t;
    sg_value v;
    assert_int_equal(Token_init(&t), SG_OK);
    assert_string_equal(Token_unix(&t), "gnu");
    assert_string_equal(Token_i386(&t), "x86");
    assert_int_equal(Token_sun(&t), -3);
    assert_int_equal(Token_NULL(&t), 9);
    assert_int_equal(Token_kind(&t), FP_INF);
    assert_int_equal(Token_top(&t), RAND_TOP);
    assert_int_equal(FP_INF, 7);
    assert_int_equal(RAND_TOP, 2);
    assert_string_equal(Fp_name(FP_NOT_A_NUMBER), "nan");
    assert_string_equal(Rand_name(RAND_TOP), "max");
    static const char *const names[] = {"class", "new", "linux", "SG_OK", "self", "v",
                                        "Token_init", "RAND_MAX", "bool", "std"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        sg_value x = strcmp(names[k], "bool") == 0 ? sg_bool(true) : sg_int((int64_t)k + 30);
        if (Token_setattr(&t, names[k], x) != SG_OK)
            fail_msg("setattr '%s'", names[k]);
        assert_int_equal(Token_getattr(&t, names[k], &v), SG_OK);
        assert_true(sg_value_equal(v, strcmp(names[k], "bool") == 0 ? x
                                                                     : sg_uint((uint64_t)k + 30))
                    || sg_value_equal(v, x));
    }
    assert_int_equal(Token_klass(&t), 30);
    assert_int_equal(Token_fresh(&t), 31);
    assert_int_equal(Token_linux(&t), 32);
    assert_int_equal(Token_SG_OK(&t), 33);
    assert_int_equal(Token_self(&t), 34);
    assert_int_equal(Token_v(&t), 35);
    assert_int_equal(Token_Token_init(&t), 36);
    assert_int_equal(Token_RAND_MAX(&t), 37);
    assert_int_equal(Token_setattr(&t, "klass", sg_int(1)), SG_OK); /* dynamic: not 'class' */
    assert_int_equal(Token_klass(&t), 30);
    assert_string_equal(Token_class.attrs[0].name, "class");
    assert_string_equal(Token_class.name, "Token");
    assert_string_equal(Strlen_class.name, "strlen"); /* class 'strlen', C name Strlen */
    sg_iter it;
    const char *name;
    sg_iter_init(&it, &Token_class, &t);
    assert_true(sg_iter_next(&it, &name, &v));
    assert_string_equal(name, "class");
    Token_destroy(&t);
}

/* A class given a C name by 'c_name:', with members named like <math.h> and <stddef.h>. */
static void test_c_name_class(void **state)
{
    (void)state;
    Strlen *s = Strlen_new(2.5, 0.5, 3, 4);
    assert_non_null(s);
    assert_true(Strlen_log(s) == 2.5);
    assert_true(Strlen_y0(s) == 0.5);
    assert_int_equal(Strlen_div_t(s), 3);
    assert_int_equal(Strlen_max_align_t(s), 4);
    Strlen_free(s);
}

/* File names that are not C identifiers, and names that shared a guard before. */
static void test_file_names(void **state)
{
    (void)state;
    Shape2d *s = Shape2d_new(3);
    FooBar *a = FooBar_new(1);
    Foo_bar *b = Foo_bar_new(2);
    assert_int_equal(Shape2d_sides(s), 3);
    assert_int_equal(FooBar_a(a), 1);
    assert_int_equal(Foo_bar_b(b), 2);
    Shape2d_free(s);
    FooBar_free(a);
    Foo_bar_free(b);
}

/* ---- names longer than any buffer (long-names.yaml) ------------------------------------ */

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define R5(c) CAT(CAT(CAT(CAT(c, c), c), c), c)
#define R10(c) CAT(R5(c), R5(c))
#define R50(c) CAT(CAT(CAT(CAT(R10(c), R10(c)), R10(c)), R10(c)), R10(c))
#define R100(c) CAT(R50(c), R50(c))
#define R290(c) CAT(CAT(CAT(R100(c), R100(c)), R50(c)), \
                    CAT(CAT(R10(c), R10(c)), CAT(R10(c), R10(c))))
#define R500(c) CAT(CAT(CAT(CAT(R100(c), R100(c)), R100(c)), R100(c)), R100(c))
#define R4000(c) CAT(CAT(CAT(R500(c), R500(c)), CAT(R500(c), R500(c))), \
                     CAT(CAT(R500(c), R500(c)), CAT(R500(c), R500(c))))
#define L290 R290(l)
#define L4000 R4000(l)
#define LONG_GET(suffix) CAT(Long_, CAT(L290, suffix))
#define LONG_SET(suffix) CAT(Long_set_, CAT(L290, suffix))
#define HUGE_GET(suffix) CAT(Long_, CAT(L4000, suffix))
#define HUGE_SET(suffix) CAT(Long_set_, CAT(L4000, suffix))

/* The name of 'n' 'l's and 'suffix', in a static buffer. */
static const char *long_name(size_t n, const char *suffix)
{
    static char buf[4100];
    memset(buf, 'l', n);
    strcpy(buf + n, suffix);
    return buf;
}

/* Two 293-character names that differ after character 290: each default and each setter
 * reaches its own member (they used to be cut to one name); 4,000-character names work. */
static void test_long_names(void **state)
{
    (void)state;
    Long *x = Long_new("first", "second", 7, "near", CAT(SIZE_, CAT(R4000(L), X)));
    sg_value v;
    assert_non_null(x);
    assert_string_equal(LONG_GET(one)(x), "first");
    assert_string_equal(LONG_GET(two)(x), "second");
    assert_int_equal(LONG_SET(one)(x, "1234567"), SG_OK);
    assert_string_equal(LONG_GET(one)(x), "1234567");
    assert_string_equal(LONG_GET(two)(x), "second");
    assert_int_equal(LONG_SET(two)(x, "7654321"), SG_OK);
    assert_string_equal(LONG_GET(one)(x), "1234567");
    assert_string_equal(LONG_GET(two)(x), "7654321");
    assert_int_equal(HUGE_GET(u)(x), 7);
    HUGE_SET(u)(x, 8);
    assert_int_equal(HUGE_GET(u)(x), 8);
    assert_string_equal(HUGE_GET(s)(x), "near");
    assert_int_equal(HUGE_SET(s)(x, "farther"), SG_OK);
    assert_string_equal(HUGE_GET(s)(x), "farther");
    assert_int_equal(HUGE_GET(e)(x), CAT(SIZE_, CAT(R4000(L), X)));
    assert_int_equal(CAT(SIZE_, CAT(R4000(L), X)), 5);
    assert_int_equal(Long_getattr(x, long_name(290, "two"), &v), SG_OK);
    assert_string_equal(sg_as_str(v), "7654321");
    assert_int_equal(Long_setattr(x, long_name(4000, "u"), sg_int(9)), SG_OK);
    assert_int_equal(HUGE_GET(u)(x), 9);
    assert_int_equal(Long_getattr(x, long_name(4000, "e"), &v), SG_OK);
    assert_int_equal(sg_as_int(v), 5);
    Long_free(x);
}

static void test_packed(void **state)
{
    (void)state;
    Wire *w = Wire_new(1, 1000, "payload");
    assert_non_null(w);
    assert_int_equal(Wire_length(w), 1000);
    assert_int_equal(Wire_set_payload(w, "other"), SG_OK);
    assert_string_equal(Wire_payload(w), "other");
    assert_int_equal(Wire_set_notes(w, 1, "packed"), SG_OK); /* through a local */
    assert_string_equal(Wire_notes(w, 1), "packed");
    assert_int_equal(Wire_set_codes(w, 0, "ab"), SG_OK);
    assert_int_equal(Wire_set_codes(w, 0, "abc"), SG_ERANGE);
    assert_string_equal(Wire_codes(w, 0), "ab");
    Wire_set_extra(w, 5);
    assert_true(Wire_has_extra(w));
    sg_value v;
    assert_int_equal(Wire_getattr(w, "length", &v), SG_OK);
    assert_int_equal(sg_as_uint(v), 1000);
    Wire_free(w);
}

static void test_imports(void **state)
{
    (void)state;
    app_Note *n = app_Note_new("text", CM_LEVEL_LOW);
    assert_non_null(n);
    assert_int_equal(app_Note_level(n), CM_LEVEL_LOW);
    assert_int_equal(cm_Tag_set_label(app_Note_tag_mut(n), "fifteen chars!!"), SG_OK);
    assert_string_equal(cm_Tag_label(app_Note_tag(n)), "fifteen chars!!");
    cm_Tag t;
    assert_int_equal(cm_Tag_init(&t), SG_OK);
    assert_int_equal(app_Note_set_tags(n, 1, &t), SG_OK);
    assert_ptr_equal(app_Note_tags(n, 1), &t);
    app_Note_free(n);
}

/* ---- allocation failure at every point ------------------------------------------------- */

static void test_everything_enomem(void **state)
{
    (void)state;
    long n;
    for (n = 0; n < 100; n++) {
        fail_countdown = n;
        Everything *e = new_everything();
        fail_countdown = -1;
        if (e) {
            Everything_free(e);
            break;
        }
    }
    assert_true(n > 3); /* the object, its name and two tags at least */
    Everything *e = Everything_new(false, 'a', 1, 2, 3, 4, 5, 6, 7, 8, 0.5f, 0.25, "name",
                                   "code", HTTP_STATUS_OK, NULL, -9);
    assert_non_null(e);
    assert_int_equal(Everything_int(e), -9);
    assert_string_equal(Everything_code(e), "code");
    assert_string_equal(Everything_tags(e, 0), "one"); /* not a parameter: its default */
    Everything_free(e);
}

static void test_dynamic_enomem_leaves_object_unchanged(void **state)
{
    (void)state;
    Measurement *m = Measurement_new(1, 2, "v");
    sg_value v;
    fail_countdown = 0;
    assert_int_equal(Measurement_setattr(m, "other", sg_str("s")), SG_ENOMEM);
    fail_countdown = -1;
    assert_int_equal(Measurement_getattr(m, "other", &v), SG_ENOATTR);
    assert_int_equal(Measurement_set_val(m, "w"), SG_OK);
    fail_countdown = 0;
    assert_int_equal(Measurement_set_val(m, "zzz"), SG_ENOMEM);
    fail_countdown = -1;
    assert_string_equal(Measurement_val(m), "w");
    Measurement_free(m);
}

/* ---- language 1.1: flag sets, counts, copies, initializers ------------------------------ */

static void test_flag_sets(void **state)
{
    (void)state;
    char buf[64];
    fl_Sets *s = fl_Sets_new(FL_PERM_WRITE, FL_WIDE_LO, 0, FL_HUGE_H40, 0, FL_PERM_ALL);
    assert_non_null(s);
    assert_int_equal(sizeof(fl_Perm), 1); /* the smallest unsigned integer holding the bits */
    assert_int_equal(sizeof(fl_Wide), 2);
    assert_int_equal(sizeof(fl_Mid), 4);
    assert_int_equal(sizeof(fl_Huge), 8);
    assert_int_equal(FL_PERM_READ, 1);
    assert_int_equal(FL_PERM_EXEC, 4);
    assert_int_equal(FL_PERM_ALL, 7);
    assert_int_equal(FL_WIDE_HI, 0x8000);
    assert_true(FL_MID_TOP == UINT32_C(0x80000000)); /* a c_name */
    assert_true(FL_HUGE_H63 == UINT64_C(0x8000000000000000));
    assert_true(FL_HUGE_ALL == (FL_HUGE_H0 | FL_HUGE_H40 | FL_HUGE_H63));
    assert_int_equal(fl_Sets_perm(s), FL_PERM_WRITE);
    assert_int_equal(fl_Sets_plain(s), FL_PERM_ALL);
    assert_true(fl_Sets_huge(s) == FL_HUGE_H40);
    /* formatting and parsing sets */
    assert_int_equal(fl_Perm_format((fl_Perm)(FL_PERM_READ | FL_PERM_EXEC), buf, sizeof buf),
                     SG_OK);
    assert_string_equal(buf, "read|exec");
    assert_int_equal(fl_Perm_format(0, buf, sizeof buf), SG_OK);
    assert_string_equal(buf, "");
    assert_int_equal(fl_Perm_format(FL_PERM_ALL, buf, 5), SG_ERANGE); /* truncated */
    assert_int_equal(fl_Perm_format(8, buf, sizeof buf), SG_ERANGE);    /* no such flag */
    fl_Perm p = 0;
    assert_int_equal(fl_Perm_parse(" exec | read ", &p), SG_OK);
    assert_int_equal(p, FL_PERM_READ | FL_PERM_EXEC);
    assert_int_equal(fl_Perm_parse("read|rite", &p), SG_ENOATTR);
    assert_int_equal(p, FL_PERM_READ | FL_PERM_EXEC); /* unchanged */
    fl_Huge h = 0;
    assert_int_equal(fl_Huge_parse("h63|h0", &h), SG_OK);
    assert_true(h == (FL_HUGE_H63 | FL_HUGE_H0));
    assert_int_equal(fl_Huge_format(h, buf, sizeof buf), SG_OK);
    assert_string_equal(buf, "h0|h63");
    /* single flags by name */
    assert_string_equal(fl_Perm_name(FL_PERM_WRITE), "write");
    assert_null(fl_Perm_name(FL_PERM_ALL));
    assert_string_equal(fl_Mid_name(FL_MID_TOP), "m31");
    assert_true(fl_Perm_from_name("exec", &p));
    assert_int_equal(p, FL_PERM_EXEC);
    assert_false(fl_Perm_from_name("all", &p));
    /* by name: a set reads as SG_UINT and is set from an integer or "a|b" */
    sg_value v;
    assert_int_equal(fl_Sets_setattr(s, "perm", sg_str("read | write")), SG_OK);
    assert_int_equal(fl_Sets_perm(s), FL_PERM_READ | FL_PERM_WRITE);
    assert_int_equal(fl_Sets_getattr(s, "perm", &v), SG_OK);
    assert_int_equal(v.type, SG_UINT);
    assert_int_equal(v.as.u, 3);
    assert_int_equal(fl_Sets_setattr(s, "perm", sg_uint(8)), SG_ERANGE);
    assert_int_equal(fl_Sets_perm(s), FL_PERM_READ | FL_PERM_WRITE);
    /* reflection: the kind, the table, the size */
    const sg_attr *a = &fl_Sets_class.attrs[0];
    assert_string_equal(a->name, "perm");
    assert_int_equal(a->kind, SG_K_FLAGS);
    assert_ptr_equal(a->enm, &fl_Perm_enum);
    assert_int_equal(a->size, 1);
    assert_int_equal(fl_Sets_class.attrs[3].size, 8);
    fl_Sets_free(s);
}

/* Flag-set defaults: a sequence of names, one "a|b" string, [], and an array of sets. */
static void test_flag_set_defaults(void **state)
{
    (void)state;
    fl_Sets s;
    assert_int_equal(fl_Sets_init(&s), SG_OK);
    assert_int_equal(s.perm, FL_PERM_READ | FL_PERM_EXEC);
    assert_int_equal(s.wide, FL_WIDE_HI);
    assert_true(s.mid == (FL_MID_TOP | FL_MID_M0));
    assert_true(s.huge == (FL_HUGE_H0 | FL_HUGE_H63));
    assert_int_equal(s.none, 0);
    assert_int_equal(fl_Sets_perms_count(&s), 3);
    assert_int_equal(fl_Sets_perms_at(&s, 0), FL_PERM_WRITE);
    assert_int_equal(fl_Sets_perms_at(&s, 1), FL_PERM_READ | FL_PERM_EXEC);
    assert_int_equal(fl_Sets_perms_at(&s, 2), 0);
    assert_int_equal(fl_Sets_perms_at(&s, 3), 0);
    assert_int_equal(fl_Sets_perms_set_at(&s, 2, FL_PERM_ALL), SG_OK);
    assert_int_equal(fl_Sets_perms(&s, 2), FL_PERM_ALL);
    assert_int_equal(fl_Sets_perms_set_at(&s, 3, FL_PERM_ALL), SG_ERANGE);
    fl_Sets_destroy(&s);
}

static void test_enum_counts(void **state)
{
    (void)state;
    assert_int_equal(COLOR_COUNT, 3);
    assert_int_equal(COLOR_COUNT, Color_enum.count);
    assert_int_equal(FL_TINT_COUNT, 3);
    assert_int_equal(FL_SPARSE_COUNT, 2); /* members, not the largest value */
    assert_int_equal(HTTP_STATUS_COUNT, 4);
}

/* U_INIT gives, byte for byte, what T_init gives (static storage: its padding is zero). */
#define CHECK_INIT(T, INIT)                                                                     \
    do {                                                                                        \
        static T fixed = INIT;                                                                  \
        T made;                                                                                 \
        assert_int_equal(T##_init(&made), SG_OK);                                               \
        assert_memory_equal(&fixed, &made, sizeof(T));                                         \
        assert_true(T##_equal(&fixed, &made));                                                  \
        T##_destroy(&made);                                                                     \
    } while (0)

static void test_init_macros(void **state)
{
    (void)state;
    CHECK_INIT(fl_Pt, FL_PT_INIT);
    CHECK_INIT(fl_Sets, FL_SETS_INIT);
    CHECK_INIT(fl_Old, FL_OLD_INIT);
    CHECK_INIT(fl_Consts, FL_CONSTS_INIT);
    CHECK_INIT(Image, IMAGE_INIT);
    CHECK_INIT(Measurement, MEASUREMENT_INIT);
    CHECK_INIT(Point, POINT_INIT);
    CHECK_INIT(Shape, SHAPE_INIT);
    CHECK_INIT(Record, RECORD_INIT);
    CHECK_INIT(Wire, WIRE_INIT);
    CHECK_INIT(ImagePacked, IMAGE_PACKED_INIT);
    CHECK_INIT(ImageDyn, IMAGE_DYN_INIT);
    CHECK_INIT(Empty, EMPTY_INIT);
    CHECK_INIT(Limits, LIMITS_INIT);
    CHECK_INIT(cm_Tag, CM_TAG_INIT);
    CHECK_INIT(app_Note, APP_NOTE_INIT);
    /* automatic storage too, with the defaults an object needs no allocation for */
    fl_Consts c = FL_CONSTS_INIT;
    assert_true(isnan(c.n));
    assert_true(isinf(c.inf) && c.inf < 0);
    assert_int_equal(c.c, '\'');
    assert_string_equal(c.code, "a?b");
    assert_int_equal(c.tint, FL_TINT_YELLOW);
    assert_true(c.flag);
    assert_true(c.big == INT64_MIN);
    assert_int_equal(c.pt.x, -1);
    assert_int_equal(c.pts[2].y, 2); /* every element of an embedded array */
    assert_int_equal(c.opt, 3);
    assert_false(fl_Consts_has_opt(&c)); /* a default does not make it present, as in init */
    assert_int_equal(c.tints[0], FL_TINT_MAGENTA);
    assert_string_equal(c.names[0], "ab");
    assert_int_equal(fl_Pt_set_label(&c.pt, "owned"), SG_OK); /* then used like any object */
    fl_Consts_destroy(&c);
}

/* T_copy, T_clone, T_equal, T_hash: deep, and the same as the runtime's generic functions. */
/* A copy from an element of a list the destination itself owns: the copy is made before the
 * destination's old contents are released (under ASan a use after free otherwise). */
static void test_copy_from_own_element(void **state)
{
    ls_Bag b, kid;

    (void)state;
    assert_int_equal(ls_Bag_init(&b), SG_OK);
    assert_int_equal(ls_Bag_init(&kid), SG_OK);
    assert_int_equal(ls_Bag_strs_append(&kid, "deep"), SG_OK);
    assert_int_equal(ls_Bag_kids_append(&b, &kid), SG_OK);
    assert_int_equal(ls_Bag_copy(&b, ls_Bag_kids_at(&b, 0)), SG_OK);
    assert_true(ls_Bag_equal(&b, &kid));
    assert_int_equal(ls_Bag_kids_count(&b), 0);
    assert_string_equal(ls_Bag_strs_at(&b, 0), "deep");
    ls_Bag_destroy(&kid);
    ls_Bag_destroy(&b);
}

static void test_copy_equal_hash(void **state)
{
    (void)state;
    fl_Consts *a = fl_Consts_new(1.5, 2.5f, 'x', "abc", FL_TINT_CYAN, FL_SPARSE_TEN, true, -7,
                                 NULL);
    assert_non_null(a);
    assert_int_equal(fl_Pt_set_label(&a->pt, "origin"), SG_OK);
    assert_int_equal(fl_Consts_pts_set_at(a, 1, &a->pt), SG_OK); /* a deep copy */
    assert_string_equal(fl_Consts_pts_at(a, 1)->label, "origin");
    assert_ptr_not_equal(fl_Consts_pts_at(a, 1)->label, a->pt.label);
    assert_int_equal(fl_Consts_pts_set_at(a, 3, &a->pt), SG_ERANGE);
    assert_null(fl_Consts_pts_at(a, 3));
    assert_int_equal(fl_Consts_pts_count(a), 3);
    assert_int_equal(fl_Consts_pts_count(), 3); /* a constant: no object needed */
    enum { PTS = fl_Consts_pts_count() }; /* and a constant expression */
    assert_int_equal(PTS, 3);
    fl_Consts *b = fl_Consts_clone(a);
    assert_non_null(b);
    assert_true(fl_Consts_equal(a, b));
    assert_true(fl_Consts_hash(a) == fl_Consts_hash(b));
    assert_true(fl_Consts_hash(a) == sg_hash(&fl_Consts_class, b));
    assert_true(sg_equal(&fl_Consts_class, a, b));
    assert_ptr_not_equal(a->pt.label, b->pt.label); /* deep */
    assert_int_equal(fl_Pt_set_label(&b->pt, "elsewhere"), SG_OK);
    assert_false(fl_Consts_equal(a, b));
    assert_false(sg_equal(&fl_Consts_class, a, b));
    /* copy over an initialized object releases what it held */
    assert_int_equal(fl_Consts_copy(b, a), SG_OK);
    assert_true(fl_Consts_equal(a, b));
    /* NaN equals NaN of the same bits */
    fl_Consts_set_n(a, NAN);
    fl_Consts_set_n(b, NAN);
    assert_true(fl_Consts_equal(a, b));
    assert_true(fl_Consts_hash(a) == fl_Consts_hash(b));
    fl_Consts_free(b);
    /* a failed copy leaves dst destroyed and zeroed, and nothing leaks; a failed clone NULL */
    fl_Consts dst;
    long n;
    for (n = 0; n < 20; n++) {
        assert_int_equal(fl_Consts_init(&dst), SG_OK);
        fail_countdown = n;
        sg_status st = fl_Consts_copy(&dst, a);
        fail_countdown = -1;
        if (st == SG_OK) {
            assert_true(fl_Consts_equal(a, &dst));
            fl_Consts_destroy(&dst);
            break;
        }
        assert_int_equal(st, SG_ENOMEM);
        static const unsigned char zero[sizeof dst] = {0};
        assert_memory_equal(&dst, zero, sizeof dst);
    }
    assert_true(n >= 2); /* the labels of pt and pts[1] */
    for (n = 0; n < 20; n++) {
        fail_countdown = n;
        fl_Consts *c = fl_Consts_clone(a);
        fail_countdown = -1;
        if (c) {
            assert_true(fl_Consts_equal(a, c));
            fl_Consts_free(c);
            break;
        }
    }
    assert_true(n >= 3); /* the object and two labels */
    fl_Consts_free(a);
}

/* An array of embedded objects: _set_at copies aside, so a failure leaves the element. */
static void test_array_set_at_enomem(void **state)
{
    (void)state;
    fl_Consts c = FL_CONSTS_INIT;
    fl_Pt p = FL_PT_INIT;
    assert_int_equal(fl_Pt_set_label(&p, "new"), SG_OK);
    assert_int_equal(fl_Pt_set_label(&c.pts[0], "old"), SG_OK);
    fail_countdown = 0;
    assert_int_equal(fl_Consts_pts_set_at(&c, 0, &p), SG_ENOMEM);
    fail_countdown = -1;
    assert_string_equal(c.pts[0].label, "old");
    assert_int_equal(fl_Consts_pts_set_at(&c, 0, &p), SG_OK);
    assert_string_equal(c.pts[0].label, "new");
    fl_Pt_destroy(&p);
    fl_Consts_destroy(&c);
}

/* Deprecated attributes: marked by reflection; their accessors still work (this file turns
 * the warning off for these calls: make gen-deprecated checks that it fires). */
static void test_deprecated(void **state)
{
    (void)state;
    fl_Old *o = fl_Old_new(1, 2, "fax");
    assert_non_null(o);
    assert_int_equal(fl_Old_class.attrs[0].flags, 0);
    assert_int_equal(fl_Old_class.attrs[1].flags, SG_ATTR_DEPRECATED | SG_ATTR_HAS_DEFAULT);
    assert_int_equal(fl_Old_class.attrs[4].flags, SG_ATTR_DEPRECATED);
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
    assert_int_equal(fl_Old_old(o), 2);
    fl_Old_set_old(o, 3);
    assert_int_equal(fl_Old_old(o), 3);
    assert_string_equal(fl_Old_old_name(o), "fax");
    assert_int_equal(fl_Old_old_arr_count(o), 2);
    assert_int_equal(fl_Old_old_arr_set_at(o, 1, 9), SG_OK);
    assert_int_equal(fl_Old_old_arr_at(o, 1), 9);
    assert_int_equal(fl_Old_old_pt(o)->x, -1);
    assert_int_equal(fl_Old_set_old_opt(o, "abc"), SG_OK);
    assert_true(fl_Old_has_old_opt(o));
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif
    fl_Old_free(o);
}

/* ---- language 1.1: lists --------------------------------------------------------------- */

/* Every accessor of a list of each element kind, and its error paths. */
static void test_list_accessors(void **state)
{
    (void)state;
    ls_Bag *b = ls_Bag_new(LS_PERM_ALL, 5);
    assert_non_null(b);
    assert_null(b->strs); /* an empty list is one NULL pointer */
    assert_int_equal(ls_Bag_strs_count(b), 0);
    assert_null(ls_Bag_strs_at(b, 0));
    /* strings: copied in; NULL kept */
    char word[8] = "cat";
    assert_int_equal(ls_Bag_strs_append(b, word), SG_OK);
    word[0] = 'b';
    assert_int_equal(ls_Bag_strs_append(b, NULL), SG_OK);
    assert_int_equal(ls_Bag_strs_append(b, "mat"), SG_OK);
    assert_int_equal(ls_Bag_strs_count(b), 3);
    assert_string_equal(ls_Bag_strs_at(b, 0), "cat");
    assert_null(ls_Bag_strs_at(b, 1));
    assert_null(ls_Bag_strs_at(b, 3));
    assert_int_equal(ls_Bag_strs_set_at(b, 1, "hat"), SG_OK);
    assert_string_equal(ls_Bag_strs_at(b, 1), "hat");
    assert_int_equal(ls_Bag_strs_set_at(b, 3, "x"), SG_ERANGE);
    assert_int_equal(ls_Bag_strs_remove_at(b, 0), SG_OK);
    assert_string_equal(ls_Bag_strs_at(b, 0), "hat");
    assert_int_equal(ls_Bag_strs_remove_at(b, 2), SG_ERANGE);
    assert_int_equal(ls_Bag_strs_count(b), 2);
    assert_int_equal(ls_Bag_strs_reserve(b, 100), SG_OK);
    assert_int_equal(ls_Bag_strs_count(b), 2);
    ls_Bag_strs_clear(b);
    assert_null(b->strs);
    assert_int_equal(ls_Bag_strs_remove_at(b, 0), SG_ERANGE);
    /* scalars of every size */
    assert_int_equal(ls_Bag_bools_append(b, true), SG_OK);
    assert_true(ls_Bag_bools_at(b, 0));
    assert_false(ls_Bag_bools_at(b, 1));
    assert_int_equal(ls_Bag_chars_append(b, 'z'), SG_OK);
    assert_int_equal(ls_Bag_chars_at(b, 0), 'z');
    assert_int_equal(ls_Bag_i8s_append(b, INT8_MIN), SG_OK);
    assert_int_equal(ls_Bag_i8s_at(b, 0), INT8_MIN);
    assert_int_equal(ls_Bag_i64s_append(b, INT64_MIN), SG_OK);
    assert_true(ls_Bag_i64s_at(b, 0) == INT64_MIN);
    assert_int_equal(ls_Bag_u16s_append(b, UINT16_MAX), SG_OK);
    assert_int_equal(ls_Bag_u16s_at(b, 0), UINT16_MAX);
    assert_int_equal(ls_Bag_u64s_append(b, UINT64_MAX), SG_OK);
    assert_true(ls_Bag_u64s_at(b, 0) == UINT64_MAX);
    assert_int_equal(ls_Bag_f32s_append(b, 0.5f), SG_OK);
    assert_true(ls_Bag_f32s_at(b, 0) == 0.5f);
    assert_int_equal(ls_Bag_f64s_append(b, -2.25), SG_OK);
    assert_true(ls_Bag_f64s_at(b, 0) == -2.25);
    assert_true(ls_Bag_f64s_at(b, 1) == 0);
    assert_int_equal(ls_Bag_tints_append(b, LS_TINT_YELLOW), SG_OK);
    assert_int_equal(ls_Bag_tints_at(b, 0), LS_TINT_YELLOW);
    assert_int_equal(ls_Bag_perms_append(b, LS_PERM_READ | LS_PERM_EXEC), SG_OK);
    assert_int_equal(ls_Bag_perms_at(b, 0), LS_PERM_READ | LS_PERM_EXEC);
    for (int k = 0; k < 100; k++) /* growth keeps the elements */
        assert_int_equal(ls_Bag_i8s_append(b, (int8_t)k), SG_OK);
    assert_int_equal(ls_Bag_i8s_count(b), 101);
    assert_int_equal(ls_Bag_i8s_at(b, 100), 99);
    /* inline strings: copied in place; too long is SG_ERANGE, the list unchanged */
    assert_int_equal(ls_Bag_codes_append(b, "abcde"), SG_OK);
    assert_int_equal(ls_Bag_codes_append(b, "abcdef"), SG_ERANGE);
    assert_int_equal(ls_Bag_codes_append(b, NULL), SG_OK);
    assert_int_equal(ls_Bag_codes_count(b), 2);
    assert_string_equal(ls_Bag_codes_at(b, 0), "abcde");
    assert_string_equal(ls_Bag_codes_at(b, 1), "");
    assert_int_equal(ls_Bag_codes_set_at(b, 1, "xy"), SG_OK);
    assert_string_equal(ls_Bag_codes_at(b, 1), "xy");
    assert_int_equal(ls_Bag_codes_set_at(b, 1, "toolong"), SG_ERANGE);
    assert_string_equal(ls_Bag_codes_at(b, 1), "xy");
    assert_int_equal(ls_Bag_codes_set_at(b, 2, "a"), SG_ERANGE);
    assert_int_equal(ls_Bag_longs_append(b, "a longer inline string, staged in a block"),
                     SG_OK);
    assert_string_equal(ls_Bag_longs_at(b, 0), "a longer inline string, staged in a block");
    /* embedded objects: deep copies; refs: the pointer */
    ls_Pt p = LS_PT_INIT;
    assert_int_equal(ls_Pt_set_label(&p, "p"), SG_OK);
    assert_int_equal(ls_Bag_pts_append(b, &p), SG_OK);
    assert_int_equal(ls_Bag_pts_at(b, 0)->x, -1);
    assert_string_equal(ls_Bag_pts_at(b, 0)->label, "p");
    assert_ptr_not_equal(ls_Bag_pts_at(b, 0)->label, p.label);
    assert_null(ls_Bag_pts_at(b, 1));
    assert_int_equal(ls_Bag_pts_set_at(b, 0, ls_Bag_pts_at(b, 0)), SG_OK); /* itself */
    assert_string_equal(ls_Bag_pts_at(b, 0)->label, "p");
    assert_int_equal(ls_Bag_refs_append(b, &p), SG_OK);
    assert_ptr_equal(ls_Bag_refs_at(b, 0), &p);
    assert_null(ls_Bag_refs_at(b, 1));
    /* a list of the class itself: a tree */
    assert_int_equal(ls_Bag_kids_append(b, b), SG_OK);
    assert_int_equal(ls_Bag_kids_count(b), 1);
    assert_int_equal(ls_Bag_strs_count(&b->kids[0]), 0);
    assert_int_equal(ls_Bag_pts_count(ls_Bag_kids_at(b, 0)), 1);
    /* fixed arrays share the names */
    assert_int_equal(ls_Bag_fixed_count(b), 3);
    assert_int_equal(ls_Bag_fixed_count(NULL), 3);
    assert_int_equal(ls_Bag_fixed_at(b, 1), 8);
    assert_int_equal(ls_Bag_fixed_at(b, 3), 0);
    assert_int_equal(ls_Bag_fixed_set_at(b, 2, 9), SG_OK);
    assert_int_equal(ls_Bag_fixed(b, 2), 9);
    assert_int_equal(ls_Bag_fixed_set_at(b, 3, 9), SG_ERANGE);
    assert_int_equal(ls_Bag_fixed_strs_set_at(b, 1, "s"), SG_OK);
    assert_string_equal(ls_Bag_fixed_strs_at(b, 1), "s");
    assert_int_equal(ls_Bag_fixed_pts_set_at(b, 1, &p), SG_OK);
    assert_string_equal(ls_Bag_fixed_pts_at(b, 1)->label, "p");
    /* by reflection: the list attribute is marked, and reads as SG_LIST */
    const sg_attr *a = &ls_Bag_class.attrs[8];
    assert_string_equal(a->name, "strs");
    assert_true((a->flags & SG_ATTR_LIST) != 0);
    assert_int_equal(a->size, sizeof(void *));
    assert_int_equal(a->elem_size, sizeof(char *));
    sg_value v, e;
    assert_int_equal(ls_Bag_getattr(b, "codes", &v), SG_OK);
    assert_int_equal(v.type, SG_LIST);
    assert_int_equal(sg_attr_count(v.as.attr, b), 2);
    assert_int_equal(sg_attr_at(v.as.attr, b, 0, &e), SG_OK);
    assert_int_equal(e.type, SG_STR);
    assert_string_equal(e.as.s, "abcde");
    assert_int_equal(ls_Bag_class.attrs[21].flags, SG_ATTR_LIST | SG_ATTR_DEPRECATED);
    ls_Pt_destroy(&p);
    ls_Bag_free(b);
}

/* A packed class: its list members may be unaligned; the runtime reads and writes them. */
static void test_list_in_packed_class(void **state)
{
    (void)state;
    ls_Packed pk = LS_PACKED_INIT;
    ls_Pt p = LS_PT_INIT;
    assert_int_equal(sizeof pk, 1 + 2 * sizeof(void *) + 1);
    for (uint32_t k = 0; k < 20; k++)
        assert_int_equal(ls_Packed_items_append(&pk, k * 3), SG_OK);
    assert_int_equal(ls_Packed_items_count(&pk), 20);
    assert_int_equal(ls_Packed_items_at(&pk, 19), 57);
    assert_int_equal(ls_Pt_set_label(&p, "q"), SG_OK);
    assert_int_equal(ls_Packed_pts_append(&pk, &p), SG_OK);
    assert_string_equal(ls_Packed_pts_at(&pk, 0)->label, "q");
    ls_Packed *c = ls_Packed_clone(&pk);
    assert_non_null(c);
    assert_true(ls_Packed_equal(&pk, c));
    ls_Packed_free(c);
    ls_Pt_destroy(&p);
    ls_Packed_destroy(&pk);
}

/* Fills a Bag with something in every list. */
static sg_status fill_bag(ls_Bag *b, const ls_Pt *p)
{
    sg_status st = SG_OK;
    for (int k = 0; k < 3 && st == SG_OK; k++) {
        st = ls_Bag_strs_append(b, "word");
        if (st == SG_OK)
            st = ls_Bag_pts_append(b, p);
        if (st == SG_OK)
            st = ls_Bag_i64s_append(b, k);
    }
    if (st == SG_OK)
        st = ls_Bag_codes_append(b, "code");
    return st;
}

/* Allocation failure at every point of append, set_at, reserve, copy and clone: each failure
 * leaves the list (or the copy) as the contract says, and nothing leaks. */
static void test_list_enomem(void **state)
{
    (void)state;
    ls_Pt p = LS_PT_INIT;
    assert_int_equal(ls_Pt_set_label(&p, "label"), SG_OK);
    ls_Bag *b = ls_Bag_new(0, 0);
    assert_non_null(b);
    assert_int_equal(fill_bag(b, &p), SG_OK);
    /* append: fail each allocation it makes, then succeed */
    for (long n = 0;; n++) {
        size_t before = ls_Bag_pts_count(b);
        fail_countdown = n;
        sg_status st = ls_Bag_pts_append(b, &p);
        fail_countdown = -1;
        if (st == SG_OK) {
            assert_int_equal(ls_Bag_pts_count(b), before + 1);
            assert_true(n >= 1); /* at least the label's copy */
            break;
        }
        assert_int_equal(st, SG_ENOMEM);
        assert_int_equal(ls_Bag_pts_count(b), before);
        assert_string_equal(ls_Bag_pts_at(b, before - 1)->label, "label");
    }
    for (long n = 0;; n++) {
        fail_countdown = n;
        sg_status st = ls_Bag_strs_set_at(b, 0, "other");
        fail_countdown = -1;
        if (st == SG_OK)
            break;
        assert_int_equal(st, SG_ENOMEM);
        assert_string_equal(ls_Bag_strs_at(b, 0), "word");
    }
    fail_countdown = 0;
    assert_int_equal(ls_Bag_i64s_reserve(b, 1000), SG_ENOMEM);
    fail_countdown = -1;
    assert_int_equal(ls_Bag_i64s_count(b), 3);
    assert_int_equal(ls_Bag_i64s_at(b, 2), 2);
    /* copy into an initialized object and clone, failing each allocation in turn */
    long copies = 0;
    for (long n = 0;; n++, copies++) {
        ls_Bag dst;
        assert_int_equal(ls_Bag_init(&dst), SG_OK);
        assert_int_equal(ls_Bag_strs_append(&dst, "old"), SG_OK);
        fail_countdown = n;
        sg_status st = ls_Bag_copy(&dst, b);
        fail_countdown = -1;
        if (st == SG_OK) {
            assert_true(ls_Bag_equal(&dst, b));
            assert_true(ls_Bag_hash(&dst) == ls_Bag_hash(b));
            ls_Bag_destroy(&dst);
            break;
        }
        assert_int_equal(st, SG_ENOMEM);
        assert_null(dst.strs); /* destroyed and zeroed, never half-copied */
        assert_null(dst.pts);
    }
    assert_true(copies >= 10); /* lists, strings, labels */
    for (long n = 0;; n++) {
        fail_countdown = n;
        ls_Bag *c = ls_Bag_clone(b);
        fail_countdown = -1;
        if (c) {
            assert_true(ls_Bag_equal(c, b));
            ls_Bag_free(c);
            break;
        }
    }
    ls_Pt_destroy(&p);
    ls_Bag_free(b);
}

/* Copies, equality and hashes of lists: element by element, counts first; and the printed
 * form. */
static void test_list_equal_repr(void **state)
{
    (void)state;
    ls_Bag *a = ls_Bag_new(0, 1), *b = ls_Bag_new(0, 1);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(ls_Bag_equal(a, b));
    assert_int_equal(ls_Bag_strs_append(a, "x"), SG_OK);
    assert_false(ls_Bag_equal(a, b));
    assert_int_equal(ls_Bag_strs_append(b, "y"), SG_OK);
    assert_false(ls_Bag_equal(a, b));
    assert_int_equal(ls_Bag_strs_set_at(b, 0, "x"), SG_OK);
    assert_true(ls_Bag_equal(a, b));
    assert_true(ls_Bag_hash(a) == ls_Bag_hash(b));
    ls_Bag_strs_clear(b);
    assert_int_equal(ls_Bag_strs_reserve(b, 4), SG_OK); /* capacity is not a value */
    assert_int_equal(ls_Bag_strs_append(b, "x"), SG_OK);
    assert_true(ls_Bag_equal(a, b));
    assert_int_equal(ls_Bag_tints_append(a, LS_TINT_MAGENTA), SG_OK);
    char buf[512];
    size_t len = sg_repr(&ls_Bag_class, a, buf, sizeof buf);
    assert_true(len < sizeof buf);
    assert_non_null(strstr(buf, "strs=['x']"));
    assert_non_null(strstr(buf, "tints=[Tint.magenta]"));
    ls_Bag_free(a);
    ls_Bag_free(b);
}

/* ---- macro accessors ---------------------------------------------------------------------
 * The one-expression functions of the header are macros (docs/generated-code.md): each
 * argument is evaluated exactly once, side effects included, and the result has the
 * function's type. (A wrong pointer type is a compile error: make gen-matrix builds
 * tests/data/gen/wrong_type.c and expects it to fail.)
 */

static void test_macro_arguments_once(void **state)
{
    (void)state;
    Image *imgs[2] = {Image_new(1, "a", NULL), Image_new(2, "b", NULL)};
    Image *copy = Image_new(0, NULL, NULL);
    size_t k = 0;
    uint32_t n = 10;
    sg_value v;
    assert_non_null(imgs[0]);
    assert_non_null(imgs[1]);
    assert_non_null(copy);
    /* getters and setters */
    Image_set_id(imgs[k++], n++);
    assert_int_equal(k, 1);
    assert_int_equal(n, 11);
    assert_int_equal(Image_id(imgs[--k]), 10);
    assert_int_equal(k, 0);
    assert_string_equal(Image_caption(imgs[k++]), "a");
    const char *words[2] = {"c", "wrong"}, **w = words;
    assert_int_equal(Image_set_caption(imgs[k++], *w++), SG_OK);
    assert_int_equal(k, 2);
    assert_ptr_equal(w, &words[1]);
    assert_string_equal(imgs[1]->caption, "c");
    /* the wrappers over the runtime */
    k = 0;
    assert_int_equal(Image_getattr(imgs[k++], "id", &v), SG_OK);
    assert_int_equal(Image_setattr(imgs[k++], "id", sg_int(5)), SG_OK);
    assert_int_equal(k, 2);
    assert_int_equal(imgs[1]->id, 5);
    assert_int_equal(Image_copy(copy, imgs[--k]), SG_OK);
    assert_int_equal(k, 1);
    assert_true(Image_equal(copy, imgs[k--]));
    assert_true(Image_hash(imgs[++k]) == Image_hash(copy));
    assert_int_equal(k, 1);
    Image *twin = Image_clone(imgs[k--]);
    assert_int_equal(k, 0);
    assert_non_null(twin);
    assert_true(Image_equal(twin, copy));
    assert_int_equal(Image_delattr(imgs[k++], "caption"), SG_EINVAL);
    assert_int_equal(k, 1);
    Image_destroy(imgs[--k]);
    assert_int_equal(Image_init(imgs[k++]), SG_OK);
    assert_int_equal(k, 1);
    /* presence bits */
    Everything *e[1] = {new_everything()};
    assert_non_null(e[0]);
    k = 0;
    Everything_set_maybe(e[0], 3);
    assert_true(Everything_has_maybe(e[k++]));
    Everything_clear_maybe(e[--k]);
    assert_int_equal(k, 0);
    assert_false(Everything_has_maybe(e[k++]));
    assert_int_equal(k, 1);
    /* lists */
    ls_Bag *b[1] = {ls_Bag_new(LS_PERM_ALL, 5)};
    ls_Pt pts[2] = {LS_PT_INIT, LS_PT_INIT};
    assert_non_null(b[0]);
    k = 0;
    size_t j = 0;
    assert_int_equal(ls_Bag_pts_append(b[k++], &pts[j++]), SG_OK);
    size_t i = 1;
    assert_int_equal(ls_Bag_pts_set_at(b[--k], i++, &pts[j--]), SG_ERANGE);
    assert_int_equal(k, 0);
    assert_int_equal(i, 2);
    assert_int_equal(j, 0);
    assert_int_equal(ls_Bag_pts_count(b[k++]), 1);
    assert_int_equal(ls_Bag_pts_reserve(b[--k], j++ + 4), SG_OK);
    assert_int_equal(ls_Bag_pts_remove_at(b[k++], --j), SG_OK);
    assert_int_equal(k, 1);
    assert_int_equal(j, 0);
    ls_Bag_pts_clear(b[--k]);
    assert_int_equal(k, 0);
    assert_null(b[0]->pts);
    ls_Bag_free(b[k++]);
    Everything_free(e[--k]);
    Image_free(twin);
    Image_free(copy);
    Image_free(imgs[k++]);
    Image_free(imgs[k++]);
    assert_int_equal(k, 2);
}

/* The getters give the functions' types: an rvalue ('const char *' for a string, never
 * 'char *'), which sizeof and a pointer to it show. */
static void test_macro_result_types(void **state)
{
    (void)state;
    Image *img = Image_new(7, "x", NULL);
    assert_non_null(img);
    const char *const *cap = NULL;
    const char *s = Image_caption(img);
    cap = &s;
    assert_string_equal(*cap, "x");
    assert_int_equal(sizeof Image_id(img), sizeof(uint32_t));
    assert_int_equal(sizeof Image_hash(img), sizeof(uint64_t));
    assert_int_equal(sizeof Image_clone(img), sizeof(Image *));
    Image_free(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_image_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_image_by_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_measurement_dynamic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_iteration_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_optional, setup, teardown),
        cmocka_unit_test_setup_teardown(test_float_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_has_default_bit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_char_null_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_optional_set_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arrays_and_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enums, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reflection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keyword_attribute_by_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reserved_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adversarial_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adversarial_by_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_c_name_class, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_packed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_imports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_everything_enomem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dynamic_enomem_leaves_object_unchanged, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_flag_sets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flag_set_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enum_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_macros, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_equal_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_from_own_element, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_set_at_enomem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deprecated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_accessors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_in_packed_class, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_enomem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_equal_repr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_macro_arguments_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_macro_result_types, setup, teardown),
    };
    return cmocka_run_group_tests_name("generated", tests, NULL, NULL);
}
