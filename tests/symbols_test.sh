#!/bin/sh
# symbols_test.sh LIBSO HEADER [MIN] - a shared library exports exactly the functions HEADER
# declares: every one of them, and nothing else (no internal function or table of its
# modules). libslotgen.so against runtime/slotgen.h, libslotgen-io.so against
# runtime/slotgen-io.h. MIN (default 20): fewer declarations found means the pattern broke.
# Needs nm (Debian package binutils, in build-essential).
set -eu

so=$1
header=$2
min=${3:-20}
tmp=${TMPDIR:-/tmp}/sg-symbols.$$
trap 'rm -f "$tmp".*' EXIT

# Declared: lines starting a non-static, non-typedef declaration of an sg_ function.
grep -E '^[A-Za-z_][A-Za-z_0-9 ]*[ *]sg_[a-z0-9_]+\(' "$header" | grep -vE '^(static|typedef) ' |
    sed -E 's/.*[ *](sg_[a-z0-9_]+)\(.*/\1/' | sort -u >"$tmp.declared"
# Exported: every defined dynamic symbol, functions and data alike, but the linker's own.
nm -D --defined-only "$so" | awk '{print $3}' | grep -vE '^(_init|_fini|_edata|_end|__bss_start)$' |
    sort -u >"$tmp.exported"

n=$(wc -l <"$tmp.declared")
if [ "$n" -lt "$min" ]; then
    echo "symbols_test: only $n declarations found in $header: the pattern is broken" >&2
    exit 1
fi
if ! cmp -s "$tmp.declared" "$tmp.exported"; then
    echo "symbols_test: $so exports other names than $header declares" >&2
    echo "  < declared only, > exported only:" >&2
    diff "$tmp.declared" "$tmp.exported" | grep '^[<>]' | sed 's/^/  /' >&2
    exit 1
fi
echo "symbols_test: $so exports exactly the $n functions of $header"
