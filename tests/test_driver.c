/*
 * test_driver.c - sgc_compile as a whole, on an in-memory file system: what is written and
 * when nothing is, all errors of all files in one run, imports (beside the importer, through
 * include directories, missing, cyclic, shared), depfiles, and output name collisions.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "sgc_test.h"

static const char good[] = "slotgen: 1\nclasses:\n  A:\n    attributes: {x: u8}\n";

static void put(memfs *fs, const char *path, const char *text)
{
    memfs_put(fs, path, text, strlen(text));
}

static sgc_result compile_with(memfs *fs, const char *const *in, size_t n, sgc_options *opt,
                               char **diags)
{
    opt->out_dir = "out";
    opt->read = memfs_read;
    opt->write = memfs_write;
    opt->ud = fs;
    opt->diag_text = diags;
    return sgc_compile(in, n, opt);
}

static void test_writes_header_and_source(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "s/a.yaml";
    char *diags = NULL;
    put(&fs, in, good);
    assert_int_equal(memfs_compile(&fs, &in, 1, &diags), SGC_OK);
    assert_string_equal(diags, "");
    assert_int_equal(fs.writes, 2);
    assert_non_null(strstr(memfs_get(&fs, "out/a.slot.h"), "struct A {"));
    assert_non_null(strstr(memfs_get(&fs, "out/a.slot.c"), "const sg_class A_class"));
    free(diags);
    memfs_free(&fs);
}

static void test_any_error_writes_nothing(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in[] = {"a.yaml", "b.yaml"};
    char *diags = NULL;
    put(&fs, "a.yaml", good);
    put(&fs, "b.yaml", "slotgen: 1\nclasses:\n  B:\n    attributes:\n      x: strng\n"
                       "      y: u99\n      x: u8\n");
    assert_int_equal(memfs_compile(&fs, in, 2, &diags), SGC_ESCHEMA);
    assert_int_equal(fs.writes, 0);
    /* in source order, though loading found the duplicate before checking the types */
    assert_string_equal(diags,
                        "b.yaml:5:10: error: unknown type 'strng' for attribute 'x' (did you "
                        "mean 'string'?)\n"
                        "b.yaml:6:10: error: unknown type 'u99' for attribute 'y'\n"
                        "b.yaml:7:7: error: attribute 'x' declared twice in class 'B'\n"
                        "b.yaml:5:7: note: first declared here\n");
    free(diags);
    memfs_free(&fs);
}

/* Diagnostics come out by file, in the order the files were first read (the input, then
 * its import), then by line: though the import is checked first, and loading reports before
 * checking. */
static void test_diagnostics_in_source_order(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "a.yaml";
    char *diags = NULL;
    put(&fs, "a.yaml", "slotgen: 1\nimports: [b.yaml]\nclasses:\n  A:\n    attributes:\n"
                       "      x: strng\n      y: {type: u8, bogus: 1}\n");
    put(&fs, "b.yaml", "slotgen: 1\nclasses:\n  B:\n    attributes:\n      p: u99\n"
                       "      q: {type: u8, bogus: 1}\n");
    assert_int_equal(memfs_compile(&fs, &in, 1, &diags), SGC_ESCHEMA);
    assert_int_equal(fs.writes, 0);
    assert_string_equal(diags,
                        "a.yaml:6:10: error: unknown type 'strng' for attribute 'x' (did you "
                        "mean 'string'?)\n"
                        "a.yaml:7:21: error: unknown key 'bogus' in attribute 'y' in class 'A'\n"
                        "b.yaml:5:10: error: unknown type 'u99' for attribute 'p'\n"
                        "b.yaml:6:21: error: unknown key 'bogus' in attribute 'q' in class 'B'\n");
    free(diags);
    memfs_free(&fs);
}

static void test_check_only(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "a.yaml";
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.check_only = true;
    put(&fs, in, good);
    assert_int_equal(compile_with(&fs, &in, 1, &opt, &diags), SGC_OK);
    assert_int_equal(fs.writes, 0);
    free(diags);
    memfs_free(&fs);
}

static void test_unreadable_input(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "nope.yaml";
    char *diags = NULL;
    assert_int_equal(memfs_compile(&fs, &in, 1, &diags), SGC_EIO);
    assert_string_equal(diags, "slotgen: error: cannot read 'nope.yaml': No such file or "
                               "directory\n");
    free(diags);
    memfs_free(&fs);
}

