/*
 * sgio_load.c - the format-neutral loader of libslotgen-io: parser events in, objects out.
 *
 * Frames. Below the top level, every open collection that is being filled has a frame: an
 * object (a mapping for a class: top-level object, embedded class, element of a class array
 * or list), a fixed array or list (a sequence), or a flag set given as a sequence of names
 * (FR_FLAGS, whose base is the member being filled). An object frame knows the attribute whose
 * value comes next (or that a key comes next) and which declared attributes it has seen (a bit
 * each, in L->seen). Frames hold no pointer into L->frames or L->seen, so both may grow and
 * move. A list element is appended (zero, then filled in place) when its value begins; an
 * object frame of a list element points into the list's block, which cannot move while that
 * frame is open (only the innermost open list grows).
 *
 * Errors. The first error of an object is reported (diag filled, callback told), the object
 * is destroyed and zeroed, and the frames are dropped. In a stream whose callback chose to go
 * on, the events up to the end of that object are then skipped (L->skip_to); otherwise
 * L->stop is set and the driver stops. So no object reaches the caller half-loaded, and an
 * object's memory is always either the caller's or freed.
 *
 * Required attributes. One that is not optional, has no schema default (SG_ATTR_HAS_DEFAULT
 * clear and sg_attr.def NULL), and is not a list, an embedded class or a ref (is_required).
 */
#define _POSIX_C_SOURCE 200809L

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_utf8.h"
#include "sgio.h"

typedef enum { FR_OBJ, FR_ARR, FR_FLAGS } frame_type;

#define PENDING_KEY (-1) /* an object frame waits for a key */
#define PENDING_DYN (-2) /* ... for the value of the dynamic attribute named L->key */

struct sgio_frame {
    frame_type type;
    const sg_class *cls; /* FR_OBJ: the object's class; FR_ARR, FR_FLAGS: the class holding
                            the attribute */
    char *base;          /* FR_OBJ: the object; FR_ARR: the object holding the array or list;
                            FR_FLAGS: the flag set's member (or element) being filled */
    int pending;         /* FR_OBJ: PENDING_*, or the index of the attribute whose value is next */
    int attr;            /* FR_ARR, FR_FLAGS: the attribute's index */
    uint32_t next;       /* FR_ARR: the next element's index; FR_OBJ: the attribute after
                            the last key found, the likely next key (find_attr) */
    size_t seen;         /* FR_OBJ: its first bit's byte in L->seen */
    unsigned line, col;  /* where it opened */
};

/* ---- small helpers ---------------------------------------------------------------------- */

static void *grow(void *old, size_t *cap, size_t used, size_t elem, size_t need)
{
    size_t ncap = *cap ? *cap : 8;
    void *p;

    while (ncap < need)
        ncap *= 2;
    p = sg_alloc(ncap * elem);
    if (!p)
        return NULL;
    if (old) {
        memcpy(p, old, used * elem);
        sg_dealloc(old, *cap * elem);
    }
    *cap = ncap;
    return p;
}

static const sg_attr *frame_attr(const sgio_frame *f)
{
    return &f->cls->attrs[f->type == FR_OBJ ? f->pending : f->attr];
}

static bool is_list(const sg_attr *a)
{
    return (a->flags & SG_ATTR_LIST) != 0;
}

/* A fixed array or a list: its value is a sequence. */
static bool is_seq(const sg_attr *a)
{
    return a->count > 0 || is_list(a);
}

/* Bytes of one element of attribute 'a' (the member itself when it is not an array). */
static uint32_t elem_size(const sg_attr *a)
{
    if (is_list(a))
        return a->elem_size;
    return a->count ? a->size / a->count : a->size;
}

/* Text 's' from the input for a message, in 'buf' (size > 4): escaped as the compiler's
 * diagnostics are (sg_utf8.h: nothing a terminal acts on), cut after a whole character with
 * "..." when it does not fit. */
static void quote(char *buf, size_t size, const sgio_text *s)
{
    assert(size > 4);
    if (sg_utf8_escape(buf, size, s->text, s->len) < s->len) {
        sg_utf8_escape(buf, size - 3, s->text, s->len);
        strcat(buf, "...");
    }
}

/* ---- objects ---------------------------------------------------------------------------- */

static sg_status init_object(const sgio_loader *L, const sg_class *cls, void *obj)
{
    memset(obj, 0, cls->size);
    if (L->in->init)
        return L->in->init(L->in->init_ud, cls, obj);
    return sg_object_init(cls, obj);
}

static void destroy_object(sgio_loader *L)
{
    if (L->obj_live) {
        sg_object_destroy(L->cls, L->obj);
        memset(L->obj, 0, L->cls->size);
        L->obj_live = false;
    }
}

/* Required: not optional, no schema default (neither SG_ATTR_HAS_DEFAULT, which a string's
 * `default: null` sets without a 'def', nor a 'def', for tables generated before that bit),
 * and a kind that has no unset value of its own: a list (empty), an embedded class (its own
 * defaults) and a ref (never loaded) are never required. */
static bool is_required(const sg_attr *a)
{
    return a->presence < 0 && !(a->flags & SG_ATTR_HAS_DEFAULT) && a->def == NULL &&
           !is_list(a) && a->kind != SG_K_CLASS && a->kind != SG_K_REF;
}

static void set_present(const sg_class *cls, char *base, const sg_attr *a, bool on)
{
    unsigned char *byte = (unsigned char *)base + cls->presence_offset + (uint32_t)a->presence / 8;
    unsigned bit = 1u << ((uint32_t)a->presence % 8);

    if (on)
        *byte = (unsigned char)(*byte | bit);
    else
        *byte = (unsigned char)(*byte & ~bit);
}

/* ---- errors ----------------------------------------------------------------------------- */

static void vreport(sgio_loader *L, sg_diag_kind kind, sg_status st, unsigned line,
                    unsigned col, const char *fmt, va_list ap)
{
    sg_diag *d = &L->cur;

    d->kind = kind;
    d->status = st;
    d->file = L->name;
    d->line = line;
    d->col = col;
    d->index = L->stream ? L->index : 0;
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    if (L->status == SG_OK) {
        L->status = st;
        if (L->diag)
            *L->diag = *d;
    }
}

