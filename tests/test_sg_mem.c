/*
 * test_sg_mem.c - the allocation hook and the size-class slabs: memory given back while the
 * program runs (sweeps, spares shared by size classes, no thrashing), and a hook that calls
 * back into slotgen.
 */
#define _POSIX_C_SOURCE 200809L /* alarm */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "sg_test_classes.h"

static void test_alloc_is_zeroed_and_sized(void **state)
{
    (void)state;
    for (size_t n = 1; n <= 600; n += 37) {
        unsigned char *p = sg_alloc(n);
        assert_non_null(p);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, n);
        sg_dealloc(p, n);
    }
    /* A reused block is zeroed again. */
    unsigned char *q = sg_alloc(24);
    assert_non_null(q);
    for (size_t i = 0; i < 24; i++)
        assert_int_equal(q[i], 0);
    sg_dealloc(q, 24);
    tc_end();
}

static void test_zero_and_null(void **state)
{
    (void)state;
    assert_null(sg_alloc(0));
    sg_dealloc(NULL, 16);
    sg_dealloc(NULL, 0);
    tc_end();
}

static void test_small_blocks_share_a_chunk(void **state)
{
    void *p[200];
    long before = tc_allocs;

    (void)state;
    for (int i = 0; i < 200; i++) {
        p[i] = sg_alloc(16);
        assert_non_null(p[i]);
        if (i > 0)  /* no per-block header: neighbours are 16 bytes apart or elsewhere */
            assert_ptr_not_equal(p[i], p[i - 1]);
    }
    assert_int_equal(tc_allocs - before, 1);  /* 200 * 16 fits one 16 KiB chunk */
    assert_int_equal((char *)p[1] - (char *)p[0], 16);
    for (int i = 0; i < 200; i++)
        sg_dealloc(p[i], 16);
    /* A freed block is reused before the chunk grows. */
    void *again = sg_alloc(16);
    assert_ptr_equal(again, p[199]);
    sg_dealloc(again, 16);
    tc_end();
}

static void test_large_blocks_go_to_the_hook(void **state)
{
    long before = tc_allocs;
    void *p;

    (void)state;
    p = sg_alloc(SG_SLAB_MAX + 1);
    assert_non_null(p);
    assert_int_equal(tc_allocs - before, 1);
    sg_dealloc(p, SG_SLAB_MAX + 1);
    tc_end();
}

static void test_hook_failure(void **state)
{
    (void)state;
    tc_budget = 0;
    assert_null(sg_alloc(8));           /* needs a new chunk */
    assert_null(sg_alloc(1000));        /* large */
    tc_budget = -1;
    void *p = sg_alloc(8);
    assert_non_null(p);
    tc_budget = 0;
    void *q = sg_alloc(8);              /* from the chunk: the hook is not asked */
    assert_non_null(q);
    tc_budget = -1;
    sg_dealloc(p, 8);
    sg_dealloc(q, 8);
    tc_end();
}

static void test_release_keeps_live_chunks(void **state)
{
    long live;
    char *a, *b, *c;

    (void)state;
    a = sg_alloc(40);
    b = sg_alloc(40);
    c = sg_alloc(200);
    strcpy(b, "still here");
    sg_dealloc(a, 40);
    live = tc_allocs - tc_frees;        /* blocks the hook holds (chunks) */
    sg_mem_release_empty();             /* b and c keep their chunks */
    assert_int_equal(tc_allocs - tc_frees, live);
    assert_string_equal(b, "still here");
    sg_dealloc(c, 200);
    sg_mem_release_empty();             /* c's chunk is empty now */
    assert_int_equal(tc_allocs - tc_frees, live - 1);
    a = sg_alloc(40);                   /* the free list survived the release */
    assert_non_null(a);
    sg_dealloc(a, 40);
    sg_dealloc(b, 40);
    tc_end();                           /* leak check: every chunk went back */
}

static void test_exact_mode_calls_hook_per_block(void **state)
{
    long before;
    void *p, *q;

    (void)state;
    sg_set_slabs(false);
    before = tc_allocs;
    p = sg_alloc(16);
    q = sg_alloc(16);
    assert_int_equal(tc_allocs - before, 2);
    sg_dealloc(p, 16);
    sg_dealloc(q, 16);
    sg_set_slabs(true);
    tc_end();
}

static void test_default_allocator(void **state)
{
    (void)state;
    sg_runtime_cleanup();
    sg_set_allocator(NULL, NULL);
    char *s = sg_alloc(100);
    assert_non_null(s);
    sg_dealloc(s, 100);
    void *big = sg_alloc(5000);
    assert_non_null(big);
    sg_dealloc(big, 5000);
    sg_runtime_cleanup();
    sg_set_allocator(tc_hook, NULL);
    tc_end();
}

#define MANY 10000

/* Freeing blocks gives their chunks back to the hook without sg_runtime_cleanup: what stays
 * is at most 4 spare chunks, the chunk being carved, and the chunks of the free blocks a class
 * holds until its free list has grown by 64 KiB (4 chunks' worth) since its last sweep. */
