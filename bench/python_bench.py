"""python_bench.py - the CPython side of `make bench`.

The same workloads as bench/bench_mem.c and bench/bench_time.c, on a plain class (instance
__dict__, key-sharing) and a __slots__ class with the same attributes. bench.c runs this
script and prints its figures beside slotgen's. Run alone, it prints the same "key value"
lines:

    python3 bench/python_bench.py N time               # the timings
    python3 bench/python_bench.py N mem Measurement    # the memory rows of one class (N each)
    python3 bench/python_bench.py N mem lists          # the list rows (N instances each)

bench.c runs the two memory jobs at once, in the background of its own memory rows (memory
figures do not depend on the load of the machine), and the timings alone.

Memory: tracemalloc's traced bytes after making N instances (and giving them their dynamic
attributes), minus the bytes before, divided by N. The list holding the instances is made
before tracing starts and is not counted (as the C array of pointers is not). Every string
attribute is None and every number a small int (CPython caches -5..256), so no payload
object is counted: only the instances and their dictionaries or value arrays.

Time: the median of RUNS runs; a run loops REPS times over a pool of POOL instances, so the
loop overhead is included as in timeit. Set of a new attribute and delete time one pass over
the pool, restore it untimed, and add up the timed passes.
"""
import gc
import platform
import statistics
import sys
import time
import tracemalloc

POOL = 1024
REPS = 200
RUNS = 5

# ORDER SCENARIO: the same scenarios, in the same order, as bench.h.
SCENARIOS = ("none", "other1", "other100", "dyn3", "dyn8", "orders6")
ORDERS = (("p", "q", "r"), ("p", "r", "q"), ("q", "p", "r"),
          ("q", "r", "p"), ("r", "p", "q"), ("r", "q", "p"))
VALUES = {"p": 1, "q": 2, "r": 3}
DYN8 = tuple("a%d" % k for k in range(8))


def fresh_classes():
    """New plain and __slots__ classes: {"Measurement": (plain, slots), "Image": (...)}.

    Each memory row and the timings take classes of their own, because CPython 3.11 keeps
    key-sharing state per class (the shared keys, and the spare value slots it offers new
    instances), and one row must not inherit another's.
    """
    class Measurement:
        def __init__(self, x, y, val):
            self.x = x
            self.y = y
            self.val = val

    class Image:
        def __init__(self, id, caption, url):
            self.id = id
            self.caption = caption
            self.url = url

    class SlotMeasurement:
        __slots__ = ("x", "y", "val")

        def __init__(self, x, y, val):
            self.x = x
            self.y = y
            self.val = val

    class SlotImage:
        __slots__ = ("id", "caption", "url")

        def __init__(self, id, caption, url):
            self.id = id
            self.caption = caption
            self.url = url

    return {"Measurement": (Measurement, SlotMeasurement), "Image": (Image, SlotImage)}


def make_objects(cls, scenario, objs):
    """Fills objs with instances of cls given the dynamic attributes of scenario."""
    n = len(objs)
    if scenario == "none":
        for i in range(n):
            objs[i] = cls(i & 0xff, 2, None)
    elif scenario == "other1":
        for i in range(n):
            o = cls(i & 0xff, 2, None)
            if i % 100 == 0:
                o.other = True
            objs[i] = o
    elif scenario == "other100":
        for i in range(n):
            o = cls(i & 0xff, 2, None)
            o.other = True
            objs[i] = o
    elif scenario in ("dyn3", "dyn8"):
        names = DYN8[:3] if scenario == "dyn3" else DYN8
        for i in range(n):
            o = cls(i & 0xff, 2, None)
            for k, name in enumerate(names):
                setattr(o, name, k)
            objs[i] = o
    else:
        for i in range(n):
            o = cls(i & 0xff, 2, None)
            for name in ORDERS[i % 6]:
                setattr(o, name, VALUES[name])
            objs[i] = o


def bytes_per_instance(name, slots, scenario, n):
    """Traced bytes per instance of a fresh class 'name' under scenario, n instances."""
    cls = fresh_classes()[name][1 if slots else 0]
    objs = [None] * n
    gc.collect()
    gc.disable()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    make_objects(cls, scenario, objs)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del objs
    gc.enable()
    gc.collect()
    return used / n


LIST_LENS = (0, 1, 4, 16)  # ORDER LIST_LENS: as bench.h


def list_bytes(strings, length, n):
    """Traced bytes per instance of a __slots__ class holding one list of 'length' elements,
    built by appends: small ints (cached by CPython, so only the list counts, as in C only
    the list block does), or one new 8-character string each ("sNNNNNNN", as bench_mem.c's)."""
    class SlotList:
        __slots__ = ("v",)

    objs = [None] * n
    serial = 0
    gc.collect()
    gc.disable()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(n):
        o = SlotList()
        v = []
        for k in range(length):
            if strings:
                v.append("s%07d" % (serial % 10000000))
                serial += 1
            else:
                v.append(k & 0xff)
        o.v = v
        objs[i] = o
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del objs
    gc.enable()
    gc.collect()
    return used / n


