/*
 * gen_source.c - prints NAME.slot.c: per enum its reflection table and name functions; per
 * class only tables the runtime reads (ABI 2) and one function: the attribute table, the
 * index sg_class_find searches (attribute indexes in strcmp order of the names), the
 * defaults the attribute rows point at (a constant struct, when some default is not zero),
 * the class object, and the constructor T_new, which hands its parameters to
 * sg_object_new_with. The other named functions are inline wrappers in the header
 * (gen_header.c): every out-of-line function costs a user's -O2 build about a millisecond,
 * however small, so a class has one.
 *
 * The file-local names (sg_T_attrs, sg_T_by_name, sg_T_defaults, sg_T_rt per class,
 * sg_T_members per enum) are the ones names.c checks against slotgen.h (report_statics).
 *
 * Defaults were validated and parsed by check.c (scalar.is_null, .i, .u, .f); here they are
 * only printed as C literals, never parsed again. Every
 * function the file defines is either declared in the header or static with an sg_ prefix
 * (no schema name may start with sg_, so those never clash).
 */
#include "gen_source.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "gen_extra.h"
#include "gen_header.h"
#include "names.h"
#include "sgc.h"
#include "slotgen.h"

/* ---- literals -------------------------------------------------------------------------- */

/* Appends byte 'c' for a C string or character literal: quotes, backslashes, '?'
 * (trigraphs) and every byte outside printable ASCII escaped, so the file is plain ASCII. */
static void emit_c_byte(emitter *e, unsigned char c)
{
    if (c == '"' || c == '\'' || c == '\\' || c == '?')
        emit_raw(e, "\\%c", c);
    else if (c < 0x20 || c >= 0x7f)
        emit_raw(e, "\\%03o", c);
    else
        emit_raw(e, "%c", c);
}

