/*
 * names.c - every generated identifier, computed before anything is printed (see names.h).
 *
 * For a class C with C type name T (its c_name, else the file's prefix + C) the generated
 * identifiers are T, T_class, T_new, T_free, T_init, T_destroy, T_getattr, T_setattr,
 * T_delattr, T_copy, T_clone, T_equal, T_hash, the macro U_INIT (U: T in upper snake case),
 * and per attribute a with C name n (its c_name, else a): T_n, T_set_n, T_n_mut for an
 * embedded class, T_has_n and T_clear_n when a is optional, T_n_count, T_n_at and T_n_set_at
 * for an array, and the struct member; a list (T[]) has T_n_count, T_n_at, T_n_append,
 * T_n_set_at, T_n_remove_at, T_n_clear and T_n_reserve instead of T_n and T_set_n. For an
 * enum E with type name T: T, T_enum, T_name, T_from_name, one constant per member and U_COUNT;
 * for a flag set: T, T_enum, T_name, T_from_name, T_format, T_parse, one constant per flag
 * and U_ALL.
 * names_check collects those of a schema (each a 24-byte record: its form, the node it is
 * generated for, the hash of its identifier; the identifier itself is spelt again from the
 * node only when a lookup meets an equal hash or a message names it, and what it is, where
 * and in which file are derived likewise), and reports each identifier that
 * is reserved (names_is_reserved, or a local of generated functions) or that two things would
 * share, and two headers of one name, sorted by identifier. A name is hashed once, when it is
 * added; a run's names_check_in reuses what names_assign_in made for the
 * same file, and the reserved words are hashed once per names_index, so naming and checking a
 * file cost time linear in its names. The names of its imports come
 * from a names_index: in a run (driver.c), one index holds the names of every file checked so
 * far, so checking a file costs its own names (a hit in the index is kept only when its file
 * is imported, directly or not: that set is built only then; a file's names are indexed only
 * once a file with imports is named, so a lone input's never are); names_check alone indexes
 * the imports first.
 *
 * Reserved names: keywords (below), the table names_reserved.inc (written by
 * compiler/gen_reserved.py), and the runtime's namespace (runtime_name). The walk over a file's
 * include set is iterative and linear (a pointer set), as import graphs come from input; a run
 * makes it only for a file with a name or a base name that another file of the run also has.
 */
#include "names.h"

#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

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

/* What the headers generated code includes declare or define (names_reserved.inc, written
 * by compiler/gen_reserved.py): reserved_names, and reserved_functions, those only functions. */
#include "names_reserved.inc"

static int in_table(const char *name, const char *const *table, size_t n)
{
    return bsearch(&name, table, n, sizeof table[0], cmp_str) != NULL;
}

#define IN_TABLE(name, t) in_table(name, t, sizeof t / sizeof t[0])

/* Names that slotgen.h keeps for the runtime: 'sg_' or 'SG_' and then anything not ending in
 * '_' (so a member mangled with a trailing '_' leaves the runtime's namespace). The guards of
 * generated headers are in it too (names_guard), so no schema name can equal one. */
static int runtime_name(const char *name)
{
    size_t n = strlen(name);
    return (strncmp(name, "sg_", 3) == 0 || strncmp(name, "SG_", 3) == 0) && name[n - 1] != '_';
}

int names_is_reserved(const char *name)
{
    return names_is_keyword(name) || runtime_name(name) || IN_TABLE(name, reserved_names);
}

/* Parameters and locals of generated functions (self, v, i, name, out, obj, len, s, st, n,
 * dyn, dst, src, other, set, buf, size, text), sorted: a C type of that name would be hidden by
 * them. */
static const char *const locals[] = {"buf",  "dst",   "dyn", "i",    "len",  "n",   "name",
                                     "obj",  "other", "out", "s",    "self", "set", "size",
                                     "src",  "st",    "text", "v"};

int names_is_local(const char *name)
{
    return IN_TABLE(name, locals);
}


/* The reserved words above (keywords, reserved_names, reserved_functions, locals) hashed
 * once per names_index, each with the lists it is in: what naming a file asks of every one of
 * its names costs one hash, not four binary searches. */
enum { W_KEYWORD = 1, W_RESERVED = 2, W_FUNCTION = 4, W_LOCAL = 8 };

typedef struct word_set {
    const char **slot; /* open addressing; NULL: empty */
    uint32_t *hash;    /* schema_hash of each slot's word (low 32 bits) */
    unsigned char *tag;
    size_t cap;        /* a power of two more than twice the words */
} word_set;

static void words_add(word_set *w, const char *const *list, size_t n, unsigned char tag)
{
    for (size_t k = 0; k < n; k++) {
        uint32_t h = (uint32_t)schema_hash(list[k]);
        size_t i = h & (w->cap - 1);
        while (w->slot[i] && strcmp(w->slot[i], list[k]) != 0)
            i = (i + 1) & (w->cap - 1);
        w->slot[i] = list[k];
        w->hash[i] = h;
        w->tag[i] |= tag;
    }
}

#define WORDS_ADD(w, t, tag) words_add(w, t, sizeof t / sizeof t[0], tag)

static void words_init(word_set *w)
{
    size_t n = sizeof keywords / sizeof keywords[0] + sizeof locals / sizeof locals[0] +
               sizeof reserved_names / sizeof reserved_names[0] +
               sizeof reserved_functions / sizeof reserved_functions[0];
    for (w->cap = 64; w->cap <= 2 * n; w->cap *= 2) {
    }
    w->slot = mem_alloc(w->cap * sizeof *w->slot);
    w->hash = mem_alloc(w->cap * sizeof *w->hash);
    w->tag = mem_alloc(w->cap);
    WORDS_ADD(w, keywords, W_KEYWORD);
    WORDS_ADD(w, reserved_names, W_RESERVED);
    WORDS_ADD(w, reserved_functions, W_FUNCTION);
    WORDS_ADD(w, locals, W_LOCAL);
}

static void words_free(word_set *w)
{
    mem_free(w->slot);
    mem_free(w->hash);
    mem_free(w->tag);
}

/* The lists 'name' is in (W_*), 0 when none; 'hash' is schema_hash(name) (low 32 bits), which
 * its caller has already. */
static unsigned words_tag(const word_set *w, const char *name, uint32_t hash)
{
    for (size_t i = hash & (w->cap - 1); w->slot[i]; i = (i + 1) & (w->cap - 1))
        if (w->hash[i] == hash && strcmp(w->slot[i], name) == 0)
            return w->tag[i];
    return 0;
}

/* True when 'name' cannot be a struct member or a parameter as it is: reserved, unless only
 * a function of the headers (C keeps members apart, and a parameter may hide a function).
 * 'w': the reserved words; 'hash': schema_hash(name). */
