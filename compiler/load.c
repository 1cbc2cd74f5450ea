/*
 * load.c - YAML schema text to the model, over libyaml's event parser (see load.h).
 *
 * The loader walks the event stream with one function per construct of the format (the top
 * mapping, an enum, a class, an attribute), keeping the current event in the loader. Every
 * value reader consumes exactly one whole node, whatever it finds: a node of the wrong kind
 * is reported and skipped (iteratively, so nesting depth cannot exhaust the stack), and the
 * walk carries on, so one run reports every structural error. A YAML syntax error ends the
 * walk: libyaml cannot resume after one, and what was read so far stays in the model.
 *
 * Decisions the format leaves to the loader, documented in docs/schema.md:
 * - Booleans are YAML 1.2 core's plain true and false only (not yes/no/on/off, not True).
 * - Null is a plain empty value, '~' or 'null'. A quoted scalar is never null or a boolean.
 * - Anchors, aliases and tags are errors: a schema is plain data, and an alias would let one
 *   node appear in two places of the model.
 * - An empty value for 'imports', 'enums', 'flags', 'classes' or 'attributes' means "none".
 * - 'slotgen:' is the plain 1 (language 1.0) or 1.1; 1.0 is also accepted. The first use of a
 *   1.1 feature ('flags:', 'deprecated:', T[]) is read in a file of either version
 *   (docs/schema.md, Language versions).
 * - Flag sets are read like enums (a sequence of names, or a mapping whose values are bit
 *   numbers or {value, c_name}) into the same table, marked is_flags.
 * - Duplicate keys are errors with a note at the first; the duplicate's value is skipped.
 * - A second YAML document is an error and is not read.
 * Structural only: identifiers, types, defaults and enum values are kept as text for check.c.
 *
 * libyaml allocates with its own malloc, outside mem.h: its parser and current event are
 * held under a mem_guard, and its YAML_MEMORY_ERROR unwinds the run as out of memory.
 */
#include "load.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "emit.h"
#include "sgc.h"
#include "sg_utf8.h"

typedef struct loader {
    yaml_parser_t parser;
    yaml_event_t ev;       /* the current event */
    int have;              /* ev holds an event that must be deleted */
    int failed;            /* a syntax error was reported: no more events */
    unsigned depth;        /* mappings and sequences open at the current event */
    schema *s;
    diag *d;
    const char *text;      /* the schema's text (the caller's), while it is read */
    size_t len;
} loader;

/* A mapping key read by read_key: its text (owned) and position. */
typedef struct key {
    char *text;
    loc at;
} key;

static const char *const top_keys[] = {
    "slotgen", "doc", "slots", "prefix", "imports", "enums", "flags", "classes", NULL
};
enum {
    TOP_SLOTGEN, TOP_DOC, TOP_SLOTS, TOP_PREFIX, TOP_IMPORTS, TOP_ENUMS, TOP_FLAGS, TOP_CLASSES,
    TOP_N
};

static const char *const class_keys[] = {"doc", "slots", "layout", "attributes", "c_name", NULL};
enum { CLASS_DOC, CLASS_SLOTS, CLASS_LAYOUT, CLASS_ATTRIBUTES, CLASS_C_NAME, CLASS_N };

static const char *const attr_keys[] = {
    "type", "default", "doc", "optional", "c_name", "deprecated", NULL
};
enum { ATTR_TYPE, ATTR_DEFAULT, ATTR_DOC, ATTR_OPTIONAL, ATTR_C_NAME, ATTR_DEPRECATED, ATTR_N };

static const char *const member_keys[] = {"value", "c_name", NULL};
enum { MEMBER_VALUE, MEMBER_C_NAME, MEMBER_N };

/* ORDER layout_kind: index i is (layout_kind)i. */
static const char *const layouts[] = {"compact", "declared", "packed", NULL};


/* "'key' <where>", naming a value in messages. */
static char *keyed(const key *k, const char *where)
{
    return emit_format("'%s' %s", k->text, where);
}

