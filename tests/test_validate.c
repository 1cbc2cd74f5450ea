/*
 * test_validate.c - slotgen validate (compiler/validate.c): the run-time tables against the
 * generated ones, and data files checked through sgc_compile.
 *
 * Tables. Every schema of schemas/ and tests/schemas/ is loaded, checked, named and laid out
 * as one run would (imports resolved beside the importer), validate_tables_build makes their
 * tables, and each is compared field by field with the table slotgen generated for the same
 * class and compiled into this program (validate_classes.h, made by the Makefile, lists
 * each with its schema): names, kinds, offsets, sizes, counts, presence bits, flags, element
 * sizes, target classes, enums and flag sets member by member, defaults byte by byte
 * (strings by content), by_name, the hidden members' offsets. Then each class is used both
 * ways: objects initialized from either table save to the same YAML and JSON, and what one
 * saves loads through the other and saves back the same.
 *
 * Data files. sgc_compile with validate_class set, the schemas served from memory and the
 * data from temporary files: every error with its exact location and message, in order, file
 * after file; a bad object skipped; YAML and JSON; classes of imported schemas; the result
 * codes (SGC_EDATA, SGC_EUSAGE with its hint, SGC_EIO); dynamic attributes on a class that is
 * not slotted, its runtime state released before its table goes (sg_runtime_cleanup after
 * would otherwise write to freed memory: ASan). Allocation failure at every point, both of
 * the compiler's allocator (sgc_options.alloc) and of the runtime's (sg_set_allocator): each
 * run ends in SGC_ENOMEM with "slotgen: out of memory" and nothing left allocated.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sgc_test.h"
#include "slotgen-io.h"
#include "validate.h"
#include "validate_classes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the repository's schemas, as one run loads them ------------------------------------ */

#define MAX_SCHEMAS 64

typedef struct loaded {
    schema *s[MAX_SCHEMAS];
    size_t n;
    diag d;
} loaded;

/* Loads 'path' and, first, what it imports (beside it); each file once, in dependency order. */
static schema *load_path(loaded *L, const char *path)
{
    for (size_t i = 0; i < L->n; i++)
        if (strcmp(L->s[i]->path, path) == 0)
            return L->s[i];
    size_t len = 0;
    char *text = slurp(path, &len);
    assert_non_null(text);
    schema *s = load_schema(path, text, len, &L->d);
    free(text);
    const char *slash = strrchr(path, '/');
    for (size_t i = 0; i < s->nimports; i++) {
        char sub[1024];
        snprintf(sub, sizeof sub, "%.*s/%s", (int)(slash - path), path, s->imports[i]->path);
        s->imports[i]->target = load_path(L, sub);
    }
    assert_true(L->n < MAX_SCHEMAS);
    L->s[L->n++] = s;
    return s;
}

/* Every schema validate_classes.h names, checked, named and laid out without error. */
static void load_all(loaded *L)
{
    memset(L, 0, sizeof *L);
    diag_init(&L->d, NULL, 1);
    for (size_t i = 0; i < COUNT(gen_classes); i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", SRCDIR, gen_classes[i].schema);
        load_path(L, path);
    }
    names_index *ix = names_index_new();
    for (size_t i = 0; i < L->n && L->d.errors == 0; i++) {
        check_schema(L->s[i], &L->d);
        names_assign_in(ix, L->s[i]);
        if (names_check_in(ix, L->s[i], &L->d) == 0)
            layout_schema(L->s[i], &L->d);
    }
    names_index_free(ix);
    diag_flush(&L->d);
    if (L->d.errors)
        fail_msg("unexpected diagnostics:\n%s", diag_text(&L->d));
}

static void free_all(loaded *L)
{
    for (size_t i = 0; i < L->n; i++)
        schema_free(L->s[i]);
    diag_fini(&L->d);
}

/* The run-time table of the class of generated table 'g' (schema 'path' of the list). */
static const sg_class *rt_class(const loaded *L, const validate_tables *t, const char *path,
                                const sg_class *g)
{
    char full[1024];
    snprintf(full, sizeof full, "%s/%s", SRCDIR, path);
    for (size_t i = 0; i < L->n; i++)
        if (strcmp(L->s[i]->path, full) == 0) {
            const sclass *c = schema_find_class(L->s[i], g->name);
            assert_non_null(c);
            return validate_tables_class(t, c);
        }
    fail_msg("schema %s not loaded", full);
    return NULL;
}

