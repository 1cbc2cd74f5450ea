/*
 * test_emit.c - the emitter: indentation, signature wrapping, and writing files atomically
 * and only when changed (mtime kept, no temporary left behind, old file intact on failure),
 * through staged temporaries that keep the replaced file's mode, never follow a planted link
 * and never block on a FIFO; a streaming emitter writes the same bytes as one that holds
 * them all, in a bounded buffer, and leaves an unchanged file untouched.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <cmocka.h>

#include "emit.h"

static void test_indentation(void **state)
{
    (void)state;
    emitter e;
    emit_init(&e);
    emit_open(&e, "int f(%s)", "void");
    emit_open(&e, "{");
    emit_line(&e, "return %d;", 1);
    emit_close(&e, "}");
    emit_blank(&e);
    emit_raw(&e, "x");
    size_t len;
    char *text = emit_take(&e, &len);
    assert_string_equal(text, "int f(void)\n    {\n        return 1;\n    }\n\nx");
    assert_int_equal(len, strlen(text));
    mem_free(text);
    emit_fini(&e);
}

static void test_decl_wrapping(void **state)
{
    (void)state;
    emitter e;
    emit_init(&e);
    emit_decl(&e, "short_t f(int a, int b);");
    emit_decl(&e, "static inline sg_status Measurement_getattr(const Measurement *self, "
                  "const char *name, sg_value *out)");
    assert_string_equal(e.buf,
                        "short_t f(int a, int b);\n"
                        "static inline sg_status Measurement_getattr(const Measurement *self, "
                        "const char *name,\n"
                        "                                            sg_value *out)\n");
    emit_fini(&e);
}

/* The rule emit_decl follows, written plainly: while the line (its newline included) passes
 * column 100, break it after the last ", " whose comma is before column 100, continuing at
 * the column after its first '(' or '{'. Appends the result to 'out'. */
static void reference_wrap(const char *line, char *out)
{
    size_t n = strlen(line), open = strcspn(line, "({"), col = open < n ? open + 1 : 0;
    size_t lead = 0;
    while (col && lead + n + 1 > 101) {
        size_t cut = 0;
        for (size_t i = 0; lead + i < 100 && i < n; i++)
            if (line[i] == ',' && i + 1 < n && line[i + 1] == ' ')
                cut = i + 1;
        if (!cut)
            break;
        strncat(out, line, cut);
        strcat(out, "\n");
        for (size_t k = 0; k < col; k++)
            strcat(out, " ");
        line += cut + 1;
        n -= cut + 1;
        lead = col;
    }
    strcat(out, line);
    strcat(out, "\n");
}

/* Lines of every length around the limit, with commas at every distance from it, and
 * lines broken several times: emit_decl gives what the plain rule gives. */
static void test_decl_wrapping_matches_rule(void **state)
{
    (void)state;
    for (size_t len = 90; len < 260; len += 3)
        for (size_t gap = 3; gap < 40; gap += 6)
            for (size_t off = 0; off < gap; off++) { /* a comma at every column */
                char line[300], want[1200] = "";
                size_t k = (size_t)sprintf(line, "void f%zu(", gap);
                while (k < len) {
                    int comma = (k + off) % gap == 0 && k + 1 < len;
                    line[k++] = comma ? ',' : 'x';
                    if (comma)
                        line[k++] = ' ';
                }
                line[k] = '\0';
                reference_wrap(line, want);
                emitter e;
                emit_init(&e);
                emit_decl(&e, "%s", line);
                assert_string_equal(e.buf, want);
                emit_fini(&e);
            }
}

static char dir[] = "/tmp/test_emit.XXXXXX";

static int make_dir(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *ent;
    char path[512];
    while (d && (ent = readdir(d)))
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
            remove(path);
        }
    if (d)
        closedir(d);
    return rmdir(dir);
}

