/*
 * validate.c - slotgen validate: run-time reflection tables from the checked schema, and data
 * files loaded through libslotgen-io against them (see validate.h).
 *
 * Tables. One 'shelf' per schema holds its sg_class and sg_enum objects in the schema's order,
 * all allocated before any is filled, so a class's row can point at any class or enum of any
 * schema of the run (imports, a class that holds a list of itself). Each table is what
 * gen_source.c prints for the class, row for row: names as in the schema, the kind (the
 * type_kind and sg_kind orders are one, checked below), the offset and size layout.c gave
 * the member, count, presence bit, SG_ATTR_* flags (SG_ATTR_HAS_DEFAULT for any 'default:'),
 * element size, target class or enum, and 'def' NULL unless schema_default_nonzero (then a
 * block of the member's size holding the default, strings as pointers to the schema's scalar
 * text), and by_name in strcmp order.
 * Invariant: every field equals the generated table's on this host (tests/test_validate.c
 * compares them all, for every class of the repository's schemas).
 *
 * Data. Each file is opened here (so a missing file is an I/O error like a missing schema),
 * read as a stream by sg_io_load_each, each object destroyed as soon as it is complete. The
 * callback keeps each error as a 'note' (mem_try_alloc: nothing may unwind across
 * libslotgen-io's frames); once the file is closed the notes become diagnostics, and are
 * flushed, so a file's errors print before the next file is read.
 */
#define _POSIX_C_SOURCE 200809L

#include "validate.h"

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emit.h"
#include "sg_object.h"
#include "slotgen-io.h"

/* One row of types.c per runtime kind, in the same order (ORDER KIND). */
_Static_assert(TY_COUNT == SG_KIND_COUNT, "type_kind and sg_kind have the same rows");
_Static_assert(TY_BOOL == (int)SG_K_BOOL && TY_U64 == (int)SG_K_U64 && TY_F64 == (int)SG_K_F64 &&
               TY_STRING == (int)SG_K_STRING && TY_CHARS == (int)SG_K_CHARS &&
               TY_ENUM == (int)SG_K_ENUM && TY_CLASS == (int)SG_K_CLASS &&
               TY_REF == (int)SG_K_REF && TY_FLAGS == (int)SG_K_FLAGS,
               "type_kind and sg_kind in one order");

/* The tables of one schema, in its order. */
typedef struct shelf {
    const schema *s;
    sg_class *classes;
    sg_enum *enums;
} shelf;

struct validate_tables {
    shelf *shelves;
    size_t n;
};

/* ---- tables ------------------------------------------------------------------------------ */

static const shelf *shelf_of(const validate_tables *t, const schema *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->shelves[i].s == s)
            return &t->shelves[i];
    return NULL;
}

const sg_class *validate_tables_class(const validate_tables *t, const sclass *c)
{
    const shelf *sh = t && c ? shelf_of(t, c->owner) : NULL;
    return sh ? &sh->classes[c->index] : NULL;
}

const sg_enum *validate_tables_enum(const validate_tables *t, const senum *e)
{
    const shelf *sh = t && e ? shelf_of(t, e->owner) : NULL;
    for (size_t i = 0; sh && i < sh->s->nenums; i++)
        if (sh->s->enums[i] == e)
            return &sh->enums[i];
    return NULL;
}

/* Fills the table of enum or flag set 'e': a flag's value is its bit (1 << k), as the
 * generated constant. */
static void build_enum(sg_enum *out, const senum *e)
{
    sg_enum_member *m = mem_alloc((e->nmembers + 1) * sizeof *m);
    for (size_t i = 0; i < e->nmembers; i++) {
        const enum_member *em = e->members[i];
        m[i].name = em->name;
        m[i].value = e->is_flags ? (int64_t)((uint64_t)1 << em->value) : em->value;
    }
    out->name = e->name;
    out->count = (uint32_t)e->nmembers;
    out->members = m;
}

/* Bytes of one element of 'a' (the member itself when it is neither an array nor a list), as
 * gen_source.c's element_size_expr: sizeof(char[N]), of the class, of the set's integer... */
