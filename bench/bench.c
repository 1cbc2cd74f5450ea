/*
 * bench.c - `make bench`: slotgen's dynamic attributes against its slotted structs and
 * CPython, measured in one run and printed as one report.
 *
 * The run, in order: the CPython memory jobs start in the background (one per class); the C
 * memory rows run meanwhile (memory figures do not depend on the machine's load); the
 * driver waits for the jobs, then runs the CPython timings and the C timings, each alone, so
 * no timing shares the cores with anything else of ours. Progress goes to stderr, the report
 * to stdout: the machine, a memory table, a time table, and the targets with PASS or
 * MISS. A MISS is a finding, not a failure: the exit status is 0 whenever the run completes.
 *
 *     bench [-n N] [python_bench.py]      N instances per memory row (default 1,000,000);
 *                                         without the script, the CPython columns are n/a
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAX_VERDICTS 64

static mem_figures mem[BC_COUNT][SC_COUNT];
static churn_figures churn;
static double burst_bytes = NAN;
static double tns[T_COUNT];
static size_t terr[T_COUNT];
static size_t n_inst = BENCH_N;
static size_t time_leaked;

static char verdicts[MAX_VERDICTS][128];
static size_t nverdicts, npass;

/* ---- small helpers -------------------------------------------------------------------- */

/* Formats 'v' with 'prec' decimals in 'buf' (at least 16 bytes); "n/a" for NaN. */
static const char *num(char *buf, double v, int prec)
{
    if (isnan(v))
        return "n/a";
    snprintf(buf, 16, "%.*f", prec, v);
    return buf;
}

/* 'v' as the report prints it, with 'prec' decimals: every verdict compares the printed
 * figure with the printed target, with no slack, so a reader can check it by eye. */
static double as_printed(double v, int prec)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.*f", prec, v);
    return strtod(buf, NULL);
}

/* Records a target's outcome for the summary and returns "PASS" or "MISS". */
static const char *verdict(bool pass, const char *what, double fig, const char *target)
{
    char f[16];

    if (nverdicts < MAX_VERDICTS) {
        snprintf(verdicts[nverdicts++], sizeof verdicts[0], "%s  %-56s %7s  target %s",
                 pass ? "PASS" : "MISS", what, num(f, fig, 2), target);
    }
    npass += pass;
    return pass ? "PASS" : "MISS";
}

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the machine ---------------------------------------------------------------------- */

/* The "model name" of /proc/cpuinfo in 'buf', or "unknown". */
static const char *cpu_model(char *buf, size_t size)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];
    const char *colon;

    snprintf(buf, size, "unknown");
    while (f && fgets(line, sizeof line, f)) {
        colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            snprintf(buf, size, "%s", colon + 2);
            buf[strcspn(buf, "\n")] = '\0';
            break;
        }
    }
    if (f)
        fclose(f);
    return buf;
}

/* The first three fields of /proc/loadavg in 'buf', or "unknown": timings taken on a loaded
 * machine say so. */
static const char *load_average(char *buf, size_t size)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double a = 0, b = 0, c = 0;

    snprintf(buf, size, "unknown");
    if (f && fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3)
        snprintf(buf, size, "%.2f %.2f %.2f (1, 5, 15 min) at the end of the run", a, b, c);
    if (f)
        fclose(f);
    return buf;
}

static void print_machine(void)
{
    struct utsname u;
    char cpu[160], load[96];

    if (uname(&u) != 0)
        memset(&u, 0, sizeof u);
    printf("slotgen %s benchmark\n", sg_version());
    printf("machine:  %s %s %s, %ld CPUs online\n", u.sysname, u.release, u.machine,
           sysconf(_SC_NPROCESSORS_ONLN));
    printf("cpu:      %s\n", cpu_model(cpu, sizeof cpu));
    printf("load:     %s\n", load_average(load, sizeof load));
#if defined(__clang__)
    printf("compiler: clang %s, -O2, no sanitizer\n", __clang_version__);
#elif defined(__GNUC__)
    printf("compiler: gcc %s, -O2, no sanitizer\n", __VERSION__);
#endif
    printf("python:   %s\n\n", py_version());
}

/* ---- memory --------------------------------------------------------------------------- */

static const char *const scenario_label[SC_COUNT] = {
    "no dynamic attribute",
    "other = true on 1%",
    "other = true on 100%",
    "3 dynamic attributes",
    "8 dynamic attributes",
    "names in 6 orders",
};

