#include "sgm.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Status *s = Status_new((uint8_t)9, (int16_t)-2, true);
    if (!s) {
        fz_fail("Status_new", "NULL");
        return 1;
    }
    fz_u("Status.SG_OK", Status_SG_OK(s), 9);
    fz_i("Status.SG_VERSION_STRING", Status_SG_VERSION_STRING(s), -2);
    fz_b("Status.SG_CACHE_INIT", Status_SG_CACHE_INIT(s), true);
    fz_st("Status init", Status_init(s), SG_OK);
    fz_u("Status.SG_OK default", Status_SG_OK(s), 1);
    Status_free(s);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
