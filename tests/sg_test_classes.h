/*
 * sg_test_classes.h - hand-written class tables shaped like generated code, and a leak-checking
 * allocation hook with failure injection, shared by the runtime tests (tests/test_sg_*.c).
 *
 * The hook routes every block through cmocka's test_malloc/test_free, so each test must end
 * with tc_end() (which calls sg_runtime_cleanup) before cmocka checks for leaks. Each block
 * carries a TC_HEAD-byte header holding its size, and every free checks that the size it is
 * given is the size allocated, so a wrong size anywhere (an owned string shortened in place,
 * a block freed as another size) fails the test. Setting tc_budget to n lets n more
 * allocations succeed and fails every one after that; tc_fail_alone(k) fails the k-th request
 * from now (0-based) and no other, tc_fail_from(k) that one and every later one. With
 * sg_set_slabs(false) (tc_setup_exact) every sg_alloc reaches the hook, so these can fail any
 * single allocation point, and every block's size is checked when it is freed. tc_live()
 * counts the blocks the hook has handed out and not yet had back. tc_walk drives both kinds
 * of failure over every allocation of one operation.
 *
 * Include after <cmocka.h> and its prerequisites.
 */
#ifndef SG_TEST_CLASSES_H
#define SG_TEST_CLASSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sg_mem.h"
#include "slotgen.h"

#define TC_UNUSED __attribute__((unused))

/* ---- the hook ---------------------------------------------------------------------------- */

static long tc_budget = -1;  /* allocations left before failing; -1: never fail */
static long tc_allocs;       /* allocations the hook served */
static long tc_frees;
static long tc_calls;        /* allocation requests, failed ones included */
static long tc_big_allocs;   /* allocations of TC_BIG bytes or more served (slab chunks) */
static long tc_fail_index = -1;  /* the request (a tc_calls value) to fail alone; -1: none */
static long tc_fail_first = -1;  /* the first request of a failing run; -1: none */

/* The size header before each block; 16 keeps the block as aligned as malloc's. */
#define TC_HEAD 16

/* Allocations at least this large are counted in tc_big_allocs: the slabs' chunks, not the
 * small scratch arrays of a sweep. */
#define TC_BIG 4096

static TC_UNUSED void *tc_hook(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    char *p;
    size_t size;
    long call;

    (void)ud;
    if (new_size == 0) {
        if (!ptr)
            return NULL;
        p = (char *)ptr - TC_HEAD;
        memcpy(&size, p, sizeof size);
        assert_int_equal(old_size, size);     /* freed with the size it was allocated with */
        tc_frees++;
        test_free(p);
        return NULL;
    }
    call = tc_calls++;
    if (call == tc_fail_index || (tc_fail_first >= 0 && call >= tc_fail_first))
        return NULL;
    if (tc_budget == 0)
        return NULL;
    if (tc_budget > 0)
        tc_budget--;
    tc_allocs++;
    tc_big_allocs += new_size >= TC_BIG;
    p = test_malloc(new_size + TC_HEAD);
    if (!p)
        return NULL;
    memcpy(p, &new_size, sizeof new_size);
    return p + TC_HEAD;
}

/* Fails the k-th allocation request from now (0-based), and no other. */
static TC_UNUSED void tc_fail_alone(long k)
{
    tc_fail_index = tc_calls + k;
    tc_fail_first = -1;
}

/* Fails the k-th allocation request from now and every one after it. */
static TC_UNUSED void tc_fail_from(long k)
{
    tc_fail_index = -1;
    tc_fail_first = tc_calls + k;
}

/* Stops failing allocations (tc_fail_alone, tc_fail_from and tc_budget alike). */
static TC_UNUSED void tc_fail_none(void)
{
    tc_fail_index = tc_fail_first = -1;
    tc_budget = -1;
}

/* Blocks the hook has handed out and not had back. */
static TC_UNUSED long tc_live(void)
{
    return tc_allocs - tc_frees;
}

static TC_UNUSED int tc_setup(void **state)
{
    (void)state;
    tc_fail_none();
    sg_set_allocator(tc_hook, NULL);
    sg_set_slabs(true);
    return 0;
}

/* Every sg_alloc goes to the hook: for failure injection. */
static TC_UNUSED int tc_setup_exact(void **state)
{
    (void)state;
    tc_fail_none();
    sg_set_allocator(tc_hook, NULL);
    sg_set_slabs(false);
    return 0;
}

static TC_UNUSED int tc_teardown(void **state)
{
    (void)state;
    sg_runtime_cleanup();
    sg_set_slabs(true);
    sg_set_allocator(NULL, NULL);
    return 0;
}

