/*
 * test_corpus.c - the bad-schema corpus, through the whole compiler: every
 * tests/data/bad/NAME.yaml, compiled by sgc_compile from the repository root, must produce
 * exactly the diagnostics in NAME.err (path spelt 'tests/data/bad/NAME.yaml'), whichever
 * stage reports them: loading, checking, imports, generated names or layout; it must return
 * SGC_ESCHEMA (the CLI's exit status 1), or SGC_EIO (status 2) when the case has a line
 * "# exit status: 2" (an I/O error); and, compiled for real into an empty directory with a
 * depfile there, it must leave that directory empty (no output, no depfile, no temporary).
 * Each case runs twice, with --check and for real, and both runs must say the same.
 * Every tests/data/good/NAME.yaml must produce no diagnostic, return SGC_OK, and write
 * exactly NAME.slot.h, NAME.slot.c and the depfile. Files under bad/inc/ are imported by
 * cases, not cases themselves.
 *
 * To add a case: write NAME.yaml, write the expected NAME.err by hand (or review what the
 * compiler prints, line by line, before saving it).
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdbool.h>
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

/* A new empty directory under the build directory, for real outputs. */
static char *make_out_dir(void)
{
    char *dir = strdup(BUILDDIR "/corpus-out.XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    return dir;
}

/* The sorted names of the entries of 'dir', one per line ("" when empty); removes them and
 * the directory. A new string. */
static char *list_and_remove(const char *dir)
{
    size_t n = 0;
    char **names = NULL;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        assert_non_null(names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(names[i]) + 1;
    char *out = calloc(1, len);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        assert_int_equal(unlink(path), 0);
        strcat(strcat(out, names[i]), "\n");
        free(names[i]);
    }
    free(names);
    assert_int_equal(rmdir(dir), 0);
    return out;
}

/* One compile of 'rel': with --check, or for real into a new directory with a depfile there
 * ('*written': what was left in it). Diagnostics in '*diags'; both new strings. */
static sgc_result compile_case(const char *rel, bool for_real, char **diags, char **written)
{
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.diag_text = diags;
    char *dir = NULL, depfile[1024];
    if (for_real) {
        dir = make_out_dir();
        snprintf(depfile, sizeof depfile, "%s/deps.d", dir);
        opt.out_dir = dir;
        opt.depfile = depfile;
    } else {
        opt.check_only = true;
    }
    sgc_result r = sgc_compile(&rel, 1, &opt);
    if (for_real) {
        *written = list_and_remove(dir);
        free(dir);
    }
    return r;
}

/* Runs one case both ways; prints what differs from 'want_diags' (NULL: any non-empty),
 * 'want' and 'want_written', and returns the number of differences. */
static size_t run_case(const char *yaml, const char *want_diags, sgc_result want,
                       const char *want_written)
{
    size_t failures = 0;
    for (int real = 0; real < 2; real++) {
        char *got = NULL, *written = NULL;
        sgc_result r = compile_case(yaml, real, &got, &written);
        const char *how = real ? "compiled" : "checked";
        if (want_diags ? strcmp(want_diags, got) != 0 : got[0] == '\0') {
            print_error("%s (%s): expected\n%sgot\n%s\n", yaml, how,
                        want_diags ? want_diags : "(no .err)\n", got);
            failures++;
        }
        if (r != want) {
            print_error("%s (%s): sgc_compile returned %d, expected %d\n", yaml, how, (int)r,
                        (int)want);
            failures++;
        }
        if (real && strcmp(written, want_written) != 0) {
            print_error("%s: the output directory holds\n%sexpected\n%s", yaml, written,
                        want_written[0] ? want_written : "nothing\n");
            failures++;
        }
        free(got);
        free(written);
    }
    return failures;
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
        char *source = slurp(yaml, &len);
        assert_non_null(source);
        sgc_result want = strstr(source, "# exit status: 2\n") ? SGC_EIO : SGC_ESCHEMA;
        free(source);
        if (!expected || !expected[0]) {
            print_error("%s: no expected diagnostics in %s\n", yaml, err);
            failures++;
        }
        failures += run_case(yaml, expected, want, "");
        free(expected);
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
        char yaml[512], written[512];
        snprintf(yaml, sizeof yaml, "tests/data/good/%s.yaml", names[i]);
        snprintf(written, sizeof written, "deps.d\n%s.slot.c\n%s.slot.h\n", names[i], names[i]);
        failures += run_case(yaml, "", SGC_OK, written);
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
