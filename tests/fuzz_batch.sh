#!/bin/sh
# fuzz_batch.sh - checks one batch written by tests/fuzz_schemas.c (see tests/fuzz_schemas.sh).
#
#   fuzz_batch.sh SLOTGEN RUNTIME_DIR TESTS_DIR ASAN_LIB BATCH_DIR
#
# In BATCH_DIR: bad/bad.yaml (if any) must be rejected with exit 1, located errors only
# and nothing written; the schemas listed in 'files' must either be rejected the same way
# (counted as a rejection) or give code that compiles warning-free with gcc and clang as
# -std=c99, c11, gnu11, gnu17 and with g++ as -std=c++11 and its default, under the strict
# flags, together with test.c (and the generated files alone with gcc -O2, whose optimizer
# warns of more); test.c, built with ASan and UBSan, must then run clean. test.c ends each
# class's checks with a round trip through libslotgen-io (tests/fuzz_check.h): the compiles
# of the matrix are syntax-only, so they need its header alone; the ASan run links
# libslotgen-io.a from ASAN_LIB's directory (make fuzz-asan-lib builds both) with libyaml and
# yajl (pkg-config, else -lyaml -lyajl).
# Writes 'result' (ok, rejected, or FAIL <stage>; with a file 'accept' in BATCH_DIR a
# rejection fails) and keeps the logs of a failing stage in BATCH_DIR. FUZZ_MATRIX=slotgen
# checks slotgen alone (no compiles).
set -u
# the paths may be relative to the caller's directory (tests/data/fuzz/README.md)
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
slotgen=$(abs "$1") rt=$(abs "$2") tests=$(abs "$3") asanlib=$(abs "$4") dir=$5
cd "$dir" || exit 2
STRICT="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wundef -Werror"
STRICT_C="$STRICT -Wstrict-prototypes -Wmissing-prototypes"

fail() { echo "FAIL $1" >result; exit 1; }

# 'file:line:col: error: ' on the first line, and every line located (or a located note).
# File names may hold spaces and colons.
located() {
    head -n1 "$1" | grep -Eq '^.+:[0-9]+:[0-9]+: error: ' || return 1
    ! grep -Evq '^.+:[0-9]+:[0-9]+: (error|note|warning): ' "$1"
}

# The invalid schema (when there is one): exit 1, located diagnostics, nothing written.
if [ -f bad/bad.yaml ]; then
    rm -rf badout && mkdir badout
    "$slotgen" -o badout bad/bad.yaml >bad.out 2>bad.err
    st=$?
    [ $st -eq 1 ] || fail "bad-schema exit $st"
    located bad.err || fail "bad-schema unlocated diagnostic"
    [ -z "$(ls badout)" ] || fail "bad-schema wrote output"
    rm -rf badout bad.out bad.err
fi

rm -rf gen && mkdir gen
# the file names, one a line, may hold spaces
nl='
'
IFS=$nl
# shellcheck disable=SC2046
set -- $(cat files)
unset IFS
"$slotgen" -o gen "$@" >slotgen.out 2>slotgen.err
st=$?
if [ $st -ne 0 ]; then
    if [ $st -eq 1 ] && located slotgen.err; then
        [ -f accept ] && fail "rejected a schema that must be accepted"
        echo rejected >result
        exit 0
    fi
    fail "slotgen exit $st"
fi

# FUZZ_MATRIX=slotgen: stop here (a cheap sweep of slotgen alone: crashes, exit statuses,
# unlocated errors).
if [ "${FUZZ_MATRIX:-full}" = slotgen ]; then
    echo ok >result
    exit 0
fi

# gcc -std=c11: each generated file and test.c as its own translation unit. The other
# dialects: one unity translation unit of every .slot.c and test.c (cheap; generated C names
# are unique in a batch, and so are the file-local names the generator derives from them).
# shellcheck disable=SC2086
gcc -std=c11 -fsyntax-only $STRICT_C -I gen -I"$rt" -I"$tests" gen/*.slot.c test.c \
    >compile-gcc-c11.log 2>&1 || fail "compile gcc -std=c11"
rm -f compile-gcc-c11.log
# gcc -std=c11 -O2: the generated files compiled as a user's build compiles them, so that the
# optimizer's warnings (-Wstringop-overflow, -Warray-bounds, -Wmaybe-uninitialized...) count too.
mkdir -p o2
# shellcheck disable=SC2086
(cd o2 && gcc -std=c11 -O2 -c $STRICT_C -I../gen -I"$rt" ../gen/*.slot.c) \
    >compile-gcc-c11-O2.log 2>&1 || fail "compile gcc -std=c11 -O2"
rm -rf o2 compile-gcc-c11-O2.log
for f in gen/*.slot.c; do echo "#include \"$f\""; done >unity.c
echo '#include "test.c"' >>unity.c
for m in gcc:c99 gcc:gnu11 gcc:gnu17 clang:c99 clang:c11 clang:gnu11 clang:gnu17 \
         g++:c++11 g++:default; do
    cc=${m%%:*} std=${m#*:}
    case $std in
        default) flags="$STRICT -x c++" ;;
        c++*) flags="-std=$std $STRICT -x c++" ;;
        *) flags="-std=$std $STRICT_C" ;;
    esac
    # shellcheck disable=SC2086
    $cc $flags -fsyntax-only -I. -I gen -I"$rt" -I"$tests" unity.c >"compile-$cc-$std.log" 2>&1 \
        || fail "compile $cc -std=$std"
    rm -f "compile-$cc-$std.log"
done

asaniolib=$(dirname "$asanlib")/libslotgen-io.a
iolibs=$(pkg-config --libs yaml-0.1 yajl 2>/dev/null || echo -lyaml -lyajl)
# shellcheck disable=SC2086
clang -std=c11 -O0 -g $STRICT_C -fsanitize=address,undefined -fno-sanitize-recover=all \
    -fno-omit-frame-pointer -I. -I gen -I"$rt" -I"$tests" -o test unity.c "$asaniolib" \
    "$asanlib" $iolibs -pthread -lm >build-asan.log 2>&1 || fail "compile asan"
rm -f build-asan.log
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ./test >run.log 2>&1 \
    || fail "run asan"
rm -f run.log test unity.c
echo ok >result
