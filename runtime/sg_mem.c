/*
 * sg_mem.c - the allocation hook, size-class slabs, and the exact mode memory tools see.
 *
 * Every byte goes through one hook with lua_Alloc's signature. Blocks of up to SG_SLAB_MAX
 * bytes are carved from 16 KiB chunks, one free list per size class (multiples of 8 bytes), so
 * a 16-byte block costs exactly 16 bytes: the caller passes the size back to sg_dealloc, so no
 * block carries a header. Each size class has its own spinlock; an uncontended allocation is
 * one atomic exchange, a pop and a release store. Larger blocks go to the hook directly.
 *
 * Giving memory back. A class tracks how far its free list has grown over its low-water mark
 * since its last sweep. When that growth holds SWEEP_MIN_BYTES, is at least half the low-water
 * mark and at least 1/16 of the class's chunk bytes, the class is swept: free blocks are
 * counted per chunk, and every chunk whose carved blocks are all free, except the one being
 * carved, leaves the class. Up to SPARE_MAX such chunks wait on a spare list that any class
 * takes from before it asks the hook (so one class's freed memory serves another); the rest go
 * back to the hook, and so to the C library, which can reuse them for any size. A sweep costs
 * O(free blocks + chunks log chunks), and the conditions make that O(log chunks) per free,
 * amortized; they also bound what a class holds once everything is freed (a few times
 * SWEEP_MIN_BYTES). Measuring growth over the low-water mark, not frees, is the hysteresis: a
 * program that frees and allocates the same blocks over and over (a pool that turns over less
 * than SWEEP_MIN_BYTES) never pays for a sweep. sg_mem_release_empty (sg_runtime_cleanup)
 * sweeps every class completely and empties the spare list.
 *
 * Exact mode. When the slabs are off, every sg_alloc is its own hook call at its exact size,
 * so ASan, valgrind or a test hook see each object and string as one block (leaks reported
 * with the allocating stack, a use after free caught). The mode is chosen once, at the first
 * allocation: sg_set_slabs if it was called; else the environment variable SG_SLABS ("0" exact,
 * "1" slabs); else exact when the program runs under AddressSanitizer (its runtime's
 * __asan_init is linked in) or valgrind (its preload library is in LD_PRELOAD); else slabs.
 *
 * Locks: no lock is held while the hook runs (a class that needs a chunk drops its lock, gets
 * one, and takes the lock again), and no lock is taken under another (the spare list's lock
 * is taken only with no class lock held). Sweep scratch memory is allocated before the lock.
 */
#define _POSIX_C_SOURCE 200809L /* sched_yield */

#include "sg_mem.h"

#include <sched.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GRAIN 8
#define NCLASSES (SG_SLAB_MAX / GRAIN)
#define CHUNK_BYTES 16384
#define CHUNK_HEAD 16
#define SPARE_MAX 4              /* empty chunks kept for any class to take */
#define SWEEP_MIN_BYTES 65536    /* growth of a class's free list before it is swept */
#define SPIN_MAX 64              /* pause instructions per wait before a waiter yields */

#if defined(__GNUC__) || defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* A chunk's header; its blocks follow at CHUNK_HEAD. */
typedef struct chunk {
    struct chunk *next;
    uint32_t carved;  /* blocks handed out by the bump pointer so far */
    uint32_t nfree;   /* scratch for a sweep */
} chunk;

typedef struct size_class {
    alignas(64) sg_spin lock;
    void *free;         /* singly linked through each free block's first word */
    size_t nfree;       /* blocks on 'free' */
    size_t low;         /* the least 'nfree' has been since the last sweep */
    char *bump;         /* the uncarved part of the newest chunk, the head of 'chunks'; */
    char *end;          /* both NULL when that chunk was released */
    chunk *chunks;      /* every chunk of this class, newest first */
    size_t nchunks;
} size_class;

enum { MODE_UNSET, MODE_SLABS, MODE_EXACT };

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
static atomic_int mode;
static sg_spin spare_lock;
static chunk *spare;      /* empty chunks, linked through 'next'; under spare_lock */
static size_t nspare;

