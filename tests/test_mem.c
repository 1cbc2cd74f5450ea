/*
 * test_mem.c - the compiler's tracked allocator (compiler/mem.c), and allocation failure in
 * the whole compiler: SQLite-style, from fresh state, over a schema set that exercises every
 * stage (two files joined by an import, enums, classes with every attribute type and form,
 * docs, a long doc, prefixes, slotted and dynamic classes, the three layouts, both outputs of
 * each input and a depfile, taken through the write callback).
 *
 * The walk counts the N allocations of a clean run through the sgc_options.alloc hook, then
 * for every k in 1..N runs sgc_compile once failing the k-th allocation alone and once
 * failing every allocation from the k-th on. After each: SGC_ENOMEM, "slotgen: out of
 * memory" in the diagnostics, no block left live (the hook counts them), no write, no file
 * descriptor left open, no crash (and no leak: ASan and valgrind watch the rest), and a clean
 * run right after gives the same outputs as the first. The schemas are served from memory
 * through sgc_options.read, and again from files through the library's own reader; the
 * outputs go to the write callback, and again to the file system through the library's own
 * staged writer, where a failed run must leave no directory, temporary or output. libyaml
 * allocates with its own malloc, out of the hook's reach: this program interposes libyaml's
 * yaml_malloc & co. (called through the PLT of the shared libyaml) to fail each of its
 * allocations too, which libyaml reports as YAML_MEMORY_ERROR. A schema with errors is walked
 * too (its diagnostics are held, sorted and printed at the end). Two threads, one failing
 * and one compiling cleanly at once, show that a run's state is per thread.
 *
 * Under ASan every k of every walk is tried (about 35 s of CPU for the eight walks; the two
 * main walks check a clean run after each failure, the others after every CLEAN_EVERY-th).
 * Under valgrind, where a run is ~20 times slower, the walks take every STRIDE-th k and the
 * first and last EDGE, to stay near 15 s; the ASan run of `make check` walks them all.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <dirent.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <valgrind/valgrind.h>
#include <yaml.h>

#include "mem.h"
#include "sgc_test.h"

#define STRIDE 37     /* under valgrind, walk every STRIDE-th k */
#define EDGE 6        /* ... and every one of the first and last EDGE */
#define CLEAN_EVERY 16 /* walks other than the main ones check a clean run this often */

/* ---- the schema set ------------------------------------------------------------------ */

/* common.yaml's text: its doc, made long by make_common (4,800 bytes, so the file reader's
 * buffer grows and the doc is cut into many lines), then the rest. */
static const char doc_part[] = "Sixty bytes of documentation, repeated to make a long doc. ";
static char common_yaml[8192];

static const char common_rest[] =
    "prefix: cm_\n"
    "enums:\n"
    "  Level: [low, high]\n"
    "  Code: {ok: 200, gone: 410, bad: -1}\n"
    "classes:\n"
    "  Tag:\n"
    "    doc: A label.\n"
    "    slots: true\n"
    "    layout: declared\n"
    "    attributes:\n"
    "      label: {type: \"char[16]\", default: none, doc: The text.}\n"
    "      level: {type: Level, default: high}\n"
    "      weight: u32\n";