static const char importer[] = "slotgen: 1\nimports: [common.yaml]\nclasses:\n"
                               "  N:\n    attributes: {t: T, l: {type: L, default: hi}}\n";
static const char common[] = "slotgen: 1\nenums:\n  L: [lo, hi]\nclasses:\n"
                             "  T:\n    slots: true\n    attributes: {x: u8}\n";

static void test_import_beside_and_include_dir(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "app/n.yaml";
    const char *dirs[] = {"inc"};
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    put(&fs, in, importer);
    put(&fs, "inc/common.yaml", common);
    opt.include_dirs = dirs;
    opt.ninclude_dirs = 1;
    assert_int_equal(compile_with(&fs, &in, 1, &opt, &diags), SGC_OK);
    assert_non_null(strstr(memfs_get(&fs, "out/n.slot.h"), "#include \"common.slot.h\""));
    assert_null(memfs_get(&fs, "out/common.slot.h")); /* only inputs are generated */
    put(&fs, "app/common.yaml", "slotgen: 1\n"); /* beside the importer wins */
    free(diags);
    diags = NULL;
    assert_int_equal(compile_with(&fs, &in, 1, &opt, &diags), SGC_ESCHEMA);
    assert_non_null(strstr(diags, "unknown type 'T'"));
    free(diags);
    memfs_free(&fs);
}

static void test_each_file_read_once(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in[] = {"n.yaml", "m.yaml"};
    char *diags = NULL;
    put(&fs, "n.yaml", importer);
    put(&fs, "m.yaml", importer);
    put(&fs, "common.yaml", common);
    assert_int_equal(memfs_compile(&fs, in, 2, &diags), SGC_OK);
    assert_int_equal(fs.reads, 3); /* common.yaml once, though both import it */
    free(diags);
    memfs_free(&fs);
}

static void test_missing_import(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "n.yaml";
    char *diags = NULL;
    put(&fs, in, importer);
    assert_int_equal(memfs_compile(&fs, &in, 1, &diags), SGC_ESCHEMA);
    assert_string_equal(diags, "n.yaml:2:11: error: cannot read imported schema "
                               "'common.yaml': No such file or directory\n");
    free(diags);
    memfs_free(&fs);
}

static void test_import_cycle(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "a.yaml";
    char *diags = NULL;
    put(&fs, "a.yaml", "slotgen: 1\nimports: [b.yaml]\n");
    put(&fs, "b.yaml", "slotgen: 1\nimports: [./a.yaml]\n");
    assert_int_equal(memfs_compile(&fs, &in, 1, &diags), SGC_ESCHEMA);
    assert_string_equal(diags, "b.yaml:2:11: error: import cycle: 'b.yaml' imports "
                               "'a.yaml', which imports it back\n");
    free(diags);
    memfs_free(&fs);
}

static void test_errors_name_their_file(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in = "n.yaml";
    char *diags = NULL;
    put(&fs, in, importer);
    put(&fs, "common.yaml", "slotgen: 1\nclasses:\n  T:\n    attributes: {x: u7}\n");
    assert_int_equal(memfs_compile(&fs, &in, 1, &diags), SGC_ESCHEMA);
    assert_non_null(strstr(diags, "common.yaml:4:21: error: unknown type 'u7'"));
    assert_int_equal(fs.writes, 0);
    free(diags);
    memfs_free(&fs);
}

static void test_depfile(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in[] = {"n.yaml", "my dir/m.yaml"};
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.depfile = "out/deps.d";
    put(&fs, "n.yaml", importer);
    put(&fs, "common.yaml", common);
    put(&fs, "my dir/m.yaml", "slotgen: 1\nimports: [../common.yaml]\n");
    assert_int_equal(compile_with(&fs, in, 2, &opt, &diags), SGC_OK);
    assert_string_equal(memfs_get(&fs, "out/deps.d"),
                        "out/n.slot.h out/n.slot.c out/m.slot.h out/m.slot.c: \\\n"
                        " n.yaml \\\n common.yaml \\\n my\\ dir/m.yaml\n"
                        "\nn.yaml:\n\ncommon.yaml:\n\nmy\\ dir/m.yaml:\n");
    opt.dep_target = "stamp";
    free(diags);
    assert_int_equal(compile_with(&fs, in, 2, &opt, &diags), SGC_OK);
    assert_int_equal(strncmp(memfs_get(&fs, "out/deps.d"), "stamp: \\\n n.yaml", 16), 0);
    free(diags);
    memfs_free(&fs);
}

