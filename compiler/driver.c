/*
 * driver.c - sgc_compile: the whole pipeline for one run (see sgc.h).
 *
 * load every input and, depth first, every schema it imports (each file once, by its
 * lexically normalized path; an import cycle is an error) -> per file in dependency order:
 * check, names, layout -> if no file had an error, generate every input's header and source
 * and the depfile in memory -> write them (atomically, only when changed).
 * Nothing is written when any error was reported, so earlier outputs stay as they were.
 * The whole run is one run of mem.h: every block it allocates is freed when memory runs out
 * (SGC_ENOMEM), and every allocation that can fail happens before the first write.
 * With opt->layout set, the last steps are replaced by printing the layout report
 * (report.h): no file and no depfile is written.
 */
#define _POSIX_C_SOURCE 200809L

#include "sgc.h"

#include <assert.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "diag.h"
#include "emit.h"
#include "gen_header.h"
#include "gen_source.h"
#include "layout.h"
#include "load.h"
#include "mem.h"
#include "names.h"
#include "report.h"
#include "schema.h"

typedef struct unit {
    schema *s;
    char *key;        /* normalized path: identity of the file */
    int state;        /* 0 new, 1 loading (on the import stack), 2 loaded, 3 checked */
    int ok;           /* checked with no error here or in anything it imports */
} unit;

typedef struct run {
    const sgc_options *opt;
    const char *const *paths; /* the inputs */
    size_t ninputs;
    diag d;
    unit **units;     /* every file read, in the order first read */
    size_t nunits;
    int io_error;
    sgc_result result;
} run;

/* ---- paths ----------------------------------------------------------------------------- */

/* "a/./b/../c.yaml" -> "a/c.yaml": a new string. Leading ".." components are kept. */
static char *normalize_path(const char *path)
{
    size_t n = strlen(path);
    char *out = mem_alloc(n + 2);
    size_t len = 0;
    int absolute = path[0] == '/';
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *end = strchr(p, '/');
        size_t seg = end ? (size_t)(end - p) : strlen(p);
        if (seg == 0)
            break;
        if (seg == 1 && p[0] == '.') {
            /* skip */
        } else if (seg == 2 && p[0] == '.' && p[1] == '.' && len > 0 &&
                   !(len >= 2 && strncmp(out + len - 2, "..", 2) == 0 &&
                     (len == 2 || out[len - 3] == '/'))) {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
        } else {
            if (len > 0 || absolute)
                out[len++] = '/';
            memcpy(out + len, p, seg);
            len += seg;
        }
        p += seg;
    }
    if (len == 0 && absolute)
        out[len++] = '/';
    out[len] = '\0';
    return out;
}

/* The directory part of 'path' with its slash ("a/b/" for "a/b/c.yaml"; "" for "c.yaml"). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return mem_strndup(path, slash ? (size_t)(slash - path + 1) : 0);
}

/* ---- reading --------------------------------------------------------------------------- */

static void close_file(void *f)
{
    fclose(f);
}

static char *read_fs(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    mem_guard g;
    mem_guard_push(&g, close_file, f);
    size_t cap = 4096, n = 0, got;
    char *buf = mem_alloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *bigger = mem_alloc(cap * 2);
            memcpy(bigger, buf, n);
            mem_free(buf);
            buf = bigger;
            cap *= 2;
        }
    }
    mem_guard_pop(&g);
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (err) {
        mem_free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The callback's malloc'd text, copied into a block of mem.h. */
static char *read_callback(run *r, const char *path, size_t *len)
{
    char *text = r->opt->read(r->opt->ud, path, len);
    if (!text)
        return NULL;
    if (*len == SIZE_MAX)
        mem_fail();
    mem_guard g;
    mem_guard_push(&g, mem_free_foreign, text);
    char *copy = mem_alloc(*len + 1);
    memcpy(copy, text, *len);
    mem_guard_pop(&g);
    mem_free_foreign(text);
    return copy;
}

/* 'path' read into a new block of '*len' bytes and a NUL; NULL (errno set) when it cannot. */
static char *read_file(run *r, const char *path, size_t *len)
{
    if (r->opt->read)
        return read_callback(r, path, len);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return NULL;
    }
    return read_fs(path, len);
}

