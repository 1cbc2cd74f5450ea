#include "fn.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Loc *l = Loc_new((uint8_t)1, (uint8_t)2);
    if (!l)
        return 1;
    fz_u("Loc.Loc_init", Loc_Loc_init(l), 1);
    fz_u("Loc.Loc_free", Loc_Loc_free(l), 2);
    fz_get("Loc.Loc_init by name", &Loc_class, l, "Loc_init", sg_uint(1));
    Loc_free(l);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
