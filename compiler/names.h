/*
 * names.h - every identifier the generator prints, computed in one place before anything is
 * printed: C type names (with the file's prefix), struct members (C and C++ keywords get a
 * trailing '_'), enum constants (upper snake case), function and object names, the header
 * guard. names_check finds two generated things that would share one C identifier.
 */
#ifndef SLOTGEN_NAMES_H
#define SLOTGEN_NAMES_H

#include <stddef.h>

#include "diag.h"
#include "schema.h"

/* The generated identifiers of the files named so far in one run, hashed, so that naming a
 * file costs its own names whatever it imports (names_assign_in, names_check_in). Owns its
 * copies of the names; borrows the schemas, which must outlive it. */
typedef struct names_index names_index;

names_index *names_index_new(void);
void names_index_free(names_index *ix); /* NULL is fine */

/* Fills the cname, member and ctype fields of every class, attribute, enum and member of 's'.
 * A member is the attribute's name, with a trailing '_' when that name is reserved or names
 * a type of the file or its imports. names_assign_in takes the types of the imports from 'ix'
 * (which holds them when each import went through names_check_in first); names_assign walks
 * the imports (each file once) itself. */
void names_assign_in(names_index *ix, schema *s);
void names_assign(schema *s);

/* Reports each generated identifier of 's' that clashes with another of 's' or of its
 * imports, directly or not, naming both things. Call after names_assign. Returns the errors
 * reported. names_check_in finds the imports' names in 'ix' and then adds those of 's' to it
 * (time linear in the names of 's'); names_check builds the index of the imports itself. */
unsigned names_check_in(names_index *ix, const schema *s, diag *d);
unsigned names_check(const schema *s, diag *d);

/* Calls 'fn' with each identifier the generated header of 's' declares at file scope (types,
 * tables, functions, enum constants): the table names_check works from. Call after
 * names_assign. test_gen checks that the header declares nothing outside it. */
void names_each(const schema *s, void (*fn)(void *ud, const char *ident), void *ud);

/* True when 'name' is a C (C11) or C++ (C++20) keyword or an alternative token. */
int names_is_keyword(const char *name);

/* True when 'name' is a keyword, or a type or macro of a header the generated code includes
 * (NULL, errno, size_t, uint32_t, INT32_MAX, INFINITY, ...): it cannot be a member, a
 * parameter or a file-scope name of generated code. */
int names_is_reserved(const char *name);

/* "HttpStatus" -> "HTTP_STATUS"; "rgbColor" -> "RGB_COLOR". Returns a new string. */
char *names_upper_snake(const char *name);

/* A generated identifier "<prefix><Class>_<suffix>": a new string. */
char *names_join(const char *a, const char *sep, const char *b);

/* The file name part of a path: "schemas/image.yaml" -> "image.yaml". Borrowed. */
const char *names_file(const char *path);

/* The output base name for a schema path: "schemas/image.yaml" -> "image". New string. */
char *names_base(const char *path);

#endif