/* ---- locks ------------------------------------------------------------------------------ */

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

void sg_spin_wait(sg_spin *l)
{
    unsigned spins = 1;

    for (;;) {
        while (atomic_load_explicit(&l->held, memory_order_relaxed)) {
            if (spins <= SPIN_MAX) {
                for (unsigned i = 0; i < spins; i++)
                    cpu_relax();
                spins *= 2;
            } else {
                sched_yield();
            }
        }
        if (!atomic_exchange_explicit(&l->held, true, memory_order_acquire))
            return;
    }
}

/* ---- the mode --------------------------------------------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
/* Defined by the AddressSanitizer runtime when the program was built with it; NULL else. */
extern void __asan_init(void) __attribute__((weak));
#endif

/* True when the program runs under AddressSanitizer or valgrind. */
static bool under_memory_tool(void)
{
    const char *preload = getenv("LD_PRELOAD");

#if defined(__GNUC__) || defined(__clang__)
    if (__asan_init)
        return true;
#endif
    return preload && strstr(preload, "vgpreload") != NULL;
}

static int choose_mode(void)
{
    const char *env = getenv("SG_SLABS");

    if (env && strcmp(env, "0") == 0)
        return MODE_EXACT;
    if (env && strcmp(env, "1") == 0)
        return MODE_SLABS;
    return under_memory_tool() ? MODE_EXACT : MODE_SLABS;
}

/* Decides the mode at the first allocation: one thread's choice wins. */
static int decide_mode(void)
{
    int m = choose_mode(), expected = MODE_UNSET;

    if (!atomic_compare_exchange_strong(&mode, &expected, m))
        m = expected;
    return m;
}

/* sg_mem_slabs, inline for sg_alloc and sg_dealloc: one relaxed load once decided. */
static inline bool slabs(void)
{
    int m = atomic_load_explicit(&mode, memory_order_relaxed);

    if (m == MODE_UNSET)
        m = decide_mode();
    return m == MODE_SLABS;
}

/* True when the mode is decided and is the slabs: one relaxed load, and no call. */
static inline bool slabs_decided(void)
{
    return atomic_load_explicit(&mode, memory_order_relaxed) == MODE_SLABS;
}

bool sg_mem_slabs(void)
{
    return slabs();
}

void sg_set_allocator(sg_alloc_fn fn, void *ud)
{
    sg_mem_release_empty();
    hook = fn ? fn : default_hook;
    hook_ud = fn ? ud : NULL;
}

