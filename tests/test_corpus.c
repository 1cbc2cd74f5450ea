/*
 * test_corpus.c - the bad-schema corpus, through the whole compiler: every
 * tests/data/bad/NAME.yaml, compiled by sgc_compile with --check from the repository root,
 * must produce exactly the diagnostics in NAME.err (path spelt 'tests/data/bad/NAME.yaml'),
 * whichever stage reports them: loading, checking, imports, generated names or layout.
 * Every tests/data/good/NAME.yaml must produce none. Files under bad/inc/ are imported by
 * cases, not cases themselves.
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
#include <unistd.h>

#include <cmocka.h>

#include "sgc_test.h"

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names (without .yaml) of the schemas in SRCDIR/dir; '*n' of them. */
static char **list_schemas(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
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

/* The diagnostics of compiling 'rel' with --check (a new string). */
static char *diagnose(const char *rel)
{
    char *out = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.check_only = true;
    opt.diag_text = &out;
    sgc_compile(&rel, 1, &opt);
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
        (void)len;
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
    if (chdir(SRCDIR) != 0) /* so paths read as a user at the repository root spells them */
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_corpus),
        cmocka_unit_test(test_good_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