static loc mark_loc(const loader *L, yaml_mark_t m)
{
    loc at = {L->s->path, (unsigned)m.line + 1, (unsigned)m.column + 1};
    return at;
}

static loc here(const loader *L)
{
    return mark_loc(L, L->ev.start_mark);
}

/* The position of byte 'offset' of the source (libyaml's reader errors give only that). */
static loc offset_loc(const loader *L, size_t offset)
{
    loc at = {L->s->path, 1, 1};
    if (offset > L->len)
        offset = L->len;
    for (size_t i = 0; i < offset; i++) {
        if (L->text[i] == '\n') {
            at.line++;
            at.col = 1;
        } else if (((unsigned char)L->text[i] & 0xC0) != 0x80) {
            at.col++;
        }
    }
    return at;
}

static void syntax_error(loader *L)
{
    yaml_parser_t *p = &L->parser;
    if (p->error == YAML_MEMORY_ERROR)
        mem_fail(); /* libyaml's own malloc failed: out of memory like any other */
    loc at = p->error == YAML_READER_ERROR ? offset_loc(L, p->problem_offset)
                                           : mark_loc(L, p->problem_mark);
    const char *problem = p->problem ? p->problem : "unknown error";
    if (p->context)
        diag_error(L->d, at, "YAML syntax: %s %s", problem, p->context);
    else
        diag_error(L->d, at, "YAML syntax: %s", problem);
}

/* The first Unicode bidirectional control (sg_utf8_is_bidi) in the UTF-8 text 's' of 'n' bytes,
 * NUL-terminated, or 0. Copied into a comment or shown in an editor, they can make text display
 * in another order than the compiler reads it ("Trojan Source"), so no schema string may hold
 * one (gcc's -Wbidi-chars would also reject the generated code). */
static unsigned bidi_control(const unsigned char *s, size_t n)
{
    for (size_t i = 0, len; i < n; i += len ? len : 1) {
        uint32_t c = 0;
        len = sg_utf8_decode(s + i, &c);
        if (len && sg_utf8_is_bidi(c))
            return c;
    }
    return 0;
}

/* Reports what a schema does not allow on a node: anchors, tags, NUL bytes, bidirectional
 * controls; aliases. */
static void check_event(loader *L)
{
    yaml_event_t *e = &L->ev;
    yaml_char_t *anchor = NULL, *tag = NULL;
    if (e->type == YAML_ALIAS_EVENT) {
        diag_error(L->d, here(L), "YAML aliases are not supported in a schema");
        return;
    }
    if (e->type == YAML_SCALAR_EVENT) {
        anchor = e->data.scalar.anchor;
        tag = e->data.scalar.tag;
        if (strlen((const char *)e->data.scalar.value) != e->data.scalar.length)
            diag_error(L->d, here(L), "a NUL character is not allowed in a schema string");
        unsigned bidi = bidi_control(e->data.scalar.value, e->data.scalar.length);
        if (bidi)
            diag_error(L->d, here(L), "the bidirectional control character U+%04X is not "
                       "allowed in a schema string (it can make text display in another "
                       "order than it is read)", bidi);
    } else if (e->type == YAML_SEQUENCE_START_EVENT) {
        anchor = e->data.sequence_start.anchor;
        tag = e->data.sequence_start.tag;
    } else if (e->type == YAML_MAPPING_START_EVENT) {
        anchor = e->data.mapping_start.anchor;
        tag = e->data.mapping_start.tag;
    }
    if (anchor)
        diag_error(L->d, here(L), "YAML anchors are not supported in a schema");
    if (tag)
        diag_error(L->d, here(L), "YAML tags are not supported in a schema");
}

/* Counts the mappings and sequences open; past SCHEMA_MAX_DEPTH the walk stops like after a
 * syntax error (libyaml's time grows with the depth, and no schema needs it). Returns 0 then. */
