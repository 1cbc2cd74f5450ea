/*
 * test_io.c - libslotgen-io (runtime/slotgen-io.h): YAML and JSON load and save of the classes
 * slotgen generates from schemas/ and tests/schemas/.
 *
 * Round trips (save -> load -> equal) for every generated class, from its defaults and from
 * objects filled with random values (every kind, hostile strings, dynamic attributes); every
 * load error with its exact message and position; streams with the callback stopping and
 * skipping; input from a string, a FILE * and a path; allocation failure at every point of a
 * load and a save, with the hook's own count of live blocks proving nothing leaks.
 *
 * io_classes.h (made by the Makefile from the generated headers) includes every generated
 * header and lists every class in io_classes[].
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io_classes.h"
#include "slotgen-io.h"

/* ---- an allocator that fails on request and counts what is live ------------------------ */

static long fail_countdown = -1;
static long live_blocks;
static long long live_bytes;

static void *test_hook(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    void *p;

    (void)ud;
    if (new_size == 0) {
        if (ptr) {
            live_blocks--;
            live_bytes -= (long long)old_size;
        }
        free(ptr);
        return NULL;
    }
    if (fail_countdown == 0)
        return NULL;
    if (fail_countdown > 0)
        fail_countdown--;
    p = malloc(new_size);
    if (p) {
        live_blocks++;
        live_bytes += (long long)new_size;
    }
    return p;
}

static int setup(void **state)
{
    (void)state;
    fail_countdown = -1;
    sg_set_allocator(test_hook, NULL);
    sg_set_slabs(false);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sg_runtime_cleanup();
    assert_int_equal(live_blocks, 0);
    assert_int_equal(live_bytes, 0);
    sg_set_allocator(NULL, NULL);
    sg_set_slabs(true);
    return 0;
}

/* ---- random objects ------------------------------------------------------------------------ */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const hostile[] = {
    "", "plain", "two words", "true", "null", "~", "123", "-1.5e3", ".inf", "yes", "No",
    "a: b", "- item", "#comment", "quote\"d", "back\\slash", "new\nline", "tab\there",
    "caf\xc3\xa9", "\xe2\x82\xac 5", "\xf0\x9f\x98\x80", "ctl\x01\x1f\x7f", "\xc2\x85 nel",
    "\xef\xbb\xbf bom", "trailing ", " leading", "{x}", "[1]", "'single'", "%tag", "@at",
    "https://images.example.com/a/b.jpg?x=1&y=2", "\xc2\x80\xc2\x9f c1",
};

static const char *random_string(void)
{
    return hostile[next_rand() % (sizeof hostile / sizeof *hostile)];
}

static void fill(const sg_class *cls, char *obj);

static void fill_elem(const sg_attr *a, char *p, uint32_t esize)
{
    uint64_t r = next_rand();
    float f;
    double d;
    char *s;
    const char *t;

    switch (a->kind) {
    case SG_K_BOOL:
        *(bool *)p = r & 1;
        break;
    case SG_K_CHAR:
        *p = (char)(r & 0xFF);
        break;
    case SG_K_I8: case SG_K_I16: case SG_K_I32: case SG_K_I64:
    case SG_K_U8: case SG_K_U16: case SG_K_U32: case SG_K_U64:
        memcpy(p, &r, esize);
        break;
    case SG_K_ENUM:
        if (r % 4 && a->enm->count) {
            int32_t v = (int32_t)a->enm->members[(r >> 8) % a->enm->count].value;
            memcpy(p, &v, esize < 4 ? esize : 4);
        } else {
            memcpy(p, &r, esize);
        }
        break;
    case SG_K_F32:
        f = (r % 7 == 0) ? INFINITY : (r % 11 == 0) ? NAN : (float)((double)(int64_t)r / 3e9);
        memcpy(p, &f, sizeof f);
        break;
    case SG_K_F64:
        if (r % 7 == 0)
            d = -INFINITY;
        else if (r % 13 == 0)
            d = NAN;
        else
            memcpy(&d, &r, sizeof d);
        if (isnan(d))
            d = NAN;
        memcpy(p, &d, sizeof d);
        break;
    case SG_K_STRING:
        memcpy(&s, p, sizeof s);
        sg_str_free(s);
        s = r % 5 == 0 ? NULL : sg_str_dup(random_string());
        memcpy(p, &s, sizeof s);
        break;
    case SG_K_CHARS:
        t = random_string();
        memset(p, 0, esize);
        if (strlen(t) < esize)
            memcpy(p, t, strlen(t));
        break;
    case SG_K_CLASS:
        fill(a->cls, p);
        break;
    case SG_K_FLAGS: {
        uint64_t set = 0;
        for (uint32_t k = 0; k < a->enm->count; k++)
            if ((r >> k) & 1)
                set |= (uint64_t)a->enm->members[k].value;
        switch (esize) {
        case 1: { uint8_t v = (uint8_t)set; memcpy(p, &v, 1); break; }
        case 2: { uint16_t v = (uint16_t)set; memcpy(p, &v, 2); break; }
        case 4: { uint32_t v = (uint32_t)set; memcpy(p, &v, 4); break; }
        default: memcpy(p, &set, 8); break;
        }
        break;
    }
    default: /* refs stay NULL: they are not saved */
        break;
    }
}

/* A list gets 0 to 4 elements, each filled in a zeroed (initialized, for a class) buffer and
 * appended with sg_list_append (which copies strings and deep-copies objects). */
static unsigned list_depth; /* a class may hold a list of itself: nest lists 2 deep at most */

static void fill_list(const sg_attr *a, char *obj)
{
    uint64_t n = list_depth < 2 ? next_rand() % 5 : 0;
    char *tmp = test_calloc(1, a->elem_size);

    list_depth++;

    sg_list_clear(a, obj);
    for (uint64_t k = 0; k < n; k++) {
        memset(tmp, 0, a->elem_size);
        if (a->kind == SG_K_CLASS)
            assert_int_equal(sg_object_init(a->cls, tmp), SG_OK);
        fill_elem(a, tmp, a->elem_size);
        assert_int_equal(sg_list_append(a, obj, a->kind == SG_K_STRING ? (void *)tmp : tmp),
                         SG_OK);
        if (a->kind == SG_K_CLASS)
            sg_object_destroy(a->cls, tmp);
        else if (a->kind == SG_K_STRING) {
            char *str;
            memcpy(&str, tmp, sizeof str);
            sg_str_free(str);
        }
    }
    list_depth--;
    test_free(tmp);
}

static void fill(const sg_class *cls, char *obj)
{
    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const sg_attr *a = &cls->attrs[i];
        uint32_t n = a->count ? a->count : 1, es = a->size / n;
        if (a->flags & SG_ATTR_LIST) {
            fill_list(a, obj);
            continue;
        }
        for (uint32_t k = 0; k < n; k++)
            fill_elem(a, obj + a->offset + k * es, es);
        if (a->presence >= 0) {
            /* an optional string or ref that is NULL is absent (null reads back as absent,
             * as sg_setattr of SG_NONE clears one) */
            char *b = obj + cls->presence_offset + a->presence / 8;
            void *ptr = NULL;
            if (a->kind == SG_K_STRING || a->kind == SG_K_REF)
                memcpy(&ptr, obj + a->offset, sizeof ptr);
            if (next_rand() & 1 && (ptr || (a->kind != SG_K_STRING && a->kind != SG_K_REF)))
                *b = (char)(*b | (1 << (a->presence % 8)));
            else
                *b = (char)(*b & ~(1 << (a->presence % 8)));
        }
    }
    if (!cls->slotted) {
        static const char *const names[] = {"note", "count", "big", "ratio", "flag", "none",
                                             "weird key: x", "caf\xc3\xa9", "true", "42"};
        for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
            sg_value v;
            if (next_rand() % 3 == 0 || sg_class_find(cls, names[k], strlen(names[k])) >= 0)
                continue; /* a declared name: not a dynamic attribute */
            switch (k % 6) {
            case 0: v = sg_str(random_string()); break;
            case 1: v = sg_int((int64_t)next_rand()); break;
            case 2: v = sg_uint(next_rand() | (1ull << 63)); break;
            case 3: v = sg_float((double)(int64_t)next_rand() / 7.0); break;
            case 4: v = sg_bool(next_rand() & 1); break;
            default: v = sg_none(); break;
            }
            assert_int_equal(sg_setattr(cls, obj, names[k], v), SG_OK);
        }
    }
}

