#include "consts.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Dice *d = Dice_new((Rand)0, (Fp)0);
    if (!d)
        return 1;
    fz_st("Dice init", Dice_init(d), SG_OK);
    fz_i("Dice.r default", Dice_r(d), 1);
    fz_i("Dice.f default", Dice_f(d), 1);
    fz_s("Rand_name", Rand_name((Rand)1), "max");
    Dice_free(d);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