static const char app_yaml[] =
    "slotgen: 1\n"
    "doc: Every stage of the compiler in one file.\n"
    "prefix: app_\n"
    "imports: [common.yaml]\n"
    "enums:\n"
    "  Hue: [red, green, blue]\n"
    "classes:\n"
    "  Point:\n"
    "    slots: true\n"
    "    attributes:\n"
    "      x: f64\n"
    "      y: {type: f32, default: 1.5}\n"
    "  Note:\n"
    "    doc: Every attribute type and form.\n"
    "    attributes:\n"
    "      flag: {type: bool, default: true}\n"
    "      letter: {type: char, default: \"z\"}\n"
    "      small: {type: i16, default: -300}\n"
    "      medium: {type: i32, default: 0x7fffffff}\n"
    "      big: {type: u64, default: 18446744073709551615}\n"
    "      ratio: {type: f32, default: 0.25}\n"
    "      precise: {type: f64, default: -.inf}\n"
    "      text: {type: string, default: \"hi \\\"there\\\"\", doc: Some text.}\n"
    "      code: {type: \"char[8]\", default: abc}\n"
    "      hue: {type: Hue, default: green}\n"
    "      level: Level\n"
    "      status: {type: Code, default: gone}\n"
    "      tag: Tag\n"
    "      at: Point\n"
    "      corners: Point[2]\n"
    "      next: ref Note\n"
    "      tags: ref Tag[2]\n"
    "      counts: {type: \"u16[4]\", default: [1, 2, 3]}\n"
    "      names: {type: \"string[2]\", default: [a, b]}\n"
    "      maybe: {type: u8, optional: true, default: 7}\n"
    "      note: {type: string, optional: true}\n"
    "      int: {type: i32, doc: A C keyword as a name.}\n"
    "      class: {type: u16, c_name: klass}\n"
    "  Wire:\n"
    "    layout: packed\n"
    "    slots: true\n"
    "    attributes:\n"
    "      kind: u8\n"
    "      length: u32\n"
    "      payload: string\n"
    "      extra: {type: u16, optional: true}\n";

/* The same, with errors (and hints and notes, reported out of source order): the walk over
 * it fails allocations while diagnostics are held, sorted and printed. */
static const char bad_app_yaml[] =
    "slotgen: 1\n"
    "imports: [common.yaml]\n"
    "classes:\n"
    "  Bad:\n"
    "    attributes:\n"
    "      a: strng\n"
    "      b: {type: u8, default: 300}\n"
    "      a: u8\n"
    "      c: Levle\n";

/* What s/app.yaml holds: app_yaml, or bad_app_yaml. */
static const char *app_source = app_yaml;

static const char *const inputs[] = {"s/app.yaml", "s/common.yaml"};
#define NINPUTS 2
#define NOUTPUTS (2 * NINPUTS + 1) /* .slot.h and .slot.c of each input, and the depfile */

/* ---- the allocator hook -------------------------------------------------------------- */

typedef struct hook {
    size_t calls;   /* allocations asked for (malloc- or realloc-like) */
    size_t fail_at; /* 0: none fails */
    int onward;     /* fail every allocation from fail_at on, not just that one */
    long live;      /* blocks allocated and not yet freed */
} hook;

static int should_fail(size_t call, size_t fail_at, int onward)
{
    return fail_at && (call == fail_at || (onward && call > fail_at));
}

static void *hook_alloc(void *ud, void *ptr, size_t size)
{
    hook *h = ud;
    if (size == 0) {
        if (ptr)
            h->live--;
        free(ptr);
        return NULL;
    }
    if (should_fail(++h->calls, h->fail_at, h->onward))
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        h->live++;
    assert_true((uintptr_t)p % _Alignof(max_align_t) == 0);
    return p;
}

/* ---- libyaml's allocator, interposed ----------------------------------------------- */

/* libyaml's own allocation functions, replaced for this program: the shared libyaml calls
 * them through its PLT, so these definitions take their place. Counted per thread. */
static _Thread_local struct {
    size_t calls, fail_at;
    int onward;
    long live;
} yaml_mem;

static void *yaml_take(void *p)
{
    if (p)
        yaml_mem.live++;
    return p;
}

void *yaml_malloc(size_t size);
void *yaml_realloc(void *ptr, size_t size);
void yaml_free(void *ptr);
yaml_char_t *yaml_strdup(const yaml_char_t *str);

void *yaml_malloc(size_t size)
{
    if (should_fail(++yaml_mem.calls, yaml_mem.fail_at, yaml_mem.onward))
        return NULL;
    return yaml_take(malloc(size ? size : 1));
}

