/*
 * sgc.h - the slotgen compiler as a library: schema files in, generated C out.
 *
 * main.c is a thin CLI over sgc_compile; tests call sgc_compile with a reader callback that
 * serves schema text from memory and a writer that captures output, so no test needs a
 * subprocess or a temporary file.
 *
 * A run reads every input schema and, recursively, every schema it imports; reports all
 * errors of all files; and only when there are none writes each input's NAME.slot.h and
 * NAME.slot.c. Output is deterministic (no time, no absolute path, no hash order); files
 * whose content is unchanged are not rewritten; changed ones are replaced all together or not
 * at all: every output (and the depfile) is staged in a temporary beside it, and renamed only
 * when all were written. While it writes to the file system, sgc_compile holds off SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT and SIGXFSZ in the calling thread (pthread_sigmask), so a signal
 * arrives after the temporaries were renamed or removed; the mask is restored after.
 * Schemas are read as regular files of at most SGC_MAX_SCHEMA_SIZE bytes, without blocking,
 * and one file (device and inode) under several spellings is one schema.
 *
 * Memory: the library never exits. Every allocation of a run goes through one allocator
 * (sgc_options.alloc, or malloc/realloc/free), and when one fails sgc_compile frees
 * everything the run holds (blocks, parser state, open files, temporaries), reports
 * "slotgen: out of memory" and returns SGC_ENOMEM. Memory running out never changes a file:
 * for the write callback every output is made in memory first, so nothing reaches it; on the
 * file system each output is generated straight into its temporary (in pieces, compared with
 * the old file as they come, so memory stays bounded whatever the output's size), and should
 * memory run out meanwhile every temporary and every directory the run made is removed, and
 * nothing is renamed. (The one allocation after the staging is the report of a failed write
 * or rename, the run already failing with SGC_EIO: should it run out of memory, the result is
 * SGC_ENOMEM.) libyaml allocates
 * with its own malloc, out of the hook's reach; its memory errors end the run the same way.
 * Runs on different threads are independent.
 *
 * With 'layout' set (slotgen --layout), a run checks as usual, then prints what each class
 * of the inputs costs in memory instead of generating code, and writes no file. With
 * 'validate_class' set (slotgen validate), it checks data files against a class instead.
 */
#ifndef SLOTGEN_SGC_H
#define SLOTGEN_SGC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SGC_VERSION "2.1.0"
#define SGC_RUNTIME_ABI 2 /* the SG_ABI_VERSION of the runtime the generated code targets */

/* The largest schema file a run reads (16 MiB); a larger one is an error, as is a file that is
 * not a regular file (a FIFO, a device, a directory). docs/schema.md, "Limits". */
#define SGC_MAX_SCHEMA_SIZE ((size_t)16 << 20)

typedef enum sgc_result {
    SGC_OK = 0,      /* everything compiled (and written, unless check_only) */
    SGC_ESCHEMA = 1, /* a schema has errors; nothing was written */
    SGC_EIO = 2,     /* a file could not be read or written */
    SGC_ENOMEM = 3,  /* memory ran out; nothing was written (the CLI exits 2) */
    SGC_EDATA = 4,   /* validate: some data file does not fit the class (the CLI exits 1) */
    SGC_EUSAGE = 5   /* validate: no class of that name, or two imports have one (exits 2) */
} sgc_result;

/* How validate reads its data files. */
typedef enum sgc_data_format {
    SGC_DATA_AUTO = 0, /* by file name: ".json" (any case) as JSON, anything else as YAML */
    SGC_DATA_YAML,
    SGC_DATA_JSON
} sgc_data_format;

/* Reads 'path' into a new malloc'd buffer of '*len' bytes; NULL (errno set) when it cannot. */
typedef char *(*sgc_read_fn)(void *ud, const char *path, size_t *len);

/* Delivers one generated file; returns 0, or -1 (errno set) when it could not be stored.
 * Called for each output in turn, only after every output was generated and checked; after
 * a failure no further output is delivered (what was delivered is the callback's to undo). */
