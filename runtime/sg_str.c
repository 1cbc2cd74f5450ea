/*
 * sg_str.c - owned strings.
 *
 * Strings are allocated through sg_alloc at exactly strlen + 1 bytes, so short strings live in
 * the slabs with no malloc header. Freeing recomputes the size with strlen.
 */
#include "sg_str.h"

#include <string.h>

char *sg_str_ndup(const char *s, size_t len)
{
    char *d = sg_alloc(len + 1);

    if (d)
        memcpy(d, s, len);
    return d;
}

char *sg_str_dup(const char *s)
{
    return s ? sg_str_ndup(s, strlen(s)) : NULL;
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
