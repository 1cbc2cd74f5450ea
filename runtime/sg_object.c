/*
 * sg_object.c - getattr, setattr, delattr, iteration, and the object lifecycle (init, destroy,
 * new, free), driven by sg_class tables.
 *
 * Declared attributes come first: sg_class_find (or, by atom, the class's bits of its
 * declared names, which let the other names skip the search entirely), then a
 * load or store at the attribute's offset. Every member, and the sg_dict pointer itself, is
 * read and written with memcpy, because packed structs may place them unaligned. Only names
 * that are not declared reach the dynamic store (sg_dict), and only on classes that are not
 * slotted.
 *
 * A set validates and converts the value completely, and makes any copy it needs, before it
 * writes anything, so every error leaves the object unchanged.
 *
 * Init zeroes the object, then copies each attribute's default ('def') and recurses into
 * embedded objects; every non-NULL string of an object is owned, at every moment, so a
 * failed copy only has to stop copying and destroy what was made.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sg_atom.h"
#include "sg_class.h"
#include "sg_dict.h"
#include "sg_mem.h"
#include "sg_list.h"
#include "sg_object.h"
#include "slotgen.h"

const char *sg_version(void)
{
    return SG_VERSION_STRING;
}

void sg_runtime_cleanup(void)
{
    sg_class_cleanup();
    sg_atom_cleanup();
    sg_mem_release_empty();
}

/* ---- members ------------------------------------------------------------------------- */

static int find_declared(const sg_class *cls, const char *name, size_t len)
{
    return sg_class_find(cls, name, len);
}

/* The declared index of atom 'a' in 'cls', or -1. */
static int find_by_atom(const sg_class *cls, sg_atom a)
{
    sg_class_state *st = sg_class_state_get(cls);

    if (st && !(st->declared & sg_atom_bit(a)))
        return -1;
    return find_declared(cls, a->name, a->len);
}

/* The declared index of atom 'a' for a set, in '*i'. A set by atom on a class that is not
 * slotted needs the class state (for the dynamic store); when it cannot be made the set fails
 * here, with SG_ENOMEM, rather than make it again later. */
static sg_status find_for_set(const sg_class *cls, sg_atom a, int *i)
{
    sg_class_state *st = cls->rt ? sg_class_state_get(cls) : NULL;

    if (!st && cls->rt && !cls->slotted)
        return SG_ENOMEM;
    if (st && !(st->declared & sg_atom_bit(a)))
        *i = -1;
    else
        *i = find_declared(cls, a->name, a->len);
    return SG_OK;
}

static void set_present(const sg_class *cls, void *obj, const sg_attr *a, bool on)
{
    unsigned char *p, mask;
    unsigned bit = (unsigned)a->presence;

    if (a->presence < 0)
        return;
    p = (unsigned char *)obj + cls->presence_offset + bit / 8;
    mask = (unsigned char)(1u << (bit % 8));
    *p = on ? (unsigned char)(*p | mask) : (unsigned char)(*p & ~mask);
}

sg_value sg_object_elem(const char *p, const sg_attr *a)
{
    uint32_t size = sg_object_elem_size(a);
    sg_value v;
    unsigned char b;
    char c;
    float f;
    double d;
    void *r;

    switch (a->kind) {
    case SG_K_BOOL:
        memcpy(&b, p, 1);
        return sg_bool(b != 0);
    case SG_K_CHAR:
        memcpy(&c, p, 1);
        return sg_int(c);
    case SG_K_I8: case SG_K_I16: case SG_K_I32: case SG_K_I64: case SG_K_ENUM:
        return sg_int(sg_object_read_signed(p, size));
    case SG_K_U8: case SG_K_U16: case SG_K_U32: case SG_K_U64: case SG_K_FLAGS:
        return sg_uint(sg_object_read_unsigned(p, size));
    case SG_K_F32:
        memcpy(&f, p, sizeof f);
        return sg_float(f);
    case SG_K_F64:
        memcpy(&d, p, sizeof d);
        return sg_float(d);
    case SG_K_STRING:
        return sg_str(sg_object_ptr(p));
    case SG_K_CHARS:
        v.type = SG_STR;
        v.as.s = p;
        return v;
    case SG_K_REF:
        r = sg_object_ptr(p);
        return r ? sg_ptr(r) : sg_none();
    default:
        return sg_ptr((void *)(uintptr_t)p);
    }
}

