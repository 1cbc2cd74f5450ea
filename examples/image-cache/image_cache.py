"""image_cache.py - the CPython side of the image-cache example (and of `make demo`).

Makes N Image(id, caption, url) objects in CPython, as a plain class (instance __dict__) and
as a class with __slots__ = ('id', 'caption', 'url'), with the same strings as the C program,
and prints what they cost as "key value" lines that image_cache.c reads:

    python3 image_cache.py N

Bytes are tracemalloc's: traced bytes after minus before, divided by N. The 2 * N strings are
made first and counted once ("strings"); every row's objects then share them, so a row's
figure is the objects alone (instance, dict or value array). The list holding the objects is
made before tracing starts and is not counted, as the C array of pointers is not.
tracemalloc counts the bytes CPython asks for, not the rounding of its allocator.
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


def measure_slots(cls, n, captions, urls):
    """Bytes per object of n instances of the __slots__ class cls."""
    objs = [None] * n
    before = traced()
    for i in range(n):
        objs[i] = cls(i, captions[i], urls[i])
    return (traced() - before) / n


def measure_plain(cls, n, captions, urls):
    """Bytes per object of n instances of the plain class cls: as made, then with
    other = True set on every one (the same objects)."""
    objs = [None] * n
    before = traced()
    for i in range(n):
        objs[i] = cls(i, captions[i], urls[i])
    plain = (traced() - before) / n
    for o in objs:
        o.other = True
    return plain, (traced() - before) / n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    gc.disable()
    tracemalloc.start()
    captions = [None] * n
    urls = [None] * n
    before = traced()
    for i in range(n):
        captions[i] = caption(i)
        urls[i] = url(i)
    strings = (traced() - before) / n
    print("python %s" % platform.python_version())
    print("strings %.2f" % strings)
    plain, slots = make_classes()
    print("slots %.2f" % measure_slots(slots, n, captions, urls))
    with_dict, with_other = measure_plain(plain, n, captions, urls)
    print("plain %.2f" % with_dict)
    print("plain_other %.2f" % with_other)
    try:
        o = slots(0, captions[0], urls[0])
        o.other = True
    except AttributeError as e:
        print("slots_error %s" % e)
    tracemalloc.stop()


if __name__ == "__main__":
    main()
