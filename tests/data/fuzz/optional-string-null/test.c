#include "os.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Hotel *h = Hotel_new();
    if (!h)
        return 1;
    fz_st("Hotel.phone set", Hotel_set_phone(h, "555"), SG_OK);
    fz_b("Hotel.phone has", Hotel_has_phone(h), true);
    fz_st("Hotel.phone set NULL", Hotel_set_phone(h, NULL), SG_OK);
    fz_b("Hotel.phone has after NULL", Hotel_has_phone(h), false);
    fz_get("Hotel.phone by name after NULL", &Hotel_class, h, "phone", sg_none());
    fz_st("Hotel.phone setattr", Hotel_setattr(h, "phone", sg_str("1")), SG_OK);
    fz_st("Hotel.phone setattr none", Hotel_setattr(h, "phone", sg_none()), SG_OK);
    fz_b("Hotel.phone has after none", Hotel_has_phone(h), false);
    Hotel_free(h);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
