/*
 * image_cache.c - what Python's __slots__ lesson is worth in C, measured: 1,000,000 Image
 * objects {id, caption, url}, each with its own two strings, as a slotted class (Image of
 * schemas/image.yaml), as a class that is not slotted (plain_Image of
 * schemas/image_plain.yaml) and, on those same objects, with `other = true` set on every
 * one; the same objects in CPython (image_cache.py, run at the same time, in two processes,
 * when python3 is there); then a dynamic attribute by name and Python's errors for the slotted class.
 *
 * Every figure is measured in this run. C bytes are counted by an allocation hook
 * (sg_set_allocator) that sees every byte the runtime and the generated code allocate,
 * slab headers and unused slab tails included; CPython's are tracemalloc's. The array of
 * object pointers is not counted on either side, as the Python list holding them is not.
 *
 * usage: image_cache [image_cache.py]    (without the script: no CPython rows)
 * Exits 1 when a figure contradicts what the layout promises (a slotted object that costs
 * less than its struct, say) or an operation fails, so `make check` notices.
 */
#define _POSIX_C_SOURCE 200809L /* popen */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "image.slot.h"
#include "image_plain.slot.h"

#define N 1000000

/* ---- counting every byte the runtime allocates -------------------------------------- */

static size_t live_bytes; /* bytes handed out by the hook and not yet given back */

/* The runtime's allocation hook (lua_Alloc style): malloc and free, counted. */
static void *counting_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    if (new_size == 0) {
        free(ptr);
        live_bytes -= ptr ? old_size : 0;
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (p)
        live_bytes = live_bytes - (ptr ? old_size : 0) + new_size;
    return p;
}

/* The same strings as image_cache.py makes. */
static void make_strings(uint32_t i, char *caption, size_t cn, char *url, size_t un)
{
    snprintf(caption, cn, "Photo %u: sunset over the harbour", (unsigned)i);
    snprintf(url, un, "https://images.example.com/2024/%07u.jpg", (unsigned)i);
}

/* One row of the table, in bytes per object; 'object' < 0 when not measured. */
typedef struct row {
    const char *what;
    double object;
    double strings;
} row;

/* ---- the C rows ----------------------------------------------------------------------- */

/* Slotted Images: made with no strings (the objects alone), then given their strings.
 * Returns 1 when out of memory (the process then exits: nothing is freed). */
static int measure_slotted(row *r)
{
    char caption[64], url[64];
    Image **all = malloc(N * sizeof *all); /* not the hook's: not counted */
    if (!all)
        return 1;
    size_t base = live_bytes;
    for (uint32_t i = 0; i < N; i++)
        if (!(all[i] = Image_new(i, NULL, NULL)))
            return 1;
    size_t objects = live_bytes - base;
    for (uint32_t i = 0; i < N; i++) {
        make_strings(i, caption, sizeof caption, url, sizeof url);
        if (Image_set_caption(all[i], caption) != SG_OK || Image_set_url(all[i], url) != SG_OK)
            return 1;
    }
    r->object = (double)objects / N;
    r->strings = (double)(live_bytes - base - objects) / N;
    for (uint32_t i = 0; i < N; i++)
        Image_free(all[i]);
    free(all);
    sg_runtime_cleanup(); /* empty slabs go back: the next row starts from nothing */
    return 0;
}

/* Not-slotted Images, the same way; then other = true on each, by name, as in Python. */
static int measure_plain(row *plain, row *other)
{
    char caption[64], url[64];
    plain_Image **all = malloc(N * sizeof *all);
    if (!all)
        return 1;
    size_t base = live_bytes;
    for (uint32_t i = 0; i < N; i++)
        if (!(all[i] = plain_Image_new(i, NULL, NULL)))
            return 1;
    size_t objects = live_bytes - base;
    for (uint32_t i = 0; i < N; i++) {
        make_strings(i, caption, sizeof caption, url, sizeof url);
        if (plain_Image_set_caption(all[i], caption) != SG_OK ||
            plain_Image_set_url(all[i], url) != SG_OK)
            return 1;
    }
    size_t strings = live_bytes - base - objects;
    for (uint32_t i = 0; i < N; i++)
        if (plain_Image_setattr(all[i], "other", sg_bool(true)) != SG_OK)
            return 1;
    plain->object = (double)objects / N;
    plain->strings = other->strings = (double)strings / N;
    other->object = (double)(live_bytes - base - strings) / N;
    for (uint32_t i = 0; i < N; i++)
        plain_Image_free(all[i]);
    free(all);
    sg_runtime_cleanup();
    return 0;
}

