/*
 * sg_str.c - owned strings.
 *
 * The whole API is public, in slotgen.h. Strings are allocated through sg_alloc at exactly
 * strlen + 1 bytes, so short strings live in the slabs with no malloc header. No size is
 * stored: freeing recomputes it with strlen, which is why an owned string's length must never
 * change in place (slotgen.h says so to users).
 */
#include <string.h>

#include "slotgen.h"

char *sg_str_dup(const char *s)
{
    size_t len;
    char *d;

    if (!s)
        return NULL;
    len = strlen(s);
    d = sg_alloc(len + 1);
    if (d)
        memcpy(d, s, len);
    return d;
}

void sg_str_free(char *s)
{
    if (s)
        sg_dealloc(s, strlen(s) + 1);
}

sg_status sg_str_replace(char **slot, const char *v)
{
    char *copy = NULL;

    if (v) {
        copy = sg_str_dup(v);
        if (!copy)
            return SG_ENOMEM;
    }
    sg_str_free(*slot);
    *slot = copy;
    return SG_OK;
}
