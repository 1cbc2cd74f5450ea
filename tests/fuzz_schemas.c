/*
 * fuzz_schemas.c - a grammar-aware generator of valid slotgen schemas and their test programs.
 *
 *     fuzz_schemas -o DIR [-s SEED] [-n SCHEMAS] [-f FIRST] [-k PER_BATCH] [-a CATEGORY]...
 *
 * Writes batches DIR/bNNNNNN/ of schema files (DIR/bNNNNNN/schemas/..., several files that
 * import each other, some in subdirectories, some with names that are not C identifiers), a
 * list of them (files), and test.c: a program that includes every generated header of the
 * batch and checks, class by class, every default right after T_init and T_new, every
 * attribute set through its typed setter and through T_setattr and read back through the
 * getter, T_getattr and iteration (sg_iter), presence bits, range errors, reflection offsets,
 * and frees everything (ASan's leak check sees the rest); at last the object with every
 * attribute set goes through libslotgen-io: saved as YAML and JSON, loaded back, T_equal, and
 * saved again to the same bytes (fuzz_check.h; refs are cleared first, see c_io_check). Values are exact: the generator
 * knows what it wrote (integers at the edges of their range, floats by their bits as strtod
 * and strtof read the text it wrote, strings by their UTF-8 bytes).
 *
 * Reproducible: batch b is generated from the 64-bit seed and b alone (splitmix64, then
 * xoshiro256**), so `-s SEED -f b -n PER_BATCH` regenerates exactly batch b, whatever ran
 * before. The same seed always gives the same files.
 *
 * Invariants of what it writes: every schema is valid per docs/schema.md (names of the C
 * library, of generated locals and GNU macros are given to classes only with a c_name, and
 * attributes named like the class's functions get one too), except for the hazards listed
 * in 'categories' below, which are constructs known slotgen defects broke, or that slotgen
 * refuses (bidi); each can be turned off with -a CATEGORY (tests/data/fuzz/AVOID). Within
 * one batch every generated C name (class and enum types with their prefix or c_name, enum
 * constants) is unique, so the whole batch links into one program; test.c includes the
 * standard headers first, sometimes with _GNU_SOURCE.
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- random numbers ---------------------------------------------------------------------- */

static uint64_t rs[4];

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void seed_rng(uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * UINT64_C(0xD1B54A32D192ED03));
    for (int i = 0; i < 4; i++)
        rs[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rnd(void)
{
    uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
    rs[2] ^= rs[0];
    rs[3] ^= rs[1];
    rs[1] ^= rs[2];
    rs[0] ^= rs[3];
    rs[2] ^= t;
    rs[3] = rotl(rs[3], 45);
    return r;
}

/* Uniform in [0, n). */
static unsigned below(unsigned n)
{
    return n ? (unsigned)(rnd() % n) : 0;
}

/* True with probability 1/n. */
static bool one_in(unsigned n)
{
    return below(n) == 0;
}

#define PICK(arr) (arr[below(sizeof arr / sizeof arr[0])])

/* ---- small utilities ------------------------------------------------------------------------ */

static void *xalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "fuzz_schemas: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xalloc(n), s, n);
}

/* The printf of 'f' and 'ap' in a new string; its length in '*len' when not NULL. */
static char *vfmt(size_t *len, const char *f, va_list ap) __attribute__((format(printf, 2, 0)));

static char *vfmt(size_t *len, const char *f, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, f, ap);
    char *s = xalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, f, again);
    va_end(again);
    if (len)
        *len = (size_t)n;
    return s;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(NULL, f, ap);
    va_end(ap);
    return s;
}