static int nesting(loader *L)
{
    yaml_event_type_t t = L->ev.type;
    if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT)
        L->depth--;
    if (t != YAML_MAPPING_START_EVENT && t != YAML_SEQUENCE_START_EVENT)
        return 1;
    if (++L->depth <= SCHEMA_MAX_DEPTH)
        return 1;
    diag_error(L->d, here(L), "nesting deeper than %d levels of mappings and sequences",
               SCHEMA_MAX_DEPTH);
    yaml_event_delete(&L->ev);
    memset(&L->ev, 0, sizeof L->ev);
    L->have = 0;
    L->failed = 1;
    return 0;
}

/* Moves to the next event. Returns 0 (the current event then has type YAML_NO_EVENT) after
 * a syntax error, which it reports once. */
static int next(loader *L)
{
    if (L->have)
        yaml_event_delete(&L->ev);
    L->have = 0;
    memset(&L->ev, 0, sizeof L->ev);
    if (L->failed)
        return 0;
    if (!yaml_parser_parse(&L->parser, &L->ev)) {
        syntax_error(L);
        L->failed = 1;
        memset(&L->ev, 0, sizeof L->ev);
        return 0;
    }
    L->have = 1;
    check_event(L);
    return nesting(L);
}

/* Consumes the node whose first event is current, without recursion. */
static void skip_node(loader *L)
{
    yaml_event_type_t t = L->ev.type;
    if (t != YAML_MAPPING_START_EVENT && t != YAML_SEQUENCE_START_EVENT)
        return;
    for (size_t depth = 1; depth > 0 && next(L);) {
        t = L->ev.type;
        if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT)
            depth++;
        else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT)
            depth--;
    }
}

static const char *scalar_text(const loader *L)
{
    return (const char *)L->ev.data.scalar.value;
}

