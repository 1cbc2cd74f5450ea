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
 * names_check collects those of a schema (each a 40-byte record: its identifier, what it is
 * as a format, the node it is generated for and its kind, from which the words of the format,
 * where and in which file are derived only when a message names it), hashes them, and reports
 * each identifier that
 * is reserved (names_is_reserved, or a local of generated functions) or that two things would
 * share, and two headers of one name, sorted by identifier. Identifiers are kept in chunks of a
 * name_set, not a block each; a run's names_check_in reuses what names_assign_in made for the
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
    unsigned char *tag;
    size_t cap;        /* a power of two more than twice the words */
} word_set;

static void words_add(word_set *w, const char *const *list, size_t n, unsigned char tag)
{
    for (size_t k = 0; k < n; k++) {
        size_t i = schema_hash(list[k]) & (w->cap - 1);
        while (w->slot[i] && strcmp(w->slot[i], list[k]) != 0)
            i = (i + 1) & (w->cap - 1);
        w->slot[i] = list[k];
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
    w->tag = mem_alloc(w->cap);
    WORDS_ADD(w, keywords, W_KEYWORD);
    WORDS_ADD(w, reserved_names, W_RESERVED);
    WORDS_ADD(w, reserved_functions, W_FUNCTION);
    WORDS_ADD(w, locals, W_LOCAL);
}

static void words_free(word_set *w)
{
    mem_free(w->slot);
    mem_free(w->tag);
}

/* The lists 'name' is in (W_*), 0 when none. */
static unsigned words_tag(const word_set *w, const char *name)
{
    for (size_t i = schema_hash(name) & (w->cap - 1); w->slot[i]; i = (i + 1) & (w->cap - 1))
        if (strcmp(w->slot[i], name) == 0)
            return w->tag[i];
    return 0;
}

/* True when 'name' cannot be a struct member or a parameter as it is: reserved, unless only
 * a function of the headers (C keeps members apart, and a parameter may hide a function).
 * 'w': the reserved words. */
static int hides_member_in(const word_set *w, const char *name)
{
    unsigned t = words_tag(w, name);
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

#define ATTR_OF "attribute '%s' of class '%s'"

typedef struct gen_name {
    char *ident;       /* the C identifier; "Class.member" for a struct member */
    const char *what;  /* what it is, a static format with up to two %s (see the K_*) */
    const void *node;  /* the sclass, senum or (K_BASE) schema it is generated for */
    uint32_t next;     /* in a name_table: 1 + index of the next name of its hash chain */
    uint32_t item;     /* the attribute, member or suffix (see the K_* above) */
    uint32_t hash;     /* in a name_table: schema_hash(ident), compared before the text */
    unsigned char kind; /* K_* */
    unsigned char c_name; /* whether a 'c_name:' key can rename it */
    unsigned char blocks; /* whether a member cannot have this name: a type or an enum
                           * constant, or any file-scope name of the file being named (see
                           * assign_member) */
} gen_name; /* its place in its array is the order it was added: the earlier gets the note */

_Static_assert(sizeof(gen_name) <= 40, "a generated name stays small: most of names_check's "
                                       "memory is these records");

/* Names in the order added. Their identifiers are kept in 'chunks' (blocks of NAME_CHUNK
 * bytes, or one string's size when longer), freed together: one allocation per thousands
 * of names, not one or two per name. */
typedef struct name_set {
    gen_name *v;
    size_t n;
    size_t cap;
    char **chunks;
    size_t nchunks;
    char *room;        /* the free bytes of the newest chunk */
    size_t left;
    int members;       /* whether struct members are added too */
    int mine;          /* adding the names of the file being named or checked */
    int typeish;       /* adding a type or an enum constant */
    int blocking_only; /* add only the names that block members (for names_assign) */
    int counting;      /* only count the names (set_ident stores nothing) */
} name_set;

#define NAME_CHUNK 65536

/* The concatenation of the 'n' strings 'part', stored in the chunks of 'set'. */
static char *set_ident(name_set *set, const char *const *part, size_t n)
{
    size_t len[8], total = 0;
    assert(n <= sizeof len / sizeof len[0]);
    if (set->counting)
        return NULL;
    for (size_t i = 0; i < n; i++)
        total += len[i] = strlen(part[i]);
    if (total + 1 > set->left) {
        size_t size = total + 1 > NAME_CHUNK ? total + 1 : NAME_CHUNK;
        char *chunk = mem_alloc(size);
        schema_push((void ***)&set->chunks, &set->nchunks, chunk);
        set->room = chunk;
        set->left = size;
    }
    char *out = set->room, *p = out;
    for (size_t i = 0; i < n; i++) {
        memcpy(p, part[i], len[i]);
        p += len[i];
    }
    *p = '\0';
    set->room += total + 1;
    set->left -= total + 1;
    return out;
}

/* IDENT(set, "a", "b", ...): the identifier "ab..." in the chunks of 'set'. */
#define IDENT(set, ...) \
    set_ident(set, (const char *const[]){__VA_ARGS__}, \
              sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* Adds 'ident' (from IDENT on 'set'), a name of kind 'kind' (K_*) of 'node' and its 'item',
 * what it is the static format 'what'; 'cn' says whether c_name: can rename it. */
static void add_name(name_set *set, char *ident, int kind, const void *node, size_t item, int cn,
                     const char *what)
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
    set->v[set->n] = (gen_name){ident, what, node, 0, (uint32_t)item, 0, (unsigned char)kind,
                                (unsigned char)cn, (unsigned char)blocks};
    set->n++;
}

/* The functions and tables every class has, and what each one is. */
static const char *const class_suffixes[][2] = {
    {"class", "reflection table"}, {"new", "constructor"}, {"free", "destructor"},
    {"init", "init function"},     {"destroy", "destroy function"},
    {"getattr", "getattr function"}, {"setattr", "setattr function"},
    {"delattr", "delattr function"}, {"copy", "copy function"}, {"clone", "clone function"},
    {"equal", "equality function"}, {"hash", "hash function"},
};

/* The functions of a list attribute (T_n_<suffix>), and those a fixed array adds to T_n and
 * T_set_n. */
#define LIST_OF "list attribute '%s' of class '%s'"
#define ARRAY_OF "array attribute '%s' of class '%s'"
static const char *const list_suffixes[][2] = {
    {"_count", "the count of " LIST_OF}, {"_at", "the element getter of " LIST_OF},
    {"_append", "the append function of " LIST_OF},
    {"_set_at", "the element setter of " LIST_OF},
    {"_remove_at", "the remove function of " LIST_OF},
    {"_clear", "the clear function of " LIST_OF}, {"_reserve", "the reserve function of " LIST_OF},
};
static const char *const array_suffixes[][2] = {
    {"_count", "the count of " ARRAY_OF}, {"_at", "the element getter of " ARRAY_OF},
    {"_set_at", "the element setter of " ARRAY_OF},
};

/* What 'g' is, as a new string: "the getter of attribute 'url' of class 'Image'". */
static char *describe(const gen_name *g)
{
    const sclass *c = g->node;
    const senum *e = g->node;
    switch (g->kind) {
    case K_ATTR:
        return emit_format(g->what, c->attrs[g->item]->name, c->name);
    case K_CLASS:
        return emit_format(g->what, c->name, NULL);
    case K_CLASS_FN:
        return emit_format(g->what, class_suffixes[g->item][1], c->name);
    case K_ENUM:
        return emit_format(g->what, e->name, NULL);
    case K_CONST:
        return emit_format(g->what, e->members[g->item]->name, e->name);
    default:
        return emit_format(g->what, NULL, NULL);
    }
}

/* Where 'g' is generated from: its attribute's, member's, class's or enum's key. */
static loc name_at(const gen_name *g)
{
    const sclass *c = g->node;
    const senum *e = g->node;
    switch (g->kind) {
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
    if (g->kind == K_ATTR || g->kind == K_CLASS || g->kind == K_CLASS_FN)
        return ((const sclass *)g->node)->owner;
    if (g->kind == K_ENUM || g->kind == K_CONST)
        return ((const senum *)g->node)->owner;
    return g->node;
}

/* T_<word><cname><tail>: "Image_set_url", "Image_pos_mut", in the chunks of 'set'. */
static char *accessor(name_set *set, const sclass *c, const char *word, const attr *a,
                      const char *tail)
{
    return IDENT(set, c->cname, "_", word, a->cname, tail);
}

/* The functions T_n_<suffix> of list or array attribute 'i' of 'c' ('suffixes' says what
 * each is). */
static void add_sequence_names(name_set *set, const sclass *c, size_t i,
                               const char *const (*suffixes)[2], size_t n)
{
    for (size_t k = 0; k < n; k++)
        add_name(set, accessor(set, c, "", c->attrs[i], suffixes[k][0]), K_ATTR, c, i, 1,
                 suffixes[k][1]);
}

static void add_member_name(name_set *set, const sclass *c, size_t i)
{
    add_name(set, IDENT(set, c->cname, ".", c->attrs[i]->member), K_ATTR, c, i, 1,
             "the struct member of " ATTR_OF); /* a '.': no file scope */
}

static void add_attr_names(name_set *set, const sclass *c, size_t i)
{
    const attr *a = c->attrs[i];
    if (set->members)
        add_member_name(set, c, i);
    if (a->type.list) {
        add_sequence_names(set, c, i, list_suffixes,
                           sizeof list_suffixes / sizeof list_suffixes[0]);
        return; /* a list is neither optional nor embedded */
    }
    if (a->type.count)
        add_sequence_names(set, c, i, array_suffixes,
                           sizeof array_suffixes / sizeof array_suffixes[0]);
    add_name(set, accessor(set, c, "", a, ""), K_ATTR, c, i, 1, "the getter of " ATTR_OF);
    add_name(set, accessor(set, c, "set_", a, ""), K_ATTR, c, i, 1, "the setter of " ATTR_OF);
    if (a->type.kind == TY_CLASS)
        add_name(set, accessor(set, c, "", a, "_mut"), K_ATTR, c, i, 1,
                 "the mutable accessor of " ATTR_OF);
    if (!a->optional)
        return;
    add_name(set, accessor(set, c, "has_", a, ""), K_ATTR, c, i, 1,
             "the presence test of " ATTR_OF);
    add_name(set, accessor(set, c, "clear_", a, ""), K_ATTR, c, i, 1,
             "the clear function of " ATTR_OF);
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
    add_name(set, IDENT(set, c->cname), K_CLASS, c, 0, 1, "the type of class '%s'");
    char *upper = names_upper_snake(c->cname);
    add_name(set, IDENT(set, upper, "_INIT"), K_CLASS, c, 0, 1,
             "the initializer macro of class '%s'");
    mem_free(upper);
    set->typeish = 0;
    for (size_t i = 0; i < sizeof class_suffixes / sizeof class_suffixes[0]; i++)
        add_name(set, IDENT(set, c->cname, "_", class_suffixes[i][0]), K_CLASS_FN, c, i, 1,
                 "the %s of class '%s'");
    for (size_t i = 0; i < c->nattrs; i++)
        add_attr_names(set, c, i);
}

static void add_enum_names(name_set *set, const senum *e)
{
    static const char *const enum_fns[][2] = {
        {"enum", "the table 'enum' of enum '%s'"}, {"name", "the function 'name' of enum '%s'"},
        {"from_name", "the function 'from_name' of enum '%s'"},
    };
    static const char *const flag_fns[][2] = {
        {"enum", "the table 'enum' of flag set '%s'"},
        {"name", "the function 'name' of flag set '%s'"},
        {"from_name", "the function 'from_name' of flag set '%s'"},
        {"format", "the function 'format' of flag set '%s'"},
        {"parse", "the function 'parse' of flag set '%s'"},
    };
    static const char *const enum_fmt[] = {"the type of enum '%s'",
                                           "the constant of member '%s' of enum '%s'",
                                           "the constant 'COUNT' of enum '%s'"};
    static const char *const flag_fmt[] = {"the type of flag set '%s'",
                                           "the constant of flag '%s' of flag set '%s'",
                                           "the constant 'ALL' of flag set '%s'"};
    const char *const (*fns)[2] = e->is_flags ? flag_fns : enum_fns;
    const char *const *fmt = e->is_flags ? flag_fmt : enum_fmt;
    size_t nfns = e->is_flags ? sizeof flag_fns / sizeof *flag_fns
                              : sizeof enum_fns / sizeof *enum_fns;
    set->typeish = 1;
    add_name(set, IDENT(set, e->cname), K_ENUM, e, 0, 0, fmt[0]);
    set->typeish = 0;
    for (size_t i = 0; i < nfns; i++)
        add_name(set, IDENT(set, e->cname, "_", fns[i][0]), K_ENUM, e, 0, 0, fns[i][1]);
    set->typeish = 1;
    for (size_t i = 0; i < e->nmembers; i++)
        add_name(set, IDENT(set, e->members[i]->cname), K_CONST, e, i, 1, fmt[1]);
    char *upper = names_upper_snake(e->cname);
    add_name(set, IDENT(set, upper, e->is_flags ? "_ALL" : "_COUNT"), K_ENUM, e, 0, 0, fmt[2]);
    mem_free(upper);
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

static int cmp_gen(const void *a, const void *b)
{
    const gen_name *x = a, *y = b;
    int c = strcmp(x->ident, y->ident);
    if (c)
        return c;
    return x < y ? -1 : x > y; /* of one array: the order they were added */
}

static void free_names(name_set *set)
{
    for (size_t i = 0; i < set->nchunks; i++)
        mem_free(set->chunks[i]);
    mem_free(set->chunks);
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
    size_t hash = schema_hash(t->all.v[i].ident), h = hash & (t->nheads - 1);
    t->all.v[i].hash = (uint32_t)hash;
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

/* The earliest name 'ident' of 't' (from its newest 'i'-th chain entry on); with 'blocking',
 * only one that blocks a member. NULL when none. */
static const gen_name *table_first(const name_table *t, const char *ident, int blocking)
{
    const gen_name *first = NULL;
    if (!t->nheads)
        return NULL;
    size_t hash = schema_hash(ident);
    for (size_t i = t->heads[hash & (t->nheads - 1)]; i; i = t->all.v[i - 1].next) {
        const gen_name *g = &t->all.v[i - 1];
        if ((!blocking || g->blocks) && g->hash == (uint32_t)hash && strcmp(g->ident, ident) == 0)
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
    for (size_t k = 0; k < set->nchunks; k++)
        schema_push((void ***)&t->all.chunks, &t->all.nchunks, set->chunks[k]);
    set->nchunks = 0; /* the chunks are the table's now */
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
    char *base = names_base(s->path);
    for (size_t i = ix->bases.nheads ? ix->bases.heads[schema_hash(base) & (ix->bases.nheads - 1)]
                                     : 0;
         i; i = ix->bases.all.v[i - 1].next)
        if (strcmp(ix->bases.all.v[i - 1].ident, base) == 0 &&
            name_owner(&ix->bases.all.v[i - 1]) != s)
            ix->shared_base = 1;
    name_set b = {0};
    add_name(&b, IDENT(&b, base), K_BASE, s, 0, 0, "the file");
    mem_free(base);
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

/* The earliest name 'ident' in 'ix' generated for a file that 's' imports, directly or not;
 * with 'blocking', only one that blocks a member (a type or an enum constant). NULL when
 * none. */
static const gen_name *index_first(const names_index *ix, const char *ident, const schema *s,
                                   reach *r, int blocking)
{
    const gen_name *first = NULL;
    if (!ix || !ix->names.nheads)
        return NULL;
    const name_table *t = &ix->names;
    size_t hash = schema_hash(ident);
    for (size_t i = t->heads[hash & (t->nheads - 1)]; i; i = t->all.v[i - 1].next) {
        const gen_name *g = &t->all.v[i - 1];
        if ((!blocking || g->blocks) && g->hash == (uint32_t)hash && strcmp(g->ident, ident) == 0 &&
            reaches(r, s, name_owner(g)))
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
 * file; those of its imports are found in 'ix' (reaching them through 'r'). */
static int blocks_member(const names_index *ix, const schema *s, reach *r, const name_table *own,
                         const char *ident)
{
    return index_first(ix, ident, s, r, 1) || table_first(own, ident, 1);
}

/* The member of 'a': its C name, then '_' appended while C would read it as something else:
 * a keyword or a macro, type or variable of the headers or of slotgen.h, or a file-scope name
 * generated for the schema or its imports: a type (it would hide it as a parameter), a
 * function (an attribute 'T_init' of class T would hide the function T_new calls). The
 * attribute's name, its accessors and its name by reflection do not change. A 'c_name:' is
 * kept as given (check.c and names_check vet it). */
static void assign_member(const names_index *ix, const schema *s, reach *r,
                          const name_table *gen, attr *a)
{
    a->member = a->cname; /* borrowed until it needs a '_' */
    if (a->c_name)
        return;
    while (hides_member_in(&ix->words, a->member) || blocks_member(ix, s, r, gen, a->member)) {
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
    for (size_t i = 0; i < s->nclasses; i++) {
        for (size_t j = 0; j < s->classes[i]->nattrs; j++)
            assign_member(ix, s, &r, &gen, s->classes[i]->attrs[j]);
        assign_ctypes(s->classes[i]);
    }
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

/* Why file-scope name 'ident' cannot be used as it is, or NULL when it can ('w': the
 * reserved words). */
static const char *why_reserved(const word_set *w, const char *ident)
{
    unsigned t = words_tag(w, ident);
    if (t & W_KEYWORD)
        return "is a C or C++ keyword";
    if (runtime_name(ident))
        return "is reserved for slotgen's runtime (names starting with 'sg_' or 'SG_')";
    if (t & W_RESERVED)
        return "is already declared or defined by the C standard headers";
    if (t & W_LOCAL)
        return "is the name of a parameter or local variable of generated functions";
    return NULL;
}

#define C_NAME_HINT "give it another C name with 'c_name:'"

/* A name names_check reports: why it cannot be used as it is, or the name it clashes with. */
typedef struct flagged {
    const gen_name *g;
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

/* Reports go out by identifier, then in the order the names were added. */
static int cmp_flagged(const void *a, const void *b)
{
    return cmp_gen(((const flagged *)a)->g, ((const flagged *)b)->g);
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
                                const schema *mine, diag *d)
{
    flag_list l = {NULL, 0, 0};
    for (size_t i = 0; i < own->all.n; i++) {
        const gen_name *g = &own->all.v[i];
        loc at = name_at(g);
        if (!at.file || strcmp(at.file, mine->path) != 0)
            continue;
        const char *dot = strchr(g->ident, '.'), *why = dot ? NULL : why_reserved(&ix->words, g->ident);
        if (dot && (hides_member_in(&ix->words, dot + 1) || blocks_member(ix, mine, r, own, dot + 1)))
            why = "would be read as another name declared before it (a macro, a type or a "
                  "generated name)";
        if (why)
            flag(&l, (flagged){g, why, NULL});
    }
    sort_flags(&l);
    for (size_t k = 0; k < l.n; k++) {
        const gen_name *g = l.v[k].g;
        const char *dot = strchr(g->ident, '.');
        char *what = describe(g);
        diag_error(d, name_at(g), "generated name '%s' of %s %s; %s", dot ? dot + 1 : g->ident,
                   what, l.v[k].why, g->c_name ? C_NAME_HINT " or rename it" : "rename it");
        mem_free(what);
    }
    mem_free(l.v);
    return (unsigned)l.n;
}

/* Reports a clash for each name of 'mine' ('own') that an earlier name of 'mine', or one of a
 * file it imports (in 'ix'), already holds. */
static unsigned report_clashes(const names_index *ix, reach *r, const name_table *own,
                               const schema *mine, diag *d)
{
    flag_list l = {NULL, 0, 0};
    for (size_t i = 0; i < own->all.n; i++) {
        const gen_name *dup = &own->all.v[i], *first = index_first(ix, dup->ident, mine, r, 0);
        if (!first)
            first = table_first(own, dup->ident, 0); /* the earliest of 'mine' */
        if (first && first != dup)
            flag(&l, (flagged){dup, NULL, first});
    }
    sort_flags(&l);
    for (size_t k = 0; k < l.n; k++) {
        const gen_name *dup = l.v[k].g, *first = l.v[k].first;
        const char *shown = strchr(dup->ident, '.'); /* a member: Class.member */
        shown = shown ? shown + 1 : dup->ident;
        char *what = describe(dup), *first_what = describe(first);
        diag_error(d, name_at(dup), "generated name '%s' of %s clashes with %s%s", shown, what,
                   first_what, dup->c_name || first->c_name ? " (" C_NAME_HINT ")" : "");
        diag_note(d, name_at(first), "'%s' first generated here; rename one of them", shown);
        mem_free(first_what);
        mem_free(what);
    }
    mem_free(l.v);
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
    errors += report_reserved(ix, &r, &own, s, d);
    errors += report_clashes(ix, &r, &own, s, d);
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
        fn(ud, set.v[i].ident);
    free_names(&set);
}