void *yaml_realloc(void *ptr, size_t size)
{
    if (!ptr)
        return yaml_malloc(size);
    if (should_fail(++yaml_mem.calls, yaml_mem.fail_at, yaml_mem.onward))
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void yaml_free(void *ptr)
{
    if (ptr)
        yaml_mem.live--;
    free(ptr);
}

yaml_char_t *yaml_strdup(const yaml_char_t *str)
{
    if (!str)
        return NULL;
    size_t n = strlen((const char *)str) + 1;
    yaml_char_t *p = yaml_malloc(n);
    if (p)
        memcpy(p, str, n);
    return p;
}

/* ---- one run ------------------------------------------------------------------------- */

typedef struct outputs {
    char *path[NOUTPUTS];
    char *text[NOUTPUTS];
    unsigned n;
    unsigned writes;
} outputs;

static char *read_schema(void *ud, const char *path, size_t *len)
{
    (void)ud;
    const char *text = strcmp(path, inputs[0]) == 0   ? app_source
                       : strcmp(path, inputs[1]) == 0 ? common_yaml
                                                      : NULL;
    if (!text) {
        errno = ENOENT;
        return NULL;
    }
    *len = strlen(text);
    char *copy = malloc(*len + 1);
    if (copy)
        memcpy(copy, text, *len + 1);
    return copy;
}

static int write_output(void *ud, const char *path, const char *text, size_t len)
{
    outputs *o = ud;
    o->writes++;
    assert_true(o->n < NOUTPUTS);
    o->path[o->n] = strdup(path);
    o->text[o->n] = malloc(len + 1);
    assert_non_null(o->text[o->n]);
    memcpy(o->text[o->n], text, len);
    o->text[o->n][len] = '\0';
    o->n++;
    return 0;
}

static void outputs_free(outputs *o)
{
    for (unsigned i = 0; i < o->n; i++) {
        free(o->path[i]);
        free(o->text[i]);
    }
    memset(o, 0, sizeof *o);
}

typedef struct result {
    sgc_result status;
    char diag_text[512]; /* what *diag_text held ("(null)" when NULL) */
    char diag_out[512];  /* what was printed to diag_out */
} result;

/* Read the schemas from the file system (under the current directory, a temporary one)
 * rather than through the read callback: the reader's FILE and buffer are then in the walk. */
static int from_files;

/* Write the outputs to the file system (the library's own staged writer, into "gen", which
 * the run makes) rather than through the write callback: a failed run must then leave no
 * directory, temporary or output behind. */
static int to_files;

/* With to_files: every run starts with "gen" holding the outputs of the first clean run, the
 * first of them changed, so the writer compares generated text with old files and replaces
 * one as it goes (emit_stream_*): a failed run must leave "gen" exactly as it was. */
static int over_files;

static void make_common(void)
{
    strcpy(common_yaml, "slotgen: 1\ndoc: Shared types, imported by app.yaml. ");
    for (int i = 0; i < 80; i++)
        strcat(common_yaml, doc_part);
    strcat(common_yaml, "\n");
    strcat(common_yaml, common_rest);
}

/* One run of sgc_compile over the schema set with allocator 'h'; outputs go to 'o'. Frees
 * diag_text through the hook, so h->live counts only what the run left. */
static result run(hook *h, outputs *o)
{
    result r;
    memset(&r, 0, sizeof r);
    FILE *out = fmemopen(r.diag_out, sizeof r.diag_out - 1, "w");
    assert_non_null(out);
    setvbuf(out, NULL, _IONBF, 0);
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.out_dir = "gen";
    opt.depfile = "gen/app.d";
    opt.read = from_files ? NULL : read_schema;
    opt.write = to_files ? NULL : write_output;
    opt.ud = o;
    opt.diag_out = out;
    opt.diag_text = &diags;
    opt.alloc = hook_alloc;
    opt.alloc_ud = h;
    r.status = sgc_compile(inputs, NINPUTS, &opt);
    fclose(out);
    snprintf(r.diag_text, sizeof r.diag_text, "%s", diags ? diags : "(null)");
    hook_alloc(h, diags, 0);
    return r;
}

/* Open file descriptors of this process. */
static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* The first clean run: its outputs are what every later clean run must give. */
static outputs reference;

static char tmpdir[] = "/tmp/test_mem.XXXXXX";
static char startdir[4096];

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Removes what a run that wrote to the file system made: the outputs and "gen". */
static void remove_gen(void)
{
    for (unsigned i = 0; i < reference.n; i++)
        remove(reference.path[i]);
    rmdir("gen");
}

/* 1 when 'path' holds exactly 'text'. */
static int file_holds(const char *path, const char *text)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t len = strlen(text), n = 0;
    char buf[4096];
    size_t got;
    int same = 1;
    while (same && (got = fread(buf, 1, sizeof buf, f)) > 0) {
        same = n + got <= len && memcmp(buf, text + n, got) == 0;
        n += got;
    }
    fclose(f);
    return same && n == len;
}

