#include "tri.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Tri *t = Tri_new((uint8_t)2);
    if (!t)
        return 1;
    fz_u("Tri.x", Tri_x(t), 2);
    Tri_free(t);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
