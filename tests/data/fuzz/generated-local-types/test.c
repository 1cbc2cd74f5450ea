#include "locals.slot.h"

#include "fuzz_check.h"

int main(void)
{
    self *s = self_new((uint8_t)7);
    if (!s)
        return 1;
    fz_u("self.x", self_x(s), 7);
    fz_s("name_name", name_name((name)1), "b");
    fz_s("v_name", v_name((v)0), "c");
    self_free(s);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
