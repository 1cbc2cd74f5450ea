/*
 * main.c - the slotgen command: parses arguments, calls sgc_compile, maps the result to an
 * exit status (0 success, 1 schema errors, 2 usage or I/O errors or out of memory). Nothing
 * else lives here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgc.h"

static const char usage[] =
    "usage: slotgen [options] SCHEMA.yaml...\n"
    "\n"
    "Compiles YAML class schemas into C: for each SCHEMA.yaml, NAME.slot.h and NAME.slot.c.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR      write generated files into DIR (default: .)\n"
    "  -I, --include DIR     also look for imported schemas in DIR (repeatable)\n"
    "  -M, --depfile FILE    write a Make-style depfile listing every schema read\n"
    "      --dep-target T    use T as the depfile's target (default: the generated files)\n"
    "      --check           validate only; write nothing\n"
    "  -h, --help            print this help and exit\n"
    "      --version         print the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 schema errors (nothing written), 2 usage or I/O errors, or\n"
    "out of memory.\n";

typedef struct cli {
    sgc_options opt;
    const char **inputs;
    size_t ninputs;
    const char **includes;
    size_t nincludes;
} cli;

static int fail_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "slotgen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'slotgen --help' for more information.\n");
    return 2;
}

/* The value of option 'argv[*i]', given as "-o DIR", "-oDIR", "--output DIR" or
 * "--output=DIR"; NULL when missing. */
static const char *option_value(int argc, char **argv, int *i, const char *shrt,
                                const char *lng)
{
    const char *a = argv[*i];
    size_t ll = strlen(lng);
    if (shrt && strncmp(a, shrt, 2) == 0 && a[2])
        return a + 2;
    if (strncmp(a, lng, ll) == 0 && a[ll] == '=')
        return a + ll + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static int matches(const char *a, const char *shrt, const char *lng)
{
    size_t ll = strlen(lng);
    return (shrt && strncmp(a, shrt, 2) == 0) ||
           (strncmp(a, lng, ll) == 0 && (a[ll] == '\0' || a[ll] == '='));
}

/* Parses the command line into 'c'. Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, cli *c)
{
    int options = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (!options || a[0] != '-' || a[1] == '\0') {
            c->inputs[c->ninputs++] = a;
        } else if (strcmp(a, "--") == 0) {
            options = 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("slotgen %s\n", SGC_VERSION);
            return 0;
        } else if (strcmp(a, "--check") == 0) {
            c->opt.check_only = true;
        } else if (matches(a, "-o", "--output")) {
            if (!(v = option_value(argc, argv, &i, "-o", "--output")))
                return fail_usage("option '%s' needs a directory", a);
            c->opt.out_dir = v;
        } else if (matches(a, "-I", "--include")) {
            if (!(v = option_value(argc, argv, &i, "-I", "--include")))
                return fail_usage("option '%s' needs a directory", a);
            c->includes[c->nincludes++] = v;
        } else if (matches(a, "-M", "--depfile")) {
            if (!(v = option_value(argc, argv, &i, "-M", "--depfile")))
                return fail_usage("option '%s' needs a file", a);
            c->opt.depfile = v;
        } else if (matches(a, NULL, "--dep-target")) {
            if (!(v = option_value(argc, argv, &i, NULL, "--dep-target")))
                return fail_usage("option '%s' needs a target", a);
            c->opt.dep_target = v;
        } else {
            return fail_usage("unknown option '%s'", a);
        }
    }
    if (c->ninputs == 0)
        return fail_usage("%s", "no schema file given");
    return -1;
}

int main(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    c.inputs = calloc((size_t)argc, sizeof *c.inputs);
    c.includes = calloc((size_t)argc, sizeof *c.includes);
    if (!c.inputs || !c.includes) {
        fprintf(stderr, "slotgen: out of memory\n");
        return 2;
    }
    int status = parse_args(argc, argv, &c);
    if (status < 0) {
        c.opt.include_dirs = c.includes;
        c.opt.ninclude_dirs = c.nincludes;
        c.opt.diag_out = stderr;
        sgc_result r = sgc_compile(c.inputs, c.ninputs, &c.opt);
        status = r == SGC_ENOMEM ? 2 : (int)r; /* the library said "out of memory" */
    }
    free(c.inputs);
    free(c.includes);
    return status;
}
