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
    static const char *const yes[] = {"int", "NULL", "size_t", "uint32_t", "errno", "EOF",
                                      "timezone", "stdout",
                                      "int_least8_t", "uintptr_t", "INT32_MAX", "UINT8_MAX",
                                      "INT64_C", "INT_FAST16_MIN", "SIZE_MAX", "INFINITY",
                                      "isnan", "offsetof",
                                      /* GNU dialects' predefined and traditional macros */
                                      "linux", "unix", "i386", "sun", "vax",
                                      /* <string.h>, <math.h> in GNU modes and C++ */
                                      "index", "strlen", "log", "y0", "FP_NAN", "M_PI",
                                      "RAND_MAX", "random", "div_t", "max_align_t",
                                      /* slotgen.h and the runtime's namespace */
                                      "SG_OK", "SG_PACKED", "SG_CACHE_INIT", "SLOTGEN_H",
                                      "sg_alloc", "SG_ANYTHING", "sg_anything"};
    static const char *const no[] = {"Null", "size", "uint32", "INT32", "INT32_MAXIMUM",
                                     "int32_t_", "MAX", "x", "self", "SG_OK_", "Index",
                                     "sg_x_", "Linux", "linux_", "SG", "sg"};
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
                           "class 'Image' (give it another C name with 'c_name:')\n"
                           "t.yaml:3:3: note: 'Image_free' first generated here; rename one "
                           "of them\n");
    free(d);
}

static void test_clash_of_mangled_member(void **state)
{
    (void)state;
    char *d = diagnostics_of("slotgen: 1\nclasses:\n  A:\n    slots: true\n"
                             "    attributes: {int: i32, int_: i32}\n");
    assert_string_equal(d, "t.yaml:5:28: error: generated name 'int_' of the struct member of "
                           "attribute 'int_' of class 'A' clashes with the struct member of "
                           "attribute 'int' of class 'A' (give it another C name with "
                           "'c_name:')\nt.yaml:5:18: note: 'int_' first "
                           "generated here; rename one of them\n");
    free(d);
}

static void test_generated_name_reserved(void **state)
{
    (void)state;
    char *d = diagnostics_of("slotgen: 1\nenums:\n  Int32: [max, min, mid]\n");
    assert_string_equal(d, "t.yaml:3:11: error: generated name 'INT32_MAX' of the constant of "
                           "member 'max' of enum 'Int32' is already declared or defined by "
                           "the C standard headers; give it another C name with 'c_name:' or "
                           "rename it\nt.yaml:3:16: error: generated name 'INT32_MIN' of the "
                           "constant of member 'min' of enum 'Int32' is already declared or "
                           "defined by the C standard headers; give it another C name with "
                           "'c_name:' or rename it\n");
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
                               "class 'Tag' (give it another C name with 'c_name:')\n"
                               "dir/a.yaml:5:18: note: 'Tag_x' first generated "
                               "here; rename one of them\n");
    assert_int_equal(fs.writes, 0);
    free(diags);
    memfs_free(&fs);
}

static void check_guard(const char *path, const char *guard)
{
    char *g = names_guard(path);
    assert_string_equal(g, guard);
    mem_free(g);
}

