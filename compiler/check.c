/*
 * check.c - semantic checks of a loaded schema (see check.h).
 *
 * The passes run in order over one file: the prefix; type names (classes and enums share one
 * namespace with the classes and enums of the direct imports); enums (members, values); each
 * class (its name, 'slotted', then per attribute its name, its type resolved from type_text
 * into a type_ref, and its default checked against that type); last, by-value recursion over
 * the resolved types. Every problem is one diagnostic and checking carries on; a node the
 * loader could not read (an attribute without a type) is skipped, never reported twice, so
 * check_schema is safe to call after load_schema reported errors.
 *
 * Decisions where the format is silent, documented in docs/schema.md:
 * - Imported names are visible to the importing file only (not transitively).
 * - A slotted class needs an attribute (C has no empty struct); one that is not slotted may
 *   have none, its struct then holding only the dynamic-attribute pointer.
 * - Integer defaults and enum values are decimal (with a sign) or 0x hex; floats are decimal
 *   with an optional exponent, or .inf, -.inf, .nan, rounded once to their type (strtof for
 *   f32, strtod for f64): rounding to infinity is out of range, a non-zero value rounding to
 *   zero is an error, denormals are kept. strtof and strtod need the "C" numeric locale:
 *   sgc_compile switches its thread to it for the run.
 * - Type hints: a near miss of a visible type name (edit distance), else a C or other common
 *   spelling ("uint64_t", "int32", "char *", "unsigned int", "double") names the schema type.
 * - A plain null (empty, '~', 'null') default means NULL for string, empty for char[N],
 *   null for ref; it is an error for every other type.
 */
#include "check.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "names.h"
#include "types.h"

#define MAX_ARRAY 1048576u

typedef struct checker {
    schema *s;
    diag *d;
    size_t hint_budget; /* names did-you-mean may still compare with in this file */
} checker;

/* Each "did you mean" compares the unknown name with every candidate: with many unknown
 * names and many candidates that is quadratic (30,000 of each took half an hour), so a file
 * gets this many comparisons in all; past them errors come without the hint. */
#define HINT_BUDGET 1000000u

/* Takes 'n' comparisons from the budget; false (and nothing taken) when too few are left. */
static bool take_hints(checker *C, size_t n)
{
    if (n > C->hint_budget)
        return false;
    C->hint_budget -= n;
    return true;
}

/* A type as written, split by parse_type: "ref Name[N]", "Name[N][M]", "Name[]". */
typedef struct parsed {
    bool is_ref;
    char *name;        /* owned */
    int ndims;         /* the [N] suffixes */
    uint32_t dims[2];  /* the first two sizes */
    bool list;         /* a last suffix "[]" (T[]); not counted in ndims */
} parsed;


static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int check_identifier(const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    if (!isalpha(p[0]) && p[0] != '_')
        return 0;
    if (p[0] == '_' && (p[1] == '_' || isupper(p[1])))
        return 0;
    for (p++; *p; p++)
        if (!isalnum(*p) && *p != '_')
            return 0;
    return 1;
}

/* ---- numbers ---- */

/* A plain YAML integer: [-+]?[0-9]+ or 0x[0-9a-fA-F]+. Returns 1 with its sign and magnitude,
 * 0 when the text is not an integer, -1 when its magnitude exceeds UINT64_MAX. */
static int parse_int(const char *t, bool *neg, uint64_t *mag)
{
    int base = 10;
    *neg = false;
    *mag = 0;
    if (t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
        base = 16;
        t += 2;
    } else if (t[0] == '-' || t[0] == '+') {
        *neg = t[0] == '-';
        t++;
    }
    if (!*t)
        return 0;
    int overflow = 0;
    for (; *t; t++) {
        int digit;
        if (isdigit((unsigned char)*t))
            digit = *t - '0';
        else if (base == 16 && isxdigit((unsigned char)*t))
            digit = tolower((unsigned char)*t) - 'a' + 10;
        else
            return 0;
        if (*mag > (UINT64_MAX - (uint64_t)digit) / (uint64_t)base)
            overflow = 1;
        else
            *mag = *mag * (uint64_t)base + (uint64_t)digit;
    }
    return overflow ? -1 : 1;
}

/* Whether sign and magnitude lie in [min, max]. */
static bool int_in_range(bool neg, uint64_t mag, int64_t min, uint64_t max)
{
    if (!neg || mag == 0)
        return mag <= max;
    if (min >= 0)
        return false;
    return mag <= (uint64_t)(-(min + 1)) + 1;
}

/* Whether the mantissa of the decimal float 't' (before any exponent) has a non-zero digit. */
static bool nonzero_mantissa(const char *t)
{
    for (; *t && *t != 'e' && *t != 'E'; t++)
        if (*t >= '1' && *t <= '9')
            return true;
    return false;
}

/* A plain YAML 1.2 float: decimal with optional fraction and exponent, or .inf/.nan, read as
 * an f32 ('f32': rounded once, by strtof, to the nearest float) or an f64. Returns 1 with the
 * value, 0 when it is not a float, -1 when it rounds to infinity, -2 when it is not zero but
 * rounds to zero. Denormals are values like any other: rounded, never rejected. */
static int parse_float(const char *t, bool f32, double *out)
{
    const char *p = t + (*t == '-' || *t == '+');
    if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 || strcmp(p, ".INF") == 0) {
        *out = *t == '-' ? -HUGE_VAL : HUGE_VAL;
        return 1;
    }
    if (p == t && (strcmp(t, ".nan") == 0 || strcmp(t, ".NaN") == 0 || strcmp(t, ".NAN") == 0)) {
        *out = NAN;
        return 1;
    }
    size_t whole = strspn(p, "0123456789"), frac = 0;
    p += whole;
    if (*p == '.')
        frac = strspn(++p, "0123456789");
    p += frac;
    if (whole + frac == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p += 1 + (p[1] == '-' || p[1] == '+');
        size_t exp = strspn(p, "0123456789");
        if (!exp)
            return 0;
        p += exp;
    }
    if (*p)
        return 0;
    *out = f32 ? (double)strtof(t, NULL) : strtod(t, NULL);
    if (isinf(*out))
        return -1;
    return *out == 0 && nonzero_mantissa(t) ? -2 : 1;
}

