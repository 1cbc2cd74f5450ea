/*
 * sg_ops.c - generic deep copy (sg_copy, sg_object_clone), equality and hash of objects, driven
 * by sg_class tables.
 *
 * All three walk the declared attributes in declaration order, element by element for arrays
 * and lists, recursing into embedded objects, then the dynamic attributes.
 *
 * A list's elements are compared and hashed as those of an array of its count; a list with
 * storage and no element equals one without storage.
 *
 * Copy is prepare-then-fill, into a temporary object that sg_copy then moves into the
 * destination (the source may lie in what the destination owns): the source is copied
 * over it byte for byte, every pointer the destination would share with the source
 * (strings, lists, dynamic stores, recursively in embedded objects) is set to NULL
 * ('detach'), and only then are the copies made one by one ('fill'). So at any point of a
 * failed fill the destination owns exactly the copies made so far, and sg_object_destroy frees
 * them: nothing leaks and nothing is freed twice.
 *
 * Equality is by value: strings by content, refs by pointer, floats with == except that a NaN
 * equals a NaN with the same bits, optional attributes only when present in both, dynamic
 * attributes as an unordered set of (name, value) pairs. The hash agrees with it: -0.0 hashes
 * as 0.0, a NaN by its bits, an absent optional attribute as a fixed marker, and the dynamic
 * attributes as the sum of their pairs' hashes (so their order does not count). The hash is
 * deterministic (no seed): the same object gives the same hash in every run, except for refs
 * and dynamic SG_PTR values, which hash by address.
 */
#include <math.h>
#include <string.h>

#include "sg_dict.h"
#include "sg_list.h"
#include "sg_object.h"
#include "sg_ops.h"
#include "slotgen.h"

/* ---- copy -------------------------------------------------------------------------------- */

/* Sets to NULL every pointer 'obj' owns (strings, lists, the dynamic store), recursively in
 * embedded objects, without freeing anything. */
static void detach(const sg_class *cls, void *obj)
{
    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const sg_attr *a = &cls->attrs[i];
        uint32_t n = a->count ? a->count : 1, size = sg_object_elem_size(a);
        char *p = (char *)obj + a->offset;

        if (sg_list_is(a)) {
            sg_object_set_ptr(p, NULL);
            continue;
        }
        for (uint32_t k = 0; k < n; k++, p += size) {
            if (a->kind == SG_K_STRING)
                sg_object_set_ptr(p, NULL);
            else if (a->kind == SG_K_CLASS && a->cls)
                detach(a->cls, p);
        }
    }
    if (!cls->slotted)
        sg_object_set_dyn(cls, obj, NULL);
}

/* Gives 'dst', a detached byte copy of 'src', its own copies of what 'src' owns. On
 * SG_ENOMEM 'dst' owns exactly the copies made so far. */
static sg_status fill(const sg_class *cls, void *dst, const void *src)
{
    sg_dict *d;
    sg_status rc;

    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const sg_attr *a = &cls->attrs[i];
        uint32_t n = a->count ? a->count : 1, size = sg_object_elem_size(a);
        char *p = (char *)dst + a->offset;
        const char *q = (const char *)src + a->offset;

        if (sg_list_is(a)) {
            if ((rc = sg_list_copy(a, dst, src)) != SG_OK)
                return rc;
            continue;
        }
        for (uint32_t k = 0; k < n; k++, p += size, q += size) {
            const char *s;
            char *copy;
            if (a->kind == SG_K_STRING && (s = sg_object_ptr(q)) != NULL) {
                if (!(copy = sg_str_dup(s)))
                    return SG_ENOMEM;
                sg_object_set_ptr(p, copy);
            } else if (a->kind == SG_K_CLASS && a->cls) {
                if ((rc = fill(a->cls, p, q)) != SG_OK)
                    return rc;
            }
        }
    }
    if (cls->slotted)
        return SG_OK;
    rc = sg_dict_copy(&d, sg_object_dyn(cls, src));
    sg_object_set_dyn(cls, dst, d);
    return rc;
}

sg_status sg_copy_fresh(const sg_class *cls, void *dst, const void *src)
{
    sg_status rc;

    memcpy(dst, src, cls->size);
    detach(cls, dst);
    rc = fill(cls, dst, src);
    if (rc != SG_OK)
        sg_object_destroy(cls, dst);
    return rc;
}