static void test_free_gives_chunks_back(void **state)
{
    static void *p[MANY];
    long live0 = tc_live(), peak;

    (void)state;
    for (int i = 0; i < MANY; i++) {
        p[i] = sg_alloc(48);
        assert_non_null(p[i]);
    }
    peak = tc_live() - live0;
    assert_true(peak >= MANY * 48 / 16384);
    for (int i = 0; i < MANY; i++)
        sg_dealloc(p[i], 48);
    assert_true(tc_live() - live0 <= 4 + 1 + 4);
    /* The same when the blocks are freed in another order than they were made. */
    for (int i = 0; i < MANY; i++)
        p[i] = sg_alloc(48);
    for (int i = 0; i < MANY; i += 2)
        sg_dealloc(p[i], 48);
    for (int i = 1; i < MANY; i += 2)
        sg_dealloc(p[i], 48);
    assert_true(tc_live() - live0 <= 4 + 1 + 4);
    tc_end();
}

/* A chunk one size class gave back serves another without asking the hook. */
static void test_spares_serve_another_class(void **state)
{
    static void *p[MANY];
    long allocs;
    void *q;

    (void)state;
    for (int i = 0; i < MANY; i++)
        p[i] = sg_alloc(48);
    for (int i = 0; i < MANY; i++)
        sg_dealloc(p[i], 48);
    allocs = tc_allocs;
    q = sg_alloc(200);                  /* a class with no chunk yet */
    assert_non_null(q);
    assert_int_equal(tc_allocs, allocs);
    sg_dealloc(q, 200);
    tc_end();
}

/* Alternating allocation and freeing does not send chunks back and forth to the hook: one
 * block at a time, or less than 64 KiB at a time, never sweeps; 8 chunks' worth at a time
 * sweeps 4 chunks a round into the spares, which the next round takes back. Only rounds of
 * many chunks give memory back to the hook each time, and take fewer chunks from it than
 * they use. */
static void test_alternating_does_not_thrash(void **state)
{
    static void *p[12000];
    long chunks;

    (void)state;
    chunks = tc_big_allocs;
    for (int i = 0; i < 100000; i++)
        sg_dealloc(sg_alloc(40), 40);
    assert_int_equal(tc_big_allocs - chunks, 1);
    for (int round = 0; round < 200; round++) {
        for (int i = 0; i < 3200; i++)      /* 128,000 bytes: 8 chunks */
            p[i] = sg_alloc(40);
        for (int i = 0; i < 3200; i++)
            sg_dealloc(p[i], 40);
    }
    assert_true(tc_big_allocs - chunks <= 8);
    chunks = tc_big_allocs;
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 12000; i++)     /* 480,000 bytes: 30 chunks */
            p[i] = sg_alloc(40);
        for (int i = 0; i < 12000; i++)
            sg_dealloc(p[i], 40);
    }
    assert_true(tc_big_allocs - chunks >= 50);
    assert_true(tc_big_allocs - chunks <= 50 * (30 - 4));
    tc_end();
}

/* ---- a hook that calls into slotgen ------------------------------------------------------ */

static int hook_depth;
static long hook_nested;

/* Forwards to tc_hook; on its outermost allocations it first interns an atom and allocates
 * and frees a small block itself, as a logging or accounting hook might. */
static void *calling_hook(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    char name[32];
    void *b;

    if (new_size && hook_depth == 0) {
        hook_depth++;
        snprintf(name, sizeof name, "hook %ld", hook_nested++);
        assert_non_null(sg_atom_intern(name));
        b = sg_alloc(new_size < 256 ? new_size : 24);
        assert_non_null(b);
        sg_dealloc(b, new_size < 256 ? new_size : 24);
        hook_depth--;
    }
    return tc_hook(ud, ptr, old_size, new_size);
}

/* No lock is held while the hook runs: a hook that allocates through slotgen (the same size
 * class, or an atom while an atom is being interned) does not deadlock. An alarm turns a
 * deadlock into a failure. */
static void test_hook_may_call_slotgen(void **state)
{
    void *p[100];

    (void)state;
    sg_runtime_cleanup();
    sg_set_allocator(calling_hook, NULL);
    alarm(20);
    for (int i = 0; i < 100; i++) {
        p[i] = sg_alloc(24);            /* the first needs a chunk: the hook allocates 24 too */
        assert_non_null(p[i]);
    }
    for (int i = 0; i < 300; i++) {
        char name[32];
        snprintf(name, sizeof name, "name %d", i);   /* grows the table: the hook interns */
        assert_non_null(sg_atom_intern(name));
    }
    alarm(0);
    assert_true(hook_nested > 0);
    for (int i = 0; i < 100; i++)
        sg_dealloc(p[i], 24);
    sg_runtime_cleanup();
    sg_set_allocator(tc_hook, NULL);
    tc_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_alloc_is_zeroed_and_sized, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_zero_and_null, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_small_blocks_share_a_chunk, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_large_blocks_go_to_the_hook, tc_setup,
                                        tc_teardown),
        cmocka_unit_test_setup_teardown(test_hook_failure, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_release_keeps_live_chunks, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_exact_mode_calls_hook_per_block, tc_setup,
                                        tc_teardown),
        cmocka_unit_test_setup_teardown(test_default_allocator, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_free_gives_chunks_back, tc_setup, tc_teardown),
        cmocka_unit_test_setup_teardown(test_spares_serve_another_class, tc_setup,
                                        tc_teardown),
        cmocka_unit_test_setup_teardown(test_alternating_does_not_thrash, tc_setup,
                                        tc_teardown),
        cmocka_unit_test_setup_teardown(test_hook_may_call_slotgen, tc_setup, tc_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