/* ---- names ---- */

/* The class or enum 'name' as seen from 's': its own, then its direct imports'. */
static void lookup(const schema *s, const char *name, sclass **cls, senum **enm)
{
    *cls = schema_find_class(s, name);
    *enm = *cls ? NULL : schema_find_enum(s, name);
    for (size_t i = 0; i < s->nimports && !*cls && !*enm; i++) {
        const schema *t = s->imports[i]->target;
        if (t && t != s) {
            *cls = schema_find_class(t, name);
            *enm = *cls ? NULL : schema_find_enum(t, name);
        }
    }
}

/* A NULL-terminated array of the type names visible from 's' (primitives when 'prims',
 * enums when 'enums'), for did-you-mean; the caller frees the array, not the names. NULL
 * when the file's hint budget is spent. */
static size_t type_count(const schema *s, bool prims, bool enums)
{
    size_t n = prims ? TY_PRIMITIVE_COUNT : 0;
    for (size_t i = 0; i <= s->nimports; i++) {
        const schema *t = i == 0 ? s : s->imports[i - 1]->target;
        if (t && (i == 0 || t != s))
            n += t->nclasses + (enums ? t->nenums : 0);
    }
    return n;
}

static const char **type_names(checker *C, const schema *s, bool prims, bool enums)
{
    const char **names = NULL;
    size_t n = 0;
    if (!take_hints(C, type_count(s, prims, enums)))
        return NULL;
    for (int k = 0; prims && k < TY_PRIMITIVE_COUNT; k++)
        schema_push((void ***)&names, &n, (void *)types_info((type_kind)k)->spelling);
    for (size_t i = 0; i <= s->nimports; i++) {
        const schema *t = i == 0 ? s : s->imports[i - 1]->target;
        if (!t || (i > 0 && t == s))
            continue;
        for (size_t j = 0; j < t->nclasses; j++)
            schema_push((void ***)&names, &n, t->classes[j]->name);
        for (size_t j = 0; enums && j < t->nenums; j++)
            schema_push((void ***)&names, &n, t->enums[j]->name);
    }
    schema_push((void ***)&names, &n, NULL);
    return names;
}

/* A class can take another C name with 'c_name:' (an enum cannot): the hint for 'kind'. */
static const char *c_name_hint(const char *kind)
{
    return strcmp(kind, "class") == 0 ? " (give it another C name with 'c_name:')" : "";
}

/* Class and enum names: C type names, so stricter than attribute names. With a 'c_name:'
 * ('has_c_name') the name is not C, so only its form and the built-in types matter. */
static void check_type_name(checker *C, const char *kind, const char *name, loc at,
                            bool has_c_name)
{
    if (!isalpha((unsigned char)name[0]) || !check_identifier(name))
        diag_error(C->d, at, "invalid %s name '%s' (a name is a letter, then letters, digits "
                   "or '_')", kind, name);
    else if (types_lookup(name) || strcmp(name, "ref") == 0)
        diag_error(C->d, at, "%s name '%s' is a built-in type", kind, name);
    else if (has_c_name)
        return;
    else if (names_is_keyword(name))
        diag_error(C->d, at, "%s name '%s' is a C or C++ keyword%s", kind, name,
                   c_name_hint(kind));
    else if (starts_with(name, "sg_") || starts_with(name, "SG_"))
        diag_error(C->d, at, "%s name '%s' is reserved: names starting with 'sg_' belong to "
                   "slotgen's runtime", kind, name);
    else if (names_is_reserved(name))
        diag_error(C->d, at, "%s name '%s' is reserved: it is a name of the C standard headers%s",
                   kind, name, c_name_hint(kind));
}

/* A 'c_name:' of 'what' ("class 'Token'"): a C identifier that is not reserved; at file
 * scope ('file_scope': a type or a constant) it starts with a letter, as C reserves names
 * starting with '_' there. Clashes with generated names are names_check's. */
static void check_c_name(checker *C, const char *c_name, loc at, bool file_scope,
                         const char *what)
{
    if (!check_identifier(c_name) || (file_scope && !isalpha((unsigned char)c_name[0])))
        diag_error(C->d, at, "invalid c_name '%s' of %s (a C name is %s, then letters, digits "
                   "or '_')", c_name, what, file_scope ? "a letter" : "a letter or '_'");
    else if (names_is_reserved(c_name) || starts_with(c_name, "sg_"))
        diag_error(C->d, at, "c_name '%s' of %s is reserved: it is a keyword, a name of "
                   "slotgen's runtime or of the C standard headers", c_name, what);
    else if (file_scope && names_is_local(c_name))
        diag_error(C->d, at, "c_name '%s' of %s is reserved: generated functions use it for a "
                   "parameter or local", c_name, what);
}

/* A prefix starts file-scope names, where C reserves every name starting with '_': so it
 * is a letter, then letters, digits or '_'. */
static void check_prefix(checker *C)
{
    const char *p = C->s->prefix;
    if (!p || !*p)
        return;
    if (!isalpha((unsigned char)p[0]) || !check_identifier(p))
        diag_error(C->d, C->s->prefix_at, "invalid prefix '%s' (a prefix is a letter, then "
                   "letters, digits or '_')", p);
    else if (starts_with(p, "sg_") || starts_with(p, "SG_"))
        diag_error(C->d, C->s->prefix_at, "prefix '%s' is reserved: names starting with 'sg_' "
                   "belong to slotgen's runtime", p);
}

