/*
 * gen_header.c - prints NAME.slot.h: banner (which says once what every class's functions
 * do), ABI check, enums, forward typedefs, structs in embedding order, and per class the
 * declarations of its reflection table and constructor, its lifecycle and by-name functions
 * as one-call wrappers over the runtime, and its accessors (which must cost what a member
 * access costs: tests/accessor_asm_test.sh). Every identifier comes from names.c; each gen_*
 * function prints one construct.
 * A header function whose body is one expression that uses each parameter once is a
 * function-like macro of the same name (gen_macro), so that including the header costs
 * little more than reading the structs (issue 9): its object arguments go through SG_TYPED
 * (slotgen.h), which rejects a pointer to another type, a getter casts its result to the
 * function's return type (an rvalue, never assignable), and its parameters are named sg_*,
 * which no member can be (check.c). The others (several statements, or a parameter used
 * twice) stay static inline functions, as do all accessors of a deprecated attribute, since
 * a macro cannot carry SG_DEPRECATED.
 * Packed structs never have a member's address taken (it could be misaligned): setters that
 * need one go through a local copy.
 */
#include "gen_header.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "gen_extra.h"
#include "gen_source.h"
#include "names.h"
#include "sgc.h"
#include "sg_utf8.h"

static const char *layout_names[] = {"compact", "declared", "packed"};

/* ---- doc text -------------------------------------------------------------------------- */

/* The length of the control character at 'r' that a comment must not hold, or 0: what
 * sg_utf8_is_control lists, so C0 (tab and newline included: a comment line is one line), DEL,
 * C1 and the line and paragraph separators U+2028/U+2029, which some editors show as line
 * breaks. Bidirectional controls never get here: load.c rejects them in every schema string. */
static size_t control_len(const unsigned char *r)
{
    uint32_t c = 0;
    size_t n = sg_utf8_decode(r, &c);
    return n && sg_utf8_is_control(c) ? n : 0;
}

/* 'doc' made safe inside a C comment: one line; each control character a space; no comment
 * terminator (a user's "*\/" would end the comment and put the rest into the code); no
 * comment opener (-Wcomment); no trigraph (C99 and C++11 read "??/" as a backslash, which
 * at the end of a line would continue the comment onto the next: a space goes between "??"
 * and the third character, "?? /"). A new string. */
static char *clean_doc(const char *doc)
{
    char *out = mem_alloc(2 * strlen(doc) + 1), *w = out;
    for (const char *r = doc; *r; r++) {
        size_t ctl = control_len((const unsigned char *)r);
        char c = ctl ? ' ' : *r;
        if (ctl > 1)
            r += ctl - 1;
        if (c == ' ' && (w == out || w[-1] == ' '))
            continue;
        if (w > out && ((c == '/' && w[-1] == '*') || (c == '*' && w[-1] == '/')))
            *w++ = ' ';
        if (w - out >= 2 && w[-1] == '?' && w[-2] == '?' && strchr("=/'()!<>-", c))
            *w++ = ' ';
        *w++ = c;
    }
    while (w > out && w[-1] == ' ')
        w--;
    *w = '\0';
    return out;
}

/* Prints 'doc' as comment lines "<lead><words>", wrapped before column 100. */
static void gen_doc_lines(emitter *e, const char *lead, const char *doc)
{
    char *text = clean_doc(doc);
    size_t width = 99 - 4 * (size_t)e->indent - strlen(lead);
    const char *p = text, *end = text + strlen(text); /* one strlen: linear in the doc */
    while (p < end) {
        size_t n = (size_t)(end - p);
        if (n > width) {
            n = width;
            while (n > 0 && p[n] != ' ')
                n--;
            if (n == 0)
                n = strcspn(p, " ");
        }
        emit_line(e, "%s%.*s", lead, (int)n, p);
        p += n;
        while (*p == ' ')
            p++;
    }
    mem_free(text);
}

/* The comment that opens a class's or enum's section: "/\* ---- Name: doc *\/", or the
 * doc wrapped on lines of its own when that would be too long. */
static void gen_section(emitter *e, const char *name, const char *doc)
{
    char *text = doc ? clean_doc(doc) : NULL;
    if (!text || strlen(name) + strlen(text) + 13 < 100) {
        emit_line(e, "/* ---- %s%s%s */", name, text ? ": " : "", text ? text : "");
        mem_free(text);
        return;
    }
    mem_free(text);
    emit_line(e, "/*");
    emit_line(e, " * ---- %s", name);
    gen_doc_lines(e, " * ", doc);
    emit_line(e, " */");
}

/* ---- file frame ------------------------------------------------------------------------ */

