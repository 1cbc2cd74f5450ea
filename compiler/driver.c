/*
 * driver.c - sgc_compile: the whole pipeline for one run (see sgc.h).
 *
 * load every input and, depth first, every schema it imports (each file once: on the file
 * system by device and inode, through opt->read by lexically normalized path, both found
 * through a hash; a regular file of bounded size whose file name can appear in generated
 * code; an import cycle is an error; an explicit stack, so an import chain of any length needs
 * no deeper C stack) -> per file in dependency order: check, names, layout -> if no file had
 * an error, name every output and make the depfile's text -> check every output path (no
 * schema of the run, no other output, nothing but a regular file; every depfile path readable
 * by Make) -> generate each input's header and source, streaming each into its temporary (or,
 * for opt->write, into memory), stage the depfile, then rename them all (emit.h). Nothing is
 * written when any error was reported or any output could not be staged, so earlier outputs
 * stay as they were. A generated file is never held whole: the emitter passes it on in
 * EMIT_FLUSH pieces, compared with the old file and written only from the first difference.
 * The whole run is one run of mem.h: every block it allocates is freed when memory runs out
 * (SGC_ENOMEM). Generating allocates while temporaries exist (and directories were made), so
 * staging runs under a guard that removes them all should memory run out: the file system is
 * then as it was. Nothing reaches opt->write before its last allocation; after the staging
 * only the report of a failed write or rename allocates.
 * With opt->layout set, the steps after checking are replaced by printing the layout report
 * (report.h): no file and no depfile is written. With opt->validate_class set, they are
 * replaced by checking data files against a class (validate.h), which writes nothing either.
 */
#define _POSIX_C_SOURCE 200809L

#include "sgc.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
#include "validate.h"

/* Where a unit is in the import walk (load_imports). */
typedef enum unit_state {
    UNIT_READ,    /* read and loaded; its imports not yet */
    UNIT_LOADING, /* loading its imports: on the import stack */
    UNIT_LOADED   /* it and everything it imports loaded */
} unit_state;

typedef struct unit {
    schema *s;
    char *key;        /* normalized path: identity of the file when read through opt->read */
    int has_id;       /* read from the file system: dev and ino identify it */
    dev_t dev;
    ino_t ino;
    unit_state state;
    int ok;           /* checked with no error here or in anything it imports */
    struct unit **deps; /* the unit of each import of s, NULL where there is none */
} unit;

typedef struct run {
    const sgc_options *opt;
    const char *const *paths; /* the inputs */
    size_t ninputs;
    diag d;
    unit **units;     /* every file read, in the order first read */
    size_t nunits;
    size_t *unit_slot; /* units by key: open addressing, 1 + index in units, 0 empty */
    size_t *id_slot;   /* units read from the file system by device and inode, alike */
    size_t unit_cap;   /* 0, or a power of two more than twice nunits (both tables) */
    unit **loaded;    /* every file whose imports are loaded, each after what it imports */
    size_t nloaded;
    names_index *names; /* the names of every file named so far (names.h) */
    int io_error;
    validate_result validated; /* with opt->validate_class */
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

/* Why a schema could not be read: a message of ours, else strerror(err). */
typedef struct failure {
    int err;
    const char *why;
} failure;

static const char *failure_text(failure f)
{
    return f.why ? f.why : strerror(f.err ? f.err : ENOENT);
}

static const char too_large[] = "larger than 16 MiB, the limit for a schema file";

/* Opens 'path' without blocking (a FIFO or a terminal never blocks) and checks that it is a
 * regular file within the size limit. Returns the descriptor, or -1 with '*f' set. */
static int open_schema(const char *path, struct stat *st, failure *f)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        f->err = errno;
        return -1;
    }
    if (fstat(fd, st) != 0)
        f->err = errno;
    else if (S_ISDIR(st->st_mode))
        f->err = EISDIR;
    else if (!S_ISREG(st->st_mode))
        f->why = "not a regular file";
    else if ((uintmax_t)st->st_size > SGC_MAX_SCHEMA_SIZE)
        f->why = too_large;
    else
        return fd;
    close(fd);
    return -1;
}

/* Reads the regular file 'fd' of 'size' bytes (fstat) into a new NUL-terminated buffer,
 * allocated once, before any read. A file that is not 'size' bytes long when read (it
 * changed meanwhile) is an error. NULL with '*f' set on failure. */