static int hides_member_in(const word_set *w, const char *name, uint32_t hash)
{
    unsigned t = words_tag(w, name, hash);
    int runtime = runtime_name(name);
    int reserved = (t & W_KEYWORD) || runtime || (t & W_RESERVED);
    return reserved && ((t & W_KEYWORD) || runtime || !(t & W_FUNCTION));
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

/* 'base' as letters, digits and '_' one-to-one: letters and digits are kept, every other byte
 * (a '_' too) becomes '_' and two upper-case hex digits. "hotel-search" -> "hotel_2Dsearch",
 * "foo_bar" -> "foo_5Fbar", "fooBar" -> "fooBar". A new string. */
static char *encode_base(const char *base)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = mem_alloc(3 * strlen(base) + 1), *w = out;
    for (const unsigned char *p = (const unsigned char *)base; *p; p++) {
        if (isalnum(*p) && *p < 0x80) {
            *w++ = (char)*p;
            continue;
        }
        *w++ = '_';
        *w++ = hex[*p >> 4];
        *w++ = hex[*p & 15];
    }
    *w = '\0';
    return out;
}

char *names_guard(const char *path)
{
    char *base = names_base(path), *enc = encode_base(base);
    char *guard = mem_alloc(strlen(enc) + sizeof "SG__SLOT_H");
    memcpy(guard, "SG_", 3);
    memcpy(guard + 3, enc, strlen(enc));
    memcpy(guard + 3 + strlen(enc), "_SLOT_H", sizeof "_SLOT_H");
    mem_free(enc);
    mem_free(base);
    return guard;
}

/* The C type of one element of 'a': "uint32_t", "char *" (string), "char" (char[N]),
 * "Color", "Point" (embedded), "Point *" (ref). A new string for an enum, a class or a ref,
 * else a static one (see attr.ctype in schema.h). */
static char *element_ctype(const attr *a)
{
    switch (a->type.kind) {
    case TY_CHARS:
        return (char *)"char"; /* static, as schema.h says: not freed */
    case TY_ENUM:
    case TY_FLAGS:
        return mem_strdup(a->type.enm->cname);
    case TY_CLASS:
        return mem_strdup(a->type.cls->cname);
    case TY_REF:
        return names_join(a->type.cls->cname, " ", "*");
    default:
        return (char *)types_info(a->type.kind)->ctype; /* static */
    }
}

static void assign_enum(const schema *s, senum *e)
{
    e->cname = names_join(s->prefix, "", e->name);
    char *upper = names_upper_snake(e->cname);
    for (size_t i = 0; i < e->nmembers; i++) {
        enum_member *m = e->members[i];
        mem_free(m->cname);
        if (m->c_name) {
            m->cname = mem_strdup(m->c_name);
            continue;
        }
        char *mu = names_upper_snake(m->name);
        m->cname = names_join(upper, "_", mu);
        mem_free(mu);
    }
    mem_free(upper);
}

/* ---- the generated names ------------------------------------------------------------- */

/* What a generated name is generated for: the words of its format (what it is), where and
 * which file generates it come from that node, so a name holds none of them. */
enum {
    K_ATTR,     /* attribute 'item' of a class: '%s' its name, then its class's */
    K_CLASS,    /* a class: '%s' its name */
    K_CLASS_FN, /* a class: '%s' the words of class_suffixes[item], then its name */
    K_ENUM,     /* an enum or a flag set: '%s' its name */
    K_CONST,    /* member 'item' of an enum or a flag set: its name, then the enum's */
    K_BASE      /* a file's base name (node: its schema) */
};

/* How a name is spelt from its node (see spell). */
enum {
    S_TYPE,     /* the class's or enum's cname */
    S_MACRO,    /* the cname in upper snake case, then 'tail': IMAGE_INIT, COLOR_COUNT */
    S_FN,       /* cname '_' word: Color_name; a class's word is class_suffixes[item][0] */
    S_ACCESSOR, /* the class's cname '_' word, attribute item's cname, tail: Image_set_url */
    S_MEMBER,   /* the class's cname '.' attribute item's member: no file scope */
    S_CONST,    /* member item's cname */
    S_BASE      /* the base name of the schema's path */
};

/* The functions and tables every class has, and what each one is. */
static const char *const class_suffixes[][2] = {
    {"class", "reflection table"}, {"new", "constructor"}, {"free", "destructor"},
    {"init", "init function"},     {"destroy", "destroy function"},
    {"getattr", "getattr function"}, {"setattr", "setattr function"},
    {"delattr", "delattr function"}, {"copy", "copy function"}, {"clone", "clone function"},
    {"equal", "equality function"}, {"hash", "hash function"},
};

#define ATTR_OF "attribute '%s' of class '%s'"
#define LIST_OF "list attribute '%s' of class '%s'"
#define ARRAY_OF "array attribute '%s' of class '%s'"

/* Every form of generated name: how it is spelt and what it is (a static format with up to
 * two %s, filled in by describe). A name records its form, so it stores neither its text nor
 * its description. ORDER FORM: the F_* below index it. */
typedef struct form {
    unsigned char kind;  /* K_* */
    unsigned char shape; /* S_* */
    const char *word, *tail;
    const char *what;
} form;

enum {
    F_CLASS, F_CLASS_INIT, F_CLASS_FN,
    F_MEMBER, F_GET, F_SET, F_MUT, F_HAS, F_CLEAR,
    F_LIST, /* F_LIST_N forms: a list's functions T_n_count .. T_n_reserve */
    F_ARRAY = F_LIST + 7, /* F_ARRAY_N forms: an array's T_n_count, T_n_at, T_n_set_at */
    F_ENUM = F_ARRAY + 3, F_ENUM_FN, /* 3 forms */
    F_ENUM_CONST = F_ENUM_FN + 3, F_ENUM_COUNT,
    F_FLAGS, F_FLAGS_FN, /* 5 forms */
    F_FLAGS_CONST = F_FLAGS_FN + 5, F_FLAGS_ALL,
    F_BASE, F_COUNT,
    F_LIST_N = F_ARRAY - F_LIST, F_ARRAY_N = F_ENUM - F_ARRAY
};