/* Makes "gen" as over_files says. */
static void put_gen(void)
{
    assert_int_equal(mkdir("gen", 0777), 0);
    for (unsigned i = 0; i < reference.n; i++)
        put_file(reference.path[i], i == 0 ? "/* stale */\n" : reference.text[i]);
}

/* 1 when "gen" holds what put_gen put there and nothing else. */
static int gen_as_put(void)
{
    DIR *d = opendir("gen");
    struct dirent *ent;
    unsigned n = 0;
    while (d && (ent = readdir(d)))
        n += strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0;
    if (d)
        closedir(d);
    int same = d && n == reference.n;
    for (unsigned i = 0; same && i < reference.n; i++)
        same = file_holds(reference.path[i], i == 0 ? "/* stale */\n" : reference.text[i]);
    return same;
}

/* The schema set also as files, in a temporary directory made the current one. */
static int make_files(void)
{
    if (!getcwd(startdir, sizeof startdir) || !mkdtemp(tmpdir) || chdir(tmpdir) != 0 ||
        mkdir("s", 0700) != 0)
        return -1;
    put_file(inputs[0], app_yaml);
    put_file(inputs[1], common_yaml);
    return 0;
}

static size_t nallocs, nyaml_allocs;
/* What a clean run of the current mode gives. */
static sgc_result expect_status = SGC_OK;
static char expect_diags[512];

static int setup(void **state)
{
    (void)state;
    make_common();
    if (make_files() != 0) {
        print_error("cannot make the schema files under %s\n", tmpdir);
        return -1;
    }
    hook h = {0};
    memset(&yaml_mem, 0, sizeof yaml_mem);
    result r = run(&h, &reference);
    if (r.status != SGC_OK || h.live != 0 || yaml_mem.live != 0) {
        print_error("clean run: status %d, %ld blocks live, %ld libyaml blocks live:\n%s",
                    (int)r.status, h.live, yaml_mem.live, r.diag_text);
        return -1;
    }
    nallocs = h.calls;
    nyaml_allocs = yaml_mem.calls;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    outputs_free(&reference);
    remove(inputs[0]);
    remove(inputs[1]);
    rmdir("s");
    if (chdir(startdir) != 0 || rmdir(tmpdir) != 0)
        return -1;
    return 0;
}

/* A clean run gives what the first one of its mode gave: status, diagnostics, outputs. */
static void check_clean_run(void)
{
    hook h = {0};
    outputs o = {0};
    memset(&yaml_mem, 0, sizeof yaml_mem);
    if (over_files)
        put_gen();
    result r = run(&h, &o);
    assert_int_equal(r.status, expect_status);
    assert_string_equal(r.diag_text, expect_diags);
    assert_int_equal(h.live, 0);
    assert_int_equal(h.calls, nallocs);
    if (to_files) {
        assert_int_equal(o.n, 0);
        for (unsigned i = 0; i < reference.n; i++)
            assert_true(file_holds(reference.path[i], reference.text[i]));
        remove_gen();
        return;
    }
    assert_int_equal(o.n, expect_status == SGC_OK ? reference.n : 0);
    for (unsigned i = 0; i < o.n; i++) {
        assert_string_equal(o.path[i], reference.path[i]);
        assert_string_equal(o.text[i], reference.text[i]);
    }
    outputs_free(&o);
}

/* Runs with the k-th allocation of the hook (or of libyaml, when 'in_yaml') failing, alone
 * or onward, and checks that the run failed cleanly; then, if 'clean_after', that a clean run
 * still gives what it gave. */
