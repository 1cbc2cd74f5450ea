/*
 * bench_py.c - the CPython side of the benchmark, run from the C driver.
 *
 * python_bench.py measures the same workloads in CPython and prints one "key value" line per
 * figure ("mem.plain.Measurement.none 96.000", "ns.plain.get_typed 9.8") and a "version"
 * line. This module starts it through popen (a job per class for memory, one for the
 * timings), keeps the lines of the jobs that succeed in a small fixed table and answers
 * lookups. When the interpreter is missing or a job fails, its figures are NaN.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define MAX_FIGURES 128
#define KEY_MAX 64

typedef struct figure {
    char key[KEY_MAX];
    double value;
} figure;

static figure figures[MAX_FIGURES];
static size_t nfigures;
static char version[256] = "n/a";

/* Keeps one output line: "version ..." or "key value"; anything else is ignored. */
static void keep_line(const char *line)
{
    char key[KEY_MAX];
    double value;

    if (strncmp(line, "version ", 8) == 0) {
        snprintf(version, sizeof version, "%s", line + 8);
        version[strcspn(version, "\n")] = '\0';
        return;
    }
    if (nfigures == MAX_FIGURES || sscanf(line, "%63s %lf", key, &value) != 2)
        return;
    memcpy(figures[nfigures].key, key, sizeof key);
    figures[nfigures++].value = value;
}

FILE *py_start(const char *script, size_t n, const char *what)
{
    const char *python = getenv("PYTHON");
    char cmd[1024];

    if (!python || !*python)
        python = "python3";
    snprintf(cmd, sizeof cmd, "%s '%s' %zu %s 2>/dev/null", python, script, n, what);
    return popen(cmd, "r");
}

bool py_collect(FILE *job)
{
    size_t before = nfigures;
    char line[256];

    if (!job)
        return false;
    while (fgets(line, sizeof line, job))
        keep_line(line);
    if (pclose(job) != 0) {
        nfigures = before;
        return false;
    }
    return true;
}

double py_value(const char *key)
{
    for (size_t i = 0; i < nfigures; i++) {
        if (strcmp(figures[i].key, key) == 0)
            return figures[i].value;
    }
    return NAN;
}

const char *py_version(void)
{
    return version;
}
