/*
 * sgio.h - internals of libslotgen-io shared by its modules: the format-neutral loader
 * (sgio_load.c) that the two parsers' drivers (sgio_yaml.c, sgio_json.c) feed with events, and
 * the "C" locale guard both loading and saving use.
 *
 * The loader is push-driven: a driver calls sgio_begin / sgio_end for every mapping and
 * sequence and sgio_scalar for every scalar (a key is the scalar in a mapping's key place),
 * each with its 1-based position, and stops as soon as sgio_stopped says so. The loader keeps
 * a stack of frames (an object being filled, a fixed array being filled) and never recurses,
 * so the C stack is constant whatever the input's depth.
 */
#ifndef SLOTGEN_SGIO_H
#define SLOTGEN_SGIO_H

#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sg_object.h"
#include "slotgen-io.h"

/* One scalar as the parser read it: 'quoted' when written quoted or in a block style in YAML
 * or as a string in JSON (never null, bool or a number then). text[len] is always a NUL (the
 * text itself may hold one, from an escape: the loader rejects that). */
typedef struct sgio_text {
    const char *text;
    size_t len;
    bool quoted;
} sgio_text;

typedef struct sgio_frame sgio_frame;

typedef struct sgio_loader {
    const sg_class *cls;   /* the class of the top-level objects */
    const sg_io_input *in;
    const char *name;      /* the input's name in diagnostics */
    sg_io_each_fn fn;      /* NULL: one object, into 'obj' */
    void *ud;
    void *obj;             /* the object being loaded (the caller's, or the loader's own) */
    bool obj_live;         /* 'obj' holds an initialized object */
    sg_diag *diag;         /* the caller's (NULL allowed): the first error */
    sg_status status;      /* the first error's status, SG_OK until then */
    sg_diag cur;           /* the error being reported */

    sgio_frame *frames;    /* the open objects and arrays below the top level */
    size_t nframes, cap_frames;
    unsigned char *seen;   /* per object frame, one bit per declared attribute */
    size_t nseen, cap_seen;
    char *key;             /* a dynamic attribute's name, NUL-terminated */
    size_t cap_key;

    unsigned depth;        /* open collections, the top-level one included */
    unsigned skip_to;      /* skipping a failed object until 'depth' is back to this; 0: not */
    bool stream;           /* a top-level sequence was opened */
    bool done;             /* the top-level node is complete */
    bool stop;             /* stop parsing (an error not skipped, or the callback said so) */
    size_t index;          /* the current object's place in the top-level sequence */
} sgio_loader;

/* Sets up 'L' for 'in' (which outlives it); 'fn' NULL loads one object into 'obj'. */
void sgio_loader_init(sgio_loader *L, const sg_io_input *in, const sg_class *cls, void *obj,
                      sg_io_each_fn fn, void *ud, sg_diag *diag);

/* Frees what the loader holds, destroying an object left half-loaded. Returns the final
 * status: SG_OK, or the first error's. */
sg_status sgio_loader_finish(sgio_loader *L);

/* Events; 'map' true for a mapping, false for a sequence. */
void sgio_begin(sgio_loader *L, bool map, unsigned line, unsigned col);
void sgio_end(sgio_loader *L, unsigned line, unsigned col);
void sgio_scalar(sgio_loader *L, const sgio_text *s, unsigned line, unsigned col);

/* The input ended (after the last event): an empty input or an unclosed node is an error. */
void sgio_eof(sgio_loader *L, unsigned line, unsigned col);

/* A malformed input, an I/O error or an alias: reports it and stops. */
void sgio_fail(sgio_loader *L, sg_diag_kind kind, sg_status st, unsigned line, unsigned col,
               const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static inline bool sgio_stopped(const sgio_loader *L)
{
    return L->stop;
}

/* Runs the driver of 'in->format' over 'L' (sgio_yaml.c, sgio_json.c). */
void sgio_yaml_run(sgio_loader *L);
void sgio_json_run(sgio_loader *L);

/* Reads the whole of 'in' into '*text' and '*len' when it is a string; otherwise opens
 * in->path (when it is the source) into '*fp' ('*owned' true: the caller closes it). Returns
 * false after reporting an I/O error. */
bool sgio_open(sgio_loader *L, FILE **fp, bool *owned);

/* The "C" numeric locale on this thread for the guard's lifetime (strtod, printf's %g). */
typedef struct sgio_locale {
    locale_t saved;
} sgio_locale;

void sgio_locale_enter(sgio_locale *g);
void sgio_locale_leave(sgio_locale *g);

#endif