static void emit_c_string(emitter *e, const char *s)
{
    emit_raw(e, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        emit_c_byte(e, *p);
    emit_raw(e, "\"");
}

static void emit_float(emitter *e, double d, int f32)
{
    char buf[64];
    if (isnan(d)) {
        emit_raw(e, "NAN");
        return;
    }
    if (isinf(d)) {
        emit_raw(e, "%sINFINITY", d < 0 ? "-" : "");
        return;
    }
    /* check.c rounded an f32 default to a float, finite and not a non-zero turned 0: 9
     * digits read back as that same float, with no range warning */
    snprintf(buf, sizeof buf, f32 ? "%.9g" : "%.17g", d);
    if (!strpbrk(buf, ".eE"))
        strcat(buf, ".0");
    emit_raw(e, "%s%s", buf, f32 ? "f" : "");
}

static void emit_integer(emitter *e, const scalar *v, const type_info *ti)
{
    if (ti->is_signed && v->i == ti->min)
        emit_raw(e, "INT%u_MIN", 8 * ti->size); /* its literal would not be an int */
    else if (ti->is_signed && ti->size == 8)
        emit_raw(e, "INT64_C(%lld)", (long long)v->i);
    else if (ti->is_signed)
        emit_raw(e, "%lld", (long long)v->i);
    else if (ti->size == 8)
        emit_raw(e, "UINT64_C(%llu)", (unsigned long long)v->u);
    else
        emit_raw(e, "%lluu", (unsigned long long)v->u);
}

/* Appends the C constant of the set 'v' of flag set 'en'. */
static void emit_flags_set(emitter *e, const senum *en, uint64_t v)
{
    char *c = gen_extra_set_constant(en, v);
    emit_raw(e, "%s", c);
    mem_free(c);
}

/* Appends the C literal of one element default 'v' of 'a's type. */
static void emit_literal(emitter *e, const attr *a, const scalar *v)
{
    const type_info *ti = types_info(a->type.kind);
    switch (a->type.kind) {
    case TY_BOOL:
        emit_raw(e, "%s", strcmp(v->text, "true") == 0 ? "true" : "false");
        break;
    case TY_CHAR:
        emit_raw(e, "'");
        emit_c_byte(e, (unsigned char)v->text[0]);
        emit_raw(e, "'");
        break;
    case TY_F32:
    case TY_F64:
        emit_float(e, v->f, a->type.kind == TY_F32);
        break;
    case TY_STRING:
    case TY_CHARS:
        emit_c_string(e, v->text);
        break;
    case TY_ENUM:
        emit_raw(e, "%s", schema_find_member(a->type.enm, v->text)->cname);
        break;
    case TY_FLAGS: /* an element of an array of sets: check.c parsed "a|b" into v->u */
        emit_flags_set(e, a->type.enm, v->u);
        break;
    case TY_REF:
        emit_raw(e, "NULL");
        break;
    default:
        emit_integer(e, v, ti);
        break;
    }
}

/* ---- enums ----------------------------------------------------------------------------- */

/* An enum's or a flag set's table T_enum and T_name, T_from_name; a flag set's set functions
 * follow (gen_extra_flags_source). */
static void gen_enum(emitter *e, const senum *en)
{
    const char *t = en->cname;
    emit_line(e, "/* ---- %s */", en->name);
    emit_blank(e);
    emit_open(e, "static const sg_enum_member sg_%s_members[] = {", t);
    for (size_t i = 0; i < en->nmembers; i++)
        emit_line(e, "{\"%s\", %s%s},", en->members[i]->name,
                  en->is_flags ? "(int64_t)" : "", en->members[i]->cname); /* flags: 1u << k */
    emit_close(e, "};");
    emit_blank(e);
    emit_line(e, "const sg_enum %s_enum = {\"%s\", %zu, sg_%s_members};", t, en->name,
              en->nmembers, t);
    emit_blank(e);
    emit_line(e, "const char *%s_name(%s v)", t, t);
    emit_open(e, "{");
    emit_line(e, "return sg_enum_name(&%s_enum, (int64_t)v);", t);
    emit_close(e, "}");
    emit_blank(e);
    emit_line(e, "bool %s_from_name(const char *name, %s *out)", t, t);
    emit_open(e, "{");
    emit_line(e, "int64_t v;");
    emit_line(e, "if (sg_enum_value(&%s_enum, name, &v) != SG_OK)", t);
    emit_line(e, "    return false;");
    emit_line(e, "*out = (%s)v;", t);
    emit_line(e, "return true;");
    emit_close(e, "}");
    emit_blank(e);
    if (en->is_flags)
        gen_extra_flags_source(e, en);
}

/* ---- defaults ------------------------------------------------------------------------- */

static int class_has_defaults(const sclass *c)
{
    for (size_t i = 0; i < c->nattrs; i++)
        if (schema_default_nonzero(c->attrs[i]))
            return 1;
    return 0;
}

/* The member of the defaults struct for 'a': its declaration as in the class's struct, but
 * "const char *" for owned strings (they point at literals). A new string. */
static char *default_member(const attr *a)
{
    char count[16] = "", chars[16] = "";
    if (a->type.count)
        snprintf(count, sizeof count, "[%u]", a->type.count);
    if (a->type.kind == TY_CHARS)
        snprintf(chars, sizeof chars, "[%u]", a->type.chars);
    if (a->type.kind == TY_STRING)
        return emit_format("const char *%s%s;", a->member, count);
    return emit_format("%s %s%s%s;", a->ctype, a->member, count, chars);
}

void gen_source_value(emitter *e, const attr *a)
{
    if (a->type.kind == TY_FLAGS && !a->type.count) { /* one set, from names or "a|b" */
        emit_flags_set(e, a->type.enm, a->flags_set);
        return;
    }
    if (a->type.count)
        emit_raw(e, "{");
    for (size_t i = 0; i < a->ndefaults; i++) {
        const scalar *v = &a->defaults[i];
        if (i)
            emit_raw(e, ", ");
        if (v->is_null && a->type.kind == TY_STRING)
            emit_raw(e, "NULL");
        else if (v->is_null && a->type.kind == TY_CHARS)
            emit_raw(e, "\"\"");
        else
            emit_literal(e, a, v);
    }
    if (a->type.count)
        emit_raw(e, "}");
}

/* The class's defaults, one member per attribute with a default that is not zero, which its
 * sg_attr points at; nothing when every attribute starts at zero. */
static void gen_defaults(emitter *e, const sclass *c)
{
    if (!class_has_defaults(c))
        return;
    emit_open(e, "static const struct {");
    for (size_t i = 0; i < c->nattrs; i++) {
        if (!schema_default_nonzero(c->attrs[i]))
            continue;
        char *decl = default_member(c->attrs[i]);
        emit_line(e, "%s", decl);
        mem_free(decl);
    }
    emit_close(e, "} sg_%s_defaults = {", c->cname);
    e->indent++;
    for (size_t i = 0; i < c->nattrs; i++) {
        if (!schema_default_nonzero(c->attrs[i]))
            continue;
        emit_raw(e, "%*s", 4 * e->indent, "");
        gen_source_value(e, c->attrs[i]);
        emit_raw(e, ",\n");
    }
    emit_close(e, "};");
    emit_blank(e);
}

/* ---- reflection ------------------------------------------------------------------------ */

/* The array bounds of 'a's member after its C type, "" or "[4]", "[6]", "[4][6]", in 'buf':
 * the member size is "sizeof(" ctype bounds ")" (a list's member is one pointer instead). */
static const char *member_bounds(const attr *a, char *buf, size_t size)
{
    if (a->type.count && a->type.kind == TY_CHARS)
        snprintf(buf, size, "[%u][%u]", a->type.count, a->type.chars);
    else if (a->type.count)
        snprintf(buf, size, "[%u]", a->type.count);
    else if (a->type.kind == TY_CHARS)
        snprintf(buf, size, "[%u]", a->type.chars);
    else
        return "";
    return buf;
}

/* The sg_attr.flags expression of 'a' ("SG_ATTR_LIST | SG_ATTR_HAS_DEFAULT", or "0") into
 * 'buf' (room for every bit's name): schema_attr_flags, spelt. */
static void attr_flags(const attr *a, char *buf, size_t size)
{
    static const struct { uint32_t bit; const char *name; } bits[] = {
        {SG_ATTR_LIST, "SG_ATTR_LIST"}, {SG_ATTR_DEPRECATED, "SG_ATTR_DEPRECATED"},
        {SG_ATTR_HAS_DEFAULT, "SG_ATTR_HAS_DEFAULT"}};
    uint32_t set = schema_attr_flags(a);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        if (!(set & bits[i].bit))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? " | " : "", bits[i].name);
        assert(n > 0 && (size_t)n < size - used);
        used += (size_t)n;
    }
    if (!used)
        snprintf(buf, size, "0");
}

