/*
 * test_layout.c - struct layouts: the figures, the three layouts, hidden members,
 * and a randomized property: compact never leaves interior padding and is never larger than
 * declaration order; layout_what_if agrees with laying a class out for real.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "sgc_test.h"

static const sclass *only_class(const schema *s)
{
    assert_int_equal(s->nclasses, 1);
    return s->classes[0];
}

static void check_image(const char *layout, const char *slots, uint32_t size,
                        const char *first)
{
    char text[512];
    snprintf(text, sizeof text,
             "slotgen: 1\nclasses:\n  Image:\n    slots: %s\n    layout: %s\n"
             "    attributes: {id: u32, caption: string, url: string}\n", slots, layout);
    schema *s = front_end(text);
    const sclass *c = only_class(s);
    assert_int_equal(c->size, size);
    assert_int_equal(c->slots_order[0].kind, SLOT_ATTR);
    assert_string_equal(c->slots_order[0].a->name, first);
    schema_free(s);
}

static void test_image_figures(void **state)
{
    (void)state;
    if (sizeof(void *) != 8)
        skip();
    check_image("compact", "true", 24, "caption");
    check_image("packed", "true", 20, "id");
    check_image("declared", "true", 24, "id");
    check_image("compact", "false", 32, "caption");
}

static void test_measurement_figures(void **state)
{
    (void)state;
    if (sizeof(void *) != 8)
        skip();
    const char *fmt = "slotgen: 1\nclasses:\n  Measurement:\n    slots: %s\n"
                      "    attributes: {x: i32, y: i32, val: string}\n";
    char text[256];
    snprintf(text, sizeof text, fmt, "true");
    schema *s = front_end(text);
    assert_int_equal(only_class(s)->size, 16);
    assert_int_equal(only_class(s)->padding, 0);
    schema_free(s);
    snprintf(text, sizeof text, fmt, "false");
    s = front_end(text);
    assert_int_equal(only_class(s)->size, 24); /* one pointer more */
    schema_free(s);
}

static void test_declared_keeps_padding(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nclasses:\n  R:\n    slots: true\n    layout: declared\n"
                          "    attributes: {a: u8, b: u64, c: u16}\n");
    const sclass *c = only_class(s);
    assert_int_equal(c->size, 24);
    assert_int_equal(c->padding, 13);
    assert_int_equal(c->slots_order[1].offset, 8);
    schema_free(s);
    s = front_end("slotgen: 1\nclasses:\n  R:\n    slots: true\n"
                  "    attributes: {a: u8, b: u64, c: u16}\n");
    c = only_class(s);
    assert_int_equal(c->size, 16); /* b, c, a + 5 bytes of tail padding */
    assert_string_equal(c->slots_order[2].a->name, "a");
    schema_free(s);
}

static void test_presence_bitmap(void **state)
{
    (void)state;
    char text[1024] = "slotgen: 1\nclasses:\n  P:\n    slots: true\n    attributes:\n";
    for (int i = 0; i < 9; i++) {
        char line[64];
        snprintf(line, sizeof line, "      a%d: {type: u8, optional: true}\n", i);
        strcat(text, line);
    }
    schema *s = front_end(text);
    const sclass *c = only_class(s);
    assert_int_equal(c->npresence, 9);
    assert_int_equal(c->nslots, 10);
    assert_int_equal(c->slots_order[9].kind, SLOT_PRESENCE);
    assert_int_equal(c->slots_order[9].size, 2);
    assert_int_equal(c->size, 11);
    assert_int_equal(c->attrs[8]->presence, 8);
    schema_free(s);
}

static void test_embedded_and_arrays(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nclasses:\n"
                          "  Outer:\n    slots: true\n"
                          "    attributes: {tag: u8, in: Inner, names: 'char[5][3]'}\n"
                          "  Inner:\n    slots: true\n    attributes: {a: u16, b: u64}\n");
    const sclass *inner = s->classes[1], *outer = s->classes[0];
    assert_int_equal(inner->size, 16);
    assert_int_equal(inner->align, 8);
    assert_int_equal(outer->attrs[2]->size, 15);
    assert_int_equal(outer->size, 32); /* in (16), names (15), tag (1) */
    assert_string_equal(outer->slots_order[0].a->name, "in");
    schema_free(s);
}

/* 'text' passes check but layout reports exactly one error, 'expected'. */
static void expect_layout_error(const char *text, const char *expected)
{
    diag d;
    diag_init(&d, NULL, 1);
    schema *s = load_schema("t.yaml", text, strlen(text), &d);
    assert_int_equal(check_schema(s, &d), 0);
    names_assign(s);
    assert_int_equal(layout_schema(s, &d), 1);
    assert_string_equal(diag_text(&d), expected);
    diag_fini(&d);
    schema_free(s);
}

