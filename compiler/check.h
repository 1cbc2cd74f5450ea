/*
 * check.h - semantic checks of a loaded schema: identifiers (valid, not reserved), duplicate
 * names, types resolved to type_ref (primitives, char[N], enums, classes, refs, T[N], from
 * this file or its imports), by-value recursion, sizes, defaults (kind and range), enum
 * values, the slotgen: version. Each problem is one diagnostic; checking carries on.
 */
#ifndef SLOTGEN_CHECK_H
#define SLOTGEN_CHECK_H

#include "diag.h"
#include "schema.h"

/* Checks 's', whose imports' targets are set and already checked, and fills in every
 * attr->type and sclass->slotted. Returns the number of errors reported to 'd'. Safe (and
 * meant) to call after load_schema reported errors: what the loader could not read is
 * skipped and never reported twice. */
unsigned check_schema(schema *s, diag *d);

/* True when 'name' is a valid identifier of the schema language: [A-Za-z][A-Za-z0-9_]*
 * (attribute and member names may also start with '_' but not '__' or '_' + capital). */
int check_identifier(const char *name);

#endif
