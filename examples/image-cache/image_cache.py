"""image_cache.py - the CPython side of the image-cache example (and of `make demo`).

Makes N Image(id, caption, url) objects in CPython, as a plain class (instance __dict__) and
as a class with __slots__ = ('id', 'caption', 'url'), with the same strings as the C program,
and prints what they cost as "key value" lines that image_cache.c reads:

    python3 image_cache.py N [all | strings | objects]

Bytes are tracemalloc's: traced bytes after minus before, divided by N. The 2 * N strings are
made first and counted once ("strings"); every row's objects then share them, so a row's
figure is the objects alone (instance, dict or value array). tracemalloc slows every
allocation about tenfold, so image_cache.c runs the two parts as two processes at once:
"strings" traces only the strings, "objects" makes the same strings untraced and traces only
the objects. The list holding the objects is
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


def make_strings(captions, urls):
    """Fills the two lists (made beforehand, so not counted) with new strings."""
    for i in range(len(captions)):
        captions[i] = caption(i)
        urls[i] = url(i)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    part = sys.argv[2] if len(sys.argv) > 2 else "all"
    gc.disable()
    print("python %s" % platform.python_version())
    captions, urls = [None] * n, [None] * n
    if part == "objects":
        make_strings(captions, urls)  # untraced: the strings part counts them
    else:
        tracemalloc.start()
        before = traced()
        make_strings(captions, urls)
        print("strings %.2f" % ((traced() - before) / n))
        tracemalloc.stop()
    if part != "strings":
        tracemalloc.start()
        plain, slots = make_classes()
        print("slots %.2f" % measure_slots(slots, n, captions, urls))
        with_dict, with_other = measure_plain(plain, n, captions, urls)
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
