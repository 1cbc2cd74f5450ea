#include "cn.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Code *c = Code_new("q", "r");
    if (!c)
        return 1;
    fz_st("Code init", Code_init(c), SG_OK);
    fz_s("Code.a default", Code_a(c), "");
    fz_s("Code.b default", Code_b(c), "");
    fz_s("Code.c[0] default", Code_c(c, 0), "");
    fz_s("Code.c[1] default", Code_c(c, 1), "x");
    fz_get("Code.a by name", &Code_class, c, "a", sg_str(""));
    Code_free(c);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