static const form forms[] = {
    [F_CLASS] = {K_CLASS, S_TYPE, "", "", "the type of class '%s'"},
    [F_CLASS_INIT] = {K_CLASS, S_MACRO, "", "_INIT", "the initializer macro of class '%s'"},
    [F_CLASS_FN] = {K_CLASS_FN, S_FN, "", "", "the %s of class '%s'"},
    [F_MEMBER] = {K_ATTR, S_MEMBER, "", "", "the struct member of " ATTR_OF},
    [F_GET] = {K_ATTR, S_ACCESSOR, "", "", "the getter of " ATTR_OF},
    [F_SET] = {K_ATTR, S_ACCESSOR, "set_", "", "the setter of " ATTR_OF},
    [F_MUT] = {K_ATTR, S_ACCESSOR, "", "_mut", "the mutable accessor of " ATTR_OF},
    [F_HAS] = {K_ATTR, S_ACCESSOR, "has_", "", "the presence test of " ATTR_OF},
    [F_CLEAR] = {K_ATTR, S_ACCESSOR, "clear_", "", "the clear function of " ATTR_OF},
    [F_LIST] = {K_ATTR, S_ACCESSOR, "", "_count", "the count of " LIST_OF},
    [F_LIST + 1] = {K_ATTR, S_ACCESSOR, "", "_at", "the element getter of " LIST_OF},
    [F_LIST + 2] = {K_ATTR, S_ACCESSOR, "", "_append", "the append function of " LIST_OF},
    [F_LIST + 3] = {K_ATTR, S_ACCESSOR, "", "_set_at", "the element setter of " LIST_OF},
    [F_LIST + 4] = {K_ATTR, S_ACCESSOR, "", "_remove_at", "the remove function of " LIST_OF},
    [F_LIST + 5] = {K_ATTR, S_ACCESSOR, "", "_clear", "the clear function of " LIST_OF},
    [F_LIST + 6] = {K_ATTR, S_ACCESSOR, "", "_reserve", "the reserve function of " LIST_OF},
    [F_ARRAY] = {K_ATTR, S_ACCESSOR, "", "_count", "the count of " ARRAY_OF},
    [F_ARRAY + 1] = {K_ATTR, S_ACCESSOR, "", "_at", "the element getter of " ARRAY_OF},
    [F_ARRAY + 2] = {K_ATTR, S_ACCESSOR, "", "_set_at", "the element setter of " ARRAY_OF},
    [F_ENUM] = {K_ENUM, S_TYPE, "", "", "the type of enum '%s'"},
    [F_ENUM_FN] = {K_ENUM, S_FN, "enum", "", "the table 'enum' of enum '%s'"},
    [F_ENUM_FN + 1] = {K_ENUM, S_FN, "name", "", "the function 'name' of enum '%s'"},
    [F_ENUM_FN + 2] = {K_ENUM, S_FN, "from_name", "", "the function 'from_name' of enum '%s'"},
    [F_ENUM_CONST] = {K_CONST, S_CONST, "", "", "the constant of member '%s' of enum '%s'"},
    [F_ENUM_COUNT] = {K_ENUM, S_MACRO, "", "_COUNT", "the constant 'COUNT' of enum '%s'"},
    [F_FLAGS] = {K_ENUM, S_TYPE, "", "", "the type of flag set '%s'"},
    [F_FLAGS_FN] = {K_ENUM, S_FN, "enum", "", "the table 'enum' of flag set '%s'"},
    [F_FLAGS_FN + 1] = {K_ENUM, S_FN, "name", "", "the function 'name' of flag set '%s'"},
    [F_FLAGS_FN + 2] = {K_ENUM, S_FN, "from_name", "",
                        "the function 'from_name' of flag set '%s'"},
    [F_FLAGS_FN + 3] = {K_ENUM, S_FN, "format", "", "the function 'format' of flag set '%s'"},
    [F_FLAGS_FN + 4] = {K_ENUM, S_FN, "parse", "", "the function 'parse' of flag set '%s'"},
    [F_FLAGS_CONST] = {K_CONST, S_CONST, "", "",
                       "the constant of flag '%s' of flag set '%s'"},
    [F_FLAGS_ALL] = {K_ENUM, S_MACRO, "", "_ALL", "the constant 'ALL' of flag set '%s'"},
    [F_BASE] = {K_BASE, S_BASE, "", "", "the file"},
};

_Static_assert(sizeof forms / sizeof forms[0] == F_COUNT, "one entry per form");
_Static_assert(F_COUNT <= 256, "a form fits a byte");

typedef struct gen_name {
    const void *node;  /* the sclass, senum or (K_BASE) schema it is generated for */
    uint32_t next;     /* in a name_table: 1 + index of the next name of its hash chain */
    uint32_t hash;     /* schema_hash of its identifier (low 32 bits), compared before text */
    uint32_t item;     /* the attribute, member or suffix (see the K_* above) */
    unsigned char form; /* F_*: how its identifier is spelt, and what it is */
    unsigned char c_name; /* whether a 'c_name:' key can rename it */
    unsigned char blocks; /* whether a member cannot have this name: a type or an enum
                           * constant, or any file-scope name of the file being named (see
                           * assign_member) */
    unsigned char seen;   /* SEEN_*: what add_name saw when it spelt the identifier */
} gen_name; /* its place in its array is the order it was added: the earlier gets the note */

_Static_assert(sizeof(gen_name) <= 24, "a generated name stays small: most of names_check's "
                                       "memory is these records");

enum {
    SEEN_RUNTIME = 1, /* in the runtime's namespace (runtime_name) */
    SEEN_DOT = 2      /* holds a '.': a struct member "Class.member" */
};

/* A growable string for spelling names: the caller's, so nothing here is static. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

/* Doubles the room of 't' (64 bytes at first). */
static void text_grow(text *t)
{
    t->cap = t->cap ? 2 * t->cap : 64;
    t->s = mem_realloc(t->s, t->cap);
}

/* Appends 's' to 't': copied byte by byte, as the parts of a name are short. */
static void text_put(text *t, const char *s)
{
    for (; *s; s++) {
        if (t->len + 1 >= t->cap)
            text_grow(t);
        t->s[t->len++] = *s;
    }
    t->s[t->len] = '\0'; /* cap > len: spell made room before the first part */
}

/* Appends 'cname' in upper snake case (names_upper_snake's rule). */
static void text_put_upper(text *t, const char *cname)
{
    char *upper = names_upper_snake(cname);
    text_put(t, upper);
    mem_free(upper);
}

/* The identifier of 'g', spelt into 't' (overwriting it): valid until 't' changes. */
static const char *spell(const gen_name *g, text *t)
{
    const form *f = &forms[g->form];
    const sclass *c = g->node;
    const senum *e = g->node;
    const char *cname = f->kind == K_BASE ? NULL
                        : f->kind == K_ENUM || f->kind == K_CONST ? e->cname : c->cname;
    if (!t->cap)
        text_grow(t);
    t->len = 0;
    t->s[0] = '\0';
    switch (f->shape) {
    case S_TYPE:
        text_put(t, cname);
        break;
    case S_MACRO:
        text_put_upper(t, cname);
        text_put(t, f->tail);
        break;
    case S_FN:
        text_put(t, cname);
        text_put(t, "_");
        text_put(t, f->kind == K_CLASS_FN ? class_suffixes[g->item][0] : f->word);
        break;
    case S_ACCESSOR:
        text_put(t, cname);
        text_put(t, "_");
        text_put(t, f->word);
        text_put(t, c->attrs[g->item]->cname);
        text_put(t, f->tail);
        break;
    case S_MEMBER:
        text_put(t, cname);
        text_put(t, ".");
        text_put(t, c->attrs[g->item]->member);
        break;
    case S_CONST:
        text_put(t, e->members[g->item]->cname);
        break;
    default: { /* S_BASE */
        char *base = names_base(((const schema *)g->node)->path);
        text_put(t, base);
        mem_free(base);
    }
    }
    return t->s;
}