/* A growable byte string. */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void bput(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        char *q = xalloc(b->cap);
        if (b->p)
            memcpy(q, b->p, b->n);
        free(b->p);
        b->p = q;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void bprintf(buf *b, const char *f, ...) __attribute__((format(printf, 2, 3)));

static void bprintf(buf *b, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    size_t n;
    char *s = vfmt(&n, f, ap);
    va_end(ap);
    bput(b, s, n);
    free(s);
}

/* ---- hazard categories ---------------------------------------------------------------------- */

/* Valid constructs that known slotgen defects break; -a NAME avoids one. */
enum {
    CAT_GNU,       /* names that are macros in GNU C: linux, unix */
    CAT_LIBC,      /* names of the C library: strlen, index, RAND_MAX, FP_NAN, log, div_t ... */
    CAT_SGMACRO,   /* slotgen.h's own macros and guard: SG_OK, SG_PACKED, SLOTGEN_H ... */
    CAT_GENNAME,   /* generated names and locals: T_init, T_free, self, obj, v, i, name ... */
    CAT_LONG,      /* names of 250 to 600 characters */
    CAT_FILENAME,  /* file names that are not C identifiers; same base name in two dirs */
    CAT_F32EDGE,   /* f32 defaults 3.4028235e38, 1e-50, and texts strtof and strtod round apart */
    CAT_TRIGRAPH,  /* '??/' in docs */
    CAT_BIDI,      /* bidirectional controls in docs and strings */
    CAT_CHARSNULL, /* char[N] default written as null */
    CAT_OPTNULL,   /* an optional string set to NULL through its setter */
    CAT_COUNT
};

static const char *const cat_names[CAT_COUNT] = {
    "gnu", "libc", "sgmacro", "genname", "long", "filename", "f32edge", "trigraph", "bidi",
    "charsnull", "optnull",
};

static bool avoid[CAT_COUNT];

static bool use(int cat)
{
    return !avoid[cat];
}

/* ---- the model ------------------------------------------------------------------------------ */

typedef enum kind {
    K_BOOL, K_CHAR, K_I8, K_I16, K_I32, K_I64, K_U8, K_U16, K_U32, K_U64, K_F32, K_F64,
    K_STRING, K_CHARS, K_ENUM, K_CLASS, K_REF, K_FLAGS, K_COUNT
} kind;

static const char *const kind_spelling[] = {
    "bool", "char", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
    "string", "char", "", "", "", "",
};

static const char *const kind_ctype[] = {
    "bool", "char", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
    "uint32_t", "uint64_t", "float", "double", "const char *", "const char *", "", "", "", "",
};

static bool is_signed(kind k)
{
    return k >= K_I8 && k <= K_I64;
}

static bool is_unsigned(kind k)
{
    return k >= K_U8 && k <= K_U64;
}

static unsigned int_bits(kind k)
{
    return 8u << ((k - (is_signed(k) ? K_I8 : K_U8)));
}

struct sclass;
struct sfile;

typedef struct member {
    char *name;
    int64_t value;
} member;

typedef struct senum {
    char *name;   /* schema name */
    char *cname;  /* prefix + name */
    member *m;
    size_t nm;
    bool seq;     /* written as a sequence (values 0..n-1) */
    bool flags;   /* a flag set (language 1.1): values are bit numbers */
    struct sfile *file;
} senum;

/* One value of one element. */
typedef struct val {
    int64_t i;
    uint64_t u;      /* unsigned ints; float bits (f32 in the low 32 bits) */
    bool nan;
    bool b;
    char *s;         /* strings and char[N]: the bytes; NULL for a NULL string */
    size_t member;   /* enums: index of the member (when 'is_member') */
    bool is_member;
    void *ref;       /* refs: the target class, or NULL for a null ref */
} val;

typedef struct attr {
    char *name;
    char *c_name;       /* the attribute's c_name (its accessors' name), NULL when none */
    kind k;
    unsigned chars;     /* char[N]: N */
    unsigned count;     /* T[N] and char[N][M]: the number of elements, else 0 */
    bool list;          /* T[] (language 1.1): no default, not optional, count 0 */
    senum *e;
    struct sclass *c;
    bool optional;
    char *doc;
    char *type_text;
    char *default_text; /* YAML text of the default, NULL when none */
    val *def;           /* per element (count or 1) */
} attr;

typedef struct sclass {
    char *name;
    char *cname;        /* prefix + name, or the class's c_name as is */
    bool has_c_name;
    int id;             /* unique in the batch */
    bool slotted;
    int layout;         /* 0 compact, 1 declared, 2 packed */
    int layout_written; /* -1 not written */
    uint64_t est_size;  /* a rough size of the struct, to keep test objects small */
    int slots_written;  /* -1 not written */
    attr *a;
    size_t na;
    char *doc;
    struct sfile *file;
} sclass;

typedef struct sfile {
    char *path;         /* relative to the batch's schemas/ */
    char *base;         /* the file name without directory and .yaml */
    char *prefix;       /* "" when none */
    bool slots;
    int slots_written;
    char *doc;
    struct sfile **imports;
    size_t nimports;
    senum **enums;
    size_t nenums;
    sclass **classes;
    size_t nclasses;
    bool v11;           /* uses language 1.1 (lists, flag sets), so says 'slotgen: 1.1' */
    bool say11;         /* says 'slotgen: 1.1' anyway */
} sfile;

/* Every name generated in the batch, to keep C names unique. */
static char **used;
static size_t nused;

static void push(void ***arr, size_t *n, void *x)
{
    void **q = xalloc((*n + 1) * sizeof *q);
    if (*n)
        memcpy(q, *arr, *n * sizeof *q);
    free(*arr);
    q[(*n)++] = x;
    *arr = q;
}

/* Every class and enum C name of the batch, with its file. */
typedef struct typename_rec {
    const char *cname;
    const struct sfile *file;
} typename_rec;

static typename_rec *types_in_batch;
static size_t ntypes_in_batch;

static void type_add(const char *cname, const struct sfile *f)
{
    types_in_batch = realloc(types_in_batch, (ntypes_in_batch + 1) * sizeof *types_in_batch);
    types_in_batch[ntypes_in_batch].cname = cname;
    types_in_batch[ntypes_in_batch++].file = f;
}

/* The key two C names clash by: upper case, underscores dropped. */
static char *name_key(const char *s)
{
    char *k = xalloc(strlen(s) + 1), *p = k;
    for (; *s; s++)
        if (*s != '_')
            *p++ = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
    return k;
}

static bool key_used(const char *s)
{
    char *k = name_key(s);
    bool r = false;
    for (size_t i = 0; i < nused && !r; i++)
        r = strcmp(used[i], k) == 0;
    free(k);
    return r;
}

static void key_add(const char *s)
{
    push((void ***)&used, &nused, name_key(s));
}

/* ---- names ---------------------------------------------------------------------------------- */

static const char *const keywords[] = {
    "int", "char", "default", "auto", "register", "restrict", "inline", "goto", "switch",
    "while", "return", "sizeof", "typedef", "union", "volatile", "template", "this",
    "operator", "and", "or", "not", "xor", "bitand", "compl", "nullptr", "explicit",
    "mutable", "friend", "virtual", "typename", "namespace", "private", "alignas", "noexcept",
    "thread_local", "static_assert", "requires", "concept", "co_await", "char8_t", "export",
    "true", "false", "bool", "const", "struct", "enum", "static", "extern", "void",
};

static const char *const std_attr_names[] = {
    "NULL", "errno", "size_t", "uint32_t", "INT32_MAX", "INFINITY", "NAN", "EOF", "offsetof",
    "isnan", "assert", "int8_t", "SIZE_MAX", "UINT64_C", "HUGE_VAL",
};

static const char *const gnu_names[] = {"linux", "unix", "i386"};

static const char *const libc_type_names[] = {
    "strlen", "index", "log", "div_t", "max_align_t", "memcpy", "malloc", "abs", "exp",
    "sqrt", "strcmp", "free", "rand", "ldiv_t", "wchar_t_", "FILE", "jmp_buf",
};

static const char *const libc_attr_names[] = {
    "RAND_MAX", "FP_NAN", "FP_INFINITE", "EXIT_SUCCESS", "MB_CUR_MAX", "math_errhandling",
    "FP_ILOGB0", "M_PI", "HUGE_VALF", "strlen", "memcpy",
};

static const char *const sg_macros[] = {
    "SG_OK", "SG_PACKED", "SG_CACHE_INIT", "SG_ALIGNOF", "SG_ABI_VERSION", "SLOTGEN_H",
    "SG_ENOMEM", "SG_VERSION_STRING", "SG_K_REF", "SG_NONE",
};

static const char *const locals[] = {
    "self", "obj", "v", "i", "name", "out", "st", "n", "len", "fail", "e", "p", "s", "d", "a",
    "b", "c", "x", "rc", "it", "value", "members", "attrs",
};

static const char *const syll[] = {
    "ka", "lo", "mi", "ren", "tor", "vex", "qu", "zi", "bar", "fo", "op", "ul", "gh", "ix",
    "yw", "no", "de", "pa", "sta", "ct",
};

/* A random base: letters and digits, maybe with inner underscores, never a trailing '_'. */
static char *random_base(bool type)
{
    buf b = {0};
    int parts = 1 + (int)below(3);
    for (int i = 0; i < parts; i++) {
        const char *s = PICK(syll);
        char t[8];
        strcpy(t, s);
        if ((type && i == 0) || one_in(4))
            t[0] = (char)(t[0] - 32);
        if (i > 0 && one_in(3))
            bput(&b, "_", 1);
        bput(&b, t, strlen(t));
    }
    if (one_in(3))
        bprintf(&b, "%u", below(100));
    return b.p;
}

static char *long_name(bool type)
{
    buf b = {0};
    unsigned n = 250 + below(350);
    bput(&b, type ? "L" : "l", 1);
    while (b.n < n)
        bput(&b, "ong_name_", 9);
    bprintf(&b, "%u", below(1000));
    return b.p;
}

static bool is_attr_name(const char *n);

/* A class or enum name; C name (prefix + name) unique in the batch. Names of the C library,
 * of generated locals and GNU macros only for classes ('hazard' set: they need a c_name). */
static char *type_name(const sfile *f, bool *hazard)
{
    for (;;) {
        char *n;
        unsigned r = hazard ? below(40) : 4 + below(36);
        if (hazard)
            *hazard = r < 3;
        if (r == 0 && use(CAT_LIBC))
            n = xstrdup(PICK(libc_type_names));
        else if (r == 1 && use(CAT_GENNAME))
            n = xstrdup(PICK(locals));
        else if (r == 2 && use(CAT_GNU))
            n = xstrdup(PICK(gnu_names));
        else if (r == 3 && use(CAT_LONG))
            n = long_name(true);
        else
            n = random_base(true);
        char *c = fmt("%s%s", f->prefix, n);
        if (!key_used(c) && !key_used(n) && !is_attr_name(c)) {
            key_add(c);
            if (!*f->prefix)
                free(c);
            else
                key_add(n), free(c);
            return n;
        }
        free(c);
        free(n);
    }
}

/* Whether the header of 'f' includes that of 'g', itself or through imports. */
static bool includes(const sfile *f, const sfile *g)
{
    if (f == g)
        return true;
    for (size_t k = 0; k < f->nimports; k++)
        if (includes(f->imports[k], g))
            return true;
    return false;
}

/* Every attribute name of the batch: a later class or enum does not take one (see
 * attr_name_clashes). */
static char **attr_names;
static size_t nattr_names;

static bool is_attr_name(const char *n)
{
    for (size_t i = 0; i < nattr_names; i++)
        if (strcmp(attr_names[i], n) == 0)
            return true;
    return false;
}

/* Attribute names whose accessors would be the class's own functions: fine with a c_name. */
static const char *const needs_c_name[] = {"new", "free", "init", "destroy", "getattr",
                                           "setattr", "delattr", "class"};

/* Attribute names that make a generated name equal another (rejected, not what we test):
 * those of needs_c_name are generated only with a c_name, by attr_name. */
static bool attr_name_clashes(const sclass *c, const char *n)
{
    for (size_t i = 0; i < sizeof needs_c_name / sizeof needs_c_name[0]; i++)
        if (strcmp(n, needs_c_name[i]) == 0)
            return true;
    if (!strncmp(n, "set_", 4) || !strncmp(n, "has_", 4) || !strncmp(n, "clear_", 6) ||
        !strncmp(n, "sg_", 3) || (strlen(n) > 4 && !strcmp(n + strlen(n) - 4, "_mut")) ||
        n[strlen(n) - 1] == '_')
        return true;
    for (size_t i = 0; i < c->na; i++)
        if (strcmp(c->a[i].name, n) == 0)
            return true;
    /* A type of a file of the batch that this one's header does not include (directly or
     * through imports): only a program including both sees the two, and then only in the
     * unity build of the test, where it is not slotgen's business */
    for (size_t i = 0; i < ntypes_in_batch; i++)
        if (!includes(c->file, types_in_batch[i].file) &&
            strcmp(types_in_batch[i].cname, n) == 0)
            return true;
    return false;
}

static char *attr_name(const sclass *c, bool *need_c_name)
{
    *need_c_name = false;
    for (;;) {
        char *n;
        unsigned r = below(30);
        if (r == 10) {
            n = xstrdup(PICK(needs_c_name));
            bool dup = false;
            for (size_t i = 0; i < c->na; i++)
                dup = dup || strcmp(c->a[i].name, n) == 0;
            if (!dup) {
                *need_c_name = true;
                push((void ***)&attr_names, &nattr_names, n);
                return n;
            }
            free(n);
            continue;
        }
        if (r < 3)
            n = xstrdup(PICK(keywords));
        else if (r == 3)
            n = xstrdup(PICK(std_attr_names));
        else if (r == 4 && use(CAT_GNU))
            n = xstrdup(PICK(gnu_names));
        else if (r == 5 && use(CAT_LIBC))
            n = xstrdup(PICK(libc_attr_names));
        else if (r == 6 && use(CAT_SGMACRO))
            n = xstrdup(PICK(sg_macros));
        else if (r == 7 && use(CAT_GENNAME))
            n = one_in(3) ? fmt("%s_%s", c->cname, one_in(2) ? "init" : "free")
                          : xstrdup(PICK(locals));
        else if (r == 8 && use(CAT_LONG))
            n = long_name(false);
        else if (r == 9 && use(CAT_GENNAME))
            n = fmt("%s_SLOT_H", c->file->base); /* the guard, when the base is an identifier */
        else
            n = random_base(false);
        if (r == 9) {
            for (char *p = n; *p; p++)
                if (*p >= 'a' && *p <= 'z')
                    *p = (char)(*p - 32);
                else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
                    *p = '_';
            if (n[0] >= '0' && n[0] <= '9')
                n[0] = 'X';
        }
        if (!attr_name_clashes(c, n)) {
            push((void ***)&attr_names, &nattr_names, n);
            return n;
        }
        free(n);
    }
}

/* upper snake case as names_upper_snake does it */
static char *upper_snake(const char *name)
{
    size_t n = strlen(name);
    char *out = xalloc(2 * n + 1), *p = out;
    for (size_t i = 0; i < n; i++) {
        char c = name[i], prev = i ? name[i - 1] : 0, next = name[i + 1];
        bool up = c >= 'A' && c <= 'Z', pl = prev >= 'a' && prev <= 'z';
        bool pd = prev >= '0' && prev <= '9', pu = prev >= 'A' && prev <= 'Z';
        bool nl = next >= 'a' && next <= 'z';
        if (up && i > 0 && prev != '_' && (pl || pd || (pu && nl)))
            *p++ = '_';
        *p++ = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    return out;
}

/* An enum member name whose constant is unique in the batch. */
static char *member_name(const senum *e)
{
    char *up = upper_snake(e->cname);
    for (;;) {
        char *n;
        unsigned r = below(12);
        if (r == 0)
            n = xstrdup(PICK(keywords));
        else if (r == 1 && use(CAT_GNU))
            n = xstrdup(PICK(gnu_names));
        else if (r == 2 && use(CAT_GENNAME))
            n = xstrdup(PICK(locals));
        else if (r == 3 && use(CAT_LONG))
            n = long_name(false);
        else
            n = random_base(false);
        bool dup = false;
        for (size_t i = 0; i < e->nm && !dup; i++)
            dup = strcmp(e->m[i].name, n) == 0;
        char *u = upper_snake(n);
        char *cst = fmt("%s_%s", up, u);
        free(u);
        if (!dup && !key_used(cst)) {
            key_add(cst);
            free(cst);
            free(up);
            return n;
        }
        free(cst);
        free(n);
    }
}

/* ---- text: docs and string values ----------------------------------------------------------- */

static void utf8(buf *b, uint32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) {
        t[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    bput(b, t, n);
}

/* Pieces that have meant trouble in C text. */
static const char *const nasty[] = {
    "*/", "/*", "//", "\"", "\\", "'", "?\?=", "?\?(", "?\?!", "%s", "%n", "#endif", "\\n",
    "\\\\", "\\\"", "*/ int x; /*", "${x}", "`", "$", "\\x41", "\\0", "\\u0041", "?\?-",
    "#define x", "\n", "\t",
};

static const uint32_t unicode[] = {
    0xE9, 0xA0, 0xFF, 0x100, 0x3C0, 0x4E2D, 0x1F600, 0x10FFFF - 2, 0x2028, 0x2029, 0xFEFF,
    0x85, 0x80, 0x9F, 0xAD, 0x200B, 0x300,
};

static const uint32_t bidi[] = {0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x202A, 0x202D};

/* Random text of up to 'max' bytes (UTF-8, no NUL): printable runs, pieces that have meant
 * trouble in C text, control characters, non-ASCII code points, trigraphs and bidirectional
 * controls (when their categories are on). */
static char *random_text(size_t max)
{
    buf b = {0};
    bput(&b, "", 0);
    unsigned pieces = below(8);
    for (unsigned i = 0; i < pieces; i++) {
        size_t before = b.n;
        unsigned r = below(10);
        if (r < 3) {
            for (unsigned j = below(6) + 1; j; j--) {
                char c = (char)(32 + below(95));
                bput(&b, &c, 1);
            }
        } else if (r < 5) {
            const char *s = PICK(nasty);
            bput(&b, s, strlen(s));
        } else if (r == 5) {
            char c = (char)(1 + below(31));
            if (one_in(4))
                c = 127;
            bput(&b, &c, 1);
        } else if (r == 6 && use(CAT_TRIGRAPH)) {
            bput(&b, "?\?/", 3);
        } else if (r == 7 && use(CAT_BIDI)) {
            utf8(&b, PICK(bidi));
        } else {
            utf8(&b, PICK(unicode));
        }
        if (b.n > max) {
            b.n = before;
            b.p[b.n] = '\0';
            break;
        }
    }
    return b.p;
}

/* Writes 's' as a YAML double-quoted scalar. */
static void yaml_quoted(buf *y, const char *s)
{
    bput(y, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            bprintf(y, "\\%c", c);
            p++;
        } else if (c < 0x20 || c == 0x7F) {
            if (c == '\n' && one_in(2))
                bput(y, "\\n", 2);
            else if (c == '\t' && one_in(2))
                bput(y, "\\t", 2);
            else
                bprintf(y, "\\x%02X", c);
            p++;
        } else if (c < 0x80) {
            bput(y, (const char *)p, 1);
            p++;
        } else {
            /* a UTF-8 sequence: C1 controls, line separators and the BOM escaped, others
             * raw or escaped at random */
            uint32_t cp;
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            cp = c & (n == 4 ? 0x07 : n == 3 ? 0x0F : 0x1F);
            for (size_t k = 1; k < n; k++)
                cp = (cp << 6) | (p[k] & 0x3F);
            bool must = cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
                        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
            if (must || one_in(3))
                bprintf(y, cp > 0xFFFF ? "\\U%08" PRIX32 : "\\u%04" PRIX32, cp);
            else
                bput(y, (const char *)p, n);
            p += n;
        }
    }
    bput(y, "\"", 1);
}

/* Writes 's' as a C string literal (every byte that is not alphanumeric or space escaped). */
static void c_string(buf *o, const char *s)
{
    if (!s) {
        bput(o, "NULL", 4);
        return;
    }
    bput(o, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == ' ' || *p == '_' || *p == '.')
            bput(o, (const char *)p, 1);
        else
            bprintf(o, "\\%03o", *p);
    }
    bput(o, "\"", 1);
}

/* ---- values --------------------------------------------------------------------------------- */

static int64_t smin(kind k)
{
    return int_bits(k) == 64 ? INT64_MIN : -(INT64_C(1) << (int_bits(k) - 1));
}

static int64_t smax(kind k)
{
    return int_bits(k) == 64 ? INT64_MAX : (INT64_C(1) << (int_bits(k) - 1)) - 1;
}

static uint64_t umax(kind k)
{
    return int_bits(k) == 64 ? UINT64_MAX : (UINT64_C(1) << int_bits(k)) - 1;
}

static int64_t edge_signed(kind k)
{
    int64_t lo = smin(k), hi = smax(k);
    switch (below(9)) {
    case 0: return lo;
    case 1: return lo + 1;
    case 2: return hi;
    case 3: return hi - 1;
    case 4: return 0;
    case 5: return -1;
    case 6: return 1;
    default: {
        uint64_t span = (uint64_t)hi - (uint64_t)lo;
        return (int64_t)((uint64_t)lo + (span == UINT64_MAX ? rnd() : rnd() % (span + 1)));
    }
    }
}

static uint64_t edge_unsigned(kind k)
{
    uint64_t hi = umax(k);
    switch (below(7)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return hi;
    case 3: return hi - 1;
    case 4: return hi / 2 + 1;
    default: return hi == UINT64_MAX ? rnd() : rnd() % (hi + 1);
    }
}

/* f64 default texts at the edges; the expected value is strtod's. */
static const char *const f64_texts[] = {
    "0", "-0.0", "1", "-1", "0.1", "1e-320", "4.9e-324", "2.2250738585072014e-308",
    "1.7976931348623157e308", "-1.7976931348623157e308", ".inf", "-.inf", "+.inf", ".Inf",
    ".INF", ".nan", ".NaN", ".NAN", "2.4703282292062328e-324", "123456789012345678901234567890",
    "+2.5e3",
    "1.", ".5", "-.5", "9007199254740993", "1E10", "2.5E-3", "0.30000000000000004",
    "1e308", "-0", "00012", "3.14159265358979323846264338327950288",
};

static const char *const f32_texts[] = {
    "0", "-0.0", "1", "0.1", "3.4028234663852886e38", "-3.4028234663852886e38",
    "1.17549435e-38", "1.4e-45", "1e-45", ".inf", "-.inf", ".nan", "16777217", "0.25",
    "3.4028234e38", "-1e-30", "1.5", "1e38",
};

/* (1e-50, which is 0 as a float, is an error since slotgen says so: a bad_schema case) */
static const char *const f32_edge_texts[] = {
    "3.4028235e38", "-3.4028235e38", "7.1e-46", "1.000000059604644775380625",
    "1.00000005960464477539062500001", "7.038531e-26",
};

/* A random finite double's text, or one of the edges. */
static char *f64_text(void)
{
    if (one_in(2))
        return xstrdup(PICK(f64_texts));
    uint64_t bits = rnd();
    double d;
    memcpy(&d, &bits, sizeof d);
    if (!isfinite(d))
        d = 2.5;
    return fmt(one_in(2) ? "%.17g" : "%.6g", d);
}

static char *f32_text(void)
{
    if (use(CAT_F32EDGE) && one_in(8))
        return xstrdup(PICK(f32_edge_texts));
    if (one_in(2))
        return xstrdup(PICK(f32_texts));
    uint32_t bits = (uint32_t)rnd();
    float f;
    memcpy(&f, &bits, sizeof f);
    if (!isfinite(f))
        f = 0.75f;
    return fmt(one_in(2) ? "%.9g" : "%.4g", (double)f);
}

/* The value YAML text 't' means for a float: .inf/.nan forms, else strtod or strtof. */
static void float_value(const char *t, bool f32, val *v)
{
    const char *p = t + (*t == '+' || *t == '-');
    bool neg = *t == '-';
    if (p[0] == '.' && (p[1] == 'i' || p[1] == 'I')) {
        if (f32) {
            float f = neg ? -HUGE_VALF : HUGE_VALF;
            uint32_t b;
            memcpy(&b, &f, 4);
            v->u = b;
        } else {
            double d = neg ? -HUGE_VAL : HUGE_VAL;
            memcpy(&v->u, &d, 8);
        }
        return;
    }
    if (p[0] == '.' && (p[1] == 'n' || p[1] == 'N')) {
        v->nan = true;
        return;
    }
    if (f32) {
        float f = strtof(t, NULL);
        uint32_t b;
        memcpy(&b, &f, 4);
        v->u = b;
    } else {
        double d = strtod(t, NULL);
        memcpy(&v->u, &d, 8);
    }
}

/* A string value of at most 'max' bytes; sets both the bytes and the YAML text. */
static char *string_value(size_t max)
{
    return random_text(max);
}

/* One element default of attribute 'a': fills 'v', appends its YAML text to 'y'. 'in_flow':
 * inside [...] (strings then always quoted). */
static void yaml_key(buf *y, const char *name);

static void gen_default_elem(const attr *a, val *v, buf *y, bool in_flow)
{
    memset(v, 0, sizeof *v);
    switch (a->k) {
    case K_BOOL:
        v->b = one_in(2);
        bput(y, v->b ? "true" : "false", v->b ? 4 : 5);
        break;
    case K_CHAR: {
        char c[2] = {0, 0};
        c[0] = (char)(one_in(3) ? 1 + below(127) : 32 + below(95));
        v->i = c[0];
        if (!in_flow && c[0] >= 'a' && c[0] <= 'z' && one_in(2))
            bput(y, c, 1);
        else
            yaml_quoted(y, c);
        break;
    }
    case K_I8: case K_I16: case K_I32: case K_I64:
        v->i = edge_signed(a->k);
        if (v->i >= 0 && one_in(4))
            bprintf(y, "0x%" PRIX64, (uint64_t)v->i);
        else if (v->i > 0 && one_in(4))
            bprintf(y, "+%" PRId64, v->i);
        else
            bprintf(y, "%" PRId64, v->i);
        break;
    case K_U8: case K_U16: case K_U32: case K_U64:
        v->u = edge_unsigned(a->k);
        if (one_in(4))
            bprintf(y, "0x%" PRIx64, v->u);
        else
            bprintf(y, "%" PRIu64, v->u);
        break;
    case K_F32: case K_F64: {
        char *t = a->k == K_F32 ? f32_text() : f64_text();
        float_value(t, a->k == K_F32, v);
        bput(y, t, strlen(t));
        free(t);
        break;
    }
    case K_STRING:
        if (!in_flow && one_in(6)) {
            static const char *const nulls[] = {"null", "~", "Null"};
            const char *n = PICK(nulls);
            v->s = strcmp(n, "Null") == 0 ? xstrdup("Null") : NULL; /* 'Null' is text */
            bput(y, n, strlen(n));
        } else if (in_flow && one_in(8)) {
            v->s = NULL;
            bput(y, "null", 4);
        } else {
            v->s = string_value(40);
            yaml_quoted(y, v->s);
        }
        break;
    case K_CHARS:
        if (use(CAT_CHARSNULL) && one_in(8)) {
            v->s = xstrdup("");
            bput(y, "null", 4);
        } else {
            v->s = string_value(a->chars - 1);
            yaml_quoted(y, v->s);
        }
        break;
    case K_ENUM:
        v->member = below((unsigned)a->e->nm);
        v->is_member = true;
        v->i = a->e->m[v->member].value;
        yaml_quoted(y, a->e->m[v->member].name);
        break;
    case K_REF:
        if (in_flow || one_in(2))
            bput(y, "null", 4);
        else
            bput(y, "~", 1);
        break;
    case K_FLAGS: {
        /* a random subset: "a|b" (blanks around '|' sometimes), or a sequence [a, b] */
        buf text = {0};
        bool seq = !in_flow && one_in(2);
        for (size_t i = 0; i < a->e->nm; i++) {
            if (!one_in(3))
                continue;
            v->u |= UINT64_C(1) << a->e->m[i].value;
            const char *sep = !text.n ? "" : seq ? ", " : one_in(3) ? " | " : "|";
            bput(&text, sep, strlen(sep));
            if (seq)
                yaml_key(&text, a->e->m[i].name);
            else
                bput(&text, a->e->m[i].name, strlen(a->e->m[i].name));
        }
        if (seq) {
            bput(y, "[", 1);
            bput(y, text.p ? text.p : "", text.n);
            bput(y, "]", 1);
        } else {
            yaml_quoted(y, text.p ? text.p : "");
        }
        free(text.p);
        break;
    }
    default:
        break;
    }
}

/* ---- the generator -------------------------------------------------------------------------- */

static sclass **visible_classes(const sfile *f, const sclass *upto, size_t *n)
{
    sclass **out = NULL;
    *n = 0;
    for (size_t i = 0; i < f->nimports; i++)
        for (size_t j = 0; j < f->imports[i]->nclasses; j++)
            push((void ***)&out, n, f->imports[i]->classes[j]);
    for (size_t j = 0; j < f->nclasses && f->classes[j] != upto; j++)
        push((void ***)&out, n, f->classes[j]);
    return out;
}

static senum **visible_enums(const sfile *f, size_t *n)
{
    senum **out = NULL;
    *n = 0;
    for (size_t i = 0; i < f->nimports; i++)
        for (size_t j = 0; j < f->imports[i]->nenums; j++)
            push((void ***)&out, n, f->imports[i]->enums[j]);
    for (size_t j = 0; j < f->nenums; j++)
        push((void ***)&out, n, f->enums[j]);
    return out;
}

/* All classes visible from 'f', for refs (any class, also later ones and itself). */
static sclass **ref_targets(const sfile *f, size_t *n)
{
    sclass **out = visible_classes(f, NULL, n);
    return out;
}

/* Registers the macro U_<word> of C name 'cname' (COLOR_COUNT, AMENITY_ALL, IMAGE_INIT). */
static void macro_add(const char *cname, const char *word)
{
    char *up = upper_snake(cname), *m = fmt("%s_%s", up, word);
    key_add(m);
    free(m);
    free(up);
}

static bool macro_used(const char *cname, const char *word)
{
    char *up = upper_snake(cname), *m = fmt("%s_%s", up, word);
    bool used_ = key_used(m);
    free(m);
    free(up);
    return used_;
}

/* A flag set (language 1.1): 1 to 8 flags (sometimes 64), bits 0.. in order or chosen. */
static void gen_flags(sfile *f)
{
    senum *e = xalloc(sizeof *e);
    e->file = f;
    e->flags = true;
    do {
        free(e->name);
        e->name = type_name(f, NULL);
        free(e->cname);
        e->cname = fmt("%s%s", f->prefix, e->name);
    } while (macro_used(e->cname, "ALL"));
    macro_add(e->cname, "ALL");
    type_add(e->cname, f);
    f->v11 = true;
    e->seq = one_in(2);
    size_t n = one_in(12) ? 64 : 1 + below(8);
    bool taken[64] = {false};
    e->m = xalloc(n * sizeof *e->m);
    for (size_t i = 0; i < n; i++) {
        e->m[i].name = member_name(e);
        e->nm = i + 1;
        int64_t bit = (int64_t)i;
        if (!e->seq && n < 64)
            do
                bit = one_in(3) ? 63 - (int64_t)below(4) : (int64_t)below(64);
            while (taken[bit]);
        taken[bit] = true;
        e->m[i].value = bit;
    }
    push((void ***)&f->enums, &f->nenums, e);
}

static void gen_enum(sfile *f)
{
    senum *e = xalloc(sizeof *e);
    e->file = f;
    e->name = type_name(f, NULL);
    e->cname = fmt("%s%s", f->prefix, e->name);
    while (macro_used(e->cname, "COUNT")) {
        free(e->name);
        free(e->cname);
        e->name = type_name(f, NULL);
        e->cname = fmt("%s%s", f->prefix, e->name);
    }
    macro_add(e->cname, "COUNT");
    type_add(e->cname, f);
    e->seq = one_in(2);
    size_t n = 1 + below(one_in(10) ? 40 : 5);
    e->m = xalloc(n * sizeof *e->m);
    for (size_t i = 0; i < n; i++) {
        e->m[i].name = member_name(e);
        e->nm = i + 1;
        if (e->seq) {
            e->m[i].value = (int64_t)i;
        } else {
            switch (below(6)) {
            case 0: e->m[i].value = INT32_MIN; break;
            case 1: e->m[i].value = INT32_MAX; break;
            case 2: e->m[i].value = i ? e->m[i - 1].value : 0; break; /* a repeated value */
            case 3: e->m[i].value = -(int64_t)below(1000); break;
            default: e->m[i].value = (int64_t)below(100000); break;
            }
        }
    }
    push((void ***)&f->enums, &f->nenums, e);
}

static void gen_type(sfile *f, sclass *c, attr *a)
{
    size_t nvc, nve, nrt;
    sclass **vc = visible_classes(f, c, &nvc);
    senum **ve = visible_enums(f, &nve);
    sclass **rt = ref_targets(f, &nrt);
    size_t nflags = 0, nplain = 0;
    for (size_t i = 0; i < nve; i++)
        nflags += ve[i]->flags, nplain += !ve[i]->flags;
    for (;;) {
        unsigned r = below(24);
        a->count = 0;
        if (r >= 22) { /* a flag set (language 1.1) */
            if (!nflags)
                continue;
            a->k = K_FLAGS;
            do
                a->e = ve[below((unsigned)nve)];
            while (!a->e->flags);
            break;
        }
        if (r < 12) {
            a->k = (kind)r;
        } else if (r < 14) {
            a->k = K_STRING;
        } else if (r < 16) {
            a->k = K_CHARS;
            a->chars = one_in(6) ? 1 : 1 + below(one_in(8) ? 300 : 24);
        } else if (r < 18) {
            if (!nplain)
                continue;
            a->k = K_ENUM;
            do
                a->e = ve[below((unsigned)nve)];
            while (a->e->flags);
        } else if (r < 20) {
            a->list = one_in(3); /* a list of embedded objects: of this class too */
            if (!nvc && !a->list)
                continue;
            a->k = K_CLASS;
            a->c = a->list && (!nvc || one_in(3)) ? c : vc[below((unsigned)nvc ? (unsigned)nvc : 1)];
            if (c->layout == 2 && !a->list)
                continue; /* a packed class cannot embed one (a bad_schema case) */
        } else {
            a->k = K_REF;
            /* a ref may point to any class, including this one and later ones */
            a->c = one_in(4) || !nrt ? c : rt[below((unsigned)nrt)];
        }
        break;
    }
    if (!a->list && one_in(7))
        a->list = true; /* T[] of any element type (language 1.1) */
    if (!a->list && a->k != K_CHAR && one_in(5)) /* char[N] is a string, not an array */
        a->count = one_in(20) && a->k != K_CLASS ? 1000 + below(3000) : 1 + below(5);
    if (a->list)
        f->v11 = true;
    /* embedded classes multiply sizes: keep every struct under about a megabyte */
    uint64_t elem = a->list ? 8 : a->k == K_CLASS ? a->c->est_size : a->k == K_CHARS ? a->chars : 8;
    if (c->est_size + elem * (a->count ? a->count : 1) > (1u << 20)) {
        a->k = K_U8;
        a->count = 0;
        elem = 1;
    }
    c->est_size += elem * (a->count ? a->count : 1);
    free(vc);
    free(ve);
    free(rt);
    buf t = {0};
    if (a->k == K_REF)
        bprintf(&t, one_in(4) ? "ref  %s" : "ref %s", a->c->name);
    else if (a->k == K_CLASS)
        bprintf(&t, "%s", a->c->name);
    else if (a->k == K_ENUM || a->k == K_FLAGS)
        bprintf(&t, "%s", a->e->name);
    else if (a->k == K_CHARS)
        bprintf(&t, "char[%u]", a->chars);
    else
        bprintf(&t, "%s", kind_spelling[a->k]);
    if (a->count)
        bprintf(&t, one_in(4) ? " [ %u ]" : "[%u]", a->count);
    if (a->list) {
        const char *sfx = one_in(4) ? " [ ]" : "[]";
        bput(&t, sfx, strlen(sfx));
    }
    a->type_text = t.p;
}

static void gen_attr(sfile *f, sclass *c)
{
    attr a;
    memset(&a, 0, sizeof a);
    bool need_c_name;
    a.name = attr_name(c, &need_c_name);
    if (need_c_name || one_in(12))
        a.c_name = fmt("cn_%s", a.name);
    gen_type(f, c, &a);
    a.optional = !a.list && one_in(4);
    if (one_in(4))
        a.doc = random_text(120);
    unsigned ne = a.count ? a.count : 1;
    a.def = xalloc(ne * sizeof *a.def);
    /* zero defaults */
    for (unsigned i = 0; i < ne; i++) {
        if (a.k == K_CHARS)
            a.def[i].s = xstrdup("");
        if (a.k == K_ENUM)
            a.def[i].is_member = false;
    }
    if (a.k != K_CLASS && !a.list && one_in(2)) {
        buf y = {0};
        if (a.count) {
            unsigned n = below(a.count > 6 ? 6 : a.count + 1);
            bput(&y, "[", 1);
            for (unsigned i = 0; i < n; i++) {
                if (i)
                    bput(&y, ", ", 2);
                free(a.def[i].s);
                gen_default_elem(&a, &a.def[i], &y, true);
            }
            bput(&y, "]", 1);
        } else {
            free(a.def[0].s);
            gen_default_elem(&a, &a.def[0], &y, false);
        }
        a.default_text = y.p;
    }
    c->a = realloc(c->a, (c->na + 1) * sizeof *c->a);
    c->a[c->na++] = a;
}

static int class_ids;

static void gen_class(sfile *f)
{
    sclass *c = xalloc(sizeof *c);
    c->file = f;
    c->id = class_ids++;
    bool hazard;
    c->name = type_name(f, &hazard);
    c->cname = fmt("%s%s", f->prefix, c->name);
    if (hazard || one_in(12) || macro_used(c->cname, "INIT")) {
        /* a c_name, as is (no prefix); unique in the batch by its id */
        free(c->cname);
        c->cname = fmt("Cn%d_%s", c->id, c->name);
        c->has_c_name = true;
    }
    macro_add(c->cname, "INIT");
    type_add(c->cname, f);
    c->slots_written = one_in(2) ? -1 : (int)below(2);
    c->slotted = c->slots_written >= 0 ? c->slots_written : f->slots;
    c->layout_written = one_in(2) ? -1 : (int)below(3);
    c->layout = c->layout_written < 0 ? 0 : c->layout_written;
    if (one_in(3))
        c->doc = random_text(200);
    push((void ***)&f->classes, &f->nclasses, c); /* visible to its own refs */
    size_t n = (c->slotted ? 1 : 0) + below(one_in(8) ? 40 : 10);
    for (size_t i = 0; i < n; i++)
        gen_attr(f, c);
}

static const char *const plain_bases[] = {"shapes", "common", "geo", "img", "core", "types"};
static const char *const odd_bases[] = {
    /* (no spaces or non-ASCII: slotgen refuses those file names, exit 2) */
    "hotel-search", "2d", "1", "shapes-2d", "a.b", "x+y", "fooBar", "foo_bar", "Image", "image",
    "common",
};

static bool base_used(sfile **files, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(files[i]->path, path) == 0 || strcmp(files[i]->base, path) == 0)
            return true;
    return false;
}