sg_status sg_copy(const sg_class *cls, void *dst, const void *src)
{
    sg_status rc;
    void *tmp;

    if (!cls || !dst || !src)
        return SG_EINVAL;
    if (dst == src)
        return SG_OK;
    /* The copy is made beside 'dst' and moved in: 'src' may lie in what 'dst' owns (an element
     * of a list of dst's own class), which releasing 'dst' first would free. */
    tmp = sg_alloc(cls->size);
    rc = tmp ? sg_copy_fresh(cls, tmp, src) : SG_ENOMEM;
    sg_object_destroy(cls, dst); /* and zeroed: what a failure leaves */
    if (rc == SG_OK)
        memcpy(dst, tmp, cls->size);
    if (tmp)
        sg_dealloc(tmp, cls->size);
    return rc;
}

/* Fresh storage owns nothing and lies outside 'src': sg_copy_fresh fills it directly, with
 * no defaults applied first and no temporary. */
void *sg_object_clone(const sg_class *cls, const void *src)
{
    void *dst;

    if (!cls || !src)
        return NULL;
    dst = sg_alloc(cls->size);
    if (dst && sg_copy_fresh(cls, dst, src) != SG_OK) {
        sg_dealloc(dst, cls->size); /* destroyed and zeroed: owns nothing */
        dst = NULL;
    }
    return dst;
}

/* ---- equality ------------------------------------------------------------------------------ */

static bool same_float(double x, double y, const void *p, const void *q, size_t size)
{
    return x == y || (isnan(x) && memcmp(p, q, size) == 0);
}

/* Equality of one element of kind a->kind at 'p' and at 'q'. */
static bool elem_equal(const sg_attr *a, const char *p, const char *q)
{
    uint32_t size = sg_object_elem_size(a);
    const char *s, *t;
    float f, g;
    double d, e;

    switch (a->kind) {
    case SG_K_BOOL:
        return (*(const unsigned char *)p != 0) == (*(const unsigned char *)q != 0);
    case SG_K_F32:
        memcpy(&f, p, sizeof f);
        memcpy(&g, q, sizeof g);
        return same_float(f, g, p, q, sizeof f);
    case SG_K_F64:
        memcpy(&d, p, sizeof d);
        memcpy(&e, q, sizeof e);
        return same_float(d, e, p, q, sizeof d);
    case SG_K_STRING:
        s = sg_object_ptr(p);
        t = sg_object_ptr(q);
        return s == t || (s && t && strcmp(s, t) == 0);
    case SG_K_CHARS:
        return strncmp(p, q, size) == 0;
    case SG_K_CLASS:
        return sg_equal(a->cls, p, q);
    case SG_K_REF:
        return sg_object_ptr(p) == sg_object_ptr(q);
    default:   /* char, integers, enums: the same bytes */
        return memcmp(p, q, size) == 0;
    }
}

static bool attr_equal(const sg_attr *a, const char *p, const char *q)
{
    uint32_t n, m, size = sg_object_elem_size(a);

    p = sg_object_elems_at(a, p, &n);
    q = sg_object_elems_at(a, q, &m);
    if (n != m)
        return false;
    for (uint32_t k = 0; k < n; k++, p += size, q += size) {
        if (!elem_equal(a, p, q))
            return false;
    }
    return true;
}

bool sg_equal(const sg_class *cls, const void *a, const void *b)
{
    if (!cls || !a || !b)
        return a == b;
    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const sg_attr *at = &cls->attrs[i];
        bool pa = sg_object_present(cls, a, at), pb = sg_object_present(cls, b, at);
        if (pa != pb)
            return false;
        if (pa && !attr_equal(at, (const char *)a + at->offset, (const char *)b + at->offset))
            return false;
    }
    return cls->slotted || sg_dict_equal(sg_object_dyn(cls, a), sg_object_dyn(cls, b));
}

/* ---- hash ---------------------------------------------------------------------------------- */

#define H_SEED UINT64_C(0x736c6f7467656e31)   /* "slotgen1" */
#define H_NULL UINT64_C(0x6e756c6c6e756c6c)   /* a NULL string or ref, an SG_NONE value */
#define H_ABSENT UINT64_C(0x616273656e742121) /* an absent optional attribute */

