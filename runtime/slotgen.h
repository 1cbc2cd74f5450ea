/*
 * slotgen.h - the public API of the slotgen runtime (libslotgen).
 *
 * This one header is everything generated code and users need: status codes, the tagged
 * sg_value, the allocation hook, owned strings, interned names (atoms), reflection tables
 * (sg_class, sg_attr, sg_enum), flag sets as text, lists (T[]) and the reflection of their
 * elements, the by-name object API (getattr, setattr, delattr, iteration) with its
 * dynamic-attribute store for classes that are not slotted, and the generic copy, equality,
 * hash and printing of any object.
 * The runtime's own module headers (sg_*.h beside this one) are internal.
 *
 * Invariants that hold across the API:
 *   - No function aborts or exits; failures are reported as sg_status values.
 *   - On any error the object passed in is unchanged (sg_copy's destination excepted: it is
 *     left destroyed and zeroed).
 *   - Every *_free function accepts NULL.
 *   - No registration call is needed before use; per-class state is set up lazily.
 *   - Atoms and class state are safe to use from many threads at once. One object is exactly as
 *     thread-safe as its struct: concurrent readers are fine, a writer needs exclusive access.
 *     An inline cache (sg_cache) is written by the calls that use it, reads included: keep one
 *     per call site per thread, never one shared by threads.
 *
 * The header compiles as C99, C11 and C++.
 *
 * Names: everything here but the guard SLOTGEN_H starts with sg_ or SG_ and never ends in '_';
 * the compiler keeps that namespace for the runtime and the guards of generated headers
 * (SG_<name>_SLOT_H), and gives a struct member named like one of these (SG_OK) a trailing
 * '_'. A new name here must keep that form, and compiler/gen_reserved.py must be run again (it
 * reads this header).
 */
#ifndef SLOTGEN_H
#define SLOTGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libslotgen.so is built with -fvisibility=hidden: it exports exactly the functions declared
 * between this push and the pop at the end of the header, and nothing of the runtime's
 * internal modules (tests/symbols_test.sh checks it). */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default)
#endif

/* ---------------------------------------------------------------------------------------------
 * Versions. Generated code checks SG_ABI_VERSION and refuses to compile against another.
 */
#define SG_VERSION_MAJOR 2
#define SG_VERSION_MINOR 1
#define SG_VERSION_PATCH 0
#define SG_VERSION_STRING "2.1.0"
#define SG_ABI_VERSION 2

/* Returns SG_VERSION_STRING of the library actually linked. */
const char *sg_version(void);

/* ---------------------------------------------------------------------------------------------
 * Status codes. ORDER STATUS: keep sg_strerror's table in step.
 */
typedef enum sg_status {
    SG_OK = 0,   /* success */
    SG_ENOATTR,  /* no such attribute */
    SG_ETYPE,    /* value of the wrong kind for the attribute */
    SG_ERANGE,   /* value out of the attribute's range (or index out of bounds) */
    SG_ENOMEM,   /* allocation failed; the object is unchanged */
    SG_EINVAL,   /* invalid argument: NULL name, deleting a required attribute, ... */
    SG_EIO       /* writing to a stream failed (sg_fprint) */
} sg_status;

#define SG_STATUS_COUNT 7

/* A static, human-readable message for 's'; "unknown status" for values out of range. */
const char *sg_strerror(sg_status s);