/* The file's name; output names (base.slot.h) unique in the batch. */
static void gen_file_name(sfile *f, sfile **files, size_t nfiles, unsigned idx)
{
    for (;;) {
        char *base, *dir = NULL;
        if (use(CAT_FILENAME) && one_in(3))
            base = xstrdup(PICK(odd_bases));
        else
            base = fmt("%s%u", PICK(plain_bases), idx);
        if (use(CAT_FILENAME) && one_in(4))
            dir = xstrdup(one_in(2) ? "a" : "sub/dir");
        bool clash = false;
        for (size_t i = 0; i < nfiles; i++)
            clash = clash || strcmp(files[i]->base, base) == 0;
        /* one output directory per batch: two inputs cannot share a base name (slotgen
         * refuses them, rightly, before reading any schema) */
        if (!clash) {
            f->base = base;
            f->path = dir ? fmt("%s/%s.yaml", dir, base) : fmt("%s.yaml", base);
            if (!base_used(files, nfiles, f->path))
                return;
        }
        free(base);
        free(dir);
    }
}

static char *random_prefix(void)
{
    for (;;) {
        char *p;
        switch (below(4)) {
        case 0: p = fmt("zq%u_", below(1000)); break;
        case 1: p = fmt("Zq%u", below(1000)); break;
        case 2: p = fmt("zQ%u_x_", below(1000)); break;
        default: p = fmt("z%c%u", 'a' + below(26), below(100)); break;
        }
        if (!key_used(p)) {
            key_add(p);
            return p;
        }
        free(p);
    }
}