static size_t count_entries(void)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *ent;
    while (d && (ent = readdir(d)))
        n += strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void test_write_if_changed(void **state)
{
    (void)state;
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/out.h", dir);
    assert_int_equal(emit_write_file(path, "one\n", 4), 1);
    struct utimbuf old = {1000000000, 1000000000};
    assert_int_equal(utime(path, &old), 0);

    assert_int_equal(emit_write_file(path, "one\n", 4), 0); /* unchanged: not rewritten */
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mtime, 1000000000);

    assert_int_equal(emit_write_file(path, "one", 3), 1); /* a prefix is a change */
    assert_int_equal(emit_write_file(path, "two\n", 4), 1);
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_mtime > 1000000000);
    FILE *f = fopen(path, "r");
    char buf[16] = {0};
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, sizeof buf - 1, f), 4);
    fclose(f);
    assert_string_equal(buf, "two\n");
    assert_int_equal(count_entries(), 1); /* no temporary file left */
}

static void test_write_failure_leaves_no_trace(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/missing/out.h", dir);
    assert_int_equal(emit_write_file(path, "x", 1), -1);
    assert_int_equal(count_entries(), 1);
    snprintf(path, sizeof path, "%s", dir); /* a directory cannot be replaced by a file */
    assert_int_equal(emit_write_file(path, "x", 1), -1);
    assert_int_equal(count_entries(), 1);
}

static void check_content(const char *path, const char *want)
{
    FILE *f = fopen(path, "r");
    char buf[64] = {0};
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, sizeof buf - 1, f), strlen(want));
    fclose(f);
    assert_string_equal(buf, want);
}

/* A staged file is a temporary beside its path until committed (then it replaces the file)
 * or discarded (then it is gone and the file is as it was). */
static void test_stage_commit_discard(void **state)
{
    (void)state;
    char path[512];
    emit_staged st;
    snprintf(path, sizeof path, "%s/staged.h", dir);
    assert_int_equal(emit_write_file(path, "old\n", 4), 1);
    size_t files = count_entries();
    emit_prepare(&st, path);
    assert_int_equal(count_entries(), files); /* preparing touches nothing */
    assert_int_equal(emit_stage(&st, "new\n", 4), 1);
    assert_true(st.staged);
    assert_non_null(strstr(st.tmp, "/.slotgen-tmp-"));
    assert_int_equal(access(st.tmp, F_OK), 0);
    assert_int_equal(count_entries(), files + 1);
    check_content(path, "old\n");
    emit_discard(&st);
    assert_false(st.staged);
    assert_int_equal(count_entries(), files);
    check_content(path, "old\n");
    assert_int_equal(emit_stage(&st, "new\n", 4), 1);
    assert_int_equal(emit_commit(&st), 0);
    assert_int_equal(count_entries(), files);
    check_content(path, "new\n");
    assert_int_equal(emit_stage(&st, "new\n", 4), 0); /* unchanged: nothing staged */
    assert_false(st.staged);
    assert_int_equal(emit_commit(&st), 0);
    assert_int_equal(emit_stage(&st, "newer\n", 6), 1);
    emit_release(&st); /* discards what is staged */
    assert_null(st.tmp);
    assert_int_equal(count_entries(), files);
    check_content(path, "new\n");
    assert_int_equal(remove(path), 0);
}

/* A replaced file keeps its mode; a new one gets 0666 less the umask. */
static void test_mode_kept(void **state)
{
    (void)state;
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/mode.h", dir);
    mode_t old_mask = umask(027);
    assert_int_equal(emit_write_file(path, "one\n", 4), 1);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    umask(022);
    assert_int_equal(chmod(path, 0604), 0);
    assert_int_equal(emit_write_file(path, "two\n", 4), 1);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0604);
    umask(old_mask);
    assert_int_equal(remove(path), 0);
}

