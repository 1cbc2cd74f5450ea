/*
 * test_check.c - semantic checks, from strings in memory: what check_schema fills in (each
 * attribute's type_ref, enum values, 'slotted'), name resolution across imports, and the
 * identifier rules. The exact wording of every error is pinned by the corpus
 * (test_corpus.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check.h"
#include "diag.h"
#include "load.h"

typedef struct checked {
    diag d;
    schema *s;
    unsigned errors; /* reported by check_schema */
} checked;

static checked check_text(const char *path, const char *text, schema *import_target)
{
    checked c;
    diag_init(&c.d, NULL, 1);
    c.s = load_schema(path, text, strlen(text), &c.d);
    for (size_t i = 0; import_target && i < c.s->nimports; i++)
        c.s->imports[i]->target = import_target;
    c.errors = check_schema(c.s, &c.d);
    return c;
}

static void done(checked *c)
{
    schema_free(c->s);
    diag_fini(&c->d);
}

static void assert_clean(checked *c)
{
    if (c->d.errors)
        print_error("%s", diag_text(&c->d));
    assert_int_equal(c->d.errors, 0);
}

static attr *find(const schema *s, const char *cls, const char *name)
{
    sclass *c = schema_find_class(s, cls);
    assert_non_null(c);
    attr *a = schema_find_attr(c, name);
    if (!a)
        fail_msg("no attribute %s.%s", cls, name);
    return a;
}

static const char types_yaml[] =
    "slotgen: 1\n"
    "enums:\n"
    "  Color: [red, green, blue]\n"
    "classes:\n"
    "  Point:\n"
    "    attributes: {x: i32, y: i32}\n"
    "  All:\n"
    "    attributes:\n"
    "      b: bool\n"
    "      c: char\n"
    "      n: u16\n"
    "      f: f64\n"
    "      s: string\n"
    "      name: char[16]\n"
    "      names: char[8][4]\n"
    "      color: Color\n"
    "      colors: Color[3]\n"
    "      p: Point\n"
    "      ps: Point[2]\n"
    "      r: ref Point\n"
    "      rs: ref   Point [ 5 ]\n"
    "      me: ref All\n"
    "      xs: i64[1048576]\n";

static void test_types_resolved(void **state)
{
    (void)state;
    checked c = check_text("t.yaml", types_yaml, NULL);
    assert_clean(&c);
    schema *s = c.s;
    sclass *point = schema_find_class(s, "Point");
    senum *color = schema_find_enum(s, "Color");
    assert_int_equal(find(s, "All", "b")->type.kind, TY_BOOL);
    assert_int_equal(find(s, "All", "c")->type.kind, TY_CHAR);
    assert_int_equal(find(s, "All", "n")->type.kind, TY_U16);
    assert_int_equal(find(s, "All", "f")->type.kind, TY_F64);
    assert_int_equal(find(s, "All", "s")->type.kind, TY_STRING);
    attr *a = find(s, "All", "name");
    assert_int_equal(a->type.kind, TY_CHARS);
    assert_int_equal(a->type.chars, 16);
    assert_int_equal(a->type.count, 0);
    a = find(s, "All", "names");
    assert_int_equal(a->type.kind, TY_CHARS);
    assert_int_equal(a->type.chars, 8);
    assert_int_equal(a->type.count, 4);
    a = find(s, "All", "colors");
    assert_int_equal(a->type.kind, TY_ENUM);
    assert_ptr_equal(a->type.enm, color);
    assert_int_equal(a->type.count, 3);
    a = find(s, "All", "ps");
    assert_int_equal(a->type.kind, TY_CLASS);
    assert_ptr_equal(a->type.cls, point);
    assert_int_equal(a->type.count, 2);
    a = find(s, "All", "rs");
    assert_int_equal(a->type.kind, TY_REF);
    assert_ptr_equal(a->type.cls, point);
    assert_int_equal(a->type.count, 5);
    assert_ptr_equal(find(s, "All", "me")->type.cls, schema_find_class(s, "All"));
    assert_int_equal(find(s, "All", "xs")->type.count, 1048576);
    done(&c);
}

