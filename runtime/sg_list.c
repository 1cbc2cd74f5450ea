/*
 * sg_list.c - T[] lists: storage, growth and element ownership; reflection of the elements of
 * lists and fixed arrays.
 *
 * A list member is one pointer to its first element, NULL while the list has no storage (an
 * empty list costs that pointer and nothing else). The storage is one sg_alloc block:
 *
 *     [sg_list_head {uint32_t count; uint32_t cap;}: 8 bytes][cap elements of elem_size]
 *                                                             ^ the member points here
 *
 * Elements are no more aligned than 8 bytes (no schema type is), so they follow the header
 * with no padding. The allocation hook is never asked to resize: growth allocates a new block
 * (cap + cap / 2 + 1 elements, or what a reserve asks for exactly), moves the elements
 * bytewise (objects of generated classes do not point into themselves) and frees the old one.
 *
 * Element ownership follows the attribute's kind: a string element is an owned string (a copy
 * of what was appended; NULL allowed), an embedded-class element is an object the list owns
 * (deep-copied in, destroyed on removal), a ref element a pointer the list does not own,
 * anything else plain bytes.
 *
 * Every change makes what can fail first (the string copy, the new block, the element's deep
 * copy) and commits with plain stores after, so every failure leaves the list as it was. An
 * element to append or set may be one of the list's own elements: it is copied before the old
 * block or the old element goes.
 */
#include "sg_list.h"
#include "sg_ops.h"

#include <string.h>

#include "sg_object.h"

static sg_list_head *head_of(char *elems)
{
    return (sg_list_head *)(void *)elems - 1;
}

static uint32_t cap_of(char *elems)
{
    return elems ? head_of(elems)->cap : 0;
}

static size_t block_bytes(const sg_attr *a, uint32_t cap)
{
    return sizeof(sg_list_head) + (size_t)cap * a->elem_size;
}

static void store(const sg_attr *a, void *obj, char *elems)
{
    sg_object_set_ptr((char *)obj + a->offset, elems);
}

static void block_free(const sg_attr *a, char *elems)
{
    if (elems)
        sg_dealloc(head_of(elems), block_bytes(a, head_of(elems)->cap));
}

/* A new block for 'cap' elements holding the elements of 'elems' (moved bytewise; the old
 * block is left alone), or NULL when out of memory or too large. */
static char *block_new(const sg_attr *a, char *elems, uint32_t cap)
{
    uint32_t count = (uint32_t)sg_list_count(elems);
    sg_list_head *h;

    if (a->elem_size > 0 && cap > (SIZE_MAX - sizeof *h) / a->elem_size)
        return NULL;
    h = sg_alloc(block_bytes(a, cap));
    if (!h)
        return NULL;
    h->count = count;
    h->cap = cap;
    if (count > 0)
        memcpy(h + 1, elems, (size_t)count * a->elem_size);
    return (char *)(h + 1);
}

/* The capacity after growing from 'cap' to hold 'need' elements: at least cap * 1.5. */
static uint32_t grown(uint32_t cap, uint32_t need)
{
    uint64_t c = (uint64_t)cap + cap / 2 + 1;

    if (c < need)
        c = need;
    return c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
}

/* Frees what the element at 'p' owns. */
static void release(const sg_attr *a, char *p)
{
    if (a->kind == SG_K_STRING)
        sg_str_free(sg_object_ptr(p));
    else if (a->kind == SG_K_CLASS && a->cls)
        sg_object_destroy(a->cls, p);
}

static bool is_list(const sg_attr *a, const void *obj)
{
    return a && obj && sg_list_is(a) && a->elem_size > 0;
}

/* Writes into the zeroed element at 'slot' the value that 'elem' gives (see slotgen.h);
 * 'str' is the string copy already made for a string element. SG_OK, or SG_ENOMEM with the
 * slot zeroed and nothing allocated. */
static sg_status put(const sg_attr *a, char *slot, const void *elem, char *str)
{
    if (a->kind == SG_K_STRING) {
        sg_object_set_ptr(slot, str);
        return SG_OK;
    }
    if (a->kind == SG_K_CLASS)
        return sg_copy_fresh(a->cls, slot, elem);
    memmove(slot, elem, a->elem_size);   /* 'elem' may be 'slot' itself */
    return SG_OK;
}

/* The copy of a string element to store ('*str'; NULL for a NULL string). */
static sg_status dup_string(const sg_attr *a, const void *elem, char **str)
{
    const char *s;

    *str = NULL;
    if (a->kind != SG_K_STRING)
        return SG_OK;
    memcpy(&s, elem, sizeof s);
    if (s && !(*str = sg_str_dup(s)))
        return SG_ENOMEM;
    return SG_OK;
}

sg_status sg_list_reserve(const sg_attr *a, void *obj, size_t n)
{
    char *elems, *grown_to;

    if (!is_list(a, obj))
        return SG_EINVAL;
    elems = sg_list_elems(a, obj);
    if (n <= cap_of(elems))
        return SG_OK;
    if (n > UINT32_MAX)
        return SG_ERANGE;
    grown_to = block_new(a, elems, (uint32_t)n);
    if (!grown_to)
        return SG_ENOMEM;
    block_free(a, elems);
    store(a, obj, grown_to);
    return SG_OK;
}