/* A link planted where the temporary used to be named (<path>.tmp<pid>) is not followed. */
static void test_planted_link(void **state)
{
    (void)state;
    char path[512], link[600], victim[512];
    snprintf(path, sizeof path, "%s/out.c", dir);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    snprintf(link, sizeof link, "%s.tmp%ld", path, (long)getpid());
    assert_int_equal(emit_write_file(victim, "precious\n", 9), 1);
    assert_int_equal(symlink(victim, link), 0);
    assert_int_equal(emit_write_file(path, "generated\n", 10), 1);
    check_content(victim, "precious\n");
    check_content(path, "generated\n");
    assert_int_equal(remove(link), 0);
    assert_int_equal(remove(victim), 0);
    assert_int_equal(remove(path), 0);
}

/* A FIFO (or any file that is not regular) is neither read nor replaced, and nothing blocks:
 * the alarm fails the test if it would. */
static void test_fifo_never_blocks(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/fifo.h", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    size_t files = count_entries();
    alarm(10);
    assert_int_equal(emit_write_file(path, "x", 1), -1);
    alarm(0);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(count_entries(), files);
    assert_int_equal(remove(path), 0);
}

/* The emitter prints its common conversions itself (%s %c %d %u %zu %lld %llu %.*s %*s %-*s
 * %%)
 * and hands the others to vsnprintf: either way it gives exactly what snprintf gives. */
#define SAME_AS_SNPRINTF(...) \
    do { \
        char want[256]; \
        emitter e; \
        emit_init(&e); \
        emit_raw(&e, __VA_ARGS__); \
        snprintf(want, sizeof want, __VA_ARGS__); \
        assert_string_equal(e.buf, want); \
        assert_int_equal(e.len, strlen(want)); \
        emit_fini(&e); \
    } while (0)

