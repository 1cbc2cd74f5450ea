/*
 * sg_class.h - per-class runtime state (internal).
 *
 * Generated code gives each class a zero-initialized sg_class_rt; the runtime hangs an
 * sg_class_state off it on first use (no registration call). The state holds the root of the
 * class's shape tree, the lock that serializes shape creation, the shape count that bounds
 * the tree, and 'declared': the bits (sg_hash_bit) of the class's declared names, so that
 * access by atom skips the declared lookup for names whose bit is clear. The bits are this
 * class's alone: a name another class declares costs nothing here.
 */
#ifndef SG_CLASS_H
#define SG_CLASS_H

#include <stdint.h>

#include "sg_mem.h"
#include "slotgen.h"

struct sg_shape;
struct sg_shape_table;

typedef struct sg_class_state {
    struct sg_class_state *next;  /* every state, for sg_class_cleanup */
    sg_class_rt *rt;              /* where the state is published; zeroed by cleanup */
    struct sg_shape *root;        /* the empty shape */
    struct sg_shape *shapes;      /* every shape of the class, linked through all_next */
    _Atomic(struct sg_shape_table *) children; /* every shape but the root, by (parent, key) */
    sg_spin lock;                 /* held while a shape is added */
    uint32_t nshapes;             /* under 'lock', as the three below */
    uint32_t credits;             /* shapes the class may still make (see sg_shape.h) */
    uint32_t refused;             /* requests refused since the last credit was earned */
    uint32_t nchildren;           /* shapes in 'children' */
    uint64_t declared;            /* sg_hash_bit of every declared name; set before publication */
} sg_class_state;

/* Creates the state of 'cls' (see sg_class_state_get). */
sg_class_state *sg_class_state_make(const sg_class *cls);

/* The published state of 'rt', or NULL (an acquire load: the state is fully built). */
static inline sg_class_state *sg_class_state_peek(sg_class_rt *rt)
{
#if defined(__GNUC__) || defined(__clang__)
    return __atomic_load_n(&rt->state, __ATOMIC_ACQUIRE);
#else
    return atomic_load_explicit((_Atomic(void *) *)&rt->state, memory_order_acquire);
#endif
}

/* The state of 'cls', created on first use; NULL when out of memory or when 'cls' has no
 * sg_class_rt. Safe from many threads: one state wins, the others are discarded. */
static inline sg_class_state *sg_class_state_get(const sg_class *cls)
{
    sg_class_state *st = cls->rt ? sg_class_state_peek(cls->rt) : NULL;

    return st ? st : sg_class_state_make(cls);
}

/* Frees every class state and its shapes and zeroes each rt->state. For sg_runtime_cleanup
 * only (not thread-safe). */
void sg_class_cleanup(void);

#endif /* SG_CLASS_H */