static int is_plain(const loader *L)
{
    return L->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static int is_null(const loader *L)
{
    return L->ev.type == YAML_SCALAR_EVENT && schema_is_null(scalar_text(L), !is_plain(L));
}

/* What the current node is, for "expected X, found Y". */
static const char *found(const loader *L)
{
    switch (L->ev.type) {
    case YAML_MAPPING_START_EVENT: return "a mapping";
    case YAML_SEQUENCE_START_EVENT: return "a sequence";
    case YAML_SCALAR_EVENT: return is_null(L) ? "an empty value" : "a scalar";
    default: return "nothing";
    }
}

/* Reports a node of the wrong kind (an alias was reported already) and skips it. */
static void wrong_kind(loader *L, const char *expected, const char *what)
{
    if (L->ev.type != YAML_ALIAS_EVENT)
        diag_error(L->d, here(L), "expected %s for %s, found %s", expected, what, found(L));
    skip_node(L);
}

/* Reads the next key of the mapping being walked and moves to its value. Returns 1 with
 * '*k' set (the caller frees k->text and must consume the value), 0 at the mapping's end
 * or after a syntax error. Keys that are not scalars are reported and skipped with their
 * values. */
static int read_key(loader *L, key *k, const char *where)
{
    for (;;) {
        if (!next(L) || L->ev.type == YAML_MAPPING_END_EVENT)
            return 0;
        if (L->ev.type == YAML_SCALAR_EVENT) {
            k->text = mem_strdup(scalar_text(L));
            k->at = here(L);
            if (next(L))
                return 1;
            mem_free(k->text);
            return 0;
        }
        if (L->ev.type != YAML_ALIAS_EVENT)
            diag_error(L->d, here(L), "expected a name as a key %s, found %s", where, found(L));
        skip_node(L);
        if (!next(L))
            return 0;
        skip_node(L);
    }
}

static int key_index(const char *const *keys, const char *name)
{
    for (int i = 0; keys[i]; i++)
        if (strcmp(keys[i], name) == 0)
            return i;
    return -1;
}

/* Looks 'k' up among the fixed 'keys' of a mapping; reports an unknown or repeated key
 * (skipping its value) and returns -1, else records it in 'seen' and returns its index. */
static int known_key(loader *L, const key *k, const char *const *keys, loc *seen,
                     const char *where)
{
    int i = key_index(keys, k->text);
    if (i < 0) {
        const char *near = diag_suggest(k->text, keys);
        if (near)
            diag_error(L->d, k->at, "unknown key '%s' %s (did you mean '%s'?)", k->text, where,
                       near);
        else
            diag_error(L->d, k->at, "unknown key '%s' %s", k->text, where);
    } else if (seen[i].line) {
        diag_error(L->d, k->at, "duplicate key '%s' %s", k->text, where);
        diag_note(L->d, seen[i], "first declared here");
        i = -1;
    } else {
        seen[i] = k->at;
        return i;
    }
    skip_node(L);
    return -1;
}

/* A string value: any scalar; null leaves '*out' unchanged. */
static void read_string(loader *L, char **out, const char *what)
{
    if (L->ev.type != YAML_SCALAR_EVENT) {
        wrong_kind(L, "a string", what);
        return;
    }
    if (!is_null(L)) {
        mem_free(*out);
        *out = mem_strdup(scalar_text(L));
    }
}

/* A 'c_name:' value: a string, kept with its location for check.c. */
static void read_c_name(loader *L, char **out, loc *at, const char *what)
{
    *at = here(L);
    read_string(L, out, what);
}

/* A boolean value: plain true or false. Returns 1 when '*out' was set. */
static int read_bool(loader *L, bool *out, const char *what)
{
    if (L->ev.type != YAML_SCALAR_EVENT) {
        wrong_kind(L, "true or false", what);
        return 0;
    }
    if (is_plain(L) && strcmp(scalar_text(L), "true") == 0)
        *out = true;
    else if (is_plain(L) && strcmp(scalar_text(L), "false") == 0)
        *out = false;
    else {
        diag_error(L->d, here(L), "expected true or false for %s, found %s'%s'", what,
                   is_plain(L) ? "" : "the quoted string ", scalar_text(L));
        return 0;
    }
    return 1;
}

/* Whether 't' is a version number: digits, optionally '.' and digits. */
static int is_version_number(const char *t)
{
    size_t major = strspn(t, "0123456789");
    if (major == 0 || major > 9)
        return 0;
    if (t[major] == '\0')
        return 1;
    size_t minor = t[major] == '.' ? strspn(t + major + 1, "0123456789") : 0;
    return minor > 0 && minor < 10 && t[major + 1 + minor] == '\0';
}

/* The 'slotgen:' value: the plain 1 (or 1.0), language 1.0, or 1.1, language 1.1. */
static void read_version(loader *L)
{
    schema *s = L->s;
    s->version_at = here(L);
    if (L->ev.type != YAML_SCALAR_EVENT) {
        wrong_kind(L, "the version number 1 or 1.1", "'slotgen'");
        return;
    }
    const char *t = scalar_text(L);
    if (is_plain(L) && (strcmp(t, "1") == 0 || strcmp(t, "1.0") == 0)) {
        s->version = 1;
    } else if (is_plain(L) && strcmp(t, "1.1") == 0) {
        s->version = 1;
        s->minor = 1;
    } else if (!is_plain(L)) {
        diag_error(L->d, here(L), "the schema version must be the plain number 1 or 1.1, not "
                   "the string '%s'", t);
    } else if (is_version_number(t)) {
        diag_error(L->d, here(L), "unsupported schema version %s (this slotgen reads versions "
                   "1 and 1.1)", t);
    } else {
        diag_error(L->d, here(L),
                   "unsupported schema version '%s' (this slotgen reads versions 1 and 1.1)", t);
    }
}

static void read_imports(loader *L)
{
    if (is_null(L))
        return;
    if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
        wrong_kind(L, "a sequence of file names", "'imports'");
        return;
    }
    while (next(L) && L->ev.type != YAML_SEQUENCE_END_EVENT) {
        if (L->ev.type != YAML_SCALAR_EVENT || is_null(L)) {
            wrong_kind(L, "a file name", "an import");
            continue;
        }
        schema *s = L->s;
        const char *path = scalar_text(L);
        size_t i = 0;
        while (i < s->nimports && strcmp(s->imports[i]->path, path) != 0)
            i++;
        if (i < s->nimports) {
            diag_error(L->d, here(L), "'%s' imported twice", path);
            diag_note(L->d, s->imports[i]->at, "first imported here");
        } else {
            schema_add_import(s, path, here(L));
        }
    }
}

