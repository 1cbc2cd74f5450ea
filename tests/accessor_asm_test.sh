#!/bin/sh
# accessor_asm_test.sh SLOTGEN RUNTIME_DIR [CC...] - the generated typed accessors cost exactly a
# member access: for each pair below, a function that calls a generated getter or setter and
# one that touches the member directly compile, at -O2, to the same instructions (objdump -d,
# addresses and raw bytes left out). Run with every C compiler given (default: cc). Needs
# objdump (Debian package binutils, in build-essential).
set -eu

slotgen=$1
runtime=$2
shift 2
[ $# -gt 0 ] || set -- cc
tmp=${TMPDIR:-/tmp}/sg-accessor-asm.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"

# One class of each accessor shape: scalars of several widths, a string, a char[N], an enum,
# a ref, an embedded class, an array, optional attributes (a presence bit), a packed class.
cat >"$tmp/acc.yaml" <<'EOF'
slotgen: 1
enums:
  Hue: [red, green, blue]
classes:
  Pt:
    slots: true
    attributes: {x: f64, y: f64}
  Rec:
    slots: true
    attributes:
      id: u32
      big: i64
      tiny: u8
      ok: bool
      ratio: f32
      name: string
      code: char[8]
      hue: Hue
      next: {type: ref Rec}
      at: Pt
      counts: u16[4]
      maybe: {type: u8, optional: true}
  Wire:
    layout: packed
    attributes: {kind: u8, length: u32}
EOF
"$slotgen" -o "$tmp" "$tmp/acc.yaml"

# Each pair: via_NAME calls the accessor, direct_NAME does what it should amount to.
cat >"$tmp/pairs.c" <<'EOF'
#include "acc.slot.h"

#define PAIR(type, name, args, via, direct) \
    type via_##name args;                   \
    type direct_##name args;                \
    type via_##name args { via; }           \
    type direct_##name args { direct; }

PAIR(uint32_t, get_u32, (const Rec *p), return Rec_id(p), return p->id)
PAIR(void, set_u32, (Rec *p, uint32_t v), Rec_set_id(p, v), p->id = v)
PAIR(int64_t, get_i64, (const Rec *p), return Rec_big(p), return p->big)
PAIR(void, set_i64, (Rec *p, int64_t v), Rec_set_big(p, v), p->big = v)
PAIR(uint8_t, get_u8, (const Rec *p), return Rec_tiny(p), return p->tiny)
PAIR(void, set_u8, (Rec *p, uint8_t v), Rec_set_tiny(p, v), p->tiny = v)
PAIR(bool, get_bool, (const Rec *p), return Rec_ok(p), return p->ok)
PAIR(void, set_bool, (Rec *p, bool v), Rec_set_ok(p, v), p->ok = v)
PAIR(float, get_f32, (const Rec *p), return Rec_ratio(p), return p->ratio)
PAIR(void, set_f32, (Rec *p, float v), Rec_set_ratio(p, v), p->ratio = v)
PAIR(const char *, get_string, (const Rec *p), return Rec_name(p), return p->name)
PAIR(sg_status, set_string, (Rec *p, const char *v), return Rec_set_name(p, v),
     return sg_str_replace(&p->name, v))
PAIR(const char *, get_chars, (const Rec *p), return Rec_code(p), return p->code)
PAIR(Hue, get_enum, (const Rec *p), return Rec_hue(p), return p->hue)
PAIR(void, set_enum, (Rec *p, Hue v), Rec_set_hue(p, v), p->hue = v)
PAIR(Rec *, get_ref, (const Rec *p), return Rec_next(p), return p->next)
PAIR(void, set_ref, (Rec *p, Rec *v), Rec_set_next(p, v), p->next = v)
PAIR(const Pt *, get_embedded, (const Rec *p), return Rec_at(p), return &p->at)
PAIR(double, get_nested, (const Rec *p), return Pt_y(Rec_at(p)), return p->at.y)
PAIR(Pt *, mut_embedded, (Rec *p), return Rec_at_mut(p), return &p->at)
PAIR(uint16_t, get_elem, (const Rec *p), return Rec_counts(p, 2), return p->counts[2])
PAIR(bool, has_optional, (const Rec *p), return Rec_has_maybe(p),
     return (p->sg_has[0] & 0x01) != 0)
PAIR(void, set_optional, (Rec *p, uint8_t v), Rec_set_maybe(p, v),
     p->maybe = v; p->sg_has[0] |= 0x01)
PAIR(uint32_t, get_packed, (const Wire *p), return Wire_length(p), return p->length)
PAIR(void, set_packed, (Wire *p, uint32_t v), Wire_set_length(p, v), p->length = v)
EOF
npairs=$(grep -c '^PAIR(' "$tmp/pairs.c")

# The instructions of each function of OBJ, one file per function under DIR: relocations
# shown (so a call names its target), symbolic addresses "<via_x+0x9>" dropped (they name
# the function itself), and the padding no-ops after the last instruction left out.
split_functions() {
    mkdir -p "$2"
    objdump -dr --no-show-raw-insn --no-addresses "$1" 2>/dev/null |
        awk -v dir="$2" '
            /^<[A-Za-z_0-9]+>:$/ { name = substr($1, 2, length($1) - 3); next }
            name != "" && NF == 0 { name = ""; next }
            { gsub(/<[^>]*>/, ""); sub(/^[ \t]+/, "") }
            name != "" && /^(data16 )*(cs )*(nop|xchg +%ax,%ax)/ { next }
            name != "" { print > (dir "/" name) }'
}

status=0
for cc in "$@"; do
    obj="$tmp/pairs-$cc.o"
    "$cc" -std=c11 -O2 -I"$runtime" -I"$tmp" -c -o "$obj" "$tmp/pairs.c"
    rm -rf "$tmp/fn"
    split_functions "$obj" "$tmp/fn"
    checked=0
    bad=0
    for via in "$tmp"/fn/via_*; do
        name=${via##*/via_}
        if ! cmp -s "$via" "$tmp/fn/direct_$name"; then
            echo "accessor_asm_test: $cc: the accessor of '$name' is not a member access:" >&2
            diff "$via" "$tmp/fn/direct_$name" | sed 's/^/  /' >&2 || true
            bad=1
        fi
        checked=$((checked + 1))
    done
    if [ "$checked" -ne "$npairs" ]; then
        echo "accessor_asm_test: $cc: compared $checked functions of $npairs: objdump output" \
             "not understood" >&2
        status=1
    elif [ "$bad" -ne 0 ]; then
        status=1
    else
        echo "accessor_asm_test: $cc -O2: $checked accessors compile to the instructions of a" \
             "direct member access"
    fi
done
exit $status