/* ---------------------------------------------------------------------------------------------
 * Allocation. Every byte the runtime and generated code allocate goes through one hook, in the
 * style of lua_Alloc: hook(ud, NULL, 0, n) allocates, hook(ud, p, n, 0) frees (returns NULL).
 * The runtime never asks the hook to resize, and never holds a lock while the hook runs (so a
 * hook may call into slotgen, and a slow hook stalls only its caller). Set the hook before any
 * allocation, or when nothing allocated through the previous hook is still live (after
 * sg_runtime_cleanup()).
 *
 * Small blocks are carved from size-class slabs (16 KiB chunks) the runtime obtains through
 * the hook, so they pay no per-block malloc header. Memory is given back while the program
 * runs: once a size class holds enough free blocks, its chunks with no live block leave it;
 * a few wait as spares for any size class, the rest go back to the hook.
 *
 * Memory tools. Under AddressSanitizer (the program, or any part of it, built with
 * -fsanitize=address) or valgrind, detected when the first block is allocated, the runtime
 * runs in exact mode: no slabs, every object and owned string its own hook (malloc) block, so
 * leaks are reported with their allocating stack and a use after free is caught. The
 * environment variable SG_SLABS=0 forces exact mode, SG_SLABS=1 forces the slabs; sg_set_slabs
 * overrides both.
 */
typedef void *(*sg_alloc_fn)(void *ud, void *ptr, size_t old_size, size_t new_size);

/* Installs 'fn' (NULL restores the default, built on malloc/free). Not thread-safe. */
void sg_set_allocator(sg_alloc_fn fn, void *ud);

/* Turns the slabs off (exact mode: every block goes to the hook at its exact size, so a test
 * can fail any one allocation and a memory tool sees each block), or on. Overrides SG_SLABS
 * and the detection of memory tools. Like sg_set_allocator: only while nothing allocated by
 * sg_alloc is live. Not thread-safe. */
void sg_set_slabs(bool on);

/* Returns 'size' bytes, zero-filled, or NULL when out of memory. 'size' 0 gives NULL. */
void *sg_alloc(size_t size);

/* Frees a block from sg_alloc; 'size' must be the size it was allocated with. NULL is fine. */
void sg_dealloc(void *ptr, size_t size);

/* Frees the runtime's global state (atoms, shapes, empty slabs). Only for leak checkers at
 * exit or between tests: no other thread may use the runtime, no object with dynamic
 * attributes may be live, and every atom obtained before is invalid afterwards. */
void sg_runtime_cleanup(void);

/* ---------------------------------------------------------------------------------------------
 * Owned strings: NUL-terminated char arrays allocated through the hook, each with its size
 * stored in front of its characters (one byte for strings under 254 characters), so freeing
 * one never depends on its content. With the char * of an owned string, a user may read it,
 * and write any characters, a NUL included, at indexes 0 to the length it was made with:
 * shortening it in place (strcpy of a shorter string, a NUL written into it) is fine. A user
 * must not write before index 0 or past the NUL it was made with (no strcat that lengthens
 * it), and must not pass it to free() or realloc(): to lengthen or replace it, use
 * sg_str_replace or the generated setter; to free it, sg_str_free.
 */

/* Returns an owned copy of 's', or NULL when out of memory (or when 's' is NULL). */
char *sg_str_dup(const char *s);

/* Frees an owned string, whatever its characters are now. NULL is fine. */
void sg_str_free(char *s);

/* Replaces '*slot' (an owned string or NULL) by a copy of 'v'; 'v' NULL clears it. 'v' may
 * be '*slot' itself. Returns SG_OK, or SG_ENOMEM with '*slot' unchanged. */
sg_status sg_str_replace(char **slot, const char *v);

/* ---------------------------------------------------------------------------------------------
 * Values. An sg_value is a tagged union passed by value. A value never owns what it points
 * to: SG_STR values read from an object are borrowed and stay valid until that attribute is
 * next changed or the object is destroyed; SG_STR values given to a setter are copied.
 * ORDER TYPE: keep sg_type_name's table in step.
 */
typedef enum sg_type {
    SG_NONE = 0,
    SG_BOOL,
    SG_INT,    /* int64_t */
    SG_UINT,   /* uint64_t */
    SG_FLOAT,  /* double */
    SG_STR,    /* const char *, NUL-terminated */
    SG_PTR,    /* void *, not owned */
    SG_LIST    /* a list or fixed array of an object: 'attr' describes it (see sg_attr_at) */
} sg_type;

#define SG_TYPE_COUNT 8

struct sg_attr;

