/*
 * gen_extra.c - what schema language 1.1 adds to the generated code, and the object functions
 * every class gains with it (see gen_extra.h).
 *
 * Everything here is a thin layer over the runtime: a list accessor is one call of sg_list_*
 * with the attribute's descriptor &T_class.attrs[k] (the runtime owns the list's layout: an
 * 8-byte header, then the elements; the member points at the first element); T_copy, T_equal
 * and T_hash are sg_copy, sg_equal and sg_hash, so generated and generic functions cannot
 * differ; a flag set's functions are sg_enum_name, sg_enum_value, sg_flags_format and
 * sg_flags_parse over its table, whose member values are the flags' bits.
 *
 * A deprecated attribute's accessors carry SG_DEPRECATED, and each of them is self-contained:
 * none calls another accessor, as GCC warns about a deprecated function used even inside
 * another deprecated one; the generated source calls no accessor, so the code slotgen writes
 * never warns.
 */
#include "gen_extra.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_header.h"
#include "gen_source.h"
#include "names.h"
#include "types.h"

bool gen_extra_has_deprecated(const schema *s)
{
    for (size_t i = 0; i < s->nclasses; i++)
        for (size_t j = 0; j < s->classes[i]->nattrs; j++)
            if (s->classes[i]->attrs[j]->deprecated)
                return true;
    return false;
}

void gen_extra_deprecated_macro(emitter *e)
{
    emit_line(e, "/* Marks the accessors of attributes declared 'deprecated: true'. */");
    emit_line(e, "#ifndef SG_DEPRECATED");
    emit_line(e, "#if defined(__cplusplus) && __cplusplus >= 201402L");
    emit_line(e, "#define SG_DEPRECATED [[deprecated]]");
    emit_line(e, "#elif defined(__GNUC__) || defined(__clang__)");
    emit_line(e, "#define SG_DEPRECATED __attribute__((deprecated))");
    emit_line(e, "#else");
    emit_line(e, "#define SG_DEPRECATED");
    emit_line(e, "#endif");
    emit_line(e, "#endif");
}

const char *gen_extra_deprecated(const attr *a)
{
    return a->deprecated ? "SG_DEPRECATED " : "";
}

/* ---- enums and flag sets ---------------------------------------------------------------- */

/* The C constant of bit 'bit' of a set stored in 'bits' bits: "(1u << 3)". A new string. */
static char *bit_constant(unsigned bits, int64_t bit)
{
    if (bits <= 16)
        return emit_format("(1u << %d)", (int)bit);
    return emit_format("(UINT%u_C(1) << %d)", bits, (int)bit);
}

char *gen_extra_set_constant(const senum *en, uint64_t v)
{
    if (en->bits <= 16)
        return emit_format("0x%llxu", (unsigned long long)v);
    return emit_format("UINT%u_C(0x%llx)", en->bits, (unsigned long long)v);
}

static void gen_enum_header(emitter *e, const senum *en)
{
    const char *t = en->cname;
    uint64_t all = 0;
    emit_line(e, "typedef uint%u_t %s; /* a set of the flags below */", en->bits, t);
    emit_blank(e);
    for (size_t i = 0; i < en->nmembers; i++) {
        const enum_member *m = en->members[i];
        char *c = bit_constant(en->bits, m->value);
        emit_line(e, "#define %s %s", m->cname, c);
        mem_free(c);
        all |= (uint64_t)1 << m->value;
    }
    char *all_name = names_macro(t, "ALL"), *all_value = gen_extra_set_constant(en, all);
    emit_line(e, "#define %s %s /* every flag */", all_name, all_value);
    mem_free(all_value);
    mem_free(all_name);
    emit_blank(e);
    emit_line(e, "extern const sg_enum %s_enum;", t);
    emit_blank(e);
    emit_line(e, "/* The name of flag 'v' as in the schema, or NULL unless 'v' is one flag. */");
    emit_line(e, "const char *%s_name(%s v);", t, t);
    emit_blank(e);
    emit_line(e, "/* Stores the flag called 'name' in '*out' and returns true; false if none. */");
    emit_line(e, "bool %s_from_name(const char *name, %s *out);", t, t);
    emit_blank(e);
    emit_line(e, "/* Writes the names of the flags of 'set' joined by '|' (\"\" for none) to "
                 "'buf':");
    emit_line(e, " * SG_ERANGE when 'size' is too small (truncated, NUL-terminated). */");
    emit_line(e, "sg_status %s_format(%s set, char *buf, size_t size);", t, t);
    emit_blank(e);
    emit_line(e, "/* Reads \"a|b\" (blanks around names allowed; \"\" is the empty set) into "
                 "'*out':");
    emit_line(e, " * SG_ENOATTR, '*out' unchanged, for a name that is not a flag. */");
    emit_line(e, "sg_status %s_parse(const char *text, %s *out);", t, t);
    emit_blank(e);
}

