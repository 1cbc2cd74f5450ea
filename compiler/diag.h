/*
 * diag.h - diagnostics like a compiler's: "file:line:col: error: message", counted, never
 * fatal, so one run reports every error. Messages go to a FILE (the CLI: stderr) and/or are
 * collected in memory (tests). A diag owns its collected text.
 */
#ifndef SLOTGEN_DIAG_H
#define SLOTGEN_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "schema.h"

#if defined(__GNUC__) || defined(__clang__)
#define DIAG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DIAG_PRINTF(f, a)
#endif

typedef struct diag {
    FILE *out;        /* where each message is printed as it is reported; NULL: nowhere */
    char *text;       /* every message so far, when 'collect' is set; owned */
    size_t len;
    size_t cap;
    int collect;
    unsigned errors;
    unsigned notes;
} diag;

/* Sets up 'd' to print to 'out' (may be NULL) and, if 'collect', keep the text (allocated
 * here). */
void diag_init(diag *d, FILE *out, int collect);

/* Frees the collected text. */
void diag_fini(diag *d);

/* "file:line:col: error: ..." (counts an error). A loc with no file prints "slotgen: error:". */
void diag_error(diag *d, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);

/* "file:line:col: note: ..." (attached to the error before it). */
void diag_note(diag *d, loc at, const char *fmt, ...) DIAG_PRINTF(3, 4);

/* The collected text, "" when none. */
const char *diag_text(const diag *d);

/* Reports "slotgen: out of memory" (not an error count) without allocating: for after a run
 * of mem.h has unwound. */
void diag_out_of_memory(diag *d);

/* Hands the collected text to the caller of sgc_compile as a plain allocation of the run's
 * hook (mem_release), and forgets it. When collecting but no text could be allocated, a new
 * plain copy of the out-of-memory message, or NULL when even that fails. */
char *diag_release(diag *d);

/* The closest of 'candidates' (NULL-terminated) to 'word' within a small edit distance, for
 * "did you mean ...?" hints; NULL when none is close. */
const char *diag_suggest(const char *word, const char *const *candidates);

#endif