/* ---- the CPython rows ----------------------------------------------------------------- */

typedef struct python {
    FILE *pipe[2]; /* the "strings" and the "objects" parts, run at once */
    char version[32];
    char error[128];
    double strings, slots, plain, plain_other;
    int got;        /* figures read */
    int missing;    /* the shell found no python3 */
    int no_script;  /* none given */
} python;

/* Starts "python3 SCRIPT N strings" and "python3 SCRIPT N objects" in the background (the
 * script says why two), or leaves the pipes NULL. */
static void python_start(python *py, const char *script)
{
    static const char *const parts[2] = {"strings", "objects"};
    char cmd[1024];
    memset(py, 0, sizeof *py);
    py->no_script = !script;
    if (!script || strchr(script, '\'') || strlen(script) > 900)
        return;
    for (int i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd, "python3 '%s' %d %s 2>/dev/null", script, N, parts[i]);
        py->pipe[i] = popen(cmd, "r");
    }
}

/* Reads one "key value" line of the script into 'py'. */
static void python_line(python *py, char *line)
{
    double *figures[] = {&py->strings, &py->slots, &py->plain, &py->plain_other};
    const char *keys[] = {"strings", "slots", "plain", "plain_other"};
    char *value = strchr(line, ' ');
    if (!value)
        return;
    *value++ = '\0';
    value[strcspn(value, "\n")] = '\0';
    for (int k = 0; k < 4; k++)
        if (strcmp(line, keys[k]) == 0 && sscanf(value, "%lf", figures[k]) == 1)
            py->got++;
    if (strcmp(line, "python") == 0)
        snprintf(py->version, sizeof py->version, "%s", value);
    if (strcmp(line, "slots_error") == 0)
        snprintf(py->error, sizeof py->error, "%s", value);
}

/* Reads both parts' lines; returns 1 when every figure came. */
static int python_finish(python *py)
{
    char line[256];
    for (int i = 0; i < 2; i++) {
        if (!py->pipe[i])
            continue;
        while (fgets(line, sizeof line, py->pipe[i]))
            python_line(py, line);
        int status = pclose(py->pipe[i]);
        py->missing |= status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127;
    }
    return py->got == 4;
}

/* ---- the table ------------------------------------------------------------------------ */

/* One row; 'base' is the slotted row's total, for the ratio column. */
static void print_row(const row *r, double base)
{
    if (r->object < 0)
        return;
    double all = r->object + r->strings;
    printf("  %-32s %7.1f %8.1f %7.1f %7.2fx %8.1f MB\n", r->what, r->object, r->strings, all,
           all / base, all * N / 1e6);
}

static void print_table(const row *c, size_t nc, const row *py, size_t npy, const python *p)
{
    printf("1,000,000 Image{id, caption, url} objects, each with its own two strings\n"
           "(\"Photo 123456: sunset over the harbour\", "
           "\"https://images.example.com/2024/0123456.jpg\").\n"
           "Bytes measured in this run: C through slotgen's allocation hook%s%s%s.\n\n",
           p->got == 4 ? ", CPython " : "", p->got == 4 ? p->version : "",
           p->got == 4 ? " by\ntracemalloc" : "");
    printf("  %-32s %7s %8s %7s %8s %11s\n", "bytes per object", "object", "strings", "total",
           "ratio", "1,000,000");
    double base = c[0].object + c[0].strings;
    for (size_t i = 0; i < nc; i++)
        print_row(&c[i], base);
    for (size_t i = 0; i < npy; i++)
        print_row(&py[i], base);
    printf("  (ratio: total against slotgen's slotted Image)\n\n");
}

