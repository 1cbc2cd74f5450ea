/*
 * probe.c - what a user's program does wrong, for tests/tools/tools_test.sh: built with
 * -fsanitize=address against the normally built libslotgen, or without it for valgrind, each
 * mode makes one mistake (or none) with generated objects and owned strings, so that the
 * script can check the tool reports it.
 *
 *     probe leak       1,000 Image_new objects (with their strings) never freed
 *     probe uaf        reads an Image's id after Image_free
 *     probe struaf     reads a caption after its setter replaced it
 *     probe clean      the same objects, each freed: no report expected
 */
#include <stdio.h>
#include <string.h>

#include "image.slot.h"

static volatile unsigned sink;

static int leak(void)
{
    for (unsigned i = 0; i < 1000; i++) {
        Image *img = Image_new(i, "a caption", "https://example.com/a.jpg");
        if (!img)
            return 1;
        sink += img->id;    /* the pointer is dropped: leaked */
    }
    return 0;
}

static int use_after_free(void)
{
    Image *img = Image_new(7, "a caption", NULL);

    if (!img)
        return 1;
    Image_free(img);        /* the free: tools_test.sh looks for this line */
    sink += img->id;        /* the mistake */
    return 0;
}

static int string_after_replace(void)
{
    Image *img = Image_new(7, "a caption", NULL);
    const char *old;

    if (!img)
        return 1;
    old = img->caption;
    if (Image_set_caption(img, "another caption") != SG_OK)
        return 1;
    sink += (unsigned char)old[0];  /* the mistake: 'old' was freed by the setter */
    Image_free(img);
    return 0;
}

static int clean(void)
{
    for (unsigned i = 0; i < 1000; i++) {
        Image *img = Image_new(i, "a caption", "https://example.com/a.jpg");
        if (!img)
            return 1;
        sink += img->id;
        Image_free(img);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";

    if (strcmp(mode, "leak") == 0)
        return leak();
    if (strcmp(mode, "uaf") == 0)
        return use_after_free();
    if (strcmp(mode, "struaf") == 0)
        return string_after_replace();
    if (strcmp(mode, "clean") == 0)
        return clean();
    fprintf(stderr, "usage: probe leak|uaf|struaf|clean\n");
    return 2;
}