typedef struct sg_value {
    sg_type type;
    union {
        bool b;
        int64_t i;
        uint64_t u;
        double f;
        const char *s;
        void *p;
        const struct sg_attr *attr;
    } as;
} sg_value;

/* The type's name ("none", "bool", "int", "uint", "float", "str", "ptr", "list"). */
const char *sg_type_name(sg_type t);

static inline sg_value sg_none(void)
{
    sg_value v;
    v.type = SG_NONE;
    v.as.u = 0;
    return v;
}

static inline sg_value sg_bool(bool b)
{
    sg_value v;
    v.type = SG_BOOL;
    v.as.u = 0;
    v.as.b = b;
    return v;
}

static inline sg_value sg_int(int64_t i)
{
    sg_value v;
    v.type = SG_INT;
    v.as.i = i;
    return v;
}

static inline sg_value sg_uint(uint64_t u)
{
    sg_value v;
    v.type = SG_UINT;
    v.as.u = u;
    return v;
}

static inline sg_value sg_float(double f)
{
    sg_value v;
    v.type = SG_FLOAT;
    v.as.f = f;
    return v;
}

/* A NULL 's' gives sg_none(). */
static inline sg_value sg_str(const char *s)
{
    sg_value v;
    if (!s)
        return sg_none();
    v.type = SG_STR;
    v.as.s = s;
    return v;
}

static inline sg_value sg_ptr(void *p)
{
    sg_value v;
    v.type = SG_PTR;
    v.as.p = p;
    return v;
}

/* Readers: the payload when the tag matches, else false / 0 / NULL. */
static inline bool sg_as_bool(sg_value v) { return v.type == SG_BOOL && v.as.b; }
static inline int64_t sg_as_int(sg_value v) { return v.type == SG_INT ? v.as.i : 0; }
static inline uint64_t sg_as_uint(sg_value v) { return v.type == SG_UINT ? v.as.u : 0; }
static inline double sg_as_float(sg_value v) { return v.type == SG_FLOAT ? v.as.f : 0.0; }
static inline const char *sg_as_str(sg_value v) { return v.type == SG_STR ? v.as.s : NULL; }
static inline void *sg_as_ptr(sg_value v) { return v.type == SG_PTR ? v.as.p : NULL; }
static inline const struct sg_attr *sg_as_list(sg_value v)
{
    return v.type == SG_LIST ? v.as.attr : NULL;
}

/* True when 'a' and 'b' have the same tag and payload (strings compared by content). */
bool sg_value_equal(sg_value a, sg_value b);

/* ---------------------------------------------------------------------------------------------
 * Atoms: interned attribute names. Equal names give the same atom, so atoms compare by
 * pointer. Atoms are never freed (until sg_runtime_cleanup); interning is serialized, lookups
 * take no lock.
 */
typedef const struct sg_atom_rec *sg_atom;

/* The atom for 'name', created if needed. NULL when out of memory or 'name' is NULL. */
sg_atom sg_atom_intern(const char *name);

/* The atom for 'name' if it was ever interned, else NULL. Never allocates. */
sg_atom sg_atom_find(const char *name);

/* The atom's name: NUL-terminated, valid as long as the atom. */
const char *sg_atom_name(sg_atom a);

/* ---------------------------------------------------------------------------------------------
 * Reflection. Generated code defines one const sg_class per class and one const sg_enum per
 * enum. Class identity lives in these tables, never in the instances.
 * ORDER KIND: keep sg_kind_name's table in step.
 */
typedef enum sg_kind {
    SG_K_BOOL = 0,
    SG_K_CHAR,
    SG_K_I8,
    SG_K_I16,
    SG_K_I32,
    SG_K_I64,
    SG_K_U8,
    SG_K_U16,
    SG_K_U32,
    SG_K_U64,
    SG_K_F32,
    SG_K_F64,
    SG_K_STRING, /* char *: owned, NUL-terminated, NULL when unset */
    SG_K_CHARS,  /* char[N]: inline, NUL-terminated, N bytes with the NUL */
    SG_K_ENUM,   /* a C enum; 'enm' describes it */
    SG_K_CLASS,  /* another generated struct embedded by value; 'cls' describes it */
    SG_K_REF,    /* a non-owning pointer to an instance of 'cls' */
    SG_K_FLAGS   /* a set of flags: 'enm' lists them, each member's value is its bit */
} sg_kind;