/* One row of the attribute table: the fields of sg_attr in order, written in one go (the
 * sizes "sizeof(uint32_t[4])" of the member and of one element, and the default's address,
 * from their pieces). */
static void gen_attr_row(emitter *e, const sclass *c, const attr *a)
{
    char bounds[32], chars[16] = "";
    const char *size_type = a->type.list ? "void *" : a->ctype; /* a list: one pointer */
    const char *size_bounds = a->type.list ? "" : member_bounds(a, bounds, sizeof bounds);
    if (a->type.kind == TY_CHARS)
        snprintf(chars, sizeof chars, "[%u]", a->type.chars);
    const char *target = a->type.kind == TY_CLASS || a->type.kind == TY_REF
                             ? a->type.cls->cname : NULL;
    int def = schema_default_nonzero(a); /* "&sg_T_defaults.m", else "NULL" */
    char flags[64];
    attr_flags(a, flags, sizeof flags);
    emit_decl(e, "{\"%s\", %s, offsetof(%s, %s), sizeof(%s%s), %u, %d, %s, sizeof(%s%s), "
                 "%s%s%s, %s%s%s, %s%s%s%s},",
              a->name, types_info(a->type.kind)->sg_kind, c->cname, a->member, size_type,
              size_bounds, a->type.count, a->presence, flags, a->ctype, chars,
              target ? "&" : "", target ? target : "NULL", target ? "_class" : "",
              a->type.enm ? "&" : "", a->type.enm ? a->type.enm->cname : "NULL",
              a->type.enm ? "_enum" : "", def ? "&sg_" : "NULL", def ? c->cname : "",
              def ? "_defaults." : "", def ? a->member : "");
}

/* The index sg_class_find searches (schema_attrs_by_name). */
static void gen_by_name(emitter *e, const sclass *c)
{
    uint32_t *order = schema_attrs_by_name(c);
    emitter list;
    emit_init(&list);
    for (size_t i = 0; i < c->nattrs; i++)
        emit_raw(&list, "%s%u", i ? ", " : "", (unsigned)order[i]);
    emit_decl(e, "static const uint32_t sg_%s_by_name[] = {%s};", c->cname, list.buf);
    emit_fini(&list);
    emit_blank(e);
    mem_free(order);
}

