#include "under.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Under *u = Under_new(1.0f);
    if (!u)
        return 1;
    fz_st("Under init", Under_init(u), SG_OK);
    fz_f32("Under.c default", Under_c(u), 0x80000000u, false);
    Under_free(u);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