#define SG_KIND_COUNT 18

/* The kind's schema spelling ("bool", "char", "i8", ... "string", "char[]", "enum",
 * "class", "ref", "flags"). */
const char *sg_kind_name(sg_kind k);

typedef struct sg_enum_member {
    const char *name;  /* as in the schema */
    int64_t value;
} sg_enum_member;

typedef struct sg_enum {
    const char *name;
    uint32_t count;
    const sg_enum_member *members;  /* in declaration order */
} sg_enum;

/* The member named 'name' (its value in '*out'): SG_OK or SG_ENOATTR. */
sg_status sg_enum_value(const sg_enum *e, const char *name, int64_t *out);

/* The name of the member with 'value', or NULL. */
const char *sg_enum_name(const sg_enum *e, int64_t value);

/* Flag sets. A flag type is an sg_enum whose member values are single bits (1 << k); a set
 * is their OR, written as the members' names joined by '|' in declaration order ("wifi|spa"),
 * the empty set as "".
 *
 * sg_flags_format writes the text of 'set' into 'buf' (always NUL-terminated when 'size' > 0).
 * SG_OK; SG_ERANGE when 'buf' is too small (the text is truncated) or 'set' has bits that are
 * no member (the members' names are written, the unknown bits left out); SG_EINVAL for a
 * NULL 'e', or a NULL 'buf' with a 'size'. */
sg_status sg_flags_format(const sg_enum *e, uint64_t set, char *buf, size_t size);

/* Parses "wifi|spa" (blanks around names allowed; "" or only blanks is the empty set) into
 * '*out'. SG_OK; SG_ENOATTR for a name that is no member, or an empty one ("a||b", "a|"),
 * with '*out' unchanged; SG_EINVAL for a NULL argument. */
sg_status sg_flags_parse(const sg_enum *e, const char *text, uint64_t *out);

struct sg_class;

/* sg_attr.flags */
#define SG_ATTR_LIST 0x1u        /* a T[] list: the member is one pointer to its elements */
#define SG_ATTR_DEPRECATED 0x2u  /* declared deprecated in the schema */
/* The schema gives the attribute a default ('default:'), whatever its value: set too when
 * 'def' is NULL because the default is all zero (a string's or char[N]'s null, a flag set's
 * []), so a reader (libslotgen-io's required-attribute rule) tells "defaults to zero" from "no
 * default". Tables generated before the bit existed never set it: a reader should count a
 * non-NULL 'def' as a default too. */
#define SG_ATTR_HAS_DEFAULT 0x4u

typedef struct sg_attr {
    const char *name;           /* the attribute's name, as in the schema */
    sg_kind kind;               /* element kind when 'count' > 0 */
    uint32_t offset;            /* offsetof the member in the struct */
    uint32_t size;              /* sizeof the member (the whole array when 'count' > 0) */
    uint32_t count;             /* elements of a T[N] array; 0 when not an array */
    int32_t presence;           /* bit in the presence bitmap; -1 when not optional */
    uint32_t flags;             /* SG_ATTR_* bits; 0 for a plain attribute */
    uint32_t elem_size;         /* sizeof one element of a T[N] or T[]; else 'size' */
    const struct sg_class *cls; /* SG_K_CLASS and SG_K_REF: the target class */
    const sg_enum *enm;         /* SG_K_ENUM and SG_K_FLAGS: the enum */
    /* The schema default, or NULL for all zero: an object of the member's type ('size'
     * bytes) that sg_object_init copies, except for strings (SG_K_STRING), where it is the
     * member's count of 'const char *' (1 when not an array), each copied when not NULL.
     * Always NULL for SG_K_CLASS: an embedded object starts from its own class's defaults. */
    const void *def;
} sg_attr;

