/*
 * photo_feed.c - libslotgen-io as a user meets it: Photo objects (photo_feed.yaml) loaded from
 * YAML or JSON files with one call and a callback each, bad objects reported where they are
 * and skipped, and the good ones saved back, reloaded and compared.
 *
 *   photo_feed FILE...      (JSON when the name ends in .json, else YAML)
 *
 * For each file: sg_io_load_each hands every Photo to keep(), which moves it into the feed's
 * array (the feed owns it from then on), or, for a bad one, prints its located error
 * (file:line:col: error: message) and asks to go on with the next one. The feed is then saved
 * in the file's format (sg_io_save_array), loaded back and compared with Photo_equal, and
 * saved again, which must give the same bytes. Last, the first file's photos print as JSON.
 * Exit status: 0 when every object of every file loaded, 1 when some were bad, 2 when a file
 * could not be read or parsed, memory ran out, or a round trip differed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "photo_feed.slot.h"
#include "slotgen-io.h"

typedef struct feed {
    Photo *photos; /* owned, each one too */
    size_t n, cap;
    size_t bad;    /* objects reported and skipped */
    bool nomem;
} feed;

static void feed_free(feed *f)
{
    for (size_t i = 0; i < f->n; i++)
        Photo_destroy(&f->photos[i]);
    free(f->photos);
    memset(f, 0, sizeof *f);
}

/* The callback: a loaded Photo is moved into the feed (a memcpy of the struct: its strings and
 * list come along); a bad one is reported, and loading goes on with the next. */
static sg_io_next keep(void *ud, void *obj, const sg_diag *err)
{
    feed *f = ud;

    if (err) {
        if (err->kind == SG_DIAG_DATA) {
            sg_diag_print(err, stdout);
            f->bad++;
        }
        return SG_IO_CONTINUE;
    }
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 8;
        Photo *p = realloc(f->photos, cap * sizeof *p);
        if (!p) {
            Photo_destroy(obj);
            f->nomem = true;
            return SG_IO_STOP;
        }
        f->photos = p;
        f->cap = cap;
    }
    memcpy(&f->photos[f->n++], obj, sizeof(Photo));
    return SG_IO_CONTINUE;
}

/* Loads every Photo of 'in' into 'f'. 0, 1 when some object was bad, 2 when the input could
 * not be read or parsed or memory ran out (the error printed). */
static int load(const sg_io_input *in, feed *f)
{
    sg_diag d;
    sg_status st = sg_io_load_each(in, &Photo_class, keep, f, &d);

    if (st != SG_OK && d.kind != SG_DIAG_DATA) {
        sg_diag_print(&d, stdout);
        return 2;
    }
    if (f->nomem) {
        printf("photo_feed: out of memory\n");
        return 2;
    }
    return f->bad ? 1 : 0;
}

/* Saves 'f' as 'fmt' into a temporary file, rewound; NULL on failure. */
static FILE *save(const feed *f, sg_io_format fmt)
{
    FILE *tmp = tmpfile();

    if (tmp && sg_io_save_array(fmt, &Photo_class, f->photos, f->n, tmp) == SG_OK &&
        fflush(tmp) == 0) {
        rewind(tmp);
        return tmp;
    }
    if (tmp)
        fclose(tmp);
    return NULL;
}

/* Whether the two open files hold the same bytes (both read to their end). */
static bool same_bytes(FILE *a, FILE *b)
{
    int ca, cb;

    rewind(a);
    rewind(b);
    do {
        ca = getc(a);
        cb = getc(b);
    } while (ca == cb && ca != EOF);
    return ca == cb;
}

/* Saves 'f' in its file's format, loads that back, compares, saves again: 0, or 2. */
static int round_trip(const feed *f, sg_io_format fmt)
{
    feed back = {NULL, 0, 0, 0, false};
    sg_io_input in = {fmt, NULL, 0, NULL, NULL, "<saved>", NULL, NULL};
    FILE *first = save(f, fmt), *second = NULL;
    long bytes = -1;
    bool equal = false, same = false;

    if (first) {
        fseek(first, 0, SEEK_END);
        bytes = ftell(first);
        rewind(first);
        in.file = first;
        equal = load(&in, &back) == 0 && back.n == f->n;
        for (size_t i = 0; equal && i < f->n; i++)
            equal = Photo_equal(&f->photos[i], &back.photos[i]);
        second = save(&back, fmt);
        same = second && same_bytes(first, second);
    }
    printf("  saved back as %s: %ld bytes; loaded again: %s; saved again: %s\n",
           fmt == SG_IO_JSON ? "JSON" : "YAML", bytes, equal ? "equal" : "DIFFERENT",
           same ? "the same bytes" : "DIFFERENT bytes");
    if (first)
        fclose(first);
    if (second)
        fclose(second);
    feed_free(&back);
    return equal && same ? 0 : 2;
}

int main(int argc, char **argv)
{
    feed first = {NULL, 0, 0, 0, false};
    int status = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: photo_feed FILE... (YAML, or JSON for *.json)\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        feed f = {NULL, 0, 0, 0, false};
        sg_io_input in = {sg_io_format_of(argv[i]), NULL, 0, NULL, argv[i], NULL, NULL, NULL};
        int rc;

        printf("== %s\n", argv[i]);
        rc = load(&in, &f);
        printf("  %zu photos loaded, %zu bad ones skipped\n", f.n, f.bad);
        if (rc < 2 && round_trip(&f, in.format) != 0)
            rc = 2;
        status = rc > status ? rc : status;
        if (i == 1)
            first = f;
        else
            feed_free(&f);
    }
    printf("== %s as JSON\n", argv[1]);
    if (sg_io_save_array(SG_IO_JSON, &Photo_class, first.photos, first.n, stdout) != SG_OK)
        status = 2;
    feed_free(&first);
    return status;
}
