/*
 * sg_atom.h - interned names (internal).
 *
 * The public functions (sg_atom_intern, sg_atom_find, sg_atom_name) are in slotgen.h. The
 * record is visible here so that other modules can read an atom's length and flags inline.
 */
#ifndef SG_ATOM_H
#define SG_ATOM_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "slotgen.h"

/* Flag: some class declares an attribute with this name (see sg_class_state). */
#define SG_ATOM_DECLARED 1u

struct sg_atom_rec {
    uint32_t hash;
    uint32_t len;
    atomic_uint flags;
    char name[];
};

/* The hash the table uses for the 'len' bytes at 's'. */
uint32_t sg_atom_hash(const char *s, size_t len);

/* sg_atom_find / sg_atom_intern for 'len' bytes at 's' (no NUL needed). */
sg_atom sg_atom_find_len(const char *s, size_t len);
sg_atom sg_atom_intern_len(const char *s, size_t len);

/* Sets 'flag' on 'a'; flags are only ever added. */
static inline void sg_atom_mark(sg_atom a, unsigned flag)
{
    atomic_fetch_or_explicit((atomic_uint *)&a->flags, flag, memory_order_relaxed);
}

static inline bool sg_atom_has(sg_atom a, unsigned flag)
{
    return (atomic_load_explicit(&a->flags, memory_order_relaxed) & flag) != 0;
}

/* Frees every atom and table. Not thread-safe: for sg_runtime_cleanup only. */
void sg_atom_cleanup(void);

#endif /* SG_ATOM_H */