/* Names in the order added, each a record of its form and node (its identifier is spelt
 * again when needed, never stored): the array grows by doubling, or is reserved at its size
 * (reserve_names). */
typedef struct name_set {
    gen_name *v;
    size_t n;
    size_t cap;
    text spelt;        /* where add_name spells a name to hash it */
    int members;       /* whether struct members are added too */
    int mine;          /* adding the names of the file being named or checked */
    int typeish;       /* adding a type or an enum constant */
    int blocking_only; /* add only the names that block members (for names_assign) */
    int counting;      /* only count the names */
} name_set;

/* Adds the name of form 'f' (F_*) of 'node' and its 'item' (see the K_*); 'cn' says whether
 * c_name: can rename it. Spells it once, to hash it. */
static void add_name(name_set *set, int f, const void *node, size_t item, int cn)
{
    int blocks = set->mine || set->typeish;
    if (set->blocking_only && !blocks)
        return;
    if (set->counting) {
        set->n++;
        return;
    }
    if (set->n == set->cap) {
        set->cap = set->cap ? 2 * set->cap : 64;
        set->v = mem_realloc(set->v, set->cap * sizeof *set->v);
    }
    gen_name *g = &set->v[set->n];
    *g = (gen_name){node, 0, 0, (uint32_t)item, (unsigned char)f, (unsigned char)cn,
                    (unsigned char)blocks, 0};
    const char *ident = spell(g, &set->spelt);
    g->hash = (uint32_t)schema_hash(ident);
    size_t n = set->spelt.len;
    int runtime = n >= 3 && (memcmp(ident, "sg_", 3) == 0 || memcmp(ident, "SG_", 3) == 0) &&
                  ident[n - 1] != '_'; /* runtime_name, its length known */
    g->seen = (unsigned char)((runtime ? SEEN_RUNTIME : 0) |
                              (memchr(ident, '.', n) ? SEEN_DOT : 0));
    set->n++;
}

/* What 'g' is, as a new string: "the getter of attribute 'url' of class 'Image'". */
static char *describe(const gen_name *g)
{
    const form *f = &forms[g->form];
    const sclass *c = g->node;
    const senum *e = g->node;
    switch (f->kind) {
    case K_ATTR:
        return emit_format(f->what, c->attrs[g->item]->name, c->name);
    case K_CLASS:
        return emit_format(f->what, c->name, NULL);
    case K_CLASS_FN:
        return emit_format(f->what, class_suffixes[g->item][1], c->name);
    case K_ENUM:
        return emit_format(f->what, e->name, NULL);
    case K_CONST:
        return emit_format(f->what, e->members[g->item]->name, e->name);
    default:
        return emit_format(f->what, NULL, NULL);
    }
}

/* Where 'g' is generated from: its attribute's, member's, class's or enum's key. */
static loc name_at(const gen_name *g)
{
    const sclass *c = g->node;
    const senum *e = g->node;
    switch (forms[g->form].kind) {
    case K_ATTR:
        return c->attrs[g->item]->at;
    case K_CLASS:
    case K_CLASS_FN:
        return c->at;
    case K_ENUM:
        return e->at;
    case K_CONST:
        return e->members[g->item]->at;
    default:
        return (loc){NULL, 0, 0};
    }
}

/* The file that generates 'g'. */
static const schema *name_owner(const gen_name *g)
{
    int kind = forms[g->form].kind;
    if (kind == K_ATTR || kind == K_CLASS || kind == K_CLASS_FN)
        return ((const sclass *)g->node)->owner;
    if (kind == K_ENUM || kind == K_CONST)
        return ((const senum *)g->node)->owner;
    return g->node;
}

/* The functions T_n_<suffix> of list or array attribute 'i' of 'c': the 'n' forms from
 * 'first'. */
static void add_sequence_names(name_set *set, const sclass *c, size_t i, int first, int n)
{
    for (int k = 0; k < n; k++)
        add_name(set, first + k, c, i, 1);
}

static void add_member_name(name_set *set, const sclass *c, size_t i)
{
    add_name(set, F_MEMBER, c, i, 1); /* a '.': no file scope */
}

static void add_attr_names(name_set *set, const sclass *c, size_t i)
{
    const attr *a = c->attrs[i];
    if (set->members)
        add_member_name(set, c, i);
    if (a->type.list) {
        add_sequence_names(set, c, i, F_LIST, F_LIST_N);
        return; /* a list is neither optional nor embedded */
    }
    if (a->type.count)
        add_sequence_names(set, c, i, F_ARRAY, F_ARRAY_N);
    add_name(set, F_GET, c, i, 1);
    add_name(set, F_SET, c, i, 1);
    if (a->type.kind == TY_CLASS)
        add_name(set, F_MUT, c, i, 1);
    if (!a->optional)
        return;
    add_name(set, F_HAS, c, i, 1);
    add_name(set, F_CLEAR, c, i, 1);
}

/* "<U>_<word>" with U the C name 'cname' in upper snake case: IMAGE_INIT, COLOR_COUNT. */
char *names_macro(const char *cname, const char *word)
{
    char *upper = names_upper_snake(cname);
    char *out = names_join(upper, "_", word);
    mem_free(upper);
    return out;
}

static void add_class_names(name_set *set, const sclass *c)
{
    set->typeish = 1; /* a type, and a macro: both would capture a member of their name */
    add_name(set, F_CLASS, c, 0, 1);
    add_name(set, F_CLASS_INIT, c, 0, 1);
    set->typeish = 0;
    for (size_t i = 0; i < sizeof class_suffixes / sizeof class_suffixes[0]; i++)
        add_name(set, F_CLASS_FN, c, i, 1);
    for (size_t i = 0; i < c->nattrs; i++)
        add_attr_names(set, c, i);
}

static void add_enum_names(name_set *set, const senum *e)
{
    int flags = e->is_flags;
    int fns = flags ? F_FLAGS_FN : F_ENUM_FN, nfns = flags ? 5 : 3;
    set->typeish = 1;
    add_name(set, flags ? F_FLAGS : F_ENUM, e, 0, 0);
    set->typeish = 0;
    for (int i = 0; i < nfns; i++)
        add_name(set, fns + i, e, 0, 0);
    set->typeish = 1;
    for (size_t i = 0; i < e->nmembers; i++)
        add_name(set, flags ? F_FLAGS_CONST : F_ENUM_CONST, e, i, 1);
    add_name(set, flags ? F_FLAGS_ALL : F_ENUM_COUNT, e, 0, 0);
    set->typeish = 0;
}

