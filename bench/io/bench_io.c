/*
 * bench_io.c - the load and save rows of `make bench` (issue 11): 1,000,000 Photo objects (an
 * Image with realistic strings, bench/schemas/io.yaml) saved as a YAML sequence and a JSON
 * array, then loaded back by libslotgen-io, beside the baselines measured in the same run:
 * a bare libyaml event parse of the same YAML file, libcyaml loading it into an equivalent
 * hand-written libcyaml schema, and CPython's json.load and yaml.load (C loader) building
 * __slots__ objects (bench/io/python_io.py).
 *
 * Each phase runs in a child process (fork), so its peak RSS and its CPU time (wait4's rusage
 * of the child) are its own; times are the best of REPS runs, in CPU time (user + system), which
 * other processes sharing the machine disturb far less than wall-clock time. The streaming row
 * loads every object and drops it at once: its peak RSS above the bare process is the loader's
 * constant.
 */
#define _DEFAULT_SOURCE /* wait4 */
#define _POSIX_C_SOURCE 200809L

#include <cyaml/cyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "io.slot.h"
#include "slotgen-io.h"

#define REPS 3

static size_t n_objs = 1000000;
static const char *dir;

/* This process's CPU time (user + system) in seconds. */
static double cpu_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double tv_secs(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

/* ---- data ---------------------------------------------------------------------------- */

static const char *const words[] = {
    "sunset", "harbor", "mountain", "lake", "city", "night", "street", "forest", "river",
    "bridge", "portrait", "garden", "caf\xc3\xa9", "winter", "market", "\"golden\" hour",
};

static uint64_t rng = 42;

static uint32_t rnd(uint32_t n)
{
    rng = rng * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng >> 33) % n;
}

static Photo *make_photos(void)
{
    Photo *p = calloc(n_objs, sizeof *p);
    char buf[256];

    for (size_t i = 0; p && i < n_objs; i++) {
        snprintf(buf, sizeof buf, "%s %s by the %s, %s", words[rnd(16)], words[rnd(16)],
                 words[rnd(16)], words[rnd(16)]);
        p[i].caption = sg_str_dup(buf);
        snprintf(buf, sizeof buf, "https://images.example.com/%04u/%08zu-%s.jpg?w=%u",
                 rnd(10000), i, words[rnd(12)], 100 + rnd(4000));
        p[i].url = sg_str_dup(buf);
        p[i].id = (uint32_t)i;
        p[i].width = (uint16_t)(100 + rnd(4000));
        p[i].height = (uint16_t)(100 + rnd(4000));
        p[i].score = rnd(1000000) / 1000.0;
    }
    return p;
}

static void free_photos(Photo *p)
{
    for (size_t i = 0; i < n_objs; i++)
        Photo_destroy(&p[i]);
    free(p);
}

/* ---- phases (each in its own child) ----------------------------------------------------- */

typedef struct keep {
    Photo *arr;
    size_t n;
} keep;

static sg_io_next keep_fn(void *ud, void *obj, const sg_diag *err)
{
    keep *k = ud;

    if (err) {
        sg_diag_print(err, stderr);
        return SG_IO_STOP;
    }
    memcpy(&k->arr[k->n++], obj, sizeof(Photo));
    return SG_IO_CONTINUE;
}

static sg_io_next drop_fn(void *ud, void *obj, const sg_diag *err)
{
    (void)ud;
    if (err)
        return SG_IO_STOP;
    Photo_destroy(obj);
    return SG_IO_CONTINUE;
}

static char yaml_path[4096], json_path[4096];

/* The streaming rows' second size: n_objs / 10 objects in files of their own, so that the
 * peak RSS of streaming N/10 and N objects, measured in the same run, shows what grows with N. */
static void use_small_files(void)
{
    n_objs /= 10;
    snprintf(yaml_path, sizeof yaml_path, "%s/photos-small.yaml", dir);
    snprintf(json_path, sizeof json_path, "%s/photos-small.json", dir);
}