/* Adds member 'name' at 'at' to 'e' unless it is there already (reported). */
static enum_member *add_member(loader *L, senum *e, const char *name, loc at)
{
    enum_member *first = schema_find_member(e, name);
    if (first) {
        diag_error(L->d, at, "%s '%s' declared twice in %s '%s'", e->is_flags ? "flag" : "member",
                   name, schema_enum_kind(e), e->name);
        diag_note(L->d, first->at, "first declared here");
        return NULL;
    }
    return schema_add_member(e, name, at);
}

/* Enum members as a sequence of names: values 0..n-1. */
static void read_member_list(loader *L, senum *e)
{
    char *what = emit_format("%s '%s'", schema_enum_kind(e), e->name);
    while (next(L) && L->ev.type != YAML_SEQUENCE_END_EVENT) {
        if (L->ev.type != YAML_SCALAR_EVENT)
            wrong_kind(L, e->is_flags ? "a flag name" : "a member name", what);
        else
            add_member(L, e, scalar_text(L), here(L));
    }
    mem_free(what);
}

/* A member's value (a flag's bit number): the scalar at the current event. */
static void read_member_value(loader *L, enum_member *m, const char *what)
{
    if (L->ev.type != YAML_SCALAR_EVENT) {
        wrong_kind(L, "an integer value", what);
        return;
    }
    m->has_value = true;
    mem_free(m->value_text.text);
    m->value_text.text = mem_strdup(scalar_text(L));
    m->value_text.quoted = !is_plain(L);
    m->value_text.at = here(L);
}

/* A member's long form {value, c_name}: without 'value', the member's index. */
static void read_member_body(loader *L, enum_member *m, const char *what)
{
    char *where = emit_format("in %s", what);
    loc seen[MEMBER_N] = {{0}};
    key k;
    while (read_key(L, &k, where)) {
        char *name = keyed(&k, where);
        switch (known_key(L, &k, member_keys, seen, where)) {
        case MEMBER_VALUE: read_member_value(L, m, what); break;
        case MEMBER_C_NAME: read_c_name(L, &m->c_name, &m->c_name_at, name); break;
        default: break;
        }
        mem_free(name);
        mem_free(k.text);
    }
    mem_free(where);
}

/* Enum members as a mapping {name: value} or {name: {value, c_name}}. */
static void read_member_map(loader *L, senum *e)
{
    char *where = emit_format("in %s '%s'", schema_enum_kind(e), e->name);
    key k;
    while (read_key(L, &k, where)) {
        enum_member *m = add_member(L, e, k.text, k.at);
        char *what = emit_format("%s '%s' of %s '%s'", e->is_flags ? "flag" : "member", k.text,
                          schema_enum_kind(e), e->name);
        if (!m)
            skip_node(L);
        else if (L->ev.type == YAML_MAPPING_START_EVENT)
            read_member_body(L, m, what);
        else
            read_member_value(L, m, what);
        mem_free(what);
        mem_free(k.text);
    }
    mem_free(where);
}

