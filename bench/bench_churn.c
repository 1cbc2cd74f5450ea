/*
 * bench_churn.c - memory given back, turnover, and allocation under contention.
 *
 * Given back: 1,000,000 Images with realistic strings (a caption and a url of 20 to 40
 * characters) are made with Image_new and freed with Image_free, and the runtime's hook
 * count is read at the peak and after the frees, with no sg_runtime_cleanup in between: what
 * the runtime still holds is what a long-running program would keep.
 *
 * Turnover: free 1,000,000 Images with short strings, then make 1,000,000 with long ones, as
 * a cache that turns its contents over. Each side runs in a child process forked from the
 * same state: slotgen (Image_new / Image_free) and plain malloc (the same struct and strings
 * with malloc, strdup and free). The figure is the peak of what malloc obtained from the
 * system (mallinfo2 arena + hblkhd) over the child's start, sampled at the end of each phase
 * of allocations (the peaks: frees only lower it).
 *
 * Burst: 10,000 Burst instances each set a name no other instance has (spending the class's
 * first 512 shapes), then n instances get a0, a1, a2 as in Measurement's "3 dynamic
 * attributes" row; the figure is hook bytes per instance of those n.
 *
 * Contention: 1, 2 and 8 threads each allocate 64 blocks of 32 bytes and free them, over and
 * over, through sg_alloc / sg_dealloc (one size class, so one lock), and through malloc /
 * free for comparison. The figure is wall-clock ns per alloc+free pair, all threads' pairs
 * together.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HAVE_MALLINFO2 1
#else
#define HAVE_MALLINFO2 0
#endif

#include "bench.h"

#define CAPTION_LEN 20
#define URL_LEN 40
#define LONG_CAPTION_LEN 90
#define LONG_URL_LEN 150

/* ---- strings -------------------------------------------------------------------------- */

/* Writes a 'len'-character string that varies with 'i' into 'buf' (len + 1 bytes). */
static const char *text(char *buf, size_t len, uint32_t i, const char *prefix)
{
    size_t n = (size_t)snprintf(buf, len + 1, "%s%u", prefix, i);

    for (; n < len; n++)
        buf[n] = (char)('a' + (i + n) % 26);
    buf[len] = '\0';
    return buf;
}

static Image *make_image(uint32_t i, size_t caption_len, size_t url_len)
{
    char caption[256], url[256];

    return Image_new(i, text(caption, caption_len, i, "photo "),
                     text(url, url_len, i, "https://example.com/img/"));
}

/* ---- given back ----------------------------------------------------------------------- */

void churn_given_back(size_t n, churn_figures *f)
{
    Image **objs = calloc(n, sizeof *objs);
    size_t base;

    f->peak_live = f->held_after_free = NAN;
    if (!objs)
        return;
    sg_runtime_cleanup();
    base = mem_live();
    for (size_t i = 0; i < n; i++) {
        objs[i] = make_image((uint32_t)i, CAPTION_LEN, URL_LEN);
        f->failures += objs[i] == NULL;
    }
    f->peak_live = (double)(mem_live() - base);
    for (size_t i = 0; i < n; i++)
        Image_free(objs[i]);
    f->held_after_free = (double)(mem_live() - base);
    free(objs);
    sg_runtime_cleanup();
}

/* ---- turnover ------------------------------------------------------------------------- */

/* Bytes malloc has obtained from the system; 0 without mallinfo2. */
static size_t system_bytes(void)
{
#if HAVE_MALLINFO2
    struct mallinfo2 mi = mallinfo2();
    return mi.arena + mi.hblkhd;
#else
    return 0;
#endif
}

static char *dup_text(size_t len, uint32_t i, const char *prefix)
{
    char buf[256];

    return strdup(text(buf, len, i, prefix));
}

/* One Image the plain way: malloc, strdup. */
static SlotImage *plain_image(uint32_t i, size_t caption_len, size_t url_len)
{
    SlotImage *p = malloc(sizeof *p);

    if (!p)
        return NULL;
    p->id = i;
    p->caption = dup_text(caption_len, i, "photo ");
    p->url = dup_text(url_len, i, "https://example.com/img/");
    return p;
}

static void plain_free(SlotImage *p)
{
    free(p->caption);
    free(p->url);
    free(p);
}

/* Makes n short-string Images into 'objs', frees them, makes n long-string ones; returns the
 * peak of system_bytes() over 'base' (sampled after each round of allocations). */
static double turnover(void **objs, size_t n, bool plain, size_t base)
{
    size_t peak = 0, now;

    for (int round = 0; round < 2; round++) {
        size_t cl = round ? LONG_CAPTION_LEN : CAPTION_LEN, ul = round ? LONG_URL_LEN : URL_LEN;
        for (size_t i = 0; i < n; i++)
            objs[i] = plain ? (void *)plain_image((uint32_t)i, cl, ul)
                            : (void *)make_image((uint32_t)i, cl, ul);
        now = system_bytes() - base;
        peak = now > peak ? now : peak;
        for (size_t i = 0; i < n; i++) {
            if (plain)
                plain_free(objs[i]);
            else
                Image_free(objs[i]);
        }
    }
    return (double)peak;
}

