/*
 * sgio_json.c - the JSON driver of libslotgen-io: yajl 2's streaming parser feeding the
 * loader (docs/io.md says why yajl: it streams, it is fast, it is in Debian).
 *
 * yajl parses the input in chunks (the whole string, or 64 KiB reads of a FILE *), checks
 * the syntax and the UTF-8 of strings, and calls back for each token. Numbers come through
 * yajl's raw-number callback, so the loader sees their text and does its own range checks
 * (a u64 above INT64_MAX loads, 1e400 is out of range, never a silent overflow in yajl).
 *
 * Positions. yajl counts only bytes consumed in the current chunk (at a callback: just past
 * the token). 'pos' follows that offset, counting lines and columns once over every byte, and
 * a token's start is found by stepping back over it within the chunk: one byte for brackets,
 * the text's length for numbers and literals, back to the opening quote for strings. A token
 * that began in an earlier chunk is located at its end.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "sgio.h"

#define CHUNK 65536

typedef struct json_run {
    sgio_loader *L;
    yajl_handle h;
    const unsigned char *chunk; /* the chunk being parsed */
    size_t scanned;             /* bytes of it counted into line and col */
    unsigned line, col;         /* of chunk[scanned] */
    char *text;                 /* a token's text, NUL-terminated (the loader needs it so) */
    size_t cap;
} json_run;

/* Counts lines and columns up to 'end' of the current chunk. */
static void advance(json_run *r, size_t end)
{
    const unsigned char *p = r->chunk + r->scanned, *stop = r->chunk + end;

    while (p < stop) {
        const unsigned char *nl = memchr(p, '\n', (size_t)(stop - p));
        if (!nl) {
            r->col += (unsigned)(stop - p);
            break;
        }
        r->line++;
        r->col = 1;
        p = nl + 1;
    }
    if (end > r->scanned)
        r->scanned = end;
}

/* The position of the token that ends where yajl stands, 'back' bytes long (0: a string,
 * found by its opening quote). */
static void token_pos(json_run *r, size_t back, unsigned *line, unsigned *col)
{
    size_t end = yajl_get_bytes_consumed(r->h);

    advance(r, end);
    if (back == 0 && end >= 2) {
        for (size_t j = end - 1; j-- > 0;) {
            size_t bs = 0;
            if (r->chunk[j] != '"')
                continue;
            while (bs < j && r->chunk[j - bs - 1] == '\\')
                bs++;
            if (bs % 2 == 0) {
                back = end - j;
                break;
            }
        }
    }
    *line = r->line;
    *col = r->col > back ? r->col - (unsigned)back : 1;
}

static bool keep(json_run *r, const unsigned char *s, size_t len)
{
    if (len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        char *t;
        while (cap < len + 1)
            cap *= 2;
        t = malloc(cap);
        if (!t)
            return false;
        free(r->text);
        r->text = t;
        r->cap = cap;
    }
    memcpy(r->text, s, len);
    r->text[len] = '\0';
    return true;
}

static int scalar(json_run *r, const unsigned char *s, size_t len, bool quoted, size_t back)
{
    sgio_text sc;
    unsigned line, col;

    token_pos(r, back, &line, &col);
    if (!keep(r, s, len)) {
        sgio_fail(r->L, SG_DIAG_NOMEM, SG_ENOMEM, line, col, "out of memory");
        return 0;
    }
    sc.text = r->text;
    sc.len = len;
    sc.quoted = quoted;
    sgio_scalar(r->L, &sc, line, col);
    return !sgio_stopped(r->L);
}

static int on_null(void *ctx)
{
    return scalar(ctx, (const unsigned char *)"null", 4, false, 4);
}

static int on_bool(void *ctx, int b)
{
    return b ? scalar(ctx, (const unsigned char *)"true", 4, false, 4)
             : scalar(ctx, (const unsigned char *)"false", 5, false, 5);
}

static int on_number(void *ctx, const char *s, size_t len)
{
    return scalar(ctx, (const unsigned char *)s, len, false, len);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    return scalar(ctx, s, len, true, 0);
}

