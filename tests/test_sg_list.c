/*
 * test_sg_list.c - T[] lists over a hand-written class (Hotel): append, set_at, remove_at,
 * clear and reserve for every element kind, growth, aliasing, reflection of lists and fixed
 * arrays (sg_attr_count, sg_attr_at, getattr and iteration as SG_LIST), flag sets by name,
 * lists in copy, equal, hash and repr, and SG_ENOMEM at every allocation of append, reserve,
 * set_at and copy leaving the list exactly as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <cmocka.h>

#include "sg_dict.h"
#include "sg_test_classes.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static uint32_t cap(const void *elems)
{
    return elems ? ((const sg_list_head *)elems)[-1].cap : 0;
}

static void append_str(Hotel *h, const char *s)
{
    assert_int_equal(sg_list_append(H_TAGS, h, &s), SG_OK);
}

static void append_i32(Hotel *h, int32_t v)
{
    assert_int_equal(sg_list_append(H_SCORES, h, &v), SG_OK);
}

static void append_room(Hotel *h, uint32_t id, const char *caption)
{
    Image img = {0};

    img.id = id;
    img.caption = (char *)(uintptr_t)caption;    /* borrowed: append copies it */
    assert_int_equal(sg_list_append(H_ROOMS, h, &img), SG_OK);
}

static Image targets[2];

/* A Hotel with something in every list and a dynamic attribute. */
static void fill_hotel(Hotel *h)
{
    const Image *r = &targets[0];
    double t = 21.5;
    uint8_t a = AMENITY_WIFI | AMENITY_SPA;
    Measurement m = {0};

    memset(h, 0, sizeof *h);
    append_str(h, "cat");
    append_str(h, NULL);
    append_str(h, "mat");
    append_i32(h, 7);
    append_i32(h, -1);
    append_room(h, 1, "one");
    append_room(h, 2, NULL);
    assert_int_equal(sg_list_append(H_REFS, h, &r), SG_OK);
    r = NULL;
    assert_int_equal(sg_list_append(H_REFS, h, &r), SG_OK);
    assert_int_equal(sg_list_append(H_TEMPS, h, &t), SG_OK);
    assert_int_equal(sg_list_append(H_AMENITY_LIST, h, &a), SG_OK);
    m.x = 4;
    assert_int_equal(sg_setattr(&Measurement_class, &m, "d", sg_str("dyn")), SG_OK);
    assert_int_equal(sg_list_append(H_MS, h, &m), SG_OK);
    sg_object_destroy(&Measurement_class, &m);
    h->amenities = AMENITY_POOL;
    assert_int_equal(sg_setattr(&Hotel_class, h, "extra", sg_str("x")), SG_OK);
}

static void destroy(Hotel *h)
{
    sg_object_destroy(&Hotel_class, h);
}

/* ---- every kind ----------------------------------------------------------------------------- */

static void test_count_of_null(void **state)
{
    (void)state;
    assert_int_equal(sg_list_count(NULL), 0);
    assert_int_equal(sizeof(sg_list_head), 8);
}

static void test_strings(void **state)
{
    Hotel h = {0};
    char buf[8] = "cat";
    const char *s = buf;

    (void)state;
    assert_int_equal(sg_list_append(H_TAGS, &h, &s), SG_OK);
    buf[0] = 'b';                                     /* the list holds a copy */
    assert_int_equal(sg_list_count(h.tags), 1);
    assert_string_equal(h.tags[0], "cat");
    assert_ptr_not_equal(h.tags[0], buf);
    append_str(&h, NULL);
    append_str(&h, "mat");
    assert_null(h.tags[1]);
    s = "dog";
    assert_int_equal(sg_list_set_at(H_TAGS, &h, 1, &s), SG_OK);
    assert_string_equal(h.tags[1], "dog");
    s = NULL;
    assert_int_equal(sg_list_set_at(H_TAGS, &h, 0, &s), SG_OK);   /* frees "cat" */
    assert_null(h.tags[0]);
    assert_int_equal(sg_list_set_at(H_TAGS, &h, 3, &s), SG_ERANGE);
    assert_int_equal(sg_list_remove_at(H_TAGS, &h, 3), SG_ERANGE);
    assert_int_equal(sg_list_remove_at(H_TAGS, &h, 1), SG_OK);      /* frees "dog" */
    assert_int_equal(sg_list_count(h.tags), 2);
    assert_null(h.tags[0]);
    assert_string_equal(h.tags[1], "mat");
    sg_list_clear(H_TAGS, &h);
    assert_null(h.tags);
    assert_int_equal(sg_list_count(h.tags), 0);
    sg_list_clear(H_TAGS, &h);                                      /* again: nothing */
    append_str(&h, "again");
    destroy(&h);                                                    /* frees the list */
    assert_null(h.tags);
    tc_end();
}