/* An error in the current object: reports it, destroys the object and either stops or
 * skips to the object's end as the callback says. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 6, 7)))
#endif
static void
data_error(sgio_loader *L, sg_diag_kind kind, sg_status st, unsigned line, unsigned col,
           const char *fmt, ...)
{
    va_list ap;
    bool go_on;

    va_start(ap, fmt);
    vreport(L, kind, st, line, col, fmt, ap);
    va_end(ap);
    destroy_object(L);
    L->nframes = 0;
    L->nseen = 0;
    go_on = L->fn && kind == SG_DIAG_DATA && L->fn(L->ud, NULL, &L->cur) == SG_IO_CONTINUE;
    if (!go_on || !L->stream) /* one mapping: the object was the whole input */
        L->stop = true;
    else if (L->depth > 1)
        L->skip_to = 1;
    if (L->stream && L->depth <= 1)
        L->index++;
}

void sgio_fail(sgio_loader *L, sg_diag_kind kind, sg_status st, unsigned line, unsigned col,
               const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(L, kind, st, line, col, fmt, ap);
    va_end(ap);
    if (L->fn)
        L->fn(L->ud, NULL, &L->cur); /* every error of a stream, inside an object or not */
    destroy_object(L);
    L->nframes = 0;
    L->stop = true;
}

static void nomem(sgio_loader *L, unsigned line, unsigned col)
{
    sgio_fail(L, SG_DIAG_NOMEM, SG_ENOMEM, line, col, "out of memory");
}

/* ---- frames ----------------------------------------------------------------------------- */

static sgio_frame *push(sgio_loader *L, frame_type t, const sg_class *cls, char *base,
                        unsigned line, unsigned col)
{
    sgio_frame *f;
    size_t bytes = t == FR_OBJ ? (cls->nattrs + 7u) / 8u : 0;

    if (L->nframes == L->cap_frames) {
        sgio_frame *nf = grow(L->frames, &L->cap_frames, L->nframes, sizeof *nf, L->nframes + 1);
        if (!nf)
            return NULL;
        L->frames = nf;
    }
    if (L->nseen + bytes > L->cap_seen) {
        unsigned char *ns = grow(L->seen, &L->cap_seen, L->nseen, 1, L->nseen + bytes);
        if (!ns)
            return NULL;
        L->seen = ns;
    }
    f = &L->frames[L->nframes++];
    f->type = t;
    f->cls = cls;
    f->base = base;
    f->pending = PENDING_KEY;
    f->attr = -1;
    f->next = 0;
    f->seen = L->nseen;
    f->line = line;
    f->col = col;
    if (bytes)
        memset(L->seen + L->nseen, 0, bytes);
    L->nseen += bytes;
    return f;
}

static void pop(sgio_loader *L)
{
    sgio_frame *f = &L->frames[--L->nframes];

    if (f->type == FR_OBJ)
        L->nseen -= (f->cls->nattrs + 7u) / 8u;
}

static sgio_frame *top(sgio_loader *L)
{
    return L->nframes ? &L->frames[L->nframes - 1] : NULL;
}

/* The value that is next in frame 'f' goes here, for an attribute or an array element. */
static char *value_place(const sgio_frame *f)
{
    const sg_attr *a = frame_attr(f);
    char *elems;

    if (f->type == FR_ARR && is_list(a)) {
        /* NULL before list_slot appended the element (only error paths get there) */
        memcpy(&elems, f->base + a->offset, sizeof elems);
        return elems ? elems + (size_t)f->next * elem_size(a) : NULL;
    }
    if (f->type == FR_ARR)
        return f->base + a->offset + f->next * elem_size(a);
    return f->base + a->offset;
}

/* Where the value is, for messages: "attribute 'x' of class 'C'" or "element 3 of ...". */
static const char *what(const sgio_frame *f, char *buf, size_t size)
{
    const sg_attr *a = frame_attr(f);

    if (f->type == FR_ARR)
        snprintf(buf, size, "element %u of attribute '%s' of class '%s'", f->next, a->name,
                 f->cls->name);
    else
        snprintf(buf, size, "attribute '%s' of class '%s'", a->name, f->cls->name);
    return buf;
}

/* A value has been stored for frame 'f': an object waits for its next key, an array for its
 * next element. */
static void value_done(sgio_frame *f)
{
    if (f->type == FR_ARR)
        f->next++;
    else
        f->pending = PENDING_KEY;
}

/* ---- scalars ---------------------------------------------------------------------------- */

static bool is_null(const sgio_text *s)
{
    if (s->quoted)
        return false;
    return s->len == 0 || (s->len == 1 && s->text[0] == '~') ||
           (s->len == 4 && (memcmp(s->text, "null", 4) == 0 || memcmp(s->text, "Null", 4) == 0 ||
                            memcmp(s->text, "NULL", 4) == 0));
}

static bool word_is(const sgio_text *s, const char *w)
{
    return s->len == strlen(w) && memcmp(s->text, w, s->len) == 0;
}

/* A plain true / false (YAML 1.2 core spellings) in '*b'. */
static bool parse_bool(const sgio_text *s, bool *b)
{
    if (s->quoted)
        return false;
    if (word_is(s, "true") || word_is(s, "True") || word_is(s, "TRUE"))
        return *b = true, true;
    if (word_is(s, "false") || word_is(s, "False") || word_is(s, "FALSE"))
        return *b = false, true;
    return false;
}

/* A plain integer: optional sign, then decimal digits or 0x and hex digits. Its magnitude in
 * '*mag' and sign in '*neg'; false when it is not one or the magnitude exceeds 2^64-1 ('*over'
 * true then). */
