/*
 * emit.c - text buffer with indentation, and atomic write-if-changed (see emit.h).
 * Buffers grow through mem.h, like every compiler allocation: when memory runs out the run
 * unwinds and frees them. emit_write_file allocates its temporary name before opening it.
 */
#define _POSIX_C_SOURCE 200809L

#include "emit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void emit_init(emitter *e)
{
    memset(e, 0, sizeof *e);
    e->cap = 4096;
    e->buf = mem_alloc(e->cap);
}

void emit_fini(emitter *e)
{
    mem_free(e->buf);
    memset(e, 0, sizeof *e);
}

static void reserve(emitter *e, size_t more)
{
    if (e->len + more + 1 <= e->cap)
        return;
    if (e->cap == 0)
        e->cap = 4096;
    while (e->len + more + 1 > e->cap)
        e->cap *= 2;
    char *buf = mem_alloc(e->cap);
    if (e->buf)
        memcpy(buf, e->buf, e->len + 1);
    mem_free(e->buf);
    e->buf = buf;
}

static void vappend(emitter *e, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0)
        return;
    reserve(e, (size_t)n);
    vsnprintf(e->buf + e->len, (size_t)n + 1, fmt, ap);
    e->len += (size_t)n;
}

static void append(emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(e, fmt, ap);
    va_end(ap);
}

char *emit_format(const char *fmt, ...)
{
    emitter e;
    va_list ap;
    emit_init(&e);
    va_start(ap, fmt);
    vappend(&e, fmt, ap);
    va_end(ap);
    return emit_take(&e, NULL);
}

static void vline(emitter *e, const char *fmt, va_list ap)
{
    if (*fmt)
        append(e, "%*s", 4 * e->indent, "");
    vappend(e, fmt, ap);
    append(e, "\n");
}

void emit_line(emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(e, fmt, ap);
    va_end(ap);
}

#define EMIT_WIDTH 100

void emit_decl(emitter *e, const char *fmt, ...)
{
    emitter line;
    va_list ap;
    emit_init(&line);
    line.indent = e->indent;
    va_start(ap, fmt);
    vline(&line, fmt, ap);
    va_end(ap);
    const char *text = line.buf;
    size_t open = strcspn(text, "({");  /* continuation lines start under what follows */
    size_t col = text[open] ? open + 1 : 0, lead = 0;
    while (col && lead + strlen(text) > EMIT_WIDTH + 1) { /* +1: the newline */
        const char *cut = NULL;
        for (const char *p = text; lead + (size_t)(p - text) < EMIT_WIDTH && *p; p++)
            if (p[0] == ',' && p[1] == ' ')
                cut = p;
        if (!cut)
            break;
        append(e, "%.*s\n%*s", (int)(cut + 1 - text), text, (int)col, "");
        text = cut + 2;
        lead = col;
    }
    append(e, "%s", text);
    emit_fini(&line);
}

void emit_blank(emitter *e)
{
    append(e, "\n");
}

void emit_raw(emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vappend(e, fmt, ap);
    va_end(ap);
}

void emit_open(emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(e, fmt, ap);
    va_end(ap);
    e->indent++;
}

void emit_close(emitter *e, const char *fmt, ...)
{
    va_list ap;
    if (e->indent > 0)
        e->indent--;
    va_start(ap, fmt);
    vline(e, fmt, ap);
    va_end(ap);
}

char *emit_take(emitter *e, size_t *len)
{
    char *buf = e->buf;
    if (len)
        *len = e->len;
    memset(e, 0, sizeof *e);
    return buf;
}

/* 1 when 'path' holds exactly 'len' bytes equal to 'text'. */
static int same_content(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char buf[8192];
    size_t off = 0, n;
    int same = 1;
    while (same && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        same = off + n <= len && memcmp(buf, text + off, n) == 0;
        off += n;
    }
    same = same && !ferror(f) && off == len;
    fclose(f);
    return same;
}

static int write_all(FILE *f, const char *text, size_t len)
{
    int ok = fwrite(text, 1, len, f) == len;
    ok = fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    return ok;
}

int emit_write_file(const char *path, const char *text, size_t len)
{
    if (same_content(path, text, len))
        return 0;
    char *tmp = mem_alloc(strlen(path) + 32);
    sprintf(tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        mem_free(tmp);
        return -1;
    }
    int ok = write_all(f, text, len);
    int err = errno;
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, path) == 0) {
        mem_free(tmp);
        return 1;
    }
    err = errno ? errno : err;
    remove(tmp);
    mem_free(tmp);
    errno = err;
    return -1;
}