/* ---- round trips ------------------------------------------------------------------------- */

static void *new_obj(const sg_class *cls)
{
    void *o = test_malloc(cls->size ? cls->size : 1);
    memset(o, 0, cls->size);
    return o;
}

static void free_obj(const sg_class *cls, void *o)
{
    sg_object_destroy(cls, o);
    test_free(o);
}

static void round_trip(const sg_class *cls, const void *obj, sg_io_format fmt)
{
    sg_io_buf buf = {NULL, 0, 0}, again = {NULL, 0, 0};
    void *back = new_obj(cls);
    sg_diag d;
    sg_status st;

    st = fmt == SG_IO_JSON ? sg_json_save_buf(cls, obj, &buf) : sg_yaml_save_buf(cls, obj, &buf);
    assert_int_equal(st, SG_OK);
    st = fmt == SG_IO_JSON ? sg_json_load(cls, back, buf.data, buf.len, &d)
                           : sg_yaml_load(cls, back, buf.data, buf.len, &d);
    if (st != SG_OK) {
        fprintf(stderr, "class %s:\n%s\n", cls->name, buf.data);
        sg_diag_print(&d, stderr);
    }
    assert_int_equal(st, SG_OK);
    if (!sg_equal(cls, obj, back))
        fprintf(stderr, "class %s not equal after:\n%s\n", cls->name, buf.data);
    assert_true(sg_equal(cls, obj, back));
    /* deterministic: the loaded object saves to the same bytes */
    st = fmt == SG_IO_JSON ? sg_json_save_buf(cls, back, &again)
                           : sg_yaml_save_buf(cls, back, &again);
    assert_int_equal(st, SG_OK);
    assert_int_equal(again.len, buf.len);
    assert_memory_equal(again.data, buf.data, buf.len);
    sg_io_buf_free(&buf);
    sg_io_buf_free(&again);
    free_obj(cls, back);
}

static void test_round_trip_defaults(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof io_classes / sizeof *io_classes; i++) {
        const sg_class *cls = io_classes[i];
        void *o = new_obj(cls);
        assert_int_equal(sg_object_init(cls, o), SG_OK);
        round_trip(cls, o, SG_IO_YAML);
        round_trip(cls, o, SG_IO_JSON);
        free_obj(cls, o);
    }
}

static void test_round_trip_random(void **state)
{
    (void)state;
    for (int rep = 0; rep < 10; rep++) {
        for (size_t i = 0; i < sizeof io_classes / sizeof *io_classes; i++) {
            const sg_class *cls = io_classes[i];
            void *o = new_obj(cls);
            assert_int_equal(sg_object_init(cls, o), SG_OK);
            fill(cls, o);
            round_trip(cls, o, SG_IO_YAML);
            round_trip(cls, o, SG_IO_JSON);
            free_obj(cls, o);
        }
    }
}

/* The exact text for one Image, both formats: the deterministic output users see. */
static void test_save_text(void **state)
{
    Image img;
    sg_io_buf y = {NULL, 0, 0}, j = {NULL, 0, 0};

    (void)state;
    assert_int_equal(Image_init(&img), SG_OK);
    img.id = 7;
    assert_int_equal(Image_set_caption(&img, "sunset"), SG_OK);
    assert_int_equal(Image_set_url(&img, "https://x.org/a.jpg"), SG_OK);
    assert_int_equal(sg_yaml_save_buf(&Image_class, &img, &y), SG_OK);
    assert_string_equal(y.data, "id: 7\ncaption: sunset\nurl: \"https://x.org/a.jpg\"\n");
    assert_int_equal(sg_json_save_buf(&Image_class, &img, &j), SG_OK);
    assert_string_equal(j.data, "{\"id\":7,\"caption\":\"sunset\",\"url\":\"https://x.org/a.jpg\"}\n");
    sg_io_buf_free(&y);
    sg_io_buf_free(&j);
    Image_destroy(&img);
}

/* The float the writer used before its fast path, for comparison: the fewest of 15-17 digits
 * that read back bit-exact, with ".0" when that reads as an integer. */
static void reference_f64(double d, char *buf, size_t size)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    if (!strpbrk(buf, ".e"))
        strcat(buf, ".0");
}

/* f64 values are written as "%.15g"-to-"%.17g" would (the decimals the writer formats itself,
 * m / 10^k, included): short decimals, their neighbours, the fast path's bounds, and random
 * bit patterns. */
static void test_save_f64_text(void **state)
{
    static const double fixed[] = {0.0, -0.0, 0.1, 0.2, 0.30000000000000004, 1.5, -2.25, 1e-4,
                                   -1e-4, 9.99e-5, 0.00012, 1e15, 999999999999999.0,
                                   99999999999999.9, 123456789012345.6, 1e14 + 0.5, 5e-324,
                                   1.7976931348623157e308, 4503599627370496.5, 0.1 + 0.7,
                                   100.0, 1e8, 12345678.9, 0.000123456789, 3.0e-5};
    uint64_t seed = 7;
    char want[64], got[128];

    (void)state;
    for (int i = 0; i < 40000; i++) {
        Point pt;
        sg_io_buf b = {NULL, 0, 0};
        double d;
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        if (i < (int)(sizeof fixed / sizeof *fixed)) {
            d = fixed[i];
        } else if (i % 4 == 0) { /* a random bit pattern */
            uint64_t bits = seed ^ (seed >> 29);
            memcpy(&d, &bits, sizeof d);
            if (!isfinite(d))
                continue;
        } else { /* a short decimal, or next to one */
            double p = pow(10.0, (double)((seed >> 40) % 12) - 4.0);
            d = (double)((int64_t)(seed >> 20) % 100000000) / p;
            if (i % 4 == 3)
                d = nextafter(d, INFINITY);
        }
        assert_int_equal(Point_init(&pt), SG_OK);
        pt.x = d;
        assert_int_equal(sg_json_save_buf(&Point_class, &pt, &b), SG_OK);
        reference_f64(d, want, sizeof want);
        snprintf(got, sizeof got, "{\"x\":%s,\"y\":1.5}\n", want);
        if (strcmp(b.data, got) != 0)
            fprintf(stderr, "%.17g: got %s want %s", d, b.data, got);
        assert_string_equal(b.data, got);
        sg_io_buf_free(&b);
        Point_destroy(&pt);
    }
}

/* Loading an f64 gives strtod's double, bit for bit, for the decimals the loader converts
 * itself (m / 10^k) and for those it leaves to strtod: signs, leading and trailing points,
 * 2^53 and past it, fractions of 22 digits and more, and random decimals. */
