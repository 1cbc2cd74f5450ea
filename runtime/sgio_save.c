/*
 * sgio_save.c - the writers of libslotgen-io: any object as YAML or JSON, driven by its class.
 *
 * Output goes into a growing buffer (sg_io_buf, through sg_alloc); a FILE * target is fed
 * from that buffer every 64 KiB and at the end, so both targets share one code path. The
 * text is the same for the same object, byte for byte: declared attributes in declaration
 * order (absent optional ones left out), then dynamic ones in insertion order.
 *
 * YAML: a block mapping; an embedded class is a nested block mapping, a fixed array of
 * classes a block sequence, a fixed array of anything else a flow sequence ([1, 2, 3]).
 * Strings are plain when they cannot read back as anything else (a letter, then letters,
 * digits, '_', '-', '.', '/' or inner spaces, and not a YAML 1.1 boolean or null word), else
 * double-quoted with escapes for every character YAML does not allow raw. JSON: one compact
 * object; strings escaped per RFC 8259.
 *
 * Values: floats with the fewest digits that read back bit-exact (%.*g, 6-9 digits for f32,
 * 15-17 for f64; an f64 that is a short decimal m / 10^k is formatted without printf, to the
 * same text, put_short_decimal), always with a '.' or an exponent; integers without printf; inf and nan as .inf/-.inf/.nan in YAML
 * and as the strings "inf", "-inf", "nan" in JSON (which has no such numbers); an enum value
 * by its member's name, or as an integer when it is no member; a char as a one-character
 * string when it is printable ASCII, else as its code (0-255); a ref only when NULL (null).
 * Strings must be valid UTF-8 (SG_ETYPE otherwise), as both formats require.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgio.h"

#define FLUSH_AT 65536

typedef struct writer {
    sg_io_buf *buf;
    FILE *fp;        /* NULL: the buffer is the target */
    sg_status st;    /* the first failure */
    bool json;
} writer;

/* ---- the buffer ------------------------------------------------------------------------- */

void sg_io_buf_free(sg_io_buf *b)
{
    if (!b)
        return;
    sg_dealloc(b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}

static bool reserve(writer *w, size_t more)
{
    sg_io_buf *b = w->buf;
    size_t cap;
    char *p;

    if (w->st != SG_OK)
        return false;
    if (b->len + more + 1 <= b->cap)
        return true;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    p = sg_alloc(cap);
    if (!p) {
        w->st = SG_ENOMEM;
        return false;
    }
    if (b->data)
        memcpy(p, b->data, b->len);
    sg_dealloc(b->data, b->cap);
    b->data = p;
    b->cap = cap;
    return true;
}

static void put(writer *w, const char *s, size_t n)
{
    sg_io_buf *b = w->buf;

    if (b->len + n + 1 > b->cap && !reserve(w, n))
        return;
    if (w->st != SG_OK)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(writer *w, const char *s)
{
    put(w, s, strlen(s));
}

static void putc_(writer *w, char c)
{
    put(w, &c, 1);
}

static void indent(writer *w, unsigned n)
{
    static const char spaces[] = "                                ";

    while (n > 0) {
        unsigned k = n < 32 ? n : 32;
        put(w, spaces, k);
        n -= k;
    }
}

static void flush(writer *w, bool all)
{
    if (!w->fp || w->st != SG_OK || (!all && w->buf->len < FLUSH_AT))
        return;
    if (w->buf->len && fwrite(w->buf->data, 1, w->buf->len, w->fp) != w->buf->len)
        w->st = SG_EINVAL;
    w->buf->len = 0;
}

/* ---- strings ---------------------------------------------------------------------------- */

/* The length of the UTF-8 sequence at 's' (of 'n' bytes) and its code point, or 0 when it is
 * not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF included). */
static size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t c, min;

    if (s[0] < 0x80)
        return *cp = s[0], 1;
    if ((s[0] & 0xE0) == 0xC0)
        len = 2, c = s[0] & 0x1Fu, min = 0x80;
    else if ((s[0] & 0xF0) == 0xE0)
        len = 3, c = s[0] & 0x0Fu, min = 0x800;
    else if ((s[0] & 0xF8) == 0xF0)
        len = 4, c = s[0] & 0x07u, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static bool yaml_plain_ok(const char *s, size_t n)
{
    static const char *const words[] = {"true", "false", "null", "yes", "no", "on", "off",
                                        "y", "n"};
    char low[8];

    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) ||
        s[n - 1] == ' ')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == '/' || c == ' '))
            return false;
    }
    if (n < sizeof low) {
        for (size_t i = 0; i < n; i++)
            low[i] = (char)(s[i] | 0x20);
        low[n] = '\0';
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            if (strcmp(low, words[i]) == 0)
                return false;
    }
    return true;
}

