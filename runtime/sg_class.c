/*
 * sg_class.c - enums by name and value; flag sets as text; declared attributes by name;
 * lazily created per-class state.
 *
 * A flag set is an sg_enum whose member values are single bits; a set is their OR, written as
 * the members' names joined by '|' in declaration order ("wifi|spa"), the empty set as "".
 *
 * sg_class_find binary-searches the generated index cls->by_name: the attribute indexes in
 * strcmp order of their names, which the compiler sorts with the same comparison (bytes as
 * unsigned char). A name is looked up as 'len' bytes, not as a C string, so the caller need
 * not NUL-terminate it.
 *
 * A class's state is built on first use and published with one compare-and-swap on
 * rt->state: a thread that loses the race frees its copy and uses the winner's. Every state
 * is also linked on a global list so that sg_runtime_cleanup can free it and zero rt->state,
 * leaving the class as if never used; sg_class_release does that for one class (a class whose
 * tables were built at run time and are about to be freed).
 */
#include "sg_class.h"

#include <string.h>

#include "sg_atom.h"
#include "sg_shape.h"

static sg_class_state *all_states;
static sg_spin states_lock;

sg_status sg_enum_value(const sg_enum *e, const char *name, int64_t *out)
{
    if (!e || !name)
        return SG_ENOATTR;
    for (uint32_t i = 0; i < e->count; i++) {
        if (strcmp(e->members[i].name, name) == 0) {
            if (out)
                *out = e->members[i].value;
            return SG_OK;
        }
    }
    return SG_ENOATTR;
}

const char *sg_enum_name(const sg_enum *e, int64_t value)
{
    if (!e)
        return NULL;
    for (uint32_t i = 0; i < e->count; i++) {
        if (e->members[i].value == value)
            return e->members[i].name;
    }
    return NULL;
}

/* The member of 'e' named by the 'len' bytes at 'name', or NULL. */
static const sg_enum_member *member_by_name(const sg_enum *e, const char *name, size_t len)
{
    for (uint32_t i = 0; i < e->count; i++) {
        const char *m = e->members[i].name;
        if (strncmp(m, name, len) == 0 && m[len] == '\0')
            return &e->members[i];
    }
    return NULL;
}

/* Appends the 'n' bytes at 's' to the text of *len bytes in 'buf', as far as they fit with
 * the NUL after them; '*len' counts them all. */
static void append(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
    size_t k;

    if (*len < size - 1) {
        k = n < size - 1 - *len ? n : size - 1 - *len;
        memcpy(buf + *len, s, k);
        buf[*len + k] = '\0';
    }
    *len += n;
}