/* The bytes/instance target for 'sc' on a class of 'size' bytes; 0 for none. */
static double mem_target(size_t size, scenario sc)
{
    static const double extra[SC_COUNT] = {0, 0.16, 16, 32, 72, -1};

    return extra[sc] < 0 ? 0 : (double)size + extra[sc];
}

/* Prints the absolute target of one row, checked on both the array and the new figure. */
static void print_abs_target(const bench_class *bc, scenario sc, const mem_figures *f)
{
    double t = mem_target(bc->cls->size, sc);
    double worst = fmax(f->array_hook, f->new_hook);
    char what[64], tg[16];

    if (t == 0 || f->failures) {
        printf("  %-12s", f->failures ? "ERRORS" : "-");
        return;
    }
    snprintf(what, sizeof what, "%s, %s: bytes/instance", bc->name, scenario_label[sc]);
    snprintf(tg, sizeof tg, "<= %.2f B", t);
    printf("  <=%-7.2f %s", t,
           verdict(as_printed(worst, 2) <= as_printed(t, 2), what, worst, tg));
}

/* Prints the 2.5x-less-than-CPython target of one row. */
static void print_py_target(const bench_class *bc, scenario sc, double sg, double py)
{
    char what[64], f[16];
    double factor = py / sg;

    if (isnan(factor)) {
        printf("  -");
        return;
    }
    snprintf(what, sizeof what, "%s, %s: CPython / slotgen", bc->name, scenario_label[sc]);
    printf("  %sx %s", num(f, factor, 2),
           verdict(as_printed(factor, 2) >= 2.5, what, factor, ">= 2.50x"));
}

static void print_mem_row(const char *label, const mem_figures *f, double slot, double py_plain,
                          double py_slots)
{
    char a[16], b[16], c[16], d[16], e[16], g[16], h[16], k[16];
    double py = isnan(py_plain) ? py_slots : py_plain;

    printf("  %-22s %7s %7s %7s %7s %6s  %7s %7s %5s", label, num(a, f->array_hook, 2),
           num(b, f->array_malloc, 2), num(c, f->new_hook, 2), num(d, f->new_malloc, 2),
           num(e, f->new_hook / slot, 2), num(g, py_plain, 1), num(h, py_slots, 1),
           num(k, f->new_hook / py, 2));
}

static void print_mem_class(int ci)
{
    const bench_class *bc = &bench_classes[ci], *twin = &bench_classes[ci + 2];
    double slot = mem[ci + 2][SC_NONE].new_hook, py_slots;
    char key[64];

    printf("%s: sizeof %u, slotted twin %u\n", bc->name, bc->cls->size, twin->cls->size);
    snprintf(key, sizeof key, "mem.slots.%s.none", bc->name);
    py_slots = py_value(key);
    print_mem_row("slotted twin", &mem[ci + 2][SC_NONE], slot, NAN, py_slots);
    printf("\n");
    for (int sc = 0; sc < SC_COUNT; sc++) {
        const mem_figures *f = &mem[ci][sc];
        double py;

        snprintf(key, sizeof key, "mem.plain.%s.%s", bc->name, scenario_key[sc]);
        py = py_value(key);
        print_mem_row(scenario_label[sc], f, slot, py, sc == SC_NONE ? py_slots : NAN);
        print_abs_target(bc, (scenario)sc, f);
        print_py_target(bc, (scenario)sc, f->new_hook, py);
        printf("\n");
    }
}

static void print_mem_table(void)
{
    char n[32];

    printf("== Memory: bytes per instance, %s instances; string payloads excluded (every string "
           "NULL / None)\n", num(n, (double)n_inst, 0));
    printf("   array: one array of structs (Name_init); new: one Name_new each. hook: live bytes "
           "the runtime\n   requested through its allocation hook (slab chunk granularity "
           "included), plus the array itself;\n   malloc: mallinfo2 in-use delta. x slot: new "
           "hook over the slotted twin's. CPython: tracemalloc.\n   Issue targets are checked "
           "on both hook figures, exactly as printed.\n\n");
    printf("  %-22s %7s %7s %7s %7s %6s  %7s %7s %5s  %-14s %s\n", "", "array", "array", "new",
           "new", "x slot", "CPython", "CPython", "sg/py", "issue target", "CPython/sg >= 2.5x");
    printf("  %-22s %7s %7s %7s %7s %6s  %7s %7s\n", "row", "hook", "malloc", "hook", "malloc",
           "", "plain", "slots");
    for (int ci = BC_MEASUREMENT; ci <= BC_IMAGE; ci++) {
        print_mem_class(ci);
        printf("\n");
    }
}

