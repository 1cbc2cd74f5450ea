/*
 * report.c - slotgen --layout (see report.h).
 *
 * The report reads what layout.c computed (slots_order with offsets and sizes, size, align,
 * padding) and asks layout_what_if for the sizes under the other layouts and with the other
 * slotted setting, so every figure comes from the one layout algorithm. Each class is first
 * gathered into a 'facts' record (holes, alternatives, costs), then printed by one small
 * function per form: text rows or JSON fields. Both forms print the same facts.
 *
 * Invariants: every byte of schema text reaches the output through put_text or put_json; a
 * row's columns are computed on escaped text; colour escapes are only added by paint(), only
 * when o->color is set, and only in the text form.
 */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "emit.h"
#include "layout.h"
#include "types.h"
#include "sg_utf8.h"

#define COL_MAX 24 /* widest member and C type columns; longer names push the row right */

static const char *const layout_names[] = {"compact", "declared", "packed"};

/* ---- escaping ------------------------------------------------------------------------- */

/* Appends 's' for a terminal: controls as \xNN (below U+0080) or \uNNNN, a byte that is not
 * UTF-8 as \xNN, everything else as is. */
static void put_text(emitter *e, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = 0;
        size_t n = sg_utf8_decode(p, &c);
        if (n == 0 || (sg_utf8_is_control(c) && c < 0x80))
            emit_raw(e, "\\x%02X", p[0]);
        else if (sg_utf8_is_control(c))
            emit_raw(e, "\\u%04X", (unsigned)c);
        else
            emit_raw(e, "%.*s", (int)n, (const char *)p);
        p += n ? n : 1;
    }
}

/* Appends 's' as a JSON string: quotes and backslashes escaped, controls as \uNNNN, a byte
 * that is not UTF-8 as U+FFFD, so the result is valid UTF-8 JSON. */
static void put_json(emitter *e, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    emit_raw(e, "\"");
    while (*p) {
        uint32_t c = 0;
        size_t n = sg_utf8_decode(p, &c);
        if (n == 0)
            emit_raw(e, "\\ufffd");
        else if (c == '"' || c == '\\')
            emit_raw(e, "\\%c", (char)c);
        else if (sg_utf8_is_control(c))
            emit_raw(e, "\\u%04x", (unsigned)c);
        else
            emit_raw(e, "%.*s", (int)n, (const char *)p);
        p += n ? n : 1;
    }
    emit_raw(e, "\"");
}

/* 's' escaped for a terminal, as a new string (for columns measured after escaping). */
static char *escaped(const char *s)
{
    emitter e;
    emit_init(&e);
    put_text(&e, s);
    return emit_take(&e, NULL);
}

/* ---- the facts of one class ----------------------------------------------------------- */

/* One padding run: 'size' bytes at 'offset', before slot 'before' (NULL: at the end). */
typedef struct hole {
    uint32_t offset;
    uint32_t size;
    const slot *before;
} hole;

typedef struct facts {
    const sclass *c;
    hole *holes;        /* in offset order; owned */
    size_t nholes;
    uint32_t size[3];   /* by layout_kind, with the class's own slotted setting */
    uint32_t padding[3];
    const attr *embeds; /* an attribute embedding a class by value: packed is refused */
    uint32_t slotted_size;
    uint32_t dynamic_size; /* not slotted */
    uint64_t instances;
} facts;

static void add_hole(facts *f, uint32_t offset, uint32_t size, const slot *before)
{
    f->holes = mem_realloc(f->holes, (f->nholes + 1) * sizeof *f->holes);
    f->holes[f->nholes++] = (hole){offset, size, before};
}