static void test_formats_like_snprintf(void **state)
{
    (void)state;
    SAME_AS_SNPRINTF("plain text, no conversion");
    SAME_AS_SNPRINTF("%s|%s|%s", "", "a", "two words");
    SAME_AS_SNPRINTF("100%% %c%c", 'x', '~');
    SAME_AS_SNPRINTF("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
    SAME_AS_SNPRINTF("%u %u %zu %zu", 0u, UINT_MAX, (size_t)0, SIZE_MAX);
    SAME_AS_SNPRINTF("%lld %lld %llu", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    SAME_AS_SNPRINTF("[%.*s][%.*s][%.*s][%.*s]", 3, "abcdef", 10, "abc", 0, "abc", -1, "abc");
    SAME_AS_SNPRINTF("[%*s][%*s][%*s][%*s]", 8, "", 5, "ab", 1, "abcdef", -6, "ab");
    SAME_AS_SNPRINTF("%*sif (x) %s = %u;", 12, "", "self->a", 7u);
    SAME_AS_SNPRINTF("[%-*s][%-*s][%-*s][%-*s]", 8, "ab", 0, "x", 2, "abcdef", -5, "ab");
    SAME_AS_SNPRINTF("%-*s /* %s */", 30, "uint32_t id;", "the key");
    SAME_AS_SNPRINTF("%02x %5u %-8s| %.17g %6s", 10u, 42u, "left", 0.1, "r"); /* vsnprintf's */
    SAME_AS_SNPRINTF("%s %5u", "mixed", 3u);
}

/* emit_line through a va_list, for test_vline_and_cut: returns emit_vline's offset. */
static size_t vline_at(emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t at = emit_vline(e, fmt, ap);
    va_end(ap);
    return at;
}

/* emit_vline writes what emit_line writes and says where its line starts (its indentation
 * first); emit_cut takes that text back, and the emitter goes on from there. */
static void test_vline_and_cut(void **state)
{
    (void)state;
    emitter e;
    emit_init(&e);
    emit_line(&e, "a");
    emit_open(&e, "{");
    size_t at = vline_at(&e, "x = %d; /* %s */", 42, "long enough to pass the first 256 bytes "
                         "of the buffer, so that it grows while the line is written .........."
                         "..................................................................."
                         ".......................................................");
    assert_int_equal(at, strlen("a\n{\n"));
    assert_int_equal(strncmp(e.buf + at, "    x = 42; /* long enough", 26), 0);
    assert_int_equal(e.buf[e.len - 1], '\n');
    size_t n = e.len - at;
    char *line = emit_cut(&e, at);
    assert_int_equal(strlen(line), n);
    assert_int_equal(strncmp(line, "    x = 42;", 11), 0);
    assert_string_equal(e.buf, "a\n{\n");
    assert_int_equal(e.len, at);
    mem_free(line);
    line = emit_cut(&e, e.len); /* nothing to take: an empty string */
    assert_string_equal(line, "");
    mem_free(line);
    emit_line(&e, "y;");
    emit_close(&e, "}");
    assert_string_equal(e.buf, "a\n{\n    y;\n}\n");

    /* an empty format: no indentation, as emit_line */
    emit_open(&e, "{");
    at = vline_at(&e, "");
    assert_string_equal(e.buf + at, "\n");
    emit_fini(&e);
}

/* The same calls into an emitter that holds everything and one that streams to a staged
 * file: the bytes are the same, wherever the flushes fall (every line of the text below is
 * a different length, some are long declarations that emit_decl breaks). */
static void emit_sample(emitter *e, int lines)
{
    for (int i = 0; i < lines; i++) {
        if (i % 7 == 0)
            emit_decl(e, "static inline sg_status Class%d_getattr(const Class%d *self, "
                         "const char *name, sg_value *out, int extra_%d)", i, i, i);
        else if (i % 5 == 0)
            emit_open(e, "if (x%d) {", i);
        else if (i % 5 == 4)
            emit_close(e, "}");
        else if (i % 11 == 0)
            emit_blank(e);
        else
            emit_line(e, "x%d = %*d;", i, i % 97, i);
    }
    emit_raw(e, "end");
}

/* What a file holds, as a new string; NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0)
        if ((n += got) == cap)
            buf = realloc(buf, cap *= 2);
    fclose(f);
    *len = n;
    return buf;
}

/* Streams emit_sample into 'path'; returns what emit_stream_end returned, after committing. */
static int stream_sample(const char *path, int lines)
{
    emit_staged st;
    emitter e;
    emit_prepare(&st, path);
    assert_int_equal(emit_stream_begin(&st), 0);
    emit_init(&e);
    emit_to(&e, &st);
    emit_sample(&e, lines);
    assert_true(e.cap <= 4 * EMIT_FLUSH); /* the buffer stays bounded */
    emit_flush(&e);
    emit_fini(&e);
    int rc = emit_stream_end(&st);
    assert_int_equal(emit_commit(&st), 0);
    emit_release(&st);
    return rc;
}

/* A streaming emitter that holds EMIT_FLUSH bytes passes them on when emit_vline starts: the
 * offset it returns is where the line starts in what it holds then, and emit_cut of it
 * leaves what was passed on alone; the file gets the text without the line taken back. */
static void test_vline_after_flush(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/vline.c", dir);
    emit_staged st;
    emitter e;
    emit_prepare(&st, path);
    assert_int_equal(emit_stream_begin(&st), 0);
    emit_init(&e);
    emit_to(&e, &st);
    while (e.len < EMIT_FLUSH)
        emit_line(&e, "%s", "0123456789012345678901234567890123456789012345678901234567890");
    size_t held = e.len;
    size_t at = vline_at(&e, "taken %s", "back");
    assert_int_equal(at, 0); /* what it held went to the file first */
    assert_string_equal(e.buf, "taken back\n");
    mem_free(emit_cut(&e, at));
    emit_raw(&e, "end");
    emit_flush(&e);
    emit_fini(&e);
    assert_int_equal(emit_stream_end(&st), 1);
    assert_int_equal(emit_commit(&st), 0);
    emit_release(&st);
    size_t got;
    char *text = slurp(path, &got);
    assert_non_null(text);
    assert_int_equal(got, held + 3);
    assert_memory_equal(text + held, "end", 3);
    assert_null(memchr(text, 't', got));
    free(text);
    assert_int_equal(remove(path), 0);
}

static void test_stream_same_bytes(void **state)
{
    (void)state;
    char path[512];
    size_t len, got;
    snprintf(path, sizeof path, "%s/stream.c", dir);
    emitter e;
    emit_init(&e);
    emit_sample(&e, 20000); /* about 700 KB: many flushes */
    assert_true(e.len > 10 * EMIT_FLUSH);
    char *want = emit_take(&e, &len);
    size_t files = count_entries();
    assert_int_equal(stream_sample(path, 20000), 1); /* a new file */
    char *text = slurp(path, &got);
    assert_non_null(text);
    assert_int_equal(got, len);
    assert_memory_equal(text, want, len);
    free(text);
    assert_int_equal(count_entries(), files + 1); /* no temporary left */

    struct utimbuf old = {1000000000, 1000000000};
    assert_int_equal(utime(path, &old), 0);
    assert_int_equal(stream_sample(path, 20000), 0); /* unchanged: only read */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mtime, 1000000000);
    assert_int_equal(count_entries(), files + 1);
    mem_free(want);
    assert_int_equal(remove(path), 0);
}

/* Old files that leave the new text at its first byte, in its middle (past several flushes),
 * that end early and that go on after it: each is replaced by exactly the new text. */
static void test_stream_differences(void **state)
{
    (void)state;
    char path[512];
    size_t len, got;
    snprintf(path, sizeof path, "%s/diff.c", dir);
    emitter e;
    emit_init(&e);
    emit_sample(&e, 20000);
    char *want = emit_take(&e, &len);
    size_t files = count_entries();
    size_t at[] = {0, 3 * EMIT_FLUSH + 17, len - 1};
    for (size_t k = 0; k < 5; k++) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        if (k < 3) { /* one byte changed */
            assert_int_equal(fwrite(want, 1, len, f), len);
            assert_int_equal(fseek(f, (long)at[k], SEEK_SET), 0);
            assert_int_equal(fputc(want[at[k]] ^ 1, f), want[at[k]] ^ 1);
        } else if (k == 3) { /* a prefix */
            assert_int_equal(fwrite(want, 1, len / 2, f), len / 2);
        } else { /* the text and more */
            assert_int_equal(fwrite(want, 1, len, f), len);
            assert_int_equal(fputs("more", f) >= 0, 1);
        }
        assert_int_equal(fclose(f), 0);
        assert_int_equal(stream_sample(path, 20000), 1);
        char *text = slurp(path, &got);
        assert_non_null(text);
        assert_int_equal(got, len);
        assert_memory_equal(text, want, len);
        free(text);
        assert_int_equal(count_entries(), files + 1);
    }
    mem_free(want);
    assert_int_equal(remove(path), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indentation),
        cmocka_unit_test(test_decl_wrapping),
        cmocka_unit_test(test_decl_wrapping_matches_rule),
        cmocka_unit_test(test_formats_like_snprintf),
        cmocka_unit_test(test_vline_and_cut),
        cmocka_unit_test(test_vline_after_flush),
        cmocka_unit_test(test_write_if_changed),
        cmocka_unit_test(test_write_failure_leaves_no_trace),
        cmocka_unit_test(test_stage_commit_discard),
        cmocka_unit_test(test_mode_kept),
        cmocka_unit_test(test_planted_link),
        cmocka_unit_test(test_fifo_never_blocks),
        cmocka_unit_test(test_stream_same_bytes),
        cmocka_unit_test(test_stream_differences),
    };
    return cmocka_run_group_tests_name("emit", tests, make_dir, remove_dir);
}
