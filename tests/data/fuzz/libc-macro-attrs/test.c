#include "libm.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Limits *l = Limits_new((int32_t)5, (uint8_t)6);
    if (!l)
        return 1;
    fz_i("Limits.RAND_MAX", Limits_RAND_MAX(l), 5);
    fz_u("Limits.FP_NAN", Limits_FP_NAN(l), 6);
    fz_get("Limits.RAND_MAX by name", &Limits_class, l, "RAND_MAX", sg_int(5));
    fz_st("Limits init", Limits_init(l), SG_OK);
    fz_i("Limits.RAND_MAX default", Limits_RAND_MAX(l), 3);
    Limits_free(l);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