void gen_extra_enum_header(emitter *e, const senum *en)
{
    if (en->is_flags) {
        gen_enum_header(e, en);
        return;
    }
    char *count = names_macro(en->cname, "COUNT");
    emit_line(e, "#define %s %zu /* members of %s */", count, en->nmembers, en->cname);
    emit_blank(e);
    mem_free(count);
}

void gen_extra_flags_source(emitter *e, const senum *en)
{
    const char *t = en->cname;
    emit_line(e, "sg_status %s_format(%s set, char *buf, size_t size)", t, t);
    emit_open(e, "{");
    emit_line(e, "return sg_flags_format(&%s_enum, set, buf, size);", t);
    emit_close(e, "}");
    emit_blank(e);
    emit_line(e, "sg_status %s_parse(const char *text, %s *out)", t, t);
    emit_open(e, "{");
    emit_line(e, "uint64_t v;");
    emit_line(e, "sg_status st = sg_flags_parse(&%s_enum, text, &v);", t);
    emit_line(e, "if (st == SG_OK)");
    emit_line(e, "    *out = (%s)v;", t);
    emit_line(e, "return st;");
    emit_close(e, "}");
    emit_blank(e);
}

/* ---- lists ------------------------------------------------------------------------------ */

/* How a list's element travels: 'param' the type _append and _set_at take, 'ret' the type
 * _at returns, 'elem' what the runtime is handed ("&v", or "v" for an embedded object),
 * 'none' what _at returns out of range. */
typedef struct elem_kind {
    char *param;
    char *ret;
    const char *elem;
    char *none;
} elem_kind;

static elem_kind elem_of(const attr *a)
{
    elem_kind k;
    switch (a->type.kind) {
    case TY_STRING:
    case TY_CHARS:
        k.param = emit_format("const char *");
        k.ret = emit_format("const char *");
        k.elem = "&v";
        k.none = emit_format("NULL");
        break;
    case TY_CLASS:
        k.param = emit_format("const %s *", a->ctype);
        k.ret = emit_format("const %s *", a->ctype);
        k.elem = "v";
        k.none = emit_format("NULL");
        break;
    case TY_REF:
        k.param = emit_format("%s", a->ctype);
        k.ret = emit_format("%s", a->ctype);
        k.elem = "&v";
        k.none = emit_format("NULL");
        break;
    default:
        k.param = emit_format("%s ", a->ctype);
        k.ret = emit_format("%s ", a->ctype);
        k.elem = "&v";
        k.none = emit_format("(%s)0", a->ctype);
        break;
    }
    return k;
}

static void free_elem(elem_kind *k)
{
    mem_free(k->param);
    mem_free(k->ret);
    mem_free(k->none);
}