/* A class or enum that a direct import brings, in the table check_names sorts by name, so
 * that comparing a file's names with its imports' takes n log n, not names * imports. */
typedef struct imported {
    const char *name;
    size_t imp;        /* index in s->imports */
    size_t k;          /* its place among the import's classes, then its enums */
    loc at;
    bool is_class;
    const char *kind;  /* "class", "enum" or "flag set" */
} imported;

static int cmp_imported(const void *a, const void *b)
{
    const imported *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    if (x->imp != y->imp)
        return x->imp < y->imp ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* Every class and enum of the direct imports of 's' (not of 's' itself), sorted. */
static imported *imported_table(const schema *s, size_t *n)
{
    size_t total = 0;
    for (size_t i = 0; i < s->nimports; i++) {
        const schema *t = s->imports[i]->target;
        total += t && t != s ? t->nclasses + t->nenums : 0;
    }
    imported *v = mem_alloc((total + 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; i < s->nimports; i++) {
        const schema *t = s->imports[i]->target;
        for (size_t k = 0; t && t != s && k < t->nclasses + t->nenums; k++) {
            bool is_class = k < t->nclasses;
            const senum *e = is_class ? NULL : t->enums[k - t->nclasses];
            v[(*n)++] = is_class ? (imported){t->classes[k]->name, i, k, t->classes[k]->at, true,
                                              "class"}
                                 : (imported){e->name, i, k, e->at, false, schema_enum_kind(e)};
        }
    }
    if (*n)
        qsort(v, *n, sizeof *v, cmp_imported);
    return v;
}

/* The first entry named 'name' (of the earliest import; a class before an enum), or NULL. */
static const imported *imported_first(const imported *v, size_t n, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(v[lo].name, name) == 0 ? &v[lo] : NULL;
}

/* 'name' of kind 'kind' at 'at' clashes with a class or enum of an import of 's'? */
static void check_imported_clash(checker *C, const imported *v, size_t n, const char *kind,
                                 const char *name, loc at)
{
    const imported *x = imported_first(v, n, name);
    if (!x)
        return;
    const char *what = x->kind;
    diag_error(C->d, at, "%s '%s' has the same name as %s '%s' imported from '%s'", kind, name,
               what, name, C->s->imports[x->imp]->path);
    diag_note(C->d, x->at, "%s '%s' declared here", what, name);
}

/* One "both declare": import 'j' brings its k-th name, which import 'i' (< j) has too. */
typedef struct pair {
    size_t j, i, k;
    const char *name;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->j != y->j)
        return x->j < y->j ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* Two different imports that bring the same type name: within each run of one name in the
 * sorted table, each entry against every earlier import, reported by (later import, earlier
 * import, name's place). */
static void check_import_pairs(checker *C, const imported *v, size_t n)
{
    const schema *s = C->s;
    pair *out = NULL;
    size_t nout = 0, cap = 0;
    for (size_t g = 0, end; g < n; g = end) {
        for (end = g + 1; end < n && strcmp(v[end].name, v[g].name) == 0;)
            end++;
        for (size_t x = g; x < end; x++)
            for (size_t y = g; y < end && v[y].imp < v[x].imp; y++) {
                if ((y > g && v[y - 1].imp == v[y].imp) ||
                    s->imports[v[y].imp]->target == s->imports[v[x].imp]->target)
                    continue; /* one report per earlier import; not the same file twice */
                if (nout == cap)
                    out = mem_realloc(out, (cap = cap ? 2 * cap : 16) * sizeof *out);
                out[nout++] = (pair){v[x].imp, v[y].imp, v[x].k, v[x].name};
            }
    }
    if (nout)
        qsort(out, nout, sizeof *out, cmp_pair);
    for (size_t p = 0; p < nout; p++)
        diag_error(C->d, s->imports[out[p].j]->at, "'%s' and '%s' both declare '%s'",
                   s->imports[out[p].i]->path, s->imports[out[p].j]->path, out[p].name);
    mem_free(out);
}

static void check_names(checker *C)
{
    schema *s = C->s;
    size_t n;
    imported *v = imported_table(s, &n);
    for (size_t i = 0; i < s->nenums; i++) {
        const char *kind = schema_enum_kind(s->enums[i]);
        check_type_name(C, kind, s->enums[i]->name, s->enums[i]->at, false);
        check_imported_clash(C, v, n, kind, s->enums[i]->name, s->enums[i]->at);
    }
    for (size_t i = 0; i < s->nclasses; i++) {
        sclass *c = s->classes[i];
        check_type_name(C, "class", c->name, c->at, c->c_name != NULL);
        if (c->c_name) {
            char *what = names_join("class '", c->name, "'");
            check_c_name(C, c->c_name, c->c_name_at, true, what);
            mem_free(what);
        }
        senum *e = schema_find_enum(s, c->name);
        if (e) {
            diag_error(C->d, c->at, "class '%s' has the same name as %s '%s'", c->name,
                       schema_enum_kind(e), e->name);
            diag_note(C->d, e->at, "%s '%s' declared here", schema_enum_kind(e), e->name);
        } else {
            check_imported_clash(C, v, n, "class", c->name, c->at);
        }
    }
    check_import_pairs(C, v, n);
    mem_free(v);
}

/* ---- enums ---- */

static void check_member_value(checker *C, const senum *e, enum_member *m)
{
    const scalar *v = &m->value_text;
    bool neg;
    uint64_t mag;
    int r = v->quoted ? 0 : parse_int(v->text, &neg, &mag);
    if (r == 0)
        diag_error(C->d, v->at, "value '%s' of member '%s' in enum '%s' is not an integer",
                   v->text, m->name, e->name);
    else if (r < 0 || !int_in_range(neg, mag, INT32_MIN, INT32_MAX))
        diag_error(C->d, v->at, "value %s of member '%s' in enum '%s' is out of range for a C "
                   "enum (%d..%d)", v->text, m->name, e->name, INT32_MIN, INT32_MAX);
    else
        m->value = neg ? -(int64_t)mag : (int64_t)mag;
}

/* A flag's bit number: an integer from 0 to 63. */
static void check_flag_bit(checker *C, const senum *e, enum_member *m)
{
    const scalar *v = &m->value_text;
    bool neg;
    uint64_t mag;
    int r = v->quoted ? 0 : parse_int(v->text, &neg, &mag);
    m->value = -1; /* unless it is right */
    if (r == 0)
        diag_error(C->d, v->at, "bit '%s' of flag '%s' in flag set '%s' is not an integer",
                   v->text, m->name, e->name);
    else if (r < 0 || (neg && mag) || mag > 63)
        diag_error(C->d, v->at, "bit %s of flag '%s' in flag set '%s' is out of range (a bit "
                   "number from 0 to 63)", v->text, m->name, e->name);
    else
        m->value = (int64_t)mag;
}

/* A flag set: bits distinct and below 64 (so at most 64 flags); its storage: the smallest
 * unsigned integer holding its highest bit. */
static void check_flags(checker *C, senum *e)
{
    enum_member *by_bit[64] = {NULL};
    int64_t high = 0;
    for (size_t i = 0; i < e->nmembers; i++) {
        enum_member *m = e->members[i];
        if (m->has_value && m->value_text.text)
            check_flag_bit(C, e, m);
        else if (m->value > 63)
            diag_error(C->d, m->at, "flag '%s' of flag set '%s' would be bit %d: a set holds "
                       "at most 64 flags (bits 0 to 63)", m->name, e->name, (int)m->value);
        if (m->value < 0 || m->value > 63)
            continue;
        if (by_bit[m->value]) {
            diag_error(C->d, m->at, "flag '%s' of flag set '%s' has bit %d, like flag '%s'",
                       m->name, e->name, (int)m->value, by_bit[m->value]->name);
            diag_note(C->d, by_bit[m->value]->at, "flag '%s' declared here",
                      by_bit[m->value]->name);
            continue;
        }
        by_bit[m->value] = m;
        if (m->value > high)
            high = m->value;
    }
    e->bits = high < 8 ? 8 : high < 16 ? 16 : high < 32 ? 32 : 64;
}

static void check_enum(checker *C, senum *e)
{
    const char *kind = schema_enum_kind(e), *mword = e->is_flags ? "flag" : "member";
    if (e->nmembers == 0)
        diag_error(C->d, e->at, "%s '%s' has no %ss", kind, e->name, mword);
    for (size_t i = 0; i < e->nmembers; i++) {
        enum_member *m = e->members[i];
        if (!check_identifier(m->name))
            diag_error(C->d, m->at, "invalid %s name '%s' in %s '%s'", mword, m->name, kind,
                       e->name);
        if (m->c_name) {
            char *of = emit_format("%s '%s' of %s '%s'", mword, m->name, kind, e->name);
            check_c_name(C, m->c_name, m->c_name_at, true, of);
            mem_free(of);
        }
        if (!e->is_flags && m->has_value && m->value_text.text)
            check_member_value(C, e, m);
    }
    if (e->is_flags)
        check_flags(C, e);
}

/* ---- types ---- */

/* The size between '[' and ']': a decimal integer in 1..MAX_ARRAY. 0 when it is not. */
static uint32_t parse_size(const char *t, size_t n)
{
    while (n && *t == ' ')
        t++, n--;
    while (n && t[n - 1] == ' ')
        n--;
    if (n == 0 || n > 7)
        return 0;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)t[i]))
            return 0;
        v = v * 10 + (uint32_t)(t[i] - '0');
    }
    return v <= MAX_ARRAY ? v : 0;
}