static void test_load_f64_text(void **state)
{
    static const char *const fixed[] = {"0", "-0.0", "+1.5", ".5", "5.", "-.25", "0.1",
                                        "9007199254740992", "9007199254740993",
                                        "9007199254740992.5", "0.1000000000000000000001",
                                        "0.12345678901234567890123", "123456.789e3",
                                        "00000012.50000", "1e-400"};
    uint64_t seed = 11;
    char text[96], doc[160];

    (void)state;
    for (int i = 0; i < 40000; i++) {
        Point pt;
        sg_diag d;
        double want;
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        if (i < (int)(sizeof fixed / sizeof *fixed)) {
            snprintf(text, sizeof text, "%s", fixed[i]);
        } else {
            uint64_t m = (seed >> 11) >> ((seed >> 3) % 40); /* 0 to 2^53 - 1, often short */
            unsigned k = (unsigned)(seed % 26), len;
            char digits[32];
            len = (unsigned)snprintf(digits, sizeof digits, "%0*llu", (int)k + 1,
                                     (unsigned long long)m);
            snprintf(text, sizeof text, "%s%.*s.%s", i % 3 == 0 ? "-" : "", (int)(len - k),
                     digits, digits + len - k);
        }
        snprintf(doc, sizeof doc, "x: %s\n", text);
        want = strtod(text, NULL);
        assert_int_equal(sg_yaml_load(&Point_class, &pt, doc, strlen(doc), &d), SG_OK);
        if (memcmp(&pt.x, &want, sizeof want) != 0)
            fprintf(stderr, "%s: got %.17g want %.17g\n", text, pt.x, want);
        assert_memory_equal(&pt.x, &want, sizeof want);
        Point_destroy(&pt);
    }
}

/* An f32 reads as strtof reads its text, never as (float)strtod, which rounds twice and can
 * miss by one ulp: "7.038531e-26" (what the writer prints for 0x1aae4ac2, checked with strtof)
 * read back as 7.0385313e-26 until the loader used strtof (found by the schema fuzzer's round
 * trip). Random floats, printed with 6 to 9 digits, in YAML and JSON (Limits.f_min, an f32). */
static void test_load_f32_text(void **state)
{
    uint64_t seed = 7;
    char text[64], doc[128];

    (void)state;
    for (int i = 0; i < 40000; i++) {
        Limits e;
        sg_diag d;
        float want, f;
        uint32_t bits;
        sg_status st;
        int json = i & 1;
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        bits = (uint32_t)(seed >> 32);
        memcpy(&f, &bits, sizeof f);
        if (!isfinite(f))
            continue;
        if (i == 0)
            snprintf(text, sizeof text, "7.038531e-26");
        else
            snprintf(text, sizeof text, "%.*g", 6 + (int)((seed >> 8) % 4), (double)f);
        snprintf(doc, sizeof doc,
                 json ? "{\"f_min\": %s}" : "f_min: %s\n",
                 text);
        want = strtof(text, NULL);
        if (isinf(want))
            continue;
        st = json ? sg_json_load(&Limits_class, &e, doc, strlen(doc), &d)
                  : sg_yaml_load(&Limits_class, &e, doc, strlen(doc), &d);
        if (st != SG_OK) {
            fprintf(stderr, "%s:\n", doc);
            sg_diag_print(&d, stderr);
        }
        assert_int_equal(st, SG_OK);
        if (memcmp(&e.f_min, &want, sizeof want) != 0)
            fprintf(stderr, "%s: got %.9g want %.9g\n", text, (double)e.f_min, (double)want);
        assert_memory_equal(&e.f_min, &want, sizeof want);
        Limits_destroy(&e);
    }
}

static void test_save_refuses(void **state)
{
    Shape s;
    sg_io_buf b = {NULL, 0, 0};
    Image img;

    (void)state;
    assert_int_equal(Shape_init(&s), SG_OK);
    s.owner = &s;
    assert_int_equal(sg_yaml_save_buf(&Shape_class, &s, &b), SG_ETYPE);
    assert_int_equal(b.len, 0);
    assert_int_equal(sg_json_save_buf(&Shape_class, &s, &b), SG_ETYPE);
    assert_int_equal(b.len, 0);
    assert_int_equal(Image_init(&img), SG_OK);
    assert_int_equal(Image_set_caption(&img, "bad \xff utf8"), SG_OK);
    assert_int_equal(sg_json_save_buf(&Image_class, &img, &b), SG_ETYPE);
    assert_int_equal(sg_yaml_save_buf(&Image_class, &img, &b), SG_ETYPE);
    assert_int_equal(sg_yaml_save(&Image_class, NULL, stdout), SG_EINVAL);
    Image_destroy(&img);
    /* a NULL argument to a load is SG_EINVAL, and the diag says so (a caller prints it) */
    sg_diag d;
    memset(&d, 0xAB, sizeof d);
    assert_int_equal(sg_yaml_load(NULL, &img, "id: 1", 5, &d), SG_EINVAL);
    assert_int_equal(d.status, SG_EINVAL);
    assert_string_equal(d.message, "no class given (NULL)");
    assert_int_equal(sg_json_load(&Image_class, NULL, "{}", 2, &d), SG_EINVAL);
    assert_string_equal(d.message, "no object given (NULL)");
    assert_int_equal(sg_io_load_each(NULL, &Image_class, NULL, NULL, &d), SG_EINVAL);
    assert_string_equal(d.message, "no input given (NULL)");
    assert_int_equal(sg_yaml_load(NULL, &img, "id: 1", 5, NULL), SG_EINVAL);
    sg_io_buf_free(&b);
}

typedef struct collect {
    Image items[8];
    size_t n;
    size_t errors;
    sg_io_next on_error;
    size_t stop_after;
    char last_error[600];
} collect;

static sg_io_next collect_fn(void *ud, void *obj, const sg_diag *err)
{
    collect *c = ud;

    if (err) {
        assert_null(obj);
        c->errors++;
        snprintf(c->last_error, sizeof c->last_error, "%u:%u: [%zu] %s", err->line, err->col,
                 err->index, err->message);
        return c->on_error;
    }
    assert_true(c->n < 8);
    memcpy(&c->items[c->n++], obj, sizeof(Image));
    return c->stop_after && c->n >= c->stop_after ? SG_IO_STOP : SG_IO_CONTINUE;
}

static void collect_free(collect *c)
{
    for (size_t i = 0; i < c->n; i++)
        Image_destroy(&c->items[i]);
}

/* ---- errors: exact message and position ------------------------------------------------- */

typedef struct bad_case {
    sg_io_format fmt;
    const sg_class *cls;
    const char *text;
    sg_status status;
    const char *expect; /* what sg_diag_print prints */
} bad_case;

static sg_status bad_cases_status;

/* Loads bad case 'c' from its text, or from a FILE * holding it when 'from_file', into 'o';
 * what sg_diag_print printed in 'out'. */
static void load_bad(const bad_case *c, bool from_file, void *o, char *out, size_t size)
{
    sg_diag d;
    sg_io_input in;
    FILE *src = NULL, *f;
    size_t n;

    memset(&in, 0, sizeof in);
    in.format = c->fmt;
    in.name = "data.in";
    if (from_file) {
        src = tmpfile();
        assert_non_null(src);
        assert_int_equal(fwrite(c->text, 1, strlen(c->text), src), strlen(c->text));
        rewind(src);
        in.file = src;
    } else {
        in.text = c->text;
        in.len = strlen(c->text);
    }
    memset(o, 0xAB, c->cls->size);
    bad_cases_status = sg_io_load(&in, c->cls, o, &d);
    assert_int_equal(bad_cases_status, d.status);
    for (uint32_t i = 0; i < c->cls->size; i++)
        assert_int_equal(((unsigned char *)o)[i], 0); /* destroyed and zeroed */
    f = tmpfile();
    assert_non_null(f);
    assert_int_equal(sg_diag_print(&d, f), 0);
    rewind(f);
    n = fread(out, 1, size - 1, f);
    out[n] = '\0';
    fclose(f);
    if (src)
        fclose(src);
}

