/*
 * bench_mem.c - bytes per instance, counted two independent ways; the benchmark's classes.
 *
 * The runtime's allocation hook is replaced by a counting one that forwards to malloc and
 * keeps the number of live bytes it has handed out. The runtime carves small blocks from
 * 16 KiB slab chunks that it obtains through the hook, so this count includes the slabs'
 * granularity (chunk headers, the unused tail of the last chunk of each size class). The
 * second count is glibc's: the change of mallinfo2()'s in-use bytes (uordblks, plus hblkhd
 * for mmapped blocks) across the workload. It includes malloc's own headers, and it would
 * also catch an allocation that bypassed the hook.
 *
 * Two modes per row. Array: one calloc'd array of n structs, each set up with Name_init; the
 * array is not the hook's, so its n * sizeof bytes are added to the hook count. New: one
 * Name_new per instance; the array of n pointers is allocated before the baseline and is not
 * counted (as the Python list is not).
 *
 * Each measurement starts from a clean runtime and leaves one: its objects are freed and
 * sg_runtime_cleanup() returns atoms, shapes and empty slabs to the hook, so no row reuses
 * another's free blocks. Atoms and shapes are made inside the measured region: they are paid
 * once per program, and amortized over the instances they are counted in.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HAVE_MALLINFO2 1
#else
#define HAVE_MALLINFO2 0
#endif

#include "bench.h"

/* ---- the classes ---------------------------------------------------------------------- */

static void *make_measurement(uint32_t i)
{
    return Measurement_new((int32_t)(i & 0xff), 2, NULL);
}

static void free_measurement(void *obj)
{
    Measurement_free(obj);
}

static void *make_image(uint32_t i)
{
    return Image_new(i, NULL, NULL);
}

static void free_image(void *obj)
{
    Image_free(obj);
}

static void *make_slot_measurement(uint32_t i)
{
    return SlotMeasurement_new((int32_t)(i & 0xff), 2, NULL);
}

static void free_slot_measurement(void *obj)
{
    SlotMeasurement_free(obj);
}

static void *make_slot_image(uint32_t i)
{
    return SlotImage_new(i, NULL, NULL);
}

static void free_slot_image(void *obj)
{
    SlotImage_free(obj);
}

const bench_class bench_classes[BC_COUNT] = {
    {"Measurement", &Measurement_class, make_measurement, free_measurement},
    {"Image", &Image_class, make_image, free_image},
    {"Measurement", &SlotMeasurement_class, make_slot_measurement, free_slot_measurement},
    {"Image", &SlotImage_class, make_slot_image, free_slot_image},
};

const char *const scenario_key[SC_COUNT] = {
    "none", "other1", "other100", "dyn3", "dyn8", "orders6",
};

/* ---- the counting hook ---------------------------------------------------------------- */

static size_t hook_live;

static void *counting_hook(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    void *p;

    (void)ud;
    if (new_size == 0) {
        if (ptr)
            hook_live -= old_size;
        free(ptr);
        return NULL;
    }
    p = malloc(new_size);
    if (p)
        hook_live += new_size;
    return p;
}

void mem_install_hook(void)
{
    sg_set_allocator(counting_hook, NULL);
}

size_t mem_live(void)
{
    return hook_live;
}

/* Bytes malloc has in use, mmapped blocks included; 0 without mallinfo2. */
static size_t heap_in_use(void)
{
#if HAVE_MALLINFO2
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#else
    return 0;
#endif
}

/* ---- the scenarios -------------------------------------------------------------------- */

/* Dynamic names: other, a0..a7, p, q, r. */
enum { N_OTHER = 0, N_A0 = 1, N_P = 9, N_NAMES = 12 };

static const char *const dyn_names[N_NAMES] = {
    "other", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "p", "q", "r",
};

static const uint8_t orders[6][3] = {
    {0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0},
};

/* Interns every dynamic name into 'atoms'; false when out of memory. */
static bool intern_names(sg_atom *atoms)
{
    for (int k = 0; k < N_NAMES; k++) {
        atoms[k] = sg_atom_intern(dyn_names[k]);
        if (!atoms[k])
            return false;
    }
    return true;
}

/* Gives instance 'i' (at 'obj') the dynamic attributes of 'sc'. Returns the number of sets
 * that failed. */
static size_t apply(const sg_class *cls, void *obj, scenario sc, size_t i, const sg_atom *atoms)
{
    size_t bad = 0;

    switch (sc) {
    case SC_NONE:
        break;
    case SC_OTHER1:
        if (i % 100 == 0)
            bad += sg_setattr_atom(cls, obj, atoms[N_OTHER], sg_bool(true)) != SG_OK;
        break;
    case SC_OTHER100:
        bad += sg_setattr_atom(cls, obj, atoms[N_OTHER], sg_bool(true)) != SG_OK;
        break;
    case SC_DYN3:
    case SC_DYN8:
        for (int k = 0; k < (sc == SC_DYN3 ? 3 : 8); k++)
            bad += sg_setattr_atom(cls, obj, atoms[N_A0 + k], sg_int(k)) != SG_OK;
        break;
    case SC_ORDERS6:
        for (int k = 0; k < 3; k++) {
            int which = orders[i % 6][k];
            bad += sg_setattr_atom(cls, obj, atoms[N_P + which], sg_int(which + 1)) != SG_OK;
        }
        break;
    case SC_COUNT:
        break;
    }
    return bad;
}

