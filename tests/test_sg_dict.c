/*
 * test_sg_dict.c - the dynamic store directly: shape mode (sharing, step back, tombstones,
 * revival, compaction), dict mode (both triggers, deletes, rebuilds), iteration order, and
 * allocation failure in every change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "sg_atom.h"
#include "sg_dict.h"
#include "sg_test_classes.h"

static sg_class_state *state_of(void)
{
    sg_class_state *st = sg_class_state_get(&Measurement_class);
    assert_non_null(st);
    return st;
}

static sg_atom A(const char *name)
{
    sg_atom a = sg_atom_intern(name);
    assert_non_null(a);
    return a;
}

static void put(sg_dict **d, const char *name, int64_t v)
{
    assert_int_equal(sg_dict_set(d, state_of(), A(name), sg_int(v)), SG_OK);
}

static int64_t val(const sg_dict *d, const char *name)
{
    sg_value v;
    assert_int_equal(sg_dict_get(d, A(name), &v), SG_OK);
    return v.as.i;
}

static bool has(const sg_dict *d, const char *name)
{
    sg_value v;
    return sg_dict_get(d, A(name), &v) == SG_OK;
}

/* Asserts that iteration yields exactly 'names' (space-separated) in order. */
static void order_is(const sg_dict *d, const char *names)
{
    char buf[512] = "";
    uint32_t pos = 0;
    const char *name;
    sg_value v;

    while (sg_dict_next(d, &pos, &name, &v)) {
        if (buf[0])
            strcat(buf, " ");
        strcat(buf, name);
    }
    assert_string_equal(buf, names);
}

static void test_empty_and_null(void **state)
{
    sg_dict *d = NULL;
    sg_value v;
    uint32_t pos = 0;
    const char *name;

    (void)state;
    assert_int_equal(sg_dict_get(NULL, A("a"), &v), SG_ENOATTR);
    assert_int_equal(sg_dict_del(&d, A("a")), SG_ENOATTR);
    assert_int_equal(sg_dict_count(NULL), 0);
    assert_false(sg_dict_next(NULL, &pos, &name, &v));
    assert_null(sg_dict_shape(NULL));
    assert_int_equal(sg_dict_bytes(NULL), 0);
    sg_dict_free(&d);
    sg_dict_free(NULL);
    tc_end();
}

/* Deleting the last slot allocates nothing: a tombstone stays until the same name revives
 * it, or a new name drops it (stepping back to the parent shape, then adding the name). */
static void test_delete_last_then_add(void **state)
{
    sg_dict *d = NULL, *block;
    const sg_shape *s1, *s2;
    long allocs;

    (void)state;
    put(&d, "a", 1);
    s1 = sg_dict_shape(d);
    put(&d, "b", 2);
    s2 = sg_dict_shape(d);
    assert_ptr_equal(s2->parent, s1);
    block = d;
    allocs = tc_allocs;
    assert_int_equal(sg_dict_del(&d, A("b")), SG_OK);      /* last-added: a tombstone */
    assert_int_equal(tc_allocs, allocs);
    assert_ptr_equal(d, block);
    assert_ptr_equal(sg_dict_shape(d), s2);
    assert_false(has(d, "b"));
    assert_int_equal(sg_dict_count(d), 1);
    order_is(d, "a");
    put(&d, "b", 3);                                        /* revived in place */
    assert_ptr_equal(d, block);
    assert_int_equal(val(d, "b"), 3);
    assert_int_equal(sg_dict_del(&d, A("b")), SG_OK);
    put(&d, "c", 4);                                        /* (a) + c: b's tombstone gone */
    assert_ptr_equal(sg_dict_shape(d)->parent, s1);
    assert_int_equal(sg_dict_bytes(d), sizeof(void *) + 2 * sizeof(sg_box));
    order_is(d, "a c");
    assert_int_equal(sg_dict_del(&d, A("c")), SG_OK);
    assert_int_equal(sg_dict_del(&d, A("a")), SG_OK);
    assert_null(d);                                         /* nothing left: no block */
    tc_end();
}

