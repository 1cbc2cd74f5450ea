/*
 * test_fuzz.c - replays the libFuzzer target's regression inputs without libFuzzer: every file
 * of tests/data/libfuzzer/ (minimized crashers and the resource cases, see tests/fuzz_sgc.c) and
 * every schema the fuzzer is seeded from goes through LLVMFuzzerTestOneInput, which runs the
 * whole compiler in memory and aborts when sgc_compile breaks its contract. Under ASan+UBSan
 * (make test) and valgrind (make test-valgrind) a crash, an overflow or a leak fails the run.
 *
 * To add a regression input: minimize the crasher (fuzz_sgc -minimize_crash=1 -runs=10000
 * CRASH), copy it to tests/data/libfuzzer/WHAT.yaml, fix the bug, and check that this test failed
 * before the fix.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <sys/stat.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz_sgc.c"
#include "sgc_test.h"

/* Runs every regular file under SRCDIR/'dir' (subdirectories included) whose name ends with
 * 'suffix' ("" for all) through the target; returns how many. */
static size_t replay_dir(const char *dir, const char *suffix)
{
    char sub[4096], path[sizeof SRCDIR + sizeof sub];
    snprintf(path, sizeof path, "%s/%s", SRCDIR, dir);
    DIR *d = opendir(path);
    assert_non_null(d);
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name), k = strlen(suffix);
        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        snprintf(path, sizeof path, "%s/%s", SRCDIR, sub);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            count += replay_dir(sub, suffix);
            continue;
        }
        if (!S_ISREG(st.st_mode) || n < k || strcmp(e->d_name + n - k, suffix) != 0)
            continue;
        size_t len = 0;
        char *text = slurp(path, &len);
        assert_non_null(text);
        LLVMFuzzerTestOneInput((const uint8_t *)text, len);
        free(text);
        count++;
    }
    closedir(d);
    return count;
}

static void test_regression_inputs(void **state)
{
    (void)state;
    assert_true(replay_dir("tests/data/libfuzzer", "") >= 3);
}

static void test_seeds(void **state)
{
    (void)state;
    /* the Makefile's FUZZ_SEED_DIRS but tests/data/libfuzzer (test_regression_inputs) */
    static const char *const dirs[] = {"schemas",        "tests/schemas",   "tests/data/good",
                                       "tests/data/bad", "tests/data/fuzz", "bench/schemas",
                                       "examples"};
    size_t count = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        count += replay_dir(dirs[i], ".yaml");
    assert_true(count > 100);
}

/* The split into files: a.yaml imports b.yaml, which imports c.yaml; all three compile. */
static void test_split(void **state)
{
    (void)state;
    static const char input[] = "slotgen: 1\nimports: [b.yaml]\nclasses: {A: {attributes: "
                                "{b: B}}}\n#@file\nslotgen: 1\nimports: [c.yaml]\nclasses: "
                                "{B: {attributes: {c: C}}}\n#@file\nslotgen: 1\nclasses: "
                                "{C: {attributes: {x: u8}}}\n";
    fuzz_fs fs;
    memset(&fs, 0, sizeof fs);
    fuzz_split(&fs, input, sizeof input - 1);
    assert_int_equal(fs.len[0], strstr(input, "#@file") - input);
    assert_non_null(fs.text[2]);
    assert_int_equal(strncmp(fs.text[2], "slotgen: 1\nclasses: {C:", 23), 0);
    assert_int_equal(fs.text[2] + fs.len[2], input + sizeof input - 1);
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.read = fuzz_read;
    opt.write = fuzz_write;
    opt.ud = &fs;
    opt.diag_text = &diags;
    const char *in = "a.yaml";
    assert_int_equal(sgc_compile(&in, 1, &opt), SGC_OK);
    assert_string_equal(diags, "");
    assert_int_equal(fs.writes, 2);
    free(diags);
    assert_int_equal(LLVMFuzzerTestOneInput((const uint8_t *)input, sizeof input - 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_regression_inputs),
        cmocka_unit_test(test_seeds),
    };
    return cmocka_run_group_tests_name("fuzz", tests, NULL, NULL);
}
