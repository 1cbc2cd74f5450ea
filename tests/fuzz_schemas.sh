#!/bin/sh
# fuzz_schemas.sh - the differential schema fuzzer's driver (make fuzz-schemas).
#
#   fuzz_schemas.sh BUILD_DIR N SEED JOBS PER_BATCH [CATEGORY_TO_AVOID...]
#
# Generates N valid schemas from SEED with BUILD_DIR/tests/fuzz_schemas, PER_BATCH schemas
# to a batch (a batch is compiled and linked as one program), and checks every batch with
# tests/fuzz_batch.sh, JOBS at a time. BUILD_DIR/slotgen is the compiler under test; the
# test programs link the ASan runtime $FUZZ_ASAN_LIB (default build/asan/libslotgen.a) and the
# ASan libslotgen-io.a beside it.
# Batches that pass are deleted, failing ones kept. Prints the counts (schemas generated,
# batches compiled and run, rejected, failed) and, for each failing batch, the command that
# regenerates it; exits 1 when one failed.
set -u
O=$1 N=$2 SEED=$3 JOBS=$4 PER=$5
shift 5
src=$(cd "$(dirname "$0")/.." && pwd)
asanlib=${FUZZ_ASAN_LIB:-$src/build/asan/libslotgen.a}
out=$O/fuzz-schemas/seed-$SEED
avoid=""
for c in "$@"; do avoid="$avoid -a $c"; done
start=$(date +%s)
rm -rf "$out" && mkdir -p "$out" || exit 2
# shellcheck disable=SC2086
nb=$("$O/tests/fuzz_schemas" -o "$out" -s "$SEED" -n "$N" -k "$PER" $avoid) || exit 2
ls -d "$out"/b* | xargs -P "$JOBS" -n 1 "$src/tests/fuzz_batch.sh" "$src/$O/slotgen" \
    "$src/runtime" "$src/tests" "$asanlib" 2>/dev/null
ok=0 rej=0 bad=0
for d in "$out"/b*; do
    r=$(cat "$d/result" 2>/dev/null || echo "FAIL no result")
    case $r in
        ok) ok=$((ok + 1)); rm -rf "$d" ;;
        rejected)
            rej=$((rej + 1))
            echo "rejected (located error): $d"
            head -n 3 "$d/slotgen.err" ;;
        *)
            bad=$((bad + 1)) b=${d##*/b}
            echo "$r: $d"
            echo "  regenerate: fuzz_schemas -o DIR -s $SEED -f $((1$b - 1000000))" \
                 "-n $PER -k $PER$avoid"
            ;;
    esac
done
what="compiled and ran clean"
[ "${FUZZ_MATRIX:-full}" = slotgen ] && what="accepted by slotgen (FUZZ_MATRIX=slotgen: not compiled)"
echo "fuzz-schemas: seed $SEED: $((nb * PER)) schemas in $nb batches: $ok $what," \
     "$rej rejected with a located error, $bad failed ($(($(date +%s) - start)) s)"
[ "$bad" -eq 0 ]
