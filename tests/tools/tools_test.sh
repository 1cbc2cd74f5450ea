#!/bin/sh
# tools_test.sh O CC LIBSO - memory tools see every generated object and owned string.
#
# Builds tests/tools/probe.c with the code slotgen generates from schemas/image.yaml twice,
# both linked against the normally built runtime $O/libslotgen.a: once with
# -fsanitize=address, once without (for valgrind); and once more with -fsanitize=address
# against the normally built shared runtime LIBSO. Then checks, for each tool, that a leak of
# Image_new objects is reported with Image_new in its allocating stack, that a read after
# Image_free (a macro: its free stack names the line that calls it) and a read of a string its
# setter replaced are reported as such, and that a
# program that frees everything gets no report. Finally, that SG_SLABS=1 turns the exact mode
# off (valgrind then finds no definite leak: the slabs hide the objects), so the variable is
# what decides; and that `slotgen validate` leaves nothing in use at exit. Needs valgrind (Debian package valgrind, in .ci/install-deps).
set -eu

O=$1
CC=${2:-cc}
LIBSO=$3
out=$O/tools
gen=$O/gen
mkdir -p "$out"
fails=0

build() {   # build NAME LIB EXTRA_FLAGS...
    name=$1 lib=$2; shift 2
    "$CC" -std=c11 -g -O1 -fno-omit-frame-pointer "$@" -Iruntime -I"$gen" \
        -o "$out/$name" tests/tools/probe.c "$gen/image.slot.c" "$lib" -pthread -lm
}

# expect WHAT STATUS LOG PATTERN...: the run exited with STATUS 'fail' (non-zero) or 'ok' (0)
# and its LOG matches every PATTERN (grep -E).
expect() {
    what=$1 want=$2 status=$3 log=$4
    shift 4
    if [ "$want" = fail ] && [ "$status" -eq 0 ]; then
        echo "FAIL: $what: exited 0, a report was expected"; fails=$((fails + 1)); return
    fi
    if [ "$want" = ok ] && [ "$status" -ne 0 ]; then
        echo "FAIL: $what: exited $status, no report was expected"; sed 's/^/    /' "$log"
        fails=$((fails + 1)); return
    fi
    for pat in "$@"; do
        if ! grep -Eq "$pat" "$log"; then
            echo "FAIL: $what: no '$pat' in the report"; sed 's/^/    /' "$log" | head -40
            fails=$((fails + 1)); return
        fi
    done
    echo "ok: $what"
}

run() {     # run LOG CMD...: runs CMD with stdout+stderr in LOG, prints its status
    log=$1; shift
    set +e
    "$@" >"$log" 2>&1
    echo $?
    set -e
}

build probe_asan "$O/libslotgen.a" -fsanitize=address
build probe_plain "$O/libslotgen.a"
# The shared runtime is found by its soname (libslotgen.so.1) in $out, through the rpath.
soname=$(objdump -p "$LIBSO" | sed -n 's/^ *SONAME *//p')
ln -sf "$(cd "$(dirname "$LIBSO")" && pwd)/$(basename "$LIBSO")" "$out/$soname"
build probe_asan_so "$LIBSO" -fsanitize=address -Wl,-rpath,"$(cd "$out" && pwd)"

# With ASan's default options the leak is reported, block by block; the runtime is built
# without frame pointers, so ASan's default (frame-pointer) unwinder may stop inside it, and
# the whole allocating stack needs fast_unwind_on_malloc=0 (docs/runtime.md says so).
st=$(run "$out/asan-leak.log" env ASAN_OPTIONS=detect_leaks=1 "$out/probe_asan" leak)
expect "ASan reports 1000 leaked objects" fail "$st" \
    "$out/asan-leak.log" "ERROR: LeakSanitizer" "leak of [0-9]+ byte\(s\) in 1000 object"
SLOW=detect_leaks=1:fast_unwind_on_malloc=0
st=$(run "$out/asan-leak-full.log" env ASAN_OPTIONS=$SLOW "$out/probe_asan" leak)
expect "ASan reports leaked Image_new objects (full stacks)" fail "$st" \
    "$out/asan-leak-full.log" "ERROR: LeakSanitizer" "in Image_new" "in leak "
