/*
 * main.c - the slotgen command: parses arguments, calls sgc_compile, maps the result to an
 * exit status (0 success, 1 schema errors or invalid data, 2 usage or I/O errors or out of
 * memory). Nothing else lives here. `slotgen validate ...` (a first argument "validate") has
 * options of its own and runs sgc_compile with sgc_options.validate_class set.
 */
#define _POSIX_C_SOURCE 200809L /* isatty, fileno */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgc.h"
#include "slotgen.h"

static const char usage[] =
    "usage: slotgen [options] SCHEMA.yaml...\n"
    "       slotgen validate [options] SCHEMA.yaml --class NAME DATA...\n"
    "\n"
    "Compiles YAML class schemas into C: for each SCHEMA.yaml, NAME.slot.h and NAME.slot.c.\n"
    "'slotgen validate' checks YAML or JSON data files (one object, or a sequence of\n"
    "objects, each) against class NAME instead, reporting every error; it generates nothing.\n"
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
    "options of 'slotgen validate' (and -I, -h; see 'slotgen validate --help'):\n"
    "  -c, --class NAME      the class of the objects in DATA (required)\n"
    "      --format FORMAT   read DATA as yaml or json (default: *.json as JSON, else YAML)\n"
    "\n"
    "Exit status: 0 success, 1 schema errors (nothing written) or invalid data, 2 usage or\n"
    "I/O errors, or out of memory.\n";

static const char validate_usage[] =
    "usage: slotgen validate [options] SCHEMA.yaml --class NAME DATA...\n"
    "\n"
    "Checks YAML or JSON data files against class NAME of SCHEMA.yaml (or of a schema it\n"
    "imports), with no code generated: each DATA file holds one object (a mapping) or a\n"
    "sequence of objects. Every error is reported as FILE:LINE:COL: error: MESSAGE, file by\n"
    "file, in order; after a bad object the next one is checked.\n"
    "\n"
    "options:\n"
    "  -c, --class NAME      the class of the objects (required)\n"
    "  -I, --include DIR     also look for imported schemas in DIR (repeatable)\n"
    "      --format FORMAT   read every DATA file as FORMAT, yaml or json (default: by name,\n"
    "                        *.json as JSON, anything else, such as *.yaml, as YAML)\n"
    "  -h, --help            print this help and exit\n"
    "\n"
    "A DATA of '-' reads standard input (YAML unless --format json).\n"
    "Exit status: 0 every object valid, 1 invalid data or schema errors, 2 usage or I/O\n"
    "errors, or out of memory.\n";

typedef struct cli {
    sgc_options opt;
    const char **inputs;
    size_t ninputs;
    const char **includes;
    size_t nincludes;
    const char **data;   /* validate's DATA files */
    size_t ndata;
} cli;

/* The command whose --help a usage error points at. */
static const char *help_command = "slotgen";

static int fail_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "slotgen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", help_command);
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

/* "--format yaml" or "--format=json" into opt->data_format; -1 for another format. */
static int parse_format(const char *v, sgc_options *opt)
{
    if (strcmp(v, "yaml") == 0)
        opt->data_format = SGC_DATA_YAML;
    else if (strcmp(v, "json") == 0)
        opt->data_format = SGC_DATA_JSON;
    else
        return -1;
    return 0;
}

/* Parses `slotgen validate ...` ('argv[0]' is "validate") into 'c': the schema is the first
 * operand, the data files the others. Returns -1 to go on, else an exit status. */
static int parse_validate(int argc, char **argv, cli *c)
{
    int options = 1;
    help_command = "slotgen validate";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (!options || a[0] != '-' || a[1] == '\0') {
            if (c->ninputs == 0)
                c->inputs[c->ninputs++] = a;
            else
                c->data[c->ndata++] = a;
        } else if (strcmp(a, "--") == 0) {
            options = 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(validate_usage, stdout);
            return 0;
        } else if (matches(a, "-c", "--class")) {
            if (!(v = option_value(argc, argv, &i, "-c", "--class")) || !*v)
                return fail_usage("option '%s' needs a class name", a);
            c->opt.validate_class = v;
        } else if (matches(a, "-I", "--include")) {
            if (!(v = option_value(argc, argv, &i, "-I", "--include")))
                return fail_usage("option '%s' needs a directory", a);
            c->includes[c->nincludes++] = v;
        } else if (matches(a, NULL, "--format")) {
            if (!(v = option_value(argc, argv, &i, NULL, "--format")) ||
                parse_format(v, &c->opt) < 0)
                return fail_usage("option '--format' needs yaml or json, not '%s'", v ? v : "");
        } else {
            return fail_usage("unknown option '%s' of 'slotgen validate'", a);
        }
    }
    if (c->ninputs == 0)
        return fail_usage("%s", "validate: no schema file given");
    if (!c->opt.validate_class)
        return fail_usage("%s", "validate: no class given (--class NAME)");
    if (c->ndata == 0)
        return fail_usage("%s", "validate: no data file given");
    c->opt.data = c->data;
    c->opt.ndata = c->ndata;
    return -1;
}

/* The exit status of a run's result: 1 for errors in schemas or data, 2 for the rest. */
static int exit_status(sgc_result r)
{
    switch (r) {
    case SGC_OK: return 0;
    case SGC_ESCHEMA:
    case SGC_EDATA: return 1;
    default: return 2; /* SGC_EIO, SGC_EUSAGE, SGC_ENOMEM ("out of memory" was said) */
    }
}

int main(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    c.inputs = calloc((size_t)argc, sizeof *c.inputs);
    c.includes = calloc((size_t)argc, sizeof *c.includes);
    c.data = calloc((size_t)argc, sizeof *c.data);
    if (!c.inputs || !c.includes || !c.data) {
        fprintf(stderr, "slotgen: out of memory\n");
        return 2;
    }
    int status = argc > 1 && strcmp(argv[1], "validate") == 0
                     ? parse_validate(argc - 1, argv + 1, &c)
                     : parse_args(argc, argv, &c);
    if (status < 0) {
        c.opt.include_dirs = c.includes;
        c.opt.ninclude_dirs = c.nincludes;
        c.opt.diag_out = stderr;
        c.opt.layout_color = c.opt.layout == SGC_LAYOUT_TEXT && want_color();
        status = exit_status(sgc_compile(c.inputs, c.ninputs, &c.opt));
        sg_runtime_cleanup(); /* validate's dynamic attributes interned runtime names */
    }
    free(c.inputs);
    free(c.includes);
    free(c.data);
    return status;
}