/* The value of the declared attribute 'a', which is present. */
static sg_value read_declared(const void *obj, const sg_attr *a)
{
    const char *p = (const char *)obj + a->offset;

    sg_value v;

    if (sg_list_is(a) || a->count > 0) {
        v.type = SG_LIST;
        v.as.attr = a;
        return v;
    }
    if (a->kind == SG_K_CLASS)
        return sg_ptr((void *)(uintptr_t)p);
    return sg_object_elem(p, a);
}

/* The value of the declared attribute 'a'; SG_NONE when it is optional and absent. */
static sg_value get_declared(const sg_class *cls, const void *obj, const sg_attr *a)
{
    return sg_object_present(cls, obj, a) ? read_declared(obj, a) : sg_none();
}

/* ---- conversions for set --------------------------------------------------------------- */

static sg_status to_signed(sg_value v, int64_t lo, int64_t hi, int64_t *out)
{
    if (v.type == SG_INT) {
        if (v.as.i < lo || v.as.i > hi)
            return SG_ERANGE;
        *out = v.as.i;
        return SG_OK;
    }
    if (v.type == SG_UINT) {
        if (v.as.u > (uint64_t)hi)
            return SG_ERANGE;
        *out = (int64_t)v.as.u;
        return SG_OK;
    }
    return SG_ETYPE;
}

static sg_status to_unsigned(sg_value v, uint64_t hi, uint64_t *out)
{
    if (v.type == SG_INT) {
        if (v.as.i < 0 || (uint64_t)v.as.i > hi)
            return SG_ERANGE;
        *out = (uint64_t)v.as.i;
        return SG_OK;
    }
    if (v.type == SG_UINT) {
        if (v.as.u > hi)
            return SG_ERANGE;
        *out = v.as.u;
        return SG_OK;
    }
    return SG_ETYPE;
}

static sg_status to_double(sg_value v, double *out)
{
    switch (v.type) {
    case SG_FLOAT:
        *out = v.as.f;
        return SG_OK;
    case SG_INT:
        *out = (double)v.as.i;
        return SG_OK;
    case SG_UINT:
        *out = (double)v.as.u;
        return SG_OK;
    default:
        return SG_ETYPE;
    }
}

static int64_t signed_max(uint32_t size)
{
    return size >= 8 ? INT64_MAX : (int64_t)((UINT64_C(1) << (size * 8 - 1)) - 1);
}

