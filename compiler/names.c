/*
 * names.c - every generated identifier, computed before anything is printed (see names.h).
 *
 * For a class C with C type name T (the file's prefix + C) the generated identifiers are
 * T, T_class, T_new, T_free, T_init, T_destroy, T_getattr, T_setattr, T_delattr, and per
 * attribute a: T_a, T_set_a, plus T_has_a and T_clear_a when a is optional. For an enum E
 * with type name T: T, T_enum, T_name, T_from_name and one constant per member. names_check
 * collects all of them (with what each one is) for a schema, sorts them, and reports each
 * identifier that two things would share, here or in a file it imports (directly or not).
 * The imports' names are looked up in a names_index, a hash of every name of the run with
 * the file that generates it, so naming a file costs its own names however many files it
 * imports, and every walk of the import graph visits each file once, with an explicit stack.
 */
#include "names.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* C11 and C++20 keywords and alternative tokens, sorted for bsearch. */
static const char *const keywords[] = {
    "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary",
    "_Noreturn", "_Static_assert", "_Thread_local", "alignas", "alignof", "and", "and_eq",
    "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char", "char16_t",
    "char32_t", "char8_t", "class", "co_await", "co_return", "co_yield", "compl", "concept",
    "const", "const_cast", "consteval", "constexpr", "constinit", "continue", "decltype",
    "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export",
    "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
    "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires",
    "restrict", "return", "short", "signed", "sizeof", "static", "static_assert",
    "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true",
    "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
    "volatile", "wchar_t", "while", "xor", "xor_eq",
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int names_is_keyword(const char *name)
{
    return bsearch(&name, keywords, sizeof keywords / sizeof keywords[0], sizeof keywords[0],
                   cmp_str) != NULL;
}

/* Names that the headers generated code includes (<stdbool.h>, <stddef.h>, <stdint.h>,
 * <string.h>, <stdlib.h>, <math.h>) define as types or macros, besides <stdint.h>'s families
 * (see stdint_name). Sorted for bsearch. */
static const char *const std_names[] = {
    "EOF", "EXIT_FAILURE", "EXIT_SUCCESS", "HUGE_VAL", "HUGE_VALF", "HUGE_VALL", "INFINITY",
    "NAN", "NULL", "PTRDIFF_MAX", "PTRDIFF_MIN", "SIG_ATOMIC_MAX", "SIG_ATOMIC_MIN",
    "SIZE_MAX", "WCHAR_MAX", "WCHAR_MIN", "WINT_MAX", "WINT_MIN", "assert", "errno",
    "fpclassify", "isfinite", "isinf", "isnan", "isnormal", "offsetof", "ptrdiff_t",
    "signbit", "size_t",
};

/* <stdint.h>'s types and macros: [u]int{8..64,ptr,max}_t with _least/_fast forms, and
 * [U]INT..._MIN/_MAX/_C. */
static int stdint_name(const char *n)
{
    int up = n[0] == 'U' || n[0] == 'I';
    const char *p = n + (n[0] == (up ? 'U' : 'u'));
    if (strncmp(p, up ? "INT" : "int", 3) != 0)
        return 0;
    p += 3;
    if (strncmp(p, up ? "_LEAST" : "_least", 6) == 0)
        p += 6;
    else if (strncmp(p, up ? "_FAST" : "_fast", 5) == 0)
        p += 5;
    size_t digits = strspn(p, "0123456789");
    if (digits)
        p += digits;
    else if (strncmp(p, up ? "PTR" : "ptr", 3) == 0 || strncmp(p, up ? "MAX" : "max", 3) == 0)
        p += 3;
    else
        return 0;
    if (!up)
        return strcmp(p, "_t") == 0;
    return strcmp(p, "_MIN") == 0 || strcmp(p, "_MAX") == 0 || strcmp(p, "_C") == 0;
}

int names_is_reserved(const char *name)
{
    return names_is_keyword(name) || stdint_name(name) ||
           bsearch(&name, std_names, sizeof std_names / sizeof std_names[0],
                   sizeof std_names[0], cmp_str) != NULL;
}

char *names_upper_snake(const char *name)
{
    size_t n = strlen(name);
    char *out = schema_xalloc(2 * n + 1);
    char *p = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        unsigned char prev = i ? (unsigned char)name[i - 1] : 0;
        unsigned char next = (unsigned char)name[i + 1];
        /* a word starts at a capital after a lower-case letter or digit ("rgbColor"), or
         * at the last capital of a run followed by a lower-case letter ("HTTPStatus") */
        if (isupper(c) && i > 0 && prev != '_' &&
            (islower(prev) || isdigit(prev) || (isupper(prev) && islower(next))))
            *p++ = '_';
        *p++ = (char)toupper(c);
    }
    *p = '\0';
    return out;
}