static sfile *gen_file(sfile **files, size_t nfiles, unsigned idx, bool prefixed)
{
    sfile *f = xalloc(sizeof *f);
    gen_file_name(f, files, nfiles, idx);
    f->prefix = prefixed ? random_prefix() : xstrdup("");
    f->slots_written = one_in(2) ? -1 : (int)below(2);
    f->slots = f->slots_written > 0;
    if (one_in(3))
        f->doc = random_text(200);
    /* imports: earlier files of the batch, no two with the same type names (they are all
     * unique in a batch anyway) */
    for (size_t i = 0; i < nfiles; i++)
        if (one_in(3))
            push((void ***)&f->imports, &f->nimports, files[i]);
    size_t ne = below(4), nc = 1 + below(5), nf = one_in(2) ? below(3) : 0;
    f->say11 = one_in(2);
    for (size_t i = 0; i < ne; i++)
        gen_enum(f);
    for (size_t i = 0; i < nf; i++)
        gen_flags(f);
    for (size_t i = 0; i < nc; i++)
        gen_class(f);
    return f;
}

/* ---- writing the schema --------------------------------------------------------------------- */

static bool needs_quotes(const char *name)
{
    static const char *const words[] = {"true", "false", "null", "Null", "NULL", "yes", "no",
                                        "on", "off", "y", "n", "Y", "N", "True", "False"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(name, words[i]) == 0)
            return true;
    return false;
}

