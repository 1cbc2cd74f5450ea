/*
 * test_load.c - the loader, from strings in memory: what lands in the model (names, order,
 * positions, both attribute forms, both enum forms, quoting), and that structural errors are
 * reported and loading carries on. The exact wording of every error is pinned by the corpus
 * (test_corpus.c); here the focus is the model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "load.h"
#include "sgc.h"

typedef struct loaded {
    diag d;
    schema *s;
} loaded;

static loaded load(const char *text)
{
    loaded l;
    diag_init(&l.d, NULL, 1);
    l.s = load_schema("t.yaml", text, strlen(text), &l.d);
    return l;
}

static void done(loaded *l)
{
    schema_free(l->s);
    diag_fini(&l->d);
}

static void assert_clean(loaded *l)
{
    if (l->d.errors)
        print_error("%s", diag_text(&l->d));
    assert_int_equal(l->d.errors, 0);
}

static void test_example(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\n"
                    "doc: Images.\n"
                    "slots: true\n"
                    "prefix: img_\n"
                    "classes:\n"
                    "  Image:\n"
                    "    doc: One image.\n"
                    "    slots: false\n"
                    "    layout: packed\n"
                    "    attributes:\n"
                    "      id: u32\n"
                    "      url: {type: string, doc: Where, optional: true}\n");
    assert_clean(&l);
    schema *s = l.s;
    assert_int_equal(s->version, 1);
    assert_int_equal(s->version_at.line, 1);
    assert_int_equal(s->version_at.col, 10);
    assert_string_equal(s->doc, "Images.");
    assert_true(s->slots_default);
    assert_string_equal(s->prefix, "img_");
    assert_int_equal(s->prefix_at.line, 4);
    assert_int_equal(s->nclasses, 1);
    sclass *c = s->classes[0];
    assert_string_equal(c->name, "Image");
    assert_ptr_equal(c->at.file, s->path);
    assert_int_equal(c->at.line, 6);
    assert_int_equal(c->at.col, 3);
    assert_string_equal(c->doc, "One image.");
    assert_int_equal(c->slots, 0);
    assert_int_equal(c->layout, LAYOUT_PACKED);
    assert_int_equal(c->layout_at.line, 9);
    assert_int_equal(c->nattrs, 2);
    attr *id = c->attrs[0], *url = c->attrs[1];
    assert_string_equal(id->name, "id");
    assert_string_equal(id->type_text, "u32");
    assert_int_equal(id->at.line, 11);
    assert_int_equal(id->at.col, 7);
    assert_int_equal(id->type_at.col, 11);
    assert_false(id->optional);
    assert_string_equal(url->type_text, "string");
    assert_string_equal(url->doc, "Where");
    assert_true(url->optional);
    assert_false(url->has_default);
    done(&l);
}

/* The text is read in place and not kept: the schema holds copies of what it needs, so the
 * caller may change or free its buffer once load_schema returns. */
static void test_source_is_not_kept(void **state)
{
    (void)state;
    static const char src[] = "slotgen: 1\nclasses:\n  Image:\n    doc: an image\n"
                              "    attributes: {url: string}\n";
    char *text = malloc(sizeof src);
    assert_non_null(text);
    memcpy(text, src, sizeof src);
    diag d;
    diag_init(&d, NULL, 1);
    schema *s = load_schema("x.yaml", text, strlen(text), &d);
    memset(text, 'X', strlen(text));
    free(text);
    assert_int_equal(d.errors, 0);
    assert_string_equal(s->path, "x.yaml");
    assert_string_equal(s->classes[0]->name, "Image");
    assert_string_equal(s->classes[0]->doc, "an image");
    assert_string_equal(s->classes[0]->attrs[0]->name, "url");
    assert_string_equal(s->classes[0]->attrs[0]->type_text, "string");
    schema_free(s);
    diag_fini(&d);
}

