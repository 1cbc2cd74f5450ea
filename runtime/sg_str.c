/*
 * sg_str.c - owned strings.
 *
 * The whole API is public, in slotgen.h. An owned string is one block from sg_alloc that
 * stores its own size in front of the characters, so freeing it never looks at its content:
 * a NUL written into it, or any other change of its characters, cannot make the free give
 * back the wrong size.
 *
 *   short (strlen + 2 <= SHORT_MAX):  [size: 1 byte, 2..SHORT_MAX][chars][NUL]
 *   long:                             [size: size_t][0: 1 byte][chars][NUL]
 *
 * The char * handed out points at the characters; the byte before it is the size (short) or
 * 0 (long, whose size_t precedes that byte, unaligned). A short string costs one byte more
 * than strlen + 1, and sits in the slabs with no malloc header.
 */
#include <stdint.h>
#include <string.h>

#include "slotgen.h"

#define SHORT_MAX 255
#define LONG_HEAD (sizeof(size_t) + 1)

char *sg_str_dup(const char *s)
{
    size_t len, size;
    unsigned char *b;

    if (!s)
        return NULL;
    len = strlen(s);
    if (len + 2 <= SHORT_MAX) {
        size = len + 2;
        b = sg_alloc(size);
        if (!b)
            return NULL;
        b[0] = (unsigned char)size;
        memcpy(b + 1, s, len);
        return (char *)(b + 1);
    }
    if (len > SIZE_MAX - LONG_HEAD - 1)
        return NULL;
    size = LONG_HEAD + len + 1;
    b = sg_alloc(size);
    if (!b)
        return NULL;
    memcpy(b, &size, sizeof size);
    b[LONG_HEAD - 1] = 0;
    memcpy(b + LONG_HEAD, s, len);
    return (char *)(b + LONG_HEAD);
}

void sg_str_free(char *s)
{
    unsigned char *b;
    size_t size;

    if (!s)
        return;
    b = (unsigned char *)s - 1;
    if (*b != 0) {
        sg_dealloc(b, *b);
        return;
    }
    b = (unsigned char *)s - LONG_HEAD;
    memcpy(&size, b, sizeof size);
    sg_dealloc(b, size);
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
