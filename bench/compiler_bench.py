#!/usr/bin/env python3
"""compiler_bench.py - the compiler section of `make bench`: slotgen beside its floor and peers.

For each size N (BENCH_SIZES, default 10,100,1000,10000,30000) it writes the equivalent schemas of
bench/synth_schema.py (N classes x 8 attributes: synth.yaml, synth.proto, synth.options) and runs,
in rounds (one run of every tool per round, so a change of the machine's load falls on all
of them alike):

  libyaml parse  bench/yaml_floor on synth.yaml: libyaml's events pulled and dropped (the floor)
  slotgen        slotgen -o OUT synth.yaml
  protoc-c       protoc --c_out=OUT synth.proto      (protobuf-compiler + protobuf-c-compiler)
  nanopb         nanopb_generator -D OUT synth.proto (nanopb; reads synth.options)

Each run goes through bench/rusage_run (wait4): CPU time is user + sys of the tool and of what
it waited for (protoc's plugin, the protoc nanopb starts), peak memory is ru_maxrss. Outputs are
deleted before every run (untimed), so each run writes everything (slotgen skips files whose
content did not change). A figure is the median of BENCH_RUNS runs (default 5); a tool whose
first run at a size took more than BENCH_SLOW seconds (default 5) runs BENCH_SLOW_RUNS times in
all there (default 3; nanopb takes about a minute per run at 30,000 classes).

Then the generated code for BENCH_CODE_N classes (default 1000): CPU time of
`$BENCH_CC -O2 -c` (default gcc) on each tool's generated .c, and on a .c that only includes its
header; bytes and lines of header + source per class.

Every figure is printed beside its baseline from the same run and the ratio; the targets of
issue 9 are checked against the figures as printed (no slack). Progress goes to stderr, the
report to stdout. A tool that is not installed reads n/a; the report says how to install it,
and on a terminal asks (never installs silently). The exit status is 0 unless the benchmark
itself could not run (a failed tool run is reported in its row). See docs/benchmarks.md.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INSTALL = ".ci/install-deps --bench"


def env_int_list(name, default):
    v = os.environ.get(name, "").strip()
    if not v:
        return default
    return [int(x) for x in v.replace(",", " ").split()]


def env_num(name, default, kind=int):
    v = os.environ.get(name, "").strip()
    return kind(v) if v else default


def progress(msg):
    sys.stderr.write("compiler bench: %s\n" % msg)
    sys.stderr.flush()


# ---- tools -------------------------------------------------------------------------------

class Tool:
    """One compiler (or the floor): how to run it on a size's directory, whether it is here."""

    def __init__(self, key, label, argv, missing=None):
        self.key, self.label, self.argv, self.missing = key, label, argv, missing

    @property
    def here(self):
        return self.missing is None


def find_nanopb():
    for name in ("nanopb_generator", "nanopb_generator.py"):
        path = shutil.which(name)
        if path:
            return path
    return None


def find_header(rel):
    for d in ("/usr/include", "/usr/local/include"):
        if os.path.exists(os.path.join(d, rel)):
            return True
    return False


def peer_tools():
    """protoc-c and nanopb, each with what is missing (Debian package names) or None."""
    miss_c = [p for p, ok in (("protobuf-compiler", shutil.which("protoc")),
                              ("protobuf-c-compiler", shutil.which("protoc-gen-c")),
                              ("libprotobuf-c-dev", find_header("protobuf-c/protobuf-c.h")))
              if not ok]
    nanopb = find_nanopb()
    miss_n = [p for p, ok in (("nanopb", nanopb), ("libnanopb-dev", find_header("pb.h")))
              if not ok]
    protoc_c = Tool("protoc-c", "protoc --c_out",
                    lambda out: ["protoc", "--c_out=" + out, "synth.proto"],
                    " ".join(miss_c) or None)
    nano = Tool("nanopb", "nanopb_generator",
                lambda out: [nanopb or "nanopb_generator", "-q", "-D", out, "synth.proto"],
                " ".join(miss_n) or None)
    return protoc_c, nano


def offer_install(peers):
    """Says what is missing and how to install it; asks only when stdin is a terminal."""
    missing = [t for t in peers if not t.here]
    if not missing:
        return False
    for t in missing:
        progress("%s is not installed (missing: %s): its rows read n/a" % (t.key, t.missing))
    progress("to measure them: %s   (apt-get, through sudo when not root)" % INSTALL)
    if not sys.stdin.isatty() or os.environ.get("BENCH_NO_ASK"):
        return False
    sys.stderr.write("compiler bench: install them now with `%s`? [y/N] " % INSTALL)
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        return False
    rc = subprocess.call(INSTALL.split(), cwd=ROOT)
    progress("%s exited with %d" % (INSTALL, rc))
    return True


# ---- running and measuring ---------------------------------------------------------------

