/*
 * test_sg_repr.c - sg_repr and sg_fprint: the Python-style text of every kind, floats that
 * read back with the fewest digits, string quoting and escapes, dynamic attributes, optional
 * attributes left out when absent, snprintf-like truncation, and write errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <cmocka.h>

#include "sg_test_classes.h"

static char text[4096];

static const char *repr(const sg_class *cls, const void *obj)
{
    size_t n = sg_repr(cls, obj, text, sizeof text);

    assert_true(n < sizeof text);
    assert_int_equal(strlen(text), n);
    return text;
}

static void set_ok(const sg_class *cls, void *obj, const char *name, sg_value v)
{
    assert_int_equal(sg_setattr(cls, obj, name, v), SG_OK);
}

/* The text of one f64 (or f32) value, through Kinds. */
static const char *float_text(double d, bool single)
{
    static char one[64];
    Kinds k = {0};
    const char *t, *p;
    size_t n;

    if (single)
        k.f32 = (float)d;
    else
        k.f64 = d;
    t = repr(&Kinds_class, &k);
    p = strstr(t, single ? "f32=" : "f64=");
    assert_non_null(p);
    p += 4;
    n = strcspn(p, ",)");
    assert_true(n < sizeof one);
    memcpy(one, p, n);
    one[n] = '\0';
    return one;
}

static void test_image(void **state)
{
    Image img = {0};

    (void)state;
    img.id = 7;
    set_ok(&Image_class, &img, "caption", sg_str("A cat"));
    assert_string_equal(repr(&Image_class, &img), "Image(id=7, caption='A cat', url=None)");
    sg_object_destroy(&Image_class, &img);
    tc_end();
}

static void test_every_kind(void **state)
{
    Kinds k = {0};
    char want[1024];

    (void)state;
    k.b = true;
    k.c = 'q';
    k.i8 = -8;
    k.i16 = -16;
    k.i32 = -32;
    k.i64 = INT64_MIN;
    k.u8 = 255;
    k.u16 = 16;
    k.u32 = 32;
    k.u64 = UINT64_MAX;
    k.f32 = 0.1f;
    k.f64 = -2.5;
    k.s = sg_str_dup("str");
    strcpy(k.name, "chars");
    k.color = COLOR_BLUE;
    k.rating = 1;                               /* no member: Rating(1) */
    k.img.id = 3;
    k.ref = &k.img;
    k.arr[1] = 5;
    k.tags[0] = sg_str_dup("t");
    k.imgs[1].caption = sg_str_dup("two");
    snprintf(want, sizeof want,
             "Kinds(b=True, c='q', i8=-8, i16=-16, i32=-32, i64=-9223372036854775808, u8=255, "
             "u16=16, u32=32, u64=18446744073709551615, f32=0.1, f64=-2.5, s='str', "
             "name='chars', color=Color.blue, rating=Rating(1), img=Image(id=3, caption=None, "
             "url=None), ref=<Image object at 0x%" PRIxPTR ">, arr=[0, 5, 0], tags=['t', None], "
             "imgs=[Image(id=0, caption=None, url=None), Image(id=0, caption='two', url=None)])",
             (uintptr_t)&k.img);
    assert_string_equal(repr(&Kinds_class, &k), want);
    k.b = false;
    k.c = '\0';
    k.rating = -1;
    k.ref = NULL;
    assert_non_null(strstr(repr(&Kinds_class, &k), "b=False, c='\\x00',"));
    assert_non_null(strstr(text, "rating=Rating.minus, "));
    assert_non_null(strstr(text, "ref=None, "));
    sg_object_destroy(&Kinds_class, &k);
    tc_end();
}