sg_status sg_list_append(const sg_attr *a, void *obj, const void *elem)
{
    char *elems, *to, *str;
    uint32_t n;
    sg_status rc;

    if (!is_list(a, obj) || !elem)
        return SG_EINVAL;
    elems = to = sg_list_elems(a, obj);
    n = (uint32_t)sg_list_count(elems);
    if (n == UINT32_MAX)
        return SG_ERANGE;
    if ((rc = dup_string(a, elem, &str)) != SG_OK)
        return rc;
    if (n == cap_of(elems) && !(to = block_new(a, elems, grown(n, n + 1)))) {
        sg_str_free(str);
        return SG_ENOMEM;
    }
    memset(to + (size_t)n * a->elem_size, 0, a->elem_size);
    rc = put(a, to + (size_t)n * a->elem_size, elem, str);
    if (rc != SG_OK) {
        if (to != elems)
            block_free(a, to);
        return rc;
    }
    head_of(to)->count = n + 1;
    if (to != elems) {
        block_free(a, elems);
        store(a, obj, to);
    }
    return SG_OK;
}

/* Sets the embedded object at 'slot' to a deep copy of 'elem' through a temporary object, so
 * that a failure leaves 'slot' as it was. */
static sg_status set_object(const sg_attr *a, char *slot, const void *elem)
{
    void *tmp;

    if (elem == slot)
        return SG_OK;
    tmp = sg_alloc(a->elem_size);
    if (!tmp)
        return SG_ENOMEM;
    if (sg_copy_fresh(a->cls, tmp, elem) != SG_OK) {
        sg_dealloc(tmp, a->elem_size);
        return SG_ENOMEM;
    }
    sg_object_destroy(a->cls, slot);
    memcpy(slot, tmp, a->elem_size);
    sg_dealloc(tmp, a->elem_size);
    return SG_OK;
}

sg_status sg_list_set_at(const sg_attr *a, void *obj, size_t i, const void *elem)
{
    char *elems, *slot, *str;
    sg_status rc;

    if (!is_list(a, obj) || !elem)
        return SG_EINVAL;
    elems = sg_list_elems(a, obj);
    if (i >= sg_list_count(elems))
        return SG_ERANGE;
    slot = elems + i * a->elem_size;
    if (a->kind == SG_K_CLASS)
        return set_object(a, slot, elem);
    if ((rc = dup_string(a, elem, &str)) != SG_OK)
        return rc;
    release(a, slot);
    return put(a, slot, elem, str);
}

sg_status sg_list_remove_at(const sg_attr *a, void *obj, size_t i)
{
    char *elems, *slot;
    size_t n;

    if (!is_list(a, obj))
        return SG_EINVAL;
    elems = sg_list_elems(a, obj);
    n = sg_list_count(elems);
    if (i >= n)
        return SG_ERANGE;
    slot = elems + i * a->elem_size;
    release(a, slot);
    memmove(slot, slot + a->elem_size, (n - 1 - i) * a->elem_size);
    memset(elems + (n - 1) * a->elem_size, 0, a->elem_size);
    head_of(elems)->count = (uint32_t)(n - 1);
    return SG_OK;
}

void sg_list_clear(const sg_attr *a, void *obj)
{
    char *elems;
    size_t n;

    if (!is_list(a, obj))
        return;
    elems = sg_list_elems(a, obj);
    n = sg_list_count(elems);
    for (size_t i = 0; i < n; i++)
        release(a, elems + i * a->elem_size);
    block_free(a, elems);
    store(a, obj, NULL);
}

sg_status sg_list_copy(const sg_attr *a, void *dst, const void *src)
{
    char *from = sg_list_elems(a, src), *to;
    uint32_t n = (uint32_t)sg_list_count(from);
    sg_status rc;

    if (n == 0)
        return SG_OK;
    if (!(to = block_new(a, NULL, n)))
        return SG_ENOMEM;
    store(a, dst, to);
    for (uint32_t i = 0; i < n; i++) {
        char *slot = to + (size_t)i * a->elem_size, *str;
        const char *elem = from + (size_t)i * a->elem_size;
        if ((rc = dup_string(a, elem, &str)) != SG_OK)
            return rc;
        if ((rc = put(a, slot, elem, str)) != SG_OK)
            return rc;
        head_of(to)->count = i + 1;
    }
    return SG_OK;
}

/* ---- reflection ----------------------------------------------------------------------------- */

size_t sg_attr_count(const sg_attr *a, const void *obj)
{
    if (!a || !obj)
        return 0;
    if (sg_list_is(a))
        return sg_list_count(sg_list_elems(a, obj));
    return a->count;
}

sg_status sg_attr_at(const sg_attr *a, const void *obj, size_t i, sg_value *out)
{
    const char *base;

    if (!a || !obj || !out)
        return SG_EINVAL;
    if (!sg_list_is(a) && a->count == 0)
        return SG_ETYPE;
    if (i >= sg_attr_count(a, obj))
        return SG_ERANGE;
    base = sg_list_is(a) ? sg_list_elems(a, obj) : (const char *)obj + a->offset;
    *out = sg_object_elem(base + i * a->elem_size, a);
    return SG_OK;
}