static void test_scalars_refs_flags(void **state)
{
    Hotel h = {0};
    const Image *r = &targets[1];
    double t = -0.5;
    uint8_t a = AMENITY_SPA;
    int32_t v = 9;

    (void)state;
    for (int32_t i = 0; i < 10; i++)
        append_i32(&h, i * i);
    assert_int_equal(sg_list_count(h.scores), 10);
    for (int32_t i = 0; i < 10; i++)
        assert_int_equal(h.scores[i], i * i);
    assert_int_equal(sg_list_set_at(H_SCORES, &h, 9, &v), SG_OK);
    assert_int_equal(h.scores[9], 9);
    assert_int_equal(sg_list_remove_at(H_SCORES, &h, 0), SG_OK);
    assert_int_equal(h.scores[0], 1);
    assert_int_equal(h.scores[8], 9);
    assert_int_equal(sg_list_remove_at(H_SCORES, &h, 8), SG_OK);   /* the last one */
    assert_int_equal(sg_list_count(h.scores), 8);
    assert_int_equal(h.scores[7], 64);
    assert_int_equal(sg_list_append(H_REFS, &h, &r), SG_OK);
    assert_ptr_equal(h.refs[0], &targets[1]);                         /* stored, not copied */
    assert_int_equal(sg_list_append(H_TEMPS, &h, &t), SG_OK);
    assert_true(h.temps[0] == -0.5);
    assert_int_equal(sg_list_append(H_AMENITY_LIST, &h, &a), SG_OK);
    assert_int_equal(h.amenity_list[0], AMENITY_SPA);
    destroy(&h);
    tc_end();
}

static void test_embedded(void **state)
{
    Hotel h = {0};
    Image room = {0};
    Measurement m = {0};

    (void)state;
    room.id = 3;
    room.caption = sg_str_dup("sea view");
    assert_int_equal(sg_list_append(H_ROOMS, &h, &room), SG_OK);
    assert_ptr_not_equal(h.rooms[0].caption, room.caption);          /* deep */
    assert_true(sg_equal(&Image_class, &h.rooms[0], &room));
    room.id = 4;
    assert_int_equal(sg_list_set_at(H_ROOMS, &h, 0, &room), SG_OK);  /* frees the old copy */
    assert_int_equal(h.rooms[0].id, 4);
    sg_object_destroy(&Image_class, &room);
    assert_int_equal(sg_list_set_at(H_ROOMS, &h, 0, &h.rooms[0]), SG_OK);   /* itself */
    assert_string_equal(h.rooms[0].caption, "sea view");
    m.y = 2;
    assert_int_equal(sg_setattr(&Measurement_class, &m, "note", sg_str("n")), SG_OK);
    assert_int_equal(sg_list_append(H_MS, &h, &m), SG_OK);
    assert_ptr_not_equal(h.ms[0].sg_dyn, m.sg_dyn);
    assert_true(sg_equal(&Measurement_class, &h.ms[0], &m));
    sg_object_destroy(&Measurement_class, &m);
    assert_int_equal(sg_list_remove_at(H_ROOMS, &h, 0), SG_OK);      /* destroys the room */
    assert_int_equal(sg_list_count(h.rooms), 0);
    assert_non_null(h.rooms);                                         /* the block stays */
    destroy(&h);
    tc_end();
}