class Cell:
    """The runs of one tool on one input: CPU seconds and peak KiB of each, or a failure."""

    def __init__(self):
        self.cpu, self.rss, self.failed = [], [], None

    @property
    def n(self):
        return len(self.cpu)

    def median_cpu(self):
        return statistics.median(self.cpu) if self.cpu and not self.failed else None

    def median_mib(self):
        return statistics.median(self.rss) / 1024.0 if self.rss and not self.failed else None


def measure(runner, argv, cwd, log, cell):
    """Runs argv once under rusage_run in cwd; appends to cell, or marks it failed."""
    out = subprocess.run([runner, "-C", cwd, "-o", log, "--"] + argv,
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    fields = dict(kv.split("=") for kv in out.split())
    if int(fields["status"]) != 0:
        with open(log, errors="replace") as f:
            tail = [ln.strip() for ln in f.read().splitlines() if ln.strip()][-1:]
        cell.failed = "exit %s: %s" % (fields["status"], tail[0] if tail else "(no output)")
        return
    cell.cpu.append(float(fields["user"]) + float(fields["sys"]))
    cell.rss.append(int(fields["maxrss_kib"]))


def run_rounds(jobs, runs, slow_runs, slow_s, what):
    """jobs: list of (name, fn(cell)) sharing one input. Round 0 runs each once; a job whose
    first run took more than slow_s CPU seconds stops at slow_runs runs, the others at runs.
    Returns {name: Cell}."""
    cells = {name: Cell() for name, _ in jobs}
    want = {}
    for r in range(runs):
        for name, fn in jobs:
            c = cells[name]
            if c.failed or (r > 0 and r >= want[name]):
                continue
            fn(c)
            if r == 0:
                first = c.cpu[0] if c.cpu else 0.0
                want[name] = min(runs, slow_runs) if first > slow_s else runs
            progress("%s: %s run %d/%d: %s" % (what, name, r + 1, want.get(name, runs),
                                               c.failed or "%.4f s" % c.cpu[-1]))
    return cells


def tool_job(args, tool, d):
    out = os.path.join(d, "out-" + tool.key)
    log = os.path.join(d, tool.key + ".log")

    def fn(cell):
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        measure(args.runner, tool.argv(out), d, log, cell)
    return fn


def write_schemas(n, d):
    os.makedirs(d, exist_ok=True)
    gen = os.path.join(HERE, "synth_schema.py")
    for fmt, name in (("yaml", "synth.yaml"), ("proto", "synth.proto"),
                      ("options", "synth.options")):
        subprocess.run([sys.executable, gen, "--format", fmt, "-o", os.path.join(d, name),
                        str(n)], check=True)


# ---- formatting and targets --------------------------------------------------------------

def fmt(v, spec, width):
    return ("n/a" if v is None else format(v, spec)).rjust(width)


def ratio(a, b):
    return a / b if a is not None and b else None


class Targets:
    """The issue's targets, each decided on its figure as printed."""

    def __init__(self):
        self.rows = []

    def check(self, label, printed, op, limit, note=""):
        if printed is None or printed.strip() in ("n/a", ""):
            self.rows.append(("n/a", label, "not measured" + (": " + note if note else "")))
            return
        v = float(printed.replace(",", ""))
        ok = v <= limit if op == "<=" else v >= limit
        self.rows.append(("reached" if ok else "missed", label,
                          "%s  target %s %g%s" % (printed.strip(), op, limit,
                                                  ("  (" + note + ")") if note else "")))

    def show(self):
        print("== Targets (issue 9), each figure as printed above; no slack")
        print()
        for verdict, label, text in self.rows:
            print("  %-8s %-52s %s" % (verdict, label, text))
        print()


# ---- the compiler table ------------------------------------------------------------------

def compiler_table(args, tools, sizes, results, targets):
    runs_note = "median of %d runs" % args.runs if args.runs > 1 else "1 run"
    if args.slow_runs < args.runs:
        runs_note += " (%d when the first took over %g s)" % (args.slow_runs, args.slow_s)
    print("== Compiler: equivalent schemas of N classes x 8 attributes (bench/synth_schema.py).")
    print("   CPU s: user+sys of the tool and of what it waited for (wait4), %s;" % runs_note)
    print("   classes/s = N / CPU s; peak MiB: ru_maxrss (median); x prev: CPU s over the same tool's")
    print("   at the previous size (a linear tool reads the ratio of the sizes); x floor: over the")
    print("   libyaml event parse of the same YAML; x slotgen: over slotgen's (on the protoc-c row:")
    print("   how many times faster slotgen is).")
    print()
    print("  %7s  %-18s %4s %10s %7s %11s %9s %8s %9s" % (
        "classes", "tool", "runs", "CPU s", "x prev", "classes/s", "peak MiB", "x floor",
        "x slotgen"))
    printed = {}
    prev = {}
    for n in sizes:
        floor = results[n]["floor"].median_cpu()
        sg = results[n]["slotgen"].median_cpu()
        for i, t in enumerate(tools):
            c = results[n][t.key]
            cpu = c.median_cpu()
            note = ""
            if not t.here:
                note = "  not installed: " + INSTALL
            elif c.failed:
                note = "  FAILED: " + c.failed
            cps = n / cpu if cpu else None
            row = {
                "cpu": fmt(cpu, ".4f", 10),
                "prev": fmt(ratio(cpu, prev.get(t.key)), ".2f", 7) if t.key in prev else "-".rjust(7),
                "cps": fmt(cps, ",.0f", 11),
                "mib": fmt(c.median_mib(), ".1f", 9),
                "floor": fmt(ratio(cpu, floor), ".2f", 8),
                "sg": fmt(ratio(cpu, sg), ".2f", 9),
            }
            printed[(n, t.key)] = row
            print("  %7s  %-18s %4s %s %s %s %s %s %s%s" % (
                format(n, ",") if i == 0 else "", t.label, c.n if t.here else "-", row["cpu"],
                row["prev"], row["cps"], row["mib"], row["floor"], row["sg"], note))
            prev[t.key] = cpu
        print()
    # Targets: linear scaling, beside protoc-c and the floor at 10k and 30k, memory at 10k.
    by = {s: i for i, s in enumerate(sizes)}

    def pv(n, key, col):
        return printed[(n, key)][col] if n in by else None

    def step(n, m):
        # x prev of slotgen at n, only when m is the size just before it in this run.
        if n in by and m in by and by[n] == by[m] + 1:
            return pv(n, "slotgen", "prev")
        return None
    targets.check("linear: slotgen t(30,000) / t(10,000)", step(30000, 10000), "<=", 3.5)
    targets.check("linear: slotgen t(10,000) / t(1,000)", step(10000, 1000), "<=", 11)
    for n in (10000, 30000):
        targets.check("%s classes: protoc-c's CPU s over slotgen's" % format(n, ","),
                      pv(n, "protoc-c", "sg"), ">=", 8)
        targets.check("%s classes: slotgen over the libyaml parse" % format(n, ","),
                      pv(n, "slotgen", "floor"), "<=", 10)
    targets.check("10,000 classes: slotgen peak MiB", pv(10000, "slotgen", "mib"), "<=", 40)


# ---- the generated-code table ------------------------------------------------------------

CODE = {  # tool key: (label, source, header, extra cc flags)
    "slotgen": ("slotgen", "synth.slot.c", "synth.slot.h", []),
    "protoc-c": ("protobuf-c", "synth.pb-c.c", "synth.pb-c.h", []),
    "nanopb": ("nanopb", "synth.pb.c", "synth.pb.h", ["-DPB_ENABLE_MALLOC"]),
}


def code_table(args, tools, targets):
    n = args.code_n
    d = os.path.join(args.out, str(n))
    fresh = n in args.sizes   # else the outputs there may be an older run's: make them anew
    if not fresh:
        write_schemas(n, d)
    cc = [args.cc, "-O2", "-c", "-I", os.path.join(ROOT, "runtime")]
    jobs, sizes = [], {}
    for t in tools:
        if t.key not in CODE or not t.here:
            continue
        label, src, hdr, extra = CODE[t.key]
        out = os.path.join(d, "out-" + t.key)
        if not fresh or not os.path.exists(os.path.join(out, src)):
            cell = Cell()
            tool_job(args, t, d)(cell)
            if cell.failed:
                progress("%s failed on %d classes: %s" % (t.key, n, cell.failed))
                continue
        with open(os.path.join(out, "only_header.c"), "w") as f:
            f.write('#include "%s"\n' % hdr)
        size = lines = 0
        for name in (hdr, src):
            with open(os.path.join(out, name), "rb") as f:
                data = f.read()
            size += len(data)
            lines += data.count(b"\n")
        sizes[t.key] = (size / n, lines / n)
        log = os.path.join(d, t.key + "-cc.log")

        def job(file, out=out, extra=extra, log=log):
            return lambda cell: measure(args.runner, cc + extra + ["-o", "/dev/null", file],
                                        out, log, cell)
        jobs.append((t.key + " .c", job(src)))
        jobs.append((t.key + " header", job("only_header.c")))
    cells = run_rounds(jobs, args.runs, args.slow_runs, args.slow_s, "%d classes, cc" % n)

    print("== Generated code for %s classes: CPU s of `%s -O2 -c` (user+sys of the driver, cc1 and"
          % (format(n, ","), args.cc))
    print("   as, wait4), median of the runs as above; header only: a .c that only includes the")
    print("   generated header; output: header + source per class; x slotgen: over slotgen's figure.")
    print()
    print("  %-12s %4s %9s %9s %4s %9s %9s %9s %8s" % (
        "", "runs", ".c -O2 s", "x slotgen", "runs", "header s", "x slotgen", "bytes", "lines"))
    sg_c = cells.get("slotgen .c")
    sg_h = cells.get("slotgen header")
    printed = {}
    for t in tools:
        if t.key not in CODE:
            continue
        label = CODE[t.key][0]
        if not t.here:
            print("  %-12s n/a (not installed: %s)" % (label, INSTALL))
            continue
        c, h = cells.get(t.key + " .c"), cells.get(t.key + " header")
        if c is None:
            print("  %-12s n/a (the generator failed)" % label)
            continue
        cpu_c, cpu_h = c.median_cpu(), h.median_cpu()
        row = (fmt(cpu_c, ".3f", 9), fmt(ratio(cpu_c, sg_c and sg_c.median_cpu()), ".2f", 9),
               fmt(cpu_h, ".3f", 9), fmt(ratio(cpu_h, sg_h and sg_h.median_cpu()), ".2f", 9))
        printed[t.key] = row
        b, ln = sizes[t.key]
        fails = "; ".join(x.failed for x in (c, h) if x.failed)
        print("  %-12s %4d %s %s %4d %s %s %9s %8s%s" % (
            label, c.n, row[0], row[1], h.n, row[2], row[3], format(round(b), ","),
            format(round(ln), ","), ("  FAILED: " + fails) if fails else ""))
    print()
    sg = printed.get("slotgen") if n == 1000 else None   # the targets are for 1,000 classes
    note = "" if n == 1000 else "BENCH_CODE_N=%d" % n
    targets.check("generated .c for 1,000 classes, -O2 CPU s", sg and sg[0], "<=", 3, note)
    targets.check("a .c that only includes the header, CPU s", sg and sg[2], "<=", 0.1, note)


# ---- main --------------------------------------------------------------------------------

def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


def main(argv):
    ap = argparse.ArgumentParser(description="The compiler section of make bench.")
    build = os.path.join(ROOT, "build", "bench")
    ap.add_argument("--slotgen", default=os.path.join(build, "slotgen"))
    ap.add_argument("--floor", default=os.path.join(build, "bench", "yaml_floor"))
    ap.add_argument("--runner", default=os.path.join(build, "bench", "rusage_run"))
    ap.add_argument("--out", default=os.path.join(build, "compiler"))
    args = ap.parse_args(argv)
    for k in ("slotgen", "floor", "runner", "out"):
        setattr(args, k, os.path.abspath(getattr(args, k)))
        if k != "out" and not os.access(getattr(args, k), os.X_OK):
            ap.error("%s: not found (`make bench-compiler` builds it)" % getattr(args, k))
    args.sizes = env_int_list("BENCH_SIZES", [10, 100, 1000, 10000, 30000])
    args.runs = env_num("BENCH_RUNS", 5)
    args.slow_runs = env_num("BENCH_SLOW_RUNS", 3)
    args.slow_s = env_num("BENCH_SLOW", 5.0, float)
    args.code_n = env_num("BENCH_CODE_N", 1000)
    args.cc = os.environ.get("BENCH_CC", "gcc")
    if args.runs < 1 or args.slow_runs < 1 or not args.sizes or min(args.sizes) < 1:
        ap.error("BENCH_RUNS, BENCH_SLOW_RUNS and every size must be at least 1")

    start_wall, start_load = time.time(), loadavg()
    start_cpu = os.times()
    peers = peer_tools()
    if offer_install(peers):
        peers = peer_tools()
    tools = [Tool("floor", "libyaml parse", lambda out: [args.floor, "synth.yaml"]),
             Tool("slotgen", "slotgen", lambda out: [args.slotgen, "-o", out, "synth.yaml"])]
    tools += list(peers)

    results = {}
    for n in args.sizes:
        d = os.path.join(args.out, str(n))
        write_schemas(n, d)
        jobs = [(t.key, tool_job(args, t, d)) for t in tools if t.here]
        results[n] = run_rounds(jobs, args.runs, args.slow_runs, args.slow_s,
                                "%d classes" % n)
        for t in tools:
            results[n].setdefault(t.key, Cell())

    targets = Targets()
    print()
    print("== Machine: %d CPUs; load average %s (1, 5, 15 min) at the start of this section"
          % (os.cpu_count() or 0, start_load))
    print()
    compiler_table(args, tools, args.sizes, results, targets)
    code_table(args, tools, targets)
    targets.show()
    end = os.times()
    cpu = (end.children_user + end.children_system) - (start_cpu.children_user +
                                                       start_cpu.children_system)
    print("This section took %.1f s wall-clock and %.1f s of CPU (its children's);"
          % (time.time() - start_wall, cpu))
    print("load %s (1, 5, 15 min) at the end." % loadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