static bool parse_int(const sgio_text *s, bool *neg, uint64_t *mag, bool *over)
{
    const char *p = s->text, *end = s->text + s->len;
    unsigned base = 10;
    uint64_t v = 0;

    *neg = false;
    *over = false;
    if (s->quoted || p == end)
        return false;
    if (*p == '-' || *p == '+')
        *neg = *p++ == '-';
    if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        base = 16, p += 2;
    if (p == end)
        return false;
    for (; p < end; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a' + 10);
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            d = (unsigned)(*p - 'A' + 10);
        else
            return false;
        if (v > UINT64_MAX / base || (v == UINT64_MAX / base && d > UINT64_MAX % base))
            *over = true;
        else
            v = v * base + d;
    }
    *mag = v;
    return !*over;
}

/* A plain decimal without exponent ("-12.375") whose digits, read as an integer m, are at
 * most 2^53 and whose fraction has k <= 22 digits: m and 10^k are exact doubles, so m / 10^k is
 * the correctly rounded value, what strtod gives, without strtod. False for anything else. */
static bool fast_decimal(const char *t, size_t n, double *out)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = t, *end = t + n;
    bool neg = false, digits = false, frac = false;
    uint64_t m = 0;
    size_t k = 0;

    if (p < end && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    for (; p < end; p++) {
        if (*p == '.' && !frac) {
            frac = true;
            continue;
        }
        if (*p < '0' || *p > '9')
            return false;
        m = m * 10 + (uint64_t)(*p - '0');
        if (m > (uint64_t)1 << 53)
            return false;
        digits = true;
        k += frac;
    }
    if (!digits || k >= sizeof p10 / sizeof *p10)
        return false;
    *out = neg ? -((double)m / p10[k]) : (double)m / p10[k];
    return true;
}

/* A float: a plain number (decimal, fraction, exponent), .inf / -.inf / .nan in YAML's
 * spellings, or the strings "inf", "-inf", "nan" that the JSON writer uses. */
static bool parse_float(const sgio_text *s, double *out)
{
    char buf[128];
    const char *t = s->text;
    size_t n = s->len;
    bool neg = false;
    char *end;

    if (s->quoted) {
        if (word_is(s, "inf"))
            return *out = INFINITY, true;
        if (word_is(s, "-inf"))
            return *out = -INFINITY, true;
        if (word_is(s, "nan"))
            return *out = NAN, true;
        return false;
    }
    if (n == 0 || n >= sizeof buf)
        return false;
    if (fast_decimal(t, n, out))
        return true;
    if (*t == '-' || *t == '+') {
        neg = *t == '-';
        if (n > 1 && t[1] == '.') {
            sgio_text rest = {t + 1, n - 1, false};
            if (word_is(&rest, ".inf") || word_is(&rest, ".Inf") || word_is(&rest, ".INF"))
                return *out = neg ? -INFINITY : INFINITY, true;
        }
    }
    if (word_is(s, ".inf") || word_is(s, ".Inf") || word_is(s, ".INF"))
        return *out = INFINITY, true;
    if (word_is(s, ".nan") || word_is(s, ".NaN") || word_is(s, ".NAN"))
        return *out = NAN, true;
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789+-.eE", t[i]))
            return false;
    memcpy(buf, t, n);
    buf[n] = '\0';
    errno = 0;
    *out = strtod(buf, &end);
    return end == buf + n && end != buf && !(errno == ERANGE && isinf(*out));
}

static const struct {
    int64_t lo;
    int64_t hi;
    uint64_t uhi;
} int_range[] = {
    [SG_K_I8] = {INT8_MIN, INT8_MAX, 0},      [SG_K_I16] = {INT16_MIN, INT16_MAX, 0},
    [SG_K_I32] = {INT32_MIN, INT32_MAX, 0},   [SG_K_I64] = {INT64_MIN, INT64_MAX, 0},
    [SG_K_U8] = {0, 0, UINT8_MAX},            [SG_K_U16] = {0, 0, UINT16_MAX},
    [SG_K_U32] = {0, 0, UINT32_MAX},          [SG_K_U64] = {0, 0, UINT64_MAX},
};

static bool is_signed_kind(sg_kind k)
{
    return k == SG_K_I8 || k == SG_K_I16 || k == SG_K_I32 || k == SG_K_I64;
}

/* Stores an integer scalar into a member of kind 'k' ('size' bytes): SG_OK, SG_ETYPE (not an
 * integer), SG_ERANGE. */
static sg_status store_integer(char *p, sg_kind k, uint32_t size, const sgio_text *s)
{
    bool neg, over;
    uint64_t mag;

    if (!parse_int(s, &neg, &mag, &over))
        return over ? SG_ERANGE : SG_ETYPE;
    if (is_signed_kind(k)) {
        int64_t v;
        if (neg ? mag > (uint64_t)INT64_MAX + 1 : mag > (uint64_t)INT64_MAX)
            return SG_ERANGE;
        v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
        if (v < int_range[k].lo || v > int_range[k].hi)
            return SG_ERANGE;
        sg_object_write_uint(p, size, (uint64_t)v);
        return SG_OK;
    }
    if (neg && mag != 0)
        return SG_ERANGE;
    if (mag > int_range[k].uhi)
        return SG_ERANGE;
    sg_object_write_uint(p, size, mag);
    return SG_OK;
}

static sg_status store_float(char *p, sg_kind k, const sgio_text *s)
{
    double d;

    if (!parse_float(s, &d))
        return SG_ETYPE;
    if (k == SG_K_F32) {
        float f = (float)d;
        if (isinf(f) && !isinf(d))
            return SG_ERANGE;
        /* (float)d rounds twice (the text to a double, then to a float), which can miss
         * the float nearest to the text by one ulp (7.038531e-26): unless d is a float
         * already (then it is the nearest), read the text as strtof does, as the writer
         * checks its digits and as slotgen reads an f32 default. parse_float accepted it:
         * a plain number under 128 bytes. */
        if (isfinite(d) && (double)f != d) {
            char buf[128];
            memcpy(buf, s->text, s->len);
            buf[s->len] = '\0';
            f = strtof(buf, NULL);
        }
        memcpy(p, &f, sizeof f);
    } else {
        memcpy(p, &d, sizeof d);
    }
    return SG_OK;
}

