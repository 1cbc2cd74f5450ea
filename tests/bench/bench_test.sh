#!/bin/sh
# bench_test.sh O - the compiler section of `make bench` measures what it says it measures.
#
# Checks, on small inputs (seconds, part of `make check`):
#   - bench/synth_schema.py: the YAML, the .proto and the nanopb options of 9 classes describe
#     the same classes (names, field names in order, the type mapping of docs/benchmarks.md),
#     every even-numbered class slotted; the same arguments give the same bytes; slotgen
#     compiles the YAML and the generated .c compiles;
#   - $O/bench/yaml_floor: pulls exactly the events of the file (11 + 22 N + 2 slotted), and
#     a broken file is an error with file:line:col;
#   - $O/bench/rusage_run: the child's exit status, 128 + signal, 127 for a missing command,
#     its output in the log, and CPU time and ru_maxrss that follow the child (a child that
#     burns CPU and touches 64 MiB reads more than one that does neither);
#   - bench/compiler_bench.py: a run of 2 sizes, 1 run each, prints every row with figures
#     (protoc-c and nanopb: figures when installed, else "not installed"), the scaling column,
#     the generated-code table and the targets.
# Needs python3 with the yaml module (in .ci/install-deps).
set -eu

O=$1
SLOTGEN=$O/slotgen
FLOOR=$O/bench/yaml_floor
RUN=$O/bench/rusage_run
PY=${PYTHON:-python3}
t=$O/bench-test
rm -rf "$t"
mkdir -p "$t"
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# ---- synth_schema.py ---------------------------------------------------------------------
for f in yaml proto options; do
    $PY bench/synth_schema.py --format $f 9 >"$t/s9.$f"
    $PY bench/synth_schema.py --format $f -o "$t/again.$f" 9
    cmp -s "$t/s9.$f" "$t/again.$f" || fail "synth_schema.py --format $f 9 differs between runs"
done
$PY - "$t/s9.yaml" "$t/s9.proto" "$t/s9.options" <<'EOF' || fails=$((fails + 1))
import re, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
proto = open(sys.argv[2]).read()
opts = [l.split() for l in open(sys.argv[3]) if l.strip() and not l.startswith("#")]
# The mapping the docs state (written out here, not taken from the generator).
want = {"u32": ("uint32", None), "string": ("string", "type:FT_POINTER"), "i64": ("int64", None),
        "f64": ("double", None), "bool": ("bool", None), "u8": ("uint32", "int_size:IS_8"),
        "i16": ("int32", "int_size:IS_16")}
order = ["u32", "string", "i64", "f64", "bool", "u8", "string", "i16"]
msgs = re.findall(r"message (\w+) \{([^}]*)\}", proto)
errs = []
if 'syntax = "proto3";' not in proto: errs.append("the .proto is not proto3")
if [m for m, _ in msgs] != list(doc["classes"]): errs.append("message names != class names")
if len(msgs) != 9: errs.append("%d messages, not 9" % len(msgs))
optmap = {pat: opt for pat, opt in opts}
for i, (name, body) in enumerate(msgs):
    cls = doc["classes"][name]
    if bool(cls.get("slots")) != (i % 2 == 0): errs.append("%s: slotted is wrong" % name)
    attrs = list(cls["attributes"].items())
    fields = re.findall(r"(\w+) (\w+) = (\d+);", body)
    if [t for _, t in attrs] != order: errs.append("%s: attribute types %r" % (name, attrs))
    for j, ((aname, atype), (ftype, fname, num)) in enumerate(zip(attrs, fields)):
        if (aname, int(num)) != (fname, j + 1): errs.append("%s.%s: field %s = %s" % (name, aname, fname, num))
        if ftype != want[atype][0]: errs.append("%s.%s: %s is %s" % (name, aname, atype, ftype))
        got = optmap.get("*.a%d_*" % j)
        if got != want[atype][1]: errs.append("%s.%s: nanopb option %r" % (name, aname, got))
    if len(fields) != 8: errs.append("%s: %d fields" % (name, len(fields)))
for e in errs: print("FAIL: synth_schema.py:", e)
sys.exit(1 if errs else 0)
EOF
if "$SLOTGEN" -o "$t/gen" "$t/s9.yaml" >"$t/slotgen.log" 2>&1; then
    ${CC:-cc} -std=c11 -c -Iruntime -I"$t/gen" -o "$t/s9.o" "$t/gen/s9.slot.c" ||
        fail "the generated s9.slot.c does not compile"
else
    fail "slotgen rejects synth_schema.py's YAML:"; sed 's/^/    /' "$t/slotgen.log"