static void yaml_key(buf *y, const char *name)
{
    if (needs_quotes(name))
        yaml_quoted(y, name);
    else
        bput(y, name, strlen(name));
}

static void write_enum(buf *y, const senum *e)
{
    bput(y, "  ", 2);
    yaml_key(y, e->name);
    if (e->seq) {
        bput(y, ": [", 3);
        for (size_t i = 0; i < e->nm; i++) {
            if (i)
                bput(y, ", ", 2);
            yaml_key(y, e->m[i].name);
        }
        bput(y, "]\n", 2);
        return;
    }
    bput(y, ":\n", 2);
    for (size_t i = 0; i < e->nm; i++) {
        bput(y, "    ", 4);
        yaml_key(y, e->m[i].name);
        int64_t v = e->m[i].value;
        if (v >= 0 && one_in(4))
            bprintf(y, ": 0x%" PRIx64 "\n", (uint64_t)v);
        else
            bprintf(y, ": %" PRId64 "\n", v);
    }
}

static void write_attr(buf *y, const attr *a)
{
    bput(y, "      ", 6);
    yaml_key(y, a->name);
    if (!a->default_text && !a->doc && !a->optional && !a->c_name && one_in(2)) {
        bprintf(y, ": %s\n", a->type_text);
        return;
    }
    bprintf(y, ":\n        type: \"%s\"\n", a->type_text);
    if (a->default_text)
        bprintf(y, "        default: %s\n", a->default_text);
    if (a->optional || one_in(8))
        bprintf(y, "        optional: %s\n", a->optional ? "true" : "false");
    if (a->c_name)
        bprintf(y, "        c_name: %s\n", a->c_name);
    if (a->doc) {
        bput(y, "        doc: ", 13);
        yaml_quoted(y, a->doc);
        bput(y, "\n", 1);
    }
}

static void write_class(buf *y, const sclass *c)
{
    static const char *const layouts[] = {"compact", "declared", "packed"};
    bput(y, "  ", 2);
    yaml_key(y, c->name);
    bput(y, ":\n", 2);
    if (c->doc) {
        bput(y, "    doc: ", 9);
        yaml_quoted(y, c->doc);
        bput(y, "\n", 1);
    }
    if (c->slots_written >= 0)
        bprintf(y, "    slots: %s\n", c->slots_written ? "true" : "false");
    if (c->has_c_name)
        bprintf(y, "    c_name: %s\n", c->cname);
    if (c->layout_written >= 0)
        bprintf(y, "    layout: %s\n", layouts[c->layout_written]);
    if (c->na == 0) {
        if (one_in(2))
            bput(y, "    attributes: {}\n", 19);
        else
            bput(y, "    attributes:\n", 16); /* an empty value: none */
        return;
    }
    bput(y, "    attributes:\n", 16);
    for (size_t i = 0; i < c->na; i++)
        write_attr(y, &c->a[i]);
}

/* The path of 'to' relative to the directory of 'from' (both relative to schemas/). */
static char *import_path(const sfile *from, const sfile *to)
{
    const char *slash = strrchr(from->path, '/');
    if (!slash)
        return xstrdup(to->path);
    buf b = {0};
    for (const char *p = from->path; p <= slash; p++)
        if (*p == '/')
            bput(&b, "../", 3);
    bput(&b, to->path, strlen(to->path));
    return b.p;
}

static char *write_schema(const sfile *f)
{
    buf y = {0};
    bprintf(&y, "# generated by fuzz_schemas\nslotgen: %s\n", f->v11 || f->say11 ? "1.1" : "1");
    if (f->doc) {
        bput(&y, "doc: ", 5);
        yaml_quoted(&y, f->doc);
        bput(&y, "\n", 1);
    }
    if (*f->prefix)
        bprintf(&y, "prefix: %s\n", f->prefix);
    if (f->slots_written >= 0)
        bprintf(&y, "slots: %s\n", f->slots_written ? "true" : "false");
    if (f->nimports) {
        bput(&y, "imports:\n", 9);
        for (size_t i = 0; i < f->nimports; i++) {
            char *p = import_path(f, f->imports[i]);
            bput(&y, "  - ", 4);
            yaml_quoted(&y, p);
            bput(&y, "\n", 1);
            free(p);
        }
    }
    for (int flags = 0; flags < 2; flags++) {
        bool any = false;
        for (size_t i = 0; i < f->nenums; i++) {
            if (f->enums[i]->flags != (flags != 0))
                continue;
            if (!any)
                bput(&y, flags ? "flags:\n" : "enums:\n", 7);
            any = true;
            write_enum(&y, f->enums[i]);
        }
    }
    bput(&y, "classes:\n", 9);
    for (size_t i = 0; i < f->nclasses; i++)
        write_class(&y, f->classes[i]);
    return y.p;
}

/* Accessor names: T_a, T_set_a, ... (never freed: the generator is short-lived). */
static const char *acc(const sclass *c, const char *pre, const attr *a, const char *post)
{
    return fmt("%s_%s%s%s", c->cname, pre, a->c_name ? a->c_name : a->name, post);
}

#define fz_getter(c, a) acc(c, "", a, "")

/* ---- writing the test program --------------------------------------------------------------- */

/* The C expression of value 'v' of an element of 'a' (for setters and T_new). */
static void c_value(buf *o, const attr *a, const val *v)
{
    switch (a->k) {
    case K_BOOL: bput(o, v->b ? "true" : "false", v->b ? 4 : 5); break;
    case K_CHAR: bprintf(o, "(char)%" PRId64, v->i); break;
    case K_I8: case K_I16: case K_I32:
        bprintf(o, "(%s)(%s%" PRId64 ")", kind_ctype[a->k], v->i == smin(a->k) ? "-1 - " : "",
                v->i == smin(a->k) ? -(v->i + 1) : v->i);
        break;
    case K_I64:
        if (v->i == INT64_MIN)
            bput(o, "(-INT64_C(9223372036854775807) - 1)", 35);
        else
            bprintf(o, "INT64_C(%" PRId64 ")", v->i);
        break;
    case K_U8: case K_U16: case K_U32: bprintf(o, "(%s)%" PRIu64 "u", kind_ctype[a->k], v->u);
        break;
    case K_U64: bprintf(o, "UINT64_C(%" PRIu64 ")", v->u); break;
    case K_F32:
        if (v->nan)
            bput(o, "fz_mkf32(0x7fc00000u)", 21);
        else
            bprintf(o, "fz_mkf32(0x%08" PRIx32 "u)", (uint32_t)v->u);
        break;
    case K_F64:
        if (v->nan)
            bput(o, "fz_mkf64(UINT64_C(0x7ff8000000000000))", 38);
        else
            bprintf(o, "fz_mkf64(UINT64_C(0x%016" PRIx64 "))", v->u);
        break;
    case K_STRING: case K_CHARS: c_string(o, v->s); break;
    case K_ENUM: bprintf(o, "(%s)%" PRId64, a->e->cname, v->i); break;
    case K_REF:
        if (v->ref)
            bprintf(o, "&fz_dummy%d", ((sclass *)v->ref)->id);
        else
            bput(o, "NULL", 4);
        break;
    case K_FLAGS: bprintf(o, "(%s)UINT64_C(0x%" PRIx64 ")", a->e->cname, v->u); break;
    default: break;
    }
}

/* The sg_value getattr gives for element value 'v' of 'a' (not arrays, not classes). */
static void c_sgvalue(buf *o, const attr *a, const val *v)
{
    switch (a->k) {
    case K_BOOL: bprintf(o, "sg_bool(%s)", v->b ? "true" : "false"); break;
    case K_CHAR: bprintf(o, "sg_int((int64_t)(char)%" PRId64 ")", v->i); break;
    case K_I8: case K_I16: case K_I32: case K_I64: case K_ENUM:
        if (v->i == INT64_MIN)
            bput(o, "sg_int(-INT64_C(9223372036854775807) - 1)", 41);
        else
            bprintf(o, "sg_int(INT64_C(%" PRId64 "))", v->i);
        break;
    case K_U8: case K_U16: case K_U32: case K_U64: case K_FLAGS:
        bprintf(o, "sg_uint(UINT64_C(%" PRIu64 "))", v->u);
        break;
    case K_F32:
        bput(o, "sg_float((double)", 17);
        c_value(o, a, v);
        bput(o, ")", 1);
        break;
    case K_F64:
        bput(o, "sg_float(", 9);
        c_value(o, a, v);
        bput(o, ")", 1);
        break;
    case K_STRING: case K_CHARS:
        bput(o, "sg_str(", 7);
        c_string(o, v->s);
        bput(o, ")", 1);
        break;
    case K_REF:
        if (v->ref)
            bprintf(o, "sg_ptr(&fz_dummy%d)", ((sclass *)v->ref)->id);
        else
            bput(o, "sg_none()", 9);
        break;
    default: break;
    }
}

/* A check that 'got' (a C expression of a's element type) equals 'v'. */
static void c_check(buf *o, const char *w, const attr *a, const char *got, const val *v)
{
    switch (a->k) {
    case K_BOOL: bprintf(o, "    fz_b(%s, %s, %s);\n", w, got, v->b ? "true" : "false"); break;
    case K_CHAR: case K_I8: case K_I16: case K_I32: case K_I64: case K_ENUM:
        bprintf(o, "    fz_i(%s, (int64_t)%s, ", w, got);
        if (v->i == INT64_MIN)
            bput(o, "-INT64_C(9223372036854775807) - 1);\n", 36);
        else
            bprintf(o, "INT64_C(%" PRId64 "));\n", a->k == K_CHAR ? (int64_t)(char)v->i : v->i);
        break;
    case K_U8: case K_U16: case K_U32: case K_U64: case K_FLAGS:
        bprintf(o, "    fz_u(%s, (uint64_t)%s, UINT64_C(%" PRIu64 "));\n", w, got, v->u);
        break;
    case K_F32:
        bprintf(o, "    fz_f32(%s, %s, 0x%08" PRIx32 "u, %s);\n", w, got, (uint32_t)v->u,
                v->nan ? "true" : "false");
        break;
    case K_F64:
        bprintf(o, "    fz_f64(%s, %s, UINT64_C(0x%016" PRIx64 "), %s);\n", w, got, v->u,
                v->nan ? "true" : "false");
        break;
    case K_STRING: case K_CHARS:
        bprintf(o, "    fz_s(%s, %s, ", w, got);
        c_string(o, v->s);
        bput(o, ");\n", 3);
        break;
    case K_REF:
        bprintf(o, "    fz_p(%s, (const void *)%s, ", w, got);
        if (v->ref)
            bprintf(o, "&fz_dummy%d);\n", ((sclass *)v->ref)->id);
        else
            bput(o, "NULL);\n", 7);
        break;
    default: break;
    }
}

static unsigned nelems(const attr *a)
{
    return a->count ? a->count : 1;
}

/* The where-string of attribute 'a' of 'c' at step 'step', as a C literal. */
static char *where(const sclass *c, const attr *a, const char *step)
{
    return fmt("\"%s.%s %s\"", c->name, a ? a->name : "", step);
}

/* Checks that object 'obj' (a C expression of type const T *) holds 'vals' in attribute
 * 'a'. Arrays: elements given explicitly, the others by a loop when they are all equal. */
/* The elements each list attribute holds now, per attribute of the class being written
 * (NULL: every list empty); their values are the first ones of the attribute's 'cur'. */
