/*
 * gen_header.h - prints a schema's NAME.slot.h (see gen_header.c).
 */
#ifndef SLOTGEN_GEN_HEADER_H
#define SLOTGEN_GEN_HEADER_H

#include <stddef.h>

#include "emit.h"
#include "schema.h"

/* The header's text for 's' (checked, named and laid out): a new string of '*len' bytes. */
char *gen_header(const schema *s, size_t *len);

/* The same text appended to 'e' (which may stream it to a file: emit_to). */
void gen_header_emit(emitter *e, const schema *s);

/* True when 'a' is a parameter of the generated constructor: not optional, not an array,
 * not a list, not an embedded class. sg_object_new_with (runtime/sg_object.c) applies the
 * same rule to the class table: keep the two in step. */
int gen_is_constructor_param(const attr *a);

/* Appends the constructor's parameter list to 'p': "uint32_t id, const char *caption", or
 * "void" when it has none. */
void gen_constructor_params(const sclass *c, emitter *p);

/* A header function whose body is the one statement 'body': "SIG { BODY }" on one line when
 * it fits in 100 columns, else laid out like a hand-written function with a blank line
 * after. Frees 'sig' and 'body' (new strings). */
void gen_shortf(emitter *e, char *sig, char *body);

/* Ends a header function of several statements: its closing brace and a blank line. */
void gen_close(emitter *e);

/* A header function of one expression as a function-like macro, from one printf format that
 * gives the whole line, "#define NAME(PARAMS) BODY" (NAME and PARAMS without ')'): formatted
 * once, straight into 'e'; when it passes column 100 the body goes on continuation lines,
 * broken after the ", " between the arguments of its outermost call. 'params' are named sg_*
 * (no member can be) and each is used exactly once in the body, an object pointer through
 * SG_TYPED. */
void gen_macro(emitter *e, const char *fmt, ...) DIAG_PRINTF(2, 3);

#endif