static void gen_tables(emitter *e, const sclass *c)
{
    if (!c->nattrs)
        return;
    gen_defaults(e, c);
    emit_open(e, "static const sg_attr sg_%s_attrs[] = {", c->cname);
    for (size_t i = 0; i < c->nattrs; i++)
        gen_attr_row(e, c, c->attrs[i]);
    emit_close(e, "};");
    emit_blank(e);
    gen_by_name(e, c);
}

static void gen_class_object(emitter *e, const sclass *c)
{
    const char *t = c->cname;
    emit_line(e, "static sg_class_rt sg_%s_rt;", t);
    emit_blank(e);
    emit_open(e, "const sg_class %s_class = {", t);
    emit_line(e, "\"%s\", sizeof(%s), SG_ALIGNOF(%s),", c->name, t, t);
    emit_line(e, "%s, %s, /* slotted, packed */", c->slotted ? "true" : "false",
              c->layout == LAYOUT_PACKED ? "true" : "false");
    if (c->nattrs)
        emit_line(e, "%zu, sg_%s_attrs, sg_%s_by_name,", c->nattrs, t, t);
    else
        emit_line(e, "0, NULL, NULL,");
    if (c->slotted)
        emit_line(e, "0, /* slotted: no dynamic attributes */");
    else
        emit_line(e, "offsetof(%s, sg_dyn),", t);
    if (c->npresence)
        emit_line(e, "offsetof(%s, sg_has),", t);
    else
        emit_line(e, "0, /* nothing optional */");
    emit_line(e, "&sg_%s_rt,", t);
    emit_close(e, "};");
    emit_blank(e);
}

/* ---- lifecycle: the named API over the runtime's table-driven functions ----------------- */

/* Appends constructor argument 'a' as sg_object_new_with takes it: as is (the default
 * argument promotions do the rest), but an enum as int64_t, a flag set as uint64_t (a
 * uint8_t..uint32_t set would arrive as an int, read back with va_arg as 64 bits) and a ref
 * as void *. */
static void emit_new_arg(emitter *e, const attr *a)
{
    if (a->type.kind == TY_ENUM)
        emit_raw(e, ", (int64_t)%s", a->member);
    else if (a->type.kind == TY_FLAGS)
        emit_raw(e, ", (uint64_t)%s", a->member);
    else if (a->type.kind == TY_REF)
        emit_raw(e, ", (void *)%s", a->member);
    else
        emit_raw(e, ", %s", a->member);
}

/* The constructor, the one function a class has in the source file: its parameters go to
 * the runtime, which stores them by the class table (gen_is_constructor_param's rule). */
static void gen_new(emitter *e, const sclass *c)
{
    const char *t = c->cname;
    emitter params, call;
    emit_init(&params);
    emit_init(&call);
    gen_constructor_params(c, &params);
    emit_raw(&call, "return (%s *)sg_object_new_with(&%s_class", t, t);
    for (size_t i = 0; i < c->nattrs; i++)
        if (gen_is_constructor_param(c->attrs[i]))
            emit_new_arg(&call, c->attrs[i]);
    emit_raw(&call, ");");
    emit_decl(e, "%s *%s_new(%s)", t, t, params.buf);
    emit_open(e, "{");
    emit_decl(e, "%s", call.buf);
    emit_close(e, "}");
    emit_blank(e);
    emit_fini(&call);
    emit_fini(&params);
}

static void gen_class(emitter *e, const sclass *c)
{
    emit_line(e, "/* ---- %s */", c->name);
    emit_blank(e);
    gen_tables(e, c);
    gen_class_object(e, c);
    gen_new(e, c);
}

void gen_source_emit(emitter *e, const schema *s)
{
    char *base = names_base(s->path);
    emit_line(e, "/*");
    emit_line(e, " * %s.slot.c - generated by slotgen %s from %s. DO NOT EDIT.", base,
              SGC_VERSION, names_file(s->path));
    emit_line(e, " */");
    emit_line(e, "#include <math.h>");
    emit_line(e, "#include <string.h>");
    emit_blank(e);
    emit_line(e, "#include \"%s.slot.h\"", base);
    emit_blank(e);
    for (size_t i = 0; i < s->nenums; i++)
        gen_enum(e, s->enums[i]);
    for (size_t i = 0; i < s->nclasses; i++)
        gen_class(e, s->classes[i]);
    gen_extra_layout_checks(e, s);
    mem_free(base);
}

char *gen_source(const schema *s, size_t *len)
{
    emitter e;
    emit_init(&e);
    gen_source_emit(&e, s);
    return emit_take(&e, len);
}
