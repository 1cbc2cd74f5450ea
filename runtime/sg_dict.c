/*
 * sg_dict.c - dynamic attributes: shape mode with tombstones and compaction, dict mode.
 *
 * See sg_dict.h for the two layouts. Every change follows one pattern: make everything that
 * can fail first (the box, the shape, the new block), then commit with plain stores and free
 * the old block. So an error leaves the dict exactly as it was, and a delete, whose
 * allocations are only optimizations, never fails.
 *
 * Dict mode keeps entries in insertion order in an array and an open-addressing index of
 * entry numbers twice the array's capacity. A deleted entry keeps its key and its index slot,
 * with a tombstone for its value, until the next rebuild, so that setting the name again
 * revives the entry in place, as shape mode revives a slot: both modes iterate in the same
 * order. Iteration skips tombstones; rebuilds, when the array is full or when deleted entries
 * outnumber live ones, drop them.
 */
#include "sg_dict.h"

#include <string.h>

#include "sg_atom.h"
#include "sg_mem.h"

/* Names are compared as strings, not interned, when a shape has at most this many slots. */
#define SCAN_BY_NAME 8
#define MAP_MIN_CAP 4
#define EMPTY UINT32_MAX

const sg_shape sg_dict_mode_shape;

typedef struct dentry {
    sg_atom key;
    sg_box val;   /* a tombstone once deleted */
} dentry;

typedef struct dmap {
    const sg_shape *shape;  /* &sg_dict_mode_shape */
    uint32_t live;          /* entries that are not tombstones */
    uint32_t used;          /* entries appended since the last rebuild */
    uint32_t cap;           /* a power of two; the index has 2 * cap slots */
    dentry ent[];           /* then uint32_t index[2 * cap] */
} dmap;

static size_t block_bytes(uint32_t count)
{
    return sizeof(sg_dict) + count * sizeof(sg_box);
}

static size_t map_bytes(uint32_t cap)
{
    return sizeof(dmap) + cap * sizeof(dentry) + 2 * cap * sizeof(uint32_t);
}

/* Frees a shape-mode block (not what its boxes own). */
static void block_free(sg_dict *d)
{
    sg_dealloc(d, block_bytes(d->shape->count));
}

/* Frees a dict-mode block (not what its boxes own). */
static void map_free(dmap *m)
{
    sg_dealloc(m, map_bytes(m->cap));
}

/* The value of the box at 'b' (NULL when the name is absent): SG_OK with '*out' set, or
 * SG_ENOATTR for an absent name or a tombstone. */
static inline sg_status slot_get(const sg_box *b, sg_value *out)
{
    if (!b || sg_box_is_tomb(*b))
        return SG_ENOATTR;
    *out = sg_box_get(*b);
    return SG_OK;
}

static dmap *as_map(const sg_dict *d)
{
    return (dmap *)(uintptr_t)d;
}

static uint32_t *map_index(const dmap *m)
{
    return (uint32_t *)(uintptr_t)(m->ent + m->cap);
}

/* The smallest power of two >= 2 * n (at least MAP_MIN_CAP). */
static uint32_t cap_for(uint32_t n)
{
    uint32_t cap = MAP_MIN_CAP;

    while (cap < 2 * n)
        cap *= 2;
    return cap;
}

static dmap *map_new(uint32_t cap)
{
    dmap *m = sg_alloc(map_bytes(cap));

    if (!m)
        return NULL;
    m->shape = &sg_dict_mode_shape;
    m->cap = cap;
    memset(map_index(m), 0xFF, 2 * cap * sizeof(uint32_t));
    return m;
}

/* The index slot holding 'key', or the empty slot where it would go. */
static uint32_t *map_probe(const dmap *m, sg_atom key)
{
    uint32_t *idx = map_index(m);
    uint32_t mask = 2 * m->cap - 1;

    for (uint32_t i = key->hash & mask;; i = (i + 1) & mask) {
        if (idx[i] == EMPTY || m->ent[idx[i]].key == key)
            return &idx[i];
    }
}