typedef int (*sgc_write_fn)(void *ud, const char *path, const char *text, size_t len);

/* An allocator in the style of lua_Alloc: size 0 frees 'ptr' (NULL is fine) and returns NULL;
 * otherwise it returns a block of 'size' bytes holding the first bytes of 'ptr' (a new block
 * when 'ptr' is NULL), like realloc, aligned for any type, or NULL (with 'ptr' untouched)
 * when it cannot. Tests use it to count live blocks and to fail chosen allocations. Small
 * blocks of the compiler (its nodes and strings) come 64 KiB at a time from it, so it sees a
 * few large allocations, not one per node (not in AddressSanitizer builds: see mem.h). */
typedef void *(*sgc_alloc_fn)(void *ud, void *ptr, size_t size);

/* What --layout prints instead of generating code (report.h). */
typedef enum sgc_layout {
    SGC_LAYOUT_NONE = 0, /* generate code as usual */
    SGC_LAYOUT_TEXT,     /* each class's memory layout, for people */
    SGC_LAYOUT_JSON      /* the same as JSON, for tools (docs/layout.md) */
} sgc_layout;

typedef struct sgc_options {
    const char *out_dir;              /* where outputs go; NULL: beside nothing, i.e. "." */
    bool check_only;                  /* validate, write nothing */
    const char *const *include_dirs;  /* -I search paths for imports */
    size_t ninclude_dirs;
    const char *depfile;              /* write a Make-style depfile here; NULL: none */
    const char *dep_target;           /* depfile targets; NULL: the generated files */
    FILE *diag_out;                   /* diagnostics printed here; NULL: not printed */
    char **diag_text;                 /* if set, receives all diagnostics; free it with
                                         alloc(alloc_ud, p, 0), or free() when alloc is NULL.
                                         NULL only when memory ran out before any text */
    sgc_read_fn read;                 /* NULL: the file system */
    sgc_write_fn write;               /* NULL: the file system, atomically, only if changed */
    void *ud;                         /* passed to read and write */
    sgc_alloc_fn alloc;               /* every allocation of the run; NULL: malloc & co. */
    void *alloc_ud;                   /* passed to alloc */

    sgc_layout layout;                /* not NONE: print layouts, write no file at all */
    FILE *layout_out;                 /* where the layout goes; NULL: stdout */
    unsigned long long instances;     /* N of the layout's cost lines; 0: 1,000,000 */
    bool layout_color;                /* ANSI colours in the text layout */

    /* slotgen validate (validate.h): with 'validate_class' set, a run loads and checks its
     * first input and its imports as usual, then, instead of generating code, reads each of
     * the 'ndata' files 'data' ("-": standard input) as objects of that class (one mapping,
     * or a sequence of them) through libslotgen-io and reports every error in them; it
     * writes no file and reads no file name rule (the schema's name need not be C-safe). */
    const char *validate_class;
    const char *const *data;
    size_t ndata;
    sgc_data_format data_format;
} sgc_options;

/* Compiles the 'n' schema files 'paths'. Returns SGC_OK, SGC_ESCHEMA (errors reported,
 * nothing written), SGC_EIO (reported: an input that cannot be read, an output or depfile
 * path refused before writing, or a write that failed; on the file system no output was
 * changed, unless a rename itself failed after others had succeeded; with validate_class, a
 * data file that cannot be read) or SGC_ENOMEM (reported; nothing written, nothing left
 * allocated but *diag_text); with validate_class also SGC_EDATA and SGC_EUSAGE (reported).
 * Owns nothing after return, but for the runtime's process-wide interned names, which a
 * validate run with dynamic attributes in its data adds (libslotgen's sg_runtime_cleanup
 * frees them, when no other object of the runtime's is live; slotgen's main does). */
sgc_result sgc_compile(const char *const *paths, size_t n, const sgc_options *opt);

#endif
