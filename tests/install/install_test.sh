#!/bin/sh
# install_test.sh - slotgen as a user meets it: installed, then used from separate projects.
#
#   tests/install/install_test.sh [O]     (O: the build directory, default build; run from the
#                                          source root; `make install-test` does this)
#
# 1. `make install DESTDIR=... PREFIX=/usr/local` installs exactly the expected files (the
#    shared library with its soname and symlinks) beside other packages' files, and
#    `make uninstall` removes all of them and nothing else.
# 2. An install into a temporary prefix answers pkg-config (slotgen and slotgen-io), and its
#    man page covers --help; slotgen-schema(5) is installed, its schemas compile, and it
#    documents every key. examples/photo-feed builds against the installed libslotgen-io
#    through pkg-config (shared, and static from the two archives) and through CMake
#    (find_package(slotgen), slotgen::io), and runs.
# 3. The GNU Make block of docs/build-integration.md (verbatim), examples/make-project
#    (pkg-config + slotgen.mk) and examples/cmake-project (the CMake package, with the Unix
#    Makefiles and the Ninja generators) are built outside the tree, run, and rebuilt
#    incrementally: nothing changed -> nothing regenerates and the build tool says up to date;
#    a schema edited -> only its outputs regenerate, and only objects that include its header
#    recompile; an imported schema edited -> it and its importers regenerate. Then, with
#    BINDIR and DATADIR moved, the Make example and snippet find slotgen without SLOTGEN.
#    A project with a schema in a subdirectory builds through slotgen.mk (gen/ mirrors
#    schemas/) and regenerates it when the schema it imports from the parent directory changes.
# 4. Depfiles, reproducibility (working directory, path spelling, locale, time) and
#    write-only-when-changed, against the installed slotgen.
# Needs cc, make, cmake, ninja, pkg-config, readelf, python3 with yaml and jsonschema, and
# localedef with glibc's locale sources (Debian's locales package) for the de_DE.UTF-8 runs;
# .ci/install-deps installs them all. No check is skipped: a missing tool is a failure.
# Runs as any user, without a terminal.
set -eu