static int bracket(json_run *r, int open, bool map)
{
    unsigned line, col;

    token_pos(r, 1, &line, &col);
    if (open)
        sgio_begin(r->L, map, line, col);
    else
        sgio_end(r->L, line, col);
    return !sgio_stopped(r->L);
}

static int on_start_map(void *ctx)
{
    return bracket(ctx, 1, true);
}

static int on_end_map(void *ctx)
{
    return bracket(ctx, 0, true);
}

static int on_start_array(void *ctx)
{
    return bracket(ctx, 1, false);
}

static int on_end_array(void *ctx)
{
    return bracket(ctx, 0, false);
}

static const yajl_callbacks callbacks = {
    on_null, on_bool, NULL, NULL, on_number, on_string,
    on_start_map, on_string, on_end_map, on_start_array, on_end_array,
};

/* yajl's message for the error it stopped at, without its trailing newline, located at the
 * last byte yajl consumed (the offending one); 'at_end': at the end of the input instead. */
static void parse_error(json_run *r, const unsigned char *text, size_t len, bool at_end)
{
    unsigned char *msg;
    size_t n, used;

    if (sgio_stopped(r->L))
        return; /* the loader stopped it, and said why */
    used = yajl_get_bytes_consumed(r->h);
    if (!at_end)
        advance(r, used > 0 ? used - 1 : 0);
    msg = yajl_get_error(r->h, 0, text, len);
    if (!msg) {
        sgio_fail(r->L, SG_DIAG_NOMEM, SG_ENOMEM, r->line, r->col, "out of memory");
        return;
    }
    n = strlen((char *)msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
        msg[--n] = '\0';
    sgio_fail(r->L, SG_DIAG_SYNTAX, SG_EINVAL, r->line, r->col, "%s", (char *)msg);
    yajl_free_error(r->h, msg);
}

/* Parses one chunk; false when parsing stopped. */
static bool parse_chunk(json_run *r, const unsigned char *text, size_t len)
{
    r->chunk = text;
    r->scanned = 0;
    if (yajl_parse(r->h, text, len) != yajl_status_ok) {
        parse_error(r, text, len, false);
        return false;
    }
    advance(r, len);
    return !sgio_stopped(r->L);
}

static bool parse_file(json_run *r, FILE *fp)
{
    unsigned char *buf = malloc(CHUNK);
    bool ok = true;

    if (!buf) {
        sgio_fail(r->L, SG_DIAG_NOMEM, SG_ENOMEM, 0, 0, "out of memory");
        return false;
    }
    while (ok) {
        size_t n = fread(buf, 1, CHUNK, fp);
        if (n == 0) {
            if (ferror(fp)) {
                sgio_fail(r->L, SG_DIAG_IO, SG_EINVAL, 0, 0, "read error");
                ok = false;
            }
            break;
        }
        ok = parse_chunk(r, buf, n);
    }
    free(buf);
    return ok;
}

void sgio_json_run(sgio_loader *L)
{
    json_run r;
    FILE *fp;
    bool owned, ok;
    static const unsigned char space[] = " ";

    if (!sgio_open(L, &fp, &owned))
        return;
    memset(&r, 0, sizeof r);
    r.L = L;
    r.line = 1;
    r.col = 1;
    r.h = yajl_alloc(&callbacks, NULL, &r);
    if (!r.h) {
        sgio_fail(L, SG_DIAG_NOMEM, SG_ENOMEM, 0, 0, "out of memory");
        if (owned)
            fclose(fp);
        return;
    }
    if (fp)
        ok = parse_file(&r, fp);
    else
        ok = parse_chunk(&r, (const unsigned char *)L->in->text, L->in->len);
    if (ok) {
        unsigned line = r.line, col = r.col;
        r.chunk = space;
        r.scanned = 0;
        if (yajl_complete_parse(r.h) != yajl_status_ok) {
            r.line = line, r.col = col;
            parse_error(&r, space, 0, true);
        } else {
            sgio_eof(L, line, col);
        }
    }
    yajl_free(r.h);
    free(r.text);
    if (owned)
        fclose(fp);
}