/* Guards come from any file name, one-to-one, in names only the runtime may use. */
static void test_guards(void **state)
{
    (void)state;
    check_guard("schemas/image.yaml", "SG_image_SLOT_H");
    check_guard("hotel-search.yaml", "SG_hotel_2Dsearch_SLOT_H");
    check_guard("x/2d-shapes.yaml", "SG_2d_2Dshapes_SLOT_H");
    check_guard("1.yaml", "SG_1_SLOT_H");
    check_guard("foo_bar.yaml", "SG_foo_5Fbar_SLOT_H");
    check_guard("fooBar.yaml", "SG_fooBar_SLOT_H");
    check_guard("Image.yaml", "SG_Image_SLOT_H");
    check_guard("d/a\"b\n\xc3\xa9.yaml", "SG_a_22b_0A_C3_A9_SLOT_H");
    static const char *const pairs[][2] = {
        {"shapes-2d.yaml", "shapes-3d.yaml"}, {"fooBar.yaml", "foo_bar.yaml"},
        {"Image.yaml", "image.yaml"}, {"a-.yaml", "a_2D.yaml"}, {"a_.yaml", "a.yaml"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *a = names_guard(pairs[i][0]), *b = names_guard(pairs[i][1]);
        assert_string_not_equal(a, b);
        assert_true(names_is_reserved(a)); /* no schema name can equal it */
        mem_free(a);
        mem_free(b);
    }
}

/* Members keep their names unless C would read them as something else. */
static void test_member_mangling(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nclasses:\n  T:\n    attributes:\n"
                          "      linux: u8\n      SG_OK: u8\n      index: u8\n"
                          "      T_init: u8\n      errno: u8\n      self: u8\n"
                          "      log: f64\n      T: u8\n");
    static const char *const members[] = {"linux_", "SG_OK_", "index", "T_init_", "errno_",
                                           "self", "log", "T_"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        assert_string_equal(s->classes[0]->attrs[i]->member, members[i]);
    schema_free(s);
}

static void test_reserved_generated_names(void **state)
{
    (void)state;
    /* a C type named like a parameter or local of generated functions */
    char *d = diagnostics_of("slotgen: 1\nenums:\n  v: [a]\nclasses:\n  self:\n"
                             "    attributes: {x: u8}\n");
    assert_non_null(strstr(d, "t.yaml:3:3: error: generated name 'v' of the type of enum 'v' "
                              "is the name of a parameter or local variable of generated "
                              "functions; rename it\n"));
    assert_non_null(strstr(d, "t.yaml:5:3: error: generated name 'self' of the type of class "
                              "'self' is the name of a parameter or local variable of "
                              "generated functions; give it another C name with 'c_name:' or "
                              "rename it\n"));
    free(d);
    /* prefix Sg_ puts enum constants in the runtime's namespace: SG_KIND_BOOL is slotgen.h's */
    d = diagnostics_of("slotgen: 1\nprefix: Sg_\nenums:\n  Kind: [bool]\n");
    assert_string_equal(d, "t.yaml:4:3: error: generated name 'SG_KIND_COUNT' of the constant "
                           "'COUNT' of enum 'Kind' is reserved for slotgen's runtime (names "
                           "starting with 'sg_' or 'SG_'); rename it\n"
                           "t.yaml:4:10: error: generated name 'SG_KIND_BOOL' of the constant "
                           "of member 'bool' of enum 'Kind' is reserved for slotgen's runtime "
                           "(names starting with 'sg_' or 'SG_'); give it another C name with "
                           "'c_name:' or rename it\n");
    free(d);
    /* The source file defines only sg_T_attrs, sg_T_by_name, sg_T_defaults and sg_T_rt,
     * none of which slotgen.h declares (sg_class_rt would need a class 'class', a keyword):
     * classes iter and object, whose ABI 1 sources defined sg_iter_init and
     * sg_object_destroy, are fine. */
    d = diagnostics_of("slotgen: 1\nclasses:\n  iter:\n    attributes: {x: u8}\n  object:\n"
                       "    attributes: {y: u8}\n");
    assert_string_equal(d, "");
    free(d);
    d = diagnostics_of("slotgen: 1\nenums:\n  Fp: [nan]\n  Rand: [max]\n");
    assert_non_null(strstr(d, "'FP_NAN' of the constant of member 'nan' of enum 'Fp' is"));
    assert_non_null(strstr(d, "'RAND_MAX' of the constant of member 'max' of enum 'Rand' is"));
    free(d);
}

/* Two files of one base name in an include set: reported at the import that brings the
 * second, naming both. */
static void test_header_names(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "main.yaml";
    char *diags = NULL;
    const char *common = "slotgen: 1\n";
    const char *lib = "slotgen: 1\nimports: [b/common.yaml]\n";
    const char *main = "slotgen: 1\nimports: [a/common.yaml, lib.yaml, x/main.yaml]\n";
    memfs_put(&fs, "a/common.yaml", common, strlen(common));
    memfs_put(&fs, "b/common.yaml", common, strlen(common));
    memfs_put(&fs, "x/main.yaml", common, strlen(common));
    memfs_put(&fs, "lib.yaml", lib, strlen(lib));
    memfs_put(&fs, in, main, strlen(main));
    assert_int_equal(memfs_compile(&fs, &in, 1, &diags), SGC_ESCHEMA);
    assert_non_null(strstr(diags, "main.yaml:2:26: error: 'a/common.yaml' and 'b/common.yaml' "
                                  "would both be included as 'common.slot.h'; rename one of "
                                  "them\n"));
    assert_non_null(strstr(diags, "main.yaml:2:36: error: 'main.yaml' and 'x/main.yaml' would "
                                  "both be included as 'main.slot.h'; rename one of them\n"));
    assert_int_equal(fs.writes, 0);
    free(diags);
    memfs_free(&fs);
}

static void test_c_name(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nprefix: p_\nenums:\n  E:\n    a: {c_name: E_FIRST}\n"
                          "    b: {value: 5}\nclasses:\n  Token:\n    c_name: Tok\n"
                          "    attributes:\n      class: {type: u16, c_name: klass}\n");
    assert_string_equal(s->classes[0]->cname, "Tok");
    assert_string_equal(s->classes[0]->attrs[0]->cname, "klass");
    assert_string_equal(s->classes[0]->attrs[0]->member, "klass");
    assert_string_equal(s->classes[0]->attrs[0]->name, "class");
    assert_string_equal(s->enums[0]->members[0]->cname, "E_FIRST");
    assert_string_equal(s->enums[0]->members[1]->cname, "P_E_B");
    assert_int_equal(s->enums[0]->members[1]->value, 5);
    schema_free(s);
    /* c_name fixes a clash with a generated name */
    char *d = diagnostics_of("slotgen: 1\nclasses:\n  Image:\n    attributes:\n"
                             "      free: {type: bool, c_name: is_free}\n");
    assert_string_equal(d, "");
    free(d);
}

