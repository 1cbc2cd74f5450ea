/*
 * names.c - every generated identifier, computed before anything is printed (see names.h).
 *
 * For a class C with C type name T (the file's prefix + C) the generated identifiers are
 * T, T_class, T_new, T_free, T_init, T_destroy, T_getattr, T_setattr, T_delattr, and per
 * attribute a: T_a, T_set_a, plus T_has_a and T_clear_a when a is optional. For an enum E
 * with type name T: T, T_enum, T_name, T_from_name and one constant per member. names_check
 * collects all of them (with what each one is) across a schema and its imports, sorts them,
 * and reports each identifier that two things would share.
 */
#include "names.h"

#include <ctype.h>
#include <stdarg.h>
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
    char *out = mem_alloc(2 * n + 1);
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
    char *out = mem_alloc(la + ls + lb + 1);
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
    return mem_strndup(base, n);
}

/* The C type of one element of 'a': "uint32_t", "char *" (string), "char" (char[N]),
 * "Color", "Point" (embedded), "Point *" (ref). A new string. */
static char *element_ctype(const attr *a)
{
    switch (a->type.kind) {
    case TY_CHARS:
        return mem_strdup("char");
    case TY_ENUM:
        return mem_strdup(a->type.enm->cname);
    case TY_CLASS:
        return mem_strdup(a->type.cls->cname);
    case TY_REF:
        return names_join(a->type.cls->cname, " ", "*");
    default:
        return mem_strdup(types_info(a->type.kind)->ctype);
    }
}

static void assign_enum(const schema *s, senum *e)
{
    e->cname = names_join(s->prefix, "", e->name);
    char *upper = names_upper_snake(e->cname);
    for (size_t i = 0; i < e->nmembers; i++) {
        enum_member *m = e->members[i];
        char *mu = names_upper_snake(m->name);
        mem_free(m->cname);
        m->cname = names_join(upper, "_", mu);
        mem_free(mu);
    }
    mem_free(upper);
}

/* True when 'name' is the C name of a class or enum of 's' or of what it imports: as a member
 * or constructor parameter it would hide that type. */
static int names_type(const schema *s, const char *name)
{
    for (size_t i = 0; i < s->nclasses; i++)
        if (s->classes[i]->cname && strcmp(s->classes[i]->cname, name) == 0)
            return 1;
    for (size_t i = 0; i < s->nenums; i++)
        if (s->enums[i]->cname && strcmp(s->enums[i]->cname, name) == 0)
            return 1;
    for (size_t i = 0; i < s->nimports; i++)
        if (s->imports[i]->target && names_type(s->imports[i]->target, name))
            return 1;
    return 0;
}

/* Members keep the attribute's name unless C would read it as something else: then it gets a
 * trailing '_' (the attribute's name, its accessors and its name by reflection do not). */
static void assign_members(const schema *s, sclass *c)
{
    for (size_t i = 0; i < c->nattrs; i++) {
        attr *a = c->attrs[i];
        int hide = names_is_reserved(a->name) || names_type(s, a->name);
        mem_free(a->member);
        a->member = names_join(a->name, "", hide ? "_" : "");
    }
}

/* Types name classes and enums of imported files too: those get their names first. */
static void assign_ctypes(sclass *c)
{
    for (size_t i = 0; i < c->nattrs; i++) {
        mem_free(c->attrs[i]->ctype);
        c->attrs[i]->ctype = element_ctype(c->attrs[i]);
    }
}

void names_assign(schema *s)
{
    for (size_t i = 0; i < s->nenums; i++) {
        mem_free(s->enums[i]->cname);
        assign_enum(s, s->enums[i]);
    }
    for (size_t i = 0; i < s->nclasses; i++) {
        mem_free(s->classes[i]->cname);
        s->classes[i]->cname = names_join(s->prefix, "", s->classes[i]->name);
    }
    for (size_t i = 0; i < s->nclasses; i++) {
        assign_members(s, s->classes[i]);
        assign_ctypes(s->classes[i]);
    }
}

/* ---- clash detection ---------------------------------------------------------------- */

typedef struct gen_name {
    char *ident;       /* the C identifier */
    char *what;        /* "the getter of attribute 'free' of class 'Image'" */
    loc at;
    size_t seq;        /* insertion order: the earlier one gets the note */
} gen_name;

typedef struct name_set {
    gen_name *v;
    size_t n;
    size_t cap;
} name_set;

/* Adds 'ident' (taken) with a description printf'd from 'fmt'. */
static void add_name(name_set *set, char *ident, loc at, const char *fmt, ...)
    DIAG_PRINTF(4, 5);

