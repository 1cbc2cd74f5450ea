/*
 * schema.c - the model's constructors, lookups and destructor (see schema.h).
 *
 * Every node is one zero-filled allocation reached from exactly one owner: a schema owns its
 * imports, enums and classes; a class owns its attributes and its slots_order; an enum owns
 * its members. Strings are copied in and freed with their node, including those that later
 * modules fill in (cname, member). Every allocation goes through mem.h, so none returns
 * NULL: when memory runs out the run unwinds to sgc_compile, which frees what is left.
 */
#include "schema.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slotgen.h"

/* Grows the array by doubling when its length reaches a power of two, so pushing n items
 * costs O(n) without a separate capacity field. */
void schema_push(void ***items, size_t *n, void *item)
{
    size_t len = *n;
    if (len == 0 || (len & (len - 1)) == 0) {
        size_t cap = len ? len * 2 : 1;
        if (cap > SIZE_MAX / sizeof(void *))
            mem_fail();
        *items = mem_realloc(*items, cap * sizeof(void *));
    }
    (*items)[len] = item;
    *n = len + 1;
}

size_t schema_hash(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* An attribute fills a small block of 208 bytes of mem.c (with its 8-byte header, 224), not
 * 240: keep its fields free of padding (schema.h orders them so). */
_Static_assert(sizeof(void *) != 8 || sizeof(attr) <= 208, "an attribute node stays small");

/* ---- name maps ---- */

/* Every node type starts with its name. */
typedef struct named {
    char *name;
} named;
_Static_assert(offsetof(sclass, name) == 0 && offsetof(senum, name) == 0 &&
                   offsetof(attr, name) == 0 && offsetof(enum_member, name) == 0,
               "a name map reads a node's name through 'named'");

/* The slot of 'name' in 'm' over 'items': where it is, or the empty slot where it would go. */
static size_t map_slot(const name_map *m, void *const *items, const char *name)
{
    size_t i = schema_hash(name) & (m->cap - 1);
    while (m->slot[i] && strcmp(((const named *)items[m->slot[i] - 1])->name, name) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* Indexes items[k - 1] unless a node of its name came first. */
static void map_put(name_map *m, void *const *items, size_t k)
{
    size_t i = map_slot(m, items, ((const named *)items[k - 1])->name);
    if (!m->slot[i])
        m->slot[i] = (uint32_t)k;
}

/* Indexes items[n - 1], just pushed: nothing while the array is short enough to scan
 * (MAP_SCAN nodes; most classes, enums and their members), then every node, in order. */
static void map_add(name_map *m, void *const *items, size_t n)
{
    if (n <= MAP_SCAN)
        return;
    if (n >= UINT32_MAX / 4)
        mem_fail(); /* more nodes than a schema of bounded size holds */
    if (2 * n >= m->cap) {
        mem_free(m->slot);
        for (m->cap = m->cap ? 2 * m->cap : 4 * MAP_SCAN; 2 * n >= m->cap;)
            m->cap *= 2;
        m->slot = mem_alloc(m->cap * sizeof *m->slot);
        for (size_t k = 1; k < n; k++)
            map_put(m, items, k);
    }
    map_put(m, items, n);
}

/* The first of the 'n' nodes 'items' named 'name', NULL when none. */
static void *map_find(const name_map *m, void *const *items, size_t n, const char *name)
{
    if (!m->cap) {
        for (size_t k = 0; k < n; k++)
            if (strcmp(((const named *)items[k])->name, name) == 0)
                return items[k];
        return NULL;
    }
    size_t i = map_slot(m, items, name);
    return m->slot[i] ? items[m->slot[i] - 1] : NULL;
}

schema *schema_new(const char *path)
{
    schema *s = mem_alloc(sizeof *s);
    s->path = mem_strdup(path);
    s->prefix = mem_strdup("");
    s->version_at.file = s->path;
    s->prefix_at.file = s->path;
    return s;
}

sclass *schema_add_class(schema *s, const char *name, loc at)
{
    sclass *c = mem_alloc(sizeof *c);
    c->name = mem_strdup(name);
    c->at = at;
    c->slots = -1;
    c->layout = LAYOUT_COMPACT;
    c->owner = s;
    c->index = s->nclasses;
    schema_push((void ***)&s->classes, &s->nclasses, c);
    map_add(&s->class_map, (void *const *)s->classes, s->nclasses);
    return c;
}

attr *schema_add_attr(sclass *c, const char *name, loc at)
{
    attr *a = mem_alloc(sizeof *a);
    a->name = mem_strdup(name);
    a->at = at;
    a->presence = -1;
    schema_push((void ***)&c->attrs, &c->nattrs, a);
    map_add(&c->attr_map, (void *const *)c->attrs, c->nattrs);
    return a;
}

senum *schema_add_enum(schema *s, const char *name, loc at)
{
    senum *e = mem_alloc(sizeof *e);
    e->name = mem_strdup(name);
    e->at = at;
    e->owner = s;
    schema_push((void ***)&s->enums, &s->nenums, e);
    map_add(&s->enum_map, (void *const *)s->enums, s->nenums);
    return e;
}

enum_member *schema_add_member(senum *e, const char *name, loc at)
{
    enum_member *m = mem_alloc(sizeof *m);
    m->name = mem_strdup(name);
    m->at = at;
    m->value = (int64_t)e->nmembers;
    schema_push((void ***)&e->members, &e->nmembers, m);
    map_add(&e->member_map, (void *const *)e->members, e->nmembers);
    return m;
}

import *schema_add_import(schema *s, const char *path, loc at)
{
    import *im = mem_alloc(sizeof *im);
    im->path = mem_strdup(path);
    im->at = at;
    schema_push((void ***)&s->imports, &s->nimports, im);
    return im;
}

sclass *schema_find_class(const schema *s, const char *name)
{
    return map_find(&s->class_map, (void *const *)s->classes, s->nclasses, name);
}

attr *schema_find_attr(const sclass *c, const char *name)
{
    return map_find(&c->attr_map, (void *const *)c->attrs, c->nattrs, name);
}

enum_member *schema_find_member(const senum *e, const char *name)
{
    return map_find(&e->member_map, (void *const *)e->members, e->nmembers, name);
}

/* An attribute's name and index, to sort by name. */
typedef struct named_index {
    const char *name;
    uint32_t index;
} named_index;

static int cmp_named_index(const void *x, const void *y)
{
    return strcmp(((const named_index *)x)->name, ((const named_index *)y)->name);
}

uint32_t *schema_attrs_by_name(const sclass *c)
{
    named_index *v = mem_alloc((c->nattrs + 1) * sizeof *v);
    uint32_t *order = mem_alloc((c->nattrs + 1) * sizeof *order);
    for (size_t i = 0; i < c->nattrs; i++)
        v[i] = (named_index){c->attrs[i]->name, (uint32_t)i};
    qsort(v, c->nattrs, sizeof *v, cmp_named_index);
    for (size_t i = 0; i < c->nattrs; i++)
        order[i] = v[i].index;
    mem_free(v);
    return order;
}

uint32_t schema_attr_flags(const attr *a)
{
    return (a->type.list ? SG_ATTR_LIST : 0u) | (a->deprecated ? SG_ATTR_DEPRECATED : 0u) |
           (a->has_default ? SG_ATTR_HAS_DEFAULT : 0u);
}

bool schema_default_nonzero(const attr *a)
{
    if (!a->has_default || a->type.list || a->type.kind == TY_CLASS || a->type.kind == TY_REF)
        return false;
    if (a->type.kind == TY_FLAGS && !a->type.count)
        return a->flags_set != 0;
    if (a->type.kind != TY_STRING && a->type.kind != TY_CHARS)
        return a->ndefaults > 0;
    for (size_t i = 0; i < a->ndefaults; i++)
        if (!a->defaults[i].is_null)
            return true;
    return false;
}

bool schema_is_null(const char *text, bool quoted)
{
    return !quoted && (text[0] == '\0' || strcmp(text, "~") == 0 || strcmp(text, "null") == 0);
}

senum *schema_find_enum(const schema *s, const char *name)
{
    return map_find(&s->enum_map, (void *const *)s->enums, s->nenums, name);
}

void schema_attr_names_free(attr *a)
{
    if (a->member != a->cname)
        mem_free(a->member);
    if (a->type.kind == TY_ENUM || a->type.kind == TY_FLAGS || a->type.kind == TY_CLASS ||
        a->type.kind == TY_REF)
        mem_free(a->ctype);
    a->cname = a->member = a->ctype = NULL;
}

const char *schema_enum_kind(const senum *e)
{
    return e->is_flags ? "flag set" : "enum";
}

static void free_attr(attr *a)
{
    schema_attr_names_free(a); /* before c_name and name: cname borrows one of them */
    mem_free(a->name);
    mem_free(a->type_text);
    mem_free(a->doc);
    for (size_t i = 0; i < a->ndefaults; i++)
        mem_free(a->defaults[i].text);
    mem_free(a->defaults);
    mem_free(a->c_name);
    mem_free(a);
}

static void free_class(sclass *c)
{
    for (size_t i = 0; i < c->nattrs; i++)
        free_attr(c->attrs[i]);
    mem_free(c->attrs);
    mem_free(c->attr_map.slot);
    mem_free(c->name);
    mem_free(c->doc);
    mem_free(c->slots_order);
    mem_free(c->c_name);
    mem_free(c->cname);
    mem_free(c);
}

static void free_enum(senum *e)
{
    for (size_t i = 0; i < e->nmembers; i++) {
        enum_member *m = e->members[i];
        mem_free(m->name);
        mem_free(m->value_text.text);
        mem_free(m->c_name);
        mem_free(m->cname);
        mem_free(m);
    }
    mem_free(e->members);
    mem_free(e->member_map.slot);
    mem_free(e->name);
    mem_free(e->doc);
    mem_free(e->cname);
    mem_free(e);
}

void schema_free(schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nimports; i++) {
        mem_free(s->imports[i]->path);
        mem_free(s->imports[i]);
    }
    for (size_t i = 0; i < s->nenums; i++)
        free_enum(s->enums[i]);
    for (size_t i = 0; i < s->nclasses; i++)
        free_class(s->classes[i]);
    mem_free(s->imports);
    mem_free(s->enums);
    mem_free(s->classes);
    mem_free(s->enum_map.slot);
    mem_free(s->class_map.slot);
    mem_free(s->path);
    mem_free(s->doc);
    mem_free(s->prefix);
    mem_free(s);
}