static char *read_fd(int fd, size_t size, size_t *len, failure *f)
{
    char *buf = mem_alloc(size + 1), extra;
    size_t n = 0;
    ssize_t got = 1;
    while (got != 0 && n < size) {
        got = read(fd, buf + n, size - n);
        if (got < 0 && errno != EINTR)
            break;
        n += got > 0 ? (size_t)got : 0;
    }
    if (got >= 0)
        while ((got = read(fd, &extra, 1)) < 0 && errno == EINTR) {
        }
    if (got < 0 || n != size || got > 0) {
        f->err = got < 0 ? errno : 0;
        f->why = got < 0 ? NULL : "it changed while it was read";
        mem_free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---- loading --------------------------------------------------------------------------- */

static size_t id_hash(dev_t dev, ino_t ino)
{
    uintmax_t v = ((uintmax_t)dev * 0x9E3779B97F4A7C15u) ^ (uintmax_t)ino;
    return (size_t)(v ^ (v >> 29)) * 16777619u;
}

/* The slot of 'key' in r->unit_slot: where it is, or the empty one where it would go. */
static size_t unit_slot(const run *r, const char *key)
{
    size_t i = schema_hash(key) & (r->unit_cap - 1);
    while (r->unit_slot[i] && strcmp(r->units[r->unit_slot[i] - 1]->key, key) != 0)
        i = (i + 1) & (r->unit_cap - 1);
    return i;
}

/* The slot of the file 'dev', 'ino' in r->id_slot: where it is, or the empty one where it
 * would go. */
static size_t id_slot(const run *r, dev_t dev, ino_t ino)
{
    size_t i = id_hash(dev, ino) & (r->unit_cap - 1);
    for (const unit *u; r->id_slot[i]; i = (i + 1) & (r->unit_cap - 1)) {
        u = r->units[r->id_slot[i] - 1];
        if (u->dev == dev && u->ino == ino)
            break;
    }
    return i;
}

static unit *find_unit(run *r, const char *key)
{
    size_t i = r->unit_cap ? unit_slot(r, key) : 0;
    return r->unit_cap && r->unit_slot[i] ? r->units[r->unit_slot[i] - 1] : NULL;
}

static unit *find_unit_id(run *r, dev_t dev, ino_t ino)
{
    size_t i = r->unit_cap ? id_slot(r, dev, ino) : 0;
    return r->unit_cap && r->id_slot[i] ? r->units[r->id_slot[i] - 1] : NULL;
}

/* Indexes r->units[i] by key and, when it was read from the file system, by identity. */
static void index_unit(run *r, size_t i)
{
    const unit *u = r->units[i];
    r->unit_slot[unit_slot(r, u->key)] = i + 1;
    if (u->has_id)
        r->id_slot[id_slot(r, u->dev, u->ino)] = i + 1;
}

/* Appends 'u' to r->units and indexes it. */
static void add_unit(run *r, unit *u)
{
    schema_push((void ***)&r->units, &r->nunits, u);
    if (2 * r->nunits >= r->unit_cap) {
        mem_free(r->unit_slot);
        mem_free(r->id_slot);
        r->unit_cap = r->unit_cap ? 2 * r->unit_cap : 64;
        r->unit_slot = mem_alloc(r->unit_cap * sizeof *r->unit_slot);
        r->id_slot = mem_alloc(r->unit_cap * sizeof *r->id_slot);
        for (size_t i = 0; i + 1 < r->nunits; i++)
            index_unit(r, i);
    }
    index_unit(r, r->nunits - 1);
}

/* 1 when the run generates code (not --layout, not validate): only then must the schema file
 * names be fit for generated code. */
static int writes_code(const sgc_options *opt)
{
    return opt->layout == SGC_LAYOUT_NONE && !opt->validate_class;
}

/* 1 when the file name part of 'path' may reach generated code as it is: in
 * '#include "NAME.slot.h"', in comments and as the names of the outputs. Checked unless the
 * run prints a layout report (--layout), which generates no code and escapes what it prints.
 * Only ASCII letters, digits, '.', '_', '+' and '-' are: no quote, backslash, newline, comment
 * delimiter, trigraph or bidirectional control can then be spelled (docs/schema.md, "File
 * names"). */
static int safe_file_name(const char *path)
{
    const char *name = names_file(path);
    if (!*name)
        return 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '+' || c == '-'))
            return 0;
    }
    return 1;
}

static const char unsafe_name_hint[] =
    "hint: a schema's file name may hold only ASCII letters, digits, '.', '_', '+' and '-'";

static void close_fd(void *fd)
{
    close(*(int *)fd);
}

