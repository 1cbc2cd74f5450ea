/*
 * bench.c - `make bench`: slotgen's dynamic attributes against its slotted structs and
 * CPython, measured in one run and printed as one report.
 *
 * The run, in order: the CPython memory jobs start in the background (one per class); the C
 * memory rows run meanwhile (memory figures do not depend on the machine's load); the
 * driver waits for the jobs, then runs the CPython timings and the C timings, each alone, so
 * no timing shares the cores with anything else of ours. Progress goes to stderr, the report
 * to stdout: the machine, how to read the report, the tables, then every target "reached" or
 * "missed", each miss with its reason in one line, and what the run cost (wall and CPU
 * time). Every row prints a figure beside its baseline from the same run and their ratio. A
 * missed target is a finding, not a failure: the exit status is 0 whenever the run completes.
 *
 *     bench [-n N] [python_bench.py]      N instances per memory row (default 1,000,000);
 *                                         without the script, the CPython columns are n/a
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAX_VERDICTS 64

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static mem_figures mem[BC_COUNT][SC_COUNT];
static list_figures lists[2][LIST_LENS]; /* [strings][length] */
static size_t n_list;                    /* the list rows' instances: n_inst / 10 */
static churn_figures churn;
static double burst_bytes = NAN;
static double tns[T_COUNT];
static size_t terr[T_COUNT];
static size_t n_inst = BENCH_N;
static size_t time_leaked;

/* One target's outcome, for the summary; 'why' is empty when it was reached. */
typedef struct outcome {
    char line[128];
    char why[160];
} outcome;

static outcome verdicts[MAX_VERDICTS];
static size_t nverdicts, npass;
static double time_load = NAN; /* the 1-minute load average as the timings began */

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

/* Records a target's outcome for the summary and returns "reached" or "missed". 'why' (a
 * printf format and its arguments) says in one line why a missed target was missed; it is
 * not used for one that was reached. */
static const char *verdict(bool pass, const char *what, double fig, const char *target,
                           const char *why, ...) PRINTF_LIKE(5, 6);

static const char *verdict(bool pass, const char *what, double fig, const char *target,
                           const char *why, ...)
{
    char f[16];
    va_list ap;

    if (nverdicts < MAX_VERDICTS) {
        outcome *o = &verdicts[nverdicts++];
        snprintf(o->line, sizeof o->line, "%-7s  %-52s %7s  target %s",
                 pass ? "reached" : "missed", what, num(f, fig, 2), target);
        o->why[0] = '\0';
        if (!pass) {
            va_start(ap, why);
            vsnprintf(o->why, sizeof o->why, why, ap);
            va_end(ap);
        }
    }
    npass += pass;
    return pass ? "reached" : "missed";
}

/* The 1-minute load average, or NaN. */
static double load1(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double a = NAN;

    if (f && fscanf(f, "%lf", &a) != 1)
        a = NAN;
    if (f)
        fclose(f);
    return a;
}

/* "timed at load 5.78 on 2 CPUs" in 'buf' (at least 64 bytes): the condition every time
 * figure was taken in, which the reason of a missed time target states. */
