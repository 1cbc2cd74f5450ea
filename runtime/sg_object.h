/*
 * sg_object.h - reading an object's members through its sg_class (internal).
 *
 * Shared by the modules that walk objects generically: sg_object.c (by-name access,
 * iteration, destroy), sg_ops.c (copy, equal, hash), sg_repr.c (printing) and sg_list.c
 * (lists and element reflection); its static inline helpers also by libslotgen-io
 * (sgio_*.c) and the compiler's validate.c, which link only libslotgen's exported API. Members are read with memcpy, because a packed struct may
 * place any of them unaligned; the same holds for the sg_dict pointer and the presence bitmap.
 */
#ifndef SG_OBJECT_H
#define SG_OBJECT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "slotgen.h"

/* The size of one element of 'a': of a T[N] array, of a T[] list, or the member itself. */
static inline uint32_t sg_object_elem_size(const sg_attr *a)
{
    return a->elem_size;
}

/* The dynamic-attribute store of 'obj' ('cls' not slotted). */
static inline sg_dict *sg_object_dyn(const sg_class *cls, const void *obj)
{
    sg_dict *d;

    memcpy(&d, (const char *)obj + cls->dyn_offset, sizeof d);
    return d;
}

static inline void sg_object_set_dyn(const sg_class *cls, void *obj, sg_dict *d)
{
    memcpy((char *)obj + cls->dyn_offset, &d, sizeof d);
}

/* True when 'a' is not optional, or is and its presence bit is set. */
static inline bool sg_object_present(const sg_class *cls, const void *obj, const sg_attr *a)
{
    unsigned char byte;
    unsigned bit = (unsigned)a->presence;

    if (a->presence < 0)
        return true;
    memcpy(&byte, (const char *)obj + cls->presence_offset + bit / 8, 1);
    return ((unsigned)byte >> (bit % 8)) & 1u;
}

/* The pointer stored at 'p' (a string, a ref, a list), which may be unaligned. */
static inline void *sg_object_ptr(const char *p)
{
    void *v;

    memcpy(&v, p, sizeof v);
    return v;
}

static inline void sg_object_set_ptr(char *p, const void *v)
{
    memcpy(p, &v, sizeof v);
}

/* The elements of the member of 'a' at 'p' and their number in '*n': a list's storage and
 * count (SG_ATTR_LIST), a T[N] array's N elements, or the member itself as one element. */
static inline const char *sg_object_elems_at(const sg_attr *a, const char *p, uint32_t *n)
{
    const char *e;

    if (a->flags & SG_ATTR_LIST) {
        memcpy(&e, p, sizeof e);
        *n = e ? ((const sg_list_head *)(const void *)e)[-1].count : 0;
        return e;
    }
    *n = a->count > 0 ? a->count : 1;
    return p;
}

/* The signed integer of 'size' bytes (1, 2, 4 or 8) at 'p'. Static inline, as the two below:
 * libslotgen-io and the compiler's validate (which see only libslotgen's exported API) use
 * them too. */
static inline int64_t sg_object_read_signed(const void *p, uint32_t size)
{
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;

    switch (size) {
    case 1: memcpy(&i8, p, 1); return i8;
    case 2: memcpy(&i16, p, 2); return i16;
    case 4: memcpy(&i32, p, 4); return i32;
    default: memcpy(&i64, p, 8); return i64;
    }
}

/* The unsigned integer of 'size' bytes (1, 2, 4 or 8) at 'p'. */
static inline uint64_t sg_object_read_unsigned(const void *p, uint32_t size)
{
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;

    switch (size) {
    case 1: memcpy(&u8, p, 1); return u8;
    case 2: memcpy(&u16, p, 2); return u16;
    case 4: memcpy(&u32, p, 4); return u32;
    default: memcpy(&u64, p, 8); return u64;
    }
}

/* Writes the low 'size' bytes' worth of 'v' (1, 2, 4 or 8) at 'p' as an integer of that size. */
static inline void sg_object_write_uint(void *p, uint32_t size, uint64_t v)
{
    uint8_t u8 = (uint8_t)v;
    uint16_t u16 = (uint16_t)v;
    uint32_t u32 = (uint32_t)v;

    switch (size) {
    case 1: memcpy(p, &u8, 1); break;
    case 2: memcpy(p, &u16, 2); break;
    case 4: memcpy(p, &u32, 4); break;
    default: memcpy(p, &v, 8); break;
    }
}

/* The value of ONE element of kind a->kind at 'p' (a scalar member, or one element of an
 * array or list): SG_BOOL, SG_INT (signed, char, enum), SG_UINT (unsigned, flag set),
 * SG_FLOAT, SG_STR (string, char[N]; a NULL string is SG_NONE), SG_PTR (a ref, SG_NONE when
 * NULL; an embedded object: its address). */
sg_value sg_object_elem(const char *p, const sg_attr *a);

#endif /* SG_OBJECT_H */
