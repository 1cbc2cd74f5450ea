/*
 * test_report.c - slotgen --layout (report.c): the text form of the demo's schema line by
 * line, holes and padding where layout.c put them, the three layouts and the costs, the
 * hidden members, escaping of everything a schema supplies (text and JSON), colour only when
 * asked, and the whole path through sgc_compile: a layout and no file written, no layout when
 * a schema has errors. The JSON is parsed by tests/cli_test.sh (python3); here its escaping
 * and fields are checked.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "report.h"
#include "sgc_test.h"

static const char image_yaml[] =
    "slotgen: 1\n"
    "classes:\n"
    "  Image:\n"
    "    slots: true\n"
    "    attributes: {id: u32, caption: string, url: string}\n"
    "  Measurement:\n"
    "    attributes: {x: i32, y: i32, val: string}\n";

static char *report_of(const schema *s, report_format format, bool color, uint64_t n)
{
    report_options o = {format, color, n};
    size_t len;
    char *text = report_layout(&s, 1, &o, &len);
    assert_int_equal(strlen(text), len);
    return text;
}

/* Asserts that 'text' holds the line 'line' (whole). */
static void assert_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return;
    fail_msg("no line \"%s\" in:\n%s", line, text);
}

/* The text form for the demo's two classes on a 64-bit host, every line checked. */
static void test_text_image(void **state)
{
    (void)state;
    if (sizeof(void *) != 8)
        skip(); /* the figures below are a 64-bit host's, as in test_layout.c */
    schema *s = front_end(image_yaml);
    char *text = report_of(s, REPORT_TEXT, false, 0);
    assert_string_equal(text,
        "Memory layout on this host (8-byte pointers); costs for 1,000,000 instances.\n"
        "\n"
        "Image (t.yaml:3): slotted, layout compact\n"
        "  24 bytes, align 8: 20 of members, 4 of padding\n"
        "  offset  size  member     C type    schema type\n"
        "       0     8  caption    char *    string\n"
        "       8     8  url        char *    string\n"
        "      16     4  id         uint32_t  u32\n"
        "      20     4  (padding)  at the end, to a multiple of 8\n"
        "  declared: 24 bytes, 4 of padding\n"
        "  compact:  24 bytes, 4 of padding   <- this class\n"
        "  packed:   20 bytes, 0 of padding\n"
        "  presence bitmap: none (no optional attribute)\n"
        "  dynamic attributes: none (slotted)\n"
        "  1,000,000 instances in an array:\n"
        "    24,000,000 bytes slotted (this class)\n"
        "    32,000,000 bytes not slotted, plus any dynamic attributes\n"
        "\n"
        "Measurement (t.yaml:6): not slotted, layout compact\n"
        "  24 bytes, align 8: 24 of members, 0 of padding\n"
        "  offset  size  member     C type     schema type\n"
        "       0     8  val        char *     string\n"
        "       8     8  sg_dyn     sg_dict *  dynamic attributes, NULL until set\n"
        "      16     4  x          int32_t    i32\n"
        "      20     4  y          int32_t    i32\n"
        "  declared: 24 bytes, 0 of padding\n"
        "  compact:  24 bytes, 0 of padding   <- this class\n"
        "  packed:   24 bytes, 0 of padding\n"
        "  presence bitmap: none (no optional attribute)\n"
        "  dynamic attributes: sg_dyn, a pointer of 8 bytes at offset 8\n"
        "  1,000,000 instances in an array:\n"
        "    16,000,000 bytes slotted\n"
        "    24,000,000 bytes not slotted (this class), plus any dynamic attributes\n");
    mem_free(text);
    schema_free(s);
}

/* Every line of the text form fits an 80-column terminal for ordinary names. */
static void test_text_fits_80_columns(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nclasses:\n  Everything:\n    layout: declared\n"
                          "    attributes:\n      a: bool\n      b: {type: u64, optional: true}\n"
                          "      c: \"char[12]\"\n      d: \"string[3]\"\n      e: u16\n");
    char *text = report_of(s, REPORT_TEXT, false, 1000000000);
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > 80)
            fail_msg("a line of %zu columns: %.*s", n, (int)n, p);
        p += n + (p[n] == '\n');
    }
    mem_free(text);
    schema_free(s);
}

