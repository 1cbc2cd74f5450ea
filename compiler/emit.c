/*
 * emit.c - text buffer with indentation, and atomic write-if-changed (see emit.h).
 * Buffers grow through mem.h, like every compiler allocation: when memory runs out the run
 * unwinds and frees them.
 *
 * Temporary files: ".slotgen-tmp-" and 12 random letters or digits, in the directory of the
 * file they will replace (a rename across file systems is not atomic), created with O_EXCL and
 * O_NOFOLLOW and mode 0666 (less the umask) or the replaced file's mode. A temporary lives from
 * emit_stage to emit_commit or emit_discard; only a process killed in between (SIGKILL, a
 * crash, a power cut) leaves one behind, and that name is never reused or read by slotgen.
 * Its name is allocated before (emit_prepare), so staging and committing allocate nothing:
 * memory cannot run out while a temporary exists, so no guard is needed for one.
 */
#define _POSIX_C_SOURCE 200809L

#include "emit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

/* 1 when 'path' is a regular file of exactly 'len' bytes equal to 'text'. Opened with
 * O_NONBLOCK and checked with fstat before any read, so a FIFO or a device never blocks. */
static int same_content(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    int same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size == len;
    char buf[8192];
    size_t off = 0;
    while (same && off < len) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        same = n > 0 && off + (size_t)n <= len && memcmp(buf, text + off, (size_t)n) == 0;
        off += n > 0 ? (size_t)n : 0;
    }
    close(fd);
    return same;
}

static int write_all(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        text += n;
        len -= (size_t)n;
    }
    return fsync(fd);
}

/* A 64-bit mix (splitmix64's finalizer). */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

/* Fills the 12 'X' at the end of 'name' with random letters and digits: from the clocks, the
 * process id, an address (ASLR) and a counter, so two processes that share a directory and a
 * process id (PID namespaces) still draw different names; O_EXCL settles any collision. */
static void draw_name(char *name)
{
    static _Thread_local uint64_t counter; /* per thread: sgc_compile may run in several */
    struct timespec rt = {0, 0}, mono = {0, 0};
    clock_gettime(CLOCK_REALTIME, &rt);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    uint64_t x = mix((uint64_t)rt.tv_sec * 1000000007u ^ (uint64_t)rt.tv_nsec);
    x = mix(x ^ (uint64_t)mono.tv_nsec ^ ((uint64_t)mono.tv_sec << 32));
    x = mix(x ^ (uint64_t)getpid() ^ ((uint64_t)(uintptr_t)&rt << 16) ^ ++counter);
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char *p = name + strlen(name) - 12;
    for (int i = 0; i < 12; i++, x /= 36) {
        if (i == 6)
            x = mix(x ^ counter);
        p[i] = digits[x % 36];
    }
}

#define TMP_NAME ".slotgen-tmp-XXXXXXXXXXXX"

void emit_prepare(emit_staged *st, const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path + 1) : 0;
    st->path = path;
    st->staged = 0;
    st->tmp = mem_alloc(dir + sizeof TMP_NAME);
    memcpy(st->tmp, path, dir);
    memcpy(st->tmp + dir, TMP_NAME, sizeof TMP_NAME);
}

/* Creates the temporary under a new random name in st->tmp. Returns the descriptor, or -1
 * (errno set). */
static int create_temp(emit_staged *st)
{
    for (int tries = 0; tries < 100; tries++) {
        draw_name(st->tmp);
        int fd = open(st->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC,
                      0666);
        if (fd >= 0 || errno != EEXIST) {
            st->staged = fd >= 0;
            return fd;
        }
    }
    return -1; /* errno is EEXIST */
}

int emit_stage(emit_staged *st, const char *text, size_t len)
{
    struct stat old;
    int exists = lstat(st->path, &old) == 0;
    if (exists && !S_ISREG(old.st_mode)) {
        errno = S_ISDIR(old.st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    if (exists && same_content(st->path, text, len))
        return 0;
    int fd = create_temp(st);
    if (fd < 0)
        return -1;
    int rc = exists ? fchmod(fd, old.st_mode & 07777) : 0;
    if (rc == 0)
        rc = write_all(fd, text, len);
    int err = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0) {
        emit_discard(st);
        errno = err;
        return -1;
    }
    return 1;
}

int emit_commit(emit_staged *st)
{
    if (!st->staged)
        return 0;
    if (rename(st->tmp, st->path) != 0) {
        int err = errno;
        emit_discard(st);
        errno = err;
        return -1;
    }
    st->staged = 0;
    return 0;
}

void emit_discard(emit_staged *st)
{
    if (st->staged) {
        int err = errno;
        unlink(st->tmp);
        st->staged = 0;
        errno = err;
    }
}

void emit_release(emit_staged *st)
{
    emit_discard(st);
    mem_free(st->tmp);
    st->tmp = NULL;
}

int emit_write_file(const char *path, const char *text, size_t len)
{
    emit_staged st;
    emit_prepare(&st, path);
    int rc = emit_stage(&st, text, len);
    if (rc > 0 && emit_commit(&st) != 0)
        rc = -1;
    int err = errno;
    emit_release(&st);
    errno = err;
    return rc;
}
