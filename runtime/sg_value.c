/*
 * sg_value.c - names of status codes, types and kinds; value equality; boxing.
 *
 * The name tables are indexed by enum value: ORDER STATUS, ORDER TYPE and ORDER KIND in
 * slotgen.h. See sg_value.h for the box layouts.
 */
#include "sg_value.h"

#include <math.h>
#include <string.h>

static const char *const status_names[SG_STATUS_COUNT] = {
    "success",
    "no such attribute",
    "value of the wrong type",
    "value out of range",
    "out of memory",
    "invalid argument",
    "input/output error",
};

static const char *const type_names[SG_TYPE_COUNT] = {
    "none", "bool", "int", "uint", "float", "str", "ptr", "list",
};
_Static_assert(SG_LIST + 1 == SG_TYPE_COUNT, "type_names has a row per sg_type");

static const char *const kind_names[SG_KIND_COUNT] = {
    "bool", "char", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64",
    "f32", "f64", "string", "char[]", "enum", "class", "ref", "flags",
};
_Static_assert(SG_K_FLAGS + 1 == SG_KIND_COUNT, "kind_names has a row per sg_kind");

const char *sg_strerror(sg_status s)
{
    if ((unsigned)s >= SG_STATUS_COUNT)
        return "unknown status";
    return status_names[s];
}

const char *sg_type_name(sg_type t)
{
    if ((unsigned)t >= SG_TYPE_COUNT)
        return "unknown type";
    return type_names[t];
}

const char *sg_kind_name(sg_kind k)
{
    if ((unsigned)k >= SG_KIND_COUNT)
        return "unknown kind";
    return kind_names[k];
}

/* Floats are equal when they compare equal (so 0.0 equals -0.0) or are both NaN. */
bool sg_value_equal(sg_value a, sg_value b)
{
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case SG_NONE:
        return true;
    case SG_BOOL:
        return a.as.b == b.as.b;
    case SG_INT:
        return a.as.i == b.as.i;
    case SG_UINT:
        return a.as.u == b.as.u;
    case SG_FLOAT:
        return a.as.f == b.as.f || (isnan(a.as.f) && isnan(b.as.f));
    case SG_STR:
        if (!a.as.s || !b.as.s)
            return a.as.s == b.as.s;
        return strcmp(a.as.s, b.as.s) == 0;
    case SG_PTR:
        return a.as.p == b.as.p;
    case SG_LIST:
        return a.as.attr == b.as.attr;
    default:
        return false;
    }
}

#ifdef SG_PORTABLE_VALUES

sg_status sg_box_make(sg_box *out, sg_value v)
{
    if ((unsigned)v.type >= SG_TYPE_COUNT || v.type == SG_LIST)
        return SG_EINVAL;
    if (v.type == SG_STR) {
        if (!v.as.s) {
            *out = sg_none();
            return SG_OK;
        }
        v.as.s = sg_str_dup(v.as.s);
        if (!v.as.s)
            return SG_ENOMEM;
    }
    *out = v;
    return SG_OK;
}

void sg_box_release(sg_box b)
{
    if (b.type == SG_STR)
        sg_str_free((char *)(uintptr_t)b.as.s);
}

#else /* NaN-boxing */

#define CANONICAL_NAN UINT64_C(0x7FF8000000000000)
#define EXP_MASK UINT64_C(0x7FF0000000000000)
#define MANT_MASK UINT64_C(0x000FFFFFFFFFFFFF)

/* Boxes 'v' as a pointer to a new cell (which then owns v's string, if any). */
static sg_status make_cell(sg_box *out, sg_value v)
{
    sg_cell *c = sg_alloc(sizeof *c);
    uintptr_t p = (uintptr_t)c;

    if (!c)
        return SG_ENOMEM;
    if ((uint64_t)p > SG_BOX_PAYLOAD) {
        /* A cell must be addressable by 48 bits; a hook that cannot promise it cannot
         * store this value. */
        sg_dealloc(c, sizeof *c);
        return SG_ENOMEM;
    }
    c->v = v;
    *out = SG_BOX_TAG(SG_BT_CELL) | (uint64_t)p;
    return SG_OK;
}

static sg_status box_pointer(sg_box *out, sg_value v, unsigned tag)
{
    uint64_t p = (uint64_t)(uintptr_t)v.as.p;

    if (tag == SG_BT_STR)
        p = (uint64_t)(uintptr_t)v.as.s;
    if (p <= SG_BOX_PAYLOAD) {
        *out = SG_BOX_TAG(tag) | p;
        return SG_OK;
    }
    return make_cell(out, v);
}

static sg_status box_string(sg_box *out, const char *s)
{
    sg_value v;
    sg_status st;

    if (!s) {
        *out = SG_BOX_TAG(SG_BT_NONE);
        return SG_OK;
    }
    v.type = SG_STR;
    v.as.s = sg_str_dup(s);
    if (!v.as.s)
        return SG_ENOMEM;
    st = box_pointer(out, v, SG_BT_STR);
    if (st != SG_OK)
        sg_str_free((char *)(uintptr_t)v.as.s);
    return st;
}

static sg_box box_float(double f)
{
    uint64_t bits;

    memcpy(&bits, &f, sizeof bits);
    if ((bits & EXP_MASK) == EXP_MASK && (bits & MANT_MASK) != 0)
        bits = CANONICAL_NAN;
    return bits;
}

sg_status sg_box_make(sg_box *out, sg_value v)
{
    switch (v.type) {
    case SG_NONE:
        *out = SG_BOX_TAG(SG_BT_NONE);
        return SG_OK;
    case SG_BOOL:
        *out = SG_BOX_TAG(SG_BT_BOOL) | (v.as.b ? 1u : 0u);
        return SG_OK;
    case SG_INT:
        if (v.as.i < -(int64_t)SG_BOX_INT_SIGN || v.as.i >= (int64_t)SG_BOX_INT_SIGN)
            return make_cell(out, v);
        *out = SG_BOX_TAG(SG_BT_INT) | ((uint64_t)v.as.i & SG_BOX_PAYLOAD);
        return SG_OK;
    case SG_UINT:
        if (v.as.u > SG_BOX_PAYLOAD)
            return make_cell(out, v);
        *out = SG_BOX_TAG(SG_BT_UINT) | v.as.u;
        return SG_OK;
    case SG_FLOAT:
        *out = box_float(v.as.f);
        return SG_OK;
    case SG_STR:
        return box_string(out, v.as.s);
    case SG_PTR:
        return box_pointer(out, v, SG_BT_PTR);
    default:
        return SG_EINVAL;
    }
}

void sg_box_release(sg_box b)
{
    const sg_cell *c;

    if ((b & SG_BOX_PREFIX) != SG_BOX_PREFIX)
        return;
    switch ((unsigned)(b >> 48) & 7u) {
    case SG_BT_STR:
        sg_str_free((char *)(uintptr_t)(b & SG_BOX_PAYLOAD));
        break;
    case SG_BT_CELL:
        c = (const sg_cell *)(uintptr_t)(b & SG_BOX_PAYLOAD);
        if (c->v.type == SG_STR)
            sg_str_free((char *)(uintptr_t)c->v.as.s);
        sg_dealloc((void *)(uintptr_t)c, sizeof *c);
        break;
    default:
        break;
    }
}

#endif /* SG_PORTABLE_VALUES */

sg_status sg_box_copy(sg_box *out, sg_box b)
{
    if (sg_box_is_tomb(b)) {
        *out = b;
        return SG_OK;
    }
    return sg_box_make(out, sg_box_get(b));
}