/* An enum, or a flag set when 'flags' (enums and flag sets share one namespace). */
static void read_enum(loader *L, const key *k, bool flags)
{
    const char *kind = flags ? "flag set" : "enum";
    senum *first = schema_find_enum(L->s, k->text);
    if (first) {
        diag_error(L->d, k->at, "%s '%s' declared twice", kind, k->text);
        if (first->is_flags != flags)
            diag_note(L->d, first->at, "first declared here, as %s", schema_enum_kind(first));
        else
            diag_note(L->d, first->at, "first declared here");
        skip_node(L);
        return;
    }
    senum *e = schema_add_enum(L->s, k->text, k->at);
    e->is_flags = flags;
    if (L->ev.type == YAML_SEQUENCE_START_EVENT) {
        read_member_list(L, e);
    } else if (L->ev.type == YAML_MAPPING_START_EVENT) {
        read_member_map(L, e);
    } else {
        char *what = emit_format("%s '%s'", kind, e->name);
        wrong_kind(L, flags ? "a sequence or a mapping of flags" : "a sequence or a mapping of "
                   "members", what);
        mem_free(what);
    }
}

/* The 'enums:' section, or the 'flags:' section when 'flags'. */
static void read_enums(loader *L, bool flags)
{
    if (is_null(L))
        return;
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        wrong_kind(L, flags ? "a mapping of flag sets" : "a mapping of enums",
                   flags ? "'flags'" : "'enums'");
        return;
    }
    key k;
    while (read_key(L, &k, flags ? "in 'flags'" : "in 'enums'")) {
        read_enum(L, &k, flags);
        mem_free(k.text);
    }
}

/* The 'default:' of an attribute: a scalar, or a sequence of scalars (for arrays). */
static void read_default(loader *L, attr *a, const char *what)
{
    a->default_at = here(L);
    if (L->ev.type == YAML_SCALAR_EVENT) {
        a->defaults = mem_alloc(sizeof *a->defaults);
        a->defaults[0].text = mem_strdup(scalar_text(L));
        a->defaults[0].quoted = !is_plain(L);
        a->defaults[0].at = here(L);
        a->ndefaults = 1;
        a->has_default = true;
        return;
    }
    if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
        wrong_kind(L, "a value or a sequence of values", what);
        return;
    }
    a->has_default = true;
    a->default_is_list = true;
    size_t cap = 0;
    while (next(L) && L->ev.type != YAML_SEQUENCE_END_EVENT) {
        if (L->ev.type != YAML_SCALAR_EVENT) {
            wrong_kind(L, "a value", what);
            continue;
        }
        if (a->ndefaults == cap) {
            cap = cap ? cap * 2 : 4;
            a->defaults = mem_realloc(a->defaults, cap * sizeof *a->defaults);
        }
        scalar *v = &a->defaults[a->ndefaults++];
        v->text = mem_strdup(scalar_text(L));
        v->quoted = !is_plain(L);
        v->at = here(L);
    }
}

/* A type as written: a scalar that is not empty. */
static void read_type(loader *L, attr *a, const char *what)
{
    if (L->ev.type != YAML_SCALAR_EVENT) {
        wrong_kind(L, "a type", what);
    } else if (is_null(L)) {
        diag_error(L->d, here(L), "missing type for %s", what);
    } else {
        mem_free(a->type_text);
        a->type_text = mem_strdup(scalar_text(L));
        a->type_at = here(L);
    }
}

/* The long form {type, default, doc, optional, c_name, deprecated}. */
static void read_attr_map(loader *L, attr *a, const char *what)
{
    char *where = emit_format("in %s", what);
    loc seen[ATTR_N] = {{0}};
    key k;
    while (read_key(L, &k, where)) {
        char *name = keyed(&k, where);
        switch (known_key(L, &k, attr_keys, seen, where)) {
        case ATTR_TYPE: read_type(L, a, what); break;
        case ATTR_DEFAULT: read_default(L, a, what); break;
        case ATTR_DOC: read_string(L, &a->doc, name); break;
        case ATTR_OPTIONAL: read_bool(L, &a->optional, name); break;
        case ATTR_C_NAME: read_c_name(L, &a->c_name, &a->c_name_at, name); break;
        case ATTR_DEPRECATED:
            a->deprecated_at = here(L);
            read_bool(L, &a->deprecated, name);
            break;
        default: break;
        }
        mem_free(name);
        mem_free(k.text);
    }
    if (!L->failed && !seen[ATTR_TYPE].line)
        diag_error(L->d, a->at, "missing 'type' for %s", what);
    mem_free(where);
}