static int ph_slotgen_load(sg_io_format fmt, bool keep_all)
{
    keep k = {keep_all ? calloc(n_objs, sizeof(Photo)) : NULL, 0};
    sg_io_input in;
    sg_diag d;
    sg_status st;

    memset(&in, 0, sizeof in);
    in.format = fmt;
    in.path = fmt == SG_IO_JSON ? json_path : yaml_path;
    st = sg_io_load_each(&in, &Photo_class, keep_all ? keep_fn : drop_fn, &k, &d);
    if (st != SG_OK) {
        sg_diag_print(&d, stderr);
        return 1;
    }
    return keep_all && k.n != n_objs;
}

static int ph_libyaml(void)
{
    FILE *f = fopen(yaml_path, "rb");
    yaml_parser_t p;
    yaml_event_t e;
    size_t events = 0;
    bool end = false;

    if (!f || !yaml_parser_initialize(&p))
        return 1;
    yaml_parser_set_input_file(&p, f);
    while (!end) {
        if (!yaml_parser_parse(&p, &e))
            return 1;
        end = e.type == YAML_STREAM_END_EVENT;
        events++;
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    fclose(f);
    return events < n_objs;
}

/* The hand-written libcyaml schema of Photo: what a libcyaml user writes a second time. */
static const cyaml_schema_field_t photo_fields[] = {
    CYAML_FIELD_UINT("id", CYAML_FLAG_DEFAULT, Photo, id),
    CYAML_FIELD_STRING_PTR("caption", CYAML_FLAG_POINTER, Photo, caption, 0, CYAML_UNLIMITED),
    CYAML_FIELD_STRING_PTR("url", CYAML_FLAG_POINTER, Photo, url, 0, CYAML_UNLIMITED),
    CYAML_FIELD_UINT("width", CYAML_FLAG_DEFAULT, Photo, width),
    CYAML_FIELD_UINT("height", CYAML_FLAG_DEFAULT, Photo, height),
    CYAML_FIELD_FLOAT("score", CYAML_FLAG_DEFAULT, Photo, score),
    CYAML_FIELD_END,
};
static const cyaml_schema_value_t photo_value = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, Photo, photo_fields),
};
static const cyaml_schema_value_t photos_schema = {
    CYAML_VALUE_SEQUENCE(CYAML_FLAG_POINTER, Photo, &photo_value, 0, CYAML_UNLIMITED),
};

static int ph_libcyaml(void)
{
    cyaml_config_t cfg;
    cyaml_data_t *data = NULL;
    unsigned count = 0;

    memset(&cfg, 0, sizeof cfg);
    cfg.log_level = CYAML_LOG_ERROR;
    cfg.log_fn = cyaml_log;
    cfg.mem_fn = cyaml_mem;
    if (cyaml_load_file(yaml_path, &cfg, &photos_schema, &data, &count) != CYAML_OK)
        return 1;
    return count != n_objs;
}

static int ph_save(sg_io_format fmt)
{
    Photo *p = make_photos();
    FILE *f = fopen(fmt == SG_IO_JSON ? json_path : yaml_path, "wb");
    double t;
    int rc;

    if (!p || !f) {
        perror(fmt == SG_IO_JSON ? json_path : yaml_path);
        return 1;
    }
    t = cpu_now();
    rc = sg_io_save_array(fmt, &Photo_class, p, n_objs, f) != SG_OK;
    if (rc)
        fprintf(stderr, "bench_io: save failed\n");
    rc |= fclose(f) != 0;
    printf("%.6f\n", cpu_now() - t); /* the save alone, not making the objects */
    fflush(stdout);
    free_photos(p);
    return rc;
}

/* Runs phase 'which' in a child; its best CPU time (or, for saves, the CPU time of the save
 * alone, which the child prints) in '*secs' and its peak RSS in KiB in '*kib'. */