static void check_failure(size_t k, int onward, int in_yaml, int clean_after)
{
    hook h = {0};
    outputs o = {0};
    memset(&yaml_mem, 0, sizeof yaml_mem);
    if (over_files)
        put_gen();
    int fds = count_fds();
    if (in_yaml) {
        yaml_mem.fail_at = k;
        yaml_mem.onward = onward;
    } else {
        h.fail_at = k;
        h.onward = onward;
    }
    result r = run(&h, &o);
    yaml_mem.fail_at = 0;
    if (r.status != SGC_ENOMEM || h.live != 0 || yaml_mem.live != 0 || o.writes != 0 ||
        count_fds() != fds)
        fail_msg("failing %s allocation %zu%s: status %d, %ld blocks live, %ld libyaml "
                 "blocks live, %u writes, %d files left open; diagnostics:\n%s",
                 in_yaml ? "libyaml" : "hook", k, onward ? " onward" : " alone", (int)r.status,
                 h.live, yaml_mem.live, o.writes, count_fds() - fds, r.diag_text);
    struct stat st;
    if (over_files && !gen_as_put())
        fail_msg("failing hook allocation %zu%s: \"gen\" changed before memory ran out", k,
                 onward ? " onward" : " alone");
    else if (over_files)
        remove_gen();
    else if (to_files && lstat("gen", &st) == 0)
        fail_msg("failing hook allocation %zu%s: the run made \"gen\" (and may have written "
                 "in it) before memory ran out", k, onward ? " onward" : " alone");
    assert_non_null(strstr(r.diag_out, "slotgen: out of memory\n"));
    /* diag_text's buffer is the run's first allocation: failing every allocation from the
     * first leaves nothing to deliver the text in. Otherwise it ends with the message. */
    if (!in_yaml && onward && k == 1) {
        assert_string_equal(r.diag_text, "(null)");
    } else {
        size_t len = strlen(r.diag_text), m = strlen("slotgen: out of memory\n");
        assert_true(len >= m);
        assert_string_equal(r.diag_text + len - m, "slotgen: out of memory\n");
    }
    outputs_free(&o);
    if (clean_after)
        check_clean_run();
}

/* Every k, or under valgrind every STRIDE-th k and the first and last EDGE. */
static size_t next_k(size_t k, size_t n)
{
    if (!RUNNING_ON_VALGRIND || k < EDGE || k + EDGE >= n)
        return k + 1;
    return k + STRIDE < n - EDGE ? k + STRIDE : n - EDGE;
}

static void walk(int onward, int in_yaml)
{
    size_t tried = 0;
    hook h = {0};
    outputs o = {0};
    memset(&yaml_mem, 0, sizeof yaml_mem);
    if (over_files)
        put_gen();
    result r = run(&h, &o); /* the counts and results of this mode */
    assert_int_equal(r.status, app_source == app_yaml ? SGC_OK : SGC_ESCHEMA);
    expect_status = r.status;
    snprintf(expect_diags, sizeof expect_diags, "%s", r.diag_text);
    outputs_free(&o);
    for (unsigned i = 0; to_files && i < reference.n; i++)
        assert_true(file_holds(reference.path[i], reference.text[i]));
    if (to_files)
        remove_gen();
    nallocs = h.calls;
    nyaml_allocs = yaml_mem.calls;
    size_t n = in_yaml ? nyaml_allocs : nallocs;
    clock_t start = clock();
    /* The walks of the valid schema set through the read callback check a clean run after
     * every failure; the other walks after every CLEAN_EVERY-th, to keep their time down. */
    int main_walk = !in_yaml && !from_files && app_source == app_yaml;
    for (size_t k = 1; k <= n; k = next_k(k, n)) {
        check_failure(k, onward, in_yaml, main_walk || tried % CLEAN_EVERY == 0);
        tried++;
    }
    printf("    %s allocations failed %s%s: %zu of %zu, %.2f s\n",
           in_yaml ? "libyaml" : "hook", onward ? "onward" : "alone",
           over_files             ? ", outputs written over old ones"
           : to_files             ? ", outputs written to files"
           : from_files           ? ", schemas read from files"
           : app_source != app_yaml ? ", schema with errors"
                                    : "",
           tried, n, (double)(clock() - start) / CLOCKS_PER_SEC);
}

/* ---- the walks ----------------------------------------------------------------------- */