static void read_attr(loader *L, sclass *c, const key *k)
{
    attr *first = schema_find_attr(c, k->text);
    if (first) {
        diag_error(L->d, k->at, "attribute '%s' declared twice in class '%s'", k->text,
                   c->name);
        diag_note(L->d, first->at, "first declared here");
        skip_node(L);
        return;
    }
    attr *a = schema_add_attr(c, k->text, k->at);
    char *what = emit_format("attribute '%s' in class '%s'", a->name, c->name);
    if (L->ev.type == YAML_MAPPING_START_EVENT)
        read_attr_map(L, a, what);
    else if (L->ev.type == YAML_SCALAR_EVENT)
        read_type(L, a, what);
    else
        wrong_kind(L, "a type or a mapping", what);
    mem_free(what);
}

static void read_attrs(loader *L, sclass *c)
{
    char *where = emit_format("in the attributes of class '%s'", c->name);
    if (is_null(L)) {
        /* no attributes */
    } else if (L->ev.type != YAML_MAPPING_START_EVENT) {
        char *what = emit_format("the attributes of class '%s'", c->name);
        wrong_kind(L, "a mapping", what);
        mem_free(what);
    } else {
        key k;
        while (read_key(L, &k, where)) {
            read_attr(L, c, &k);
            mem_free(k.text);
        }
    }
    mem_free(where);
}

static void read_layout(loader *L, sclass *c)
{
    c->layout_at = here(L);
    char *what = emit_format("'layout' in class '%s'", c->name);
    if (L->ev.type != YAML_SCALAR_EVENT) {
        wrong_kind(L, "compact, declared or packed", what);
    } else {
        const char *t = scalar_text(L);
        int i = key_index(layouts, t);
        const char *near = diag_suggest(t, layouts);
        if (i >= 0)
            c->layout = (layout_kind)i;
        else if (near)
            diag_error(L->d, here(L), "unknown layout '%s' for class '%s' (did you mean '%s'?)",
                       t, c->name, near);
        else
            diag_error(L->d, here(L),
                       "unknown layout '%s' for class '%s' (expected compact, declared or "
                       "packed)", t, c->name);
    }
    mem_free(what);
}

static void read_class_body(loader *L, sclass *c)
{
    char *where = emit_format("in class '%s'", c->name);
    loc seen[CLASS_N] = {{0}};
    key k;
    while (read_key(L, &k, where)) {
        char *name = keyed(&k, where);
        bool slots = false;
        switch (known_key(L, &k, class_keys, seen, where)) {
        case CLASS_DOC: read_string(L, &c->doc, name); break;
        case CLASS_SLOTS:
            c->slots_at = here(L);
            if (read_bool(L, &slots, name))
                c->slots = slots;
            break;
        case CLASS_LAYOUT: read_layout(L, c); break;
        case CLASS_ATTRIBUTES: read_attrs(L, c); break;
        case CLASS_C_NAME: read_c_name(L, &c->c_name, &c->c_name_at, name); break;
        default: break;
        }
        mem_free(name);
        mem_free(k.text);
    }
    mem_free(where);
}

static void read_class(loader *L, const key *k)
{
    sclass *first = schema_find_class(L->s, k->text);
    if (first) {
        diag_error(L->d, k->at, "class '%s' declared twice", k->text);
        diag_note(L->d, first->at, "first declared here");
        skip_node(L);
        return;
    }
    /* Added even when its body is wrong, so attributes that name it still resolve. */
    sclass *c = schema_add_class(L->s, k->text, k->at);
    if (L->ev.type == YAML_MAPPING_START_EVENT) {
        read_class_body(L, c);
    } else {
        char *what = emit_format("class '%s'", c->name);
        wrong_kind(L, "a mapping", what);
        mem_free(what);
    }
}

