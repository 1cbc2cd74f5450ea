/*
 * bench_time.c - nanoseconds per operation, hot.
 *
 * Every workload runs over a pool of BENCH_POOL instances made with Measurement_new (one
 * allocation each), small enough to stay in cache, so a figure is the cost of the operation
 * and not of cache misses. The instances of the get and set pools carry three dynamic
 * attributes, added in the order tag, score, other; the workloads use 'other', the last one.
 *
 * A run does BENCH_OPS operations and divides the CLOCK_MONOTONIC time they took by
 * BENCH_OPS; the figure reported is the median of BENCH_RUNS runs, after one warm-up run.
 * Loop overhead is included, as in Python's timeit. Each value read is folded into an
 * accumulator that KEEP() forces into a register every iteration, so no load is dead,
 * hoisted or vectorized away, and the accumulator ends in a volatile sink.
 *
 * Workloads that change the shape of an object (set of a new attribute, delete) time one pass
 * over their pool, restore the pool untimed, and add up the timed passes.
 *
 * The cliff rows: the set of a new name on a class whose root shape has 511 children, that
 * name being the oldest (Siblings); the get by atom of 'other' once another class (Declares)
 * declares an attribute 'other'; and GLib's g_hash_table_remove on tables of the same three
 * keys, the baseline of delete (n/a when the benchmark was built without GLib).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef BENCH_GLIB
#include <glib.h>
#endif

#include "bench.h"

#if defined(__GNUC__) || defined(__clang__)
#define KEEP(x) __asm__ volatile("" : "+r"(x))
#else
#define KEEP(x) (sink = (x))
#endif

#define REPS (BENCH_OPS / BENCH_POOL)

static volatile uint64_t sink;

static Measurement *pool_get[BENCH_POOL];   /* tag, score, other: the gets and sets */
static Measurement *pool_fresh[BENCH_POOL]; /* no dynamic attribute: set of a new one */
static Measurement *pool_del[BENCH_POOL];   /* tag, score, other: delete of 'other' */
static SlotMeasurement *pool_slot[BENCH_POOL];
static Siblings *pool_sib[BENCH_POOL];     /* no dynamic attribute; the class has 511 names */
static sg_atom a_other;
#ifdef BENCH_GLIB
static GHashTable *pool_glib[BENCH_POOL];  /* tag, score, other */
#endif

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- pools ---------------------------------------------------------------------------- */

/* A Measurement with 'ndyn' (0 or 3) dynamic attributes, or NULL. */
static Measurement *make_pooled(uint32_t i, int ndyn)
{
    Measurement *m = Measurement_new((int32_t)(i & 0xff), 2, NULL);
    const sg_class *c = &Measurement_class;

    if (!m || ndyn == 0)
        return m;
    if (sg_setattr(c, m, "tag", sg_int(i & 0xff)) != SG_OK ||
        sg_setattr(c, m, "score", sg_int(7)) != SG_OK ||
        sg_setattr(c, m, "other", sg_bool(true)) != SG_OK) {
        Measurement_free(m);
        return NULL;
    }
    return m;
}

/* Fills 'pool' with Measurements of 'ndyn' dynamic attributes; false when one fails. Each
 * pool is made in a loop of its own, so its instances sit together in their slab chunks. */
static bool fill_pool(Measurement **pool, int ndyn)
{
    for (uint32_t i = 0; i < BENCH_POOL; i++) {
        pool[i] = make_pooled(i, ndyn);
        if (!pool[i])
            return false;
    }
    return true;
}

/* Gives Siblings' root shape 511 children, s0 (the oldest) to s510, each made by a
 * throwaway instance; then fills pool_sib. */
static bool make_siblings(void)
{
    char name[16];

    for (int k = 0; k < 511; k++) {
        Siblings *t = Siblings_new(0, 0, NULL);
        snprintf(name, sizeof name, "s%d", k);
        if (!t || sg_setattr(&Siblings_class, t, name, sg_bool(true)) != SG_OK) {
            Siblings_free(t);
            return false;
        }
        Siblings_free(t);
    }
    for (uint32_t i = 0; i < BENCH_POOL; i++) {
        pool_sib[i] = Siblings_new((int32_t)(i & 0xff), 2, NULL);
        if (!pool_sib[i])
            return false;
    }
    return true;
}