/* Capacity: cap + cap/2 + 1 on growth, exactly n on reserve, never less. */
static void test_growth_and_reserve(void **state)
{
    static const uint32_t caps[] = {1, 2, 4, 4, 7, 7, 7, 11, 11, 11, 11, 17};
    Hotel h = {0};
    long allocs;

    (void)state;
    for (uint32_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        append_i32(&h, (int32_t)i);
        assert_int_equal(cap(h.scores), caps[i]);
    }
    for (int32_t i = 0; i < 12; i++)
        assert_int_equal(h.scores[i], i);
    allocs = tc_allocs;
    assert_int_equal(sg_list_reserve(H_SCORES, &h, 10), SG_OK);     /* already room */
    assert_int_equal(sg_list_reserve(H_SCORES, &h, 17), SG_OK);
    assert_int_equal(tc_allocs, allocs);
    assert_int_equal(sg_list_reserve(H_SCORES, &h, 100), SG_OK);
    assert_int_equal(cap(h.scores), 100);
    assert_int_equal(sg_list_count(h.scores), 12);
    assert_int_equal(h.scores[11], 11);
    allocs = tc_allocs;
    for (int32_t i = 12; i < 100; i++)
        append_i32(&h, i);
    assert_int_equal(tc_allocs, allocs);                              /* no growth */
    assert_int_equal(sg_list_reserve(H_TAGS, &h, 0), SG_OK);
    assert_null(h.tags);
    assert_int_equal(sg_list_reserve(H_TAGS, &h, 3), SG_OK);          /* storage, no element */
    assert_non_null(h.tags);
    assert_int_equal(sg_list_count(h.tags), 0);
    assert_int_equal(cap(h.tags), 3);
    assert_int_equal(sg_list_reserve(H_TAGS, &h, (size_t)UINT32_MAX + 1), SG_ERANGE);
    assert_int_equal(cap(h.tags), 3);
    destroy(&h);
    tc_end();
}

/* Appending or setting one of the list's own elements, across a growth. */
static void test_aliasing(void **state)
{
    Hotel h = {0};

    (void)state;
    append_str(&h, "first");
    append_str(&h, "second");                   /* cap 2: the next append grows */
    assert_int_equal(sg_list_append(H_TAGS, &h, &h.tags[0]), SG_OK);
    assert_string_equal(h.tags[2], "first");
    assert_int_equal(sg_list_set_at(H_TAGS, &h, 1, &h.tags[1]), SG_OK);
    assert_string_equal(h.tags[1], "second");
    append_room(&h, 1, "r1");
    assert_int_equal(sg_list_append(H_ROOMS, &h, &h.rooms[0]), SG_OK);   /* grows: 1 -> 2 */
    assert_int_equal(sg_list_append(H_ROOMS, &h, &h.rooms[1]), SG_OK);   /* grows: 2 -> 4 */
    assert_string_equal(h.rooms[2].caption, "r1");
    assert_int_equal(sg_list_set_at(H_ROOMS, &h, 0, &h.rooms[2]), SG_OK);
    assert_string_equal(h.rooms[0].caption, "r1");
    append_i32(&h, 5);
    assert_int_equal(sg_list_append(H_SCORES, &h, &h.scores[0]), SG_OK);
    assert_int_equal(sg_list_set_at(H_SCORES, &h, 0, &h.scores[0]), SG_OK);
    assert_int_equal(h.scores[1], 5);
    destroy(&h);
    tc_end();
}