# The line of probe.c that calls Image_free in use_after_free: the free stack's user frame.
free_line=$(grep -n 'the free: tools_test.sh' tests/tools/probe.c | cut -d: -f1)
st=$(run "$out/asan-uaf.log" env ASAN_OPTIONS=$SLOW "$out/probe_asan" uaf)
expect "ASan reports a read after Image_free" fail "$st" "$out/asan-uaf.log" \
    "heap-use-after-free" "in use_after_free" "freed by thread" \
    "in use_after_free tests/tools/probe.c:$free_line"
st=$(run "$out/asan-struaf.log" env ASAN_OPTIONS=$SLOW "$out/probe_asan" struaf)
expect "ASan reports a read of a replaced string" fail "$st" "$out/asan-struaf.log" \
    "heap-use-after-free" "in string_after_replace" "in sg_str_replace"
st=$(run "$out/asan-clean.log" env ASAN_OPTIONS=detect_leaks=1 "$out/probe_asan" clean)
expect "ASan: a clean program gets no report" ok "$st" "$out/asan-clean.log"
st=$(run "$out/asan-so-leak.log" env ASAN_OPTIONS=$SLOW "$out/probe_asan_so" leak)
expect "ASan with the shared runtime reports leaked Image_new objects" fail "$st" \
    "$out/asan-so-leak.log" "ERROR: LeakSanitizer" "1000 object" "in Image_new"
st=$(run "$out/asan-so-uaf.log" env ASAN_OPTIONS=$SLOW "$out/probe_asan_so" uaf)
expect "ASan with the shared runtime reports a read after Image_free" fail "$st" \
    "$out/asan-so-uaf.log" "heap-use-after-free" "freed by thread" \
    "in use_after_free tests/tools/probe.c:$free_line"

VG="valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite"
st=$(run "$out/vg-leak.log" $VG "$out/probe_plain" leak)
expect "valgrind reports leaked Image_new objects" fail "$st" "$out/vg-leak.log" \
    "definitely lost: [0-9,]+ bytes in 1,000 blocks" "Image_new"
st=$(run "$out/vg-uaf.log" $VG "$out/probe_plain" uaf)
expect "valgrind reports a read after Image_free" fail "$st" "$out/vg-uaf.log" \
    "Invalid read" "free'd" "use_after_free \(probe.c:$free_line\)"
st=$(run "$out/vg-struaf.log" $VG "$out/probe_plain" struaf)
expect "valgrind reports a read of a replaced string" fail "$st" "$out/vg-struaf.log" \
    "Invalid read" "sg_str_free"
st=$(run "$out/vg-clean.log" $VG "$out/probe_plain" clean)
expect "valgrind: a clean program gets no report" ok "$st" "$out/vg-clean.log"

st=$(run "$out/vg-slabs.log" env SG_SLABS=1 $VG "$out/probe_plain" leak)
expect "SG_SLABS=1 under valgrind: the slabs hide the leak" ok "$st" "$out/vg-slabs.log" \
    "definitely lost: 0 bytes|no leaks are possible|All heap blocks were freed"

# The slotgen binary itself: validate interns the names of dynamic attributes it reads in the
# runtime, and gives them back before it exits (nothing in use at exit, reachable or not).
printf 'slotgen: 1\nclasses:\n  M:\n    attributes: {x: i32}\n' >"$out/dyn.yaml"
printf -- '- {x: 1, foo: 2, bar: baz}\n- {x: 2, foo: 3}\n' >"$out/dyn-data.yaml"
st=$(run "$out/vg-validate.log" valgrind --error-exitcode=9 --leak-check=full \
    --show-leak-kinds=all --errors-for-leak-kinds=all "$O/slotgen" validate "$out/dyn.yaml" \
    --class M "$out/dyn-data.yaml")
expect "valgrind: slotgen validate leaves nothing in use at exit" ok "$st" \
    "$out/vg-validate.log" "in use at exit: 0 bytes in 0 blocks"

if [ "$fails" -ne 0 ]; then
    echo "tools_test: $fails check(s) failed"
    exit 1
fi
echo "tools_test: all passed"