/* The entry of 'key' (live or a tombstone), or NULL. */
static dentry *map_find(const dmap *m, sg_atom key)
{
    uint32_t e = *map_probe(m, key);

    return e == EMPTY ? NULL : (dentry *)(uintptr_t)&m->ent[e];
}

/* Appends ('key', 'b'); 'key' must be absent and m->used < m->cap. */
static void map_append(dmap *m, sg_atom key, sg_box b)
{
    *map_probe(m, key) = m->used;
    m->ent[m->used].key = key;
    m->ent[m->used].val = b;
    m->used++;
    m->live++;
}

/* A copy of 'm' with capacity 'cap' and no tombstones (boxes move); NULL on ENOMEM. */
static dmap *map_rebuild(const dmap *m, uint32_t cap)
{
    dmap *n = map_new(cap);

    if (!n)
        return NULL;
    for (uint32_t i = 0; i < m->used; i++) {
        if (!sg_box_is_tomb(m->ent[i].val))
            map_append(n, m->ent[i].key, m->ent[i].val);
    }
    return n;
}

/* Replaces the box at 'p' by a box of 'v' (reviving a tombstone). */
static sg_status replace(sg_box *p, sg_value v)
{
    sg_box b, old;
    sg_status rc = sg_box_make(&b, v);

    if (rc != SG_OK)
        return rc;
    old = *p;
    *p = b;
    sg_box_release(old);
    return SG_OK;
}

/* Sets 'key' in dict mode: replaces a live entry, revives a tombstone in place, or appends. */
static sg_status map_set(sg_dict **slot, sg_atom key, sg_value v)
{
    dmap *m = as_map(*slot), *n;
    dentry *e = map_find(m, key);
    sg_box b;
    sg_status rc;

    if (e) {
        bool revive = sg_box_is_tomb(e->val);
        rc = replace(&e->val, v);
        if (rc == SG_OK && revive)
            m->live++;
        return rc;
    }
    rc = sg_box_make(&b, v);
    if (rc != SG_OK)
        return rc;
    if (m->used == m->cap) {
        n = map_rebuild(m, cap_for(m->live + 1));
        if (!n) {
            sg_box_release(b);
            return SG_ENOMEM;
        }
        map_free(m);
        m = n;
        *slot = (sg_dict *)m;
    }
    map_append(m, key, b);
    return SG_OK;
}

static sg_status map_del(sg_dict **slot, sg_atom key)
{
    dmap *m = as_map(*slot), *n;
    dentry *e = map_find(m, key);

    if (!e || sg_box_is_tomb(e->val))
        return SG_ENOATTR;
    sg_box_release(e->val);
    e->val = sg_box_tomb();
    m->live--;
    if (m->live == 0) {
        map_free(m);
        *slot = NULL;
    } else if (m->used - m->live > m->live) {
        n = map_rebuild(m, cap_for(m->live));
        if (n) {
            map_free(m);
            *slot = (sg_dict *)n;
        }
    }
    return SG_OK;
}

static uint32_t live_count(const sg_dict *d)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < d->shape->count; i++)
        n += !sg_box_is_tomb(d->vals[i]);
    return n;
}

/* Moves the shape-mode dict '*slot' (or NULL) into a new dict-mode block, appending
 * ('key', 'b') when 'key' is not NULL. SG_ENOMEM leaves everything as it was. */
static sg_status to_map(sg_dict **slot, sg_atom key, sg_box b)
{
    sg_dict *d = *slot;
    uint32_t n = d ? live_count(d) : 0;
    dmap *m = map_new(cap_for(n + 1));

    if (!m)
        return SG_ENOMEM;
    for (uint32_t i = 0; d && i < d->shape->count; i++) {
        if (!sg_box_is_tomb(d->vals[i]))
            map_append(m, d->shape->keys[i], d->vals[i]);
    }
    if (key)
        map_append(m, key, b);
    if (d)
        block_free(d);
    *slot = (sg_dict *)m;
    return SG_OK;
}