static void test_bad_arguments(void **state)
{
    Hotel h = {0};
    int32_t v = 1;
    const sg_attr *scalar = H_AMENITIES;

    (void)state;
    assert_int_equal(sg_list_append(NULL, &h, &v), SG_EINVAL);
    assert_int_equal(sg_list_append(H_SCORES, NULL, &v), SG_EINVAL);
    assert_int_equal(sg_list_append(H_SCORES, &h, NULL), SG_EINVAL);
    assert_int_equal(sg_list_append(scalar, &h, &v), SG_EINVAL);
    assert_int_equal(sg_list_set_at(scalar, &h, 0, &v), SG_EINVAL);
    assert_int_equal(sg_list_set_at(H_SCORES, &h, 0, NULL), SG_EINVAL);
    assert_int_equal(sg_list_set_at(H_SCORES, &h, 0, &v), SG_ERANGE);  /* empty */
    assert_int_equal(sg_list_remove_at(H_SCORES, &h, 0), SG_ERANGE);
    assert_int_equal(sg_list_remove_at(scalar, &h, 0), SG_EINVAL);
    assert_int_equal(sg_list_reserve(scalar, &h, 1), SG_EINVAL);
    assert_int_equal(sg_list_reserve(H_SCORES, NULL, 1), SG_EINVAL);
    /* a list at its limit of 2^32 - 1 elements (a header that says so; nothing is read) */
    struct {
        sg_list_head head;
        int32_t elems[1];
    } full = {{UINT32_MAX, UINT32_MAX}, {0}};
    h.scores = full.elems;
    assert_int_equal(sg_list_append(H_SCORES, &h, &v), SG_ERANGE);
    assert_int_equal(full.head.count, UINT32_MAX);
    h.scores = NULL;
    sg_list_clear(scalar, &h);
    sg_list_clear(NULL, &h);
    sg_list_clear(H_SCORES, NULL);
    assert_int_equal(h.amenities, 0);
    tc_end();
}

/* ---- reflection and by-name access ----------------------------------------------------- */

static void test_attr_count_and_at(void **state)
{
    Hotel h;
    Kinds k = {0};
    sg_value v;

    (void)state;
    fill_hotel(&h);
    assert_int_equal(sg_attr_count(H_TAGS, &h), 3);
    assert_int_equal(sg_attr_at(H_TAGS, &h, 0, &v), SG_OK);
    assert_int_equal(v.type, SG_STR);
    assert_ptr_equal(v.as.s, h.tags[0]);
    assert_int_equal(sg_attr_at(H_TAGS, &h, 1, &v), SG_OK);
    assert_int_equal(v.type, SG_NONE);
    assert_int_equal(sg_attr_at(H_TAGS, &h, 3, &v), SG_ERANGE);
    assert_int_equal(sg_attr_at(H_SCORES, &h, 1, &v), SG_OK);
    assert_true(v.type == SG_INT && v.as.i == -1);
    assert_int_equal(sg_attr_at(H_ROOMS, &h, 1, &v), SG_OK);
    assert_true(v.type == SG_PTR && v.as.p == &h.rooms[1]);
    assert_int_equal(sg_attr_at(H_REFS, &h, 0, &v), SG_OK);
    assert_true(v.type == SG_PTR && v.as.p == &targets[0]);
    assert_int_equal(sg_attr_at(H_REFS, &h, 1, &v), SG_OK);
    assert_int_equal(v.type, SG_NONE);
    assert_int_equal(sg_attr_at(H_TEMPS, &h, 0, &v), SG_OK);
    assert_true(v.type == SG_FLOAT && v.as.f == 21.5);
    assert_int_equal(sg_attr_at(H_AMENITY_LIST, &h, 0, &v), SG_OK);
    assert_true(v.type == SG_UINT && v.as.u == (AMENITY_WIFI | AMENITY_SPA));
    assert_int_equal(sg_attr_count(H_AMENITIES, &h), 0);               /* not a list */
    assert_int_equal(sg_attr_at(H_AMENITIES, &h, 0, &v), SG_ETYPE);
    assert_int_equal(sg_attr_at(NULL, &h, 0, &v), SG_EINVAL);
    assert_int_equal(sg_attr_at(H_TAGS, &h, 0, NULL), SG_EINVAL);
    assert_int_equal(sg_attr_count(NULL, &h), 0);
    assert_int_equal(sg_attr_count(H_TAGS, NULL), 0);
    /* fixed arrays */
    k.arr[2] = 42;
    k.tags[1] = sg_str_dup("t1");
    k.imgs[1].id = 8;
    const sg_attr *arr = &Kinds_class.attrs[sg_class_find(&Kinds_class, "arr", 3)];
    const sg_attr *tags = &Kinds_class.attrs[sg_class_find(&Kinds_class, "tags", 4)];
    const sg_attr *imgs = &Kinds_class.attrs[sg_class_find(&Kinds_class, "imgs", 4)];
    assert_int_equal(sg_attr_count(arr, &k), 3);
    assert_int_equal(sg_attr_at(arr, &k, 2, &v), SG_OK);
    assert_true(v.type == SG_INT && v.as.i == 42);
    assert_int_equal(sg_attr_at(arr, &k, 3, &v), SG_ERANGE);
    assert_int_equal(sg_attr_at(tags, &k, 0, &v), SG_OK);
    assert_int_equal(v.type, SG_NONE);
    assert_int_equal(sg_attr_at(tags, &k, 1, &v), SG_OK);
    assert_string_equal(v.as.s, "t1");
    assert_int_equal(sg_attr_at(imgs, &k, 1, &v), SG_OK);
    assert_ptr_equal(v.as.p, &k.imgs[1]);
    sg_object_destroy(&Kinds_class, &k);
    destroy(&h);
    tc_end();
}

