/*
 * types.h - the one table of schema types.
 *
 * Each primitive schema type (bool, char, i8 ... f64, string) has one row: its schema
 * spelling, its C type, the runtime's sg_kind, the sg_value tag it reads as, and its size
 * and alignment on the generating host. Compound types (char[N], enums, flag sets, classes,
 * refs, T[N], T[]) are described by a type_kind here and resolved by check.c. ORDER TYPE_KIND:
 * the rows of types.c follow this enum; test_types.c walks the table.
 */
#ifndef SLOTGEN_TYPES_H
#define SLOTGEN_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef enum type_kind {
    TY_BOOL = 0,
    TY_CHAR,
    TY_I8,
    TY_I16,
    TY_I32,
    TY_I64,
    TY_U8,
    TY_U16,
    TY_U32,
    TY_U64,
    TY_F32,
    TY_F64,
    TY_STRING,
    TY_CHARS, /* char[N] */
    TY_ENUM,
    TY_CLASS, /* embedded by value */
    TY_REF,   /* non-owning pointer */
    TY_FLAGS  /* a flag set: the smallest unsigned integer holding its flags */
} type_kind;

#define TY_COUNT 18
#define TY_PRIMITIVE_COUNT 13 /* TY_BOOL .. TY_STRING have a spelling of their own */

typedef struct type_info {
    type_kind kind;
    const char *spelling;  /* schema spelling: "u32"; "char[]" for TY_CHARS, "enum", ... */
    const char *ctype;     /* C type for a field of this type: "uint32_t"; NULL if compound */
    const char *sg_kind;   /* the runtime's constant: "SG_K_U32" */
    const char *sg_ctor;   /* sg_value constructor the value reads as: "sg_uint" */
    uint32_t size;         /* host size in bytes; 0 when it depends on the declaration */
    uint32_t align;        /* host alignment; 0 when it depends on the declaration */
    int is_integer;        /* integer kinds (not bool, not char) */
    int is_signed;
    int64_t min;           /* integer range: [min, max] for signed kinds */
    uint64_t max;          /* [0, max] for unsigned kinds; max also bounds signed ones */
} type_info;

/* The row for 'k' (never NULL for a valid kind). */
const type_info *types_info(type_kind k);

/* The primitive type spelled 'name' ("u32", "string"), or NULL. */
const type_info *types_lookup(const char *name);

/* The primitive type whose C type is 'ctype' ("uint32_t" gives u32), or NULL. */
const type_info *types_by_ctype(const char *ctype);

#endif