# ---- timings: each returns the elapsed nanoseconds of one run of POOL * REPS operations

def run_get_typed(pool):
    t0 = time.perf_counter_ns()
    for _ in range(REPS):
        for o in pool:
            o.x
    return time.perf_counter_ns() - t0


def run_getattr(pool, name):
    t0 = time.perf_counter_ns()
    for _ in range(REPS):
        for o in pool:
            getattr(o, name)
    return time.perf_counter_ns() - t0


def run_get_dyn_attr(pool):
    t0 = time.perf_counter_ns()
    for _ in range(REPS):
        for o in pool:
            o.other
    return time.perf_counter_ns() - t0


def run_set_existing(pool):
    t0 = time.perf_counter_ns()
    for r in range(REPS):
        v = bool(r & 1)
        for o in pool:
            o.other = v
    return time.perf_counter_ns() - t0


def run_setattr(pool, name):
    t0 = time.perf_counter_ns()
    for r in range(REPS):
        v = bool(r & 1)
        for o in pool:
            setattr(o, name, v)
    return time.perf_counter_ns() - t0


def run_set_new(pool):
    t = 0
    for _ in range(REPS):
        t0 = time.perf_counter_ns()
        for o in pool:
            o.other = True
        t += time.perf_counter_ns() - t0
        for o in pool:
            del o.other
    return t


def run_delete(pool):
    t = 0
    for _ in range(REPS):
        t0 = time.perf_counter_ns()
        for o in pool:
            del o.other
        t += time.perf_counter_ns() - t0
        for o in pool:
            o.other = True
    return t


def median_ns(run, *args):
    """Median ns/op of RUNS runs of run(*args), after one warm-up run."""
    run(*args)
    return statistics.median(run(*args) / (POOL * REPS) for _ in range(RUNS))


def make_pool(cls, ndyn):
    """POOL instances of cls; with ndyn, each gets tag, score, other as it is made."""
    pool = []
    for i in range(POOL):
        o = cls(i & 0xff, 2, None)
        if ndyn:
            o.tag = i & 0xff
            o.score = 7
            o.other = True
        pool.append(o)
    return pool


def timings():
    """Yields (key, ns/op) for every timed row."""
    plain_cls, slots_cls = fresh_classes()["Measurement"]
    plain, fresh, dels = make_pool(plain_cls, 3), make_pool(plain_cls, 0), make_pool(plain_cls, 3)
    slots = make_pool(slots_cls, 0)
    yield "ns.slots.get_typed", median_ns(run_get_typed, slots)
    yield "ns.slots.get_name_decl", median_ns(run_getattr, slots, "y")
    yield "ns.plain.get_typed", median_ns(run_get_typed, plain)
    yield "ns.plain.get_name_decl", median_ns(run_getattr, plain, "y")
    yield "ns.plain.get_dyn_name", median_ns(run_getattr, plain, "other")
    yield "ns.plain.get_dyn_attr", median_ns(run_get_dyn_attr, plain)
    yield "ns.plain.set_existing", median_ns(run_set_existing, plain)
    yield "ns.plain.set_existing_name", median_ns(run_setattr, plain, "other")
    yield "ns.plain.set_new", median_ns(run_set_new, fresh)
    yield "ns.plain.delete", median_ns(run_delete, dels)


def usage():
    sys.exit("usage: python_bench.py N time | python_bench.py N mem Measurement|Image|lists")


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        usage()
    n, what = int(sys.argv[1]), sys.argv[2:]
    print("version %s %s" % (platform.python_implementation(), platform.python_version()))
    sys.stdout.flush()
    if what == ["time"]:
        for key, value in timings():
            print("%s %.3f" % (key, value))
    elif what == ["mem", "lists"]:
        for kind in ("int", "str"):
            for length in LIST_LENS:
                value = list_bytes(kind == "str", length, n)
                print("mem.list.%s.%d %.3f" % (kind, length, value))
                sys.stdout.flush()
    elif len(what) == 2 and what[0] == "mem" and what[1] in ("Measurement", "Image"):
        name = what[1]
        print("mem.slots.%s.none %.3f" % (name, bytes_per_instance(name, True, "none", n)))
        for scenario in SCENARIOS:
            value = bytes_per_instance(name, False, scenario, n)
            print("mem.plain.%s.%s %.3f" % (name, scenario, value))
            sys.stdout.flush()
    else:
        usage()


if __name__ == "__main__":
    main()