/* What every class's functions do, said once for the file. */
static const char *const api_comment[] = {
    "Each class T below comes with (docs/generated-code.md has the details):",
    "  T_class                  its reflection table",
    "  T_new(attributes...)     a new T: defaults, then the arguments (strings copied); NULL",
    "                           when out of memory or an inline string is too long",
    "  T_free(self)             T_destroy, then frees 'self'; NULL is fine",
    "  T_init(self)             zeroes storage the caller owns and applies defaults: SG_OK,",
    "                           or SG_ENOMEM with nothing left to free",
    "  T_destroy(self)          frees what 'self' owns, not 'self', and zeroes it; NULL is fine",
    "  T_getattr, T_setattr, T_delattr   by name, as sg_getattr: declared attributes, then",
    "                           dynamic ones (a slotted class gives SG_ENOATTR for others)",
    "  T_a(self), T_set_a(self, v)   typed accessors, as fast as the member itself. A string",
    "                           setter copies 'v' (NULL clears) and keeps the old value on",
    "                           SG_ENOMEM; a char[N] value that does not fit, or an index past",
    "                           an array, gives SG_ERANGE and changes nothing",
    "  T_has_a, T_clear_a       optional attributes; T_a_mut(self) an embedded object to write",
    "  T_copy(dst, src)         a deep copy into 'dst' (initialized or zeroed; its old contents",
    "                           released); on failure 'dst' is left destroyed and zeroed",
    "  T_clone(src)             a new deep copy, NULL when out of memory",
    "  T_equal, T_hash          equality by value and a hash consistent with it",
    "  U_INIT                   T's defaults as an initializer (U: T in upper snake case)",
    "  T_a_count, T_a_at        lists and arrays: the count, element i (0 or NULL past it);",
    "  T_a_set_at               SG_ERANGE past it; lists also T_a_append, T_a_remove_at,",
    "                           T_a_clear, T_a_reserve (every failure leaves the list as it was)",
    "Those of one expression are macros, a getter an rvalue of the function's type: each",
    "argument is evaluated once, the object type-checked (SG_TYPED); no address to take.",
    "An array's T_a_count is a constant: its argument is not evaluated.",
};

static void gen_banner(emitter *e, const schema *s, const char *base)
{
    emit_line(e, "/*");
    emit_line(e, " * %s.slot.h - generated by slotgen %s from %s. DO NOT EDIT.", base,
              SGC_VERSION, names_file(s->path));
    if (s->doc) {
        emit_line(e, " *");
        gen_doc_lines(e, " * ", s->doc);
    }
    if (s->nclasses)
        emit_line(e, " *");
    for (size_t i = 0; i < s->nclasses; i++) {
        const sclass *c = s->classes[i];
        emit_line(e, " *   %-20s %-8s %6u bytes  %s", c->cname,
                  c->slotted ? "slotted" : "dynamic", c->size, layout_names[c->layout]);
    }
    if (s->nclasses)
        emit_line(e, " *");
    for (size_t i = 0; s->nclasses && i < sizeof api_comment / sizeof api_comment[0]; i++)
        emit_line(e, " * %s", api_comment[i]);
    emit_line(e, " */");
}

static void gen_includes(emitter *e, const schema *s, const char *base)
{
    emit_line(e, "#include <stdbool.h>");
    emit_line(e, "#include <stddef.h>");
    emit_line(e, "#include <stdint.h>");
    emit_line(e, "#include <string.h>");
    if (gen_extra_init_needs_math(s))
        emit_line(e, "#include <math.h> /* NAN, INFINITY for an INIT macro */");
    emit_blank(e);
    emit_line(e, "#include <slotgen.h>");
    for (size_t i = 0; i < s->nimports; i++) {
        char *ibase = names_base(s->imports[i]->target->path);
        emit_line(e, "#include \"%s.slot.h\"", ibase);
        mem_free(ibase);
    }
    emit_blank(e);
    emit_line(e, "#if SG_ABI_VERSION != %d", SGC_RUNTIME_ABI);
    emit_line(e, "#error \"%s.slot.h was generated by slotgen %s for runtime ABI %d: "
                 "regenerate it\"", base, SGC_VERSION, SGC_RUNTIME_ABI);
    emit_line(e, "#endif");
    emit_line(e, "#ifndef SG_TYPED /* since runtime 2.1, as sg_object_clone */");
    emit_line(e, "#error \"%s.slot.h needs slotgen.h of runtime 2.1 or later\"", base);
    emit_line(e, "#endif");
    if (gen_extra_has_deprecated(s)) {
        emit_blank(e);
        gen_extra_deprecated_macro(e);
    }
}

/* ---- enums ----------------------------------------------------------------------------- */

static void gen_enum(emitter *e, const senum *en)
{
    gen_section(e, en->name, en->doc);
    emit_blank(e);
    if (en->is_flags) {
        gen_extra_enum_header(e, en);
        return;
    }
    emit_open(e, "typedef enum %s {", en->cname);
    for (size_t i = 0; i < en->nmembers; i++) {
        const enum_member *m = en->members[i];
        emit_line(e, "%s = %lld%s", m->cname, (long long)m->value,
                  i + 1 < en->nmembers ? "," : "");
    }
    emit_close(e, "} %s;", en->cname);
    emit_blank(e);
    emit_line(e, "extern const sg_enum %s_enum;", en->cname);
    emit_blank(e);
    emit_line(e, "/* The member's name as in the schema, or NULL when 'v' is not a member. */");
    emit_line(e, "const char *%s_name(%s v);", en->cname, en->cname);
    emit_blank(e);
    emit_line(e, "/* Stores the member called 'name' in '*out' and returns true; false if "
                 "none. */");
    emit_line(e, "bool %s_from_name(const char *name, %s *out);", en->cname, en->cname);
    emit_blank(e);
    gen_extra_enum_header(e, en);
}

/* ---- structs --------------------------------------------------------------------------- */

/* The declarator of 'a's member: "tags[4]", "name[16]", "names[4][16]"; a list's pointer to
 * its first element, "*tags", "(*codes)[8]". A new string. */