static void add_schema_names(name_set *set, const schema *s)
{
    for (size_t i = 0; i < s->nenums; i++)
        add_enum_names(set, s->enums[i]);
    for (size_t i = 0; i < s->nclasses; i++)
        add_class_names(set, s->classes[i]);
}

/* Makes room in 'set' for the names of 's', members too when 'members' (a walk that only
 * counts), so the array is allocated once at its size rather than grown by doubling. */
static void reserve_names(name_set *set, const schema *s, int members)
{
    name_set count = *set;
    count.counting = 1;
    count.members = members;
    add_schema_names(&count, s);
    if (count.n > set->cap) {
        set->cap = count.n;
        set->v = mem_realloc(set->v, set->cap * sizeof *set->v);
    }
}

static void free_names(name_set *set)
{
    mem_free(set->spelt.s);
    mem_free(set->v);
}

/* A set of schema pointers: open addressing, linear probing, 'cap' a power of two at least
 * twice the number of members, so a walk of the import graph stays linear in its size. */
typedef struct ptr_set {
    const schema **slot;
    size_t cap;
} ptr_set;

/* Adds 'p' to 'set' unless it is there; returns 1 when added. 'set' holds room for it. */
static int ptr_set_add(ptr_set *set, const schema *p)
{
    size_t h = ((size_t)(uintptr_t)p >> 4) * 0x9E3779B1u;
    for (size_t i = h & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
        if (set->slot[i] == p)
            return 0;
        if (!set->slot[i]) {
            set->slot[i] = p;
            return 1;
        }
    }
}

/* Doubles 'set' (rehashing) when 'n' members would fill more than half of it. */
static void ptr_set_reserve(ptr_set *set, size_t n)
{
    if (2 * n < set->cap)
        return;
    ptr_set bigger = {mem_alloc(2 * set->cap * sizeof *set->slot), 2 * set->cap};
    for (size_t i = 0; i < set->cap; i++)
        if (set->slot[i])
            ptr_set_add(&bigger, set->slot[i]);
    mem_free(set->slot);
    *set = bigger;
}

/* The schemas whose headers the header of 's' includes, directly or not, each once, 's'
 * first (a new array of '*n'); with 'from' (when not NULL) a new array holding, for each,
 * the index of the import of 's' that brings it. Breadth first and iterative: linear in
 * the size of the import graph, and its depth does not reach the C stack. */
static const schema **included(const schema *s, size_t *n, size_t **from)
{
    size_t cap = 16;
    const schema **all = mem_alloc(cap * sizeof *all);
    size_t *via = mem_alloc(cap * sizeof *via);
    ptr_set seen = {mem_alloc(64 * sizeof *seen.slot), 64};
    ptr_set_add(&seen, s);
    all[0] = s;
    *n = 1;
    for (size_t k = 0; k < *n; k++) {
        const schema *t = all[k];
        for (size_t i = 0; i < t->nimports; i++) {
            const schema *u = t->imports[i]->target;
            ptr_set_reserve(&seen, *n + 1);
            if (!u || !ptr_set_add(&seen, u))
                continue;
            if (*n == cap) {
                cap *= 2;
                all = mem_realloc(all, cap * sizeof *all);
                via = mem_realloc(via, cap * sizeof *via);
            }
            all[*n] = u;
            via[(*n)++] = k == 0 ? i : via[k];
        }
    }
    mem_free(seen.slot);
    if (from)
        *from = via;
    else
        mem_free(via);
    return all;
}

/* ---- the index of one run ------------------------------------------------------------ */

/* A table of gen_names hashed by identifier; chains run newest first. */
typedef struct name_table {
    name_set all;  /* in the order added */
    uint32_t *heads; /* hash slot -> 1 + index in 'all' of the newest name there; 0: empty */
    size_t nheads; /* 0, or a power of two at least all.n: chains average one name or less */
} name_table;

/* Every name generated for the files checked so far in one run (struct members included),
 * each with its file, and those files' base names, so that naming or checking a file costs
 * its own names, not those of everything it imports. */
struct names_index {
    name_table names;
    name_table bases;
    int shared_base; /* two files checked so far have one base name */
    const schema **pending; /* checked, their names not yet in 'names' (see index_flush) */
    size_t npending;
    name_table named;       /* the file-scope names names_assign_in made for 'named_for', */
    const schema *named_for; /* hashed, kept for names_check_in, which adds the members */
    word_set words;          /* the reserved words, hashed */
};

static void table_link(name_table *t, size_t i)
{
    size_t h = t->all.v[i].hash & (t->nheads - 1); /* hashed once, by add_name */
    t->all.v[i].next = t->heads[h];
    t->heads[h] = (uint32_t)(i + 1);
}

/* Makes the heads of 't' at least 'n' (relinking its names when they grow). */
static void table_reserve(name_table *t, size_t n)
{
    if (n <= t->nheads)
        return;
    if (n >= UINT32_MAX / 4)
        mem_fail(); /* more names than a schema of bounded size can make */
    size_t cap = t->nheads ? t->nheads : 64;
    while (n > cap)
        cap *= 2;
    mem_free(t->heads);
    t->heads = mem_alloc(cap * sizeof *t->heads);
    t->nheads = cap;
    for (size_t i = 0; i < t->all.n; i++)
        table_link(t, i);
}

/* The names of 'set' (taken, chunks and all) as a table: chains run newest first. Its heads
 * have room for as many names as the set has room for. */
static name_table table_of(name_set *set)
{
    name_table t = {*set, NULL, 0};
    memset(set, 0, sizeof *set);
    table_reserve(&t, t.all.cap > t.all.n ? t.all.cap : t.all.n);
    return t;
}

static void table_free(name_table *t)
{
    free_names(&t->all);
    mem_free(t->heads);
}

/* An identifier looked up in a table: a string, or a generated name spelt only when a name
 * of the table has its hash; with the two texts names are spelt into. */
typedef struct query {
    const char *ident;    /* NULL until spelt, when 'g' is set */
    const gen_name *g;    /* the generated name asked about, or NULL */
    uint32_t hash;        /* schema_hash of the identifier (low 32 bits) */
    text *mine, *theirs;  /* the caller's: the query's spelling, a candidate's */
} query;

/* The identifier of 'q', spelt on first use. */
static const char *query_text(query *q)
{
    if (!q->ident)
        q->ident = spell(q->g, q->mine);
    return q->ident;
}

