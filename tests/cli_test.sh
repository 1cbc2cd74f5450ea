#!/bin/sh
# cli_test.sh - the slotgen command as a user runs it: exit statuses (0 success, 1 schema
# errors, 2 usage or I/O errors), --help and --version, nothing written when any schema has
# an error, earlier outputs kept, unchanged outputs not rewritten; slotgen validate (data
# files against a class: located errors in order, exit 0/1/2, stdin, escaping).
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

# The make cases run a make of their own, not a sub-make of the caller's: under `make -j2
# check` the inherited jobserver flags would make it warn on stderr, which they compare.
unset MAKEFLAGS MFLAGS MAKELEVEL

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
[ -z "$(ls -A out | grep -v '\.slot\.[ch]$')" ] && ok || bad "no temporary file left"

expect_status 0 "--check" "$slotgen" --check -o check-out good.yaml
[ ! -e check-out ] && ok || bad "--check writes nothing"
expect_status 1 "--check finds errors" "$slotgen" --check bad.yaml
expect_status 0 "-o makes its directory, like mkdir -p" "$slotgen" -o does/not/exist good.yaml
[ -f does/not/exist/good.slot.h ] && [ -f does/not/exist/good.slot.c ] && ok \
    || bad "-o DIR: outputs written into the new directory"
touch blocker
expect_status 2 "-o through a file" "$slotgen" -o blocker/sub good.yaml
grep -q "^slotgen: error: cannot write 'blocker/sub': " stderr && ok || bad "-o through a file: $(cat stderr)"

# ---- files: temporaries, modes, all-or-nothing, validation before writing -----------------
printf 'slotgen: 1\nclasses:\n  A:\n    slots: true\n    attributes: {x: u8, y: u16}\n' >good2.yaml

# A link planted where the old temporary name (<out>.tmp<pid>) would be is never followed:
# exec keeps the shell's pid, so $$ is the pid slotgen runs as.
echo precious >victim
ln -s "$PWD/victim" out/good.slot.h.tmp$$ 2>/dev/null
sh -c 'ln -s "$1/victim" "out/good.slot.h.tmp$$"; ln -s "$1/victim" "out/good.slot.c.tmp$$";
       exec "$2" -o out "$3"' sh "$PWD" "$slotgen" good.yaml >stdout 2>stderr
rm -f out/good.slot.h.tmp* out/good.slot.c.tmp*
cp good.yaml keep.yaml && cp good2.yaml good.yaml
sh -c 'ln -s "$1/victim" "out/good.slot.h.tmp$$"; ln -s "$1/victim" "out/good.slot.c.tmp$$";
       exec "$2" -o out "$3"' sh "$PWD" "$slotgen" good.yaml >stdout 2>stderr
[ $? -eq 0 ] && ok || bad "planted links: status $? $(cat stderr)"
[ "$(cat victim)" = precious ] && ok || bad "a planted temporary link was followed"
grep -q 'y' out/good.slot.h && ok || bad "planted links: the output was not replaced"
rm -f out/good.slot.h.tmp* out/good.slot.c.tmp*
cp keep.yaml good.yaml

# Replaced outputs keep their mode; new ones get 0666 less the umask.
(umask 022 && "$slotgen" -o out good.yaml) && chmod 600 out/good.slot.h && chmod 640 out/good.slot.c
cp good2.yaml good.yaml
(umask 022 && "$slotgen" -o out good.yaml) >/dev/null 2>&1
[ "$(stat -c %a out/good.slot.h) $(stat -c %a out/good.slot.c)" = "600 640" ] && ok \
    || bad "modes of replaced outputs: $(stat -c %a out/good.slot.h out/good.slot.c)"
cp keep.yaml good.yaml
(umask 027 && "$slotgen" -o modes good.yaml) >/dev/null 2>&1
[ "$(stat -c %a modes/good.slot.h)" = 640 ] && ok || bad "mode of a new output under umask 027"