/* ---- field by field ------------------------------------------------------------------------
 * Each *_diff returns NULL when the two tables agree, else what differs (static storage), so
 * that a test can also show that a difference is seen. */

static char why[512];

#define DIFF(cond, ...) \
    do { \
        if (cond) { \
            snprintf(why, sizeof why, __VA_ARGS__); \
            return why; \
        } \
    } while (0)

static const char *enum_diff(const sg_enum *g, const sg_enum *r)
{
    DIFF(!g != !r, "one enum is NULL");
    if (!g)
        return NULL;
    DIFF(strcmp(g->name, r->name) != 0, "enum name %s, %s", g->name, r->name);
    DIFF(g->count != r->count, "enum %s: %u members, %u", g->name, g->count, r->count);
    for (uint32_t i = 0; i < g->count; i++) {
        DIFF(strcmp(g->members[i].name, r->members[i].name) != 0, "enum %s: member %u", g->name, i);
        DIFF(g->members[i].value != r->members[i].value, "enum %s: value of %s", g->name,
             g->members[i].name);
    }
    return NULL;
}

/* Two default blocks of attribute 'a': strings by content, floats bit for bit but any NaN
 * equal to any NaN, the rest byte for byte. */
static const char *default_diff(const sg_attr *a, const void *g, const void *r)
{
    DIFF(!g != !r, "attribute %s: one default is NULL", a->name);
    if (!g)
        return NULL;
    uint32_t n = a->count ? a->count : 1;
    for (uint32_t i = 0; i < n && a->kind == SG_K_STRING; i++) {
        const char *x = ((const char *const *)g)[i], *y = ((const char *const *)r)[i];
        DIFF(!x != !y || (x && strcmp(x, y) != 0), "attribute %s: default string %u", a->name, i);
    }
    for (uint32_t i = 0; i < n && (a->kind == SG_K_F32 || a->kind == SG_K_F64); i++) {
        double x = a->kind == SG_K_F32 ? ((const float *)g)[i] : ((const double *)g)[i];
        double y = a->kind == SG_K_F32 ? ((const float *)r)[i] : ((const double *)r)[i];
        DIFF(!(isnan(x) && isnan(y)) && memcmp((const char *)g + i * a->elem_size,
                                              (const char *)r + i * a->elem_size,
                                              a->elem_size) != 0,
             "attribute %s: default float %u", a->name, i);
    }
    DIFF(a->kind != SG_K_STRING && a->kind != SG_K_F32 && a->kind != SG_K_F64 &&
         memcmp(g, r, a->size) != 0, "attribute %s: default bytes", a->name);
    return NULL;
}

static const char *attr_diff(const sg_attr *g, const sg_attr *r)
{
    const char *n = g->name;
    DIFF(strcmp(g->name, r->name) != 0, "attribute name %s, %s", g->name, r->name);
    DIFF(g->kind != r->kind, "attribute %s: kind %d, %d", n, g->kind, r->kind);
    DIFF(g->offset != r->offset, "attribute %s: offset %u, %u", n, g->offset, r->offset);
    DIFF(g->size != r->size, "attribute %s: size %u, %u", n, g->size, r->size);
    DIFF(g->count != r->count, "attribute %s: count %u, %u", n, g->count, r->count);
    DIFF(g->presence != r->presence, "attribute %s: presence %d, %d", n, g->presence,
         r->presence);
    DIFF(g->flags != r->flags, "attribute %s: flags %#x, %#x", n, g->flags, r->flags);
    DIFF(g->elem_size != r->elem_size, "attribute %s: elem_size %u, %u", n, g->elem_size,
         r->elem_size);
    DIFF(!g->cls != !r->cls, "attribute %s: one target class is NULL", n);
    /* a target's own table is compared as a class of its schema */
    DIFF(g->cls && (strcmp(g->cls->name, r->cls->name) != 0 || g->cls->size != r->cls->size),
         "attribute %s: target class", n);
    const char *e = enum_diff(g->enm, r->enm);
    if (e)
        return e;
    return default_diff(g, g->def, r->def);
}