/* The runtime's mutable per-class state (shape tree, cached atoms). Generated code defines
 * one zero-initialized instance per class; only the runtime reads or writes it. */
typedef struct sg_class_rt {
    void *state;
} sg_class_rt;

typedef struct sg_class {
    const char *name;
    uint32_t size;             /* sizeof the struct */
    uint32_t align;            /* its alignment */
    bool slotted;              /* true: declared attributes only */
    bool packed;               /* true: members may be unaligned */
    uint32_t nattrs;
    const sg_attr *attrs;      /* declared attributes, in declaration order */
    /* The index of sg_class_find: the 'nattrs' indexes of 'attrs' sorted by the attributes'
     * names in strcmp order (bytes compared as unsigned char). NULL: sg_class_find scans. */
    const uint32_t *by_name;
    uint32_t dyn_offset;       /* offsetof the sg_dict pointer; 0 when slotted */
    uint32_t presence_offset;  /* offsetof the presence bitmap; 0 when nothing is optional */
    sg_class_rt *rt;
} sg_class;

/* The index in cls->attrs of the declared attribute called 'name' ('len' bytes, no NUL
 * needed), or -1: a binary search of cls->by_name, or a scan when that is NULL. */
int sg_class_find(const sg_class *cls, const char *name, size_t len);

/* Frees the runtime's state of 'cls' (its shapes), leaving cls->rt as if the class was never
 * used; nothing when it has none. For tables built at run time (slotgen validate builds them
 * from a schema), before their memory goes: no object of the class with dynamic attributes
 * may be live, and no other thread may use the class meanwhile. NULL is fine. */
void sg_class_release(const sg_class *cls);

/* ---------------------------------------------------------------------------------------------
 * Lists (T[]). The struct member is one pointer to the first element (char **tags,
 * int32_t *scores, Room *rooms, Image **refs), NULL while the list has no storage. The
 * storage is one sg_alloc block: an sg_list_head, then 'cap' elements of a->elem_size bytes.
 * Element ownership follows the attribute: string elements are owned copies (NULL allowed),
 * embedded-class elements are objects the list owns (deep copies), ref elements are not owned.
 * sg_object_destroy frees lists; sg_copy, sg_equal, sg_hash and sg_repr cover them.
 *
 * The mutators take the attribute's descriptor (generated code passes &Name_class.attrs[K])
 * and the object. 'elem' points to ONE element value as the caller holds it: &v for a scalar,
 * a string (const char *) or a ref; for an embedded class the object itself (const Room *).
 * Every failure leaves the list exactly as it was. A NULL argument, or a descriptor without
 * SG_ATTR_LIST, gives SG_EINVAL.
 */
typedef struct sg_list_head {
    uint32_t count;  /* elements in use */
    uint32_t cap;    /* elements the block holds */
} sg_list_head;

/* The count of the list whose member holds 'elems' (NULL: 0). */
static inline size_t sg_list_count(const void *elems)
{
    return elems ? ((const sg_list_head *)elems)[-1].count : 0;
}

/* Makes room for 'n' elements in all (exactly 'n' when it grows). SG_OK; SG_ENOMEM;
 * SG_ERANGE for 'n' > UINT32_MAX. */
sg_status sg_list_reserve(const sg_attr *a, void *obj, size_t n);

/* Appends a copy of '*elem' (see above), growing the storage to cap + cap/2 + 1 when full.
 * SG_OK; SG_ENOMEM; SG_ERANGE at UINT32_MAX elements. */
sg_status sg_list_append(const sg_attr *a, void *obj, const void *elem);

/* Replaces element 'i' by a copy of '*elem', freeing the old one ('elem' may be an element of
 * the same list). SG_OK; SG_ERANGE for 'i' >= the count; SG_ENOMEM. */