/* ---- loading --------------------------------------------------------------------------- */

static unit *find_unit(run *r, const char *key)
{
    for (size_t i = 0; i < r->nunits; i++)
        if (strcmp(r->units[i]->key, key) == 0)
            return r->units[i];
    return NULL;
}

static void load_imports(run *r, unit *u);

/* The unit of 'path': the one already loaded under that normalized path, or the file read,
 * loaded, and its imports after it. NULL (errno set) when it cannot be read. Each file is
 * read once per run. */
static unit *get_unit(run *r, const char *path)
{
    char *key = normalize_path(path);
    unit *u = find_unit(r, key);
    size_t len = 0;
    char *text = u ? NULL : read_file(r, path, &len);
    if (u || !text) {
        mem_free(key);
        return u;
    }
    u = mem_alloc(sizeof *u);
    u->key = key;
    diag_file(&r->d, path); /* its messages sort in the order files are first read */
    u->s = load_schema(path, text, len, &r->d);
    mem_free(text);
    schema_push((void ***)&r->units, &r->nunits, u);
    u->state = 1;
    load_imports(r, u);
    u->state = 2;
    return u;
}

/* The unit that import 'im' of 's' names: beside 's', else in the first -I directory that
 * has it. Reports it at the import when none can be read. */
static unit *get_import(run *r, const schema *s, const import *im)
{
    char *dir = dir_of(s->path);
    char *beside = im->path[0] == '/' ? mem_strdup(im->path) : names_join(dir, "", im->path);
    unit *t = get_unit(r, beside);
    int err = errno;
    for (size_t i = 0; !t && im->path[0] != '/' && i < r->opt->ninclude_dirs; i++) {
        char *cand = names_join(r->opt->include_dirs[i], "/", im->path);
        t = get_unit(r, cand);
        mem_free(cand);
    }
    if (!t)
        diag_error(&r->d, im->at, "cannot read imported schema '%s': %s", beside,
                   strerror(err ? err : ENOENT));
    mem_free(beside);
    mem_free(dir);
    return t;
}

static void load_imports(run *r, unit *u)
{
    for (size_t i = 0; i < u->s->nimports; i++) {
        import *im = u->s->imports[i];
        unit *t = get_import(r, u->s, im);
        if (t && t->state == 1) {
            diag_error(&r->d, im->at, "import cycle: '%s' imports '%s', which imports it back",
                       u->s->path, t->s->path);
            continue;
        }
        im->target = t ? t->s : NULL;
    }
}

/* An input named on the command line; an unreadable one is an I/O error. */
static unit *get_input(run *r, const char *path)
{
    unit *u = get_unit(r, path);
    if (!u) {
        diag_error(&r->d, (loc){NULL, 0, 0}, "cannot read '%s': %s", path,
                   strerror(errno ? errno : ENOENT));
        r->io_error = 1;
    }
    return u;
}

/* ---- checking -------------------------------------------------------------------------- */

/* Checks 'u' after everything it imports; every file is checked once. */
static void check_unit(run *r, unit *u)
{
    if (u->state != 2)
        return;
    u->state = 3;
    int imports_ok = 1;
    for (size_t i = 0; i < u->s->nimports; i++)
        if (!u->s->imports[i]->target)
            return; /* reported; checking would only add "unknown type" for its types */
    for (size_t i = 0; i < u->s->nimports; i++) {
        const schema *t = u->s->imports[i]->target;
        for (size_t j = 0; t && j < r->nunits; j++)
            if (r->units[j]->s == t) {
                check_unit(r, r->units[j]);
                imports_ok &= r->units[j]->ok;
            }
    }
    unsigned before = r->d.errors;
    check_schema(u->s, &r->d);
    if (r->d.errors != before || !imports_ok)
        return; /* names and layout need every type resolved, here and in the imports */
    names_assign(u->s);
    if (names_check(u->s, &r->d) == 0)
        layout_schema(u->s, &r->d);
    u->ok = r->d.errors == before;
}

/* ---- output ---------------------------------------------------------------------------- */

typedef struct output {
    char *path;
    char *text;
    size_t len;
} output;

