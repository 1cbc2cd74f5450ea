/*
 * sg_str.h - owned strings (internal).
 *
 * The public functions (sg_str_dup, sg_str_free, sg_str_replace) are declared in slotgen.h.
 * An owned string is a NUL-terminated block of exactly strlen + 1 bytes from sg_alloc: its
 * size is recomputed from its content when it is freed, so an owned string must never be
 * shortened in place.
 */
#ifndef SG_STR_H
#define SG_STR_H

#include <stddef.h>

#include "slotgen.h"

/* An owned copy of the 'len' bytes at 's' plus a NUL, or NULL when out of memory. */
char *sg_str_ndup(const char *s, size_t len);

#endif /* SG_STR_H */
