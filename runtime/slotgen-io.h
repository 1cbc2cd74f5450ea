/*
 * slotgen-io.h - the public API of libslotgen-io: objects of any generated class loaded from
 * and saved to YAML and JSON, driven by the class's reflection table (sg_class).
 *
 * A companion library, apart from libslotgen so that the core runtime depends on nothing: it
 * links libslotgen, libyaml (YAML) and yajl 2 (JSON; see docs/io.md for why yajl).
 *
 * Loading. One object (a mapping) with sg_yaml_load / sg_json_load / sg_io_load, or a stream
 * of objects (a top-level sequence, or one mapping) with sg_io_load_each, which hands each
 * object to a callback as soon as its mapping closes, so a million objects cost memory for
 * the objects alone. Input comes from a string, a FILE * or a path (sg_io_input).
 *   - Declared attributes by name, their types checked and ranges enforced; enums by member
 *     name; embedded classes as nested mappings; fixed arrays as sequences (at most N
 *     elements; the rest keep their defaults); lists (T[]) as sequences, each element
 *     appended with sg_list_append; flag sets as a sequence of member names, a string
 *     "a|b", or an integer whose bits are all members; optional attributes absent or null.
 *   - An absent attribute keeps its default. A required attribute (not optional, no schema
 *     default: neither SG_ATTR_HAS_DEFAULT nor a 'def'; not a list, an embedded class or a
 *     ref) must be present (docs/io.md).
 *   - On a class that is not slotted, an unknown key becomes a dynamic attribute (bool, int,
 *     uint, float, string or null); on a slotted class it is an error, with a "did you mean".
 *   - ref attributes accept only null; YAML aliases are rejected (so no alias bomb).
 *   - Duplicate keys, wrong node kinds, integer overflow, invalid UTF-8, nesting deeper than
 *     SG_IO_MAX_DEPTH are located errors.
 * On an error the object being loaded is destroyed (its storage zeroed) and the first error
 * is described in the sg_diag; no partial object ever reaches the caller, nothing leaks.
 *
 * Saving. Declared attributes in declaration order (absent optional ones left out), then
 * dynamic attributes in insertion order; lists as sequences; flag sets as sequences of member
 * names (an integer when a bit is no member); strings escaped; floats printed so that they read
 * back bit for bit; the same object always gives the same bytes.
 *
 * Numbers and floats are read and printed in the "C" locale whatever the program's locale.
 * Every function is thread-safe for distinct objects, as the core runtime is.
 */
#ifndef SLOTGEN_IO_H
#define SLOTGEN_IO_H

#include <stdio.h>

#include "slotgen.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default)
#endif

/* Collections nested deeper than this (the top-level sequence counts) are an error. */
#define SG_IO_MAX_DEPTH 64

/* ---------------------------------------------------------------------------------------------
 * Diagnostics: what is needed to print "file:line:col: error: message".
 */
typedef enum sg_diag_kind {
    SG_DIAG_NONE = 0, /* no error */
    SG_DIAG_DATA,     /* well-formed input that does not fit the class */
    SG_DIAG_SYNTAX,   /* input that is not well-formed YAML or JSON (or invalid UTF-8) */
    SG_DIAG_IO,       /* the input could not be read, or the output written */
    SG_DIAG_NOMEM     /* memory ran out */
} sg_diag_kind;

typedef struct sg_diag {
    sg_diag_kind kind;
    sg_status status;  /* what the failing call returned */
    const char *file;  /* the input's name (sg_io_input.name); borrowed, never NULL when set */
    unsigned line;     /* 1-based; 0 when there is no position (an I/O error) */
    unsigned col;      /* 1-based: characters in YAML (libyaml's count, as slotgen's schema
                          errors), bytes in JSON */
    size_t index;      /* the object's place in a top-level sequence (0-based), else 0 */
    char message[512]; /* the message alone, NUL-terminated, truncated to fit */
} sg_diag;

/* Prints "file:line:col: error: message\n" (no ":line:col" without a position) to 'out'.
 * Returns 0, or -1 when the write failed. */
int sg_diag_print(const sg_diag *d, FILE *out);

/* ---------------------------------------------------------------------------------------------
 * Loading.
 */
typedef enum sg_io_format { SG_IO_YAML = 0, SG_IO_JSON = 1 } sg_io_format;

/* Initializes one object of 'cls' at 'obj' (zeroed storage of cls->size bytes): applies the
 * defaults; returns SG_OK or SG_ENOMEM (then 'obj' holds nothing to free). */
typedef sg_status (*sg_io_init_fn)(void *ud, const sg_class *cls, void *obj);