/* A declared layout's holes appear where layout.c put them, before the member they precede,
 * and the hidden members with them. */
static void test_holes_where_layout_put_them(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nclasses:\n  Rec:\n    layout: declared\n"
                          "    attributes:\n      flag: bool\n      when: i64\n"
                          "      note: {type: u8, optional: true}\n");
    const sclass *c = s->classes[0];
    char *text = report_of(s, REPORT_TEXT, false, 0);
    char want[160];
    const slot *when = &c->slots_order[1];
    assert_string_equal(when->a->name, "when");
    snprintf(want, sizeof want, "  %6u %5u  %-9s  hole before when", 1u, when->offset - 1,
             "(hole)");
    assert_true(when->offset > 1); /* an i64 is aligned past a bool on every host */
    assert_line(text, want);
    const slot *dyn = &c->slots_order[c->nslots - 1];
    assert_int_equal(dyn->kind, SLOT_DYN);
    snprintf(want, sizeof want, "  dynamic attributes: sg_dyn, a pointer of %u bytes at "
             "offset %u", dyn->size, dyn->offset);
    assert_line(text, want);
    const slot *has = &c->slots_order[c->nslots - 2];
    assert_int_equal(has->kind, SLOT_PRESENCE);
    snprintf(want, sizeof want, "  presence bitmap: sg_has, 1 byte at offset %u, for 1 "
             "optional attribute", has->offset);
    assert_line(text, want);
    snprintf(want, sizeof want, "  declared: %u bytes, %u of padding   <- this class",
             c->size, c->padding);
    assert_line(text, want);
    mem_free(text);

    text = report_of(s, REPORT_JSON, false, 0);
    snprintf(want, sizeof want, "{\"offset\": 1, \"size\": %u, \"before\": \"when\"}",
             when->offset - 1);
    assert_non_null(strstr(text, want));
    snprintf(want, sizeof want, "\"presence\": {\"offset\": %u, \"size\": 1, \"bits\": "
             "[\"note\"]}", has->offset);
    assert_non_null(strstr(text, want));
    mem_free(text);
    schema_free(s);
}

/* The cost lines multiply N by the sizes with and without sg_dyn; JSON gives the same. */
static void test_costs(void **state)
{
    (void)state;
    schema *s = front_end(image_yaml);
    const sclass *img = s->classes[0], *m = s->classes[1];
    char *text = report_of(s, REPORT_TEXT, false, 1000);
    char want[200];
    snprintf(want, sizeof want, "    %u,000 bytes slotted (this class)", img->size);
    assert_line(text, want);
    snprintf(want, sizeof want, "    %u,000 bytes not slotted (this class), plus any "
             "dynamic attributes", m->size);
    assert_line(text, want);
    mem_free(text);
    text = report_of(s, REPORT_JSON, false, 1000);
    snprintf(want, sizeof want, "\"cost\": {\"instances\": 1000, \"slotted\": %u000, "
             "\"not_slotted\": %u000}", img->size, img->size + (uint32_t)sizeof(void *));
    assert_non_null(strstr(text, want));
    mem_free(text);
    schema_free(s);
}

/* packed is refused for a class that embeds another by value, and said so. */
static void test_packed_refused_when_embedding(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nclasses:\n  P:\n    slots: true\n"
                          "    attributes: {x: f64}\n  S:\n    slots: true\n"
                          "    attributes: {origin: P, n: u8}\n");
    char *text = report_of(s, REPORT_TEXT, false, 0);
    assert_line(text, "  packed:   not allowed (embeds a class by value in 'origin')");
    mem_free(text);
    text = report_of(s, REPORT_JSON, false, 0);
    assert_non_null(strstr(text, "\"allowed\": false"));
    mem_free(text);
    schema_free(s);
}

