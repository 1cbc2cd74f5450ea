/*
 * layout.h - field order and padding of each generated struct on the generating host.
 *
 * compact: a stable sort by decreasing alignment, which leaves no interior padding that
 * another order could remove (declaration order breaks ties); declared: declaration order;
 * packed: declaration order with no padding. The hidden members follow the declared ones: the
 * presence bitmap (bytes, align 1) when some attribute is optional, then the sg_dyn pointer
 * when the class is not slotted; compact sorts them with the rest.
 */
#ifndef SLOTGEN_LAYOUT_H
#define SLOTGEN_LAYOUT_H

#include "diag.h"
#include "schema.h"

/* Lays out every class of 's' (embedded classes first; imports must be laid out already).
 * Fills slots_order, size, align, padding, npresence and each attribute's size, align and
 * presence. The schema must have passed check_schema. Reports as errors a struct larger
 * than INT32_MAX bytes and a packed class embedding another by value; returns the errors
 * reported. */
unsigned layout_schema(schema *s, diag *d);

#endif
