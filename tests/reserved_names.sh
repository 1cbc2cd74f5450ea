#!/bin/sh
# reserved_names.sh - every name of compiler/names_reserved.inc (the C standard headers' and
# slotgen.h's names in every dialect, GNU macros such as 'linux' included) that is a valid
# attribute name, used as an attribute name: slotgen must accept the schema, and its output
# must build warning-free, alone and after every C standard header, with the constructor
# taking one argument per attribute, under gcc (GNU C17 with _GNU_SOURCE: the most macros),
# clang (C99), g++ (its default) and clang++ (C++11).
# A name the table misses, or a member slotgen fails to mangle, breaks one of these builds.
# usage: tests/reserved_names.sh path/to/slotgen   (from the source root)
set -eu
slotgen=$1
root=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slotgen-reserved.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# The valid attribute names of the table ('free', 'clone', ... need a c_name: All_free is the
# destructor, All_clone the clone function).
sed -n '/reserved_names\[\]/,/^};/p' compiler/names_reserved.inc | grep -o '"[A-Za-z_0-9]*"' |
    tr -d '"' | grep -v '^__\|^_[A-Z]\|^sg_' >"$tmp/names"
n=$(wc -l <"$tmp/names")
[ "$n" -gt 1000 ] || { echo "reserved_names.sh: only $n names read" >&2; exit 1; }
{
    printf 'slotgen: 1\nclasses:\n  All:\n    attributes:\n'
    sed -E 's/^(free|clone|copy|equal|hash)$/\1: {type: u8, c_name: \1_}/; /: \{/!s/$/: u8/;
            s/^/      /' "$tmp/names"
    printf '  Opt:\n    attributes:\n'
    sed -E 's/^(free|clone|copy|equal|hash)$/\1: {type: string, optional: true, c_name: \1_}/;
            /: \{/!s/$/: {type: string, optional: true}/; s/^/      /' "$tmp/names"
} >"$tmp/reserved.yaml"
"$slotgen" -o "$tmp" "$tmp/reserved.yaml"

{
    for h in assert complex ctype errno fenv float inttypes iso646 limits locale math setjmp \
             signal stdarg stdio stdlib tgmath time wchar wctype; do
        printf '#include <%s.h>\n' "$h"
    done
    printf '#include "reserved.slot.h"\n\nint main(void)\n{\n    All *a = All_new('
    sed 's/.*/1/' "$tmp/names" | paste -sd, -
    printf ');\n    Opt *o = Opt_new();\n    int ok = a && o && Opt_set_linux(o, "x") == SG_OK;\n'
    printf '    All_free(a);\n    Opt_free(o);\n    return !ok;\n}\n'
} >"$tmp/user.c"

strict="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wundef -Werror"
fails=0
for m in gcc:gnu17_GNU clang:c99 g++:default clang++:c++11; do
    cc=${m%%:*} std=${m#*:}
    case $std in
    default) flags= ;;
    *_GNU) flags="-std=${std%_GNU} -D_GNU_SOURCE" ;;
    *) flags=-std=$std ;;
    esac
    case $cc in *++) flags="$flags -x c++" ;; esac
    # shellcheck disable=SC2086
    if $cc $flags $strict -I"$root/runtime" -I"$tmp" -c -o "$tmp/s.o" "$tmp/reserved.slot.c" \
            2>"$tmp/err" &&
       $cc $flags $strict -Wno-pedantic -I"$root/runtime" -I"$tmp" -c -o "$tmp/u.o" \
            "$tmp/user.c" 2>>"$tmp/err"; then
        echo "== reserved names ($n attributes): $cc $flags: ok"
    else
        echo "== reserved names: $cc $flags: FAILED"
        head -20 "$tmp/err"
        fails=$((fails + 1))
    fi
done
[ "$fails" -eq 0 ]
