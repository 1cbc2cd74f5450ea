#include "host.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Host *h = Host_new((uint8_t)7, (int32_t)5);
    if (!h)
        return 1;
    fz_u("Host.linux", Host_linux(h), 7);
    fz_i("Host.unix", Host_unix(h), 5);
    fz_get("Host.linux by name", &Host_class, h, "linux", sg_uint(7));
    Host_free(h);
    h = Host_new((uint8_t)0, (int32_t)0);
    fz_st("Host.unix init", Host_init(h), SG_OK);
    fz_i("Host.unix default", Host_unix(h), -1);
    Host_free(h);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