static void test_clean_run(void **state)
{
    (void)state;
    assert_int_equal(reference.n, NOUTPUTS);
    assert_int_equal(reference.writes, NOUTPUTS);
    assert_string_equal(reference.path[NOUTPUTS - 1], "gen/app.d");
    assert_non_null(strstr(reference.text[0], "#include \"common.slot.h\""));
    assert_true(nallocs > 100);
    assert_true(nyaml_allocs > 10); /* libyaml's allocations do come here */
    printf("    a clean run: %zu allocations through the hook, %zu in libyaml\n", nallocs,
           nyaml_allocs);
    check_clean_run();
}

static void test_fail_each_alone(void **state)
{
    (void)state;
    walk(0, 0);
}

static void test_fail_each_onward(void **state)
{
    (void)state;
    walk(1, 0);
}

static void test_fail_each_alone_reading_files(void **state)
{
    (void)state;
    from_files = 1;
    walk(0, 0);
    from_files = 0;
}

static void test_fail_each_onward_reading_files(void **state)
{
    (void)state;
    from_files = 1;
    walk(1, 0);
    from_files = 0;
}

/* The library's own writer: it makes "gen", stages the outputs and the depfile in
 * temporaries and renames them. Every allocation comes before the first of these, so a
 * failed run leaves the directory as it was. */
static void test_fail_each_alone_writing_files(void **state)
{
    (void)state;
    to_files = 1;
    walk(0, 0);
    to_files = 0;
}

static void test_fail_each_onward_writing_files(void **state)
{
    (void)state;
    to_files = 1;
    walk(1, 0);
    to_files = 0;
}

/* The writer over old outputs, one of them stale: while it compares the others with what it
 * generates, and after it has replaced the stale one in a temporary, memory running out
 * leaves every old output as it was, no temporary and no descriptor open. */
static void test_fail_each_writing_over_files(void **state)
{
    (void)state;
    to_files = over_files = 1;
    walk(0, 0);
    walk(1, 0);
    to_files = over_files = 0;
}

/* Every allocation of a run that reports errors: while they are held, sorted and printed.
 * When only one allocation fails, the errors reported before it still come out. */
static void test_fail_each_with_errors(void **state)
{
    (void)state;
    app_source = bad_app_yaml;
    walk(0, 0);
    walk(1, 0);
    app_source = app_yaml;
    expect_status = SGC_OK;
    expect_diags[0] = '\0';
}

static void test_fail_each_libyaml_alone(void **state)
{
    (void)state;
    walk(0, 1);
}

static void test_fail_each_libyaml_onward(void **state)
{
    (void)state;
    walk(1, 1);
}

/* Runs on two threads at once are independent: one fails allocations while the other
 * compiles cleanly, each with its own hook (a run's state is per thread, not static). */
typedef struct worker {
    int failing;      /* fail the k-th allocation of each run, for k = 1, 1 + step, ... */
    size_t runs, step;
    size_t bad;       /* runs that did not end as they should */
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (size_t i = 0; i < w->runs; i++) {
        hook h = {0};
        outputs o = {0};
        h.fail_at = w->failing ? 1 + i * w->step : 0;
        result r = run(&h, &o);
        int ok = w->failing ? r.status == SGC_ENOMEM && o.writes == 0
                            : r.status == SGC_OK && o.writes == NOUTPUTS && h.calls == nallocs;
        w->bad += !ok || h.live != 0;
        outputs_free(&o);
    }
    return NULL;
}

static void test_runs_on_two_threads(void **state)
{
    (void)state;
    hook h = {0};
    outputs o = {0};
    assert_int_equal(run(&h, &o).status, SGC_OK); /* the count of this mode */
    outputs_free(&o);
    nallocs = h.calls;
    size_t runs = RUNNING_ON_VALGRIND ? 10 : 100;
    worker failing = {1, runs, nallocs / runs, 0}, clean = {0, runs, 0, 0};
    pthread_t t1, t2;
    assert_int_equal(pthread_create(&t1, NULL, work, &failing), 0);
    assert_int_equal(pthread_create(&t2, NULL, work, &clean), 0);
    assert_int_equal(pthread_join(t1, NULL), 0);
    assert_int_equal(pthread_join(t2, NULL), 0);
    assert_int_equal(failing.bad, 0);
    assert_int_equal(clean.bad, 0);
}

