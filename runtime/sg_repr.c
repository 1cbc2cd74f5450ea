/*
 * sg_repr.c - printing any object Python-style, driven by sg_class tables.
 *
 *     Image(id=7, caption='A cat', tags=['cat', 'mat'], other=True)
 *
 * One printer writes to a 'sink': a caller's buffer (sg_repr: snprintf-like, counting every
 * byte even past the end of the buffer) or a FILE (sg_fprint). Declared attributes come in
 * declaration order (absent optional ones left out, as in iteration), then the dynamic ones in
 * insertion order. The notation of each kind is in docs/runtime.md ("Printing objects"); the
 * rules that matter for reading it back: a float is printed with the fewest significant digits
 * that read back to the same value (of its own width: an f32 as a float), always with a '.' or
 * an exponent, with '.' whatever the locale; a string is quoted and escaped as Python does.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_dict.h"
#include "sg_object.h"
#include "slotgen.h"

typedef struct sink {
    char *buf;     /* sg_repr: the caller's buffer, or NULL */
    size_t size;   /* its size */
    FILE *out;     /* sg_fprint: the stream, or NULL */
    size_t len;    /* bytes printed so far (also those past the buffer's end) */
    bool failed;   /* a write to 'out' failed */
} sink;

static void put(sink *s, const char *p, size_t n)
{
    size_t k;

    if (s->out) {
        if (n > 0 && fwrite(p, 1, n, s->out) != n)
            s->failed = true;
    } else if (s->size > 0 && s->len < s->size - 1) {
        k = n < s->size - 1 - s->len ? n : s->size - 1 - s->len;
        memcpy(s->buf + s->len, p, k);
    }
    s->len += n;
}

