/*
 * sg_shape.h - immutable shapes and their per-class transition tree (internal).
 *
 * A shape is the ordered list of dynamic attribute names of an instance: keys[i] is the name
 * of value slot i. Each class has a tree rooted at the empty shape; adding name k to shape s
 * follows (or creates) the edge s -k-> child, so instances that add the same names in the
 * same order share one shape, and an instance stores only its values. Shapes never change
 * once published and are freed only by sg_runtime_cleanup.
 *
 * Bounds: a shape has at most SG_SHAPE_MAX_SLOTS slots. A class may make SG_CLASS_MAX_SHAPES
 * shapes at first; once they are made, it earns one more for every SG_SHAPE_EARN requests for
 * a new shape that it refused (so a burst of distinct names cannot leave the class without
 * shapes for good: the names used afterwards get theirs after a short while), up to
 * SG_CLASS_HARD_SHAPES in all, which bounds the memory of a class whose names never repeat.
 * A refused request sends its instance to dictionary mode (sg_dict).
 */
#ifndef SG_SHAPE_H
#define SG_SHAPE_H

#include <stdatomic.h>
#include <stdint.h>

#include "slotgen.h"

#define SG_SHAPE_MAX_SLOTS 32
#define SG_CLASS_MAX_SHAPES 512
#define SG_SHAPE_EARN 64
#define SG_CLASS_HARD_SHAPES 65536

struct sg_class_state;

typedef struct sg_shape {
    const struct sg_shape *parent;     /* NULL at the root */
    struct sg_class_state *owner;
    uint32_t count;                    /* slots; keys[count - 1] is the name this shape added */
    uint64_t declared;                 /* the owner's 'declared' bits, copied for the get path */
    _Atomic(const struct sg_shape *) last_child; /* the child made last: looked at first */
    struct sg_shape *all_next;         /* owner's list of every shape */
    sg_atom keys[];
} sg_shape;

/* Creates the root (empty) shape of 'st'. NULL when out of memory. */
sg_shape *sg_shape_root(struct sg_class_state *st);

/* The child of 's' that adds 'key' (which 's' must not hold), found (in O(1) expected time)
 * or created. NULL with '*why' = SG_ENOMEM when out of memory, SG_ERANGE when the class may
 * not make a shape now (see above) or 's' has SG_SHAPE_MAX_SLOTS slots. Safe from many
 * threads. */
const sg_shape *sg_shape_add(const sg_shape *s, sg_atom key, sg_status *why);

/* The ancestor of 's' (or 's') that has 'count' slots. */
const sg_shape *sg_shape_prefix(const sg_shape *s, uint32_t count);

/* The slot of 'key' in 's', or -1. */
static inline int sg_shape_index(const sg_shape *s, sg_atom key)
{
    for (uint32_t i = 0; i < s->count; i++) {
        if (s->keys[i] == key)
            return (int)i;
    }
    return -1;
}

/* Frees one shape (the owner's list is freed by sg_class_cleanup). */
void sg_shape_free(sg_shape *s);

/* Frees the transition tables of 'st' (not its shapes). For sg_class_cleanup only. */
void sg_shape_tables_free(struct sg_class_state *st);

#endif /* SG_SHAPE_H */