/* The signature "D static inline RET T_n_suffix(ARGS)" of a list function of 'a'. New. */
static char *list_sig(const sclass *c, const attr *a, const char *ret, const char *suffix,
                      const char *args)
{
    char last = ret[strlen(ret) - 1];
    return emit_format("%sstatic inline %s%s%s_%s_%s(%s)", gen_extra_deprecated(a), ret,
                       last == '*' || last == ' ' ? "" : " ", c->cname, a->cname, suffix, args);
}

/* Opens a list function of more than one statement; gen_close ends it. Frees 'sig'. */
static void list_open(emitter *e, char *sig)
{
    emit_decl(e, "%s", sig);
    emit_open(e, "{");
    mem_free(sig);
}

/* What a list of 'a's elements holds, for its comment. A new string. */
static char *elements_text(const attr *a)
{
    switch (a->type.kind) {
    case TY_STRING: return emit_format("owned strings, copied in");
    case TY_CHARS: return emit_format("inline strings of at most %u bytes", a->type.chars - 1);
    case TY_CLASS: return emit_format("%s objects, copied in deeply", a->ctype);
    case TY_REF: return emit_format("pointers it does not own");
    default: return emit_format("%s values", a->ctype);
    }
}

/* Inline strings this long or shorter are staged on the stack; longer ones in a block. */
#define CHARS_ON_STACK 256

/* The body of _append or _set_at of a list of char[N]: the runtime copies an element's N
 * bytes, so 'v' is staged in a zeroed buffer of N bytes first (SG_ERANGE when it does not
 * fit, with the list unchanged). 'fn' is the runtime call, 'idx' its index argument. */
static void chars_element(emitter *e, const attr *a, const char *fn, const char *d,
                          const char *idx)
{
    unsigned n = a->type.chars;
    bool heap = n > CHARS_ON_STACK;
    emit_line(e, "size_t n = v ? strlen(v) : 0;");
    emit_line(e, "if (n >= %u)", n);
    emit_line(e, "    return SG_ERANGE;");
    if (heap) {
        emit_line(e, "char *buf = (char *)sg_alloc(%u);", n);
        emit_line(e, "if (!buf)");
        emit_line(e, "    return SG_ENOMEM;");
        emit_line(e, "memset(buf, 0, %u);", n);
    } else {
        emit_line(e, "char buf[%u];", n);
        emit_line(e, "memset(buf, 0, sizeof buf);");
    }
    emit_line(e, "memcpy(buf, v ? v : \"\", n);");
    if (!heap) {
        emit_line(e, "return %s(%s, self, %sbuf);", fn, d, idx);
        return;
    }
    emit_line(e, "sg_status st = %s(%s, self, %sbuf);", fn, d, idx);
    emit_line(e, "sg_dealloc(buf, %u);", n);
    emit_line(e, "return st;");
}

/* _append and _set_at: a macro for an embedded class's element (a pointer, passed as it is);
 * otherwise the runtime wants the element's address, which a macro argument (an rvalue, of
 * any arithmetic type) has not, so a function takes it by value; a char[N] is staged. */
static void list_setters(emitter *e, const sclass *c, const attr *a, const elem_kind *ek,
                         const char *d)
{
    const char *t = c->cname;
    if (a->type.kind == TY_CLASS && !a->deprecated) {
        gen_macro(e, "#define %s_%s_append(sg_self, sg_v) sg_list_append(%s, SG_TYPED(%s, "
                     "sg_self), SG_TYPED(const %s, sg_v))", t, a->cname, d, t, a->ctype);
        gen_macro(e, "#define %s_%s_set_at(sg_self, sg_i, sg_v) sg_list_set_at(%s, SG_TYPED(%s, "
                     "sg_self), sg_i, SG_TYPED(const %s, sg_v))", t, a->cname, d, t, a->ctype);
        return;
    }
    char *add = emit_format("%s *self, %sv", t, ek->param);
    char *set = emit_format("%s *self, size_t i, %sv", t, ek->param);
    if (a->type.kind == TY_CHARS) {
        list_open(e, list_sig(c, a, "sg_status", "append", add));
        chars_element(e, a, "sg_list_append", d, "");
        gen_close(e);
        list_open(e, list_sig(c, a, "sg_status", "set_at", set));
        chars_element(e, a, "sg_list_set_at", d, "i, ");
        gen_close(e);
    } else {
        gen_shortf(e, list_sig(c, a, "sg_status", "append", add),
                   emit_format("return sg_list_append(%s, self, %s);", d, ek->elem));
        gen_shortf(e, list_sig(c, a, "sg_status", "set_at", set),
                   emit_format("return sg_list_set_at(%s, self, i, %s);", d, ek->elem));
    }
    mem_free(set);
    mem_free(add);
}

