/*
 * gen_source.h - prints a schema's NAME.slot.c (see gen_source.c).
 */
#ifndef SLOTGEN_GEN_SOURCE_H
#define SLOTGEN_GEN_SOURCE_H

#include <stddef.h>

#include "emit.h"
#include "schema.h"

/* The source's text for 's' (checked, named and laid out): a new string of '*len' bytes. */
char *gen_source(const schema *s, size_t *len);

/* The same text appended to 'e' (which may stream it to a file: emit_to). */
void gen_source_emit(emitter *e, const schema *s);

/* Appends the C initializer of attribute 'a's default ('a' has one): "1.5", "{1u, 2u}",
 * "{\"a\", NULL}", a flag set's constant; a null string is NULL, a null char[N] "". */
void gen_source_value(emitter *e, const attr *a);

#endif
