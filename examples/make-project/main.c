/*
 * main.c - uses the classes generated from schemas/shapes.yaml, which imports
 * schemas/geometry.yaml: an embedded geo_Point, an imported enum, float defaults, a string
 * set through the generated setter and read back by name through the runtime.
 */
#include <stdio.h>
#include <string.h>

#include "shapes.slot.h"

int main(void)
{
    Circle *c = Circle_new(2.5f, GEO_COLOR_BLUE, "wheel");
    if (!c) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    geo_Point *p = Circle_center_mut(c);
    p->x += 1.0;
    sg_value v;
    if (Circle_getattr(c, "name", &v) != SG_OK || strcmp(sg_as_str(v), "wheel") != 0) {
        fprintf(stderr, "getattr failed\n");
        Circle_free(c);
        return 1;
    }
    printf("%s at (%g, %g), radius %g, color %d, sizeof(Circle) %zu, runtime %s\n",
           sg_as_str(v), Circle_center(c)->x, Circle_center(c)->y, (double)Circle_radius(c),
           (int)Circle_color(c), sizeof(Circle), sg_version());
    Circle_free(c);
    return 0;
}