/* Whether 'g' has the identifier of 'q'. */
static int query_is(query *q, const gen_name *g)
{
    if (g == q->g)
        return 1;
    if (g->hash != q->hash)
        return 0;
    return strcmp(spell(g, q->theirs), query_text(q)) == 0;
}

/* The earliest name of 't' with the identifier of 'q'; with 'blocking', only one that blocks
 * a member. NULL when none. */
static const gen_name *table_first(const name_table *t, query *q, int blocking)
{
    const gen_name *first = NULL;
    if (!t->nheads)
        return NULL;
    for (size_t i = t->heads[q->hash & (t->nheads - 1)]; i; i = t->all.v[i - 1].next) {
        const gen_name *g = &t->all.v[i - 1];
        if ((!blocking || g->blocks) && query_is(q, g))
            first = g; /* chains run newest first */
    }
    return first;
}

/* Moves every name of 'set' into 't' (emptying 'set'), in its order. */
static void table_take(name_table *t, name_set *set)
{
    table_reserve(t, t->all.n + set->n);
    for (size_t k = 0; k < set->n; k++) {
        if (t->all.n == t->all.cap) {
            t->all.cap = t->all.cap ? 2 * t->all.cap : 64;
            t->all.v = mem_realloc(t->all.v, t->all.cap * sizeof *t->all.v);
        }
        t->all.v[t->all.n] = set->v[k];
        table_link(t, t->all.n++);
    }
    free_names(set);
    memset(set, 0, sizeof *set);
}

names_index *names_index_new(void)
{
    names_index *ix = mem_alloc(sizeof(names_index));
    words_init(&ix->words);
    return ix;
}

void names_index_free(names_index *ix)
{
    if (!ix)
        return;
    table_free(&ix->names);
    table_free(&ix->bases);
    table_free(&ix->named);
    words_free(&ix->words);
    mem_free(ix->pending);
    mem_free(ix);
}

/* Adds to 'ix' every name generated for 's' (call after names_assign). */
static void index_add_names(names_index *ix, const schema *s)
{
    name_set set = {.members = 1};
    add_schema_names(&set, s);
    table_take(&ix->names, &set);
}

/* Adds the base name of 's' to 'ix', noting when another file already has it. */
static void index_add_base(names_index *ix, const schema *s)
{
    name_set b = {0};
    add_name(&b, F_BASE, s, 0, 0);
    text theirs = {NULL, 0, 0};
    query q = {b.spelt.s, NULL, b.v[0].hash, NULL, &theirs};
    for (size_t i = ix->bases.nheads ? ix->bases.heads[q.hash & (ix->bases.nheads - 1)] : 0; i;
         i = ix->bases.all.v[i - 1].next)
        if (query_is(&q, &ix->bases.all.v[i - 1]) && name_owner(&ix->bases.all.v[i - 1]) != s)
            ix->shared_base = 1;
    mem_free(theirs.s);
    table_take(&ix->bases, &b);
}

static void index_add_file(names_index *ix, const schema *s)
{
    index_add_names(ix, s);
    index_add_base(ix, s);
}

/* Indexes the names of the pending files. A file's names are looked up only by files that
 * import it, so names_check_in leaves them pending until a file with imports is named or
 * checked: the names of a file nothing imports (a run's lone input) are never indexed. */
static void index_flush(names_index *ix)
{
    for (size_t i = 0; i < ix->npending; i++)
        index_add_names(ix, ix->pending[i]);
    ix->npending = 0;
}

/* The files 's' imports, directly or not, as a pointer set, built on first use (only when a
 * name of one's file is also in the index). */
typedef struct reach {
    ptr_set set;
    int built;
} reach;

static int ptr_set_has(const ptr_set *set, const schema *p)
{
    size_t h = ((size_t)(uintptr_t)p >> 4) * 0x9E3779B1u;
    for (size_t i = h & (set->cap - 1); set->slot[i]; i = (i + 1) & (set->cap - 1))
        if (set->slot[i] == p)
            return 1;
    return 0;
}

static int reaches(reach *r, const schema *s, const schema *t)
{
    if (t == s) /* the file's own names are in the index too */
        return 0;
    if (!r->built) {
        size_t n;
        const schema **all = included(s, &n, NULL);
        r->set = (ptr_set){mem_alloc(64 * sizeof *r->set.slot), 64};
        for (size_t k = 1; k < n; k++) {
            ptr_set_reserve(&r->set, k + 1);
            ptr_set_add(&r->set, all[k]);
        }
        mem_free(all);
        r->built = 1;
    }
    return ptr_set_has(&r->set, t);
}

/* The earliest name in 'ix' with the identifier of 'q' generated for a file that 's'
 * imports, directly or not; with 'blocking', only one that blocks a member (a type or an
 * enum constant). NULL when none. */
static const gen_name *index_first(const names_index *ix, query *q, const schema *s, reach *r,
                                   int blocking)
{
    const gen_name *first = NULL;
    if (!ix || !ix->names.nheads)
        return NULL;
    const name_table *t = &ix->names;
    for (size_t i = t->heads[q->hash & (t->nheads - 1)]; i; i = t->all.v[i - 1].next) {
        const gen_name *g = &t->all.v[i - 1];
        if ((!blocking || g->blocks) && query_is(q, g) && reaches(r, s, name_owner(g)))
            first = g; /* chains run newest first */
    }
    return first;
}

/* An index of everything 's' imports, directly or not (the deepest first, as C sees them). */
static names_index *index_of_imports(const schema *s)
{
    names_index *ix = names_index_new();
    size_t n;
    const schema **all = included(s, &n, NULL);
    for (size_t i = n; i-- > 1;)
        index_add_file(ix, all[i]);
    mem_free(all);
    return ix;
}

/* ---- assigning members ----------------------------------------------------------------- */

/* Whether 'ident' is in 'own' as a name that blocks a member: a type or an enum constant of
 * any file (a parameter would hide it), or a file-scope name of the file itself (an attribute
 * 'T_init' would hide the function T_new calls). Functions of imported files do not block: a
 * parameter may hide a function nothing in the body calls. 'own' holds the names of the
 * file; those of its imports are found in 'ix' (reaching them through 'r'). 'hash' is
 * schema_hash(ident); names are spelt into 'sp' (two texts). */
static int blocks_member(const names_index *ix, const schema *s, reach *r, const name_table *own,
                         const char *ident, uint32_t hash, text *sp)
{
    query q = {ident, NULL, hash, NULL, &sp[1]};
    return index_first(ix, &q, s, r, 1) || table_first(own, &q, 1);
}

/* Whether C would read member 'ident' as another name (see assign_member). */
static int member_taken(const names_index *ix, const schema *s, reach *r, const name_table *own,
                        const char *ident, text *sp)
{
    uint32_t hash = (uint32_t)schema_hash(ident);
    return hides_member_in(&ix->words, ident, hash) || blocks_member(ix, s, r, own, ident, hash, sp);
}

