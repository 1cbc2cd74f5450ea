/* rusage_run.c - runs one command and prints what it cost: the compiler section's stopwatch.
 *
 *     rusage_run [-C DIR] [-o LOG] -- COMMAND [ARG...]
 *
 * Forks, and in the child sends stdout and stderr to LOG (default /dev/null; a relative LOG is
 * relative to the caller's directory, not DIR), changes to DIR (when given) and executes COMMAND
 * (looked up in PATH). The parent waits for it with wait4 and
 * prints one line on stdout:
 *
 *     user=SECONDS sys=SECONDS maxrss_kib=KIB status=N
 *
 * user and sys are the child's CPU time, the processes it waited for included (protoc's
 * plugin, gcc's cc1 and as), in seconds with 6 decimals; maxrss_kib is ru_maxrss (KiB on Linux):
 * the peak resident set of the child or of the largest of those it waited for, not their sum.
 * status is the exit status, or 128 + the signal number when a signal ended it (127 when the
 * command could not be executed).
 *
 * It exists because the driver, bench/compiler_bench.py, cannot fork the commands itself: a
 * forked CPython child carries the interpreter's resident pages until it executes the command,
 * and Linux keeps that high-water mark in ru_maxrss across the exec, so a 1.5 MiB libyaml parse
 * reads 9.5 MiB when CPython forks it. This program's own resident set before the exec is about
 * 1 MiB, as with time(1).
 *
 * Exit status: 0 when the command ran (whatever its own status; the line says it), 2 on a usage
 * error, 1 when fork or wait4 failed.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(void)
{
    fprintf(stderr, "usage: rusage_run [-C DIR] [-o LOG] -- COMMAND [ARG...]\n");
    exit(2);
}

/* In the forked child: never returns. LOG is opened before the change to DIR, so a relative
 * LOG names a file relative to the caller's working directory. */
static void exec_child(const char *dir, const char *log, char **argv)
{
    int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
        perror(log ? log : "/dev/null");
        _exit(127);
    }
    close(fd);
    if (dir && chdir(dir) != 0) {
        perror(dir);
        _exit(127);
    }
    execvp(argv[0], argv);
    perror(argv[0]);
    _exit(127);
}

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *log = NULL;
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-C") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            log = argv[++i];
        else
            usage();
    }
    if (i + 1 >= argc)
        usage();
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("rusage_run: fork");
        return 1;
    }
    if (pid == 0)
        exec_child(dir, log, argv + i + 1);
    int wstatus;
    struct rusage ru;
    while (wait4(pid, &wstatus, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("rusage_run: wait4");
            return 1;
        }
    }
    int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
                 : WIFSIGNALED(wstatus) ? 128 + WTERMSIG(wstatus) : 255;
    printf("user=%.6f sys=%.6f maxrss_kib=%ld status=%d\n", seconds(ru.ru_utime),
           seconds(ru.ru_stime), ru.ru_maxrss, status);
    return 0;
}