/* Moves '*slot' (or NULL) to 'child', holding 'b' in its last slot. 'child' extends a prefix
 * of the shape of '*slot' by one name; the slots past that prefix are tombstones, dropped. */
static sg_status grow(sg_dict **slot, const sg_shape *child, sg_box b)
{
    sg_dict *d = *slot;
    sg_dict *n = sg_alloc(block_bytes(child->count));

    if (!n)
        return SG_ENOMEM;
    n->shape = child;
    if (d) {
        memcpy(n->vals, d->vals, (child->count - 1) * sizeof(sg_box));
        block_free(d);
    }
    n->vals[child->count - 1] = b;
    *slot = n;
    return SG_OK;
}

/* The slots of 'd' up to its last live one (trailing tombstones left out). */
static uint32_t live_prefix(const sg_dict *d)
{
    uint32_t keep = d->shape->count;

    while (keep > 0 && sg_box_is_tomb(d->vals[keep - 1]))
        keep--;
    return keep;
}

/* Sets 'key' in shape mode: replaces or revives its slot, or adds it: the child, for 'key', of
 * the shape of the slots up to the last live one (trailing tombstones, left by deletes, are
 * dropped here, when a new block is made anyway). An instance that adds a new name while it
 * holds a tombstone before a live slot has churning names: it moves to dict mode rather than
 * make more shapes of its class. So do instances past the slot or the class's shape limit. */
static sg_status shape_set(sg_dict **slot, sg_class_state *st, sg_atom key, sg_value v)
{
    sg_dict *d = *slot;
    const sg_shape *s = d ? d->shape : st->root, *child;
    int i = sg_shape_index(s, key);
    sg_status rc, why = SG_ENOMEM;
    uint32_t keep;
    sg_box b;

    if (i >= 0)
        return replace(&d->vals[i], v);
    keep = d ? live_prefix(d) : 0;
    rc = sg_box_make(&b, v);
    if (rc != SG_OK)
        return rc;
    if (d && live_count(d) < keep)
        rc = to_map(slot, key, b);
    else if ((child = sg_shape_add(sg_shape_prefix(s, keep), key, &why)) != NULL)
        rc = grow(slot, child, b);
    else
        rc = why == SG_ERANGE ? to_map(slot, key, b) : SG_ENOMEM;
    if (rc != SG_OK)
        sg_box_release(b);
    return rc;
}

/* Moves the 'live' values of '*slot', which tombstones outnumber, onto the shape of their
 * names (or into dict mode when the class has no room for that shape). Kept out of line: the
 * delete that calls it rarely needs it. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static void compact(sg_dict **slot, uint32_t live)
{
    sg_dict *d = *slot, *n;
    const sg_shape *s;
    uint32_t count, j = 0;
    sg_status why = SG_ENOMEM;

    count = d->shape->count;
    s = d->shape->owner->root;
    for (uint32_t i = 0; s && i < count; i++) {
        if (!sg_box_is_tomb(d->vals[i]))
            s = sg_shape_add(s, d->shape->keys[i], &why);
    }
    if (!s) {
        if (why == SG_ERANGE)
            (void)to_map(slot, NULL, sg_box_tomb());
        return;
    }
    n = sg_alloc(block_bytes(live));
    if (!n)
        return;
    n->shape = s;
    for (uint32_t i = 0; i < count; i++) {
        if (!sg_box_is_tomb(d->vals[i]))
            n->vals[j++] = d->vals[i];
    }
    block_free(d);
    *slot = n;
}

/* Deletes slot 'i' (or returns SG_ENOATTR for -1 or a tombstone): a tombstone takes its
 * place, with no allocation; the block goes when nothing live is left, and is compacted when
 * tombstones outnumber live values. */
static sg_status shape_del_at(sg_dict **slot, int i)
{
    sg_dict *d = *slot;
    uint32_t live;

    if (i < 0 || sg_box_is_tomb(d->vals[i]))
        return SG_ENOATTR;
    sg_box_release(d->vals[i]);
    d->vals[i] = sg_box_tomb();
    live = live_count(d);
    if (live == 0) {
        block_free(d);
        *slot = NULL;
    } else if (d->shape->count - live > live) {
        compact(slot, live);
    }
    return SG_OK;
}

