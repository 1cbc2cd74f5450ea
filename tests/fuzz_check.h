/*
 * fuzz_check.h - the checks the programs written by tests/fuzz_schemas.c call.
 *
 * Every test program the schema fuzzer generates includes the generated headers of its batch,
 * then this header, which holds small static inline checks that compare what the generated
 * code gives with what the fuzzer wrote into the schema: exact integers, floats by their bits
 * (NaN by isnan), strings by their bytes, pointers, statuses, values read by name, and the
 * order and values of attribute iteration. A failed check prints one line naming the place
 * (class.attribute and the step) and counts; main returns non-zero when any failed.
 * The header compiles as C99, C11 and C++11 under the strict warning flags. The last part
 * checks the round trip through libslotgen-io (save, load, T_equal, save again): the test
 * programs link libslotgen-io, libyaml and yajl.
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

/* ---- the round trip through libslotgen-io (issue 11 item 4) -------------------------------
 * Each test function ends by saving its object with sg_yaml_save and sg_json_save (into growing
 * buffers: sg_yaml_save_buf, sg_json_save_buf), loading the text back into fresh storage with
 * sg_yaml_load / sg_json_load, comparing with the generated T_equal, and saving the reloaded
 * object again, which must give the same bytes (deterministic output). Always compiled: the
 * compiler matrix only checks syntax, so it needs slotgen-io.h alone; the ASan run links
 * libslotgen-io, libyaml and yajl (tests/fuzz_batch.sh). */
#include <slotgen-io.h>

static inline const char *fz_io_name(sg_io_format f)
{
    return f == SG_IO_JSON ? "json" : "yaml";
}

static inline sg_status fz_io_save(sg_io_format f, const sg_class *cls, const void *obj,
                                   sg_io_buf *b)
{
    return f == SG_IO_JSON ? sg_json_save_buf(cls, obj, b) : sg_yaml_save_buf(cls, obj, b);
}

static inline void fz_io_fail(const char *w, sg_io_format f, const sg_io_buf *text,
                              const char *what)
{
    fprintf(stderr, "FAIL %s: %s round trip: %s; saved text:\n%s\n", w, fz_io_name(f), what,
            text->data ? text->data : "(none)");
    fz_failures++;
}

/* Two documented limits of libslotgen-io (docs/io.md) leave states that no load gives:
 * - a ref that is not NULL is not saved (the save fails with SG_ETYPE), and no ref is loaded;
 * - an optional string or ref that is set (present) to NULL saves as null and reads back
 *   unset.
 * So before the round trip every ref of 'obj', at any depth (embedded objects, arrays and
 * lists of them, arrays and lists of refs), is set to NULL, and every optional string or ref
 * that is present and NULL is made unset. Returns how many refs were not NULL. */
static inline size_t fz_io_clear_refs(const sg_class *cls, void *obj)
{
    size_t n = 0;
    for (uint32_t i = 0; i < cls->nattrs; i++) {
        const sg_attr *a = &cls->attrs[i];
        char *m = (char *)obj + a->offset;
        size_t count = 1;
        bool scalar = !(a->flags & SG_ATTR_LIST) && a->count == 0;
        if (a->kind != SG_K_REF && a->kind != SG_K_CLASS && a->kind != SG_K_STRING)
            continue;
        if (a->flags & SG_ATTR_LIST) {
            void *elems;
            memcpy(&elems, m, sizeof elems);
            m = (char *)elems;
            count = sg_list_count(elems);
        } else if (a->count) {
            count = a->count;
        }
        for (size_t k = 0; k < count; k++) {
            char *e = m + k * a->elem_size;
            void *p;
            if (a->kind == SG_K_CLASS) {
                n += fz_io_clear_refs(a->cls, e);
                continue;
            }
            memcpy(&p, e, sizeof p);
            if (a->kind == SG_K_REF && p) {
                n++;
                p = NULL;
                memcpy(e, &p, sizeof p);
            }
            if (!p && scalar && a->presence >= 0) {
                unsigned char *bits = (unsigned char *)obj + cls->presence_offset;
                unsigned bit = (unsigned)a->presence;
                bits[bit / 8] = (unsigned char)(bits[bit / 8] & ~(1u << (bit % 8)));
            }
        }
    }
    return n;
}

/* Before the round trip: checks the documented refusal of a non-NULL ref, then clears the
 * refs and unsets the optional NULL strings and refs (see fz_io_clear_refs). */
static inline void fz_io_refs(const char *w, const sg_class *cls, void *obj)
{
    sg_io_buf b;
    memset(&b, 0, sizeof b);
    sg_status st = sg_yaml_save_buf(cls, obj, &b);
    if (fz_io_clear_refs(cls, obj)) {
        if (st != SG_ETYPE)
            fz_io_fail(w, SG_IO_YAML, &b, "saving a non-NULL ref did not give SG_ETYPE");
    } else if (st != SG_OK) {
        fz_io_fail(w, SG_IO_YAML, &b, "save failed");
    }
    sg_io_buf_free(&b);
}

/* Saves 'obj' as format 'f' into '*text' (zeroed by the caller) and loads it into fresh
 * storage, which it returns (the caller destroys and frees it); NULL after a failure, which
 * it reports. */
static inline void *fz_io_load(const char *w, const sg_class *cls, const void *obj,
                               sg_io_format f, sg_io_buf *text)
{
    sg_diag d;
    sg_status st = fz_io_save(f, cls, obj, text);
    void *r;
    if (st != SG_OK) {
        fprintf(stderr, "FAIL %s: %s save gave status %d\n", w, fz_io_name(f), (int)st);
        fz_failures++;
        return NULL;
    }
    r = malloc(cls->size);
    if (!r) {
        fz_fail(w, "malloc");
        return NULL;
    }
    memset(&d, 0, sizeof d);
    st = f == SG_IO_JSON ? sg_json_load(cls, r, text->data, text->len, &d)
                         : sg_yaml_load(cls, r, text->data, text->len, &d);
    if (st != SG_OK) {
        fprintf(stderr, "FAIL %s: %s load gave status %d: %u:%u: %s; saved text:\n%s\n", w,
                fz_io_name(f), (int)st, d.line, d.col, d.message, text->data);
        fz_failures++;
        free(r);
        return NULL;
    }
    return r;
}

/* The reloaded object 'r' saved again gives the bytes of 'text'. */
static inline void fz_io_again(const char *w, const sg_class *cls, const void *r,
                               sg_io_format f, const sg_io_buf *text)
{
    sg_io_buf b;
    memset(&b, 0, sizeof b);
    sg_status st = fz_io_save(f, cls, r, &b);
    if (st != SG_OK) {
        fz_io_fail(w, f, text, "saving the reloaded object failed");
    } else if (b.len != text->len || memcmp(b.data, text->data, b.len) != 0) {
        fz_io_fail(w, f, text, "the reloaded object saves differently");
        fprintf(stderr, "resaved text:\n%s\n", b.data);
    }
    sg_io_buf_free(&b);
}

#endif /* FUZZ_CHECK_H */