/* Case 'c' fails with its exact message, from a string and from a FILE * alike (positions
 * included: libyaml gives an invalid byte's offset alone, which the loader turns into a
 * line and column in either). */
static void check_bad(const bad_case *c)
{
    void *o = new_obj(c->cls);
    char out[1024];

    for (int from_file = 0; from_file < 2; from_file++) {
        load_bad(c, from_file, o, out, sizeof out);
        if (strcmp(out, c->expect) != 0)
            fprintf(stderr, "input (%s): %s\n got: %s want: %s", from_file ? "FILE" : "text",
                    c->text, out, c->expect);
        if (!getenv("IO_ALL"))
            assert_string_equal(out, c->expect);
    }
    test_free(o);
}

#define Y SG_IO_YAML
#define J SG_IO_JSON

static const bad_case bad_cases[] = {
    {Y, &Image_class, "id: -3\ncaption: a\nurl: b\n", SG_ERANGE,
     "data.in:1:5: error: attribute 'id' of class 'Image' must be a u32, got '-3'\n"},
    {J, &Image_class, "{\"id\": -3, \"caption\": \"a\", \"url\": \"b\"}", SG_ERANGE,
     "data.in:1:8: error: attribute 'id' of class 'Image' must be a u32, got '-3'\n"},
    {Y, &Image_class, "id: 4294967296\n", SG_ERANGE,
     "data.in:1:5: error: attribute 'id' of class 'Image' must be a u32, got '4294967296'\n"},
    {Y, &Image_class, "id: 99999999999999999999999\n", SG_ERANGE,
     "data.in:1:5: error: attribute 'id' of class 'Image' must be a u32, got "
     "'99999999999999999999999'\n"},
    {Y, &Image_class, "id: \"12\"\n", SG_ETYPE,
     "data.in:1:5: error: attribute 'id' of class 'Image' must be a u32, got the string "
     "'12'\n"},
    {Y, &Image_class, "id: 1\ncapton: a\nurl: b\n", SG_ENOATTR,
     "data.in:2:1: error: class 'Image' has no attribute 'capton' (did you mean "
     "'caption'?)\n"},
    {J, &Image_class, "{\"id\": 1,\n \"zzz\": 2}", SG_ENOATTR,
     "data.in:2:2: error: class 'Image' has no attribute 'zzz'\n"},
    /* text from the data reaches a message escaped, as the compiler's diagnostics escape
     * theirs: no control, bidi override or broken UTF-8 reaches a terminal raw */
    {Y, &Image_class, "\"\\e[31mevil\\u202e\": 1\n", SG_ENOATTR,
     "data.in:1:1: error: class 'Image' has no attribute '\\x1b[31mevil\\u202e'\n"},
    {J, &Image_class, "{\"id\": \"a\\u0007\\u2066b\\r\"}", SG_ETYPE,
     "data.in:1:8: error: attribute 'id' of class 'Image' must be a u32, got the string "
     "'a\\x07\\u2066b\\x0d'\n"},
    {Y, &Image_class, "id: 1\nid: 2\n", SG_EINVAL,
     "data.in:2:1: error: duplicate key 'id' in an object of class 'Image'\n"},
    {J, &ImageDyn_class, "{\"x\": 1, \"x\": 2}", SG_EINVAL,
     "data.in:1:10: error: duplicate key 'x' in an object of class 'ImageDyn'\n"},
    {Y, &Image_class, "caption: a\nurl: b\n", SG_ENOATTR,
     "data.in:1:1: error: object of class 'Image' lacks required attribute 'id'\n"},
    {J, &Image_class, "  {\"caption\": \"a\", \"url\": \"b\"}", SG_ENOATTR,
     "data.in:1:3: error: object of class 'Image' lacks required attribute 'id'\n"},
    {Y, &Image_class, "- 1\n", SG_ETYPE,
     "data.in:1:1: error: expected a mapping (an object of class 'Image'), got a sequence\n"},
    {Y, &Image_class, "hello\n", SG_ETYPE,
     "data.in:1:1: error: expected a mapping (an object of class 'Image'), got a scalar\n"},
    {Y, &Image_class, "", SG_ETYPE,
     "data.in:1:1: error: expected a mapping (an object of class 'Image'), got an empty "
     "input\n"},
    {Y, &Image_class, "id: [1]\n", SG_ETYPE,
     "data.in:1:5: error: attribute 'id' of class 'Image' must be a u32, got a sequence\n"},
    {Y, &Image_class, "{id: 1, [a]: 2}\n", SG_ETYPE,
     "data.in:1:9: error: a key must be a scalar, got a sequence (in an object of class "
     "'Image')\n"},
    {Y, &Shape_class, "origin: 5\n", SG_ETYPE,
     "data.in:1:9: error: attribute 'origin' of class 'Shape' must be a mapping (class "
     "'Point'), got '5'\n"},
    {Y, &Shape_class, "origin: {x: 1, y: true}\n", SG_ETYPE,
     "data.in:1:19: error: attribute 'y' of class 'Point' must be a f64, got 'true'\n"},
    {Y, &Shape_class, "corners: [{x: 1}, {x: 2}, {x: 3}]\n", SG_ERANGE,
     "data.in:1:27: error: attribute 'corners' of class 'Shape' holds at most 2 elements\n"},
    {Y, &Shape_class, "corners: {x: 1}\n", SG_ETYPE,
     "data.in:1:10: error: attribute 'corners' of class 'Shape' must be a sequence "
     "(class[2]), got a mapping\n"},
    {Y, &Shape_class, "color: purple\n", SG_ETYPE,
     "data.in:1:8: error: attribute 'color' of class 'Shape' must be a member of enum 'Hue' "
     "(red, green, blue), got 'purple'\n"},
    {Y, &Shape_class, "owner: {}\n", SG_ETYPE,
     "data.in:1:8: error: attribute 'owner' of class 'Shape' must be a ref, got a mapping\n"},
    {Y, &Shape_class, "owner: x\n", SG_ETYPE,
     "data.in:1:8: error: attribute 'owner' of class 'Shape' must be a null (refs are not "
     "loaded), got 'x'\n"},
    {Y, &Everything_class, "counts: [1, 2, 3, 4, 5]\n", SG_ERANGE,
     "data.in:1:22: error: attribute 'counts' of class 'Everything' holds at most 4 "
     "elements\n"},
    {Y, &Everything_class, "counts: [1, -2]\n", SG_ERANGE,
     "data.in:1:13: error: element 1 of attribute 'counts' of class 'Everything' must be a "
     "u16, got '-2'\n"},
    {Y, &Everything_class, "code: abcdefgh\n", SG_ERANGE,
     "data.in:1:7: error: attribute 'code' of class 'Everything' holds at most 7 bytes, got "
     "8 bytes\n"},
    {Y, &Everything_class, "tiny: -129\n", SG_ERANGE,
     "data.in:1:7: error: attribute 'tiny' of class 'Everything' must be an i8, got '-129'\n"},
    {Y, &Everything_class, "ratio: 1e39\n", SG_ERANGE,
     "data.in:1:8: error: attribute 'ratio' of class 'Everything' must be a f32, got '1e39'\n"},
    {Y, &Everything_class, "precise: 1e400\n", SG_ETYPE,
     "data.in:1:10: error: attribute 'precise' of class 'Everything' must be a f64, got "
     "'1e400'\n"},
    {Y, &Everything_class, "letter: ab\n", SG_ETYPE,
     "data.in:1:9: error: attribute 'letter' of class 'Everything' must be a char (one "
     "character, or a code 0-255), got 'ab'\n"},
    {Y, &Everything_class, "flag: yes\n", SG_ETYPE,
     "data.in:1:7: error: attribute 'flag' of class 'Everything' must be a bool, got 'yes'\n"},
    {Y, &Everything_class, "name: \"a\\0b\"\n", SG_ETYPE,
     "data.in:1:7: error: attribute 'name' of class 'Everything' must not contain a NUL "
     "byte\n"},
    {Y, &Everything_class, "note: [1]\n", SG_ETYPE,
     "data.in:1:7: error: dynamic attribute 'note' of class 'Everything' must be a scalar, "
     "got a sequence\n"},
    {Y, &Everything_class, "a: &x 1\nb: *x\n", SG_EINVAL,
     "data.in:2:4: error: aliases are not supported (alias '*x')\n"},
    {Y, &Shape_class, "color: red\n---\ncolor: blue\n", SG_EINVAL,
     "data.in:2:1: error: more than one YAML document (put the objects in one sequence)\n"},
    {Y, &Shape_class, "color: red\nx: \"\xff\"\n", SG_EINVAL,
     "data.in:2:5: error: invalid leading UTF-8 octet (byte 15)\n"},
    {Y, &Shape_class, "color: red\nx: \"\xc3\xa9\xff\"\n", SG_EINVAL, /* columns count characters */
     "data.in:2:6: error: invalid leading UTF-8 octet (byte 17)\n"},
    {J, &Everything_class, "{\"x\": \"\xff\"}", SG_EINVAL,
     "data.in:1:8: error: lexical error: invalid bytes in UTF8 string\n"},
    {Y, &Shape_class, "{color: red\n", SG_EINVAL,
     "data.in:2:1: error: while parsing a flow mapping did not find expected ',' or '}'\n"},
    {J, &Image_class, "{\"id\": 1,}", SG_EINVAL,
     "data.in:1:10: error: parse error: invalid object key (must be a string)\n"},
    {J, &Image_class, "{\"id\": 1", SG_EINVAL,
     "data.in:1:9: error: parse error: premature EOF\n"},
    {J, &Shape_class, "{\"color\": 1} x", SG_EINVAL,
     "data.in:1:14: error: parse error: trailing garbage\n"},
    {J, &Image_class, "{\"id\": 18446744073709551616}", SG_ERANGE,
     "data.in:1:8: error: attribute 'id' of class 'Image' must be a u32, got "
     "'18446744073709551616'\n"},
    /* lists and flag sets */
    {Y, &ls_Bag_class, "strs: [{a: 1}]\n", SG_ETYPE, /* first element, no storage yet (fuzz) */
     "data.in:1:8: error: element 0 of attribute 'strs' of class 'Bag' must be a string, got "
     "a mapping\n"},
    {Y, &ls_Bag_class, "i8s: [1, 300]\n", SG_ERANGE,
     "data.in:1:10: error: element 1 of attribute 'i8s' of class 'Bag' must be an i8, "
     "got '300'\n"},
    {Y, &ls_Bag_class, "i8s: 5\n", SG_ETYPE,
     "data.in:1:6: error: attribute 'i8s' of class 'Bag' must be a sequence (i8[]), "
     "got '5'\n"},
    {Y, &ls_Bag_class, "i8s: {a: 1}\n", SG_ETYPE,
     "data.in:1:6: error: attribute 'i8s' of class 'Bag' must be a sequence (i8[]), "
     "got a mapping\n"},
    {Y, &ls_Bag_class, "pts: [1]\n", SG_ETYPE,
     "data.in:1:7: error: element 0 of attribute 'pts' of class 'Bag' must be a "
     "mapping (class 'Pt'), got '1'\n"},
    {Y, &ls_Bag_class, "pts: [{x: 1, y: 2, label: a}, {x: a}]\n", SG_ETYPE,
     "data.in:1:35: error: attribute 'x' of class 'Pt' must be an i32, got 'a'\n"},
    {Y, &ls_Bag_class, "codes: [abcdefgh]\n", SG_ERANGE,
     "data.in:1:9: error: element 0 of attribute 'codes' of class 'Bag' holds at most "
     "5 bytes, got 8 bytes\n"},
    {Y, &ls_Bag_class, "perm: [read, nope]\n", SG_ETYPE,
     "data.in:1:14: error: a member of flag set 'Perm' (attribute 'perm' of class "
     "'Bag') must be one of read, write, exec, got 'nope'\n"},
    {Y, &ls_Bag_class, "perm: \"read|nope\"\n", SG_ETYPE,
     "data.in:1:7: error: attribute 'perm' of class 'Bag' must be a set of flags "
     "'Perm' (read, write, exec): a sequence of names, \"a|b\" or an integer, got the "
     "string 'read|nope'\n"},
    {Y, &ls_Bag_class, "perm: 8\n", SG_ETYPE,
     "data.in:1:7: error: attribute 'perm' of class 'Bag' must be a set of flags "
     "'Perm' (read, write, exec): a sequence of names, \"a|b\" or an integer, got "
     "'8'\n"},
    {Y, &ls_Bag_class, "perm: [[read]]\n", SG_ETYPE,
     "data.in:1:8: error: a member of flag set 'Perm' (attribute 'perm' of class "
     "'Bag') must be a name, got a sequence\n"},
    {Y, &ls_Bag_class, "perm: {read: 1}\n", SG_ETYPE,
     "data.in:1:7: error: attribute 'perm' of class 'Bag' must be a set of flags "
     "'Perm': a sequence of names, \"a|b\" or an integer, got a mapping\n"},
    {Y, &ls_Bag_class, "perms: [[read], wrong]\n", SG_ETYPE,
     "data.in:1:17: error: element 1 of attribute 'perms' of class 'Bag' must be a "
     "set of flags 'Perm' (read, write, exec): a sequence of names, \"a|b\" or an "
     "integer, got 'wrong'\n"},
    {J, &ls_Bag_class, "{\"perm\": [\"read\", 1]}", SG_ETYPE,
     "data.in:1:19: error: a member of flag set 'Perm' (attribute 'perm' of class "
     "'Bag') must be one of read, write, exec, got '1'\n"},
    {J, &ls_Bag_class, "{\"strs\": [\"a\", []]}", SG_ETYPE,
     "data.in:1:16: error: element 1 of attribute 'strs' of class 'Bag' must be a "
     "string, got a sequence\n"},
    {Y, &ls_Bag_class, "fixed: [1, 2, 3, 4]\n", SG_ERANGE,
     "data.in:1:18: error: attribute 'fixed' of class 'Bag' holds at most 3 elements\n"},
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        if (getenv("IO_ALL"))
            fprintf(stderr, "case %zu\n", i);
        check_bad(&bad_cases[i]);
        if (!getenv("IO_ALL")) assert_int_equal(bad_cases_status, bad_cases[i].status);
    }
}