static const char *class_diff(const sg_class *g, const sg_class *r)
{
    const char *n = g->name;
    DIFF(!r, "class %s: no run-time table", n);
    DIFF(strcmp(g->name, r->name) != 0, "class name %s, %s", g->name, r->name);
    DIFF(g->size != r->size, "class %s: size %u, %u", n, g->size, r->size);
    DIFF(g->align != r->align, "class %s: align %u, %u", n, g->align, r->align);
    DIFF(g->slotted != r->slotted, "class %s: slotted", n);
    DIFF(g->packed != r->packed, "class %s: packed", n);
    DIFF(g->nattrs != r->nattrs, "class %s: nattrs %u, %u", n, g->nattrs, r->nattrs);
    DIFF(g->dyn_offset != r->dyn_offset, "class %s: dyn_offset %u, %u", n, g->dyn_offset,
         r->dyn_offset);
    DIFF(g->presence_offset != r->presence_offset, "class %s: presence_offset %u, %u", n,
         g->presence_offset, r->presence_offset);
    DIFF(!r->rt || r->rt == g->rt, "class %s: rt", n);
    DIFF(!g->nattrs && (r->attrs || r->by_name), "class %s: tables of no attribute", n);
    DIFF(g->nattrs && memcmp(g->by_name, r->by_name, g->nattrs * sizeof *g->by_name) != 0,
         "class %s: by_name", n);
    for (uint32_t i = 0; i < g->nattrs; i++) {
        const char *d = attr_diff(&g->attrs[i], &r->attrs[i]);
        if (d)
            return d;
    }
    return NULL;
}

static void test_tables_match_generated(void **state)
{
    (void)state;
    loaded L;
    load_all(&L);
    validate_tables *t = validate_tables_build(L.s, L.n);
    size_t classes = 0;
    for (size_t i = 0; i < L.n; i++)
        classes += L.s[i]->nclasses;
    assert_int_equal(classes, COUNT(gen_classes)); /* every class has its generated twin */
    assert_true(classes >= 30);
    for (size_t i = 0; i < COUNT(gen_classes); i++) {
        const sg_class *g = gen_classes[i].cls;
        const char *d = class_diff(g, rt_class(&L, t, gen_classes[i].schema, g));
        if (d)
            fail_msg("%s: %s", gen_classes[i].schema, d);
    }
    validate_tables_free(t);
    free_all(&L);
}

/* The comparison sees a difference: one field changed at a time in a copy of a run-time table
 * (kitchen.yaml's Everything: every kind, defaults of each, optional ones, enums). */
static void test_comparison_can_fail(void **state)
{
    (void)state;
    loaded L;
    load_all(&L);
    validate_tables *t = validate_tables_build(L.s, L.n);
    const sg_class *g = &Everything_class;
    const sg_class *r = rt_class(&L, t, "tests/schemas/kitchen.yaml", g);
    assert_null(class_diff(g, r));
    sg_attr rows[128];
    uint32_t by_name[128];
    char def[4096];
    assert_true(r->nattrs <= COUNT(rows));
    for (int field = 0; field < 9; field++) {
        sg_class copy = *r;
        memcpy(rows, r->attrs, r->nattrs * sizeof *rows);
        memcpy(by_name, r->by_name, r->nattrs * sizeof *by_name);
        copy.attrs = rows;
        copy.by_name = by_name;
        uint32_t k = 0;
        while (k < r->nattrs && !(rows[k].def && rows[k].kind != SG_K_STRING &&
                                  rows[k].size <= sizeof def))
            k++;
        assert_true(k < r->nattrs); /* an attribute with a default */
        switch (field) {
        case 0: copy.size++; break;
        case 1: rows[1].offset++; break;
        case 2: rows[0].flags ^= SG_ATTR_DEPRECATED; break;
        case 3: copy.presence_offset ^= 1; break;
        case 4: rows[2].elem_size++; break;
        case 5: by_name[0] ^= 1; break;
        case 6: rows[k].def = NULL; break;
        case 7:
            memcpy(def, rows[k].def, rows[k].size);
            def[rows[k].size - 1] ^= 0x10; /* the last byte: of the value (or a pointer) */
            rows[k].def = def;
            break;
        default: copy.slotted = !copy.slotted; break;
        }
        if (!class_diff(g, &copy))
            fail_msg("change %d went unseen", field);
    }
    validate_tables_free(t);
    free_all(&L);
}