static void test_tombstone_and_revival(void **state)
{
    sg_dict *d = NULL;
    const sg_shape *s;

    (void)state;
    put(&d, "a", 1);
    put(&d, "b", 2);
    put(&d, "c", 3);
    s = sg_dict_shape(d);
    assert_int_equal(sg_dict_del(&d, A("a")), SG_OK);      /* not last: tombstone */
    assert_ptr_equal(sg_dict_shape(d), s);
    assert_int_equal(sg_dict_count(d), 2);
    assert_false(has(d, "a"));
    assert_int_equal(sg_dict_del(&d, A("a")), SG_ENOATTR);
    order_is(d, "b c");
    put(&d, "a", 10);                                       /* revived in place */
    assert_ptr_equal(sg_dict_shape(d), s);
    assert_int_equal(val(d, "a"), 10);
    order_is(d, "a b c");
    /* Tombstones outnumbering live values compact the block onto the shape (a). */
    assert_int_equal(sg_dict_del(&d, A("b")), SG_OK);
    assert_int_equal(sg_dict_del(&d, A("c")), SG_OK);
    assert_int_equal(sg_dict_shape(d)->count, 1);
    assert_int_equal(val(d, "a"), 10);
    sg_dict_free(&d);
    assert_null(d);
    tc_end();
}

static void test_compaction(void **state)
{
    sg_dict *d = NULL;

    (void)state;
    put(&d, "a", 1);
    put(&d, "b", 2);
    put(&d, "c", 3);
    put(&d, "d", 4);
    put(&d, "e", 5);
    assert_int_equal(sg_dict_del(&d, A("a")), SG_OK);
    assert_int_equal(sg_dict_del(&d, A("b")), SG_OK);
    assert_int_equal(sg_dict_shape(d)->count, 5);           /* 2 tombstones, 3 live */
    assert_int_equal(sg_dict_del(&d, A("c")), SG_OK);      /* 3 > 2: compact */
    assert_int_equal(sg_dict_shape(d)->count, 2);
    assert_int_equal(sg_dict_bytes(d), sizeof(void *) + 2 * sizeof(sg_box));
    order_is(d, "d e");
    assert_int_equal(val(d, "d"), 4);
    assert_int_equal(val(d, "e"), 5);
    /* The compacted shape is the shared one for (d, e). */
    sg_dict *other = NULL;
    put(&other, "d", 0);
    put(&other, "e", 0);
    assert_ptr_equal(sg_dict_shape(other), sg_dict_shape(d));
    sg_dict_free(&other);
    sg_dict_free(&d);
    tc_end();
}

static void test_strings_owned(void **state)
{
    sg_dict *d = NULL;
    sg_value v;
    char buf[] = "mutable";

    (void)state;
    assert_int_equal(sg_dict_set(&d, state_of(), A("s"), sg_str(buf)), SG_OK);
    buf[0] = 'X';
    assert_int_equal(sg_dict_get(d, A("s"), &v), SG_OK);
    assert_string_equal(v.as.s, "mutable");
    assert_int_equal(sg_dict_set(&d, state_of(), A("t"), sg_str("t")), SG_OK);
    assert_int_equal(sg_dict_set(&d, state_of(), A("s"), sg_str("again")), SG_OK);
    assert_int_equal(sg_dict_del(&d, A("s")), SG_OK);      /* tombstone frees the string */
    assert_int_equal(sg_dict_get_name(d, "t", 1, &v), SG_OK);
    assert_string_equal(v.as.s, "t");
    assert_int_equal(sg_dict_get_name(d, "s", 1, &v), SG_ENOATTR);
    assert_int_equal(sg_dict_get_name(d, "zz", 2, &v), SG_ENOATTR);
    sg_dict_free(&d);
    tc_end();
}

static void fill(sg_dict **d, const char *prefix, int n)
{
    char name[32];

    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s%d", prefix, i);
        put(d, name, i);
    }
}

