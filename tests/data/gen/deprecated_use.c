/* Calls a deprecated accessor (tests/schemas/flags.yaml, Old.old): make gen-matrix compiles it
 * with each compiler and standard and expects the deprecation warning (an error here with
 * -Werror=deprecated-declarations), and the same file without the call to build clean. */
#include "flags.slot.h"

int sg_test_use(fl_Old *o);

int sg_test_use(fl_Old *o)
{
#ifndef NO_DEPRECATED_CALL
    return (int)fl_Old_old(o);
#else
    return (int)fl_Old_keep(o);
#endif
}
