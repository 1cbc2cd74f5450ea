#include "libc.slot.h"

#include "fuzz_check.h"

int main(void)
{
    strlen *s = strlen_new((uint32_t)4);
    log *l = log_new(1.0);
    max_align_t *m = max_align_t_new((div_t)1);
    if (!s || !l || !m)
        return 1;
    fz_u("strlen.n", strlen_n(s), 4);
    fz_st("log init", log_init(l), SG_OK);
    fz_f64("log.base default", log_base(l), UINT64_C(0x4004000000000000), false);
    fz_i("max_align_t.d", max_align_t_d(m), 1);
    strlen_free(s);
    log_free(l);
    max_align_t_free(m);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
