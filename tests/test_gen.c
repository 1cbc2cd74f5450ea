/*
 * test_gen.c - golden files: the header and source generated from every schema of schemas/
 * and tests/schemas/ must equal tests/golden/NAME.slot.{h,c} byte for byte. After a
 * deliberate change to the generators, regenerate them with
 *     SLOTGEN_UPDATE_GOLDEN=1 build/tests/test_gen
 * and review the diff like any other code. Also: no generated line passes column 100; every
 * identifier the header declares is in names.c's table (so clash checks see it); output does
 * not depend on how the schema's path is spelt; gen_macro lays a long macro out on continuation lines.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "emit.h"
#include "gen_header.h"
#include "sgc_test.h"

static const char *const schemas[] = {
    "schemas/image.yaml", "schemas/image_plain.yaml", "tests/schemas/kitchen.yaml",
    "tests/schemas/common.yaml",
    "tests/schemas/app.yaml", "tests/schemas/docs.yaml", "tests/schemas/edges.yaml",
    "tests/schemas/hotel-search.yaml", "tests/schemas/2d-shapes.yaml", "tests/schemas/flags.yaml",
    "tests/schemas/lists.yaml",
};
#define NSCHEMAS (sizeof schemas / sizeof schemas[0])

/* Compiles SRCDIR/'rel' from the file system into 'fs' (outputs under "out/"). */
static void compile_real(memfs *fs, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SRCDIR, rel);
    const char *in = path;
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.out_dir = "out";
    opt.write = memfs_write;
    opt.ud = fs;
    opt.diag_text = &diags;
    assert_int_equal(sgc_compile(&in, 1, &opt), SGC_OK);
    assert_string_equal(diags, "");
    free(diags);
}

static void compare_golden(const char *generated, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/golden/%s", SRCDIR, name);
    if (getenv("SLOTGEN_UPDATE_GOLDEN")) {
        assert_true(emit_write_file(path, generated, strlen(generated)) >= 0);
        return;
    }
    char *expected = slurp(path, NULL);
    if (!expected)
        fail_msg("%s is missing: run with SLOTGEN_UPDATE_GOLDEN=1", path);
    assert_string_equal(generated, expected);
    free(expected);
}

/* Generated code reads as if written by hand: no line runs past column 100. */
static void assert_short_lines(const char *text, const char *name)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > 100)
            fail_msg("%s: a line of %zu columns: %.*s", name, n, (int)n, p);
        p += n + (p[n] == '\n');
    }
}

static void test_golden(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSCHEMAS; i++) {
        memfs fs = {0};
        compile_real(&fs, schemas[i]);
        assert_int_equal(fs.writes, 2);
        for (size_t j = 0; j < fs.n; j++) {
            compare_golden(fs.text[j], names_file(fs.path[j]));
            assert_short_lines(fs.text[j], fs.path[j]);
        }
        memfs_free(&fs);
    }
}

/* ---- every declared identifier is one names.c knows ------------------------------------ */

typedef struct ident_list {
    char *v[2048];
    size_t n;
} ident_list;

static void collect(void *ud, const char *ident)
{
    ident_list *l = ud;
    assert_true(l->n < 2048);
    l->v[l->n++] = strdup(ident);
}

static int known(const ident_list *l, const char *ident, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == len && strncmp(l->v[i], ident, len) == 0)
            return 1;
    return 0;
}

/* The identifier a header line declares at file scope, or NULL: "T name(" functions,
 * "extern const sg_class name;", "typedef struct name name;", "    CONSTANT = 1," members,
 * "#define NAME" macros outside the runtime's SG_ namespace. */