/* Frees the runtime's global state; call last in every test (before cmocka's leak check). */
static TC_UNUSED void tc_end(void)
{
    tc_fail_none();
    sg_runtime_cleanup();
}

/* ---- the allocation-failure walk ----------------------------------------------------------
 * A case builds its starting state on a clean runtime ('start', if any), runs one operation
 * ('op'), and gives its state back ('end', told whether the operation was made to fail, so it
 * can first check that the state is exactly as 'start' left it). tc_walk counts the n
 * allocation requests of a successful run; then, for every k < n, starting again from a clean
 * runtime, it fails the k-th request alone, and once more every request from the k-th on. A
 * failed run must return SG_ENOMEM; every run, once 'end' and sg_runtime_cleanup are done, must
 * have given back every block the hook handed out. Returns n.
 */
typedef struct tc_walk_case {
    void (*start)(void *ctx);
    sg_status (*op)(void *ctx);
    void (*end)(void *ctx, bool failed);
} tc_walk_case;

/* One run: no failure when k < 0, else the k-th request failed alone or from it on. Returns
 * the requests the operation made. */
static TC_UNUSED long tc_walk_run(const tc_walk_case *wc, void *ctx, long k, bool alone)
{
    sg_status rc, want = k < 0 ? SG_OK : SG_ENOMEM;
    long calls;

    sg_runtime_cleanup();
    assert_int_equal(tc_live(), 0);
    if (wc->start)
        wc->start(ctx);
    if (k >= 0 && alone)
        tc_fail_alone(k);
    else if (k >= 0)
        tc_fail_from(k);
    calls = tc_calls;
    rc = wc->op(ctx);
    calls = tc_calls - calls;
    tc_fail_none();
    if (rc != want)
        fail_msg("allocation %ld failed %s: status %d, not %d", k, alone ? "alone" : "onwards",
                 (int)rc, (int)want);
    wc->end(ctx, k >= 0);
    sg_runtime_cleanup();
    assert_int_equal(tc_live(), 0);
    return calls;
}

static TC_UNUSED long tc_walk(const tc_walk_case *wc, void *ctx)
{
    long n = tc_walk_run(wc, ctx, -1, false);

    for (long k = 0; k < n; k++) {
        tc_walk_run(wc, ctx, k, true);
        tc_walk_run(wc, ctx, k, false);
    }
    return n;
}

/* ---- attribute tables as generated code writes them --------------------------------------
 * Each class below lists its by_name index by hand (attribute indexes in strcmp order of the
 * names); test_sg_class checks every one against sg_class_find. */

#define TC_ATTR(T, member, nm, kind, count, presence, cls, enm) \
    {nm, kind, (uint32_t)offsetof(T, member), (uint32_t)sizeof(((T *)0)->member), count, \
     presence, 0, (uint32_t)(sizeof(((T *)0)->member) / ((count) ? (count) : 1)), cls, enm, \
     NULL}

/* TC_ATTR with a default: 'def' as sg_attr.def describes it. */
#define TC_ATTR_DEF(T, member, nm, kind, count, cls, def) \
    {nm, kind, (uint32_t)offsetof(T, member), (uint32_t)sizeof(((T *)0)->member), count, -1, \
     0, (uint32_t)(sizeof(((T *)0)->member) / ((count) ? (count) : 1)), cls, NULL, def}

/* ---- enums -------------------------------------------------------------------------------- */

typedef enum Color { COLOR_RED, COLOR_GREEN, COLOR_BLUE } Color;

static const sg_enum_member color_members[] = {{"red", 0}, {"green", 1}, {"blue", 2}};
static TC_UNUSED const sg_enum Color_enum = {"Color", 3, color_members};

/* Stored in one byte (attr->size 1), with a negative member. */
static const sg_enum_member rating_members[] = {{"unrated", 0}, {"four", 4}, {"minus", -1}};
static TC_UNUSED const sg_enum Rating_enum = {"Rating", 3, rating_members};

/* A flag type: member values are bits. */
#define AMENITY_WIFI (1u << 0)
#define AMENITY_POOL (1u << 1)
#define AMENITY_SPA (1u << 2)
static const sg_enum_member amenity_members[] = {
    {"wifi", AMENITY_WIFI}, {"pool", AMENITY_POOL}, {"spa", AMENITY_SPA}};
static TC_UNUSED const sg_enum Amenity_enum = {"Amenity", 3, amenity_members};

/* ---- Image: slotted {caption, url, id} ---------------------------------------------------- */

typedef struct Image {
    char *caption;
    char *url;
    uint32_t id;
} Image;