static sg_status store_string(char *p, const sgio_text *s)
{
    char *old, *copy = NULL;

    if (!is_null(s)) {
        if (strlen(s->text) != s->len)
            return SG_EINVAL;
        copy = sg_str_dup(s->text);
        if (!copy)
            return SG_ENOMEM;
    }
    memcpy(&old, p, sizeof old);
    sg_str_free(old);
    memcpy(p, &copy, sizeof copy);
    return SG_OK;
}

static sg_status store_chars(char *p, uint32_t n, const sgio_text *s)
{
    if (is_null(s)) {
        memset(p, 0, n);
        return SG_OK;
    }
    if (memchr(s->text, '\0', s->len))
        return SG_EINVAL;
    if (s->len > n - 1)
        return SG_ERANGE;
    memcpy(p, s->text, s->len);
    memset(p + s->len, 0, n - s->len);
    return SG_OK;
}

static sg_status store_enum(char *p, const sg_attr *a, const sgio_text *s)
{
    const sg_enum *e = a->enm;
    uint32_t size = elem_size(a);
    static const sg_kind by_size[] = {SG_K_I8, SG_K_I8, SG_K_I16, SG_K_I16, SG_K_I32,
                                      SG_K_I32, SG_K_I32, SG_K_I32, SG_K_I64};

    /* A value that is no member (say 0 where no member is 0) is saved as its number. */
    if (!s->quoted && size <= 8 && store_integer(p, by_size[size], size, s) == SG_OK)
        return SG_OK;

    for (uint32_t i = 0; i < e->count; i++) {
        if (word_is(s, e->members[i].name)) {
            sg_object_write_uint(p, size, (uint64_t)e->members[i].value);
            return SG_OK;
        }
    }
    return SG_ETYPE;
}

/* A flag set from a scalar: an integer whose bits are all members, or "a|b" (member names
 * joined by '|', "" for the empty set). */
static sg_status store_flags(char *p, const sg_attr *a, const sgio_text *s)
{
    uint64_t set = 0, all = 0;

    for (uint32_t i = 0; i < a->enm->count; i++)
        all |= (uint64_t)a->enm->members[i].value;
    if (!s->quoted && store_integer((char *)&set, SG_K_U64, 8, s) == SG_OK) {
        if (set & ~all)
            return SG_ETYPE;
    } else if (strlen(s->text) != s->len || sg_flags_parse(a->enm, s->text, &set) != SG_OK) {
        return SG_ETYPE;
    }
    sg_object_write_uint(p, elem_size(a), set);
    return SG_OK;
}

/* Stores scalar 's' as the value next in frame 'f'. Returns SG_OK or the error's status,
 * with the kind of value expected in '*expect'. */
static sg_status store_scalar(sgio_frame *f, const sgio_text *s, const char **expect)
{
    const sg_attr *a = frame_attr(f);
    char *p = value_place(f);
    bool b;

    *expect = sg_kind_name(a->kind);
    switch (a->kind) {
    case SG_K_BOOL:
        if (!parse_bool(s, &b))
            return SG_ETYPE;
        memcpy(p, &b, sizeof b);
        return SG_OK;
    case SG_K_CHAR:
        *expect = "char (one character, or a code 0-255)";
        if (!s->quoted && store_integer(p, SG_K_U8, 1, s) == SG_OK)
            return SG_OK;
        if (s->len != 1 || (!s->quoted && is_null(s)) || s->text[0] == '\0')
            return SG_ETYPE;
        *p = s->text[0];
        return SG_OK;
    case SG_K_I8: case SG_K_I16: case SG_K_I32: case SG_K_I64:
    case SG_K_U8: case SG_K_U16: case SG_K_U32: case SG_K_U64:
        return store_integer(p, a->kind, elem_size(a), s);
    case SG_K_F32: case SG_K_F64:
        return store_float(p, a->kind, s);
    case SG_K_STRING:
        return store_string(p, s);
    case SG_K_CHARS:
        return store_chars(p, elem_size(a), s);
    case SG_K_ENUM:
        *expect = a->enm->name;
        return store_enum(p, a, s);
    case SG_K_FLAGS:
        *expect = a->enm->name;
        return store_flags(p, a, s);
    case SG_K_REF:
        *expect = "null (refs are not loaded)";
        if (!is_null(s))
            return SG_ETYPE;
        memset(p, 0, sizeof(void *));
        return SG_OK;
    default:
        return SG_ETYPE;
    }
}

/* The name of the enum's members, "a, b, c", for the message of a wrong member. */
static void member_list(const sg_enum *e, char *buf, size_t size)
{
    size_t n = 0;

    buf[0] = '\0';
    for (uint32_t i = 0; i < e->count && n + 1 < size; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", e->members[i].name);
        if (w < 0)
            break;
        n += (size_t)w;
    }
}

static void scalar_error(sgio_loader *L, sgio_frame *f, const sgio_text *s, sg_status st,
                         const char *expect, unsigned line, unsigned col)
{
    char where[300], got[80], members[200];
    const sg_attr *a = frame_attr(f);

    what(f, where, sizeof where);
    quote(got, sizeof got, s);
    if (st == SG_ENOMEM) {
        nomem(L, line, col);
    } else if (st == SG_EINVAL) {
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col, "%s must not contain a NUL byte",
                   where);
    } else if (a->kind == SG_K_CHARS && st == SG_ERANGE) {
        data_error(L, SG_DIAG_DATA, SG_ERANGE, line, col,
                   "%s holds at most %u bytes, got %zu bytes", where, elem_size(a) - 1, s->len);
    } else if (a->kind == SG_K_FLAGS) {
        member_list(a->enm, members, sizeof members);
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "%s must be a set of flags '%s' (%s): a sequence of names, \"a|b\" or an "
                   "integer, got %s'%s'", where, a->enm->name, members,
                   s->quoted ? "the string " : "", got);
    } else if (a->kind == SG_K_ENUM) {
        member_list(a->enm, members, sizeof members);
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "%s must be a member of enum '%s' (%s), got '%s'", where, a->enm->name,
                   members, got);
    } else {
        data_error(L, SG_DIAG_DATA, st, line, col, "%s must be a%s %s, got %s'%s'", where,
                   strchr("aeio", expect[0]) ? "n" : "", expect,
                   s->quoted ? "the string " : "", got);
    }
}