static void print_meaning(const row *slotted, const row *plain, const row *other,
                          const python *p)
{
    double with = slotted->object + slotted->strings;
    printf("What it means: a slotted Image costs %.1f bytes, its struct (sizeof %zu) and\n"
           "nothing else; no header, no dictionary.\n", slotted->object, sizeof(Image));
    if (p->got == 4)
        printf("A CPython Image takes %.1fx as much with __slots__ and %.1fx without (%.1fx "
               "and\n%.1fx counting the strings; CPython's figures include each id's int "
               "object).\n", p->slots / slotted->object, p->plain / slotted->object,
               (p->slots + p->strings) / with, (p->plain + p->strings) / with);
    else
        printf("CPython: not measured (%s).\n",
               p->no_script ? "no script given: image_cache image_cache.py"
               : p->missing ? "python3 is not installed" : "image_cache.py failed");
    printf("Not slotted costs one pointer more (%.1f bytes) until an attribute the schema\n"
           "never declared is set; other = true on every object then adds %.1f bytes each",
           plain->object, other->object - plain->object);
    if (p->got == 4 && p->plain_other - p->plain < 0.5)
        printf(",\nwhere CPython %s's plain objects had room for it already", p->version);
    else if (p->got == 4)
        printf(",\nwhere CPython %s's plain objects grew by %.1f", p->version,
               p->plain_other - p->plain);
    printf(".\n\n");
}

/* ---- dynamic attributes and Python's errors ------------------------------------------ */

/* Prints "AttributeError: 'Image' object has no attribute 'other'" when Python would. */
static void python_error(const sg_class *cls, const char *name, sg_status st)
{
    if (st == SG_ENOATTR)
        printf("AttributeError: '%s' object has no attribute '%s'\n", cls->name, name);
    else
        printf("%s\n", st == SG_OK ? "ok" : sg_strerror(st));
}

static int story_of_attributes(const python *p)
{
    Measurement *m2 = Measurement_new(3, 4, "ok");
    Image *img = Image_new(1, "A cat", "https://example.com/cat.jpg");
    sg_value v;
    int bad = !m2 || !img;
    printf("Measurement(x, y, val) is not slotted, like a Python class without __slots__:\n");
    sg_status st = bad ? SG_ENOMEM : Measurement_setattr(m2, "other", sg_bool(true));
    printf("  m2.other = True     Measurement_setattr(m2, \"other\", sg_bool(true)) -> %s\n",
           st == SG_OK ? "SG_OK" : sg_strerror(st));
    bad |= st != SG_OK;
    st = bad ? SG_ENOMEM : Measurement_getattr(m2, "other", &v);
    printf("  m2.other            Measurement_getattr(m2, \"other\", &v) -> %s\n",
           st == SG_OK && v.type == SG_BOOL ? (v.as.b ? "True" : "False") : sg_strerror(st));
    bad |= st != SG_OK;
    printf("Image is slotted, like a class with __slots__ = ('id', 'caption', 'url'):\n");
    st = bad ? SG_ENOMEM : Image_setattr(img, "other", sg_bool(true));
    printf("  img.other = True    ");
    python_error(&Image_class, "other", st);
    bad |= st != SG_ENOATTR;
    st = bad ? SG_ENOMEM : Image_getattr(img, "colour", &v);
    printf("  img.colour          ");
    python_error(&Image_class, "colour", st);
    bad |= st != SG_ENOATTR;
    if (p->error[0])
        printf("  (CPython %s says: AttributeError: %s)\n", p->version, p->error);
    Measurement_free(m2);
    Image_free(img);
    return bad;
}

/* ---- main ----------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    python py;
    python_start(&py, argc > 1 ? argv[1] : NULL); /* runs while C measures */
    sg_set_allocator(counting_alloc, NULL);
    row c[3] = {{"slotgen  slots: true", -1, 0},
                {"slotgen  not slotted", -1, 0},
                {"slotgen  not slotted, other=true", -1, 0}};
    int bad = measure_slotted(&c[0]) || measure_plain(&c[1], &c[2]);
    int have_py = python_finish(&py);
    row p[3] = {{"CPython  __slots__", have_py ? py.slots : -1, py.strings},
                {"CPython  plain class", have_py ? py.plain : -1, py.strings},
                {"CPython  plain class, other=True", have_py ? py.plain_other : -1,
                 py.strings}};
    if (bad) {
        fprintf(stderr, "image_cache: out of memory\n");
        return 1;
    }
    print_table(c, 3, p, 3, &py);
    print_meaning(&c[0], &c[1], &c[2], &py);
    bad = story_of_attributes(&py);
    /* What the layout promises: no object costs less than its struct, and a slotted one
     * less than one that is not slotted. */
    bad |= c[0].object < (double)sizeof(Image) || c[1].object < (double)sizeof(plain_Image);
    bad |= c[0].object >= c[1].object || c[2].object <= c[1].object;
    sg_runtime_cleanup();
    bad |= live_bytes != 0;
    return bad;
}