/* Python's repr of the same doubles; each reads back to the value. */
static void test_floats(void **state)
{
    static const struct {
        double d;
        const char *text;
    } f64[] = {
        {0.0, "0.0"}, {-0.0, "-0.0"}, {1.0, "1.0"}, {0.1, "0.1"}, {-2.5, "-2.5"},
        {100.0, "100.0"}, {123.456, "123.456"}, {1.0 / 3, "0.3333333333333333"},
        {2.0 / 3, "0.6666666666666666"}, {0.0001, "0.0001"}, {0.00001, "1e-05"},
        {1.5e-7, "1.5e-07"}, {1e15, "1000000000000000.0"}, {1e16, "1e+16"},
        {123456789012345678.0, "1.2345678901234568e+17"}, {DBL_MAX, "1.7976931348623157e+308"},
        {5e-324, "5e-324"}, {DBL_MIN, "2.2250738585072014e-308"}, {0.1 + 0.2,
        "0.30000000000000004"}, {9007199254740993.0, "9007199254740992.0"},
    };
    static const struct {
        float f;
        const char *text;
    } f32[] = {
        {0.1f, "0.1"}, {1.0f, "1.0"}, {16777216.0f, "16777216.0"}, {FLT_MAX, "3.4028235e+38"},
        {1e-10f, "1e-10"}, {-0.0f, "-0.0"}, {1.0f / 3, "0.33333334"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof f64 / sizeof f64[0]; i++) {
        const char *t = float_text(f64[i].d, false);
        if (strcmp(t, f64[i].text) != 0)
            fail_msg("%.17g printed as %s, not %s", f64[i].d, t, f64[i].text);
        assert_true(strtod(t, NULL) == f64[i].d);
    }
    for (size_t i = 0; i < sizeof f32 / sizeof f32[0]; i++) {
        const char *t = float_text(f32[i].f, true);
        if (strcmp(t, f32[i].text) != 0)
            fail_msg("%.9g printed as %s, not %s", (double)f32[i].f, t, f32[i].text);
        assert_true(strtof(t, NULL) == f32[i].f);
    }
    assert_string_equal(float_text(NAN, false), "nan");
    assert_string_equal(float_text(INFINITY, false), "inf");
    assert_string_equal(float_text(-INFINITY, true), "-inf");
    /* a sweep: every text reads back */
    srand(1);
    for (int i = 0; i < 2000; i++) {
        double d = ldexp((double)rand() / RAND_MAX, rand() % 200 - 100);
        const char *t = float_text(d, false);
        assert_true(strtod(t, NULL) == d);
    }
    tc_end();
}

static void test_strings(void **state)
{
    static const struct {
        const char *s;
        const char *text;
    } cases[] = {
        {"", "''"},
        {"it's", "\"it's\""},
        {"say \"hi\"", "'say \"hi\"'"},
        {"both ' and \"", "'both \\' and \"'"},
        {"a\\b", "'a\\\\b'"},
        {"tab\tnl\ncr\r", "'tab\\tnl\\ncr\\r'"},
        {"\x01\x1f\x7f", "'\\x01\\x1f\\x7f'"},
        {"caf\xc3\xa9", "'caf\xc3\xa9'"},          /* UTF-8 as it is */
    };
    Image img = {0};
    char want[128];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_ok(&Image_class, &img, "caption", sg_str(cases[i].s));
        snprintf(want, sizeof want, "Image(id=0, caption=%s, url=None)", cases[i].text);
        assert_string_equal(repr(&Image_class, &img), want);
    }
    sg_object_destroy(&Image_class, &img);
    tc_end();
}

/* A char[N] that fills its N bytes without a NUL prints its N bytes and no more. */
static void test_chars_bounded(void **state)
{
    Kinds k = {0};

    (void)state;
    memcpy(k.name, "12345678", 8);
    k.color = (Color)0x41414141;                /* the next bytes: "AAAA" */
    assert_true(offsetof(Kinds, color) == offsetof(Kinds, name) + sizeof k.name);
    assert_non_null(strstr(repr(&Kinds_class, &k), "name='12345678', color=Color(1094795585)"));
    tc_end();
}

static void test_dynamic_and_optional(void **state)
{
    Measurement m = {0};
    Opt o = {0};
    Outer out = {0};
    char want[256];

    (void)state;
    m.x = 1;
    m.y = 2;
    set_ok(&Measurement_class, &m, "val", sg_str("v"));
    set_ok(&Measurement_class, &m, "other", sg_bool(true));
    set_ok(&Measurement_class, &m, "n", sg_int(-5));
    set_ok(&Measurement_class, &m, "u", sg_uint(UINT64_MAX));
    set_ok(&Measurement_class, &m, "f", sg_float(0.5));
    set_ok(&Measurement_class, &m, "s", sg_str("it's"));
    set_ok(&Measurement_class, &m, "p", sg_ptr(&m));
    set_ok(&Measurement_class, &m, "none", sg_none());
    snprintf(want, sizeof want,
             "Measurement(x=1, y=2, val='v', other=True, n=-5, u=18446744073709551615, f=0.5, "
             "s=\"it's\", p=<ptr at 0x%" PRIxPTR ">, none=None)", (uintptr_t)&m);
    assert_string_equal(repr(&Measurement_class, &m), want);

    /* absent optional attributes are left out */
    assert_string_equal(repr(&Opt_class, &o), "Opt(level=0)");
    set_ok(&Opt_class, &o, "score", sg_float(2.0));
    set_ok(&Opt_class, &o, "color", sg_str("green"));
    set_ok(&Opt_class, &o, "img", sg_none());
    set_ok(&Opt_class, &o, "extra", sg_int(1));
    assert_string_equal(repr(&Opt_class, &o), "Opt(level=0, score=2.0, color=Color.green, "
                                              "extra=1)");

    /* an embedded object with its own dynamic attributes */
    set_ok(&Measurement_class, &out.m, "d", sg_int(4));
    set_ok(&Outer_class, &out, "label", sg_str("L"));
    set_ok(&Outer_class, &out, "e", sg_float(1e100));
    assert_string_equal(repr(&Outer_class, &out),
                        "Outer(m=Measurement(x=0, y=0, val=None, d=4), label='L', e=1e+100)");
    sg_object_destroy(&Measurement_class, &m);
    sg_object_destroy(&Opt_class, &o);
    sg_object_destroy(&Outer_class, &out);
    tc_end();
}

