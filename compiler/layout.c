/*
 * layout.c - the member order and host sizes of each generated struct (see layout.h).
 *
 * Every member's size is a multiple of its alignment, so placing members by decreasing
 * alignment leaves no interior padding at all; only trailing padding up to the struct's
 * alignment can remain, and no order removes that. The sort is stable, so declaration order
 * breaks ties. A list (T[]) is one pointer whatever its elements, so a class may hold a list
 * of itself and a list adds no order between classes. Sizes and offsets here describe the
 * generating host; the generated code uses offsetof and sizeof, so it is right on any target
 * even where these figures differ.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#define MAX_STRUCT_SIZE 0x7fffffffu

/* Size and alignment of one element of 'a's type; of a list (T[]), its one pointer. */
static void element_size(const attr *a, uint64_t *size, uint32_t *align)
{
    const type_info *t = types_info(a->type.kind);
    if (a->type.list)
        t = types_info(TY_REF);
    switch (a->type.list ? TY_REF : a->type.kind) {
    case TY_CHARS:
        *size = a->type.chars;
        *align = 1;
        break;
    case TY_CLASS:
        *size = a->type.cls->size;
        *align = a->type.cls->align;
        break;
    case TY_FLAGS: /* the smallest unsigned integer holding the set (check.c) */
        *size = a->type.enm->bits / 8;
        *align = (uint32_t)(*size);
        break;
    default:
        *size = t->size;
        *align = t->align;
        break;
    }
}

static uint64_t align_up(uint64_t n, uint32_t align)
{
    return (n + align - 1) / align * align;
}

/* Stable sort by decreasing alignment: a bottom-up merge sort, n log n for any class (an
 * insertion sort was quadratic in the attributes of one class). */
static void sort_compact(slot *v, size_t n)
{
    slot *tmp = mem_alloc((n + 1) * sizeof *tmp);
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) /* ties take the left run: stable */
                tmp[k++] = v[j].align > v[i].align ? v[j++] : v[i++];
            while (i < mid)
                tmp[k++] = v[i++];
            while (j < hi)
                tmp[k++] = v[j++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
    mem_free(tmp);
}

/* Appends the hidden members to c->slots_order: the presence bitmap when some attribute is
 * optional (c->npresence counted), then sg_dyn when the class is not slotted. */
static void add_hidden(sclass *c)
{
    if (c->npresence) {
        uint32_t bytes = (c->npresence + 7) / 8;
        c->slots_order[c->nslots++] = (slot){SLOT_PRESENCE, NULL, 0, bytes, 1};
    }
    if (!c->slotted) {
        const type_info *p = types_info(TY_REF);
        c->slots_order[c->nslots++] = (slot){SLOT_DYN, NULL, 0, p->size, p->align};
    }
}

/* Fills c->slots_order in declaration order, hidden members last. */
static uint64_t collect_slots(sclass *c)
{
    uint64_t total = 0;
    c->nslots = 0;
    c->npresence = 0;
    c->slots_order = mem_alloc((c->nattrs + 2) * sizeof *c->slots_order);
    for (size_t i = 0; i < c->nattrs; i++) {
        attr *a = c->attrs[i];
        uint64_t size;
        element_size(a, &size, &a->align);
        if (a->type.count)
            size *= a->type.count;
        total += size;
        a->size = size > MAX_STRUCT_SIZE ? MAX_STRUCT_SIZE : (uint32_t)size;
        a->presence = a->optional ? (int)c->npresence++ : -1;
        c->slots_order[c->nslots++] = (slot){SLOT_ATTR, a, 0, a->size, a->align};
    }
    add_hidden(c);
    return total;
}

/* Assigns offsets in the current order; returns the struct's size before tail padding. */
static uint64_t place_slots(sclass *c)
{
    uint64_t off = 0;
    c->align = 1;
    for (size_t i = 0; i < c->nslots; i++) {
        slot *s = &c->slots_order[i];
        if (c->layout != LAYOUT_PACKED) {
            off = align_up(off, s->align);
            if (s->align > c->align)
                c->align = s->align;
        }
        s->offset = off > MAX_STRUCT_SIZE ? MAX_STRUCT_SIZE : (uint32_t)off;
        off += s->size;
    }
    return off;
}

/* A packed struct may place an embedded struct at any address, and generated accessors
 * return pointers to embedded structs: those could be misaligned. */
static unsigned check_packed(const sclass *c, diag *d)
{
    unsigned errors = 0;
    for (size_t i = 0; c->layout == LAYOUT_PACKED && i < c->nattrs; i++) {
        const attr *a = c->attrs[i];
        if (a->type.kind != TY_CLASS || a->type.list)
            continue; /* a list's elements live apart, aligned */
        diag_error(d, a->type_at, "packed class '%s' cannot embed class '%s' by value in "
                   "attribute '%s'; hint: use 'ref %s', or layout 'compact'", c->name,
                   a->type.cls->name, a->name, a->type.cls->name);
        errors++;
    }
    return errors;
}

