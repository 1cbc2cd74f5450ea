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

#endif