static unsigned *list_len;

static void c_check_list(buf *o, const sclass *c, const attr *a, const char *obj,
                         const val *vals, const char *w)
{
    unsigned n = list_len ? list_len[a - c->a] : 0;
    bprintf(o, "    fz_u(%s, (uint64_t)%s(%s), %u);\n", w, acc(c, "", a, "_count"), obj, n);
    for (unsigned i = 0; i < n; i++) {
        char *got = fmt("%s(%s, %u)", acc(c, "", a, "_at"), obj, i);
        if (a->k == K_CLASS)
            bprintf(o, "    fz_def%d(%s);\n", a->c->id, got);
        else
            c_check(o, w, a, got, &vals[i]);
        free(got);
    }
    char *past = fmt("%s(%s, %u)", acc(c, "", a, "_at"), obj, n);
    if (a->k == K_STRING || a->k == K_CHARS || a->k == K_REF || a->k == K_CLASS) {
        bprintf(o, "    fz_p(%s, (const void *)%s, NULL);\n", w, past);
    } else {
        val z;
        memset(&z, 0, sizeof z);
        c_check(o, w, a, past, &z);
    }
    free(past);
}

static void c_check_attr(buf *o, const sclass *c, const attr *a, const char *obj,
                         const val *vals, const char *step)
{
    char *w = where(c, a, step);
    if (a->list) {
        c_check_list(o, c, a, obj, vals, w);
        free(w);
        return;
    }
    if (a->k == K_CLASS) {
        if (a->count)
            bprintf(o, "    for (size_t fz_k = 0; fz_k < %u; fz_k++)\n    "
                    "    fz_def%d(%s(%s, fz_k));\n", a->count, a->c->id, fz_getter(c, a), obj);
        else
            bprintf(o, "    fz_def%d(%s(%s));\n", a->c->id, fz_getter(c, a), obj);
        free(w);
        return;
    }
    unsigned n = nelems(a), explicit_n = n;
    if (a->count) {
        /* elements equal to the last one from some index on are checked by a loop */
        /* only the first 6 elements of a long array ever differ from zero */
        if (n > 8)
            explicit_n = 6;
    }
    for (unsigned i = 0; i < explicit_n; i++) {
        char *got = a->count ? fmt("%s(%s, %u)", fz_getter(c, a), obj, i)
                             : fmt("%s(%s)", fz_getter(c, a), obj);
        c_check(o, w, a, got, &vals[i]);
        free(got);
    }
    if (explicit_n < n) {
        bprintf(o, "    for (size_t fz_k = %u; fz_k < %u; fz_k++) {\n", explicit_n, n);
        char *got = fmt("%s(%s, fz_k)", fz_getter(c, a), obj);
        c_check(o, w, a, got, &vals[explicit_n]);
        free(got);
        bput(o, "    }\n", 6);
    }
    if (a->count) {
        /* out of bounds: zero / NULL */
        char *got = fmt("%s(%s, %u)", fz_getter(c, a), obj, n);
        val z;
        memset(&z, 0, sizeof z);
        if (a->k == K_STRING || a->k == K_CHARS || a->k == K_REF)
            bprintf(o, "    fz_p(%s, (const void *)%s, NULL);\n", w, got);
        else
            c_check(o, w, a, got, &z);
        free(got);
    }
    free(w);
}

/* Classes some ref points to: they get a static dummy instance to point at. */
static bool *ref_target;

static void c_def_function(buf *o, const sclass *c)
{
    bprintf(o, "static void fz_def%d(const %s *fz_o)\n{\n", c->id, c->cname);
    if (c->na == 0)
        bput(o, "    (void)fz_o;\n", 16);
    for (size_t j = 0; j < c->na; j++) {
        const attr *a = &c->a[j];
        c_check_attr(o, c, a, "fz_o", a->def, "default");
        if (a->optional) {
            char *w = where(c, a, "has after init");
            bprintf(o, "    fz_b(%s, %s(fz_o), false);\n", w, acc(c, "has_", a, ""));
            free(w);
        }
    }
    bput(o, "}\n\n", 3);
}

static bool is_scalar(const attr *a)
{
    return a->count == 0 && !a->list && a->k != K_CLASS;
}

static bool is_required(const attr *a)
{
    return is_scalar(a) && !a->optional;
}

/* getattr of every attribute in state 'cur' (present[j]: optional attribute j is set). */
static void c_check_by_name(buf *o, const sclass *c, const char *obj, val **cur,
                            const bool *present, const char *step)
{
    size_t shown = 0;
    for (size_t j = 0; j < c->na; j++) {
        const attr *a = &c->a[j];
        char *w = where(c, a, step);
        if (a->optional && !present[j]) {
            bprintf(o, "    fz_get(%s, &%s_class, %s, \"%s\", sg_none());\n", w, c->cname, obj,
                    a->name);
        } else if (!is_scalar(a)) {
            bprintf(o, "    fz_addr(%s, &%s_class, %s, %zu, \"%s\", %u);\n", w, c->cname, obj,
                    j, a->name, a->list ? (list_len ? list_len[j] : 0) : a->count);
        } else {
            bprintf(o, "    fz_get(%s, &%s_class, %s, \"%s\", ", w, c->cname, obj, a->name);
            if ((a->k == K_STRING) && !cur[j][0].s)
                bput(o, "sg_none()", 9);
            else
                c_sgvalue(o, a, &cur[j][0]);
            bput(o, ");\n", 3);
        }
        free(w);
        shown += !a->optional || present[j];
    }
    /* iteration: the declared attributes that are set, in order */
    bput(o, "    {\n", 6);
    if (shown) {
        bput(o, "        static const char *const fz_names[] = {", 47);
        for (size_t j = 0; j < c->na; j++)
            if (!c->a[j].optional || present[j])
                bprintf(o, "\"%s\", ", c->a[j].name);
        bput(o, "};\n", 3);
    }
    char *w = where(c, NULL, step);
    bprintf(o, "        fz_iter(%s, &%s_class, %s, %s, %zu);\n    }\n", w, c->cname, obj,
            shown ? "fz_names" : "NULL", shown);
    free(w);
}

/* A value for setting element of 'a' (not a class), different kinds at random. */
static void set_value(const attr *a, val *v, bool allow_null)
{
    buf scratch = {0};
    for (;;) {
        gen_default_elem(a, v, &scratch, true);
        scratch.n = 0;
        if (a->k == K_REF && (!allow_null || !one_in(4))) {
            v->ref = a->c;
            ref_target[a->c->id] = true;
        }
        if (a->k == K_STRING && !v->s && !allow_null)
            continue;
        break;
    }
    free(scratch.p);
}

/* The typed setter call T_set_a(obj, v) (or with an index), its status checked when it
 * returns one. */
static void c_setter(buf *o, const sclass *c, const attr *a, const char *obj, const char *idx,
                     const val *v, const char *w, const char *want)
{
    bool status = a->k == K_STRING || a->k == K_CHARS || a->count;
    if (status)
        bput(o, "    fz_st(", 10);
    else
        bput(o, "    ", 4);
    if (status)
        bprintf(o, "%s, ", w);
    bprintf(o, "%s(%s, %s", acc(c, "set_", a, ""), obj, idx ? idx : "");
    if (idx)
        bput(o, ", ", 2);
    c_value(o, a, v);
    bput(o, ")", 1);
    if (status)
        bprintf(o, ", %s)", want);
    bput(o, ";\n", 2);
}

static void val_copy(val *dst, const val *src)
{
    *dst = *src;
    if (src->s)
        dst->s = xstrdup(src->s);
}

/* A string of exactly n bytes ('x' repeated). */
static char *long_string(size_t n)
{
    char *s = xalloc(n + 1);
    memset(s, 'x', n);
    return s;
}

/* Set phase of scalar attribute j of 'c' in object fz_n; updates cur[j] and present[j]. */
static void c_set_scalar(buf *o, const sclass *c, size_t j, val **cur, bool *present)
{
    const attr *a = &c->a[j];
    char *get = fmt("%s(fz_n)", fz_getter(c, a));
    char *w = where(c, a, "typed set");
    bool nullable = !a->optional || use(CAT_OPTNULL);
    val b, d;
    set_value(a, &b, nullable);
    c_setter(o, c, a, "fz_n", NULL, &b, w, "SG_OK");
    c_check(o, w, a, get, &b);
    /* a NULL string or ref makes an optional attribute absent (docs/generated-code.md) */
    bool is_null = (a->k == K_STRING && !b.s) || (a->k == K_REF && !b.ref);
    bool is_present = !(is_null && a->optional);
    if (a->optional)
        bprintf(o, "    fz_b(%s, %s(fz_n), %s);\n", w, acc(c, "has_", a, ""),
                is_present ? "true" : "false");
    bprintf(o, "    fz_get(%s, &%s_class, fz_n, \"%s\", ", w, c->cname, a->name);
    if (is_null || !is_present)
        bput(o, "sg_none()", 9);
    else
        c_sgvalue(o, a, &b);
    bput(o, ");\n", 3);
    free(w);

    /* by name */
    w = where(c, a, "setattr");
    set_value(a, &d, false);
    bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", ", w, c->cname, a->name);
    if (a->k == K_ENUM && one_in(2)) {
        /* an enum also takes its member's name */
        bput(o, "sg_str(", 7);
        c_string(o, a->e->m[d.member].name);
        bput(o, ")", 1);
    } else if (a->k == K_FLAGS && one_in(2)) {
        /* a flag set also takes "a|b" */
        buf names = {0};
        for (size_t i = 0; i < a->e->nm; i++)
            if (d.u >> a->e->m[i].value & 1) {
                if (names.n)
                    bput(&names, "|", 1);
                bput(&names, a->e->m[i].name, strlen(a->e->m[i].name));
            }
        bput(o, "sg_str(", 7);
        c_string(o, names.p ? names.p : "");
        bput(o, ")", 1);
        free(names.p);
    } else if (is_unsigned(a->k) && d.u <= INT64_MAX && one_in(3)) {
        bprintf(o, "sg_int(INT64_C(%" PRId64 "))", (int64_t)d.u);
    } else if (is_signed(a->k) && d.i >= 0 && one_in(3)) {
        bprintf(o, "sg_uint(UINT64_C(%" PRIu64 "))", (uint64_t)d.i);
    } else {
        c_sgvalue(o, a, &d);
    }
    bput(o, "), SG_OK);\n", 11);
    c_check(o, w, a, get, &d);
    if (a->optional)
        bprintf(o, "    fz_b(%s, %s(fz_n), true);\n", w, acc(c, "has_", a, ""));
    free(w);

    /* what must fail, and leave the value as it was */
    w = where(c, a, "rejected set");
    if (a->k == K_CHARS) {
        char *s = long_string(a->chars);
        bprintf(o, "    fz_st(%s, %s(fz_n, \"%s\"), SG_ERANGE);\n", w, acc(c, "set_", a, ""), s);
        bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_str(\"%s\")), SG_ERANGE);\n", w,
                c->cname, a->name, s);
        free(s);
    } else if ((is_unsigned(a->k) || is_signed(a->k)) && int_bits(a->k) < 64) {
        if (is_unsigned(a->k))
            bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_uint(UINT64_C(%" PRIu64
                    "))), SG_ERANGE);\n", w, c->cname, a->name, umax(a->k) + 1);
        else
            bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_int(INT64_C(%" PRId64
                    "))), SG_ERANGE);\n", w, c->cname, a->name, smin(a->k) - 1);
    } else if (a->k == K_BOOL || a->k == K_REF) {
        bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_int(1)), SG_ETYPE);\n", w,
                c->cname, a->name);
    } else if (a->k == K_F32) {
        bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_float(1e300)), SG_ERANGE);\n", w,
                c->cname, a->name);
    } else if (a->k == K_FLAGS) {
        uint64_t used_bits = 0;
        for (size_t i = 0; i < a->e->nm; i++)
            used_bits |= UINT64_C(1) << a->e->m[i].value;
        for (int bit = 0; bit < 64; bit++)
            if (!(used_bits >> bit & 1)) {
                bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_uint(UINT64_C(1) << %d)), "
                        "SG_ERANGE);\n", w, c->cname, a->name, bit);
                break;
            }
        bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_str(\"fz_no_such_flag\")), "
                "SG_ERANGE);\n", w, c->cname, a->name);
        /* the set as text and back */
        bprintf(o, "    {\n        static char fz_t[65536];\n        %s fz_s = 0;\n",
                a->e->cname);
        bprintf(o, "        fz_st(%s, %s_format(%s, fz_t, sizeof fz_t), SG_OK);\n", w,
                a->e->cname, get);
        bprintf(o, "        fz_st(%s, %s_parse(fz_t, &fz_s), SG_OK);\n", w, a->e->cname);
        bprintf(o, "        fz_u(%s, (uint64_t)fz_s, (uint64_t)%s);\n    }\n", w, get);
    }
    c_check(o, w, a, get, &d);
    free(w);

    /* optional: clear, then set again */
    if (a->optional) {
        w = where(c, a, "clear");
        if (one_in(2))
            bprintf(o, "    %s(fz_n);\n", acc(c, "clear_", a, ""));
        else
            bprintf(o, "    fz_st(%s, %s_delattr(fz_n, \"%s\"), SG_OK);\n", w, c->cname,
                    a->name);
        bprintf(o, "    fz_b(%s, %s(fz_n), false);\n", w, acc(c, "has_", a, ""));
        bprintf(o, "    fz_get(%s, &%s_class, fz_n, \"%s\", sg_none());\n", w, c->cname,
                a->name);
        c_setter(o, c, a, "fz_n", NULL, &d, w, "SG_OK");
        bprintf(o, "    fz_b(%s, %s(fz_n), true);\n", w, acc(c, "has_", a, ""));
        if (a->k == K_STRING && use(CAT_OPTNULL)) {
            /* NULL through the setter unsets, as setattr(sg_none()) does */
            bprintf(o, "    fz_st(%s, %s(fz_n, NULL), SG_OK);\n", w, acc(c, "set_", a, ""));
            bprintf(o, "    fz_b(%s, %s(fz_n), false);\n", w, acc(c, "has_", a, ""));
            c_setter(o, c, a, "fz_n", NULL, &d, w, "SG_OK");
        }
        free(w);
    } else {
        w = where(c, a, "delattr");
        bprintf(o, "    fz_st(%s, %s_delattr(fz_n, \"%s\"), SG_EINVAL);\n", w, c->cname,
                a->name);
        c_check(o, w, a, get, &d);
        free(w);
    }
    free(get);
    cur[j][0] = d;  /* never a NULL string: set_value was told so */
    present[j] = true;
}