static const char *timed_at(char *buf)
{
    char l[16];

    snprintf(buf, 64, "timed at load %s on %ld CPUs", num(l, time_load, 2),
             sysconf(_SC_NPROCESSORS_ONLN));
    return buf;
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
    printf("How to read it: every row prints a figure measured in this run beside its baseline,\n"
           "measured in the same run, and their ratio. A target is checked against the figure\n"
           "exactly as printed, with no slack, and reads \"reached\" or \"missed\"; "
           "the list at the\n"
           "end gives each miss its reason. A miss is a finding, not a failure. Bytes do not\n"
           "depend on the machine's load; times do (see the load line above).\n\n");
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

/* Prints the absolute target of one row, checked on both the array and the new figure;
 * padded to its column's width when 'more' columns follow. */
static void print_abs_target(const bench_class *bc, scenario sc, const mem_figures *f,
                             bool more)
{
    double t = mem_target(bc->cls->size, sc);
    double worst = fmax(f->array_hook, f->new_hook);
    char what[64], tg[16];

    if (t == 0 || f->failures) {
        printf(more ? "  %-17s" : "  %s", f->failures ? "ERRORS" : "-");
        return;
    }
    snprintf(what, sizeof what, "%s, %s: bytes/instance", bc->name, scenario_label[sc]);
    snprintf(tg, sizeof tg, "<= %.2f B", t);
    printf(more ? "  <=%-7.2f %-7s" : "  <=%-7.2f %s", t,
           verdict(as_printed(worst, 2) <= as_printed(t, 2), what, worst, tg,
                   "%.2f B over; the hook counts every byte: slab chunk headers and tails, "
                   "names, shapes", as_printed(worst, 2) - t));
}

/* Prints the 2.5x-less-than-CPython target of one row: slotgen's 'sg' bytes against
 * CPython's 'py', 'sg0' and 'py0' being the two sides' figures with no dynamic attribute. */
static void print_py_target(const bench_class *bc, scenario sc, double sg, double py,
                            double sg0, double py0)
{
    char what[64];
    double factor = py / sg;

    if (isnan(factor))
        return;
    snprintf(what, sizeof what, "%s, %s: CPython / slotgen", bc->name, scenario_label[sc]);
    printf("  >=2.50x %s",
           verdict(as_printed(factor, 2) >= 2.5, what, factor, ">= 2.50x",
                   "needs <= %.2f B (CPython %.1f / 2.5); the attributes add %.2f B here, "
                   "%.1f in CPython", py / 2.5, py, sg - sg0, py - py0));
}

static void print_mem_row(const char *label, const mem_figures *f, double slot, double py_plain,
                          double py_slots)
{
    char a[16], b[16], c[16], d[16], e[16], g[16], h[16], k[16];
    double py = isnan(py_plain) ? py_slots : py_plain;

    printf("  %-22s %7s %7s %7s %7s %7s  %7s %7s %6s", label, num(a, f->array_hook, 2),
           num(b, f->array_malloc, 2), num(c, f->new_hook, 2), num(d, f->new_malloc, 2),
           num(e, f->new_hook / slot, 2), num(g, py_plain, 1), num(h, py_slots, 1),
           num(k, py / f->new_hook, 2));
}

static void print_mem_class(int ci)
{
    const bench_class *bc = &bench_classes[ci], *twin = &bench_classes[ci + 2];
    double slot = mem[ci + 2][SC_NONE].new_hook, py_slots;
    char key[64], key0[64];

    printf("%s: sizeof %u, slotted twin %u\n", bc->name, bc->cls->size, twin->cls->size);
    snprintf(key, sizeof key, "mem.slots.%s.none", bc->name);
    py_slots = py_value(key);
    snprintf(key0, sizeof key0, "mem.plain.%s.none", bc->name);
    print_mem_row("slotted twin", &mem[ci + 2][SC_NONE], slot, NAN, py_slots);
    printf("\n");
    for (int sc = 0; sc < SC_COUNT; sc++) {
        const mem_figures *f = &mem[ci][sc];
        double py;

        snprintf(key, sizeof key, "mem.plain.%s.%s", bc->name, scenario_key[sc]);
        py = py_value(key);
        print_mem_row(scenario_label[sc], f, slot, py, sc == SC_NONE ? py_slots : NAN);
        print_abs_target(bc, (scenario)sc, f, !isnan(py / f->new_hook));
        print_py_target(bc, (scenario)sc, f->new_hook, py, mem[ci][SC_NONE].new_hook,
                        py_value(key0));
        printf("\n");
    }
}

static void print_mem_table(void)
{
    char n[32];

    printf("== Memory: what one instance costs, in bytes, over %s instances of each row; string\n"
           "   payloads excluded (every string NULL / None). Baseline: the slotted twin, the same\n"
           "   attributes with no room for others, measured in this run.\n",
           num(n, (double)n_inst, 0));
    printf("   array: one array of structs (Name_init); new: one Name_new each. hook: live bytes "
           "the runtime\n   requested through its allocation hook (slab chunk granularity "
           "included), plus the array itself;\n   malloc: mallinfo2 in-use delta. x slotted: new "
           "hook over the slotted twin's. CPython: the\n   same instances' tracemalloc bytes "
           "(plain class; __slots__). py/sg: CPython's over new hook.\n   Targets: bytes "
           "(checked on both hook figures); CPython using at least 2.5x slotgen's bytes.\n\n");
    printf("  %-22s %7s %7s %7s %7s %7s  %7s %7s %6s  %s\n", "", "array", "array", "new",
           "new", "x", "CPython", "CPython", "py/sg", "target: bytes      target: py/sg");
    printf("  %-22s %7s %7s %7s %7s %7s  %7s %7s\n", "row", "hook", "malloc", "hook", "malloc",
           "slotted", "plain", "slots");
    for (int ci = BC_MEASUREMENT; ci <= BC_IMAGE; ci++) {
        print_mem_class(ci);
        printf("\n");
    }
}

/* ---- lists ---------------------------------------------------------------------------- */

static void measure_lists(void)
{
    for (int str = 0; str < 2; str++)
        for (int k = 0; k < LIST_LENS; k++)
            lists[str][k] = mem_list(str != 0, list_lens[k], n_list);
}

static void print_list_table(void)
{
    char n[32], a[16], b[16], c[16], d[16];

    printf("== Lists (schema language 1.1): what one instance of a slotted class holding one list\n"
           "   costs, in bytes, over %s instances of each row, the list built by appends. C: a\n"
           "   struct of one pointer (IntList {v: i64[]}, StrList {v: string[]}); the list's block\n"
           "   is an 8-byte header (count, capacity) and its elements, NULL while empty. Baseline:\n"
           "   CPython, a __slots__ class holding a list, measured in this run (tracemalloc). Ints\n"
           "   are k & 0xff (CPython caches them: only the list counts); each string is its own\n"
           "   8-byte text, counted on both sides. py/sg: CPython's bytes over slotgen's hook bytes.\n\n",
           num(n, (double)n_list, 0));
    printf("  %-22s %9s %9s %9s %7s\n", "row", "sg hook", "sg malloc", "CPython", "py/sg");
    for (int str = 0; str < 2; str++)
        for (int k = 0; k < LIST_LENS; k++) {
            const list_figures *f = &lists[str][k];
            char key[64], label[48];
            snprintf(key, sizeof key, "mem.list.%s.%u", str ? "str" : "int", list_lens[k]);
            snprintf(label, sizeof label, "%s, %u element%s", str ? "strings" : "ints",
                     list_lens[k], list_lens[k] == 1 ? "" : "s");
            double py = py_value(key);
            printf("  %-22s %9s %9s %9s %7s%s\n", label, num(a, f->hook, 2),
                   num(b, f->malloc, 2), num(c, py, 2), num(d, py / f->hook, 2),
                   f->failures ? "  (some appends failed)" : "");
        }
    printf("\n");
}

/* ---- time ----------------------------------------------------------------------------- */

typedef struct time_info {
    const char *label;
    const char *py_plain; /* the CPython figures beside it; NULL for none */
    const char *py_slots;
    double target;        /* ns/op; 0 for none */
    const char *work;     /* what the operation does, for the reason of a miss */
} time_info;

/* ORDER TROW */
static const time_info time_rows[T_COUNT] = {
    {"slotted twin: typed get", NULL, "ns.slots.get_typed", 0, NULL},
    {"slotted twin: by-name get, declared", NULL, "ns.slots.get_name_decl", 0, NULL},
    {"typed get (Measurement_x)", "ns.plain.get_typed", "ns.slots.get_typed", 0, NULL},
    {"by-name get, declared (sg_getattr)", "ns.plain.get_name_decl", "ns.slots.get_name_decl",
     0, NULL},
    {"dynamic get by C string (sg_getattr)", "ns.plain.get_dyn_name", NULL, 15,
     "strlen, the generated lookup, the atom by hash"},
    {"dynamic get by atom (sg_getattr_atom)", "ns.plain.get_dyn_attr", NULL, 3,
     "a call, a bit test, a scan of the object's shape"},
    {"dynamic get, inline cache (_cached)", "ns.plain.get_dyn_attr", NULL, 0, NULL},
    {"dynamic set, existing, by C string", "ns.plain.set_existing_name", NULL, 20,
     "strlen, the generated lookup, the atom by hash, a store"},
    {"dynamic set, existing, by atom", "ns.plain.set_existing", NULL, 20,
     "a call, a bit test, a shape scan, a store"},
    {"dynamic set, new (first; allocates)", "ns.plain.set_new", NULL, 40,
     "allocates the attribute block, steps to a child shape"},
    {"delete (last-added of 3)", "ns.plain.delete", NULL, 0, NULL},
    {"set, new: oldest of 511 sibling names", NULL, NULL, 0, NULL},
    {"get by atom: 'other' declared elsewhere", NULL, NULL, 0, NULL},
    {"GLib g_hash_table_remove, 3 keys", NULL, NULL, 0, NULL},
};

static void print_time_target(const time_info *ti, double ns, size_t errors)
{
    char tg[16], at[64];

    if (errors) {
        printf("  %zu ERRORS", errors);
        return;
    }
    if (ti->target == 0)
        return;
    snprintf(tg, sizeof tg, "<= %.0f ns", ti->target);
    printf("  <=%-3.0f %s", ti->target,
           verdict(as_printed(ns, 2) <= ti->target, ti->label, ns, tg, "%s; %s", ti->work,
                   timed_at(at)));
}

static void print_time_row(trow r)
{
    const time_info *ti = &time_rows[r];
    double plain = ti->py_plain ? py_value(ti->py_plain) : NAN;
    double slots = ti->py_slots ? py_value(ti->py_slots) : NAN;
    double py = isnan(plain) ? slots : plain;
    char a[16], b[16], c[16], d[16], e[16];

    printf("  %-38s %7s %7s  %7s %7s %6s", ti->label, num(a, tns[r], 2),
           num(b, tns[r] / tns[T_SLOT_TYPED], 1), num(c, plain, 1), num(d, slots, 1),
           num(e, tns[r] / py, 2));
    print_time_target(ti, tns[r], terr[r]);
    printf("\n");
}

static void print_time_table(void)
{
    printf("== Time: nanoseconds per operation, hot: a pool of %d Measurement_new instances (3\n"
           "   dynamic attributes each, 'other' the last), median of %d runs of %u ops, loop "
           "overhead\n   included. Baseline: the slotted twin's typed get (a field load), "
           "measured in this run;\n   x slotted: the row's time over it. CPython: the same "
           "loops in Python (o.x, getattr(o, n),\n   o.other, setattr(o, n, v), ...); sg/py: "
           "slotgen's time over CPython's, plain class\n   (__slots__ on the slotted twin's "
           "rows).\n\n", BENCH_POOL, BENCH_RUNS,
           BENCH_OPS);
    printf("  %-38s %7s %7s  %7s %7s %6s  %s\n", "row", "slotgen", "x", "CPython",
           "CPython", "sg/py", "target");
    printf("  %-38s %7s %7s  %7s %7s\n", "", "ns/op", "slotted", "plain", "slots");
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
           "(10^6 B).\n   Baseline: the peak, every Image live, in this run; ratio: held over "
           "the peak.\n\n", n_inst);
    printf("  %-44s %9s %9s %7s  %s\n", "row", "held", "peak", "ratio", "target");
    printf("  %-44s %9s %9s %7s", "MB the runtime holds after the frees", num(a, held, 2),
           num(b, peak, 2), num(c, held / peak, 4));
    snprintf(w, sizeof w, "memory given back: MB held after freeing the Images");
    printf("  <=1.00 %s\n\n",
           verdict(as_printed(held, 2) <= 1.00, w, held, "<= 1.00 MB",
                   "the runtime kept %.2f MB of the %.2f MB live at the peak", held, peak));
    printf("== Turnover: free %zu Images with short strings (20, 40), then make %zu with long "
           "ones (90, 150);\n   MB malloc obtained from the system at the peak, each side in a "
           "child process of its own.\n   Baseline: the same workload with malloc, strdup and "
           "free, in this run; ratio: slotgen's\n   peak over it.\n\n", n_inst, n_inst);
    printf("  %-44s %9s %9s %7s  %s\n", "row", "slotgen", "malloc", "ratio", "target");
    printf("  %-44s %9s %9s %7s", "peak MB (Image_new/free vs malloc/strdup/free)",
           num(a, churn.turnover_sg / mb, 2), num(b, churn.turnover_malloc / mb, 2),
           num(c, ratio, 2));
    printf("  <=1.00 %s\n\n",
           verdict(as_printed(ratio, 2) <= 1.0, "turnover peak: slotgen / malloc", ratio,
                   "<= 1.00", "slotgen's peak %.2f MB against malloc's %.2f MB",
                   churn.turnover_sg / mb, churn.turnover_malloc / mb));
}