/* ---- used both ways --------------------------------------------------------------------- */

/* 'obj' saved as YAML or JSON into a new buffer (free it with sg_io_buf_free). */
static sg_io_buf save(const sg_class *cls, const void *obj, bool json)
{
    sg_io_buf b = {0};
    assert_int_equal(json ? sg_json_save_buf(cls, obj, &b) : sg_yaml_save_buf(cls, obj, &b),
                     SG_OK);
    return b;
}

/* Objects of 'g' and 'r' from their defaults save alike; g's text loads through r and saves
 * back the same, and that loads through g. */
static void same_behaviour(const sg_class *g, const sg_class *r)
{
    void *a = calloc(1, g->size), *b = calloc(1, r->size);
    assert_int_equal(sg_object_init(g, a), SG_OK);
    assert_int_equal(sg_object_init(r, b), SG_OK);
    for (int json = 0; json < 2; json++) {
        sg_io_buf ta = save(g, a, json), tb = save(r, b, json);
        assert_string_equal(ta.data, tb.data);
        sg_object_destroy(r, b);
        sg_diag d;
        sg_status st = json ? sg_json_load(r, b, ta.data, ta.len, &d)
                            : sg_yaml_load(r, b, ta.data, ta.len, &d);
        if (st != SG_OK)
            fail_msg("%s: %s", g->name, d.message);
        sg_io_buf tc = save(r, b, json);
        assert_string_equal(ta.data, tc.data);
        sg_object_destroy(g, a);
        assert_int_equal(json ? sg_json_load(g, a, tc.data, tc.len, &d)
                              : sg_yaml_load(g, a, tc.data, tc.len, &d), SG_OK);
        sg_io_buf_free(&ta);
        sg_io_buf_free(&tb);
        sg_io_buf_free(&tc);
    }
    sg_object_destroy(g, a);
    sg_object_destroy(r, b);
    free(a);
    free(b);
}

static void test_tables_behave_alike(void **state)
{
    (void)state;
    loaded L;
    load_all(&L);
    validate_tables *t = validate_tables_build(L.s, L.n);
    for (size_t i = 0; i < COUNT(gen_classes); i++)
        same_behaviour(gen_classes[i].cls,
                       rt_class(&L, t, gen_classes[i].schema, gen_classes[i].cls));
    validate_tables_free(t);
    free_all(&L);
    sg_runtime_cleanup();
}

/* ---- data files through sgc_compile ------------------------------------------------------- */

static char tmpdir[64];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_validate_XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    return 0;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

/* Writes 'text' to data file 'name' of the temporary directory; returns its path (static
 * storage, one per k)). */
