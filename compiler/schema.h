/*
 * schema.h - the compiler's model of schema files: no YAML, no printing.
 *
 * load.c builds one `schema` per file read (imports included) with every node's source
 * location; check.c resolves types and validates; layout.c fills in each class's member
 * order and sizes; names.c computes every generated identifier; gen_*.c print.
 *
 * Ownership: a schema owns everything reachable from it (strings, classes, attributes,
 * enums) and frees it in schema_free. Cross-file pointers (an import's target, a type that
 * names an imported class) are borrowed: the driver frees all schemas of one run together.
 * Arrays of nodes hold pointers, so a node's address never changes once added. Every node
 * and string is a block of mem.h: free it with mem_free, never mem_free().
 */
#ifndef SLOTGEN_SCHEMA_H
#define SLOTGEN_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem.h"
#include "types.h"

/* ---- limits ----------------------------------------------------------------------------
 * What one schema may hold, checked where it is read, each with a located error (documented
 * in docs/schema.md, "Limits"). Every later stage takes time linear in its input (or
 * n log n) and a C stack of constant depth, so these bound memory and time, not recursion. */
#define SCHEMA_MAX_DEPTH 64 /* YAML nesting of mappings and sequences */
/* The size of a schema file (16 MiB) is SGC_MAX_SCHEMA_SIZE (sgc.h): the driver checks it
 * before reading a file, load_schema again before parsing any text it is given. */

/* A source position: 1-based line and column (libyaml marks are 0-based: add 1). */
typedef struct loc {
    const char *file; /* the schema's path as the user spelt it; owned by its schema */
    unsigned line;
    unsigned col;
} loc;

/* A scalar as written in YAML, kept as text until check.c knows what it should be. */
typedef struct scalar {
    char *text;
    bool quoted; /* written in a quoted or block style, so never null/bool/number */
    loc at;
    /* check.c: the value as the attribute's type reads it, so no later stage parses text */
    bool is_null;  /* unquoted "", "~" or "null" */
    int64_t i;     /* signed integer kinds */
    uint64_t u;    /* unsigned integer kinds */
    double f;      /* f32, f64 */
} scalar;

typedef enum layout_kind {
    LAYOUT_COMPACT = 0, /* reorder to remove interior padding; declaration order breaks ties */
    LAYOUT_DECLARED,    /* declaration order (a fixed ABI) */
    LAYOUT_PACKED       /* declaration order, no padding at all */
} layout_kind;

struct sclass;
struct senum;
struct schema;

/* An index by name of a node array (classes, enums, attributes, members): open addressing,
 * each slot 1 + the node's place in the array, 0 empty; the first node of a name wins. Kept
 * by schema_add_*, read by schema_find_*, so a lookup costs O(1), not a walk of the array.
 * An array of at most MAP_SCAN nodes has none (cap 0): a lookup scans those few. */
typedef struct name_map {
    uint32_t *slot;
    size_t cap;        /* 0, or a power of two more than twice the nodes */
} name_map;

#define MAP_SCAN 8

/* An attribute's resolved type (check.c fills it in). */
typedef struct type_ref {
    type_kind kind;       /* element kind for arrays */
    uint32_t chars;       /* N of char[N] (bytes with the NUL) */
    uint32_t count;       /* N of T[N]; 0 when not an array */
    bool list;            /* T[] (language 1.1): the member is one pointer; count is 0 */
    struct sclass *cls;   /* TY_CLASS, TY_REF: borrowed */
    struct senum *enm;    /* TY_ENUM, TY_FLAGS: borrowed */
} type_ref;

typedef struct attr {
    char *name;
    loc at;            /* of the attribute's key */
    char *type_text;   /* the type as written: "u32", "char[16]", "ref Image", "Color[4]" */
    loc type_at;
    char *doc;         /* NULL when absent */
    char *c_name;      /* the 'c_name:' key: its C name; NULL when absent */
    loc c_name_at;
    loc deprecated_at;
    scalar *defaults;      /* one scalar, or the list's items */
    size_t ndefaults;
    loc default_at;

    /* check.c */
    type_ref type;
    uint64_t flags_set; /* a flag-set attribute's default: the union of its flags' bits */
    /* layout.c */
    uint32_t size;     /* bytes of the whole member */
    uint32_t align;
    int presence;      /* bit in the presence bitmap, or -1 */
    /* load.c (here, beside the 4-byte fields, so the node has no padding: an attribute is
     * most of a model's memory) */
    bool optional;
    bool deprecated;   /* 'deprecated: true' (language 1.1) */
    bool has_default;
    bool default_is_list;  /* default written as a YAML sequence (for arrays) */
    /* names.c; schema_attr_names_free frees what of these the attribute owns */
    char *cname;       /* C name in accessors (T_cname, T_set_cname): c_name, else name
                        * (borrowed: one of the two) */
    char *member;      /* struct member: cname (borrowed), else cname plus '_'s when C would
                        * read it otherwise (owned) */
    char *ctype;       /* C type of one element: "uint32_t", "char *", "Point *"; owned for an
                        * enum, a flag set, a class or a ref, else a static string (types.c) */
} attr;

/* One member of the generated struct in layout order: a declared attribute, or one of the
 * two hidden members (the presence bitmap 'sg_has' and the dynamic pointer 'sg_dyn'). */
typedef enum slot_kind { SLOT_ATTR, SLOT_PRESENCE, SLOT_DYN } slot_kind;

typedef struct slot {
    slot_kind kind;
    attr *a;           /* SLOT_ATTR */
    uint32_t offset;   /* host offset, for the banner and tests */
    uint32_t size;
    uint32_t align;
} slot;