static void test_slotted(void **state)
{
    (void)state;
    checked c = check_text("t.yaml",
                           "slotgen: 1\n"
                           "slots: true\n"
                           "classes:\n"
                           "  A: {attributes: {a: u8}}\n"
                           "  B: {slots: false}\n"
                           "  C: {slots: true, attributes: {a: u8}}\n", NULL);
    assert_clean(&c);
    assert_true(c.s->classes[0]->slotted);
    assert_false(c.s->classes[1]->slotted);
    assert_true(c.s->classes[2]->slotted);
    done(&c);
    c = check_text("t.yaml", "slotgen: 1\nclasses: {A: {attributes: {a: u8}}}\n", NULL);
    assert_clean(&c);
    assert_false(c.s->classes[0]->slotted);
    done(&c);
}

static void test_enum_values(void **state)
{
    (void)state;
    checked c = check_text("t.yaml",
                           "slotgen: 1\n"
                           "enums:\n"
                           "  Color: [red, green, blue]\n"
                           "  Http: {ok: 200, moved: 0x12D, neg: -2147483648, dup: 200}\n", NULL);
    assert_clean(&c);
    senum *color = c.s->enums[0], *http = c.s->enums[1];
    assert_int_equal(color->members[0]->value, 0);
    assert_int_equal(color->members[2]->value, 2);
    assert_int_equal(http->members[0]->value, 200);
    assert_int_equal(http->members[1]->value, 301);
    assert_int_equal(http->members[2]->value, INT32_MIN);
    assert_int_equal(http->members[3]->value, 200); /* duplicate values are allowed */
    done(&c);
}

static void test_good_defaults(void **state)
{
    (void)state;
    checked c = check_text("t.yaml",
                           "slotgen: 1\n"
                           "enums: {Color: [red]}\n"
                           "classes:\n"
                           "  A:\n"
                           "    attributes:\n"
                           "      a: {type: u64, default: 18446744073709551615}\n"
                           "      b: {type: i64, default: -9223372036854775808}\n"
                           "      c: {type: i8, default: -0}\n"
                           "      d: {type: f32, default: .inf}\n"
                           "      e: {type: f64, default: 4.9406564584124654e-324}\n"
                           "      e2: {type: f32, default: 3.4028235e38}\n"
                           "      f: {type: string, default: 123}\n"
                           "      g: {type: char, default: '7'}\n"
                           "      h: {type: \"char[2]\", default: ~}\n"
                           "      i: {type: Color, default: 'red'}\n"
                           "      j: {type: ref A}\n"
                           "      k: {type: \"u8[2]\", default: []}\n", NULL);
    assert_clean(&c); /* 1.5e-400, which is 0 as a double, is an error: see the corpus */
    done(&c);
}

static void test_check_after_load_errors(void **state)
{
    (void)state;
    /* load reports the missing type and the duplicate; check adds only the bad default */
    checked c = check_text("t.yaml",
                           "slotgen: 1\n"
                           "classes:\n"
                           "  A:\n"
                           "    attributes:\n"
                           "      a: {doc: no type, default: 3}\n"
                           "      b: {type: u8, default: 256}\n"
                           "      b: u8\n", NULL);
    assert_int_equal(c.d.errors, 3);
    assert_int_equal(c.errors, 1);
    done(&c);
}

static void test_recursion_reported_once(void **state)
{
    (void)state;
    checked c = check_text("t.yaml",
                           "slotgen: 1\n"
                           "classes:\n"
                           "  A: {attributes: {b: B, b2: B}}\n"
                           "  B: {attributes: {a: A}}\n"
                           "  C: {attributes: {a: A, c: ref C}}\n", NULL);
    /* A.b -> B.a -> A; once B is done, A.b2 and C.a are not reported again */
    assert_int_equal(c.errors, 1);
    done(&c);
}

