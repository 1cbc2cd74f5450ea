/*
 * test_sg_threads.c - several threads at once creating instances, setting and reading dynamic
 * attributes of one class (so they race to create the same shapes and to grow the class's
 * table of shapes), interning names (so they race to insert and to grow the table), and
 * allocating and freeing enough blocks that size classes are swept and chunks pass through the
 * spares while other threads allocate. Run it under ThreadSanitizer too. Uses the default
 * allocator (cmocka's test_malloc is not thread-safe), with the slabs on even under a memory
 * tool.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <cmocka.h>

#include "sg_dict.h"
#include "sg_test_classes.h"

#define NTHREADS 4
#define NOBJ 2000
#define NNAMES 12

static const char *const names[NNAMES] = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta",
    "eta", "theta", "iota", "kappa", "lambda", "mu",
};

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    Measurement *objs = sg_alloc(NOBJ * sizeof *objs);
    char name[32];
    sg_value v;
    long bad = 0;

    if (!objs)
        return (void *)1;
    for (int i = 0; i < NOBJ; i++) {
        Measurement *m = &objs[i];
        int n = 1 + (i + id) % 5;
        if (sg_setattr(&Measurement_class, m, "x", sg_int(i)) != SG_OK)
            bad++;
        for (int j = 0; j < n; j++) {
            /* Two orders, so shapes branch; all threads share them. */
            const char *nm = names[(i % 2 ? j : NNAMES - 1 - j)];
            if (sg_setattr(&Measurement_class, m, nm, sg_int(i * 100 + j)) != SG_OK)
                bad++;
        }
        sg_atom a = sg_atom_intern(names[i % NNAMES]);
        sg_cache c = SG_CACHE_INIT;
        if (sg_getattr_cached(&Measurement_class, m, a, &c, &v) == SG_OK && v.type != SG_INT)
            bad++;
        snprintf(name, sizeof name, "t%d_%d", id, i);          /* thread-private names */
        if (sg_setattr(&Measurement_class, m, name, sg_str(name)) != SG_OK)
            bad++;
        snprintf(name, sizeof name, "shared_%d", i % 97);      /* contended interning */
        if (!sg_atom_intern(name) || sg_atom_find(name) != sg_atom_intern(name))
            bad++;
    }
    for (int i = 0; i < NOBJ; i++) {
        Measurement *m = &objs[i];
        int n = 1 + (i + id) % 5;
        for (int j = 0; j < n; j++) {
            const char *nm = names[(i % 2 ? j : NNAMES - 1 - j)];
            if (sg_getattr(&Measurement_class, m, nm, &v) != SG_OK || v.as.i != i * 100 + j)
                bad++;
        }
        snprintf(name, sizeof name, "t%d_%d", id, i);
        if (sg_getattr(&Measurement_class, m, name, &v) != SG_OK || strcmp(v.as.s, name) != 0)
            bad++;
        if (sg_delattr(&Measurement_class, m, names[0]) == SG_EINVAL)
            bad++;
        sg_object_destroy(&Measurement_class, m);
    }
    sg_dealloc(objs, NOBJ * sizeof *objs);
    return (void *)(intptr_t)(bad != 0);
}

static void test_concurrent_instances(void **state)
{
    pthread_t t[NTHREADS];
    void *ret;

    (void)state;
    for (int round = 0; round < 3; round++) {
        for (intptr_t i = 0; i < NTHREADS; i++)
            assert_int_equal(pthread_create(&t[i], NULL, worker, (void *)i), 0);
        for (int i = 0; i < NTHREADS; i++) {
            assert_int_equal(pthread_join(t[i], &ret), 0);
            assert_null(ret);
        }
        /* Same names in the same order share one shape across threads. */
        Measurement a = {0}, b = {0};
        assert_int_equal(sg_setattr(&Measurement_class, &a, "alpha", sg_int(1)), SG_OK);
        assert_int_equal(sg_setattr(&Measurement_class, &b, "alpha", sg_int(2)), SG_OK);
        assert_ptr_equal(sg_dict_shape(a.sg_dyn), sg_dict_shape(b.sg_dyn));
        sg_object_destroy(&Measurement_class, &a);
        sg_object_destroy(&Measurement_class, &b);
        sg_runtime_cleanup();
    }
}

static void *interner(void *arg)
{
    int id = (int)(intptr_t)arg;
    char name[32];
    long bad = 0;

    for (int i = 0; i < 2000; i++) {
        snprintf(name, sizeof name, "n%d", (i * 7 + id * 13) % 1500);
        sg_atom a = sg_atom_intern(name);
        if (!a || strcmp(sg_atom_name(a), name) != 0 || sg_atom_find(name) != a)
            bad++;
    }
    return (void *)(intptr_t)(bad != 0);
}

static void test_concurrent_interning(void **state)
{
    pthread_t t[NTHREADS];
    void *ret;
    char name[32];

    (void)state;
    for (intptr_t i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, interner, (void *)i), 0);
    for (int i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(t[i], &ret), 0);
        assert_null(ret);
    }
    for (int i = 0; i < 1500; i++) {
        snprintf(name, sizeof name, "n%d", i);
        assert_non_null(sg_atom_find(name));
    }
    sg_runtime_cleanup();
}

#define NBLOCKS 20000

/* Allocates NBLOCKS blocks of two sizes, writes a pattern into each, frees them (odd ones
 * first, then even ones), over and over: the frees sweep the size classes while the other
 * threads allocate from them. Any block handed out twice, or a chunk released while in use,
 * breaks a pattern. */
static void *churner(void *arg)
{
    int id = (int)(intptr_t)arg;
    static unsigned char *blocks[NTHREADS][NBLOCKS];
    unsigned char **p = blocks[id];
    long bad = 0;

    for (int round = 0; round < 6; round++) {
        for (int i = 0; i < NBLOCKS; i++) {
            size_t size = i % 2 ? 48 : 24 + 8 * (size_t)id;
            p[i] = sg_alloc(size);
            if (!p[i]) {
                bad++;
                continue;
            }
            memset(p[i], (unsigned char)(id * 31 + i), size);
        }
        for (int parity = 1; parity >= 0; parity--) {
            for (int i = parity; i < NBLOCKS; i += 2) {
                size_t size = i % 2 ? 48 : 24 + 8 * (size_t)id;
                if (!p[i])
                    continue;
                for (size_t k = 0; k < size; k++)
                    bad += p[i][k] != (unsigned char)(id * 31 + i);
                sg_dealloc(p[i], size);
            }
        }
    }
    return (void *)(intptr_t)(bad != 0);
}

static void test_concurrent_sweeps(void **state)
{
    pthread_t t[NTHREADS];
    void *ret;

    (void)state;
    for (intptr_t i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, churner, (void *)i), 0);
    for (int i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(t[i], &ret), 0);
        assert_null(ret);
    }
    sg_runtime_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_instances),
        cmocka_unit_test(test_concurrent_interning),
        cmocka_unit_test(test_concurrent_sweeps),
    };
    sg_set_allocator(NULL, NULL);
    sg_set_slabs(true);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