sg_status sg_list_set_at(const sg_attr *a, void *obj, size_t i, const void *elem);

/* Frees element 'i' and moves the later ones down (the storage stays). SG_OK; SG_ERANGE for
 * 'i' >= the count. */
sg_status sg_list_remove_at(const sg_attr *a, void *obj, size_t i);

/* Frees every element and the storage; the member becomes NULL. */
void sg_list_clear(const sg_attr *a, void *obj);

/* Reflection of any list or fixed array. sg_attr_count: a list's count, N for a T[N] array,
 * 0 for any other attribute (or a NULL argument). sg_attr_at: element 'i' in '*out', as
 * getattr gives a scalar of the element kind (an embedded-class element as SG_PTR to it);
 * SG_ERANGE for 'i' >= the count; SG_ETYPE for an attribute that is neither; SG_EINVAL for a
 * NULL argument. getattr and iteration give a list or an array as SG_LIST with 'attr' set to
 * its descriptor: read it with these two on the same object. */
size_t sg_attr_count(const sg_attr *a, const void *obj);
sg_status sg_attr_at(const sg_attr *a, const void *obj, size_t i, sg_value *out);

/* ---------------------------------------------------------------------------------------------
 * Dynamic attributes. A class that is not slotted ends its struct with 'sg_dict *sg_dyn',
 * NULL until the first dynamic attribute is set; sg_object_destroy frees it.
 */
typedef struct sg_dict sg_dict;

/* Frees '*d' and every value it owns, then sets '*d' to NULL. NULL '*d' is fine. */
void sg_dict_free(sg_dict **d);

/* The number of live dynamic attributes in 'd' (0 for NULL). */
size_t sg_dict_count(const sg_dict *d);

/* ---------------------------------------------------------------------------------------------
 * Objects by name. 'cls' describes 'obj'. Declared attributes are found first (sg_class_find
 * over the class's generated index, then a load at a known offset); only then, on a class
 * that is not slotted, the dynamic attributes.
 *
 * getattr: SG_OK with '*out' set; SG_ENOATTR when there is no such attribute (on a slotted
 *   class, or a dynamic attribute never set). An absent optional attribute reads as SG_NONE;
 *   a NULL string as SG_NONE; an embedded class as SG_PTR to it; a list (T[]) or an array
 *   (T[N]) as SG_LIST (read it with sg_attr_count and sg_attr_at); a flag set as SG_UINT.
 * setattr: SG_OK; SG_ETYPE for a value of the wrong kind (lists, arrays and embedded classes
 *   cannot be set by name); SG_ERANGE for a value out of range; SG_ENOATTR on a slotted class
 *   for an unknown name; SG_ENOMEM. Ints and uints convert to each other and to floats when
 *   the value fits; enums also take a member name as SG_STR; a flag set takes an integer with
 *   no bit that is no member, or a string such as "wifi|spa" (SG_ERANGE for an unknown
 *   name); SG_NONE clears an optional attribute, a string or a ref.
 * delattr: SG_OK; SG_ENOATTR when absent; SG_EINVAL for a declared attribute that is not
 *   optional.
 * On any error the object is unchanged.
 */
sg_status sg_getattr(const sg_class *cls, const void *obj, const char *name, sg_value *out);
sg_status sg_setattr(const sg_class *cls, void *obj, const char *name, sg_value v);
sg_status sg_delattr(const sg_class *cls, void *obj, const char *name);

/* The same by atom: no string hashing at all. */
sg_status sg_getattr_atom(const sg_class *cls, const void *obj, sg_atom name, sg_value *out);
sg_status sg_setattr_atom(const sg_class *cls, void *obj, sg_atom name, sg_value v);
sg_status sg_delattr_atom(const sg_class *cls, void *obj, sg_atom name);