static char *output_path(const sgc_options *opt, const char *base, const char *ext)
{
    const char *dir = opt->out_dir && *opt->out_dir ? opt->out_dir : ".";
    size_t n = strlen(dir) + strlen(base) + strlen(ext) + 2;
    char *path = mem_alloc(n);
    snprintf(path, n, "%s/%s%s", dir, base, ext);
    return path;
}

/* Generates both files of every input into 'out' (2 per input). */
static void generate(run *r, unit **inputs, size_t n, output *out)
{
    for (size_t i = 0; i < n; i++) {
        char *base = names_base(inputs[i]->s->path);
        out[2 * i].path = output_path(r->opt, base, ".slot.h");
        out[2 * i].text = gen_header(inputs[i]->s, &out[2 * i].len);
        out[2 * i + 1].path = output_path(r->opt, base, ".slot.c");
        out[2 * i + 1].text = gen_source(inputs[i]->s, &out[2 * i + 1].len);
        mem_free(base);
    }
}

/* Two inputs with one base name would write the same files. */
static void check_output_names(run *r, unit **inputs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++) {
            char *a = names_base(inputs[i]->s->path), *b = names_base(inputs[j]->s->path);
            if (strcmp(a, b) == 0 && inputs[i] != inputs[j])
                diag_error(&r->d, (loc){NULL, 0, 0},
                           "'%s' and '%s' would both generate %s.slot.h; compile them "
                           "into different directories", inputs[j]->s->path,
                           inputs[i]->s->path, a);
            mem_free(a);
            mem_free(b);
        }
}

static int write_output(run *r, const char *path, const char *text, size_t len)
{
    int rc = r->opt->write ? r->opt->write(r->opt->ud, path, text, len)
                           : emit_write_file(path, text, len);
    if (rc < 0) {
        diag_error(&r->d, (loc){NULL, 0, 0}, "cannot write '%s': %s", path, strerror(errno));
        r->io_error = 1;
    }
    return rc;
}

/* Appends 'path' to 'e' escaped for Make: spaces, '#', '$'. */
static void emit_make_path(emitter *e, const char *path)
{
    for (const char *p = path; *p; p++) {
        if (*p == ' ' || *p == '#' || *p == '\\')
            emit_raw(e, "\\");
        if (*p == '$')
            emit_raw(e, "$");
        emit_raw(e, "%c", *p);
    }
}

/* "targets: every schema read", then an empty rule per schema so a deleted one does not
 * break the build (like gcc -MP). Returns the depfile's text ('*len' bytes). */
static char *depfile_text(run *r, const output *out, size_t nout, size_t *len)
{
    emitter e;
    emit_init(&e);
    if (r->opt->dep_target) {
        emit_raw(&e, "%s", r->opt->dep_target);
    } else {
        for (size_t i = 0; i < nout; i++) {
            emit_raw(&e, "%s", i ? " " : "");
            emit_make_path(&e, out[i].path);
        }
    }
    emit_raw(&e, ":");
    for (size_t i = 0; i < r->nunits; i++) {
        emit_raw(&e, " \\\n ");
        emit_make_path(&e, r->units[i]->s->path);
    }
    emit_raw(&e, "\n");
    for (size_t i = 0; i < r->nunits; i++) {
        emit_raw(&e, "\n");
        emit_make_path(&e, r->units[i]->s->path);
        emit_raw(&e, ":\n");
    }
    return emit_take(&e, len);
}

/* Every output, the depfile included, is made before the first is written: running out of
 * memory then writes nothing. */
static void emit_outputs(run *r, unit **inputs, size_t n)
{
    output *out = mem_alloc((2 * n + 1) * sizeof *out);
    size_t nout = 2 * n;
    generate(r, inputs, n, out);
    if (r->opt->depfile) {
        out[nout].text = depfile_text(r, out, 2 * n, &out[nout].len);
        out[nout++].path = mem_strdup(r->opt->depfile);
    }
    for (size_t i = 0; i < nout && !r->io_error; i++)
        write_output(r, out[i].path, out[i].text, out[i].len);
    for (size_t i = 0; i < nout; i++) {
        mem_free(out[i].path);
        mem_free(out[i].text);
    }
    mem_free(out);
}