static uint64_t unsigned_max(uint32_t size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

static sg_status store_int(char *p, const sg_attr *a, sg_value v)
{
    int64_t i;
    uint64_t u;
    sg_status rc;

    if (a->kind >= SG_K_U8 && a->kind <= SG_K_U64) {
        rc = to_unsigned(v, unsigned_max(a->size), &u);
        if (rc == SG_OK)
            sg_object_write_uint(p, a->size, u);
        return rc;
    }
    rc = to_signed(v, -signed_max(a->size) - 1, signed_max(a->size), &i);
    if (rc == SG_OK)
        sg_object_write_uint(p, a->size, (uint64_t)i);
    return rc;
}

static sg_status store_float(char *p, const sg_attr *a, sg_value v)
{
    double d;
    float f;
    sg_status rc = to_double(v, &d);

    if (rc != SG_OK)
        return rc;
    if (a->kind == SG_K_F64) {
        memcpy(p, &d, sizeof d);
        return SG_OK;
    }
    if (isfinite(d) && fabs(d) > FLT_MAX)
        return SG_ERANGE;
    f = (float)d;
    memcpy(p, &f, sizeof f);
    return SG_OK;
}

static sg_status store_enum(char *p, const sg_attr *a, sg_value v)
{
    int64_t val;
    sg_status rc;

    if (v.type == SG_STR) {
        if (sg_enum_value(a->enm, v.as.s, &val) != SG_OK)
            return SG_ERANGE;
    } else {
        rc = to_signed(v, INT64_MIN, INT64_MAX, &val);
        if (rc != SG_OK)
            return rc;
        if (!sg_enum_name(a->enm, val))
            return SG_ERANGE;
    }
    sg_object_write_uint(p, a->size, (uint64_t)val);
    return SG_OK;
}

/* A set of the flag type a->enm: an integer whose bits are all members, or their names. */
static sg_status store_flags(char *p, const sg_attr *a, sg_value v)
{
    uint64_t set, all = 0;
    sg_status rc;

    for (uint32_t i = 0; i < a->enm->count; i++)
        all |= (uint64_t)a->enm->members[i].value;
    if (v.type == SG_STR) {
        if (sg_flags_parse(a->enm, v.as.s, &set) != SG_OK)
            return SG_ERANGE;
    } else if ((rc = to_unsigned(v, UINT64_MAX, &set)) != SG_OK) {
        return rc;
    }
    if ((set & ~all) != 0 || set > unsigned_max(a->size))
        return SG_ERANGE;
    sg_object_write_uint(p, a->size, set);
    return SG_OK;
}

/* The member may be unaligned (packed), so it goes through a local. */
static sg_status store_string(char *p, sg_value v)
{
    char *s;
    sg_status rc;

    if (v.type != SG_STR)
        return SG_ETYPE;
    memcpy(&s, p, sizeof s);
    rc = sg_str_replace(&s, v.as.s);
    memcpy(p, &s, sizeof s);
    return rc;
}

static sg_status store_chars(char *p, const sg_attr *a, sg_value v)
{
    size_t len;

    if (v.type != SG_STR)
        return SG_ETYPE;
    len = strlen(v.as.s);
    if (len >= a->size)
        return SG_ERANGE;
    memmove(p, v.as.s, len);
    memset(p + len, 0, a->size - len);
    return SG_OK;
}

/* Stores 'v' (not SG_NONE) in the scalar member at 'p'. */
static sg_status store_member(char *p, const sg_attr *a, sg_value v)
{
    char c;
    bool b;
    int64_t i;
    sg_status rc;

    switch (a->kind) {
    case SG_K_BOOL:
        if (v.type != SG_BOOL)
            return SG_ETYPE;
        b = v.as.b;
        memcpy(p, &b, sizeof b);
        return SG_OK;
    case SG_K_CHAR:
        rc = to_signed(v, CHAR_MIN, CHAR_MAX, &i);
        if (rc == SG_OK) {
            c = (char)i;
            memcpy(p, &c, 1);
        }
        return rc;
    case SG_K_I8: case SG_K_I16: case SG_K_I32: case SG_K_I64:
    case SG_K_U8: case SG_K_U16: case SG_K_U32: case SG_K_U64:
        return store_int(p, a, v);
    case SG_K_F32: case SG_K_F64:
        return store_float(p, a, v);
    case SG_K_STRING:
        return store_string(p, v);
    case SG_K_CHARS:
        return store_chars(p, a, v);
    case SG_K_ENUM:
        return store_enum(p, a, v);
    case SG_K_FLAGS:
        return store_flags(p, a, v);
    case SG_K_REF:
        if (v.type != SG_PTR)
            return SG_ETYPE;
        memcpy(p, &v.as.p, sizeof v.as.p);
        return SG_OK;
    default:
        return SG_ETYPE;
    }
}

/* Frees the member's string (if a string) and NULLs it (if a string or a ref). */
static void clear_member(char *p, const sg_attr *a)
{
    char *s;
    void *null = NULL;

    if (a->kind == SG_K_STRING) {
        memcpy(&s, p, sizeof s);
        sg_str_free(s);
    }
    if (a->kind == SG_K_STRING || a->kind == SG_K_REF)
        memcpy(p, &null, sizeof null);
}

static sg_status set_declared(const sg_class *cls, void *obj, const sg_attr *a, sg_value v)
{
    char *p = (char *)obj + a->offset;
    sg_status rc;

    if (v.type == SG_STR && !v.as.s)
        v = sg_none();
    if (a->count > 0 || a->kind == SG_K_CLASS || sg_list_is(a))
        return SG_ETYPE;
    if (v.type == SG_NONE) {
        if (a->presence < 0 && a->kind != SG_K_STRING && a->kind != SG_K_REF)
            return SG_ETYPE;
        clear_member(p, a);
        set_present(cls, obj, a, false);
        return SG_OK;
    }
    rc = store_member(p, a, v);
    if (rc == SG_OK)
        set_present(cls, obj, a, true);
    return rc;
}

static sg_status del_declared(const sg_class *cls, void *obj, const sg_attr *a)
{
    if (a->presence < 0)
        return SG_EINVAL;
    if (!sg_object_present(cls, obj, a))
        return SG_ENOATTR;
    if (a->count == 0)
        clear_member((char *)obj + a->offset, a);
    set_present(cls, obj, a, false);
    return SG_OK;
}

/* ---- by name --------------------------------------------------------------------------- */

sg_status sg_getattr(const sg_class *cls, const void *obj, const char *name, sg_value *out)
{
    size_t len;
    int i;

    if (!cls || !obj || !name || !out)
        return SG_EINVAL;
    len = strlen(name);
    i = find_declared(cls, name, len);
    if (i >= 0) {
        *out = get_declared(cls, obj, &cls->attrs[i]);
        return SG_OK;
    }
    if (cls->slotted)
        return SG_ENOATTR;
    return sg_dict_get_name(sg_object_dyn(cls, obj), name, len, out);
}

/* The class state a dynamic set on 'd' needs in '*st': none (NULL) when 'd' exists, since
 * its shapes carry their owner; else the class's. SG_OK, SG_ENOMEM, or SG_EINVAL for a class
 * without an rt. */
static sg_status state_for_set(const sg_class *cls, const sg_dict *d, sg_class_state **st)
{
    *st = NULL;
    if (d)
        return SG_OK;
    if (!cls->rt)
        return SG_EINVAL;
    *st = sg_class_state_get(cls);
    return *st ? SG_OK : SG_ENOMEM;
}

sg_status sg_setattr(const sg_class *cls, void *obj, const char *name, sg_value v)
{
    sg_class_state *st;
    sg_dict *d;
    sg_status rc;
    size_t len;
    int i;

    if (!cls || !obj || !name)
        return SG_EINVAL;
    len = strlen(name);
    i = find_declared(cls, name, len);
    if (i >= 0)
        return set_declared(cls, obj, &cls->attrs[i], v);
    if (cls->slotted)
        return SG_ENOATTR;
    d = sg_object_dyn(cls, obj);
    rc = state_for_set(cls, d, &st);
    if (rc != SG_OK)
        return rc;
    rc = sg_dict_set_name(&d, st, name, len, v);
    sg_object_set_dyn(cls, obj, d);
    return rc;
}

static sg_status del_dynamic(const sg_class *cls, void *obj, sg_atom a)
{
    sg_dict *d;
    sg_status rc;

    if (cls->slotted || !a)
        return SG_ENOATTR;
    d = sg_object_dyn(cls, obj);
    rc = sg_dict_del(&d, a);
    sg_object_set_dyn(cls, obj, d);
    return rc;
}

sg_status sg_delattr(const sg_class *cls, void *obj, const char *name)
{
    sg_dict *d;
    sg_status rc;
    size_t len;
    int i;

    if (!cls || !obj || !name)
        return SG_EINVAL;
    len = strlen(name);
    i = find_declared(cls, name, len);
    if (i >= 0)
        return del_declared(cls, obj, &cls->attrs[i]);
    if (cls->slotted)
        return SG_ENOATTR;
    d = sg_object_dyn(cls, obj);
    rc = sg_dict_del_name(&d, name, len);
    sg_object_set_dyn(cls, obj, d);
    return rc;
}

/* ---- by atom --------------------------------------------------------------------------- */

sg_status sg_getattr_atom(const sg_class *cls, const void *obj, sg_atom name, sg_value *out)
{
    int i;

    if (!cls || !obj || !name || !out)
        return SG_EINVAL;
    /* The common dynamic get: one bit test on the dict's shape, then one inline shape scan. A
     * name whose bit is clear is not declared by this class; one whose bit is set goes to
     * find() first. */
    if (!cls->slotted && sg_dict_peek_undeclared(sg_object_dyn(cls, obj), name, out))
        return SG_OK;
    i = find_by_atom(cls, name);
    if (i >= 0) {
        *out = get_declared(cls, obj, &cls->attrs[i]);
        return SG_OK;
    }
    if (cls->slotted)
        return SG_ENOATTR;
    return sg_dict_get(sg_object_dyn(cls, obj), name, out);
}

sg_status sg_setattr_atom(const sg_class *cls, void *obj, sg_atom name, sg_value v)
{
    sg_class_state *st;
    sg_dict *d;
    sg_status rc;
    int i;

    if (!cls || !obj || !name)
        return SG_EINVAL;
    /* The common dynamic set: the dict's shape says the class does not declare the name, and
     * a dict that exists needs no class state. */
    d = cls->slotted ? NULL : sg_object_dyn(cls, obj);
    if (sg_dict_undeclared(d, name)) {
        rc = sg_dict_set(&d, NULL, name, v);
        sg_object_set_dyn(cls, obj, d);
        return rc;
    }
    rc = find_for_set(cls, name, &i);
    if (rc != SG_OK)
        return rc;
    if (i >= 0)
        return set_declared(cls, obj, &cls->attrs[i], v);
    if (cls->slotted)
        return SG_ENOATTR;
    rc = state_for_set(cls, d, &st);
    if (rc != SG_OK)
        return rc;
    rc = sg_dict_set(&d, st, name, v);
    sg_object_set_dyn(cls, obj, d);
    return rc;
}

sg_status sg_delattr_atom(const sg_class *cls, void *obj, sg_atom name)
{
    int i;

    if (!cls || !obj || !name)
        return SG_EINVAL;
    i = find_by_atom(cls, name);
    if (i >= 0)
        return del_declared(cls, obj, &cls->attrs[i]);
    return del_dynamic(cls, obj, name);
}

/* ---- inline caches ---------------------------------------------------------------------
 * A cache whose 'shape' is the class itself remembers a declared attribute's index; any
 * other non-NULL 'shape' is a dict shape (see sg_dict_get_cached). Either way it hits only
 * for the name it was filled for ('key').
 */

static bool cache_declared(const sg_class *cls, sg_atom name, const sg_cache *c)
{
    return c->shape == (const void *)cls && c->key == name;
}

static void fill_declared(const sg_class *cls, sg_atom name, sg_cache *c, int i)
{
    c->shape = cls;
    c->key = name;
    c->index = (uint32_t)i;
}

sg_status sg_getattr_cached(const sg_class *cls, const void *obj, sg_atom name, sg_cache *c,
                            sg_value *out)
{
    const sg_dict *d;
    int i;

    if (!cls || !obj || !name || !c || !out)
        return SG_EINVAL;
    if (cache_declared(cls, name, c)) {
        *out = get_declared(cls, obj, &cls->attrs[c->index]);
        return SG_OK;
    }
    d = cls->slotted ? NULL : sg_object_dyn(cls, obj);
    if (sg_dict_cache_peek(d, name, c, out))   /* filled for a name the dict holds */
        return SG_OK;
    i = find_by_atom(cls, name);
    if (i >= 0) {
        fill_declared(cls, name, c, i);
        *out = get_declared(cls, obj, &cls->attrs[i]);
        return SG_OK;
    }
    if (cls->slotted)
        return SG_ENOATTR;
    return sg_dict_get_cached(d, name, c, out);
}

sg_status sg_setattr_cached(const sg_class *cls, void *obj, sg_atom name, sg_cache *c,
                            sg_value v)
{
    sg_class_state *st;
    sg_dict *d;
    sg_status rc;
    int i;

    if (!cls || !obj || !name || !c)
        return SG_EINVAL;
    if (cache_declared(cls, name, c))
        return set_declared(cls, obj, &cls->attrs[c->index], v);
    rc = find_for_set(cls, name, &i);
    if (rc != SG_OK)
        return rc;
    if (i >= 0) {
        fill_declared(cls, name, c, i);
        return set_declared(cls, obj, &cls->attrs[i], v);
    }
    if (cls->slotted)
        return SG_ENOATTR;
    d = sg_object_dyn(cls, obj);
    rc = state_for_set(cls, d, &st);
    if (rc != SG_OK)
        return rc;
    rc = sg_dict_set_cached(&d, st, name, c, v);
    sg_object_set_dyn(cls, obj, d);
    return rc;
}

/* ---- iteration and destroy ------------------------------------------------------------- */

void sg_iter_init(sg_iter *it, const sg_class *cls, const void *obj)
{
    it->cls = cls;
    it->obj = obj;
    it->next = 0;
}

bool sg_iter_next(sg_iter *it, const char **name, sg_value *value)
{
    const sg_class *cls = it->cls;
    const char *n;
    sg_value v;
    uint32_t pos;
    bool more;

    if (!cls || !it->obj)
        return false;
    while (it->next < cls->nattrs) {
        const sg_attr *a = &cls->attrs[it->next++];
        if (!sg_object_present(cls, it->obj, a))
            continue;
        if (name)
            *name = a->name;
        if (value)
            *value = read_declared(it->obj, a);
        return true;
    }
    if (cls->slotted)
        return false;
    pos = it->next - cls->nattrs;
    more = sg_dict_next(sg_object_dyn(cls, it->obj), &pos, &n, &v);
    it->next = cls->nattrs + pos;
    if (more && name)
        *name = n;
    if (more && value)
        *value = v;
    return more;
}

/* ---- lifecycle ------------------------------------------------------------------------- */

/* Frees what 'obj' owns, without zeroing it. */
static void release(const sg_class *cls, void *obj)
{
    sg_dict *d;

    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const sg_attr *a = &cls->attrs[i];
        uint32_t n = a->count ? a->count : 1;
        char *p = (char *)obj + a->offset;

        if (sg_list_is(a)) {
            sg_list_clear(a, obj);
            continue;
        }
        for (uint32_t k = 0; k < n; k++) {
            if (a->kind == SG_K_STRING)
                clear_member(p + k * (a->size / n), a);
            else if (a->kind == SG_K_CLASS && a->cls)
                release(a->cls, p + k * (a->size / n));
        }
    }
    if (!cls->slotted) {
        d = sg_object_dyn(cls, obj);
        sg_dict_free(&d);
        sg_object_set_dyn(cls, obj, d);
    }
}