typedef struct sclass {
    char *name;
    loc at;
    char *doc;
    char *c_name;       /* the 'c_name:' key: the C type name as is; NULL when absent */
    loc c_name_at;
    int slots;          /* -1: not written (the file's default applies), 0, 1 */
    loc slots_at;
    layout_kind layout;
    loc layout_at;
    attr **attrs;
    size_t nattrs;
    name_map attr_map;
    struct schema *owner;
    size_t index;       /* its place in owner->classes */

    /* check.c */
    bool slotted;
    /* layout.c */
    slot *slots_order;  /* the struct's members in order */
    size_t nslots;
    uint32_t npresence; /* optional attributes; bitmap bytes = (npresence + 7) / 8 */
    uint32_t size;      /* host sizeof */
    uint32_t align;
    uint32_t padding;   /* bytes of padding (interior and trailing) */
    bool zero_init;     /* its defaults are all zero bytes (embedded classes' too) */
    bool const_init;    /* its defaults are constants, so it has a U_INIT macro: no string
                         * default that is not null, every embedded class const_init, and
                         * no array of more than 16 embedded objects that are not zero_init */
    /* names.c: the C type name: c_name, else the file's prefix and the name */
    char *cname;
} sclass;

typedef struct enum_member {
    char *name;
    loc at;
    bool has_value;    /* written as a mapping {name: value} */
    scalar value_text;
    int64_t value;     /* check.c: explicit, or the index; of a flag, its bit (0..63) */
    char *c_name;      /* the 'c_name:' key: the constant's name as is; NULL when absent */
    loc c_name_at;
    char *cname;       /* names.c: c_name, else COLOR_RED */
} enum_member;

/* An enum, or a flag set (the 'flags:' section, language 1.1): one node type, one namespace,
 * one table, told apart by 'is_flags'. A flag's value is its bit number; the set is stored
 * in the smallest unsigned integer holding the highest bit ('bits', check.c). */
typedef struct senum {
    char *name;
    loc at;
    char *doc;
    bool is_flags;
    unsigned bits;     /* check.c, flag sets: 8, 16, 32 or 64 */
    enum_member **members;
    size_t nmembers;
    name_map member_map;
    struct schema *owner;
    char *cname;       /* names.c: the C type name, with the file's prefix */
} senum;

typedef struct import {
    char *path;        /* as written */
    loc at;
    struct schema *target; /* the driver resolves it; borrowed */
} import;

typedef struct schema {
    char *path;        /* as the user spelt it (diagnostics, banner) */
    int version;       /* the slotgen: key; 0 when missing */
    int minor;         /* 0 for 'slotgen: 1', 1 for 'slotgen: 1.1' (the language 1.1) */
    loc version_at;
    char *doc;
    bool slots_default;
    char *prefix;      /* "" when absent */
    loc prefix_at;     /* of the prefix: value, for check.c */
    import **imports;
    size_t nimports;
    senum **enums;
    size_t nenums;
    name_map enum_map;
    sclass **classes;
    size_t nclasses;
    name_map class_map;
} schema;

/* Appends 'item' to the pointer array '*items' of '*n' elements. */
void schema_push(void ***items, size_t *n, void *item);

/* The hash of the string 's' (64-bit FNV-1a), for the compiler's tables keyed by name or path
 * (schema.c's name maps, names.c's index, driver.c's files): one function for all of them. */
size_t schema_hash(const char *s);

/* A new empty schema for 'path' (copied). */
schema *schema_new(const char *path);

/* Nodes, added in source order; each copies 'name' and returns the new node. */
sclass *schema_add_class(schema *s, const char *name, loc at);
attr *schema_add_attr(sclass *c, const char *name, loc at);
senum *schema_add_enum(schema *s, const char *name, loc at); /* an enum or a flag set */
enum_member *schema_add_member(senum *e, const char *name, loc at);
import *schema_add_import(schema *s, const char *path, loc at);

/* Lookups by name within one file (not its imports), one class or one enum (or flag set);
 * NULL when absent. */
sclass *schema_find_class(const schema *s, const char *name);
senum *schema_find_enum(const schema *s, const char *name);
attr *schema_find_attr(const sclass *c, const char *name);
enum_member *schema_find_member(const senum *e, const char *name);

/* Frees what of a's names (cname, member, ctype) 'a' owns and clears all three. */
void schema_attr_names_free(attr *a);

/* True when some default of 'a' is not all zero bytes, so its class's initial state needs
 * it (a null string or char[N] default is zero, a flag set's empty set too; a list, a ref and
 * an embedded class have none of their own). Call after check_schema. */
bool schema_default_nonzero(const attr *a);

/* The index sg_class_find searches: 'c's attribute indexes in strcmp order of their names,
 * a new block of c->nattrs + 1 entries (mem_free it). gen_source.c writes it as the
 * generated table, validate.c keeps it as the run-time one. */
uint32_t *schema_attrs_by_name(const sclass *c);

/* The sg_attr.flags bits of 'a' (SG_ATTR_LIST, SG_ATTR_DEPRECATED, SG_ATTR_HAS_DEFAULT of
 * slotgen.h): what the generated table (gen_source.c) spells and validate's run-time table
 * (validate.c) holds. */
uint32_t schema_attr_flags(const attr *a);

/* True when a scalar written so means null: "", "~" or "null", unquoted (YAML 1.2 core). */
bool schema_is_null(const char *text, bool quoted);

/* "enum" or "flag set": what 'e' is called in messages. */
const char *schema_enum_kind(const senum *e);

/* Frees 's' and all it owns. NULL is fine. */
void schema_free(schema *s);

#endif