/* A flag set loads from a sequence of names, from "a|b" and from an integer whose bits are
 * members, in both formats; a list from a sequence (empty too), elements appended in order. */
static void test_lists_and_flags(void **state)
{
    static const struct { sg_io_format fmt; const char *text; } same[] = {
        {SG_IO_YAML, "perm: [read, exec]\nstrs: [a, null, c]\n"
                     "pts: [{x: 1, y: 2, label: l}, {label: m}]\n"
                     "fixed_strs: [p, q]\nold_arr: [1, 2]\n"},
        {SG_IO_YAML, "perm: read|exec\nstrs: [a, ~, c]\n"
                     "pts:\n  - {x: 1, y: 2, label: l}\n  - {label: m}\n"
                     "fixed_strs: [p, q]\nold_arr: [1, 2]\n"},
        {SG_IO_YAML, "perm: 5\nstrs: [a, null, c]\n"
                     "pts: [{x: 1, y: 2, label: l}, {label: m}]\n"
                     "fixed_strs: [p, q]\ni8s: []\nold_arr: [1, 2]\n"},
        {SG_IO_JSON, "{\"perm\": [\"exec\", \"read\"], \"strs\": [\"a\", null, \"c\"], "
                     "\"pts\": [{\"x\": 1, \"y\": 2, \"label\": \"l\"}, {\"label\": \"m\"}], "
                     "\"fixed_strs\": [\"p\", \"q\"], \"old_arr\": [1, 2]}"},
        {SG_IO_JSON, "{\"perm\": \"read|exec\", \"strs\": [\"a\", null, \"c\"], "
                     "\"pts\": [{\"x\": 1, \"y\": 2, \"label\": \"l\"}, {\"label\": \"m\"}], "
                     "\"fixed_strs\": [\"p\", \"q\"], \"old_arr\": [1, 2]}"},
    };
    ls_Bag *first = new_obj(&ls_Bag_class), *b = new_obj(&ls_Bag_class);
    sg_io_buf buf = {NULL, 0, 0};
    sg_diag d;

    (void)state;
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        ls_Bag *o = i ? b : first;
        sg_status st = same[i].fmt == SG_IO_JSON
                           ? sg_json_load(&ls_Bag_class, o, same[i].text, strlen(same[i].text), &d)
                           : sg_yaml_load(&ls_Bag_class, o, same[i].text, strlen(same[i].text), &d);
        if (st != SG_OK)
            sg_diag_print(&d, stderr);
        assert_int_equal(st, SG_OK);
        assert_int_equal(o->perm, LS_PERM_READ | LS_PERM_EXEC);
        assert_int_equal(sg_list_count(o->strs), 3);
        assert_string_equal(o->strs[0], "a");
        assert_null(o->strs[1]);
        assert_string_equal(o->strs[2], "c");
        assert_int_equal(sg_list_count(o->pts), 2);
        assert_int_equal(o->pts[0].x, 1);
        assert_int_equal(o->pts[1].x, -1); /* the element class's default */
        assert_null(o->i8s);
        if (i) {
            assert_true(sg_equal(&ls_Bag_class, first, b));
            sg_object_destroy(&ls_Bag_class, b);
        }
    }
    assert_int_equal(sg_yaml_save_buf(&ls_Bag_class, first, &buf), SG_OK);
    assert_non_null(strstr(buf.data, "perm: [read, exec]\n"));
    assert_non_null(strstr(buf.data, "strs: [a, null, c]\n"));
    assert_non_null(strstr(buf.data, "i8s: []\n"));
    sg_io_buf_free(&buf);
    assert_int_equal(sg_json_save_buf(&ls_Bag_class, first, &buf), SG_OK);
    assert_non_null(strstr(buf.data, "\"perm\":[\"read\",\"exec\"]"));
    sg_io_buf_free(&buf);
    free_obj(&ls_Bag_class, first);
    test_free(b);
}

