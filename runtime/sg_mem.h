/*
 * sg_mem.h - the runtime's allocator (internal).
 *
 * Public entry points (sg_set_allocator, sg_alloc, sg_dealloc) are declared in slotgen.h. This
 * header adds what other runtime modules need: a spinlock built on C11 atomics, the size-class
 * limit, and the slab release used by sg_runtime_cleanup.
 */
#ifndef SG_MEM_H
#define SG_MEM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "slotgen.h"

/* Blocks up to this size come from slabs; larger ones go straight to the hook. */
#define SG_SLAB_MAX 256

/* A test-and-test-and-set spinlock: one atomic exchange when uncontended. */
typedef struct sg_spin {
    atomic_bool held;
} sg_spin;

static inline void sg_spin_lock(sg_spin *l)
{
    while (atomic_exchange_explicit(&l->held, true, memory_order_acquire)) {
        while (atomic_load_explicit(&l->held, memory_order_relaxed))
            ;
    }
}

static inline void sg_spin_unlock(sg_spin *l)
{
    atomic_store_explicit(&l->held, false, memory_order_release);
}

/* Allocates 'size' bytes straight from the hook (no slab, not zeroed); NULL on failure. */
void *sg_mem_raw_alloc(size_t size);

/* Frees a block from sg_mem_raw_alloc. NULL is fine. */
void sg_mem_raw_free(void *ptr, size_t size);

/* Returns every slab with no live block to the hook. Not thread-safe: for cleanup only. */
void sg_mem_release_empty(void);

#endif /* SG_MEM_H */