/* ---- the allocator itself ---------------------------------------------------------- */

static void body_reallocs(void *arg)
{
    char **kept = arg;
    char *a = mem_strdup("a");
    char *b = mem_alloc(8);
    for (size_t n = 16; n < 4096; n *= 2) /* moves the block, relinking its neighbours */
        b = mem_realloc(b, n);
    memcpy(b, "kept", 5);
    mem_free(a);
    *kept = b;
}

static void test_end_frees_what_is_left(void **state)
{
    (void)state;
    hook h = {0};
    mem_run m;
    char *kept = NULL;
    mem_begin(&m, hook_alloc, &h);
    assert_int_equal(mem_protect(&m, body_reallocs, &kept), 0);
    assert_string_equal(kept, "kept");
    assert_int_equal(h.live, 1 + MEM_SMALL_BLOCKS); /* 'kept', and the chunk 'a' was in */
    assert_int_equal(mem_end(&m), 1);
    assert_int_equal(h.live, 0);
}

typedef struct guarded {
    int released;
    int reached;
} guarded;

static void release(void *arg)
{
    ((guarded *)arg)->released++;
}

static void body_fails_under_guard(void *arg)
{
    guarded *g = arg;
    mem_guard outer, inner;
    mem_guard_push(&outer, release, g);
    mem_strdup("live");
    mem_guard_push(&inner, release, g);
    mem_alloc(SIZE_MAX); /* cannot have a header: fails without asking the hook */
    g->reached = 1;
}

static void test_failure_runs_guards_and_unwinds(void **state)
{
    (void)state;
    hook h = {0};
    guarded g = {0, 0};
    mem_run m;
    mem_begin(&m, hook_alloc, &h);
    assert_int_equal(mem_protect(&m, body_fails_under_guard, &g), -1);
    assert_int_equal(g.released, 2);
    assert_int_equal(g.reached, 0);
    assert_int_equal(h.live, 1);
    assert_int_equal(mem_end(&m), 1);
    assert_int_equal(h.live, 0);
}

static void body_releases(void *arg)
{
    char *s = mem_realloc(NULL, sizeof "handed over");
    memcpy(s, "handed over", sizeof "handed over");
    *(char **)arg = mem_release(s);
}

static void test_release_hands_a_plain_block(void **state)
{
    (void)state;
    hook h = {0};
    mem_run m;
    char *s = NULL;
    mem_begin(&m, hook_alloc, &h);
    assert_int_equal(mem_protect(&m, body_releases, &s), 0);
    assert_int_equal(mem_end(&m), 0);
    assert_string_equal(s, "handed over");
    assert_int_equal(h.live, 1);
    hook_alloc(&h, s, 0); /* a plain block of the hook */
    assert_int_equal(h.live, 0);
}

/* mem_try_alloc: a tracked block, zero-filled, or NULL when the hook refuses (no unwinding,
 * the run goes on); mem_end frees one left live. */
static void body_tries(void *arg)
{
    hook *h = arg;
    char *a = mem_try_alloc(40);
    assert_non_null(a);
    for (size_t i = 0; i < 40; i++)
        assert_int_equal(a[i], 0);
    h->fail_at = h->calls + 1;
    assert_null(mem_try_alloc(40));         /* refused: NULL, and the run goes on */
    assert_null(mem_try_alloc(SIZE_MAX));   /* no room for a header: NULL, the hook not asked */
    h->fail_at = 0;
    assert_non_null(mem_try_alloc(8));      /* left live, for mem_end */
    mem_free(a);
}

static void test_try_alloc(void **state)
{
    (void)state;
    hook h = {0};
    mem_run m;
    mem_begin(&m, hook_alloc, &h);
    assert_int_equal(mem_protect(&m, body_tries, &h), 0);
    assert_false(m.failed);
    assert_int_equal(h.calls, 3);
    assert_int_equal(h.live, 1);
    assert_int_equal(mem_end(&m), 1);
    assert_int_equal(h.live, 0);
}

/* Small blocks: carved from chunks of the hook, freed into a free list and reused, zero-filled
 * and aligned like any block; mem_end counts those left and gives the chunks back. */
