/*
 * schema.c - the model's constructors, lookups and destructor (see schema.h).
 *
 * Every node is one zero-filled allocation reached from exactly one owner: a schema owns its
 * imports, enums and classes; a class owns its attributes and its slots_order; an enum owns
 * its members. Strings are copied in and freed with their node, including those that later
 * modules fill in (cname, member). Allocation failure is fatal: the compiler cannot report
 * anything useful without memory, so it says so and exits with status 2, like gcc.
 */
#include "schema.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void schema_out_of_memory(void)
{
    fputs("slotgen: out of memory\n", stderr);
    exit(2);
}

void *schema_xalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        schema_out_of_memory();
    return p;
}

void *schema_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        schema_out_of_memory();
    return q;
}

char *schema_xstrndup(const char *s, size_t n)
{
    size_t len = 0;
    while (len < n && s[len])
        len++;
    char *p = schema_xalloc(len + 1);
    memcpy(p, s, len);
    return p;
}

char *schema_xstrdup(const char *s)
{
    return schema_xstrndup(s, strlen(s));
}

/* Grows the array by doubling when its length reaches a power of two, so pushing n items
 * costs O(n) without a separate capacity field. */
void schema_push(void ***items, size_t *n, void *item)
{
    size_t len = *n;
    if (len == 0 || (len & (len - 1)) == 0) {
        size_t cap = len ? len * 2 : 1;
        if (cap > SIZE_MAX / sizeof(void *))
            schema_out_of_memory();
        *items = schema_xrealloc(*items, cap * sizeof(void *));
    }
    (*items)[len] = item;
    *n = len + 1;
}

/* ---- name maps ---- */

/* Every node type starts with its name. */
typedef struct named {
    char *name;
} named;
_Static_assert(offsetof(sclass, name) == 0 && offsetof(senum, name) == 0 &&
                   offsetof(attr, name) == 0 && offsetof(enum_member, name) == 0,
               "a name map reads a node's name through 'named'");

static size_t hash_name(const char *p)
{
    size_t h = 2166136261u;
    for (; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

/* The slot of 'name' in 'm' over 'items': where it is, or the empty slot where it would go. */
static size_t map_slot(const name_map *m, void *const *items, const char *name)
{
    size_t i = hash_name(name) & (m->cap - 1);
    while (m->slot[i] && strcmp(((const named *)items[m->slot[i] - 1])->name, name) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* Indexes items[n - 1], just pushed (unless a node of its name came first). */
static void map_add(name_map *m, void *const *items, size_t n)
{
    if (2 * n >= m->cap) {
        name_map bigger = {NULL, m->cap ? 2 * m->cap : 16};
        while (2 * n >= bigger.cap)
            bigger.cap *= 2;
        bigger.slot = schema_xalloc(bigger.cap * sizeof *bigger.slot);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slot[i])
                bigger.slot[map_slot(&bigger, items, ((const named *)items[m->slot[i] - 1])->name)] =
                    m->slot[i];
        free(m->slot);
        *m = bigger;
    }
    size_t i = map_slot(m, items, ((const named *)items[n - 1])->name);
    if (!m->slot[i])
        m->slot[i] = n;
}

static void *map_find(const name_map *m, void *const *items, const char *name)
{
    if (!m->cap)
        return NULL;
    size_t i = map_slot(m, items, name);
    return m->slot[i] ? items[m->slot[i] - 1] : NULL;
}

schema *schema_new(const char *path)
{
    schema *s = schema_xalloc(sizeof *s);
    s->path = schema_xstrdup(path);
    s->prefix = schema_xstrdup("");
    s->version_at.file = s->path;
    s->prefix_at.file = s->path;
    return s;
}

sclass *schema_add_class(schema *s, const char *name, loc at)
{
    sclass *c = schema_xalloc(sizeof *c);
    c->name = schema_xstrdup(name);
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
    attr *a = schema_xalloc(sizeof *a);
    a->name = schema_xstrdup(name);
    a->at = at;
    a->presence = -1;
    schema_push((void ***)&c->attrs, &c->nattrs, a);
    map_add(&c->attr_map, (void *const *)c->attrs, c->nattrs);
    return a;
}

senum *schema_add_enum(schema *s, const char *name, loc at)
{
    senum *e = schema_xalloc(sizeof *e);
    e->name = schema_xstrdup(name);
    e->at = at;
    e->owner = s;
    schema_push((void ***)&s->enums, &s->nenums, e);
    map_add(&s->enum_map, (void *const *)s->enums, s->nenums);
    return e;
}

enum_member *schema_add_member(senum *e, const char *name, loc at)
{
    enum_member *m = schema_xalloc(sizeof *m);
    m->name = schema_xstrdup(name);
    m->at = at;
    m->value = (int64_t)e->nmembers;
    schema_push((void ***)&e->members, &e->nmembers, m);
    map_add(&e->member_map, (void *const *)e->members, e->nmembers);
    return m;
}

import *schema_add_import(schema *s, const char *path, loc at)
{
    import *im = schema_xalloc(sizeof *im);
    im->path = schema_xstrdup(path);
    im->at = at;
    schema_push((void ***)&s->imports, &s->nimports, im);
    return im;
}

sclass *schema_find_class(const schema *s, const char *name)
{
    return map_find(&s->class_map, (void *const *)s->classes, name);
}

attr *schema_find_attr(const sclass *c, const char *name)
{
    return map_find(&c->attr_map, (void *const *)c->attrs, name);
}

enum_member *schema_find_member(const senum *e, const char *name)
{
    return map_find(&e->member_map, (void *const *)e->members, name);
}

bool schema_is_null(const char *text, bool quoted)
{
    return !quoted && (text[0] == '\0' || strcmp(text, "~") == 0 || strcmp(text, "null") == 0);
}

senum *schema_find_enum(const schema *s, const char *name)
{
    return map_find(&s->enum_map, (void *const *)s->enums, name);
}

static void free_attr(attr *a)
{
    free(a->name);
    free(a->type_text);
    free(a->doc);
    for (size_t i = 0; i < a->ndefaults; i++)
        free(a->defaults[i].text);
    free(a->defaults);
    free(a->c_name);
    free(a->cname);
    free(a->member);
    free(a->ctype);
    free(a);
}

static void free_class(sclass *c)
{
    for (size_t i = 0; i < c->nattrs; i++)
        free_attr(c->attrs[i]);
    free(c->attrs);
    free(c->attr_map.slot);
    free(c->name);
    free(c->doc);
    free(c->slots_order);
    free(c->c_name);
    free(c->cname);
    free(c);
}

static void free_enum(senum *e)
{
    for (size_t i = 0; i < e->nmembers; i++) {
        enum_member *m = e->members[i];
        free(m->name);
        free(m->value_text.text);
        free(m->c_name);
        free(m->cname);
        free(m);
    }
    free(e->members);
    free(e->member_map.slot);
    free(e->name);
    free(e->doc);
    free(e->cname);
    free(e);
}

void schema_free(schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nimports; i++) {
        free(s->imports[i]->path);
        free(s->imports[i]);
    }
    for (size_t i = 0; i < s->nenums; i++)
        free_enum(s->enums[i]);
    for (size_t i = 0; i < s->nclasses; i++)
        free_class(s->classes[i]);
    free(s->imports);
    free(s->enums);
    free(s->classes);
    free(s->enum_map.slot);
    free(s->class_map.slot);
    free(s->path);
    free(s->source);
    free(s->doc);
    free(s->prefix);
    free(s);
}