static const sg_attr image_attrs[] = {
    TC_ATTR(Image, id, "id", SG_K_U32, 0, -1, NULL, NULL),
    TC_ATTR(Image, caption, "caption", SG_K_STRING, 0, -1, NULL, NULL),
    TC_ATTR(Image, url, "url", SG_K_STRING, 0, -1, NULL, NULL),
};
static const uint32_t image_by_name[] = {1, 0, 2};
static sg_class_rt image_rt;
static TC_UNUSED const sg_class Image_class = {
    "Image", sizeof(Image), _Alignof(Image), true, false, 3, image_attrs, image_by_name,
    0, 0, &image_rt,
};

/* ---- Measurement: not slotted {x, y, val} ------------------------------------------------ */

typedef struct Measurement {
    char *val;
    int32_t x;
    int32_t y;
    sg_dict *sg_dyn;
} Measurement;

static const sg_attr measurement_attrs[] = {
    TC_ATTR(Measurement, x, "x", SG_K_I32, 0, -1, NULL, NULL),
    TC_ATTR(Measurement, y, "y", SG_K_I32, 0, -1, NULL, NULL),
    TC_ATTR(Measurement, val, "val", SG_K_STRING, 0, -1, NULL, NULL),
};
static const uint32_t measurement_by_name[] = {2, 0, 1};
static sg_class_rt measurement_rt;
static TC_UNUSED const sg_class Measurement_class = {
    "Measurement", sizeof(Measurement), _Alignof(Measurement), false, false, 3,
    measurement_attrs, measurement_by_name, offsetof(Measurement, sg_dyn), 0, &measurement_rt,
};

/* ---- Opt: not slotted, optional attributes and a presence bitmap --------------------------- */

typedef struct Opt {
    char *note;
    double score;
    const Image *img;
    sg_dict *sg_dyn;
    int32_t level;
    Color color;
    uint8_t sg_has[1];
} Opt;

static const sg_attr opt_attrs[] = {
    TC_ATTR(Opt, level, "level", SG_K_I32, 0, -1, NULL, NULL),
    TC_ATTR(Opt, note, "note", SG_K_STRING, 0, 0, NULL, NULL),
    TC_ATTR(Opt, score, "score", SG_K_F64, 0, 1, NULL, NULL),
    TC_ATTR(Opt, color, "color", SG_K_ENUM, 0, 2, NULL, &Color_enum),
    TC_ATTR(Opt, img, "img", SG_K_REF, 0, 3, &Image_class, NULL),
};
static const uint32_t opt_by_name[] = {3, 4, 0, 1, 2};
static sg_class_rt opt_rt;
static TC_UNUSED const sg_class Opt_class = {
    "Opt", sizeof(Opt), _Alignof(Opt), false, false, 5, opt_attrs, opt_by_name,
    offsetof(Opt, sg_dyn), offsetof(Opt, sg_has), &opt_rt,
};

/* ---- Pk: packed, not slotted: every pointer and the double are unaligned ------------------ */

typedef struct SG_PACKED Pk {
    uint8_t tag;
    double d;
    char *s;
    int16_t h;
    sg_dict *sg_dyn;
} Pk;

static const sg_attr pk_attrs[] = {
    TC_ATTR(Pk, tag, "tag", SG_K_U8, 0, -1, NULL, NULL),
    TC_ATTR(Pk, d, "d", SG_K_F64, 0, -1, NULL, NULL),
    TC_ATTR(Pk, s, "s", SG_K_STRING, 0, -1, NULL, NULL),
    TC_ATTR(Pk, h, "h", SG_K_I16, 0, -1, NULL, NULL),
};
static const uint32_t pk_by_name[] = {1, 3, 2, 0};
static sg_class_rt pk_rt;
static TC_UNUSED const sg_class Pk_class = {
    "Pk", sizeof(Pk), 1, false, true, 4, pk_attrs, pk_by_name, offsetof(Pk, sg_dyn), 0,
    &pk_rt,
};

/* ---- Kinds: slotted, one attribute of every kind, arrays, an embedded class, a ref ------- */

typedef struct Kinds {
    bool b;
    char c;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    float f32;
    double f64;
    char *s;
    char name[8];
    Color color;
    int8_t rating;
    Image img;
    const Image *ref;
    int32_t arr[3];
    char *tags[2];
    Image imgs[2];
} Kinds;