static int run_phase(int which, double *secs, long *kib)
{
    *secs = 1e30;
    *kib = 0;
    for (int r = 0; r < REPS; r++) {
        int fds[2], status;
        struct rusage ru;
        double t, inner = -1;
        pid_t pid;
        if (pipe(fds) != 0)
            return 1;
        fflush(stdout); /* else the child writes the parent's buffered lines into the pipe */
        pid = fork();
        if (pid == 0) {
            int rc = 1;
            close(fds[0]);
            dup2(fds[1], 1);
            switch (which) {
            case 0: rc = ph_save(SG_IO_YAML); break;
            case 1: rc = ph_save(SG_IO_JSON); break;
            case 2: rc = ph_libyaml(); break;
            case 3: rc = ph_slotgen_load(SG_IO_YAML, true); break;
            case 4: rc = ph_slotgen_load(SG_IO_JSON, true); break;
            case 5: rc = ph_libcyaml(); break;
            case 6: rc = ph_slotgen_load(SG_IO_YAML, false); break;
            case 7: rc = ph_slotgen_load(SG_IO_JSON, false); break;
            case 8: use_small_files(); rc = ph_save(SG_IO_YAML); break;
            case 9: use_small_files(); rc = ph_save(SG_IO_JSON); break;
            case 10: use_small_files(); rc = ph_slotgen_load(SG_IO_YAML, false); break;
            case 11: use_small_files(); rc = ph_slotgen_load(SG_IO_JSON, false); break;
            default: break;
            }
            fflush(stdout);
            _exit(rc);
        }
        close(fds[1]);
        {
            char buf[64] = {0};
            ssize_t n = read(fds[0], buf, sizeof buf - 1);
            if (n > 0)
                inner = atof(buf);
        }
        close(fds[0]);
        if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
            return 1;
        t = inner >= 0 ? inner : tv_secs(ru.ru_utime) + tv_secs(ru.ru_stime);
        if (t < *secs)
            *secs = t;
        if (ru.ru_maxrss > *kib)
            *kib = ru.ru_maxrss;
    }
    return 0;
}

/* CPython's times for json.load and yaml.load (CLoader) into __slots__ objects. */
static int run_python(const char *script, double *json_s, double *yaml_s)
{
    char cmd[9000];
    FILE *p;

    snprintf(cmd, sizeof cmd, "python3 %s %s %s", script, json_path, yaml_path);
    p = popen(cmd, "r");
    if (!p)
        return 1;
    if (fscanf(p, "%lf %lf", json_s, yaml_s) != 2) {
        pclose(p);
        return 1;
    }
    return pclose(p) != 0;
}

/* The ratio as printed (two decimals), so that a target is judged on the figure shown. */
static double printed(double ratio)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.2f", ratio);
    return atof(buf);
}

/* One row: the figure, its baseline from this run, the ratio (what/base when 'slower' is set,
 * "x the baseline", else base/what, "x faster") and the target on that printed ratio: at most
 * 'limit' when 'slower', else at least 'limit'. A negative 'limit': no target. */
static void row(const char *what, double s, const char *base_name, double base, bool slower,
                double limit)
{
    double r = printed(slower ? s / base : base / s);
    char target[64] = "";

    if (limit >= 0)
        snprintf(target, sizeof target, "%s %.2f: %s", slower ? "<=" : ">=", limit,
                 (slower ? r <= limit : r >= limit) ? "met" : "NOT met");
    printf("  %-26s %8.3f s  %-34s %8.3f s  %6.2fx %-7s %s\n", what, s, base_name, base, r,
           slower ? "the base" : "faster", target);
}

static void print_load(const char *when)
{
    char buf[128] = "?";
    FILE *f = fopen("/proc/loadavg", "r");

    if (f) {
        if (!fgets(buf, sizeof buf, f))
            strcpy(buf, "?\n");
        fclose(f);
    }
    printf("  load average %s: %s", when, buf);
}