static void test_getattr_and_iteration(void **state)
{
    static const char *const names[] = {
        "tags", "scores", "rooms", "refs", "temps", "amenity_list", "ms", "amenities", "extra",
    };
    Hotel h;
    Kinds k = {0};
    sg_iter it;
    const char *name;
    sg_value v, e;
    int n = 0;

    (void)state;
    fill_hotel(&h);
    assert_int_equal(sg_getattr(&Hotel_class, &h, "tags", &v), SG_OK);
    assert_int_equal(v.type, SG_LIST);
    assert_ptr_equal(sg_as_list(v), H_TAGS);
    assert_int_equal(sg_attr_count(v.as.attr, &h), 3);
    assert_int_equal(sg_attr_at(v.as.attr, &h, 2, &e), SG_OK);
    assert_string_equal(e.as.s, "mat");
    assert_null(sg_as_list(sg_int(1)));
    assert_string_equal(sg_type_name(SG_LIST), "list");
    sg_iter_init(&it, &Hotel_class, &h);
    while (sg_iter_next(&it, &name, &v)) {
        assert_true(n < 9);
        assert_string_equal(name, names[n]);
        if (n < 7) {
            assert_int_equal(v.type, SG_LIST);
            assert_ptr_equal(v.as.attr, &hotel_attrs[n]);
        }
        n++;
    }
    assert_int_equal(n, 9);
    /* a fixed array reads as SG_LIST too */
    assert_int_equal(sg_getattr(&Kinds_class, &k, "arr", &v), SG_OK);
    assert_int_equal(v.type, SG_LIST);
    assert_int_equal(sg_attr_count(v.as.attr, &k), 3);
    /* lists are not set by name, and SG_LIST is no dynamic value */
    assert_int_equal(sg_setattr(&Hotel_class, &h, "tags", sg_str("x")), SG_ETYPE);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "tags", sg_none()), SG_ETYPE);
    assert_int_equal(sg_getattr(&Hotel_class, &h, "tags", &v), SG_OK);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "copy", v), SG_EINVAL);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "scores", v), SG_ETYPE);
    assert_int_equal(sg_attr_count(H_TAGS, &h), 3);
    destroy(&h);
    tc_end();
}