static void body_small(void *arg)
{
    hook *h = arg;
    char *p[64];
    size_t calls = h->calls;
    for (size_t i = 0; i < 64; i++) {
        p[i] = mem_alloc(i * 4); /* 0 .. 252 bytes: every class, and one of its own */
        assert_true((uintptr_t)p[i] % _Alignof(max_align_t) == 0);
        for (size_t j = 0; j < i * 4; j++)
            assert_int_equal(p[i][j], 0);
        memset(p[i], 0x5a, i * 4);
    }
    assert_int_equal(h->calls - calls, MEM_SMALL_BLOCKS ? 2 : 64); /* one chunk and 252 bytes */
    for (size_t i = 0; i < 64; i += 2)
        mem_free(p[i]);
    for (size_t i = 0; i < 64; i += 2) { /* the freed ones come back, zero-filled again */
        char *q = mem_alloc(i * 4);
        for (size_t j = 0; j < i * 4; j++)
            assert_int_equal(q[j], 0);
        p[i] = q;
    }
    assert_int_equal(h->calls - calls, MEM_SMALL_BLOCKS ? 2 : 96);
    char *r = mem_realloc(p[5], 1000); /* a small block grows into one of its own */
    for (size_t j = 0; j < 20; j++)
        assert_int_equal(r[j], 0x5a);
    p[5] = r;
    for (size_t i = 0; i < 64; i++)
        if (i % 3)
            mem_free(p[i]);
}

static void test_small_blocks(void **state)
{
    (void)state;
    hook h = {0};
    mem_run m;
    mem_begin(&m, hook_alloc, &h);
    assert_int_equal(mem_protect(&m, body_small, &h), 0);
    assert_int_equal(mem_end(&m), 22); /* i = 0, 3, .., 63 left */
    assert_int_equal(h.live, 0);
}

/* A chunk the hook refuses is reported like any allocation failure. */
static void body_small_fails(void *arg)
{
    (void)arg;
    for (;;)
        mem_strdup("a small string");
}

static void test_small_block_failure(void **state)
{
    (void)state;
    hook h = {0};
    h.fail_at = 3;
    mem_run m;
    mem_begin(&m, hook_alloc, &h);
    assert_int_equal(mem_protect(&m, body_small_fails, NULL), -1);
    assert_true(m.failed);
    assert_true(mem_end(&m) > 0);
    assert_int_equal(h.live, 0);
    assert_int_equal(h.calls, 3);
}

/* Outside any run blocks come from malloc, link only themselves, and free anywhere. */
static void test_outside_a_run(void **state)
{
    (void)state;
    char *p = mem_strndup("abcdef", 3);
    assert_string_equal(p, "abc");
    p = mem_realloc(p, 100);
    assert_string_equal(p, "abc");
    hook h = {0};
    mem_run m;
    mem_begin(&m, hook_alloc, &h);
    mem_free(p); /* a malloc block freed while a run is current: not the hook's */
    assert_int_equal(mem_end(&m), 0);
    assert_int_equal(h.calls, 0);
    assert_int_equal(h.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_end_frees_what_is_left),
        cmocka_unit_test(test_failure_runs_guards_and_unwinds),
        cmocka_unit_test(test_release_hands_a_plain_block),
        cmocka_unit_test(test_try_alloc),
        cmocka_unit_test(test_small_blocks),
        cmocka_unit_test(test_small_block_failure),
        cmocka_unit_test(test_outside_a_run),
        cmocka_unit_test(test_clean_run),
        cmocka_unit_test(test_fail_each_alone),
        cmocka_unit_test(test_fail_each_onward),
        cmocka_unit_test(test_fail_each_alone_reading_files),
        cmocka_unit_test(test_fail_each_onward_reading_files),
        cmocka_unit_test(test_fail_each_alone_writing_files),
        cmocka_unit_test(test_fail_each_onward_writing_files),
        cmocka_unit_test(test_fail_each_writing_over_files),
        cmocka_unit_test(test_fail_each_with_errors),
        cmocka_unit_test(test_runs_on_two_threads),
        cmocka_unit_test(test_fail_each_libyaml_alone),
        cmocka_unit_test(test_fail_each_libyaml_onward),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