/* The text opt->read returns for 'path' (a malloc'd buffer of the caller's), copied into a
 * new block of mem.h with a NUL; NULL with '*f' set when the callback fails or the text is
 * larger than a schema may be. The callback's buffer is freed here, under a guard while the
 * copy is allocated. */
static char *read_callback(run *r, const char *path, size_t *len, failure *f)
{
    char *text = r->opt->read(r->opt->ud, path, len);
    if (!text) {
        f->err = errno;
        return NULL;
    }
    if (*len > SGC_MAX_SCHEMA_SIZE) {
        mem_free_foreign(text);
        f->why = too_large;
        return NULL;
    }
    mem_guard g;
    mem_guard_push(&g, mem_free_foreign, text);
    char *copy = mem_alloc(*len + 1);
    memcpy(copy, text, *len);
    mem_guard_pop(&g);
    mem_free_foreign(text);
    return copy;
}

/* Reads 'path' (through opt->read, or the file system: a regular file of bounded size) into
 * a new buffer; on the file system, its identity goes to 'id' and '*found' is the unit
 * already read from that file under another spelling, if any (then nothing is read). */
static char *read_schema(run *r, const char *path, size_t *len, unit *id, unit **found,
                         failure *f)
{
    if (r->opt->read)
        return read_callback(r, path, len, f);
    struct stat st;
    int fd = open_schema(path, &st, f);
    if (fd < 0)
        return NULL;
    *found = find_unit_id(r, st.st_dev, st.st_ino);
    mem_guard g; /* read_fd allocates with the descriptor open */
    mem_guard_push(&g, close_fd, &fd);
    char *text = *found ? NULL : read_fd(fd, (size_t)st.st_size, len, f);
    mem_guard_pop(&g);
    close(fd);
    id->has_id = 1;
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    return text;
}

/* The unit of 'path': the one already read from that file (under this normalized path or,
 * on the file system, any spelling of the same device and inode), or the file read and
 * loaded (UNIT_READ: its imports not yet). NULL with '*f' set when it cannot be read. Each file
 * is read once per run. */
static unit *read_unit(run *r, const char *path, failure *f)
{
    char *key = normalize_path(path);
    unit *u = find_unit(r, key), id = {0};
    size_t len = 0;
    char *text = u ? NULL : read_schema(r, path, &len, &id, &u, f);
    if (u || !text) {
        mem_free(key);
        return u;
    }
    u = mem_alloc(sizeof *u);
    *u = id;
    u->key = key;
    diag_file(&r->d, path); /* its messages sort in the order files are first read */
    u->s = load_schema(path, text, len, &r->d);
    u->deps = mem_alloc((u->s->nimports + 1) * sizeof *u->deps);
    mem_free(text);
    add_unit(r, u);
    return u;
}

/* The unit that import 'im' of 's' names: beside 's', else in the first -I directory that
 * has it (read, its imports not yet loaded). Reports it at the import when none can be read
 * (naming the first candidate that exists but could not be read, else the one beside 's'),
 * or when its file name cannot appear in generated code. */
static unit *get_import(run *r, const schema *s, const import *im)
{
    if (writes_code(r->opt) && !safe_file_name(im->path)) {
        diag_error(&r->d, im->at, "imported schema '%s' has a file name that cannot appear "
                   "in generated code; %s", im->path, unsafe_name_hint);
        return NULL;
    }
    char *dir = dir_of(s->path);
    char *beside = im->path[0] == '/' ? mem_strdup(im->path) : names_join(dir, "", im->path);
    failure first = {0, NULL};
    unit *t = read_unit(r, beside, &first);
    char *named = mem_strdup(beside);
    for (size_t i = 0; !t && im->path[0] != '/' && i < r->opt->ninclude_dirs; i++) {
        char *cand = names_join(r->opt->include_dirs[i], "/", im->path);
        failure f = {0, NULL};
        t = read_unit(r, cand, &f);
        if (!t && !first.why && first.err == ENOENT && (f.why || f.err != ENOENT)) {
            first = f;
            mem_free(named);
            named = mem_strdup(cand);
        }
        mem_free(cand);
    }
    if (!t)
        diag_error(&r->d, im->at, "cannot read imported schema '%s': %s", named,
                   failure_text(first));
    mem_free(named);
    mem_free(beside);
    mem_free(dir);
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
    step *stack = mem_alloc(cap * sizeof *stack);
    stack[n++] = (step){root, 0};
    root->state = UNIT_LOADING;
    while (n) {
        step *top = &stack[n - 1];
        unit *u = top->u;
        if (top->next == u->s->nimports) {
            u->state = UNIT_LOADED;
            schema_push((void ***)&r->loaded, &r->nloaded, u);
            n--;
            continue;
        }
        size_t i = top->next++;
        import *im = u->s->imports[i];
        unit *t = get_import(r, u->s, im);
        if (t && t->state == UNIT_LOADING) {
            diag_error(&r->d, im->at, "import cycle: '%s' imports '%s', which imports it back",
                       u->s->path, t->s->path);
            continue;
        }
        im->target = t ? t->s : NULL;
        u->deps[i] = t;
        if (!t || t->state != UNIT_READ)
            continue;
        t->state = UNIT_LOADING;
        if (n == cap)
            stack = mem_realloc(stack, (cap *= 2) * sizeof *stack);
        stack[n++] = (step){t, 0};
    }
    mem_free(stack);
}