/* ---- time ----------------------------------------------------------------------------- */

typedef struct time_info {
    const char *label;
    const char *py_plain; /* the CPython figures beside it; NULL for none */
    const char *py_slots;
    double target;        /* the ns/op; 0 for none */
} time_info;

/* ORDER TROW */
static const time_info time_rows[T_COUNT] = {
    {"slotted twin: typed get", NULL, "ns.slots.get_typed", 0},
    {"slotted twin: by-name get, declared", NULL, "ns.slots.get_name_decl", 0},
    {"typed get (Measurement_x)", "ns.plain.get_typed", "ns.slots.get_typed", 0},
    {"by-name get, declared (sg_getattr)", "ns.plain.get_name_decl", "ns.slots.get_name_decl",
     0},
    {"dynamic get by C string (sg_getattr)", "ns.plain.get_dyn_name", NULL, 15},
    {"dynamic get by atom (sg_getattr_atom)", "ns.plain.get_dyn_attr", NULL, 3},
    {"dynamic get, inline cache (_cached)", "ns.plain.get_dyn_attr", NULL, 0},
    {"dynamic set, existing, by C string", "ns.plain.set_existing_name", NULL, 20},
    {"dynamic set, existing, by atom", "ns.plain.set_existing", NULL, 20},
    {"dynamic set, new (first; allocates)", "ns.plain.set_new", NULL, 40},
    {"delete (last-added of 3)", "ns.plain.delete", NULL, 0},
    {"set, new: oldest of 511 sibling names", NULL, NULL, 0},
    {"get by atom: 'other' declared elsewhere", NULL, NULL, 0},
    {"GLib g_hash_table_remove, 3 keys", NULL, NULL, 0},
};

static void print_time_target(const time_info *ti, double ns, size_t errors)
{
    char tg[16];

    if (errors) {
        printf("  %zu ERRORS", errors);
        return;
    }
    if (ti->target == 0)
        return;
    snprintf(tg, sizeof tg, "<= %.0f ns", ti->target);
    printf("  <=%-3.0f %s", ti->target,
           verdict(as_printed(ns, 2) <= ti->target, ti->label, ns, tg));
}

static void print_time_row(trow r)
{
    const time_info *ti = &time_rows[r];
    double plain = ti->py_plain ? py_value(ti->py_plain) : NAN;
    double slots = ti->py_slots ? py_value(ti->py_slots) : NAN;
    double py = isnan(plain) ? slots : plain;
    char a[16], b[16], c[16], d[16], e[16];

    printf("  %-38s %7s %6s  %7s %7s %6s", ti->label, num(a, tns[r], 2),
           num(b, tns[r] / tns[T_SLOT_TYPED], 1), num(c, plain, 1), num(d, slots, 1),
           num(e, tns[r] / py, 2));
    print_time_target(ti, tns[r], terr[r]);
    printf("\n");
}

static void print_time_table(void)
{
    printf("== Time: ns/op, hot: a pool of %d Measurement_new instances (3 dynamic attributes "
           "each,\n   'other' the last), median of %d runs of %u ops, loop overhead included; "
           "CPython: the same\n   loops in Python (o.x, getattr(o, n), o.other, setattr(o, n, v), "
           "...). x slot: over the\n   slotted typed get.\n\n", BENCH_POOL, BENCH_RUNS, BENCH_OPS);
    printf("  %-38s %7s %6s  %7s %7s %6s  %s\n", "row", "slotgen", "x slot", "CPython",
           "CPython", "sg/py", "issue target");
    printf("  %-38s %7s %6s  %7s %7s\n", "", "ns/op", "", "plain", "slots");
    for (int r = 0; r <= T_MAIN_LAST; r++) {
        print_time_row((trow)r);
        if (r == T_SLOT_NAME)
            printf("\n");
    }
    printf("\n");
}

/* ---- memory given back, turnover, contention ------------------------------------------ */

