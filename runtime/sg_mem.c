/*
 * sg_mem.c - the allocation hook and size-class slabs.
 *
 * Every byte goes through one hook with lua_Alloc's signature. Blocks of up to SG_SLAB_MAX
 * bytes are carved from 16 KiB chunks, one free list per size class (multiples of 8 bytes), so
 * a 16-byte block costs exactly 16 bytes: the caller passes the size back to sg_dealloc, so no
 * block carries a header. Each size class has its own spinlock; an uncontended allocation is
 * one atomic exchange, a pop and a release store. Larger blocks go to the hook directly.
 *
 * Chunks are never returned while the program runs (a free block goes back on its class's
 * list); sg_mem_release_empty, called by sg_runtime_cleanup, finds chunks whose blocks are all
 * free by counting free blocks per chunk, and returns those to the hook.
 */
#include "sg_mem.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GRAIN 8
#define NCLASSES (SG_SLAB_MAX / GRAIN)
#define CHUNK_BYTES 16384
#define CHUNK_HEAD 16

/* A chunk's header; its blocks follow at CHUNK_HEAD. */
typedef struct chunk {
    struct chunk *next;
    uint32_t carved;  /* blocks handed out by the bump pointer so far */
    uint32_t nfree;   /* scratch for sg_mem_release_empty */
} chunk;

typedef struct size_class {
    alignas(64) sg_spin lock;
    void *free;       /* singly linked through each free block's first word */
    char *bump;       /* the uncarved part of the newest chunk, the head of 'chunks'; */
    char *end;        /* both NULL when that chunk was released */
    chunk *chunks;    /* every chunk of this class, newest first */
    size_t nchunks;
} size_class;

static void *default_hook(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return malloc(new_size);
}

static sg_alloc_fn hook = default_hook;
static void *hook_ud;
static size_class classes[NCLASSES];
static bool slabs_on = true;

void sg_set_allocator(sg_alloc_fn fn, void *ud)
{
    sg_mem_release_empty();
    hook = fn ? fn : default_hook;
    hook_ud = fn ? ud : NULL;
}

void sg_set_slabs(bool on)
{
    sg_mem_release_empty();
    slabs_on = on;
}

void *sg_mem_raw_alloc(size_t size)
{
    return hook(hook_ud, NULL, 0, size);
}

void sg_mem_raw_free(void *ptr, size_t size)
{
    if (ptr)
        hook(hook_ud, ptr, size, 0);
}

/* Takes a block of class 'sc' (block size 'bsize'); the caller holds the lock. */
static void *take_block(size_class *sc, size_t bsize)
{
    void *p = sc->free;
    chunk *c;

    if (p) {
        memcpy(&sc->free, p, sizeof(void *));
        return p;
    }
    if (sc->bump && (size_t)(sc->end - sc->bump) >= bsize) {
        p = sc->bump;
        sc->bump += bsize;
        sc->chunks->carved++;
        return p;
    }
    c = sg_mem_raw_alloc(CHUNK_BYTES);
    if (!c)
        return NULL;
    c->next = sc->chunks;
    c->carved = 1;
    c->nfree = 0;
    sc->chunks = c;
    sc->nchunks++;
    sc->bump = (char *)c + CHUNK_HEAD + bsize;
    sc->end = (char *)c + CHUNK_BYTES;
    return (char *)c + CHUNK_HEAD;
}

void *sg_alloc(size_t size)
{
    size_class *sc;
    size_t bsize;
    void *p;

    if (size == 0)
        return NULL;
    if (size > SG_SLAB_MAX || !slabs_on) {
        p = sg_mem_raw_alloc(size);
        if (p)
            memset(p, 0, size);
        return p;
    }
    bsize = (size + GRAIN - 1) / GRAIN * GRAIN;
    sc = &classes[bsize / GRAIN - 1];
    sg_spin_lock(&sc->lock);
    p = take_block(sc, bsize);
    sg_spin_unlock(&sc->lock);
    if (p)
        memset(p, 0, bsize);
    return p;
}

void sg_dealloc(void *ptr, size_t size)
{
    size_class *sc;

    if (!ptr || size == 0)
        return;
    if (size > SG_SLAB_MAX || !slabs_on) {
        sg_mem_raw_free(ptr, size);
        return;
    }
    sc = &classes[(size + GRAIN - 1) / GRAIN - 1];
    sg_spin_lock(&sc->lock);
    memcpy(ptr, &sc->free, sizeof(void *));
    sc->free = ptr;
    sg_spin_unlock(&sc->lock);
}

static int cmp_chunk(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (chunk *const *)a;
    uintptr_t y = (uintptr_t) * (chunk *const *)b;
    return (x > y) - (x < y);
}

/* The chunk of 'sorted' (n entries) that holds 'p'. */
static chunk *owner(chunk **sorted, size_t n, const void *p)
{
    size_t lo = 0, hi = n;

    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)sorted[mid] <= (uintptr_t)p)
            lo = mid;
        else
            hi = mid;
    }
    return sorted[lo];
}

/* Counts free blocks per chunk, drops the free blocks of empty chunks from the list and
 * frees those chunks. Skips the class when the scratch array cannot be allocated. */
static void release_class(size_class *sc)
{
    size_t n = sc->nchunks, i = 0;
    chunk **sorted, *c, **link;
    void *p, *keep = NULL, *next;

    sorted = n ? sg_mem_raw_alloc(n * sizeof(chunk *)) : NULL;
    if (!sorted)
        return;
    for (c = sc->chunks; c; c = c->next) {
        c->nfree = 0;
        sorted[i++] = c;
    }
    qsort(sorted, n, sizeof(chunk *), cmp_chunk);
    for (p = sc->free; p; memcpy(&p, p, sizeof(void *)))
        owner(sorted, n, p)->nfree++;
    for (p = sc->free; p; p = next) {
        memcpy(&next, p, sizeof(void *));
        c = owner(sorted, n, p);
        if (c->nfree != c->carved) {
            memcpy(p, &keep, sizeof(void *));
            keep = p;
        }
    }
    sc->free = keep;
    sg_mem_raw_free(sorted, n * sizeof(chunk *));
    for (link = &sc->chunks; (c = *link) != NULL;) {
        if (c->nfree != c->carved) {
            link = &c->next;
            continue;
        }
        if (sc->bump && c == sc->chunks)     /* the chunk being carved */
            sc->bump = sc->end = NULL;
        *link = c->next;
        sc->nchunks--;
        sg_mem_raw_free(c, CHUNK_BYTES);
    }
}

void sg_mem_release_empty(void)
{
    for (size_t i = 0; i < NCLASSES; i++)
        release_class(&classes[i]);
}
