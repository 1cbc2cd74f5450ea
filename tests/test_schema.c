/*
 * test_schema.c - the model: constructors keep order and positions, lookups find only what
 * was added, schema_free releases everything (ASan and valgrind see the leaks), including
 * strings that later modules fill in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schema.h"

static loc at(unsigned line, unsigned col)
{
    loc l = {"x.yaml", line, col};
    return l;
}

static void test_new_is_empty(void **state)
{
    (void)state;
    schema *s = schema_new("schemas/x.yaml");
    assert_string_equal(s->path, "schemas/x.yaml");
    assert_string_equal(s->prefix, "");
    assert_int_equal(s->version, 0);
    assert_int_equal(s->nclasses, 0);
    assert_int_equal(s->nenums, 0);
    assert_int_equal(s->nimports, 0);
    assert_null(s->doc);
    assert_false(s->slots_default);
    schema_free(s);
}

static void test_classes_keep_order(void **state)
{
    (void)state;
    schema *s = schema_new("x.yaml");
    sclass *a = schema_add_class(s, "Image", at(3, 3));
    sclass *b = schema_add_class(s, "Point", at(9, 3));
    assert_int_equal(s->nclasses, 2);
    assert_ptr_equal(s->classes[0], a);
    assert_ptr_equal(s->classes[1], b);
    assert_int_equal(a->slots, -1);
    assert_int_equal(a->layout, LAYOUT_COMPACT);
    assert_ptr_equal(a->owner, s);
    assert_int_equal(b->at.line, 9);
    assert_ptr_equal(schema_find_class(s, "Point"), b);
    assert_null(schema_find_class(s, "point"));
    assert_null(schema_find_enum(s, "Image"));
    schema_free(s);
}

static void test_name_is_copied(void **state)
{
    (void)state;
    char name[] = "Image";
    schema *s = schema_new("x.yaml");
    sclass *c = schema_add_class(s, name, at(1, 1));
    name[0] = 'X';
    assert_string_equal(c->name, "Image");
    schema_free(s);
}

static void test_many_nodes(void **state)
{
    (void)state;
    schema *s = schema_new("x.yaml");
    sclass *c = schema_add_class(s, "Big", at(1, 1));
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "a%d", i);
        attr *a = schema_add_attr(c, name, at((unsigned)i + 2, 5));
        assert_int_equal(a->presence, -1);
    }
    assert_int_equal(c->nattrs, 1000);
    assert_string_equal(c->attrs[999]->name, "a999");
    assert_int_equal(c->attrs[500]->at.line, 502);
    schema_free(s);
}

/* A lookup finds the first node of a name whether the array is still scanned (up to
 * MAP_SCAN nodes, no index) or indexed (past it, every node indexed in order). */
static void test_lookup_scan_then_map(void **state)
{
    (void)state;
    schema *s = schema_new("x.yaml");
    sclass *c = schema_add_class(s, "C", at(1, 1));
    attr *first_dup = NULL;
    char name[32];
    for (int i = 0; i < 3 * MAP_SCAN; i++) {
        snprintf(name, sizeof name, "a%d", i % (MAP_SCAN - 2)); /* names repeat */
        attr *a = schema_add_attr(c, name, at((unsigned)i + 2, 5));
        if (i == 1)
            first_dup = a;
        if (c->nattrs <= MAP_SCAN)
            assert_int_equal(c->attr_map.cap, 0);
        else
            assert_true(c->attr_map.cap > 2 * c->nattrs);
        assert_ptr_equal(schema_find_attr(c, "a1"), first_dup);
        assert_ptr_equal(schema_find_attr(c, "a0"), c->attrs[0]);
        assert_null(schema_find_attr(c, "zz"));
    }
    schema_free(s);
}

static void test_enums_and_members(void **state)
{
    (void)state;
    schema *s = schema_new("x.yaml");
    senum *e = schema_add_enum(s, "Color", at(4, 3));
    schema_add_member(e, "red", at(4, 11));
    enum_member *g = schema_add_member(e, "green", at(4, 16));
    assert_int_equal(e->nmembers, 2);
    assert_int_equal(g->value, 1);
    assert_false(g->has_value);
    assert_ptr_equal(e->owner, s);
    assert_ptr_equal(schema_find_enum(s, "Color"), e);
    assert_null(schema_find_class(s, "Color"));
    schema_free(s);
}