/* Runs the turnover in a child process; its figure, or NaN. */
static double turnover_in_child(size_t n, bool plain)
{
    int fds[2];
    pid_t pid;
    double fig = NAN;
    void **objs;

    if (!HAVE_MALLINFO2 || pipe(fds) != 0)
        return NAN;
    pid = fork();
    if (pid == 0) {
        size_t base = system_bytes();
        objs = calloc(n, sizeof *objs);
        fig = objs ? turnover(objs, n, plain, base) : NAN;
        if (write(fds[1], &fig, sizeof fig) != (ssize_t)sizeof fig)
            _exit(1);
        _exit(0);
    }
    close(fds[1]);
    if (pid < 0 || read(fds[0], &fig, sizeof fig) != (ssize_t)sizeof fig)
        fig = NAN;
    close(fds[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return fig;
}

void churn_turnover(size_t n, churn_figures *f)
{
    sg_runtime_cleanup();
    f->turnover_sg = turnover_in_child(n, false);
    f->turnover_malloc = turnover_in_child(n, true);
}

/* ---- burst ------------------------------------------------------------------------------ */

#define BURST 10000

/* Makes n Burst instances with a0, a1, a2 into 'objs'; returns hook bytes per instance. */
static double normal_use(Burst **objs, size_t n, size_t *failures)
{
    static const char *const names[3] = {"a0", "a1", "a2"};
    size_t base = mem_live();
    sg_atom atoms[3];

    for (int k = 0; k < 3; k++) {
        atoms[k] = sg_atom_intern(names[k]);
        *failures += atoms[k] == NULL;
    }
    for (size_t i = 0; i < n; i++) {
        objs[i] = Burst_new((int32_t)(i & 0xff), 2, NULL);
        if (!objs[i] || !atoms[0] || !atoms[1] || !atoms[2]) {
            (*failures)++;
            continue;
        }
        for (int k = 0; k < 3; k++)
            *failures += sg_setattr_atom(&Burst_class, objs[i], atoms[k], sg_int(k)) != SG_OK;
    }
    return (double)(mem_live() - base) / (double)n;
}

double churn_burst(size_t n, size_t *failures)
{
    static Burst *burst[BURST];
    Burst **objs = calloc(n, sizeof *objs);
    double fig = NAN;
    char name[32];

    sg_runtime_cleanup();
    for (size_t i = 0; objs && i < BURST; i++) {
        burst[i] = Burst_new(0, 0, NULL);
        snprintf(name, sizeof name, "burst%zu", i);
        *failures += !burst[i] || sg_setattr(&Burst_class, burst[i], name, sg_int(1)) != SG_OK;
    }
    if (objs)
        fig = normal_use(objs, n, failures);
    for (size_t i = 0; objs && i < n; i++)
        Burst_free(objs[i]);
    for (size_t i = 0; i < BURST; i++)
        Burst_free(burst[i]);
    free(objs);
    sg_runtime_cleanup();
    return fig;
}

/* ---- contention ----------------------------------------------------------------------- */

#define BATCH 64
#define PAIRS_PER_THREAD (1u << 20)

typedef struct worker {
    pthread_t tid;
    bool plain;
    size_t failures;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    void *p[BATCH];

    for (unsigned r = 0; r < PAIRS_PER_THREAD / BATCH; r++) {
        for (int i = 0; i < BATCH; i++) {
            p[i] = w->plain ? malloc(32) : sg_alloc(32);
            w->failures += p[i] == NULL;
        }
        for (int i = 0; i < BATCH; i++) {
            if (w->plain)
                free(p[i]);
            else
                sg_dealloc(p[i], 32);
        }
    }
    return NULL;
}

static double wall_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Wall-clock ns per alloc+free pair with 'nthreads' threads; NaN when one cannot start. */
static double contend(int nthreads, bool plain, size_t *failures)
{
    worker w[8];
    double t0 = wall_ns();
    int started = 0;

    for (int i = 0; i < nthreads; i++) {
        w[i].plain = plain;
        w[i].failures = 0;
        if (pthread_create(&w[i].tid, NULL, work, &w[i]) != 0)
            break;
        started++;
    }
    for (int i = 0; i < started; i++) {
        pthread_join(w[i].tid, NULL);
        *failures += w[i].failures;
    }
    if (started < nthreads)
        return NAN;
    return (wall_ns() - t0) / ((double)nthreads * PAIRS_PER_THREAD);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of the 'n' (odd) figures at 'v', which it sorts. */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return v[n / 2];
}

void churn_threads(churn_figures *f)
{
    static const int counts[CHURN_THREAD_ROWS] = {1, 2, 8};

    for (int k = 0; k < CHURN_THREAD_ROWS; k++) {
        double sg[BENCH_RUNS], pl[BENCH_RUNS];
        f->threads[k] = counts[k];
        for (int r = 0; r < BENCH_RUNS; r++) {
            sg[r] = contend(counts[k], false, &f->failures);
            pl[r] = contend(counts[k], true, &f->failures);
        }
        f->sg_ns[k] = median(sg, BENCH_RUNS);
        f->malloc_ns[k] = median(pl, BENCH_RUNS);
    }
    sg_runtime_cleanup();
}