sg_status sg_dict_get(const sg_dict *d, sg_atom key, sg_value *out)
{
    dentry *e;

    if (!d || !key)
        return SG_ENOATTR;
    if (sg_dict_is_map(d)) {
        e = map_find(as_map(d), key);
        return slot_get(e ? &e->val : NULL, out);
    }
    return sg_dict_peek(d, key, out) ? SG_OK : SG_ENOATTR;
}

/* The slot whose name is the 'len' bytes at 'name', or -1 (shape mode). */
static inline int index_by_name(const sg_shape *s, const char *name, size_t len)
{
    for (uint32_t i = 0; i < s->count; i++) {
        sg_atom k = s->keys[i];
        /* The first byte rules out most names before memcmp is called. */
        if (k->len == len && (len == 0 || (k->name[0] == name[0] &&
                                           memcmp(k->name, name, len) == 0)))
            return (int)i;
    }
    return -1;
}

sg_status sg_dict_get_name(const sg_dict *d, const char *name, size_t len, sg_value *out)
{
    int i;

    if (!d)
        return SG_ENOATTR;
    if (sg_dict_is_map(d) || d->shape->count > SCAN_BY_NAME)
        return sg_dict_get(d, sg_atom_find_len(name, len), out);
    i = index_by_name(d->shape, name, len);
    return slot_get(i < 0 ? NULL : &d->vals[i], out);
}

sg_status sg_dict_set(sg_dict **slot, sg_class_state *st, sg_atom key, sg_value v)
{
    if (*slot && sg_dict_is_map(*slot))
        return map_set(slot, key, v);
    return shape_set(slot, st, key, v);
}

sg_status sg_dict_set_name(sg_dict **slot, sg_class_state *st, const char *name, size_t len,
                           sg_value v)
{
    sg_dict *d = *slot;
    sg_atom key;
    int i;

    if (d && !sg_dict_is_map(d) && d->shape->count <= SCAN_BY_NAME) {
        i = index_by_name(d->shape, name, len);
        if (i >= 0)
            return replace(&d->vals[i], v);
    }
    key = sg_atom_intern_len(name, len);
    if (!key)
        return SG_ENOMEM;
    return sg_dict_set(slot, st, key, v);
}

sg_status sg_dict_del(sg_dict **slot, sg_atom key)
{
    if (!*slot || !key)
        return SG_ENOATTR;
    if (sg_dict_is_map(*slot))
        return map_del(slot, key);
    return shape_del_at(slot, sg_shape_index((*slot)->shape, key));
}

sg_status sg_dict_del_name(sg_dict **slot, const char *name, size_t len)
{
    sg_dict *d = *slot;

    if (d && !sg_dict_is_map(d) && d->shape->count <= SCAN_BY_NAME)
        return shape_del_at(slot, index_by_name(d->shape, name, len));
    return sg_dict_del(slot, sg_atom_find_len(name, len));
}

sg_status sg_dict_get_cached(const sg_dict *d, sg_atom key, sg_cache *c, sg_value *out)
{
    int i;

    if (!d || sg_dict_is_map(d))
        return sg_dict_get(d, key, out);
    i = sg_shape_index(d->shape, key);
    if (i >= 0) {
        c->shape = d->shape;
        c->key = key;
        c->index = (uint32_t)i;
    }
    return slot_get(i < 0 ? NULL : &d->vals[i], out);
}

sg_status sg_dict_set_cached(sg_dict **slot, sg_class_state *st, sg_atom key, sg_cache *c,
                             sg_value v)
{
    sg_dict *d = *slot;
    sg_status rc;
    int i;

    if (sg_dict_cache_hits(d, key, c))
        return replace(&d->vals[c->index], v);
    rc = sg_dict_set(slot, st, key, v);
    d = *slot;
    if (rc == SG_OK && d && !sg_dict_is_map(d)) {
        i = sg_shape_index(d->shape, key);
        c->shape = d->shape;
        c->key = key;
        c->index = (uint32_t)i;
    }
    return rc;
}

