/*
 * sg_atom.h - interned names (internal).
 *
 * The public functions (sg_atom_intern, sg_atom_find, sg_atom_name) are in slotgen.h. The
 * record is visible here so that other modules can read an atom's hash and length inline.
 */
#ifndef SG_ATOM_H
#define SG_ATOM_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "slotgen.h"

struct sg_atom_rec {
    uint32_t hash;
    uint32_t len;
    char name[];
};

/* The hash the table uses for the 'len' bytes at 's'. */
uint32_t sg_atom_hash(const char *s, size_t len);

/* sg_atom_find / sg_atom_intern for 'len' bytes at 's' (no NUL needed). */
sg_atom sg_atom_find_len(const char *s, size_t len);
sg_atom sg_atom_intern_len(const char *s, size_t len);

/* The bit of a name with hash 'h' in a 64-bit set of names (a one-hash Bloom filter): a
 * class keeps the bits of its declared names, so a name whose bit is clear is not declared. */
static inline uint64_t sg_hash_bit(uint32_t h)
{
    return UINT64_C(1) << (h & 63u);
}

static inline uint64_t sg_atom_bit(sg_atom a)
{
    return sg_hash_bit(a->hash);
}

/* Frees every atom and table. Not thread-safe: for sg_runtime_cleanup only. */
void sg_atom_cleanup(void);

#endif /* SG_ATOM_H */
