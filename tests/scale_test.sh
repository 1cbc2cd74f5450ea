#!/bin/sh
# scale_test.sh O - slotgen's time grows linearly with the schema (issue 9): compiling a
# schema of 20,000 classes takes at most 20 times the CPU time of one of 2,000, both measured
# in this run. Part of `make check`.
#
# Both schemas come from bench/synth_schema.py (8 attributes a class, the compiler section's
# schemas). Each is compiled RUNS times (default 5), alternately, into a fresh directory, by
# $O/slotgen run under $O/bench/rusage_run (user + sys CPU of the child from wait4, not wall
# time); the best of each size counts, so a busy machine has to slow every run of one size to
# move the ratio: a linear compiler measures about 10 to 12 here (the larger schema's data
# outgrows the caches), while one quadratic term, such as the name comparisons issue 9 removed
# (every attribute against every class), gives hundreds. Prints both figures,
# the ratio and the limit; exits 1 when the ratio is over the limit or a compile failed.
# Checked by mutation when written: the old per-attribute walk of every class gives a ratio
# of 204, a duplicate-class check by a walk of the classes 22.
set -u
O=$1
RUNS=${RUNS:-5}
LIMIT=20
SMALL=2000
LARGE=20000
PY=${PYTHON:-python3}
RUN=$O/bench/rusage_run
t=$O/scale-test
rm -rf "$t" && mkdir -p "$t" || exit 2
trap 'rm -rf "$t"' EXIT INT TERM

for n in $SMALL $LARGE; do
    $PY bench/synth_schema.py -o "$t/s$n.yaml" $n || exit 2
done

# cpu N: compiles the N-class schema once; prints user + sys seconds, or fails.
cpu() {
    rm -rf "$t/out$1"
    line=$("$RUN" -o "$t/log$1" -- "$O/slotgen" -o "$t/out$1" "$t/s$1.yaml") || return 1
    case $line in *" status=0") ;; *) echo "slotgen failed on $1 classes: $line" >&2
        cat "$t/log$1" >&2; return 1 ;; esac
    echo "$line" | sed 's/user=\([0-9.]*\) sys=\([0-9.]*\).*/\1 \2/' | awk '{printf "%.6f\n", $1 + $2}'
}

best_small="" best_large=""
i=0
while [ $i -lt "$RUNS" ]; do
    s=$(cpu $SMALL) || exit 1
    l=$(cpu $LARGE) || exit 1
    best_small=$(echo "$best_small $s" | awk '{m=$1; for (i=2; i<=NF; i++) if ($i < m) m=$i; print m}')
    best_large=$(echo "$best_large $l" | awk '{m=$1; for (i=2; i<=NF; i++) if ($i < m) m=$i; print m}')
    i=$((i + 1))
done

echo "$best_small $best_large" | awk -v s=$SMALL -v l=$LARGE -v lim=$LIMIT -v runs="$RUNS" '{
    r = $2 / ($1 > 0.000001 ? $1 : 0.000001)
    printf "scale-test: slotgen CPU (user+sys, best of %d): %d classes %.3f s, %d classes %.3f s\n",
        runs, s, $1, l, $2
    printf "scale-test: ratio %.1f (classes x%d; limit %d): %s\n", r, l / s, lim,
        r <= lim ? "linear" : "FAIL: more than linear"
    exit r <= lim ? 0 : 1
}'