static bool make_glib_pool(void)
{
#ifdef BENCH_GLIB
    for (uint32_t i = 0; i < BENCH_POOL; i++) {
        pool_glib[i] = g_hash_table_new(g_str_hash, g_str_equal);
        g_hash_table_insert(pool_glib[i], "tag", GINT_TO_POINTER(1));
        g_hash_table_insert(pool_glib[i], "score", GINT_TO_POINTER(7));
        g_hash_table_insert(pool_glib[i], "other", GINT_TO_POINTER(1));
    }
#endif
    return true;
}

bool time_setup(void)
{
    a_other = sg_atom_intern("other");
    if (!a_other || !fill_pool(pool_get, 3) || !fill_pool(pool_fresh, 0) ||
        !fill_pool(pool_del, 3))
        return false;
    for (uint32_t i = 0; i < BENCH_POOL; i++) {
        pool_slot[i] = SlotMeasurement_new((int32_t)(i & 0xff), 2, NULL);
        if (!pool_slot[i])
            return false;
    }
    return make_siblings() && make_glib_pool();
}

void time_teardown(void)
{
    for (uint32_t i = 0; i < BENCH_POOL; i++) {
        Measurement_free(pool_get[i]);
        Measurement_free(pool_fresh[i]);
        Measurement_free(pool_del[i]);
        SlotMeasurement_free(pool_slot[i]);
        Siblings_free(pool_sib[i]);
        pool_get[i] = pool_fresh[i] = pool_del[i] = NULL;
        pool_slot[i] = NULL;
        pool_sib[i] = NULL;
#ifdef BENCH_GLIB
        g_hash_table_destroy(pool_glib[i]);
        pool_glib[i] = NULL;
#endif
    }
}

/* ---- typed and declared --------------------------------------------------------------- */

/* Each run_* function does one run of BENCH_OPS operations, adds the operations that failed
 * to '*bad' and returns the elapsed nanoseconds. */

static double run_slot_typed(size_t *bad)
{
    uint64_t acc = 0;
    double t0 = now_ns();

    for (uint32_t r = 0; r < REPS; r++) {
        for (uint32_t i = 0; i < BENCH_POOL; i++) {
            acc += (uint32_t)SlotMeasurement_x(pool_slot[i]);
            KEEP(acc);
        }
    }
    sink = acc;
    (void)bad;
    return now_ns() - t0;
}

static double run_typed(size_t *bad)
{
    uint64_t acc = 0;
    double t0 = now_ns();

    for (uint32_t r = 0; r < REPS; r++) {
        for (uint32_t i = 0; i < BENCH_POOL; i++) {
            acc += (uint32_t)Measurement_x(pool_get[i]);
            KEEP(acc);
        }
    }
    sink = acc;
    (void)bad;
    return now_ns() - t0;
}

/* sg_getattr by C string of 'name' on every instance of 'pool' (of class 'cls'). */
static double run_getattr(const sg_class *cls, void *const *pool, const char *name, size_t *bad)
{
    uint64_t acc = 0;
    double t0 = now_ns();
    sg_value v;

    for (uint32_t r = 0; r < REPS; r++) {
        for (uint32_t i = 0; i < BENCH_POOL; i++) {
            *bad += sg_getattr(cls, pool[i], name, &v) != SG_OK;
            acc += v.type;
            KEEP(acc);
        }
    }
    sink = acc;
    return now_ns() - t0;
}

static double run_slot_name(size_t *bad)
{
    return run_getattr(&SlotMeasurement_class, (void *const *)pool_slot, "y", bad);
}

static double run_name_decl(size_t *bad)
{
    return run_getattr(&Measurement_class, (void *const *)pool_get, "y", bad);
}

static double run_dyn_name(size_t *bad)
{
    return run_getattr(&Measurement_class, (void *const *)pool_get, "other", bad);
}

/* ---- dynamic gets by atom and cache --------------------------------------------------- */

static double run_dyn_atom(size_t *bad)
{
    uint64_t acc = 0;
    double t0 = now_ns();
    sg_value v;

    for (uint32_t r = 0; r < REPS; r++) {
        for (uint32_t i = 0; i < BENCH_POOL; i++) {
            *bad += sg_getattr_atom(&Measurement_class, pool_get[i], a_other, &v) != SG_OK;
            acc += v.type;
            KEEP(acc);
        }
    }
    sink = acc;
    return now_ns() - t0;
}

