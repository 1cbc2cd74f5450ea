/*
 * names.h - every identifier the generator prints, computed in one place before anything is
 * printed: C type names (with the file's prefix, or a class's 'c_name:'), struct members
 * (with trailing '_'s where C would read the name as something else), enum constants (upper
 * snake case, or a member's 'c_name:'), function and object names, the header guard.
 * names_check finds a generated name that C, its headers or slotgen already use, two
 * generated things that would share one C identifier, and two headers of one name.
 *
 * Reserved names come from names_reserved.inc, written by tools/gen_reserved.py from what the
 * headers generated code includes declare in every dialect of the compile matrix.
 */
#ifndef SLOTGEN_NAMES_H
#define SLOTGEN_NAMES_H

#include <stddef.h>

#include "diag.h"
#include "schema.h"

/* The generated identifiers of the files named so far in one run, hashed, with each file's
 * base name, so that naming and checking a file cost its own names whatever it imports
 * (names_assign_in, names_check_in). Owns its copies of the names; borrows the schemas,
 * which must outlive it. */
typedef struct names_index names_index;

names_index *names_index_new(void);
void names_index_free(names_index *ix); /* NULL is fine */

/* Fills the cname, member and ctype fields of every class, attribute, enum and member of 's'.
 * A member is the attribute's C name, with '_' appended while that name is a keyword, a
 * macro, type or variable of the headers, or a file-scope name generated for the file or its
 * imports (a 'c_name:' is kept as written; names_check vets it). */
void names_assign(schema *s);
/* names_assign, with the names of the imports found in 'ix', which holds them when each
 * import went through names_check_in first; names_assign indexes the imports (each file
 * once) itself. */
void names_assign_in(names_index *ix, schema *s);

/* Reports each generated identifier of 's' that is reserved (names_is_reserved, or a local of
 * generated functions), or that clashes with another of 's' or of its imports, naming both
 * things; and each import that would bring a second header of one name ("a/common.yaml" and
 * "b/common.yaml"). Call after names_assign. Returns the errors reported. */
unsigned names_check(const schema *s, diag *d);
/* names_check, with the names of the imports found in 'ix' (see names_assign_in); adds those
 * of 's' to 'ix'. Takes time linear in the names of 's' (with the walk of its import graph
 * only when one of them, or its base name, is also held by another file of the run). */
unsigned names_check_in(names_index *ix, const schema *s, diag *d);

/* Calls 'fn' with each identifier the generated header of 's' declares at file scope (types,
 * tables, functions, enum constants): the table names_check works from. Call after
 * names_assign. test_gen checks that the header declares nothing outside it. */
void names_each(const schema *s, void (*fn)(void *ud, const char *ident), void *ud);

/* True when 'name' is a C (C11) or C++ (C++20) keyword or an alternative token. */
int names_is_keyword(const char *name);

/* True when 'name' is a keyword, a name of slotgen's runtime ('sg_' or 'SG_' and not ending
 * in '_'), or a name that a header the generated code includes declares or defines in some
 * dialect (NULL, size_t, uint32_t, INT32_MAX, linux, unix, index, log, RAND_MAX, ...): it
 * cannot be a file-scope name of generated code. */
int names_is_reserved(const char *name);

/* True when 'name' is a parameter or local of generated functions (self, v, name, ...): a
 * generated C type cannot have that name. */
int names_is_local(const char *name);

/* "HttpStatus" -> "HTTP_STATUS"; "rgbColor" -> "RGB_COLOR". Returns a new string. */
char *names_upper_snake(const char *name);

/* "<U>_<word>", U the C name 'cname' in upper snake case: the macro IMAGE_INIT of class Image,
 * COLOR_COUNT of enum Color, AMENITY_ALL of flag set Amenity. A new string. */
char *names_macro(const char *cname, const char *word);

/* A generated identifier "<prefix><Class>_<suffix>": a new string. */
char *names_join(const char *a, const char *sep, const char *b);

/* The file name part of a path: "schemas/image.yaml" -> "image.yaml". Borrowed. */
const char *names_file(const char *path);

/* The output base name for a schema path: "schemas/image.yaml" -> "image". New string. */
char *names_base(const char *path);

/* The include guard of the header generated for 'path': "SG_" + the base name with every
 * byte that is not an ASCII letter or digit written as '_' and two hex digits + "_SLOT_H"
 * ("hotel-search.yaml" -> SG_hotel_2Dsearch_SLOT_H). One-to-one, so distinct base names give
 * distinct guards; in the runtime's namespace, so no schema name can equal one. New string. */
char *names_guard(const char *path);

#endif