/* Whether code point 'c' may stand raw in a double-quoted YAML scalar and read back as
 * itself: printable, and not one of the line breaks YAML folds (NEL, LS, PS). */
static bool yaml_printable(uint32_t c)
{
    return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || c >= 0x10000;
}

/* Writes 's' ('n' bytes) quoted and escaped. SG_ETYPE when it is not valid UTF-8. */
static void put_quoted(writer *w, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    char esc[16];
    size_t i = 0, run = 0;

    putc_(w, '"');
    while (i < n) {
        uint32_t c;
        size_t len;
        const char *e = NULL;

        if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\') {
            run++; /* the common case: printable ASCII, raw in both formats */
            i++;
            continue;
        }
        len = utf8_char(p + i, n - i, &c);

        if (len == 0) {
            if (w->st == SG_OK)
                w->st = SG_ETYPE;
            return;
        }
        if (c == '"')
            e = "\\\"";
        else if (c == '\\')
            e = "\\\\";
        else if (c == '\n')
            e = "\\n";
        else if (c == '\t')
            e = "\\t";
        else if (c == '\r')
            e = "\\r";
        else if (w->json ? c < 0x20 : !yaml_printable(c)) {
            snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
            e = esc;
        }
        if (e) {
            put(w, s + i - run, run);
            run = 0;
            puts_(w, e);
        } else {
            run += len;
        }
        i += len;
    }
    put(w, s + n - run, run);
    putc_(w, '"');
}

static void put_string(writer *w, const char *s, size_t n)
{
    if (!w->json && yaml_plain_ok(s, n))
        put(w, s, n);
    else
        put_quoted(w, s, n);
}

/* ---- scalars ---------------------------------------------------------------------------- */

/* The digits of 'v' into the end of 'buf' ('size' bytes); returns where they start. */
static char *format_u(uint64_t v, char *buf, size_t size)
{
    char *p = buf + size;

    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return p;
}

/* A finite f64 that is m / 10^k exactly (as strtod rounds), for an integer |m| < 10^15, k < 9
 * and |d| >= 1e-4, written as those digits: what "%.15g" prints for it (15 digits are enough
 * for such a decimal, and %g uses no exponent in that range), without printf and strtod.
 * False for other values (and for zero, whose sign the digits would lose). */
static bool put_short_decimal(writer *w, double d)
{
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    double a = fabs(d);
    char dig[24], out[48], *q;
    size_t nd, o = 0, k;

    if (!(a >= 1e-4 && a < 1e15))
        return false;
    for (k = 0; k < sizeof p10 / sizeof *p10; k++) {
        double m = nearbyint(a * p10[k]);
        if (m >= 1e15)
            return false;
        if (m / p10[k] == a)
            break;
    }
    if (k == sizeof p10 / sizeof *p10)
        return false;
    q = format_u((uint64_t)nearbyint(a * p10[k]), dig, sizeof dig);
    nd = (size_t)(dig + sizeof dig - q);
    if (d < 0)
        out[o++] = '-';
    if (k == 0) { /* 12.0 */
        memcpy(out + o, q, nd);
        memcpy(out + o + nd, ".0", 2);
        o += nd + 2;
    } else if (nd <= k) { /* 0.0012 */
        out[o++] = '0';
        out[o++] = '.';
        memset(out + o, '0', k - nd);
        o += k - nd;
        memcpy(out + o, q, nd);
        o += nd;
    } else { /* 12.34 */
        memcpy(out + o, q, nd - k);
        o += nd - k;
        out[o++] = '.';
        memcpy(out + o, q + nd - k, k);
        o += k;
    }
    put(w, out, o);
    return true;
}

static void put_float(writer *w, double d, bool f32)
{
    char buf[40];

    if (isnan(d)) {
        puts_(w, w->json ? "\"nan\"" : ".nan");
        return;
    }
    if (isinf(d)) {
        puts_(w, w->json ? (d < 0 ? "\"-inf\"" : "\"inf\"") : (d < 0 ? "-.inf" : ".inf"));
        return;
    }
    if (!f32 && put_short_decimal(w, d))
        return;
    for (int prec = f32 ? 6 : 15; prec <= (f32 ? 9 : 17); prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (f32 ? strtof(buf, NULL) == (float)d : strtod(buf, NULL) == d)
            break;
    }
    if (!strpbrk(buf, ".e"))
        strcat(buf, ".0");
    puts_(w, buf);
}