sg_status sg_flags_format(const sg_enum *e, uint64_t set, char *buf, size_t size)
{
    uint64_t left = set;
    size_t len = 0;

    if (!e || (!buf && size > 0))
        return SG_EINVAL;
    if (size == 0)
        return SG_ERANGE;
    buf[0] = '\0';
    for (uint32_t i = 0; i < e->count; i++) {
        uint64_t bit = (uint64_t)e->members[i].value;
        if (bit == 0 || (left & bit) != bit)
            continue;
        if (len > 0)
            append(buf, size, &len, "|", 1);
        append(buf, size, &len, e->members[i].name, strlen(e->members[i].name));
        left &= ~bit;
    }
    return left != 0 || len >= size ? SG_ERANGE : SG_OK;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

sg_status sg_flags_parse(const sg_enum *e, const char *text, uint64_t *out)
{
    const sg_enum_member *m;
    const char *p = text, *end;
    uint64_t set = 0;
    size_t n;

    if (!e || !text || !out)
        return SG_EINVAL;
    while (is_blank(*p))
        p++;
    if (*p == '\0') {
        *out = 0;
        return SG_OK;
    }
    for (;;) {
        end = p + strcspn(p, "|");
        n = (size_t)(end - p);
        while (n > 0 && is_blank(p[n - 1]))
            n--;
        m = n > 0 ? member_by_name(e, p, n) : NULL;
        if (!m)
            return SG_ENOATTR;
        set |= (uint64_t)m->value;
        if (*end == '\0')
            break;
        for (p = end + 1; is_blank(*p); p++)
            ;
    }
    *out = set;
    return SG_OK;
}

/* <0, 0 or >0 as the 'len' bytes at 'key' sort before, equal or after the NUL-terminated
 * 'name' in strcmp order. Never reads 'name' past its NUL. */
static int compare_name(const char *key, size_t len, const char *name)
{
    const unsigned char *k = (const unsigned char *)key, *n = (const unsigned char *)name;

    for (size_t i = 0; i < len; i++) {
        if (n[i] == 0)
            return 1;   /* 'name' is a prefix of 'key' */
        if (k[i] != n[i])
            return k[i] < n[i] ? -1 : 1;
    }
    return n[len] ? -1 : 0;
}

int sg_class_find(const sg_class *cls, const char *name, size_t len)
{
    size_t lo = 0, hi;

    if (!cls || !name)
        return -1;
    if (!cls->by_name) {
        for (uint32_t i = 0; i < cls->nattrs; i++)
            if (compare_name(name, len, cls->attrs[i].name) == 0)
                return (int)i;
        return -1;
    }
    hi = cls->nattrs;
    while (lo < hi) {   /* the name, if declared, is at one of by_name[lo .. hi-1] */
        size_t mid = lo + (hi - lo) / 2;
        uint32_t i = cls->by_name[mid];
        int c = compare_name(name, len, cls->attrs[i].name);

        if (c == 0)
            return (int)i;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static bool publish(sg_class_rt *rt, sg_class_state *st, sg_class_state **winner)
{
    void *expected = NULL;

#if defined(__GNUC__) || defined(__clang__)
    if (__atomic_compare_exchange_n(&rt->state, &expected, st, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return true;
#else
    if (atomic_compare_exchange_strong((_Atomic(void *) *)&rt->state, &expected, st))
        return true;
#endif
    *winner = expected;
    return false;
}

static void free_state(sg_class_state *st)
{
    sg_shape *s, *next;

    for (s = st->shapes; s; s = next) {
        next = s->all_next;
        sg_shape_free(s);
    }
    sg_shape_tables_free(st);
    sg_dealloc(st, sizeof *st);
}

/* The bits of every declared name of 'cls' (no atom is made). */
static uint64_t declared_bits(const sg_class *cls)
{
    uint64_t bits = 0;

    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const char *name = cls->attrs[i].name;
        bits |= sg_hash_bit(sg_atom_hash(name, strlen(name)));
    }
    return bits;
}

sg_class_state *sg_class_state_make(const sg_class *cls)
{
    sg_class_state *st, *winner;

    if (!cls->rt)
        return NULL;
    st = sg_alloc(sizeof *st);
    if (!st)
        return NULL;
    st->rt = cls->rt;
    st->declared = declared_bits(cls);
    st->root = sg_shape_root(st);
    st->shapes = st->root;
    st->nshapes = 1;
    st->credits = SG_CLASS_MAX_SHAPES - 1;
    if (!st->root) {
        free_state(st);
        return NULL;
    }
    if (!publish(cls->rt, st, &winner)) {
        free_state(st);
        return winner;
    }
    sg_spin_lock(&states_lock);
    st->next = all_states;
    all_states = st;
    sg_spin_unlock(&states_lock);
    return st;
}

void sg_class_release(const sg_class *cls)
{
    sg_class_state *st, **link;

    if (!cls || !cls->rt || !sg_class_state_peek(cls->rt))
        return;
    st = sg_class_state_peek(cls->rt);
    sg_spin_lock(&states_lock);
    for (link = &all_states; *link && *link != st; link = &(*link)->next)
        ;
    if (*link)
        *link = st->next;
    sg_spin_unlock(&states_lock);
    cls->rt->state = NULL;
    free_state(st);
}

void sg_class_cleanup(void)
{
    sg_class_state *st, *next;

    for (st = all_states; st; st = next) {
        next = st->next;
        st->rt->state = NULL;
        free_state(st);
    }
    all_states = NULL;
}