static const char *skip_spaces(const char *t)
{
    while (*t == ' ' || *t == '\t')
        t++;
    return t;
}

/* Whether the 'n' bytes at 't' are spaces only: "[]", "[ ]" (a list). */
static bool blank(const char *t, size_t n)
{
    while (n && (*t == ' ' || *t == '\t'))
        t++, n--;
    return n == 0;
}

/* Reads the "[N]" suffixes at '*t' into 'p', and a last "[]" (a list), moving '*t' past them.
 * Returns 0 after a bad size or a "[]" that is not last (reported). */
static int parse_dims(checker *C, const attr *a, const char **t, parsed *p)
{
    for (*t = skip_spaces(*t); **t == '['; *t = skip_spaces(*t)) {
        const char *open = *t, *close = strchr(open, ']');
        if (!close)
            return 1; /* left for parse_type to call the type invalid */
        if (p->list) {
            diag_error(C->d, a->type_at, "'[]' must be the last suffix of type '%s' for "
                       "attribute '%s': lists of arrays and of lists are not supported (only "
                       "char[N][], a list of strings of N bytes)", a->type_text, a->name);
            return 0;
        }
        if (blank(open + 1, (size_t)(close - open - 1))) {
            p->list = true;
            *t = close + 1;
            continue;
        }
        uint32_t n = parse_size(open + 1, (size_t)(close - open - 1));
        if (n == 0) {
            diag_error(C->d, a->type_at, "array size '%.*s' in type '%s' for attribute '%s' is "
                       "not an integer from 1 to %u", (int)(close - open - 1), open + 1,
                       a->type_text, a->name, MAX_ARRAY);
            return 0;
        }
        if (p->ndims < 2)
            p->dims[p->ndims] = n;
        p->ndims++;
        *t = close + 1;
    }
    return 1;
}

static const char *c_spelling_hint(const char *text);

/* Splits a->type_text into 'p' (the caller frees p->name). Returns 0 when it is malformed
 * (reported). */
