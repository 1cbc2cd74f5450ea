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
 * Its name is allocated before (emit_prepare), so staging and committing allocate nothing;
 * only a caller that generates text while streaming (emit_to) allocates while a temporary or
 * the old file is open, and guards them with emit_discard (driver.c does). A stream compares
 * its text with the old file as it comes and creates the temporary at the first difference,
 * copying the equal bytes before it from the old file.
 *
 * Formatting: each fragment once, into the buffer's free space; the common conversions by
 * format_simple (literal text and plain %s copied byte by byte in one pass, not strchr or
 * strlen then memcpy: the pieces are short), the rest by vsnprintf (formatted again only when it did not fit, after the
 * buffer at least doubled). No static buffer: emitters on several threads are independent.
 */
#define _POSIX_C_SOURCE 200809L

#include "emit.h"

#include <assert.h>
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

/* Appends 'n' copies of 'c' (the NUL after them is the caller's to write). */
static void put_chars_raw(emitter *e, char c, size_t n)
{
    reserve(e, n);
    memset(e->buf + e->len, c, n);
    e->len += n;
}

/* Appends 'n' copies of 'c'. */
static void put_chars(emitter *e, char c, size_t n)
{
    put_chars_raw(e, c, n);
    e->buf[e->len] = '\0';
}

/* Appends the 'n' bytes 's' (the NUL after them is the caller's to write). */
static void put(emitter *e, const char *s, size_t n)
{
    reserve(e, n);
    memcpy(e->buf + e->len, s, n);
    e->len += n;
}

/* Appends 'v' in decimal, '-' first when 'neg'. */
static void put_decimal(emitter *e, unsigned long long v, int neg)
{
    char digits[24], *p = digits + sizeof digits;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (neg)
        *--p = '-';
    put(e, p, (size_t)(digits + sizeof digits - p));
}

static void put_signed(emitter *e, long long v)
{
    put_decimal(e, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0);
}

/* 1 when the conversion at 'p' (after its '%') is one format_simple prints: %%, %s, %c, %d,
 * %u, %zu, %lld, %llu, %.*s, %*s and %-*s, with no other flag and no written width (nearly
 * every line the generators print; the others go to vsnprintf). */
static int simple_conversion(const char *p)
{
    switch (p[0]) {
    case '-':
        return p[1] == '*' && p[2] == 's';
    case '%': case 's': case 'c': case 'd': case 'u':
        return 1;
    case 'z':
        return p[1] == 'u';
    case 'l':
        return p[1] == 'l' && (p[2] == 'd' || p[2] == 'u');
    case '.':
        return p[1] == '*' && p[2] == 's';
    case '*':
        return p[1] == 's';
    default:
        return 0;
    }
}

/* Appends the NUL-terminated 's' (the NUL after it is the caller's to write): copied byte by
 * byte, as the strings the generators print are short, so one pass does what strlen and
 * memcpy would do in two. */
static void put_str(emitter *e, const char *s)
{
    char *w = e->buf + e->len, *end = e->buf + e->cap - 1; /* keeps room for the NUL */
    for (; *s; s++) {
        if (w == end) {
            e->len = (size_t)(w - e->buf);
            grow(e, strlen(s));
            w = e->buf + e->len;
            end = e->buf + e->cap - 1;
        }
        *w++ = *s;
    }
    e->len = (size_t)(w - e->buf);
}

/* Appends the bytes of 'p' up to its next '%' or its end; returns where it stopped. */
static const char *put_literal(emitter *e, const char *p)
{
    char *w = e->buf + e->len, *end = e->buf + e->cap - 1;
    for (; *p && *p != '%'; p++) {
        if (w == end) {
            e->len = (size_t)(w - e->buf);
            grow(e, 64);
            w = e->buf + e->len;
            end = e->buf + e->cap - 1;
        }
        *w++ = *p;
    }
    e->len = (size_t)(w - e->buf);
    return p;
}

/* Appends 'fmt' with the arguments 'ap' as vsnprintf would, without its per-call set-up (a
 * stream over a string, locale and width machinery), which dominated the compiler's profile.
 * Returns 0, having consumed some of 'ap' and appended part, at the first conversion that
 * simple_conversion does not know: the caller then starts again with vsnprintf. */