/* The member of 'a': its C name, then '_' appended while C would read it as something else:
 * a keyword or a macro, type or variable of the headers or of slotgen.h, or a file-scope name
 * generated for the schema or its imports: a type (it would hide it as a parameter), a
 * function (an attribute 'T_init' of class T would hide the function T_new calls). The
 * attribute's name, its accessors and its name by reflection do not change. A 'c_name:' is
 * kept as given (check.c and names_check vet it). */
static void assign_member(const names_index *ix, const schema *s, reach *r,
                          const name_table *gen, attr *a, text *sp)
{
    a->member = a->cname; /* borrowed until it needs a '_' */
    if (a->c_name)
        return;
    while (member_taken(ix, s, r, gen, a->member, sp)) {
        char *m = names_join(a->member, "", "_");
        if (a->member != a->cname)
            mem_free(a->member);
        a->member = m;
    }
}

/* Types name classes and enums of imported files too: those get their names first. */
static void assign_ctypes(sclass *c)
{
    for (size_t i = 0; i < c->nattrs; i++)
        c->attrs[i]->ctype = element_ctype(c->attrs[i]);
}

void names_assign_in(names_index *ix, schema *s)
{
    if (s->nimports)
        index_flush(ix);
    for (size_t i = 0; i < s->nenums; i++) {
        mem_free(s->enums[i]->cname);
        assign_enum(s, s->enums[i]);
    }
    for (size_t i = 0; i < s->nclasses; i++) {
        sclass *c = s->classes[i];
        mem_free(c->cname);
        c->cname = c->c_name ? mem_strdup(c->c_name) : names_join(s->prefix, "", c->name);
        for (size_t j = 0; j < c->nattrs; j++) {
            attr *a = c->attrs[j];
            schema_attr_names_free(a); /* named before (names_assign run again) */
            a->cname = a->c_name ? a->c_name : a->name; /* borrowed */
        }
    }
    name_set set = {.blocking_only = 1, .mine = 1};
    reserve_names(&set, s, 1); /* room for the members names_check_in adds */
    add_schema_names(&set, s);
    name_table gen = table_of(&set);
    reach r = {{NULL, 0}, 0};
    text sp[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
    for (size_t i = 0; i < s->nclasses; i++) {
        for (size_t j = 0; j < s->classes[i]->nattrs; j++)
            assign_member(ix, s, &r, &gen, s->classes[i]->attrs[j], sp);
        assign_ctypes(s->classes[i]);
    }
    mem_free(sp[0].s);
    mem_free(sp[1].s);
    mem_free(r.set.slot);
    table_free(&ix->named);
    ix->named = gen; /* the same names names_check_in needs, less the members */
    ix->named_for = s;
}

void names_assign(schema *s)
{
    names_index *ix = index_of_imports(s);
    names_assign_in(ix, s);
    names_index_free(ix);
}

/* ---- clash detection ---------------------------------------------------------------- */

/* Why file-scope name 'q' cannot be used as it is, or NULL when it can ('w': the reserved
 * words, whose hashes are compared before the text; 'runtime': whether it is in the runtime's
 * namespace). Spells 'q' only when a reserved word has its hash. */
static const char *why_reserved(const word_set *w, query *q, int runtime)
{
    unsigned t = 0;
    for (size_t i = q->hash & (w->cap - 1); w->slot[i]; i = (i + 1) & (w->cap - 1))
        if (w->hash[i] == q->hash && strcmp(w->slot[i], query_text(q)) == 0) {
            t = w->tag[i];
            break;
        }
    if (t & W_KEYWORD)
        return "is a C or C++ keyword";
    if (runtime)
        return "is reserved for slotgen's runtime (names starting with 'sg_' or 'SG_')";
    if (t & W_RESERVED)
        return "is already declared or defined by the C standard headers";
    if (t & W_LOCAL)
        return "is the name of a parameter or local variable of generated functions";
    return NULL;
}

#define C_NAME_HINT "give it another C name with 'c_name:'"

/* A name names_check reports: its identifier (owned), why it cannot be used as it is, or the
 * name it clashes with. */
typedef struct flagged {
    const gen_name *g;
    char *ident;
    const char *why;
    const gen_name *first;
} flagged;

typedef struct flag_list {
    flagged *v;
    size_t n;
    size_t cap;
} flag_list;

static void flag(flag_list *l, flagged f)
{
    if (l->n == l->cap)
        l->v = mem_realloc(l->v, (l->cap = l->cap ? 2 * l->cap : 16) * sizeof *l->v);
    l->v[l->n++] = f;
}

/* Reports go out by identifier, then in the order the names were added (all of one array). */
static int cmp_flagged(const void *a, const void *b)
{
    const flagged *x = a, *y = b;
    int c = strcmp(x->ident, y->ident);
    if (c)
        return c;
    return x->g < y->g ? -1 : x->g > y->g;
}

static void free_flags(flag_list *l)
{
    for (size_t k = 0; k < l->n; k++)
        mem_free(l->v[k].ident);
    mem_free(l->v);
}

static void sort_flags(flag_list *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_flagged);
}

/* Reports each file-scope name of 'mine' that C, the headers or slotgen already use (an enum
 * Fp with a member nan makes FP_NAN), and each member given by 'c_name:' that is also a
 * file-scope name. */
static unsigned report_reserved(const names_index *ix, reach *r, const name_table *own,
                                const schema *mine, diag *d, text *sp)
{
    flag_list l = {NULL, 0, 0};
    text spelt = {NULL, 0, 0};
    for (size_t i = 0; i < own->all.n; i++) {
        const gen_name *g = &own->all.v[i];
        loc at = name_at(g);
        if (!at.file || (at.file != mine->path && strcmp(at.file, mine->path) != 0))
            continue;
        const char *why = NULL;
        if (g->seen & SEEN_DOT) { /* a member: is its name taken? */
            if (member_taken(ix, mine, r, own, strchr(spell(g, &spelt), '.') + 1, sp))
                why = "would be read as another name declared before it (a macro, a type or "
                      "a generated name)";
        } else {
            query q = {NULL, g, g->hash, &spelt, NULL};
            why = why_reserved(&ix->words, &q, g->seen & SEEN_RUNTIME);
        }
        if (why)
            flag(&l, (flagged){g, mem_strdup(spell(g, &spelt)), why, NULL});
    }
    mem_free(spelt.s);
    sort_flags(&l);
    for (size_t k = 0; k < l.n; k++) {
        const gen_name *g = l.v[k].g;
        const char *ident = l.v[k].ident, *dot = strchr(ident, '.');
        char *what = describe(g);
        diag_error(d, name_at(g), "generated name '%s' of %s %s; %s", dot ? dot + 1 : ident,
                   what, l.v[k].why, g->c_name ? C_NAME_HINT " or rename it" : "rename it");
        mem_free(what);
    }
    free_flags(&l);
    return (unsigned)l.n;
}