static void test_defaults_are_text(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\n"
                    "classes:\n"
                    "  A:\n"
                    "    attributes:\n"
                    "      n: {type: u8, default: 12}\n"
                    "      q: {type: string, default: \"12\"}\n"
                    "      z: {type: string, default: null}\n"
                    "      xs: {type: \"u8[3]\", default: [1, '2', 0x3]}\n"
                    "      b:\n"
                    "        type: string\n"
                    "        default: |\n"
                    "          block\n");
    assert_clean(&l);
    attr **a = l.s->classes[0]->attrs;
    assert_true(a[0]->has_default);
    assert_false(a[0]->default_is_list);
    assert_int_equal(a[0]->ndefaults, 1);
    assert_string_equal(a[0]->defaults[0].text, "12");
    assert_false(a[0]->defaults[0].quoted);
    assert_int_equal(a[0]->default_at.col, 30);
    assert_true(a[1]->defaults[0].quoted);
    assert_string_equal(a[2]->defaults[0].text, "null");
    assert_false(a[2]->defaults[0].quoted);
    assert_true(a[3]->default_is_list);
    assert_int_equal(a[3]->ndefaults, 3);
    assert_string_equal(a[3]->defaults[2].text, "0x3");
    assert_true(a[3]->defaults[1].quoted);
    assert_int_equal(a[3]->defaults[1].at.col, 40);
    assert_true(a[4]->defaults[0].quoted); /* block scalars count as quoted */
    done(&l);
}

static void test_enum_forms(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\n"
                    "enums:\n"
                    "  Color: [red, green, blue]\n"
                    "  Level:\n"
                    "    low: -1\n"
                    "    high: 0x10\n");
    assert_clean(&l);
    assert_int_equal(l.s->nenums, 2);
    senum *c = l.s->enums[0], *v = l.s->enums[1];
    assert_int_equal(c->nmembers, 3);
    assert_string_equal(c->members[2]->name, "blue");
    assert_int_equal(c->members[2]->at.col, 23);
    assert_false(c->members[0]->has_value);
    assert_int_equal(v->nmembers, 2);
    assert_true(v->members[0]->has_value);
    assert_string_equal(v->members[0]->value_text.text, "-1");
    assert_string_equal(v->members[1]->value_text.text, "0x10");
    assert_int_equal(v->members[1]->value_text.at.line, 6);
    done(&l);
}

/* c_name on a class, an attribute and an enum member (the member's long form), with its
 * location; a typo in the member's long form gets a did-you-mean. */
static void test_c_name(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\n"
                    "enums:\n"
                    "  Fp:\n"
                    "    nan: {c_name: FP_NOT_A_NUMBER}\n"
                    "    inf: {value: 7}\n"
                    "classes:\n"
                    "  strlen:\n"
                    "    c_name: Strlen\n"
                    "    attributes:\n"
                    "      class: {type: u16, c_name: klass}\n");
    assert_clean(&l);
    enum_member *nan = l.s->enums[0]->members[0], *inf = l.s->enums[0]->members[1];
    assert_string_equal(nan->c_name, "FP_NOT_A_NUMBER");
    assert_int_equal(nan->c_name_at.line, 4);
    assert_int_equal(nan->c_name_at.col, 19);
    assert_false(nan->has_value);
    assert_null(inf->c_name);
    assert_true(inf->has_value);
    assert_string_equal(inf->value_text.text, "7");
    assert_string_equal(l.s->classes[0]->c_name, "Strlen");
    assert_int_equal(l.s->classes[0]->c_name_at.line, 8);
    assert_string_equal(l.s->classes[0]->attrs[0]->c_name, "klass");
    assert_int_equal(l.s->classes[0]->attrs[0]->c_name_at.col, 34);
    done(&l);
    l = load("slotgen: 1\nenums:\n  E:\n    a: {valeu: 1}\n");
    assert_string_equal(diag_text(&l.d), "t.yaml:4:9: error: unknown key 'valeu' in member 'a' "
                                         "of enum 'E' (did you mean 'value'?)\n");
    done(&l);
}

static void test_imports(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\nimports: [common.yaml, 'dir/other.yaml']\n");
    assert_clean(&l);
    assert_int_equal(l.s->nimports, 2);
    assert_string_equal(l.s->imports[0]->path, "common.yaml");
    assert_string_equal(l.s->imports[1]->path, "dir/other.yaml");
    assert_int_equal(l.s->imports[1]->at.col, 24);
    assert_null(l.s->imports[0]->target);
    done(&l);
}

static void test_null_collections(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\nimports:\nenums: ~\nclasses: null\n");
    assert_clean(&l);
    assert_int_equal(l.s->nclasses + l.s->nenums + l.s->nimports, 0);
    done(&l);
}

static void test_missing_version(void **state)
{
    (void)state;
    loaded l = load("classes: {}\n");
    assert_int_equal(l.d.errors, 1);
    assert_string_equal(diag_text(&l.d), "t.yaml:1:1: error: missing 'slotgen: 1' version key\n");
    assert_int_equal(l.s->version, 0);
    done(&l);
}