static void test_long_cycle_is_shortened(void **state)
{
    (void)state;
    char text[2048] = "slotgen: 1\nclasses:\n";
    for (int i = 0; i < 12; i++) {
        char line[64];
        snprintf(line, sizeof line, "  C%d: {attributes: {a: C%d}}\n", i, (i + 1) % 12);
        strcat(text, line);
    }
    checked c = check_text("t.yaml", text, NULL);
    assert_int_equal(c.errors, 1);
    assert_non_null(strstr(diag_text(&c.d), ": C0.a -> C1.a -> C2.a -> C3.a -> C4.a -> C5.a "
                                            "-> C6.a -> ... -> C11.a -> C0 (use 'ref C1' "));
    done(&c);
}

static const char common_yaml[] =
    "slotgen: 1\n"
    "enums: {Color: [red, green]}\n"
    "classes:\n"
    "  Point: {attributes: {x: i32}}\n";

static void test_imported_names(void **state)
{
    (void)state;
    checked common = check_text("common.yaml", common_yaml, NULL);
    assert_clean(&common);
    checked c = check_text("main.yaml",
                           "slotgen: 1\n"
                           "imports: [common.yaml]\n"
                           "classes:\n"
                           "  Shape:\n"
                           "    attributes:\n"
                           "      at: Point\n"
                           "      to: ref Point\n"
                           "      color: {type: Color, default: green}\n", common.s);
    assert_clean(&c);
    attr *at = find(c.s, "Shape", "at");
    assert_ptr_equal(at->type.cls, schema_find_class(common.s, "Point"));
    assert_ptr_equal(find(c.s, "Shape", "color")->type.enm, schema_find_enum(common.s, "Color"));
    done(&c);
    done(&common);
}

static void test_imported_clash(void **state)
{
    (void)state;
    checked common = check_text("common.yaml", common_yaml, NULL);
    checked c = check_text("main.yaml",
                           "slotgen: 1\n"
                           "imports: [common.yaml]\n"
                           "enums: {Point: [a]}\n"
                           "classes:\n"
                           "  Color: {attributes: {x: Pont}}\n", common.s);
    assert_string_equal(diag_text(&c.d),
                        "main.yaml:3:9: error: enum 'Point' has the same name as class "
                        "'Point' imported from 'common.yaml'\n"
                        "common.yaml:4:3: note: class 'Point' declared here\n"
                        "main.yaml:5:3: error: class 'Color' has the same name as enum 'Color' "
                        "imported from 'common.yaml'\n"
                        "common.yaml:2:9: note: enum 'Color' declared here\n"
                        "main.yaml:5:27: error: unknown type 'Pont' for attribute 'x' (did you "
                        "mean 'Point'?)\n");
    done(&c);
    done(&common);
}

static void test_unresolved_import_is_skipped(void **state)
{
    (void)state;
    checked c = check_text("main.yaml",
                           "slotgen: 1\nimports: [missing.yaml]\n"
                           "classes: {A: {attributes: {a: u8}}}\n", NULL);
    assert_clean(&c);
    done(&c);
}

static void test_identifiers(void **state)
{
    (void)state;
    assert_true(check_identifier("a"));
    assert_true(check_identifier("Image"));
    assert_true(check_identifier("x_1"));
    assert_true(check_identifier("_x"));
    assert_true(check_identifier("_1"));
    assert_true(check_identifier("_"));
    assert_true(check_identifier("int"));
    assert_false(check_identifier(""));
    assert_false(check_identifier("1a"));
    assert_false(check_identifier("__x"));
    assert_false(check_identifier("_X"));
    assert_false(check_identifier("a-b"));
    assert_false(check_identifier("a b"));
    assert_false(check_identifier("caf\xc3\xa9"));
}

/* A c_name is a C identifier (starting with a letter at file scope), not reserved; with
 * one, a class name that is a keyword or a standard C name is fine. */
