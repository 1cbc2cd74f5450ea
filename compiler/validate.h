/*
 * validate.h - slotgen validate: users' YAML and JSON data files checked against a class of a
 * schema, with no C written and nothing compiled.
 *
 * The driver loads, checks, names and lays out the schema and its imports exactly as for code
 * generation. validate_tables_build then makes in memory the reflection tables that the
 * generated NAME.slot.c files would define (sg_class, sg_attr, sg_enum: the same names,
 * kinds, offsets, sizes, counts, presence bits, flags, element sizes, targets, defaults and
 * by_name order, for this host, from layout.c's figures and check.c's parsed defaults), and
 * validate_files loads each data file through libslotgen-io into a scratch object of the
 * class, which it destroys at once, reporting every error like a schema error.
 *
 * Memory: the tables are blocks of mem.h (a failure unwinds the run); the objects are the
 * runtime's (sg_alloc), as libslotgen-io allocates them. Inside libslotgen-io's callback no
 * mem.h allocation may unwind (it would cross the library's frames), so the callback only
 * uses mem_try_alloc and reports running out once back in compiler frames.
 */
#ifndef SLOTGEN_VALIDATE_H
#define SLOTGEN_VALIDATE_H

#include <stddef.h>

#include "diag.h"
#include "schema.h"
#include "sgc.h"
#include "slotgen.h"

typedef struct validate_tables validate_tables;

/* Builds the tables of every class and every enum or flag set of the 'n' schemas 's', each
 * checked, named and laid out without error, and holding every schema that one of theirs
 * refers to (the run's imports). Returns the tables, blocks of mem.h (running out unwinds);
 * names and string defaults point into the schemas, which must outlive the tables. */
validate_tables *validate_tables_build(schema *const *s, size_t n);

/* The table of class 'c' or of enum 'e' (one of the schemas'), or NULL when it has none. */
const sg_class *validate_tables_class(const validate_tables *t, const sclass *c);
const sg_enum *validate_tables_enum(const validate_tables *t, const senum *e);

/* Releases the runtime state of every class (sg_class_release; no object of them may be
 * live), then frees 't'. NULL is fine. */
void validate_tables_free(validate_tables *t);

typedef enum validate_result {
    VALIDATE_OK = 0,  /* every object of every file fits the class */
    VALIDATE_INVALID, /* some data error (well-formed or not), reported */
    VALIDATE_EUSAGE,  /* no class of that name (or more than one import has one), reported */
    VALIDATE_EIO      /* a data file could not be read, reported */
} validate_result;

/* Checks the 'nfiles' data files 'files' ("-": standard input, named "<stdin>") as objects of
 * the class named 'class_name': one of 'input' (the schema named on the command line), else
 * the one imported class of that name among 'all' (every schema of the run, 'input' too),
 * read as 'format' (SGC_DATA_AUTO: ".json" in any case as JSON, anything else as YAML).
 * Every error of every file is reported through 'd', file by file in order, each file's in
 * source order (flushed after each file): "file:line:col: error: message"; a bad object is
 * skipped and the next one checked; malformed input ends its file. Returns the worst result:
 * VALIDATE_EUSAGE (nothing read), VALIDATE_EIO, VALIDATE_INVALID, VALIDATE_OK. Running out of
 * memory (the tables, the diagnostics, or libslotgen-io's objects) unwinds the run. */
validate_result validate_files(const schema *input, schema *const *all, size_t nall,
                               const char *class_name, const char *const *files,
                               size_t nfiles, sgc_data_format format, diag *d);

#endif