O=${1:-build}
ROOT=$(pwd)
[ -f "$ROOT/cmake/slotgen.mk.in" ] || { echo "install_test.sh: run from the source root" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/slotgen-install.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
unset MAKEFLAGS MFLAGS MAKELEVEL
LC_ALL=C
export LC_ALL

FAILS=0
say() { printf '== install-test: %s\n' "$*"; }
fail() { printf 'install-test: FAIL: %s\n' "$*" >&2; FAILS=$((FAILS + 1)); }
die() { printf 'install-test: FAIL: %s\n' "$*" >&2; exit 1; }
mk() { make --no-print-directory -s -C "$ROOT" O="$O" "$@"; }

# ---- 1. staged install, file list, soname, uninstall ----------------------------------------

say "make install DESTDIR=... PREFIX=/usr/local"
STAGE=$T/stage
# Other packages' files, in the directories slotgen shares: uninstall must leave exactly these.
sort >"$T/foreign" <<'EOF'
f usr/local/bin/other
f usr/local/include/other.h
f usr/local/lib/cmake/other/otherConfig.cmake
f usr/local/lib/pkgconfig/zlib.pc
f usr/local/share/man/man1/other.1
EOF
while read -r _ f; do
    mkdir -p "$STAGE/${f%/*}" && echo "not slotgen's: $f" >"$STAGE/$f"
done <"$T/foreign"
mk install DESTDIR="$STAGE" PREFIX=/usr/local >/dev/null
sort >"$T/expected" <<'EOF'
f usr/local/bin/slotgen
f usr/local/include/slotgen/slotgen-io.h
f usr/local/include/slotgen/slotgen.h
f usr/local/lib/cmake/slotgen/slotgenConfig.cmake
f usr/local/lib/cmake/slotgen/slotgenConfigVersion.cmake
f usr/local/lib/libslotgen-io.a
l usr/local/lib/libslotgen-io.so -> libslotgen-io.so.2
l usr/local/lib/libslotgen-io.so.2 -> libslotgen-io.so.2.1.0
f usr/local/lib/libslotgen-io.so.2.1.0
f usr/local/lib/libslotgen.a
l usr/local/lib/libslotgen.so -> libslotgen.so.2
l usr/local/lib/libslotgen.so.2 -> libslotgen.so.2.1.0
f usr/local/lib/libslotgen.so.2.1.0
f usr/local/lib/pkgconfig/slotgen-io.pc
f usr/local/lib/pkgconfig/slotgen.pc
f usr/local/share/man/man1/slotgen.1
f usr/local/share/man/man5/slotgen-schema.5
f usr/local/share/slotgen/layout.md
f usr/local/share/slotgen/slotgen.mk
f usr/local/share/slotgen/slotgen.schema.json
EOF
listing() { (cd "$1" && find . ! -type d -printf '%y %P -> %l\n' | sed 's/ -> $//' | sort); }
listing "$STAGE" | sort - "$T/foreign" | uniq -u >"$T/got"
diff -u "$T/expected" "$T/got" || fail "installed files differ from the expected list"
[ -x "$STAGE/usr/local/bin/slotgen" ] || fail "bin/slotgen is not executable"
grep -qx 'prefix=/usr/local' "$STAGE/usr/local/lib/pkgconfig/slotgen.pc" ||
    fail "slotgen.pc does not say prefix=/usr/local"
if grep -rq "$STAGE" "$STAGE"; then fail "an installed file names the DESTDIR"; fi
readelf -d "$STAGE/usr/local/lib/libslotgen.so.2.1.0" >"$T/dyn"
grep -q 'SONAME.*\[libslotgen\.so\.2\]' "$T/dyn" || fail "soname is not libslotgen.so.2"
grep -q 'TEXTREL' "$T/dyn" && fail "libslotgen.so has text relocations (not PIC)"
nm -D --defined-only "$STAGE/usr/local/lib/libslotgen.so.2.1.0" | grep -q ' T sg_version$' ||
    fail "libslotgen.so does not export sg_version"
readelf -d "$STAGE/usr/local/lib/libslotgen-io.so.2.1.0" >"$T/dynio"
grep -q 'SONAME.*\[libslotgen-io\.so\.2\]' "$T/dynio" || fail "soname is not libslotgen-io.so.2"
for lib in libslotgen.so.2 libyaml-0.so.2 libyajl.so.2; do
    grep -q "NEEDED.*\[$lib\]" "$T/dynio" || fail "libslotgen-io.so does not need $lib"
done
grep -q 'TEXTREL' "$T/dynio" && fail "libslotgen-io.so has text relocations (not PIC)"
nm -D --defined-only "$STAGE/usr/local/lib/libslotgen-io.so.2.1.0" | grep -q ' T sg_yaml_load$' ||
    fail "libslotgen-io.so does not export sg_yaml_load"

say "make uninstall"
mk uninstall DESTDIR="$STAGE" PREFIX=/usr/local >/dev/null
listing "$STAGE" >"$T/left"
diff -u "$T/foreign" "$T/left" || fail "make uninstall did not leave exactly the foreign files"
while read -r _ f; do
    [ "$(cat "$STAGE/$f")" = "not slotgen's: $f" ] || fail "make uninstall changed $f"
done <"$T/foreign"
for d in include/slotgen lib/cmake/slotgen share/slotgen; do
    [ ! -d "$STAGE/usr/local/$d" ] || fail "make uninstall left the directory $d"
done

# ---- 2. a real prefix: pkg-config, man page, JSON Schema -----------------------------------

say "make install PREFIX=<tmp>/prefix"
P=$T/prefix
mk install PREFIX="$P" >/dev/null
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
SLOTGEN=$P/bin/slotgen
got=$(pkg-config --cflags --libs slotgen | sed 's/ *$//')
want="-I$P/include/slotgen -L$P/lib -lslotgen"
[ "$got" = "$want" ] || fail "pkg-config --cflags --libs: '$got', expected '$want'"
pkg-config --static --libs slotgen | grep -q -- '-pthread' || fail "Libs.private lacks -pthread"
[ "$(pkg-config --variable=slotgen slotgen)" = "$SLOTGEN" ] || fail "--variable=slotgen"
[ "$(pkg-config --variable=makefile slotgen)" = "$P/share/slotgen/slotgen.mk" ] ||
    fail "--variable=makefile"
[ "$(pkg-config --modversion slotgen)" = "$("$SLOTGEN" --version | cut -d' ' -f2)" ] ||
    fail "pkg-config version differs from slotgen --version"

# libslotgen-io: its own module, which brings slotgen's; libyaml and yajl only when static.
got=$(pkg-config --libs slotgen-io | sed 's/ *$//')
want="-L$P/lib -lslotgen-io -lslotgen"
[ "$got" = "$want" ] || fail "pkg-config --libs slotgen-io: '$got', expected '$want'"
pkg-config --cflags slotgen-io | grep -q -- "-I$P/include/slotgen" ||
    fail "pkg-config --cflags slotgen-io lacks -I$P/include/slotgen"
for flag in -lyaml -lyajl -lm -pthread; do
    pkg-config --static --libs slotgen-io | tr ' ' '\n' | grep -qx -- "$flag" ||
        fail "pkg-config --static --libs slotgen-io lacks $flag"
done
[ "$(pkg-config --modversion slotgen-io)" = "$(pkg-config --modversion slotgen)" ] ||
    fail "slotgen-io.pc and slotgen.pc differ in version"

# Every option of --help appears in the man page, and the man page documents no other.
"$SLOTGEN" --help | grep '^ *-' | cut -c1-22 | grep -o -- '--\?[a-zA-Z][-a-zA-Z]*' | sort -u >"$T/help-opts"
sed 's/\\-/-/g; s/\\f[BIR]//g' "$P/share/man/man1/slotgen.1" | grep '^\.\(TP\|B\|BR\|BI\) *-' |
    grep -o -- '--\?[a-zA-Z][-a-zA-Z]*' | sort -u >"$T/man-opts"
diff -u "$T/help-opts" "$T/man-opts" || fail "the man page's options differ from --help"

# slotgen-schema(5): installed, its two schemas (SYNOPSIS and EXAMPLE) pass the installed
# slotgen's --check, and every key the JSON Schema knows (top level and class) is documented.
MAN5=$P/share/man/man5/slotgen-schema.5
for sec in SYNOPSIS EXAMPLE; do
    awk -v s=".SH $sec" '$0 == s { f = 1; next } f && /^\.nf/ { g = 1; next }
        g && /^\.fi/ { exit } g { print }' "$MAN5" | sed 's/\\(dq/"/g; s/\\-/-/g' >"$T/man5-$sec.yaml"
    [ -s "$T/man5-$sec.yaml" ] || fail "slotgen-schema.5 has no $sec schema"
    "$SLOTGEN" --check "$T/man5-$sec.yaml" || fail "slotgen-schema.5: its $sec schema fails --check"
done
python3 - "$P/share/slotgen/slotgen.schema.json" "$MAN5" <<'EOF' || fail "slotgen-schema.5 misses keys"
import json, re, sys
schema = json.load(open(sys.argv[1]))
man = open(sys.argv[2]).read()
keys = set(schema["properties"]) | set(schema["definitions"]["class"]["properties"])
documented = set(re.findall(r"^\.TP\n\.B (\w+)$", man, re.M))
missing = keys - documented
print("\n".join("not documented: " + k for k in sorted(missing)), file=sys.stderr)
sys.exit(1 if missing else 0)
EOF

say "JSON Schema accepts every good schema"
python3 -c 'import yaml, jsonschema' ||
    fail "JSON Schema: python3 with yaml and jsonschema is needed (run .ci/install-deps)"
python3 - "$P/share/slotgen/slotgen.schema.json" "$ROOT" <<'EOF' || fail "JSON Schema"
import glob, json, sys, yaml, jsonschema
# slotgen reads every mapping key as text, as JSON has only string keys: 'NULL: u8' names an
# attribute NULL, not a null key, so keys are loaded as the text they are.
class Loader(yaml.SafeLoader):
    pass
def mapping(loader, node):
    loader.flatten_mapping(node)  # merge keys, as SafeLoader does
    return {k.value if isinstance(k, yaml.ScalarNode) else loader.construct_object(k, deep=True):
            loader.construct_object(v, deep=True) for k, v in node.value}
Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
root = sys.argv[2]
files = [f for pat in ("schemas/*.yaml", "tests/schemas/*.yaml", "tests/data/good/*.yaml",
                       "examples/*/schemas/*.yaml") for f in glob.glob(f"{root}/{pat}")]
bad = [(f, e.message) for f in files for e in v.iter_errors(yaml.load(open(f), Loader))]
for f, m in bad:
    print(f"{f}: {m}", file=sys.stderr)
# and rejects a typo'd key and a bad layout
assert list(v.iter_errors({"slotgen": 1, "clases": {}}))
assert list(v.iter_errors({"slotgen": 1, "classes": {"A": {"layout": "pakced"}}}))
sys.exit(1 if bad or not files else 0)
EOF

# ---- 2b. libslotgen-io: examples/photo-feed through pkg-config and CMake -------------------

# feed_ok NAME PROGRAM: runs the photo-feed example on its three files (exit 1: bad.yaml has
# bad objects) and checks its round trips and located errors.
feed_ok() {
    st=0
    (cd "$IO" && "$2" photos.yaml photos.json bad.yaml) >"$T/feed.out" 2>&1 || st=$?
    [ "$st" = 1 ] || { cat "$T/feed.out"; fail "$1: photo_feed exited $st, expected 1"; }
    [ "$(grep -c 'loaded again: equal; saved again: the same bytes' "$T/feed.out")" = 3 ] ||
        { cat "$T/feed.out"; fail "$1: a round trip failed"; }
    grep -qx "bad.yaml:7:7: error: attribute 'id' of class 'Photo' must be a u32, got '-3'" \
        "$T/feed.out" || fail "$1: the located error is missing"
    grep -qx '  2 photos loaded, 4 bad ones skipped' "$T/feed.out" || fail "$1: bad.yaml"
}

say "libslotgen-io: examples/photo-feed against the install (pkg-config shared and static, CMake)"
IO=$T/photo-feed
mkdir -p "$IO"
for f in photo_feed.c photo_feed.yaml photos.yaml photos.json bad.yaml; do
    cp "$ROOT/examples/photo-feed/$f" "$IO/"
done
"$SLOTGEN" -o "$IO/gen" "$IO/photo_feed.yaml"
IOSRC="$IO/photo_feed.c $IO/gen/photo_feed.slot.c"
# shellcheck disable=SC2046,SC2086 # pkg-config's output and IOSRC are lists of words
cc -std=c11 -Wall -Wextra -Werror -I"$IO/gen" $(pkg-config --cflags slotgen-io) -o "$IO/shared" \
    $IOSRC $(pkg-config --libs slotgen-io) -Wl,-rpath,"$P/lib" || fail "pkg-config: build"
readelf -d "$IO/shared" | grep -q 'NEEDED.*\[libslotgen-io\.so\.2\]' ||
    fail "pkg-config: the program does not need libslotgen-io.so.2"
feed_ok "pkg-config, shared" "$IO/shared"
# Static: the two archives in place of -lslotgen-io -lslotgen, the rest from --static.
libs=$(pkg-config --static --libs slotgen-io |
    sed -E 's/-lslotgen-io( |$)/-l:libslotgen-io.a\1/; s/-lslotgen( |$)/-l:libslotgen.a\1/')
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Werror -I"$IO/gen" $(pkg-config --cflags slotgen-io) -o "$IO/static" \
    $IOSRC $libs || fail "pkg-config --static: build"
readelf -d "$IO/static" | grep -q 'NEEDED.*libslotgen' &&
    fail "pkg-config --static: the program still needs a shared libslotgen"
feed_ok "pkg-config, static" "$IO/static"
cat >"$IO/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(photo_feed C)
find_package(slotgen 2 CONFIG REQUIRED)
add_executable(photo_feed photo_feed.c)
slotgen_generate(TARGET photo_feed SCHEMAS photo_feed.yaml)
target_link_libraries(photo_feed PRIVATE slotgen::io)
CMAKE
{ cmake -S "$IO" -B "$IO/build" -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_FLAGS='-Wall -Wextra -Werror' &&
    cmake --build "$IO/build"; } >"$T/log" 2>&1 || { cat "$T/log"; fail "CMake slotgen::io: build"; }
feed_ok "CMake slotgen::io" "$IO/build/photo_feed"
# find_package(slotgen COMPONENTS io) is found; an unknown component is not.
for comp in io nosuch; do
    mkdir -p "$IO/comp-$comp"
    printf 'cmake_minimum_required(VERSION 3.20)\nproject(c C)\nfind_package(slotgen CONFIG REQUIRED COMPONENTS %s)\n' \
        "$comp" >"$IO/comp-$comp/CMakeLists.txt"
    st=0
    cmake -S "$IO/comp-$comp" -B "$IO/comp-$comp/b" -DCMAKE_PREFIX_PATH="$P" >"$T/log" 2>&1 || st=$?
    case $comp:$st in
    io:0 | nosuch:[1-9]*) ;;
    *) cat "$T/log"; fail "find_package(slotgen COMPONENTS $comp) exited $st" ;;
    esac