static char *member_declarator(const attr *a)
{
    char count[16] = "", chars[16] = "";
    if (a->type.list && a->type.kind == TY_CHARS)
        return emit_format("(*%s)[%u]", a->member, a->type.chars);
    if (a->type.list)
        return emit_format("*%s", a->member);
    if (a->type.count)
        snprintf(count, sizeof count, "[%u]", a->type.count);
    if (a->type.kind == TY_CHARS)
        snprintf(chars, sizeof chars, "[%u]", a->type.chars);
    return emit_format("%s%s%s", a->member, count, chars);
}

/* The member's comment: its doc, then what the C type alone does not say. A new string, ""
 * when there is nothing to say. */
static char *member_comment(const attr *a)
{
    const char *what = "";
    switch (a->type.kind) {
    case TY_STRING:
        what = "owned string, NULL when unset";
        break;
    case TY_CHARS:
        what = "inline string, NUL-terminated";
        break;
    case TY_REF:
        what = "not owned";
        break;
    default:
        break;
    }
    if (a->type.list) /* the elements live in the list's block */
        what = a->type.kind == TY_STRING ? "list of owned strings; NULL when empty"
               : a->type.kind == TY_REF  ? "list of pointers not owned; NULL when empty"
                                         : "list; NULL when empty";
    char *doc = a->doc ? clean_doc(a->doc) : NULL;
    const char *sep = doc && *what ? "; " : "";
    const char *opt = a->optional ? (doc || *what ? "; optional" : "optional") : "";
    char *out = doc || *what || *opt ? emit_format("/* %s%s%s%s */", doc ? doc : "", sep, what, opt)
                                     : emit_format("%s", "");
    mem_free(doc);
    return out;
}