bool sg_dict_next(const sg_dict *d, uint32_t *pos, const char **name, sg_value *out)
{
    const dmap *m;

    if (!d)
        return false;
    if (sg_dict_is_map(d)) {
        for (m = as_map(d); *pos < m->used; ++*pos) {
            if (!sg_box_is_tomb(m->ent[*pos].val)) {
                *name = m->ent[*pos].key->name;
                *out = sg_box_get(m->ent[(*pos)++].val);
                return true;
            }
        }
        return false;
    }
    for (; *pos < d->shape->count; ++*pos) {
        if (!sg_box_is_tomb(d->vals[*pos])) {
            *name = d->shape->keys[*pos]->name;
            *out = sg_box_get(d->vals[(*pos)++]);
            return true;
        }
    }
    return false;
}

/* Copies the 'n' boxes at 'from' into 'to'; on SG_ENOMEM releases the copies made. */
static sg_status copy_boxes(sg_box *to, const sg_box *from, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (sg_box_copy(&to[i], from[i]) != SG_OK) {
            while (i-- > 0)
                sg_box_release(to[i]);
            return SG_ENOMEM;
        }
    }
    return SG_OK;
}

/* Copies a dict-mode block: its index as it is, its entries' boxes copied. */
static sg_status map_copy(sg_dict **dst, const dmap *m)
{
    dmap *n = sg_alloc(map_bytes(m->cap));

    if (!n)
        return SG_ENOMEM;
    memcpy(n, m, map_bytes(m->cap));
    for (uint32_t i = 0; i < m->used; i++) {
        if (sg_box_copy(&n->ent[i].val, m->ent[i].val) != SG_OK) {
            while (i-- > 0)
                sg_box_release(n->ent[i].val);
            map_free(n);
            return SG_ENOMEM;
        }
    }
    *dst = (sg_dict *)n;
    return SG_OK;
}

sg_status sg_dict_copy(sg_dict **dst, const sg_dict *src)
{
    sg_dict *n;

    *dst = NULL;
    if (!src)
        return SG_OK;
    if (sg_dict_is_map(src))
        return map_copy(dst, as_map(src));
    n = sg_alloc(block_bytes(src->shape->count));
    if (!n)
        return SG_ENOMEM;
    n->shape = src->shape;
    if (copy_boxes(n->vals, src->vals, src->shape->count) != SG_OK) {
        block_free(n);
        return SG_ENOMEM;
    }
    *dst = n;
    return SG_OK;
}

bool sg_dict_equal(const sg_dict *a, const sg_dict *b)
{
    uint32_t pos = 0;
    const char *name;
    sg_value v, w;

    if (sg_dict_count(a) != sg_dict_count(b))
        return false;
    while (sg_dict_next(a, &pos, &name, &v)) {
        if (sg_dict_get_name(b, name, strlen(name), &w) != SG_OK || !sg_value_equal(v, w))
            return false;
    }
    return true;
}

size_t sg_dict_count(const sg_dict *d)
{
    if (!d)
        return 0;
    return sg_dict_is_map(d) ? as_map(d)->live : live_count(d);
}

const sg_shape *sg_dict_shape(const sg_dict *d)
{
    return d && !sg_dict_is_map(d) ? d->shape : NULL;
}

size_t sg_dict_bytes(const sg_dict *d)
{
    if (!d)
        return 0;
    return sg_dict_is_map(d) ? map_bytes(as_map(d)->cap) : block_bytes(d->shape->count);
}

void sg_dict_free(sg_dict **d)
{
    sg_dict *p = d ? *d : NULL;
    const dmap *m;

    if (!p)
        return;
    if (sg_dict_is_map(p)) {
        m = as_map(p);
        for (uint32_t i = 0; i < m->used; i++)
            sg_box_release(m->ent[i].val);
        map_free(as_map(p));
    } else {
        for (uint32_t i = 0; i < p->shape->count; i++)
            sg_box_release(p->vals[i]);
        block_free(p);
    }
    *d = NULL;
}
