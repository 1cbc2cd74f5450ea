/*
 * diag.c - compiler-style diagnostics (see diag.h).
 *
 * Each message is formatted once into a heap string "file:line:col: kind: text\n" and held
 * with its sort key; diag_flush sorts the held messages (qsort on a key that ends with the
 * report sequence number, so the sort is stable), prints them to d->out and/or appends them
 * to d->text. A note takes the key of the error before it, so it stays right after it.
 * Nothing here stops the run: callers count errors through d->errors and decide at the end.
 * The collected text always keeps room for "slotgen: out of memory", so that message is
 * added without allocating. diag_suggest backs the "did you mean" hints with a
 * case-insensitive optimal-string-alignment distance (Levenshtein plus adjacent
 * transpositions), so "strng", "strnig" and "String" all suggest "string".
 *
 * Every message passes through escape_controls, the one place text reaches the terminal:
 * schema text in a message (a key written with a YAML escape such as "\e", a path) can never
 * move the cursor, erase a line, set the terminal's title or reorder text (bidi controls).
 */
#include "diag.h"

#include <assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_utf8.h"

/* Words longer than this get no suggestion: the distance is quadratic and a typo that long
 * is not a typo. */
#define SUGGEST_MAX_LEN 64

/* One held message and its place: file rank (0 when it has no file, else 1 + the file's
 * index in d->files), line, column and report number of its group's first message, then
 * its own report number. */
struct diag_held {
    char *msg;
    size_t rank;
    unsigned line;
    unsigned col;
    size_t group;
    size_t seq;
};

/* Said when memory runs out; the collected text always has room for it. */
static const char oom_message[] = "slotgen: out of memory\n";

static void append(diag *d, const char *s, size_t n);

void diag_init(diag *d, FILE *out, int collect)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    d->collect = collect;
    if (collect)
        append(d, "", 0);
}

void diag_fini(diag *d)
{
    mem_free(d->text);
    d->text = NULL;
    d->len = d->cap = 0;
    for (size_t i = 0; i < d->nheld; i++)
        mem_free(d->held[i].msg);
    mem_free(d->held);
    d->held = NULL;
    d->nheld = d->heldcap = 0;
    for (size_t i = 0; i < d->nfiles; i++)
        mem_free(d->files[i]);
    mem_free(d->files);
    d->files = NULL;
    d->nfiles = 0;
}

/* 1 + the index of 'file' in d->files, added at the end when new; 0 for no file. */
static size_t file_rank(diag *d, const char *file)
{
    if (!file)
        return 0;
    for (size_t i = 0; i < d->nfiles; i++)
        if (strcmp(d->files[i], file) == 0)
            return i + 1;
    d->files = mem_realloc(d->files, (d->nfiles + 1) * sizeof *d->files);
    char *copy = mem_strdup(file); /* before counting it: the copy can run out of memory */
    d->files[d->nfiles++] = copy;
    return d->nfiles;
}

void diag_file(diag *d, const char *file)
{
    (void)file_rank(d, file);
}

static void append(diag *d, const char *s, size_t n)
{
    if (d->len + n + sizeof oom_message > d->cap) {
        size_t cap = d->cap ? d->cap : 256;
        while (cap < d->len + n + sizeof oom_message)
            cap *= 2;
        d->text = mem_realloc(d->text, cap);
        d->cap = cap;
    }
    memcpy(d->text + d->len, s, n);
    d->len += n;
    d->text[d->len] = '\0';
}

/* Formats "<where>: <kind>: <message>\n" into a new string. */
static char *format(loc at, const char *kind, const char *fmt, va_list ap)
{
    char where[64];
    const char *file = at.file ? at.file : "slotgen";
    if (at.file && at.line) /* a file without a position: "file: error: ..." */
        snprintf(where, sizeof where, ":%u:%u", at.line, at.col);
    else
        where[0] = '\0';

    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        n = 0;
    size_t size = strlen(file) + strlen(where) + strlen(kind) + (size_t)n + 8;
    char *msg = mem_alloc(size);
    int head = snprintf(msg, size, "%s%s: %s: ", file, where, kind);
    vsnprintf(msg + head, size - (size_t)head, fmt, ap);
    strcat(msg, "\n");
    return msg;
}

/* 'msg' with what a terminal would act on escaped (runtime/sg_utf8.h), a new string; a final
 * newline stays. Schema text reaches messages (names, values, paths), and YAML escapes such
 * as "\e" can put any control in it. */
