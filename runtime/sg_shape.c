/*
 * sg_shape.c - the transition tree.
 *
 * A class finds the child of a shape for a name in one open-addressing table of every shape
 * it made but the root, keyed by (parent, name) and probed linearly, at most half full: O(1)
 * expected time however many siblings a shape has. Readers take no lock: they load the table
 * and its slots with acquire order; a child is fully built before the release store that puts
 * it in a slot. Writers build the child (and, when the table is full, a table twice as big)
 * with no lock held, then take the class's lock, look again, check the class's budget, and
 * insert; a bigger table gets every child under the lock and is published with one release
 * store. Replaced tables are kept (readers may still be probing them) until sg_class_cleanup.
 *
 * The budget (see sg_shape.h): 'credits' counts the shapes the class may still make; every
 * SG_SHAPE_EARN refusals earn one more, until SG_CLASS_HARD_SHAPES shapes exist.
 *
 * Each shape also remembers the child made last from it, looked at before the table: a shape
 * with one child (the common case) is answered with one load and one compare.
 *
 * A shape copies its parent's keys, so finding a slot is a scan of at most
 * SG_SHAPE_MAX_SLOTS pointers.
 */
#include "sg_shape.h"

#include <string.h>

#include "sg_atom.h"
#include "sg_class.h"
#include "sg_mem.h"

#define FIRST_TABLE 16

typedef struct sg_shape_table {
    struct sg_shape_table *older;  /* the table this one replaced; kept for late readers */
    size_t mask;
    _Atomic(sg_shape *) slots[];
} shape_table;

static size_t shape_bytes(uint32_t count)
{
    return sizeof(sg_shape) + count * sizeof(sg_atom);
}

static size_t table_bytes(size_t n)
{
    return sizeof(shape_table) + n * sizeof(_Atomic(sg_shape *));
}

static size_t slot_of(const sg_shape *parent, sg_atom key)
{
    uint64_t h = ((uint64_t)(uintptr_t)parent >> 4) * UINT64_C(0x9E3779B97F4A7C15);

    return (size_t)((h >> 32) ^ key->hash);
}

sg_shape *sg_shape_root(struct sg_class_state *st)
{
    sg_shape *s = sg_alloc(shape_bytes(0));

    if (!s)
        return NULL;
    s->owner = st;
    s->declared = st->declared;
    return s;
}

static const sg_shape *find_child(const sg_shape *s, sg_atom key)
{
    sg_shape *mut = (sg_shape *)(uintptr_t)s;
    const sg_shape *c = atomic_load_explicit(&mut->last_child, memory_order_acquire);
    const shape_table *t;

    if (c && c->keys[c->count - 1] == key)
        return c;
    t = atomic_load_explicit(&s->owner->children, memory_order_acquire);
    if (!t)
        return NULL;
    for (size_t i = slot_of(s, key) & t->mask;; i = (i + 1) & t->mask) {
        c = atomic_load_explicit(&t->slots[i], memory_order_acquire);
        if (!c)
            return NULL;
        if (c->parent == s && c->keys[c->count - 1] == key)
            return c;
    }
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
    return c;
}

static void put(shape_table *t, sg_shape *c)
{
    size_t i = slot_of(c->parent, c->keys[c->count - 1]) & t->mask;

    while (atomic_load_explicit(&t->slots[i], memory_order_relaxed))
        i = (i + 1) & t->mask;
    atomic_store_explicit(&t->slots[i], c, memory_order_release);
}

/* Fills 'bigger' with the children of 'old' and publishes it; the caller holds the lock. */
static void publish(sg_class_state *st, shape_table *bigger, shape_table *old)
{
    bigger->older = old;
    for (size_t i = 0; old && i <= old->mask; i++) {
        sg_shape *c = atomic_load_explicit(&old->slots[i], memory_order_relaxed);
        if (c)
            put(bigger, c);
    }
    atomic_store_explicit(&st->children, bigger, memory_order_release);
}