/* Set phase of array or embedded attribute j. */
static void c_set_aggregate(buf *o, const sclass *c, size_t j, val **cur, bool *present)
{
    const attr *a = &c->a[j];
    char *w = where(c, a, "element set");
    if (a->k == K_CLASS) {
        if (a->count) {
            bprintf(o, "    fz_p(%s, %s(fz_n, 0), (const void *)%s(fz_n, 0));\n", w,
                    acc(c, "", a, "_mut"), fz_getter(c, a));
            bprintf(o, "    fz_p(%s, %s(fz_n, %u), NULL);\n", w, acc(c, "", a, "_mut"),
                    a->count);
        } else {
            bprintf(o, "    fz_p(%s, %s(fz_n), (const void *)%s(fz_n));\n", w,
                    acc(c, "", a, "_mut"), fz_getter(c, a));
        }
        if (a->optional) {
            bprintf(o, "    fz_b(%s, %s(fz_n), true);\n", w, acc(c, "has_", a, ""));
            present[j] = true;
        }
    } else {
        unsigned n = a->count < 6 ? a->count : 6;
        for (unsigned i = 0; i < n; i++) {
            val v;
            set_value(a, &v, true);
            char *idx = fmt("%u", i);
            c_setter(o, c, a, "fz_n", idx, &v, w, "SG_OK");
            char *get = fmt("%s(fz_n, %u)", fz_getter(c, a), i);
            c_check(o, w, a, get, &v);
            free(get);
            free(idx);
            cur[j][i] = v;
        }
        val v;
        set_value(a, &v, true);
        char *idx = fmt("%u", a->count);
        c_setter(o, c, a, "fz_n", idx, &v, w, "SG_ERANGE");
        free(idx);
        if (a->optional) {
            bprintf(o, "    fz_b(%s, %s(fz_n), true);\n", w, acc(c, "has_", a, ""));
            present[j] = true;
        }
    }
    bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_int(0)), SG_ETYPE);\n", w, c->cname,
            a->name);
    free(w);
}

/* Appends to list attribute 'a' of fz_n one element of value 'v' (an embedded object: a
 * fresh one from C_init), its status checked against 'want'. */
static void c_append(buf *o, const attr *a, const sclass *c, const val *v, const char *w,
                     const char *fn, const char *idx, const char *want)
{
    if (a->k == K_CLASS) {
        bprintf(o, "    {\n        %s fz_e;\n", a->c->cname);
        bprintf(o, "        fz_st(%s, %s_init(&fz_e), SG_OK);\n", w, a->c->cname);
        bprintf(o, "        fz_st(%s, %s(fz_n, %s&fz_e), %s);\n", w, acc(c, "", a, fn), idx,
                want);
        bprintf(o, "        %s_destroy(&fz_e);\n    }\n", a->c->cname);
        return;
    }
    bprintf(o, "    fz_st(%s, %s(fz_n, %s", w, acc(c, "", a, fn), idx);
    c_value(o, a, v);
    bprintf(o, "), %s);\n", want);
}

/* Set phase of list attribute j: appends, element checks, set_at, remove_at, the errors,
 * reserve; leaves the list with list_len[j] elements, their values in cur[j]. */
static void c_set_list(buf *o, const sclass *c, size_t j, val **cur)
{
    const attr *a = &c->a[j];
    char *w = where(c, a, "list");
    unsigned n = 1 + below(5);
    val *v = xalloc((n + 1) * sizeof *v);
    cur[j] = realloc(cur[j], (n + 1) * sizeof *cur[j]);
    for (unsigned i = 0; i < n; i++) {
        set_value(a, &v[i], false);
        c_append(o, a, c, &v[i], w, "_append", "", "SG_OK");
    }
    /* set_at one element, then what must fail */
    unsigned k = below(n);
    set_value(a, &v[k], false);
    char *idx = fmt("%u, ", k), *past = fmt("%u, ", n);
    c_append(o, a, c, &v[k], w, "_set_at", idx, "SG_OK");
    c_append(o, a, c, &v[k], w, "_set_at", past, "SG_ERANGE");
    bprintf(o, "    fz_st(%s, %s(fz_n, %u), SG_ERANGE);\n", w, acc(c, "", a, "_remove_at"), n);
    if (a->k == K_CHARS) {
        char *s = long_string(a->chars);
        bprintf(o, "    fz_st(%s, %s(fz_n, \"%s\"), SG_ERANGE);\n", w, acc(c, "", a, "_append"),
                s);
        free(s);
    }
    bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"%s\", sg_int(0)), SG_ETYPE);\n", w, c->cname,
            a->name);
    bprintf(o, "    fz_st(%s, %s(fz_n, %u), SG_OK);\n", w, acc(c, "", a, "_reserve"), n + 8);
    for (unsigned i = 0; i < n; i++)
        cur[j][i] = v[i];
    list_len[j] = n;
    c_check_list(o, c, a, "fz_n", cur[j], w);
    /* remove the first: the others move down */
    if (one_in(2)) {
        bprintf(o, "    fz_st(%s, %s(fz_n, 0), SG_OK);\n", w, acc(c, "", a, "_remove_at"));
        for (unsigned i = 1; i < n; i++)
            cur[j][i - 1] = cur[j][i];
        list_len[j] = n - 1;
        c_check_list(o, c, a, "fz_n", cur[j], w);
    }
    if (one_in(4)) {
        bprintf(o, "    %s(fz_n);\n", acc(c, "", a, "_clear"));
        list_len[j] = 0;
        c_check_list(o, c, a, "fz_n", cur[j], w);
    }
    free(idx);
    free(past);
    free(v);
    free(w);
}

/* The object fz_n cloned: equal, hashing alike, by the generated and the generic functions. */
static void c_clone_check(buf *o, const sclass *c)
{
    char *w = where(c, NULL, "clone");
    bprintf(o, "    {\n        %s *fz_c = %s_clone(fz_n);\n", c->cname, c->cname);
    bprintf(o, "        if (!fz_c) {\n            fz_fail(%s, \"clone gave NULL\");\n"
            "        } else {\n", w);
    bprintf(o, "            fz_b(%s, %s_equal(fz_c, fz_n), true);\n", w, c->cname);
    bprintf(o, "            fz_b(%s, sg_equal(&%s_class, fz_n, fz_c), true);\n", w, c->cname);
    bprintf(o, "            fz_u(%s, %s_hash(fz_c), sg_hash(&%s_class, fz_n));\n", w,
            c->cname, c->cname);
    bprintf(o, "            fz_st(%s, %s_copy(fz_c, fz_n), SG_OK);\n", w, c->cname);
    bprintf(o, "            fz_b(%s, %s_equal(fz_c, fz_n), true);\n", w, c->cname);
    bprintf(o, "            %s_free(fz_c);\n        }\n    }\n", c->cname);
    free(w);
}

/* The object fz_n, with every attribute set (and a dynamic one on a class that is not
 * slotted), through libslotgen-io: saved as YAML and as JSON, loaded back into fresh storage,
 * equal by T_equal, and saving the reloaded object gives the same bytes (fuzz_check.h). Two
 * documented limits of libslotgen-io (docs/io.md) are skipped, not hidden: it saves only NULL
 * refs and loads none, and an optional string or ref set to NULL reads back unset; so
 * fz_io_refs checks that a non-NULL ref fails the save with SG_ETYPE, then clears the refs and
 * unsets the optional NULLs. */
static void c_io_check(buf *o, const sclass *c)
{
    char *w = where(c, NULL, "io");
    bprintf(o, "    fz_io_refs(%s, &%s_class, fz_n);\n", w, c->cname);
    bprintf(o, "    for (int fz_f = 0; fz_f < 2; fz_f++) {\n"
            "        sg_io_format fz_fmt = fz_f ? SG_IO_JSON : SG_IO_YAML;\n"
            "        sg_io_buf fz_t;\n"
            "        %s *fz_r;\n"
            "        memset(&fz_t, 0, sizeof fz_t);\n"
            "        fz_r = (%s *)fz_io_load(%s, &%s_class, fz_n, fz_fmt, &fz_t);\n"
            "        if (fz_r) {\n"
            "            if (!%s_equal(fz_r, fz_n))\n"
            "                fz_io_fail(%s, fz_fmt, &fz_t, \"%s_equal is false after the load\");\n"
            "            fz_io_again(%s, &%s_class, fz_r, fz_fmt, &fz_t);\n"
            "            %s_destroy(fz_r);\n"
            "            free(fz_r);\n"
            "        }\n"
            "        sg_io_buf_free(&fz_t);\n"
            "    }\n",
            c->cname, c->cname, w, c->cname, c->cname, w, c->cname, w, c->cname, c->cname);
    free(w);
}