/* An inline cache for one call site that reads or writes one name repeatedly: zero it once
 * (SG_CACHE_INIT), then pass it to every call of that site. It remembers the name it was
 * filled for ('key'), where that name was found ('shape': the class itself for a declared
 * attribute, else the dynamic shape) and its 'index' there; a call with another name, or on
 * an object of another shape, misses, looks the name up and refills the cache.
 * A miss writes the cache with plain stores, even in sg_getattr_cached: a cache belongs to
 * one call site in one thread. Make it a local (before a loop) or a thread-local static
 * (_Thread_local in C11, thread_local in C++), never a plain static shared by threads. */
typedef struct sg_cache {
    const void *shape;
    sg_atom key;
    uint32_t index;
} sg_cache;

#define SG_CACHE_INIT {NULL, NULL, 0}

sg_status sg_getattr_cached(const sg_class *cls, const void *obj, sg_atom name, sg_cache *c,
                            sg_value *out);
sg_status sg_setattr_cached(const sg_class *cls, void *obj, sg_atom name, sg_cache *c,
                            sg_value v);

/* Iteration over every attribute that is set: declared ones in declaration order (absent
 * optional ones skipped), then dynamic ones in insertion order. The object must not change
 * while an iterator is in use.
 *
 *     sg_iter it;
 *     const char *name;
 *     sg_value v;
 *     sg_iter_init(&it, &Image_class, img);
 *     while (sg_iter_next(&it, &name, &v))
 *         printf("%s\n", name);
 */
typedef struct sg_iter {
    const sg_class *cls;
    const void *obj;
    uint32_t next;   /* next declared index, then nattrs + next dynamic slot */
} sg_iter;

void sg_iter_init(sg_iter *it, const sg_class *cls, const void *obj);

/* Stores the next attribute's name and value and returns true, or returns false at the end. */
bool sg_iter_next(sg_iter *it, const char **name, sg_value *value);

/* ---------------------------------------------------------------------------------------------
 * Object lifecycle, driven by the class tables: what the generated Name_init, Name_destroy,
 * Name_new and Name_free call. 'cls' describes 'obj'.
 */

/* Initializes the 'cls->size' bytes at 'obj' (storage the caller owns, whatever it holds):
 * zeroes them, then applies the schema defaults (each attribute's 'def'; embedded objects
 * from their own class's defaults), copying default strings. SG_OK, or SG_ENOMEM with 'obj'
 * all zero and nothing to free. */
sg_status sg_object_init(const sg_class *cls, void *obj);

/* Frees what 'obj' owns (strings, embedded objects' strings, dynamic attributes), not 'obj'
 * itself, and zeroes its 'cls->size' bytes. NULL 'obj' is fine. */
void sg_object_destroy(const sg_class *cls, void *obj);

/* A new object of 'cls' (sg_alloc, then sg_object_init), or NULL when out of memory.
 * Free it with sg_object_free. */
void *sg_object_new(const sg_class *cls);

/* sg_object_destroy, then frees 'obj' (from sg_object_new or sg_alloc(cls->size)). NULL is
 * fine. */
void sg_object_free(const sg_class *cls, void *obj);

/* What the generated Name_new does: sg_object_new, then sets each constructor attribute from
 * the arguments after 'cls'. The constructor attributes are, in declaration order, those that
 * are not optional (presence -1), not arrays or lists (count 0, no SG_ATTR_LIST) and not
 * embedded classes; each is passed as its member's type after the default argument
 * promotions (bool, char and integers narrower than int as int, f32 as double), except that
 * a string or char[N] is a 'const char *' (copied; NULL leaves a string NULL and a char[N]
 * empty), an enum an int64_t, a flag set a uint64_t and a ref a 'void *'. Returns the
 * object, or NULL when out of memory or a char[N] value does not fit (nothing is left
 * allocated). */
void *sg_object_new_with(const sg_class *cls, ...);

/* ---------------------------------------------------------------------------------------------
 * Copy, equality, hash and printing of any object, driven by its class (docs/runtime.md).
 */