static void read_classes(loader *L)
{
    if (is_null(L))
        return;
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        wrong_kind(L, "a mapping of classes", "'classes'");
        return;
    }
    key k;
    while (read_key(L, &k, "in 'classes'")) {
        read_class(L, &k);
        mem_free(k.text);
    }
}

/* The document's top mapping; returns whether 'slotgen:' was given. */
static int read_top(loader *L)
{
    schema *s = L->s;
    loc seen[TOP_N] = {{0}};
    key k;
    while (read_key(L, &k, "at the top level")) {
        switch (known_key(L, &k, top_keys, seen, "at the top level")) {
        case TOP_SLOTGEN: read_version(L); break;
        case TOP_DOC: read_string(L, &s->doc, "'doc'"); break;
        case TOP_SLOTS: read_bool(L, &s->slots_default, "'slots' at the top level"); break;
        case TOP_PREFIX:
            s->prefix_at = here(L);
            read_string(L, &s->prefix, "'prefix'");
            break;
        case TOP_IMPORTS: read_imports(L); break;
        case TOP_ENUMS: read_enums(L, false); break;
        case TOP_FLAGS: read_enums(L, true); break;
        case TOP_CLASSES: read_classes(L); break;
        default: break;
        }
        mem_free(k.text);
    }
    return seen[TOP_SLOTGEN].line != 0;
}

static void empty_file(loader *L)
{
    loc at = {L->s->path, 1, 1};
    diag_error(L->d, at, "empty schema file; expected a mapping with 'slotgen: 1'");
}

/* The one document: a mapping (or nothing at all). */
static void read_document(loader *L)
{
    if (!next(L))
        return;
    if (is_null(L)) {
        empty_file(L);
    } else if (L->ev.type == YAML_MAPPING_START_EVENT) {
        loc at = here(L); /* the top mapping's start: past any leading comments */
        if (!read_top(L) && !L->failed) {
            diag_error(L->d, at, "missing 'slotgen: 1' version key");
        }
    } else {
        wrong_kind(L, "a mapping", "the schema");
    }
    if (next(L) && L->ev.type == YAML_DOCUMENT_END_EVENT && next(L)
        && L->ev.type == YAML_DOCUMENT_START_EVENT)
        diag_error(L->d, here(L),
                   "a second YAML document in one schema file (slotgen reads one per file)");
}

static void read_stream(loader *L)
{
    if (!next(L) || L->ev.type != YAML_STREAM_START_EVENT || !next(L))
        return;
    if (L->ev.type == YAML_STREAM_END_EVENT)
        empty_file(L);
    else if (L->ev.type == YAML_DOCUMENT_START_EVENT)
        read_document(L);
}

/* Frees libyaml's state: the current event and the parser (also when memory runs out). */
static void release_parser(void *arg)
{
    loader *L = arg;
    if (L->have)
        yaml_event_delete(&L->ev);
    L->have = 0;
    yaml_parser_delete(&L->parser);
}

schema *load_schema(const char *path, const char *text, size_t len, diag *d)
{
    schema *s = schema_new(path);
    loader L;
    memset(&L, 0, sizeof L);
    L.s = s;
    L.d = d;
    L.text = text;
    L.len = len;
    if (len > SGC_MAX_SCHEMA_SIZE) {
        diag_error(d, (loc){s->path, 1, 1}, "the schema is %zu bytes, more than the limit of "
                   "%zu (16 MiB)", len, SGC_MAX_SCHEMA_SIZE);
        return s;
    }
    if (!yaml_parser_initialize(&L.parser))
        mem_fail();
    mem_guard g;
    mem_guard_push(&g, release_parser, &L);
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)text, len);
    read_stream(&L);
    mem_guard_pop(&g);
    release_parser(&L);
    return s;
}
