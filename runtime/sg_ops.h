/*
 * sg_ops.h - what the runtime's other modules need of sg_ops.c beyond the public sg_copy,
 * sg_equal and sg_hash of slotgen.h (internal).
 */
#ifndef SG_OPS_H
#define SG_OPS_H

#include "slotgen.h"

/* A deep copy of 'src' into 'dst', storage of cls->size bytes that owns nothing (zeroed, or
 * never initialized) and lies outside what 'src' owns: what sg_copy does once it has
 * storage of its own, without the temporary. SG_OK, or SG_ENOMEM with 'dst' destroyed and
 * zeroed. */
sg_status sg_copy_fresh(const sg_class *cls, void *dst, const void *src);

#endif /* SG_OPS_H */