void sg_set_slabs(bool on)
{
    sg_mem_release_empty();
    atomic_store(&mode, on ? MODE_SLABS : MODE_EXACT);
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

/* ---- chunks ----------------------------------------------------------------------------- */

/* An empty chunk: a spare one, or a new one from the hook. NULL when out of memory. */
static chunk *get_chunk(void)
{
    chunk *c;

    sg_spin_lock(&spare_lock);
    c = spare;
    if (c) {
        spare = c->next;
        nspare--;
    }
    sg_spin_unlock(&spare_lock);
    return c ? c : sg_mem_raw_alloc(CHUNK_BYTES);
}

/* Keeps the empty chunk 'c' as a spare, or gives it back to the hook when there are enough. */
static void put_chunk(chunk *c)
{
    bool kept = false;

    sg_spin_lock(&spare_lock);
    if (nspare < SPARE_MAX) {
        c->next = spare;
        spare = c;
        nspare++;
        kept = true;
    }
    sg_spin_unlock(&spare_lock);
    if (!kept)
        sg_mem_raw_free(c, CHUNK_BYTES);
}

/* ---- blocks ----------------------------------------------------------------------------- */

/* Takes a block of class 'sc' (block size 'bsize') from its free list or its bump chunk; NULL
 * when it has neither. The caller holds the lock. */
static void *take_block(size_class *sc, size_t bsize)
{
    void *p = sc->free;

    if (p) {
        memcpy(&sc->free, p, sizeof(void *));
        sc->nfree--;
        if (sc->nfree < sc->low)
            sc->low = sc->nfree;
        return p;
    }
    if (sc->bump && (size_t)(sc->end - sc->bump) >= bsize) {
        p = sc->bump;
        sc->bump += bsize;
        sc->chunks->carved++;
        return p;
    }
    return NULL;
}

/* Makes 'c' the class's bump chunk and carves its first block. The caller holds the lock. */
static void *install(size_class *sc, chunk *c, size_t bsize)
{
    c->next = sc->chunks;
    c->carved = 1;
    c->nfree = 0;
    sc->chunks = c;
    sc->nchunks++;
    sc->bump = (char *)c + CHUNK_HEAD + bsize;
    sc->end = (char *)c + CHUNK_BYTES;
    return (char *)c + CHUNK_HEAD;
}

/* A block for a class that had none, zeroed: gets a chunk with no lock held, then takes the
 * lock again; when another thread refilled the class meanwhile, the chunk goes back. */
static void *refill(size_class *sc, size_t bsize)
{
    chunk *c = get_chunk();
    void *p;

    if (!c)
        return NULL;
    sg_spin_lock(&sc->lock);
    p = take_block(sc, bsize);
    if (!p) {
        p = install(sc, c, bsize);
        c = NULL;
    }
    sg_spin_unlock(&sc->lock);
    if (c)
        put_chunk(c);
    return memset(p, 0, bsize);
}

/* With the lock of 'sc' held: takes a block, releases the lock, and returns the block zeroed;
 * NULL when out of memory. */
static inline void *take_unlock(size_class *sc, size_t bsize)
{
    void *p = take_block(sc, bsize);

    sg_spin_unlock(&sc->lock);
    return p ? memset(p, 0, bsize) : refill(sc, bsize);
}

/* The paths of sg_alloc and sg_dealloc that may wait or decide the mode are functions of their
 * own, reached by tail calls: the common path then makes no call it must return from, and
 * saves no registers. */

/* sg_alloc when the class lock is held by another thread. */
static NOINLINE void *alloc_contended(size_class *sc, size_t bsize)
{
    sg_spin_wait(&sc->lock);
    return take_unlock(sc, bsize);
}

/* sg_alloc of a block the slabs do not serve (too large, exact mode), or the first one, which
 * decides the mode. */
static NOINLINE void *alloc_direct(size_t size)
{
    void *p;

    if (size <= SG_SLAB_MAX && slabs())
        return sg_alloc(size);
    p = sg_mem_raw_alloc(size);
    return p ? memset(p, 0, size) : NULL;
}

void *sg_alloc(size_t size)
{
    size_class *sc;
    size_t bsize;

    if (size == 0)
        return NULL;
    if (size > SG_SLAB_MAX || !slabs_decided())
        return alloc_direct(size);
    bsize = (size + GRAIN - 1) / GRAIN * GRAIN;
    sc = &classes[bsize / GRAIN - 1];
    if (!sg_spin_trylock(&sc->lock))
        return alloc_contended(sc, bsize);
    return take_unlock(sc, bsize);
}

static void sweep_class(size_class *sc, bool all);

/* With the lock of 'sc' held: pushes 'ptr' on the free list, releases the lock, and sweeps
 * the class when its free list has grown enough (see the head of this file). */
static inline void push_unlock(size_class *sc, void *ptr, size_t bsize)
{
    size_t growth;
    bool sweep;

    memcpy(ptr, &sc->free, sizeof(void *));
    sc->free = ptr;
    sc->nfree++;
    growth = sc->nfree - sc->low;
    sweep = growth * bsize >= SWEEP_MIN_BYTES && 2 * growth >= sc->low &&
            16 * growth * bsize >= sc->nchunks * CHUNK_BYTES;
    sg_spin_unlock(&sc->lock);
    if (sweep)
        sweep_class(sc, false);
}

/* sg_dealloc when the class lock is held by another thread. */
static NOINLINE void dealloc_contended(size_class *sc, void *ptr, size_t bsize)
{
    sg_spin_wait(&sc->lock);
    push_unlock(sc, ptr, bsize);
}

/* sg_dealloc of a block the slabs do not serve, or before the mode is decided. */
static NOINLINE void dealloc_direct(void *ptr, size_t size)
{
    if (size <= SG_SLAB_MAX && slabs())
        sg_dealloc(ptr, size);
    else
        sg_mem_raw_free(ptr, size);
}

void sg_dealloc(void *ptr, size_t size)
{
    size_class *sc;
    size_t bsize;

    if (!ptr || size == 0)
        return;
    if (size > SG_SLAB_MAX || !slabs_decided()) {
        dealloc_direct(ptr, size);
        return;
    }
    bsize = (size + GRAIN - 1) / GRAIN * GRAIN;
    sc = &classes[bsize / GRAIN - 1];
    if (!sg_spin_trylock(&sc->lock)) {
        dealloc_contended(sc, ptr, bsize);
        return;
    }
    push_unlock(sc, ptr, bsize);
}

/* ---- sweeps ----------------------------------------------------------------------------- */

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

/* True when the sweep takes 'c' out of 'sc': all its carved blocks are free, and it is not
 * the chunk being carved (unless 'all'). */
static bool releasable(const size_class *sc, const chunk *c, bool all)
{
    return c->nfree == c->carved && (all || c != sc->chunks || !sc->bump);
}

/* Counts free blocks per chunk (sorted: the class's 'n' chunks, scratch), drops the free
 * blocks of releasable chunks from the list, unlinks those chunks and returns them. The caller
 * holds the lock. */
static chunk *collect(size_class *sc, chunk **sorted, size_t n, bool all)
{
    size_t i = 0, kept = 0;
    chunk *c, **link, *dead = NULL;
    void *p, *keep = NULL, *next;

    for (c = sc->chunks; c; c = c->next) {
        c->nfree = 0;
        sorted[i++] = c;
    }
    qsort(sorted, n, sizeof(chunk *), cmp_chunk);
    for (p = sc->free; p; memcpy(&p, p, sizeof(void *)))
        owner(sorted, n, p)->nfree++;
    for (p = sc->free; p; p = next) {
        memcpy(&next, p, sizeof(void *));
        if (!releasable(sc, owner(sorted, n, p), all)) {
            memcpy(p, &keep, sizeof(void *));
            keep = p;
            kept++;
        }
    }
    sc->free = keep;
    sc->nfree = kept;
    for (link = &sc->chunks; (c = *link) != NULL;) {
        if (!releasable(sc, c, all)) {
            link = &c->next;
            continue;
        }
        if (c == sc->chunks)     /* the chunk being carved (only when 'all') */
            sc->bump = sc->end = NULL;
        *link = c->next;
        sc->nchunks--;
        c->next = dead;
        dead = c;
    }
    return dead;
}

/* Sweeps 'sc': its empty chunks go to the spare list or the hook ('all':
 * every empty chunk, the one being carved included, straight to the hook). When the scratch
 * array cannot be had, or the class changed while it was allocated, the sweep is skipped and
 * the growth is measured afresh. */
static void sweep_class(size_class *sc, bool all)
{
    chunk **sorted, *dead = NULL, *next;
    size_t n;

    sg_spin_lock(&sc->lock);
    n = sc->nchunks;
    sg_spin_unlock(&sc->lock);
    if (n == 0)
        return;
    sorted = sg_mem_raw_alloc(n * sizeof(chunk *));
    sg_spin_lock(&sc->lock);
    if (sorted && sc->nchunks == n)
        dead = collect(sc, sorted, n, all);
    sc->low = sc->nfree;
    sg_spin_unlock(&sc->lock);
    sg_mem_raw_free(sorted, n * sizeof(chunk *));
    for (; dead; dead = next) {
        next = dead->next;
        if (all)
            sg_mem_raw_free(dead, CHUNK_BYTES);
        else
            put_chunk(dead);
    }
}

void sg_mem_release_empty(void)
{
    chunk *c;

    for (size_t i = 0; i < NCLASSES; i++)
        sweep_class(&classes[i], true);
    while ((c = spare) != NULL) {
        spare = c->next;
        nspare--;
        sg_mem_raw_free(c, CHUNK_BYTES);
    }
}