/* The most embedded objects of one array that U_INIT writes out one by one (when their
 * defaults are not all zero; an all-zero array is written as one). */
#define INIT_MAX_REPEAT 16

/* Fills c->zero_init and c->const_init from its attributes and the classes it embeds, which
 * are laid out before it. */
static void initial_state(sclass *c)
{
    c->zero_init = true;
    c->const_init = true;
    for (size_t i = 0; i < c->nattrs; i++) {
        const attr *a = c->attrs[i];
        if (a->type.list)
            continue;
        if (schema_default_nonzero(a))
            c->zero_init = false;
        if (a->type.kind == TY_STRING && schema_default_nonzero(a))
            c->const_init = false; /* an owned copy: only T_init can allocate it */
        if (a->type.kind != TY_CLASS)
            continue;
        const sclass *e = a->type.cls;
        c->zero_init = c->zero_init && e->zero_init;
        c->const_init = c->const_init && e->const_init &&
                        (e->zero_init || a->type.count <= INIT_MAX_REPEAT);
    }
}

/* Lays out 'c' even when it is refused (a packed class embedding one), so that a class
 * embedding it still finds a size and a non-zero alignment. Returns the errors reported. */
static unsigned layout_class(sclass *c, diag *d)
{
    unsigned errors = check_packed(c, d);
    initial_state(c);
    uint64_t payload = collect_slots(c);
    if (c->layout == LAYOUT_COMPACT)
        sort_compact(c->slots_order, c->nslots);
    uint64_t end = place_slots(c);
    uint64_t size = align_up(end ? end : 1, c->align);
    if (size > MAX_STRUCT_SIZE || payload > MAX_STRUCT_SIZE) {
        diag_error(d, c->at, "class '%s' would take %llu bytes, more than the limit of %u",
                   c->name, (unsigned long long)(size > payload ? size : payload),
                   MAX_STRUCT_SIZE);
        c->size = MAX_STRUCT_SIZE;
        return 1;
    }
    c->size = (uint32_t)size;
    uint64_t used = 0;
    for (size_t i = 0; i < c->nslots; i++)
        used += c->slots_order[i].size;
    c->padding = (uint32_t)(size - used);
    return errors;
}

/* One step of the depth-first walk: a class and the next attribute to look at. */
typedef struct step {
    sclass *c;
    size_t next;
} step;

/* Lays out 'root' after every class it embeds, depth first with the explicit 'stack' (room
 * for every class of 's'), so an embedding chain of any length needs no C stack. 'state'
 * marks 1 in progress, 2 done; imported classes were laid out with their own schema. */
static unsigned layout_visit(sclass *root, schema *s, unsigned char *state, step *stack,
                             diag *d)
{
    unsigned errors = 0;
    size_t n = 0;
    if (state[root->index])
        return 0;
    state[root->index] = 1;
    stack[n++] = (step){root, 0};
    while (n) {
        step *top = &stack[n - 1];
        if (top->next == top->c->nattrs) {
            errors += layout_class(top->c, d);
            state[top->c->index] = 2;
            n--;
            continue;
        }
        const attr *a = top->c->attrs[top->next++];
        sclass *e = a->type.kind == TY_CLASS && !a->type.list ? a->type.cls : NULL;
        if (!e || e->owner != s || state[e->index])
            continue; /* not embedded, imported, done, or a cycle check.c reported */
        state[e->index] = 1;
        stack[n++] = (step){e, 0};
    }
    return errors;
}

unsigned layout_schema(schema *s, diag *d)
{
    unsigned errors = 0;
    unsigned char *state = mem_alloc(s->nclasses + 1);
    step *stack = mem_alloc((s->nclasses + 1) * sizeof *stack);
    for (size_t i = 0; i < s->nclasses; i++)
        errors += layout_visit(s->classes[i], s, state, stack, d);
    mem_free(stack);
    mem_free(state);
    return errors;
}

void layout_what_if(const sclass *c, layout_kind kind, bool slotted, uint32_t *size,
                    uint32_t *padding)
{
    sclass t = *c;
    t.layout = kind;
    t.slotted = slotted;
    t.nslots = 0;
    t.slots_order = mem_alloc((c->nattrs + 2) * sizeof *t.slots_order);
    for (size_t i = 0; i < c->nattrs; i++) {
        attr *a = c->attrs[i];
        t.slots_order[t.nslots++] = (slot){SLOT_ATTR, a, 0, a->size, a->align};
    }
    add_hidden(&t);
    if (kind == LAYOUT_COMPACT)
        sort_compact(t.slots_order, t.nslots);
    uint64_t end = place_slots(&t), used = 0;
    uint64_t total = align_up(end ? end : 1, t.align);
    for (size_t i = 0; i < t.nslots; i++)
        used += t.slots_order[i].size;
    mem_free(t.slots_order);
    *size = total > MAX_STRUCT_SIZE ? MAX_STRUCT_SIZE : (uint32_t)total;
    *padding = total > MAX_STRUCT_SIZE ? 0 : (uint32_t)(total - used);
}