static void print_churn_table(void)
{
    char a[16], b[16], c[16], w[80];
    double mb = 1e6, held = churn.held_after_free / mb, peak = churn.peak_live / mb;
    double ratio = churn.turnover_sg / churn.turnover_malloc;

    printf("== Memory given back: %zu Images with a 20- and a 40-character string, made with "
           "Image_new,\n   then freed with Image_free; no sg_runtime_cleanup. Hook bytes, in MB "
           "(10^6 B).\n\n", n_inst);
    printf("  %-44s %9s %9s %7s  %s\n", "row", "figure", "baseline", "ratio", "issue target");
    printf("  %-44s %9s %9s %7s", "held by the runtime after the frees", num(a, held, 2),
           num(b, peak, 2), num(c, held / peak, 4));
    snprintf(w, sizeof w, "memory given back: MB held after freeing the Images");
    printf("  <=1.00 %s\n", verdict(as_printed(held, 2) <= 1.00, w, held, "<= 1.00 MB"));
    printf("  %-44s (baseline: the peak, every Image live)\n\n", "");
    printf("== Turnover: free %zu Images with short strings (20, 40), then make %zu with long "
           "ones (90, 150);\n   MB malloc obtained from the system at the peak, each side in a "
           "child process of its own.\n\n", n_inst, n_inst);
    printf("  %-44s %9s %9s %7s  %s\n", "row", "slotgen", "malloc", "ratio", "issue target");
    printf("  %-44s %9s %9s %7s", "peak (Image_new/free vs malloc/strdup/free)",
           num(a, churn.turnover_sg / mb, 2), num(b, churn.turnover_malloc / mb, 2),
           num(c, ratio, 2));
    printf("  <=1.00 %s\n\n", verdict(as_printed(ratio, 2) <= 1.0,
                                      "turnover peak: slotgen / malloc", ratio, "<= 1.00"));
}

/* One cliff row: 'fig' against the normal case 'base'; a target on the ratio when 'target'
 * is not 0. */
static void print_cliff(const char *label, double fig, double base, const char *unit,
                        double target)
{
    char a[16], b[16], c[16], tg[16];
    double ratio = fig / base;

    printf("  %-48s %8s %8s %-4s %6s", label, num(a, fig, 2), num(b, base, 2), unit,
           num(c, ratio, 2));
    if (target > 0 && !isnan(ratio)) {
        snprintf(tg, sizeof tg, "<= %.2fx", target);
        printf("  %s %s", tg, verdict(as_printed(ratio, 2) <= target, label, ratio, tg));
    }
    printf("\n");
}

static void print_cliff_table(void)
{
    printf("== Cliffs (issue 8): each case against its normal case, measured in this run.\n\n");
    printf("  %-48s %8s %8s %-4s %6s  %s\n", "case", "figure", "normal", "", "ratio",
           "issue target");
    print_cliff("set, new: the oldest of 511 sibling names", tns[T_SET_NEW_SIBLINGS],
                tns[T_SET_NEW], "ns", 0);
    print_cliff("3 attributes after a burst of 10,000 names", burst_bytes,
                mem[BC_MEASUREMENT][SC_DYN3].new_hook, "B", 0);
    print_cliff("get by atom: a name another class declares", tns[T_DYN_ATOM_ELSEWHERE],
                tns[T_DYN_ATOM], "ns", 0);
    print_cliff("delete (last of 3) vs GLib g_hash_table_remove", tns[T_DELETE],
                tns[T_GLIB_REMOVE], "ns", 1.0);
    printf("  (normal: set, new on Measurement; Measurement's 3-attribute new-hook bytes; get "
           "by atom with\n   no class declaring 'other'; GLib's remove from a table of the same "
           "3 string keys)\n\n");
}

static void print_threads_table(void)
{
    char a[16], b[16], c[16], d[16], e[16];

    printf("== Contention: N threads each allocate 64 blocks of 32 bytes (one size class, one "
           "lock) and free\n   them, 2^20 pairs per thread; wall ns per alloc+free pair, all "
           "threads together, median of %d.\n   Locks: test-and-test-and-set spinlocks that "
           "back off (pause x1..64), then yield.\n\n", BENCH_RUNS);
    printf("  %-10s %12s %12s %9s %12s %9s\n", "threads", "sg_alloc", "1 thread", "ratio",
           "malloc", "sg/malloc");
    for (int k = 0; k < CHURN_THREAD_ROWS; k++) {
        printf("  %-10d %12s %12s %9s %12s %9s\n", churn.threads[k], num(a, churn.sg_ns[k], 2),
               num(b, churn.sg_ns[0], 2), num(c, churn.sg_ns[k] / churn.sg_ns[0], 2),
               num(d, churn.malloc_ns[k], 2), num(e, churn.sg_ns[k] / churn.malloc_ns[k], 2));
    }
    if (churn.failures)
        printf("  ERRORS: %zu allocations failed\n", churn.failures);
    printf("\n");
}