static void test_keeps_going(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\n"
                    "colour: x\n"
                    "classes:\n"
                    "  A: {slots: maybe, attributes: {a: u8, a: u8}}\n"
                    "  B: {attributes: {b: u8}}\n");
    assert_int_equal(l.d.errors, 3);
    assert_int_equal(l.d.notes, 1);
    assert_int_equal(l.s->nclasses, 2);
    assert_int_equal(l.s->classes[0]->nattrs, 1);
    assert_int_equal(l.s->classes[0]->slots, -1);
    assert_string_equal(l.s->classes[1]->attrs[0]->name, "b");
    done(&l);
}

static void test_duplicate_not_added(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\n"
                    "classes:\n"
                    "  A: {attributes: {a: u8}}\n"
                    "  A: {attributes: {b: u8, c: u8}}\n");
    assert_int_equal(l.d.errors, 1);
    assert_int_equal(l.s->nclasses, 1);
    assert_int_equal(l.s->classes[0]->nattrs, 1);
    done(&l);
}

static void test_syntax_error_keeps_model(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1\n"
                    "classes:\n"
                    "  A: {attributes: {a: u8}}\n"
                    "  B: [\n");
    assert_int_equal(l.d.errors, 2); /* B is a sequence; then the syntax error */
    assert_non_null(strstr(diag_text(&l.d), "error: YAML syntax: "));
    assert_int_equal(l.s->nclasses, 2);
    assert_int_equal(l.s->version, 1);
    done(&l);
}

static void test_not_nul_terminated(void **state)
{
    (void)state;
    const char text[] = "slotgen: 1\ndoc: abcdef";
    diag d;
    diag_init(&d, NULL, 1);
    schema *s = load_schema("t.yaml", text, strlen("slotgen: 1\ndoc: abc"), &d);
    assert_int_equal(d.errors, 0);
    assert_string_equal(s->doc, "abc");
    schema_free(s);
    diag_fini(&d);
}

static void test_garbage_never_crashes(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "", "\n", "---", "...", "[", "{", "]", "}", ":", "- -", "? ?", "&a *a", "*a", "!x",
        "slotgen", "slotgen:", "slotgen: 1\nclasses: {A: {attributes: {a: [[[[[]]]]]}}}",
        "slotgen: 1\nclasses: {? [a] : b}", "slotgen: 1\nenums: {E: {? {x: 1} : 2}}",
        "\xef\xbb\xbfslotgen: 1\n", "\xff\xfe\x00", "%YAML 1.1\n---\nslotgen: 1\n",
        "slotgen: 1\nclasses:\n  A:\n    attributes:\n      a: {type: u8, default: {x: 1}}\n",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        diag d;
        diag_init(&d, NULL, 1);
        schema *s = load_schema("g.yaml", inputs[i], strlen(inputs[i]), &d);
        assert_non_null(s);
        schema_free(s);
        diag_fini(&d);
    }
    char deep[20001];
    memset(deep, '[', 10000);
    memset(deep + 10000, ']', 10000);
    deep[20000] = '\0';
    diag d;
    diag_init(&d, NULL, 1);
    schema_free(load_schema("deep.yaml", deep, 20000, &d));
    assert_true(d.errors >= 1);
    diag_fini(&d);
}

/* '[' * n + ']' * n as the value of doc:, then a class after it. */
static char *nested(size_t n)
{
    const char *head = "slotgen: 1\ndoc: ", *tail = "\nclasses: {A: {attributes: {x: u8}}}\n";
    size_t h = strlen(head), t = strlen(tail);
    char *text = malloc(h + 2 * n + t + 1);
    assert_non_null(text);
    memcpy(text, head, h);
    memset(text + h, '[', n);
    memset(text + h + n, ']', n);
    memcpy(text + h + 2 * n, tail, t + 1);
    return text;
}

/* 200 KB of '[' took libyaml 40 s: past SCHEMA_MAX_DEPTH levels the load stops with a
 * located error. Exactly SCHEMA_MAX_DEPTH levels (the top mapping is one) load on. */
