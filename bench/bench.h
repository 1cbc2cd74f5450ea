/*
 * bench.h - what the modules of `make bench` share.
 *
 * The benchmark is one program: bench.c drives it and prints the report, bench_mem.c counts
 * bytes per instance (and holds the class table), bench_time.c times operations, bench_py.c
 * runs the CPython side (python_bench.py) and keeps its figures. The classes come from
 * bench/schemas/bench.yaml, compiled by slotgen at build time; Measurement and Image are not
 * slotted, SlotMeasurement and SlotImage are their slotted twins, the baseline.
 *
 * Every string attribute stays NULL: string payloads are excluded from every figure, on both
 * sides, except in the list rows, where a list of strings holds one 8-byte string per element
 * on both sides. Figures that could not be measured are NaN and print as "n/a".
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bench.slot.h"

/* The instance count of the memory rows: 1,000,000. */
#define BENCH_N 1000000

/* ---- classes -------------------------------------------------------------------------- */

/* One generated class, reached generically. */
typedef struct bench_class {
    const char *name;          /* the Python key: "Measurement" or "Image" */
    const sg_class *cls;
    void *(*make)(uint32_t i); /* Name_new with small numbers and NULL strings */
    void (*free_one)(void *obj);
} bench_class;

/* Measurement, Image, then their slotted twins in the same order. */
enum { BC_MEASUREMENT, BC_IMAGE, BC_SLOT_MEASUREMENT, BC_SLOT_IMAGE, BC_COUNT };

extern const bench_class bench_classes[BC_COUNT];

/* ---- memory --------------------------------------------------------------------------- */

/* What is done to each instance after it is made. ORDER SCENARIO: keep scenario_key and
 * python_bench.py's SCENARIOS in step. */
typedef enum scenario {
    SC_NONE,     /* no dynamic attribute */
    SC_OTHER1,   /* other = true on 1% of the instances (every 100th) */
    SC_OTHER100, /* other = true on every instance */
    SC_DYN3,     /* a0, a1, a2 = 0, 1, 2, in that order, on every instance */
    SC_DYN8,     /* a0 .. a7 = 0 .. 7 */
    SC_ORDERS6,  /* p, q, r = 1, 2, 3 in the 6 orders, instance i taking order i % 6 */
    SC_COUNT
} scenario;

/* The scenario's key in the Python figures ("none", "other1", ...). */
extern const char *const scenario_key[SC_COUNT];

typedef struct mem_figures {
    double array_hook;   /* array mode: (n * sizeof + hook delta) / n */
    double array_malloc; /* array mode: mallinfo2 delta / n (NaN without mallinfo2) */
    double new_hook;     /* one Name_new each: hook delta / n */
    double new_malloc;   /* one Name_new each: mallinfo2 delta / n */
    size_t failures;     /* allocations or sets that did not succeed */
    size_t leaked;       /* hook bytes still live after the objects were freed and cleaned up */
} mem_figures;

/* Installs the counting allocation hook. Call before anything allocates through the runtime. */
void mem_install_hook(void);

/* Measures 'bc' under 'sc' with 'n' instances in both modes, starting from and returning to a
 * clean runtime (sg_runtime_cleanup: atoms obtained before are invalid afterwards). */
mem_figures mem_measure(const bench_class *bc, scenario sc, size_t n);

/* The list rows: a slotted object holding one list (IntList: i64[], StrList: string[]),
 * made with Name_new and given 'len' elements by appends; ORDER LIST_LENS. */
#define LIST_LENS 4
extern const unsigned list_lens[LIST_LENS]; /* 0, 1, 4, 16 */

typedef struct list_figures {
    double hook;   /* hook bytes per instance (the object, the list block, string copies) */
    double malloc; /* mallinfo2 in-use delta per instance (NaN without mallinfo2) */
    size_t failures;
    size_t leaked; /* hook bytes still live after the objects were freed and cleaned up */
} list_figures;

/* Measures 'n' instances of IntList ('strings' false: elements k & 0xff) or StrList (each
 * element its own 8-byte string "sNNNNNNN", distinct in the run, copied in), each with 'len'
 * elements. Starts from and returns to a clean runtime. */
list_figures mem_list(bool strings, unsigned len, size_t n);

/* Bytes live through the hook now. */
size_t mem_live(void);

