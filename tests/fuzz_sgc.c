/*
 * fuzz_sgc.c - a libFuzzer target for the whole compiler, in memory: bytes in, sgc_compile
 * runs load, check, names, layout and both generators, output is discarded.
 *
 * The input is one to three schema files: it is split at lines that read exactly "#@file"
 * (see FUZZ_SPLIT); the first part is served as "a.yaml" (the one input), the second as
 * "b.yaml", the third as "c.yaml", so "imports: [b.yaml]" reaches a second file. Any other
 * path is a missing file. Diagnostics are collected (their formatting runs too) and freed;
 * a depfile is written too (to the same discarding writer).
 *
 * The property is the sanitizers' (ASan, LSan, UBSan) and libFuzzer's: no crash, no leak, no
 * hang (-timeout), bounded memory (-rss_limit_mb). sgc_compile must also return one of its
 * three results and write nothing when it reports an error.
 *
 * Built by `make fuzz` (clang -fsanitize=fuzzer); tests/test_fuzz.c includes this file to
 * replay the regression inputs of tests/data/libfuzzer/ in `make test` with any compiler.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sgc.h"

#define FUZZ_SPLIT "#@file\n"
#define FUZZ_FILES 3

typedef struct fuzz_fs {
    const char *text[FUZZ_FILES];
    size_t len[FUZZ_FILES];
    unsigned writes;
} fuzz_fs;

static const char *const fuzz_names[FUZZ_FILES] = {"a.yaml", "b.yaml", "c.yaml"};

static char *fuzz_read(void *ud, const char *path, size_t *len)
{
    const fuzz_fs *fs = ud;
    for (size_t i = 0; i < FUZZ_FILES; i++) {
        if (strcmp(path, fuzz_names[i]) != 0 || !fs->text[i])
            continue;
        char *copy = malloc(fs->len[i] + 1);
        if (!copy)
            return NULL;
        memcpy(copy, fs->text[i], fs->len[i]);
        copy[fs->len[i]] = '\0';
        *len = fs->len[i];
        return copy;
    }
    errno = ENOENT;
    return NULL;
}

static int fuzz_write(void *ud, const char *path, const char *text, size_t len)
{
    fuzz_fs *fs = ud;
    (void)path;
    (void)text;
    (void)len;
    fs->writes++;
    return 0;
}

/* Splits data[0..size) at each FUZZ_SPLIT line into fs's files (text borrowed); the last
 * file takes the rest. */
static void fuzz_split(fuzz_fs *fs, const char *data, size_t size)
{
    size_t split_len = strlen(FUZZ_SPLIT), start = 0, file = 0;
    for (size_t i = 0; file < FUZZ_FILES - 1 && i + split_len <= size; i++) {
        if ((i > 0 && data[i - 1] != '\n') || memcmp(data + i, FUZZ_SPLIT, split_len) != 0)
            continue;
        fs->text[file] = data + start;
        fs->len[file++] = i - start;
        start = i + split_len;
        i = start - 1;
    }
    fs->text[file] = data + start;
    fs->len[file] = size - start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_fs fs;
    memset(&fs, 0, sizeof fs);
    fuzz_split(&fs, (const char *)data, size);
    char *diags = NULL;
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.out_dir = "out";
    opt.read = fuzz_read;
    opt.write = fuzz_write;
    opt.ud = &fs;
    opt.diag_text = &diags;
    opt.depfile = "out/a.d";
    const char *inputs[1] = {fuzz_names[0]};
    sgc_result r = sgc_compile(inputs, 1, &opt);
    if (r != SGC_OK && r != SGC_ESCHEMA && r != SGC_EIO)
        abort();
    if (r == SGC_OK ? fs.writes != 3 || (diags && strstr(diags, "error:")) : fs.writes != 0)
        abort(); /* outputs only from an error-free run, and all three (.h, .c, depfile) */
    free(diags);
    return 0;
}