/* Applies one script of sets ("+name") and deletes ("-name") to 'd'. */
static void apply(sg_dict **d, const char *script)
{
    char op[32];
    int n;

    for (const char *p = script; sscanf(p, " %31s%n", op, &n) == 1; p += n) {
        if (op[0] == '+')
            put(d, op + 1, 1);
        else
            assert_int_equal(sg_dict_del(d, A(op + 1)), SG_OK);
    }
}

static void test_dict_mode_by_slots(void **state)
{
    sg_dict *d = NULL;
    char name[32];
    sg_value v;

    (void)state;
    fill(&d, "k", SG_SHAPE_MAX_SLOTS);
    assert_non_null(sg_dict_shape(d));
    assert_int_equal(sg_dict_del(&d, A("k3")), SG_OK);     /* a tombstone, carried over */
    put(&d, "k3", 33);                                      /* revived: no new slot */
    assert_non_null(sg_dict_shape(d));
    put(&d, "extra", -1);                                   /* slot 33: dict mode */
    assert_null(sg_dict_shape(d));
    assert_true(sg_dict_is_map(d));
    assert_int_equal(sg_dict_count(d), SG_SHAPE_MAX_SLOTS + 1);
    for (int i = 0; i < SG_SHAPE_MAX_SLOTS; i++) {
        snprintf(name, sizeof name, "k%d", i);
        assert_int_equal(val(d, name), i == 3 ? 33 : i);
        assert_int_equal(sg_dict_get_name(d, name, strlen(name), &v), SG_OK);
    }
    assert_int_equal(val(d, "extra"), -1);
    put(&d, "extra", -2);
    assert_int_equal(val(d, "extra"), -2);
    /* Many more names, deletes, re-adds: order is kept, memory stays bounded. */
    fill(&d, "m", 100);
    for (int i = 0; i < 100; i += 2) {
        snprintf(name, sizeof name, "m%d", i);
        assert_int_equal(sg_dict_del(&d, A(name)), SG_OK);
        assert_int_equal(sg_dict_del(&d, A(name)), SG_ENOATTR);
    }
    for (int i = 0; i < SG_SHAPE_MAX_SLOTS; i++) {
        snprintf(name, sizeof name, "k%d", i);
        assert_int_equal(sg_dict_del(&d, A(name)), SG_OK);
    }
    assert_int_equal(sg_dict_count(d), 51);
    /* bounded: deletes rebuild the table once deleted entries outnumber live ones */
    assert_true(sg_dict_bytes(d) < 6 * 51 * (sizeof(sg_atom) + sizeof(sg_box) + 8));
    order_is(d, "extra m1 m3 m5 m7 m9 m11 m13 m15 m17 m19 m21 m23 m25 m27 m29 m31 m33 m35 m37 "
                "m39 m41 m43 m45 m47 m49 m51 m53 m55 m57 m59 m61 m63 m65 m67 m69 m71 m73 m75 "
                "m77 m79 m81 m83 m85 m87 m89 m91 m93 m95 m97 m99");
    put(&d, "m0", 0);                        /* its tombstone was rebuilt away: goes last */
    assert_int_equal(sg_dict_count(d), 52);
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "m%d", i);
        if (i % 2 == 0 && i > 0)
            assert_false(has(d, name));
        else
            assert_int_equal(val(d, name), i);
    }
    sg_dict_free(&d);
    tc_end();
}

static void test_dict_mode_empties(void **state)
{
    sg_dict *d = NULL;
    char name[32];

    (void)state;
    fill(&d, "q", SG_SHAPE_MAX_SLOTS + 1);
    assert_true(sg_dict_is_map(d));
    for (int i = 0; i <= SG_SHAPE_MAX_SLOTS; i++) {
        snprintf(name, sizeof name, "q%d", i);
        assert_int_equal(sg_dict_del(&d, A(name)), SG_OK);
    }
    assert_null(d);
    tc_end();
}