static void put_str(sink *s, const char *p)
{
    put(s, p, strlen(p));
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
/* Short formatted text: numbers and fixed words, never names (put_str writes those). */
static void putf(sink *s, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        put(s, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- scalars ------------------------------------------------------------------------------- */

/* True when the text 't' reads back as 'd' (as a float when 'single'). */
static bool reads_back(const char *t, double d, bool single)
{
    return single ? strtof(t, NULL) == (float)d : strtod(t, NULL) == d;
}

/* Replaces the locale's decimal point (whatever is not a digit, sign or exponent) by '.'. */
static void c_locale_point(char *t)
{
    for (; *t; t++) {
        if (!(*t >= '0' && *t <= '9') && *t != '-' && *t != '+' && *t != 'e')
            *t = '.';
    }
}

/* A finite double as Python's repr prints it: the fewest significant digits that read back,
 * positional for decimal exponents -4 to 15, else d.ddde+XX. */
static void put_float(sink *s, double d, bool single)
{
    char t[48];
    int digits, exp;

    if (isnan(d) || isinf(d)) {
        put_str(s, isnan(d) ? "nan" : d < 0 ? "-inf" : "inf");
        return;
    }
    for (digits = 1; digits < 17; digits++) {
        snprintf(t, sizeof t, "%.*e", digits - 1, d);
        if (reads_back(t, d, single))
            break;
    }
    snprintf(t, sizeof t, "%.*e", digits - 1, d);
    exp = atoi(strchr(t, 'e') + 1);
    if (exp >= -4 && exp < 16) {
        snprintf(t, sizeof t, "%.*f", digits - 1 - exp > 0 ? digits - 1 - exp : 0, d);
        c_locale_point(t);
        put_str(s, t);
        if (!strchr(t, '.'))
            put_str(s, ".0");
        return;
    }
    c_locale_point(t);
    put_str(s, t);
}

/* The 'n' bytes at 'p' as a Python string literal: quoted with ' unless they hold a ' and no
 * ", backslash, the quote, \n, \r, \t and the other control bytes escaped; bytes from 0x80 on
 * (UTF-8) as they are. */
static void put_quoted(sink *s, const char *p, size_t n)
{
    char q = memchr(p, '\'', n) && !memchr(p, '"', n) ? '"' : '\'';
    size_t from = 0;

    put(s, &q, 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c != 0x7f && c != '\\' && c != (unsigned char)q)
            continue;
        put(s, p + from, i - from);
        from = i + 1;
        if (c == '\n' || c == '\r' || c == '\t')
            put_str(s, c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
        else if (c == '\\' || c == (unsigned char)q)
            putf(s, "\\%c", c);
        else
            putf(s, "\\x%02x", c);
    }
    put(s, p + from, n - from);
    put(s, &q, 1);
}

/* The length of the text at 'p', at most 'max' (char[N]: NUL-terminated within N bytes). */
static size_t bounded_len(const char *p, size_t max)
{
    const char *nul = memchr(p, '\0', max);

    return nul ? (size_t)(nul - p) : max;
}

/* "<WHAT at 0x...>", or "<WHAT object at 0x...>" with 'object': a pointer, not followed. */
static void put_ptr(sink *s, const char *what, bool object, const void *p)
{
    put(s, "<", 1);
    put_str(s, what);
    putf(s, "%s at 0x%" PRIxPTR ">", object ? " object" : "", (uintptr_t)p);
}

/* An enum value: Color.red, or Color(7) for a value that is no member. */
static void put_enum(sink *s, const sg_enum *e, int64_t v)
{
    const char *name = sg_enum_name(e, v);

    put_str(s, e->name);
    if (name) {
        put(s, ".", 1);
        put_str(s, name);
    } else {
        putf(s, "(%" PRId64 ")", v);
    }
}

/* A flag set: Amenity.wifi|spa; Amenity(0) for the empty set, Amenity(13) for one with a bit
 * that is no member. */
static void put_flags(sink *s, const sg_enum *e, uint64_t set)
{
    uint64_t all = 0;

    for (uint32_t i = 0; i < e->count; i++)
        all |= (uint64_t)e->members[i].value;
    put_str(s, e->name);
    if (set == 0 || (set & ~all) != 0) {
        putf(s, "(%" PRIu64 ")", set);
        return;
    }
    put(s, ".", 1); /* then the names as sg_flags_format writes them, of any length */
    for (uint32_t i = 0, n = 0; i < e->count; i++) {
        uint64_t bit = (uint64_t)e->members[i].value;
        if (bit == 0 || (set & bit) != bit)
            continue;
        if (n++ > 0)
            put(s, "|", 1);
        put_str(s, e->members[i].name);
        set &= ~bit;
    }
}

static void put_object(sink *s, const sg_class *cls, const void *obj);

/* One element of kind a->kind at 'p'. */
static void put_elem(sink *s, const sg_attr *a, const char *p)
{
    sg_value v = sg_object_elem(p, a);
    char c;

    switch (a->kind) {
    case SG_K_BOOL:
        put_str(s, v.as.b ? "True" : "False");
        break;
    case SG_K_CHAR:
        c = (char)v.as.i;
        put_quoted(s, &c, 1);
        break;
    case SG_K_I8: case SG_K_I16: case SG_K_I32: case SG_K_I64:
        putf(s, "%" PRId64, v.as.i);
        break;
    case SG_K_U8: case SG_K_U16: case SG_K_U32: case SG_K_U64:
        putf(s, "%" PRIu64, v.as.u);
        break;
    case SG_K_F32: case SG_K_F64:
        put_float(s, v.as.f, a->kind == SG_K_F32);
        break;
    case SG_K_STRING:
        if (v.type == SG_NONE)
            put_str(s, "None");
        else
            put_quoted(s, v.as.s, strlen(v.as.s));
        break;
    case SG_K_CHARS:
        put_quoted(s, p, bounded_len(p, sg_object_elem_size(a)));
        break;
    case SG_K_ENUM:
        put_enum(s, a->enm, v.as.i);
        break;
    case SG_K_FLAGS:
        put_flags(s, a->enm, v.as.u);
        break;
    case SG_K_CLASS:
        put_object(s, a->cls, p);
        break;
    case SG_K_REF:
        if (v.type == SG_NONE)
            put_str(s, "None");
        else
            put_ptr(s, a->cls ? a->cls->name : "object", true, v.as.p);
        break;
    default:
        put_str(s, "?");
        break;
    }
}

static void put_attr(sink *s, const sg_attr *a, const char *p)
{
    uint32_t n, size = sg_object_elem_size(a);

    if (a->count == 0 && !(a->flags & SG_ATTR_LIST)) {
        put_elem(s, a, p);
        return;
    }
    p = sg_object_elems_at(a, p, &n);
    put_str(s, "[");
    for (uint32_t k = 0; k < n; k++, p += size) {
        if (k > 0)
            put_str(s, ", ");
        put_elem(s, a, p);
    }
    put_str(s, "]");
}

/* A dynamic value. */
static void put_value(sink *s, sg_value v)
{
    switch (v.type) {
    case SG_BOOL:
        put_str(s, v.as.b ? "True" : "False");
        break;
    case SG_INT:
        putf(s, "%" PRId64, v.as.i);
        break;
    case SG_UINT:
        putf(s, "%" PRIu64, v.as.u);
        break;
    case SG_FLOAT:
        put_float(s, v.as.f, false);
        break;
    case SG_STR:
        put_quoted(s, v.as.s, strlen(v.as.s));
        break;
    case SG_PTR:
        put_ptr(s, "ptr", false, v.as.p);
        break;
    default:
        put_str(s, "None");
        break;
    }
}

static void put_object(sink *s, const sg_class *cls, const void *obj)
{
    const char *name;
    uint32_t pos = 0;
    bool first = true;
    sg_value v;

    put_str(s, cls->name);
    put(s, "(", 1);
    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const sg_attr *a = &cls->attrs[i];
        if (!sg_object_present(cls, obj, a))
            continue;
        if (!first)
            put_str(s, ", ");
        first = false;
        put_str(s, a->name);
        put_str(s, "=");
        put_attr(s, a, (const char *)obj + a->offset);
    }
    while (!cls->slotted && sg_dict_next(sg_object_dyn(cls, obj), &pos, &name, &v)) {
        if (!first)
            put_str(s, ", ");
        first = false;
        put_str(s, name);
        put_str(s, "=");
        put_value(s, v);
    }
    put_str(s, ")");
}

size_t sg_repr(const sg_class *cls, const void *obj, char *buf, size_t size)
{
    sink s = {buf, buf ? size : 0, NULL, 0, false};

    if (!cls || !obj)
        put_str(&s, "None");
    else
        put_object(&s, cls, obj);
    if (s.size > 0)
        buf[s.len < s.size ? s.len : s.size - 1] = '\0';
    return s.len;
}

sg_status sg_fprint(FILE *out, const sg_class *cls, const void *obj)
{
    sink s = {NULL, 0, out, 0, false};

    if (!out || !cls || !obj)
        return SG_EINVAL;
    put_object(&s, cls, obj);
    return s.failed || ferror(out) ? SG_EIO : SG_OK;
}