/* Where to read from: the first of 'text', 'file', 'path' that is set. */
typedef struct sg_io_input {
    sg_io_format format;
    const char *text;   /* the input in memory, 'len' bytes (no NUL needed) */
    size_t len;
    FILE *file;         /* else a stream, read to its end, not closed */
    const char *path;   /* else a file, opened and closed */
    const char *name;   /* the file name in diagnostics; NULL: 'path', else "<input>" */
    sg_io_init_fn init; /* NULL: sg_object_init (what the generated Name_init calls) */
    void *init_ud;
} sg_io_input;

/* Loads one object (a mapping) into 'obj', storage the caller owns of cls->size bytes, which
 * need not be initialized: the loader initializes it. Returns SG_OK with the object loaded, or
 * an error with 'obj' destroyed and zeroed and '*diag' (NULL allowed) filled in:
 * SG_ETYPE (a wrong kind or type), SG_ERANGE (out of range, too long, too many), SG_ENOATTR
 * (unknown or missing attribute), SG_EINVAL (malformed input, duplicate key, alias, depth,
 * I/O, or a NULL class, object or input), SG_ENOMEM. An invalid byte of a YAML file read
 * through a FILE * is located by reading the file again from where the load began, when it
 * can seek (a pipe cannot: the message then has no position). */
sg_status sg_yaml_load(const sg_class *cls, void *obj, const char *text, size_t len,
                       sg_diag *diag);
sg_status sg_json_load(const sg_class *cls, void *obj, const char *text, size_t len,
                       sg_diag *diag);
sg_status sg_io_load(const sg_io_input *in, const sg_class *cls, void *obj, sg_diag *diag);

/* What sg_io_load_each's callback returns. */
typedef enum sg_io_next { SG_IO_STOP = 0, SG_IO_CONTINUE = 1 } sg_io_next;

/* Called once per object of a stream. With 'obj' (and 'err' NULL): a complete object, whose
 * contents the callback now owns: it keeps them (e.g. memcpy of the cls->size bytes into its
 * own array) or frees them (sg_object_destroy); the loader reuses the storage. With 'err' (and
 * 'obj' NULL): the object at err->index failed and was destroyed; SG_IO_CONTINUE skips to the
 * next object, SG_IO_STOP stops. A malformed input (err->kind SG_DIAG_SYNTAX, SG_DIAG_IO or
 * SG_DIAG_NOMEM), an alias or nesting past SG_IO_MAX_DEPTH stops whatever the callback
 * returns. Every error of the stream reaches the callback, once, in input order: also one
 * found outside any object (the input cannot be opened, a syntax error between objects). */
typedef sg_io_next (*sg_io_each_fn)(void *ud, void *obj, const sg_diag *err);

/* Loads a top-level sequence of mappings, or one mapping, object by object through 'fn' (an
 * input with no document at all is an error; an empty sequence, no object, is not).
 * Returns SG_OK when every object loaded; else the status of the first error, described in
 * '*diag' (NULL allowed), also when the callback chose to skip it. Peak memory: the parser's
 * buffers and one object, beyond what the callback keeps. */
sg_status sg_io_load_each(const sg_io_input *in, const sg_class *cls, sg_io_each_fn fn,
                          void *ud, sg_diag *diag);

/* SG_IO_JSON for a path ending in ".json" (any case), else SG_IO_YAML. */
sg_io_format sg_io_format_of(const char *path);

/* ---------------------------------------------------------------------------------------------
 * Saving. A growing buffer: zero it ({0}) before first use; 'data' is NUL-terminated after
 * every successful save (not counted in 'len'); free it with sg_io_buf_free.
 */
typedef struct sg_io_buf {
    char *data;
    size_t len;
    size_t cap;
} sg_io_buf;

void sg_io_buf_free(sg_io_buf *b);

/* Writes 'obj' as one YAML document (a block mapping) or one JSON object, with a final
 * newline. Returns SG_OK; SG_ETYPE for a ref that is not NULL (refs are not saved), a float
 * that JSON cannot hold (inf, nan) is written as the string "inf", "-inf" or "nan", which the
 * loader reads back; SG_EINVAL when the write failed; SG_ENOMEM. */
sg_status sg_yaml_save(const sg_class *cls, const void *obj, FILE *out);
sg_status sg_json_save(const sg_class *cls, const void *obj, FILE *out);

/* The same, appended to '*buf' (which keeps what it held on error, but for a partial
 * object: it is truncated back to its length before the call). */
sg_status sg_yaml_save_buf(const sg_class *cls, const void *obj, sg_io_buf *buf);
sg_status sg_json_save_buf(const sg_class *cls, const void *obj, sg_io_buf *buf);

/* 'n' objects stored contiguously at 'objs' (cls->size bytes apart) as one top-level
 * sequence: a YAML block sequence or a JSON array, one object per line in JSON. */
sg_status sg_io_save_array(sg_io_format format, const sg_class *cls, const void *objs,
                           size_t n, FILE *out);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* SLOTGEN_IO_H */