static void test_flags_by_name(void **state)
{
    Hotel h = {0};
    sg_value v;

    (void)state;
    assert_int_equal(sg_getattr(&Hotel_class, &h, "amenities", &v), SG_OK);
    assert_true(v.type == SG_UINT && v.as.u == 0);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_str("wifi|spa")), SG_OK);
    assert_int_equal(h.amenities, AMENITY_WIFI | AMENITY_SPA);
    assert_int_equal(sg_getattr(&Hotel_class, &h, "amenities", &v), SG_OK);
    assert_true(v.type == SG_UINT && v.as.u == 5);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_int(2)), SG_OK);
    assert_int_equal(h.amenities, AMENITY_POOL);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_uint(7)), SG_OK);
    assert_int_equal(h.amenities, 7);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_str("")), SG_OK);
    assert_int_equal(h.amenities, 0);
    h.amenities = AMENITY_SPA;
    /* rejected, unchanged */
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_int(8)), SG_ERANGE);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_uint(256 | 1)), SG_ERANGE);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_int(-1)), SG_ERANGE);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_str("wifi|sauna")),
                     SG_ERANGE);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_float(1.0)), SG_ETYPE);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_bool(true)), SG_ETYPE);
    assert_int_equal(sg_setattr(&Hotel_class, &h, "amenities", sg_none()), SG_ETYPE);
    assert_int_equal(h.amenities, AMENITY_SPA);
    tc_end();
}

/* ---- copy, equal, hash, repr ----------------------------------------------------------- */

static void test_copy_equal_hash(void **state)
{
    Hotel a, b = {0};
    int32_t v = 100;

    (void)state;
    fill_hotel(&a);
    assert_int_equal(sg_copy(&Hotel_class, &b, &a), SG_OK);
    assert_true(sg_equal(&Hotel_class, &a, &b));
    assert_true(sg_hash(&Hotel_class, &a) == sg_hash(&Hotel_class, &b));
    assert_ptr_not_equal(b.tags, a.tags);
    assert_ptr_not_equal(b.tags[0], a.tags[0]);
    assert_ptr_not_equal(b.rooms[0].caption, a.rooms[0].caption);
    assert_ptr_not_equal(b.ms[0].sg_dyn, a.ms[0].sg_dyn);
    assert_ptr_equal(b.refs[0], a.refs[0]);
    assert_int_equal(cap(b.tags), 3);                       /* exactly the count */
    /* each change is seen */
    assert_int_equal(sg_list_set_at(H_SCORES, &b, 1, &v), SG_OK);
    assert_false(sg_equal(&Hotel_class, &a, &b));
    assert_true(sg_hash(&Hotel_class, &a) != sg_hash(&Hotel_class, &b));
    assert_int_equal(sg_list_set_at(H_SCORES, &b, 1, &a.scores[1]), SG_OK);
    assert_true(sg_equal(&Hotel_class, &a, &b));
    append_str(&b, "more");
    assert_false(sg_equal(&Hotel_class, &a, &b));
    assert_int_equal(sg_list_remove_at(H_TAGS, &b, 3), SG_OK);
    assert_true(sg_equal(&Hotel_class, &a, &b));
    assert_int_equal(sg_setattr(&Measurement_class, &b.ms[0], "d", sg_str("other")), SG_OK);
    assert_false(sg_equal(&Hotel_class, &a, &b));
    /* an empty list with storage equals one without */
    destroy(&b);
    memset(&b, 0, sizeof b);
    destroy(&a);
    assert_int_equal(sg_list_reserve(H_TAGS, &a, 4), SG_OK);
    assert_true(sg_equal(&Hotel_class, &a, &b));
    assert_true(sg_hash(&Hotel_class, &a) == sg_hash(&Hotel_class, &b));
    assert_int_equal(sg_copy(&Hotel_class, &b, &a), SG_OK);
    assert_null(b.tags);                                    /* nothing to copy: no block */
    destroy(&a);
    tc_end();
}