static int format_simple(emitter *e, const char *fmt, va_list ap)
{
    const char *p = fmt, *str;
    while (*(p = put_literal(e, p)) == '%') {
        int width = 0, prec = -1, left = 0;
        p++;
        if (!simple_conversion(p))
            return 0;
        if (*p == '-')
            left = 1, p++;
        if (*p == '*')
            width = va_arg(ap, int), p++;
        if (left && width > 0)
            width = -width; /* '-': padded on the right, as a negative width is */
        if (p[0] == '.' && p[1] == '*')
            prec = va_arg(ap, int), p += 2;
        switch (*p) {
        case '%':
            put(e, "%", 1);
            break;
        case 'c': {
            char c = (char)(unsigned char)va_arg(ap, int);
            put(e, &c, 1);
            break;
        }
        case 'd':
            put_signed(e, va_arg(ap, int));
            break;
        case 'u':
            put_decimal(e, va_arg(ap, unsigned), 0);
            break;
        case 'z':
            put_decimal(e, va_arg(ap, size_t), 0), p++;
            break;
        case 'l':
            if (p[2] == 'd')
                put_signed(e, va_arg(ap, long long));
            else
                put_decimal(e, va_arg(ap, unsigned long long), 0);
            p += 2;
            break;
        default: /* 's' */
            str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            if (width == 0 && prec < 0) {
                put_str(e, str);
                break;
            }
            size_t n = prec >= 0 ? strnlen(str, (size_t)prec) : strlen(str);
            size_t pad = width < 0 ? (size_t)0 - (size_t)width : (size_t)width;
            pad = pad > n ? pad - n : 0;
            if (width > 0)
                put_chars_raw(e, ' ', pad);
            put(e, str, n);
            if (width < 0)
                put_chars_raw(e, ' ', pad);
        }
        p++;
    }
    e->buf[e->len] = '\0';
    return 1;
}

/* Formats once, into the free space; only when the text did not fit, grows and formats
 * again (for lines, rare once the buffer is a few KB). */