static void test_too_large(void **state)
{
    (void)state;
    const char *text = "slotgen: 1\nclasses:\n  Big:\n    slots: true\n"
                       "    attributes: {a: 'u64[1048576]', b: 'Mid[1048576]'}\n"
                       "  Mid:\n    slots: true\n    attributes: {x: 'u64[1024]'}\n";
    expect_layout_error(text, "t.yaml:3:3: error: class 'Big' would take 8598323200 bytes, "
                              "more than the limit of 2147483647\n");
}

static void test_packed_cannot_embed(void **state)
{
    (void)state;
    const char *text = "slotgen: 1\nclasses:\n  W:\n    slots: true\n    layout: packed\n"
                       "    attributes:\n      p: P\n      r: ref P\n"
                       "  P:\n    slots: true\n    attributes: {x: u64}\n";
    expect_layout_error(text, "t.yaml:7:10: error: packed class 'W' cannot embed class 'P' "
                              "by value in attribute 'p'; hint: use 'ref P', or layout "
                              "'compact'\n");
}

/* A class embedding a packed class that was refused still gets a layout (it used to divide
 * by the refused class's alignment, 0: SIGFPE). Found by the schema fuzzer. */
static void test_embedding_refused_packed(void **state)
{
    (void)state;
    const char *text = "slotgen: 1\nclasses:\n  P:\n    attributes: {x: u8}\n"
                       "  W:\n    layout: packed\n    attributes: {p: P}\n"
                       "  O:\n    attributes: {w: W, y: u32}\n";
    expect_layout_error(text, "t.yaml:7:21: error: packed class 'W' cannot embed class 'P' "
                              "by value in attribute 'p'; hint: use 'ref P', or layout "
                              "'compact'\n");
}

/* Random classes of primitive attributes: compact has no interior padding and is never
 * larger than declared order; declared keeps the order; packed has no padding at all. */
static void test_compact_property(void **state)
{
    (void)state;
    static const char *const types[] = {"bool", "i8", "u16", "i32", "u64", "f32", "f64",
                                        "string", "'char[3]'", "'u16[3]'"};
    srand(12345);
    for (int round = 0; round < 300; round++) {
        char text[2048] = "", attrs[1600] = "";
        int n = 1 + rand() % 12;
        for (int i = 0; i < n; i++) {
            char one[64];
            snprintf(one, sizeof one, "%sa%d: %s", i ? ", " : "", i, types[rand() % 10]);
            strcat(attrs, one);
        }
        uint32_t size[3];
        for (int l = 0; l < 3; l++) {
            static const char *const layouts[] = {"compact", "declared", "packed"};
            snprintf(text, sizeof text, "slotgen: 1\nclasses:\n  R:\n    slots: %s\n"
                     "    layout: %s\n    attributes: {%s}\n", round % 2 ? "true" : "false",
                     layouts[l], attrs);
            schema *s = front_end(text);
            const sclass *c = only_class(s);
            size[l] = c->size;
            const slot *last = &c->slots_order[c->nslots - 1];
            uint32_t interior = last->offset + last->size;
            for (size_t i = 0; i < c->nslots; i++)
                interior -= c->slots_order[i].size;
            if (l != 1)
                assert_int_equal(interior, 0);
            if (l == 2)
                assert_int_equal(c->padding, 0);
            schema_free(s);
        }
        assert_true(size[0] <= size[1]);
        assert_true(size[2] <= size[0]);
    }
}

/* 100,000 attributes, the u8 half declared before the u64 half: the compact order moves every
 * u64 before every u8, which an insertion sort did one place at a time (quadratic: 2.5e9
 * moves). Declaration order must still break ties. The class is built in memory: only layout
 * is under test. */
static void test_compact_many_attributes(void **state)
{
    (void)state;
    size_t n = 100000;
    schema *s = schema_new("t.yaml");
    sclass *c = schema_add_class(s, "Big", (loc){s->path, 3, 3});
    c->slotted = true;
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "a%zu", i);
        attr *a = schema_add_attr(c, name, (loc){s->path, 5, 7});
        a->type.kind = i < n / 2 ? TY_U8 : TY_U64;
    }
    diag d;
    diag_init(&d, NULL, 1);
    assert_int_equal(layout_schema(s, &d), 0);
    assert_int_equal(c->nslots, n);
    for (size_t i = 0; i < n; i++) {
        size_t want = i < n / 2 ? n / 2 + i : i - n / 2; /* the u64s, then the u8s */
        assert_ptr_equal(c->slots_order[i].a, c->attrs[want]);
    }
    assert_int_equal(c->size, n / 2 * 8 + n / 2);
    diag_fini(&d);
    schema_free(s);
}