static void test_imports(void **state)
{
    (void)state;
    schema *s = schema_new("x.yaml");
    import *im = schema_add_import(s, "common.yaml", at(2, 12));
    assert_int_equal(s->nimports, 1);
    assert_string_equal(im->path, "common.yaml");
    assert_null(im->target);
    schema_free(s);
}

/* Everything a full pipeline fills in is freed by schema_free (the sanitizers check). */
static void test_free_owns_everything(void **state)
{
    (void)state;
    schema *s = schema_new("x.yaml");
    mem_free(s->prefix);
    s->prefix = mem_strdup("img_");
    s->doc = mem_strdup("doc");
    sclass *c = schema_add_class(s, "Image", at(1, 1));
    c->doc = mem_strdup("doc");
    c->cname = mem_strdup("img_Image");
    c->slots_order = mem_alloc(2 * sizeof *c->slots_order);
    c->nslots = 2;
    attr *a = schema_add_attr(c, "int", at(2, 2));
    a->type_text = mem_strdup("u32");
    a->doc = mem_strdup("doc");
    a->type.kind = TY_U32;
    a->cname = a->name;               /* borrowed, as names.c sets it */
    a->member = mem_strdup("int_");   /* mangled: owned */
    a->ctype = (char *)"uint32_t";    /* a built-in type's: static */
    attr *r = schema_add_attr(c, "next", at(2, 3));
    r->type.kind = TY_REF;
    r->c_name = mem_strdup("nxt");
    r->cname = r->member = r->c_name; /* both borrowed */
    r->ctype = mem_strdup("img_Image *"); /* a ref's: owned */
    a->defaults = mem_alloc(2 * sizeof *a->defaults);
    a->defaults[0].text = mem_strdup("1");
    a->defaults[1].text = mem_strdup("2");
    a->ndefaults = 2;
    senum *e = schema_add_enum(s, "Color", at(3, 3));
    e->cname = mem_strdup("img_Color");
    enum_member *m = schema_add_member(e, "red", at(3, 4));
    m->cname = mem_strdup("COLOR_RED");
    m->value_text.text = mem_strdup("7");
    schema_add_import(s, "common.yaml", at(1, 1));
    schema_free(s);
    schema_free(NULL);
}

/* schema_attr_names_free frees only what the attribute owns, clears all three, and a second
 * naming starts from nothing (ASan reports a double free or a leak otherwise). */
static void test_attr_names_free(void **state)
{
    (void)state;
    schema *s = schema_new("x.yaml");
    sclass *c = schema_add_class(s, "Image", at(1, 1));
    attr *a = schema_add_attr(c, "pos", at(2, 2));
    a->type.kind = TY_CLASS;
    a->cname = a->name;
    a->member = a->cname;
    a->ctype = mem_strdup("img_Point");
    schema_attr_names_free(a);
    assert_null(a->cname);
    assert_null(a->member);
    assert_null(a->ctype);
    assert_string_equal(a->name, "pos");
    a->cname = a->name;
    a->member = mem_strdup("pos_");
    a->ctype = mem_strdup("img_Point");
    schema_free(s);
}

static void test_xstrndup_stops(void **state)
{
    (void)state;
    char *p = mem_strndup("abcdef", 3);
    assert_string_equal(p, "abc");
    mem_free(p);
    p = mem_strndup("ab\0cd", 5);
    assert_string_equal(p, "ab");
    mem_free(p);
    unsigned char *z = mem_alloc(16);
    for (int i = 0; i < 16; i++)
        assert_int_equal(z[i], 0);
    mem_free(z);
}

static void test_push_grows(void **state)
{
    (void)state;
    void **items = NULL;
    size_t n = 0;
    static int values[100];
    for (int i = 0; i < 100; i++)
        schema_push(&items, &n, &values[i]);
    assert_int_equal(n, 100);
    for (int i = 0; i < 100; i++)
        assert_ptr_equal(items[i], &values[i]);
    mem_free(items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_is_empty),
        cmocka_unit_test(test_classes_keep_order),
        cmocka_unit_test(test_name_is_copied),
        cmocka_unit_test(test_many_nodes),
        cmocka_unit_test(test_lookup_scan_then_map),
        cmocka_unit_test(test_enums_and_members),
        cmocka_unit_test(test_imports),
        cmocka_unit_test(test_free_owns_everything),
        cmocka_unit_test(test_attr_names_free),
        cmocka_unit_test(test_xstrndup_stops),
        cmocka_unit_test(test_push_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