static void test_c_name(void **state)
{
    (void)state;
    checked c = check_text("t.yaml", "slotgen: 1\nclasses:\n  log:\n    c_name: Log\n"
                                     "    attributes: {x: u8}\n  class:\n    c_name: Klass\n"
                                     "    attributes: {x: u8}\n", NULL);
    assert_clean(&c);
    done(&c);
    c = check_text("t.yaml", "slotgen: 1\nenums:\n  E:\n    a: {c_name: _A}\n"
                             "classes:\n  T:\n    c_name: v\n    attributes:\n"
                             "      a: {type: u8, c_name: _a}\n      b: {type: u8, c_name: EOF}\n",
                   NULL);
    assert_string_equal(diag_text(&c.d),
                        "t.yaml:4:17: error: invalid c_name '_A' of member 'a' of enum 'E' (a C "
                        "name is a letter, then letters, digits or '_')\n"
                        "t.yaml:7:13: error: c_name 'v' of class 'T' is reserved: generated "
                        "functions use it for a parameter or local\n"
                        "t.yaml:10:29: error: c_name 'EOF' of attribute 'b' of class 'T' is "
                        "reserved: it is a keyword, a name of slotgen's runtime or of the C "
                        "standard headers\n");
    done(&c);
}

static void test_prefix(void **state)
{
    (void)state;
    checked c = check_text("t.yaml", "slotgen: 1\nprefix: img_\n", NULL);
    assert_clean(&c);
    done(&c);
    c = check_text("t.yaml", "slotgen: 1\nprefix: _img\n", NULL);
    assert_int_equal(c.errors, 1);
    done(&c);
    c = check_text("t.yaml", "slotgen: 1\nprefix: img-\n", NULL);
    assert_int_equal(c.errors, 1);
    done(&c);
}

/* 'n' classes C<i>, each with an attribute of the unknown type D<i>: every D<i> is one edit
 * from C<i>. Looking for "did you mean" compares each unknown name with every class, n * n in
 * all (30,000 took half an hour): a file gets a fixed budget of comparisons, and past it the
 * errors come without a hint. */
static void test_hint_budget(void **state)
{
    (void)state;
    size_t n = 1500;
    char *text = malloc(32 + n * 48), *p = text;
    assert_non_null(text);
    p += sprintf(p, "slotgen: 1\nclasses:\n");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "  C%04zu: {attributes: {x: D%04zu}}\n", i, i);
    checked c = check_text("t.yaml", text, NULL);
    assert_int_equal(c.errors, n);
    const char *all = diag_text(&c.d);
    assert_non_null(strstr(all, "unknown type 'D0000' for attribute 'x' (did you mean 'C0000'?)"));
    assert_non_null(strstr(all, "unknown type 'D1499' for attribute 'x'\n"));
    done(&c);
    free(text);
}

/* Language 1.1 types: T[] of every element kind T[N] allows (a list is never an array:
 * count 0), flag sets (bits, storage, defaults as a sequence or "a|b"), a list of the class
 * itself (no cycle), and the version rule. */