static const sg_attr kinds_attrs[] = {
    TC_ATTR(Kinds, b, "b", SG_K_BOOL, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, c, "c", SG_K_CHAR, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, i8, "i8", SG_K_I8, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, i16, "i16", SG_K_I16, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, i32, "i32", SG_K_I32, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, i64, "i64", SG_K_I64, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, u8, "u8", SG_K_U8, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, u16, "u16", SG_K_U16, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, u32, "u32", SG_K_U32, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, u64, "u64", SG_K_U64, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, f32, "f32", SG_K_F32, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, f64, "f64", SG_K_F64, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, s, "s", SG_K_STRING, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, name, "name", SG_K_CHARS, 0, -1, NULL, NULL),
    TC_ATTR(Kinds, color, "color", SG_K_ENUM, 0, -1, NULL, &Color_enum),
    TC_ATTR(Kinds, rating, "rating", SG_K_ENUM, 0, -1, NULL, &Rating_enum),
    TC_ATTR(Kinds, img, "img", SG_K_CLASS, 0, -1, &Image_class, NULL),
    TC_ATTR(Kinds, ref, "ref", SG_K_REF, 0, -1, &Image_class, NULL),
    TC_ATTR(Kinds, arr, "arr", SG_K_I32, 3, -1, NULL, NULL),
    TC_ATTR(Kinds, tags, "tags", SG_K_STRING, 2, -1, NULL, NULL),
    TC_ATTR(Kinds, imgs, "imgs", SG_K_CLASS, 2, -1, &Image_class, NULL),
};
static const uint32_t kinds_by_name[] = {18, 0, 1, 14, 10, 11, 3, 4, 5, 2, 16, 20, 13, 15, 17,
                                           12, 19, 7, 8, 9, 6};
static sg_class_rt kinds_rt;
static TC_UNUSED const sg_class Kinds_class = {
    "Kinds", sizeof(Kinds), _Alignof(Kinds), true, false,
    (uint32_t)(sizeof kinds_attrs / sizeof kinds_attrs[0]), kinds_attrs, kinds_by_name, 0, 0,
    &kinds_rt,
};

/* ---- Outer: not slotted, embeds a Measurement (with its own dynamic attributes) ---------- */

typedef struct Outer {
    Measurement m;
    char *label;
    sg_dict *sg_dyn;
} Outer;

static const sg_attr outer_attrs[] = {
    TC_ATTR(Outer, m, "m", SG_K_CLASS, 0, -1, &Measurement_class, NULL),
    TC_ATTR(Outer, label, "label", SG_K_STRING, 0, -1, NULL, NULL),
};
static const uint32_t outer_by_name[] = {1, 0};
static sg_class_rt outer_rt;
static TC_UNUSED const sg_class Outer_class = {
    "Outer", sizeof(Outer), _Alignof(Outer), false, false, 2, outer_attrs, outer_by_name,
    offsetof(Outer, sg_dyn), 0, &outer_rt,
};

/* ---- Inner and Dflt: schema defaults, as generated code describes them ------------------- */

typedef struct Inner {
    char *label;  /* default "in" */
    int16_t k;    /* default -2 */
} Inner;

static const struct {
    const char *label;
    int16_t k;
} inner_defaults = {"in", -2};

static const sg_attr inner_attrs[] = {
    TC_ATTR_DEF(Inner, k, "k", SG_K_I16, 0, NULL, &inner_defaults.k),
    TC_ATTR_DEF(Inner, label, "label", SG_K_STRING, 0, NULL, &inner_defaults.label),
};
static const uint32_t inner_by_name[] = {0, 1};
static sg_class_rt inner_rt;
static TC_UNUSED const sg_class Inner_class = {
    "Inner", sizeof(Inner), _Alignof(Inner), true, false, 2, inner_attrs, inner_by_name, 0, 0,
    &inner_rt,
};

/* Not slotted: destroy also frees its dynamic attributes. */
typedef struct Dflt {
    char *s;          /* default "hello" */
    char *tags[3];    /* default {"a", NULL, "c"} */
    char *none;       /* no default */
    Inner inner;      /* Inner's defaults */
    Inner pair[2];
    double d;         /* default 2.5 */
    int32_t n;        /* default 7 */
    char code[4];     /* default "ab" */
    uint16_t arr[3];  /* default {1, 2}: the last element 0 */
    sg_dict *sg_dyn;
} Dflt;

static const struct {
    const char *s;
    const char *tags[3];
    double d;
    int32_t n;
    char code[4];
    uint16_t arr[3];
} dflt_defaults = {"hello", {"a", NULL, "c"}, 2.5, 7, "ab", {1, 2}};