void sg_object_destroy(const sg_class *cls, void *obj)
{
    if (!cls || !obj)
        return;
    release(cls, obj);
    memset(obj, 0, cls->size);
}

/* Copies the string defaults of 'a' (an array of the member's count of const char *) into the
 * member at 'p' while '*ok'; a failed copy clears '*ok' and leaves that string and every
 * later one NULL. */
static void copy_string_defaults(const sg_attr *a, char *p, bool *ok)
{
    const char *const *def = (const char *const *)a->def;
    uint32_t n = a->count ? a->count : 1;

    for (uint32_t k = 0; k < n && *ok; k++) {
        char *s = NULL;

        if (def[k] && !(s = sg_str_dup(def[k])))
            *ok = false;
        memcpy(p + k * (a->size / n), &s, sizeof s);
    }
}

/* Applies the defaults of 'cls' to 'obj', which is all zero (see copy_string_defaults for
 * '*ok'). */
static void apply_defaults(const sg_class *cls, void *obj, bool *ok)
{
    for (uint32_t i = 0; i < cls->nattrs && *ok; i++) {
        const sg_attr *a = &cls->attrs[i];
        uint32_t n = a->count ? a->count : 1;
        char *p = (char *)obj + a->offset;

        if (a->flags & SG_ATTR_LIST)
            continue;
        if (a->kind == SG_K_CLASS && a->cls) {
            for (uint32_t k = 0; k < n && *ok; k++)
                apply_defaults(a->cls, p + k * (a->size / n), ok);
        } else if (a->def && a->kind == SG_K_STRING) {
            copy_string_defaults(a, p, ok);
        } else if (a->def) {
            memcpy(p, a->def, a->size);
        }
    }
}