static void put_fmt_uint(writer *w, uint64_t v)
{
    char buf[24], *p = format_u(v, buf, sizeof buf);

    put(w, p, (size_t)(buf + sizeof buf - p));
}

static void put_fmt_int(writer *w, int64_t v)
{
    char buf[24], *p;

    if (v >= 0) {
        put_fmt_uint(w, (uint64_t)v);
        return;
    }
    p = format_u(0 - (uint64_t)v, buf, sizeof buf);
    *--p = '-';
    put(w, p, (size_t)(buf + sizeof buf - p));
}

static void put_value(writer *w, const sg_value *v)
{
    switch (v->type) {
    case SG_NONE: puts_(w, "null"); break;
    case SG_BOOL: puts_(w, v->as.b ? "true" : "false"); break;
    case SG_INT: put_fmt_int(w, v->as.i); break;
    case SG_UINT: put_fmt_uint(w, v->as.u); break;
    case SG_FLOAT: put_float(w, v->as.f, false); break;
    case SG_STR: put_string(w, v->as.s, strlen(v->as.s)); break;
    default:
        if (w->st == SG_OK)
            w->st = SG_ETYPE;
        break;
    }
}

/* A flag set: the sequence of its members' names in declaration order, "[wifi, spa]" in
 * YAML, ["wifi","spa"] in JSON, "[]" when empty; a set with a bit that is no member is
 * written as its number (which loads back only into a set where every bit is a member). */
static void put_flags(writer *w, const sg_enum *e, uint64_t set)
{
    uint64_t all = 0;
    bool first = true;

    for (uint32_t i = 0; i < e->count; i++)
        all |= (uint64_t)e->members[i].value;
    if (set & ~all) {
        put_fmt_uint(w, set);
        return;
    }
    putc_(w, '[');
    for (uint32_t i = 0; i < e->count; i++) {
        if (!(set & (uint64_t)e->members[i].value))
            continue;
        if (!first)
            puts_(w, w->json ? "," : ", ");
        first = false;
        if (w->json)
            put_quoted(w, e->members[i].name, strlen(e->members[i].name));
        else
            put_string(w, e->members[i].name, strlen(e->members[i].name));
    }
    putc_(w, ']');
}

/* One element (or the member) of attribute 'a' at 'p', when it is not a class. */
static void put_elem(writer *w, const sg_attr *a, const char *p, uint32_t esize)
{
    bool b;
    float f;
    double d;
    const char *s, *name;
    void *ref;

    switch (a->kind) {
    case SG_K_BOOL:
        memcpy(&b, p, sizeof b);
        puts_(w, b ? "true" : "false");
        break;
    case SG_K_CHAR:
        if (*p >= 0x20 && *p < 0x7F)
            put_quoted(w, p, 1);
        else
            put_fmt_int(w, (unsigned char)*p);
        break;
    case SG_K_I8: case SG_K_I16: case SG_K_I32: case SG_K_I64:
        put_fmt_int(w, sg_object_read_signed(p, esize));
        break;
    case SG_K_U8: case SG_K_U16: case SG_K_U32: case SG_K_U64:
        put_fmt_uint(w, sg_object_read_unsigned(p, esize));
        break;
    case SG_K_F32:
        memcpy(&f, p, sizeof f);
        put_float(w, f, true);
        break;
    case SG_K_F64:
        memcpy(&d, p, sizeof d);
        put_float(w, d, false);
        break;
    case SG_K_STRING:
        memcpy(&s, p, sizeof s);
        if (s)
            put_string(w, s, strlen(s));
        else
            puts_(w, "null");
        break;
    case SG_K_CHARS:
        put_quoted(w, p, strnlen(p, esize));
        break;
    case SG_K_ENUM:
        name = sg_enum_name(a->enm, sg_object_read_signed(p, esize));
        if (name)
            put_string(w, name, strlen(name));
        else
            put_fmt_int(w, sg_object_read_signed(p, esize));
        break;
    case SG_K_FLAGS:
        put_flags(w, a->enm, sg_object_read_unsigned(p, esize));
        break;
    case SG_K_REF:
        memcpy(&ref, p, sizeof ref);
        if (ref && w->st == SG_OK)
            w->st = SG_ETYPE;
        puts_(w, "null");
        break;
    default:
        if (w->st == SG_OK)
            w->st = SG_ETYPE;
        break;
    }
}

/* ---- objects ---------------------------------------------------------------------------- */

