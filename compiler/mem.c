/*
 * mem.c - the compiler's tracked allocator and its unwinding (see mem.h).
 *
 * Invariants: inside a run, every live block is on exactly one list, its run's, and was
 * allocated by that run's hook; a block allocated outside a run links only itself and came
 * from malloc. mem_free and mem_realloc go to the block's own allocator, whatever run is
 * current. The only setjmp is in mem_protect and the only longjmp in mem_fail, to the jmp_buf
 * of the current run, whose mem_protect frame is still active (a run is current only between
 * mem_begin and mem_end, and mem_protect is the only way its body runs).
 *
 * Small blocks: a chunk (a hook allocation of CHUNK bytes) starts with a 'chunk' record,
 * then slots of 16 * k bytes (k = 1 .. MEM_SMALL_CLASSES), each an 8-byte header word and
 * the caller's bytes, 16-aligned as a block's are. The word before the caller's bytes tells
 * the two kinds apart: 0 in a block of its own (mem_block.link.small), (offset of the slot
 * in its chunk << 8) | k in a small block. A freed small block holds the next of its class's
 * free list; run->small_live counts those not freed.
 */
#include "mem.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local mem_run *current;

#define CHUNK 65536

typedef struct chunk {
    struct chunk *next;
    mem_run *run;
} chunk;

/* Where the first slot of a chunk starts: its caller's bytes 16-aligned, as the chunk is. */
#define FIRST_SLOT (sizeof(chunk) + 8)
_Static_assert(FIRST_SLOT % 16 == 8, "a slot's caller bytes are 16-aligned");
_Static_assert(_Alignof(max_align_t) <= 16, "16 aligns for any type");
_Static_assert(16 * MEM_SMALL_CLASSES - 8 == MEM_SMALL_MAX, "the largest class");
_Static_assert(sizeof(mem_block) % 16 == 0, "a block's caller bytes stay 16-aligned");

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
    b->link.small = 0;
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

/* The header word of the caller's bytes 'p': 0 for a block of its own. */
static size_t word_of(const void *p)
{
    return ((const size_t *)p)[-1];
}

static void *alloc_small(mem_run *r, size_t size)
{
    size_t k = (size + 8 + 15) / 16;
    assert(k >= 1 && k <= MEM_SMALL_CLASSES);
    char *p = r->free_small[k - 1];
    if (p) {
        r->free_small[k - 1] = *(void **)p;
    } else {
        if (r->left < 16 * k) {
            chunk *c = r->alloc(r->ud, NULL, CHUNK);
            if (!c)
                mem_fail();
            c->next = r->chunks;
            c->run = r;
            r->chunks = c;
            r->room = (char *)c + FIRST_SLOT;
            r->left = CHUNK - FIRST_SLOT;
        }
        char *slot = r->room;
        size_t off = (size_t)(slot - (char *)r->chunks);
        r->room += 16 * k;
        r->left -= 16 * k;
        *(size_t *)(void *)slot = off << 8 | k;
        p = slot + 8;
    }
    r->small_live++;
    memset(p, 0, size);
    return p;
}

/* Frees the small block 'p' whose header word is 'w' into its own run's free list. */
static void free_small(void *p, size_t w)
{
    chunk *c = (chunk *)(void *)((char *)p - 8 - (w >> 8));
    mem_run *r = c->run;
    size_t k = w & 0xff;
    *(void **)p = r->free_small[k - 1];
    r->free_small[k - 1] = p;
    r->small_live--;
}

size_t mem_end(mem_run *r)
{
    size_t n = r->small_live;
    while (r->chunks) {
        chunk *c = r->chunks;
        r->chunks = c->next;
        r->alloc(r->ud, c, 0);
    }
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

/* A block of its own of 'size' bytes in run 'r' (NULL: outside a run), zero-filled; NULL
 * when there is no room for its header or the hook refuses. */
static void *try_own(mem_run *r, size_t size)
{
    if (size > SIZE_MAX - sizeof(mem_block))
        return NULL;
    mem_block *b = block_alloc(r, NULL, sizeof(mem_block) + size);
    if (!b)
        return NULL;
    memset(b + 1, 0, size);
    link_block(b, r);
    return b + 1;
}

/* try_own, unwinding (mem_fail) instead of returning NULL. */
static void *alloc_own(mem_run *r, size_t size)
{
    void *p = try_own(r, size);
    if (!p)
        mem_fail();
    return p;
}

void *mem_try_alloc(size_t size)
{
    return try_own(current, size);
}

void *mem_alloc(size_t size)
{
    mem_run *r = current;
    if (MEM_SMALL_BLOCKS && r && size <= MEM_SMALL_MAX)
        return alloc_small(r, size);
    return alloc_own(r, size);
}

void *mem_realloc(void *p, size_t size)
{
    if (!p)
        return alloc_own(current, size);
    size_t w = word_of(p);
    if (w != 0) { /* a small block becomes one of its own, in its run */
        chunk *c = (chunk *)(void *)((char *)p - 8 - (w >> 8));
        char *q = alloc_own(c->run, size);
        size_t had = 16 * (w & 0xff) - 8;
        memcpy(q, p, had < size ? had : size);
        free_small(p, w);
        return q;
    }
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
    size_t w = word_of(p);
    if (w != 0) {
        free_small(p, w);
        return;
    }
    mem_block *b = header(p);
    unlink_block(b);
    block_alloc(b->link.run, b, 0);
}

char *mem_release(char *s)
{
    if (!s)
        return NULL;
    assert(word_of(s) == 0); /* from mem_realloc, not a small block */
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
