/*
 * sg_mem.h - the runtime's allocator and its lock (internal).
 *
 * Public entry points (sg_set_allocator, sg_set_slabs, sg_alloc, sg_dealloc) are declared in
 * slotgen.h. This header adds what other runtime modules need: a spinlock built on C11
 * atomics, the size-class limit, and the slab release used by sg_runtime_cleanup.
 *
 * Lock discipline, for every lock of the runtime: a lock is held only around plain memory
 * operations on the structure it guards. No lock is held while the allocation hook runs
 * (sg_alloc and sg_dealloc may call it, so they are never called under a lock), and no lock
 * is taken while another is held.
 */
#ifndef SG_MEM_H
#define SG_MEM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "slotgen.h"

/* Blocks up to this size come from slabs; larger ones go straight to the hook. */
#define SG_SLAB_MAX 256

/* A test-and-test-and-set spinlock: one atomic exchange when uncontended. A waiter spins
 * with a growing number of pause instructions, then yields the CPU (sg_spin_wait), so a
 * holder that was preempted gets the CPU back instead of being starved by spinners. */
typedef struct sg_spin {
    atomic_bool held;
} sg_spin;

/* The contended path of sg_spin_lock: waits, backing off, until 'l' is taken. */
void sg_spin_wait(sg_spin *l);

static inline void sg_spin_lock(sg_spin *l)
{
    if (atomic_exchange_explicit(&l->held, true, memory_order_acquire))
        sg_spin_wait(l);
}

/* Takes 'l' if it is free (true); false, at once, if it is held. */
static inline bool sg_spin_trylock(sg_spin *l)
{
    return !atomic_exchange_explicit(&l->held, true, memory_order_acquire);
}

static inline void sg_spin_unlock(sg_spin *l)
{
    atomic_store_explicit(&l->held, false, memory_order_release);
}

/* Allocates 'size' bytes straight from the hook (no slab, not zeroed); NULL on failure. */
void *sg_mem_raw_alloc(size_t size);

/* Frees a block from sg_mem_raw_alloc. NULL is fine. */
void sg_mem_raw_free(void *ptr, size_t size);

/* Returns every slab chunk with no live block, and every spare chunk, to the hook. Not
 * thread-safe: for sg_runtime_cleanup and sg_set_allocator only. */
void sg_mem_release_empty(void);

/* True when sg_alloc carves small blocks from slabs; false in exact mode (each block its own
 * hook allocation), chosen by sg_set_slabs, SG_SLABS or a memory tool (see slotgen.h). */
bool sg_mem_slabs(void);

#endif /* SG_MEM_H */