/* Nesting far deeper than any class: an error at the first collection the class does not
 * allow, never a crash (both parsers keep their own stacks on the heap); in a stream that
 * skips the bad object, skipping it keeps constant stack too. */
static void test_deep_nesting(void **state)
{
    size_t depth = 20000;
    char *t = test_malloc(depth + 64);
    Everything *e = new_obj(&Everything_class);
    sg_diag d;
    collect c;
    sg_io_input in;

    (void)state;
    for (int fmt = 0; fmt < 2; fmt++) {
        size_t n;
        strcpy(t, fmt ? "{\"a\": " : "a: ");
        n = strlen(t);
        memset(t + n, '[', depth);
        n += depth;
        assert_int_equal(fmt ? sg_json_load(&Everything_class, e, t, n, &d)
                             : sg_yaml_load(&Everything_class, e, t, n, &d), SG_ETYPE);
        assert_string_equal(d.message, "dynamic attribute 'a' of class 'Everything' must be a "
                                       "scalar, got a sequence");
        memset(&c, 0, sizeof c);
        c.on_error = SG_IO_CONTINUE;
        memset(&in, 0, sizeof in);
        in.format = (sg_io_format)fmt;
        memset(t, '[', depth);
        in.text = t;
        in.len = depth;
        assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, &d), SG_ETYPE);
        assert_int_equal(c.errors, 2); /* the element; then the depth limit stops it */
        assert_non_null(strstr(c.last_error, "nesting deeper than 64 levels"));
        assert_int_equal(d.kind, SG_DIAG_DATA); /* the first error */
        memset(&c, 0, sizeof c);
        c.on_error = SG_IO_CONTINUE;
        in.text = t + 1;
        in.len = depth - 1; /* a stream of sequences: skipped until the limit */
        assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, &d), SG_ETYPE);
    }
    test_free(t);
    test_free(e);
}

/* ---- dynamic attributes and values ------------------------------------------------------- */

static void test_dynamic_values(void **state)
{
    ImageDyn o;
    sg_value v;
    sg_diag d;
    const char *text = "id: 5\ncaption: c\nurl: u\nnote: hello\nn: -7\nu: 18446744073709551615\nf: 2.5\n"
                       "b: true\nz: null\ns: \"12\"\n";

    (void)state;
    assert_int_equal(sg_yaml_load(&ImageDyn_class, &o, text, strlen(text), &d), SG_OK);
    assert_int_equal(o.id, 5);
    assert_int_equal(sg_getattr(&ImageDyn_class, &o, "note", &v), SG_OK);
    assert_string_equal(sg_as_str(v), "hello");
    assert_int_equal(sg_getattr(&ImageDyn_class, &o, "n", &v), SG_OK);
    assert_int_equal(v.type, SG_INT);
    assert_int_equal(sg_as_int(v), -7);
    assert_int_equal(sg_getattr(&ImageDyn_class, &o, "u", &v), SG_OK);
    assert_int_equal(v.type, SG_UINT);
    assert_true(sg_as_uint(v) == UINT64_MAX);
    assert_int_equal(sg_getattr(&ImageDyn_class, &o, "f", &v), SG_OK);
    assert_true(sg_as_float(v) == 2.5);
    assert_int_equal(sg_getattr(&ImageDyn_class, &o, "b", &v), SG_OK);
    assert_true(sg_as_bool(v));
    assert_int_equal(sg_getattr(&ImageDyn_class, &o, "z", &v), SG_OK);
    assert_int_equal(v.type, SG_NONE);
    assert_int_equal(sg_getattr(&ImageDyn_class, &o, "s", &v), SG_OK);
    assert_string_equal(sg_as_str(v), "12");
    ImageDyn_destroy(&o);
}

static void test_optional_and_defaults(void **state)
{
    Everything e;
    sg_diag d;
    const char *text = "maybe: null\ntab: x\nint: 3\nlabels: [ab, cd]\ncolors: [red, blue]\n"
                       "utiny: 0x10\n";

    (void)state;
    assert_int_equal(sg_yaml_load(&Everything_class, &e, text, strlen(text), &d), SG_OK);
    assert_false(Everything_has_maybe(&e));
    assert_true(Everything_has_tab(&e));
    assert_int_equal(e.tab, 'x');
    assert_false(Everything_has_sci(&e));
    assert_int_equal(e.small, -300);            /* absent: its default */
    assert_string_equal(e.tags[0], "one");      /* absent array: its defaults */
    assert_int_equal(e.utiny, 16);
    assert_int_equal(e.status, HTTP_STATUS_TEAPOT);
    assert_string_equal(e.labels[1], "cd");
    assert_int_equal(e.colors[1], HUE_BLUE);
    Everything_destroy(&e);
}