/* ---- the run -------------------------------------------------------------------------- */

static void measure_memory(void)
{
    for (int ci = 0; ci < BC_COUNT; ci++) {
        int last = ci >= BC_SLOT_MEASUREMENT ? SC_NONE : SC_COUNT - 1;
        for (int sc = 0; sc <= last; sc++)
            mem[ci][sc] = mem_measure(&bench_classes[ci], (scenario)sc, n_inst);
    }
}

/* Runs every timing row; false when the pools cannot be made. Checks that the pools, after
 * millions of set, delete and re-set operations, give every byte back. */
static bool measure_time(void)
{
    size_t live0;

    sg_runtime_cleanup();
    live0 = mem_live();
    if (!time_setup()) {
        fprintf(stderr, "bench: cannot set up the timing pools\n");
        return false;
    }
    for (int r = 0; r < T_COUNT; r++)
        tns[r] = time_row((trow)r, &terr[r]);
    time_teardown();
    sg_runtime_cleanup();
    time_leaked = mem_live() - live0;
    return true;
}

/* Prints every row that left hook bytes live after its objects were freed and the runtime
 * cleaned up, or one line saying none did. */
static void print_leaks(void)
{
    size_t bad = 0;

    if (time_leaked) {
        printf("  LEAK  timings: %zu hook bytes still live after free and cleanup\n",
               time_leaked);
        bad++;
    }
    for (int ci = 0; ci < BC_COUNT; ci++) {
        for (int sc = 0; sc < SC_COUNT; sc++) {
            if (!mem[ci][sc].leaked)
                continue;
            printf("  LEAK  %s %s: %zu hook bytes still live after free and cleanup\n",
                   bench_classes[ci].cls->name, scenario_key[sc], mem[ci][sc].leaked);
            bad++;
        }
    }
    if (!bad)
        printf("  leak check: every row gave back all its hook bytes (free, then "
               "sg_runtime_cleanup)\n");
}

static void print_summary(double elapsed)
{
    printf("== Targets of issues 3 and 8: %zu of %zu met\n", npass, nverdicts);
    for (size_t i = 0; i < nverdicts; i++)
        printf("  %s\n", verdicts[i]);
    print_leaks();
    printf("\n(run took %.1f s)\n", elapsed);
}

/* Parses [-n N] [script]; returns the script or NULL. */
static const char *parse_args(int argc, char **argv)
{
    int i = 1;

    if (argc > 2 && strcmp(argv[1], "-n") == 0) {
        n_inst = strtoul(argv[2], NULL, 10);
        i = 3;
    }
    if (n_inst == 0)
        n_inst = BENCH_N;
    return i < argc ? argv[i] : NULL;
}

int main(int argc, char **argv)
{
    const char *script = parse_args(argc, argv);
    double t0 = seconds();
    FILE *jobs[2] = {NULL, NULL};

    mem_install_hook();
    if (script) {
        jobs[0] = py_start(script, n_inst, "mem Measurement");
        jobs[1] = py_start(script, n_inst, "mem Image");
    }
    fprintf(stderr, "bench: memory (CPython's in the background) ...\n");
    measure_memory();
    fprintf(stderr, "bench: memory given back, turnover ...\n");
    churn_given_back(n_inst, &churn);
    churn_turnover(n_inst, &churn);
    burst_bytes = churn_burst(n_inst, &churn.failures);
    fprintf(stderr, "bench: waiting for CPython's memory figures ...\n");
    py_collect(jobs[0]);
    py_collect(jobs[1]);
    if (script) {
        fprintf(stderr, "bench: CPython timings ...\n");
        py_collect(py_start(script, n_inst, "time"));
    }
    fprintf(stderr, "bench: slotgen timings ...\n");
    if (!measure_time())
        return 1;
    fprintf(stderr, "bench: contention ...\n");
    churn_threads(&churn);
    print_machine();
    print_mem_table();
    print_churn_table();
    print_time_table();
    print_cliff_table();
    print_threads_table();
    print_summary(seconds() - t0);
    return 0;
}