static void test_repr(void **state)
{
    Hotel h;
    char want[512], got[512];
    uint8_t none = 0, odd = 8 | AMENITY_POOL;
    size_t n;

    (void)state;
    fill_hotel(&h);
    assert_int_equal(sg_list_append(H_AMENITY_LIST, &h, &none), SG_OK);
    assert_int_equal(sg_list_append(H_AMENITY_LIST, &h, &odd), SG_OK);
    snprintf(want, sizeof want,
             "Hotel(tags=['cat', None, 'mat'], scores=[7, -1], rooms=[Image(id=1, "
             "caption='one', url=None), Image(id=2, caption=None, url=None)], "
             "refs=[<Image object at 0x%" PRIxPTR ">, None], temps=[21.5], "
             "amenity_list=[Amenity.wifi|spa, Amenity(0), Amenity(10)], "
             "ms=[Measurement(x=4, y=0, val=None, d='dyn')], amenities=Amenity.pool, "
             "extra='x')", (uintptr_t)&targets[0]);
    assert_int_equal(sg_repr(&Hotel_class, &h, got, sizeof got), strlen(want));
    assert_string_equal(got, want);
    destroy(&h);
    memset(&h, 0, sizeof h);
    n = sg_repr(&Hotel_class, &h, got, sizeof got);
    assert_int_equal(n, strlen(got));
    assert_string_equal(got, "Hotel(tags=[], scores=[], rooms=[], refs=[], temps=[], "
                             "amenity_list=[], ms=[], amenities=Amenity(0))");
    tc_end();
}

/* ---- allocation failure ------------------------------------------------------------------
 * Each case starts from fill_hotel (plus what it needs), snapshots the Hotel with a deep copy
 * and the list's block and capacity, runs one list operation, and checks after a failure that
 * the Hotel equals the snapshot and the list kept its block and capacity.
 */

typedef struct list_ctx {
    void (*prep)(Hotel *h);    /* after fill_hotel, before the snapshot; may be NULL */
    sg_status (*op)(Hotel *h);
    const sg_attr *a;      /* the list the operation changes */
    Hotel h, snap;
    void *block;
    uint32_t cap;
} list_ctx;

static void list_start(void *p)
{
    list_ctx *c = p;
    void *elems;

    fill_hotel(&c->h);
    if (c->prep)
        c->prep(&c->h);
    memset(&c->snap, 0, sizeof c->snap);
    assert_int_equal(sg_copy(&Hotel_class, &c->snap, &c->h), SG_OK);
    memcpy(&elems, (char *)&c->h + c->a->offset, sizeof elems);
    c->block = elems;
    c->cap = cap(elems);
}

static sg_status list_op(void *p)
{
    list_ctx *c = p;

    return c->op(&c->h);
}

static void list_end(void *p, bool failed)
{
    list_ctx *c = p;
    void *elems;

    memcpy(&elems, (char *)&c->h + c->a->offset, sizeof elems);
    if (failed) {
        assert_true(sg_equal(&Hotel_class, &c->h, &c->snap));
        assert_ptr_equal(elems, c->block);
        assert_int_equal(cap(elems), c->cap);
    }
    destroy(&c->h);
    destroy(&c->snap);
}

/* 3 tags, cap 4: the fourth fills the block, so that the operation's append grows it. */
static void fill_tags(Hotel *h)
{
    append_str(h, "fourth");
}

static sg_status append_tag_grows(Hotel *h)
{
    const char *s = "grows";

    return sg_list_append(H_TAGS, h, &s);
}

static sg_status append_room_grows(Hotel *h)
{
    Image room = {0};

    room.caption = (char *)"deep";
    room.url = (char *)"copy";
    return sg_list_append(H_ROOMS, h, &room);                 /* 2 rooms, cap 2: grows */
}

static sg_status append_ms_grows(Hotel *h)
{
    return sg_list_append(H_MS, h, &h->ms[0]);                /* its own element, deep */
}

static sg_status append_score_grows(Hotel *h)
{
    int32_t v = 3;

    return sg_list_append(H_SCORES, h, &v);                   /* 2 scores, cap 2 */
}

static sg_status reserve_tags(Hotel *h)
{
    return sg_list_reserve(H_TAGS, h, 50);
}