static void test_same_output_name(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in[] = {"a/x.yaml", "b/x.yaml"};
    char *diags = NULL;
    put(&fs, in[0], good);
    put(&fs, in[1], "slotgen: 1\n");
    assert_int_equal(memfs_compile(&fs, in, 2, &diags), SGC_ESCHEMA);
    assert_string_equal(diags, "slotgen: error: 'a/x.yaml' and 'b/x.yaml' would both "
                               "generate x.slot.h; compile them into different directories\n");
    assert_int_equal(fs.writes, 0);
    free(diags);
    memfs_free(&fs);
}

/* ---- large import graphs and deep nesting, generated on the fly ---------------------- */

/* A file system whose files are written by their names: "L<k>a.yaml"/"L<k>b.yaml" (a
 * lattice: both files of level k import both of level k + 1, 'levels' levels under
 * "top.yaml"), "c<i>.yaml" (a chain: each imports c<i - 1> and has class K<i>), and "e.yaml"
 * ('n' classes, each
 * embedding the next by value). Outputs are counted and dropped. */
typedef struct gen_fs {
    int levels;
    int n;
    unsigned reads;
    unsigned writes;
} gen_fs;

static char *gen_text(const gen_fs *g, const char *path)
{
    char *t = malloc(256 + (size_t)g->n * 64);
    int k;
    char side;
    assert_non_null(t);
    if (strcmp(path, "top.yaml") == 0) {
        sprintf(t, "slotgen: 1\nimports: [L0a.yaml, L0b.yaml]\nclasses:\n  Top:\n"
                   "    attributes: {a: C0a, b: ref C0b}\n");
    } else if (sscanf(path, "L%d%c.yaml", &k, &side) == 2 && k < g->levels) {
        int p = sprintf(t, "slotgen: 1\n");
        if (k + 1 < g->levels)
            p += sprintf(t + p, "imports: [L%da.yaml, L%db.yaml]\n", k + 1, k + 1);
        p += sprintf(t + p, "classes:\n  C%d%c:\n    attributes:\n      v: u8\n", k, side);
        if (k + 1 < g->levels)
            sprintf(t + p, "      l: C%da\n      r: ref C%db\n", k + 1, k + 1);
    } else if (sscanf(path, "c%d.yaml", &k) == 1 && k < g->n) {
        int p = sprintf(t, "slotgen: 1\n");
        if (k > 0)
            p += sprintf(t + p, "imports: [c%d.yaml]\n", k - 1);
        sprintf(t + p, "classes:\n  K%d:\n    attributes:\n      v: u8\n", k);
    } else if (strcmp(path, "e.yaml") == 0) {
        int p = sprintf(t, "slotgen: 1\nclasses:\n");
        for (k = 0; k < g->n; k++)
            p += k + 1 < g->n ? sprintf(t + p, "  E%d: {attributes: {n: E%d}}\n", k, k + 1)
                              : sprintf(t + p, "  E%d: {attributes: {v: u8}}\n", k);
    } else {
        free(t);
        return NULL;
    }
    return t;
}

static char *gen_read(void *ud, const char *path, size_t *len)
{
    gen_fs *g = ud;
    char *t = gen_text(g, path);
    g->reads++;
    if (!t) {
        errno = ENOENT;
        return NULL;
    }
    *len = strlen(t);
    return t;
}

static int gen_write(void *ud, const char *path, const char *text, size_t len)
{
    (void)path;
    (void)text;
    (void)len;
    ((gen_fs *)ud)->writes++;
    return 0;
}

typedef struct gen_job {
    gen_fs *g;
    const char *input;
    sgc_result result;
    char *diags;
} gen_job;

static void *gen_compile(void *arg)
{
    gen_job *j = arg;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.read = gen_read;
    opt.write = gen_write;
    opt.ud = j->g;
    opt.diag_text = &j->diags;
    j->result = sgc_compile(&j->input, 1, &opt);
    return NULL;
}