done

# ---- 3. the example projects, with incremental rebuilds --------------------------------------

# snap DIR: "file mtime" of every generated file under DIR.
snap() { (cd "$1" && find . -name '*.slot.[ch]' -printf '%P %T@\n' | sort); }
# osnap DIR: "object mtime" of every object file under DIR, named NAME.o (CMake's NAME.c.o too).
osnap() { (cd "$1" && find . -name '*.o' -printf '%f %T@\n' | sed 's/\.c\.o /.o /' | sort); }
# changed A B: the files whose mtime differs between two snaps, space-separated.
changed() { join "$1" "$2" | awk '$2 != $3 { printf "%s%s", sep, $1; sep = " " }'; }
# runs_of LOG: the schemas whose slotgen command ran, from a build log: every NAME.yaml
# named, but not a depfile NAME.yaml.d (which the grep -o must match whole to drop it).
runs_of() {
    grep -oE '[a-z]+\.yaml(\.d)?' "$1" | grep -v '\.d$' | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# incremental NAME SRC BUILD GEN BUILDCMD UPTODATECMD
#   SRC: the project's copy; BUILD: where the program and objects go; GEN: where its generated
#   files go; BUILDCMD builds (its output is the log); UPTODATECMD succeeds when the build
#   tool says nothing is to be done. main.c includes shapes.slot.h, which includes
#   geometry.slot.h: an edit of shapes.yaml must not recompile geometry.slot.o.
incremental() {
    name=$1 src=$2 bdir=$3 gen=$4 build=$5 uptodate=$6
    eval "$build" >"$T/log" 2>&1 || { cat "$T/log"; die "$name: first build"; }
    "$3/shapes" | grep -q '^wheel at (1.5, -1.25), radius 2.5, color 2, sizeof(Circle) 32' ||
        fail "$name: the example printed something else"
    check_step "$name" nothing "" "" ""
    sleep 1; printf '      %s\n' 'note: {type: "char[8]", default: hi, optional: true}' >>"$src/schemas/shapes.yaml"
    check_step "$name" "shapes.yaml edited" "shapes.yaml" "shapes.slot.c shapes.slot.h" \
        "main.o shapes.slot.o"
    sleep 1; printf '      %s\n' 'z: {type: f64, default: 3.0, optional: true}' >>"$src/schemas/geometry.yaml"
    # Point grows: shapes.slot.h's banner and struct change, and so does shapes.slot.c, whose
    # layout checks hold Circle's size and offsets (and sizeof(geo_Point)): both outputs are
    # rewritten, under Ninja (restat) as under Make.
    ch="geometry.slot.c geometry.slot.h shapes.slot.c shapes.slot.h"
    check_step "$name" "geometry.yaml (imported) edited" "geometry.yaml shapes.yaml" "$ch" \
        "geometry.slot.o main.o shapes.slot.o"
    "$3/shapes" | grep -q 'sizeof(Circle) 64,' || fail "$name: rebuilt example not updated"
    sleep 1; sed -i 's/^doc: Shared geometry.*/doc: Shared geometry, edited./' \
        "$src/schemas/geometry.yaml"
    case $name in
    *Ninja*) # restat: the importer's outputs kept their bytes, so they keep their mtime
        ch="geometry.slot.h" ;;
    *) ch="geometry.slot.c geometry.slot.h shapes.slot.c shapes.slot.h" ;;
    esac
    # Every object includes geometry.slot.h, directly or through shapes.slot.h.
    check_step "$name" "geometry.yaml doc edited" "geometry.yaml shapes.yaml" "$ch" \
        "geometry.slot.o main.o shapes.slot.o"
    check_step "$name" nothing "" "" ""
}