char *names_join(const char *a, const char *sep, const char *b)
{
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    char *out = schema_xalloc(la + ls + lb + 1);
    memcpy(out, a, la);
    memcpy(out + la, sep, ls);
    memcpy(out + la + ls, b, lb + 1);
    return out;
}

const char *names_file(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *names_base(const char *path)
{
    const char *base = names_file(path);
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return schema_xstrndup(base, n);
}

/* The C type of one element of 'a': "uint32_t", "char *" (string), "char" (char[N]),
 * "Color", "Point" (embedded), "Point *" (ref). A new string. */
static char *element_ctype(const attr *a)
{
    switch (a->type.kind) {
    case TY_CHARS:
        return schema_xstrdup("char");
    case TY_ENUM:
        return schema_xstrdup(a->type.enm->cname);
    case TY_CLASS:
        return schema_xstrdup(a->type.cls->cname);
    case TY_REF:
        return names_join(a->type.cls->cname, " ", "*");
    default:
        return schema_xstrdup(types_info(a->type.kind)->ctype);
    }
}

static void assign_enum(const schema *s, senum *e)
{
    e->cname = names_join(s->prefix, "", e->name);
    char *upper = names_upper_snake(e->cname);
    for (size_t i = 0; i < e->nmembers; i++) {
        enum_member *m = e->members[i];
        char *mu = names_upper_snake(m->name);
        free(m->cname);
        m->cname = names_join(upper, "_", mu);
        free(mu);
    }
    free(upper);
}

/* True when 'name' is the C type name of a class or enum that 'ix' holds, of 's' or of what
 * it imports (directly or not): as a member or constructor parameter it would hide that
 * type. Defined with the index below. */
static int visible_type(names_index *ix, const schema *s, const char *name);
static void index_add_types(names_index *ix, const schema *s);

/* Members keep the attribute's name unless C would read it as something else: then it gets a
 * trailing '_' (the attribute's name, its accessors and its name by reflection do not). */
static void assign_members(names_index *ix, names_index *own, const schema *s, sclass *c)
{
    for (size_t i = 0; i < c->nattrs; i++) {
        attr *a = c->attrs[i];
        int hide = names_is_reserved(a->name) || visible_type(own, s, a->name) ||
                   visible_type(ix, s, a->name);
        free(a->member);
        a->member = names_join(a->name, "", hide ? "_" : "");
    }
}

/* Types name classes and enums of imported files too: those get their names first. */
static void assign_ctypes(sclass *c)
{
    for (size_t i = 0; i < c->nattrs; i++) {
        free(c->attrs[i]->ctype);
        c->attrs[i]->ctype = element_ctype(c->attrs[i]);
    }
}

void names_assign_in(names_index *ix, schema *s)
{
    for (size_t i = 0; i < s->nenums; i++) {
        free(s->enums[i]->cname);
        assign_enum(s, s->enums[i]);
    }
    for (size_t i = 0; i < s->nclasses; i++) {
        free(s->classes[i]->cname);
        s->classes[i]->cname = names_join(s->prefix, "", s->classes[i]->name);
    }
    names_index *own = names_index_new(); /* the file's own type names */
    index_add_types(own, s);
    for (size_t i = 0; i < s->nclasses; i++) {
        assign_members(ix, own, s, s->classes[i]);
        assign_ctypes(s->classes[i]);
    }
    names_index_free(own);
}

/* ---- clash detection ---------------------------------------------------------------- */

typedef struct gen_name {
    char *ident;       /* the C identifier */
    char *what;        /* "the getter of attribute 'free' of class 'Image'" */
    loc at;
    size_t seq;        /* insertion order: the earlier one gets the note */
    const schema *owner; /* the file that generates it */
    int is_type;       /* the C type name of a class or enum */
    size_t next;       /* in a names_index: 1 + index of the next name of its hash chain */
} gen_name;

typedef struct name_set {
    gen_name *v;
    size_t n;
    size_t cap;
} name_set;

/* Every generated identifier of the files named so far in one run, hashed by identifier, so
 * that checking a file costs its own names, not those of everything it imports. */
struct names_index {
    name_set all;      /* in the order added; seq is the index here */
    size_t *heads;     /* hash slot -> 1 + index in 'all' of the newest name there; 0: empty */
    size_t nheads;     /* a power of two, more than twice all.n */
};

/* Adds 'ident' (taken) with a description printf'd from 'fmt'. */
static void add_name(name_set *set, char *ident, loc at, const char *fmt, ...)
    DIAG_PRINTF(4, 5);

static void add_name(name_set *set, char *ident, loc at, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    if (set->n == set->cap) {
        set->cap = set->cap ? 2 * set->cap : 64;
        set->v = schema_xrealloc(set->v, set->cap * sizeof *set->v);
    }
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    set->v[set->n] = (gen_name){ident, schema_xstrdup(what), at, set->n, NULL, 0, 0};
    set->n++;
}

/* The functions and tables every class has, and what each one is. */
static const char *const class_suffixes[][2] = {
    {"class", "reflection table"}, {"new", "constructor"}, {"free", "destructor"},
    {"init", "init function"},     {"destroy", "destroy function"},
    {"getattr", "getattr function"}, {"setattr", "setattr function"},
    {"delattr", "delattr function"},
};

static void add_class_names(name_set *set, const sclass *c)
{
    add_name(set, schema_xstrdup(c->cname), c->at, "the type of class '%s'", c->name);
    set->v[set->n - 1].is_type = 1;
    for (size_t i = 0; i < sizeof class_suffixes / sizeof class_suffixes[0]; i++)
        add_name(set, names_join(c->cname, "_", class_suffixes[i][0]), c->at,
                 "the %s of class '%s'", class_suffixes[i][1], c->name);
    for (size_t i = 0; i < c->nattrs; i++) {
        const attr *a = c->attrs[i];
        add_name(set, names_join(c->cname, ".", a->member), a->at, /* not file scope: a '.' */
                 "the struct member of attribute '%s' of class '%s'", a->name, c->name);
        add_name(set, names_join(c->cname, "_", a->name), a->at,
                 "the getter of attribute '%s' of class '%s'", a->name, c->name);
        char *set_a = names_join("set_", "", a->name);
        add_name(set, names_join(c->cname, "_", set_a), a->at,
                 "the setter of attribute '%s' of class '%s'", a->name, c->name);
        free(set_a);
        if (a->type.kind == TY_CLASS) {
            char *mut = names_join(a->name, "_", "mut");
            add_name(set, names_join(c->cname, "_", mut), a->at,
                     "the mutable accessor of attribute '%s' of class '%s'", a->name, c->name);
            free(mut);
        }
        if (!a->optional)
            continue;
        char *has = names_join("has_", "", a->name), *clear = names_join("clear_", "", a->name);
        add_name(set, names_join(c->cname, "_", has), a->at,
                 "the presence test of attribute '%s' of class '%s'", a->name, c->name);
        add_name(set, names_join(c->cname, "_", clear), a->at,
                 "the clear function of attribute '%s' of class '%s'", a->name, c->name);
        free(has);
        free(clear);
    }
}

static void add_enum_names(name_set *set, const senum *e)
{
    add_name(set, schema_xstrdup(e->cname), e->at, "the type of enum '%s'", e->name);
    set->v[set->n - 1].is_type = 1;
    add_name(set, names_join(e->cname, "_", "enum"), e->at, "the table 'enum' of enum '%s'",
             e->name);
    add_name(set, names_join(e->cname, "_", "name"), e->at,
             "the function 'name' of enum '%s'", e->name);
    add_name(set, names_join(e->cname, "_", "from_name"), e->at,
             "the function 'from_name' of enum '%s'", e->name);
    for (size_t i = 0; i < e->nmembers; i++)
        add_name(set, schema_xstrdup(e->members[i]->cname), e->members[i]->at,
                 "the constant of member '%s' of enum '%s'", e->members[i]->name, e->name);
}

static void add_schema_names(name_set *set, const schema *s)
{
    size_t from = set->n;
    for (size_t i = 0; i < s->nenums; i++)
        add_enum_names(set, s->enums[i]);
    for (size_t i = 0; i < s->nclasses; i++)
        add_class_names(set, s->classes[i]);
    for (size_t i = from; i < set->n; i++)
        set->v[i].owner = s;
}

static int cmp_gen(const void *a, const void *b)
{
    const gen_name *x = a, *y = b;
    int c = strcmp(x->ident, y->ident);
    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void free_names(name_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->v[i].ident);
        free(set->v[i].what);
    }
    free(set->v);
}

