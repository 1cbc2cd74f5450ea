/*
 * gen_source.c - prints NAME.slot.c: per enum its reflection table and name functions; per
 * class its attribute table, name lookup (a switch on length, then memcmp: no hashing), class
 * object, and the lifecycle functions new, free, init (defaults) and destroy.
 *
 * The file-local names (sg_T_attrs, sg_T_find, sg_T_init, sg_T_destroy, sg_T_rt per class,
 * sg_T_members per enum) are the ones names.c checks against slotgen.h (report_statics).
 *
 * Defaults were validated and parsed by check.c (scalar.is_null, .i, .u, .f); here they are
 * only printed as C literals, never parsed again. Every
 * function the file defines is either declared in the header or static with an sg_ prefix
 * (no schema name may start with sg_, so those never clash).
 */
#include "gen_source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "gen_header.h"
#include "names.h"
#include "sgc.h"

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
    case TY_REF:
        emit_raw(e, "NULL");
        break;
    default:
        emit_integer(e, v, ti);
        break;
    }
}

/* ---- enums ----------------------------------------------------------------------------- */

static void gen_enum(emitter *e, const senum *en)
{
    const char *t = en->cname;
    emit_line(e, "/* ---- %s */", en->name);
    emit_blank(e);
    emit_open(e, "static const sg_enum_member sg_%s_members[] = {", t);
    for (size_t i = 0; i < en->nmembers; i++)
        emit_line(e, "{\"%s\", %s},", en->members[i]->name, en->members[i]->cname);
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
}

/* ---- reflection ------------------------------------------------------------------------ */

/* "sizeof(uint32_t[4])": the C expression of 'a's member size. A new string. */
static char *member_size_expr(const attr *a)
{
    if (a->type.count && a->type.kind == TY_CHARS)
        return emit_format("sizeof(%s[%u][%u])", a->ctype, a->type.count, a->type.chars);
    if (a->type.count)
        return emit_format("sizeof(%s[%u])", a->ctype, a->type.count);
    if (a->type.kind == TY_CHARS)
        return emit_format("sizeof(%s[%u])", a->ctype, a->type.chars);
    return emit_format("sizeof(%s)", a->ctype);
}

static void gen_attr_table(emitter *e, const sclass *c)
{
    if (!c->nattrs)
        return;
    emit_open(e, "static const sg_attr sg_%s_attrs[] = {", c->cname);
    for (size_t i = 0; i < c->nattrs; i++) {
        const attr *a = c->attrs[i];
        char *size = member_size_expr(a);
        const char *target = a->type.kind == TY_CLASS || a->type.kind == TY_REF
                                 ? a->type.cls->cname : NULL;
        emit_decl(e, "{\"%s\", %s, offsetof(%s, %s), %s, %u, %d, %s%s%s, %s%s%s},", a->name,
                  types_info(a->type.kind)->sg_kind, c->cname, a->member, size,
                  a->type.count, a->presence, target ? "&" : "", target ? target : "NULL",
                  target ? "_class" : "", a->type.enm ? "&" : "",
                  a->type.enm ? a->type.enm->cname : "NULL", a->type.enm ? "_enum" : "");
        mem_free(size);
    }
    emit_close(e, "};");
    emit_blank(e);
}

static int cmp_attr_len(const void *x, const void *y)
{
    const attr *a = *(const attr *const *)x, *b = *(const attr *const *)y;
    size_t la = strlen(a->name), lb = strlen(b->name);
    return la < lb ? -1 : la > lb;
}

/* The generated lookup: a switch on the name's length, then memcmp per candidate. */
static void gen_find(emitter *e, const sclass *c)
{
    emit_line(e, "static int sg_%s_find(const char *name, size_t len)", c->cname);
    emit_open(e, "{");
    if (!c->nattrs) {
        emit_line(e, "(void)name;");
        emit_line(e, "(void)len;");
        emit_line(e, "return -1;");
        emit_close(e, "}");
        emit_blank(e);
        return;
    }
    const attr **by_len = mem_alloc(c->nattrs * sizeof *by_len);
    memcpy(by_len, c->attrs, c->nattrs * sizeof *by_len);
    qsort(by_len, c->nattrs, sizeof *by_len, cmp_attr_len);
    emit_line(e, "switch (len) {");
    for (size_t i = 0; i < c->nattrs; i++) {
        size_t len = strlen(by_len[i]->name);
        if (i == 0 || strlen(by_len[i - 1]->name) != len)
            emit_line(e, "case %zu:", len);
        size_t index = 0;
        while (c->attrs[index] != by_len[i])
            index++;
        emit_line(e, "    if (memcmp(name, \"%s\", %zu) == 0)", by_len[i]->name, len);
        emit_line(e, "        return %zu;", index);
        if (i + 1 == c->nattrs || strlen(by_len[i + 1]->name) != len)
            emit_line(e, "    break;");
    }
    emit_line(e, "}");
    emit_line(e, "return -1;");
    emit_close(e, "}");
    emit_blank(e);
    mem_free(by_len);
}

