#!/bin/sh
# cli_test.sh - the slotgen command as a user runs it: exit statuses (0 success, 1 schema
# errors, 2 usage or I/O errors), --help and --version, nothing written when any schema has
# an error, earlier outputs kept, unchanged outputs not rewritten.
# usage: tests/cli_test.sh path/to/slotgen
set -u
slotgen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
expect_status() { # expected-status description command...
    want=$1; what=$2; shift 2
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: status $got, expected $want"; fi
}

cd "$tmp" || exit 1
cat >good.yaml <<'Y'
slotgen: 1
classes:
  A:
    slots: true
    attributes: {x: u8}
Y
cat >bad.yaml <<'Y'
slotgen: 1
classes:
  B:
    attributes: {x: strng, y: u8, y: u16}
Y

expect_status 0 "--help" "$slotgen" --help
grep -q '^usage: slotgen' stdout && ok || bad "--help prints the usage"
expect_status 0 "--version" "$slotgen" --version
grep -q '^slotgen [0-9]' stdout && ok || bad "--version prints the version"
expect_status 2 "unknown option" "$slotgen" --frobnicate good.yaml
grep -q "unknown option '--frobnicate'" stderr && ok || bad "unknown option is named"
expect_status 2 "no input" "$slotgen"
expect_status 2 "-o without a value" "$slotgen" good.yaml -o
expect_status 2 "missing file" "$slotgen" nope.yaml
grep -q "^slotgen: error: cannot read 'nope.yaml'" stderr && ok || bad "missing file is named"

mkdir out
expect_status 0 "good schema" "$slotgen" -o out good.yaml
[ -f out/good.slot.h ] && [ -f out/good.slot.c ] && ok || bad "outputs written"
cp out/good.slot.h before.h
touch -t 200001010000 out/good.slot.h
expect_status 0 "unchanged rerun" "$slotgen" -o out good.yaml
[ -z "$(find out/good.slot.h -newer before.h)" ] && ok || bad "unchanged output rewritten"

expect_status 1 "bad schema" "$slotgen" -o out good.yaml bad.yaml
[ "$(grep -c ': error: ' stderr)" -eq 2 ] && ok || bad "both errors reported: $(cat stderr)"
grep -q "^bad.yaml:4:21: error: unknown type 'strng' for attribute 'x' (did you mean 'string'?)" stderr \
    && ok || bad "error format: $(cat stderr)"
[ ! -e out/bad.slot.h ] && ok || bad "nothing written for a bad schema"
cmp -s out/good.slot.h before.h && ok || bad "earlier output kept"
[ -z "$(ls out | grep -v '\.slot\.[ch]$')" ] && ok || bad "no temporary file left"

expect_status 0 "--check" "$slotgen" --check -o check-out good.yaml
[ ! -e check-out ] && ok || bad "--check writes nothing"
expect_status 1 "--check finds errors" "$slotgen" --check bad.yaml
expect_status 2 "unwritable output" "$slotgen" -o does/not/exist good.yaml

# --layout: printed to stdout, no file written (not even with -o and -M), colour only on a
# terminal (script(1) gives the command one) and not with NO_COLOR; --layout=json parses as
# JSON and has the fields docs/layout.md documents; bad formats and counts are usage errors.
expect_status 0 "--layout" "$slotgen" --layout -o layout-out -M layout-out/x.d good.yaml
[ ! -e layout-out ] && ok || bad "--layout wrote files"
grep -q '^A (good.yaml:3): slotted, layout compact$' stdout && ok || bad "--layout text: $(cat stdout)"
grep -q '^  1,000,000 instances in an array:$' stdout && ok || bad "--layout: default N"
[ ! -s stderr ] && ok || bad "--layout wrote to stderr: $(cat stderr)"
! grep -q "$(printf '\033')" stdout && ok || bad "--layout: colour when not on a terminal"
script -qec "'$slotgen' --layout good.yaml" /dev/null >tty.out 2>&1
grep -q "$(printf '\033')\[1mA$(printf '\033')\[0m" tty.out && ok || bad "--layout: no colour on a terminal"
NO_COLOR=1 script -qec "'$slotgen' --layout good.yaml" /dev/null >tty.out 2>&1
! grep -q "$(printf '\033')" tty.out && ok || bad "--layout: colour despite NO_COLOR"
expect_status 0 "--instances" "$slotgen" --layout --instances 5 good.yaml
grep -q '^  5 instances in an array:$' stdout && ok || bad "--instances 5: $(cat stdout)"
expect_status 0 "--layout=json" "$slotgen" --layout=json --instances=1000 good.yaml "$root/schemas/image.yaml"
python3 - stdout <<'PY' && ok || bad "--layout=json: $(cat stdout)"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["slotgen_layout"] == 1 and d["instances"] == 1000 and d["pointer_size"] in (4, 8)
assert [s["path"] for s in d["schemas"]][0] == "good.yaml"
img = d["schemas"][1]["classes"][0]
assert img["name"] == "Image" and img["slotted"] and img["layout"] == "compact"
keys = {"name", "c_name", "line", "slotted", "layout", "size", "align", "padding", "members",
        "holes", "layouts", "presence", "dynamic", "cost"}