static int parse_type(checker *C, const attr *a, parsed *p)
{
    const char *t = skip_spaces(a->type_text);
    memset(p, 0, sizeof *p);
    if (starts_with(t, "ref") && (t[3] == ' ' || t[3] == '\t')) {
        p->is_ref = true;
        t = skip_spaces(t + 3);
    }
    const char *start = t;
    while (isalnum((unsigned char)*t) || *t == '_')
        t++;
    p->name = mem_strndup(start, (size_t)(t - start));
    if (!parse_dims(C, a, &t, p))
        return 0;
    if (*t || !*p->name) {
        const char *hint = p->is_ref ? NULL : c_spelling_hint(a->type_text);
        if (hint)
            diag_error(C->d, a->type_at, "invalid type '%s' for attribute '%s' (did you mean "
                       "'%s'?)", a->type_text, a->name, hint);
        else
            diag_error(C->d, a->type_at, "invalid type '%s' for attribute '%s' (expected a "
                       "type name, 'ref Class', 'T[N]', 'T[]' or 'char[N]')", a->type_text,
                       a->name);
        return 0;
    }
    return 1;
}

/* C (and other languages') spellings that name no row of the type table, and the schema type
 * meant; matched after normalize_spelling. */
static const char *const c_spellings[][2] = {
    {"int", "i32"}, {"long", "i64"}, {"short", "i16"}, {"unsigned", "u32"}, {"str", "string"},
    {"_bool", "bool"}, {"boolean", "bool"}, {"char*", "string"}, {"std::string", "string"},
    {"long long", "i64"}, {"long int", "i64"}, {"long long int", "i64"}, {"short int", "i16"},
    {"signed char", "i8"}, {"signed", "i32"}, {"signed int", "i32"}, {"unsigned char", "u8"},
    {"unsigned short", "u16"}, {"unsigned short int", "u16"}, {"unsigned int", "u32"},
    {"unsigned long", "u64"}, {"unsigned long int", "u64"}, {"unsigned long long", "u64"},
    {"unsigned long long int", "u64"}, {"uint", "u32"}, {"byte", "u8"}, {"size_t", "u64"},
    {"float32", "f32"}, {"float64", "f64"}, {"single", "f32"}, {"long double", "f64"},
};

/* 'text' lower-cased into 'buf', spaces trimmed and collapsed, no space around '*', a leading
 * "const " dropped: "const char *" -> "char*". 0 when it does not fit. */
static int normalize_spelling(const char *text, char *buf, size_t n)
{
    size_t len = 0;
    for (const char *p = skip_spaces(text); *p; p++) {
        char c = (char)tolower((unsigned char)*p);
        if (c == '\t')
            c = ' ';
        if (c == ' ' && (len == 0 || buf[len - 1] == ' ' || buf[len - 1] == '*'))
            continue;
        if (c == '*' && len > 0 && buf[len - 1] == ' ')
            len--;
        if (len + 1 >= n)
            return 0;
        buf[len++] = c;
    }
    while (len > 0 && buf[len - 1] == ' ')
        len--;
    buf[len] = '\0';
    if (starts_with(buf, "const "))
        memmove(buf, buf + 6, len - 5);
    return 1;
}

/* "int32", "uint64_t", "u_int8_t" -> "i32", "u64", "u8"; NULL for anything else. */
static const char *sized_int_hint(const char *t)
{
    static const char *const names[2][4] = {{"i8", "i16", "i32", "i64"},
                                            {"u8", "u16", "u32", "u64"}};
    static const char *const bits[4] = {"8", "16", "32", "64"};
    int is_unsigned = starts_with(t, "uint") || starts_with(t, "u_int");
    t += starts_with(t, "uint") ? 4 : starts_with(t, "u_int") ? 5 : starts_with(t, "int") ? 3 : 0;
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(bits[i]);
        if (strncmp(t, bits[i], n) == 0 && (t[n] == '\0' || strcmp(t + n, "_t") == 0))
            return names[is_unsigned][i];
    }
    return NULL;
}

/* The schema type a C programmer may have meant by 'text' ("uint32_t" -> "u32", "int32" ->
 * "i32", "char *" -> "string", "double" -> "f64"), or NULL. */
static const char *c_spelling_hint(const char *text)
{
    const type_info *t = types_by_ctype(text);
    if (t)
        return t->spelling;
    char buf[64];
    if (!normalize_spelling(text, buf, sizeof buf))
        return NULL;
    if ((t = types_by_ctype(buf)) != NULL || (t = types_lookup(buf)) != NULL)
        return t->spelling;
    for (size_t i = 0; i < sizeof c_spellings / sizeof c_spellings[0]; i++)
        if (strcmp(c_spellings[i][0], buf) == 0)
            return c_spellings[i][1];
    return buf[0] == 'i' || buf[0] == 'u' ? sized_int_hint(buf) : NULL;
}

static void unknown_type(checker *C, const attr *a, const char *name, bool classes_only)
{
    const char **names = type_names(C, C->s, !classes_only, !classes_only);
    const char *near = names ? diag_suggest(name, names) : NULL;
    if (!near && !classes_only)
        near = c_spelling_hint(name);
    const char *what = classes_only ? "class" : "type";
    if (near)
        diag_error(C->d, a->type_at, "unknown %s '%s' for attribute '%s' (did you mean '%s'?)",
                   what, name, a->name, near);
    else
        diag_error(C->d, a->type_at, "unknown %s '%s' for attribute '%s'", what, name,
                   a->name);
    mem_free(names);
}

