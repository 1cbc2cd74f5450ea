#include "hotel-search.slot.h"
#include "2d.slot.h"
#include "shapes-2d.slot.h"
#include "shapes-3d.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Hotel *h = Hotel_new((uint8_t)5);
    Shape2 *s = Shape2_new(h, (uint8_t)3);
    Flat *f = Flat_new((uint8_t)6);
    Solid *d = Solid_new((uint8_t)7);
    if (!h || !s || !f || !d)
        return 1;
    fz_p("Shape2.near", Shape2_near(s), h);
    fz_u("Solid.d", Solid_d(d), 7);
    fz_st("Solid init", Solid_init(d), SG_OK);
    fz_u("Solid.d default", Solid_d(d), 2);
    Hotel_free(h);
    Shape2_free(s);
    Flat_free(f);
    Solid_free(d);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