static void test_dict_mode_by_class_shapes(void **state)
{
    sg_dict *d[SG_CLASS_MAX_SHAPES + 2] = {NULL}, *early = NULL;
    char name[32];
    int i;

    (void)state;
    apply(&early, "+a +b +c +d +e");                       /* made while there is room */
    /* Each instance gets a name no other has: one new shape each. */
    for (i = 0; i < SG_CLASS_MAX_SHAPES + 2; i++) {
        snprintf(name, sizeof name, "unique%d", i);
        put(&d[i], name, i);
    }
    assert_int_equal(state_of()->nshapes, SG_CLASS_MAX_SHAPES);
    assert_non_null(sg_dict_shape(d[0]));
    assert_null(sg_dict_shape(d[SG_CLASS_MAX_SHAPES]));    /* the class is full */
    assert_null(sg_dict_shape(d[SG_CLASS_MAX_SHAPES + 1]));
    for (i = 0; i < SG_CLASS_MAX_SHAPES + 2; i++) {
        snprintf(name, sizeof name, "unique%d", i);
        assert_int_equal(val(d[i], name), i);
    }
    /* Existing shapes are still shared. */
    sg_dict *again = NULL;
    /* A compaction whose shape the full class cannot make goes to dict mode. */
    assert_int_equal(sg_dict_del(&early, A("a")), SG_OK);
    assert_int_equal(sg_dict_del(&early, A("b")), SG_OK);
    assert_non_null(sg_dict_shape(early));
    assert_int_equal(sg_dict_del(&early, A("c")), SG_OK);  /* needs (d e): none left */
    assert_true(sg_dict_is_map(early));
    order_is(early, "d e");
    assert_int_equal(val(early, "e"), 1);
    sg_dict_free(&early);
    put(&again, "unique5", 0);
    assert_ptr_equal(sg_dict_shape(again), sg_dict_shape(d[5]));
    /* A compaction that needs a new shape in a full class goes to dict mode. */
    put(&again, "x1", 1);
    put(&again, "x2", 2);
    assert_true(sg_dict_is_map(again));
    sg_dict_free(&again);
    put(&again, "unique7", 1);
    assert_false(sg_dict_is_map(again));
    sg_dict_free(&again);
    for (i = 0; i < SG_CLASS_MAX_SHAPES + 2; i++)
        sg_dict_free(&d[i]);
    tc_end();
}

/* An instance whose names churn (it adds a new name while it holds a tombstone) moves to dict
 * mode by itself: it does not use up its class's shapes, and other instances keep theirs. */
/* A burst of 10,000 distinct names, then normal use (the names a, b, c on each instance):
 * after a short while, instances get shapes again. */
static void test_burst_then_normal_use(void **state)
{
    sg_class_state *st = state_of();
    static sg_dict *burst[10000], *normal[1000];
    char name[16];
    int shaped = 0;

    (void)state;
    for (int i = 0; i < 10000; i++) {
        snprintf(name, sizeof name, "burst%d", i);
        assert_int_equal(sg_dict_set(&burst[i], st, sg_atom_intern(name), sg_int(i)), SG_OK);
    }
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(sg_dict_set(&normal[i], st, sg_atom_intern("a"), sg_int(1)), SG_OK);
        assert_int_equal(sg_dict_set(&normal[i], st, sg_atom_intern("b"), sg_int(2)), SG_OK);
        assert_int_equal(sg_dict_set(&normal[i], st, sg_atom_intern("c"), sg_int(3)), SG_OK);
    }
    for (int i = 0; i < 1000; i++)
        shaped += sg_dict_shape(normal[i]) != NULL;
    assert_non_null(sg_dict_shape(normal[999]));
    assert_true(shaped >= 1000 - 3 * SG_SHAPE_EARN);
    for (int i = 0; i < 10000; i++)
        sg_dict_free(&burst[i]);
    for (int i = 0; i < 1000; i++)
        sg_dict_free(&normal[i]);
    tc_end();
}