/* ---- time ----------------------------------------------------------------------------- */

/* ORDER TROW: keep bench.c's row table in step. */
typedef enum trow {
    T_SLOT_TYPED, /* baseline: SlotMeasurement_x */
    T_SLOT_NAME,  /* baseline: sg_getattr(SlotMeasurement, "y") */
    T_TYPED,      /* Measurement_x */
    T_NAME_DECL,  /* sg_getattr(Measurement, "y"): declared, by C string */
    T_DYN_NAME,   /* sg_getattr(..., "other") */
    T_DYN_ATOM,   /* sg_getattr_atom */
    T_DYN_CACHE,  /* sg_getattr_cached */
    T_SET_NAME,   /* sg_setattr of an existing dynamic attribute, by C string */
    T_SET_ATOM,   /* the same by atom */
    T_SET_NEW,    /* sg_setattr of the first dynamic attribute: allocates the block */
    T_DELETE,     /* sg_delattr of the last-added dynamic attribute */
    /* The cliff rows, printed in their own table beside their normal case: */
    T_SET_NEW_SIBLINGS, /* T_SET_NEW of the oldest of 511 sibling names (class Siblings) */
    T_DYN_ATOM_ELSEWHERE, /* T_DYN_ATOM once another class (Declares) declares 'other' */
    T_GLIB_REMOVE,      /* g_hash_table_remove(t, "other") of 3 keys: T_DELETE's baseline */
    T_COUNT
} trow;

/* The last row of the main time table. */
#define T_MAIN_LAST T_DELETE

/* Makes the pools the timings run over; false when out of memory or a set fails. Call after
 * the memory rows (it interns atoms that a cleanup would invalidate). */
bool time_setup(void);

/* The median ns/op of 'r' over BENCH_RUNS runs; '*errors' gets the operations that did not
 * return SG_OK. */
double time_row(trow r, size_t *errors);

/* Frees the pools. */
void time_teardown(void);

#define BENCH_RUNS 5
#define BENCH_POOL 1024
#define BENCH_OPS (1u << 21)

/* ---- memory given back, turnover, contention (bench_churn.c) ------------------------------ */

#define CHURN_THREAD_ROWS 3

typedef struct churn_figures {
    double peak_live;        /* hook bytes live with n Images (strings included) */
    double held_after_free;  /* hook bytes still live after every one was freed, no cleanup */
    double turnover_sg;      /* peak system bytes: n short-string Images freed, n long made */
    double turnover_malloc;  /* the same with malloc, strdup and free */
    int threads[CHURN_THREAD_ROWS];
    double sg_ns[CHURN_THREAD_ROWS];     /* wall ns per sg_alloc+sg_dealloc pair */
    double malloc_ns[CHURN_THREAD_ROWS]; /* wall ns per malloc+free pair */
    size_t failures;         /* allocations that failed */
} churn_figures;

/* Makes 'n' Images with strings and frees them; fills peak_live and held_after_free. Starts
 * from and returns to a clean runtime. */
void churn_given_back(size_t n, churn_figures *f);

/* The turnover workload with 'n' Images, slotgen and plain malloc each in a child process. */
void churn_turnover(size_t n, churn_figures *f);

/* The contention rows (1, 2, 8 threads), median of BENCH_RUNS runs each. */
void churn_threads(churn_figures *f);

/* Bytes per instance of 'n' Burst instances with a0, a1, a2 (as Measurement's "3 dynamic
 * attributes" row), made after 10,000 Burst instances each set a name no other has. Starts
 * from and returns to a clean runtime; NaN on failure. */
double churn_burst(size_t n, size_t *failures);

/* ---- Python ----------------------------------------------------------------------------- */

/* Starts "$PYTHON (default python3) 'script' n what" in the background ('what': "time" or
 * "mem Measurement" or "mem Image"); NULL when it cannot be started. */
FILE *py_start(const char *script, size_t n, const char *what);

/* Waits for 'job' and keeps its figures. False (its figures dropped) when the interpreter is
 * missing or failed; NULL is fine (false). */
bool py_collect(FILE *job);

/* The figure called 'key', or NaN. */
double py_value(const char *key);

/* The interpreter's version line ("n/a" without one). */
const char *py_version(void);

#endif /* BENCH_H */
