/*
 * sg_shape.c - the transition tree.
 *
 * Readers walk a shape's child list without a lock: a child is fully built, with its sibling
 * link set, before the release store that makes it the head of the list. Writers hold the
 * owning class's lock, look again, and enforce SG_CLASS_MAX_SHAPES. A shape copies its
 * parent's keys, so finding a slot is a scan of at most SG_SHAPE_MAX_SLOTS pointers.
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

/* Builds and publishes the child of 's' for 'key'; the caller holds the owner's lock. */
static const sg_shape *make_child(sg_class_state *st, const sg_shape *s, sg_atom key,
                                  sg_status *why)
{
    sg_shape *parent = (sg_shape *)(uintptr_t)s;
    sg_shape *c;

    if (st->nshapes >= SG_CLASS_MAX_SHAPES) {
        *why = SG_ERANGE;
        return NULL;
    }
    c = sg_alloc(shape_bytes(s->count + 1));
    if (!c) {
        *why = SG_ENOMEM;
        return NULL;
    }
    c->parent = s;
    c->owner = st;
    c->count = s->count + 1;
    memcpy(c->keys, s->keys, s->count * sizeof(sg_atom));
    c->keys[s->count] = key;
    atomic_init(&c->children, NULL);
    c->sibling = atomic_load_explicit(&parent->children, memory_order_relaxed);
    c->all_next = st->shapes;
    st->shapes = c;
    st->nshapes++;
    atomic_store_explicit(&parent->children, c, memory_order_release);
    return c;
}

const sg_shape *sg_shape_add(const sg_shape *s, sg_atom key, sg_status *why)
{
    sg_class_state *st = s->owner;
    const sg_shape *c = find_child(s, key);

    if (c)
        return c;
    if (s->count >= SG_SHAPE_MAX_SLOTS) {
        *why = SG_ERANGE;
        return NULL;
    }
    sg_spin_lock(&st->lock);
    c = find_child(s, key);
    if (!c)
        c = make_child(st, s, key, why);
    sg_spin_unlock(&st->lock);
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