static void add_name(name_set *set, char *ident, loc at, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    if (set->n == set->cap) {
        set->cap = set->cap ? 2 * set->cap : 64;
        set->v = mem_realloc(set->v, set->cap * sizeof *set->v);
    }
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    set->v[set->n] = (gen_name){ident, mem_strdup(what), at, set->n};
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
    add_name(set, mem_strdup(c->cname), c->at, "the type of class '%s'", c->name);
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
        mem_free(set_a);
        if (a->type.kind == TY_CLASS) {
            char *mut = names_join(a->name, "_", "mut");
            add_name(set, names_join(c->cname, "_", mut), a->at,
                     "the mutable accessor of attribute '%s' of class '%s'", a->name, c->name);
            mem_free(mut);
        }
        if (!a->optional)
            continue;
        char *has = names_join("has_", "", a->name), *clear = names_join("clear_", "", a->name);
        add_name(set, names_join(c->cname, "_", has), a->at,
                 "the presence test of attribute '%s' of class '%s'", a->name, c->name);
        add_name(set, names_join(c->cname, "_", clear), a->at,
                 "the clear function of attribute '%s' of class '%s'", a->name, c->name);
        mem_free(has);
        mem_free(clear);
    }
}

static void add_enum_names(name_set *set, const senum *e)
{
    add_name(set, mem_strdup(e->cname), e->at, "the type of enum '%s'", e->name);
    add_name(set, names_join(e->cname, "_", "enum"), e->at, "the table 'enum' of enum '%s'",
             e->name);
    add_name(set, names_join(e->cname, "_", "name"), e->at,
             "the function 'name' of enum '%s'", e->name);
    add_name(set, names_join(e->cname, "_", "from_name"), e->at,
             "the function 'from_name' of enum '%s'", e->name);
    for (size_t i = 0; i < e->nmembers; i++)
        add_name(set, mem_strdup(e->members[i]->cname), e->members[i]->at,
                 "the constant of member '%s' of enum '%s'", e->members[i]->name, e->name);
}

static void add_schema_names(name_set *set, const schema *s)
{
    for (size_t i = 0; i < s->nenums; i++)
        add_enum_names(set, s->enums[i]);
    for (size_t i = 0; i < s->nclasses; i++)
        add_class_names(set, s->classes[i]);
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
        mem_free(set->v[i].ident);
        mem_free(set->v[i].what);
    }
    mem_free(set->v);
}

/* Reports a clash for each identifier whose later holder is in 'mine', and each of mine that
 * C or its headers already define (an enum Int32 with a member max makes INT32_MAX). */
static unsigned report_clashes(name_set *set, const schema *mine, diag *d)
{
    unsigned errors = 0;
    for (size_t i = 0; i < set->n; i++) {
        const gen_name *g = &set->v[i];
        if (!g->at.file || strcmp(g->at.file, mine->path) != 0 || !names_is_reserved(g->ident))
            continue;
        diag_error(d, g->at, "generated name '%s' of %s is already defined by C or its "
                   "standard headers; rename it", g->ident, g->what);
        errors++;
    }
    if (set->n < 2)
        return 0;
    qsort(set->v, set->n, sizeof set->v[0], cmp_gen);
    for (size_t i = 1; i < set->n; i++) {
        gen_name *first = &set->v[i - 1], *dup = &set->v[i];
        if (strcmp(first->ident, dup->ident) != 0 || !dup->at.file ||
            strcmp(dup->at.file, mine->path) != 0)
            continue;
        while (first > set->v && strcmp(first[-1].ident, dup->ident) == 0)
            first--;
        const char *shown = strchr(dup->ident, '.'); /* a member: Class.member */
        shown = shown ? shown + 1 : dup->ident;
        diag_error(d, dup->at, "generated name '%s' of %s clashes with %s", shown, dup->what,
                   first->what);
        diag_note(d, first->at, "'%s' first generated here; rename one of them", shown);
        errors++;
    }
    return errors;
}

/* Adds the names of everything 's' imports, directly or not, each file once. */
static void add_imported_names(name_set *set, const schema *s, const schema ***seen,
                               size_t *nseen)
{
    for (size_t i = 0; i < s->nimports; i++) {
        const schema *t = s->imports[i]->target;
        size_t j = 0;
        while (t && j < *nseen && (*seen)[j] != t)
            j++;
        if (!t || j < *nseen)
            continue;
        schema_push((void ***)seen, nseen, (void *)t);
        add_imported_names(set, t, seen, nseen);
        add_schema_names(set, t);
    }
}

unsigned names_check(const schema *s, diag *d)
{
    name_set set = {0};
    const schema **seen = NULL;
    size_t nseen = 0;
    schema_push((void ***)&seen, &nseen, (void *)s);
    add_imported_names(&set, s, &seen, &nseen); /* imported first: they get the notes */
    add_schema_names(&set, s);
    mem_free(seen);
    unsigned errors = report_clashes(&set, s, d);
    free_names(&set);
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