static uint32_t elem_bytes(const attr *a)
{
    switch (a->type.kind) {
    case TY_CHARS: return a->type.chars;
    case TY_CLASS: return a->type.cls->size;
    case TY_FLAGS: return a->type.enm->bits / 8;
    default: return types_info(a->type.kind)->size;
    }
}

/* Stores element default 'v' of 'a' at 'p' (elem_bytes(a) zeroed bytes), as the C literal
 * gen_source.c prints for it would initialize it. */
static void store_value(void *p, const attr *a, const scalar *v)
{
    const type_info *ti = types_info(a->type.kind);
    switch (a->type.kind) {
    case TY_BOOL: {
        bool b = strcmp(v->text, "true") == 0;
        memcpy(p, &b, sizeof b);
        break;
    }
    case TY_CHAR: memcpy(p, v->text, 1); break;
    case TY_F32: {
        float f = (float)v->f;
        memcpy(p, &f, sizeof f);
        break;
    }
    case TY_F64: memcpy(p, &v->f, sizeof v->f); break;
    case TY_STRING: {
        const char *s = v->is_null ? NULL : v->text;
        memcpy(p, &s, sizeof s);
        break;
    }
    case TY_CHARS:
        if (!v->is_null)
            memcpy(p, v->text, strlen(v->text)); /* check.c: shorter than N */
        break;
    case TY_ENUM:
        sg_object_write_uint(p, ti->size, (uint64_t)schema_find_member(a->type.enm, v->text)->value);
        break;
    case TY_FLAGS: sg_object_write_uint(p, elem_bytes(a), v->u); break; /* "a|b", parsed by check.c */
    case TY_REF: break; /* null: zero */
    default: sg_object_write_uint(p, ti->size, ti->is_signed ? (uint64_t)v->i : v->u); break;
    }
}

/* The default 'def' of 'a': NULL unless it is not all zero bytes (gen_source.c's rule), else
 * a block of the member's size: one set, or each element given, the rest zero. */
static const void *build_default(const attr *a)
{
    if (!schema_default_nonzero(a))
        return NULL;
    char *def = mem_alloc(a->size);
    if (a->type.kind == TY_FLAGS && !a->type.count) {
        sg_object_write_uint(def, elem_bytes(a), a->flags_set);
        return def;
    }
    for (size_t i = 0; i < a->ndefaults; i++)
        store_value(def + i * elem_bytes(a), a, &a->defaults[i]);
    return def;
}

/* An attribute and its member's offset, sorted by attribute to find the offset. */
typedef struct placed {
    const attr *a;
    uint32_t offset;
} placed;

static int cmp_placed(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t)((const placed *)x)->a, b = (uintptr_t)((const placed *)y)->a;
    return a < b ? -1 : a > b;
}

/* The offsets of 'c's members: each attribute's in '*by_attr' (c->nattrs rows sorted by
 * attribute, a new block), the hidden members' in '*dyn' and '*presence' (0 when absent). */
static placed *offsets(const sclass *c, uint32_t *dyn, uint32_t *presence)
{
    placed *p = mem_alloc((c->nattrs + 1) * sizeof *p);
    size_t n = 0;
    *dyn = *presence = 0;
    for (size_t i = 0; i < c->nslots; i++) {
        const slot *s = &c->slots_order[i];
        if (s->kind == SLOT_ATTR)
            p[n++] = (placed){s->a, s->offset};
        else if (s->kind == SLOT_DYN)
            *dyn = s->offset;
        else
            *presence = s->offset;
    }
    assert(n == c->nattrs);
    qsort(p, n, sizeof *p, cmp_placed);
    return p;
}

static uint32_t offset_of(const placed *p, size_t n, const attr *a)
{
    placed key = {a, 0};
    const placed *hit = bsearch(&key, p, n, sizeof *p, cmp_placed);
    assert(hit);
    return hit->offset;
}