/* One member name in a flag set's sequence (frame 'f'). */
static void flags_member(sgio_loader *L, sgio_frame *f, const sgio_text *s, unsigned line,
                         unsigned col)
{
    const sg_attr *a = frame_attr(f);
    char members[200], got[80];
    uint32_t size = elem_size(a);
    uint64_t set = 0;

    for (uint32_t i = 0; i < a->enm->count; i++) {
        if (word_is(s, a->enm->members[i].name)) {
            set = sg_object_read_unsigned(f->base, size);
            sg_object_write_uint(f->base, size, set | (uint64_t)a->enm->members[i].value);
            return;
        }
    }
    member_list(a->enm, members, sizeof members);
    quote(got, sizeof got, s);
    data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
               "a member of flag set '%s' (attribute '%s' of class '%s') must be one of %s, "
               "got '%s'", a->enm->name, a->name, f->cls->name, members, got);
}

/* ---- dynamic attributes --------------------------------------------------------------- */

/* The value a plain or quoted scalar gives a dynamic attribute. */
static sg_value dyn_value(const sgio_loader *L, const sgio_text *s)
{
    bool b, neg, over;
    uint64_t mag;
    double d;

    if (s->quoted)
        return sg_str(L->key + strlen(L->key) + 1);
    if (is_null(s))
        return sg_none();
    if (parse_bool(s, &b))
        return sg_bool(b);
    if (parse_int(s, &neg, &mag, &over)) {
        if (!neg && mag > (uint64_t)INT64_MAX)
            return sg_uint(mag);
        if (!neg || mag <= (uint64_t)INT64_MAX + 1)
            return sg_int(neg ? (int64_t)(0 - mag) : (int64_t)mag);
    }
    if (parse_float(s, &d))
        return sg_float(d);
    return sg_str(L->key + strlen(L->key) + 1);
}

/* Keeps the key and, after its NUL, the scalar's text in L->key. */
static bool keep_text(sgio_loader *L, size_t at, const sgio_text *s)
{
    if (at + s->len + 1 > L->cap_key) {
        size_t cap = L->cap_key;
        char *k = grow(L->key, &cap, at, 1, at + s->len + 1);
        if (!k)
            return false;
        L->key = k;
        L->cap_key = cap;
    }
    memcpy(L->key + at, s->text, s->len);
    L->key[at + s->len] = '\0';
    return true;
}

static void dyn_scalar(sgio_loader *L, sgio_frame *f, const sgio_text *s, unsigned line,
                       unsigned col)
{
    size_t klen = strlen(L->key);
    sg_status st;

    if (memchr(s->text, '\0', s->len)) {
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "dynamic attribute '%s' of class '%s' must not contain a NUL byte", L->key,
                   f->cls->name);
        return;
    }
    if (!keep_text(L, klen + 1, s)) {
        nomem(L, line, col);
        return;
    }
    st = sg_setattr(f->cls, f->base, L->key, dyn_value(L, s));
    if (st == SG_ENOMEM) {
        nomem(L, line, col);
        return;
    }
    if (st != SG_OK) {
        data_error(L, SG_DIAG_DATA, st, line, col, "dynamic attribute '%s' of class '%s': %s",
                   L->key, f->cls->name, sg_strerror(st));
        return;
    }
    f->pending = PENDING_KEY;
}

/* ---- keys ------------------------------------------------------------------------------- */

static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t row[64];

    if (la >= 64 || lb >= 64)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The declared name closest to 'name' within a third of its length (at least 1), or NULL. */
static const char *nearest(const sg_class *cls, const char *name, size_t len)
{
    const char *best = NULL;
    size_t best_d = len / 3 > 1 ? len / 3 : 1;

    best_d++;
    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const char *n = cls->attrs[i].name;
        size_t d = edit_distance(name, len, n, strlen(n));
        if (d < best_d)
            best = n, best_d = d;
    }
    return best;
}

/* The index of the declared attribute 'name' of frame 'f''s class, or -1. Keys usually come
 * in declaration order (the writers' order), so the attribute after the last key found is
 * tried first, then sg_class_find's binary search. */
static int find_attr(sgio_frame *f, const char *name, size_t len)
{
    const sg_class *cls = f->cls;
    int i;

    if (f->next < cls->nattrs) {
        const char *guess = cls->attrs[f->next].name;
        if (strncmp(guess, name, len) == 0 && guess[len] == '\0') {
            i = (int)f->next++;
            return i;
        }
    }
    i = sg_class_find(cls, name, len);
    if (i >= 0)
        f->next = (uint32_t)i + 1;
    return i;
}

static void on_key(sgio_loader *L, sgio_frame *f, const sgio_text *s, unsigned line,
                   unsigned col)
{
    char got[80];
    int i = memchr(s->text, '\0', s->len) ? -1 : find_attr(f, s->text, s->len);
    unsigned char *seen = L->seen ? L->seen + f->seen : NULL; /* NULL: no declared attribute */
    sg_value v;

    if (i >= 0) {
        if (seen[i / 8] & (1u << (i % 8))) {
            quote(got, sizeof got, s);
            data_error(L, SG_DIAG_DATA, SG_EINVAL, line, col,
                       "duplicate key '%s' in an object of class '%s'", got, f->cls->name);
            return;
        }
        seen[i / 8] = (unsigned char)(seen[i / 8] | (1u << (i % 8)));
        f->pending = i;
        return;
    }
    quote(got, sizeof got, s); /* the rest is rare: an unknown or a dynamic attribute */
    if (f->cls->slotted || memchr(s->text, '\0', s->len)) {
        const char *near = nearest(f->cls, s->text, s->len);
        if (near)
            data_error(L, SG_DIAG_DATA, SG_ENOATTR, line, col,
                       "class '%s' has no attribute '%s' (did you mean '%s'?)", f->cls->name,
                       got, near);
        else
            data_error(L, SG_DIAG_DATA, SG_ENOATTR, line, col,
                       "class '%s' has no attribute '%s'", f->cls->name, got);
        return;
    }
    if (!keep_text(L, 0, s)) {
        nomem(L, line, col);
        return;
    }
    if (sg_getattr(f->cls, f->base, L->key, &v) == SG_OK) {
        data_error(L, SG_DIAG_DATA, SG_EINVAL, line, col,
                   "duplicate key '%s' in an object of class '%s'", got, f->cls->name);
        return;
    }
    f->pending = PENDING_DYN;
}