static void gen_class_object(emitter *e, const sclass *c)
{
    const char *t = c->cname;
    emit_line(e, "static sg_status sg_%s_init(void *obj)", t);
    emit_open(e, "{");
    emit_line(e, "return %s_init((%s *)obj);", t, t);
    emit_close(e, "}");
    emit_blank(e);
    emit_line(e, "static void sg_%s_destroy(void *obj)", t);
    emit_open(e, "{");
    emit_line(e, "%s_destroy((%s *)obj);", t, t);
    emit_close(e, "}");
    emit_blank(e);
    emit_line(e, "static sg_class_rt sg_%s_rt;", t);
    emit_blank(e);
    emit_open(e, "const sg_class %s_class = {", t);
    emit_line(e, "\"%s\",", c->name);
    emit_line(e, "sizeof(%s),", t);
    emit_line(e, "SG_ALIGNOF(%s),", t);
    emit_line(e, "%s, /* slotted */", c->slotted ? "true" : "false");
    emit_line(e, "%s, /* packed */", c->layout == LAYOUT_PACKED ? "true" : "false");
    emit_line(e, "%zu,", c->nattrs);
    if (c->nattrs)
        emit_line(e, "sg_%s_attrs,", t);
    else
        emit_line(e, "NULL,");
    emit_line(e, "sg_%s_find,", t);
    if (c->slotted)
        emit_line(e, "0, /* slotted: no dynamic attributes */");
    else
        emit_line(e, "offsetof(%s, sg_dyn),", t);
    if (c->npresence)
        emit_line(e, "offsetof(%s, sg_has),", t);
    else
        emit_line(e, "0, /* nothing optional */");
    emit_line(e, "sg_%s_init,", t);
    emit_line(e, "sg_%s_destroy,", t);
    emit_line(e, "&sg_%s_rt,", t);
    emit_close(e, "};");
    emit_blank(e);
}

/* ---- lifecycle ------------------------------------------------------------------------- */

/* True when initializing 'a' can fail (it copies a string or initializes a class). */
static int init_can_fail(const attr *a)
{
    if (a->type.kind == TY_CLASS)
        return 1;
    for (size_t i = 0; a->type.kind == TY_STRING && a->has_default && i < a->ndefaults; i++)
        if (!a->defaults[i].is_null)
            return 1;
    return 0;
}

/* Element 'i' of 'a' as an lvalue: "self->id", "self->tags[2]". A new string. */
static char *element_lvalue(const attr *a, size_t i)
{
    if (a->type.count)
        return emit_format("self->%s[%zu]", a->member, i);
    return emit_format("self->%s", a->member);
}

/* Applies 'a's default (or, for embedded classes, their init) to element 'i'. */
static void gen_init_element(emitter *e, const attr *a, size_t i, const scalar *v)
{
    char *lv = element_lvalue(a, i);
    if (a->type.kind == TY_CLASS) {
        emit_line(e, "if (%s_init(&%s) != SG_OK)", a->type.cls->cname, lv);
        emit_line(e, "    goto fail;");
    } else if (!v || ((a->type.kind == TY_STRING || a->type.kind == TY_CHARS) && v->is_null)) {
        /* zero is the default: NULL, or the empty char[N] string */
    } else if (a->type.kind == TY_STRING) {
        emit_raw(e, "%*sif (!(%s = sg_str_dup(", 4 * e->indent, "", lv);
        emit_c_string(e, v->text);
        emit_raw(e, ")))\n");
        emit_line(e, "    goto fail;");
    } else if (a->type.kind == TY_CHARS) {
        emit_raw(e, "%*smemcpy(%s, ", 4 * e->indent, "", lv);
        emit_c_string(e, v->text);
        emit_raw(e, ", %zu);\n", strlen(v->text) + 1);
    } else {
        emit_raw(e, "%*s%s = ", 4 * e->indent, "", lv);
        emit_literal(e, a, v);
        emit_raw(e, ";\n");
    }
    mem_free(lv);
}

static void gen_init_attr(emitter *e, const attr *a)
{
    if (a->type.kind == TY_CLASS && a->type.count) {
        emit_line(e, "for (size_t i = 0; i < %u; i++)", a->type.count);
        emit_line(e, "    if (%s_init(&self->%s[i]) != SG_OK)", a->type.cls->cname, a->member);
        emit_line(e, "        goto fail;");
        return;
    }
    size_t n = a->type.count ? a->type.count : 1;
    for (size_t i = 0; i < n; i++) {
        const scalar *v = a->has_default && i < a->ndefaults ? &a->defaults[i] : NULL;
        if (a->type.kind != TY_CLASS && !v)
            break;
        gen_init_element(e, a, i, v);
    }
}

static void gen_init(emitter *e, const sclass *c)
{
    int can_fail = 0;
    for (size_t i = 0; i < c->nattrs; i++)
        can_fail |= init_can_fail(c->attrs[i]);
    emit_line(e, "sg_status %s_init(%s *self)", c->cname, c->cname);
    emit_open(e, "{");
    emit_line(e, "memset(self, 0, sizeof *self);");
    for (size_t i = 0; i < c->nattrs; i++)
        gen_init_attr(e, c->attrs[i]);
    emit_line(e, "return SG_OK;");
    if (can_fail) {
        e->indent--;
        emit_line(e, "fail:");
        e->indent++;
        emit_line(e, "%s_destroy(self);", c->cname);
        emit_line(e, "return SG_ENOMEM;");
    }
    emit_close(e, "}");
    emit_blank(e);
}