/* _count: a macro (a function for a deprecated attribute, whose accessors carry
 * SG_DEPRECATED). */
static void list_count(emitter *e, const sclass *c, const attr *a)
{
    const char *t = c->cname, *m = a->member;
    if (!a->deprecated) {
        gen_macro(e, "#define %s_%s_count(sg_self) sg_list_count(SG_TYPED(const %s, "
                     "sg_self)->%s)", t, a->cname, t, m);
        return;
    }
    char *cself = emit_format("const %s *self", t);
    gen_shortf(e, list_sig(c, a, "size_t", "count", cself),
               emit_format("return sg_list_count(self->%s);", m));
    mem_free(cself);
}

/* _remove_at, _clear and _reserve: one runtime call each, macros as _count. */
static void list_calls(emitter *e, const sclass *c, const attr *a, const char *d)
{
    const char *t = c->cname;
    if (a->deprecated) {
        char *self = emit_format("%s *self", t);
        char *n = emit_format("%s, size_t n", self), *rm = emit_format("%s, size_t i", self);
        gen_shortf(e, list_sig(c, a, "sg_status", "remove_at", rm),
                   emit_format("return sg_list_remove_at(%s, self, i);", d));
        gen_shortf(e, list_sig(c, a, "void", "clear", self),
                   emit_format("sg_list_clear(%s, self);", d));
        gen_shortf(e, list_sig(c, a, "sg_status", "reserve", n),
                   emit_format("return sg_list_reserve(%s, self, n);", d));
        mem_free(rm);
        mem_free(n);
        mem_free(self);
        return;
    }
    gen_macro(e, "#define %s_%s_remove_at(sg_self, sg_i) sg_list_remove_at(%s, SG_TYPED(%s, "
                 "sg_self), sg_i)", t, a->cname, d, t);
    gen_macro(e, "#define %s_%s_clear(sg_self) sg_list_clear(%s, SG_TYPED(%s, sg_self))", t,
              a->cname, d, t);
    gen_macro(e, "#define %s_%s_reserve(sg_self, sg_n) sg_list_reserve(%s, SG_TYPED(%s, "
                 "sg_self), sg_n)", t, a->cname, d, t);
}

void gen_extra_list_header(emitter *e, const sclass *c, const attr *a, size_t k)
{
    const char *t = c->cname, *m = a->member;
    elem_kind ek = elem_of(a);
    char *what = elements_text(a);
    char *at = emit_format("const %s *self, size_t i", t);
    char *d = emit_format("&%s_class.attrs[%zu]", t, k);
    emit_line(e, "/* %s: a list of %s; _at gives %s when i >= the count.", a->name, what,
              ek.none);
    emit_line(e, " * Every failure leaves the list as it was (SG_ERANGE out of bounds, "
                 "SG_ENOMEM). */");
    list_count(e, c, a);
    gen_shortf(e, list_sig(c, a, ek.ret, "at", at),
            emit_format("return i < sg_list_count(self->%s) ? %sself->%s[i] : %s;", m,
                        a->type.kind == TY_CLASS ? "&" : "", m, ek.none));
    list_setters(e, c, a, &ek, d);
    list_calls(e, c, a, d);
    if (!(e->len >= 2 && e->buf[e->len - 1] == '\n' && e->buf[e->len - 2] == '\n'))
        emit_blank(e);
    mem_free(d);
    mem_free(at);
    mem_free(what);
    free_elem(&ek);
}

