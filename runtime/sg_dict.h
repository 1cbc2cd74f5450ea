/*
 * sg_dict.h - the per-instance store of dynamic attributes (internal).
 *
 * The public part (sg_dict_free, sg_dict_count) is in slotgen.h. An instance of a class that
 * is not slotted holds one 'sg_dict *', NULL until its first dynamic attribute. The block it
 * points to has one of two layouts, told apart by its first word:
 *
 *   shape mode   { const sg_shape *shape; sg_box vals[shape->count]; }
 *                One allocation of 8 + 8n bytes (with 8-byte boxes). The names live in the
 *                shared shape. Adding a name moves to the child shape (a new block one box
 *                larger). Deleting leaves a tombstone in the slot, with no allocation; a later
 *                set of the same name revives it in place; the next new name drops trailing
 *                tombstones (the new block extends the shape of the slots up to the last live
 *                one); the block is freed when nothing live is left, and compacted onto the
 *                shape of its live names when tombstones outnumber live values.
 *   dict mode    first word == &sg_dict_mode_shape; an insertion-ordered hash table of
 *                (atom, box) entries with its own index. Used for an instance that needs more
 *                than SG_SHAPE_MAX_SLOTS slots, for one whose names churn (it adds a new name
 *                while it holds a tombstone: each such add, and each compaction after it,
 *                would make shapes no other instance shares), and when its class has made
 *                SG_CLASS_MAX_SHAPES shapes. The first two are decided per instance, so one
 *                churning instance cannot use up its class's shapes. A deleted entry keeps
 *                its place with a tombstone that a later set of the same name revives, as in
 *                shape mode; tombstones are dropped when they outnumber live entries (or the
 *                table is full).
 *
 * Every function that changes a dict takes the owner's 'sg_dict **' and leaves it unchanged
 * on any error.
 */
#ifndef SG_DICT_H
#define SG_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "sg_atom.h"
#include "sg_class.h"
#include "sg_shape.h"
#include "sg_value.h"
#include "slotgen.h"

struct sg_dict {
    const sg_shape *shape;
    sg_box vals[];
};

/* The first word of a dict-mode block. */
extern const sg_shape sg_dict_mode_shape;

static inline bool sg_dict_is_map(const sg_dict *d)
{
    return d->shape == &sg_dict_mode_shape;
}

/* The hot path of sg_dict_get, inline: true with '*out' set when 'd' is in shape mode and
 * holds 'key' live; false otherwise (NULL, dict mode, absent, tombstone), when the caller
 * takes the full path. */
static inline bool sg_dict_peek(const sg_dict *d, sg_atom key, sg_value *out)
{
    int i;

    if (!d || sg_dict_is_map(d))
        return false;
    i = sg_shape_index(d->shape, key);
    if (i < 0 || sg_box_is_tomb(d->vals[i]))
        return false;
    *out = sg_box_get(d->vals[i]);
    return true;
}

/* True when 'd' is in shape mode and its class surely does not declare 'key' (its bit is
 * clear in the shape's 'declared'): access by atom may then skip the declared attributes. */
static inline bool sg_dict_undeclared(const sg_dict *d, sg_atom key)
{
    return d && !sg_dict_is_map(d) && !(d->shape->declared & sg_atom_bit(key));
}

/* sg_dict_peek for a get by atom that has not looked at the declared attributes: false also
 * when the class may declare 'key'. */
static inline bool sg_dict_peek_undeclared(const sg_dict *d, sg_atom key, sg_value *out)
{
    return sg_dict_undeclared(d, key) && sg_dict_peek(d, key, out);
}

/* The value of 'key': SG_OK with '*out' set (strings borrowed), or SG_ENOATTR. */
sg_status sg_dict_get(const sg_dict *d, sg_atom key, sg_value *out);

/* The same for the 'len' bytes at 'name', without interning it. */
sg_status sg_dict_get_name(const sg_dict *d, const char *name, size_t len, sg_value *out);

/* Sets 'key' to a copy of 'v' in '*slot', adding it when absent. 'st' is the class state,
 * needed only when '*slot' is NULL (a dict's shapes know their owner); it may be NULL
 * otherwise. SG_OK, SG_ENOMEM or SG_EINVAL (unknown type tag); '*slot' unchanged on
 * error. The same holds for 'st' in sg_dict_set_name and sg_dict_set_cached. */
sg_status sg_dict_set(sg_dict **slot, sg_class_state *st, sg_atom key, sg_value v);

/* The same for the 'len' bytes at 'name'; interns the name only when it is new. */
sg_status sg_dict_set_name(sg_dict **slot, sg_class_state *st, const char *name, size_t len,
                           sg_value v);

/* Removes 'key': SG_OK or SG_ENOATTR. Never fails for lack of memory: a compaction that
 * cannot get its block leaves the tombstones. */
sg_status sg_dict_del(sg_dict **slot, sg_atom key);

/* The same for the 'len' bytes at 'name', compared as a string in small shapes. */
sg_status sg_dict_del_name(sg_dict **slot, const char *name, size_t len);

/* True when 'c' was filled for 'key' on the shape 'd' has now (so its slot is valid). */
static inline bool sg_dict_cache_hits(const sg_dict *d, sg_atom key, const sg_cache *c)
{
    return d && (const void *)d->shape == c->shape && c->key == key;
}

/* The hot path of a cached get, inline: true with '*out' set when 'c' hits on 'd' and the
 * slot is live; false otherwise, when the caller takes sg_dict_get_cached. */
static inline bool sg_dict_cache_peek(const sg_dict *d, sg_atom key, const sg_cache *c,
                                      sg_value *out)
{
    if (!sg_dict_cache_hits(d, key, c) || sg_box_is_tomb(d->vals[c->index]))
        return false;
    *out = sg_box_get(d->vals[c->index]);
    return true;
}

/* Inline-cached get and set: 'c' remembers the name, shape and slot of the last lookup in
 * shape mode. sg_dict_get_cached is the slow path, after sg_dict_cache_peek missed: it looks
 * 'key' up and refills 'c'. */
sg_status sg_dict_get_cached(const sg_dict *d, sg_atom key, sg_cache *c, sg_value *out);
sg_status sg_dict_set_cached(sg_dict **slot, sg_class_state *st, sg_atom key, sg_cache *c,
                             sg_value v);

/* Iteration in insertion order: '*pos' starts at 0; returns false at the end. */
bool sg_dict_next(const sg_dict *d, uint32_t *pos, const char **name, sg_value *out);

/* Makes '*dst' (NULL on entry) a copy of 'src' (NULL gives NULL): the same layout, shape and
 * order, tombstones included, every value copied. 'src' must belong to an instance of the
 * class of the owner of 'dst' (the copy shares its shapes). SG_OK, or SG_ENOMEM with '*dst'
 * NULL and nothing allocated. */
sg_status sg_dict_copy(sg_dict **dst, const sg_dict *src);

/* True when 'a' and 'b' hold the same names with equal values (sg_value_equal), in any
 * order. */
bool sg_dict_equal(const sg_dict *a, const sg_dict *b);

/* The shape of a shape-mode dict; NULL for NULL or dict mode. */
const sg_shape *sg_dict_shape(const sg_dict *d);

/* Bytes the block of 'd' takes (0 for NULL). */
size_t sg_dict_bytes(const sg_dict *d);

#endif /* SG_DICT_H */
