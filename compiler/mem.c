/*
 * mem.c - the compiler's tracked allocator and its unwinding (see mem.h).
 *
 * Invariants: inside a run, every live block is on exactly one list, its run's, and was
 * allocated by that run's hook; a block allocated outside a run links only itself and came
 * from malloc. mem_free and mem_realloc go to the block's own allocator, whatever run is
 * current. The only setjmp is in mem_protect and the only longjmp in mem_fail, to the jmp_buf
 * of the current run, whose mem_protect frame is still active (a run is current only between
 * mem_begin and mem_end, and mem_protect is the only way its body runs).
 */
#include "mem.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local mem_run *current;

static void *default_alloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

/* The block's own allocator: its run's hook, or malloc & co. */
static void *block_alloc(mem_run *r, void *ptr, size_t size)
{
    return r ? r->alloc(r->ud, ptr, size) : default_alloc(NULL, ptr, size);
}

static mem_block *header(void *p)
{
    return (mem_block *)p - 1;
}

static void link_block(mem_block *b, mem_run *r)
{
    b->link.run = r;
    if (!r) {
        b->link.prev = b->link.next = b;
        return;
    }
    b->link.prev = &r->live;
    b->link.next = r->live.link.next;
    r->live.link.next->link.prev = b;
    r->live.link.next = b;
}

static void unlink_block(mem_block *b)
{
    b->link.prev->link.next = b->link.next;
    b->link.next->link.prev = b->link.prev;
    b->link.prev = b->link.next = b;
}

void mem_begin(mem_run *r, sgc_alloc_fn alloc, void *ud)
{
    memset(r, 0, sizeof *r);
    r->alloc = alloc ? alloc : default_alloc;
    r->ud = ud;
    r->live.link.prev = r->live.link.next = &r->live;
    r->outer = current;
    current = r;
}

int mem_protect(mem_run *r, void (*body)(void *), void *arg)
{
    if (setjmp(r->unwind) != 0)
        return -1;
    body(arg);
    return 0;
}

size_t mem_end(mem_run *r)
{
    size_t n = 0;
    while (r->live.link.next != &r->live) {
        mem_block *b = r->live.link.next;
        unlink_block(b);
        r->alloc(r->ud, b, 0);
        n++;
    }
    current = r->outer;
    return n;
}

_Noreturn void mem_fail(void)
{
    mem_run *r = current;
    if (!r) {
        fputs("slotgen: out of memory\n", stderr);
        abort();
    }
    r->failed = 1;
    while (r->guards) {
        mem_guard *g = r->guards;
        r->guards = g->next;
        g->fn(g->arg);
    }
    longjmp(r->unwind, 1);
}

void *mem_alloc(size_t size)
{
    if (size > SIZE_MAX - sizeof(mem_block))
        mem_fail();
    mem_run *r = current;
    mem_block *b = block_alloc(r, NULL, sizeof(mem_block) + size);
    if (!b)
        mem_fail();
    memset(b + 1, 0, size);
    link_block(b, r);
    return b + 1;
}

void *mem_realloc(void *p, size_t size)
{
    if (!p)
        return mem_alloc(size);
    if (size > SIZE_MAX - sizeof(mem_block))
        mem_fail();
    mem_block *old = header(p);
    mem_block *prev = old->link.prev, *next = old->link.next;
    int lone = prev == old;
    mem_block *b = block_alloc(old->link.run, old, sizeof(mem_block) + size);
    if (!b)
        mem_fail(); /* the old block is untouched and still on its list */
    if (lone) {
        b->link.prev = b->link.next = b;
    } else {
        prev->link.next = b;
        next->link.prev = b;
    }
    return b + 1;
}

char *mem_strndup(const char *s, size_t n)
{
    size_t len = 0;
    while (len < n && s[len])
        len++;
    char *p = mem_alloc(len + 1);
    memcpy(p, s, len);
    return p;
}

char *mem_strdup(const char *s)
{
    return mem_strndup(s, strlen(s));
}

void mem_free(void *p)
{
    if (!p)
        return;
    mem_block *b = header(p);
    unlink_block(b);
    block_alloc(b->link.run, b, 0);
}

char *mem_release(char *s)
{
    if (!s)
        return NULL;
    mem_block *b = header(s);
    unlink_block(b);
    return memmove(b, s, strlen(s) + 1);
}

void *mem_raw_alloc(size_t size)
{
    return block_alloc(current, NULL, size ? size : 1);
}

void mem_free_foreign(void *p)
{
    free(p);
}

void mem_guard_push(mem_guard *g, void (*fn)(void *arg), void *arg)
{
    mem_run *r = current;
    g->fn = fn;
    g->arg = arg;
    g->next = NULL;
    if (r) {
        g->next = r->guards;
        r->guards = g;
    }
}

void mem_guard_pop(mem_guard *g)
{
    mem_run *r = current;
    assert(!r || r->guards == g); /* LIFO */
    if (r && r->guards == g)
        r->guards = g->next;
}