for s in d["schemas"]:
    for c in s["classes"]:
        assert set(c) == keys, set(c) ^ keys
        runs = sorted([(m["offset"], m["size"]) for m in c["members"]] +
                      [(h["offset"], h["size"]) for h in c["holes"]])
        end = 0
        for off, size in runs:  # members and holes tile the struct: no gap, no overlap
            assert off == end, c
            end = off + size
        assert end == c["size"], c
        assert c["layouts"][c["layout"]]["size"] == c["size"]
        assert c["cost"]["instances"] == 1000
        assert c["cost"]["slotted" if c["slotted"] else "not_slotted"] == 1000 * c["size"]
        assert (c["dynamic"] is None) == c["slotted"]
m = d["schemas"][1]["classes"][1]
assert [x["name"] for x in m["members"] if x["kind"] == "dynamic"] == ["sg_dyn"]
PY
expect_status 2 "--layout=yaml" "$slotgen" --layout=yaml good.yaml
expect_status 2 "--instances 0" "$slotgen" --layout --instances 0 good.yaml
expect_status 2 "--instances 12x" "$slotgen" --layout --instances 12x good.yaml
expect_status 2 "--instances too many" "$slotgen" --layout --instances 1000000001 good.yaml
expect_status 2 "--instances without --layout" "$slotgen" --instances 5 -o out good.yaml
grep -q "option '--instances' needs '--layout'" stderr && ok || bad "--instances alone: $(cat stderr)"
expect_status 1 "--layout of a bad schema" "$slotgen" --layout bad.yaml
[ ! -s stdout ] && ok || bad "--layout printed a layout for a bad schema"

# The bad-schema corpus through the command, from the source root as the .err files spell
# the paths: exit status 1 (2 for a case with a line "# exit status: 2"), exactly the
# expected diagnostics on stderr, nothing on stdout, and
# the output directory (with the depfile aimed into it) left as it was: no output, no depfile,
# no temporary, the file already there untouched.
mkdir corpus-out
echo keep >corpus-out/keep.txt
touch -t 200001010000 corpus-out/keep.txt
ncases=0
for yaml in "$root"/tests/data/bad/*.yaml; do
    name=$(basename "$yaml" .yaml)
    rel=tests/data/bad/$name.yaml
    ncases=$((ncases + 1))
    (cd "$root" && "$slotgen" -o "$tmp/corpus-out" -M "$tmp/corpus-out/deps.d" "$rel") \
        >corpus.stdout 2>corpus.stderr
    got=$?
    want=1
    grep -qx '# exit status: 2' "$yaml" && want=2
    [ "$got" -eq "$want" ] && ok || bad "$rel: status $got, expected $want"
    cmp -s corpus.stderr "$root/tests/data/bad/$name.err" && ok ||
        bad "$rel: stderr differs from $name.err: $(diff "$root/tests/data/bad/$name.err" corpus.stderr)"
    [ ! -s corpus.stdout ] && ok || bad "$rel: wrote to stdout"
    [ "$(ls -A corpus-out)" = keep.txt ] && ok || bad "$rel: output directory holds $(ls -A corpus-out)"
done
[ "$ncases" -ge 40 ] && ok || bad "only $ncases corpus cases found under $root/tests/data/bad"
[ "$(cat corpus-out/keep.txt)" = keep ] && [ -z "$(find corpus-out/keep.txt -newer before.h)" ] &&
    ok || bad "a corpus run touched a file of the output directory"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