static void test_nesting_limit(void **state)
{
    (void)state;
    char *text = nested(100000);
    loaded l = load(text);
    char want[256];
    snprintf(want, sizeof want, "t.yaml:2:6: error: expected a string for 'doc', found a sequence\n"
             "t.yaml:2:%d: error: nesting deeper than %d levels of "
             "mappings and sequences\n", 5 + SCHEMA_MAX_DEPTH, SCHEMA_MAX_DEPTH);
    assert_string_equal(diag_text(&l.d), want);
    done(&l);
    free(text);
    text = nested(SCHEMA_MAX_DEPTH - 1);
    l = load(text);
    assert_string_equal(diag_text(&l.d), "t.yaml:2:6: error: expected a string for 'doc', "
                                         "found a sequence\n");
    assert_int_equal(l.s->nclasses, 1);
    done(&l);
    free(text);
}

/* A schema longer than SGC_MAX_SCHEMA_SIZE is refused before it is parsed. */
static void test_file_size_limit(void **state)
{
    (void)state;
    size_t n = SGC_MAX_SCHEMA_SIZE + 1;
    char *text = malloc(n);
    assert_non_null(text);
    memset(text, '#', n);
    text[0] = 's'; /* not a comment: would be a syntax error if it were parsed */
    diag d;
    diag_init(&d, NULL, 1);
    schema *s = load_schema("big.yaml", text, n, &d);
    char want[256];
    snprintf(want, sizeof want, "big.yaml:1:1: error: the schema is %zu bytes, more than the "
             "limit of %zu (16 MiB)\n", n, SGC_MAX_SCHEMA_SIZE);
    assert_string_equal(diag_text(&d), want);
    schema_free(s);
    diag_fini(&d);
    free(text);
}

/* Language 1.1: the version key's two spellings, the 'flags:' section read into the enum table
 * (marked is_flags, both forms), 'deprecated:' with its place, and the first 1.1 use recorded
 * for check.c. */
static void test_language_1_1(void **state)
{
    (void)state;
    loaded l = load("slotgen: 1.1\n"
                    "flags:\n"
                    "  Amenity: [wifi, pool]\n"
                    "  Big: {a: 40, b: {value: 3, c_name: BIG_B}}\n"
                    "enums:\n"
                    "  Color: [red]\n"
                    "classes:\n"
                    "  Hotel:\n"
                    "    attributes:\n"
                    "      old: {type: u32, deprecated: true}\n"
                    "      tags: string[]\n");
    assert_clean(&l);
    assert_int_equal(l.s->version, 1);
    assert_int_equal(l.s->minor, 1);
    assert_int_equal(l.s->nenums, 3);
    assert_true(l.s->enums[0]->is_flags);
    assert_true(l.s->enums[1]->is_flags);
    assert_false(l.s->enums[2]->is_flags);
    assert_string_equal(l.s->enums[1]->members[0]->value_text.text, "40");
    assert_string_equal(l.s->enums[1]->members[1]->c_name, "BIG_B");
    attr *old = l.s->classes[0]->attrs[0];
    assert_true(old->deprecated);
    assert_int_equal(old->deprecated_at.line, 10);
    assert_false(l.s->classes[0]->attrs[1]->deprecated);
    assert_string_equal(l.s->classes[0]->attrs[1]->type_text, "string[]"); /* kept as text */
    done(&l);

    l = load("slotgen: 1\nclasses: {}\n");
    assert_clean(&l);
    assert_int_equal(l.s->minor, 0);
    done(&l);
    l = load("slotgen: 1.0\n");
    assert_clean(&l);
    assert_int_equal(l.s->version, 1);
    assert_int_equal(l.s->minor, 0);
    done(&l);
    /* a flag set named like an enum is a duplicate, with a note saying what came first */
    l = load("slotgen: 1.1\nenums: {A: [x]}\nflags: {A: [y]}\n");
    assert_int_equal(l.d.errors, 1);
    assert_non_null(strstr(diag_text(&l.d), "t.yaml:3:9: error: flag set 'A' declared twice\n"
                                            "t.yaml:2:9: note: first declared here, as enum\n"));
    done(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example),
        cmocka_unit_test(test_source_is_not_kept),
        cmocka_unit_test(test_defaults_are_text),
        cmocka_unit_test(test_enum_forms),
        cmocka_unit_test(test_c_name),
        cmocka_unit_test(test_imports),
        cmocka_unit_test(test_null_collections),
        cmocka_unit_test(test_missing_version),
        cmocka_unit_test(test_keeps_going),
        cmocka_unit_test(test_duplicate_not_added),
        cmocka_unit_test(test_syntax_error_keeps_model),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_garbage_never_crashes),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_language_1_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