fi

# ---- yaml_floor --------------------------------------------------------------------------
out=$("$FLOOR" "$t/s9.yaml") || fail "yaml_floor exited $? on s9.yaml"
[ "$out" = "219 events" ] || fail "yaml_floor: '$out', want '219 events' (11 + 22*9 + 2*5)"
printf 'a: [1, 2\nb: 3\n' >"$t/bad.yaml"
if "$FLOOR" "$t/bad.yaml" >/dev/null 2>"$t/bad.log"; then
    fail "yaml_floor accepted a broken file"
fi
grep -q "bad.yaml:[0-9]*:[0-9]*: error: " "$t/bad.log" || fail "yaml_floor: no file:line:col error"

# ---- rusage_run --------------------------------------------------------------------------
field() {   # field NAME LINE
    echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
l=$("$RUN" -- sh -c 'exit 3')
[ "$(field status "$l")" = 3 ] || fail "rusage_run: '$l', want status=3"
l=$("$RUN" -- sh -c 'kill -9 $$')
[ "$(field status "$l")" = 137 ] || fail "rusage_run: '$l', want status=137 (SIGKILL)"
l=$("$RUN" -- "$t/no-such-command")
[ "$(field status "$l")" = 127 ] || fail "rusage_run: '$l', want status=127"
l=$("$RUN" -C "$t" -o "$t/run.log" -- sh -c 'pwd; echo to-stderr >&2')
[ "$(field status "$l")" = 0 ] || fail "rusage_run: '$l', want status=0"
grep -qx "$(cd "$t" && pwd -P)" "$t/run.log" || fail "rusage_run -C: the child did not run in DIR"
grep -qx to-stderr "$t/run.log" || fail "rusage_run -o: stderr is not in the log"
idle=$("$RUN" -- sh -c ':')
busy=$("$RUN" -- $PY -c 'b = b"x" * (64 << 20); n = sum(range(3000000))')
cpu() { field user "$1"; field sys "$1"; }
more=$( (cpu "$busy"; cpu "$idle") | awk '{ v[NR] = $1 } END { print (v[1] + v[2] > v[3] + v[4] + 0.05) }')
[ "$more" = 1 ] ||
    fail "rusage_run: CPU of a busy child '$busy' not above an idle one's '$idle'"
[ "$(field maxrss_kib "$busy")" -gt 65536 ] ||
    fail "rusage_run: '$busy': maxrss_kib under the 64 MiB the child touched"
[ "$(field maxrss_kib "$idle")" -lt 16384 ] ||
    fail "rusage_run: '$idle': an idle child reads 16 MiB or more"

# ---- compiler_bench.py -------------------------------------------------------------------
if BENCH_SIZES=7,14 BENCH_RUNS=1 BENCH_CODE_N=7 BENCH_NO_ASK=1 $PY bench/compiler_bench.py \
    --slotgen "$SLOTGEN" --floor "$FLOOR" --runner "$RUN" --out "$t/cb" \
    >"$t/cb.out" 2>"$t/cb.err" </dev/null; then
    num='[0-9][0-9.,]*'
    for row in "^ *7  libyaml parse +1 +$num +- +$num +$num +1\.00 " \
        "^ *slotgen +1 +$num +- +$num +$num +$num +1\.00" \
        "^ *14  libyaml parse +1 +$num +$num " "^ *slotgen +1 +$num +$num +$num " \
        "^ *slotgen +1 +$num +1\.00 +1 +$num +1\.00 +$num +$num" \
        "^== Targets" "^  n/a +linear: slotgen t\(30,000\)" \
        "^  n/a +generated \.c for 1,000 classes.*BENCH_CODE_N=7"; do
        grep -Eq "$row" "$t/cb.out" || fail "compiler_bench.py: no line matches /$row/"
    done
    for peer in "protoc --c_out" nanopb_generator; do
        n=$(grep -Ec "^ *[0-9,]* +$peer +(1 +$num +[-0-9.]+ +$num|- +n/a .*not installed)" \
            "$t/cb.out" || true)
        [ "$n" = 2 ] || fail "compiler_bench.py: $peer: $n of 2 rows with figures or 'not installed'"
    done
    if grep FAILED "$t/cb.out"; then
        fail "compiler_bench.py: a tool failed (above)"
    fi
else
    fail "compiler_bench.py exited $?:"; tail -5 "$t/cb.err"
fi

if [ "$fails" -ne 0 ]; then
    echo "bench-test: $fails failure(s); output in $t"
    exit 1
fi
echo "bench-test: synth_schema.py, yaml_floor, rusage_run and compiler_bench.py behave"
