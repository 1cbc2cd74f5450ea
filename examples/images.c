/*
 * images.c - the slotgen demo: the classes of schemas/image.yaml used as a C programmer
 * would. Image is slotted (exactly its three fields, like Python's __slots__); Measurement is
 * not, so it also takes attributes by name that the schema never declared, like
 * `m2.other = True` in Python.
 */
#include <stdio.h>
#include <stdlib.h>

#include "image.slot.h"

/* Prints every attribute of 'obj': declared first, then dynamic ones in insertion order. */
static void dump(const sg_class *cls, const void *obj)
{
    sg_iter it;
    const char *name;
    sg_value v;
    printf("  %s {", cls->name);
    sg_iter_init(&it, cls, obj);
    while (sg_iter_next(&it, &name, &v)) {
        switch (v.type) {
        case SG_BOOL:
            printf(" %s=%s", name, v.as.b ? "true" : "false");
            break;
        case SG_INT:
            printf(" %s=%lld", name, (long long)v.as.i);
            break;
        case SG_UINT:
            printf(" %s=%llu", name, (unsigned long long)v.as.u);
            break;
        case SG_FLOAT:
            printf(" %s=%g", name, v.as.f);
            break;
        case SG_STR:
            printf(" %s=\"%s\"", name, v.as.s);
            break;
        default:
            printf(" %s=%s", name, sg_type_name(v.type));
            break;
        }
    }
    printf(" }\n");
}

static int images(void)
{
    enum { N = 1000000 };
    Image *all = (Image *)calloc(N, sizeof *all);
    if (!all)
        return 1;
    for (uint32_t i = 0; i < N; i++)
        Image_set_id(&all[i], i);
    printf("1,000,000 slotted Images in an array: %zu bytes each, %zu MB in all\n",
           sizeof(Image), N * sizeof(Image) / 1000000);
    free(all);

    Image *img = Image_new(42, "A cat on a mat", "https://example.com/cat.jpg");
    if (!img)
        return 1;
    dump(&Image_class, img);
    sg_status st = Image_setattr(img, "other", sg_bool(true));
    printf("  Image_setattr(img, \"other\", true) -> %s (slotted: fixed attributes only)\n",
           sg_strerror(st));
    Image_free(img);
    return 0;
}

static int measurements(void)
{
    Measurement *m = Measurement_new(3, 4, "ok");
    if (!m)
        return 1;
    printf("Measurement is not slotted: %zu bytes, one pointer more than its fields\n",
           sizeof(Measurement));
    sg_status st = Measurement_setattr(m, "other", sg_bool(true));
    printf("  Measurement_setattr(m, \"other\", true) -> %s\n", sg_strerror(st));
    if (st == SG_OK)
        st = Measurement_setattr(m, "unit", sg_str("mm"));
    dump(&Measurement_class, m);
    Measurement_free(m);
    return st == SG_OK ? 0 : 1;
}

int main(void)
{
    Color c;
    if (images() || measurements())
        return 1;
    if (Color_from_name("blue", &c))
        printf("enum Color: \"blue\" is %d, %d is \"%s\"\n", (int)c, (int)COLOR_GREEN,
               Color_name(COLOR_GREEN));
    return 0;
}