static const char *data_file(int k, const char *name, const char *text)
{
    static char paths[8][256];
    snprintf(paths[k], sizeof paths[k], "%s/%s", tmpdir, name);
    FILE *f = fopen(paths[k], "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return paths[k];
}

static const char shapes_yaml[] =
    "slotgen: 1\n"
    "imports: [base.yaml]\n"
    "enums:\n"
    "  Color: [red, green, blue]\n"
    "classes:\n"
    "  Image:\n"
    "    slots: true\n"
    "    attributes:\n"
    "      id: u32\n"
    "      caption: string\n"
    "      color: {type: Color, default: green}\n"
    "      at: Point\n"
    "      tags: {type: \"string[]\"}\n"
    "  Note:\n"
    "    attributes:\n"
    "      text: {type: string, optional: true}\n";

static const char base_yaml[] =
    "slotgen: 1\n"
    "classes:\n"
    "  Point:\n"
    "    slots: true\n"
    "    attributes: {x: i16, y: i16}\n";

/* A validate run of 'shapes.yaml' (and base.yaml) over 'files', into '*diags'. */
static sgc_result validate(const char *cls, const char *const *files, size_t n, char **diags,
                           sgc_alloc_fn alloc, void *alloc_ud)
{
    memfs fs = {0};
    memfs_put(&fs, "shapes.yaml", shapes_yaml, strlen(shapes_yaml));
    memfs_put(&fs, "base.yaml", base_yaml, strlen(base_yaml));
    const char *input = "shapes.yaml";
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.read = memfs_read;
    opt.ud = &fs;
    opt.diag_text = diags;
    opt.alloc = alloc;
    opt.alloc_ud = alloc_ud;
    opt.validate_class = cls;
    opt.data = files;
    opt.ndata = n;
    sgc_result r = sgc_compile(&input, 1, &opt);
    assert_int_equal(fs.writes, 0);
    memfs_free(&fs);
    return r;
}

/* Expands every '@' of 'fmt' to the temporary directory. */
static const char *at_tmp(const char *fmt)
{
    static char out[4096];
    size_t n = 0;
    for (const char *p = fmt; *p && n + 64 < sizeof out; p++)
        if (*p == '@')
            n += (size_t)snprintf(out + n, sizeof out - n, "%s", tmpdir);
        else
            out[n++] = *p;
    out[n] = '\0';
    return out;
}

static void test_errors_in_order(void **state)
{
    (void)state;
    const char *files[] = {
        data_file(0, "a.yaml", "- {id: 1, caption: a, at: {x: 1, y: 2}, tags: [p, q]}\n"
                               "- {id: -3, caption: b}\n"
                               "- {id: 2, caption: c, color: purple}\n"
                               "- {id: 3, caption: d, at: {x: 70000}}\n"
                               "- {id: 4}\n"
                               "- {id: 5, caption: e, colour: red}\n"),
        data_file(1, "b.json", "[{\"id\": 1, \"caption\": \"a\"}, {\"id\": true, \"caption\": \"b\"},\n"
                               " {\"id\": 2, \"caption\": \"c\", \"tags\": [[\"x\"]]}]\n"),
        data_file(2, "c.yml", "id: 7\ncaption: fine\n"),
    };
    char *diags = NULL;
    assert_int_equal(validate("Image", files, COUNT(files), &diags, NULL, NULL), SGC_EDATA);
    assert_string_equal(diags, at_tmp(
        "@/a.yaml:2:8: error: attribute 'id' of class 'Image' must be a u32, got '-3'\n"
        "@/a.yaml:3:30: error: attribute 'color' of class 'Image' must be a member of enum "
        "'Color' (red, green, blue), got 'purple'\n"
        "@/a.yaml:4:31: error: attribute 'x' of class 'Point' must be an i16, got '70000'\n"
        "@/a.yaml:5:3: error: object of class 'Image' lacks required attribute 'caption'\n"
        "@/a.yaml:6:23: error: class 'Image' has no attribute 'colour' (did you mean "
        "'color'?)\n"
        "@/b.json:1:36: error: attribute 'id' of class 'Image' must be a u32, got 'true'\n"
        "@/b.json:2:37: error: element 0 of attribute 'tags' of class 'Image' must be a "
        "string, got a sequence\n"));
    free(diags);
    /* valid files: SGC_OK and not a word */
    assert_int_equal(validate("Image", files + 2, 1, &diags, NULL, NULL), SGC_OK);
    assert_string_equal(diags, "");
    free(diags);
}

/* A class of an imported schema can be named; the input's own classes come first. */
static void test_class_of_an_import(void **state)
{
    (void)state;
    const char *files[] = {data_file(0, "p.yaml", "[{x: 1, y: 2}, {x: 1, y: 99999}]\n")};
    char *diags = NULL;
    assert_int_equal(validate("Point", files, 1, &diags, NULL, NULL), SGC_EDATA);
    assert_string_equal(diags, at_tmp("@/p.yaml:1:26: error: attribute 'y' of class 'Point' "
                                      "must be an i16, got '99999'\n"));
    free(diags);
}

static void test_unknown_class(void **state)
{
    (void)state;
    const char *files[] = {data_file(0, "u.yaml", "id: 1\n")};
    char *diags = NULL;
    assert_int_equal(validate("Imgae", files, 1, &diags, NULL, NULL), SGC_EUSAGE);
    assert_string_equal(diags, "slotgen: error: schema 'shapes.yaml' has no class 'Imgae' "
                               "(did you mean 'Image'?)\n");
    free(diags);
    assert_int_equal(validate("Quux", files, 1, &diags, NULL, NULL), SGC_EUSAGE);
    assert_string_equal(diags, "slotgen: error: schema 'shapes.yaml' has no class 'Quux' "
                               "(its classes: 'Image', 'Note', 'Point')\n");
    free(diags);
}

/* Two schemas the input imports (one of them through another) with a class of the name asked
 * for: a usage error naming both; a class of the input itself wins over an imported one of
 * the same name. (Two direct imports declaring one name are a schema error already.) */
static void test_ambiguous_class(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *top = "slotgen: 1\nprefix: t_\nimports: [a.yaml, c.yaml]\nclasses:\n"
                      "  Dot:\n    slots: true\n    attributes: {z: bool}\n";
    const char *a = "slotgen: 1\nclasses:\n  Dup:\n    attributes: {x: u8}\n";
    const char *c = "slotgen: 1\nprefix: c_\nimports: [b.yaml]\nclasses:\n"
                    "  Cc:\n    attributes: {p: u8}\n";
    const char *b = "slotgen: 1\nprefix: b_\nclasses:\n  Dup:\n    attributes: {y: u8}\n"
                    "  Dot:\n    attributes: {y: u8}\n";
    memfs_put(&fs, "top.yaml", top, strlen(top));
    memfs_put(&fs, "a.yaml", a, strlen(a));
    memfs_put(&fs, "b.yaml", b, strlen(b));
    memfs_put(&fs, "c.yaml", c, strlen(c));
    const char *input = "top.yaml";
    const char *files[] = {data_file(0, "dot.yaml", "{z: true}\n")};
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.read = memfs_read;
    opt.ud = &fs;
    opt.diag_text = &diags;
    opt.data = files;
    opt.ndata = 1;
    opt.validate_class = "Dup";
    assert_int_equal(sgc_compile(&input, 1, &opt), SGC_EUSAGE);
    assert_string_equal(diags, "slotgen: error: class 'Dup' is defined in both 'a.yaml' and "
                               "'b.yaml', which 'top.yaml' imports: validate against the "
                               "schema that defines the one you mean\n");
    free(diags);
    opt.validate_class = "Dot"; /* top.yaml's own: {z: bool}, not b.yaml's {y: u8} */
    assert_int_equal(sgc_compile(&input, 1, &opt), SGC_OK);
    assert_string_equal(diags, "");
    free(diags);
    opt.validate_class = "Cc"; /* c.yaml's, the only one (not slotted: z is dynamic) */
    assert_int_equal(sgc_compile(&input, 1, &opt), SGC_EDATA);
    assert_string_equal(diags, at_tmp("@/dot.yaml:1:1: error: object of class 'Cc' lacks "
                                      "required attribute 'p'\n"));
    free(diags);
    memfs_free(&fs);
}

/* A file that cannot be read is an I/O error; the other files are still checked. */
static void test_unreadable_files(void **state)
{
    (void)state;
    const char *bad = data_file(1, "bad.yaml", "{id: x, caption: c}\n");
    char missing[300];
    snprintf(missing, sizeof missing, "%s/missing.yaml", tmpdir);
    const char *files[] = {missing, tmpdir, bad};
    char *diags = NULL;
    assert_int_equal(validate("Image", files, 3, &diags, NULL, NULL), SGC_EIO);
    assert_string_equal(diags, at_tmp(
        "slotgen: error: cannot read '@/missing.yaml': No such file or directory\n"
        "slotgen: error: cannot read '@': Is a directory\n"
        "@/bad.yaml:1:6: error: attribute 'id' of class 'Image' must be a u32, got 'x'\n"));
    free(diags);
}

/* Malformed input ends its file (after the bad object before it was reported); the next file
 * is read. A file with no document is an error, an empty sequence is not. */
static void test_syntax_errors(void **state)
{
    (void)state;
    const char *files[] = {
        data_file(0, "s.yaml", "- {id: -1, caption: a}\n- {id: 2, caption: b}\n]\n"),
        data_file(1, "s.json", "[{\"id\": 1, \"caption\": \"a\"}, {\"id\": 2,,}]"),
        data_file(2, "t.yaml", "{id: 1, caption: a}\n"),
        data_file(3, "empty.yaml", ""),
        data_file(4, "none.yml", "[]\n"),
    };
    char *diags = NULL;
    assert_int_equal(validate("Image", files, 5, &diags, NULL, NULL), SGC_EDATA);
    assert_string_equal(diags, at_tmp(
        "@/s.yaml:1:8: error: attribute 'id' of class 'Image' must be a u32, got '-1'\n"
        "@/s.yaml:3:1: error: while parsing a block collection did not find expected '-' "
        "indicator\n"
        "@/s.json:1:38: error: parse error: invalid object key (must be a string)\n"
        "@/empty.yaml:1:1: error: expected a mapping (an object of class 'Image') or a "
        "sequence of them, got an empty input\n"));
    free(diags);
}

/* --format reads any file as the format given; without it, a name not ending in .json is
 * YAML. */
static void test_format(void **state)
{
    (void)state;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    const char *files[] = {data_file(0, "d.txt", "{\"id\": 1, \"caption\": \"inf\"}\n")};
    char *diags = NULL;
    assert_int_equal(validate("Image", files, 1, &diags, NULL, NULL), SGC_OK); /* YAML reads it */
    free(diags);
    files[0] = data_file(0, "d.txt", "id: 1\ncaption: a\n");
    assert_int_equal(validate("Image", files, 1, &diags, NULL, NULL), SGC_OK);
    free(diags);
    memfs fs = {0};
    memfs_put(&fs, "shapes.yaml", shapes_yaml, strlen(shapes_yaml));
    memfs_put(&fs, "base.yaml", base_yaml, strlen(base_yaml));
    const char *input = "shapes.yaml";
    opt.read = memfs_read;
    opt.ud = &fs;
    opt.diag_text = &diags;
    opt.validate_class = "Image";
    opt.data = files;
    opt.ndata = 1;
    opt.data_format = SGC_DATA_JSON;
    assert_int_equal(sgc_compile(&input, 1, &opt), SGC_EDATA);
    assert_string_equal(diags, at_tmp("@/d.txt:1:1: error: lexical error: invalid char in "
                                      "json text\n"));
    free(diags);
    memfs_free(&fs);
}

/* Terminal controls in a file name or in the data reach the terminal escaped. */
static void test_hostile_text_escaped(void **state)
{
    (void)state;
    const char *files[] = {data_file(0, "evil\033[2J.yaml", "{id: \"\\e]0;x\\a\", caption: a}\n")};
    char *diags = NULL;
    assert_int_equal(validate("Image", files, 1, &diags, NULL, NULL), SGC_EDATA);
    assert_string_equal(diags, at_tmp("@/evil\\x1b[2J.yaml:1:6: error: attribute 'id' of "
                                      "class 'Image' must be a u32, got the string "
                                      "'\\x1b]0;x\\x07'\n"));
    free(diags);
}

/* Dynamic attributes on a class that is not slotted: the run makes the class's runtime state
 * and releases it with its table; a cleanup afterwards touches no freed table (ASan). */
static void test_dynamic_attributes(void **state)
{
    (void)state;
    const char *files[] = {data_file(0, "n.yaml", "- {text: hi, mood: 3, tags: [a]}\n"
                                                  "- {text: null, extra: x, more: 2.5}\n")};
    char *diags = NULL;
    assert_int_equal(validate("Note", files, 1, &diags, NULL, NULL), SGC_EDATA);
    assert_string_equal(diags, at_tmp("@/n.yaml:1:29: error: dynamic attribute 'tags' of "
                                      "class 'Note' must be a scalar, got a sequence\n"));
    free(diags);
    sg_runtime_cleanup();
}

/* ---- allocation failure --------------------------------------------------------------------- */

typedef struct hook {
    long calls;
    long fail_at; /* 0: none */
    bool onward;
    long live;
} hook;

static void *sgc_hook(void *ud, void *ptr, size_t size)
{
    hook *h = ud;
    if (size == 0) {
        if (ptr)
            h->live--;
        free(ptr);
        return NULL;
    }
    long call = ++h->calls;
    if (h->fail_at && (call == h->fail_at || (h->onward && call > h->fail_at)))
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        h->live++;
    return p;
}

static const char *walk_files[3];

static void walk_setup(void)
{
    walk_files[0] = data_file(0, "w.yaml", "- {id: 1, caption: a, tags: [x, y]}\n"
                                           "- {id: -2, caption: b}\n- {id: 3}\n");
    walk_files[1] = data_file(1, "w.json", "[{\"id\": 1, \"caption\": \"a\", \"at\": {\"x\": 1}},"
                                           " {\"id\": 1, \"capton\": \"a\"}]");
    walk_files[2] = data_file(2, "w2.yaml", "{id: 9, caption: z}\n");
}

/* Fails the compiler's k-th allocation (alone, or from it on) for every k of a validate run
 * that reports errors in two files: SGC_ENOMEM, said, nothing left. */
static void test_compiler_allocation_failure(void **state)
{
    (void)state;
    walk_setup();
    hook h = {0};
    char *clean = NULL, *diags = NULL;
    assert_int_equal(validate("Image", walk_files, 3, &clean, sgc_hook, &h), SGC_EDATA);
    long n = h.calls;
    assert_true(n > 20);
    for (long k = 1; k <= n; k++) {
        for (int onward = 0; onward < 2; onward++) {
            hook f = {0, k, onward != 0, 0};
            sgc_result r = validate("Image", walk_files, 3, &diags, sgc_hook, &f);
            if (r != SGC_ENOMEM)
                fail_msg("allocation %ld of %ld failed %s: result %d", k, n,
                         onward ? "onward" : "alone", (int)r);
            if (diags)
                assert_non_null(strstr(diags, "slotgen: out of memory\n"));
            sgc_hook(&f, diags, 0);
            assert_int_equal(f.live, 0);
        }
    }
    diags = NULL;
    assert_int_equal(validate("Image", walk_files, 3, &diags, sgc_hook, &h), SGC_EDATA);
    assert_string_equal(diags, clean); /* a clean run after: the same report */
    sgc_hook(&h, diags, 0);
    sgc_hook(&h, clean, 0);
    assert_int_equal(h.live, 0);
}

static hook rt;

static void *rt_hook(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)old_size;
    return sgc_hook(ud, ptr, new_size);
}