static const char *declared(const char *line, size_t *len)
{
    const char *paren = strchr(line, '(');
    if (strncmp(line, "#define ", 8) == 0) { /* a macro: U_INIT, U_COUNT, U_ALL, a flag */
        *len = strcspn(line + 8, " (");
        return strncmp(line + 8, "SG_", 3) == 0 ? NULL : line + 8; /* guards, SG_DEPRECATED */
    }
    if (strncmp(line, "    ", 4) == 0 && isupper((unsigned char)line[4]) && strstr(line, " = ")) {
        *len = strcspn(line + 4, " ");
        return line + 4;
    }
    if (!isalpha((unsigned char)line[0]) || strncmp(line, "typedef enum", 12) == 0)
        return NULL;
    const char *end = paren ? paren : strpbrk(line, ";{");
    if (!end || (!paren && strncmp(line, "extern ", 7) != 0 && strncmp(line, "typedef ", 8)))
        return NULL;
    if (!paren && strncmp(line, "typedef struct ", 15) == 0)
        end = strchr(line + 15, ' ');
    const char *start = end;
    while (start > line && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
        start--;
    *len = (size_t)(end - start);
    return *len ? start : NULL;
}

static void test_names_table_covers_header(void **state)
{
    (void)state;
    static const char *const files[] = {"schemas/image.yaml", "tests/schemas/kitchen.yaml",
                                        "tests/schemas/docs.yaml", "tests/schemas/flags.yaml",
                                        "tests/schemas/lists.yaml"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", SRCDIR, files[f]);
        char *text = slurp(path, NULL);
        assert_non_null(text);
        schema *s = front_end(text);
        ident_list names = {{0}, 0};
        names_each(s, collect, &names);
        size_t len, checked = 0;
        char *h = gen_header(s, &len);
        for (char *line = strtok(h, "\n"); line; line = strtok(NULL, "\n")) {
            const char *id = declared(line, &len);
            if (!id)
                continue;
            checked++;
            if (!known(&names, id, len))
                fail_msg("%s declares '%.*s', which names.c does not list", files[f],
                         (int)len, id);
        }
        assert_true(checked > 10);
        mem_free(h);
        for (size_t i = 0; i < names.n; i++)
            free(names.v[i]);
        schema_free(s);
        free(text);
    }
}

static void test_path_spelling_does_not_matter(void **state)
{
    (void)state;
    static const char *const spellings[] = {
        "schemas/image.yaml", "./schemas/image.yaml", "tests/../schemas/image.yaml",
        "schemas//image.yaml",
    };
    memfs first = {0};
    compile_real(&first, spellings[0]);
    for (size_t i = 1; i < sizeof spellings / sizeof spellings[0]; i++) {
        memfs again = {0};
        compile_real(&again, spellings[i]);
        assert_int_equal(again.n, first.n);
        for (size_t j = 0; j < first.n; j++)
            assert_string_equal(again.text[j], first.text[j]);
        memfs_free(&again);
    }
    memfs_free(&first);
}

/* A 10 MB doc: wrapping it once called strlen on the rest of the text for every output line
 * (quadratic: 20 s); every line of it must come out, none past column 100. */
static void test_huge_doc_is_linear(void **state)
{
    (void)state;
    schema *s = front_end("slotgen: 1\nclasses:\n  D:\n    attributes: {x: u8}\n");
    size_t n = 10u << 20, len;
    char *doc = mem_alloc(n + 1); /* a block of mem.h, as every string the schema owns */
    for (size_t i = 0; i < n; i++)
        doc[i] = i % 10 == 9 ? ' ' : (char)('a' + i % 7);
    doc[n] = '\0';
    s->doc = doc; /* the schema frees it */
    char *h = gen_header(s, &len);
    size_t letters = 0, longest = 0;
    for (char *line = strtok(h, "\n"); line; line = strtok(NULL, "\n")) {
        size_t l = strlen(line);
        longest = l > longest ? l : longest;
        if (strncmp(line, " * ", 3) != 0 || strspn(line + 3, "abcdefg ") != l - 3)
            continue;
        for (const char *p = line + 3; *p; p++)
            letters += *p != ' ';
    }
    assert_true(longest < 100);
    assert_int_equal(letters, n / 10 * 9); /* every letter of the doc, on lines of its own */
    mem_free(h);
    schema_free(s);
}

/* gen_macro's layout, for lines just under, at and past column 100 (a body broken at its
 * outermost ", " or not at all), at two indentations: a line that fits is the format's text;
 * one that does not is "#define NAME(PARAMS) \\" and the body on continuation lines, each
 * within 99 columns where a break exists, all but the last ending in " \\", which joined
 * again with the spaces they were cut at give the body back. */
static void test_macro_line_layout(void **state)
{
    (void)state;
    for (int indent = 0; indent < 2; indent++) {
        for (int w = 60; w < 140; w++) {
            const char *shapes[] = {"f(SG_TYPED(T, sg_self), sg_v, %.*s)", "((int)%.*s)"};
            for (size_t k = 0; k < 2; k++) {
                char word[128];
                memset(word, 'x', sizeof word - 1);
                word[sizeof word - 1] = '\0';
                int n = w - 40 > 0 ? w - 40 : 1;
                emitter e;
                emit_init(&e);
                e.indent = indent;
                char *body = emit_format(shapes[k], n, word);
                char *head = emit_format("%*s#define T_%d_name(sg_self, sg_v)", 4 * indent, "",
                                         w);
                if (k == 0)
                    gen_macro(&e, "#define T_%d_name(sg_self, sg_v) f(SG_TYPED(T, sg_self), "
                                  "sg_v, %.*s)", w, n, word);
                else
                    gen_macro(&e, "#define T_%d_name(sg_self, sg_v) ((int)%.*s)", w, n, word);
                char *one = emit_format("%s %s\n", head, body);
                if (strlen(one) - 1 < 100) {
                    assert_string_equal(e.buf, one);
                } else {
                    char *first = emit_format("%s \\\n", head), *joined = emit_format("%s", "");
                    assert_memory_equal(e.buf, first, strlen(first));
                    int breakable = k == 0, lines = 0;
                    for (char *p = e.buf + strlen(first); *p; lines++) {
                        char *nl = strchr(p, '\n');
                        assert_non_null(nl);
                        size_t len = (size_t)(nl - p);
                        int more = nl[1] != '\0';
                        if (breakable && more)
                            assert_true(len < 100);
                        if (more)
                            assert_memory_equal(nl - 2, " \\", 2);
                        char *t = emit_format("%s%s%.*s", joined, *joined ? " " : "",
                                              (int)(len - (more ? 2 : 0) - strspn(p, " ")),
                                              p + strspn(p, " "));
                        mem_free(joined);
                        joined = t;
                        p = nl + 1;
                    }
                    assert_string_equal(joined, body);
                    if (breakable && 4 + strlen(body) >= 100)
                        assert_true(lines > 1); /* broken where it can be */
                    mem_free(joined);
                    mem_free(first);
                }
                mem_free(one);
                mem_free(head);
                mem_free(body);
                emit_fini(&e);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_names_table_covers_header),
        cmocka_unit_test(test_path_spelling_does_not_matter),
        cmocka_unit_test(test_huge_doc_is_linear),
        cmocka_unit_test(test_macro_line_layout),
    };
    return cmocka_run_group_tests_name("gen", tests, NULL, NULL);
}