/* ---- events ----------------------------------------------------------------------------- */

void sgio_loader_init(sgio_loader *L, const sg_io_input *in, const sg_class *cls, void *obj,
                      sg_io_each_fn fn, void *ud, sg_diag *diag)
{
    memset(L, 0, sizeof *L);
    L->cls = cls;
    L->in = in;
    L->name = in->name ? in->name : in->path && !in->text && !in->file ? in->path : "<input>";
    L->fn = fn;
    L->ud = ud;
    L->obj = obj;
    L->diag = diag;
    if (diag)
        memset(diag, 0, sizeof *diag);
}

sg_status sgio_loader_finish(sgio_loader *L)
{
    if (L->status == SG_OK && L->done)
        L->obj_live = false; /* the one object loaded: the caller's now */
    destroy_object(L);
    sg_dealloc(L->frames, L->cap_frames * sizeof *L->frames);
    sg_dealloc(L->seen, L->cap_seen);
    sg_dealloc(L->key, L->cap_key);
    L->frames = NULL;
    L->seen = NULL;
    L->key = NULL;
    return L->status;
}

/* "[N]" for a fixed array, "[]" for a list, in messages. */
static const char *seq_suffix(const sg_attr *a, char *buf, size_t size)
{
    if (is_list(a))
        snprintf(buf, size, "[]");
    else
        snprintf(buf, size, "[%u]", a->count);
    return buf;
}

static const char *node_name(bool map)
{
    return map ? "a mapping" : "a sequence";
}

/* The next element of list frame 'f' gets its storage: a zero element appended with
 * sg_list_append (an embedded object then initialized in place, defaults included), which
 * value_place then addresses. False after reporting the error. */
static bool list_slot(sgio_loader *L, sgio_frame *f, unsigned line, unsigned col)
{
    static const unsigned char zeros[64];
    const sg_attr *a = frame_attr(f);
    uint32_t es = elem_size(a);
    unsigned char *tmp = NULL;
    sg_status st;

    if (!is_list(a))
        return true;
    if (es > sizeof zeros) {
        tmp = sg_alloc(es);
        if (!tmp) {
            nomem(L, line, col);
            return false;
        }
        memset(tmp, 0, es);
    }
    st = sg_list_append(a, f->base, tmp ? tmp : zeros);
    if (tmp)
        sg_dealloc(tmp, es);
    if (st == SG_OK && a->kind == SG_K_CLASS)
        st = init_object(L, a->cls, value_place(f));
    if (st == SG_ENOMEM) {
        nomem(L, line, col);
        return false;
    }
    if (st != SG_OK) {
        data_error(L, SG_DIAG_DATA, st, line, col,
                   "attribute '%s' of class '%s' cannot hold more elements", a->name,
                   f->cls->name);
        return false;
    }
    return true;
}

/* A top-level object begins (its mapping opened at depth 1 or 2). */
static void begin_object(sgio_loader *L, unsigned line, unsigned col)
{
    sg_status st = init_object(L, L->cls, L->obj);

    if (st != SG_OK) {
        memset(L->obj, 0, L->cls->size);
        nomem(L, line, col);
        return;
    }
    L->obj_live = true;
    if (!push(L, FR_OBJ, L->cls, L->obj, line, col))
        nomem(L, line, col);
}

/* A value that is a mapping or a sequence, in frame 'f'. */
static void begin_value(sgio_loader *L, sgio_frame *f, bool map, unsigned line, unsigned col)
{
    char where[300];
    const sg_attr *a;
    char *p;

    if (f->type == FR_OBJ && f->pending == PENDING_KEY) {
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "a key must be a scalar, got %s (in an object of class '%s')",
                   node_name(map), f->cls->name);
        return;
    }
    if (f->type == FR_OBJ && f->pending == PENDING_DYN) {
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "dynamic attribute '%s' of class '%s' must be a scalar, got %s", L->key,
                   f->cls->name, node_name(map));
        return;
    }
    if (f->type == FR_FLAGS) {
        a = frame_attr(f);
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "a member of flag set '%s' (attribute '%s' of class '%s') must be a name, "
                   "got %s", a->enm->name, a->name, f->cls->name, node_name(map));
        return;
    }
    a = frame_attr(f);
    if (f->type == FR_ARR && !is_list(a) && f->next >= a->count) {
        data_error(L, SG_DIAG_DATA, SG_ERANGE, line, col,
                   "attribute '%s' of class '%s' holds at most %u elements", a->name,
                   f->cls->name, a->count);
        return;
    }
    if (f->type == FR_ARR && (map ? a->kind == SG_K_CLASS : a->kind == SG_K_FLAGS) &&
        !list_slot(L, f, line, col))
        return;
    p = value_place(f);
    if (map && a->kind == SG_K_CLASS && (f->type == FR_ARR || !is_seq(a))) {
        /* an optional embedded object given as a mapping is present (else it would read
         * back unset and sg_object_destroy would skip what it holds) */
        if (f->type == FR_OBJ && a->presence >= 0)
            set_present(f->cls, f->base, a, true);
        if (!push(L, FR_OBJ, a->cls, p, line, col))
            nomem(L, line, col);
        return;
    }
    if (!map && f->type == FR_OBJ && is_seq(a)) {
        if (a->presence >= 0)
            set_present(f->cls, f->base, a, true);
        if (is_list(a))
            sg_list_clear(a, f->base);
        if (!push(L, FR_ARR, f->cls, f->base, line, col))
            nomem(L, line, col);
        else
            top(L)->attr = f->pending;
        return;
    }
    if (!map && a->kind == SG_K_FLAGS) {
        int attr = f->type == FR_OBJ ? f->pending : f->attr;
        if (f->type == FR_OBJ && a->presence >= 0)
            set_present(f->cls, f->base, a, true);
        memset(p, 0, elem_size(a));
        if (!push(L, FR_FLAGS, f->cls, p, line, col)) {
            nomem(L, line, col);
        } else {
            top(L)->attr = attr;
        }
        return;
    }
    what(f, where, sizeof where); /* only here, where an error follows: not for every value */
    if (f->type == FR_OBJ && is_seq(a))
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "%s must be a sequence (%s%s), got %s", where, sg_kind_name(a->kind),
                   seq_suffix(a, (char[16]){0}, 16), node_name(map));
    else if (a->kind == SG_K_CLASS)
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "%s must be a mapping (class '%s'), got %s", where, a->cls->name,
                   node_name(map));
    else if (a->kind == SG_K_FLAGS)
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "%s must be a set of flags '%s': a sequence of names, \"a|b\" or an "
                   "integer, got %s", where, a->enm->name, node_name(map));
    else
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col, "%s must be a%s %s, got %s", where,
                   strchr("aeio", sg_kind_name(a->kind)[0]) ? "n" : "",
                   a->kind == SG_K_ENUM ? a->enm->name : sg_kind_name(a->kind),
                   node_name(map));
}