/* One row of the attribute table: gen_source.c's gen_attr_row. */
static sg_attr build_attr(const validate_tables *t, const attr *a, uint32_t offset)
{
    sg_attr r;
    memset(&r, 0, sizeof r);
    r.name = a->name;
    r.kind = (sg_kind)a->type.kind;
    r.offset = offset;
    r.size = a->size; /* layout.c: the whole array, or a list's one pointer */
    r.count = a->type.count;
    r.presence = a->presence;
    r.flags = schema_attr_flags(a);
    r.elem_size = elem_bytes(a);
    if (a->type.kind == TY_CLASS || a->type.kind == TY_REF)
        r.cls = validate_tables_class(t, a->type.cls);
    if (a->type.kind == TY_ENUM || a->type.kind == TY_FLAGS)
        r.enm = validate_tables_enum(t, a->type.enm);
    r.def = build_default(a);
    return r;
}

/* Fills the table of class 'c': gen_source.c's gen_class_object and gen_tables. */
static void build_class(const validate_tables *t, sg_class *out, const sclass *c)
{
    uint32_t dyn, presence;
    placed *at = offsets(c, &dyn, &presence);
    sg_attr *rows = c->nattrs ? mem_alloc(c->nattrs * sizeof *rows) : NULL;
    for (size_t i = 0; i < c->nattrs; i++)
        rows[i] = build_attr(t, c->attrs[i], offset_of(at, c->nattrs, c->attrs[i]));
    mem_free(at);
    out->name = c->name;
    out->size = c->size;
    out->align = c->align;
    out->slotted = c->slotted;
    out->packed = c->layout == LAYOUT_PACKED;
    out->nattrs = (uint32_t)c->nattrs;
    out->attrs = rows;
    out->by_name = c->nattrs ? schema_attrs_by_name(c) : NULL;
    out->dyn_offset = c->slotted ? 0 : dyn;
    out->presence_offset = c->npresence ? presence : 0;
    out->rt = mem_alloc(sizeof *out->rt);
}

validate_tables *validate_tables_build(schema *const *s, size_t n)
{
    validate_tables *t = mem_alloc(sizeof *t);
    t->shelves = mem_alloc((n + 1) * sizeof *t->shelves);
    for (size_t i = 0; i < n; i++, t->n++) { /* every table exists before any is filled */
        t->shelves[i].s = s[i];
        t->shelves[i].classes = mem_alloc((s[i]->nclasses + 1) * sizeof(sg_class));
        t->shelves[i].enums = mem_alloc((s[i]->nenums + 1) * sizeof(sg_enum));
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < s[i]->nenums; j++)
            build_enum(&t->shelves[i].enums[j], s[i]->enums[j]);
        for (size_t j = 0; j < s[i]->nclasses; j++)
            build_class(t, &t->shelves[i].classes[j], s[i]->classes[j]);
    }
    return t;
}

/* sg_class_release of every class built so far: allocates nothing (a guard may run it). */
static void release_states(void *arg)
{
    const validate_tables *t = arg;
    for (size_t i = 0; i < t->n; i++)
        for (size_t j = 0; j < t->shelves[i].s->nclasses; j++)
            sg_class_release(&t->shelves[i].classes[j]);
}

static void free_class(sg_class *c)
{
    for (uint32_t i = 0; i < c->nattrs; i++)
        mem_free((void *)c->attrs[i].def);
    mem_free((void *)c->attrs);
    mem_free((void *)c->by_name);
    mem_free(c->rt);
}

void validate_tables_free(validate_tables *t)
{
    if (!t)
        return;
    release_states(t);
    for (size_t i = 0; i < t->n; i++) {
        const shelf *sh = &t->shelves[i];
        for (size_t j = 0; j < sh->s->nclasses; j++)
            free_class(&sh->classes[j]);
        for (size_t j = 0; j < sh->s->nenums; j++)
            mem_free((void *)sh->enums[j].members);
        mem_free(sh->classes);
        mem_free(sh->enums);
    }
    mem_free(t->shelves);
    mem_free(t);
}

/* ---- the class named on the command line ----------------------------------------------- */