sg_status sg_object_init(const sg_class *cls, void *obj)
{
    bool ok = true;

    if (!cls || !obj)
        return SG_EINVAL;
    memset(obj, 0, cls->size);
    apply_defaults(cls, obj, &ok);
    if (ok)
        return SG_OK;
    sg_object_destroy(cls, obj);
    return SG_ENOMEM;
}

void *sg_object_new(const sg_class *cls)
{
    void *obj;

    if (!cls)
        return NULL;
    obj = sg_alloc(cls->size);
    if (obj && sg_object_init(cls, obj) != SG_OK) {
        sg_dealloc(obj, cls->size);
        obj = NULL;
    }
    return obj;
}

/* True when 'a' is a parameter of the generated constructor (see sg_object_new_with): the
 * rule of the compiler's gen_is_constructor_param (compiler/gen_header.c), kept in step. */
static bool is_constructor_param(const sg_attr *a)
{
    return a->presence < 0 && a->count == 0 && !(a->flags & SG_ATTR_LIST) &&
           a->kind != SG_K_CLASS;
}

/* Copies string argument 's' into the member at 'p' (NULL: an empty char[N], or no string). */
static sg_status store_text_arg(char *p, const sg_attr *a, const char *s)
{
    char *old;
    sg_status rc;

    if (a->kind == SG_K_CHARS)
        return store_chars(p, a, sg_str(s ? s : ""));
    memcpy(&old, p, sizeof old);        /* the member may be unaligned (packed) */
    rc = sg_str_replace(&old, s);       /* NULL frees a default string */
    memcpy(p, &old, sizeof old);
    return rc;
}

