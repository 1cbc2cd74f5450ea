/*
 * types.c - the rows of the schema type table (see types.h). One row per type_kind, in enum
 * order; sizes and alignments are the generating host's, taken from the C compiler that
 * built slotgen, so layout.c plans structs exactly as the same compiler will lay them out.
 */
#include "types.h"

#include <stdalign.h>
#include <stdbool.h>
#include <string.h>

#define ROW(k, sp, ct, sk, ctor, T, integer, sign, lo, hi) \
    {k, sp, ct, sk, ctor, sizeof(T), alignof(T), integer, sign, lo, hi}

static const type_info table[TY_COUNT] = {
    ROW(TY_BOOL, "bool", "bool", "SG_K_BOOL", "sg_bool", bool, 0, 0, 0, 1),
    ROW(TY_CHAR, "char", "char", "SG_K_CHAR", "sg_int", char, 0, 0, 0, 0),
    ROW(TY_I8, "i8", "int8_t", "SG_K_I8", "sg_int", int8_t, 1, 1, INT8_MIN, INT8_MAX),
    ROW(TY_I16, "i16", "int16_t", "SG_K_I16", "sg_int", int16_t, 1, 1, INT16_MIN, INT16_MAX),
    ROW(TY_I32, "i32", "int32_t", "SG_K_I32", "sg_int", int32_t, 1, 1, INT32_MIN, INT32_MAX),
    ROW(TY_I64, "i64", "int64_t", "SG_K_I64", "sg_int", int64_t, 1, 1, INT64_MIN, INT64_MAX),
    ROW(TY_U8, "u8", "uint8_t", "SG_K_U8", "sg_uint", uint8_t, 1, 0, 0, UINT8_MAX),
    ROW(TY_U16, "u16", "uint16_t", "SG_K_U16", "sg_uint", uint16_t, 1, 0, 0, UINT16_MAX),
    ROW(TY_U32, "u32", "uint32_t", "SG_K_U32", "sg_uint", uint32_t, 1, 0, 0, UINT32_MAX),
    ROW(TY_U64, "u64", "uint64_t", "SG_K_U64", "sg_uint", uint64_t, 1, 0, 0, UINT64_MAX),
    ROW(TY_F32, "f32", "float", "SG_K_F32", "sg_float", float, 0, 1, 0, 0),
    ROW(TY_F64, "f64", "double", "SG_K_F64", "sg_float", double, 0, 1, 0, 0),
    ROW(TY_STRING, "string", "char *", "SG_K_STRING", "sg_str", char *, 0, 0, 0, 0),
    {TY_CHARS, "char[]", NULL, "SG_K_CHARS", "sg_str", 0, 1, 0, 0, 0, 0},
    {TY_ENUM, "enum", NULL, "SG_K_ENUM", "sg_int", sizeof(int), alignof(int), 0, 1, 0, 0},
    {TY_CLASS, "class", NULL, "SG_K_CLASS", "sg_ptr", 0, 0, 0, 0, 0, 0},
    ROW(TY_REF, "ref", NULL, "SG_K_REF", "sg_ptr", void *, 0, 0, 0, 0),
    {TY_FLAGS, "flags", NULL, "SG_K_FLAGS", "sg_uint", 0, 0, 0, 0, 0, 0},
};

const type_info *types_info(type_kind k)
{
    return (unsigned)k < TY_COUNT ? &table[k] : NULL;
}

const type_info *types_lookup(const char *name)
{
    for (int k = 0; k < TY_PRIMITIVE_COUNT; k++)
        if (strcmp(table[k].spelling, name) == 0)
            return &table[k];
    return NULL;
}

const type_info *types_by_ctype(const char *ctype)
{
    for (int k = 0; k < TY_PRIMITIVE_COUNT; k++)
        if (strcmp(table[k].ctype, ctype) == 0)
            return &table[k];
    return NULL;
}