/* Compiles 'input' of 'g' on a thread with a 256 KiB stack: a compiler library must not need
 * a stack that grows with the input. Asserts it compiled. */
static void compile_on_small_stack(gen_fs *g, const char *input)
{
    gen_job j = {g, input, SGC_EIO, NULL};
    pthread_attr_t pa;
    pthread_t t;
    assert_int_equal(pthread_attr_init(&pa), 0);
    assert_int_equal(pthread_attr_setstacksize(&pa, 256 * 1024), 0);
    assert_int_equal(pthread_create(&t, &pa, gen_compile, &j), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    pthread_attr_destroy(&pa);
    if (j.result != SGC_OK)
        fail_msg("%s: %s", input, j.diags ? j.diags : "(no diagnostics)");
    free(j.diags);
}

/* 40 levels of diamonds: 2^40 import paths to the bottom. Naming once walked every path
 * (11 s at 26 levels, doubling per level); each file must be read, checked and named once. */
static void test_import_lattice(void **state)
{
    (void)state;
    gen_fs g = {40, 0, 0, 0};
    compile_on_small_stack(&g, "top.yaml");
    assert_int_equal(g.reads, 2 * 40 + 1);
    assert_int_equal(g.writes, 2);
}

/* A chain of 4,000 imports, one class per file: the import walk recursed once per file, and
 * naming collected, for each file, every name it imports transitively (192 s in all). Each
 * file's names must cost only its own: a per-run index of the names checked so far. */
static void test_import_chain(void **state)
{
    (void)state;
    gen_fs g = {0, 4000, 0, 0};
    compile_on_small_stack(&g, "c3999.yaml");
    assert_int_equal(g.reads, 4000);
    assert_int_equal(g.writes, 2);
}

/* 5,000 classes each embedding the next: layout and the header's embedding order recursed
 * once per class. */
static void test_embedding_chain(void **state)
{
    (void)state;
    gen_fs g = {0, 5000, 0, 0};
    compile_on_small_stack(&g, "e.yaml");
    assert_int_equal(g.writes, 2);
}

/* ':' is escaped for Make; a path Make cannot read ('%' would make a pattern rule) is an
 * error before anything is written. */
static void test_depfile_make_paths(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in[] = {"c:d/n.yaml"};
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.depfile = "deps.d";
    put(&fs, "c:d/n.yaml", "slotgen: 1\nimports: [\"p%q/common.yaml\"]\n");
    put(&fs, "c:d/p%q/common.yaml", common);
    assert_int_equal(compile_with(&fs, in, 1, &opt, &diags), SGC_EIO);
    assert_string_equal(diags, "slotgen: error: cannot write the depfile: Make cannot read the "
                               "schema path 'c:d/p%q/common.yaml' (it holds one of ; = | % * ? [ ] "
                               "( ) \\)\n");
    assert_int_equal(fs.writes, 0);
    free(diags);
    put(&fs, "c:d/n.yaml", "slotgen: 1\n");
    assert_int_equal(compile_with(&fs, in, 1, &opt, &diags), SGC_OK);
    assert_string_equal(memfs_get(&fs, "deps.d"), "out/n.slot.h out/n.slot.c: \\\n c\\:d/n.yaml\n"
                                                  "\nc\\:d/n.yaml:\n");
    free(diags);
    memfs_free(&fs);
}

/* The depfile never replaces a schema read in the run (however spelled) or an output. */
static void test_depfile_replaces_nothing(void **state)
{
    (void)state;
    static const char *const bad[] = {"n.yaml", "./x/../common.yaml", "out/n.slot.c"};
    static const char *const what[] = {"the schema 'n.yaml'", "the schema 'common.yaml'",
                                       "the output 'out/n.slot.c'"};
    for (size_t i = 0; i < 3; i++) {
        memfs fs = {0};
        const char *in[] = {"n.yaml"};
        char *diags = NULL, want[256];
        sgc_options opt;
        memset(&opt, 0, sizeof opt);
        opt.depfile = bad[i];
        put(&fs, "n.yaml", importer);
        put(&fs, "common.yaml", common);
        assert_int_equal(compile_with(&fs, in, 1, &opt, &diags), SGC_EIO);
        snprintf(want, sizeof want, "slotgen: error: depfile '%s' would replace %s\n", bad[i],
                 what[i]);
        assert_string_equal(diags, want);
        assert_int_equal(fs.writes, 0);
        free(diags);
        memfs_free(&fs);
    }
}

/* An import whose file name would need escaping in '#include "NAME.slot.h"' or a comment is
 * refused at the import; nothing is written. */
static void test_unsafe_import_name(void **state)
{
    (void)state;
    static const char *const names[] = {"a\\\"b.yaml", "nl\\n.yaml", "x?\?-.yaml", "sp ace.yaml",
                                        "caf\\u00e9.yaml"};
    for (size_t i = 0; i < 5; i++) {
        memfs fs = {0};
        const char *in[] = {"n.yaml"};
        char *diags = NULL, text[128];
        snprintf(text, sizeof text, "slotgen: 1\nimports: [\"%s\"]\n", names[i]);
        put(&fs, "n.yaml", text);
        assert_int_equal(memfs_compile(&fs, in, 1, &diags), SGC_ESCHEMA);
        assert_int_equal(strncmp(diags, "n.yaml:2:11: error: imported schema '", 37), 0);
        assert_non_null(strstr(diags, "' has a file name that cannot appear in generated code; "
                                      "hint: a schema's file name may hold only ASCII letters, "
                                      "digits, '.', '_', '+' and '-'\n"));
        assert_int_equal(fs.reads, 1);
        assert_int_equal(fs.writes, 0);
        free(diags);
        memfs_free(&fs);
    }
}

/* A schema over SGC_MAX_SCHEMA_SIZE is refused, whoever reads it. */
static void test_schema_size_limit(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in[] = {"n.yaml"};
    char *diags = NULL;
    char *big = malloc(SGC_MAX_SCHEMA_SIZE + 1);
    assert_non_null(big);
    memset(big, '#', SGC_MAX_SCHEMA_SIZE + 1);
    put(&fs, "n.yaml", "slotgen: 1\nimports: [big.yaml]\n");
    memfs_put(&fs, "big.yaml", big, SGC_MAX_SCHEMA_SIZE + 1);
    free(big);
    assert_int_equal(memfs_compile(&fs, in, 1, &diags), SGC_ESCHEMA);
    assert_string_equal(diags, "n.yaml:2:11: error: cannot read imported schema 'big.yaml': "
                               "larger than 16 MiB, the limit for a schema file\n");
    free(diags);
    memfs_free(&fs);
}

/* One file named twice is one input: its outputs are generated once. */
static void test_same_input_twice(void **state)
{
    (void)state;
    memfs fs = {0};
    const char *in[] = {"a/x.yaml", "a/./b/../x.yaml"};
    char *diags = NULL;
    put(&fs, in[0], good);
    assert_int_equal(memfs_compile(&fs, in, 2, &diags), SGC_OK);
    assert_string_equal(diags, "");
    assert_int_equal(fs.writes, 2);
    free(diags);
    memfs_free(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes_header_and_source),
        cmocka_unit_test(test_any_error_writes_nothing),
        cmocka_unit_test(test_diagnostics_in_source_order),
        cmocka_unit_test(test_check_only),
        cmocka_unit_test(test_unreadable_input),
        cmocka_unit_test(test_import_beside_and_include_dir),
        cmocka_unit_test(test_each_file_read_once),
        cmocka_unit_test(test_missing_import),
        cmocka_unit_test(test_import_cycle),
        cmocka_unit_test(test_errors_name_their_file),
        cmocka_unit_test(test_depfile),
        cmocka_unit_test(test_same_output_name),
        cmocka_unit_test(test_import_lattice),
        cmocka_unit_test(test_import_chain),
        cmocka_unit_test(test_embedding_chain),
        cmocka_unit_test(test_depfile_make_paths),
        cmocka_unit_test(test_depfile_replaces_nothing),
        cmocka_unit_test(test_unsafe_import_name),
        cmocka_unit_test(test_schema_size_limit),
        cmocka_unit_test(test_same_input_twice),
    };
    return cmocka_run_group_tests_name("driver", tests, NULL, NULL);
}