/* The declaration ("uint32_t id;") and comment of one member of 'c': new strings. */
static void member_text(const slot *sl, const sclass *c, char **decl, char **comment)
{
    switch (sl->kind) {
    case SLOT_PRESENCE:
        *decl = emit_format("uint8_t sg_has[%u];", (c->npresence + 7) / 8);
        *comment = emit_format("%s", "/* presence bits of optional attributes */");
        break;
    case SLOT_DYN:
        *decl = emit_format("%s", "sg_dict *sg_dyn;");
        *comment = emit_format("%s", "/* dynamic attributes, NULL until one is set */");
        break;
    default: {
        const char *ct = sl->a->ctype;
        char *d = member_declarator(sl->a);
        *decl = emit_format("%s%s%s;", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", d);
        *comment = member_comment(sl->a);
        mem_free(d);
        break;
    }
    }
}

static void gen_struct(emitter *e, const sclass *c)
{
    gen_section(e, c->name, c->doc);
    emit_blank(e);
    if (c->layout == LAYOUT_PACKED)
        emit_line(e, "#ifdef _MSC_VER\n#pragma pack(push, 1)\n#endif");
    emit_open(e, "struct %s {", c->cname);
    /* each member's declaration and comment, made once for both passes */
    char **text = c->nslots ? mem_alloc(2 * c->nslots * sizeof *text) : NULL;
    int width = 0; /* comments line up after the longest declaration, up to column 44 */
    for (size_t i = 0; i < c->nslots; i++) {
        member_text(&c->slots_order[i], c, &text[2 * i], &text[2 * i + 1]);
        size_t len = strlen(text[2 * i]);
        if (len > (size_t)width)
            width = len < 40 ? (int)len : 40;
    }
    for (size_t i = 0; i < c->nslots; i++) {
        char *decl = text[2 * i], *comment = text[2 * i + 1];
        if (!comment[0]) {
            emit_line(e, "%s", decl);
        } else if ((size_t)(4 * e->indent + width + 1) + strlen(comment) < 100) {
            emit_line(e, "%-*s %s", width, decl, comment);
        } else { /* too long for one line: the comment goes above, wrapped */
            comment[strlen(comment) - 3] = '\0';
            emit_line(e, "/*");
            gen_doc_lines(e, " * ", comment + 3);
            emit_line(e, " */");
            emit_line(e, "%s", decl);
        }
        mem_free(decl);
        mem_free(comment);
    }
    mem_free(text);
    emit_close(e, "}%s;", c->layout == LAYOUT_PACKED ? " SG_PACKED" : "");
    if (c->layout == LAYOUT_PACKED)
        emit_line(e, "#ifdef _MSC_VER\n#pragma pack(pop)\n#endif");
    emit_blank(e);
}

/* ---- per-class functions --------------------------------------------------------------- */

void gen_constructor_params(const sclass *c, emitter *p)
{
    int any = 0;
    for (size_t i = 0; i < c->nattrs; i++) {
        const attr *a = c->attrs[i];
        if (!gen_is_constructor_param(a))
            continue;
        const char *ct = a->type.kind == TY_STRING || a->type.kind == TY_CHARS
                             ? "const char *"
                             : a->ctype;
        size_t l = strlen(ct);
        emit_raw(p, "%s%s%s%s", any ? ", " : "", ct, ct[l - 1] == '*' ? "" : " ", a->member);
        any = 1;
    }
    if (!any)
        emit_raw(p, "void");
}

/* ---- accessors -------------------------------------------------------------------------
 * Accessors whose body is one statement take one line, when it fits in 100 columns; the
 * others are laid out like hand-written functions, with a blank line after each.
 */

/* The function "SIG { BODY }" with the one statement 'body'. */
static void gen_short(emitter *e, const char *sig, const char *body)
{
    if (4 * (size_t)e->indent + strlen(sig) + strlen(body) + 5 < 100) {
        emit_line(e, "%s { %s }", sig, body);
        return;
    }
    emit_decl(e, "%s", sig);
    emit_open(e, "{");
    emit_decl(e, "%s", body);
    emit_close(e, "}");
    emit_blank(e);
}

void gen_shortf(emitter *e, char *sig, char *body)
{
    gen_short(e, sig, body);
    mem_free(sig);
    mem_free(body);
}

void gen_close(emitter *e)
{
    emit_close(e, "}");
    emit_blank(e);
}

/* The paren depth of the outermost ", " of 'p' (the arguments of its outermost call). */
static int outer_depth(const char *p)
{
    int depth = 0, min = -1;
    for (; *p; p++) {
        depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
        if (p[0] == ',' && p[1] == ' ' && (min < 0 || depth < min))
            min = depth;
    }
    return min;
}

/* 'body' on the continuation lines of a macro, broken after the ", " between the arguments of
 * its outermost call where a line with its " \\" would pass column 99: the first line indented
 * by 4, the others by 8. */
static void macro_body(emitter *e, const char *body)
{
    int indent = 4, want = outer_depth(body), depth = 0;
    for (const char *p = body;;) {
        size_t n = strlen(p), cut = 0;
        if ((size_t)indent + n < 100) {
            emit_line(e, "%*s%s", indent, "", p);
            return;
        }
        int d = depth;
        for (size_t i = 0; i < n; i++) {
            d += p[i] == '(' ? 1 : p[i] == ')' ? -1 : 0;
            if (p[i] == ',' && p[i + 1] == ' ' && d == want &&
                (!cut || (size_t)indent + i + 3 < 100))
                cut = i + 1; /* after the comma; the first one whatever its length */
        }
        if (!cut) { /* nowhere to break */
            emit_line(e, "%*s%s", indent, "", p);
            return;
        }
        for (size_t i = 0; i < cut; i++)
            depth += p[i] == '(' ? 1 : p[i] == ')' ? -1 : 0;
        emit_line(e, "%*s%.*s \\", indent, "", (int)cut, p);
        p += cut + 1;
        indent = 8;
    }
}

void gen_macro(emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t at = emit_vline(e, fmt, ap); /* the common case: it fits, and is written once */
    va_end(ap);
    size_t n = e->len - at; /* its newline included */
    if (n - 1 < 100)
        return;
    char *line = emit_cut(e, at);
    line[n - 1] = '\0';
    char *def = line + 4 * (size_t)e->indent, *close = strchr(def, ')');
    assert(strncmp(def, "#define ", 8) == 0 && close && close[1] == ' ');
    emit_line(e, "%.*s \\", (int)(close + 1 - def), def);
    macro_body(e, close + 2);
    mem_free(line);
}

/* "self->sg_has[1] |= 0x04;" parts for an optional attribute's presence bit. */
static void presence_bit(const attr *a, unsigned *byte, unsigned *mask)
{
    *byte = (unsigned)a->presence / 8;
    *mask = 1u << ((unsigned)a->presence % 8);
}

static void gen_mark_present(emitter *e, const attr *a)
{
    unsigned byte, mask;
    if (!a->optional)
        return;
    presence_bit(a, &byte, &mask);
    emit_line(e, "self->sg_has[%u] |= 0x%02x;", byte, mask);
}

/* For an optional string, char[N] or ref set from pointer 'v': present when 'v' is not NULL,
 * absent when it is, as sg_setattr with SG_NONE does; when 'on_ok', only if 'st' is SG_OK. */
static void gen_mark_present_if_v(emitter *e, const attr *a, int on_ok)
{
    unsigned byte, mask;
    if (!a->optional)
        return;
    presence_bit(a, &byte, &mask);
    emit_line(e, "if (%sv)", on_ok ? "st == SG_OK && " : "");
    emit_line(e, "    self->sg_has[%u] |= 0x%02x;", byte, mask);
    emit_line(e, "else%s", on_ok ? " if (st == SG_OK)" : "");
    emit_line(e, "    self->sg_has[%u] &= (uint8_t)~0x%02xu;", byte, mask);
}

/* True when the text 'e' holds ends with an empty line. */
static int ends_blank(const emitter *e)
{
    return e->len >= 2 && e->buf[e->len - 1] == '\n' && e->buf[e->len - 2] == '\n';
}

/* ---- per-class functions ---------------------------------------------------------------
 * The lifecycle and by-name functions: the constructor is the one function NAME.slot.c
 * defines per class; the others are one call into the runtime each, a macro here. What each
 * does is said once, in the banner (api_comment).
 */

static void gen_functions(emitter *e, const sclass *c)
{
    const char *t = c->cname;
    emitter params;
    emit_init(&params);
    gen_constructor_params(c, &params);
    emit_line(e, "extern const sg_class %s_class;", t);
    emit_blank(e);
    emit_decl(e, "%s *%s_new(%s);", t, t, params.buf);
    emit_fini(&params);
    gen_macro(e, "#define %s_free(sg_self) sg_object_free(&%s_class, SG_TYPED(%s, sg_self))", t,
              t, t);
    gen_macro(e, "#define %s_init(sg_self) sg_object_init(&%s_class, SG_TYPED(%s, sg_self))", t,
              t, t);
    gen_macro(e, "#define %s_destroy(sg_self) sg_object_destroy(&%s_class, SG_TYPED(%s, sg_self))",
              t, t, t);
    gen_macro(e, "#define %s_getattr(sg_self, sg_name, sg_out) sg_getattr(&%s_class, "
                 "SG_TYPED(const %s, sg_self), sg_name, sg_out)", t, t, t);
    gen_macro(e, "#define %s_setattr(sg_self, sg_name, sg_v) sg_setattr(&%s_class, "
                 "SG_TYPED(%s, sg_self), sg_name, sg_v)", t, t, t);
    gen_macro(e, "#define %s_delattr(sg_self, sg_name) sg_delattr(&%s_class, SG_TYPED(%s, "
                 "sg_self), sg_name)", t, t, t);
    gen_macro(e, "#define %s_copy(sg_dst, sg_src) sg_copy(&%s_class, SG_TYPED(%s, sg_dst), "
                 "SG_TYPED(const %s, sg_src))", t, t, t, t);
    gen_macro(e, "#define %s_clone(sg_src) ((%s *)sg_object_clone(&%s_class, SG_TYPED(const %s, "
                 "sg_src)))", t, t, t, t);
    gen_macro(e, "#define %s_equal(sg_self, sg_other) sg_equal(&%s_class, SG_TYPED(const %s, "
                 "sg_self), SG_TYPED(const %s, sg_other))", t, t, t, t);
    gen_macro(e, "#define %s_hash(sg_self) sg_hash(&%s_class, SG_TYPED(const %s, sg_self))", t,
              t, t);
    emit_blank(e);
}

static void gen_presence(emitter *e, const sclass *c, const attr *a)
{
    const char *t = c->cname;
    unsigned byte, mask;
    presence_bit(a, &byte, &mask);
    bool one = a->type.kind != TY_STRING || a->type.count; /* clear: one expression */
    if (!a->deprecated) {
        gen_macro(e, "#define %s_has_%s(sg_self) ((bool)(SG_TYPED(const %s, sg_self)->sg_has[%u] & "
                  "0x%02x))", t, a->cname, t, byte, mask);
        if (one) {
            gen_macro(e, "#define %s_clear_%s(sg_self) ((void)(SG_TYPED(%s, sg_self)->sg_has[%u] "
                      "&= (uint8_t)~0x%02xu))", t, a->cname, t, byte, mask);
            return;
        }
    } else {
        gen_shortf(e,
                   emit_format("%sstatic inline bool %s_has_%s(const %s *self)",
                               gen_extra_deprecated(a), t, a->cname, t),
                   emit_format("return (self->sg_has[%u] & 0x%02x) != 0;", byte, mask));
    }
    char *sig = emit_format("%sstatic inline void %s_clear_%s(%s *self)", gen_extra_deprecated(a),
                            t, a->cname, t);
    if (one) {
        gen_shortf(e, sig, emit_format("self->sg_has[%u] &= (uint8_t)~0x%02xu;", byte, mask));
        return;
    }
    emit_line(e, "%s", sig);
    mem_free(sig);
    emit_open(e, "{");
    emit_line(e, "sg_str_free(self->%s);", a->member);
    emit_line(e, "self->%s = NULL;", a->member);
    emit_line(e, "self->sg_has[%u] &= (uint8_t)~0x%02xu;", byte, mask);
    gen_close(e);
}

/* "#define T_a(sg_self) ((RET)SG_TYPED(const T, sg_self)->m)": the member's value as the
 * function "RET T_a(const T *self)" would return it, an rvalue; with 'amp' "&", its address
 * "(&SG_TYPED(const T, sg_self)->m)". A deprecated attribute's getter is that function. */
static void gen_getter(emitter *e, const sclass *c, const attr *a, const char *ret,
                       const char *amp)
{
    const char *sp = ret[strlen(ret) - 1] == '*' ? "" : " ";
    if (!a->deprecated) {
        if (*amp)
            gen_macro(e, "#define %s_%s(sg_self) (&SG_TYPED(const %s, sg_self)->%s)", c->cname,
                      a->cname, c->cname, a->member);
        else
            gen_macro(e, "#define %s_%s(sg_self) ((%s)SG_TYPED(const %s, sg_self)->%s)",
                      c->cname, a->cname, ret, c->cname, a->member);
        return;
    }
    gen_shortf(e,
               emit_format("%sstatic inline %s%s%s_%s(const %s *self)", gen_extra_deprecated(a),
                           ret, sp, c->cname, a->cname, c->cname),
               emit_format("return %sself->%s;", amp, a->member));
}

/* A plain value: numbers, bool, char, enums, refs. */
static void gen_scalar_access(emitter *e, const sclass *c, const attr *a)
{
    const char *t = c->cname, *ct = a->ctype, *sp = ct[strlen(ct) - 1] == '*' ? "" : " ";
    gen_getter(e, c, a, ct, "");
    if (!a->optional && !a->deprecated) {
        gen_macro(e, "#define %s_set_%s(sg_self, sg_v) ((void)(SG_TYPED(%s, sg_self)->%s = "
                     "(sg_v)))", t, a->cname, t, a->member);
        return;
    }
    char *sig = emit_format("%sstatic inline void %s_set_%s(%s *self, %s%sv)",
                            gen_extra_deprecated(a), t, a->cname, t, ct, sp);
    if (!a->optional) {
        gen_shortf(e, sig, emit_format("self->%s = v;", a->member));
        return;
    }
    emit_decl(e, "%s", sig);
    mem_free(sig);
    emit_open(e, "{");
    emit_line(e, "self->%s = v;", a->member);
    if (a->type.kind == TY_REF)
        gen_mark_present_if_v(e, a, 0);
    else
        gen_mark_present(e, a);
    gen_close(e);
}

/* Copies 'v' into the owned string at lvalue 'lv' ("self->name", "self->tags[i]") and sets
 * local 'st'. A packed member goes through a local, as its address may be misaligned (on
 * failure the local still holds the old string, so writing it back is harmless). */
static void gen_replace_string(emitter *e, const sclass *c, const char *lv)
{
    if (c->layout == LAYOUT_PACKED) {
        emit_line(e, "char *s = %s;", lv);
        emit_line(e, "sg_status st = sg_str_replace(&s, v);");
        emit_line(e, "%s = s;", lv);
    } else {
        emit_line(e, "sg_status st = sg_str_replace(&%s, v);", lv);
    }
}

/* Copies 'v' (NULL: empty) into the inline string at lvalue 'lv', or returns SG_ERANGE when
 * it does not fit. */
static void gen_copy_chars(emitter *e, const char *lv)
{
    emit_line(e, "size_t n = v ? strlen(v) : 0;");
    emit_line(e, "if (n >= sizeof %s)", lv);
    emit_line(e, "    return SG_ERANGE;");
    emit_line(e, "memcpy(%s, v ? v : \"\", n + 1);", lv);
}

static void gen_string_access(emitter *e, const sclass *c, const attr *a)
{
    const char *t = c->cname, *m = a->member;
    gen_getter(e, c, a, "const char *", "");
    if (c->layout != LAYOUT_PACKED && !a->optional && !a->deprecated) {
        gen_macro(e, "#define %s_set_%s(sg_self, sg_v) sg_str_replace(&SG_TYPED(%s, sg_self)->%s, "
                  "sg_v)", t, a->cname, t, m);
        return;
    }
    char *sig = emit_format("%sstatic inline sg_status %s_set_%s(%s *self, const char *v)",
                            gen_extra_deprecated(a), t, a->cname, t);
    if (c->layout != LAYOUT_PACKED && !a->optional) {
        gen_shortf(e, sig, emit_format("return sg_str_replace(&self->%s, v);", m));
        return;
    }
    emit_decl(e, "%s", sig);
    mem_free(sig);
    emit_open(e, "{");
    char *lv = emit_format("self->%s", m);
    gen_replace_string(e, c, lv);
    mem_free(lv);
    gen_mark_present_if_v(e, a, 1);
    emit_line(e, "return st;");
    gen_close(e);
}

static void gen_chars_access(emitter *e, const sclass *c, const attr *a)
{
    const char *t = c->cname, *m = a->member;
    gen_getter(e, c, a, "const char *", "");
    emit_decl(e, "%sstatic inline sg_status %s_set_%s(%s *self, const char *v)",
              gen_extra_deprecated(a), t, a->cname, t);
    emit_open(e, "{");
    char *lv = emit_format("self->%s", m);
    gen_copy_chars(e, lv);
    mem_free(lv);
    gen_mark_present_if_v(e, a, 0);
    emit_line(e, "return SG_OK;");
    gen_close(e);
}

static void gen_embedded_access(emitter *e, const sclass *c, const attr *a)
{
    const char *t = c->cname, *ct = a->ctype;
    char *ret = names_join("const ", ct, " *");
    gen_getter(e, c, a, ret, "&");
    mem_free(ret);
    if (!a->optional && !a->deprecated) {
        gen_macro(e, "#define %s_%s_mut(sg_self) (&SG_TYPED(%s, sg_self)->%s)", t, a->cname, t,
                  a->member);
        return;
    }
    char *sig = emit_format("%sstatic inline %s *%s_%s_mut(%s *self)", gen_extra_deprecated(a), ct,
                            t, a->cname, t);
    if (!a->optional) {
        gen_shortf(e, sig, emit_format("return &self->%s;", a->member));
        return;
    }
    emit_decl(e, "%s", sig);
    mem_free(sig);
    emit_open(e, "{");
    gen_mark_present(e, a);
    emit_line(e, "return &self->%s;", a->member);
    gen_close(e);
}

/* The element getter of a T[N] attribute, called 'name' (T_a, or T_a_at): a value, or a
 * pointer for strings and classes; 0 or NULL when i >= N. */
static void gen_array_get(emitter *e, const sclass *c, const attr *a, const char *name)
{
    const char *t = c->cname, *m = a->member;
    char *sig;
    switch (a->type.kind) {
    case TY_STRING:
    case TY_CHARS:
        sig = emit_format("%sstatic inline const char *%s(const %s *self, size_t i)",
                          gen_extra_deprecated(a), name, t);
        break;
    case TY_CLASS:
        sig = emit_format("%sstatic inline const %s *%s(const %s *self, size_t i)",
                          gen_extra_deprecated(a), a->ctype, name, t);
        break;
    default: {
        const char *sp = a->ctype[strlen(a->ctype) - 1] == '*' ? "" : " ";
        sig = emit_format("%sstatic inline %s%s%s(const %s *self, size_t i)",
                          gen_extra_deprecated(a), a->ctype, sp, name, t);
        break;
    }
    }
    unsigned n = a->type.count;
    if (a->type.kind == TY_CLASS)
        gen_shortf(e, sig, emit_format("return i < %u ? &self->%s[i] : NULL;", n, m));
    else if (a->type.kind == TY_ENUM)
        gen_shortf(e, sig, emit_format("return i < %u ? self->%s[i] : (%s)0;", n, m, a->ctype));
    else if (a->type.kind == TY_REF || a->type.kind == TY_STRING || a->type.kind == TY_CHARS)
        gen_shortf(e, sig, emit_format("return i < %u ? self->%s[i] : NULL;", n, m));
    else {
        emit_decl(e, "%s", sig);
        mem_free(sig);
        emit_open(e, "{");
        emit_line(e, "if (i >= %u)", n);
        emit_line(e, "    return 0;");
        emit_line(e, "return self->%s[i];", m);
        gen_close(e);
    }
}

/* T_a_mut(self, i) of an array of embedded objects: element i for writing, NULL past N. */
static void gen_array_mut(emitter *e, const sclass *c, const attr *a)
{
    const char *t = c->cname;
    emit_decl(e, "%sstatic inline %s *%s_%s_mut(%s *self, size_t i)", gen_extra_deprecated(a),
              a->ctype, t, a->cname, t);
    emit_open(e, "{");
    emit_line(e, "if (i >= %u)", a->type.count);
    emit_line(e, "    return NULL;");
    gen_mark_present(e, a);
    emit_line(e, "return &self->%s[i];", a->member);
    gen_close(e);
}

/* T_a_set_at(self, i, v) of an array of embedded objects: a deep copy of 'v' made aside,
 * then put in place of element i (destroyed), so a failure leaves the element as it was. */
static void gen_array_copy_at(emitter *e, const sclass *c, const attr *a, const char *name)
{
    const char *ct = a->ctype;
    emit_decl(e, "%sstatic inline sg_status %s(%s *self, size_t i, const %s *v)",
              gen_extra_deprecated(a), name, c->cname, ct);
    emit_open(e, "{");
    emit_line(e, "%s copy;", ct);
    emit_line(e, "if (i >= %u)", a->type.count);
    emit_line(e, "    return SG_ERANGE;");
    emit_line(e, "memset(&copy, 0, sizeof copy);");
    emit_line(e, "sg_status st = sg_copy(&%s_class, &copy, v);", ct);
    emit_line(e, "if (st != SG_OK)");
    emit_line(e, "    return st;");
    emit_line(e, "sg_object_destroy(&%s_class, &self->%s[i]);", ct, a->member);
    emit_line(e, "self->%s[i] = copy;", a->member);
    gen_mark_present(e, a);
    emit_line(e, "return SG_OK;");
    gen_close(e);
}

/* The element setter of a T[N] attribute, called 'name' (T_set_a, or T_a_set_at): SG_ERANGE
 * past N; embedded objects are copied in by gen_array_copy_at. */
static void gen_array_set(emitter *e, const sclass *c, const attr *a, const char *name)
{
    const char *t = c->cname, *m = a->member;
    unsigned n = a->type.count;
    if (a->type.kind == TY_CLASS) {
        gen_array_copy_at(e, c, a, name);
        return;
    }
    const char *ct = a->type.kind == TY_STRING || a->type.kind == TY_CHARS ? "const char *"
                                                                             : a->ctype;
    const char *sp = ct[strlen(ct) - 1] == '*' ? "" : " ";
    emit_decl(e, "%sstatic inline sg_status %s(%s *self, size_t i, %s%sv)",
              gen_extra_deprecated(a), name, t, ct, sp);
    emit_open(e, "{");
    emit_line(e, "if (i >= %u)", n);
    emit_line(e, "    return SG_ERANGE;");
    char *lv = emit_format("self->%s[i]", m);
    if (a->type.kind == TY_STRING)
        gen_replace_string(e, c, lv);
    else if (a->type.kind == TY_CHARS)
        gen_copy_chars(e, lv);
    mem_free(lv);
    if (a->type.kind == TY_STRING) {
        if (!a->optional) {
            emit_line(e, "return st;");
            gen_close(e);
            return;
        }
        emit_line(e, "if (st != SG_OK)");
        emit_line(e, "    return st;");
    } else if (a->type.kind != TY_CHARS) {
        emit_line(e, "self->%s[i] = v;", m);
    }
    gen_mark_present(e, a);
    emit_line(e, "return SG_OK;");
    gen_close(e);
}

/* A T[N] attribute: T_a and T_set_a (T_a_mut for embedded objects) with an index, and the
 * names lists share: T_a_count (N, a constant macro), T_a_at and T_a_set_at, which are
 * T_a and T_set_a under those names (macros: one function each, deprecation warnings
 * included); an embedded object's T_a_set_at copies one in, a function of its own. */
static void gen_array_access(emitter *e, const sclass *c, const attr *a)
{
    const char *t = c->cname, *n = a->cname;
    bool embedded = a->type.kind == TY_CLASS;
    char *get = emit_format("%s_%s", t, n);
    char *set = emit_format(embedded ? "%s_%s_set_at" : "%s_set_%s", t, n);
    gen_array_get(e, c, a, get);
    if (embedded)
        gen_array_mut(e, c, a);
    else
        gen_array_set(e, c, a, set);
    /* a constant: T_a_count() and T_a_count(self) both give N (the argument is not used) */
    emit_line(e, "#define %s_%s_count(...) ((size_t)%u)", t, n, a->type.count);
    gen_macro(e, "#define %s_%s_at(sg_self, sg_i) %s(sg_self, sg_i)", t, n, get);
    if (embedded)
        gen_array_set(e, c, a, set);
    else
        gen_macro(e, "#define %s_%s_set_at(sg_self, sg_i, sg_v) %s(sg_self, sg_i, sg_v)", t, n,
                  set);
    mem_free(set);
    mem_free(get);
}

static void gen_accessors(emitter *e, const sclass *c, const attr *a, size_t k)
{
    if (a->type.list) {
        gen_extra_list_header(e, c, a, k);
        return;
    } else if (a->type.count) {
        gen_array_access(e, c, a);
    } else if (a->type.kind == TY_STRING) {
        gen_string_access(e, c, a);
    } else if (a->type.kind == TY_CHARS) {
        gen_chars_access(e, c, a);
    } else if (a->type.kind == TY_CLASS) {
        gen_embedded_access(e, c, a);
    } else {
        gen_scalar_access(e, c, a);
    }
    if (a->optional)
        gen_presence(e, c, a);
}

static void gen_class(emitter *e, const sclass *c)
{
    gen_functions(e, c);
    for (size_t i = 0; i < c->nattrs; i++)
        gen_accessors(e, c, c->attrs[i], i);
    if (!ends_blank(e))
        emit_blank(e);
    gen_extra_init_macro(e, c);
}

/* ---- the file -------------------------------------------------------------------------- */

/* Appends to 'order' the classes of 's' from 'root' on, so that each follows the classes it
 * embeds: a depth-first walk with the explicit 'stack' (room for every class of 's'), so an
 * embedding chain of any length needs no C stack. 'state' marks 1 on the stack, 2 placed. */
typedef struct step {
    const sclass *c;
    size_t next;
} step;

static void embedding_order(const schema *s, const sclass *root, const sclass **order,
                            size_t *n, unsigned char *state, step *stack)
{
    size_t depth = 0;
    if (state[root->index])
        return;
    state[root->index] = 1;
    stack[depth++] = (step){root, 0};
    while (depth) {
        step *top = &stack[depth - 1];
        if (top->next == top->c->nattrs) {
            state[top->c->index] = 2;
            order[(*n)++] = top->c;
            depth--;
            continue;
        }
        const attr *a = top->c->attrs[top->next++];
        const sclass *e = a->type.kind == TY_CLASS && !a->type.list ? a->type.cls : NULL;
        if (!e || e->owner != s || state[e->index])
            continue; /* not embedded, imported, or placed (a cycle is an error earlier) */
        state[e->index] = 1;
        stack[depth++] = (step){e, 0};
    }
}

static void gen_types(emitter *e, const schema *s)
{
    for (size_t i = 0; i < s->nenums; i++)
        gen_enum(e, s->enums[i]);
    if (s->nclasses) {
        for (size_t i = 0; i < s->nclasses; i++)
            emit_line(e, "typedef struct %s %s;", s->classes[i]->cname, s->classes[i]->cname);
        emit_blank(e);
    }
    const sclass **order = mem_alloc((s->nclasses + 1) * sizeof *order);
    unsigned char *state = mem_alloc(s->nclasses + 1);
    step *stack = mem_alloc((s->nclasses + 1) * sizeof *stack);
    size_t n = 0;
    for (size_t i = 0; i < s->nclasses; i++)
        embedding_order(s, s->classes[i], order, &n, state, stack);
    mem_free(stack);
    mem_free(state);
    /* every struct before any function: a list accessor needs its element's size, and lists
     * may refer to each other (A: {bs: B[]}, B: {as: A[]}) */
    for (size_t i = 0; i < n; i++)
        gen_struct(e, order[i]);
    for (size_t i = 0; i < n; i++) {
        emit_line(e, "/* ---- %s: functions */", order[i]->name);
        emit_blank(e);
        gen_class(e, order[i]);
    }
    mem_free(order);
}

void gen_header_emit(emitter *e, const schema *s)
{
    char *base = names_base(s->path);
    char *guard = names_guard(s->path);
    gen_banner(e, s, base);
    emit_line(e, "#ifndef %s", guard);
    emit_line(e, "#define %s", guard);
    emit_blank(e);
    gen_includes(e, s, base);
    emit_blank(e);
    emit_line(e, "#ifdef __cplusplus\nextern \"C\" {\n#endif");
    emit_blank(e);
    gen_types(e, s);
    emit_line(e, "#ifdef __cplusplus\n}\n#endif");
    emit_blank(e);
    emit_line(e, "#endif /* %s */", guard);
    mem_free(guard);
    mem_free(base);
}

char *gen_header(const schema *s, size_t *len)
{
    emitter e;
    emit_init(&e);
    gen_header_emit(&e, s);
    return emit_take(&e, len);
}

int gen_is_constructor_param(const attr *a)
{
    return !a->optional && !a->type.count && !a->type.list && a->type.kind != TY_CLASS;
}