static void c_test_function(buf *o, const sclass *c)
{
    size_t na = c->na;
    val **cur = xalloc((na + 1) * sizeof *cur);
    bool *present = xalloc(na + 1);
    char *w = where(c, NULL, "init");
    bprintf(o, "static void fz_test%d(void)\n{\n", c->id);
    bprintf(o, "    %s *fz_o = (%s *)malloc(sizeof(%s));\n", c->cname, c->cname, c->cname);
    bprintf(o, "    %s *fz_n;\n", c->cname);
    bprintf(o, "    if (!fz_o) {\n        fz_fail(%s, \"malloc\");\n        return;\n    }\n", w);
    bprintf(o, "    fz_st(%s, %s_init(fz_o), SG_OK);\n", w, c->cname);
    bprintf(o, "    fz_def%d(fz_o);\n", c->id);
    for (size_t j = 0; j < na; j++)
        cur[j] = c->a[j].def;
    c_check_by_name(o, c, "fz_o", cur, present, "default by name");
    bprintf(o, "    %s_destroy(fz_o);\n    free(fz_o);\n\n", c->cname);
    free(w);

    /* T_new with the required attributes */
    bprintf(o, "    fz_n = %s_new(", c->cname);
    bool first = true;
    for (size_t j = 0; j < na; j++) {
        const attr *a = &c->a[j];
        cur[j] = xalloc(nelems(a) * sizeof *cur[j]);
        for (unsigned i = 0; i < nelems(a); i++)
            val_copy(&cur[j][i], &a->def[i]);
        if (!is_required(a))
            continue;
        set_value(a, &cur[j][0], true);
        if (!first)
            bput(o, ", ", 2);
        first = false;
        c_value(o, a, &cur[j][0]);
    }
    w = where(c, NULL, "new");
    bprintf(o, ");\n    if (!fz_n) {\n        fz_fail(%s, \"T_new gave NULL\");\n"
            "        return;\n    }\n", w);
    free(w);
    for (size_t j = 0; j < na; j++)
        c_check_attr(o, c, &c->a[j], "fz_n", cur[j], "after new");
    c_check_by_name(o, c, "fz_n", cur, present, "new by name");

    /* every attribute set, by setter and by name */
    list_len = xalloc((na + 1) * sizeof *list_len);
    for (size_t j = 0; j < na; j++) {
        if (c->a[j].list)
            c_set_list(o, c, j, cur);
        else if (is_scalar(&c->a[j]))
            c_set_scalar(o, c, j, cur, present);
        else
            c_set_aggregate(o, c, j, cur, present);
    }
    /* the whole object again: no setter wrote a sibling */
    for (size_t j = 0; j < na; j++)
        if (c->a[j].k != K_CLASS || c->a[j].list)
            c_check_attr(o, c, &c->a[j], "fz_n", cur[j], "after all sets");
    c_check_by_name(o, c, "fz_n", cur, present, "after all sets by name");
    w = where(c, NULL, "dynamic");
    if (c->slotted) {
        bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"fz_dyn\", sg_int(1)), SG_ENOATTR);\n", w,
                c->cname);
    } else {
        bprintf(o, "    fz_st(%s, %s_setattr(fz_n, \"fz_dyn\", sg_str(\"dyn\")), SG_OK);\n", w,
                c->cname);
        bprintf(o, "    fz_get(%s, &%s_class, fz_n, \"fz_dyn\", sg_str(\"dyn\"));\n", w,
                c->cname);
    }
    c_clone_check(o, c);
    c_io_check(o, c);
    bprintf(o, "    %s_free(fz_n);\n}\n\n", c->cname);
    free(list_len);
    list_len = NULL;
    free(w);
}

static void write_test(buf *o, sfile **files, size_t nfiles, int nclasses)
{
    /* the standard headers first, sometimes with _GNU_SOURCE: a program may include any of
     * them before a generated header (docs/schema.md, Names) */
    bput(o, "/* generated by fuzz_schemas */\n", 32);
    if (one_in(2))
        bput(o, "#define _GNU_SOURCE 1\n", 22);
    bput(o, "#include \"fuzz_check.h\"\n\n", 25);
    for (size_t i = 0; i < nfiles; i++)
        bprintf(o, "#include \"%s.slot.h\"\n", files[i]->base);
    bput(o, "\n", 1);
    buf body = {0};
    ref_target = xalloc((size_t)nclasses + 1);
    for (size_t i = 0; i < nfiles; i++)
        for (size_t k = 0; k < files[i]->nclasses; k++) {
            c_def_function(&body, files[i]->classes[k]);
            c_test_function(&body, files[i]->classes[k]);
        }
    for (size_t i = 0; i < nfiles; i++)
        for (size_t k = 0; k < files[i]->nclasses; k++)
            if (ref_target[files[i]->classes[k]->id])
                bprintf(o, "static %s fz_dummy%d;\n", files[i]->classes[k]->cname,
                        files[i]->classes[k]->id);
    bput(o, "\n", 1);
    bput(o, body.p, body.n);
    bput(o, "int main(void)\n{\n", 17);
    for (int k = 0; k < nclasses; k++)
        bprintf(o, "    fz_test%d();\n", k);
    bput(o, "    sg_runtime_cleanup();\n    if (fz_failures)\n"
            "        fprintf(stderr, \"%d checks failed\\n\", fz_failures);\n"
            "    return fz_failures ? 1 : 0;\n}\n",
         strlen("    sg_runtime_cleanup();\n    if (fz_failures)\n"
                "        fprintf(stderr, \"%d checks failed\\n\", fz_failures);\n"
                "    return fz_failures ? 1 : 0;\n}\n"));
    free(body.p);
    free(ref_target);
}

/* ---- invalid schemas: each must be rejected with a located error ----------------------------- */

static char *bad_schema(void)
{
    char *n = random_base(true), *a = random_base(false);
    char *s;
    switch (below(13)) {
    case 0: s = fmt("slotgen: 1\nclasses:\n  %s:\n    attributes:\n      %s: u33\n", n, a); break;
    case 1: s = fmt("slotgen: 1\nclasses:\n  %s:\n    attributes:\n      %s: {type: u8, "
                    "default: 256}\n", n, a); break;
    case 2: s = fmt("slotgen: 1\nclasses:\n  class:\n    attributes:\n      %s: u8\n", a); break;
    case 3: s = fmt("slotgen: 1\nclasses:\n  %s:\n    attributes:\n      %s: \"u8[0]\"\n", n, a);
        break;
    case 4: s = fmt("slotgen: 1\nclasses:\n  %s:\n    atributes:\n      %s: u8\n", n, a); break;
    case 5: s = fmt("slotgen: 1\nclasses:\n  %s:\n    attributes:\n      %s: u8\n      %s: i8\n",
                    n, a, a); break;
    case 6: s = fmt("slotgen: 1\nclasses:\n  %s:\n    attributes:\n      %s: %s\n", n, a, n);
        break;
    case 7: s = fmt("slotgen: 1\nprefix: sg_x\nclasses:\n  %s:\n    attributes:\n      %s: u8\n",
                    n, a); break;
    case 8: s = fmt("slotgen: 1\nenums:\n  %s: {a: 2147483648}\n", n); break;
    case 9: /* packed embedding, then a class embedding the packed one (it crashed slotgen) */
        s = fmt("slotgen: 1\nclasses:\n  P%s:\n    attributes: {x: u8}\n  W%s:\n    layout: "
                "packed\n    attributes: {%s: P%s}\n  O%s:\n    attributes: {w: W%s}\n", n, n,
                a, n, n, n);
        break;
    case 10: s = fmt("slotgen: 1\nclasses:\n  %s:\n    attributes:\n      %s: %s\n", n, a, a);
        break;
    case 11: { /* non-zero defaults that round to 0: 1e-50 only as an f32 (a fine f64) */
        int f32 = one_in(2);
        s = fmt("slotgen: 1\nclasses:\n  %s:\n    attributes:\n      %s: {type: %s, "
                "default: %s}\n", n, a, f32 ? "f32" : "f64",
                f32 && one_in(2) ? "1e-50" : "-1e-400");
        break;
    }
    default: s = fmt("slotgen: 1\nclasses:\n  %s:\n    attributes:\n      %s: {type: f32, "
                     "default: 1e39}\n", n, a); break;
    }
    free(n);
    free(a);
    return s;
}

/* ---- main ----------------------------------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    /* create parent directories */
    char *dir = xstrdup(path);
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0777);
            *p = '/';
        }
    free(dir);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "fuzz_schemas: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

static void gen_batch(const char *out, uint64_t seed, unsigned b, unsigned per)
{
    seed_rng(seed, b);
    nused = 0;
    ntypes_in_batch = 0;
    nattr_names = 0;
    class_ids = 0;
    sfile **files = xalloc(per * sizeof *files);
    size_t nfiles = 0;
    unsigned unprefixed = below(per);
    for (unsigned i = 0; i < per; i++) {
        files[nfiles] = gen_file(files, nfiles, i, i != unprefixed);
        nfiles++;
    }
    buf list = {0};
    for (size_t i = 0; i < nfiles; i++) {
        char *path = fmt("%s/b%06u/schemas/%s", out, b, files[i]->path);
        char *text = write_schema(files[i]);
        write_file(path, text);
        bprintf(&list, "schemas/%s\n", files[i]->path);
        free(path);
        free(text);
    }
    char *p = fmt("%s/b%06u/files", out, b);
    write_file(p, list.p);
    free(p);
    buf t = {0};
    write_test(&t, files, nfiles, class_ids);
    p = fmt("%s/b%06u/test.c", out, b);
    write_file(p, t.p);
    free(p);
    char *bad = bad_schema();
    p = fmt("%s/b%06u/bad/bad.yaml", out, b);
    write_file(p, bad);
    free(p);
    free(bad);
    free(t.p);
    free(list.p);
}

static void usage(void)
{
    fprintf(stderr, "usage: fuzz_schemas -o DIR [-s SEED] [-n SCHEMAS] [-f FIRST_BATCH] "
            "[-k SCHEMAS_PER_BATCH] [-a CATEGORY]...\ncategories:");
    for (int i = 0; i < CAT_COUNT; i++)
        fprintf(stderr, " %s", cat_names[i]);
    fprintf(stderr, "\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *out = NULL;
    uint64_t seed = 1;
    unsigned long n = 100, first = 0, per = 4;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        i++;
        if (!strcmp(o, "-o"))
            out = v;
        else if (!strcmp(o, "-s"))
            seed = strtoull(v, NULL, 0);
        else if (!strcmp(o, "-n"))
            n = strtoul(v, NULL, 0);
        else if (!strcmp(o, "-f"))
            first = strtoul(v, NULL, 0);
        else if (!strcmp(o, "-k"))
            per = strtoul(v, NULL, 0);
        else if (!strcmp(o, "-a")) {
            int k = 0;
            while (k < CAT_COUNT && strcmp(cat_names[k], v) != 0)
                k++;
            if (k == CAT_COUNT) {
                fprintf(stderr, "fuzz_schemas: unknown category '%s'\n", v);
                usage();
            }
            avoid[k] = true;
        } else
            usage();
    }
    if (!out || per == 0)
        usage();
    unsigned long nb = (n + per - 1) / per;
    for (unsigned long b = first; b < first + nb; b++)
        gen_batch(out, seed, (unsigned)b, (unsigned)per);
    printf("%lu\n", nb);
    return 0;
}