static void vappend(emitter *e, const char *fmt, va_list ap)
{
    size_t start = e->len;
    va_list simple;
    va_copy(simple, ap);
    reserve(e, 0);
    int done = format_simple(e, fmt, simple);
    va_end(simple);
    if (done)
        return;
    e->len = start; /* a conversion format_simple does not print: vsnprintf's turn */
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



char *emit_format(const char *fmt, ...)
{
    emitter t; /* the string's own block (most fit in 128 bytes), grown only when not */
    memset(&t, 0, sizeof t);
    t.cap = 128;
    t.buf = mem_alloc(t.cap);
    va_list ap;
    va_start(ap, fmt);
    vappend(&t, fmt, ap);
    va_end(ap);
    return t.buf;
}

static void vline(emitter *e, const char *fmt, va_list ap)
{
    if (*fmt && e->indent > 0)
        put_chars(e, ' ', 4 * (size_t)e->indent);
    vappend(e, fmt, ap);
    if (e->cap - e->len <= 1)
        grow(e, 1);
    e->buf[e->len++] = '\n';
    e->buf[e->len] = '\0';
}

/* Passes the buffer on when a streaming emitter holds EMIT_FLUSH bytes. Called on entry to
 * each public function, never between formatting a fragment and finishing it (emit_decl
 * rewrites its line in place). */
static void maybe_flush(emitter *e)
{
    if (e->sink && e->len >= EMIT_FLUSH)
        emit_flush(e);
}

void emit_to(emitter *e, struct emit_staged *st)
{
    e->sink = st;
}

void emit_flush(emitter *e)
{
    if (!e->sink || e->len == 0)
        return;
    (void)emit_stream_write(e->sink, e->buf, e->len); /* a failure waits for its end */
    e->len = 0;
    e->buf[0] = '\0';
}

void emit_line(emitter *e, const char *fmt, ...)
{
    va_list ap;
    maybe_flush(e);
    va_start(ap, fmt);
    vline(e, fmt, ap);
    va_end(ap);
}

size_t emit_vline(emitter *e, const char *fmt, va_list ap)
{
    maybe_flush(e);
    size_t at = e->len;
    vline(e, fmt, ap);
    return at;
}

char *emit_cut(emitter *e, size_t at)
{
    assert(at <= e->len);
    char *text = mem_alloc(e->len - at + 1);
    memcpy(text, e->buf + at, e->len - at);
    e->len = at;
    e->buf[at] = '\0';
    return text;
}

#define EMIT_WIDTH 100

/* Where to break 'text' ('n' bytes) that starts at column 'lead': just after its last ", "
 * whose comma is before column EMIT_WIDTH; 0 when there is none. */
static size_t next_cut(const char *text, size_t n, size_t lead)
{
    if (lead >= EMIT_WIDTH)
        return 0;
    for (size_t i = EMIT_WIDTH - lead < n ? EMIT_WIDTH - lead : n; i-- > 0;) /* from the end */
        if (text[i] == ',' && i + 1 < n && text[i + 1] == ' ')
            return i + 1;
    return 0;
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
    maybe_flush(e);
    size_t start = e->len;
    va_list ap;
    va_start(ap, fmt);
    vline(e, fmt, ap);
    va_end(ap);
    size_t n = e->len - start;
    if (n <= EMIT_WIDTH + 1) /* fits: wrap would keep it as it is */
        return;
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
    maybe_flush(e);
    put_chars(e, '\n', 1);
}

void emit_raw(emitter *e, const char *fmt, ...)
{
    va_list ap;
    maybe_flush(e);
    va_start(ap, fmt);
    vappend(e, fmt, ap);
    va_end(ap);
}

void emit_open(emitter *e, const char *fmt, ...)
{
    va_list ap;
    maybe_flush(e);
    va_start(ap, fmt);
    vline(e, fmt, ap);
    va_end(ap);
    e->indent++;
}

void emit_close(emitter *e, const char *fmt, ...)
{
    va_list ap;
    maybe_flush(e);
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
    return 0;
}

/* read(), retried when interrupted. */
static ssize_t read_some(int fd, char *buf, size_t len)
{
    ssize_t n;
    while ((n = read(fd, buf, len)) < 0 && errno == EINTR) {
    }
    return n;
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
    memset(st, 0, sizeof *st);
    st->path = path;
    st->fd = st->old_fd = -1;
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

/* Creates the temporary (with the replaced file's mode) into st->fd. 0, or -1 (errno set;
 * the temporary removed). */
static int open_temp(emit_staged *st)
{
    int fd = create_temp(st);
    if (fd < 0)
        return -1;
    if (st->exists && fchmod(fd, (mode_t)st->mode) != 0) {
        int err = errno;
        close(fd);
        emit_discard(st);
        errno = err;
        return -1;
    }
    st->fd = fd;
    return 0;
}

static void close_old(emit_staged *st)
{
    if (st->old_fd >= 0)
        close(st->old_fd);
    st->old_fd = -1;
}

/* The text has left the old file at byte st->matched: creates the temporary and copies the
 * equal bytes before that point into it from the old file. 0, or -1 (errno set). */
static int diverge(emit_staged *st)
{
    if (open_temp(st) != 0)
        return -1;
    char buf[8192];
    size_t left = st->matched;
    if (left && lseek(st->old_fd, 0, SEEK_SET) != 0)
        return -1;
    while (left > 0) {
        ssize_t n = read_some(st->old_fd, buf, left < sizeof buf ? left : sizeof buf);
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* the old file shrank meanwhile */
            return -1;
        }
        if (write_all(st->fd, buf, (size_t)n) != 0)
            return -1;
        left -= (size_t)n;
    }
    close_old(st);
    return 0;
}

int emit_stream_begin(emit_staged *st)
{
    struct stat old;
    st->fd = st->old_fd = -1;
    st->matched = 0;
    st->err = 0;
    st->exists = lstat(st->path, &old) == 0;
    if (st->exists && !S_ISREG(old.st_mode)) {
        errno = S_ISDIR(old.st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    st->mode = st->exists ? (unsigned)(old.st_mode & 07777) : 0;
    if (st->exists) { /* O_NONBLOCK and fstat: a FIFO swapped in never blocks the read */
        int fd = open(st->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
        struct stat now;
        if (fd >= 0 && fstat(fd, &now) == 0 && S_ISREG(now.st_mode))
            st->old_fd = fd;
        else if (fd >= 0)
            close(fd);
    }
    return st->old_fd >= 0 ? 0 : open_temp(st); /* nothing to compare with: write at once */
}

/* Records the first failure of a stream (its errno), for emit_stream_end. */
static int stream_failed(emit_staged *st)
{
    if (!st->err)
        st->err = errno ? errno : EIO;
    return -1;
}

int emit_stream_write(emit_staged *st, const char *text, size_t len)
{
    if (st->err)
        return -1;
    while (st->fd < 0 && len > 0) { /* still equal to the old file: compare the next bytes */
        char buf[8192];
        ssize_t n = read_some(st->old_fd, buf, len < sizeof buf ? len : sizeof buf);
        if (n > 0 && memcmp(buf, text, (size_t)n) == 0) {
            st->matched += (size_t)n;
            text += n;
            len -= (size_t)n;
        } else if (diverge(st) != 0) {
            return stream_failed(st);
        }
    }
    if (len > 0 && write_all(st->fd, text, len) != 0)
        return stream_failed(st);
    return 0;
}

int emit_stream_end(emit_staged *st)
{
    char c;
    if (!st->err && st->fd < 0) {
        if (read_some(st->old_fd, &c, 1) == 0) { /* the old file ends here too */
            close_old(st);
            return 0;
        }
        if (diverge(st) != 0)
            stream_failed(st);
    }
    if (!st->err && fsync(st->fd) != 0)
        stream_failed(st);
    int fd = st->fd;
    st->fd = -1;
    if (fd >= 0 && close(fd) != 0)
        stream_failed(st);
    close_old(st);
    if (st->err) {
        int err = st->err;
        emit_discard(st);
        errno = err;
        return -1;
    }
    return 1;
}

int emit_stage(emit_staged *st, const char *text, size_t len)
{
    if (emit_stream_begin(st) != 0)
        return -1;
    emit_stream_write(st, text, len);
    return emit_stream_end(st);
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
    int err = errno;
    if (st->fd >= 0)
        close(st->fd);
    close_old(st);
    st->fd = -1;
    if (st->staged) {
        unlink(st->tmp);
        st->staged = 0;
    }
    errno = err;
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
