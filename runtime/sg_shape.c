/*
 * sg_shape.c - the transition tree.
 *
 * Readers walk a shape's child list without a lock: a child is fully built, with its sibling
 * link set, before the release store that makes it the head of the list. Writers build the
 * child with no lock held, then take the owning class's lock, look again, enforce
 * SG_CLASS_MAX_SHAPES and link it. A shape copies its parent's keys, so finding a slot is a
 * scan of at most SG_SHAPE_MAX_SLOTS pointers.
 */
#include "sg_shape.h"

#include <string.h>

#include "sg_class.h"
#include "sg_mem.h"

static size_t shape_bytes(uint32_t count)
{
    return sizeof(sg_shape) + count * sizeof(sg_atom);
}

sg_shape *sg_shape_root(struct sg_class_state *st)
{
    sg_shape *s = sg_alloc(shape_bytes(0));

    if (!s)
        return NULL;
    s->owner = st;
    s->declared = st->declared;
    atomic_init(&s->children, NULL);
    return s;
}

static const sg_shape *find_child(const sg_shape *s, sg_atom key)
{
    sg_shape *mut = (sg_shape *)(uintptr_t)s;
    const sg_shape *c = atomic_load_explicit(&mut->children, memory_order_acquire);

    for (; c; c = c->sibling) {
        if (c->keys[c->count - 1] == key)
            return c;
    }
    return NULL;
}

/* A new shape: 's' plus 'key', not yet linked anywhere. NULL on ENOMEM. */
static sg_shape *make_child(sg_class_state *st, const sg_shape *s, sg_atom key)
{
    sg_shape *c = sg_alloc(shape_bytes(s->count + 1));

    if (!c)
        return NULL;
    c->parent = s;
    c->owner = st;
    c->declared = s->declared;
    c->count = s->count + 1;
    memcpy(c->keys, s->keys, s->count * sizeof(sg_atom));
    c->keys[s->count] = key;
    atomic_init(&c->children, NULL);
    return c;
}

/* Links the new child 'c' under its parent and publishes it; the caller holds the lock. */
static void link_child(sg_class_state *st, sg_shape *c)
{
    sg_shape *parent = (sg_shape *)(uintptr_t)c->parent;

    c->sibling = atomic_load_explicit(&parent->children, memory_order_relaxed);
    c->all_next = st->shapes;
    st->shapes = c;
    st->nshapes++;
    atomic_store_explicit(&parent->children, c, memory_order_release);
}

static bool class_full(sg_class_state *st)
{
    bool full;

    sg_spin_lock(&st->lock);
    full = st->nshapes >= SG_CLASS_MAX_SHAPES;
    sg_spin_unlock(&st->lock);
    return full;
}

/* The child is built before the lock is taken (no lock is held while the allocator runs);
 * when another thread published the same child meanwhile, or the class filled up, the new one
 * is freed. */
const sg_shape *sg_shape_add(const sg_shape *s, sg_atom key, sg_status *why)
{
    sg_class_state *st = s->owner;
    const sg_shape *c = find_child(s, key);
    sg_shape *n;

    if (c)
        return c;
    if (s->count >= SG_SHAPE_MAX_SLOTS || class_full(st)) {
        *why = SG_ERANGE;
        return NULL;
    }
    n = make_child(st, s, key);
    if (!n) {
        *why = SG_ENOMEM;
        return NULL;
    }
    sg_spin_lock(&st->lock);
    c = find_child(s, key);
    if (!c && st->nshapes < SG_CLASS_MAX_SHAPES) {
        link_child(st, n);
        c = n;
        n = NULL;
    }
    sg_spin_unlock(&st->lock);
    if (n) {
        sg_shape_free(n);
        if (!c)
            *why = SG_ERANGE;
    }
    return c;
}

const sg_shape *sg_shape_prefix(const sg_shape *s, uint32_t count)
{
    while (s->count > count)
        s = s->parent;
    return s;
}

void sg_shape_free(sg_shape *s)
{
    if (s)
        sg_dealloc(s, shape_bytes(s->count));
}