static void gather(facts *f, const sclass *c, uint64_t instances)
{
    memset(f, 0, sizeof *f);
    f->c = c;
    f->instances = instances;
    uint32_t end = 0;
    for (size_t i = 0; i < c->nslots; i++) {
        const slot *s = &c->slots_order[i];
        if (s->offset > end)
            add_hole(f, end, s->offset - end, s);
        end = s->offset + s->size;
    }
    if (c->size > end)
        add_hole(f, end, c->size - end, NULL);
    for (int k = LAYOUT_COMPACT; k <= LAYOUT_PACKED; k++)
        layout_what_if(c, (layout_kind)k, c->slotted, &f->size[k], &f->padding[k]);
    uint32_t unused;
    layout_what_if(c, c->layout, true, &f->slotted_size, &unused);
    layout_what_if(c, c->layout, false, &f->dynamic_size, &unused);
    for (size_t i = 0; i < c->nattrs && !f->embeds; i++)
        if (c->attrs[i]->type.kind == TY_CLASS && !c->attrs[i]->type.list)
            f->embeds = c->attrs[i];
}

/* The C type of a slot as declared, a new string: "uint32_t", "char *", "char[16]",
 * "uint8_t[4]"; a list (T[]) is a pointer to its first element: "char **", "char (*)[16]". */
static char *slot_ctype(const slot *s, const sclass *c)
{
    char buf[320];
    if (s->kind == SLOT_PRESENCE) {
        snprintf(buf, sizeof buf, "uint8_t[%u]", (c->npresence + 7) / 8);
    } else if (s->kind == SLOT_DYN) {
        snprintf(buf, sizeof buf, "sg_dict *");
    } else {
        const attr *a = s->a;
        if (a->type.list && a->type.kind == TY_CHARS)
            snprintf(buf, sizeof buf, "char (*)[%u]", a->type.chars);
        else if (a->type.list)
            snprintf(buf, sizeof buf, "%s%s*", a->ctype,
                     a->ctype[strlen(a->ctype) - 1] == '*' ? "" : " ");
        if (a->type.list)
            return mem_strdup(buf);
        int k = snprintf(buf, sizeof buf, "%s", a->ctype);
        if (a->type.count && k > 0 && (size_t)k < sizeof buf)
            k += snprintf(buf + k, sizeof buf - (size_t)k, "[%u]", a->type.count);
        if (a->type.kind == TY_CHARS && k > 0 && (size_t)k < sizeof buf)
            snprintf(buf + k, sizeof buf - (size_t)k, "[%u]", a->type.chars);
    }
    return mem_strdup(buf);
}

static char *escaped_ctype(const slot *s, const sclass *c)
{
    char *raw = slot_ctype(s, c);
    char *t = escaped(raw);
    mem_free(raw);
    return t;
}

/* The struct member's name: the attribute's (mangled) member, or a hidden one's. */
static const char *slot_member(const slot *s)
{
    return s->kind == SLOT_PRESENCE ? "sg_has" : s->kind == SLOT_DYN ? "sg_dyn" : s->a->member;
}

static const char *slot_kind_name(const slot *s)
{
    return s->kind == SLOT_PRESENCE ? "presence" : s->kind == SLOT_DYN ? "dynamic" : "attribute";
}

/* The hidden slot of 'kind' in 'c', or NULL. */
static const slot *find_hidden(const sclass *c, slot_kind kind)
{
    for (size_t i = 0; i < c->nslots; i++)
        if (c->slots_order[i].kind == kind)
            return &c->slots_order[i];
    return NULL;
}

/* ---- text ----------------------------------------------------------------------------- */

/* Appends 'text' wrapped in the ANSI colour 'sgr' when colour is on. */
static void paint(emitter *e, const report_options *o, const char *sgr, const char *text)
{
    if (o->color)
        emit_raw(e, "\033[%sm%s\033[0m", sgr, text);
    else
        emit_raw(e, "%s", text);
}

/* "1,000,000" */
static void grouped(uint64_t v, char *buf, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t j = 0;
    for (int i = 0; i < len && j + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = digits[i];
    }
    buf[j] = '\0';
}

typedef struct widths {
    int member;
    int ctype;
} widths;

static int clamp_width(size_t n, int lo)
{
    return n > COL_MAX ? COL_MAX : (int)n < lo ? lo : (int)n;
}

static widths column_widths(const sclass *c)
{
    widths w = {9, 6}; /* "(padding)" fits */
    for (size_t i = 0; i < c->nslots; i++) {
        char *m = escaped(slot_member(&c->slots_order[i]));
        char *t = escaped_ctype(&c->slots_order[i], c);
        w.member = clamp_width(strlen(m), w.member);
        w.ctype = clamp_width(strlen(t), w.ctype);
        mem_free(m);
        mem_free(t);
    }
    return w;
}

