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
    e->cap = 256;
    e->buf = mem_alloc(e->cap);
}

void emit_fini(emitter *e)
{
    mem_free(e->buf);
    memset(e, 0, sizeof *e);
}

/* Makes room for 'more' bytes and a NUL after e->len, at least doubling the capacity (so n
 * bytes appended cost O(n) copying in all). */
static void grow(emitter *e, size_t more)
{
    if (more > SIZE_MAX / 4 - e->len)
        mem_fail();
    size_t cap = e->cap ? e->cap : 256;
    while (cap < e->len + more + 1)
        cap *= 2;
    e->buf = mem_realloc(e->buf, cap); /* not zeroed: everything up to len is written */
    e->cap = cap;
}

static void reserve(emitter *e, size_t more)
{
    if (e->cap - e->len <= more) /* cap > len always holds once buf exists */
        grow(e, more);
}

/* Formats once, into the free space; only when the text did not fit, grows and formats
 * again (for lines, rare once the buffer is a few KB). */
static void vappend(emitter *e, const char *fmt, va_list ap)
{
    reserve(e, 0);
    va_list ap2;
    va_copy(ap2, ap);
    size_t room = e->cap - e->len;
    int n = vsnprintf(e->buf + e->len, room, fmt, ap2);
    va_end(ap2);
    if (n <= 0) {
        e->buf[e->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        grow(e, (size_t)n);
        vsnprintf(e->buf + e->len, (size_t)n + 1, fmt, ap);
    }
    e->len += (size_t)n;
}

/* Appends 'n' copies of 'c'. */
static void put_chars(emitter *e, char c, size_t n)
{
    reserve(e, n);
    memset(e->buf + e->len, c, n);
    e->len += n;
    e->buf[e->len] = '\0';
}

char *emit_format(const char *fmt, ...)
{
    char small[256]; /* most names fit: formatted once, copied into a block of their size */
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0, small[0] = '\0';
    char *out = mem_alloc((size_t)n + 1);
    if ((size_t)n < sizeof small)
        memcpy(out, small, (size_t)n + 1);
    else
        vsnprintf(out, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return out;
}

static void vline(emitter *e, const char *fmt, va_list ap)
{
    if (*fmt && e->indent > 0)
        put_chars(e, ' ', 4 * (size_t)e->indent);
    vappend(e, fmt, ap);
    put_chars(e, '\n', 1);
}

void emit_line(emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(e, fmt, ap);
    va_end(ap);
}

#define EMIT_WIDTH 100

/* Where to break 'text' ('n' bytes) that starts at column 'lead': just after its last ", "
 * whose comma is before column EMIT_WIDTH; 0 when there is none. */
static size_t next_cut(const char *text, size_t n, size_t lead)
{
    size_t cut = 0;
    for (size_t i = 0; lead + i < EMIT_WIDTH && i < n; i++)
        if (text[i] == ',' && i + 1 < n && text[i + 1] == ' ')
            cut = i + 1;
    return cut;
}

/* The line 'text' of 'n' bytes (its newline included) broken after commas while it passes
 * column EMIT_WIDTH, each continuation indented to column 'col'. Writes it to 'out' when
 * not NULL; returns its length. */
static size_t wrap(const char *text, size_t n, size_t col, char *out)
{
    size_t lead = 0, w = 0;
    while (col && lead + n > EMIT_WIDTH + 1) { /* +1: the newline */
        size_t cut = next_cut(text, n, lead);
        if (!cut)
            break;
        if (out) {
            memcpy(out + w, text, cut);
            out[w + cut] = '\n';
            memset(out + w + cut + 1, ' ', col);
        }
        w += cut + 1 + col;
        text += cut + 1; /* the space after the comma goes */
        n -= cut + 1;
        lead = col;
    }
    if (out)
        memcpy(out + w, text, n);
    return w + n;
}

/* The line is formatted once at the end of the buffer, then, only when it must be broken,
 * moved past the room the broken line needs and copied back in pieces: no scratch block. */
void emit_decl(emitter *e, const char *fmt, ...)
{
    size_t start = e->len;
    va_list ap;
    va_start(ap, fmt);
    vline(e, fmt, ap);
    va_end(ap);
    size_t n = e->len - start;
    size_t open = strcspn(e->buf + start, "({"); /* continuation lines start under what follows */
    size_t col = open < n ? open + 1 : 0;
    size_t total = wrap(e->buf + start, n, col, NULL);
    if (total == n)
        return;
    reserve(e, total); /* room for the broken line, then the line itself after it */
    char *src = e->buf + start + total;
    memmove(src, e->buf + start, n);
    wrap(src, n, col, e->buf + start);
    e->len = start + total;
    e->buf[e->len] = '\0';
}

void emit_blank(emitter *e)
{
    put_chars(e, '\n', 1);
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
