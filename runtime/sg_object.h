/*
 * sg_object.h - objects by name (internal).
 *
 * The whole API of this module is public and declared in slotgen.h: sg_getattr, sg_setattr
 * and sg_delattr by C string, by atom and inline-cached, the iterator and
 * sg_object_destroy. This header exists so that the module has its pair; it adds nothing.
 */
#ifndef SG_OBJECT_H
#define SG_OBJECT_H

#include "slotgen.h"

#endif /* SG_OBJECT_H */
