/*
 * test_names.c - generated identifiers: upper snake case, keywords and member mangling,
 * prefixes, base names, and the clash check between generated names (within a file and
 * across an import).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "sgc_test.h"

static void check_snake(const char *in, const char *out)
{
    char *s = names_upper_snake(in);
    assert_string_equal(s, out);
    mem_free(s);
}

static void test_upper_snake(void **state)
{
    (void)state;
    check_snake("Rating", "RATING");
    check_snake("HttpStatus", "HTTP_STATUS");
    check_snake("HTTPStatus", "HTTP_STATUS");
    check_snake("rgbColor", "RGB_COLOR");
    check_snake("not_found", "NOT_FOUND");
    check_snake("Level2Cache", "LEVEL2_CACHE");
    check_snake("app_Note", "APP_NOTE");
    check_snake("A", "A");
}

static void test_keywords(void **state)
{
    (void)state;
    static const char *const yes[] = {"int", "class", "new", "delete", "_Bool", "xor_eq",
                                      "while", "restrict", "co_await", "char8_t"};
    static const char *const no[] = {"Int", "klass", "free", "self", "string", "u32", ""};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(names_is_keyword(yes[i]));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(names_is_keyword(no[i]));
}

static void test_reserved(void **state)
{
    (void)state;
    static const char *const yes[] = {"int", "NULL", "errno", "size_t", "uint32_t",
                                      "int_least8_t", "uintptr_t", "INT32_MAX", "UINT8_MAX",
                                      "INT64_C", "INT_FAST16_MIN", "SIZE_MAX", "INFINITY",
                                      "isnan", "offsetof"};
    static const char *const no[] = {"Null", "size", "uint32", "INT32", "INT32_MAXIMUM",
                                     "int32_t_", "MAX", "x"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!names_is_reserved(yes[i]))
            fail_msg("'%s' should be reserved", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (names_is_reserved(no[i]))
            fail_msg("'%s' should not be reserved", no[i]);
}

static void test_paths(void **state)
{
    (void)state;
    char *b = names_base("schemas/image.yaml");
    assert_string_equal(b, "image");
    mem_free(b);
    b = names_base("a.b/c.v1.yaml");
    assert_string_equal(b, "c.v1");
    mem_free(b);
    assert_string_equal(names_file("x/y/z.yaml"), "z.yaml");
    assert_string_equal(names_file("z.yaml"), "z.yaml");
}

static void test_assign(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nprefix: img_\nenums:\n  HttpStatus: [ok, not_found]\n"
                          "classes:\n  Image:\n    attributes:\n      int: i32\n"
                          "      status: HttpStatus\n      other: ref Image\n");
    assert_string_equal(s->classes[0]->cname, "img_Image");
    assert_string_equal(s->enums[0]->cname, "img_HttpStatus");
    assert_string_equal(s->enums[0]->members[1]->cname, "IMG_HTTP_STATUS_NOT_FOUND");
    assert_string_equal(s->classes[0]->attrs[0]->member, "int_");
    assert_string_equal(s->classes[0]->attrs[0]->ctype, "int32_t");
    assert_string_equal(s->classes[0]->attrs[1]->ctype, "img_HttpStatus");
    assert_string_equal(s->classes[0]->attrs[2]->ctype, "img_Image *");
    schema_free(s);
    s = front_end("slotgen: 1\nenums:\n  Color: [red]\nclasses:\n  P:\n    slots: true\n"
                  "    attributes: {NULL: u8, uint32_t: u8, Color: Color, P: u8, color: Color}\n");
    static const char *const members[] = {"NULL_", "uint32_t_", "Color_", "P_", "color"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(s->classes[0]->attrs[i]->member, members[i]);
    schema_free(s);
}

/* Compiles 'text' as t.yaml and returns its diagnostics (free them). */
static char *diagnostics_of(const char *text)
{
    memfs fs = {0};
    const char *in = "t.yaml";
    char *diags = NULL;
    memfs_put(&fs, in, text, strlen(text));
    sgc_result r = memfs_compile(&fs, &in, 1, &diags);
    assert_int_equal(r, *diags ? SGC_ESCHEMA : SGC_OK);
    memfs_free(&fs);
    return diags;
}

