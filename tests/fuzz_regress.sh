#!/bin/sh
# fuzz_regress.sh - runs the schema fuzzer's regression cases (make fuzz-regress).
#
#   fuzz_regress.sh BUILD_DIR
#
# Each directory tests/data/fuzz/NAME/ is a batch as tests/fuzz_schemas.c writes one (the
# schemas under schemas/, their list in 'files', the test program test.c), minimized from a
# finding. Each is checked by tests/fuzz_batch.sh against BUILD_DIR/slotgen in a copy under
# BUILD_DIR/fuzz-regress/. A case must pass (compile everywhere and run clean, or be rejected
# with a located error), unless tests/data/fuzz/XFAIL lists it: then it must still fail, so a
# fix shows up here until its case is taken off the list. Exits 1 on any mismatch.
set -u
O=$1
src=$(cd "$(dirname "$0")/.." && pwd)
data=$src/tests/data/fuzz
asanlib=${FUZZ_ASAN_LIB:-$src/build/asan/libslotgen.a}
work=$O/fuzz-regress
rm -rf "$work" && mkdir -p "$work" || exit 2
work=$(cd "$work" && pwd)
xfail=$(sed 's/#.*//' "$data/XFAIL" 2>/dev/null)
bad=0 n=0
for case in "$data"/*/; do
    name=$(basename "$case")
    n=$((n + 1))
    cp -R "$case" "$work/$name"
    "$src/tests/fuzz_batch.sh" "$src/$O/slotgen" "$src/runtime" "$src/tests" "$asanlib" \
        "$work/$name" 2>/dev/null
    r=$(cat "$work/$name/result" 2>/dev/null || echo "FAIL no result")
    listed=no
    for x in $xfail; do [ "$x" = "$name" ] && listed=yes; done
    case $listed:$r in
        no:ok|no:rejected) echo "ok     $name ($r)" ;;
        yes:FAIL*) echo "xfail  $name ($r)" ;;
        yes:*)
            echo "XPASS  $name ($r): fixed; take it off tests/data/fuzz/XFAIL"
            bad=$((bad + 1)) ;;
        *) echo "FAIL   $name ($r): logs in $work/$name"; bad=$((bad + 1)) ;;
    esac
done
for x in $xfail; do
    [ -d "$data/$x" ] || { echo "FAIL   XFAIL lists '$x', which has no case"; bad=$((bad + 1)); }
done
echo "fuzz-regress: $n cases, $bad unexpected results"
[ "$bad" -eq 0 ]