static void test_churning_instance(void **state)
{
    sg_dict *churn = NULL, *other[64] = {NULL};
    char name[32];
    uint32_t before;

    (void)state;
    put(&churn, "w0", 0);
    put(&churn, "w1", 1);
    before = state_of()->nshapes;
    for (int i = 2; i < 2000; i++) {                        /* a sliding window of names */
        snprintf(name, sizeof name, "w%d", i);
        put(&churn, name, i);
        snprintf(name, sizeof name, "w%d", i - 2);
        assert_int_equal(sg_dict_del(&churn, A(name)), SG_OK);
        if (i == 2)
            assert_non_null(sg_dict_shape(churn));          /* a tombstone, still shared */
    }
    assert_true(sg_dict_is_map(churn));
    assert_true(state_of()->nshapes <= before + 1);
    order_is(churn, "w1998 w1999");
    for (int i = 0; i < 64; i++) {
        put(&other[i], "o1", 1);
        put(&other[i], "o2", 2);
        snprintf(name, sizeof name, "own%d", i);
        put(&other[i], name, i);
        assert_non_null(sg_dict_shape(other[i]));
        assert_ptr_equal(sg_dict_shape(other[i])->parent, sg_dict_shape(other[0])->parent);
    }
    /* Reviving a tombstone is not churn; nor is adding after a step back. */
    put(&other[0], "o3", 3);
    assert_int_equal(sg_dict_del(&other[0], A("o1")), SG_OK);
    put(&other[0], "o1", 10);
    assert_int_equal(sg_dict_del(&other[0], A("o3")), SG_OK);
    put(&other[0], "o4", 4);
    assert_non_null(sg_dict_shape(other[0]));
    order_is(other[0], "o1 o2 own0 o4");
    sg_dict_free(&churn);
    for (int i = 0; i < 64; i++)
        sg_dict_free(&other[i]);
    tc_end();
}

/* Iteration order is the same in both modes: a deleted name that is set again while its
 * slot (tombstone) remains keeps its place; once tombstones outnumber live values, shape mode
 * compacts and dict mode rebuilds, and a name set after that goes last in both. Both dicts
 * hold "pad0" first, so that the dict-mode one stays in dict mode. */
static void test_order_same_in_both_modes(void **state)
{
    static const char *const scripts[][2] = {
        {"+a +b +c -a +a", "pad0 a b c"},
        {"+a +b +c -b +b", "pad0 a b c"},
        {"+a +b +c -a -b +b +a", "pad0 a b c"},
        {"+a +b +c -c +c", "pad0 a b c"},
        {"+a +b +c +d -a -b -c +a", "pad0 d a"},
    };
    sg_dict *shape, *map;
    char name[32];

    (void)state;
    for (size_t k = 0; k < sizeof scripts / sizeof scripts[0]; k++) {
        shape = map = NULL;
        fill(&map, "pad", SG_SHAPE_MAX_SLOTS + 1);            /* into dict mode ... */
        for (int i = 1; i <= SG_SHAPE_MAX_SLOTS; i++) {        /* ... then only pad0 */
            snprintf(name, sizeof name, "pad%d", i);
            assert_int_equal(sg_dict_del(&map, A(name)), SG_OK);
        }
        assert_true(sg_dict_is_map(map));
        apply(&map, scripts[k][0]);
        put(&shape, "pad0", 0);
        apply(&shape, scripts[k][0]);
        assert_true(sg_dict_is_map(map));
        assert_non_null(sg_dict_shape(shape));
        order_is(shape, scripts[k][1]);
        order_is(map, scripts[k][1]);
        assert_int_equal(sg_dict_count(map), sg_dict_count(shape));
        sg_dict_free(&shape);
        sg_dict_free(&map);
    }
    tc_end();
}

/* ---- failures ---------------------------------------------------------------------------- */

/* A walk over every allocation of 'op' on the dict 'prep' builds, with tc_walk
 * (sg_test_classes.h): each failed run must return SG_ENOMEM with the dict exactly as before
 * (the same block, the same names and values in the same order), and give every block back
 * once the dict is freed and the runtime cleaned up. Returns the allocations of a successful
 * run. */
typedef void (*dict_prep)(sg_dict **d);
typedef sg_status (*dict_op)(sg_dict **d);

