/*
 * emit.h - a growable text buffer with an indentation level, for the generators, and the
 * one way generated files reach the disk: atomically (a temporary file in the same
 * directory, then rename) and only when the content changed, so an unchanged file keeps its
 * mtime and an interrupted run never leaves a half-written file.
 */
#ifndef SLOTGEN_EMIT_H
#define SLOTGEN_EMIT_H

#include <stdarg.h>
#include <stddef.h>

#include "diag.h" /* DIAG_PRINTF */

typedef struct emitter {
    char *buf;    /* NUL-terminated; owned */
    size_t len;
    size_t cap;
    int indent;   /* levels of 4 spaces */
} emitter;

void emit_init(emitter *e);
void emit_fini(emitter *e);

/* Appends one line at the current indentation, then a newline. */
void emit_line(emitter *e, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* Like emit_line, for a signature or a table row: when the line would pass column 100, it is
 * broken after a comma and continued under what follows its first '(' or '{'. */
void emit_decl(emitter *e, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* Appends an empty line. */
void emit_blank(emitter *e);

/* Appends text as is: no indentation, no newline. */
void emit_raw(emitter *e, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* Appends the line then indents one level: emit_open(e, "if (x) {"). */
void emit_open(emitter *e, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* Dedents one level then appends the line: emit_close(e, "}"). */
void emit_close(emitter *e, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* A new string printed like printf, of any length (the caller frees it). */
char *emit_format(const char *fmt, ...) DIAG_PRINTF(1, 2);

/* Takes the buffer from 'e' (the caller frees it); 'e' is left finished, as after
 * emit_fini, and may be given to emit_init again. */
char *emit_take(emitter *e, size_t *len);

/* Writes 'len' bytes to 'path' unless the file already holds exactly them. Returns 1 when
 * written, 0 when unchanged, -1 on failure (errno set; the old file is untouched and no
 * temporary file is left behind). */
int emit_write_file(const char *path, const char *text, size_t len);

#endif