/* ---- the two modes -------------------------------------------------------------------- */

/* Array mode: fills 'f->array_*'; frees everything it made. */
static void measure_array(const bench_class *bc, scenario sc, size_t n, mem_figures *f)
{
    size_t hook0 = hook_live, heap0 = heap_in_use(), size = bc->cls->size;
    sg_atom atoms[N_NAMES];
    char *arr = calloc(n, size);

    if (!arr || !intern_names(atoms)) {
        f->failures += n;
        free(arr);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        void *obj = arr + i * size;
        if (sg_object_init(bc->cls, obj) != SG_OK)
            f->failures++;
        f->failures += apply(bc->cls, obj, sc, i, atoms);
    }
    f->array_hook = (double)(n * size + hook_live - hook0) / (double)n;
    f->array_malloc = HAVE_MALLINFO2 ? (double)(heap_in_use() - heap0) / (double)n : NAN;
    for (size_t i = 0; i < n; i++)
        sg_object_destroy(bc->cls, arr + i * size);
    free(arr);
}

/* New mode: fills 'f->new_*'; frees everything it made. */
static void measure_new(const bench_class *bc, scenario sc, size_t n, mem_figures *f)
{
    void **objs = calloc(n, sizeof *objs);
    size_t hook0 = hook_live, heap0 = heap_in_use();
    sg_atom atoms[N_NAMES];

    if (!objs || !intern_names(atoms)) {
        f->failures += n;
        free(objs);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        objs[i] = bc->make((uint32_t)i);
        if (!objs[i])
            f->failures++;
        else
            f->failures += apply(bc->cls, objs[i], sc, i, atoms);
    }
    f->new_hook = (double)(hook_live - hook0) / (double)n;
    f->new_malloc = HAVE_MALLINFO2 ? (double)(heap_in_use() - heap0) / (double)n : NAN;
    for (size_t i = 0; i < n; i++)
        bc->free_one(objs[i]);
    free(objs);
}

mem_figures mem_measure(const bench_class *bc, scenario sc, size_t n)
{
    mem_figures f = {NAN, NAN, NAN, NAN, 0, 0};
    size_t hook0;

    sg_runtime_cleanup();
    hook0 = hook_live;
    measure_array(bc, sc, n, &f);
    sg_runtime_cleanup();
    measure_new(bc, sc, n, &f);
    sg_runtime_cleanup();
    f.leaked = hook_live - hook0;
    return f;
}

/* ---- lists ---------------------------------------------------------------------------- */

const unsigned list_lens[LIST_LENS] = {0, 1, 4, 16};

/* Gives the fresh object 'obj' 'len' elements; 'serial' numbers its strings. Returns the
 * number of appends that failed. */
static size_t fill_list(bool strings, void *obj, unsigned len, size_t *serial)
{
    size_t bad = 0;
    char text[16];

    for (unsigned k = 0; k < len; k++) {
        if (strings) {
            snprintf(text, sizeof text, "s%07zu", (*serial)++ % 10000000);
            bad += StrList_v_append(obj, text) != SG_OK;
        } else {
            bad += IntList_v_append(obj, (int64_t)(k & 0xff)) != SG_OK;
        }
    }
    return bad;
}

list_figures mem_list(bool strings, unsigned len, size_t n)
{
    list_figures f = {NAN, NAN, 0, 0};
    const sg_class *cls = strings ? &StrList_class : &IntList_class;
    void **objs = calloc(n, sizeof *objs);
    size_t hook0, heap0, serial = 0;

    sg_runtime_cleanup();
    hook0 = hook_live;
    heap0 = heap_in_use();
    for (size_t i = 0; objs && i < n; i++) {
        objs[i] = sg_object_new(cls);
        if (!objs[i])
            f.failures++;
        else
            f.failures += fill_list(strings, objs[i], len, &serial);
    }
    if (objs) {
        f.hook = (double)(hook_live - hook0) / (double)n;
        f.malloc = HAVE_MALLINFO2 ? (double)(heap_in_use() - heap0) / (double)n : NAN;
        for (size_t i = 0; i < n; i++)
            sg_object_free(cls, objs[i]);
    } else {
        f.failures = n;
    }
    free(objs);
    sg_runtime_cleanup();
    f.leaked = hook_live - hook0;
    return f;
}
