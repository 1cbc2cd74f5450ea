/*
 * test_emit.c - the emitter: indentation, signature wrapping, and writing files atomically
 * and only when changed (mtime kept, no temporary left behind, old file intact on failure).
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <cmocka.h>

#include "emit.h"

static void test_indentation(void **state)
{
    (void)state;
    emitter e;
    emit_init(&e);
    emit_open(&e, "int f(%s)", "void");
    emit_open(&e, "{");
    emit_line(&e, "return %d;", 1);
    emit_close(&e, "}");
    emit_blank(&e);
    emit_raw(&e, "x");
    size_t len;
    char *text = emit_take(&e, &len);
    assert_string_equal(text, "int f(void)\n    {\n        return 1;\n    }\n\nx");
    assert_int_equal(len, strlen(text));
    mem_free(text);
    emit_fini(&e);
}

static void test_decl_wrapping(void **state)
{
    (void)state;
    emitter e;
    emit_init(&e);
    emit_decl(&e, "short_t f(int a, int b);");
    emit_decl(&e, "static inline sg_status Measurement_getattr(const Measurement *self, "
                  "const char *name, sg_value *out)");
    assert_string_equal(e.buf,
                        "short_t f(int a, int b);\n"
                        "static inline sg_status Measurement_getattr(const Measurement *self, "
                        "const char *name,\n"
                        "                                            sg_value *out)\n");
    emit_fini(&e);
}

static char dir[] = "/tmp/test_emit.XXXXXX";

static int make_dir(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *ent;
    char path[512];
    while (d && (ent = readdir(d)))
        if (ent->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
            remove(path);
        }
    if (d)
        closedir(d);
    return rmdir(dir);
}

static size_t count_entries(void)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *ent;
    while (d && (ent = readdir(d)))
        n += ent->d_name[0] != '.';
    closedir(d);
    return n;
}

static void test_write_if_changed(void **state)
{
    (void)state;
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/out.h", dir);
    assert_int_equal(emit_write_file(path, "one\n", 4), 1);
    struct utimbuf old = {1000000000, 1000000000};
    assert_int_equal(utime(path, &old), 0);

    assert_int_equal(emit_write_file(path, "one\n", 4), 0); /* unchanged: not rewritten */
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mtime, 1000000000);

    assert_int_equal(emit_write_file(path, "one", 3), 1); /* a prefix is a change */
    assert_int_equal(emit_write_file(path, "two\n", 4), 1);
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_mtime > 1000000000);
    FILE *f = fopen(path, "r");
    char buf[16] = {0};
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, sizeof buf - 1, f), 4);
    fclose(f);
    assert_string_equal(buf, "two\n");
    assert_int_equal(count_entries(), 1); /* no temporary file left */
}

static void test_write_failure_leaves_no_trace(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/missing/out.h", dir);
    assert_int_equal(emit_write_file(path, "x", 1), -1);
    assert_int_equal(count_entries(), 1);
    snprintf(path, sizeof path, "%s", dir); /* a directory cannot be replaced by a file */
    assert_int_equal(emit_write_file(path, "x", 1), -1);
    assert_int_equal(count_entries(), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indentation),
        cmocka_unit_test(test_decl_wrapping),
        cmocka_unit_test(test_write_if_changed),
        cmocka_unit_test(test_write_failure_leaves_no_trace),
    };
    return cmocka_run_group_tests_name("emit", tests, make_dir, remove_dir);
}
