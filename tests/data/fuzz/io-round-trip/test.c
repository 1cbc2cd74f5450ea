#include "trip.slot.h"

#include "fuzz_check.h"

int main(void)
{
    Trip *t = Trip_new(fz_mkf32(0x1aae4ac2u));
    Inn *inn;
    if (!t)
        return 1;
    fz_st("Trip.fs set", Trip_set_fs(t, 0, fz_mkf32(0x1aae4ac2u)), SG_OK);
    inn = Trip_inn_mut(t); /* makes it present */
    fz_st("Inn.name set", Inn_set_name(inn, "Ritz"), SG_OK);
    Inn_set_stars(inn, fz_mkf32(0x1aae4ac2u));
    fz_st("Trip dynamic", Trip_setattr(t, "fz_dyn", sg_str("dyn")), SG_OK);
    fz_io_refs("Trip io", &Trip_class, t);
    for (int fz_f = 0; fz_f < 2; fz_f++) {
        sg_io_format fz_fmt = fz_f ? SG_IO_JSON : SG_IO_YAML;
        sg_io_buf fz_t;
        Trip *fz_r;
        memset(&fz_t, 0, sizeof fz_t);
        fz_r = (Trip *)fz_io_load("Trip io", &Trip_class, t, fz_fmt, &fz_t);
        if (fz_r) {
            if (!Trip_equal(fz_r, t))
                fz_io_fail("Trip io", fz_fmt, &fz_t, "Trip_equal is false after the load");
            fz_io_again("Trip io", &Trip_class, fz_r, fz_fmt, &fz_t);
            Trip_destroy(fz_r);
            free(fz_r);
        }
        sg_io_buf_free(&fz_t);
    }
    Trip_free(t);
    sg_runtime_cleanup();
    return fz_failures != 0;
}