static void text_hole(emitter *e, const report_options *o, const facts *f, const hole *h,
                      widths w)
{
    char line[200];
    if (h->before) {
        char *m = escaped(slot_member(h->before));
        snprintf(line, sizeof line, "  %6u %5u  %-*s  hole before %s", h->offset, h->size,
                 w.member, "(hole)", m);
        mem_free(m);
    } else {
        snprintf(line, sizeof line, "  %6u %5u  %-*s  at the end, to a multiple of %u",
                 h->offset, h->size, w.member, "(padding)", f->c->align);
    }
    paint(e, o, "33", line);
    emit_raw(e, "\n");
}

static void text_slot(emitter *e, const report_options *o, const slot *s, const sclass *c,
                      widths w)
{
    char *m = escaped(slot_member(s));
    char *t = escaped_ctype(s, c);
    emit_raw(e, "  %6u %5u  %-*s  %-*s  ", s->offset, s->size, w.member, m, w.ctype, t);
    if (s->kind == SLOT_ATTR) {
        put_text(e, s->a->type_text);
        emit_raw(e, "%s", s->a->optional ? ", optional" : "");
    } else {
        paint(e, o, "36", s->kind == SLOT_PRESENCE ? "presence bits of optional attributes"
                                                   : "dynamic attributes, NULL until set");
    }
    emit_raw(e, "\n");
    mem_free(m);
    mem_free(t);
}

static void text_members(emitter *e, const report_options *o, const facts *f)
{
    const sclass *c = f->c;
    widths w = column_widths(c);
    emit_raw(e, "  %6s %5s  %-*s  %-*s  %s\n", "offset", "size", w.member, "member", w.ctype,
             "C type", "schema type");
    size_t h = 0;
    for (size_t i = 0; i < c->nslots; i++) {
        const slot *s = &c->slots_order[i];
        for (; h < f->nholes && f->holes[h].before == s; h++)
            text_hole(e, o, f, &f->holes[h], w);
        text_slot(e, o, s, c, w);
    }
    for (; h < f->nholes; h++)
        text_hole(e, o, f, &f->holes[h], w);
}

static void text_layouts(emitter *e, const facts *f)
{
    static const layout_kind order[3] = {LAYOUT_DECLARED, LAYOUT_COMPACT, LAYOUT_PACKED};
    for (int i = 0; i < 3; i++) {
        layout_kind k = order[i];
        emit_raw(e, "  %-9s ", i == 0 ? "declared:" : i == 1 ? "compact:" : "packed:");
        if (k == LAYOUT_PACKED && f->embeds) {
            char *m = escaped(f->embeds->name);
            emit_raw(e, "not allowed (embeds a class by value in '%s')", m);
            mem_free(m);
        } else {
            emit_raw(e, "%u bytes, %u of padding", f->size[k], f->padding[k]);
        }
        emit_raw(e, "%s\n", f->c->layout == k ? "   <- this class" : "");
    }
}

static void text_hidden(emitter *e, const facts *f)
{
    const sclass *c = f->c;
    const slot *presence = find_hidden(c, SLOT_PRESENCE), *dyn = find_hidden(c, SLOT_DYN);
    if (presence)
        emit_raw(e, "  presence bitmap: sg_has, %u byte%s at offset %u, for %u optional "
                 "attribute%s\n", presence->size, presence->size == 1 ? "" : "s",
                 presence->offset, c->npresence, c->npresence == 1 ? "" : "s");
    else
        emit_raw(e, "  presence bitmap: none (no optional attribute)\n");
    if (dyn)
        emit_raw(e, "  dynamic attributes: sg_dyn, a pointer of %u bytes at offset %u\n",
                 dyn->size, dyn->offset);
    else
        emit_raw(e, "  dynamic attributes: none (slotted)\n");
}