/* The unit of 'path' with everything it imports loaded; NULL with '*f' set when it cannot be
 * read. */
static unit *get_unit(run *r, const char *path, failure *f)
{
    unit *u = read_unit(r, path, f);
    if (u && u->state == UNIT_READ)
        load_imports(r, u);
    return u;
}

/* An input named on the command line; an unreadable one is an I/O error. */
static unit *get_input(run *r, const char *path)
{
    if (writes_code(r->opt) && !safe_file_name(path)) {
        diag_error(&r->d, (loc){NULL, 0, 0}, "schema '%s' has a file name that cannot appear "
                   "in generated code; %s", path, unsafe_name_hint);
        r->io_error = 1;
        return NULL;
    }
    failure f = {0, NULL};
    unit *u = get_unit(r, path, &f);
    if (!u) {
        diag_error(&r->d, (loc){NULL, 0, 0}, "cannot read '%s': %s", path, failure_text(f));
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
    names_assign_in(r->names, u->s);
    if (names_check_in(r->names, u->s, &r->d) == 0)
        layout_schema(u->s, &r->d);
    u->ok = r->d.errors == before;
}

/* ---- output ---------------------------------------------------------------------------- */

/* Where a path leads on the file system: the file's device and inode when it exists, else
 * those of its directory and its last component. 'known' is 0 when neither exists. */
typedef struct place {
    int known;
    int exists;
    dev_t dev;
    ino_t ino;
    const char *name;
} place;

static place place_of(const char *path)
{
    place p = {0, 0, 0, 0, names_file(path)};
    struct stat st;
    if (stat(path, &st) == 0) {
        p.known = p.exists = 1;
    } else {
        char *dir = dir_of(path);
        p.known = stat(*dir ? dir : ".", &st) == 0;
        mem_free(dir);
    }
    if (p.known) {
        p.dev = st.st_dev;
        p.ino = st.st_ino;
    }
    return p;
}

static int same_place(place a, place b)
{
    return a.known && b.known && a.exists == b.exists && a.dev == b.dev && a.ino == b.ino &&
           (a.exists || strcmp(a.name, b.name) == 0);
}

/* One file of the run's output. 'key' (normalize_path) and 'at' (place_of, when writing to
 * the file system) are computed once per output, before validate_output compares each with
 * those before it. */
typedef struct output {
    char *path;
    char *text;
    size_t len;
    char *key;
    place at;
} output;

static char *output_path(const sgc_options *opt, const char *base, const char *ext)
{
    const char *dir = opt->out_dir && *opt->out_dir ? opt->out_dir : ".";
    size_t n = strlen(dir) + strlen(base) + strlen(ext) + 2;
    char *path = mem_alloc(n);
    snprintf(path, n, "%s/%s%s", dir, base, ext);
    return path;
}

/* Names both files of every input in 'out' (2 per input: header, source). */
static void name_outputs(run *r, unit **inputs, size_t n, output *out)
{
    for (size_t i = 0; i < n; i++) {
        char *base = names_base(inputs[i]->s->path);
        out[2 * i].path = output_path(r->opt, base, ".slot.h");
        out[2 * i + 1].path = output_path(r->opt, base, ".slot.c");
        mem_free(base);
    }
}

/* Appends the text of output 'i' of the inputs (name_outputs's order) to 'e'. */
static void generate_one(emitter *e, unit **inputs, size_t i)
{
    if (i % 2 == 0)
        gen_header_emit(e, inputs[i / 2]->s);
    else
        gen_source_emit(e, inputs[i / 2]->s);
}

/* Generates the text of the first 'n' outputs in memory (for the write callback). */
static void generate(unit **inputs, size_t n, output *out)
{
    for (size_t i = 0; i < n; i++) {
        emitter e;
        emit_init(&e);
        generate_one(&e, inputs, i);
        out[i].text = emit_take(&e, &out[i].len);
    }
}

/* Two inputs with one base name would write the same files. */
static void check_output_names(run *r, unit **inputs, size_t n)
{
    char **base = mem_alloc((n + 1) * sizeof *base);
    for (size_t i = 0; i < n; i++)
        base[i] = names_base(inputs[i]->s->path);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(base[i], base[j]) == 0 && inputs[i] != inputs[j])
                diag_error(&r->d, (loc){NULL, 0, 0},
                           "'%s' and '%s' would both generate %s.slot.h; compile them "
                           "into different directories", inputs[j]->s->path,
                           inputs[i]->s->path, base[i]);
    for (size_t i = 0; i < n; i++)
        mem_free(base[i]);
    mem_free(base);
}