int main(int argc, char **argv)
{
    enum { PHASES = 12 };
    double t[PHASES], py_json = 0, py_yaml = 0;
    long kib[PHASES];
    const char *script = argc > 1 ? argv[1] : "bench/io/python_io.py";
    size_t n_small;
    bool py;

    dir = argc > 2 ? argv[2] : "/tmp";
    if (getenv("BENCH_IO_N"))
        n_objs = strtoul(getenv("BENCH_IO_N"), NULL, 10);
    n_small = n_objs / 10;
    snprintf(yaml_path, sizeof yaml_path, "%s/photos.yaml", dir);
    snprintf(json_path, sizeof json_path, "%s/photos.json", dir);
    printf("== load and save: %zu Photo objects (bench/schemas/io.yaml), best of %d CPU times "
           "(user + system), each in its own process\n   (CPython's YAML load: one run, it "
           "takes minutes)\n", n_objs, REPS);
    print_load("at the start");
    for (int i = 0; i < PHASES; i++) {
        fprintf(stderr, "  phase %d/%d...\n", i + 1, PHASES);
        if (run_phase(i, &t[i], &kib[i])) {
            fprintf(stderr, "bench_io: phase %d failed\n", i);
            return 1;
        }
    }
    fprintf(stderr, "  CPython...\n");
    py = run_python(script, &py_json, &py_yaml) == 0;
    print_load("at the end");
    printf("  files: %s (YAML), %s (JSON)\n\n", yaml_path, json_path);
    printf("  %-26s %10s  %-34s %10s  %7s %-7s %s\n", "row", "time", "baseline (same run)",
           "time", "ratio", "", "target (on the printed ratio)");
    row("load YAML (slotgen-io)", t[3], "bare libyaml event parse", t[2], true, 1.5);
    row("load YAML (slotgen-io)", t[3], "libcyaml, hand-written schema", t[5], false, 2.0);
    row("load YAML (libcyaml)", t[5], "bare libyaml event parse", t[2], true, -1);
    if (py) {
        row("load JSON (slotgen-io)", t[4], "CPython json.load + __slots__", py_json, false, 1.0);
        row("load YAML (slotgen-io)", t[3], "CPython yaml CLoader + __slots__", py_yaml, false,
            5.0);
    } else {
        printf("  CPython: not measured (python3 with the yaml module is not installed)\n");
    }
    row("save YAML (slotgen-io)", t[0], "slotgen-io load YAML", t[3], false, 1.0);
    row("save JSON (slotgen-io)", t[1], "slotgen-io load JSON", t[4], false, 1.0);
    printf("\n  libcyaml runs at %.2fx the bare parse, so a loader at the bare parse itself "
           "would be %.2fx faster than libcyaml: the most any libyaml-based loader can reach.\n",
           printed(t[5] / t[2]), printed(t[5] / t[2]));
    printf("\n  peak RSS (KiB)              %12zu objects %12zu objects   difference\n",
           n_small, n_objs);
    printf("  streaming YAML (dropped)    %20ld %20ld   %+10ld\n", kib[10], kib[6],
           kib[6] - kib[10]);
    printf("  streaming JSON (dropped)    %20ld %20ld   %+10ld\n", kib[11], kib[7],
           kib[7] - kib[11]);
    printf("  bare libyaml parse          %20s %20ld\n", "", kib[2]);
    printf("  keep all YAML               %20s %20ld   (%.1f bytes per object above "
           "streaming: sizeof(Photo) %zu + two owned strings)\n", "", kib[3],
           (double)(kib[3] - kib[6]) * 1024.0 / (double)n_objs, sizeof(Photo));
    printf("  keep all JSON               %20s %20ld\n", "", kib[4]);
    printf("  libcyaml (keeps all)        %20s %20ld\n", "", kib[5]);
    {
        double grow_y = (double)(kib[6] - kib[10]) * 1024.0 / (double)(n_objs - n_small);
        double grow_j = (double)(kib[7] - kib[11]) * 1024.0 / (double)(n_objs - n_small);
        printf("  streaming growth per object from %zu to %zu: YAML %.3f B, JSON %.3f B "
               "(target: a constant, < 1 byte per object): %s\n", n_small, n_objs,
               printed(grow_y), printed(grow_j),
               printed(grow_y) < 1.0 && printed(grow_j) < 1.0 ? "met" : "NOT met");
    }
    return 0;
}