static void text_cost(emitter *e, const facts *f)
{
    char n[32], slotted[32], dynamic[32];
    grouped(f->instances, n, sizeof n);
    grouped(f->instances * f->slotted_size, slotted, sizeof slotted);
    grouped(f->instances * f->dynamic_size, dynamic, sizeof dynamic);
    emit_raw(e, "  %s instances in an array:\n    %s bytes slotted%s\n", n, slotted,
             f->c->slotted ? " (this class)" : "");
    emit_raw(e, "    %s bytes not slotted%s, plus any dynamic attributes\n", dynamic,
             f->c->slotted ? "" : " (this class)");
}

static void text_class(emitter *e, const report_options *o, const facts *f)
{
    const sclass *c = f->c;
    char *name = escaped(c->name);
    paint(e, o, "1", name);
    mem_free(name);
    emit_raw(e, " (");
    put_text(e, c->at.file ? c->at.file : "");
    emit_raw(e, ":%u): %s, layout %s\n", c->at.line, c->slotted ? "slotted" : "not slotted",
             layout_names[c->layout]);
    emit_raw(e, "  %u bytes, align %u: %u of members, %u of padding\n", c->size, c->align,
             c->size - c->padding, c->padding);
    text_members(e, o, f);
    text_layouts(e, f);
    text_hidden(e, f);
    text_cost(e, f);
}

static void text_report(emitter *e, const schema *const *s, size_t n, const report_options *o)
{
    char count[32];
    grouped(o->instances, count, sizeof count);
    emit_raw(e, "Memory layout on this host (%u-byte pointers); costs for %s instances.\n",
             types_info(TY_REF)->size, count);
    for (size_t i = 0; i < n; i++) {
        if (s[i]->nclasses == 0) {
            emit_raw(e, "\n");
            put_text(e, s[i]->path);
            emit_raw(e, ": no classes\n");
        }
        for (size_t j = 0; j < s[i]->nclasses; j++) {
            facts f;
            gather(&f, s[i]->classes[j], o->instances);
            emit_raw(e, "\n");
            text_class(e, o, &f);
            mem_free(f.holes);
        }
    }
}

/* ---- JSON ----------------------------------------------------------------------------- */

static void json_member(emitter *e, const slot *s, const sclass *c, int last)
{
    char *t = slot_ctype(s, c);
    emit_raw(e, "        {\"name\": ");
    put_json(e, slot_member(s));
    emit_raw(e, ", \"kind\": \"%s\", \"offset\": %u, \"size\": %u, \"align\": %u, "
             "\"c_type\": ", slot_kind_name(s), s->offset, s->size, s->align);
    put_json(e, t);
    if (s->kind == SLOT_ATTR) {
        emit_raw(e, ", \"attribute\": ");
        put_json(e, s->a->name);
        emit_raw(e, ", \"type\": ");
        put_json(e, s->a->type_text);
        emit_raw(e, ", \"optional\": %s", s->a->optional ? "true" : "false");
    }
    emit_raw(e, "}%s\n", last ? "" : ",");
    mem_free(t);
}

static void json_holes(emitter *e, const facts *f)
{
    emit_raw(e, "      \"holes\": [");
    for (size_t i = 0; i < f->nholes; i++) {
        const hole *h = &f->holes[i];
        emit_raw(e, "%s{\"offset\": %u, \"size\": %u, \"before\": ", i ? ", " : "", h->offset,
                 h->size);
        if (h->before)
            put_json(e, slot_member(h->before));
        else
            emit_raw(e, "null");
        emit_raw(e, "}");
    }
    emit_raw(e, "],\n");
}

static void json_layouts(emitter *e, const facts *f)
{
    emit_raw(e, "      \"layouts\": {");
    for (int k = LAYOUT_COMPACT; k <= LAYOUT_PACKED; k++) {
        int allowed = !(k == LAYOUT_PACKED && f->embeds);
        emit_raw(e, "%s\"%s\": {\"size\": %u, \"padding\": %u, \"allowed\": %s}",
                 k ? ", " : "", layout_names[k], f->size[k], f->padding[k],
                 allowed ? "true" : "false");
    }
    emit_raw(e, "},\n");
}

