#include "round.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Round *r = Round_new(0.0f);
    if (!r)
        return 1;
    fz_st("Round init", Round_init(r), SG_OK);
    fz_f32("Round.a default", Round_a(r), 0x3f800000u, false);
    Round_free(r);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