/* An optional embedded object given as a mapping is present (and saves again); null or
 * absent, it is not. Found by the schema fuzzer's round trip: the mapping was loaded but the
 * presence bit stayed clear, so the object read back without it. */
static void test_optional_embedded(void **state)
{
    Stay s;
    sg_diag d;
    sg_io_buf buf = {NULL, 0, 0};
    const char *yaml = "nights: 2\nhotel: {name: Ritz, code: abc}\n";
    const char *json = "{\"nights\": 2, \"hotel\": {\"name\": \"Ritz\"}}";

    (void)state;
    assert_int_equal(sg_yaml_load(&Stay_class, &s, yaml, strlen(yaml), &d), SG_OK);
    assert_true(Stay_has_hotel(&s));
    assert_string_equal(s.hotel.name, "Ritz");
    assert_true(Hotel_has_code(&s.hotel));
    assert_int_equal(sg_yaml_save_buf(&Stay_class, &s, &buf), SG_OK);
    assert_string_equal(buf.data, "nights: 2\nhotel:\n  name: Ritz\n  code: \"abc\"\n");
    Stay_destroy(&s);
    assert_int_equal(sg_json_load(&Stay_class, &s, json, strlen(json), &d), SG_OK);
    assert_true(Stay_has_hotel(&s));
    assert_string_equal(s.hotel.name, "Ritz");
    Stay_destroy(&s);
    for (int k = 0; k < 2; k++) {
        const char *t = k ? "nights: 1\nhotel: null\n" : "nights: 1\n";
        assert_int_equal(sg_yaml_load(&Stay_class, &s, t, strlen(t), &d), SG_OK);
        assert_false(Stay_has_hotel(&s));
        Stay_destroy(&s);
    }
    sg_io_buf_free(&buf);
}

/* Defaults that are all zero bytes: a string's `default: null` and a flag set's `default: []`
 * leave sg_attr.def NULL, so only SG_ATTR_HAS_DEFAULT says they are not required. */
static void test_zero_defaults(void **state)
{
    Zeros z;
    sg_diag d;
    char msg[sizeof d.message + 32];
    const char *only_need = "need: 7\n";
    const char *lacks_need = "{\"n\": 1}";

    (void)state;
    assert_true(Zeros_class.attrs[3].def == NULL && Zeros_class.attrs[6].def == NULL);
    assert_int_equal(sg_yaml_load(&Zeros_class, &z, only_need, strlen(only_need), &d), SG_OK);
    assert_int_equal(z.need, 7);
    assert_int_equal(z.n, 0);
    assert_null(z.name);
    assert_int_equal(z.none, 0);
    assert_int_equal(z.level, LEVEL_LOW);
    Zeros_destroy(&z);
    assert_int_equal(sg_json_load(&Zeros_class, &z, "{\"need\": 1}", 11, &d), SG_OK);
    Zeros_destroy(&z);
    assert_int_equal(sg_json_load(&Zeros_class, &z, lacks_need, strlen(lacks_need), &d),
                     SG_ENOATTR);
    snprintf(msg, sizeof msg, "%u:%u: %s", d.line, d.col, d.message);
    assert_string_equal(msg, "1:1: object of class 'Zeros' lacks required attribute 'need'");
}

/* ---- streams ---------------------------------------------------------------------------- */

static const char stream_yaml[] =
    "- {id: 1, caption: a, url: x}\n"
    "- {id: -2, caption: b, url: [y, [z]]}\n"
    "- id: 3\n  caption: c\n  url: z\n";
static const char stream_json[] =
    "[{\"id\": 1, \"caption\": \"a\", \"url\": \"x\"},\n"
    " {\"id\": -2, \"caption\": \"b\", \"url\": [\"y\", [\"z\"]]},\n"
    " {\"id\": 3, \"caption\": \"c\", \"url\": \"z\"}]\n";

static void stream_case(sg_io_format fmt, const char *text, sg_io_next on_error,
                        size_t want_n, const char *want_err)
{
    collect c;
    sg_io_input in;
    sg_diag d;
    sg_status st;

    memset(&c, 0, sizeof c);
    c.on_error = on_error;
    memset(&in, 0, sizeof in);
    in.format = fmt;
    in.text = text;
    in.len = strlen(text);
    st = sg_io_load_each(&in, &Image_class, collect_fn, &c, &d);
    assert_int_equal(st, SG_ERANGE);
    assert_int_equal(c.n, want_n);
    assert_int_equal(c.errors, 1);
    assert_string_equal(c.last_error, want_err);
    assert_int_equal(d.index, 1);
    assert_int_equal(c.items[0].id, 1);
    if (want_n == 2) {
        assert_int_equal(c.items[1].id, 3);
        assert_string_equal(c.items[1].url, "z");
    }
    collect_free(&c);
}

static void test_stream_skip_and_stop(void **state)
{
    (void)state;
    stream_case(Y, stream_yaml, SG_IO_CONTINUE, 2,
                "2:8: [1] attribute 'id' of class 'Image' must be a u32, got '-2'");
    stream_case(Y, stream_yaml, SG_IO_STOP, 1,
                "2:8: [1] attribute 'id' of class 'Image' must be a u32, got '-2'");
    stream_case(J, stream_json, SG_IO_CONTINUE, 2,
                "2:9: [1] attribute 'id' of class 'Image' must be a u32, got '-2'");
    stream_case(J, stream_json, SG_IO_STOP, 1,
                "2:9: [1] attribute 'id' of class 'Image' must be a u32, got '-2'");
}

