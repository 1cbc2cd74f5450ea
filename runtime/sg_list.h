/*
 * sg_list.h - what the generic object functions need of lists beyond the public API
 * (internal). The public list API (sg_list_head, sg_list_count, sg_list_reserve ...
 * sg_attr_count, sg_attr_at) is in slotgen.h.
 */
#ifndef SG_LIST_H
#define SG_LIST_H

#include <string.h>

#include "slotgen.h"

/* True when 'a' is a T[] list. */
static inline bool sg_list_is(const sg_attr *a)
{
    return (a->flags & SG_ATTR_LIST) != 0;
}

/* The elements of the list 'a' of 'obj' (NULL when it has no storage). */
static inline char *sg_list_elems(const sg_attr *a, const void *obj)
{
    char *e;

    memcpy(&e, (const char *)obj + a->offset, sizeof e);
    return e;
}

/* Gives the list 'a' of 'dst', whose member is NULL, a deep copy of the list 'a' of 'src':
 * exactly as many elements of storage as 'src' has elements (none for an empty list).
 * SG_OK, or SG_ENOMEM with 'dst' holding the elements copied so far (sg_object_destroy, or
 * sg_list_clear, frees them). */
sg_status sg_list_copy(const sg_attr *a, void *dst, const void *src);

#endif /* SG_LIST_H */