typedef struct dict_ctx {
    dict_prep prep;
    dict_op op;
    sg_dict *d, *before;
    size_t count;
    char order[512];
} dict_ctx;

/* The names of 'd' in iteration order, each followed by a space. */
static void dict_order(const sg_dict *d, char *out)
{
    uint32_t pos = 0;
    const char *name;
    sg_value v;

    out[0] = '\0';
    while (sg_dict_next(d, &pos, &name, &v)) {
        strcat(out, name);
        strcat(out, " ");
    }
}

static void dict_start(void *ctx)
{
    dict_ctx *c = ctx;

    c->d = NULL;
    c->prep(&c->d);
    c->before = c->d;
    c->count = sg_dict_count(c->d);
    dict_order(c->d, c->order);
}

static sg_status dict_op_run(void *ctx)
{
    dict_ctx *c = ctx;

    return c->op(&c->d);
}

static void dict_end(void *ctx, bool failed)
{
    dict_ctx *c = ctx;
    char order[sizeof c->order];
    uint32_t pos = 0;
    const char *name;
    sg_value v;

    if (failed) {
        assert_ptr_equal(c->d, c->before);
        assert_int_equal(sg_dict_count(c->d), c->count);
        dict_order(c->d, order);
        assert_string_equal(order, c->order);
        while (sg_dict_next(c->d, &pos, &name, &v))
            assert_int_equal(val(c->d, name), v.as.i);
    }
    sg_dict_free(&c->d);
}

static long dict_walk(dict_prep prep, dict_op op)
{
    static const tc_walk_case ops = {dict_start, dict_op_run, dict_end};
    dict_ctx c = {.prep = prep, .op = op};

    return tc_walk(&ops, &c);
}

static void prep_one(sg_dict **d)
{
    put(d, "a", 1);
    (void)A("k");
}

static void prep_full(sg_dict **d)
{
    for (int i = 0; i < SG_SHAPE_MAX_SLOTS; i++) {
        char name[16];
        snprintf(name, sizeof name, "k%d", i);
        put(d, name, i);
    }
    (void)A("k");
}

static sg_status op_set_k(sg_dict **d)
{
    return sg_dict_set(d, state_of(), sg_atom_find("k"), sg_str("value"));
}

static void test_enomem_set_new(void **state)
{
    (void)state;
    assert_int_equal(dict_walk(prep_one, op_set_k), 3);       /* string, shape, block */
    assert_int_equal(dict_walk(prep_full, op_set_k), 2);      /* string, the table */
    tc_end();
}

static void test_enomem_delete_still_succeeds(void **state)
{
    sg_dict *d = NULL;

    (void)state;
    put(&d, "a", 1);
    put(&d, "b", 2);
    put(&d, "c", 3);
    put(&d, "e", 5);
    tc_budget = 0;
    assert_int_equal(sg_dict_del(&d, A("e")), SG_OK);      /* a tombstone: no allocation */
    tc_budget = -1;
    assert_false(has(d, "e"));
    assert_int_equal(sg_dict_count(d), 3);
    order_is(d, "a b c");
    assert_int_equal(sg_dict_del(&d, A("a")), SG_OK);      /* 2 tombstones, 2 live */
    tc_budget = 0;
    assert_int_equal(sg_dict_del(&d, A("b")), SG_OK);      /* compaction fails: kept */
    tc_budget = -1;
    assert_int_equal(sg_dict_shape(d)->count, 4);
    order_is(d, "c");
    assert_int_equal(val(d, "c"), 3);
    put(&d, "b", 20);                                       /* revive after it all */
    order_is(d, "b c");
    tc_budget = 1;                      /* the compaction gets its shape (b), not its block */
    assert_int_equal(sg_dict_del(&d, A("c")), SG_OK);
    tc_budget = -1;
    assert_int_equal(sg_dict_shape(d)->count, 4);           /* a, b, c, e: b alone live */
    order_is(d, "b");
    sg_dict_free(&d);
    tc_end();
}