# All or nothing under a real I/O failure: a file size limit (EFBIG) lets the small pair be
# staged and fails the big one; every earlier output stays as it was, no temporary is left.
{
    printf 'slotgen: 1\nclasses:\n'
    i=0; while [ $i -lt 300 ]; do printf '  C%d:\n    attributes: {a: string, b: u32, c: f64}\n' $i; i=$((i + 1)); done
} >big.yaml
mkdir -p aon && "$slotgen" -o aon -M aon/deps.d good.yaml big.yaml || bad "all-or-nothing setup"
mkdir -p aon-before && cp aon/* aon-before/
cp good2.yaml good.yaml && sed 's/c: f64/c: f32/' big.yaml >big2.yaml && mv big2.yaml big.yaml
(trap '' XFSZ; ulimit -f 40; exec "$slotgen" -o aon -M aon/deps.d good.yaml big.yaml) >stdout 2>stderr
st=$?
[ $st -eq 2 ] && ok || bad "a write over the size limit: status $st, expected 2"
grep -q "^slotgen: error: cannot write 'aon/big.slot.[hc]': File too large; no output was changed" stderr \
    && ok || bad "size-limit error: $(cat stderr)"
diff -r aon-before aon >/dev/null && ok || bad "an I/O failure changed earlier outputs: $(diff -r aon-before aon | head -5)"
"$slotgen" -o aon -M aon/deps.d good.yaml big.yaml && grep -q 'y' aon/good.slot.h && ok \
    || bad "the run succeeds without the limit"
(trap '' XFSZ; ulimit -f 40; exec "$slotgen" -o aon-new/sub good.yaml big.yaml) >stdout 2>stderr
[ $? -eq 2 ] && [ ! -e aon-new ] && ok || bad "a failed run keeps the directories it made: $(ls -R aon-new)"
cp keep.yaml good.yaml

# ... and for real on a full file system: a tmpfs in a mount namespace (refused is a failure).
if unshare -rm true 2>/dev/null; then
    mkdir -p full && "$slotgen" -o full good.yaml big.yaml && cp -r full full-before
    cp good2.yaml good.yaml && sed 's/c: f32/c: f64/' big.yaml >big2.yaml && mv big2.yaml big.yaml
    # room for the old outputs and the new small pair, not for the new big header
    room=$(( $(cat full-before/* | wc -c) + 65536 ))
    unshare -rm sh -c 'mount -t tmpfs -o size=$2 tmpfs full && cp full-before/* full/ &&
        "$1" -o full good.yaml big.yaml; echo "status $?";
        diff -r full-before full >/dev/null && echo same; ls -A full' sh "$slotgen" "$room" \
        >stdout 2>stderr
    grep -q "^status 2" stdout && ok || bad "disk full: $(cat stdout stderr)"
    grep -q "No space left on device; no output was changed" stderr && ok || bad "disk full: $(cat stderr)"
    grep -q "^same" stdout && ok || bad "disk full changed earlier outputs"
    [ -z "$(grep slotgen-tmp stdout)" ] && ok || bad "disk full left a temporary"
    cp keep.yaml good.yaml
else
    bad "unshare -rm is refused here, so the disk-full case cannot run (it needs user and mount namespaces)"
fi

# The depfile and the outputs are checked before anything is written.
rm -rf gen
expect_status 2 "depfile in a missing directory" "$slotgen" -o gen -M gen/missing/x.d good.yaml
grep -q "^slotgen: error: cannot write depfile 'gen/missing/x.d': its directory does not exist" \
    stderr && ok || bad "depfile in a missing directory: $(cat stderr)"
[ ! -e gen ] && ok || bad "depfile in a missing directory: something was written"
cp good.yaml before.yaml
expect_status 2 "depfile is the input" "$slotgen" -o gen -M good.yaml good.yaml
cmp -s good.yaml before.yaml && ok || bad "the depfile replaced the input schema"
grep -q "^slotgen: error: depfile 'good.yaml' would replace the schema 'good.yaml'" stderr \
    && ok || bad "depfile is the input: $(cat stderr)"
printf 'slotgen: 1\nimports: [sub/common.yaml]\n' >imp.yaml
mkdir -p sub && printf 'slotgen: 1\nenums: {E: [a]}\n' >sub/common.yaml && cp sub/common.yaml common.before
expect_status 2 "depfile is an import, spelled differently" \
    "$slotgen" -o gen -M "$PWD/sub/../sub/common.yaml" imp.yaml
cmp -s sub/common.yaml common.before && ok || bad "the depfile replaced an imported schema"
grep -q "^slotgen: error: depfile '$PWD/sub/../sub/common.yaml' would replace the schema 'sub/common.yaml'" \
    stderr && ok || bad "depfile is an import, spelled differently: $(cat stderr)"
expect_status 2 "depfile is an output" "$slotgen" -o gen -M gen/good.slot.c good.yaml
grep -q "^slotgen: error: depfile 'gen/good.slot.c' would replace the output 'gen/good.slot.c'" \
    stderr && ok || bad "depfile is an output: $(cat stderr)"
[ ! -e gen ] && ok || bad "depfile is an output: something was written"
mkfifo fifo.d
expect_status 2 "depfile is a FIFO" timeout 20 "$slotgen" -o gen -M fifo.d good.yaml
grep -q "^slotgen: error: depfile 'fifo.d' exists and is not a regular file" stderr \
    && ok || bad "depfile is a FIFO: $(cat stderr)"
mkdir -p gen && mkfifo gen/good.slot.c
expect_status 2 "output is a FIFO" timeout 20 "$slotgen" -o gen good.yaml
grep -q "^slotgen: error: output 'gen/good.slot.c' exists and is not a regular file" stderr \
    && ok || bad "output is a FIFO: $(cat stderr)"
[ ! -e gen/good.slot.h ] && ok || bad "output is a FIFO: the header was written"
rm -rf gen

{ timeout 20 "$slotgen" -o gen -M /dev/stdout good.yaml 2>stderr; echo $? >status; } | cat >/dev/null
[ "$(cat status)" = 2 ] && ok || bad "depfile /dev/stdout (a link to a pipe): status $(cat status)"
grep -q "^slotgen: error: depfile '/dev/stdout' exists and is not a regular file" stderr \
    && ok || bad "-M /dev/stdout: $(cat stderr)"
[ ! -e gen ] && ok || bad "-M /dev/stdout: something was written"
mkdir -p gen && echo precious >gen/target && ln -s target gen/good.slot.h
expect_status 2 "output is a symbolic link" "$slotgen" -o gen good.yaml
grep -q "^slotgen: error: output 'gen/good.slot.h' exists and is not a regular file (a symbolic link is not followed)" \
    stderr && ok || bad "output is a symbolic link: $(cat stderr)"
[ "$(cat gen/target)" = precious ] && [ -L gen/good.slot.h ] && ok || bad "a symbolic link output was written"
rm -rf gen

# Two PID namespaces sharing a directory: every run is process 1, yet no two collide.
if unshare -rpf true 2>/dev/null; then
    mkdir -p ns && i=0
    while [ $i -lt 40 ]; do
        unshare -rpf "$slotgen" -o ns good.yaml good2.yaml >/dev/null 2>>ns.err &
        i=$((i + 1))
    done
    wait
    [ ! -s ns.err ] && ok || bad "concurrent runs in PID namespaces: $(sort ns.err | uniq -c | head -3)"
    [ "$(ls -A ns | tr '\n' ' ')" = "good.slot.c good.slot.h good2.slot.c good2.slot.h " ] && ok \
        || bad "concurrent runs left: $(ls -A ns)"
else
    bad "unshare -rpf is refused here, so the PID namespace case cannot run (it needs user and PID namespaces)"
fi

# Imports (and inputs) are regular files of bounded size, read without blocking.
printf 'slotgen: 1\nimports: [/dev/zero]\n' >zero.yaml
expect_status 1 "import of /dev/zero" timeout 20 "$slotgen" --check zero.yaml
grep -q "^zero.yaml:2:11: error: cannot read imported schema '/dev/zero': not a regular file" \
    stderr && ok || bad "import of /dev/zero: $(cat stderr)"
mkfifo pipe.yaml
printf 'slotgen: 1\nimports: [pipe.yaml]\n' >usepipe.yaml
expect_status 1 "import of a FIFO" timeout 20 "$slotgen" --check usepipe.yaml
grep -q "^usepipe.yaml:2:11: error: cannot read imported schema 'pipe.yaml': not a regular file" \
    stderr && ok || bad "import of a FIFO: $(cat stderr)"
expect_status 2 "input is a FIFO" timeout 20 "$slotgen" --check pipe.yaml
truncate -s 17M huge.yaml
printf 'slotgen: 1\nimports: [huge.yaml]\n' >usehuge.yaml
expect_status 1 "import over the size limit" timeout 60 "$slotgen" --check usehuge.yaml
grep -q "^usehuge.yaml:2:11: error: cannot read imported schema 'huge.yaml': larger than 16 MiB" \
    stderr && ok || bad "import over the size limit: $(cat stderr)"

# One file under two spellings (or through a link) is one input.
ln -s good.yaml link.yaml
expect_status 0 "one input, two spellings" "$slotgen" -o two good.yaml "$PWD/good.yaml" link.yaml
[ "$(ls -A two)" = "$(printf 'good.slot.c\ngood.slot.h')" ] && ok || bad "two spellings: $(ls -A two)"

# No file name can inject C: an import whose name would need escaping is refused, located.
printf 'slotgen: 1\nenums: {F: [b]}\n' >"$(printf 'ev"il\n#error x\n.yaml')"
printf 'slotgen: 1\nimports: ["ev\\"il\\n#error x\\n.yaml"]\n' >inject.yaml
expect_status 1 "import with a hostile file name" "$slotgen" -o inj inject.yaml
grep -q "^inject.yaml:2:11: error: imported schema 'ev\"il\\\\x0a#error x\\\\x0a.yaml' has a file name that cannot appear in generated code" \
    stderr && ok || bad "hostile import name: $(cat stderr)"
[ ! -e inj ] && ok || bad "hostile import name: something was written"
cp good.yaml 'we ird.yaml'
expect_status 2 "input with a file name that needs escaping" "$slotgen" -o inj 'we ird.yaml'

# Diagnostics escape control characters: no YAML "\e" reaches the terminal raw.
printf 'slotgen: 1\nclasses:\n  "A\\e]0;pwned\\a\\e[2J\\r":\n    attributes: {x: u8}\n' >esc.yaml
expect_status 1 "escape sequences in a name" "$slotgen" --check esc.yaml
[ -z "$(tr -d '\n[:print:]' <stderr)" ] && ok || bad "a control character reached stderr"
grep -q "invalid class name 'A\\\\x1b\]0;pwned\\\\x07\\\\x1b\[2J\\\\x0d'" stderr && ok \
    || bad "escaped diagnostic: $(cat stderr)"

# The depfile: a path Make cannot read is refused before anything is written; the rest is
# escaped so that GNU Make reads each path back exactly.
nl=$(printf '\nx') && nl=${nl%x}
hostile="sp ace:col#on\$dollar"
mkdir -p "$hostile" "d${nl}	echo PWNED>pwned"
printf 'slotgen: 1\nenums: {E: [a]}\n' >"$hostile/common.yaml"
cp "$hostile/common.yaml" "d${nl}	echo PWNED>pwned/common.yaml"
printf 'slotgen: 1\nimports: ["d\\n\\techo PWNED>pwned/common.yaml"]\n' >recipe.yaml
expect_status 2 "depfile with a newline and a TAB in a path" "$slotgen" -o dgen -M dgen/recipe.d recipe.yaml
grep -q "^slotgen: error: cannot write the depfile: Make cannot read the schema path 'd\\\\x0a\\\\x09echo PWNED>pwned/common.yaml' (it holds a control character)" \
    stderr && ok || bad "depfile newline: $(cat stderr)"
[ ! -e dgen ] && ok || bad "depfile newline: something was written"
for c in ';' '=' '|' '%' '*' '(' '\'; do
    mkdir -p "x${c}y" && cp "$hostile/common.yaml" "x${c}y/common.yaml"
    printf 'slotgen: 1\nimports: ["x%sy/common.yaml"]\n' "$( [ "$c" = '\' ] && echo '\\\\' || echo "$c")" >mk.yaml
    "$slotgen" -o dgen -M dgen/mk.d mk.yaml >stdout 2>stderr
    [ $? -eq 2 ] && [ ! -e dgen ] && ok || bad "depfile with '$c' in a path: $(cat stderr)"
done
printf 'slotgen: 1\nimports: ["%s/common.yaml"]\n' "$hostile" >mk.yaml
mkdir -p "o:ut dir"
expect_status 0 "depfile with a space, ':', '#' and '\$' in paths" \
    "$slotgen" -o "o:ut dir" -M deps.d mk.yaml
printf 'all: o\\:ut\\ dir/mk.slot.h\no\\:ut\\ dir/mk.slot.h: ; @echo rebuilt\ninclude deps.d\n' >Makefile
touch -d '2001-01-01' "o:ut dir/mk.slot.h" "o:ut dir/mk.slot.c"
[ "$(make -s 2>&1)" = rebuilt ] && ok || bad "make: newer hostile prerequisite: $(make -s 2>&1; cat deps.d)"
touch "o:ut dir/mk.slot.h"
[ -z "$(make -s 2>&1)" ] && ok || bad "make: up-to-date target with hostile prerequisites: $(make -s 2>&1)"
touch -d '2001-01-01' "o:ut dir/mk.slot.h" && touch "$hostile/common.yaml"
[ "$(make -s 2>&1)" = rebuilt ] && ok || bad "make: the hostile import is a prerequisite: $(make -s 2>&1)"
rm -rf "$hostile"
[ "$(make -s 2>&1)" = rebuilt ] && ok || bad "make: a deleted hostile import: $(make -s 2>&1)"
[ ! -e pwned ] && ok || bad "the depfile ran a command"

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
# The README's --layout excerpt is the beginning of the real output, up to its '  ...' line.
awk '/^\$ slotgen --layout schemas\/image.yaml$/ { f = 1; next } f && /^  \.\.\.$/ { exit } f' \
    "$root/README.md" >readme-layout
(cd "$root" && "$slotgen" --layout schemas/image.yaml) >layout-image
[ "$(wc -l <readme-layout)" -gt 10 ] && head -n "$(wc -l <readme-layout)" layout-image |
    cmp -s - readme-layout && ok || bad "README's --layout excerpt: $(diff readme-layout layout-image)"
expect_status 2 "--layout=yaml" "$slotgen" --layout=yaml good.yaml
expect_status 2 "--instances 0" "$slotgen" --layout --instances 0 good.yaml
expect_status 2 "--instances 12x" "$slotgen" --layout --instances 12x good.yaml
expect_status 2 "--instances too many" "$slotgen" --layout --instances 1000000001 good.yaml
expect_status 2 "--instances without --layout" "$slotgen" --instances 5 -o out good.yaml
grep -q "option '--instances' needs '--layout'" stderr && ok || bad "--instances alone: $(cat stderr)"
expect_status 1 "--layout of a bad schema" "$slotgen" --layout bad.yaml
[ ! -s stdout ] && ok || bad "--layout printed a layout for a bad schema"

# ---- slotgen validate: data files against a class ----------------------------------------
mkdir -p vdir/inc
cat >vdir/inc/geo.yaml <<'Y'
slotgen: 1
classes:
  Point:
    slots: true
    attributes: {x: i16, y: i16}
Y
cat >vdir/photos.yaml <<'Y'
slotgen: 1
imports: [geo.yaml]
classes:
  Image:
    slots: true
    attributes:
      id: u32
      caption: string
      at: Point
Y
cat >vdir/good.yaml <<'Y'
- {id: 1, caption: first, at: {x: 1, y: 2}}
- id: 2
  caption: second
Y
printf '[{"id": 1, "caption": "a"}, {"id": 2, "caption": "b", "at": {"x": -5, "y": 0}}]\n' >vdir/good.json
cat >vdir/bad.yaml <<'Y'
- {id: 1, caption: ok}
- {id: -3, caption: minus}
- {id: 3, caption: far, at: {x: 40000}}
- {id: 4, caption: fine}
Y
printf '[{"id": 1, "caption": "a"},\n {"id": 2, "captoin": "b"}]\n' >vdir/bad.json
expect_status 0 "validate: valid YAML and JSON" "$slotgen" validate -I vdir/inc vdir/photos.yaml \
    --class Image vdir/good.yaml vdir/good.json
[ ! -s stderr ] && [ ! -s stdout ] && ok || bad "validate: a valid run prints nothing: $(cat stderr stdout)"
expect_status 1 "validate: invalid data" "$slotgen" validate vdir/photos.yaml -I vdir/inc \
    --class=Image vdir/good.yaml vdir/bad.yaml vdir/bad.json
cat >want <<'E'
vdir/bad.yaml:2:8: error: attribute 'id' of class 'Image' must be a u32, got '-3'
vdir/bad.yaml:3:33: error: attribute 'x' of class 'Point' must be an i16, got '40000'
vdir/bad.json:2:12: error: class 'Image' has no attribute 'captoin' (did you mean 'caption'?)
E
cmp -s want stderr && ok || bad "validate: every error in order: $(diff want stderr)"
[ ! -s stdout ] && ok || bad "validate: wrote to stdout"
expect_status 1 "validate: from standard input" sh -c \
    "printf '{id: x, caption: c}' | '$slotgen' validate -I vdir/inc vdir/photos.yaml -c Image -"
grep -qx "<stdin>:1:6: error: attribute 'id' of class 'Image' must be a u32, got 'x'" stderr &&
    ok || bad "validate: stdin is <stdin>: $(cat stderr)"
expect_status 1 "validate: --format json" sh -c \
    "printf '{id: 1, caption: c}' | '$slotgen' validate -I vdir/inc vdir/photos.yaml -c Image --format json -"
grep -q "^<stdin>:1:2: error: " stderr && ok || bad "validate: --format json reads JSON: $(cat stderr)"
printf '[{"x": 1, "y": 2}, {"x": 3, "y": 4}]' >vdir/points.data
expect_status 0 "validate: a class of an import, JSON read as YAML by default" "$slotgen" validate \
    -I vdir/inc vdir/photos.yaml --class Point vdir/points.data
expect_status 2 "validate: unknown class" "$slotgen" validate -I vdir/inc vdir/photos.yaml \
    --class Imag vdir/good.yaml
grep -qx "slotgen: error: schema 'vdir/photos.yaml' has no class 'Imag' (did you mean 'Image'?)" \
    stderr && ok || bad "validate: unknown class hint: $(cat stderr)"
expect_status 2 "validate: unknown class, no near name" "$slotgen" validate -I vdir/inc \
    vdir/photos.yaml --class Zzzzzzz vdir/good.yaml
grep -qx "slotgen: error: schema 'vdir/photos.yaml' has no class 'Zzzzzzz' (its classes: 'Image', 'Point')" \
    stderr && ok || bad "validate: the classes listed: $(cat stderr)"
expect_status 2 "validate: missing data file" "$slotgen" validate -I vdir/inc vdir/photos.yaml \
    --class Image vdir/nope.yaml vdir/bad.yaml
grep -qx "slotgen: error: cannot read 'vdir/nope.yaml': No such file or directory" stderr &&
    ok || bad "validate: missing file named: $(cat stderr)"
grep -q "^vdir/bad.yaml:2:8: error: " stderr && ok || bad "validate: the other files still checked"
expect_status 2 "validate: missing schema" "$slotgen" validate vdir/nope-schema.yaml --class Image vdir/good.yaml
expect_status 1 "validate: schema errors" "$slotgen" validate bad.yaml --class B vdir/good.yaml
grep -q "^bad.yaml:4:21: error: unknown type 'strng'" stderr && ok || bad "validate: schema errors reported"
expect_status 2 "validate: no class" "$slotgen" validate vdir/photos.yaml vdir/good.yaml
grep -q "no class given" stderr && grep -q "Try 'slotgen validate --help'" stderr && ok ||
    bad "validate: no class: $(cat stderr)"
expect_status 2 "validate: no data" "$slotgen" validate vdir/photos.yaml --class Image
expect_status 2 "validate: no schema" "$slotgen" validate
grep -q "no schema file given" stderr && ok || bad "validate: no schema: $(cat stderr)"
mkdir -p vdir/twice # P in one.yaml, and in two.yaml which mid.yaml imports: no C name clashes
printf 'slotgen: 1\nclasses:\n  P: {attributes: {a: i8}}\n' >vdir/twice/one.yaml
printf 'slotgen: 1\nprefix: two_\nclasses:\n  P: {attributes: {b: i8}}\n' >vdir/twice/two.yaml
printf 'slotgen: 1\nprefix: mid_\nimports: [two.yaml]\nclasses:\n  M: {attributes: {m: i8}}\n' \
    >vdir/twice/mid.yaml
printf 'slotgen: 1\nprefix: top_\nimports: [one.yaml, mid.yaml]\nclasses:\n  Q: {attributes: {c: i8}}\n' \
    >vdir/twice/top.yaml
printf '{a: 1}\n' >vdir/twice/p.yaml
expect_status 2 "validate: a class two imports define" "$slotgen" validate vdir/twice/top.yaml \
    --class P vdir/twice/p.yaml
grep -q "class 'P' is defined in both" stderr && ok || bad "validate: ambiguous class: $(cat stderr)"
expect_status 2 "validate: bad --format" "$slotgen" validate vdir/photos.yaml --class Image \
    --format xml vdir/good.yaml
expect_status 2 "validate: unknown option" "$slotgen" validate --frob vdir/photos.yaml
expect_status 0 "validate --help" "$slotgen" validate --help
grep -q '^usage: slotgen validate' stdout && ok || bad "validate --help prints its usage"
expect_status 0 "--help names validate" "$slotgen" --help
grep -q '^       slotgen validate' stdout && ok || bad "--help names validate"
# The README's validate example is the real output (run from the source root).
awk '/^\$ slotgen validate examples\/photo-feed/ { f = 1; next } f && /^```$/ { exit } f' \
    "$root/README.md" >readme-validate
(cd "$root" && "$slotgen" validate examples/photo-feed/photo_feed.yaml --class Photo \
    examples/photo-feed/bad.yaml) >validate-out 2>&1
[ "$(wc -l <readme-validate)" -eq 4 ] && cmp -s readme-validate validate-out && ok ||
    bad "README's validate example: $(diff readme-validate validate-out)"
# terminal controls in a data file's name and in its data reach the terminal escaped
hostile=$(printf 'vdir/evil\033]0;owned\007.yaml')
printf '{id: "\\e[2J", caption: c}\n' >"$hostile"
expect_status 1 "validate: hostile names" "$slotgen" validate -I vdir/inc vdir/photos.yaml \
    --class Image "$hostile"
printf '%s\n' "vdir/evil\\x1b]0;owned\\x07.yaml:1:6: error: attribute 'id' of class 'Image' must be a u32, got the string '\\x1b[2J'" >want
cmp -s want stderr && ok || bad "validate: hostile text escaped: $(od -c stderr | head)"
! grep -q "$(printf '\033')" stderr && ok || bad "validate: a raw escape reached stderr"

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