# check_step NAME WHAT RUNS CHANGED RECOMPILED: snap, build, compare what ran, which generated
# files changed and which objects were recompiled (by mtime); then the build tool must say
# up to date.
check_step() {
    snap "$gen" >"$T/before"
    osnap "$bdir" >"$T/obefore"
    eval "$build" >"$T/log" 2>&1 || { cat "$T/log"; die "$1: build after: $2"; }
    snap "$gen" >"$T/after"
    osnap "$bdir" >"$T/oafter"
    ran=$(runs_of "$T/log") ch=$(changed "$T/before" "$T/after")
    rc=$(changed "$T/obefore" "$T/oafter")
    printf '   %-20s %-32s slotgen ran for: %-24s regenerated: %s; recompiled: %s\n' \
        "$1" "$2:" "${ran:-nothing}" "${ch:-nothing}" "${rc:-nothing}"
    [ "$ran" = "$3" ] || fail "$1: $2: slotgen ran for '$ran', expected '$3'"
    [ "$ch" = "$4" ] || fail "$1: $2: regenerated '$ch', expected '$4'"
    [ "$rc" = "$5" ] || fail "$1: $2: recompiled '$rc', expected '$5'"
    eval "$uptodate" || fail "$1: $2: the build tool does not say up to date afterwards"
}