/* Stores the next constructor argument of 'ap' (see sg_object_new_with) in the member of 'a'
 * at 'p'. Every integer is written through write_int, so its width is the member's. */
static sg_status store_vararg(char *p, const sg_attr *a, va_list *ap)
{
    bool b;
    char c;
    float f;
    double d;
    void *r;

    switch (a->kind) {
    case SG_K_BOOL:
        b = va_arg(*ap, int) != 0;
        memcpy(p, &b, sizeof b);
        return SG_OK;
    case SG_K_CHAR:
        c = (char)va_arg(*ap, int);
        memcpy(p, &c, 1);
        return SG_OK;
    case SG_K_I8: case SG_K_I16: case SG_K_U8: case SG_K_U16:
        sg_object_write_uint(p, a->size, (uint64_t)(int64_t)va_arg(*ap, int));
        return SG_OK;
    case SG_K_I32:
        sg_object_write_uint(p, a->size, (uint64_t)(int64_t)va_arg(*ap, int32_t));
        return SG_OK;
    case SG_K_U32:
        sg_object_write_uint(p, a->size, va_arg(*ap, uint32_t));
        return SG_OK;
    case SG_K_I64: case SG_K_ENUM:
        sg_object_write_uint(p, a->size, (uint64_t)va_arg(*ap, int64_t));
        return SG_OK;
    case SG_K_U64: case SG_K_FLAGS:
        sg_object_write_uint(p, a->size, va_arg(*ap, uint64_t));
        return SG_OK;
    case SG_K_F32:
        f = (float)va_arg(*ap, double);
        memcpy(p, &f, sizeof f);
        return SG_OK;
    case SG_K_F64:
        d = va_arg(*ap, double);
        memcpy(p, &d, sizeof d);
        return SG_OK;
    case SG_K_STRING: case SG_K_CHARS:
        return store_text_arg(p, a, va_arg(*ap, const char *));
    case SG_K_REF:
        r = va_arg(*ap, void *);
        memcpy(p, &r, sizeof r);
        return SG_OK;
    default:
        return SG_ETYPE;
    }
}

void *sg_object_new_with(const sg_class *cls, ...)
{
    char *obj = sg_object_new(cls);
    bool ok = obj != NULL;
    va_list ap;

    va_start(ap, cls);
    for (uint32_t i = 0; ok && i < cls->nattrs; i++) {
        const sg_attr *a = &cls->attrs[i];

        if (is_constructor_param(a))
            ok = store_vararg(obj + a->offset, a, &ap) == SG_OK;
    }
    va_end(ap);
    if (!ok && obj) {
        sg_object_free(cls, obj);
        obj = NULL;
    }
    return obj;
}

void sg_object_free(const sg_class *cls, void *obj)
{
    if (!cls || !obj)
        return;
    release(cls, obj);
    sg_dealloc(obj, cls->size);
}
