/*
 * emit.h - a growable text buffer with an indentation level, for the generators, and the
 * one way generated files reach the disk: atomically (a temporary file in the same
 * directory, then rename) and only when the content changed, so an unchanged file keeps its
 * mtime and an interrupted run never leaves a half-written file. Staging and committing are
 * separate steps so that a caller can stage every file of a run before replacing any.
 *
 * An emitter may stream (emit_to): then whenever it holds EMIT_FLUSH bytes it passes them to
 * a file being staged, which compares them with the old file as they come and creates the
 * temporary only at the first difference, so a file of any size costs a bounded buffer, and
 * an unchanged one is only read. Each fragment is formatted once, into the buffer's free
 * space (formatted again only when it did not fit, after the buffer at least doubled); no
 * function here keeps a static buffer, so emitters on several threads are independent.
 */
#ifndef SLOTGEN_EMIT_H
#define SLOTGEN_EMIT_H

#include <stdarg.h>
#include <stddef.h>

#include "diag.h" /* DIAG_PRINTF */

struct emit_staged;

typedef struct emitter {
    char *buf;    /* NUL-terminated; owned */
    size_t len;
    size_t cap;
    int indent;   /* levels of 4 spaces */
    struct emit_staged *sink; /* NULL, or where the text goes as it is made (emit_to) */
} emitter;

/* The bytes a streaming emitter holds before it passes them on (at its next call). */
#define EMIT_FLUSH 65536

void emit_init(emitter *e);
void emit_fini(emitter *e);

/* Makes 'e' stream into 'st' (borrowed; between emit_stream_begin and emit_stream_end):
 * from now on what 'e' holds goes to emit_stream_write whenever it passes EMIT_FLUSH bytes,
 * and at emit_flush. Its buffer then holds only the text not yet passed on. */
void emit_to(emitter *e, struct emit_staged *st);

/* Passes everything 'e' holds to its sink (nothing without one). */
void emit_flush(emitter *e);

/* Appends one line at the current indentation, then a newline. */
void emit_line(emitter *e, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* emit_line with a va_list. Returns the offset in e->buf where the line starts (its
 * indentation first), valid until the next call that writes to 'e': with emit_cut, a caller
 * can take back a line it wrote and lay it out otherwise. */
size_t emit_vline(emitter *e, const char *fmt, va_list ap);

/* Takes back the text 'e' holds from offset 'at' (at most e->len) to its end: returns it as a
 * new NUL-terminated string (the caller frees it) and leaves 'e' ending at 'at'. */
char *emit_cut(emitter *e, size_t at);

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

/* A file on its way to the disk: its new content written to a temporary file beside it,
 * waiting for emit_commit (which renames it into place) or emit_discard (which removes it).
 * Staging every output of a run before committing any is what makes a run all or nothing.
 * Only emit_prepare allocates, so a caller can allocate everything before it touches the
 * file system. */
typedef struct emit_staged {
    const char *path; /* borrowed */
    char *tmp;        /* owned: the temporary's name (emit_prepare .. emit_release) */
    int staged;       /* the temporary exists */
    /* streaming, from emit_stream_begin to emit_stream_end */
    int fd;           /* the temporary, open; -1 */
    int old_fd;       /* the old file, open while all text so far equals its start; -1 */
    size_t matched;   /* bytes of text so far, all equal to the old file's first bytes */
    int exists;       /* the path existed (a regular file) at emit_stream_begin */
    unsigned mode;    /* then its permission bits, for the temporary */
    int err;          /* errno of the first failure, 0 */
} emit_staged;

/* Readies 'st' for 'path' (borrowed until emit_release): allocates the temporary's name. */
void emit_prepare(emit_staged *st, const char *path);

/* Stages 'len' bytes of 'text', unless the file already holds exactly them. The temporary is
 * created in the directory of the path under a new random name,
 * ".slotgen-tmp-XXXXXXXXXXXX", with O_CREAT|O_EXCL|O_NOFOLLOW (a file or link planted under
 * that name is never opened: another name is drawn), given the mode of the file it will
 * replace (or 0666 less the umask for a new file), written and synced. Reading the old
 * content never blocks: only a regular file is compared. Returns 1 when staged, 0 when
 * unchanged (nothing staged), -1 on failure (errno set; EISDIR or EINVAL when the path exists
 * and is not a regular file, a symbolic link included; no temporary is left). Allocates
 * nothing. */
int emit_stage(emit_staged *st, const char *text, size_t len);

/* emit_stage in pieces, for text made as it goes (emit_to): emit_stream_begin checks the path
 * (as emit_stage) and opens the old file, emit_stream_write passes on the next 'len' bytes,
 * emit_stream_end says whether the file is staged. The temporary is created at the first
 * byte that differs from the old file (the equal bytes before it copied from there), so an
 * unchanged file is never written. begin returns 0, or -1 (errno set, nothing left open or
 * created); write returns 0, or -1 after a failure (which end reports); end returns 1 when
 * staged, 0 when unchanged (nothing staged), -1 on failure (errno set; no temporary left).
 * None allocates; between begin and end a descriptor is open and a temporary may exist, so
 * a caller that allocates meanwhile guards them with emit_discard (mem_guard). */
int emit_stream_begin(emit_staged *st);
int emit_stream_write(emit_staged *st, const char *text, size_t len);
int emit_stream_end(emit_staged *st);

/* Renames the staged temporary onto its path (nothing when none is staged). Returns 0, or -1
 * (errno set; the temporary is removed, the old file is untouched). Allocates nothing. */
int emit_commit(emit_staged *st);

/* Closes what a stream left open and removes the staged temporary, if any. Allocates
 * nothing. */
void emit_discard(emit_staged *st);

/* emit_discard, then frees what emit_prepare allocated. */
void emit_release(emit_staged *st);

/* emit_stage then emit_commit: writes 'len' bytes to 'path' unless the file already holds
 * exactly them. Returns 1 when written, 0 when unchanged, -1 on failure (errno set; the old
 * file is untouched and no temporary file is left behind). */
int emit_write_file(const char *path, const char *text, size_t len);

#endif