/* How many class names a hint lists before "and N more". */
#define HINT_CLASSES 8

/* Appends "'A', 'B', ... and N more" (every class of the run, the input's first) to 'e'. */
static void list_classes(emitter *e, const schema *input, schema *const *all, size_t nall)
{
    size_t shown = 0, total = 0;
    for (size_t k = 0; k <= nall; k++) {
        const schema *s = k == 0 ? input : all[k - 1];
        if (k > 0 && s == input)
            continue;
        for (size_t i = 0; i < s->nclasses; i++, total++)
            if (shown < HINT_CLASSES)
                emit_raw(e, "%s'%s'", shown++ ? ", " : "", s->classes[i]->name);
    }
    if (total > shown)
        emit_raw(e, " and %zu more", total - shown);
}

/* Reports that no class is called 'name', with the closest name or the list of classes. */
static void report_no_class(diag *d, const schema *input, schema *const *all, size_t nall,
                            const char *name)
{
    const char **names = NULL;
    size_t n = 0;
    for (size_t k = 0; k < nall; k++)
        for (size_t i = 0; i < all[k]->nclasses; i++)
            schema_push((void ***)&names, &n, all[k]->classes[i]->name);
    schema_push((void ***)&names, &n, NULL);
    const char *near = diag_suggest(name, names);
    if (near) {
        diag_error(d, (loc){NULL, 0, 0}, "schema '%s' has no class '%s' (did you mean '%s'?)",
                   input->path, name, near);
    } else if (n == 1) {
        diag_error(d, (loc){NULL, 0, 0}, "schema '%s' has no class '%s' (it has no class at "
                   "all)", input->path, name);
    } else {
        emitter e;
        emit_init(&e);
        list_classes(&e, input, all, nall);
        diag_error(d, (loc){NULL, 0, 0}, "schema '%s' has no class '%s' (its classes: %s)",
                   input->path, name, e.buf);
        emit_fini(&e);
    }
    mem_free(names);
}

/* The class 'name' of 'input', else the one class of that name its imports have; NULL when
 * none or several (reported). */
static const sclass *find_class(diag *d, const schema *input, schema *const *all, size_t nall,
                                const char *name)
{
    const sclass *c = schema_find_class(input, name), *other;
    for (size_t k = 0; !c && k < nall; k++) {
        if (all[k] == input || !(other = schema_find_class(all[k], name)))
            continue;
        for (size_t j = k + 1; j < nall; j++)
            if (all[j] != input && schema_find_class(all[j], name)) {
                diag_error(d, (loc){NULL, 0, 0}, "class '%s' is defined in both '%s' and "
                           "'%s', which '%s' imports: validate against the schema that "
                           "defines the one you mean", name, all[k]->path, all[j]->path,
                           input->path);
                return NULL;
            }
        c = other;
    }
    if (!c)
        report_no_class(d, input, all, nall, name);
    return c;
}

/* ---- data files -------------------------------------------------------------------------- */

/* One error of a data file, kept until the file is closed. */
typedef struct note {
    struct note *next;
    sg_diag_kind kind;
    unsigned line, col;
    char message[];
} note;

typedef struct reading {
    const sg_class *cls;
    note *first, **last;
    bool out_of_memory; /* a note could not be kept, or libslotgen-io ran out */
} reading;

/* libslotgen-io's callback: destroys each complete object, keeps each error as a note. Never
 * unwinds (mem_try_alloc): when memory runs out it stops the stream and says so. */
static sg_io_next on_object(void *ud, void *obj, const sg_diag *err)
{
    reading *r = ud;
    if (obj) {
        sg_object_destroy(r->cls, obj);
        return SG_IO_CONTINUE;
    }
    size_t len = strlen(err->message);
    note *n = err->kind == SG_DIAG_NOMEM ? NULL : mem_try_alloc(sizeof *n + len + 1);
    if (!n) {
        r->out_of_memory = true;
        return SG_IO_STOP;
    }
    n->kind = err->kind;
    n->line = err->line;
    n->col = err->col;
    memcpy(n->message, err->message, len + 1);
    *r->last = n;
    r->last = &n->next;
    return SG_IO_CONTINUE;
}