static sg_status set_tag(Hotel *h)
{
    const char *s = "replaced";

    return sg_list_set_at(H_TAGS, h, 0, &s);
}

static sg_status set_room(Hotel *h)
{
    Image room = {0};

    room.caption = (char *)"new";
    return sg_list_set_at(H_ROOMS, h, 0, &room);
}

static void second_ms(Hotel *h)
{
    assert_int_equal(sg_list_append(H_MS, h, &h->ms[0]), SG_OK);
    assert_int_equal(sg_setattr(&Measurement_class, &h->ms[1], "d", sg_str("two")), SG_OK);
}

static sg_status set_ms(Hotel *h)
{
    return sg_list_set_at(H_MS, h, 0, &h->ms[1]);
}

static sg_status set_ms_itself(Hotel *h)
{
    return sg_list_set_at(H_MS, h, 0, &h->ms[0]);
}

static void walk_list(void (*prep)(Hotel *), sg_status (*op)(Hotel *), const sg_attr *a,
                      long want)
{
    static const tc_walk_case wc = {list_start, list_op, list_end};
    list_ctx c;

    memset(&c, 0, sizeof c);
    c.prep = prep;
    c.op = op;
    c.a = a;
    assert_int_equal(tc_walk(&wc, &c), want);
}

static void test_list_enomem(void **state)
{
    (void)state;
    walk_list(fill_tags, append_tag_grows, H_TAGS, 2);   /* the string, the block */
    walk_list(NULL, append_room_grows, H_ROOMS, 3);      /* the block, caption, url */
    walk_list(NULL, append_ms_grows, H_MS, 3);           /* the block, dict block, "dyn" */
    walk_list(NULL, append_score_grows, H_SCORES, 1);    /* the block */
    walk_list(NULL, reserve_tags, H_TAGS, 1);
    walk_list(NULL, set_tag, H_TAGS, 1);
    walk_list(NULL, set_room, H_ROOMS, 2);               /* the temporary object, caption */
    walk_list(second_ms, set_ms, H_MS, 3);               /* temporary, dict block, "two" */
    walk_list(NULL, set_ms_itself, H_MS, 0);             /* nothing to do */
    tc_end();
}

/* A copy of a Hotel fails at every allocation: destroyed and zeroed, nothing leaked. */
typedef struct hcopy_ctx {
    Hotel src, dst;
} hcopy_ctx;

static void hcopy_start(void *p)
{
    hcopy_ctx *c = p;

    fill_hotel(&c->src);
    fill_hotel(&c->dst);
}

static sg_status hcopy_op(void *p)
{
    hcopy_ctx *c = p;

    return sg_copy(&Hotel_class, &c->dst, &c->src);
}

static void hcopy_end(void *p, bool failed)
{
    hcopy_ctx *c = p;
    const Hotel zero = {0};

    if (failed)
        assert_memory_equal(&c->dst, &zero, sizeof zero);
    else
        assert_true(sg_equal(&Hotel_class, &c->src, &c->dst));
    destroy(&c->src);
    destroy(&c->dst);
}

static void test_copy_enomem(void **state)
{
    static const tc_walk_case wc = {hcopy_start, hcopy_op, hcopy_end};
    hcopy_ctx c;

    (void)state;
    /* the temporary object the copy is made in; tags: block + 2; scores, rooms (+1 caption),
     * refs, temps, amenity_list: a block each; ms: block + dict block + "dyn"; Hotel's dict
     * block + "x". */
    memset(&c, 0, sizeof c);
    assert_int_equal(tc_walk(&wc, &c), 1 + 3 + 1 + 2 + 1 + 1 + 1 + 3 + 2);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_of_null),
        cmocka_unit_test_setup_teardown(test_strings, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_scalars_refs_flags, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_embedded, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_growth_and_reserve, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_aliasing, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_attr_count_and_at, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_getattr_and_iteration, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_flags_by_name, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_copy_equal_hash, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_repr, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_list_enomem, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_copy_enomem, tc_setup_exact, tc_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