# doc_snippet DIR: the GNU Make block of docs/build-integration.md (the fenced block after the
# doc-make-snippet marker), verbatim, as DIR/Makefile, beside the make example's sources.
doc_snippet() {
    mkdir -p "$1"
    cp -R "$ROOT/examples/make-project/main.c" "$ROOT/examples/make-project/schemas" "$1/"
    awk '/^<!-- doc-make-snippet:/ { on = 1; next }
         on && /^```make$/ { body = 1; next }
         body && /^```$/ { exit }
         body' "$ROOT/docs/build-integration.md" >"$1/Makefile"
    grep -q '^include ' "$1/Makefile" || die "no Make snippet in docs/build-integration.md"
}

say "the Make snippet of docs/build-integration.md, verbatim"
doc_snippet "$T/doc-make"
M="make --no-print-directory -C $T/doc-make CFLAGS='-std=c11 -O1 -Wall -Wextra -Werror'"
LD_LIBRARY_PATH=$P/lib  # the snippet links without an rpath
export LD_LIBRARY_PATH
incremental "doc snippet" "$T/doc-make" "$T/doc-make" "$T/doc-make/gen" "$M" "$M -q"
unset LD_LIBRARY_PATH

say "examples/make-project (pkg-config, slotgen.mk)"
cp -R "$ROOT/examples/make-project" "$T/make-project"
rm -rf "$T/make-project/gen" "$T/make-project/shapes"
M="make --no-print-directory -C $T/make-project CFLAGS='-std=c11 -O1 -Wall -Wextra -Werror'"
incremental "make" "$T/make-project" "$T/make-project" "$T/make-project/gen" \
    "$M" "$M -q"

