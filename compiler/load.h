/*
 * load.h - YAML schema text to the model (libyaml's event parser), keeping source marks.
 *
 * The loader checks structure only: node kinds, known and required keys, duplicate keys
 * (libyaml accepts them; slotgen does not), YAML syntax. Types, identifiers and defaults are
 * kept as written for check.c.
 */
#ifndef SLOTGEN_LOAD_H
#define SLOTGEN_LOAD_H

#include <stddef.h>

#include "diag.h"
#include "schema.h"

/* Parses 'len' bytes of 'text' as the schema file 'path'. Returns a new schema (the caller
 * frees it with schema_free) holding everything that could be read, never NULL; every problem
 * is reported to 'd', so the load succeeded when d->errors did not grow. The text is read
 * in place, not copied (libyaml reads it as it goes), and not kept: the caller keeps its buffer
 * and may free it once this returns. */
schema *load_schema(const char *path, const char *text, size_t len, diag *d);

#endif
