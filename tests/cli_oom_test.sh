#!/bin/sh
# cli_oom_test.sh - out of memory as the slotgen command meets it: under an address-space
# limit (ulimit -v) that a small schema compiles within, a schema needing more memory than the
# limit makes slotgen print "slotgen: out of memory", exit 2 and write nothing, where the same
# schema compiles without the limit; and slotgen validate likewise with a data file too big
# for the limit. Needs a slotgen built without sanitizers: ASan and TSan
# reserve terabytes of address space at startup, so such a binary fails before main (refused
# here, not skipped: `make check` runs this with the plain build).
# usage: tests/cli_oom_test.sh path/to/slotgen
set -u
slotgen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# 16 MB of address space: slotgen compiles a small schema in under 4 MB, and needs about
# 30 MB for one with a 6 MB doc (libyaml's copy of the scalar, the model's, the generated
# header's).
limit_kb=16000

# (a weak reference is no sanitizer: the runtime, which slotgen links for 'validate', asks
# weakly for __asan_init to learn whether it runs under ASan)
if nm "$slotgen" 2>/dev/null | grep -v ' w ' | grep -q '__asan_init\|__tsan_init'; then
    echo "cli_oom_test: $1 is built with a sanitizer; give it a plain build (make O=build)"
    exit 1
fi

cd "$tmp" || exit 1
printf 'slotgen: 1\nclasses:\n  A:\n    attributes: {x: u8}\n' >small.yaml
{
    printf 'slotgen: 1\ndoc: "'
    head -c 6000000 /dev/zero | tr '\0' 'x'
    printf '"\nclasses:\n  B:\n    attributes: {x: u8}\n'
} >big.yaml

(ulimit -v $limit_kb && exec "$slotgen" -o small small.yaml) >stdout 2>stderr
st=$?
[ "$st" -eq 0 ] && [ -f small/small.slot.h ] && ok ||
    bad "a small schema under ulimit -v $limit_kb: status $st, expected 0: $(cat stderr)"

(ulimit -v $limit_kb && exec "$slotgen" -o big -M big.d big.yaml) >stdout 2>stderr
st=$?
[ "$st" -eq 2 ] && ok || bad "a big schema under ulimit -v $limit_kb: status $st, expected 2"
[ "$(cat stderr)" = "slotgen: out of memory" ] && ok ||
    bad "out of memory is said, and only that: $(cat stderr)"
[ ! -e big ] && [ ! -e big.d ] && [ -z "$(ls -A . | grep -v '^\(small\|small.yaml\|big.yaml\|stdout\|stderr\)$')" ] &&
    ok || bad "nothing written when memory runs out: $(ls -A)"

"$slotgen" -o big -M big.d big.yaml >stdout 2>stderr
st=$?
[ "$st" -eq 0 ] && [ -f big/big.slot.h ] && [ -f big.d ] && ok ||
    bad "the big schema without the limit: status $st, expected 0: $(cat stderr)"

# slotgen validate: a data file whose one string needs more memory than the limit (libyaml's
# buffers, the loader's copy) ends the same way; a small one validates under the limit.
printf 'slotgen: 1\nclasses:\n  A:\n    slots: true\n    attributes: {x: string}\n' >cls.yaml
printf 'x: small\n' >small-data.yaml
{
    printf 'x: "'
    head -c 12000000 /dev/zero | tr '\0' 'x'
    printf '"\n'
} >big-data.yaml
(ulimit -v $limit_kb && exec "$slotgen" validate cls.yaml --class A small-data.yaml) >stdout 2>stderr
st=$?
[ "$st" -eq 0 ] && [ ! -s stderr ] && ok ||
    bad "validate: a small file under ulimit -v $limit_kb: status $st, expected 0: $(cat stderr)"
(ulimit -v $limit_kb && exec "$slotgen" validate cls.yaml --class A big-data.yaml) >stdout 2>stderr
st=$?
[ "$st" -eq 2 ] && [ "$(cat stderr)" = "slotgen: out of memory" ] && ok ||
    bad "validate: a big file under ulimit -v $limit_kb: status $st, expected 2: $(cat stderr)"
"$slotgen" validate cls.yaml --class A big-data.yaml >stdout 2>stderr
st=$?
[ "$st" -eq 0 ] && ok || bad "validate: the big file without the limit: status $st: $(cat stderr)"

echo "cli_oom_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