void sgio_begin(sgio_loader *L, bool map, unsigned line, unsigned col)
{
    sgio_frame *f;

    if (L->stop)
        return;
    L->depth++;
    if (L->depth > SG_IO_MAX_DEPTH) {
        /* even while skipping: libyaml's cost grows with the depth squared */
        sgio_fail(L, SG_DIAG_SYNTAX, SG_EINVAL, line, col, "nesting deeper than %d levels",
                  SG_IO_MAX_DEPTH);
        return;
    }
    if (L->skip_to)
        return;
    f = top(L);
    if (f) {
        begin_value(L, f, map, line, col);
        return;
    }
    if (L->depth == 1 && map) {
        begin_object(L, line, col);
    } else if (L->depth == 1 && L->fn) {
        L->stream = true;
    } else if (L->depth == 2 && map) {
        begin_object(L, line, col);
    } else if (L->depth == 1) {
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "expected a mapping (an object of class '%s'), got a sequence", L->cls->name);
    } else {
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "element %zu of the top-level sequence must be a mapping (an object of "
                   "class '%s'), got a sequence", L->index, L->cls->name);
    }
}

/* The required attributes the object of frame 'f' has not seen: an error for the first. */
static bool check_required(sgio_loader *L, const sgio_frame *f)
{
    const unsigned char *seen = L->seen ? L->seen + f->seen : NULL;

    for (uint32_t i = 0; i < f->cls->nattrs; i++) {
        const sg_attr *a = &f->cls->attrs[i];
        if (seen[i / 8] & (1u << (i % 8)) || !is_required(a))
            continue;
        data_error(L, SG_DIAG_DATA, SG_ENOATTR, f->line, f->col,
                   "object of class '%s' lacks required attribute '%s'", f->cls->name,
                   a->name);
        return false;
    }
    return true;
}

/* The top-level object is complete: hands it over. */
static void deliver(sgio_loader *L)
{
    if (L->fn) {
        L->obj_live = false;
        if (L->fn(L->ud, L->obj, NULL) != SG_IO_CONTINUE)
            L->stop = true;
        memset(L->obj, 0, L->cls->size);
        L->index++;
    }
    if (!L->fn || L->depth == 0) /* the top-level node was this object */
        L->done = true;
}

void sgio_end(sgio_loader *L, unsigned line, unsigned col)
{
    sgio_frame *f;

    (void)line;
    (void)col;
    if (L->stop)
        return;
    L->depth--;
    if (L->skip_to) {
        if (L->depth == L->skip_to) {
            L->skip_to = 0;
            L->index++;
        }
        return;
    }
    f = top(L);
    if (!f) {
        if (L->depth == 0)
            L->done = true;
        return;
    }
    if (f->type == FR_OBJ && !check_required(L, f))
        return;
    pop(L);
    if (top(L))
        value_done(top(L));
    else
        deliver(L);
}

void sgio_scalar(sgio_loader *L, const sgio_text *s, unsigned line, unsigned col)
{
    sgio_frame *f;
    const char *expect;
    sg_status st;

    if (L->stop || L->skip_to)
        return;
    f = top(L);
    if (!f) {
        if (L->depth == 0)
            data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                       "expected a mapping (an object of class '%s'), got a scalar",
                       L->cls->name);
        else
            data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                       "element %zu of the top-level sequence must be a mapping (an object of "
                       "class '%s'), got a scalar", L->index, L->cls->name);
        return;
    }
    if (f->type == FR_OBJ && f->pending == PENDING_KEY) {
        on_key(L, f, s, line, col);
        return;
    }
    if (f->type == FR_OBJ && f->pending == PENDING_DYN) {
        dyn_scalar(L, f, s, line, col);
        return;
    }
    if (f->type == FR_FLAGS) {
        flags_member(L, f, s, line, col);
        return;
    }
    if (f->type == FR_ARR && !is_list(frame_attr(f)) && f->next >= frame_attr(f)->count) {
        data_error(L, SG_DIAG_DATA, SG_ERANGE, line, col,
                   "attribute '%s' of class '%s' holds at most %u elements",
                   frame_attr(f)->name, f->cls->name, frame_attr(f)->count);
        return;
    }
    if (f->type == FR_OBJ) {
        const sg_attr *a = frame_attr(f);
        if (a->presence >= 0 && is_null(s)) {
            set_present(f->cls, f->base, a, false);
            value_done(f);
            return;
        }
        if (is_seq(a) || a->kind == SG_K_CLASS) {
            char where[300], got[80], suffix[16];
            what(f, where, sizeof where);
            quote(got, sizeof got, s);
            if (is_seq(a))
                data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                           "%s must be a sequence (%s%s), got '%s'", where,
                           (a->kind == SG_K_ENUM || a->kind == SG_K_FLAGS) ? a->enm->name
                                                                         : sg_kind_name(a->kind),
                           seq_suffix(a, suffix, sizeof suffix), got);
            else
                data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                           "%s must be a mapping (class '%s'), got '%s'", where, a->cls->name,
                           got);
            return;
        }
        if (a->presence >= 0)
            set_present(f->cls, f->base, a, true);
    } else if (frame_attr(f)->kind == SG_K_CLASS) {
        char where[300], got[80];
        what(f, where, sizeof where);
        quote(got, sizeof got, s);
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "%s must be a mapping (class '%s'), got '%s'", where,
                   frame_attr(f)->cls->name, got);
        return;
    } else if (!list_slot(L, f, line, col)) {
        return;
    }
    st = store_scalar(f, s, &expect);
    if (st != SG_OK) {
        scalar_error(L, f, s, st, expect, line, col);
        return;
    }
    value_done(f);
}