static void test_clash_in_class(void **state)
{
    (void)state;
    char *d = diagnostics_of("slotgen: 1\nclasses:\n  Image:\n"
                             "    attributes:\n      id: u32\n      free: bool\n");
    assert_string_equal(d, "t.yaml:6:7: error: generated name 'Image_free' of the getter of "
                           "attribute 'free' of class 'Image' clashes with the destructor of "
                           "class 'Image'\nt.yaml:3:3: note: 'Image_free' first generated "
                           "here; rename one of them\n");
    free(d);
}

static void test_clash_of_mangled_member(void **state)
{
    (void)state;
    char *d = diagnostics_of("slotgen: 1\nclasses:\n  A:\n    slots: true\n"
                             "    attributes: {int: i32, int_: i32}\n");
    assert_string_equal(d, "t.yaml:5:28: error: generated name 'int_' of the struct member of "
                           "attribute 'int_' of class 'A' clashes with the struct member of "
                           "attribute 'int' of class 'A'\nt.yaml:5:18: note: 'int_' first "
                           "generated here; rename one of them\n");
    free(d);
}

static void test_generated_name_reserved(void **state)
{
    (void)state;
    char *d = diagnostics_of("slotgen: 1\nenums:\n  Int32: [max, min, mid]\n");
    assert_string_equal(d, "t.yaml:3:11: error: generated name 'INT32_MAX' of the constant of "
                           "member 'max' of enum 'Int32' is already defined by C or its "
                           "standard headers; rename it\nt.yaml:3:16: error: generated name "
                           "'INT32_MIN' of the constant of member 'min' of enum 'Int32' is "
                           "already defined by C or its standard headers; rename it\n");
    free(d);
}

static void test_clash_setter_and_getter(void **state)
{
    (void)state;
    char *d = diagnostics_of("slotgen: 1\nclasses:\n  A:\n    slots: true\n"
                             "    attributes: {x: u8, set_x: u8}\n");
    assert_non_null(strstr(d, "t.yaml:5:25: error: generated name 'A_set_x' of the getter of "
                              "attribute 'set_x' of class 'A' clashes with the setter of "
                              "attribute 'x' of class 'A'"));
    free(d);
}

static void test_clash_between_classes_and_enums(void **state)
{
    (void)state;
    /* class A_b's type name is the getter of A's attribute b */
    char *d = diagnostics_of("slotgen: 1\nenums:\n  E: [x]\nclasses:\n"
                             "  A:\n    slots: true\n    attributes: {b: u8}\n"
                             "  A_b:\n    slots: true\n    attributes: {c: u8}\n");
    assert_non_null(strstr(d, "generated name 'A_b' of"));
    free(d);
    d = diagnostics_of("slotgen: 1\nclasses:\n  Image:\n    attributes: {class_: u8}\n");
    assert_string_equal(d, ""); /* 'class_' is fine: Image_class_ is no other name */
    free(d);
}

static void test_clash_with_import(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "dir/b.yaml";
    char *diags = NULL;
    const char *a = "slotgen: 1\nclasses:\n  Tag:\n    slots: true\n    attributes: {x: u8}\n";
    const char *b = "slotgen: 1\nimports: [a.yaml]\nenums:\n  Tag_x: [one]\n";
    memfs_put(&fs, "dir/a.yaml", a, strlen(a));
    memfs_put(&fs, in, b, strlen(b));
    assert_int_equal(memfs_compile(&fs, &in, 1, &diags), SGC_ESCHEMA);
    assert_string_equal(diags, "dir/b.yaml:4:3: error: generated name 'Tag_x' of the type of "
                               "enum 'Tag_x' clashes with the getter of attribute 'x' of "
                               "class 'Tag'\ndir/a.yaml:5:18: note: 'Tag_x' first generated "
                               "here; rename one of them\n");
    assert_int_equal(fs.writes, 0);
    free(diags);
    memfs_free(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upper_snake),
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_reserved),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_assign),
        cmocka_unit_test(test_clash_in_class),
        cmocka_unit_test(test_clash_of_mangled_member),
        cmocka_unit_test(test_generated_name_reserved),
        cmocka_unit_test(test_clash_setter_and_getter),
        cmocka_unit_test(test_clash_between_classes_and_enums),
        cmocka_unit_test(test_clash_with_import),
    };
    return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