static void test_c_name_errors(void **state)
{
    (void)state;
    char *d = diagnostics_of("slotgen: 1\nenums:\n  E:\n    a: {c_name: _E}\n"
                             "classes:\n  T:\n    c_name: self\n    attributes:\n"
                             "      a: {type: u8, c_name: 1a}\n      b: {type: u8, c_name: linux}\n"
                             "      c: {type: u8, c_name: sg_c}\n");
    static const char *const expect[] = {
        "t.yaml:4:17: error: invalid c_name '_E' of member 'a' of enum 'E' (a C name is a "
        "letter, then letters, digits or '_')\n",
        "t.yaml:7:13: error: c_name 'self' of class 'T' is reserved: generated functions use "
        "it for a parameter or local\n",
        "t.yaml:9:29: error: invalid c_name '1a' of attribute 'a' of class 'T' (a C name is a "
        "letter or '_', then letters, digits or '_')\n",
        "t.yaml:10:29: error: c_name 'linux' of attribute 'b' of class 'T' is reserved: it is "
        "a keyword, a name of slotgen's runtime or of the C standard headers\n",
        "t.yaml:11:29: error: c_name 'sg_c' of attribute 'c' of class 'T' is reserved: it is a "
        "keyword, a name of slotgen's runtime or of the C standard headers\n",
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        if (!strstr(d, expect[i]))
            fail_msg("missing: %sgot: %s", expect[i], d);
    free(d);
    /* a c_name that clashes: with another attribute's getter, with a type as a member */
    d = diagnostics_of("slotgen: 1\nclasses:\n  T:\n    attributes:\n"
                       "      a: u8\n      b: {type: u8, c_name: a}\n"
                       "      c: {type: u8, c_name: T}\n");
    assert_non_null(strstr(d, "t.yaml:6:7: error: generated name 'T_a' of the getter of "
                              "attribute 'b' of class 'T' clashes with the getter of attribute "
                              "'a' of class 'T' (give it another C name with 'c_name:')\n"));
    assert_non_null(strstr(d, "t.yaml:7:7: error: generated name 'T' of the struct member of "
                              "attribute 'c' of class 'T' would be read as another name "
                              "declared before it"));
    free(d);
}

/* Names are records spelt again when a message needs them: each clash of a file is named as
 * written, with the name it clashes with, in source order (Z's before A's). */
static void test_clash_order_and_spelling(void **state)
{
    (void)state;
    char *d = diagnostics_of("slotgen: 1\nclasses:\n  Z:\n    attributes: {set_q: u8, q: u8}\n"
                             "  A:\n    attributes: {set_p: u8, p: u8}\n");
    const char *a = strstr(d, "generated name 'A_set_p' of the setter of attribute 'p' of "
                              "class 'A' clashes with the getter of attribute 'set_p' of class "
                              "'A'");
    const char *z = strstr(d, "generated name 'Z_set_q' of the setter of attribute 'q' of "
                              "class 'Z' clashes with the getter of attribute 'set_q' of class "
                              "'Z'");
    assert_non_null(a);
    assert_non_null(z);
    assert_true(z < a);
    assert_non_null(strstr(d, "'A_set_p' first generated here"));
    assert_non_null(strstr(d, "'Z_set_q' first generated here"));
    free(d);
}

/* Collects what names_each gives into one string, each name followed by a space. */
static void collect(void *ud, const char *ident)
{
    char **all = ud;
    size_t n = *all ? strlen(*all) : 0;
    *all = realloc(*all, n + strlen(ident) + 2);
    assert_non_null(*all);
    strcpy(*all + n, ident);
    strcat(*all + n, " ");
}

/* Language 1.1 names: a list's seven functions (and no getter or setter), an array's count,
 * _at and _set_at beside its getter and setter, every class's copy/clone/equal/hash and INIT
 * macro, an enum's COUNT, a flag set's functions, constants and ALL; a flag set is a member's
 * C type, and each of these names is checked for clashes. */
static void test_language_1_1_names(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1.1\nprefix: h_\nflags:\n  Amenity: [wifi, pool]\n"
                          "enums:\n  Color: [red]\nclasses:\n  HotelRoom:\n"
                          "    attributes: {tags: 'string[]', xs: 'u8[2]', am: Amenity}\n");
    char *all = NULL;
    names_each(s, collect, &all);
    static const char *const yes[] = {
        "h_HotelRoom_tags_count", "h_HotelRoom_tags_at", "h_HotelRoom_tags_append",
        "h_HotelRoom_tags_set_at", "h_HotelRoom_tags_remove_at", "h_HotelRoom_tags_clear",
        "h_HotelRoom_tags_reserve", "h_HotelRoom_xs_count", "h_HotelRoom_xs_at",
        "h_HotelRoom_xs_set_at", "h_HotelRoom_xs", "h_HotelRoom_set_xs", "h_HotelRoom_copy",
        "h_HotelRoom_clone", "h_HotelRoom_equal", "h_HotelRoom_hash", "H_HOTEL_ROOM_INIT",
        "H_COLOR_COUNT", "h_Amenity", "h_Amenity_enum", "h_Amenity_name",
        "h_Amenity_from_name", "h_Amenity_format", "h_Amenity_parse", "H_AMENITY_WIFI",
        "H_AMENITY_POOL", "H_AMENITY_ALL",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        char word[64];
        snprintf(word, sizeof word, " %s ", yes[i]);
        char *spaced = malloc(strlen(all) + 2);
        assert_non_null(spaced);
        spaced[0] = ' ';
        strcpy(spaced + 1, all);
        if (!strstr(spaced, word))
            fail_msg("'%s' not generated: %s", yes[i], all);
        free(spaced);
    }
    assert_null(strstr(all, "h_HotelRoom_tags "));     /* no getter for a list */
    assert_null(strstr(all, "h_HotelRoom_set_tags ")); /* nor a setter */
    assert_null(strstr(all, "AMENITY_COUNT"));
    assert_string_equal(s->classes[0]->attrs[2]->ctype, "h_Amenity");
    assert_string_equal(s->classes[0]->attrs[0]->ctype, "char *");
    free(all);
    schema_free(s);

    char *d = diagnostics_of("slotgen: 1.1\nclasses:\n  Image:\n"
                             "    attributes: {tags_append: u8, tags: 'string[]'}\n");
    assert_non_null(strstr(d, "generated name 'Image_tags_append' of the append function of "
                              "list attribute 'tags' of class 'Image' clashes with the getter "
                              "of attribute 'tags_append' of class 'Image'"));
    free(d);
    /* the INIT macro is a file-scope name: it would capture a member of its name, so the
     * member is mangled (and nothing is reported) */
    d = diagnostics_of("slotgen: 1.1\nclasses:\n  Image:\n    attributes: {IMAGE_INIT: u8}\n");
    assert_string_equal(d, "");
    schema *t = front_end("slotgen: 1.1\nclasses:\n  Image:\n    attributes: {IMAGE_INIT: u8}\n");
    assert_string_equal(t->classes[0]->attrs[0]->member, "IMAGE_INIT_");
    schema_free(t);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upper_snake),
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_reserved),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_guards),
        cmocka_unit_test(test_member_mangling),
        cmocka_unit_test(test_reserved_generated_names),
        cmocka_unit_test(test_header_names),
        cmocka_unit_test(test_c_name),
        cmocka_unit_test(test_c_name_errors),
        cmocka_unit_test(test_assign),
        cmocka_unit_test(test_clash_in_class),
        cmocka_unit_test(test_clash_of_mangled_member),
        cmocka_unit_test(test_generated_name_reserved),
        cmocka_unit_test(test_clash_setter_and_getter),
        cmocka_unit_test(test_clash_order_and_spelling),
        cmocka_unit_test(test_clash_between_classes_and_enums),
        cmocka_unit_test(test_clash_with_import),
        cmocka_unit_test(test_language_1_1_names),
    };
    return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
