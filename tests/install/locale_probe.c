/*
 * locale_probe.c - does the compiler library give the same bytes in a program that has
 * called setlocale? slotgen's own main never does, but a program linking the compiler as a
 * library (or a future main) might, and a locale with a ',' decimal point would change how
 * float defaults are read (strtod) and printed (%g).
 *
 *   locale_probe SCHEMA.yaml LOCALE   exit 0 same output, 1 different, 77 LOCALE unavailable
 *
 * Built and run by install_test.sh against the build tree's libsgc.a.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgc.h"

typedef struct capture {
    char text[1 << 16];
    size_t len;
} capture;

/* Appends every generated file, its path first, to the capture. */
static int capture_write(void *ud, const char *path, const char *text, size_t len)
{
    capture *c = ud;
    size_t plen = strlen(path);
    if (c->len + plen + len + 2 > sizeof c->text)
        return -1;
    memcpy(c->text + c->len, path, plen + 1);
    c->len += plen + 1;
    memcpy(c->text + c->len, text, len);
    c->len += len;
    c->text[c->len++] = '\0';
    return 0;
}

static int compile(const char *schema, capture *c)
{
    sgc_options opt;
    memset(&opt, 0, sizeof opt);
    opt.out_dir = "out";
    opt.diag_out = stderr;
    opt.write = capture_write;
    opt.ud = c;
    c->len = 0;
    return (int)sgc_compile(&schema, 1, &opt);
}

int main(int argc, char **argv)
{
    static capture plain, localized;
    if (argc != 3) {
        fprintf(stderr, "usage: locale_probe SCHEMA.yaml LOCALE\n");
        return 2;
    }
    if (compile(argv[1], &plain) != 0)
        return 1;
    if (!setlocale(LC_ALL, argv[2]) || strcmp(localeconv()->decimal_point, ",") != 0) {
        fprintf(stderr, "locale_probe: locale %s unavailable or without a ',' point\n", argv[2]);
        return 77;
    }
    if (compile(argv[1], &localized) != 0)
        return 1;
    if (plain.len != localized.len || memcmp(plain.text, localized.text, plain.len) != 0) {
        fprintf(stderr, "locale_probe: output differs under setlocale(LC_ALL, \"%s\")\n",
                argv[2]);
        return 1;
    }
    return 0;
}
