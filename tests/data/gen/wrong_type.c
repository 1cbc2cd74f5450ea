/* Misuses of the generated macro accessors that must not compile (schemas/image.yaml): make
 * gen-matrix builds this file with each compiler and standard under the strict flags, once as
 * it is (WRONG 0: the same calls, used rightly, build clean) and once for each WRONG from 1 to
 * WRONG_CASES, and expects each of those to fail. */
#include "image.slot.h"

#define WRONG_CASES 7

#ifndef WRONG
#define WRONG 0
#endif

int sg_test_wrong(Image *img, const Image *cimg, Measurement *m);

int sg_test_wrong(Image *img, const Image *cimg, Measurement *m)
{
    (void)cimg;
    (void)m;
#if WRONG == 0
    Image_set_id(img, 3);
    Image_free(NULL);
    return (int)Image_id(cimg) + (int)Image_equal(img, cimg);
#elif WRONG == 1
    return (int)Image_id(m); /* a Measurement is not an Image */
#elif WRONG == 2
    Image_set_id(m, 3);
    return 0;
#elif WRONG == 3
    Image_free(m); /* a wrapper over the runtime, which takes a void *: checked all the same */
    return 0;
#elif WRONG == 4
    Image_set_id(cimg, 3); /* a setter through a const pointer */
    return 0;
#elif WRONG == 5
    Image_id(img) = 3; /* a getter is not assignable */
    return 0;
#elif WRONG == 6
    Image_caption(img)[0] = 'x'; /* a string getter gives a 'const char *' */
    return 0;
#elif WRONG == 7
    return Image_equal(img, m); /* the second object too */
#endif
}
