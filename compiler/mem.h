/*
 * mem.h - the compiler's one allocator: every block a run allocates is tracked, so running
 * out of memory ends the run cleanly instead of the process.
 *
 * sgc_compile opens a run (mem_run) around the whole pipeline with mem_protect. Inside it,
 * every compiler module allocates through mem_alloc & co. and frees through mem_free; each
 * block carries a small header linking it into the run's list of live blocks, and goes
 * through the caller's allocator hook (sgc_options.alloc). When an allocation fails, the
 * allocator runs the run's guards (cleanups for what is not a block: a FILE, libyaml's
 * parser, a buffer a callback returned) and unwinds to mem_protect with longjmp, which then
 * returns -1; mem_end frees every block still live. So no caller ever sees NULL, no module
 * threads an error return, and nothing leaks. The longjmp never leaves the library: it only
 * crosses compiler frames, none of which holds anything but blocks and guarded resources.
 *
 * Rules for every compiler module (tests/test_mem.c fails the k-th allocation of a run for
 * every k, and `make check` greps compiler/ for raw malloc/free):
 * - allocate only through mem_*; free a block only with mem_free (never free());
 * - hold a resource that is not a block (FILE *, fd, temporary file, libyaml state, a
 *   buffer from a callback) across an allocation only under a mem_guard;
 * - write nothing to the user's files before the last allocation that can decide success;
 * - what is read after an unwinding (diag's messages) counts an item only once the
 *   allocation that fills it has returned: `a[n++] = mem_strdup(s)` may count it first;
 * - free all you allocate on the normal path: mem_end would free a leak silently, hiding it
 *   from ASan and valgrind, so sgc_compile asserts that a run that did not fail left nothing.
 *
 * Small blocks (mem_alloc & co. of at most MEM_SMALL_MAX bytes inside a run: the model's
 * nodes and strings, most of what a run allocates) are not a hook allocation each: the run
 * carves them out of 64 KiB chunks it asks its hook for, each with an 8-byte header (where
 * its chunk starts, its size class), and keeps the freed ones on a free list per size class
 * for reuse; a chunk goes back to the hook at mem_end. The run counts its live small blocks,
 * so mem_end's count still says what a run left. Memory running out is still a hook
 * allocation failing (now one per chunk), reported the same way. AddressSanitizer builds
 * keep every block a hook allocation, so ASan sees each one (overruns, uses after free,
 * leaks); elsewhere (valgrind too) a small block left live is still counted by mem_end.
 *
 * The current run is a thread-local pointer, so runs on several threads are independent.
 * Outside any run (unit tests calling a module directly) blocks come from malloc and a
 * failure prints "slotgen: out of memory" and aborts: there is nothing to unwind to.
 */
#ifndef SLOTGEN_MEM_H
#define SLOTGEN_MEM_H

#include <setjmp.h>
#include <stddef.h>

#include "sgc.h"

/* A cleanup for a resource that is not a block, run if memory runs out while it is pushed.
 * Lives in the frame that holds the resource; pushed and popped in LIFO order. */
typedef struct mem_guard {
    struct mem_guard *next;
    void (*fn)(void *arg);
    void *arg;
} mem_guard;

/* The header of a tracked block of its own (not small); the caller's bytes follow it,
 * aligned for any type. */
typedef union mem_block {
    struct {
        union mem_block *prev, *next; /* the run's circular list; a lone block links itself */
        struct mem_run *run;          /* NULL: allocated outside a run, with malloc */
        size_t small;                 /* 0: this kind of block (the word before the caller's
                                         bytes, where a small block keeps its size class) */
    } link;
    max_align_t align;
} mem_block;

/* The largest small block, and how many size classes (multiples of 16 bytes, header
 * included) small blocks come in. */
#define MEM_SMALL_MAX 248
#define MEM_SMALL_CLASSES 16

/* 1 when runs make small blocks: not under AddressSanitizer. */
#if defined(__SANITIZE_ADDRESS__)
#define MEM_SMALL_BLOCKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEM_SMALL_BLOCKS 0
#endif
#endif
#ifndef MEM_SMALL_BLOCKS
#define MEM_SMALL_BLOCKS 1
#endif

/* One run's allocator state. Only mem.c reads its fields. */
typedef struct mem_run {
    sgc_alloc_fn alloc;     /* never NULL inside mem.c: malloc/realloc/free by default */
    void *ud;
    mem_block live;         /* sentinel of the list of live blocks */
    mem_guard *guards;      /* innermost first */
    struct mem_run *outer;  /* the run this thread had before (runs may nest) */
    jmp_buf unwind;
    int failed;             /* memory ran out in this run */
    /* small blocks */
    void *chunks;           /* the run's chunks, newest first */
    char *room;             /* the unused bytes of the newest chunk */
    size_t left;
    void *free_small[MEM_SMALL_CLASSES]; /* freed small blocks per size class */
    size_t small_live;      /* small blocks allocated and not freed */
} mem_run;

/* Starts a run on this thread: from now on mem_* allocate through 'alloc' (NULL: malloc,
 * realloc and free) with 'ud'. */
void mem_begin(mem_run *r, sgc_alloc_fn alloc, void *ud);

/* Calls body(arg) inside run 'r' (the current one). Returns 0 when it returned, -1 when
 * memory ran out (r's guards have run; its blocks are still live, for the caller to read
 * what it needs before mem_end). */
int mem_protect(mem_run *r, void (*body)(void *), void *arg);

/* Ends run 'r': frees every block still live (and the chunks of small blocks) and makes the
 * previous run current again. Returns how many blocks it freed (0 after a run that freed all
 * it allocated). */
size_t mem_end(mem_run *r);

/* Allocation. None returns NULL: on failure the run unwinds (see above). */
void *mem_alloc(size_t size);                /* zero-filled */
void *mem_realloc(void *p, size_t size);     /* NULL p: mem_alloc; not zero-filled past the
                                                old size; on failure 'p' stays valid; always
                                                a block of its own, never a small one */
/* A block of mem_alloc's kind (tracked, zero-filled, freed with mem_free, or by mem_end should
 * the run unwind later), but NULL when it cannot be allocated: it never unwinds. For code
 * that runs inside another library's frames (a libslotgen-io callback), which no unwinding
 * may cross: it notes the failure and calls mem_fail once back in compiler frames. */
void *mem_try_alloc(size_t size);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);  /* at most n bytes of 's', NUL-terminated */

/* Frees a block of mem_alloc & co. NULL is fine. */
void mem_free(void *p);

/* Turns the string block 's' (from mem_realloc: a block of its own) into a plain allocation
 * of its run's hook (malloc when none) for the caller of sgc_compile to free: the string moves
 * to the start of the block. Never allocates; NULL gives NULL. */
char *mem_release(char *s);

/* Allocates 'size' bytes straight from the run's hook, untracked (for the caller of
 * sgc_compile to free); NULL when it cannot. Never unwinds. */
void *mem_raw_alloc(size_t size);

/* Frees a buffer that a callback (sgc_options.read) returned with malloc. NULL is fine. */
void mem_free_foreign(void *p);

/* Reports out of memory: unwinds the current run (or aborts outside one). For failures
 * found elsewhere, e.g. libyaml's YAML_MEMORY_ERROR or a size that would overflow. */
_Noreturn void mem_fail(void);

/* Guards: push after acquiring the resource, pop (without running it) before releasing it. */
void mem_guard_push(mem_guard *g, void (*fn)(void *arg), void *arg);
void mem_guard_pop(mem_guard *g);

#endif