static void json_hidden(emitter *e, const facts *f)
{
    const sclass *c = f->c;
    const slot *presence = find_hidden(c, SLOT_PRESENCE), *dyn = find_hidden(c, SLOT_DYN);
    emit_raw(e, "      \"presence\": ");
    if (presence) {
        emit_raw(e, "{\"offset\": %u, \"size\": %u, \"bits\": [", presence->offset,
                 presence->size);
        for (size_t i = 0, k = 0; i < c->nattrs; i++) /* bits in declaration order */
            if (c->attrs[i]->presence >= 0) {
                emit_raw(e, "%s", k++ ? ", " : "");
                put_json(e, c->attrs[i]->name);
            }
        emit_raw(e, "]}");
    } else {
        emit_raw(e, "null");
    }
    emit_raw(e, ",\n      \"dynamic\": ");
    if (dyn)
        emit_raw(e, "{\"offset\": %u, \"size\": %u}", dyn->offset, dyn->size);
    else
        emit_raw(e, "null");
    emit_raw(e, ",\n");
}

static void json_class(emitter *e, const facts *f, int last)
{
    const sclass *c = f->c;
    emit_raw(e, "    {\n      \"name\": ");
    put_json(e, c->name);
    emit_raw(e, ", \"c_name\": ");
    put_json(e, c->cname);
    emit_raw(e, ", \"line\": %u,\n      \"slotted\": %s, \"layout\": \"%s\", \"size\": %u, "
             "\"align\": %u, \"padding\": %u,\n      \"members\": [\n", c->at.line,
             c->slotted ? "true" : "false", layout_names[c->layout], c->size, c->align,
             c->padding);
    for (size_t i = 0; i < c->nslots; i++)
        json_member(e, &c->slots_order[i], c, i + 1 == c->nslots);
    emit_raw(e, "      ],\n");
    json_holes(e, f);
    json_layouts(e, f);
    json_hidden(e, f);
    emit_raw(e, "      \"cost\": {\"instances\": %llu, \"slotted\": %llu, \"not_slotted\": %llu}"
             "\n    }%s\n", (unsigned long long)f->instances,
             (unsigned long long)(f->instances * f->slotted_size),
             (unsigned long long)(f->instances * f->dynamic_size), last ? "" : ",");
}

static void json_report(emitter *e, const schema *const *s, size_t n, const report_options *o)
{
    emit_raw(e, "{\n\"slotgen_layout\": 1, \"pointer_size\": %u, \"instances\": %llu,\n"
             "\"schemas\": [\n", types_info(TY_REF)->size, (unsigned long long)o->instances);
    for (size_t i = 0; i < n; i++) {
        emit_raw(e, "  {\"path\": ");
        put_json(e, s[i]->path);
        emit_raw(e, ", \"classes\": [\n");
        for (size_t j = 0; j < s[i]->nclasses; j++) {
            facts f;
            gather(&f, s[i]->classes[j], o->instances);
            json_class(e, &f, j + 1 == s[i]->nclasses);
            mem_free(f.holes);
        }
        emit_raw(e, "  ]}%s\n", i + 1 == n ? "" : ",");
    }
    emit_raw(e, "]\n}\n");
}

/* ---- entry points --------------------------------------------------------------------- */

char *report_layout(const schema *const *s, size_t n, const report_options *o, size_t *len)
{
    report_options opt = *o;
    if (opt.instances == 0)
        opt.instances = REPORT_DEFAULT_INSTANCES;
    if (opt.instances > REPORT_MAX_INSTANCES)
        opt.instances = REPORT_MAX_INSTANCES;
    if (opt.format == REPORT_JSON)
        opt.color = false;
    emitter e;
    emit_init(&e);
    if (opt.format == REPORT_JSON)
        json_report(&e, s, n, &opt);
    else
        text_report(&e, s, n, &opt);
    return emit_take(&e, len);
}

int report_print(FILE *out, const schema *const *s, size_t n, const report_options *o)
{
    size_t len;
    char *text = report_layout(s, n, o, &len);
    errno = 0;
    int rc = fwrite(text, 1, len, out) == len && fflush(out) == 0 ? 0 : -1;
    if (rc < 0 && errno == 0)
        errno = EIO;
    mem_free(text);
    return rc;
}