static void test_stream_callback_stops(void **state)
{
    collect c;
    sg_io_input in;

    (void)state;
    memset(&c, 0, sizeof c);
    c.stop_after = 1;
    memset(&in, 0, sizeof in);
    in.format = SG_IO_JSON;
    in.text = "[{\"id\": 1, \"caption\": \"a\", \"url\": \"x\"}, {\"id\": 2}, {\"id\": 3}]";
    in.len = strlen(in.text);
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_OK);
    assert_int_equal(c.n, 1);
    collect_free(&c);
    /* one mapping is a stream of one; a syntax error stops whatever the callback says */
    memset(&c, 0, sizeof c);
    c.on_error = SG_IO_CONTINUE;
    in.format = SG_IO_YAML;
    in.text = "id: 9\ncaption: q\nurl: r\n";
    in.len = strlen(in.text);
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_OK);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.items[0].id, 9);
    collect_free(&c);
    /* one mapping with an error: one error, though the callback asks to go on (there is no
     * next object: its other keys are not read as objects of a sequence) */
    memset(&c, 0, sizeof c);
    c.on_error = SG_IO_CONTINUE;
    in.text = "id: x\ncaption: q\nurl: r\n";
    in.len = strlen(in.text);
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_ETYPE);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.errors, 1);
    assert_string_equal(c.last_error, "1:5: [0] attribute 'id' of class 'Image' must be a u32, "
                                      "got 'x'");
    in.format = SG_IO_JSON;
    in.text = "{\"id\": 1, \"caption\": {\"a\": 1}, \"url\": \"r\"}";
    in.len = strlen(in.text);
    memset(&c, 0, sizeof c);
    c.on_error = SG_IO_CONTINUE;
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_ETYPE);
    assert_int_equal(c.errors, 1);
    in.format = SG_IO_YAML;
    memset(&c, 0, sizeof c);
    c.on_error = SG_IO_CONTINUE;
    in.text = "- {id: 1, caption: a, url: b}\n- {id: 2, caption: \"open\n- {id: 3}\n";
    in.len = strlen(in.text);
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_EINVAL);
    assert_int_equal(c.n, 1); /* not the third */
    collect_free(&c);
    /* every error reaches the callback, also one outside any object: a bad object skipped,
     * then a syntax error between objects */
    memset(&c, 0, sizeof c);
    c.on_error = SG_IO_CONTINUE;
    in.text = "- {id: -1, caption: a, url: b}\n- {id: 2, caption: b, url: c}\n]\n";
    in.len = strlen(in.text);
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_ERANGE);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.errors, 2);
    assert_string_equal(c.last_error, "3:1: [2] while parsing a block collection did not find "
                                      "expected '-' indicator");
    collect_free(&c);
    /* an input with no document is an error (a stream of no object is written []) */
    memset(&c, 0, sizeof c);
    c.on_error = SG_IO_CONTINUE;
    memset(&in, 0, sizeof in);
    in.text = "# nothing\n";
    in.len = strlen(in.text);
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_ETYPE);
    assert_int_equal(c.errors, 1);
    assert_string_equal(c.last_error, "2:1: [0] expected a mapping (an object of class 'Image') "
                                      "or a sequence of them, got an empty input");
    memset(&c, 0, sizeof c);
    in.text = "[]";
    in.len = 2;
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_OK);
    assert_int_equal(c.n + c.errors, 0);
    /* and an input that cannot be opened */
    memset(&c, 0, sizeof c);
    memset(&in, 0, sizeof in);
    in.path = "/nonexistent/dir/x.yaml";
    assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL), SG_EINVAL);
    assert_int_equal(c.errors, 1);
    assert_string_equal(c.last_error, "0:0: [0] cannot open: No such file or directory");
}

/* FILE * and path inputs, and sg_io_save_array back to a file. */
static void test_files(void **state)
{
    Image imgs[3];
    char path[] = "/tmp/test_io_XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    collect c;
    sg_io_input in;
    sg_diag d;

    (void)state;
    assert_true(fd >= 0);
    f = fdopen(fd, "w+");
    assert_non_null(f);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(Image_init(&imgs[i]), SG_OK);
        imgs[i].id = (uint32_t)i * 1000u;
        assert_int_equal(Image_set_caption(&imgs[i], "c\xc3\xa9 \"q\""), SG_OK);
    }
    for (int fmt = 0; fmt < 2; fmt++) {
        assert_int_equal(ftruncate(fileno(f), 0), 0);
        rewind(f);
        assert_int_equal(sg_io_save_array((sg_io_format)fmt, &Image_class, imgs, 3, f), SG_OK);
        rewind(f);
        memset(&c, 0, sizeof c);
        memset(&in, 0, sizeof in);
        in.format = (sg_io_format)fmt;
        in.file = f;
        assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, &d), SG_OK);
        assert_int_equal(c.n, 3);
        for (int i = 0; i < 3; i++)
            assert_true(sg_equal(&Image_class, &imgs[i], &c.items[i]));
        collect_free(&c);
        memset(&c, 0, sizeof c);
        in.file = NULL;
        in.path = path;
        assert_int_equal(sg_io_load_each(&in, &Image_class, collect_fn, &c, &d), SG_OK);
        assert_int_equal(c.n, 3);
        collect_free(&c);
    }
    fclose(f);
    unlink(path);
    memset(&in, 0, sizeof in);
    in.path = path;
    Image_destroy(&imgs[0]);
    assert_int_equal(sg_io_load(&in, &Image_class, &imgs[0], &d), SG_EINVAL);
    assert_int_equal(d.kind, SG_DIAG_IO);
    assert_int_equal(d.line, 0);
    for (int i = 0; i < 3; i++)
        Image_destroy(&imgs[i]);
}

static void test_format_of(void **state)
{
    (void)state;
    assert_int_equal(sg_io_format_of("a/b.json"), SG_IO_JSON);
    assert_int_equal(sg_io_format_of("B.JSON"), SG_IO_JSON);
    assert_int_equal(sg_io_format_of("b.yaml"), SG_IO_YAML);
    assert_int_equal(sg_io_format_of("json"), SG_IO_YAML);
}

/* ---- allocation failure at every point ---------------------------------------------------- */

/* Every allocation of a load and a save of a filled object of 'cls' fails in turn. */
static void enomem_class(const sg_class *cls)
{
    char *src = new_obj(cls), *dst = new_obj(cls);
    sg_io_buf buf = {NULL, 0, 0};
    sg_diag d;

    rng = 12345;
    assert_int_equal(sg_object_init(cls, src), SG_OK);
    fill(cls, src);
    for (int fmt = 0; fmt < 2; fmt++) {
        sg_status st;
        long n;
        assert_int_equal(fmt ? sg_json_save_buf(cls, src, &buf)
                             : sg_yaml_save_buf(cls, src, &buf), SG_OK);
        for (n = 0;; n++) {
            fail_countdown = n;
            st = fmt ? sg_json_load(cls, dst, buf.data, buf.len, &d)
                     : sg_yaml_load(cls, dst, buf.data, buf.len, &d);
            fail_countdown = -1;
            if (st == SG_OK)
                break;
            assert_int_equal(st, SG_ENOMEM);
            assert_int_equal(d.kind, SG_DIAG_NOMEM);
            for (uint32_t i = 0; i < cls->size; i++)
                assert_int_equal(((unsigned char *)dst)[i], 0);
        }
        assert_true(n > 5);
        assert_true(sg_equal(cls, src, dst));
        sg_object_destroy(cls, dst);
        for (n = 0;; n++) {
            sg_io_buf out = {NULL, 0, 0};
            fail_countdown = n;
            st = fmt ? sg_json_save_buf(cls, src, &out)
                     : sg_yaml_save_buf(cls, src, &out);
            fail_countdown = -1;
            if (st == SG_OK) {
                assert_int_equal(out.len, buf.len);
                sg_io_buf_free(&out);
                break;
            }
            assert_int_equal(st, SG_ENOMEM);
            sg_io_buf_free(&out);
        }
        sg_io_buf_free(&buf);
    }
    free_obj(cls, src);
    test_free(dst);
}

static void test_enomem_everywhere(void **state)
{
    (void)state;
    enomem_class(&Everything_class);
    enomem_class(&ls_Bag_class); /* lists of every kind, flag sets */
}

static void test_enomem_stream(void **state)
{
    long n;

    (void)state;
    for (n = 0;; n++) {
        collect c;
        sg_io_input in;
        sg_status st;
        memset(&c, 0, sizeof c);
        c.on_error = SG_IO_CONTINUE;
        memset(&in, 0, sizeof in);
        in.format = (n & 1) ? SG_IO_JSON : SG_IO_YAML;
        in.text = (n & 1) ? stream_json : stream_yaml;
        in.len = strlen(in.text);
        fail_countdown = n / 2;
        st = sg_io_load_each(&in, &Image_class, collect_fn, &c, NULL);
        fail_countdown = -1;
        collect_free(&c);
        if (st == SG_ERANGE && n > 40)
            break;
        assert_true(st == SG_ENOMEM || st == SG_ERANGE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_f64_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_f64_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_f32_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists_and_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dynamic_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_optional_and_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_optional_embedded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zero_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_skip_and_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_callback_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_format_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enomem_everywhere, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enomem_stream, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
