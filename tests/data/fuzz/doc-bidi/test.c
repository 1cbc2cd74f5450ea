#include "bidi.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Bidi *b = Bidi_new((uint8_t)2);
    if (!b)
        return 1;
    fz_u("Bidi.x", Bidi_x(b), 2);
    Bidi_free(b);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
