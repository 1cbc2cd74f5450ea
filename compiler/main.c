/*
 * main.c - the slotgen command: parses arguments, calls sgc_compile, maps the result to an
 * exit status (0 success, 1 schema errors, 2 usage or I/O errors or out of memory). Nothing
 * else lives here.
 */
#define _POSIX_C_SOURCE 200809L /* isatty, fileno */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgc.h"

static const char usage[] =
    "usage: slotgen [options] SCHEMA.yaml...\n"
    "\n"
    "Compiles YAML class schemas into C: for each SCHEMA.yaml, NAME.slot.h and NAME.slot.c.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR      write generated files into DIR, made if missing (default: .)\n"
    "  -I, --include DIR     also look for imported schemas in DIR (repeatable)\n"
    "  -M, --depfile FILE    write a Make-style depfile listing every schema read\n"
    "      --dep-target T    use T as the depfile's target (default: the generated files)\n"
    "      --check           validate only; write nothing\n"
    "      --layout[=FORMAT] print each class's memory layout (FORMAT text, the default,\n"
    "                        or json) instead of generating code; write nothing\n"
    "      --instances N     with --layout: the cost of N instances (default 1000000)\n"
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

/* "--layout", "--layout=text" or "--layout=json" into opt->layout; -1 for another format. */
static int parse_layout(const char *a, sgc_options *opt)
{
    const char *eq = strchr(a, '=');
    if (!eq || strcmp(eq + 1, "text") == 0)
        opt->layout = SGC_LAYOUT_TEXT;
    else if (strcmp(eq + 1, "json") == 0)
        opt->layout = SGC_LAYOUT_JSON;
    else
        return -1;
    return 0;
}

/* A decimal count from 1 to 10^9 into opt->instances; -1 for anything else. */
static int parse_instances(const char *v, sgc_options *opt)
{
    unsigned long long n = 0;
    if (!*v || strlen(v) > 10)
        return -1;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (unsigned long long)(*p - '0');
    }
    if (n == 0 || n > 1000000000ull)
        return -1;
    opt->instances = n;
    return 0;
}

/* Colour only on a terminal, and not when NO_COLOR is set or TERM is "dumb". */
static int want_color(void)
{
    const char *term = getenv("TERM");
    const char *no = getenv("NO_COLOR");
    return isatty(fileno(stdout)) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
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
        } else if (matches(a, NULL, "--layout")) {
            if (parse_layout(a, &c->opt) < 0)
                return fail_usage("unknown layout format in '%s' (text or json)", a);
        } else if (matches(a, NULL, "--instances")) {
            if (!(v = option_value(argc, argv, &i, NULL, "--instances")) ||
                parse_instances(v, &c->opt) < 0)
                return fail_usage("option '--instances' needs a count from 1 to 1000000000, "
                                  "not '%s'", v ? v : "");
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
    if (c->opt.instances && c->opt.layout == SGC_LAYOUT_NONE)
        return fail_usage("%s", "option '--instances' needs '--layout'");
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
        c.opt.layout_color = c.opt.layout == SGC_LAYOUT_TEXT && want_color();
        sgc_result r = sgc_compile(c.inputs, c.ninputs, &c.opt);
        status = r == SGC_ENOMEM ? 2 : (int)r; /* the library said "out of memory" */
    }
    free(c.inputs);
    free(c.includes);
    return status;
}