static bool resolve_ref(checker *C, attr *a, const parsed *p)
{
    sclass *cls;
    senum *enm;
    lookup(C->s, p->name, &cls, &enm);
    if (cls) {
        a->type.kind = TY_REF;
        a->type.cls = cls;
        return true;
    }
    if (enm)
        diag_error(C->d, a->type_at, "'ref' needs a class, but '%s' is %s (attribute '%s')",
                   p->name, enm->is_flags ? "a flag set" : "an enum", a->name);
    else if (types_lookup(p->name))
        diag_error(C->d, a->type_at, "'ref' needs a class, but '%s' is a built-in type "
                   "(attribute '%s')", p->name, a->name);
    else
        unknown_type(C, a, p->name, true);
    return false;
}

static bool resolve_name(checker *C, attr *a, const parsed *p)
{
    const type_info *ti = types_lookup(p->name);
    sclass *cls = NULL;
    senum *enm = NULL;
    if (ti) {
        a->type.kind = ti->kind;
        return true;
    }
    if (strcmp(p->name, "ref") == 0) {
        diag_error(C->d, a->type_at, "'ref' needs a class name for attribute '%s' (write "
                   "'ref ClassName')", a->name);
        return false;
    }
    lookup(C->s, p->name, &cls, &enm);
    if (cls) {
        a->type.kind = TY_CLASS;
        a->type.cls = cls;
    } else if (enm) {
        a->type.kind = enm->is_flags ? TY_FLAGS : TY_ENUM;
        a->type.enm = enm;
    } else {
        unknown_type(C, a, p->name, false);
        return false;
    }
    return true;
}

/* Fills a->type from a->type_text; returns false when it is wrong (reported). */
static bool resolve_type(checker *C, attr *a)
{
    parsed p;
    bool ok = false;
    memset(&a->type, 0, sizeof a->type);
    if (!parse_type(C, a, &p)) {
        mem_free(p.name);
        return false;
    }
    bool chars = !p.is_ref && strcmp(p.name, "char") == 0;
    if (p.ndims > 2 || (p.ndims == 2 && !chars) || (p.ndims == 2 && p.list) ||
        (p.ndims == 1 && p.list && !chars)) {
        diag_error(C->d, a->type_at, "arrays of arrays are not supported: '%s' for attribute "
                   "'%s' (only char[N][M], M strings of N bytes%s)", a->type_text, a->name,
                   p.list ? ", and char[N][], a list of strings of N bytes" : "");
    } else if (chars && p.ndims > 0) {
        a->type.kind = TY_CHARS;
        a->type.chars = p.dims[0];
        a->type.count = p.ndims == 2 ? p.dims[1] : 0;
        a->type.list = p.list;
        ok = true;
    } else {
        ok = p.is_ref ? resolve_ref(C, a, &p) : resolve_name(C, a, &p);
        if (ok && p.ndims == 1)
            a->type.count = p.dims[0];
        a->type.list = ok && p.list;
    }
    mem_free(p.name);
    return ok;
}

/* ---- defaults ---- */

static void check_int_default(checker *C, const attr *a, scalar *v)
{
    const type_info *ti = types_info(a->type.kind);
    bool neg;
    uint64_t mag;
    int r = parse_int(v->text, &neg, &mag);
    v->u = mag;
    v->i = neg ? (int64_t)(0 - mag) : (int64_t)mag; /* in range when reported so */
    if (v->quoted && r != 0)
        diag_error(C->d, v->at, "default '%s' for attribute '%s' is a quoted string, not an "
                   "integer (write it without quotes)", v->text, a->name);
    else if (v->quoted || r == 0)
        diag_error(C->d, v->at, "default '%s' for attribute '%s' is not an integer", v->text,
                   a->name);
    else if (r < 0 || !int_in_range(neg, mag, ti->min, ti->max))
        diag_error(C->d, v->at, "default %s is out of range for %s (%" PRId64 "..%" PRIu64 ")",
                   v->text, ti->spelling, ti->is_signed ? ti->min : 0, ti->max);
}

static void check_float_default(checker *C, const attr *a, scalar *v)
{
    const type_info *ti = types_info(a->type.kind);
    bool f32 = a->type.kind == TY_F32;
    double x = 0;
    int r = parse_float(v->text, f32, &x);
    v->f = x;
    double max = f32 ? FLT_MAX : DBL_MAX, min = f32 ? FLT_TRUE_MIN : DBL_TRUE_MIN;
    int digits = f32 ? 9 : 17; /* enough to read back the same value */
    if (v->quoted && r != 0)
        diag_error(C->d, v->at, "default '%s' for attribute '%s' is a quoted string, not a "
                   "number (write it without quotes)", v->text, a->name);
    else if (v->quoted || r == 0)
        diag_error(C->d, v->at, "default '%s' for attribute '%s' is not a number", v->text,
                   a->name);
    else if (r == -1)
        diag_error(C->d, v->at, "default %s is out of range for %s (%.*g..%.*g)", v->text,
                   ti->spelling, digits, -max, digits, max);
    else if (r == -2)
        diag_error(C->d, v->at, "default %s is too small for %s: it would be 0 (the smallest "
                   "non-zero %s is %.*g; write 0 for zero)", v->text, ti->spelling, ti->spelling,
                   digits, min);
}

/* The member of 'e' whose name is close to 'word', for a "did you mean" (borrowed), or NULL
 * (also when the run's hint budget is spent). */
static const char *member_hint(checker *C, const senum *e, const char *word)
{
    const char **names = NULL;
    size_t n = 0;
    bool hint = take_hints(C, e->nmembers);
    for (size_t i = 0; hint && i < e->nmembers; i++)
        schema_push((void ***)&names, &n, e->members[i]->name);
    schema_push((void ***)&names, &n, NULL);
    const char *near = diag_suggest(word, names);
    mem_free(names);
    return near;
}

static void check_enum_default(checker *C, const attr *a, const scalar *v)
{
    const senum *e = a->type.enm;
    if (schema_find_member(e, v->text))
        return;
    const char *near = member_hint(C, e, v->text);
    if (near)
        diag_error(C->d, v->at, "default '%s' for attribute '%s' is not a member of enum '%s' "
                   "(did you mean '%s'?)", v->text, a->name, e->name, near);
    else
        diag_error(C->d, v->at, "default '%s' for attribute '%s' is not a member of enum '%s'",
                   v->text, a->name, e->name);
}