/* ---- validating outputs ------------------------------------------------------------------ */

/* 1 when the directory of 'path' is, or will be made, a directory: it exists, or it is the
 * output directory or one of its ancestors (made like mkdir -p). */
static int dir_ready(const run *r, const char *path)
{
    char *dir = dir_of(path), *key = normalize_path(*dir ? dir : ".");
    struct stat st;
    int ok = stat(*dir ? dir : ".", &st) == 0 && S_ISDIR(st.st_mode);
    if (!ok && r->opt->out_dir && *r->opt->out_dir) {
        char *out = normalize_path(r->opt->out_dir);
        size_t n = strlen(key);
        ok = strncmp(out, key, n) == 0 && (out[n] == '\0' || out[n] == '/');
        mem_free(out);
    }
    mem_free(dir);
    mem_free(key);
    return ok;
}

/* Checks, before anything is written, that output 'i' of 'out' (the depfile when 'is_dep')
 * replaces nothing it must not: no schema read in this run, no other output, nothing that
 * is not a regular file (a symbolic link included: slotgen neither replaces one nor writes
 * through it); and that the directory of the depfile exists. */
static void validate_output(run *r, const output *out, size_t i, int is_dep)
{
    const char *path = out[i].path, *what = is_dep ? "depfile" : "output", *key = out[i].key;
    int fs = r->opt->write == NULL;
    place p = out[i].at;
    struct stat st;
    if (fs && lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
        diag_error(&r->d, (loc){NULL, 0, 0}, "%s '%s' exists and is not a regular file%s",
                   what, path, S_ISLNK(st.st_mode) ? " (a symbolic link is not followed)" : "");
    else if (fs && is_dep && !p.exists && !dir_ready(r, path))
        diag_error(&r->d, (loc){NULL, 0, 0}, "cannot write %s '%s': its directory does not "
                   "exist", what, path);
    const unit *by_key = find_unit(r, key); /* the schema of that spelling, or of that file */
    const unit *by_id = p.known && p.exists ? find_unit_id(r, p.dev, p.ino) : NULL;
    if (by_key)
        diag_error(&r->d, (loc){NULL, 0, 0}, "%s '%s' would replace the schema '%s'", what,
                   path, by_key->s->path);
    if (by_id && by_id != by_key)
        diag_error(&r->d, (loc){NULL, 0, 0}, "%s '%s' would replace the schema '%s'", what,
                   path, by_id->s->path);
    for (size_t j = 0; j < i; j++)
        if (strcmp(out[j].key, key) == 0 || (fs && same_place(p, out[j].at)))
            diag_error(&r->d, (loc){NULL, 0, 0}, "%s '%s' would replace the output '%s'", what,
                       path, out[j].path);
    r->io_error |= r->d.errors != 0;
}

/* ---- the depfile ----------------------------------------------------------------------- */

/* Why GNU Make cannot read 'path' as one file name in a rule, or NULL when it can (escaped by
 * emit_make_path). A control character would end the rule or start a recipe line; ';' starts
 * a recipe, '=' an assignment, '|' order-only prerequisites, '%' a pattern, '*', '?', '['
 * a wildcard, '(' an archive member, '\' an escape whose meaning depends on what follows, and
 * a leading '~' a home directory. None of these has an escape Make honours everywhere. */
static const char *make_unsafe(const char *path)
{
    if (path[0] == '~')
        return "it starts with '~'";
    for (const char *p = path; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f)
            return "it holds a control character";
        if (strchr(";=|%*?[]()\\", c))
            return "it holds one of ; = | % * ? [ ] ( ) \\";
    }
    return NULL;
}

