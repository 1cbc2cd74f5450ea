/*
 * fuzz_check.h - the checks the programs written by tests/fuzz_schemas.c call.
 *
 * Every test program the schema fuzzer generates includes the generated headers of its batch,
 * then this header, which holds small static inline checks that compare what the generated
 * code gives with what the fuzzer wrote into the schema: exact integers, floats by their bits
 * (NaN by isnan), strings by their bytes, pointers, statuses, values read by name, and the
 * order and values of attribute iteration. A failed check prints one line naming the place
 * (class.attribute and the step) and counts; main returns non-zero when any failed.
 * The header compiles as C99, C11 and C++11 under the strict warning flags.
 */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slotgen.h>

static int fz_failures;

static inline void fz_fail(const char *where, const char *what)
{
    fprintf(stderr, "FAIL %s: %s\n", where, what);
    fz_failures++;
}

static inline float fz_mkf32(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static inline double fz_mkf64(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static inline void fz_i(const char *w, int64_t got, int64_t want)
{
    if (got != want) {
        fprintf(stderr, "FAIL %s: got %lld, want %lld\n", w, (long long)got, (long long)want);
        fz_failures++;
    }
}

static inline void fz_u(const char *w, uint64_t got, uint64_t want)
{
    if (got != want) {
        fprintf(stderr, "FAIL %s: got %llu, want %llu\n", w, (unsigned long long)got,
                (unsigned long long)want);
        fz_failures++;
    }
}

static inline void fz_b(const char *w, bool got, bool want)
{
    if (got != want)
        fz_fail(w, want ? "false, want true" : "true, want false");
}

/* 'nan': any NaN will do; else the exact bits. */
static inline void fz_f32(const char *w, float got, uint32_t want, bool nan)
{
    uint32_t bits;
    memcpy(&bits, &got, sizeof bits);
    if (nan ? !isnan(got) : bits != want) {
        fprintf(stderr, "FAIL %s: got %.9g (0x%08lx), want 0x%08lx%s\n", w, (double)got,
                (unsigned long)bits, (unsigned long)want, nan ? " (NaN)" : "");
        fz_failures++;
    }
}

static inline void fz_f64(const char *w, double got, uint64_t want, bool nan)
{
    uint64_t bits;
    memcpy(&bits, &got, sizeof bits);
    if (nan ? !isnan(got) : bits != want) {
        fprintf(stderr, "FAIL %s: got %.17g (0x%016llx), want 0x%016llx%s\n", w, got,
                (unsigned long long)bits, (unsigned long long)want, nan ? " (NaN)" : "");
        fz_failures++;
    }
}

static inline void fz_s(const char *w, const char *got, const char *want)
{
    if (!got || !want ? got != want : strcmp(got, want) != 0) {
        fprintf(stderr, "FAIL %s: got %s%s%s, want %s%s%s\n", w, got ? "\"" : "",
                got ? got : "NULL", got ? "\"" : "", want ? "\"" : "", want ? want : "NULL",
                want ? "\"" : "");
        fz_failures++;
    }
}

static inline void fz_p(const char *w, const void *got, const void *want)
{
    if (got != want)
        fz_fail(w, "wrong pointer");
}

static inline void fz_st(const char *w, sg_status got, sg_status want)
{
    if (got != want) {
        fprintf(stderr, "FAIL %s: status %s, want %s\n", w, sg_strerror(got), sg_strerror(want));
        fz_failures++;
    }
}

/* Same tag and payload; floats by bits or both NaN, strings by content. */
static inline bool fz_same(sg_value a, sg_value b)
{
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case SG_NONE: return true;
    case SG_BOOL: return a.as.b == b.as.b;
    case SG_INT: return a.as.i == b.as.i;
    case SG_UINT: return a.as.u == b.as.u;
    case SG_FLOAT:
        return (isnan(a.as.f) && isnan(b.as.f)) || memcmp(&a.as.f, &b.as.f, sizeof a.as.f) == 0;
    case SG_STR: return strcmp(a.as.s, b.as.s) == 0;
    case SG_PTR: return a.as.p == b.as.p;
    case SG_LIST: return a.as.attr == b.as.attr;
    }
    return false;
}

static inline void fz_val(const char *w, sg_value got, sg_value want)
{
    if (!fz_same(got, want)) {
        fprintf(stderr, "FAIL %s: by name got %s", w, sg_type_name(got.type));
        if (got.type == SG_INT)
            fprintf(stderr, " %lld", (long long)got.as.i);
        else if (got.type == SG_UINT)
            fprintf(stderr, " %llu", (unsigned long long)got.as.u);
        else if (got.type == SG_FLOAT)
            fprintf(stderr, " %.17g", got.as.f);
        else if (got.type == SG_STR)
            fprintf(stderr, " \"%s\"", got.as.s);
        fprintf(stderr, ", want %s\n", sg_type_name(want.type));
        fz_failures++;
    }
}

/* getattr of 'name' gives SG_OK and 'want'. */
static inline void fz_get(const char *w, const sg_class *cls, const void *obj, const char *name,
                          sg_value want)
{
    sg_value v = sg_none();
    fz_st(w, sg_getattr(cls, obj, name, &v), SG_OK);
    fz_val(w, v, want);
}

/* Declared attribute 'idx' is called 'name' and getattr gives its address (an embedded
 * object), or its descriptor as SG_LIST (an array or a list) with 'count' elements. */
static inline void fz_addr(const char *w, const sg_class *cls, const void *obj, uint32_t idx,
                           const char *name, size_t count)
{
    if (idx >= cls->nattrs || strcmp(cls->attrs[idx].name, name) != 0) {
        fz_fail(w, "reflection: wrong attribute name or count");
        return;
    }
    const sg_attr *a = &cls->attrs[idx];
    if (a->count || (a->flags & SG_ATTR_LIST)) {
        sg_value v = sg_none();
        fz_st(w, sg_getattr(cls, obj, name, &v), SG_OK);
        if (v.type != SG_LIST || v.as.attr != a)
            fz_fail(w, "getattr of an array or a list: not SG_LIST of its descriptor");
        else
            fz_u(w, sg_attr_count(a, obj), count);
        return;
    }
    fz_get(w, cls, obj, name, sg_ptr((void *)((const char *)obj + a->offset)));
}

/* Iteration visits exactly 'names' in order, each with the value getattr gives. */
static inline void fz_iter(const char *w, const sg_class *cls, const void *obj,
                           const char *const *names, size_t n)
{
    sg_iter it;
    const char *name;
    sg_value v, g;
    size_t k = 0;
    sg_iter_init(&it, cls, obj);
    while (sg_iter_next(&it, &name, &v)) {
        if (k >= n || strcmp(name, names[k]) != 0) {
            fprintf(stderr, "FAIL %s: iteration gave '%s' at %zu, want '%s'\n", w, name, k,
                    k < n ? names[k] : "(end)");
            fz_failures++;
            return;
        }
        g = sg_none();
        fz_st(w, sg_getattr(cls, obj, name, &g), SG_OK);
        fz_val(w, v, g);
        k++;
    }
    if (k != n) {
        fprintf(stderr, "FAIL %s: iteration stopped after %zu of %zu\n", w, k, n);
        fz_failures++;
    }
}

#endif /* FUZZ_CHECK_H */
