/*
 * diag.h - diagnostics like a compiler's: "file:line:col: error: message", counted, never
 * fatal, so one run reports every error. Messages go to a FILE (the CLI: stderr) and/or are
 * collected in memory (tests). A diag owns its collected text.
 *
 * Messages come out in source order, as gcc, clang and rustc print them, whichever checking
 * phase found them: each is held until diag_flush (diag_text flushes too), then all held
 * ones are printed sorted by file (in the order diag_file, or else a first message, named
 * it), line and column; a note stays right after the error before it; messages without a
 * file come first; equal places keep the order they were reported in.
 */
#ifndef SLOTGEN_DIAG_H
#define SLOTGEN_DIAG_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "schema.h"

#if defined(__GNUC__) || defined(__clang__)
#define DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DIAG_PRINTF(f, a)
#endif

typedef struct diag_held diag_held; /* a message waiting for diag_flush (diag.c) */

typedef struct diag {
    FILE *out;        /* where each message is printed when flushed; NULL: nowhere */
    char *text;       /* every message flushed so far, when 'collect' is set; owned */
    size_t len;
    size_t cap;
    int collect;
    unsigned errors;
    unsigned notes;
    diag_held *held;  /* reported, not yet flushed; owned */
    size_t nheld;
    size_t heldcap;
    char **files;     /* file names in the order they rank; owned copies */
    size_t nfiles;
} diag;

/* Sets up 'd' to print to 'out' (may be NULL) and, if 'collect', keep the text (allocated
 * here). */
void diag_init(diag *d, FILE *out, int collect);

/* Frees the collected text and any message not flushed (without printing it). */
void diag_fini(diag *d);

/* Ranks 'file' after every file named so far (a no-op when it already is): the driver names
 * each schema as it first reads it, so its messages sort in that order. */
void diag_file(diag *d, const char *file);

/* Prints and collects every held message, sorted (see above). */
void diag_flush(diag *d);

/* "file:line:col: error: ..." (counts an error). A loc with no file prints "slotgen: error:",
 * one with a file but line 0 (no position known) "file: error:". */
void diag_error(diag *d, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);

/* "file:line:col: note: ..." (attached to the error before it). */
void diag_note(diag *d, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);

/* The collected text after a diag_flush, "" when none. */
const char *diag_text(diag *d);

/* Reports "slotgen: out of memory" (not an error count) without allocating: for after a run
 * of mem.h has unwound. Messages still held are not printed: diag_flush first, under
 * mem_protect (a flush that runs out of memory can be run again). */
void diag_out_of_memory(diag *d);

/* Hands the collected text to the caller of sgc_compile as a plain allocation of the run's
 * hook (mem_release), and forgets it. When collecting but no text could be allocated, a new
 * plain copy of the out-of-memory message, or NULL when even that fails. */
char *diag_release(diag *d);

/* The closest of 'candidates' (NULL-terminated) to 'word' within a small edit distance, for
 * "did you mean ...?" hints; NULL when none is close. */
const char *diag_suggest(const char *word, const char *const *candidates);

#endif