/* --layout: every input's classes, to opt->layout_out; no file is written. */
static void print_layout(run *r, unit **inputs, size_t n)
{
    const schema **s = mem_alloc((n + 1) * sizeof *s);
    for (size_t i = 0; i < n; i++)
        s[i] = inputs[i]->s;
    report_options o = {r->opt->layout == SGC_LAYOUT_JSON ? REPORT_JSON : REPORT_TEXT,
                        r->opt->layout_color, r->opt->instances};
    FILE *out = r->opt->layout_out ? r->opt->layout_out : stdout;
    if (report_print(out, s, n, &o) < 0) {
        diag_error(&r->d, (loc){NULL, 0, 0}, "cannot write the layout: %s", strerror(errno));
        r->io_error = 1;
    }
    mem_free(s);
}

static void free_units(run *r)
{
    for (size_t i = 0; i < r->nunits; i++) {
        schema_free(r->units[i]->s);
        mem_free(r->units[i]->key);
        mem_free(r->units[i]);
    }
    mem_free(r->units);
}

/* The pipeline, run under mem_protect: 'arg' is the run, whose 'result' it sets. */
static void compile_body(void *arg)
{
    run *r = arg;
    const sgc_options *opt = r->opt;
    size_t n = r->ninputs;
    diag_init(&r->d, opt->diag_out, opt->diag_text != NULL); /* the run's first allocation */
    unit **inputs = mem_alloc((n + 1) * sizeof *inputs);
    for (size_t i = 0; i < n; i++)
        inputs[i] = get_input(r, r->paths[i]);
    for (size_t i = 0; i < r->nunits; i++)
        check_unit(r, r->units[i]);
    int have_all = 1;
    for (size_t i = 0; i < n; i++)
        have_all &= inputs[i] != NULL;
    if (have_all && opt->layout == SGC_LAYOUT_NONE)
        check_output_names(r, inputs, n);
    if (r->d.errors == 0 && opt->layout != SGC_LAYOUT_NONE)
        print_layout(r, inputs, n);
    else if (r->d.errors == 0 && !opt->check_only)
        emit_outputs(r, inputs, n);
    r->result = r->io_error ? SGC_EIO : r->d.errors ? SGC_ESCHEMA : SGC_OK;
    mem_free(inputs);
    free_units(r);
    diag_flush(&r->d);
}

static void flush_body(void *arg)
{
    diag_flush(arg);
}

/* One run of mem.h around the pipeline. When memory runs out, the diagnostics so far (when
 * there is memory enough to sort them) and "slotgen: out of memory" are still delivered;
 * then every block left is freed. */
static sgc_result compile_all(const char *const *paths, size_t n, const sgc_options *opt)
{
    run r;
    memset(&r, 0, sizeof r);
    r.opt = opt;
    r.paths = paths;
    r.ninputs = n;
    r.d.out = opt->diag_out; /* for the out-of-memory message, should diag_init fail */
    mem_run m;
    mem_begin(&m, opt->alloc, opt->alloc_ud);
    if (mem_protect(&m, compile_body, &r) < 0) {
        r.result = SGC_ENOMEM;
        (void)mem_protect(&m, flush_body, &r.d); /* what was reported, if memory allows */
        diag_out_of_memory(&r.d);
    }
    if (opt->diag_text)
        *opt->diag_text = diag_release(&r.d);
    if (r.result != SGC_ENOMEM)
        diag_fini(&r.d); /* else mem_end frees what it holds, whatever state it was left in */
    size_t left = mem_end(&m);
    assert(r.result == SGC_ENOMEM || left == 0); /* a normal run frees all it allocates */
    (void)left;
    return r.result;
}

/* strtod and printf's %g follow LC_NUMERIC, and a program linking this library may have
 * called setlocale (a ',' decimal point would misread "1.5" and print "1,5"): compile in
 * the "C" locale on this thread only, then give the caller's locale back. */
sgc_result sgc_compile(const char *const *paths, size_t n, const sgc_options *opt)
{
    locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t caller = c_locale ? uselocale(c_locale) : (locale_t)0;
    sgc_result result = compile_all(paths, n, opt);
    if (c_locale) {
        uselocale(caller);
        freelocale(c_locale);
    }
    return result;
}
