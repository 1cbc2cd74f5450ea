/*
 * gen_extra.h - the generated code of schema language 1.1 and of the object functions every
 * class gains with it (see gen_extra.c): list accessors, flag sets, an enum's COUNT, copy,
 * clone, equal, hash, the INIT macro, deprecation marks and the layout checks of NAME.slot.c.
 * gen_header.c and gen_source.c call these at the places the constructs belong.
 */
#ifndef SLOTGEN_GEN_EXTRA_H
#define SLOTGEN_GEN_EXTRA_H

#include <stdbool.h>

#include "emit.h"
#include "schema.h"

/* Whether some attribute of 's' is deprecated (the header then defines SG_DEPRECATED). */
bool gen_extra_has_deprecated(const schema *s);

/* The definition of SG_DEPRECATED, once per translation unit whatever the headers: the mark
 * of a deprecated accessor in C (GCC and Clang) and C++ (C++14 [[deprecated]]); empty where
 * neither exists, and in the generated sources, which define it empty first. */
void gen_extra_deprecated_macro(emitter *e);

/* "SG_DEPRECATED " when 'a' is deprecated, else "": the prefix of each of its accessors. */
const char *gen_extra_deprecated(const attr *a);

/* After an enum's declaration: COLOR_COUNT. For a flag set, its whole section instead of an
 * enum's: the typedef, the constants and U_ALL, the table and the four functions. */
void gen_extra_enum_header(emitter *e, const senum *en);

/* After a flag set's table and T_name, T_from_name (gen_source.c writes those as an enum's):
 * its set functions T_format and T_parse. */
void gen_extra_flags_source(emitter *e, const senum *en);

/* The C constant of the set 'v' of flag set 'en': "0x5u", "UINT64_C(0x...)". A new string. */
char *gen_extra_set_constant(const senum *en, uint64_t v);

/* The functions of list attribute 'a' (a->type.list), the k-th attribute of class 'c':
 * one-line inline wrappers over the runtime's sg_list_* calls with &T_class.attrs[k]. */
void gen_extra_list_header(emitter *e, const sclass *c, const attr *a, size_t k);

/* Whether some U_INIT macro of 's' writes NAN or INFINITY (the header then includes
 * <math.h>). */
bool gen_extra_init_needs_math(const schema *s);

/* After a class's functions: U_INIT, its defaults as a brace initializer in layout order
 * (embedded objects by their own U_INIT), or, when a default is an owned string
 * (c->const_init false), a comment saying why there is none. */
void gen_extra_init_macro(emitter *e, const sclass *c);

/* The static assertions of NAME.slot.c: each class's size and each member's offset as
 * layout.c planned them, checked where the target's primitive types have the generating
 * host's sizes and alignments (elsewhere sizeof and offsetof are right anyway). C99 and
 * C++: a negative bit-field width names the member whose offset differs. */
void gen_extra_layout_checks(emitter *e, const schema *s);

#endif
