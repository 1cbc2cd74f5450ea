/*
 * reflection.c - one function prints any generated object: it needs only the object and its
 * sg_class, the table slotgen generates beside each struct (name, size, and per declared
 * attribute its name, kind, offset and size). Declared attributes are read straight from
 * their offsets; dynamic ones, on a class that is not slotted, through sg_iter. Exits 1 when
 * a value read by offset differs from the one read by name.
 */
#include <stdio.h>
#include <string.h>

#include "image.slot.h"
#include "image_plain.slot.h"

static int failures;

/* The declared attribute 'a' of 'obj', read at its offset (as a debugger would). */
static void print_declared(const sg_attr *a, const unsigned char *obj)
{
    const void *at = obj + a->offset;
    uint32_t u32;
    int32_t i32;
    const char *s;
    switch (a->kind) {
    case SG_K_U32:
        memcpy(&u32, at, sizeof u32);
        printf("%u", (unsigned)u32);
        break;
    case SG_K_I32:
        memcpy(&i32, at, sizeof i32);
        printf("%d", (int)i32);
        break;
    case SG_K_STRING:
        memcpy(&s, at, sizeof s);
        printf(s ? "'%s'" : "None", s);
        break;
    default:
        printf("<%s at offset %u>", sg_kind_name(a->kind), (unsigned)a->offset);
        break;
    }
}

/* Checks that the offset read agrees with sg_getattr, for the two kinds shown here. */
static void check_by_name(const sg_class *cls, const void *obj, const sg_attr *a)
{
    sg_value v;
    if (sg_getattr(cls, obj, a->name, &v) != SG_OK)
        failures++;
    else if (a->kind == SG_K_STRING && v.type == SG_STR &&
             strcmp(v.as.s, *(char *const *)(const void *)((const char *)obj + a->offset)))
        failures++;
}

/* Prints 'obj' as Python's repr would, then its layout from the same table. */
static void print_object(const sg_class *cls, const void *obj)
{
    sg_iter it;
    const char *name;
    sg_value v;
    printf("%s(", cls->name);
    for (uint32_t i = 0; i < cls->nattrs; i++) {
        printf("%s%s=", i ? ", " : "", cls->attrs[i].name);
        print_declared(&cls->attrs[i], obj);
        check_by_name(cls, obj, &cls->attrs[i]);
    }
    sg_iter_init(&it, cls, obj);
    for (uint32_t i = 0; sg_iter_next(&it, &name, &v); i++) {
        if (i < cls->nattrs)
            continue; /* declared: printed above */
        printf(", %s=", name);
        if (v.type == SG_BOOL)
            printf("%s", v.as.b ? "True" : "False");
        else if (v.type == SG_INT)
            printf("%lld", (long long)v.as.i);
        else
            printf("<%s>", sg_type_name(v.type));
    }
    printf(")\n  %s, %u bytes, align %u\n", cls->slotted ? "slotted" : "not slotted",
           (unsigned)cls->size, (unsigned)cls->align);
    for (uint32_t i = 0; i < cls->nattrs; i++)
        printf("    %-10s %-8s offset %2u, %u bytes\n", cls->attrs[i].name,
               sg_kind_name(cls->attrs[i].kind), (unsigned)cls->attrs[i].offset,
               (unsigned)cls->attrs[i].size);
    if (!cls->slotted)
        printf("    %-10s %-8s offset %2u\n", "(dynamic)", "sg_dict*", (unsigned)cls->dyn_offset);
}

int main(void)
{
    Image *img = Image_new(42, "A cat on a mat", "https://example.com/cat.jpg");
    Measurement *m = Measurement_new(3, 4, NULL);
    plain_Image *p = plain_Image_new(7, "A dog", "https://example.com/dog.jpg");
    int bad = !img || !m || !p;
    bad = bad || Measurement_setattr(m, "other", sg_bool(true)) != SG_OK;
    bad = bad || Measurement_setattr(m, "count", sg_int(12)) != SG_OK;
    if (!bad) {
        print_object(&Image_class, img);
        print_object(&Measurement_class, m);
        print_object(&plain_Image_class, p);
    }
    Image_free(img);
    Measurement_free(m);
    plain_Image_free(p);
    sg_runtime_cleanup();
    return bad || failures;
}