void sgio_eof(sgio_loader *L, unsigned line, unsigned col)
{
    if (L->stop)
        return;
    if (L->depth > 0) {
        sgio_fail(L, SG_DIAG_SYNTAX, SG_EINVAL, line, col, "unexpected end of input");
        return;
    }
    if (!L->done) /* no document at all (a stream of none is written []) */
        data_error(L, SG_DIAG_DATA, SG_ETYPE, line, col,
                   "expected a mapping (an object of class '%s')%s, got an empty input",
                   L->cls->name, L->fn ? " or a sequence of them" : "");
}

/* ---- inputs and entry points ------------------------------------------------------------ */

bool sgio_open(sgio_loader *L, FILE **fp, bool *owned)
{
    const sg_io_input *in = L->in;

    *fp = NULL;
    *owned = false;
    if (in->text)
        return true;
    if (in->file) {
        *fp = in->file;
        return true;
    }
    if (!in->path) {
        sgio_fail(L, SG_DIAG_IO, SG_EINVAL, 0, 0, "no input (text, file or path)");
        return false;
    }
    *fp = fopen(in->path, "rb");
    if (!*fp) {
        sgio_fail(L, SG_DIAG_IO, SG_EINVAL, 0, 0, "cannot open: %s", strerror(errno));
        return false;
    }
    *owned = true;
    return true;
}

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

void sgio_locale_enter(sgio_locale *g)
{
    pthread_once(&c_locale_once, make_c_locale);
    g->saved = c_locale ? uselocale(c_locale) : (locale_t)0;
}

void sgio_locale_leave(sgio_locale *g)
{
    if (g->saved)
        uselocale(g->saved);
}

static sg_status run(sgio_loader *L)
{
    sgio_locale g;

    sgio_locale_enter(&g);
    if (L->in->format == SG_IO_JSON)
        sgio_json_run(L);
    else
        sgio_yaml_run(L);
    sgio_locale_leave(&g);
    return sgio_loader_finish(L);
}

/* A call with a NULL argument where one is needed: SG_EINVAL, said in '*diag' (NULL allowed)
 * as any other failure is, so a caller that prints it prints something true. */
static sg_status bad_arguments(sg_diag *diag, const char *what)
{
    if (diag) {
        memset(diag, 0, sizeof *diag);
        diag->kind = SG_DIAG_IO;
        diag->status = SG_EINVAL;
        diag->file = "<input>";
        snprintf(diag->message, sizeof diag->message, "no %s given (NULL)", what);
    }
    return SG_EINVAL;
}

sg_status sg_io_load(const sg_io_input *in, const sg_class *cls, void *obj, sg_diag *diag)
{
    sgio_loader L;

    if (!in || !cls || !obj)
        return bad_arguments(diag, !in ? "input" : !cls ? "class" : "object");
    sgio_loader_init(&L, in, cls, obj, NULL, NULL, diag);
    memset(obj, 0, cls->size);
    return run(&L);
}

sg_status sg_io_load_each(const sg_io_input *in, const sg_class *cls, sg_io_each_fn fn,
                          void *ud, sg_diag *diag)
{
    sgio_loader L;
    void *obj;
    sg_status st;

    if (!in || !cls || !fn)
        return bad_arguments(diag, !in ? "input" : !cls ? "class" : "callback");
    obj = sg_alloc(cls->size ? cls->size : 1);
    sgio_loader_init(&L, in, cls, obj, fn, ud, diag);
    if (!obj) {
        nomem(&L, 0, 0);
        return sgio_loader_finish(&L);
    }
    st = run(&L);
    sg_dealloc(obj, cls->size ? cls->size : 1);
    return st;
}

static sg_status load_text(sg_io_format fmt, const sg_class *cls, void *obj, const char *text,
                           size_t len, sg_diag *diag)
{
    sg_io_input in;

    memset(&in, 0, sizeof in);
    in.format = fmt;
    in.text = text ? text : "";
    in.len = text ? len : 0;
    return sg_io_load(&in, cls, obj, diag);
}

sg_status sg_yaml_load(const sg_class *cls, void *obj, const char *text, size_t len,
                       sg_diag *diag)
{
    return load_text(SG_IO_YAML, cls, obj, text, len, diag);
}

sg_status sg_json_load(const sg_class *cls, void *obj, const char *text, size_t len,
                       sg_diag *diag)
{
    return load_text(SG_IO_JSON, cls, obj, text, len, diag);
}

sg_io_format sg_io_format_of(const char *path)
{
    size_t n = path ? strlen(path) : 0;

    if (n >= 5 && (path[n - 5] == '.') && (path[n - 4] | 0x20) == 'j' &&
        (path[n - 3] | 0x20) == 's' && (path[n - 2] | 0x20) == 'o' && (path[n - 1] | 0x20) == 'n')
        return SG_IO_JSON;
    return SG_IO_YAML;
}

int sg_diag_print(const sg_diag *d, FILE *out)
{
    int r;

    if (!d || !out)
        return -1;
    if (d->line)
        r = fprintf(out, "%s:%u:%u: error: %s\n", d->file ? d->file : "<input>", d->line, d->col,
                    d->message);
    else
        r = fprintf(out, "%s: error: %s\n", d->file ? d->file : "<input>", d->message);
    return r < 0 ? -1 : 0;
}
