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

/* What class 'c', laid out by layout_schema, would measure on this host with layout 'kind'
 * and 'slotted' in place of its own (for slotgen --layout): its size in '*size' and its bytes
 * of padding in '*padding'. 'c' is unchanged; with its own kind and slotted, the figures are
 * its own. Sizes past the limit read as the limit, with no padding. */
void layout_what_if(const sclass *c, layout_kind kind, bool slotted, uint32_t *size,
                    uint32_t *padding);

#endif