/* Adds to '*set' the bit of the flag named by the 'n' bytes at 'name' (spaces trimmed), which
 * 'v' (a default of 'a') holds; reports an unknown or repeated flag. */
static void add_flag(checker *C, const attr *a, const scalar *v, const char *name, size_t n,
                     uint64_t *set)
{
    const senum *e = a->type.enm;
    while (n && (*name == ' ' || *name == '\t'))
        name++, n--;
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    char *flag = mem_strndup(name, n);
    const enum_member *m = schema_find_member(e, flag);
    if (m && m->value >= 0 && m->value < 64 && (*set >> m->value & 1u))
        diag_error(C->d, v->at, "flag '%s' given twice in the default of attribute '%s'", flag,
                   a->name);
    else if (m && m->value >= 0 && m->value < 64)
        *set |= (uint64_t)1 << m->value;
    else if (!m) {
        const char *near = member_hint(C, e, flag);
        if (near)
            diag_error(C->d, v->at, "default '%s' for attribute '%s' names '%s', not a flag of "
                       "flag set '%s' (did you mean '%s'?)", v->text, a->name, flag, e->name,
                       near);
        else
            diag_error(C->d, v->at, "default '%s' for attribute '%s' names '%s', not a flag of "
                       "flag set '%s' (a flag-set default is flag names: [a, b] or \"a|b\")",
                       v->text, a->name, flag, e->name);
    }
    mem_free(flag);
}

/* A flag set written "a|b" (spaces around '|' allowed; "" is the empty set) into v->u. */
static void check_flags_text(checker *C, const attr *a, scalar *v)
{
    v->u = 0;
    if (v->is_null) {
        diag_error(C->d, v->at, "default for flag-set attribute '%s' is null (write [] or \"\" "
                   "for the empty set)", a->name);
        return;
    }
    if (!*v->text)
        return;
    for (const char *p = v->text;; p++) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        add_flag(C, a, v, p, n, &v->u);
        if (!bar)
            return;
        p = bar;
    }
}

/* The default of a flag-set attribute that is not an array: a sequence of flag names, or
 * one "a|b" string; the union into a->flags_set. */
static void check_flags_default(checker *C, attr *a)
{
    a->flags_set = 0;
    if (!a->default_is_list) {
        a->defaults[0].is_null = schema_is_null(a->defaults[0].text, a->defaults[0].quoted);
        check_flags_text(C, a, &a->defaults[0]);
        a->flags_set = a->defaults[0].u;
        return;
    }
    for (size_t i = 0; i < a->ndefaults; i++)
        add_flag(C, a, &a->defaults[i], a->defaults[i].text, strlen(a->defaults[i].text),
                 &a->flags_set);
}

/* One default value 'v' for one element of a's type; records its parsed value in 'v'. */
static void check_value(checker *C, const attr *a, scalar *v)
{
    const type_info *ti = types_info(a->type.kind);
    v->is_null = schema_is_null(v->text, v->quoted);
    switch (a->type.kind) {
    case TY_BOOL:
        if (v->quoted)
            diag_error(C->d, v->at, "default '%s' for attribute '%s' is a quoted string, not a "
                       "boolean (write true or false without quotes)", v->text, a->name);
        else if (strcmp(v->text, "true") != 0 && strcmp(v->text, "false") != 0)
            diag_error(C->d, v->at, "default '%s' for attribute '%s' is not a boolean (true or "
                       "false)", v->text, a->name);
        break;
    case TY_CHAR:
        if (strlen(v->text) != 1)
            diag_error(C->d, v->at, "default '%s' for attribute '%s' is not a single character",
                       v->text, a->name);
        break;
    case TY_F32:
    case TY_F64: check_float_default(C, a, v); break;
    case TY_STRING: break;
    case TY_CHARS:
        if (!v->is_null && strlen(v->text) >= a->type.chars)
            diag_error(C->d, v->at, "default '%s' for attribute '%s' is too long for char[%u] "
                       "(at most %u bytes)", v->text, a->name, a->type.chars,
                       a->type.chars - 1);
        break;
    case TY_ENUM: check_enum_default(C, a, v); break;
    case TY_FLAGS: check_flags_text(C, a, v); break;
    case TY_REF:
        if (!v->is_null)
            diag_error(C->d, v->at, "default '%s' for attribute '%s' is not null (a ref's only "
                       "default)", v->text, a->name);
        break;
    default:
        if (ti && ti->is_integer)
            check_int_default(C, a, v);
        break;
    }
}

static void check_default(checker *C, attr *a)
{
    if (a->type.list) {
        diag_error(C->d, a->default_at, "list attribute '%s' cannot have a default (a list "
                   "starts empty; add elements with the generated _append)", a->name);
    } else if (a->type.kind == TY_FLAGS && a->type.count == 0) {
        check_flags_default(C, a);
    } else if (a->type.kind == TY_CLASS) {
        diag_error(C->d, a->default_at, "attribute '%s' embeds class '%s' and cannot have a "
                   "default", a->name, a->type.cls->name);
    } else if (a->type.count == 0 && a->default_is_list) {
        diag_error(C->d, a->default_at, "default for attribute '%s' is a sequence, but '%s' is "
                   "not an array", a->name, a->type_text);
    } else if (a->type.count > 0 && !a->default_is_list) {
        diag_error(C->d, a->default_at, "default for array attribute '%s' must be a sequence "
                   "(write [a, b, ...])", a->name);
    } else if (a->type.count > 0 && a->ndefaults > a->type.count) {
        diag_error(C->d, a->default_at, "default for attribute '%s' has %zu values, but '%s' "
                   "holds %u", a->name, a->ndefaults, a->type_text, a->type.count);
    } else {
        for (size_t i = 0; i < a->ndefaults; i++)
            check_value(C, a, &a->defaults[i]);
    }
}

