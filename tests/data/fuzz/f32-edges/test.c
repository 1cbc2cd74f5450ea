#include "edges.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Edges *e = Edges_new(0.0f, 0.0f);
    if (!e)
        return 1;
    fz_st("Edges init", Edges_init(e), SG_OK);
    fz_f32("Edges.b default", Edges_b(e), 0x7f7fffffu, false);
    fz_f32("Edges.c default", Edges_c(e), 0x80000001u, false);
    Edges_free(e);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
