/*
 * report.h - `slotgen --layout`: what each class costs in memory and why, in the spirit of
 * pahole, as text for a terminal or as JSON for tools (its fields: docs/layout.md).
 *
 * For each class of the schemas given (not their imports): its size and alignment; every
 * member of the struct in memory order with its offset, size, C type and schema type,
 * the hidden presence bitmap and dynamic-attribute pointer included; each padding hole, where
 * it is, and the padding at the end; the sizes the declared, compact and packed layouts would
 * give; and what N instances in an array cost slotted and not slotted. Every figure describes
 * the generating host, as the banner of the generated header does.
 *
 * Everything printed from a schema (its path, names, types as written) goes through one
 * escaping function per format: control characters, C1 controls, Unicode bidirectional
 * controls and bytes that are not UTF-8 never reach a terminal raw, and the JSON is valid
 * UTF-8. Colour (ANSI escapes) only when asked, and only in the text form.
 */
#ifndef SLOTGEN_REPORT_H
#define SLOTGEN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "schema.h"

#define REPORT_DEFAULT_INSTANCES 1000000u
#define REPORT_MAX_INSTANCES 1000000000u /* N times any struct size fits in 64 bits */

typedef enum report_format { REPORT_TEXT = 0, REPORT_JSON } report_format;

typedef struct report_options {
    report_format format;
    bool color;          /* ANSI colours in the text form; ignored for JSON */
    uint64_t instances;  /* N of the cost lines: 1..REPORT_MAX_INSTANCES (0: the default) */
} report_options;

/* The report of every class of the 'n' schemas 's', which must have been checked and laid
 * out without error. Returns a new NUL-terminated string of '*len' bytes that the caller
 * frees; never NULL (out of memory is fatal in the compiler, as everywhere in it). */
char *report_layout(const schema *const *s, size_t n, const report_options *o, size_t *len);

/* report_layout written to 'out'. Returns 0, or -1 with errno set when writing failed. */
int report_print(FILE *out, const schema *const *s, size_t n, const report_options *o);

#endif