static bool present(const sg_class *cls, const char *obj, const sg_attr *a)
{
    unsigned char byte;

    if (a->presence < 0)
        return true;
    byte = (unsigned char)obj[cls->presence_offset + (uint32_t)a->presence / 8];
    return ((unsigned)byte >> ((unsigned)a->presence % 8u)) & 1u;
}

static size_t dyn_count(const sg_class *cls, const void *obj)
{
    sg_dict *d;

    if (cls->slotted)
        return 0;
    memcpy(&d, (const char *)obj + cls->dyn_offset, sizeof d);
    return sg_dict_count(d);
}

static bool is_empty(const sg_class *cls, const char *obj)
{
    for (uint32_t i = 0; i < cls->nattrs; i++)
        if (present(cls, obj, &cls->attrs[i]))
            return false;
    return dyn_count(cls, obj) == 0;
}

static void yaml_object(writer *w, const sg_class *cls, const char *obj, unsigned ind,
                        bool first_inline);

/* A key and its ':'. YAML limits an implicit key to 1024 characters: a longer one takes the
 * explicit form, "? key" then ":" on the next line at the same indentation. */
static void yaml_key(writer *w, const char *key, unsigned ind)
{
    size_t n = strlen(key);

    if (n > 1000) {
        puts_(w, "? ");
        put_string(w, key, n);
        putc_(w, '\n');
        indent(w, ind);
    } else {
        put_string(w, key, n);
    }
    putc_(w, ':');
}

/* The elements of fixed array or list 'a' whose member is at 'p': where they are, how many,
 * and the size of one. */
static const char *elements(const sg_attr *a, const char *p, uint32_t *n, uint32_t *esize)
{
    const char *elems;

    if (a->flags & SG_ATTR_LIST) {
        memcpy(&elems, p, sizeof elems);
        *n = (uint32_t)sg_list_count(elems);
        *esize = a->elem_size;
        return elems;
    }
    *n = a->count;
    *esize = a->size / a->count;
    return p;
}

static void yaml_array(writer *w, const sg_attr *a, const char *member, unsigned ind)
{
    uint32_t esize, n;
    const char *p = elements(a, member, &n, &esize);

    if (a->kind != SG_K_CLASS || n == 0) {
        putc_(w, ' ');
        putc_(w, '[');
        for (uint32_t k = 0; k < n; k++) {
            if (k)
                puts_(w, ", ");
            put_elem(w, a, p + k * esize, esize);
        }
        puts_(w, "]\n");
        return;
    }
    putc_(w, '\n');
    for (uint32_t k = 0; k < n; k++) {
        indent(w, ind);
        puts_(w, "- ");
        if (is_empty(a->cls, p + k * esize))
            puts_(w, "{}\n");
        else
            yaml_object(w, a->cls, p + k * esize, ind + 2, true);
    }
}

/* Writes the attributes of 'obj', one per line at indentation 'ind'; the first without its
 * indentation when 'first_inline' (it follows a "- "). */
static void yaml_object(writer *w, const sg_class *cls, const char *obj, unsigned ind,
                        bool first_inline)
{
    bool first = true;
    sg_iter it;
    const char *name;
    sg_value v;

    for (uint32_t i = 0; i < cls->nattrs && w->st == SG_OK; i++) {
        const sg_attr *a = &cls->attrs[i];
        const char *p = obj + a->offset;
        if (!present(cls, obj, a))
            continue;
        if (!(first && first_inline))
            indent(w, ind);
        first = false;
        yaml_key(w, a->name, ind);
        if (a->count || (a->flags & SG_ATTR_LIST)) {
            yaml_array(w, a, p, ind);
        } else if (a->kind == SG_K_CLASS) {
            if (is_empty(a->cls, p)) {
                puts_(w, " {}\n");
            } else {
                putc_(w, '\n');
                yaml_object(w, a->cls, p, ind + 2, false);
            }
        } else {
            putc_(w, ' ');
            put_elem(w, a, p, a->size);
            putc_(w, '\n');
        }
        flush(w, false);
    }
    if (dyn_count(cls, obj) == 0)
        return;
    sg_iter_init(&it, cls, obj);
    while (w->st == SG_OK && sg_iter_next(&it, &name, &v)) {
        if (it.next <= cls->nattrs)
            continue; /* a declared attribute, written above */
        if (!(first && first_inline))
            indent(w, ind);
        first = false;
        yaml_key(w, name, ind);
        putc_(w, ' ');
        put_value(w, &v);
        putc_(w, '\n');
    }
}