/* A compaction whose shape exists but whose block cannot be had keeps the tombstones. */
static void test_enomem_compaction_block(void **state)
{
    sg_dict *d = NULL, *other = NULL;

    (void)state;
    apply(&d, "+a +b +c +d +e -a -b");
    put(&other, "d", 0);
    put(&other, "e", 0);                                    /* the shape (d e) exists */
    tc_budget = 0;
    assert_int_equal(sg_dict_del(&d, A("c")), SG_OK);      /* 3 tombstones > 2 live */
    tc_budget = -1;
    assert_int_equal(sg_dict_shape(d)->count, 5);           /* not compacted */
    order_is(d, "d e");
    assert_int_equal(val(d, "e"), 1);
    apply(&d, "+c -d");                                     /* c revived; then compacted */
    assert_int_equal(sg_dict_shape(d)->count, 2);
    order_is(d, "c e");
    sg_dict_free(&other);
    sg_dict_free(&d);
    tc_end();
}

static void test_enomem_dict_mode(void **state)
{
    sg_dict *d = NULL, *before;
    sg_status rc;
    long n;

    (void)state;
    (void)state_of();
    sg_atom extra = A("extra");

    fill(&d, "k", SG_SHAPE_MAX_SLOTS);
    before = d;
    for (n = 0;; n++) {                                     /* the conversion */
        tc_budget = n;
        rc = sg_dict_set(&d, state_of(), extra, sg_str("x"));
        tc_budget = -1;
        if (rc == SG_OK)
            break;
        assert_int_equal(rc, SG_ENOMEM);
        assert_ptr_equal(d, before);
        assert_int_equal(sg_dict_count(d), SG_SHAPE_MAX_SLOTS);
    }
    assert_true(sg_dict_is_map(d));
    /* A new name whose string cannot be copied. */
    sg_atom s = A("s");
    tc_budget = 0;
    assert_int_equal(sg_dict_set(&d, state_of(), s, sg_str("copy")), SG_ENOMEM);
    tc_budget = -1;
    assert_false(has(d, "s"));
    assert_int_equal(sg_dict_count(d), SG_SHAPE_MAX_SLOTS + 1);
    /* Grow the map until a rebuild is needed, failing it first. */
    for (int i = 0; i < 200; i++) {
        char name[16];
        size_t count = sg_dict_count(d);
        sg_atom a;
        snprintf(name, sizeof name, "g%d", i);
        a = A(name);
        tc_budget = 0;
        rc = sg_dict_set(&d, state_of(), a, sg_int(i));
        tc_budget = -1;
        if (rc == SG_ENOMEM) {
            assert_int_equal(sg_dict_count(d), count);
            assert_false(has(d, name));
            assert_int_equal(sg_dict_set(&d, state_of(), a, sg_int(i)), SG_OK);
        }
        assert_int_equal(val(d, name), i);
    }
    /* Deletes whose rebuild fails still delete. */
    tc_budget = 0;
    for (int i = 0; i < 200; i++) {
        char name[16];
        snprintf(name, sizeof name, "g%d", i);
        assert_int_equal(sg_dict_del(&d, A(name)), SG_OK);
    }
    tc_budget = -1;
    assert_int_equal(sg_dict_count(d), SG_SHAPE_MAX_SLOTS + 1);
    sg_dict_free(&d);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_and_null, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_delete_last_then_add, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_tombstone_and_revival, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_compaction, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_strings_owned, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_dict_mode_by_slots, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_dict_mode_empties, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_dict_mode_by_class_shapes, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_order_same_in_both_modes, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_burst_then_normal_use, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_churning_instance, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_enomem_set_new, tc_setup_exact, tc_teardown),
        cmocka_unit_test_setup_teardown(test_enomem_delete_still_succeeds, tc_setup_exact,
                                        tc_teardown),
        cmocka_unit_test_setup_teardown(test_enomem_compaction_block, tc_setup_exact,
                                        tc_teardown),
        cmocka_unit_test_setup_teardown(test_enomem_dict_mode, tc_setup_exact, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