static const sg_attr dflt_attrs[] = {
    TC_ATTR_DEF(Dflt, n, "n", SG_K_I32, 0, NULL, &dflt_defaults.n),
    TC_ATTR_DEF(Dflt, s, "s", SG_K_STRING, 0, NULL, &dflt_defaults.s),
    TC_ATTR_DEF(Dflt, tags, "tags", SG_K_STRING, 3, NULL, dflt_defaults.tags),
    TC_ATTR_DEF(Dflt, none, "none", SG_K_STRING, 0, NULL, NULL),
    TC_ATTR_DEF(Dflt, inner, "inner", SG_K_CLASS, 0, &Inner_class, NULL),
    TC_ATTR_DEF(Dflt, pair, "pair", SG_K_CLASS, 2, &Inner_class, NULL),
    TC_ATTR_DEF(Dflt, d, "d", SG_K_F64, 0, NULL, &dflt_defaults.d),
    TC_ATTR_DEF(Dflt, code, "code", SG_K_CHARS, 0, NULL, dflt_defaults.code),
    TC_ATTR_DEF(Dflt, arr, "arr", SG_K_U16, 3, NULL, dflt_defaults.arr),
};
static const uint32_t dflt_by_name[] = {8, 7, 6, 4, 0, 3, 5, 1, 2};
static sg_class_rt dflt_rt;
static TC_UNUSED const sg_class Dflt_class = {
    "Dflt", sizeof(Dflt), _Alignof(Dflt), false, false, 9, dflt_attrs, dflt_by_name,
    offsetof(Dflt, sg_dyn), 0, &dflt_rt,
};

/* ---- Hotel: not slotted, a list of every element kind, and flag sets --------------------- */

#define TC_LIST(T, member, nm, kind, elem, cls, enm) \
    {nm, kind, (uint32_t)offsetof(T, member), (uint32_t)sizeof(((T *)0)->member), 0, -1, \
     SG_ATTR_LIST, (uint32_t)sizeof(elem), cls, enm, NULL}

typedef struct Hotel {
    char **tags;            /* string[] */
    int32_t *scores;        /* i32[] */
    Image *rooms;           /* Image[]: embedded */
    const Image **refs;     /* ref Image[] */
    double *temps;          /* f64[] */
    uint8_t *amenity_list;  /* Amenity[]: flag sets */
    Measurement *ms;        /* Measurement[]: embedded, with dynamic attributes */
    sg_dict *sg_dyn;
    uint8_t amenities;      /* Amenity: a flag set in one byte */
} Hotel;

static const sg_attr hotel_attrs[] = {
    TC_LIST(Hotel, tags, "tags", SG_K_STRING, char *, NULL, NULL),
    TC_LIST(Hotel, scores, "scores", SG_K_I32, int32_t, NULL, NULL),
    TC_LIST(Hotel, rooms, "rooms", SG_K_CLASS, Image, &Image_class, NULL),
    TC_LIST(Hotel, refs, "refs", SG_K_REF, const Image *, &Image_class, NULL),
    TC_LIST(Hotel, temps, "temps", SG_K_F64, double, NULL, NULL),
    TC_LIST(Hotel, amenity_list, "amenity_list", SG_K_FLAGS, uint8_t, NULL, &Amenity_enum),
    TC_LIST(Hotel, ms, "ms", SG_K_CLASS, Measurement, &Measurement_class, NULL),
    TC_ATTR(Hotel, amenities, "amenities", SG_K_FLAGS, 0, -1, NULL, &Amenity_enum),
};
/* amenities amenity_list ms refs rooms scores tags temps */
static const uint32_t hotel_by_name[] = {7, 5, 6, 3, 2, 1, 0, 4};
static sg_class_rt hotel_rt;
static TC_UNUSED const sg_class Hotel_class = {
    "Hotel", sizeof(Hotel), _Alignof(Hotel), false, false, 8, hotel_attrs, hotel_by_name,
    offsetof(Hotel, sg_dyn), 0, &hotel_rt,
};

/* The descriptors of Hotel's attributes. */
#define H_TAGS (&hotel_attrs[0])
#define H_SCORES (&hotel_attrs[1])
#define H_ROOMS (&hotel_attrs[2])
#define H_REFS (&hotel_attrs[3])
#define H_TEMPS (&hotel_attrs[4])
#define H_AMENITY_LIST (&hotel_attrs[5])
#define H_MS (&hotel_attrs[6])
#define H_AMENITIES (&hotel_attrs[7])

/* The dynamic store of 'obj' (memcpy: it may be unaligned). */
static TC_UNUSED sg_dict *tc_dyn(const sg_class *cls, const void *obj)
{
    sg_dict *d;
    memcpy(&d, (const char *)obj + cls->dyn_offset, sizeof d);
    return d;
}

#endif /* SG_TEST_CLASSES_H */