/* ---- layout checks ---------------------------------------------------------------------- */

/* The host's primitive types whose size and alignment layout.c planned with: a helper struct
 * each measures the alignment in C99 and C++ alike. */
static const struct {
    const char *tag;
    const char *ctype;
    type_kind kind;
} model_types[] = {
    {"ptr", "void *", TY_REF},   {"bool", "bool", TY_BOOL},  {"i16", "int16_t", TY_I16},
    {"i32", "int32_t", TY_I32},  {"i64", "int64_t", TY_I64}, {"f32", "float", TY_F32},
    {"f64", "double", TY_F64},
};

#define MODEL_TYPES (sizeof model_types / sizeof model_types[0])

/* One type whose size the layout of a file builds on: an enum, or another file's class. */
typedef struct borrowed {
    const void *node;
    const char *cname;
    uint32_t size;
} borrowed;

static int cmp_borrowed(const void *x, const void *y)
{
    const borrowed *a = x, *b = y;
    int c = strcmp(a->cname, b->cname);
    return c ? c : (a->node > b->node) - (a->node < b->node);
}

/* Appends " && sizeof(T) == N" once for each enum and each imported class the classes of 's'
 * hold by value: where those differ (short enums, an import laid out elsewhere), so may the
 * layout, and the checks stand down. Sorted by name, so n log n in the attributes. */
static void model_borrowed_sizes(emitter *e, const schema *s)
{
    borrowed *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < s->nclasses; i++)
        for (size_t j = 0; j < s->classes[i]->nattrs; j++) {
            const attr *a = s->classes[i]->attrs[j];
            borrowed b = {NULL, NULL, 0};
            if (a->type.list)
                continue;
            if (a->type.kind == TY_ENUM)
                b = (borrowed){a->type.enm, a->type.enm->cname, types_info(TY_ENUM)->size};
            else if (a->type.kind == TY_CLASS && a->type.cls->owner != s)
                b = (borrowed){a->type.cls, a->type.cls->cname, a->type.cls->size};
            if (!b.node)
                continue;
            if (n == cap)
                v = mem_realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *v);
            v[n++] = b;
        }
    if (n)
        qsort(v, n, sizeof *v, cmp_borrowed);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || v[i].node != v[i - 1].node)
            emit_raw(e, " &&\n    sizeof(%s) == %u", v[i].cname, v[i].size);
    mem_free(v);
}

/* The name of the file's model constant: its header guard with _MODEL for _H
 * ("SG_image_SLOT_MODEL"), so that sources built as one translation unit do not share one. A
 * new string. */
static char *model_macro(const schema *s)
{
    char *guard = names_guard(s->path);
    guard[strlen(guard) - 1] = '\0'; /* "..._SLOT_" */
    char *m = names_join(guard, "", "MODEL");
    mem_free(guard);
    return m;
}

static void gen_model(emitter *e, const schema *s, const char *model)
{
    emit_line(e, "/* ---- layout checks: the size of each class and the offset of each member "
                 "as slotgen");
    emit_line(e, " * planned them, checked wherever the primitive types have the sizes and "
                 "alignments of");
    emit_line(e, " * the host that ran slotgen (elsewhere sizeof and offsetof are right "
                 "anyway). A");
    emit_line(e, " * negative bit-field width names the member that moved. */");
    emit_blank(e);
    emit_line(e, "#ifndef SG_MODEL_TYPES /* once for all generated sources of a translation "
                 "unit */");
    emit_line(e, "#define SG_MODEL_TYPES");
    for (size_t i = 0; i < MODEL_TYPES; i++)
        emit_line(e, "struct sg_model_%s { char c; %s%sx; };", model_types[i].tag,
                  model_types[i].ctype, model_types[i].ctype[strlen(model_types[i].ctype) - 1]
                  == '*' ? "" : " ");
    emit_line(e, "#endif");
    emit_blank(e);
    /* an enumerator, evaluated once: as a macro, every check line would parse it again */
    emit_raw(e, "enum { %s = (sizeof(int) == %u", model, types_info(TY_ENUM)->size);
    for (size_t i = 0; i < MODEL_TYPES; i++) {
        const type_info *ti = types_info(model_types[i].kind);
        emit_raw(e, " &&\n    sizeof(%s) == %u && offsetof(struct sg_model_%s, x) == %u",
                 model_types[i].ctype, ti->size, model_types[i].tag, ti->align);
    }
    model_borrowed_sizes(e, s);
    emit_raw(e, ") };\n");
    emit_blank(e);
}