static void test_lists_and_flags(void **state)
{
    (void)state;
    checked c = check_text("t.yaml",
                           "slotgen: 1.1\n"
                           "flags:\n"
                           "  Amenity: [wifi, pool, spa]\n"
                           "  Wide: {a: 0, b: 15}\n"
                           "  Huge: {z: 63}\n"
                           "  Mid: {m: 31}\n"
                           "enums:\n"
                           "  Color: [red]\n"
                           "classes:\n"
                           "  Room: {attributes: {n: u8}}\n"
                           "  Node:\n"
                           "    attributes:\n"
                           "      kids: Node[]\n"
                           "      b: bool[]\n"
                           "      ch: char[]\n"
                           "      i: i64[]\n"
                           "      f: f32[]\n"
                           "      s: string[]\n"
                           "      codes: char[8][]\n"
                           "      col: Color[]\n"
                           "      rooms: Room[]\n"
                           "      refs: ref Room[ ]\n"
                           "      am: {type: Amenity, default: [wifi, spa]}\n"
                           "      am2: {type: Amenity, default: \"pool | spa\"}\n"
                           "      am3: {type: Amenity, default: []}\n"
                           "      am4: {type: Amenity, default: \"\"}\n"
                           "      ams: {type: \"Amenity[2]\", default: [pool, \"wifi|spa\"]}\n"
                           "      aml: Amenity[]\n"
                           "      w: Wide\n"
                           "      old: {type: u8, deprecated: true}\n",
                           NULL);
    assert_clean(&c);
    schema *s = c.s;
    static const struct { const char *name; type_kind kind; } lists[] = {
        {"kids", TY_CLASS}, {"b", TY_BOOL}, {"ch", TY_CHAR}, {"i", TY_I64}, {"f", TY_F32},
        {"s", TY_STRING}, {"codes", TY_CHARS}, {"col", TY_ENUM}, {"rooms", TY_CLASS},
        {"refs", TY_REF}, {"aml", TY_FLAGS},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        attr *a = find(s, "Node", lists[i].name);
        assert_true(a->type.list);
        assert_int_equal(a->type.kind, lists[i].kind);
        assert_int_equal(a->type.count, 0);
    }
    assert_int_equal(find(s, "Node", "codes")->type.chars, 8);
    assert_ptr_equal(find(s, "Node", "kids")->type.cls, schema_find_class(s, "Node"));
    senum *am = schema_find_enum(s, "Amenity");
    assert_true(am->is_flags);
    assert_int_equal(am->bits, 8);
    assert_int_equal(am->members[2]->value, 2);
    assert_int_equal(schema_find_enum(s, "Wide")->bits, 16);
    assert_int_equal(schema_find_enum(s, "Mid")->bits, 32);
    assert_int_equal(schema_find_enum(s, "Huge")->bits, 64);
    attr *a = find(s, "Node", "am");
    assert_int_equal(a->type.kind, TY_FLAGS);
    assert_false(a->type.list);
    assert_ptr_equal(a->type.enm, am);
    assert_int_equal(a->flags_set, 5);
    assert_int_equal(find(s, "Node", "am2")->flags_set, 6);
    assert_int_equal(find(s, "Node", "am3")->flags_set, 0);
    assert_int_equal(find(s, "Node", "am4")->flags_set, 0);
    a = find(s, "Node", "ams");
    assert_int_equal(a->type.count, 2);
    assert_int_equal(a->defaults[0].u, 2);
    assert_int_equal(a->defaults[1].u, 5);
    assert_true(find(s, "Node", "old")->deprecated);
    assert_false(find(s, "Node", "w")->deprecated);
    done(&c);

    /* a 1.1 feature in a 'slotgen: 1' file is accepted */
    c = check_text("t.yaml", "slotgen: 1\nclasses:\n  A:\n    attributes:\n      x: u8[]\n"
                             "      y: string[]\n", NULL);
    assert_int_equal(c.errors, 0);
    assert_string_equal(diag_text(&c.d), "");
    done(&c);
    /* by value a class still cannot hold itself, even beside a list of itself */
    c = check_text("t.yaml", "slotgen: 1.1\nclasses:\n  A:\n    attributes:\n      l: A[]\n"
                             "      v: A\n", NULL);
    assert_int_equal(c.errors, 1);
    assert_non_null(strstr(diag_text(&c.d), "class 'A' contains itself by value: A.v -> A"));
    done(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types_resolved),
        cmocka_unit_test(test_slotted),
        cmocka_unit_test(test_enum_values),
        cmocka_unit_test(test_good_defaults),
        cmocka_unit_test(test_check_after_load_errors),
        cmocka_unit_test(test_recursion_reported_once),
        cmocka_unit_test(test_long_cycle_is_shortened),
        cmocka_unit_test(test_imported_names),
        cmocka_unit_test(test_imported_clash),
        cmocka_unit_test(test_unresolved_import_is_skipped),
        cmocka_unit_test(test_identifiers),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_c_name),
        cmocka_unit_test(test_hint_budget),
        cmocka_unit_test(test_lists_and_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