static bool has_room(const sg_class_state *st, const shape_table *t)
{
    return t && (st->nchildren + 1) * 2 <= t->mask + 1;
}

/* True when the class may make one more shape; else counts the refusal (and earns a credit
 * every SG_SHAPE_EARN of them). The caller holds the lock. */
static bool may_make(sg_class_state *st)
{
    if (st->credits > 0 && st->nshapes < SG_CLASS_HARD_SHAPES)
        return true;
    if (++st->refused == SG_SHAPE_EARN) {
        st->refused = 0;
        st->credits++;
    }
    return false;
}

static bool class_full(sg_class_state *st)
{
    bool full;

    sg_spin_lock(&st->lock);
    full = !may_make(st);
    sg_spin_unlock(&st->lock);
    return full;
}

/* Links the new child 'c' and puts it in the table, which has room; the caller holds the
 * lock. */
static void link_child(sg_class_state *st, shape_table *t, sg_shape *c)
{
    c->all_next = st->shapes;
    st->shapes = c;
    st->nshapes++;
    st->credits--;
    st->nchildren++;
    put(t, c);
    atomic_store_explicit(&((sg_shape *)(uintptr_t)c->parent)->last_child, c,
                          memory_order_release);
}

/* One attempt, under the lock: finds the child, or inserts '*n' when the class may make it
 * and the table has room ('*grown', if it was made for the current table, is published
 * first). Sets '*full' when the table has no room: the caller then makes a bigger one. */
static const sg_shape *attempt(sg_class_state *st, const sg_shape *s, sg_atom key,
                               sg_shape **n, shape_table **grown, const shape_table *grown_for,
                               bool *full, sg_status *why)
{
    shape_table *t = atomic_load_explicit(&st->children, memory_order_relaxed);
    const sg_shape *c = find_child(s, key);

    *full = false;
    if (c)
        return c;
    if (!may_make(st)) {
        *why = SG_ERANGE;
        return NULL;
    }
    if (*grown && grown_for == t) {
        publish(st, *grown, t);
        t = *grown;
        *grown = NULL;
    }
    if (!has_room(st, t)) {
        *full = true;
        return NULL;
    }
    link_child(st, t, *n);
    c = *n;
    *n = NULL;
    return c;
}

/* A table twice the size of 't' (the first one for NULL); NULL on ENOMEM. No lock held.
 * Tables come straight from the hook: a class has one or two, and a table in the slabs would
 * hold a whole chunk of its size class. */
static shape_table *bigger(const shape_table *t)
{
    size_t n = t ? 2 * (t->mask + 1) : FIRST_TABLE;
    shape_table *b = sg_mem_raw_alloc(table_bytes(n));

    if (b) {
        memset(b, 0, table_bytes(n));
        b->mask = n - 1;
    }
    return b;
}

static void table_free(shape_table *t)
{
    if (t)
        sg_mem_raw_free(t, table_bytes(t->mask + 1));
}

const sg_shape *sg_shape_add(const sg_shape *s, sg_atom key, sg_status *why)
{
    sg_class_state *st = s->owner;
    const sg_shape *c = find_child(s, key);
    shape_table *grown = NULL, *t;
    const shape_table *grown_for = NULL;
    sg_shape *n;
    bool full;

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
    for (;;) {
        sg_spin_lock(&st->lock);
        c = attempt(st, s, key, &n, &grown, grown_for, &full, why);
        t = atomic_load_explicit(&st->children, memory_order_relaxed);
        sg_spin_unlock(&st->lock);
        if (!full)
            break;
        table_free(grown);
        grown = bigger(t);
        grown_for = t;
        if (!grown) {
            *why = SG_ENOMEM;
            break;
        }
    }
    sg_shape_free(n);
    table_free(grown);
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

void sg_shape_tables_free(struct sg_class_state *st)
{
    shape_table *t = atomic_load_explicit(&st->children, memory_order_relaxed), *older;

    for (; t; t = older) {
        older = t->older;
        table_free(t);
    }
    atomic_store_explicit(&st->children, NULL, memory_order_relaxed);
}