/* One cache for the call site, a local as slotgen.h advises (one per site per thread). */
static double run_dyn_cache(size_t *bad)
{
    sg_cache cache = SG_CACHE_INIT;
    const sg_class *c = &Measurement_class;
    uint64_t acc = 0;
    double t0 = now_ns();
    sg_value v;

    for (uint32_t r = 0; r < REPS; r++) {
        for (uint32_t i = 0; i < BENCH_POOL; i++) {
            *bad += sg_getattr_cached(c, pool_get[i], a_other, &cache, &v) != SG_OK;
            acc += v.type;
            KEEP(acc);
        }
    }
    sink = acc;
    return now_ns() - t0;
}

/* ---- sets and delete ------------------------------------------------------------------ */

static double run_set_name(size_t *bad)
{
    double t0 = now_ns();

    for (uint32_t r = 0; r < REPS; r++) {
        sg_value v = sg_bool(r & 1);
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += sg_setattr(&Measurement_class, pool_get[i], "other", v) != SG_OK;
    }
    return now_ns() - t0;
}

static double run_set_atom(size_t *bad)
{
    double t0 = now_ns();

    for (uint32_t r = 0; r < REPS; r++) {
        sg_value v = sg_bool(r & 1);
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += sg_setattr_atom(&Measurement_class, pool_get[i], a_other, v) != SG_OK;
    }
    return now_ns() - t0;
}

/* Times sg_setattr('name') on the instances of 'pool' (class 'c'), which have no dynamic
 * attribute (the block is allocated); deletes it again untimed. */
static double set_new(const sg_class *c, void *const *pool, const char *name, size_t *bad)
{
    double t = 0;

    for (uint32_t r = 0; r < REPS; r++) {
        double t0 = now_ns();
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += sg_setattr(c, pool[i], name, sg_bool(true)) != SG_OK;
        t += now_ns() - t0;
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += sg_delattr(c, pool[i], name) != SG_OK;
    }
    return t;
}

static double run_set_new(size_t *bad)
{
    return set_new(&Measurement_class, (void *const *)pool_fresh, "other", bad);
}

static double run_set_new_siblings(size_t *bad)
{
    return set_new(&Siblings_class, (void *const *)pool_sib, "s0", bad);
}

/* T_DYN_ATOM after another class, Declares, has declared 'other' (its class state made). */
static double run_dyn_atom_elsewhere(size_t *bad)
{
    Declares d = {false};
    sg_value v;

    *bad += sg_getattr_atom(&Declares_class, &d, a_other, &v) != SG_OK;
    return run_dyn_atom(bad);
}

/* Times sg_delattr(other), the last-added of three; sets it again untimed. */
static double run_delete(size_t *bad)
{
    const sg_class *c = &Measurement_class;
    double t = 0;

    for (uint32_t r = 0; r < REPS; r++) {
        double t0 = now_ns();
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += sg_delattr(c, pool_del[i], "other") != SG_OK;
        t += now_ns() - t0;
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += sg_setattr(c, pool_del[i], "other", sg_bool(true)) != SG_OK;
    }
    return t;
}

/* Times g_hash_table_remove(t, "other") on tables of three keys; inserts it again untimed.
 * Without GLib, returns NaN. */
static double run_glib_remove(size_t *bad)
{
#ifdef BENCH_GLIB
    double t = 0;

    for (uint32_t r = 0; r < REPS; r++) {
        double t0 = now_ns();
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += !g_hash_table_remove(pool_glib[i], "other");
        t += now_ns() - t0;
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            g_hash_table_insert(pool_glib[i], "other", GINT_TO_POINTER(1));
    }
    return t;
#else
    (void)bad;
    return NAN;
#endif
}

/* ---- the median ----------------------------------------------------------------------- */

static double (*const runs[T_COUNT])(size_t *bad) = {
    run_slot_typed, run_slot_name, run_typed, run_name_decl, run_dyn_name, run_dyn_atom,
    run_dyn_cache, run_set_name, run_set_atom, run_set_new, run_delete,
    run_set_new_siblings, run_dyn_atom_elsewhere, run_glib_remove,
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double time_row(trow r, size_t *errors)
{
    double ns[BENCH_RUNS];

    *errors = 0;
    (void)runs[r](errors);
    for (int k = 0; k < BENCH_RUNS; k++)
        ns[k] = runs[r](errors) / (double)(REPS * BENCH_POOL);
    qsort(ns, BENCH_RUNS, sizeof ns[0], cmp_double);
    return ns[BENCH_RUNS / 2];
}