say "slotgen.mk with a schema in a subdirectory (gen/ mirrors schemas/)"
S=$T/subdir-project
mkdir -p "$S/schemas/geo"
printf 'slotgen: 1\nenums: {Color: [red, green]}\n' >"$S/schemas/base.yaml"
printf 'slotgen: 1\nimports: [../base.yaml]\nclasses:\n  Pt:\n    attributes: {x: f64, c: Color}\n' \
    >"$S/schemas/geo/pt.yaml"
cat >"$S/main.c" <<'EOF'
#include <stdio.h>
#include "geo/pt.slot.h"
int main(void)
{
    Pt *p = Pt_new(1.5, COLOR_GREEN);
    if (!p)
        return 1;
    printf("pt %g %d\n", Pt_x(p), (int)Pt_c(p));
    Pt_free(p);
    return 0;
}
EOF
cat >"$S/Makefile" <<'EOF'
SLOTGEN_OUT := gen
SLOTGEN_SRC := schemas
include $(shell pkg-config --variable=makefile slotgen)
CPPFLAGS += -I$(SLOTGEN_OUT) $(shell pkg-config --cflags slotgen)
LDLIBS   += $(shell pkg-config --libs slotgen) -Wl,-rpath,$(shell pkg-config --variable=libdir slotgen)
OBJS := main.o gen/geo/pt.slot.o gen/base.slot.o
pt: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(OBJS): | gen/geo/pt.slot.h gen/base.slot.h
EOF
M="make --no-print-directory -C $S CFLAGS='-std=c11 -O1 -Wall -Wextra -Werror'"
eval "$M" >"$T/log" 2>&1 || { cat "$T/log"; die "subdirectory schema: build"; }
[ -f "$S/gen/geo/pt.slot.h" ] && [ -f "$S/gen/geo@_pt.yaml.d" ] ||
    fail "subdirectory schema: expected gen/geo/pt.slot.h and gen/geo@_pt.yaml.d: $(ls -R "$S/gen")"
[ "$("$S/pt")" = "pt 1.5 1" ] || fail "subdirectory schema: the program printed '$("$S/pt")'"
eval "$M -q" || fail "subdirectory schema: not up to date after a build"
sleep 1; touch "$S/schemas/base.yaml"
eval "$M" >"$T/log" 2>&1 || { cat "$T/log"; die "subdirectory schema: rebuild"; }
ran=$(grep -o 'schemas/[a-z/]*\.yaml' "$T/log" | sort | tr '\n' ' ')
[ "$ran" = "schemas/base.yaml schemas/geo/pt.yaml " ] ||
    fail "subdirectory schema: base.yaml edited: slotgen ran for '$ran'"