static void json_object(writer *w, const sg_class *cls, const char *obj)
{
    bool first = true;
    sg_iter it;
    const char *name;
    sg_value v;

    putc_(w, '{');
    for (uint32_t i = 0; i < cls->nattrs && w->st == SG_OK; i++) {
        const sg_attr *a = &cls->attrs[i];
        bool seq = a->count || (a->flags & SG_ATTR_LIST);
        uint32_t n = 1, esize = a->size;
        const char *p = seq ? elements(a, obj + a->offset, &n, &esize) : obj + a->offset;
        if (!present(cls, obj, a))
            continue;
        if (!first)
            putc_(w, ',');
        first = false;
        put_quoted(w, a->name, strlen(a->name));
        putc_(w, ':');
        if (seq)
            putc_(w, '[');
        for (uint32_t k = 0; k < n; k++) {
            if (k)
                putc_(w, ',');
            if (a->kind == SG_K_CLASS)
                json_object(w, a->cls, p + k * esize);
            else
                put_elem(w, a, p + k * esize, esize);
        }
        if (seq)
            putc_(w, ']');
    }
    if (dyn_count(cls, obj)) {
        sg_iter_init(&it, cls, obj);
        while (w->st == SG_OK && sg_iter_next(&it, &name, &v)) {
            if (it.next <= cls->nattrs)
                continue;
            if (!first)
                putc_(w, ',');
            first = false;
            put_quoted(w, name, strlen(name));
            putc_(w, ':');
            put_value(w, &v);
        }
    }
    putc_(w, '}');
}

static void one(writer *w, const sg_class *cls, const void *obj, bool in_seq)
{
    if (w->json) {
        json_object(w, cls, obj);
        return;
    }
    if (in_seq)
        puts_(w, "- ");
    if (is_empty(cls, obj))
        puts_(w, "{}\n");
    else
        yaml_object(w, cls, obj, in_seq ? 2 : 0, in_seq);
}

/* ---- entry points ----------------------------------------------------------------------- */

static sg_status save_buf(bool json, const sg_class *cls, const void *obj, sg_io_buf *buf)
{
    writer w = {buf, NULL, SG_OK, json};
    size_t mark = buf->len;
    sgio_locale g;

    if (!cls || !obj)
        return SG_EINVAL;
    sgio_locale_enter(&g);
    one(&w, cls, obj, false);
    if (json)
        putc_(&w, '\n');
    sgio_locale_leave(&g);
    if (w.st != SG_OK) {
        buf->len = mark;
        if (buf->data)
            buf->data[mark] = '\0';
    }
    return w.st;
}

static sg_status save_file(bool json, const sg_class *cls, const void *objs, size_t n,
                           bool seq, FILE *out)
{
    sg_io_buf buf = {NULL, 0, 0};
    writer w = {&buf, out, SG_OK, json};
    sgio_locale g;

    if (!cls || (!objs && n) || !out)
        return SG_EINVAL;
    sgio_locale_enter(&g);
    if (seq && json)
        puts_(&w, n ? "[\n" : "[]\n");
    if (seq && !json && n == 0)
        puts_(&w, "[]\n");
    for (size_t i = 0; i < n && w.st == SG_OK; i++) {
        one(&w, cls, (const char *)objs + i * cls->size, seq);
        if (json)
            puts_(&w, seq && i + 1 < n ? ",\n" : "\n");
        flush(&w, false);
    }
    if (seq && json && n)
        puts_(&w, "]\n");
    flush(&w, true);
    sgio_locale_leave(&g);
    if (w.st == SG_OK && fflush(out) != 0)
        w.st = SG_EINVAL;
    sg_io_buf_free(&buf);
    return w.st;
}

sg_status sg_yaml_save(const sg_class *cls, const void *obj, FILE *out)
{
    return obj ? save_file(false, cls, obj, 1, false, out) : SG_EINVAL;
}

sg_status sg_json_save(const sg_class *cls, const void *obj, FILE *out)
{
    return obj ? save_file(true, cls, obj, 1, false, out) : SG_EINVAL;
}

sg_status sg_yaml_save_buf(const sg_class *cls, const void *obj, sg_io_buf *buf)
{
    return buf ? save_buf(false, cls, obj, buf) : SG_EINVAL;
}

sg_status sg_json_save_buf(const sg_class *cls, const void *obj, sg_io_buf *buf)
{
    return buf ? save_buf(true, cls, obj, buf) : SG_EINVAL;
}

sg_status sg_io_save_array(sg_io_format format, const sg_class *cls, const void *objs,
                           size_t n, FILE *out)
{
    return save_file(format == SG_IO_JSON, cls, objs, n, true, out);
}
