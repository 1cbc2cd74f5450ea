/*
 * sg_atom.c - the global intern table.
 *
 * An open-addressing table of atom pointers, linear probing, at most half full. Readers take
 * no lock: they load the current table with acquire order and the slots with acquire order;
 * an atom is fully written before the release store that publishes it. Writers allocate the
 * atom (and, when the table is full, a bigger table) with no lock held, then take one
 * spinlock, look again, and insert; the lock is never held while the allocator runs. Growing
 * fills the bigger table with the atoms under the lock and publishes it; the old table is kept
 * (readers may still be probing it) and freed, with every atom, only by sg_atom_cleanup. Atoms
 * are never freed before that, so an sg_atom is a plain pointer that stays valid and compares
 * by identity.
 */
#include "sg_atom.h"

#include <string.h>

#include "sg_mem.h"

#define FIRST_SIZE 64

typedef struct atab {
    struct atab *older;  /* the table this one replaced; kept for late readers */
    size_t mask;
    _Atomic(const struct sg_atom_rec *) slots[];
} atab;

static _Atomic(atab *) current;
static sg_spin write_lock;
static size_t natoms;

uint32_t sg_atom_hash(const char *s, size_t len)
{
    uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ len;
    uint64_t w;

    for (; len >= 8; s += 8, len -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, len);
    h = (h ^ w) * UINT64_C(0xC4CEB9FE1A85EC53);
    h ^= h >> 29;
    return (uint32_t)h;
}

static size_t table_bytes(size_t n)
{
    return sizeof(atab) + n * sizeof(_Atomic(const struct sg_atom_rec *));
}

static size_t atom_bytes(size_t len)
{
    return offsetof(struct sg_atom_rec, name) + len + 1;
}

static sg_atom lookup(const atab *t, const char *s, size_t len, uint32_t h)
{
    const struct sg_atom_rec *a;
    size_t i;

    if (!t)
        return NULL;
    for (i = h & t->mask;; i = (i + 1) & t->mask) {
        a = atomic_load_explicit(&t->slots[i], memory_order_acquire);
        if (!a)
            return NULL;
        if (a->hash == h && a->len == len && memcmp(a->name, s, len) == 0)
            return a;
    }
}

sg_atom sg_atom_find_len(const char *s, size_t len)
{
    atab *t = atomic_load_explicit(&current, memory_order_acquire);

    if (!s)
        return NULL;
    return lookup(t, s, len, sg_atom_hash(s, len));
}

sg_atom sg_atom_find(const char *name)
{
    return name ? sg_atom_find_len(name, strlen(name)) : NULL;
}

static void put(atab *t, const struct sg_atom_rec *a)
{
    size_t i = a->hash & t->mask;

    while (atomic_load_explicit(&t->slots[i], memory_order_relaxed))
        i = (i + 1) & t->mask;
    atomic_store_explicit(&t->slots[i], a, memory_order_release);
}

/* An empty table twice the size of 'old' (or the first one); NULL on ENOMEM. Called with no
 * lock held; the caller fills and publishes it only if 'old' is still current. */
static atab *bigger(const atab *old)
{
    size_t n = old ? (old->mask + 1) * 2 : FIRST_SIZE;
    atab *t = sg_alloc(table_bytes(n));

    if (!t)
        return NULL;
    t->mask = n - 1;
    return t;
}

/* Copies the atoms of 'old' into 't' and publishes 't'; the caller holds the write lock. */
static void publish(atab *t, atab *old)
{
    t->older = old;
    for (size_t i = 0; old && i <= old->mask; i++) {
        const struct sg_atom_rec *a = atomic_load_explicit(&old->slots[i], memory_order_relaxed);
        if (a)
            put(t, a);
    }
    atomic_store_explicit(&current, t, memory_order_release);
}

static bool has_room(const atab *t)
{
    return t && (natoms + 1) * 2 <= t->mask + 1;
}

/* A new atom record for the 'len' bytes at 's' with hash 'h'; NULL on ENOMEM. */
static struct sg_atom_rec *make_atom(const char *s, size_t len, uint32_t h)
{
    struct sg_atom_rec *a = sg_alloc(atom_bytes(len));

    if (!a)
        return NULL;
    a->hash = h;
    a->len = (uint32_t)len;
    memcpy(a->name, s, len);
    return a;
}

/* Everything is allocated with no lock held: the atom first, then, when the table is full, a
 * bigger one (the lock is dropped to get it, and the insertion starts over). */
sg_atom sg_atom_intern_len(const char *s, size_t len)
{
    struct sg_atom_rec *a;
    atab *t, *grown = NULL, *grown_for = NULL;
    sg_atom found;
    uint32_t h;

    if (!s || len > UINT32_MAX - 1)
        return NULL;
    h = sg_atom_hash(s, len);
    found = lookup(atomic_load_explicit(&current, memory_order_acquire), s, len, h);
    if (found)
        return found;
    a = make_atom(s, len, h);
    if (!a)
        return NULL;
    for (;;) {
        sg_spin_lock(&write_lock);
        t = atomic_load_explicit(&current, memory_order_relaxed);
        found = lookup(t, s, len, h);
        if (!found && grown && grown_for == t) {
            publish(grown, t);
            t = grown;
            grown = NULL;
        }
        if (!found && has_room(t)) {
            put(t, a);
            natoms++;
            found = a;
            a = NULL;
        }
        sg_spin_unlock(&write_lock);
        if (found)
            break;
        if (grown)
            sg_dealloc(grown, table_bytes(grown->mask + 1));
        grown = bigger(t);
        grown_for = t;
        if (!grown)
            break;
    }
    if (a)
        sg_dealloc(a, atom_bytes(len));
    if (grown)
        sg_dealloc(grown, table_bytes(grown->mask + 1));
    return found;
}

sg_atom sg_atom_intern(const char *name)
{
    return name ? sg_atom_intern_len(name, strlen(name)) : NULL;
}

const char *sg_atom_name(sg_atom a)
{
    return a ? a->name : NULL;
}

void sg_atom_cleanup(void)
{
    atab *t = atomic_load_explicit(&current, memory_order_relaxed), *older;

    for (size_t i = 0; t && i <= t->mask; i++) {
        const struct sg_atom_rec *a = atomic_load_explicit(&t->slots[i], memory_order_relaxed);
        if (a)
            sg_dealloc((void *)(uintptr_t)a, atom_bytes(a->len));
    }
    for (; t; t = older) {
        older = t->older;
        sg_dealloc(t, table_bytes(t->mask + 1));
    }
    atomic_store_explicit(&current, NULL, memory_order_relaxed);
    natoms = 0;
}