/* Reports a clash for each name of 'mine' ('own') that an earlier name of 'mine', or one of a
 * file it imports (in 'ix'), already holds. */
static unsigned report_clashes(const names_index *ix, reach *r, const name_table *own,
                               const schema *mine, diag *d, text *sp)
{
    flag_list l = {NULL, 0, 0};
    for (size_t i = 0; i < own->all.n; i++) {
        const gen_name *dup = &own->all.v[i];
        query q = {NULL, dup, dup->hash, &sp[0], &sp[1]}; /* spelt only if a hash matches */
        const gen_name *first = index_first(ix, &q, mine, r, 0);
        if (!first)
            first = table_first(own, &q, 0); /* the earliest of 'mine' */
        if (first && first != dup)
            flag(&l, (flagged){dup, mem_strdup(spell(dup, &sp[0])), NULL, first});
    }
    sort_flags(&l);
    for (size_t k = 0; k < l.n; k++) {
        const gen_name *dup = l.v[k].g, *first = l.v[k].first;
        const char *shown = strchr(l.v[k].ident, '.'); /* a member: Class.member */
        shown = shown ? shown + 1 : l.v[k].ident;
        char *what = describe(dup), *first_what = describe(first);
        diag_error(d, name_at(dup), "generated name '%s' of %s clashes with %s%s", shown, what,
                   first_what, dup->c_name || first->c_name ? " (" C_NAME_HINT ")" : "");
        diag_note(d, name_at(first), "'%s' first generated here; rename one of them", shown);
        mem_free(first_what);
        mem_free(what);
    }
    free_flags(&l);
    return (unsigned)l.n;
}

/* One file of an include set: its base name, its place in the walk, the import that brings
 * it. */
typedef struct header_name {
    char *base;
    size_t k;
} header_name;

static int cmp_header(const void *a, const void *b)
{
    const header_name *x = a, *y = b;
    int c = strcmp(x->base, y->base);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

/* Two files of the include set of 's' with one base name: both headers are NAME.slot.h, so
 * '#include "NAME.slot.h"' can name only one of them. Reported at the import of 's' that
 * brings the second (in the breadth-first walk), naming it and the first. */
static unsigned report_header_names(const schema *s, diag *d)
{
    size_t n, *via;
    unsigned errors = 0;
    const schema **all = included(s, &n, &via);
    header_name *h = mem_alloc(n * sizeof *h);
    for (size_t k = 0; k < n; k++)
        h[k] = (header_name){names_base(all[k]->path), k};
    qsort(h, n, sizeof *h, cmp_header);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(h[i - 1].base, h[i].base) != 0)
            continue;
        size_t first = i - 1;
        while (first > 0 && strcmp(h[first - 1].base, h[i].base) == 0)
            first--;
        diag_error(d, s->imports[via[h[i].k]]->at, "'%s' and '%s' would both be included as "
                   "'%s.slot.h'; rename one of them", all[h[first].k]->path, all[h[i].k]->path,
                   h[i].base);
        errors++;
    }
    for (size_t k = 0; k < n; k++)
        mem_free(h[k].base);
    mem_free(h);
    mem_free(via);
    mem_free(all);
    return errors;
}

/* The file-local tables gen_source.c defines per class (sg_T_attrs, sg_T_by_name,
 * sg_T_defaults, sg_T_rt) and per enum (sg_T_members): in the runtime's namespace, so no
 * schema name reaches them, but one could be a name slotgen.h declares (a class 'class'
 * would define sg_class_rt, were 'class' not a keyword). Reports each of 's' that slotgen.h
 * (in the table) declares. */
static const char *const class_statics[] = {"attrs", "by_name", "defaults", "rt"};

static unsigned report_statics(const schema *s, diag *d)
{
    unsigned errors = 0;
    for (size_t i = 0; i < s->nclasses + s->nenums; i++) {
        int is_class = i < s->nclasses;
        const char *cname = is_class ? s->classes[i]->cname : s->enums[i - s->nclasses]->cname;
        size_t n = is_class ? sizeof class_statics / sizeof class_statics[0] : 1;
        for (size_t k = 0; k < n; k++) {
            char *t = names_join("sg_", cname, "_");
            char *ident = names_join(t, "", is_class ? class_statics[k] : "members");
            if (IN_TABLE(ident, reserved_names)) {
                diag_error(d, is_class ? s->classes[i]->at : s->enums[i - s->nclasses]->at,
                           "generated name '%s' in the source file of %s '%s' is declared by "
                           "slotgen.h; %s", ident, is_class ? "class" : "enum",
                           is_class ? s->classes[i]->name : s->enums[i - s->nclasses]->name,
                           is_class ? C_NAME_HINT " or rename it" : "rename it");
                errors++;
            }
            mem_free(ident);
            mem_free(t);
        }
    }
    return errors;
}

unsigned names_check_in(names_index *ix, const schema *s, diag *d)
{
    if (s->nimports)
        index_flush(ix);
    index_add_base(ix, s);
    unsigned errors = report_statics(s, d);
    if (ix->shared_base) /* else no two files of the include set can share one */
        errors += report_header_names(s, d);
    name_set set = {.members = 1, .mine = 1};
    name_table own;
    if (ix->named_for == s) { /* names_assign_in's names: the same, in the same order */
        own = ix->named;
        memset(&ix->named, 0, sizeof ix->named);
        ix->named_for = NULL;
        own.all.blocking_only = 0; /* with 'mine' set every name blocks: none was left out */
        own.all.members = 1;
        size_t first = own.all.n;
        for (size_t i = 0; i < s->nclasses; i++)
            for (size_t j = 0; j < s->classes[i]->nattrs; j++)
                add_member_name(&own.all, s->classes[i], j);
        if (own.all.n > own.nheads)
            table_reserve(&own, own.all.n); /* links them all */
        else
            for (size_t k = first; k < own.all.n; k++)
                table_link(&own, k);
    } else {
        reserve_names(&set, s, 1);
        add_schema_names(&set, s);
        own = table_of(&set);
    }
    reach r = {{NULL, 0}, 0};
    text sp[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
    errors += report_reserved(ix, &r, &own, s, d, sp);
    errors += report_clashes(ix, &r, &own, s, d, sp);
    mem_free(sp[0].s);
    mem_free(sp[1].s);
    mem_free(r.set.slot);
    table_free(&own);
    schema_push((void ***)&ix->pending, &ix->npending, (void *)s);
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
        fn(ud, spell(&set.v[i], &set.spelt));
    free_names(&set);
}