/* Makes 'dst' a deep copy of 'src': strings, lists, embedded objects and dynamic attributes
 * are copied, refs are not followed. 'dst' must be an initialized (or zeroed) object of
 * 'cls', whose old contents are released first, as in an assignment; 'dst' == 'src' does
 * nothing. SG_OK; SG_ENOMEM with 'dst' destroyed and zeroed (never half-copied, nothing
 * leaked); SG_EINVAL for a NULL argument. */
sg_status sg_copy(const sg_class *cls, void *dst, const void *src);

/* A new object of 'cls' (sg_alloc) holding a deep copy of 'src', as sg_copy makes it: what
 * the generated Name_clone returns. Free it with sg_object_free. NULL when out of memory
 * (nothing is left allocated) or when 'cls' or 'src' is NULL. Since runtime 2.1. */
void *sg_object_clone(const sg_class *cls, const void *src);

/* True when 'a' and 'b' hold the same values: declared attributes by value (strings by
 * content, refs by pointer, floats with == except that a NaN equals a NaN of the same bits,
 * an optional attribute when absent in both or present and equal in both), dynamic attributes
 * as an unordered set of (name, value) pairs (sg_value_equal). NULL objects are equal only to
 * each other. */
bool sg_equal(const sg_class *cls, const void *a, const void *b);

/* A hash of 'obj' consistent with sg_equal (equal objects hash alike; -0.0 as 0.0; dynamic
 * attributes in any order). Deterministic, unseeded: not for tables keyed by untrusted input.
 * 0 for a NULL argument. */
uint64_t sg_hash(const sg_class *cls, const void *obj);

/* Prints 'obj' Python-style, dynamic attributes included:
 *     Image(id=7, caption='A cat', tags=['cat', 'mat'], other=True)
 * into 'buf' like snprintf: at most 'size' bytes, NUL-terminated when 'size' > 0 ('buf' may be
 * NULL when 'size' is 0). Returns the length of the whole text (without the NUL), so a result
 * >= 'size' means it was truncated. A NULL 'cls' or 'obj' prints "None". */
size_t sg_repr(const sg_class *cls, const void *obj, char *buf, size_t size);

/* Prints the same text to 'out'. SG_OK; SG_EIO when writing fails; SG_EINVAL for a NULL
 * argument. */
sg_status sg_fprint(FILE *out, const sg_class *cls, const void *obj);

/* ---------------------------------------------------------------------------------------------
 * Portability macros for generated code: SG_PACKED marks packed classes.
 */
#if defined(__GNUC__) || defined(__clang__)
#define SG_PACKED __attribute__((packed))
#else
#define SG_PACKED
#endif

/* The alignment of type T, for sg_class.align, in C99, C11 and C++. */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define SG_ALIGNOF(T) alignof(T)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define SG_ALIGNOF(T) _Alignof(T)
#elif defined(__GNUC__) || defined(__clang__)
#define SG_ALIGNOF(T) __alignof__(T)
#else
#define SG_ALIGNOF(T) offsetof(struct { char c; T x; }, x)
#endif

/* SG_TYPED(T, p): 'p' converted to 'T *' exactly as a function parameter of type 'T *' would
 * convert it, so a generated macro (Name_attr(self), Name_free(self), ...) checks its object
 * argument as the inline function it replaced did: a pointer to another type is an
 * incompatible-pointer-types diagnostic in C (an error in C++), a 'const T *' passed for a
 * 'T *' discards a qualifier, a 'void *' or a NULL pointer constant passes in C. 'p' is
 * evaluated once, and no code is generated for it (docs/generated-code.md). C: a compound
 * literal of type 'T *' initialized with 'p'; C++ (where compound literals are an extension):
 * a function template that returns its 'T *' parameter. */
#ifdef __cplusplus
extern "C++" {
template <class T> inline T *sg_typed(T *p) { return p; }
}
#define SG_TYPED(T, p) (::sg_typed<T>(p))
#else
#define SG_TYPED(T, p) ((T *){(p)})
#endif

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* SLOTGEN_H */