/* Colour escapes only when asked, and never in JSON. */
static void test_color_only_when_asked(void **state)
{
    (void)state;
    schema *s = front_end(image_yaml);
    char *plain = report_of(s, REPORT_TEXT, false, 0);
    char *color = report_of(s, REPORT_TEXT, true, 0);
    char *json = report_of(s, REPORT_JSON, true, 0);
    assert_null(strchr(plain, '\033'));
    assert_null(strchr(json, '\033'));
    assert_non_null(strstr(color, "\033[1mImage\033[0m (t.yaml:3)"));
    assert_non_null(strstr(color, "\033[36mdynamic attributes, NULL until set\033[0m"));
    mem_free(plain);
    mem_free(color);
    mem_free(json);
    schema_free(s);
}

/* Runs sgc_compile with --layout on 'path' (text in memfs); returns what it printed. */
static char *layout_through_sgc(const char *path, const char *yaml, sgc_layout form,
                                sgc_result *result, memfs *fs)
{
    char *out = NULL, *diags = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    memfs_put(fs, path, yaml, strlen(yaml));
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.out_dir = "out";
    opt.read = memfs_read;
    opt.write = memfs_write;
    opt.ud = fs;
    opt.diag_text = &diags;
    opt.depfile = "out/x.d";
    opt.layout = form;
    opt.layout_out = f;
    *result = sgc_compile(&path, 1, &opt);
    fclose(f);
    free(diags);
    return out;
}

/* A path with an escape sequence, a bidi override, a quote and a byte that is not UTF-8
 * reaches neither the terminal nor the JSON raw. */
static void test_escapes_what_the_schema_supplies(void **state)
{
    (void)state;
    static const char path[] = "e\033[31mvil\xe2\x80\xae\"\xff.yaml";
    memfs fs = {0};
    sgc_result r;
    char *text = layout_through_sgc(path, image_yaml, SGC_LAYOUT_TEXT, &r, &fs);
    assert_int_equal(r, SGC_OK);
    assert_null(strchr(text, '\033'));
    assert_null(strstr(text, "\xe2\x80\xae"));
    assert_non_null(strstr(text, "Image (e\\x1B[31mvil\\u202E\"\\xFF.yaml:3)"));
    free(text);
    char *json = layout_through_sgc(path, image_yaml, SGC_LAYOUT_JSON, &r, &fs);
    assert_int_equal(r, SGC_OK);
    assert_non_null(strstr(json, "\"path\": \"e\\u001b[31mvil\\u202e\\\"\\ufffd.yaml\""));
    for (const unsigned char *p = (const unsigned char *)json; *p; p++)
        assert_true(*p >= 0x20 || *p == '\n');
    free(json);
    assert_int_equal(fs.writes, 0);
    memfs_free(&fs);
}

/* Through sgc_compile: the layout is printed and no file (nor depfile) is written; with a
 * schema error, nothing is printed and the result says so. */
static void test_through_sgc_compile(void **state)
{
    (void)state;
    memfs fs = {0};
    sgc_result r;
    char *json = layout_through_sgc("a.yaml", image_yaml, SGC_LAYOUT_JSON, &r, &fs);
    assert_int_equal(r, SGC_OK);
    assert_int_equal(fs.writes, 0);
    assert_true(strncmp(json, "{\n\"slotgen_layout\": 1, \"pointer_size\": ", 39) == 0);
    assert_non_null(strstr(json, "\"instances\": 1000000,"));
    assert_non_null(strstr(json, "{\"path\": \"a.yaml\", \"classes\": ["));
    free(json);
    char *text = layout_through_sgc("b.yaml", "slotgen: 1\nclasses:\n  B:\n"
                                    "    attributes: {x: strng}\n", SGC_LAYOUT_TEXT, &r, &fs);
    assert_int_equal(r, SGC_ESCHEMA);
    assert_string_equal(text, "");
    free(text);
    assert_int_equal(fs.writes, 0);
    memfs_free(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_image),
        cmocka_unit_test(test_text_fits_80_columns),
        cmocka_unit_test(test_holes_where_layout_put_them),
        cmocka_unit_test(test_costs),
        cmocka_unit_test(test_packed_refused_when_embedding),
        cmocka_unit_test(test_color_only_when_asked),
        cmocka_unit_test(test_escapes_what_the_schema_supplies),
        cmocka_unit_test(test_through_sgc_compile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