eval "$M -q" || fail "subdirectory schema: not up to date after a rebuild"

for generator in "Unix Makefiles" Ninja; do
    say "examples/cmake-project (find_package, slotgen_generate), generator $generator"
    src=$T/cmake-project-$(echo "$generator" | tr -d ' ')
    cp -R "$ROOT/examples/cmake-project" "$src"
    b=$src/build
    cmake -S "$src" -B "$b" -G "$generator" -DCMAKE_PREFIX_PATH="$P" \
        -DCMAKE_C_FLAGS='-Wall -Wextra -Werror' >"$T/log" 2>&1 || { cat "$T/log"; die "cmake"; }
    if [ "$generator" = Ninja ]; then
        uptodate="ninja -C '$b' -n | grep -q 'no work to do'"
    else
        uptodate="! make --no-print-directory -C '$b' 2>&1 | grep -q 'slotgen [a-z]*\\.yaml\\|Building\\|Linking'"
    fi
    incremental "cmake $generator" "$src" "$b" "$b/slotgen" "cmake --build '$b'" "$uptodate"
done

# BINDIR and DATADIR apart from PREFIX: slotgen.mk must still find slotgen by itself.
say "make install BINDIR=<prefix2>/tools DATADIR=<prefix2>/data; Make without SLOTGEN"
P2=$T/prefix2
mk install PREFIX="$P2" BINDIR="$P2/tools" DATADIR="$P2/data" >/dev/null
grep -qx "SLOTGEN *?= $P2/tools/slotgen" "$P2/data/slotgen/slotgen.mk" ||
    fail "slotgen.mk does not name the installed slotgen"
cp -R "$ROOT/examples/make-project" "$T/make-project2"
rm -rf "$T/make-project2/gen" "$T/make-project2/shapes"
doc_snippet "$T/doc-make2"
for d in make-project2 doc-make2; do
    (unset SLOTGEN; PKG_CONFIG_PATH=$P2/lib/pkgconfig make --no-print-directory -C "$T/$d") \
        >"$T/log" 2>&1 || { cat "$T/log"; fail "$d: make, slotgen in BINDIR=<prefix2>/tools"; }
    grep -q "^$P2/tools/slotgen " "$T/log" || fail "$d: did not run $P2/tools/slotgen"
    LD_LIBRARY_PATH=$P2/lib "$T/$d/shapes" | grep -q '^wheel at ' || fail "$d: ./shapes"
done

# ---- 4. depfiles, reproducibility, write-only-when-changed --------------------------------

say "depfile: every output a target, every schema read a prerequisite"
D=$T/dep
mkdir -p "$D/in dir/sub" "$D/inc" "$D/out"
cp "$ROOT/examples/make-project/schemas/shapes.yaml" "$D/in dir/"
cp "$ROOT/examples/make-project/schemas/geometry.yaml" "$D/inc/"
printf 'slotgen: 1\nimports: [geometry.yaml]\nclasses:\n  Box: {attributes: {corner: Point}}\n' \
    >"$D/in dir/sub/box.yaml"
(cd "$D" && "$SLOTGEN" -o out -I inc -M out/all.d "in dir/shapes.yaml" "in dir/sub/box.yaml")
cat >"$T/want.d" <<'EOF'
out/shapes.slot.h out/shapes.slot.c out/box.slot.h out/box.slot.c: \
 in\ dir/shapes.yaml \
 inc/geometry.yaml \
 in\ dir/sub/box.yaml

in\ dir/shapes.yaml:

inc/geometry.yaml:

in\ dir/sub/box.yaml:
EOF
diff -u "$T/want.d" "$D/out/all.d" || fail "depfile content"
(cd "$D" && "$SLOTGEN" -o out -I inc -M out/one.d --dep-target stamp "in dir/sub/box.yaml")
head -1 "$D/out/one.d" | grep -qx 'stamp: \\' || fail "--dep-target"
# Make reads it: after an import is touched, the outputs are out of date.
printf 'include out/all.d\nout/box.slot.h:\n\t@echo regenerate\n' >"$D/Makefile"
(cd "$D" && make -q out/box.slot.h) || fail "make: depfile outputs not up to date"
sleep 1; touch "$D/inc/geometry.yaml"
if (cd "$D" && make -q out/box.slot.h); then fail "make: imported schema not a prerequisite"; fi