static char *escape_controls(const char *msg)
{
    size_t n = strlen(msg);
    bool nl = n > 0 && msg[n - 1] == '\n';
    char *out = mem_alloc(6 * n + 2);
    size_t done = sg_utf8_escape(out, 6 * n + 1, msg, n - nl);
    assert(done == n - nl);
    (void)done;
    if (nl)
        strcat(out, "\n");
    return out;
}

/* Holds the formatted message until diag_flush; a note joins the group of the message
 * before it. */
static void report(diag *d, loc at, int is_note, const char *fmt, va_list ap)
{
    if (d->nheld == d->heldcap) {
        d->heldcap = d->heldcap ? 2 * d->heldcap : 16;
        d->held = mem_realloc(d->held, d->heldcap * sizeof *d->held);
    }
    diag_held *h = &d->held[d->nheld];
    char *raw = format(at, is_note ? "note" : "error", fmt, ap);
    h->msg = escape_controls(raw); /* before counting it: the copy can run out of memory */
    mem_free(raw);
    h->seq = d->nheld;
    if (is_note && d->nheld > 0) {
        const diag_held *head = &d->held[d->nheld - 1];
        h->rank = head->rank;
        h->line = head->line;
        h->col = head->col;
        h->group = head->group;
    } else {
        h->rank = file_rank(d, at.file);
        h->line = at.file ? at.line : 0;
        h->col = at.file ? at.col : 0;
        h->group = h->seq;
    }
    d->nheld++;
}

static int cmp_size(size_t a, size_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_held(const void *pa, const void *pb)
{
    const diag_held *a = pa, *b = pb;
    int c = cmp_size(a->rank, b->rank);
    if (!c)
        c = cmp_size(a->line, b->line);
    if (!c)
        c = cmp_size(a->col, b->col);
    if (!c)
        c = cmp_size(a->group, b->group);
    return c ? c : cmp_size(a->seq, b->seq);
}

void diag_flush(diag *d)
{
    if (d->nheld == 0)
        return;
    qsort(d->held, d->nheld, sizeof *d->held, cmp_held);
    for (size_t i = 0; i < d->nheld; i++) {
        char *msg = d->held[i].msg;
        if (!msg)
            continue; /* done by a flush that ran out of memory (it can be run again) */
        if (d->collect)
            append(d, msg, strlen(msg));
        if (d->out)
            fputs(msg, d->out);
        mem_free(msg);
        d->held[i].msg = NULL;
    }
    if (d->out)
        fflush(d->out);
    d->nheld = 0;
}

void diag_error(diag *d, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, at, 0, fmt, ap);
    va_end(ap);
    d->errors++;
}

void diag_note(diag *d, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, at, 1, fmt, ap);
    va_end(ap);
    d->notes++;
}

const char *diag_text(diag *d)
{
    diag_flush(d);
    return d->text ? d->text : "";
}

void diag_out_of_memory(diag *d)
{
    if (d->out) {
        fputs(oom_message, d->out);
        fflush(d->out);
    }
    if (d->text) {
        memcpy(d->text + d->len, oom_message, sizeof oom_message);
        d->len += sizeof oom_message - 1;
    }
}

char *diag_release(diag *d)
{
    char *text = d->text;
    if (!text && d->collect) {
        text = mem_raw_alloc(sizeof oom_message);
        if (text)
            memcpy(text, oom_message, sizeof oom_message);
        return text;
    }
    d->text = NULL;
    d->len = d->cap = 0;
    return mem_release(text);
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

static int same(char a, char b)
{
    return tolower((unsigned char)a) == tolower((unsigned char)b);
}

/* Case-insensitive optimal string alignment distance of two words of at most
 * SUGGEST_MAX_LEN bytes, with three rolling rows. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    size_t rows[3][SUGGEST_MAX_LEN + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])
                && prev2[j - 2] + 1 < cur[j])
                cur[j] = prev2[j - 2] + 1;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

const char *diag_suggest(const char *word, const char *const *candidates)
{
    size_t len = strlen(word);
    if (len == 0 || len > SUGGEST_MAX_LEN)
        return NULL;
    size_t limit = len / 3 > 1 ? len / 3 : 1;
    const char *best = NULL;
    size_t best_dist = limit + 1;
    for (size_t i = 0; candidates[i]; i++) {
        size_t clen = strlen(candidates[i]);
        if (clen > SUGGEST_MAX_LEN || (clen > len ? clen - len : len - clen) > limit)
            continue;
        size_t dist = distance(word, candidates[i]);
        if (dist < best_dist) {
            best = candidates[i];
            best_dist = dist;
        }
    }
    return best;
}
