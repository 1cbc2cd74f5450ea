/*
 * test_corpus.c - the bad-schema corpus: every tests/data/bad/NAME.yaml, loaded and checked
 * exactly as the driver does (load_schema, then check_schema even when loading reported
 * errors), must produce exactly the diagnostics in NAME.err, file path spelt
 * 'tests/data/bad/NAME.yaml'. Every tests/data/good/NAME.yaml must produce none.
 *
 * To add a case: write NAME.yaml, write the expected NAME.err by hand (or review what the
 * compiler prints, line by line, before saving it).
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

#include <cmocka.h>

#include "check.h"
#include "diag.h"
#include "load.h"

/* Reads SRCDIR/rel into a new buffer; NULL when it does not exist. */
static char *slurp(const char *rel, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", SRCDIR, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *p = malloc(cap + 1);
    while (p && (got = fread(p + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            p = realloc(p, (cap *= 2) + 1);
    }
    fclose(f);
    assert_non_null(p);
    p[n] = '\0';
    *len = n;
    return p;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names (without .yaml) of the schemas in SRCDIR/dir; '*n' of them. */
static char **list_schemas(const char *dir, size_t *n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", SRCDIR, dir);
    DIR *d = opendir(path);
    assert_non_null(d);
    char **names = NULL;
    *n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        names = realloc(names, (*n + 1) * sizeof *names);
        assert_non_null(names);
        names[*n] = strndup(e->d_name, len - 5);
        (*n)++;
    }
    closedir(d);
    qsort(names, *n, sizeof *names, cmp_names);
    return names;
}

/* The diagnostics of loading and checking 'rel' (a new string). */
static char *diagnose(const char *rel)
{
    size_t len = 0;
    char *text = slurp(rel, &len);
    assert_non_null(text);
    diag d;
    diag_init(&d, NULL, 1);
    schema *s = load_schema(rel, text, len, &d);
    check_schema(s, &d);
    char *out = strdup(diag_text(&d));
    schema_free(s);
    diag_fini(&d);
    free(text);
    return out;
}

static void test_bad_corpus(void **state)
{
    (void)state;
    size_t n, failures = 0;
    char **names = list_schemas("tests/data/bad", &n);
    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        char yaml[512], err[512];
        size_t len;
        snprintf(yaml, sizeof yaml, "tests/data/bad/%s.yaml", names[i]);
        snprintf(err, sizeof err, "tests/data/bad/%s.err", names[i]);
        char *expected = slurp(err, &len);
        char *got = diagnose(yaml);
        if (!expected || strcmp(expected, got) != 0 || got[0] == '\0') {
            print_error("%s: expected\n%sgot\n%s\n", yaml, expected ? expected : "(no .err)\n",
                        got);
            failures++;
        }
        free(expected);
        free(got);
        free(names[i]);
    }
    free(names);
    assert_int_equal(failures, 0);
}

static void test_good_corpus(void **state)
{
    (void)state;
    size_t n, failures = 0;
    char **names = list_schemas("tests/data/good", &n);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml, "tests/data/good/%s.yaml", names[i]);
        char *got = diagnose(yaml);
        if (got[0]) {
            print_error("%s: expected no diagnostics, got\n%s\n", yaml, got);
            failures++;
        }
        free(got);
        free(names[i]);
    }
    free(names);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_corpus),
        cmocka_unit_test(test_good_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