/* emit_line, for check_line: returns where the line starts in e->buf (emit_vline). */
static size_t check_vline(emitter *e, const char *fmt, ...) DIAG_PRINTF(2, 3);
static size_t check_vline(emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t at = emit_vline(e, fmt, ap);
    va_end(ap);
    return at;
}

/* The bit-field that checks one member's offset (or, with 'member' NULL, the size), its
 * width on a line of its own when the line would pass column 100 with 'want' counted as
 * three digits (the rule the output has always followed): written once, straight into 'e',
 * and taken back and broken after its " :" only when too long. */
static void check_line(emitter *e, const sclass *c, const char *model, const char *member,
                       uint32_t want)
{
    size_t at = member ? check_vline(e, "unsigned %s : %s && offsetof(%s, %s) != %u ? -1 : 1;",
                                     member, model, c->cname, member, want)
                       : check_vline(e, "unsigned sg_size : %s && sizeof(%s) != %u ? -1 : 1;",
                                     model, c->cname, want);
    size_t n = e->len - at, digits = 1; /* n: its newline included */
    for (uint32_t w = want; w >= 10; w /= 10)
        digits++;
    if (n - 1 - digits + 3 < 100)
        return;
    char *line = emit_cut(e, at);
    line[n - 1] = '\0';
    char *colon = strstr(line, " : ");
    assert(colon);
    const char *text = line + 4 * (size_t)e->indent;
    emit_line(e, "%.*s :", (int)(colon - text), text);
    emit_line(e, "    %s", colon + 3);
    mem_free(line);
}

void gen_extra_layout_checks(emitter *e, const schema *s)
{
    if (!s->nclasses)
        return;
    char *model = model_macro(s);
    gen_model(e, s, model);
    for (size_t i = 0; i < s->nclasses; i++) {
        const sclass *c = s->classes[i];
        if (c->layout == LAYOUT_PACKED)
            emit_line(e, "#if defined(__GNUC__) || defined(__clang__) /* SG_PACKED packs */");
        emit_open(e, "struct sg_%s_layout {", c->cname);
        check_line(e, c, model, NULL, c->size);
        for (size_t j = 0; j < c->nslots; j++) {
            const slot *sl = &c->slots_order[j];
            check_line(e, c, model, sl->kind == SLOT_ATTR ? sl->a->member
                                    : sl->kind == SLOT_PRESENCE ? "sg_has" : "sg_dyn",
                       sl->offset);
        }
        emit_close(e, "};");
        if (c->layout == LAYOUT_PACKED)
            emit_line(e, "#endif");
        emit_blank(e);
    }
    mem_free(model);
}

/* ---- static initializers ---------------------------------------------------------------- */

/* Whether attribute 'a' has a default of NaN or an infinity (written NAN, INFINITY). */
static bool default_needs_math(const attr *a)
{
    if (!a->has_default || a->type.list || (a->type.kind != TY_F32 && a->type.kind != TY_F64))
        return false;
    for (size_t i = 0; i < a->ndefaults; i++)
        if (a->defaults[i].f != a->defaults[i].f || a->defaults[i].f - a->defaults[i].f != 0)
            return true;
    return false;
}

