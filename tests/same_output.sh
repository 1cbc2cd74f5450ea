#!/bin/sh
# same_output.sh - two slotgen binaries give the same bytes for every schema of the repository.
#
#   tests/same_output.sh OLD_SLOTGEN NEW_SLOTGEN [MORE.yaml|DIR ...]
#
# Run from anywhere; the schemas are those git tracks in this repository (schemas/,
# tests/schemas/, tests/data/good, tests/data/bad, tests/data/fuzz, examples/, bench/schemas/,
# the golden inputs among them) plus any file or directory of *.yaml given after the two
# binaries (for example a batch of tests/fuzz_schemas or a synthetic schema of
# bench/synth_schema.py). For each schema, alone, both binaries compile it into a directory
# of their own, then print --layout and --layout=json; every output file, the diagnostics
# and the exit status must be equal byte for byte. The inputs of one directory (schemas/,
# tests/schemas/) are compiled together too, as `make` does. Written for issue 9 (a compiler
# rewritten for speed must not change its output); a maintainer runs it against the binary
# of the commit a change starts from:
#   git worktree add /tmp/base BASE && make -C /tmp/base && \
#   tests/same_output.sh /tmp/base/build/slotgen build/slotgen
# Prints one line per difference and a count; exits 1 when any differed.
set -u
old=$1 new=$2
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/same_output.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
cd "$src" || exit 2

list=$work/list
git ls-files '*.yaml' >"$list"
for extra in "$@"; do
    if [ -d "$extra" ]; then find "$extra" -name '*.yaml' | sort; else echo "$extra"; fi
done >>"$list"

n=0 bad=0
# run TAG ARGS...: runs both binaries with ARGS (an -o directory of their own first, where
# a word starting with OUT stands) and compares what they wrote, printed and returned.
run() {
    tag=$1
    shift
    for side in old new; do
        bin=$old
        [ $side = new ] && bin=$new
        rm -rf "$work/$side" && mkdir -p "$work/$side/out"
        args=""
        for a in "$@"; do
            case $a in OUT*) a=$work/$side/out${a#OUT} ;; esac
            args="$args '$a'"
        done
        eval "\"$bin\" $args" >"$work/$side/stdout" 2>"$work/$side/stderr"
        echo $? >"$work/$side/status"
        sed "s|$work/$side/out|OUT|g" "$work/$side/stderr" >"$work/$side/stderr.t"
        mv "$work/$side/stderr.t" "$work/$side/stderr"
    done
    n=$((n + 1))
    if ! diff -r "$work/old" "$work/new" >"$work/diff" 2>&1; then
        bad=$((bad + 1))
        echo "DIFFERS: slotgen $tag"
        head -n 5 "$work/diff" | sed 's/^/  /'
    fi
}

while IFS= read -r f; do
    [ -f "$f" ] || continue
    dir=$(dirname "$f")
    run "$f" -o OUT -I "$dir" "$f"
    run "--layout $f" --layout -I "$dir" "$f"
    run "--layout=json $f" --layout=json -I "$dir" "$f"
done <"$list"
for d in schemas tests/schemas; do
    # shellcheck disable=SC2046
    run "$d/*.yaml" -o OUT -M OUT/deps.d --dep-target T $(ls "$d"/*.yaml)
done

echo "same_output: $n runs compared, $bad differed"
[ "$bad" -eq 0 ]
