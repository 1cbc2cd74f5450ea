/*
 * driver.c - sgc_compile: the whole pipeline for one run (see sgc.h).
 *
 * load every input and, depth first, every schema it imports (each file once, by its
 * lexically normalized path, found through a hash; an import cycle is an error; an explicit
 * stack, so an import chain of any length needs no deeper C stack) -> per file in dependency
 * order: check, names, layout -> if no file had an error, generate every input's header and source
 * in memory -> write them (atomically, only when changed) -> write the depfile.
 * Nothing is written when any error was reported, so earlier outputs stay as they were.
 * With opt->layout set, the last steps are replaced by printing the layout report
 * (report.h): no file and no depfile is written.
 */
#define _POSIX_C_SOURCE 200809L

#include "sgc.h"

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
#include "names.h"
#include "report.h"
#include "schema.h"

typedef struct unit {
    schema *s;
    char *key;        /* normalized path: identity of the file */
    int state;        /* 0 read, 1 loading its imports (on the import stack), 2 loaded */
    int ok;           /* checked with no error here or in anything it imports */
    struct unit **deps; /* the unit of each import of s, NULL where there is none */
} unit;

typedef struct run {
    const sgc_options *opt;
    diag d;
    unit **units;     /* every file read, in the order first read */
    size_t nunits;
    size_t *unit_slot; /* units by key: open addressing, 1 + index in units, 0 empty */
    size_t unit_cap;   /* 0, or a power of two more than twice nunits */
    unit **loaded;    /* every file whose imports are loaded, each after what it imports */
    size_t nloaded;
    int io_error;
} run;

/* ---- paths ----------------------------------------------------------------------------- */

/* "a/./b/../c.yaml" -> "a/c.yaml": a new string. Leading ".." components are kept. */
static char *normalize_path(const char *path)
{
    size_t n = strlen(path);
    char *out = schema_xalloc(n + 2);
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
    return schema_xstrndup(path, slash ? (size_t)(slash - path + 1) : 0);
}

/* ---- reading --------------------------------------------------------------------------- */

static char *read_fs(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = schema_xalloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *bigger = schema_xalloc(cap * 2);
            memcpy(bigger, buf, n);
            free(buf);
            buf = bigger;
            cap *= 2;
        }
    }
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static char *read_file(run *r, const char *path, size_t *len)
{
    if (r->opt->read)
        return r->opt->read(r->opt->ud, path, len);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return NULL;
    }
    return read_fs(path, len);
}

/* ---- loading --------------------------------------------------------------------------- */