bool gen_extra_init_needs_math(const schema *s)
{
    for (size_t i = 0; i < s->nclasses; i++)
        for (size_t j = 0; s->classes[i]->const_init && j < s->classes[i]->nattrs; j++)
            if (default_needs_math(s->classes[i]->attrs[j]))
                return true;
    return false;
}

/* The zero of one element of 'a's type, as a C initializer that C and C++ both take. */
static const char *zero_of(const attr *a, char *buf, size_t size)
{
    switch (a->type.kind) {
    case TY_BOOL: return "false";
    case TY_STRING:
    case TY_REF: return "NULL";
    case TY_CHARS: return "\"\"";
    case TY_ENUM: /* C++ takes no int for an enum */
        snprintf(buf, size, "(%s)0", a->ctype);
        return buf;
    default: return "0";
    }
}

/* Appends the initializer of attribute 'a' to the macro being printed. */
static void init_value(emitter *e, const attr *a)
{
    char zero[300];
    if (a->type.list) {
        emit_raw(e, "NULL");
    } else if (a->type.kind == TY_CLASS) {
        char *m = names_macro(a->type.cls->cname, "INIT");
        size_t n = !a->type.count ? 0 : a->type.cls->zero_init ? 1 : a->type.count;
        if (!a->type.count)
            emit_raw(e, "%s", m);
        for (size_t i = 0; i < n; i++)
            emit_raw(e, "%s%s%s", i ? ", " : "{", m, i + 1 == n ? "}" : "");
        mem_free(m);
    } else if (schema_default_nonzero(a)) {
        gen_source_value(e, a);
    } else if (a->type.count) {
        emit_raw(e, "{%s}", zero_of(a, zero, sizeof zero));
    } else {
        emit_raw(e, "%s", zero_of(a, zero, sizeof zero));
    }
}

/* Appends the initializer of slot 'sl' of a class's U_INIT to 'v'. */
static void slot_init(emitter *v, const slot *sl)
{
    if (sl->kind == SLOT_PRESENCE)
        emit_raw(v, "{0}");
    else if (sl->kind == SLOT_DYN)
        emit_raw(v, "NULL");
    else
        init_value(v, sl->a);
}

void gen_extra_init_macro(emitter *e, const sclass *c)
{
    char *name = names_macro(c->cname, "INIT");
    if (!c->const_init) {
        emit_line(e, "/* No %s: a default is an owned string, which only %s_init can make. */",
                  name, c->cname);
        emit_blank(e);
        mem_free(name);
        return;
    }
    /* the slots' initializers one after the other in 'vals', slot i from at[i] to at[i + 1] */
    emitter vals;
    emit_init(&vals);
    size_t *at = mem_alloc((c->nslots + 1) * sizeof *at);
    for (size_t i = 0; i < c->nslots; i++) {
        at[i] = vals.len;
        slot_init(&vals, &c->slots_order[i]);
    }
    at[c->nslots] = vals.len;
    size_t total = strlen(name) + 12 + vals.len + 2 * c->nslots;
    emit_line(e, "/* %s with its defaults, as %s_init gives it, for static and automatic",
              c->cname, c->cname);
    emit_line(e, " * storage. */");
    bool one_line = total < 100; /* else one member a line, continued with '\' */
    if (one_line)
        emit_raw(e, "#define %s {", name);
    else
        emit_raw(e, "#define %s \\\n    {", name);
    for (size_t i = 0; i < c->nslots; i++)
        emit_raw(e, "%s%.*s", i == 0 ? "" : one_line ? ", " : ", \\\n     ",
                 (int)(at[i + 1] - at[i]), vals.buf + at[i]);
    emit_raw(e, "}\n");
    emit_blank(e);
    mem_free(at);
    emit_fini(&vals);
    mem_free(name);
}