/* ---- classes ---- */

static void check_attr_name(checker *C, const attr *a)
{
    const char *n = a->name;
    if (n[0] == '_' && (n[1] == '_' || isupper((unsigned char)n[1])))
        diag_error(C->d, a->at, "invalid attribute name '%s' (names starting with '__' or '_' "
                   "and a capital are reserved in C)", n);
    else if (!check_identifier(n))
        diag_error(C->d, a->at, "invalid attribute name '%s' (a name is letters, digits or "
                   "'_', not starting with a digit)", n);
    else if (starts_with(n, "sg_"))
        diag_error(C->d, a->at, "attribute name '%s' is reserved: names starting with 'sg_' "
                   "belong to slotgen's hidden members (sg_has, sg_dyn)", n);
}

static void check_class(checker *C, sclass *c)
{
    c->slotted = c->slots >= 0 ? c->slots != 0 : C->s->slots_default;
    if (c->slotted && c->nattrs == 0)
        diag_error(C->d, c->at, "class '%s' has no attributes (a slotted class needs at least "
                   "one: C has no empty structs)", c->name);
    for (size_t i = 0; i < c->nattrs; i++) {
        attr *a = c->attrs[i];
        check_attr_name(C, a);
        if (a->c_name) {
            char *of = names_join("' of class '", c->name, "'");
            char *what = names_join("attribute '", a->name, of);
            check_c_name(C, a->c_name, a->c_name_at, false, what);
            mem_free(what);
            mem_free(of);
        }
        if (!a->type_text || !resolve_type(C, a))
            continue;
        if (a->optional && a->type.list)
            diag_error(C->d, a->at, "list attribute '%s' cannot be optional (an empty list is "
                       "its unset value)", a->name);
        if (a->has_default)
            check_default(C, a);
    }
}

/* ---- by-value recursion ---- */

/* Index of 'c' among the classes of its schema 's', or -1 when it belongs elsewhere. */
static long class_index(const schema *s, const sclass *c)
{
    return c->owner == s ? (long)c->index : -1;
}

/* One frame of the iterative depth-first search: a class and its next attribute. */
typedef struct frame {
    sclass *c;
    size_t next;
} frame;

/* Cycles longer than this show their first hops, "...", and the hop that closes them. */
#define CYCLE_SHOWN 8

/* Appends "Class.attr -> " for the edge now leaving frame 'f'. */
static void append_hop(char *path, const frame *f)
{
    strcat(strcat(strcat(strcat(path, f->c->name), "."), f->c->attrs[f->next - 1]->name),
           " -> ");
}

/* Reports the cycle frames[from..top], closed by the edge now leaving frames[top]. */
static void report_cycle(checker *C, const frame *frames, size_t from, size_t top)
{
    size_t len = 16;
    for (size_t i = from; i <= top; i++)
        len += strlen(frames[i].c->name) + strlen(frames[i].c->attrs[frames[i].next - 1]->name)
               + 5;
    len += strlen(frames[from].c->name);
    char *path = mem_alloc(len);
    for (size_t i = from; i <= top; i++) {
        if (top - from >= CYCLE_SHOWN && i == from + CYCLE_SHOWN - 1) {
            strcat(path, "... -> ");
            i = top;
        }
        append_hop(path, &frames[i]);
    }
    strcat(path, frames[from].c->name);
    const attr *first = frames[from].c->attrs[frames[from].next - 1];
    diag_error(C->d, first->type_at, "class '%s' contains itself by value: %s (use 'ref %s' "
               "for a pointer)", frames[from].c->name, path, first->type.cls->name);
    mem_free(path);
}

/* Depth-first search from class 'root' with colours 0 white, 1 on the stack, 2 done. */
static void find_cycles(checker *C, size_t root, unsigned char *colour, frame *frames)
{
    const schema *s = C->s;
    size_t top = 0;
    frames[0].c = s->classes[root];
    frames[0].next = 0;
    colour[root] = 1;
    for (;;) {
        frame *f = &frames[top];
        if (f->next == f->c->nattrs) {
            colour[class_index(s, f->c)] = 2;
            if (top-- == 0)
                return;
            continue;
        }
        const attr *a = f->c->attrs[f->next++];
        /* a list holds its elements apart, through a pointer: no cycle (Node: {kids: Node[]}) */
        long to = a->type.kind == TY_CLASS && a->type.cls && !a->type.list
                      ? class_index(s, a->type.cls) : -1;
        if (to < 0 || colour[to] == 2)
            continue;
        if (colour[to] == 1) {
            size_t from = 0;
            while (frames[from].c != a->type.cls)
                from++;
            report_cycle(C, frames, from, top);
            continue;
        }
        colour[to] = 1;
        frames[++top].c = s->classes[to];
        frames[top].next = 0;
    }
}

static void check_recursion(checker *C)
{
    size_t n = C->s->nclasses;
    unsigned char *colour = mem_alloc(n + 1);
    frame *frames = mem_alloc((n + 1) * sizeof *frames);
    for (size_t i = 0; i < n; i++)
        if (colour[i] == 0)
            find_cycles(C, i, colour, frames);
    mem_free(frames);
    mem_free(colour);
}

unsigned check_schema(schema *s, diag *d)
{
    checker C = {s, d, HINT_BUDGET};
    unsigned before = d->errors;
    check_prefix(&C);
    check_names(&C);
    for (size_t i = 0; i < s->nenums; i++)
        check_enum(&C, s->enums[i]);
    for (size_t i = 0; i < s->nclasses; i++)
        check_class(&C, s->classes[i]);
    check_recursion(&C);
    return d->errors - before;
}