/* ---- the index of one run ---- */

static int cmp_seq(const void *a, const void *b)
{
    const gen_name *x = a, *y = b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* FNV-1a. */
static size_t hash_str(const char *p)
{
    uint64_t h = 14695981039346656037u;
    for (; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return (size_t)h;
}

static void index_link(names_index *ix, size_t i)
{
    size_t h = hash_str(ix->all.v[i].ident) & (ix->nheads - 1);
    ix->all.v[i].next = ix->heads[h];
    ix->heads[h] = i + 1;
}

names_index *names_index_new(void)
{
    return schema_xalloc(sizeof(names_index));
}

void names_index_free(names_index *ix)
{
    if (!ix)
        return;
    free_names(&ix->all);
    free(ix->heads);
    free(ix);
}

/* Moves every name of 'set' into 'ix' (emptying 'set'), in the order of their seq. */
static void index_take(names_index *ix, name_set *set)
{
    if (2 * (ix->all.n + set->n) >= ix->nheads) {
        size_t n = ix->nheads ? ix->nheads : 64;
        while (2 * (ix->all.n + set->n) >= n)
            n *= 2;
        free(ix->heads);
        ix->heads = schema_xalloc(n * sizeof *ix->heads);
        ix->nheads = n;
        for (size_t i = 0; i < ix->all.n; i++)
            index_link(ix, i);
    }
    if (set->n)
        qsort(set->v, set->n, sizeof set->v[0], cmp_seq);
    for (size_t k = 0; k < set->n; k++) {
        gen_name g = set->v[k];
        if (ix->all.n == ix->all.cap) {
            ix->all.cap = ix->all.cap ? 2 * ix->all.cap : 64;
            ix->all.v = schema_xrealloc(ix->all.v, ix->all.cap * sizeof *ix->all.v);
        }
        g.seq = ix->all.n;
        ix->all.v[ix->all.n] = g;
        index_link(ix, ix->all.n++);
    }
    free(set->v);
    memset(set, 0, sizeof *set);
}

/* The files 's' imports, directly or not, as a set of pointers (built on first use). */
typedef struct reach {
    const schema **slot; /* open addressing; NULL: empty */
    size_t cap;          /* a power of two */
    int built;
} reach;

static size_t hash_ptr(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 11400714819323198485u;
    return (size_t)(h >> 17);
}

/* Adds 't'; returns 0 when it was there already. */
static int reach_add(reach *r, const schema *t)
{
    size_t i = hash_ptr(t) & (r->cap - 1);
    for (; r->slot[i]; i = (i + 1) & (r->cap - 1))
        if (r->slot[i] == t)
            return 0;
    r->slot[i] = t;
    return 1;
}

static int reach_has(const reach *r, const schema *t)
{
    size_t i = hash_ptr(t) & (r->cap - 1);
    for (; r->slot[i]; i = (i + 1) & (r->cap - 1))
        if (r->slot[i] == t)
            return 1;
    return 0;
}

/* Calls 'fn' on every file 's' imports, directly or not, each once, each after the files it
 * imports (post-order), with an explicit stack: an import chain of any length is fine.
 * Fills 'seen' with them. */
static void walk_imports(const schema *s, reach *seen, void (*fn)(void *ud, const schema *t),
                         void *ud)
{
    typedef struct step {
        const schema *s;
        size_t next;
    } step;
    size_t n = 0, cap = 16, count = 0;
    step *stack = schema_xalloc(cap * sizeof *stack);
    seen->cap = 16;
    seen->slot = schema_xalloc(seen->cap * sizeof *seen->slot);
    stack[n++] = (step){s, 0};
    while (n) {
        step *top = &stack[n - 1];
        if (top->next == top->s->nimports) {
            if (fn && n > 1)
                fn(ud, top->s);
            n--;
            continue;
        }
        const schema *t = top->s->imports[top->next++]->target;
        if (!t || t == s)
            continue;
        if (2 * (count + 1) >= seen->cap) { /* grow, rehash */
            reach bigger = {schema_xalloc(2 * seen->cap * sizeof *seen->slot), 2 * seen->cap, 0};
            for (size_t i = 0; i < seen->cap; i++)
                if (seen->slot[i])
                    reach_add(&bigger, seen->slot[i]);
            free(seen->slot);
            *seen = bigger;
        }
        if (!reach_add(seen, t))
            continue;
        count++;
        if (n == cap)
            stack = schema_xrealloc(stack, (cap *= 2) * sizeof *stack);
        stack[n++] = (step){t, 0};
    }
    free(stack);
    seen->built = 1;
}

static int reaches(reach *r, const schema *s, const schema *t)
{
    if (t == s)
        return 1;
    if (!r->built)
        walk_imports(s, r, NULL, NULL);
    return reach_has(r, t);
}

/* The earliest name 'ident' in 'ix' generated by 's' or a file it imports (directly or not);
 * only type names when 'types'. NULL when none. */
static const gen_name *index_first(names_index *ix, const char *ident, const schema *s,
                                   reach *r, int types)
{
    const gen_name *first = NULL;
    if (!ix->nheads)
        return NULL;
    for (size_t i = ix->heads[hash_str(ident) & (ix->nheads - 1)]; i; i = ix->all.v[i - 1].next) {
        const gen_name *g = &ix->all.v[i - 1];
        if ((!types || g->is_type) && strcmp(g->ident, ident) == 0 && reaches(r, s, g->owner))
            first = g; /* chains run newest first */
    }
    return first;
}

static int visible_type(names_index *ix, const schema *s, const char *name)
{
    reach r = {0};
    int found = index_first(ix, name, s, &r, 1) != NULL;
    free(r.slot);
    return found;
}

static void index_add_types(names_index *ix, const schema *s)
{
    name_set set = {0};
    for (size_t i = 0; i < s->nenums; i++)
        add_name(&set, schema_xstrdup(s->enums[i]->cname), s->enums[i]->at, "enum");
    for (size_t i = 0; i < s->nclasses; i++)
        add_name(&set, schema_xstrdup(s->classes[i]->cname), s->classes[i]->at, "class");
    for (size_t i = 0; i < set.n; i++) {
        set.v[i].owner = s;
        set.v[i].is_type = 1;
    }
    index_take(ix, &set);
}

static void index_add_file(void *ud, const schema *t)
{
    name_set set = {0};
    add_schema_names(&set, t);
    index_take(ud, &set);
}

/* An index of the names of everything 's' imports, directly or not. */
static names_index *index_of_imports(const schema *s)
{
    names_index *ix = names_index_new();
    reach seen = {0};
    walk_imports(s, &seen, index_add_file, ix);
    free(seen.slot);
    return ix;
}

void names_assign(schema *s)
{
    names_index *ix = index_of_imports(s);
    names_assign_in(ix, s);
    names_index_free(ix);
}

/* Reports each of mine ('set', sorted) that C or its headers already define (an enum Int32
 * with a member max makes INT32_MAX), and each that an earlier name of mine or of my imports
 * in 'ix' holds. */
static unsigned report_clashes(names_index *ix, name_set *set, const schema *mine, diag *d)
{
    unsigned errors = 0;
    reach r = {0};
    for (size_t i = 0; i < set->n; i++) {
        const gen_name *g = &set->v[i];
        if (!names_is_reserved(g->ident))
            continue;
        diag_error(d, g->at, "generated name '%s' of %s is already defined by C or its "
                   "standard headers; rename it", g->ident, g->what);
        errors++;
    }
    if (set->n)
        qsort(set->v, set->n, sizeof set->v[0], cmp_gen);
    for (size_t i = 0; i < set->n; i++) {
        const gen_name *dup = &set->v[i], *first = index_first(ix, dup->ident, mine, &r, 0);
        if (!first && i > 0 && strcmp(set->v[i - 1].ident, dup->ident) == 0) {
            first = &set->v[i - 1];
            while (first > set->v && strcmp(first[-1].ident, dup->ident) == 0)
                first--;
        }
        if (!first)
            continue;
        const char *shown = strchr(dup->ident, '.'); /* a member: Class.member */
        shown = shown ? shown + 1 : dup->ident;
        diag_error(d, dup->at, "generated name '%s' of %s clashes with %s", shown, dup->what,
                   first->what);
        diag_note(d, first->at, "'%s' first generated here; rename one of them", shown);
        errors++;
    }
    free(r.slot);
    return errors;
}

unsigned names_check_in(names_index *ix, const schema *s, diag *d)
{
    name_set set = {0};
    add_schema_names(&set, s);
    unsigned errors = report_clashes(ix, &set, s, d);
    index_take(ix, &set);
    return errors;
}

unsigned names_check(const schema *s, diag *d)
{
    names_index *ix = index_of_imports(s);
    unsigned errors = names_check_in(ix, s, d);
    names_index_free(ix);
    return errors;
}

void names_each(const schema *s, void (*fn)(void *ud, const char *ident), void *ud)
{
    name_set set = {0};
    add_schema_names(&set, s);
    for (size_t i = 0; i < set.n; i++)
        fn(ud, set.v[i].ident);
    free_names(&set);
}