/* Like snprintf: the whole length returned, the buffer holds a NUL-terminated prefix. */
static void test_truncation(void **state)
{
    Image img = {0};
    const char *full = "Image(id=12, caption=None, url=None)";
    char buf[64];
    size_t n = strlen(full);

    (void)state;
    img.id = 12;
    assert_int_equal(sg_repr(&Image_class, &img, NULL, 0), n);
    for (size_t size = 1; size <= n + 1; size++) {
        memset(buf, 'X', sizeof buf);
        assert_int_equal(sg_repr(&Image_class, &img, buf, size), n);
        assert_int_equal(strlen(buf), size - 1);
        assert_memory_equal(buf, full, size - 1);
        assert_int_equal(buf[size], 'X');             /* nothing written past 'size' */
    }
    memset(buf, 'X', sizeof buf);
    assert_int_equal(sg_repr(&Image_class, &img, buf, 0), n);
    assert_int_equal(buf[0], 'X');
    assert_int_equal(sg_repr(NULL, &img, buf, sizeof buf), 4);
    assert_string_equal(buf, "None");
    assert_int_equal(sg_repr(&Image_class, NULL, buf, sizeof buf), 4);
    tc_end();
}

static void test_fprint(void **state)
{
    Measurement m = {0};
    char buf[256];
    FILE *f = tmpfile(), *ro;
    size_t n;

    (void)state;
    assert_non_null(f);
    m.x = 3;
    set_ok(&Measurement_class, &m, "tag", sg_str("t"));
    assert_int_equal(sg_fprint(f, &Measurement_class, &m), SG_OK);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    assert_string_equal(buf, repr(&Measurement_class, &m));
    assert_string_equal(buf, "Measurement(x=3, y=0, val=None, tag='t')");
    fclose(f);
    assert_int_equal(sg_fprint(NULL, &Measurement_class, &m), SG_EINVAL);
    assert_int_equal(sg_fprint(stdout, NULL, &m), SG_EINVAL);
    assert_int_equal(sg_fprint(stdout, &Measurement_class, NULL), SG_EINVAL);
    ro = fopen("/dev/null", "r");                   /* writing fails */
    assert_non_null(ro);
    assert_int_equal(sg_fprint(ro, &Measurement_class, &m), SG_EIO);
    fclose(ro);
    sg_object_destroy(&Measurement_class, &m);
    tc_end();
}

/* Names longer than any scratch buffer print whole: a class's, a flag set's and its flags'
 * (once cut at 63 bytes, and a set's text past 255 printed as a number). */
typedef struct LongFlags {
    uint8_t set;
} LongFlags;

static void test_long_names(void **state)
{
    static char cname[151], fname[101], f0[201], f1[201], want[1024];
    static sg_enum_member members[2];
    static sg_enum flags = {fname, 2, members};
    static const sg_attr attrs[] = {
        TC_ATTR(LongFlags, set, "set", SG_K_FLAGS, 0, -1, NULL, &flags),
    };
    static sg_class_rt rt;
    sg_class cls = {cname, sizeof(LongFlags), _Alignof(LongFlags), true, false, 1, attrs, NULL,
                    0, 0, &rt};
    LongFlags o = {3};

    (void)state;
    memset(cname, 'C', sizeof cname - 1);
    memset(fname, 'F', sizeof fname - 1);
    memset(f0, 'a', sizeof f0 - 1);
    memset(f1, 'b', sizeof f1 - 1);
    members[0].name = f0;
    members[0].value = 1;
    members[1].name = f1;
    members[1].value = 2;
    snprintf(want, sizeof want, "%s(set=%s.%s|%s)", cname, fname, f0, f1);
    assert_string_equal(repr(&cls, &o), want);
    o.set = 4; /* a bit that is no flag */
    snprintf(want, sizeof want, "%s(set=%s(4))", cname, fname);
    assert_string_equal(repr(&cls, &o), want);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_image, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_every_kind, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_floats, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_strings, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_chars_bounded, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_dynamic_and_optional, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_truncation, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_fprint, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_long_names, tc_setup, tc_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
