/*
 * test_sg_mem.c - the allocation hook and the size-class slabs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