/* Frees what attribute 'a' owns. */
static void gen_destroy_attr(emitter *e, const attr *a)
{
    const char *m = a->member;
    if (a->type.kind != TY_STRING && a->type.kind != TY_CLASS)
        return;
    const char *what = a->type.kind == TY_STRING ? "sg_str_free(" : "";
    if (a->type.count) {
        emit_line(e, "for (size_t i = 0; i < %u; i++)", a->type.count);
        if (a->type.kind == TY_STRING)
            emit_line(e, "    sg_str_free(self->%s[i]);", m);
        else
            emit_line(e, "    %s_destroy(&self->%s[i]);", a->type.cls->cname, m);
    } else if (a->type.kind == TY_STRING) {
        emit_line(e, "%sself->%s);", what, m);
    } else {
        emit_line(e, "%s_destroy(&self->%s);", a->type.cls->cname, m);
    }
}

static void gen_destroy(emitter *e, const sclass *c)
{
    emit_line(e, "void %s_destroy(%s *self)", c->cname, c->cname);
    emit_open(e, "{");
    emit_line(e, "if (!self)");
    emit_line(e, "    return;");
    for (size_t i = 0; i < c->nattrs; i++)
        gen_destroy_attr(e, c->attrs[i]);
    if (!c->slotted && c->layout == LAYOUT_PACKED) {
        emit_line(e, "sg_dict *dyn = self->sg_dyn;");
        emit_line(e, "sg_dict_free(&dyn);");
    } else if (!c->slotted) {
        emit_line(e, "sg_dict_free(&self->sg_dyn);");
    }
    emit_line(e, "memset(self, 0, sizeof *self);");
    emit_close(e, "}");
    emit_blank(e);
}

/* The local that holds the new object: "self", with '_' appended while a parameter is
 * called that. A new string. */
static char *new_local_name(const sclass *c)
{
    char *self = emit_format("%s", "self");
    for (size_t i = 0; i < c->nattrs; i++)
        if (gen_is_constructor_param(c->attrs[i]) && strcmp(c->attrs[i]->member, self) == 0) {
            char *longer = emit_format("%s_", self);
            mem_free(self);
            self = longer;
            i = (size_t)-1; /* look again */
        }
    return self;
}

static void gen_new_body(emitter *e, const sclass *c, const char *self)
{
    emit_line(e, "%s *%s = (%s *)sg_alloc(sizeof(%s));", c->cname, self, c->cname, c->cname);
    emit_line(e, "if (!%s)", self);
    emit_line(e, "    return NULL;");
    emit_line(e, "if (%s_init(%s) != SG_OK)", c->cname, self);
    emit_line(e, "    goto fail;");
    for (size_t i = 0; i < c->nattrs; i++) {
        const attr *a = c->attrs[i];
        if (!gen_is_constructor_param(a))
            continue;
        if (a->type.kind == TY_STRING || a->type.kind == TY_CHARS) {
            emit_line(e, "if (%s_set_%s(%s, %s) != SG_OK)", c->cname, a->cname, self, a->member);
            emit_line(e, "    goto fail;");
        } else {
            emit_line(e, "%s->%s = %s;", self, a->member, a->member);
        }
    }
    emit_line(e, "return %s;", self);
    e->indent--;
    emit_line(e, "fail:");
    e->indent++;
    emit_line(e, "%s_free(%s);", c->cname, self);
    emit_line(e, "return NULL;");
}

static void gen_new_free(emitter *e, const sclass *c)
{
    char *self = new_local_name(c);
    emitter params;
    emit_init(&params);
    gen_constructor_params(c, &params);
    emit_decl(e, "%s *%s_new(%s)", c->cname, c->cname, params.buf);
    emit_fini(&params);
    emit_open(e, "{");
    gen_new_body(e, c, self);
    mem_free(self);
    emit_close(e, "}");
    emit_blank(e);
    emit_line(e, "void %s_free(%s *self)", c->cname, c->cname);
    emit_open(e, "{");
    emit_line(e, "if (!self)");
    emit_line(e, "    return;");
    emit_line(e, "%s_destroy(self);", c->cname);
    emit_line(e, "sg_dealloc(self, sizeof(%s));", c->cname);
    emit_close(e, "}");
    emit_blank(e);
}

static void gen_class(emitter *e, const sclass *c)
{
    emit_line(e, "/* ---- %s */", c->name);
    emit_blank(e);
    gen_attr_table(e, c);
    gen_find(e, c);
    gen_class_object(e, c);
    gen_init(e, c);
    gen_destroy(e, c);
    gen_new_free(e, c);
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
    mem_free(base);
}

char *gen_source(const schema *s, size_t *len)
{
    emitter e;
    emit_init(&e);
    gen_source_emit(&e, s);
    return emit_take(&e, len);
}
