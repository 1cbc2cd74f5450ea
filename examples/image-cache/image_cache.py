"""image_cache.py - the CPython side of the image-cache example (and of `make demo`).

Makes Image(id, caption, url) objects in CPython, as a plain class (instance __dict__) and
as a class with __slots__ = ('id', 'caption', 'url'), with the same strings as the C program,
and prints what each costs as "key value" lines that image_cache.c reads:

    python3 image_cache.py N [STEP]

The objects are a sample of the C program's N: ids 0, STEP, 2 * STEP, ... below N (STEP 1,
the default, makes all N), so that their strings have the lengths of the whole set's.
tracemalloc slows every allocation about tenfold: over 1,000,000 objects this script took
14 s of CPU, over 100,000 (STEP 10) 1.6 s, for the same bytes per object to 0.03 bytes.
"sample" says how many were measured.

Bytes are tracemalloc's: traced bytes after minus before, divided by the sample's size. The
strings are made first and counted once ("strings"); every row's objects then share them, so
a row's figure is the objects alone (instance, dict or value array). The lists holding the
strings and the objects are made before each count starts and are not counted, as the C
array of pointers is not. tracemalloc counts the bytes CPython asks for, not the rounding of
its allocator.
"""
import gc
import platform
import sys
import tracemalloc


def caption(i):
    return "Photo %d: sunset over the harbour" % i


def url(i):
    return "https://images.example.com/2024/%07d.jpg" % i


def make_classes():
    """A fresh plain class and a fresh __slots__ class (CPython keeps key-sharing state per
    class, so no row inherits another's)."""
    class Image:
        def __init__(self, id, caption, url):
            self.id = id
            self.caption = caption
            self.url = url

    class SlotImage:
        __slots__ = ("id", "caption", "url")

        def __init__(self, id, caption, url):
            self.id = id
            self.caption = caption
            self.url = url

    SlotImage.__name__ = SlotImage.__qualname__ = "Image"  # for its error message
    return Image, SlotImage


def traced():
    return tracemalloc.get_traced_memory()[0]


def measure_slots(cls, ids, captions, urls):
    """Bytes per object of instances of the __slots__ class cls, one per id."""
    n = len(ids)
    objs = [None] * n
    before = traced()
    for k in range(n):
        objs[k] = cls(ids[k], captions[k], urls[k])
    return (traced() - before) / n


def measure_plain(cls, ids, captions, urls):
    """Bytes per object of instances of the plain class cls, one per id: as made, then
    with other = True set on every one (the same objects)."""
    n = len(ids)
    objs = [None] * n
    before = traced()
    for k in range(n):
        objs[k] = cls(ids[k], captions[k], urls[k])
    plain = (traced() - before) / n
    for o in objs:
        o.other = True
    return plain, (traced() - before) / n


def make_strings(ids, captions, urls):
    """Fills the two lists (made beforehand, so not counted) with new strings, one per id."""
    for k, i in enumerate(ids):
        captions[k] = caption(i)
        urls[k] = url(i)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    step = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    gc.disable()
    ids = range(0, n, step)
    print("python %s" % platform.python_version())
    print("sample %d" % len(ids))
    captions, urls = [None] * len(ids), [None] * len(ids)
    tracemalloc.start()
    before = traced()
    make_strings(ids, captions, urls)
    print("strings %.2f" % ((traced() - before) / len(ids)))
    plain, slots = make_classes()
    print("slots %.2f" % measure_slots(slots, ids, captions, urls))
    with_dict, with_other = measure_plain(plain, ids, captions, urls)
    print("plain %.2f" % with_dict)
    print("plain_other %.2f" % with_other)
    tracemalloc.stop()
    try:
        o = slots(0, captions[0], urls[0])
        o.other = True
    except AttributeError as e:
        print("slots_error %s" % e)


if __name__ == "__main__":
    main()