static void free_notes(note *n)
{
    while (n) {
        note *next = n->next;
        mem_free(n);
        n = next;
    }
}

/* The guard of a file's notes, should reporting them run out of memory. */
static void drop_notes(void *arg)
{
    reading *r = arg;
    free_notes(r->first);
    r->first = NULL;
}

/* Opens data file 'path' ("-": standard input) for reading; NULL with errno set when it
 * cannot be read (a directory cannot). */
static FILE *open_data(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    return f;
}

static sg_io_format format_of(const char *path, sgc_data_format format)
{
    if (format != SGC_DATA_AUTO)
        return format == SGC_DATA_JSON ? SG_IO_JSON : SG_IO_YAML;
    return sg_io_format_of(path); /* "-" reads as YAML */
}

/* Turns the notes of data file 'name' into diagnostics (in source order, as they are) and
 * frees them. Each is printed at once (a held diagnostic costs several times its note).
 * Returns the file's result. */
static validate_result report_notes(diag *d, reading *r, const char *name)
{
    validate_result res = VALIDATE_OK;
    mem_guard g;
    mem_guard_push(&g, drop_notes, r);
    for (const note *n = r->first; n; n = n->next) {
        if (n->kind == SG_DIAG_IO) {
            diag_error(d, (loc){NULL, 0, 0}, "cannot read '%s': %s", name, n->message);
            res = VALIDATE_EIO;
            continue;
        }
        diag_error(d, (loc){name, n->line, n->col}, "%s", n->message);
        diag_flush(d);
        res = res == VALIDATE_OK ? VALIDATE_INVALID : res;
    }
    mem_guard_pop(&g);
    drop_notes(r);
    return res;
}

/* Loads every object of data file 'path' as 'cls', destroying each; reports every error. */
static validate_result validate_one(diag *d, const sg_class *cls, const char *path,
                                    sgc_data_format format)
{
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    diag_file(d, name); /* allocates: before the file is open */
    FILE *f = open_data(path);
    if (!f) {
        diag_error(d, (loc){NULL, 0, 0}, "cannot read '%s': %s", path, strerror(errno));
        return VALIDATE_EIO;
    }
    sg_io_input in;
    memset(&in, 0, sizeof in);
    in.format = format_of(path, format);
    in.file = f;
    in.name = name;
    reading r = {cls, NULL, NULL, false};
    r.last = &r.first;
    (void)sg_io_load_each(&in, cls, on_object, &r, NULL); /* every error reached on_object */
    if (f != stdin)
        fclose(f);
    else
        clearerr(f);
    if (r.out_of_memory) {
        drop_notes(&r);
        mem_fail();
    }
    return report_notes(d, &r, name);
}

/* The worse of two results: usage, then I/O, then invalid data, then valid. */
static validate_result worse(validate_result a, validate_result b)
{
    static const int rank[] = {[VALIDATE_OK] = 0, [VALIDATE_INVALID] = 1, [VALIDATE_EIO] = 2,
                               [VALIDATE_EUSAGE] = 3};
    return rank[a] >= rank[b] ? a : b;
}

validate_result validate_files(const schema *input, schema *const *all, size_t nall,
                               const char *class_name, const char *const *files,
                               size_t nfiles, sgc_data_format format, diag *d)
{
    const sclass *c = find_class(d, input, all, nall, class_name);
    if (!c)
        return VALIDATE_EUSAGE;
    validate_tables *t = validate_tables_build(all, nall);
    const sg_class *cls = validate_tables_class(t, c);
    validate_result res = VALIDATE_OK;
    mem_guard g; /* should memory run out, no class state may outlive its table */
    mem_guard_push(&g, release_states, t);
    for (size_t i = 0; i < nfiles; i++) {
        res = worse(res, validate_one(d, cls, files[i], format));
        diag_flush(d);
    }
    mem_guard_pop(&g);
    validate_tables_free(t);
    return res;
}