/* Appends 'path' to 'e' escaped for a GNU Make rule: '\' before a space, '#' and ':', and
 * '$' doubled. 'path' passed make_unsafe. */
static void emit_make_path(emitter *e, const char *path)
{
    for (const char *p = path; *p; p++) {
        if (*p == ' ' || *p == '#' || *p == ':')
            emit_raw(e, "\\");
        if (*p == '$')
            emit_raw(e, "$");
        emit_raw(e, "%c", *p);
    }
}

/* Reports every path the depfile would name that Make cannot read; 0 when there is none. */
static int check_make_paths(run *r, const output *out, size_t nout)
{
    unsigned before = r->d.errors;
    const char *why;
    for (size_t i = 0; i < r->nunits; i++)
        if ((why = make_unsafe(r->units[i]->s->path)))
            diag_error(&r->d, (loc){NULL, 0, 0}, "cannot write the depfile: Make cannot read "
                       "the schema path '%s' (%s)", r->units[i]->s->path, why);
    for (size_t i = 0; !r->opt->dep_target && i < nout; i++)
        if ((why = make_unsafe(out[i].path)))
            diag_error(&r->d, (loc){NULL, 0, 0}, "cannot write the depfile: Make cannot read "
                       "the output path '%s' (%s)", out[i].path, why);
    for (const char *p = r->opt->dep_target; p && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            diag_error(&r->d, (loc){NULL, 0, 0}, "the depfile target '%s' holds a control "
                       "character", r->opt->dep_target);
            break;
        }
    return r->d.errors == before ? 0 : -1;
}

/* The depfile's text: "targets: every schema read", then an empty rule per schema so a
 * deleted one does not break the build (like gcc -MP). The targets are the outputs, or
 * opt->dep_target as given. NULL (reported) when a path cannot be written for Make. */
static char *depfile_text(run *r, const output *out, size_t nout, size_t *len)
{
    if (check_make_paths(r, out, nout) != 0) {
        r->io_error = 1;
        return NULL;
    }
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
    char *text = emit_take(&e, len);
    emit_fini(&e);
    return text;
}

/* ---- writing --------------------------------------------------------------------------- */

/* mkdir -p 'path' (a copy the function may write into): makes each missing directory of it,
 * recording in 'made' (room for one entry per '/' of 'path', plus one) the length of each
 * new one's prefix, so that a failed run can remove them. Allocates nothing. Returns 0, or -1
 * with errno set. */
