/*
 * sg_value.h - boxed values: how the dynamic-attribute store keeps an sg_value (internal).
 *
 * A box is what one dynamic attribute costs in an instance. It owns its string (a copy made
 * when the value was stored) and, for the rare values that do not fit inline, a 16-byte cell.
 *
 * NaN-boxing (the default on platforms with IEEE-754 binary64 doubles): a box is 8 bytes.
 *   - Any double that is not NaN is stored as its own bits; every NaN is stored as the one
 *     canonical quiet NaN 0x7FF8000000000000 (NaN payloads and signs are not kept).
 *   - Other values have the top 13 bits set (sign, exponent all ones, quiet bit), a 3-bit tag
 *     in bits 48..50 and a 48-bit payload: none, bool, a signed 48-bit int, an unsigned 48-bit
 *     uint, an owned string pointer, a pointer, a cell pointer, and the internal tombstone.
 *   - Ints outside [-2^47, 2^47), uints of 2^48 or more, and pointers (or string pointers)
 *     whose address does not fit in 48 bits go to a cell: the full sg_value on the heap.
 * Platform assumptions: doubles are IEEE-754 binary64 with the same byte order as uint64_t,
 * and uintptr_t exists. Both are checked at compile time: the format as far as <float.h>
 * shows it, the byte order where the compiler says (__BYTE_ORDER__ against
 * __FLOAT_WORD_ORDER__, as GCC and Clang define them); a failed check selects the portable
 * fallback. Pointers need not fit in 48 bits: those that do not (5-level paging, tagged
 * pointers) cost a cell.
 *
 * Portable fallback (SG_PORTABLE_VALUES defined, or chosen automatically when the checks
 * above fail): a box is a 16-byte sg_value whose string it owns; the tombstone is the type
 * value SG_TYPE_COUNT.
 */
#ifndef SG_VALUE_H
#define SG_VALUE_H

#include <float.h>
#include <stdint.h>
#include <string.h>

#include "slotgen.h"

#if !defined(SG_PORTABLE_VALUES)
#if FLT_RADIX != 2 || DBL_MANT_DIG != 53 || DBL_MAX_EXP != 1024 || !defined(UINTPTR_MAX)
#define SG_PORTABLE_VALUES 1
#elif defined(__BYTE_ORDER__) && defined(__FLOAT_WORD_ORDER__)
#if __BYTE_ORDER__ != __FLOAT_WORD_ORDER__ /* doubles' words swapped (old ARM FPA) */
#define SG_PORTABLE_VALUES 1
#endif
#endif
#endif

#ifdef SG_PORTABLE_VALUES

typedef sg_value sg_box;

#define SG_BOX_TOMB_TYPE ((sg_type)SG_TYPE_COUNT)

static inline sg_value sg_box_get(sg_box b)
{
    return b.type == SG_BOX_TOMB_TYPE ? sg_none() : b;
}

static inline sg_box sg_box_tomb(void)
{
    sg_box b;
    b.type = SG_BOX_TOMB_TYPE;
    b.as.u = 0;
    return b;
}

static inline bool sg_box_is_tomb(sg_box b)
{
    return b.type == SG_BOX_TOMB_TYPE;
}

#else /* NaN-boxing */

typedef uint64_t sg_box;

enum {
    SG_BT_NONE = 0,
    SG_BT_BOOL,
    SG_BT_INT,
    SG_BT_UINT,
    SG_BT_STR,
    SG_BT_PTR,
    SG_BT_CELL,
    SG_BT_TOMB
};

#define SG_BOX_PREFIX UINT64_C(0xFFF8000000000000)
#define SG_BOX_PAYLOAD UINT64_C(0x0000FFFFFFFFFFFF)
#define SG_BOX_TAG(t) (SG_BOX_PREFIX | ((uint64_t)(t) << 48))
#define SG_BOX_INT_SIGN UINT64_C(0x0000800000000000)

/* The heap cell of a value that does not fit in 48 bits. */
typedef struct sg_cell {
    sg_value v;
} sg_cell;

static inline sg_value sg_box_get(sg_box b)
{
    uint64_t p = b & SG_BOX_PAYLOAD;
    sg_value v;
    double d;

    if ((b & SG_BOX_PREFIX) != SG_BOX_PREFIX) {
        memcpy(&d, &b, sizeof d);
        return sg_float(d);
    }
    switch ((unsigned)(b >> 48) & 7u) {
    case SG_BT_BOOL:
        return sg_bool(p != 0);
    case SG_BT_INT:
        return sg_int((int64_t)(p ^ SG_BOX_INT_SIGN) - (int64_t)SG_BOX_INT_SIGN);
    case SG_BT_UINT:
        return sg_uint(p);
    case SG_BT_STR:
        v.type = SG_STR;
        v.as.s = (const char *)(uintptr_t)p;
        return v;
    case SG_BT_PTR:
        return sg_ptr((void *)(uintptr_t)p);
    case SG_BT_CELL:
        return ((const sg_cell *)(uintptr_t)p)->v;
    default:
        return sg_none();
    }
}

static inline sg_box sg_box_tomb(void)
{
    return SG_BOX_TAG(SG_BT_TOMB);
}

static inline bool sg_box_is_tomb(sg_box b)
{
    return b == SG_BOX_TAG(SG_BT_TOMB);
}

#endif /* SG_PORTABLE_VALUES */

/* Boxes 'v' into '*out', copying an SG_STR (an SG_STR with a NULL pointer boxes as none).
 * Returns SG_OK; SG_ENOMEM with nothing allocated; SG_EINVAL for an unknown type tag. */
sg_status sg_box_make(sg_box *out, sg_value v);

/* A copy of 'b' in '*out' that owns copies of what 'b' owns (its string, its cell); a
 * tombstone copies as a tombstone. SG_OK, or SG_ENOMEM with nothing allocated. */
sg_status sg_box_copy(sg_box *out, sg_box b);

/* Frees what 'b' owns (its string, its cell). */
void sg_box_release(sg_box b);

#endif /* SG_VALUE_H */