/* A random class's attributes (optional ones included) as a YAML flow mapping. */
static void random_attrs(char *attrs, size_t n)
{
    static const char *const types[] = {"bool", "i8", "u16", "i32", "u64", "f32", "f64",
                                        "string", "'char[3]'", "'u16[3]'"};
    int count = 1 + rand() % 12;
    attrs[0] = '\0';
    for (int i = 0; i < count; i++) {
        char one[96];
        const char *t = types[rand() % 10];
        if (rand() % 4 == 0)
            snprintf(one, sizeof one, "%sa%d: {type: %s, optional: true}", i ? ", " : "", i, t);
        else
            snprintf(one, sizeof one, "%sa%d: %s", i ? ", " : "", i, t);
        assert_true(strlen(attrs) + strlen(one) < n);
        strcat(attrs, one);
    }
}

static schema *class_with(const char *attrs, const char *layout, bool slotted)
{
    char text[2048];
    snprintf(text, sizeof text, "slotgen: 1\nclasses:\n  R:\n    slots: %s\n"
             "    layout: %s\n    attributes: {%s}\n", slotted ? "true" : "false", layout,
             attrs);
    return front_end(text);
}

/* layout_what_if gives, for every layout and slotted setting, exactly the size and padding
 * that laying the class out that way gives; and it leaves the class as it was. */
static void test_what_if_matches_layout(void **state)
{
    (void)state;
    static const char *const layouts[] = {"compact", "declared", "packed"};
    srand(777);
    for (int round = 0; round < 200; round++) {
        char attrs[1600];
        random_attrs(attrs, sizeof attrs);
        schema *base = class_with(attrs, layouts[round % 3], round % 2);
        sclass *c = base->classes[0];
        uint32_t size0 = c->size, first0 = c->slots_order[0].offset;
        for (int k = 0; k < 3; k++) {
            for (int slotted = 0; slotted < 2; slotted++) {
                schema *real = class_with(attrs, layouts[k], slotted);
                uint32_t size, padding;
                layout_what_if(c, (layout_kind)k, slotted, &size, &padding);
                assert_int_equal(size, real->classes[0]->size);
                assert_int_equal(padding, real->classes[0]->padding);
                schema_free(real);
            }
        }
        assert_int_equal(c->size, size0);
        assert_int_equal(c->slots_order[0].offset, first0);
        schema_free(base);
    }
}

/* A list (T[]) is one pointer whatever its elements, so a class may hold a list of itself and
 * a packed class a list of embedded classes; a flag set takes the smallest unsigned integer
 * holding its highest bit. */
static void test_lists_and_flags(void **state)
{
    (void)state;
    if (sizeof(void *) != 8)
        skip();
    schema *s = front_end("slotgen: 1.1\n"
                          "flags:\n  F8: [a, b]\n  F16: {a: 8}\n  F32: {a: 31}\n  F64: {a: 32}\n"
                          "classes:\n"
                          "  Node:\n    slots: true\n    layout: packed\n"
                          "    attributes: {kids: 'Node[]', big: 'Big[]', codes: 'char[16][]', "
                          "f8: F8}\n"
                          "  Big:\n    slots: true\n    attributes: {x: 'u64[64]'}\n"
                          "  Sets:\n    slots: true\n    layout: declared\n"
                          "    attributes: {a: F8, b: F16, c: F32, d: F64, e: 'F16[3]'}\n");
    const sclass *node = s->classes[0], *sets = s->classes[2];
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(node->attrs[i]->size, sizeof(void *));
        assert_int_equal(node->attrs[i]->align, sizeof(void *));
    }
    assert_int_equal(node->size, 3 * sizeof(void *) + 1); /* packed */
    static const uint32_t sizes[] = {1, 2, 4, 8, 6}, offsets[] = {0, 2, 4, 8, 16};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(sets->attrs[i]->size, sizes[i]);
        assert_int_equal(sets->slots_order[i].offset, offsets[i]);
    }
    assert_int_equal(sets->size, 24);
    schema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_figures),
        cmocka_unit_test(test_measurement_figures),
        cmocka_unit_test(test_declared_keeps_padding),
        cmocka_unit_test(test_presence_bitmap),
        cmocka_unit_test(test_embedded_and_arrays),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_packed_cannot_embed),
        cmocka_unit_test(test_embedding_refused_packed),
        cmocka_unit_test(test_compact_property),
        cmocka_unit_test(test_compact_many_attributes),
        cmocka_unit_test(test_what_if_matches_layout),
        cmocka_unit_test(test_lists_and_flags),
    };
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
