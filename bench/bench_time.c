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
 */
#include <stdlib.h>
#include <time.h>

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
static sg_atom a_other;

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
    return true;
}

void time_teardown(void)
{
    for (uint32_t i = 0; i < BENCH_POOL; i++) {
        Measurement_free(pool_get[i]);
        Measurement_free(pool_fresh[i]);
        Measurement_free(pool_del[i]);
        SlotMeasurement_free(pool_slot[i]);
        pool_get[i] = pool_fresh[i] = pool_del[i] = NULL;
        pool_slot[i] = NULL;
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

/* Times sg_setattr(other) on instances with no dynamic attribute (the block is allocated);
 * deletes it again untimed. */
static double run_set_new(size_t *bad)
{
    const sg_class *c = &Measurement_class;
    double t = 0;

    for (uint32_t r = 0; r < REPS; r++) {
        double t0 = now_ns();
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += sg_setattr(c, pool_fresh[i], "other", sg_bool(true)) != SG_OK;
        t += now_ns() - t0;
        for (uint32_t i = 0; i < BENCH_POOL; i++)
            *bad += sg_delattr(c, pool_fresh[i], "other") != SG_OK;
    }
    return t;
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

/* ---- the median ----------------------------------------------------------------------- */

static double (*const runs[T_COUNT])(size_t *bad) = {
    run_slot_typed, run_slot_name, run_typed, run_name_decl, run_dyn_name, run_dyn_atom,
    run_dyn_cache, run_set_name, run_set_atom, run_set_new, run_delete,
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