static size_t key_hash(const char *p)
{
    size_t h = 2166136261u;
    for (; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

/* The slot of 'key' in r->unit_slot: where it is, or the empty one where it would go. */
static size_t unit_slot(const run *r, const char *key)
{
    size_t i = key_hash(key) & (r->unit_cap - 1);
    while (r->unit_slot[i] && strcmp(r->units[r->unit_slot[i] - 1]->key, key) != 0)
        i = (i + 1) & (r->unit_cap - 1);
    return i;
}

static unit *find_unit(run *r, const char *key)
{
    size_t i = r->unit_cap ? unit_slot(r, key) : 0;
    return r->unit_cap && r->unit_slot[i] ? r->units[r->unit_slot[i] - 1] : NULL;
}

/* Appends 'u' to r->units and indexes it by key. */
static void add_unit(run *r, unit *u)
{
    schema_push((void ***)&r->units, &r->nunits, u);
    if (2 * r->nunits >= r->unit_cap) {
        free(r->unit_slot);
        r->unit_cap = r->unit_cap ? 2 * r->unit_cap : 64;
        r->unit_slot = schema_xalloc(r->unit_cap * sizeof *r->unit_slot);
        for (size_t i = 0; i + 1 < r->nunits; i++)
            r->unit_slot[unit_slot(r, r->units[i]->key)] = i + 1;
    }
    r->unit_slot[unit_slot(r, u->key)] = r->nunits;
}

/* The unit of 'path': the one already read under that normalized path, or the file read
 * and loaded (state 0: its imports not yet). NULL (errno set) when it cannot be read. Each
 * file is read once per run. */
static unit *read_unit(run *r, const char *path)
{
    char *key = normalize_path(path);
    unit *u = find_unit(r, key);
    size_t len = 0;
    char *text = u ? NULL : read_file(r, path, &len);
    if (u || !text) {
        free(key);
        return u;
    }
    u = schema_xalloc(sizeof *u);
    u->key = key;
    diag_file(&r->d, path); /* its messages sort in the order files are first read */
    u->s = load_schema(path, text, len, &r->d);
    u->deps = schema_xalloc((u->s->nimports + 1) * sizeof *u->deps);
    free(text);
    add_unit(r, u);
    return u;
}

/* The unit that import 'im' of 's' names: beside 's', else in the first -I directory that
 * has it. Reports it at the import when none can be read. */
static unit *get_import(run *r, const schema *s, const import *im)
{
    char *dir = dir_of(s->path);
    char *beside = im->path[0] == '/' ? schema_xstrdup(im->path) : names_join(dir, "", im->path);
    unit *t = read_unit(r, beside);
    int err = errno;
    for (size_t i = 0; !t && im->path[0] != '/' && i < r->opt->ninclude_dirs; i++) {
        char *cand = names_join(r->opt->include_dirs[i], "/", im->path);
        t = read_unit(r, cand);
        free(cand);
    }
    if (!t)
        diag_error(&r->d, im->at, "cannot read imported schema '%s': %s", beside,
                   strerror(err ? err : ENOENT));
    free(beside);
    free(dir);
    return t;
}

/* Loads what 'root' imports, depth first, with an explicit stack (an import chain of any
 * length needs no more C stack than one of two files). An import of a file still on the
 * stack is a cycle: reported, and left without a target. Each unit joins r->loaded when
 * everything it imports has. */
static void load_imports(run *r, unit *root)
{
    typedef struct step {
        unit *u;
        size_t next;
    } step;
    size_t n = 0, cap = 16;
    step *stack = schema_xalloc(cap * sizeof *stack);
    stack[n++] = (step){root, 0};
    root->state = 1;
    while (n) {
        step *top = &stack[n - 1];
        unit *u = top->u;
        if (top->next == u->s->nimports) {
            u->state = 2;
            schema_push((void ***)&r->loaded, &r->nloaded, u);
            n--;
            continue;
        }
        size_t i = top->next++;
        import *im = u->s->imports[i];
        unit *t = get_import(r, u->s, im);
        if (t && t->state == 1) {
            diag_error(&r->d, im->at, "import cycle: '%s' imports '%s', which imports it back",
                       u->s->path, t->s->path);
            continue;
        }
        im->target = t ? t->s : NULL;
        u->deps[i] = t;
        if (!t || t->state != 0)
            continue;
        t->state = 1;
        if (n == cap)
            stack = schema_xrealloc(stack, (cap *= 2) * sizeof *stack);
        stack[n++] = (step){t, 0};
    }
    free(stack);
}

/* The unit of 'path' with everything it imports loaded; NULL (errno set) when it cannot be
 * read. */
static unit *get_unit(run *r, const char *path)
{
    unit *u = read_unit(r, path);
    if (u && u->state == 0)
        load_imports(r, u);
    return u;
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

/* Checks 'u', whose imports were checked before it (r->loaded's order). */
static void check_unit(run *r, unit *u)
{
    int imports_ok = 1;
    for (size_t i = 0; i < u->s->nimports; i++) {
        if (!u->s->imports[i]->target)
            return; /* reported; checking would only add "unknown type" for its types */
        imports_ok &= u->deps[i]->ok;
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
    char *path = schema_xalloc(n);
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
        free(base);
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
            free(a);
            free(b);
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
 * break the build (like gcc -MP). */
static void write_depfile(run *r, const output *out, size_t nout)
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
    size_t len;
    char *text = emit_take(&e, &len);
    write_output(r, r->opt->depfile, text, len);
    free(text);
    emit_fini(&e);
}

static void emit_outputs(run *r, unit **inputs, size_t n)
{
    output *out = schema_xalloc((2 * n + 1) * sizeof *out);
    generate(r, inputs, n, out);
    for (size_t i = 0; i < 2 * n && !r->io_error; i++)
        write_output(r, out[i].path, out[i].text, out[i].len);
    if (r->opt->depfile && !r->io_error)
        write_depfile(r, out, 2 * n);
    for (size_t i = 0; i < 2 * n; i++) {
        free(out[i].path);
        free(out[i].text);
    }
    free(out);
}

/* --layout: every input's classes, to opt->layout_out; no file is written. */
static void print_layout(run *r, unit **inputs, size_t n)
{
    const schema **s = schema_xalloc((n + 1) * sizeof *s);
    for (size_t i = 0; i < n; i++)
        s[i] = inputs[i]->s;
    report_options o = {r->opt->layout == SGC_LAYOUT_JSON ? REPORT_JSON : REPORT_TEXT,
                        r->opt->layout_color, r->opt->instances};
    FILE *out = r->opt->layout_out ? r->opt->layout_out : stdout;
    if (report_print(out, s, n, &o) < 0) {
        diag_error(&r->d, (loc){NULL, 0, 0}, "cannot write the layout: %s", strerror(errno));
        r->io_error = 1;
    }
    free(s);
}

static void free_run(run *r)
{
    for (size_t i = 0; i < r->nunits; i++) {
        schema_free(r->units[i]->s);
        free(r->units[i]->key);
        free(r->units[i]->deps);
        free(r->units[i]);
    }
    free(r->units);
    free(r->unit_slot);
    free(r->loaded);
    diag_flush(&r->d);
    if (r->opt->diag_text)
        *r->opt->diag_text = schema_xstrdup(diag_text(&r->d));
    diag_fini(&r->d);
}

static sgc_result compile_all(const char *const *paths, size_t n, const sgc_options *opt)
{
    run r = {opt, {0}, NULL, 0, NULL, 0, NULL, 0, 0};
    diag_init(&r.d, opt->diag_out, opt->diag_text != NULL);
    unit **inputs = schema_xalloc((n + 1) * sizeof *inputs);
    for (size_t i = 0; i < n; i++)
        inputs[i] = get_input(&r, paths[i]);
    for (size_t i = 0; i < r.nloaded; i++)
        check_unit(&r, r.loaded[i]);
    int have_all = 1;
    for (size_t i = 0; i < n; i++)
        have_all &= inputs[i] != NULL;
    if (have_all && opt->layout == SGC_LAYOUT_NONE)
        check_output_names(&r, inputs, n);
    if (r.d.errors == 0 && opt->layout != SGC_LAYOUT_NONE)
        print_layout(&r, inputs, n);
    else if (r.d.errors == 0 && !opt->check_only)
        emit_outputs(&r, inputs, n);
    sgc_result result = r.io_error ? SGC_EIO : r.d.errors ? SGC_ESCHEMA : SGC_OK;
    free(inputs);
    free_run(&r);
    return result;
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