/* Fails the runtime's k-th allocation (the objects libslotgen-io loads, their strings and
 * lists, atoms, the class state) for every k: SGC_ENOMEM, and after sg_runtime_cleanup
 * nothing of the runtime's is left. */
static void test_runtime_allocation_failure(void **state)
{
    (void)state;
    walk_setup();
    walk_files[2] = data_file(2, "w2.yaml", "[]\n");
    sg_runtime_cleanup();
    sg_set_slabs(false);
    sg_set_allocator(rt_hook, &rt);
    char *diags = NULL;
    memset(&rt, 0, sizeof rt);
    assert_int_equal(validate("Image", walk_files, 3, &diags, NULL, NULL), SGC_EDATA);
    free(diags);
    sg_runtime_cleanup();
    assert_int_equal(rt.live, 0);
    long n = rt.calls;
    assert_true(n > 10);
    for (long k = 1; k <= n; k++) {
        for (int onward = 0; onward < 2; onward++) {
            memset(&rt, 0, sizeof rt);
            rt.fail_at = k;
            rt.onward = onward != 0;
            sgc_result r = validate("Image", walk_files, 3, &diags, NULL, NULL);
            if (r != SGC_ENOMEM)
                fail_msg("runtime allocation %ld of %ld failed %s: result %d", k, n,
                         onward ? "onward" : "alone", (int)r);
            assert_non_null(strstr(diags, "slotgen: out of memory\n"));
            free(diags);
            sg_runtime_cleanup();
            assert_int_equal(rt.live, 0);
        }
    }
    sg_set_allocator(NULL, NULL);
    sg_set_slabs(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_match_generated),
        cmocka_unit_test(test_comparison_can_fail),
        cmocka_unit_test(test_tables_behave_alike),
        cmocka_unit_test(test_errors_in_order),
        cmocka_unit_test(test_class_of_an_import),
        cmocka_unit_test(test_unknown_class),
        cmocka_unit_test(test_ambiguous_class),
        cmocka_unit_test(test_unreadable_files),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_hostile_text_escaped),
        cmocka_unit_test(test_dynamic_attributes),
        cmocka_unit_test(test_compiler_allocation_failure),
        cmocka_unit_test(test_runtime_allocation_failure),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
