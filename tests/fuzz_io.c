/*
 * fuzz_io.c - the libFuzzer target of libslotgen-io's two loaders (`make fuzz-io`).
 *
 * The first byte picks the format (bit 0: YAML or JSON) and the class (the rest: one of the
 * classes of kitchen.yaml, image.yaml, lists.yaml and flags.yaml, slotted and not, embedded
 * classes, arrays, lists, enums, flag sets, optional attributes, every scalar kind); the other bytes are the input. Each input is loaded
 * as one object and as a stream that skips bad objects; an object that loads is saved, loaded
 * again and saved again, and the two texts must be the same bytes (the writer is
 * deterministic and the loader reads back what it wrote). ASan and UBSan watch everything;
 * leaks are LeakSanitizer's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flags.slot.h"
#include "image.slot.h"
#include "kitchen.slot.h"
#include "lists.slot.h"
#include "slotgen-io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const sg_class *const classes[] = {&Everything_class, &Shape_class, &Image_class,
                                          &ImageDyn_class, &Wire_class, &Empty_class,
                                          &Point_class, &Measurement_class, &ls_Bag_class,
                                          &fl_Sets_class};

static sg_io_next drop(void *ud, void *obj, const sg_diag *err)
{
    const sg_class *cls = ud;

    if (obj)
        sg_object_destroy(cls, obj);
    (void)err;
    return SG_IO_CONTINUE;
}

static void check_round_trip(const sg_class *cls, void *obj, sg_io_format fmt)
{
    sg_io_buf a = {NULL, 0, 0}, b = {NULL, 0, 0};
    void *again = calloc(1, cls->size ? cls->size : 1);
    sg_status st;

    st = fmt == SG_IO_JSON ? sg_json_save_buf(cls, obj, &a) : sg_yaml_save_buf(cls, obj, &a);
    if (st == SG_OK) {
        st = fmt == SG_IO_JSON ? sg_json_load(cls, again, a.data, a.len, NULL)
                               : sg_yaml_load(cls, again, a.data, a.len, NULL);
        if (st != SG_OK)
            abort(); /* what the writer wrote must load */
        st = fmt == SG_IO_JSON ? sg_json_save_buf(cls, again, &b)
                               : sg_yaml_save_buf(cls, again, &b);
        if (st != SG_OK || a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
            abort();
        sg_object_destroy(cls, again);
    } else if (st != SG_ETYPE) {
        abort(); /* only invalid UTF-8 or a ref stop a save; never ENOMEM here */
    }
    free(again);
    sg_io_buf_free(&a);
    sg_io_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sg_class *cls;
    sg_io_format fmt;
    sg_io_input in;
    void *obj;

    if (size < 1)
        return 0;
    fmt = (data[0] & 1) ? SG_IO_JSON : SG_IO_YAML;
    cls = classes[(data[0] >> 1) % (sizeof classes / sizeof *classes)];
    memset(&in, 0, sizeof in);
    in.format = fmt;
    in.text = (const char *)data + 1;
    in.len = size - 1;
    obj = calloc(1, cls->size ? cls->size : 1);
    if (sg_io_load(&in, cls, obj, NULL) == SG_OK) {
        check_round_trip(cls, obj, fmt);
        sg_object_destroy(cls, obj);
    }
    free(obj);
    sg_io_load_each(&in, cls, drop, (void *)cls, NULL);
    return 0;
}
