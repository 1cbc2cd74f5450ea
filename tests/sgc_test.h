/*
 * sgc_test.h - a harness for compiler tests: a small in-memory file system that sgc_compile
 * reads schemas from and writes outputs to, and a front end (load, check, names, layout)
 * run on one schema string. No subprocess, no temporary file.
 *
 * Include after cmocka.h. Everything here is static inline: each test program gets its own copy.
 */
#ifndef SGC_TEST_H
#define SGC_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "layout.h"
#include "load.h"
#include "names.h"
#include "sgc.h"

#define MEMFS_MAX 32

typedef struct memfs {
    const char *path[MEMFS_MAX];
    char *text[MEMFS_MAX];
    size_t len[MEMFS_MAX];
    size_t n;
    unsigned writes;    /* how many files sgc_compile wrote */
    unsigned reads;     /* how many times it read one */
} memfs;

static inline int memfs_index(const memfs *fs, const char *path)
{
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->path[i], path) == 0)
            return (int)i;
    return -1;
}

/* Adds or replaces 'path' (the path string is borrowed, the text copied). */
static inline void memfs_put(memfs *fs, const char *path, const char *text, size_t len)
{
    int i = memfs_index(fs, path);
    if (i < 0) {
        assert_true(fs->n < MEMFS_MAX);
        i = (int)fs->n++;
        fs->path[i] = path;
    } else {
        free(fs->text[i]);
    }
    fs->text[i] = malloc(len + 1);
    assert_non_null(fs->text[i]);
    memcpy(fs->text[i], text, len);
    fs->text[i][len] = '\0';
    fs->len[i] = len;
}

static inline const char *memfs_get(const memfs *fs, const char *path)
{
    int i = memfs_index(fs, path);
    return i < 0 ? NULL : fs->text[i];
}

static inline void memfs_free(memfs *fs)
{
    for (size_t i = 0; i < fs->n; i++)
        free(fs->text[i]);
    memset(fs, 0, sizeof *fs);
}

static inline char *memfs_read(void *ud, const char *path, size_t *len)
{
    memfs *fs = (memfs *)ud;
    int i = memfs_index(fs, path);
    fs->reads++;
    if (i < 0) {
        errno = ENOENT;
        return NULL;
    }
    char *copy = malloc(fs->len[i] + 1);
    if (copy) {
        memcpy(copy, fs->text[i], fs->len[i] + 1);
        *len = fs->len[i];
    }
    return copy;
}

/* Output paths are kept in a small pool so memfs can borrow them. */
static char memfs_names[MEMFS_MAX][256];
static size_t memfs_nnames;

static inline int memfs_write(void *ud, const char *path, const char *text, size_t len)
{
    memfs *fs = (memfs *)ud;
    int i = memfs_index(fs, path);
    if (i < 0) {
        assert_true(memfs_nnames < MEMFS_MAX);
        snprintf(memfs_names[memfs_nnames], sizeof memfs_names[0], "%s", path);
        path = memfs_names[memfs_nnames++];
    }
    memfs_put(fs, path, text, len);
    fs->writes++;
    return 0;
}

/* Reads 'path' into a new NUL-terminated buffer of '*len' bytes ('len' may be NULL); NULL
 * when the file cannot be read. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0)
        if ((n += got) == cap - 1)
            buf = realloc(buf, cap *= 2);
    fclose(f);
    assert_non_null(buf);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Compiles 'inputs' (paths in 'fs') into "out/"; '*diags' receives the diagnostics. */
static inline sgc_result memfs_compile(memfs *fs, const char *const *inputs, size_t n, char **diags)
{
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.out_dir = "out";
    opt.read = memfs_read;
    opt.write = memfs_write;
    opt.ud = fs;
    opt.diag_text = diags;
    return sgc_compile(inputs, n, &opt);
}

/* Loads, checks, names and lays out one schema string; asserts it has no error. */
static inline schema *front_end(const char *text)
{
    diag d;
    diag_init(&d, NULL, 1);
    schema *s = load_schema("t.yaml", text, strlen(text), &d);
    if (d.errors == 0)
        check_schema(s, &d);
    if (d.errors == 0) {
        names_assign(s);
        names_check(s, &d);
    }
    if (d.errors == 0)
        layout_schema(s, &d);
    if (d.errors)
        fail_msg("unexpected diagnostics:\n%s", diag_text(&d));
    diag_fini(&d);
    return s;
}

#endif