static int make_dirs(char *path, size_t *made, size_t *nmade)
{
    for (char *q = path + 1;; q++) {
        if (*q != '/' && *q != '\0')
            continue;
        char end = *q;
        *q = '\0';
        struct stat st;
        int rc = mkdir(path, 0777);
        if (rc == 0)
            made[(*nmade)++] = (size_t)(q - path);
        else if (errno == EEXIST && stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
            errno = ENOTDIR;
        else if (errno == EEXIST)
            rc = 0;
        *q = end;
        if (rc != 0 || end == '\0')
            return rc;
    }
}

/* Removes the directories make_dirs made, deepest first. */
static void remove_dirs(char *path, const size_t *made, size_t nmade)
{
    for (size_t i = nmade; i-- > 0;) {
        char end = path[made[i]];
        path[made[i]] = '\0';
        rmdir(path);
        path[made[i]] = end;
    }
}

/* Delivers every output to opt->write, in order, stopping at the first failure. */
static void deliver_outputs(run *r, const output *out, size_t nout)
{
    for (size_t i = 0; i < nout; i++)
        if (r->opt->write(r->opt->ud, out[i].path, out[i].text, out[i].len) < 0) {
            diag_error(&r->d, (loc){NULL, 0, 0}, "cannot write '%s': %s", out[i].path,
                       strerror(errno));
            r->io_error = 1;
            return;
        }
}

/* Holds off the signals that end a process by default and that a user or the kernel sends
 * while slotgen writes (^C, kill, a closed terminal, a file size limit); the old mask goes to
 * 'old'. They are delivered when the mask is restored, after the temporaries are gone. */
static void hold_signals(sigset_t *old)
{
    sigset_t hold;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigaddset(&hold, SIGQUIT);
    sigaddset(&hold, SIGXFSZ);
    pthread_sigmask(SIG_BLOCK, &hold, old);
}

/* A staging in progress: what undo_staging takes back should memory run out meanwhile. */
typedef struct staging {
    emit_staged *st;  /* one per output */
    size_t nout;
    char *dir;        /* the output directory (a writable copy) */
    size_t *made;     /* make_dirs's record of the directories it made: room for each */
    size_t nmade;
    sigset_t old;     /* the signal mask before hold_signals */
} staging;

/* The guard of a staging: removes every temporary and every directory made, and gives the
 * signals back. Allocates nothing. */
static void undo_staging(void *arg)
{
    staging *g = arg;
    for (size_t i = 0; i < g->nout; i++)
        emit_discard(&g->st[i]);
    remove_dirs(g->dir, g->made, g->nmade);
    pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

/* Stages output 'i': a generated one streamed from its emitter to its file (generate_one,
 * EMIT_FLUSH bytes at a time, so no output is ever held whole), the depfile from its text. */
static int stage_one(emit_staged *st, const output *out, unit **inputs, size_t ngen, size_t i)
{
    if (i >= ngen)
        return emit_stage(st, out[i].text, out[i].len);
    if (emit_stream_begin(st) != 0)
        return -1;
    emitter e;
    emit_init(&e);
    emit_to(&e, st);
    generate_one(&e, inputs, i);
    emit_flush(&e);
    emit_fini(&e);
    return emit_stream_end(st);
}

/* Makes the output directory and stages every output (the first 'ngen' generated as they are
 * staged). Returns NULL, or the path that failed (errno set) after removing every temporary
 * and every directory made here. Allocates (generating) only under the caller's guard. */
static const char *stage_all(staging *g, const output *out, unit **inputs, size_t ngen)
{
    size_t staged = 0;
    const char *failed = make_dirs(g->dir, g->made, &g->nmade) == 0 ? NULL : g->dir;
    for (; !failed && staged < g->nout; staged++)
        if (stage_one(&g->st[staged], out, inputs, ngen, staged) < 0)
            failed = out[staged].path;
    int err = errno;
    for (size_t i = 0; failed && i < staged; i++)
        emit_discard(&g->st[i]);
    if (failed)
        remove_dirs(g->dir, g->made, g->nmade);
    g->nmade = 0;
    errno = err;
    return failed;
}

/* Renames every staged output into place. Returns NULL, or the path whose rename failed
 * (errno set; the outputs before it stay replaced, the temporaries after it are removed).
 * Allocates nothing. */
static const char *commit_all(const output *out, size_t nout, emit_staged *st)
{
    for (size_t i = 0; i < nout; i++)
        if (emit_commit(&st[i]) != 0) {
            int err = errno;
            for (size_t j = i + 1; j < nout; j++)
                emit_discard(&st[j]);
            errno = err;
            return out[i].path;
        }
    return NULL;
}

/* Stages every output (each changed one into a temporary beside it; the 'ngen' generated
 * ones generated meanwhile, streamed); only when all were staged, renames them into place. A
 * failure while staging changes nothing, and neither does memory running out: a guard then
 * removes every temporary and directory made. The report comes after the signals are
 * released; should a rename fail (only a file system fault can make it), the outputs before it
 * stay replaced. Signals are held off meanwhile, so ^C leaves no temporary. */
static void commit_outputs(run *r, unit **inputs, size_t ngen, const output *out, size_t nout)
{
    staging g;
    memset(&g, 0, sizeof g);
    g.nout = nout;
    g.st = mem_alloc((nout + 1) * sizeof *g.st);
    for (size_t i = 0; i < nout; i++)
        emit_prepare(&g.st[i], out[i].path);
    g.dir = mem_strdup(r->opt->out_dir && *r->opt->out_dir ? r->opt->out_dir : ".");
    g.made = mem_alloc((strlen(g.dir) + 1) * sizeof *g.made);
    hold_signals(&g.old);
    mem_guard guard;
    mem_guard_push(&guard, undo_staging, &g);
    const char *failed = stage_all(&g, out, inputs, ngen);
    mem_guard_pop(&guard);
    int staging_failed = failed != NULL;
    if (!failed)
        failed = commit_all(out, nout, g.st);
    int err = errno;
    pthread_sigmask(SIG_SETMASK, &g.old, NULL);
    if (failed && staging_failed)
        diag_error(&r->d, (loc){NULL, 0, 0}, "cannot write '%s': %s; no output was changed",
                   failed, strerror(err));
    else if (failed)
        diag_error(&r->d, (loc){NULL, 0, 0}, "cannot rename a temporary file onto '%s': %s",
                   failed, strerror(err));
    r->io_error |= failed != NULL;
    for (size_t i = 0; i < nout; i++)
        emit_release(&g.st[i]);
    mem_free(g.made);
    mem_free(g.dir);
    mem_free(g.st);
}

/* Names every output of the run (each input's header and source, then the depfile), checks
 * them all, and writes them all or none: to the write callback, every text made in memory
 * first; to the file system, each generated text streamed to its temporary as it is made. */
static void emit_outputs(run *r, unit **inputs, size_t n)
{
    size_t nout = 2 * n;
    output *out = mem_alloc((2 * n + 1) * sizeof *out);
    name_outputs(r, inputs, n, out);
    if (r->opt->write)
        generate(inputs, nout, out);
    if (r->opt->depfile) {
        out[nout].text = depfile_text(r, out, nout, &out[nout].len);
        if (out[nout].text)
            out[nout++].path = mem_strdup(r->opt->depfile);
    }
    for (size_t i = 0; i < nout && r->d.errors == 0; i++) {
        out[i].key = normalize_path(out[i].path);
        out[i].at = r->opt->write ? (place){0, 0, 0, 0, NULL} : place_of(out[i].path);
    }
    for (size_t i = 0; i < nout && r->d.errors == 0; i++)
        validate_output(r, out, i, r->opt->depfile && i == 2 * n);
    if (r->d.errors == 0 && r->opt->write)
        deliver_outputs(r, out, nout);
    else if (r->d.errors == 0)
        commit_outputs(r, inputs, 2 * n, out, nout);
    for (size_t i = 0; i < 2 * n + 1; i++) {
        mem_free(out[i].path);
        mem_free(out[i].text);
        mem_free(out[i].key);
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

/* validate: the data files against a class of 'input' or of what it imports (validate.h). */
static void validate_inputs(run *r, unit *input)
{
    schema **all = mem_alloc((r->nunits + 1) * sizeof *all);
    for (size_t i = 0; i < r->nunits; i++)
        all[i] = r->units[i]->s;
    diag_flush(&r->d);
    r->validated = validate_files(input->s, all, r->nunits, r->opt->validate_class,
                                  r->opt->data, r->opt->ndata, r->opt->data_format, &r->d);
    mem_free(all);
}

/* The run's result: I/O and usage errors first, then errors in schemas, then in data. */
static sgc_result run_result(const run *r)
{
    if (r->io_error || r->validated == VALIDATE_EIO)
        return SGC_EIO;
    if (r->validated == VALIDATE_EUSAGE)
        return SGC_EUSAGE;
    if (r->validated == VALIDATE_INVALID)
        return SGC_EDATA;
    return r->d.errors ? SGC_ESCHEMA : SGC_OK;
}

static void free_units(run *r)
{
    for (size_t i = 0; i < r->nunits; i++) {
        schema_free(r->units[i]->s);
        mem_free(r->units[i]->key);
        mem_free(r->units[i]->deps);
        mem_free(r->units[i]);
    }
    mem_free(r->units);
    mem_free(r->unit_slot);
    mem_free(r->id_slot);
    mem_free(r->loaded);
    names_index_free(r->names);
}

/* The pipeline, run under mem_protect: 'arg' is the run, whose 'result' it sets. */
static void compile_body(void *arg)
{
    run *r = arg;
    const sgc_options *opt = r->opt;
    size_t n = r->ninputs;
    diag_init(&r->d, opt->diag_out, opt->diag_text != NULL); /* the run's first allocation */
    r->names = names_index_new();
    unit **inputs = mem_alloc((n + 1) * sizeof *inputs);
    for (size_t i = 0; i < n; i++)
        inputs[i] = get_input(r, r->paths[i]);
    for (size_t i = 0; i < r->nloaded; i++)
        check_unit(r, r->loaded[i]);
    int have_all = 1;
    size_t ninputs = 0;
    for (size_t i = 0; i < n; i++) {
        have_all &= inputs[i] != NULL;
        size_t j = 0;
        while (j < ninputs && inputs[j] != inputs[i])
            j++;
        if (j == ninputs) /* one file under two spellings is one input */
            inputs[ninputs++] = inputs[i];
    }
    if (have_all && writes_code(opt))
        check_output_names(r, inputs, ninputs);
    if (r->d.errors == 0 && opt->validate_class && ninputs)
        validate_inputs(r, inputs[0]);
    else if (r->d.errors == 0 && opt->layout != SGC_LAYOUT_NONE)
        print_layout(r, inputs, ninputs);
    else if (r->d.errors == 0 && !opt->check_only)
        emit_outputs(r, inputs, ninputs);
    r->result = run_result(r);
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
