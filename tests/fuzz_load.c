/*
 * fuzz_load.c - a small mutation fuzzer for the front end (load_schema + check_schema),
 * without libFuzzer: build it under ASan/UBSan and let it run.
 *
 *   fuzz_load FILE...                 load and check each file, print its diagnostics
 *   fuzz_load -n COUNT [-s SEED] FILE...
 *                                     COUNT runs on random mutations of the files (byte
 *                                     flips, inserts of YAML punctuation, deletions,
 *                                     splices of two inputs, pure random bytes)
 *
 * A crash, a sanitizer report or a leak is the failure; diagnostics are expected. Not part
 * of 'make test': build it with 'make O=build/asan SAN=asan build/asan/tests/fuzz_load'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "load.h"

typedef struct buf {
    char *p;
    size_t n;
} buf;

static uint64_t rng_state = 88172645463325252u;

static uint32_t rnd(uint32_t bound)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return bound ? (uint32_t)(rng_state % bound) : 0;
}

static buf read_file(const char *path)
{
    buf b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 4096;
    b.p = malloc(cap);
    size_t got;
    while (b.p && (got = fread(b.p + b.n, 1, cap - b.n, f)) > 0) {
        b.n += got;
        if (b.n == cap)
            b.p = realloc(b.p, cap *= 2);
    }
    fclose(f);
    if (!b.p)
        exit(2);
    return b;
}

static void run(const char *path, const char *text, size_t len, int print)
{
    diag d;
    diag_init(&d, NULL, print);
    schema *s = load_schema(path, text, len, &d);
    check_schema(s, &d);
    if (print)
        fputs(diag_text(&d), stdout);
    schema_free(s);
    diag_fini(&d);
}

static const char *const tokens[] = {
    ":", "- ", "[", "]", "{", "}", "\n", "  ", "\t", "&a ", "*a", "!!str ", "'", "\"", "#",
    "---\n", "...\n", "ref ", "[0]", "[4]", "char", "u8", "0x", "-", ".inf", "~", "null",
    "true", "\\", "|\n", ">\n", "? ", ",", "%YAML 1.2\n", "\xff", "\xc3", "\0", NULL
};

/* One random edit of 'b' (whose capacity is at least b->n + 64). */
static void mutate(buf *b, const buf *other)
{
    size_t at = b->n ? rnd((uint32_t)b->n) : 0;
    switch (rnd(6)) {
    case 0:
        if (b->n)
            b->p[at] = (char)rnd(256);
        break;
    case 1: {
        size_t ntok = 0;
        while (tokens[ntok])
            ntok++;
        const char *t = tokens[rnd((uint32_t)ntok)];
        size_t tl = *t ? strlen(t) : 1;
        memmove(b->p + at + tl, b->p + at, b->n - at);
        memcpy(b->p + at, t, tl);
        b->n += tl;
        break;
    }
    case 2: {
        size_t k = rnd(16) + 1;
        if (at + k > b->n)
            k = b->n - at;
        memmove(b->p + at, b->p + at + k, b->n - at - k);
        b->n -= k;
        break;
    }
    case 3: {
        size_t from = other->n ? rnd((uint32_t)other->n) : 0;
        size_t k = rnd(48);
        if (from + k > other->n)
            k = other->n - from;
        memmove(b->p + at + k, b->p + at, b->n - at);
        memcpy(b->p + at, other->p + from, k);
        b->n += k;
        break;
    }
    case 4:
        if (b->n) {
            size_t k = rnd(8) + 1, j = rnd((uint32_t)b->n);
            for (size_t i = 0; i < k && at + i < b->n && j + i < b->n; i++)
                b->p[at + i] = b->p[j + i];
        }
        break;
    default:
        if (b->n < 8) {
            for (size_t i = 0; i < 32; i++)
                b->p[b->n++] = (char)rnd(256);
        }
        break;
    }
}

static void fuzz(long count, const buf *inputs, int ninputs)
{
    for (long i = 0; i < count; i++) {
        const buf *seed = &inputs[rnd((uint32_t)ninputs)];
        const buf *other = &inputs[rnd((uint32_t)ninputs)];
        size_t edits = rnd(8) + 1;
        buf b = {malloc(seed->n + 64 * (edits + 1) + 64), seed->n};
        memcpy(b.p, seed->n ? seed->p : "", seed->n);
        for (size_t e = 0; e < edits; e++)
            mutate(&b, other);
        run("fuzz.yaml", b.p, b.n, 0);
        free(b.p);
        if ((i + 1) % 100000 == 0)
            fprintf(stderr, "fuzz_load: %ld runs\n", i + 1);
    }
}

int main(int argc, char **argv)
{
    long count = -1;
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "-n") == 0)
            count = atol(argv[i + 1]);
        else if (strcmp(argv[i], "-s") == 0)
            rng_state ^= (uint64_t)atol(argv[i + 1]) * 2654435761u;
    }
    if (i >= argc) {
        fputs("usage: fuzz_load [-n COUNT] [-s SEED] FILE...\n", stderr);
        return 2;
    }
    int ninputs = argc - i;
    buf *inputs = calloc((size_t)ninputs, sizeof *inputs);
    for (int k = 0; k < ninputs; k++)
        inputs[k] = read_file(argv[i + k]);
    for (int k = 0; count < 0 && k < ninputs; k++)
        run(argv[i + k], inputs[k].p, inputs[k].n, 1);
    if (count >= 0)
        fuzz(count, inputs, ninputs);
    for (int k = 0; k < ninputs; k++)
        free(inputs[k].p);
    free(inputs);
    return 0;
}
