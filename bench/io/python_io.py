"""CPython's side of the load rows of `make bench` (bench/io/bench_io.c): json.load and
yaml.load with the C loader (CLoader) of the same files, each record turned into a
__slots__ object. Prints the best of 3 CPU times (user + system, time.process_time, as
bench_io.c measures its own) of JSON and one of YAML (it takes minutes), in seconds."""
import json
import sys
import time

import yaml


class Photo:
    __slots__ = ("id", "caption", "url", "width", "height", "score")


def build(records):
    out = []
    for r in records:
        p = Photo()
        p.id = r["id"]
        p.caption = r["caption"]
        p.url = r["url"]
        p.width = r["width"]
        p.height = r["height"]
        p.score = r["score"]
        out.append(p)
    return out


def best(fn, reps=3):
    times = []
    for _ in range(reps):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def load_json(path):
    with open(path, "rb") as f:
        return build(json.load(f))


def load_yaml(path):
    with open(path, "rb") as f:
        return build(yaml.load(f, Loader=yaml.CLoader))


if __name__ == "__main__":
    print("%.6f %.6f" % (best(lambda: load_json(sys.argv[1])),
                         best(lambda: load_yaml(sys.argv[2]), reps=1)))