/* One cliff row: 'fig' against the normal case 'base'; a target on the ratio when 'target'
 * is not 0. */
static void print_cliff(const char *label, double fig, double base, const char *unit,
                        double target)
{
    char a[16], b[16], c[16], tg[16], at[64];
    double ratio = fig / base;

    printf("  %-48s %8s %8s %-4s %6s", label, num(a, fig, 2), num(b, base, 2), unit,
           num(c, ratio, 2));
    if (target > 0 && !isnan(ratio)) {
        snprintf(tg, sizeof tg, "<= %.2fx", target);
        printf("  %s %s", tg,
               verdict(as_printed(ratio, 2) <= target, label, ratio, tg,
                       "%.2f %s against %.2f %s; %s", fig, unit, base, unit, timed_at(at)));
    }
    printf("\n");
}

static void print_cliff_table(void)
{
    printf("== Cliffs: cases that could cost far more than usual, each against its normal case\n"
           "   (the baseline) measured in this run; ratio: the case over its normal case.\n\n");
    printf("  %-48s %8s %8s %-4s %6s  %s\n", "case", "figure", "normal", "", "ratio",
           "target");
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
           "back off (pause x1..64), then yield. Baselines,\n   in this run: 1 thread (ratio) "
           "and glibc's malloc/free doing the same (sg/malloc). No target.\n\n", BENCH_RUNS);
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
    for (int str = 0; str < 2; str++)
        for (int k = 0; k < LIST_LENS; k++)
            if (lists[str][k].leaked) {
                printf("  LEAK  list of %u %s: %zu hook bytes still live after free and "
                       "cleanup\n", list_lens[k], str ? "strings" : "ints",
                       lists[str][k].leaked);
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

/* CPU seconds this process and its waited-for children (the CPython jobs, the turnover
 * children) have used, user and system. */
static double cpu_seconds(void)
{
    struct rusage self, kids;
    double t = 0;

    if (getrusage(RUSAGE_SELF, &self) == 0)
        t += (double)self.ru_utime.tv_sec + (double)self.ru_stime.tv_sec +
             ((double)self.ru_utime.tv_usec + (double)self.ru_stime.tv_usec) / 1e6;
    if (getrusage(RUSAGE_CHILDREN, &kids) == 0)
        t += (double)kids.ru_utime.tv_sec + (double)kids.ru_stime.tv_sec +
             ((double)kids.ru_utime.tv_usec + (double)kids.ru_stime.tv_usec) / 1e6;
    return t;
}

static void print_summary(double elapsed)
{
    char load[96];

    printf("== Targets: %zu of %zu reached, %zu missed (each missed one: why, on the line "
           "below it)\n", npass, nverdicts, nverdicts - npass);
    for (size_t i = 0; i < nverdicts; i++) {
        printf("  %s\n", verdicts[i].line);
        if (verdicts[i].why[0])
            printf("           why: %s\n", verdicts[i].why);
    }
    print_leaks();
    printf("\nThis run took %.1f s wall-clock and %.1f s of CPU (CPython's included);\n"
           "load %s.\n", elapsed, cpu_seconds(), load_average(load, sizeof load));
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
    FILE *jobs[3] = {NULL, NULL, NULL};

    mem_install_hook();
    n_list = n_inst / 10 ? n_inst / 10 : 1;
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
    if (script)
        jobs[2] = py_start(script, n_list, "mem lists");
    fprintf(stderr, "bench: lists (CPython's in the background) ...\n");
    measure_lists();
    py_collect(jobs[2]);
    if (script) {
        fprintf(stderr, "bench: CPython timings ...\n");
        py_collect(py_start(script, n_inst, "time"));
    }
    fprintf(stderr, "bench: slotgen timings ...\n");
    time_load = load1();
    if (!measure_time())
        return 1;
    fprintf(stderr, "bench: contention ...\n");
    churn_threads(&churn);
    print_machine();
    print_mem_table();
    print_list_table();
    print_churn_table();
    print_time_table();
    print_cliff_table();
    print_threads_table();
    print_summary(seconds() - t0);
    return 0;
}