say "reproducible: working directory, path spelling, locale, time"
R=$T/repro
mkdir -p "$R/a/b" "$R/ref" "$R/o1" "$R/o2" "$R/o3" "$R/o4" "$R/o5"
cp "$ROOT/examples/make-project/schemas/"*.yaml "$R/a/b/"
ln -s "$R/a" "$R/link"
(cd "$R/a/b" && "$SLOTGEN" -o ../../ref shapes.yaml geometry.yaml)
(cd / && "$SLOTGEN" -o "$R/o1" "$R/a/b/shapes.yaml" "$R/a/b/geometry.yaml")
(cd "$R" && "$SLOTGEN" -o ./o2/ ./a/../a/b/shapes.yaml a//b/geometry.yaml)
(cd "$R/link" && "$SLOTGEN" -o "$R/o3" b/./shapes.yaml "$R/link/b/geometry.yaml")
(cd "$R/a" && SOURCE_DATE_EPOCH=1 TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 \
    "$SLOTGEN" -o "$R/o4" b/shapes.yaml b/geometry.yaml)
LOC=$T/locale
mkdir -p "$LOC"
# A locale with a ',' decimal point, built here so no system locale is needed; localedef exits
# 1 on mere warnings, so success is judged by the locale it wrote.
localedef -i de_DE -f UTF-8 "$LOC/de_DE.UTF-8" >"$T/localedef.log" 2>&1 || true
if [ -f "$LOC/de_DE.UTF-8/LC_NUMERIC" ]; then
    (cd "$R" && LOCPATH=$LOC LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 \
        "$SLOTGEN" -o o5 a/b/shapes.yaml a/b/geometry.yaml)
else
    cat "$T/localedef.log" >&2
    fail "localedef cannot build de_DE.UTF-8 (install the locales package: .ci/install-deps)"
fi
for o in o1 o2 o3 o4 o5; do
    diff -r "$R/ref" "$R/$o" >/dev/null || fail "output in $o differs from the reference"
done
grep -rq "$R" "$R/ref" && fail "generated files name a directory"
grep -qx '    0.5,' "$R/ref/geometry.slot.c" || fail "float default not in C notation"

# The library under a program that called setlocale(LC_ALL, "de_DE.UTF-8"): the probe exits 0
# for the same output, 1 for a different one, 77 when it cannot set the locale (a failure too).
# The compiler library links libslotgen-io and libslotgen (slotgen validate), hence yajl too.
YAML_LIBS=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
YAJL_LIBS=$(pkg-config --libs yajl 2>/dev/null || echo -lyajl)
# shellcheck disable=SC2086 # YAML_LIBS and YAJL_LIBS are lists of flags
cc -std=c11 -Wall -Wextra -Werror -I"$ROOT/compiler" -o "$T/locale_probe" \
    "$ROOT/tests/install/locale_probe.c" "$ROOT/$O/libsgc.a" "$ROOT/$O/libslotgen-io.a" \
    "$ROOT/$O/libslotgen.a" $YAML_LIBS $YAJL_LIBS -pthread -lm
probe=0
(cd "$R/a/b" && LOCPATH=$LOC "$T/locale_probe" geometry.yaml de_DE.UTF-8) || probe=$?
case $probe in
0) ;;
77) fail "locale_probe could not set de_DE.UTF-8" ;;
*) fail "sgc_compile depends on the caller's locale" ;;
esac

say "written only when changed"
before=$(stat -c '%n %.9Y' "$R/ref/"*)
sleep 1
(cd "$R/a/b" && "$SLOTGEN" -o ../../ref shapes.yaml geometry.yaml)
[ "$before" = "$(stat -c '%n %.9Y' "$R/ref/"*)" ] || fail "unchanged outputs were rewritten"
[ -z "$(find "$R/ref" -name '*tmp*')" ] || fail "a temporary file was left behind"
printf 'slotgen: 1\nclasses: {A: {attributes: {x: nosuchtype}}}\n' >"$R/a/b/shapes.yaml"
if (cd "$R/a/b" && "$SLOTGEN" -o ../../ref shapes.yaml 2>/dev/null); then fail "bad schema"; fi
[ "$before" = "$(stat -c '%n %.9Y' "$R/ref/"*)" ] || fail "a failed run touched outputs"

if [ "$FAILS" -ne 0 ]; then
    echo "install-test: $FAILS failure(s)" >&2
    exit 1
fi
say "all passed"
