/*
 * measurement.c - dynamic attributes in C: Measurement (schemas/image.yaml) is not slotted,
 * so besides its declared x, y and val it takes attributes the schema never declared, by
 * name, as a Python object without __slots__ does. Set, get, delete, iterate, and the errors
 * (each the status Python's exception would be). Exits 1 when a call does not return what
 * this program says it returns.
 */
#include <stdio.h>

#include "image.slot.h"

static int failures;

/* Prints "what -> status" and counts a status other than 'want'. */
static void expect(const char *what, sg_status got, sg_status want)
{
    printf("  %-42s -> %s\n", what, got == SG_OK ? "SG_OK" : sg_strerror(got));
    if (got != want) {
        printf("    unexpected: wanted %s\n", sg_strerror(want));
        failures++;
    }
}

/* Prints one value as Python would. */
static void print_value(sg_value v)
{
    switch (v.type) {
    case SG_NONE:
        printf("None");
        break;
    case SG_BOOL:
        printf("%s", v.as.b ? "True" : "False");
        break;
    case SG_INT:
        printf("%lld", (long long)v.as.i);
        break;
    case SG_UINT:
        printf("%llu", (unsigned long long)v.as.u);
        break;
    case SG_FLOAT:
        printf("%g", v.as.f);
        break;
    case SG_STR:
        printf("'%s'", v.as.s);
        break;
    default:
        printf("<%s>", sg_type_name(v.type));
        break;
    }
}

/* Every attribute that is set: declared ones first, then dynamic ones in insertion order. */
static void print_all(const Measurement *m)
{
    sg_iter it;
    const char *name;
    sg_value v;
    printf("  vars(m) = {");
    sg_iter_init(&it, &Measurement_class, m);
    for (int i = 0; sg_iter_next(&it, &name, &v); i++) {
        printf("%s'%s': ", i ? ", " : "", name);
        print_value(v);
    }
    printf("}\n");
}

int main(void)
{
    sg_value v;
    Measurement *m = Measurement_new(3, 4, "ok");
    if (!m)
        return 1;
    printf("m = Measurement(3, 4, 'ok')\n");
    expect("m.other = True", Measurement_setattr(m, "other", sg_bool(true)), SG_OK);
    expect("m.unit = 'mm'", Measurement_setattr(m, "unit", sg_str("mm")), SG_OK);
    expect("m.scale = 2.5", Measurement_setattr(m, "scale", sg_float(2.5)), SG_OK);
    expect("m.x = 7          (declared: in the struct)",
           Measurement_setattr(m, "x", sg_int(7)), SG_OK);
    print_all(m);

    expect("m.unit", Measurement_getattr(m, "unit", &v), SG_OK);
    printf("    = ");
    print_value(v);
    printf("\n");
    expect("del m.unit", Measurement_delattr(m, "unit"), SG_OK);
    print_all(m);

    printf("Errors (Python's exception in brackets):\n");
    expect("m.unit           [AttributeError]", Measurement_getattr(m, "unit", &v), SG_ENOATTR);
    expect("del m.unit       [AttributeError]", Measurement_delattr(m, "unit"), SG_ENOATTR);
    expect("m.x = 'seven'    [TypeError]", Measurement_setattr(m, "x", sg_str("seven")),
           SG_ETYPE);
    expect("m.x = 2**40      [OverflowError]", Measurement_setattr(m, "x", sg_int(1LL << 40)),
           SG_ERANGE);
    expect("del m.x          (declared, required)", Measurement_delattr(m, "x"), SG_EINVAL);
    print_all(m); /* unchanged by the errors */
    if (Measurement_x(m) != 7 || sg_dict_count(m->sg_dyn) != 2)
        failures++;

    Measurement_free(m); /* frees the dynamic attributes too */
    sg_runtime_cleanup();
    return failures != 0;
}