/* The 64-bit finalizer of MurmurHash3: every input bit affects every output bit. */
static uint64_t fmix(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    k *= UINT64_C(0xc4ceb9fe1a85ec53);
    k ^= k >> 33;
    return k;
}

/* 'h' followed by 'v' (order matters). */
static uint64_t combine(uint64_t h, uint64_t v)
{
    return fmix(h ^ fmix(v + UINT64_C(0x9e3779b97f4a7c15)));
}

/* FNV-1a over at most 'max' bytes of 's', up to its NUL. */
static uint64_t hash_text(const char *s, size_t max)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);

    for (size_t i = 0; i < max && s[i]; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return fmix(h);
}

static uint64_t hash_double(double d)
{
    uint64_t bits;

    if (d == 0)
        d = 0.0;   /* -0.0 equals 0.0 */
    memcpy(&bits, &d, sizeof bits);
    return bits;
}

static uint64_t hash_float(float f)
{
    uint32_t bits;

    if (f == 0)
        f = 0.0f;
    memcpy(&bits, &f, sizeof bits);
    return bits;
}

static uint64_t hash_ptr(const void *p)
{
    return p ? (uint64_t)(uintptr_t)p : H_NULL;
}

static uint64_t elem_hash(const sg_attr *a, const char *p)
{
    uint32_t size = sg_object_elem_size(a);
    const char *s;
    float f;
    double d;

    switch (a->kind) {
    case SG_K_BOOL:
        return *(const unsigned char *)p != 0;
    case SG_K_F32:
        memcpy(&f, p, sizeof f);
        return hash_float(f);
    case SG_K_F64:
        memcpy(&d, p, sizeof d);
        return hash_double(d);
    case SG_K_STRING:
        s = sg_object_ptr(p);
        return s ? hash_text(s, SIZE_MAX) : H_NULL;
    case SG_K_CHARS:
        return hash_text(p, size);
    case SG_K_CLASS:
        return sg_hash(a->cls, p);
    case SG_K_REF:
        return hash_ptr(sg_object_ptr(p));
    case SG_K_U8: case SG_K_U16: case SG_K_U32: case SG_K_U64: case SG_K_FLAGS:
        return sg_object_read_unsigned(p, size);
    default:   /* char, signed integers, enums */
        return (uint64_t)sg_object_read_signed(p, size);
    }
}

static uint64_t attr_hash(const sg_attr *a, const char *p)
{
    uint32_t n, size = sg_object_elem_size(a);
    uint64_t h;

    p = sg_object_elems_at(a, p, &n);
    h = combine(H_SEED, n);

    for (uint32_t k = 0; k < n; k++, p += size)
        h = combine(h, elem_hash(a, p));
    return h;
}

/* The hash of a dynamic value, consistent with sg_value_equal (every NaN alike). */
static uint64_t value_hash(sg_value v)
{
    uint64_t h;

    switch (v.type) {
    case SG_BOOL:
        h = v.as.b;
        break;
    case SG_INT:
        h = (uint64_t)v.as.i;
        break;
    case SG_UINT:
        h = v.as.u;
        break;
    case SG_FLOAT:
        h = isnan(v.as.f) ? H_NULL : hash_double(v.as.f);
        break;
    case SG_STR:
        h = hash_text(v.as.s, SIZE_MAX);
        break;
    case SG_PTR:
        h = hash_ptr(v.as.p);
        break;
    default:
        h = H_NULL;
        break;
    }
    return combine((uint64_t)v.type, h);
}

/* The sum of the hashes of the (name, value) pairs of 'd': the same in any order. */
static uint64_t dyn_hash(const sg_dict *d)
{
    uint32_t pos = 0;
    const char *name;
    sg_value v;
    uint64_t sum = 0;

    while (sg_dict_next(d, &pos, &name, &v))
        sum += combine(hash_text(name, SIZE_MAX), value_hash(v));
    return combine(sum, sg_dict_count(d));
}

uint64_t sg_hash(const sg_class *cls, const void *obj)
{
    uint64_t h = H_SEED;

    if (!cls || !obj)
        return 0;
    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const sg_attr *a = &cls->attrs[i];
        if (sg_object_present(cls, obj, a))
            h = combine(h, attr_hash(a, (const char *)obj + a->offset));
        else
            h = combine(h, H_ABSENT);
    }
    if (!cls->slotted)
        h = combine(h, dyn_hash(sg_object_dyn(cls, obj)));
    return h;
}
